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
        let helpers: Vec<_> = (1..threads)
            .map(|_| {
                scope.spawn(|| {
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
            .collect();
        work();
        for handle in helpers {
            match handle.join() {
                #[cfg(test)]
                Ok(parses) => parse_count::add(parses),
                #[cfg(not(test))]
                Ok(_) => {}
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
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
