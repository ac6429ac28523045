//! Git as the audit trail (via `git2`, never by shelling out).
//!
//! - [`discover`]: the repository a journal lives in, and user paths inside its work tree;
//! - [`files`]: [`GitFiles`], the files of a revision, so every command can run `--at REV`;
//! - [`dirty`]: which inputs of a run have uncommitted changes;
//! - [`commit`] and [`committer`]: the one commit a command makes of what it recorded;
//! - [`history`] and [`log_render`]: `dun log`, the entry-level history of an invoice or
//!   customer (the entries compared by [`crate::changes`]);
//! - [`revert`]: `dun undo`, and the dates dun commits are about; [`upstream`]: whether the
//!   branch is behind.

pub mod commit;
pub mod committer;
pub mod dirty;
pub mod discover;
pub mod files;
pub mod history;
pub mod log_render;
pub mod revert;
pub mod upstream;

use std::path::Path;

use git2::{Repository, Signature};

pub use discover::{discover, WorkTree};
pub use files::GitFiles;

/// A git problem, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GitError {}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> GitError {
        GitError(e.message().to_string())
    }
}

/// The author for commits: `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL` as git itself honours them,
/// else `user.name`/`user.email` from the repo's git configuration.
pub fn signature(repo: &Repository) -> Result<Signature<'static>, GitError> {
    signature_from(&repo.config()?)
}

/// The author for a repo that does not exist yet: environment, else the user's git configuration.
pub fn default_signature() -> Result<Signature<'static>, GitError> {
    signature_from(&git2::Config::open_default()?)
}

fn signature_from(config: &git2::Config) -> Result<Signature<'static>, GitError> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let name = env("GIT_AUTHOR_NAME").or_else(|| config.get_string("user.name").ok());
    let email = env("GIT_AUTHOR_EMAIL").or_else(|| config.get_string("user.email").ok());
    match (name, email) {
        (Some(name), Some(email)) => Ok(Signature::now(&name, &email)?),
        _ => Err(GitError(
            "no git identity: set one with `git config --global user.name \"Your Name\"` and \
             `git config --global user.email you@example.com`"
                .into(),
        )),
    }
}

/// Commits the given paths (relative to the work tree) on top of HEAD, or as the first commit.
pub fn commit_paths(repo: &Repository, paths: &[&Path], message: &str) -> Result<git2::Oid, GitError> {
    let sig = signature(repo)?;
    let mut index = repo.index()?;
    for p in paths {
        index.add_path(p)?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let parent = match repo.head() {
        Ok(head) => Some(head.peel_to_commit()?),
        Err(_) => None,
    };
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    Ok(repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?)
}
