//! Output to a closed pipe (`dun status -v 2>&1 | head -1`) is not a crash, and output to a
//! full disk is an error, not a success.

use std::path::Path;
use std::process::Stdio;

use super::common::{dun_command, example_copy};

/// Where a stream goes: a pipe nobody reads, `/dev/full`, or a pipe the test reads.
enum Sink {
    ClosedPipe,
    Full,
    Read,
}

impl Sink {
    fn stdio(&self) -> Stdio {
        match self {
            Sink::ClosedPipe => {
                // The reading end is closed before dun starts, so every write fails with EPIPE.
                let (reader, writer) = std::io::pipe().unwrap();
                drop(reader);
                writer.into()
            }
            Sink::Full => std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap()
                .into(),
            Sink::Read => Stdio::piped(),
        }
    }
}

/// Runs `dun ARGS` in `dir` with its stdout and stderr going to `out` and `err`; returns
/// the exit code and what dun wrote to stderr if the test reads it.
fn run(dir: &Path, args: &[&str], out: Sink, err: Sink) -> (Option<i32>, String) {
    let (mut command, _home) = dun_command(dir, args);
    command.stdout(out.stdio()).stderr(err.stdio());
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn closed_pipes_end_a_run_quietly() {
    let repo = example_copy();
    for args in [
        &["-v", "status", "--date", "2026-11-23"][..],
        &["-v", "status", "--format", "json", "--date", "2026-11-23"],
        &["check"],
        &["explain", "2025-014", "--date", "2026-11-23"],
        &["customers", "--date", "2026-11-23"],
        &["rates"],
    ] {
        for (out, err) in [
            (Sink::Read, Sink::ClosedPipe),
            (Sink::ClosedPipe, Sink::ClosedPipe),
            (Sink::ClosedPipe, Sink::Read),
        ] {
            let (code, stderr) = run(repo.path(), args, out, err);
            assert!(
                matches!(code, Some(0 | 1)),
                "dun {args:?}: exit {code:?} (a panic is 101), stderr: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "dun {args:?}: {stderr}");
        }
    }
}

#[test]
fn a_full_disk_is_an_error() {
    let repo = example_copy();
    for args in [
        &["explain", "2025-014", "--date", "2026-11-23"][..],
        &["status", "--date", "2026-11-23"],
    ] {
        let (code, stderr) = run(repo.path(), args, Sink::Full, Sink::Read);
        assert_eq!(code, Some(2), "dun {args:?}: stderr: {stderr}");
        assert!(stderr.contains("No space left on device"), "dun {args:?}: {stderr}");
    }
}
