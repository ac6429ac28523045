//! One row of a rate table and how far it can be trusted: what the CSV reader makes and
//! the table holds.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// How far a row of a rate table can be trusted (the `status` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateStatus {
    /// `verified`: the number was seen in a source.
    Verified,
    /// `derived`: computed from the statutory formula and a sourced ECB rate.
    Derived,
    /// `UNVERIFIED`: not confirmed; callers warn when an evaluation uses such a row.
    Unverified,
    /// No status column: a user's own table, or a fixed rate from the rules.
    Unstated,
}

impl RateStatus {
    /// The word used in the CSV and in messages.
    pub fn as_str(&self) -> &'static str {
        match self {
            RateStatus::Verified => "verified",
            RateStatus::Derived => "derived",
            RateStatus::Unverified => "UNVERIFIED",
            RateStatus::Unstated => "unstated",
        }
    }
}

/// One row of a rate table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRow {
    /// First day the rate is in force.
    pub from: NaiveDate,
    /// Yearly rate in percent, as written in the table.
    pub rate: Decimal,
    /// How far the row can be trusted.
    pub status: RateStatus,
    /// Where the number comes from (free text, may be empty).
    pub source: String,
    /// 1-based line of the row in its CSV.
    pub line: usize,
    /// The user's file the row comes from (`rates SCHEME "file.csv"`), as the rules name it;
    /// `None` for a built-in row.
    pub file: Option<Arc<str>>,
}
