//! Why a fee could not be computed.

use std::fmt;

use rust_decimal::Decimal;

use crate::money::Currency;

/// An error from [`FeeRule::compute`](super::FeeRule::compute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeeError {
    /// The letter holds no invoices.
    NoInvoices,
    /// An invoice's open principal is negative.
    NegativePrincipal {
        /// Position of the invoice in the `principals` slice.
        index: usize,
        /// The principal given.
        amount: Decimal,
    },
    /// An amount of the rule is in another currency than the letter's invoices.
    CurrencyMismatch {
        /// Which amount: `"fee"`, `"minimum"` or `"maximum"`.
        what: &'static str,
        /// The currency of the rule's amount.
        rule: Currency,
        /// The currency of the letter's invoices.
        letter: Currency,
    },
    /// A scheme whose amounts the law sets in euros, used for invoices in another currency.
    EurOnly {
        /// The scheme keyword: `wik`, `eu-flat` or `be-consumer`.
        scheme: &'static str,
        /// The currency of the letter's invoices.
        letter: Currency,
    },
    /// A percentage of the rule is negative.
    NegativePercent {
        /// Which percentage: `"fee"` or `"VAT"`.
        what: &'static str,
        /// The value given.
        value: Decimal,
    },
    /// A `percent` rule whose minimum is above its maximum.
    MinAboveMax {
        /// The minimum.
        min: Decimal,
        /// The maximum.
        max: Decimal,
    },
}

impl fmt::Display for FeeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeeError::NoInvoices => f.write_str("a fee needs at least one invoice"),
            FeeError::NegativePrincipal { index, amount } => {
                write!(f, "invoice {} has a negative open principal ({amount})", index + 1)
            }
            FeeError::CurrencyMismatch { what, rule, letter } => write!(
                f,
                "the {what} is in {rule} but the invoices are in {letter}; dun does not convert \
                 currencies: give the amount in {letter}"
            ),
            FeeError::EurOnly { scheme, letter } => eur_only(f, scheme, *letter),
            FeeError::NegativePercent { what, value } => {
                write!(f, "the {what} percentage is negative ({value}%)")
            }
            FeeError::MinAboveMax { min, max } => {
                write!(f, "the minimum fee ({min}) is above the maximum ({max})")
            }
        }
    }
}

impl std::error::Error for FeeError {}

/// The message for a euro-only scheme used in another currency.
fn eur_only(f: &mut fmt::Formatter<'_>, scheme: &str, letter: Currency) -> fmt::Result {
    let law = match scheme {
        "wik" => "the WIK scale (Besluit vergoeding voor buitengerechtelijke incassokosten) is set in euros",
        "eu-flat" => "eu-flat is EUR 40 per invoice (Directive 2011/7/EU art. 6), an amount in euros",
        _ => "the Belgian consumer caps (Code of Economic Law art. XIX.4) are set in euros",
    };
    write!(
        f,
        "{law}, but the invoices are in {letter}; dun does not convert currencies: use a fixed \
         fee in {letter} (`fee 40.00 {letter}`) or a percentage for these invoices"
    )
}
