//! `dun diff REV [REV]`: how the status changed between two revisions (the second defaults
//! to the working tree), each evaluated as of its commit's date (the date a dun commit names,
//! else the commit's own; the working tree as of today, or HEAD's date when later) unless
//! `--date` or `--date-from`/`--date-to` say otherwise.

use chrono::NaiveDate;

use super::Context;
use crate::changes::status::{diff as status_diff, Side, StatusDiff};
use crate::diag::{Code, Diagnostic};
use crate::error::{Error, Stop};
use crate::load::{Files, FsFiles};
use crate::plan::{evaluate, Plan};
use crate::project::Project;
use crate::repo::revert::{rev_date, work_tree_date};

/// Options of `dun diff`.
#[derive(Debug, clap::Args)]
pub struct DiffOptions {
    /// The old revision
    pub from: String,
    /// The new revision [default: the working tree]
    pub to: Option<String>,
    /// Evaluate the old side as of this date [default: --date, else its commit's date]
    #[arg(long, value_name = "DATE", value_parser = crate::syntax::lex::parse_date_arg)]
    pub date_from: Option<NaiveDate>,
    /// Evaluate the new side as of this date [default: --date, else its commit's date, the
    /// working tree as of today]
    #[arg(long, value_name = "DATE", value_parser = crate::syntax::lex::parse_date_arg)]
    pub date_to: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
}

/// Output formats of `dun diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Sections of aligned text.
    Table,
    /// The same as JSON.
    Json,
}

/// How the status changed between the two revisions.
pub fn diff(ctx: &Context, opts: &DiffOptions) -> Result<StatusDiff, Error> {
    let repo = ctx.git_repo("`dun diff`")?;
    let old_files = ctx.files_at(&opts.from)?;
    let date_to = side_date(ctx, &repo, opts.date_to, opts.to.as_deref())?;
    let mut date_from = side_date(ctx, &repo, opts.date_from, Some(&opts.from))?;
    if opts.date_from.is_none() && !ctx.date_given {
        // The old side as of no later than the new one: after a run dated in the past, both
        // sides as of the run's date show what it sent.
        date_from = date_from.min(date_to);
    }
    let old = side(ctx, &old_files, &opts.from, date_from)?;
    let to_label = opts.to.clone().unwrap_or_else(|| "working tree".into());
    let new = match &opts.to {
        Some(rev) => side(ctx, &ctx.files_at(rev)?, rev, date_to)?,
        None => side(ctx, &FsFiles, &to_label, date_to)?,
    };
    ctx.report(&carried_forward(&old.1, &new.1), &new.0.sources);
    Ok(status_diff(
        Side {
            label: &opts.from,
            book: &old.0.book,
            plan: &old.1,
        },
        Side {
            label: &to_label,
            book: &new.0.book,
            plan: &new.1,
        },
    ))
}

/// The date a side is evaluated as of: its own flag, else `--date`, else the date its commit
/// is about (the working tree: today, or HEAD's date when later).
fn side_date(
    ctx: &Context,
    repo: &git2::Repository,
    flag: Option<NaiveDate>,
    rev: Option<&str>,
) -> Result<NaiveDate, Error> {
    if let Some(date) = flag.or(ctx.date_given.then_some(ctx.date)) {
        return Ok(date);
    }
    match rev {
        Some(rev) => Ok(rev_date(repo, rev)?),
        None => Ok(work_tree_date(repo, ctx.date)),
    }
}

/// One side, opened and evaluated; its problems are reported, and errors stop the diff.
fn side(ctx: &Context, files: &dyn Files, label: &str, date: NaiveDate) -> Result<(Project, Plan), Error> {
    let project = Project::open(files, &ctx.paths()?)?;
    ctx.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        return Err(Error::Data(Some(Stop::InvalidAt(label.to_string()))));
    }
    let plan = evaluate(&project.book, &project.rules, &project.rates, date);
    // Rates carried forward are reported once for both sides (see `carried_forward`).
    let rest: Vec<_> = plan
        .diagnostics
        .iter()
        .filter(|d| !is_carried_forward(d))
        .cloned()
        .collect();
    ctx.report(&rest, &project.sources);
    if plan.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Data(Some(Stop::EvaluationAt(label.to_string(), date))));
    }
    Ok((project, plan))
}

fn is_carried_forward(d: &Diagnostic) -> bool {
    d.code == Code::ProvisionalRate
}

/// The warnings of rates carried forward past their tables, of both sides, each once: the
/// diff is one command, and both sides usually share the tables.
fn carried_forward(old: &Plan, new: &Plan) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
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
