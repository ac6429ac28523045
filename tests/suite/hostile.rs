//! The hostile-input corpus: every directory under `tests/data/hostile/` is one case, in the
//! layout of the golden cases (input files, `cmd`, expected `stdout`, `stderr`, `code`,
//! optional `after/`), with a `recipe` for inputs too large or too odd to commit (a 10 MB
//! line, 10,000 errors, 100 nested includes, symbolic links; see `tests/suite/common/case.rs`).
//!
//! Whatever a file holds, `dun` ends with diagnostics and an exit code (never a panic, 101,
//! or a signal), within the time limit of the harness. Re-bless after an intended change:
//! `UPDATE=1 cargo test --test suite hostile::`.

use std::path::Path;

#[test]
fn hostile_cases() {
    crate::common::case::run_all("tests/data/hostile");
}

#[test]
fn no_hostile_case_expects_a_crash() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile");
    let mut count = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let dir = entry.unwrap().path();
        let code = std::fs::read_to_string(dir.join("code")).unwrap_or_default();
        assert!(
            matches!(code.trim(), "0" | "1" | "2"),
            "{}: exit code {code:?} is not 0, 1 or 2",
            dir.display()
        );
        let stderr = std::fs::read_to_string(dir.join("stderr")).unwrap_or_default();
        assert!(!stderr.contains("panicked"), "{}: {stderr}", dir.display());
        count += 1;
    }
    assert!(count >= 20, "only {count} hostile cases");
}

#[test]
fn html_outputs_hold_no_live_markup_from_the_journal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile/html-script-letter");
    let letter = std::fs::read_to_string(root.join("after/letters/2026-11-23/x-reminder.html")).unwrap();
    for raw in ["<script", "<img", "<b>", "</td><script"] {
        assert!(!letter.contains(raw), "`{raw}` from the journal is live in the letter");
    }
    assert!(letter.contains("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; Co"));
}
