//! The interest stepper: one [`Accrual`] per invoice, driven day by day by the evaluation.
//!
//! See the module documentation of [`crate::interest`] for the day convention.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::RateError;
use super::row::RateStatus;
use super::scaled::Scaled;
use super::schedule::{date_of, day_number, DayNumber, Schedule, Stretch};
use super::schemes::{AppliedRate, RateTables};
use super::{InterestRule, Scheme};

mod anniversary;
mod run;

/// 365 days x 100 (rates are in percent): actual/365, also in leap years.
const DAYS_PERCENT: Decimal = Decimal::from_parts(36_500, 0, 0, false, 0);

/// Interest stops accruing, with [`RateError::TooLarge`], before it passes 10^18: with
/// amounts below 10^15 and rates at most 1000%, only centuries of compounding get there, and
/// the limit keeps every later sum far from what a `Decimal` holds.
/// It is checked in the numerator form the stepper keeps: 10^18 x [`DAYS_PERCENT`].
pub const MAX_INTEREST_X: Decimal = Decimal::from_parts(0x3dd0_0000, 0xab41_46b6, 0x7ba, false, 0);

/// A stretch of days with one principal and one rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// First day bearing interest.
    pub from: NaiveDate,
    /// First day after the period (exclusive).
    pub to: NaiveDate,
    /// Number of days, `to - from`.
    pub days: i64,
    /// The principal interest was computed on (including capitalised interest).
    pub principal: Decimal,
    /// The yearly rate in percent.
    pub rate: Decimal,
    /// `principal x rate / 100 x days / 365`, unrounded.
    pub interest: Decimal,
    /// The status of the rate table row (`Unstated` for a fixed rate).
    pub status: RateStatus,
    /// The rate is carried forward past the end of its table (see [`Provisional`]).
    pub provisional: bool,
    /// Whether, at the end of this period (on `to`), the interest then outstanding was added to
    /// the principal (yearly compounding).
    pub capitalised: bool,
}

/// A scheme's rate used past the end of its table: the last known rate, carried forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provisional {
    /// The scheme whose table ended.
    pub scheme: Scheme,
    /// The first day its table does not cover.
    pub from: NaiveDate,
    /// The rate carried forward (margin included), in percent.
    pub rate: Decimal,
}

/// Where an accrual's rate comes from.
#[derive(Debug, Clone)]
enum Pricing<'a> {
    /// `interest fixed PERCENT`: one stretch for all days.
    Fixed(Stretch),
    /// A statutory scheme's schedule (borrowed: cloning its shared parts per invoice was a
    /// tenth of starting an accrual), and the stretch the last lookup found (past the end
    /// before the first: most accruals never look one up, see [`Pricing::rate_days`]).
    Table { schedule: &'a Schedule, at: usize },
}

impl Pricing<'_> {
    /// The stretch holding `day`; days only move forward, so a table's is found by stepping.
    #[inline]
    fn stretch(&mut self, day: DayNumber) -> Result<&Stretch, RateError> {
        match self {
            Pricing::Fixed(stretch) => Ok(stretch),
            Pricing::Table { schedule, at } => schedule.stretch(day, at),
        }
    }

    /// The scale of every sum [`Self::rate_days`] gives; `None` for a fixed rate it gives
    /// none for.
    #[inline]
    fn sum_scale(&self) -> Option<u32> {
        match self {
            Pricing::Fixed(stretch) => stretch.factor.map(|f| f.scale),
            Pricing::Table { schedule, .. } => Some(schedule.sum_scale()),
        }
    }

    /// The sum of rate × days over `from..end` (`from < end`) as the integer steps add it
    /// stretch by stretch, when one product or a table's running sums give it (see
    /// [`Schedule::rate_days`]): a fixed rate that is positive and within 64 bits, or days of
    /// a table's plain rates.
    #[inline]
    fn rate_days(&self, from: DayNumber, end: DayNumber) -> Option<Scaled> {
        match self {
            Pricing::Fixed(stretch) => {
                let rate = stretch.factor?;
                // 64 x 32 bits: the product fits.
                let days = u128::from(u32::try_from(end - from).ok()?);
                Some(Scaled {
                    mantissa: u128::from(rate.mantissa) * days,
                    scale: rate.scale,
                })
            }
            Pricing::Table { schedule, .. } => schedule.rate_days(from, end),
        }
    }
}

/// What the rates of the days accrued said besides their value.
#[derive(Debug, Clone, Copy, Default)]
struct Notes {
    /// A rate was marked UNVERIFIED in its table.
    unverified: bool,
    /// The first rate carried past the end of its table.
    provisional: Option<Provisional>,
}

impl Notes {
    /// These notes and those of `rate`, a rate of `pricing`.
    fn with(mut self, rate: &AppliedRate, pricing: &Pricing<'_>) -> Notes {
        self.unverified |= rate.status == RateStatus::Unverified;
        if let (true, None, Pricing::Table { schedule, .. }) = (rate.provisional, self.provisional, pricing) {
            self.provisional = Some(Provisional {
                scheme: schedule.scheme(),
                from: rate.from,
                rate: rate.rate,
            });
        }
        self
    }
}

/// The interest of one invoice, accrued step by step (see [`crate::interest`]).
#[derive(Debug, Clone)]
pub struct Accrual<'a> {
    pricing: Pricing<'a>,
    compound: bool,
    first_day: NaiveDate,
    /// The first day not yet accrued, as a day number (see [`DayNumber`]).
    next_day: DayNumber,
    principal: Decimal,
    /// Outstanding interest times [`DAYS_PERCENT`]: each period adds `principal x rate x days`
    /// exactly, and the one division happens when the interest is read, paid or capitalised
    /// (a division per period was the costliest step of evaluating a book).
    interest_x: Decimal,
    capitalised: Decimal,
    /// Interest paid so far.
    paid: Decimal,
    /// What the outstanding interest (in the numerator form) may grow to before all interest
    /// accrued passes [`MAX_INTEREST_X`]: the limit less what was paid or capitalised.
    room_x: Decimal,
    periods: Vec<Period>,
    /// Whether to record [`Period`]s; off for the plan of a whole book (only `explain`
    /// shows them, and a vector per invoice was a measurable share of evaluation).
    keep_periods: bool,
    notes: Notes,
    /// The first anniversary after the days passed so far, and which (years after the first
    /// day; see [`Self::next_anniversary_after`]): calendar arithmetic per step was a tenth
    /// of evaluating a book.
    anniversary: DayNumber,
    anniversary_years: u32,
    /// Decimals capitalised interest is rounded to (the currency's minor unit): it becomes
    /// principal, a recorded amount. `None` keeps it exact.
    minor_units: Option<u32>,
}

impl<'a> Accrual<'a> {
    /// An accrual under `rule` for `principal`, bearing interest from `first_day` (the day
    /// after the due date). Statutory schemes take their table from `tables`.
    pub fn new(rule: &InterestRule, tables: &'a RateTables, first_day: NaiveDate, principal: Decimal) -> Accrual<'a> {
        let (compound, next_day) = (rule.compounds_yearly(), day_number(first_day));
        let pricing = match rule {
            InterestRule::Fixed { rate, .. } => Pricing::Fixed(Stretch::new(
                day_number(NaiveDate::MIN),
                day_number(NaiveDate::MAX),
                AppliedRate {
                    rate: *rate,
                    status: RateStatus::Unstated,
                    from: NaiveDate::MIN,
                    until: NaiveDate::MAX,
                    provisional: false,
                },
            )),
            InterestRule::Statutory(scheme) => {
                let schedule = tables.schedule(*scheme);
                Pricing::Table {
                    schedule,
                    at: usize::MAX,
                }
            }
        };
        // The first anniversary (none without compounding), found here, not by a search.
        let (anniversary, anniversary_years) = match compound {
            true => (anniversary::following(first_day, 0, next_day), 1),
            false => (day_number(NaiveDate::MAX), 0),
        };
        Accrual {
            pricing,
            compound,
            first_day,
            next_day,
            principal,
            interest_x: Decimal::ZERO,
            capitalised: Decimal::ZERO,
            paid: Decimal::ZERO,
            room_x: MAX_INTEREST_X,
            periods: Vec::new(),
            keep_periods: true,
            notes: Notes::default(),
            anniversary,
            anniversary_years,
            minor_units: None,
        }
    }

    /// The same accrual, rounding interest to `minor_units` decimals (half up) when it is
    /// added to the principal at a yearly capitalisation.
    pub fn rounding_to(mut self, minor_units: u32) -> Accrual<'a> {
        self.minor_units = Some(minor_units);
        self
    }

    /// The same accrual, recording no [`Period`]s: [`Self::periods`] stays empty, totals
    /// are unchanged.
    pub fn without_periods(mut self) -> Accrual<'a> {
        self.keep_periods = false;
        self
    }

    /// Accrues interest for every day from [`Self::accrued_until`] up to but not including
    /// `day`; a `day` already passed does nothing. Capitalises at each anniversary of the first
    /// day when compounding. On an error (no rate for a day) the days before it stay accrued.
    pub fn advance_to(&mut self, day: NaiveDate) -> Result<(), RateError> {
        self.advance_to_number(day_number(day))
    }

    /// [`Self::advance_to`] a day number. Inlined: most calls find the day already accrued
    /// (a claim is advanced at each of its events).
    #[inline]
    fn advance_to_number(&mut self, day: DayNumber) -> Result<(), RateError> {
        match self.next_day < day {
            true => self.accrue_to(day),
            false => Ok(()),
        }
    }

    /// [`Self::advance_to_number`] a day not yet reached: in integers as far as they give the
    /// very figures `Decimal` gives (nearly always; see [`run`]), step by step in `Decimal`
    /// where not.
    #[inline(never)]
    fn accrue_to(&mut self, day: DayNumber) -> Result<(), RateError> {
        while self.next_day < day {
            if !self.run_in_integers(day) {
                self.step_by_decimal(day)?;
            }
        }
        Ok(())
    }

    /// One step towards `day` in `Decimal`, if `day` is not reached: the capitalisation due
    /// on the first day not accrued, then the days up to the next boundary. Out of line and
    /// cold: rarely taken once the integers run, and inlined it crowded their registers.
    #[cold]
    #[inline(never)]
    fn step_by_decimal(&mut self, day: DayNumber) -> Result<(), RateError> {
        if self.next_day < day {
            self.capitalise_if_due();
            self.next_day = self.step(day)?;
        }
        Ok(())
    }

    /// Accrues interest up to and including `day`: call it with a payment's date before
    /// applying the payment, and with the evaluation date before reading the totals.
    #[inline]
    pub fn advance_through(&mut self, day: NaiveDate) -> Result<(), RateError> {
        // The day after, or `day` itself at the end of the calendar.
        let day = day_number(day);
        self.advance_to_number(day.saturating_add(1).min(day_number(NaiveDate::MAX)).max(day))
    }

    /// Lowers the principal by `amount` from [`Self::accrued_until`] on; returns the part of
    /// `amount` beyond the principal (an overpayment), which is not applied.
    pub fn reduce_principal(&mut self, amount: Decimal) -> Decimal {
        if let Some((principal, left)) = super::fixed::take_up_to(self.principal, amount) {
            self.principal = principal;
            return left;
        }
        let applied = amount.min(self.principal).max(Decimal::ZERO);
        self.principal -= applied;
        amount - applied
    }

    /// Pays outstanding interest with `amount`; returns what is left of `amount`.
    pub fn pay_interest(&mut self, amount: Decimal) -> Decimal {
        let applied = self.take_interest(amount);
        self.paid += applied;
        amount - applied
    }

    /// Takes up to `amount` off the outstanding interest; returns how much it took.
    fn take_interest(&mut self, amount: Decimal) -> Decimal {
        let outstanding = self.interest();
        let taken = amount.min(outstanding).max(Decimal::ZERO);
        self.interest_x = match taken == outstanding {
            // Exactly zero, not the residue of a division.
            true => Decimal::ZERO,
            false => self.interest_x - taken * DAYS_PERCENT,
        };
        self.room_x -= taken * DAYS_PERCENT;
        taken
    }

    /// The principal interest now runs on: the invoice's open principal plus capitalised
    /// interest, minus reductions. Unrounded.
    pub fn principal(&self) -> Decimal {
        self.principal
    }

    /// Accrued interest not yet paid or capitalised. Unrounded.
    pub fn interest(&self) -> Decimal {
        self.interest_x / DAYS_PERCENT
    }

    /// [`Self::interest`] rounded half away from zero to `dp` decimals: in integers when
    /// that gives the same `Decimal` (see [`super::fixed`]), which it nearly always does.
    pub fn interest_rounded(&self, dp: u32) -> Decimal {
        super::fixed::round_interest(self.interest_x, dp).unwrap_or_else(|| {
            self.interest()
                .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        })
    }

    /// [`Self::accrued`] rounded half away from zero to `dp` decimals (the same value; the
    /// scale may be lower): in integers when provably the same (see [`super::fixed`]), which
    /// spares a division per invoice.
    pub fn accrued_rounded(&self, dp: u32) -> Decimal {
        super::fixed::round_accrued(self.interest_x, self.capitalised, self.paid, dp).unwrap_or_else(|| {
            self.accrued()
                .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        })
    }

    /// All interest added to the principal so far by yearly compounding.
    pub fn capitalised(&self) -> Decimal {
        self.capitalised
    }

    /// All interest accrued so far (paid, capitalised or outstanding).
    pub fn accrued(&self) -> Decimal {
        self.capitalised + self.interest() + self.paid
    }

    /// The accrued periods in date order, split at rate changes, capitalisations and principal
    /// changes (periods with no principal are left out).
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// Whether any accrued day used a rate marked UNVERIFIED in its table.
    pub fn used_unverified(&self) -> bool {
        self.notes.unverified
    }

    /// Whether any accrued day used a rate past the end of its table, and which: the
    /// evaluation warns once per scheme (nothing stops, the figures are provisional).
    pub fn provisional(&self) -> Option<Provisional> {
        self.notes.provisional
    }

    /// The first day bearing interest.
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    /// The first day not yet accrued (days before it are done).
    pub fn accrued_until(&self) -> NaiveDate {
        date_of(self.next_day)
    }

    /// Accrues from `next_day` to the next boundary before `day`; returns that boundary.
    fn step(&mut self, day: DayNumber) -> Result<DayNumber, RateError> {
        let (end, rate) = self.boundary(day, self.principal.is_zero(), self.interest_x.is_zero())?;
        if let Some(rate) = rate {
            self.accrue(end, rate)?;
        }
        Ok(end)
    }

    /// The next boundary from `next_day` before `day` (a rate change, an anniversary, `day`),
    /// and the rate the days up to it bear: none when no principal bears interest.
    fn boundary(
        &mut self,
        day: DayNumber,
        no_principal: bool,
        no_interest: bool,
    ) -> Result<(DayNumber, Option<AppliedRate>), RateError> {
        let anniversary = self.next_anniversary_after(self.next_day);
        if no_principal {
            // Nothing bears interest; only a capitalisation of unpaid interest can change that.
            return Ok((if no_interest { day } else { day.min(anniversary) }, None));
        }
        let stretch = *self.pricing.stretch(self.next_day)?;
        Ok((day.min(stretch.until).min(anniversary), Some(stretch.rate)))
    }

    /// Adds the interest of `next_day .. end` at `rate`, unless the total would pass
    /// [`MAX_INTEREST_X`].
    fn accrue(&mut self, end: DayNumber, rate: AppliedRate) -> Result<(), RateError> {
        let days = i64::from(end - self.next_day);
        self.interest_x = super::fixed::add_product(self.interest_x, self.principal, rate.rate, days, self.room_x)
            .ok_or_else(|| RateError::TooLarge {
                day: date_of(self.next_day),
            })?;
        self.note_rate(&rate);
        if !self.keep_periods {
            return Ok(());
        }
        // The period's own interest, for `explain` only: the product [`super::fixed::add_product`] added.
        let interest = self.principal * (rate.rate * Decimal::from(days)) / DAYS_PERCENT;
        self.push(Period {
            from: date_of(self.next_day),
            to: date_of(end),
            days,
            principal: self.principal,
            rate: rate.rate,
            interest,
            status: rate.status,
            provisional: rate.provisional,
            capitalised: false,
        });
        Ok(())
    }

    /// Notes an unverified or provisional rate the days accrued bore.
    fn note_rate(&mut self, rate: &AppliedRate) {
        self.notes = self.notes.with(rate, &self.pricing);
    }

    /// Appends `period`, merging it into the previous one when nothing changed between them.
    fn push(&mut self, period: Period) {
        if !self.keep_periods {
            return;
        }
        if let Some(last) = self.periods.last_mut() {
            let same = last.to == period.from
                && !last.capitalised
                && (last.principal, last.rate, last.status, last.provisional)
                    == (period.principal, period.rate, period.status, period.provisional);
            if same {
                last.to = period.to;
                last.days += period.days;
                last.interest += period.interest;
                return;
            }
        }
        self.periods.push(period);
    }

    /// On an anniversary of the first day (compounding only), moves the outstanding interest
    /// into the principal: art. 6:119 lid 2 / 6:119a lid 3 BW.
    fn capitalise_if_due(&mut self) {
        let today = self.next_day;
        if !self.anniversary_due() {
            return;
        }
        let interest = match self.minor_units {
            Some(dp) => self.interest_rounded(dp),
            None => self.interest(),
        };
        self.principal += interest;
        self.capitalised += interest;
        // The fraction of a cent rounding leaves is dropped: the capitalised amount is the
        // year's interest as recorded, and nothing of that year stays outstanding.
        self.room_x -= self.interest_x;
        self.interest_x = Decimal::ZERO;
        if let Some(last) = self.periods.last_mut().filter(|p| p.to == date_of(today)) {
            last.capitalised = true;
        }
    }

    /// Whether the first day not accrued is an anniversary of the first day (compounding only).
    #[inline(always)]
    fn anniversary_due(&mut self) -> bool {
        let today = self.next_day;
        self.compound && today > day_number(NaiveDate::MIN) && self.next_anniversary_after(today - 1) == today
    }

    /// The first anniversary of the first day strictly after `day`, for days in ascending
    /// order; `NaiveDate::MAX` when not compounding. Anniversary `k >= 1` falls in the year of
    /// the first day plus `k`, counted from the first day each time (a first day of
    /// 29 February gives 28 February in common years); the next is computed only once `day`
    /// reaches the last one found.
    #[inline(always)]
    fn next_anniversary_after(&mut self, day: DayNumber) -> DayNumber {
        if self.anniversary <= day {
            self.find_anniversary_after(day);
        }
        self.anniversary
    }

    /// [`Self::next_anniversary_after`] once `day` reached the last anniversary found (about
    /// once a year of an accrual; the check before it is asked twice a step).
    #[inline(never)]
    fn find_anniversary_after(&mut self, day: DayNumber) {
        while self.anniversary <= day {
            if !self.compound {
                self.anniversary = day_number(NaiveDate::MAX);
                break;
            }
            self.anniversary = anniversary::following(self.first_day, self.anniversary_years, self.anniversary);
            self.anniversary_years = self.anniversary_years.saturating_add(1);
        }
    }
}

/// Changes the evaluation of claims makes besides paying: corrections, reversals, waivers.
impl Accrual<'_> {
    /// Pays the whole outstanding interest with `amount`, its value rounded to the minor unit
    /// (what a letter or status showed): no fraction of a cent stays owed.
    pub fn pay_interest_rounded(&mut self, amount: Decimal) {
        self.paid += amount;
        self.room_x -= self.interest_x;
        self.interest_x = Decimal::ZERO;
    }

    /// Raises the principal by `amount` from [`Self::accrued_until`] on (a payment reversed).
    pub fn add_principal(&mut self, amount: Decimal) {
        self.principal += amount;
    }

    /// Makes `amount` of interest outstanding again (a payment of interest reversed).
    pub fn restore_interest(&mut self, amount: Decimal) {
        self.paid -= amount;
        self.interest_x += amount * DAYS_PERCENT;
        self.room_x += amount * DAYS_PERCENT;
    }

    /// Forgives up to `amount` of outstanding interest (a waiver, or the interest a credited
    /// part never bore); returns the part of `amount` beyond the outstanding interest.
    pub fn forgive_interest(&mut self, amount: Decimal) -> Decimal {
        amount - self.take_interest(amount)
    }

    /// Forgives up to `amount` of capitalised interest still in the principal; returns the
    /// part of `amount` beyond it. `original` is the part of the principal that is not
    /// capitalised interest.
    pub fn forgive_capitalised(&mut self, amount: Decimal, original: Decimal) -> Decimal {
        let capitalised = (self.principal - original).max(Decimal::ZERO);
        let forgiven = amount.min(capitalised).max(Decimal::ZERO);
        self.principal -= forgiven;
        amount - forgiven
    }

    /// Moves on to `day` without accruing the days between (interest stopped meanwhile:
    /// the invoice was settled before any costs were claimed).
    pub fn skip_to(&mut self, day: NaiveDate) {
        let day = day_number(day);
        if self.next_day < day {
            self.next_day = day;
        }
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn the_numerator_limit_is_the_interest_limit_times_days_percent() {
        assert_eq!(MAX_INTEREST_X, Decimal::from(10u64.pow(18)) * DAYS_PERCENT);
    }
}
