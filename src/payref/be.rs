//! The Belgian structured communication (OGM, "gestructureerde mededeling"; VCS,
//! "communication structurée"): 10 digits and 2 check digits, printed
//! `+++DDD/DDDD/DDDDD+++` (or between `***`).
//!
//! The check digits are the first 10 digits mod 97, with 0 written as 97. Sources: Febelfin
//! (ABBL) rules as summarised by xmldation ("Belgian structured creditor reference") and
//! 7redbits.com, which also checks `+++123/4567/89002+++`.
//! python-stdnum `stdnum/be/ogm_vcs.py` implements the same rule.

use super::compact;

/// The 12 digits for the 10-digit `base` (taken modulo 10^10).
pub fn generate(base: u64) -> String {
    let base = base % 10_000_000_000;
    let check = match base % 97 {
        0 => 97,
        r => r,
    };
    format!("{base:010}{check:02}")
}

/// The reference in print form (`+++123/4567/89002+++`) if `text` is valid: with `+++` or
/// `***` around it, or as 12 bare digits (spaces, dots, slashes and dashes are ignored).
pub fn validate(text: &str) -> Result<String, &'static str> {
    let t = text.trim();
    let inner = ["+++", "***"]
        .iter()
        .find_map(|d| t.strip_prefix(d).and_then(|r| r.strip_suffix(d)))
        .unwrap_or(t);
    if inner.starts_with(['+', '*']) || inner.ends_with(['+', '*']) {
        return Err("the structured communication is written between `+++` and `+++` (or `***`)");
    }
    let digits = compact(inner);
    if digits.len() != 12 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err("a structured communication has 12 digits: +++DDD/DDDD/DDDDD+++");
    }
    let base: u64 = digits[..10].parse().map_err(|_| "expected digits")?;
    if generate(base) != digits {
        return Err("the last two digits (the check digits) do not match: a digit is mistyped");
    }
    Ok(print(&digits))
}

/// `123456789002` -> `+++123/4567/89002+++`.
pub fn print(digits: &str) -> String {
    if digits.len() != 12 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return digits.to_string();
    }
    format!("+++{}/{}/{}+++", &digits[..3], &digits[3..7], &digits[7..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples() {
        assert_eq!(validate("+++123/4567/89002+++").as_deref(), Ok("+++123/4567/89002+++"));
        assert_eq!(validate("***123/4567/89002***").as_deref(), Ok("+++123/4567/89002+++"));
        assert_eq!(validate("123456789002").as_deref(), Ok("+++123/4567/89002+++"));
        assert_eq!(validate("+++090/9337/55493+++").as_deref(), Ok("+++090/9337/55493+++"));
        assert_eq!(generate(1_234_567_890), "123456789002");
        // 97 for a remainder of 0: 97 itself.
        assert_eq!(generate(97), "000000009797");
    }

    #[test]
    fn mistakes() {
        assert!(validate("+++123/4567/89003+++").is_err());
        assert!(validate("+++123/4567/8900+++").is_err());
        assert!(validate("+++123/4567/89002").is_err());
        assert!(validate("+++123/4567/89002***").is_err());
        assert!(validate("12345678900A").is_err());
        assert!(validate("000000000000").is_err()); // 0 mod 97 must be written 97
        assert_eq!(print("éééééé"), "éééééé"); // 12 bytes, not 12 digits: as it is
    }
}
