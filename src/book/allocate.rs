//! Applying payments and credit notes to invoices, as the journal spec says:
//! explicit `invoice:` lines first, then what is left goes to the customer's open invoices
//! in the same currency, oldest due date first (then invoice date, then number), including
//! invoices issued later; what is still left is the customer's credit.
//!
//! The explicit pass runs over all payments before the automatic pass, so a later explicit
//! allocation is never pre-empted by an earlier payment's leftover.

// FxHash: the keys are dense ids, and SipHash showed in the profile of a large journal.
use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Book, CustomerId, EventKind, InvoiceId, PaymentId};
use crate::diag::{Code, Diagnostic};
use crate::money::Currency;

/// An amount of a payment applied to an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// The payment or credit note.
    pub payment: PaymentId,
    /// The invoice.
    pub invoice: InvoiceId,
    /// From when it counts: the later of the payment's and the invoice's date.
    pub date: NaiveDate,
    /// How much.
    pub amount: Decimal,
    /// True if an `invoice:` line asked for it.
    pub explicit: bool,
}

/// The result of applying every payment dated up to some day.
#[derive(Debug, Clone, Default)]
pub struct Allocation {
    /// Every application, in the order made.
    pub applied: Vec<Applied>,
    /// Open amount per invoice (indexed by `InvoiceId`); invoices issued after the cut-off keep their full amount.
    pub open: Vec<Decimal>,
    /// What is left of payments after all invoices, per customer and currency.
    pub credit: Vec<(CustomerId, Currency, Decimal)>,
    /// Explicit allocations that did not fit.
    pub diagnostics: Vec<Diagnostic>,
}

impl Allocation {
    /// The applications to one invoice, in order.
    pub fn to_invoice(&self, invoice: InvoiceId) -> impl Iterator<Item = &Applied> {
        self.applied.iter().filter(move |a| a.invoice == invoice)
    }
}

/// Applies every payment and credit dated on or before `until` (all if `None`) to the
/// invoices dated on or before it. Written-off and handed-over invoices take no
/// automatic allocation.
pub fn allocate(book: &Book, until: Option<NaiveDate>) -> Allocation {
    let within = |d: NaiveDate| until.is_none_or(|u| d <= u);
    let mut out = Allocation {
        open: book.invoices.iter().map(|i| i.amount.amount).collect(),
        ..Allocation::default()
    };
    let mut left: Vec<Decimal> = book.payments.iter().map(|p| p.amount.amount).collect();
    for (i, p) in book.payments.iter().enumerate() {
        if within(p.date) {
            explicit(book, &mut out, PaymentId(i as u32), &mut left[i], within);
        }
    }
    automatic(book, &mut out, &mut left, within);
    out
}

/// Pass 1: the `invoice:` lines of one payment.
fn explicit(book: &Book, out: &mut Allocation, pid: PaymentId, left: &mut Decimal, within: impl Fn(NaiveDate) -> bool) {
    let p = book.payment(pid);
    for &(inv, asked, span) in &p.allocations {
        let invoice = book.invoice(inv);
        if !within(invoice.date) {
            continue; // not issued yet on the cut-off day: the amount waits as credit
        }
        let open = &mut out.open[inv.0 as usize];
        let amount = asked.unwrap_or((*left).min(*open));
        if amount > *open {
            let cur = invoice.amount.currency;
            out.diagnostics.push(
                Diagnostic::new(
                    Code::OverAllocated,
                    format!(
                        "allocation of {} {cur} to `{}` is more than its open amount",
                        cur.format(amount),
                        invoice.number
                    ),
                )
                .at(span)
                .label(format!("only {} {cur} is open at this point", cur.format(*open)))
                .related(invoice.span, "invoice issued here")
                .help("allocate at most the open amount; the rest is applied automatically or kept as credit"),
            );
        }
        if amount > *left {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::OverAllocated,
                    "the `invoice:` lines add up to more than the payment",
                )
                .at(span)
                .label(format!(
                    "only {} is left of the payment here",
                    p.amount.currency.format(*left)
                ))
                .related(p.span, "the payment"),
            );
        }
        let amount = amount.min(*open).min(*left);
        if amount > Decimal::ZERO {
            *open -= amount;
            *left -= amount;
            out.applied.push(Applied {
                payment: pid,
                invoice: inv,
                date: p.date.max(invoice.date),
                amount,
                explicit: true,
            });
        }
    }
}

/// Open invoices as (due, date, id) in the order they take money, and how many are paid.
type Queue = (Vec<(NaiveDate, NaiveDate, InvoiceId)>, usize);

/// Pass 2: leftovers to open invoices, oldest due first; pass 3: the rest is credit.
fn automatic(book: &Book, out: &mut Allocation, left: &mut [Decimal], within: impl Fn(NaiveDate) -> bool) {
    let closed = closed_invoices(book, &within);
    // Each customer's open invoices in one currency as (due, date, id), in the order they
    // take money: the dates travel with the id, as reading them from the book was a cache
    // miss per invoice on a large journal.
    let mut queues: HashMap<(CustomerId, Currency), Queue> = HashMap::default();
    for (i, inv) in book.invoices.iter().enumerate() {
        if within(inv.date) && !closed[i] {
            queues.entry((inv.customer, inv.amount.currency)).or_default().0.push((
                inv.due,
                inv.date,
                InvoiceId(i as u32),
            ));
        }
    }
    for (q, _) in queues.values_mut() {
        // Numbers are compared only to break ties.
        q.sort_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| book.invoice(a.2).number.cmp(&book.invoice(b.2).number))
        });
    }
    let mut credit: HashMap<(CustomerId, Currency), Decimal> = HashMap::default();
    for (i, p) in book.payments.iter().enumerate().filter(|(_, p)| within(p.date)) {
        let key = (p.customer, p.amount.currency);
        if let Some((queue, cursor)) = queues.get_mut(&key) {
            while left[i] > Decimal::ZERO && *cursor < queue.len() {
                let (_, invoice_date, inv) = queue[*cursor];
                let open = &mut out.open[inv.0 as usize];
                let amount = left[i].min(*open);
                if amount > Decimal::ZERO {
                    *open -= amount;
                    left[i] -= amount;
                    let date = p.date.max(invoice_date);
                    out.applied.push(Applied {
                        payment: PaymentId(i as u32),
                        invoice: inv,
                        date,
                        amount,
                        explicit: false,
                    });
                }
                if *open == Decimal::ZERO {
                    *cursor += 1;
                }
            }
        }
        if left[i] > Decimal::ZERO {
            *credit.entry(key).or_default() += left[i];
        }
    }
    let mut credit: Vec<_> = credit.into_iter().map(|((c, cur), d)| (c, cur, d)).collect();
    credit.sort_by_key(|&(c, cur, _)| (c, cur));
    out.credit = credit;
}

/// Invoices written off or handed over by the cut-off day.
fn closed_invoices(book: &Book, within: impl Fn(NaiveDate) -> bool) -> Vec<bool> {
    let mut closed = vec![false; book.invoices.len()];
    for e in book.events.iter().filter(|e| within(e.date)) {
        if let EventKind::Writeoff(i) | EventKind::Handover(i) = e.kind {
            closed[i.0 as usize] = true;
        }
    }
    closed
}
