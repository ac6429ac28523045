//! The commands of a first week: `dun done` commits like `dun run`, `dun undo` takes back
//! dun's last commit, `dun diff` evaluates each side as of its commit's date, a run dated
//! after today needs `--future`, and a run behind its upstream warns.

use super::harness::Repo;

const DATE: &str = "2026-02-10";
const LETTER: &str = "letters/2026-02-10/acme-reminder.html";

fn head_message(r: &Repo) -> String {
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    head.message().unwrap().to_string()
}

#[test]
fn done_commits_its_record_and_the_next_run_is_not_refused() {
    let r = Repo::with_journal();
    assert_eq!(r.dun(&["run", "--date", DATE]).code, 0);
    let out = r.dun(&["done", "acme", "call", "--date", "2026-02-17"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(head_message(&r), "dun done 2026-02-17: acme call INV-1\n");
    assert!(r.is_clean(), "{out:?}");
    let next = r.dun(&["run", "--date", "2026-02-24"]);
    assert_eq!(next.code, 0, "{next:?}");
    assert!(next.stdout.contains("second"), "{next:?}");
}

#[test]
fn done_no_commit_leaves_head_and_a_dirty_record_file_is_refused() {
    let r = Repo::with_journal();
    assert_eq!(r.dun(&["run", "--date", DATE]).code, 0);
    let head = r.head();
    r.append("journal.dun", "; a note\n");
    let refused = r.dun(&["done", "acme", "call", "--date", "2026-02-17"]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.stderr.contains("uncommitted changes"), "{refused:?}");
    assert!(!r.read("journal.dun").contains("sent acme call"));
    let out = r.dun(&["done", "acme", "call", "--date", "2026-02-17", "--no-commit"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(r.head(), head);
    assert!(r.read("journal.dun").contains("sent acme call INV-1"));
}

#[test]
fn undo_reverts_the_run_as_a_new_commit_and_only_once() {
    let r = Repo::with_journal();
    let before = r.read("journal.dun");
    assert_eq!(r.dun(&["run", "--date", DATE]).code, 0);
    let run = r.head();
    assert!(r.path().join(LETTER).exists());
    let out = r.dun(&["undo"]);
    assert_eq!(out.code, 0, "{out:?}");
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.parent_id(0).unwrap(), run);
    assert!(head
        .message()
        .unwrap()
        .starts_with("dun undo: revert \"dun run 2026-02-10"));
    assert_eq!(r.read("journal.dun"), before);
    assert!(!r.path().join(LETTER).exists());
    assert!(r.is_clean());
    let again = r.dun(&["undo"]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(
        again.stderr.contains("nothing") || again.stderr.contains("no commit"),
        "{again:?}"
    );
    // The letter can be sent again.
    let rerun = r.dun(&["run", "--date", DATE]);
    assert!(rerun.stdout.contains("1 letter"), "{rerun:?}");
}

#[test]
fn undo_refuses_when_dun_did_not_make_head_or_the_tree_is_dirty() {
    let r = Repo::with_journal();
    assert_eq!(r.dun(&["undo"]).code, 2);
    assert_eq!(r.dun(&["run", "--date", DATE]).code, 0);
    r.append("journal.dun", "; edited\n");
    let dirty = r.dun(&["undo"]);
    assert_eq!(dirty.code, 2, "{dirty:?}");
    assert!(dirty.stderr.contains("uncommitted changes"), "{dirty:?}");
    r.commit("a comment");
    let head = r.head();
    let not_head = r.dun(&["undo"]);
    assert_eq!(not_head.code, 2, "{not_head:?}");
    assert!(
        not_head.stderr.contains("is not HEAD") && not_head.stderr.contains("git revert"),
        "{not_head:?}"
    );
    assert_eq!(r.head(), head);
}

#[test]
fn diff_evaluates_each_revision_as_of_its_commit_date() {
    let r = Repo::with_journal();
    assert_eq!(r.dun(&["run", "--date", DATE]).code, 0);
    let out = r.dun(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["to"]["date"], DATE, "{out:?}");
    assert_eq!(v["from"]["date"], "2026-01-01", "{out:?}");
    let text = r.dun(&["diff", "HEAD~1", "HEAD"]);
    assert!(text.stdout.contains("reminder"), "{text:?}");
    let given = r.dun(&["diff", "HEAD~1", "HEAD", "--date", "2026-03-01", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&given.stdout).unwrap();
    assert_eq!(v["from"]["date"], "2026-03-01");
}

/// Rules without interest, so that a date past the rate tables does not matter.
const NO_INTEREST: &str = "sender\n  name: \"Studio\"\n  iban: NL91ABNA0417164300\n\n\
policy business\n  stage reminder  after 3d  template reminder\n";

#[test]
fn a_run_dated_after_today_needs_future() {
    let r = Repo::with_journal();
    r.write("rules.dun", NO_INTEREST);
    r.commit("rules without interest");
    let head = r.head();
    let later = (chrono::Local::now().date_naive() + chrono::Days::new(30)).to_string();
    let out = r.dun(&["run", "--date", &later]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--future"), "{out:?}");
    assert_eq!(r.head(), head);
    let dry = r.dun(&["run", "--dry-run", "--date", &later]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(dry.stderr.contains("after today"), "{dry:?}");
    let confirmed = r.dun(&["run", "--date", &later, "--future"]);
    assert_eq!(confirmed.code, 0, "{confirmed:?}");
    assert_ne!(r.head(), head);
}

#[test]
fn a_run_behind_its_upstream_warns() {
    let r = Repo::with_journal();
    let base = r.repo.head().unwrap().peel_to_commit().unwrap();
    let sig = r.signature("Bob", "bob@example.com");
    let theirs = r
        .repo
        .commit(None, &sig, &sig, "bob's invoice", &base.tree().unwrap(), &[&base])
        .unwrap();
    r.repo.remote("origin", "https://example.invalid/dunning.git").unwrap();
    r.repo
        .reference("refs/remotes/origin/main", theirs, true, "test")
        .unwrap();
    let mut branch = r.repo.find_branch("main", git2::BranchType::Local).unwrap();
    branch.set_upstream(Some("origin/main")).unwrap();
    let out = r.dun(&["run", "--date", DATE]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .contains("`main` is 1 commit behind `origin/main`: pull first"),
        "{out:?}"
    );
}

#[test]
fn log_of_a_misspelt_name_suggests_the_near_one() {
    let r = Repo::with_journal();
    let out = r.dun(&["log", "acm"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("did you mean `acme`?"), "{out:?}");
}
