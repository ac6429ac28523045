//! Worked examples for the accrual, hand-computed in the comments (never taken from the
//! code's own output). Rates come from the shipped tables; their sources are in the CSVs.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::money::Currency;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn cents(x: Decimal) -> Decimal {
    Currency::EUR.round(x)
}

/// `actual` equals the exact fraction `num / den` up to Decimal's 28 digits.
fn assert_fraction(actual: Decimal, num: &str, den: &str) {
    let expected = d(num) / d(den);
    assert!(
        (actual - expected).abs() < d("0.000000000000000001"),
        "{actual} != {num}/{den} = {expected}"
    );
}

fn fixed(rate: &str, compound: bool) -> InterestRule {
    InterestRule::Fixed {
        rate: d(rate),
        compound,
    }
}

/// The built-in tables, made once: an accrual borrows its scheme's schedule.
fn tables() -> &'static RateTables {
    static TABLES: std::sync::LazyLock<RateTables> = std::sync::LazyLock::new(|| RateTables::builtin().unwrap());
    &TABLES
}

fn accrual(rule: InterestRule, first: NaiveDate, principal: &str) -> Accrual<'static> {
    Accrual::new(&rule, tables(), first, d(principal))
}

#[test]
fn due_jan_31_paid_feb_15_bears_15_days() {
    // Due 2025-01-31, so interest from 2025-02-01; paid in full on 2025-02-15, which still
    // bears interest: 1-15 February = 15 days. 1,000 x 8% x 15/365 = 120,000/36,500 = 3.2877.
    let mut acc = accrual(fixed("8", false), day(2025, 2, 1), "1000");
    acc.advance_through(day(2025, 2, 15)).unwrap();
    assert_eq!(acc.reduce_principal(d("1000")), Decimal::ZERO);
    acc.advance_through(day(2025, 3, 31)).unwrap();
    assert_fraction(acc.interest(), "120000", "36500");
    assert_eq!(cents(acc.interest()), d("3.29"));
    let p = acc.periods();
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].from, p[0].to, p[0].days), (day(2025, 2, 1), day(2025, 2, 16), 15));
}

#[test]
fn published_example_anleiter() {
    // anleiter.de/wie-berechnet-man-verzugszinsen: 1,000.00 EUR, 25 days at 5.12% ->
    // "3.51 €". 1,000 x 5.12 x 25 / 36,500 = 128,000/36,500 = 3.5068 -> 3.51.
    let mut acc = accrual(fixed("5.12", false), day(2025, 3, 1), "1000");
    acc.advance_through(day(2025, 3, 25)).unwrap();
    assert_fraction(acc.interest(), "128000", "36500");
    assert_eq!(cents(acc.interest()), d("3.51"));
}

#[test]
fn leap_year_still_divides_by_365() {
    // 2024 has 366 days; the spec counts actual/365: 1,000 x 8 x 366 / 36,500
    // = 2,928,000/36,500 = 80.2192 -> 80.22 (not 80.00).
    let mut acc = accrual(fixed("8", false), day(2024, 1, 1), "1000");
    acc.advance_through(day(2024, 12, 31)).unwrap();
    assert_eq!(acc.periods()[0].days, 366);
    assert_fraction(acc.interest(), "2928000", "36500");
    assert_eq!(cents(acc.interest()), d("80.22"));
}

#[test]
fn nl_commercial_rate_change_on_2023_07_01() {
    // Handelsrente 10.50 from 2023-01-01 (abenslag.nl), 12.00 from 2023-07-01 (watsonlaw.nl).
    // 10,000 from 2023-06-01 to 2023-08-31:
    //   1-30 June, 30 days x 10.50%: 10,000 x 10.5 x 30 / 36,500 = 3,150,000/36,500 = 86.3014
    //   1 July-31 August, 62 days x 12%: 10,000 x 12 x 62 / 36,500 = 7,440,000/36,500 = 203.8356
    //   total 10,590,000/36,500 = 290.1370 -> 290.14
    let mut acc = accrual(InterestRule::Statutory(Scheme::NlCommercial), day(2023, 6, 1), "10000");
    acc.advance_through(day(2023, 8, 31)).unwrap();
    let p = acc.periods();
    assert_eq!(p.len(), 2);
    assert_eq!(
        (p[0].days, p[0].rate, p[1].days, p[1].rate),
        (30, d("10.50"), 62, d("12.00"))
    );
    assert_fraction(p[0].interest, "3150000", "36500");
    assert_fraction(acc.interest(), "10590000", "36500");
    assert_eq!(cents(acc.interest()), d("290.14"));
    assert!(!acc.used_unverified());
}

#[test]
fn nl_statutory_capitalises_each_full_year() {
    // Wettelijke rente 2% throughout 2015-2016 (Stb. 2014/491). 1,000 due 2014-12-31.
    //   2015 (365 days): 1,000 x 2 x 365 / 36,500 = 20, added to the principal on 2016-01-01
    //   (art. 6:119 lid 2 BW): principal 1,020.
    //   2016 (366 days): 1,020 x 2 x 366 / 36,500 = 746,640/36,500 = 20.4559, outstanding.
    let mut acc = accrual(InterestRule::Statutory(Scheme::NlStatutory), day(2015, 1, 1), "1000");
    acc.advance_through(day(2016, 12, 31)).unwrap();
    assert_eq!(acc.capitalised(), d("20"));
    assert_eq!(acc.principal(), d("1020"));
    assert_fraction(acc.interest(), "746640", "36500");
    let p = acc.periods();
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].to, p[0].days, p[0].capitalised), (day(2016, 1, 1), 365, true));
    assert_eq!((p[1].principal, p[1].days, p[1].capitalised), (d("1020"), 366, false));
    // The second year's interest is added on 2017-01-01, before that day's interest:
    // principal 1,020 + 20.4559 = 1,040.4559; one day: 1,040.4559 x 2 / 36,500 = 0.0570.
    acc.advance_through(day(2017, 1, 1)).unwrap();
    assert_eq!(cents(acc.principal()), d("1040.46"));
    assert_eq!(cents(acc.interest()), d("0.06"));
}

#[test]
fn compound_yearly_fixed_matches_the_textbook_example() {
    // lessonup.com/nl/lesson/g9szCLPTA6KbrQH5y: 1,000 at 1% compounded over 3 years:
    // "10 + 10,10 + 10,20 = 30,30". With 365-day years (2017-2019) this is exact:
    //   2017: 1,000 x 1 x 365 / 36,500 = 10; 2018: 1,010 x 1% = 10.10; 2019: 1,020.10 x 1% = 10.201
    let mut acc = accrual(fixed("1", true), day(2017, 1, 1), "1000");
    acc.advance_through(day(2019, 12, 31)).unwrap();
    assert_eq!(acc.accrued(), d("30.301"));
    assert_eq!(acc.capitalised(), d("20.10"));
    assert_eq!(acc.principal(), d("1020.10"));
    assert_eq!(acc.interest(), d("10.201"));
    assert_eq!(cents(acc.accrued()), d("30.30"));
}

#[test]
fn partial_payment_in_the_legal_order() {
    // Art. 6:44 BW: interest first. 1,000 at 10% from 2025-01-01; 100 paid on 2025-01-31.
    //   January, 31 days: 1,000 x 10 x 31 / 36,500 = 310,000/36,500 = 8.4932 (paid first)
    //   the rest 100 - 8.4932 = 91.5068 lowers the principal to 908.4932 from 1 February
    //   1 February-1 March, 29 days: 908.4932 x 10 x 29 / 36,500 = 7.2182 -> 7.22
    let mut acc = accrual(fixed("10", false), day(2025, 1, 1), "1000");
    acc.advance_through(day(2025, 1, 31)).unwrap();
    let rest = acc.pay_interest(d("100"));
    assert_eq!(acc.reduce_principal(rest), Decimal::ZERO);
    acc.advance_through(day(2025, 3, 1)).unwrap();
    // principal = 900 + 310,000/36,500 exactly
    assert!((acc.principal() - (d("900") + d("310000") / d("36500"))).abs() < d("0.000000000000000001"));
    assert_eq!(cents(acc.principal()), d("908.49"));
    assert_eq!(cents(acc.interest()), d("7.22"));
    assert_eq!(acc.periods().len(), 2);
}

#[test]
fn partial_payment_principal_first() {
    // Same claim, 100 paid on 2025-01-31 against the principal: 900 from 1 February.
    //   January 310,000/36,500 = 8.4932; February-1 March 900 x 10 x 29 / 36,500
    //   = 261,000/36,500 = 7.1507; total 571,000/36,500 = 15.6438 -> 15.64
    let mut acc = accrual(fixed("10", false), day(2025, 1, 1), "1000");
    acc.advance_through(day(2025, 1, 31)).unwrap();
    acc.reduce_principal(d("100"));
    acc.advance_through(day(2025, 3, 1)).unwrap();
    assert_eq!(acc.principal(), d("900"));
    assert_fraction(acc.interest(), "571000", "36500");
    assert_eq!(cents(acc.interest()), d("15.64"));
}

#[test]
fn a_payment_on_the_last_day_of_a_year_comes_before_capitalisation() {
    // 1,000 at 10% compounded from 2025-01-01: 2025 is 365 days -> exactly 100 interest,
    // paid on 2025-12-31. Nothing is left to add to the principal on 2026-01-01.
    let mut acc = accrual(fixed("10", true), day(2025, 1, 1), "1000");
    acc.advance_through(day(2025, 12, 31)).unwrap();
    assert_eq!(acc.interest(), d("100"));
    assert_eq!(acc.pay_interest(d("100")), Decimal::ZERO);
    acc.advance_through(day(2026, 1, 1)).unwrap();
    assert_eq!((acc.capitalised(), acc.principal()), (Decimal::ZERO, d("1000")));
    assert_fraction(acc.interest(), "10000", "36500"); // one day: 1,000 x 10 / 36,500
}

#[test]
fn unpaid_interest_is_capitalised_even_after_the_principal_is_paid() {
    // Principal-first order: 1,000 at 10% compounded from 2025-01-01, principal paid on
    // 2025-06-30. Interest 1 January-30 June, 181 days: 1,000 x 10 x 181 / 36,500
    // = 1,810,000/36,500 = 49.5890, unpaid; on 2026-01-01 it becomes principal and bears
    // interest: January 2026, 31 days: 49.5890 x 10 x 31 / 36,500 = 0.4212 -> 0.42.
    let mut acc = accrual(fixed("10", true), day(2025, 1, 1), "1000");
    acc.advance_through(day(2025, 6, 30)).unwrap();
    acc.reduce_principal(d("1000"));
    acc.advance_through(day(2026, 1, 31)).unwrap();
    assert_fraction(acc.capitalised(), "1810000", "36500");
    assert_eq!(cents(acc.principal()), d("49.59"));
    assert_eq!(cents(acc.interest()), d("0.42"));
}

#[test]
fn german_schemes_are_simple_and_add_their_points() {
    // de-commercial = Basiszins + 9 (§288 Abs. 2 BGB): 1.62 + 9 = 10.62 to 2023-06-30,
    // 3.12 + 9 = 12.12 from 2023-07-01 (Bundesbank via vdwbayern.de). 1,000 from 2023-06-15:
    //   15-30 June, 16 days: 1,000 x 10.62 x 16 / 36,500 = 169,920/36,500 = 4.6553
    //   1-14 July, 14 days: 1,000 x 12.12 x 14 / 36,500 = 169,680/36,500 = 4.6488
    //   total 339,600/36,500 = 9.3041 -> 9.30
    let mut acc = accrual(InterestRule::Statutory(Scheme::DeCommercial), day(2023, 6, 15), "1000");
    acc.advance_through(day(2023, 7, 14)).unwrap();
    assert_fraction(acc.interest(), "339600", "36500");
    assert_eq!(cents(acc.interest()), d("9.30"));
    // No compounding (§289 BGB), even over more than a year.
    let mut acc = accrual(InterestRule::Statutory(Scheme::DeConsumer), day(2023, 1, 1), "1000");
    acc.advance_through(day(2024, 3, 1)).unwrap();
    assert_eq!((acc.capitalised(), acc.principal()), (Decimal::ZERO, d("1000")));
}

#[test]
fn unverified_rates_are_reported() {
    // nl-statutory 2026-07-01 (4%) is marked UNVERIFIED in the shipped table.
    let mut acc = accrual(InterestRule::Statutory(Scheme::NlStatutory), day(2026, 7, 1), "1000");
    acc.advance_through(day(2026, 7, 31)).unwrap();
    assert!(acc.used_unverified());
    assert_eq!(acc.periods()[0].status, RateStatus::Unverified);
    let mut acc = accrual(InterestRule::Statutory(Scheme::NlStatutory), day(2024, 1, 1), "1000");
    acc.advance_through(day(2024, 12, 31)).unwrap();
    assert!(!acc.used_unverified());
}

#[test]
fn past_the_table_the_last_rate_is_carried_forward_provisionally() {
    // The shipped nl-commercial table's last row is 2026-07-01 (10.40), valid to 2026-12-31;
    // 2027 carries 10.40 forward. 1 December 2026 to 10 January 2027 is 31 + 10 = 41 days:
    // 1,000 x 10.4 x 41 / 36,500 = 426,400/36,500 = 11.6822.
    let mut acc = accrual(InterestRule::Statutory(Scheme::NlCommercial), day(2026, 12, 1), "1000");
    acc.advance_through(day(2027, 1, 10)).unwrap();
    assert_fraction(acc.interest(), "426400", "36500");
    let marks: Vec<_> = acc.periods().iter().map(|p| (p.from, p.days, p.provisional)).collect();
    assert_eq!(marks, vec![(day(2026, 12, 1), 31, false), (day(2027, 1, 1), 10, true)]);
    assert_eq!(
        acc.provisional(),
        Some(Provisional {
            scheme: Scheme::NlCommercial,
            from: day(2027, 1, 1),
            rate: d("10.40")
        })
    );
    // Within the table nothing is provisional.
    let mut acc = accrual(InterestRule::Statutory(Scheme::NlCommercial), day(2026, 1, 1), "1000");
    acc.advance_through(day(2026, 12, 31)).unwrap();
    assert_eq!(acc.provisional(), None);
}

#[test]
fn a_users_one_row_table_is_followed_by_carry_forward_and_compounds() {
    // A user adds 2027-01-01 at 11%: it holds to 2027-06-30, and is carried forward after.
    // First day 2027-01-01, compounded yearly: year 1 at 11% on 1,000 = 110 (365 days);
    // 2028-01-01 to 2028-01-31 on 1,110: 1,110 x 11 x 31 / 36,500 = 378,510/36,500.
    let mine = RateTable::parse_user_csv("2027-01-01,11\n", "mine.csv").unwrap();
    let tables = RateTables::builtin()
        .unwrap()
        .with_user_table(Scheme::NlCommercial, &mine);
    let rule = InterestRule::Statutory(Scheme::NlCommercial);
    let mut acc = Accrual::new(&rule, &tables, day(2027, 1, 1), d("1000"));
    acc.advance_through(day(2028, 1, 31)).unwrap();
    assert_eq!(acc.capitalised(), d("110"));
    assert_fraction(acc.interest(), "378510", "36500");
    assert_eq!(acc.provisional().map(|p| p.from), Some(day(2027, 7, 1)));
}

#[test]
fn a_day_before_the_table_is_an_error() {
    let mut acc = accrual(InterestRule::Statutory(Scheme::BeCommercial), day(2014, 12, 1), "1000");
    let err = acc.advance_through(day(2015, 1, 31)).unwrap_err();
    assert!(matches!(
        err,
        RateError::BeforeTable {
            scheme: Some(Scheme::BeCommercial),
            ..
        }
    ));
    assert_eq!(acc.accrued(), Decimal::ZERO);
}

#[test]
fn advancing_backwards_or_to_the_first_day_does_nothing() {
    let mut acc = accrual(fixed("8", false), day(2025, 2, 1), "1000");
    acc.advance_to(day(2025, 2, 1)).unwrap();
    acc.advance_to(day(2024, 1, 1)).unwrap();
    assert!(acc.periods().is_empty());
    assert_eq!(acc.accrued_until(), day(2025, 2, 1));
    // advance_to is exclusive: to 2025-02-03 accrues 1 and 2 February only.
    acc.advance_to(day(2025, 2, 3)).unwrap();
    assert_eq!(acc.periods()[0].days, 2);
}

#[test]
fn anniversaries_of_29_february() {
    // First day 2024-02-29: anniversaries 2025-02-28, 2026-02-28 (counted from the first day).
    // 1,000 at 10% compounded: 2024-02-29 .. 2025-02-27 is 365 days -> 100, capitalised on
    // 2025-02-28.
    let mut acc = accrual(fixed("10", true), day(2024, 2, 29), "1000");
    acc.advance_through(day(2025, 2, 28)).unwrap();
    assert_eq!(acc.capitalised(), d("100"));
    assert_eq!(acc.periods()[0].days, 365);
}

#[test]
fn overpayments_are_returned() {
    let mut acc = accrual(fixed("8", false), day(2025, 2, 1), "100");
    assert_eq!(acc.reduce_principal(d("150")), d("50"));
    assert_eq!(acc.pay_interest(d("5")), d("5"));
    assert_eq!(acc.principal(), Decimal::ZERO);
}
