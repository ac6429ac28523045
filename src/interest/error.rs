//! Why a rate table could not be read, or had no rate for a day.

use std::fmt;

use chrono::NaiveDate;

use super::Scheme;

/// What is wrong with one line of a rate table CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvProblem {
    /// Fewer than 2 or more than 4 fields.
    FieldCount(usize),
    /// A double quote opened and never closed.
    UnclosedQuote,
    /// The `from` field is not a `YYYY-MM-DD` date.
    BadDate(String),
    /// The `rate_percent` field is not a decimal number.
    BadRate(String),
    /// The `status` field is not `verified`, `derived` or `UNVERIFIED`.
    BadStatus(String),
    /// The row's date is not after the previous row's.
    NotAscending {
        /// This row's date.
        from: NaiveDate,
        /// The previous row's date.
        previous: NaiveDate,
    },
}

/// An error reading a rate table or looking a rate up in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateError {
    /// A line of the CSV is malformed.
    Csv {
        /// 1-based line number in the CSV text.
        line: usize,
        /// What is wrong.
        problem: CsvProblem,
    },
    /// The CSV has no data rows.
    Empty,
    /// The day is before the table's first row.
    BeforeTable {
        /// The scheme whose table it is, when known.
        scheme: Option<Scheme>,
        /// The day asked for.
        day: NaiveDate,
        /// The first day the table covers.
        first: NaiveDate,
    },
    /// The interest grew past 10^18 ([`super::accrual::MAX_INTEREST_X`]) (absurd rates or centuries
    /// of compounding): it is not computed further.
    TooLarge {
        /// The first day whose interest would pass the limit.
        day: NaiveDate,
    },
}

impl RateError {
    /// The same error, naming `scheme` (for lookups made through a scheme).
    pub fn for_scheme(self, scheme: Scheme) -> RateError {
        match self {
            RateError::BeforeTable { day, first, .. } => RateError::BeforeTable {
                scheme: Some(scheme),
                day,
                first,
            },
            other => other,
        }
    }
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvProblem::FieldCount(n) => {
                write!(f, "expected `from,rate_percent[,status[,source]]`, found {n} field(s)")
            }
            CsvProblem::UnclosedQuote => f.write_str("a double quote is never closed"),
            CsvProblem::BadDate(s) => write!(f, "`{s}` is not a date (YYYY-MM-DD)"),
            CsvProblem::BadRate(s) => write!(f, "`{s}` is not a yearly rate in percent (e.g. 8.05)"),
            CsvProblem::BadStatus(s) => {
                write!(f, "unknown status `{s}` (verified, derived or UNVERIFIED)")
            }
            CsvProblem::NotAscending { from, previous } => write!(
                f,
                "{from} is not after the previous row's {previous} (rows must be in date order)"
            ),
        }
    }
}

impl fmt::Display for RateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateError::Csv { line, problem } => write!(f, "line {line}: {problem}"),
            RateError::TooLarge { day } => write!(
                f,
                "from {day} on, the interest would pass 10^18; rates and periods this large are not computed"
            ),
            RateError::Empty => f.write_str("the rate table has no rows"),
            RateError::BeforeTable { scheme, day, first } => {
                write!(
                    f,
                    "the rate table{} starts on {first}, so there is no rate for {day}",
                    of(*scheme)
                )?;
                write!(f, "; add the rates from {day} on with {}", hint(*scheme))
            }
        }
    }
}

impl std::error::Error for RateError {}

/// ` for nl-commercial`, or nothing.
fn of(scheme: Option<Scheme>) -> String {
    scheme.map_or(String::new(), |s| format!(" for {}", s.keyword()))
}

/// How to give a table: `` `rates nl-commercial "file.csv"` ``.
fn hint(scheme: Option<Scheme>) -> String {
    let keyword = scheme.map_or("SCHEME", |s| s.keyword());
    format!("`rates {keyword} \"file.csv\"` in the rules")
}
