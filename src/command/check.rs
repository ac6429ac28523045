//! `dun check`: every problem in the journal, and a one-line summary.

use super::Context;
use crate::diag::{count, plural};
use crate::error::Error;

/// Options of `dun check`.
#[derive(Debug, Default, clap::Args)]
pub struct CheckOptions {
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    #[allow(missing_docs)] // the help is on the flattened `--at`
    pub at: super::AtArg,
}

/// What `dun check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// `journal.dun: 3 files, 2 customers, ...; no problems`.
    pub summary: String,
}

impl Checked {
    /// Whether the check passes: no errors, and with `strict` no warnings.
    pub fn passes(&self, strict: bool) -> bool {
        self.errors == 0 && !(strict && self.warnings > 0)
    }
}

/// Checks the journal, the rules and (as of `--date`) the evaluation; every problem goes to
/// the reporter.
pub fn check(ctx: &Context) -> Result<Checked, Error> {
    let mut project = ctx.open()?;
    if !project.has_errors() {
        // Evaluate as of --date too: a rate table that ends (carried forward), or an
        // unverified rate in use (reported here and by `run`, not by every command).
        let plan = ctx.evaluate(&project, None);
        let unverified = crate::plan::unverified_rates(plan.with_ledgers().map(|(_, l)| l));
        project.diagnostics.extend(plan.diagnostics);
        project.diagnostics.extend(unverified);
    }
    ctx.report(&project.diagnostics, &project.sources);
    let (errors, warnings) = count(&project.diagnostics);
    let book = &project.book;
    let summary = format!(
        "{}: {}, {}, {}, {}, {}; {}",
        ctx.journal()?.display(),
        plural(project.sources.len(), "file", "files"),
        plural(book.customers.len(), "customer", "customers"),
        plural(book.invoices.len(), "invoice", "invoices"),
        plural(book.payments.len(), "payment or credit", "payments and credits"),
        plural(book.events.len() + book.unmatched.len(), "other entry", "other entries"),
        problems(errors, warnings),
    );
    Ok(Checked {
        errors,
        warnings,
        summary,
    })
}

fn problems(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "no problems".into(),
        _ => format!(
            "{}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ),
    }
}
