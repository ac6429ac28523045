//! What the word under the cursor is: an invoice number, a customer id, a stage, a field
//! key... Read from the line's shape alone (the same positions the grammar gives each
//! word), so it works on a line being typed, which does not parse yet.

use crate::syntax::journal::ENTRY_KINDS;

/// The role of a word of a journal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role<'t> {
    /// The entry keyword after a date.
    EntryKind,
    /// A directive (`customer`, `include`) or a date at the start of a line.
    HeadStart,
    /// A customer id that refers to a customer.
    Customer,
    /// The id a `customer` directive declares.
    CustomerDecl,
    /// An invoice number that refers to an invoice; of the customer named on the line, when one is.
    Invoice {
        /// The customer the invoice must belong to.
        customer: Option<&'t str>,
    },
    /// The number an `invoice` or `credit` entry declares.
    NumberDecl,
    /// A stage name (in `sent`), for the customer named on the line.
    Stage {
        /// The customer whose policy the stage is from.
        customer: Option<&'t str>,
    },
    /// The key of a field line, in a block whose head is `head` (`customer` or an entry kind).
    FieldKey {
        /// The block's kind.
        block: &'t str,
    },
    /// The value of a `policy:` field.
    Policy,
    /// The path of an `include`.
    Include,
    /// Anything else.
    Other,
}

/// The word at the cursor and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<'t> {
    /// What the word is.
    pub role: Role<'t>,
    /// The word as written (empty when the cursor is between words); a string without its quotes.
    pub word: &'t str,
    /// The word's bytes in the text (for a string, inside the quotes).
    pub range: std::ops::Range<usize>,
}

/// A word of a line with its byte range in the whole text.
#[derive(Debug, Clone, Copy)]
struct Word<'t> {
    text: &'t str,
    start: usize,
}

/// The word at byte `offset` of `text`, and its role.
pub fn at(text: &str, offset: usize) -> At<'_> {
    let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let indented = line.starts_with([' ', '\t']);
    let words = words(line, line_start);
    // The word the cursor is in or just after; else a new word at its position.
    let index = words
        .iter()
        .position(|w| offset >= w.start && offset <= w.start + w.text.len());
    let (index, word) = match index {
        Some(i) => (i, words[i]),
        None if offset > line_start + line.len() || in_comment(line, offset - line_start) => {
            return At {
                role: Role::Other,
                word: "",
                range: offset..offset,
            }
        }
        None => (
            words.iter().filter(|w| w.start < offset).count(),
            Word {
                text: "",
                start: offset,
            },
        ),
    };
    let role = if indented {
        field_role(text, line_start, &words, index)
    } else {
        head_role(&words, index)
    };
    let (text, start) = unquote(word);
    At {
        role,
        word: text,
        range: start..start + text.len(),
    }
}

/// The role of word `i` of a head line.
fn head_role<'t>(words: &[Word<'t>], i: usize) -> Role<'t> {
    let w = |n: usize| words.get(n).map(|w| w.text);
    if i == 0 {
        return Role::HeadStart;
    }
    match w(0) {
        Some("customer") if i == 1 => return Role::CustomerDecl,
        Some("include") if i == 1 => return Role::Include,
        Some(d) if d.starts_with(|c: char| c.is_ascii_digit()) => {}
        _ => return Role::Other,
    }
    if i == 1 {
        return Role::EntryKind;
    }
    match (w(1).unwrap_or(""), i) {
        ("invoice" | "credit", 2) => Role::NumberDecl,
        ("invoice" | "credit", 3) | ("payment" | "note" | "sent", 2) => Role::Customer,
        ("sent", 3) => Role::Stage { customer: w(2) },
        ("sent", _) => Role::Invoice { customer: w(2) },
        (kind, 2) if ENTRY_KINDS.contains(&kind) && !matches!(kind, "unmatched" | "payment" | "note") => {
            Role::Invoice { customer: None }
        }
        _ => Role::Other,
    }
}

/// The role of word `i` of an indented (field) line starting at `line_start`.
fn field_role<'t>(text: &'t str, line_start: usize, words: &[Word<'t>], i: usize) -> Role<'t> {
    let head = head_above(text, line_start);
    let head_words = words_of(head);
    let block = match head_words.first().map(|w| w.text) {
        Some("customer") => "customer",
        Some(d) if d.starts_with(|c: char| c.is_ascii_digit()) => head_words.get(1).map_or("", |w| w.text),
        _ => return Role::Other,
    };
    let key = words.first().map_or("", |w| w.text);
    if i == 0 && !key.contains(':') || words.is_empty() {
        return Role::FieldKey { block };
    }
    // `key: value` or `key:value`: the value's first word is the one after the colon.
    let (key, glued) = match key.split_once(':') {
        Some((k, rest)) => (k, !rest.is_empty()),
        None => (key, false),
    };
    let first_value = if glued { i == 0 } else { i == 1 };
    let customer = match (block, head_words.get(2)) {
        ("payment" | "sent", Some(c)) => Some(c.text),
        ("credit", _) => head_words.get(3).map(|w| w.text),
        _ => None,
    };
    match key {
        "invoice" if first_value => Role::Invoice { customer },
        "fee" | "interest" if first_value && block == "sent" => Role::Invoice { customer },
        "policy" if first_value && block == "customer" => Role::Policy,
        _ => Role::Other,
    }
}

/// The head line of the block holding the line at `line_start` (empty if none).
fn head_above(text: &str, line_start: usize) -> &str {
    text[..line_start]
        .lines()
        .rev()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.is_empty() && !l.starts_with([' ', '\t', ';', '#']))
        .unwrap_or("")
}

fn words_of(line: &str) -> Vec<Word<'_>> {
    words(line, 0)
}

/// The words of a line (a quoted string is one word), up to a comment.
fn words(line: &str, base: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' => i += 1,
            b';' | b'#' if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => break,
            _ => {
                let start = i;
                let mut quoted = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if quoted => i += 1,
                        b'"' => quoted = !quoted,
                        b' ' | b'\t' if !quoted => break,
                        _ => {}
                    }
                    i += 1;
                }
                let end = i.min(bytes.len());
                out.push(Word {
                    text: &line[start..end],
                    start: base + start,
                });
            }
        }
    }
    out
}

/// Whether column `col` of `line` is inside a comment.
fn in_comment(line: &str, col: usize) -> bool {
    let trimmed = line.trim_start();
    if trimmed.starts_with([';', '#']) {
        return true;
    }
    line.find(" ;").is_some_and(|c| col > c)
}

/// A string word without its quotes, with where its content starts.
fn unquote(w: Word<'_>) -> (&str, usize) {
    match w.text.strip_prefix('"') {
        Some(inner) => (inner.strip_suffix('"').unwrap_or(inner), w.start + 1),
        None => (w.text, w.start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The role and word at the `|` in `text`.
    fn role(text: &str) -> (Role<'static>, String) {
        let offset = text.find('|').unwrap();
        let owned: &'static str = Box::leak(text.replacen('|', "", 1).into_boxed_str());
        let at = at(owned, offset);
        (at.role, at.word.to_string())
    }

    #[test]
    fn roles_follow_the_grammar() {
        let cases: &[(&str, Role<'static>, &str)] = &[
            ("2026-01-05 inv|", Role::EntryKind, "inv"),
            ("2026-01-05 invoice A-1 ac|me 10.00 EUR", Role::Customer, "acme"),
            ("2026-01-05 invoice A-|1 acme 10.00 EUR", Role::NumberDecl, "A-1"),
            ("2026-01-05 payment |", Role::Customer, ""),
            (
                "2026-01-05 dispute A-|1 \"why\"",
                Role::Invoice { customer: None },
                "A-1",
            ),
            ("2026-01-05 sent acme |", Role::Stage { customer: Some("acme") }, ""),
            (
                "2026-01-05 sent acme reminder A-1 |",
                Role::Invoice { customer: Some("acme") },
                "",
            ),
            ("customer ac|me \"ACME\"", Role::CustomerDecl, "acme"),
            ("include \"2026/*|.dun\"", Role::Include, "2026/*.dun"),
            (
                "2026-01-05 payment acme 5.00 EUR\n  invoice: |",
                Role::Invoice { customer: Some("acme") },
                "",
            ),
            (
                "2026-01-05 payment acme 5.00 EUR\n  ; note\n  re|",
                Role::FieldKey { block: "payment" },
                "re",
            ),
            ("customer acme \"A\"\n  |", Role::FieldKey { block: "customer" }, ""),
            ("customer acme \"A\"\n  policy: st|", Role::Policy, "st"),
            ("2026-01-05 note acme \"x\" ; see A-|1", Role::Other, ""),
            ("|", Role::HeadStart, ""),
        ];
        for (text, want, word) in cases {
            let (got, got_word) = role(text);
            assert_eq!((&got, got_word.as_str()), (want, *word), "{text}");
        }
    }
}
