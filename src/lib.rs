//! `dun`: plain-text dunning.
//!
//! Data flows one way through one module per stage:
//!
//! 1. [`syntax`]: text -> spanned syntax tree (a successful parse is not a valid journal);
//! 2. [`load`]: files and includes -> every parsed file of a journal;
//! 3. [`book`]: syntax trees -> checked model ([`book::Book`]);
//! 4. [`plan`]: evaluation as of a date; [`status`], [`explain`] and [`letters`] render it;
//! 5. [`run`] selects the letters due and records them; [`import`] reads bank statements
//!    and records the payments; [`repo`] commits them to git.
//!
//! Writes go through [`write`] (temp file, fsync, rename), are checked by [`confine`]
//! (no symlink out of the repository) and happen under a [`lock`] (one writer at a time).
//!
//! Problems at every stage are [`diag::Diagnostic`] values, collected, never thrown.
#![deny(missing_docs)]
// One exception, `par::extend_both_in_parts`, says why it is sound.
#![deny(unsafe_code)]

pub mod ahead;
pub mod book;
pub mod changes;
pub mod check;
pub mod cli;
pub mod command;
pub mod confine;
pub mod customers;
pub mod dashboard;
pub mod diag;
pub mod due;
pub mod epc;
pub mod error;
pub mod explain;
pub mod failpoint;
pub mod fees;
#[doc(hidden)]
pub mod fuzzing;
pub mod iban;
pub mod import;
pub mod interest;
pub mod layout;
pub mod letters;
pub mod load;
pub mod lock;
pub mod lookup;
pub mod lsp;
pub mod mail;
pub mod money;
pub mod par;
pub mod payref;
pub mod plan;
pub mod project;
pub mod record;
pub mod repo;
pub mod rules;
pub mod shell;
pub mod source;
pub mod status;
pub mod syntax;
pub mod write;
