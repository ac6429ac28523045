//! The claim pass's timeline: every entry that moves money, as an [`Item`] per customer and
//! currency (a group), in the order the pass applies them (see [`super`]).

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

use super::Item;
use crate::book::{Book, CustomerId, EventKind, InvoiceId, PaymentId};
use crate::money::Currency;
use crate::par::Runs;

/// Every group's items, sorted: `(group, date, rank, sequence)`, then (the invoices of one
/// `sent` record) in the record's order.
pub(crate) struct Timeline {
    /// The customer and currency of each group.
    pub groups: Vec<(CustomerId, Currency)>,
    /// Each group's invoices, in model order.
    pub members: Vec<Vec<InvoiceId>>,
    /// Items of all groups; `starts[g]..starts[g + 1]` are group `g`'s.
    pub items: Vec<Keyed>,
    pub starts: Vec<usize>,
    /// An invoice's position in its group's `members`.
    pub slot: Vec<u32>,
}

/// An item's place within its group: date, rank and sequence in one integer.
fn order_key(date: NaiveDate, rank: u8, seq: u32) -> u64 {
    // Years span less than 2^19 and days of a year 2^9: 19 + 9 + 3 + 32 bits.
    let year = (date.year() + (1 << 18)) as u64;
    (year << 44) | (u64::from(date.ordinal()) << 35) | (u64::from(rank) << 32) | u64::from(seq)
}

impl Timeline {
    /// The timeline of the entries dated up to `as_of`, of every group or `only` one.
    pub fn of(book: &Book, as_of: NaiveDate, only: Option<(CustomerId, Currency)>) -> Timeline {
        let (mut timeline, sources) = Timeline::collect(book, as_of, only);
        let groups = timeline.groups.len();
        (timeline.items, timeline.starts) = match sources.letters_share_groups() {
            false => {
                let fill = Keyed::new(NaiveDate::MIN, 0, 0, Item::Event(0));
                crate::par::place_sorted(&sources, Sources::RUNS, groups, fill, |a, b| a.key.cmp(&b.key))
            }
            true => by_one_sort(sources.keyed(), groups),
        };
        timeline
    }

    /// The groups and their members, and where each item comes from with its group.
    fn collect<'b>(book: &'b Book, as_of: NaiveDate, only: Option<(CustomerId, Currency)>) -> (Timeline, Sources<'b>) {
        let known = |d: NaiveDate| d <= as_of;
        let wanted = |key: (CustomerId, Currency)| only.is_none_or(|o| o == key);
        let mut index: FxHashMap<(CustomerId, Currency), u32> = FxHashMap::default();
        let mut groups = Vec::new();
        let mut members: Vec<Vec<InvoiceId>> = Vec::new();
        // Each customer's last group, by customer index: a customer nearly always keeps to one
        // currency, so most items find their group without hashing.
        let mut last: Vec<Option<(Currency, u32)>> = vec![None; book.customers.len()];
        let mut group_of = |key: (CustomerId, Currency)| -> u32 {
            let seen = last.get_mut(key.0 .0 as usize);
            if let Some(Some((currency, g))) = seen.as_deref() {
                if *currency == key.1 {
                    return *g;
                }
            }
            let g = *index.entry(key).or_insert_with(|| {
                groups.push(key);
                (groups.len() - 1) as u32
            });
            if let Some(seen) = seen {
                *seen = Some((key.1, g));
            }
            g
        };
        let mut slot = vec![u32::MAX; book.invoices.len()];
        let mut invoice_group = vec![NONE; book.invoices.len()];
        for (i, inv) in book.invoices.iter().enumerate() {
            let key = (inv.customer, inv.amount.currency);
            if !known(inv.date) || !wanted(key) {
                continue;
            }
            let g = group_of(key);
            if members.len() <= g as usize {
                members.resize_with(g as usize + 1, Vec::new);
            }
            slot[i] = members[g as usize].len() as u32;
            members[g as usize].push(InvoiceId(i as u32));
            invoice_group[i] = g;
        }
        let payment_group = book
            .payments
            .iter()
            .map(|p| {
                let key = (p.customer, p.amount.currency);
                match known(p.date) && wanted(key) {
                    true => group_of(key),
                    false => NONE,
                }
            })
            .collect();
        members.resize_with(groups.len(), Vec::new);
        let sources = Sources {
            book,
            as_of,
            invoice_group,
            payment_group,
        };
        let timeline = Timeline {
            groups,
            members,
            items: Vec::new(),
            starts: Vec::new(),
            slot,
        };
        (timeline, sources)
    }
}

/// No group: an entry the timeline leaves out.
const NONE: u32 = u32::MAX;

/// Where the timeline's items come from: the invoices, payments and events of the book up
/// to a date, with the group of each invoice and payment. Made twice by
/// [`crate::par::place_sorted`] (counted, then placed): the invoices' items as one run, the
/// payments' and events' as another.
struct Sources<'b> {
    book: &'b Book,
    as_of: NaiveDate,
    /// Each invoice's group, [`NONE`] if it is left out.
    invoice_group: Vec<u32>,
    /// Each payment's group, [`NONE`] if it is left out.
    payment_group: Vec<u32>,
}

impl Sources<'_> {
    /// The runs: invoices, then payments and events.
    const RUNS: usize = 2;

    /// Whether invoices of one `sent` record share a group: two items would then share
    /// group, date, rank and sequence.
    fn letters_share_groups(&self) -> bool {
        let mut known = self.book.events.iter().filter(|e| e.date <= self.as_of);
        known.any(|e| match &e.kind {
            EventKind::Sent { invoices, .. } if invoices.len() > 1 => {
                let mut mine: Vec<u32> = invoices.iter().filter_map(|&inv| self.group(inv)).collect();
                mine.sort_unstable();
                mine.windows(2).any(|w| w[0] == w[1])
            }
            _ => false,
        })
    }

    /// The group of invoice `inv`, if it is in the timeline.
    fn group(&self, inv: InvoiceId) -> Option<u32> {
        Some(self.invoice_group[inv.0 as usize]).filter(|g| *g != NONE)
    }

    /// Every item with its group, invoices first, then payments, then events.
    fn keyed(&self) -> Vec<(u32, Keyed)> {
        let mut keyed = Vec::new();
        (0..Self::RUNS).for_each(|run| self.each(run, |g, k| keyed.push((g as u32, k))));
        keyed
    }
}

impl Runs<Keyed> for Sources<'_> {
    fn each(&self, run: usize, mut emit: impl FnMut(usize, Keyed)) {
        let book = self.book;
        if run == 0 {
            for (i, (inv, &g)) in book.invoices.iter().zip(&self.invoice_group).enumerate() {
                if g != NONE {
                    let id = InvoiceId(i as u32);
                    emit(g as usize, Keyed::new(inv.date, 0, i as u32, Item::Issue(id)));
                }
            }
            return;
        }
        for (i, (p, &g)) in book.payments.iter().zip(&self.payment_group).enumerate() {
            if g == NONE {
                continue;
            }
            let rank = match (p.credit_note.is_some(), p.amount.amount.is_sign_negative()) {
                (true, _) => 2,
                (false, false) => 3,
                (false, true) => 4,
            };
            emit(
                g as usize,
                Keyed::new(p.date, rank, i as u32, Item::Money(PaymentId(i as u32))),
            );
        }
        for (i, e) in book.events.iter().enumerate().filter(|(_, e)| e.date <= self.as_of) {
            let seq = i as u32;
            match &e.kind {
                EventKind::Sent { invoices, .. } => {
                    for &inv in invoices {
                        if let Some(g) = self.group(inv) {
                            emit(g as usize, Keyed::new(e.date, 6, seq, Item::Letter(seq, inv)));
                        }
                    }
                }
                kind => {
                    let rank = match kind {
                        EventKind::Dispute(_) | EventKind::Resolved(_) | EventKind::Arrangement(..) => 1,
                        EventKind::Waive { .. } => 5,
                        EventKind::Writeoff(_) | EventKind::Handover(_) => 7,
                        _ => continue,
                    };
                    if let Some(g) = e.invoice().and_then(|inv| self.group(inv)) {
                        emit(g as usize, Keyed::new(e.date, rank, seq, Item::Event(seq)));
                    }
                }
            }
        }
    }
}

/// An item with its place within its group ([`order_key`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Keyed {
    key: u64,
    /// The day it happens.
    pub date: NaiveDate,
    /// What happens.
    pub item: Item,
}

impl Keyed {
    fn new(date: NaiveDate, rank: u8, seq: u32, item: Item) -> Keyed {
        Keyed {
            key: order_key(date, rank, seq),
            date,
            item,
        }
    }

    /// The rank the key holds.
    fn rank(&self) -> u8 {
        ((self.key >> 32) & 7) as u8
    }

    /// The sequence the key holds.
    fn seq(&self) -> u32 {
        self.key as u32
    }
}

/// The items in the order of one unstable sort by `(group, date, rank, sequence)`, of the
/// very tuples the pass always sorted: where invoices of one `sent` record share a group,
/// that sort's ties put them in the order the letters' costs and any credit meet them, so
/// such timelines keep it (no large generated book has them).
fn by_one_sort(keyed: Vec<(u32, Keyed)>, groups: usize) -> (Vec<Keyed>, Vec<usize>) {
    let mut old: Vec<(u32, NaiveDate, u8, u32, Item)> = keyed
        .into_iter()
        .map(|(g, k)| (g, k.date, k.rank(), k.seq(), k.item))
        .collect();
    old.sort_unstable_by_key(|k| (k.0, k.1, k.2, k.3));
    let starts = crate::par::group_starts(groups, old.iter().map(|k| k.0 as usize));
    let items = old.into_iter().map(|k| Keyed::new(k.1, k.2, k.3, k.4)).collect();
    (items, starts)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use chrono::Days;
    use proptest::prelude::*;

    use super::*;
    use crate::load::FsFiles;
    use crate::project::{Paths, Project};

    fn journals(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            match path.is_dir() {
                true => journals(&path, out),
                false if path.file_name().is_some_and(|n| n == "journal.dun") => out.push(path),
                false => {}
            }
        }
    }

    #[test]
    fn every_journal_of_the_repository_keeps_its_order() {
        let mut paths = Vec::new();
        for dir in ["examples", "tests/data"] {
            journals(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut paths);
        }
        assert!(paths.len() > 100, "{} journals", paths.len());
        let late = NaiveDate::from_ymd_opt(2099, 12, 31).expect("a date");
        let mut letters_of_several = 0;
        for journal in paths {
            let paths = Paths {
                journal: journal.clone(),
                rules: None,
            };
            let Ok(project) = Project::open(&FsFiles, &paths) else {
                continue;
            };
            let book = &project.book;
            letters_of_several += book
                .events
                .iter()
                .filter(|e| matches!(&e.kind, EventKind::Sent { invoices, .. } if invoices.len() > 1))
                .count();
            for as_of in [late, NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date")] {
                let timeline = Timeline::of(book, as_of, None);
                let (_, sources) = Timeline::collect(book, as_of, None);
                let old = by_one_sort(sources.keyed(), timeline.groups.len());
                assert_eq!(
                    (&timeline.items, &timeline.starts),
                    (&old.0, &old.1),
                    "{}",
                    journal.display()
                );
            }
        }
        assert!(letters_of_several > 0);
    }

    fn keyed() -> impl Strategy<Value = Vec<(u32, Keyed)>> {
        let start = NaiveDate::from_ymd_opt(2015, 1, 1).expect("a date");
        let one = (0u32..6, 0u64..4_000, 0u8..8, 0u32..20);
        proptest::collection::vec(one, 0..300).prop_map(move |items| {
            items
                .into_iter()
                .enumerate()
                .map(|(i, (g, day, rank, letter))| {
                    let date = start + Days::new(day);
                    // Every fifth item shares its sequence with the items around it, as the
                    // invoices of one `sent` record do.
                    let seq = if letter < 4 { (i / 4) as u32 } else { 1_000 + i as u32 };
                    (g, Keyed::new(date, rank, seq, Item::Letter(seq, InvoiceId(i as u32))))
                })
                .collect()
        })
    }

    /// Items in two runs, the first half and the rest, as the timeline's sources come.
    struct Halves(Vec<(u32, Keyed)>);

    impl Runs<Keyed> for Halves {
        fn each(&self, run: usize, mut emit: impl FnMut(usize, Keyed)) {
            let (first, rest) = self.0.split_at(self.0.len() / 2);
            let items = if run == 0 { first } else { rest };
            items.iter().for_each(|(g, k)| emit(*g as usize, *k));
        }
    }

    proptest! {
        /// Any items: in order of group, date, rank and sequence, as one sort puts them, and
        /// items sharing all four in the order they came.
        #[test]
        fn placing_sorts_as_one_stable_sort(keyed in keyed()) {
            let groups = keyed.iter().map(|(g, _)| *g as usize + 1).max().unwrap_or(0);
            let mut stable = keyed.clone();
            stable.sort_by_key(|(g, k)| (*g, k.date, k.rank(), k.seq()));
            let fill = Keyed::new(NaiveDate::MIN, 0, 0, Item::Event(0));
            let (items, starts) = crate::par::place_sorted(&Halves(keyed), 2, groups, fill, |a, b| a.key.cmp(&b.key));
            let expected: Vec<_> = stable.iter().map(|(_, k)| *k).collect();
            prop_assert_eq!(items, expected);
            for g in 0..groups {
                prop_assert_eq!(starts[g + 1] - starts[g], stable.iter().filter(|(x, _)| *x as usize == g).count());
            }
        }
    }
}
