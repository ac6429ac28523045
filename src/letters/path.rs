//! Where a letter is written: `OUT/DATE/CUSTOMER-STAGE.EXT`, with the customer id and stage
//! name reduced to safe file-name characters so that no id (`../x`, `a/b`, `C:\x`) can
//! place a file outside the output directory.

use std::path::{Path, PathBuf};

use super::render::LetterFormat;
use crate::due::DueLetter;

/// The path of `letter` to `customer_id` in `format` under `out_dir`.
pub fn letter_path(out_dir: &Path, letter: &DueLetter, customer_id: &str, format: LetterFormat) -> PathBuf {
    let name = format!(
        "{}-{}.{}",
        file_part(customer_id),
        file_part(&letter.stage),
        format.ext()
    );
    out_dir.join(letter.date.to_string()).join(name)
}

/// `s` with every character other than ASCII letters, digits, `.`, `_` and `-` replaced by
/// `_`, and a leading `.` too (no hidden files, never `..`).
pub fn file_part(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with('.') {
        out.replace_range(0..0, "_");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::CustomerId;
    use crate::money::Currency;
    use chrono::NaiveDate;
    use std::path::Component;

    fn letter(stage: &str) -> DueLetter {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        DueLetter {
            customer: CustomerId(0),
            currency: Currency::EUR,
            language: "nl".into(),
            policy: "business".into(),
            stage: stage.into(),
            stage_index: 0,
            template: "reminder".into(),
            handover: false,
            date,
            pay_by: date,
            items: Vec::new(),
            others: Vec::new(),
            fee_steps: Vec::new(),
        }
    }

    #[test]
    fn out_date_customer_stage_ext() {
        let p = letter_path(Path::new("letters"), &letter("reminder"), "acme", LetterFormat::Html);
        assert_eq!(p, Path::new("letters/2026-11-23/acme-reminder.html"));
    }

    #[test]
    fn ids_never_escape_the_output_dir() {
        for id in [
            "../x",
            "a/b",
            "..",
            "/etc/passwd",
            "C:\\x",
            ".hidden",
            "",
            "a\0b",
            "é/../..",
        ] {
            for stage in ["notice", "../../up"] {
                let p = letter_path(Path::new("out"), &letter(stage), id, LetterFormat::Txt);
                let rel = p.strip_prefix("out/2026-11-23").expect("under out/DATE");
                let parts: Vec<Component> = rel.components().collect();
                assert_eq!(parts.len(), 1, "{id} -> {}", p.display());
                assert!(matches!(parts[0], Component::Normal(_)), "{id} -> {}", p.display());
                assert!(!rel.to_string_lossy().starts_with('.'), "{id}");
            }
        }
        assert_eq!(file_part("../x"), "_.._x");
        assert_eq!(file_part("a/b"), "a_b");
    }
}
