//! Checks that need both the journal and the rules, each a small function with one
//! signature, listed in [`CHECKS`].

mod country;
mod fee_currency;
mod references;
mod statutory;
mod used;

use std::collections::HashSet;

use crate::book::{Book, EventKind};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::plan::policy_for;
use crate::rules::Rules;

/// A check over the model and the rules.
pub type Check = fn(&Book, &Rules) -> Vec<Diagnostic>;

/// Every journal-and-rules check, in the order they report.
pub const CHECKS: &[Check] = &[
    policies_resolve,
    country::statutory_country,
    sent_stages_exist,
    minimums_used,
    sender_given,
    references::references_valid,
    references::references_unique,
    statutory::waits_cover_the_statute,
    statutory::wik_after_fourteen_days,
    fee_currency::fees_fit_currencies,
];

/// Runs every check.
pub fn run(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    CHECKS.iter().flat_map(|check| check(book, rules)).collect()
}

/// Every customer's policy exists: its `policy:`, else `COUNTRY-KIND`, else the one named after its kind.
fn policies_resolve(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let names = || rules.policies.iter().map(|p| p.name.as_str());
    book.customers
        .iter()
        .filter(|c| c.kind.is_some() || c.policy.is_some())
        .filter(|c| policy_for(rules, c).is_none())
        .filter(|c| !c.policy.as_ref().is_some_and(|p| rules.poisoned.contains(p)))
        .map(|c| match (&c.policy, c.kind) {
            (Some(name), _) => Diagnostic::new(
                Code::NoPolicy,
                format!(
                    "customer `{}` names policy `{name}`, which the rules do not define",
                    c.id
                ),
            )
            .at(c.policy_span.unwrap_or(c.span))
            .label("unknown policy")
            .help(match did_you_mean(name, names()) {
                Some(g) => format!("did you mean `{g}`?"),
                None => format!("policies in the rules: {}", names().collect::<Vec<_>>().join(", ")),
            }),
            (None, kind) => {
                let kind = kind.map_or("", |k| k.as_str());
                Diagnostic::new(
                    Code::NoPolicy,
                    format!(
                        "no policy for customer `{}`: the rules have no policy {}",
                        c.id,
                        looked_for(c, kind)
                    ),
                )
                .at(c.span)
                .label(format!("a {kind} customer without `policy:`"))
                .help(no_policy_help(c, kind, rules))
            }
        })
        .collect()
}

/// How to give a customer without `policy:` one.
fn no_policy_help(c: &crate::book::Customer, kind: &str, rules: &Rules) -> String {
    let suffix = format!("-{kind}");
    let by_country: Vec<&str> = rules
        .policies
        .iter()
        .map(|p| p.name.as_str())
        .filter(|n| n.len() == 2 + suffix.len() && n.ends_with(&suffix))
        .collect();
    match (&c.country, by_country.is_empty()) {
        (None, false) => format!(
            "give the customer its `country:` (the rules have {}), add `policy {kind}` to the rules, or give the customer a `policy:` field",
            by_country.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        ),
        (Some(country), _) => format!(
            "add `policy {}` or `policy {kind}` to the rules, or give the customer a `policy:` field",
            crate::plan::country_policy_name(country, kind)
        ),
        (None, true) => format!("add `policy {kind}` to the rules, or give the customer a `policy:` field"),
    }
}

/// The policy names looked for a customer without `policy:`, in order.
fn looked_for(c: &crate::book::Customer, kind: &str) -> String {
    match &c.country {
        Some(country) => format!("`{}` or `{kind}`", crate::plan::country_policy_name(country, kind)),
        None => format!("`{kind}`"),
    }
}

/// A `sent` record names a stage of the customer's policy.
fn sent_stages_exist(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &book.events {
        let EventKind::Sent {
            customer,
            stage,
            stage_span,
            ..
        } = &e.kind
        else {
            continue;
        };
        let Some(policy) = policy_for(rules, book.customer(*customer)) else {
            continue;
        };
        if policy.stage_index(stage).is_some() || policy.poisoned.contains(stage) {
            continue;
        }
        let names = || policy.stages.iter().map(|s| s.name.as_str());
        out.push(
            Diagnostic::new(
                Code::UnknownStage,
                format!("policy `{}` has no stage `{stage}`", policy.name),
            )
            .at(*stage_span)
            .label("unknown stage")
            .related(policy.span, "the customer's policy")
            .help(match did_you_mean(stage, names()) {
                Some(g) => format!("did you mean `{g}`?"),
                None => format!(
                    "stages of `{}`: {}",
                    policy.name,
                    names().collect::<Vec<_>>().join(", ")
                ),
            }),
        );
    }
    out
}

/// A `minimum` in a currency that no invoice uses is probably a typo.
fn minimums_used(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let used: HashSet<_> = used::customer_currencies(book).into_iter().map(|(_, c)| c).collect();
    let all = rules
        .minimums
        .iter()
        .chain(rules.policies.iter().flat_map(|p| p.minimums.iter()));
    all.filter(|m| !used.contains(&m.node.currency))
        .map(|m| {
            Diagnostic::new(
                Code::UnusedMinimum,
                format!(
                    "`minimum` in {}, but no invoice is in {}",
                    m.node.currency, m.node.currency
                ),
            )
            .at(m.span)
            .label("unused currency")
            .help("check the currency code, or remove the line")
        })
        .collect()
}

/// Letters need a sender: who they are from and where to pay.
fn sender_given(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let letter_stage = rules
        .policies
        .iter()
        .flat_map(|p| p.stages.iter())
        .find(|s| s.template().is_some());
    match (letter_stage, &rules.sender, book.invoices.is_empty()) {
        (Some(stage), None, false) => vec![Diagnostic::new(Code::NoSender, "the rules have letter stages but no `sender` block")
            .at(stage.span)
            .label("this stage writes a letter")
            .help("add a `sender` block with at least `name:`, `address:` and `iban:` so letters say who they are from and where to pay")],
        _ => Vec::new(),
    }
}
