//! `dun run`: render every letter due on --date, append the `sent` records, commit both,
//! list the tasks and the customers skipped for the minimum. `--dry-run` writes nothing.
//!
//! In a git repository the run refuses to start while its inputs (journal files, rules,
//! templates, rate tables) have uncommitted changes, so every letter is based on a
//! committed state (`--allow-dirty` overrides), and ends with one commit holding the
//! records and the letters (`--no-commit` skips it). The author is checked before anything
//! is written; a failure at any step takes back every write and leaves HEAD as it was.

use std::path::{Path, PathBuf};

use super::{transaction, Context, Line};
use crate::book::{Book, CustomerId};
use crate::confine::confine;
use crate::diag::count;
use crate::due::{select, Due};
use crate::error::{Error, Stop, Then};
use crate::letters::{letter_path, LetterContext, LetterFormat, Templates};
use crate::mail::{letter_email, Attachment, LetterMailError};
use crate::project::Project;
use crate::record::{append, letter_records, SentRecord};
use crate::repo::committer::{message, Committer, LetterLine};
use crate::repo::dirty::{uncommitted, Inputs};
use crate::write::undo::Undo;

/// Options of `dun run`.
#[derive(Debug, Default, clap::Args)]
pub struct RunOptions {
    /// Show what would be sent and why; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Where letters go [default: letters/ beside the journal]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Letter format [default: the rules' `formats`, else html]; `eml` writes e-mails (text +
    /// HTML, the PDF letter attached) for `dun send`, and HTML letters for post to customers
    /// without `email:`
    #[arg(long, value_enum)]
    pub format: Option<RunFormat>,
    /// Write the letters and records but make no git commit
    #[arg(long)]
    pub no_commit: bool,
    /// Run even if the journal, rules or templates have uncommitted changes
    #[arg(long)]
    pub allow_dirty: bool,
    /// Refuse (exit 1, nothing written) when there is any warning, e.g. interest at a rate
    /// carried forward past the end of its table or marked unverified
    #[arg(long)]
    pub strict: bool,
    /// Confirm a --date after today: the letters are dated then and count from then
    #[arg(long)]
    pub future: bool,
    #[command(flatten)]
    #[allow(missing_docs)] // the help is on the flattened `--at`
    pub at: super::AtArg,
}

/// `--format`: a letter format, or e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    /// Plain text, 72 columns
    Txt,
    /// Markdown
    Md,
    /// A print-ready HTML page (A4)
    Html,
    /// An A4 PDF for a window envelope
    Pdf,
    /// An RFC 5322 e-mail (text and HTML alternatives, the PDF letter attached), sent later
    /// by `dun send`
    Eml,
}

impl RunFormat {
    /// The letter format written to a file (HTML for `eml`'s letters by post).
    fn letter(self) -> LetterFormat {
        match self {
            RunFormat::Txt => LetterFormat::Txt,
            RunFormat::Md => LetterFormat::Md,
            RunFormat::Pdf => LetterFormat::Pdf,
            RunFormat::Html | RunFormat::Eml => LetterFormat::Html,
        }
    }

    fn from_letter(format: LetterFormat) -> RunFormat {
        match format {
            LetterFormat::Txt => RunFormat::Txt,
            LetterFormat::Md => RunFormat::Md,
            LetterFormat::Html => RunFormat::Html,
            LetterFormat::Pdf => RunFormat::Pdf,
        }
    }
}

/// A rendered letter: its files (one per format, the first named by the records).
struct Rendered {
    files: Vec<(PathBuf, Vec<u8>)>,
    records: Vec<SentRecord>,
    /// Why a letter meant for e-mail goes by post.
    by_post: Option<&'static str>,
    /// What the letter asks: each invoice's number and open principal, and the total to pay
    /// (as the letter shows them).
    asked: Asked,
}

/// The amounts a letter asks, from its context.
#[derive(Debug, Default)]
struct Asked {
    open: Vec<(String, String)>,
    total: String,
}

impl Asked {
    fn of(ctx: &LetterContext) -> Asked {
        Asked {
            open: ctx
                .invoices
                .iter()
                .map(|i| (i.number.clone(), i.open.clone()))
                .collect(),
            total: ctx.totals.total.clone(),
        }
    }

    fn open(&self, number: &str) -> Option<&str> {
        self.open.iter().find(|(n, _)| n == number).map(|(_, o)| o.as_str())
    }
}

/// What `dun run` did (or with `--dry-run` would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// Letters rendered.
    pub letters: usize,
    /// Tasks due.
    pub tasks: usize,
    /// Whether anything was written.
    pub written: bool,
}

/// Renders every letter due on `--date`, appends the `sent` records and commits both; with
/// `--dry-run` writes nothing. Refusals (errors in the data, uncommitted inputs, no git
/// author) come before any write; a failed write takes back every write.
pub fn run(ctx: &Context, opts: &RunOptions) -> Result<Ran, Error> {
    if ctx.at.is_some() && !opts.dry_run {
        return Err(Error::AtRun);
    }
    check_date(ctx, opts)?;
    // Before anything is read: a second run must see the first one's records.
    let lock = match opts.dry_run {
        true => None,
        false => Some(ctx.lock("dun run")?),
    };
    let files = ctx.files()?;
    let mut project = ctx.open_from(&*files)?;
    let journal_dir = ctx.journal()?.parent().unwrap_or(Path::new("")).to_path_buf();
    let templates_dir = journal_dir.join("templates");
    let (templates, template_diags) = Templates::load(&*files, &templates_dir, &mut project.sources);
    project.diagnostics.extend(template_diags);
    ctx.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        return Err(Error::Data(Some(Stop::InvalidOrTemplates(Then::NothingSent))));
    }
    let mut plan = ctx.evaluate(&project, None);
    let run = select(&project.book, &project.rules, &project.rates, &plan);
    plan.diagnostics.extend(unverified_claims(&plan, &run));
    ctx.report(&plan.diagnostics, &project.sources);
    if plan.diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
        return Err(Error::Data(Some(Stop::Evaluation(ctx.date, Then::NothingSent))));
    }
    let warnings = count(&project.diagnostics).1 + count(&plan.diagnostics).1;
    if opts.strict && warnings > 0 {
        return Err(Error::Data(Some(Stop::Strict(warnings))));
    }
    let out_dir = opts.out.clone().unwrap_or_else(|| journal_dir.join("letters"));
    let formats: Vec<RunFormat> = match opts.format {
        Some(f) => vec![f],
        None => project
            .rules
            .letter_formats()
            .into_iter()
            .map(RunFormat::from_letter)
            .collect(),
    };
    let rendered = render_all(ctx, &project, &plan, &run, &templates, &out_dir, &journal_dir, &formats)?;
    let writes = !opts.dry_run && !rendered.is_empty();
    // Refusals (uncommitted inputs, no git identity) come before the summary and any write.
    let git = match writes {
        true => prepare_git(ctx, opts, &project, &templates_dir)?,
        false => None,
    };
    // What the run does, shown before anything is written: a failed write says what it was.
    ctx.say(Line::Output(&summary(&project.book, &run, &rendered, opts.dry_run)));
    let ran = Ran {
        letters: run.letters.len(),
        tasks: run.tasks.len(),
        written: writes,
    };
    if writes {
        let msg = commit_message(&project.book, &run, &rendered);
        let notes = write(ctx, &project, &rendered, git.as_ref(), &msg)?;
        for n in notes {
            ctx.say(Line::Note(&n));
        }
        crate::failpoint::hit("before-unlock");
    }
    drop(lock);
    Ok(ran)
}

/// W061 when a letter of this run claims interest on an invoice whose interest used a rate
/// marked UNVERIFIED: what is claimed from a debtor must be checked, what is only shown need not.
fn unverified_claims(plan: &crate::plan::Plan, run: &Due) -> Option<crate::diag::Diagnostic> {
    let claimed = run
        .letters
        .iter()
        .flat_map(|l| &l.items)
        .filter(|i| !i.interest.is_zero())
        .filter_map(|i| plan.issued_ledger(i.invoice));
    crate::plan::unverified_rates(claimed)
}

/// A run dated after today needs `--future` (a dry run gets a warning); today is local time.
fn check_date(ctx: &Context, opts: &RunOptions) -> Result<(), Error> {
    let today = super::today();
    if ctx.date <= today || opts.future {
        return Ok(());
    }
    if opts.dry_run {
        let days = usize::try_from((ctx.date - today).num_days()).unwrap_or(usize::MAX);
        ctx.say(Line::Warning(&format!(
            "{}: a real run for that date needs --future",
            crate::error::future(ctx.date, today, days)
        )));
        return Ok(());
    }
    Err(Error::Future { date: ctx.date, today })
}

/// Before anything is written: the repository (a note outside one), the refusal when inputs
/// have uncommitted changes, and the author of the commit.
fn prepare_git(
    ctx: &Context,
    opts: &RunOptions,
    project: &Project,
    templates: &Path,
) -> Result<Option<Committer>, Error> {
    let Some(repo) = ctx.repo() else {
        ctx.say(Line::Note(&format!(
            "`{}` is not in a git repository: the letters and records are written but not committed",
            ctx.journal()?.display()
        )));
        return Ok(None);
    };
    // A colleague's run may not be here yet.
    if let Some(behind) = crate::repo::upstream::behind_upstream(&repo) {
        ctx.say(Line::Warning(&behind.to_string()));
    }
    if !opts.allow_dirty {
        let dirty = uncommitted(&repo, &inputs(ctx, project, templates))?;
        if !dirty.is_empty() {
            return Err(Error::DirtyInputs(
                dirty.into_iter().map(|(p, why)| (p, why.to_string())).collect(),
            ));
        }
    }
    if opts.no_commit {
        return Ok(None);
    }
    Committer::new(repo).map(Some).map_err(|error| Error::CannotCommit {
        error,
        what: " the run",
        then: Then::NothingWritten,
    })
}

/// The files a run depends on: every file read, the record target, the rate tables, the templates.
fn inputs(ctx: &Context, project: &Project, templates: &Path) -> Inputs {
    let mut files: Vec<PathBuf> = project.files().into_iter().map(Path::to_path_buf).collect();
    files.push(ctx.record_target(project));
    if let Some(rules) = &project.rules_path {
        let dir = rules.parent().unwrap_or(Path::new(""));
        files.extend(
            project
                .rules
                .rates
                .iter()
                .map(|r| crate::load::normalize(&dir.join(&r.path))),
        );
    }
    Inputs {
        files,
        dirs: vec![templates.to_path_buf()],
        journal_dir: ctx.journal.as_deref().map(crate::repo::discover::journal_dir),
    }
}

/// The commit message: the summary line, then a line per letter and per task.
fn commit_message(book: &Book, run: &Due, rendered: &[Rendered]) -> String {
    let letters: Vec<LetterLine> = run
        .letters
        .iter()
        .zip(rendered)
        .map(|(l, r)| LetterLine {
            customer: book.customer(l.customer).id.to_string(),
            stage: l.stage.clone(),
            invoices: l.numbers(book),
            path: r.records.first().and_then(|s| s.letter.clone()).unwrap_or_default(),
        })
        .collect();
    let tasks: Vec<String> = run
        .tasks
        .iter()
        .map(|t| {
            let numbers: Vec<&str> = t.invoices.iter().map(|i| book.invoice(*i).number.as_str()).collect();
            format!("{} {} {}", book.customer(t.customer).id, t.stage, numbers.join(", "))
        })
        .collect();
    message(run.date, &letters, &tasks)
}

/// Renders every letter in every format; any template error stops the run before anything
/// is written.
#[allow(clippy::too_many_arguments)]
fn render_all(
    ctx: &Context,
    project: &Project,
    plan: &crate::plan::Plan,
    run: &Due,
    templates: &Templates,
    out_dir: &Path,
    journal_dir: &Path,
    formats: &[RunFormat],
) -> Result<Vec<Rendered>, Error> {
    let book = &project.book;
    let by_email = formats.contains(&RunFormat::Eml);
    if by_email && project.rules.sender.as_ref().and_then(|s| s.email.as_ref()).is_none() {
        return Err(Error::EmlNeedsSender);
    }
    let mut out: Vec<Rendered> = Vec::new();
    let mut problems = Vec::new();
    for letter in &run.letters {
        let customer = &book.customer(letter.customer).id;
        let ctx = LetterContext::build(book, &project.rules, plan, letter);
        let mut files = Vec::new();
        let mut channel = "post";
        let mut by_post = None;
        let post_only = crate::due::post_only(book, &project.rules, letter);
        for &format in formats {
            // E-mail to customers with an address; the others get the HTML letter, for post.
            let mail =
                format == RunFormat::Eml && !book.customer(letter.customer).emails.is_empty() && post_only.is_none();
            let ext = if mail { "eml" } else { format.letter().ext() };
            let mut path = letter_path(out_dir, letter, customer, format.letter()).with_extension(ext);
            if out.iter().flat_map(|r| &r.files).chain(&files).any(|(p, _)| *p == path) {
                // A second currency for the same customer and stage: keep both letters.
                path.set_extension(format!("{}.{ext}", letter.currency));
            }
            let rendered = match (format, post_only) {
                (RunFormat::Eml, Some(why)) => templates
                    .render(&ctx, LetterFormat::Html)
                    .map(|text| (text.into_bytes(), "post", Some(why))),
                _ => render_one(templates, &ctx, &path, format),
            };
            match rendered {
                Ok((bytes, how, post)) => {
                    if files.is_empty() {
                        channel = how;
                    }
                    by_post = by_post.or(post);
                    files.push((path, bytes));
                }
                Err(d) => {
                    if !problems.contains(&d) {
                        problems.push(d);
                    }
                }
            }
        }
        if let Some((first, _)) = files.first() {
            let recorded = relative(first, journal_dir);
            let records = letter_records(book, letter, Some(&recorded), channel);
            out.push(Rendered {
                files,
                records,
                by_post,
                asked: Asked::of(&ctx),
            });
        }
    }
    if !problems.is_empty() {
        ctx.report(&problems, &project.sources);
        return Err(Error::Data(None));
    }
    Ok(out)
}

/// One letter in one format: its bytes, its channel, and why an e-mail letter goes by post.
fn render_one(
    templates: &Templates,
    ctx: &LetterContext,
    path: &Path,
    format: RunFormat,
) -> Result<(Vec<u8>, &'static str, Option<&'static str>), crate::diag::Diagnostic> {
    if format != RunFormat::Eml {
        return Ok((templates.letter(ctx, format.letter())?, "post", None));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match letter_email(templates, ctx, &stem, &pdf_attachment(templates, ctx, &stem)?) {
        Ok(bytes) => Ok((bytes, "email", None)),
        Err(LetterMailError::NoRecipient) => {
            let text = templates.render(ctx, LetterFormat::Html)?;
            Ok((text.into_bytes(), "post", Some("the customer has no `email:`")))
        }
        Err(LetterMailError::Template(d)) => Err(d),
        Err(LetterMailError::NoSender) => Err(crate::diag::Diagnostic::new(
            crate::diag::Code::Missing,
            "the sender has no `email:`",
        )),
        Err(LetterMailError::Build(e)) => Err(crate::diag::Diagnostic::new(
            crate::diag::Code::BadValue,
            format!("letter to `{}`: {e}", ctx.customer.id),
        )),
    }
}

/// The PDF letter an e-mail carries, when this `dun` can make PDFs (feature `pdf`); a
/// customer without `email:` gets no e-mail, so it is made only for those with one.
fn pdf_attachment(
    templates: &Templates,
    ctx: &LetterContext,
    stem: &str,
) -> Result<Vec<Attachment>, crate::diag::Diagnostic> {
    if !cfg!(feature = "pdf") || ctx.customer.email.is_none() {
        return Ok(Vec::new());
    }
    Ok(vec![Attachment {
        filename: format!("{stem}.pdf"),
        mime: "application/pdf".into(),
        bytes: templates.letter(ctx, LetterFormat::Pdf)?,
    }])
}

/// `path` relative to the journal's directory when it is inside it, as recorded in `letter:`.
fn relative(path: &Path, journal_dir: &Path) -> String {
    let p = path.strip_prefix(journal_dir).unwrap_or(path);
    p.to_string_lossy().replace('\\', "/")
}

/// Writes the letters, appends the records, and commits both. If any step fails, every
/// write is taken back (letters and new directories removed, the record file restored from
/// its original bytes) and HEAD is left as it was, so a failed run leaves no trace. Returns
/// notes about files left out of the commit.
fn write(
    ctx: &Context,
    project: &Project,
    rendered: &[Rendered],
    git: Option<&Committer>,
    msg: &str,
) -> Result<Vec<String>, Error> {
    let target = ctx.record_target(project);
    let root = ctx.write_root();
    let written = || rendered.iter().flat_map(|r| r.files.iter().map(|(p, _)| p));
    transaction::transaction(Then::NothingCommitted, |undo: &mut Undo| {
        for path in written() {
            confine(path, &root)?;
        }
        confine(&target, &root)?;
        for (path, bytes) in rendered.iter().flat_map(|r| &r.files) {
            undo.write(path, bytes)
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            crate::failpoint::hit("after-letter");
        }
        let records: Vec<SentRecord> = rendered.iter().flat_map(|r| r.records.iter().cloned()).collect();
        undo.keep(&target)
            .map_err(|e| format!("cannot read `{}`: {e}", target.display()))?;
        append(&target, &records).map_err(|e| e.to_string())?;
        crate::failpoint::hit("after-append");
        let Some(git) = git else {
            return Ok(Vec::new());
        };
        let mut paths = vec![target.clone()];
        paths.extend(written().cloned());
        crate::failpoint::hit("before-commit");
        let (_, notes) = git
            .commit(&paths, msg)
            .map_err(|e| format!("cannot commit the run: {e}"))?;
        Ok(notes)
    })
}

/// A customer as the summary names it: "id (name)".
fn who(book: &Book, id: CustomerId) -> String {
    let c = book.customer(id);
    format!("{} ({})", c.id, c.name)
}

/// What the run does (or would do), for people.
fn summary(book: &Book, run: &Due, rendered: &[Rendered], dry_run: bool) -> String {
    let tasks = run.tasks.len();
    let mut out = format!(
        "dun run {}: {} letter{}, {} task{}{}\n",
        run.date,
        run.letters.len(),
        if run.letters.len() == 1 { "" } else { "s" },
        tasks,
        if tasks == 1 { "" } else { "s" },
        if dry_run { " (dry run: nothing written)" } else { "" }
    );
    for (letter, r) in run.letters.iter().zip(rendered) {
        let cur = letter.currency;
        let paths: Vec<String> = r.files.iter().map(|(p, _)| p.display().to_string()).collect();
        out.push_str(&format!(
            "\nletter  {}  {} [{}]  -> {}\n",
            who(book, letter.customer),
            letter.stage,
            letter.language,
            paths.join(", ")
        ));
        for item in &letter.items {
            let inv = book.invoice(item.invoice);
            let open = r
                .asked
                .open(&inv.number)
                .map_or_else(|| inv.amount.to_string(), |o| format!("{o} {cur}"));
            out.push_str(&format!("  {}  open {open}  -> {}", inv.number, item.stage));
            if !item.fee.is_zero() {
                out.push_str(&format!("  fee {}", cur.format(item.fee)));
            }
            if !item.interest.is_zero() {
                out.push_str(&format!("  interest {}", cur.format(item.interest)));
            }
            out.push('\n');
        }
        if !letter.others.is_empty() {
            let others: Vec<String> = letter
                .others
                .iter()
                .map(|o| format!("{} ({})", book.invoice(o.invoice).number, o.why.describe()))
                .collect();
            out.push_str(&format!("  also listed, not in this letter: {}\n", others.join(", ")));
        }
        out.push_str(&format!("  asks {} {cur}, pay by {}\n", r.asked.total, letter.pay_by));
        if let Some(why) = r.by_post {
            out.push_str(&format!("  by post: {why}\n"));
        }
    }
    for t in &run.tasks {
        let numbers: Vec<&str> = t.invoices.iter().map(|i| book.invoice(*i).number.as_str()).collect();
        out.push_str(&format!(
            "\ntask    {}  {}: {}  ({})\n  record it when done: dun done {} {}\n",
            who(book, t.customer),
            t.stage,
            t.text,
            numbers.join(", "),
            book.customer(t.customer).id,
            t.stage
        ));
    }
    for s in &run.skipped {
        out.push_str(&format!(
            "\nskipped {}: overdue {} is below the minimum {}\n",
            book.customer(s.customer).id,
            s.overdue,
            s.minimum
        ));
    }
    out
}
