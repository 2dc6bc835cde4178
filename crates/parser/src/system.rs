//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
//! 2011) with the root at the end of the buffer (Ballesteros and Nivre
//! 2013), and its dynamic oracle (Goldberg and Nivre 2013).
//!
//! Words are `0..n`; the root is `n` and sits after the last word in the
//! buffer. `Shift` pushes the front of the buffer `b0`; `Left(l)` makes
//! `b0` the head of the stack top `s0` and pops it; `Right(l)` makes `s1`
//! the head of `s0` and pops it. The root takes its one dependent with
//! `Left(root)` once the stack holds a single word, so every terminal
//! configuration is a tree with exactly one root and no cycle.

/// No head (yet).
pub const NONE: u32 = u32::MAX;

/// A transition; labels are indices into the model's label list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Push `b0`.
    Shift,
    /// `b0` → `s0` with a label; pop `s0`.
    Left(u8),
    /// `s1` → `s0` with a label; pop `s0`.
    Right(u8),
}

impl Action {
    /// The class index among `1 + 2 * labels` classes.
    pub fn class(self, labels: usize) -> usize {
        match self {
            Action::Shift => 0,
            Action::Left(l) => 1 + l as usize,
            Action::Right(l) => 1 + labels + l as usize,
        }
    }

    /// The action of a class index.
    pub fn from_class(c: usize, labels: usize) -> Action {
        if c == 0 {
            Action::Shift
        } else if c <= labels {
            Action::Left((c - 1) as u8)
        } else {
            Action::Right((c - 1 - labels) as u8)
        }
    }
}

/// A parser configuration with the arcs built so far and what features
/// need to know about them.
#[derive(Debug, Clone)]
pub struct State {
    /// Number of words.
    pub n: usize,
    /// The stack, top last.
    pub stack: Vec<u32>,
    /// Front of the buffer (`n` = the root).
    pub b: u32,
    /// Head of each word (`NONE` until attached; `n` for the root).
    pub heads: Vec<u32>,
    /// Label of each attached word.
    pub labels: Vec<u8>,
    /// Leftmost and second-leftmost left dependents (`NONE` if none).
    pub lc: Vec<[u32; 2]>,
    /// Rightmost and second-rightmost right dependents.
    pub rc: Vec<[u32; 2]>,
    /// Number of left and right dependents.
    pub valency: Vec<[u8; 2]>,
    /// Bit sets of the labels of left and right dependents (labels ≥ 64 share bit 63).
    pub label_sets: Vec<[u64; 2]>,
}

impl State {
    /// The initial configuration for `n` words.
    pub fn new(n: usize) -> State {
        let mut s = State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: Vec::new(),
            labels: Vec::new(),
            lc: Vec::new(),
            rc: Vec::new(),
            valency: Vec::new(),
            label_sets: Vec::new(),
        };
        s.reset(n);
        s
    }

    /// Reuses the buffers for a new sentence of `n` words.
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b = 0;
        let m = n + 1;
        self.heads.clear();
        self.heads.resize(m, NONE);
        self.labels.clear();
        self.labels.resize(m, 0);
        self.lc.clear();
        self.lc.resize(m, [NONE; 2]);
        self.rc.clear();
        self.rc.resize(m, [NONE; 2]);
        self.valency.clear();
        self.valency.resize(m, [0; 2]);
        self.label_sets.clear();
        self.label_sets.resize(m, [0; 2]);
    }

    /// Makes this state a copy of `o`, reusing its buffers (a beam copies
    /// states at every step).
    pub fn copy_from(&mut self, o: &State) {
        self.n = o.n;
        self.b = o.b;
        self.stack.clone_from(&o.stack);
        self.heads.clone_from(&o.heads);
        self.labels.clone_from(&o.labels);
        self.lc.clone_from(&o.lc);
        self.rc.clone_from(&o.rc);
        self.valency.clone_from(&o.valency);
        self.label_sets.clone_from(&o.label_sets);
    }

    /// The root's index.
    pub fn root(&self) -> u32 {
        self.n as u32
    }

    /// Whether the parse is complete.
    pub fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.b as usize == self.n
    }

    /// The `i`-th stack item from the top, if any.
    #[inline]
    pub fn s(&self, i: usize) -> u32 {
        let k = self.stack.len();
        if i < k {
            self.stack[k - 1 - i]
        } else {
            NONE
        }
    }

    /// The `i`-th buffer item (the root counts as the last), if any.
    #[inline]
    pub fn buf(&self, i: usize) -> u32 {
        let j = self.b as usize + i;
        if j <= self.n {
            j as u32
        } else {
            NONE
        }
    }

    /// Whether `Shift` is allowed.
    pub fn can_shift(&self) -> bool {
        (self.b as usize) < self.n
    }

    /// Whether `Left` is allowed (with the root label only onto the root).
    pub fn can_left(&self) -> bool {
        !self.stack.is_empty() && (self.b as usize != self.n || self.stack.len() == 1)
    }

    /// Whether `Right` is allowed.
    pub fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    /// Whether an action is allowed; `root` is the root label.
    pub fn is_valid(&self, a: Action, root: u8) -> bool {
        match a {
            Action::Shift => self.can_shift(),
            Action::Left(l) => self.can_left() && ((self.b as usize == self.n) == (l == root)),
            Action::Right(l) => self.can_right() && l != root,
        }
    }

    fn attach(&mut self, head: u32, dep: u32, label: u8) {
        let (h, d) = (head as usize, dep as usize);
        self.heads[d] = head;
        self.labels[d] = label;
        let side = usize::from(dep > head);
        let bit = 1u64 << (label.min(63));
        self.label_sets[h][side] |= bit;
        self.valency[h][side] = self.valency[h][side].saturating_add(1);
        // Left dependents arrive right to left, right dependents left to
        // right, so the newest is always the outermost.
        let slot = if side == 0 {
            &mut self.lc[h]
        } else {
            &mut self.rc[h]
        };
        slot[1] = slot[0];
        slot[0] = dep;
    }

    /// Applies an action (which must be valid).
    pub fn apply(&mut self, a: Action) {
        match a {
            Action::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Action::Left(l) => {
                let s0 = self.stack.pop().expect("left on an empty stack");
                self.attach(self.b, s0, l);
            }
            Action::Right(l) => {
                let s0 = self.stack.pop().expect("right on a short stack");
                let s1 = *self.stack.last().expect("right on a short stack");
                self.attach(s1, s0, l);
            }
        }
    }

    /// Dynamic-oracle costs of the three unlabeled moves against gold heads
    /// (`gold[i]` = head of word i, `n` for the root): how many gold arcs
    /// each makes unreachable. `None` for a move that is not allowed.
    /// Exact for projective trees (Goldberg and Nivre 2013).
    pub fn costs(&self, gold: &[u32]) -> [Option<u32>; 3] {
        let n = self.n as u32;
        let b = self.b;
        let in_buffer = |x: u32| x >= b && x <= n;
        let deps_in_buffer =
            |h: u32| -> u32 { (b..n).filter(|&d| gold[d as usize] == h).count() as u32 };
        let mut out = [None; 3];
        if self.can_shift() {
            // b0 loses a head deeper than s0, and dependents on the stack.
            let g = gold[b as usize];
            let k = self.stack.len();
            let mut c = 0;
            for (j, &x) in self.stack.iter().enumerate() {
                if gold[x as usize] == b {
                    c += 1;
                }
                if j + 1 < k && g == x {
                    c += 1;
                }
            }
            out[0] = Some(c);
        }
        if self.can_left() {
            let s0 = self.s(0);
            let g = gold[s0 as usize];
            let s1 = self.s(1);
            let lost_head = (s1 != NONE && g == s1) || (in_buffer(g) && g != b);
            out[1] = Some(deps_in_buffer(s0) + lost_head as u32);
        }
        if self.can_right() {
            let s0 = self.s(0);
            let g = gold[s0 as usize];
            out[2] = Some(deps_in_buffer(s0) + in_buffer(g) as u32);
        }
        out
    }

    /// The static oracle: the move that builds the gold tree (projective),
    /// with labels from `gold_labels`.
    pub fn static_oracle(&self, gold: &[u32], gold_labels: &[u8]) -> Option<Action> {
        let s0 = self.s(0);
        if s0 != NONE {
            let done = |x: u32| (0..self.n).all(|d| gold[d] != x || self.heads[d] != NONE);
            let g = gold[s0 as usize];
            if self.can_left() && g == self.b && done(s0) {
                return Some(Action::Left(gold_labels[s0 as usize]));
            }
            if self.can_right() && g == self.s(1) && done(s0) {
                return Some(Action::Right(gold_labels[s0 as usize]));
            }
        }
        if self.can_shift() {
            Some(Action::Shift)
        } else {
            None
        }
    }
}

/// Whether a tree (`heads[i]` = head of word i, `n` for the root) is
/// projective.
pub fn is_projective(heads: &[u32]) -> bool {
    let n = heads.len() as u32;
    for (d, &h) in heads.iter().enumerate() {
        let d = d as u32;
        let (lo, hi) = if h < d { (h, d) } else { (d, h) };
        let (lo, hi) = (lo.min(n), hi.min(n));
        for k in 0..n {
            if k > lo && k < hi {
                // Every word strictly between must be dominated by h.
                let mut x = k;
                let mut steps = 0;
                while x != h && x < n && steps <= heads.len() {
                    x = heads[x as usize];
                    steps += 1;
                }
                if x != h {
                    return false;
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_static(gold: &[u32]) -> Vec<u32> {
        let labels = vec![1u8; gold.len()];
        let mut s = State::new(gold.len());
        while !s.is_terminal() {
            let a = s.static_oracle(gold, &labels).expect("stuck");
            // The static oracle's move has zero cost.
            let c = s.costs(gold);
            let k = match a {
                Action::Shift => 0,
                Action::Left(_) => 1,
                Action::Right(_) => 2,
            };
            assert_eq!(c[k], Some(0), "{a:?} at {:?}", s.stack);
            let a = match a {
                Action::Left(_) if s.b as usize == s.n => Action::Left(0),
                a => a,
            };
            s.apply(a);
        }
        s.heads[..gold.len()].to_vec()
    }

    #[test]
    fn static_oracle_rebuilds_projective_trees() {
        // "Vorn saw the ship": saw is root (4 = root index).
        let gold = [1, 4, 3, 1];
        assert_eq!(run_static(&gold), gold);
        let gold = [5, 0, 0, 2, 2];
        assert_eq!(run_static(&gold), gold);
        assert!(is_projective(&gold));
    }

    #[test]
    fn every_run_ends_in_one_tree() {
        // Whatever valid moves are taken, the result is a tree with one root.
        for seed in 0..200u64 {
            let n = 1 + (seed % 9) as usize;
            let mut s = State::new(n);
            let mut r = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            while !s.is_terminal() {
                let moves = [
                    Action::Shift,
                    Action::Left(1),
                    Action::Right(1),
                    Action::Left(0),
                ];
                let valid: Vec<Action> = moves.into_iter().filter(|&a| s.is_valid(a, 0)).collect();
                assert!(!valid.is_empty());
                r = r
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.apply(valid[(r >> 33) as usize % valid.len()]);
            }
            let roots = (0..n).filter(|&i| s.heads[i] == n as u32).count();
            assert_eq!(roots, 1);
            for i in 0..n {
                let mut x = i as u32;
                let mut steps = 0;
                while x != n as u32 {
                    x = s.heads[x as usize];
                    assert_ne!(x, NONE);
                    steps += 1;
                    assert!(steps <= n, "cycle");
                }
            }
        }
    }

    #[test]
    fn projectivity() {
        assert!(is_projective(&[1, 3, 1]));
        // 0 -> 2 crosses 1 -> 3.
        assert!(!is_projective(&[2, 3, 4, 0]));
    }
}
