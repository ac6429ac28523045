//! Checks that need only the rules, each a small function with one signature, listed in
//! [`CHECKS`]. Syntax problems are found while parsing; checks that need the journal
//! (unresolvable policies, unused minimums, unknown templates) live with the journal's.

use chrono::NaiveDate;

use super::model::{Policy, Rules, Stage};
use crate::diag::{Code, Diagnostic};
use crate::fees::FeeRule;
use crate::money::Money;
use crate::syntax::ast::{Duration, DurationUnit, Spanned};

/// A rules check.
pub type Check = fn(&Rules) -> Vec<Diagnostic>;

/// Every rules check, in the order they report.
pub const CHECKS: &[Check] = &[
    duplicate_policies,
    duplicate_stages,
    stage_order,
    be_consumer_fee,
    duplicate_minimums,
];

/// A policy name used twice: customers could not tell which one they get.
fn duplicate_policies(rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, p) in rules.policies.iter().enumerate() {
        if let Some(first) = rules.policies[..i].iter().find(|q| q.name == p.name) {
            out.push(
                Diagnostic::new(Code::DuplicatePolicy, format!("policy `{}` defined twice", p.name))
                    .at(p.span)
                    .label("second policy with this name")
                    .related(first.span, "first defined here")
                    .help("rename one of them, or merge their stages into one policy"),
            );
        }
    }
    out
}

/// A stage name used twice in one policy: `sent` records could not tell which is meant.
fn duplicate_stages(rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &rules.policies {
        for (i, s) in p.stages.iter().enumerate() {
            if let Some(first) = p.stages[..i].iter().find(|t| t.name == s.name) {
                out.push(
                    Diagnostic::new(
                        Code::DuplicateStage,
                        format!("stage `{}` defined twice in policy `{}`", s.name, p.name),
                    )
                    .at(s.span)
                    .label("second stage with this name")
                    .related(first.span, "first defined here")
                    .help("give each stage of a policy its own name: `sent` records name stages"),
                );
            }
        }
    }
    out
}

/// A stage due before its predecessor for every due date. `30d` after `1m` is accepted:
/// it is earlier for some months only.
fn stage_order(rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &rules.policies {
        for pair in p.stages.windows(2) {
            let (prev, s) = (&pair[0], &pair[1]);
            if always(|d| s.after.after(d) < prev.after.after(d)) {
                out.push(
                    Diagnostic::new(
                        Code::StageOrder,
                        format!("stage `{}` is due before the stage above it", s.name),
                    )
                    .at(s.spans.after)
                    .label(format!("`after {}` is earlier than `after {}`", s.after, prev.after))
                    .related(prev.spans.after, format!("stage `{}`", prev.name))
                    .help(format!(
                        "stages run in order: give `{}` a later `after`, or move its line above `{}`",
                        s.name, prev.name
                    )),
                );
            }
        }
    }
    out
}

/// Belgian consumer costs need a free first reminder and 14 days to pay after it
/// (Code of Economic Law, book XIX). Guaranteed when the stage is due at least 14 days
/// after the first by its `after`, or by the `wait`s in between.
fn be_consumer_fee(rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &rules.policies {
        for (i, s) in p.stages.iter().enumerate() {
            if s.fee != Some(FeeRule::BeConsumer) {
                continue;
            }
            let at = s.spans.fee.unwrap_or(s.span);
            if i == 0 {
                out.push(be_consumer_first(p, s, at));
            } else if !fourteen_days_after_first(p, i) {
                let first = &p.stages[0];
                out.push(
                    Diagnostic::new(
                        Code::BeConsumerFee,
                        format!(
                            "`be-consumer` fee less than 14 days after the first reminder `{}`",
                            first.name
                        ),
                    )
                    .at(at)
                    .label("the consumer has 14 days to pay after a free first reminder")
                    .related(first.span, "the first reminder")
                    .help(fortnight_help(first)),
                );
            }
        }
    }
    out
}

/// How to leave 14 days after the first stage.
fn fortnight_help(first: &Stage) -> String {
    let days = match first.after.unit {
        DurationUnit::Days => Some(first.after.n),
        DurationUnit::Weeks => Some(first.after.n * 7),
        DurationUnit::Months => None,
    };
    let after = match days {
        Some(d) => format!("`after {}d` or later", d + 14),
        None => format!("at least 14 days later than `after {}`", first.after),
    };
    format!(
        "give this stage {after}, or `wait`s from `{}` that add up to 14 days",
        first.name
    )
}

fn be_consumer_first(p: &Policy, s: &Stage, at: crate::source::Span) -> Diagnostic {
    Diagnostic::new(
        Code::BeConsumerFee,
        format!("`be-consumer` fee on the first stage of policy `{}`", p.name),
    )
    .at(at)
    .label("the first reminder must be free")
    .related(s.span, "first stage")
    .help("move the fee to a stage at least 14 days after a free first reminder")
}

/// True if stage `i` of `p` is due at least 14 days after the first stage for every due
/// date, by its `after` or by the sum of the `wait`s from the first stage to it.
fn fourteen_days_after_first(p: &Policy, i: usize) -> bool {
    let first = p.stages[0].after;
    let s = p.stages[i].after;
    let fortnight = Duration {
        n: 14,
        unit: DurationUnit::Days,
    };
    let by_after = always(|d| {
        let limit = first.after(d).and_then(|f| fortnight.after(f));
        s.after(d).zip(limit).is_some_and(|(a, l)| a >= l)
    });
    let by_wait = always(|d| {
        let end = p.stages[1..=i].iter().try_fold(d, |acc, st| st.wait.after(acc));
        end.zip(fortnight.after(d)).is_some_and(|(e, l)| e >= l)
    });
    by_after || by_wait
}

/// A `minimum` given twice for one currency, at file level or in one policy.
fn duplicate_minimums(rules: &Rules) -> Vec<Diagnostic> {
    let mut out = twice_per_currency(&rules.minimums, "the file");
    for p in &rules.policies {
        out.extend(twice_per_currency(&p.minimums, &format!("policy `{}`", p.name)));
    }
    out
}

fn twice_per_currency(minimums: &[Spanned<Money>], place: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, m) in minimums.iter().enumerate() {
        let cur = m.node.currency;
        if let Some(first) = minimums[..i].iter().find(|f| f.node.currency == cur) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateField,
                    format!("`minimum` in {cur} given twice in {place}"),
                )
                .at(m.span)
                .label("second minimum in this currency")
                .related(first.span, "first given here")
                .help("keep one `minimum` per currency"),
            );
        }
    }
    out
}

/// True if `f` holds for every due date of two years (one of them a leap year): every
/// month length and month end, which is all that `m` durations depend on.
fn always(f: impl Fn(NaiveDate) -> bool) -> bool {
    let Some(start) = NaiveDate::from_ymd_opt(2023, 1, 1) else {
        return false;
    };
    start.iter_days().take(731).all(f)
}
