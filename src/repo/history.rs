//! The history of an invoice or customer: the commits, newest first, whose changes to the
//! journal files added, changed or removed entries about it.
//!
//! Fast on long histories: each commit is diffed against its parent with a pathspec, so
//! only commits touching journal files are looked at, and only files whose blob changed;
//! of those, only the blocks where the two versions differ are looked at (see
//! [`crate::changes::window`]), only blocks that contain the subject's names are parsed, and blob
//! texts are kept from one commit to the next (a file's old side in one commit is its new
//! side in the commit before).

use std::collections::HashMap;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset, Offset, TimeZone};
use git2::{Commit, DiffOptions, Oid, Repository, Sort};

use super::GitError;
use crate::changes::entries::{compare, find_changed, Change, Found, Located, Subject};

/// Which files of the repository are journal files.
#[derive(Debug, Clone, Default)]
pub struct JournalFiles {
    /// The directory holding the journal, repo-relative (`""` for the root).
    pub dir: String,
    /// Repo-relative paths that are not journal files although they end in `.dun` (the rules).
    pub exclude: Vec<String>,
}

/// One commit of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogCommit {
    /// Full hash.
    pub id: String,
    /// Abbreviated hash, unique in the repository.
    pub short: String,
    /// Author name.
    pub author: String,
    /// Author e-mail.
    pub email: String,
    /// When it was authored, in the author's time zone.
    pub date: DateTime<FixedOffset>,
    /// First line of the message.
    pub summary: String,
    /// The entries it added, removed or changed.
    pub changes: Vec<Change>,
}

/// The commits reachable from HEAD that changed entries about `subject`, newest first.
/// Merge commits are not diffed (like `git log`): their changes show at the commits that made them.
pub fn history(repo: &Repository, files: &JournalFiles, subject: &Subject) -> Result<Vec<LogCommit>, GitError> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    if walk.push_head().is_err() {
        return Ok(Vec::new()); // no commits yet
    }
    let mut blobs = Blobs::default();
    let mut out = Vec::new();
    for id in walk {
        let commit = repo.find_commit(id?)?;
        if commit.parent_count() > 1 {
            continue;
        }
        let changes = commit_changes(repo, &commit, files, subject, &mut blobs)?;
        blobs.next();
        if !changes.is_empty() {
            out.push(describe(&commit, changes)?);
        }
    }
    Ok(out)
}

/// Blob texts of the commit looked at last and of the current one: in a linear history a
/// file's old side in one commit is its new side in the commit looked at before.
#[derive(Default)]
struct Blobs {
    last: HashMap<Oid, Rc<str>>,
    now: HashMap<Oid, Rc<str>>,
}

impl Blobs {
    /// The text of blob `id` (empty for the zero id of a missing side).
    fn get(&mut self, repo: &Repository, id: Oid) -> Result<Rc<str>, GitError> {
        if id.is_zero() {
            return Ok(Rc::from(""));
        }
        let text = match self.last.get(&id).or_else(|| self.now.get(&id)) {
            Some(t) => t.clone(),
            None => Rc::from(String::from_utf8_lossy(repo.find_blob(id)?.content())),
        };
        self.now.insert(id, text.clone());
        Ok(text)
    }

    /// Moves on to the next commit.
    fn next(&mut self) {
        self.last = std::mem::take(&mut self.now);
    }
}

/// The entry changes a commit made to the journal files, against its first parent.
fn commit_changes(
    repo: &Repository,
    commit: &Commit<'_>,
    files: &JournalFiles,
    subject: &Subject,
    blobs: &mut Blobs,
) -> Result<Vec<Change>, GitError> {
    let tree = commit.tree()?;
    let parent = match commit.parent_count() {
        0 => None,
        _ => Some(commit.parent(0)?.tree()?),
    };
    let mut opts = DiffOptions::new();
    opts.pathspec(pathspec(files)).skip_binary_check(true);
    let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts))?;
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for delta in diff.deltas() {
        let (o, n) = (delta.old_file(), delta.new_file());
        if o.id() == n.id() {
            continue;
        }
        let path = |f: &git2::DiffFile<'_>| f.path().map(|p| p.to_string_lossy().replace('\\', "/"));
        let (Some(old_path), Some(new_path)) = (path(&o), path(&n)) else {
            continue;
        };
        if files.exclude.contains(&old_path) || files.exclude.contains(&new_path) {
            continue;
        }
        let (old_text, new_text) = (blobs.get(repo, o.id())?, blobs.get(repo, n.id())?);
        let (a, b) = find_changed(&old_text, &new_text, subject);
        old.extend(located(&old_path, &a));
        new.extend(located(&new_path, &b));
    }
    Ok(compare(&old, &new))
}

/// Found blocks with their file.
fn located(file: &str, found: &[Found]) -> Vec<Located> {
    found
        .iter()
        .map(|f| Located {
            file: file.to_string(),
            found: f.clone(),
        })
        .collect()
}

/// `*.dun` under the journal's directory (git pathspecs let `*` cross directories).
fn pathspec(files: &JournalFiles) -> String {
    if files.dir.is_empty() {
        "*.dun".to_string()
    } else {
        format!("{}/*.dun", files.dir)
    }
}

/// A commit as the log shows it.
fn describe(commit: &Commit<'_>, changes: Vec<Change>) -> Result<LogCommit, GitError> {
    let author = commit.author();
    let when = author.when();
    let offset = FixedOffset::east_opt(when.offset_minutes() * 60).unwrap_or(chrono::Utc.fix());
    let date = offset
        .timestamp_opt(when.seconds(), 0)
        .single()
        .ok_or_else(|| GitError(format!("commit {} has an invalid date", commit.id())))?;
    let short = commit.as_object().short_id()?;
    Ok(LogCommit {
        id: commit.id().to_string(),
        short: short.as_str().unwrap_or_default().to_string(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        date,
        summary: commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
        changes,
    })
}
