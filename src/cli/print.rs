//! How the command line shows outcomes: reports on stdout, diagnostics and notes on stderr.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use super::stream::{errln, out, outln};
use super::Show;
use crate::command::check::Checked;
use crate::command::diff::DiffFormat;
use crate::command::done::Done;
use crate::command::explain::ExplainFormat;
use crate::command::fmt::Formatted;
use crate::command::log::{Log, LogFormat};
use crate::command::rates::RatesFormat;
use crate::command::send::Sent;
use crate::command::{Line, Reporter};
use crate::diag::{render_all, Diagnostic, RenderOptions};
use crate::error::Error;
use crate::source::SourceMap;

/// At most this many diagnostics are printed; the rest are counted.
const MAX_SHOWN: usize = 200;

/// The command line's reporter: diagnostics and notes on stderr, progress on stdout.
pub(super) struct Stderr {
    /// Colour on stderr.
    pub color: bool,
    /// `-q`: no progress lines.
    pub quiet: bool,
    /// `-v`: timings.
    pub verbose: bool,
}

impl Reporter for Stderr {
    fn diagnostics(&self, diags: &[Diagnostic], sources: &SourceMap) {
        let text = render_all(diags, sources, RenderOptions { color: self.color }, MAX_SHOWN);
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    fn say(&self, line: Line<'_>) {
        match line {
            Line::Note(t) => errln!("note: {t}"),
            Line::Warning(t) => errln!("warning: {t}"),
            Line::Error(t) => errln!("error: {t}"),
            Line::Progress(t) if !self.quiet => outln!("{t}"),
            Line::Progress(_) => {}
            Line::Output(t) => out!("{t}"),
            Line::Verbose(t) if self.verbose => errln!("dun: {t}"),
            Line::Verbose(_) => {}
        }
    }
}

/// `dun init`.
pub(super) fn init(dir: &Path, show: Show) -> ExitCode {
    if !show.quiet {
        outln!("Created a dunning repo in {}:", dir.display());
        for (path, _) in crate::command::init::FILES {
            outln!("  {path}");
        }
        outln!("Next: edit journal.dun and rules.dun (your own details in `sender`), then run `dun check`.");
    }
    ExitCode::SUCCESS
}

/// `dun check`: the summary line (with `-q` only when there are problems); exit 1 when it fails.
pub(super) fn check(c: &Checked, strict: bool, show: Show) -> ExitCode {
    if !show.quiet || c.errors + c.warnings > 0 {
        outln!("{}", c.summary);
    }
    exit(c.passes(strict))
}

/// `dun fmt`: the files changed; with `--check` exit 1 when any would change.
pub(super) fn fmt(f: &Formatted, check: bool, show: Show) -> ExitCode {
    for path in &f.changed {
        match check {
            true => outln!("would reformat {}", path.display()),
            false if !show.quiet => outln!("formatted {}", path.display()),
            false => {}
        }
    }
    exit(!check || f.changed.is_empty())
}

/// `dun status`: the report in its format, written as it is made. A closed pipe
/// (`dun status | head`) is not a failure.
pub(super) fn status(
    ctx: &crate::command::Context,
    status: crate::command::status::Status,
    format: crate::status::Format,
    show: Show,
) -> Result<(), Error> {
    let start = std::time::Instant::now();
    let report = status.report();
    let color = show.color_for(std::io::stdout().is_terminal());
    let written = crate::status::write(&report, format, color, &mut std::io::stdout().lock());
    if ctx.verbose {
        ctx.say(Line::Verbose(&format!(
            "report of {} invoices in {:.3} s",
            report.invoices.len(),
            start.elapsed().as_secs_f64()
        )));
    }
    left_to_exit(report);
    left_to_exit(status);
    broken_pipe_is_fine(written)
}

/// Leaves `value` to the end of the process, which comes right after the command's output:
/// the system takes back its pages at once, where freeing its records one by one handed
/// them back in pieces first (at 100k invoices, 1-7% of a `status` run).
fn left_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// `dun status --format html`: the dashboard page.
pub(super) fn dashboard(d: &crate::dashboard::Dashboard) -> Result<(), Error> {
    write_stdout(crate::dashboard::render(d).as_bytes())
}

/// Writes a report to stdout.
fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    broken_pipe_is_fine(std::io::stdout().lock().write_all(bytes))
}

/// A closed pipe (`dun status | head`) is not a failure.
fn broken_pipe_is_fine(written: std::io::Result<()>) -> Result<(), Error> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}

/// `dun customers`: the behaviour in its format.
pub(super) fn customers(
    b: &crate::customers::Behaviour,
    language: &str,
    format: crate::command::customers::CustomersFormat,
    show: Show,
) -> Result<(), Error> {
    use crate::command::customers::CustomersFormat;
    let text = match format {
        CustomersFormat::Json => serde_json::to_string_pretty(b).map(|j| j + "\n").unwrap_or_default(),
        CustomersFormat::Csv => crate::customers::to_csv(b),
        CustomersFormat::Table => {
            crate::customers::render_table(b, language, show.color_for(std::io::stdout().is_terminal()))
        }
    };
    write_stdout(text.as_bytes())
}

/// `dun import`: the summary (always with `--dry-run`).
pub(super) fn import(i: &crate::command::import::Imported, dry_run: bool, show: Show) -> ExitCode {
    if !show.quiet || dry_run {
        out!("{}", i.summary);
    }
    ExitCode::SUCCESS
}

/// `dun explain`.
pub(super) fn explain(e: &crate::explain::Explanation, format: ExplainFormat) -> ExitCode {
    match format {
        ExplainFormat::Text => out!("{}", crate::explain::render_text(e)),
        ExplainFormat::Json => outln!("{}", serde_json::to_string_pretty(e).unwrap_or_default()),
    }
    ExitCode::SUCCESS
}

/// `dun done`.
pub(super) fn done(d: &Done, customer: &str, show: Show) -> ExitCode {
    if !show.quiet {
        outln!(
            "recorded `{}` for {customer} ({}) in {}{}",
            d.stage,
            d.invoices.join(", "),
            d.target.display(),
            if d.committed { ", committed" } else { "" }
        );
    }
    ExitCode::SUCCESS
}

/// `dun send`: with nothing delivered, the e-mails pending (the deliveries were shown as they went).
pub(super) fn send(s: &Sent, show: Show) -> ExitCode {
    if s.delivered == 0 && !show.quiet {
        let n = s.pending.len();
        outln!("dun send: {n} e-mail{} pending", if n == 1 { "" } else { "s" });
        for p in &s.pending {
            outln!("  {}  {}  {}  ({})", p.date, p.customer, p.path, p.stages.join(", "));
        }
    }
    ExitCode::SUCCESS
}

/// `dun log`.
pub(super) fn log(l: &Log, subject: &str, format: LogFormat) -> ExitCode {
    use crate::repo::log_render::{render_json, render_text};
    match format {
        LogFormat::Text if l.commits.is_empty() => errln!("note: no commit changed an entry about `{subject}`"),
        LogFormat::Text => out!("{}", render_text(&l.commits)),
        LogFormat::Json => out!("{}", render_json(subject, l.kind.as_str(), &l.commits)),
    }
    ExitCode::SUCCESS
}

/// `dun diff`.
pub(super) fn diff(d: &crate::changes::status::StatusDiff, format: DiffFormat) -> ExitCode {
    use crate::changes::render::{render_json, render_text};
    match format {
        DiffFormat::Table => out!("{}", render_text(d)),
        DiffFormat::Json => out!("{}", render_json(d)),
    }
    ExitCode::SUCCESS
}

/// `dun rates`.
pub(super) fn rates(shown: &[crate::interest::shown::SchemeRates], format: RatesFormat) -> ExitCode {
    use crate::interest::shown::{render_json, render_text};
    match format {
        RatesFormat::Table => out!("{}", render_text(shown)),
        RatesFormat::Json => out!("{}", render_json(shown)),
    }
    ExitCode::SUCCESS
}

/// `dun undo`.
pub(super) fn undo(u: &crate::repo::revert::Undone, show: Show) -> ExitCode {
    if !show.quiet {
        let short = crate::repo::revert::short_id;
        outln!(
            "reverted {} \"{}\" in a new commit {}: the files it committed (records, letters) are as before it",
            short(u.reverted),
            u.summary,
            short(u.commit)
        );
        outln!("letters already posted or e-mailed are not taken back: `dun log` keeps both commits");
    }
    ExitCode::SUCCESS
}

/// 0 when `ok`, else 1 (problems in the data).
fn exit(ok: bool) -> ExitCode {
    match ok {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    }
}
