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

/// Rounding a steady run's numerators to interest at the minor unit (see the module
/// documentation).
#[derive(Debug, Clone, Copy)]
struct Rounding {
    /// `365 x 10^(R+2)`, and the same within 64 bits if it fits.
    divisor: u128,
    divisor_64: Option<u64>,
    /// `10^(22 - R)`: quotients from here on have too many integer digits.
    bound: u128,
}

impl Rounding {
    /// The rounding of numerators of scale `dp + rates` to `dp` decimals (`dp + rates` at
    /// most [`MAX_NUMERATOR_SCALE`]).
    #[inline(always)]
    fn at(rates: u32) -> Rounding {
        let divisor = 365 * POW10[(rates + 2) as usize];
        Rounding {
            divisor,
            divisor_64: u64::try_from(divisor).ok(),
            bound: POW10[(MAX_NUMERATOR_SCALE - rates) as usize],
        }
    }

    /// The mantissa of `x`'s interest rounded half up, if `round_scaled` gives it: not for a
    /// zero or exact numerator, nor one of too many digits.
    #[inline(always)]
    fn round(self, x: u128) -> Option<u128> {
        // Nearly always within 64 bits, where the division is a single instruction.
        let (q, r) = match (u64::try_from(x), self.divisor_64) {
            (Ok(x), Some(d)) => (u128::from(x / d), u128::from(x % d)),
            _ => (x / self.divisor, x % self.divisor),
        };
        (r != 0 && q < self.bound).then(|| q + u128::from(2 * r >= self.divisor))
    }
}

/// The figures a steady run changes, as mantissas at the scales it fixed.
#[derive(Debug, Clone, Copy)]
struct Steady {
    principal: u64,
    interest_x: u128,
    capitalised: u128,
    room_x: u128,
}

impl Accrual<'_> {
    /// Takes the steps towards `day` in the steady state (see the module documentation) for
    /// as long as they stay in it; returns whether it took any. `money` is updated as
    /// [`Accrual::step_in_integers`] would update it, scales included.
    #[inline(always)]
    pub(super) fn run_steady(&mut self, money: &mut Money, day: DayNumber, dp: u32) -> bool {
        let Some(rates) = self.pricing.sum_scale() else {
            return false;
        };
        let Some((mut fixed, scales)) = Steady::of(money, dp, rates) else {
            return false;
        };
        let (mut moved, mut capitalised) = (false, false);
        while self.next_day < day {
            let cached = (self.anniversary, self.anniversary_years);
            let due = self.anniversary_due();
            let Some((next, end)) = self.steady_step(fixed, scales, due, day) else {
                (self.anniversary, self.anniversary_years) = cached;
                break;
            };
            (fixed, self.next_day, moved) = (next, end, true);
            capitalised |= due;
        }
        if moved {
            fixed.store(money, scales, capitalised);
        }
        moved
    }

    /// One step of [`Self::run_steady`] from `fixed`: the capitalisation if `due`, then the
    /// days up to the next anniversary or `day`. The figures after it and the day reached;
    /// `None` where it would leave the steady state.
    #[inline(always)]
    fn steady_step(&mut self, fixed: Steady, scales: Scales, due: bool, day: DayNumber) -> Option<(Steady, DayNumber)> {
        let mut next = fixed;
        if due {
            let x = fixed.interest_x;
            let interest = scales.rounding?.round(x)?;
            next = Steady {
                principal: u64::try_from(u128::from(fixed.principal) + interest).ok()?,
                interest_x: 0,
                capitalised: Some(fixed.capitalised + interest).filter(|c| *c < MANTISSA_END)?,
                room_x: fixed.room_x.checked_sub(x)?,
            };
        }
        let end = day.min(self.next_anniversary_after(self.next_day));
        let rate_days = self
            .pricing
            .rate_days(self.next_day, end)
            .filter(|r| r.scale == scales.rates)?;
        let product = u128::from(next.principal) * u128::from(u64::try_from(rate_days.mantissa).ok()?);
        next.interest_x = next.interest_x.checked_add(product).filter(|x| *x <= next.room_x)?;
        Some((next, end))
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
    /// scale `rates`, and its scales, if it is in it: a principal within 64 bits and not
    /// zero, a numerator of the principal's scale plus `rates` (at most 22) or zero,
    /// capitalised interest of scale `dp` or zero, room of at most the numerator's scale
    /// whose mantissa at that scale is within 96 bits.
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
            && numerator <= MAX_NUMERATOR_SCALE;
        if !fits {
            return None;
        }
        let steady = Steady {
            principal: u64::try_from(principal.mantissa).ok()?,
            interest_x: interest_x.mantissa,
            capitalised: capitalised.mantissa,
            room_x: room_x
                .mantissa
                .checked_mul(POW10[(numerator - room_x.scale) as usize])
                .filter(|r| *r < MANTISSA_END)?,
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
            mantissa: self.interest_x,
            scale: scales.numerator,
        };
        if capitalised {
            money.capitalised = Scaled {
                mantissa: self.capitalised,
                scale: scales.dp,
            };
            money.room_x = Scaled {
                mantissa: self.room_x,
                scale: scales.numerator,
            };
        }
    }
}
