//! The money errors the pass finds, worded for `dun check`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, Event, EventKind, InvoiceId, Payment, Waived};
use crate::diag::{Code, Diagnostic};
use crate::interest::RateError;
use crate::plan::settle::claim::Claim;
use crate::source::Span;

/// An `invoice:` line asking more than the invoice's claim on the payment's date.
pub fn above_claim(book: &Book, span: Span, id: InvoiceId, asked: Decimal, claim: Decimal) -> Diagnostic {
    let invoice = book.invoice(id);
    let cur = invoice.amount.currency;
    Diagnostic::new(
        Code::OverAllocated,
        format!(
            "allocation of {} {cur} to `{}` is more than its claim",
            cur.format(asked),
            invoice.number
        ),
    )
    .at(span)
    .label(format!(
        "the claim (principal, and interest and costs once a letter claimed them) is {} {cur} on this date",
        cur.format(claim)
    ))
    .related(invoice.span, "invoice issued here")
    .help("allocate at most the claim; the rest is applied automatically or kept as credit")
}

/// `invoice:` lines adding up to more than the payment.
pub fn above_payment(p: &Payment, span: Span, left: Decimal) -> Diagnostic {
    Diagnostic::new(
        Code::OverAllocated,
        "the `invoice:` lines add up to more than the payment",
    )
    .at(span)
    .label(format!(
        "only {} is left of the payment here",
        p.amount.currency.format(left)
    ))
    .related(p.span, "the payment")
}

/// A `waive` of more than is owed.
pub fn waive_above(book: &Book, e: &Event, id: InvoiceId, what: Waived, excess: Decimal) -> Diagnostic {
    let what = what.as_str();
    let invoice = book.invoice(id);
    let cur = invoice.amount.currency;
    Diagnostic::new(
        Code::WaiveAboveOwed,
        format!("waiver of more {what} than `{}` owes", invoice.number),
    )
    .at(e.span)
    .label(format!("{} {cur} more than is owed on this date", cur.format(excess)))
    .related(invoice.span, "invoice issued here")
    .help("waive at most what `dun explain` shows as owed that day, or leave out the amount to waive all of it")
}

/// A negative payment taking back more than its original brought, or a refund above the credit.
pub fn money_back_above(book: &Book, p: &Payment, left: Decimal, credit: Decimal) -> Diagnostic {
    let cur = p.amount.currency;
    let customer = &book.customer(p.customer).id;
    let d = Diagnostic::new(
        Code::MoneyBackAbove,
        match p.reverses() {
            Some(_) => format!(
                "the reversal takes back {} {cur} more than the payment it reverses brought in",
                cur.format(left)
            ),
            None => format!(
                "the refund pays out {} {cur} more than `{customer}`'s credit",
                cur.format(left)
            ),
        },
    )
    .at(p.span);
    match p.reverses() {
        Some(original) => d
            .related(book.payment(original).span, "the payment it reverses")
            .help("a reversal undoes at most the payment it names"),
        None => d
            .label(format!("the credit left is {} {cur}", cur.format(credit)))
            .help("a negative payment without `reverses:` pays out credit; to undo a bounced payment, add `reverses:` with its bank id or reference"),
    }
}

/// An arrangement whose installments add up to neither the open principal nor the claim.
pub fn installments(book: &Book, e: &Event, claim: &Claim<'_>) -> Option<Diagnostic> {
    let EventKind::Arrangement(id, plan) = &e.kind else {
        return None;
    };
    let total: Decimal = plan.iter().map(|i| i.amount.amount).sum();
    if total == claim.principal.dec() || total == claim.owed().dec() {
        return None;
    }
    let invoice = book.invoice(*id);
    let cur = invoice.amount.currency;
    Some(
        Diagnostic::new(
            Code::PlanMismatch,
            format!(
                "installments add up to {} {cur}, but {} {cur} of `{}` is open",
                cur.format(total),
                cur.format(claim.owed().dec()),
                invoice.number
            ),
        )
        .at(e.span)
        .label("installment plan")
        .help("make the installments cover exactly the open amount (or the whole claim)"),
    )
}

/// Interest that could not be computed.
pub fn rate_error(book: &Book, id: InvoiceId, e: &RateError, until: NaiveDate) -> Diagnostic {
    let invoice = book.invoice(id);
    match e {
        RateError::TooLarge { .. } => Diagnostic::new(
            Code::InterestOverflow,
            format!("cannot compute the interest on invoice `{}`: {e}", invoice.number),
        )
        .at(invoice.span)
        .label("interest too large to compute")
        .help("check the invoice's dates and the rate of its policy's interest scheme"),
        _ => Diagnostic::new(
            Code::RateTable,
            format!("cannot compute the interest on invoice `{}`: {e}", invoice.number),
        )
        .at(invoice.span)
        .label(format!(
            "interest is computed only up to the end of the rate table, not to {until}"
        ))
        .help("`dun rates` shows the tables; add the missing rows with `rates SCHEME \"file.csv\"` in rules.dun"),
    }
}
