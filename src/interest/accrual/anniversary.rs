//! Anniversaries of an accrual's first day as day numbers, each from the last by the length
//! of the year between them (the civil calendar's formula where that is not plain): chrono's
//! `with_year` (and a `NaiveDate` to convert back) was most of finding the next one.

use chrono::{Datelike, NaiveDate};

use super::super::schedule::{day_number, DayNumber};

/// The day number of 1970-01-01 (what [`days_from_civil`] counts from).
const UNIX_EPOCH: i64 = 719_163;

/// The first day plus `years` years: the same day and month in that year, 28 February for
/// a first day of 29 February in a common year, `NaiveDate::MAX` past the calendar's end
/// (what `with_year`, else `checked_add_months(12 x years)`, gives).
#[cold]
pub(super) fn years_after(first: NaiveDate, years: u32) -> DayNumber {
    let year = i64::from(first.year()) + i64::from(years);
    if year > i64::from(NaiveDate::MAX.year()) {
        return day_number(NaiveDate::MAX);
    }
    let (month, day) = (first.month(), first.day());
    let day = match (month, day) {
        (2, 29) if !is_leap(year) => 28,
        _ => day,
    };
    // Within the calendar, so within `DayNumber`.
    (days_from_civil(year, month, day) + UNIX_EPOCH) as DayNumber
}

/// [`years_after`]`(first, years + 1)`, given `last`, [`years_after`]`(first, years)` (or the
/// first day's number for `years == 0`): one year on, 366 days where that year holds a
/// 29 February.
#[inline(always)]
pub(super) fn following(first: NaiveDate, years: u32, last: DayNumber) -> DayNumber {
    let first_year = i64::from(first.year());
    let year = first_year + i64::from(years);
    let leap_first = first.leap_year();
    let ordinal = first.ordinal();
    if year >= i64::from(NaiveDate::MAX.year()) || (leap_first && ordinal == 60) {
        // The calendar's end, or a first day of 29 February (28 February in common years).
        return years_after(first, years.saturating_add(1));
    }
    // From a day in January or February the year crossed holds that year's February, else
    // the next year's.
    let after_february = ordinal > 59 + u32::from(leap_first);
    let crossed = if after_february { year + 1 } else { year };
    last + 365 + DayNumber::from(is_leap(crossed))
}

/// Whether `year` (proleptic Gregorian) has a 29 February.
fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days from 1970-01-01 to `year-month-day` (a valid date), by H. Hinnant's
/// `days_from_civil`: years counted from March, in 400-year eras.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use chrono::Months;
    use proptest::prelude::*;

    use super::*;

    /// The anniversary as chrono computes it.
    fn by_chrono(first: NaiveDate, years: u32) -> NaiveDate {
        let same_day = i32::try_from(years)
            .ok()
            .and_then(|y| first.year().checked_add(y))
            .and_then(|y| first.with_year(y));
        same_day.unwrap_or_else(|| {
            first
                .checked_add_months(Months::new(years.saturating_mul(12)))
                .unwrap_or(NaiveDate::MAX)
        })
    }

    #[test]
    fn leap_days_and_the_ends_of_the_calendar() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        for (first, years) in [
            (day(2024, 2, 29), 1),
            (day(2024, 2, 29), 4),
            (day(2096, 2, 29), 4),
            (day(2000, 2, 29), 400),
            (day(2023, 3, 1), 1),
            (day(2023, 12, 31), 1),
            (NaiveDate::MIN, 1),
            (NaiveDate::MIN, 524_284),
            (NaiveDate::MAX, 0),
            (NaiveDate::MAX, 1),
            (day(2025, 1, 1), u32::MAX),
        ] {
            assert_eq!(
                years_after(first, years),
                day_number(by_chrono(first, years)),
                "{first} {years}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Any first day: each anniversary from the last is chrono's, up to the calendar's end.
        #[test]
        fn each_anniversary_follows_the_last(
            first in day_number(NaiveDate::MIN)..=day_number(NaiveDate::MAX),
            near_the_end in any::<bool>(),
        ) {
            // Half the cases within a few years of the calendar's end.
            let first = match near_the_end {
                true => day_number(NaiveDate::MAX) - first.rem_euclid(3_000),
                false => first,
            };
            let first = NaiveDate::from_num_days_from_ce_opt(first).expect("a date");
            let mut last = day_number(first);
            for years in 0..40 {
                let next = following(first, years, last);
                prop_assert_eq!(next, day_number(by_chrono(first, years + 1)), "{} {}", first, years);
                if next == day_number(NaiveDate::MAX) {
                    break;
                }
                last = next;
            }
        }

        /// Any first day of the calendar and any number of years: chrono's date.
        #[test]
        fn anniversaries_are_chronos(
            first in day_number(NaiveDate::MIN)..=day_number(NaiveDate::MAX),
            years in prop_oneof![0u32..500, any::<u32>()],
        ) {
            let first = NaiveDate::from_num_days_from_ce_opt(first).expect("a date");
            prop_assert_eq!(years_after(first, years), day_number(by_chrono(first, years)));
        }
    }
}
