//! W065: a customer under a policy that claims another country's statutory fees or interest
//! (a Belgian consumer under the Dutch WIK scale, a Dutch customer under `be-consumer`). A
//! business customer whose `policy:` names the policy has agreed to that law and is not judged.

use crate::book::{Book, Customer};
use crate::diag::{Code, Diagnostic};
use crate::fees::FeeRule;
use crate::interest::{InterestRule, Scheme};
use crate::plan::{country_policy_name, policy_for};
use crate::rules::{scheme_name, Policy, Rules, Stage};
use crate::source::Span;

/// The countries whose statutory fees or interest dun knows; other countries are not judged.
const KNOWN: &[&str] = &["NL", "BE", "DE"];

/// Every customer with a known `country:` whose policy claims another country's statutory
/// fee or interest.
pub fn statutory_country(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    book.customers
        .iter()
        .filter(|c| !chose_law(c))
        .filter_map(|c| {
            let country = c.country.as_deref().map(str::to_ascii_uppercase)?;
            let policy = policy_for(rules, c)?;
            KNOWN.contains(&country.as_str()).then_some(())?;
            let (span, law, what) = foreign_clause(policy, &country)?;
            Some(warning(c, rules, policy, &country, span, law, what))
        })
        .collect()
}

/// A business customer that names its policy chose that law (B2B terms may agree on the
/// creditor's law); a consumer keeps the protection of its own country's law whatever the
/// contract says, so a consumer is always judged.
fn chose_law(c: &Customer) -> bool {
    c.policy.is_some() && c.kind == Some(crate::syntax::ast::CustomerKind::Business)
}

/// The first fee or interest clause of `policy` that belongs to a country other than `country`:
/// its span, that country and what it is.
fn foreign_clause(policy: &Policy, country: &str) -> Option<(Span, &'static str, String)> {
    policy.stages.iter().find_map(|s| {
        let fee = fee_law(s)
            .filter(|&(law, _)| law != country)
            .and_then(|(law, name)| Some((s.spans.fee?, law, format!("`fee {name}`"))));
        fee.or_else(|| {
            let (law, name) = interest_law(s).filter(|&(law, _)| law != country)?;
            Some((s.spans.interest?, law, format!("`interest {name}`")))
        })
    })
}

/// The country whose law a stage's fee scheme is, and the scheme's name.
fn fee_law(stage: &Stage) -> Option<(&'static str, &'static str)> {
    match stage.fee.as_ref()? {
        FeeRule::Wik { .. } => Some(("NL", "wik")),
        FeeRule::BeConsumer => Some(("BE", "be-consumer")),
        _ => None,
    }
}

/// The country whose law a stage's interest scheme is, and the scheme's name.
fn interest_law(stage: &Stage) -> Option<(&'static str, &'static str)> {
    let InterestRule::Statutory(scheme) = stage.interest.as_ref()? else {
        return None;
    };
    let law = match scheme {
        Scheme::NlCommercial | Scheme::NlStatutory => "NL",
        Scheme::BeCommercial => "BE",
        Scheme::DeCommercial | Scheme::DeConsumer => "DE",
    };
    Some((law, scheme_name(*scheme)))
}

/// The warning for customer `c`.
fn warning(
    c: &Customer,
    rules: &Rules,
    policy: &Policy,
    country: &str,
    span: Span,
    law: &str,
    what: String,
) -> Diagnostic {
    let kind = c.kind.map_or("business", |k| k.as_str());
    let own = country_policy_name(country, kind);
    let fix = match (c.policy.is_some(), rules.policy(&own).is_some()) {
        (true, true) => format!("remove its `policy:` so that `{own}` applies, or give it a policy under {country} law"),
        (true, false) | (false, false) => format!(
            "add a `policy {own}` to the rules (customers with `country: {country}` and `kind: {kind}` get it), or give the customer a `policy:` under {country} law"
        ),
        (false, true) => format!("give the customer a policy under {country} law"),
    };
    Diagnostic::new(
        Code::ForeignStatute,
        format!(
            "customer `{}` (country {country}) is under policy `{}`, which claims {what} under {law} law",
            c.id, policy.name
        ),
    )
    .at(c.id_span)
    .label(format!("a {country} customer"))
    .related(span, format!("{law} law"))
    .help(fix)
}
