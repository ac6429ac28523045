//! One dated rate table: rows valid from their date until the next row, the last for six
//! months (the statutory tables change every half year).

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use super::csv;
use super::error::{CsvProblem, RateError};

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
}

/// A rate table: rows in strictly ascending date order, at least one. Cloning is cheap
/// (the rows are shared): every invoice's accrual holds its scheme's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTable {
    rows: std::sync::Arc<[RateRow]>,
    /// See [`Self::last_day`]; computed once, as every lookup checks it.
    last_day: NaiveDate,
}

/// The rate a table gives for a day, and how long it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateOn<'a> {
    /// The row in force.
    pub row: &'a RateRow,
    /// The first day the row is no longer in force: the next row's date, or the day after
    /// the table's last day.
    pub until: NaiveDate,
}

/// How long the last row of a table is valid: the tables change every half year.
const LAST_ROW_MONTHS: u32 = 6;

impl RateTable {
    /// Reads a table from CSV text: `from,rate_percent[,status[,source]]` per line, `#` comment
    /// lines and an optional header. The same reader serves the built-in tables and a user's
    /// own file (`rates SCHEME "file.csv"`). Errors carry the 1-based line number.
    pub fn parse_csv(text: &str) -> Result<RateTable, RateError> {
        let rows = csv::rows(text)?;
        if rows.is_empty() {
            return Err(RateError::Empty);
        }
        for pair in rows.windows(2) {
            if let [previous, row] = pair {
                if row.from <= previous.from {
                    let problem = CsvProblem::NotAscending {
                        from: row.from,
                        previous: previous.from,
                    };
                    return Err(RateError::Csv {
                        line: row.line,
                        problem,
                    });
                }
            }
        }
        let last = rows.last().map_or(NaiveDate::MAX, |r| r.from);
        let end = last
            .checked_add_months(Months::new(LAST_ROW_MONTHS))
            .unwrap_or(NaiveDate::MAX);
        Ok(RateTable {
            rows: rows.into(),
            last_day: end.pred_opt().unwrap_or(end),
        })
    }

    /// The rows, in date order (never empty).
    pub fn rows(&self) -> &[RateRow] {
        &self.rows
    }

    /// The first day the table covers.
    pub fn first_day(&self) -> NaiveDate {
        self.rows.first().map_or(NaiveDate::MIN, |r| r.from)
    }

    /// The last day the table covers: six months after its last row's date, minus one day.
    pub fn last_day(&self) -> NaiveDate {
        self.last_day
    }

    /// The row in force on `day`; an error before the first row or after [`Self::last_day`].
    pub fn rate_on(&self, day: NaiveDate) -> Result<RateOn<'_>, RateError> {
        let first = self.first_day();
        let last = self.last_day();
        if day < first {
            return Err(RateError::BeforeTable {
                scheme: None,
                day,
                first,
            });
        }
        if day > last {
            return Err(RateError::AfterTable {
                scheme: None,
                day,
                last,
            });
        }
        let index = self.rows.partition_point(|r| r.from <= day).saturating_sub(1);
        let end = last.succ_opt().unwrap_or(last);
        let until = self.rows.get(index + 1).map_or(end, |r| r.from);
        match self.rows.get(index) {
            Some(row) => Ok(RateOn { row, until }),
            None => Err(RateError::Empty),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TABLE: &str = "\
# A comment citing the source.
from,rate_percent,status,source

2023-01-01,10.50,verified,\"abenslag.nl, flib.nl\"
2023-07-01,12.00,derived,ECB + 8
# comments may also sit between rows
2024-01-01,12.5,UNVERIFIED,
";

    #[test]
    fn parses_rows_with_status_source_and_line() {
        let t = RateTable::parse_csv(TABLE).unwrap();
        let rows = t.rows();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].from, day(2023, 1, 1));
        assert_eq!(rows[0].rate, Decimal::new(1050, 2));
        assert_eq!(rows[0].source, "abenslag.nl, flib.nl");
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[1].status, RateStatus::Derived);
        assert_eq!(rows[2].status, RateStatus::Unverified);
        assert_eq!(rows[2].line, 7);
    }

    #[test]
    fn each_row_holds_until_the_next_and_the_last_for_six_months() {
        let t = RateTable::parse_csv(TABLE).unwrap();
        // 2023-06-30 is the last day of the first row; 2023-07-01 the first of the second.
        let r = t.rate_on(day(2023, 6, 30)).unwrap();
        assert_eq!((r.row.rate, r.until), (Decimal::new(1050, 2), day(2023, 7, 1)));
        let r = t.rate_on(day(2023, 7, 1)).unwrap();
        assert_eq!((r.row.rate, r.until), (Decimal::new(1200, 2), day(2024, 1, 1)));
        // The last row (2024-01-01) holds to 2024-06-30 inclusive.
        assert_eq!(t.last_day(), day(2024, 6, 30));
        assert_eq!(t.rate_on(day(2024, 6, 30)).unwrap().until, day(2024, 7, 1));
    }

    #[test]
    fn dates_outside_the_table_are_errors() {
        let t = RateTable::parse_csv(TABLE).unwrap();
        let before = t.rate_on(day(2022, 12, 31)).unwrap_err();
        assert_eq!(
            before,
            RateError::BeforeTable {
                scheme: None,
                day: day(2022, 12, 31),
                first: day(2023, 1, 1)
            }
        );
        let after = t.rate_on(day(2024, 7, 1)).unwrap_err();
        assert_eq!(
            after,
            RateError::AfterTable {
                scheme: None,
                day: day(2024, 7, 1),
                last: day(2024, 6, 30)
            }
        );
        let text = after.to_string();
        assert!(
            text.contains("ends on 2024-06-30") && text.contains("add the rate for 2024-07-01"),
            "{text}"
        );
    }

    #[test]
    fn a_users_two_column_table() {
        let t = RateTable::parse_csv("2020-01-01,5\n2021-01-01,6.5\n").unwrap();
        assert_eq!(t.rows()[1].status, RateStatus::Unstated);
        assert_eq!(t.rows()[1].rate, Decimal::new(65, 1));
    }

    #[test]
    fn errors_name_the_line() {
        let err = |text: &str| RateTable::parse_csv(text).unwrap_err().to_string();
        assert_eq!(
            err("# c\n2023-13-01,5\n"),
            "line 2: `2023-13-01` is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            err("2023-01-01,five\n"),
            "line 1: `five` is not a yearly rate in percent (e.g. 8.05)"
        );
        assert_eq!(
            err("2023-01-01,5,reported,x\n"),
            "line 1: unknown status `reported` (verified, derived or UNVERIFIED)"
        );
        assert_eq!(
            err("2023-01-01\n"),
            "line 1: expected `from,rate_percent[,status[,source]]`, found 1 field(s)"
        );
        assert_eq!(
            err("2023-07-01,5\n2023-01-01,6\n"),
            "line 2: 2023-01-01 is not after the previous row's 2023-07-01 (rows must be in date order)"
        );
        assert_eq!(err("2023-01-01,5\n2023-01-01,6\n").get(..7), Some("line 2:"));
        assert_eq!(
            err("# only comments\nfrom,rate_percent\n"),
            "the rate table has no rows"
        );
    }
}
