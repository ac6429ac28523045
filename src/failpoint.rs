//! Failure points for the crash-safety tests: compiled only with the cargo feature
//! `failpoints`, which the test build turns on (Cargo.toml's dev-dependency on `dun` itself);
//! in any other build [`hit`] is an empty inline function and no trace of this is in the
//! binary.
//!
//! `DUN_FAILPOINT=NAME` makes the process abort, as if killed, when it reaches the point
//! NAME; `NAME@N` aborts only the N-th time it is reached; `NAME=MS` makes it sleep MS
//! milliseconds there and go on (to hold a lock while a second process tries it). Several
//! are separated by commas. The points, in the order `dun run` reaches them:
//! `after-lock`, `after-letter` (each letter written), `before-rename` (each atomic write:
//! the new bytes are in the synced temp file, not yet renamed over the target; the letters
//! first, then the record file), `after-append`, `before-commit`, `after-commit` (the
//! commit made, the index not yet updated), `before-unlock`.

#[cfg(feature = "failpoints")]
use std::sync::Mutex;

/// The environment variable that names the failure points.
#[cfg(feature = "failpoints")]
pub const VAR: &str = "DUN_FAILPOINT";

/// How often each point was reached in this process.
#[cfg(feature = "failpoints")]
static HITS: Mutex<Vec<(String, usize)>> = Mutex::new(Vec::new());

/// Without the `failpoints` feature: nothing, at no cost.
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub fn hit(_point: &str) {}

/// Aborts (or sleeps) if `DUN_FAILPOINT` names `point`.
#[cfg(feature = "failpoints")]
pub fn hit(point: &str) {
    let Some(spec) = std::env::var_os(VAR) else {
        return;
    };
    let count = count(point);
    for item in spec.to_string_lossy().split(',') {
        let (item, sleep) = match item.split_once('=') {
            Some((item, ms)) => (item, Some(ms.trim().parse::<u64>().unwrap_or(0))),
            None => (item, None),
        };
        let (name, nth) = match item.split_once('@') {
            Some((name, n)) => (name, n.trim().parse::<usize>().ok()),
            None => (item, None),
        };
        if name.trim() != point || nth.is_some_and(|n| n != count) {
            continue;
        }
        match sleep {
            Some(ms) => std::thread::sleep(std::time::Duration::from_millis(ms)),
            None => {
                eprintln!("dun: {VAR}: aborting at `{point}` (hit {count})");
                std::process::abort();
            }
        }
    }
}

/// Counts one more hit of `point`; returns the count (1 for the first).
#[cfg(feature = "failpoints")]
fn count(point: &str) -> usize {
    let Ok(mut hits) = HITS.lock() else {
        return 0;
    };
    match hits.iter_mut().find(|(p, _)| p == point) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            hits.push((point.to_string(), 1));
            1
        }
    }
}
