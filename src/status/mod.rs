//! The status summary: what is open, how late, at which stage, what happens next and when.
//!
//! [`Report::new`] orders a [`Plan`]'s invoices for display (customers with the most
//! overdue invoice first, and within a customer the most overdue invoice first) and sums
//! the customers and currencies (money rounded to the currency's minor unit). The invoices
//! stay borrowed from the book and plan ([`InvoiceLine`]): each renderer formats them as it
//! writes, into a buffer handed to its sink a chunk at a time.

mod csv;
mod html;
mod json;
mod markdown;
mod out;
mod row;
mod table;
mod text;

use chrono::{Datelike, NaiveDate};

use crate::book::{Book, CustomerId};
use crate::plan::totals::BUCKETS;
use crate::plan::{InvoicePlan, Plan};

pub use row::{InvoiceLine, InvoiceRow};
pub use text::Amount;

pub(crate) use csv::field as csv_field;
pub use html::escape as html_escape;
pub use json::{to_json, write_json};
pub(crate) use table::{columns, Align, Cell};

/// Output formats of `dun status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for the terminal.
    Table,
    /// The JSON shape documented in the CLI spec.
    Json,
    /// One row per invoice.
    Csv,
    /// GitHub-flavoured Markdown tables.
    Markdown,
    /// A self-contained HTML page: on the command line the dashboard ([`crate::dashboard`]).
    Html,
}

/// What to include.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this customer.
    pub customer: Option<String>,
    /// Paid, written-off and handed-over invoices too.
    pub all: bool,
}

/// One customer's amounts in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    /// Customer id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// Open principal.
    pub open: String,
    /// Overdue principal.
    pub overdue: String,
    /// Unapplied payments.
    pub credit: String,
    /// Interest owed on outstanding invoices.
    pub interest: String,
    /// Claimed fees not yet paid.
    pub fees: String,
    /// Claimed fees not yet paid (the name in docs/cli.md; the same as `fees`).
    pub fees_owed: String,
    /// The claims: open + interest owed + costs owed.
    pub total: String,
}

/// Amounts in one currency, with aging buckets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalRow {
    /// Currency code.
    pub currency: String,
    /// Open principal.
    pub open: String,
    /// Overdue principal.
    pub overdue: String,
    /// Open principal per bucket, named as in [`BUCKETS`].
    pub buckets: Vec<(&'static str, String)>,
    /// Interest on open invoices.
    pub interest: String,
    /// Claimed costs owed.
    pub fees_owed: String,
    /// The claims of open invoices.
    pub total: String,
}

/// The status summary, ready for any renderer; it borrows the book and plan it shows.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// Invoices in display order.
    pub invoices: Vec<InvoiceLine<'a>>,
    /// Customers in display order.
    pub customers: Vec<CustomerRow>,
    /// Per currency.
    pub totals: Vec<TotalRow>,
    /// Money received that belongs to no customer yet (`unmatched` entries up to the date).
    pub unmatched: Vec<UnmatchedRow>,
}

/// An `unmatched` entry: money waiting to be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedRow {
    /// Date received.
    pub date: NaiveDate,
    /// Amount.
    pub amount: String,
    /// Currency code.
    pub currency: String,
    /// The bank's id of the statement line.
    pub bank_id: Option<String>,
    /// The payer's name on the statement.
    pub name: Option<String>,
}

// Rows that hold their own text: nothing to read ahead.
impl out::Row for CustomerRow {}
impl out::Row for TotalRow {}
impl out::Row for UnmatchedRow {}

impl<'a> Report<'a> {
    /// Builds the report of `plan`, filtered.
    pub fn new(book: &'a Book, rules: &'a crate::rules::Rules, plan: &'a Plan, filter: &Filter) -> Report<'a> {
        // `Some(None)`: a filter naming no customer of the book, which matches nothing.
        let only = filter.customer.as_deref().map(|id| book.customer_id(id));
        let wanted = |c: CustomerId| only.is_none_or(|o| o == Some(c));
        let policies: Vec<_> = book
            .customers
            .iter()
            .map(|c| crate::plan::policy_for(rules, c))
            .collect();
        // The display order on this core, the sums (which need no order) on another.
        let ((invoices, place), (customer_totals, totals)) = crate::par::join(
            || {
                // Room for every invoice: growing by doubling copied the lines many times.
                let mut selected: Vec<InvoiceLine<'a>> = Vec::with_capacity(plan.invoices.len());
                selected.extend(
                    plan.invoices
                        .iter()
                        .filter(|p| filter.all || p.is_outstanding())
                        .map(|p| line(book, plan, &policies, p))
                        .filter(|l| wanted(l.invoice.customer)),
                );
                let mut worst: Vec<Option<i64>> = vec![None; book.customers.len()];
                for l in &selected {
                    let w = &mut worst[l.invoice.customer.0 as usize];
                    *w = Some(w.map_or(l.plan.days_overdue, |w| w.max(l.plan.days_overdue)));
                }
                let place = places(book, &worst);
                (display_order(&selected, &place), place)
            },
            || {
                let (customers, currencies) = plan.totals(book, wanted);
                (customers, total_rows(currencies))
            },
        );
        let mut customers: Vec<(CustomerId, CustomerRow)> = customer_totals
            .into_iter()
            .filter(|((c, _), _)| wanted(*c))
            .map(|((c, cur), t)| {
                let customer = book.customer(c);
                let row = CustomerRow {
                    id: customer.id.as_str().to_owned(),
                    name: customer.name.clone(),
                    currency: cur.to_string(),
                    open: cur.format(t.open),
                    overdue: cur.format(t.overdue),
                    credit: cur.format(t.credit),
                    interest: cur.format(t.interest),
                    fees: cur.format(t.fees),
                    fees_owed: cur.format(t.fees),
                    total: cur.format(t.total),
                };
                (c, row)
            })
            .collect();
        customers
            .sort_by(|(a, ra), (b, rb)| (place[a.0 as usize], &ra.currency).cmp(&(place[b.0 as usize], &rb.currency)));
        // Unmatched money belongs to no customer: a customer filter leaves it out.
        let unmatched = book
            .unmatched
            .iter()
            .filter(|u| u.date <= plan.as_of && filter.customer.is_none())
            .map(|u| UnmatchedRow {
                date: u.date,
                amount: u.amount.currency.format(u.amount.amount),
                currency: u.amount.currency.to_string(),
                bank_id: u.bank_id.as_deref().map(str::to_string),
                name: u.name.clone(),
            })
            .collect();
        Report {
            as_of: plan.as_of,
            invoices,
            customers: customers.into_iter().map(|(_, r)| r).collect(),
            totals,
            unmatched,
        }
    }
}

/// The line of invoice plan `p` (one of `plan`'s).
fn line<'a>(
    book: &'a Book,
    plan: &'a Plan,
    policies: &[Option<&'a crate::rules::Policy>],
    p: &'a InvoicePlan,
) -> InvoiceLine<'a> {
    let invoice = book.invoice(p.invoice);
    InvoiceLine {
        invoice,
        plan: p,
        ledger: plan.ledger(p.invoice),
        customer: book.customer(invoice.customer).id.as_str(),
        policy: policies[invoice.customer.0 as usize],
    }
}

/// `lines` in display order: customers by `place`, then most days overdue first, then by
/// due date and number.
fn display_order<'a>(lines: &[InvoiceLine<'a>], place: &[u32]) -> Vec<InvoiceLine<'a>> {
    // Sorting pairs of a number and an index: moving whole lines and comparing tuples
    // cost more than the comparisons needed. Keys, groups and lines are made on every core
    // (at a million invoices, on one they were a twelfth of the run).
    let mut keyed: Vec<(u128, u32)> = Vec::new();
    crate::par::extend_in_place(&mut keyed, lines.len(), LINES_PER_CHUNK, |range, keys| {
        for n in range {
            let l = &lines[n];
            let key = order_key(place[l.invoice.customer.0 as usize], l.plan.days_overdue, l.invoice.due);
            keys.push((key, n as u32));
        }
    });
    let number = |n: u32| lines[n as usize].number();
    // Numbers are unique, so the order is total.
    let (sorted, _) = crate::par::sort_grouped(
        &keyed,
        place.len(),
        |&(key, _)| (key >> 96) as usize,
        |(ka, a), (kb, b)| ka.cmp(kb).then_with(|| number(*a).cmp(number(*b))),
    );
    let mut ordered = Vec::new();
    crate::par::extend_in_place(&mut ordered, sorted.len(), LINES_PER_CHUNK, |range, out| {
        sorted[range].iter().for_each(|&(_, n)| out.push(lines[n as usize]));
    });
    ordered
}

/// Lines put in order by one core at a time.
const LINES_PER_CHUNK: usize = 1 << 14;

/// Each customer's place in the display order: by the days overdue of its most overdue
/// invoice shown (`worst`, most first, customers with none shown last), then by id.
fn places(book: &Book, worst: &[Option<i64>]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..book.customers.len()).collect();
    let key = |c: usize| (std::cmp::Reverse(worst[c].unwrap_or(-1)), &book.customers[c].id);
    order.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
    let mut place = vec![0; order.len()];
    for (n, c) in order.into_iter().enumerate() {
        place[c] = n as u32;
    }
    place
}

/// The display order of an invoice as one number: its customer's place, then most days
/// overdue first, then due date. Each part is mapped onto unsigned bits in order (the sign
/// bit flipped; inverted for days, which go downwards), so nothing is lost.
fn order_key(place: u32, days_overdue: i64, due: NaiveDate) -> u128 {
    let days = !((days_overdue as u64) ^ (1 << 63));
    let due = (due.num_days_from_ce() as u32) ^ (1 << 31);
    (u128::from(place) << 96) | (u128::from(days) << 32) | u128::from(due)
}

/// The rows of the per-currency totals.
fn total_rows(totals: crate::plan::totals::CurrencyTotals) -> Vec<TotalRow> {
    totals
        .into_iter()
        .map(|(cur, t)| TotalRow {
            currency: cur.to_string(),
            open: cur.format(t.open),
            overdue: cur.format(t.overdue),
            buckets: BUCKETS
                .iter()
                .zip(t.buckets)
                .map(|(name, amount)| (*name, cur.format(amount)))
                .collect(),
            interest: cur.format(t.interest),
            fees_owed: cur.format(t.fees_owed),
            total: cur.format(t.total),
        })
        .collect()
}

/// Columns of the invoice table of the Markdown and HTML reports, and whether each is a number
/// (right-aligned).
const SUMMARY_COLUMNS: [(&str, bool); 12] = [
    ("customer", false),
    ("invoice", false),
    ("due", false),
    ("days overdue", true),
    ("open", true),
    ("interest", true),
    ("costs", true),
    ("total", true),
    ("stage", false),
    ("next", false),
    ("on", false),
    ("hold", false),
];

/// The cells of one invoice in [`SUMMARY_COLUMNS`], text escaped with `escape`.
fn summary_cells(i: &InvoiceLine, escape: fn(&str) -> String) -> [String; 12] {
    [
        escape(i.customer),
        escape(i.number()),
        i.invoice.due.to_string(),
        i.plan.days_overdue.to_string(),
        format!("{} {}", i.open(), i.currency()),
        i.interest().to_string(),
        i.fees_owed().to_string(),
        format!("{} {}", i.total(), i.currency()),
        escape(i.stage().unwrap_or("")),
        escape(i.next_stage().unwrap_or("")),
        i.next_due().map(|d| d.to_string()).unwrap_or_default(),
        i.hold_text(),
    ]
}

/// Columns of the totals table, after the currency.
const TOTAL_COLUMNS: [&str; 10] = [
    "open", "interest", "costs", "total", "overdue", "current", "1-30", "31-60", "61-90", "90+",
];

/// The amounts of a total in [`TOTAL_COLUMNS`].
fn total_cells(t: &TotalRow) -> Vec<&str> {
    [t.open.as_str(), &t.interest, &t.fees_owed, &t.total, &t.overdue]
        .into_iter()
        .chain(t.buckets.iter().map(|(_, v)| v.as_str()))
        .collect()
}

/// Writes the report in `format` to `sink`, a chunk at a time (give it an unbuffered sink,
/// such as locked stdout: the renderers buffer). `color` applies to the table format only.
pub fn write(report: &Report, format: Format, color: bool, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    match format {
        Format::Table => sink.write_all(table::render(report, color).as_bytes()),
        Format::Json => write_json(report, sink),
        Format::Csv => csv::write(report, sink),
        Format::Markdown => markdown::write(report, sink),
        Format::Html => sink.write_all(html::render(report).as_bytes()),
    }
}

/// The report in `format`, as text (see [`write`]).
pub fn render(report: &Report, format: Format, color: bool) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail.
    let _ = write(report, format, color, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_key_orders_as_the_parts_do() {
        let days = [i64::MIN, -40, -1, 0, 1, 30, 31, i64::MAX];
        let dates = [
            NaiveDate::MIN,
            NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            NaiveDate::MAX,
        ];
        let mut parts = Vec::new();
        for place in [0, 1, u32::MAX] {
            for d in days {
                for due in dates {
                    parts.push((place, std::cmp::Reverse(d), due));
                }
            }
        }
        let mut by_key = parts.clone();
        by_key.sort_by_key(|&(p, std::cmp::Reverse(d), due)| order_key(p, d, due));
        parts.sort();
        assert_eq!(by_key, parts);
    }
}
