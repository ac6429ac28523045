//! One commit holding exactly some files as they are in the work tree, on top of HEAD.
//!
//! The commit's tree is HEAD's tree with those files replaced, built in an in-memory index,
//! so whatever else the user has staged stays staged and out of the commit. Afterwards the
//! real index is updated for those files only; if that fails, HEAD is moved back, so a
//! failure leaves HEAD as it was.

use std::path::Path;

use git2::{Index, IndexEntry, IndexTime, Oid, Repository, Signature};

use super::GitError;

/// The commit made, or `None` when the files were already committed as they are.
pub type Committed = Option<Oid>;

/// Commits `paths` (relative to the work tree, `/`-separated) with their work-tree contents.
pub fn commit_files(
    repo: &Repository,
    sig: &Signature<'_>,
    paths: &[String],
    message: &str,
) -> Result<Committed, GitError> {
    let parent = match repo.head() {
        Ok(head) => Some(head.peel_to_commit()?),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch || e.code() == git2::ErrorCode::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let base = parent.as_ref().map(git2::Commit::tree).transpose()?;
    let tree_id = tree_with(repo, base.as_ref(), paths)?;
    if base.as_ref().is_some_and(|t| t.id() == tree_id) {
        return Ok(None);
    }
    let tree = repo.find_tree(tree_id)?;
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let old_head = parent.as_ref().map(git2::Commit::id);
    let id = repo.commit(Some("HEAD"), sig, sig, message, &tree, &parents)?;
    crate::failpoint::hit("after-commit");
    if let Err(e) = stage(repo, paths) {
        let e = e.message();
        return Err(match reset_head(repo, old_head) {
            Ok(()) => GitError(format!("cannot update the git index: {e}; the commit was undone")),
            Err(r) => GitError(format!(
                "cannot update the git index: {e}; undoing the commit failed too ({}): \
                 HEAD is {id}, it was {}",
                r.message(),
                old_head.map_or("unborn".to_string(), |o| o.to_string())
            )),
        });
    }
    Ok(Some(id))
}

/// The tree `base` (or an empty one) with `paths` set to their work-tree contents, built in
/// an in-memory index (file modes kept from `base`, else a regular file).
fn tree_with(repo: &Repository, base: Option<&git2::Tree<'_>>, paths: &[String]) -> Result<Oid, GitError> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| GitError("the repository has no work tree".into()))?;
    let mut index = Index::new()?;
    if let Some(tree) = base {
        index.read_tree(tree)?;
    }
    for path in paths {
        let bytes = std::fs::read(workdir.join(path)).map_err(|e| GitError(format!("cannot read `{path}`: {e}")))?;
        let mode = base
            .and_then(|t| t.get_path(Path::new(path)).ok())
            .map_or(0o100644, |e| e.filemode() as u32);
        let id = repo.blob(&bytes)?;
        index.add(&entry(path, id, mode, bytes.len()))?;
    }
    Ok(index.write_tree_to(repo)?)
}

/// An index entry for a blob.
fn entry(path: &str, id: Oid, mode: u32, size: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// Stages `paths` as they are in the work tree, in the repository's real index.
fn stage(repo: &Repository, paths: &[String]) -> Result<(), git2::Error> {
    let mut index = repo.index()?;
    for path in paths {
        index.add_path(Path::new(path))?;
    }
    index.write()
}

/// Points HEAD (or the branch it names) back at `old`; an unborn branch is deleted again.
pub fn reset_head(repo: &Repository, old: Option<Oid>) -> Result<(), git2::Error> {
    let head = repo.find_reference("HEAD")?;
    let Some(branch) = head.symbolic_target()?.map(str::to_string) else {
        return match old {
            Some(o) => repo.set_head_detached(o),
            None => Ok(()),
        };
    };
    match old {
        Some(o) => repo.reference(&branch, o, true, "dun run: commit undone").map(|_| ()),
        None => repo.find_reference(&branch)?.delete(),
    }
}
