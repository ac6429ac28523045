//! Parser and check tests, as tables: text -> compact model, text -> (line, col, code).

mod errors;
mod model;
mod robust;

use super::*;
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile};

const F: FileId = FileId(0);

/// Parses `text` as file 0.
fn parse(text: &str) -> (Rules, Vec<Diagnostic>) {
    parse_rules(F, text)
}

/// `(line, column, code)` of every diagnostic of `text`, in report order.
fn positions(text: &str) -> Vec<(usize, usize, &'static str)> {
    let file = SourceFile {
        path: "rules.dun".into(),
        text: text.to_string(),
    };
    parse(text)
        .1
        .iter()
        .map(|d| {
            let at = d.span.map_or(0, |s| s.start as usize);
            let lc = file.line_col(at);
            (lc.line, lc.col, d.code.id())
        })
        .collect()
}

/// The text a diagnostic's span covers.
fn spanned<'t>(text: &'t str, d: &Diagnostic) -> &'t str {
    d.span.and_then(|s| text.get(s.range())).unwrap_or("")
}
