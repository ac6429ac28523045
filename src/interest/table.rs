//! One dated rate table: rows valid from their date until the next row, the last for six
//! months (the statutory tables change every half year); after that the last rate is carried
//! forward **provisionally**, so a release of dun keeps working when a half year begins.

use std::sync::Arc;

use chrono::{Months, NaiveDate};

use super::csv;
use super::error::{CsvProblem, RateError};
use super::row::RateRow;

/// A rate table: rows in strictly ascending date order, at least one. Cloning is cheap
/// (the rows are shared): every invoice's accrual holds its scheme's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTable {
    rows: Arc<[RateRow]>,
    /// See [`Self::provisional_from`]; computed once, as every lookup checks it.
    provisional_from: NaiveDate,
}

/// The rate a table gives for a day, and how long it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateOn<'a> {
    /// The row in force (the last row when provisional).
    pub row: &'a RateRow,
    /// The first day of this stretch: the row's date, or when provisional the first day the
    /// table does not cover.
    pub from: NaiveDate,
    /// The first day the rate no longer holds: the next row's date, the first day not
    /// covered, or `NaiveDate::MAX` when provisional (it is carried forward for good).
    pub until: NaiveDate,
    /// The day is past what the table covers: the last rate is carried forward until a
    /// newer table says otherwise.
    pub provisional: bool,
}

/// How long the last row of a table is valid: the tables change every half year.
const LAST_ROW_MONTHS: u32 = 6;

impl RateTable {
    /// Reads a table from CSV text: `from,rate_percent[,status[,source]]` per line, `#` comment
    /// lines and an optional header. The same reader serves the built-in tables and a user's
    /// own file (`rates SCHEME "file.csv"`). Errors carry the 1-based line number.
    pub fn parse_csv(text: &str) -> Result<RateTable, RateError> {
        RateTable::from_rows(csv::rows(text)?)
    }

    /// [`Self::parse_csv`] for a user's own file: each row remembers `file` (as the rules
    /// name it), so `dun rates` and `dun explain` can say where a rate comes from.
    pub fn parse_user_csv(text: &str, file: &str) -> Result<RateTable, RateError> {
        let file: Arc<str> = Arc::from(file);
        let mut rows = csv::rows(text)?;
        for row in &mut rows {
            row.file = Some(file.clone());
        }
        RateTable::from_rows(rows)
    }

    /// A table of `rows`, checked: at least one, dates strictly ascending.
    fn from_rows(rows: Vec<RateRow>) -> Result<RateTable, RateError> {
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
        Ok(RateTable::sorted(rows))
    }

    /// A table of `rows`, already non-empty and ascending.
    fn sorted(rows: Vec<RateRow>) -> RateTable {
        let last = rows.last().map_or(NaiveDate::MAX, |r| r.from);
        let provisional_from = last
            .checked_add_months(Months::new(LAST_ROW_MONTHS))
            .unwrap_or(NaiveDate::MAX);
        RateTable {
            rows: rows.into(),
            provisional_from,
        }
    }

    /// This table with `user`'s rows added: a user's row replaces the row of the same date,
    /// every other row of both stays, in date order. So a user adds the half years a release
    /// of dun does not know yet, or corrects one row, without copying the whole table.
    pub fn merged(&self, user: &RateTable) -> RateTable {
        let mut rows: Vec<RateRow> = user.rows.to_vec();
        let taken = |from: NaiveDate| user.rows.binary_search_by_key(&from, |r| r.from).is_ok();
        rows.extend(self.rows.iter().filter(|r| !taken(r.from)).cloned());
        rows.sort_by_key(|r| r.from);
        RateTable::sorted(rows)
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
        self.provisional_from.pred_opt().unwrap_or(self.provisional_from)
    }

    /// The first day the table does not cover (its last row's date plus six months): from it
    /// on, the last rate is carried forward provisionally.
    pub fn provisional_from(&self) -> NaiveDate {
        self.provisional_from
    }

    /// The row in force on `day`; an error before the first row. After [`Self::last_day`] the
    /// last row, marked provisional.
    pub fn rate_on(&self, day: NaiveDate) -> Result<RateOn<'_>, RateError> {
        let first = self.first_day();
        if day < first {
            return Err(RateError::BeforeTable {
                scheme: None,
                day,
                first,
            });
        }
        let index = self.rows.partition_point(|r| r.from <= day).saturating_sub(1);
        let row = self.rows.get(index).ok_or(RateError::Empty)?;
        if day >= self.provisional_from {
            return Ok(RateOn {
                row,
                from: self.provisional_from,
                until: NaiveDate::MAX,
                provisional: true,
            });
        }
        let until = self.rows.get(index + 1).map_or(self.provisional_from, |r| r.from);
        Ok(RateOn {
            row,
            from: row.from,
            until,
            provisional: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interest::RateStatus;
    use rust_decimal::Decimal;

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
    fn a_date_before_the_table_is_an_error() {
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
    }

    #[test]
    fn past_the_end_the_last_rate_is_carried_forward_provisionally() {
        let t = RateTable::parse_csv(TABLE).unwrap();
        assert_eq!(t.provisional_from(), day(2024, 7, 1));
        // The last covered day is not provisional and stops at the first uncovered one.
        let r = t.rate_on(day(2024, 6, 30)).unwrap();
        assert_eq!(
            (r.provisional, r.from, r.until),
            (false, day(2024, 1, 1), day(2024, 7, 1))
        );
        for d in [day(2024, 7, 1), day(2031, 3, 5)] {
            let r = t.rate_on(d).unwrap();
            assert!(r.provisional);
            assert_eq!(
                (r.row.rate, r.from, r.until),
                (Decimal::new(125, 1), day(2024, 7, 1), NaiveDate::MAX)
            );
        }
    }

    #[test]
    fn a_one_row_table_holds_six_months_then_carries_forward() {
        let t = RateTable::parse_user_csv("2027-01-01,10.40\n", "my-rates.csv").unwrap();
        assert_eq!(t.rate_on(day(2027, 6, 30)).unwrap().until, day(2027, 7, 1));
        let r = t.rate_on(day(2028, 1, 1)).unwrap();
        assert!(r.provisional && r.row.rate == Decimal::new(1040, 2));
        assert_eq!(r.row.file.as_deref(), Some("my-rates.csv"));
    }

    #[test]
    fn a_users_rows_add_to_the_table_and_replace_only_their_own_dates() {
        let builtin = RateTable::parse_csv(TABLE).unwrap();
        let user = RateTable::parse_user_csv("2023-07-01,11\n2024-07-01,9.5\n", "mine.csv").unwrap();
        let t = builtin.merged(&user);
        let rows: Vec<_> = t.rows().iter().map(|r| (r.from, r.rate, r.file.is_some())).collect();
        assert_eq!(
            rows,
            vec![
                (day(2023, 1, 1), Decimal::new(1050, 2), false),
                (day(2023, 7, 1), Decimal::from(11), true),
                (day(2024, 1, 1), Decimal::new(125, 1), false),
                (day(2024, 7, 1), Decimal::new(95, 1), true),
            ]
        );
        // The user's last row now ends the table: covered to 2024-12-31, then provisional.
        assert_eq!(t.provisional_from(), day(2025, 1, 1));
        assert!(!t.rate_on(day(2024, 12, 31)).unwrap().provisional);
        // A user's row between two built-in dates is added, not a replacement of either.
        let odd = RateTable::parse_user_csv("2023-03-01,9\n", "mine.csv").unwrap();
        let t = builtin.merged(&odd);
        assert_eq!(t.rows().len(), 4);
        assert_eq!(t.rate_on(day(2023, 3, 1)).unwrap().until, day(2023, 7, 1));
        assert_eq!(t.provisional_from(), day(2024, 7, 1));
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
