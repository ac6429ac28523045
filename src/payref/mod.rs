//! Structured payment references: generate and validate.
//!
//! Three kinds, one file each:
//! - [`rf`]: the ISO 11649 creditor reference (`RF18 5390 0754 7034`), international;
//! - [`be`]: the Belgian structured communication OGM/VCS (`+++090/9337/55493+++`);
//! - [`nl`]: the Dutch betalingskenmerk (`5000 0567 8901 2345`).
//!
//! Sources of every algorithm are cited in its file. [`Kind::for_invoice`] derives a reference
//! from an invoice number deterministically, so the same invoice always gets the same reference, in every run and
//! on every machine (documented in `docs/journal.md`, "Payment references").

pub mod be;
pub mod nl;
pub mod rf;

/// The kinds of structured reference `dun` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// ISO 11649 `RF` creditor reference.
    Rf,
    /// Belgian OGM/VCS.
    Be,
    /// Dutch betalingskenmerk (Currence / Betaalvereniging).
    Nl,
}

impl Kind {
    /// Every kind as written in `rules.dun` (`reference rf`).
    pub const NAMES: &'static [&'static str] = &["rf", "be", "nl"];

    /// The kind named `name` in the rules.
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "rf" => Some(Kind::Rf),
            "be" => Some(Kind::Be),
            "nl" => Some(Kind::Nl),
            _ => None,
        }
    }

    /// The name as written in the rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Rf => "rf",
            Kind::Be => "be",
            Kind::Nl => "nl",
        }
    }

    /// What people call it, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Rf => "ISO 11649 RF creditor reference",
            Kind::Be => "Belgian structured communication (OGM/VCS)",
            Kind::Nl => "Dutch payment reference (betalingskenmerk)",
        }
    }

    /// A valid example, for hints.
    pub fn example(self) -> &'static str {
        match self {
            Kind::Rf => "RF18539007547034",
            Kind::Be => "+++090/9337/55493+++",
            Kind::Nl => "5000056789012345",
        }
    }

    /// Checks `text` as a reference of this kind: its canonical print form, or what is wrong.
    pub fn validate(self, text: &str) -> Result<String, &'static str> {
        match self {
            Kind::Rf => rf::validate(text),
            Kind::Be => be::validate(text),
            Kind::Nl => nl::validate(text),
        }
    }

    /// The reference of this kind for invoice `number`, in print form. Deterministic:
    /// - `rf`: the number's letters and digits, upper case, when there are 1 to 21 of them
    ///   (`INV-2026-001` -> `RF10INV2026001`); else [`stable_hash`] of the number in decimal;
    /// - `be` (10 digits) and `nl` (15 digits): the number's digits, zero-padded, when the
    ///   number has no letters and at most that many digits (`2026-001` ->
    ///   `+++000/2026/00159+++`); else [`stable_hash`] of the number modulo 10^10 or 10^15.
    pub fn for_invoice(self, number: &str) -> String {
        match self {
            Kind::Rf => {
                let alnum: String = number
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                let body = if (1..=rf::MAX_BODY).contains(&alnum.len()) {
                    alnum
                } else {
                    stable_hash(number).to_string()
                };
                rf::print(&rf::generate(&body).unwrap_or_default())
            }
            Kind::Be => be::print(&be::generate(digits_or_hash(number, 10))),
            Kind::Nl => nl::print(&nl::generate(digits_or_hash(number, 15))),
        }
    }

    /// The kind `text` looks like, from its shape alone: `RF` + digit, `+++`/`***`, or
    /// none (plain digits could be either `be` or `nl`; the rules' setting decides those).
    pub fn guess(text: &str) -> Option<Kind> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() > 2 && b[..2].eq_ignore_ascii_case(b"RF") && b[2].is_ascii_digit() {
            Some(Kind::Rf)
        } else if t.starts_with("+++") || t.starts_with("***") {
            Some(Kind::Be)
        } else {
            None
        }
    }
}

/// `number`'s digits as a number when it has no letters and 1 to `width` digits; else
/// [`stable_hash`] modulo 10^`width`. `width` is at most 19.
fn digits_or_hash(number: &str, width: u32) -> u64 {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let letters = number.chars().any(char::is_alphabetic);
    let limit = 10u64.pow(width);
    match digits.parse::<u64>() {
        Ok(n) if !letters && digits.len() <= width as usize => n,
        _ => stable_hash(number) % limit,
    }
}

/// FNV-1a, 64 bits, over the UTF-8 bytes of `text`: a fixed, documented function (unlike
/// `std`'s hasher, whose output may change between Rust versions), so references derived
/// from it never change.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `text` without spaces, dots, slashes and dashes: the forms people print references in.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ' ' | '.' | '/' | '-')).collect()
}

/// `(digits as a number) mod m` for a string of ASCII digits and letters (A = 10 .. Z = 35),
/// as ISO 7064 MOD 97-10 reads them; `None` for any other character.
fn mod97(text: &str) -> Option<u32> {
    text.bytes().try_fold(0u32, |acc, c| match c {
        b'0'..=b'9' => Some((acc * 10 + u32::from(c - b'0')) % 97),
        b'A'..=b'Z' => Some((acc * 100 + u32::from(c - b'A') + 10) % 97),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_references_are_valid_and_stable() {
        for number in [
            "INV-2026-001",
            "2026-001",
            "A-12",
            "",
            "FACTUUR/2026/ÄÖ",
            "X".repeat(40).as_str(),
        ] {
            for kind in [Kind::Rf, Kind::Be, Kind::Nl] {
                let r = kind.for_invoice(number);
                assert_eq!(kind.validate(&r).as_deref(), Ok(r.as_str()), "{kind:?} {number} -> {r}");
                assert_eq!(kind.for_invoice(number), r);
            }
        }
        assert_eq!(Kind::Rf.for_invoice("INV-2026-001"), "RF10 INV2 0260 01");
        assert_eq!(Kind::Be.for_invoice("2026-001"), "+++000/2026/00159+++");
        assert_eq!(Kind::Nl.for_invoice("2026-001"), "0000 0000 0202 6001");
        // Letters make BE and NL fall back to the hash: two numbers with the same digits differ.
        assert_ne!(Kind::Be.for_invoice("A-12"), Kind::Be.for_invoice("B-12"));
    }

    #[test]
    fn fnv1a_known_values() {
        // Published FNV-1a 64 test vectors (Fowler/Noll/Vo reference code, test_fnv.c).
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn guesses_by_shape() {
        assert_eq!(Kind::guess("RF18 5390 0754 7034"), Some(Kind::Rf));
        assert_eq!(Kind::guess("rf18539007547034"), Some(Kind::Rf));
        assert_eq!(Kind::guess("+++090/9337/55493+++"), Some(Kind::Be));
        assert_eq!(Kind::guess("***090/9337/55493***"), Some(Kind::Be));
        assert_eq!(Kind::guess("RFC 2822"), None);
        assert_eq!(Kind::guess("5000056789012345"), None);
    }
}
