//! `dun status`: what is open, how late, at which stage, what happens next and when.

use std::io::{IsTerminal, Write};

use super::{Config, Failure};
use crate::status::{render, write_json, Filter, Format, Report};

/// Arguments of `dun status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Only this customer
    #[arg(long, value_name = "ID")]
    customer: Option<String>,
    /// Include paid, written-off and handed-over invoices
    #[arg(long)]
    all: bool,
    /// A name written without `--customer` (a usage error with the way to write it)
    #[arg(hide = true)]
    name: Option<String>,
    #[command(flatten)]
    pub(super) at: super::AtArg,
}

/// Runs `dun status`. Data errors are reported and nothing is rendered (exit 1): a status
/// built on a journal that does not check would be wrong in ways nobody can see.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let project = config.open()?;
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal has errors (see above); fix them and run `dun status` again");
        return Err(Failure::Data);
    }
    if let Some(name) = &args.name {
        return Err(Failure::Usage(crate::lookup::status_argument(&project.book, name)));
    }
    if let Some(c) = &args.customer {
        if project.book.customer_id(c).is_none() {
            return Err(Failure::Usage(crate::lookup::unknown_customer(&project.book, c)));
        }
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
    // A customer whose open claims pass its `credit-limit:` (W120), with the invoice that
    // took it past.
    let only = args.customer.as_deref().and_then(|c| project.book.customer_id(c));
    config.report(
        &crate::customers::credit_warnings(&project.book, &plan, only),
        &project.sources,
    );
    let filter = Filter {
        customer: args.customer.clone(),
        all: args.all,
    };
    let start = std::time::Instant::now();
    let report = Report::new(&project.book, &project.rules, &plan, &filter);
    let built = start.elapsed();
    // The report owns what it prints: the model and plan are freed on another core while
    // this one renders (freeing a million-invoice model took as long as rendering it). If no
    // thread can be started, the refused closure, and with it both, is dropped right here.
    let _ = std::thread::Builder::new().spawn(move || drop((plan, project)));
    let mut stdout = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => write_json(&report, &mut stdout),
        format => {
            let color = config.color_for(std::io::stdout().is_terminal());
            stdout.write_all(render(&report, format, color).as_bytes())
        }
    };
    if config.verbose {
        eprintln!(
            "dun: report of {} invoices in {:.3} s, rendered in {:.3} s",
            report.invoices.len(),
            built.as_secs_f64(),
            (start.elapsed() - built).as_secs_f64()
        );
    }
    match written {
        Ok(()) => Ok(()),
        // `dun status | head` closes the pipe early: that is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Usage(format!("cannot write the report: {e}"))),
    }
}
