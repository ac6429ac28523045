//! Model order: entries by date, ties kept in file order, then position.

use chrono::{Datelike, NaiveDate};

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

/// The items of `parts`, whose ranks in a common order (distinct, any gaps) are `ranks` in
/// the same order, in rank order, each made into its record by `f(k, item)`, `k` its place
/// in that order. Items already in rank order (entries written in date order, as a journal
/// usually lists them) are moved once into a vector of their own; else each goes straight
/// to its place among `blank` records (see [`by_rank`]).
pub(super) fn in_rank_order<T, U>(
    parts: Vec<Vec<T>>,
    ranks: &[u32],
    blank: impl Fn() -> U,
    mut f: impl FnMut(usize, T) -> U,
) -> Vec<U> {
    let mut out = Vec::with_capacity(ranks.len());
    if ranks.is_sorted() {
        out.extend(parts.into_iter().flatten().enumerate().map(|(k, item)| f(k, item)));
        return out;
    }
    out.resize_with(ranks.len(), blank);
    by_rank(parts, ranks, |k, item| out[k] = f(k, item));
    out
}

/// The items of `parts`, whose ranks in a common order (distinct, any gaps) are `ranks` in
/// the same order, put in rank order: `put(k, item)` for each item, `k` its place in that
/// order. Each item is moved once, straight to its place (ranks are positions among all
/// entries: placed by index, one linear pass; no sort, no second copy of a million records).
fn by_rank<T>(parts: Vec<Vec<T>>, ranks: &[u32], mut put: impl FnMut(usize, T)) {
    let slots = ranks.iter().max().map_or(0, |&r| r as usize + 1);
    let mut by_rank = vec![u32::MAX; slots];
    for (i, &r) in (0u32..).zip(ranks) {
        by_rank[r as usize] = i;
    }
    let mut place = vec![0; ranks.len()];
    for (k, i) in (0u32..).zip(by_rank.into_iter().filter(|&i| i != u32::MAX)) {
        place[i as usize] = k;
    }
    for (item, k) in parts.into_iter().flatten().zip(place) {
        put(k as usize, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn items_are_put_where_a_sort_puts_them() {
        for (len, parts) in [(0usize, 1usize), (1, 1), (2, 2), (7, 3), (1000, 7)] {
            let ranks: Vec<u32> = dated(len, 1_000_000)
                .iter()
                .map(|(d, i)| d.ordinal() * 10_000 + *i as u32)
                .collect();
            let mut want: Vec<usize> = (0..len).collect();
            want.sort_by_key(|&i| ranks[i]);
            let items: Vec<usize> = (0..len).collect();
            let chunks: Vec<Vec<usize>> = items
                .chunks(len.div_ceil(parts).max(1))
                .map(<[usize]>::to_vec)
                .collect();
            let mut got = vec![usize::MAX; len];
            let in_parts: Vec<u32> = chunks.iter().flatten().map(|&i| ranks[i]).collect();
            by_rank(chunks.clone(), &in_parts, |k, i| got[k] = i);
            assert_eq!(got, want, "len {len}");
            // The same through `in_rank_order`, with each item's place; and items already in
            // rank order (the path that moves them as they come).
            let placed = in_rank_order(chunks, &in_parts, || (usize::MAX, usize::MAX), |k, i| (k, i));
            assert_eq!(
                placed,
                want.iter().copied().enumerate().collect::<Vec<_>>(),
                "len {len}"
            );
            let mut sorted = in_parts.clone();
            sorted.sort_unstable();
            let in_order: Vec<Vec<usize>> = vec![(0..len / 2).collect(), (len / 2..len).collect()];
            let placed = in_rank_order(in_order, &sorted, || (usize::MAX, usize::MAX), |k, i| (k, i));
            assert_eq!(
                placed,
                (0..len).map(|i| (i, i)).collect::<Vec<_>>(),
                "sorted, len {len}"
            );
        }
    }
}
