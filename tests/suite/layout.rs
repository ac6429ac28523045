//! The test tree keeps its shape: one integration-test crate (`tests/suite/`), every file in
//! it compiled (a module file no `mod` names would be skipped without a word), data under
//! `tests/data/`.

use std::fs;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Cargo makes a test crate of every `tests/*.rs` and `tests/*/main.rs`: only
/// `tests/suite/main.rs` may be one (each crate links the whole library and Typst again).
#[test]
fn one_test_crate() {
    let mut crates = Vec::new();
    for entry in fs::read_dir(tests_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") || path.join("main.rs").is_file() {
            crates.push(path);
        }
    }
    crates.sort();
    assert_eq!(
        crates,
        [tests_dir().join("suite")],
        "tests/ must hold one test crate, tests/suite/main.rs: make the others modules of it \
         (tests/suite/TOPIC.rs and `mod TOPIC;` in main.rs) and put their data under tests/data/TOPIC/"
    );
}

/// Every `.rs` file under `tests/suite/` is a module that its parent declares.
#[test]
fn every_suite_file_is_a_module() {
    let suite = tests_dir().join("suite");
    let mut files = Vec::new();
    rust_files(&suite, &mut files);
    assert!(files.len() > 10, "found only {files:?}");
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = file.parent().unwrap();
        if dir == suite && name == "main" {
            continue;
        }
        // `x/mod.rs` is the module `x`, declared beside the directory `x`.
        let (name, dir) = if name == "mod" {
            let dir_name = dir.file_name().unwrap().to_string_lossy().into_owned();
            (dir_name, dir.parent().unwrap())
        } else {
            (name, dir)
        };
        let parent = if dir == suite {
            suite.join("main.rs")
        } else if dir.join("mod.rs").is_file() {
            dir.join("mod.rs")
        } else {
            dir.with_extension("rs")
        };
        let text = fs::read_to_string(&parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        let declared = text
            .lines()
            .map(str::trim)
            .any(|l| l.strip_prefix("pub ").unwrap_or(l) == format!("mod {name};"));
        assert!(
            declared,
            "{} is not compiled: {} does not declare `mod {name};`",
            file.display(),
            parent.display()
        );
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
