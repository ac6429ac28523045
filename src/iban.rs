//! IBAN (ISO 13616) and BIC (ISO 9362): checks by hand (both are a few lines), and the
//! IBAN in print (groups of four).

/// The IBAN in electronic form (spaces removed, upper case) if it is well formed and its
/// check digits match (mod 97 == 1); else what is wrong, as a short label.
pub fn normalize_iban(text: &str) -> Result<String, &'static str> {
    let iban = electronic_form(text);
    // Norway's 15 characters are the shortest in the registry; 34 is the standard's maximum.
    if !(15..=34).contains(&iban.len()) {
        return Err("an IBAN has 15 to 34 characters");
    }
    let b = iban.as_bytes();
    if !b[..2].iter().all(u8::is_ascii_uppercase) {
        return Err("an IBAN starts with a two-letter country code");
    }
    if !b[2..4].iter().all(u8::is_ascii_digit) {
        return Err("the country code is followed by two check digits");
    }
    if !b.iter().all(u8::is_ascii_alphanumeric) {
        return Err("an IBAN holds only letters and digits");
    }
    if mod97(&b[4..], &b[..4]) != 1 {
        return Err("the check digits do not match: a character is mistyped");
    }
    Ok(iban)
}

/// An IBAN as machines compare it: blanks removed, letters in upper case. Nothing is
/// checked (see [`normalize_iban`]).
pub fn electronic_form(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '\t'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// `(rest ++ head) mod 97`, letters counting as 10..35 (ISO 7064 MOD 97-10).
fn mod97(rest: &[u8], head: &[u8]) -> u32 {
    rest.iter().chain(head).fold(0, |acc, &c| {
        if c.is_ascii_digit() {
            (acc * 10 + u32::from(c - b'0')) % 97
        } else {
            (acc * 100 + u32::from(c - b'A') + 10) % 97
        }
    })
}

/// The BIC in upper case if it has the ISO 9362 shape: 4 letters (bank), 2 letters
/// (country), 2 letters or digits (location), optionally 3 more (branch).
pub fn normalize_bic(text: &str) -> Result<String, &'static str> {
    let bic = text.to_ascii_uppercase();
    let b = bic.as_bytes();
    if b.len() != 8 && b.len() != 11 {
        return Err("a BIC has 8 or 11 characters");
    }
    if !b[..6].iter().all(u8::is_ascii_uppercase) {
        return Err("a BIC starts with 6 letters: bank code and country");
    }
    if !b[6..].iter().all(u8::is_ascii_alphanumeric) {
        return Err("location and branch are letters or digits");
    }
    Ok(bic)
}

/// An IBAN in groups of four.
pub fn print(iban: &str) -> String {
    let chars: Vec<char> = iban.chars().filter(|c| !c.is_whitespace()).collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans() {
        for ok in [
            "NL91ABNA0417164300",
            "BE68539007547034",
            "DE89370400440532013000",
            "nl91 abna 0417 1643 00",
        ] {
            assert!(normalize_iban(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            normalize_iban("NL91 ABNA 0417 1643 00").as_deref(),
            Ok("NL91ABNA0417164300")
        );
        // One digit changed, two swapped, wrong check digits, bad shapes.
        for bad in [
            "NL91ABNA0417164301",
            "NL91ABNA0417163400",
            "NL19ABNA0417164300",
            "NL91",
            "1291ABNA0417164300",
            "NLX1ABNA0417164300",
            "NL91ABNA04171643-0",
        ] {
            assert!(normalize_iban(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bics() {
        assert_eq!(normalize_bic("ABNANL2A").as_deref(), Ok("ABNANL2A"));
        assert!(normalize_bic("deutdeff500").is_ok());
        assert!(normalize_bic("ABNANL2").is_err());
        assert!(normalize_bic("AB1ANL2A").is_err());
        assert!(normalize_bic("ABNANL2A-X1").is_err());
    }

    #[test]
    fn print_in_groups_of_four() {
        assert_eq!(print("NL91ABNA0417164300"), "NL91 ABNA 0417 1643 00");
        assert_eq!(print(""), "");
    }
}
