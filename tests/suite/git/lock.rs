//! The writers' lock: while one `dun run` (or `done`, `fmt`) writes, a second is refused
//! and told who holds the lock; many runs started at once send each letter exactly once.

use std::process::Stdio;
use std::time::{Duration, Instant};

use super::harness::{command, Out, Repo};

const DATE: &str = "2026-02-10";

/// Waits until the lock file names a holder (the first run got past taking the lock).
fn wait_for_lock(r: &Repo) {
    let path = r.repo.path().join("dun.lock");
    let start = Instant::now();
    while !std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with("pid: ")) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the first run never took the lock"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_second_writer_is_refused_and_told_who_holds_the_lock() {
    let r = Repo::with_journal();
    let first = command(
        r.path(),
        r.home.path(),
        &["run", "--date", DATE],
        &[("DUN_FAILPOINT", "after-lock=4000")],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    wait_for_lock(&r);
    for args in [
        &["run", "--date", DATE][..],
        &["done", "acme", "call", "--date", DATE],
        &["fmt"],
    ] {
        let second = r.dun(args);
        assert_eq!(second.code, 2, "{args:?}: {second:?}");
        assert!(
            second.stderr.contains(&format!(
                "error: another dun is writing to this journal: `dun run` (pid {} on ",
                first.id()
            )),
            "{args:?}: {second:?}"
        );
        assert!(second.stderr.contains("wait for it to finish"), "{second:?}");
    }
    // Reading needs no lock.
    assert_eq!(r.dun(&["status", "--date", DATE]).code, 0);
    assert_eq!(r.dun(&["run", "--dry-run", "--date", DATE]).code, 0);
    let first: Out = first.wait_with_output().unwrap().into();
    assert_eq!(first.code, 0, "{first:?}");
    assert_eq!(r.read("journal.dun").matches(" sent acme reminder ").count(), 1);
}

#[test]
fn runs_started_together_send_each_letter_once() {
    let r = Repo::with_journal();
    let before = r.head();
    let children: Vec<_> = (0..4)
        .map(|_| {
            command(r.path(), r.home.path(), &["run", "--date", DATE], &[])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<Out> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().into())
        .collect();
    let sent: Vec<&Out> = outs.iter().filter(|o| o.stdout.contains("1 letter")).collect();
    assert_eq!(sent.len(), 1, "exactly one run sends: {outs:?}");
    for o in &outs {
        let refused = o.code == 2 && o.stderr.contains("another dun is writing");
        let nothing = o.code == 0 && o.stdout.contains("0 letters");
        assert!(refused || nothing || o.stdout.contains("1 letter"), "{o:?}");
    }
    assert_eq!(r.read("journal.dun").matches(" sent acme reminder ").count(), 1);
    let head = r.repo.find_commit(r.head()).unwrap();
    assert_eq!(head.parent_id(0).unwrap(), before, "one commit");
}

#[test]
fn outside_git_the_lock_is_beside_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("journal.dun"), super::harness::JOURNAL).unwrap();
    std::fs::write(dir.path().join("rules.dun"), super::harness::RULES).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = super::harness::run(
        dir.path(),
        home.path(),
        &["done", "acme", "call", "--date", "2026-02-20"],
        true,
    );
    assert_eq!(out.code, 2, "no call is due yet: {out:?}");
    let lock = dir.path().join(".dun.lock");
    assert!(lock.exists());
    assert!(std::fs::read(&lock).unwrap().is_empty(), "released");
}
