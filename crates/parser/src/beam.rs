//! Beam search over the arc-hybrid system (Zhang and Clark 2008; Zhang and
//! Nivre 2011): the `width` best-scoring configurations are kept at every
//! step, a configuration's score being the sum of its actions' scores.
//! Every complete parse takes `2n` actions, so the items of a beam always
//! have taken the same number and end together. Training (global, with
//! early or max-violation updates) is in `train.rs`.

use crate::features::{extract, FeatureSet, WordInfo};
use crate::system::{Action, State};
use std::cmp::Ordering;

/// An expansion of a beam item: its score so far, the item it extends,
/// the action's class and (in training) the gold arcs lost so far.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    pub score: f32,
    pub parent: u32,
    pub class: u16,
    pub cost: u32,
}

/// Pushes every valid action of `s` as a candidate: its class score added
/// to `base`, with the cost `cost` gives it (`None`: not an option).
#[allow(clippy::too_many_arguments)]
#[inline]
pub(crate) fn expand(
    s: &State,
    labels: usize,
    root: u8,
    scores: &[f32],
    base: f32,
    parent: u32,
    cost: impl Fn(Action) -> Option<u32>,
    out: &mut Vec<Cand>,
) {
    let mut push = |a: Action| {
        if let Some(k) = cost(a) {
            let class = a.class(labels);
            out.push(Cand {
                score: base + scores[class],
                parent,
                class: class as u16,
                cost: k,
            });
        }
    };
    if s.can_shift() {
        push(Action::Shift);
    }
    if s.can_left() {
        if s.b as usize == s.n {
            push(Action::Left(root));
        } else {
            for k in 0..labels as u8 {
                if k != root {
                    push(Action::Left(k));
                }
            }
        }
    }
    if s.can_right() {
        for k in 0..labels as u8 {
            if k != root {
                push(Action::Right(k));
            }
        }
    }
}

/// Best first; ties go to the earlier item, then the lower class (so a
/// beam of one is the greedy parser).
fn order(a: &Cand, b: &Cand) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then(a.parent.cmp(&b.parent))
        .then(a.class.cmp(&b.class))
}

/// Keeps the best `k` candidates, best first.
pub(crate) fn top_k(c: &mut Vec<Cand>, k: usize) {
    let k = k.max(1);
    if c.len() > k {
        c.select_nth_unstable_by(k - 1, order);
        c.truncate(k);
    }
    c.sort_unstable_by(order);
}

/// Reusable buffers of a beam search.
#[derive(Debug, Default)]
pub(crate) struct Beam {
    items: Vec<State>,
    next: Vec<State>,
    scores: Vec<f32>,
    cands: Vec<Cand>,
    class_scores: Vec<f32>,
    feats: Vec<u64>,
    found: Vec<u64>,
}

impl Beam {
    /// Parses `n` words (`words`) with a beam of `width`, scoring
    /// configurations with `score(features, class scores, scratch)`, and
    /// returns the best complete configuration.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decode(
        &mut self,
        n: usize,
        width: usize,
        words: &[WordInfo],
        features: FeatureSet,
        labels: usize,
        root: u8,
        mut score: impl FnMut(&[u64], &mut [f32], &mut Vec<u64>),
    ) -> &State {
        let width = width.max(1);
        while self.items.len() < width {
            self.items.push(State::new(n));
        }
        while self.next.len() < width {
            self.next.push(State::new(n));
        }
        self.items[0].reset(n);
        self.scores.clear();
        self.scores.push(0.0);
        self.class_scores.resize(1 + 2 * labels, 0.0);
        let mut active = 1;
        // 2n actions make a parse; the bound only guards the loop.
        for _ in 0..2 * n + 1 {
            if self.items[0].is_terminal() {
                break;
            }
            self.cands.clear();
            for i in 0..active {
                let st = &self.items[i];
                extract(st, words, features, &mut self.feats);
                score(&self.feats, &mut self.class_scores, &mut self.found);
                expand(
                    st,
                    labels,
                    root,
                    &self.class_scores,
                    self.scores[i],
                    i as u32,
                    |_| Some(0),
                    &mut self.cands,
                );
            }
            if self.cands.is_empty() {
                break;
            }
            top_k(&mut self.cands, width);
            for (j, c) in self.cands.iter().enumerate() {
                self.next[j].copy_from(&self.items[c.parent as usize]);
                self.next[j].apply(Action::from_class(c.class as usize, labels));
            }
            active = self.cands.len();
            self.scores.clear();
            self.scores.extend(self.cands.iter().map(|c| c.score));
            std::mem::swap(&mut self.items, &mut self.next);
        }
        &self.items[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_keeps_the_best_in_order() {
        let c = |score, parent, class| Cand {
            score,
            parent,
            class,
            cost: 0,
        };
        let mut v = vec![
            c(1.0, 0, 3),
            c(5.0, 1, 2),
            c(5.0, 0, 7),
            c(-2.0, 0, 1),
            c(3.0, 2, 0),
        ];
        top_k(&mut v, 3);
        let got: Vec<(f32, u32, u16)> = v.iter().map(|c| (c.score, c.parent, c.class)).collect();
        assert_eq!(got, vec![(5.0, 0, 7), (5.0, 1, 2), (3.0, 2, 0)]);
        top_k(&mut v, 10);
        assert_eq!(v.len(), 3);
    }

    #[test]
    fn expansions_are_the_valid_actions() {
        // 3 labels, root = 0. At the start only Shift is valid.
        let mut s = State::new(2);
        let mut out = Vec::new();
        let scores = [0.5f32; 7];
        expand(&s, 3, 0, &scores, 1.0, 0, |_| Some(0), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].class, 0);
        assert_eq!(out[0].score, 1.5);
        // One word on the stack, b0 a word: Shift and Left with the two
        // labels that are not root.
        s.apply(Action::Shift);
        out.clear();
        expand(&s, 3, 0, &scores, 0.0, 0, |_| Some(0), &mut out);
        let classes: Vec<u16> = out.iter().map(|c| c.class).collect();
        assert_eq!(classes, vec![0, 2, 3]);
        for c in &out {
            assert!(s.is_valid(Action::from_class(c.class as usize, 3), 0));
        }
        // A cost of None leaves the action out.
        out.clear();
        expand(
            &s,
            3,
            0,
            &scores,
            0.0,
            0,
            |a| (a != Action::Shift).then_some(1),
            &mut out,
        );
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|c| c.cost == 1));
    }

    /// Scores that depend on the configuration (through its features).
    fn fake_scores(feats: &[u64], s: &mut [f32]) {
        let h = feats.iter().fold(0u64, |h, &f| {
            h.rotate_left(5) ^ f.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        });
        for (c, x) in s.iter_mut().enumerate() {
            let k = (h ^ c as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            *x = ((k >> 44) % 64) as f32;
        }
    }

    #[test]
    fn a_beam_of_one_is_the_greedy_parser() {
        let (labels, root) = (4usize, 2u8);
        for n in 1..12usize {
            let words: Vec<WordInfo> = (0..n)
                .map(|i| WordInfo {
                    w: 17 * i as u64 + 3,
                    p: (i % 3) as u64 + 1,
                    ..WordInfo::default()
                })
                .collect();
            let mut beam = Beam::default();
            let got = beam
                .decode(n, 1, &words, FeatureSet::V1, labels, root, |f, s, _| {
                    fake_scores(f, s)
                })
                .clone();
            // The greedy loop: the first best-scoring valid class.
            let mut s = State::new(n);
            let mut feats = Vec::new();
            let mut scores = vec![0.0f32; 1 + 2 * labels];
            while !s.is_terminal() {
                extract(&s, &words, FeatureSet::V1, &mut feats);
                fake_scores(&feats, &mut scores);
                let mut best = (f32::NEG_INFINITY, Action::Shift);
                for (c, &x) in scores.iter().enumerate() {
                    let a = Action::from_class(c, labels);
                    if s.is_valid(a, root) && x > best.0 {
                        best = (x, a);
                    }
                }
                s.apply(best.1);
            }
            assert_eq!(got.heads, s.heads, "n {n}");
            assert_eq!(got.labels, s.labels, "n {n}");
        }
    }

    #[test]
    fn every_beam_parse_is_a_tree() {
        // Pseudo-random scores: whatever they are, each width ends in a
        // complete tree with one root.
        for n in 1..9usize {
            for width in [1, 2, 4, 8] {
                let words = vec![WordInfo::default(); n];
                let mut beam = Beam::default();
                let mut k = n as u64 * 31 + width as u64;
                let st = beam.decode(n, width, &words, FeatureSet::V1, 3, 0, |_, s, _| {
                    for x in s.iter_mut() {
                        k = k
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        *x = (k >> 40) as f32 / 1e6;
                    }
                });
                assert!(st.is_terminal(), "n {n} width {width}");
                let roots = (0..n).filter(|&i| st.heads[i] == n as u32).count();
                assert_eq!(roots, 1);
                assert!((0..n).all(|i| st.heads[i] != crate::system::NONE));
            }
        }
    }
}
