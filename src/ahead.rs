//! Reading ahead: data that lies at random places in memory (the report's invoices in
//! display order, the invoices payments name, a group's ledgers) read first in a loop that
//! does nothing else, so that the cache misses overlap instead of each waiting in turn.
//! What was read is then at hand when the real work reads it.

/// Items read ahead at a time: enough misses in flight to keep the core's queue of them
/// full, few enough that what they bring (a few kilobytes) stays in the first-level cache
/// until it is used.
pub const BLOCK: usize = 16;

/// Reads `values` (each a load of data about to be used) and throws them away; the reads
/// cannot be optimised out.
pub fn touch(values: impl Iterator<Item = u64>) {
    std::hint::black_box(values.fold(0, |seen, v| seen ^ v));
}

/// Calls `each(k, item)` on every item of `items` in order (`k` its index), a [`BLOCK`] at
/// a time, each block first read ahead with `read` (a few loads of what `each` will use).
pub fn each<T>(items: &[T], read: impl Fn(&T) -> u64, mut each: impl FnMut(usize, &T)) {
    for (b, block) in items.chunks(BLOCK).enumerate() {
        touch(block.iter().map(&read));
        for (k, item) in block.iter().enumerate() {
            each(b * BLOCK + k, item);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_visits_every_item_in_order_with_its_index() {
        for len in [0, 1, super::BLOCK - 1, super::BLOCK, 3 * super::BLOCK + 5] {
            let items: Vec<usize> = (0..len).map(|i| i * 7).collect();
            let read = std::cell::Cell::new(0);
            let mut seen = Vec::new();
            super::each(
                &items,
                |&i| {
                    read.set(read.get() + 1);
                    i as u64
                },
                |k, &i| seen.push((k, i)),
            );
            assert_eq!(seen, items.iter().copied().enumerate().collect::<Vec<_>>());
            assert_eq!(read.get(), len, "each item read ahead once");
        }
    }
}
