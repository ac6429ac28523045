//! Why escalation is paused on the evaluation date: an open dispute, an open hold, a
//! promise not yet expired (plus grace), or an arrangement whose installments are all met.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::facts::InvoiceContext;
use crate::book::{EventKind, InvoiceId};
use crate::syntax::ast::Duration;

/// The kinds of hold, in the order they take precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HoldKind {
    /// An open `dispute`.
    Dispute,
    /// A generic `hold` ("Mahnstopp").
    Hold,
    /// An `arrangement` kept so far.
    Arrangement,
    /// A `promise` not yet expired.
    Promise,
}

impl HoldKind {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            HoldKind::Dispute => "dispute",
            HoldKind::Hold => "hold",
            HoldKind::Arrangement => "arrangement",
            HoldKind::Promise => "promise",
        }
    }
}

/// A pause in escalation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    /// Why.
    pub kind: HoldKind,
    /// Since when.
    pub since: NaiveDate,
    /// The last day it lasts, if known (promise + grace, hold end, next installment + grace).
    pub until: Option<NaiveDate>,
    /// The reason as written.
    pub reason: Option<String>,
}

/// The hold in force on the evaluation date, if any.
pub fn hold_at(ctx: &InvoiceContext<'_>, id: InvoiceId, grace: Duration) -> Option<Hold> {
    let events = ctx.facts.events(id);
    let mut dispute: Vec<Hold> = Vec::new();
    let mut hold: Option<Hold> = None;
    let mut promise: Option<Hold> = None;
    let mut arrangement: Option<Hold> = None;
    for e in events {
        let here = |kind, until| Hold {
            kind,
            since: e.date,
            until,
            reason: e.text.clone(),
        };
        match &e.kind {
            EventKind::Dispute(_) => dispute.push(here(HoldKind::Dispute, None)),
            EventKind::Resolved(_) => {
                dispute.pop();
            }
            EventKind::Hold(_, until) => hold = Some(here(HoldKind::Hold, *until)),
            EventKind::Release(_) => hold = None,
            EventKind::Promise(_, until) => promise = Some(here(HoldKind::Promise, grace.after(*until))),
            EventKind::Arrangement(_, plan) => {
                arrangement =
                    arrangement_hold(ctx, id, e.date, plan, grace).map(|until| here(HoldKind::Arrangement, until));
            }
            _ => {}
        }
    }
    let live = |h: &Option<Hold>| h.clone().filter(|h| h.until.is_none_or(|u| ctx.as_of <= u));
    dispute
        .pop()
        .or_else(|| live(&hold))
        .or_else(|| live(&arrangement))
        .or_else(|| live(&promise))
}

/// For an arrangement kept so far, `Some(until)`: the next installment's deadline (date +
/// grace), or `None` if none is left. `None` overall if an installment was missed.
fn arrangement_hold(
    ctx: &InvoiceContext<'_>,
    id: InvoiceId,
    since: NaiveDate,
    plan: &[crate::book::Installment],
    grace: Duration,
) -> Option<Option<NaiveDate>> {
    let mut owed = Decimal::ZERO;
    for inst in plan {
        owed += inst.amount.amount;
        let deadline = grace.after(inst.date).unwrap_or(inst.date);
        if ctx.as_of <= deadline {
            return Some(Some(deadline));
        }
        let paid: Decimal = ctx
            .facts
            .applied(id)
            .filter(|a| a.date >= since && a.date <= deadline)
            .map(|a| a.parts().total())
            .sum();
        if paid < owed {
            return None; // missed: the arrangement no longer holds escalation
        }
    }
    // Every installment met: nothing more to wait for.
    None
}
