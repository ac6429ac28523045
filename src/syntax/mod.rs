//! Text -> spanned syntax tree, for both languages.
//!
//! [`lines`] splits text into lines and blocks, [`lex`] reads the shared lexical values
//! (ids, dates, amounts, durations, strings, percentages) with `nom`, [`fields`] reads
//! `key: value` lines, [`keywords`] lists the words both the parser and the formatter
//! know, and [`journal`] builds the journal's [`ast`] (its common blocks through the fast
//! path in `fast`).

pub mod ast;
pub mod conflict;
mod fast;
pub mod fields;
pub mod journal;
pub mod keywords;
pub mod lex;
pub mod lines;

pub use fast::{Common, CommonKind};
pub use journal::{parse_journal, parse_journal_part, parse_part_counted, parse_part_into, Heads, ParsedJournal, Sink};

#[cfg(test)]
mod fast_tests;
#[cfg(test)]
mod parts_tests;
#[cfg(test)]
mod tests;
