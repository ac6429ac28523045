//! The command line: a thin layer over the library. Raw flags are parsed by clap, then
//! resolved once into a [`Config`] (defaults, environment, repo discovery).

mod check;
mod diff;
mod done;
mod explain;
mod fmt;
mod import;
mod init;
mod log;
mod rates;
mod run;
mod send;
mod status;
mod undo;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{render_all, Diagnostic, RenderOptions};
use crate::load::{Files, FsFiles};
use crate::project::{Paths, Project};
use crate::source::SourceMap;

/// Plain-text dunning: a hand-edited journal, escalation rules, letters, git as the audit trail.
#[derive(Debug, Parser)]
#[command(name = "dun", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Main journal [default: journal.dun in the current directory or the git repo root]
    #[arg(
        short = 'f',
        long = "journal",
        global = true,
        env = "DUN_JOURNAL",
        value_name = "FILE",
        help_heading = GLOBAL
    )]
    journal: Option<PathBuf>,
    /// Rules file [default: rules.dun beside the journal]
    #[arg(short = 'r', long = "rules", global = true, env = "DUN_RULES", value_name = "FILE", help_heading = GLOBAL)]
    rules: Option<PathBuf>,
    /// Evaluation date, YYYY-MM-DD [default: today]
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date, help_heading = GLOBAL)]
    date: Option<NaiveDate>,
    /// When to use colour (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    color: ColorWhen,
    /// Read journal, rules and templates from a git revision instead of the working tree
    /// (check, status, explain, run --dry-run; also after those commands)
    #[arg(long, value_name = "REV", help_heading = GLOBAL)]
    at: Option<String>,
    /// Print only problems
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    quiet: bool,
    /// Also print what was read and how long each stage took (on stderr)
    #[arg(short, long, global = true, conflicts_with = "quiet", help_heading = GLOBAL)]
    verbose: bool,
    /// The command to run
    #[command(subcommand)]
    command: Command,
}

/// The help section of the options every command takes.
const GLOBAL: &str = "Global options";

/// `--at REV` on the commands that read a revision (check, status, explain, run).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AtArg {
    /// Read journal, rules and templates from a git revision instead of the working tree
    #[arg(long = "at", value_name = "REV")]
    pub at: Option<String>,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a ready-to-use dunning repo: journal.dun, rules.dun (NL and BE), templates/, .gitignore, .gitattributes, git init, first commit
    Init(init::Args),
    /// Parse and validate journal, rules and templates; print every problem; exit 1 if any error
    Check(check::Args),
    /// Rewrite files in canonical layout (atomic, comments kept); --check exits 1 if any would change
    Fmt(fmt::Args),
    /// What is open, how late, at which stage, what happens next and when
    Status(status::Args),
    /// Render every letter due on --date, append the `sent` records and commit both; --dry-run writes nothing
    Run(run::Args),
    /// Record a task stage (e.g. the phone call) as done on --date
    Done(done::Args),
    /// Deliver the e-mails `dun run --format eml` wrote, over SMTP, and record each delivery
    Send(send::Args),
    /// Read bank statements (camt.053, CODA, MT940, bank CSV), match each incoming payment,
    /// append the entries and commit them
    Import(import::Args),
    /// The full story of one invoice: entries, allocations, holds, stages, interest, why the next stage is due when it is
    Explain(explain::Args),
    /// Git history of an invoice or customer: who recorded what, when, in which commit
    Log(log::Args),
    /// How status changed between two revisions (new invoices, payments, stage moves); each side as of its commit's date unless --date
    Diff(diff::Args),
    /// The interest rate tables in force: each row's rate, status and source, and where the
    /// provisional period starts
    Rates(rates::Args),
    /// Revert the last commit dun made (run, done, send, import) when it is HEAD and the tree is clean, as a new commit
    Undo(undo::Args),
}

/// Settings resolved from flags, environment and the file system.
#[derive(Debug, Clone)]
pub struct Config {
    /// `-f`, or the discovered journal.
    journal: Option<PathBuf>,
    /// `-r`.
    rules: Option<PathBuf>,
    /// `--date`, else today.
    date: NaiveDate,
    /// Whether `--date` was given (else `date` is today).
    date_given: bool,
    /// Colour on stderr.
    color: bool,
    /// `--color`.
    color_when: ColorWhen,
    /// `-q`.
    quiet: bool,
    /// `-v`.
    verbose: bool,
    /// `--at`: the revision to read instead of the working tree.
    at: Option<String>,
}

impl Command {
    /// The `--at` given after the command, on the commands that take it.
    fn at(&self) -> Option<&String> {
        match self {
            Command::Check(a) => a.at.at.as_ref(),
            Command::Status(a) => a.at.at.as_ref(),
            Command::Explain(a) => a.at.at.as_ref(),
            Command::Run(a) => a.at.at.as_ref(),
            _ => None,
        }
    }
}

impl Config {
    fn resolve(cli: &Cli) -> Config {
        let at = cli.at.as_ref().or(cli.command.at()).cloned();
        let color = color_for(cli.color, std::io::stderr().is_terminal());
        Config {
            journal: cli
                .journal
                .clone()
                .or_else(discover_journal)
                .or_else(|| at.as_ref().and_then(|_| journal_at_repo_root())),
            rules: cli.rules.clone(),
            color_when: cli.color,
            date: cli.date.unwrap_or_else(today),
            date_given: cli.date.is_some(),
            color,
            quiet: cli.quiet,
            verbose: cli.verbose,
            at,
        }
    }

    /// The journal, or a usage error saying how to name one.
    fn journal(&self) -> Result<&Path, Failure> {
        self.journal.as_deref().ok_or_else(|| {
            Failure::Usage(
                "no journal: found no journal.dun here or at the git repo root; name one with -f FILE or $DUN_JOURNAL"
                    .into(),
            )
        })
    }

    /// Whether to colour a stream that is (or is not) a terminal.
    fn color_for(&self, terminal: bool) -> bool {
        color_for(self.color_when, terminal)
    }

    /// The project's paths.
    fn paths(&self) -> Result<Paths, Failure> {
        Ok(Paths {
            journal: self.journal()?.to_path_buf(),
            rules: self.rules.clone(),
        })
    }

    /// Opens the project from the working tree, or from the `--at` revision.
    fn open(&self) -> Result<Project, Failure> {
        let start = std::time::Instant::now();
        let project = Project::open(&*self.files()?, &self.paths()?)?;
        if self.verbose {
            let bytes: usize = project.sources.files().map(|(_, f)| f.text.len()).sum();
            let stages: Vec<String> = project
                .timings
                .iter()
                .map(|(stage, t)| format!("{stage} {:.3}", t.as_secs_f64()))
                .collect();
            let plural = crate::diag::plural;
            eprintln!(
                "dun: read {} ({:.1} MB), {}, {}, {} in {:.3} s ({})",
                plural(project.sources.len(), "file", "files"),
                bytes as f64 / 1e6,
                plural(project.book.customers.len(), "customer", "customers"),
                plural(project.book.invoices.len(), "invoice", "invoices"),
                plural(project.book.payments.len(), "payment or credit", "payments and credits"),
                start.elapsed().as_secs_f64(),
                stages.join(", ")
            );
        }
        Ok(project)
    }

    /// Evaluates the project as of `--date`, keeping the interest periods of `detail`.
    fn evaluate(&self, project: &Project, detail: Option<crate::book::InvoiceId>) -> crate::plan::Plan {
        let start = std::time::Instant::now();
        let plan = crate::plan::evaluate_detailed(&project.book, &project.rules, &project.rates, self.date, detail);
        if self.verbose {
            eprintln!(
                "dun: evaluated {} invoices as of {} in {:.3} s",
                plan.invoices.len(),
                self.date,
                start.elapsed().as_secs_f64()
            );
        }
        plan
    }

    /// Where files are read from: the `--at` revision, else the working tree.
    fn files(&self) -> Result<Box<dyn Files>, Failure> {
        match &self.at {
            None => Ok(Box::new(FsFiles)),
            Some(rev) => Ok(Box::new(self.files_at(rev)?)),
        }
    }

    /// The files of revision `rev` of the journal's repository.
    fn files_at(&self, rev: &str) -> Result<crate::repo::GitFiles, Failure> {
        let repo = self.git_repo("--at")?;
        crate::repo::GitFiles::at(repo, rev).map_err(|e| Failure::Usage(e.to_string()))
    }

    /// The git repository holding the journal (or, without a journal, the current directory).
    fn repo(&self) -> Option<git2::Repository> {
        let start = self
            .journal
            .as_deref()
            .map_or_else(|| PathBuf::from("."), crate::repo::discover::journal_dir);
        crate::repo::discover(&start)
    }

    /// The repository, or a usage error saying that `what` needs one.
    fn git_repo(&self, what: &str) -> Result<git2::Repository, Failure> {
        self.repo().ok_or_else(|| {
            let place = self
                .journal
                .as_deref()
                .map_or_else(|| "the current directory".to_string(), |j| format!("`{}`", j.display()));
            Failure::Usage(format!(
                "{what} needs git, but {place} is not inside a git repository \
                 (`git init` makes one; `dun init` makes a new dunning repo)"
            ))
        })
    }

    /// Where `sent` records go: the rules' `record-to` (relative to the rules file), else the main journal.
    fn record_target(&self, project: &Project) -> PathBuf {
        match (&project.rules.record_to, &project.rules_path) {
            (Some(to), Some(rules)) => crate::load::normalize(&rules.parent().unwrap_or(Path::new("")).join(&to.node)),
            _ => self.journal.clone().unwrap_or_default(),
        }
    }

    /// Takes the writers' lock of the journal for `command` (see [`crate::lock`]), saying so
    /// when it takes over a stale one.
    fn lock(&self, command: &str) -> Result<crate::lock::Lock, Failure> {
        // No journal, nothing to protect: say so before leaving a lock file anywhere.
        let journal_dir = crate::repo::discover::journal_dir(self.journal()?);
        let repo = self.repo();
        let path = crate::lock::lock_path(repo.as_ref().map(git2::Repository::path), &journal_dir);
        let lock = crate::lock::Lock::acquire(&path, command).map_err(|e| Failure::Usage(e.to_string()))?;
        crate::failpoint::hit("after-lock");
        if let Some(stale) = lock.stale() {
            eprintln!(
                "note: taking over a stale lock: {stale} ended without releasing `{}`; \
                 if it was interrupted, `git status` shows what it left (see docs/robustness.md)",
                path.display()
            );
        }
        Ok(lock)
    }

    /// The directory no write may leave through a symlink: the repository's work tree, else
    /// the journal's directory (see [`crate::confine`]).
    fn write_root(&self) -> PathBuf {
        let journal_dir = self
            .journal
            .as_deref()
            .map_or_else(|| PathBuf::from("."), crate::repo::discover::journal_dir);
        self.repo()
            .and_then(|r| r.workdir().map(Path::to_path_buf))
            .unwrap_or(journal_dir)
    }

    /// The journal, its includes and the rules file: what `fmt` formats by default.
    fn project_files(&self) -> Result<Vec<PathBuf>, Failure> {
        let project = self.open()?;
        Ok(project.files().into_iter().map(Path::to_path_buf).collect())
    }

    /// Renders diagnostics to stderr.
    fn report(&self, diags: &[Diagnostic], sources: &SourceMap) {
        let opts = RenderOptions { color: self.color };
        let text = render_all(diags, sources, opts, MAX_SHOWN);
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// Today, in local time.
pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `--color` resolved for one stream; `auto` honours `NO_COLOR`.
fn color_for(when: ColorWhen, terminal: bool) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// `--date` values: a real calendar date written YYYY-MM-DD.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("`{s}` is not a date: {}", crate::syntax::lex::date_hint(s)))
}

/// At most this many diagnostics are printed; the rest are counted.
const MAX_SHOWN: usize = 200;

/// `journal.dun` in the current directory, else at the root of the enclosing git repo.
fn discover_journal() -> Option<PathBuf> {
    let here = PathBuf::from("journal.dun");
    if here.is_file() {
        return Some(here);
    }
    let repo = crate::repo::discover(Path::new("."))?;
    let at_root = repo.workdir()?.join("journal.dun");
    at_root.is_file().then_some(at_root)
}

/// `journal.dun` at the root of the enclosing repo even if the working tree lacks it: with
/// `--at`, the journal may exist only in the revision.
fn journal_at_repo_root() -> Option<PathBuf> {
    let repo = crate::repo::discover(Path::new("."))?;
    Some(repo.workdir()?.join("journal.dun"))
}

/// `--at` is for commands that only read.
fn check_at(cli: &Cli) -> Result<(), Failure> {
    let allowed = matches!(
        cli.command,
        Command::Check(_) | Command::Status(_) | Command::Explain(_) | Command::Run(_)
    );
    if cli.at.is_some() && !allowed {
        return Err(Failure::Usage(
            "--at works with check, status, explain and run --dry-run only".into(),
        ));
    }
    Ok(())
}

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the data (exit 1); already reported.
    Data,
    /// A usage or I/O error (exit 2), with its message.
    Usage(String),
}

impl From<crate::load::LoadError> for Failure {
    fn from(e: crate::load::LoadError) -> Failure {
        Failure::Usage(e.to_string())
    }
}

/// Runs the command line and returns the process exit code (0 ok, 1 data problems, 2 usage or I/O).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = Config::resolve(&cli);
    let result = check_at(&cli).and_then(|()| match &cli.command {
        Command::Init(args) => init::run(&config, args),
        Command::Check(args) => check::run(&config, args),
        Command::Fmt(args) => fmt::run(&config, args),
        Command::Status(args) => status::run(&config, args),
        Command::Explain(args) => explain::run(&config, args),
        Command::Done(args) => done::run(&config, args),
        Command::Send(args) => send::run(&config, args),
        Command::Import(args) => import::run(&config, args),
        Command::Run(args) => run::run(&config, args),
        Command::Log(args) => log::run(&config, args),
        Command::Diff(args) => diff::run(&config, args),
        Command::Rates(args) => rates::run(&config, args),
        Command::Undo(args) => undo::run(&config, args),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Data) => ExitCode::from(1),
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
