//! Recording what was sent: `sent` entries appended to the journal (or the rules'
//! `record-to` file) without touching any other byte, verified by re-parsing, and written
//! atomically.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, CustomerId, InvoiceId};
use crate::diag::Diagnostic;
use crate::due::DueLetter;
use crate::money::Currency;
use crate::source::FileId;
use crate::syntax::lex::quote;
use crate::syntax::parse_journal;

/// One `sent` entry to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRecord {
    /// Its date.
    pub date: NaiveDate,
    /// Customer id.
    pub customer: String,
    /// Stage name.
    pub stage: String,
    /// Invoice numbers with the fee and interest claimed on each (zero if none).
    pub invoices: Vec<(String, Decimal, Decimal)>,
    /// Currency of the amounts.
    pub currency: Currency,
    /// Path of the letter, relative to the journal's directory.
    pub letter: Option<String>,
    /// `post`, `email` or `task`.
    pub channel: String,
}

impl SentRecord {
    /// The entry as journal text (LF line ends, ending with a newline).
    pub fn to_text(&self) -> String {
        let numbers: Vec<&str> = self.invoices.iter().map(|(n, _, _)| n.as_str()).collect();
        let mut out = format!(
            "{} sent {} {} {}\n",
            self.date,
            self.customer,
            self.stage,
            numbers.join(" ")
        );
        let single = self.invoices.len() == 1;
        for (key, pick) in [("fee", 1), ("interest", 2)] {
            for (number, fee, interest) in &self.invoices {
                let amount = if pick == 1 { *fee } else { *interest };
                if amount.is_zero() {
                    continue;
                }
                let target = if single { String::new() } else { format!("{number} ") };
                out.push_str(&format!(
                    "  {key}: {target}{} {}\n",
                    self.currency.format(amount),
                    self.currency
                ));
            }
        }
        if let Some(letter) = &self.letter {
            out.push_str(&format!("  letter: {}\n", quote(letter)));
        }
        out.push_str(&format!("  channel: {}\n", self.channel));
        out
    }
}

/// The `sent` records of a letter: one per distinct stage its invoices advance to.
pub fn letter_records(book: &Book, letter: &DueLetter, path: Option<&str>, channel: &str) -> Vec<SentRecord> {
    letter
        .stages()
        .into_iter()
        .map(|stage| SentRecord {
            date: letter.date,
            customer: book.customer(letter.customer).id.to_string(),
            stage: stage.to_string(),
            invoices: letter
                .items
                .iter()
                .filter(|i| i.stage == stage)
                .map(|i| (book.invoice(i.invoice).number.to_string(), i.fee, i.interest))
                .collect(),
            currency: letter.currency,
            letter: path.map(str::to_string),
            channel: channel.to_string(),
        })
        .collect()
}

/// A task done: one `sent` record with `channel: task`.
pub fn task_record(
    book: &Book,
    date: NaiveDate,
    customer: CustomerId,
    stage: &str,
    invoices: &[InvoiceId],
) -> SentRecord {
    let currency = invoices
        .first()
        .map_or(Currency::EUR, |i| book.invoice(*i).amount.currency);
    SentRecord {
        date,
        customer: book.customer(customer).id.to_string(),
        stage: stage.to_string(),
        invoices: invoices
            .iter()
            .map(|i| (book.invoice(*i).number.to_string(), Decimal::ZERO, Decimal::ZERO))
            .collect(),
        currency,
        letter: None,
        channel: "task".into(),
    }
}

/// Why an append was refused.
#[derive(Debug)]
pub enum AppendError {
    /// The file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// The result would not parse cleanly: a bug, so nothing was written.
    Verify(Vec<Diagnostic>),
}

impl std::fmt::Display for AppendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppendError::Io(p, e) => write!(f, "cannot update `{}`: {e}", p.display()),
            AppendError::Verify(d) => write!(
                f,
                "the appended records would not parse ({}); nothing was written",
                d.first().map_or(String::new(), |d| d.message.clone())
            ),
        }
    }
}

/// `text` with `records` appended after a blank line, in the file's own line-end style;
/// every existing byte is kept as it was.
pub fn appended(text: &str, records: &[SentRecord]) -> String {
    let entries: Vec<String> = records.iter().map(SentRecord::to_text).collect();
    appended_entries(text, &entries)
}

/// `text` with `entries` (journal text, LF line ends) appended, each after a blank line, in
/// the file's own line-end style and in `dun fmt` layout, so that formatting never touches
/// what `dun` wrote; every existing byte is kept as it was.
pub fn appended_entries(text: &str, entries: &[String]) -> String {
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 256 * entries.len());
    out.push_str(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str(eol);
    }
    for e in entries {
        if !out.is_empty() {
            out.push_str(eol);
        }
        out.push_str(&crate::layout::format_text(e).replace('\n', eol));
    }
    out
}

/// Appends `records` to the file at `path` (see [`append_entries`]).
pub fn append(path: &Path, records: &[SentRecord]) -> Result<(), AppendError> {
    let entries: Vec<String> = records.iter().map(SentRecord::to_text).collect();
    append_entries(path, &entries)
}

/// Appends `entries` to the file at `path`: re-parses the result and checks that the old
/// text's problems are unchanged and the new entries parse, then writes atomically.
pub fn append_entries(path: &Path, entries: &[String]) -> Result<(), AppendError> {
    let io = |e| AppendError::Io(path.to_path_buf(), e);
    let old = std::fs::read_to_string(path).map_err(io)?;
    let new = appended_entries(&old, entries);
    let before = parse_journal(FileId(0), &old).diagnostics.len();
    let after = parse_journal(FileId(0), &new);
    if after.diagnostics.len() != before {
        return Err(AppendError::Verify(after.diagnostics));
    }
    crate::write::atomic_write(path, new.as_bytes()).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn record(invoices: &[(&str, &str, &str)]) -> SentRecord {
        SentRecord {
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            customer: "acme".into(),
            stage: "notice".into(),
            invoices: invoices
                .iter()
                .map(|(n, f, i)| {
                    (
                        n.to_string(),
                        Decimal::from_str(f).unwrap(),
                        Decimal::from_str(i).unwrap(),
                    )
                })
                .collect(),
            currency: Currency::EUR,
            letter: Some("letters/2026-11-23/acme-notice.html".into()),
            channel: "post".into(),
        }
    }

    #[test]
    fn single_and_multiple_invoices() {
        assert_eq!(
            record(&[("INV-1", "40", "3.125")]).to_text(),
            "2026-11-23 sent acme notice INV-1\n  fee: 40.00 EUR\n  interest: 3.13 EUR\n  letter: \"letters/2026-11-23/acme-notice.html\"\n  channel: post\n"
        );
        let two = record(&[("INV-1", "30", "0"), ("INV-2", "10", "1")]).to_text();
        assert!(
            two.contains("  fee: INV-1 30.00 EUR\n  fee: INV-2 10.00 EUR\n  interest: INV-2 1.00 EUR\n"),
            "{two}"
        );
    }

    #[test]
    fn append_keeps_every_byte_and_line_ends() {
        let r = [record(&[("INV-1", "0", "0")])];
        assert_eq!(appended("a ; x", &r), format!("a ; x\n\n{}", r[0].to_text()));
        let crlf = appended("x\r\ny\r\n", &r);
        assert!(crlf.starts_with("x\r\ny\r\n\r\n2026-11-23 sent"));
        assert!(!crlf.replace("\r\n", "").contains('\n'));
        assert_eq!(appended("", &r), r[0].to_text());
    }
}
