//! A scheme's rates laid out for the stepper: each stretch of its table with the margin
//! already added and its bounds as day numbers, so an [`Accrual`](super::Accrual) walking
//! forward finds the next rate by stepping a cursor, not by searching the table and adding
//! the margin again at each rate change of each invoice.

use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate};

mod daily;

use super::error::RateError;
use super::row::RateStatus;
use super::scaled::Scaled;
use super::schemes::{self, AppliedRate};
use super::table::RateTable;
use super::Scheme;

/// A day as a number (days since the common era): subtracting two is one instruction, where
/// subtracting `NaiveDate`s was a tenth of evaluating a book.
pub(super) type DayNumber = i32;

/// `day` as a [`DayNumber`].
pub(super) fn day_number(day: NaiveDate) -> DayNumber {
    day.num_days_from_ce()
}

/// The date of a [`DayNumber`] made by [`day_number`] (or one more, capped at
/// `NaiveDate::MAX`).
pub(super) fn date_of(day: DayNumber) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MAX)
}

/// One stretch of a schedule: [`Self::rate`] holds from `from` until `until` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stretch {
    pub from: DayNumber,
    pub until: DayNumber,
    pub rate: AppliedRate,
    /// The rate as mantissa and scale when it is positive and its mantissa fits 64 bits
    /// (what the integer steps take): converted once here, not at every step of every invoice.
    pub factor: Option<Factor>,
    /// The rate adds to an accrual's notes (marked UNVERIFIED, or provisional).
    pub noted: bool,
}

/// A positive rate as a 64-bit mantissa and its scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Factor {
    pub mantissa: u64,
    pub scale: u32,
}

impl Stretch {
    /// The stretch of `rate` from `from` until `until`.
    pub fn new(from: DayNumber, until: DayNumber, rate: AppliedRate) -> Stretch {
        Stretch {
            from,
            until,
            rate,
            factor: Scaled::of(rate.rate).filter(|r| !r.is_zero()).and_then(|r| {
                Some(Factor {
                    mantissa: u64::try_from(r.mantissa).ok()?,
                    scale: r.scale,
                })
            }),
            noted: rate.provisional || rate.status == RateStatus::Unverified,
        }
    }
}

/// The rates of one scheme from its table: what [`schemes::applied`] gives, stretch by
/// stretch (each row, then the last rate carried forward provisionally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Schedule {
    scheme: Scheme,
    table: RateTable,
    stretches: Arc<[Stretch]>,
    /// Made on first use: a run that accrues nothing under this scheme (a small journal, or
    /// one that never uses it) does not build its sums.
    daily: OnceLock<daily::Daily>,
}

impl Schedule {
    /// The schedule of `scheme` under `table`.
    pub fn new(scheme: Scheme, table: &RateTable) -> Schedule {
        let starts = table.rows().iter().map(|r| r.from).chain([table.provisional_from()]);
        let stretches: Arc<[Stretch]> = starts
            .filter_map(|day| schemes::applied(scheme, table, day).ok())
            .map(|rate| Stretch::new(day_number(rate.from), day_number(rate.until), rate))
            .collect();
        Schedule {
            scheme,
            table: table.clone(),
            daily: OnceLock::new(),
            stretches,
        }
    }

    /// The stretch holding `day`, starting the search at `*at` (where the previous lookup
    /// ended; days only move forward) and leaving `*at` there. An error before the table.
    #[inline]
    pub fn stretch(&self, day: DayNumber, at: &mut usize) -> Result<&Stretch, RateError> {
        match self.stretches.get(*at) {
            Some(s) if s.from <= day => {
                let mut i = *at;
                while self.stretches.get(i + 1).is_some_and(|s| s.from <= day) {
                    i += 1;
                }
                *at = i;
                self.stretches.get(i).ok_or(RateError::Empty)
            }
            _ => self.search(day, at),
        }
    }

    /// The sum of rate × days over `from..end` (`from < end`) at the largest scale of the
    /// rates crossed, as the integer steps add it stretch by stretch, when the running sums
    /// give it (see [`daily`]); `None` otherwise (the steps then add stretch by stretch).
    #[inline]
    pub fn rate_days(&self, from: DayNumber, end: DayNumber) -> Option<Scaled> {
        self.daily().rate_days(from, end)
    }

    /// The scale of every sum [`Self::rate_days`] gives: the largest of the rates'.
    #[inline]
    pub fn sum_scale(&self) -> u32 {
        self.daily().scale()
    }

    /// The running sums, made on first use.
    #[inline]
    fn daily(&self) -> &daily::Daily {
        self.daily.get_or_init(|| daily::Daily::of(&self.stretches))
    }

    /// [`Self::stretch`] from the start: for a first lookup (`*at` past the end), a day
    /// before the last lookup's, or a day before the table (an error that says which rate is
    /// missing).
    fn search(&self, day: DayNumber, at: &mut usize) -> Result<&Stretch, RateError> {
        let found = self.stretches.partition_point(|s| s.from <= day).checked_sub(1);
        match found.and_then(|i| Some((i, self.stretches.get(i)?))) {
            Some((i, stretch)) => {
                *at = i;
                Ok(stretch)
            }
            None => Err(schemes::applied(self.scheme, &self.table, date_of(day))
                .err()
                .unwrap_or(RateError::Empty)),
        }
    }

    /// The scheme this schedule prices.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The table it is made of.
    pub fn table(&self) -> &RateTable {
        &self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interest::RateTables;

    #[test]
    fn every_day_gets_what_the_table_gives() {
        let tables = RateTables::builtin().unwrap();
        for scheme in RateTables::SCHEMES {
            let schedule = Schedule::new(scheme, tables.table(scheme));
            let mut at = 0;
            let start = NaiveDate::from_ymd_opt(2014, 12, 1).unwrap();
            for day in start.iter_days().take(365 * 14).step_by(3) {
                let expected = tables.rate_on(scheme, day);
                let got = schedule.stretch(day_number(day), &mut at).map(|s| s.rate);
                assert_eq!(got, expected, "{scheme:?} {day}");
                if let Ok(s) = schedule.stretch(day_number(day), &mut at) {
                    assert_eq!((date_of(s.from), date_of(s.until)), (s.rate.from, s.rate.until));
                }
            }
            // A first lookup, as an accrual starts, finds the same stretch.
            for day in start.iter_days().take(365 * 14).step_by(5) {
                let mut first = usize::MAX;
                let got = schedule.stretch(day_number(day), &mut first).map(|s| s.rate);
                assert_eq!(got, tables.rate_on(scheme, day), "{scheme:?} {day}");
            }
            // Looking back restarts the search.
            let early = NaiveDate::from_ymd_opt(2016, 2, 1).unwrap();
            assert_eq!(
                schedule.stretch(day_number(early), &mut at).map(|s| s.rate),
                tables.rate_on(scheme, early)
            );
        }
    }

    #[test]
    fn day_numbers_round_trip_to_the_ends_of_the_calendar() {
        for day in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        ] {
            assert_eq!(date_of(day_number(day)), day);
        }
        assert_eq!(date_of(day_number(NaiveDate::MAX) + 1), NaiveDate::MAX);
    }
}
