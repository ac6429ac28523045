//! `dun log NUMBER|CUSTOMER`: the commits that added, changed or removed entries about an
//! invoice or a customer, newest first, with the entries as they changed.

use super::{Config, Failure};
use crate::book::Book;
use crate::project::Project;
use crate::repo::discover::{git_path, journal_dir, WorkTree};
use crate::repo::entry_diff::Subject;
use crate::repo::history::{history, JournalFiles};
use crate::repo::log_render::{render_json, render_text};
use crate::repo::{GitError, GitFiles};

/// Arguments of `dun log`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An invoice or credit-note number, or a customer id
    subject: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    format: LogFormat,
}

/// Output formats of `dun log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    /// A block per commit.
    Text,
    /// The same as JSON.
    Json,
}

fn git(e: GitError) -> Failure {
    Failure::Usage(e.to_string())
}

/// Runs `dun log`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let repo = config.git_repo("`dun log`")?;
    let journal = config.journal()?.to_path_buf();
    let work = WorkTree::of(&repo).map_err(git)?;
    let rel = |p: &std::path::Path| work.relative(p).as_deref().and_then(git_path);
    let files = JournalFiles {
        dir: rel(&journal_dir(&journal)).unwrap_or_default(),
        exclude: rel(&config.paths()?.rules_file()).into_iter().collect(),
    };
    let (subject, kind) = subject(config, &args.subject);
    let commits = history(&repo, &files, &subject).map_err(git)?;
    if commits.is_empty() && kind == "unknown" {
        let guess = head_project(config)
            .and_then(|p| crate::lookup::guess_name(&p.book, &args.subject))
            .map_or(String::new(), |g| format!("; did you mean `{g}`?"));
        return Err(Failure::Usage(format!(
            "no invoice, credit note or customer `{}` in the journal at HEAD or in its history{guess}",
            args.subject
        )));
    }
    match args.format {
        LogFormat::Text if commits.is_empty() => {
            eprintln!("note: no commit changed an entry about `{}`", args.subject)
        }
        LogFormat::Text => print!("{}", render_text(&commits)),
        LogFormat::Json => print!("{}", render_json(&args.subject, kind, &commits)),
    }
    Ok(())
}

/// What to follow, from the journal at HEAD: an invoice (and its customer's payments that
/// name no invoice), a credit note, or a customer (and all its invoices and credit notes).
/// A name HEAD does not know is followed as any of them.
fn subject(config: &Config, key: &str) -> (Subject, &'static str) {
    let unknown = Subject {
        names: vec![key.to_string()],
        unallocated_of: None,
    };
    match head_project(config) {
        Some(project) => subject_in(&project.book, key).unwrap_or((unknown, "unknown")),
        None => (unknown, "unknown"),
    }
}

/// The project as of HEAD, if it opens.
fn head_project(config: &Config) -> Option<Project> {
    config
        .git_repo("`dun log`")
        .ok()
        .and_then(|repo| GitFiles::at(repo, "HEAD").ok())
        .and_then(|files| Project::open(&files, &config.paths().ok()?).ok())
}

fn subject_in(book: &Book, key: &str) -> Option<(Subject, &'static str)> {
    if let Some(id) = book.invoice_id(key) {
        let customer = book.customer(book.invoice(id).customer).id.to_string();
        let s = Subject {
            names: vec![key.to_string()],
            unallocated_of: Some(customer),
        };
        return Some((s, "invoice"));
    }
    if book.payments.iter().any(|p| p.credit_note.as_deref() == Some(key)) {
        let s = Subject {
            names: vec![key.to_string()],
            unallocated_of: None,
        };
        return Some((s, "credit"));
    }
    let c = book.customer_id(key)?;
    let mut names = vec![key.to_string()];
    names.extend(
        book.invoices
            .iter()
            .filter(|i| i.customer == c)
            .map(|i| i.number.to_string()),
    );
    names.extend(
        book.payments
            .iter()
            .filter(|p| p.customer == c)
            .filter_map(|p| p.credit_note.as_deref().map(str::to_string)),
    );
    let s = Subject {
        names,
        unallocated_of: None,
    };
    Some((s, "customer"))
}
