//! Finding the repository a journal lives in, and mapping the paths `dun` is given
//! (relative to the current directory, or absolute) to paths inside its work tree.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use git2::Repository;

use super::GitError;
use crate::load::normalize;

/// The repository holding `path` (a file or directory, which need not exist: the search
/// starts at its nearest existing ancestor), or `None` outside any repository.
///
/// Like git, the search stops at the directories named in `GIT_CEILING_DIRECTORIES`.
/// A bare repository has no work tree for a journal, so it counts as none.
pub fn discover(path: &Path) -> Option<Repository> {
    let start = existing_ancestor(&absolute(path))?;
    let ceilings: Vec<OsString> = std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|v| std::env::split_paths(&v).map(PathBuf::into_os_string).collect())
        .unwrap_or_default();
    let found = Repository::discover_path(&start, &ceilings).ok()?;
    let repo = Repository::open(found).ok()?;
    repo.workdir().is_some().then_some(repo)
}

/// The directory to start from for a journal at `journal`: its parent directory.
pub fn journal_dir(journal: &Path) -> PathBuf {
    match journal.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A repository's work tree, for turning user paths into paths inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTree {
    /// The work tree's root, canonical.
    root: PathBuf,
    /// The current directory, canonical.
    cwd: PathBuf,
}

impl WorkTree {
    /// The work tree of `repo`, seen from the current directory.
    pub fn of(repo: &Repository) -> Result<WorkTree, GitError> {
        let root = repo
            .workdir()
            .ok_or_else(|| GitError("the repository has no work tree (it is bare)".into()))?;
        let root = std::fs::canonicalize(root).map_err(|e| GitError(format!("cannot resolve the work tree: {e}")))?;
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .map_err(|e| GitError(format!("cannot resolve the current directory: {e}")))?;
        Ok(WorkTree { root, cwd })
    }

    /// The work tree's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The absolute, resolved form of a user path: symlinks of its existing part resolved,
    /// `.` and `..` of the rest resolved lexically.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        let abs = normalize(&self.cwd.join(path));
        let Some(base) = existing_ancestor(&abs) else {
            return abs;
        };
        let rest = abs.strip_prefix(&base).unwrap_or(Path::new(""));
        match std::fs::canonicalize(&base) {
            Ok(real) => normalize(&real.join(rest)),
            Err(_) => abs,
        }
    }

    /// `path` relative to the work tree's root (`""` for the root itself), or `None`
    /// when it lies outside the work tree.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let abs = self.resolve(path);
        abs.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }
}

/// `path` made absolute against the current directory (lexically).
fn absolute(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => normalize(&cwd.join(path)),
        Err(_) => path.to_path_buf(),
    }
}

/// The longest prefix of `path` that exists on disk.
fn existing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|p| !p.as_os_str().is_empty() && p.exists())
        .map(Path::to_path_buf)
}

/// A repo-relative path as git spells it: `/`-separated, no `.` or `..`.
pub fn git_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_paths_are_slash_separated_and_relative() {
        assert_eq!(git_path(Path::new("a/./b.dun")).as_deref(), Some("a/b.dun"));
        assert_eq!(git_path(Path::new("")).as_deref(), Some(""));
        assert_eq!(git_path(Path::new("../x")), None);
        assert_eq!(git_path(Path::new("/x")), None);
    }

    #[test]
    fn journal_dir_of_a_bare_name_is_here() {
        assert_eq!(journal_dir(Path::new("journal.dun")), PathBuf::from("."));
        assert_eq!(journal_dir(Path::new("a/j.dun")), PathBuf::from("a"));
    }
}
