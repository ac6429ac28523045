//! Open and overdue principal on earlier days, from one plan.
//!
//! Evaluating the book again at each month end would run the claim pass (allocation and
//! interest, the costliest part of an evaluation) once per day. It is not needed for
//! principal: money once applied to an invoice never moves (the claim pass allocates in
//! date order and a later entry cannot change an earlier application), so the plan's
//! splits dated up to a day are exactly what that day's evaluation applies. The open
//! principal of an invoice on day D is then its amount less the principal of its splits up
//! to D, unless it was written off or handed over by D; it is overdue when its due date is
//! before D. One pass over the splits and the invoices per day.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use crate::book::{Book, EventKind, Invoice};
use crate::money::Currency;
use crate::plan::Plan;

/// Open and overdue principal per currency on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// The day.
    pub date: NaiveDate,
    /// Per currency (in currency order): open principal and the part of it overdue.
    pub totals: BTreeMap<Currency, Amounts>,
}

/// Open principal and the part overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amounts {
    /// Open principal.
    pub open: Decimal,
    /// Of which past its due date.
    pub overdue: Decimal,
}

impl Point {
    /// Nothing open on `date`.
    pub fn empty(date: NaiveDate) -> Point {
        Point {
            date,
            totals: BTreeMap::new(),
        }
    }

    /// The amounts of `currency` (zero when nothing of it was open).
    pub fn of(&self, currency: Currency) -> Amounts {
        self.totals.get(&currency).copied().unwrap_or_default()
    }
}

/// The last day of each of the `months` months before the month of `as_of`, oldest first,
/// then `as_of` itself.
pub fn month_ends(as_of: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let first_of_month = as_of.with_day(1).unwrap_or(as_of);
    let mut days: Vec<NaiveDate> = (1..=months)
        .rev()
        .filter_map(|back| first_of_month.checked_sub_months(Months::new(back - 1)))
        .filter_map(|first| first.pred_opt())
        .collect();
    days.push(as_of);
    days
}

/// Open and overdue principal of the invoices `keep` accepts, on each of `days` (none after
/// the plan's date), as the plan's evaluation on each day would total them: what
/// `status --format json --date DAY` shows as `open` and `overdue`.
pub fn overdue_on(book: &Book, plan: &Plan, days: &[NaiveDate], keep: impl Fn(&Invoice) -> bool + Sync) -> Vec<Point> {
    let last = days.iter().copied().max().unwrap_or(plan.as_of).min(plan.as_of);
    let mut closed: Vec<Option<NaiveDate>> = vec![None; book.invoices.len()];
    for e in book.events.iter().take_while(|e| e.date <= last) {
        if let EventKind::Writeoff(i) | EventKind::Handover(i) = e.kind {
            closed[i.0 as usize].get_or_insert(e.date);
        }
    }
    // The days are independent: spread over the cores, a few days each.
    let chunks = crate::par::map_chunks(days.len(), 4, |range| {
        let mut paid = vec![Decimal::ZERO; book.invoices.len()];
        days[range]
            .iter()
            .map(|&day| point(book, plan, &closed, &mut paid, day, &keep))
            .collect::<Vec<Point>>()
    });
    chunks.into_iter().flatten().collect()
}

/// The totals of one day; `paid` is scratch space of one slot per invoice.
fn point(
    book: &Book,
    plan: &Plan,
    closed: &[Option<NaiveDate>],
    paid: &mut [Decimal],
    day: NaiveDate,
    keep: &impl Fn(&Invoice) -> bool,
) -> Point {
    paid.iter_mut().for_each(|p| *p = Decimal::ZERO);
    for s in plan.splits.iter().filter(|s| s.date <= day) {
        paid[s.invoice.0 as usize] += s.principal();
    }
    let mut totals: BTreeMap<Currency, Amounts> = BTreeMap::new();
    // Invoices are in date order: those after the day were not issued yet.
    for (n, inv) in book.invoices.iter().enumerate().take_while(|(_, i)| i.date <= day) {
        if !keep(inv) || closed[n].is_some_and(|c| c <= day) {
            continue;
        }
        let open = inv.amount.amount - paid[n];
        if open <= Decimal::ZERO {
            continue;
        }
        let t = totals.entry(inv.amount.currency).or_default();
        t.open += open;
        if inv.due < day {
            t.overdue += open;
        }
    }
    Point { date: day, totals }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn month_ends_before_the_date_then_the_date() {
        let days = month_ends(d("2026-11-23"), 3);
        assert_eq!(
            days,
            [d("2026-08-31"), d("2026-09-30"), d("2026-10-31"), d("2026-11-23")]
        );
    }

    #[test]
    fn month_ends_across_a_year_and_february() {
        let days = month_ends(d("2025-03-31"), 4);
        assert_eq!(
            days,
            [
                d("2024-11-30"),
                d("2024-12-31"),
                d("2025-01-31"),
                d("2025-02-28"),
                d("2025-03-31")
            ]
        );
    }
}
