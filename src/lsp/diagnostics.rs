//! dun's diagnostics as the protocol's: code, message, range, related locations, and the
//! hint (appended to the message, where every editor shows it).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString};

use super::position::{Encoding, LineIndex};
use crate::diag::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap, Span};

/// Every file of the project with its diagnostics (an empty list for a clean file, so the
/// editor clears what it showed before).
pub fn by_file(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    encoding: Encoding,
) -> BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> {
    let mut indexes: HashMap<FileId, LineIndex<'_>> = HashMap::new();
    let mut out: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> =
        sources.files().map(|(_, f)| (f.path.clone(), Vec::new())).collect();
    if sources.is_empty() {
        return out;
    }
    for d in diagnostics {
        // A problem that belongs to no file is shown at the top of the main journal.
        let span = d.span.unwrap_or_default();
        let converted = convert(d, span, sources, &mut indexes, encoding);
        out.entry(sources.file(span.file).path.clone())
            .or_default()
            .push(converted);
    }
    out
}

fn convert<'s>(
    d: &Diagnostic,
    span: Span,
    sources: &'s SourceMap,
    indexes: &mut HashMap<FileId, LineIndex<'s>>,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let mut range = |s: Span| {
        indexes
            .entry(s.file)
            .or_insert_with(|| LineIndex::new(&sources.file(s.file).text, encoding))
            .range(s.range())
    };
    let mut message = d.message.clone();
    if let Some(label) = d.label.as_deref().filter(|l| !l.is_empty()) {
        message.push_str(&format!("\n{label}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|(s, label)| {
            Some(DiagnosticRelatedInformation {
                location: Location::new(super::uri::from_path(&sources.file(s.file).path)?, range(*s)),
                message: label.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(span),
        severity: Some(match d.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        source: Some("dun".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn carries_code_range_hint_and_related_place() {
        let mut sources = SourceMap::new();
        let a = sources.add("/p/a.dun", "customer zoë\n".into());
        let b = sources.add("/p/b.dun", "x\n".into());
        let d = Diagnostic::new(Code::DuplicateCustomer, "duplicate customer `x`")
            .at(Span::new(b, 0, 1))
            .label("second here")
            .related(Span::new(a, 9, 13), "first here")
            .help("rename one");
        let out = by_file(&[d], &sources, Encoding::Utf16);
        assert!(out[&PathBuf::from("/p/a.dun")].is_empty());
        let got = &out[&PathBuf::from("/p/b.dun")][0];
        assert_eq!(got.code, Some(NumberOrString::String("E030".into())));
        assert_eq!(got.message, "duplicate customer `x`\nsecond here\nhelp: rename one");
        let related = got.related_information.as_ref().unwrap();
        // `zoë` is 3 UTF-16 units: 9..13 in bytes is 9..12 in columns.
        assert_eq!(
            related[0].location.range,
            lsp_types::Range::new(lsp_types::Position::new(0, 9), lsp_types::Position::new(0, 12))
        );
        assert_eq!(related[0].location.uri.as_str(), "file:///p/a.dun");
    }
}
