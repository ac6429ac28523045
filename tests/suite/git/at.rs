//! `--at REV`: journal, includes, rules and templates read from a revision's tree.

use super::harness::{numbers, run, Repo, JOURNAL, RULES};

/// Two commits: the first with INV-1 and an included INV-2, the second adding a file with
/// INV-3 and a payment of INV-1; then an uncommitted INV-4 in the work tree.
fn history() -> Repo {
    let r = Repo::new();
    r.write("rules.dun", RULES);
    r.write("journal.dun", &format!("include \"more/*.dun\"\n\n{JOURNAL}"));
    r.write("more/a.dun", "2026-01-10 invoice INV-2 acme 200.00 EUR\n");
    r.commit("INV-1 and INV-2");
    r.write(
        "more/b.dun",
        "2026-01-20 invoice INV-3 acme 300.00 EUR\n\n2026-02-01 payment acme 1000.00 EUR\n  invoice: INV-1\n",
    );
    r.commit("INV-3, INV-1 paid");
    r.write("more/c.dun", "2026-02-02 invoice INV-4 acme 400.00 EUR\n");
    r
}

#[test]
fn status_at_reads_each_revision_not_the_work_tree() {
    let r = history();
    let status = |at: Option<&str>| {
        let mut args = vec!["status", "--all", "--format", "json", "--date", "2026-03-01"];
        if let Some(rev) = at {
            args.extend(["--at", rev]);
        }
        let out = r.dun(&args);
        assert_eq!(out.code, 0, "{out:?}");
        numbers(&out.stdout)
    };
    assert_eq!(status(Some("HEAD~1")), ["INV-1", "INV-2"]);
    assert_eq!(status(Some("HEAD")), ["INV-1", "INV-2", "INV-3"]);
    assert_eq!(status(None), ["INV-1", "INV-2", "INV-3", "INV-4"]);
    // The work tree was not touched: no checkout, no temp files.
    let mut names: Vec<String> = std::fs::read_dir(r.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".git", "journal.dun", "more", "rules.dun"]);
}

#[test]
fn paths_are_relative_to_where_dun_runs() {
    let r = history();
    let out = r.dun_in(
        &r.path().join("more"),
        &[
            "-f",
            "../journal.dun",
            "status",
            "--all",
            "--format",
            "json",
            "--date",
            "2026-03-01",
            "--at",
            "HEAD~1",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(numbers(&out.stdout), ["INV-1", "INV-2"]);
}

#[test]
fn the_journal_may_exist_only_in_the_revision() {
    let r = history();
    std::fs::remove_file(r.path().join("journal.dun")).unwrap();
    let out = r.dun(&[
        "status",
        "--all",
        "--format",
        "json",
        "--date",
        "2026-03-01",
        "--at",
        "HEAD",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(numbers(&out.stdout), ["INV-1", "INV-2", "INV-3"]);
}

#[test]
fn check_and_explain_at_a_revision() {
    let r = Repo::with_journal();
    r.append("journal.dun", "\n2026-02-01 payment nobody 10.00 EUR\n");
    r.commit("a mistake");
    r.write("journal.dun", JOURNAL);
    r.commit("fixed");
    let bad = r.dun(&["check", "--at", "HEAD~1"]);
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(bad.stderr.contains("E032"), "{bad:?}");
    let good = r.dun(&["check", "--at", "HEAD"]);
    assert_eq!(good.code, 0, "{good:?}");
    let explain = r.dun(&["explain", "INV-1", "--at", "HEAD~2", "--date", "2026-03-01"]);
    assert_eq!(explain.code, 0, "{explain:?}");
    assert!(explain.stdout.contains("INV-1"), "{explain:?}");
}

#[test]
fn templates_and_rules_come_from_the_revision() {
    let r = Repo::with_journal();
    // A rules file whose business ladder starts with a task, committed, then replaced in the
    // work tree: `run --dry-run --at HEAD` must plan from the committed one.
    r.write(
        "rules.dun",
        &RULES.replace("template reminder\n", "task \"Send an e-mail\"\n"),
    );
    r.commit("reminder is a task");
    r.write("rules.dun", RULES);
    let at = r.dun(&["run", "--dry-run", "--date", "2026-02-10", "--at", "HEAD"]);
    assert_eq!(at.code, 0, "{at:?}");
    assert!(at.stdout.contains("0 letters, 1 task"), "{at:?}");
    let now = r.dun(&["run", "--dry-run", "--date", "2026-02-10"]);
    assert!(now.stdout.contains("1 letter, 0 tasks"), "{now:?}");
    // An unknown template committed at a revision is reported at that revision only.
    r.write("templates/en/reminder.hbs", "# Hi {{nonsense.field}\n");
    r.commit("broken template");
    r.write("templates/en/reminder.hbs", "# Reminder\n\nPlease pay.\n");
    assert_eq!(r.dun(&["check", "--at", "HEAD"]).code, 1);
    assert_eq!(r.dun(&["check"]).code, 0, "{:?}", r.dun(&["check"]));
}

#[test]
fn at_is_refused_where_it_makes_no_sense() {
    let r = Repo::with_journal();
    let run_at = r.dun(&["run", "--at", "HEAD", "--date", "2026-02-10"]);
    assert_eq!(run_at.code, 2, "{run_at:?}");
    assert!(run_at.stderr.contains("--dry-run"), "{run_at:?}");
    let fmt_at = r.dun(&["fmt", "--at", "HEAD"]);
    assert_eq!(fmt_at.code, 2, "{fmt_at:?}");
    let unknown = r.dun(&["status", "--at", "nope~3"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(unknown.stderr.contains("unknown revision `nope~3`"), "{unknown:?}");
}

#[test]
fn git_only_commands_outside_a_repo_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("journal.dun"), JOURNAL).unwrap();
    for args in [
        &["status", "--at", "HEAD"][..],
        &["log", "INV-1"][..],
        &["diff", "HEAD"][..],
    ] {
        let out = run(dir.path(), home.path(), args, true);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.contains("not inside a git repository"), "{out:?}");
    }
    assert_eq!(run(dir.path(), home.path(), &["status"], true).code, 0);
}
