//! Running sums of rate × days over a schedule's stretches: the integer steps get the sum
//! over any run of days from the sums at its two ends, not a product per stretch crossed.
//!
//! The integer steps add `rate × days` stretch by stretch, each sum at the largest scale of
//! the rates so far (see `Accrual::rate_days`). Where every stretch crossed is *plain* — a
//! positive rate of the schedule's largest scale, no notes, ending where the next begins —
//! every term is at that scale, so the sum is the difference of two running sums at that
//! scale: the same mantissa and the same scale.

use std::sync::Arc;

use super::{DayNumber, Stretch};
use crate::interest::scaled::Scaled;

/// The running sums of one schedule, stretch by stretch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Running {
    /// The largest scale of the schedule's rates: the scale of every sum.
    scale: u32,
    marks: Arc<[Mark]>,
}

/// What the sums know of one stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    /// Rate × days of the stretches before it (at the schedule's scale), while all of them fit.
    before: u128,
    /// How many stretches before it are not plain.
    irregular_before: u32,
    /// Its rate's mantissa if it is plain.
    factor: Option<u64>,
}

impl Running {
    /// The running sums of `stretches`.
    pub fn of(stretches: &[Stretch]) -> Running {
        let scale = stretches
            .iter()
            .filter_map(|s| s.factor)
            .map(|f| f.scale)
            .max()
            .unwrap_or(0);
        let mut marks = Vec::with_capacity(stretches.len());
        let (mut before, mut irregular_before) = (Some(0u128), 0u32);
        for (i, s) in stretches.iter().enumerate() {
            let contiguous = stretches.get(i + 1).is_none_or(|next| next.from == s.until);
            let factor = s
                .factor
                .filter(|f| f.scale == scale && !s.noted && contiguous)
                .map(|f| f.mantissa)
                .filter(|_| before.is_some());
            marks.push(Mark {
                before: before.unwrap_or(0),
                irregular_before,
                factor,
            });
            match factor {
                Some(f) => {
                    let days = u128::try_from(s.until - s.from).ok();
                    before = before
                        .zip(days)
                        .and_then(|(b, days)| b.checked_add(u128::from(f) * days));
                }
                None => irregular_before += 1,
            }
        }
        Running {
            scale,
            marks: marks.into(),
        }
    }

    /// Rate × days over `from..end` (`from < end`), `from` in stretch `i` of `stretches`
    /// (the ones these sums were made of), and the stretch of the last day; `None` unless
    /// every stretch crossed is plain.
    #[inline]
    pub fn rate_days(
        &self,
        stretches: &[Stretch],
        i: usize,
        from: DayNumber,
        end: DayNumber,
    ) -> Option<(Scaled, usize)> {
        let mut j = i;
        while stretches.get(j + 1).is_some_and(|s| s.from < end) {
            j += 1;
        }
        let (first, last) = (self.marks.get(i)?, self.marks.get(j)?);
        let (a, b) = (stretches.get(i)?, stretches.get(j)?);
        // Both ends plain and none between: every stretch crossed is.
        let (fa, fb) = (first.factor?, last.factor?);
        if first.irregular_before != last.irregular_before || !(a.from <= from && from < end && end <= b.until) {
            return None;
        }
        let at = |m: &Mark, factor: u64, s: &Stretch, day: DayNumber| {
            Some(m.before + u128::from(factor) * u128::try_from(day - s.from).ok()?)
        };
        let sum = at(last, fb, b, end)?.checked_sub(at(first, fa, a, from)?)?;
        Some((
            Scaled {
                mantissa: sum,
                scale: self.scale,
            },
            j,
        ))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::super::{day_number, Schedule};
    use crate::interest::scaled::Scaled;
    use crate::interest::RateTables;

    /// Rate × days over `from..end` in `Decimal`, stretch by stretch, as the steps add it.
    fn by_stretch(schedule: &Schedule, from: i32, end: i32) -> Option<Decimal> {
        let (mut sum, mut day, mut at) = (Decimal::ZERO, from, 0);
        while day < end {
            let s = schedule.stretch(day, &mut at).ok()?;
            let until = end.min(s.until);
            sum = sum.checked_add(s.rate.rate * Decimal::from(until - day))?;
            day = until;
        }
        Some(sum)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Any run of days in or past the built-in tables: the running sums give the sum
        /// stretch by stretch, mantissa and scale, or nothing.
        #[test]
        fn sums_are_the_sums_stretch_by_stretch(
            scheme in 0..RateTables::SCHEMES.len(),
            first in 0i32..6_000,
            days in 1i32..3_000,
            at_start in any::<bool>(),
        ) {
            let tables = RateTables::builtin().expect("built-in tables");
            let schedule = tables.schedule(RateTables::SCHEMES[scheme]);
            let from = day_number(NaiveDate::from_ymd_opt(2014, 6, 1).expect("a date")) + first;
            let mut at = if at_start { 0 } else { schedule.start(from) };
            if let Some(fast) = schedule.rate_days(from, from + days, &mut at) {
                let slow = by_stretch(schedule, from, from + days).expect("a sum");
                prop_assert_eq!((fast.decimal(), fast.scale), (slow, slow.scale()));
                prop_assert_eq!(Scaled::of(slow), Some(fast));
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
            let (from, end) = (day(2016, 3, 2), day(2017, 3, 2));
            let mut at = schedule.start(from);
            assert!(schedule.rate_days(from, end, &mut at).is_some(), "{scheme:?}");
        }
    }
}
