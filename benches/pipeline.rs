//! Benchmarks of the pipeline stages at 10k, 100k and 1M invoices, so that the growth
//! curve is visible: parse (MB/s), build the Book, evaluate the Plan, render status JSON and
//! the status dashboard, and 1,000 HTML letters.
//!
//! Run with `cargo bench` (all) or `cargo bench -- parse` (a filter). The data is made in
//! the setup by the same code as `cargo run --example gen` (included below), into a
//! temporary directory, once per size. `cargo test` does not run these: the target has
//! `harness = false` and `test = false`.
//!
//! The `--at REV` benchmark (reading a journal from git history) belongs with the git
//! features and is left to them.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use divan::counter::BytesCount;
use divan::Bencher;
use dun::letters::{LetterContext, LetterFormat, Templates};
use dun::load::{self, FsFiles};
use dun::project::{Paths, Project};
use dun::status::{Filter, Format, Report};
use dun::syntax::parse_journal;

// The allocator of the `dun` binary (src/main.rs), so stage times are those of a run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The generator is an example binary; its `generate` is shared here so the benches and
// `bench/compare.sh` time the same data.
#[allow(dead_code)]
#[path = "../examples/gen.rs"]
mod gen;

/// Sizes: invoices (payments are 80% of them, as in the 100k/80k data set).
const SIZES: &[usize] = &[10_000, 100_000, 1_000_000];

/// The evaluation date: after the generated data (2016..2025).
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).expect("ok: a valid constant date")
}

/// Generates (once per process) a data set and returns its journal path.
fn data(invoices: usize, customers: usize) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let root = DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"));
    let out = root.path().join(format!("i{invoices}-c{customers}"));
    if !out.join("journal.dun").exists() {
        let args = gen::Args {
            invoices,
            payments: invoices * 8 / 10,
            customers,
            seed: 1,
            files: 16,
            out: out.clone(),
            statement: 0,
        };
        gen::generate(&args).expect("generate bench data");
    }
    out.join("journal.dun")
}

fn journal(n: usize) -> PathBuf {
    data(n, (n / 200).max(100))
}

fn project(n: usize) -> Project {
    let paths = Paths {
        journal: journal(n),
        rules: None,
    };
    Project::open(&FsFiles, &paths).expect("open the generated journal")
}

fn main() {
    divan::main();
}

/// Syntax only: every journal file, already in memory, to syntax trees.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn parse(bencher: Bencher, n: usize) {
    let loaded = load::load(&FsFiles, &journal(n)).expect("load");
    let bytes: usize = loaded.parse.iter().map(|&id| loaded.sources.file(id).text.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        loaded
            .parse
            .iter()
            .map(|&id| parse_journal(id, &loaded.sources.file(id).text).blocks.len())
            .sum::<usize>()
    });
}

/// Load + parse + build + checks: `Project::open`, what every command starts with.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn open_project(bencher: Bencher, n: usize) {
    let paths = Paths {
        journal: journal(n),
        rules: None,
    };
    bencher.bench_local(|| Project::open(&FsFiles, &paths).map(|p| p.book.invoices.len()));
}

/// Syntax trees -> Book (name resolution, model order).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn build_book(bencher: Bencher, n: usize) {
    let loaded = load::load(&FsFiles, &journal(n)).expect("load");
    let parse = || -> Vec<_> {
        loaded
            .parse
            .iter()
            .map(|&id| parse_journal(id, &loaded.sources.file(id).text))
            .collect()
    };
    bencher
        .with_inputs(parse)
        .bench_local_values(|parsed| dun::book::build(parsed, Default::default()).0.invoices.len());
}

/// Book -> Plan as of a date (allocation, interest, holds, ladder).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn evaluate_plan(bencher: Bencher, n: usize) {
    let p = project(n);
    bencher.bench_local(|| dun::plan::evaluate(&p.book, &p.rules, &p.rates, as_of()).invoices.len());
}

/// Plan -> Report -> JSON text, as `dun status --format json` prints it.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn status_json(bencher: Bencher, n: usize) {
    let p = project(n);
    let plan = dun::plan::evaluate(&p.book, &p.rules, &p.rates, as_of());
    bencher.bench_local(|| {
        let report = Report::new(&p.book, &p.rules, &plan, &Filter::default());
        dun::status::render(&report, Format::Json, false).len()
    });
}

/// Plan -> dashboard page, as `dun status --format html` prints it: the status report, the
/// customers' behaviour, today's letters and tasks, and overdue at 13 earlier days.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn status_dashboard(bencher: Bencher, n: usize) {
    let p = project(n);
    let plan = dun::plan::evaluate(&p.book, &p.rules, &p.rates, as_of());
    bencher.bench_local(|| {
        let options = dun::dashboard::Options::default();
        dun::dashboard::build(&p.book, &p.rules, &p.rates, &plan, &options).map(|d| dun::dashboard::render(&d).len())
    });
}

/// 1,000 HTML letters with the built-in templates (contexts built and rendered), from a
/// journal with one or two open invoices per customer, like a real run.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn letters_1000_html(bencher: Bencher) {
    let paths = Paths {
        journal: data(8_000, 1_500),
        rules: None,
    };
    let p = Project::open(&FsFiles, &paths).expect("open");
    let plan = dun::plan::evaluate(&p.book, &p.rules, &p.rates, as_of());
    let run = dun::due::select(&p.book, &p.rules, &p.rates, &plan);
    assert!(!run.letters.is_empty(), "the bench data must have letters due");
    let templates = Templates::builtin();
    bencher.bench_local(|| {
        // Fewer than 1,000 letters due: render them again until 1,000 are done.
        run.letters
            .iter()
            .cycle()
            .take(1_000)
            .map(|letter| {
                let ctx = LetterContext::build(&p.book, &p.rules, &plan, letter);
                templates.render(&ctx, LetterFormat::Html).map(|s| s.len()).unwrap_or(0)
            })
            .sum::<usize>()
    });
}
