//! Git as the audit trail, tested on real temp repositories built with `git2`:
//! `--at`, `dun log`, `dun diff`, the commit of `dun run` and its refusals and rollbacks,
//! crash safety (failure points, SIGKILL), the writers' lock, the symlink policy,
//! merges, and the done-when checks (status at 20 revisions equals status on their
//! checkouts; `dun log` on 1,000 commits, measured by an ignored test).

mod harness;

mod at;
mod bench;
mod crash;
mod diff;
mod equality;
mod first_week;
mod lock;
mod log;
mod merge;
mod run;
mod symlink;
