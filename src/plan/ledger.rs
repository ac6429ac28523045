//! What one invoice owes on a day: principal, interest and claimed costs, as the claim pass
//! ([`super::settle`]) leaves them.

use rust_decimal::Decimal;

use crate::book::{Book, Charge, Event, EventKind, InvoiceId};
use crate::fees::split::pro_rata;
use crate::interest::{InterestRule, Provisional};
use crate::rules::Policy;

/// Money owed on one invoice, each amount rounded to the currency's minor unit (totals
/// anywhere are sums of these).
///
/// A ledger is kept per invoice of the book (a million at a time): what is rarely set lives
/// out of line ([`Ledger::fees`], [`Ledger::waived_costs`] and the like: 64 bytes a ledger,
/// not 96), and the interest periods `dun explain` details are kept beside the settlement,
/// not here.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ledger {
    /// Principal still open.
    pub principal: Decimal,
    /// Interest owed (or, before a letter claimed any costs, accruing): accrued and
    /// capitalised interest less what was paid, waived or corrected.
    pub interest: Decimal,
    /// All interest accrued since the due date.
    pub interest_accrued: Decimal,
    /// Claimed fees, waivers, corrections and a provisional rate, when there is any (`None`
    /// for most: few invoices get a letter that charges a fee).
    pub(super) rare: Option<Box<Rare>>,
    /// The day the whole claim (principal, interest owed and claimed costs) reached zero by
    /// payments, credit notes or waivers, while it is zero; `None` while anything is owed.
    pub settled_on: Option<chrono::NaiveDate>,
    /// Some accrued day used a rate marked UNVERIFIED.
    pub unverified_rate: bool,
    /// A `sent` record claimed a fee or interest on this invoice: interest is owed.
    pub costs_claimed: bool,
}

/// What few ledgers have.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rare {
    /// Fees claimed in `sent` records.
    pub fees: Decimal,
    /// Claimed fees not yet covered by payments.
    pub fees_open: Decimal,
    /// Costs forgiven by `waive` entries.
    pub waived_costs: Decimal,
    /// Interest forgiven by `waive` entries.
    pub waived_interest: Decimal,
    /// Interest credit notes took away from the start (the credited part never bore it).
    pub corrected_interest: Decimal,
    /// Some accrued day was past its rate table: the last rate, carried forward.
    pub provisional_rate: Option<Provisional>,
}

impl Ledger {
    /// Sets what few ledgers have; kept out of line only when some of it is there (zero
    /// amounts read as `Decimal::ZERO`).
    pub fn set_rare(&mut self, rare: Rare) {
        let none = rare.provisional_rate.is_none()
            && [
                rare.fees,
                rare.fees_open,
                rare.waived_costs,
                rare.waived_interest,
                rare.corrected_interest,
            ]
            .iter()
            .all(Decimal::is_zero);
        self.rare = (!none).then(|| Box::new(rare));
    }

    /// Fees claimed in `sent` records.
    #[inline]
    pub fn fees(&self) -> Decimal {
        self.rare.as_ref().map_or(Decimal::ZERO, |r| r.fees)
    }

    /// Claimed fees not yet covered by payments.
    #[inline]
    pub fn fees_open(&self) -> Decimal {
        self.rare.as_ref().map_or(Decimal::ZERO, |r| r.fees_open)
    }

    /// Costs forgiven by `waive` entries.
    pub fn waived_costs(&self) -> Decimal {
        self.rare.as_ref().map_or(Decimal::ZERO, |r| r.waived_costs)
    }

    /// Interest forgiven by `waive` entries.
    pub fn waived_interest(&self) -> Decimal {
        self.rare.as_ref().map_or(Decimal::ZERO, |r| r.waived_interest)
    }

    /// Interest credit notes took away from the start (the credited part never bore it).
    pub fn corrected_interest(&self) -> Decimal {
        self.rare.as_ref().map_or(Decimal::ZERO, |r| r.corrected_interest)
    }

    /// Some accrued day was past its rate table: the last rate, carried forward.
    pub fn provisional_rate(&self) -> Option<&Provisional> {
        self.rare.as_ref()?.provisional_rate.as_ref()
    }
}

impl Ledger {
    /// True when the whole claim is paid: the invoice is then `paid`.
    #[inline]
    pub fn is_settled(&self) -> bool {
        // Without adding when no part is below zero (the usual case, and every plan asks).
        let parts = [self.principal, self.fees_open(), self.interest_owed()];
        match parts.iter().all(|d| d.is_sign_positive() || d.is_zero()) {
            true => parts.iter().all(|d| d.is_zero()),
            false => self.total() <= Decimal::ZERO,
        }
    }

    /// Interest owed: the interest once a letter claimed costs or interest, else nothing
    /// (accruing interest is shown, not pursued).
    #[inline]
    pub fn interest_owed(&self) -> Decimal {
        match self.costs_claimed {
            true => self.interest,
            false => Decimal::ZERO,
        }
    }

    /// The claim: open principal + claimed costs not yet paid or waived + interest owed.
    #[inline]
    pub fn total(&self) -> Decimal {
        self.principal + self.fees_open() + self.interest_owed()
    }
}

impl Ledger {
    /// The name of a policy's interest scheme, for display.
    pub fn interest_rule_name(policy: Option<&Policy>) -> Option<String> {
        interest_rule(policy).map(|r| match r {
            InterestRule::Fixed { rate, compound } => {
                format!(
                    "fixed {}%{}",
                    rate.normalize(),
                    if *compound { ", compounded yearly" } else { "" }
                )
            }
            InterestRule::Statutory(s) => {
                format!(
                    "{}{}",
                    s.keyword(),
                    if s.compounds_yearly() {
                        ", compounded yearly"
                    } else {
                        ""
                    }
                )
            }
        })
    }

    /// The statutory scheme of a policy's interest rule, if it has one.
    pub fn interest_scheme(policy: Option<&Policy>) -> Option<crate::interest::Scheme> {
        match interest_rule(policy)? {
            InterestRule::Statutory(s) => Some(*s),
            InterestRule::Fixed { .. } => None,
        }
    }
}

/// The interest rule of a policy: the first stage that names one.
pub fn interest_rule(policy: Option<&Policy>) -> Option<&InterestRule> {
    policy?.stages.iter().find_map(|s| s.interest.as_ref())
}

/// The costs a `sent` record claims on invoice `id`: its own `fee:` lines, and its share
/// of letter-wide ones (split over the record's invoices in proportion to their amounts).
/// `None` when the record claims neither costs nor interest on it.
pub fn charged(book: &Book, e: &Event, id: InvoiceId) -> Option<Decimal> {
    let EventKind::Sent {
        fees,
        interest,
        invoices,
        ..
    } = &e.kind
    else {
        return None;
    };
    let touches = |lines: &[Charge]| lines.iter().any(|c| c.invoice.is_none_or(|i| i == id));
    if !touches(fees) && !touches(interest) {
        return None;
    }
    let mut total = Decimal::ZERO;
    for Charge { invoice, amount } in fees {
        match invoice {
            Some(i) if *i == id => total += amount.amount,
            Some(_) => {}
            None => {
                let amounts: Vec<Decimal> = invoices.iter().map(|i| book.invoice(*i).amount.amount).collect();
                let shares = pro_rata(amount.currency, amount.amount, &amounts);
                if let Some(pos) = invoices.iter().position(|i| *i == id) {
                    total += shares.get(pos).copied().unwrap_or_default();
                }
            }
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_amounts_read_as_zero_unless_set() {
        let mut l = Ledger::default();
        l.set_rare(Rare {
            waived_costs: Decimal::new(0, 2),
            ..Rare::default()
        });
        assert!(l.rare.is_none());
        assert_eq!(l.waived_costs(), Decimal::ZERO);
        l.set_rare(Rare {
            corrected_interest: Decimal::new(150, 2),
            ..Rare::default()
        });
        assert_eq!(l.corrected_interest(), Decimal::new(150, 2));
        assert_eq!((l.waived_costs(), l.waived_interest()), (Decimal::ZERO, Decimal::ZERO));
        assert!(l.provisional_rate().is_none());
        assert_eq!((l.fees(), l.fees_open()), (Decimal::ZERO, Decimal::ZERO));
        l.set_rare(Rare {
            fees_open: Decimal::new(4000, 2),
            ..Rare::default()
        });
        assert_eq!((l.fees(), l.fees_open()), (Decimal::ZERO, Decimal::new(4000, 2)));
    }
}
