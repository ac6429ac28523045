//! Currencies and money. Amounts are `rust_decimal::Decimal`, never floats.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// An ISO 4217 currency code: three letters, then its minor units (looked up once, as
/// every amount formatted needs them; the fourth byte follows from the first three, so
/// comparisons still go by code).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 4]);

/// Every active ISO 4217 code with its minor units, sorted by code for binary search
/// (source: ISO 4217 list one, SIX Group, 2024; XCG replaced ANG in 2025, both kept).
#[rustfmt::skip]
const CODES: &[(&str, u32)] = &[
    ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("ANG", 2), ("AOA", 2), ("ARS", 2), ("AUD", 2),
    ("AWG", 2), ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BGN", 2), ("BHD", 3), ("BIF", 0),
    ("BMD", 2), ("BND", 2), ("BOB", 2), ("BOV", 2), ("BRL", 2), ("BSD", 2), ("BTN", 2), ("BWP", 2),
    ("BYN", 2), ("BZD", 2), ("CAD", 2), ("CDF", 2), ("CHE", 2), ("CHF", 2), ("CHW", 2), ("CLF", 4),
    ("CLP", 0), ("CNY", 2), ("COP", 2), ("COU", 2), ("CRC", 2), ("CUP", 2), ("CVE", 2), ("CZK", 2),
    ("DJF", 0), ("DKK", 2), ("DOP", 2), ("DZD", 2), ("EGP", 2), ("ERN", 2), ("ETB", 2), ("EUR", 2),
    ("FJD", 2), ("FKP", 2), ("GBP", 2), ("GEL", 2), ("GHS", 2), ("GIP", 2), ("GMD", 2), ("GNF", 0),
    ("GTQ", 2), ("GYD", 2), ("HKD", 2), ("HNL", 2), ("HTG", 2), ("HUF", 2), ("IDR", 2), ("ILS", 2),
    ("INR", 2), ("IQD", 3), ("IRR", 2), ("ISK", 0), ("JMD", 2), ("JOD", 3), ("JPY", 0), ("KES", 2),
    ("KGS", 2), ("KHR", 2), ("KMF", 0), ("KPW", 2), ("KRW", 0), ("KWD", 3), ("KYD", 2), ("KZT", 2),
    ("LAK", 2), ("LBP", 2), ("LKR", 2), ("LRD", 2), ("LSL", 2), ("LYD", 3), ("MAD", 2), ("MDL", 2),
    ("MGA", 2), ("MKD", 2), ("MMK", 2), ("MNT", 2), ("MOP", 2), ("MRU", 2), ("MUR", 2), ("MVR", 2),
    ("MWK", 2), ("MXN", 2), ("MXV", 2), ("MYR", 2), ("MZN", 2), ("NAD", 2), ("NGN", 2), ("NIO", 2),
    ("NOK", 2), ("NPR", 2), ("NZD", 2), ("OMR", 3), ("PAB", 2), ("PEN", 2), ("PGK", 2), ("PHP", 2),
    ("PKR", 2), ("PLN", 2), ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2), ("RUB", 2), ("RWF", 0),
    ("SAR", 2), ("SBD", 2), ("SCR", 2), ("SDG", 2), ("SEK", 2), ("SGD", 2), ("SHP", 2), ("SLE", 2),
    ("SOS", 2), ("SRD", 2), ("SSP", 2), ("STN", 2), ("SVC", 2), ("SYP", 2), ("SZL", 2), ("THB", 2),
    ("TJS", 2), ("TMT", 2), ("TND", 3), ("TOP", 2), ("TRY", 2), ("TTD", 2), ("TWD", 2), ("TZS", 2),
    ("UAH", 2), ("UGX", 0), ("USD", 2), ("USN", 2), ("UYI", 0), ("UYU", 2), ("UYW", 4), ("UZS", 2),
    ("VED", 2), ("VES", 2), ("VND", 0), ("VUV", 0), ("WST", 2), ("XAF", 0), ("XCD", 2), ("XCG", 2),
    ("XOF", 0), ("XPF", 0), ("YER", 2), ("ZAR", 2), ("ZMW", 2), ("ZWG", 2), ("ZWL", 2),
];

/// The minor units of `code`, if it is an active ISO 4217 code.
fn lookup(code: &[u8]) -> Option<u32> {
    CODES
        .binary_search_by(|(c, _)| c.as_bytes().cmp(code))
        .ok()
        .map(|i| CODES[i].1)
}

impl Currency {
    /// The euro.
    pub const EUR: Currency = Currency(*b"EUR\x02");

    /// The currency with code `code`, if it is an active ISO 4217 code.
    pub fn from_code(code: &str) -> Option<Currency> {
        let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
        if &bytes == b"EUR" {
            return Some(Currency::EUR); // most amounts: no table search while parsing them
        }
        let [a, b, c] = bytes;
        lookup(&bytes).map(|minor| Currency([a, b, c, minor as u8]))
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // Only ever built from ASCII codes above.
        std::str::from_utf8(&self.0[..3]).unwrap_or("???")
    }

    /// The code's three ASCII letters, for writers that append bytes (no UTF-8 check).
    pub fn code_bytes(&self) -> &[u8] {
        &self.0[..3]
    }

    /// Number of decimals in the currency's minor unit (2 for EUR, 0 for JPY).
    pub fn minor_units(&self) -> u32 {
        u32::from(self.0[3])
    }

    /// `amount` rounded half away from zero to the minor unit, for presenting or recording.
    pub fn round(&self, amount: Decimal) -> Decimal {
        let minor = self.minor_units();
        let mut r = match amount.scale() {
            s if s == minor => return amount, // the usual case: nothing to do
            s if s < minor => amount,         // exact to the minor unit: no division needed
            _ => amount.round_dp_with_strategy(minor, RoundingStrategy::MidpointAwayFromZero),
        };
        r.rescale(minor);
        r
    }

    /// `amount` as a string with exactly the minor units (`"1210.00"`), rounded half up.
    pub fn format(&self, amount: Decimal) -> String {
        self.formatted(amount).as_str().to_owned()
    }

    /// What [`Currency::format`] writes, without allocating: for writing many amounts
    /// straight into an output buffer.
    pub fn formatted(&self, amount: Decimal) -> Digits {
        let r = self.round(amount);
        Digits::new(r.mantissa(), r.scale())
    }
}

/// A number as text on the stack (at most 40 characters: a sign, 29 digits, a point, and
/// zeros before the point when the scale exceeds the digits).
#[derive(Clone, Copy)]
pub struct Digits {
    buf: [u8; 48],
    start: u8,
}

impl Digits {
    /// `mantissa / 10^scale` with exactly `scale` decimals, as `Decimal`'s `Display` writes
    /// it (no sign on zero); `scale` is at most 28, as in a `Decimal`. Written back to front
    /// by hand: `Display` goes through the formatting machinery, and status writes five
    /// amounts per invoice.
    pub fn new(mantissa: i128, scale: u32) -> Digits {
        const END: usize = 48;
        let scale = (scale as usize).min(28);
        // Where the point goes (`END`: nowhere); digits skip it, and the buffer's zeros fill
        // up to one digit before it.
        let point = if scale > 0 { END - 1 - scale } else { END };
        let step = |at: usize| if at - 1 == point { at - 2 } else { at - 1 };
        let mut buf = [b'0'; END];
        let mut at = END;
        let mut n = mantissa.unsigned_abs();
        // u64 arithmetic for all but the top digits: u128 division is a library call.
        const TEN_19: u128 = 10_000_000_000_000_000_000;
        while n > u128::from(u64::MAX) {
            let mut low = (n % TEN_19) as u64;
            n /= TEN_19;
            for _ in 0..19 {
                at = step(at);
                buf[at] = b'0' + (low % 10) as u8;
                low /= 10;
            }
        }
        let mut small = n as u64;
        loop {
            at = step(at);
            buf[at] = b'0' + (small % 10) as u8;
            small /= 10;
            if small == 0 {
                break;
            }
        }
        if scale > 0 {
            at = at.min(point - 1);
            buf[point] = b'.';
        }
        if mantissa < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        Digits { buf, start: at as u8 }
    }

    /// The text as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[usize::from(self.start)..]
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, a point and a sign were written.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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

/// A plain number as [`Currency::format`] writes it (`-1234567.89`) with the digits before
/// the point grouped by threes and the point given: `grouped("-1234567.89", ',', '.')` is
/// `-1,234,567.89`, `grouped("1234,5", '.', ',')` with `(sep, point)` as Dutch writes them.
/// Display only: the one place numbers are grouped (letters, fee steps, the dashboard).
pub fn grouped(number: &str, sep: char, point: char) -> String {
    let (sign, digits) = number.strip_prefix('-').map_or(("", number), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(number.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    out
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
    }

    #[test]
    fn format_writes_what_decimal_display_writes() {
        let codes = ["EUR", "JPY", "KWD"].map(|c| Currency::from_code(c).unwrap());
        let mut values: Vec<Decimal> = ["0", "-0.001", "0.004", "-0.005", "0.5", "12345.675", "-98765.4321"]
            .iter()
            .map(|v| Decimal::from_str(v).unwrap())
            .collect();
        values.extend([Decimal::MAX, Decimal::MIN, Decimal::new(-1, 28), Decimal::new(1, 0)]);
        values.extend((-2000..2000).map(|n| Decimal::new(n * 7919, 3)));
        for cur in codes {
            for v in &values {
                assert_eq!(cur.format(*v), cur.round(*v).to_string(), "{cur} {v}");
                assert_eq!(cur.formatted(*v).to_string(), cur.format(*v));
            }
        }
        assert!(Currency::from_code("eur").is_none());
    }

    #[test]
    fn digits_of_integers_are_what_display_writes() {
        for n in [0, 1, -1, 9, 10, -10, 99, 100, 12345, i64::MAX, i64::MIN] {
            assert_eq!(Digits::new(i128::from(n), 0).as_str(), n.to_string());
        }
        assert_eq!(Digits::new(-5, 3).as_str(), "-0.005");
        assert_eq!(Digits::new(12345, 2).as_str(), "123.45");
        let big = i128::from(u64::MAX) * 1000 + 7;
        assert_eq!(
            Digits::new(-big, 5).as_str(),
            format!("-{}.{:05}", big / 100_000, big % 100_000)
        );
        assert_eq!(Digits::new(i128::MAX, 0).as_str(), i128::MAX.to_string());
    }

    #[test]
    fn codes_are_sorted_for_binary_search() {
        assert!(CODES.windows(2).all(|w| w[0].0 < w[1].0));
        // The euro's fast path gives what the table gives.
        assert_eq!(lookup(b"EUR"), Some(Currency::EUR.minor_units()));
        assert_eq!(CODES.len(), 167);
    }

    #[test]
    fn groups_by_threes_with_either_separator() {
        assert_eq!(grouped("-1234567.89", ',', '.'), "-1,234,567.89");
        assert_eq!(grouped("1234567.89", '.', ','), "1.234.567,89");
        assert_eq!(grouped("999.00", ',', '.'), "999.00");
        assert_eq!(grouped("1000", ',', '.'), "1,000");
        assert_eq!(grouped("-100", ',', '.'), "-100");
    }
}
