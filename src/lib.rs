//! `dun`: plain-text dunning.
//!
//! Data flows one way through one module per stage:
//!
//! 1. [`syntax`]: text -> spanned syntax tree (a successful parse is not a valid journal);
//! 2. [`load`]: files and includes -> every parsed file of a journal;
//! 3. [`book`]: syntax trees -> checked model ([`book::Book`]);
//! 4. evaluation as of a date, renderers and git come in later stages.
//!
//! Problems at every stage are [`diag::Diagnostic`] values, collected, never thrown.
#![deny(missing_docs)]

pub mod book;
pub mod check;
pub mod cli;
pub mod diag;
pub mod epc;
pub mod explain;
pub mod fees;
pub mod fmt;
pub mod interest;
pub mod letters;
pub mod load;
pub mod mail;
pub mod money;
pub mod par;
pub mod payref;
pub mod plan;
pub mod project;
pub mod repo;
pub mod rules;
pub mod run;
pub mod source;
pub mod status;
pub mod syntax;
pub mod write;
