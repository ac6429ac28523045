//! `dun fmt` on the example repo: afterwards `dun fmt --check` passes, `dun check` still
//! passes, and `dun status --all --format json` is byte-for-byte what it was.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn dun(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dun"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env_remove("DUN_JOURNAL")
        .output()
        .unwrap()
}

#[test]
fn fmt_keeps_the_example_meaning() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-studio"),
        tmp.path(),
    );
    let dir = tmp.path();
    let status = |dir: &Path| dun(dir, &["status", "--all", "--format", "json", "--date", "2026-11-23"]).stdout;
    let before = status(dir);
    assert!(!before.is_empty());
    let fmt = dun(dir, &["fmt"]);
    assert!(fmt.status.success(), "{}", String::from_utf8_lossy(&fmt.stderr));
    assert!(
        dun(dir, &["fmt", "--check"]).status.success(),
        "fmt is not idempotent on the example"
    );
    assert!(dun(dir, &["check", "--date", "2026-11-23"]).status.success());
    assert_eq!(String::from_utf8_lossy(&status(dir)), String::from_utf8_lossy(&before));
}
