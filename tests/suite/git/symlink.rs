//! The symlink policy: `dun` reads through symbolic links, and writes through those that
//! stay inside the repository, but never writes through one that leads out of it.

#![cfg(unix)]

use std::os::unix::fs::symlink;

use super::harness::{Repo, JOURNAL};

const DATE: &str = "2026-02-10";

#[test]
fn fmt_refuses_an_include_that_links_out_of_the_repo() {
    let r = Repo::with_journal();
    let outside = tempfile::tempdir().unwrap();
    let shared = outside.path().join("shared.dun");
    let text = "2026-01-06   note acme    \"badly laid out\"\n";
    std::fs::write(&shared, text).unwrap();
    symlink(&shared, r.path().join("shared.dun")).unwrap();
    r.append("journal.dun", "\ninclude \"shared.dun\"\n");
    // Reading through the link is fine.
    assert_eq!(r.dun(&["check", "--date", DATE]).code, 0);
    let out = r.dun(&["fmt"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("refusing to write `shared.dun`: `shared.dun` is a symbolic link to `"),
        "{out:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&shared).unwrap(),
        text,
        "the outside file is untouched"
    );
}

#[test]
fn links_inside_the_repo_are_written_through_and_stay_links() {
    let r = Repo::new();
    r.write("rules.dun", super::harness::RULES);
    r.write("data/journal.dun", JOURNAL);
    symlink("data/journal.dun", r.path().join("journal.dun")).unwrap();
    r.commit("journal behind a link");
    let out = r.dun(&["run", "--date", DATE, "--no-commit", "--allow-dirty"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(std::fs::symlink_metadata(r.path().join("journal.dun"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(r.read("data/journal.dun").contains("sent acme reminder"));
}

#[test]
fn run_refuses_a_letters_dir_that_links_out_and_writes_nothing() {
    let r = Repo::with_journal();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), r.path().join("letters")).unwrap();
    let before = r.head();
    let out = r.dun(&["run", "--date", DATE, "--allow-dirty"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("refusing to write `"), "{out:?}");
    assert!(out.stderr.contains("`letters` is a symbolic link to"), "{out:?}");
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written outside"
    );
    assert_eq!(r.read("journal.dun"), JOURNAL);
    assert_eq!(r.head(), before);
}
