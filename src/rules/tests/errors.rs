//! Texts with mistakes: every diagnostic at its exact place, with a useful help.

use super::*;

/// `policy a` then one indented line.
macro_rules! in_policy {
    ($line:literal) => {
        concat!("policy a\n  ", $line, "\n")
    };
}

/// A text and the `(line, column, code)` of each diagnostic it must give.
type Case = (&'static str, &'static [(usize, usize, &'static str)]);

/// Every code the rules parser and checks emit: each has a case in [`CASES`].
const EMITTED: &[&str] = &[
    "E001", "E003", "E004", "E005", "E006", "E007", "E008", "E009", "E010", "E011", "E012", "E013", "E017", "E019",
    "E021", "E022", "E023", "E050", "E051", "E052", "E053", "E054", "W058", "E059", "E062", "E120", "E121", "E122",
    "E123", "E124",
];

#[test]
fn every_emitted_code_has_a_case() {
    for code in EMITTED {
        assert!(
            CASES.iter().any(|(_, exp)| exp.iter().any(|e| e.2 == *code)),
            "no case for {code}"
        );
    }
    for (text, exp) in CASES {
        for e in exp.iter() {
            assert!(EMITTED.contains(&e.2), "{text}: {} is not in EMITTED", e.2);
        }
    }
}

#[test]
fn errors_at_line_and_column() {
    for (text, expected) in CASES {
        assert_eq!(positions(text), *expected, "{text}");
    }
}

const CASES: &[Case] = &[
    // Advice and the behaviour window.
    ("advice deposit when avg-lat > 30d\n", &[(1, 21, "E120")]),
    ("advice deposit when avg-late = 30d\n", &[(1, 30, "E121")]),
    ("advice deposit when avg-late >30d\n", &[(1, 30, "E121")]),
    ("advice deposit when avg-late > 50%\n", &[(1, 32, "E122")]),
    ("advice deposit when avg-late > 1m\n", &[(1, 32, "E122")]),
    ("advice deposit when avg-late > -3d\n", &[(1, 32, "E122")]),
    ("advice deposit when late-share > 120%\n", &[(1, 34, "E122")]),
    ("advice deposit when late-share > 0.5\n", &[(1, 34, "E122")]),
    ("advice deposit when broken-promises >= 2.5\n", &[(1, 40, "E122")]),
    ("advice deposit when exposure > limit\n", &[(1, 32, "E122")]),
    ("advice deposit when exposure >\n", &[(1, 30, "E122")]),
    ("advice deposit when exposure > 100\n", &[(1, 32, "E003")]),
    ("advice deposit if avg-late > 30d\n", &[(1, 16, "E123")]),
    ("advice deposit\n", &[(1, 8, "E011")]),
    ("advice\n", &[(1, 1, "E011")]),
    ("advice deposit when avg-late > 30d 40d\n", &[(1, 36, "E023")]),
    ("behaviour-window 52w\n", &[(1, 18, "E124")]),
    ("behaviour-window 0m\n", &[(1, 18, "E124")]),
    ("behaviour-window 6m\nbehaviour-window 12m\n", &[(2, 1, "E012")]),
    // File-level settings.
    ("langauge nl\n", &[(1, 1, "E009")]),
    ("grace\n", &[(1, 1, "E011")]),
    ("grace 3x\n", &[(1, 7, "E007")]),
    ("grace 3d 4d\n", &[(1, 10, "E023")]),
    ("grace 1d\ngrace 2d\n", &[(2, 1, "E012")]),
    ("minimum 10\n", &[(1, 9, "E003")]),
    ("minimum 1.234 EUR\n", &[(1, 9, "E004")]),
    ("minimum 10.00 EUX\n", &[(1, 15, "E005")]),
    ("minimum -1.00 EUR\n", &[(1, 9, "E021")]),
    ("minimum 99999999999999999999999999999.00 EUR\n", &[(1, 9, "E006")]),
    ("minimum 1.00 EUR\nminimum 2.00 EUR\n", &[(2, 9, "E012")]),
    ("payment-order legall\n", &[(1, 15, "E019")]),
    ("reference ogm\n", &[(1, 11, "E019")]),
    ("smtp\n", &[(1, 1, "E011")]),
    ("smtp mail.example.com 99999\n", &[(1, 23, "E019")]),
    ("smtp mail.example.com 25 ssl\n", &[(1, 26, "E019")]),
    ("smtp mail.example.com 25 tls x\n", &[(1, 30, "E023")]),
    ("smtp a\nsmtp b\n", &[(2, 1, "E012")]),
    ("reference\n", &[(1, 1, "E011")]),
    ("reference rf\nreference be\n", &[(2, 1, "E012")]),
    ("language NL\n", &[(1, 10, "E019")]),
    ("record-to \"x\n", &[(1, 11, "E008")]),
    ("rates nl-comercial \"x.csv\"\n", &[(1, 7, "E054")]),
    ("rates fixed x.csv\n", &[(1, 7, "E019")]),
    ("rates nl-statutory\n", &[(1, 7, "E011")]),
    (
        "rates nl-statutory a.csv\nrates nl-statutory b.csv\n",
        &[(2, 7, "E012")],
    ),
    ("  grace 3d\n", &[(1, 3, "E017")]),
    ("\tgrace 3d\n", &[(1, 2, "E017")]),
    ("grace 3d\n  language nl\n", &[(2, 3, "E017")]),
    ("stage a after 3d template t\n", &[(1, 1, "E009")]),
    ("2026-01-05 invoice x\n", &[(1, 1, "E009")]),
    // Policies.
    ("policy\n", &[(1, 1, "E011")]),
    ("policy -x\n  stage a after 1d template t\n", &[(1, 8, "E013")]),
    ("policy a b\n  stage a after 1d template t\n", &[(1, 10, "E023")]),
    ("policy a\n", &[(1, 8, "E011")]),
    (
        "policy a\n  stage a after 1d template t\npolicy a\n  stage a after 1d template t\n",
        &[(3, 8, "E050")],
    ),
    (in_policy!("stag s after 1d template t"), &[(2, 3, "E010")]),
    (in_policy!("grace: 1d"), &[(2, 3, "E010")]),
    (in_policy!("escalate leap"), &[(2, 12, "E019")]),
    (in_policy!("escalate jump"), &[(1, 8, "E011")]),
    (
        "policy a\n  grace 1d\n  grace 2d\n  stage s after 1d template t\n",
        &[(3, 3, "E012")],
    ),
    (
        "policy a\n  minimum 1.00 EUR\n  minimum 2.00 EUR\n  stage s after 1d template t\n",
        &[(3, 11, "E012")],
    ),
    (
        "policy a\n  stage s after 1d template t\n  policy b\n",
        &[(3, 3, "E010")],
    ),
    // Stages.
    (
        "policy a\n  stage s after 1d template t\n  stage s after 2d template t\n",
        &[(3, 9, "E051")],
    ),
    (
        "policy a\n  stage s after 10d template t\n  stage t after 1w template t\n",
        &[(3, 11, "E052")],
    ),
    (in_policy!("stage after 3d template t"), &[(2, 9, "E011")]),
    (in_policy!("stage s template t"), &[(2, 9, "E011")]),
    (in_policy!("stage s after 1d"), &[(2, 9, "E062")]),
    (in_policy!("stage s after 1d template t task \"x\""), &[(2, 31, "E062")]),
    (in_policy!("stage s after 1d after 2d template t"), &[(2, 20, "E012")]),
    (
        in_policy!("stage s after 1d template t required required"),
        &[(2, 40, "E012")],
    ),
    (in_policy!("stage s after 1d templat t"), &[(2, 20, "E010")]),
    (in_policy!("stage s after 1d task x"), &[(2, 25, "E008")]),
    (
        in_policy!("stage s after 1d template t action handoff"),
        &[(2, 38, "E019")],
    ),
    // Fees.
    (in_policy!("stage s after 1d template t fee wikk"), &[(2, 35, "E053")]),
    (in_policy!("stage s after 1d template t fee"), &[(2, 31, "E011")]),
    (
        in_policy!("stage s after 1d template t fee 40 interest fixed 8%"),
        &[(2, 35, "E003")],
    ),
    (
        in_policy!("stage s after 1d template t fee 0.00 EUR"),
        &[(2, 35, "E021")],
    ),
    (in_policy!("stage s after 1d template t fee 10.%"), &[(2, 35, "E022")]),
    (
        in_policy!("stage s after 1d template t fee wik +vat 21"),
        &[(2, 44, "E022")],
    ),
    (
        in_policy!("stage s after 1d template t fee 10% min 50.00 EUR max 5.00 EUR"),
        &[(2, 39, "E019")],
    ),
    (
        in_policy!("stage s after 1d template t fee 10% min 5.00 EUR max 50.00 USD"),
        &[(2, 52, "E019")],
    ),
    (
        in_policy!("stage s after 1d template t fee be-consumer"),
        &[(2, 31, "W058")],
    ),
    (
        "policy a\n  stage s after 1d template t\n  stage u after 10d template t fee be-consumer\n",
        &[(3, 32, "W058")],
    ),
    // Interest.
    (
        in_policy!("stage s after 1d template t interest nl-comercial"),
        &[(2, 40, "E054")],
    ),
    (
        in_policy!("stage s after 1d template t interest 8%"),
        &[(2, 40, "E054")],
    ),
    (
        in_policy!("stage s after 1d template t interest fixed 8% compound monthly"),
        &[(2, 58, "E019")],
    ),
    (
        in_policy!("stage s after 1d template t interest fixed required"),
        &[(2, 40, "E011")],
    ),
    (
        in_policy!("stage s after 1d template t interest fixed 8% compound"),
        &[(2, 49, "E011")],
    ),
    // Sender.
    ("sender\n  email: x\n", &[(1, 1, "E011")]),
    ("sender\n  nmae: x\n", &[(1, 1, "E011"), (2, 3, "E010")]),
    ("sender\n  name \"x\"\n", &[(1, 1, "E011"), (2, 3, "E001")]),
    ("sender\n  name: n\n  iban: NL91ABNA0417164301\n", &[(3, 9, "E059")]),
    ("sender\n  name: n\n  bic: ABNANL2\n", &[(3, 8, "E019")]),
    ("sender\n  name: a\nsender\n  name: b\n", &[(3, 1, "E012")]),
    ("sender x\n  name: n\n", &[(1, 8, "E023")]),
    ("sender\n  name: a\n  name: b\n", &[(3, 3, "E012")]),
];

#[test]
fn helps_say_how_to_fix() {
    let cases: &[(&str, &str, &str)] = &[
        ("langauge nl\n", "langauge", "did you mean `language`?"),
        ("grace: 3d\n", "grace:", "written without `:`: `grace 3d`"),
        ("default-terms 30\n", "30", "did you mean `30d`?"),
        (
            "policy a\n  stage s after 3d template t\n  stage u after 10d template t fee be-consumer\n",
            "fee be-consumer",
            "give this stage `after 17d` or later",
        ),
        (
            "stage a after 3d template t\n",
            "stage",
            "indent it under a `policy NAME` line",
        ),
        ("iban: NL91ABNA0417164300\n", "iban:", "indent it under a `sender` line"),
        ("minimum 10\n", "10", "`10 EUR`"),
        ("payment-order legall\n", "legall", "did you mean `legal`?"),
        ("language NL\n", "NL", "did you mean `nl`?"),
        (
            in_policy!("stag s after 1d template t"),
            "stag",
            "did you mean `stage`?",
        ),
        (in_policy!("grace: 1d"), "grace:", "without `:`: `grace 1d`"),
        (in_policy!("default-terms 1d"), "default-terms", "at column 0"),
        (
            in_policy!("stage s after 1d reminder"),
            "reminder",
            "did you mean `template reminder`?",
        ),
        (
            in_policy!("stage s after 1d templat t"),
            "templat",
            "did you mean `template`?",
        ),
        (in_policy!("stage s 3d template t"), "3d", "`after 3d`"),
        (
            in_policy!("stage s after 1d template t fee wikk"),
            "wikk",
            "did you mean `wik`?",
        ),
        (
            in_policy!("stage s after 1d template t fee euflat"),
            "euflat",
            "did you mean `eu-flat`?",
        ),
        (
            in_policy!("stage s after 1d template t interest nl-comercial"),
            "nl-comercial",
            "did you mean `nl-commercial`?",
        ),
        (
            in_policy!("stage s after 1d template t interest 8%"),
            "8%",
            "`interest fixed 8%`",
        ),
        (
            in_policy!("stage s after 1d template t interest"),
            "interest",
            "interest nl-statutory",
        ),
        (
            in_policy!("stage after 3d template t"),
            "after",
            "`stage NAME after ...`",
        ),
        ("sender\n  nmae: x\n", "nmae", "did you mean `name`?"),
    ];
    for (text, at, help) in cases {
        let (_, diags) = parse(text);
        let d = diags
            .iter()
            .find(|d| spanned(text, d) == *at)
            .unwrap_or_else(|| panic!("{text}: nothing at `{at}` in {diags:#?}"));
        let h = d.help.as_deref().unwrap_or("");
        assert!(h.contains(help), "{text}: help `{h}` lacks `{help}`");
        assert!(d.label.is_some(), "{text}: no label");
    }
}

#[test]
fn duplicates_point_at_the_first() {
    let text = "policy a\n  stage s after 1d template t\npolicy a\n  stage s after 1d template t\n  stage s after 2d template t\n";
    let (_, diags) = parse(text);
    let related: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d.code.id(), d.related.first().map_or("", |r| &text[r.0.range()])))
        .collect();
    assert_eq!(related, [("E050", "a"), ("E051", "s")]);
    let lines: Vec<usize> = diags
        .iter()
        .map(|d| d.related[0].0.start as usize)
        .map(|o| text[..o].lines().count())
        .collect();
    assert_eq!(lines, [1, 4]);
}

#[test]
fn a_file_with_many_mistakes_reports_all_and_keeps_the_rest() {
    let text = "\
default-terms 30
language nl
langauge en
minimum 10.00 EUR
minimum 11.00 EUR

sender
  name: \"Studio Vos\"
  iban: NL91ABNA0417164301
  bic: ABNANL2A

policy business
  stage reminder after 3d template reminder
  stage call after 10d task Phone
  stage notice after 2d wait 14d template notice fee wikk
  stage final after 45d template handover action handover

policy business
  stage reminder after 3d template reminder interest fixed 8%
";
    let expected = [
        (1, 15, "E007"),
        (3, 1, "E009"),
        (5, 9, "E012"),
        (9, 9, "E059"),
        (14, 29, "E008"),
        (15, 54, "E053"),
        (18, 8, "E050"),
    ];
    assert_eq!(positions(text), expected);
    let (rules, _) = parse(text);
    assert_eq!(rules.language.value, "nl");
    assert_eq!(rules.minimums.len(), 2);
    let sender = rules.sender.as_ref().unwrap();
    assert_eq!(
        (sender.name.as_str(), sender.iban.is_none(), sender.bic.as_deref()),
        ("Studio Vos", true, Some("ABNANL2A"))
    );
    let business = &rules.policies[0];
    let names: Vec<&str> = business.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["reminder", "final"]);
    assert_eq!(business.poisoned, ["call", "notice"]);
    assert_eq!(rules.policies.len(), 2);
}

#[test]
fn a_broken_policy_head_is_poisoned_and_its_body_still_checked() {
    let text = "policy \"x y\"\n  stage s after 1d templat t\n";
    let (rules, diags) = parse(text);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.id()).collect();
    assert_eq!(codes, ["E013", "E010"]);
    assert!(rules.policies.is_empty());
    assert_eq!(rules.poisoned, ["\"x"]);
}
