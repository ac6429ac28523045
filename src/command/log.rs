//! `dun log NUMBER|CUSTOMER`: the commits that added, changed or removed entries about an
//! invoice or a customer, newest first, with the entries as they changed.

use super::Context;
use crate::book::Book;
use crate::changes::entries::Subject;
use crate::error::Error;
use crate::repo::discover::{git_path, journal_dir, WorkTree};
use crate::repo::history::{history, JournalFiles, LogCommit};
use crate::repo::GitFiles;

/// Options of `dun log`.
#[derive(Debug, clap::Args)]
pub struct LogOptions {
    /// An invoice or credit-note number, or a customer id
    pub subject: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub format: LogFormat,
}

/// Output formats of `dun log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// A block per commit.
    Text,
    /// The same as JSON.
    Json,
}

/// What a log's subject is in the journal at HEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    /// An invoice (followed with its customer's payments that name no invoice).
    Invoice,
    /// A credit note.
    Credit,
    /// A customer (followed with all its invoices and credit notes).
    Customer,
    /// A name HEAD does not know, followed as any of them.
    Unknown,
}

impl SubjectKind {
    /// The word in `dun log --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Invoice => "invoice",
            SubjectKind::Credit => "credit",
            SubjectKind::Customer => "customer",
            SubjectKind::Unknown => "unknown",
        }
    }
}

/// The history of one subject.
#[derive(Debug)]
pub struct Log {
    /// What the subject is.
    pub kind: SubjectKind,
    /// The commits that changed an entry about it, newest first.
    pub commits: Vec<LogCommit>,
}

/// The commits that changed an entry about `key`.
pub fn log(ctx: &Context, key: &str) -> Result<Log, Error> {
    let repo = ctx.git_repo("`dun log`")?;
    let journal = ctx.journal()?.to_path_buf();
    let work = WorkTree::of(&repo)?;
    let rel = |p: &std::path::Path| work.relative(p).as_deref().and_then(git_path);
    let files = JournalFiles {
        dir: rel(&journal_dir(&journal)).unwrap_or_default(),
        exclude: rel(&ctx.paths()?.rules_file()).into_iter().collect(),
    };
    let head = head_book(ctx);
    let (subject, kind) = head
        .as_ref()
        .and_then(|book| subject_in(book, key))
        .unwrap_or_else(|| (Subject::named(key), SubjectKind::Unknown));
    let commits = history(&repo, &files, &subject)?;
    if commits.is_empty() && kind == SubjectKind::Unknown {
        return Err(Error::NoSubject {
            name: key.to_string(),
            guess: head.and_then(|book| crate::lookup::guess_name(&book, key)),
        });
    }
    Ok(Log { kind, commits })
}

/// The book as of HEAD, if it opens.
fn head_book(ctx: &Context) -> Option<Book> {
    let files = GitFiles::at(ctx.git_repo("`dun log`").ok()?, "HEAD").ok()?;
    Some(ctx.open_from(&files).ok()?.book)
}

/// What to follow, from the journal at HEAD: an invoice (and its customer's payments that
/// name no invoice), a credit note, or a customer (and all its invoices and credit notes).
fn subject_in(book: &Book, key: &str) -> Option<(Subject, SubjectKind)> {
    if let Some(id) = book.invoice_id(key) {
        let customer = book.customer(book.invoice(id).customer).id.to_string();
        let s = Subject {
            names: vec![key.to_string()],
            unallocated_of: Some(customer),
        };
        return Some((s, SubjectKind::Invoice));
    }
    if book.payments.iter().any(|p| p.credit_note.as_deref() == Some(key)) {
        return Some((Subject::named(key), SubjectKind::Credit));
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
    Some((s, SubjectKind::Customer))
}
