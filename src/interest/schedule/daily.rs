//! Running sums of rate × days over a schedule, one per day: the integer steps get the sum
//! over any run of days from the sums at its two ends, one subtraction, not a walk over the
//! stretches crossed (finding them was a third of an accrual's integer step).
//!
//! The integer steps add `rate × days` stretch by stretch, each sum at the largest scale of
//! the rates so far (see `Accrual::rate_days`). Where every day crossed is *plain* — in a
//! stretch whose rate is positive, of the schedule's largest scale and without notes — every
//! term is at that scale, so the sum is the difference of two running sums at that scale:
//! the same mantissa and the same scale.
//!
//! Each day's entry packs the sum of the plain days before it (high bits) and the count of
//! the other days before it ([`IRREGULAR_BITS`] low bits). Both only grow, so the
//! difference of two entries is the two differences side by side: the days between are all
//! plain exactly when its low bits are zero.

use std::sync::Arc;

use super::{DayNumber, Stretch};
use crate::interest::scaled::Scaled;

/// Bits of an entry that count the days that are not plain.
const IRREGULAR_BITS: u32 = 16;

/// The days a schedule's sums cover at most, up to its last plain day (about 110 years, 320 KB):
/// fewer than 2^[`IRREGULAR_BITS`], so the count of irregular days never carries.
const MAX_DAYS: i64 = 40_000;

/// The running sums of one schedule, day by day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Daily {
    /// The largest scale of the schedule's rates: the scale of every sum.
    scale: u32,
    /// The day of the first entry.
    base: DayNumber,
    /// The entry of day `base + t` at `t` (see the module documentation); empty where the
    /// sums would not fit.
    entries: Arc<[u64]>,
}

impl Daily {
    /// The running sums of `stretches` (in date order), from the first stretch (or
    /// [`MAX_DAYS`] before the end) to the end of the last plain one.
    pub fn of(stretches: &[Stretch]) -> Daily {
        let scale = stretches
            .iter()
            .filter_map(|s| s.factor)
            .map(|f| f.scale)
            .max()
            .unwrap_or(0);
        let plain = |s: &Stretch| s.factor.filter(|f| f.scale == scale && !s.noted).map(|f| f.mantissa);
        let first = stretches.first().map_or(0, |s| i64::from(s.from));
        let end = stretches
            .iter()
            .filter(|s| plain(s).is_some())
            .map(|s| i64::from(s.until))
            .max()
            .unwrap_or(first);
        // The latest days where a table is longer: invoices are recent.
        let base = DayNumber::try_from(first.max(end - MAX_DAYS)).unwrap_or_default();
        let entries = Self::entries(stretches, base, end, plain).unwrap_or_default();
        Daily {
            scale,
            base,
            entries: entries.into(),
        }
    }

    /// The entries of the days `base..=end`; `None` if a sum passes its bits.
    fn entries(
        stretches: &[Stretch],
        base: DayNumber,
        end: i64,
        plain: impl Fn(&Stretch) -> Option<u64>,
    ) -> Option<Vec<u64>> {
        let len = usize::try_from(end - i64::from(base)).ok()?;
        let mut entries = Vec::with_capacity(len + 1);
        let (mut sum, mut irregular, mut at) = (0u64, 0u64, 0usize);
        for t in 0..len {
            entries.push(sum.checked_shl(IRREGULAR_BITS).filter(|e| e >> IRREGULAR_BITS == sum)? | irregular);
            // The stretch holding the day: the last that starts on or before it, if it has
            // not ended.
            let day = base.checked_add(i32::try_from(t).ok()?)?;
            while stretches.get(at + 1).is_some_and(|s| s.from <= day) {
                at += 1;
            }
            match stretches
                .get(at)
                .filter(|s| s.from <= day && day < s.until)
                .and_then(&plain)
            {
                Some(rate) => sum = sum.checked_add(rate)?,
                None => irregular += 1,
            }
        }
        entries.push(sum.checked_shl(IRREGULAR_BITS).filter(|e| e >> IRREGULAR_BITS == sum)? | irregular);
        Some(entries)
    }

    /// The scale of every sum: the largest of the schedule's rates'.
    #[inline]
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Rate × days over `from..end` (`from < end`) at the schedule's largest scale, if every
    /// day of it is plain and within the sums.
    #[inline]
    pub fn rate_days(&self, from: DayNumber, end: DayNumber) -> Option<Scaled> {
        let entry = |day: DayNumber| {
            let t = usize::try_from(i64::from(day) - i64::from(self.base)).ok()?;
            self.entries.get(t).copied()
        };
        let (first, last) = (entry(from)?, entry(end)?);
        // Both parts only grow with the day: no borrow crosses between them.
        let difference = last.wrapping_sub(first);
        (difference & ((1 << IRREGULAR_BITS) - 1) == 0 && from < end).then_some(Scaled {
            mantissa: u128::from(difference >> IRREGULAR_BITS),
            scale: self.scale,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Months, NaiveDate};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::super::{day_number, Schedule};
    use crate::interest::scaled::Scaled;
    use crate::interest::{RateTable, RateTables};

    /// Rate × days over `from..end` in `Decimal`, stretch by stretch, as the steps add it.
    fn by_stretch(schedule: &Schedule, from: i32, end: i32) -> Option<Decimal> {
        let (mut sum, mut day, mut at) = (Decimal::ZERO, from, usize::MAX);
        while day < end {
            let s = schedule.stretch(day, &mut at).ok()?;
            let until = end.min(s.until);
            sum = sum.checked_add(s.rate.rate * Decimal::from(until - day))?;
            day = until;
        }
        Some(sum)
    }

    /// The sums of `schedule` over `from..end` agree with the sum stretch by stretch,
    /// mantissa and scale, where they give one; returns whether they did.
    fn agree(schedule: &Schedule, from: i32, end: i32) -> Result<bool, TestCaseError> {
        let Some(fast) = schedule.rate_days(from, end) else {
            return Ok(false);
        };
        let slow = by_stretch(schedule, from, end).ok_or_else(|| TestCaseError::fail("no sum"))?;
        prop_assert_eq!((fast.decimal(), fast.scale), (slow, slow.scale()));
        prop_assert_eq!(Scaled::of(slow), Some(fast));
        Ok(true)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Any run of days in or past the built-in tables: the running sums give the sum
        /// stretch by stretch, mantissa and scale, or nothing.
        #[test]
        fn sums_are_the_sums_stretch_by_stretch(
            scheme in 0..RateTables::SCHEMES.len(),
            first in -400i32..6_000,
            days in 1i32..3_000,
        ) {
            let tables = RateTables::builtin().expect("built-in tables");
            let schedule = tables.schedule(RateTables::SCHEMES[scheme]);
            let from = day_number(NaiveDate::from_ymd_opt(2015, 1, 1).expect("a date")) + first;
            agree(schedule, from, from + days)?;
        }

        /// A user's table of rates of mixed scales, zeros and rows marked UNVERIFIED: sums
        /// only over days of plain rates, and theirs.
        #[test]
        fn mixed_tables_give_sums_only_where_plain(
            rates in proptest::collection::vec((0i64..2_000, 0u32..3, proptest::bool::weighted(0.1)), 1..8),
            first in -30i32..1_500,
            days in 1i32..900,
        ) {
            let start = NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date");
            let starts: Vec<i32> = (0..rates.len()).map(|i| day_number(start + Months::new(4 * i as u32))).collect();
            let csv: String = starts
                .iter()
                .zip(&rates)
                .map(|(day, (m, s, unverified))| {
                    let status = if *unverified { "UNVERIFIED" } else { "verified" };
                    format!("{},{},{status}\n", super::super::date_of(*day), Decimal::new(*m, *s))
                })
                .collect();
            let table = RateTable::parse_user_csv(&csv, "mine.csv").expect("a table");
            let schedule = Schedule::new(crate::interest::Scheme::BeCommercial, &table);
            let from = starts[0] + first;
            let used = agree(&schedule, from, from + days)?;
            // Within one row (not the last) of a plain rate, the sums give it.
            let row = |day: i32| starts.iter().rposition(|s| *s <= day);
            let plain_scale = rates.iter().filter(|r| r.0 > 0).map(|r| r.1).max();
            if let (Some(a), Some(b)) = (row(from), row(from + days - 1)) {
                let (m, s, unverified) = rates[a];
                if a == b && a + 1 < rates.len() && m > 0 && !unverified && Some(s) == plain_scale {
                    prop_assert!(used);
                }
            }
        }
    }

    #[test]
    fn the_built_in_tables_give_sums_within_their_rows() {
        let tables = RateTables::builtin().expect("built-in tables");
        let day = |y, m, d| day_number(NaiveDate::from_ymd_opt(y, m, d).expect("a date"));
        for scheme in [
            crate::interest::Scheme::NlCommercial,
            crate::interest::Scheme::NlStatutory,
        ] {
            let schedule = tables.schedule(scheme);
            assert!(
                schedule.rate_days(day(2016, 3, 2), day(2017, 3, 2)).is_some(),
                "{scheme:?}"
            );
            // Before the table, past it (provisional) and an empty run: none.
            assert_eq!(schedule.rate_days(day(2014, 12, 1), day(2015, 3, 2)), None);
            assert_eq!(schedule.rate_days(day(2026, 12, 1), day(2027, 3, 2)), None);
            assert_eq!(schedule.rate_days(day(2016, 3, 2), day(2016, 3, 2)), None);
        }
        // A table of two centuries: sums over its latest days.
        let long =
            RateTable::parse_user_csv("1850-01-01,5\n2020-01-01,6\n2025-01-01,7\n", "long.csv").expect("a table");
        let schedule = Schedule::new(crate::interest::Scheme::BeCommercial, &long);
        let sum = schedule.rate_days(day(2024, 12, 31), day(2025, 1, 2));
        assert_eq!(sum.map(|s| (s.mantissa, s.scale)), Some((13, 0)));
        assert_eq!(schedule.rate_days(day(1900, 1, 1), day(1900, 1, 2)), None);
    }
}
