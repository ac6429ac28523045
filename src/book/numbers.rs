//! Invoices by number: their ids in an open-addressing table, the numbers themselves read
//! from the invoices. A map from number to id held a 24-byte copy of every number, 32 bytes
//! a slot; this holds 4 bytes a slot (a million invoices: 8 instead of 66 MB).

use std::hash::BuildHasher;

use super::{Invoice, InvoiceId};

/// Marks an empty slot.
const EMPTY: u32 = u32::MAX;

/// Positions of items with distinct string keys, found by key: an open-addressing table
/// of `u32`s (the keys are read from the items), a power of two long and at most half full,
/// so a probe ends soon.
#[derive(Debug, Clone, Default)]
pub(super) struct Slots {
    slots: Vec<u32>,
}

/// The hash of a key: FxHash, as numbers are the user's own, not attacker-chosen keys.
fn hash(key: &str) -> usize {
    rustc_hash::FxBuildHasher.hash_one(key) as usize
}

impl Slots {
    /// Room for `len` items.
    pub(super) fn with_room(len: usize) -> Slots {
        Slots {
            slots: vec![EMPTY; (len * 2).next_power_of_two().max(2)],
        }
    }

    /// The slot of `key`: the one holding the item with that key (`key_of` gives an item's
    /// key), else the empty one where it goes.
    pub(super) fn find<'k>(&self, key: &str, key_of: impl Fn(u32) -> &'k str) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let item = self.slots[at];
            if item == EMPTY || key_of(item) == key {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// The first empty slot for `key`, for an item whose key no other item has.
    pub(super) fn vacant(&self, key: &str) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        while self.slots[at] != EMPTY {
            at = (at + 1) & mask;
        }
        at
    }

    /// The first slot `key` is looked for in: where [`Slots::find`] and [`Slots::vacant`]
    /// start, and what a read ahead reads (a probe seldom goes past it).
    fn home(&self, key: &str) -> usize {
        hash(key) & (self.slots.len() - 1)
    }

    /// The item in slot `at`, if any.
    pub(super) fn get(&self, at: usize) -> Option<u32> {
        Some(self.slots[at]).filter(|&i| i != EMPTY)
    }

    /// Puts `item` in slot `at`.
    pub(super) fn set(&mut self, at: usize, item: u32) {
        self.slots[at] = item;
    }
}

/// The ids of a book's invoices, found by number. Numbers must be unique.
#[derive(Debug, Clone, Default)]
pub(super) struct NumberIndex(Slots);

impl NumberIndex {
    /// The index of `invoices`, whose numbers are unique.
    pub(super) fn new(invoices: &[Invoice]) -> NumberIndex {
        let mut slots = Slots::with_room(invoices.len());
        for (id, invoice) in (0u32..).zip(invoices) {
            let at = slots.vacant(&invoice.number);
            slots.set(at, id);
        }
        NumberIndex(slots)
    }

    /// Reads ahead what looking up each of `numbers` in `invoices` (those the index was
    /// made of) reads: the numbers, then their slots, then the invoices in them, each step
    /// for all of them before the next (see [`crate::ahead`]): one lookup waits for each
    /// in turn, and in a loop of lookups only a few overlap.
    pub(super) fn read_ahead<'k>(&self, invoices: &[Invoice], numbers: impl Iterator<Item = &'k str> + Clone) {
        if self.0.slots.is_empty() {
            return;
        }
        let last_byte = |s: &str| u64::from(s.as_bytes().last().copied().unwrap_or(0));
        crate::ahead::touch(numbers.clone().map(last_byte));
        let item = |n: &str| self.0.slots[self.0.home(n)];
        crate::ahead::touch(numbers.clone().map(|n| u64::from(item(n))));
        crate::ahead::touch(numbers.map(|n| invoices.get(item(n) as usize).map_or(0, Invoice::read_ahead)));
    }

    /// The invoice of `invoices` (those the index was made of) numbered `number`.
    pub(super) fn get(&self, invoices: &[Invoice], number: &str) -> Option<InvoiceId> {
        if self.0.slots.is_empty() {
            return None; // the index of a default book
        }
        let key_of = |i: u32| invoices.get(i as usize).map_or("", |i| i.number.as_str());
        let at = self.0.find(number, key_of);
        self.0.get(at).filter(|&i| key_of(i) == number).map(InvoiceId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use chrono::NaiveDate;

    fn invoice(number: &str) -> Invoice {
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).expect("ok: a valid date");
        Invoice {
            number: number.into(),
            customer: super::super::CustomerId(0),
            date,
            amount: Money::new(rust_decimal::Decimal::ONE, crate::money::Currency::EUR),
            due: date,
            terms: None,
            reference: None,
            reference_span: Default::default(),
            memo: None,
            span: Default::default(),
        }
    }

    #[test]
    fn finds_every_number_and_no_other() {
        for len in [0usize, 1, 2, 3, 100, 5000] {
            let invoices: Vec<Invoice> = (0..len).map(|i| invoice(&format!("INV-{i}"))).collect();
            let index = NumberIndex::new(&invoices);
            for (i, inv) in invoices.iter().enumerate() {
                assert_eq!(index.get(&invoices, &inv.number), Some(InvoiceId(i as u32)));
            }
            // A hint only: any number, in the index or not, and an empty index.
            let all = invoices.iter().map(|i| i.number.as_str());
            index.read_ahead(
                &invoices,
                all.chain(["", "INV-5000", "a much longer number than any inline one"]),
            );
            NumberIndex::default().read_ahead(&invoices, ["INV-0"].into_iter());
            for missing in [
                "",
                "INV-",
                "INV-5000",
                "inv-1",
                "a much longer number than any inline one",
            ] {
                assert_eq!(index.get(&invoices, missing), None, "len {len}");
            }
        }
    }
}
