//! The commands, one library function each: typed options in, a typed outcome (or an
//! [`Error`]) out. The command line ([`crate::cli`]) only parses, calls and prints; tests and
//! other front ends (the language server) call the same functions.
//!
//! A [`Context`] holds what every command shares: where the journal and rules are, the
//! evaluation date, the revision to read, and a [`Reporter`] that shows diagnostics and notes
//! as they are found (before a refusal, so the user sees why).

pub mod check;
pub mod customers;
pub mod diff;
pub mod done;
pub mod explain;
pub mod fmt;
pub mod import;
pub mod init;
pub mod log;
pub mod rates;
pub mod run;
pub mod send;
pub mod status;
pub mod transaction;
pub mod undo;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diag::Diagnostic;
use crate::error::{Error, Stop, Then};
use crate::load::{Files, FsFiles};
use crate::plan::Plan;
use crate::project::{Paths, Project};
use crate::source::SourceMap;

/// Where a command's side messages go while it works: diagnostics, notes and warnings
/// (stderr on the command line), progress lines (stdout).
pub trait Reporter {
    /// Problems found in the data, as they are found.
    fn diagnostics(&self, diags: &[Diagnostic], sources: &SourceMap);
    /// One message.
    fn say(&self, line: Line<'_>);
}

/// A message of a command, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// Worth knowing; nothing is wrong (`note: ...`).
    Note(&'a str),
    /// Something may be wrong (`warning: ...`).
    Warning(&'a str),
    /// One part failed; the command goes on (`error: ...`).
    Error(&'a str),
    /// What the command did, one line (stdout; not with `--quiet`).
    Progress(&'a str),
    /// The command's report, shown before it writes (stdout, as it is, even with `--quiet`).
    Output(&'a str),
    /// What was read and how long it took (with `--verbose`).
    Verbose(&'a str),
}

/// A reporter that drops everything: for callers that want only the outcome.
#[derive(Debug, Default)]
pub struct Silent;

impl Reporter for Silent {
    fn diagnostics(&self, _: &[Diagnostic], _: &SourceMap) {}
    fn say(&self, _: Line<'_>) {}
}

/// `--at REV` on the commands that read a revision (check, status, explain, run).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AtArg {
    /// Read journal, rules and templates from a git revision instead of the working tree
    #[arg(long = "at", value_name = "REV")]
    pub at: Option<String>,
}

/// What every command shares: resolved once from flags, environment and the file system.
pub struct Context {
    /// `-f`, or the discovered journal.
    pub journal: Option<PathBuf>,
    /// `-r`.
    pub rules: Option<PathBuf>,
    /// `--date`, else today.
    pub date: NaiveDate,
    /// Whether `--date` was given (else `date` is today).
    pub date_given: bool,
    /// `--at`: the revision to read instead of the working tree.
    pub at: Option<String>,
    /// Whether to time the stages (`-v`).
    pub verbose: bool,
    /// Where diagnostics and notes go.
    pub reporter: Box<dyn Reporter>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("journal", &self.journal)
            .field("rules", &self.rules)
            .field("date", &self.date)
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

impl Context {
    /// A context for `journal` as of `date`, reporting nothing.
    pub fn new(journal: impl Into<PathBuf>, date: NaiveDate) -> Context {
        Context {
            journal: Some(journal.into()),
            rules: None,
            date,
            date_given: true,
            at: None,
            verbose: false,
            reporter: Box::new(Silent),
        }
    }

    /// The journal, or the error saying how to name one.
    pub fn journal(&self) -> Result<&Path, Error> {
        self.journal.as_deref().ok_or(Error::NoJournal)
    }

    /// The project's paths.
    pub fn paths(&self) -> Result<Paths, Error> {
        Ok(Paths {
            journal: self.journal()?.to_path_buf(),
            rules: self.rules.clone(),
        })
    }

    /// Reports diagnostics.
    pub fn report(&self, diags: &[Diagnostic], sources: &SourceMap) {
        if !diags.is_empty() {
            self.reporter.diagnostics(diags, sources);
        }
    }

    /// Says one line.
    pub fn say(&self, line: Line<'_>) {
        self.reporter.say(line);
    }

    /// Opens the project from the working tree, or from the `--at` revision.
    pub fn open(&self) -> Result<Project, Error> {
        self.open_from(&*self.files()?)
    }

    /// Opens the project from `files`.
    pub fn open_from(&self, files: &dyn Files) -> Result<Project, Error> {
        let start = std::time::Instant::now();
        let project = Project::open_for_date(files, &self.paths()?, self.date)?;
        if self.verbose {
            self.say(Line::Verbose(&read_line(&project, start.elapsed())));
        }
        Ok(project)
    }

    /// Opens the project and reports its problems; errors stop the command with `then`.
    pub fn open_valid(&self, then: Then) -> Result<Project, Error> {
        let project = self.open()?;
        self.report(&project.diagnostics, &project.sources);
        match project.has_errors() {
            true => Err(Error::Data(Some(Stop::Invalid(then)))),
            false => Ok(project),
        }
    }

    /// Evaluates the project as of `--date`, keeping the interest periods of `detail`.
    pub fn evaluate(&self, project: &Project, detail: Option<crate::book::InvoiceId>) -> Plan {
        let start = std::time::Instant::now();
        let plan = match detail {
            None => project.evaluate(self.date),
            Some(_) => crate::plan::evaluate_detailed(&project.book, &project.rules, &project.rates, self.date, detail),
        };
        if self.verbose {
            self.say(Line::Verbose(&format!(
                "evaluated {} invoices as of {} in {:.3} s{}",
                plan.invoices.len(),
                self.date,
                start.elapsed().as_secs_f64(),
                peak_memory()
            )));
        }
        plan
    }

    /// Evaluates and reports; an error in the evaluation stops the command with `then`.
    pub fn evaluate_valid(
        &self,
        project: &Project,
        detail: Option<crate::book::InvoiceId>,
        then: Then,
    ) -> Result<Plan, Error> {
        let plan = self.evaluate(project, detail);
        self.report(&plan.diagnostics, &project.sources);
        match plan.diagnostics.iter().any(Diagnostic::is_error) {
            true => Err(Error::Data(Some(Stop::Evaluation(self.date, then)))),
            false => Ok(plan),
        }
    }

    /// Where files are read from: the `--at` revision, else the working tree.
    pub fn files(&self) -> Result<Box<dyn Files>, Error> {
        match &self.at {
            None => Ok(Box::new(FsFiles)),
            Some(rev) => Ok(Box::new(self.files_at(rev)?)),
        }
    }

    /// The files of revision `rev` of the journal's repository.
    pub fn files_at(&self, rev: &str) -> Result<crate::repo::GitFiles, Error> {
        let repo = self.git_repo("--at")?;
        Ok(crate::repo::GitFiles::at(repo, rev)?)
    }

    /// The git repository holding the journal (or, without a journal, the current directory).
    pub fn repo(&self) -> Option<git2::Repository> {
        crate::repo::discover(&self.journal_dir())
    }

    /// The repository, or the error saying that `what` needs one.
    pub fn git_repo(&self, what: &'static str) -> Result<git2::Repository, Error> {
        self.repo().ok_or_else(|| Error::NeedsGit {
            what,
            place: self.journal.clone(),
        })
    }

    /// The journal's directory (the current directory without a journal).
    fn journal_dir(&self) -> PathBuf {
        self.journal
            .as_deref()
            .map_or_else(|| PathBuf::from("."), crate::repo::discover::journal_dir)
    }

    /// Where `sent` records go: the rules' `record-to` (relative to the rules file), else the main journal.
    pub fn record_target(&self, project: &Project) -> PathBuf {
        match (&project.rules.record_to, &project.rules_path) {
            (Some(to), Some(rules)) => crate::load::normalize(&rules.parent().unwrap_or(Path::new("")).join(&to.node)),
            _ => self.journal.clone().unwrap_or_default(),
        }
    }

    /// Takes the writers' lock of the journal for `command` (see [`crate::lock`]), saying so
    /// when it takes over a stale one.
    pub fn lock(&self, command: &str) -> Result<crate::lock::Lock, Error> {
        // No journal, nothing to protect: say so before leaving a lock file anywhere.
        let journal_dir = crate::repo::discover::journal_dir(self.journal()?);
        let repo = self.repo();
        let path = crate::lock::lock_path(repo.as_ref().map(git2::Repository::path), &journal_dir);
        let lock = crate::lock::Lock::acquire(&path, command)?;
        crate::failpoint::hit("after-lock");
        if let Some(stale) = lock.stale() {
            self.say(Line::Note(&format!(
                "taking over a stale lock: {stale} ended without releasing `{}`; \
                 if it was interrupted, `git status` shows what it left (see docs/robustness.md)",
                path.display()
            )));
        }
        Ok(lock)
    }

    /// The directory no write may leave through a symlink: the repository's work tree, else
    /// the journal's directory (see [`crate::confine`]).
    pub fn write_root(&self) -> PathBuf {
        self.repo()
            .and_then(|r| r.workdir().map(Path::to_path_buf))
            .unwrap_or_else(|| self.journal_dir())
    }
}

/// `read 3 files (0.1 MB), ...`: what `-v` says after opening a project.
fn read_line(project: &Project, took: std::time::Duration) -> String {
    let bytes: usize = project.sources.files().map(|(_, f)| f.text.len()).sum();
    let stages: Vec<String> = project
        .timings
        .iter()
        .map(|(stage, t)| format!("{stage} {:.3}", t.as_secs_f64()))
        .collect();
    let plural = crate::diag::plural;
    format!(
        "read {} ({:.1} MB), {}, {}, {} in {:.3} s ({}){}",
        plural(project.sources.len(), "file", "files"),
        bytes as f64 / 1e6,
        plural(project.book.customers.len(), "customer", "customers"),
        plural(project.book.invoices.len(), "invoice", "invoices"),
        plural(project.book.payments.len(), "payment or credit", "payments and credits"),
        took.as_secs_f64(),
        stages.join(", "),
        peak_memory()
    )
}

/// `, peak 225 MB`: the most memory the process has held so far (Linux only; elsewhere
/// nothing), for `-v`.
fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kb.map_or_else(String::new, |kb| format!(", peak {} MB", kb / 1024))
}

/// Today, in local time.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn peak_memory_is_read_on_linux() {
        let peak = super::peak_memory();
        let mb: u64 = peak
            .strip_prefix(", peak ")
            .and_then(|p| p.strip_suffix(" MB"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{peak:?}"));
        assert!(mb > 0, "{peak}");
    }
}
