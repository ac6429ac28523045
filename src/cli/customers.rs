//! `dun customers`: payment behaviour per customer over the rules' window, and the advice
//! it leads to (see [`crate::customers`]).

use std::io::{IsTerminal, Write};

use super::{Config, Failure};
use crate::customers::{behaviour, render_table, to_csv, Options};

/// Output formats of `dun customers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for the terminal.
    Table,
    /// The JSON shape documented in docs/cli.md.
    Json,
    /// One row per customer and currency.
    Csv,
}

/// Arguments of `dun customers`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Only this customer, with its history month by month and the invoices counted
    #[arg(long, value_name = "ID")]
    customer: Option<String>,
    #[command(flatten)]
    pub(super) at: super::AtArg,
}

/// Runs `dun customers`. Like `status`, nothing is shown for a journal with errors.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let project = config.open()?;
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal has errors (see above); fix them and run `dun customers` again");
        return Err(Failure::Data);
    }
    let plan = config.evaluate(&project, None);
    config.report(&plan.diagnostics, &project.sources);
    if plan.diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
        eprintln!(
            "error: cannot evaluate as of {} (see above); nothing is shown rather than wrong figures",
            config.date
        );
        return Err(Failure::Data);
    }
    let options = Options {
        customer: args.customer.clone(),
        history: args.customer.is_some(),
    };
    let start = std::time::Instant::now();
    let b = behaviour(&project.book, &project.rules, &plan, &options).map_err(|e| Failure::Usage(e.to_string()))?;
    if config.verbose {
        eprintln!(
            "dun: behaviour of {} invoices in {:.3} s",
            plan.invoices.len(),
            start.elapsed().as_secs_f64()
        );
    }
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&b).map(|j| j + "\n").unwrap_or_default(),
        Format::Csv => to_csv(&b),
        Format::Table => {
            let color = config.color_for(std::io::stdout().is_terminal());
            render_table(&b, &project.rules.language.value, color)
        }
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Usage(format!("cannot write the report: {e}"))),
    }
}
