//! `dun import` as one library function: read every file, place every line, append the
//! entries to the `import-to` file and commit them, taking every write back on failure.

use std::path::{Path, PathBuf};

use super::matching::{Decision, Matcher};
use super::{Line, ReadError, Statement};
use crate::book::Book;
use crate::project::Project;
use crate::record::append_entries;
use crate::repo::committer::Committer;
use crate::repo::dirty::{uncommitted, Inputs};
use crate::syntax::lex::quote;
use crate::write::undo::Undo;

/// What to import, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The statement files, in the order given.
    pub files: Vec<PathBuf>,
    /// Print what would be recorded; write nothing.
    pub dry_run: bool,
    /// Commit the entries (in a git repository).
    pub commit: bool,
    /// Record even when the journal's files have uncommitted changes.
    pub allow_dirty: bool,
    /// The main journal: the default place for the entries.
    pub journal: PathBuf,
    /// No write may leave this directory through a symlink.
    pub write_root: PathBuf,
}

/// One line and what became of it.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The line.
    pub line: Line,
    /// What is recorded for it.
    pub decision: Decision,
    /// Why, in words.
    pub why: String,
}

/// One statement and its lines.
#[derive(Debug, Clone)]
pub struct StatementOutcome {
    /// The statement (its lines are in `placed`).
    pub statement: Statement,
    /// Its lines, in file order.
    pub placed: Vec<Placed>,
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Every statement read.
    pub statements: Vec<StatementOutcome>,
    /// The file the entries go to.
    pub target: PathBuf,
    /// Payments recorded (reversals included).
    pub payments: usize,
    /// `unmatched` entries recorded.
    pub unmatched: usize,
    /// Whether anything was written.
    pub written: bool,
    /// Whether it was committed.
    pub committed: bool,
    /// Notes for the user (files left out of the commit, ...).
    pub notes: Vec<String>,
    /// How long each stage took (`read`, `match`, `write`), for `dun -v`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Outcome {
    /// The placed lines of every statement.
    pub fn lines(&self) -> impl Iterator<Item = &Placed> {
        self.statements.iter().flat_map(|s| &s.placed)
    }
}

/// Why an import did not happen; nothing was written.
#[derive(Debug)]
pub enum ImportError {
    /// A statement file could not be read.
    Io(PathBuf, std::io::Error),
    /// A statement file is not a statement dun can read.
    Read(ReadError),
    /// The `import-to` file is not part of the journal (its entries would be invisible).
    NotIncluded(PathBuf),
    /// Files the import reads have uncommitted changes.
    Dirty(Vec<(String, &'static str)>),
    /// Git refused (no identity, a broken repository).
    Git(String),
    /// A write or the commit failed; everything was taken back.
    Write(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Io(p, e) => write!(f, "cannot read `{}`: {e}; nothing was imported", p.display()),
            ImportError::Read(e) => write!(f, "{e}; nothing was imported"),
            ImportError::NotIncluded(p) => write!(
                f,
                "`{}` (where `import-to` says payments go) is not part of the journal: create it and \
                 `include` it from the main journal; nothing was imported",
                p.display()
            ),
            ImportError::Dirty(list) => {
                let lines: Vec<String> = list.iter().map(|(p, why)| format!("  {p} ({why})")).collect();
                write!(
                    f,
                    "uncommitted changes in the journal's files:\n{}\ncommit them first, so the import's \
                     commit holds only what it recorded (or use --allow-dirty or --no-commit); nothing was imported",
                    lines.join("\n")
                )
            }
            ImportError::Git(e) => write!(f, "cannot commit: {e}; nothing was imported (or use --no-commit)"),
            ImportError::Write(e) => write!(f, "{e}; nothing was imported"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Runs an import against the checked `project` (the caller holds the writers' lock and
/// refused a journal with errors). `repo` is the journal's git repository, if any.
pub fn import(project: &Project, repo: Option<git2::Repository>, opts: &Options) -> Result<Outcome, ImportError> {
    let clock = std::time::Instant::now();
    let mut statements = Vec::new();
    for file in &opts.files {
        statements.extend(read_file(file)?);
    }
    let read = clock.elapsed();
    let target = target(project, &opts.journal);
    let mut outcome = place(project, statements, target);
    let entries = entries(&project.book, &outcome);
    outcome.timings = vec![("read", read), ("match", clock.elapsed() - read)];
    if opts.dry_run || entries.is_empty() {
        return Ok(outcome);
    }
    if !project.files().iter().any(|f| same_file(f, &outcome.target)) {
        return Err(ImportError::NotIncluded(outcome.target.clone()));
    }
    crate::confine::confine(&outcome.target, &opts.write_root).map_err(ImportError::Write)?;
    let git = prepare_git(project, repo, opts, &outcome.target)?;
    let msg = message(&outcome, &opts.files);
    let started = std::time::Instant::now();
    outcome.notes = write(&outcome.target, &entries, git.as_ref(), &msg)?;
    outcome.timings.push(("write", started.elapsed()));
    outcome.written = true;
    outcome.committed = git.is_some();
    Ok(outcome)
}

/// Reads one statement file.
fn read_file(file: &Path) -> Result<Vec<Statement>, ImportError> {
    let io = |e| ImportError::Io(file.to_path_buf(), e);
    let size = std::fs::metadata(file).map_err(io)?.len();
    if size > super::MAX_STATEMENT_SIZE as u64 {
        return Err(ImportError::Read(ReadError {
            file: file.to_path_buf(),
            place: super::Place::File,
            message: format!("{size} bytes is larger than any bank statement"),
        }));
    }
    let bytes = std::fs::read(file).map_err(io)?;
    super::read(file, &bytes).map_err(ImportError::Read)
}

/// Places every line of `statements` (see [`Matcher`]); claims as of the last line's day.
pub fn place(project: &Project, statements: Vec<Statement>, target: PathBuf) -> Outcome {
    let as_of = statements
        .iter()
        .flat_map(|s| s.lines.iter().map(|l| l.date))
        .max()
        .or_else(|| project.book.last_date())
        .unwrap_or_default();
    let mut matcher = Matcher::new(&project.book, &project.rules, &project.rates, as_of);
    let mut out = Outcome {
        statements: Vec::with_capacity(statements.len()),
        target,
        payments: 0,
        unmatched: 0,
        written: false,
        committed: false,
        notes: Vec::new(),
        timings: Vec::new(),
    };
    for mut statement in statements {
        let lines = std::mem::take(&mut statement.lines);
        let placed = lines
            .into_iter()
            .map(|line| {
                let (decision, why) = matcher.decide(&line);
                match decision {
                    Decision::Payment(_) | Decision::Reversal { .. } => out.payments += 1,
                    Decision::Unmatched => out.unmatched += 1,
                    Decision::Skip(_) => {}
                }
                Placed { line, decision, why }
            })
            .collect();
        out.statements.push(StatementOutcome { statement, placed });
    }
    out
}

/// Where entries go: the rules' `import-to`, else their `record-to` (both relative to the
/// rules file), else the main journal.
pub fn target(project: &Project, journal: &Path) -> PathBuf {
    let rules_dir = project
        .rules_path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    match project.rules.import_to.as_ref().or(project.rules.record_to.as_ref()) {
        Some(to) if project.rules_path.is_some() => crate::load::normalize(&rules_dir.join(&to.node)),
        _ => journal.to_path_buf(),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// The journal text of every recorded line, grouped by statement: a comment naming the
/// statement, then its entries.
pub fn entries(book: &Book, outcome: &Outcome) -> Vec<String> {
    let mut out = Vec::new();
    for s in &outcome.statements {
        let texts: Vec<String> = s.placed.iter().filter_map(|p| entry(book, p)).collect();
        if texts.is_empty() {
            continue;
        }
        let st = &s.statement;
        let mut head = format!("; {} statement", st.format.name());
        if let Some(id) = &st.id {
            head.push_str(&format!(" {}", clean(id)));
        }
        if let Some(acct) = &st.account {
            head.push_str(&format!(" of {}", clean(acct)));
        }
        let name = st
            .file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        head.push_str(&format!(" ({}), imported by dun import\n", clean(&name)));
        let mut first = true;
        for t in texts {
            out.push(if first { format!("{head}{t}") } else { t });
            first = false;
        }
    }
    out
}

/// The entry for one placed line, if it records one.
pub fn entry(book: &Book, p: &Placed) -> Option<String> {
    let l = &p.line;
    let cur = l.currency;
    let amount = cur.format(l.amount);
    let iban = l.iban.as_deref().and_then(|i| crate::iban::normalize_iban(i).ok());
    let mut memo = match (&l.reference, l.text.is_empty()) {
        (Some(r), true) => clean(r),
        _ => clean(&l.text),
    };
    if let (None, Some(acct)) = (&iban, &l.iban) {
        // An account that is no IBAN (an old Belgian number, a card) is kept in the memo.
        memo = clean(&format!("{memo} (account {acct})"));
    }
    let mut e = match &p.decision {
        Decision::Payment(m) => {
            let mut e = format!("{} payment {} {amount} {cur}\n", l.date, book.customer(m.customer).id);
            for i in &m.invoices {
                e.push_str(&format!("  invoice: {}\n", book.invoice(*i).number));
            }
            e.push_str(&format!("  bank-id: {}\n", quote(&clean(&l.bank_id))));
            if let Some(iban) = &iban {
                e.push_str(&format!("  iban: {iban}\n"));
            }
            e.push_str(&format!("  matched-by: {}\n", m.how.as_str()));
            e
        }
        Decision::Reversal { customer, reverses } => {
            let mut e = format!("{} payment {} -{amount} {cur}\n", l.date, book.customer(*customer).id);
            e.push_str(&format!("  reverses: {}\n", quote(&clean(reverses))));
            e.push_str(&format!("  bank-id: {}\n", quote(&clean(&l.bank_id))));
            if let Some(iban) = &iban {
                e.push_str(&format!("  iban: {iban}\n"));
            }
            e
        }
        Decision::Unmatched => {
            let mut e = format!("{} unmatched {amount} {cur}\n", l.date);
            e.push_str(&format!("  bank-id: {}\n", quote(&clean(&l.bank_id))));
            if let Some(iban) = &iban {
                e.push_str(&format!("  iban: {iban}\n"));
            }
            if let Some(name) = l.name.as_deref().map(clean).filter(|n| !n.is_empty()) {
                e.push_str(&format!("  name: {}\n", quote(&name)));
            }
            e
        }
        Decision::Skip(_) => return None,
    };
    if !memo.is_empty() {
        e.push_str(&format!("  memo: {}\n", quote(&memo)));
    }
    Some(e)
}

/// Text from a bank made safe for one journal line: no control characters, blanks squeezed.
fn clean(text: &str) -> String {
    let t: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    super::squeeze(&t)
}

/// Before writing: the refusal when the journal's files have uncommitted changes, and the author.
fn prepare_git(
    project: &Project,
    repo: Option<git2::Repository>,
    opts: &Options,
    target: &Path,
) -> Result<Option<Committer>, ImportError> {
    let Some(repo) = repo else {
        return Ok(None);
    };
    if !opts.allow_dirty {
        let mut files: Vec<PathBuf> = project.files().into_iter().map(Path::to_path_buf).collect();
        files.push(target.to_path_buf());
        let inputs = Inputs {
            files,
            dirs: Vec::new(),
            journal_dir: Some(crate::repo::discover::journal_dir(&opts.journal)),
        };
        let dirty = uncommitted(&repo, &inputs).map_err(|e| ImportError::Git(e.to_string()))?;
        if !dirty.is_empty() {
            return Err(ImportError::Dirty(dirty));
        }
    }
    if !opts.commit {
        return Ok(None);
    }
    Committer::new(repo)
        .map(Some)
        .map_err(|e| ImportError::Git(e.to_string()))
}

/// `dun import: 12 payments, 2 to review`, then a line per file.
pub fn message(outcome: &Outcome, files: &[PathBuf]) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut out = format!(
        "dun import: {}, {} to review\n\n",
        plural(outcome.payments, "payment"),
        outcome.unmatched
    );
    for f in files {
        let name = f
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        out.push_str(&format!("from {}\n", clean(&name)));
    }
    out
}

/// Appends the entries and commits them; a failure gives the file its bytes back and
/// leaves HEAD as it was. Returns notes about files left out of the commit.
fn write(target: &Path, entries: &[String], git: Option<&Committer>, msg: &str) -> Result<Vec<String>, ImportError> {
    let mut undo = Undo::new();
    let result = undo
        .keep(target)
        .map_err(|e| format!("cannot read `{}`: {e}", target.display()))
        .and_then(|()| append_entries(target, entries).map_err(|e| e.to_string()))
        .and_then(|()| {
            crate::failpoint::hit("before-commit");
            match git {
                Some(git) => git
                    .commit(&[target.to_path_buf()], msg)
                    .map(|(_, notes)| notes)
                    .map_err(|e| format!("cannot commit: {e}")),
                None => Ok(Vec::new()),
            }
        });
    result.map_err(|e| {
        let mut text = e;
        for p in undo.rollback() {
            text.push_str(&format!("\nerror: while undoing: {p}"));
        }
        ImportError::Write(text)
    })
}
