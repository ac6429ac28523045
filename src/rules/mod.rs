//! The rules language (`rules.dun`): parser, model and checks.
//!
//! [`parse_rules`] turns a rules file into a [`Rules`] model and every problem of the
//! file. Syntax is read line by line, one concept per file: `parse` (blocks), `settings`
//! (file-level lines), `sender` (+ `iban`), `policy`, `stage`, `fee` and `interest`
//! clauses, with shared value readers in `read`. Then the [`check::CHECKS`] that need
//! only the rules run on the model. `print` writes stages back in canonical syntax.
//! The grammar is `grammar/rules.ebnf`; its examples are parsed by the tests.

mod advice;
pub mod check;
mod fee;
mod iban;
mod interest;
mod model;
mod parse;
mod policy;
mod print;
mod read;
mod sender;
mod settings;
mod stage;

#[cfg(test)]
mod grammar_tests;
#[cfg(test)]
mod tests;

pub use advice::{AdviceRule, Metric, Op, Threshold};
pub use fee::FEE_SCHEMES;
pub use iban::{electronic_form, normalize_bic, normalize_iban};
pub use interest::{scheme_by_name, scheme_name, SCHEMES};
pub use model::{
    Action, Escalate, PaymentOrder, Policy, RateTable, Receipt, Rules, Sender, Setting, SmtpRule, Stage, StageSpans,
};
pub use parse::parse_rules;
pub use policy::POLICY_LINES;
pub use print::{fee_text, interest_text, stage_text};
pub use settings::SETTINGS;
pub use stage::CLAUSES;
