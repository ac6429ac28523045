//! The four amounts of a [`super::Split`] in 32 bytes instead of 64: each `Decimal` in one
//! word (mantissa, sign and scale), which holds every amount below 2^57 minor units; larger
//! ones keep their `Decimal`s out of line. A million splits are held at once at 1M.
//!
//! A word gives back exactly the `Decimal` it was made from: value, scale and sign (of zero
//! too, as a reversal's negated parts have it).

use std::num::NonZeroU64;

use rust_decimal::Decimal;

use super::Parts;

/// Parts as a split keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packed {
    /// Principal, capitalised, interest and costs, one word each (the top bit always set,
    /// so the first is never zero).
    Words(NonZeroU64, [u64; 3]),
    /// Parts too large for words.
    Wide(Box<Parts>),
}

/// Set in every word.
const MARK: u64 = 1 << 63;
/// Mantissas below this fit in a word.
const LIMIT: u64 = 1 << 57;

/// `d` in a word, when its mantissa fits.
#[inline(always)]
fn word(d: Decimal) -> Option<u64> {
    // The bytes are the flags (scale in bits 16-23, sign in bit 31), then the mantissa's
    // low, middle and high 32 bits: read as one number, without a branch per field.
    let x = u128::from_le_bytes(d.serialize());
    let (flags, m) = (x as u32, (x >> 32) as u64);
    let tag = u64::from(flags >> 31) << 5 | u64::from((flags >> 16) & 31);
    (x >> 96 == 0 && m < LIMIT).then_some(MARK | (m << 6) | tag)
}

/// The `Decimal` of word `w`.
#[inline]
fn decimal(w: u64) -> Decimal {
    let m = (w & !MARK) >> 6;
    let mut d = Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, (w & 31) as u32);
    // `from_parts` makes no negative zero; the word may hold one.
    d.set_sign_negative(w & 32 != 0);
    d
}

impl Packed {
    /// `parts`, packed.
    #[inline(always)]
    pub fn new(parts: &Parts) -> Packed {
        let words = (
            word(parts.principal).and_then(NonZeroU64::new),
            word(parts.capitalised),
            word(parts.interest),
            word(parts.costs),
        );
        match words {
            (Some(p), Some(c), Some(i), Some(f)) => Packed::Words(p, [c, i, f]),
            _ => Packed::Wide(Box::new(*parts)),
        }
    }

    /// The principal part.
    #[inline]
    pub fn principal(&self) -> Decimal {
        match self {
            Packed::Words(p, _) => decimal(p.get()),
            Packed::Wide(parts) => parts.principal,
        }
    }

    /// The parts.
    #[inline]
    pub fn get(&self) -> Parts {
        match self {
            Packed::Words(p, [c, i, f]) => Parts {
                principal: decimal(p.get()),
                capitalised: decimal(*c),
                interest: decimal(*i),
                costs: decimal(*f),
            },
            Packed::Wide(parts) => **parts,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn parts(p: Decimal, c: Decimal, i: Decimal, f: Decimal) -> Parts {
        Parts {
            principal: p,
            capitalised: c,
            interest: i,
            costs: f,
        }
    }

    /// Same value, scale and sign.
    fn same(a: &Parts, b: &Parts) -> bool {
        let bits = |p: &Parts| p.map(|d| d.serialize());
        bits(a) == bits(b)
    }

    #[test]
    fn packed_parts_are_half_the_size() {
        assert_eq!(std::mem::size_of::<Packed>(), 32);
    }

    #[test]
    fn amounts_come_back_exactly() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let zero_2 = d("0.00");
        let samples = [
            Decimal::ZERO,
            -Decimal::ZERO,
            zero_2,
            -zero_2,
            d("0.01"),
            d("-123.45"),
            d("1000"),
            d("12.3456789012345678901234567"),
            d("-144115188075855.871"),
            d("144115188075855.872"),
            d("79228162514264337593543950335"),
            Decimal::MIN,
        ];
        for &a in &samples {
            for &b in &samples {
                let p = parts(a, b, -a, b);
                let packed = Packed::new(&p);
                assert!(same(&packed.get(), &p), "{p:?} came back as {:?}", packed.get());
                assert_eq!(packed.principal().serialize(), a.serialize());
            }
        }
    }

    #[test]
    fn only_large_amounts_go_out_of_line() {
        let small = parts(
            Decimal::new(-12345, 2),
            Decimal::ZERO,
            Decimal::new(7, 0),
            -Decimal::ZERO,
        );
        assert!(matches!(Packed::new(&small), Packed::Words(..)));
        let mantissa_57_bits = Decimal::from_parts(0, 1 << 25, 0, false, 2);
        let large = parts(Decimal::ZERO, Decimal::ZERO, mantissa_57_bits, Decimal::ZERO);
        assert!(matches!(Packed::new(&large), Packed::Wide(_)));
        let below = Decimal::from_parts(u32::MAX, (1 << 25) - 1, 0, true, 28);
        assert!(matches!(
            Packed::new(&parts(below, below, below, below)),
            Packed::Words(..)
        ));
    }
}
