//! `key: value` field lines, shared by every block of both languages.

use super::ast::Id;
use super::lex::Cursor;
use super::lines::Line;
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::source::{FileId, Span};

/// A field a block allows.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The key.
    pub key: &'static str,
    /// Whether it may appear more than once.
    pub repeat: bool,
}

/// A field that may appear once.
pub const fn once(key: &'static str) -> FieldSpec {
    FieldSpec { key, repeat: false }
}

/// A field that may repeat.
pub const fn many(key: &'static str) -> FieldSpec {
    FieldSpec { key, repeat: true }
}

/// One field line, its key checked, its value ready to read.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    /// The key as written.
    pub key: Id<'a>,
    /// A cursor over the value's tokens.
    pub value: Cursor<'a>,
    /// The whole line's content.
    pub span: Span,
}

impl<'a> Field<'a> {
    /// True for free `x-` metadata fields.
    pub fn is_meta(&self) -> bool {
        self.key.node.starts_with("x-")
    }
}

/// Splits the body lines of a block into fields, reporting malformed lines, unknown keys
/// (with the valid ones as a hint) and repeated single fields. Bad lines are left out.
pub fn read_fields<'a>(
    file: FileId,
    body: &[Line<'a>],
    allowed: &[FieldSpec],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Field<'a>> {
    let mut fields: Vec<Field<'a>> = Vec::with_capacity(body.len());
    for line in body {
        let span = Span::new(file, line.content_start, line.content_end());
        let Some(colon) = line.content.find(':') else {
            let (first, rest) = line.content.split_once([' ', '\t']).unwrap_or((line.content, ""));
            let help = match allowed.iter().find(|s| s.key == first) {
                Some(s) => format!("did you mean `{}: {}`?", s.key, rest.trim()),
                None => format!("fields of {what}: {}", keys(allowed)),
            };
            diags.push(
                Diagnostic::new(Code::Syntax, "expected a field `key: value`")
                    .at(span)
                    .label("no `:` on this indented line")
                    .help(help),
            );
            continue;
        };
        let key_text = &line.content[..colon];
        let key = Id::new(
            key_text,
            Span::new(file, line.content_start, line.content_start + colon),
        );
        let valid_key = !key_text.is_empty()
            && key_text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let spec = allowed.iter().find(|s| s.key == key_text);
        if !valid_key || (spec.is_none() && !key_text.starts_with("x-")) {
            let guess = did_you_mean(key_text, allowed.iter().map(|s| s.key));
            let help = match guess {
                Some(g) => format!(
                    "did you mean `{g}`? Fields of {what}: {}; free metadata starts with `x-`",
                    keys(allowed)
                ),
                None => format!("fields of {what}: {}; free metadata starts with `x-`", keys(allowed)),
            };
            diags.push(
                Diagnostic::new(Code::UnknownField, format!("unknown field `{key_text}` in {what}"))
                    .at(key.span)
                    .label("not a field of this block")
                    .help(help),
            );
            continue;
        }
        if let Some(spec) = spec.filter(|s| !s.repeat) {
            if let Some(first) = fields.iter().find(|f| f.key.node == spec.key) {
                diags.push(
                    Diagnostic::new(Code::DuplicateField, format!("field `{key_text}` given twice"))
                        .at(key.span)
                        .label("second time here")
                        .related(first.key.span, "first given here")
                        .help("remove one of them"),
                );
                continue;
            }
        }
        let value_start = colon + 1;
        let raw = &line.content[value_start..];
        let trimmed = raw.trim_start_matches([' ', '\t']);
        let offset = line.content_start + value_start + (raw.len() - trimmed.len());
        fields.push(Field {
            key,
            value: Cursor::new(file, trimmed, offset),
            span,
        });
    }
    fields
}

fn keys(allowed: &[FieldSpec]) -> String {
    allowed.iter().map(|s| s.key).collect::<Vec<_>>().join(", ")
}

/// A value outside its allowed set.
pub fn bad_value(
    file: FileId,
    t: crate::syntax::lex::Token<'_>,
    value: &str,
    what: &str,
    allowed: &[&str],
) -> Diagnostic {
    let help = match did_you_mean(value, allowed.iter().copied()) {
        Some(g) => format!("did you mean `{g}`? The {what} is one of: {}", allowed.join(", ")),
        None => format!("the {what} is one of: {}", allowed.join(", ")),
    };
    Diagnostic::new(Code::BadValue, format!("`{value}` is not a valid {what}"))
        .at(t.span(file))
        .label(format!("unknown {what}"))
        .help(help)
}
