//! What needs doing on the date: the letters and tasks `dun run --dry-run` would list (from
//! [`crate::due::select`], the same selection), the customers skipped for the minimum, and
//! the invoices whose escalation is paused, with why and until when.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, CustomerId};
use crate::due::select;
use crate::interest::RateTables;
use crate::money::Money;
use crate::plan::{Plan, State};
use crate::rules::Rules;

/// A letter or a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// A letter to send.
    Letter,
    /// A task to do (e.g. a phone call), recorded with `dun done`.
    Task,
}

impl ActionKind {
    /// `letter` or `task`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Letter => "letter",
            ActionKind::Task => "task",
        }
    }
}

/// One letter or task due on the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// Letter or task.
    pub kind: ActionKind,
    /// Customer id.
    pub customer: String,
    /// Customer name.
    pub name: String,
    /// The stage.
    pub stage: String,
    /// The invoices it concerns, by number.
    pub invoices: Vec<String>,
    /// A letter: what it asks (principal, interest claimed, costs), as the letter totals it.
    /// A task: the open principal of its invoices.
    pub amount: Money,
    /// A letter: pay by this day.
    pub pay_by: Option<NaiveDate>,
    /// A task: what to do.
    pub text: String,
}

/// A customer with something due, not sent because the overdue total is below the minimum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Customer id.
    pub customer: String,
    /// Their overdue total in the currency.
    pub overdue: Money,
    /// The minimum.
    pub minimum: Money,
}

/// An open invoice whose escalation is paused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// Invoice number.
    pub number: String,
    /// Customer id.
    pub customer: String,
    /// `dispute`, `hold`, `arrangement` or `promise`.
    pub kind: &'static str,
    /// Since when.
    pub since: NaiveDate,
    /// The last held day, where known.
    pub until: Option<NaiveDate>,
    /// The reason as written, if any.
    pub reason: Option<String>,
    /// Open principal.
    pub open: Money,
}

/// The letters (in the order `run` lists them), then the tasks, and the customers skipped.
pub(super) fn actions(
    book: &Book,
    rules: &Rules,
    rates: &RateTables,
    plan: &Plan,
    only: Option<CustomerId>,
) -> (Vec<Action>, Vec<Skipped>) {
    let due = select(book, rules, rates, plan);
    let wanted = |c: CustomerId| only.is_none_or(|o| o == c);
    let open = |id| {
        plan.issued_ledger(id)
            .map_or(Decimal::ZERO, |l| book.invoice(id).amount.currency.round(l.principal))
    };
    let mut out: Vec<Action> = due
        .letters
        .iter()
        .filter(|l| wanted(l.customer))
        .map(|l| Action {
            kind: ActionKind::Letter,
            customer: book.customer(l.customer).id.to_string(),
            name: book.customer(l.customer).name.clone(),
            stage: l.stage.clone(),
            invoices: l.numbers(book),
            amount: Money::new(l.total(plan), l.currency),
            pay_by: Some(l.pay_by),
            text: String::new(),
        })
        .collect();
    for t in due.tasks.iter().filter(|t| wanted(t.customer)) {
        let Some(first) = t.invoices.first() else { continue };
        out.push(Action {
            kind: ActionKind::Task,
            customer: book.customer(t.customer).id.to_string(),
            name: book.customer(t.customer).name.clone(),
            stage: t.stage.clone(),
            invoices: t.invoices.iter().map(|i| book.invoice(*i).number.to_string()).collect(),
            amount: Money::new(
                t.invoices.iter().map(|i| open(*i)).sum(),
                book.invoice(*first).amount.currency,
            ),
            pay_by: None,
            text: t.text.clone(),
        });
    }
    let skipped = due
        .skipped
        .iter()
        .filter(|s| wanted(s.customer))
        .map(|s| Skipped {
            customer: book.customer(s.customer).id.to_string(),
            overdue: Money::new(s.overdue.currency.round(s.overdue.amount), s.overdue.currency),
            minimum: s.minimum,
        })
        .collect();
    (out, skipped)
}

/// Open invoices on hold, in the order of their customers' ids, then invoice numbers.
pub(super) fn held(book: &Book, plan: &Plan, only: Option<CustomerId>) -> Vec<Held> {
    let mut out: Vec<Held> = plan
        .invoices
        .iter()
        .filter(|p| p.state == State::Open)
        .filter(|p| only.is_none_or(|o| o == book.invoice(p.invoice).customer))
        .filter_map(|p| {
            let h = p.hold.as_ref()?;
            let inv = book.invoice(p.invoice);
            Some(Held {
                number: inv.number.to_string(),
                customer: book.customer(inv.customer).id.to_string(),
                kind: h.kind.as_str(),
                since: h.since,
                until: h.until,
                reason: h.reason.clone(),
                open: Money::new(
                    inv.amount.currency.round(plan.ledger(p.invoice).principal),
                    inv.amount.currency,
                ),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.customer, &a.number).cmp(&(&b.customer, &b.number)));
    out
}
