//! Totals of a plan: per customer and currency, and per currency with aging buckets.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{InvoicePlan, Plan, State};
use crate::book::{Book, CustomerId};
use crate::money::Currency;

/// Aging bucket bounds in days overdue: current, 1-30, 31-60, 61-90, 90+.
pub const BUCKETS: [&str; 5] = ["current", "1-30", "31-60", "61-90", "90+"];

fn bucket(days_overdue: i64) -> usize {
    match days_overdue {
        ..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

/// One customer's open amounts in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerTotal {
    /// Open principal.
    pub open: Decimal,
    /// Open principal past its due date.
    pub overdue: Decimal,
    /// Unapplied payments.
    pub credit: Decimal,
    /// Interest owed.
    pub interest: Decimal,
    /// Claimed fees not yet paid.
    pub fees: Decimal,
    /// The claims: open + costs owed + interest owed.
    pub total: Decimal,
}

/// Open amounts in one currency, with aging.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CurrencyTotal {
    /// Open principal.
    pub open: Decimal,
    /// Open principal past its due date.
    pub overdue: Decimal,
    /// Open principal per bucket of [`BUCKETS`].
    pub buckets: [Decimal; 5],
    /// Interest on open invoices.
    pub interest: Decimal,
    /// Claimed costs owed.
    pub fees_owed: Decimal,
    /// The claims of open invoices.
    pub total: Decimal,
}

impl Plan {
    /// Per customer and currency (only pairs with something outstanding or a credit), in customer order.
    pub fn customer_totals(&self, book: &Book) -> BTreeMap<(CustomerId, Currency), CustomerTotal> {
        // Summed in a list per customer (rarely more than one currency): a map entry per
        // invoice cost more than the sums.
        let mut per: Vec<Vec<(Currency, CustomerTotal)>> = vec![Vec::new(); book.customers.len()];
        for p in self.invoices.iter().filter(|p| p.is_outstanding()) {
            let inv = book.invoice(p.invoice);
            let t = slot(&mut per, inv.customer, inv.amount.currency);
            t.open += p.ledger.principal;
            if p.days_overdue > 0 {
                t.overdue += p.ledger.principal;
            }
            t.interest += p.ledger.interest;
            t.fees += p.ledger.fees_open;
            t.total += p.ledger.total();
        }
        for &(c, cur, amount) in &self.credit {
            slot(&mut per, c, cur).credit += amount;
        }
        per.into_iter()
            .enumerate()
            .flat_map(|(c, list)| list.into_iter().map(move |(cur, t)| ((CustomerId(c as u32), cur), t)))
            .collect()
    }

    /// Per currency, in currency order.
    pub fn currency_totals(&self, book: &Book) -> BTreeMap<Currency, CurrencyTotal> {
        Plan::currency_totals_of(book, self.invoices.iter())
    }

    /// Per currency of `invoices` (some of a plan's), in currency order.
    pub fn currency_totals_of<'p>(
        book: &Book,
        invoices: impl Iterator<Item = &'p InvoicePlan>,
    ) -> BTreeMap<Currency, CurrencyTotal> {
        let mut out: BTreeMap<Currency, CurrencyTotal> = BTreeMap::new();
        for p in invoices.filter(|p| p.state == State::Open) {
            let t = out.entry(book.invoice(p.invoice).amount.currency).or_default();
            t.open += p.ledger.principal;
            if p.days_overdue > 0 {
                t.overdue += p.ledger.principal;
            }
            t.buckets[bucket(p.days_overdue)] += p.ledger.principal;
            t.interest += p.ledger.interest;
            t.fees_owed += p.ledger.fees_open;
            t.total += p.ledger.total();
        }
        out
    }
}

/// The total of customer `c` in `cur` in `per` (a list per customer), added if new.
fn slot(per: &mut [Vec<(Currency, CustomerTotal)>], c: CustomerId, cur: Currency) -> &mut CustomerTotal {
    let list = &mut per[c.0 as usize];
    let n = match list.iter().position(|(c, _)| *c == cur) {
        Some(n) => n,
        None => {
            list.push((cur, CustomerTotal::default()));
            list.len() - 1
        }
    };
    &mut list[n].1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_bounds() {
        let got: Vec<usize> = [-5, 0, 1, 30, 31, 60, 61, 90, 91].iter().map(|&d| bucket(d)).collect();
        assert_eq!(got, [0, 0, 1, 1, 2, 2, 3, 3, 4]);
    }
}
