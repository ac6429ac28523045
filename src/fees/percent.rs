//! `fee PERCENT [min AMOUNT] [max AMOUNT]`: a percentage of the letter's principal, bounded.

use rust_decimal::Decimal;

use super::{text, FeeCalc, FeeError};
use crate::money::{Currency, Money};

/// The optional bounds of a percentage fee.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    /// Lower bound.
    pub min: Option<Money>,
    /// Upper bound.
    pub max: Option<Money>,
}

/// `rate`% of the sum of `principals`, raised to `min` and lowered to `max` if given.
pub(super) fn compute(
    rate: Decimal,
    bounds: Bounds,
    currency: Currency,
    principals: &[Decimal],
) -> Result<FeeCalc, FeeError> {
    if rate.is_sign_negative() && !rate.is_zero() {
        return Err(FeeError::NegativePercent {
            what: "fee",
            value: rate,
        });
    }
    let min = bound(bounds.min, "minimum", currency)?;
    let max = bound(bounds.max, "maximum", currency)?;
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            return Err(FeeError::MinAboveMax { min, max });
        }
    }
    let base: Decimal = principals.iter().sum();
    let raw = base * rate / Decimal::ONE_HUNDRED;
    let mut steps = vec![format!(
        "{} of the principal {} {currency} = {}",
        text::percent(rate),
        text::amount(currency, base),
        text::amount(currency, raw)
    )];
    let total = clamp(raw, min, max, currency, &mut steps);
    Ok(FeeCalc::pro_rata(currency, total, principals, steps))
}

/// The amount of an optional bound, checked to be in the letter's currency.
fn bound(bound: Option<Money>, what: &'static str, currency: Currency) -> Result<Option<Decimal>, FeeError> {
    match bound {
        Some(m) if m.currency != currency => Err(FeeError::CurrencyMismatch {
            what,
            rule: m.currency,
            letter: currency,
        }),
        Some(m) => Ok(Some(m.amount)),
        None => Ok(None),
    }
}

/// `raw` raised to `min` / lowered to `max`, explaining a bound that applies.
fn clamp(
    raw: Decimal,
    min: Option<Decimal>,
    max: Option<Decimal>,
    currency: Currency,
    steps: &mut Vec<String>,
) -> Decimal {
    if let Some(min) = min.filter(|m| raw < *m) {
        let min_text = text::amount(currency, min);
        steps.push(format!("below the minimum: the fee is {min_text} {currency}"));
        return min;
    }
    if let Some(max) = max.filter(|m| raw > *m) {
        let max_text = text::amount(currency, max);
        steps.push(format!("above the maximum: the fee is {max_text} {currency}"));
        return max;
    }
    raw
}
