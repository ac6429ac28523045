//! A running sum of `Decimal`s in integers: the same `Decimal` (value and scale) that adding
//! them one by one with `+` gives, at a fraction of the cost. Totals add a dozen amounts per
//! invoice; a `Decimal` addition decodes, aligns and re-encodes both sides each time.

use rust_decimal::Decimal;

/// What `Decimal` addition gives, held as `units / 10^scale` while that is exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sum {
    /// A sum that is not zero, in 64 bits (well inside a `Decimal`'s 96).
    Exact {
        /// The sum in units of `10^-scale`.
        units: i64,
        /// The scale `Decimal` addition gives it (the largest of the terms').
        scale: u32,
    },
    /// Zero (whose scale and sign `Decimal` keeps from the term that made it), or a sum
    /// too large for 64 bits: kept as the `Decimal` itself.
    Decimal(Decimal),
}

impl Default for Sum {
    /// `Decimal::ZERO`, as a sum starts.
    fn default() -> Sum {
        Sum::Decimal(Decimal::ZERO)
    }
}

impl From<Decimal> for Sum {
    #[inline(always)]
    fn from(d: Decimal) -> Sum {
        // The parts as `serialize` lays them out: flags (sign and scale), then the
        // mantissa's low, middle and high 32 bits.
        let b = d.serialize();
        let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let (flags, mantissa, hi) = (word(0), (u64::from(word(8)) << 32) | u64::from(word(4)), word(12));
        match (hi, i64::try_from(mantissa)) {
            (0, Ok(m)) if m != 0 => Sum::Exact {
                units: if flags >> 31 == 1 { -m } else { m },
                scale: (flags >> 16) & 0xff,
            },
            _ => Sum::Decimal(d),
        }
    }
}

impl Sum {
    /// The sum as a `Decimal`: exactly what adding the terms with `+` gives.
    #[inline]
    pub fn value(self) -> Decimal {
        match self {
            Sum::Exact { units, scale } => Decimal::new(units, scale),
            Sum::Decimal(d) => d,
        }
    }

    /// Adds `d`, as `sum + d` would.
    #[inline(always)]
    pub fn add(&mut self, d: Decimal) {
        self.add_sum(Sum::from(d));
    }

    /// Adds another sum, as `sum + other.value()` would.
    #[inline(always)]
    pub fn add_sum(&mut self, other: Sum) {
        // The usual cases inline: two amounts at one scale, and a zero added to an amount.
        match (*self, other) {
            (Sum::Exact { units: a, scale: sa }, Sum::Exact { units: b, scale: sb }) if sa == sb => {
                if let Some(units) = a.checked_add(b).filter(|&u| u != 0 && u != i64::MIN) {
                    *self = Sum::Exact { units, scale: sa };
                    return;
                }
            }
            // `Decimal` gives a non-zero left side back as it is when the right one is zero.
            (Sum::Exact { .. }, Sum::Decimal(z)) if z.is_zero() => return,
            _ => {}
        }
        self.add_sum_otherwise(other);
    }

    /// [`Sum::add_sum`] of anything but the usual cases.
    #[cold]
    #[inline(never)]
    fn add_sum_otherwise(&mut self, other: Sum) {
        match (*self, other) {
            (Sum::Exact { units: a, scale: sa }, Sum::Exact { units: b, scale: sb }) => {
                if let Some(sum) = exact_sum(a, sa, b, sb) {
                    *self = sum;
                    return;
                }
            }
            // `Decimal` gives the right side as it is when the left one is zero.
            (Sum::Decimal(z), _) if z.is_zero() => {
                *self = other;
                return;
            }
            _ => {}
        }
        // A sum that might not be exact in 64 bits: the `Decimal` addition decides.
        *self = Sum::from(self.value() + other.value());
    }
}

/// `a / 10^sa + b / 10^sb` at the larger scale, when it fits in 64 bits and is not zero
/// (whose sign `Decimal` takes from one side): then it is what `Decimal` addition gives.
#[inline]
fn exact_sum(a: i64, sa: u32, b: i64, sb: u32) -> Option<Sum> {
    let (a, b, scale) = if sa == sb {
        (a, b, sa)
    } else if sa < sb {
        // Scales differ rarely (amounts of one currency share theirs): no table needed.
        (a.checked_mul(10i64.checked_pow(sb - sa)?)?, b, sb)
    } else {
        (a, b.checked_mul(10i64.checked_pow(sa - sb)?)?, sa)
    };
    match a.checked_add(b)? {
        0 | i64::MIN => None,
        units => Some(Sum::Exact { units, scale }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decimals of every scale and sign, small and near the 96-bit limit, zeros of several
    /// scales and signs among them.
    fn terms(seed: &mut u64, n: usize) -> Vec<Decimal> {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        (0..n)
            .map(|_| {
                let r = next();
                let scale = match r % 4 {
                    0 => 2,
                    1 => (r >> 8) as u32 % 29,
                    _ => (r >> 8) as u32 % 4,
                };
                let mantissa: i128 = match (r >> 16) % 10 {
                    0 => 0,
                    1 => ((1 << 96) - 1) - (next() % 1000) as i128,
                    2 => i128::from(i64::MAX) - (next() % 3) as i128,
                    3 => i128::from(next() >> (next() % 64)) << (next() % 32),
                    _ => i128::from(next() % 1_000_000),
                };
                let mut d = Decimal::from_i128_with_scale(mantissa, scale);
                if (r >> 40) % 2 == 1 {
                    d = -d;
                }
                d
            })
            .collect()
    }

    /// Both sums, or `None` where `Decimal` addition overflows (both then panic alike).
    fn both(terms: &[Decimal]) -> Option<(Decimal, Decimal)> {
        let mut d = Decimal::ZERO;
        let mut s = Sum::default();
        for &t in terms {
            d = d.checked_add(t)?;
            s.add(t);
        }
        Some((d, s.value()))
    }

    #[test]
    fn sums_are_the_decimal_sums_in_value_scale_and_sign() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in [1, 2, 3, 5, 20] {
            for _ in 0..4000 {
                let terms = terms(&mut seed, len);
                if let Some((d, s)) = both(&terms) {
                    assert_eq!(s.serialize(), d.serialize(), "{terms:?}");
                }
            }
        }
    }

    #[test]
    fn zeros_keep_the_scale_and_sign_decimal_gives_them() {
        let z2 = Decimal::new(0, 2);
        let cases = [
            vec![z2],
            vec![-z2],
            vec![Decimal::new(100, 2), Decimal::new(-1, 0)],
            vec![Decimal::new(-100, 2), Decimal::new(1, 0), Decimal::new(5, 1)],
            vec![Decimal::new(7, 0), z2],
            vec![z2, Decimal::new(7, 0)],
        ];
        for terms in cases {
            let (d, s) = both(&terms).unwrap();
            assert_eq!(s.serialize(), d.serialize(), "{terms:?}");
        }
    }

    #[test]
    fn sums_of_sums_are_the_decimal_sums() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..4000 {
            let (a, b) = (terms(&mut seed, 3), terms(&mut seed, 3));
            let (Some((da, sa)), Some((db, _))) = (both(&a), both(&b)) else {
                continue;
            };
            let Some(want) = da.checked_add(db) else { continue };
            let mut inner = Sum::default();
            b.iter().for_each(|&t| inner.add(t));
            let mut got = Sum::from(sa);
            got.add_sum(inner);
            assert_eq!(got.value().serialize(), want.serialize(), "{a:?} {b:?}");
        }
    }
}
