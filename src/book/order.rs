//! Model order: entries by date, ties kept in file order, then position.

use chrono::{Datelike, NaiveDate};

/// Sorts `dated` by date, keeping the order of equal dates: exactly what a stable
/// `sort_by_key` gives. Already sorted is one scan; dates spanning few days for their number
/// (a journal's usual shape: ten years are 3653 days, for hundreds of thousands of entries)
/// are placed by counting, two linear passes instead of a comparison sort.
pub(super) fn by_date<T: Copy>(dated: &mut Vec<(NaiveDate, T)>) {
    if dated.is_sorted_by_key(|(date, _)| *date) {
        return;
    }
    // A day's slot: year and day of the year are shifts of chrono's packed date, where the
    // day number since year 1 is a division; slots left empty by short years cost nothing.
    let day = |date: &NaiveDate| i64::from(date.year()) * 366 + i64::from(date.ordinal0());
    let (first, last) = dated.iter().fold((i64::MAX, i64::MIN), |(lo, hi), (d, _)| {
        (lo.min(day(d)), hi.max(day(d)))
    });
    let days = (last - first + 1) as usize;
    if days > 2 * dated.len() + 1024 {
        dated.sort_by_key(|(date, _)| *date);
        return;
    }
    // `next[k]`: where the next entry of day `first + k` goes.
    let mut next = vec![0usize; days];
    for (d, _) in dated.iter() {
        next[(day(d) - first) as usize] += 1;
    }
    let mut at = 0;
    for slot in &mut next {
        (*slot, at) = (at, at + *slot);
    }
    let mut sorted = dated.clone();
    for item in dated.iter() {
        let slot = &mut next[(day(&item.0) - first) as usize];
        sorted[*slot] = *item;
        *slot += 1;
    }
    *dated = sorted;
}

/// Puts `len` items, each at `rank[i]` of a common order (ranks distinct, any gaps), in
/// that order: calls `swap(i, j)` so that what was at `order[k]` ends at `k`, in place (a
/// gather into a second vector would hold two copies of a million records at once).
pub(super) fn permute(ranks: &[u32], mut swap: impl FnMut(usize, usize)) {
    // Ranks are positions in the order of all entries: placed by index, one linear pass.
    let slots = ranks.iter().max().map_or(0, |&r| r as usize + 1);
    let mut by_rank = vec![u32::MAX; slots];
    for (i, &r) in ranks.iter().enumerate() {
        by_rank[r as usize] = i as u32;
    }
    let order: Vec<u32> = by_rank.into_iter().filter(|&i| i != u32::MAX).collect();
    // Each cycle of the permutation is walked once: `k` takes what is at `order[k]`.
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let from = order[k] as usize;
            if from == start {
                break;
            }
            swap(k, from);
            k = from;
        }
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

    #[test]
    fn gives_what_a_stable_sort_gives() {
        for (len, spread) in [(0, 1), (1, 1), (50, 3), (5000, 400), (300, 1_000_000), (2000, 2)] {
            let mut got = dated(len, spread);
            let mut want = got.clone();
            want.sort_by_key(|(d, _)| *d);
            by_date(&mut got);
            assert_eq!(got, want, "len {len} spread {spread}");
        }
    }

    #[test]
    fn permute_gives_what_a_gather_gives() {
        for len in [0usize, 1, 2, 7, 1000] {
            let ranks: Vec<u32> = dated(len, 1_000_000)
                .iter()
                .map(|(d, i)| d.ordinal() * 10_000 + *i as u32)
                .collect();
            let mut want: Vec<usize> = (0..len).collect();
            want.sort_by_key(|&i| ranks[i]);
            let mut got: Vec<usize> = (0..len).collect();
            permute(&ranks, |i, j| got.swap(i, j));
            assert_eq!(got, want, "len {len}");
        }
    }

    #[test]
    fn sorted_input_stays_as_it_is() {
        let mut got = dated(1000, 50);
        got.sort_by_key(|(d, _)| *d);
        let want = got.clone();
        by_date(&mut got);
        assert_eq!(got, want);
    }
}
