//! Names resolved against the book being built: customers and invoice numbers, with "did
//! you mean" for the unknown ones; the `invoice:` lines of payments and the events, once
//! every invoice is indexed.

use rust_decimal::Decimal;
use rustc_hash::FxHashSet as HashSet;

use super::{Allocation, Book, Charge, CustomerId, Event, EventKind, Installment, InvoiceId, Payment};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::money::Money;
use crate::par::Filler;
use crate::source::Span;
use crate::syntax::ast::{self, Entry, EntryKind, Id, Spanned};

/// Above this many candidates, "did you mean" is not worth its cost.
const SUGGEST_LIMIT: usize = 10_000;

/// E021 unless `amount` is above zero; `help` says what to write instead.
pub(super) fn positive(amount: &Spanned<Money>, what: &str, help: &str, diags: &mut Vec<Diagnostic>) -> bool {
    if amount.node.amount > Decimal::ZERO {
        return true;
    }
    diags.push(
        Diagnostic::new(Code::NotPositive, format!("the amount of {what} must be positive"))
            .at(amount.span)
            .label("zero or negative")
            .help(help),
    );
    false
}

/// Name lookups that report unknown names (with a suggestion) unless the name was
/// declared by a block that failed to parse.
pub(super) struct Resolver<'b, 'd> {
    pub(super) book: &'b Book,
    pub(super) poisoned: &'b HashSet<&'b str>,
    pub(super) diags: &'d mut Vec<Diagnostic>,
}

impl Resolver<'_, '_> {
    pub(super) fn customer(&mut self, id: &Id<'_>) -> Option<CustomerId> {
        if let Some(c) = self.book.customer_id(id.node) {
            return Some(c);
        }
        if !self.poisoned.contains(id.node) {
            let names = self.book.customers.iter().map(|c| c.id.as_str());
            let help = did_you_mean(id.node, names)
                .map(|g| format!("did you mean `{g}`?"))
                .unwrap_or_else(|| "declare it with a `customer` block first".into());
            self.diags.push(
                Diagnostic::new(Code::UnknownCustomer, format!("unknown customer `{}`", id.node))
                    .at(id.span)
                    .label("no customer with this id")
                    .help(help),
            );
        }
        None
    }

    fn invoice(&mut self, id: &Id<'_>) -> Option<InvoiceId> {
        if self.poisoned.contains(id.node) {
            return None; // declared by a broken block, or duplicated: already reported
        }
        if let Some(i) = self.book.invoice_id(id.node) {
            return Some(i);
        }
        let guess = if self.book.invoices.len() <= SUGGEST_LIMIT {
            did_you_mean(id.node, self.book.invoices.iter().map(|i| i.number.as_str()))
        } else {
            None
        };
        let help = guess.map(|g| format!("did you mean `{g}`?"));
        self.diags.push(
            Diagnostic::new(Code::UnknownInvoice, format!("unknown invoice `{}`", id.node))
                .at(id.span)
                .label("no invoice with this number")
                .maybe_help(help),
        );
        None
    }

    /// An invoice that must belong to `customer`.
    fn invoice_of(&mut self, id: &Id<'_>, customer: CustomerId) -> Option<InvoiceId> {
        let inv = self.invoice(id)?;
        let owner = self.book.invoice(inv).customer;
        if owner == customer {
            return Some(inv);
        }
        self.diags.push(
            Diagnostic::new(
                Code::WrongCustomer,
                format!(
                    "invoice `{}` belongs to `{}`, not `{}`",
                    id.node,
                    self.book.customer(owner).id,
                    self.book.customer(customer).id
                ),
            )
            .at(id.span)
            .label("another customer's invoice")
            .related(self.book.invoice(inv).span, "invoice issued here"),
        );
        None
    }

    fn currency(&mut self, amount: &Spanned<Money>, inv: InvoiceId) -> bool {
        let invoice = self.book.invoice(inv);
        if amount.node.currency == invoice.amount.currency {
            return true;
        }
        self.diags.push(
            Diagnostic::new(
                Code::CurrencyMismatch,
                format!(
                    "{} differs from the currency of invoice `{}` ({})",
                    amount.node.currency, invoice.number, invoice.amount.currency
                ),
            )
            .at(amount.span)
            .label("other currency")
            .related(invoice.span, "invoice issued here"),
        );
        false
    }
}

/// The `invoice:` lines of payment `p` (whose amount is written at `amount_span`) that
/// name an invoice of its customer in its currency, pushed to `out`; how many.
pub(super) fn allocations(
    r: &mut Resolver<'_, '_>,
    p: &Payment,
    lines: &[ast::Allocation<'_>],
    amount_span: Span,
    out: &mut Filler<'_, Allocation>,
) -> u32 {
    let what = if p.credit_note.is_some() {
        "a credit note"
    } else {
        "a payment"
    };
    let amount = Spanned::new(p.amount, amount_span);
    let mut resolved = 0;
    for a in lines {
        let Some(inv) = r.invoice_of(&a.invoice, p.customer) else {
            continue;
        };
        let invoice = r.book.invoice(inv);
        if p.date < invoice.date {
            r.diags.push(
                Diagnostic::new(
                    Code::PaymentBeforeInvoice,
                    format!("{what} dated before invoice `{}`", invoice.number),
                )
                .at(a.invoice.span)
                .label(format!("the invoice is dated {}", invoice.date))
                .help("check both dates"),
            );
        }
        let currency_ok = r.currency(&amount, inv) && a.amount.as_ref().is_none_or(|x| r.currency(x, inv));
        if currency_ok {
            // Point problems with the allocation at its amount, if it has one.
            let span = a.amount.as_ref().map_or(a.invoice.span, |x| x.span);
            out.push((inv, a.amount.map(|x| x.node.amount), span));
            resolved += 1;
        }
    }
    resolved
}

/// The event entry `e` says, if its names resolve.
pub(super) fn event(r: &mut Resolver<'_, '_>, e: &Entry<'_>) -> Option<Event> {
    let text = |t: &Option<ast::Text<'_>>| t.as_ref().map(|t| t.node.to_string());
    let (kind, note) = match &e.kind {
        EntryKind::Dispute { invoice, reason } => (EventKind::Dispute(r.invoice(invoice)?), text(reason)),
        EntryKind::Resolved { invoice, reason } => (EventKind::Resolved(r.invoice(invoice)?), text(reason)),
        EntryKind::Promise { invoice, until, reason } => {
            (EventKind::Promise(r.invoice(invoice)?, until.node), text(reason))
        }
        EntryKind::Hold { invoice, until, reason } => (
            EventKind::Hold(r.invoice(invoice)?, until.map(|u| u.node)),
            text(reason),
        ),
        EntryKind::Release { invoice, reason } => (EventKind::Release(r.invoice(invoice)?), text(reason)),
        EntryKind::Writeoff { invoice, reason } => (EventKind::Writeoff(r.invoice(invoice)?), text(reason)),
        EntryKind::Handover { invoice, agency } => (EventKind::Handover(r.invoice(invoice)?), text(agency)),
        EntryKind::Waive {
            invoice,
            what,
            amount,
            reason,
        } => (waive(r, invoice, what.node, amount.as_ref())?, text(reason)),
        EntryKind::Note { customer, text: t } => (EventKind::Note(r.customer(customer)?), Some(t.node.to_string())),
        EntryKind::Arrangement {
            invoice,
            reason,
            installments,
        } => {
            let inv = r.invoice(invoice)?;
            let plan = installments
                .iter()
                .filter(|i| r.currency(&i.amount, inv))
                .map(|i| Installment {
                    date: i.date.node,
                    amount: i.amount.node,
                })
                .collect();
            (EventKind::Arrangement(inv, plan), text(reason))
        }
        EntryKind::Sent {
            customer,
            stage,
            invoices,
            fees,
            interest,
            letter,
            channel,
        } => {
            let customer = r.customer(customer)?;
            let invoices: Vec<InvoiceId> = invoices.iter().filter_map(|i| r.invoice_of(i, customer)).collect();
            let kind = EventKind::Sent {
                customer,
                stage: stage.node.to_string(),
                stage_span: stage.span,
                fees: charges(r, fees, customer),
                interest: charges(r, interest, customer),
                invoices,
                letter: letter.as_ref().map(|t| t.node.to_string()),
                channel: channel.as_ref().map(|c| c.node.to_string()),
            };
            (kind, None)
        }
        EntryKind::Invoice { .. }
        | EntryKind::Payment { .. }
        | EntryKind::Credit { .. }
        | EntryKind::Unmatched { .. } => return None,
    };
    Some(Event {
        date: e.date.node,
        kind,
        text: note,
        memo: text(&e.memo),
        span: e.span,
    })
}

/// A waiver of an invoice's costs or interest; its amount, if any, in the invoice's currency.
fn waive(
    r: &mut Resolver<'_, '_>,
    invoice: &Id<'_>,
    what: super::Waived,
    amount: Option<&Spanned<Money>>,
) -> Option<EventKind> {
    let inv = r.invoice(invoice)?;
    if let Some(a) = amount {
        let help = "leave the amount out to waive all of it";
        if !positive(a, "a waiver", help, r.diags) || !r.currency(a, inv) {
            return None;
        }
    }
    Some(EventKind::Waive {
        invoice: inv,
        what,
        amount: amount.map(|a| a.node),
    })
}

fn charges(r: &mut Resolver<'_, '_>, lines: &[ast::Charge<'_>], customer: CustomerId) -> Vec<Charge> {
    lines
        .iter()
        .filter_map(|c| {
            let invoice = match &c.invoice {
                Some(id) => {
                    let inv = r.invoice_of(id, customer)?;
                    r.currency(&c.amount, inv).then_some(inv)?;
                    Some(inv)
                }
                None => None,
            };
            Some(Charge {
                invoice,
                amount: c.amount.node,
            })
        })
        .collect()
}
