//! `dun run` in a repository: one commit with the records and the letters, refusals before
//! anything is written, and rollbacks that leave HEAD and the work tree as they were.

use super::harness::{run, Repo, JOURNAL};

const DATE: &str = "2026-02-10";
const LETTER: &str = "letters/2026-02-10/acme-reminder.html";

#[test]
fn run_commits_the_records_and_the_letters_once() {
    let r = Repo::with_journal();
    let before = r.head();
    let out = r.dun(&["run", "--date", DATE]);
    assert_eq!(out.code, 0, "{out:?}");
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.parent_id(0).unwrap(), before);
    assert_eq!(
        head.message().unwrap(),
        format!("dun run {DATE}: 1 letter, 0 tasks\n\nacme reminder INV-1 -> {LETTER}\n")
    );
    assert_eq!(head.author().name().unwrap(), "Runner");
    assert_eq!(head.author().email().unwrap(), "runner@example.com");
    // Exactly the journal and the letter changed, committed as they are on disk.
    let parent = head.parent(0).unwrap().tree().unwrap();
    let diff = r
        .repo
        .diff_tree_to_tree(Some(&parent), Some(&head.tree().unwrap()), None)
        .unwrap();
    let mut changed: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned())
        .collect();
    changed.sort();
    assert_eq!(changed, ["journal.dun", LETTER]);
    assert_eq!(r.at_head("journal.dun").unwrap(), r.read("journal.dun"));
    assert!(r.read("journal.dun").contains("2026-02-10 sent acme reminder INV-1"));
    assert_eq!(r.at_head(LETTER).unwrap(), r.read(LETTER));
    assert!(r.is_clean(), "the index matches the commit");
    // A second run on the same date sends nothing and commits nothing.
    let again = r.dun(&["run", "--date", DATE]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(again.stdout.contains("0 letters"), "{again:?}");
    assert_eq!(r.head(), head.id());
}

#[test]
fn staged_changes_of_other_files_stay_staged_and_out_of_the_commit() {
    let r = Repo::with_journal();
    r.write("notes.txt", "call acme on Monday\n");
    let mut index = r.repo.index().unwrap();
    index.add_path(std::path::Path::new("notes.txt")).unwrap();
    index.write().unwrap();
    let out = r.dun(&["run", "--date", DATE]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(r.at_head("notes.txt").is_none());
    let status = r.repo.status_file(std::path::Path::new("notes.txt")).unwrap();
    assert_eq!(status, git2::Status::INDEX_NEW);
}

#[test]
fn a_dirty_journal_is_refused_before_anything_is_written() {
    let r = Repo::with_journal();
    let head = r.head();
    r.append("journal.dun", "; an edit not yet committed\n");
    let edited = r.read("journal.dun");
    let out = r.dun(&["run", "--date", DATE]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("journal.dun (modified)"), "{out:?}");
    assert!(out.stderr.contains("--allow-dirty"), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(r.head(), head);
    assert_eq!(r.read("journal.dun"), edited);
    assert!(!r.path().join("letters").exists());
    // --allow-dirty runs anyway; the commit holds the record file as it is on disk.
    let forced = r.dun(&["run", "--date", DATE, "--allow-dirty"]);
    assert_eq!(forced.code, 0, "{forced:?}");
    assert_ne!(r.head(), head);
    assert!(r
        .at_head("journal.dun")
        .unwrap()
        .contains("; an edit not yet committed"));
}

#[test]
fn untracked_templates_and_modified_rules_are_refused_too() {
    let r = Repo::with_journal();
    r.write("templates/en/reminder.hbs", "# Reminder\n\nPlease pay.\n");
    r.append("rules.dun", "; tweak\n");
    let out = r.dun(&["run", "--date", DATE]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("templates/en/reminder.hbs (untracked)"), "{out:?}");
    assert!(out.stderr.contains("rules.dun (modified)"), "{out:?}");
}

#[test]
fn no_commit_writes_but_leaves_head() {
    let r = Repo::with_journal();
    let head = r.head();
    let out = r.dun(&["run", "--date", DATE, "--no-commit"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(r.head(), head);
    assert!(r.path().join(LETTER).exists());
    assert!(r.read("journal.dun").contains("sent acme reminder INV-1"));
    assert!(!r.is_clean());
}

/// Runs with a lock file in `.git` that makes a late step fail, and checks that HEAD, the
/// index and the work tree are exactly as before.
fn fails_without_trace(lock: &str) {
    let r = Repo::with_journal();
    let head = r.head();
    let branch = r.path().join(".git").join(lock);
    std::fs::write(&branch, "").unwrap();
    let out = r.dun(&["run", "--date", DATE]);
    std::fs::remove_file(&branch).unwrap();
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("nothing was written or committed"), "{out:?}");
    assert_eq!(r.head(), head);
    assert_eq!(r.read("journal.dun"), JOURNAL);
    assert!(
        !r.path().join("letters").exists(),
        "letters and their directories removed"
    );
    assert!(r.is_clean());
}

#[test]
fn a_failing_commit_leaves_head_and_tree_unchanged() {
    // The branch cannot be moved: the commit itself fails after letters and records are written.
    fails_without_trace("refs/heads/main.lock");
}

#[test]
fn a_failing_index_update_moves_head_back() {
    // The commit is made, then the index cannot be written: the commit is undone.
    fails_without_trace("index.lock");
}

#[test]
fn no_identity_is_refused_before_anything_is_written() {
    let r = Repo::with_journal();
    let head = r.head();
    let out = run(r.path(), r.home.path(), &["run", "--date", DATE], false);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no git identity"), "{out:?}");
    assert!(out.stderr.contains("--no-commit"), "{out:?}");
    assert_eq!(r.head(), head);
    assert!(r.is_clean());
    // Without a commit no identity is needed.
    assert_eq!(
        run(r.path(), r.home.path(), &["run", "--date", DATE, "--no-commit"], false).code,
        0
    );
}

#[test]
fn outside_a_repo_run_writes_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("journal.dun"), JOURNAL).unwrap();
    std::fs::write(dir.path().join("rules.dun"), super::harness::RULES).unwrap();
    let out = run(dir.path(), home.path(), &["run", "--date", DATE], true);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("not in a git repository"), "{out:?}");
    assert!(dir.path().join(LETTER).exists());
}

#[test]
fn eml_run_commits_and_send_refuses_a_dirty_record_file() {
    let r = Repo::new();
    r.write("rules.dun", super::harness::RULES);
    r.write(
        "journal.dun",
        &JOURNAL.replace("  language: en\n", "  language: en\n  email: billing@acme.example\n"),
    );
    r.commit("first invoice");
    let out = r.dun(&["run", "--format", "eml", "--date", DATE]);
    assert_eq!(out.code, 0, "{out:?}");
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    assert!(head.message().unwrap().contains("letters/2026-02-10/acme-reminder.eml"));
    let committed = r.head();
    // An edit of the journal would be committed with the deliveries: refused, nothing sent.
    r.append("journal.dun", "; an edit in progress\n");
    let out = r.dun(&["send", "--host", "127.0.0.1", "--port", "9", "--security", "none"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("has uncommitted changes"), "{}", out.stderr);
    assert!(out.stderr.contains("nothing was sent"), "{}", out.stderr);
    assert_eq!(r.head(), committed);
}
