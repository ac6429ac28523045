//! `policy NAME` blocks: a head line, then indented policy settings (`minimum`, `grace`,
//! `language`, `escalate`) and stage lines, each line parsed on its own.

use super::model::{Escalate, Policy, Setting};
use super::read::{language, non_negative, once, present, span_of, value, without_colon};
use super::settings::SETTINGS;
use super::stage::parse_stage;
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::fields::bad_value;
use crate::syntax::keywords::STAGE_CLAUSES as CLAUSES;
use crate::syntax::lex::{Cursor, Token};
use crate::syntax::lines::{Line, RawBlock};

/// The keywords of a policy's indented lines.
pub const POLICY_LINES: &[&str] = &["stage", "minimum", "grace", "language", "escalate"];

/// Parses a policy block. `None` when the head has no valid name; the body is still
/// checked so that all its problems are reported.
pub(super) fn parse_policy(file: FileId, raw: &RawBlock<'_>, diags: &mut Vec<Diagnostic>) -> Option<Policy> {
    let head = &raw.head;
    let mut cur = Cursor::new(file, head.content, head.content_start);
    let named = cur
        .expect("`policy` keyword")
        .and_then(|kw| present(&mut cur, kw, "a policy name", "policy business", &[]))
        .and_then(|()| cur.id("policy name"))
        .map_err(|d| diags.push(d))
        .ok();
    if let (Some(_), Some(t)) = (named, cur.peek()) {
        diags.push(
            Diagnostic::new(Code::TrailingInput, format!("unexpected `{}`", t.text))
                .at(Span::new(file, t.start, head.content_end()))
                .label("a policy line holds only the policy's name")
                .help("settings and stages go on the indented lines below it"),
        );
    }
    let fallback = Span::new(file, head.content_start, head.content_end());
    let mut policy = match named {
        Some(n) => Policy::new(n.node, n.span),
        None => Policy::new("", fallback),
    };
    let before = diags.len();
    for line in &raw.body {
        body_line(&mut policy, file, line, diags);
    }
    if named.is_some() && policy.stages.is_empty() && diags.len() == before {
        diags.push(no_stages(&policy));
    }
    named.map(|_| policy)
}

/// A policy without stages never sends anything. Not reported when a line of the policy
/// failed: that line may well have been meant as a stage.
fn no_stages(policy: &Policy) -> Diagnostic {
    Diagnostic::new(Code::Missing, format!("policy `{}` has no stages", policy.name))
        .at(policy.span)
        .label("no `stage` lines below")
        .help("add indented stage lines, e.g. `  stage reminder after 3d template reminder`")
}

/// One indented line of a policy.
fn body_line(policy: &mut Policy, file: FileId, line: &Line<'_>, diags: &mut Vec<Diagnostic>) {
    let mut cur = Cursor::new(file, line.content, line.content_start);
    let Ok(kw) = cur.expect("keyword") else {
        return;
    };
    let result = match kw.text {
        "stage" => {
            let span = Span::new(file, line.content_start, line.content_end());
            stage_line(policy, &mut cur, kw, span)
        }
        "minimum" | "grace" | "language" | "escalate" => setting(policy, &mut cur, kw).and_then(|()| cur.finish()),
        _ => Err(unknown_line(policy, &cur, kw, line.content)),
    };
    if let Err(d) = result {
        diags.push(d);
    }
}

/// `stage NAME CLAUSES...`; a stage that fails is left out and its name poisoned.
fn stage_line(policy: &mut Policy, cur: &mut Cursor<'_>, kw: Token<'_>, line: Span) -> Result<(), Diagnostic> {
    if let Some(t) = cur.peek().filter(|t| CLAUSES.contains(&t.text)) {
        return Err(Diagnostic::new(Code::Missing, "expected a stage name after `stage`")
            .at(span_of(cur, t))
            .label(format!("`{}` is a clause, not a name", t.text))
            .help(format!("write `stage NAME {} ...`", t.text)));
    }
    present(
        cur,
        kw,
        "a stage name",
        "stage reminder after 3d template reminder",
        &[],
    )?;
    let name = cur.id("stage name")?;
    match parse_stage(cur, name, line) {
        Ok(stage) => {
            policy.stages.push(stage);
            Ok(())
        }
        Err(d) => {
            policy.poisoned.push(name.node.to_string());
            Err(d)
        }
    }
}

/// `minimum AMOUNT`, `grace DURATION`, `language CODE` or `escalate step|jump`.
fn setting(policy: &mut Policy, cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<(), Diagnostic> {
    let at = span_of(cur, kw);
    match kw.text {
        "minimum" => {
            present(cur, kw, "an amount", "minimum 10.00 EUR", &[])?;
            policy.minimums.push(non_negative(cur, "minimum")?);
        }
        "grace" => {
            once("`grace`", policy.grace.map(|g| g.span), at)?;
            let t = value(cur, kw, "a duration", "grace 3d", &[])?;
            policy.grace = Some(super::read::duration(cur, t)?);
        }
        "language" => {
            once("`language`", policy.language.as_ref().map(|l| l.span), at)?;
            present(cur, kw, "a language code", "language nl", &[])?;
            policy.language = Some(language(cur)?);
        }
        _ => {
            once("`escalate`", policy.escalate.span, at)?;
            let t = value(cur, kw, "`step` or `jump`", "escalate jump", &[])?;
            let e = match t.text {
                "step" => Escalate::Step,
                "jump" => Escalate::Jump,
                other => return Err(bad_value(cur.file(), t, other, "escalation", Escalate::NAMES)),
            };
            policy.escalate = Setting::given(e, span_of(cur, t));
        }
    }
    Ok(())
}

/// A policy line that starts with no known keyword, with the likeliest fix.
fn unknown_line(policy: &Policy, cur: &Cursor<'_>, kw: Token<'_>, content: &str) -> Diagnostic {
    let word = kw.text;
    let bare = word.strip_suffix(':').unwrap_or(word);
    let help = if bare != word && POLICY_LINES.contains(&bare) {
        format!("policy settings are written without `:`: `{}`", without_colon(content))
    } else if SETTINGS.contains(&word) || word == "sender" {
        format!("`{word}` is a file-level setting: write it at column 0, outside any policy")
    } else if word == "policy" {
        "a policy starts at column 0; only its settings and stages are indented".to_string()
    } else if CLAUSES.contains(&word) {
        "stage clauses go on the stage's own line: `stage NAME after 14d template NAME ...`".to_string()
    } else if let Some(g) = did_you_mean(word, POLICY_LINES.iter().copied()) {
        format!("did you mean `{g}`?")
    } else {
        format!("a policy's lines start with one of: {}", POLICY_LINES.join(", "))
    };
    let what = if policy.name.is_empty() {
        "a policy".to_string()
    } else {
        format!("policy `{}`", policy.name)
    };
    Diagnostic::new(Code::UnknownField, format!("unknown line `{word}` in {what}"))
        .at(span_of(cur, kw))
        .label("not a policy setting or stage")
        .help(help)
}
