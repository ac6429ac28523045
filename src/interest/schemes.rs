//! The rate tables of the statutory schemes: built into the binary from `data/rates/`,
//! each extended or corrected by a user's own rows (`rates SCHEME "file.csv"` in the rules).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::RateError;
use super::row::RateStatus;
use super::schedule::Schedule;
use super::table::RateTable;
use super::Scheme;

/// `data/rates/nl-commercial.csv`: handelsrente, art. 6:119a / 6:120 lid 2 BW.
const NL_COMMERCIAL: &str = include_str!("../../data/rates/nl-commercial.csv");
/// `data/rates/nl-statutory.csv`: wettelijke rente, art. 6:119 / 6:120 lid 1 BW.
const NL_STATUTORY: &str = include_str!("../../data/rates/nl-statutory.csv");
/// `data/rates/be-commercial.csv`: law of 2 August 2002 art. 5.
const BE_COMMERCIAL: &str = include_str!("../../data/rates/be-commercial.csv");
/// `data/rates/de-basiszins.csv`: Basiszinssatz, §247 BGB.
const DE_BASISZINS: &str = include_str!("../../data/rates/de-basiszins.csv");

/// One table per statutory scheme.
///
/// The Dutch and Belgian tables hold the final rates. The German schemes' tables hold the
/// Basiszins (§247 BGB) and the scheme adds its points ([`Scheme::margin`]): 9 for
/// `de-commercial`, 5 for `de-consumer` (§288 BGB), so a user's table for them holds the
/// Basiszins as the Bundesbank publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTables {
    /// Each scheme's table, as a [`Schedule`] (made once here, not per invoice), in the
    /// order of [`Self::SCHEMES`].
    schedules: [Schedule; 5],
}

/// The rate of a scheme on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppliedRate {
    /// The yearly rate in percent, margin included (e.g. Basiszins + 9).
    pub rate: Decimal,
    /// The status of the table row it comes from.
    pub status: RateStatus,
    /// The first day of the stretch this rate holds: the row's date, or for a provisional
    /// rate the first day the table does not cover.
    pub from: NaiveDate,
    /// The first day the rate no longer holds (next row, the table's end, or
    /// `NaiveDate::MAX` when provisional).
    pub until: NaiveDate,
    /// The day is past the table: the last known rate, carried forward until a newer table
    /// gives the real one.
    pub provisional: bool,
}

impl RateTables {
    /// The tables shipped in `data/rates/`. Fails only if a shipped file is malformed, which
    /// the tests rule out.
    pub fn builtin() -> Result<RateTables, RateError> {
        let german = RateTable::parse_csv(DE_BASISZINS)?;
        let tables = [
            RateTable::parse_csv(NL_COMMERCIAL)?,
            RateTable::parse_csv(NL_STATUTORY)?,
            RateTable::parse_csv(BE_COMMERCIAL)?,
            german.clone(),
            german,
        ];
        Ok(RateTables::of(tables))
    }

    /// The tables of [`Self::SCHEMES`], in that order.
    fn of(tables: [RateTable; 5]) -> RateTables {
        RateTables {
            schedules: std::array::from_fn(|i| Schedule::new(Self::SCHEMES[i], &tables[i])),
        }
    }

    /// These tables with a user's `rates` file for `scheme` merged in: its rows are added to
    /// the built-in ones and replace those of the same date ([`RateTable::merged`]).
    pub fn with_user_table(self, scheme: Scheme, table: &RateTable) -> RateTables {
        let mut schedules = self.schedules;
        for (s, schedule) in Self::SCHEMES.iter().zip(&mut schedules) {
            if *s == scheme {
                *schedule = Schedule::new(scheme, &schedule.table().merged(table));
            }
        }
        RateTables { schedules }
    }

    /// Every scheme, in the order `dun rates` lists them.
    pub const SCHEMES: [Scheme; 5] = [
        Scheme::NlCommercial,
        Scheme::NlStatutory,
        Scheme::BeCommercial,
        Scheme::DeCommercial,
        Scheme::DeConsumer,
    ];

    /// The table `scheme` uses.
    pub fn table(&self, scheme: Scheme) -> &RateTable {
        self.schedule(scheme).table()
    }

    /// The rate of `scheme` on `day`, margin included; an error before its table, provisional
    /// after it.
    pub fn rate_on(&self, scheme: Scheme, day: NaiveDate) -> Result<AppliedRate, RateError> {
        applied(scheme, self.table(scheme), day)
    }

    /// The [`Schedule`] of `scheme`.
    pub(super) fn schedule(&self, scheme: Scheme) -> &Schedule {
        let [nl_commercial, nl_statutory, be_commercial, de_commercial, de_consumer] = &self.schedules;
        match scheme {
            Scheme::NlCommercial => nl_commercial,
            Scheme::NlStatutory => nl_statutory,
            Scheme::BeCommercial => be_commercial,
            Scheme::DeCommercial => de_commercial,
            Scheme::DeConsumer => de_consumer,
        }
    }
}

/// The rate of `scheme` on `day` from `table`, with the scheme's margin added.
pub(super) fn applied(scheme: Scheme, table: &RateTable, day: NaiveDate) -> Result<AppliedRate, RateError> {
    let on = table.rate_on(day).map_err(|e| e.for_scheme(scheme))?;
    Ok(AppliedRate {
        rate: on.row.rate + scheme.margin(),
        status: on.row.status,
        from: on.from,
        until: on.until,
        provisional: on.provisional,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Months;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const ALL: [Scheme; 5] = RateTables::SCHEMES;

    #[test]
    fn builtin_tables_cover_every_half_year_from_2015_to_2026_h2() {
        let tables = RateTables::builtin().unwrap();
        for scheme in ALL {
            let rows = tables.table(scheme).rows();
            for (i, row) in rows.iter().enumerate() {
                let expected = day(2015, 1, 1).checked_add_months(Months::new(6 * i as u32)).unwrap();
                assert_eq!(row.from, expected, "{scheme:?} row {i}");
                assert!(!row.source.is_empty(), "{scheme:?} {} has no source", row.from);
            }
            assert_eq!(tables.table(scheme).last_day(), day(2026, 12, 31), "{scheme:?}");
        }
    }

    #[test]
    fn german_schemes_add_their_points_to_the_basiszins() {
        // §288 BGB: Basiszins 1.62 from 2023-01-01 (Bundesbank) + 9 = 10.62; + 5 = 6.62.
        let tables = RateTables::builtin().unwrap();
        assert_eq!(
            tables.rate_on(Scheme::DeCommercial, day(2023, 3, 1)).unwrap().rate,
            Decimal::new(1062, 2)
        );
        assert_eq!(
            tables.rate_on(Scheme::DeConsumer, day(2023, 3, 1)).unwrap().rate,
            Decimal::new(662, 2)
        );
    }

    #[test]
    fn known_rates_and_statuses() {
        let tables = RateTables::builtin().unwrap();
        let at = |s, d| tables.rate_on(s, d).unwrap();
        // NL handelsrente 12.00 from 2023-07-01 (watsonlaw.nl); wettelijke rente 4 from 2026
        // (BWBR0047640 version list: derived), 4 from 2026-07-01 (formula only: UNVERIFIED).
        assert_eq!(at(Scheme::NlCommercial, day(2023, 7, 1)).rate, Decimal::new(1200, 2));
        assert_eq!(at(Scheme::NlStatutory, day(2026, 2, 1)).status, RateStatus::Derived);
        assert_eq!(at(Scheme::NlStatutory, day(2026, 8, 1)).status, RateStatus::Unverified);
        assert_eq!(at(Scheme::BeCommercial, day(2024, 9, 1)).rate, Decimal::new(125, 1));
    }

    #[test]
    fn a_users_table_adds_to_one_scheme_only() {
        let mine = RateTable::parse_user_csv("2027-01-01,9\n", "mine.csv").unwrap();
        let tables = RateTables::builtin()
            .unwrap()
            .with_user_table(Scheme::DeCommercial, &mine);
        // Basiszins 9 (the user's) + 9 = 18 for de-commercial, not provisional; the built-in
        // rows before it are kept. de-consumer keeps the built-in table alone, carried forward.
        let de = tables.rate_on(Scheme::DeCommercial, day(2027, 2, 1)).unwrap();
        assert_eq!((de.rate, de.provisional), (Decimal::from(18), false));
        let before = tables.rate_on(Scheme::DeCommercial, day(2023, 3, 1)).unwrap();
        assert_eq!(before.rate, Decimal::new(1062, 2));
        let consumer = tables.rate_on(Scheme::DeConsumer, day(2027, 2, 1)).unwrap();
        assert!(consumer.provisional);
    }

    #[test]
    fn past_the_end_the_last_rate_holds_provisionally_and_before_is_an_error() {
        let tables = RateTables::builtin().unwrap();
        let late = tables.rate_on(Scheme::NlCommercial, day(2027, 1, 15)).unwrap();
        let last = tables.table(Scheme::NlCommercial).rows().last().unwrap().rate;
        assert_eq!((late.rate, late.provisional, late.from), (last, true, day(2027, 1, 1)));
        let err = tables.rate_on(Scheme::BeCommercial, day(2014, 12, 31)).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("the rate table for be-commercial starts on 2015-01-01"));
    }
}
