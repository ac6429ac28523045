//! Keeps `grammar/rules.ebnf` and the reference example in step with the parser: every
//! example in the grammar and the reference example parse without any diagnostic, and
//! every keyword the parser knows is in the grammar.

use super::sender::SENDER_FIELDS;
use super::*;
use crate::diag::{render_all, RenderOptions};
use crate::source::SourceMap;
use crate::syntax::keywords::STAGE_CLAUSES as CLAUSES;

const GRAMMAR: &str = include_str!("../../grammar/rules.ebnf");

/// A complete rules file using every kind of line (the example the rules language was
/// specified with), kept here as a fixture.
pub(super) const SPEC_EXAMPLE: &str = r#"default-terms 30d            ; invoice term when neither invoice nor customer gives one
language nl                  ; letter language when the customer gives none
grace 3d                     ; slack after a promise date or an installment date
minimum 10.00 EUR            ; a customer whose overdue total is below this gets no letter (per currency)
record-to "journal.dun"      ; where `dun run` appends its `sent` records (default: the main journal)
import-to "payments.dun"     ; where `dun import` appends payments (default: the record-to file)

sender                       ; who the letters are from; fields as in the journal's customer block
  name: "Studio Vos"
  address: "Prinsengracht 100"
  address: "1015 EA Amsterdam"
  email: "facturen@studiovos.example"
  phone: "+31 20 123 4567"
  iban: NL91ABNA0417164300   ; checksum validated
  bic: ABNANL2A
  coc: "12345678"            ; chamber of commerce / enterprise number
  vat: NL123456789B01
  place: Amsterdam           ; for the date line
  signature: "Eva Vos"

policy business              ; chosen for customers of kind business unless they name a policy
  stage reminder   after 3d                template reminder
  stage call       after 10d  wait 7d      task "Phone the customer"
  stage second     after 17d  wait 7d      template second-reminder
  stage notice     after 31d  wait 14d     template notice     fee wik      interest nl-commercial
  stage handover   after 45d  wait 14d     template handover   action handover

policy consumer
  stage reminder   after 3d                template reminder
  stage fourteen-day after 10d wait 7d     template fourteen-day-letter required   ; NL: announces WIK costs, 14 days to pay
  stage notice     after 31d  wait 15d     template notice     fee wik      interest nl-statutory

policy strict                ; named by a customer's `policy: strict`
  minimum 0.01 EUR
  stage notice     after 1d                template notice     fee 40.00 EUR   interest fixed 8%
"#;

/// The examples of the grammar: the lines between `(* example:` and `*)`, with the
/// grammar's line number of the first.
fn examples(grammar: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in grammar.lines().enumerate() {
        if current.is_some() && line.trim() == "*)" {
            out.extend(current.take());
        } else if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        } else if line.trim_start().starts_with("(* example:") {
            current = Some((i + 2, String::new()));
        }
    }
    out
}

/// Parses `text` and fails with the rendered diagnostics if there are any.
fn parses_cleanly(name: &str, text: &str) -> Rules {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text.to_string());
    let (rules, diags) = parse_rules(file, text);
    assert!(
        diags.is_empty(),
        "{name}:\n{}",
        render_all(&diags, &sources, RenderOptions::default(), 50)
    );
    rules
}

#[test]
fn grammar_examples_parse_without_diagnostics() {
    let found = examples(GRAMMAR);
    assert!(found.len() >= 3, "expected examples in grammar/rules.ebnf");
    for (line, text) in found {
        parses_cleanly(&format!("grammar/rules.ebnf example at line {line}"), &text);
    }
}

#[test]
fn spec_example_parses_without_diagnostics() {
    let rules = parses_cleanly("reference example", SPEC_EXAMPLE);
    let names: Vec<&str> = rules.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["business", "consumer", "strict"]);
    let business = rules.policy("business").map(|p| p.stages.len());
    assert_eq!(business, Some(5));
    let sender = rules.sender.as_ref().map(|s| (s.name.as_str(), s.address.len()));
    assert_eq!(sender, Some(("Studio Vos", 2)));
}

#[test]
fn grammar_names_every_keyword_of_the_parser() {
    let scheme_names = SCHEMES.iter().map(|(n, _)| *n);
    let sender_keys = SENDER_FIELDS.iter().map(|f| f.key);
    let all = SETTINGS
        .iter()
        .chain(POLICY_LINES)
        .chain(CLAUSES)
        .chain(FEE_SCHEMES)
        .copied()
        .chain(scheme_names)
        .chain(sender_keys)
        .chain(PaymentOrder::NAMES.iter().copied())
        .chain(Escalate::NAMES.iter().copied())
        .chain([
            "sender",
            "policy",
            "+vat",
            "min",
            "max",
            "compound",
            "yearly",
            "handover",
            "when",
            "credit-limit",
        ])
        .chain(Metric::ALL.iter().map(|m| m.as_str()))
        .chain(Op::NAMES.iter().copied());
    for word in all {
        assert!(
            GRAMMAR.contains(&format!("\"{word}\"")),
            "`{word}` is missing from grammar/rules.ebnf"
        );
    }
}

#[test]
fn example_extraction() {
    let text = "x\n(* example:\na\nb\n*)\n(* example:\n*)\n";
    assert_eq!(examples(text), vec![(3, "a\nb\n".to_string()), (7, String::new())]);
}

#[test]
fn init_rules_parse_without_diagnostics() {
    parses_cleanly("assets/init/rules.dun", include_str!("../../assets/init/rules.dun"));
}
