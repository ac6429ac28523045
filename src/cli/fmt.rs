//! `dun fmt`: rewrite files in the canonical layout, or with `--check` say which would change.

use std::path::PathBuf;

use super::{Config, Failure};
use crate::load::FsFiles;
use crate::project::{Paths, Project};

/// Arguments of `dun fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write nothing; exit 1 if any file would change
    #[arg(long)]
    check: bool,
    /// Files to format [default: the journal and every file it includes]
    files: Vec<PathBuf>,
}

/// Runs `dun fmt`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let _ = (
        config,
        args,
        FsFiles,
        Paths {
            journal: PathBuf::new(),
        },
    );
    let _: Option<Project> = None;
    Err(Failure::Usage("fmt is not wired yet".into()))
}
