//! How the status changed between two sides (two revisions, or a revision and the work
//! tree, each evaluated as of its own date): new and removed invoices, payments recorded
//! and how much of each was applied, stages sent, holds opened and closed, invoices closed
//! or reopened, and the totals per currency.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, Payment, PaymentId};
use crate::money::Currency;
use crate::plan::{InvoicePlan, Plan, State};

/// One side of a diff: a book and its plan as of a date.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// What the side is (`HEAD~3`, `working tree`).
    pub label: &'a str,
    /// The model.
    pub book: &'a Book,
    /// Its evaluation.
    pub plan: &'a Plan,
}

/// A side as the diff reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideInfo {
    /// Revision, or `working tree`.
    pub rev: String,
    /// Evaluation date.
    pub date: String,
}

/// An invoice that appeared or disappeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceRef {
    /// Number.
    pub number: String,
    /// Customer id.
    pub customer: String,
    /// Currency code.
    pub currency: String,
    /// Amount.
    pub amount: String,
    /// Invoice date.
    pub date: String,
    /// Due date.
    pub due: String,
}

/// A payment or credit note recorded (or removed) between the sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentChange {
    /// `added` or `removed`.
    pub change: &'static str,
    /// `payment` or `credit`.
    pub kind: &'static str,
    /// The credit note's number.
    pub number: Option<String>,
    /// Date.
    pub date: String,
    /// Customer id.
    pub customer: String,
    /// Currency code.
    pub currency: String,
    /// Amount.
    pub amount: String,
    /// How much was applied to invoices (on the side that has it, as of its date).
    pub applied: String,
    /// To which invoices, how much.
    pub invoices: Vec<AppliedTo>,
}

/// An amount of a payment applied to an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedTo {
    /// Invoice number.
    pub invoice: String,
    /// Amount applied.
    pub amount: String,
}

/// Something of one invoice that moved: a stage, a hold or a state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// Invoice number.
    pub number: String,
    /// Customer id.
    pub customer: String,
    /// Before (`null` for none).
    pub from: Option<String>,
    /// After (`null` for none).
    pub to: Option<String>,
}

/// Totals of one currency on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TotalMove {
    /// Currency code.
    pub currency: String,
    /// Open principal before.
    pub open_from: String,
    /// Open principal after.
    pub open_to: String,
    /// After minus before.
    pub open_change: String,
    /// Overdue principal before.
    pub overdue_from: String,
    /// Overdue principal after.
    pub overdue_to: String,
    /// After minus before.
    pub overdue_change: String,
}

/// What changed between two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusDiff {
    /// The old side.
    pub from: SideInfo,
    /// The new side.
    pub to: SideInfo,
    /// Invoices only the new side knows.
    pub new_invoices: Vec<InvoiceRef>,
    /// Invoices only the old side knows.
    pub removed_invoices: Vec<InvoiceRef>,
    /// Payments and credit notes recorded or removed.
    pub payments: Vec<PaymentChange>,
    /// Stages sent (last stage before and after).
    pub stages: Vec<Move>,
    /// Holds opened, closed or changed (`dispute`, `promise`, `arrangement`, `hold`).
    pub holds: Vec<Move>,
    /// Invoices closed (paid, written off, handed over) or reopened.
    pub states: Vec<Move>,
    /// Totals per currency (every currency of either side).
    pub totals: Vec<TotalMove>,
}

impl StatusDiff {
    /// True if nothing changed but perhaps the totals' ageing.
    pub fn is_empty(&self) -> bool {
        self.new_invoices.is_empty()
            && self.removed_invoices.is_empty()
            && self.payments.is_empty()
            && self.stages.is_empty()
            && self.holds.is_empty()
            && self.states.is_empty()
    }
}

/// Compares two sides.
pub fn diff(from: Side<'_>, to: Side<'_>) -> StatusDiff {
    let old = by_number(from);
    let new = by_number(to);
    let mut out = StatusDiff {
        from: side_info(from),
        to: side_info(to),
        new_invoices: appeared(to, &new, &old),
        removed_invoices: appeared(from, &old, &new),
        payments: payments(from, to),
        stages: Vec::new(),
        holds: Vec::new(),
        states: Vec::new(),
        totals: totals(from, to),
    };
    for (number, p) in &new {
        moves(&mut out, to.book, p, old.get(number).copied());
    }
    out
}

fn side_info(s: Side<'_>) -> SideInfo {
    SideInfo {
        rev: s.label.to_string(),
        date: s.plan.as_of.to_string(),
    }
}

/// A side's invoice plans by number.
type ByNumber<'a> = BTreeMap<&'a str, &'a InvoicePlan>;

/// The side's invoice plans by number (sorted).
fn by_number<'a>(s: Side<'a>) -> ByNumber<'a> {
    s.plan
        .invoices
        .iter()
        .map(|p| (s.book.invoice(p.invoice).number.as_str(), p))
        .collect()
}

/// Invoices of `here` that `there` does not have.
fn appeared(side: Side<'_>, here: &ByNumber<'_>, there: &ByNumber<'_>) -> Vec<InvoiceRef> {
    here.iter()
        .filter(|(n, _)| !there.contains_key(*n))
        .map(|(_, p)| {
            let inv = side.book.invoice(p.invoice);
            let cur = inv.amount.currency;
            InvoiceRef {
                number: inv.number.to_string(),
                customer: side.book.customer(inv.customer).id.to_string(),
                currency: cur.to_string(),
                amount: cur.format(inv.amount.amount),
                date: inv.date.to_string(),
                due: inv.due.to_string(),
            }
        })
        .collect()
}

/// Records the stage, hold and state moves of one invoice of the new side.
fn moves(out: &mut StatusDiff, book: &Book, now: &InvoicePlan, before: Option<&InvoicePlan>) {
    let inv = book.invoice(now.invoice);
    let make = |from: Option<String>, to: Option<String>| Move {
        number: inv.number.to_string(),
        customer: book.customer(inv.customer).id.to_string(),
        from,
        to,
    };
    let stage = |p: &InvoicePlan| p.stage.as_ref().map(|(s, _)| s.to_string());
    let hold = |p: &InvoicePlan| p.hold.as_ref().map(|h| h.kind.as_str().to_string());
    let (s0, s1) = (before.and_then(stage), stage(now));
    if s0 != s1 {
        out.stages.push(make(s0, s1));
    }
    let (h0, h1) = (before.and_then(hold), hold(now));
    if h0 != h1 {
        out.holds.push(make(h0, h1));
    }
    let st0 = before.map_or(State::Open, |p| p.state);
    if st0 != now.state {
        out.states.push(make(
            Some(st0.as_str().to_string()),
            Some(now.state.as_str().to_string()),
        ));
    }
}

/// What identifies a payment across revisions: everything it says.
fn payment_key(book: &Book, p: &Payment) -> String {
    format!(
        "{:?}|{}|{}|{}|{}|{:?}",
        p.credit_note,
        book.customer(p.customer).id,
        p.date,
        p.amount.currency,
        p.amount.amount.normalize(),
        p.reference
    )
}

/// Payments and credits only one side has (as a multiset: a second identical payment counts).
fn payments(from: Side<'_>, to: Side<'_>) -> Vec<PaymentChange> {
    let mut out = only_in(to, from, "added");
    out.extend(only_in(from, to, "removed"));
    out.sort_by(|a, b| (&a.date, &a.customer, a.change).cmp(&(&b.date, &b.customer, b.change)));
    out
}

/// The payments of `here` that `there` lacks.
fn only_in(here: Side<'_>, there: Side<'_>, change: &'static str) -> Vec<PaymentChange> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in &there.book.payments {
        *count.entry(payment_key(there.book, p)).or_default() += 1;
    }
    let mut out = Vec::new();
    for (i, p) in here.book.payments.iter().enumerate() {
        let left = count.entry(payment_key(here.book, p)).or_default();
        if *left > 0 {
            *left -= 1;
            continue;
        }
        let cur = p.amount.currency;
        let applied: Vec<_> = here
            .plan
            .splits
            .iter()
            .filter(|a| a.source == PaymentId(i as u32) && a.via != crate::plan::Via::Reversal)
            .collect();
        let total: Decimal = applied.iter().map(|a| a.parts().total()).sum();
        out.push(PaymentChange {
            change,
            kind: if p.credit_note.is_some() { "credit" } else { "payment" },
            number: p.credit_note.as_deref().map(str::to_string),
            date: p.date.to_string(),
            customer: here.book.customer(p.customer).id.to_string(),
            currency: cur.to_string(),
            amount: cur.format(p.amount.amount),
            applied: cur.format(total),
            invoices: applied
                .iter()
                .map(|a| AppliedTo {
                    invoice: here.book.invoice(a.invoice).number.to_string(),
                    amount: cur.format(a.parts().total()),
                })
                .collect(),
        });
    }
    out
}

/// Open and overdue per currency on both sides.
fn totals(from: Side<'_>, to: Side<'_>) -> Vec<TotalMove> {
    let a = from.plan.currency_totals(from.book);
    let b = to.plan.currency_totals(to.book);
    let mut currencies: Vec<Currency> = a.keys().chain(b.keys()).copied().collect();
    currencies.sort();
    currencies.dedup();
    currencies
        .into_iter()
        .map(|cur| {
            let (o0, d0) = a
                .get(&cur)
                .map_or((Decimal::ZERO, Decimal::ZERO), |t| (t.open, t.overdue));
            let (o1, d1) = b
                .get(&cur)
                .map_or((Decimal::ZERO, Decimal::ZERO), |t| (t.open, t.overdue));
            TotalMove {
                currency: cur.to_string(),
                open_from: cur.format(o0),
                open_to: cur.format(o1),
                open_change: signed(cur, o1 - o0),
                overdue_from: cur.format(d0),
                overdue_to: cur.format(d1),
                overdue_change: signed(cur, d1 - d0),
            }
        })
        .collect()
}

/// An amount with its sign always shown: `+500.00`, `-20.00`, `0.00`.
fn signed(cur: Currency, d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", cur.format(d))
    } else {
        cur.format(d)
    }
}
