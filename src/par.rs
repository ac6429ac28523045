//! Work split over the machine's cores (two on the machines `dun` is measured on), with
//! results in input order, so a parallel stage gives exactly what the serial one gives.
//!
//! The helper threads are a pool started on first use and kept for the process
//! (`rayon-core`, whose scopes lend them borrowed work, which std's threads cannot do
//! without a thread per call): a thread started for each piece of work began with an empty
//! allocator heap, whose first allocation touched a fresh 2 MB page, some thirty times in a
//! `status` run.

use std::mem::MaybeUninit;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

/// Runs `f` on the chunks `0..chunk`, `chunk..2*chunk`, ... of `0..len` on every core and
/// returns the results in chunk order. The calling thread and one helper per other core
/// take the next chunk from a shared counter, so uneven chunks (files of different sizes)
/// balance. Serial when there is one chunk or one core, and when no helper thread could be
/// started (the caller then does every chunk itself: never a panic for want of threads).
pub fn map_chunks<T, F>(len: usize, chunk: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(Range<usize>) -> T + Sync,
{
    let chunk = chunk.max(1);
    let chunks = len.div_ceil(chunk);
    let range = |i: usize| i * chunk..((i + 1) * chunk).min(len);
    let threads = cores().min(chunks);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= chunks {
                break mine;
            }
            mine.push((i, f(range(i))));
        }
    };
    let mut done: Vec<(usize, T)> = match pool() {
        Some(pool) if threads > 1 => {
            let helpers: Vec<Mutex<Vec<(usize, T)>>> = (1..threads).map(|_| Mutex::default()).collect();
            let mut done = Vec::new();
            // A helper panics only if `f` does, which is a bug: the scope passes the panic on.
            pool.in_place_scope(|scope| {
                for mine in &helpers {
                    let work = &work;
                    scope.spawn(move |_| *mine.lock().unwrap_or_else(PoisonError::into_inner) = work());
                }
                done = work();
            });
            done.extend(
                helpers
                    .into_iter()
                    .flat_map(|h| h.into_inner().unwrap_or_else(PoisonError::into_inner)),
            );
            done
        }
        _ => work(),
    };
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// Runs `f` on the chunks `items[0..chunk]`, `items[chunk..2*chunk]`, ... on every core (as
/// [`map_chunks`] shares them out), giving each chunk's start index, and returns the results
/// in chunk order: for results written in their place instead of gathered per chunk and
/// copied together.
pub fn map_chunks_mut<T, R, F>(items: &mut [T], chunk: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(usize, &mut [T]) -> R + Sync,
{
    let chunk = chunk.max(1);
    let mut bounds: Vec<usize> = (0..items.len()).step_by(chunk).collect();
    bounds.push(items.len());
    map_parts_mut(items, &bounds, |i, part| f(i * chunk, part))
}

/// Runs `f` on the parts `items[bounds[0]..bounds[1]]`, `items[bounds[1]..bounds[2]]`, ...
/// on every core (as [`map_chunks`] shares them out), giving each part's index, and returns
/// the results in part order: for parts of different lengths, such as one customer's items
/// each. `bounds` rise from 0 to `items.len()`.
pub fn map_parts_mut<T, R, F>(items: &mut [T], bounds: &[usize], f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(usize, &mut [T]) -> R + Sync,
{
    map_owned(split_at_bounds(items, bounds), f)
}

/// `items` cut into the parts `items[bounds[0]..bounds[1]]`, `items[bounds[1]..bounds[2]]`,
/// ...; `bounds` rise from 0 to `items.len()`.
pub fn split_at_bounds<'a, T>(items: &'a mut [T], bounds: &[usize]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(bounds.len().saturating_sub(1));
    let mut rest = items;
    for w in bounds.windows(2) {
        let (part, after) = std::mem::take(&mut rest).split_at_mut(w[1] - w[0]);
        parts.push(part);
        rest = after;
    }
    parts
}

/// Runs `f` on each of `parts`, given to it with its index, on every core (as
/// [`map_chunks`] shares them out), and returns the results in part order: for work that
/// takes its part whole (a vector to move, slices to fill).
pub fn map_owned<P, R, F>(parts: Vec<P>, f: F) -> Vec<R>
where
    P: Send,
    R: Send,
    F: Fn(usize, P) -> R + Sync,
{
    // Each part is taken by exactly one thread: its lock is never contended.
    let cells: Vec<Mutex<Option<P>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    map_chunks(cells.len(), 1, |range| {
        let i = range.start;
        // A lock is poisoned only if `f` panicked, which `map_chunks` passes on.
        let part = cells[i].lock().unwrap_or_else(PoisonError::into_inner).take();
        f(i, part.expect("ok: `map_chunks` gives each index once"))
    })
}

/// Where a chunk of [`extend_in_place`] puts its items, one after the other.
pub struct Filler<'a, T> {
    slots: std::slice::IterMut<'a, MaybeUninit<T>>,
}

impl<T> Filler<'_, T> {
    /// Puts `item` in the chunk's next slot.
    ///
    /// # Panics
    /// When the chunk is full already: a bug in the caller.
    #[inline]
    pub fn push(&mut self, item: T) {
        match self.slots.next() {
            Some(slot) => {
                slot.write(item);
            }
            None => panic!("more items than the chunk has slots"),
        }
    }

    /// Puts `item` in the chunk's next slot; gives it back when the chunk is full.
    #[inline]
    pub fn push_if_room(&mut self, item: T) -> Option<T> {
        match self.slots.next() {
            Some(slot) => {
                slot.write(item);
                None
            }
            None => Some(item),
        }
    }

    /// Fills the chunk's slots left with what `item` makes.
    pub fn fill_rest(&mut self, mut item: impl FnMut() -> T) {
        self.slots.by_ref().for_each(|slot| {
            slot.write(item());
        });
    }
}

/// Appends `len` items to `out`, made in chunks of `chunk` on every core and written in
/// their places: `f(range, filler)` pushes the items of `range` (indices among the `len`) in
/// order and returns what else the chunk gives; those results come in chunk order. Nothing
/// is copied, and the vector's fresh pages are first touched, so zeroed by the system, on
/// the cores that fill them: on one core, appending the chunks' own vectors cost as much
/// as making their items.
///
/// # Panics
/// When `f` pushes fewer items than its range holds (a bug in the caller), or panics; the
/// items already pushed are then leaked, and `out` keeps its length.
pub fn extend_in_place<T, R, F>(out: &mut Vec<T>, len: usize, chunk: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(Range<usize>, &mut Filler<'_, T>) -> R + Sync,
{
    let chunk = chunk.max(1);
    let parts = (0..len).step_by(chunk).map(|at| {
        let n = chunk.min(len - at);
        (at..at + n, n)
    });
    extend_in_parts(out, parts.collect(), f)
}

/// Appends parts of items to `out` as [`extend_in_place`] does, one for each of `parts`,
/// `(part, len)`: `f(part, filler)` pushes its `len` items, on any core. For parts of
/// different lengths, such as the records each part of a file was parsed into, or the
/// pieces of other vectors each part moves.
///
/// # Panics
/// As [`extend_in_place`].
pub fn extend_in_parts<P, T, R, F>(out: &mut Vec<T>, parts: Vec<(P, usize)>, f: F) -> Vec<R>
where
    P: Send,
    T: Send,
    R: Send,
    F: Fn(P, &mut Filler<'_, T>) -> R + Sync,
{
    let parts = parts.into_iter().map(|(p, len)| (p, len, 0)).collect();
    extend_both_in_parts(out, &mut Vec::<()>::new(), parts, |p, filler, _| f(p, filler))
}

/// [`extend_in_parts`] for two vectors at once: `f(part, a, b)` pushes the `a_len` items of
/// `a` and the `b_len` of `b` of each of `parts`, `(part, a_len, b_len)`, as a part of a
/// file is parsed into records of two kinds.
///
/// # Panics
/// As [`extend_in_place`]; both vectors then keep their lengths.
pub fn extend_both_in_parts<P, A, B, R, F>(
    a: &mut Vec<A>,
    b: &mut Vec<B>,
    parts: Vec<(P, usize, usize)>,
    f: F,
) -> Vec<R>
where
    P: Send,
    A: Send,
    B: Send,
    R: Send,
    F: Fn(P, &mut Filler<'_, A>, &mut Filler<'_, B>) -> R + Sync,
{
    let a_bounds = bounds_of(&parts.iter().map(|p| p.1).collect::<Vec<_>>());
    let b_bounds = bounds_of(&parts.iter().map(|p| p.2).collect::<Vec<_>>());
    let (a_len, b_len) = (a_bounds[parts.len()], b_bounds[parts.len()]);
    a.reserve_exact(a_len);
    b.reserve_exact(b_len);
    let (a_start, b_start) = (a.len(), b.len());
    let a_parts = split_at_bounds(&mut a.spare_capacity_mut()[..a_len], &a_bounds);
    let b_parts = split_at_bounds(&mut b.spare_capacity_mut()[..b_len], &b_bounds);
    let work: Vec<_> = (parts.into_iter().zip(a_parts).zip(b_parts))
        .map(|(((p, ..), a), b)| (p, a, b))
        .collect();
    let results = map_owned(work, |_, (p, a_part, b_part)| {
        let mut a = Filler {
            slots: a_part.iter_mut(),
        };
        let mut b = Filler {
            slots: b_part.iter_mut(),
        };
        let result = f(p, &mut a, &mut b);
        assert!(
            a.slots.len() == 0 && b.slots.len() == 0,
            "fewer items than the chunk has slots"
        );
        result
    });
    // SAFETY: the parts cover `start..start + len` of the capacity reserved above in each
    // vector, and each wrote every slot of its parts (asserted: a part that did not, or that
    // panicked, panics on before these lines).
    #[allow(unsafe_code)]
    unsafe {
        a.set_len(a_start + a_len);
        b.set_len(b_start + b_len);
    }
    results
}

/// Where parts of `lens[0]`, `lens[1]`, ... items one after the other start, and last where
/// they end: `0, lens[0], lens[0] + lens[1]`, ...
pub fn bounds_of(lens: &[usize]) -> Vec<usize> {
    std::iter::once(0)
        .chain(lens.iter().scan(0, |at, n| {
            *at += n;
            Some(*at)
        }))
        .collect()
}

/// Where each of `groups` groups starts in a vector of items put together by group, the
/// groups of the items being what `of` gives (each below `groups`); last, where the items end.
pub fn group_starts(groups: usize, of: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut counts = vec![0; groups];
    of.for_each(|g| counts[g] += 1);
    bounds_of(&counts)
}

/// `items` put together by `group` (below `groups`) by counting, each group then sorted by
/// `cmp` (ties keep their order), the groups on every core; and where each group starts
/// ([`group_starts`]). The order one stable sort by group, then by `cmp`, gives, in less
/// time: each group's few hundred items sorted, not all of them. Counted and placed on every
/// core, each over its own run of `items` ([`place_sorted`]).
pub fn sort_grouped<T>(
    items: &[T],
    groups: usize,
    group: impl Fn(&T) -> usize + Sync,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
) -> (Vec<T>, Vec<usize>)
where
    T: Copy + Send + Sync,
{
    struct InRuns<'a, T, G> {
        items: &'a [T],
        run: usize,
        group: G,
    }
    impl<T: Copy + Sync, G: Fn(&T) -> usize + Sync> Runs<T> for InRuns<'_, T, G> {
        fn each(&self, run: usize, mut emit: impl FnMut(usize, T)) {
            let items = &self.items[run * self.run..((run + 1) * self.run).min(self.items.len())];
            items.iter().for_each(|item| emit((self.group)(item), *item));
        }
    }
    let Some(&first) = items.first() else {
        return (Vec::new(), vec![0; groups + 1]);
    };
    let run = items.len().div_ceil(cores()).max(ITEMS_PER_RUN);
    let runs = InRuns { items, run, group };
    place_sorted(&runs, items.len().div_ceil(run), groups, first, cmp)
}

/// Items made in runs, each run's in an order of its own: what [`place_sorted`] puts in order.
pub trait Runs<U>: Sync {
    /// Calls `emit(group, item)` for every item of run `run`, the same ones each time.
    fn each(&self, run: usize, emit: impl FnMut(usize, U));
}

/// The items of `runs` runs ([`Runs`]) put together by group (below `groups`), each group
/// sorted by `cmp` (ties in run order, then in the order their run made them); and where
/// each group starts ([`group_starts`]). Each run is counted, then made again and placed, on
/// any core: a run's items of one group go to that group's slots after those of the runs
/// before it. Nothing but the result is written (a vector of the items with their groups,
/// sorted, was the claim pass's largest), `fill` first, on every core, so that the fresh
/// pages are zeroed there.
pub fn place_sorted<U>(
    runs: &impl Runs<U>,
    count: usize,
    groups: usize,
    fill: U,
    cmp: impl Fn(&U, &U) -> std::cmp::Ordering + Sync,
) -> (Vec<U>, Vec<usize>)
where
    U: Copy + Send + Sync,
{
    let counts = map_chunks(count, 1, |r| {
        let mut count = vec![0; groups];
        runs.each(r.start, |g, _| count[g] += 1);
        count
    });
    let totals: Vec<usize> = (0..groups).map(|g| counts.iter().map(|count| count[g]).sum()).collect();
    let starts = bounds_of(&totals);
    let mut sorted = Vec::new();
    extend_in_place(&mut sorted, starts[groups], ITEMS_PER_RUN, |range, slots| {
        range.for_each(|_| slots.push(fill));
    });
    // Each run's slots: per group, the group's slots after the runs before it.
    let mut slots: Vec<Vec<&mut [U]>> = counts.iter().map(|_| Vec::with_capacity(groups)).collect();
    let mut rest = sorted.as_mut_slice();
    for g in 0..groups {
        for (mine, count) in slots.iter_mut().zip(&counts) {
            let (these, after) = std::mem::take(&mut rest).split_at_mut(count[g]);
            mine.push(these);
            rest = after;
        }
    }
    map_chunks_mut(&mut slots, 1, |run, this| {
        for slots in this {
            let mut next = vec![0; groups];
            runs.each(run, |g, item| {
                slots[g][next[g]] = item;
                next[g] += 1;
            });
        }
    });
    map_parts_mut(&mut sorted, &starts, |_, part| part.sort_by(&cmp));
    (sorted, starts)
}

/// Items a core counts and places at the least in [`sort_grouped`] (fewer take longer to
/// share out than to do).
const ITEMS_PER_RUN: usize = 1 << 14;

/// The number of cores work is shared out to (asked once: the answer reads the process's
/// control group files).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The helper threads, one per core (the calling thread works too, but may wait for a helper
/// busy elsewhere), started on first use; `None` when none could be started.
fn pool() -> Option<&'static rayon_core::ThreadPool> {
    static POOL: OnceLock<Option<rayon_core::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = rayon_core::ThreadPoolBuilder::new()
            .num_threads(cores())
            .thread_name(|i| format!("dun-{i}"));
        threads.build().ok()
    })
    .as_ref()
}

/// Frees `value` on another core, for a caller about to finish its work (freeing a
/// million-invoice model takes as long as writing its report): the process may well end
/// first, which frees it all at once. If no thread can be started, it is freed right here.
pub fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Runs `a` here and `b` on another core at the same time, returning both results; both
/// here, one after the other, when no helper thread could be started.
pub fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    let Some(pool) = pool() else {
        return (a(), b());
    };
    let mut done = None;
    // A helper panics only if `b` does, which is a bug: the scope passes the panic on.
    let a = pool.in_place_scope(|scope| {
        scope.spawn(|_| done = Some(b()));
        a()
    });
    (a, done.expect("ok: the scope ended once `b` had run"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_appended_in_place_in_order() {
        for (len, chunk) in [(0, 1), (1, 1), (10, 3), (1000, 7), (5, 100)] {
            let mut items = vec![String::from("before")];
            let sums = extend_in_place(&mut items, len, chunk, |range, filler| {
                for i in range.clone() {
                    filler.push(i.to_string());
                }
                range.sum::<usize>()
            });
            let expected: Vec<String> = std::iter::once("before".into())
                .chain((0..len).map(|i| i.to_string()))
                .collect();
            assert_eq!(items, expected, "len {len} chunk {chunk}");
            assert_eq!(sums.iter().sum::<usize>(), (0..len).sum::<usize>());
            assert_eq!(sums.len(), len.div_ceil(chunk));
        }
    }

    #[test]
    #[should_panic(expected = "fewer items")]
    fn a_chunk_that_leaves_slots_empty_is_a_bug() {
        let mut items: Vec<String> = Vec::new();
        extend_in_place(&mut items, 10, 5, |range, filler| {
            for i in range.skip(1) {
                filler.push(i.to_string());
            }
        });
    }

    #[test]
    #[should_panic(expected = "more items")]
    fn a_chunk_that_pushes_too_many_is_a_bug() {
        let mut items: Vec<String> = Vec::new();
        extend_in_place(&mut items, 4, 4, |range, filler| {
            for i in range.chain([9]) {
                filler.push(i.to_string());
            }
        });
    }

    #[test]
    fn sorting_by_group_gives_what_one_sort_gives() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        // Several runs of items (see `ITEMS_PER_RUN`), so that ties meet across runs.
        let len = 3 * ITEMS_PER_RUN as u32 + 17;
        let mut items: Vec<(usize, u32, u32)> = (0..len)
            .map(|id| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                ((seed % 37) as usize, (seed >> 32) as u32 % 50, id)
            })
            .collect();
        // A group alone; groups 37..=39 and 41 empty.
        items.push((40, 0, len));
        // By the middle field only: ties keep their order, as in one stable sort.
        let by_middle = |a: &(usize, u32, u32), b: &(usize, u32, u32)| a.1.cmp(&b.1);
        let mut one_sort = items.clone();
        one_sort.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| by_middle(a, b)));
        let (sorted, starts) = sort_grouped(&items, 42, |i| i.0, by_middle);
        assert_eq!(sorted, one_sort);
        assert_eq!(starts.len(), 43);
        for (g, w) in starts.windows(2).enumerate() {
            assert!(sorted[w[0]..w[1]].iter().all(|i| i.0 == g), "group {g}");
        }
        let none: &[(usize, u32, u32)] = &[];
        assert_eq!(sort_grouped(none, 3, |i| i.0, by_middle), (Vec::new(), vec![0; 4]));
    }

    #[test]
    fn join_gives_both_results() {
        assert_eq!(join(|| 1 + 1, || "b".repeat(3)), (2, "bbb".to_string()));
    }

    #[test]
    fn work_within_work_shares_the_pool() {
        // Both sides of a join and every chunk of a map share out work of their own, as the
        // stages do (the claim pass beside the checks, the report beside its totals): each
        // finishes, with its results in order, whichever thread it runs on.
        let sums = |n: usize| map_chunks(n, 7, |r| r.sum::<usize>()).iter().sum::<usize>();
        let (a, b) = join(
            || sums(1000),
            || map_owned((0..40).collect(), |_, n: usize| sums(n * 10)),
        );
        assert_eq!(a, 499_500);
        assert_eq!(b, (0..40).map(|n| (0..n * 10).sum::<usize>()).collect::<Vec<_>>());
        let nested = join(|| join(|| 1, || 2), || join(|| 3, || join(|| 4, || 5)));
        assert_eq!(nested, ((1, 2), (3, (4, 5))));
    }

    #[test]
    fn every_part_is_given_with_its_index() {
        let mut items: Vec<usize> = (0..10).collect();
        map_parts_mut(&mut items, &[0, 0, 3, 4, 10], |i, part| {
            for item in part {
                *item += i * 100;
            }
        });
        assert_eq!(items, [100, 101, 102, 203, 304, 305, 306, 307, 308, 309]);
    }

    #[test]
    fn every_chunk_is_written_in_its_place() {
        for (len, chunk) in [(0, 1), (1, 1), (10, 3), (1000, 7), (5, 100)] {
            let mut items = vec![0; len];
            map_chunks_mut(&mut items, chunk, |start, part| {
                for (k, item) in part.iter_mut().enumerate() {
                    *item = start + k;
                }
            });
            assert_eq!(items, (0..len).collect::<Vec<_>>(), "len {len} chunk {chunk}");
        }
    }

    #[test]
    fn results_come_in_input_order_whatever_the_chunk_size() {
        for (len, chunk) in [(0, 1), (1, 1), (10, 3), (1000, 7), (5, 100)] {
            let got: Vec<usize> = map_chunks(len, chunk, |r| r.collect::<Vec<_>>()).concat();
            assert_eq!(got, (0..len).collect::<Vec<_>>(), "len {len} chunk {chunk}");
        }
    }
}
