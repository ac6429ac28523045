//! `dun customers`: each customer's payment behaviour over a window, the grade and advice it
//! leads to, and the portfolio's collection figures (countback DSO, CEI) per currency.
//!
//! [`behaviour`] is the one entry point: `(Book, Rules, Plan, Options) -> Behaviour`, plain
//! structs that serialise to the JSON of `dun customers --format json`. It reads the plan
//! of the evaluation date: each invoice's state, its ledger (with the day its whole claim
//! was settled, noted by the claim pass) and every application of money. The renderers
//! (`table`, `csv`, JSON through serde) only print a [`Behaviour`].
//!
//! One concept per file: `metrics` (the per-customer figures), `promises`, `portfolio`
//! (DSO and CEI), `advice` (grade, rules, reasons in nl and en), `history` (month by month),
//! `credit` (the credit-limit warning of `status`), `table` and `csv`.

mod advice;
mod credit;
mod csv;
mod history;
mod metrics;
mod portfolio;
mod promises;
mod ser;
mod table;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, CustomerId};
use crate::money::Currency;
use crate::plan::Plan;
use crate::rules::Rules;

pub use advice::{advice_text, Grade};
pub use credit::credit_warnings;
pub use csv::to_csv;
pub use portfolio::dso_countback;
pub use table::{render_table, trend_text};

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this customer (its id).
    pub customer: Option<String>,
    /// Also each customer's history month by month ([`CustomerBehaviour::months`]).
    pub history: bool,
}

/// Why [`behaviour`] could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `Options::customer` names no customer of the journal (with what it might be).
    UnknownCustomer(crate::lookup::Unknown),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::UnknownCustomer(unknown) => unknown.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

/// Payment behaviour of every customer, as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Behaviour {
    /// The evaluation date: the window ends on it (inclusive).
    pub as_of: NaiveDate,
    /// The window's length in months (`behaviour-window`, default 12).
    pub window_months: u32,
    /// The first day of the window.
    pub window_start: NaiveDate,
    /// One entry per customer and currency with something in the window or open, worst first.
    pub customers: Vec<CustomerBehaviour>,
    /// Collection figures per currency, over the whole book.
    pub portfolio: Vec<PortfolioRow>,
}

/// One customer's behaviour in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerBehaviour {
    /// Customer id.
    pub id: String,
    /// Customer name.
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// Invoices whose whole claim was settled (paid) inside the window.
    pub invoices_paid: u32,
    /// Amount-weighted average days late of the invoices settled or closed in the window,
    /// one decimal; `None` without any.
    #[serde(serialize_with = "ser::opt_number")]
    pub avg_days_late: Option<Decimal>,
    /// The most days late of one of them.
    pub max_days_late: Option<i64>,
    /// The share of them settled after the due date, by count (0..1, three decimals).
    #[serde(serialize_with = "ser::opt_number")]
    pub late_share: Option<Decimal>,
    /// The same by amount.
    #[serde(serialize_with = "ser::opt_number")]
    pub late_share_amount: Option<Decimal>,
    /// Average days late of the last 6 months minus that of the 6 before, one decimal;
    /// `None` unless both half-years have settled invoices.
    #[serde(serialize_with = "ser::opt_number")]
    pub trend: Option<Decimal>,
    /// Promises whose date + grace passed in the window with the claim not settled.
    pub promises_broken: u32,
    /// Open principal.
    #[serde(serialize_with = "ser::money")]
    pub open: Money,
    /// Open principal past its due date.
    #[serde(serialize_with = "ser::money")]
    pub overdue: Money,
    /// Every open claim (principal, costs, interest owed), overdue or not yet due.
    #[serde(serialize_with = "ser::money")]
    pub exposure: Money,
    /// The customer's `credit-limit:` when it is in this currency.
    #[serde(serialize_with = "ser::opt_money")]
    pub credit_limit: Option<Money>,
    /// `sent` records dated in the window, per stage (tasks such as a phone call included).
    pub letters: std::collections::BTreeMap<String, u32>,
    /// A to D from the average days late; `-` without invoices settled or closed in the window.
    pub grade: Grade,
    /// The advice, in the order of the rules that gave it, each kind once.
    pub advice: Vec<String>,
    /// Why each advice was given, in nl and en.
    pub reasons: Vec<Reason>,
    /// Invoices written off or handed over in the window: counted at their worst (days late
    /// up to that day) in the figures above, not in `invoices_paid`.
    pub invoices_closed: u32,
    /// Those invoices.
    pub closed: Vec<ClosedInvoice>,
    /// The invoices settled in the window, by settled day (with [`Options::history`] only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub settled: Vec<SettledInvoice>,
    /// Month by month (with [`Options::history`] only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<Month>,
}

/// An amount in a currency; serialised as a string with the currency's minor units.
pub type Money = crate::money::Money;

/// Why an advice was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The advice.
    pub advice: String,
    /// The rule that gave it, as written in `rules.dun`.
    pub rule: String,
    /// One line in Dutch.
    pub nl: String,
    /// One line in English.
    pub en: String,
}

/// An invoice written off or handed over in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClosedInvoice {
    /// Invoice number.
    pub number: String,
    /// `written_off` or `handed_over`.
    pub state: &'static str,
    /// When.
    pub date: NaiveDate,
    /// Days from the due date to then (0 if before it).
    pub days_late: i64,
    /// The amount it weighs with (invoice amount less credit notes).
    #[serde(serialize_with = "ser::money")]
    pub amount: Money,
}

/// An invoice counted in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettledInvoice {
    /// Invoice number.
    pub number: String,
    /// Due date.
    pub due: NaiveDate,
    /// The day its whole claim reached zero, or it was written off or handed over.
    pub settled: NaiveDate,
    /// `max(0, settled - due)`.
    pub days_late: i64,
    /// The amount it weighs with.
    #[serde(serialize_with = "ser::money")]
    pub amount: Money,
    /// `paid`, `written_off` or `handed_over`.
    pub state: &'static str,
}

/// One calendar month of a customer's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Invoiced in the month.
    #[serde(serialize_with = "ser::money")]
    pub invoiced: Money,
    /// Invoices settled or closed in the month.
    pub settled: u32,
    /// Of which late.
    pub late: u32,
    /// Their amount-weighted average days late.
    #[serde(serialize_with = "ser::opt_number")]
    pub avg_days_late: Option<Decimal>,
    /// `sent` records dated in the month.
    pub letters: u32,
    /// Promises whose date + grace passed in the month, unsettled.
    pub promises_broken: u32,
    /// Open principal at the end of the month (at the evaluation date for its own month).
    #[serde(serialize_with = "ser::money")]
    pub open: Money,
    /// Of which past its due date then.
    #[serde(serialize_with = "ser::money")]
    pub overdue: Money,
}

/// Collection figures of one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioRow {
    /// Currency code.
    pub currency: String,
    /// Countback days sales outstanding, whole days; `None` when nothing was ever invoiced.
    #[serde(serialize_with = "ser::opt_number")]
    pub dso_countback: Option<Decimal>,
    /// Collection effectiveness index of the window's last month (0..1, three decimals);
    /// `None` when there was nothing to collect.
    #[serde(serialize_with = "ser::opt_number")]
    pub cei: Option<Decimal>,
    /// Amount-weighted average days late of every invoice settled or closed in the window.
    #[serde(serialize_with = "ser::opt_number")]
    pub avg_days_late: Option<Decimal>,
}

/// Computes every customer's payment behaviour as of the plan's date.
pub fn behaviour(book: &Book, rules: &Rules, plan: &Plan, options: &Options) -> Result<Behaviour, Error> {
    let only = match &options.customer {
        Some(id) => Some(
            book.customer_id(id)
                .ok_or_else(|| Error::UnknownCustomer(crate::lookup::unknown_customer(book, id)))?,
        ),
        None => None,
    };
    let window = Window::new(plan.as_of, rules.window().n);
    let facts = metrics::Facts::gather(book, rules, plan, &window);
    let groups = metrics::groups(book, plan, &facts, &window, only);
    let advice_rules = rules.advice_rules();
    let mut customers: Vec<CustomerBehaviour> = groups
        .into_iter()
        .map(|g| {
            let mut c = g.summary(book, &window);
            advice::apply(&mut c, &advice_rules);
            if options.history {
                c.settled = g.settled_list(book);
                c.months = history::months(book, plan, &facts, &g, &window);
            }
            c
        })
        .collect();
    customers.sort_by(advice::worst_first);
    Ok(Behaviour {
        as_of: plan.as_of,
        window_months: window.months,
        window_start: window.first_day(),
        customers,
        portfolio: portfolio::rows(book, plan, &facts, &window),
    })
}

/// The grade line `dun explain` shows for a customer: `B: 12.5 days late on average over 9
/// invoices (12 months to 2026-11-23)`, in the invoice's currency.
pub fn grade_line(book: &Book, rules: &Rules, plan: &Plan, customer: CustomerId, currency: Currency) -> String {
    let options = Options {
        customer: Some(book.customer(customer).id.to_string()),
        history: false,
    };
    let found = behaviour(book, rules, plan, &options)
        .ok()
        .and_then(|b| b.customers.into_iter().find(|c| c.currency == currency.code()));
    let months = rules.window().n;
    match found {
        Some(c) if c.grade != Grade::None => format!(
            "customer's grade {}: {} days late on average over {} (amount-weighted, {months} months to {})",
            c.grade.as_str(),
            c.avg_days_late.unwrap_or_default(),
            crate::diag::plural((c.invoices_paid + c.invoices_closed) as usize, "invoice", "invoices"),
            plan.as_of
        ),
        _ => format!(
            "customer's grade -: no invoice in {} settled in the {months} months to {}",
            currency.code(),
            plan.as_of
        ),
    }
}

/// The window: the days after `start` up to and including `end`, and the half-years of the
/// trend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// The day before the window's first day (`end` minus the window's months).
    start: NaiveDate,
    /// The last day: the evaluation date.
    end: NaiveDate,
    /// `end` minus 6 months: the trend's later half-year is the days after it.
    mid: NaiveDate,
    /// `end` minus 12 months: the trend's earlier half-year is the days after it up to `mid`.
    trend_start: NaiveDate,
    /// The length in months.
    months: u32,
}

impl Window {
    fn new(end: NaiveDate, months: u32) -> Window {
        let back = |m: u32| end.checked_sub_months(chrono::Months::new(m)).unwrap_or(NaiveDate::MIN);
        Window {
            start: back(months),
            end,
            mid: back(6),
            trend_start: back(12),
            months,
        }
    }

    /// Whether `day` is in the window.
    fn holds(&self, day: NaiveDate) -> bool {
        self.start < day && day <= self.end
    }

    /// The first day of the window.
    fn first_day(&self) -> NaiveDate {
        self.start.succ_opt().unwrap_or(self.start)
    }
}
