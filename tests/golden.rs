//! Golden CLI tests: every directory under `tests/cases/` is one case (input files, a `cmd`
//! file, the expected `stdout`, `stderr` and `code`; see `tests/common/case.rs`).
//!
//! Re-bless expected output after an intended change: `UPDATE=1 cargo test --test golden`.

mod common;

#[test]
fn golden_cases() {
    common::case::run_all("tests/cases");
}
