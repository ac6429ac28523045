//! `dun import [--dry-run] [--no-commit] [--allow-dirty] FILE...`: bank statements in
//! (see [`crate::import`]); this file only parses, calls and prints.

use std::path::PathBuf;

use super::{Config, Failure};
use crate::import::record::Outcome;
use crate::import::{import, Decision, Options};

/// Arguments of `dun import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Statement files: camt.053 XML, CODA, MT940, or a bank's CSV export (the format is
    /// read from the content)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Show what would be recorded and why each line matched; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Record the entries but make no git commit
    #[arg(long)]
    no_commit: bool,
    /// Import even if the journal's files have uncommitted changes
    #[arg(long)]
    allow_dirty: bool,
}

/// Runs `dun import`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let lock = match args.dry_run {
        true => None,
        false => Some(config.lock("dun import")?),
    };
    let project = config.open()?;
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal has errors (see above); nothing was imported");
        return Err(Failure::Data);
    }
    let opts = Options {
        files: args.files.clone(),
        dry_run: args.dry_run,
        commit: !args.no_commit,
        allow_dirty: args.allow_dirty,
        journal: config.journal()?.to_path_buf(),
        write_root: config.write_root(),
    };
    let repo = config.repo();
    if repo.is_none() && !args.dry_run && !args.no_commit {
        eprintln!("note: the journal is not in a git repository: the entries are written but not committed");
    }
    let outcome = import(&project, repo, &opts).map_err(|e| Failure::Usage(e.to_string()))?;
    drop(lock);
    if config.verbose {
        let stages: Vec<String> = outcome
            .timings
            .iter()
            .map(|(stage, t)| format!("{stage} {:.3}", t.as_secs_f64()))
            .collect();
        let lines = outcome.lines().count();
        eprintln!("dun: imported {lines} statement lines ({})", stages.join(", "));
    }
    for n in &outcome.notes {
        eprintln!("note: {n}");
    }
    if !config.quiet || args.dry_run {
        print!("{}", summary(&project.book, &outcome, args.dry_run));
    }
    Ok(())
}

/// What the import did, line by line.
fn summary(book: &crate::book::Book, o: &Outcome, dry_run: bool) -> String {
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
