//! Model order: entries by date, ties kept in file order, then position.

use chrono::{Datelike, NaiveDate};

use super::slots::Vacant;

/// A date's day as a number that orders as the dates do: year and day of the year are
/// shifts of chrono's packed date, where the day number since year 1 is a division; the
/// numbers left out by short years cost nothing.
pub(super) fn day(date: NaiveDate) -> i32 {
    date.year() * 366 + date.ordinal0() as i32
}

/// The rank of each of `days` (see [`day`]) in model order: by date, equal dates kept in
/// their order (exactly the places a stable sort gives). Already sorted is one scan; dates
/// spanning few days for their number (a journal's usual shape: ten years are 3653 days,
/// for hundreds of thousands of entries) are ranked by counting, two linear passes and no
/// sorted copy.
pub(super) fn ranks(days: &[i32]) -> Vec<u32> {
    let len = days.len() as u32;
    if days.is_sorted() {
        return (0..len).collect();
    }
    let (first, last) = days
        .iter()
        .fold((i32::MAX, i32::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    let span = (i64::from(last) - i64::from(first) + 1) as usize;
    if span > 2 * days.len() + 1024 {
        let mut order: Vec<u32> = (0..len).collect();
        order.sort_by_key(|&i| days[i as usize]);
        let mut rank = vec![0; days.len()];
        for (at, i) in (0u32..).zip(order) {
            rank[i as usize] = at;
        }
        return rank;
    }
    // `next[k]`: the rank of the next entry of day `first + k`.
    let mut next = vec![0u32; span];
    for &d in days {
        next[(d - first) as usize] += 1;
    }
    let mut at = 0;
    for slot in &mut next {
        (*slot, at) = (at, at + *slot);
    }
    days.iter()
        .map(|&d| {
            let slot = &mut next[(d - first) as usize];
            *slot += 1;
            *slot - 1
        })
        .collect()
}

/// Sorts `ranks` (distinct) and the items they are of by rank, `swap(i, j)` swapping items
/// `i` and `j`: the order is found on the ranks and their indices, then each item is swapped
/// to its place once (the way `sort_by_cached_key` does it), so records of a hundred bytes
/// and more move once, not at every step of a sort. Already sorted is one scan.
pub(super) fn sort_by_rank(ranks: &mut [u32], mut swap: impl FnMut(usize, usize)) {
    if ranks.is_sorted() {
        return;
    }
    let mut order: Vec<(u32, u32)> = ranks.iter().copied().zip(0u32..).collect();
    order.sort_unstable();
    for i in 0..order.len() {
        // Where the item for place `i` is now: the places before `i` are filled, so an
        // item from one of them was swapped on to where that place's item was.
        let mut from = order[i].1;
        while (from as usize) < i {
            from = order[from as usize].1;
        }
        order[i].1 = from;
        if from as usize != i {
            swap(i, from as usize);
            ranks.swap(i, from as usize);
        }
    }
}

/// The records of `parts`, each part's sorted by rank (see [`sort_by_rank`]), whose ranks in
/// a common order (distinct, any gaps) are `ranks` in the same order, moved into rank order
/// on every core, [`Vacant`] records left behind. Parts already in order one after the other
/// (entries written in date order, as a journal usually lists them) are moved as they come,
/// each part into its places; else the part each place takes its record from is found on
/// the ranks, and the places are filled in chunks, each reading its pieces of the parts from
/// start to end: records moved in streams, not scattered one by one to their places (a
/// cache miss each, a sixth of building the book), and on every core (on one, the copy into
/// a million payments' fresh pages left the other core idle).
pub(super) fn in_rank_order<T: Vacant + Send>(parts: Vec<&mut [T]>, ranks: &[u32]) -> Vec<T> {
    let take = |record: &mut T| std::mem::replace(record, T::vacant());
    let mut out = Vec::new();
    if ranks.is_sorted() {
        let parts = parts.into_iter().map(|part| {
            let len = part.len();
            (part, len)
        });
        crate::par::extend_in_parts(&mut out, parts.collect(), |part, slots| {
            part.iter_mut().for_each(|record| slots.push(take(record)));
        });
        return out;
    }
    let sources = sources(parts.iter().map(|p| p.len()), ranks);
    // Each chunk of places with its pieces of the parts: the records of each part it takes,
    // which follow those the chunks before took.
    let mut rest = parts;
    let mut chunks = Vec::new();
    for places in sources.chunks(PLACES_PER_CHUNK) {
        let mut counts = vec![0; rest.len()];
        places.iter().for_each(|&p| counts[p as usize] += 1);
        let pieces: Vec<&mut [T]> = (rest.iter_mut().zip(counts))
            .map(|(part, n)| {
                let (piece, after) = std::mem::take(part).split_at_mut(n);
                *part = after;
                piece
            })
            .collect();
        chunks.push(((places, pieces), places.len()));
    }
    crate::par::extend_in_parts(&mut out, chunks, |(places, mut pieces), slots| {
        for &p in places {
            let piece = &mut pieces[p as usize];
            if let Some((record, after)) = std::mem::take(piece).split_first_mut() {
                slots.push(take(record));
                *piece = after;
            }
        }
    });
    out
}

/// Places [`in_rank_order`] fills as one piece of work: enough that sharing them out costs
/// nothing, few enough that both cores are busy from a few tens of thousands of records.
const PLACES_PER_CHUNK: usize = 1 << 13;

/// The part each place in rank order takes its item from, for parts of `lens` items whose
/// ranks are `ranks` (part by part), each part's in order.
fn sources(lens: impl Iterator<Item = usize>, ranks: &[u32]) -> Vec<u32> {
    let slots = ranks.iter().max().map_or(0, |&r| r as usize + 1);
    let mut part_at = vec![u32::MAX; slots];
    let mut at = 0;
    for (p, len) in (0u32..).zip(lens) {
        for &r in &ranks[at..at + len] {
            part_at[r as usize] = p;
        }
        at += len;
    }
    part_at.retain(|&p| p != u32::MAX);
    part_at
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Vacant for usize {
        fn vacant() -> usize {
            usize::MAX
        }
    }

    /// Dates from a small generator, with ties, tagged with their input position.
    fn dated(len: usize, spread: i64) -> Vec<(NaiveDate, usize)> {
        let base = NaiveDate::from_ymd_opt(2020, 1, 1).expect("ok: a valid date");
        let mut x: i64 = 12345;
        (0..len)
            .map(|i| {
                x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
                (base + chrono::Days::new((x % spread) as u64), i)
            })
            .collect()
    }

    /// The ranks a stable sort by date gives.
    fn sorted_ranks(dates: &[NaiveDate]) -> Vec<u32> {
        let mut order: Vec<usize> = (0..dates.len()).collect();
        order.sort_by_key(|&i| dates[i]);
        let mut rank = vec![0; dates.len()];
        for (at, i) in order.into_iter().enumerate() {
            rank[i] = at as u32;
        }
        rank
    }

    #[test]
    fn ranks_are_what_a_stable_sort_gives() {
        for (len, spread) in [(0, 1), (1, 1), (50, 3), (5000, 400), (300, 1_000_000), (2000, 2)] {
            let mut dates: Vec<NaiveDate> = dated(len, spread).into_iter().map(|(d, _)| d).collect();
            let days: Vec<i32> = dates.iter().map(|&d| day(d)).collect();
            assert_eq!(ranks(&days), sorted_ranks(&dates), "len {len} spread {spread}");
            dates.sort();
            let days: Vec<i32> = dates.iter().map(|&d| day(d)).collect();
            assert_eq!(ranks(&days), sorted_ranks(&dates), "sorted, len {len}");
        }
    }

    #[test]
    fn parts_sorted_by_rank_are_merged_as_a_sort_orders_them() {
        for (len, parts) in [
            (0usize, 1usize),
            (1, 1),
            (2, 2),
            (7, 3),
            (1000, 7),
            (1000, 1),
            (40_000, 13),
        ] {
            let ranks: Vec<u32> = dated(len, 1_000_000)
                .iter()
                .map(|(d, i)| d.ordinal() * 100_000 + *i as u32)
                .collect();
            let mut want: Vec<usize> = (0..len).collect();
            want.sort_by_key(|&i| ranks[i]);
            // Items `0..len` with ranks `ranks`, in parts, each part then sorted by rank.
            let mut chunks = Vec::new();
            let mut in_parts = Vec::new();
            for ids in (0..len).collect::<Vec<_>>().chunks(len.div_ceil(parts).max(1)) {
                let mut items = ids.to_vec();
                let mut r: Vec<u32> = ids.iter().map(|&i| ranks[i]).collect();
                sort_by_rank(&mut r, |a, b| items.swap(a, b));
                assert!(
                    r.is_sorted() && items.iter().zip(&r).all(|(&i, &r)| ranks[i] == r),
                    "len {len}"
                );
                chunks.push(items);
                in_parts.extend(r);
            }
            let placed = in_rank_order(chunks.iter_mut().map(|c| &mut c[..]).collect(), &in_parts);
            assert_eq!(placed, want, "len {len}");
            assert!(chunks.iter().flatten().all(|&i| i == usize::vacant()));
            // Parts in order one after the other are moved as they come.
            let mut sorted = ranks.clone();
            sorted.sort_unstable();
            let mut in_order: Vec<usize> = (0..len).collect();
            let (front, back) = in_order.split_at_mut(len / 2);
            let placed = in_rank_order(vec![front, back], &sorted);
            assert_eq!(placed, (0..len).collect::<Vec<_>>(), "sorted, len {len}");
        }
    }
}
