//! The journal parser's fast path: the blocks that make up nearly all of a large journal
//! (an `invoice`, `payment` or `credit` head with `memo:`, `ref:`, `invoice:`, `due:` and
//! `terms:` fields), read without the general parser's cursor, field table and
//! diagnostics.
//!
//! It takes a block only when the general parser would read it without a single
//! diagnostic, and then builds exactly the tree the general parser builds: lines are split
//! into tokens as [`lex::tokens`] splits them (eight bytes at a time), each value is read by
//! the same function of [`super::lex`] (a string without escapes is taken as written), and
//! the tests hold both paths to the same trees. Anything else, an error or a rarer field
//! (`x-` metadata, `bank-id:`, ...), is `None`, and the general parser reads the block and
//! explains what is wrong.

use std::borrow::Cow;

use super::ast::{Allocation, Entry, EntryKind, Text};
use super::lex::{self, Token};
use super::lines::RawBlock;
use crate::source::{FileId, Span};

/// The most tokens a line read here has: `DATE invoice NUMBER CUSTOMER AMOUNT CURRENCY`.
const MAX_TOKENS: usize = 6;

/// The entry `raw` says, if it is one of the common shapes and has no problem.
pub(super) fn entry<'a>(file: FileId, raw: &RawBlock<'a>) -> Option<Entry<'a>> {
    let head = &raw.head;
    let mut words = [Token { start: 0, text: "" }; MAX_TOKENS];
    let n = split(head.content, head.content_start, &mut words)?;
    let date = lex::date(file, words[0]).ok()?;
    let id = |t: Token<'a>| lex::id(file, t, "id").ok();
    let amount = |number: Token<'a>, currency: Token<'a>| lex::amount(file, number, Some(currency), 0).ok();
    let mut kind = match (words[1].text, n) {
        ("invoice", 6) => EntryKind::invoice(id(words[2])?, id(words[3])?, amount(words[4], words[5])?),
        ("payment", 5) => EntryKind::payment(id(words[2])?, amount(words[3], words[4])?),
        ("credit", 6) => EntryKind::credit(id(words[2])?, id(words[3])?, amount(words[4], words[5])?),
        _ => return None,
    };
    if let EntryKind::Payment { allocations, .. } | EntryKind::Credit { allocations, .. } = &mut kind {
        // Sized once: a first push would make room for four, and a million payments hold
        // one each.
        let lines = raw.body.iter().filter(|l| l.content.starts_with("invoice:"));
        allocations.reserve_exact(lines.count());
    }
    let mut memo = None;
    for line in &raw.body {
        // A byte loop: keys are short, shorter than a call to `memchr` costs.
        let colon = line.content.bytes().position(|b| b == b':')?;
        let key = &line.content[..colon];
        let value = &line.content[colon + 1..];
        let n = split(value, line.content_start + colon + 1, &mut words)?;
        field(file, key, &words[..n], &mut kind, &mut memo)?;
    }
    Some(Entry {
        span: Span::new(file, head.content_start, head.content_end()),
        date,
        kind,
        memo,
        meta: Vec::new(),
    })
}

/// Reads one field into `kind` (or `memo`); `None` for anything the general parser must
/// see: an unknown key, a key given twice that may be given once, a value with a problem.
fn field<'a>(
    file: FileId,
    key: &str,
    words: &[Token<'a>],
    kind: &mut EntryKind<'a>,
    memo: &mut Option<Text<'a>>,
) -> Option<()> {
    let text = |t: &Token<'a>| match t.text.strip_prefix('"') {
        // `split` took it whole: closed by its last byte, no backslash, so nothing to unescape.
        Some(quoted) => Some(Text::new(Cow::Borrowed(quoted.strip_suffix('"')?), t.span(file))),
        None => lex::text(file, *t, "value").ok(),
    };
    match (key, words, kind) {
        ("memo", [t], _) if memo.is_none() => *memo = Some(text(t)?),
        (
            "ref",
            [t],
            EntryKind::Invoice { reference, .. }
            | EntryKind::Payment { reference, .. }
            | EntryKind::Credit { reference, .. },
        ) if reference.is_none() => *reference = Some(text(t)?),
        (
            "invoice",
            [invoice, rest @ ..],
            EntryKind::Payment { allocations, .. } | EntryKind::Credit { allocations, .. },
        ) => {
            let amount = match rest {
                [] => None,
                [number, currency] => Some(lex::amount(file, *number, Some(*currency), 0).ok()?),
                _ => return None,
            };
            let invoice = lex::id(file, *invoice, "invoice number").ok()?;
            allocations.push(Allocation { invoice, amount });
        }
        ("due", [t], EntryKind::Invoice { due, .. }) if due.is_none() => *due = Some(lex::date(file, *t).ok()?),
        ("terms", [t], EntryKind::Invoice { terms, .. }) if terms.is_none() => {
            *terms = Some(lex::duration(file, *t).ok()?)
        }
        _ => return None,
    }
    Some(())
}

/// The tokens of `text`, which starts at byte `offset`, as [`lex::tokens`] splits them, into
/// `words`; how many there are. `None` for more than [`MAX_TOKENS`], and for a string with
/// a backslash or without its closing quote: the general parser reads those.
pub(super) fn split<'a>(text: &'a str, offset: usize, words: &mut [Token<'a>; MAX_TOKENS]) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut n, mut i) = (0, 0);
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        if i == bytes.len() {
            return Some(n);
        }
        let start = i;
        if bytes[i] == b'"' {
            let close = i + 1 + memchr::memchr2(b'"', b'\\', &bytes[i + 1..])?;
            if bytes[close] != b'"' {
                return None;
            }
            i = close + 1;
        } else {
            i = next_blank(bytes, i);
        }
        *words.get_mut(n)? = Token {
            start: offset + start,
            text: text.get(start..i)?,
        };
        n += 1;
    }
}

/// The index of the first blank (space or tab) in `bytes` at or after `i`, else
/// `bytes.len()`: eight bytes at a time, so a token costs one or two steps.
fn next_blank(bytes: &[u8], mut i: usize) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The high bit of each zero byte of `x`, exactly (no carry crosses a byte).
    let zero = |x: u64| !(((x & LOW) + LOW) | x | LOW);
    while let Some(Ok(chunk)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let word = u64::from_le_bytes(chunk);
        let blanks = zero(word ^ u64::from_ne_bytes([b' '; 8])) | zero(word ^ u64::from_ne_bytes([b'\t'; 8]));
        if blanks != 0 {
            return i + (blanks.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|b| matches!(b, b' ' | b'\t'))
        .map_or(bytes.len(), |at| i + at)
}
