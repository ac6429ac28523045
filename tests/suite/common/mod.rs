//! Helpers shared by the integration tests: copying a fixture and running the binary in an
//! environment of its own (temp HOME, no system git config, no repo discovery above it).
#![allow(dead_code)] // each test module uses the part it needs

pub mod case;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Copies the directory tree `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
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

/// A copy of the example repo in a temp dir.
pub fn example_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-studio"),
        tmp.path(),
    );
    tmp
}

/// `dun ARGS` in `dir`, with a git identity from the environment and nothing of the user's.
pub fn dun(dir: &Path, args: &[&str]) -> Output {
    let (mut command, _home) = dun_command(dir, args);
    command.output().unwrap()
}

/// The command [`dun`] runs, to be given other streams; the temp HOME must outlive its run.
pub fn dun_command(dir: &Path, args: &[&str]) -> (Command, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_dun"));
    command
        .args(args)
        .current_dir(dir)
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("NO_COLOR", "1")
        .env_remove("DUN_JOURNAL")
        .env_remove("DUN_RULES")
        .env_remove("DUN_SMTP_HOST")
        .env_remove("DUN_SMTP_PORT")
        .env_remove("DUN_SMTP_SECURITY")
        .env_remove("DUN_SMTP_USER")
        .env_remove("DUN_SMTP_PASSWORD");
    (command, home)
}
