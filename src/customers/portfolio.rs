//! Collection figures per currency over the whole book: countback DSO, CEI, and the
//! amount-weighted average days late of every invoice settled or closed in the window.
//!
//! **Countback DSO** walks back month by month from the evaluation date: the open principal
//! of that day is matched against each month's sales (invoice amounts by invoice date,
//! latest month first); a month whose sales are all still open adds its days, the month
//! that covers the rest adds the covered share of its days. The walk stops at the first
//! invoice of the currency. Rounded to whole days.
//!
//! **CEI** (collection effectiveness index) of the window's last month (the month up to
//! the evaluation date): (opening receivables + sales − closing receivables) / (opening
//! receivables + sales − closing current receivables), receivables being open principal,
//! current ones not yet due. Rounded to three decimals; `None` when the denominator is zero.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::metrics::{round, Facts, Late};
use super::{PortfolioRow, Window};
use crate::book::{Book, Invoice};
use crate::money::Currency;
use crate::plan::{Plan, State};

/// One row per currency invoiced up to the evaluation date, by currency code.
pub(super) fn rows(book: &Book, plan: &Plan, facts: &Facts, w: &Window) -> Vec<PortfolioRow> {
    let mut currencies: Vec<Currency> = Vec::new();
    for inv in book.invoices.iter().take_while(|i| i.date <= w.end) {
        if !currencies.contains(&inv.amount.currency) {
            currencies.push(inv.amount.currency);
        }
    }
    currencies.sort_by(|a, b| a.code().cmp(b.code()));
    let mut late: FxHashMap<Currency, Late> = FxHashMap::default();
    for o in facts.outcomes.iter().filter(|o| w.holds(o.date)) {
        late.entry(book.invoice(o.invoice).amount.currency).or_default().add(o);
    }
    let mut closing: FxHashMap<Currency, (Decimal, Decimal)> = FxHashMap::default();
    for (p, l) in plan.with_ledgers().filter(|(p, _)| p.state == State::Open) {
        let e = closing.entry(book.invoice(p.invoice).amount.currency).or_default();
        e.0 += l.principal;
        if p.days_overdue == 0 {
            e.1 += l.principal;
        }
    }
    let month_ago = w.end.checked_sub_months(Months::new(1)).unwrap_or(NaiveDate::MIN);
    let opening = open_at(book, plan, facts, month_ago, |_| true);
    currencies
        .into_iter()
        .map(|cur| {
            let (close, current) = closing.get(&cur).copied().unwrap_or_default();
            let open: Decimal = opening
                .iter()
                .filter(|(i, _)| book.invoice(*i).amount.currency == cur)
                .map(|(_, x)| *x)
                .sum();
            let sales = sales_between(book, cur, month_ago, w.end);
            let denominator = open + sales - current;
            PortfolioRow {
                currency: cur.code().to_string(),
                dso_countback: Some(dso_countback(book, cur, close, w.end)),
                cei: (denominator > Decimal::ZERO).then(|| round((open + sales - close) / denominator, 3)),
                avg_days_late: late.get(&cur).and_then(Late::average),
            }
        })
        .collect()
}

/// Invoiced in `cur` on the days after `from` up to and including `to`.
fn sales_between(book: &Book, cur: Currency, from: NaiveDate, to: NaiveDate) -> Decimal {
    book.invoices
        .iter()
        .filter(|i| i.amount.currency == cur && from < i.date && i.date <= to)
        .map(|i| i.amount.amount)
        .sum()
}

/// Countback DSO of `receivables` open on `end` (see the module docs): what
/// [`PortfolioRow::dso_countback`] shows, for any day and its open principal.
pub fn dso_countback(book: &Book, cur: Currency, receivables: Decimal, end: NaiveDate) -> Decimal {
    let invoices: Vec<&Invoice> = book
        .invoices
        .iter()
        .take_while(|i| i.date <= end)
        .filter(|i| i.amount.currency == cur)
        .collect();
    let Some(first) = invoices.first().map(|i| i.date) else {
        return Decimal::ZERO;
    };
    let mut left = receivables;
    let mut days = Decimal::ZERO;
    let mut to = end;
    let mut k = invoices.len();
    while left > Decimal::ZERO && to >= first {
        let from = to.checked_sub_months(Months::new(1)).unwrap_or(NaiveDate::MIN);
        let mut sales = Decimal::ZERO;
        while k > 0 && invoices[k - 1].date > from {
            sales += invoices[k - 1].amount.amount;
            k -= 1;
        }
        let length = Decimal::from((to - from).num_days());
        if sales <= left {
            days += length;
            left -= sales;
        } else {
            days += length * left / sales;
            left = Decimal::ZERO;
        }
        to = from;
    }
    round(days, 0)
}

/// The open principal of every invoice issued on or before `day` and not written off or
/// handed over by then, as the claim pass left it on `day` (money once allocated never
/// moves, so the applications dated up to `day` are exactly those of that day's plan).
pub(super) fn open_at(
    book: &Book,
    plan: &Plan,
    facts: &Facts,
    day: NaiveDate,
    keep: impl Fn(&Invoice) -> bool,
) -> Vec<(crate::book::InvoiceId, Decimal)> {
    let mut paid = vec![Decimal::ZERO; book.invoices.len()];
    for s in plan.splits.iter().filter(|s| s.date <= day) {
        paid[s.invoice.0 as usize] += s.principal();
    }
    book.invoices
        .iter()
        .enumerate()
        .take_while(|(_, i)| i.date <= day)
        .filter(|(n, i)| keep(i) && facts.closed[*n].is_none_or(|c| c > day))
        .map(|(n, i)| (crate::book::InvoiceId(n as u32), i.amount.amount - paid[n]))
        .filter(|(_, open)| *open > Decimal::ZERO)
        .collect()
}
