//! Lines as the formatter sees them: what each line is, which block it belongs to, and
//! which group its trailing comment is aligned with.
//!
//! The split into content and comment is the parser's own ([`crate::syntax::lines`]), so
//! the formatter can never disagree with the parser about where a comment starts.

use super::words::words;
use crate::syntax::lines::{lines, Line};

/// What a physical line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Neither content nor comment.
    Blank,
    /// Only a comment.
    Comment,
    /// Content at column 0: a directive or entry head.
    Head,
    /// Indented content: a field or setting line.
    Body,
}

/// One line, classified.
#[derive(Debug, Clone)]
pub(super) struct Row<'a> {
    /// What the line is.
    pub kind: Kind,
    /// The content, without indentation, comment or trailing blanks.
    pub content: &'a str,
    /// The comment, trailing blanks removed.
    pub comment: Option<&'a str>,
    /// Whether the output line is indented (by two spaces).
    pub indent: bool,
    /// The block a body line belongs to: 0 for stray lines before any block, then 1, 2, ...
    pub block: usize,
    /// Whether the block is a rules `policy` block (its body may hold `stage` lines).
    pub in_policy: bool,
    /// The group whose trailing comments share a column: a block's body, or a run of
    /// head lines with nothing between them.
    pub group: usize,
}

/// Classifies every line of `text` (a leading BOM is skipped, as the parser does).
pub(super) fn rows(text: &str) -> Vec<Row<'_>> {
    let lines: Vec<Line<'_>> = lines(text).collect();
    let kinds: Vec<Kind> = lines.iter().map(kind).collect();
    let next_is_body = next_content_is_body(&kinds);
    let mut state = State::default();
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let prev = i.checked_sub(1).map(|p| kinds[p]);
            state.row(line, kinds[i], prev, next_is_body[i])
        })
        .collect()
}

fn kind(line: &Line<'_>) -> Kind {
    match (line.content.is_empty(), line.comment.is_some(), line.indented) {
        (true, false, _) => Kind::Blank,
        (true, true, _) => Kind::Comment,
        (false, _, false) => Kind::Head,
        (false, _, true) => Kind::Body,
    }
}

/// For each line: is the next line with content (after blanks and comments) a body line?
fn next_content_is_body(kinds: &[Kind]) -> Vec<bool> {
    let mut out = vec![false; kinds.len()];
    let mut next = false;
    for (i, k) in kinds.iter().enumerate().rev() {
        out[i] = next;
        match k {
            Kind::Head => next = false,
            Kind::Body => next = true,
            Kind::Blank | Kind::Comment => {}
        }
    }
    out
}

/// Where the walk over the lines is.
#[derive(Debug, Default)]
struct State {
    /// The current block (0 before the first head).
    block: usize,
    in_policy: bool,
    /// Last group id handed out.
    groups: usize,
    head_group: usize,
    body_group: usize,
}

impl State {
    fn row<'a>(&mut self, line: &Line<'a>, kind: Kind, prev: Option<Kind>, next_body: bool) -> Row<'a> {
        if kind == Kind::Head {
            self.start_block(line.content, prev == Some(Kind::Head));
        }
        let in_block = self.block > 0;
        let indent = match kind {
            Kind::Blank | Kind::Head => false,
            Kind::Body => true,
            // A comment line inside a block is indented like the fields; one written at
            // column 0 is inside the block only when fields of the block follow it.
            Kind::Comment => in_block && (line.indented || next_body),
        };
        Row {
            kind,
            content: line.content,
            comment: line.comment.map(|(_, c)| c.trim_end_matches([' ', '\t', '\r'])),
            indent,
            block: self.block,
            in_policy: self.in_policy,
            group: if kind == Kind::Head {
                self.head_group
            } else {
                self.body_group
            },
        }
    }

    fn start_block(&mut self, head: &str, continues_head_run: bool) {
        self.block += 1;
        self.in_policy = words(head).first().is_some_and(|w| w.text == "policy");
        if !continues_head_run {
            self.groups += 1;
            self.head_group = self.groups;
        }
        self.groups += 1;
        self.body_group = self.groups;
    }
}
