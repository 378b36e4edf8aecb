//! Native-only parallelism for the analysis' independent per-certificate work: the same
//! results, in the same order, as a plain loop (the web worker runs the plain loop).

/// `f` over `items`, results in the order of `items`. Natively, with at least `min` items and
/// more than one core, the items are cut into one contiguous run per core (at most 4) and
/// each run is done on its own thread; otherwise (and always in wasm32) in a plain loop.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], min: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).clamp(1, 4);
        if threads > 1 && items.len() >= min.max(2) {
            return map_threads(items, threads, &f);
        }
    }
    let _ = min;
    items.iter().map(f).collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn map_threads<T: Sync, R: Send>(items: &[T], threads: usize, f: &(impl Fn(&T) -> R + Sync)) -> Vec<R> {
    let run = items.len().div_ceil(threads).max(1);
    let mut chunks = items.chunks(run);
    let first = chunks.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = chunks
            .map(|chunk| {
                scope.spawn(move || {
                    #[cfg(test)]
                    let before = crate::model::parse_count::get();
                    let out: Vec<R> = chunk.iter().map(f).collect();
                    #[cfg(test)]
                    let out = (out, crate::model::parse_count::get() - before);
                    out
                })
            })
            .collect();
        let mut out: Vec<R> = Vec::with_capacity(items.len());
        out.extend(first.iter().map(f));
        for handle in others {
            match handle.join() {
                #[cfg(not(test))]
                Ok(part) => out.extend(part),
                // Parses made on a helper thread count for the caller's thread (tests pin them).
                #[cfg(test)]
                Ok((part, parses)) => {
                    crate::model::parse_count::add(parses);
                    out.extend(part);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn the_same_results_in_the_same_order() {
        let items: Vec<u32> = (0..1001).collect();
        let square = |x: &u32| u64::from(*x) * u64::from(*x);
        let plain: Vec<u64> = items.iter().map(square).collect();
        assert_eq!(super::map(&items, 1, square), plain);
        assert_eq!(super::map(&items, usize::MAX, square), plain);
        assert_eq!(super::map(&items[..1], 1, square), plain[..1]);
        assert!(super::map(&items[..0], 1, square).is_empty());
        assert_eq!(super::map_threads(&items, 3, &square), plain);
    }
}
