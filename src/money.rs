//! Currencies and money. Amounts are `rust_decimal::Decimal`, never floats.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// An ISO 4217 currency code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Active ISO 4217 codes whose minor unit is not 2 (source: ISO 4217 list one, SIX Group, 2024).
const MINOR_UNITS: &[(&str, u32)] = &[
    ("BHD", 3),
    ("BIF", 0),
    ("CLF", 4),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("UYW", 4),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

/// Active ISO 4217 codes with two minor units (source: ISO 4217 list one, 2024; XCG replaced ANG in 2025).
const TWO_DECIMALS: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD \
BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP \
GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL \
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR \
PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD \
TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL";

impl Currency {
    /// The euro.
    pub const EUR: Currency = Currency(*b"EUR");

    /// The currency with code `code`, if it is an active ISO 4217 code.
    pub fn from_code(code: &str) -> Option<Currency> {
        let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
        let known =
            MINOR_UNITS.iter().any(|(c, _)| *c == code) || TWO_DECIMALS.split_ascii_whitespace().any(|c| c == code);
        known.then_some(Currency(bytes))
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // Only ever built from ASCII codes above.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Number of decimals in the currency's minor unit (2 for EUR, 0 for JPY).
    pub fn minor_units(&self) -> u32 {
        MINOR_UNITS
            .iter()
            .find(|(c, _)| c.as_bytes() == self.0)
            .map_or(2, |&(_, n)| n)
    }

    /// `amount` rounded half away from zero to the minor unit, for presenting or recording.
    pub fn round(&self, amount: Decimal) -> Decimal {
        let mut r = amount.round_dp_with_strategy(self.minor_units(), RoundingStrategy::MidpointAwayFromZero);
        r.rescale(self.minor_units());
        r
    }

    /// `amount` as a string with exactly the minor units (`"1210.00"`), rounded half up.
    pub fn format(&self, amount: Decimal) -> String {
        self.round(amount).to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// The number, exact.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl Money {
    /// `amount` in `currency`.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }
}

impl fmt::Display for Money {
    /// `1210.00 EUR`: the journal's own notation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency.format(self.amount), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn minor_units_and_rounding() {
        let eur = Currency::from_code("EUR").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!((eur.minor_units(), jpy.minor_units(), kwd.minor_units()), (2, 0, 3));
        assert_eq!(eur.format(Decimal::from_str("2.345").unwrap()), "2.35");
        assert_eq!(eur.format(Decimal::from_str("-2.345").unwrap()), "-2.35");
        assert_eq!(eur.format(Decimal::from(7)), "7.00");
        assert_eq!(jpy.format(Decimal::from_str("1000.5").unwrap()), "1001");
        assert!(Currency::from_code("EUX").is_none());
        assert!(Currency::from_code("eur").is_none());
    }
}
