//! Value readers the rules parser shares on top of [`crate::syntax::lex`]: amounts that
//! say when their currency is missing, language codes, and "given twice" reports.

use crate::diag::{Code, Diagnostic};
use crate::money::Money;
use crate::source::Span;
use crate::syntax::ast::{Duration, Spanned};
use crate::syntax::lex::{self, Cursor, Token};

/// An amount. Unlike [`Cursor::amount`], a number followed by a keyword (`fee 40 interest
/// ...`) is reported as a missing currency, not as an unknown currency `interest`.
pub(super) fn amount(cur: &mut Cursor<'_>, what: &'static str) -> Result<Spanned<Money>, Diagnostic> {
    let mut ahead = cur.clone();
    if let (Ok(number), next) = (ahead.expect(what), ahead.peek()) {
        let currency_like = next.is_some_and(|t| t.text.len() == 3 && t.text.chars().all(|c| c.is_ascii_alphabetic()));
        if !currency_like && starts_number(number.text) {
            return Err(
                Diagnostic::new(Code::BadAmount, format!("amount `{}` without a currency", number.text))
                    .at(number.span(cur.file()))
                    .label("expected a currency code after this number")
                    .help(format!(
                        "write amounts as number then ISO 4217 code: `{} EUR`",
                        number.text
                    )),
            );
        }
    }
    cur.amount(what)
}

/// True if `text` starts like a number (so it is meant as an amount or percentage).
pub(super) fn starts_number(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
}

/// An amount that must not be negative (`minimum`).
pub(super) fn non_negative(cur: &mut Cursor<'_>, what: &'static str) -> Result<Spanned<Money>, Diagnostic> {
    let m = amount(cur, what)?;
    if m.node.amount.is_sign_negative() && !m.node.amount.is_zero() {
        return Err(Diagnostic::new(Code::NotPositive, format!("negative {what}"))
            .at(m.span)
            .label("must be zero or more")
            .help("remove the minus sign"));
    }
    Ok(m)
}

/// An amount that must be above zero (fees and their bounds).
pub(super) fn positive(cur: &mut Cursor<'_>, what: &'static str) -> Result<Spanned<Money>, Diagnostic> {
    let m = amount(cur, what)?;
    if m.node.amount <= rust_decimal::Decimal::ZERO {
        return Err(Diagnostic::new(Code::NotPositive, format!("{what} must be positive"))
            .at(m.span)
            .label("zero or negative")
            .help("leave the clause out to charge nothing"));
    }
    Ok(m)
}

/// A letter language: two lower-case letters (ISO 639-1), like the journal's `language:`.
pub(super) fn language(cur: &mut Cursor<'_>) -> Result<Spanned<String>, Diagnostic> {
    let t = cur.expect("language code")?;
    let span = t.span(cur.file());
    if t.text.len() == 2 && t.text.chars().all(|c| c.is_ascii_lowercase()) {
        return Ok(Spanned::new(t.text.to_string(), span));
    }
    let lower = t.text.to_ascii_lowercase();
    let help = if lower.len() == 2 && lower.chars().all(|c| c.is_ascii_lowercase()) {
        format!("language codes are lower case: did you mean `{lower}`?")
    } else {
        "write a two-letter ISO 639-1 code, like nl, en, de or fr".to_string()
    };
    Err(
        Diagnostic::new(Code::BadValue, format!("`{}` is not a language code", t.text))
            .at(span)
            .label("expected 2 lower-case letters")
            .help(help),
    )
}

/// "`what` given twice", pointing at both places.
pub(super) fn twice(what: &str, first: Span, again: Span) -> Diagnostic {
    Diagnostic::new(Code::DuplicateField, format!("{what} given twice"))
        .at(again)
        .label("second time here")
        .related(first, "first given here")
        .help("remove one of them")
}

/// Fails with [`twice`] if `first` is some.
pub(super) fn once(what: &str, first: Option<Span>, again: Span) -> Result<(), Diagnostic> {
    match first {
        Some(first) => Err(twice(what, first, again)),
        None => Ok(()),
    }
}

/// A token's span in the cursor's file.
pub(super) fn span_of(cur: &Cursor<'_>, t: Token<'_>) -> Span {
    t.span(cur.file())
}

/// "expected `what` after `keyword`", pointing at the keyword that lacks its value.
pub(super) fn missing_value(keyword: Token<'_>, cur: &Cursor<'_>, what: &str, example: &str) -> Diagnostic {
    Diagnostic::new(Code::Missing, format!("expected {what} after `{}`", keyword.text))
        .at(span_of(cur, keyword))
        .label(format!("`{}` needs a value", keyword.text))
        .help(format!("write e.g. `{example}`"))
}

/// The value token after keyword `kw`, or a [`missing_value`] report when the line ends
/// or one of the `stop` keywords comes next.
pub(super) fn value<'a>(
    cur: &mut Cursor<'a>,
    kw: Token<'_>,
    what: &'static str,
    example: &str,
    stop: &[&str],
) -> Result<Token<'a>, Diagnostic> {
    match cur.peek() {
        Some(t) if !stop.contains(&t.text) => cur.expect(what),
        _ => Err(missing_value(kw, cur, what, example)),
    }
}

/// Fails with [`missing_value`] when nothing follows keyword `kw`, or one of `stop`.
pub(super) fn present(
    cur: &mut Cursor<'_>,
    kw: Token<'_>,
    what: &str,
    example: &str,
    stop: &[&str],
) -> Result<(), Diagnostic> {
    match cur.peek() {
        Some(t) if !stop.contains(&t.text) => Ok(()),
        _ => Err(missing_value(kw, cur, what, example)),
    }
}

/// A duration, with a hint for a bare number (`30` for `30d`).
pub(super) fn duration(cur: &Cursor<'_>, t: Token<'_>) -> Result<Spanned<Duration>, Diagnostic> {
    lex::duration(cur.file(), t).map_err(|d| {
        if !t.text.is_empty() && t.text.chars().all(|c| c.is_ascii_digit()) {
            d.help(format!(
                "a duration needs a unit (d, w or m): did you mean `{}d`?",
                t.text
            ))
        } else {
            d
        }
    })
}

/// A line with its first `:` removed: `grace: 3d` -> `grace 3d`.
pub(super) fn without_colon(content: &str) -> String {
    content.replacen(':', "", 1)
}
