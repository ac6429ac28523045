//! The book at a glance: `dun status --format html` as one self-contained page.
//!
//! [`build`] gathers every figure of the page from the layers below, each by the function
//! the other reports use, so the page and `status --format json` / `customers --format json`
//! of the same date always agree:
//!
//! - the headline and the aging per currency: the [`Report`] of `status`;
//! - countback DSO and the customers' grades, trends and advice: [`crate::customers::behaviour`];
//! - today's letters and tasks: [`crate::due::select`], what `dun run --dry-run` selects;
//! - overdue at each month end and 30 days ago: [`history`], from the plan's own record of
//!   every application of money (one claim pass, not one per month end).
//!
//! [`render`] writes the page ([`page`]), with charts drawn as inline SVG ([`svg`]).
//! Every figure carries `data-*` attributes with the exact amount, for tests and scripts.

mod esc;
mod history;
mod page;
mod svg;
mod today;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::customers::{Behaviour, CustomerBehaviour, PortfolioRow};
use crate::interest::RateTables;
use crate::money::Currency;
use crate::plan::Plan;
use crate::rules::Rules;
use crate::status::{Filter, InvoiceRow, Report, TotalRow, UnmatchedRow};

pub use history::{overdue_on, Point};
pub use page::render;
pub use today::{Action, ActionKind, Held, Skipped};

/// How far back the headline's change looks, in days.
pub const CHANGE_DAYS: i64 = 30;

/// How many month ends the overdue chart shows before the evaluation date.
pub const MONTHS: u32 = 12;

/// Why [`build`] could not answer: the customer filter names no customer of the journal
/// (the same refusal as `dun customers`).
pub use crate::customers::Error;

/// The figures of one currency at the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// The currency.
    pub currency: Currency,
    /// Open principal, overdue principal, interest, costs owed and the claims, with the
    /// aging buckets: as `status` shows them.
    pub totals: TotalRow,
    /// Countback DSO in whole days (the whole book's; `None` with a customer filter).
    pub dso: Option<Decimal>,
    /// The same figures [`CHANGE_DAYS`] earlier.
    pub earlier: Earlier,
}

/// Open, overdue and DSO on an earlier day, for the change shown beside each figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    /// The day.
    pub date: NaiveDate,
    /// Open principal then.
    pub open: Decimal,
    /// Overdue principal then.
    pub overdue: Decimal,
    /// Countback DSO then (`None` with a customer filter).
    pub dso: Option<Decimal>,
}

/// One customer and currency: behaviour and the invoices listed beneath it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerCard {
    /// Grade, trend, advice, open and overdue (as `dun customers` shows them).
    pub behaviour: CustomerBehaviour,
    /// The customer's invoices in that currency, in the order of `status`.
    pub invoices: Vec<InvoiceRow>,
}

/// Everything on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// The customer the page is limited to, if any.
    pub customer: Option<String>,
    /// Per currency, in currency order.
    pub headlines: Vec<Headline>,
    /// Overdue at each of the last [`MONTHS`] month ends and on the evaluation date.
    pub history: Vec<Point>,
    /// Letters and tasks `dun run` would make today.
    pub actions: Vec<Action>,
    /// Customers with something due that stays unsent because it is below the minimum.
    pub skipped: Vec<Skipped>,
    /// Open invoices whose escalation is paused.
    pub held: Vec<Held>,
    /// Money received that belongs to no customer yet.
    pub unmatched: Vec<UnmatchedRow>,
    /// Customers, worst payer first.
    pub customers: Vec<CustomerCard>,
    /// The behaviour window in months.
    pub window_months: u32,
}

/// What to show.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this customer (its id).
    pub customer: Option<String>,
    /// Paid, written-off and handed-over invoices too, beneath each customer.
    pub all: bool,
}

/// Gathers the page's figures from the plan as of its date.
pub fn build(
    book: &Book,
    rules: &Rules,
    rates: &RateTables,
    plan: &Plan,
    options: &Options,
) -> Result<Dashboard, Error> {
    let only = match &options.customer {
        Some(id) => Some(
            book.customer_id(id)
                .ok_or_else(|| Error::UnknownCustomer(crate::lookup::unknown_customer(book, id)))?,
        ),
        None => None,
    };
    let filter = Filter {
        customer: options.customer.clone(),
        all: options.all,
    };
    let report = Report::new(book, rules, plan, &filter);
    let behaviour = crate::customers::behaviour(
        book,
        rules,
        plan,
        &crate::customers::Options {
            customer: options.customer.clone(),
            history: false,
        },
    )?;
    let earlier_day = plan.as_of - chrono::Duration::days(CHANGE_DAYS);
    let mut days = history::month_ends(plan.as_of, MONTHS);
    days.push(earlier_day);
    let mut points = overdue_on(book, plan, &days, |i| only.is_none_or(|c| c == i.customer));
    let earlier = points.pop().unwrap_or_else(|| Point::empty(earlier_day));
    let headlines = headlines(book, &report, &behaviour.portfolio, &earlier, only.is_some());
    let (actions, skipped) = today::actions(book, rules, rates, plan, only);
    Ok(Dashboard {
        as_of: plan.as_of,
        customer: options.customer.clone(),
        headlines,
        history: points,
        actions,
        skipped,
        held: today::held(book, plan, only),
        unmatched: report.unmatched.clone(),
        customers: cards(behaviour, &report),
        window_months: rules.window().n,
    })
}

/// The headline of each currency of the report's totals.
fn headlines(
    book: &Book,
    report: &Report,
    portfolio: &[PortfolioRow],
    earlier: &Point,
    filtered: bool,
) -> Vec<Headline> {
    report
        .totals
        .iter()
        .filter_map(|t| {
            let currency = Currency::from_code(&t.currency)?;
            let then = earlier.of(currency);
            let dso = portfolio
                .iter()
                .find(|p| p.currency == t.currency)
                .and_then(|p| p.dso_countback)
                .filter(|_| !filtered);
            Some(Headline {
                currency,
                totals: t.clone(),
                dso,
                earlier: Earlier {
                    date: earlier.date,
                    open: then.open,
                    overdue: then.overdue,
                    dso: (!filtered).then(|| crate::customers::dso_countback(book, currency, then.open, earlier.date)),
                },
            })
        })
        .collect()
}

/// Each customer of the behaviour with its invoices from the report.
fn cards(behaviour: Behaviour, report: &Report) -> Vec<CustomerCard> {
    // One pass over the invoices, each to its customer's list (in the report's order).
    let slots: std::collections::HashMap<(&str, &str), usize> = behaviour
        .customers
        .iter()
        .enumerate()
        .map(|(n, b)| ((b.id.as_str(), b.currency.as_str()), n))
        .collect();
    let mut lists: Vec<Vec<InvoiceRow>> = vec![Vec::new(); behaviour.customers.len()];
    for i in &report.invoices {
        if let Some(&n) = slots.get(&(i.customer, i.currency().code())) {
            lists[n].push(InvoiceRow::from(i));
        }
    }
    drop(slots);
    behaviour
        .customers
        .into_iter()
        .zip(lists)
        .map(|(behaviour, invoices)| CustomerCard { behaviour, invoices })
        .collect()
}

/// An amount written by [`Currency::format`] (as every amount of the [`Report`] is), back as
/// a number for drawing; anything else counts as zero.
pub(crate) fn amount(formatted: &str) -> Decimal {
    formatted.parse().unwrap_or_default()
}
