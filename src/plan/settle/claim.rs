//! One invoice's claim while the pass runs: open principal, interest (an [`Accrual`]) and
//! claimed costs, and what payments, credit notes, reversals, waivers and letters do to it.
//!
//! Amounts the claim is compared or paid with are exact to the minor unit: principal and
//! costs are recorded amounts, capitalised interest is rounded as it is capitalised, and
//! outstanding interest is owed at its rounded value (a debtor who pays what a letter showed
//! owes no fraction of a cent afterwards).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::amount::Amount;
use super::Parts;
use crate::book::{InvoiceId, Waived};
use crate::interest::{Accrual, InterestRule, RateError, RateTables};
use crate::money::Currency;
use crate::plan::State;

/// How an interest scheme applies to one invoice: enough to start a second accrual for a
/// credited part.
#[derive(Clone, Copy)]
pub struct Pricing<'a> {
    /// The policy's interest rule.
    pub rule: &'a InterestRule,
    /// The rate tables.
    pub rates: &'a RateTables,
    /// The first day bearing interest (the day after the due date).
    pub first_day: NaiveDate,
}

/// An arrangement in force: its installments (date, amount) and what was paid since its date.
#[derive(Debug, Clone)]
pub struct Arrangement {
    /// Its installments.
    pub installments: Vec<(NaiveDate, Amount)>,
    /// Money applied to the invoice since that date (reversals subtract).
    pub paid: Amount,
}

/// The state of one invoice's claim.
pub struct Claim<'a> {
    /// The invoice.
    pub id: InvoiceId,
    /// Its currency.
    pub currency: Currency,
    /// Its date has been reached.
    pub issued: bool,
    /// Original principal still open.
    pub principal: Amount,
    /// Interest, when the policy charges any.
    pub accrual: Option<Accrual<'a>>,
    /// How the accrual was set up.
    pub pricing: Option<Pricing<'a>>,
    /// Costs claimed in `sent` records.
    pub fees: Amount,
    /// Claimed costs not yet paid or waived.
    pub fees_open: Amount,
    /// A `sent` record claimed costs or interest: interest is owed from then on.
    pub pursued: bool,
    /// Open disputes.
    pub disputes: u32,
    /// Written off or handed over, and when: the claim is frozen from then on.
    pub closed: Option<(State, NaiveDate)>,
    /// Settled before any cost was claimed, on this day: interest stopped then.
    pub stopped: Option<NaiveDate>,
    /// The latest arrangement.
    pub arrangement: Option<Arrangement>,
    /// Costs waived.
    pub waived_costs: Decimal,
    /// Interest waived.
    pub waived_interest: Decimal,
    /// Interest that credit notes took away from the start.
    pub corrected_interest: Decimal,
    /// The first rate error met while accruing.
    pub failed: Option<RateError>,
    /// The day the whole claim last reached zero, while it stays zero (see [`Claim::review`]).
    pub settled_on: Option<NaiveDate>,
}

/// Takes up to `cap` from `left`; returns what was taken.
#[inline]
fn take(left: &mut Amount, cap: Amount) -> Amount {
    let x = (*left).min(cap).max(Amount::ZERO);
    *left -= x;
    x
}

impl<'a> Claim<'a> {
    /// A claim for an invoice of `amount`, with interest priced by `pricing`.
    pub fn new(id: InvoiceId, currency: Currency, amount: Decimal, pricing: Option<Pricing<'a>>, detail: bool) -> Self {
        let accrual = pricing.map(|p| {
            let acc = Accrual::new(p.rule, p.rates, p.first_day, amount).rounding_to(currency.minor_units());
            if detail {
                acc
            } else {
                acc.without_periods()
            }
        });
        Claim {
            id,
            currency,
            issued: false,
            principal: Amount::from(amount),
            accrual,
            pricing,
            fees: Amount::ZERO,
            fees_open: Amount::ZERO,
            pursued: false,
            disputes: 0,
            closed: None,
            stopped: None,
            arrangement: None,
            waived_costs: Decimal::ZERO,
            waived_interest: Decimal::ZERO,
            corrected_interest: Decimal::ZERO,
            failed: None,
            settled_on: None,
        }
    }

    /// Accrues interest up to and including `day`, unless the claim is frozen.
    pub fn advance(&mut self, day: NaiveDate) {
        if self.closed.is_some() || self.stopped.is_some() {
            return;
        }
        if let Some(acc) = self.accrual.as_mut() {
            if let Err(e) = acc.advance_through(day) {
                self.failed.get_or_insert(e);
            }
        }
    }

    /// Outstanding interest, rounded to the minor unit.
    #[inline]
    fn outstanding(&self) -> Amount {
        self.accrual.as_ref().map_or(Amount::ZERO, |a| {
            Amount::from(self.currency.round(a.interest_rounded(self.currency.minor_units())))
        })
    }

    /// Capitalised interest still part of the interest-bearing principal.
    #[inline]
    fn capitalised(&self) -> Amount {
        self.accrual.as_ref().map_or(Amount::ZERO, |a| {
            (Amount::from(a.principal()) - self.principal).max(Amount::ZERO)
        })
    }

    /// Interest owed or accruing: outstanding (rounded) plus capitalised.
    pub fn interest(&self) -> Amount {
        self.outstanding() + self.capitalised()
    }

    /// The claim: open principal, plus interest and costs once a letter claimed them.
    #[inline]
    pub fn owed(&self) -> Amount {
        match self.pursued {
            true => self.principal + self.interest() + self.fees_open,
            false => self.principal,
        }
    }

    /// Lowers the original principal (and the interest-bearing one with it).
    #[inline]
    fn reduce_principal(&mut self, x: Amount) {
        self.principal -= x;
        if let Some(acc) = self.accrual.as_mut() {
            acc.reduce_principal(x.dec());
        }
    }

    /// Pays up to `amount` of the claim, split by the payment order (`legal`: costs,
    /// interest, capitalised interest, principal; else principal, capitalised interest,
    /// interest, costs). Before any cost was claimed only the principal is owed.
    pub fn pay(&mut self, amount: Amount, legal: bool) -> Parts<Amount> {
        let mut left = amount;
        let mut parts = Parts::default();
        if !self.pursued {
            parts.principal = take(&mut left, self.principal);
            self.reduce_principal(parts.principal);
            return parts;
        }
        let steps: [fn(&mut Self, &mut Amount, &mut Parts<Amount>); 4] = match legal {
            true => [
                Self::pay_costs,
                Self::pay_interest,
                Self::pay_capitalised,
                Self::pay_principal,
            ],
            false => [
                Self::pay_principal,
                Self::pay_capitalised,
                Self::pay_interest,
                Self::pay_costs,
            ],
        };
        for step in steps {
            step(self, &mut left, &mut parts);
        }
        parts
    }

    fn pay_principal(&mut self, left: &mut Amount, parts: &mut Parts<Amount>) {
        parts.principal = take(left, self.principal);
        self.reduce_principal(parts.principal);
    }

    fn pay_capitalised(&mut self, left: &mut Amount, parts: &mut Parts<Amount>) {
        parts.capitalised = take(left, self.capitalised());
        if let Some(acc) = self.accrual.as_mut() {
            acc.reduce_principal(parts.capitalised.dec());
        }
    }

    fn pay_interest(&mut self, left: &mut Amount, parts: &mut Parts<Amount>) {
        let owed = self.outstanding();
        parts.interest = take(left, owed);
        if let Some(acc) = self.accrual.as_mut() {
            match parts.interest == owed {
                true => acc.pay_interest_rounded(owed.dec()),
                false => {
                    acc.pay_interest(parts.interest.dec());
                }
            }
        }
    }

    fn pay_costs(&mut self, left: &mut Amount, parts: &mut Parts<Amount>) {
        parts.costs = take(left, self.fees_open);
        self.fees_open -= parts.costs;
    }

    /// A credit note of up to `amount` on `day`: corrects the principal from the start (the
    /// credited part never bore interest), then pays what else is owed like a payment.
    /// Interest already paid on the credited part is given back: the parts then hold it as
    /// negative interest, and the credit note's money used is their total.
    pub fn correct(&mut self, amount: Amount, day: NaiveDate, legal: bool) -> Parts<Amount> {
        let mut left = amount;
        let credited = take(&mut left, self.principal);
        let given_back = self.remove_interest_of(credited, day);
        self.reduce_principal(credited);
        let mut parts = self.pay(left, legal);
        parts.principal += credited;
        parts.interest -= given_back;
        parts
    }

    /// Takes away the interest `credited` bore from the first day through `day`; returns
    /// what of it was already paid (and so is owed back).
    fn remove_interest_of(&mut self, credited: Amount, day: NaiveDate) -> Amount {
        let (Some(p), Some(acc)) = (self.pricing, self.accrual.as_mut()) else {
            return Amount::ZERO;
        };
        let mut part = Accrual::new(p.rule, p.rates, p.first_day, credited.dec())
            .rounding_to(self.currency.minor_units())
            .without_periods();
        // A rate error here was met by the main accrual over the same days already.
        let _ = part.advance_through(day);
        let interest = part.interest();
        let capitalised = part.capitalised();
        self.corrected_interest += self.currency.round(interest) + capitalised;
        let unpaid_interest = acc.forgive_interest(interest);
        let unpaid_capitalised = acc.forgive_capitalised(capitalised, self.principal.dec());
        Amount::from(self.currency.round(unpaid_interest) + unpaid_capitalised)
    }

    /// Undoes `parts` of an earlier payment (a reversal on its own date).
    pub fn restore(&mut self, parts: &Parts<Amount>) {
        self.principal += parts.principal;
        self.fees_open += parts.costs;
        if let Some(acc) = self.accrual.as_mut() {
            acc.add_principal((parts.principal + parts.capitalised).dec());
            acc.restore_interest(parts.interest.dec());
        }
    }

    /// Forgives costs, interest or both (costs first), up to `amount` or all of it;
    /// returns the part of `amount` beyond what was owed.
    pub fn waive(&mut self, what: Waived, amount: Option<Decimal>) -> Decimal {
        let mut left = Amount::from(amount.unwrap_or(Decimal::MAX));
        if matches!(what, Waived::Costs | Waived::All) {
            let x = take(&mut left, self.fees_open);
            self.fees_open -= x;
            self.waived_costs += x.dec();
        }
        if matches!(what, Waived::Interest | Waived::All) {
            let outstanding = self.outstanding();
            let x = take(&mut left, outstanding);
            let y = take(&mut left, self.capitalised());
            if let Some(acc) = self.accrual.as_mut() {
                match x == outstanding {
                    true => acc.forgive_interest(acc.interest()),
                    false => acc.forgive_interest(x.dec()),
                };
                acc.forgive_capitalised(y.dec(), self.principal.dec());
            }
            self.waived_interest += (x + y).dec();
        }
        match amount {
            Some(_) => left.dec(),
            None => Decimal::ZERO,
        }
    }

    /// After money or a waiver on `day`: a claim settled before any cost was claimed stops
    /// bearing interest. After a reversal or a new cost: a stopped claim that is owed again
    /// bears interest from the next day on.
    /// Either way it notes the day the whole claim reached zero (kept while it stays zero,
    /// forgotten when it is owed again): what `dun customers` counts as the settled day.
    /// Returns the claim (what [`Self::owed`] gives, which the review leaves as it is).
    pub fn review(&mut self, day: NaiveDate) -> Amount {
        let claim = self.owed();
        let owed = claim.is_positive();
        self.settled_on = match owed {
            true => None,
            false => self.settled_on.or(Some(day)),
        };
        match (self.stopped, owed) {
            (None, false) if !self.pursued => self.stopped = Some(day),
            (Some(_), true) => {
                self.stopped = None;
                if let Some(acc) = self.accrual.as_mut() {
                    acc.skip_to(day.succ_opt().unwrap_or(day));
                }
            }
            _ => {}
        }
        claim
    }

    /// Eligible for money no invoice line names on `day`: issued, open, not disputed.
    pub fn takes_money(&self) -> bool {
        self.issued && self.closed.is_none() && self.disputes == 0 && self.owed().is_positive()
    }

    /// The unmet part of the installments due on or before `day`.
    pub fn installments_due(&self, day: NaiveDate) -> Amount {
        self.arrangement.as_ref().map_or(Amount::ZERO, |a| {
            let due: Amount = a.installments.iter().filter(|i| i.0 <= day).map(|i| i.1).sum();
            (due - a.paid).max(Amount::ZERO)
        })
    }

    /// Records money applied to the invoice (for the arrangement's count).
    pub fn count_paid(&mut self, amount: Amount) {
        if let Some(a) = self.arrangement.as_mut() {
            a.paid += amount;
        }
    }
}
