//! The heap the process holds, counted by the global allocator, for the
//! memory budget per document (issue 14, item 1).
//!
//! Every allocation goes to mimalloc (which serves the pipeline's many
//! small strings faster than the system allocator) through [`Counting`],
//! which adds and subtracts the requested sizes in one atomic counter.
//! [`live`] is therefore the heap in use (not the resident set: the
//! allocator's retained pages, thread stacks and the binary's own pages
//! are not in it). A document's use is the growth of that counter since it
//! started: exact when one document is processed at a time (`extract`,
//! `ingest`); with several at once (`worker --concurrency`, uploads to
//! `serve`) the others' growth counts too, so the check errs on the side
//! of failing.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// mimalloc with a count of the bytes held.
pub(crate) struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

/// Bytes of heap held by the process now.
pub(crate) fn live() -> usize {
    LIVE.load(Relaxed)
}

// SAFETY: every call is forwarded unchanged to mimalloc; only the counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { mimalloc::MiMalloc.alloc(l) };
        if !p.is_null() {
            LIVE.fetch_add(l.size(), Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(l) };
        if !p.is_null() {
            LIVE.fetch_add(l.size(), Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: `p` was allocated by this allocator with layout `l`.
        unsafe { mimalloc::MiMalloc.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // SAFETY: `p` was allocated by this allocator with layout `l`.
        let q = unsafe { mimalloc::MiMalloc.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                LIVE.fetch_add(new - l.size(), Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

/// Heap one document needs per byte of its text, at least, for text with
/// words: the built-in pipeline's measured peak was about 115× for report
/// text (docs/robustness.md), so a document whose text times this is over
/// the budget is refused at once instead of after minutes of work. Text
/// that is one huge token needs less; with the default budget the estimate
/// refuses nothing the reader's 50 MiB cap lets through.
pub(crate) const HEAP_PER_TEXT_BYTE: usize = 60;

/// The memory budget of one document, checked before its pipeline runs
/// (an estimate from its text), after each component, and (by the runner)
/// every 200 ms while a component runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemoryBudget {
    /// Bytes the document may add to the heap.
    pub(crate) bytes: usize,
    /// Heap held when the document started.
    pub(crate) start: usize,
}

impl MemoryBudget {
    /// A budget of `mib` MiB from now.
    pub(crate) fn from_now(mib: u64) -> Self {
        MemoryBudget {
            bytes: usize::try_from(mib.saturating_mul(1 << 20)).unwrap_or(usize::MAX),
            start: live(),
        }
    }

    /// The budget in MiB, as given.
    pub(crate) fn mib(&self) -> usize {
        self.bytes >> 20
    }

    /// Heap added since the document started, when the process holds `live`.
    fn used_at(&self, live: usize) -> usize {
        live.saturating_sub(self.start)
    }

    /// Whether the document holds more than its budget now.
    pub(crate) fn exceeded(&self) -> bool {
        self.used_at(live()) > self.bytes
    }

    /// Why a document of `text_bytes` bytes of text is refused before
    /// processing, if its estimate is over the budget.
    pub(crate) fn refuse_by_size(&self, text_bytes: usize) -> Option<String> {
        let estimate = text_bytes.saturating_mul(HEAP_PER_TEXT_BYTE);
        (estimate > self.bytes).then(|| {
            format!(
                "exceeds the memory budget of {} MiB per document: its {} bytes of text would need about {} MiB ({}× the text); raise it with --doc-memory",
                self.mib(),
                text_bytes,
                estimate >> 20,
                HEAP_PER_TEXT_BYTE
            )
        })
    }

    /// Why the document is stopped after step `step`, if it holds more
    /// than its budget.
    pub(crate) fn over(&self, step: &str) -> Option<String> {
        self.over_at(step, live())
    }

    fn over_at(&self, step: &str, live: usize) -> Option<String> {
        let used = self.used_at(live);
        (used > self.bytes).then(|| {
            format!(
                "exceeds the memory budget of {} MiB per document: {} MiB held after the {step} step; raise it with --doc-memory",
                self.mib(),
                used >> 20
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_counts_what_was_allocated_after_it_started() {
        let budget = MemoryBudget {
            bytes: 8 << 20,
            start: 100 << 20,
        };
        assert_eq!(budget.mib(), 8);
        assert!(budget.over_at("tokens", 90 << 20).is_none());
        assert!(budget.over_at("tokens", 108 << 20).is_none());
        let why = budget.over_at("tokens", 120 << 20).expect("20 MiB over 8");
        assert!(
            why.contains("exceeds the memory budget of 8 MiB per document: 20 MiB held after the tokens step"),
            "{why}"
        );
        assert!(budget.refuse_by_size(100_000).is_none());
        let why = budget.refuse_by_size(1 << 20).expect("60 MiB estimate");
        assert!(why.contains("exceeds the memory budget of 8 MiB"), "{why}");
        assert!(why.contains("about 60 MiB"), "{why}");
    }

    #[test]
    fn the_counter_sees_a_large_allocation() {
        // Other tests allocate and free at the same time; 64 MiB held here
        // is far above what any of them moves, so the growth shows.
        let before = live();
        let big = vec![1u8; 64 << 20];
        let held = live();
        assert!(held >= before + (48 << 20), "{before} → {held}");
        drop(big);
    }
}
