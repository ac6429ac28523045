//! `fee be-consumer`: the Belgian caps on the lump sum a consumer owes for late payment.
//!
//! Source: Code of Economic Law (Wetboek van economisch recht) Book XIX, art. XIX.4 §2,
//! inserted by the law of 4 May 2023 (BS 23-05-2023), in force 1 September 2023 (1 December
//! 2023 for contracts concluded earlier). The lump sum on the outstanding balance is at most:
//! - balance up to EUR 150: EUR 20;
//! - balance EUR 150.01 to 500: EUR 30 + 10% of the part of the balance above EUR 150;
//! - balance above EUR 500: EUR 65 + 5% of the part above EUR 500, at most EUR 2,000.
//!
//! Status: the numbers are verified in secondary sources (farys.be,
//! fairadvocaten.be); the article text itself was not read (UNVERIFIED wording).
//! The law rounds nothing, so nothing is rounded here. The balance is the sum of the
//! principals in the letter.

use rust_decimal::Decimal;

use super::{text, FeeCalc, FeeError};
use crate::money::Currency;

/// `n` as a Decimal with `scale` decimals.
const fn dec(n: u32, scale: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, scale)
}

/// Art. XIX.4: first threshold EUR 150 and the flat EUR 20 below it.
const LOW: Decimal = dec(150, 0);
const LOW_FEE: Decimal = dec(20, 0);
/// Art. XIX.4: EUR 30 + 10% of the part above 150, for a balance up to EUR 500.
const MID: Decimal = dec(500, 0);
const MID_BASE: Decimal = dec(30, 0);
const MID_PERCENT: Decimal = dec(10, 0);
/// Art. XIX.4: EUR 65 + 5% of the part above 500, at most EUR 2,000.
const HIGH_BASE: Decimal = dec(65, 0);
const HIGH_PERCENT: Decimal = dec(5, 0);
const CAP: Decimal = dec(2_000, 0);

/// The maximum lump sum on the balance (sum of `principals`); EUR only.
pub(super) fn compute(currency: Currency, principals: &[Decimal]) -> Result<FeeCalc, FeeError> {
    if currency != Currency::EUR {
        return Err(FeeError::EurOnly {
            scheme: "be-consumer",
            letter: currency,
        });
    }
    let balance: Decimal = principals.iter().sum();
    let mut steps = vec![format!(
        "Belgian consumer cap (Code of Economic Law art. XIX.4) on the balance of {} EUR",
        text::amount(currency, balance)
    )];
    let total = cap(balance, &mut steps);
    Ok(FeeCalc::pro_rata(currency, total, principals, steps))
}

/// The capped lump sum for `balance`, with one explaining step.
fn cap(balance: Decimal, steps: &mut Vec<String>) -> Decimal {
    let eur = Currency::EUR;
    if balance <= LOW {
        steps.push("balance up to 150.00: 20.00 EUR".to_string());
        return LOW_FEE;
    }
    let (base, from, percent) = match balance <= MID {
        true => (MID_BASE, LOW, MID_PERCENT),
        false => (HIGH_BASE, MID, HIGH_PERCENT),
    };
    let above = balance - from;
    let fee = base + above * percent / Decimal::ONE_HUNDRED;
    steps.push(format!(
        "balance above {}: {} + {} of {} = {} EUR",
        text::amount(eur, from),
        text::amount(eur, base),
        text::percent(percent),
        text::amount(eur, above),
        text::amount(eur, fee)
    ));
    if fee > CAP {
        steps.push("above the maximum: the fee is 2,000.00 EUR".to_string());
        return CAP;
    }
    fee
}
