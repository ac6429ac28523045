//! One part's syntax trees -> the book's records, on the core that takes the part, before
//! any invoice is indexed: invoices with their customer and due date, payments with their
//! customer but their `invoice:` lines still as written, unmatched money; events are kept
//! as entries. The part's trees are freed as it is done, so a million entries' trees never
//! stand beside the records they became.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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

/// A customer as an entry names it: by its place in its part's [`Lowered::names`], and
/// where it is written.
#[derive(Clone, Copy)]
pub(super) struct Named {
    name: u32,
    span: Span,
}

/// What a payment or credit note still needs once every customer and invoice is known.
pub(super) struct Pending<'s> {
    /// Its customer, resolved once every customer is known.
    customer: Named,
    /// Its `invoice:` lines: where they are in its part's `allocations`.
    pub(super) allocations: std::ops::Range<u32>,
    /// Where its amount is written.
    pub(super) amount_span: Span,
    /// Its `reverses:`, resolved once every payment is known.
    pub(super) reverses: Option<Box<ast::Text<'s>>>,
    /// Its entry's place: in its part's entries until the customers are resolved, then its
    /// rank in model order.
    pub(super) rank: u32,
}

/// What an invoice still needs once every customer is known.
struct InvoiceLink {
    /// The invoice's entry's place among its part's entries.
    seq: u32,
    customer: Named,
    /// Whether `due:` gave the due date (else its terms do, which may be the customer's).
    due_given: bool,
}

/// One part's syntax trees lowered on the core that parsed it, before any customer is known
/// (a customer may be written after its entries, in a later part): the trees are freed as
/// the part is done, so a journal's trees are never all held at once. Records carry their
/// entry's place among the part's entries; what depends on the customer waits for
/// [`Lowering::part`].
pub struct Lowered<'s> {
    /// The part's syntax problems, for the caller to report.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids declared by blocks that failed to parse.
    pub(super) poisoned: Vec<&'s str>,
    /// Customer blocks, in file order.
    pub(super) customers: Vec<ast::Customer<'s>>,
    /// The customer ids entries name, each once: looked up once per part, not per entry.
    names: Vec<&'s str>,
    /// The day of every entry's date, in file order (see [`super::order::day`]).
    pub(super) days: Vec<i32>,
    /// The numbers of invoices and credit notes.
    pub(super) numbers: Vec<(u32, Id<'s>)>,
    /// Invoices, their customer not yet set, nor their due date unless `due:` gave it.
    invoices: Vec<Invoice>,
    /// What each of `invoices` still needs.
    links: Vec<InvoiceLink>,
    /// Problems of invoices (by place in `invoices`), reported if their customer is known.
    held: Vec<(u32, Diagnostic)>,
    /// Payments and credit notes, their customer not yet set.
    payments: Vec<(Payment, Pending<'s>)>,
    /// The `invoice:` lines of every payment and credit note, in one vector (one per
    /// payment was an allocation each that outlived the trees).
    allocations: Vec<ast::Allocation<'s>>,
    /// Problems of unmatched money.
    diags: Vec<(u32, Diagnostic)>,
    /// Money that belongs to no customer yet.
    unmatched: Vec<(u32, Unmatched)>,
    /// Everything else, resolved once every invoice is indexed.
    events: Vec<(u32, Entry<'s>)>,
}

/// One part lowered. Every record and problem carries its entry's rank: its place in model
/// order among all entries.
#[derive(Default)]
pub(super) struct Part<'s> {
    /// The numbers of invoices and credit notes, claimed in model order later.
    pub(super) numbers: Vec<(u32, Id<'s>)>,
    /// Invoices with a known customer.
    pub(super) invoices: Vec<Invoice>,
    /// The rank of each of `invoices`.
    pub(super) invoice_ranks: Vec<u32>,
    /// Problems of invoices: reported unless the invoice uses a number again.
    pub(super) invoice_diags: Vec<(u32, Diagnostic)>,
    /// Payments and credit notes with a known customer.
    pub(super) payments: Vec<(Payment, Pending<'s>)>,
    /// Their `invoice:` lines (see [`Pending::allocations`]).
    pub(super) allocations: Vec<ast::Allocation<'s>>,
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

/// What a block taken out of a part's trees leaves.
const NOTHING: Block<'static> = Block::Include(Spanned {
    node: std::borrow::Cow::Borrowed(""),
    span: Span {
        file: crate::source::FileId(0),
        start: 0,
        end: 0,
    },
});

/// Lowers one parsed part (see [`Lowered`]), consuming its trees.
pub fn lower<'s>(parsed: ParsedJournal<'s>) -> Lowered<'s> {
    let ParsedJournal {
        mut blocks,
        diagnostics,
        poisoned,
    } = parsed;
    let mut out = Lowered {
        diagnostics,
        poisoned,
        customers: Vec::new(),
        names: Vec::new(),
        days: Vec::with_capacity(blocks.len()),
        numbers: Vec::new(),
        invoices: Vec::new(),
        links: Vec::new(),
        held: Vec::new(),
        payments: Vec::new(),
        allocations: Vec::new(),
        diags: Vec::new(),
        unmatched: Vec::new(),
        events: Vec::new(),
    };
    // Sized once: growing by doubling copied every record two times over.
    let (mut invoices, mut payments, mut credits, mut lines) = (0, 0, 0, 0);
    for b in &blocks {
        match b {
            Block::Entry(Entry {
                kind: EntryKind::Invoice { .. },
                ..
            }) => invoices += 1,
            Block::Entry(Entry {
                kind: EntryKind::Payment { allocations, .. },
                ..
            }) => (payments, lines) = (payments + 1, lines + allocations.len()),
            Block::Entry(Entry {
                kind: EntryKind::Credit { allocations, .. },
                ..
            }) => (credits, lines) = (credits + 1, lines + allocations.len()),
            _ => {}
        }
    }
    out.invoices.reserve_exact(invoices);
    out.links.reserve_exact(invoices);
    // Only invoices and credit notes have a number (room for every payment's was 26 MB
    // unused at a million entries).
    out.numbers.reserve_exact(invoices + credits);
    out.payments.reserve_exact(payments + credits);
    out.allocations.reserve_exact(lines);
    let mut names: HashMap<&'s str, u32> = HashMap::default();
    let mut name = |id: &Id<'s>| {
        let next = names.len() as u32;
        Named {
            name: *names.entry(id.node).or_insert(next),
            span: id.span,
        }
    };
    let mut found = Vec::new();
    // Blocks are read in place (a tree is as large as a record, and moving each would copy
    // it): only what outlives the trees, customers and events, is taken out.
    for block in &mut blocks {
        let e = match block {
            Block::Entry(e) => e,
            Block::Customer(_) => {
                if let Block::Customer(c) = std::mem::replace(block, NOTHING) {
                    out.customers.push(*c);
                }
                continue;
            }
            Block::Include(_) => continue,
        };
        let seq = out.days.len() as u32;
        out.days.push(super::order::day(e.date.node));
        match &e.kind {
            EntryKind::Invoice { number, customer, .. } => {
                out.numbers.push((seq, *number));
                let customer = name(customer);
                if let Some((i, due_given)) = invoice(e, &mut found) {
                    let at = out.invoices.len() as u32;
                    out.held.extend(found.drain(..).map(|d| (at, d)));
                    out.invoices.push(i);
                    out.links.push(InvoiceLink {
                        seq,
                        customer,
                        due_given,
                    });
                }
            }
            EntryKind::Payment { customer, .. } | EntryKind::Credit { customer, .. } => {
                if let EntryKind::Credit { number, .. } = &e.kind {
                    out.numbers.push((seq, *number));
                }
                let customer = name(customer);
                out.payments.extend(payment(e, customer, seq, &mut out.allocations));
            }
            EntryKind::Unmatched { .. } => {
                out.unmatched.extend(unmatched(e, &mut found).map(|u| (seq, u)));
                out.diags.extend(found.drain(..).map(|d| (seq, d)));
            }
            _ => {
                if let Block::Entry(e) = std::mem::replace(block, NOTHING) {
                    out.events.push((seq, e));
                }
            }
        }
    }
    let mut ordered: Vec<(&str, u32)> = names.into_iter().collect();
    ordered.sort_unstable_by_key(|(_, i)| *i);
    out.names = ordered.into_iter().map(|(n, _)| n).collect();
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
            names,
            mut numbers,
            mut invoices,
            links,
            held,
            mut payments,
            allocations,
            mut diags,
            mut unmatched,
            mut events,
            ..
        } = lowered;
        diags.iter_mut().for_each(|(at, _)| rank(at));
        unmatched.iter_mut().for_each(|(at, _)| rank(at));
        events.iter_mut().for_each(|(at, _)| rank(at));
        let known: Vec<Option<CustomerId>> = names.iter().map(|n| self.book.customer_id(n)).collect();
        // The customer an entry names; unknown, its problem (if any) goes to `found`.
        let customer = |named: Named, found: &mut Vec<Diagnostic>| {
            known[named.name as usize].or_else(|| {
                let mut r = Resolver {
                    book: self.book,
                    poisoned: self.poisoned,
                    diags: found,
                };
                r.customer(&Id::new(names[named.name as usize], named.span))
            })
        };
        let mut found = Vec::new();
        let mut invoice_diags = Vec::new();
        let mut held = held.into_iter().peekable();
        let mut links = links.iter().zip(0u32..);
        let mut invoice_ranks = Vec::with_capacity(invoices.len());
        invoices.retain_mut(|i| {
            let Some((link, this)) = links.next() else {
                return false;
            };
            let mut at = link.seq;
            rank(&mut at);
            let id = customer(link.customer, &mut found);
            while let Some((_, d)) = held.next_if(|(j, _)| *j == this) {
                found.extend(id.map(|_| d));
            }
            if let Some(id) = id {
                i.customer = id;
                if !link.due_given {
                    let head = i.span;
                    let number_span = || {
                        let k = numbers.binary_search_by_key(&link.seq, |(s, _)| *s);
                        k.map_or(head, |k| numbers[k].1.span)
                    };
                    self.set_due(i, number_span, &mut found);
                }
                invoice_ranks.push(at);
            }
            invoice_diags.extend(found.drain(..).map(|d| (at, d)));
            id.is_some()
        });
        numbers.iter_mut().for_each(|(at, _)| rank(at));
        let mut unknown = Vec::new();
        let mut payment_diags = Vec::new();
        payments.retain_mut(|(p, pending)| {
            rank(&mut pending.rank);
            let at = pending.rank;
            let Some(id) = customer(pending.customer, &mut found) else {
                let name = names[pending.customer.name as usize];
                unknown.extend(found.pop().map(|d| (at, name, d)));
                return false;
            };
            p.customer = id;
            let amount = Spanned::new(p.amount, pending.amount_span);
            match p.credit_note {
                Some(_) => {
                    let help = "a credit note lowers what is owed; money paid back to the customer is a `payment` with a negative amount";
                    positive(&amount, "a credit note", help, &mut found);
                }
                None => not_zero(&amount, &mut found),
            }
            payment_diags.extend(found.drain(..).map(|d| (at, d)));
            true
        });
        diags.append(&mut payment_diags);
        Part {
            numbers,
            invoices,
            invoice_ranks,
            invoice_diags,
            payments,
            allocations,
            unknown,
            diags,
            unmatched,
            events,
        }
    }

    /// The due date and terms of invoice `i` without `due:`, from its terms, else its
    /// customer's, else the rules' default; past [`LAST_DATE`] is E090 at its number.
    fn set_due(&self, i: &mut Invoice, number_span: impl FnOnce() -> Span, found: &mut Vec<Diagnostic>) {
        let term = i
            .terms
            .or(self.book.customer(i.customer).terms)
            .unwrap_or(self.opts.default_terms);
        i.due = match term.after(i.date).filter(|d| *d <= LAST_DATE) {
            Some(d) => d,
            None => {
                found.push(past_last_date(&i.number, number_span(), term, i.date));
                i.date
            }
        };
        i.terms = Some(term);
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

/// The invoice entry `e` gives, before its customer is known (which may give its due
/// date), and whether `due:` gave its due date; its problems go to `found`.
fn invoice(e: &Entry<'_>, found: &mut Vec<Diagnostic>) -> Option<(Invoice, bool)> {
    let EntryKind::Invoice {
        number,
        amount,
        due,
        terms,
        reference,
        ..
    } = &e.kind
    else {
        return None;
    };
    positive(
        amount,
        "an invoice",
        "to lower what is owed, issue a `credit` note",
        found,
    );
    if let Some(d) = due.filter(|d| d.node < e.date.node) {
        found.push(
            Diagnostic::new(
                Code::DueBeforeDate,
                format!("invoice `{}` is due before it is issued", number.node),
            )
            .at(d.span)
            .label(format!("before the invoice date {}", e.date.node))
            .help("the due date must be on or after the invoice date"),
        );
    }
    let invoice = Invoice {
        number: number.node.into(),
        customer: UNKNOWN,
        date: e.date.node,
        amount: amount.node,
        due: due.map_or(e.date.node, |d| d.node),
        // The invoice's own term for now; set to what the due date came from with it.
        terms: match due {
            Some(_) => None,
            None => terms.map(|t| t.node),
        },
        reference: reference.as_ref().map(|r| r.node.as_ref().into()),
        reference_span: reference.as_ref().map(|r| r.span),
        memo: e.memo.as_ref().map(|m| m.node.as_ref().into()),
        span: e.span,
    };
    Some((invoice, due.is_some()))
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

/// A `payment` or `credit` entry (the `seq`th of its part) with its customer (named
/// `customer`) and its `invoice:` lines pending (moved to the end of `lines`).
fn payment<'s>(
    e: &mut Entry<'s>,
    customer: Named,
    seq: u32,
    lines: &mut Vec<ast::Allocation<'s>>,
) -> Option<(Payment, Pending<'s>)> {
    let (number, amount, allocations, reference) = match &mut e.kind {
        EntryKind::Payment {
            amount,
            allocations,
            reference,
            ..
        } => (None, *amount, allocations, reference),
        EntryKind::Credit {
            number,
            amount,
            allocations,
            reference,
            ..
        } => (Some(number.node), *amount, allocations, reference),
        _ => return None,
    };
    let mut p = Payment {
        credit_note: number.map(Into::into),
        customer: UNKNOWN,
        date: e.date.node,
        amount: amount.node,
        allocations: Box::default(),
        reference: reference.as_ref().map(|t| t.node.as_ref().into()),
        bank: None,
        memo: e.memo.as_ref().map(|t| t.node.as_ref().into()),
        span: e.span,
    };
    let mut pending = Pending {
        customer,
        allocations: {
            let start = lines.len() as u32;
            lines.append(allocations);
            start..lines.len() as u32
        },
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
        // Most payments have none of these: no record to make and compare.
        if reverses.is_none() && bank_id.is_none() && account.is_none() && matched_by.is_none() {
            return Some((p, pending));
        }
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
