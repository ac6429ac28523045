//! `dun undo`: revert the last commit `dun` itself made (`dun run`, `dun done`, `dun send`,
//! `dun import`), as a new commit, when it is HEAD and the work tree is clean; and the date a
//! commit is about (`dun diff` evaluates each side as of it).

use chrono::{NaiveDate, Offset};
use git2::{build::CheckoutBuilder, Commit, Repository, Status, StatusOptions};

use super::GitError;

/// The commands whose commits `dun undo` reverts, as their messages start.
pub const UNDOABLE: &[&str] = &["dun run", "dun done", "dun send", "dun import"];

/// What a commit made by `dun` is: its command and the date it names (`dun run 2026-11-23: ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DunCommit {
    /// `dun run`, `dun done`, ...
    pub command: &'static str,
    /// The date in the message, if any.
    pub date: Option<NaiveDate>,
}

/// The dun command that made a commit with this message, if any.
pub fn dun_commit(message: &str) -> Option<DunCommit> {
    let command = UNDOABLE.iter().find(|c| {
        message
            .strip_prefix(**c)
            .is_some_and(|rest| rest.starts_with([' ', ':', '\n']) || rest.is_empty())
    })?;
    let rest = message[command.len()..].trim_start();
    let date = rest
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    Some(DunCommit { command, date })
}

/// The date a commit is about: the date its message names when `dun` made it (a run for
/// 2026-12-21 made on 2026-12-05 is about the 21st), else its committer's local date.
pub fn commit_date(commit: &Commit<'_>) -> NaiveDate {
    if let Some(date) = commit.message().ok().and_then(dun_commit).and_then(|d| d.date) {
        return date;
    }
    let time = commit.time();
    let offset = chrono::FixedOffset::east_opt(time.offset_minutes() * 60).unwrap_or(chrono::Utc.fix());
    chrono::DateTime::from_timestamp(time.seconds(), 0)
        .map(|t| t.with_timezone(&offset).date_naive())
        .unwrap_or_default()
}

/// The date revision `rev` is about (see [`commit_date`]).
pub fn rev_date(repo: &Repository, rev: &str) -> Result<NaiveDate, GitError> {
    let commit = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| GitError(format!("`{rev}` is not a revision of this repository: {}", e.message())))?;
    Ok(commit_date(&commit))
}

/// The date the work tree is about: `today`, or HEAD's date when that is later (right after
/// `dun run --date` for a day to come).
pub fn work_tree_date(repo: &Repository, today: NaiveDate) -> NaiveDate {
    let head = repo.head().and_then(|h| h.peel_to_commit());
    head.map_or(today, |c| commit_date(&c).max(today))
}

/// The commit `dun undo` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// The new commit.
    pub commit: git2::Oid,
    /// The reverted commit.
    pub reverted: git2::Oid,
    /// The reverted commit's first line.
    pub summary: String,
}

/// Reverts HEAD when `dun` made it and the work tree is clean: a new commit whose tree is
/// HEAD's parent's, checked out. Refuses otherwise, saying what to do.
pub fn undo(repo: &Repository, sig: &git2::Signature<'_>) -> Result<Undone, GitError> {
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|_| GitError("the repository has no commit yet: nothing to undo".into()))?;
    let last = last_dun_commit(repo, &head)?;
    if last.id() != head.id() {
        return Err(not_head(&head, &last));
    }
    let dirty = changed_files(repo)?;
    if !dirty.is_empty() {
        return Err(GitError(format!(
            "the work tree has uncommitted changes ({}): commit or stash them first, then run `dun undo` again",
            dirty.join(", ")
        )));
    }
    let parent = head
        .parent(0)
        .map_err(|_| GitError("the commit has no parent: nothing to go back to".into()))?;
    let tree = parent.tree()?;
    let summary = summary(&head);
    let message = format!("dun undo: revert \"{summary}\"\n\nThis reverts commit {}.\n", head.id());
    let id = repo.commit(None, sig, sig, &message, &tree, &[&head])?;
    repo.checkout_tree(tree.as_object(), Some(CheckoutBuilder::new().force()))?;
    repo.head()?.set_target(id, "dun undo")?;
    Ok(Undone {
        commit: id,
        reverted: head.id(),
        summary,
    })
}

/// The newest commit reachable from `head` (first parents) that `dun` made.
fn last_dun_commit<'r>(repo: &'r Repository, head: &Commit<'r>) -> Result<Commit<'r>, GitError> {
    let mut walk = repo.revwalk()?;
    walk.push(head.id())?;
    walk.simplify_first_parent()?;
    for id in walk {
        let commit = repo.find_commit(id?)?;
        if commit.message().ok().and_then(dun_commit).is_some() {
            return Ok(commit);
        }
        if commit.message().is_ok_and(|m| m.starts_with("dun undo")) {
            break;
        }
    }
    Err(GitError(format!(
        "no commit of {} to undo since the last `dun undo` or the first commit; \
         to take back your own commit, use `git revert HEAD`",
        UNDOABLE.join(", ")
    )))
}

/// The refusal when commits were made after dun's last one.
fn not_head(head: &Commit<'_>, last: &Commit<'_>) -> GitError {
    let short = |c: &Commit<'_>| short_id(c.id());
    GitError(format!(
        "the last commit dun made ({} \"{}\") is not HEAD: {} \"{}\" came after it; \
         `dun undo` only takes back dun's commit while it is the newest. \
         Revert it by hand with `git revert {}`, then `dun check`",
        short(last),
        summary(last),
        short(head),
        summary(head),
        short(last)
    ))
}

/// A commit id as `git log --oneline` shows it (7 hex digits).
pub fn short_id(id: git2::Oid) -> String {
    id.to_string().chars().take(7).collect()
}

/// A commit's first line.
fn summary(commit: &Commit<'_>) -> String {
    String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned()
}

/// Tracked files with staged or unstaged changes, repo-relative.
fn changed_files(repo: &Repository) -> Result<Vec<String>, GitError> {
    let mut opts = StatusOptions::new();
    opts.include_untracked(false)
        .include_ignored(false)
        .exclude_submodules(true);
    let statuses = repo.statuses(Some(&mut opts))?;
    Ok(statuses
        .iter()
        .filter(|e| e.status() != Status::CURRENT)
        .filter_map(|e| e.path().ok().map(str::to_string))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dun_commits_are_known_by_their_message() {
        let run = dun_commit("dun run 2026-12-21: 2 letters, 0 tasks\n\nacme ...").unwrap();
        assert_eq!(run.command, "dun run");
        assert_eq!(run.date, NaiveDate::from_ymd_opt(2026, 12, 21));
        assert_eq!(
            dun_commit("dun done 2026-03-01: acme call INV-1").unwrap().command,
            "dun done"
        );
        assert_eq!(
            dun_commit("dun send 2026-03-01: 1 e-mail delivered").unwrap().command,
            "dun send"
        );
        assert!(dun_commit("dun init: journal, rules and templates").is_none());
        assert!(dun_commit("dun runner fixed").is_none());
        assert!(dun_commit("payment from acme").is_none());
    }
}
