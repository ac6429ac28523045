//! `dun diff`: how the status changed between revisions.

use super::harness::{Repo, RULES};

const BASE: &str = "customer acme \"ACME B.V.\"\n  kind: business\n  language: en\n\n\
2026-01-05 invoice INV-1 acme 1000.00 EUR\n\n2026-01-06 invoice INV-2 acme 500.00 EUR\n\n\
2026-01-07 invoice INV-3 acme 200.00 EUR\n";

const LATER: &str = "\n2026-02-15 payment acme 1000.00 EUR\n  invoice: INV-1\n\n\
2026-02-16 invoice INV-4 acme 300.00 EUR\n\n2026-02-17 sent acme reminder INV-2\n\n\
2026-02-18 dispute INV-3 \"not delivered\"\n";

fn repo() -> Repo {
    let r = Repo::new();
    r.write("rules.dun", RULES);
    r.write("journal.dun", BASE);
    r.commit("three invoices");
    r.append("journal.dun", LATER);
    r.commit("a payment, a new invoice, a reminder, a dispute");
    r
}

#[test]
fn diff_json_names_every_kind_of_change() {
    let r = repo();
    let out = r.dun(&["diff", "HEAD~1", "HEAD", "--date", "2026-03-01", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["from"]["rev"], "HEAD~1");
    assert_eq!(v["to"]["date"], "2026-03-01");
    assert_eq!(v["new_invoices"][0]["number"], "INV-4");
    assert_eq!(v["new_invoices"].as_array().unwrap().len(), 1);
    let p = &v["payments"][0];
    assert_eq!(
        (p["change"].as_str(), p["amount"].as_str(), p["applied"].as_str()),
        (Some("added"), Some("1000.00"), Some("1000.00"))
    );
    assert_eq!(p["invoices"][0]["invoice"], "INV-1");
    assert_eq!(v["stages"][0]["number"], "INV-2");
    assert_eq!(v["stages"][0]["from"], serde_json::Value::Null);
    assert_eq!(v["stages"][0]["to"], "reminder");
    assert_eq!(v["holds"][0]["number"], "INV-3");
    assert_eq!(v["holds"][0]["to"], "dispute");
    assert_eq!(v["states"][0]["number"], "INV-1");
    assert_eq!(
        (v["states"][0]["from"].as_str(), v["states"][0]["to"].as_str()),
        (Some("open"), Some("paid"))
    );
    let t = &v["totals"][0];
    assert_eq!(t["currency"], "EUR");
    assert_eq!(
        (t["open_from"].as_str(), t["open_to"].as_str()),
        (Some("1700.00"), Some("1000.00"))
    );
    assert_eq!(t["open_change"], "-700.00");
}

#[test]
fn diff_table_against_the_work_tree() {
    let r = repo();
    r.append("journal.dun", "\n2026-02-20 writeoff INV-2 \"bankrupt\"\n");
    let out = r.dun(&["diff", "HEAD", "--date", "2026-03-01"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "HEAD (2026-03-01) -> working tree (2026-03-01)\n\n\
         Invoices closed or reopened\n  INV-2  acme  open -> written_off\n\n\
         Totals\n  EUR  open  1000.00 -> 500.00  (-500.00)  overdue  700.00 -> 200.00  (-500.00)\n"
    );
}

#[test]
fn diff_with_two_dates() {
    let r = repo();
    let out = r.dun(&[
        "diff",
        "HEAD",
        "HEAD",
        "--date-from",
        "2026-01-31",
        "--date-to",
        "2026-03-01",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["from"]["date"], "2026-01-31");
    // Same revision: the later date knows the entries dated in between.
    assert_eq!(v["new_invoices"][0]["number"], "INV-4");
    assert_eq!(v["states"][0]["to"], "paid");
    let same = r.dun(&["diff", "HEAD", "HEAD", "--date", "2026-03-01"]);
    assert!(same.stdout.contains("no entries changed"), "{same:?}");
}

#[test]
fn diff_refuses_a_side_with_errors() {
    let r = repo();
    r.append("journal.dun", "\n2026-02-20 payment nobody 1.00 EUR\n");
    let out = r.dun(&["diff", "HEAD"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("working tree has errors"), "{out:?}");
}

#[test]
fn a_rate_carried_forward_is_warned_about_once_for_both_sides() {
    // The init rules charge nl-commercial interest on business customers; the built-in table ends
    // before 2027-03-01, so both sides carry its last rate forward: one W064, not two.
    let r = Repo::new();
    r.write("rules.dun", RULES);
    r.write("journal.dun", BASE);
    r.commit("three invoices");
    r.append("journal.dun", "\n2027-02-01 payment acme 100.00 EUR\n");
    let out = r.dun(&["diff", "HEAD", "--date", "2027-03-01"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr.matches("warning[W064]").count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("nl-commercial has no rate from 2027-01-01"),
        "{}",
        out.stderr
    );
}
