//! `dun import` end to end: every fixture statement (camt.053 of three banks, CODA, MT940,
//! five CSV profiles) imported into a committed copy of `tests/data/import/repo`, the
//! appended entries compared with `tests/data/import/expected/` (re-bless with `UPDATE=1`),
//! a second import changing nothing, hostile files refused with nothing written.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{copy_dir, dun};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import")
}

/// The fixture statements, each with the name of its expected entries.
const FIXTURES: &[&str] = &[
    "ing-camt053-001-02.xml",
    "rabobank-camt053-001-04.xml",
    "abnamro-camt053-001-08.xml",
    "kbc-coda.cod",
    "ing-mt940.sta",
    "ing.csv",
    "rabobank.csv",
    "abnamro.TAB",
    "kbc.csv",
    "bunq.csv",
];

/// A committed copy of the fixture repo.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&data().join("repo"), tmp.path());
    let repo = git2::Repository::init(tmp.path()).unwrap();
    commit_all(&repo, "books");
    tmp
}

fn commit_all(repo: &git2::Repository, msg: &str) {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Test", "test@example.com").unwrap();
    let parent = repo.head().ok().map(|h| h.peel_to_commit().unwrap());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &parents).unwrap();
}

fn head(dir: &Path) -> String {
    let repo = git2::Repository::open(dir).unwrap();
    let id = repo.head().unwrap().peel_to_commit().unwrap().id();
    id.to_string()
}

fn statement(name: &str) -> String {
    data().join("statements").join(name).to_string_lossy().into_owned()
}

fn import(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    dun(dir, &all)
}

fn text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What an import appended to `payments.dun`.
fn appended(dir: &Path) -> String {
    let before = fs::read_to_string(data().join("repo/payments.dun")).unwrap();
    let after = fs::read_to_string(dir.join("payments.dun")).unwrap();
    assert!(after.starts_with(&before), "existing bytes were touched");
    after[before.len()..].to_string()
}

/// Compares `actual` with the expected file, or writes it under `UPDATE=1`.
fn golden(name: &str, actual: &str) {
    let path = data().join("expected").join(format!("{name}.dun"));
    if std::env::var_os("UPDATE").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected =
        fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} missing: run with UPDATE=1", path.display()));
    assert_eq!(
        actual,
        expected,
        "{name}: the recorded entries differ from {}",
        path.display()
    );
}

#[test]
fn every_fixture_records_its_golden_entries_once() {
    for name in FIXTURES {
        let tmp = repo();
        let dir = tmp.path();
        let out = import(dir, &[&statement(name)]);
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{name}: {stderr}");
        assert!(stdout.starts_with("dun import: "), "{name}: {stdout}");
        let entries = appended(dir);
        golden(name, &entries);
        assert!(entries.contains("matched-by: "), "{name} matched nothing:\n{entries}");
        // The result checks, is in `dun fmt` layout, and is one commit.
        let check = dun(dir, &["check"]);
        assert_eq!(check.status.code(), Some(0), "{name}: {}", text(&check).1);
        let fmt = dun(dir, &["fmt", "--check"]);
        assert_eq!(fmt.status.code(), Some(0), "{name}: {}", text(&fmt).0);
        let repo = git2::Repository::open(dir).unwrap();
        let commit = repo.head().unwrap().peel_to_commit().unwrap();
        assert!(commit.summary().unwrap().unwrap().starts_with("dun import: "), "{name}");
        assert!(repo.statuses(None).unwrap().is_empty(), "{name}: the tree is not clean");
        // The second import of the same statement changes nothing.
        let before = fs::read(dir.join("payments.dun")).unwrap();
        let again = import(dir, &[&statement(name)]);
        assert!(again.status.success(), "{name}: {}", text(&again).1);
        assert!(
            text(&again).0.starts_with("dun import: 0 payments, 0 to review"),
            "{name}: {}",
            text(&again).0
        );
        assert_eq!(fs::read(dir.join("payments.dun")).unwrap(), before, "{name}");
        assert_eq!(head(dir), commit.id().to_string(), "{name}: a second commit");
    }
}

#[test]
fn all_statements_at_once_then_again() {
    let tmp = repo();
    let dir = tmp.path();
    let all: Vec<String> = FIXTURES.iter().map(|f| statement(f)).collect();
    let args: Vec<&str> = all.iter().map(String::as_str).collect();
    let out = import(dir, &args);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("dun import: 19 payments, 7 to review"), "{stdout}");
    assert!(dun(dir, &["check"]).status.success());
    let once = fs::read(dir.join("payments.dun")).unwrap();
    let again = import(dir, &args);
    assert!(again.status.success());
    assert_eq!(fs::read(dir.join("payments.dun")).unwrap(), once);
    // Unmatched money shows in status, as a table and in JSON.
    let status = text(&dun(dir, &["status", "--date", "2026-03-10"])).0;
    assert!(status.contains("unmatched money"), "{status}");
    let json = text(&dun(dir, &["status", "--format", "json", "--date", "2026-03-10"])).0;
    assert!(json.contains("\"bank_id\": \"INGB-20260220-0004\""), "{json}");
    // `dun log` names the import that recorded a payment.
    let log = text(&dun(dir, &["log", "A-2"])).0;
    assert!(log.contains("dun import: 19 payments, 7 to review"), "{log}");
    assert!(log.contains("bank-id: \"INGB-20260220-0001\""), "{log}");
}

#[test]
fn overlapping_statements_record_each_line_once() {
    let tmp = repo();
    let dir = tmp.path();
    // A second export that repeats the last two rows of ing.csv (two identical payments
    // of the same day) and adds one.
    let first = fs::read_to_string(data().join("statements/ing.csv")).unwrap();
    let rows: Vec<&str> = first.lines().collect();
    let overlap = format!(
        "{}\n{}\n{}\n\"20260304\";\"Alfa B.V.\";\"NL91ABNA0417164300\";\"NL44RABO0123456789\";\"OV\";\"Bij\";\"1,00\";\"Overschrijving\";\"Naam: Alfa B.V. Omschrijving: rente\";\"1040,50\";\"\"\n",
        rows[0], rows[3], rows[4]
    );
    let second = dir.join("ing-2.csv");
    fs::write(&second, overlap).unwrap();
    assert!(import(dir, &[&statement("ing.csv")]).status.success());
    let out = import(dir, &[&statement("ing.csv"), second.to_str().unwrap()]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("dun import: 1 payment, 0 to review"), "{stdout}");
    let entries = appended(dir);
    assert_eq!(entries.matches("unmatched 5.00 EUR").count(), 2, "{entries}");
    assert_eq!(entries.matches("payment alfa 1.00 EUR").count(), 1, "{entries}");
    // Overlapping files in one import: the repeated lines are recorded once.
    let tmp = repo();
    let out = import(tmp.path(), &[&statement("ing.csv"), second.to_str().unwrap()]);
    assert!(out.status.success());
    let entries = appended(tmp.path());
    assert_eq!(entries.matches("unmatched 5.00 EUR").count(), 2, "{entries}");
    assert!(text(&out).0.contains("also in an earlier file of this import"));
}

#[test]
fn dry_run_explains_and_writes_nothing() {
    let tmp = repo();
    let dir = tmp.path();
    let before = head(dir);
    let out = import(dir, &["--dry-run", &statement("rabobank-camt053-001-04.xml")]);
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    assert!(stdout.contains("(dry run: nothing written)"), "{stdout}");
    assert!(
        stdout.contains(
            "payment gamma G-1 G-2 (invoice-number): invoice numbers G-1, G-2 in the text; the amounts add up"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("unmatched: NL66ASNB0707070707 is the account of several customers (delta, epsilon)"),
        "{stdout}"
    );
    assert_eq!(appended(dir), "");
    assert_eq!(head(dir), before);
}

#[test]
fn refuses_uncommitted_journal_changes_and_no_commit_skips_git() {
    let tmp = repo();
    let dir = tmp.path();
    fs::write(
        dir.join("journal.dun"),
        fs::read_to_string(dir.join("journal.dun")).unwrap() + "\n",
    )
    .unwrap();
    let out = import(dir, &[&statement("ing.csv")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("uncommitted changes"), "{}", text(&out).1);
    assert_eq!(appended(dir), "");
    let out = import(dir, &["--allow-dirty", "--no-commit", &statement("ing.csv")]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(appended(dir).contains("payment alfa 42.00 EUR"));
}

/// Hostile statements: each refused (exit 2) with the file and the place named, nothing written.
#[test]
fn hostile_statements_are_refused_by_name() {
    let camt = fs::read_to_string(data().join("statements/ing-camt053-001-02.xml")).unwrap();
    let coda = fs::read_to_string(data().join("statements/kbc-coda.cod")).unwrap();
    let mt940 = fs::read_to_string(data().join("statements/ing-mt940.sta")).unwrap();
    let csv = fs::read_to_string(data().join("statements/bunq.csv")).unwrap();
    let short_coda = {
        let mut lines: Vec<String> = coda.split("\r\n").map(str::to_string).collect();
        lines[2].pop();
        lines.join("\r\n")
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("truncated.xml", camt[..camt.len() / 2].to_string(), "is truncated"),
        (
            "pain.xml",
            camt.replace("camt.053.001.02", "pain.001.001.03"),
            "element `Document`: namespace `urn:iso:std:iso:20022:tech:xsd:pain.001.001.03` is not a bank statement",
        ),
        ("broken.xml", camt.replace("</Amt>", "</Amnt>"), "malformed XML"),
        (
            "amount.xml",
            camt.replace(">605.00<", ">12345678901234567890.00<"),
            "element `Stmt[1]/Ntry[1]/Amt`: `12345678901234567890.00` is too large",
        ),
        (
            "short.cod",
            short_coda,
            ":3: a CODA record has 128 characters, this one has 127",
        ),
        (
            "huge.sta",
            mt940.replace("C121,00NTRF", "C12345678901234567890,00NTRF"),
            ":6: :61: `12345678901234567890,00` is too large",
        ),
        (
            "missing.csv",
            csv.replace(",\"factuur D-2\"", ""),
            ":2: this row has 6 columns, the header 7",
        ),
        (
            "header.csv",
            csv.replace("\"Amount\"", "\"Bedrag\""),
            ":1: the bunq CSV header lacks the column `Amount`",
        ),
        (
            "notes.txt",
            "hello\nworld\n".into(),
            "not a bank statement dun can read",
        ),
    ];
    let tmp = repo();
    let dir = tmp.path();
    let before = head(dir);
    for (name, content, expected) in cases {
        let path = dir.join(name);
        fs::write(&path, content).unwrap();
        // A good statement first: nothing of it is written either.
        let out = import(dir, &[&statement("ing.csv"), path.to_str().unwrap()]);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(name), "{name}: the file is not named: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(stderr.contains("nothing was imported"), "{name}: {stderr}");
        fs::remove_file(&path).unwrap();
        assert_eq!(appended(dir), "", "{name}");
        assert_eq!(head(dir), before, "{name}");
    }
}
