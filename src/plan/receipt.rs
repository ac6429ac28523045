//! Statutory waiting periods before a consumer may be charged costs, counted from the date
//! and channel of the letter that started them (docs/rules.md, *Statutory waiting periods*):
//!
//! - Dutch consumers (`fee wik`): the 14 days of the 14-day letter run from the day after the
//!   consumer *received* it (art. 6:96 lid 6 BW; Hoge Raad, November 2016, as reported in
//!   practice literature — ECLI not verified), so costs are due from receipt + 15 days. dun
//!   presumes a posted letter received on the second PostNL delivery day after its date
//!   (PostNL delivers letters Tuesday to Saturday, not on public holidays) and an e-mail on
//!   the next day.
//! - Belgian consumers (`fee be-consumer`): 14 calendar days from the third working day after
//!   posting the reminder, or from the working day after an e-mail (Code of Economic Law art.
//!   XIX.2, law of 4 May 2023); costs are due on the 15th day of that period's count, that is
//!   start + 14 days.
//!
//! Public holiday lists are the national ones (UNVERIFIED against PostNL's own delivery
//! calendar, which may differ on days such as Liberation Day).

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::rules::Receipt;

/// How a letter went out, as far as the receipt presumption is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Paper post (also the presumption when the `sent` record names no channel).
    Post,
    /// E-mail.
    Email,
}

impl Channel {
    /// The channel of a `sent` record's `channel:` value.
    pub fn of(channel: Option<&str>) -> Channel {
        match channel {
            Some("email") => Channel::Email,
            _ => Channel::Post,
        }
    }
}

/// The day a Dutch consumer is presumed to have received a letter dated `date`: the
/// `receipt.post`th delivery day after posting, `receipt.email` days after an e-mail.
pub fn nl_received(date: NaiveDate, channel: Channel, receipt: Receipt) -> NaiveDate {
    match channel {
        Channel::Email => add(date, u64::from(receipt.email)),
        Channel::Post => nth_after(date, receipt.post, nl_delivery_day),
    }
}

/// The first day a Dutch consumer may be charged costs after a 14-day letter dated `date`:
/// the 14 days run from the day after receipt, so costs are due on receipt + 15.
pub fn nl_costs_from(date: NaiveDate, channel: Channel, receipt: Receipt) -> NaiveDate {
    add(nl_received(date, channel, receipt), 15)
}

/// The first day a Belgian consumer may be charged costs after a reminder dated `date`: 14
/// calendar days from the third working day after posting, or the working day after an
/// e-mail.
pub fn be_costs_from(date: NaiveDate, channel: Channel) -> NaiveDate {
    let start = match channel {
        Channel::Post => nth_after(date, 3, be_working_day),
        Channel::Email => nth_after(date, 1, be_working_day),
    };
    add(start, 14)
}

fn next(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn add(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

/// The `n`th day after `date` for which `counts` holds (`date` itself for 0).
fn nth_after(date: NaiveDate, n: u32, counts: fn(NaiveDate) -> bool) -> NaiveDate {
    let mut d = date;
    if n == 0 {
        return d;
    }
    let mut found = 0;
    // A year has far more than `n` such days; the bound only guards the end of the calendar.
    for _ in 0..366 {
        d = next(d);
        if counts(d) {
            found += 1;
            if found == n {
                return d;
            }
        }
    }
    d
}

/// PostNL delivers letters Tuesday to Saturday, not on Dutch public holidays.
fn nl_delivery_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sun | Weekday::Mon) && !nl_holiday(d)
}

/// Monday to Friday, not a Belgian public holiday.
fn be_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !be_holiday(d)
}

/// Dutch public holidays on which no post is delivered: New Year, Easter Monday, King's Day
/// (27 April, the 26th when the 27th is a Sunday), Ascension Day, Whit Monday, Christmas.
fn nl_holiday(d: NaiveDate) -> bool {
    let easter = easter(d.year());
    let kings_day = match NaiveDate::from_ymd_opt(d.year(), 4, 27) {
        Some(k) if k.weekday() == Weekday::Sun => k.pred_opt(),
        k => k,
    };
    matches!((d.month(), d.day()), (1, 1) | (12, 25) | (12, 26)) || Some(d) == kings_day || moveable(d, easter)
}

/// Belgian public holidays: New Year, Easter Monday, Labour Day, Ascension Day, Whit Monday,
/// National Day, Assumption, All Saints, Armistice, Christmas.
fn be_holiday(d: NaiveDate) -> bool {
    matches!(
        (d.month(), d.day()),
        (1, 1) | (5, 1) | (7, 21) | (8, 15) | (11, 1) | (11, 11) | (12, 25)
    ) || moveable(d, easter(d.year()))
}

/// Easter Monday, Ascension Day (Easter + 39) and Whit Monday (Easter + 50).
fn moveable(d: NaiveDate, easter: Option<NaiveDate>) -> bool {
    easter.is_some_and(|e| [1, 39, 50].iter().any(|&n| add(e, n) == d))
}

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2025), Some(d("2025-04-20")));
        assert_eq!(easter(2026), Some(d("2026-04-05")));
        assert_eq!(easter(2027), Some(d("2027-03-28")));
    }

    #[test]
    fn a_posted_letter_arrives_on_the_second_delivery_day() {
        // Wednesday: Thursday, Friday.
        let r = Receipt::default();
        assert_eq!(nl_received(d("2026-11-18"), Channel::Post, r), d("2026-11-20"));
        // Friday: Saturday, then (no post on Sunday and Monday) Tuesday.
        assert_eq!(nl_received(d("2026-11-20"), Channel::Post, r), d("2026-11-24"));
        // Wednesday 23 December: Thursday 24, then Christmas, Sunday, Monday: Tuesday 29.
        assert_eq!(nl_received(d("2026-12-23"), Channel::Post, r), d("2026-12-29"));
        assert_eq!(nl_received(d("2026-11-20"), Channel::Email, r), d("2026-11-21"));
        // `receipt post 3 email 2`: Friday's letter on Wednesday, the e-mail two days on.
        let slow = Receipt { post: 3, email: 2 };
        assert_eq!(nl_received(d("2026-11-20"), Channel::Post, slow), d("2026-11-25"));
        assert_eq!(nl_received(d("2026-11-20"), Channel::Email, slow), d("2026-11-22"));
    }

    #[test]
    fn dutch_costs_wait_fourteen_days_after_the_day_of_receipt() {
        // Received Tuesday 24 November; the 14 days are 25 Nov .. 8 Dec; costs from 9 Dec.
        assert_eq!(
            nl_costs_from(d("2026-11-20"), Channel::Post, Receipt::default()),
            d("2026-12-09")
        );
    }

    #[test]
    fn belgian_costs_wait_fourteen_days_from_the_third_working_day() {
        // Friday 20 Nov: Mon 23, Tue 24, Wed 25 is the third working day; + 14 = 9 Dec.
        assert_eq!(be_costs_from(d("2026-11-20"), Channel::Post), d("2026-12-09"));
        // E-mail on Friday: the working day after is Monday 23; + 14 = 7 Dec.
        assert_eq!(be_costs_from(d("2026-11-20"), Channel::Email), d("2026-12-07"));
        // E-mail on Monday 20 July: 21 July is a Belgian holiday, so Wednesday 22; + 14 = 5 Aug.
        assert_eq!(be_costs_from(d("2026-07-20"), Channel::Email), d("2026-08-05"));
    }
}
