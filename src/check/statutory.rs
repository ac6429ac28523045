//! W066 and W067: consumer policies against the statutory waiting periods before costs
//! (art. 6:96 lid 6 BW; Code of Economic Law art. XIX.2). dun never charges the costs before
//! the statutory date whatever the rules say; these warnings tell the rules' author that the
//! ladder says otherwise.

use std::collections::HashSet;

use crate::book::Book;
use crate::diag::{Code, Diagnostic};
use crate::fees::FeeRule;
use crate::plan::policy_for;
use crate::rules::{Policy, Rules};
use crate::syntax::ast::{CustomerKind, DurationUnit};

/// The shortest `wait` that always covers the statute for a posted letter: dated on a Friday
/// it is presumed received on Tuesday (NL: + 15 days) or its period starts on Wednesday (BE:
/// + 14 days); both are 19 days after the letter. Holidays can add more: dun waits for them.
const SAFE_WAIT_DAYS: u32 = 19;

/// The policies some consumer customer is under.
fn consumer_policies<'r>(book: &Book, rules: &'r Rules) -> Vec<&'r Policy> {
    let mut seen = HashSet::new();
    book.customers
        .iter()
        .filter(|c| c.kind == Some(CustomerKind::Consumer))
        .filter_map(|c| policy_for(rules, c))
        .filter(|p| seen.insert(p.name.clone()))
        .collect()
}

/// A consumer policy whose costs stage waits less than the statute after the letter that
/// starts the period.
pub fn waits_cover_the_statute(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for policy in consumer_policies(book, rules) {
        for (i, stage) in policy.stages.iter().enumerate() {
            let statute = match stage.fee {
                Some(FeeRule::Wik { .. }) if policy.stages[..i].iter().any(|s| s.required) => {
                    "the 14 days after the presumed receipt of the 14-day letter (art. 6:96 lid 6 BW)"
                }
                Some(FeeRule::BeConsumer) if i > 0 => {
                    "14 days from the third working day after posting the reminder (Code of Economic Law art. XIX.2)"
                }
                _ => continue,
            };
            let days = match stage.wait.unit {
                DurationUnit::Days => stage.wait.n,
                DurationUnit::Weeks => stage.wait.n.saturating_mul(7),
                DurationUnit::Months => stage.wait.n.saturating_mul(28),
            };
            if days >= SAFE_WAIT_DAYS {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::ShortStatutoryWait,
                    format!(
                        "stage `{}` of policy `{}` waits {} after the previous letter, less than the statute allows before a consumer's costs",
                        stage.name, policy.name, stage.wait
                    ),
                )
                .at(stage.spans.wait.unwrap_or(stage.line))
                .label(format!("the statute: {statute}"))
                .help(format!(
                    "dun waits for the statutory date anyway (`dun explain` shows it); write `wait {SAFE_WAIT_DAYS}d` or more so the ladder says what happens"
                )),
            );
        }
    }
    out
}

/// A consumer policy charging `fee wik` with no `required` 14-day stage before it: without a
/// 14-day letter the costs cannot be claimed from a consumer (art. 6:96 lid 6 BW).
pub fn wik_after_fourteen_days(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for policy in consumer_policies(book, rules) {
        for (i, stage) in policy.stages.iter().enumerate() {
            if !matches!(stage.fee, Some(FeeRule::Wik { .. })) || policy.stages[..i].iter().any(|s| s.required) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::WikWithoutFourteenDays,
                    format!(
                        "policy `{}` charges WIK costs to consumers at stage `{}` with no `required` 14-day letter before it",
                        policy.name, stage.name
                    ),
                )
                .at(stage.spans.fee.unwrap_or(stage.line))
                .label("costs for a consumer need a 14-day letter first (art. 6:96 lid 6 BW)")
                .help("add a stage before it with `template fourteen-day-letter required`, as `dun init` writes"),
            );
        }
    }
    out
}
