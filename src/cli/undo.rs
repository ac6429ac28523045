//! `dun undo`: revert the last commit dun made (run, done, send, import) as a new commit,
//! when it is HEAD and the work tree is clean.

use super::{Config, Failure};
use crate::repo::revert::undo;

/// Arguments of `dun undo`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `dun undo`.
pub fn run(config: &Config, _args: &Args) -> Result<(), Failure> {
    let repo = config.git_repo("`dun undo`")?;
    let lock = config.lock("dun undo")?;
    let usage = |e: crate::repo::GitError| Failure::Usage(e.to_string());
    let sig = crate::repo::signature(&repo).map_err(usage)?;
    let done = undo(&repo, &sig).map_err(usage)?;
    drop(lock);
    if !config.quiet {
        let short = crate::repo::revert::short_id;
        println!(
            "reverted {} \"{}\" in a new commit {}: the files it committed (records, letters) are as before it",
            short(done.reverted),
            done.summary,
            short(done.commit)
        );
        println!("letters already posted or e-mailed are not taken back: `dun log` keeps both commits");
    }
    Ok(())
}
