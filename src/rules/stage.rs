//! A stage line, clauses in any order after the name:
//! `stage NAME after DURATION [wait DURATION] (template NAME | task "TEXT") [required]
//! [fee FEE] [interest INTEREST] [action handover]`.

use super::fee::fee;
use super::interest::interest;
use super::model::{Action, Stage, StageSpans};
use super::read::{once, span_of, starts_number};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::fees::FeeRule;
use crate::interest::InterestRule;
use crate::source::Span;
use crate::syntax::ast::{Duration, Id, Spanned};
use crate::syntax::fields::bad_value;
use crate::syntax::lex::{self, Cursor, Token};

use crate::syntax::keywords::STAGE_CLAUSES as CLAUSES;

/// The clauses read so far, each with the span of the whole clause.
#[derive(Default)]
struct Draft {
    after: Option<Spanned<Duration>>,
    wait: Option<Spanned<Duration>>,
    action: Option<Spanned<Action>>,
    required: Option<Span>,
    fee: Option<Spanned<FeeRule>>,
    interest: Option<Spanned<InterestRule>>,
    handover: Option<Span>,
}

/// Reads the clauses after `stage NAME` (the cursor is past the name); `line` is the
/// whole line. The first problem fails the line.
pub(super) fn parse_stage(cur: &mut Cursor<'_>, name: Id<'_>, line: Span) -> Result<Stage, Diagnostic> {
    let mut draft = Draft::default();
    while let Some(kw) = cur.peek() {
        cur.expect("clause")?;
        draft.clause(cur, kw)?;
    }
    draft.finish(name, line)
}

/// The value token after clause keyword `kw`.
fn value<'a>(cur: &mut Cursor<'a>, kw: Token<'_>, what: &'static str, example: &str) -> Result<Token<'a>, Diagnostic> {
    super::read::value(cur, kw, what, example, CLAUSES)
}

impl Draft {
    /// Reads one clause whose keyword `kw` has just been consumed.
    fn clause(&mut self, cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<(), Diagnostic> {
        let at = span_of(cur, kw);
        match kw.text {
            "after" | "wait" => self.timing(cur, kw),
            "template" | "task" => self.action(cur, kw),
            "required" => {
                once("`required`", self.required, at)?;
                self.required = Some(at);
                Ok(())
            }
            "fee" => {
                once("`fee`", self.fee.as_ref().map(|f| f.span), at)?;
                let f = fee(cur, kw)?;
                self.fee = Some(Spanned::new(f.node, at.to(f.span)));
                Ok(())
            }
            "interest" => {
                once("`interest`", self.interest.as_ref().map(|i| i.span), at)?;
                let i = interest(cur, kw)?;
                self.interest = Some(Spanned::new(i.node, at.to(i.span)));
                Ok(())
            }
            "action" => self.handover(cur, kw),
            _ => Err(self.unknown(cur, kw)),
        }
    }

    /// `after DURATION` or `wait DURATION`.
    fn timing(&mut self, cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<(), Diagnostic> {
        let at = span_of(cur, kw);
        let slot = if kw.text == "after" {
            &mut self.after
        } else {
            &mut self.wait
        };
        once(&format!("`{}`", kw.text), slot.map(|s| s.span), at)?;
        let example = format!("{} 14d", kw.text);
        let t = value(cur, kw, "a duration", &example)?;
        let d = super::read::duration(cur, t)?;
        *slot = Some(Spanned::new(d.node, at.to(d.span)));
        Ok(())
    }

    /// `template NAME` or `task "TEXT"`: exactly one per stage.
    fn action(&mut self, cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<(), Diagnostic> {
        let at = span_of(cur, kw);
        if let Some(first) = &self.action {
            return Err(second_action(first, kw, at));
        }
        let file = cur.file();
        let action = if kw.text == "template" {
            let t = value(cur, kw, "a template name", "template reminder")?;
            let name = lex::id(file, t, "template name")?;
            Spanned::new(
                Action::Letter {
                    template: name.node.to_string(),
                    span: name.span,
                },
                at.to(name.span),
            )
        } else {
            let t = value(cur, kw, "a task text", "task \"Phone the customer\"")?;
            let text = lex::string(file, t, "task text")?;
            Spanned::new(
                Action::Task {
                    text: text.node.into_owned(),
                    span: text.span,
                },
                at.to(text.span),
            )
        };
        self.action = Some(action);
        Ok(())
    }

    /// `action handover`.
    fn handover(&mut self, cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<(), Diagnostic> {
        let at = span_of(cur, kw);
        once("`action`", self.handover, at)?;
        let t = value(cur, kw, "an action", "action handover")?;
        if t.text != "handover" {
            return Err(bad_value(cur.file(), t, t.text, "stage action", &["handover"]));
        }
        self.handover = Some(at.to(span_of(cur, t)));
        Ok(())
    }

    /// A word that is no clause keyword, with the likeliest fix.
    fn unknown(&self, cur: &Cursor<'_>, kw: Token<'_>) -> Diagnostic {
        let word = kw.text;
        let bare = word.strip_suffix(':').unwrap_or(word);
        let help = if bare != word && CLAUSES.contains(&bare) {
            format!("clauses are written without `:`, e.g. `{bare} ...`")
        } else if let Some(g) = did_you_mean(word, CLAUSES.iter().copied()) {
            format!("did you mean `{g}`?")
        } else if starts_number(word) {
            format!("a duration follows `after` or `wait` (`after {word}`); an amount follows `fee`")
        } else if self.action.is_none() && lex::id(cur.file(), kw, "name").is_ok() {
            format!("did you mean `template {word}`? Stage clauses: {}", CLAUSES.join(", "))
        } else {
            format!("stage clauses: {}", CLAUSES.join(", "))
        };
        Diagnostic::new(Code::UnknownField, format!("unknown stage clause `{word}`"))
            .at(span_of(cur, kw))
            .label("not a stage clause")
            .help(help)
    }

    /// The stage, once every clause is read: `after` and an action are required.
    fn finish(self, name: Id<'_>, line: Span) -> Result<Stage, Diagnostic> {
        let Some(after) = self.after else {
            return Err(
                Diagnostic::new(Code::Missing, format!("stage `{}` has no `after`", name.node))
                    .at(name.span)
                    .label("needs `after DURATION`")
                    .help("add e.g. `after 14d`: the stage is due that long after the invoice's due date"),
            );
        };
        let Some(action) = self.action else {
            return Err(Diagnostic::new(
                Code::BadStage,
                format!("stage `{}` has neither `template` nor `task`", name.node),
            )
            .at(name.span)
            .label("needs a letter template or a task")
            .help("add `template NAME` for a letter, or `task \"TEXT\"` for a to-do"));
        };
        Ok(Stage {
            name: name.node.to_string(),
            span: name.span,
            line,
            after: after.node,
            wait: self.wait.map_or(Duration::ZERO, |w| w.node),
            action: action.node,
            required: self.required.is_some(),
            spans: StageSpans {
                after: after.span,
                wait: self.wait.map(|w| w.span),
                fee: self.fee.as_ref().map(|f| f.span),
                interest: self.interest.as_ref().map(|i| i.span),
            },
            fee: self.fee.map(|f| f.node),
            interest: self.interest.map(|i| i.node),
            handover: self.handover.is_some(),
        })
    }
}

/// A second `template` or `task` on one stage.
fn second_action(first: &Spanned<Action>, kw: Token<'_>, at: Span) -> Diagnostic {
    let same = matches!(
        (&first.node, kw.text),
        (Action::Letter { .. }, "template") | (Action::Task { .. }, "task")
    );
    if same {
        return super::read::twice(&format!("`{}`", kw.text), first.span, at);
    }
    Diagnostic::new(Code::BadStage, "a stage has a `template` or a `task`, not both")
        .at(at)
        .label("second action here")
        .related(first.span, "first action here")
        .help("a task produces no letter: split this into two stages, or remove one")
}
