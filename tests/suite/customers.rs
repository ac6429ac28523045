//! `dun customers` on journals whose figures were worked out by hand (`tests/data/customers/`:
//! the comments in `journal.dun` say what each customer does), the credit-limit warning of
//! `status`, the grade in `explain`, and the independent oracle (`tests/data/oracle/customers.py`)
//! on the example and the test journals.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

const DATA: &str = "tests/data/customers";

/// Runs `dun` with `args`; returns stdout, stderr and the exit code.
fn dun(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_dun"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("dun runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// `dun customers --format json` of the test journal with `rules` on `date`.
fn behaviour(rules: &str, date: &str, extra: &[&str]) -> Value {
    let journal = format!("{DATA}/journal.dun");
    let rules = format!("{DATA}/{rules}");
    let mut args = vec![
        "-f",
        &journal,
        "-r",
        &rules,
        "--date",
        date,
        "customers",
        "--format",
        "json",
    ];
    args.extend(extra);
    let (out, err, code) = dun(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON")
}

/// The entry of customer `id` in `currency`.
fn customer<'a>(b: &'a Value, id: &str, currency: &str) -> &'a Value {
    b["customers"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id && c["currency"] == currency))
        .unwrap_or_else(|| panic!("no {id} {currency} in {b:#}"))
}

/// Picks `keys` of an entry, for compact comparisons.
fn pick(c: &Value, keys: &[&str]) -> Value {
    Value::Object(keys.iter().map(|k| (k.to_string(), c[*k].clone())).collect())
}

const FIGURES: &[&str] = &[
    "invoices_paid",
    "invoices_closed",
    "avg_days_late",
    "max_days_late",
    "late_share",
    "late_share_amount",
    "trend",
    "promises_broken",
    "grade",
    "advice",
];

#[test]
fn paid_early_counts_zero_days() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let c = customer(&b, "early", "EUR");
    // E-1 1000.00 paid 9 days early (0), E-2 500.00 10 days late: 5000 / 1500 = 3.33.
    assert_eq!(
        pick(c, FIGURES),
        json!({"invoices_paid": 2, "invoices_closed": 0, "avg_days_late": 3.3, "max_days_late": 10,
               "late_share": 0.5, "late_share_amount": 0.333, "trend": null, "promises_broken": 0,
               "grade": "A", "advice": []})
    );
}

#[test]
fn partial_payments_settle_on_the_last_one() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let c = customer(&b, "partial", "EUR");
    assert_eq!(c["avg_days_late"], json!(20.0));
    assert_eq!(c["grade"], "B");
    assert_eq!(c["advice"], json!(["shorter-terms"]));
}

#[test]
fn costs_keep_the_claim_open_until_paid() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let c = customer(&b, "costs", "EUR");
    // The principal 38 days late, the costs 48: the whole claim counts. The credit note's
    // invoice is not counted at all.
    assert_eq!(
        pick(
            c,
            &["invoices_paid", "avg_days_late", "max_days_late", "grade", "letters"]
        ),
        json!({"invoices_paid": 1, "avg_days_late": 48.0, "max_days_late": 48, "grade": "C",
               "letters": {"notice": 1}})
    );
}

#[test]
fn promises_kept_broken_and_moved() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let c = customer(&b, "promiser", "EUR");
    // PR-1 kept; PR-2 broken twice; PR-3 moved before its deadline, then kept; PR-4 running.
    assert_eq!(c["promises_broken"], 2);
    assert_eq!(c["avg_days_late"], json!(24.7));
    assert_eq!(c["advice"], json!(["deposit", "shorter-terms"]));
    assert_eq!(
        pick(c, &["open", "overdue", "exposure"]),
        json!({"open": "1000.00", "overdue": "1000.00", "exposure": "1000.00"})
    );
    // The day before PR-2's first deadline passed nothing is broken yet.
    let b = behaviour("rules.dun", "2026-05-13", &[]);
    assert_eq!(customer(&b, "promiser", "EUR")["promises_broken"], 0);
    let b = behaviour("rules.dun", "2026-05-14", &[]);
    assert_eq!(customer(&b, "promiser", "EUR")["promises_broken"], 1);
}

#[test]
fn the_window_counts_by_settled_day() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    assert_eq!(b["window_start"], "2025-07-16");
    // O-1 settled 2025-07-10 (before the window) is left out; O-2, issued before the window
    // and settled inside it, counts.
    let c = customer(&b, "old", "EUR");
    assert_eq!(
        pick(c, &["invoices_paid", "avg_days_late"]),
        json!({"invoices_paid": 1, "avg_days_late": 20.0})
    );
    // Idle customers are not listed.
    assert!(b["customers"].as_array().unwrap().iter().all(|c| c["id"] != "idle"));
}

#[test]
fn trend_compares_the_half_years() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let c = customer(&b, "trendy", "EUR");
    assert_eq!(
        pick(c, &["avg_days_late", "trend", "advice"]),
        json!({"avg_days_late": 15.0, "trend": 20.0, "advice": ["shorter-terms", "credit-check"]})
    );
}

#[test]
fn written_off_counts_at_its_worst_and_is_listed() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let c = customer(&b, "lost", "EUR");
    assert_eq!(
        pick(c, &["invoices_paid", "invoices_closed", "avg_days_late", "grade"]),
        json!({"invoices_paid": 0, "invoices_closed": 1, "avg_days_late": 60.0, "grade": "C"})
    );
    assert_eq!(
        c["closed"],
        json!([{"number": "L-1", "state": "written_off", "date": "2026-03-02", "days_late": 60, "amount": "2000.00"}])
    );
}

#[test]
fn several_currencies_and_the_credit_limit() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let eur = customer(&b, "multi", "EUR");
    assert_eq!(
        pick(
            eur,
            &[
                "grade",
                "avg_days_late",
                "open",
                "overdue",
                "exposure",
                "credit_limit",
                "advice"
            ]
        ),
        json!({"grade": "-", "avg_days_late": null, "open": "1500.00", "overdue": "800.00",
               "exposure": "1500.00", "credit_limit": "1000.00", "advice": ["stop-credit"]})
    );
    let usd = customer(&b, "multi", "USD");
    assert_eq!(
        pick(usd, &["grade", "avg_days_late", "credit_limit"]),
        json!({"grade": "A", "avg_days_late": 5.0, "credit_limit": null})
    );
}

#[test]
fn worst_first_and_the_portfolio() {
    let b = behaviour("rules.dun", "2026-07-15", &[]);
    let order: Vec<String> = b["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", c["id"].as_str().unwrap(), c["currency"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            "lost EUR",
            "costs EUR",
            "promiser EUR",
            "old EUR",
            "partial EUR",
            "trendy EUR",
            "multi USD",
            "early EUR",
            "multi EUR"
        ]
    );
    // EUR: 2500.00 open on 2026-07-15 goes back over 700 (30 days), 1000 (31) and 800 of
    // 1800 (30 x 800 / 1800): 74 days. CEI: (2800 + 700 - 2500) / (2800 + 700 - 700).
    // Average: 303000 day-euros over 10800 euros.
    assert_eq!(
        b["portfolio"],
        json!([
            {"currency": "EUR", "dso_countback": 74, "cei": 0.357, "avg_days_late": 28.1},
            {"currency": "USD", "dso_countback": 0, "cei": null, "avg_days_late": 5.0}
        ])
    );
}

#[test]
fn an_empty_window() {
    let b = behaviour("rules.dun", "2025-05-02", &[]);
    // Only O-1 is issued, open and not yet due.
    let cs = b["customers"].as_array().unwrap();
    assert_eq!(cs.len(), 1);
    assert_eq!(
        pick(
            &cs[0],
            &["id", "grade", "avg_days_late", "trend", "late_share", "advice"]
        ),
        json!({"id": "old", "grade": "-", "avg_days_late": null, "trend": null, "late_share": null, "advice": []})
    );
    let b = behaviour("rules.dun", "2024-01-01", &[]);
    assert_eq!(b["customers"], json!([]));
    assert_eq!(b["portfolio"], json!([]));
}

#[test]
fn advice_rules_of_ones_own() {
    let b = behaviour("advice.rules.dun", "2026-07-15", &[]);
    assert_eq!(b["window_months"], 6);
    let advice = |id: &str, cur: &str| customer(&b, id, cur)["advice"].clone();
    assert_eq!(advice("multi", "EUR"), json!(["phone", "stop-credit"]));
    assert_eq!(advice("early", "EUR"), json!(["longer-terms"]));
    assert_eq!(advice("promiser", "EUR"), json!(["phone", "watch"]));
    assert_eq!(advice("partial", "EUR"), json!([]));
    let reasons = &customer(&b, "multi", "EUR")["reasons"];
    assert_eq!(reasons[0]["en"], "800.00 EUR overdue: phone");
    assert_eq!(reasons[1]["nl"], "openstaand 1500.00 EUR: lever niet meer op krediet");
}

#[test]
fn one_customer_month_by_month() {
    let b = behaviour("rules.dun", "2026-07-15", &["--customer", "promiser"]);
    let cs = b["customers"].as_array().unwrap();
    assert_eq!(cs.len(), 1);
    let months = cs[0]["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    let june = months.iter().find(|m| m["month"] == "2026-06").unwrap();
    // PR-2 (40 days) and PR-3 (22 days) settled in June; PR-4 invoiced; PR-2's second
    // promise passed on 2026-05-28 (May), its first on 2026-05-13.
    assert_eq!(
        pick(
            june,
            &[
                "invoiced",
                "settled",
                "late",
                "avg_days_late",
                "promises_broken",
                "open",
                "overdue"
            ]
        ),
        json!({"invoiced": "1000.00", "settled": 2, "late": 2, "avg_days_late": 31.0, "promises_broken": 0,
               "open": "1000.00", "overdue": "0.00"})
    );
    let may = months.iter().find(|m| m["month"] == "2026-05").unwrap();
    assert_eq!(
        pick(may, &["promises_broken", "open", "overdue"]),
        json!({"promises_broken": 2, "open": "2000.00", "overdue": "1000.00"})
    );
    let settled: Vec<&str> = cs[0]["settled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect();
    assert_eq!(settled, ["PR-1", "PR-2", "PR-3"]);
    let (out, err, code) = dun(&[
        "-f",
        &format!("{DATA}/journal.dun"),
        "customers",
        "--customer",
        "nobody",
    ]);
    assert_eq!((out.as_str(), code), ("", 2), "{err}");
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn status_warns_past_the_credit_limit_and_explain_names_the_grade() {
    let journal = format!("{DATA}/journal.dun");
    let rules = format!("{DATA}/rules.dun");
    let (_, err, code) = dun(&["-f", &journal, "-r", &rules, "--date", "2026-07-15", "status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[W120]: `multi` owes 1500.00 EUR, past its credit limit of 1000.00 EUR"),
        "{err}"
    );
    assert!(err.contains("invoice M-2 took it past the limit"), "{err}");
    // Before M-2 the limit holds.
    let (_, err, _) = dun(&["-f", &journal, "-r", &rules, "--date", "2026-06-19", "status"]);
    assert!(!err.contains("W120"), "{err}");
    let (out, err, code) = dun(&["-f", &journal, "-r", &rules, "--date", "2026-07-15", "explain", "PR-4"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("customer's grade B: 24.7 days late on average over 3 invoices"),
        "{out}"
    );
}

#[test]
fn fmt_keeps_advice_lines() {
    let text = "advice   deposit when  avg-late >  30d ; why\nbehaviour-window   12m\n";
    let formatted = dun::layout::format_text(text);
    assert_eq!(
        formatted,
        "advice deposit when avg-late > 30d  ; why\nbehaviour-window 12m\n"
    );
}

/// The oracle agrees with dun on the test journal and on the example, field by field.
#[test]
fn the_oracle_agrees() {
    if Command::new("python3").arg("--version").output().is_err() {
        panic!("python3 is needed for the oracle test");
    }
    let cases: &[(&str, Option<&str>, &str)] = &[
        (
            "tests/data/customers/journal.dun",
            Some("tests/data/customers/rules.dun"),
            "2026-07-15",
        ),
        (
            "tests/data/customers/journal.dun",
            Some("tests/data/customers/rules.dun"),
            "2026-05-14",
        ),
        (
            "tests/data/customers/journal.dun",
            Some("tests/data/customers/advice.rules.dun"),
            "2026-07-15",
        ),
        ("examples/acme-studio/journal.dun", None, "2026-11-23"),
        ("examples/acme-studio/journal.dun", None, "2025-09-30"),
    ];
    for (journal, rules, date) in cases {
        let mut args = vec!["-f", journal, "--date", date, "customers", "--format", "json"];
        if let Some(r) = rules {
            args.extend(["-r", r]);
        }
        let (out, err, code) = dun(&args);
        assert_eq!(code, 0, "{err}");
        let ours: Value = serde_json::from_str(&out).unwrap();
        let mut py = Command::new("python3");
        py.arg(Path::new("tests/data/oracle/customers.py"))
            .arg(journal)
            .args(["--date", date]);
        if let Some(r) = rules {
            py.args(["--rules", r]);
        }
        let o = py.output().expect("python3 runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let theirs: Value = serde_json::from_slice(&o.stdout).unwrap();
        compare(&ours, &theirs, &format!("{journal} {date}"));
    }
}

/// Every key the oracle gives must be in dun's answer with the same value.
fn compare(ours: &Value, theirs: &Value, at: &str) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                compare(&a.get(k).cloned().unwrap_or(Value::Null), v, &format!("{at}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: {ours:#} vs oracle {theirs:#}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            assert!(
                (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9,
                "{at}: {a} vs oracle {b}"
            );
        }
        _ => assert_eq!(ours, theirs, "{at}"),
    }
}
