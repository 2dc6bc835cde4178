//! Perceptron weights: a sparse, averaged table for training and a frozen
//! open-addressing table for parsing, each feature's row holding only the
//! classes it has a weight for.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The hasher of the training table: feature keys are already well-mixed
/// 64-bit hashes, so the key is (nearly) its own hash (SipHash, the
/// default, costs more than the rest of a lookup).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        // Feature keys end in a 1 bit: folded, so the table's low index
        // bits all vary.
        self.0 = x ^ (x >> 32);
    }
}

/// The hasher of the lookup tables keyed by a string's 64-bit FNV-1a hash
/// (word clusters, lemmas, UPOS): one multiply mixes the key's bits (FNV's
/// low bits are weak for short words), where SipHash, the default, was
/// most of a look-up.
#[derive(Default)]
pub(crate) struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, x: u64) {
        let x = (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.0 = x ^ (x >> 32);
    }
}

/// A map keyed by a string's 64-bit hash, hashed with [`MixHasher`].
pub(crate) type HashKeyMap<V> = HashMap<u64, V, BuildHasherDefault<MixHasher>>;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u8,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Averaged-perceptron weights under training.
#[derive(Debug, Default)]
pub(crate) struct TrainWeights {
    rows: HashMap<u64, Vec<Entry>, BuildHasherDefault<KeyHasher>>,
    /// Updates so far (the averaging clock).
    pub(crate) clock: u32,
}

impl TrainWeights {
    /// Adds the current weights of `feats` into `scores`.
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    /// One perceptron update: `+1` for `good`, `-1` for `bad`.
    pub(crate) fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        self.clock += 1;
        self.add(feats, good, 1.0);
        self.add(feats, bad, -1.0);
    }

    /// Starts from the weights of a trained model (a warm start): each
    /// weight as if it had held since the clock began.
    pub(crate) fn from_frozen(f: &Frozen) -> TrainWeights {
        let mut t = TrainWeights::default();
        for (k, row) in f.rows() {
            let row: Vec<Entry> = row
                .into_iter()
                .map(|(class, w)| Entry {
                    class,
                    w,
                    total: 0.0,
                    stamp: 0,
                })
                .collect();
            t.rows.insert(k, row);
        }
        t
    }

    /// Advances the averaging clock by one step (global training: one
    /// step per sentence, whatever [`TrainWeights::add`] does in it).
    pub(crate) fn tick(&mut self) {
        self.clock += 1;
    }

    /// Adds `delta` to the weight of `class` for every feature of `feats`,
    /// at the current clock.
    pub(crate) fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        let now = self.clock;
        let class = class as u8;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            let e = match row.iter_mut().find(|e| e.class == class) {
                Some(e) => e,
                None => {
                    row.push(Entry {
                        class,
                        w: 0.0,
                        total: 0.0,
                        stamp: now,
                    });
                    row.last_mut().expect("just pushed")
                }
            };
            e.total += (now - e.stamp) as f64 * e.w as f64;
            e.stamp = now;
            e.w += delta;
        }
    }

    /// The averaged weights, dropping those smaller than `prune` in
    /// magnitude.
    pub(crate) fn average(&self, prune: f32) -> Frozen {
        let now = self.clock.max(1);
        let mut keys: Vec<&u64> = self.rows.keys().collect();
        keys.sort_unstable();
        let mut rows = Vec::with_capacity(keys.len());
        for k in keys {
            let mut row: Vec<(u8, f32)> = self.rows[k]
                .iter()
                .map(|e| {
                    let total = e.total + (now - e.stamp) as f64 * e.w as f64;
                    (e.class, (total / now as f64) as f32)
                })
                .filter(|(_, w)| *w != 0.0 && w.abs() >= prune)
                .collect();
            if !row.is_empty() {
                row.sort_unstable_by_key(|e| e.0);
                rows.push((*k, row));
            }
        }
        Frozen::from_rows(rows)
    }
}

/// Frozen weights: an open-addressing table of 16-byte slots (the feature
/// hash, then the row's one or two entries themselves, or — top byte
/// `0xff` — `len << 32 | start` of its run of entries elsewhere), each
/// entry a `u32` packing the class (top 8 bits, below 255) and the weight
/// quantized to 24 bits. A row of `DENSE_MIN` entries or more (the
/// frequent features: tags, clusters, labels, which are most of the
/// additions) is stored dense instead — its weight for every class, zeros
/// included, `width` of them — and added with vector instructions (slot
/// top byte `0xff` and the `DENSE` bit, `start` into `dense`). A lookup
/// touches one slot and at most one run; slots and runs are prefetched a
/// few features ahead. The table is at most 60% full.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Frozen {
    slots: Vec<[u64; 2]>,
    entries: Vec<u32>,
    /// Dense rows, `width` weights each.
    dense: Vec<i32>,
    /// Classes rounded up to a multiple of 8 (the length of a dense row).
    width: usize,
    mask: usize,
    len: usize,
    /// Weight of one quantization step.
    scale: f32,
}

/// Weights are quantized to ±2^19, so that the sum of up to 4,096 of
/// them fits an `i32`.
const QMAX: f32 = ((1 << 19) - 1) as f32;

#[inline]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch hint never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Frozen {
    /// Builds the table from rows of `(class, weight)`.
    pub(crate) fn from_rows(rows: Vec<(u64, Vec<(u8, f32)>)>) -> Frozen {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|e| e.1.abs()))
            .fold(0.0f32, f32::max);
        let scale = if max > 0.0 { max / QMAX } else { 1.0 };
        Frozen::from_quantized(
            rows.into_iter()
                .map(|(k, r)| {
                    let q = r
                        .into_iter()
                        .map(|(c, w)| pack(c, (w / scale).round() as i32))
                        .filter(|&x| unpack(x) != 0)
                        .collect();
                    (k, q)
                })
                .collect(),
            scale,
        )
    }

    fn from_quantized(rows: Vec<(u64, Vec<u32>)>, scale: f32) -> Frozen {
        let (mut keys, mut ends, mut flat) = (Vec::new(), Vec::new(), Vec::new());
        for (k, r) in rows {
            flat.extend(r);
            keys.push(k);
            ends.push(flat.len());
        }
        Frozen::from_flat(scale, &keys, &ends, &flat)
    }

    /// Builds the table from rows given flat: row `i` has key `keys[i]`
    /// and the packed entries `flat[ends[i - 1]..ends[i]]`; zero weights
    /// and rows left empty are dropped.
    pub(crate) fn from_flat(scale: f32, keys: &[u64], ends: &[usize], flat: &[u32]) -> Frozen {
        Frozen::build(
            scale,
            (0..keys.len()).map(|i| {
                let a = if i == 0 { 0 } else { ends[i - 1] };
                (keys[i], flat[a..ends[i]].iter().copied())
            }),
            None,
        )
    }

    /// Builds the table from rows as a model file stores them (see
    /// [`StoredRows`]), read straight from the file's bytes: no copy of
    /// the rows is made on the way.
    #[cfg(test)]
    pub(crate) fn from_stored(scale: f32, rows: StoredRows<'_>) -> Frozen {
        Frozen::build(scale, rows, None)
    }

    /// [`Frozen::from_stored`] with the rows' [`RowStats`] already counted
    /// (by the reader that checked them): the rows are walked once.
    pub(crate) fn from_stored_counted(scale: f32, rows: StoredRows<'_>, stats: RowStats) -> Frozen {
        Frozen::build(scale, rows, Some(stats))
    }

    /// Builds the table from `rows` of `(key, packed entries)`, sized by
    /// `stats` (counted here, one more walk over the rows, when `None`);
    /// zero weights and rows left empty are dropped.
    fn build<R, E>(scale: f32, rows: R, stats: Option<RowStats>) -> Frozen
    where
        R: Iterator<Item = (u64, E)> + Clone,
        E: Iterator<Item = u32> + Clone,
    {
        let stats = stats.unwrap_or_else(|| {
            let mut st = RowStats::default();
            for (_, r) in rows.clone() {
                st.add(r);
            }
            st
        });
        let RowStats {
            nonempty,
            classes,
            dense_rows,
            run_entries,
        } = stats;
        let cap = (nonempty * 5 / 3 + 1).next_power_of_two().max(16);
        let width = classes.div_ceil(8) * 8;
        let mut f = Frozen {
            slots: huge_zeroed(cap),
            entries: Vec::with_capacity(run_entries),
            dense: Vec::with_capacity(dense_rows * width),
            width,
            mask: cap - 1,
            len: nonempty,
            scale,
        };
        // Rows are read in order and each is written to its slot, which is
        // prefetched AHEAD rows before: the writes land all over the table,
        // so their misses overlap.
        let mut ahead = rows.clone().skip(AHEAD);
        for (k, r) in rows {
            if let Some((g, _)) = ahead.next() {
                prefetch(&f.slots[(g as usize) & f.mask]);
            }
            let row = r.filter(|&x| unpack(x) != 0);
            let mut it = row.clone();
            let v = match (it.next(), it.next(), it.next()) {
                (None, _, _) => continue,
                // A lone entry is paired with a zero weight for class 0.
                (Some(one), None, _) => one as u64,
                (Some(a), Some(b), None) => ((b as u64) << 32) | a as u64,
                (Some(_), Some(_), Some(_)) if row.clone().count() >= DENSE_MIN => {
                    let start = f.dense.len();
                    f.dense.resize(start + f.width, 0);
                    for x in row {
                        f.dense[start + (x >> 24) as usize] = unpack(x);
                    }
                    RUN | DENSE | start as u64
                }
                (Some(_), Some(_), Some(_)) => {
                    let start = f.entries.len() as u64;
                    f.entries.extend(row);
                    let len = f.entries.len() as u64 - start;
                    RUN | (len << 32) | start
                }
            };
            let mut j = (k as usize) & f.mask;
            while f.slots[j][0] != 0 {
                j = (j + 1) & f.mask;
            }
            f.slots[j] = [k, v];
        }
        f
    }

    /// Number of features.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Number of stored weights.
    pub(crate) fn num_weights(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s[0] != 0)
            .map(|s| self.run(s).len())
            .sum()
    }

    /// A slot's entries (an inline pair may end with a zero entry).
    fn run(&self, s: &[u64; 2]) -> Vec<u32> {
        if s[1] & (RUN | DENSE) == RUN | DENSE {
            let start = (s[1] as u32) as usize;
            let row = &self.dense[start..start + self.width];
            (0..self.width)
                .filter(|&c| row[c] != 0)
                .map(|c| pack(c as u8, row[c]))
                .collect()
        } else if s[1] & RUN == RUN {
            let start = (s[1] as u32) as usize;
            let len = ((s[1] >> 32) & 0x00ff_ffff) as usize;
            self.entries[start..start + len].to_vec()
        } else {
            let (a, b) = (s[1] as u32, (s[1] >> 32) as u32);
            if b == 0 {
                vec![a]
            } else {
                vec![a, b]
            }
        }
    }

    #[inline]
    fn find(&self, k: u64) -> Option<&[u64; 2]> {
        let mut i = (k as usize) & self.mask;
        loop {
            let s = &self.slots[i];
            if s[0] == k {
                return Some(s);
            }
            if s[0] == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The summed weights of `feats` per class, into `scores` (one entry
    /// per class; at most 256). `found` is scratch space.
    ///
    /// A software pipeline over the features, so that a steady number of
    /// memory requests is in flight (requesting every slot at once
    /// overflows the core's miss buffers and later requests are dropped):
    /// the slot of the feature `2 × AHEAD` on is prefetched, the feature
    /// `AHEAD` on is looked up and its run of entries prefetched, and this
    /// one's entries are added. Sums are integers, so the order of the
    /// additions does not matter.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32], found: &mut Vec<u64>) {
        let mut acc = [0i32; 256];
        self.add_into(feats, &mut acc, found);
        self.finish(&acc, &[], scores);
    }

    /// The scores of quantized sums `acc` plus `rows` (of [`Frozen::width`]
    /// each), into `scores`.
    pub(crate) fn finish(&self, acc: &[i32; 256], rows: &[&[i32]], scores: &mut [f32]) {
        let mut acc = *acc;
        for row in rows {
            for (a, w) in acc.iter_mut().zip(row.iter()) {
                *a += *w;
            }
        }
        let k = scores.len().min(256);
        for (s, a) in scores.iter_mut().zip(&acc[..k]) {
            *s = *a as f32 * self.scale;
        }
    }

    /// The number of classes a quantized sum holds (every class with a
    /// weight is below it; rows given to [`Frozen::finish`] are this long).
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// Adds the quantized weights of `feats` into `acc` (see
    /// [`Frozen::score`]).
    #[inline]
    fn add_into(&self, feats: &[u64], acc: &mut [i32; 256], found: &mut Vec<u64>) {
        self.add_into_each(feats, std::slice::from_mut(acc), |_| 0, found);
    }

    /// Adds the quantized weights of each feature `feats[q]` into
    /// `accs[dest(q)]` (several sums from one pass: one software pipeline
    /// keeps as many memory requests in flight as one long list, where a
    /// short list per sum would not).
    pub(crate) fn add_into_each(
        &self,
        feats: &[u64],
        accs: &mut [[i32; 256]],
        dest: impl Fn(usize) -> usize,
        found: &mut Vec<u64>,
    ) {
        if self.slots.is_empty() {
            return;
        }
        let n = feats.len();
        found.clear();
        found.resize(n, 0);
        let resolve = |q: usize, found: &mut Vec<u64>| {
            if let Some(s) = self.find(feats[q]) {
                let v = s[1];
                if v & (RUN | DENSE) == RUN | DENSE {
                    let start = (v as u32) as usize;
                    let mut p = start;
                    while p < start + self.width {
                        prefetch(self.dense.as_ptr().wrapping_add(p));
                        p = (p | 15) + 1;
                    }
                } else if v & RUN == RUN {
                    let (start, end) = run_bounds(v);
                    // Every cache line of the run (16 entries a line).
                    let mut p = start;
                    while p < end {
                        prefetch(self.entries.as_ptr().wrapping_add(p));
                        p = (p | 15) + 1;
                    }
                }
                found[q] = v;
            }
        };
        for &f in feats.iter().take(2 * AHEAD) {
            prefetch(&self.slots[(f as usize) & self.mask]);
        }
        for q in 0..n.min(AHEAD) {
            resolve(q, found);
        }
        for q in 0..n {
            if let Some(&g) = feats.get(q + 2 * AHEAD) {
                prefetch(&self.slots[(g as usize) & self.mask]);
            }
            if q + AHEAD < n {
                resolve(q + AHEAD, found);
            }
            let v = found[q];
            let acc = &mut accs[dest(q)];
            if v & RUN != RUN {
                // Not found (0, a zero weight for class 0) or inline.
                let (a, b) = (v as u32, (v >> 32) as u32);
                acc[(a >> 24) as usize] += unpack(a);
                acc[(b >> 24) as usize] += unpack(b);
            } else if v & DENSE != 0 {
                let start = (v as u32) as usize;
                let row = &self.dense[start..start + self.width];
                for (a, w) in acc[..self.width].iter_mut().zip(row) {
                    *a += *w;
                }
            } else {
                let (start, end) = run_bounds(v);
                for &x in &self.entries[start..end] {
                    acc[(x >> 24) as usize] += unpack(x);
                }
            }
        }
    }

    /// A copy without the weights smaller than `min` in magnitude.
    pub(crate) fn pruned(&self, min: f32) -> Frozen {
        Frozen::from_rows(
            self.rows()
                .into_iter()
                .map(|(k, r)| (k, r.into_iter().filter(|e| e.1.abs() >= min).collect()))
                .collect(),
        )
    }

    /// A copy without the features (whole rows) whose weights sum to less
    /// than `min_l1` in magnitude: rare features, which a perceptron moves
    /// only a step or two, go whole, the weights of the others stay.
    pub(crate) fn pruned_rows(&self, min_l1: f32) -> Frozen {
        Frozen::from_rows(
            self.rows()
                .into_iter()
                .filter(|(_, r)| r.iter().map(|e| e.1.abs()).sum::<f32>() >= min_l1)
                .collect(),
        )
    }

    /// The rows in key order, for serialization.
    pub(crate) fn rows(&self) -> Vec<(u64, Vec<(u8, f32)>)> {
        let mut out: Vec<(u64, Vec<(u8, f32)>)> = self
            .slots
            .iter()
            .filter(|s| s[0] != 0)
            .map(|s| {
                let row = self
                    .run(s)
                    .iter()
                    .map(|&x| ((x >> 24) as u8, unpack(x) as f32 * self.scale))
                    .collect();
                (s[0], row)
            })
            .collect();
        out.sort_unstable_by_key(|r| r.0);
        out
    }

    /// The quantized form for serialization: scale, then rows in key order.
    pub(crate) fn quantized_rows(&self) -> (f32, Vec<(u64, Vec<u32>)>) {
        let mut out: Vec<(u64, Vec<u32>)> = self
            .slots
            .iter()
            .filter(|s| s[0] != 0)
            .map(|s| (s[0], self.run(s)))
            .collect();
        out.sort_unstable_by_key(|r| r.0);
        (self.scale, out)
    }
}

/// What sizes a [`Frozen`] table, counted over its rows' packed entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RowStats {
    /// Rows with a nonzero weight.
    nonempty: usize,
    /// One more than the largest class named.
    classes: usize,
    /// Rows stored dense.
    dense_rows: usize,
    /// Entries of the rows stored as runs.
    run_entries: usize,
}

impl RowStats {
    /// Counts one row.
    #[inline]
    pub(crate) fn add(&mut self, row: impl Iterator<Item = u32>) {
        let mut kept = 0;
        for x in row {
            self.classes = self.classes.max((x >> 24) as usize + 1);
            kept += usize::from(unpack(x) != 0);
        }
        self.nonempty += usize::from(kept > 0);
        if kept >= DENSE_MIN {
            self.dense_rows += 1;
        } else if kept >= 3 {
            self.run_entries += kept;
        }
    }
}

/// Rows as a model file stores them, little-endian, one after another:
/// the feature key (`u64`), the number of entries (`u32`), the packed
/// entries (`u32` each). The bytes must have been checked to hold `left`
/// whole rows ([`StoredRows::new`] does not check).
#[derive(Debug, Clone)]
pub(crate) struct StoredRows<'a> {
    bytes: &'a [u8],
    left: usize,
}

impl<'a> StoredRows<'a> {
    /// `left` rows at the start of `bytes`, already checked to be whole.
    pub(crate) fn new(bytes: &'a [u8], left: usize) -> Self {
        StoredRows { bytes, left }
    }
}

/// A stored row's packed entries.
type StoredEntries<'a> = std::iter::Map<std::slice::ChunksExact<'a, u8>, fn(&[u8]) -> u32>;

fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes(b.try_into().expect("4 bytes"))
}

impl<'a> Iterator for StoredRows<'a> {
    type Item = (u64, StoredEntries<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 || self.bytes.len() < 12 {
            return None;
        }
        self.left -= 1;
        let key = u64::from_le_bytes(self.bytes[..8].try_into().expect("8 bytes"));
        let len = le_u32(&self.bytes[8..12]) as usize;
        let end = (12 + 4 * len).min(self.bytes.len());
        let entries = self.bytes[12..end]
            .chunks_exact(4)
            .map(le_u32 as fn(&[u8]) -> u32);
        self.bytes = &self.bytes[end..];
        Some((key, entries))
    }
}

/// How many features ahead [`Frozen::score`] looks up (and prefetches
/// slots twice as far ahead).
const AHEAD: usize = 8;

/// A zeroed vector of `n` slots, asking the kernel for huge pages where the
/// allocation is large: a lookup lands anywhere in the table, and with 4 KiB
/// pages nearly every one would also miss the TLB.
fn huge_zeroed(n: usize) -> Vec<[u64; 2]> {
    let v = vec![[0u64, 0]; n];
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let (p, len) = (v.as_ptr() as usize, n * 16);
        let start = (p + HUGE - 1) & !(HUGE - 1);
        if len >= 2 * HUGE && start < p + len {
            let end = (p + len) & !(HUGE - 1);
            // SAFETY: advice on whole pages inside this vector's own
            // allocation; it changes how they are backed, never their
            // contents (all zero, untouched yet or not).
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    v
}

/// Rows with at least this many entries are stored dense: adding a dense
/// row of about 100 classes with vector instructions costs less than
/// adding this many scattered entries.
const DENSE_MIN: usize = 16;
// Rows of one or two entries are kept in their slot, so a dense row has more.
const _: () = assert!(DENSE_MIN >= 3);

/// The bit (below the top byte) that marks a run slot as a dense row.
const DENSE: u64 = 1 << 55;

/// The span of `entries` a run slot value points at.
#[inline]
fn run_bounds(v: u64) -> (usize, usize) {
    let start = (v as u32) as usize;
    (start, start + ((v >> 32) & 0x00ff_ffff) as usize)
}

/// The top byte that marks a slot pointing at a run of entries (no entry
/// has class 255).
const RUN: u64 = 0xff << 56;

#[inline]
fn pack(class: u8, q: i32) -> u32 {
    ((class as u32) << 24) | (q as u32 & 0x00ff_ffff)
}

#[inline]
fn unpack(x: u32) -> i32 {
    ((x << 8) as i32) >> 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_rows_drops_whole_features_by_their_sum_and_keeps_the_rest() {
        // feature 5: three small weights (sum 3), 7: one small weight
        // (sum 1), 9: a large and a small one (sum 5)
        let f = Frozen::from_rows(vec![
            (5, vec![(0, 1.0), (1, -1.0), (2, 1.0)]),
            (7, vec![(1, 1.0)]),
            (9, vec![(0, -4.0), (2, 1.0)]),
        ]);
        let p = f.pruned_rows(3.0);
        assert_eq!(p.len(), 2);
        // the kept rows are whole, small weights included, and score as before
        let kept: Vec<_> = f.rows().into_iter().filter(|r| r.0 != 7).collect();
        assert_eq!(p.rows(), kept);
        let (mut s, mut t, mut found) = ([0.0f32; 3], [0.0f32; 3], Vec::new());
        f.score(&[5, 9], &mut s, &mut found);
        p.score(&[5, 9], &mut t, &mut found);
        assert_eq!(s, t);
        p.score(&[7], &mut t, &mut found);
        assert_eq!(t, [0.0; 3]);
        // per weight, the same threshold would cut rows 5 and 9 too
        assert_eq!(f.pruned(3.0).num_weights(), 1);
        assert_eq!(f.pruned_rows(0.0).rows(), f.rows());
    }

    #[test]
    fn updates_average_and_freeze() {
        let mut t = TrainWeights::default();
        let mut s = [0.0f32; 3];
        t.update(&[11, 13], 1, 2);
        t.score(&[11], &mut s);
        assert_eq!(s, [0.0, 1.0, -1.0]);
        t.update(&[13], 2, 1);
        t.score(&[13], &mut s);
        assert_eq!(s, [0.0, 0.0, 0.0]);
        t.update(&[17], 0, 1);
        // Averages over the three steps: feature 11 held +1/-1 for steps
        // 2 and 3, feature 13 for step 2 only, feature 17 for none.
        let f = t.average(0.0);
        let mut found = Vec::new();
        let close = |a: [f32; 3], b: [f32; 3]| a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-5);
        f.score(&[11], &mut s, &mut found);
        assert!(close(s, [0.0, 2.0 / 3.0, -2.0 / 3.0]), "{s:?}");
        f.score(&[13], &mut s, &mut found);
        assert!(close(s, [0.0, 1.0 / 3.0, -1.0 / 3.0]), "{s:?}");
        f.score(&[11, 13], &mut s, &mut found);
        assert!(close(s, [0.0, 1.0, -1.0]), "{s:?}");
        f.score(&[99], &mut s, &mut found);
        assert_eq!(s, [0.0; 3]);
        assert_eq!(f.len(), 2);
        assert_eq!(f.num_weights(), 4);
        let g = Frozen::from_rows(f.rows());
        assert_eq!(g.rows(), f.rows());
        // Pruning drops small averages.
        assert_eq!(t.average(0.5).len(), 1);
        assert_eq!(f.pruned(0.5).len(), 1);
        // A row of one entry is stored in its slot.
        let one = Frozen::from_rows(vec![(5, vec![(2, 1.5)]), (9, vec![(0, -1.0), (1, 1.0)])]);
        assert!(one.entries.is_empty());
        let three = Frozen::from_rows(vec![(5, vec![(2, 1.5), (0, 1.0), (1, 2.0)])]);
        assert_eq!(three.entries.len(), 3);
        three.score(&[5], &mut s, &mut found);
        assert!(close(s, [1.0, 2.0, 1.5]), "{s:?}");
        one.score(&[5, 9], &mut s, &mut found);
        assert!(close(s, [-1.0, 1.0, 1.5]), "{s:?}");
        assert_eq!(Frozen::from_rows(one.rows()), one);
        assert_eq!(pack(3, -5) >> 24, 3);
        assert_eq!(unpack(pack(3, -5)), -5);
    }

    #[test]
    fn global_updates_average_over_ticks_and_warm_starts_keep_weights() {
        let mut t = TrainWeights::default();
        let mut s = [0.0f32; 3];
        // Step 1: +1 for class 1 and -1 for class 2 on feature 11, in two
        // additions at one clock; step 2: nothing; step 3: feature 11
        // class 1 +1 again.
        t.tick();
        t.add(&[11], 1, 1.0);
        t.add(&[11], 2, -1.0);
        t.tick();
        t.tick();
        t.add(&[11], 1, 1.0);
        t.score(&[11], &mut s);
        assert_eq!(s, [0.0, 2.0, -1.0]);
        // A change at a clock holds from the next step: class 1 held 1
        // for steps 2 and 3 (2 from step 4 on), class 2 held -1: the
        // averages over the three steps are 2/3 and -2/3.
        let f = t.average(0.0);
        let mut found = Vec::new();
        f.score(&[11], &mut s, &mut found);
        assert!(
            (s[1] - 2.0 / 3.0).abs() < 1e-4 && (s[2] + 2.0 / 3.0).abs() < 1e-4,
            "{s:?}"
        );
        t.tick();
        let g = t.average(0.0);
        g.score(&[11], &mut s, &mut found);
        assert!(
            (s[1] - 4.0 / 4.0).abs() < 1e-4 && (s[2] + 3.0 / 4.0).abs() < 1e-4,
            "{s:?}"
        );
        // A warm start scores as the model it starts from, and averages
        // back to it when nothing changes.
        let w = TrainWeights::from_frozen(&f);
        f.score(&[11], &mut s, &mut found);
        let mut s2 = [0.0f32; 3];
        w.score(&[11], &mut s2);
        assert!((s2[1] - s[1]).abs() < 1e-4);
        let back = w.average(0.0);
        back.score(&[11], &mut s2, &mut found);
        assert!((s2[1] - s[1]).abs() < 1e-4 && (s2[2] - s[2]).abs() < 1e-4);
        let mut h = KeyHasher::default();
        h.write_u64(77 | (5 << 32));
        assert_eq!(h.finish(), (77 ^ 5) | (5 << 32));
    }

    #[test]
    fn long_rows_are_dense_and_score_as_sparse_ones() {
        // 40 classes; feature 7 has a weight for every third class (14
        // entries, a run), feature 8 for every class but 5 (39, dense).
        let classes = 40;
        let run: Vec<(u8, f32)> = (0..classes)
            .step_by(3)
            .map(|c| (c, c as f32 - 20.0))
            .collect();
        let dense: Vec<(u8, f32)> = (0..classes)
            .filter(|&c| c != 5)
            .map(|c| (c, 0.5 * c as f32 + 1.0))
            .collect();
        assert!(run.len() < DENSE_MIN && dense.len() >= DENSE_MIN);
        let f = Frozen::from_rows(vec![
            (7, run.clone()),
            (8, dense.clone()),
            (9, vec![(39, 2.0)]),
        ]);
        assert_eq!(f.entries.len(), run.len());
        assert_eq!(f.width, 40);
        assert_eq!(f.dense.len(), 40);
        assert_eq!(f.num_weights(), run.len() + dense.len() + 1);
        // Rows read back (for saving) are the sparse rows, in class order.
        let rows = f.rows();
        assert_eq!(rows[1].1.len(), dense.len());
        assert!(rows[1]
            .1
            .iter()
            .zip(&dense)
            .all(|(a, b)| a.0 == b.0 && (a.1 - b.1).abs() < 1e-3));
        assert_eq!(Frozen::from_rows(f.rows()), f);
        let (scale, q) = f.quantized_rows();
        let (mut keys, mut ends, mut flat) = (Vec::new(), Vec::new(), Vec::new());
        for (k, r) in &q {
            flat.extend_from_slice(r);
            keys.push(*k);
            ends.push(flat.len());
        }
        assert_eq!(Frozen::from_flat(scale, &keys, &ends, &flat), f);
        // The same rows as a model file stores them build the same table.
        let mut bytes = Vec::new();
        for (k, r) in &q {
            bytes.extend_from_slice(&k.to_le_bytes());
            bytes.extend_from_slice(&(r.len() as u32).to_le_bytes());
            r.iter()
                .for_each(|x| bytes.extend_from_slice(&x.to_le_bytes()));
        }
        assert_eq!(
            Frozen::from_stored(scale, StoredRows::new(&bytes, q.len())),
            f
        );
        assert_eq!(StoredRows::new(&bytes, q.len()).count(), 3);
        // Counted by the reader, the same table.
        let mut stats = RowStats::default();
        for (_, r) in StoredRows::new(&bytes, q.len()) {
            stats.add(r);
        }
        assert_eq!(stats.nonempty, 3);
        assert_eq!(stats.dense_rows, 1);
        assert_eq!(stats.run_entries, run.len());
        assert_eq!(
            Frozen::from_stored_counted(scale, StoredRows::new(&bytes, q.len()), stats),
            f
        );
        // Scores: the sum of both rows for each class, whatever the layout.
        let mut s = vec![0.0f32; classes as usize];
        let mut found = Vec::new();
        f.score(&[8, 1234, 7, 9, 8], &mut s, &mut found);
        for (c, got) in s.iter().enumerate() {
            let mut want = 0.0;
            for (cc, w) in run.iter().chain(&dense).chain(&dense) {
                if *cc as usize == c {
                    want += w;
                }
            }
            if c == 39 {
                want += 2.0;
            }
            assert!((got - want).abs() < 1e-3, "class {c}: {got} vs {want}");
        }
    }
}
