//! `dun undo`: revert the last commit dun made (run, done, send, import) as a new commit,
//! when it is HEAD and the work tree is clean.

use super::Context;
use crate::error::Error;
use crate::repo::revert::Undone;

/// Reverts the last commit dun made, under the writers' lock.
pub fn undo(ctx: &Context) -> Result<Undone, Error> {
    let repo = ctx.git_repo("`dun undo`")?;
    let lock = ctx.lock("dun undo")?;
    let sig = crate::repo::signature(&repo)?;
    let done = crate::repo::revert::undo(&repo, &sig)?;
    drop(lock);
    Ok(done)
}
