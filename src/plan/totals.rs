//! Totals of a plan: per customer and currency, and per currency with aging buckets.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::sum::Sum;
use super::{InvoicePlan, Ledger, Plan, State};
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

/// One customer's open amounts in one currency (as `Decimal`s; while summing, as [`Sum`]s).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerTotal<T = Decimal> {
    /// Open principal.
    pub open: T,
    /// Open principal past its due date.
    pub overdue: T,
    /// Unapplied payments.
    pub credit: T,
    /// Interest owed.
    pub interest: T,
    /// Claimed fees not yet paid.
    pub fees: T,
    /// The claims: open + costs owed + interest owed.
    pub total: T,
}

/// Open amounts in one currency, with aging (as `Decimal`s; while summing, as [`Sum`]s).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CurrencyTotal<T = Decimal> {
    /// Open principal.
    pub open: T,
    /// Open principal past its due date.
    pub overdue: T,
    /// Open principal per bucket of [`BUCKETS`].
    pub buckets: [T; 5],
    /// Interest on open invoices.
    pub interest: T,
    /// Claimed costs owed.
    pub fees_owed: T,
    /// The claims of open invoices.
    pub total: T,
}

/// Per customer and currency (only pairs with something outstanding or a credit).
pub type CustomerTotals = BTreeMap<(CustomerId, Currency), CustomerTotal>;

/// Per currency.
pub type CurrencyTotals = BTreeMap<Currency, CurrencyTotal>;

impl Plan {
    /// Per customer and currency (only pairs with something outstanding or a credit), in customer order.
    pub fn customer_totals(&self, book: &Book) -> CustomerTotals {
        self.totals(book, |_| false).0
    }

    /// Per currency, in currency order.
    pub fn currency_totals(&self, book: &Book) -> CurrencyTotals {
        Plan::currency_totals_of(book, self.with_ledgers())
    }

    /// Per currency of `invoices` (some of a plan's, with their ledgers), in currency order.
    pub fn currency_totals_of<'p>(
        book: &Book,
        invoices: impl Iterator<Item = (&'p InvoicePlan, &'p Ledger)>,
    ) -> CurrencyTotals {
        let mut per = Vec::new();
        for (p, l) in invoices.filter(|(p, _)| p.state == State::Open) {
            let inv = book.invoice(p.invoice);
            Amounts::of(l).add_to(list_slot(&mut per, inv.amount.currency), p.days_overdue);
        }
        currency_map(per)
    }

    /// [`Plan::customer_totals`] of every customer and [`Plan::currency_totals`] of the
    /// invoices of the customers `wanted`, in one pass.
    pub fn totals(&self, book: &Book, wanted: impl Fn(CustomerId) -> bool + Sync) -> (CustomerTotals, CurrencyTotals) {
        // Summed in a list per customer and one per currency (rarely more than one): a map
        // entry per invoice cost more than the sums. Chunks of invoices on every core, their
        // sums added up after (sums of sums are what one sum of all gives).
        let chunks = crate::par::map_chunks(self.invoices.len(), TOTALLED_PER_CHUNK, |range| {
            let mut per: Vec<Vec<(Currency, CustomerTotal<Sum>)>> = vec![Vec::new(); book.customers.len()];
            let mut currencies = Vec::new();
            for p in self.invoices[range].iter().filter(|p| p.is_outstanding()) {
                let inv = book.invoice(p.invoice);
                let amounts = Amounts::of(self.ledger(p.invoice));
                let t = slot(&mut per, inv.customer, inv.amount.currency);
                t.open.add_sum(amounts.open);
                if p.days_overdue > 0 {
                    t.overdue.add_sum(amounts.open);
                }
                t.interest.add_sum(amounts.interest);
                t.fees.add_sum(amounts.fees_open);
                t.total.add_sum(amounts.total);
                if wanted(inv.customer) {
                    amounts.add_to(list_slot(&mut currencies, inv.amount.currency), p.days_overdue);
                }
            }
            (per, currencies)
        });
        let mut per: Vec<Vec<(Currency, CustomerTotal<Sum>)>> = vec![Vec::new(); book.customers.len()];
        let mut currencies: Vec<(Currency, CurrencyTotal<Sum>)> = Vec::new();
        for (chunk_per, chunk_currencies) in chunks {
            for (c, list) in chunk_per.into_iter().enumerate() {
                for (cur, t) in list {
                    slot(&mut per, CustomerId(c as u32), cur).add_sums(&t);
                }
            }
            for (cur, t) in chunk_currencies {
                list_slot(&mut currencies, cur).add_sums(&t);
            }
        }
        for &(c, cur, amount) in &self.credit {
            slot(&mut per, c, cur).credit.add(amount);
        }
        let customers = per
            .into_iter()
            .enumerate()
            .flat_map(|(c, list)| {
                list.into_iter().map(move |(cur, t)| {
                    let t = CustomerTotal {
                        open: t.open.value(),
                        overdue: t.overdue.value(),
                        credit: t.credit.value(),
                        interest: t.interest.value(),
                        fees: t.fees.value(),
                        total: t.total.value(),
                    };
                    ((CustomerId(c as u32), cur), t)
                })
            })
            .collect();
        (customers, currency_map(currencies))
    }
}

/// Invoices totalled by one core at a time.
const TOTALLED_PER_CHUNK: usize = 1 << 16;

impl CustomerTotal<Sum> {
    /// Adds `other`'s sums.
    fn add_sums(&mut self, other: &CustomerTotal<Sum>) {
        self.open.add_sum(other.open);
        self.overdue.add_sum(other.overdue);
        self.credit.add_sum(other.credit);
        self.interest.add_sum(other.interest);
        self.fees.add_sum(other.fees);
        self.total.add_sum(other.total);
    }
}

impl CurrencyTotal<Sum> {
    /// Adds `other`'s sums.
    fn add_sums(&mut self, other: &CurrencyTotal<Sum>) {
        self.open.add_sum(other.open);
        self.overdue.add_sum(other.overdue);
        for (b, o) in self.buckets.iter_mut().zip(&other.buckets) {
            b.add_sum(*o);
        }
        self.interest.add_sum(other.interest);
        self.fees_owed.add_sum(other.fees_owed);
        self.total.add_sum(other.total);
    }
}

/// The amounts of one open invoice that totals add up.
struct Amounts {
    open: Sum,
    interest: Sum,
    fees_open: Sum,
    /// [`Ledger::total`].
    total: Sum,
}

impl Amounts {
    fn of(l: &Ledger) -> Amounts {
        let (open, interest, fees_open) = (Sum::from(l.principal), Sum::from(l.interest), Sum::from(l.fees_open()));
        Amounts {
            open,
            interest,
            fees_open,
            total: claim_of(l, open, interest, fees_open),
        }
    }

    fn add_to(&self, t: &mut CurrencyTotal<Sum>, days_overdue: i64) {
        t.open.add_sum(self.open);
        if days_overdue > 0 {
            t.overdue.add_sum(self.open);
        }
        t.buckets[bucket(days_overdue)].add_sum(self.open);
        t.interest.add_sum(self.interest);
        t.fees_owed.add_sum(self.fees_open);
        t.total.add_sum(self.total);
    }
}

/// [`Ledger::total`] as a [`Sum`], added as it adds it: principal + costs + interest owed.
#[inline]
pub(super) fn claim(l: &Ledger) -> Sum {
    claim_of(
        l,
        Sum::from(l.principal),
        Sum::from(l.interest),
        Sum::from(l.fees_open()),
    )
}

/// [`claim`] of `l`, given its principal, interest and costs as sums.
#[inline(always)]
fn claim_of(l: &Ledger, principal: Sum, interest: Sum, fees_open: Sum) -> Sum {
    let mut total = principal;
    total.add_sum(fees_open);
    match l.costs_claimed {
        true => total.add_sum(interest),
        false => total.add(Decimal::ZERO),
    }
    total
}

/// The total of customer `c` in `cur` in `per` (a list per customer), added if new.
fn slot(per: &mut [Vec<(Currency, CustomerTotal<Sum>)>], c: CustomerId, cur: Currency) -> &mut CustomerTotal<Sum> {
    list_slot(&mut per[c.0 as usize], cur)
}

/// The entry of `cur` in `list`, added if new.
pub(super) fn list_slot<T: Default>(list: &mut Vec<(Currency, T)>, cur: Currency) -> &mut T {
    let n = match list.iter().position(|(c, _)| *c == cur) {
        Some(n) => n,
        None => {
            list.push((cur, T::default()));
            list.len() - 1
        }
    };
    &mut list[n].1
}

/// The sums per currency as `Decimal`s, in currency order.
fn currency_map(per: Vec<(Currency, CurrencyTotal<Sum>)>) -> CurrencyTotals {
    per.into_iter()
        .map(|(cur, t)| {
            let t = CurrencyTotal {
                open: t.open.value(),
                overdue: t.overdue.value(),
                buckets: t.buckets.map(Sum::value),
                interest: t.interest.value(),
                fees_owed: t.fees_owed.value(),
                total: t.total.value(),
            };
            (cur, t)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Rare;

    #[test]
    fn the_claim_and_settled_agree_with_the_ledgers_total() {
        let mut values = vec![Decimal::MAX, Decimal::MIN];
        for (m, scale) in [(0, 0), (0, 2), (1, 2), (100, 2), (125, 1), (7, 0), (i64::MAX, 2)] {
            values.push(Decimal::new(m, scale));
            values.push(-Decimal::new(m, scale));
        }
        for &principal in &values {
            for &fees_open in &values {
                for &interest in &values {
                    for costs_claimed in [false, true] {
                        let mut l = Ledger {
                            principal,
                            interest,
                            costs_claimed,
                            ..Ledger::default()
                        };
                        l.set_rare(Rare {
                            fees_open,
                            ..Rare::default()
                        });
                        // Where `Ledger::total` would overflow, there is nothing to compare.
                        let Some(total) = principal
                            .checked_add(fees_open)
                            .and_then(|t| t.checked_add(l.interest_owed()))
                        else {
                            continue;
                        };
                        assert_eq!(l.is_settled(), total <= Decimal::ZERO, "{l:?}");
                        assert_eq!(claim(&l).value().serialize(), total.serialize(), "{l:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn bucket_bounds() {
        let got: Vec<usize> = [-5, 0, 1, 30, 31, 60, 61, 90, 91].iter().map(|&d| bucket(d)).collect();
        assert_eq!(got, [0, 0, 1, 1, 2, 2, 3, 3, 4]);
    }
}
