//! One customer's history month by month (`dun customers --customer ID`): calendar months,
//! the last as many as the window has, up to the evaluation date. A month's figures count
//! what happened on its days inside the window; open and overdue are as of its last day
//! (the evaluation date for the current month).

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::metrics::{Facts, Group, Late};
use super::portfolio::open_at;
use super::{Money, Month, Window};
use crate::book::{Book, EventKind};
use crate::plan::Plan;

/// The months of group `g`, oldest first.
pub(super) fn months(book: &Book, plan: &Plan, facts: &Facts, g: &Group, w: &Window) -> Vec<Month> {
    let mine = |i: &crate::book::Invoice| i.customer == g.customer && i.amount.currency == g.currency;
    let money = |x: Decimal| Money::new(g.currency.round(x), g.currency);
    let this_month = w.end.with_day(1).unwrap_or(w.end);
    let mut out = Vec::new();
    for back in (0..w.months).rev() {
        let Some(first) = this_month.checked_sub_months(Months::new(back)) else {
            continue;
        };
        let last = first
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first)
            .min(w.end);
        let inside = |d: NaiveDate| first <= d && d <= last && w.holds(d);
        let mut late = Late::default();
        for o in g.outcomes.iter().filter(|o| inside(o.date)) {
            late.add(o);
        }
        let invoiced: Decimal = book
            .invoices
            .iter()
            .filter(|i| mine(i) && first <= i.date && i.date <= last)
            .map(|i| i.amount.amount)
            .sum();
        let letters = book
            .events
            .iter()
            .filter(|e| inside(e.date))
            .filter(|e| match &e.kind {
                EventKind::Sent { customer, invoices, .. } => {
                    *customer == g.customer && invoices.first().is_some_and(|i| mine(book.invoice(*i)))
                }
                _ => false,
            })
            .count() as u32;
        let broken = facts
            .broken
            .iter()
            .filter(|(i, d)| mine(book.invoice(*i)) && inside(*d))
            .count() as u32;
        let open = open_at(book, plan, facts, last, mine);
        let overdue: Decimal = open
            .iter()
            .filter(|(i, _)| book.invoice(*i).due < last)
            .map(|(_, x)| *x)
            .sum();
        out.push(Month {
            month: first.format("%Y-%m").to_string(),
            invoiced: money(invoiced),
            settled: late.count,
            late: late.late,
            avg_days_late: late.average(),
            letters,
            promises_broken: broken,
            open: money(open.iter().map(|(_, x)| *x).sum()),
            overdue: money(overdue),
        });
    }
    out
}
