//! `dun lsp`: the Language Server, on standard input and output.

use super::{Config, Failure};

/// Arguments of `dun lsp` (none: the editor talks to it).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `dun lsp`. `-f`/`-r` pin every document to one project; `--date` fixes the
/// evaluation date (else today).
pub fn run(config: &Config, _args: &Args) -> Result<(), Failure> {
    let paths = match config.journal_given {
        true => Some(config.paths()?),
        false => None,
    };
    let options = crate::lsp::Options {
        paths,
        date: config.date_given.then_some(config.date),
    };
    crate::lsp::run_stdio(&options).map_err(|e| Failure::Usage(e.to_string()))
}
