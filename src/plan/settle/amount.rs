//! Amounts as the walk keeps them: a `Decimal`, with its additions, subtractions and
//! comparisons done inline in 64-bit integers where both terms are non-negative, of one
//! scale and within 64 bits, or where one is zero (nearly always in the walk). There
//! `rust_decimal` computes the same exact result at that scale, but through a call and its
//! general cases, and the walk makes a dozen such operations per application of money.
//!
//! Every operation gives exactly the `Decimal` that `rust_decimal` gives: value, scale and
//! sign (of zero too); the other cases are `Decimal`'s own operations.

use std::cmp::Ordering;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::Decimal;

/// An exact amount (a `Decimal`, so it converts either way for free).
#[derive(Debug, Clone, Copy, Default)]
pub struct Amount(Decimal);

impl From<Decimal> for Amount {
    #[inline]
    fn from(d: Decimal) -> Amount {
        Amount(d)
    }
}

impl From<Amount> for Decimal {
    #[inline]
    fn from(x: Amount) -> Decimal {
        x.0
    }
}

/// The mantissa of a non-negative amount within 64 bits, with its scale.
#[inline(always)]
fn small(x: Amount) -> Option<(u64, u32)> {
    let u = x.0.unpack();
    (!u.negative && u.hi == 0).then_some((u64::from(u.lo) | (u64::from(u.mid) << 32), u.scale))
}

/// The `Decimal` of mantissa `m` (below 2^64) at `scale`, negative if `negative` (and
/// not zero: `Decimal` computes no negative zero).
#[inline(always)]
fn of(m: u64, negative: bool, scale: u32) -> Amount {
    Amount(Decimal::from_parts(m as u32, (m >> 32) as u32, 0, negative, scale))
}

impl Amount {
    /// Zero, as `Decimal::ZERO` (scale 0).
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// The amount as a `Decimal`.
    #[inline]
    pub fn dec(self) -> Decimal {
        self.0
    }

    /// Zero (of either sign).
    #[inline]
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Above zero.
    #[inline]
    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }

    /// `other` if it is below `self`, else `self` (as `Decimal::min`).
    #[inline]
    pub fn min(self, other: Amount) -> Amount {
        match self > other {
            true => other,
            false => self,
        }
    }

    /// `other` if it is above `self`, else `self` (as `Decimal::max`).
    #[inline]
    pub fn max(self, other: Amount) -> Amount {
        match self < other {
            true => other,
            false => self,
        }
    }
}

impl Add for Amount {
    type Output = Amount;
    #[inline(always)]
    fn add(self, other: Amount) -> Amount {
        // `Decimal` hands back the other term of a zero as it is (its scale kept).
        if self.is_zero() {
            return other;
        }
        if other.is_zero() {
            return self;
        }
        if let (Some((x, sx)), Some((y, sy))) = (small(self), small(other)) {
            if let Some(m) = x.checked_add(y).filter(|_| sx == sy) {
                return of(m, false, sx);
            }
        }
        Amount::decimal_add(self, other)
    }
}

impl Sub for Amount {
    type Output = Amount;
    #[inline(always)]
    fn sub(self, other: Amount) -> Amount {
        // As `Decimal`: `x - 0` is `x` (`0 - 0` the second zero), `0 - x` is `x` negated.
        if other.is_zero() {
            return match self.is_zero() {
                true => other,
                false => self,
            };
        }
        if self.is_zero() {
            return -other;
        }
        if let (Some((x, sx)), Some((y, sy))) = (small(self), small(other)) {
            if sx == sy {
                return match x >= y {
                    true => of(x - y, false, sx),
                    false => of(y - x, true, sx),
                };
            }
        }
        Amount::decimal_sub(self, other)
    }
}

impl Amount {
    /// `Decimal`'s sum, out of line: the rare case (scales differ, a term is negative or
    /// beyond 64 bits).
    #[inline(never)]
    fn decimal_add(self, other: Amount) -> Amount {
        Amount(self.0 + other.0)
    }

    /// `Decimal`'s difference, out of line (see [`Self::decimal_add`]).
    #[inline(never)]
    fn decimal_sub(self, other: Amount) -> Amount {
        Amount(self.0 - other.0)
    }

    /// `Decimal`'s comparison, out of line (see [`Self::decimal_add`]).
    #[inline(never)]
    fn decimal_cmp(self, other: Amount) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl AddAssign for Amount {
    #[inline]
    fn add_assign(&mut self, other: Amount) {
        *self = *self + other;
    }
}

impl SubAssign for Amount {
    #[inline]
    fn sub_assign(&mut self, other: Amount) {
        *self = *self - other;
    }
}

impl Neg for Amount {
    type Output = Amount;
    #[inline]
    fn neg(self) -> Amount {
        Amount(-self.0)
    }
}

impl PartialEq for Amount {
    #[inline]
    fn eq(&self, other: &Amount) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Amount {}

impl PartialOrd for Amount {
    #[inline]
    fn partial_cmp(&self, other: &Amount) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    /// By value, as `Decimal` compares (scale and the sign of zero do not count).
    #[inline(always)]
    fn cmp(&self, other: &Amount) -> Ordering {
        // Non-negative terms of one scale, or one of them zero: their mantissas compare.
        if let (Some((x, sx)), Some((y, sy))) = (small(*self), small(*other)) {
            if sx == sy || x == 0 || y == 0 {
                return x.cmp(&y);
            }
        }
        self.decimal_cmp(*other)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same `Decimal` to the bit: value, scale and sign (of zero too).
    fn same(x: Amount, d: Decimal) -> bool {
        let x = x.dec();
        x.serialize() == d.serialize()
    }

    /// Amounts of every kind the walk meets and their edges: zeros of either sign and of
    /// several scales, small and large mantissas, mantissas beyond 64 bits.
    fn samples() -> Vec<Decimal> {
        let mut out = Vec::new();
        let mantissas: [i128; 14] = [
            0,
            1,
            7,
            99,
            100,
            12_345,
            1_000_000,
            4_294_967_295,
            4_294_967_296,
            999_999_999_999_999,
            i64::MAX as i128,
            i64::MAX as i128 + 1,
            (i64::MAX as i128) * 1000,
            79_228_162_514_264_337_593_543_950_335,
        ];
        for m in mantissas {
            for scale in [0u32, 1, 2, 3, 4, 9, 18, 19, 28] {
                for neg in [false, true] {
                    let Ok(mut d) = Decimal::try_from_i128_with_scale(m, scale) else {
                        continue;
                    };
                    d.set_sign_negative(neg);
                    out.push(d);
                }
            }
        }
        out
    }

    /// Every operation on `a` and `b` as amounts gives what it gives on them as `Decimal`s.
    fn agrees(a: Decimal, b: Decimal) {
        let (x, y) = (Amount::from(a), Amount::from(b));
        assert!(same(-x, -a), "-{a:?}");
        assert_eq!(x.is_zero(), a.is_zero());
        assert_eq!(x.is_positive(), a > Decimal::ZERO);
        assert_eq!(x.cmp(&y), a.cmp(&b), "{a:?} cmp {b:?}");
        assert!(same(x.min(y), a.min(b)), "{a:?} min {b:?}");
        assert!(same(x.max(y), a.max(b)), "{a:?} max {b:?}");
        if let Some(s) = a.checked_add(b) {
            assert!(same(x + y, s), "{a:?} + {b:?}");
        }
        if let Some(s) = a.checked_sub(b) {
            assert!(same(x - y, s), "{a:?} - {b:?}");
        }
    }

    #[test]
    fn operations_give_what_decimal_gives() {
        let samples = samples();
        for &a in &samples {
            for &b in &samples {
                agrees(a, b);
            }
        }
    }

    /// `m / 10^scale`, negative if `negative`.
    fn decimal(m: u128, scale: u32, negative: bool) -> Decimal {
        let mut d = Decimal::from_i128_with_scale(m as i128, scale);
        d.set_sign_negative(negative);
        d
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Any mantissas (of any width), scales and signs.
        #[test]
        fn any_amounts_as_decimal(
            bits in proptest::prelude::any::<[u128; 2]>(),
            widths in proptest::prelude::any::<[u8; 2]>(),
            scales in (0u32..=28, 0u32..=28),
            signs in proptest::prelude::any::<[bool; 2]>(),
        ) {
            let m = |i: usize| (bits[i] >> 32) >> (u32::from(widths[i]) % 97);
            agrees(decimal(m(0), scales.0, signs[0]), decimal(m(1), scales.1, signs[1]));
        }

        /// Amounts of one scale within 64 bits, the integer path's case, and their edges.
        #[test]
        fn amounts_of_one_scale_as_decimal(
            bits in proptest::prelude::any::<[u64; 2]>(),
            widths in proptest::prelude::any::<[u8; 2]>(),
            scale in 0u32..=4,
            signs in proptest::prelude::any::<[bool; 2]>(),
        ) {
            let m = |i: usize| u128::from(bits[i] >> (widths[i] % 64));
            agrees(decimal(m(0), scale, signs[0]), decimal(m(1), scale, signs[1]));
        }
    }

    #[test]
    fn sums_as_decimal_sums() {
        let samples: Vec<Decimal> = samples()
            .into_iter()
            .filter(|d| d.abs() < Decimal::from(1u64 << 40))
            .collect();
        let fast: Amount = samples.iter().map(|&d| Amount::from(d)).sum();
        let dec: Decimal = samples.iter().sum();
        assert!(same(fast, dec));
    }
}
