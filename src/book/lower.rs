//! One part's syntax trees -> the book's records, on the core that takes the part, before
//! any invoice is indexed: invoices with their customer and due date, payments with their
//! customer but their `invoice:` lines still as written, unmatched money; events are kept
//! as entries. The part's trees are freed as it is done, so a million entries' trees never
//! stand beside the records they became.

use chrono::NaiveDate;
use rustc_hash::FxHashSet as HashSet;

use super::assemble::BuildOptions;
use super::resolve::{positive, Resolver};
use super::{Bank, Book, CustomerId, Invoice, Payment, Unmatched};
use crate::diag::{Code, Diagnostic};
use crate::money::Money;
use crate::source::Span;
use crate::syntax::ast::{self, Block, Duration, Entry, EntryKind, Id, Spanned};
use crate::syntax::ParsedJournal;

/// The last date a journal can name; computed dates past it are E090, not `+10000-...`.
const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("ok: a valid date");

/// What a payment or credit note still needs once every customer and invoice is known.
pub(super) struct Pending<'s> {
    /// Its customer as written, resolved once every customer is known.
    pub(super) customer: Id<'s>,
    /// Its `invoice:` lines.
    pub(super) allocations: Vec<ast::Allocation<'s>>,
    /// Where its amount is written.
    pub(super) amount_span: Span,
    /// Its `reverses:`, resolved once every payment is known.
    pub(super) reverses: Option<Box<ast::Text<'s>>>,
    /// Its entry's place: in its part's entries until the customers are resolved, then its
    /// rank in model order.
    pub(super) rank: u32,
}

/// What an invoice still needs once every customer is known: its customer as written, and
/// what its problems point at.
pub(super) struct InvoiceLink<'s> {
    customer: Id<'s>,
    amount_span: Span,
    number_span: Span,
    due: Option<Spanned<NaiveDate>>,
}

/// One part's syntax trees lowered on the core that parsed it, before any customer is known
/// (a customer may be written after its entries, in a later part): the trees are freed as
/// the part is done, so a journal's trees are never all held at once. Records carry their
/// entry's place among the part's entries.
pub struct Lowered<'s> {
    /// The part's syntax problems, for the caller to report.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids declared by blocks that failed to parse.
    pub(super) poisoned: Vec<&'s str>,
    /// Customer blocks, in file order.
    pub(super) customers: Vec<ast::Customer<'s>>,
    /// The date of every entry, in file order.
    pub(super) dates: Vec<NaiveDate>,
    /// The numbers of invoices and credit notes.
    pub(super) numbers: Vec<(u32, Id<'s>)>,
    /// Invoices, their customer and due date not yet set.
    pub(super) invoices: Vec<(u32, Invoice)>,
    /// What each of `invoices` still needs.
    links: Vec<InvoiceLink<'s>>,
    /// Payments and credit notes, their customer not yet set.
    pub(super) payments: Vec<(Payment, Pending<'s>)>,
    /// Problems of unmatched money.
    pub(super) diags: Vec<(u32, Diagnostic)>,
    /// Money that belongs to no customer yet.
    pub(super) unmatched: Vec<(u32, Unmatched)>,
    /// Everything else, resolved once every invoice is indexed.
    pub(super) events: Vec<(u32, Entry<'s>)>,
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

/// A customer not yet known: set by [`Lowering::part`], which drops the records it is
/// left on.
const UNKNOWN: CustomerId = CustomerId(u32::MAX);

/// Lowers one parsed part (see [`Lowered`]), consuming its trees.
pub fn lower(parsed: ParsedJournal<'_>) -> Lowered<'_> {
    let ParsedJournal {
        blocks,
        diagnostics,
        poisoned,
    } = parsed;
    let mut out = Lowered {
        diagnostics,
        poisoned,
        customers: Vec::new(),
        dates: Vec::with_capacity(blocks.len()),
        numbers: Vec::new(),
        invoices: Vec::new(),
        links: Vec::new(),
        payments: Vec::new(),
        diags: Vec::new(),
        unmatched: Vec::new(),
        events: Vec::new(),
    };
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
    out.links.reserve_exact(invoices);
    out.numbers.reserve_exact(invoices + payments);
    out.payments.reserve_exact(payments);
    // Each block is moved out and freed as it is read, so the part's trees shrink while
    // its records grow.
    for block in blocks {
        let mut e = match block {
            Block::Entry(e) => e,
            Block::Customer(c) => {
                out.customers.push(*c);
                continue;
            }
            Block::Include(_) => continue,
        };
        let seq = out.dates.len() as u32;
        out.dates.push(e.date.node);
        match &e.kind {
            EntryKind::Invoice { number, .. } => {
                out.numbers.push((seq, *number));
                if let Some((i, link)) = invoice(&e) {
                    out.invoices.push((seq, i));
                    out.links.push(link);
                }
            }
            EntryKind::Payment { .. } | EntryKind::Credit { .. } => {
                if let EntryKind::Credit { number, .. } = &e.kind {
                    out.numbers.push((seq, *number));
                }
                out.payments.extend(payment(&mut e, seq));
            }
            EntryKind::Unmatched { .. } => {
                let mut found = Vec::new();
                out.unmatched.extend(unmatched(&e, &mut found).map(|u| (seq, u)));
                out.diags.extend(found.into_iter().map(|d| (seq, d)));
            }
            _ => out.events.push((seq, e)),
        }
    }
    out
}

/// What the second step of lowering reads: the book with every customer, the ids of
/// broken blocks, the rules' facts, and the rank of every entry.
pub(super) struct Lowering<'b> {
    pub(super) book: &'b Book,
    pub(super) poisoned: &'b HashSet<&'b str>,
    pub(super) opts: BuildOptions,
    pub(super) rank: &'b [u32],
}

impl Lowering<'_> {
    /// Resolves the customers of a lowered part, whose first entry is `first` in file order
    /// among all entries, and gives each record its rank; records of unknown customers are
    /// dropped (and reported).
    pub(super) fn part<'s>(&self, lowered: Lowered<'s>, first: usize) -> Part<'s> {
        let rank = |seq: &mut u32| *seq = self.rank[first + *seq as usize];
        let Lowered {
            mut numbers,
            mut invoices,
            links,
            mut payments,
            mut diags,
            mut unmatched,
            mut events,
            ..
        } = lowered;
        numbers.iter_mut().for_each(|(at, _)| rank(at));
        diags.iter_mut().for_each(|(at, _)| rank(at));
        unmatched.iter_mut().for_each(|(at, _)| rank(at));
        events.iter_mut().for_each(|(at, _)| rank(at));
        let mut found = Vec::new();
        let mut invoice_diags = Vec::new();
        let mut links = links.iter();
        invoices.retain_mut(|(at, i)| {
            rank(at);
            let mut r = Resolver {
                book: self.book,
                poisoned: self.poisoned,
                diags: &mut found,
            };
            let known = links
                .next()
                .is_some_and(|link| settle_invoice(&mut r, self.opts, i, link));
            invoice_diags.extend(found.drain(..).map(|d| (*at, d)));
            known
        });
        let mut unknown = Vec::new();
        let mut payment_diags = Vec::new();
        payments.retain_mut(|(p, pending)| {
            rank(&mut pending.rank);
            let at = pending.rank;
            let mut r = Resolver {
                book: self.book,
                poisoned: self.poisoned,
                diags: &mut found,
            };
            let Some(id) = r.customer(&pending.customer) else {
                unknown.extend(found.pop().map(|d| (at, pending.customer.node, d)));
                return false;
            };
            p.customer = id;
            match p.credit_note {
                Some(_) => {
                    let help = "a credit note lowers what is owed; money paid back to the customer is a `payment` with a negative amount";
                    positive(&Spanned::new(p.amount, pending.amount_span), "a credit note", help, &mut found);
                }
                None => not_zero(&Spanned::new(p.amount, pending.amount_span), &mut found),
            }
            payment_diags.extend(found.drain(..).map(|d| (at, d)));
            true
        });
        diags.append(&mut payment_diags);
        Part {
            numbers,
            invoices,
            invoice_diags,
            payments,
            unknown,
            diags,
            unmatched,
            events,
        }
    }
}

/// E090: an invoice whose terms put its due date past [`LAST_DATE`].
fn past_last_date(number: &str, at: Span, term: Duration, date: NaiveDate) -> Diagnostic {
    Diagnostic::new(
        Code::DateOutOfRange,
        format!("invoice `{number}` would be due after 9999-12-31 ({term} after {date})"),
    )
    .at(at)
    .label("due date out of range")
    .help("dates run from 0000-01-01 to 9999-12-31: check the invoice date and its terms")
}

/// The invoice entry `e` gives, with what it needs once its customer is known.
fn invoice<'s>(e: &Entry<'s>) -> Option<(Invoice, InvoiceLink<'s>)> {
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
    let invoice = Invoice {
        number: number.node.into(),
        customer: UNKNOWN,
        date: e.date.node,
        amount: amount.node,
        due: e.date.node,
        // The invoice's own term for now: `settle_invoice` sets what the due date came from.
        terms: terms.map(|t| t.node),
        reference: reference.as_ref().map(|r| r.node.as_ref().into()),
        reference_span: reference.as_ref().map(|r| r.span),
        memo: e.memo.as_ref().map(|m| m.node.as_ref().into()),
        span: e.span,
    };
    let link = InvoiceLink {
        customer: *customer,
        amount_span: amount.span,
        number_span: number.span,
        due: *due,
    };
    Some((invoice, link))
}

/// Sets the customer and due date of `i`; false when its customer is unknown. Its problems
/// go to `r`.
fn settle_invoice(r: &mut Resolver<'_, '_>, opts: BuildOptions, i: &mut Invoice, link: &InvoiceLink<'_>) -> bool {
    let Some(customer) = r.customer(&link.customer) else {
        return false;
    };
    positive(
        &Spanned::new(i.amount, link.amount_span),
        "an invoice",
        "to lower what is owed, issue a `credit` note",
        r.diags,
    );
    let cust = r.book.customer(customer);
    let term = i.terms.or(cust.terms).unwrap_or(opts.default_terms);
    let due_date = match link.due {
        Some(d) if d.node < i.date => {
            r.diags.push(
                Diagnostic::new(
                    Code::DueBeforeDate,
                    format!("invoice `{}` is due before it is issued", i.number),
                )
                .at(d.span)
                .label(format!("before the invoice date {}", i.date))
                .help("the due date must be on or after the invoice date"),
            );
            d.node
        }
        Some(d) => d.node,
        None => match term.after(i.date).filter(|d| *d <= LAST_DATE) {
            Some(d) => d,
            None => {
                r.diags.push(past_last_date(&i.number, link.number_span, term, i.date));
                i.date
            }
        },
    };
    i.customer = customer;
    i.due = due_date;
    i.terms = link.due.is_none().then_some(term);
    true
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

/// A `payment` or `credit` entry (the `seq`th of its part) with its customer and its
/// `invoice:` lines pending.
fn payment<'s>(e: &mut Entry<'s>, seq: u32) -> Option<(Payment, Pending<'s>)> {
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
        _ => return None,
    };
    let mut p = Payment {
        credit_note: number.map(Into::into),
        customer: UNKNOWN,
        date: e.date.node,
        amount: amount.node,
        allocations: Vec::new(),
        reference: reference.as_ref().map(|t| t.node.as_ref().into()),
        bank: None,
        memo: e.memo.as_ref().map(|t| t.node.as_ref().into()),
        span: e.span,
    };
    let mut pending = Pending {
        customer,
        allocations: std::mem::take(allocations),
        amount_span: amount.span,
        reverses: None,
        rank: seq,
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
    Some((p, pending))
}

/// An `unmatched` entry: money in that names no customer, so nothing to resolve.
fn unmatched(e: &Entry<'_>, diags: &mut Vec<Diagnostic>) -> Option<Unmatched> {
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
    positive(amount, "an `unmatched` entry", help, diags);
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
