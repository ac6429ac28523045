//! Syntax trees -> [`Book`], as a chain of named steps:
//! index customers -> index documents -> resolve entries -> order by date.

use chrono::NaiveDate;
use rustc_hash::FxHashSet as HashSet;

use super::{
    Book, Charge, Customer, CustomerId, Event, EventKind, Installment, Invoice, InvoiceId, Payment, PaymentId,
    Unmatched,
};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::money::Money;
use crate::source::Span;
use crate::syntax::ast::{self, Block, Duration, Entry, EntryKind, Id, Spanned};
use crate::syntax::ParsedJournal;

/// Facts from the rules that the model needs.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    /// Payment term when neither invoice nor customer gives one.
    pub default_terms: Duration,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            default_terms: Duration {
                n: 30,
                unit: ast::DurationUnit::Days,
            },
        }
    }
}

/// The last date a journal can name; computed dates past it are E090, not `+10000-...`.
const LAST_DATE: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("ok: a valid date");

/// E090: an invoice whose terms put its due date past [`LAST_DATE`].
fn past_last_date(number: &Id<'_>, term: Duration, date: chrono::NaiveDate) -> Diagnostic {
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

/// Above this many candidates, "did you mean" is not worth its cost.
const SUGGEST_LIMIT: usize = 10_000;

/// Builds the checked model. Problems are returned with the book, which holds everything
/// that could be resolved, so later checks still run.
pub fn build(parsed: &[ParsedJournal<'_>], opts: BuildOptions) -> (Book, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let poisoned: HashSet<&str> = parsed.iter().flat_map(|p| p.poisoned.iter().copied()).collect();
    let mut book = Book::default();
    index_customers(&mut book, parsed, &mut diags);
    let mut dated: Vec<(NaiveDate, &Entry<'_>)> = Vec::with_capacity(parsed.iter().map(|p| p.blocks.len()).sum());
    dated.extend(parsed.iter().flat_map(|p| p.blocks.iter()).filter_map(|b| match b {
        Block::Entry(e) => Some((e.date.node, e)),
        _ => None,
    }));
    // Model order: by date, ties in file order, then position. The date sits beside the
    // reference: following a million pointers per comparison was most of the build.
    super::order::by_date(&mut dated);
    let entries: Vec<&Entry<'_>> = dated.into_iter().map(|(_, e)| e).collect();
    // A duplicated number is ambiguous: references to it are not resolved (nor reported).
    let duplicates = index_invoices(&mut book, &entries, &poisoned, opts, &mut diags);
    let poisoned: HashSet<&str> = poisoned.union(&duplicates).copied().collect();
    let resolved = resolve_entries(&book, &poisoned, &entries, &mut diags);
    book.payments = resolved.payments;
    book.events = resolved.events;
    book.unmatched = resolved.unmatched;
    super::reversals::resolve(&mut book, &resolved.reversals, &mut diags);
    (book, diags)
}

/// Step 1: customers, in file order; duplicates and missing kinds reported.
fn index_customers(book: &mut Book, parsed: &[ParsedJournal<'_>], diags: &mut Vec<Diagnostic>) {
    for c in parsed.iter().flat_map(|p| p.blocks.iter()).filter_map(|b| match b {
        Block::Customer(c) => Some(c),
        _ => None,
    }) {
        if let Some(&first) = book.customer_index.get(c.id.node) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateCustomer,
                    format!("customer `{}` is defined twice", c.id.node),
                )
                .at(c.id.span)
                .label("defined again here")
                .related(book.customer(first).span, "first defined here")
                .help("give each customer a unique id, or merge the two blocks"),
            );
            continue;
        }
        if let Some(limit) = &c.credit_limit {
            positive(limit, "a credit limit", "leave out `credit-limit:` for no limit", diags);
        }
        if c.kind.is_none() {
            diags.push(
                Diagnostic::new(Code::MissingKind, format!("customer `{}` has no `kind`", c.id.node))
                    .at(c.id.span)
                    .label("kind is required")
                    .help("add `  kind: business` or `  kind: consumer`: it chooses the rules policy"),
            );
        }
        let id = CustomerId(book.customers.len() as u32);
        book.customer_index.insert(c.id.node.into(), id);
        book.customers.push(customer(c));
    }
}

fn customer(c: &ast::Customer<'_>) -> Customer {
    let text = |t: &ast::Text<'_>| t.node.to_string();
    Customer {
        id: c.id.node.into(),
        name: text(&c.name),
        kind: c.kind.map(|k| k.node),
        emails: c.emails.iter().map(text).collect(),
        address: c.address.iter().map(text).collect(),
        country: c.country.map(|s| s.node.to_string()),
        language: c.language.map(|s| s.node.to_string()),
        terms: c.terms.map(|t| t.node),
        policy: c.policy.map(|s| s.node.to_string()),
        policy_span: c.policy.map(|s| s.span),
        vat: c.vat.as_ref().map(text),
        ibans: c.ibans.iter().map(|i| iban(&i.node)).collect(),
        iban_spans: c.ibans.iter().map(|i| i.span).collect(),
        credit_limit: c.credit_limit.map(|l| l.node),
        credit_limit_span: c.credit_limit.map(|l| l.span),
        consent: c.consent.map(|s| s.node.to_string()),
        number: c.number.as_ref().map(text),
        meta: c.meta.iter().map(|(k, v)| (k.node.to_string(), text(v))).collect(),
        span: c.span,
        id_span: c.id.span,
    }
}

/// An account number as the model keeps it: blanks removed, upper case.
fn iban(text: &str) -> compact_str::CompactString {
    crate::iban::electronic_form(text).into()
}

/// What claiming the invoice and credit-note numbers finds; diagnostics with the position
/// of their entry.
#[derive(Default)]
struct Claims<'a> {
    /// Numbers used twice.
    duplicates: HashSet<&'a str>,
    /// Positions of the entries that use a number again.
    later: HashSet<usize>,
    diags: Vec<(usize, Diagnostic)>,
}

/// The invoices indexed; diagnostics with the position of their entry.
struct Indexed {
    invoices: Vec<Invoice>,
    index: rustc_hash::FxHashMap<compact_str::CompactString, InvoiceId>,
    diags: Vec<(usize, Diagnostic)>,
}

/// Step 2: invoices and credit-note numbers, in model order; duplicates reported in both
/// places. Both are lookups in large tables, so the numbers are claimed on one core while
/// the invoices are indexed on another as if no number were used twice; when one is, the
/// invoices are indexed again without its later uses.
fn index_invoices<'a>(
    book: &mut Book,
    entries: &[&Entry<'a>],
    poisoned: &HashSet<&str>,
    opts: BuildOptions,
    diags: &mut Vec<Diagnostic>,
) -> HashSet<&'a str> {
    let shared: &Book = book;
    let first_uses = HashSet::default();
    let (claims, indexed) = crate::par::join(
        || claim_numbers(entries),
        || index(shared, entries, poisoned, opts, &first_uses),
    );
    let indexed = match claims.later.is_empty() {
        true => indexed,
        false => index(shared, entries, poisoned, opts, &claims.later),
    };
    book.invoices = indexed.invoices;
    book.invoice_index = indexed.index;
    // Each entry's problems come from one of the two, in model order.
    let mut found = claims.diags;
    found.extend(indexed.diags);
    found.sort_by_key(|(at, _)| *at);
    diags.extend(found.into_iter().map(|(_, d)| d));
    claims.duplicates
}

/// The numbers of invoices and credit notes, each claimed by its first use.
fn claim_numbers<'a>(entries: &[&Entry<'a>]) -> Claims<'a> {
    let numbers = || {
        entries.iter().enumerate().filter_map(|(at, e)| match &e.kind {
            EntryKind::Invoice { number, .. } | EntryKind::Credit { number, .. } => Some((at, number)),
            _ => None,
        })
    };
    let mut first: rustc_hash::FxHashMap<&str, Span> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(numbers().count(), Default::default());
    let mut claims = Claims::default();
    for (at, number) in numbers() {
        match first.entry(number.node) {
            std::collections::hash_map::Entry::Occupied(used) => {
                claims.diags.push((at, duplicate_number(number, *used.get())));
                claims.duplicates.insert(number.node);
                claims.later.insert(at);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(number.span);
            }
        }
    }
    claims
}

/// The invoices of `entries` with a known customer, but those at the positions `later`.
fn index(
    book: &Book,
    entries: &[&Entry<'_>],
    poisoned: &HashSet<&str>,
    opts: BuildOptions,
    later: &HashSet<usize>,
) -> Indexed {
    let invoices = entries
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::Invoice { .. }))
        .count();
    let mut out = Indexed {
        invoices: Vec::with_capacity(invoices),
        index: rustc_hash::FxHashMap::with_capacity_and_hasher(invoices, Default::default()),
        diags: Vec::new(),
    };
    let mut diags = Vec::new();
    for (at, e) in entries.iter().enumerate() {
        if !matches!(e.kind, EntryKind::Invoice { .. }) {
            continue;
        }
        if later.contains(&at) {
            continue;
        }
        let invoice = invoice(book, poisoned, opts, e, &mut diags);
        out.diags.extend(diags.drain(..).map(|d| (at, d)));
        let Some(invoice) = invoice else { continue };
        let id = InvoiceId(out.invoices.len() as u32);
        out.index.insert(invoice.number.clone(), id);
        out.invoices.push(invoice);
    }
    out
}
/// The invoice entry `e` gives, unless its customer is unknown; its problems go to `diags`.
fn invoice(
    book: &Book,
    poisoned: &HashSet<&str>,
    opts: BuildOptions,
    e: &Entry<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Invoice> {
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
    let customer = Resolver { book, poisoned, diags }.customer(customer)?;
    positive(
        amount,
        "an invoice",
        "to lower what is owed, issue a `credit` note",
        diags,
    );
    let cust = book.customer(customer);
    let term = terms.map(|t| t.node).or(cust.terms).unwrap_or(opts.default_terms);
    let due_date = match due {
        Some(d) if d.node < e.date.node => {
            diags.push(
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
                diags.push(past_last_date(number, term, e.date.node));
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

fn duplicate_number(number: &Id<'_>, first: Span) -> Diagnostic {
    Diagnostic::new(Code::DuplicateNumber, format!("number `{}` is used twice", number.node))
        .at(number.span)
        .label("used again here")
        .related(first, "first used here")
        .help("invoice and credit-note numbers must be unique across all files; after a merge, renumber one of them")
}

/// E021 unless `amount` is above zero; `help` says what to write instead.
fn positive(amount: &Spanned<Money>, what: &str, help: &str, diags: &mut Vec<Diagnostic>) -> bool {
    if amount.node.amount > rust_decimal::Decimal::ZERO {
        return true;
    }
    diags.push(
        Diagnostic::new(Code::NotPositive, format!("the amount of {what} must be positive"))
            .at(amount.span)
            .label("zero or negative")
            .help(help),
    );
    false
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

/// Name lookups that report unknown names (with a suggestion) unless the name was
/// declared by a block that failed to parse.
struct Resolver<'b, 'd> {
    book: &'b Book,
    poisoned: &'b HashSet<&'b str>,
    diags: &'d mut Vec<Diagnostic>,
}

impl Resolver<'_, '_> {
    fn customer(&mut self, id: &Id<'_>) -> Option<CustomerId> {
        if let Some(c) = self.book.customer_id(id.node) {
            return Some(c);
        }
        if !self.poisoned.contains(id.node) {
            let names = self.book.customers.iter().map(|c| c.id.as_str());
            let help = did_you_mean(id.node, names)
                .map(|g| format!("did you mean `{g}`?"))
                .unwrap_or_else(|| "declare it with a `customer` block first".into());
            self.diags.push(
                Diagnostic::new(Code::UnknownCustomer, format!("unknown customer `{}`", id.node))
                    .at(id.span)
                    .label("no customer with this id")
                    .help(help),
            );
        }
        None
    }

    fn invoice(&mut self, id: &Id<'_>) -> Option<InvoiceId> {
        if self.poisoned.contains(id.node) {
            return None; // declared by a broken block, or duplicated: already reported
        }
        if let Some(i) = self.book.invoice_id(id.node) {
            return Some(i);
        }
        if !self.poisoned.contains(id.node) {
            let guess = if self.book.invoices.len() <= SUGGEST_LIMIT {
                did_you_mean(id.node, self.book.invoices.iter().map(|i| i.number.as_str()))
            } else {
                None
            };
            let help = guess.map(|g| format!("did you mean `{g}`?"));
            self.diags.push(
                Diagnostic::new(Code::UnknownInvoice, format!("unknown invoice `{}`", id.node))
                    .at(id.span)
                    .label("no invoice with this number")
                    .maybe_help(help),
            );
        }
        None
    }

    /// An invoice that must belong to `customer`.
    fn invoice_of(&mut self, id: &Id<'_>, customer: CustomerId) -> Option<InvoiceId> {
        let inv = self.invoice(id)?;
        let owner = self.book.invoice(inv).customer;
        if owner == customer {
            return Some(inv);
        }
        self.diags.push(
            Diagnostic::new(
                Code::WrongCustomer,
                format!(
                    "invoice `{}` belongs to `{}`, not `{}`",
                    id.node,
                    self.book.customer(owner).id,
                    self.book.customer(customer).id
                ),
            )
            .at(id.span)
            .label("another customer's invoice")
            .related(self.book.invoice(inv).span, "invoice issued here"),
        );
        None
    }

    fn currency(&mut self, amount: &Spanned<Money>, inv: InvoiceId) -> bool {
        let invoice = self.book.invoice(inv);
        if amount.node.currency == invoice.amount.currency {
            return true;
        }
        self.diags.push(
            Diagnostic::new(
                Code::CurrencyMismatch,
                format!(
                    "{} differs from the currency of invoice `{}` ({})",
                    amount.node.currency, invoice.number, invoice.amount.currency
                ),
            )
            .at(amount.span)
            .label("other currency")
            .related(invoice.span, "invoice issued here"),
        );
        false
    }
}

/// What step 3 resolves: payments, events and unmatched money in model order, and the
/// `reverses:` of the payments that have one, resolved once every payment is known.
struct Resolved<'e, 'a> {
    payments: Vec<Payment>,
    events: Vec<Event>,
    unmatched: Vec<Unmatched>,
    reversals: Vec<(PaymentId, &'e ast::Text<'a>)>,
}

/// What one chunk of entries resolves to; reversals are indexed within the chunk.
#[derive(Default)]
struct Chunk<'e, 'a> {
    payments: Vec<Payment>,
    events: Vec<Event>,
    unmatched: Vec<Unmatched>,
    reversals: Vec<(usize, &'e ast::Text<'a>)>,
    diags: Vec<Diagnostic>,
}

/// Step 3: payments, credits and events with their names resolved. Entries only read the
/// book here, so they are resolved in chunks on every core; results and problems come back
/// in model order, exactly as one pass would give them.
fn resolve_entries<'e, 'a>(
    book: &Book,
    poisoned: &HashSet<&str>,
    entries: &[&'e Entry<'a>],
    diags: &mut Vec<Diagnostic>,
) -> Resolved<'e, 'a> {
    let chunks = crate::par::map_chunks(entries.len(), 1 << 16, |range| {
        let mut chunk = Chunk::default();
        let mut chunk_diags = Vec::new();
        let mut r = Resolver {
            book,
            poisoned,
            diags: &mut chunk_diags,
        };
        resolve_chunk(&mut r, &entries[range], &mut chunk);
        chunk.diags = chunk_diags;
        chunk
    });
    let mut out = Resolved {
        payments: Vec::with_capacity(chunks.iter().map(|c| c.payments.len()).sum()),
        events: Vec::with_capacity(chunks.iter().map(|c| c.events.len()).sum()),
        unmatched: Vec::new(),
        reversals: Vec::new(),
    };
    for c in chunks {
        let base = out.payments.len();
        out.reversals
            .extend(c.reversals.into_iter().map(|(i, t)| (PaymentId((base + i) as u32), t)));
        out.payments.extend(c.payments);
        out.events.extend(c.events);
        out.unmatched.extend(c.unmatched);
        diags.extend(c.diags);
    }
    out
}

fn resolve_chunk<'e, 'a>(r: &mut Resolver<'_, '_>, entries: &[&'e Entry<'a>], out: &mut Chunk<'e, 'a>) {
    for e in entries {
        match &e.kind {
            EntryKind::Invoice { .. } => {}
            EntryKind::Payment { .. } | EntryKind::Credit { .. } => {
                let Some(p) = payment(r, e) else { continue };
                if let EntryKind::Payment {
                    reverses: Some(key), ..
                } = &e.kind
                {
                    out.reversals.push((out.payments.len(), key));
                }
                out.payments.push(p);
            }
            EntryKind::Unmatched { .. } => out.unmatched.extend(unmatched(r, e)),
            _ => out.events.extend(event(r, e)),
        }
    }
}

/// The parts of a `payment` or `credit` entry the model needs.
struct Parts<'e, 'a> {
    number: Option<&'a str>,
    customer: &'e Id<'a>,
    amount: &'e Spanned<Money>,
    allocations: &'e [ast::Allocation<'a>],
    reference: &'e Option<ast::Text<'a>>,
}

fn parts<'e, 'a>(kind: &'e EntryKind<'a>) -> Option<Parts<'e, 'a>> {
    match kind {
        EntryKind::Payment {
            customer,
            amount,
            allocations,
            reference,
            ..
        } => Some(Parts {
            number: None,
            customer,
            amount,
            allocations,
            reference,
        }),
        EntryKind::Credit {
            number,
            customer,
            amount,
            allocations,
            reference,
        } => Some(Parts {
            number: Some(number.node),
            customer,
            amount,
            allocations,
            reference,
        }),
        _ => None,
    }
}

fn payment(r: &mut Resolver<'_, '_>, e: &Entry<'_>) -> Option<Payment> {
    let Parts {
        number,
        customer,
        amount,
        allocations,
        reference,
    } = parts(&e.kind)?;
    let what = if number.is_some() { "a credit note" } else { "a payment" };
    let customer = r.customer(customer)?;
    match number {
        Some(_) => {
            let help = "a credit note lowers what is owed; money paid back to the customer is a `payment` with a negative amount";
            positive(amount, what, help, r.diags);
        }
        None => not_zero(amount, r.diags),
    }
    // Sized once: kept for the Book's life, and a first push would make room for four.
    let mut resolved = Vec::with_capacity(allocations.len());
    for a in allocations {
        let Some(inv) = r.invoice_of(&a.invoice, customer) else {
            continue;
        };
        let invoice = r.book.invoice(inv);
        if e.date.node < invoice.date {
            r.diags.push(
                Diagnostic::new(
                    Code::PaymentBeforeInvoice,
                    format!("{what} dated before invoice `{}`", invoice.number),
                )
                .at(a.invoice.span)
                .label(format!("the invoice is dated {}", invoice.date))
                .help("check both dates"),
            );
        }
        let currency_ok = r.currency(amount, inv) && a.amount.as_ref().is_none_or(|x| r.currency(x, inv));
        if currency_ok {
            // Point problems with the allocation at its amount, if it has one.
            let span = a.amount.as_ref().map_or(a.invoice.span, |x| x.span);
            resolved.push((inv, a.amount.map(|x| x.node.amount), span));
        }
    }
    let mut p = Payment {
        credit_note: number.map(Into::into),
        customer,
        date: e.date.node,
        amount: amount.node,
        allocations: resolved,
        reference: reference.as_ref().map(|t| t.node.as_ref().into()),
        reverses: None,
        reverses_span: None,
        bank_id: None,
        bank_id_span: None,
        iban: None,
        matched_by: None,
        memo: e.memo.as_ref().map(|t| t.node.as_ref().into()),
        span: e.span,
    };
    if let EntryKind::Payment {
        reverses,
        bank_id,
        iban: account,
        matched_by,
        ..
    } = &e.kind
    {
        p.reverses_span = reverses.as_ref().map(|t| t.span);
        p.bank_id = bank_id.as_ref().map(|t| t.node.as_ref().into());
        p.bank_id_span = bank_id.as_ref().map(|t| t.span);
        p.iban = account.as_ref().map(|t| iban(&t.node));
        p.matched_by = matched_by.map(|m| m.node);
    }
    Some(p)
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
        iban: account.as_ref().map(|t| iban(&t.node)),
        name: name.as_ref().map(|t| t.node.to_string()),
        memo: e.memo.as_ref().map(|t| t.node.to_string()),
        span: e.span,
        bank_id_span: bank_id.as_ref().map(|t| t.span),
    })
}

fn event(r: &mut Resolver<'_, '_>, e: &Entry<'_>) -> Option<Event> {
    let text = |t: &Option<ast::Text<'_>>| t.as_ref().map(|t| t.node.to_string());
    let (kind, note) = match &e.kind {
        EntryKind::Dispute { invoice, reason } => (EventKind::Dispute(r.invoice(invoice)?), text(reason)),
        EntryKind::Resolved { invoice, reason } => (EventKind::Resolved(r.invoice(invoice)?), text(reason)),
        EntryKind::Promise { invoice, until, reason } => {
            (EventKind::Promise(r.invoice(invoice)?, until.node), text(reason))
        }
        EntryKind::Hold { invoice, until, reason } => (
            EventKind::Hold(r.invoice(invoice)?, until.map(|u| u.node)),
            text(reason),
        ),
        EntryKind::Release { invoice, reason } => (EventKind::Release(r.invoice(invoice)?), text(reason)),
        EntryKind::Writeoff { invoice, reason } => (EventKind::Writeoff(r.invoice(invoice)?), text(reason)),
        EntryKind::Handover { invoice, agency } => (EventKind::Handover(r.invoice(invoice)?), text(agency)),
        EntryKind::Waive {
            invoice,
            what,
            amount,
            reason,
        } => (waive(r, invoice, what.node, amount.as_ref())?, text(reason)),
        EntryKind::Note { customer, text: t } => (EventKind::Note(r.customer(customer)?), Some(t.node.to_string())),
        EntryKind::Arrangement {
            invoice,
            reason,
            installments,
        } => {
            let inv = r.invoice(invoice)?;
            let plan = installments
                .iter()
                .filter(|i| r.currency(&i.amount, inv))
                .map(|i| Installment {
                    date: i.date.node,
                    amount: i.amount.node,
                })
                .collect();
            (EventKind::Arrangement(inv, plan), text(reason))
        }
        EntryKind::Sent {
            customer,
            stage,
            invoices,
            fees,
            interest,
            letter,
            channel,
        } => {
            let customer = r.customer(customer)?;
            let invoices: Vec<InvoiceId> = invoices.iter().filter_map(|i| r.invoice_of(i, customer)).collect();
            let kind = EventKind::Sent {
                customer,
                stage: stage.node.to_string(),
                stage_span: stage.span,
                fees: charges(r, fees, customer),
                interest: charges(r, interest, customer),
                invoices,
                letter: letter.as_ref().map(|t| t.node.to_string()),
                channel: channel.as_ref().map(|c| c.node.to_string()),
            };
            (kind, None)
        }
        EntryKind::Invoice { .. }
        | EntryKind::Payment { .. }
        | EntryKind::Credit { .. }
        | EntryKind::Unmatched { .. } => return None,
    };
    Some(Event {
        date: e.date.node,
        kind,
        text: note,
        memo: text(&e.memo),
        span: e.span,
    })
}

/// A waiver of an invoice's costs or interest; its amount, if any, in the invoice's currency.
fn waive(
    r: &mut Resolver<'_, '_>,
    invoice: &Id<'_>,
    what: super::Waived,
    amount: Option<&Spanned<Money>>,
) -> Option<EventKind> {
    let inv = r.invoice(invoice)?;
    if let Some(a) = amount {
        let help = "leave the amount out to waive all of it";
        if !positive(a, "a waiver", help, r.diags) || !r.currency(a, inv) {
            return None;
        }
    }
    Some(EventKind::Waive {
        invoice: inv,
        what,
        amount: amount.map(|a| a.node),
    })
}

fn charges(r: &mut Resolver<'_, '_>, lines: &[ast::Charge<'_>], customer: CustomerId) -> Vec<Charge> {
    lines
        .iter()
        .filter_map(|c| {
            let invoice = match &c.invoice {
                Some(id) => {
                    let inv = r.invoice_of(id, customer)?;
                    r.currency(&c.amount, inv).then_some(inv)?;
                    Some(inv)
                }
                None => None,
            };
            Some(Charge {
                invoice,
                amount: c.amount.node,
            })
        })
        .collect()
}
