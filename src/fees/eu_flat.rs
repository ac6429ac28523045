//! `fee eu-flat`: the fixed compensation of EUR 40 per invoice for business debtors.
//!
//! Source: Directive 2011/7/EU (Late Payment Directive) art. 6(1): "a fixed sum of EUR 40"
//! per late payment, due without a reminder; transposed in NL art. 6:96 lid 4 BW, DE
//! §288 Abs. 5 BGB ("Pauschale in Höhe von 40 Euro") and BE the law of 2 August 2002 art. 6
//! (as amended by the law of 22 November 2013).
//!
//! The amount is in euros; for invoices in another currency the member-state amounts in
//! national currency are not known to dun, so this scheme refuses them.

use rust_decimal::Decimal;

use super::{text, FeeCalc, FeeError};
use crate::money::Currency;

/// EUR 40 per invoice: Directive 2011/7/EU art. 6(1).
const PER_INVOICE: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// EUR 40 for each invoice in `principals`; an error for a currency other than EUR.
pub(super) fn compute(currency: Currency, principals: &[Decimal]) -> Result<FeeCalc, FeeError> {
    if currency != Currency::EUR {
        return Err(FeeError::EurOnly {
            scheme: "eu-flat",
            letter: currency,
        });
    }
    let count = Decimal::from(principals.len());
    let total = PER_INVOICE * count;
    let steps = vec![
        "fixed compensation of 40.00 EUR per invoice (Directive 2011/7/EU art. 6)".to_string(),
        format!(
            "{} invoice(s) x 40.00 = {} EUR",
            principals.len(),
            text::amount(currency, total)
        ),
    ];
    let per_invoice = principals.iter().map(|_| currency.round(PER_INVOICE)).collect();
    Ok(FeeCalc {
        total,
        per_invoice,
        steps,
    })
}
