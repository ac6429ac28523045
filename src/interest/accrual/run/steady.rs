//! The integer steps of an accrual in its steady state, on scales fixed for the whole run.
//!
//! Once an invoice has borne interest for a while, every figure of a step keeps its scale:
//! the principal is at the minor unit's scale `dp` (capitalised interest, rounded to `dp`,
//! leaves it there), the rates' sums are at their schedule's scale `R` (see
//! [`Pricing::rate_days`](super::super::Pricing)), the interest numerator at `dp + R`, the
//! room under the limit at that scale once a capitalisation took the numerator off it. Then
//! each of [`Accrual::step_in_integers`]' operations is a bare integer operation: its sums
//! need no aligning, and the rounding divides by a constant. [`Accrual::run_steady`] checks
//! that state once and takes the steps in it, the very operations on the very mantissas,
//! until one would leave it (a zero numerator to capitalise, a rate not plain, a figure
//! past its bits); the general steps go on from there. The scales a run ends with are those
//! the general steps give: unchanged where nothing changed, else the ones fixed here.
//!
//! The rounding is [`round_scaled`](super::super::super::fixed::round_scaled)'s on a
//! numerator of scale `s = dp + R`: its quotient `x x 10^dp / (36,500 x 10^s)` is
//! `x / (365 x 10^(R+2))` (the same floor, the remainder scaled by `10^dp`), and its bound on
//! integer digits `10^(24 - (s + 2) + dp)` is `10^(22 - R)`.

use super::super::super::scaled::{Scaled, MANTISSA_END, POW10};
use super::super::{Accrual, DayNumber};
use super::Money;

/// The largest scale of an interest numerator [`round_scaled`] rounds (`s + 2 <= 24`).
///
/// [`round_scaled`]: super::super::super::fixed::round_scaled
const MAX_NUMERATOR_SCALE: u32 = 22;

/// The largest scale of rates' sums a steady run takes: its divisor `365 x 10^(R+2)` then
/// fits 63 bits (no journal's rates come near).
const MAX_RATES_SCALE: u32 = 14;

/// Rounding a steady run's numerators to interest at the minor unit (see the module
/// documentation).
#[derive(Debug, Clone, Copy)]
struct Rounding {
    /// `365 x 10^(R+2)`.
    divisor: u64,
    /// `10^(22 - R)`: quotients from here on have too many integer digits.
    bound: u128,
}

impl Rounding {
    /// The rounding of numerators of scale `dp + rates` to `dp` decimals (`dp + rates` at
    /// most [`MAX_NUMERATOR_SCALE`], `rates` at most [`MAX_RATES_SCALE`]).
    #[inline(always)]
    fn at(rates: u32) -> Rounding {
        Rounding {
            // At most `365 x 10^16`: within 63 bits.
            divisor: (365 * POW10[(rates + 2) as usize]) as u64,
            bound: POW10[(MAX_NUMERATOR_SCALE - rates) as usize],
        }
    }

    /// The mantissa of `x`'s interest rounded half up, if `round_scaled` gives it: not for a
    /// zero or exact numerator, nor one of too many digits.
    #[inline(always)]
    fn round(self, x: u64) -> Option<u64> {
        let (q, r) = (x / self.divisor, x % self.divisor);
        (r != 0 && u128::from(q) < self.bound).then(|| q + u64::from(r >= self.divisor - r))
    }
}

/// The figures a steady run changes, as mantissas at the scales it fixed: within 64 bits
/// but for the room under the limit (about 2^88 at first).
#[derive(Debug, Clone, Copy)]
struct Steady {
    principal: u64,
    interest_x: u64,
    capitalised: u64,
    room_x: u128,
}

impl Accrual<'_> {
    /// Takes the steps towards `day` in the steady state (see the module documentation) for
    /// as long as they stay in it; returns whether it took any. `money` is updated as
    /// [`Accrual::step_in_integers`] would update it, scales included, and the anniversary
    /// found as it would find it.
    #[inline(always)]
    pub(super) fn run_steady(&mut self, money: &mut Money, day: DayNumber, dp: u32) -> bool {
        let Some(rates) = self.pricing.sum_scale() else {
            return false;
        };
        let Some((mut fixed, scales)) = Steady::of(money, dp, rates) else {
            return false;
        };
        // The anniversary found is then the first on or after the first day not accrued
        // (but on the calendar's first day): each step below moves it on from there itself.
        // Where no step is taken, it is left as the general steps would leave it.
        let cached = (self.anniversary, self.anniversary_years);
        self.anniversary_due();
        let (mut moved, mut capitalised) = (false, false);
        if self.compound && self.anniversary < self.next_day {
            (self.anniversary, self.anniversary_years) = cached;
            return false;
        }
        while self.next_day < day {
            let due = self.compound && self.anniversary == self.next_day;
            let Some((next, end, anniversary)) = self.steady_step(fixed, scales, due, day) else {
                break;
            };
            (fixed, self.next_day, moved) = (next, end, true);
            if due {
                (self.anniversary, self.anniversary_years) = (anniversary, self.anniversary_years.saturating_add(1));
                capitalised = true;
            }
        }
        match moved {
            true => fixed.store(money, scales, capitalised),
            false => (self.anniversary, self.anniversary_years) = cached,
        }
        moved
    }

    /// One step of [`Self::run_steady`] from `fixed`: the capitalisation if `due` (the first
    /// day not accrued is the anniversary found), then the days up to the next anniversary
    /// or `day`. The figures after it, the day reached and the next anniversary; `None`
    /// where it would leave the steady state.
    #[inline(always)]
    fn steady_step(
        &self,
        fixed: Steady,
        scales: Scales,
        due: bool,
        day: DayNumber,
    ) -> Option<(Steady, DayNumber, DayNumber)> {
        let mut next = fixed;
        let mut anniversary = self.anniversary;
        if due {
            let x = fixed.interest_x;
            let interest = scales.rounding?.round(x)?;
            next = Steady {
                principal: fixed.principal.checked_add(interest)?,
                interest_x: 0,
                capitalised: fixed.capitalised.checked_add(interest)?,
                room_x: fixed.room_x.checked_sub(u128::from(x))?,
            };
            anniversary = super::super::anniversary::following(self.first_day, self.anniversary_years, anniversary);
        }
        let end = day.min(anniversary);
        let rate_days = self
            .pricing
            .rate_days(self.next_day, end)
            .filter(|r| r.scale == scales.rates)?;
        let product = next.principal.checked_mul(u64::try_from(rate_days.mantissa).ok()?)?;
        next.interest_x = next
            .interest_x
            .checked_add(product)
            .filter(|x| u128::from(*x) <= next.room_x)?;
        Some((next, end, anniversary))
    }
}

/// The scales a steady run keeps.
#[derive(Debug, Clone, Copy)]
struct Scales {
    /// The minor unit's (interest is rounded to it when capitalised).
    dp: u32,
    /// The principal's.
    principal: u32,
    /// The rates' sums' (`R`).
    rates: u32,
    /// The interest numerator's: the principal's plus the rates'.
    numerator: u32,
    /// The rounding of a capitalisation, if the principal's scale is the minor unit's (else
    /// a capitalisation would change it, and the run stops before one).
    rounding: Option<Rounding>,
}

impl Steady {
    /// `money` in the steady state for interest rounded to `dp` decimals and rates' sums of
    /// scale `rates` (at most [`MAX_RATES_SCALE`]), and its scales, if it is in it: a
    /// principal within 64 bits and not zero, a numerator within 64 bits of the principal's
    /// scale plus `rates` (at most [`MAX_NUMERATOR_SCALE`]) or zero, capitalised interest
    /// within 64 bits of scale `dp` or zero, room of at most the numerator's scale whose
    /// mantissa at that scale is within 96 bits.
    #[inline(always)]
    fn of(money: &Money, dp: u32, rates: u32) -> Option<(Steady, Scales)> {
        let Money {
            principal,
            interest_x,
            capitalised,
            room_x,
        } = *money;
        let numerator = principal.scale + rates;
        let fits = !principal.is_zero()
            && (interest_x.is_zero() || interest_x.scale == numerator)
            && (capitalised.is_zero() || capitalised.scale == dp)
            && room_x.scale <= numerator
            && numerator <= MAX_NUMERATOR_SCALE
            && rates <= MAX_RATES_SCALE;
        if !fits {
            return None;
        }
        let steady = Steady {
            principal: u64::try_from(principal.mantissa).ok()?,
            interest_x: u64::try_from(interest_x.mantissa).ok()?,
            capitalised: u64::try_from(capitalised.mantissa).ok()?,
            // Nearly always at the numerator's scale already (after a first capitalisation).
            room_x: match numerator - room_x.scale {
                0 => room_x.mantissa,
                up => room_x
                    .mantissa
                    .checked_mul(POW10[up as usize])
                    .filter(|r| *r < MANTISSA_END)?,
            },
        };
        let scales = Scales {
            dp,
            principal: principal.scale,
            rates,
            numerator,
            rounding: (principal.scale == dp).then(|| Rounding::at(rates)),
        };
        Some((steady, scales))
    }

    /// Writes the figures back into `money` after at least one step: the numerator at its
    /// scale (every step adds a product to it); capitalised interest and the room at the
    /// scales a capitalisation gives them, if there was one (else they are unchanged).
    #[inline(always)]
    fn store(self, money: &mut Money, scales: Scales, capitalised: bool) {
        money.principal = Scaled {
            mantissa: u128::from(self.principal),
            scale: scales.principal,
        };
        money.interest_x = Scaled {
            mantissa: u128::from(self.interest_x),
            scale: scales.numerator,
        };
        if capitalised {
            money.capitalised = Scaled {
                mantissa: u128::from(self.capitalised),
                scale: scales.dp,
            };
            money.room_x = Scaled {
                mantissa: self.room_x,
                scale: scales.numerator,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::super::super::super::{InterestRule, RateTables, Scheme};
    use super::*;
    use crate::interest::schedule::day_number;

    /// `acc` run towards `day` by the general integer steps, steady runs first if `steady`
    /// (as [`Accrual::run_in_integers`] runs it) or none (as before them): the money and
    /// the day reached.
    fn run(acc: &mut Accrual, mut money: Money, day: DayNumber, dp: u32, steady: bool) -> (String, DayNumber) {
        while acc.next_day < day {
            if steady && acc.run_steady(&mut money, day, dp) {
                continue;
            }
            let cached = (acc.anniversary, acc.anniversary_years);
            match acc.step_in_integers(&mut money, day, dp) {
                Some(end) => acc.next_day = end,
                None => {
                    (acc.anniversary, acc.anniversary_years) = cached;
                    break;
                }
            }
        }
        (format!("{money:?}"), acc.next_day)
    }

    /// A non-negative figure: zero of any scale, cents, or a mantissa of any width up to 96
    /// bits (past 64 bits included, where the steady run declines).
    fn figure(max_scale: u32) -> impl Strategy<Value = Scaled> {
        prop_oneof![
            1 => (0..=max_scale).prop_map(|scale| Scaled { mantissa: 0, scale }),
            3 => (1u128..100_000_000, 0..=max_scale).prop_map(|(mantissa, scale)| Scaled { mantissa, scale }),
            1 => (any::<u128>(), 0u32..97, 0..=max_scale).prop_map(|(bits, width, scale)| Scaled {
                mantissa: (bits >> 32) >> width,
                scale
            }),
        ]
    }

    fn rule() -> impl Strategy<Value = InterestRule> {
        let fixed = ((0i64..3_000, 0u32..6), any::<bool>()).prop_map(|((m, s), compound)| InterestRule::Fixed {
            rate: Decimal::new(m, s),
            compound,
        });
        let statutory = (0..RateTables::SCHEMES.len()).prop_map(|i| InterestRule::Statutory(RateTables::SCHEMES[i]));
        prop_oneof![fixed, statutory]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// From any figures, steady or not (zeros, scales apart, mantissas past 64 bits, room
        /// that runs out): the steady run reaches what the general integer steps reach, the
        /// same mantissas and scales, the same day, and declines where they decline.
        #[test]
        fn steady_runs_give_what_general_steps_give(
            rule in rule(),
            first in 0u64..4_500,
            from in 0u64..4_000,
            days in 1u64..4_000,
            dp in 0u32..5,
            principal in figure(5),
            interest_x in figure(10),
            capitalised in figure(5),
            steady_scales in any::<bool>(),
            room_x in prop_oneof![
                3 => Just(Scaled::of(crate::interest::accrual::MAX_INTEREST_X).expect("positive")),
                1 => figure(10),
            ],
        ) {
            let tables = RateTables::builtin().expect("built-in tables");
            let first = NaiveDate::from_ymd_opt(2014, 6, 1).expect("a date") + Days::new(first);
            let mut acc = Accrual::new(&rule, &tables, first, Decimal::ZERO).rounding_to(dp).without_periods();
            acc.next_day = day_number(first + Days::new(from));
            let day = acc.next_day + i32::try_from(days).expect("days");
            let mut money = Money { principal, interest_x, capitalised, room_x };
            if steady_scales {
                // Half the cases at the scales of the steady state, whatever the mantissas.
                let numerator = dp + acc.pricing.sum_scale().unwrap_or(0);
                money.principal.scale = dp;
                money.interest_x.scale = numerator;
                money.capitalised.scale = dp;
                money.room_x.scale = money.room_x.scale.min(numerator);
            }
            let mut general = acc.clone();
            let slow = run(&mut general, money, day, dp, false);
            let fast = run(&mut acc, money, day, dp, true);
            prop_assert_eq!(fast, slow);
            prop_assert_eq!(
                (acc.anniversary, acc.anniversary_years, format!("{:?}", acc.notes)),
                (general.anniversary, general.anniversary_years, format!("{:?}", general.notes))
            );
        }
    }

    #[test]
    fn unpaid_years_run_steady_after_the_first() {
        let tables = RateTables::builtin().expect("built-in tables");
        let day = |y, m, d| day_number(NaiveDate::from_ymd_opt(y, m, d).expect("a date"));
        for rule in [
            InterestRule::Statutory(Scheme::NlCommercial),
            InterestRule::Statutory(Scheme::NlStatutory),
            InterestRule::Fixed {
                rate: Decimal::new(815, 2),
                compound: true,
            },
        ] {
            // 100.1 EUR (scale 1) runs steady up to the first capitalisation, which brings it
            // to cents (a general step), and then on.
            for principal in [Decimal::new(509_108, 2), Decimal::new(1_001, 1)] {
                let first = NaiveDate::from_ymd_opt(2016, 2, 29).expect("a date");
                let mut acc = Accrual::new(&rule, &tables, first, principal)
                    .rounding_to(2)
                    .without_periods();
                let mut money = Money::of(&acc).expect("not negative");
                assert!(acc.run_steady(&mut money, day(2026, 6, 1), 2), "{rule:?} {principal}");
                if principal.scale() == 1 {
                    assert_eq!(acc.next_day, day(2017, 2, 28), "{rule:?}");
                    acc.next_day = acc.step_in_integers(&mut money, day(2026, 6, 1), 2).expect("a step");
                    assert!(acc.run_steady(&mut money, day(2026, 6, 1), 2), "{rule:?} {principal}");
                }
                assert_eq!(acc.next_day, day(2026, 6, 1), "{rule:?} {principal}");
                assert_eq!((money.principal.scale, money.capitalised.scale), (2, 2));
            }
        }
    }
}
