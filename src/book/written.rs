//! What a part's records keep of where things are written. A part is of one file, so a
//! place in it is two offsets (a [`Span`] also names the file), and an id's end follows
//! from the id: a million entries' places stand beside the book while it is built.

use crate::money::Money;
use crate::source::{FileId, Span};
use crate::syntax::ast::{Allocation, Id, Spanned};

/// `node` written at `start` in `file`.
fn id_at(node: &str, start: u32, file: FileId) -> Id<'_> {
    let start = start as usize;
    Id::new(node, Span::new(file, start, start + node.len()))
}

/// A range of a part's file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    start: u32,
    end: u32,
}

impl Place {
    /// Where `span` is, in its part's file.
    pub(super) fn of(span: Span) -> Place {
        Place {
            start: span.start,
            end: span.end,
        }
    }

    /// The span of this place in `file`.
    pub(super) fn span(self, file: FileId) -> Span {
        Span::new(file, self.start as usize, self.end as usize)
    }
}

/// A customer as an entry names it: by its place in its part's names, and where the name
/// is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Named {
    pub(super) name: u32,
    start: u32,
}

impl Named {
    /// The `name`th of the part's names, written as `id`.
    pub(super) fn new(name: u32, id: &Id<'_>) -> Named {
        Named {
            name,
            start: id.span.start,
        }
    }

    /// The name as written (`node` is the part's `name`th), in `file`.
    pub(super) fn id(self, node: &str, file: FileId) -> Id<'_> {
        id_at(node, self.start, file)
    }
}

/// The number of an invoice or credit note as written, with its entry's place: among its
/// part's entries, then its rank (24 bytes; with an [`Id`], 40).
#[derive(Debug, Clone, Copy)]
pub(super) struct Number<'s> {
    node: &'s str,
    start: u32,
    /// The entry's place, then its rank.
    pub(super) at: u32,
}

impl<'s> Number<'s> {
    /// `id`, the number of the entry at `at`.
    pub(super) fn new(at: u32, id: &Id<'s>) -> Number<'s> {
        Number {
            node: id.node,
            start: id.span.start,
            at,
        }
    }

    /// The number as written, in `file`.
    pub(super) fn id(&self, file: FileId) -> Id<'s> {
        id_at(self.node, self.start, file)
    }
}

/// An `invoice:` line of a payment or credit note as written (56 bytes; as the syntax
/// tree has it, 72).
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'s> {
    invoice: &'s str,
    start: u32,
    amount_at: Place,
    amount: Option<Money>,
}

impl<'s> Line<'s> {
    /// `line` as written.
    pub(super) fn new(line: &Allocation<'s>) -> Line<'s> {
        Line {
            invoice: line.invoice.node,
            start: line.invoice.span.start,
            amount_at: Place::of(line.amount.map_or(Span::default(), |a| a.span)),
            amount: line.amount.map(|a| a.node),
        }
    }

    /// The invoice number as written.
    pub(super) fn invoice(&self) -> &'s str {
        self.invoice
    }

    /// The line as the syntax tree has it, in `file`.
    pub(super) fn allocation(&self, file: FileId) -> Allocation<'s> {
        Allocation {
            invoice: id_at(self.invoice, self.start, file),
            amount: self.amount.map(|a| Spanned::new(a, self.amount_at.span(file))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use rust_decimal::Decimal;

    #[test]
    fn what_is_kept_gives_back_what_was_written() {
        let file = FileId(3);
        let invoice = Id::new("I-7", Span::new(file, 40, 43));
        let amount = Spanned::new(
            Money::new(Decimal::new(1050, 2), Currency::EUR),
            Span::new(file, 44, 53),
        );
        for line in [
            Allocation { invoice, amount: None },
            Allocation {
                invoice,
                amount: Some(amount),
            },
        ] {
            let back = Line::new(&line).allocation(file);
            assert_eq!(format!("{back:?}"), format!("{line:?}"));
        }
        let number = Number::new(5, &invoice);
        assert_eq!(
            (number.at, format!("{:?}", number.id(file))),
            (5, format!("{invoice:?}"))
        );
        assert_eq!(
            format!("{:?}", Named::new(0, &invoice).id("I-7", file)),
            format!("{invoice:?}")
        );
        assert_eq!(Place::of(amount.span).span(file), amount.span);
        assert_eq!(std::mem::size_of::<Number<'_>>(), 24);
        assert_eq!(std::mem::size_of::<Line<'_>>(), 56);
    }
}
