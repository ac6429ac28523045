//! `dun import [--dry-run] [--no-commit] [--allow-dirty] FILE...`: bank statements in
//! (see [`crate::import`]).

use std::path::PathBuf;

use super::{Context, Line};
use crate::error::{Error, Then};
use crate::import::record::Outcome;
use crate::import::{Decision, Options};

/// Options of `dun import`.
#[derive(Debug, clap::Args)]
pub struct ImportOptions {
    /// Statement files: camt.053 XML, CODA, MT940, or a bank's CSV export (the format is
    /// read from the content)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show what would be recorded and why each line matched; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Record the entries but make no git commit
    #[arg(long)]
    pub no_commit: bool,
    /// Import even if the journal's files have uncommitted changes
    #[arg(long)]
    pub allow_dirty: bool,
}

/// What `dun import` did, and the same for people.
#[derive(Debug)]
pub struct Imported {
    /// Every statement line and what became of it.
    pub outcome: Outcome,
    /// The summary, line by line.
    pub summary: String,
}

/// Reads the statements, matches every line and records the entries (one commit), under
/// the writers' lock; with `--dry-run` writes nothing.
pub fn import(ctx: &Context, opts: &ImportOptions) -> Result<Imported, Error> {
    let lock = match opts.dry_run {
        true => None,
        false => Some(ctx.lock("dun import")?),
    };
    let project = ctx.open_valid(Then::NothingImported)?;
    let options = Options {
        files: opts.files.clone(),
        dry_run: opts.dry_run,
        commit: !opts.no_commit,
        allow_dirty: opts.allow_dirty,
        journal: ctx.journal()?.to_path_buf(),
        write_root: ctx.write_root(),
    };
    let repo = ctx.repo();
    if repo.is_none() && !opts.dry_run && !opts.no_commit {
        ctx.say(Line::Note(
            "the journal is not in a git repository: the entries are written but not committed",
        ));
    }
    let outcome = crate::import::import(&project, repo, &options).map_err(Error::Import)?;
    drop(lock);
    if ctx.verbose {
        let stages: Vec<String> = outcome
            .timings
            .iter()
            .map(|(stage, t)| format!("{stage} {:.3}", t.as_secs_f64()))
            .collect();
        let lines = outcome.lines().count();
        ctx.say(Line::Verbose(&format!(
            "imported {lines} statement lines ({})",
            stages.join(", ")
        )));
    }
    for n in &outcome.notes {
        ctx.say(Line::Note(n));
    }
    let summary = summary(&project.book, &outcome, opts.dry_run);
    Ok(Imported { outcome, summary })
}

/// What the import did, line by line.
pub fn summary(book: &crate::book::Book, o: &Outcome, dry_run: bool) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let skipped = o.lines().filter(|p| !p.decision.records()).count();
    let mut out = format!(
        "dun import: {}, {} to review, {} skipped{}\n",
        plural(o.payments, "payment"),
        o.unmatched,
        skipped,
        match (dry_run, o.written, o.committed) {
            (true, _, _) => " (dry run: nothing written)".to_string(),
            (_, true, true) => format!(" -> {}, committed", o.target.display()),
            (_, true, false) => format!(" -> {}", o.target.display()),
            _ => String::new(),
        }
    );
    for s in &o.statements {
        let st = &s.statement;
        out.push_str(&format!(
            "\n{} ({}{})\n",
            st.file.display(),
            st.format.name(),
            st.account.as_deref().map_or(String::new(), |a| format!(", {a}"))
        ));
        for p in &s.placed {
            let l = &p.line;
            let what = match &p.decision {
                Decision::Payment(m) => {
                    let numbers: Vec<&str> = m.invoices.iter().map(|i| book.invoice(*i).number.as_str()).collect();
                    let to = if numbers.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", numbers.join(" "))
                    };
                    format!("payment {}{to} ({})", book.customer(m.customer).id, m.how.as_str())
                }
                Decision::Reversal { customer, .. } => format!("reversal {}", book.customer(*customer).id),
                Decision::Unmatched => "unmatched".into(),
                Decision::Skip(_) => "skipped".into(),
            };
            let sign = if l.direction == crate::import::Direction::Out {
                "-"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {}  {sign}{} {}  {}  {what}: {}\n",
                l.date,
                l.currency.format(l.amount),
                l.currency,
                l.bank_id,
                p.why
            ));
        }
    }
    out
}
