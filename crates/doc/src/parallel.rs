//! Data parallelism inside one document: contiguous ranges of items
//! (sentences, usually) processed on a few threads, results in order.

use std::ops::Range;
use std::sync::OnceLock;

/// Threads for the work on one document: `DOSSIER_THREADS` if set (1 turns
/// parallel work off), else the available parallelism, at most 8.
pub fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("DOSSIER_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
    })
}

/// Runs `f` over contiguous ranges covering `0..n` and concatenates the
/// results in range order, so the output is the same as `f(0..n)` for any
/// `f` that handles items independently. Ranges get at least
/// `min_per_thread` items each: small inputs stay on the calling thread.
///
/// ```
/// let squares = dossier_doc::parallel::map_ranges(10, 2, |r| r.map(|i| i * i).collect());
/// assert_eq!(squares, (0..10).map(|i| i * i).collect::<Vec<_>>());
/// ```
pub fn map_ranges<T, F>(n: usize, min_per_thread: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(Range<usize>) -> Vec<T> + Sync,
{
    map_parts(n, threads().min(n / min_per_thread.max(1)), f)
}

/// Like [`map_ranges`], with `parts` contiguous ranges (at least one, at
/// most `n`), each on its own thread when there are several.
pub fn map_parts<T, F>(n: usize, parts: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(Range<usize>) -> Vec<T> + Sync,
{
    let parts = parts.clamp(1, n.max(1));
    if parts == 1 {
        return f(0..n);
    }
    let per = n.div_ceil(parts);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..parts)
            .map(|t| {
                let range = (t * per).min(n)..((t + 1) * per).min(n);
                scope.spawn(move || f(range))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_same_as_one_range(n in 0usize..500, min in 0usize..50) {
            let f = |r: Range<usize>| r.flat_map(|i| std::iter::repeat_n(i, i % 3)).collect::<Vec<_>>();
            prop_assert_eq!(map_ranges(n, min, f), f(0..n));
            prop_assert_eq!(map_parts(n, min, f), f(0..n));
        }
    }
}
