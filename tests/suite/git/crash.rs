//! Crash safety of `dun run`: killed at any point (an abort at each failure point, or
//! SIGKILL after a random delay), the journal is byte for byte either the old one or the
//! new one (which checks), and HEAD is either unchanged or advanced by exactly one commit
//! that holds the new journal and the letter. The next run then recovers as documented in
//! docs/robustness.md.

use std::process::Stdio;
use std::time::{Duration, Instant};

use super::harness::{Repo, JOURNAL};

const DATE: &str = "2026-02-10";
const LETTER: &str = "letters/2026-02-10/acme-reminder.html";

/// What the journal holds after a complete run.
fn complete_journal() -> String {
    let r = Repo::with_journal();
    let out = r.dun(&["run", "--date", DATE]);
    assert_eq!(out.code, 0, "{out:?}");
    r.read("journal.dun")
}

/// How far an interrupted run got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Journal and HEAD as before.
    Old,
    /// The journal has the records; HEAD as before.
    Recorded,
    /// The commit is made.
    Committed,
}

/// Checks the invariants after an interrupted run and says how far it got.
fn inspect(r: &Repo, before: git2::Oid, new_journal: &str) -> Outcome {
    let journal = r.read("journal.dun");
    assert!(
        journal == JOURNAL || journal == new_journal,
        "the journal is neither the old nor the new one:\n{journal}"
    );
    let head = r.head();
    if head == before {
        assert_eq!(r.at_head("journal.dun").as_deref(), Some(JOURNAL));
        let check = r.dun(&["check", "--date", DATE]);
        assert_eq!(check.code, 0, "the journal on disk does not check: {check:?}");
        return if journal == JOURNAL {
            Outcome::Old
        } else {
            Outcome::Recorded
        };
    }
    let commit = r.repo.find_commit(head).unwrap();
    assert_eq!(
        commit.parent_ids().collect::<Vec<_>>(),
        [before],
        "HEAD moved by more than one commit"
    );
    assert_eq!(
        r.at_head("journal.dun").as_deref(),
        Some(new_journal),
        "the commit lacks the records"
    );
    assert!(r.at_head(LETTER).is_some(), "the commit lacks the letter");
    assert_eq!(
        journal, new_journal,
        "HEAD advanced but the work tree has the old journal"
    );
    Outcome::Committed
}

/// After an interrupted run, the next one finishes the job (or refuses with the way out)
/// and takes over the stale lock.
fn recover(r: &Repo, outcome: Outcome, new_journal: &str) {
    let out = r.dun(&["run", "--date", DATE]);
    match outcome {
        Outcome::Old => {
            assert_eq!(out.code, 0, "{out:?}");
            assert!(out.stdout.contains("1 letter"), "{out:?}");
            assert_eq!(r.read("journal.dun"), new_journal);
        }
        Outcome::Recorded => {
            // The letters and their records are there, only not committed: nothing is sent
            // again, and `git status` shows what to commit.
            assert_eq!(out.code, 0, "{out:?}");
            assert!(out.stdout.contains("0 letters"), "{out:?}");
            assert_eq!(r.read("journal.dun"), new_journal);
            assert!(!r.is_clean(), "the records are left for the user to commit");
        }
        Outcome::Committed => {
            assert_eq!(out.code, 0, "{out:?}");
            assert!(
                out.stdout.contains("0 letters"),
                "a committed run must not send again: {out:?}"
            );
        }
    }
}

#[test]
fn an_abort_at_every_failure_point_leaves_old_or_new() {
    let new_journal = complete_journal();
    let points = [
        ("after-lock", Outcome::Old),
        ("after-letter", Outcome::Old),
        ("before-rename@1", Outcome::Old),
        ("before-rename@2", Outcome::Old),
        ("after-append", Outcome::Recorded),
        ("before-commit", Outcome::Recorded),
        ("after-commit", Outcome::Committed),
        ("before-unlock", Outcome::Committed),
    ];
    for (point, expected) in points {
        let r = Repo::with_journal();
        let before = r.head();
        let out = super::harness::run_env(
            r.path(),
            r.home.path(),
            &["run", "--date", DATE],
            &[("DUN_FAILPOINT", point)],
        );
        assert_ne!(out.code, 0, "{point}: {out:?}");
        assert!(
            out.stderr
                .contains(&format!("aborting at `{}`", point.split('@').next().unwrap())),
            "{point}: {out:?}"
        );
        assert_eq!(inspect(&r, before, &new_journal), expected, "{point}");
        let lock = std::fs::read_to_string(r.repo.path().join("dun.lock")).unwrap();
        assert!(
            lock.starts_with("pid: "),
            "{point}: the dead run's lock file names it: {lock}"
        );
        recover(&r, expected, &new_journal);
        if expected != Outcome::Recorded {
            let next = r.dun(&["status", "--date", DATE]);
            assert_eq!(next.code, 0, "{point}: {next:?}");
        }
    }
}

#[test]
fn the_run_after_a_dead_one_says_it_takes_over_the_lock() {
    let r = Repo::with_journal();
    let out = super::harness::run_env(
        r.path(),
        r.home.path(),
        &["run", "--date", DATE],
        &[("DUN_FAILPOINT", "after-lock")],
    );
    assert_ne!(out.code, 0, "{out:?}");
    let next = r.dun(&["run", "--date", DATE]);
    assert_eq!(next.code, 0, "{next:?}");
    assert!(
        next.stderr.contains("note: taking over a stale lock: `dun run` (pid "),
        "{next:?}"
    );
    assert!(next.stderr.contains("docs/robustness.md"), "{next:?}");
    let lock = std::fs::read(r.repo.path().join("dun.lock")).unwrap();
    assert!(lock.is_empty(), "a run that ends normally empties the lock file");
}

/// A small deterministic generator (xorshift), seeded from the clock and printed, so a
/// failing sequence of delays can be replayed with `DUN_CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

#[cfg(unix)]
#[test]
fn sigkill_at_random_moments_leaves_old_or_new() {
    let new_journal = complete_journal();
    let seed = std::env::var("DUN_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            u64::from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos(),
            ) | 1
        });
    eprintln!("DUN_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    // Sleeps between the steps stretch the write phase, so kills land in every step.
    let stretch = "after-lock=5,after-letter=15,after-append=15,before-commit=15,after-commit=15";
    let envs: [&[(&str, &str)]; 2] = [&[("DUN_FAILPOINT", stretch)], &[]];
    // How long a whole run takes, with and without the stretch: kills land within it.
    let full = envs.map(|env| {
        let probe = Repo::with_journal();
        let start = Instant::now();
        let out = super::harness::run_env(probe.path(), probe.home.path(), &["run", "--date", DATE], env);
        assert_eq!(out.code, 0, "{out:?}");
        start.elapsed()
    });
    let mut outcomes = Vec::new();
    for i in 0..16 {
        let r = Repo::with_journal();
        let before = r.head();
        let (env, full) = (envs[i % 2], full[i % 2]);
        let delay = Duration::from_micros(rng.next(full.as_micros() as u64 + 1));
        let mut child = super::harness::command(r.path(), r.home.path(), &["run", "--date", DATE], env)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let outcome = inspect(&r, before, &new_journal);
        recover(&r, outcome, &new_journal);
        outcomes.push(outcome);
    }
    outcomes.sort();
    eprintln!("outcomes: {outcomes:?}");
}
