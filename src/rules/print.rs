//! The model back to `rules.dun` syntax, canonical spacing: for `dun fmt`, for letters
//! that quote a rule, and for the parser's round-trip tests.

use super::interest::scheme_name;
use super::model::{Action, Stage};
use crate::fees::FeeRule;
use crate::interest::InterestRule;
use crate::syntax::ast::Duration;
use crate::syntax::lex::quote;

/// A fee as written after `fee`, e.g. `10% min 40.00 EUR` or `wik +vat 21%`.
pub fn fee_text(fee: &FeeRule) -> String {
    match fee {
        FeeRule::Fixed(m) => m.to_string(),
        FeeRule::Percent { rate, min, max } => {
            let mut out = format!("{rate}%");
            if let Some(m) = min {
                out.push_str(&format!(" min {m}"));
            }
            if let Some(m) = max {
                out.push_str(&format!(" max {m}"));
            }
            out
        }
        FeeRule::Wik { vat: Some(v) } => format!("wik +vat {v}%"),
        FeeRule::Wik { vat: None } => "wik".to_string(),
        FeeRule::EuFlat => "eu-flat".to_string(),
        FeeRule::BeConsumer => "be-consumer".to_string(),
    }
}

/// Interest as written after `interest`, e.g. `fixed 8% compound yearly` or `nl-statutory`.
pub fn interest_text(interest: &InterestRule) -> String {
    match interest {
        InterestRule::Fixed { rate, compound: true } => format!("fixed {rate}% compound yearly"),
        InterestRule::Fixed { rate, .. } => format!("fixed {rate}%"),
        InterestRule::Statutory(s) => scheme_name(*s).to_string(),
    }
}

/// A stage line without indentation, clauses in canonical order.
pub fn stage_text(s: &Stage) -> String {
    let mut out = format!("stage {} after {}", s.name, s.after);
    if s.wait != Duration::ZERO {
        out.push_str(&format!(" wait {}", s.wait));
    }
    match &s.action {
        Action::Letter { template, .. } => out.push_str(&format!(" template {template}")),
        Action::Task { text, .. } => out.push_str(&format!(" task {}", quote(text))),
    }
    if s.required {
        out.push_str(" required");
    }
    if let Some(f) = &s.fee {
        out.push_str(&format!(" fee {}", fee_text(f)));
    }
    if let Some(i) = &s.interest {
        out.push_str(&format!(" interest {}", interest_text(i)));
    }
    if s.handover {
        out.push_str(" action handover");
    }
    out
}
