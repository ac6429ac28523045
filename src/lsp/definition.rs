//! Go to definition: a customer id to its `customer` block, an invoice number to its
//! `invoice` entry, a stage to its rules line, an `include` to the file(s) it names.

use std::path::Path;

use lsp_types::{Location, Position, Range};

use super::analysis::Analysis;
use super::context::{At, Role};
use super::position::{Encoding, LineIndex};
use crate::load::{Files, FsFiles};
use crate::source::Span;

/// Where the word `at` of the document at `doc` is defined.
pub fn definition(a: &Analysis, at: &At<'_>, doc: &Path, encoding: Encoding) -> Vec<Location> {
    let book = &a.project.book;
    let spans: Vec<Span> = match at.role {
        Role::Customer => book
            .customer_id(at.word)
            .map(|c| book.customer(c).id_span)
            .into_iter()
            .collect(),
        Role::Invoice { .. } => book
            .invoice_id(at.word)
            .map(|i| narrow(a, book.invoice(i).span, at.word))
            .into_iter()
            .collect(),
        Role::Stage { customer } => stage_spans(a, at.word, customer),
        Role::Policy => a.project.rules.policy(at.word).map(|p| p.span).into_iter().collect(),
        Role::Include => return include(at.word, doc),
        _ => Vec::new(),
    };
    spans.into_iter().filter_map(|s| location(a, s, encoding)).collect()
}

/// The stage's name in the customer's policy, else in every policy that has it.
fn stage_spans(a: &Analysis, name: &str, customer: Option<&str>) -> Vec<Span> {
    let rules = &a.project.rules;
    let book = &a.project.book;
    let own = customer
        .and_then(|c| book.customer_id(c))
        .and_then(|c| crate::plan::policy_for(rules, book.customer(c)))
        .and_then(|p| p.stage(name));
    match own {
        Some(s) => vec![s.span],
        None => rules
            .policies
            .iter()
            .filter_map(|p| p.stage(name))
            .map(|s| s.span)
            .collect(),
    }
}

/// The word `word` inside `span` (an invoice's head line holds its number), else `span`.
fn narrow(a: &Analysis, span: Span, word: &str) -> Span {
    let text = a.project.sources.text(span);
    text.split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .find(|(_, w)| *w == word)
        .map_or(span, |(i, w)| {
            Span::new(span.file, span.start as usize + i, span.start as usize + i + w.len())
        })
}

fn location(a: &Analysis, span: Span, encoding: Encoding) -> Option<Location> {
    let file = a.project.sources.file(span.file);
    let range = LineIndex::new(&file.text, encoding).range(span.range());
    Some(Location::new(super::uri::from_path(&file.path)?, range))
}

/// The files an `include` names, relative to the including document: itself, or a glob's matches.
fn include(pattern: &str, doc: &Path) -> Vec<Location> {
    let target = crate::load::normalize(&doc.parent().unwrap_or(Path::new("/")).join(pattern));
    let paths = match pattern.contains(['*', '?', '[']) {
        true => FsFiles.glob(&target).unwrap_or_default(),
        false => vec![target],
    };
    let top = Range::new(Position::new(0, 0), Position::new(0, 0));
    paths
        .iter()
        .filter_map(|p| super::uri::from_path(p))
        .map(|uri| Location::new(uri, top))
        .collect()
}
