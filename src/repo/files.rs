//! [`GitFiles`]: the [`Files`] of a git revision, read straight from its tree: no checkout,
//! no temporary files. Paths are the user's (relative to the current directory, or
//! absolute) and are mapped into the repository's work tree; globs are matched against
//! the tree's paths, so `--at` sees exactly the files the revision had.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use super::discover::WorkTree;
use super::GitError;
use crate::load::{Files, Unreadable};

/// The files of one revision of a repository.
pub struct GitFiles {
    repo: Repository,
    tree: Oid,
    work: WorkTree,
    /// The revision as the user named it, for messages.
    rev: String,
}

impl std::fmt::Debug for GitFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitFiles")
            .field("tree", &self.tree)
            .field("rev", &self.rev)
            .finish_non_exhaustive()
    }
}

/// Glob options that behave like `glob::glob` on a directory: `*` stays within one component.
const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

impl GitFiles {
    /// The files of revision `rev` (anything `git rev-parse` understands: `HEAD~10`, a tag, a hash).
    pub fn at(repo: Repository, rev: &str) -> Result<GitFiles, GitError> {
        let tree = resolve(&repo, rev)?;
        let work = WorkTree::of(&repo)?;
        Ok(GitFiles {
            repo,
            tree,
            work,
            rev: rev.to_string(),
        })
    }

    /// The revision as named by the user.
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// The repository.
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// The tree entry at a user path: its object id and file mode.
    fn entry(&self, path: &Path) -> Result<(Oid, i32, ObjectType), Unreadable> {
        let outside = || Unreadable::OutsideWorkTree(self.work.root().to_path_buf());
        let rel = self.work.relative(path).ok_or_else(outside)?;
        let tree = self
            .repo
            .find_tree(self.tree)
            .map_err(|e| Unreadable::Other(e.message().to_string()))?;
        if rel.as_os_str().is_empty() {
            return Ok((self.tree, 0o040000, ObjectType::Tree));
        }
        let entry = tree
            .get_path(&rel)
            .map_err(|_| Unreadable::NotFound(Some(self.rev.clone())))?;
        Ok((entry.id(), entry.filemode(), entry.kind().unwrap_or(ObjectType::Any)))
    }
}

/// The tree of a revision.
pub fn resolve(repo: &Repository, rev: &str) -> Result<Oid, GitError> {
    let object = repo
        .revparse_single(rev)
        .map_err(|e| GitError(format!("unknown revision `{rev}`: {}", e.message())))?;
    let tree = object
        .peel_to_tree()
        .map_err(|e| GitError(format!("`{rev}` does not name a commit: {}", e.message())))?;
    Ok(tree.id())
}

impl Files for GitFiles {
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
        let (id, mode, kind) = self.entry(path)?;
        match kind {
            ObjectType::Blob if mode == 0o120000 => return Err(Unreadable::Symlink),
            ObjectType::Blob => {}
            ObjectType::Tree => return Err(Unreadable::Directory),
            _ => return Err(Unreadable::NotAFile(self.rev.clone())),
        }
        let blob = self
            .repo
            .find_blob(id)
            .map_err(|e| Unreadable::Other(e.message().to_string()))?;
        if blob.size() as u64 > limit {
            return Err(Unreadable::TooLarge(limit));
        }
        Ok(blob.content().to_vec())
    }

    fn glob(&self, pattern: &Path) -> Result<Vec<PathBuf>, Unreadable> {
        let text = pattern
            .to_str()
            .ok_or_else(|| Unreadable::BadPattern("the pattern is not valid UTF-8".into()))?;
        let matcher = glob::Pattern::new(text).map_err(|e| Unreadable::BadPattern(e.to_string()))?;
        let literal = literal_prefix(pattern);
        let mut out: Vec<PathBuf> = self
            .candidates(&literal)
            .into_iter()
            .filter(|p| matcher.matches_path_with(p, MATCH))
            .collect();
        out.sort();
        Ok(out)
    }
}

impl GitFiles {
    /// Every file of the tree under the directory `literal` (a user path), in user form.
    fn candidates(&self, literal: &Path) -> Vec<PathBuf> {
        let abs = self.work.resolve(literal);
        let root = self.work.root();
        let (under, prefix) = if let Ok(rel) = abs.strip_prefix(root) {
            (rel.to_path_buf(), literal.to_path_buf())
        } else if let Ok(down) = root.strip_prefix(&abs) {
            // The literal part is an ancestor of the work tree: every file is a candidate.
            (PathBuf::new(), literal.join(down))
        } else {
            return Vec::new();
        };
        match self.entry(&root.join(&under)) {
            Ok((id, _, ObjectType::Tree)) => self.blobs_under(id, &prefix),
            Ok((_, mode, ObjectType::Blob)) if mode != 0o120000 => vec![prefix],
            _ => Vec::new(),
        }
    }

    /// The regular files of tree `id`, joined onto `prefix`.
    fn blobs_under(&self, id: Oid, prefix: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let Ok(tree) = self.repo.find_tree(id) else {
            return out;
        };
        let _ = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let regular = entry.kind() == Some(ObjectType::Blob) && entry.filemode() != 0o120000;
            if let (true, Ok(name)) = (regular, entry.name()) {
                out.push(prefix.join(dir).join(name));
            }
            TreeWalkResult::Ok
        });
        out
    }
}

/// The leading components of a glob pattern that hold no wildcard: where to start looking.
fn literal_prefix(pattern: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    let comps: Vec<_> = pattern.components().collect();
    // The last component is a file name pattern even when it has no wildcard.
    for (i, c) in comps.iter().enumerate() {
        let s = c.as_os_str().to_string_lossy();
        if s.contains(['*', '?', '[']) || i + 1 == comps.len() {
            break;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefix_stops_at_the_first_wildcard() {
        assert_eq!(literal_prefix(Path::new("a/b/*.dun")), PathBuf::from("a/b"));
        assert_eq!(literal_prefix(Path::new("a/[x]/c/*.dun")), PathBuf::from("a"));
        assert_eq!(literal_prefix(Path::new("*.dun")), PathBuf::new());
        assert_eq!(literal_prefix(Path::new("t/layout.html.hbs")), PathBuf::from("t"));
        assert_eq!(literal_prefix(Path::new("/r/*.dun")), PathBuf::from("/r"));
    }
}
