//! Done-when: `dun log` on an invoice in a repository of 1,000 commits. Ignored by default
//! (it builds the repository and times the binary); run it in release mode:
//! `cargo test --release --test suite -- --ignored --nocapture log_on_1000_commits`.
//! It asserts the result, never the time; the time is printed. With `DUN_BENCH_KEEP=DIR`
//! the repository is also cloned to DIR, to time `dun log` by hand.

use git2::{Oid, Signature, Time};

use super::harness::{Repo, RULES};

/// Builds 1,000 commits straight into the object database: each appends an invoice to
/// journal.dun (and every third a payment of the previous invoice) and rewrites notes.txt,
/// which changes every tenth commit.
fn thousand_commits(r: &Repo) -> usize {
    let repo = &r.repo;
    let rules = repo.blob(RULES.as_bytes()).unwrap();
    let mut journal = String::from("customer acme \"ACME B.V.\"\n  kind: business\n");
    let mut parent: Option<Oid> = None;
    for i in 0..1000 {
        let d = format!("2026-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28);
        journal += &format!("\n{d} invoice INV-{i:04} acme {}.00 EUR\n", 100 + i);
        if i % 3 == 0 && i > 0 {
            journal += &format!("\n{d} payment acme 10.00 EUR\n  invoice: INV-{:04}\n", i - 1);
        }
        let mut tb = repo.treebuilder(None).unwrap();
        tb.insert("rules.dun", rules, 0o100644).unwrap();
        tb.insert("journal.dun", repo.blob(journal.as_bytes()).unwrap(), 0o100644)
            .unwrap();
        tb.insert(
            "notes.txt",
            repo.blob(format!("{}", i / 10).as_bytes()).unwrap(),
            0o100644,
        )
        .unwrap();
        let tree = repo.find_tree(tb.write().unwrap()).unwrap();
        let sig = Signature::new("Ann", "ann@example.com", &Time::new(1_767_225_600 + i as i64 * 60, 0)).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        parent = Some(
            repo.commit(Some("HEAD"), &sig, &sig, &format!("commit {i}"), &tree, &refs)
                .unwrap(),
        );
    }
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    1000
}

#[test]
#[ignore = "builds a 1,000-commit repository; run in release mode to measure"]
fn log_on_1000_commits() {
    let r = Repo::new();
    assert_eq!(thousand_commits(&r), 1000);
    if let Some(keep) = std::env::var_os("DUN_BENCH_KEEP") {
        // Keep a copy of the repository to measure by hand.
        let to = std::path::PathBuf::from(keep);
        git2::Repository::clone(r.path().to_str().unwrap(), &to).unwrap();
    }
    let start = std::time::Instant::now();
    let out = r.dun(&["log", "INV-0101", "--format", "json"]);
    let elapsed = start.elapsed();
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let summaries: Vec<&str> = v["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    // The invoice at commit 101 and its payment at commit 102.
    assert_eq!(summaries, ["commit 102", "commit 101"]);
    eprintln!(
        "dun log INV-0101 on 1,000 commits: {:.0} ms (whole process)",
        elapsed.as_secs_f64() * 1000.0
    );
}
