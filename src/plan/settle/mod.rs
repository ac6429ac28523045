//! The claim pass: per customer and currency, one walk over its entries in date order that
//! carries each invoice's principal, interest and costs, and allocates every payment and
//! credit note on its own date against the claims as they stand that day.
//!
//! Nothing dated later moves money already allocated: the result for a date is a function
//! of the entries up to that date alone. Within a day, entries take effect in this order:
//! invoices, disputes and arrangements, credit notes, payments, reversals and refunds,
//! waivers, `sent` records (their costs), write-offs and handovers; entries of one kind in
//! model order. A letter is made from everything known on its date, payments of that day
//! included, so its costs come after them: recording the letter never moves them.
//!
//! Money reaches invoices as the journal's *Meaning* says: `invoice:` lines first, each up
//! to that invoice's whole claim; then the arrangement installments due; then open claims
//! oldest due first (then invoice date, then number), skipping disputed invoices; the rest
//! is credit, which meets claims as they arise (an invoice's date, a resolved dispute, a
//! reversal). Within one invoice the rules' `payment-order` splits it ([`Claim::pay`]).

mod amount;
mod claim;
mod credit;
mod packed;
mod timeline;
mod walk;

use std::ops::{Add, Neg};
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, CustomerId, InvoiceId, PaymentId};
use crate::diag::Diagnostic;
use crate::interest::{Period, RateTables};
use crate::money::Currency;
use crate::rules::{Policy, Rules};

use super::Ledger;
use packed::Packed;
use timeline::Timeline;

/// The parts of a claim one movement of money touched (negative for a reversal); the walk
/// keeps them as [`amount::Amount`] amounts, and records them as `Decimal`s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts<T = Decimal> {
    /// Original principal.
    pub principal: T,
    /// Interest added to the principal by yearly capitalisation.
    pub capitalised: T,
    /// Outstanding interest.
    pub interest: T,
    /// Claimed costs.
    pub costs: T,
}

impl<T: Copy + Add<Output = T> + Neg<Output = T>> Parts<T> {
    /// All parts together.
    pub fn total(&self) -> T {
        self.principal + self.capitalised + self.interest + self.costs
    }

    /// The parts with the sign turned.
    pub fn negated(&self) -> Parts<T> {
        self.map(|x| -x)
    }

    /// Interest of either kind.
    pub fn all_interest(&self) -> T {
        self.capitalised + self.interest
    }

    /// Each part converted by `f`.
    pub fn map<U>(&self, f: impl Fn(T) -> U) -> Parts<U> {
        Parts {
            principal: f(self.principal),
            capitalised: f(self.capitalised),
            interest: f(self.interest),
            costs: f(self.costs),
        }
    }
}

/// How money reached an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// An `invoice:` line of the payment or credit note.
    Line,
    /// Applied automatically on the payment's date.
    Automatic,
    /// The customer's credit, applied on a later day.
    Credit,
    /// A reversal undid an earlier application (the parts are negative).
    Reversal,
}

/// Money applied to one invoice (48 bytes: the pass keeps one per application, a million
/// at 1M).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The payment or credit note the money came from (for a reversal: the one it undoes).
    pub source: PaymentId,
    /// The invoice.
    pub invoice: InvoiceId,
    /// The day it counted.
    pub date: NaiveDate,
    /// How it got there.
    pub via: Via,
    /// What it paid.
    parts: Packed,
}

impl Split {
    /// Money from `source` that paid `parts` of `invoice` on `date`.
    #[inline]
    pub fn new(source: PaymentId, invoice: InvoiceId, date: NaiveDate, parts: &Parts, via: Via) -> Split {
        Split {
            source,
            invoice,
            date,
            via,
            parts: Packed::new(parts),
        }
    }

    /// What it paid.
    #[inline]
    pub fn parts(&self) -> Parts {
        self.parts.get()
    }

    /// What it paid of the principal.
    #[inline]
    pub fn principal(&self) -> Decimal {
        self.parts.principal()
    }
}

/// What the pass keeps of the invoice it was asked to detail ([`Settle::detail`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    /// The invoice.
    pub invoice: Option<InvoiceId>,
    /// Its interest periods.
    pub periods: Vec<Period>,
    /// Its claim right after each application of money to it, in the order of its splits.
    pub owed_after: Vec<Decimal>,
}

/// What the pass found as of its date.
#[derive(Debug, Clone, Default)]
pub struct Settlement {
    /// Each invoice's ledger, by invoice index (default for invoices not issued yet).
    pub ledgers: Vec<Ledger>,
    /// Every application, per customer and currency in the order made.
    pub splits: Vec<Split>,
    /// Credit per customer and currency (only where positive), in that order.
    pub credit: Vec<(CustomerId, Currency, Decimal)>,
    /// Problems: rate errors, and with [`Settle::report`] the journal's money errors.
    pub diagnostics: Vec<Diagnostic>,
    /// The invoice of [`Settle::detail`] in detail (empty without one).
    pub detail: Detail,
}

/// What to settle, and up to when.
#[derive(Clone, Copy)]
pub struct Settle<'a> {
    /// The rules (payment order).
    pub rules: &'a Rules,
    /// Interest rate tables.
    pub rates: &'a RateTables,
    /// Each customer's policy, by customer index.
    pub policies: &'a [Option<&'a Policy>],
    /// Entries dated after this day are not known.
    pub as_of: NaiveDate,
    /// Interest accrues through this day (the evaluation date, or a letter's pay-by date).
    pub accrue_until: NaiveDate,
    /// The invoice whose interest periods are kept (`dun explain`).
    pub detail: Option<InvoiceId>,
    /// Only this customer and currency.
    pub only: Option<(CustomerId, Currency)>,
    /// Also report the journal's money errors (allocation above a claim, a waiver above
    /// what is owed, a refund above the credit): `dun check` asks, evaluations do not.
    pub report: bool,
}

/// Runs the pass over the book.
pub fn settle(book: &Book, s: &Settle<'_>) -> Settlement {
    let timeline = Timeline::of(book, s.as_of, s.only);
    // Blank ledgers made on every core: on one, the first touch of their pages was a tenth
    // of the pass.
    let mut ledgers = Vec::new();
    crate::par::extend_in_place(&mut ledgers, book.invoices.len(), 1 << 15, |range, blank| {
        range.for_each(|_| blank.push(Ledger::default()));
    });
    let results = {
        // Each group writes its invoices' ledgers in their places: gathered per group and
        // copied together, they were held twice (a fifth of the pass's memory at 1M).
        let mut slots: Vec<Option<&mut Ledger>> = ledgers.iter_mut().map(Some).collect();
        let places: Vec<Mutex<Vec<&mut Ledger>>> = timeline
            .members
            .iter()
            .map(|m| Mutex::new(m.iter().filter_map(|id| slots.get_mut(id.0 as usize)?.take()).collect()))
            .collect();
        walk_all(&timeline, |g| {
            // Each group is walked once: its lock is never contended (nor poisoned, short of
            // a panic, which `map_chunks` passes on).
            let mut place = places[g].lock().unwrap_or_else(PoisonError::into_inner);
            // The group's ledgers lie anywhere in the vector: read once back to back, their
            // cache misses overlap, and the walk's writes find them at hand (walk at 100k:
            // 24 -> 21 ms, at 1M: 396 -> 350 ms; see also `walk::touch`).
            crate::ahead::touch(place.iter().map(|l| u64::from(l.costs_claimed)));
            walk::walk(book, s, &timeline, g, &mut |k, ledger| {
                if let Some(slot) = place.get_mut(k) {
                    **slot = ledger;
                }
            })
        })
    };
    let mut out = Settlement {
        ledgers,
        ..Settlement::default()
    };
    out.splits.reserve_exact(results.iter().map(|r| r.splits.len()).sum());
    for r in results {
        out.splits.extend(r.splits);
        if r.credit > Decimal::ZERO {
            out.credit.push((r.key.0, r.key.1, r.credit));
        }
        out.diagnostics.extend(r.diagnostics);
        if let Some(detail) = r.detail {
            out.detail = detail;
        }
    }
    out.credit.sort_by_key(|&(c, cur, _)| (c, cur));
    out
}

/// The ledgers of the invoices the pass covers (with [`Settle::only`], one customer's in one
/// currency), without a slot for every invoice of the book: what a letter needs to state the
/// interest up to its pay-by date.
pub fn ledgers(book: &Book, s: &Settle<'_>) -> Vec<(InvoiceId, Ledger)> {
    let timeline = Timeline::of(book, s.as_of, s.only);
    let per_group = walk_all(&timeline, |g| {
        let members = &timeline.members[g];
        let mut out = Vec::with_capacity(members.len());
        walk::walk(book, s, &timeline, g, &mut |k, ledger| out.push((members[k], ledger)));
        out
    });
    per_group.into_iter().flatten().collect()
}

/// Like [`ledgers`], but with the interest periods of each invoice in `detail` (one walk of
/// its group per invoice, over one timeline): what a letter needs to state the rate and
/// period of the interest it asks. Invoices the pass does not cover are left out.
pub fn ledgers_with_periods(
    book: &Book,
    s: &Settle<'_>,
    detail: &[InvoiceId],
) -> Vec<(InvoiceId, Ledger, Vec<Period>)> {
    let timeline = Timeline::of(book, s.as_of, s.only);
    let mut out = Vec::with_capacity(detail.len());
    for &id in detail {
        let inv = book.invoice(id);
        let key = (inv.customer, inv.amount.currency);
        let Some(g) = timeline.groups.iter().position(|k| *k == key) else {
            continue;
        };
        let one = Settle { detail: Some(id), ..*s };
        let members = &timeline.members[g];
        let mut found = None;
        let r = walk::walk(book, &one, &timeline, g, &mut |k, ledger| {
            if members[k] == id {
                found = Some(ledger);
            }
        });
        if let Some(ledger) = found {
            out.push((id, ledger, r.detail.map(|d| d.periods).unwrap_or_default()));
        }
    }
    out
}

/// `f` of every group of `timeline`, on every core, in group order.
fn walk_all<T: Send>(timeline: &Timeline, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let results = crate::par::map_chunks(timeline.groups.len(), 64, |range| range.map(&f).collect::<Vec<_>>());
    results.into_iter().flatten().collect()
}

/// What a pass over one customer and currency gives.
pub(crate) struct GroupResult {
    key: (CustomerId, Currency),
    splits: Vec<Split>,
    credit: Decimal,
    diagnostics: Vec<Diagnostic>,
    /// The detailed invoice, when it is in the group.
    detail: Option<Detail>,
}

/// Something that happens to a group on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item {
    /// An invoice's date.
    Issue(InvoiceId),
    /// A `sent` record's costs on one of its invoices (event index).
    Letter(u32, InvoiceId),
    /// Another event with an effect on money (event index).
    Event(u32),
    /// A payment or credit note.
    Money(PaymentId),
}
