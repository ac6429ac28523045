//! File-level settings, one line each at column 0: `default-terms`, `language`, `grace`,
//! `minimum`, `record-to`, `import-to`, `payment-order`, `pay-within`, `receipt`, `rates`,
//! `reference`, `smtp`, `formats`, `advice` and `behaviour-window`.

use super::interest::{scheme_by_name, unknown_scheme};
use super::model::{PaymentOrder, RatesFile, Receipt, Rules, Setting, SmtpRule};
use super::read::{language, non_negative, once, present, span_of, twice, value};
use super::{LetterFormat, Security};
use crate::diag::{Code, Diagnostic};
use crate::payref::Kind;
use crate::syntax::ast::{Duration, Spanned};
use crate::syntax::fields::bad_value;
use crate::syntax::lex::{self, Cursor, Token};

/// The file-level setting keywords.
pub const SETTINGS: &[&str] = &[
    "default-terms",
    "language",
    "grace",
    "minimum",
    "record-to",
    "import-to",
    "payment-order",
    "pay-within",
    "receipt",
    "rates",
    "reference",
    "smtp",
    "formats",
    "advice",
    "behaviour-window",
];

/// Reads the setting whose keyword `kw` has just been read, then the end of the line.
pub(super) fn setting(rules: &mut Rules, cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<(), Diagnostic> {
    let at = span_of(cur, kw);
    match kw.text {
        "default-terms" => {
            once("`default-terms`", rules.default_terms.span, at)?;
            let d = duration(cur, kw, "default-terms 30d")?;
            rules.default_terms = Setting::given(d.node, d.span);
        }
        "grace" => {
            once("`grace`", rules.grace.span, at)?;
            let d = duration(cur, kw, "grace 3d")?;
            rules.grace = Setting::given(d.node, d.span);
        }
        "pay-within" => {
            once("`pay-within`", rules.pay_within.map(|p| p.span), at)?;
            rules.pay_within = Some(duration(cur, kw, "pay-within 14d")?);
        }
        "receipt" => {
            once("`receipt`", rules.receipt.map(|r| r.span), at)?;
            rules.receipt = Some(receipt(cur, kw)?);
        }
        "language" => {
            once("`language`", rules.language.span, at)?;
            present(cur, kw, "a language code", "language nl", &[])?;
            let l = language(cur)?;
            rules.language = Setting::given(l.node, l.span);
        }
        "minimum" => {
            present(cur, kw, "an amount", "minimum 10.00 EUR", &[])?;
            rules.minimums.push(non_negative(cur, "minimum")?);
        }
        "record-to" => {
            once("`record-to`", rules.record_to.as_ref().map(|r| r.span), at)?;
            let t = value(cur, kw, "a path", "record-to \"journal.dun\"", &[])?;
            rules.record_to = Some(lex::text(cur.file(), t, "path")?.map(|p| p.into_owned()));
        }
        "import-to" => {
            once("`import-to`", rules.import_to.as_ref().map(|r| r.span), at)?;
            let t = value(cur, kw, "a path", "import-to \"payments.dun\"", &[])?;
            rules.import_to = Some(lex::text(cur.file(), t, "path")?.map(|p| p.into_owned()));
        }
        "payment-order" => {
            once("`payment-order`", rules.payment_order.span, at)?;
            rules.payment_order = payment_order(cur, kw)?;
        }
        "rates" => rates(rules, cur, kw)?,
        "smtp" => {
            once("`smtp`", rules.smtp.as_ref().map(|r| r.span), at)?;
            rules.smtp = Some(smtp(cur, kw)?);
        }
        "reference" => {
            once("`reference`", rules.reference.map(|r| r.span), at)?;
            let t = value(cur, kw, "a reference kind", "reference rf", &[])?;
            let kind = Kind::from_name(t.text)
                .ok_or_else(|| bad_value(cur.file(), t, t.text, "reference kind", Kind::NAMES))?;
            rules.reference = Some(Spanned::new(kind, span_of(cur, t)));
        }
        "formats" => {
            once("`formats`", rules.formats.first().map(|f| f.span), at)?;
            rules.formats = formats(cur, kw)?;
        }
        "advice" => rules.advice.push(super::advice::parse_advice(cur, kw)?),
        "behaviour-window" => {
            once("`behaviour-window`", rules.behaviour_window.map(|w| w.span), at)?;
            rules.behaviour_window = Some(super::advice::parse_window(cur, kw)?);
        }
        // The caller dispatches only the keywords of `SETTINGS`.
        _ => {}
    }
    cur.finish()
}

/// A duration after `kw`.
fn duration(cur: &mut Cursor<'_>, kw: Token<'_>, example: &str) -> Result<Spanned<Duration>, Diagnostic> {
    let t = value(cur, kw, "a duration", example, &[])?;
    super::read::duration(cur, t)
}

/// `receipt [post N] [email M]`: each channel at most once, days from 0 to 30.
fn receipt(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<Spanned<Receipt>, Diagnostic> {
    let example = "receipt post 2 email 1";
    let mut r = Receipt::default();
    let mut seen: Vec<&str> = Vec::new();
    let first = value(cur, kw, "`post` or `email`", example, &[])?;
    let mut span = span_of(cur, first);
    let mut word = Some(first);
    while let Some(w) = word {
        if !matches!(w.text, "post" | "email") || seen.contains(&w.text) {
            return Err(bad_value(cur.file(), w, w.text, "receipt channel", &["post", "email"]));
        }
        seen.push(w.text);
        let n = value(cur, w, "a number of days", example, &[])?;
        let days = n.text.parse::<u32>().ok().filter(|d| *d <= 30).ok_or_else(|| {
            Diagnostic::new(Code::BadValue, format!("`{}` is not a number of days", n.text))
                .at(span_of(cur, n))
                .label("expected a whole number from 0 to 30")
                .help(format!("e.g. `{example}`"))
        })?;
        match w.text {
            "post" => r.post = days,
            _ => r.email = days,
        }
        span = span.to(span_of(cur, n));
        word = match cur.peek() {
            Some(_) => Some(cur.expect("`post` or `email`")?),
            None => None,
        };
    }
    Ok(Spanned::new(r, span))
}

/// `payment-order principal-first|legal`.
fn payment_order(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<Setting<PaymentOrder>, Diagnostic> {
    let t = value(cur, kw, "a payment order", "payment-order legal", &[])?;
    let order = match t.text {
        "principal-first" => PaymentOrder::PrincipalFirst,
        "legal" => PaymentOrder::Legal,
        other => return Err(bad_value(cur.file(), t, other, "payment order", PaymentOrder::NAMES)),
    };
    Ok(Setting::given(order, span_of(cur, t)))
}

/// `smtp HOST [PORT] [starttls|tls|none]`.
fn smtp(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<SmtpRule, Diagnostic> {
    let file = cur.file();
    let example = "smtp \"smtp.example.com\" 587 starttls";
    let h = value(cur, kw, "a host name", example, &[])?;
    let host = lex::text(file, h, "host name")?;
    let mut rule = SmtpRule {
        host: host.node.into_owned(),
        port: None,
        security: None,
        span: host.span,
    };
    while let Some(t) = cur.peek() {
        cur.expect("port or security")?;
        let span = span_of(cur, t);
        if t.text.starts_with(|c: char| c.is_ascii_digit()) && rule.port.is_none() && rule.security.is_none() {
            let port = t.text.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                Diagnostic::new(Code::BadValue, format!("`{}` is not a port", t.text))
                    .at(span)
                    .label("expected a port number, 1 to 65535")
                    .help(format!("e.g. `{example}`"))
            })?;
            rule.port = Some(port);
        } else if rule.security.is_none() {
            let security = match t.text {
                "starttls" => Security::Starttls,
                "tls" => Security::Tls,
                "none" => Security::None,
                other => return Err(bad_value(file, t, other, "SMTP security", &["starttls", "tls", "none"])),
            };
            rule.security = Some(security);
        } else {
            return Err(Diagnostic::new(Code::TrailingInput, format!("unexpected `{}`", t.text))
                .at(span)
                .label("`smtp` takes a host, a port and a security")
                .help(format!("e.g. `{example}`")));
        }
        rule.span = rule.span.to(span);
    }
    Ok(rule)
}

/// `formats FORMAT...`: at least one, each once.
fn formats(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<Vec<Spanned<LetterFormat>>, Diagnostic> {
    const NAMES: &[&str] = &["txt", "md", "html", "pdf"];
    present(cur, kw, "a letter format", "formats html pdf", &[])?;
    let mut out: Vec<Spanned<LetterFormat>> = Vec::new();
    while cur.peek().is_some() {
        let t = cur.expect("a letter format")?;
        let Some(format) = LetterFormat::from_name(t.text) else {
            return Err(bad_value(cur.file(), t, t.text, "letter format", NAMES));
        };
        let span = span_of(cur, t);
        if let Some(first) = out.iter().find(|f| f.node == format) {
            return Err(twice(&format!("`{}` in `formats`", t.text), first.span, span));
        }
        out.push(Spanned { node: format, span });
    }
    Ok(out)
}

/// `rates SCHEME PATH`: at most one table per scheme.
fn rates(rules: &mut Rules, cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<(), Diagnostic> {
    let file = cur.file();
    let t = value(cur, kw, "an interest scheme", "rates nl-statutory \"rates.csv\"", &[])?;
    let Some(scheme) = scheme_by_name(t.text) else {
        if t.text == "fixed" {
            return Err(Diagnostic::new(Code::BadValue, "`fixed` interest has no rate table")
                .at(span_of(cur, t))
                .label("not a statutory scheme")
                .help("a fixed rate is written on the stage: `interest fixed 8%`"));
        }
        return Err(unknown_scheme(cur, t, false));
    };
    let scheme_span = span_of(cur, t);
    if let Some(first) = rules.rate_table(scheme) {
        let what = format!("`rates {}`", t.text);
        return Err(twice(&what, first.scheme_span, scheme_span));
    }
    let p = value(cur, t, "a path", "rates nl-statutory \"rates.csv\"", &[])?;
    let path = lex::text(file, p, "path")?;
    rules.rates.push(RatesFile {
        scheme,
        scheme_span,
        path: path.node.into_owned(),
        span: path.span,
    });
    Ok(())
}
