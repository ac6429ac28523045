//! `dun status`: what is open, how late, at which stage, what happens next and when.

use super::{Context, Line};
use crate::dashboard::Dashboard;
use crate::error::{Error, Then};
use crate::status::{Filter, Format, Report};

/// Options of `dun status`.
#[derive(Debug, clap::Args)]
pub struct StatusOptions {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Only this customer
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
    /// Include paid, written-off and handed-over invoices
    #[arg(long)]
    pub all: bool,
    /// A name written without `--customer` (a usage error with the way to write it)
    #[arg(hide = true)]
    pub name: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)] // the help is on the flattened `--at`
    pub at: super::AtArg,
}

/// The evaluated project a status report is made of: [`Status::report`] borrows it. The
/// book's payments and the plan's splits are gone: only the evaluation needed them.
pub struct Status {
    project: crate::project::Project,
    plan: crate::plan::Plan,
    filter: Filter,
}

/// The project evaluated as of `--date`, ready for its report. Data errors are reported
/// and nothing is evaluated: a status built on a journal that does not check would be
/// wrong in ways nobody can see.
pub fn status(ctx: &Context, opts: &StatusOptions) -> Result<Status, Error> {
    let (mut project, mut plan) = evaluated(ctx, opts)?;
    // Freed on another core while the report is made, which can take their room (a million
    // invoices' payments and splits are 200 MB).
    crate::par::drop_elsewhere((
        std::mem::take(&mut project.book.payments),
        std::mem::take(&mut plan.splits),
    ));
    let filter = Filter {
        customer: opts.customer.clone(),
        all: opts.all,
    };
    Ok(Status { project, plan, filter })
}

impl Status {
    /// The report: it borrows the book and plan, whose invoices it shows as they are.
    pub fn report(&self) -> Report<'_> {
        Report::new(&self.project.book, &self.project.rules, &self.plan, &self.filter)
    }
}

/// `dun status --format html`: the book at a glance as of `--date` (see [`crate::dashboard`]).
pub fn dashboard(ctx: &Context, opts: &StatusOptions) -> Result<Dashboard, Error> {
    let (project, plan) = evaluated(ctx, opts)?;
    let options = crate::dashboard::Options {
        customer: opts.customer.clone(),
        all: opts.all,
    };
    let start = std::time::Instant::now();
    let dashboard = crate::dashboard::build(&project.book, &project.rules, &project.rates, &plan, &options).map_err(
        |e| match e {
            crate::customers::Error::UnknownCustomer(u) => Error::Unknown(u),
        },
    )?;
    if ctx.verbose {
        ctx.say(Line::Verbose(&format!(
            "dashboard of {} invoices in {:.3} s",
            plan.invoices.len(),
            start.elapsed().as_secs_f64()
        )));
    }
    crate::par::drop_elsewhere((plan, project));
    Ok(dashboard)
}

/// The project and its plan as of `--date`, after the checks every status format makes:
/// no report on a journal with errors, a known customer, the credit-limit warnings.
fn evaluated(ctx: &Context, opts: &StatusOptions) -> Result<(crate::project::Project, crate::plan::Plan), Error> {
    let project = ctx.open_valid(Then::RunAgain("status"))?;
    if let Some(name) = &opts.name {
        return Err(crate::lookup::status_argument(&project.book, name).into());
    }
    if let Some(c) = &opts.customer {
        if project.book.customer_id(c).is_none() {
            return Err(crate::lookup::unknown_customer(&project.book, c).into());
        }
    }
    let plan = ctx.evaluate_valid(&project, None, Then::NothingShown)?;
    // A customer whose open claims pass its `credit-limit:` (W120), with the invoice that
    // took it past.
    let only = opts.customer.as_deref().and_then(|c| project.book.customer_id(c));
    ctx.report(
        &crate::customers::credit_warnings(&project.book, &plan, only),
        &project.sources,
    );
    Ok((project, plan))
}
