//! The command line: clap parses the flags into the options of a [`crate::command`], which
//! does the work; this module resolves the shared [`Context`] (defaults, environment, repo
//! discovery), calls the command, prints its outcome and turns its error into an exit code.

mod print;
mod shell;
mod stream;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::command::{
    check::CheckOptions, customers::CustomersOptions, diff::DiffOptions, done::DoneOptions, explain::ExplainOptions,
    fmt::FmtOptions, import::ImportOptions, init::InitOptions, log::LogOptions, rates::RatesOptions, run::RunOptions,
    send::SendOptions, status::StatusOptions, Context,
};
use crate::error::Error;
use stream::errln;

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
    #[arg(long, global = true, value_name = "DATE", value_parser = crate::syntax::lex::parse_date_arg, help_heading = GLOBAL)]
    date: Option<NaiveDate>,
    /// When to use colour (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    color: ColorWhen,
    /// Read journal, rules and templates from a git revision instead of the working tree
    /// (check, status, explain, customers, run --dry-run; also after those commands)
    #[arg(long, value_name = "REV", help_heading = GLOBAL)]
    at: Option<String>,
    /// Print only problems
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    quiet: bool,
    /// Also print what was read, how long each stage took and the peak memory (on stderr)
    #[arg(short, long, global = true, conflicts_with = "quiet", help_heading = GLOBAL)]
    verbose: bool,
    /// The command to run
    #[command(subcommand)]
    command: Command,
}

/// The help section of the options every command takes.
const GLOBAL: &str = "Global options";

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
    Init(InitOptions),
    /// Parse and validate journal, rules and templates; print every problem; exit 1 if any error
    Check(CheckOptions),
    /// Rewrite files in canonical layout (atomic, comments kept); --check exits 1 if any would change
    Fmt(FmtOptions),
    /// What is open, how late, at which stage, what happens next and when
    Status(StatusOptions),
    /// Render every letter due on --date, append the `sent` records and commit both; --dry-run writes nothing
    Run(RunOptions),
    /// Record a task stage (e.g. the phone call) as done on --date
    Done(DoneOptions),
    /// Deliver the e-mails `dun run --format eml` wrote, over SMTP, and record each delivery
    Send(SendOptions),
    /// Read bank statements (camt.053, CODA, MT940, bank CSV), match each incoming payment,
    /// append the entries and commit them
    Import(ImportOptions),
    /// The full story of one invoice: entries, allocations, holds, stages, interest, why the next stage is due when it is
    Explain(ExplainOptions),
    /// Payment behaviour per customer over the rules' window (grade, days late, trend), and the advice it leads to
    Customers(CustomersOptions),
    /// Git history of an invoice or customer: who recorded what, when, in which commit
    Log(LogOptions),
    /// How status changed between two revisions (new invoices, payments, stage moves); each side as of its commit's date unless --date
    Diff(DiffOptions),
    /// The interest rate tables in force: each row's rate, status and source, and where the
    /// provisional period starts
    Rates(RatesOptions),
    /// Revert the last commit dun made (run, done, send, import) when it is HEAD and the tree is clean, as a new commit
    Undo,
    /// A Language Server (stdio) for journal and rules files: diagnostics as you type, hover,
    /// go to definition, completion, outline, formatting
    Lsp,
    /// Shell completions (bash, zsh, fish, elvish, powershell) on stdout
    Completions(shell::CompletionsArgs),
    /// The man page (roff) on stdout
    Man,
}

impl Command {
    /// The `--at` given after the command, on the commands that take it; whether the command
    /// may take one at all.
    fn at(&self) -> (Option<&String>, bool) {
        match self {
            Command::Check(a) => (a.at.at.as_ref(), true),
            Command::Status(a) => (a.at.at.as_ref(), true),
            Command::Explain(a) => (a.at.at.as_ref(), true),
            Command::Run(a) => (a.at.at.as_ref(), true),
            Command::Customers(a) => (a.at.at.as_ref(), true),
            _ => (None, false),
        }
    }
}

/// How the outcome is shown: from `--color`, `-q` and whether the streams are terminals.
#[derive(Debug, Clone, Copy)]
struct Show {
    /// `--color`.
    color: ColorWhen,
    /// `-q`.
    quiet: bool,
}

impl Show {
    /// Whether to colour a stream that is (or is not) a terminal; `auto` honours `NO_COLOR`.
    fn color_for(self, terminal: bool) -> bool {
        match self.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// Resolves the context every command shares.
fn context(cli: &Cli, show: Show) -> Context {
    let at = cli.at.as_ref().or(cli.command.at().0).cloned();
    Context {
        journal: cli
            .journal
            .clone()
            .or_else(discover_journal)
            .or_else(|| at.as_ref().and_then(|_| journal_at_repo_root())),
        rules: cli.rules.clone(),
        date: cli.date.unwrap_or_else(crate::command::today),
        date_given: cli.date.is_some(),
        at,
        verbose: cli.verbose,
        reporter: Box::new(print::Stderr {
            color: show.color_for(std::io::stderr().is_terminal()),
            quiet: cli.quiet,
            verbose: cli.verbose,
        }),
    }
}

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

/// Runs the command line and returns the process exit code (0 ok, 1 data problems, 2 usage or I/O).
pub fn main() -> ExitCode {
    shell::complete_if_asked();
    let cli = Cli::parse();
    let show = Show {
        color: cli.color,
        quiet: cli.quiet,
    };
    let ctx = context(&cli, show);
    let result = match (&cli.at, cli.command.at().1) {
        (Some(_), false) => Err(Error::AtReadOnly),
        _ => dispatch(&ctx, &cli.command, show, cli.journal.is_some()),
    };
    match result {
        // A report cut short by a failed write is not a success.
        Ok(_) if stream::stdout_failed() => ExitCode::from(Error::Output(std::io::ErrorKind::Other.into()).exit_code()),
        Ok(code) => code,
        Err(e) => {
            if !e.is_silent() {
                errln!("error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// Calls the command and prints its outcome.
fn dispatch(ctx: &Context, command: &Command, show: Show, journal_given: bool) -> Result<ExitCode, Error> {
    use crate::command as c;
    let ok = ExitCode::SUCCESS;
    match command {
        Command::Init(o) => c::init::init(o).map(|dir| print::init(&dir, show)),
        Command::Check(o) => c::check::check(ctx).map(|checked| print::check(&checked, o.strict, show)),
        Command::Fmt(o) => c::fmt::fmt(ctx, o).map(|f| print::fmt(&f, o.check, show)),
        Command::Status(o) if o.format == crate::status::Format::Html => {
            print::dashboard(&c::status::dashboard(ctx, o)?).map(|()| ok)
        }
        Command::Status(o) => print::status(ctx, c::status::status(ctx, o)?, o.format, show).map(|()| ok),
        Command::Explain(o) => c::explain::explain(ctx, &o.number).map(|e| print::explain(&e, o.format)),
        Command::Customers(o) => {
            let (b, language) = c::customers::customers(ctx, o)?;
            print::customers(&b, &language, o.format, show).map(|()| ok)
        }
        Command::Run(o) => c::run::run(ctx, o).map(|_| ok),
        Command::Done(o) => c::done::done(ctx, o).map(|d| print::done(&d, &o.customer, show)),
        Command::Import(o) => c::import::import(ctx, o).map(|i| print::import(&i, o.dry_run, show)),
        Command::Send(o) => c::send::send(ctx, o).map(|s| print::send(&s, show)),
        Command::Log(o) => c::log::log(ctx, &o.subject).map(|l| print::log(&l, &o.subject, o.format)),
        Command::Diff(o) => c::diff::diff(ctx, o).map(|d| print::diff(&d, o.format)),
        Command::Rates(o) => c::rates::rates(ctx, o.scheme.as_deref()).map(|r| print::rates(&r, o.format)),
        Command::Undo => c::undo::undo(ctx).map(|u| print::undo(&u, show)),
        Command::Lsp => {
            // `-f`/`-r` pin every document to one project; `--date` fixes the evaluation date.
            let options = crate::lsp::Options {
                paths: journal_given.then(|| ctx.paths()).transpose()?,
                date: ctx.date_given.then_some(ctx.date),
            };
            crate::lsp::run_stdio(&options).map_err(|e| Error::Lsp(e.to_string()))?;
            Ok(ok)
        }
        Command::Completions(a) => shell::completions(a).map(|()| ok),
        Command::Man => shell::man().map(|()| ok),
    }
}
