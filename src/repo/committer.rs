//! The git side of `dun run`: the author (checked before anything is written), which of the
//! written files go into the commit, and the commit message.
//!
//! The letters themselves are committed (not a manifest): they are small text files and the
//! `sent` records name them, so the commit is the complete record of what went out. A letter
//! under a path the repository ignores (e.g. `letters/` in `.gitignore`) is left out of the
//! commit; the message still lists it.

use std::path::PathBuf;

use git2::{Oid, Repository, Signature};

use super::commit::commit_files;
use super::discover::{git_path, WorkTree};
use super::GitError;

/// A repository ready to take a run's commit.
pub struct Committer {
    repo: Repository,
    sig: Signature<'static>,
    work: WorkTree,
}

impl std::fmt::Debug for Committer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Committer")
            .field("work", &self.work)
            .finish_non_exhaustive()
    }
}

/// One line of the message: what a letter was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterLine {
    /// Customer id.
    pub customer: String,
    /// Stage of the letter.
    pub stage: String,
    /// Invoices it advanced.
    pub invoices: Vec<String>,
    /// Where it was written, as recorded in the journal.
    pub path: String,
}

impl Committer {
    /// Checks that commits can be made: the author is known (from `GIT_AUTHOR_*` or git config).
    pub fn new(repo: Repository) -> Result<Committer, GitError> {
        let sig = super::signature(&repo)?;
        let work = WorkTree::of(&repo)?;
        Ok(Committer { repo, sig, work })
    }

    /// Commits `files` (user paths) as they are on disk. Returns the commit (`None` if nothing
    /// changed) and notes about files left out (outside the work tree, or ignored).
    pub fn commit(&self, files: &[PathBuf], message: &str) -> Result<(Option<Oid>, Vec<String>), GitError> {
        let mut paths = Vec::new();
        let mut notes = Vec::new();
        for f in files {
            let Some(rel) = self.work.relative(f).as_deref().and_then(git_path) else {
                notes.push(format!("`{}` is outside the git work tree: not committed", f.display()));
                continue;
            };
            if self.repo.is_path_ignored(&rel).unwrap_or(false) {
                notes.push(format!("`{rel}` is ignored by git: not committed"));
                continue;
            }
            paths.push(rel);
        }
        let id = commit_files(&self.repo, &self.sig, &paths, message)?;
        Ok((id, notes))
    }
}

/// `dun run 2026-11-23: 4 letters, 1 task`, a blank line, a line per letter and per task.
pub fn message(date: chrono::NaiveDate, letters: &[LetterLine], tasks: &[String]) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut out = format!(
        "dun run {date}: {}, {}\n",
        plural(letters.len(), "letter"),
        plural(tasks.len(), "task")
    );
    if !letters.is_empty() || !tasks.is_empty() {
        out.push('\n');
    }
    for l in letters {
        out.push_str(&format!(
            "{} {} {} -> {}\n",
            l.customer,
            l.stage,
            l.invoices.join(", "),
            l.path
        ));
    }
    for t in tasks {
        out.push_str(&format!("task: {t}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_lists_letters_and_tasks() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let letter = LetterLine {
            customer: "acme".into(),
            stage: "reminder".into(),
            invoices: vec!["INV-1".into(), "INV-2".into()],
            path: "letters/2026-11-23/acme-reminder.html".into(),
        };
        assert_eq!(
            message(date, &[letter], &["vos call INV-3".into()]),
            "dun run 2026-11-23: 1 letter, 1 task\n\nacme reminder INV-1, INV-2 -> \
             letters/2026-11-23/acme-reminder.html\ntask: vos call INV-3\n"
        );
    }
}
