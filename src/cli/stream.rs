//! Writing the command line's lines to stdout and stderr without `print!`'s panic: a closed
//! pipe (`dun status -v 2>&1 | head -1`) is not a failure, and any other write error is
//! remembered so that the run still ends with an error code.

use std::fmt::Arguments;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when a write to stdout failed other than by a closed pipe.
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes `args` to stdout.
pub(super) fn write_out(args: Arguments<'_>) {
    match std::io::stdout().lock().write_fmt(args) {
        // Told once: the later lines would fail the same way.
        Err(e) if e.kind() != ErrorKind::BrokenPipe && !STDOUT_FAILED.swap(true, Ordering::Relaxed) => {
            write_err(format_args!("error: cannot write the output: {e}\n"));
        }
        _ => {}
    }
}

/// Writes `args` to stderr; a failure there has nowhere to be told.
pub(super) fn write_err(args: Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// Whether a write to stdout failed (other than by a closed pipe).
pub(super) fn stdout_failed() -> bool {
    STDOUT_FAILED.load(Ordering::Relaxed)
}

/// `print!` through [`write_out`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::stream::write_out(format_args!($($arg)*)) };
}

/// `println!` through [`write_out`].
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::stream::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` through [`write_err`].
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::stream::write_err(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(super) use {errln, out, outln};
