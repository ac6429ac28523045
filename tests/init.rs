//! `dun init` makes a real git repo whose first commit holds files that pass `dun check`.

mod common;

use common::dun;
use std::process::Command;

#[test]
fn init_commits_files_that_check_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dun(tmp.path(), &["init", "shop"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let repo = git2::Repository::open(tmp.path().join("shop")).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.author().name().ok(), Some("Test"));
    let tree = head.tree().unwrap();
    for path in ["journal.dun", "rules.dun", "templates/README.md", ".gitignore"] {
        assert!(
            tree.get_path(std::path::Path::new(path)).is_ok(),
            "{path} not committed"
        );
    }
    let check = dun(&tmp.path().join("shop"), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn init_without_identity_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dun"))
        .args(["init", "shop"])
        .current_dir(tmp.path())
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("shop").exists());
}
