//! The rules parser: text -> [`Rules`] and every problem of the file.
//!
//! The file is split into blocks like the journal; each block (and each line of a
//! policy) is parsed on its own, so one mistake costs only its own line and every
//! problem of the file is reported. Then the checks of [`super::check`] run on the model.

use super::check::CHECKS;
use super::model::Rules;
use super::policy::{parse_policy, POLICY_LINES};
use super::read::{span_of, twice, without_colon};
use super::sender::{parse_sender, SENDER_FIELDS};
use super::settings::{setting, SETTINGS};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::lex::{Cursor, Token};
use crate::syntax::lines::{blocks, Line, RawBlock, RawItem};

/// Keywords that start a block at column 0.
pub const BLOCKS: &[&str] = &["sender", "policy"];

/// Parses a rules file. Never panics; returns the rules built from everything that
/// parsed (defaults for the rest) and every problem, in file order.
pub fn parse_rules(file: FileId, text: &str) -> (Rules, Vec<Diagnostic>) {
    let mut rules = Rules::default();
    let mut diags = crate::syntax::conflict::conflicts(file, text);
    for item in blocks(text) {
        match item {
            RawItem::Stray(line) => diags.push(stray(file, &line, None)),
            RawItem::Block(raw) => block(&mut rules, file, &raw, &mut diags),
        }
    }
    for check in CHECKS {
        diags.extend(check(&rules));
    }
    diags.sort_by_key(|d| d.span.map_or(u32::MAX, |s| s.start));
    (rules, diags)
}

/// One block: a setting line, `sender` or `policy`.
fn block(rules: &mut Rules, file: FileId, raw: &RawBlock<'_>, diags: &mut Vec<Diagnostic>) {
    let head = &raw.head;
    let mut cur = Cursor::new(file, head.content, head.content_start);
    let Ok(kw) = cur.expect("setting") else {
        return;
    };
    match kw.text {
        "sender" => {
            let sender = parse_sender(file, raw, diags);
            match &rules.sender {
                Some(first) => diags.push(twice("`sender` block", first.span, sender.span)),
                None => rules.sender = Some(sender),
            }
        }
        "policy" => match parse_policy(file, raw, diags) {
            Some(p) => rules.policies.push(p),
            None => rules
                .poisoned
                .extend(head.content.split_whitespace().nth(1).map(String::from)),
        },
        w if SETTINGS.contains(&w) => {
            if let Err(d) = setting(rules, &mut cur, kw) {
                diags.push(d);
            }
            diags.extend(raw.body.iter().map(|l| stray(file, l, Some(w))));
        }
        _ => {
            diags.push(unknown_keyword(&cur, kw, head.content));
            diags.extend(raw.body.iter().map(|l| stray(file, l, None)));
        }
    }
}

/// An indented line outside any block, or under a setting line (`under`).
fn stray(file: FileId, line: &Line<'_>, under: Option<&str>) -> Diagnostic {
    let (message, label) = match under {
        Some(kw) => (
            format!("indented line under `{kw}`"),
            "a setting takes no indented lines".to_string(),
        ),
        None => (
            "indented line outside any block".to_string(),
            "no `sender` or `policy` line above it".to_string(),
        ),
    };
    Diagnostic::new(Code::StrayIndent, message)
        .at(Span::new(file, line.content_start, line.content_end()))
        .label(label)
        .help("only `sender` and `policy` blocks have indented lines; settings stand alone at column 0")
}

/// A block that starts with no known keyword, with the likeliest fix.
fn unknown_keyword(cur: &Cursor<'_>, kw: Token<'_>, content: &str) -> Diagnostic {
    let word = kw.text;
    let bare = word.strip_suffix(':').unwrap_or(word);
    let known = || SETTINGS.iter().chain(BLOCKS).copied();
    let help = if bare != word && known().any(|k| k == bare) {
        format!("settings are written without `:`: `{}`", without_colon(content))
    } else if word.starts_with(|c: char| c.is_ascii_digit()) {
        "this looks like a journal entry: rules files hold settings, `sender` and `policy` blocks".to_string()
    } else if POLICY_LINES.contains(&word) {
        format!("`{word}` belongs to a policy: indent it under a `policy NAME` line")
    } else if SENDER_FIELDS.iter().any(|f| f.key == bare) {
        format!("`{bare}` is a field of the sender: indent it under a `sender` line as `  {bare}: ...`")
    } else if let Some(g) = did_you_mean(word, known()) {
        format!("did you mean `{g}`?")
    } else {
        format!(
            "a rules file holds the settings {}, and `sender` and `policy` blocks",
            SETTINGS.join(", ")
        )
    };
    Diagnostic::new(Code::UnknownKind, format!("unknown setting `{word}`"))
        .at(span_of(cur, kw))
        .label("not a setting or block")
        .help(help)
}
