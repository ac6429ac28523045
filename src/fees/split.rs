//! Splitting a letter's fee over its invoices, cents exact.
//!
//! A fee is charged once per letter but recorded per invoice. The parts are pro rata to the
//! invoices' principals, each rounded half away from zero to the minor unit; whatever the
//! rounding leaves over (a few cents either way) goes to the largest invoice, so the parts
//! always add up to the rounded total.

use rust_decimal::Decimal;

use crate::money::Currency;

/// `total`, rounded to the minor unit of `currency`, split over invoices pro rata to
/// `principals` (same order). The rounding remainder goes to the largest invoice (the first
/// one if several are equally large). If every principal is zero, the largest (first) invoice
/// carries everything. An empty `principals` gives an empty split.
pub fn pro_rata(currency: Currency, total: Decimal, principals: &[Decimal]) -> Vec<Decimal> {
    let Some(largest) = largest_index(principals) else {
        return Vec::new();
    };
    let rounded = currency.round(total);
    let sum: Decimal = principals.iter().sum();
    let mut parts: Vec<Decimal> = principals
        .iter()
        .map(|p| match sum.is_zero() {
            true => currency.round(Decimal::ZERO),
            false => currency.round(rounded * (*p / sum)),
        })
        .collect();
    let remainder = rounded - parts.iter().sum::<Decimal>();
    if let Some(part) = parts.get_mut(largest) {
        *part += remainder;
    }
    parts
}

/// Index of the largest principal (the first on a tie).
fn largest_index(principals: &[Decimal]) -> Option<usize> {
    let mut best: Option<(usize, Decimal)> = None;
    for (i, p) in principals.iter().enumerate() {
        let larger = match best {
            Some((_, b)) => *p > b,
            None => true,
        };
        if larger {
            best = Some((i, *p));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn remainder_goes_to_the_largest_invoice() {
        // 100.00 over three equal invoices: 33.333.. -> 33.33 each = 99.99; the missing
        // 0.01 goes to the first of the (equally) largest: 33.34 + 33.33 + 33.33 = 100.00.
        let parts = pro_rata(Currency::EUR, d("100"), &[d("10"), d("10"), d("10")]);
        assert_eq!(parts, vec![d("33.34"), d("33.33"), d("33.33")]);
    }

    #[test]
    fn remainder_can_be_negative() {
        // 0.05 over principals 1 : 1.5 : 0.5 (sum 3, the largest is the second):
        let parts = pro_rata(Currency::EUR, d("0.05"), &[d("1"), d("1.5"), d("0.5")]);
        // shares: 0.05 x 1/3 = 0.01667 -> 0.02; x 1.5/3 = 0.025 -> 0.03; x 0.5/3 = 0.00833 -> 0.01
        // sum 0.06, remainder -0.01 on the largest (the second): 0.02 + 0.02 + 0.01 = 0.05.
        assert_eq!(parts, vec![d("0.02"), d("0.02"), d("0.01")]);
        assert_eq!(parts.iter().sum::<Decimal>(), d("0.05"));
    }

    #[test]
    fn pro_rata_to_principal_and_rounded_total() {
        // Total 895.004 rounds to 895.00; principals 9,000 : 3,000 (sum 12,000):
        // 895.00 x 0.75 = 671.25, 895.00 x 0.25 = 223.75; sum 895.00, no remainder.
        let parts = pro_rata(Currency::EUR, d("895.004"), &[d("9000"), d("3000")]);
        assert_eq!(parts, vec![d("671.25"), d("223.75")]);
    }

    #[test]
    fn zero_principals_and_empty_input() {
        let parts = pro_rata(Currency::EUR, d("40"), &[d("0"), d("0")]);
        assert_eq!(parts, vec![d("40.00"), d("0.00")]);
        assert!(pro_rata(Currency::EUR, d("40"), &[]).is_empty());
    }

    #[test]
    fn currency_without_minor_unit() {
        // JPY has no minor unit: 1000 over 1 : 2 -> 333.33 -> 333 and 666.67 -> 667; sum 1000.
        let jpy = Currency::from_code("JPY").unwrap();
        let parts = pro_rata(jpy, d("1000"), &[d("1"), d("2")]);
        assert_eq!(parts, vec![d("333"), d("667")]);
    }
}
