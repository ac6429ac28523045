//! Where an invoice is on its policy's ladder, and when the next stage is due.
//!
//! A stage is due on the latest of: the invoice's due date + its `after`, the day the
//! previous stage was sent + its `wait`, and for a consumer's costs the statutory date
//! ([`super::receipt`]). `escalate step` moves one stage per letter. `escalate jump` sends
//! the highest stage already due (never past a `required` one), so the next stage reported
//! is exactly what a run on its date sends: the first day any stage is due, and the highest
//! stage due by then.

use chrono::NaiveDate;
use compact_str::CompactString;

use super::facts::InvoiceContext;
use super::receipt;
use crate::book::{EventKind, InvoiceId};
use crate::fees::FeeRule;
use crate::rules::{Escalate, Policy};

/// Which rule decided the next stage's due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueReason {
    /// Due date + the stage's `after`.
    After,
    /// The previous stage's date + the stage's `wait`.
    Wait,
    /// The statutory waiting period before a consumer's costs.
    Statute,
}

/// The next stage of an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStage {
    /// Index in the policy's ladder (32 bits: a plan per invoice is kept).
    pub index: u32,
    /// Stage name (inline when short, as stage names are: no allocation per invoice).
    pub name: CompactString,
    /// The day it is due.
    pub due: NaiveDate,
    /// What decided that day.
    pub reason: DueReason,
    /// The first day a statute allows the stage's costs to a consumer, if one applies.
    pub statutory: Option<NaiveDate>,
}

/// The stages an invoice has been through.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// The last stage sent and when.
    pub last: Option<(CompactString, NaiveDate)>,
    /// Its index in the policy.
    pub last_index: Option<usize>,
    /// The last stage was marked `action handover`.
    pub last_is_handover: bool,
}

/// The last stage sent for an invoice (stages unknown to its policy are ignored; `dun check` reports them).
pub fn progress(ctx: &InvoiceContext<'_>, id: InvoiceId, policy: Option<&Policy>) -> Progress {
    // The last `sent` record decides: found from the end, its stage copied once.
    let last = ctx.facts.events(id).iter().rev().find_map(|e| match &e.kind {
        EventKind::Sent { stage, .. } => Some((stage, e.date)),
        _ => None,
    });
    let Some((stage, date)) = last else {
        return Progress::default();
    };
    let index = policy.and_then(|pol| pol.stage_index(stage));
    Progress {
        last: Some((CompactString::from(stage.as_str()), date)),
        last_index: index,
        last_is_handover: index.zip(policy).is_some_and(|(i, pol)| pol.stages[i].handover),
    }
}

/// The next stage, or `None` at the end of the ladder.
pub fn next_stage(ctx: &InvoiceContext<'_>, id: InvoiceId, policy: &Policy, progress: &Progress) -> Option<NextStage> {
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
    let due = |t: usize| stage_due(ctx, id, policy, progress, t);
    let (target, (day, reason)) = match policy.escalate.value {
        Escalate::Step => (first, due(first)),
        Escalate::Jump => {
            // Candidates up to the first `required` stage, which is never jumped over.
            let last = (first..stages.len())
                .find(|&t| stages[t].required)
                .unwrap_or(stages.len() - 1);
            let dues: Vec<(usize, (NaiveDate, DueReason))> = (first..=last).map(|t| (t, due(t))).collect();
            let earliest = dues.iter().map(|d| d.1 .0).min().unwrap_or(ctx.as_of);
            // A run on `when` sends the highest stage due by then.
            let when = earliest.max(ctx.as_of);
            let (t, (d, r)) = dues.into_iter().rfind(|d| d.1 .0 <= when)?;
            (t, (if earliest > ctx.as_of { earliest } else { d }, r))
        }
    };
    Some(NextStage {
        index: u32::try_from(target).ok()?,
        name: CompactString::from(stages[target].name.as_str()),
        due: day,
        reason,
        statutory: statutory_date(ctx, id, policy, target),
    })
}

/// The day stage `t` is due for the invoice, and the rule that decides it.
fn stage_due(
    ctx: &InvoiceContext<'_>,
    id: InvoiceId,
    policy: &Policy,
    progress: &Progress,
    t: usize,
) -> (NaiveDate, DueReason) {
    let invoice = ctx.book.invoice(id);
    let stage = &policy.stages[t];
    let mut due = (stage.after.after(invoice.due).unwrap_or(invoice.due), DueReason::After);
    if let Some((_, sent)) = &progress.last {
        let by_wait = stage.wait.after(*sent).unwrap_or(*sent);
        if by_wait > due.0 {
            due = (by_wait, DueReason::Wait);
        }
    }
    if let Some(by_statute) = statutory_date(ctx, id, policy, t) {
        if by_statute > due.0 {
            due = (by_statute, DueReason::Statute);
        }
    }
    due
}

/// The first day a consumer may be charged the costs of stage `t`, when a statute says so:
/// `fee wik` after the 14-day letter (its `required` stage), `fee be-consumer` after the
/// previous letter.
pub fn statutory_date(ctx: &InvoiceContext<'_>, id: InvoiceId, policy: &Policy, t: usize) -> Option<NaiveDate> {
    let customer = ctx.book.customer(ctx.book.invoice(id).customer);
    if customer.kind != Some(crate::syntax::ast::CustomerKind::Consumer) {
        return None;
    }
    let starts = |stage: &str| -> bool {
        match policy.stage_index(stage) {
            Some(i) if i < t => match policy.stages[t].fee {
                Some(FeeRule::Wik { .. }) => policy.stages[i].required,
                Some(FeeRule::BeConsumer) => !policy.stages[i].is_task(),
                _ => false,
            },
            _ => false,
        }
    };
    let (date, channel) = ctx.facts.events(id).iter().rev().find_map(|e| match &e.kind {
        EventKind::Sent { stage, channel, .. } if starts(stage) => Some((e.date, channel.as_deref())),
        _ => None,
    })?;
    let channel = receipt::Channel::of(channel);
    match policy.stages[t].fee {
        Some(FeeRule::Wik { .. }) => {
            let presumption = ctx.rules.receipt.map(|r| r.node).unwrap_or_default();
            Some(receipt::nl_costs_from(date, channel, presumption))
        }
        Some(FeeRule::BeConsumer) => Some(receipt::be_costs_from(date, channel)),
        _ => None,
    }
}
