//! Tests of the fee schemes against the statutes' own numbers (hand-computed in comments).

use rust_decimal::Decimal;

use super::*;
use crate::money::{Currency, Money};

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn usd() -> Currency {
    Currency::from_code("USD").unwrap()
}

fn eur(s: &str) -> Money {
    Money::new(d(s), Currency::EUR)
}

fn wik_total(principal: &str) -> Decimal {
    FeeRule::Wik { vat: None }
        .compute(Currency::EUR, &[d(principal)])
        .unwrap()
        .total
}

fn be_total(principals: &[&str]) -> Decimal {
    let ps: Vec<Decimal> = principals.iter().map(|p| d(p)).collect();
    FeeRule::BeConsumer.compute(Currency::EUR, &ps).unwrap().total
}

// --- WIK: Besluit vergoeding voor buitengerechtelijke incassokosten (Stb. 2012/141) art. 2 ---

#[test]
fn wik_floor_of_40() {
    // Art. 2 lid 1: "ten minste € 40". 15% x 100 = 15 < 40 -> 40.
    assert_eq!(wik_total("100"), d("40"));
    // 15% x 266.66 = 39.999 < 40 -> 40; 15% x 266.67 = 40.0005 > 40 -> stays, unrounded.
    assert_eq!(wik_total("266.66"), d("40"));
    assert_eq!(wik_total("266.67"), d("40.0005"));
}

#[test]
fn wik_bracket_boundaries() {
    // a. 15% of the first 2,500: 0.15 x 2,500 = 375.
    assert_eq!(wik_total("2500"), d("375"));
    // b. one cent into the 10% bracket: 375 + 0.10 x 0.01 = 375.001.
    assert_eq!(wik_total("2500.01"), d("375.001"));
    // b. 10% of the next 2,500: 375 + 250 = 625.
    assert_eq!(wik_total("5000"), d("625"));
    // c. 5% of the next 5,000: 625 + 250 = 875.
    assert_eq!(wik_total("10000"), d("875"));
    // d. 1% of the next 190,000: 875 + 1,900 = 2,775.
    assert_eq!(wik_total("200000"), d("2775"));
    // e. 0.5% above 200,000: 2,775 + 0.005 x 800,000 = 2,775 + 4,000 = 6,775 = the maximum.
    assert_eq!(wik_total("1000000"), d("6775"));
}

#[test]
fn wik_cap_of_6775() {
    // Art. 2 lid 1: "ten hoogste € 6.775". 2,000,000: 2,775 + 0.005 x 1,800,000 = 11,775 -> 6,775.
    assert_eq!(wik_total("2000000"), d("6775"));
    // Just over the point where the cap is reached: 1,000,000.01 -> 6,775.00005 -> 6,775.
    assert_eq!(wik_total("1000000.01"), d("6775"));
}

#[test]
fn wik_steps_explain_each_bracket() {
    // 12,000: 375 + 250 + 250 + 1% x 2,000 = 20 -> 895.
    let calc = FeeRule::Wik { vat: None }
        .compute(Currency::EUR, &[d("12000")])
        .unwrap();
    assert_eq!(calc.total, d("895"));
    let expected = [
        "15% of the first 2,500.00 = 375.00",
        "10% of the next 2,500.00 = 250.00",
        "5% of the next 5,000.00 = 250.00",
        "1% of the next 2,000.00 = 20.00",
        "scale total 895.00 EUR",
    ];
    for line in expected {
        assert!(
            calc.steps.iter().any(|s| s == line),
            "missing {line:?} in {:?}",
            calc.steps
        );
    }
}

#[test]
fn wik_with_vat_and_split_over_invoices() {
    // Principals 9,000 + 3,000 = 12,000 -> 895 (see above); VAT 21%: 0.21 x 895 = 187.95;
    // total 1,082.95. Split 3 : 1 -> 812.2125 -> 812.21 and 270.7375 -> 270.74; sum 1,082.95.
    let calc = FeeRule::Wik { vat: Some(d("21")) }
        .compute(Currency::EUR, &[d("9000"), d("3000")])
        .unwrap();
    assert_eq!(calc.total, d("1082.95"));
    assert_eq!(calc.per_invoice, vec![d("812.21"), d("270.74")]);
    assert!(calc
        .steps
        .iter()
        .any(|s| s == "VAT 21% of 895.00 = 187.95; total 1,082.95 EUR"));
}

#[test]
fn wik_adds_principals_before_the_scale() {
    // Art. 6:96 lid 7 BW: 2,000 + 3,000 = 5,000 -> 625 (not 300 + 425 = 725 per invoice).
    // Split 2 : 3 -> 250.00 and 375.00.
    let calc = FeeRule::Wik { vat: None }
        .compute(Currency::EUR, &[d("2000"), d("3000")])
        .unwrap();
    assert_eq!(calc.total, d("625"));
    assert_eq!(calc.per_invoice, vec![d("250.00"), d("375.00")]);
}

#[test]
fn wik_is_eur_only() {
    let err = FeeRule::Wik { vat: None }.compute(usd(), &[d("100")]).unwrap_err();
    assert_eq!(
        err,
        FeeError::EurOnly {
            scheme: "wik",
            letter: usd()
        }
    );
    assert!(err.to_string().contains("set in euros"));
}

// --- be-consumer: Code of Economic Law art. XIX.4 (law of 4 May 2023) ---

#[test]
fn be_consumer_brackets() {
    // Balance up to 150: 20.
    assert_eq!(be_total(&["100"]), d("20"));
    assert_eq!(be_total(&["150"]), d("20"));
    // 150.01: 30 + 10% x 0.01 = 30.001.
    assert_eq!(be_total(&["150.01"]), d("30.001"));
    // 500: 30 + 10% x 350 = 65.
    assert_eq!(be_total(&["500"]), d("65"));
    // 500.01: 65 + 5% x 0.01 = 65.0005.
    assert_eq!(be_total(&["500.01"]), d("65.0005"));
}

#[test]
fn be_consumer_cap() {
    // 39,200: 65 + 5% x 38,700 = 65 + 1,935 = 2,000, exactly the cap.
    assert_eq!(be_total(&["39200"]), d("2000"));
    // 50,000: 65 + 5% x 49,500 = 2,540 -> 2,000.
    assert_eq!(be_total(&["50000"]), d("2000"));
}

#[test]
fn be_consumer_on_the_balance_and_split() {
    // Balance 100 + 60 = 160: 30 + 10% x 10 = 31. Split 100 : 60 -> 19.375 -> 19.38 and
    // 11.625 -> 11.63 = 31.01; the extra cent comes off the largest: 19.37 + 11.63 = 31.00.
    let calc = FeeRule::BeConsumer
        .compute(Currency::EUR, &[d("100"), d("60")])
        .unwrap();
    assert_eq!(calc.total, d("31"));
    assert_eq!(calc.per_invoice, vec![d("19.37"), d("11.63")]);
    assert!(FeeRule::BeConsumer.compute(usd(), &[d("100")]).is_err());
}

// --- eu-flat: Directive 2011/7/EU art. 6 ---

#[test]
fn eu_flat_is_40_per_invoice() {
    let calc = FeeRule::EuFlat
        .compute(Currency::EUR, &[d("10"), d("5000"), d("70")])
        .unwrap();
    assert_eq!(calc.total, d("120"));
    assert_eq!(calc.per_invoice, vec![d("40.00"), d("40.00"), d("40.00")]);
}

#[test]
fn eu_flat_refuses_other_currencies_clearly() {
    let err = FeeRule::EuFlat.compute(usd(), &[d("10")]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("Directive 2011/7/EU") && text.contains("USD"), "{text}");
}

// --- percent and fixed ---

#[test]
fn percent_with_min_and_max() {
    let rule = |min: Option<&str>, max: Option<&str>| FeeRule::Percent {
        rate: d("10"),
        min: min.map(eur),
        max: max.map(eur),
    };
    // 10% of 1,000 = 100 within [50, 150].
    let principals = [d("1000")];
    assert_eq!(
        rule(Some("50"), Some("150"))
            .compute(Currency::EUR, &principals)
            .unwrap()
            .total,
        d("100")
    );
    // Below the minimum 150 -> 150; above the maximum 50 -> 50.
    assert_eq!(
        rule(Some("150"), None)
            .compute(Currency::EUR, &principals)
            .unwrap()
            .total,
        d("150")
    );
    assert_eq!(
        rule(None, Some("50"))
            .compute(Currency::EUR, &principals)
            .unwrap()
            .total,
        d("50")
    );
    // Exactly at a bound stays: 10% x 1,000 = 100 = max.
    assert_eq!(
        rule(None, Some("100"))
            .compute(Currency::EUR, &principals)
            .unwrap()
            .total,
        d("100")
    );
}

#[test]
fn percent_is_not_rounded_but_split_is() {
    // 2.5% of 333.33 = 8.33325, unrounded; per invoice 8.33.
    let calc = FeeRule::Percent {
        rate: d("2.5"),
        min: None,
        max: None,
    }
    .compute(Currency::EUR, &[d("333.33")])
    .unwrap();
    assert_eq!(calc.total, d("8.33325"));
    assert_eq!(calc.per_invoice, vec![d("8.33")]);
}

#[test]
fn percent_errors() {
    let principals = [d("1000")];
    let foreign_min = FeeRule::Percent {
        rate: d("10"),
        min: Some(eur("5")),
        max: None,
    };
    assert!(matches!(
        foreign_min.compute(usd(), &principals),
        Err(FeeError::CurrencyMismatch { what: "minimum", .. })
    ));
    let crossed = FeeRule::Percent {
        rate: d("10"),
        min: Some(eur("50")),
        max: Some(eur("20")),
    };
    assert!(matches!(
        crossed.compute(Currency::EUR, &principals),
        Err(FeeError::MinAboveMax { .. })
    ));
    let negative = FeeRule::Percent {
        rate: d("-1"),
        min: None,
        max: None,
    };
    assert!(matches!(
        negative.compute(Currency::EUR, &principals),
        Err(FeeError::NegativePercent { .. })
    ));
}

#[test]
fn fixed_fee_split_and_currency() {
    // 40.00 over 100 : 300 -> 10.00 and 30.00.
    let calc = FeeRule::Fixed(eur("40"))
        .compute(Currency::EUR, &[d("100"), d("300")])
        .unwrap();
    assert_eq!(calc.total, d("40"));
    assert_eq!(calc.per_invoice, vec![d("10.00"), d("30.00")]);
    let err = FeeRule::Fixed(eur("40")).compute(usd(), &[d("100")]).unwrap_err();
    assert_eq!(
        err,
        FeeError::CurrencyMismatch {
            what: "fee",
            rule: Currency::EUR,
            letter: usd()
        }
    );
}

#[test]
fn split_remainder_on_the_largest_invoice() {
    // Fixed 10.00 over 1 : 1 : 1 -> 3.33 each = 9.99; the missing cent on the first (all equal).
    let p = [d("50"), d("50"), d("50")];
    let calc = FeeRule::Fixed(eur("10")).compute(Currency::EUR, &p).unwrap();
    assert_eq!(calc.per_invoice, vec![d("3.34"), d("3.33"), d("3.33")]);
    // 10.00 over 20 : 70 : 10 -> 2.00, 7.00, 1.00: no remainder.
    let p = [d("20"), d("70"), d("10")];
    let calc = FeeRule::Fixed(eur("10")).compute(Currency::EUR, &p).unwrap();
    assert_eq!(calc.per_invoice, vec![d("2.00"), d("7.00"), d("1.00")]);
    // 10.00 over 1 : 1 : 4 (sum 6) -> 1.666.. -> 1.67, 1.67, 6.666.. -> 6.67 = 10.01;
    // the extra cent comes off the largest (the third): 1.67 + 1.67 + 6.66 = 10.00.
    let p = [d("1"), d("1"), d("4")];
    let calc = FeeRule::Fixed(eur("10")).compute(Currency::EUR, &p).unwrap();
    assert_eq!(calc.per_invoice, vec![d("1.67"), d("1.67"), d("6.66")]);
}

#[test]
fn principal_errors() {
    assert_eq!(FeeRule::EuFlat.compute(Currency::EUR, &[]), Err(FeeError::NoInvoices));
    assert!(matches!(
        FeeRule::EuFlat.compute(Currency::EUR, &[d("1"), d("-2")]),
        Err(FeeError::NegativePrincipal { index: 1, .. })
    ));
}
