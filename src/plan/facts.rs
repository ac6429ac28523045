//! Per-invoice facts known on the evaluation date, gathered in one pass over the book.

use chrono::NaiveDate;

use super::State;
use crate::book::allocate::{Allocation, Applied};
use crate::book::{Book, Event, EventKind, InvoiceId};
use crate::interest::RateTables;
use crate::rules::Rules;

/// Events and payments per invoice, each list in model order.
pub struct Facts<'b> {
    events: Vec<Vec<&'b Event>>,
    applied: Vec<Vec<Applied>>,
    closed: Vec<Option<(State, NaiveDate)>>,
}

impl<'b> Facts<'b> {
    /// Indexes what is dated on or before `as_of`.
    pub fn gather(book: &'b Book, allocation: &Allocation, as_of: NaiveDate) -> Facts<'b> {
        let n = book.invoices.len();
        let mut facts = Facts {
            events: vec![Vec::new(); n],
            applied: vec![Vec::new(); n],
            closed: vec![None; n],
        };
        for e in book.events.iter().filter(|e| e.date <= as_of) {
            match &e.kind {
                EventKind::Sent { invoices, .. } => {
                    for i in invoices {
                        facts.events[i.0 as usize].push(e);
                    }
                }
                EventKind::Note(_) => {}
                kind => {
                    let Some(i) = e.invoice() else { continue };
                    facts.events[i.0 as usize].push(e);
                    match kind {
                        EventKind::Writeoff(_) => facts.closed[i.0 as usize] = Some((State::WrittenOff, e.date)),
                        EventKind::Handover(_) => facts.closed[i.0 as usize] = Some((State::HandedOver, e.date)),
                        _ => {}
                    }
                }
            }
        }
        for a in &allocation.applied {
            facts.applied[a.invoice.0 as usize].push(*a);
        }
        for list in &mut facts.applied {
            list.sort_by_key(|a| a.date);
        }
        facts
    }

    /// The invoice's events (sent records included), in model order.
    pub fn events(&self, id: InvoiceId) -> &[&'b Event] {
        &self.events[id.0 as usize]
    }

    /// Money applied to the invoice, by date.
    pub fn applied(&self, id: InvoiceId) -> &[Applied] {
        &self.applied[id.0 as usize]
    }

    /// Written off or handed over, and on which day.
    pub fn closed(&self, id: InvoiceId) -> Option<(State, NaiveDate)> {
        self.closed[id.0 as usize]
    }
}

/// What evaluating one invoice needs.
pub struct InvoiceContext<'a> {
    /// The model.
    pub book: &'a Book,
    /// The rules.
    pub rules: &'a Rules,
    /// Interest rate tables.
    pub rates: &'a RateTables,
    /// Per-invoice facts.
    pub facts: &'a Facts<'a>,
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// The invoice whose interest periods are kept (for `dun explain`).
    pub detail: Option<InvoiceId>,
}
