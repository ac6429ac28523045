//! `dun run`: render every letter due on --date, append the `sent` records, list the tasks
//! and the customers skipped for the minimum. `--dry-run` writes nothing.

use std::path::{Path, PathBuf};

use super::{Config, Failure};
use crate::book::Book;
use crate::letters::{letter_path, LetterContext, LetterFormat, Templates};
use crate::load::FsFiles;
use crate::plan::evaluate;
use crate::project::Project;
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
    /// Letter format
    #[arg(long, value_enum, default_value_t = LetterFormat::Html)]
    format: LetterFormat,
}

/// A rendered letter and where it goes.
struct Rendered {
    path: PathBuf,
    text: String,
    records: Vec<SentRecord>,
}

/// Runs `dun run`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let mut project = config.open()?;
    let journal_dir = config.journal()?.parent().unwrap_or(Path::new("")).to_path_buf();
    let templates_dir = journal_dir.join("templates");
    let (templates, template_diags) = Templates::load(&FsFiles, &templates_dir, &mut project.sources);
    project.diagnostics.extend(template_diags);
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal, rules or templates have errors (see above); nothing was sent");
        return Err(Failure::Data);
    }
    let plan = evaluate(&project.book, &project.rules, &project.rates, config.date);
    config.report(&plan.diagnostics, &project.sources);
    if plan.diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
        eprintln!(
            "error: cannot evaluate as of {} (see above); nothing was sent",
            config.date
        );
        return Err(Failure::Data);
    }
    let run = select(&project.book, &project.rules, &plan);
    let out_dir = args.out.clone().unwrap_or_else(|| journal_dir.join("letters"));
    let rendered = render_all(&project, &plan, &run, &templates, &out_dir, &journal_dir, args.format)?;
    print!("{}", summary(&project.book, &run, &rendered, args.dry_run));
    if args.dry_run || rendered.is_empty() {
        return Ok(());
    }
    write(config, &project, &rendered)
}

/// Renders every letter; any template error stops the run before anything is written.
fn render_all(
    project: &Project,
    plan: &crate::plan::Plan,
    run: &RunPlan,
    templates: &Templates,
    out_dir: &Path,
    journal_dir: &Path,
    format: LetterFormat,
) -> Result<Vec<Rendered>, Failure> {
    let book = &project.book;
    let mut out: Vec<Rendered> = Vec::new();
    let mut problems = Vec::new();
    for letter in &run.letters {
        let customer = &book.customer(letter.customer).id;
        let mut path = letter_path(out_dir, letter, customer, format);
        if out.iter().any(|r| r.path == path) {
            // A second currency for the same customer and stage: keep both letters.
            path.set_extension(format!("{}.{}", letter.currency, format.ext()));
        }
        let ctx = LetterContext::build(book, &project.rules, plan, letter);
        match templates.render(&ctx, format) {
            Ok(text) => {
                let recorded = relative(&path, journal_dir);
                let records = letter_records(book, letter, Some(&recorded), "post");
                out.push(Rendered { path, text, records });
            }
            Err(d) => problems.push(d),
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

/// `path` relative to the journal's directory when it is inside it, as recorded in `letter:`.
fn relative(path: &Path, journal_dir: &Path) -> String {
    let p = path.strip_prefix(journal_dir).unwrap_or(path);
    p.to_string_lossy().replace('\\', "/")
}

/// Writes the letters, then appends the records; if the append fails, the letters written
/// by this run are removed again, so a failed run leaves no trace.
fn write(config: &Config, project: &Project, rendered: &[Rendered]) -> Result<(), Failure> {
    let mut written: Vec<&Path> = Vec::new();
    let undo = |written: &[&Path]| {
        for p in written {
            let _ = std::fs::remove_file(p);
        }
    };
    for r in rendered {
        let result = r
            .path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| crate::write::atomic_write(&r.path, r.text.as_bytes()));
        if let Err(e) = result {
            undo(&written);
            return Err(Failure::Usage(format!("cannot write `{}`: {e}", r.path.display())));
        }
        written.push(&r.path);
    }
    let records: Vec<SentRecord> = rendered.iter().flat_map(|r| r.records.iter().cloned()).collect();
    let target = config.record_target(project);
    if let Err(e) = append(&target, &records) {
        undo(&written);
        return Err(Failure::Usage(e.to_string()));
    }
    Ok(())
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
        out.push_str(&format!(
            "\nletter  {} ({})  {} [{}]  -> {}\n",
            book.customer(letter.customer).id,
            book.customer(letter.customer).name,
            letter.stage,
            letter.language,
            r.path.display()
        ));
        for item in &letter.items {
            let inv = book.invoice(item.invoice);
            out.push_str(&format!("  {}  {}  -> {}", inv.number, inv.amount, item.stage));
            if !item.fee.is_zero() {
                out.push_str(&format!("  fee {}", cur.format(item.fee)));
            }
            if !item.interest.is_zero() {
                out.push_str(&format!("  interest {}", cur.format(item.interest)));
            }
            out.push('\n');
        }
        if !letter.others.is_empty() {
            let others: Vec<&str> = letter.others.iter().map(|i| book.invoice(*i).number.as_str()).collect();
            out.push_str(&format!("  also listed, not advancing: {}\n", others.join(", ")));
        }
        out.push_str(&format!("  pay by {}\n", letter.pay_by));
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
