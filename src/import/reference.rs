//! Structured payment references on statement lines: the key they are compared by, and
//! those a payer typed into the free text (`+++090/9337/55493+++`, `RF18 5390 0754 7034`).

use crate::payref::{be, nl, rf};

/// The form references are compared in: letters and digits only, upper case
/// (`+++090/9337/55493+++` and `090933755493` are the same reference).
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The compared form of `text` if it is a structured reference whose check digits hold:
/// an ISO 11649 RF reference, a Belgian OGM/VCS (with or without `+++`/`***`) or a Dutch
/// betalingskenmerk. `+++`, `/` and blanks are ignored.
pub fn structured(text: &str) -> Option<String> {
    let t = text.trim();
    let c = compact(t);
    if c.is_empty() {
        return None;
    }
    let valid = if c.starts_with("RF") {
        rf::validate(&c).is_ok()
    } else if c.bytes().all(|b| b.is_ascii_digit()) {
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        (c.len() == 12 && be::validate(&digits).is_ok()) || nl::validate(&digits).is_ok()
    } else {
        false
    };
    valid.then_some(c)
}

/// Structured references a payer wrote into free text: OGMs between `+++` or `***`, and RF
/// references (compact, or printed in groups of four). Each in compared form, check
/// digits verified; in the order found.
pub fn in_text(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for delim in ["+++", "***"] {
        let mut rest = text;
        while let Some(i) = rest.find(delim) {
            let after = &rest[i + 3..];
            match after.find(delim).filter(|&j| j <= 16) {
                Some(j) => {
                    if let Some(k) = structured(&after[..j]).filter(|k| k.len() == 12) {
                        out.push(k);
                    }
                    rest = &after[j + 3..];
                }
                None => rest = after,
            }
        }
    }
    let bytes = text.as_bytes();
    for (i, _) in text.to_ascii_uppercase().match_indices("RF") {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if !boundary || !bytes.get(i + 2).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let Some(k) = rf_at(&text[i..]) {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// The longest valid RF reference at the start of `text`: compact (any case), or printed
/// in groups of four upper-case letters or digits (the last may be shorter) separated by
/// single blanks, so that words after it (`dank u`) are never taken for part of it.
fn rf_at(text: &str) -> Option<String> {
    let mut candidates = Vec::new();
    let compact_token: String = text.chars().take_while(char::is_ascii_alphanumeric).collect();
    candidates.push(compact_token.to_ascii_uppercase());
    let mut grouped = String::new();
    for (n, group) in text.split(' ').enumerate() {
        let printed = |b: u8| b.is_ascii_digit() || b.is_ascii_uppercase() || (n == 0 && b.is_ascii_alphabetic());
        let alnum = !group.is_empty() && group.len() <= 4 && group.bytes().all(printed);
        if !alnum || grouped.len() + group.len() > 25 {
            break;
        }
        grouped.push_str(&group.to_ascii_uppercase());
        if n > 0 {
            candidates.push(grouped.clone());
        }
        if group.len() < 4 {
            break;
        }
    }
    candidates
        .into_iter()
        .filter(|c| c.len() <= 25 && rf::validate(c).is_ok())
        .max_by_key(String::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_references_and_their_check_digits() {
        assert_eq!(structured("+++090/9337/55493+++").as_deref(), Some("090933755493"));
        assert_eq!(structured("090933755493").as_deref(), Some("090933755493"));
        assert_eq!(structured("+++090/9337/55494+++"), None);
        assert_eq!(structured("RF18 5390 0754 7034").as_deref(), Some("RF18539007547034"));
        assert_eq!(structured("RF19 5390 0754 7034"), None);
        assert_eq!(structured("5000 0567 8901 2345").as_deref(), Some("5000056789012345"));
        assert_eq!(structured("5000 0567 8901 2346"), None);
        assert_eq!(structured("NOTPROVIDED"), None);
    }

    #[test]
    fn references_typed_into_free_text() {
        assert_eq!(in_text("betaling +++090/9337/55493+++ dank"), ["090933755493"]);
        assert_eq!(in_text("ref RF18 5390 0754 7034 dank u"), ["RF18539007547034"]);
        assert_eq!(in_text("ref rf18539007547034."), ["RF18539007547034"]);
        assert!(in_text("SURF18 and +++123+++").is_empty());
    }
}
