//! One part's blocks -> the book's records, on the core that parses the part, as they are
//! read and before any invoice is indexed: invoices with their customer and due date,
//! payments with their customer but their `invoice:` lines still as written, unmatched
//! money; events are kept as entries. The common blocks (invoices, payments, credit notes)
//! come from the parser's fast path with no tree; the general parser's are split into the
//! same shape and lowered by the same functions.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::assemble::BuildOptions;
use super::resolve::{positive, Resolver};
use super::slots::{Places, Records, Vacant, UNKNOWN};
use super::written::{Line, Named, Number, Place};
use super::{Bank, Book, CustomerId, Invoice, Payment, Unmatched};
use crate::diag::{Code, Diagnostic};
use crate::money::Money;
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, Block, Duration, Entry, EntryKind, Id, Spanned};
use crate::syntax::{Common, CommonKind, Heads, ParsedJournal, Sink};

/// The last date a journal can name; computed dates past it are E090, not `+10000-...`.
const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("ok: a valid date");

/// What a payment or credit note still needs once every customer and invoice is known.
#[derive(Debug)]
pub(super) struct Pending<'s> {
    /// Its customer, resolved once every customer is known.
    customer: Named,
    /// Its `invoice:` lines: where they are in its part's `allocations`.
    pub(super) allocations: std::ops::Range<u32>,
    /// Where its amount is written.
    pub(super) amount_at: Place,
    /// Its `reverses:`, resolved once every payment is known.
    pub(super) reverses: Option<Box<ast::Text<'s>>>,
    /// Its entry's place: in its part's entries until the customers are resolved, then its
    /// rank in model order.
    pub(super) rank: u32,
}

/// What an invoice still needs once every customer is known.
#[derive(Debug)]
struct InvoiceLink {
    /// The invoice's entry's place among its part's entries.
    seq: u32,
    customer: Named,
    /// Whether `due:` gave the due date (else its terms do, which may be the customer's).
    due_given: bool,
}

/// One part's blocks lowered on the core that parsed it, before any customer is known
/// (a customer may be written after its entries, in a later part): no tree of a common
/// entry is ever made, and the others' are freed as they are lowered. Records carry their
/// entry's place among the part's entries; what depends on the customer waits for
/// [`Lowering::part`].
#[derive(Debug, Default)]
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
    /// The file of the part.
    file: FileId,
    /// The numbers of invoices and credit notes.
    pub(super) numbers: Vec<Number<'s>>,
    /// Invoices, their customer not yet set, nor their due date unless `due:` gave it.
    invoices: Records<Invoice>,
    /// What each of the part's invoices still needs.
    links: Vec<InvoiceLink>,
    /// Problems of invoices (by place among the part's), reported if their customer is known.
    held: Vec<(u32, Diagnostic)>,
    /// Payments and credit notes, their customer not yet set.
    payments: Records<Payment>,
    /// What each of the part's payments and credit notes still needs.
    pending: Vec<Pending<'s>>,
    /// The `invoice:` lines of every payment and credit note, in one vector (one per
    /// payment was an allocation each that outlived the trees).
    allocations: Vec<Line<'s>>,
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
    /// The file of the part.
    pub(super) file: FileId,
    /// The numbers of invoices and credit notes, claimed in model order later.
    pub(super) numbers: Vec<Number<'s>>,
    /// Invoices with a known customer, in rank order.
    pub(super) invoices: Records<Invoice>,
    /// The rank of each of the part's invoices.
    pub(super) invoice_ranks: Vec<u32>,
    /// Problems of invoices: reported unless the invoice uses a number again.
    pub(super) invoice_diags: Vec<(u32, Diagnostic)>,
    /// Payments and credit notes with a known customer, in rank order.
    pub(super) payments: Records<Payment>,
    /// What each of them still needs, in the same order.
    pub(super) pending: Vec<Pending<'s>>,
    /// Their `invoice:` lines (see [`Pending::allocations`]).
    pub(super) allocations: Vec<Line<'s>>,
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

/// Parses the blocks of `text` in `range` (see [`crate::syntax::parse_journal_part`]) and
/// lowers them as they are read: the common ones straight from the fast path's [`Common`],
/// with no tree.
pub fn parse_part<'s>(file: FileId, text: &'s str, range: std::ops::Range<usize>) -> Lowered<'s> {
    let mut part = Lowerer::default();
    crate::syntax::parse_part_into(file, text, range, &mut part);
    part.finish()
}

/// [`parse_part`], the part's invoices, payments and credit notes put in slots of the
/// book's vectors (a span of each, one slot per head of the kind in the part, `heads`), so
/// that the book needs no copy of them; records beyond the slots (a head written with two
/// blanks is not counted) go to the part's own vectors, and slots left are filled with
/// [`Vacant`] records. `heads.markers` is the whole text's, as
/// [`crate::syntax::parse_part_counted`] has it.
pub(crate) fn parse_part_into_slots<'s>(
    file: FileId,
    text: &'s str,
    range: std::ops::Range<usize>,
    heads: Heads,
    invoices: &mut crate::par::Filler<'_, Invoice>,
    payments: &mut crate::par::Filler<'_, Payment>,
) -> Lowered<'s> {
    let mut part = Lowerer {
        slots: Some(Places {
            invoices: &mut |invoice| invoices.push_if_room(invoice),
            payments: &mut |payment| payments.push_if_room(payment),
        }),
        ..Lowerer::default()
    };
    crate::syntax::parse_part_counted(file, text, range, heads, &mut part);
    let lowered = part.finish();
    invoices.fill_rest(Invoice::vacant);
    payments.fill_rest(Payment::vacant);
    lowered
}

/// Lowers one parsed part (see [`Lowered`]), consuming its trees.
pub fn lower(parsed: ParsedJournal<'_>) -> Lowered<'_> {
    let ParsedJournal {
        blocks,
        diagnostics,
        poisoned,
    } = parsed;
    let mut part = Lowerer::default();
    let mut heads = Heads {
        blocks: blocks.len(),
        ..Heads::default()
    };
    for b in &blocks {
        match b {
            Block::Entry(Entry {
                kind: EntryKind::Invoice { .. },
                ..
            }) => heads.invoices += 1,
            Block::Entry(Entry {
                kind: EntryKind::Payment { .. },
                ..
            }) => heads.payments += 1,
            Block::Entry(Entry {
                kind: EntryKind::Credit { .. },
                ..
            }) => heads.credits += 1,
            _ => {}
        }
    }
    part.reserve(heads);
    (part.out.diagnostics, part.out.poisoned) = (diagnostics, poisoned);
    blocks.into_iter().for_each(|b| part.block(b));
    part.finish()
}

/// A part being lowered, block by block as the parser reads them.
#[derive(Default)]
struct Lowerer<'s, 'f> {
    out: Lowered<'s>,
    /// Where invoices, payments and credit notes go first, if anywhere but `out`.
    slots: Option<Places<'f>>,
    /// The place of each customer id among [`Lowered::names`].
    names: HashMap<&'s str, u32>,
    /// The problems of the entry being lowered.
    found: Vec<Diagnostic>,
}

impl<'s> Sink<'s> for Lowerer<'s, '_> {
    fn reserve(&mut self, heads: Heads) {
        // Sized once from the heads' kinds: growing by doubling copied every record two
        // times over, and room for every block in each vector was as much again unused.
        let out = &mut self.out;
        let payments = heads.payments + heads.credits;
        out.days.reserve_exact(heads.blocks);
        if self.slots.is_none() {
            out.invoices.own.reserve_exact(heads.invoices);
            out.payments.own.reserve_exact(payments);
        }
        out.links.reserve_exact(heads.invoices);
        out.numbers.reserve_exact(heads.invoices + heads.credits);
        out.pending.reserve_exact(payments);
        // Most payments have one `invoice:` line.
        out.allocations.reserve_exact(payments);
    }

    fn block(&mut self, block: Block<'s>) {
        match block {
            Block::Entry(e) => self.entry(e),
            Block::Customer(c) => self.out.customers.push(*c),
            Block::Include(_) => {}
        }
    }

    fn common(&mut self, entry: Common<'s>, lines: &[ast::Allocation<'s>]) {
        let seq = self.day(entry.date.node);
        self.lower_common(seq, entry, lines, None);
    }

    fn diagnostics(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.out.diagnostics
    }

    fn poisoned(&mut self) -> &mut Vec<&'s str> {
        &mut self.out.poisoned
    }
}

impl<'s> Lowerer<'s, '_> {
    /// The part's records, each vector fitted to its length (the heads' count of a kind is
    /// at most off by the heads written with two blanks or a tab).
    fn finish(self) -> Lowered<'s> {
        let Lowerer { mut out, names, .. } = self;
        let mut ordered: Vec<(&str, u32)> = names.into_iter().collect();
        ordered.sort_unstable_by_key(|(_, i)| *i);
        out.names = ordered.into_iter().map(|(n, _)| n).collect();
        out.days.shrink_to_fit();
        out.invoices.own.shrink_to_fit();
        out.links.shrink_to_fit();
        out.numbers.shrink_to_fit();
        out.payments.own.shrink_to_fit();
        out.pending.shrink_to_fit();
        out.allocations.shrink_to_fit();
        out
    }

    /// Notes the day of the next entry, and returns its place among the part's entries.
    fn day(&mut self, date: NaiveDate) -> u32 {
        let seq = self.out.days.len() as u32;
        self.out.days.push(super::order::day(date));
        seq
    }

    /// The customer `id` names, by its place among the part's names.
    fn name(&mut self, id: &Id<'s>) -> Named {
        let next = self.names.len() as u32;
        Named::new(*self.names.entry(id.node).or_insert(next), id)
    }

    /// A general parser's entry: its common kinds lowered as the fast path's are.
    fn entry(&mut self, e: Entry<'s>) {
        let seq = self.day(e.date.node);
        let Entry {
            span,
            date,
            kind,
            memo,
            meta,
        } = e;
        let (kind, customer, amount, reference, lines, statement) = match kind {
            // What only an invoice has first, then what all three have.
            EntryKind::Invoice {
                number,
                due,
                terms,
                customer,
                amount,
                reference,
            } => {
                let kind = CommonKind::Invoice { number, due, terms };
                (kind, customer, amount, reference, Vec::new(), None)
            }
            EntryKind::Payment {
                customer,
                amount,
                allocations,
                reference,
                reverses,
                bank_id,
                iban,
                matched_by,
            } => {
                let statement = Statement {
                    reverses,
                    bank_id,
                    iban,
                    matched_by,
                };
                (
                    CommonKind::Payment,
                    customer,
                    amount,
                    reference,
                    allocations,
                    Some(statement),
                )
            }
            EntryKind::Credit {
                number,
                customer,
                amount,
                allocations,
                reference,
            } => (
                CommonKind::Credit { number },
                customer,
                amount,
                reference,
                allocations,
                None,
            ),
            kind => {
                let e = Entry {
                    span,
                    date,
                    kind,
                    memo,
                    meta,
                };
                return self.other(seq, e);
            }
        };
        let entry = Common {
            span,
            date,
            kind,
            customer,
            amount,
            reference,
            memo,
        };
        self.lower_common(seq, entry, &lines, statement);
    }

    /// An entry of another kind, the `seq`th of the part.
    fn other(&mut self, seq: u32, e: Entry<'s>) {
        match e.kind {
            EntryKind::Unmatched { .. } => {
                let out = &mut self.out;
                out.unmatched.extend(unmatched(&e, &mut self.found).map(|u| (seq, u)));
                out.diags.extend(self.found.drain(..).map(|d| (seq, d)));
            }
            _ => self.out.events.push((seq, e)),
        }
    }

    /// An invoice, payment or credit note, the `seq`th entry of the part, with its
    /// `invoice:` lines and, for a payment the general parser read, its bank statement's.
    fn lower_common(
        &mut self,
        seq: u32,
        entry: Common<'s>,
        lines: &[ast::Allocation<'s>],
        statement: Option<Statement<'s>>,
    ) {
        let customer = self.name(&entry.customer);
        let out = &mut self.out;
        out.file = entry.span.file;
        match entry.kind {
            CommonKind::Invoice { number, due, terms } => {
                out.numbers.push(Number::new(seq, &number));
                let at = out.invoices.len() as u32;
                let invoice = invoice(&entry, number, due, terms, &mut self.found);
                out.held.extend(self.found.drain(..).map(|d| (at, d)));
                out.invoices.push(invoice, self.slots.as_mut().map(|p| &mut p.invoices));
                out.links.push(InvoiceLink {
                    seq,
                    customer,
                    due_given: due.is_some(),
                });
            }
            CommonKind::Payment | CommonKind::Credit { .. } => {
                if let CommonKind::Credit { number } = entry.kind {
                    out.numbers.push(Number::new(seq, &number));
                }
                let start = out.allocations.len() as u32;
                out.allocations.extend(lines.iter().map(Line::new));
                let mut pending = Pending {
                    customer,
                    allocations: start..out.allocations.len() as u32,
                    amount_at: Place::of(entry.amount.span),
                    reverses: None,
                    rank: seq,
                };
                let mut payment = payment(&entry);
                if let Some(statement) = statement {
                    statement.apply(&mut payment, &mut pending);
                }
                out.payments.push(payment, self.slots.as_mut().map(|p| &mut p.payments));
                out.pending.push(pending);
            }
        }
    }
}

/// A payment's fields of a bank statement line, which only the general parser reads.
struct Statement<'s> {
    reverses: Option<Box<ast::Text<'s>>>,
    bank_id: Option<Box<ast::Text<'s>>>,
    iban: Option<Box<ast::Text<'s>>>,
    matched_by: Option<Spanned<ast::MatchedBy>>,
}

impl<'s> Statement<'s> {
    /// Sets them on payment `p`, if it has any (most have none: no record to make).
    fn apply(self, p: &mut Payment, pending: &mut Pending<'s>) {
        let Statement {
            reverses,
            bank_id,
            iban,
            matched_by,
        } = self;
        if reverses.is_none() && bank_id.is_none() && iban.is_none() && matched_by.is_none() {
            return;
        }
        let bank = Bank {
            reverses: None,
            reverses_span: reverses.as_ref().map(|t| t.span),
            bank_id: bank_id.as_ref().map(|t| t.node.as_ref().into()),
            bank_id_span: bank_id.as_ref().map(|t| t.span),
            iban: iban.as_ref().map(|t| super::assemble::iban(&t.node)),
            matched_by: matched_by.map(|m| m.node),
        };
        p.bank = (bank != Bank::default()).then(|| Box::new(bank));
        pending.reverses = reverses;
    }
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
    /// dropped (and reported). `slots` are the part's slots of the book's vectors (see
    /// [`parse_part_into_slots`]; empty for a part lowered otherwise).
    pub(super) fn part<'s>(
        &self,
        lowered: Lowered<'s>,
        first: usize,
        slots: (&mut [Invoice], &mut [Payment]),
    ) -> Part<'s> {
        let rank = |seq: &mut u32| *seq = self.rank[first + *seq as usize];
        let Lowered {
            file,
            names,
            mut numbers,
            mut invoices,
            links,
            held,
            mut payments,
            mut pending,
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
                r.customer(&named.id(names[named.name as usize], file))
            })
        };
        let mut found = Vec::new();
        let mut invoice_diags = Vec::new();
        let mut held = held.into_iter().peekable();
        let mut links = links.iter().zip(0u32..);
        let (invoice_slots, payment_slots) = slots;
        let mine = invoices.gather(invoice_slots);
        let mut invoice_ranks = Vec::with_capacity(mine.len());
        let kept = retain_front(mine, |i| {
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
                        let k = numbers.binary_search_by_key(&link.seq, |n| n.at);
                        k.map_or(head, |k| numbers[k].id(file).span)
                    };
                    self.set_due(i, number_span, &mut found);
                }
                invoice_ranks.push(at);
            }
            invoice_diags.extend(found.drain(..).map(|d| (at, d)));
            id.is_some()
        });
        // Each part's records in rank order here, on the core that lowered it: the parts are
        // then merged into the book's order as streams (see [`super::order::in_rank_order`]).
        super::order::sort_by_rank(&mut invoice_ranks, |a, b| mine.swap(a, b));
        invoices.keep(kept);
        numbers.iter_mut().for_each(|n| rank(&mut n.at));
        let mut unknown = Vec::new();
        let mut payment_diags = Vec::new();
        let mine = payments.gather(payment_slots);
        let known: Vec<bool> = (mine.iter_mut().zip(&mut pending))
            .map(|(p, pending)| {
                rank(&mut pending.rank);
                let at = pending.rank;
                let Some(id) = customer(pending.customer, &mut found) else {
                    let name = names[pending.customer.name as usize];
                    unknown.extend(found.pop().map(|d| (at, name, d)));
                    return false;
                };
                p.customer = id;
                let amount = Spanned::new(p.amount, pending.amount_at.span(file));
                match p.credit_note {
                    Some(_) => {
                        let help = "a credit note lowers what is owed; money paid back to the customer is a `payment` with a negative amount";
                        positive(&amount, "a credit note", help, &mut found);
                    }
                    None => not_zero(&amount, &mut found),
                }
                payment_diags.extend(found.drain(..).map(|d| (at, d)));
                true
            })
            .collect();
        let mut at = known.iter();
        let kept = retain_front(mine, |_| at.next().is_some_and(|&k| k));
        let mut at = known.iter();
        pending.retain(|_| at.next().is_some_and(|&k| k));
        diags.append(&mut payment_diags);
        let mut payment_ranks: Vec<u32> = pending.iter().map(|p| p.rank).collect();
        super::order::sort_by_rank(&mut payment_ranks, |a, b| {
            mine.swap(a, b);
            pending.swap(a, b);
        });
        payments.keep(kept);
        Part {
            file,
            numbers,
            invoices,
            invoice_ranks,
            invoice_diags,
            payments,
            pending,
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

/// Moves the items `keep` keeps (called once on each, in order) to the front of `items`, in
/// their order, and returns how many there are: `Vec::retain_mut` for a slice.
fn retain_front<T>(items: &mut [T], mut keep: impl FnMut(&mut T) -> bool) -> usize {
    let mut kept = 0;
    for i in 0..items.len() {
        if keep(&mut items[i]) {
            // Most are kept where they are: a record of a hundred bytes and more is not
            // swapped with itself.
            if kept != i {
                items.swap(kept, i);
            }
            kept += 1;
        }
    }
    kept
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

/// The invoice `entry` gives (of `number`, with `due:` and `terms:`), before its customer
/// is known (which may give its due date); its problems go to `found`.
fn invoice(
    entry: &Common<'_>,
    number: Id<'_>,
    due: Option<Spanned<NaiveDate>>,
    terms: Option<Spanned<Duration>>,
    found: &mut Vec<Diagnostic>,
) -> Invoice {
    let date = entry.date.node;
    positive(
        &entry.amount,
        "an invoice",
        "to lower what is owed, issue a `credit` note",
        found,
    );
    if let Some(d) = due.filter(|d| d.node < date) {
        found.push(
            Diagnostic::new(
                Code::DueBeforeDate,
                format!("invoice `{}` is due before it is issued", number.node),
            )
            .at(d.span)
            .label(format!("before the invoice date {date}"))
            .help("the due date must be on or after the invoice date"),
        );
    }
    Invoice {
        number: number.node.into(),
        customer: UNKNOWN,
        date,
        amount: entry.amount.node,
        due: due.map_or(date, |d| d.node),
        // The invoice's own term for now; set to what the due date came from with it.
        terms: match due {
            Some(_) => None,
            None => terms.map(|t| t.node),
        },
        reference: entry.reference.as_ref().map(|r| r.node.as_ref().into()),
        reference_span: entry.reference.as_ref().map_or_else(Span::default, |r| r.span),
        memo: entry.memo.as_ref().map(|m| m.node.as_ref().into()),
        span: entry.span,
    }
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

/// The payment or credit note `entry` gives, before its customer is known.
fn payment(entry: &Common<'_>) -> Payment {
    let number = match entry.kind {
        CommonKind::Credit { number } => Some(number.node.into()),
        _ => None,
    };
    Payment {
        credit_note: number,
        customer: UNKNOWN,
        date: entry.date.node,
        amount: entry.amount.node,
        allocations: 0..0,
        reference: entry.reference.as_ref().map(|t| t.node.as_ref().into()),
        bank: None,
        memo: entry.memo.as_ref().map(|t| t.node.as_ref().into()),
        span: entry.span,
    }
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

#[cfg(test)]
#[path = "lower_tests.rs"]
mod tests;
