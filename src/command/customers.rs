//! `dun customers`: payment behaviour per customer over the rules' window, and the advice
//! it leads to (see [`crate::customers`]).

use super::{Context, Line};
use crate::customers::{behaviour, Behaviour, Options};
use crate::error::{Error, Then};

/// Output formats of `dun customers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CustomersFormat {
    /// Aligned text for the terminal.
    Table,
    /// The JSON shape documented in docs/cli.md.
    Json,
    /// One row per customer and currency.
    Csv,
}

/// Options of `dun customers`.
#[derive(Debug, clap::Args)]
pub struct CustomersOptions {
    /// Output format
    #[arg(long, value_enum, default_value_t = CustomersFormat::Table)]
    pub format: CustomersFormat,
    /// Only this customer, with its history month by month and the invoices counted
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
    #[allow(missing_docs)] // the help is on the flattened `--at`
    #[command(flatten)]
    pub at: super::AtArg,
}

/// The behaviour as of `--date`, and the language of the rules (for the reasons shown).
/// Like `status`, nothing is shown for a journal with errors.
pub fn customers(ctx: &Context, opts: &CustomersOptions) -> Result<(Behaviour, String), Error> {
    let project = ctx.open_valid(Then::RunAgain("customers"))?;
    let plan = ctx.evaluate_valid(&project, None, Then::NothingShown)?;
    let options = Options {
        customer: opts.customer.clone(),
        history: opts.customer.is_some(),
    };
    let start = std::time::Instant::now();
    let b = behaviour(&project.book, &project.rules, &plan, &options).map_err(|e| match e {
        crate::customers::Error::UnknownCustomer(u) => Error::Unknown(u),
    })?;
    if ctx.verbose {
        ctx.say(Line::Verbose(&format!(
            "behaviour of {} invoices in {:.3} s",
            plan.invoices.len(),
            start.elapsed().as_secs_f64()
        )));
    }
    Ok((b, project.rules.language.value.to_string()))
}
