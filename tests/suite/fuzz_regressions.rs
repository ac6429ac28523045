//! The fuzz targets on the stable toolchain: every input that once crashed a target
//! (`fuzz/regressions/TARGET/*`) and every seed (the example repo and the golden cases)
//! goes through the same function as the fuzzer (`dun::fuzzing`), so a fixed crash stays
//! fixed. See fuzz/README.md.

use std::fs;
use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("journal", dun::fuzzing::journal),
    ("rules", dun::fuzzing::rules),
    ("fmt", dun::fuzzing::fmt),
    ("evaluate", dun::fuzzing::evaluate),
    ("coda", dun::fuzzing::coda),
    ("mt940", dun::fuzzing::mt940),
    ("bank_csv", dun::fuzzing::bank_csv),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, recursively, sorted.
fn files(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if ext.is_none_or(|x| path.extension().is_some_and(|e| e == x)) {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn saved_crashes_stay_fixed() {
    let mut count = 0;
    for (name, target) in TARGETS {
        for path in files(&root().join("fuzz/regressions").join(name), None) {
            let data = fs::read(&path).unwrap();
            eprintln!("{name}: {}", path.display());
            target(&data);
            count += 1;
        }
    }
    assert!(count > 0, "no saved crash inputs under fuzz/regressions/");
}

#[test]
fn seeds_pass_every_target() {
    let mut seeds = files(&root().join("examples"), Some("dun"));
    seeds.extend(files(&root().join("tests/data/golden"), Some("dun")));
    seeds.extend(files(&root().join("tests/data/import/statements"), None));
    assert!(seeds.len() > 50, "too few seeds: {}", seeds.len());
    for path in &seeds {
        let data = fs::read(path).unwrap();
        for (_, target) in TARGETS {
            target(&data);
        }
    }
}
