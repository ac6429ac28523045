//! Checks that need the whole model, each a small function with one signature, listed in
//! [`CHECKS`]. Name resolution, duplicates and per-entry checks happen while building.

//! Checks about money (an allocation above a claim, a waiver above what is owed, a plan that
//! does not add up) need the rules and are found by the claim pass, [`crate::plan::settle`].

use rustc_hash::FxHashMap as HashMap;

use super::{account_checks, Book, EventKind};
use crate::diag::{Code, Diagnostic};

/// A model check.
pub type Check = fn(&Book) -> Vec<Diagnostic>;

/// Every model check, in the order they report.
pub const CHECKS: &[Check] = &[
    hold_pairs,
    account_checks::duplicate_bank_ids,
    account_checks::reverses_on_positive,
    account_checks::negative_with_invoices,
    account_checks::reversals_fit,
    account_checks::unmatched_waiting,
    account_checks::customer_ibans,
    account_checks::shared_ibans,
    account_checks::credit_limit_currency,
];

/// Runs every check on the whole journal.
pub fn run(book: &Book) -> Vec<Diagnostic> {
    CHECKS.iter().flat_map(|check| check(book)).collect()
}

/// `resolved` needs an open dispute, `release` an open hold (one not past its end date).
fn hold_pairs(book: &Book) -> Vec<Diagnostic> {
    // By invoice, for the few invoices events name (a vector per invoice cost more than
    // every other model check together).
    let mut disputes: HashMap<u32, u32> = HashMap::default();
    let mut holds: HashMap<u32, Vec<(Option<chrono::NaiveDate>, crate::source::Span)>> = HashMap::default();
    let mut out = Vec::new();
    for e in &book.events {
        match e.kind {
            EventKind::Dispute(i) => *disputes.entry(i.0).or_default() += 1,
            EventKind::Resolved(i) if disputes.get(&i.0).is_some_and(|&n| n > 0) => {
                *disputes.entry(i.0).or_default() -= 1
            }
            EventKind::Resolved(i) => out.push(
                Diagnostic::new(
                    Code::NoOpenDispute,
                    format!(
                        "`resolved` but invoice `{}` has no open dispute",
                        book.invoice(i).number
                    ),
                )
                .at(e.span)
                .label("nothing to resolve")
                .help("record the `dispute` first, dated on or before this entry"),
            ),
            EventKind::Hold(i, until) => holds.entry(i.0).or_default().push((until, e.span)),
            EventKind::Release(i) => out.extend(release(book, e, i, holds.entry(i.0).or_default())),
            _ => {}
        }
    }
    out
}

/// A `release` ends the most recent hold still open on its date; none open is an error
/// that points at a hold which already ended, if there is one.
fn release(
    book: &Book,
    e: &crate::book::Event,
    i: crate::book::InvoiceId,
    holds: &mut Vec<(Option<chrono::NaiveDate>, crate::source::Span)>,
) -> Option<Diagnostic> {
    let ended = holds.iter().rev().find(|(u, _)| u.is_some_and(|u| u < e.date)).copied();
    holds.retain(|(u, _)| u.is_none_or(|u| u >= e.date));
    if holds.pop().is_some() {
        return None;
    }
    let number = &book.invoice(i).number;
    let d = Diagnostic::new(
        Code::NoOpenHold,
        format!("`release` but invoice `{number}` has no open hold"),
    )
    .at(e.span)
    .label("nothing to release");
    Some(match ended {
        Some((Some(until), span)) => d
            .related(span, format!("this hold ended on {until}, before the release"))
            .help("a hold ends by itself on its end date: remove the `release`, or extend the hold"),
        _ => d.help("record a `hold` first; `release` ends one early"),
    })
}
