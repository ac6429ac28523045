//! The `fee` clause of a stage:
//! `FEE = AMOUNT | PERCENT ["min" AMOUNT] ["max" AMOUNT] | "wik" ["+vat" PERCENT] | "eu-flat" | "be-consumer"`.

use rust_decimal::Decimal;

use super::read::{missing_value, positive, present, span_of, starts_number, twice, value};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::fees::FeeRule;
use crate::money::Money;
use crate::syntax::ast::Spanned;
use crate::syntax::keywords::STAGE_CLAUSES as CLAUSES;
use crate::syntax::lex::{self, Cursor, Token};

/// The named fee schemes.
pub const FEE_SCHEMES: &[&str] = &["wik", "eu-flat", "be-consumer"];

/// Every form a fee takes, for hints.
const FORMS: &str =
    "an amount (`40.00 EUR`), a percentage (`10% min 40.00 EUR max 500.00 EUR`), `wik`, `wik +vat 21%`, `eu-flat` or `be-consumer`";

/// `fee ...` after the keyword `kw`; the span covers the value.
pub(super) fn fee(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<Spanned<FeeRule>, Diagnostic> {
    let t = match cur.peek() {
        Some(t) if !CLAUSES.contains(&t.text) => t,
        _ => return Err(missing_value(kw, cur, "a fee", "fee 40.00 EUR")),
    };
    if starts_number(t.text) && t.text.ends_with('%') {
        return percent_fee(cur);
    }
    if starts_number(t.text) {
        let m = positive(cur, "fee")?;
        return Ok(m.map(FeeRule::Fixed));
    }
    cur.expect("fee scheme")?;
    let span = span_of(cur, t);
    match t.text {
        "wik" => wik(cur, t),
        "eu-flat" => Ok(Spanned::new(FeeRule::EuFlat, span)),
        "be-consumer" => Ok(Spanned::new(FeeRule::BeConsumer, span)),
        _ => Err(unknown_fee(cur, t)),
    }
}

/// `wik [+vat PERCENT]` after `wik` (token `t`).
fn wik(cur: &mut Cursor<'_>, t: Token<'_>) -> Result<Spanned<FeeRule>, Diagnostic> {
    let mut span = span_of(cur, t);
    let mut vat = None;
    if let Some(plus) = cur.peek().filter(|p| p.text == "+vat") {
        cur.expect("`+vat`")?;
        let t = value(cur, plus, "a VAT percentage", "fee wik +vat 21%", CLAUSES)?;
        let rate = lex::percent(cur.file(), t)?;
        span = span.to(span_of(cur, plus)).to(rate.span);
        vat = Some(rate.node);
    }
    Ok(Spanned::new(FeeRule::Wik { vat }, span))
}

/// `PERCENT [min AMOUNT] [max AMOUNT]`, bounds in either order.
fn percent_fee(cur: &mut Cursor<'_>) -> Result<Spanned<FeeRule>, Diagnostic> {
    let rate = lex::percent(cur.file(), cur.expect("fee percentage")?)?;
    if rate.node == Decimal::ZERO {
        return Err(Diagnostic::new(Code::NotPositive, "a fee of 0%")
            .at(rate.span)
            .label("charges nothing")
            .help("leave the `fee` clause out to charge nothing"));
    }
    let mut span = rate.span;
    let mut min: Option<Spanned<Money>> = None;
    let mut max: Option<Spanned<Money>> = None;
    while let Some(b) = cur.peek().filter(|b| b.text == "min" || b.text == "max") {
        cur.expect("bound")?;
        present(cur, b, "an amount", "min 40.00 EUR", CLAUSES)?;
        let slot = if b.text == "min" { &mut min } else { &mut max };
        let value = positive(cur, "fee bound")?;
        let at = span_of(cur, b).to(value.span);
        if let Some(first) = slot {
            return Err(twice(&format!("`{}`", b.text), first.span, at));
        }
        *slot = Some(Spanned::new(value.node, at));
        span = span.to(at);
    }
    if let (Some(lo), Some(hi)) = (&min, &max) {
        check_bounds(lo, hi)?;
    }
    let rule = FeeRule::Percent {
        rate: rate.node,
        min: min.map(|m| m.node),
        max: max.map(|m| m.node),
    };
    Ok(Spanned::new(rule, span))
}

/// `min` and `max` in one currency, `min` not above `max`.
fn check_bounds(lo: &Spanned<Money>, hi: &Spanned<Money>) -> Result<(), Diagnostic> {
    if lo.node.currency != hi.node.currency {
        return Err(
            Diagnostic::new(Code::BadValue, "`min` and `max` in different currencies")
                .at(hi.span)
                .label(format!("in {}", hi.node.currency))
                .related(lo.span, format!("in {}", lo.node.currency))
                .help("give both bounds in the currency of the invoices"),
        );
    }
    if lo.node.amount > hi.node.amount {
        return Err(Diagnostic::new(Code::BadValue, "`min` is above `max`")
            .at(lo.span)
            .label(format!("{} is more than the maximum", lo.node))
            .related(hi.span, "the maximum")
            .help("swap the two amounts"));
    }
    Ok(())
}

fn unknown_fee(cur: &Cursor<'_>, t: Token<'_>) -> Diagnostic {
    let help = match did_you_mean(t.text, FEE_SCHEMES.iter().copied()) {
        Some(g) => format!("did you mean `{g}`? A fee is {FORMS}"),
        None => format!("a fee is {FORMS}"),
    };
    Diagnostic::new(Code::UnknownFee, format!("unknown fee scheme `{}`", t.text))
        .at(span_of(cur, t))
        .label("not a fee scheme")
        .help(help)
}
