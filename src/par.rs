//! Native-only parallelism for independent per-item work (PEM blocks, certificates): the same
//! results, in the same order, as a plain loop (the web worker runs the plain loop).

/// `f` over `items`, result `i` in slot `i` (every slot `Some`: results are made in place, not
/// moved again, for results of a kilobyte or more). Natively, with at least `min` items and
/// more than one core, one thread per core (at most 4) takes blocks of items in turn;
/// otherwise (and always in wasm32) in a plain loop.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], min: usize, f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let mut out: Vec<Option<R>> = Vec::with_capacity(items.len());
    out.resize_with(items.len(), || None);
    #[cfg(not(target_arch = "wasm32"))]
    {
        if parallel(items.len(), min) {
            let threads = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get).clamp(2, 4);
            fill_threads(items, threads, &f, &mut out);
            return out;
        }
    }
    let _ = min;
    for (slot, item) in out.iter_mut().zip(items) {
        *slot = Some(f(item));
    }
    out
}

/// Whether [`map`] with `n` items (and its `min`) runs on helper threads: natively with more
/// than one core; never in wasm32, where a pass ahead of a loop is only the loop's work done
/// earlier (and out of sight of its progress).
pub(crate) fn parallel(n: usize, min: usize) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get) > 1 && n >= min.max(2)
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (n, min);
        false
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn fill_threads<T: Sync, R: Send>(items: &[T], threads: usize, f: &(impl Fn(&T) -> R + Sync), out: &mut [Option<R>]) {
    // Blocks of items are handed out one at a time, so that a thread the machine runs less
    // often (other processes on its core) takes fewer: no thread waits long for another.
    let block = items.len().div_ceil(threads.saturating_mul(16)).clamp(1, 256);
    let blocks = std::sync::Mutex::new(out.chunks_mut(block).zip(items.chunks(block)));
    let work = || loop {
        let next = match blocks.lock() {
            Ok(mut b) => b.next(),
            Err(_) => None,
        };
        let Some((slots, items)) = next else { break };
        for (slot, item) in slots.iter_mut().zip(items) {
            *slot = Some(f(item));
        }
    };
    std::thread::scope(|scope| {
        let helpers = spawn_helpers(scope, threads, &work);
        work();
        join_helpers(helpers);
    });
}

/// `threads - 1` helper threads in `scope`, each running `work`.
#[cfg(not(target_arch = "wasm32"))]
fn spawn_helpers<'scope>(scope: &'scope std::thread::Scope<'scope, '_>, threads: usize, work: &'scope (impl Fn() + Sync)) -> Vec<std::thread::ScopedJoinHandle<'scope, usize>> {
    (1..threads)
        .map(|_| {
            scope.spawn(move || {
                #[cfg(test)]
                let before = parse_count::get();
                work();
                // Parses made on a helper thread count for the caller's thread (tests pin them).
                #[cfg(test)]
                return parse_count::get() - before;
                #[cfg(not(test))]
                0usize
            })
        })
        .collect()
}

/// Wait for the helpers of [`spawn_helpers`]: a helper's panic goes on in this thread; in tests,
/// the parses they made count for this thread.
#[cfg(not(target_arch = "wasm32"))]
fn join_helpers(helpers: Vec<std::thread::ScopedJoinHandle<'_, usize>>) {
    for handle in helpers {
        match handle.join() {
            #[cfg(test)]
            Ok(parses) => parse_count::add(parses),
            #[cfg(not(test))]
            Ok(_) => {}
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// `f` over `items`, made ahead on helper threads while `body` runs on this thread and takes
/// the results through the `take` it is given: `take(i)` is item `i`'s result (each taken at
/// most once; `None` for an item out of range or taken before). The caller's own work on each
/// result (a loop that files them in order) overlaps the helpers' work on the next ones, where
/// [`map`] made them all first; when the next result is not made yet, this thread makes items
/// not yet begun instead of waiting. Natively with at least `min` items and more than one
/// core; otherwise (and always in wasm32) nothing is made ahead and `body` is given no `take`:
/// the caller makes each item itself, as its loop reaches it.
pub(crate) fn ahead<T: Sync, R: Send, B>(items: &[T], min: usize, f: impl Fn(&T) -> R + Sync, body: impl FnOnce(Option<&mut dyn FnMut(usize) -> Option<R>>) -> B) -> B {
    #[cfg(not(target_arch = "wasm32"))]
    {
        if parallel(items.len(), min) {
            let threads = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get).clamp(2, 4);
            return ahead_threads(items, threads, &f, |take| body(Some(take)));
        }
    }
    let _ = (items, min, f);
    body(None)
}

/// Items a thread of [`ahead`] claims at a time.
#[cfg(not(target_arch = "wasm32"))]
const AHEAD_BLOCK: usize = 8;

#[cfg(not(target_arch = "wasm32"))]
fn ahead_threads<T: Sync, R: Send, B>(items: &[T], threads: usize, f: &(impl Fn(&T) -> R + Sync), body: impl FnOnce(&mut dyn FnMut(usize) -> Option<R>) -> B) -> B {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Mutex;
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let put = |i: usize, r: R| {
        if let Some(slot) = slots.get(i) {
            *slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(r);
        }
    };
    // The first item no thread has claimed; items are claimed a block at a time, in order.
    let next = AtomicUsize::new(0);
    let work_block = || {
        let start = next.fetch_add(AHEAD_BLOCK, Ordering::Relaxed);
        let block = items.get(start..).unwrap_or_default();
        for (k, item) in block.iter().take(AHEAD_BLOCK).enumerate() {
            put(start + k, f(item));
        }
        !block.is_empty()
    };
    // Set when the body is done (the helpers claim nothing more) or when a helper failed (its
    // claimed items will never be made: this thread makes what it then waits for).
    let stop = AtomicBool::new(false);
    let failed = AtomicBool::new(false);
    struct OnPanic<'a>(&'a AtomicBool);
    impl Drop for OnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0.store(true, Ordering::Release);
            }
        }
    }
    let helper = || {
        let _guard = OnPanic(&failed);
        // Not a busy wait: each round makes a block of items, and the loop ends when none is
        // left to claim.
        while !stop.load(Ordering::Relaxed) {
            if !work_block() {
                break;
            }
        }
    };
    std::thread::scope(|scope| {
        let helpers = spawn_helpers(scope, threads, &helper);
        let mut taken = vec![false; items.len()];
        let mut take = |i: usize| -> Option<R> {
            if std::mem::replace(taken.get_mut(i)?, true) {
                return None;
            }
            let slot = slots.get(i)?;
            loop {
                if let Some(r) = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
                    return Some(r);
                }
                // Not made yet: make the next unclaimed block (it may be this item's); when all
                // are claimed, a helper is making it.
                if work_block() {
                    continue;
                }
                if failed.load(Ordering::Acquire) {
                    return items.get(i).map(f);
                }
                std::thread::yield_now();
            }
        };
        let out = body(&mut take);
        stop.store(true, Ordering::Relaxed);
        join_helpers(helpers);
        out
    })
}

/// How many times a certificate was parsed on this thread (tests pin "parsed once"; `model`
/// counts its parses, [`map`] adds those of its helper threads to the caller's).
#[cfg(test)]
pub(crate) mod parse_count {
    use std::cell::Cell;
    thread_local!(static COUNT: Cell<usize> = const { Cell::new(0) });
    pub(crate) fn bump() {
        add(1);
    }
    /// Count `n` parses made on another thread for this one.
    pub(crate) fn add(n: usize) {
        COUNT.with(|c| c.set(c.get() + n));
    }
    /// Parses so far on this thread.
    pub(crate) fn get() -> usize {
        COUNT.with(Cell::get)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn ahead_hands_each_result_once_in_any_order_asked_or_none_without_helpers() {
        let items: Vec<u32> = (0..1001).collect();
        let square = |x: &u32| u64::from(*x) * u64::from(*x);
        type Take<'a> = &'a mut dyn FnMut(usize) -> Option<u64>;
        // Without helpers (wasm32, too few items, one core): nothing made ahead, no `take`.
        assert!(super::ahead(&items, usize::MAX, square, |take| take.is_none()));
        for threads in [2, 3] {
            let run = |body: &mut dyn FnMut(Take<'_>)| super::ahead_threads(&items, threads, &square, |take| body(take));
            // In order, every item: the plain loop's results.
            run(&mut |take| {
                let got: Vec<Option<u64>> = (0..items.len()).map(&mut *take).collect();
                assert_eq!(got, items.iter().map(|x| Some(square(x))).collect::<Vec<_>>());
                // Each once; out of range: none.
                assert_eq!((take(3), take(items.len())), (None, None));
            });
            // Some skipped, some out of order: the right result for each asked.
            run(&mut |take| {
                for i in [500, 7, 1000, 8, 0] {
                    assert_eq!(take(i), Some(square(&items[i])), "item {i}");
                }
            });
            // Nothing asked: the body's result, no wait.
            run(&mut |_| {});
        }
    }

    #[test]
    fn the_same_results_in_the_same_order() {
        let items: Vec<u32> = (0..1001).collect();
        let square = |x: &u32| u64::from(*x) * u64::from(*x);
        let plain: Vec<Option<u64>> = items.iter().map(|x| Some(square(x))).collect();
        assert_eq!(super::map(&items, 1, square), plain);
        assert_eq!(super::map(&items, usize::MAX, square), plain);
        assert_eq!(super::map(&items[..1], 1, square), plain[..1]);
        assert!(super::map(&items[..0], 1, square).is_empty());
        for threads in [2, 3, 7] {
            let mut out = vec![None; items.len()];
            super::fill_threads(&items, threads, &square, &mut out);
            assert_eq!(out, plain);
        }
    }
}
