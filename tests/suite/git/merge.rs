//! Merge safety: duplicate numbers after a merge are found in both places, and the union
//! merge driver for append-only journal files holds up (and where it does not).

use super::harness::{Repo, JOURNAL, RULES};

#[test]
fn a_merge_of_two_invoices_with_the_same_number_points_at_both() {
    let r = Repo::new();
    r.write("rules.dun", RULES);
    r.write("journal.dun", &format!("include \"sales/*.dun\"\n\n{JOURNAL}"));
    r.write("sales/2026.dun", "");
    let base = r.commit("base");
    r.write("sales/anna.dun", "2026-02-01 invoice INV-2 acme 100.00 EUR\n");
    r.commit("Anna's invoice");
    let bob = r.side_commit(
        "bob",
        base,
        &[("sales/bob.dun", "\n\n2026-02-02 invoice INV-2 acme 250.00 EUR\n")],
        "Bob's invoice",
    );
    r.merge(bob).expect("different files merge cleanly");
    let out = r.dun(&["check"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("E031"), "{out:?}");
    assert!(out.stderr.contains("sales/anna.dun:1:"), "{out:?}");
    assert!(out.stderr.contains("sales/bob.dun:3:"), "{out:?}");
}

/// Two branches from one base, each appending `ours`/`theirs` to journal.dun, merged with
/// or without `*.dun merge=union`.
fn appended(union: bool, ours: &str, theirs: &str) -> (Repo, Result<git2::Oid, usize>) {
    let r = Repo::with_journal();
    if union {
        r.write(".gitattributes", "*.dun merge=union\n");
    }
    let base = r.commit("attributes");
    let theirs_text = r.read("journal.dun") + theirs;
    r.append("journal.dun", ours);
    r.commit("ours");
    let theirs = r.side_commit("theirs", base, &[("journal.dun", &theirs_text)], "theirs");
    let merged = r.merge(theirs);
    (r, merged)
}

const PAYMENT: &str = "\n2026-02-01 payment acme 100.00 EUR\n  invoice: INV-1\n";
const INVOICE: &str = "\n2026-02-02 invoice INV-2 acme 250.00 EUR\n  terms: 14d\n";

#[test]
fn without_union_two_appends_conflict() {
    let (_, merged) = appended(false, PAYMENT, INVOICE);
    assert_eq!(merged, Err(1));
}

#[test]
fn union_merge_of_two_appended_entries_checks_clean() {
    let (r, merged) = appended(true, PAYMENT, INVOICE);
    merged.expect("union merges appends");
    let journal = r.read("journal.dun");
    assert!(
        journal.contains(PAYMENT.trim()) && journal.contains(INVOICE.trim()),
        "{journal}"
    );
    let out = r.dun(&["check"]);
    assert_eq!(out.code, 0, "{out:?}\n{journal}");
    assert!(out.stdout.contains("2 invoices, 1 payment or credit"), "{out:?}");
}

#[test]
fn union_merge_of_two_edits_of_one_block_keeps_both_and_check_says_so() {
    // Both sides edit the same invoice: union keeps both versions of the line, which is
    // why the documentation calls union unsafe for edits. `dun check` catches it.
    let r = Repo::with_journal();
    r.write(".gitattributes", "*.dun merge=union\n");
    let base = r.commit("attributes");
    let theirs_text = r.read("journal.dun").replace("1000.00 EUR", "1200.00 EUR");
    r.write(
        "journal.dun",
        &r.read("journal.dun").replace("1000.00 EUR", "1100.00 EUR"),
    );
    r.commit("ours: 1100");
    let theirs = r.side_commit("theirs", base, &[("journal.dun", &theirs_text)], "theirs: 1200");
    r.merge(theirs).expect("union never conflicts");
    let journal = r.read("journal.dun");
    assert!(
        journal.contains("1100.00 EUR") && journal.contains("1200.00 EUR"),
        "{journal}"
    );
    let out = r.dun(&["check"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("E031"), "{out:?}");
}
