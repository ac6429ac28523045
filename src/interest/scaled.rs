//! Non-negative `Decimal`s as a bare mantissa and scale, added and subtracted the way
//! `Decimal` adds and subtracts them, so the stepper can keep its state in integers and give
//! back the very `Decimal`s (value and scale) the `Decimal` path would hold.
//!
//! `Decimal` adds exactly whenever both terms, brought to the larger scale, and the result
//! fit its 96-bit mantissa; a zero term leaves the other term as it is, scale included (for
//! `0 - x`, `x` negated). [`Scaled::add`] and [`Scaled::sub`] do the same and decline
//! (`None`) wherever `Decimal` would round or the result would be negative.

use rust_decimal::Decimal;

/// One more than the largest mantissa a `Decimal` holds (96 bits).
pub(super) const MANTISSA_END: u128 = 1 << 96;

/// `10^k` for `k` in `0..=38`.
const fn pow10(k: u32) -> u128 {
    let mut p = 1u128;
    let mut i = 0;
    while i < k {
        p *= 10;
        i += 1;
    }
    p
}

/// Powers of ten up to `10^38`, the largest a `u128` holds with room to spare.
pub(super) const POW10: [u128; 39] = {
    let mut t = [0u128; 39];
    let mut k = 0;
    while k < 39 {
        t[k] = pow10(k as u32);
        k += 1;
    }
    t
};

/// A non-negative `Decimal`: `mantissa x 10^-scale`, with `mantissa` below 2^96 and
/// `scale` at most 28 (so it converts back without loss).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scaled {
    pub mantissa: u128,
    pub scale: u32,
}

impl Scaled {
    /// `Decimal::ZERO`: mantissa and scale 0.
    pub const ZERO: Scaled = Scaled { mantissa: 0, scale: 0 };

    /// `d` as mantissa and scale; `None` when negative (a negative zero included).
    #[inline(always)]
    pub fn of(d: Decimal) -> Option<Scaled> {
        (!d.is_sign_negative()).then(|| Scaled {
            mantissa: d.mantissa().unsigned_abs(),
            scale: d.scale(),
        })
    }

    /// The `Decimal` with this mantissa and scale.
    #[inline(always)]
    pub fn decimal(self) -> Decimal {
        let m = self.mantissa;
        Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, false, self.scale)
    }

    /// Whether it is zero (of any scale).
    #[inline(always)]
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// `self + other` as `Decimal` computes it, when that is exact.
    #[inline(always)]
    pub fn add(self, other: Scaled) -> Option<Scaled> {
        if self.is_zero() {
            return Some(other);
        }
        if other.is_zero() {
            return Some(self);
        }
        let (a, b, scale) = aligned(self.mantissa, self.scale, other.mantissa, other.scale)?;
        let mantissa = a + b;
        (mantissa < MANTISSA_END).then_some(Scaled { mantissa, scale })
    }

    /// `self - other` as `Decimal` computes it, when that is exact and not negative.
    #[inline(always)]
    pub fn sub(self, other: Scaled) -> Option<Scaled> {
        if self.is_zero() {
            // `0 - 0` is the second zero; `0 - x` is negative.
            return other.is_zero().then_some(other);
        }
        if other.is_zero() {
            return Some(self);
        }
        let (a, b, scale) = aligned(self.mantissa, self.scale, other.mantissa, other.scale)?;
        // Both terms within 96 bits, as `Decimal`'s exact path has them.
        let mantissa = a.checked_sub(b).filter(|_| a < MANTISSA_END)?;
        Some(Scaled { mantissa, scale })
    }
}

/// The mantissas `a` (of scale `sa`) and `b` (of scale `sb`) brought to the larger scale,
/// and that scale; `None` on overflow. Inlined: the stepper runs it twice per period,
/// nearly always with equal scales.
#[inline(always)]
pub(super) fn aligned(a: u128, sa: u32, b: u128, sb: u32) -> Option<(u128, u128, u32)> {
    let up = |m: u128, by: u32| m.checked_mul(*POW10.get(by as usize)?);
    match sa.cmp(&sb) {
        std::cmp::Ordering::Equal => Some((a, b, sa)),
        std::cmp::Ordering::Less => Some((up(a, sb - sa)?, b, sb)),
        std::cmp::Ordering::Greater => Some((a, up(b, sa - sb)?, sa)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The same value and scale (so the same text).
    fn same(fast: Option<Scaled>, slow: Option<Decimal>) -> Result<(), TestCaseError> {
        if let Some(fast) = fast {
            let fast = fast.decimal();
            let slow = slow.ok_or_else(|| TestCaseError::fail("Decimal failed where integers did not"))?;
            prop_assert_eq!(
                (fast, fast.scale(), fast.to_string()),
                (slow, slow.scale(), slow.to_string())
            );
        }
        Ok(())
    }

    #[test]
    fn zeros_keep_the_other_terms_scale() {
        let d = |s: &str| Scaled::of(s.parse::<Decimal>().expect("a decimal")).expect("not negative");
        assert_eq!(d("0.000").add(d("1.5")), Some(d("1.5")));
        assert_eq!(d("1.5").add(d("0.000")), Some(d("1.5")));
        assert_eq!(d("0.0").sub(d("0.000")).map(|x| x.scale), Some(3));
        assert_eq!(d("0").sub(d("1")), None);
        assert_eq!(
            d("1").sub(d("1.00")).map(|x| x.decimal().to_string()),
            Some("0.00".into())
        );
        assert_eq!(
            d("1.25").add(d("2")).map(|x| x.decimal().to_string()),
            Some("3.25".into())
        );
        assert_eq!(Scaled::of(Decimal::NEGATIVE_ONE), None);
        assert_eq!(Scaled::of(-Decimal::ZERO), None);
        assert_eq!(Scaled::of(Decimal::MAX).map(Scaled::decimal), Some(Decimal::MAX));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Any mantissas (of any width) and scales: `Decimal`'s sum and difference, or none.
        #[test]
        fn adds_and_subtracts_as_decimal_does(
            bits in any::<[u128; 2]>(),
            widths in any::<[u8; 2]>(),
            scales in (0u32..=28, 0u32..=28),
        ) {
            let term = |i: usize, scale: u32| {
                let m = (bits[i] >> 32) >> (u32::from(widths[i]) % 97);
                Decimal::from_i128_with_scale(m as i128, scale)
            };
            let (a, b) = (term(0, scales.0), term(1, scales.1));
            let (x, y) = (Scaled::of(a).expect("positive"), Scaled::of(b).expect("positive"));
            same(x.add(y), a.checked_add(b))?;
            let difference = x.sub(y);
            same(difference, a.checked_sub(b))?;
            // Declined only where the difference is negative or a term is too wide.
            let fits = aligned(x.mantissa, x.scale, y.mantissa, y.scale).is_some_and(|(a, b, _)| a.max(b) < MANTISSA_END);
            if a >= b && fits {
                prop_assert!(difference.is_some());
            }
        }
    }
}
