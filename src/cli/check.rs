//! `dun check`: every problem in the journal, and a one-line summary.

use super::{Config, Failure};
use crate::diag::{count, plural};

/// Arguments of `dun check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fail on warnings too
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    pub(super) at: super::AtArg,
}

/// Runs `dun check`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let mut project = config.open()?;
    if !project.has_errors() {
        // Evaluate as of --date too: a rate table that ends (carried forward), or an
        // unverified rate in use (reported here and by `run`, not by every command).
        let plan = config.evaluate(&project, None);
        let unverified = crate::plan::unverified_rates(&plan.invoices);
        project.diagnostics.extend(plan.diagnostics);
        project.diagnostics.extend(unverified);
    }
    config.report(&project.diagnostics, &project.sources);
    let (errors, warnings) = count(&project.diagnostics);
    let book = &project.book;
    if !config.quiet || errors + warnings > 0 {
        println!(
            "{}: {}, {}, {}, {}, {}; {}",
            config.journal()?.display(),
            plural(project.sources.len(), "file", "files"),
            plural(book.customers.len(), "customer", "customers"),
            plural(book.invoices.len(), "invoice", "invoices"),
            plural(book.payments.len(), "payment or credit", "payments and credits"),
            plural(book.events.len() + book.unmatched.len(), "other entry", "other entries"),
            summary(errors, warnings),
        );
    }
    if errors > 0 || (args.strict && warnings > 0) {
        return Err(Failure::Data);
    }
    Ok(())
}

fn summary(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "no problems".into(),
        _ => format!(
            "{}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ),
    }
}
