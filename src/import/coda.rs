//! Belgian CODA 2.x (Febelfin "Coded statement of account", version 2.6): fixed records of
//! 128 characters, identified by their first one or two characters.
//!
//! | record | positions used (1-based) |
//! |---|---|
//! | `0` header | 6–11 creation date DDMMYY, 128 version `2` |
//! | `1` old balance | 2 account structure, 6–42 account and currency |
//! | `21` movement | 3–6 sequence, 7–10 detail, 11–31 bank reference, 32 sign (0 credit, 1 debit), 33–47 amount (3 decimals), 54–61 transaction code, 62 communication type (1 structured), 63–115 communication (structured: 63–65 type `101`/`102`, 66–77 the 12 OGM digits), 116–121 entry date DDMMYY |
//! | `22` | 11–63 communication continued |
//! | `23` | 11–47 counterparty account (IBAN and currency), 48–82 counterparty name, 83–125 communication continued |
//! | `31` information | 41–113 communication (40 structure: 1 structured, then a 3-digit type) |
//! | `32` | 11–115 communication continued |
//! | `8` new balance, `9` trailer, `4` free message | not needed |
//!
//! Source: Febelfin, "Standard CODA 2.6", as implemented by wimverstuyf/php-coda-parser and
//! OCA's l10n_be_coda. A movement split into details (globalisation) is read from its
//! details: the global record (detail 0 with the same sequence) is then left out.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::amount;
use super::{Direction, Line, Problem, Statement};
use crate::money::Currency;

/// Every CODA record has exactly this many characters.
pub const RECORD: usize = 128;

/// A movement being assembled from its records 21, 22, 23 and 31, 32.
struct Movement {
    seq: String,
    detail: String,
    line: usize,
    bank_ref: String,
    direction: Direction,
    amount: Decimal,
    date: NaiveDate,
    structured: Option<String>,
    text: Vec<String>,
    iban: Option<String>,
    name: Option<String>,
}

/// Reads a CODA file: one statement per `1` record.
pub fn read(text: &str) -> Result<Vec<Statement>, Problem> {
    let mut out: Vec<Statement> = Vec::new();
    let mut currency = Currency::EUR;
    let mut account: Option<String> = None;
    let mut moves: Vec<Movement> = Vec::new();
    let mut info_of: Option<usize> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        if chars.len() != RECORD {
            return Err(Problem::line(
                n,
                format!("a CODA record has {RECORD} characters, this one has {}", chars.len()),
            ));
        }
        let f = |from: usize, to: usize| -> String { chars[from - 1..to].iter().collect() };
        match (chars[0], chars[1]) {
            ('0', _) => {}
            ('1', _) => {
                flush(&mut out, &mut moves, account.take(), currency);
                let (acct, ccy) = match chars[1] {
                    '0' => (f(6, 17), f(19, 21)),
                    _ => (f(6, 39), f(40, 42)),
                };
                currency = amount::currency(&ccy).map_err(|m| Problem::line(n, format!("account currency: {m}")))?;
                account = Some(acct.trim().to_string()).filter(|a| !a.is_empty());
                info_of = None;
            }
            ('2', '1') => {
                let m = movement(&f, n)?;
                moves.push(m);
                info_of = Some(moves.len() - 1);
            }
            ('2', '2') => {
                if let Some(m) = info_of.and_then(|i| moves.get_mut(i)) {
                    m.text.push(f(11, 63));
                }
            }
            ('2', '3') => {
                if let Some(m) = info_of.and_then(|i| moves.get_mut(i)) {
                    let acct = f(11, 47);
                    let acct = acct.trim();
                    // IBAN (up to 34) then its currency; a Belgian BBAN is 12 digits.
                    let iban = acct.split_whitespace().next().unwrap_or("");
                    m.iban = Some(iban.to_string()).filter(|s| !s.is_empty() && !s.bytes().all(|b| b == b'0'));
                    m.name = Some(super::squeeze(&f(48, 82))).filter(|s| !s.is_empty());
                    m.text.push(f(83, 125));
                }
            }
            ('3', '1') => {
                if let Some(m) = info_of.and_then(|i| moves.get_mut(i)) {
                    // Structured information (name and address, ...) is not remittance text.
                    if chars[39] != '1' {
                        m.text.push(f(41, 113));
                    }
                }
            }
            ('3', '2') | ('3', '3') => {}
            ('4', _) | ('8', _) | ('9', _) => info_of = None,
            (c, d) => {
                return Err(Problem::line(
                    n,
                    format!("`{c}{d}` is not a CODA record type (0, 1, 21, 22, 23, 31, 32, 33, 4, 8, 9)"),
                ))
            }
        }
    }
    flush(&mut out, &mut moves, account, currency);
    if out.is_empty() {
        return Err(Problem::file("a CODA file without an old-balance record (type 1)"));
    }
    Ok(out)
}

/// A record 21.
fn movement(f: &dyn Fn(usize, usize) -> String, n: usize) -> Result<Movement, Problem> {
    let sign = f(32, 32);
    let direction = match sign.as_str() {
        "0" => Direction::In,
        "1" => Direction::Out,
        other => {
            return Err(Problem::line(
                n,
                format!("movement sign `{other}` (position 32) is neither 0 nor 1"),
            ))
        }
    };
    let digits = f(33, 47);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::line(
            n,
            format!("amount `{digits}` (positions 33-47) is not 15 digits"),
        ));
    }
    let amount = Decimal::from_str_exact(&digits)
        .map(|d| d / Decimal::from(1000))
        .map_err(|_| Problem::line(n, format!("amount `{digits}` is not a number")))?
        .normalize();
    let entry = f(116, 121);
    let value = f(48, 53);
    let date = amount::short_date(&entry, true)
        .or_else(|_| amount::short_date(&value, true))
        .map_err(|m| Problem::line(n, format!("entry date (positions 116-121): {m}")))?;
    let (structured, text) = match f(62, 62).as_str() {
        "1" => {
            let kind = f(63, 65);
            match kind.as_str() {
                "101" | "102" => (Some(f(66, 77)), Vec::new()),
                _ => (None, vec![f(66, 115)]),
            }
        }
        _ => (None, vec![f(63, 115)]),
    };
    Ok(Movement {
        seq: f(3, 6),
        detail: f(7, 10),
        line: n,
        bank_ref: f(11, 31).trim().to_string(),
        direction,
        amount,
        date,
        structured,
        text,
        iban: None,
        name: None,
    })
}

/// Ends the statement being read: its movements become lines.
fn flush(out: &mut Vec<Statement>, moves: &mut Vec<Movement>, account: Option<String>, currency: Currency) {
    if moves.is_empty() && account.is_none() {
        return;
    }
    let detailed: std::collections::HashSet<String> = moves
        .iter()
        .filter(|m| m.detail != "0000")
        .map(|m| m.seq.clone())
        .collect();
    let kept: Vec<Movement> = moves
        .drain(..)
        .filter(|m| m.detail != "0000" || !detailed.contains(&m.seq))
        .collect();
    let mut count: std::collections::HashMap<String, usize> = Default::default();
    for m in &kept {
        *count.entry(m.bank_ref.clone()).or_default() += 1;
    }
    let mut lines: Vec<Line> = kept
        .into_iter()
        .map(|m| {
            let bank_id = match count.get(&m.bank_ref) {
                _ if m.bank_ref.is_empty() => String::new(),
                Some(1) => m.bank_ref.clone(),
                _ => format!("{}/{}", m.bank_ref, m.detail),
            };
            // Continued text is cut at fixed positions, not at word ends: join without
            // separators, then squeeze the padding.
            let text = super::squeeze(&m.text.concat());
            Line {
                bank_id,
                date: m.date,
                amount: m.amount,
                currency,
                direction: m.direction,
                reversal: false,
                reference: m
                    .structured
                    .map(|s| match s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
                        true => format!("+++{}/{}/{}+++", &s[..3], &s[3..7], &s[7..]),
                        false => s,
                    }),
                text,
                iban: m.iban,
                name: m.name,
                at: format!("line {}", m.line),
            }
        })
        .collect();
    super::hash_ids("coda", account.as_deref(), &mut lines);
    out.push(Statement {
        file: Default::default(),
        format: super::Format::Coda,
        id: None,
        account,
        lines,
    });
}
