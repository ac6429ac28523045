//! The Belgian consumer term (Book XIX Code of Economic Law, law of 4 May 2023): costs may be
//! charged only when the first reminder is unpaid 14 calendar days after the third working
//! day after posting (after the day of sending, for an e-mail). A letter that announces such
//! costs prints one deadline, never earlier than that term's end (posting presumed on the
//! letter's date; the later, postal reading is taken, so the date holds for an e-mail too).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The last day of the Book XIX term of a reminder dated `date`: 14 calendar days from the
/// third working day after posting (Monday to Friday, not a Belgian public holiday), that
/// day counted as the first, so costs may be charged from the next day on.
pub fn be_consumer_term_end(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    let mut working = 0;
    while working < 3 {
        day = day.succ_opt().unwrap_or(day);
        if is_working_day(day) {
            working += 1;
        }
    }
    day + Duration::days(13)
}

/// Monday to Friday, and not a Belgian public holiday.
fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_be_holiday(day)
}

/// The ten Belgian public holidays: New Year, Easter Monday,
/// Labour Day, Ascension, Whit Monday, 21 July, 15 August, 1 and 11 November, Christmas.
fn is_be_holiday(day: NaiveDate) -> bool {
    let fixed = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)];
    if fixed.contains(&(day.month(), day.day())) {
        return true;
    }
    let Some(easter) = easter(day.year()) else {
        return false;
    };
    [1, 39, 50].iter().any(|&d| easter + Duration::days(d) == day)
}

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter(2027), Some(d(2027, 3, 28)));
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
    }

    #[test]
    fn third_working_day_then_fourteen_days() {
        // Monday 23 November 2026: working days 24, 25, 26; the 26th is day 1, 9 December day 14.
        assert_eq!(be_consumer_term_end(d(2026, 11, 23)), d(2026, 12, 9));
        // Friday 6 November 2026: Mon 9, Tue 10, (11 November a holiday), Thu 12.
        assert_eq!(be_consumer_term_end(d(2026, 11, 6)), d(2026, 11, 25));
        // Thursday 2 April 2026: Fri 3, (Easter Monday 6 April), Tue 7, Wed 8.
        assert_eq!(be_consumer_term_end(d(2026, 4, 2)), d(2026, 4, 21));
    }
}
