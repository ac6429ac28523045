//! Broken promises: a `promise` whose date + grace passed in the window while the invoice's
//! claim was not settled by then.
//!
//! A promise recorded on or before the deadline of the one before it on the same invoice
//! replaces it (the customer moved the date, and escalation waited for the new one, as
//! `status` does): only the last of such a chain can be broken. A promise made after the
//! earlier one had already passed does not mend it: both count.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::Window;
use crate::book::{Book, EventKind, InvoiceId};
use crate::plan::{policy_for, Plan};
use crate::rules::Rules;

/// Every broken promise: the invoice and the day its date + grace passed, in invoice order.
pub(super) fn broken(book: &Book, rules: &Rules, plan: &Plan, w: &Window) -> Vec<(InvoiceId, NaiveDate)> {
    // (invoice) -> promises as (recorded, promised date), in model order.
    let mut by_invoice: FxHashMap<InvoiceId, Vec<(NaiveDate, NaiveDate)>> = FxHashMap::default();
    for e in book.events.iter().take_while(|e| e.date <= w.end) {
        if let EventKind::Promise(id, until) = e.kind {
            by_invoice.entry(id).or_default().push((e.date, until));
        }
    }
    let mut out = Vec::new();
    for (id, promises) in by_invoice {
        let customer = book.customer(book.invoice(id).customer);
        let grace = policy_for(rules, customer).map_or(rules.grace.value, |p| p.effective_grace(rules));
        let settled = plan.invoice(id).and_then(|_| plan.ledger(id).settled_on);
        for (k, &(_, until)) in promises.iter().enumerate() {
            let deadline = grace.after(until).unwrap_or(until);
            let replaced = promises.get(k + 1).is_some_and(|next| next.0 <= deadline);
            let kept = settled.is_some_and(|s| s <= deadline);
            // Passed: the deadline is over before the evaluation date.
            if !replaced && !kept && deadline < w.end && w.holds(deadline) {
                out.push((id, deadline));
            }
        }
    }
    out.sort();
    out
}
