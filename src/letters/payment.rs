//! The letter's `payment` object: the reference and the EPC QR code for euro letters.

use rust_decimal::Decimal;

use super::context::PaymentContext;
use crate::epc::{payload, qr::Qr, Transfer};
use crate::money::Currency;
use crate::rules::Sender;

/// The payment details of a letter asking for `total` (as formatted in the context) in
/// `currency`, quoting `reference`. The QR code needs a sender with a name and an IBAN, and
/// the guideline's field rules met (EUR only, name up to 70 characters, ...); otherwise
/// `qr_missing` says why there is none.
pub fn payment(sender: Option<&Sender>, currency: Currency, total: &str, reference: &str) -> PaymentContext {
    let mut ctx = PaymentContext {
        reference: reference.to_string(),
        qr_svg: None,
        qr_payload: None,
        qr_version: None,
        qr_missing: None,
    };
    match qr(sender, currency, total, reference) {
        Ok((text, qr)) => {
            ctx.qr_svg = Some(qr.svg());
            ctx.qr_version = Some(qr.version());
            ctx.qr_payload = Some(text);
        }
        Err(why) => ctx.qr_missing = Some(why),
    }
    ctx
}

fn qr(sender: Option<&Sender>, currency: Currency, total: &str, reference: &str) -> Result<(String, Qr), String> {
    let sender = sender.ok_or("the rules have no `sender` block")?;
    let iban = sender.iban.as_ref().ok_or("the sender has no `iban:`")?;
    // `total` was written by `Currency::format`, so it parses.
    let amount: Decimal = total
        .parse()
        .map_err(|_| format!("the total `{total}` is not a number"))?;
    let transfer = Transfer {
        bic: sender.bic.as_deref(),
        name: &sender.name,
        iban: &iban.node,
        amount,
        currency,
        reference,
    };
    let text = payload(&transfer).map_err(|r| r.to_string())?;
    let qr = Qr::encode(&text).map_err(|r| r.to_string())?;
    Ok((text, qr))
}
