//! `dun log`: the commits that changed entries about an invoice or customer, entry by entry.

use super::harness::{Repo, RULES};

const BASE: &str = "customer acme \"ACME B.V.\"\n  kind: business\n\ncustomer bolt \"Bolt\"\n  kind: business\n\n\
2026-01-05 invoice INV-1 acme 1000.00 EUR\n\n2026-01-06 invoice INV-2 acme 50.00 EUR\n\n\
2026-01-07 invoice INV-10 bolt 70.00 EUR\n";

/// Commits, oldest first: c1 base; c2 payment of INV-1; c3 layout only; c4 INV-1's amount
/// edited; c5 a dispute of INV-2; c6 a dispute of INV-1; c7 that dispute removed; c8 INV-2
/// moved to another file; c9 an unallocated payment of acme; c10 INV-10 (bolt) paid.
fn history() -> Repo {
    let r = Repo::new();
    r.write("rules.dun", RULES);
    r.write("journal.dun", &format!("include \"old/*.dun\"\n\n{BASE}"));
    r.commit("c1 base");
    r.append(
        "journal.dun",
        "\n2026-02-01 payment acme 400.00 EUR\n  invoice: INV-1\n",
    );
    r.commit("c2 payment");
    let j = r
        .read("journal.dun")
        .replace("INV-1 acme 1000.00", "INV-1   acme   1000.00")
        + "; tidy\n";
    r.write("journal.dun", &j);
    r.commit("c3 layout");
    r.write(
        "journal.dun",
        &r.read("journal.dun").replace("1000.00 EUR", "1100.00 EUR"),
    );
    r.commit("c4 amount");
    r.append("journal.dun", "\n2026-02-03 dispute INV-2 \"wrong\"\n");
    r.commit("c5 dispute INV-2");
    r.append("journal.dun", "\n2026-02-04 dispute INV-1 \"late delivery\"\n");
    r.commit("c6 dispute INV-1");
    r.write(
        "journal.dun",
        &r.read("journal.dun")
            .replace("\n2026-02-04 dispute INV-1 \"late delivery\"\n", ""),
    );
    r.commit("c7 dispute withdrawn");
    r.write(
        "journal.dun",
        &r.read("journal.dun")
            .replace("\n2026-01-06 invoice INV-2 acme 50.00 EUR\n", ""),
    );
    r.write("old/inv2.dun", "2026-01-06 invoice INV-2 acme 50.00 EUR\n");
    r.commit("c8 move INV-2");
    r.append("journal.dun", "\n2026-02-10 payment acme 10.00 EUR\n");
    r.commit("c9 unallocated");
    r.append(
        "journal.dun",
        "\n2026-02-11 payment bolt 70.00 EUR\n  invoice: INV-10\n",
    );
    r.commit("c10 bolt paid");
    r
}

fn summaries(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .map(|l| l.rsplit("  ").next().unwrap().to_string())
        .collect()
}

#[test]
fn log_of_an_invoice_lists_entry_changes_newest_first() {
    let r = history();
    let out = r.dun(&["log", "INV-1"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        summaries(&out.stdout),
        [
            "c9 unallocated",
            "c7 dispute withdrawn",
            "c6 dispute INV-1",
            "c4 amount",
            "c2 payment",
            "c1 base"
        ],
        "{out:?}"
    );
    assert!(
        out.stdout.contains(
            "  changed journal.dun:9\n  - 2026-01-05 invoice INV-1   acme   1000.00 EUR\n  \
             + 2026-01-05 invoice INV-1   acme   1100.00 EUR\n"
        ),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("  removed journal.dun:")
            && out.stdout.contains("  - 2026-02-04 dispute INV-1 \"late delivery\"\n"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("  + 2026-02-01 payment acme 400.00 EUR\n  +   invoice: INV-1\n"),
        "{out:?}"
    );
    let head = out.stdout.lines().next().unwrap();
    assert!(head.contains("Ann <ann@example.com>"), "{head}");
}

#[test]
fn log_of_a_customer_covers_its_invoices() {
    let r = history();
    let out = r.dun(&["log", "acme"]);
    assert_eq!(out.code, 0, "{out:?}");
    let s = summaries(&out.stdout);
    assert!(s.contains(&"c5 dispute INV-2".to_string()), "{out:?}");
    assert!(
        !s.contains(&"c8 move INV-2".to_string()),
        "a move is no change: {out:?}"
    );
    assert!(!s.contains(&"c3 layout".to_string()), "{out:?}");
    assert!(!s.contains(&"c10 bolt paid".to_string()), "{out:?}");
    let bolt = r.dun(&["log", "bolt"]);
    assert_eq!(summaries(&bolt.stdout), ["c10 bolt paid", "c1 base"], "{bolt:?}");
}

#[test]
fn log_json() {
    let r = history();
    let out = r.dun(&["log", "INV-1", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["subject"], "INV-1");
    assert_eq!(v["kind"], "invoice");
    let commits = v["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 6);
    let c4 = &commits[3];
    assert_eq!(c4["summary"], "c4 amount");
    assert_eq!(c4["author"], "Ann");
    assert_eq!(c4["commit"].as_str().unwrap().len(), 40);
    assert!(c4["date"].as_str().unwrap().starts_with("2026-01-01T"));
    assert_eq!(c4["changes"][0]["change"], "changed");
    assert_eq!(c4["changes"][0]["file"], "journal.dun");
    assert!(c4["changes"][0]["new"][0].as_str().unwrap().contains("1100.00"));
}

#[test]
fn log_of_an_unknown_name_is_a_usage_error() {
    let r = history();
    let out = r.dun(&["log", "INV-404"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("INV-404"), "{out:?}");
}

#[test]
fn log_of_a_removed_invoice_still_finds_its_history() {
    let r = history();
    r.write("old/inv2.dun", "");
    r.commit("c11 INV-2 removed");
    let out = r.dun(&["log", "INV-2", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["kind"], "unknown");
    let summaries: Vec<&str> = v["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["c11 INV-2 removed", "c5 dispute INV-2", "c1 base"]);
}
