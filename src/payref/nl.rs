//! The Dutch payment reference (betalingskenmerk, Currence / Betaalvereniging Nederland):
//! 7 to 16 digits.
//!
//! - 16 digits: a check digit, then 15 digits;
//! - 9 to 14 digits: a check digit, a length code L (7, 8, 9, 0, 1, 2 for 7 to 12 digits),
//!   then 7 to 12 digits; L is part of the weighted sum;
//! - 7 digits: no check digit. 8 and 15 digits are not allowed lengths.
//!
//! The check digit: weigh the digits after it from the right with 2, 4, 8, 5, 10, 9, 7, 3,
//! 6, 1 (repeating), C = 11 - (sum mod 11), where 10 becomes 1 and 11 becomes 0. Sources:
//! Betaalvereniging "Specificaties betalingskenmerk" as summarised by xmldation (NVB/CUR),
//! with the example 5000 0567 8901 2345 (sum 215).

use super::compact;

const WEIGHTS: [u32; 10] = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1];

/// The check digit for `digits` (the digits after it, including a length code).
fn check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .zip(WEIGHTS.iter().cycle())
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        10 => 1,
        11 => 0,
        c => c as u8,
    }
}

/// The 16-digit reference for `base` (taken modulo 10^15).
pub fn generate(base: u64) -> String {
    let body = format!("{:015}", base % 1_000_000_000_000_000);
    format!("{}{body}", check_digit(body.as_bytes()))
}

/// The reference in print form if `text` is a valid betalingskenmerk (spaces, dots and
/// dashes are ignored).
pub fn validate(text: &str) -> Result<String, &'static str> {
    let d = compact(text);
    if d.is_empty() || !d.bytes().all(|c| c.is_ascii_digit()) {
        return Err("a betalingskenmerk holds only digits");
    }
    let b = d.as_bytes();
    match b.len() {
        7 => return Ok(d),
        9..=14 => {
            let expected = match b.len() - 2 {
                7 => b'7',
                8 => b'8',
                9 => b'9',
                10 => b'0',
                11 => b'1',
                _ => b'2',
            };
            if b[1] != expected {
                return Err("the second digit (the length code) does not match the length");
            }
        }
        16 => {}
        _ => return Err("a betalingskenmerk has 16 digits (or 7, or 9 to 14 with a length code)"),
    }
    if check_digit(&b[1..]) + b'0' != b[0] {
        return Err("the first digit (the check digit) does not match: a digit is mistyped");
    }
    Ok(print(&d))
}

/// Groups of four for the 16-digit form; other lengths as they are.
pub fn print(digits: &str) -> String {
    if digits.len() == 16 {
        crate::iban::print(digits)
    } else {
        digits.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_example() {
        assert_eq!(validate("5000 0567 8901 2345").as_deref(), Ok("5000 0567 8901 2345"));
        assert_eq!(generate(56_789_012_345), "5000056789012345");
    }

    #[test]
    fn lengths() {
        assert!(validate("1234567").is_ok());
        // 9 digits: check digit + L=7 + 7 digits; computed here, then a mistyped one.
        let body = b"71234567";
        let ok = format!("{}{}", check_digit(body), std::str::from_utf8(body).unwrap());
        assert!(validate(&ok).is_ok(), "{ok}");
        assert!(validate(&format!("{}81234567", check_digit(body))).is_err());
        assert!(validate("12345678").is_err());
        assert!(validate("500005678901234").is_err());
    }

    #[test]
    fn mistakes() {
        assert!(validate("4000056789012345").is_err());
        assert!(validate("5000056789012354").is_err());
        assert!(validate("50000567890123x5").is_err());
    }

    #[test]
    fn ten_and_eleven() {
        // Sums with remainder 1 give 10 -> 1; remainder 0 gives 11 -> 0.
        for base in 0..2000u64 {
            let r = generate(base);
            assert!(validate(&r).is_ok(), "{r}");
        }
    }
}
