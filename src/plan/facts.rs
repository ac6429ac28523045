//! Per-invoice facts known on the evaluation date, gathered in one pass over the book.

use chrono::NaiveDate;

use super::{Ledger, Split, State};
use crate::book::{Book, Event, EventKind, InvoiceId};
use crate::rules::Rules;

/// Events and payments per invoice, each list in model order. Stored flat (one vector for
/// all invoices, sliced by offsets): a vector per invoice was two million allocations for a
/// million invoices.
pub struct Facts<'b> {
    events: Flat<&'b Event>,
    applied: Flat<Split>,
    closed: Vec<Option<(State, NaiveDate)>>,
}

impl<'b> Facts<'b> {
    /// Indexes what is dated on or before `as_of`.
    pub fn gather(book: &'b Book, splits: &[Split], as_of: NaiveDate) -> Facts<'b> {
        let n = book.invoices.len();
        let mut closed = vec![None; n];
        let mut events = Vec::new();
        for e in book.events.iter().filter(|e| e.date <= as_of) {
            match &e.kind {
                EventKind::Sent { invoices, .. } => events.extend(invoices.iter().map(|i| (i.0, e))),
                EventKind::Note(_) => {}
                kind => {
                    let Some(i) = e.invoice() else { continue };
                    events.push((i.0, e));
                    match kind {
                        EventKind::Writeoff(_) => closed[i.0 as usize] = Some((State::WrittenOff, e.date)),
                        EventKind::Handover(_) => closed[i.0 as usize] = Some((State::HandedOver, e.date)),
                        _ => {}
                    }
                }
            }
        }
        let applied: Vec<_> = splits.iter().map(|a| (a.invoice.0, *a)).collect();
        Facts {
            events: Flat::group(n, &events),
            // Each invoice's splits are made in date order: grouping keeps that order.
            applied: Flat::group(n, &applied),
            closed,
        }
    }

    /// The invoice's events (sent records included), in model order.
    pub fn events(&self, id: InvoiceId) -> &[&'b Event] {
        self.events.slice(id.0 as usize)
    }

    /// Money applied to the invoice, by date.
    pub fn applied(&self, id: InvoiceId) -> &[Split] {
        self.applied.slice(id.0 as usize)
    }

    /// Written off or handed over, and on which day.
    pub fn closed(&self, id: InvoiceId) -> Option<(State, NaiveDate)> {
        self.closed[id.0 as usize]
    }
}

/// Lists of `T` per index `0..n`, in one vector.
struct Flat<T> {
    /// `items[starts[i]..starts[i + 1]]` is the list of `i`.
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy> Flat<T> {
    /// Groups `(index, item)` pairs by index, keeping their order within each index.
    fn group(n: usize, pairs: &[(u32, T)]) -> Flat<T> {
        let mut starts = vec![0; n + 1];
        for &(i, _) in pairs {
            starts[i as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        // A stable sort keeps each index's items in their given order.
        let mut sorted = pairs.to_vec();
        sorted.sort_by_key(|(i, _)| *i);
        Flat {
            starts,
            items: sorted.into_iter().map(|(_, item)| item).collect(),
        }
    }

    fn slice(&self, i: usize) -> &[T] {
        &self.items[self.starts[i]..self.starts[i + 1]]
    }
}

/// What evaluating one invoice needs.
pub struct InvoiceContext<'a> {
    /// The model.
    pub book: &'a Book,
    /// The rules.
    pub rules: &'a Rules,
    /// Per-invoice facts.
    pub facts: &'a Facts<'a>,
    /// Each customer's policy, by customer index.
    pub policies: &'a [Option<&'a crate::rules::Policy>],
    /// Each invoice's ledger, by invoice index.
    pub ledgers: &'a [Ledger],
    /// The evaluation date.
    pub as_of: NaiveDate,
}
