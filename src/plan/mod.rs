//! Evaluation as of a date: `(Book, Rules, date) -> Plan`. A pure function: no I/O, no
//! clock; the date is an input and entries dated after it are not known yet.
//!
//! Per invoice: open principal, days overdue, state, hold and why, last stage, next stage
//! and the day it is due (and whether `after` or `wait` decided it), accrued interest and
//! claimed fees. Per customer and currency: totals, credit and aging buckets ([`totals`]).

mod facts;
mod holds;
mod ladder;
mod ledger;
pub mod totals;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, Customer, CustomerId, InvoiceId};
use crate::diag::Diagnostic;
use crate::interest::RateTables;
use crate::money::Currency;
use crate::rules::{Policy, Rules};

pub use holds::{Hold, HoldKind};
pub use ladder::{DueReason, NextStage};
pub use ledger::Ledger;

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Something is still owed.
    Open,
    /// Nothing is owed.
    Paid,
    /// Closed as lost.
    WrittenOff,
    /// Handed to a collection agency.
    HandedOver,
}

impl State {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Paid => "paid",
            State::WrittenOff => "written_off",
            State::HandedOver => "handed_over",
        }
    }
}

/// One invoice as of the evaluation date.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoicePlan {
    /// The invoice.
    pub invoice: InvoiceId,
    /// State.
    pub state: State,
    /// Days past the due date while open (0 if not overdue).
    pub days_overdue: i64,
    /// Principal, interest and costs.
    pub ledger: Ledger,
    /// Why escalation is paused, if it is.
    pub hold: Option<Hold>,
    /// The last stage sent, with its date.
    pub stage: Option<(String, NaiveDate)>,
    /// The next stage and when it is due; `None` at the end of the ladder, on hold, or closed.
    pub next: Option<NextStage>,
    /// The last stage sent was a handover letter and no `handover` entry exists yet.
    pub ready_for_handover: bool,
}

impl Plan {
    /// The plan of invoice `id`, if it was issued by the evaluation date.
    pub fn invoice(&self, id: InvoiceId) -> Option<&InvoicePlan> {
        // Invoices are kept in id order, so this is a binary search.
        self.invoices
            .binary_search_by_key(&id, |p| p.invoice)
            .ok()
            .map(|i| &self.invoices[i])
    }
}

impl InvoicePlan {
    /// Open, or paid with claimed costs still owed: what `status` lists without `--all`.
    pub fn is_outstanding(&self) -> bool {
        self.state == State::Open || (self.state == State::Paid && self.ledger.owes_costs())
    }
}

/// Everything known on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// Every invoice issued on or before `as_of`, in model order.
    pub invoices: Vec<InvoicePlan>,
    /// Unapplied payments per customer and currency.
    pub credit: Vec<(CustomerId, Currency, Decimal)>,
    /// Problems found while evaluating (e.g. a date outside a rate table).
    pub diagnostics: Vec<Diagnostic>,
}

/// The policy that applies to a customer: its `policy:`, else the one named `COUNTRY-KIND`
/// in lower case (`be-consumer`) for its `country:` and kind, else the one named after its kind.
pub fn policy_for<'r>(rules: &'r Rules, customer: &Customer) -> Option<&'r Policy> {
    match (&customer.policy, customer.kind) {
        (Some(name), _) => rules.policy(name),
        (None, Some(kind)) => customer
            .country
            .as_deref()
            .and_then(|country| rules.policy(&country_policy_name(country, kind.as_str())))
            .or_else(|| rules.policy(kind.as_str())),
        (None, None) => None,
    }
}

/// The name of the policy for customers of `kind` in `country`: `be-consumer`.
pub fn country_policy_name(country: &str, kind: &str) -> String {
    format!("{}-{kind}", country.to_ascii_lowercase())
}

/// Evaluates the book as of `as_of`.
pub fn evaluate(book: &Book, rules: &Rules, rates: &RateTables, as_of: NaiveDate) -> Plan {
    evaluate_detailed(book, rules, rates, as_of, None)
}

/// Evaluates the book as of `as_of`, keeping the interest periods of invoice `detail`.
pub fn evaluate_detailed(
    book: &Book,
    rules: &Rules,
    rates: &RateTables,
    as_of: NaiveDate,
    detail: Option<InvoiceId>,
) -> Plan {
    let allocation = book.allocation_as_of(as_of);
    let facts = facts::Facts::gather(book, &allocation, as_of);
    // Policies are looked up by name: once per customer, not once per invoice.
    let policies: Vec<_> = book.customers.iter().map(|c| policy_for(rules, c)).collect();
    let ctx = facts::InvoiceContext {
        book,
        rules,
        rates,
        facts: &facts,
        policies: &policies,
        as_of,
        detail,
    };
    // Invoices are independent given the facts: evaluated in chunks on every core.
    let chunks = crate::par::map_chunks(book.invoices.len(), 8192, |range| {
        let mut diagnostics = Vec::new();
        let plans: Vec<InvoicePlan> = range
            .filter(|&i| book.invoices[i].date <= as_of)
            .map(|i| evaluate_invoice(&ctx, InvoiceId(i as u32), &mut diagnostics))
            .collect();
        (plans, diagnostics)
    });
    let mut invoices = Vec::with_capacity(book.invoices.len());
    let mut diagnostics = Vec::new();
    for (plans, diags) in chunks {
        invoices.extend(plans);
        diagnostics.extend(diags);
    }
    diagnostics.extend(unverified_rates(&invoices));
    Plan {
        as_of,
        invoices,
        credit: allocation.credit.clone(),
        diagnostics,
    }
}

/// One warning when any interest used a statutory rate marked UNVERIFIED in its table.
fn unverified_rates(invoices: &[InvoicePlan]) -> Option<Diagnostic> {
    let numbers: Vec<_> = invoices
        .iter()
        .filter(|p| p.ledger.unverified_rate)
        .map(|p| p.invoice)
        .collect();
    if numbers.is_empty() {
        return None;
    }
    Some(
        Diagnostic::new(
            crate::diag::Code::UnverifiedRate,
            format!(
                "the interest of {} invoice(s) uses a statutory rate marked UNVERIFIED in its table",
                numbers.len()
            ),
        )
        .help(
            "`dun explain NUMBER` shows the periods and rates; check the rate against the official publication, \
             or give your own table with `rates SCHEME \"file.csv\"` in rules.dun",
        ),
    )
}

fn evaluate_invoice(ctx: &facts::InvoiceContext<'_>, id: InvoiceId, diags: &mut Vec<Diagnostic>) -> InvoicePlan {
    let invoice = ctx.book.invoice(id);
    let policy = ctx.policies[invoice.customer.0 as usize];
    let ledger = ledger::compute(ctx, id, policy, diags);
    let state = ctx
        .facts
        .closed(id)
        .map(|(state, _)| state)
        .unwrap_or(if ledger.is_settled() { State::Paid } else { State::Open });
    let days_overdue = if state == State::Open {
        (ctx.as_of - invoice.due).num_days().max(0)
    } else {
        0
    };
    let grace = policy.map_or(ctx.rules.grace.value, |p| p.effective_grace(ctx.rules));
    let hold = if state == State::Open {
        holds::hold_at(ctx, id, grace)
    } else {
        None
    };
    let progress = ladder::progress(ctx, id, policy);
    let next = match (state, &hold, policy) {
        (State::Open, None, Some(policy)) => ladder::next_stage(ctx, id, policy, &progress),
        _ => None,
    };
    InvoicePlan {
        invoice: id,
        state,
        days_overdue,
        ledger,
        hold,
        ready_for_handover: state == State::Open && progress.last_is_handover,
        stage: progress.last,
        next,
    }
}
