//! Perceptron weights: a sparse, averaged table for training and a frozen
//! open-addressing table for parsing, each feature's row holding only the
//! classes it has a weight for.

use std::collections::HashMap;

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
    rows: HashMap<u64, Vec<Entry>>,
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
        let now = self.clock;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(good as u8, 1.0f32), (bad as u8, -1.0)] {
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
/// quantized to 24 bits. A lookup touches one slot
/// and at most one short run; slots and runs are prefetched a whole
/// configuration ahead. The table is at most 60% full.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Frozen {
    slots: Vec<[u64; 2]>,
    entries: Vec<u32>,
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
        let rows: Vec<(u64, Vec<u32>)> = rows
            .into_iter()
            .map(|(k, r)| {
                (
                    k,
                    r.into_iter()
                        .filter(|&x| unpack(x) != 0)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        let cap = (rows.len() * 5 / 3 + 1).next_power_of_two().max(16);
        let mut f = Frozen {
            slots: vec![[0, 0]; cap],
            entries: Vec::new(),
            mask: cap - 1,
            len: rows.len(),
            scale,
        };
        for (k, row) in rows {
            let v = match row[..] {
                // A lone entry is paired with a zero weight for class 0.
                [one] => one as u64,
                [a, b] => ((b as u64) << 32) | a as u64,
                _ => {
                    let start = f.entries.len() as u64;
                    f.entries.extend_from_slice(&row);
                    RUN | ((row.len() as u64) << 32) | start
                }
            };
            let mut i = (k as usize) & f.mask;
            while f.slots[i][0] != 0 {
                i = (i + 1) & f.mask;
            }
            f.slots[i] = [k, v];
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
        if s[1] & RUN == RUN {
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
    /// per class; at most 256). `runs` is scratch space.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32], runs: &mut Vec<(u32, u32)>) {
        let mut acc = [0i32; 256];
        let k = scores.len().min(256);
        if self.slots.is_empty() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            return;
        }
        for &f in feats {
            prefetch(&self.slots[(f as usize) & self.mask]);
        }
        runs.clear();
        for &f in feats {
            if let Some(s) = self.find(f) {
                let v = s[1];
                if v & RUN != RUN {
                    let (a, b) = (v as u32, (v >> 32) as u32);
                    acc[(a >> 24) as usize] += unpack(a);
                    acc[(b >> 24) as usize] += unpack(b);
                } else {
                    let start = v as u32;
                    prefetch(self.entries.as_ptr().wrapping_add(start as usize));
                    runs.push((start, start + ((v >> 32) & 0x00ff_ffff) as u32));
                }
            }
        }
        for &(s, e) in runs.iter() {
            for &x in &self.entries[s as usize..e as usize] {
                acc[(x >> 24) as usize] += unpack(x);
            }
        }
        for (s, a) in scores.iter_mut().zip(&acc[..k]) {
            *s = *a as f32 * self.scale;
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

    /// The table from [`Frozen::quantized_rows`].
    pub(crate) fn from_quantized_rows(scale: f32, rows: Vec<(u64, Vec<u32>)>) -> Frozen {
        Frozen::from_quantized(rows, scale)
    }
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
        let mut runs = Vec::new();
        let close = |a: [f32; 3], b: [f32; 3]| a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-5);
        f.score(&[11], &mut s, &mut runs);
        assert!(close(s, [0.0, 2.0 / 3.0, -2.0 / 3.0]), "{s:?}");
        f.score(&[13], &mut s, &mut runs);
        assert!(close(s, [0.0, 1.0 / 3.0, -1.0 / 3.0]), "{s:?}");
        f.score(&[11, 13], &mut s, &mut runs);
        assert!(close(s, [0.0, 1.0, -1.0]), "{s:?}");
        f.score(&[99], &mut s, &mut runs);
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
        three.score(&[5], &mut s, &mut runs);
        assert!(close(s, [1.0, 2.0, 1.5]), "{s:?}");
        one.score(&[5, 9], &mut s, &mut runs);
        assert!(close(s, [-1.0, 1.0, 1.5]), "{s:?}");
        assert_eq!(Frozen::from_rows(one.rows()), one);
        assert_eq!(pack(3, -5) >> 24, 3);
        assert_eq!(unpack(pack(3, -5)), -5);
    }
}
