//! `dun explain NUMBER`: the full story of one invoice.

use super::Context;
use crate::error::{Error, Then};
use crate::explain::Explanation;

/// Options of `dun explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainOptions {
    /// The invoice number
    pub number: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    #[command(flatten)]
    #[allow(missing_docs)] // the help is on the flattened `--at`
    pub at: super::AtArg,
}

/// Output formats of `dun explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Plain words.
    Text,
    /// The same as JSON.
    Json,
}

/// The story of invoice `number` as of `--date`.
pub fn explain(ctx: &Context, number: &str) -> Result<Explanation, Error> {
    let project = ctx.open_valid(Then::RunAgain("explain"))?;
    let id = project
        .book
        .invoice_id(number)
        .ok_or_else(|| crate::lookup::unknown_invoice(&project.book, number))?;
    let plan = ctx.evaluate(&project, Some(id));
    ctx.report(&plan.diagnostics, &project.sources);
    Ok(crate::explain::explain(
        &project.book,
        &project.rules,
        &project.rates,
        &plan,
        id,
    ))
}
