//! The integration tests: ONE test crate (`cargo test --test suite`), so the library and
//! Typst are linked into one test binary, not one per topic. Each topic is a module below;
//! its data lives under `tests/data/<topic>/` (golden CLI cases under `tests/data/golden/`,
//! the hostile-input corpus under `tests/data/hostile/`, letter goldens under
//! `tests/data/letters/`, the SMTP test server under `tests/data/smtp/`, the independent
//! status oracle under `tests/data/oracle/`).
//!
//! Run one topic with a filter: `cargo test --test suite golden::`, `cargo test --test suite
//! git::`. Re-bless the file-based goldens after an intended change:
//! `UPDATE=1 cargo test --test suite golden::` (likewise `hostile::`, `letters::`; the filter
//! with `::` names the module, so `golden::` does not also re-bless `letters::golden_letters`).

mod common;
mod qr_decode;
mod smtp_server;

mod customers;
mod dashboard;
mod doc_examples;
mod docs;
mod epc;
mod example_status;
mod fmt_example;
mod fmt_roundtrip;
mod fuzz_regressions;
mod git;
mod golden;
mod hostile;
mod import;
mod init;
mod layout;
mod letter_lint;
mod letters;
mod lsp;
mod mail;
mod money;
#[cfg(feature = "pdf")]
mod pdf;
mod perf;
mod pipes;
mod run;
