//! The journal parser's fast path: the blocks that make up nearly all of a large journal
//! (an `invoice`, `payment` or `credit` head with `memo:`, `ref:`, `invoice:`, `due:` and
//! `terms:` fields), read straight from the bytes, without the general parser's lines,
//! cursor, field table and diagnostics.
//!
//! It takes a block only when the general parser would read it without a single
//! diagnostic, and then reads exactly what the general parser reads, as a flat [`Common`]
//! handed to the part's [`Sink`] (no tree: the book's records are made from it straight;
//! [`Common::into_entry`] gives the general parser's tree to those who want one): a token
//! ends where [`lex::tokens`] ends it, comments and blank lines are skipped as
//! [`super::lines`] skips them, and each value is the one [`super::lex`] reads (numbers go
//! into the `Decimal`'s integer mantissa in the same pass that finds their end); the tests
//! hold both paths to the same trees and the same records. Anything else, an error or a
//! rarer shape (`x-` metadata, `bank-id:`, a string with escapes, a conflict marker, ...),
//! is `None`, and the general parser reads the block and explains what is wrong.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ast::{Allocation, Duration, Entry, EntryKind, Id, Spanned, Text};
use super::journal::Sink;
use super::lex::{self, Token};
use crate::money::{Currency, Money};
use crate::source::{FileId, Span};

/// The bytes of an id after its first: `[A-Za-z0-9._/-]`, a table for the hot loop.
const ID: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'/' | b'-');
        b += 1;
    }
    table
};

/// `10^n` for the amounts' limit check: [`lex::MAX_AMOUNT`] is `10^15`, so an amount of
/// scale `s` is too large from a mantissa of `10^(15 + s)`, and one with at most 18 digits
/// only below scale 3.
const POW10: [i64; 19] = {
    let mut table = [1; 19];
    let mut n = 1;
    while n < 19 {
        table[n] = table[n - 1] * 10;
        n += 1;
    }
    table
};

/// An `invoice`, `payment` or `credit` entry as the fast path reads it: the fields of its
/// tree ([`Entry`] with an [`EntryKind::Invoice`], `Payment` or `Credit`) but for the
/// `invoice:` lines (handed beside it) and the fields the fast path never takes.
#[derive(Debug)]
pub struct Common<'a> {
    /// Span of the head line.
    pub span: Span,
    /// The entry's date.
    pub date: Spanned<NaiveDate>,
    /// Which of the three, with what only that kind has.
    pub kind: CommonKind<'a>,
    /// Customer id.
    pub customer: Id<'a>,
    /// The amount on the head line.
    pub amount: Spanned<Money>,
    /// `ref:`
    pub reference: Option<Text<'a>>,
    /// `memo:`
    pub memo: Option<Text<'a>>,
}

/// Which kind a [`Common`] entry is.
#[derive(Debug, Clone, Copy)]
pub enum CommonKind<'a> {
    /// `DATE invoice NUMBER CUSTOMER AMOUNT`, with `due:` and `terms:`.
    Invoice {
        /// Invoice number.
        number: Id<'a>,
        /// `due:`
        due: Option<Spanned<NaiveDate>>,
        /// `terms:`
        terms: Option<Spanned<Duration>>,
    },
    /// `DATE payment CUSTOMER AMOUNT`
    Payment,
    /// `DATE credit NUMBER CUSTOMER AMOUNT`
    Credit {
        /// Credit note number.
        number: Id<'a>,
    },
}

impl<'a> Common<'a> {
    /// The general parser's tree of this entry, with its `invoice:` lines.
    pub fn into_entry(self, lines: Vec<Allocation<'a>>) -> Entry<'a> {
        let (customer, amount, reference) = (self.customer, self.amount, self.reference);
        let kind = match self.kind {
            CommonKind::Invoice { number, due, terms } => EntryKind::Invoice {
                number,
                customer,
                amount,
                due,
                terms,
                reference,
            },
            CommonKind::Payment => EntryKind::Payment {
                customer,
                amount,
                allocations: lines,
                reference,
                reverses: None,
                bank_id: None,
                iban: None,
                matched_by: None,
            },
            CommonKind::Credit { number } => EntryKind::Credit {
                number,
                customer,
                amount,
                allocations: lines,
                reference,
            },
        };
        Entry {
            span: self.span,
            date: self.date,
            kind,
            memo: self.memo,
            meta: Vec::new(),
        }
    }
}

/// The field keys the fast path reads.
enum Key {
    Memo,
    Ref,
    Invoice,
    Due,
    Terms,
}

/// Reads the common blocks of one part of a file.
pub(super) struct Fast<'a> {
    file: FileId,
    text: &'a str,
    /// The text up to the part's end.
    bytes: &'a [u8],
    /// The next byte to read.
    at: usize,
    /// The `invoice:` lines of the block being read, handed to the sink with it.
    allocations: Vec<Allocation<'a>>,
    /// The last date read, as written: entries come in date order, so most dates repeat it.
    last_date: Option<([u8; 10], NaiveDate)>,
}

impl<'a> Fast<'a> {
    /// A reader of the blocks of `text` that end by `end`, a line start or the text's end.
    pub(super) fn new(file: FileId, text: &'a str, end: usize) -> Fast<'a> {
        Fast {
            file,
            text,
            bytes: &text.as_bytes()[..end],
            at: 0,
            allocations: Vec::new(),
            last_date: None,
        }
    }

    /// Hands the entry of the block whose head line starts at `start` to `out`, and returns
    /// where the next line with content at column 0 starts (the part's end if none): `None`
    /// if the block is not one of the common shapes or has a problem.
    pub(super) fn block(&mut self, start: usize, out: &mut impl Sink<'a>) -> Option<usize> {
        self.at = start;
        self.allocations.clear();
        let date = self.date()?;
        self.gap()?;
        let (kind, customer, amount) = if self.word(b"invoice") {
            let number = self.id()?;
            let kind = CommonKind::Invoice {
                number,
                due: None,
                terms: None,
            };
            (kind, self.id()?, self.amount()?)
        } else if self.word(b"payment") {
            (CommonKind::Payment, self.id()?, self.amount()?)
        } else if self.word(b"credit") {
            let number = self.id()?;
            (CommonKind::Credit { number }, self.id()?, self.amount()?)
        } else {
            return None;
        };
        let span = Span::new(self.file, start, self.at);
        self.line_end()?;
        let mut entry = Common {
            span,
            date,
            kind,
            customer,
            amount,
            reference: None,
            memo: None,
        };
        let next = self.fields(&mut entry)?;
        out.common(entry, &self.allocations);
        Some(next)
    }

    /// Reads the body lines into `entry` up to the next head line, and returns its start.
    fn fields(&mut self, entry: &mut Common<'a>) -> Option<usize> {
        loop {
            let line = self.at;
            match self.bytes.get(line) {
                None => return Some(line),
                Some(b' ' | b'\t') => {
                    self.blanks();
                    match self.bytes.get(self.at) {
                        Some(b';' | b'#') => self.skip_line(),
                        _ if self.line_end().is_some() => {}
                        _ => self.field(entry)?,
                    }
                }
                Some(b';' | b'#') => self.skip_line(),
                // What may be a conflict marker: the general parser reads it as a comment.
                Some(b'<' | b'|' | b'=' | b'>') => return None,
                _ if self.line_end().is_some() => {}
                // Content at column 0: the next block's head.
                Some(_) => return Some(line),
            }
        }
    }

    /// Reads one field line, from its key to its line end, into `entry`; `None` for
    /// anything the general parser must see: an unknown key, a key given twice that may be
    /// given once, a value with a problem.
    fn field(&mut self, entry: &mut Common<'a>) -> Option<()> {
        match (self.key()?, &mut entry.kind) {
            (Key::Memo, _) if entry.memo.is_none() => entry.memo = Some(self.text()?),
            (Key::Ref, _) if entry.reference.is_none() => entry.reference = Some(self.text()?),
            (Key::Invoice, CommonKind::Payment | CommonKind::Credit { .. }) => {
                self.blanks();
                let invoice = self.id()?;
                let amount = match self.more() {
                    true => Some(self.amount()?),
                    false => None,
                };
                self.allocations.push(Allocation { invoice, amount });
            }
            (Key::Due, CommonKind::Invoice { due, .. }) if due.is_none() => {
                self.blanks();
                *due = Some(self.date()?);
            }
            (Key::Terms, CommonKind::Invoice { terms, .. }) if terms.is_none() => {
                self.blanks();
                let token = self.token()?;
                *terms = Some(lex::duration(self.file, token).ok()?);
            }
            _ => return None,
        }
        self.line_end()
    }

    /// Moves past the key of a field line and its `:`, if it is one the fast path reads.
    fn key(&mut self) -> Option<Key> {
        let rest = &self.bytes[self.at..];
        let (key, word): (Key, &[u8]) = match rest.first()? {
            b'm' => (Key::Memo, b"memo:"),
            b'r' => (Key::Ref, b"ref:"),
            b'i' => (Key::Invoice, b"invoice:"),
            b'd' => (Key::Due, b"due:"),
            b't' => (Key::Terms, b"terms:"),
            _ => return None,
        };
        if !rest.starts_with(word) {
            return None;
        }
        self.at += word.len();
        Some(key)
    }

    /// Skips the blanks at the read position.
    fn blanks(&mut self) {
        let (bytes, mut at) = (self.bytes, self.at);
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
            at += 1;
        }
        self.at = at;
    }

    /// Skips at least one blank: the gap between two tokens.
    fn gap(&mut self) -> Option<()> {
        matches!(self.bytes.get(self.at), Some(b' ' | b'\t')).then(|| self.blanks())
    }

    /// True if the read position is where a bare token ends: a blank, the line's end or
    /// the text's. A `\r` ends a line only right before its `\n`; elsewhere it is content.
    fn at_token_end(&self) -> bool {
        match self.bytes.get(self.at) {
            None | Some(b' ' | b'\t' | b'\n') => true,
            Some(b'\r') => matches!(self.bytes.get(self.at + 1), None | Some(b'\n')),
            _ => false,
        }
    }

    /// Skips blanks; true unless the line (or its content, before a comment) ends there.
    fn more(&mut self) -> bool {
        self.blanks();
        !matches!(self.bytes.get(self.at), None | Some(b'\n' | b'\r' | b';'))
    }

    /// Moves past the line's end (and a ` ;` comment before it) if only blanks come before
    /// it; else `None`, past the blanks.
    fn line_end(&mut self) -> Option<()> {
        self.blanks();
        match self.bytes.get(self.at) {
            None => {}
            Some(b'\n') => self.at += 1,
            Some(b'\r') if self.at_token_end() => self.at = (self.at + 2).min(self.bytes.len()),
            // A comment starts at a `;` after a blank (`a;b` is one token).
            Some(b';') if matches!(self.at.checked_sub(1).map(|i| self.bytes[i]), Some(b' ' | b'\t')) => {
                self.skip_line()
            }
            _ => return None,
        }
        Some(())
    }

    /// Moves to the start of the next line.
    fn skip_line(&mut self) {
        let rest = &self.bytes[self.at..];
        self.at = memchr::memchr(b'\n', rest).map_or(self.bytes.len(), |i| self.at + i + 1);
    }

    /// Moves to the end of a bare token: the next blank or line end.
    fn bare(&mut self) {
        while let Some(b) = self.bytes.get(self.at) {
            if matches!(b, b' ' | b'\t' | b'\n') || (*b == b'\r' && self.at_token_end()) {
                break;
            }
            self.at += 1;
        }
    }

    /// Moves past `word` and the gap after it, if they come next.
    fn word<const N: usize>(&mut self, word: &[u8; N]) -> bool {
        let end = self.at + N;
        let found = self.bytes.get(self.at..end).is_some_and(|w| w == word)
            && matches!(self.bytes.get(end), Some(b' ' | b'\t'));
        if found {
            self.at = end;
            self.blanks();
        }
        found
    }

    /// `ID = [A-Za-z0-9][A-Za-z0-9._/-]*` as a whole token, and the blanks after it.
    fn id(&mut self) -> Option<Id<'a>> {
        let start = self.at;
        if !self.bytes.get(start)?.is_ascii_alphanumeric() {
            return None;
        }
        let (bytes, mut end) = (self.bytes, start + 1);
        while end < bytes.len() && ID[usize::from(bytes[end])] {
            end += 1;
        }
        self.at = end;
        if !self.at_token_end() {
            return None;
        }
        self.blanks();
        Some(Spanned::new(
            self.text.get(start..end)?,
            Span::new(self.file, start, end),
        ))
    }

    /// `DATE = YYYY-MM-DD` as a whole token.
    fn date(&mut self) -> Option<Spanned<NaiveDate>> {
        let start = self.at;
        let written: [u8; 10] = self.bytes.get(start..start + 10)?.try_into().ok()?;
        let date = match self.last_date {
            Some((last, date)) if last == written => date,
            _ => {
                let date = lex::ymd(&written)?;
                self.last_date = Some((written, date));
                date
            }
        };
        self.at += 10;
        self.at_token_end()
            .then(|| Spanned::new(date, Span::new(self.file, start, start + 10)))
    }

    /// `AMOUNT = NUMBER CUR`, read as [`lex::amount`] reads it; the read position ends
    /// right after the currency.
    fn amount(&mut self) -> Option<Spanned<Money>> {
        let start = self.at;
        let number = self.plain_number();
        if !self.at_token_end() {
            return self.general_amount(start);
        }
        let Some(number) = number else {
            return self.general_amount(start);
        };
        self.gap()?;
        let code = self.at;
        let currency = Currency::from_code(self.text.get(code..code + 3)?)?;
        self.at = code + 3;
        let (mantissa, scale) = number;
        let too_large = POW10
            .get(15 + scale as usize)
            .is_some_and(|&limit| mantissa.abs() >= limit);
        if !self.at_token_end() || scale > currency.minor_units() || too_large {
            return None;
        }
        Some(Spanned::new(
            Money::new(Decimal::new(mantissa, scale), currency),
            Span::new(self.file, start, code + 3),
        ))
    }

    /// `-?DIGITS(.DIGITS)?` with at most 18 digits, as `lex::number` reads it, in one pass
    /// that leaves the read position on the first other byte: the `Decimal`'s mantissa and
    /// scale.
    fn plain_number(&mut self) -> Option<(i64, u32)> {
        let negative = self.bytes.get(self.at) == Some(&b'-');
        self.at += usize::from(negative);
        let start = self.at;
        let mut mantissa: i64 = 0;
        let mut dot = None;
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                // Wrapping: past 18 digits the value is not used.
                b'0'..=b'9' => mantissa = mantissa.wrapping_mul(10).wrapping_add(i64::from(b - b'0')),
                b'.' if dot.is_none() => dot = Some(self.at),
                _ => break,
            }
            self.at += 1;
        }
        let len = self.at - start;
        let scale = match dot {
            Some(at) if at == start || at + 1 == self.at => return None,
            Some(at) => self.at - at - 1,
            None => 0,
        };
        if len == 0 || len > 18 {
            return None;
        }
        Some((if negative { -mantissa } else { mantissa }, u32::try_from(scale).ok()?))
    }

    /// An amount that is not a plain number (thousands separators, more digits), read by
    /// [`lex::amount`] from its two tokens.
    fn general_amount(&mut self, start: usize) -> Option<Spanned<Money>> {
        self.at = start;
        let number = self.token()?;
        self.gap()?;
        let currency = self.token()?;
        lex::amount(self.file, number, Some(currency), 0).ok()
    }

    /// A bare token from the read position on.
    fn token(&mut self) -> Option<Token<'a>> {
        let start = self.at;
        self.bare();
        Some(Token {
            start,
            text: self.text.get(start..self.at)?,
        })
    }

    /// Text as [`lex::text`] reads it: a quoted string (here, one without a backslash),
    /// or a bare word; it follows the blanks after a key.
    fn text(&mut self) -> Option<Text<'a>> {
        self.blanks();
        let start = self.at;
        if self.bytes.get(start) == Some(&b'"') {
            let close = string_end(self.bytes, start + 1)?;
            if self.bytes[close] != b'"' {
                return None;
            }
            self.at = close + 1;
            let inner = self.text.get(start + 1..close)?;
            return self
                .at_token_end()
                .then(|| Text::new(Cow::Borrowed(inner), Span::new(self.file, start, close + 1)));
        }
        // A `;` after the blanks starts a comment, not a value.
        if matches!(self.bytes.get(start), Some(b';')) {
            return None;
        }
        let token = self.token()?;
        (!token.text.is_empty()).then(|| Text::new(Cow::Borrowed(token.text), token.span(self.file)))
    }
}

/// The index of the first `"`, `\\` or line end in `bytes` at or after `at`: eight bytes
/// at a time (memos and references are shorter than a call to `memchr3` costs).
fn string_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    let zero = super::lines::zero_bytes;
    let each = |b: u8| u64::from_ne_bytes([b; 8]);
    while let Some(Ok(chunk)) = bytes.get(at..at + 8).map(<[u8; 8]>::try_from) {
        let word = u64::from_le_bytes(chunk);
        let found = zero(word ^ each(b'"')) | zero(word ^ each(b'\\')) | zero(word ^ each(b'\n'));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter()
        .position(|b| matches!(b, b'"' | b'\\' | b'\n'))
        .map(|i| at + i)
}
