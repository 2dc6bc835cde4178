//! The feature table: feature hash → span of weights, laid out so that a
//! lookup costs one cache line, and with a prefetch hint for probing ahead.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already well-mixed 64-bit hashes (the key
/// is its own hash).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ (self.0 >> 56) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by 64-bit hashes.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// The finalizer of splitmix64.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One slot, 16 bytes: the key, then its span of weights packed as
/// `start << 32 | len` (`len == 0`: empty). Plain integers, so that a new
/// table is zeroed memory from the allocator.
type Slot = [u64; 2];

#[inline]
fn span_of(s: &Slot) -> (u32, u32) {
    ((s[1] >> 32) as u32, s[1] as u32)
}

/// An open-addressing (linear probing) map from feature hashes to spans
/// `start..start + len` of a weight array. At most half full, so probes are
/// short; keys with an empty span are not stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SpanTable {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
}

impl SpanTable {
    /// A table for up to `n` keys.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let cap = SpanTable::capacity_for(n);
        SpanTable {
            slots: vec![[0u64; 2]; cap],
            mask: cap - 1,
            len: 0,
        }
    }

    /// The table of rows `keys[r]` → `offsets[r]..offsets[r + 1]`, filled in
    /// slot order so that its memory is written front to back rather than
    /// at random (several times faster to build for large tables).
    /// Rows stored in [`SpanTable::slot_order`] (as model files are) make
    /// this one sequential pass.
    ///
    /// The slots are written once each, in order, into memory that is never
    /// read first: reading fresh zeroed pages before writing them costs a
    /// second page fault per page, which dominated loading. Keys are
    /// distinct (the rows of one model); the table is the same as inserting
    /// the rows one by one.
    pub(crate) fn from_rows(keys: &[u64], offsets: &[u32]) -> Self {
        let cap = SpanTable::capacity_for(keys.len());
        let mask = cap - 1;
        let mut slots: Vec<Slot> = Vec::with_capacity(cap);
        let mut wrapped = Vec::new();
        let mut len = 0;
        for r in SpanTable::slot_order(keys) {
            let (start, n) = (offsets[r], offsets[r + 1] - offsets[r]);
            if n == 0 {
                continue;
            }
            // Homes come in order, so a row lands at its home or just after
            // the previous row; past the end it wraps to the front.
            let at = (mix(keys[r]) as usize & mask).max(slots.len());
            if at >= cap {
                wrapped.push(r);
                continue;
            }
            slots.resize(at, [0, 0]);
            slots.push([keys[r], (start as u64) << 32 | n as u64]);
            len += 1;
        }
        slots.resize(cap, [0, 0]);
        let mut t = SpanTable { slots, mask, len };
        for r in wrapped {
            t.insert(keys[r], offsets[r], offsets[r + 1] - offsets[r]);
        }
        t
    }

    /// The rows of `keys` in the order of their home slots in a table built
    /// for them (ties by row).
    pub(crate) fn slot_order(keys: &[u64]) -> Vec<usize> {
        let probe = SpanTable {
            slots: Vec::new(),
            mask: SpanTable::capacity_for(keys.len()) - 1,
            len: 0,
        };
        let mut order: Vec<u64> = keys
            .iter()
            .enumerate()
            .map(|(r, &k)| (probe.home(k) as u64) << 32 | r as u64)
            .collect();
        // Already in order for model files: one pass.
        if !order.is_sorted() {
            order.sort_unstable();
        }
        order
            .into_iter()
            .map(|o| (o & 0xffff_ffff) as usize)
            .collect()
    }

    fn capacity_for(n: usize) -> usize {
        (n.max(4) * 2).next_power_of_two()
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        mix(key) as usize & self.mask
    }

    /// Inserts or replaces `key`; an empty span removes nothing and is not
    /// stored. Grows when more than half full.
    pub(crate) fn insert(&mut self, key: u64, start: u32, len: u32) {
        if len == 0 {
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            let mut bigger = SpanTable::with_capacity(self.slots.len().max(4));
            for s in &self.slots {
                let (start, len) = span_of(s);
                bigger.insert(s[0], start, len);
            }
            *self = bigger;
        }
        let mut i = self.home(key);
        loop {
            let s = &mut self.slots[i];
            let packed = (start as u64) << 32 | len as u64;
            if span_of(s).1 == 0 {
                *s = [key, packed];
                self.len += 1;
                return;
            }
            if s[0] == key {
                s[1] = packed;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The span of `key`, as `(start, len)`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<(u32, u32)> {
        if self.len == 0 {
            return None;
        }
        let mut i = self.home(key);
        loop {
            let s = &self.slots[i];
            let span = span_of(s);
            if span.1 == 0 {
                return None;
            }
            if s[0] == key {
                return Some(span);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Asks the processor to fetch the slot `key` starts probing at.
    #[inline]
    pub(crate) fn prefetch(&self, key: u64) {
        if let Some(s) = self.slots.get(self.home(key)) {
            prefetch(s);
        }
    }

    /// Number of keys.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

/// A hint to load the cache line of `x` (no effect where unsupported).
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, whatever the address,
    // and here the address is that of a live reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch(
            (x as *const T).cast::<i8>(),
            std::arch::x86_64::_MM_HINT_T0,
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn insert_get_replace_and_grow() {
        let mut t = SpanTable::with_capacity(2);
        for k in 0..1000u64 {
            t.insert(k * 7919, k as u32, 1 + (k % 5) as u32);
        }
        assert_eq!(t.len(), 1000);
        for k in 0..1000u64 {
            assert_eq!(t.get(k * 7919), Some((k as u32, 1 + (k % 5) as u32)));
        }
        assert_eq!(t.get(3), None);
        t.insert(7919, 42, 3);
        assert_eq!(t.get(7919), Some((42, 3)));
        assert_eq!(t.len(), 1000);
        // Empty spans are not stored.
        t.insert(5, 1, 0);
        assert_eq!(t.get(5), None);
    }

    #[test]
    fn built_from_rows_in_slot_order() {
        let keys: Vec<u64> = (0..5000u64)
            .map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let mut offsets = vec![0u32];
        for r in 0..keys.len() {
            offsets.push(offsets[r] + 1 + (r % 3) as u32);
        }
        let t = SpanTable::from_rows(&keys, &offsets);
        assert_eq!(t.len(), keys.len());
        for (r, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k), Some((offsets[r], offsets[r + 1] - offsets[r])));
        }
        assert_eq!(t.get(12345), None);
    }

    #[test]
    fn an_empty_table_finds_nothing() {
        let t = SpanTable::default();
        assert_eq!(t.get(0), None);
        t.prefetch(1);
    }

    proptest! {
        #[test]
        fn from_rows_is_inserting_row_by_row(keys in proptest::collection::hash_set(any::<u64>(), 0..200), lens in proptest::collection::vec(0u32..3, 200)) {
            let keys: Vec<u64> = keys.into_iter().collect();
            let mut offsets = vec![0u32];
            for r in 0..keys.len() {
                offsets.push(offsets[r] + lens[r]);
            }
            let mut t = SpanTable::with_capacity(keys.len());
            for r in SpanTable::slot_order(&keys) {
                t.insert(keys[r], offsets[r], offsets[r + 1] - offsets[r]);
            }
            prop_assert_eq!(SpanTable::from_rows(&keys, &offsets), t);
        }

        #[test]
        fn agrees_with_a_hash_map(entries in proptest::collection::vec((any::<u64>(), 0u32..1000, 0u32..4), 0..300), probes in proptest::collection::vec(any::<u64>(), 0..50)) {
            let mut t = SpanTable::with_capacity(entries.len() / 3);
            let mut m = HashMap::new();
            for &(k, s, l) in &entries {
                t.insert(k, s, l);
                if l > 0 {
                    m.insert(k, (s, l));
                }
            }
            prop_assert_eq!(t.len(), m.len());
            for k in entries.iter().map(|e| e.0).chain(probes) {
                prop_assert_eq!(t.get(k), m.get(&k).copied());
            }
        }
    }
}
