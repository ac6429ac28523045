//! `fee 40.00 EUR`: a fixed amount per letter, split over its invoices.

use rust_decimal::Decimal;

use super::{text, FeeCalc, FeeError};
use crate::money::{Currency, Money};

/// The fixed fee `fee` for a letter in `currency`; the fee's currency must be the letter's.
pub(super) fn compute(fee: Money, currency: Currency, principals: &[Decimal]) -> Result<FeeCalc, FeeError> {
    if fee.currency != currency {
        return Err(FeeError::CurrencyMismatch {
            what: "fee",
            rule: fee.currency,
            letter: currency,
        });
    }
    let steps = vec![format!(
        "fixed fee of {} {currency} per letter",
        text::amount(currency, fee.amount)
    )];
    Ok(FeeCalc::pro_rata(currency, fee.amount, principals, steps))
}
