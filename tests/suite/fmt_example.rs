//! `dun fmt` on the example repo: afterwards `dun fmt --check` passes, `dun check` still
//! passes, and `dun status --all --format json` is byte-for-byte what it was.

use crate::common::{dun, example_copy};
use std::path::Path;

#[test]
fn fmt_keeps_the_example_meaning() {
    let tmp = example_copy();
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
