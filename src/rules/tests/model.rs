//! Texts that parse, and the model they give.

use super::*;
use crate::fees::FeeRule;
use crate::interest::{InterestRule, Scheme};
use crate::money::Currency;
use crate::syntax::ast::{Duration, DurationUnit};

/// Parses `stage LINE` in a policy and prints the stage back canonically.
fn stage(line: &str) -> String {
    let text = format!("policy p\n  {line}\n");
    let (rules, diags) = parse(&text);
    assert!(diags.is_empty(), "{line}: {diags:#?}");
    rules.policies[0].stages.iter().map(stage_text).collect()
}

#[test]
fn stage_lines() {
    let cases = [
        ("stage a after 3d template t", "stage a after 3d template t"),
        ("stage a template t after 3d", "stage a after 3d template t"),
        (
            "stage a after 1m wait 2w template t-2.x",
            "stage a after 1m wait 2w template t-2.x",
        ),
        ("stage a after 0d wait 0d template t", "stage a after 0d template t"),
        (
            "stage b after 10d task \"Phone \\\"them\\\"\"",
            "stage b after 10d task \"Phone \\\"them\\\"\"",
        ),
        (
            "stage c required after 3d template t",
            "stage c after 3d template t required",
        ),
        (
            "stage d after 3d template t fee 40.00 EUR",
            "stage d after 3d template t fee 40.00 EUR",
        ),
        (
            "stage d after 3d template t fee 1,000 JPY",
            "stage d after 3d template t fee 1000 JPY",
        ),
        (
            "stage e after 3d template t fee 10%",
            "stage e after 3d template t fee 10%",
        ),
        (
            "stage e after 3d template t fee 12.5% max 500.00 EUR min 40.00 EUR",
            "stage e after 3d template t fee 12.5% min 40.00 EUR max 500.00 EUR",
        ),
        (
            "stage f after 3d template t fee wik",
            "stage f after 3d template t fee wik",
        ),
        (
            "stage f fee wik +vat 21% after 3d template t",
            "stage f after 3d template t fee wik +vat 21%",
        ),
        (
            "stage g after 3d template t fee eu-flat",
            "stage g after 3d template t fee eu-flat",
        ),
        (
            "stage h after 30d template t interest fixed 8%",
            "stage h after 30d template t interest fixed 8%",
        ),
        (
            "stage h after 30d template t interest fixed 8.5% compound yearly fee wik",
            "stage h after 30d template t fee wik interest fixed 8.5% compound yearly",
        ),
        (
            "stage i after 3d template t interest nl-commercial",
            "stage i after 3d template t interest nl-commercial",
        ),
        (
            "stage i after 3d template t interest de-consumer",
            "stage i after 3d template t interest de-consumer",
        ),
        (
            "stage j action handover after 3d template t",
            "stage j after 3d template t action handover",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(stage(input), expected, "{input}");
    }
}

#[test]
fn stage_values() {
    let (rules, diags) = parse(
        "policy p\n  stage a after 2w wait 1m template t required fee 10% min 5.00 EUR interest be-commercial action handover\n",
    );
    assert!(diags.is_empty(), "{diags:#?}");
    let s = &rules.policies[0].stages[0];
    assert_eq!(
        s.after,
        Duration {
            n: 2,
            unit: DurationUnit::Weeks
        }
    );
    assert_eq!(
        s.wait,
        Duration {
            n: 1,
            unit: DurationUnit::Months
        }
    );
    assert_eq!(s.template(), Some("t"));
    assert!(s.required && s.handover && !s.is_task());
    assert!(matches!(&s.fee, Some(FeeRule::Percent { min: Some(m), max: None, .. }) if m.amount.to_string() == "5.00"));
    assert_eq!(s.interest, Some(InterestRule::Statutory(Scheme::BeCommercial)));
}

#[test]
fn defaults() {
    let (rules, diags) = parse("");
    assert!(diags.is_empty());
    assert_eq!(
        rules.default_terms.value,
        Duration {
            n: 30,
            unit: DurationUnit::Days
        }
    );
    assert_eq!(rules.default_terms.span, None);
    assert_eq!(rules.language.value, "nl");
    assert_eq!(rules.grace.value, Duration::ZERO);
    assert_eq!(rules.payment_order.value, PaymentOrder::PrincipalFirst);
    assert!(rules.minimums.is_empty() && rules.record_to.is_none() && rules.pay_within.is_none());
    assert!(rules.sender.is_none() && rules.policies.is_empty() && rules.rates.is_empty());
}

/// Compact text of the file-level settings.
fn settings(text: &str) -> String {
    let (r, diags) = parse(text);
    assert!(diags.is_empty(), "{text}: {diags:#?}");
    let mut out = format!(
        "terms={} lang={} grace={} order={}",
        r.default_terms.value,
        r.language.value,
        r.grace.value,
        r.payment_order.value.as_str()
    );
    for m in &r.minimums {
        out.push_str(&format!(" min={}", m.node));
    }
    if let Some(p) = &r.record_to {
        out.push_str(&format!(" record={}", p.node));
    }
    if let Some(p) = &r.pay_within {
        out.push_str(&format!(" pay={}", p.node));
    }
    for t in &r.rates {
        out.push_str(&format!(" rates={}:{}", scheme_name(t.scheme), t.path));
    }
    out
}

#[test]
fn file_settings() {
    let cases = [
        ("", "terms=30d lang=nl grace=0d order=principal-first"),
        ("default-terms 14d\nlanguage en\ngrace 2w", "terms=14d lang=en grace=2w order=principal-first"),
        ("payment-order legal ; art. 6:44 BW", "terms=30d lang=nl grace=0d order=legal"),
        (
            "minimum 10.00 EUR\nminimum 1000 JPY",
            "terms=30d lang=nl grace=0d order=principal-first min=10.00 EUR min=1000 JPY",
        ),
        ("minimum 0 EUR", "terms=30d lang=nl grace=0d order=principal-first min=0.00 EUR"),
        (
            "record-to \"sent log.dun\"\npay-within 14d",
            "terms=30d lang=nl grace=0d order=principal-first record=sent log.dun pay=14d",
        ),
        ("record-to sent.dun", "terms=30d lang=nl grace=0d order=principal-first record=sent.dun"),
        (
            "rates nl-commercial \"my rates.csv\"\nrates de-consumer de.csv",
            "terms=30d lang=nl grace=0d order=principal-first rates=nl-commercial:my rates.csv rates=de-consumer:de.csv",
        ),
        ("\u{feff}; only comments\r\n# and hashes\r\n\r\ngrace 1d\r\n", "terms=30d lang=nl grace=1d order=principal-first"),
    ];
    for (input, expected) in cases {
        assert_eq!(settings(input), expected, "{input}");
    }
}

#[test]
fn policy_settings_override_the_file() {
    let text = "grace 3d\nlanguage nl\nminimum 10.00 EUR\nminimum 5.00 USD\n\
                policy p\n  minimum 1.00 EUR\n  grace 1d\n  language de\n  escalate jump\n  stage a after 1d template t\n\
                policy q\n  stage a after 1d template t\n";
    let (rules, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:#?}");
    let eur = Currency::EUR;
    let usd = Currency::from_code("USD").unwrap();
    let p = rules.policy("p").unwrap();
    let q = rules.policy("q").unwrap();
    assert_eq!(p.escalate.value, Escalate::Jump);
    assert_eq!(q.escalate.value, Escalate::Step);
    assert_eq!(p.effective_grace(&rules).to_string(), "1d");
    assert_eq!(q.effective_grace(&rules).to_string(), "3d");
    assert_eq!(
        (p.effective_language(&rules), q.effective_language(&rules)),
        ("de", "nl")
    );
    assert_eq!(p.effective_minimum(&rules, eur).unwrap().to_string(), "1.00 EUR");
    assert_eq!(p.effective_minimum(&rules, usd).unwrap().to_string(), "5.00 USD");
    assert_eq!(q.effective_minimum(&rules, eur).unwrap().to_string(), "10.00 EUR");
    assert_eq!(p.effective_minimum(&rules, Currency::from_code("GBP").unwrap()), None);
    assert!(rules.policy("r").is_none());
}

#[test]
fn stage_lookup_and_spans() {
    let text = "policy p\n  stage a after 1d template t\n  stage b after 2d task \"x\"\n";
    let (rules, _) = parse(text);
    let p = &rules.policies[0];
    assert_eq!(
        (p.stage_index("a"), p.stage_index("b"), p.stage_index("c")),
        (Some(0), Some(1), None)
    );
    assert_eq!(&text[p.span.range()], "p");
    let b = p.stage("b").unwrap();
    assert_eq!(&text[b.span.range()], "b");
    assert_eq!(&text[b.line.range()], "stage b after 2d task \"x\"");
    assert_eq!(&text[b.spans.after.range()], "after 2d");
    assert!(b.is_task() && b.template().is_none());
    match &b.action {
        Action::Task { text: t, span } => assert_eq!((t.as_str(), &text[span.range()]), ("x", "\"x\"")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn sender_fields() {
    let text = "sender\n  name: \"Studio Vos\"\n  address: a\n  address: \"b c\"\n  iban: \"be68 5390 0754 7034\"\n  \
                bic: abnanl2a\n  x-footer: \"thanks\"\n  email: x@y.example\n";
    let (rules, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:#?}");
    let s = rules.sender.unwrap();
    assert_eq!(s.name, "Studio Vos");
    assert_eq!(s.address, ["a", "b c"]);
    assert_eq!(s.iban.map(|i| i.node), Some("BE68539007547034".to_string()));
    assert_eq!(s.bic.as_deref(), Some("ABNANL2A"));
    assert_eq!(s.email.as_deref(), Some("x@y.example"));
    assert_eq!(s.meta, [("x-footer".to_string(), "thanks".to_string())]);
}

#[test]
fn bare_iban_in_groups() {
    let (rules, diags) = parse("sender\n  name: n\n  iban: DE89 3704 0044 0532 0130 00 ; groups\n");
    assert!(diags.is_empty(), "{diags:#?}");
    let iban = rules.sender.and_then(|s| s.iban).map(|i| i.node);
    assert_eq!(iban.as_deref(), Some("DE89370400440532013000"));
}

#[test]
fn round_trip_through_the_printer() {
    let (rules, _) = parse(super::super::grammar_tests::SPEC_EXAMPLE);
    for p in &rules.policies {
        let text: String = p.stages.iter().map(|s| format!("  {}\n", stage_text(s))).collect();
        let again = parse(&format!("policy {}\n{text}", p.name));
        assert!(again.1.is_empty(), "{:#?}", again.1);
        let printed: Vec<String> = again.0.policies[0].stages.iter().map(stage_text).collect();
        let first: Vec<String> = p.stages.iter().map(stage_text).collect();
        assert_eq!(printed, first);
    }
}

#[test]
fn month_and_day_ladders_that_are_not_always_earlier_are_accepted() {
    // 30d is earlier than 1m for due dates in 31-day months only: not an error.
    let (_, diags) = parse("policy p\n  stage a after 1m template t\n  stage b after 30d template t\n");
    assert!(diags.is_empty(), "{diags:#?}");
    let (_, diags) = parse("policy p\n  stage a after 30d template t\n  stage b after 1m template t\n");
    assert!(diags.is_empty(), "{diags:#?}");
    // Equal is fine too.
    let (_, diags) = parse("policy p\n  stage a after 2w template t\n  stage b after 14d template t\n");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn be_consumer_fee_fourteen_days_by_after_or_by_wait() {
    for ok in [
        "policy p\n  stage a after 3d template t\n  stage b after 17d template t fee be-consumer\n",
        "policy p\n  stage a after 3d template t\n  stage b after 4d wait 14d template t fee be-consumer\n",
        "policy p\n  stage a after 3d template t\n  stage b after 4d wait 1w template t\n  stage c after 5d wait 7d template t fee be-consumer\n",
        "policy p\n  stage a after 1m template t\n  stage b after 2m wait 0d template t fee be-consumer\n",
    ] {
        let (_, diags) = parse(ok);
        assert!(diags.is_empty(), "{ok}: {diags:#?}");
    }
}

#[test]
fn advice_lines_and_the_window() {
    let text = "behaviour-window 6m\n\
                advice deposit when avg-late > 30d\n\
                advice ask-twice when trend <= -2w\n\
                advice shorter-terms when late-share >= 50%\n\
                advice deposit when broken-promises > 1\n\
                advice phone when overdue > 2,500.00 EUR\n\
                advice stop-credit when exposure > credit-limit\n";
    let (rules, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(rules.window().n, 6);
    let lines: Vec<String> = rules.advice_rules().iter().map(AdviceRule::text).collect();
    assert_eq!(
        lines,
        [
            "advice deposit when avg-late > 30d",
            "advice ask-twice when trend <= -14d",
            "advice shorter-terms when late-share >= 50%",
            "advice deposit when broken-promises > 1",
            "advice phone when overdue > 2500.00 EUR",
            "advice stop-credit when exposure > credit-limit",
        ]
    );
}

#[test]
fn without_advice_lines_the_defaults_apply() {
    let (rules, diags) = parse("language nl\n");
    assert!(diags.is_empty());
    assert_eq!(rules.window().n, 12);
    let lines: Vec<String> = rules.advice_rules().iter().map(AdviceRule::text).collect();
    assert_eq!(
        lines,
        [
            "advice deposit when avg-late > 30d",
            "advice deposit when broken-promises >= 2",
            "advice shorter-terms when late-share > 50%",
            "advice credit-check when trend > 10d",
            "advice stop-credit when exposure > credit-limit",
        ]
    );
}
