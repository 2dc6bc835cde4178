//! Brown clustering with Liang's (2005) window of `C` active clusters.
//!
//! Notation follows Liang's thesis: `p1[x]` is the unigram probability of the
//! cluster in slot `x`, `p2[x][y]` the probability of the bigram (x, y),
//! `q2[x][y] = p2 log(p2 / (p1[x] p1[y]))` its term in the average mutual
//! information (AMI), and `L(x, y)` the AMI lost by merging x and y.
//!
//! `L(u, v)` is a sum over the other active clusters `d` of
//! [`Brown::contribution`] plus [`Brown::self_term`]. Adding a word or merging
//! two clusters changes it only through the terms of the clusters involved,
//! and a cluster `b` with few neighbours (a rare word) touches few of them:
//! pairs with no neighbour of `b` keep their loss exactly, and the new rows
//! are derived from the old ones plus the few neighbour terms, so a step
//! costs `O(C²)` cheap updates and `O(C·|N(b)|)` logarithms.

use crate::corpus::Corpus;
use indicatif::ProgressBar;

const NONE: u32 = u32::MAX;

/// `p log(p / (a b))`, 0 for `p = 0`.
#[inline]
fn qf(p: f64, a: f64, b: f64) -> f64 {
    if p > 0.0 {
        p * (p / (a * b)).ln()
    } else {
        0.0
    }
}

/// The state of the clustering: dense `slots × slots` tables, each kept
/// with its transpose so that the inner loops read rows only.
pub(crate) struct Brown<'a> {
    corpus: &'a Corpus,
    /// Stride of the tables (maximum number of active slots).
    s: usize,
    p1: Vec<f64>,
    /// `p2[x * s + y]`.
    p2: Vec<f64>,
    /// `p2t[y * s + x] = p2[x * s + y]`.
    p2t: Vec<f64>,
    q2: Vec<f64>,
    q2t: Vec<f64>,
    /// `L`, symmetric.
    l2: Vec<f64>,
    /// `r[x]`: sum over active `d` of `p2[x][d] + p2[d][x]` (d = x counted twice).
    r: Vec<f64>,
    /// Active slots, ascending.
    active: Vec<usize>,
    free: Vec<usize>,
    mark: Vec<bool>,
    slot_words: Vec<Vec<u32>>,
    /// The most frequent word (smallest id) of the cluster in each slot.
    slot_min: Vec<u32>,
    /// The tree node of each slot's cluster (final phase).
    slot_node: Vec<u32>,
    word_slot: Vec<u32>,
    inv_uni: f64,
    inv_bi: f64,
    /// Binary tree built by the final merges: children of internal nodes,
    /// indexed from `leaves`.
    pub(crate) nodes: Vec<[u32; 2]>,
    /// Leaf clusters (words of each), in the order of their most frequent word.
    pub(crate) leaves: Vec<Vec<u32>>,
    acc: Vec<f64>,
    acc2: Vec<f64>,
    acc3: Vec<f64>,
    /// Merges whose new row was derived incrementally (for tests).
    #[cfg(test)]
    incremental_merges: usize,
}

/// What an incremental merge computed before the statistics changed: the
/// old unigram of the kept cluster and, per other cluster, the rest of its
/// old loss (`y`) and the sums its rescaling reads (`sa`, `su`).
struct Rescale<'a> {
    pa_old: f64,
    y: &'a [f64],
    sa: &'a [f64],
    su: &'a [f64],
}

impl<'a> Brown<'a> {
    /// An empty state for at most `c + 1` active clusters.
    pub(crate) fn new(corpus: &'a Corpus, c: usize) -> Self {
        let s = c + 1;
        Brown {
            corpus,
            s,
            p1: vec![0.0; s],
            p2: vec![0.0; s * s],
            p2t: vec![0.0; s * s],
            q2: vec![0.0; s * s],
            q2t: vec![0.0; s * s],
            l2: vec![0.0; s * s],
            r: vec![0.0; s],
            active: Vec::with_capacity(s),
            free: (0..s).rev().collect(),
            mark: vec![false; s],
            slot_words: vec![Vec::new(); s],
            slot_min: vec![NONE; s],
            slot_node: vec![NONE; s],
            word_slot: vec![NONE; corpus.words().len()],
            inv_uni: 1.0 / corpus.tokens().max(1) as f64,
            inv_bi: 1.0 / corpus.bigrams().max(1) as f64,
            nodes: Vec::new(),
            leaves: Vec::new(),
            acc: Vec::new(),
            acc2: Vec::new(),
            acc3: Vec::new(),
            #[cfg(test)]
            incremental_merges: 0,
        }
    }

    /// Runs the whole algorithm: words in frequency order into a window of
    /// `c` clusters, then the final merges into one tree.
    pub(crate) fn run(&mut self, progress: &ProgressBar) {
        let n = self.corpus.words().len() as u32;
        let c = self.s - 1;
        for w in 0..n {
            self.add_word(w);
            if self.active.len() > c {
                let (a, b) = self.best_pair();
                self.merge(a, b);
            }
            progress.inc(1);
        }
        self.start_tree();
        while self.active.len() > 1 {
            let (a, b) = self.best_pair();
            self.merge(a, b);
            progress.inc(1);
        }
    }

    /// What the terms with cluster `d` add to `L(u, v)`; reads row `d` only.
    #[inline]
    fn contribution(&self, d: usize, u: usize, v: usize) -> f64 {
        let o = d * self.s;
        let puv = self.p1[u] + self.p1[v];
        let pd = self.p1[d];
        self.q2t[o + u] + self.q2[o + u] + self.q2t[o + v] + self.q2[o + v]
            - qf(self.p2t[o + u] + self.p2t[o + v], puv, pd)
            - qf(self.p2[o + u] + self.p2[o + v], pd, puv)
    }

    /// The terms of `L(u, v)` among `u` and `v` themselves.
    #[inline]
    fn self_term(&self, u: usize, v: usize) -> f64 {
        let s = self.s;
        let (p2, q2) = (&self.p2, &self.q2);
        let puv = self.p1[u] + self.p1[v];
        q2[u * s + u] + q2[u * s + v] + self.q2t[u * s + v] + q2[v * s + v]
            - qf(
                p2[u * s + u] + p2[u * s + v] + self.p2t[u * s + v] + p2[v * s + v],
                puv,
                puv,
            )
    }

    /// `L(u, v)` from scratch (`O(C)`).
    #[cfg(test)]
    fn full_loss(&self, u: usize, v: usize) -> f64 {
        let mut l = self.self_term(u, v);
        for &d in &self.active {
            if d != u && d != v {
                l += self.contribution(d, u, v);
            }
        }
        l
    }

    /// Adds `x` to `L(u, v)` and `L(v, u)`.
    #[inline]
    fn add_loss(&mut self, u: usize, v: usize, x: f64) {
        self.l2[u * self.s + v] += x;
        self.l2[v * self.s + u] += x;
    }

    /// Sets `L(u, v)` and `L(v, u)`.
    #[inline]
    fn set_loss(&mut self, u: usize, v: usize, x: f64) {
        self.l2[u * self.s + v] = x;
        self.l2[v * self.s + u] = x;
    }

    /// The active pair that loses least AMI (first in slot order on ties).
    pub(crate) fn best_pair(&self) -> (usize, usize) {
        let mut best = (f64::INFINITY, 0, 0);
        for (i, &u) in self.active.iter().enumerate() {
            let row = &self.l2[u * self.s..(u + 1) * self.s];
            for &v in &self.active[i + 1..] {
                if row[v] < best.0 {
                    best = (row[v], u, v);
                }
            }
        }
        (best.1, best.2)
    }

    /// Slots other than `x` and `y` whose cluster has a bigram with `x`.
    fn neighbours(&self, x: usize, y: usize) -> Vec<usize> {
        let o = x * self.s;
        self.active
            .iter()
            .copied()
            .filter(|&d| d != x && d != y && (self.p2[o + d] > 0.0 || self.p2t[o + d] > 0.0))
            .collect()
    }

    /// Copies row `x` of `p2`/`q2` into the transposes' column `x` and back,
    /// for the active slots (and `x` itself).
    fn mirror(&mut self, x: usize, slots: &[usize]) {
        let s = self.s;
        for &t in slots {
            self.p2t[t * s + x] = self.p2[x * s + t];
            self.p2[t * s + x] = self.p2t[x * s + t];
            self.q2t[t * s + x] = self.q2[x * s + t];
            self.q2[t * s + x] = self.q2t[x * s + t];
        }
    }

    /// Puts word `w` (all smaller ids already in) into a new cluster.
    pub(crate) fn add_word(&mut self, w: u32) {
        let k = self.free.pop().expect("a free slot");
        let s = self.s;
        let o = k * s;
        for t in [&mut self.p2, &mut self.p2t, &mut self.q2, &mut self.q2t] {
            t[o..o + s].fill(0.0);
        }
        self.p1[k] = self.corpus.counts()[w as usize] as f64 * self.inv_uni;
        for &(y, c) in self.corpus.right(w) {
            if y <= w {
                let t = if y == w {
                    k
                } else {
                    self.word_slot[y as usize] as usize
                };
                self.p2[o + t] += c as f64 * self.inv_bi;
            }
        }
        for &(x, c) in self.corpus.left(w) {
            if x < w {
                let t = self.word_slot[x as usize] as usize;
                self.p2t[o + t] += c as f64 * self.inv_bi;
            }
        }
        self.p2t[o + k] = self.p2[o + k];
        self.word_slot[w as usize] = k as u32;
        self.slot_words[k] = vec![w];
        self.slot_min[k] = w;
        let nk = self.neighbours(k, k);
        let pk = self.p1[k];
        for &t in &nk {
            self.q2[o + t] = qf(self.p2[o + t], pk, self.p1[t]);
            self.q2t[o + t] = qf(self.p2t[o + t], self.p1[t], pk);
            self.r[t] += self.p2[o + t] + self.p2t[o + t];
        }
        let kk = qf(self.p2[o + k], pk, pk);
        self.q2[o + k] = kk;
        self.q2t[o + k] = kk;
        let active = std::mem::take(&mut self.active);
        self.mirror(k, &active);
        self.r[k] = 2.0 * self.p2[o + k]
            + nk.iter()
                .map(|&t| self.p2[o + t] + self.p2t[o + t])
                .sum::<f64>();
        // Existing pairs gain the terms with k; zero unless one is a neighbour.
        for &u in &nk {
            self.mark[u] = true;
        }
        for &u in &nk {
            for &v in &active {
                if v == u || (self.mark[v] && v < u) {
                    continue;
                }
                let x = self.contribution(k, u, v);
                self.add_loss(u, v, x);
            }
        }
        for &u in &nk {
            self.mark[u] = false;
        }
        // The new row: terms with clusters that are not k's neighbours only
        // rescale u's own terms by the larger unigram of k ∪ u.
        let (mut excl, mut exact) = (
            std::mem::take(&mut self.acc),
            std::mem::take(&mut self.acc2),
        );
        excl.clear();
        exact.clear();
        for &u in &active {
            excl.push(2.0 * self.p2[u * s + u] + self.p2[o + u] + self.p2t[o + u]);
            exact.push(0.0);
        }
        for &d in &nk {
            let od = d * s;
            for (j, &u) in active.iter().enumerate() {
                if u != d {
                    excl[j] += self.p2[od + u] + self.p2t[od + u];
                    exact[j] += self.contribution(d, k, u);
                }
            }
        }
        for (j, &u) in active.iter().enumerate() {
            let pu = self.p1[u];
            let lr = ((pk + pu) / pu).ln();
            let l = self.self_term(k, u) + lr * (self.r[u] - excl[j]) + exact[j];
            self.set_loss(k, u, l);
        }
        self.acc = excl;
        self.acc2 = exact;
        self.active = active;
        let pos = self.active.partition_point(|&x| x < k);
        self.active.insert(pos, k);
    }

    /// Merges the clusters in slots `x` and `y`.
    pub(crate) fn merge(&mut self, x: usize, y: usize) {
        // `b` is the one with fewer neighbours; the merged cluster stays in `a`.
        let (nx, ny) = (self.neighbours(x, y), self.neighbours(y, x));
        let (a, b, nb) = if ny.len() <= nx.len() {
            (x, y, ny)
        } else {
            (y, x, nx)
        };
        let others: Vec<usize> = self
            .active
            .iter()
            .copied()
            .filter(|&d| d != a && d != b)
            .collect();
        for &u in &nb {
            self.mark[u] = true;
        }
        // Pairs with a neighbour of b lose their terms with a and b (the
        // others keep their loss exactly: b adds nothing to their terms).
        self.each_neighbour_pair(&nb, &others, |me, u, v| {
            let x = me.contribution(a, u, v) + me.contribution(b, u, v);
            me.add_loss(u, v, -x);
        });
        let incremental = 2 * nb.len() < others.len();
        #[cfg(test)]
        {
            self.incremental_merges += incremental as usize;
        }
        let pa_old = self.p1[a];
        let (mut y, mut sa, mut su) = (
            std::mem::take(&mut self.acc),
            std::mem::take(&mut self.acc2),
            std::mem::take(&mut self.acc3),
        );
        y.clear();
        sa.clear();
        su.clear();
        if incremental {
            self.incremental_parts(a, b, &nb, &others, (&mut y, &mut sa, &mut su));
        }
        self.merge_statistics(a, b, &others);
        // The same pairs gain their terms with the merged cluster.
        self.each_neighbour_pair(&nb, &others, |me, u, v| {
            let x = me.contribution(a, u, v);
            me.add_loss(u, v, x);
        });
        for &u in &nb {
            self.mark[u] = false;
        }
        let parts = incremental.then_some(Rescale {
            pa_old,
            y: &y,
            sa: &sa,
            su: &su,
        });
        self.merged_row(a, &nb, &others, parts);
        self.acc = y;
        self.acc2 = sa;
        self.acc3 = su;
        self.merge_members(a, b);
    }

    /// Calls `f` once for each pair of a marked neighbour `u` of the
    /// cluster merged away and another active cluster `v` (a pair of two
    /// neighbours once).
    fn each_neighbour_pair(
        &mut self,
        nb: &[usize],
        others: &[usize],
        mut f: impl FnMut(&mut Self, usize, usize),
    ) {
        for &u in nb {
            for &v in others {
                if v == u || (self.mark[v] && v < u) {
                    continue;
                }
                f(self, u, v);
            }
        }
    }

    /// The parts of L(a ∪ b, u) for each of `others` an incremental merge
    /// computes before the statistics change: `y`, the rest of L(a, u), and
    /// the sums `sa`, `su` its rescaling reads.
    fn incremental_parts(
        &self,
        a: usize,
        b: usize,
        nb: &[usize],
        others: &[usize],
        (y, sa, su): (&mut Vec<f64>, &mut Vec<f64>, &mut Vec<f64>),
    ) {
        let s = self.s;
        let (oa, ob) = (a * s, b * s);
        // L(a ∪ b, u) from L(a, u): the terms with clusters that are not
        // b's neighbours only rescale with the unigrams of a and a ∪ u.
        let ab = self.p2[oa + b] + self.p2t[oa + b];
        for &u in others {
            y.push(self.l2[oa + u] - self.self_term(a, u) - self.contribution(b, a, u));
            sa.push(self.r[a] - 2.0 * self.p2[oa + a] - ab - (self.p2[oa + u] + self.p2t[oa + u]));
            su.push(
                self.r[u]
                    - 2.0 * self.p2[u * s + u]
                    - (self.p2[oa + u] + self.p2t[oa + u])
                    - (self.p2[ob + u] + self.p2t[ob + u]),
            );
        }
        for &d in nb {
            let od = d * s;
            let pad = self.p2[oa + d] + self.p2t[oa + d];
            for (j, &u) in others.iter().enumerate() {
                if u != d {
                    y[j] -= self.contribution(d, a, u);
                    sa[j] -= pad;
                    su[j] -= self.p2[od + u] + self.p2t[od + u];
                }
            }
        }
    }

    /// Merges b's statistics (unigram, bigrams both ways, their q terms and
    /// row sum) into slot a, and frees slot b.
    fn merge_statistics(&mut self, a: usize, b: usize, others: &[usize]) {
        let s = self.s;
        let (oa, ob) = (a * s, b * s);
        let aa = self.p2[oa + a] + self.p2[oa + b] + self.p2t[oa + b] + self.p2[ob + b];
        self.p1[a] += self.p1[b];
        let pa = self.p1[a];
        let mut ra = 2.0 * aa;
        for &t in others {
            self.p2[oa + t] += self.p2[ob + t];
            self.p2t[oa + t] += self.p2t[ob + t];
            let pt = self.p1[t];
            self.q2[oa + t] = qf(self.p2[oa + t], pa, pt);
            self.q2t[oa + t] = qf(self.p2t[oa + t], pt, pa);
            ra += self.p2[oa + t] + self.p2t[oa + t];
        }
        self.p2[oa + a] = aa;
        self.p2t[oa + a] = aa;
        let qaa = qf(aa, pa, pa);
        self.q2[oa + a] = qaa;
        self.q2t[oa + a] = qaa;
        self.mirror(a, others);
        self.r[a] = ra;
        let pos = self.active.binary_search(&b).expect("b is active");
        self.active.remove(pos);
        self.free.push(b);
    }

    /// The merged cluster's row of losses; `incremental`: the old unigram of
    /// a and the parts [`Self::incremental_parts`] computed.
    fn merged_row(
        &mut self,
        a: usize,
        nb: &[usize],
        others: &[usize],
        incremental: Option<Rescale>,
    ) {
        let pa = self.p1[a];
        let mut acc: Vec<f64> = others.iter().map(|&u| self.self_term(a, u)).collect();
        if let Some(Rescale { pa_old, y, sa, su }) = incremental {
            let la = (pa / pa_old).ln();
            for (j, &u) in others.iter().enumerate() {
                let pu = self.p1[u];
                let lau = ((pa + pu) / (pa_old + pu)).ln();
                acc[j] += y[j] - la * sa[j] + lau * (sa[j] + su[j]);
            }
        }
        let ds: &[usize] = if incremental.is_some() { nb } else { others };
        for &d in ds {
            for (j, &u) in others.iter().enumerate() {
                if u != d {
                    acc[j] += self.contribution(d, a, u);
                }
            }
        }
        for (j, &u) in others.iter().enumerate() {
            self.set_loss(a, u, acc[j]);
        }
    }

    /// Moves b's words to a, and in the final phase joins their tree nodes.
    fn merge_members(&mut self, a: usize, b: usize) {
        let moved = std::mem::take(&mut self.slot_words[b]);
        for &w in &moved {
            self.word_slot[w as usize] = a as u32;
        }
        self.slot_words[a].extend(moved);
        if self.slot_node[a] != NONE {
            let (na, nb_) = (self.slot_node[a], self.slot_node[b]);
            let children = if self.slot_min[a] < self.slot_min[b] {
                [na, nb_]
            } else {
                [nb_, na]
            };
            self.slot_node[a] = (self.leaves.len() + self.nodes.len()) as u32;
            self.nodes.push(children);
        }
        self.slot_node[b] = NONE;
        self.slot_min[a] = self.slot_min[a].min(self.slot_min[b]);
    }

    /// Makes every active cluster a leaf of the tree the final merges build.
    fn start_tree(&mut self) {
        let mut slots = self.active.clone();
        slots.sort_by_key(|&x| self.slot_min[x]);
        for (i, &x) in slots.iter().enumerate() {
            self.slot_node[x] = i as u32;
            self.leaves.push(self.slot_words[x].clone());
        }
    }

    /// The AMI of the active clusters, from scratch.
    #[cfg(test)]
    fn ami(&self) -> f64 {
        let s = self.s;
        let mut t = 0.0;
        for &x in &self.active {
            for &y in &self.active {
                t += qf(self.p2[x * s + y], self.p1[x], self.p1[y]);
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    /// A pseudo-random corpus with a Zipf-like vocabulary and some structure.
    fn random_text(lines: usize, seed: u64) -> String {
        let mut x = seed;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut out = String::new();
        for _ in 0..lines {
            let len = 3 + next() % 8;
            let mut prev = 0u64;
            for _ in 0..len {
                let r = next() % 1000;
                // Skewed choice, partly depending on the previous word.
                let w = ((r * r) / 25_000 + prev * 3) % 40;
                prev = w;
                out.push_str(&format!("w{w} "));
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn incremental_losses_match_recomputation_and_ami() {
        let mut text = random_text(400, 7);
        // Rare words with few neighbours.
        for i in 0..60 {
            text.push_str(&format!(
                "rare{} w{} .\nw{} rare{}\n",
                i % 30,
                i % 7,
                i % 5,
                i % 30
            ));
        }
        let opts = Options {
            min_count: 1,
            ..Options::default()
        };
        let corpus = Corpus::from_lines(
            text.lines().map(|l| Ok(l.to_string())),
            &opts,
            &ProgressBar::hidden(),
        )
        .unwrap();
        let n = corpus.words().len() as u32;
        assert!(n > 20);
        for c in [3usize, 6, 15] {
            let mut b = Brown::new(&corpus, c);
            let check = |b: &Brown| {
                for (i, &u) in b.active.iter().enumerate() {
                    for &v in &b.active[i + 1..] {
                        let got = b.l2[u * b.s + v];
                        assert_eq!(got, b.l2[v * b.s + u]);
                        let want = b.full_loss(u, v);
                        assert!(
                            (got - want).abs() < 1e-12,
                            "L({u},{v}) = {got}, want {want}"
                        );
                    }
                }
            };
            let merge_checked = |b: &mut Brown| {
                let (x, y) = b.best_pair();
                let (before, l) = (b.ami(), b.l2[x * b.s + y]);
                b.merge(x, y);
                assert!((before - b.ami() - l).abs() < 1e-12);
                check(b);
            };
            for w in 0..n {
                b.add_word(w);
                check(&b);
                if b.active.len() > c {
                    merge_checked(&mut b);
                }
            }
            b.start_tree();
            while b.active.len() > 1 {
                merge_checked(&mut b);
            }
            assert_eq!(b.nodes.len(), c - 1);
            if c == 15 {
                assert!(b.incremental_merges > 10, "{}", b.incremental_merges);
            }
            assert_eq!(b.leaves.iter().map(Vec::len).sum::<usize>(), n as usize);
        }
    }
}
