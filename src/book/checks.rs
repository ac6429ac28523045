//! Checks that need the whole model, each a small function with one signature, listed in
//! [`CHECKS`]. Name resolution, duplicates and per-entry checks happen while building.

use rust_decimal::Decimal;

use super::allocate::{Allocation, Applied};
use super::{account_checks, Book, EventKind, InvoiceId};
use crate::diag::{Code, Diagnostic};

/// A model check.
pub type Check = fn(&Book, &Allocation) -> Vec<Diagnostic>;

/// Every model check, in the order they report.
pub const CHECKS: &[Check] = &[
    over_allocation,
    hold_pairs,
    installment_totals,
    account_checks::duplicate_bank_ids,
    account_checks::reverses_on_positive,
    account_checks::negative_with_invoices,
    account_checks::reversals_fit,
    account_checks::unmatched_waiting,
    account_checks::customer_ibans,
    account_checks::credit_limit_currency,
];

/// Runs every check on the whole journal (allocation up to the last entry).
pub fn run(book: &Book) -> Vec<Diagnostic> {
    CHECKS.iter().flat_map(|check| check(book, book.allocation())).collect()
}

/// Explicit allocations above an invoice's open amount or the payment.
fn over_allocation(_: &Book, allocation: &Allocation) -> Vec<Diagnostic> {
    allocation.diagnostics.clone()
}

/// `resolved` needs an open dispute, `release` an open hold (one not past its end date).
fn hold_pairs(book: &Book, _: &Allocation) -> Vec<Diagnostic> {
    let n = book.invoices.len();
    let mut disputes = vec![0u32; n];
    let mut holds: Vec<Vec<(Option<chrono::NaiveDate>, crate::source::Span)>> = vec![Vec::new(); n];
    let mut out = Vec::new();
    for e in &book.events {
        match e.kind {
            EventKind::Dispute(i) => disputes[i.0 as usize] += 1,
            EventKind::Resolved(i) if disputes[i.0 as usize] > 0 => disputes[i.0 as usize] -= 1,
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
            EventKind::Hold(i, until) => holds[i.0 as usize].push((until, e.span)),
            EventKind::Release(i) => out.extend(release(book, e, i, &mut holds[i.0 as usize])),
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

/// An arrangement's installments should add up to the invoice's open amount on its date.
fn installment_totals(book: &Book, allocation: &Allocation) -> Vec<Diagnostic> {
    // The applications to invoices under an arrangement, gathered in one pass (a pass over
    // every application per arrangement was quadratic in a large journal).
    let mut under_plan: rustc_hash::FxHashMap<InvoiceId, Vec<&Applied>> = book
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Arrangement(inv, _) => Some((*inv, Vec::new())),
            _ => None,
        })
        .collect();
    for a in &allocation.applied {
        if let Some(list) = under_plan.get_mut(&a.invoice) {
            list.push(a);
        }
    }
    let mut out = Vec::new();
    for e in &book.events {
        let EventKind::Arrangement(inv, plan) = &e.kind else {
            continue;
        };
        let invoice = book.invoice(*inv);
        let paid: Decimal = under_plan[inv]
            .iter()
            .filter(|a| a.date <= e.date)
            .map(|a| a.amount)
            .sum();
        let open = invoice.amount.amount - paid;
        let total: Decimal = plan.iter().map(|i| i.amount.amount).sum();
        if total != open {
            let cur = invoice.amount.currency;
            out.push(
                Diagnostic::new(
                    Code::PlanMismatch,
                    format!(
                        "installments add up to {} {cur}, but {} {cur} of `{}` is open",
                        cur.format(total),
                        cur.format(open),
                        invoice.number
                    ),
                )
                .at(e.span)
                .label("installment plan")
                .help("make the installments cover exactly the open amount"),
            );
        }
    }
    out
}
