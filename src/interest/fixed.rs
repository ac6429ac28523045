//! The stepper's interest, rounded to a currency's minor unit in integers.
//!
//! [`Accrual`](super::Accrual) keeps outstanding interest as an exact numerator,
//! `interest_x = interest x 36,500`. Rounding the interest to `dp` decimals through
//! `Decimal` divides the numerator to 28 significant digits, then rounds that quotient: about
//! 1,000 instructions, once per claim read and once per yearly capitalisation, which was a
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

use rust_decimal::Decimal;

/// 365 days x 100 (rates are in percent), the denominator of the numerator form.
const DAYS_PERCENT: i128 = 36_500;

/// `10^k` for `k` in `0..=38`.
const fn pow10(k: u32) -> i128 {
    let mut p = 1i128;
    let mut i = 0;
    while i < k {
        p *= 10;
        i += 1;
    }
    p
}

/// Powers of ten up to `10^38`, the largest an `i128` holds.
const POW10: [i128; 39] = {
    let mut t = [0i128; 39];
    let mut k = 0;
    while k < 39 {
        t[k] = pow10(k as u32);
        k += 1;
    }
    t
};

/// `(interest_x / 36,500).round_dp_with_strategy(dp, MidpointAwayFromZero)`, computed in
/// integers, when that is provably the same `Decimal` (value and scale; see the module
/// documentation); `None` otherwise.
pub fn round_interest(interest_x: Decimal, dp: u32) -> Option<Decimal> {
    if interest_x.is_sign_negative() || interest_x.is_zero() {
        return None;
    }
    let s = interest_x.scale();
    let k = (s + 2).max(dp + 1);
    if k > 24 {
        return None;
    }
    let num = interest_x.mantissa().checked_mul(POW10[dp as usize])?;
    let den = DAYS_PERCENT * POW10[s as usize];
    let (q, r) = (num / den, num % den);
    // Exact at `dp` decimals, or too many integer digits for the argument above.
    if r == 0 || q >= POW10[(24 - k + dp) as usize] {
        return None;
    }
    let q = if 2 * r >= den { q + 1 } else { q };
    Some(Decimal::from_i128_with_scale(q, dp))
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

        /// Any positive mantissa and scale, including ones no journal makes.
        #[test]
        fn equals_decimal_or_declines(lo in any::<u64>(), hi in 0u32.., scale in 0u32..=28, dp in 0u32..6) {
            let x = Decimal::from_i128_with_scale((i128::from(hi) << 64) | i128::from(lo), scale);
            same(x, dp)?;
        }
    }
}
