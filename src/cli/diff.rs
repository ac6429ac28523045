//! `dun diff REV [REV]`: how the status changed between two revisions (the second defaults
//! to the working tree), each evaluated as of its commit's date (the date a dun commit names,
//! else the commit's own; the working tree as of today, or HEAD's date when later) unless
//! `--date` or `--date-from`/`--date-to` say otherwise.

use chrono::NaiveDate;

use super::{parse_date, Config, Failure};
use crate::load::{Files, FsFiles};
use crate::plan::{evaluate, Plan};
use crate::project::Project;
use crate::repo::diff_render::{render_json, render_text};
use crate::repo::revert::{rev_date, work_tree_date};
use crate::repo::status_diff::{diff, Side};

/// Arguments of `dun diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old revision
    from: String,
    /// The new revision [default: the working tree]
    to: Option<String>,
    /// Evaluate the old side as of this date [default: --date, else its commit's date]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date_from: Option<NaiveDate>,
    /// Evaluate the new side as of this date [default: --date, else its commit's date, the
    /// working tree as of today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date_to: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    format: DiffFormat,
}

/// Output formats of `dun diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// Sections of aligned text.
    Table,
    /// The same as JSON.
    Json,
}

/// Runs `dun diff`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let repo = config.git_repo("`dun diff`")?;
    let old_files = config.files_at(&args.from)?;
    let date_to = side_date(config, &repo, args.date_to, args.to.as_deref())?;
    let mut date_from = side_date(config, &repo, args.date_from, Some(&args.from))?;
    if args.date_from.is_none() && !config.date_given {
        // The old side as of no later than the new one: after a run dated in the past, both
        // sides as of the run's date show what it sent.
        date_from = date_from.min(date_to);
    }
    let old = side(config, &old_files, &args.from, date_from)?;
    let to_label = args.to.clone().unwrap_or_else(|| "working tree".into());
    let new = match &args.to {
        Some(rev) => side(config, &config.files_at(rev)?, rev, date_to)?,
        None => side(config, &FsFiles, &to_label, date_to)?,
    };
    config.report(&carried_forward(&old.1, &new.1), &new.0.sources);
    let d = diff(
        Side {
            label: &args.from,
            book: &old.0.book,
            plan: &old.1,
        },
        Side {
            label: &to_label,
            book: &new.0.book,
            plan: &new.1,
        },
    );
    match args.format {
        DiffFormat::Table => print!("{}", render_text(&d)),
        DiffFormat::Json => print!("{}", render_json(&d)),
    }
    Ok(())
}

/// The date a side is evaluated as of: its own flag, else `--date`, else the date its commit
/// is about (the working tree: today, or HEAD's date when later).
fn side_date(
    config: &Config,
    repo: &git2::Repository,
    flag: Option<NaiveDate>,
    rev: Option<&str>,
) -> Result<NaiveDate, Failure> {
    if let Some(date) = flag.or(config.date_given.then_some(config.date)) {
        return Ok(date);
    }
    match rev {
        Some(rev) => rev_date(repo, rev).map_err(|e| Failure::Usage(e.to_string())),
        None => Ok(work_tree_date(repo, config.date)),
    }
}

/// One side, opened and evaluated; its problems are reported, and errors stop the diff.
fn side(config: &Config, files: &dyn Files, label: &str, date: NaiveDate) -> Result<(Project, Plan), Failure> {
    let project = Project::open(files, &config.paths()?)?;
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal at {label} has errors (see above); no diff is shown rather than a wrong one");
        return Err(Failure::Data);
    }
    let plan = evaluate(&project.book, &project.rules, &project.rates, date);
    // Rates carried forward are reported once for both sides (see `carried_forward`).
    let rest: Vec<_> = plan
        .diagnostics
        .iter()
        .filter(|d| !is_carried_forward(d))
        .cloned()
        .collect();
    config.report(&rest, &project.sources);
    if plan.diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
        eprintln!("error: cannot evaluate the journal at {label} as of {date} (see above)");
        return Err(Failure::Data);
    }
    Ok((project, plan))
}

fn is_carried_forward(d: &crate::diag::Diagnostic) -> bool {
    d.code == crate::diag::Code::ProvisionalRate
}

/// The warnings of rates carried forward past their tables, of both sides, each once: the
/// diff is one command, and both sides usually share the tables.
fn carried_forward(old: &Plan, new: &Plan) -> Vec<crate::diag::Diagnostic> {
    let mut out: Vec<crate::diag::Diagnostic> = Vec::new();
    for d in old
        .diagnostics
        .iter()
        .chain(&new.diagnostics)
        .filter(|d| is_carried_forward(d))
    {
        if !out.iter().any(|o| o.message == d.message) {
            out.push(d.clone());
        }
    }
    out
}
