//! `dun import`: bank statements in, one reviewable journal entry per incoming line.
//!
//! The stages, one module each:
//!
//! 1. [`read`]: bytes -> [`Statement`]s, the format detected from the content
//!    ([`camt`] camt.05x XML, [`coda`] Belgian CODA 2.x, [`mt940`] SWIFT MT940 with Dutch
//!    `:86:` codewords, [`bank_csv`] the CSV and TXT exports of ING, Rabobank, ABN AMRO, KBC
//!    and bunq); a file that cannot be read is a [`ReadError`] naming the file and the line
//!    or element;
//! 2. [`matching`]: each incoming line -> a [`matching::Decision`], in the documented order
//!    (structured reference, invoice numbers, IBAN and amount, IBAN, else unmatched), acting
//!    only on one unambiguous hit;
//! 3. [`record`]: the decisions -> `payment` and `unmatched` entries appended to the
//!    `import-to` file, committed as one git commit, every write taken back on failure.
//!
//! Nothing is ever recorded twice: a line whose bank id the journal already holds is skipped.

pub mod amount;
pub mod bank_csv;
pub mod camt;
pub mod coda;
pub mod matching;
pub mod mt940;
pub mod record;
pub mod reference;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Currency;

pub use matching::{Decision, Matched, MatchedHow};
pub use record::{import, ImportError, Options, Outcome};

/// The formats `dun import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// ISO 20022 camt.053 (also camt.052 and camt.054), any version.
    Camt,
    /// Belgian CODA 2.x (Febelfin), 128-character records.
    Coda,
    /// SWIFT MT940, Dutch structured `:86:` or plain text.
    Mt940,
    /// A bank's CSV or TXT export.
    Csv(bank_csv::Profile),
}

impl Format {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Format::Camt => "camt.053",
            Format::Coda => "CODA",
            Format::Mt940 => "MT940",
            Format::Csv(p) => p.name(),
        }
    }
}

/// Which way money moved on the statement's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Money received (a credit).
    In,
    /// Money paid out (a debit).
    Out,
}

/// One transaction of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The bank's id of the line (see `docs/import.md`, "Bank ids").
    pub bank_id: String,
    /// Booking date.
    pub date: NaiveDate,
    /// The amount, positive.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// Credit or debit.
    pub direction: Direction,
    /// A reversal or return: money that goes back the other way of an earlier line.
    pub reversal: bool,
    /// The structured payment reference as the bank gave it (RF, OGM, betalingskenmerk).
    pub reference: Option<String>,
    /// The remittance text (every unstructured part, joined by a space).
    pub text: String,
    /// The counterparty's account, as given.
    pub iban: Option<String>,
    /// The counterparty's name.
    pub name: Option<String>,
    /// Where in the file the line is (`line 14`, `Stmt[1]/Ntry[3]/TxDtls[2]`).
    pub at: String,
}

/// One statement: the lines of one account over one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The file it came from.
    pub file: PathBuf,
    /// Its format.
    pub format: Format,
    /// The statement's id in the file, where it has one.
    pub id: Option<String>,
    /// The account the statement is of.
    pub account: Option<String>,
    /// Its transactions, in file order.
    pub lines: Vec<Line>,
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A line, 1-based.
    Line(usize),
    /// An XML element, by its path (`Stmt[1]/Ntry[3]/Amt`).
    Element(String),
}

/// A statement file that cannot be read: nothing is imported from any file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file.
    pub file: PathBuf,
    /// Where in it.
    pub place: Place,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = self.file.display();
        match &self.place {
            Place::File => write!(f, "{file}: {}", self.message),
            Place::Line(n) => write!(f, "{file}:{n}: {}", self.message),
            Place::Element(e) => write!(f, "{file}: element `{e}`: {}", self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// A problem found by a reader, before the file name is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub place: Place,
    /// What.
    pub message: String,
}

impl Problem {
    /// A problem on line `n` (1-based).
    pub fn line(n: usize, message: impl Into<String>) -> Problem {
        Problem {
            place: Place::Line(n),
            message: message.into(),
        }
    }

    /// A problem at an XML element.
    pub fn element(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            place: Place::Element(path.into()),
            message: message.into(),
        }
    }

    /// A problem with the file as a whole.
    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            place: Place::File,
            message: message.into(),
        }
    }
}

/// Statement files are small; anything larger is not one (and would only waste memory).
pub const MAX_STATEMENT_SIZE: usize = 256 * 1024 * 1024;

/// Reads a statement file's bytes: the format from the content, then its reader.
pub fn read(file: &Path, bytes: &[u8]) -> Result<Vec<Statement>, ReadError> {
    let fail = |p: Problem| ReadError {
        file: file.to_path_buf(),
        place: p.place,
        message: p.message,
    };
    let text = decode(bytes);
    let format = detect(&text).ok_or_else(|| {
        fail(Problem::file(
            "not a bank statement dun can read: expected camt.053 XML, CODA, MT940, \
             or the CSV export of ING, Rabobank, ABN AMRO, KBC or bunq",
        ))
    })?;
    let mut statements = match format {
        Format::Camt => camt::read(&text),
        Format::Coda => coda::read(&text),
        Format::Mt940 => mt940::read(&text),
        Format::Csv(profile) => bank_csv::read(&text, profile),
    }
    .map_err(fail)?;
    for s in &mut statements {
        s.file = file.to_path_buf();
        s.format = format;
        // A line of 0.00 moves no money (a bank's information line): nothing to record.
        s.lines.retain(|l| !l.amount.is_zero());
    }
    Ok(statements)
}

/// The text of a file: UTF-8 without its BOM, else Windows-1252 (what Belgian banks and
/// older Dutch exports write), which maps every byte to a character.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The format of `text`, from its content alone.
pub fn detect(text: &str) -> Option<Format> {
    let start = text.trim_start();
    if start.starts_with('<') {
        return Some(Format::Camt);
    }
    let first = text.lines().next().unwrap_or("");
    if first.starts_with("0000") && first.trim_end_matches('\r').chars().count() >= 120 {
        return Some(Format::Coda);
    }
    if mt940::looks_like(text) {
        return Some(Format::Mt940);
    }
    bank_csv::Profile::detect(text).map(Format::Csv)
}

/// Gives the lines without a bank id one made from what identifies them: a hash of the
/// account, date, amount, counterparty and text, plus the line's rank among identical
/// lines of the statement (so that two equal payments on one day are two lines, and the
/// same statement read again gives the same ids).
pub fn hash_ids(prefix: &str, account: Option<&str>, lines: &mut [Line]) {
    let mut seen: rustc_hash::FxHashMap<u64, usize> = Default::default();
    for line in lines.iter_mut().filter(|l| l.bank_id.is_empty()) {
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            account.unwrap_or(""),
            line.date,
            if line.direction == Direction::In { "+" } else { "-" },
            line.amount.normalize(),
            line.currency,
            line.iban.as_deref().unwrap_or(""),
            line.name.as_deref().unwrap_or(""),
            line.text
        );
        let hash = crate::payref::stable_hash(&key);
        let rank = seen.entry(hash).or_insert(0);
        *rank += 1;
        line.bank_id = format!("{prefix}-{hash:016x}-{rank}");
    }
}

/// Text from a bank with its runs of blanks (fixed-width padding, line breaks) made one space.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode(b"caf\xE9 \x80"), "café €");
    }

    #[test]
    fn hashed_ids_count_identical_lines() {
        let line = Line {
            bank_id: String::new(),
            date: NaiveDate::from_ymd_opt(2026, 2, 20).unwrap(),
            amount: Decimal::new(1000, 2),
            currency: Currency::EUR,
            direction: Direction::In,
            reversal: false,
            reference: None,
            text: "x".into(),
            iban: None,
            name: None,
            at: String::new(),
        };
        let mut lines = vec![
            line.clone(),
            line.clone(),
            Line {
                text: "y".into(),
                ..line
            },
        ];
        hash_ids("t", Some("NL"), &mut lines);
        assert!(lines[0].bank_id.ends_with("-1") && lines[1].bank_id.ends_with("-2"));
        assert_eq!(
            lines[0].bank_id[..lines[0].bank_id.len() - 2],
            lines[1].bank_id[..lines[1].bank_id.len() - 2]
        );
        assert!(lines[2].bank_id.ends_with("-1") && lines[2].bank_id != lines[0].bank_id);
    }
}
