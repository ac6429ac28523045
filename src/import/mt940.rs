//! SWIFT MT940 customer statements, as Dutch banks write them.
//!
//! Tags used: `:20:` statement reference (a new statement), `:25:` account, `:60F:`/`:60M:`
//! opening balance (its currency), `:61:` a transaction, `:86:` its information.
//!
//! `:61:` is `6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]` and an optional line of supplementary
//! details (34x): value date YYMMDD, entry date MMDD, `C`/`D`/`RC`/`RD`, funds code,
//! amount with a decimal comma, transaction type, customer reference, `//` bank reference.
//! Rabobank writes the counterparty's account on the supplementary line.
//!
//! `:86:` either holds Dutch structured codewords (ING, Rabobank, ABN AMRO: `/EREF/`,
//! `/CNTP/IBAN/BIC/NAME/CITY/`, `/IBAN/`, `/NAME/`, `/REMI/USTD//text/`,
//! `/REMI/STRD/CUR/kenmerk/`, ...) or plain text, from which an IBAN is picked up when one
//! is written. Sources: ING and Rabobank MT940 format descriptions as implemented by
//! zilverline/mt940 and OCA/bank-statement-import's mt940 base.

use chrono::{Datelike, NaiveDate};

use super::amount;
use super::{Direction, Line, Problem, Statement};
use crate::money::Currency;

/// Whether `text` looks like MT940: a `:20:` tag and a `:25:` or `:61:` tag at line starts.
pub fn looks_like(text: &str) -> bool {
    let tag = |t: &str| text.lines().take(2000).any(|l| l.trim_start().starts_with(t));
    tag(":20:") && (tag(":25:") || tag(":61:"))
}

/// Reads an MT940 file: one statement per `:20:`.
pub fn read(text: &str) -> Result<Vec<Statement>, Problem> {
    let fields = fields(text);
    let mut out: Vec<Statement> = Vec::new();
    let mut current: Option<Statement> = None;
    let mut currency: Option<Currency> = None;
    let mut pending: Option<(Line, usize)> = None;
    let finish_line = |cur: &mut Option<Statement>, pending: &mut Option<(Line, usize)>| {
        if let (Some(s), Some((l, _))) = (cur.as_mut(), pending.take()) {
            s.lines.push(l);
        }
    };
    for (line_no, tag, value) in fields {
        match tag.as_str() {
            "20" => {
                finish_line(&mut current, &mut pending);
                out.extend(current.take());
                current = Some(Statement {
                    file: Default::default(),
                    format: super::Format::Mt940,
                    id: Some(value.trim().to_string()),
                    account: None,
                    lines: Vec::new(),
                });
                currency = None;
            }
            "25" => {
                let acct = value.trim();
                let s = current.get_or_insert_with(blank);
                // `NL69INGB0123456789EUR` or `NL50RABO0123456789 EUR`.
                let (acct, ccy) = split_currency(acct);
                s.account = Some(acct.to_string());
                if let Some(c) = ccy {
                    currency = Some(c);
                }
            }
            "60F" | "60M" => {
                let v = value.trim();
                let code = v.get(7..10).unwrap_or("");
                currency = Some(amount::currency(code).map_err(|m| Problem::line(line_no, format!(":60F: {m}")))?);
            }
            "61" => {
                finish_line(&mut current, &mut pending);
                let cur = currency.unwrap_or(Currency::EUR);
                pending = Some((transaction(&value, cur, line_no)?, line_no));
            }
            "86" => {
                if let Some((l, _)) = pending.as_mut() {
                    information(l, &value);
                }
            }
            _ => {}
        }
    }
    finish_line(&mut current, &mut pending);
    out.extend(current);
    if out.is_empty() {
        return Err(Problem::file("an MT940 file without a statement (`:20:`)"));
    }
    for s in &mut out {
        super::hash_ids("mt940", s.account.as_deref(), &mut s.lines);
    }
    Ok(out)
}

fn blank() -> Statement {
    Statement {
        file: Default::default(),
        format: super::Format::Mt940,
        id: None,
        account: None,
        lines: Vec::new(),
    }
}

/// `NL69INGB0123456789EUR` -> (`NL69INGB0123456789`, EUR).
fn split_currency(acct: &str) -> (&str, Option<Currency>) {
    let a = acct.trim();
    if let Some((head, tail)) = a.rsplit_once(' ') {
        if let Some(c) = Currency::from_code(tail) {
            return (head.trim(), Some(c));
        }
    }
    if a.len() > 3 && a.is_char_boundary(a.len() - 3) {
        let (head, tail) = a.split_at(a.len() - 3);
        if tail.bytes().all(|b| b.is_ascii_uppercase()) {
            if let Some(c) = Currency::from_code(tail) {
                return (head, Some(c));
            }
        }
    }
    (a, None)
}

/// The tagged fields: (line of the tag, tag, value with continuation lines joined by `\n`).
fn fields(text: &str) -> Vec<(usize, String, String)> {
    let mut out: Vec<(usize, String, String)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let tagged = line
            .strip_prefix(':')
            .and_then(|r| {
                r.find(':')
                    .filter(|&j| (2..=3).contains(&j))
                    .map(|j| (&r[..j], &r[j + 1..]))
            })
            .filter(|(t, _)| t.bytes().all(|b| b.is_ascii_alphanumeric()));
        match tagged {
            Some((tag, value)) => out.push((i + 1, tag.to_string(), value.to_string())),
            None if line.starts_with('-') || line.starts_with('{') || line.starts_with('}') => {}
            None => {
                if let Some(last) = out.last_mut() {
                    last.2.push('\n');
                    last.2.push_str(line);
                }
            }
        }
    }
    out
}

/// A `:61:` field.
fn transaction(value: &str, currency: Currency, n: usize) -> Result<Line, Problem> {
    let (first, supplementary) = value.split_once('\n').unwrap_or((value, ""));
    let bad = |what: &str| Problem::line(n, format!(":61: {what} (`{}`)", first.trim()));
    let s = first.trim();
    let value_date = amount::short_date(s.get(..6).unwrap_or(""), false)
        .map_err(|m| Problem::line(n, format!(":61: value date: {m}")))?;
    let mut rest = &s[6..];
    let mut date = value_date;
    if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        let (mm, dd) = (
            rest[..2].parse::<u32>().unwrap_or(0),
            rest[2..4].parse::<u32>().unwrap_or(0),
        );
        // The entry date's year is the value date's, or the next or previous one around New Year.
        let candidates = [value_date.year(), value_date.year() + 1, value_date.year() - 1];
        date = candidates
            .iter()
            .filter_map(|&y| NaiveDate::from_ymd_opt(y, mm, dd))
            .min_by_key(|d| (*d - value_date).num_days().abs())
            .ok_or_else(|| bad("entry date is not a date"))?;
        rest = &rest[4..];
    }
    let (mark, after) = ["RC", "RD", "EC", "ED", "C", "D"]
        .iter()
        .find_map(|m| rest.strip_prefix(m).map(|r| (*m, r)))
        .ok_or_else(|| bad("expected C, D, RC or RD after the dates"))?;
    let (direction, reversal) = match mark {
        "C" | "EC" => (Direction::In, false),
        "D" | "ED" => (Direction::Out, false),
        // RD: reversal of a debit (money back in); RC: reversal of a credit (money out).
        "RD" => (Direction::In, true),
        _ => (Direction::Out, true),
    };
    let mut after = after;
    if after.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        after = &after[1..]; // funds code: the third letter of the currency
    }
    let end = after
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .unwrap_or(after.len());
    let amount_text = &after[..end];
    let amt = amount::parse(amount_text, ',').map_err(|m| Problem::line(n, format!(":61: {m}")))?;
    let amt = amount::in_currency(amt, currency, amount_text).map_err(|m| Problem::line(n, format!(":61: {m}")))?;
    let tail = &after[end..];
    // Transaction type (N/F/S + 3), then the customer reference, then `//` bank reference.
    let refs = tail.get(4..).unwrap_or("");
    let bank_id = refs
        .split_once("//")
        .map(|(_, b)| b.trim().to_string())
        .unwrap_or_default();
    let supplementary = supplementary.trim();
    let iban = supplementary
        .split_whitespace()
        .next()
        .filter(|t| crate::iban::normalize_iban(t).is_ok())
        .map(str::to_string);
    Ok(Line {
        bank_id,
        date,
        amount: amt,
        currency,
        direction,
        reversal,
        reference: None,
        text: String::new(),
        iban,
        name: None,
        at: format!("line {n}"),
    })
}

/// The codewords of Dutch structured `:86:` fields.
const CODEWORDS: &[&str] = &[
    "EREF",
    "CNTP",
    "IBAN",
    "BIC",
    "NAME",
    "REMI",
    "TRTP",
    "MARF",
    "CSID",
    "ISDT",
    "RTRN",
    "PREF",
    "ORDP",
    "BENM",
    "ADDR",
    "ULTC",
    "ULTD",
    "ULTB",
    "PURP",
    "SVCL",
    "BUSP",
    "CDTRREF",
    "CDTRREFTP",
    "CD",
    "ISSR",
    "ID",
];

/// Fills `line` from a `:86:` field (also ABN AMRO's TXT description).
pub(super) fn information(line: &mut Line, value: &str) {
    let text: String = value
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .collect::<Vec<_>>()
        .concat();
    if !text.trim_start().starts_with('/') {
        plain(line, value);
        return;
    }
    let fields = structured(text.trim());
    for (code, v) in &fields {
        let v = v.trim_matches('/').trim();
        match code.as_str() {
            "CNTP" => {
                let parts: Vec<&str> = v.split('/').collect();
                if let Some(iban) = parts.first().filter(|s| !s.is_empty()) {
                    line.iban = Some(iban.to_string());
                }
                if let Some(name) = parts.get(2).filter(|s| !s.is_empty()) {
                    line.name = Some(super::squeeze(name));
                }
            }
            "IBAN" if !v.is_empty() => line.iban = Some(v.to_string()),
            "NAME" if !v.is_empty() => line.name = Some(super::squeeze(v)),
            "REMI" => remi(line, v),
            _ => {}
        }
    }
}

/// `/REMI/` values: `USTD//text`, `STRD/CUR/kenmerk` (also `STRD/ISO/RF...`), or text.
fn remi(line: &mut Line, v: &str) {
    if let Some(t) = v.strip_prefix("USTD") {
        line.text = super::squeeze(t.trim_start_matches('/'));
    } else if let Some(s) = v.strip_prefix("STRD") {
        let parts: Vec<&str> = s.split('/').filter(|p| !p.is_empty()).collect();
        line.reference = parts.last().map(|r| r.trim().to_string());
    } else {
        line.text = super::squeeze(v);
    }
}

/// Splits `/CODE/value/CODE/value` at the known codewords.
fn structured(text: &str) -> Vec<(String, String)> {
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'/' {
            if let Some(code) = CODEWORDS.iter().find(|c| {
                let end = i + 1 + c.len();
                text.get(i + 1..end) == Some(**c) && bytes.get(end) == Some(&b'/')
            }) {
                // A codeword inside a value (`/REMI/USTD//... /NAME/ ...`) is rare; REMI's
                // own sub-words are not codewords.
                marks.push((i, i + 2 + code.len(), code));
                i += 1 + code.len();
                continue;
            }
        }
        i += 1;
    }
    let mut out = Vec::new();
    for (k, (_, start, code)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        out.push((code.to_string(), text[*start..end.max(*start)].to_string()));
    }
    out
}

/// A plain `:86:`: the text, and an IBAN where one is written in it.
fn plain(line: &mut Line, value: &str) {
    let text = super::squeeze(&value.lines().collect::<Vec<_>>().join(" "));
    line.iban = line.iban.take().or_else(|| {
        text.split_whitespace()
            .find(|t| t.len() >= 15 && crate::iban::normalize_iban(t).is_ok())
            .map(str::to_string)
    });
    line.text = text;
}
