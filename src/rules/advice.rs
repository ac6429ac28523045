//! `advice KIND when METRIC OP VALUE` and `behaviour-window DURATION`: how `dun customers`
//! turns a customer's payment behaviour into advice, and over how long a window.
//!
//! The value's kind follows the metric: days (`30d`, `4w`; `trend` may be negative, `-5d`)
//! for `avg-late`, `max-late` and `trend`; a percentage for `late-share`; a whole number for
//! `broken-promises`; an amount, or `credit-limit`, for `overdue` and `exposure`.

use rust_decimal::Decimal;

use super::read::{amount, span_of, value};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::money::Money;
use crate::source::Span;
use crate::syntax::ast::{Duration, DurationUnit, Spanned};
use crate::syntax::lex::{self, Cursor, Token};

/// A measure of a customer's payment behaviour that advice can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// `avg-late`: amount-weighted average days late of the invoices settled in the window.
    AvgLate,
    /// `max-late`: the most days late of one of them.
    MaxLate,
    /// `late-share`: the share of them settled after the due date, by count.
    LateShare,
    /// `broken-promises`: promises whose date + grace passed in the window, claim unsettled.
    BrokenPromises,
    /// `trend`: average days late of the last 6 months minus that of the 6 before.
    Trend,
    /// `overdue`: the open principal past its due date.
    Overdue,
    /// `exposure`: every open claim, overdue or not yet due.
    Exposure,
}

impl Metric {
    /// Every metric, in the order the documentation lists them.
    pub const ALL: &'static [Metric] = &[
        Metric::AvgLate,
        Metric::MaxLate,
        Metric::LateShare,
        Metric::BrokenPromises,
        Metric::Trend,
        Metric::Overdue,
        Metric::Exposure,
    ];

    /// The name as written in `rules.dun`.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::AvgLate => "avg-late",
            Metric::MaxLate => "max-late",
            Metric::LateShare => "late-share",
            Metric::BrokenPromises => "broken-promises",
            Metric::Trend => "trend",
            Metric::Overdue => "overdue",
            Metric::Exposure => "exposure",
        }
    }

    /// How a value for this metric is written, for hints.
    fn example(self) -> &'static str {
        match self {
            Metric::AvgLate | Metric::MaxLate => "a number of days, like `30d`",
            Metric::Trend => "a number of days, like `10d` or `-5d`",
            Metric::LateShare => "a percentage, like `50%`",
            Metric::BrokenPromises => "a whole number, like `2`",
            Metric::Overdue | Metric::Exposure => "an amount, like `5000.00 EUR`, or `credit-limit`",
        }
    }
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl Op {
    /// Every operator as written.
    pub const NAMES: &'static [&'static str] = &[">", ">=", "<", "<="];

    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }

    /// Whether `a OP b` holds.
    pub fn holds(self, a: Decimal, b: Decimal) -> bool {
        match self {
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Lt => a < b,
            Op::Le => a <= b,
        }
    }
}

/// What a metric is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// Days (weeks are counted as 7 days).
    Days(Decimal),
    /// A share from 0 to 1 (written as a percentage).
    Share(Decimal),
    /// A count.
    Count(Decimal),
    /// An amount: the rule applies to the customer's figures in its currency only.
    Amount(Money),
    /// The customer's `credit-limit:` (in its currency; no limit, no advice).
    CreditLimit,
}

/// One `advice` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdviceRule {
    /// The advice, as written (`deposit`, `shorter-terms`, `credit-check`, `stop-credit`
    /// have built-in wording).
    pub kind: String,
    /// What is measured.
    pub metric: Metric,
    /// How it is compared.
    pub op: Op,
    /// With what.
    pub threshold: Threshold,
    /// The whole line; `None` for the built-in defaults.
    pub span: Option<Span>,
}

impl AdviceRule {
    /// The rules that apply when `rules.dun` has no `advice` line.
    pub fn defaults() -> Vec<AdviceRule> {
        let rule = |kind: &str, metric, op, threshold| AdviceRule {
            kind: kind.to_string(),
            metric,
            op,
            threshold,
            span: None,
        };
        vec![
            rule("deposit", Metric::AvgLate, Op::Gt, Threshold::Days(Decimal::from(30))),
            rule(
                "deposit",
                Metric::BrokenPromises,
                Op::Ge,
                Threshold::Count(Decimal::from(2)),
            ),
            rule(
                "shorter-terms",
                Metric::LateShare,
                Op::Gt,
                Threshold::Share(Decimal::new(5, 1)),
            ),
            rule(
                "credit-check",
                Metric::Trend,
                Op::Gt,
                Threshold::Days(Decimal::from(10)),
            ),
            rule("stop-credit", Metric::Exposure, Op::Gt, Threshold::CreditLimit),
        ]
    }

    /// The line in `rules.dun` syntax (canonical spacing).
    pub fn text(&self) -> String {
        let value = match self.threshold {
            Threshold::Days(d) => format!("{}d", d.normalize()),
            Threshold::Share(s) => format!("{}%", (s * Decimal::from(100)).normalize()),
            Threshold::Count(n) => n.normalize().to_string(),
            Threshold::Amount(m) => m.to_string(),
            Threshold::CreditLimit => "credit-limit".to_string(),
        };
        format!(
            "advice {} when {} {} {value}",
            self.kind,
            self.metric.as_str(),
            self.op.as_str()
        )
    }
}

/// Reads `KIND when METRIC OP VALUE` after the `advice` keyword `kw`.
pub(super) fn parse_advice(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<AdviceRule, Diagnostic> {
    let example = "advice deposit when avg-late > 30d";
    let kind = value(cur, kw, "an advice", example, &["when"])?;
    let kind = lex::id(cur.file(), kind, "advice")?;
    let when = value(cur, kind_token(kind.node, kind.span), "`when`", example, &[])?;
    if when.text != "when" {
        return Err(shape(cur, when, "expected `when` after the advice").help(format!(
            "advice lines read `advice KIND when METRIC OP VALUE`, e.g. `{example}`"
        )));
    }
    let m = value(cur, when, "a metric", example, &[])?;
    let metric = Metric::ALL
        .iter()
        .copied()
        .find(|x| x.as_str() == m.text)
        .ok_or_else(|| unknown_metric(cur, m))?;
    let o = value(cur, m, "a comparison", example, &[])?;
    let op = match o.text {
        ">" => Op::Gt,
        ">=" => Op::Ge,
        "<" => Op::Lt,
        "<=" => Op::Le,
        other => return Err(bad_op(cur, o, other)),
    };
    let v = match cur.peek() {
        Some(t) => t,
        None => {
            return Err(
                Diagnostic::new(Code::AdviceValue, format!("expected a value after `{}`", o.text))
                    .at(span_of(cur, o))
                    .label("compared with nothing")
                    .help(format!("`{}` is compared with {}", metric.as_str(), metric.example())),
            )
        }
    };
    let (threshold, end) = threshold(cur, metric, v)?;
    let span = kind.span.to(end);
    Ok(AdviceRule {
        kind: kind.node.to_string(),
        metric,
        op,
        threshold,
        span: Some(span),
    })
}

/// The token of an already-read id, for "expected X after" reports.
fn kind_token(text: &str, span: Span) -> Token<'_> {
    Token {
        start: span.start as usize,
        text,
    }
}

/// The value of `metric`, starting at token `v`, and where it is written.
fn threshold(cur: &mut Cursor<'_>, metric: Metric, v: Token<'_>) -> Result<(Threshold, Span), Diagnostic> {
    let at = v.span(cur.file());
    let t = threshold_value(cur, metric, v)?;
    Ok((t, at))
}

/// The value of `metric`, starting at token `v`.
fn threshold_value(cur: &mut Cursor<'_>, metric: Metric, v: Token<'_>) -> Result<Threshold, Diagnostic> {
    let file = cur.file();
    let wrong = |what: &str| {
        Diagnostic::new(
            Code::AdviceValue,
            format!("`{}` is not {what} for `{}`", v.text, metric.as_str()),
        )
        .at(v.span(file))
        .label(format!("expected {}", metric.example()))
        .help(format!("`{}` is compared with {}", metric.as_str(), metric.example()))
    };
    match metric {
        Metric::AvgLate | Metric::MaxLate | Metric::Trend => {
            cur.expect("a number of days")?;
            let (negative, body) = match v.text.strip_prefix('-') {
                Some(rest) if metric == Metric::Trend => (true, rest),
                _ => (false, v.text),
            };
            let d = lex::duration(
                file,
                Token {
                    start: v.start + usize::from(negative),
                    text: body,
                },
            )
            .map_err(|_| wrong("a number of days"))?;
            let days = match d.node.unit {
                DurationUnit::Days => Decimal::from(d.node.n),
                DurationUnit::Weeks => Decimal::from(d.node.n) * Decimal::from(7),
                DurationUnit::Months => {
                    return Err(wrong("a number of days")
                        .label("months differ in length")
                        .help(format!("write days or weeks, e.g. `{}d`", d.node.n * 30)))
                }
            };
            Ok(Threshold::Days(if negative { -days } else { days }))
        }
        Metric::LateShare => {
            cur.expect("a percentage")?;
            let p = lex::percent(file, v).map_err(|_| wrong("a percentage"))?;
            if p.node > Decimal::from(100) {
                return Err(wrong("a share").label("a share is at most 100%"));
            }
            Ok(Threshold::Share(p.node / Decimal::from(100)))
        }
        Metric::BrokenPromises => {
            cur.expect("a whole number")?;
            let n = v.text.parse::<u32>().map_err(|_| wrong("a whole number"))?;
            Ok(Threshold::Count(Decimal::from(n)))
        }
        Metric::Overdue | Metric::Exposure => {
            if v.text == "credit-limit" {
                cur.expect("`credit-limit`")?;
                return Ok(Threshold::CreditLimit);
            }
            if !super::read::starts_number(v.text) {
                return Err(wrong("an amount"));
            }
            Ok(Threshold::Amount(amount(cur, "amount")?.node))
        }
    }
}

/// E123: a line that is not `advice KIND when METRIC OP VALUE`.
fn shape(cur: &Cursor<'_>, t: Token<'_>, message: &str) -> Diagnostic {
    Diagnostic::new(Code::AdviceShape, message.to_string())
        .at(span_of(cur, t))
        .label(format!("`{}` here", t.text))
}

/// E120: an unknown metric, with the likeliest one.
fn unknown_metric(cur: &Cursor<'_>, t: Token<'_>) -> Diagnostic {
    let names: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
    let help = match did_you_mean(t.text, names.iter().copied()) {
        Some(g) => format!("did you mean `{g}`? The metrics are: {}", names.join(", ")),
        None => format!("the metrics are: {}", names.join(", ")),
    };
    Diagnostic::new(Code::UnknownMetric, format!("unknown metric `{}`", t.text))
        .at(span_of(cur, t))
        .label("not a metric")
        .help(help)
}

/// E121: not one of `>`, `>=`, `<`, `<=`.
fn bad_op(cur: &Cursor<'_>, t: Token<'_>, text: &str) -> Diagnostic {
    let help = match text {
        "=" | "==" => "advice compares with `>`, `>=`, `<` or `<=`; for equality write `>=` and `<=` rules".to_string(),
        _ if text.starts_with(['>', '<']) => {
            format!(
                "put a space between the comparison and its value: `{} {}`",
                &text[..op_len(text)],
                &text[op_len(text)..]
            )
        }
        _ => "advice compares with `>`, `>=`, `<` or `<=`".to_string(),
    };
    Diagnostic::new(Code::BadComparison, format!("`{text}` is not a comparison"))
        .at(span_of(cur, t))
        .label("expected >, >=, < or <=")
        .help(help)
}

/// The length of the comparison a token starts with.
fn op_len(text: &str) -> usize {
    match text.get(1..2) {
        Some("=") => 2,
        _ => 1,
    }
}

/// Reads `behaviour-window Nm` after `kw`: a positive number of months.
pub(super) fn parse_window(cur: &mut Cursor<'_>, kw: Token<'_>) -> Result<Spanned<Duration>, Diagnostic> {
    let t = value(cur, kw, "a duration", "behaviour-window 12m", &[])?;
    let d = super::read::duration(cur, t)?;
    if d.node.unit != DurationUnit::Months {
        return Err(
            Diagnostic::new(Code::BadWindow, "`behaviour-window` is counted in months")
                .at(d.span)
                .label("expected a number of months")
                .help("the trend compares half-years and the history is by month: write e.g. `behaviour-window 12m`"),
        );
    }
    if d.node.n == 0 {
        return Err(
            Diagnostic::new(Code::BadWindow, "`behaviour-window` must be longer than zero")
                .at(d.span)
                .label("an empty window")
                .help("write e.g. `behaviour-window 12m` (the default) or `behaviour-window 6m`"),
        );
    }
    Ok(d)
}
