//! Ranges: "between 2014 and 2016", "2014–2016", "from March to May 2019", and
//! whether a bare day can pair with a date.

use super::*;

/// A bare day on the left needs a day and month on the right.
pub(super) fn bare_day_fits(a: Term, b: Term) -> bool {
    match (a, b) {
        (
            Term::Part(
                Partial {
                    y: None,
                    m: None,
                    d: Some(_),
                },
                _,
            ),
            Term::Part(pb, _),
        ) => pb.m.is_some() && pb.d.is_some(),
        (
            Term::Part(
                Partial {
                    y: None,
                    m: None,
                    d: Some(_),
                },
                _,
            ),
            _,
        ) => false,
        _ => true,
    }
}

/// A range `a`–`b`, `a` completed from `b` (year, and month for a bare day).
pub(super) fn range_of(a: Term, b: Term, year: Option<i32>) -> Option<Edtf> {
    let rb = b.resolve(year)?;
    let a = match (a, b) {
        (Term::Part(pa, ma), Term::Part(pb, _)) => {
            let mut pa = pa;
            if pa.y.is_none() {
                pa.y = pb.y.or(year);
            }
            if pa.m.is_none() && pa.d.is_some() {
                pa.m = pb.m;
            }
            Term::Part(pa, ma)
        }
        (t, _) => t,
    };
    let ra = a.resolve(year.or(Some(rb.start_year())))?;
    let (x, y) = (ra.interval().0, rb.interval().1);
    (x <= y).then(|| Edtf::from_interval(x, y))
}

impl<'a> Scanner<'a> {
    pub(super) fn range_found(&self, a: usize, b: usize, t1: Term, t2: Term) -> Found {
        let value = if t2.needs_year() {
            Pending::RangeNeedYear(t1, t2)
        } else {
            match range_of(t1, t2, None) {
                Some(e) => Pending::Done(e),
                None => Pending::RangeNeedYear(t1, t2),
            }
        };
        Found {
            a,
            b,
            kind: DateKind::Range,
            value,
            qualifier: None,
        }
    }

    /// After a first term ending at `j`: a dash or `to`/`through`/`until` and a second term.
    pub(super) fn range_tail(&self, j: usize, t1: Term) -> Option<(usize, Term)> {
        let sep = self.at(j)?;
        let words = sep.is_any(&["to", "through", "until", "till"]);
        if !(sep.is_dash() || words) {
            return None;
        }
        let (k, t2) = self
            .term(j + 1, true)
            .or_else(|| self.short_year(j + 1, t1))
            .or_else(|| self.day_tail(j + 1, t1))?;
        // A bare day after a dash is not a range end here ("2018-07" is handled by the ISO form).
        let ok = match (t1, t2) {
            (Term::Part(a, _), Term::Part(b, _)) => {
                // "2014 to 2016": both years; "March to May 2019": months.
                let same_shape = a.y.is_some() == b.y.is_some() || a.y.is_none();
                same_shape && (a.d.is_none() || b.d.is_some() || b.m.is_some())
            }
            _ => true,
        };
        if !ok {
            return None;
        }
        if range_of(t1, t2, Some(0)).is_none() && range_of(t1, t2, None).is_none() {
            // Reversed (e.g. "2016 to 2014"): not a range.
            if !t2.needs_year() {
                return None;
            }
        }
        Some((k, t2))
    }

    /// "between X and Y", "from X to Y".
    pub(super) fn range_with_words(&self, i: usize) -> Option<Found> {
        let (seps, j): (&[&str], usize) = if self.is(i, "between") {
            (&["and"], i + 1)
        } else if self.is(i, "from") {
            (&["to", "until", "till", "through"], i + 1)
        } else {
            return None;
        };
        let (k, t1) = self.term(j, true).or_else(|| self.bare_day(j))?;
        let sep = self.at(k)?;
        if !(sep.is_any(seps) || (self.is(i, "from") && sep.is_dash())) {
            // "from 2014" alone: let the bare term match from the next atom.
            return None;
        }
        let (l, t2) = self.term(k + 1, true)?;
        if !bare_day_fits(t1, t2) {
            return None;
        }
        Some(self.range_found(i, l, t1, t2))
    }
}
