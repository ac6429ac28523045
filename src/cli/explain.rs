//! `dun explain NUMBER`: the full story of one invoice.

use super::{Config, Failure};
use crate::explain::{explain, render_text};

/// Arguments of `dun explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number
    number: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    #[command(flatten)]
    pub(super) at: super::AtArg,
}

/// Output formats of `dun explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExplainFormat {
    /// Plain words.
    Text,
    /// The same as JSON.
    Json,
}

/// Runs `dun explain`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let project = config.open()?;
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal has errors (see above); fix them and run `dun explain` again");
        return Err(Failure::Data);
    }
    let Some(id) = project.book.invoice_id(&args.number) else {
        return Err(Failure::Usage(crate::lookup::unknown_invoice(
            &project.book,
            &args.number,
        )));
    };
    let plan = config.evaluate(&project, Some(id));
    config.report(&plan.diagnostics, &project.sources);
    let e = explain(&project.book, &project.rules, &project.rates, &plan, id);
    match args.format {
        ExplainFormat::Text => print!("{}", render_text(&e)),
        ExplainFormat::Json => println!("{}", serde_json::to_string_pretty(&e).unwrap_or_default()),
    }
    Ok(())
}
