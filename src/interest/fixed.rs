//! The stepper's arithmetic in integers, giving the very `Decimal`s the `Decimal` path gives.
//!
//! [`Accrual`](super::Accrual) keeps outstanding interest as an exact numerator,
//! `interest_x = interest x 36,500`. Its steps run in `u128` here, each only when the
//! result is provably the `Decimal` (value and scale) the `Decimal` path computes, and `None`
//! otherwise (the caller then computes it with `Decimal` as before). A payment's principal
//! ([`take_up_to`]) is taken the same way: `Decimal`'s `min`, `max` and subtractions of
//! amounts not negative, which are exact whenever the terms align within 96 bits.
//!
//! # Adding a period: [`add_product`]
//! `Decimal` multiplies and adds exactly whenever the result's mantissa fits its 96 bits and
//! its scale is at most 28: a product's mantissa is the product of the mantissas and its scale
//! the sum of the scales; a sum's terms are aligned to the larger scale and added. Only beyond
//! that does it round, and there [`add_product`] declines. Zeros are the exception (`Decimal`
//! gives a zero product scale 0, and a sum with a zero term the other term as it is): a zero
//! principal or rate is declined, a zero sum is the product. A principal, or a rate times
//! the days, beyond 64 bits is declined too (no journal comes near), so the product is one
//! widening multiplication. Each period's `Decimal` multiplications, addition and comparison
//! with the limit were most of evaluating a book.
//!
//! # Rounding: [`round_interest`]
//! Rounding the interest to `dp` decimals through `Decimal` divides the numerator to 28
//! significant digits, then rounds that quotient: about 1,000 instructions, once per claim read and once per yearly capitalisation, which was a
//! fifth of evaluating a book. [`round_interest`] computes the same figure with one `i128`
//! division of the numerator's mantissa, and gives it only when it is provably the figure
//! `Decimal` gives, scale included (otherwise `None`, and the caller divides as before):
//!
//! - The numerator is positive (the sign of a rounded zero is then never in question).
//! - The quotient is not exact at `dp` decimals: `Decimal` then holds more than `dp`
//!   decimals of it and rounding leaves exactly `dp` (an exact quotient may keep fewer).
//! - No rounding of the quotient to 28 digits moves it across a midpoint. The quotient `v`
//!   is `m / (365 x 10^(s+2))` for the mantissa `m` and scale `s`; a midpoint `M` at `dp`
//!   decimals has denominator `2 x 10^(dp+1)`, so `v != M` gives `|v - M| >= 1 / (730 x
//!   10^K)` with `K = max(s+2, dp+1)`, more than `10^-(K+3)`. `Decimal` holds a
//!   non-terminating quotient to at least 28 significant digits, so with at most `24 - K`
//!   integer digits its error is below `10^-(K+4)` and it lies on `v`'s side of every
//!   midpoint: both round alike. (`v == M` is exact in `Decimal` and rounds alike too.)
//!
//! # Rounding all interest accrued: [`round_accrued`]
//! `Accrual::accrued` is `capitalised + interest_x / 36,500 + paid`, each sum kept by
//! `Decimal` to at least 28 significant digits; rounded, it is what a ledger shows. With
//! `capitalised` and `paid` not negative, [`round_accrued`] rounds the exact value, the
//! numerator `interest_x + (capitalised + paid) x 36,500` over 36,500, as [`round_interest`]
//! does. Each of the three `Decimal` steps errs by at most one unit in the 28th digit, and
//! no intermediate has more integer digits than the total, so with the same bound on those
//! digits (`24 - K`) the whole error stays below `3 x 10^-(K+4)`, less than the distance
//! `10^-(K+3)` the argument above gives to every midpoint: both round alike.

use rust_decimal::Decimal;

use super::scaled::{aligned, Scaled, MANTISSA_END, POW10};

/// 365 days x 100 (rates are in percent), the denominator of the numerator form.
const DAYS_PERCENT: u128 = 36_500;

/// The largest scale a `Decimal` holds.
const MAX_SCALE: u32 = 28;

/// `sum + principal x (rate x days)`, if at most `limit` (else `None`, and the interest is
/// too large): in integers when that gives the same `Decimal` (see the module
/// documentation), which it nearly always does, else with `Decimal`.
pub fn add_product(sum: Decimal, principal: Decimal, rate: Decimal, days: i64, limit: Decimal) -> Option<Decimal> {
    product_in_integers(sum, principal, rate, days, limit)
        .or_else(|| product_by_decimal(sum, principal, rate, days, limit))
}

/// [`add_product`] with `Decimal`'s `checked_mul` and `checked_add`.
fn product_by_decimal(sum: Decimal, principal: Decimal, rate: Decimal, days: i64, limit: Decimal) -> Option<Decimal> {
    principal
        .checked_mul(rate * Decimal::from(days))
        .and_then(|x| sum.checked_add(x))
        .filter(|t| t.abs() <= limit)
}

/// [`product_by_decimal`] computed in integers, when that is provably the same `Decimal`
/// (value and scale); `None` otherwise.
fn product_in_integers(sum: Decimal, principal: Decimal, rate: Decimal, days: i64, limit: Decimal) -> Option<Decimal> {
    let [sum, principal, rate, limit] = [sum, principal, rate, limit].map(Scaled::of);
    add_product_scaled(sum?, principal?, rate?, days, limit?).map(Scaled::decimal)
}

/// [`add_product`]'s integer path on numbers already in integers: the stepper's state.
#[inline(always)]
pub(super) fn add_product_scaled(
    sum: Scaled,
    principal: Scaled,
    rate: Scaled,
    days: i64,
    limit: Scaled,
) -> Option<Scaled> {
    if principal.is_zero() || rate.is_zero() {
        return None;
    }
    let scale = principal.scale + rate.scale;
    if scale > MAX_SCALE {
        return None;
    }
    // Amounts and rates fit 64 bits by far: the product is one widening multiplication.
    let principal = u64::try_from(principal.mantissa).ok()?;
    let rate_days = u64::try_from(rate.mantissa)
        .ok()?
        .checked_mul(u64::try_from(days).ok().filter(|d| *d > 0)?)?;
    let product = u128::from(principal) * u128::from(rate_days);
    let (total, scale) = match sum.is_zero() {
        true => (product, scale),
        false => {
            let (a, b, scale) = aligned(sum.mantissa, sum.scale, product, scale)?;
            (a.checked_add(b)?, scale)
        }
    };
    let (x, max, _) = aligned(total, scale, limit.mantissa, limit.scale)?;
    // `product <= total`: one bound covers both.
    (total < MANTISSA_END && x <= max).then_some(Scaled { mantissa: total, scale })
}

/// What is left of `cap` and of `amount` after taking `amount.min(cap).max(0)` off both, as
/// `Decimal` computes them (value and scale), for `cap` and `amount` not negative; `None`
/// otherwise. `Decimal`'s comparisons and subtractions were most of a payment's principal.
pub fn take_up_to(cap: Decimal, amount: Decimal) -> Option<(Decimal, Decimal)> {
    let (cap, amount) = (Scaled::of(cap)?, Scaled::of(amount)?);
    let (a, c, _) = aligned(amount.mantissa, amount.scale, cap.mantissa, cap.scale)?;
    // `Decimal::min` keeps `amount` unless `cap` is smaller; `max(0)` then keeps it as it is.
    let taken = if a > c { cap } else { amount };
    Some((cap.sub(taken)?.decimal(), amount.sub(taken)?.decimal()))
}

/// `(capitalised + interest_x / 36,500 + paid).round_dp_with_strategy(dp,
/// MidpointAwayFromZero)` computed in integers, when that is provably the same value (see
/// the module documentation); `None` otherwise. The scale may differ where `Decimal` keeps
/// fewer than `dp` decimals: callers bring the result to the minor unit.
pub fn round_accrued(interest_x: Decimal, capitalised: Decimal, paid: Decimal, dp: u32) -> Option<Decimal> {
    // All in integers: converting the constants and adding in `Decimal` was half of it.
    let [interest_x, capitalised, paid] = [interest_x, capitalised, paid].map(Scaled::of);
    let others = capitalised?.add(paid?)?;
    let x = match others.is_zero() {
        true => interest_x?,
        false => {
            // 96 by 16 bits: exact in `u128`; `Decimal` multiplies exactly below 96 bits.
            let mantissa = others.mantissa * DAYS_PERCENT;
            let product = (mantissa < MANTISSA_END).then_some(Scaled {
                mantissa,
                scale: others.scale,
            })?;
            interest_x?.add(product)?
        }
    };
    round_scaled(x, dp).map(Scaled::decimal)
}

/// `(interest_x / 36,500).round_dp_with_strategy(dp, MidpointAwayFromZero)`, computed in
/// integers, when that is provably the same `Decimal` (value and scale; see the module
/// documentation); `None` otherwise.
pub fn round_interest(interest_x: Decimal, dp: u32) -> Option<Decimal> {
    round_scaled(Scaled::of(interest_x)?, dp).map(Scaled::decimal)
}

/// [`round_interest`] on a numerator already in integers: the stepper's state. Inlined: the
/// call's register saving was a fifth of it, once per yearly capitalisation.
#[inline(always)]
pub(super) fn round_scaled(interest_x: Scaled, dp: u32) -> Option<Scaled> {
    if interest_x.is_zero() {
        return None;
    }
    let s = interest_x.scale;
    let k = (s + 2).max(dp + 1);
    if k > 24 {
        return None;
    }
    let num = match u64::try_from(interest_x.mantissa) {
        // 64 x 64 bits (10^19 is the largest power of ten under 2^64): the product fits.
        Ok(m) if dp <= 19 => u128::from(m) * POW10[dp as usize],
        _ => interest_x.mantissa.checked_mul(POW10[dp as usize])?,
    };
    let den = DAYS_PERCENT * POW10[s as usize];
    // Nearly always within 64 bits, where the division is a single instruction.
    let (q, r) = match (u64::try_from(num), u64::try_from(den)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        _ => (num / den, num % den),
    };
    // Exact at `dp` decimals, or too many integer digits for the argument above.
    if r == 0 || q >= POW10[(24 - k + dp) as usize] {
        return None;
    }
    let q = if 2 * r >= den { q + 1 } else { q };
    Some(Scaled { mantissa: q, scale: dp })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;

    /// The `Decimal` computation [`round_interest`] stands for.
    fn by_decimal(interest_x: Decimal, dp: u32) -> Decimal {
        (interest_x / Decimal::from(DAYS_PERCENT)).round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
    }

    /// Same value and same scale (so the same text).
    fn same(interest_x: Decimal, dp: u32) -> Result<bool, TestCaseError> {
        let Some(fast) = round_interest(interest_x, dp) else {
            return Ok(false);
        };
        let slow = by_decimal(interest_x, dp);
        prop_assert_eq!(
            (fast, fast.scale(), fast.to_string()),
            (slow, slow.scale(), slow.to_string())
        );
        Ok(true)
    }

    #[test]
    fn cases_at_the_edges() {
        let d = |s: &str| s.parse::<Decimal>().expect("a decimal");
        // 1 x 36,500 / 36,500 = 1 exactly: left to `Decimal` (it keeps scale 0).
        assert_eq!(round_interest(d("36500"), 2), None);
        // Half a cent exactly: away from zero.
        assert_eq!(round_interest(d("182.5"), 2), Some(d("0.01")));
        assert_eq!(round_interest(d("182.4999"), 2), Some(d("0.00")));
        assert_eq!(round_interest(d("-182.5"), 2), None);
        assert_eq!(round_interest(Decimal::ZERO, 2), None);
        // 1,234.56 EUR x 8.15% x 365 days: 100.616640 -> 100.62.
        assert_eq!(
            round_interest(d("1234.56") * d("8.15") * d("365"), 2),
            Some(d("100.62"))
        );
        for (x, dp) in [
            ("182.5", 2),
            ("1234.5678", 2),
            ("99999999999.99", 3),
            ("0.0001", 0),
            ("365", 2),
        ] {
            assert_eq!(same(d(x), dp).ok(), Some(x != "365"), "{x} at {dp}");
        }
    }

    /// [`product_in_integers`] gives what `Decimal` gives, scale included, or declines;
    /// returns whether it gave.
    fn same_product(
        sum: Decimal,
        principal: Decimal,
        rate: Decimal,
        days: i64,
        limit: Decimal,
    ) -> Result<bool, TestCaseError> {
        let Some(fast) = product_in_integers(sum, principal, rate, days, limit) else {
            return Ok(false);
        };
        let slow = product_by_decimal(sum, principal, rate, days, limit);
        prop_assert_eq!(
            Some((fast, fast.scale(), fast.to_string())),
            slow.map(|s| (s, s.scale(), s.to_string()))
        );
        Ok(true)
    }

    #[test]
    fn products_at_the_edges() {
        let d = |s: &str| s.parse::<Decimal>().expect("a decimal");
        let limit = crate::interest::accrual::MAX_INTEREST_X;
        // 1,234.56 x 8.15 x 31 days onto nothing, then onto a sum of another scale.
        let first = product_in_integers(Decimal::ZERO, d("1234.56"), d("8.15"), 31, limit);
        assert_eq!(
            first.map(|x| (x.to_string(), x.scale())),
            Some(("311911.5840".into(), 4))
        );
        let next = product_in_integers(d("12.5"), d("100.00"), d("8"), 2, limit);
        assert_eq!(next.map(|x| x.to_string()), Some("1612.50".into()));
        // A zero term, a negative term, past the limit: left to `Decimal`.
        assert_eq!(product_in_integers(d("1"), Decimal::ZERO, d("8"), 2, limit), None);
        assert_eq!(product_in_integers(d("1"), d("100"), Decimal::ZERO, 2, limit), None);
        assert_eq!(product_in_integers(d("-1"), d("100"), d("8"), 2, limit), None);
        assert_eq!(product_in_integers(d("1"), d("100"), d("-8"), 2, limit), None);
        assert_eq!(
            product_in_integers(Decimal::ZERO, d("100"), d("8"), 2, d("1599.99")),
            None
        );
        assert_eq!(
            product_in_integers(Decimal::ZERO, d("100"), d("8"), 2, d("1600")),
            Some(d("1600"))
        );
        // A product beyond 96 bits, a scale beyond 28.
        assert_eq!(
            product_in_integers(Decimal::ZERO, Decimal::MAX, d("2"), 1, Decimal::MAX),
            None
        );
        assert_eq!(
            product_in_integers(Decimal::ZERO, d("0.00000000000000000001"), d("0.000000001"), 1, limit),
            None
        );
        for (sum, p, r, days) in [
            ("0", "1", "1", 1),
            ("0.1", "99.99", "10.4", 365),
            ("1234", "0.01", "0.0001", 7),
        ] {
            assert_eq!(
                same_product(d(sum), d(p), d(r), days, limit).ok(),
                Some(true),
                "{sum} {p} {r} {days}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Amounts and rates as journals and rate tables hold them: cents and basis points.
        #[test]
        fn equals_decimal_for_stepper_numerators(
            principal in 1i64..1_000_000_000_000_000,
            rate in 1i64..100_000,
            days in 1i64..40_000,
            p_scale in 0u32..4,
            r_scale in 0u32..5,
            dp in 0u32..4,
        ) {
            let x = Decimal::new(principal, p_scale) * Decimal::new(rate, r_scale) * Decimal::from(days);
            prop_assume!(x.scale() == p_scale + r_scale);
            let used = same(x, dp)?;
            // Taken whenever the quotient is inexact at `dp` decimals and small enough.
            let interest = x / Decimal::from(DAYS_PERCENT);
            let exact = (interest * Decimal::from(POW10[dp as usize])).fract().is_zero();
            let k = (x.scale() + 2).max(dp + 1);
            prop_assert_eq!(used, !exact && interest < Decimal::from(POW10[(24 - k) as usize]));
        }

        /// Periods as the stepper adds them: amounts in cents to tenths of a cent, rates to
        /// basis points, sums of every scale it makes; the limit anywhere from tight to none.
        #[test]
        fn products_equal_decimal_for_stepper_periods(
            sum in (0i64..i64::MAX, 0u32..7),
            principal in (1i64..1_000_000_000_000, 0u32..4),
            rate in (1i64..100_000, 0u32..5),
            days in 1i64..40_000,
            limit_shift in 0u32..29,
        ) {
            let decimal = |(m, scale): (i64, u32)| Decimal::new(m, scale);
            let (sum, principal, rate) = (decimal(sum), decimal(principal), decimal(rate));
            let limit = crate::interest::accrual::MAX_INTEREST_X / Decimal::from(POW10[limit_shift as usize]);
            let used = same_product(sum, principal, rate, days, limit)?;
            // Declined only past the limit: these sums fit a `Decimal` without rounding.
            let exact = principal * rate * Decimal::from(days) + sum;
            prop_assert_eq!(used, exact <= limit);
        }

        /// Any amounts (zeros of every scale included): what `Decimal` leaves of both.
        #[test]
        fn takes_as_decimal_does(
            cap in (0i64..1_000_000_000, 0u32..4, 0u32..3),
            amount in (0i64..1_000_000_000, 0u32..4, 0u32..3),
        ) {
            // A third of the amounts zero, a third equal in value to the cap.
            let decimal = |(m, scale, _): (i64, u32, u32)| Decimal::new(m, scale);
            let cap_d = match cap.2 { 0 => Decimal::new(0, cap.1), _ => decimal(cap) };
            let amount_d = match amount.2 {
                0 => Decimal::new(0, amount.1),
                1 => (cap_d * Decimal::new(10i64.pow(amount.1), amount.1)).normalize().max(cap_d),
                _ => decimal(amount),
            };
            let taken = amount_d.min(cap_d).max(Decimal::ZERO);
            let slow = (cap_d - taken, amount_d - taken);
            let fast = take_up_to(cap_d, amount_d).expect("amounts in integers");
            prop_assert_eq!(
                (fast.0.to_string(), fast.1.to_string(), fast),
                (slow.0.to_string(), slow.1.to_string(), slow)
            );
        }

        /// All interest accrued, rounded: the value `Decimal` gives, nearly always in integers.
        #[test]
        fn accrued_rounds_as_decimal_does(
            interest_x in (any::<u128>(), 0u32..97, 0u32..8),
            capitalised in (0i64..1_000_000_000_000, 0u32..3),
            paid in (0i64..1_000_000_000_000, 0u32..3),
            dp in 0u32..4,
        ) {
            // Numerators of any width up to 96 bits, so up to and past the bound on digits.
            let x = Decimal::from_i128_with_scale(((interest_x.0 >> 32) >> interest_x.1) as i128, interest_x.2);
            let decimal = |(m, scale): (i64, u32)| Decimal::new(m, scale);
            let (capitalised, paid) = (decimal(capitalised), decimal(paid));
            let slow = (capitalised + x / Decimal::from(DAYS_PERCENT) + paid)
                .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            let fast = round_accrued(x, capitalised, paid, dp);
            if let Some(fast) = fast {
                prop_assert_eq!(fast, slow);
            }
            // Declined exactly where rounding the whole numerator is declined.
            let total = x.checked_add((capitalised + paid) * Decimal::from(DAYS_PERCENT));
            prop_assume!(total.is_some());
            prop_assert_eq!(fast.is_some(), round_interest(total.unwrap_or_default(), dp).is_some());
        }

        /// Any mantissas (of any width) and scales, including ones no journal makes.
        #[test]
        fn products_equal_decimal_or_decline(
            bits in any::<[u128; 3]>(),
            widths in any::<[u8; 3]>(),
            scales in any::<[u8; 3]>(),
            negative in proptest::array::uniform3(proptest::bool::weighted(0.1)),
            days in -2i64..100_000,
        ) {
            // Mantissas of up to `96 - narrower` bits.
            let term = |i: usize, narrower: u32| {
                let m = (bits[i] >> 32) >> (narrower + u32::from(widths[i]) % (97 - narrower));
                let d = Decimal::from_i128_with_scale(m as i128, u32::from(scales[i] % 29) >> (scales[i] % 2));
                if negative[i] { -d } else { d }
            };
            // Rates of up to 32 bits: `rate x days` overflows in neither path.
            let (sum, principal, rate) = (term(0, 0), term(1, 0), term(2, 64));
            same_product(sum, principal, rate, days, Decimal::MAX)?;
        }

        /// Any positive mantissa and scale, including ones no journal makes.
        #[test]
        fn equals_decimal_or_declines(lo in any::<u64>(), hi in 0u32.., scale in 0u32..=28, dp in 0u32..6) {
            let x = Decimal::from_i128_with_scale((i128::from(hi) << 64) | i128::from(lo), scale);
            same(x, dp)?;
        }
    }
}
