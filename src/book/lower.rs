//! One part's syntax trees -> the book's records, on the core that takes the part, before
//! any invoice is indexed: invoices with their customer and due date, payments with their
//! customer but their `invoice:` lines still as written, unmatched money; events are kept
//! as entries. The part's trees are freed as it is done, so a million entries' trees never
//! stand beside the records they became.

use std::borrow::Cow;

use chrono::NaiveDate;
use rustc_hash::FxHashSet as HashSet;

use super::assemble::BuildOptions;
use super::resolve::{positive, Resolver};
use super::{Bank, Book, Invoice, Payment, Unmatched};
use crate::diag::{Code, Diagnostic};
use crate::money::Money;
use crate::source::Span;
use crate::syntax::ast::{self, Block, Duration, Entry, EntryKind, Id, Spanned, Text};

/// The last date a journal can name; computed dates past it are E090, not `+10000-...`.
const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("ok: a valid date");

/// What a payment or credit note still needs once every invoice is indexed.
pub(super) struct Pending<'s> {
    /// Its `invoice:` lines.
    pub(super) allocations: Vec<ast::Allocation<'s>>,
    /// Where its amount is written.
    pub(super) amount_span: Span,
    /// Its `reverses:`, resolved once every payment is known.
    pub(super) reverses: Option<Box<ast::Text<'s>>>,
    /// Its entry's rank.
    pub(super) rank: u32,
}

/// One part lowered. Every record and problem carries its entry's rank: its place in model
/// order among all entries.
#[derive(Default)]
pub(super) struct Part<'s> {
    /// The numbers of invoices and credit notes, claimed in model order later.
    pub(super) numbers: Vec<(u32, Id<'s>)>,
    /// Invoices with a known customer.
    pub(super) invoices: Vec<(u32, Invoice)>,
    /// Problems of invoices: reported unless the invoice uses a number again.
    pub(super) invoice_diags: Vec<(u32, Diagnostic)>,
    /// Payments and credit notes with a known customer.
    pub(super) payments: Vec<(Payment, Pending<'s>)>,
    /// Unknown customers of payments and credit notes: reported unless the id is a number
    /// used twice (such names are left unreported, as with a broken block's).
    pub(super) unknown: Vec<(u32, &'s str, Diagnostic)>,
    /// Problems of payments, credit notes and unmatched money.
    pub(super) diags: Vec<(u32, Diagnostic)>,
    /// Money that belongs to no customer yet.
    pub(super) unmatched: Vec<(u32, Unmatched)>,
    /// Everything else, resolved once every invoice is indexed.
    pub(super) events: Vec<(u32, Entry<'s>)>,
}

/// What lowering reads: the book with every customer, the ids of broken blocks, the
/// rules' facts, and the rank of every entry.
pub(super) struct Lowering<'b> {
    pub(super) book: &'b Book,
    pub(super) poisoned: &'b HashSet<&'b str>,
    pub(super) opts: BuildOptions,
    pub(super) rank: &'b [u32],
}

impl Lowering<'_> {
    /// Lowers `blocks`, whose first entry is `first` in file order among all entries.
    pub(super) fn part<'s>(&self, mut blocks: Vec<Block<'s>>, first: usize) -> Part<'s> {
        let mut out = Part::default();
        // Sized once: growing by doubling copied every record two times over.
        let (mut invoices, mut payments) = (0, 0);
        for b in &blocks {
            match b {
                Block::Entry(Entry {
                    kind: EntryKind::Invoice { .. },
                    ..
                }) => invoices += 1,
                Block::Entry(Entry {
                    kind: EntryKind::Payment { .. } | EntryKind::Credit { .. },
                    ..
                }) => payments += 1,
                _ => {}
            }
        }
        out.invoices.reserve_exact(invoices);
        out.numbers.reserve_exact(invoices + payments);
        out.payments.reserve_exact(payments);
        let mut found = Vec::new();
        // Entries are read in place (a tree is as large as a record, and moving each would
        // copy it): only what outlives the trees, events and `invoice:` lines, is taken out.
        let entries = blocks.iter_mut().filter(|b| matches!(b, Block::Entry(_)));
        for (seq, block) in (first..).zip(entries) {
            let at = self.rank[seq];
            let Block::Entry(e) = block else { continue };
            let mut r = Resolver {
                book: self.book,
                poisoned: self.poisoned,
                diags: &mut found,
            };
            match &e.kind {
                EntryKind::Invoice { number, .. } => {
                    out.numbers.push((at, *number));
                    out.invoices.extend(invoice(&mut r, self.opts, e).map(|i| (at, i)));
                    out.invoice_diags.extend(found.drain(..).map(|d| (at, d)));
                    continue;
                }
                EntryKind::Payment { .. } | EntryKind::Credit { .. } => {
                    if let EntryKind::Credit { number, .. } = &e.kind {
                        out.numbers.push((at, *number));
                    }
                    match payment(&mut r, e, at) {
                        Ok(p) => out.payments.push(p),
                        Err(customer) => out.unknown.extend(found.pop().map(|d| (at, customer, d))),
                    }
                }
                EntryKind::Unmatched { .. } => out.unmatched.extend(unmatched(&mut r, e).map(|u| (at, u))),
                _ => {
                    let taken = std::mem::replace(block, Block::Include(Text::new(Cow::Borrowed(""), Span::default())));
                    if let Block::Entry(e) = taken {
                        out.events.push((at, e));
                    }
                    continue;
                }
            }
            out.diags.extend(found.drain(..).map(|d| (at, d)));
        }
        out
    }
}

/// E090: an invoice whose terms put its due date past [`LAST_DATE`].
fn past_last_date(number: &Id<'_>, term: Duration, date: NaiveDate) -> Diagnostic {
    Diagnostic::new(
        Code::DateOutOfRange,
        format!(
            "invoice `{}` would be due after 9999-12-31 ({term} after {date})",
            number.node
        ),
    )
    .at(number.span)
    .label("due date out of range")
    .help("dates run from 0000-01-01 to 9999-12-31: check the invoice date and its terms")
}

/// The invoice entry `e` gives, unless its customer is unknown; its problems go to `r`.
fn invoice(r: &mut Resolver<'_, '_>, opts: BuildOptions, e: &Entry<'_>) -> Option<Invoice> {
    let EntryKind::Invoice {
        number,
        customer,
        amount,
        due,
        terms,
        reference,
    } = &e.kind
    else {
        return None;
    };
    let customer = r.customer(customer)?;
    positive(
        amount,
        "an invoice",
        "to lower what is owed, issue a `credit` note",
        r.diags,
    );
    let cust = r.book.customer(customer);
    let term = terms.map(|t| t.node).or(cust.terms).unwrap_or(opts.default_terms);
    let due_date = match due {
        Some(d) if d.node < e.date.node => {
            r.diags.push(
                Diagnostic::new(
                    Code::DueBeforeDate,
                    format!("invoice `{}` is due before it is issued", number.node),
                )
                .at(d.span)
                .label(format!("before the invoice date {}", e.date.node))
                .help("the due date must be on or after the invoice date"),
            );
            d.node
        }
        Some(d) => d.node,
        None => match term.after(e.date.node).filter(|d| *d <= LAST_DATE) {
            Some(d) => d,
            None => {
                r.diags.push(past_last_date(number, term, e.date.node));
                e.date.node
            }
        },
    };
    Some(Invoice {
        number: number.node.into(),
        customer,
        date: e.date.node,
        amount: amount.node,
        due: due_date,
        terms: due.is_none().then_some(term),
        reference: reference.as_ref().map(|r| r.node.as_ref().into()),
        reference_span: reference.as_ref().map(|r| r.span),
        memo: e.memo.as_ref().map(|m| m.node.as_ref().into()),
        span: e.span,
    })
}

/// E021 for a payment of nothing: a negative payment is money going back, zero is a slip.
fn not_zero(amount: &Spanned<Money>, diags: &mut Vec<Diagnostic>) {
    if amount.node.amount.is_zero() {
        diags.push(
            Diagnostic::new(Code::NotPositive, "the amount of a payment must not be zero")
                .at(amount.span)
                .label("zero")
                .help("record money received as a positive amount, money paid back (a refund, a bounced debit) as a negative one"),
        );
    }
}

/// A `payment` or `credit` entry with its customer resolved and its `invoice:` lines
/// pending (its entry's rank is `rank`); `Err` with the customer's id when it names no
/// customer.
fn payment<'s>(r: &mut Resolver<'_, '_>, e: &mut Entry<'s>, rank: u32) -> Result<(Payment, Pending<'s>), &'s str> {
    let (number, customer, amount, allocations, reference) = match &mut e.kind {
        EntryKind::Payment {
            customer,
            amount,
            allocations,
            reference,
            ..
        } => (None, *customer, *amount, allocations, reference),
        EntryKind::Credit {
            number,
            customer,
            amount,
            allocations,
            reference,
        } => (Some(number.node), *customer, *amount, allocations, reference),
        _ => return Err(""),
    };
    let Some(id) = r.customer(&customer) else {
        return Err(customer.node);
    };
    match number {
        Some(_) => {
            let help = "a credit note lowers what is owed; money paid back to the customer is a `payment` with a negative amount";
            positive(&amount, "a credit note", help, r.diags);
        }
        None => not_zero(&amount, r.diags),
    }
    let mut p = Payment {
        credit_note: number.map(Into::into),
        customer: id,
        date: e.date.node,
        amount: amount.node,
        allocations: Vec::new(),
        reference: reference.as_ref().map(|t| t.node.as_ref().into()),
        bank: None,
        memo: e.memo.as_ref().map(|t| t.node.as_ref().into()),
        span: e.span,
    };
    let mut pending = Pending {
        allocations: std::mem::take(allocations),
        amount_span: amount.span,
        reverses: None,
        rank,
    };
    if let EntryKind::Payment {
        reverses,
        bank_id,
        iban: account,
        matched_by,
        ..
    } = &mut e.kind
    {
        let bank = Bank {
            reverses: None,
            reverses_span: reverses.as_ref().map(|t| t.span),
            bank_id: bank_id.as_ref().map(|t| t.node.as_ref().into()),
            bank_id_span: bank_id.as_ref().map(|t| t.span),
            iban: account.as_ref().map(|t| super::assemble::iban(&t.node)),
            matched_by: matched_by.map(|m| m.node),
        };
        p.bank = (bank != Bank::default()).then(|| Box::new(bank));
        pending.reverses = reverses.take();
    }
    Ok((p, pending))
}

/// An `unmatched` entry: money in that names no customer, so nothing to resolve.
fn unmatched(r: &mut Resolver<'_, '_>, e: &Entry<'_>) -> Option<Unmatched> {
    let EntryKind::Unmatched {
        amount,
        bank_id,
        iban: account,
        name,
    } = &e.kind
    else {
        return None;
    };
    let help = "an `unmatched` entry records money received; money going out is not recorded";
    positive(amount, "an `unmatched` entry", help, r.diags);
    Some(Unmatched {
        date: e.date.node,
        amount: amount.node,
        bank_id: bank_id.as_ref().map(|t| t.node.as_ref().into()),
        iban: account.as_ref().map(|t| super::assemble::iban(&t.node)),
        name: name.as_ref().map(|t| t.node.to_string()),
        memo: e.memo.as_ref().map(|t| t.node.to_string()),
        span: e.span,
        bank_id_span: bank_id.as_ref().map(|t| t.span),
    })
}
