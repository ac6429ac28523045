//! Golden CLI tests: every directory under `tests/cases/` is one case.
//!
//! A case holds its input files, a `cmd` file, and the expected `stdout`, `stderr` and
//! `code` (exit code). The `cmd` file has lines `args: ...` (split at blanks; `"..."`
//! keeps blanks), optionally `cwd: DIR` (relative to the crate root, to run read-only
//! commands on e.g. the example repo) and `env: KEY=VALUE`. Without `cwd` the case
//! directory is copied to a temp dir and the command runs there; if the case has an
//! `after/` directory, the files it lists must then have exactly its contents.
//!
//! Re-bless expected output after an intended change: `UPDATE=1 cargo test --test golden`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const OUTPUTS: &[&str] = &["cmd", "stdout", "stderr", "code", "after"];

struct Case {
    args: Vec<String>,
    cwd: Option<PathBuf>,
    env: Vec<(String, String)>,
}

fn parse_cmd(text: &str) -> Case {
    let mut case = Case {
        args: Vec::new(),
        cwd: None,
        env: Vec::new(),
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Some(a) = line.strip_prefix("args:") {
            case.args = split_args(a);
        } else if let Some(d) = line.strip_prefix("cwd:") {
            case.cwd = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join(d.trim()));
        } else if let Some(kv) = line.strip_prefix("env:") {
            let (k, v) = kv.trim().split_once('=').expect("env: KEY=VALUE");
            case.env.push((k.to_string(), v.to_string()));
        } else {
            panic!("unknown line in cmd: {line}");
        }
    }
    case
}

fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' | '\t' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if OUTPUTS.contains(&name.to_str().unwrap_or("")) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs one case; returns a description of every mismatch.
fn run_case(dir: &Path, update: bool) -> Vec<String> {
    let case = parse_cmd(&fs::read_to_string(dir.join("cmd")).unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let cwd = match &case.cwd {
        Some(d) => d.clone(),
        None => {
            copy_dir(dir, tmp.path());
            tmp.path().to_path_buf()
        }
    };
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dun"));
    cmd.args(&case.args)
        .current_dir(&cwd)
        .env_remove("DUN_JOURNAL")
        .env_remove("DUN_RULES")
        // `dun send` reads these; a developer's own settings must not change a case.
        .env_remove("DUN_SMTP_HOST")
        .env_remove("DUN_SMTP_PORT")
        .env_remove("DUN_SMTP_SECURITY")
        .env_remove("DUN_SMTP_USER")
        .env_remove("DUN_SMTP_PASSWORD")
        .env("NO_COLOR", "1")
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap_or(tmp.path()));
    for (k, v) in &case.env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let actual = [
        ("stdout", String::from_utf8_lossy(&out.stdout).into_owned()),
        ("stderr", String::from_utf8_lossy(&out.stderr).into_owned()),
        ("code", format!("{}\n", out.status.code().unwrap_or(-1))),
    ];
    let mut problems = Vec::new();
    for (name, got) in actual {
        let path = dir.join(name);
        let want = fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            if update {
                fs::write(&path, &got).unwrap();
            } else {
                problems.push(format!("{name} differs:\n--- expected\n{want}\n--- actual\n{got}"));
            }
        }
    }
    let after = dir.join("after");
    if after.is_dir() {
        for entry in fs::read_dir(&after).unwrap() {
            let entry = entry.unwrap();
            let got = fs::read_to_string(cwd.join(entry.file_name())).unwrap_or_default();
            let want = fs::read_to_string(entry.path()).unwrap();
            if got != want {
                if update {
                    fs::write(entry.path(), &got).unwrap();
                } else {
                    problems.push(format!(
                        "{:?} after the command:\n--- expected\n{want}\n--- actual\n{got}",
                        entry.file_name()
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let update = std::env::var_os("UPDATE").is_some();
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases under {}", root.display());
    let mut failures = Vec::new();
    for dir in &dirs {
        for p in run_case(dir, update) {
            failures.push(format!("case {}: {p}", dir.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
