//! Collection costs a stage may claim: one scheme per file, all behind [`FeeRule`].

use rust_decimal::Decimal;

use crate::money::Money;

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
