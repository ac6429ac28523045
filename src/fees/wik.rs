//! `fee wik [+vat 21%]`: the Dutch statutory scale for extrajudicial collection costs.
//!
//! Source: Besluit vergoeding voor buitengerechtelijke incassokosten (Stb. 2012/141), art. 2
//! lid 1 (verified against the text in statengeneraal/laws-markdown):
//! at least EUR 40 and at most EUR 6,775, computed as
//! a. 15% of the first EUR 2,500 of the principal;
//! b. 10% of the part above 2,500 up to 5,000;
//! c. 5% of the part above 5,000 up to 10,000;
//! d. 1% of the part above 10,000 up to 200,000;
//! e. 0.5% of the part above 200,000 (the maximum is reached at a principal of 1,000,000).
//!
//! VAT (art. 2 lid 3) may be added only when the creditor cannot deduct it; the rule says so
//! explicitly with `+vat 21%`. The statute has no rounding rule, so nothing is rounded here.
//! The principals of the letter are added together first (art. 6:96 lid 7 BW for consumers;
//! the spec applies the same to every letter).

use rust_decimal::Decimal;

use super::{text, FeeCalc, FeeError};
use crate::money::Currency;

/// One bracket of the scale: its width (`None` = unbounded) and its percentage.
struct Bracket {
    width: Option<Decimal>,
    percent: Decimal,
}

/// `n` as a Decimal with `scale` decimals: `dec(5, 1)` = 0.5.
const fn dec(n: u32, scale: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, scale)
}

impl Bracket {
    /// A bracket `width` euros wide at `percent`.
    const fn of(width: u32, percent: Decimal) -> Bracket {
        Bracket {
            width: Some(dec(width, 0)),
            percent,
        }
    }
}

/// Art. 2 lid 1 a-e of the Besluit (Stb. 2012/141).
const BRACKETS: [Bracket; 5] = [
    // a. 15% of the first 2,500
    Bracket::of(2_500, dec(15, 0)),
    // b. 10% of the part above 2,500 up to 5,000
    Bracket::of(2_500, dec(10, 0)),
    // c. 5% of the part above 5,000 up to 10,000
    Bracket::of(5_000, dec(5, 0)),
    // d. 1% of the part above 10,000 up to 200,000
    Bracket::of(190_000, dec(1, 0)),
    // e. 0.5% of the part above 200,000
    Bracket {
        width: None,
        percent: dec(5, 1),
    },
];

/// Art. 2 lid 1 of the Besluit: "ten minste € 40".
const MINIMUM: Decimal = dec(40, 0);
/// Art. 2 lid 1 of the Besluit: "ten hoogste € 6.775".
const MAXIMUM: Decimal = dec(6_775, 0);

/// The WIK fee on the sum of `principals`, with `vat`% added if given; EUR only.
pub(super) fn compute(vat: Option<Decimal>, currency: Currency, principals: &[Decimal]) -> Result<FeeCalc, FeeError> {
    if currency != Currency::EUR {
        return Err(FeeError::EurOnly {
            scheme: "wik",
            letter: currency,
        });
    }
    let base: Decimal = principals.iter().sum();
    let mut steps = vec![format!(
        "WIK scale (Besluit vergoeding voor buitengerechtelijke incassokosten, Stb. 2012/141, \
         art. 2) on the principal of {} EUR",
        text::amount(currency, base)
    )];
    let scale = scale(base, &mut steps);
    let fee = bounded(scale, &mut steps);
    let total = with_vat(fee, vat, &mut steps)?;
    Ok(FeeCalc::pro_rata(currency, total, principals, steps))
}

/// The sum over the brackets of art. 2 lid 1 a-e, one step per bracket used.
fn scale(base: Decimal, steps: &mut Vec<String>) -> Decimal {
    let eur = Currency::EUR;
    let mut rest = base;
    let mut total = Decimal::ZERO;
    for (i, bracket) in BRACKETS.iter().enumerate() {
        if rest <= Decimal::ZERO {
            break;
        }
        let part = bracket.width.map_or(rest, |w| rest.min(w));
        let fee = part * bracket.percent / Decimal::ONE_HUNDRED;
        let which = if i == 0 { "first" } else { "next" };
        steps.push(format!(
            "{} of the {which} {} = {}",
            text::percent(bracket.percent),
            text::amount(eur, part),
            text::amount(eur, fee)
        ));
        total += fee;
        rest -= part;
    }
    total
}

/// The scale amount raised to EUR 40 / lowered to EUR 6,775 (art. 2 lid 1).
fn bounded(scale: Decimal, steps: &mut Vec<String>) -> Decimal {
    let eur = Currency::EUR;
    let scale_text = text::amount(eur, scale);
    if scale < MINIMUM {
        steps.push(format!("{scale_text} is below the minimum: the fee is 40.00 EUR"));
        return MINIMUM;
    }
    if scale > MAXIMUM {
        steps.push(format!("{scale_text} is above the maximum: the fee is 6,775.00 EUR"));
        return MAXIMUM;
    }
    steps.push(format!("scale total {scale_text} EUR"));
    scale
}

/// `fee` plus `vat`% VAT if given (art. 2 lid 3 of the Besluit).
fn with_vat(fee: Decimal, vat: Option<Decimal>, steps: &mut Vec<String>) -> Result<Decimal, FeeError> {
    let Some(vat) = vat else {
        return Ok(fee);
    };
    if vat.is_sign_negative() && !vat.is_zero() {
        return Err(FeeError::NegativePercent {
            what: "VAT",
            value: vat,
        });
    }
    let eur = Currency::EUR;
    let tax = fee * vat / Decimal::ONE_HUNDRED;
    let total = fee + tax;
    steps.push(format!(
        "VAT {} of {} = {}; total {} EUR",
        text::percent(vat),
        text::amount(eur, fee),
        text::amount(eur, tax),
        text::amount(eur, total)
    ));
    Ok(total)
}
