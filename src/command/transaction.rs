//! What the commands that record and commit share (`run`, `done`, `send`): the refusal when
//! the file they record in has uncommitted changes, the author checked before anything is
//! written, and writes that are all taken back when any step fails.

use std::path::Path;

use super::Context;
use crate::error::{Error, Then};
use crate::repo::committer::Committer;
use crate::repo::dirty::record_file_dirty;
use crate::write::undo::Undo;

/// Before writing to `target`: refuses when it has uncommitted changes (unless
/// `allow_dirty`), and checks that a commit can be made (unless `no_commit`, or outside git).
/// `records` says what the command does with it, `then` what a refusal leaves undone.
pub fn prepare(
    ctx: &Context,
    target: &Path,
    allow_dirty: bool,
    no_commit: bool,
    records: &'static str,
    then: Then,
) -> Result<Option<Committer>, Error> {
    let Some(repo) = ctx.repo().filter(|_| !no_commit) else {
        return Ok(None);
    };
    if !allow_dirty {
        refuse_dirty(&repo, target, records, then)?;
    }
    Committer::new(repo)
        .map(Some)
        .map_err(|error| Error::CannotCommit { error, what: "", then })
}

/// Refuses when `target` has uncommitted changes: the command's commit would take them
/// along under its own name.
pub fn refuse_dirty(repo: &git2::Repository, target: &Path, records: &'static str, then: Then) -> Result<(), Error> {
    match record_file_dirty(repo, target)? {
        None => Ok(()),
        Some((path, why)) => Err(Error::DirtyRecord {
            path,
            why: why.to_string(),
            records,
            then,
        }),
    }
}

/// Runs the write steps; if one fails, every write is taken back (files created removed,
/// files replaced given their bytes back) and the error says so.
pub fn transaction<T>(then: Then, steps: impl FnOnce(&mut Undo) -> Result<T, String>) -> Result<T, Error> {
    let mut undo = Undo::new();
    steps(&mut undo).map_err(|error| Error::RolledBack {
        error,
        then,
        undo: undo.rollback(),
    })
}
