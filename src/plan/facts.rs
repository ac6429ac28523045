//! Per-invoice facts known on the evaluation date, gathered in one pass over the book.

use chrono::NaiveDate;

use super::{Split, State};
use crate::book::{Book, Event, EventKind, InvoiceId};
use crate::rules::Rules;

/// Events and payments per invoice, each list in model order. Stored flat (one vector for
/// all invoices, sliced by offsets): a vector per invoice was two million allocations for a
/// million invoices.
pub struct Facts<'b> {
    events: Flat<&'b Event>,
    /// Indices into `splits`: a copy of each split was as large as the plans' ledgers.
    applied: Flat<u32>,
    splits: &'b [Split],
    closed: Vec<Option<(State, NaiveDate)>>,
}

impl<'b> Facts<'b> {
    /// Indexes what is dated on or before `as_of`.
    pub fn gather(book: &'b Book, splits: &'b [Split], as_of: NaiveDate) -> Facts<'b> {
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
        Facts {
            events: Flat::group(n, &events, |e| e.0, |_, e| e.1),
            // Each invoice's splits are made in date order: grouping keeps that order.
            applied: Flat::group(n, splits, |s| s.invoice.0, |k, _| k as u32),
            splits,
            closed,
        }
    }

    /// The invoice's events (sent records included), in model order.
    pub fn events(&self, id: InvoiceId) -> &[&'b Event] {
        self.events.slice(id.0 as usize)
    }

    /// Money applied to the invoice, by date.
    pub fn applied(&self, id: InvoiceId) -> impl Iterator<Item = &Split> {
        self.applied
            .slice(id.0 as usize)
            .iter()
            .map(|&k| &self.splits[k as usize])
    }

    /// Written off or handed over, and on which day.
    pub fn closed(&self, id: InvoiceId) -> Option<(State, NaiveDate)> {
        self.closed[id.0 as usize]
    }
}

/// Lists of `T` per index `0..n`, in one vector.
struct Flat<T> {
    /// `items[starts[i]..starts[i + 1]]` is the list of `i` (as `u32`s: items are a book's
    /// events or splits, far fewer than 2^32, and a `usize` per invoice was 8 MB at a million).
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Flat<T> {
    /// Groups `source` by `index`, keeping its order within each index: counted, then each
    /// item (made of its position in `source` and itself) put in its place (one pass; a
    /// stable sort of the pairs was a sixth of evaluating).
    fn group<S>(n: usize, source: &[S], index: impl Fn(&S) -> u32, item: impl Fn(usize, &S) -> T) -> Flat<T> {
        let mut starts = vec![0; n + 1];
        for s in source {
            starts[index(s) as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let Some(first) = source.first() else {
            return Flat {
                starts,
                items: Vec::new(),
            };
        };
        let mut next = starts.clone();
        let mut items = vec![item(0, first); source.len()];
        for (k, s) in source.iter().enumerate() {
            let slot = &mut next[index(s) as usize];
            items[*slot as usize] = item(k, s);
            *slot += 1;
        }
        Flat { starts, items }
    }

    fn slice(&self, i: usize) -> &[T] {
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
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
    /// The evaluation date.
    pub as_of: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_keeps_the_order_within_each_index() {
        let pairs = [(2u32, 'a'), (0, 'b'), (2, 'c'), (3, 'd'), (0, 'e'), (2, 'f')];
        let flat = Flat::group(4, &pairs, |p| p.0, |_, p| p.1);
        let lists: Vec<String> = (0..4).map(|i| flat.slice(i).iter().collect()).collect();
        assert_eq!(lists, ["be", "", "acf", "d"]);
        let empty = Flat::group(2, &[] as &[(u32, char)], |p| p.0, |_, p| p.1);
        assert!(empty.slice(0).is_empty() && empty.slice(1).is_empty());
    }
}
