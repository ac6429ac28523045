//! Number formatting for the human-readable steps (`2,500.00`, `15%`); display only.

use rust_decimal::Decimal;

use crate::money::Currency;

/// `amount` rounded to the currency's minor unit with thousands separators: `12,500.00`.
pub(super) fn amount(currency: Currency, amount: Decimal) -> String {
    crate::money::grouped(&currency.format(amount), ',', '.')
}

/// A percentage without trailing zeros: `15%`, `0.5%`.
pub(super) fn percent(rate: Decimal) -> String {
    format!("{}%", rate.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_and_keeps_minor_units() {
        let eur = Currency::EUR;
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(amount(eur, d("2500")), "2,500.00");
        assert_eq!(amount(eur, d("1000000")), "1,000,000.00");
        assert_eq!(amount(eur, d("999.995")), "1,000.00");
        assert_eq!(amount(eur, d("40")), "40.00");
        assert_eq!(amount(eur, d("-1234.5")), "-1,234.50");
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(amount(jpy, d("123456")), "123,456");
        assert_eq!(percent(d("15.00")), "15%");
        assert_eq!(percent(d("0.50")), "0.5%");
    }
}
