//! The rules language (`rules.dun`): parser, model and checks.
//!
//! [`parse_rules`] turns a rules file into a [`Rules`] model and every problem of the
//! file. Syntax is read line by line, one concept per file: `parse` (blocks), `settings`
//! (file-level lines, with the [`LetterFormat`] and SMTP [`Security`] they name), `sender`, `policy`, `stage`, `fee` and `interest`
//! clauses, with shared value readers in `read`. Then the [`check::CHECKS`] that need
//! only the rules run on the model. `print` writes stages back in canonical syntax.
//! The grammar is `grammar/rules.ebnf`; its examples are parsed by the tests.

mod advice;
pub mod check;
mod fee;
mod interest;
mod letter_format;
mod model;
mod parse;
mod policy;
mod print;
mod read;
mod sender;
mod settings;
mod smtp_security;
mod stage;

#[cfg(test)]
mod grammar_tests;
#[cfg(test)]
mod tests;

pub use advice::{AdviceRule, Metric, Op, Threshold};
pub use fee::FEE_SCHEMES;
pub use interest::{scheme_by_name, scheme_name, SCHEMES};
pub use letter_format::LetterFormat;
pub use model::{
    Action, Escalate, PaymentOrder, Policy, RatesFile, Receipt, Rules, Sender, Setting, SmtpRule, Stage, StageSpans,
};
pub use parse::parse_rules;
pub use policy::POLICY_LINES;
pub use print::{fee_text, interest_text, stage_text};
pub use settings::SETTINGS;
pub use smtp_security::Security;
