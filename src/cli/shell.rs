//! `dun completions SHELL` and `dun man`, generated from the clap definition of [`Cli`];
//! and the dynamic completion requests the scripts make (`DUN_COMPLETE=SHELL dun -- ...`).

use std::path::PathBuf;

use clap::CommandFactory;

use super::Cli;
use crate::error::Error;
use crate::project::Paths;
use crate::shell::{Shell, Values};

/// Arguments of `dun completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

/// Runs `dun completions SHELL`: the script on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<(), Error> {
    crate::shell::registration(args.shell, &mut std::io::stdout().lock()).map_err(io)
}

/// Runs `dun man`: the man page (roff) on stdout.
pub fn man() -> Result<(), Error> {
    crate::shell::man_page(Cli::command(), &mut std::io::stdout().lock()).map_err(io)
}

fn io(e: std::io::Error) -> Error {
    Error::Output(e)
}

/// The arguments completed with the journal's names.
const DYNAMIC: &[(&str, &str, Values)] = &[
    ("explain", "number", Values::Invoices),
    ("log", "subject", Values::InvoicesAndCustomers),
    ("status", "customer", Values::Customers),
    ("done", "customer", Values::Customers),
    ("done", "stage", Values::Stages),
];

/// Answers a completion request and exits, when `DUN_COMPLETE` asks for one; else returns.
pub fn complete_if_asked() {
    if std::env::var_os(crate::shell::COMPLETE_VAR).is_none() {
        return;
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let journal = crate::shell::journal_in(&args);
    let paths = move || {
        let journal: PathBuf = journal
            .clone()
            .or_else(|| std::env::var_os("DUN_JOURNAL").map(PathBuf::from))
            .or_else(super::discover_journal)?;
        let rules = std::env::var_os("DUN_RULES").map(PathBuf::from);
        Some(Paths { journal, rules })
    };
    let factory = move || crate::shell::with_journal_values(Cli::command(), DYNAMIC, paths.clone());
    clap_complete::CompleteEnv::with_factory(factory)
        .var(crate::shell::COMPLETE_VAR)
        .complete();
}
