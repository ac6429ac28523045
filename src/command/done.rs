//! `dun done CUSTOMER STAGE`: record a task stage (e.g. the phone call) as done, and commit
//! the record as `dun run` commits its own (`--no-commit` skips it).

use std::path::PathBuf;

use super::{transaction, Context};
use crate::book::{Book, CustomerId, InvoiceId};
use crate::error::{Error, Then};
use crate::plan::{policy_for, State};
use crate::record::{append, task_record};
use crate::rules::Stage;

/// Options of `dun done`.
#[derive(Debug, clap::Args)]
pub struct DoneOptions {
    /// The customer id
    pub customer: String,
    /// The task stage that was done (e.g. `call`)
    pub stage: String,
    /// Record it but make no git commit
    #[arg(long)]
    pub no_commit: bool,
    /// Record and commit even if the record file has uncommitted changes (they are
    /// committed with it)
    #[arg(long)]
    pub allow_dirty: bool,
}

/// What `dun done` recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The stage.
    pub stage: String,
    /// The invoices it was recorded for.
    pub invoices: Vec<String>,
    /// The file the record went to.
    pub target: PathBuf,
    /// Whether it was committed.
    pub committed: bool,
}

/// Records the task: every open invoice of the customer whose next stage is STAGE and due
/// by `--date` gets a `sent` record with `channel: task`, committed in a git repository.
pub fn done(ctx: &Context, opts: &DoneOptions) -> Result<Done, Error> {
    let lock = ctx.lock("dun done")?;
    let project = ctx.open_valid(Then::NothingRecorded)?;
    let book = &project.book;
    let customer = book
        .customer_id(&opts.customer)
        .ok_or_else(|| crate::lookup::unknown_customer(book, &opts.customer))?;
    let policy =
        policy_for(&project.rules, book.customer(customer)).ok_or_else(|| Error::NoPolicy(opts.customer.clone()))?;
    let stage = policy.stage(&opts.stage).ok_or_else(|| {
        let names: Vec<String> = policy.stages.iter().map(|s| s.name.to_string()).collect();
        Error::NoStage {
            policy: policy.name.to_string(),
            stage: opts.stage.clone(),
            guess: crate::diag::did_you_mean(&opts.stage, names.iter().map(String::as_str)).map(str::to_string),
            stages: names,
        }
    })?;
    if !stage.is_task() {
        return Err(Error::NotATask(stage.name.to_string()));
    }
    let plan = ctx.evaluate(&project, None);
    let invoices = due_for(book, &plan, customer, stage, ctx);
    if invoices.is_empty() {
        return Err(Error::NothingDue {
            customer: opts.customer.clone(),
            stage: stage.name.to_string(),
            date: ctx.date,
        });
    }
    let target = ctx.record_target(&project);
    crate::confine::confine(&target, &ctx.write_root()).map_err(Error::Confined)?;
    let then = Then::NothingRecorded;
    let git = transaction::prepare(
        ctx,
        &target,
        opts.allow_dirty,
        opts.no_commit,
        "`dun done` records and commits in it",
        then,
    )?;
    let record = task_record(book, ctx.date, customer, &stage.name, &invoices);
    let numbers: Vec<String> = invoices.iter().map(|i| book.invoice(*i).number.to_string()).collect();
    let msg = format!(
        "dun done {}: {} {} {}\n",
        ctx.date,
        opts.customer,
        stage.name,
        numbers.join(", ")
    );
    transaction::transaction(then, |undo| {
        undo.keep(&target)
            .map_err(|e| format!("cannot read `{}`: {e}", target.display()))?;
        append(&target, &[record]).map_err(|e| e.to_string())?;
        if let Some(git) = &git {
            git.commit(std::slice::from_ref(&target), &msg)
                .map_err(|e| format!("cannot commit: {e}"))?;
        }
        Ok(())
    })?;
    drop(lock);
    Ok(Done {
        stage: stage.name.to_string(),
        invoices: numbers,
        committed: git.is_some(),
        target,
    })
}

/// The customer's open invoices whose next stage is `stage`, due by `--date`.
fn due_for(
    book: &Book,
    plan: &crate::plan::Plan,
    customer: CustomerId,
    stage: &Stage,
    ctx: &Context,
) -> Vec<InvoiceId> {
    plan.invoices
        .iter()
        .filter(|p| p.state == State::Open && book.invoice(p.invoice).customer == customer)
        .filter(|p| {
            p.next
                .as_ref()
                .is_some_and(|n| n.name == stage.name && n.due <= ctx.date)
        })
        .map(|p| p.invoice)
        .collect()
}
