//! `dun fmt`: the canonical layout of journal and rules files.
//!
//! Both languages share one line and block structure (see [`crate::syntax::lines`]), so one
//! layout serves both. The formatter works on lines and words, never on the syntax tree:
//! it only changes the blanks around words, so it keeps every word, string, number and
//! comment exactly as written and never reorders anything.
//!
//! # The canonical layout
//!
//! - A head line (directive or dated entry) starts at column 0; its words are separated
//!   by single spaces.
//! - Every indented line is indented by exactly two spaces (tabs included). A field is
//!   written `key: value`, with one space after the colon and single spaces between the
//!   words of the value.
//! - In one block, the fields whose value ends in an amount (`installment:`,
//!   `invoice: NUMBER AMOUNT`, `fee:`, `interest:`) are aligned: their decimal points share
//!   one column, their currency codes another.
//! - In a rules `policy` block, the clauses of the `stage` lines are set in columns, two
//!   spaces apart: `stage NAME`, `after`, `wait`, the letter (`template` or `task`), then
//!   the other clauses (`fee`, `interest`, `action`, `required`) by position. A stage
//!   without `wait` leaves that column blank. A policy whose stages give their clauses in
//!   orders that cannot share columns (or that would need more than 16) is single-spaced,
//!   as are the policy's setting lines.
//! - Trailing ` ;` comments start in one column per group, two spaces after the longest
//!   line of the group that carries a comment. A group is the body of one block, or a run
//!   of head lines with nothing between them (such as a `dispute` and its `resolved`).
//! - A comment-only line inside a block is indented like the fields: one that was
//!   indented, or one at column 0 that has fields of the block after it. Other comment
//!   lines start at column 0. Trailing blanks of comments are removed, nothing else.
//! - Blank lines are kept, but a run of them becomes one; blank lines at the start and end
//!   of the file are removed. A non-empty file ends with exactly one line end.
//! - The line end is the file's own: if its first line ends with `\r\n`, every line does;
//!   otherwise every line ends with `\n`. A leading byte order mark is kept. (A line whose
//!   last word ends in a stray `\r` gets one trailing blank, or the parser would take
//!   that `\r` for part of the line end.)
//! - Words are written exactly as typed: strings are not re-escaped, numbers keep their
//!   thousands separators, and two words that touch (`"a"b`, `key:;x`) still touch.
//!
//! Widths are counted in characters. The layout is idempotent, and for a journal that
//! parses without errors it keeps the meaning: the reformatted text parses to the same
//! blocks. A file with syntax errors should not be formatted ([`format_journal`] refuses),
//! but [`format_text`] accepts any text and never panics.

mod align;
mod rows;
mod words;

#[cfg(test)]
mod tests;

use crate::diag::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast::Block;
use crate::syntax::parse_journal;
use align::Placed;
use rows::{Kind, Row};
use words::{field, join, stage, words};

/// The byte order mark a file may start with.
const BOM: char = '\u{feff}';

/// The canonical layout of one journal or rules file (see the [module docs](self)).
pub fn format_text(text: &str) -> String {
    let eol = if uses_crlf(text) { "\r\n" } else { "\n" };
    let rows = rows::rows(text);
    let contents = layout(&rows);
    let placed: Vec<Placed<'_>> = rows
        .iter()
        .zip(contents)
        .map(|(row, content)| place(row, content))
        .collect();
    let lines = align::comments(&placed);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    if text.starts_with(BOM) {
        out.push(BOM);
    } else if lines.iter().find(|l| !l.is_empty()).is_some_and(|l| l.starts_with(BOM)) {
        // A U+FEFF that starts a later line would become the file's BOM if the blank lines
        // before it went: keep one.
        out.push_str(eol);
    }
    assemble(&mut out, &rows, &lines, eol);
    out
}

/// True when `text` is already in the canonical layout (what `dun fmt --check` asks).
pub fn is_formatted(text: &str) -> bool {
    format_text(text) == text
}

/// The canonical layout of a journal file, or the file's syntax errors if it has any
/// (a file with errors is not formatted, so nothing of it is lost).
///
/// As a last line of defence, if the new layout would not parse to the same blocks, the
/// text is returned unchanged.
pub fn format_journal(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = parse_journal(file, text);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(parsed.diagnostics);
    }
    let formatted = format_text(text);
    let reparsed = parse_journal(file, &formatted);
    let clean = !reparsed.diagnostics.iter().any(Diagnostic::is_error);
    if clean && same_blocks(&parsed.blocks, &reparsed.blocks) {
        Ok(formatted)
    } else {
        Ok(text.to_string())
    }
}

/// The new text of a journal file (`rules`: a rules file) if it differs, `None` if the file
/// is already canonical, or its syntax errors.
pub fn format_file(rules: bool, id: FileId, text: &str) -> Result<Option<String>, Vec<Diagnostic>> {
    let formatted = if rules {
        format_rules(id, text)?
    } else {
        format_journal(id, text)?
    };
    Ok((formatted != text).then_some(formatted))
}

/// Rules files are named `rules.dun` or `*.rules.dun`.
pub fn is_rules_file(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == "rules.dun" || n.ends_with(".rules.dun"))
}

/// The canonical layout of a rules file, or its syntax errors. As a last line of defence,
/// the text is returned unchanged unless the new layout has exactly the same tokens on the
/// same kinds of lines (only blanks may change).
fn format_rules(id: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let (_, diags) = crate::rules::parse_rules(id, text);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let formatted = format_text(text);
    Ok(if same_tokens(text, &formatted) {
        formatted
    } else {
        text.to_string()
    })
}

/// Whether two texts hold the same tokens, line by line, with the same indentation class.
fn same_tokens(a: &str, b: &str) -> bool {
    use crate::syntax::{lex::tokens, lines::lines};
    let shape = |t: &str| -> Vec<(bool, Vec<String>)> {
        lines(t)
            .filter(|l| !l.content.is_empty())
            .map(|l| (l.indented, tokens(l.content, 0).map(|t| t.text.to_string()).collect()))
            .collect()
    };
    shape(a) == shape(b)
}

/// True when two parses say the same: blocks compare by meaning, wherever they stand.
pub fn same_blocks(a: &[Block<'_>], b: &[Block<'_>]) -> bool {
    a == b
}

/// Whether the file's first line ends with `\r\n`.
fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// The content of every line (without indentation or comment), aligned block by block.
fn layout(rows: &[Row<'_>]) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| match r.kind {
            Kind::Head | Kind::Body => join(&words(r.content)),
            Kind::Blank | Kind::Comment => String::new(),
        })
        .collect();
    let mut start = 0;
    while start < rows.len() {
        let block = rows[start].block;
        let end = rows[start..]
            .iter()
            .position(|r| r.block != block)
            .map_or(rows.len(), |n| start + n);
        layout_body(&rows[start..end], &mut out[start..end]);
        start = end;
    }
    out
}

/// Lays out the body lines of one block: fields, aligned amounts, aligned stages.
fn layout_body(rows: &[Row<'_>], out: &mut [String]) {
    let body = |i: &usize| rows[*i].kind == Kind::Body;
    let mut amounts = Vec::new();
    let mut stages = Vec::new();
    for i in (0..rows.len()).filter(body) {
        let row = &rows[i];
        if let Some(s) = stage(row.content).filter(|_| row.in_policy) {
            stages.push((i, s));
        } else if let Some(f) = field(row.content) {
            match f.amount() {
                Some(a) => amounts.push((i, a)),
                None => out[i] = f.render(),
            }
        }
    }
    let (at, lines): (Vec<usize>, Vec<_>) = amounts.into_iter().unzip();
    for (i, text) in at.into_iter().zip(align::amounts(&lines)) {
        out[i] = text;
    }
    let (at, lines): (Vec<usize>, Vec<_>) = stages.into_iter().unzip();
    for (i, text) in at.into_iter().zip(align::stages(&lines)) {
        out[i] = text;
    }
}

/// A row's indented content and its comment, ready for comment alignment.
fn place<'a>(row: &Row<'a>, content: String) -> Placed<'a> {
    let indent = if row.indent { "  " } else { "" };
    let has_content = matches!(row.kind, Kind::Head | Kind::Body);
    Placed {
        text: format!("{indent}{content}"),
        comment: row.comment,
        group: has_content.then_some(row.group),
    }
}

/// Writes the lines with `eol`, dropping blank lines at both ends and collapsing runs.
fn assemble(out: &mut String, rows: &[Row<'_>], lines: &[String], eol: &str) {
    let mut started = false;
    let mut blank_pending = false;
    for (row, line) in rows.iter().zip(lines) {
        if row.kind == Kind::Blank {
            blank_pending = started;
            continue;
        }
        if blank_pending {
            out.push_str(eol);
            blank_pending = false;
        }
        out.push_str(line);
        // The parser drops one `\r` before a line end and then trims blanks, so a line
        // whose last word ends in `\r` keeps it only if a blank follows.
        if line.ends_with('\r') {
            out.push(' ');
        }
        out.push_str(eol);
        started = true;
    }
}
