//! `dun run` on a copy of the example repo: the letters due, records appended without
//! touching a byte of what was there, a second run sends nothing, and the result checks.

use crate::common::{dun, example_copy};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.dun` file under `dir` with its bytes.
fn journal_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(journal_files(&p));
        } else if p.extension().is_some_and(|e| e == "dun") {
            out.push((p.clone(), fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn run_appends_exactly_and_is_idempotent() {
    let tmp = example_copy();
    let dir = tmp.path();
    let before = journal_files(dir);
    let out = dun(dir, &["run", "--date", "2026-11-23"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("dun run 2026-11-23: 5 letters, 1 task"), "{stdout}");

    let letters: Vec<_> = fs::read_dir(dir.join("letters/2026-11-23"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(letters.len(), 5, "{letters:?}");

    // Only the record-to file changed, and only by bytes appended after the old ones.
    let after = journal_files(dir);
    let mut changed = 0;
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if old != new {
            changed += 1;
            assert!(path.ends_with("2026/2026-11.dun"), "{} changed", path.display());
            assert!(
                new.starts_with(old),
                "existing bytes of {} were touched",
                path.display()
            );
        }
    }
    assert_eq!(changed, 1);

    // The appended journal checks, and the appended records are already in `dun fmt` layout.
    assert!(dun(dir, &["check", "--date", "2026-11-23"]).status.success());
    let record_file = dir.join("2026/2026-11.dun");
    let old = &before.iter().find(|(p, _)| p == &record_file).unwrap().1;
    let new = fs::read_to_string(&record_file).unwrap();
    let appended = &new[old.len()..];
    assert!(appended.contains("sent fietsfabriek second 2026-128"), "{appended}");
    assert_eq!(
        dun::layout::format_text(appended.trim_start_matches('\n')),
        appended.trim_start_matches('\n')
    );

    // A second run on the same day sends nothing and changes nothing.
    let again = dun(dir, &["run", "--date", "2026-11-23"]);
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("dun run 2026-11-23: 0 letters, 1 task"));
    assert_eq!(journal_files(dir), after);
}

#[test]
fn dry_run_writes_nothing() {
    let tmp = example_copy();
    let before = journal_files(tmp.path());
    let out = dun(tmp.path(), &["run", "--date", "2026-11-23", "--dry-run"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("(dry run: nothing written)"));
    assert!(!tmp.path().join("letters").exists());
    assert_eq!(journal_files(tmp.path()), before);
}

#[test]
fn done_records_the_task_and_it_is_not_listed_again() {
    let tmp = example_copy();
    let out = dun(
        tmp.path(),
        &["done", "hofstede-makelaars", "call", "--date", "2026-11-23"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = fs::read_to_string(tmp.path().join("2026/2026-11.dun")).unwrap();
    assert!(
        text.ends_with("2026-11-23 sent hofstede-makelaars call 2026-136\n  channel: task\n"),
        "{text}"
    );
    let run = dun(tmp.path(), &["run", "--date", "2026-11-23", "--dry-run"]);
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("dun run 2026-11-23: 5 letters, 0 tasks"));
}

/// The amounts in the letters are the amounts `status --format json` gives for the same date.
#[test]
fn letters_show_the_status_figures() {
    use dun::letters::helpers::{format_money, Locale};
    use dun::money::Currency;
    use std::str::FromStr;

    let tmp = example_copy();
    let dir = tmp.path();
    let status = dun(dir, &["status", "--date", "2026-11-23", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let out = dun(dir, &["run", "--date", "2026-11-23", "--format", "txt"]);
    assert!(out.status.success());
    let mut checked = 0;
    for entry in fs::read_dir(dir.join("letters/2026-11-23")).unwrap() {
        let path = entry.unwrap().path();
        let letter = fs::read_to_string(&path).unwrap();
        let customer = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .split('-')
            .next()
            .unwrap()
            .to_string();
        let locale = if letter.contains("Geachte") {
            Locale::of("nl")
        } else {
            Locale::of("en")
        };
        for inv in json["invoices"].as_array().unwrap() {
            let number = inv["number"].as_str().unwrap();
            if !inv["customer"].as_str().unwrap().starts_with(&customer) || !letter.contains(number) {
                continue;
            }
            let cur = Currency::from_code(inv["currency"].as_str().unwrap()).unwrap();
            let open = rust_decimal::Decimal::from_str(inv["open"].as_str().unwrap()).unwrap();
            // Text letters print the no-break space of the money format as a plain space.
            let shown = format_money(open, cur, locale).replace('\u{a0}', " ");
            assert!(
                letter.contains(&shown),
                "{}: {number} should show {shown}\n{letter}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} invoices checked");
}

/// `formats html pdf` in the rules: both files per letter, the `sent` record names the first.
#[cfg(feature = "pdf")]
#[test]
fn formats_setting_writes_every_format() {
    let tmp = example_copy();
    let dir = tmp.path();
    let rules = fs::read_to_string(dir.join("rules.dun")).unwrap();
    fs::write(dir.join("rules.dun"), format!("formats html pdf\n{rules}")).unwrap();
    let out = dun(dir, &["run", "--date", "2026-11-23"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "-> letters/2026-11-23/kade-architecten-reminder.html, letters/2026-11-23/kade-architecten-reminder.pdf"
        ),
        "{stdout}"
    );
    let pdf = fs::read(dir.join("letters/2026-11-23/kade-architecten-reminder.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(dir.join("letters/2026-11-23/kade-architecten-reminder.html").exists());
    let records = fs::read_to_string(dir.join("2026/2026-11.dun")).unwrap();
    assert!(
        records.contains("letters/2026-11-23/kade-architecten-reminder.html"),
        "{records}"
    );
    assert!(!records.contains(".pdf"), "{records}");
}

/// What status predicts is what `run` does: on every day of the example's two years, an
/// invoice's next stage and date stay the same from one day to the next while nothing is
/// recorded for its customer, and on that date the dry run sends exactly that stage.
#[test]
fn the_status_prediction_is_what_run_does() {
    use dun::load::FsFiles;
    use dun::project::{Paths, Project};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-studio");
    let paths = Paths {
        journal: root.join("journal.dun"),
        rules: None,
    };
    let p = Project::open(&FsFiles, &paths).unwrap();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let mut busy = std::collections::HashSet::new();
    for inv in &p.book.invoices {
        busy.insert((inv.customer, inv.date));
    }
    for pay in &p.book.payments {
        busy.insert((pay.customer, pay.date));
    }
    for e in &p.book.events {
        let customer = match &e.kind {
            dun::book::EventKind::Sent { customer, .. } | dun::book::EventKind::Note(customer) => Some(*customer),
            _ => e.invoice().map(|i| p.book.invoice(i).customer),
        };
        if let Some(c) = customer {
            busy.insert((c, e.date));
        }
    }
    let mut d = day("2025-01-01");
    let mut before = dun::plan::evaluate(&p.book, &p.rules, &p.rates, d);
    let mut checked = 0;
    while d < day("2026-12-31") {
        let next_day = d.succ_opt().unwrap();
        let after = dun::plan::evaluate(&p.book, &p.rules, &p.rates, next_day);
        let run = dun::due::select(&p.book, &p.rules, &p.rates, &after);
        let sent: std::collections::HashSet<(dun::book::InvoiceId, String)> = run
            .letters
            .iter()
            .flat_map(|l| l.items.iter().map(|i| (i.invoice, i.stage.clone())))
            .chain(
                run.tasks
                    .iter()
                    .flat_map(|t| t.invoices.iter().map(|i| (*i, t.stage.clone()))),
            )
            .collect();
        let skipped: Vec<_> = run.skipped.iter().map(|s| s.customer).collect();
        for b in &before.invoices {
            let customer = p.book.invoice(b.invoice).customer;
            let Some(n) = b.next.as_ref().filter(|n| n.due > d) else {
                continue;
            };
            if busy.contains(&(customer, next_day)) || skipped.contains(&customer) {
                continue;
            }
            let a = after.invoice(b.invoice).and_then(|a| a.next.as_ref());
            assert_eq!(
                a.map(|a| (&a.name, a.due)),
                Some((&n.name, n.due)),
                "{} on {next_day}",
                p.book.invoice(b.invoice).number
            );
            if n.due == next_day {
                assert!(
                    sent.contains(&(b.invoice, n.name.to_string())),
                    "{} not sent on {next_day}",
                    p.book.invoice(b.invoice).number
                );
            }
            checked += 1;
        }
        before = after;
        d = next_day;
    }
    assert!(checked > 1000, "only {checked} predictions checked");
}
