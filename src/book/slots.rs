//! The book's invoices and payments parsed straight into their places: each part of a file
//! fills its span of one vector of each kind (as many slots as the part has heads of the
//! kind), so that building the book copies no record when the parts are in model order.

use chrono::NaiveDate;

use super::{CustomerId, Invoice, Payment};
use crate::money::{Currency, Money};
use crate::source::Span;

/// A customer not yet known: set by [`super::lower::Lowering::part`], which drops the
/// records it is left on.
pub(super) const UNKNOWN: CustomerId = CustomerId(u32::MAX);

/// Records of one kind of every part parsed by [`super::parse_part_into_slots`], in one vector:
/// each part's in a span of its own, `lens[i]` slots long, in part order.
#[derive(Debug)]
pub(crate) struct PartSlots<T> {
    /// Every part's slots.
    pub(crate) all: Vec<T>,
    /// How many slots each part has.
    pub(crate) lens: Vec<usize>,
}

impl<T> Default for PartSlots<T> {
    fn default() -> Self {
        PartSlots {
            all: Vec::new(),
            lens: Vec::new(),
        }
    }
}

impl<T> PartSlots<T> {
    /// Each part's slots.
    pub(super) fn parts(&mut self) -> Vec<&mut [T]> {
        crate::par::split_at_bounds(&mut self.all, &crate::par::bounds_of(&self.lens))
    }
}

/// The slots [`super::parse_part_into_slots`] fills: the book's invoices, and its payments and
/// credit notes.
#[derive(Debug, Default)]
pub(crate) struct BookSlots {
    pub(crate) invoices: PartSlots<Invoice>,
    pub(crate) payments: PartSlots<Payment>,
}

/// Where a part's records of one kind go first: gives back one that does not fit.
pub(super) type Put<'f, T> = &'f mut dyn FnMut(T) -> Option<T>;

/// Where a part's records go first, if anywhere but its own vectors.
pub(super) struct Places<'f> {
    pub(super) invoices: Put<'f, Invoice>,
    pub(super) payments: Put<'f, Payment>,
}

/// What fills a slot no record took: never read, and dropped with the slots.
pub(super) trait Vacant {
    fn vacant() -> Self;
}

impl Vacant for Invoice {
    fn vacant() -> Invoice {
        Invoice {
            number: Default::default(),
            amount: Money::zero(Currency::EUR),
            customer: UNKNOWN,
            date: NaiveDate::MIN,
            due: NaiveDate::MIN,
            terms: None,
            reference_span: Span::default(),
            span: Span::default(),
            reference: None,
            memo: None,
        }
    }
}

impl Vacant for Payment {
    fn vacant() -> Payment {
        Payment {
            credit_note: None,
            customer: UNKNOWN,
            date: NaiveDate::MIN,
            amount: Money::zero(Currency::EUR),
            allocations: 0..0,
            reference: None,
            bank: None,
            memo: None,
            span: Span::default(),
        }
    }
}

/// A part's records of one kind, in order: the first `in_slots` at the front of the part's
/// slots of the book's vector (see [`super::parse_part_into_slots`]), the rest vacant; or, when
/// some did not fit there (or the part has no slots), all in `own`.
#[derive(Debug)]
pub(super) struct Records<T> {
    pub(super) in_slots: usize,
    pub(super) own: Vec<T>,
}

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records {
            in_slots: 0,
            own: Vec::new(),
        }
    }
}

impl<T: Vacant> Records<T> {
    /// Adds `item`: to the slots through `place` while it fits, else (and once one did not
    /// fit, every later one, so that the records stay in order) to `own`.
    pub(super) fn push(&mut self, item: T, place: Option<&mut Put<'_, T>>) {
        let unplaced = match place {
            Some(place) if self.own.is_empty() => place(item),
            _ => Some(item),
        };
        match unplaced {
            None => self.in_slots += 1,
            Some(item) => self.own.push(item),
        }
    }

    /// How many records there are.
    pub(super) fn len(&self) -> usize {
        self.in_slots + self.own.len()
    }

    /// The records, in `slots` (the part's) or in `own`: after [`Records::gather`], where
    /// they are in one of the two.
    pub(super) fn of<'a>(&'a mut self, slots: &'a mut [T]) -> &'a mut [T] {
        match self.own.is_empty() {
            true => &mut slots[..self.in_slots],
            false => &mut self.own,
        }
    }

    /// The records in one place: those in `slots` moved to the front of `own` when some are
    /// there too (the part had more records than heads counted: one written with two blanks).
    pub(super) fn gather<'a>(&'a mut self, slots: &'a mut [T]) -> &'a mut [T] {
        if !self.own.is_empty() && self.in_slots > 0 {
            let placed = slots[..self.in_slots]
                .iter_mut()
                .map(|i| std::mem::replace(i, T::vacant()));
            self.own.splice(0..0, placed);
            self.in_slots = 0;
        }
        self.of(slots)
    }

    /// Keeps the first `kept` of the records.
    pub(super) fn keep(&mut self, kept: usize) {
        match self.own.is_empty() {
            true => self.in_slots = kept,
            false => self.own.truncate(kept),
        }
    }
}
