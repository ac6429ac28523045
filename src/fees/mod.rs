//! Collection costs a stage may claim: one scheme per file, all behind [`FeeRule::compute`].
//!
//! Every scheme is a pure function of the letter's currency and the open principal of each
//! invoice in the letter (no I/O, no clock). Amounts are exact [`Decimal`]s and
//! [`FeeCalc::total`] is never rounded here: callers round with [`Currency::round`] when they
//! present or record it. Only [`FeeCalc::per_invoice`] is in whole minor units, because it
//! splits the rounded total over the invoices (see [`split::pro_rata`]).
//!
//! Legal numbers live in the scheme files, each with its source in a comment.

mod be_consumer;
mod error;
mod eu_flat;
mod fixed;
mod percent;
pub mod split;
mod text;
mod wik;

use rust_decimal::Decimal;

use crate::money::{Currency, Money};

pub use error::FeeError;

/// How a stage's fee is computed (the `fee ...` clause of a stage in `rules.dun`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeeRule {
    /// `fee 40.00 EUR`: a fixed amount per letter.
    Fixed(Money),
    /// `fee 10% [min AMOUNT] [max AMOUNT]`: of the principal of the invoices in the letter.
    Percent {
        /// The percentage, e.g. `10` for 10%.
        rate: Decimal,
        /// Lower bound.
        min: Option<Money>,
        /// Upper bound.
        max: Option<Money>,
    },
    /// `fee wik [+vat 21%]`: the Dutch statutory scale.
    Wik {
        /// VAT percentage added on top, if any.
        vat: Option<Decimal>,
    },
    /// `fee eu-flat`: EUR 40 per invoice (Directive 2011/7/EU art. 6).
    EuFlat,
    /// `fee be-consumer`: the Belgian consumer caps (Book XIX CEL).
    BeConsumer,
}

/// A computed fee: the total, its split over the invoices and the steps that explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeCalc {
    /// The fee for the whole letter, exact (unrounded unless the scheme itself rounds).
    pub total: Decimal,
    /// The rounded total split over the invoices, in the order of `principals`: pro rata to
    /// principal in whole minor units, any rounding remainder on the largest invoice, so the
    /// parts add up to the rounded total exactly. `eu-flat` is simply 40.00 per invoice.
    pub per_invoice: Vec<Decimal>,
    /// Human-readable lines explaining the computation (English, for `dun explain`).
    pub steps: Vec<String>,
}

impl FeeCalc {
    /// A fee of `total` split pro rata over `principals`.
    fn pro_rata(currency: Currency, total: Decimal, principals: &[Decimal], steps: Vec<String>) -> FeeCalc {
        let per_invoice = split::pro_rata(currency, total, principals);
        FeeCalc {
            total,
            per_invoice,
            steps,
        }
    }
}

impl FeeRule {
    /// The fee for a letter in `currency` holding invoices whose open principals are
    /// `principals` (one entry per invoice, in letter order).
    ///
    /// Errors: no invoices, a negative principal, a fixed fee or bound in another currency, a
    /// scheme defined in euros only (`wik`, `eu-flat`, `be-consumer`) used for another currency,
    /// or an inconsistent rule (negative percentage, minimum above maximum).
    pub fn compute(&self, currency: Currency, principals: &[Decimal]) -> Result<FeeCalc, FeeError> {
        check_principals(principals)?;
        match self {
            FeeRule::Fixed(fee) => fixed::compute(*fee, currency, principals),
            FeeRule::Percent { rate, min, max } => {
                let bounds = percent::Bounds { min: *min, max: *max };
                percent::compute(*rate, bounds, currency, principals)
            }
            FeeRule::Wik { vat } => wik::compute(*vat, currency, principals),
            FeeRule::EuFlat => eu_flat::compute(currency, principals),
            FeeRule::BeConsumer => be_consumer::compute(currency, principals),
        }
    }

    /// The scheme's keyword in `rules.dun` (`fixed`, `percent`, `wik`, `eu-flat`, `be-consumer`).
    pub fn keyword(&self) -> &'static str {
        match self {
            FeeRule::Fixed(_) => "fixed",
            FeeRule::Percent { .. } => "percent",
            FeeRule::Wik { .. } => "wik",
            FeeRule::EuFlat => "eu-flat",
            FeeRule::BeConsumer => "be-consumer",
        }
    }
}

/// At least one invoice, and no negative principal.
fn check_principals(principals: &[Decimal]) -> Result<(), FeeError> {
    if principals.is_empty() {
        return Err(FeeError::NoInvoices);
    }
    match principals.iter().position(|p| p.is_sign_negative() && !p.is_zero()) {
        Some(index) => Err(FeeError::NegativePrincipal {
            index,
            amount: principals[index],
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
