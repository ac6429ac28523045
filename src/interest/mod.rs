//! Interest schemes: fixed rates and statutory rate tables.

use rust_decimal::Decimal;

/// A statutory scheme whose rates come from a dated table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `nl-commercial`: Dutch handelsrente, art. 6:119a BW; compounded yearly.
    NlCommercial,
    /// `nl-statutory`: Dutch wettelijke rente, art. 6:119 BW; compounded yearly.
    NlStatutory,
    /// `be-commercial`: Belgian rate of the law of 2 August 2002; simple.
    BeCommercial,
    /// `de-commercial`: German Basiszins + 9 points, §288 Abs. 2 BGB; simple.
    DeCommercial,
    /// `de-consumer`: German Basiszins + 5 points, §288 Abs. 1 BGB; simple.
    DeConsumer,
}

/// How a stage's interest is computed (the `interest ...` clause of a stage in `rules.dun`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterestRule {
    /// `interest fixed 8% [compound yearly]`.
    Fixed {
        /// Yearly percentage, e.g. `8` for 8%.
        rate: Decimal,
        /// Whether each full year's interest is added to the principal.
        compound: bool,
    },
    /// A statutory scheme.
    Statutory(Scheme),
}
