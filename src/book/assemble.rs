//! Syntax trees -> [`Book`], as a chain of named steps: index customers -> rank entries in
//! model order -> lower each part (freeing its trees) -> claim numbers and index invoices
//! -> resolve the `invoice:` lines of payments, and events.

use rustc_hash::FxHashSet as HashSet;

use super::lower::{lower, Lowered, Lowering, Part, Pending};
use super::numbers::{NumberIndex, Slots};
use super::resolve::{positive, Resolver};
use super::slots::{BookSlots, PartSlots, Records, Vacant};

use super::{Allocation, Book, Customer, CustomerId, Event, Invoice, InvoiceId, Payment, PaymentId};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{self, Duration, Id};
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

/// Builds the checked model, consuming the syntax trees: each part's are freed once its
/// records exist. Problems are returned with the book, which holds everything that could
/// be resolved, so later checks still run.
pub fn build(parsed: Vec<ParsedJournal<'_>>, opts: BuildOptions) -> (Book, Vec<Diagnostic>) {
    let lowered = crate::par::map_owned(parsed, |_, parsed| lower(parsed));
    build_lowered(lowered, opts)
}

/// [`build`] from parts already lowered (by [`lower`], on the cores that parsed them).
pub fn build_lowered(lowered: Vec<Lowered<'_>>, opts: BuildOptions) -> (Book, Vec<Diagnostic>) {
    build_in_slots(lowered, BookSlots::default(), opts)
}

/// [`build_lowered`] from parts parsed by [`super::parse_part_into_slots`] (in part order,
/// any others after them), their invoices, payments and credit notes in `slots`: when they
/// fill their slots and are in model order, the slots are the book's records, with no copy.
pub(crate) fn build_in_slots(
    lowered: Vec<Lowered<'_>>,
    slots: BookSlots,
    opts: BuildOptions,
) -> (Book, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let poisoned: HashSet<&str> = lowered.iter().flat_map(|p| p.poisoned.iter().copied()).collect();
    let mut book = Book::default();
    index_customers(&mut book, &lowered, &mut diags);
    let (firsts, rank) = ranks(&lowered);
    let lowering = Lowering {
        book: &book,
        poisoned: &poisoned,
        opts,
        rank: &rank,
    };
    let BookSlots {
        invoices: mut invoice_slots,
        payments: mut payment_slots,
    } = slots;
    // Parts lowered otherwise have no slots.
    invoice_slots.lens.resize(lowered.len(), 0);
    payment_slots.lens.resize(lowered.len(), 0);
    let work: Vec<_> = (lowered.into_iter())
        .zip(invoice_slots.parts())
        .zip(payment_slots.parts())
        .collect();
    let mut parts = crate::par::map_owned(work, |i, ((part, invoices), payments)| {
        lowering.part(part, firsts[i], (invoices, payments))
    });
    drop(rank);
    // Problems found after the customers, with the step that found them and their entry's
    // rank: sorted by both, they come in the order one pass per step in model order gives.
    let mut found: Vec<((u8, u32), Diagnostic)> = Vec::new();
    let duplicates = index_invoices(&mut book, &mut parts, invoice_slots, &mut found);
    let poisoned: HashSet<&str> = poisoned.union(&duplicates).copied().collect();
    for part in &mut parts {
        let unknown = std::mem::take(&mut part.unknown);
        let reported = unknown.into_iter().filter(|(_, id, _)| !duplicates.contains(id));
        found.extend(reported.map(|(at, _, d)| ((1, at), d)));
        found.extend(std::mem::take(&mut part.diags).into_iter().map(|(at, d)| ((1, at), d)));
    }
    book.allocations = resolve_payments(&book, &poisoned, &mut parts, &mut payment_slots, &mut found);
    let payments: Vec<_> = (parts.iter_mut())
        .map(|p| (std::mem::take(&mut p.payments), std::mem::take(&mut p.pending)))
        .collect();
    let (events, (payments, reversals)) = crate::par::join(
        || events(&book, &poisoned, &mut parts, &mut found),
        || payments_in_order(payment_slots, payments),
    );
    (book.events, book.payments) = (events, payments);
    let mut unmatched: Vec<_> = parts
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.unmatched))
        .collect();
    unmatched.sort_by_key(|(at, _)| *at);
    book.unmatched = unmatched.into_iter().map(|(_, u)| u).collect();
    found.sort_by_key(|(key, _)| *key);
    diags.extend(found.into_iter().map(|(_, d)| d));
    let reversals: Vec<(PaymentId, &ast::Text<'_>)> = reversals.iter().map(|(id, r)| (*id, &**r)).collect();
    super::reversals::resolve(&mut book, &reversals, &mut diags);
    (book, diags)
}

/// Each part's first entry in file order among all entries, and each entry's rank: its place
/// in model order (by date, ties in file order, then position).
fn ranks(parts: &[Lowered<'_>]) -> (Vec<usize>, Vec<u32>) {
    let mut firsts = Vec::with_capacity(parts.len());
    let mut days = Vec::with_capacity(parts.iter().map(|p| p.days.len()).sum());
    for p in parts {
        firsts.push(days.len());
        days.extend_from_slice(&p.days);
    }
    (firsts, super::order::ranks(&days))
}

/// Step 1: customers, in file order; duplicates and missing kinds reported.
fn index_customers(book: &mut Book, parts: &[Lowered<'_>], diags: &mut Vec<Diagnostic>) {
    for c in parts.iter().flat_map(|p| p.customers.iter()) {
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
pub(super) fn iban(text: &str) -> compact_str::CompactString {
    crate::iban::electronic_form(text).into()
}

/// What claiming the invoice and credit-note numbers finds.
#[derive(Default)]
struct Claims<'a> {
    /// Numbers used twice.
    duplicates: HashSet<&'a str>,
    /// Ranks of the entries that use a number again.
    later: HashSet<u32>,
    /// Problems, with the rank of their entry.
    diags: Vec<(u32, Diagnostic)>,
}

/// Step 3: invoices and credit-note numbers in model order; duplicates reported in both
/// places, problems with step and rank into `found`. Both are lookups in large tables, so
/// the numbers are claimed on one core while the invoices are put in order and indexed on
/// another as if no number were used twice; when one is, its later uses are taken out and
/// the invoices indexed again.
fn index_invoices<'a>(
    book: &mut Book,
    parts: &mut [Part<'a>],
    slots: PartSlots<Invoice>,
    found: &mut Vec<((u8, u32), Diagnostic)>,
) -> HashSet<&'a str> {
    let invoices: Vec<_> = parts.iter_mut().map(|p| std::mem::take(&mut p.invoices)).collect();
    let ranks: Vec<u32> = parts
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.invoice_ranks))
        .collect();
    let numbers = Numbers::of(parts);
    let (claims, (mut invoices, ranks, index)) = crate::par::join(
        || claim_numbers(&numbers),
        || {
            let (invoices, ranks) = records_in_order(slots, invoices, ranks);
            let index = NumberIndex::new(&invoices);
            (invoices, ranks, index)
        },
    );
    book.invoice_index = match claims.later.is_empty() {
        true => index,
        false => {
            let mut at = ranks.iter();
            invoices.retain(|_| at.next().is_some_and(|r| !claims.later.contains(r)));
            NumberIndex::new(&invoices)
        }
    };
    book.invoices = invoices;
    found.extend(claims.diags.into_iter().map(|(at, d)| ((0, at), d)));
    for part in parts.iter_mut() {
        part.numbers = Vec::new();
        let diags = std::mem::take(&mut part.invoice_diags).into_iter();
        found.extend(
            diags
                .filter(|(at, _)| !claims.later.contains(at))
                .map(|(at, d)| ((0, at), d)),
        );
    }
    claims.duplicates
}

/// The numbers of invoices and credit notes of every part (each with its rank), read in
/// place by their place among all of them: a copy of them in one vector was 40 MB at a
/// million invoices.
struct Numbers<'p, 'a> {
    parts: &'p [Part<'a>],
    /// Where each part's numbers start among all.
    starts: Vec<u32>,
}

impl<'p, 'a> Numbers<'p, 'a> {
    fn of(parts: &'p [Part<'a>]) -> Numbers<'p, 'a> {
        let mut at = 0;
        let starts = parts
            .iter()
            .map(|p| {
                let start = at;
                at += p.numbers.len() as u32;
                start
            })
            .collect();
        Numbers { parts, starts }
    }

    /// How many there are.
    fn len(&self) -> usize {
        self.parts.iter().map(|p| p.numbers.len()).sum()
    }

    /// The `i`th, in file order, with its rank.
    fn get(&self, i: u32) -> (u32, Id<'a>) {
        let part = self.starts.partition_point(|&s| s <= i) - 1;
        let p = &self.parts[part];
        let number = &p.numbers[(i - self.starts[part]) as usize];
        (number.at, number.id(p.file))
    }

    /// All of them, in file order, with their ranks.
    fn iter(&self) -> impl Iterator<Item = (u32, Id<'a>)> + '_ {
        (self.parts.iter()).flat_map(|p| p.numbers.iter().map(move |n| (n.at, n.id(p.file))))
    }
}

/// The numbers of invoices and credit notes, each claimed by its first use in model order;
/// `numbers` come in file order with their rank.
fn claim_numbers<'a>(numbers: &Numbers<'_, 'a>) -> Claims<'a> {
    // Where among `numbers` the first use in model order is, so far.
    let mut first = Slots::with_room(numbers.len());
    let key_of = |i: u32| numbers.get(i).1.node;
    // The other uses: which one is first is known only once every use has been seen.
    let mut again = Vec::new();
    for (i, (at, number)) in (0u32..).zip(numbers.iter()) {
        let slot = first.find(number.node, key_of);
        match first.get(slot) {
            Some(used) if numbers.get(used).0 < at => again.push(i),
            Some(used) => {
                again.push(used);
                first.set(slot, i);
            }
            None => first.set(slot, i),
        }
    }
    let mut claims = Claims::default();
    for (at, number) in again.into_iter().map(|i| numbers.get(i)) {
        let Some(i) = first.get(first.find(number.node, key_of)) else {
            continue;
        };
        claims
            .diags
            .push((at, duplicate_number(&number, numbers.get(i).1.span)));
        claims.duplicates.insert(number.node);
        claims.later.insert(at);
    }
    claims
}

fn duplicate_number(number: &Id<'_>, first: Span) -> Diagnostic {
    Diagnostic::new(Code::DuplicateNumber, format!("number `{}` is used twice", number.node))
        .at(number.span)
        .label("used again here")
        .related(first, "first used here")
        .help("invoice and credit-note numbers must be unique across all files; after a merge, renumber one of them")
}

/// Payments and credit notes of every part in model order (see [`records_in_order`]), with
/// the `reverses:` of those that have one, by payment.
fn payments_in_order<'a>(
    slots: PartSlots<Payment>,
    parts: Vec<(Records<Payment>, Vec<Pending<'a>>)>,
) -> (Vec<Payment>, Vec<(PaymentId, Box<ast::Text<'a>>)>) {
    let (records, pending): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
    let ranks: Vec<u32> = pending.iter().flatten().map(|p| p.rank).collect();
    let (payments, ranks) = records_in_order(slots, records, ranks);
    // Few payments reverse another: each is found by its rank, which is distinct.
    let mut reversals: Vec<_> = (pending.into_iter().flatten())
        .filter_map(|p| Some((p.reverses?, p.rank)))
        .filter_map(|(r, rank)| Some((PaymentId(ranks.binary_search(&rank).ok()? as u32), r)))
        .collect();
    reversals.sort_unstable_by_key(|(id, _)| *id);
    (payments, reversals)
}

/// The records of every part in model order, and their ranks in order, the records' ranks
/// being `ranks` (part by part, each part's in order, as [`Records`] have them). When every
/// part's records fill its slots and the parts are in order one after the other (nearly
/// always), the slots are the records in model order, with no copy.
fn records_in_order<T: Vacant + Send>(
    mut slots: PartSlots<T>,
    mut parts: Vec<Records<T>>,
    mut ranks: Vec<u32>,
) -> (Vec<T>, Vec<u32>) {
    let filled = (parts.iter().zip(&slots.lens)).all(|(r, &len)| r.own.is_empty() && r.in_slots == len);
    if ranks.is_sorted() && filled {
        return (slots.all, ranks);
    }
    let records = (parts.iter_mut().zip(slots.parts())).map(|(r, slots)| r.of(slots));
    let records = super::order::in_rank_order(records.collect(), &ranks);
    ranks.sort_unstable();
    (records, ranks)
}

/// Entries resolved as one piece of work: both cores busy from a hundred thousand
/// entries on (one chunk was all of them), few enough chunks that each is worth a start.
fn chunk_of(len: usize) -> usize {
    (len / 8).max(1 << 10)
}

/// Step 4: the `invoice:` lines of every payment resolved in place, its part's on any
/// core (their problems carry the payment's rank, so the order of the work is no matter);
/// the lines as written are freed there too.
fn resolve_payments(
    book: &Book,
    poisoned: &HashSet<&str>,
    parts: &mut [Part<'_>],
    slots: &mut PartSlots<Payment>,
    found: &mut Vec<((u8, u32), Diagnostic)>,
) -> Vec<Allocation> {
    // Each part's resolved lines go to the book's vector at once, in a place as long as its
    // written lines: those that name no invoice leave a gap that no payment points into.
    let lens: Vec<usize> = parts.iter().map(|p| p.allocations.len()).collect();
    let bounds = crate::par::bounds_of(&lens);
    let work: Vec<_> = (parts.iter_mut().zip(slots.parts()).zip(bounds).zip(lens))
        .map(|(((part, slots), base), len)| ((part, slots, base as u32), len))
        .collect();
    let mut out = Vec::new();
    let chunks = crate::par::extend_in_parts(&mut out, work, |(part, slots, base), resolved| {
        let mut at = base;
        let mut diags = Vec::new();
        let mut tagged = Vec::new();
        let Part {
            file,
            payments,
            pending,
            allocations,
            ..
        } = part;
        // The lines of one payment at a time as the syntax tree has them.
        let mut written = Vec::new();
        let lines_of =
            |rest: &Pending<'_>| &allocations[rest.allocations.start as usize..rest.allocations.end as usize];
        let payments = payments.of(slots);
        for (block, pending) in (payments.chunks_mut(crate::ahead::BLOCK)).zip(pending.chunks(crate::ahead::BLOCK)) {
            // The numbers, their slots in the index and the invoices they name lie at
            // random places (resolution at 100k, 2 cores: 10.8 -> 9.1 ms over one read ahead
            // by whole lookups, which overlapped only a few).
            book.read_ahead_numbers(pending.iter().flat_map(lines_of).map(|l| l.invoice()));
            for (p, rest) in block.iter_mut().zip(pending) {
                let mut r = Resolver {
                    book,
                    poisoned,
                    diags: &mut diags,
                };
                written.clear();
                written.extend(lines_of(rest).iter().map(|l| l.allocation(*file)));
                let span = rest.amount_at.span(*file);
                let n = super::resolve::allocations(&mut r, p, &written, span, resolved);
                p.allocations = at..at + n;
                at += n;
                tagged.extend(diags.drain(..).map(|d| ((1, rest.rank), d)));
            }
        }
        *allocations = Vec::new();
        resolved.fill_rest(|| (InvoiceId(u32::MAX), None, Span::default()));
        tagged
    });
    found.extend(chunks.into_iter().flatten());
    out
}

/// Step 4 too: the events of every part, in model order, resolved in chunks on every core.
fn events(
    book: &Book,
    poisoned: &HashSet<&str>,
    parts: &mut [Part<'_>],
    found: &mut Vec<((u8, u32), Diagnostic)>,
) -> Vec<Event> {
    let mut entries: Vec<_> = parts.iter_mut().flat_map(|p| std::mem::take(&mut p.events)).collect();
    entries.sort_unstable_by_key(|(at, _)| *at);
    let chunks = crate::par::map_chunks(entries.len(), chunk_of(entries.len()), |range| {
        let mut diags = Vec::new();
        let mut tagged = Vec::new();
        let mut events = Vec::new();
        for (at, e) in &entries[range] {
            let mut r = Resolver {
                book,
                poisoned,
                diags: &mut diags,
            };
            events.extend(super::resolve::event(&mut r, e));
            tagged.extend(diags.drain(..).map(|d| ((1, *at), d)));
        }
        (events, tagged)
    });
    let mut out = Vec::with_capacity(chunks.iter().map(|(e, _)| e.len()).sum());
    for (events, tagged) in chunks {
        out.extend(events);
        found.extend(tagged);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::written::Number;
    use super::*;
    use crate::source::FileId;

    #[test]
    fn numbers_are_read_in_place_as_one_list() {
        // Parts without numbers among them, first and last too.
        let names = ["A", "B", "C", "D", "E", "F"];
        let mut next = 0u32;
        let parts: Vec<Part<'_>> = [0, 2, 0, 0, 3, 1, 0]
            .into_iter()
            .map(|len| {
                let mut part = Part::default();
                for _ in 0..len {
                    let span = Span::new(FileId(0), next as usize, next as usize + 1);
                    part.numbers
                        .push(Number::new(next, &Id::new(names[next as usize], span)));
                    next += 1;
                }
                part
            })
            .collect();
        let numbers = Numbers::of(&parts);
        assert_eq!(numbers.len(), names.len());
        let all: Vec<&str> = numbers.iter().map(|(_, id)| id.node).collect();
        assert_eq!(all, names);
        for (i, name) in (0u32..).zip(names) {
            assert_eq!(numbers.get(i).1.node, name);
            assert_eq!(numbers.get(i).0, i);
        }
    }

    #[test]
    fn a_number_is_claimed_by_its_first_use_in_date_order() {
        // In file order March, January, February; in model order January claims `A`.
        let text = "customer c \"C\"\n  kind: business\n\
                    2026-03-01 invoice A c 10.00 EUR\n\
                    2026-01-01 invoice A c 20.00 EUR\n\
                    2026-02-01 credit A c 5.00 EUR\n";
        let at = |line: &str| text.find(line).expect("ok: the line is in the text") + line.len() - 1;
        let (march, january, february) = (
            at("2026-03-01 invoice A"),
            at("2026-01-01 invoice A"),
            at("2026-02-01 credit A"),
        );
        let (book, diags) = build(
            vec![crate::syntax::parse_journal(FileId(0), text)],
            BuildOptions::default(),
        );
        assert_eq!(book.invoices.len(), 1);
        assert_eq!(book.invoices[0].amount.amount.to_string(), "20.00");
        let found: Vec<(usize, usize)> = diags
            .iter()
            .filter(|d| d.code == Code::DuplicateNumber)
            .filter_map(|d| Some((d.span?.start as usize, d.related.first()?.0.start as usize)))
            .collect();
        // Reported in model order (February, then March), each pointing at January's use.
        assert_eq!(found, [(february, january), (march, january)]);
    }
}
