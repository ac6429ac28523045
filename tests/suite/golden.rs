//! Golden CLI tests: every directory under `tests/data/golden/` is one case (input files, a `cmd`
//! file, the expected `stdout`, `stderr` and `code`; see `tests/suite/common/case.rs`).
//!
//! Re-bless expected output after an intended change: `UPDATE=1 cargo test --test suite golden::`.

#[test]
fn golden_cases() {
    crate::common::case::run_all("tests/data/golden");
}
