//! The manual and the grammar cannot drift from the parser: every example in
//! `docs/journal.md` and `grammar/journal.ebnf` is parsed here.
//!
//! In `docs/journal.md`, fenced blocks are checked by their info string:
//! - ```` ```dun ````: parses without any diagnostic and is already in `dun fmt` layout;
//! - ```` ```dun-error ````: has at least one error;
//! - ```` ```dun unformatted ````: parses without any diagnostic, and the next `dun`
//!   block is exactly what `dun fmt` makes of it;
//! - ```` ```dun rules ````: a rules file; only its layout is checked here.
//!
//! In `grammar/journal.ebnf`, every comment that starts a line with `(* example:` holds a
//! journal that parses without any diagnostic.

use std::path::Path;

use dun::layout::{format_text, is_formatted};
use dun::rules::parse_rules;
use dun::source::FileId;
use dun::syntax::ast::{MatchedBy, Waived};
use dun::syntax::journal::{field_keys, CONSENT_CHANNELS, DIRECTIVES, ENTRY_KINDS};
use dun::syntax::parse_journal;

/// One example: where it is, how it is marked, and its text.
#[derive(Debug)]
struct Example {
    /// `file:line` of its first line.
    place: String,
    /// The fence's info string (`dun`, `dun-error`, `dun unformatted`, ...).
    info: String,
    text: String,
}

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fenced blocks of a Markdown text whose info string starts with `dun`.
fn fenced(file: &str, md: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    for (n, line) in md.lines().enumerate() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```").filter(|i| i.starts_with("dun")) {
                    open = Some((n + 2, info.trim().to_string(), String::new()));
                }
            }
            Some((first, info, text)) => {
                if line.trim_end() == "```" {
                    out.push(Example {
                        place: format!("{file}:{first}"),
                        info: std::mem::take(info),
                        text: std::mem::take(text),
                    });
                    open = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "{file}: unclosed code block");
    out
}

/// The `(* example:` comments of an EBNF text.
fn ebnf_examples(file: &str, ebnf: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut open: Option<Example> = None;
    for (n, line) in ebnf.lines().enumerate() {
        match &mut open {
            None if line.trim_end() == "(* example:" => {
                open = Some(Example {
                    place: format!("{file}:{}", n + 2),
                    info: "dun".into(),
                    text: String::new(),
                });
            }
            None => {}
            Some(ex) => {
                if line.trim_end() == "*)" {
                    out.extend(open.take());
                } else {
                    ex.text.push_str(line);
                    ex.text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "{file}: unclosed example");
    out
}

/// Panics with the diagnostics if `ex` does not parse cleanly as a journal (or, for
/// `rules` blocks, as a rules file).
fn assert_parses(ex: &Example) {
    let diagnostics = if ex.info.contains("rules") {
        parse_rules(FileId(0), &ex.text).1
    } else {
        let parsed = parse_journal(FileId(0), &ex.text);
        assert!(!parsed.blocks.is_empty(), "{}: empty example", ex.place);
        parsed.diagnostics
    };
    let problems: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code.id(), d.message))
        .collect();
    assert!(
        problems.is_empty(),
        "{}: example does not parse:\n{}\n{}",
        ex.place,
        problems.join("\n"),
        ex.text
    );
}

fn assert_formatted(ex: &Example) {
    assert!(
        is_formatted(&ex.text),
        "{}: example is not in `dun fmt` layout; it should read:\n{}",
        ex.place,
        format_text(&ex.text)
    );
}

/// The `Debug` text of a value with every `Span { .. }` cut out: what it means, not
/// where it was written (the rules model keeps plain spans for its diagnostics).
fn without_spans(debug: String) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').map_or(rest.len(), |j| i + j + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn manual_examples_parse_and_are_formatted() {
    let examples = fenced("docs/journal.md", &read("docs/journal.md"));
    let mut counts = [0usize; 4];
    for (i, ex) in examples.iter().enumerate() {
        match ex.info.as_str() {
            "dun" | "dun rules" => {
                assert_parses(ex);
                assert_formatted(ex);
                counts[0] += 1;
            }
            "dun-error" => {
                let parsed = parse_journal(FileId(0), &ex.text);
                assert!(
                    parsed.diagnostics.iter().any(|d| d.is_error()),
                    "{}: example marked dun-error parses without errors:\n{}",
                    ex.place,
                    ex.text
                );
                counts[1] += 1;
            }
            "dun unformatted" | "dun rules unformatted" => {
                assert_parses(ex);
                let next = examples.get(i + 1).filter(|n| n.info.starts_with("dun"));
                let next = next.unwrap_or_else(|| panic!("{}: no formatted block after it", ex.place));
                assert_eq!(
                    format_text(&ex.text),
                    next.text,
                    "{}: `dun fmt` output differs from the block at {}",
                    ex.place,
                    next.place
                );
                counts[2] += 1;
            }
            other => panic!("{}: unknown code block kind `{other}`", ex.place),
        }
    }
    // Guards against an extractor that silently finds nothing.
    assert!(counts[0] >= 15, "too few ```dun examples: {counts:?}");
    assert!(counts[1] >= 4, "too few ```dun-error examples: {counts:?}");
    assert!(counts[2] >= 2, "too few ```dun unformatted examples: {counts:?}");
}

/// The rules manual's examples (```` ```dun rules ````) are rules files that parse without
/// any diagnostic and are in `dun fmt` layout.
#[test]
fn rules_manual_examples_parse_and_are_formatted() {
    let examples = fenced("docs/rules.md", &read("docs/rules.md"));
    let rules: Vec<&Example> = examples.iter().filter(|e| e.info == "dun rules").collect();
    assert!(rules.len() >= 2, "too few ```dun rules examples: {examples:?}");
    for ex in rules {
        assert_parses(ex);
        assert_formatted(ex);
    }
}

#[test]
fn grammar_examples_parse() {
    let examples = ebnf_examples("grammar/journal.ebnf", &read("grammar/journal.ebnf"));
    assert!(examples.len() >= 10, "too few examples: {}", examples.len());
    for ex in &examples {
        assert_parses(ex);
    }
}

/// `dun fmt` formats rules files too: the rules grammar's examples keep their meaning.
#[test]
fn rules_grammar_examples_keep_their_meaning_when_formatted() {
    let examples = ebnf_examples("grammar/rules.ebnf", &read("grammar/rules.ebnf"));
    assert!(examples.len() >= 3, "too few examples: {}", examples.len());
    for ex in &examples {
        let formatted = format_text(&ex.text);
        assert_eq!(format_text(&formatted), formatted, "{}: not idempotent", ex.place);
        let (before, diags) = parse_rules(FileId(0), &ex.text);
        assert!(diags.is_empty(), "{}: {diags:?}", ex.place);
        let (after, diags) = parse_rules(FileId(0), &formatted);
        assert!(diags.is_empty(), "{}: formatted: {diags:?}\n{formatted}", ex.place);
        assert_eq!(
            without_spans(format!("{after:?}")),
            without_spans(format!("{before:?}")),
            "{}: formatting changed the meaning:\n{formatted}",
            ex.place
        );
    }
}

#[test]
fn grammar_names_every_entry_kind_and_field() {
    let ebnf = read("grammar/journal.ebnf");
    let quoted = |w: &str| ebnf.contains(&format!("\"{w}\""));
    for kind in ENTRY_KINDS.iter().chain(DIRECTIVES) {
        assert!(quoted(kind), "grammar/journal.ebnf does not define `{kind}`");
    }
    let fields = field_keys();
    assert!(fields.len() >= 25, "too few field keys: {fields:?}");
    for field in fields.iter().copied().chain(["x-"]) {
        assert!(
            quoted(field),
            "grammar/journal.ebnf does not define the field `{field}`"
        );
    }
    // The words of the fixed value sets.
    let values = Waived::ALL
        .iter()
        .map(|w| w.as_str())
        .chain(MatchedBy::ALL.iter().map(|m| m.as_str()))
        .chain(CONSENT_CHANNELS.iter().copied())
        .chain(["business", "consumer"]);
    for value in values {
        assert!(quoted(value), "grammar/journal.ebnf does not name the value `{value}`");
    }
}

/// The manual has a section for every entry kind and directive, and names every field as
/// `key:` (so a new field cannot land undocumented).
#[test]
fn manual_names_every_entry_kind_and_field() {
    let md = read("docs/journal.md");
    for kind in ENTRY_KINDS.iter().chain(DIRECTIVES) {
        let heading = md
            .lines()
            .any(|l| l.starts_with("### ") && l.contains(&format!("`{kind}`")));
        assert!(heading, "docs/journal.md has no section heading for `{kind}`");
    }
    for field in field_keys() {
        assert!(
            md.contains(&format!("`{field}:")),
            "docs/journal.md does not name the field `{field}:`"
        );
    }
}
