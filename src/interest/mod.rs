//! Interest schemes: fixed rates and statutory rate tables, accrued day by day.
//!
//! Pure functions and data, no I/O and no clock. Amounts are exact [`Decimal`]s, never rounded
//! here: callers round with [`Currency::round`](crate::money::Currency::round) when presenting
//! or recording.
//!
//! # Day convention (decided; the evaluation engine relies on it)
//! - Interest runs for each day from the **first day** (the day after the due date) up to and
//!   including the evaluation date.
//! - A payment dated D still bears interest on D and lowers the principal from D+1: an invoice
//!   due on 31 January and paid on 15 February bears 15 days (1–15 February).
//! - A rate in force from date C applies to day C onward. Each table row holds from its date
//!   until the next row; the last row for six months. A day before the table is an error
//!   ([`RateError`]) that says which rate to add. A day after it uses the last known rate,
//!   **provisionally** ([`AppliedRate::provisional`], [`Period::provisional`],
//!   [`Accrual::provisional`]): rates are published every half year, and the evaluation must
//!   not stop on 1 January until a new release; callers warn and `--strict` refuses.
//! - Day count actual/365, also in leap years (a 366-day year bears 366/365 of the yearly
//!   rate). A period's interest is `principal x rate / 100 x days / 365`, unrounded; periods
//!   are split at payment dates, rate changes and capitalisation dates.
//! - Yearly compounding (`nl-commercial` and `nl-statutory` always, art. 6:119 lid 2 and
//!   6:119a lid 3 BW; `fixed ... compound yearly` on request): on each anniversary of the
//!   first day, the interest then outstanding (that year's, less what was paid of it) is
//!   added to the principal, before that day's interest.
//!
//! # Driving an [`Accrual`]
//! The evaluation engine makes one [`Accrual`] per invoice and walks its events in date order,
//! because with the Dutch payment order (art. 6:44 BW) a payment goes to costs, then interest,
//! then principal, and so depends on the interest accrued up to its date:
//! ```text
//! let mut acc = Accrual::new(&rule, &tables, due_date + 1 day, principal);
//! for payment in payments (date order) {
//!     acc.advance_through(payment.date)?;          // interest up to and including D
//!     let rest = acc.pay_interest(amount_for_interest);   // payment-order legal
//!     acc.reduce_principal(rest);                  // principal lower from D+1
//! }
//! acc.advance_through(evaluation_date)?;
//! acc.principal(), acc.interest(), acc.periods(), acc.used_unverified(), acc.provisional()
//! ```
//! [`Accrual::advance_to`] is the exclusive form (accrues the days before its argument).

mod accrual;
mod csv;
mod error;
mod fixed;
mod row;
mod scaled;
mod schedule;
mod schemes;
pub mod shown;
mod table;

use rust_decimal::Decimal;

pub use accrual::{Accrual, Period, Provisional};
pub use error::{CsvProblem, RateError};
pub use row::{RateRow, RateStatus};
pub use schemes::{AppliedRate, RateTables};
pub use table::{RateOn, RateTable};

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

impl Scheme {
    /// The scheme's name in `rules.dun` (`nl-commercial`, ...).
    pub fn keyword(&self) -> &'static str {
        match self {
            Scheme::NlCommercial => "nl-commercial",
            Scheme::NlStatutory => "nl-statutory",
            Scheme::BeCommercial => "be-commercial",
            Scheme::DeCommercial => "de-commercial",
            Scheme::DeConsumer => "de-consumer",
        }
    }

    /// Points added to the table's rate: 9 for `de-commercial` (§288 Abs. 2 BGB), 5 for
    /// `de-consumer` (§288 Abs. 1 BGB), 0 for the others (their tables hold final rates).
    pub fn margin(&self) -> Decimal {
        match self {
            Scheme::DeCommercial => Decimal::from(9),
            Scheme::DeConsumer => Decimal::from(5),
            _ => Decimal::ZERO,
        }
    }

    /// Whether each full year's interest is added to the principal: the Dutch schemes
    /// (art. 6:119 lid 2, 6:119a lid 3 BW). German law forbids it (§289 BGB); the Belgian
    /// law of 2002 provides none.
    pub fn compounds_yearly(&self) -> bool {
        matches!(self, Scheme::NlCommercial | Scheme::NlStatutory)
    }
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

impl InterestRule {
    /// Whether interest is compounded yearly under this rule.
    pub fn compounds_yearly(&self) -> bool {
        match self {
            InterestRule::Fixed { compound, .. } => *compound,
            InterestRule::Statutory(scheme) => scheme.compounds_yearly(),
        }
    }
}

#[cfg(test)]
mod tests;
