//! What a letter's wording depends on beyond the amounts: which earlier letters each invoice
//! had, the interest periods behind the interest it asks, and why each of the customer's other
//! overdue invoices is not in it.

use chrono::NaiveDate;

/// The template of the Dutch consumer 14-day letter (art. 6:96 lid 6 BW).
pub const FOURTEEN_DAY_TEMPLATE: &str = "fourteen-day-letter";

use super::context::InterestPeriod;
use crate::book::{Book, EventKind, InvoiceId};
use crate::interest::Period;
use crate::money::Currency;
use crate::rules::Policy;

/// The earlier letters of one invoice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Earlier {
    /// A letter (not a task) was sent about it.
    pub reminded: bool,
    /// A Dutch consumer 14-day letter was sent about it.
    pub fourteen_day: bool,
}

/// The earlier letters of invoice `id`, up to `date`, from the `sent` records.
pub fn earlier(book: &Book, policy: Option<&Policy>, id: InvoiceId, date: NaiveDate) -> Earlier {
    let mut out = Earlier::default();
    for e in book.events.iter().filter(|e| e.date <= date) {
        let EventKind::Sent {
            stage,
            invoices,
            channel,
            ..
        } = &e.kind
        else {
            continue;
        };
        if !invoices.contains(&id) || channel.as_deref() == Some("task") {
            continue;
        }
        let template = policy
            .and_then(|p| p.stages.iter().find(|s| &s.name == stage))
            .and_then(|s| s.template());
        if template.is_none() && policy.is_some_and(|p| p.stages.iter().any(|s| &s.name == stage)) {
            continue; // a task stage recorded without `channel: task`
        }
        out.reminded = true;
        out.fourteen_day |= template == Some(FOURTEEN_DAY_TEMPLATE);
    }
    out
}

/// Periods as a letter states them: neighbours with the same rate and principal joined.
pub fn merged(cur: Currency, periods: &[Period]) -> Vec<InterestPeriod> {
    let mut runs: Vec<Period> = Vec::new();
    for p in periods.iter().filter(|p| p.days > 0) {
        match runs.last_mut() {
            Some(last)
                if last.to == p.from
                    && last.rate == p.rate
                    && last.principal == p.principal
                    && last.provisional == p.provisional =>
            {
                last.to = p.to;
                last.days += p.days;
                last.interest += p.interest;
            }
            _ => runs.push(p.clone()),
        }
    }
    runs.iter()
        .map(|p| InterestPeriod {
            from: p.from.to_string(),
            to: p.to.pred_opt().unwrap_or(p.to).to_string(),
            days: p.days,
            rate: format!("{:.2}", p.rate.round_dp(2)),
            principal: cur.format(cur.round(p.principal)),
            interest: cur.format(cur.round(p.interest)),
            provisional: p.provisional,
        })
        .collect()
}
