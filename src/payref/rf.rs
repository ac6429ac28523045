//! ISO 11649 structured creditor reference (`RF` + 2 check digits + 1 to 21 letters or
//! digits, 25 characters at most).
//!
//! Check digits are ISO 7064 MOD 97-10: move `RF` and the check digits to the end, map
//! letters A = 10 .. Z = 35; a valid reference leaves remainder 1. To create one, compute the
//! remainder of `BODY RF00` and take 98 minus it, zero-padded. Sources: ISO 11649:2009 as
//! summarised by the xmldation wiki ("RF creditor reference") and python-stdnum
//! `stdnum/iso11649.py` (Esben Toke Christensen, 2018).
//! Examples from those sources: `RF18 5390 0754 7034`, `RF71 2348 231`.

use super::{compact, mod97};

/// Most characters after `RF` and the check digits.
pub const MAX_BODY: usize = 21;

/// `RF` + check digits + `body` (electronic form), or what is wrong with `body`.
pub fn generate(body: &str) -> Result<String, &'static str> {
    let body = body.to_ascii_uppercase();
    check_body(&body)?;
    let r = mod97(&format!("{body}RF00")).ok_or("only letters and digits may follow RF")?;
    Ok(format!("RF{:02}{body}", 98 - r))
}

/// The reference in print form (groups of four) if `text` is a valid RF reference.
pub fn validate(text: &str) -> Result<String, &'static str> {
    let r = compact(text).to_ascii_uppercase();
    if !r.starts_with("RF") {
        return Err("an RF reference starts with `RF`");
    }
    if r.len() < 5 || !r.as_bytes()[2..4].iter().all(u8::is_ascii_digit) {
        return Err("`RF` is followed by two check digits and 1 to 21 letters or digits");
    }
    check_body(&r[4..])?;
    match mod97(&format!("{}{}", &r[4..], &r[..4])) {
        Some(1) => Ok(print(&r)),
        _ => Err("the check digits do not match: a character is mistyped"),
    }
}

fn check_body(body: &str) -> Result<(), &'static str> {
    if body.is_empty() || body.len() > MAX_BODY {
        return Err("an RF reference has 1 to 21 letters or digits after its check digits (25 characters in all)");
    }
    if !body.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err("only letters and digits may follow RF");
    }
    Ok(())
}

/// `RF18539007547034` -> `RF18 5390 0754 7034`.
pub fn print(electronic: &str) -> String {
    crate::iban::print(electronic)
}

/// The electronic form (no spaces) of a printed reference.
pub fn electronic(printed: &str) -> String {
    printed.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples() {
        assert_eq!(validate("RF18539007547034").as_deref(), Ok("RF18 5390 0754 7034"));
        assert_eq!(validate("RF18 5390 0754 7034").as_deref(), Ok("RF18 5390 0754 7034"));
        assert_eq!(validate("RF712348231").as_deref(), Ok("RF71 2348 231"));
        assert_eq!(generate("539007547034").as_deref(), Ok("RF18539007547034"));
        assert_eq!(generate("2348231").as_deref(), Ok("RF712348231"));
    }

    #[test]
    fn mistakes() {
        assert!(validate("RF19539007547034").is_err()); // check digits
        assert!(validate("RF18539007547043").is_err()); // swapped digits
        assert!(validate("RF18").is_err());
        assert!(validate("RFAB539007547034").is_err());
        assert!(validate("RF18 5390 0754 703*").is_err());
        assert!(validate(&format!("RF00{}", "1".repeat(22))).is_err());
        assert!(generate(&"1".repeat(22)).is_err());
        assert!(generate("").is_err());
    }
}
