//! The `interest` clause of a stage, and the names of the statutory schemes:
//! `INTEREST = "fixed" PERCENT ["compound" "yearly"] | SCHEME`.

use super::read::{missing_value, span_of, starts_number, value};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::interest::{InterestRule, Scheme};
use crate::syntax::ast::Spanned;
use crate::syntax::keywords::STAGE_CLAUSES as CLAUSES;
use crate::syntax::lex::{self, Cursor, Token};

/// The statutory schemes by the name `rules.dun` uses for them.
pub const SCHEMES: &[(&str, Scheme)] = &[
    ("nl-commercial", Scheme::NlCommercial),
    ("nl-statutory", Scheme::NlStatutory),
    ("be-commercial", Scheme::BeCommercial),
    ("de-commercial", Scheme::DeCommercial),
    ("de-consumer", Scheme::DeConsumer),
];

/// The scheme named `name`.
pub fn scheme_by_name(name: &str) -> Option<Scheme> {
    SCHEMES.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
}

/// The name of `scheme` as written in `rules.dun`.
pub fn scheme_name(scheme: Scheme) -> &'static str {
    SCHEMES.iter().find(|&&(_, s)| s == scheme).map_or("?", |&(n, _)| n)
}

/// Everything that may follow `interest`, for hints.
fn forms() -> String {
    let names: Vec<&str> = SCHEMES.iter().map(|(n, _)| *n).collect();
    format!("`fixed PERCENT` or one of {}", names.join(", "))
}

/// `interest ...` after the keyword `kw`; the span covers the value.
pub(super) fn interest(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<Spanned<InterestRule>, Diagnostic> {
    let file = cur.file();
    let t = match cur.peek() {
        Some(t) if !CLAUSES.contains(&t.text) => t,
        _ => return Err(missing_value(kw, cur, "an interest scheme", "interest nl-statutory")),
    };
    cur.expect("interest scheme")?;
    if t.text == "fixed" {
        return fixed(cur, t);
    }
    match scheme_by_name(t.text) {
        Some(s) => Ok(Spanned::new(InterestRule::Statutory(s), t.span(file))),
        None => Err(unknown_scheme(cur, t, true)),
    }
}

/// `fixed PERCENT [compound yearly]` after `fixed` (token `t`).
fn fixed(cur: &mut Cursor<'_>, t: Token<'_>) -> Result<Spanned<InterestRule>, Diagnostic> {
    let file = cur.file();
    let rate = lex::percent(
        file,
        value(cur, t, "a yearly percentage", "interest fixed 8%", CLAUSES)?,
    )?;
    let mut span = t.span(file).to(rate.span);
    let mut compound = false;
    if let Some(c) = cur.peek().filter(|c| c.text == "compound") {
        cur.expect("`compound`")?;
        let period = value(cur, c, "a compounding period", "compound yearly", CLAUSES)?;
        if period.text != "yearly" {
            return Err(crate::syntax::fields::bad_value(
                file,
                period,
                period.text,
                "compounding period",
                &["yearly"],
            ));
        }
        span = span.to(c.span(file)).to(period.span(file));
        compound = true;
    }
    let rule = InterestRule::Fixed {
        rate: rate.node,
        compound,
    };
    Ok(Spanned::new(rule, span))
}

/// An unknown scheme name; `fixed_allowed` where `fixed PERCENT` is an alternative.
pub(super) fn unknown_scheme(cur: &Cursor<'_>, t: Token<'_>, fixed_allowed: bool) -> Diagnostic {
    let names = SCHEMES.iter().map(|(n, _)| *n);
    let guess = if fixed_allowed {
        did_you_mean(t.text, names.chain(["fixed"]))
    } else {
        did_you_mean(t.text, names)
    };
    let all = if fixed_allowed {
        forms()
    } else {
        SCHEMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    };
    let help = match guess {
        _ if fixed_allowed && starts_number(t.text) => {
            format!("a fixed rate is written `interest fixed {}`", t.text)
        }
        Some(g) => format!("did you mean `{g}`? Interest is {all}"),
        None => format!("interest is {all}"),
    };
    Diagnostic::new(Code::UnknownInterest, format!("unknown interest scheme `{}`", t.text))
        .at(span_of(cur, t))
        .label("not an interest scheme")
        .help(help)
}
