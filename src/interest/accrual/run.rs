//! The stepper's loop in integers: principal, the interest numerator, capitalised interest
//! and the room left under the limit as bare mantissas and scales ([`Scaled`]), each step and
//! each yearly capitalisation computed as `Decimal` would compute it and written back as the
//! very `Decimal`s (value and scale) at the end.
//!
//! A step is taken here only when every operation in it is provably exact in `Decimal` (see
//! [`super::super::fixed`] and [`super::super::scaled`]); the first that is not (a zero or
//! negative figure, a mantissa past 64 or 96 bits, the interest limit, a rate error) ends the
//! run before that step, and [`Accrual::step_by_decimal`] takes it as before. Periods are
//! not recorded here: an accrual that keeps them (`dun explain`) never runs in integers.
//! Step by step in `Decimal`, the capitalisation and the periods of the years an unpaid
//! invoice accrues were most of the claim pass.

use super::super::fixed::{add_product_scaled, round_scaled};
use super::super::scaled::{aligned, Scaled};
use super::{Accrual, DayNumber, Notes};

mod steady;

/// The figures of an [`Accrual`] a step changes, in integers.
#[derive(Debug, Clone, Copy)]
struct Money {
    principal: Scaled,
    interest_x: Scaled,
    capitalised: Scaled,
    room_x: Scaled,
}

impl Money {
    /// The accrual's figures, if none is negative.
    fn of(acc: &Accrual<'_>) -> Option<Money> {
        Some(Money {
            principal: Scaled::of(acc.principal)?,
            interest_x: Scaled::of(acc.interest_x)?,
            capitalised: Scaled::of(acc.capitalised)?,
            room_x: Scaled::of(acc.room_x)?,
        })
    }

    /// Writes the figures back as `Decimal`s.
    fn store(self, acc: &mut Accrual<'_>) {
        acc.principal = self.principal.decimal();
        acc.interest_x = self.interest_x.decimal();
        acc.capitalised = self.capitalised.decimal();
        acc.room_x = self.room_x.decimal();
    }
}

impl Accrual<'_> {
    /// Takes the steps towards `day` in integers for as long as each is exact; returns
    /// whether it reached `day`.
    pub(super) fn run_in_integers(&mut self, day: DayNumber) -> bool {
        let (Some(dp), false) = (self.minor_units, self.keep_periods) else {
            return false;
        };
        let Some(mut money) = Money::of(self) else {
            return false;
        };
        let mut moved = false;
        while self.next_day < day {
            if self.run_steady(&mut money, day, dp) {
                moved = true;
                continue;
            }
            // The anniversary found is cached for days in ascending order: a step left to
            // `Decimal` asks again from the same day.
            let cached = (self.anniversary, self.anniversary_years);
            let Some(end) = self.step_in_integers(&mut money, day, dp) else {
                (self.anniversary, self.anniversary_years) = cached;
                break;
            };
            (self.next_day, moved) = (end, true);
        }
        if moved {
            money.store(self);
        }
        self.next_day >= day
    }

    /// [`Accrual::step_by_decimal`] on `money`, up to the next anniversary or `day`: the
    /// capitalisation due, then the days to there at once, over as many rate stretches as
    /// they cross. Updates `money` and returns the day reached, or `None` (nothing changed
    /// but the cached anniversary) where integers would not give `Decimal`'s figures.
    ///
    /// `Decimal`'s steps add `principal x rate x days` stretch by stretch, each sum exact
    /// while it fits and of the largest scale so far. All terms being positive, each sum
    /// is at most the last and of no larger a scale: when the last fits (and is within the
    /// limit), so did every one, and the last is `principal x sum(rate x days)` with the
    /// rates brought to their largest scale, one product.
    #[inline(always)]
    fn step_in_integers(&mut self, money: &mut Money, day: DayNumber, dp: u32) -> Option<DayNumber> {
        // The figures after the capitalisation due, if any, kept apart until the step is
        // sure to be taken: a step declined leaves `money` as it was (and copying the whole
        // of it at each step was a tenth of the step).
        let capitalised = match self.anniversary_due() {
            true => {
                let interest = round_scaled(money.interest_x, dp)?;
                Some((
                    money.principal.add(interest)?,
                    money.capitalised.add(interest)?,
                    money.room_x.sub(money.interest_x)?,
                ))
            }
            false => None,
        };
        let (principal, interest_x, room_x) = match capitalised {
            Some((principal, _, room_x)) => (principal, Scaled::ZERO, room_x),
            None => (money.principal, money.interest_x, money.room_x),
        };
        let end = day.min(self.next_anniversary_after(self.next_day));
        let (interest_x, end) = match principal.is_zero() {
            // As [`Accrual::boundary`]: nothing bears interest up to the capitalisation.
            true => (interest_x, if interest_x.is_zero() { day } else { end }),
            false => {
                let (rate_days, notes) = self.rate_days(end)?;
                let interest_x = add_product_scaled(interest_x, principal, rate_days, 1, room_x)?;
                if let Some(notes) = notes {
                    self.notes = notes;
                }
                (interest_x, end)
            }
        };
        if let Some((_, capitalised, _)) = capitalised {
            money.capitalised = capitalised;
        }
        (money.principal, money.interest_x, money.room_x) = (principal, interest_x, room_x);
        Some(end)
    }

    /// The sum of rate x days over the stretches from `next_day` to `end`, at the largest
    /// scale of their rates, and the notes with theirs where they add any; `None` for a rate
    /// that is not positive or beyond 64 bits (a sum then beyond them is declined by
    /// [`add_product_scaled`] all the same), on overflow, or before the table (the `Decimal`
    /// step reports it).
    #[inline(always)]
    fn rate_days(&mut self, end: DayNumber) -> Option<(Scaled, Option<Notes>)> {
        if let Some(sum) = self.pricing.rate_days(self.next_day, end) {
            // Only stretches without notes give a sum this way.
            return Some((sum, None));
        }
        let (mut sum, mut notes, mut from) = (Scaled::ZERO, None, self.next_day);
        while from < end {
            let stretch = self.pricing.stretch(from).ok()?;
            let (until, rate) = (end.min(stretch.until), stretch.factor?);
            // Rarely any: only past a table or for a rate marked.
            let noted = stretch.noted.then_some(stretch.rate);
            // 64 x 64 bits: the product fits.
            let term = u128::from(rate.mantissa) * u128::from(u64::try_from(until - from).ok()?);
            sum = match sum.is_zero() {
                // `0 + term` at the larger scale: the term at the rate's (scales are never negative).
                true => Scaled {
                    mantissa: term,
                    scale: rate.scale,
                },
                false => {
                    let (a, b, scale) = aligned(sum.mantissa, sum.scale, term, rate.scale)?;
                    Scaled {
                        mantissa: a.checked_add(b)?,
                        scale,
                    }
                }
            };
            if let Some(rate) = noted {
                notes = Some(notes.unwrap_or(self.notes).with(&rate, &self.pricing));
            }
            from = until;
        }
        Some((sum, notes))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::super::super::{InterestRule, RateTables, Scheme};
    use super::*;

    /// Everything an accrual holds that a reader may see, scales included.
    fn state(acc: &Accrual) -> String {
        format!(
            "{:?}",
            (
                acc.principal,
                acc.interest_x,
                acc.capitalised,
                acc.paid,
                acc.room_x,
                acc.next_day,
                acc.used_unverified(),
                acc.provisional(),
                acc.interest_rounded(2),
                acc.accrued_rounded(2),
            )
        )
    }

    /// `acc` advanced through `day` in `Decimal` alone, as before integers.
    fn through_by_decimal(acc: &mut Accrual, day: NaiveDate) -> Result<(), crate::interest::RateError> {
        let day = super::super::day_number(day) + 1;
        while acc.next_day < day {
            acc.step_by_decimal(day)?;
        }
        Ok(())
    }

    /// What is done to an accrual after each advance.
    #[derive(Debug, Clone)]
    enum Then {
        Nothing,
        PayInterest(Decimal),
        PayAllInterest,
        ReducePrincipal(Decimal),
        Restore(Decimal, Decimal),
    }

    fn then() -> impl Strategy<Value = Then> {
        let amount = (0i64..10_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s));
        prop_oneof![
            2 => Just(Then::Nothing),
            1 => amount.clone().prop_map(Then::PayInterest),
            1 => Just(Then::PayAllInterest),
            1 => amount.clone().prop_map(Then::ReducePrincipal),
            1 => (amount.clone(), amount).prop_map(|(p, i)| Then::Restore(p, i)),
        ]
    }

    fn apply(acc: &mut Accrual, then: &Then) {
        match then {
            Then::Nothing => {}
            Then::PayInterest(x) => {
                acc.pay_interest(*x);
            }
            Then::PayAllInterest => acc.pay_interest_rounded(acc.interest_rounded(2)),
            Then::ReducePrincipal(x) => {
                acc.reduce_principal(*x);
            }
            Then::Restore(p, i) => {
                acc.add_principal(*p);
                acc.restore_interest(*i);
            }
        }
    }

    fn rule() -> impl Strategy<Value = InterestRule> {
        // Rates of every scale, up to ones whose numerators pass what integers round.
        let rate = prop_oneof![4 => (0i64..3_000, 0u32..4), 1 => (1i64..1_000_000_000, 0u32..24)];
        let fixed = (rate, any::<bool>()).prop_map(|((m, s), compound)| InterestRule::Fixed {
            rate: Decimal::new(m, s),
            compound,
        });
        let statutory = (0..RateTables::SCHEMES.len()).prop_map(|i| InterestRule::Statutory(RateTables::SCHEMES[i]));
        prop_oneof![fixed, statutory]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        /// Any rule, principal and sequence of advances, payments and reversals: the same
        /// figures, scales included, as the `Decimal` steps alone, and the same errors.
        #[test]
        fn integers_give_what_decimal_steps_give(
            rule in rule(),
            principal in prop_oneof![
                6 => (0i128..1_000_000_000_000, 0u32..4),
                // Past 64 bits, up to the interest limit in a day.
                1 => (0i128..10i128.pow(23), 0u32..4),
            ],
            first in prop_oneof![
                4 => 0u64..5_000,
                // 28 February to 1 March of the leap years 2016, 2020 and 2024.
                1 => (0u64..3, 0u64..3).prop_map(|(year, day)| [788, 2249, 3710][year as usize] + day),
            ],
            dp in 0u32..4,
            steps in proptest::collection::vec((0u64..900, then()), 1..12),
        ) {
            let tables = RateTables::builtin().expect("built-in tables");
            let start = NaiveDate::from_ymd_opt(2014, 1, 1).expect("a date") + Days::new(first);
            let principal = Decimal::from_i128_with_scale(principal.0, principal.1);
            let new = || Accrual::new(&rule, &tables, start, principal).rounding_to(dp).without_periods();
            let (mut fast, mut slow) = (new(), new());
            let mut day = start;
            for (forward, then) in &steps {
                day = day + Days::new(*forward);
                let a = fast.advance_through(day);
                let b = through_by_decimal(&mut slow, day);
                prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
                prop_assert_eq!(state(&fast), state(&slow));
                apply(&mut fast, then);
                apply(&mut slow, then);
            }
        }
    }

    #[test]
    fn ten_unpaid_years_run_in_integers() {
        let tables = RateTables::builtin().expect("built-in tables");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        for scheme in [Scheme::NlCommercial, Scheme::NlStatutory] {
            let rule = InterestRule::Statutory(scheme);
            let mut acc = Accrual::new(&rule, &tables, day(2016, 3, 2), Decimal::new(509_108, 2))
                .rounding_to(2)
                .without_periods();
            let end = super::super::day_number(day(2026, 6, 1)) + 1;
            assert!(acc.run_in_integers(end), "{scheme:?}");
            assert!(acc.capitalised() > Decimal::ZERO);
            assert_eq!(acc.capitalised().scale(), 2);
        }
    }
}
