//! Fuzz entry points, shared by the cargo-fuzz targets in `fuzz/` and by the stable
//! regression test `tests/suite/fuzz_regressions.rs`, which replays every saved crash and the
//! seed corpus through the same functions. Not part of the public API.
//!
//! Each function takes arbitrary bytes and panics only on a bug: a parser that panics, a
//! formatter that changes what a journal means, an evaluator that panics or overflows.

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::book::{self, BuildOptions};
use crate::diag::Diagnostic;
use crate::interest::RateTables;
use crate::letters::{LetterContext, LetterFormat, Templates};
use crate::rules::{parse_rules, Rules};
use crate::source::FileId;
use crate::status::{Filter, Format, Report};
use crate::syntax::lex::tokens;
use crate::syntax::lines::lines;
use crate::syntax::parse_journal;

/// Rules used by [`evaluate`] when the input brings none: every policy feature the
/// example studio uses (tasks, fees, interest schemes, handover, required stages).
const RULES: &str = include_str!("../examples/acme-studio/rules.dun");

/// At most this many letters are rendered per input (rendering is the slow part).
const MAX_LETTERS: usize = 3;

/// The journal parser on any bytes: text that is not UTF-8 is read lossily, as `load` does.
pub fn journal(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = parse_journal(FileId(0), &text);
    for d in &parsed.diagnostics {
        assert_span_inside(d, &text);
    }
}

/// The rules parser on any bytes.
pub fn rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (_, diags) = parse_rules(FileId(0), &text);
    for d in &diags {
        assert_span_inside(d, &text);
    }
}

/// `dun fmt` round trips: the formatter never panics and is idempotent on any text; a
/// journal that parses without errors parses to the same blocks after formatting, and a
/// rules file that parses keeps its tokens and still parses.
pub fn fmt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = crate::layout::format_text(text);
    let twice = crate::layout::format_text(&once);
    assert_eq!(once, twice, "format_text is not idempotent");
    let parsed = parse_journal(FileId(0), text);
    if !has_errors(&parsed.diagnostics) {
        let reparsed = parse_journal(FileId(0), &once);
        assert!(
            !has_errors(&reparsed.diagnostics),
            "the formatted journal has errors: {:?}",
            reparsed.diagnostics
        );
        assert!(
            crate::layout::same_blocks(&parsed.blocks, &reparsed.blocks),
            "formatting changed the meaning of the journal"
        );
    }
    let (_, diags) = parse_rules(FileId(0), text);
    if !has_errors(&diags) {
        let (_, after) = parse_rules(FileId(0), &once);
        assert!(!has_errors(&after), "the formatted rules have errors: {after:?}");
        assert_eq!(shape(text), shape(&once), "formatting changed the rules' tokens");
    }
}

/// The evaluator on any journal that parses and checks: evaluation at several dates, the
/// run selection, status in every format, explain, and the first letters in every format.
/// Input is `JOURNAL` or `JOURNAL \0 RULES`; without rules, the example studio's rules.
pub fn evaluate(data: &[u8]) {
    let (journal, rules) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let (Ok(journal), Ok(rules_text)) = (
        std::str::from_utf8(journal),
        std::str::from_utf8(rules.unwrap_or(RULES.as_bytes())),
    ) else {
        return;
    };
    let (rules, diags) = parse_rules(FileId(1), rules_text);
    if has_errors(&diags) {
        return;
    }
    let parsed = vec![parse_journal(FileId(0), journal)];
    if has_errors(&parsed[0].diagnostics) {
        return;
    }
    let opts = BuildOptions {
        default_terms: rules.default_terms.value,
    };
    let (book, mut diags) = book::build(parsed, opts);
    diags.extend(book::checks::run(&book));
    diags.extend(crate::check::run(&book, &rules));
    if has_errors(&diags) {
        return;
    }
    let Ok(rates) = RateTables::builtin() else {
        return;
    };
    for as_of in dates(&book) {
        evaluate_at(&book, &rules, &rates, as_of);
    }
}

/// Evaluation dates: a fixed day, and a day after the last due date (every stage reached),
/// at most 9999-12-31 as `--date` allows (a later one once made this target report a
/// `sent` record dated `+10001-02-03`, which no run can write: `regressions/evaluate/`).
fn dates(book: &book::Book) -> Vec<NaiveDate> {
    let fixed = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let last_day = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let mut out = vec![fixed];
    if let Some(last) = book.invoices.iter().map(|i| i.due).max() {
        out.push(
            last.checked_add_days(chrono::Days::new(400))
                .unwrap_or(last)
                .min(last_day),
        );
    }
    out
}

fn evaluate_at(book: &book::Book, rules: &Rules, rates: &RateTables, as_of: NaiveDate) {
    let plan = crate::plan::evaluate(book, rules, rates, as_of);
    if has_errors(&plan.diagnostics) {
        return;
    }
    let report = Report::new(
        book,
        rules,
        &plan,
        &Filter {
            customer: None,
            all: true,
        },
    );
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown, Format::Html] {
        let _ = crate::status::render(&report, format, false);
    }
    for p in plan.invoices.iter().take(MAX_LETTERS) {
        let e = crate::explain::explain(book, rules, rates, &plan, p.invoice);
        let _ = crate::explain::render_text(&e);
    }
    let run = crate::due::select(book, rules, rates, &plan);
    for letter in run.letters.iter().take(MAX_LETTERS) {
        let ctx = LetterContext::build(book, rules, &plan, letter);
        for format in LetterFormat::ALL {
            let _ = templates().render(&ctx, format);
        }
        for r in crate::record::letter_records(book, letter, Some("letters/x.html"), "post") {
            let appended = crate::record::appended("", &[r]);
            let reparsed = parse_journal(FileId(0), &appended);
            assert!(
                !has_errors(&reparsed.diagnostics),
                "a sent record does not parse: {appended}"
            );
        }
    }
}

/// The built-in templates, compiled once per process.
fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(Templates::builtin)
}

fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// A diagnostic's span lies inside the text, on character boundaries.
fn assert_span_inside(d: &Diagnostic, text: &str) {
    if let Some(s) = d.span {
        let (start, end) = (s.start as usize, s.end as usize);
        assert!(
            start <= end && end <= text.len(),
            "span {}..{} outside a text of {} bytes: {d:?}",
            s.start,
            s.end,
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {}..{} not on character boundaries: {d:?}",
            s.start,
            s.end
        );
    }
}

/// The tokens of each non-blank line, with its indentation class.
fn shape(text: &str) -> Vec<(bool, Vec<String>)> {
    lines(text)
        .filter(|l| !l.content.is_empty())
        .map(|l| (l.indented, tokens(l.content, 0).map(|t| t.text.to_string()).collect()))
        .collect()
}

/// A bank statement reader on any bytes: no panic; a refusal names a place inside the file;
/// every line read is money of a real currency, and the entry `dun import` would write for
/// it (as `unmatched`, the entry that carries every text field) parses cleanly.
fn statement(data: &[u8], read: fn(&str) -> Result<Vec<crate::import::Statement>, crate::import::Problem>) {
    let text = crate::import::decode(data);
    match read(&text) {
        Ok(statements) => {
            let book = crate::book::Book::default();
            for s in statements {
                for line in s.lines {
                    assert!(line.amount >= rust_decimal::Decimal::ZERO, "negative amount {line:?}");
                    assert!(!line.bank_id.is_empty(), "no bank id: {line:?}");
                    let placed = crate::import::record::Placed {
                        line,
                        decision: crate::import::Decision::Unmatched,
                        why: String::new(),
                    };
                    let entry = crate::import::record::entry(&book, &placed).unwrap_or_default();
                    let parsed = parse_journal(FileId(0), &entry);
                    assert!(parsed.diagnostics.is_empty(), "{entry}\n{:?}", parsed.diagnostics);
                }
            }
        }
        Err(p) => {
            if let crate::import::Place::Line(n) = p.place {
                assert!(n >= 1 && n <= text.split('\n').count() + 1, "line {n} outside the file");
            }
        }
    }
}

/// The CODA reader.
pub fn coda(data: &[u8]) {
    statement(data, crate::import::coda::read);
}

/// The MT940 reader.
pub fn mt940(data: &[u8]) {
    statement(data, crate::import::mt940::read);
}

/// The CSV reader, with the profile its header selects, and with every profile.
pub fn bank_csv(data: &[u8]) {
    use crate::import::bank_csv::{read, Profile};
    statement(data, |t| match Profile::detect(t) {
        Some(p) => read(t, p),
        None => Ok(Vec::new()),
    });
    statement(data, |t| read(t, Profile::Ing));
    statement(data, |t| read(t, Profile::Rabobank));
    statement(data, |t| read(t, Profile::AbnAmro));
    statement(data, |t| read(t, Profile::Kbc));
    statement(data, |t| read(t, Profile::Bunq));
}
