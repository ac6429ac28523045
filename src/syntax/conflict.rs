//! Git merge-conflict markers left in a journal or rules file (`<<<<<<<`, `|||||||`,
//! `=======`, `>>>>>>>` at the start of a line): one E024 per conflict, pointing at its
//! three markers, instead of an "unknown directive" for each marker line.

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// The markers, each seven characters at the start of a line.
const MARKERS: &[&str] = &["<<<<<<<", "|||||||", "=======", ">>>>>>>"];

/// True if a line (or a block's first word) is a conflict marker.
pub fn is_marker(line: &str) -> bool {
    MARKERS.iter().any(|m| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
    })
}

/// One diagnostic per conflict in `text`; a marker outside a `<<<<<<<` ... `>>>>>>>`
/// conflict is reported on its own.
pub fn conflicts(file: FileId, text: &str) -> Vec<Diagnostic> {
    // Cheap test first: files without markers (nearly all) are not scanned line by line.
    if !has_marker(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut open: Option<Diagnostic> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !is_marker(line) {
            continue;
        }
        let span = Span::new(file, start, start + line.trim_end().len());
        match (&line[..7], open.take()) {
            ("<<<<<<<", previous) => {
                out.extend(previous);
                open = Some(conflict(span));
            }
            (">>>>>>>", Some(d)) => out.push(d.related(span, "theirs end here")),
            ("=======", Some(d)) => open = Some(d.related(span, "ours end, theirs begin")),
            (_, Some(d)) => open = Some(d.related(span, "the common ancestor")),
            (_, None) => out.push(conflict(span).label("a merge-conflict marker")),
        }
    }
    out.extend(open);
    out
}

/// True if a line of `text` is a marker: two SIMD passes over the text for the markers'
/// characters (rare in a journal), each found one checked, instead of a search per marker.
fn has_marker(text: &str) -> bool {
    let bytes = text.as_bytes();
    let marker = |at: usize| (at == 0 || bytes[at - 1] == b'\n') && is_marker(&text[at..]);
    memchr::memchr3_iter(b'<', b'|', b'=', bytes).any(marker) || memchr::memchr_iter(b'>', bytes).any(marker)
}

/// The diagnostic for a conflict whose first marker is at `span`.
fn conflict(span: Span) -> Diagnostic {
    Diagnostic::new(Code::MergeConflict, "an unresolved git merge conflict")
        .at(span)
        .label("ours begin here")
        .help(
            "keep the lines you want from both sides, delete the marker lines \
             (`<<<<<<<`, `=======`, `>>>>>>>`), then run `dun check` and commit the merge",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_diagnostic_per_conflict_and_lone_markers_too() {
        let text = "a\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> theirs\nb\n=======\n";
        let d = conflicts(FileId(0), text);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].related.len(), 2);
        assert!(conflicts(FileId(0), "no markers; == here\n").is_empty());
        assert!(is_marker("<<<<<<< HEAD") && is_marker("=======") && !is_marker("========"));
        for text in ["a\n>>>>>>>", "|||||||\r\n", "x <<<<<<<\n=======\n", "é\n<<<<<<< x"] {
            assert!(has_marker(text), "{text}");
        }
        for text in ["a >>>>>>>", "x <<<<<<<\n", "\u{feff}=======\n", "==>\n=======x", ""] {
            assert!(!has_marker(text), "{text}");
        }
    }
}
