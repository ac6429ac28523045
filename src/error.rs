//! Why a command did not succeed, when the reason is not a diagnostic in the data.
//!
//! Problems in the journal and rules are [`crate::diag::Diagnostic`] values, reported as they
//! are found; [`Error::Data`] only says what they stopped. Everything else (usage, git, I/O,
//! SMTP) is one variant here, and all its wording is in the one `Display` below, so messages
//! stay consistent and each is written once.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::diag::plural;
use crate::lookup::Unknown;

/// A command's failure. Exit code 1 for [`Error::Data`], 2 for the rest.
#[derive(Debug)]
pub enum Error {
    /// The data has problems, already reported as diagnostics; what they stopped, if it
    /// needs saying.
    Data(Option<Stop>),
    /// No journal was named or found.
    NoJournal,
    /// `what` needs a git repository and `place` is not in one.
    NeedsGit {
        /// The command or option.
        what: &'static str,
        /// The journal, or the current directory.
        place: Option<PathBuf>,
    },
    /// `--at` with a command that writes.
    AtReadOnly,
    /// `--at` with `run` (not `--dry-run`).
    AtRun,
    /// `--at` with `send`.
    AtSend,
    /// `run --date` after today without `--future`.
    Future {
        /// The date asked for.
        date: NaiveDate,
        /// Today.
        today: NaiveDate,
    },
    /// A customer, invoice or argument the journal does not know.
    Unknown(Unknown),
    /// `done`: no invoice of the customer is due for the stage.
    NothingDue {
        /// Customer id.
        customer: String,
        /// Stage name.
        stage: String,
        /// `--date`.
        date: NaiveDate,
    },
    /// `done`: the customer's policy cannot be resolved.
    NoPolicy(String),
    /// `done`: the policy has no such stage.
    NoStage {
        /// The policy.
        policy: String,
        /// The stage asked for.
        stage: String,
        /// The closest stage name.
        guess: Option<String>,
        /// The policy's stages.
        stages: Vec<String>,
    },
    /// `done`: the stage is a letter.
    NotATask(String),
    /// `rates`: no such scheme.
    NoScheme {
        /// The name given.
        name: String,
        /// The closest scheme name.
        guess: Option<String>,
        /// The known schemes.
        known: Vec<&'static str>,
    },
    /// `init`: the directory already has some of the files.
    Exists {
        /// The directory.
        dir: PathBuf,
        /// The files it has.
        files: Vec<&'static str>,
    },
    /// `run`: inputs have uncommitted changes (path, why).
    DirtyInputs(Vec<(String, String)>),
    /// `done`, `send`: the record file has uncommitted changes.
    DirtyRecord {
        /// The file.
        path: String,
        /// Why it is dirty.
        why: String,
        /// What the command does with it (`the deliveries are recorded and committed in it`).
        records: &'static str,
        /// What was not done.
        then: Then,
    },
    /// No author for the commit.
    CannotCommit {
        /// Why.
        error: crate::repo::GitError,
        /// Which commit.
        what: &'static str,
        /// What was not done.
        then: Then,
    },
    /// `run --format eml` without the sender's address.
    EmlNeedsSender,
    /// `send` without an SMTP host.
    NoSmtpHost,
    /// `send`: some e-mails failed.
    NotSent {
        /// How many failed.
        failed: usize,
        /// Of how many.
        total: usize,
    },
    /// `send`: delivered but not recorded.
    Unrecorded,
    /// A log subject nothing knows.
    NoSubject {
        /// The name given.
        name: String,
        /// What it probably meant.
        guess: Option<String>,
    },
    /// A file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: crate::load::Unreadable,
    },
    /// A file is not UTF-8.
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The first bad byte.
        offset: usize,
    },
    /// A file or directory could not be written.
    Write {
        /// What could not be done (`write `x``).
        what: String,
        /// Why.
        error: std::io::Error,
    },
    /// A write would leave the repository through a symlink.
    Confined(String),
    /// The report could not be written to stdout.
    Output(std::io::Error),
    /// A write step failed and was taken back.
    RolledBack {
        /// The step's error.
        error: String,
        /// What is left as it was.
        then: Then,
        /// Problems while taking it back.
        undo: Vec<String>,
    },
    /// The built-in rate tables do not read.
    BuiltinRates(String),
    /// A git problem.
    Git(crate::repo::GitError),
    /// The main journal or rules file could not be read.
    Load(crate::load::LoadError),
    /// The writers' lock.
    Lock(crate::lock::LockError),
    /// SMTP settings or credentials.
    Mail(crate::mail::MailError),
    /// The language server lost its editor.
    Lsp(String),
    /// A bank statement could not be imported.
    Import(crate::import::ImportError),
}

/// What a data problem or a failed write stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// `fix them and run `dun CMD` again`.
    RunAgain(&'static str),
    /// Nothing was sent.
    NothingSent,
    /// Nothing was recorded.
    NothingRecorded,
    /// Nothing was written.
    NothingWritten,
    /// Nothing was written or committed.
    NothingCommitted,
    /// Nothing is shown rather than wrong figures.
    NothingShown,
    /// Nothing was imported.
    NothingImported,
}

/// What problems in the data stopped (the sentence after `error:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The journal (and rules) have errors.
    Invalid(Then),
    /// The journal, rules or templates have errors.
    InvalidOrTemplates(Then),
    /// Evaluation as of the date failed.
    Evaluation(NaiveDate, Then),
    /// `--strict` and warnings.
    Strict(usize),
    /// One side of a diff has errors.
    InvalidAt(String),
    /// One side of a diff cannot be evaluated.
    EvaluationAt(String, NaiveDate),
}

impl Error {
    /// The process exit code: 1 for problems in the data, 2 for the rest.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Data(_) => 1,
            _ => 2,
        }
    }

    /// Whether there is anything to print (data problems were printed as diagnostics).
    pub fn is_silent(&self) -> bool {
        matches!(self, Error::Data(None))
    }
}

impl fmt::Display for Then {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Then::RunAgain(cmd) => write!(f, "fix them and run `dun {cmd}` again"),
            Then::NothingSent => f.write_str("nothing was sent"),
            Then::NothingRecorded => f.write_str("nothing was recorded"),
            Then::NothingWritten => f.write_str("nothing was written"),
            Then::NothingCommitted => f.write_str("nothing was written or committed"),
            Then::NothingShown => f.write_str("nothing is shown rather than wrong figures"),
            Then::NothingImported => f.write_str("nothing was imported"),
        }
    }
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Invalid(then) => write!(f, "the journal has errors (see above); {then}"),
            Stop::InvalidOrTemplates(then) => {
                write!(f, "the journal, rules or templates have errors (see above); {then}")
            }
            Stop::Evaluation(date, then) => write!(f, "cannot evaluate as of {date} (see above); {then}"),
            Stop::Strict(n) => write!(f, "--strict and {n} warning(s) (see above); nothing was sent"),
            Stop::InvalidAt(label) => write!(
                f,
                "the journal at {label} has errors (see above); no diff is shown rather than a wrong one"
            ),
            Stop::EvaluationAt(label, date) => {
                write!(f, "cannot evaluate the journal at {label} as of {date} (see above)")
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data(Some(stop)) => stop.fmt(f),
            Error::Data(None) => f.write_str("the data has problems (see above)"),
            Error::NoJournal => f.write_str(
                "no journal: found no journal.dun here or at the git repo root; name one with -f FILE or $DUN_JOURNAL",
            ),
            Error::NeedsGit { what, place } => {
                let place = place
                    .as_ref()
                    .map_or_else(|| "the current directory".to_string(), |j| format!("`{}`", j.display()));
                write!(
                    f,
                    "{what} needs git, but {place} is not inside a git repository \
                     (`git init` makes one; `dun init` makes a new dunning repo)"
                )
            }
            Error::AtReadOnly => f.write_str("--at works with check, status, explain, customers and run --dry-run only"),
            Error::AtRun => f.write_str(
                "--at reads a past revision: only `dun run --dry-run` can use it (a run writes letters for today's journal)",
            ),
            Error::AtSend => f.write_str("`dun send` delivers today's letters: --at cannot be used"),
            Error::Future { date, today } => {
                let days = usize::try_from((*date - *today).num_days()).unwrap_or(usize::MAX);
                write!(
                    f,
                    "{}: the letters would be dated then and their `sent` records would count from then; \
                     run on the day, or confirm with --future; nothing was written",
                    future(*date, *today, days)
                )
            }
            Error::Unknown(u) => u.fmt(f),
            Error::NothingDue { customer, stage, date } => write!(
                f,
                "no invoice of `{customer}` is due for `{stage}` on {date}; see `dun status --customer {customer}`"
            ),
            Error::NoPolicy(customer) => write!(f, "customer `{customer}` has no policy in the rules"),
            Error::NoStage {
                policy,
                stage,
                guess,
                stages,
            } => {
                let guess = guess.as_ref().map_or(String::new(), |g| format!("did you mean `{g}`? "));
                write!(
                    f,
                    "policy `{policy}` has no stage `{stage}`; {guess}its stages: {}",
                    stages.join(", ")
                )
            }
            Error::NotATask(stage) => write!(f, "stage `{stage}` is a letter, not a task: `dun run` sends it"),
            Error::NoScheme { name, guess, known } => {
                let hint = guess.as_ref().map(|g| format!("; did you mean `{g}`?")).unwrap_or_default();
                write!(
                    f,
                    "no interest scheme `{name}` with a rate table{hint} (known: {})",
                    known.join(", ")
                )
            }
            Error::Exists { dir, files } => write!(
                f,
                "{} already has {}; dun init never overwrites files",
                dir.display(),
                files.join(", ")
            ),
            Error::DirtyInputs(files) => {
                let list: Vec<String> = files.iter().map(|(p, why)| format!("  {p} ({why})")).collect();
                write!(
                    f,
                    "uncommitted changes in the files this run reads:\n{}\n\
                     commit them first, so every letter is based on a committed state \
                     (or run with --allow-dirty); nothing was written",
                    list.join("\n")
                )
            }
            Error::DirtyRecord {
                path,
                why,
                records,
                then,
            } => write!(
                f,
                "`{path}` ({why}) has uncommitted changes, and {records}: \
                 commit them first (or use --allow-dirty or --no-commit); {then}"
            ),
            Error::CannotCommit { error, what, then } => {
                let flag = match *what {
                    "" => "use --no-commit",
                    _ => "run with --no-commit",
                };
                write!(f, "cannot commit{what}: {error}; {then} (or {flag})")
            }
            Error::EmlNeedsSender => f.write_str(
                "--format eml needs the sender's `email:` in the rules (the From address); nothing was written",
            ),
            Error::NoSmtpHost => f.write_str(
                "no SMTP server: give --host HOST, set DUN_SMTP_HOST, or write `smtp \"HOST\"` in the rules",
            ),
            Error::NotSent { failed, total } => write!(
                f,
                "{failed} of {total} e-mails were not sent; they stay pending for the next `dun send`"
            ),
            Error::Unrecorded => f.write_str(
                "some e-mails were delivered but not recorded: add the entries shown above, or the next `dun send` sends them again",
            ),
            Error::NoSubject { name, guess } => {
                let guess = guess.as_ref().map_or(String::new(), |g| format!("; did you mean `{g}`?"));
                write!(
                    f,
                    "no invoice, credit note or customer `{name}` in the journal at HEAD or in its history{guess}"
                )
            }
            Error::Read { path, reason } => write!(f, "cannot read `{}`: {reason}", path.display()),
            Error::NotUtf8 { path, offset } => write!(
                f,
                "`{}` is not valid UTF-8 (first bad byte at offset {offset})",
                path.display()
            ),
            Error::Write { what, error } => write!(f, "cannot {what}: {error}"),
            Error::Confined(why) => f.write_str(why),
            Error::Output(e) => write!(f, "cannot write the report: {e}"),
            Error::RolledBack { error, then, undo } => {
                write!(f, "{error}; {then}")?;
                for p in undo {
                    write!(f, "\nerror: while undoing: {p}")?;
                }
                Ok(())
            }
            Error::BuiltinRates(e) => write!(f, "the built-in rate tables: {e}"),
            Error::Git(e) => e.fmt(f),
            Error::Load(e) => e.fmt(f),
            Error::Lock(e) => e.fmt(f),
            Error::Mail(e) => e.fmt(f),
            Error::Lsp(e) => write!(f, "the language server stopped: {e}"),
            Error::Import(e) => e.fmt(f),
        }
    }
}

/// `--date D is N days after today (T)`.
pub fn future(date: NaiveDate, today: NaiveDate, days: usize) -> String {
    format!("--date {date} is {} after today ({today})", plural(days, "day", "days"))
}

impl std::error::Error for Error {}

impl From<crate::repo::GitError> for Error {
    fn from(e: crate::repo::GitError) -> Error {
        Error::Git(e)
    }
}

impl From<crate::load::LoadError> for Error {
    fn from(e: crate::load::LoadError) -> Error {
        Error::Load(e)
    }
}

impl From<crate::lock::LockError> for Error {
    fn from(e: crate::lock::LockError) -> Error {
        Error::Lock(e)
    }
}

impl From<crate::mail::MailError> for Error {
    fn from(e: crate::mail::MailError) -> Error {
        Error::Mail(e)
    }
}

impl From<Unknown> for Error {
    fn from(u: Unknown) -> Error {
        Error::Unknown(u)
    }
}
