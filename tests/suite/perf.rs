//! The fast paths change no output: `dun status` and `dun check` on a generated 10k data set
//! give, byte for byte, what the implementation before them gave (a hash of each output,
//! taken from that implementation, is stored below), and the claim pass shared by the money
//! checks and the evaluation gives what two passes gave.
//!
//! The data set is made here by the generator of the benchmarks (`examples/gen.rs`): 10,000
//! invoices, 8,000 payments, 100 customers, seed 1, 16 include files. Two dates: one after
//! every entry (the shared pass) and one in the middle of the data (entries after it exist:
//! the evaluation makes its own pass).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use dun::load::MemFiles;
use dun::plan::evaluate;
use dun::project::{Paths, Project};

#[allow(dead_code)]
#[path = "../../examples/gen.rs"]
mod gen;

/// FNV-1a, 64 bits: a stable hash with no dependency (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Runs `dun ARGS` in `dir` and returns its standard output, which must be a success's.
fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_dun"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dun");
    assert!(
        out.status.success(),
        "dun {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// (arguments after `-f journal.dun`, length of the output, its FNV-1a hash), as given by the
/// implementation before the fast paths (commit 52ed1c7); `explain` since it names the
/// customer's grade.
const EXPECTED: &[(&[&str], usize, u64)] = &[
    (
        &["status", "--format", "json", "--all", "--date", "2026-06-01"],
        5276370,
        0xfd51c5546fbb100b,
    ),
    (
        &["status", "--format", "json", "--all", "--date", "2022-06-30"],
        3428700,
        0x70ddfeff566ebe4d,
    ),
    (&["status", "--date", "2026-06-01"], 493924, 0x1aaff86939958d87),
    (
        &["status", "--format", "csv", "--all", "--date", "2026-06-01"],
        967956,
        0xfcd7c0b303ec8959,
    ),
    (&["check", "--date", "2026-06-01"], 120, 0xcd591d93f7c70fed),
    (&["check", "--date", "2022-06-30"], 120, 0xcd591d93f7c70fed),
    (&["explain", "I208", "--date", "2026-06-01"], 3329, 0x46119dd7b7cb6fa6),
];

#[test]
fn generated_10k_outputs_are_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    gen::generate(&gen::Args {
        invoices: 10_000,
        payments: 8_000,
        customers: 100,
        seed: 1,
        files: 16,
        out: dir.path().to_path_buf(),
        statement: 0,
    })
    .expect("generate");
    let mut got = Vec::new();
    for (args, len, hash) in EXPECTED {
        let all: Vec<&str> = ["-f", "journal.dun"].iter().chain(args.iter()).copied().collect();
        let out = run(dir.path(), &all);
        got.push(format!("    (&{args:?}, {}, {:#018x}),", out.len(), fnv1a(&out)));
        assert!(
            out.len() == *len && fnv1a(&out) == *hash,
            "output of `dun {}` changed:\n{}",
            all.join(" "),
            got.join("\n")
        );
    }
    assert!(!EXPECTED.is_empty(), "no expected outputs");
}

const JOURNAL: &str = "\
customer acme \"ACME B.V.\"
  kind: business

customer old \"Old Ltd\"
  kind: business

2014-10-01 invoice OLD-1 old 500.00 EUR
  due: 2014-10-31

2025-01-10 invoice INV-1 acme 1000.00 EUR
  due: 2025-01-24

2025-02-01 invoice INV-2 acme 200.00 EUR
  due: 2025-02-15

2025-03-01 payment acme 300.00 EUR
  invoice: INV-2 250.00

2025-04-01 waive INV-1 costs 99.00
2025-06-30 sent acme notice INV-1
  fee: 40.00

2025-07-15 payment acme 900.00 EUR
";

const RULES: &str = "\
sender
  name: \"S\"
  iban: NL91ABNA0417164300

default-terms 14d

policy business
  stage reminder after 3d template reminder
  stage notice after 31d wait 14d template notice fee wik interest nl-commercial
";

fn files() -> (MemFiles, Paths) {
    let files = MemFiles(BTreeMap::from([
        (PathBuf::from("j/journal.dun"), JOURNAL.as_bytes().to_vec()),
        (PathBuf::from("j/rules.dun"), RULES.as_bytes().to_vec()),
    ]));
    let paths = Paths {
        journal: PathBuf::from("j/journal.dun"),
        rules: None,
    };
    (files, paths)
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// The journal above has money errors (an `invoice:` line above the claim, a waiver above
/// what is owed) and a rate error (interest before the start of the rate table): one shared
/// pass reports each where two passes did, and evaluates to the same plan, on every date.
#[test]
fn one_pass_reports_and_evaluates_as_two_did() {
    let (files, paths) = files();
    let two = Project::open(&files, &paths).expect("open");
    let codes: Vec<_> = two.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.len() >= 2, "the journal should have money errors: {codes:?}");
    for date in ["2025-07-15", "2025-09-30", "2026-12-31", "2025-03-01", "2015-01-01"] {
        let date = day(date);
        let one = Project::open_for_date(&files, &paths, date).expect("open");
        assert_eq!(one.diagnostics, two.diagnostics, "project diagnostics as of {date}");
        let expected = evaluate(&two.book, &two.rules, &two.rates, date);
        assert!(
            expected.diagnostics.iter().any(|d| d.is_error()) == (date >= day("2015-01-01")),
            "the rate error is the evaluation's as of {date}: {:?}",
            expected.diagnostics
        );
        assert_eq!(one.evaluate(date), expected, "plan as of {date}");
        // The kept pass is used once; a second evaluation makes its own, with the same result.
        assert_eq!(one.evaluate(date), expected, "second plan as of {date}");
    }
}
