//! The line-level reader of rate table CSVs: `from,rate_percent[,status[,source]]`.
//!
//! `#` lines and blank lines are skipped anywhere; a header line starting with `from` is
//! skipped. Fields may be double-quoted (with `""` for a quote inside), so a source can hold
//! commas. Dates are parsed by hand (`YYYY-MM-DD`), rates exactly as decimals.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::{CsvProblem, RateError};
use super::row::{RateRow, RateStatus};

/// The data rows of `text`, in file order, each with its 1-based line number.
pub(super) fn rows(text: &str) -> Result<Vec<RateRow>, RateError> {
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || is_header(line) {
            continue;
        }
        let number = i + 1;
        let row = row(line, number).map_err(|problem| RateError::Csv { line: number, problem })?;
        rows.push(row);
    }
    Ok(rows)
}

/// `from,rate_percent,...`: the optional header.
fn is_header(line: &str) -> bool {
    line.trim_start_matches('"').to_ascii_lowercase().starts_with("from")
}

/// One data line.
fn row(line: &str, number: usize) -> Result<RateRow, CsvProblem> {
    let fields = split(line)?;
    if !(2..=4).contains(&fields.len()) {
        return Err(CsvProblem::FieldCount(fields.len()));
    }
    let field = |i: usize| fields.get(i).map_or("", |s| s.trim());
    Ok(RateRow {
        from: date(field(0)).ok_or_else(|| CsvProblem::BadDate(field(0).to_string()))?,
        rate: Decimal::from_str_exact(field(1)).map_err(|_| CsvProblem::BadRate(field(1).to_string()))?,
        status: status(field(2))?,
        source: field(3).to_string(),
        line: number,
        file: None,
    })
}

/// The fields of a line; `"..."` quoting with `""` escapes.
fn split(line: &str) -> Result<Vec<String>, CsvProblem> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    if quoted {
        return Err(CsvProblem::UnclosedQuote);
    }
    fields.push(current);
    Ok(fields)
}

/// `YYYY-MM-DD`, by hand.
fn date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = |i: usize, c: &u8| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    };
    if b.len() != 10 || !b.iter().enumerate().all(|(i, c)| shape(i, c)) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

/// The status column; empty means the table states none.
fn status(s: &str) -> Result<RateStatus, CsvProblem> {
    match s.to_ascii_lowercase().as_str() {
        "" => Ok(RateStatus::Unstated),
        "verified" => Ok(RateStatus::Verified),
        "derived" => Ok(RateStatus::Derived),
        "unverified" => Ok(RateStatus::Unverified),
        _ => Err(CsvProblem::BadStatus(s.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_fields() {
        let f = split(r#"2024-07-01,12.5,verified,"a, b ""c"" d""#).unwrap();
        assert_eq!(f, vec!["2024-07-01", "12.5", "verified", r#"a, b "c" d"#]);
        assert_eq!(split(r#"a,"b"#), Err(CsvProblem::UnclosedQuote));
    }

    #[test]
    fn parses_dates_by_hand() {
        assert_eq!(date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(date("2023-02-29"), None);
        assert_eq!(date("2023-2-01"), None);
        assert_eq!(date("2023-01-01x"), None);
        assert_eq!(date("+023-01-01"), None);
    }
}
