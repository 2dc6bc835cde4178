//! Relative dates: "four years earlier", "last month", "on Saturday", pending
//! until anchored, with the unit arithmetic they need.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Unit {
    Year,
    Month,
    Week,
    Day,
}

/// How an expression obtains its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Pending {
    /// Fully known.
    Done(Edtf),
    /// A term without a year: the anchor's year.
    NeedYear(Term),
    /// A range whose right side lacks a year.
    RangeNeedYear(Term, Term),
    /// The anchor truncated to `unit`, moved by `n` units, then a part taken.
    Shift {
        unit: Unit,
        n: i64,
        deictic: bool,
        part: Mod,
    },
    /// From the start of the anchor's `unit` to the anchor (`earlier this
    /// month`), or from the anchor to the end of its unit (`later this year`).
    Portion {
        unit: Unit,
        up_to: bool,
        deictic: bool,
    },
    /// The last `n` units up to the anchor (`the past three years`).
    Past { unit: Unit, n: i64 },
    /// A weekday near the anchor: -1 on or before, +1 after.
    Weekday { wd: u8, dir: i8 },
}

impl Pending {
    pub(super) fn deictic(&self) -> bool {
        match *self {
            Pending::Shift { deictic, .. } | Pending::Portion { deictic, .. } => deictic,
            Pending::Past { .. } | Pending::Weekday { .. } => true,
            _ => false,
        }
    }
}

pub(super) fn truncate(unit: Unit, (a, b): (Date, Date)) -> (Date, Date) {
    match unit {
        Unit::Year => (
            Date {
                year: a.year,
                month: 1,
                day: 1,
            },
            Date {
                year: b.year,
                month: 12,
                day: 31,
            },
        ),
        Unit::Month => (Date { day: 1, ..a }, b.month_end()),
        Unit::Week => (
            a.add_days(-i64::from(a.weekday())),
            b.add_days(6 - i64::from(b.weekday())),
        ),
        Unit::Day => (a, b),
    }
}

pub(super) fn shift(unit: Unit, n: i64, (a, b): (Date, Date)) -> (Date, Date) {
    match unit {
        Unit::Year => (a.add_months(12 * n), b.add_months(12 * n).month_end()),
        Unit::Month => (a.add_months(n), b.add_months(n).month_end()),
        Unit::Week => (a.add_days(7 * n), b.add_days(7 * n)),
        Unit::Day => (a.add_days(n), b.add_days(n)),
    }
}

impl<'a> Scanner<'a> {
    /// A count of units: "four", "4", "a", "an", "one", "twenty-five".
    pub(super) fn count(&self, i: usize) -> Option<(usize, i64)> {
        let a = self.at(i)?;
        if a.is_any(&["a", "an"]) {
            return Some((i + 1, 1));
        }
        if let Some(v) = a.small_int() {
            return (v <= 1000).then_some((i + 1, i64::from(v)));
        }
        if small_number_word(&a.lower).is_some() {
            let (j, v) = number_words(self.atoms, i)?;
            return (v.fract() == 0.0 && v <= 1000.0).then_some((j, v as i64));
        }
        None
    }

    pub(super) fn unit_at(&self, i: usize) -> Option<(Unit, i64)> {
        Some(match self.at(i)?.lower.as_str() {
            "year" | "years" => (Unit::Year, 1),
            "decade" | "decades" => (Unit::Year, 10),
            "month" | "months" => (Unit::Month, 1),
            "week" | "weeks" => (Unit::Week, 1),
            "day" | "days" => (Unit::Day, 1),
            _ => return None,
        })
    }

    /// Relative expressions.
    pub(super) fn relative(&self, i: usize) -> Option<Found> {
        let found = |b: usize, value: Pending| found(i, b, value);
        // "four years earlier", "a year later", "two years ago"
        if let Some((j, n)) = self.count(i) {
            if let Some(unit) = self.unit_at(j) {
                return self.counted_shift(i, j, n, unit);
            }
        }
        // "the following year", "the previous month", "the next day", "the same year"
        if self.is(i, "the") {
            return self.after_the(i);
        }
        // "earlier this month", "later this year", "later that year"
        if self.is_any(i, &["earlier", "later"]) && self.is_any(i + 1, &["this", "that"]) {
            if let Some((u, 1)) = self.unit_at(i + 2) {
                if !self.at(i + 2)?.lower.ends_with('s') {
                    let deictic = self.is(i + 1, "this");
                    let up_to = self.is(i, "earlier");
                    if deictic {
                        return found(
                            i + 3,
                            Pending::Portion {
                                unit: u,
                                up_to,
                                deictic,
                            },
                        );
                    }
                    return found(i + 3, shift_by(u, 0, false));
                }
            }
        }
        // "this year", "last month", "next week", "that year"
        if self.is_any(i, &["this", "last", "next", "that"]) {
            if let Some((u, 1)) = self.unit_at(i + 1) {
                if !self.at(i + 1)?.lower.ends_with('s') {
                    let (n, deictic) = match self.atoms[i].lower.as_str() {
                        "this" => (0, true),
                        "last" => (-1, true),
                        "next" => (1, true),
                        _ => (0, false),
                    };
                    // "the last year" is handled above; "that day" only after "on|in|of|by".
                    if self.atoms[i].is("that")
                        && !self.prev_is_any(
                            i,
                            &[
                                "in", "on", "of", "by", "during", "since", "later", "earlier",
                            ],
                        )
                        && !(i == 0 || self.atoms[i - 1].kind == crate::lex::AtomKind::Punct)
                    {
                        return None;
                    }
                    return found(i + 2, shift_by(u, n, deictic));
                }
            }
            // "last Saturday"
            if let Some(wd) = self.at(i + 1).and_then(weekday_word) {
                let dir = if self.is(i, "next") { 1 } else { -1 };
                return found(i + 2, Pending::Weekday { wd, dir });
            }
        }
        if self.is(i, "yesterday") {
            return found(i + 1, shift_by(Unit::Day, -1, true));
        }
        // "on Saturday", "Saturday's", "Saturday night"
        if let Some(wd) = self.at(i).and_then(weekday_word) {
            let cue = self.prev_is_any(i, &["on", "since", "until", "early", "late", "by"]);
            let after = self.is_any(i + 1, &["morning", "afternoon", "evening", "night"])
                || (self
                    .at(i + 1)
                    .is_some_and(|a| a.is_punct('\'') || a.is_punct('’'))
                    && self.is(i + 2, "s"));
            if cue || after {
                return found(i + 1, Pending::Weekday { wd, dir: -1 });
            }
        }
        None
    }

    /// A count of units (`n` at `i`, the unit at `j`, with its multiple)
    /// and its direction: "four years earlier", "a year later", "two years
    /// ago", "two years after 2010".
    fn counted_shift(&self, i: usize, j: usize, n: i64, (u, mult): (Unit, i64)) -> Option<Found> {
        let found = |b: usize, value: Pending| found(i, b, value);
        // "a week later" is seven days after the anchor, not the next calendar week.
        let (u, mult) = if u == Unit::Week {
            (Unit::Day, 7 * mult)
        } else {
            (u, mult)
        };
        let dir = self.at(j + 1)?;
        let sign = match dir.lower.as_str() {
            "earlier" | "before" | "prior" => -1,
            "later" | "after" | "afterwards" | "afterward" | "on" => 1,
            "ago" => return found(j + 2, shift_by(u, -n * mult, true)),
            _ => return None,
        };
        // "two years after 2010": counted from that date.
        if self.is_any(j + 1, &["after", "before"]) {
            if let Some((k, t)) = self.term(j + 2, true) {
                if let Some(base) = t.resolve(None) {
                    let e = resolve(&shift_by(u, sign * n * mult, false), Some(&base));
                    return e.and_then(|e| found(k, Pending::Done(e)));
                }
            }
        }
        // "after" / "before" followed by a noun phrase ("two years after the war") still counts.
        found(j + 2, shift_by(u, sign * n * mult, false))
    }

    /// The expressions that begin with "the" at `i`: "the following year",
    /// "the year before", "the end of the year", "the past three years".
    fn after_the(&self, i: usize) -> Option<Found> {
        let found = |b: usize, value: Pending| found(i, b, value);
        let w = self.at(i + 1)?;
        let n = match w.lower.as_str() {
            "following" | "next" | "subsequent" => Some(1),
            "previous" | "preceding" | "prior" => Some(-1),
            "same" => Some(0),
            _ => None,
        };
        if let Some(n) = n {
            if let Some((u, mult)) = self
                .unit_at(i + 2)
                .filter(|_| self.at(i + 2).is_some_and(|a| !a.lower.ends_with('s')))
            {
                return found(i + 3, shift_by(u, n * mult, false));
            }
        }
        // "the year before", "the day after"
        if let Some((u, mult)) = self.unit_at(i + 1).filter(|_| !w.lower.ends_with('s')) {
            if self.is_any(i + 2, &["before", "after", "earlier", "later"]) {
                let next_ok = match self.at(i + 3) {
                    None => true,
                    Some(a) => !a.is_word() || a.is_any(&["that", "and", "when"]),
                };
                if next_ok {
                    let n = if self.is_any(i + 2, &["before", "earlier"]) {
                        -1
                    } else {
                        1
                    };
                    return found(i + 3, shift_by(u, n * mult, false));
                }
            }
        }
        // "the end of the year", "the beginning of the month", "the end of last year"
        let (j, part) = if let Some(j) = self
            .seq(i + 1, &["beginning", "of"])
            .or_else(|| self.seq(i + 1, &["start", "of"]))
        {
            (j, Mod::Early)
        } else if let Some(j) = self.seq(i + 1, &["end", "of"]) {
            (j, Mod::Late)
        } else if let Some(j) = self.seq(i + 1, &["middle", "of"]) {
            (j, Mod::Mid)
        } else {
            (0, Mod::None)
        };
        if part != Mod::None {
            if let Some((u @ (Unit::Year | Unit::Month), 1)) = self.unit_at(j + 1) {
                let deictic = match self.at(j)?.lower.as_str() {
                    "the" | "that" => Some((false, 0)),
                    "this" => Some((true, 0)),
                    "last" => Some((true, -1)),
                    "next" => Some((true, 1)),
                    _ => None,
                };
                if let Some((d, n)) = deictic {
                    if !self.at(j + 1)?.lower.ends_with('s') {
                        return found(
                            j + 2,
                            Pending::Shift {
                                unit: u,
                                n,
                                deictic: d,
                                part,
                            },
                        );
                    }
                }
            }
        }
        // "the past three years", "the last two months"
        if self.is_any(i + 1, &["past", "last"]) {
            if let Some((j, n)) = self.count(i + 2) {
                if let Some((u, mult)) = self.unit_at(j) {
                    return found(
                        j + 1,
                        Pending::Past {
                            unit: u,
                            n: n * mult,
                        },
                    );
                }
            }
        }
        None
    }
}

/// A relative expression from atom `a` to `b`.
fn found(a: usize, b: usize, value: Pending) -> Option<Found> {
    Some(Found {
        a,
        b,
        kind: DateKind::Relative,
        value,
        qualifier: None,
    })
}

/// A shift by `n` units, from the anchor or (`deictic`) from the
/// publication date.
fn shift_by(unit: Unit, n: i64, deictic: bool) -> Pending {
    Pending::Shift {
        unit,
        n,
        deictic,
        part: Mod::None,
    }
}
