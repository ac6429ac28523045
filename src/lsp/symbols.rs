//! Document symbols (customers and invoices of a journal file; policies and their stages of
//! a rules file) and formatting (`dun fmt` of the buffer).

use lsp_types::{DocumentSymbol, SymbolKind, TextEdit};

use super::position::LineIndex;
use crate::source::{FileId, Span};
use crate::syntax::ast::{Block, EntryKind};

/// The outline of a document.
pub fn symbols(text: &str, rules: bool, index: &LineIndex<'_>) -> Vec<DocumentSymbol> {
    let file = FileId(0);
    if rules {
        let (rules, _) = crate::rules::parse_rules(file, text);
        return rules
            .policies
            .iter()
            .map(|p| {
                let end = p.stages.last().map_or(p.span, |s| s.line);
                let stages = p
                    .stages
                    .iter()
                    .map(|s| {
                        symbol(
                            &s.name,
                            Some(format!("after {}", s.after)),
                            SymbolKind::EVENT,
                            s.line,
                            s.span,
                            index,
                        )
                    })
                    .collect();
                let mut policy = symbol(&p.name, None, SymbolKind::NAMESPACE, p.span.to(end), p.span, index);
                policy.children = Some(stages);
                policy
            })
            .collect();
    }
    let parsed = crate::syntax::parse_journal(file, text);
    parsed
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Customer(c) => Some(symbol(
                c.id.node,
                Some(c.name.node.to_string()),
                SymbolKind::CLASS,
                c.span,
                c.id.span,
                index,
            )),
            Block::Entry(e) => match &e.kind {
                EntryKind::Invoice {
                    number,
                    customer,
                    amount,
                    ..
                } => Some(symbol(
                    number.node,
                    Some(format!("{} {} {}", e.date.node, customer.node, amount.node)),
                    SymbolKind::NUMBER,
                    e.span,
                    number.span,
                    index,
                )),
                _ => None,
            },
            Block::Include(_) => None,
        })
        .collect()
}

fn symbol(
    name: &str,
    detail: Option<String>,
    kind: SymbolKind,
    whole: Span,
    name_at: Span,
    index: &LineIndex<'_>,
) -> DocumentSymbol {
    #[allow(deprecated)] // `deprecated` is a required field of the struct, itself deprecated.
    DocumentSymbol {
        name: name.to_string(),
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: index.range(whole.range()),
        selection_range: index.range(name_at.range()),
        children: None,
    }
}

/// The edit that puts the document in the canonical layout: `None` when it already is, or
/// when it has syntax errors (formatting never guesses; the errors are shown as diagnostics).
pub fn format(text: &str, rules: bool, index: &LineIndex<'_>) -> Option<Vec<TextEdit>> {
    let formatted = crate::layout::format_file(rules, FileId(0), text).ok()??;
    Some(vec![TextEdit::new(index.range(0..text.len()), formatted)])
}
