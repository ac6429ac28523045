//! Hostile inputs: whatever a file holds, `dun check` ends with a diagnostic and exit code
//! 1 (or 0), never a panic (101), and within reasonable memory and time.

mod common;

use common::dun;
use std::fs;
use std::path::Path;

const RULES: &str = "sender\n  name: \"S\"\n  iban: NL91ABNA0417164300\n\npolicy business\n  stage reminder after 3d template reminder\n";

/// Writes `journal.dun` (and rules) and runs `dun check`; returns (exit code, stderr).
fn check(dir: &Path, journal: &[u8]) -> (i32, String) {
    fs::write(dir.join("journal.dun"), journal).unwrap();
    fs::write(dir.join("rules.dun"), RULES).unwrap();
    let out = dun(dir, &["check", "--date", "2026-11-23"]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HEAD: &str = "customer acme \"ACME\"\n  kind: business\n\n";

#[test]
fn a_ten_megabyte_line() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!("{HEAD}2026-01-05 note acme \"{}\n", "x".repeat(10 << 20));
    let (code, err) = check(tmp.path(), text.as_bytes());
    assert_eq!(code, 1);
    assert!(
        err.contains("error[E008]: unterminated string"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.len() < 10_000,
        "the excerpt of a 10 MB line must be cut, got {} bytes",
        err.len()
    );
}

#[test]
fn invalid_utf8_nul_bytes_and_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"2026-01-05 invoice I-1 acme 1.00 EUR\n\xff\xfe\x00binary\n");
    let (code, err) = check(tmp.path(), &bytes);
    assert_eq!(code, 1);
    assert!(
        err.contains("E014") && err.contains(&format!("offset {}", HEAD.len() + 37)),
        "{err}"
    );

    let (code, err) = check(
        tmp.path(),
        format!("{HEAD}2026-01-05 note acme \"a\0b\"\n\0\0\0\n").as_bytes(),
    );
    assert!(code == 1 || code == 0, "{err}");
}

#[test]
fn huge_amounts_and_extreme_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{HEAD}2026-01-05 invoice I-1 acme {} EUR\n0000-01-01 invoice I-2 acme 1.00 EUR\n9999-12-31 invoice I-3 acme 1.00 EUR\n",
        "9".repeat(40)
    );
    let (code, err) = check(tmp.path(), text.as_bytes());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[E006]"), "{err}");
}

#[test]
fn ten_thousand_errors_are_capped() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!("{HEAD}{}", "2026-13-01 note acme \"x\"\n".repeat(10_000));
    let (code, err) = check(tmp.path(), text.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(err.matches("error[E002]").count(), 200);
    assert!(
        err.contains("... and 9800 more problems not shown"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
}

#[test]
fn includes_of_a_directory_a_device_and_deep_nesting() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("sub")).unwrap();
    let text = format!("{HEAD}include \"sub\"\ninclude \"/dev/zero\"\ninclude \"missing.dun\"\n");
    let (code, err) = check(tmp.path(), text.as_bytes());
    assert_eq!(code, 1);
    assert!(err.contains("it is a directory"), "{err}");
    assert!(err.contains("it is not a regular file"), "{err}");
    assert!(err.contains("no such file"), "{err}");

    for i in 0..100 {
        fs::write(
            tmp.path().join(format!("n{i}.dun")),
            format!("include \"n{}.dun\"\n", i + 1),
        )
        .unwrap();
    }
    let (code, err) = check(tmp.path(), format!("{HEAD}include \"n0.dun\"\n").as_bytes());
    assert_eq!(code, 1);
    assert!(
        err.contains("error[E018]: includes nested deeper than 64 levels"),
        "{err}"
    );
}

#[test]
fn ten_thousand_stages() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rules = String::from("sender\n  name: \"S\"\n\npolicy business\n");
    for i in 0..10_000 {
        rules.push_str(&format!("  stage s{i} after {}d template reminder\n", i + 1));
    }
    fs::write(tmp.path().join("rules.dun"), rules).unwrap();
    fs::write(
        tmp.path().join("journal.dun"),
        format!("{HEAD}2026-01-05 invoice I-1 acme 1.00 EUR\n"),
    )
    .unwrap();
    let out = dun(tmp.path(), &["status", "--date", "2026-11-23", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
