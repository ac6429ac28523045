//! Which of a run's input files have uncommitted changes: every letter must be based on a
//! committed state, so `dun run` refuses to write while any of them differs from HEAD.

use std::path::{Path, PathBuf};

use git2::{Repository, Status, StatusOptions};

use super::discover::{git_path, WorkTree};
use super::GitError;

/// What counts as an input of a run.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Files read (journal files, rules, templates, rate tables, the record target): user paths.
    pub files: Vec<PathBuf>,
    /// Directories whose every file counts (the templates directory): user paths.
    pub dirs: Vec<PathBuf>,
    /// A directory in which a deleted `*.dun` file counts (a journal file that a glob include
    /// no longer finds): user path.
    pub journal_dir: Option<PathBuf>,
}

/// The inputs with uncommitted changes (staged, unstaged or untracked), as repo-relative
/// paths with what is wrong with each, sorted.
pub fn uncommitted(repo: &Repository, inputs: &Inputs) -> Result<Vec<(String, &'static str)>, GitError> {
    let work = WorkTree::of(repo)?;
    let rel = |p: &Path| work.relative(p).as_deref().and_then(git_path);
    let files: Vec<String> = inputs.files.iter().filter_map(|p| rel(p)).collect();
    let dirs: Vec<String> = inputs
        .dirs
        .iter()
        .filter_map(|p| rel(p))
        .map(|d| if d.is_empty() { d } else { format!("{d}/") })
        .collect();
    let journal_dir = inputs
        .journal_dir
        .as_deref()
        .and_then(rel)
        .map(|d| if d.is_empty() { d } else { format!("{d}/") });
    let mut opts = StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true);
    let statuses = repo.statuses(Some(&mut opts))?;
    let mut out = Vec::new();
    for entry in statuses.iter() {
        let (Ok(path), status) = (entry.path(), entry.status()) else {
            continue;
        };
        let deleted_journal = status.intersects(Status::WT_DELETED | Status::INDEX_DELETED)
            && path.ends_with(".dun")
            && journal_dir.as_deref().is_some_and(|d| path.starts_with(d));
        let wanted = files.iter().any(|f| f == path) || dirs.iter().any(|d| path.starts_with(d.as_str()));
        if (wanted || deleted_journal) && status != Status::CURRENT && !status.contains(Status::IGNORED) {
            out.push((path.to_string(), describe(status)));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The record file's uncommitted change, if any: a command that commits its records in it
/// (`dun done`, `dun send`) would take the change along under its own name.
pub fn record_file_dirty(repo: &Repository, target: &Path) -> Result<Option<(String, &'static str)>, GitError> {
    let inputs = Inputs {
        files: vec![target.to_path_buf()],
        dirs: Vec::new(),
        journal_dir: None,
    };
    Ok(uncommitted(repo, &inputs)?.into_iter().next())
}

/// A word for what is uncommitted about a file.
fn describe(status: Status) -> &'static str {
    if status.contains(Status::WT_NEW) {
        "untracked"
    } else if status.intersects(Status::WT_DELETED | Status::INDEX_DELETED) {
        "deleted"
    } else if status.intersects(Status::CONFLICTED) {
        "conflicted"
    } else if status.intersects(Status::WT_MODIFIED | Status::WT_TYPECHANGE | Status::WT_RENAMED) {
        "modified"
    } else {
        "staged, not committed"
    }
}
