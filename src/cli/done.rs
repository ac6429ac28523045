//! `dun done CUSTOMER STAGE`: record a task stage (e.g. the phone call) as done, and commit
//! the record as `dun run` commits its own (`--no-commit` skips it).

use std::path::Path;

use super::{Config, Failure};
use crate::book::{Book, CustomerId, InvoiceId};
use crate::plan::{policy_for, State};
use crate::repo::dirty::record_file_dirty;
use crate::repo::run_commit::RunCommit;
use crate::repo::undo::Undo;
use crate::rules::Stage;
use crate::run::record::{append, task_record};

/// Arguments of `dun done`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The customer id
    customer: String,
    /// The task stage that was done (e.g. `call`)
    stage: String,
    /// Record it but make no git commit
    #[arg(long)]
    no_commit: bool,
    /// Record and commit even if the record file has uncommitted changes (they are
    /// committed with it)
    #[arg(long)]
    allow_dirty: bool,
}

/// Runs `dun done`: every open invoice of the customer whose next stage is STAGE and due
/// by `--date` gets a `sent` record with `channel: task`, committed in a git repository.
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
        .ok_or_else(|| Failure::Usage(crate::lookup::unknown_customer(book, &args.customer)))?;
    let policy = policy_for(&project.rules, book.customer(customer))
        .ok_or_else(|| Failure::Usage(format!("customer `{}` has no policy in the rules", args.customer)))?;
    let stage = policy.stage(&args.stage).ok_or_else(|| {
        let names: Vec<&str> = policy.stages.iter().map(|s| s.name.as_str()).collect();
        let guess = crate::diag::did_you_mean(&args.stage, names.iter().copied())
            .map_or(String::new(), |g| format!("did you mean `{g}`? "));
        Failure::Usage(format!(
            "policy `{}` has no stage `{}`; {guess}its stages: {}",
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
    let invoices = due_for(book, &plan, customer, stage, config);
    if invoices.is_empty() {
        return Err(Failure::Usage(format!(
            "no invoice of `{}` is due for `{}` on {}; see `dun status --customer {}`",
            args.customer, stage.name, config.date, args.customer
        )));
    }
    let target = config.record_target(&project);
    crate::confine::confine(&target, &config.write_root()).map_err(Failure::Usage)?;
    let git = prepare_git(config, args, &target)?;
    let record = task_record(book, config.date, customer, &stage.name, &invoices);
    let numbers: Vec<&str> = invoices.iter().map(|i| book.invoice(*i).number.as_str()).collect();
    let msg = format!(
        "dun done {}: {} {} {}\n",
        config.date,
        args.customer,
        stage.name,
        numbers.join(", ")
    );
    write(&target, record, git.as_ref(), &msg)?;
    drop(lock);
    if !config.quiet {
        println!(
            "recorded `{}` for {} ({}) in {}{}",
            stage.name,
            args.customer,
            numbers.join(", "),
            target.display(),
            if git.is_some() { ", committed" } else { "" }
        );
    }
    Ok(())
}

/// The customer's open invoices whose next stage is `stage`, due by `--date`.
fn due_for(
    book: &Book,
    plan: &crate::plan::Plan,
    customer: CustomerId,
    stage: &Stage,
    config: &Config,
) -> Vec<InvoiceId> {
    plan.invoices
        .iter()
        .filter(|p| p.state == State::Open && book.invoice(p.invoice).customer == customer)
        .filter(|p| {
            p.next
                .as_ref()
                .is_some_and(|n| n.name == stage.name && n.due <= config.date)
        })
        .map(|p| p.invoice)
        .collect()
}

/// Before writing: the refusal when the record file has uncommitted changes, and the author.
fn prepare_git(config: &Config, args: &Args, target: &Path) -> Result<Option<RunCommit>, Failure> {
    let Some(repo) = config.repo().filter(|_| !args.no_commit) else {
        return Ok(None);
    };
    let usage = |e: crate::repo::GitError| Failure::Usage(e.to_string());
    if !args.allow_dirty {
        if let Some((path, why)) = record_file_dirty(&repo, target).map_err(usage)? {
            return Err(Failure::Usage(format!(
                "`{path}` ({why}) has uncommitted changes, and `dun done` records and commits in it: \
                 commit them first (or use --allow-dirty or --no-commit); nothing was recorded"
            )));
        }
    }
    RunCommit::new(repo)
        .map(Some)
        .map_err(|e| Failure::Usage(format!("cannot commit: {e}; nothing was recorded (or use --no-commit)")))
}

/// Appends the record and commits it; a failed commit gives the record file its bytes back.
fn write(
    target: &Path,
    record: crate::run::record::SentRecord,
    git: Option<&RunCommit>,
    msg: &str,
) -> Result<(), Failure> {
    let mut undo = Undo::new();
    let result = undo
        .keep(target)
        .map_err(|e| format!("cannot read `{}`: {e}", target.display()))
        .and_then(|()| append(target, &[record]).map_err(|e| e.to_string()))
        .and_then(|()| match git {
            Some(git) => git
                .commit(&[target.to_path_buf()], msg)
                .map(|_| ())
                .map_err(|e| format!("cannot commit: {e}")),
            None => Ok(()),
        });
    result.map_err(|e| {
        let mut text = format!("{e}; nothing was recorded");
        for p in undo.rollback() {
            text.push_str(&format!("\nerror: while undoing: {p}"));
        }
        Failure::Usage(text)
    })
}
