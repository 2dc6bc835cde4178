//! The scanner: a walk over a sentence's atoms, trying each date form at each
//! position.

use super::*;

// ---------------------------------------------------------------- the scanner

/// A match over atoms `a..b`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) kind: DateKind,
    pub(super) value: Pending,
    pub(super) qualifier: Option<Qualifier>,
}

pub(super) struct Scanner<'a> {
    pub(super) atoms: &'a [Atom],
    pub(super) order: DateOrder,
}

impl<'a> Scanner<'a> {
    pub(super) fn at(&self, i: usize) -> Option<&'a Atom> {
        self.atoms.get(i)
    }
    pub(super) fn is(&self, i: usize, w: &str) -> bool {
        self.at(i).is_some_and(|a| a.is(w))
    }
    pub(super) fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        self.at(i).is_some_and(|a| a.is_any(ws))
    }
    /// Consecutive words `ws` from `i`: the index after them.
    pub(super) fn seq(&self, i: usize, ws: &[&str]) -> Option<usize> {
        ws.iter()
            .enumerate()
            .all(|(k, w)| self.is(i + k, w))
            .then_some(i + ws.len())
    }
    pub(super) fn adjacent(&self, i: usize) -> bool {
        i > 0 && self.at(i).is_some_and(|a| a.start == self.atoms[i - 1].end)
    }
    pub(super) fn prev_is_any(&self, i: usize, ws: &[&str]) -> bool {
        i > 0 && self.is_any(i - 1, ws)
    }

    pub(super) fn scan(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.atoms.len() {
            match self.match_at(i) {
                Some(f) if f.b > i => {
                    i = f.b;
                    out.push(f);
                }
                _ => i += 1,
            }
        }
        self.mark_citations(&mut out);
        out
    }

    pub(super) fn match_at(&self, i: usize) -> Option<Found> {
        // Bound words: kept in the text.
        for w in BOUND_WORDS {
            let first = w.split(' ').next();
            let starts = self.at(i).is_some_and(|a| first == Some(a.lower.as_str()));
            if !starts {
                continue;
            }
            let ws: Vec<&str> = w.split(' ').collect();
            if let Some(j) = self.seq(i, &ws) {
                if let Some(mut f) = self.inner(j) {
                    if !matches!(
                        f.value,
                        Pending::Shift { .. } | Pending::Portion { .. } | Pending::Past { .. }
                    ) {
                        f.a = i;
                        return Some(f);
                    }
                }
            }
        }
        // Approximation and uncertainty.
        let approx = [
            &["around"][..],
            &["about"],
            &["approximately"],
            &["circa"],
            &["roughly"],
            &["c", "."],
            &["ca", "."],
            &["some", "time", "in"],
            &["sometime", "in"],
        ];
        for ws in approx {
            if let Some(j) = self.seq(i, ws) {
                if let Some(mut f) = self.inner(j) {
                    f.a = i;
                    f.qualifier = Some(Qualifier::Approximate);
                    if f.kind == DateKind::Explicit {
                        f.kind = DateKind::Fuzzy;
                    }
                    return Some(f);
                }
            }
        }
        if self.is_any(i, &["possibly", "probably", "perhaps"]) {
            let j = if self.is(i + 1, "in") { i + 2 } else { i + 1 };
            if let Some(mut f) = self.inner(j) {
                f.a = i;
                f.qualifier = Some(Qualifier::Uncertain);
                if f.kind == DateKind::Explicit {
                    f.kind = DateKind::Fuzzy;
                }
                return Some(f);
            }
        }
        self.inner(i)
    }

    pub(super) fn inner(&self, i: usize) -> Option<Found> {
        if let Some(f) = self.range_with_words(i) {
            return Some(f);
        }
        if let Some(f) = self.relative(i) {
            return Some(f);
        }
        if let Some((j, t)) = self.bare_day(i) {
            if self.at(j).is_some_and(|a| a.is_dash()) && !self.prev_is_any(i, &["the"]) {
                if let Some((k, t2)) = self.term(j + 1, true) {
                    if bare_day_fits(t, t2) {
                        return Some(self.range_found(i, k, t, t2));
                    }
                }
            }
        }
        let (j, t) = self.term(i, false)?;
        // "2014–2016", "March–May 2019", "2014 to 2016"
        if let Some((k, t2)) = self.range_tail(j, t) {
            return Some(self.range_found(i, k, t, t2));
        }
        let kind = if t.is_fuzzy() {
            DateKind::Fuzzy
        } else if t.needs_year() {
            DateKind::Relative
        } else {
            DateKind::Explicit
        };
        let value = if t.needs_year() {
            Pending::NeedYear(t)
        } else {
            Pending::Done(t.resolve(None)?)
        };
        Some(Found {
            a: i,
            b: j,
            kind,
            value,
            qualifier: None,
        })
    }
}
