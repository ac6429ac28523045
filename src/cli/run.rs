//! `dun run`: render every letter due on --date, append the `sent` records, commit both,
//! list the tasks and the customers skipped for the minimum. `--dry-run` writes nothing.
//!
//! In a git repository the run refuses to start while its inputs (journal files, rules,
//! templates, rate tables) have uncommitted changes, so every letter is based on a
//! committed state (`--allow-dirty` overrides), and ends with one commit holding the
//! records and the letters (`--no-commit` skips it). The author is checked before anything
//! is written; a failure at any step takes back every write and leaves HEAD as it was.

use std::path::{Path, PathBuf};

use super::{Config, Failure};
use crate::book::Book;
use crate::confine::confine;
use crate::diag::count;
use crate::letters::{letter_path, LetterContext, LetterFormat, Templates};
use crate::mail::{letter_email, Attachment, LetterMailError};
use crate::project::Project;
use crate::repo::dirty::{uncommitted, Inputs};
use crate::repo::run_commit::{message, LetterLine, RunCommit};
use crate::repo::undo::Undo;
use crate::run::record::{append, letter_records, SentRecord};
use crate::run::{select, RunPlan};

/// Arguments of `dun run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would be sent and why; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Where letters go [default: letters/ beside the journal]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Letter format [default: the rules' `formats`, else html]; `eml` writes e-mails (text +
    /// HTML, the PDF letter attached) for `dun send`, and HTML letters for post to customers
    /// without `email:`
    #[arg(long, value_enum)]
    format: Option<RunFormat>,
    /// Write the letters and records but make no git commit
    #[arg(long)]
    no_commit: bool,
    /// Run even if the journal, rules or templates have uncommitted changes
    #[arg(long)]
    allow_dirty: bool,
    /// Refuse (exit 1, nothing written) when there is any warning, e.g. interest at a rate
    /// carried forward past the end of its table or marked unverified
    #[arg(long)]
    strict: bool,
    /// Confirm a --date after today: the letters are dated then and count from then
    #[arg(long)]
    future: bool,
    #[command(flatten)]
    pub(super) at: super::AtArg,
}

/// `--format`: a letter format, or e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RunFormat {
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

/// Runs `dun run`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    if config.at.is_some() && !args.dry_run {
        return Err(Failure::Usage(
            "--at reads a past revision: only `dun run --dry-run` can use it (a run writes letters for today's journal)"
                .into(),
        ));
    }
    check_date(config, args)?;
    // Before anything is read: a second run must see the first one's records.
    let lock = match args.dry_run {
        true => None,
        false => Some(config.lock("dun run")?),
    };
    let files = config.files()?;
    let mut project = Project::open(&*files, &config.paths()?)?;
    let journal_dir = config.journal()?.parent().unwrap_or(Path::new("")).to_path_buf();
    let templates_dir = journal_dir.join("templates");
    let (templates, template_diags) = Templates::load(&*files, &templates_dir, &mut project.sources);
    project.diagnostics.extend(template_diags);
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal, rules or templates have errors (see above); nothing was sent");
        return Err(Failure::Data);
    }
    let mut plan = config.evaluate(&project, None);
    let run = select(&project.book, &project.rules, &project.rates, &plan);
    plan.diagnostics.extend(unverified_claims(&plan, &run));
    config.report(&plan.diagnostics, &project.sources);
    if plan.diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
        eprintln!(
            "error: cannot evaluate as of {} (see above); nothing was sent",
            config.date
        );
        return Err(Failure::Data);
    }
    let warnings = count(&project.diagnostics).1 + count(&plan.diagnostics).1;
    if args.strict && warnings > 0 {
        eprintln!("error: --strict and {warnings} warning(s) (see above); nothing was sent");
        return Err(Failure::Data);
    }
    let out_dir = args.out.clone().unwrap_or_else(|| journal_dir.join("letters"));
    let formats: Vec<RunFormat> = match args.format {
        Some(f) => vec![f],
        None => project
            .rules
            .letter_formats()
            .into_iter()
            .map(RunFormat::from_letter)
            .collect(),
    };
    let rendered = render_all(&project, &plan, &run, &templates, &out_dir, &journal_dir, &formats)?;
    let writes = !args.dry_run && !rendered.is_empty();
    // Refusals (uncommitted inputs, no git identity) come before the summary and any write.
    let git = match writes {
        true => prepare_git(config, args, &project, &templates_dir)?,
        false => None,
    };
    print!("{}", summary(&project.book, &run, &rendered, args.dry_run));
    if !writes {
        return Ok(());
    }
    let msg = commit_message(&project.book, &run, &rendered);
    write(config, &project, &rendered, git.as_ref(), &msg)?;
    crate::failpoint::hit("before-unlock");
    drop(lock);
    Ok(())
}

/// W061 when a letter of this run claims interest on an invoice whose interest used a rate
/// marked UNVERIFIED: what is claimed from a debtor must be checked, what is only shown need not.
fn unverified_claims(plan: &crate::plan::Plan, run: &RunPlan) -> Option<crate::diag::Diagnostic> {
    let claimed = run
        .letters
        .iter()
        .flat_map(|l| &l.items)
        .filter(|i| !i.interest.is_zero())
        .filter_map(|i| plan.invoice(i.invoice));
    crate::plan::unverified_rates(claimed)
}

/// A run dated after today needs `--future` (a dry run gets a warning); today is local time.
fn check_date(config: &Config, args: &Args) -> Result<(), Failure> {
    let today = super::today();
    if config.date <= today || args.future {
        return Ok(());
    }
    let days = crate::diag::plural(
        usize::try_from((config.date - today).num_days()).unwrap_or(usize::MAX),
        "day",
        "days",
    );
    let what = format!("--date {} is {days} after today ({today})", config.date);
    if args.dry_run {
        eprintln!("warning: {what}: a real run for that date needs --future");
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "{what}: the letters would be dated then and their `sent` records would count from then; \
         run on the day, or confirm with --future; nothing was written"
    )))
}

/// Warns when the branch is behind its upstream (as last fetched): a colleague's run may
/// not be here yet.
fn warn_behind(repo: &git2::Repository) {
    if let Some(behind) = crate::repo::upstream::behind_upstream(repo) {
        eprintln!("warning: {behind}");
    }
}

/// Before anything is written: the repository (a note outside one), the refusal when inputs
/// have uncommitted changes, and the author of the commit.
fn prepare_git(
    config: &Config,
    args: &Args,
    project: &Project,
    templates: &Path,
) -> Result<Option<RunCommit>, Failure> {
    let git = |e: crate::repo::GitError| Failure::Usage(e.to_string());
    let Some(repo) = config.repo() else {
        eprintln!(
            "note: `{}` is not in a git repository: the letters and records are written but not committed",
            config.journal()?.display()
        );
        return Ok(None);
    };
    warn_behind(&repo);
    if !args.allow_dirty {
        let dirty = uncommitted(&repo, &inputs(config, project, templates)).map_err(git)?;
        if !dirty.is_empty() {
            let list: Vec<String> = dirty.iter().map(|(p, why)| format!("  {p} ({why})")).collect();
            return Err(Failure::Usage(format!(
                "uncommitted changes in the files this run reads:\n{}\n\
                 commit them first, so every letter is based on a committed state \
                 (or run with --allow-dirty); nothing was written",
                list.join("\n")
            )));
        }
    }
    if args.no_commit {
        return Ok(None);
    }
    RunCommit::new(repo).map(Some).map_err(|e| {
        Failure::Usage(format!(
            "cannot commit the run: {e}; nothing was written (or run with --no-commit)"
        ))
    })
}

/// The files a run depends on: every file read, the record target, the rate tables, the templates.
fn inputs(config: &Config, project: &Project, templates: &Path) -> Inputs {
    let mut files: Vec<PathBuf> = project.files().into_iter().map(Path::to_path_buf).collect();
    files.push(config.record_target(project));
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
        journal_dir: config.journal.as_deref().map(crate::repo::discover::journal_dir),
    }
}

/// The commit message: the summary line, then a line per letter and per task.
fn commit_message(book: &Book, run: &RunPlan, rendered: &[Rendered]) -> String {
    let letters: Vec<LetterLine> = run
        .letters
        .iter()
        .zip(rendered)
        .map(|(l, r)| LetterLine {
            customer: book.customer(l.customer).id.to_string(),
            stage: l.stage.clone(),
            invoices: l
                .items
                .iter()
                .map(|i| book.invoice(i.invoice).number.to_string())
                .collect(),
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
fn render_all(
    project: &Project,
    plan: &crate::plan::Plan,
    run: &RunPlan,
    templates: &Templates,
    out_dir: &Path,
    journal_dir: &Path,
    formats: &[RunFormat],
) -> Result<Vec<Rendered>, Failure> {
    let book = &project.book;
    let by_email = formats.contains(&RunFormat::Eml);
    if by_email && project.rules.sender.as_ref().and_then(|s| s.email.as_ref()).is_none() {
        return Err(Failure::Usage(
            "--format eml needs the sender's `email:` in the rules (the From address); nothing was written".into(),
        ));
    }
    let mut out: Vec<Rendered> = Vec::new();
    let mut problems = Vec::new();
    for letter in &run.letters {
        let customer = &book.customer(letter.customer).id;
        let ctx = LetterContext::build(book, &project.rules, plan, letter);
        let mut files = Vec::new();
        let mut channel = "post";
        let mut by_post = None;
        let post_only = crate::run::select::post_only(book, &project.rules, letter);
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
        eprint!(
            "{}",
            crate::diag::render_all(&problems, &project.sources, Default::default(), 200)
        );
        return Err(Failure::Data);
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
/// its original bytes) and HEAD is left as it was, so a failed run leaves no trace.
fn write(
    config: &Config,
    project: &Project,
    rendered: &[Rendered],
    git: Option<&RunCommit>,
    msg: &str,
) -> Result<(), Failure> {
    let mut undo = Undo::new();
    match write_steps(config, project, rendered, git, msg, &mut undo) {
        Ok(notes) => {
            for n in notes {
                eprintln!("note: {n}");
            }
            Ok(())
        }
        Err(e) => {
            let problems = undo.rollback();
            let mut text = format!("{e}; nothing was written or committed");
            for p in problems {
                text.push_str(&format!("\nerror: while undoing: {p}"));
            }
            Err(Failure::Usage(text))
        }
    }
}

/// The steps of [`write`]; every write goes through `undo`. Returns notes for stderr.
fn write_steps(
    config: &Config,
    project: &Project,
    rendered: &[Rendered],
    git: Option<&RunCommit>,
    msg: &str,
    undo: &mut Undo,
) -> Result<Vec<String>, String> {
    let target = config.record_target(project);
    let root = config.write_root();
    let written = || rendered.iter().flat_map(|r| r.files.iter().map(|(p, _)| p));
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
    let mut paths = vec![target];
    paths.extend(written().cloned());
    crate::failpoint::hit("before-commit");
    let (_, notes) = git
        .commit(&paths, msg)
        .map_err(|e| format!("cannot commit the run: {e}"))?;
    Ok(notes)
}

/// What the run does (or would do), for people.
fn summary(book: &Book, run: &RunPlan, rendered: &[Rendered], dry_run: bool) -> String {
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
            "\nletter  {} ({})  {} [{}]  -> {}\n",
            book.customer(letter.customer).id,
            book.customer(letter.customer).name,
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
            "\ntask    {} ({})  {}: {}  ({})\n  record it when done: dun done {} {}\n",
            book.customer(t.customer).id,
            book.customer(t.customer).name,
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
