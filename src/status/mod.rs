//! The status summary: what is open, how late, at which stage, what happens next and when.
//!
//! [`Report::new`] turns a [`Plan`] into presentation rows (money rounded to the currency's
//! minor unit, in the display order: customers with the most overdue invoice first, and
//! within a customer the most overdue invoice first); one renderer per format writes it.

mod csv;
mod html;
mod json;
mod markdown;
mod table;

use chrono::NaiveDate;

use crate::book::{Book, CustomerId};
use crate::plan::totals::BUCKETS;
use crate::plan::{InvoicePlan, Plan};

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

/// One invoice, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    /// Invoice number.
    pub number: String,
    /// Customer id.
    pub customer: String,
    /// Currency code.
    pub currency: String,
    /// Invoice amount.
    pub amount: String,
    /// Open principal.
    pub open: String,
    /// Invoice date.
    pub date: NaiveDate,
    /// Due date.
    pub due: NaiveDate,
    /// Days overdue (0 when not overdue or closed).
    pub days_overdue: i64,
    /// open | paid | written_off | handed_over
    pub state: &'static str,
    /// dispute | hold | promise | arrangement
    pub hold: Option<&'static str>,
    /// The last held day, where the hold has one (promise date + grace, hold end).
    pub hold_until: Option<NaiveDate>,
    /// Last stage sent.
    pub stage: Option<String>,
    /// Next stage.
    pub next_stage: Option<String>,
    /// When the next stage is due.
    pub next_due: Option<NaiveDate>,
    /// Interest owed (or accruing, before a letter claimed costs) as of the date.
    pub interest: String,
    /// Fees claimed.
    pub fees: String,
    /// Claimed fees not yet paid or waived.
    pub fees_owed: String,
    /// The claim: open + fees owed + interest once owed.
    pub total: String,
    /// Index of the stage in its ladder and the ladder's length, for colouring.
    pub ladder: Option<(usize, usize)>,
    /// The last stage was a handover letter and the handover is not recorded yet.
    pub ready_for_handover: bool,
    /// Why nothing is due although it is overdue (`minimum`, `hold`, `statutory-wait`,
    /// `end-of-ladder`, `handed-over`).
    pub waiting: Option<&'static str>,
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

/// The status summary, ready for any renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// Invoices in display order.
    pub invoices: Vec<InvoiceRow>,
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

impl Report {
    /// Builds the report of `plan`, filtered.
    pub fn new(book: &Book, rules: &crate::rules::Rules, plan: &Plan, filter: &Filter) -> Report {
        // `Some(None)`: a filter naming no customer of the book, which matches nothing.
        let only = filter.customer.as_deref().map(|id| book.customer_id(id));
        let wanted = |c: CustomerId| only.is_none_or(|o| o == Some(c));
        let selected: Vec<&InvoicePlan> = plan
            .invoices
            .iter()
            .filter(|p| (filter.all || p.is_outstanding()) && wanted(book.invoice(p.invoice).customer))
            .collect();
        // Customers by their most overdue invoice, then id; invoices most overdue first, then
        // by due date and number. The keys are numbers computed once per row: a customer's
        // id is its rank in id order (comparing the strings cost a pointer chase each).
        let mut worst: Vec<Option<i64>> = vec![None; book.customers.len()];
        for p in &selected {
            let w = &mut worst[book.invoice(p.invoice).customer.0 as usize];
            *w = Some(w.map_or(p.days_overdue, |w| w.max(p.days_overdue)));
        }
        let rank = id_ranks(book);
        let key = |p: &InvoicePlan| {
            let c = book.invoice(p.invoice).customer.0 as usize;
            (
                std::cmp::Reverse(worst[c]),
                rank[c],
                std::cmp::Reverse(p.days_overdue),
                book.invoice(p.invoice).due,
            )
        };
        let mut keyed: Vec<_> = selected.into_iter().map(|p| (key(p), p)).collect();
        keyed.sort_unstable_by(|(ka, a), (kb, b)| {
            ka.cmp(kb)
                .then_with(|| book.invoice(a.invoice).number.cmp(&book.invoice(b.invoice).number))
        });
        let policies: Vec<_> = book
            .customers
            .iter()
            .map(|c| crate::plan::policy_for(rules, c))
            .collect();
        // Rows are independent once ordered: formatted in chunks on every core.
        let chunks = crate::par::map_chunks(keyed.len(), 1 << 14, |range| {
            keyed[range]
                .iter()
                .map(|(_, p)| invoice_row(book, &policies, p))
                .collect::<Vec<_>>()
        });
        let mut invoices: Vec<InvoiceRow> = Vec::with_capacity(keyed.len());
        for chunk in chunks {
            invoices.extend(chunk);
        }
        let mut customers: Vec<(CustomerId, CustomerRow)> = plan
            .customer_totals(book)
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
        customers.sort_by(|(a, ra), (b, rb)| {
            let w = |c: &CustomerId| std::cmp::Reverse(worst[c.0 as usize].unwrap_or(-1));
            (w(a), rank[a.0 as usize], &ra.currency).cmp(&(w(b), rank[b.0 as usize], &rb.currency))
        });
        let filtered = filter.customer.is_some();
        let totals = totals(book, plan, filter, filtered);
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

/// Each customer's position in the order of customer ids (ids are unique in a book).
fn id_ranks(book: &Book) -> Vec<u32> {
    let mut by_id: Vec<usize> = (0..book.customers.len()).collect();
    by_id.sort_unstable_by(|&a, &b| book.customers[a].id.cmp(&book.customers[b].id));
    let mut rank = vec![0; by_id.len()];
    for (r, c) in by_id.into_iter().enumerate() {
        rank[c] = r as u32;
    }
    rank
}

fn invoice_row(book: &Book, policies: &[Option<&crate::rules::Policy>], p: &InvoicePlan) -> InvoiceRow {
    let inv = book.invoice(p.invoice);
    let cur = inv.amount.currency;
    let policy = policies[inv.customer.0 as usize];
    let ladder = p
        .stage
        .as_ref()
        .and_then(|(name, _)| policy.and_then(|pol| pol.stage_index(name).map(|i| (i, pol.stages.len()))));
    InvoiceRow {
        number: inv.number.as_str().to_owned(),
        customer: book.customer(inv.customer).id.as_str().to_owned(),
        currency: cur.to_string(),
        amount: cur.format(inv.amount.amount),
        open: cur.format(p.ledger.principal),
        date: inv.date,
        due: inv.due,
        days_overdue: p.days_overdue,
        state: p.state.as_str(),
        hold: p.hold.as_ref().map(|h| h.kind.as_str()),
        hold_until: p.hold.as_ref().and_then(|h| h.until),
        stage: p.stage.as_ref().map(|(s, _)| s.clone()),
        next_stage: p.next.as_ref().map(|n| n.name.clone()),
        next_due: p.next.as_ref().map(|n| n.due),
        interest: cur.format(p.ledger.interest),
        fees: cur.format(p.ledger.fees),
        fees_owed: cur.format(p.ledger.fees_open),
        total: cur.format(p.ledger.total()),
        ladder,
        ready_for_handover: p.ready_for_handover,
        waiting: p.waiting.map(|w| w.as_str()),
    }
}

/// Per-currency totals; with a customer filter, only that customer's invoices count.
fn totals(book: &Book, plan: &Plan, filter: &Filter, filtered: bool) -> Vec<TotalRow> {
    let scoped;
    let plan = if filtered {
        let mut p = plan.clone();
        p.invoices.retain(|i| {
            filter.customer.as_deref() == Some(book.customer(book.invoice(i.invoice).customer).id.as_str())
        });
        scoped = p;
        &scoped
    } else {
        plan
    };
    plan.currency_totals(book)
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
fn summary_cells(i: &InvoiceRow, escape: fn(&str) -> String) -> [String; 12] {
    [
        escape(&i.customer),
        escape(&i.number),
        i.due.to_string(),
        i.days_overdue.to_string(),
        format!("{} {}", i.open, i.currency),
        i.interest.clone(),
        i.fees_owed.clone(),
        format!("{} {}", i.total, i.currency),
        escape(i.stage.as_deref().unwrap_or("")),
        escape(i.next_stage.as_deref().unwrap_or("")),
        i.next_due.map(|d| d.to_string()).unwrap_or_default(),
        i.hold_text(),
    ]
}

impl InvoiceRow {
    /// The hold and until when, for people: `promise until 2026-03-18`, `dispute`.
    pub fn hold_text(&self) -> String {
        match (self.hold, self.hold_until) {
            (Some(h), Some(until)) => format!("{h} until {until}"),
            (Some(h), None) => h.to_string(),
            (None, _) => String::new(),
        }
    }
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

/// Renders the report in `format`. `color` applies to the table format only.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Table => table::render(report, color),
        Format::Json => to_json(report),
        Format::Csv => csv::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
    }
}
