//! Dates and amounts written straight into a report's buffer, byte for byte as their
//! `Display` writes them: a table of `MM-DD` per day of the year and two digits per step,
//! where chrono works out the month and day and an amount was made a digit at a time on
//! the stack and copied (a report writes three dates and six amounts per invoice).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::money::Currency;

/// `00`, `01`, ... `99`.
static PAIRS: [[u8; 2]; 100] = {
    let mut t = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    t
};

/// `MM-DD` of each day of a leap year, by the day's index in the year.
static MONTH_DAY: [[u8; 5]; 366] = {
    const DAYS: [usize; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut t = [[0; 5]; 366];
    let (mut at, mut month) = (0, 0);
    while month < 12 {
        let mut day = 0;
        while day < DAYS[month] {
            let (m, d) = (PAIRS[month + 1], PAIRS[day + 1]);
            t[at] = [m[0], m[1], b'-', d[0], d[1]];
            at += 1;
            day += 1;
        }
        month += 1;
    }
    t
};

/// Writes `date` as `YYYY-MM-DD`; years outside 0..=9999 as chrono writes them (`+10000-01-01`).
pub(super) fn put_date(b: &mut Vec<u8>, date: NaiveDate) {
    let Some(year) = u32::try_from(date.year()).ok().filter(|y| *y <= 9999) else {
        b.extend_from_slice(date.to_string().as_bytes());
        return;
    };
    // A common year has no 29 February: from March on, its days sit one later in the table.
    let day = date.ordinal0() as usize;
    let day = if day >= 59 && !date.leap_year() { day + 1 } else { day };
    let ([y1, y2], [y3, y4]) = (PAIRS[(year / 100) as usize], PAIRS[(year % 100) as usize]);
    let [m1, m2, _, d1, d2] = MONTH_DAY[day];
    b.extend_from_slice(&[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]);
}

/// An amount in a currency, written rounded to its minor unit exactly as
/// [`Currency::format`] writes it (digits, a point and a sign: nothing to escape or quote).
#[derive(Debug, Clone, Copy)]
pub struct Amount {
    /// The currency, whose minor unit the amount is rounded to.
    pub currency: Currency,
    /// The amount, at any scale.
    pub amount: Decimal,
}

impl Amount {
    /// Writes the amount into `b`.
    pub(super) fn put(self, b: &mut Vec<u8>) {
        let d = self.amount.unpack();
        let minor = self.currency.minor_units();
        // The usual case: a 64-bit mantissa at the minor unit or coarser (a zero fee is `0`),
        // which needs no rounding, only the decimals the currency shows.
        let mantissa = (u64::from(d.mid) << 32) | u64::from(d.lo);
        let at_minor = match minor.checked_sub(d.scale) {
            Some(finer) if d.hi == 0 && minor < 20 => 10u64.checked_pow(finer).and_then(|p| mantissa.checked_mul(p)),
            _ => None,
        };
        match at_minor {
            Some(n) => put_fixed(b, d.negative, n, minor as usize),
            None => b.extend_from_slice(self.currency.formatted(self.amount).as_bytes()),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.currency.formatted(self.amount).as_str())
    }
}

/// Writes `n` as `Display` writes it.
pub(super) fn put_integer(b: &mut Vec<u8>, n: i64) {
    put_fixed(b, n < 0, n.unsigned_abs(), 0);
}

/// Writes `n / 10^scale` with exactly `scale` decimals (`scale` below 20), `-` first when
/// `negative` and not zero: as `Decimal`'s `Display` writes it. Made back to front on the
/// stack, two digits a step, and appended at once.
fn put_fixed(b: &mut Vec<u8>, negative: bool, n: u64, scale: usize) {
    const END: usize = 24;
    let mut text = [b'0'; END];
    let mut at = END;
    let (mut whole, mut fraction) = match scale {
        0 => (n, 0),
        2 => (n / 100, n % 100), // the usual minor unit: a division by a constant
        _ => (n / 10u64.pow(scale as u32), n % 10u64.pow(scale as u32)),
    };
    for _ in 0..scale / 2 {
        at -= 2;
        text[at..at + 2].copy_from_slice(&PAIRS[(fraction % 100) as usize]);
        fraction /= 100;
    }
    if scale % 2 == 1 {
        at -= 1;
        text[at] = b'0' + fraction as u8;
    }
    if scale > 0 {
        at -= 1;
        text[at] = b'.';
    }
    while whole >= 100 {
        at -= 2;
        text[at..at + 2].copy_from_slice(&PAIRS[(whole % 100) as usize]);
        whole /= 100;
    }
    if whole >= 10 {
        at -= 2;
        text[at..at + 2].copy_from_slice(&PAIRS[whole as usize]);
    } else {
        at -= 1;
        text[at] = b'0' + whole as u8;
    }
    if negative && n != 0 {
        at -= 1;
        text[at] = b'-';
    }
    b.extend_from_slice(&text[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_text(d: NaiveDate) -> String {
        let mut b = Vec::new();
        put_date(&mut b, d);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(1895, 1, 1).unwrap();
        while day.year() < 2105 {
            assert_eq!(date_text(day), day.to_string());
            day = day.succ_opt().unwrap();
        }
        for (y, m, d) in [
            (0, 1, 1),
            (0, 2, 29),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 15),
            (2100, 3, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_text(date), date.to_string());
        }
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            assert_eq!(date_text(date), date.to_string());
        }
    }

    #[test]
    fn amounts_are_written_as_currency_format_writes_them() {
        let currencies = ["EUR", "JPY", "KWD", "CLF"].map(|c| Currency::from_code(c).unwrap());
        let mut values = vec![
            Decimal::ZERO,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-1, 28),
            Decimal::new(i64::MAX, 2),
            Decimal::new(i64::MIN, 2),
            Decimal::from_i128_with_scale(u64::MAX as i128, 2),
            Decimal::from_i128_with_scale(-(u64::MAX as i128), 4),
            Decimal::from_i128_with_scale(u64::MAX as i128 + 1, 2),
            -Decimal::new(0, 2),
            -Decimal::new(0, 0),
        ];
        // Every scale, and mantissas of every length around the powers of ten.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for scale in 0..=28 {
            for digits in 0..20 {
                let p = 10u64.pow(digits);
                for m in [p - 1, p, p + 1, p.wrapping_mul(7) / 3] {
                    values.push(Decimal::from_i128_with_scale(m as i128, scale));
                    values.push(Decimal::from_i128_with_scale(-(m as i128), scale));
                }
            }
            for _ in 0..200 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let m = (seed >> (seed % 64)) as i128;
                values.push(Decimal::from_i128_with_scale(
                    if seed.is_multiple_of(2) { m } else { -m },
                    scale,
                ));
            }
        }
        for currency in currencies {
            for &amount in &values {
                let mut b = Vec::new();
                Amount { currency, amount }.put(&mut b);
                let want = currency.format(amount);
                assert_eq!(String::from_utf8(b).unwrap(), want, "{currency} {amount:?}");
                assert_eq!(Amount { currency, amount }.to_string(), want);
            }
        }
    }
}
