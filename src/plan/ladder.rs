//! Where an invoice is on its policy's ladder, and when the next stage is due.
//!
//! The next stage is due on the later of: due date + its `after`, and the day the
//! previous stage was sent + its `wait`. `escalate step` moves one stage per letter;
//! `escalate jump` goes to the highest stage whose `after` has passed, but never over a
//! `required` stage.

use chrono::NaiveDate;

use super::facts::InvoiceContext;
use crate::book::{EventKind, InvoiceId};
use crate::rules::{Escalate, Policy};

/// Which rule decided the next stage's due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueReason {
    /// Due date + the stage's `after`.
    After,
    /// The previous stage's date + the stage's `wait`.
    Wait,
}

/// The next stage of an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStage {
    /// Index in the policy's ladder.
    pub index: usize,
    /// Stage name.
    pub name: String,
    /// The day it is due.
    pub due: NaiveDate,
    /// What decided that day.
    pub reason: DueReason,
}

/// The stages an invoice has been through.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// The last stage sent and when.
    pub last: Option<(String, NaiveDate)>,
    /// Its index in the policy.
    pub last_index: Option<usize>,
    /// The last stage was marked `action handover`.
    pub last_is_handover: bool,
}

/// The last stage sent for an invoice (stages unknown to its policy are ignored; `dun check` reports them).
pub fn progress(ctx: &InvoiceContext<'_>, id: InvoiceId, policy: Option<&Policy>) -> Progress {
    let mut p = Progress::default();
    for e in ctx.facts.events(id) {
        let EventKind::Sent { stage, .. } = &e.kind else {
            continue;
        };
        let index = policy.and_then(|pol| pol.stage_index(stage));
        p.last = Some((stage.clone(), e.date));
        p.last_index = index;
        p.last_is_handover = index.zip(policy).is_some_and(|(i, pol)| pol.stages[i].handover);
    }
    p
}

/// The next stage, or `None` at the end of the ladder.
pub fn next_stage(ctx: &InvoiceContext<'_>, id: InvoiceId, policy: &Policy, progress: &Progress) -> Option<NextStage> {
    let invoice = ctx.book.invoice(id);
    let first = match (&progress.last, progress.last_index) {
        (None, _) => 0,
        (Some(_), Some(i)) => i + 1,
        // The last stage is not in this policy (reported by `dun check`): nothing to plan.
        (Some(_), None) => return None,
    };
    let stages = &policy.stages;
    if first >= stages.len() {
        return None;
    }
    let after_day = |i: usize| stages[i].after.after(invoice.due).unwrap_or(invoice.due);
    let mut target = first;
    if policy.escalate.value == Escalate::Jump {
        while target + 1 < stages.len() && !stages[target].required && after_day(target + 1) <= ctx.as_of {
            target += 1;
        }
    }
    let stage = &stages[target];
    let by_after = after_day(target);
    let by_wait = progress
        .last
        .as_ref()
        .map(|(_, sent)| stage.wait.after(*sent).unwrap_or(*sent));
    let (due, reason) = match by_wait {
        Some(w) if w > by_after => (w, DueReason::Wait),
        _ => (by_after, DueReason::After),
    };
    Some(NextStage {
        index: target,
        name: stage.name.clone(),
        due,
        reason,
    })
}
