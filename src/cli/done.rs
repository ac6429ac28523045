//! `dun done CUSTOMER STAGE`: record a task stage (e.g. the phone call) as done.

use super::{Config, Failure};
use crate::plan::{policy_for, State};
use crate::run::record::{append, task_record};

/// Arguments of `dun done`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The customer id
    customer: String,
    /// The task stage that was done (e.g. `call`)
    stage: String,
}

/// Runs `dun done`: every open invoice of the customer whose next stage is STAGE and due
/// by `--date` gets a `sent` record with `channel: task`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let lock = config.lock("dun done")?;
    let project = config.open()?;
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal has errors (see above); nothing was recorded");
        return Err(Failure::Data);
    }
    let book = &project.book;
    let customer = book
        .customer_id(&args.customer)
        .ok_or_else(|| Failure::Usage(format!("no customer `{}` in the journal", args.customer)))?;
    let policy = policy_for(&project.rules, book.customer(customer))
        .ok_or_else(|| Failure::Usage(format!("customer `{}` has no policy in the rules", args.customer)))?;
    let stage = policy.stage(&args.stage).ok_or_else(|| {
        let names: Vec<&str> = policy.stages.iter().map(|s| s.name.as_str()).collect();
        Failure::Usage(format!(
            "policy `{}` has no stage `{}`; its stages: {}",
            policy.name,
            args.stage,
            names.join(", ")
        ))
    })?;
    if !stage.is_task() {
        return Err(Failure::Usage(format!(
            "stage `{}` is a letter, not a task: `dun run` sends it",
            stage.name
        )));
    }
    let plan = config.evaluate(&project, None);
    let invoices: Vec<_> = plan
        .invoices
        .iter()
        .filter(|p| p.state == State::Open && book.invoice(p.invoice).customer == customer)
        .filter(|p| {
            p.next
                .as_ref()
                .is_some_and(|n| n.name == stage.name && n.due <= config.date)
        })
        .map(|p| p.invoice)
        .collect();
    if invoices.is_empty() {
        return Err(Failure::Usage(format!(
            "no invoice of `{}` is due for `{}` on {}; see `dun status --customer {}`",
            args.customer, stage.name, config.date, args.customer
        )));
    }
    let record = task_record(book, config.date, customer, &stage.name, &invoices);
    let target = config.record_target(&project);
    crate::confine::confine(&target, &config.write_root()).map_err(Failure::Usage)?;
    append(&target, &[record]).map_err(|e| Failure::Usage(e.to_string()))?;
    drop(lock);
    if !config.quiet {
        let numbers: Vec<&str> = invoices.iter().map(|i| book.invoice(*i).number.as_str()).collect();
        println!(
            "recorded `{}` for {} ({}) in {}",
            stage.name,
            args.customer,
            numbers.join(", "),
            target.display()
        );
    }
    Ok(())
}
