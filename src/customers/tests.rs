//! Unit tests of the pure helpers; the figures are tested on journals in `tests/customers.rs`.

use rust_decimal::Decimal;

use super::advice::{days_text, Grade};

#[test]
fn grades_follow_the_thresholds() {
    let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
    assert_eq!(Grade::of(None), Grade::None);
    assert_eq!(Grade::of(d("0")), Grade::A);
    assert_eq!(Grade::of(d("7.0")), Grade::A);
    assert_eq!(Grade::of(d("7.1")), Grade::B);
    assert_eq!(Grade::of(d("30.0")), Grade::B);
    assert_eq!(Grade::of(d("30.1")), Grade::C);
    assert_eq!(Grade::of(d("60.0")), Grade::C);
    assert_eq!(Grade::of(d("60.1")), Grade::D);
}

#[test]
fn days_are_written_per_language() {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(days_text(d("34.0"), true), "34");
    assert_eq!(days_text(d("12.5"), true), "12,5");
    assert_eq!(days_text(d("12.5"), false), "12.5");
}
