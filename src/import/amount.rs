//! Amounts and dates as banks write them: `605,00`, `+1.234,56`, `1234.5`, `000000000605000`
//! (CODA's implied decimals), `20260220`, `20-02-2026`, `260220`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Currency;

/// The most integer digits an amount may have: MT940's `15d` field and CODA's 15 digits
/// hold at most 15 digits in all; no statement line is larger.
pub const MAX_INTEGER_DIGITS: usize = 15;

/// Parses `text` with `decimal` as the decimal mark; the other of `.` and `,` may group
/// thousands (in groups of three). A leading `+` or `-` is allowed. The result keeps its sign.
pub fn parse(text: &str, decimal: char) -> Result<Decimal, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not an amount");
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let body = body.trim_start();
    let group = if decimal == ',' { '.' } else { ',' };
    let (int, frac) = match body.rfind(decimal) {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    let mut digits = String::with_capacity(body.len());
    let groups: Vec<&str> = int.split(group).collect();
    for (i, g) in groups.iter().enumerate() {
        let grouped_ok = groups.len() == 1 || (i == 0 && (1..=3).contains(&g.len())) || g.len() == 3;
        if !grouped_ok || !g.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        digits.push_str(g);
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let significant = digits.trim_start_matches('0').len();
    if significant > MAX_INTEGER_DIGITS {
        return Err(format!(
            "`{t}` is too large for a statement line (more than {MAX_INTEGER_DIGITS} digits before the decimal mark)"
        ));
    }
    if frac.len() > 10 {
        return Err(format!("`{t}` has more than 10 decimals"));
    }
    let int = match digits.trim_start_matches('0') {
        "" => "0",
        i => i,
    };
    let number = match frac {
        "" => int.to_string(),
        f => format!("{int}.{f}"),
    };
    let value = Decimal::from_str_exact(&number).map_err(|_| bad())?;
    Ok(if negative { -value } else { value })
}

/// `amount` checked against the currency's minor units: `12.345` EUR is an error, `12.300`
/// is 12.30.
pub fn in_currency(amount: Decimal, currency: Currency, text: &str) -> Result<Decimal, String> {
    let n = amount.normalize();
    if n.scale() > currency.minor_units() {
        return Err(format!(
            "`{text}` has more decimals than {currency} has ({})",
            currency.minor_units()
        ));
    }
    Ok(n)
}

/// A currency code as banks write it.
pub fn currency(code: &str) -> Result<Currency, String> {
    let c = code.trim();
    Currency::from_code(c).ok_or_else(|| format!("`{c}` is not an ISO 4217 currency code"))
}

/// `YYYY-MM-DD` (a time after it is ignored), `YYYYMMDD`, `DD-MM-YYYY` or `DD/MM/YYYY`.
pub fn date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    // `get`, not indexing: a non-ASCII character may sit where a digit is expected.
    let num = |r: std::ops::Range<usize>| {
        t.get(r)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    let ymd = |y, m, d| Some((num(y)? as i32, num(m)?, num(d)?));
    let b = t.as_bytes();
    let parts = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        ymd(0..4, 5..7, 8..10)
    } else if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        ymd(0..4, 4..6, 6..8)
    } else if b.len() == 10 && (b[2] == b'-' || b[2] == b'/' || b[2] == b'.') && b[5] == b[2] {
        ymd(6..10, 3..5, 0..2)
    } else {
        None
    };
    parts
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| format!("`{t}` is not a date"))
}

/// `YYMMDD` (MT940) or `DDMMYY` (CODA, `day_first`), years 2000 to 2099... except that
/// years after 79 are taken as 19xx, as SWIFT does.
pub fn short_date(text: &str, day_first: bool) -> Result<NaiveDate, String> {
    let bad = || {
        format!(
            "`{text}` is not a date ({})",
            if day_first { "DDMMYY" } else { "YYMMDD" }
        )
    };
    if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (yy, m, d) = match day_first {
        true => (n(4..6), n(2..4), n(0..2)),
        false => (n(0..2), n(2..4), n(4..6)),
    };
    let year = if yy >= 80 { 1900 + yy } else { 2000 + yy } as i32;
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn amounts() {
        assert_eq!(parse("605,00", ','), Ok(d("605.00")));
        assert_eq!(parse("+1.234,56", ','), Ok(d("1234.56")));
        assert_eq!(parse("-12,5", ','), Ok(d("-12.5")));
        assert_eq!(parse("1234.50", '.'), Ok(d("1234.50")));
        assert_eq!(parse("1,234.50", '.'), Ok(d("1234.50")));
        assert_eq!(parse("1,56", ','), Ok(d("1.56")));
        assert_eq!(parse("100,", ','), Ok(d("100")));
        assert_eq!(parse(",5", ','), Ok(d("0.5")));
        assert_eq!(parse("000000000100,00", ','), Ok(d("100.00")));
        for bad in ["", "-", "1.2.3,4", "12,34,56", "abc", "1e5", "12.34", "1,2345.6"] {
            assert!(parse(bad, ',').is_err(), "{bad}");
        }
        let huge = parse("12345678901234567890,00", ',').unwrap_err();
        assert!(huge.contains("too large"), "{huge}");
    }

    #[test]
    fn minor_units() {
        assert_eq!(in_currency(d("12.300"), Currency::EUR, "x"), Ok(d("12.3")));
        assert!(in_currency(d("12.345"), Currency::EUR, "x").is_err());
    }

    #[test]
    fn dates() {
        let feb20 = NaiveDate::from_ymd_opt(2026, 2, 20).unwrap();
        for t in [
            "2026-02-20",
            "20260220",
            "20-02-2026",
            "20/02/2026",
            "2026-02-20T10:00:00",
        ] {
            assert_eq!(date(t), Ok(feb20), "{t}");
        }
        assert!(date("2026-02-30").is_err());
        assert_eq!(short_date("260220", false), Ok(feb20));
        assert_eq!(short_date("200226", true), Ok(feb20));
        assert!(short_date("26022", false).is_err());
    }
}
