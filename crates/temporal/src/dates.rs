//! Temporal expressions in text → EDTF.
//!
//! Recognized forms (see the table test at the bottom for examples):
//! full and partial dates (`July 3, 2018`, `3 July 2018`, `2018-07-03`,
//! `07/03/2018` when unambiguous or with a [`DateOrder`] hint, `Jul. 3`,
//! `October 2021`, `2009`, `the 1990s`, `the 19th century`); fuzzy ones
//! (`early|mid|late 2016` → thirds of the year, `the beginning|end of`,
//! halves, quarters, seasons → `YYYY-21..24`, `around 2015` → `2015~`,
//! `possibly 2015` → `2015?`); ranges (`between 2014 and 2016`, `2014–2016`,
//! `from March to May 2019`); bounds (`since 2014`, `by 2018`: the year,
//! with the bound word kept in the mention's text); relative ones.
//!
//! **Anchoring.** Anaphoric expressions (`four years earlier`, `the following
//! year`, `that month`, a date without a year such as `in March`) resolve
//! against the nearest preceding non-citation date of the text, else the
//! publication date. Deictic ones (`last year`, `this month`, `yesterday`,
//! `on Saturday`, `two years ago`, `earlier this month`) refer to the time of
//! writing and resolve against the publication date first, else the nearest
//! preceding date. A relative expression counted in years keeps year
//! precision (`four years earlier` than `2013-05` is `2009`).
//!
//! **Citations.** A parenthesis whose `;`-separated parts each end in a date
//! introduced by a comma (`(, October 4, 2021)`, `(Reuters, May 2, 2020;,
//! June 1, 2020)`) or consisting only of a date dates a cited source: its
//! dates are [`DateKind::Citation`], take the publication year when they have
//! none, and are never anchors.

use crate::lex::{atomize, number_words, sentence_atoms, small_number_word, Atom};
use dossier_doc::edtf::{days_in_month, Date, Edtf, Point, Qualifier};
use dossier_doc::{Component, ComponentError, DateKind, DateMention, Doc, Layer};

/// How to read an all-numeric date like `07/03/2018` whose first two fields
/// are both ≤ 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Not known: such dates are kept at year precision.
    #[default]
    Unknown,
    /// US order, month first (`07/03/2018` is 3 July).
    MonthFirst,
    /// Day first (`07/03/2018` is 7 March).
    DayFirst,
}

impl DateOrder {
    /// Reads a configuration name: `mdy`/`month_first`, `dmy`/`day_first`,
    /// `unknown` (case-insensitive).
    pub fn from_name(name: &str) -> Option<DateOrder> {
        match name.trim().to_lowercase().as_str() {
            "mdy" | "month_first" | "month-first" | "us" => Some(DateOrder::MonthFirst),
            "dmy" | "day_first" | "day-first" => Some(DateOrder::DayFirst),
            "unknown" | "" => Some(DateOrder::Unknown),
            _ => None,
        }
    }
}

/// A date found by [`find_dates`], with char offsets into the searched text.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Its text.
    pub text: String,
    /// Its EDTF value.
    pub edtf: Edtf,
    /// What it is.
    pub kind: DateKind,
}

/// Words that, before a date, bound it (`since 2014`): the mention keeps
/// them in its text and its value stays the date itself.
pub const BOUND_WORDS: &[&str] = &[
    "since",
    "from",
    "by",
    "until",
    "till",
    "before",
    "after",
    "as of",
    "as early as",
    "as late as",
];

/// The bound word a date mention's text starts with (`since`, `by`, …), if any.
pub fn bound_word(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    BOUND_WORDS
        .iter()
        .copied()
        .filter(|w| lower.starts_with(&format!("{w} ")))
        .max_by_key(|w| w.len())
}

// ---------------------------------------------------------------- lexicons

fn month_word(a: &Atom, next: Option<&Atom>) -> Option<u8> {
    if !a.is_word() || !a.capitalized() {
        return None;
    }
    let full = match a.lower.as_str() {
        "january" => 1,
        "february" => 2,
        "march" => 3,
        "april" => 4,
        "may" => 5,
        "june" => 6,
        "july" => 7,
        "august" => 8,
        "september" => 9,
        "october" => 10,
        "november" => 11,
        "december" => 12,
        _ => 0,
    };
    if full > 0 {
        return Some(full);
    }
    let abbr = match a.lower.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    // An abbreviation needs its dot or a number after it.
    next.filter(|n| (n.is_punct('.') && n.start == a.end) || n.is_num())
        .map(|_| abbr)
}

fn weekday_word(a: &Atom) -> Option<u8> {
    if !a.capitalized() {
        return None;
    }
    Some(match a.lower.as_str() {
        "monday" => 0,
        "tuesday" => 1,
        "wednesday" => 2,
        "thursday" => 3,
        "friday" => 4,
        "saturday" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

/// Words after which a bare year or month is a date.
const TEMPORAL_PREPS: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "to",
    "through",
    "between",
    "during",
    "before",
    "after",
    "of",
    "early",
    "mid",
    "late",
    "around",
    "circa",
    "throughout",
    "on",
    "and",
    "or",
    "until",
    "as",
    "into",
];

/// Counted nouns that make a preceding 4-digit number a quantity.
const COUNT_NOUNS: &[&str] = &[
    "people",
    "persons",
    "men",
    "women",
    "children",
    "fighters",
    "members",
    "troops",
    "soldiers",
    "militants",
    "civilians",
    "police",
    "policemen",
    "officers",
    "students",
    "supporters",
    "followers",
    "refugees",
    "km",
    "kilometers",
    "kilometres",
    "miles",
    "meters",
    "metres",
    "feet",
    "tons",
    "tonnes",
    "dollars",
    "euros",
    "rounds",
    "rockets",
    "missiles",
    "vehicles",
    "households",
    "families",
    "votes",
    "pages",
];

const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];

fn ordinal_word(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "twenty-first" => 21,
        _ => return None,
    })
}

// ---------------------------------------------------------------- internal values

/// A date with possibly missing fields.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Partial {
    y: Option<i32>,
    m: Option<u8>,
    d: Option<u8>,
}

impl Partial {
    fn to_edtf(self) -> Option<Edtf> {
        match (self.y?, self.m, self.d) {
            (y, None, _) => Some(Edtf::year(y)),
            (y, Some(m), None) => Edtf::month(y, m),
            (y, Some(m), Some(d)) => Edtf::day(y, m, d),
        }
    }
    fn with_year(self, y: i32) -> Partial {
        Partial {
            y: Some(self.y.unwrap_or(y)),
            ..self
        }
    }
}

/// A part of a year or month.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mod {
    None,
    Early,
    Mid,
    Late,
    FirstHalf,
    SecondHalf,
    Quarter(u8),
    Season(u8),
}

/// Applies a modifier to a whole year, month or decade/century.
fn apply_mod(m: Mod, e: Edtf) -> Option<Edtf> {
    if m == Mod::None {
        return Some(e);
    }
    let (a, b) = e.interval();
    let whole_year = a.month == 1 && a.day == 1 && b.month == 12 && b.day == 31;
    if whole_year && a.year == b.year {
        let y = a.year;
        let months = |x: u8, z: u8| Some(Edtf::Interval(Point::month(y, x)?, Point::month(y, z)?));
        return match m {
            Mod::Early => months(1, 4),
            Mod::Mid => months(5, 8),
            Mod::Late => months(9, 12),
            Mod::FirstHalf => months(1, 6),
            Mod::SecondHalf => months(7, 12),
            Mod::Quarter(q) if (1..=4).contains(&q) => months(q * 3 - 2, q * 3),
            Mod::Season(code) => Edtf::month(y, code),
            _ => None,
        };
    }
    if whole_year {
        // A decade or a century: thirds.
        let span = b.year - a.year + 1;
        let (s, e2) = match m {
            Mod::Early => (a.year, a.year + span * 4 / 10 - 1),
            Mod::Mid => (a.year + span * 4 / 10, a.year + span * 7 / 10 - 1),
            Mod::Late => (a.year + span * 7 / 10, b.year),
            Mod::FirstHalf => (a.year, a.year + span / 2 - 1),
            Mod::SecondHalf => (a.year + span / 2, b.year),
            _ => return None,
        };
        return Some(Edtf::Interval(Point::year(s), Point::year(e2)));
    }
    let whole_month = a.year == b.year
        && a.month == b.month
        && a.day == 1
        && b.day == days_in_month(b.year, b.month);
    if whole_month {
        let last = b.day;
        let days = |x: u8, z: u8| {
            Some(Edtf::from_interval(
                Date::new(a.year, a.month, x)?,
                Date::new(a.year, a.month, z)?,
            ))
        };
        return match m {
            Mod::Early => days(1, 10),
            Mod::Mid => days(11, 20),
            Mod::Late => days(21, last),
            Mod::FirstHalf => days(1, 15),
            Mod::SecondHalf => days(16, last),
            _ => None,
        };
    }
    None
}

/// One side of a range, or a whole date.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Term {
    Part(Partial, Mod),
    Fixed(Edtf),
}

impl Term {
    fn resolve(self, year: Option<i32>) -> Option<Edtf> {
        match self {
            Term::Fixed(e) => Some(e),
            Term::Part(p, m) => {
                let p = match year {
                    Some(y) => p.with_year(y),
                    None => p,
                };
                apply_mod(m, p.to_edtf()?)
            }
        }
    }
    fn needs_year(self) -> bool {
        matches!(self, Term::Part(Partial { y: None, .. }, _))
    }
    fn is_fuzzy(self) -> bool {
        !matches!(self, Term::Part(_, Mod::None) | Term::Fixed(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Year,
    Month,
    Week,
    Day,
}

/// How an expression obtains its value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pending {
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
    fn deictic(&self) -> bool {
        match *self {
            Pending::Shift { deictic, .. } | Pending::Portion { deictic, .. } => deictic,
            Pending::Past { .. } | Pending::Weekday { .. } => true,
            _ => false,
        }
    }
}

fn truncate(unit: Unit, (a, b): (Date, Date)) -> (Date, Date) {
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

fn shift(unit: Unit, n: i64, (a, b): (Date, Date)) -> (Date, Date) {
    match unit {
        Unit::Year => (a.add_months(12 * n), b.add_months(12 * n).month_end()),
        Unit::Month => (a.add_months(n), b.add_months(n).month_end()),
        Unit::Week => (a.add_days(7 * n), b.add_days(7 * n)),
        Unit::Day => (a.add_days(n), b.add_days(n)),
    }
}

fn resolve(p: &Pending, anchor: Option<&Edtf>) -> Option<Edtf> {
    match *p {
        Pending::Done(e) => Some(e),
        Pending::NeedYear(t) => t.resolve(Some(anchor?.start_year())),
        Pending::RangeNeedYear(a, b) => {
            let y = anchor?.start_year();
            range_of(a, b, Some(y))
        }
        Pending::Shift { unit, n, part, .. } => {
            let (a, b) = shift(unit, n, truncate(unit, anchor?.interval()));
            apply_mod(part, Edtf::from_interval(a, b))
        }
        Pending::Portion { unit, up_to, .. } => {
            let (ua, ub) = truncate(unit, anchor?.interval());
            let (aa, ab) = anchor?.interval();
            Some(if up_to {
                Edtf::from_interval(ua, ab)
            } else {
                Edtf::from_interval(aa, ub)
            })
        }
        Pending::Past { unit, n } => {
            let (ua, ub) = truncate(unit, anchor?.interval());
            let (sa, _) = shift(unit, -n, (ua, ub));
            Some(Edtf::from_interval(sa, ub))
        }
        Pending::Weekday { wd, dir } => {
            let (a, b) = anchor?.interval();
            let (lo, hi) = if dir < 0 {
                (a.add_days(-6), b)
            } else {
                (a.add_days(1), b.add_days(7))
            };
            let first = (0..7).map(|k| lo.add_days(k)).find(|d| d.weekday() == wd)?;
            let last = (0..7)
                .map(|k| hi.add_days(-k))
                .find(|d| d.weekday() == wd)?;
            Some(Edtf::from_interval(first, last))
        }
    }
}

/// A bare day on the left needs a day and month on the right.
fn bare_day_fits(a: Term, b: Term) -> bool {
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
fn range_of(a: Term, b: Term, year: Option<i32>) -> Option<Edtf> {
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

// ---------------------------------------------------------------- the scanner

/// A match over atoms `a..b`.
#[derive(Debug, Clone, Copy)]
struct Found {
    a: usize,
    b: usize,
    kind: DateKind,
    value: Pending,
    qualifier: Option<Qualifier>,
}

struct Scanner<'a> {
    atoms: &'a [Atom],
    order: DateOrder,
}

impl<'a> Scanner<'a> {
    fn at(&self, i: usize) -> Option<&'a Atom> {
        self.atoms.get(i)
    }
    fn is(&self, i: usize, w: &str) -> bool {
        self.at(i).is_some_and(|a| a.is(w))
    }
    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        self.at(i).is_some_and(|a| a.is_any(ws))
    }
    /// Consecutive words `ws` from `i`: the index after them.
    fn seq(&self, i: usize, ws: &[&str]) -> Option<usize> {
        ws.iter()
            .enumerate()
            .all(|(k, w)| self.is(i + k, w))
            .then_some(i + ws.len())
    }
    fn adjacent(&self, i: usize) -> bool {
        i > 0 && self.at(i).is_some_and(|a| a.start == self.atoms[i - 1].end)
    }
    fn prev_is_any(&self, i: usize, ws: &[&str]) -> bool {
        i > 0 && self.is_any(i - 1, ws)
    }

    fn scan(&self) -> Vec<Found> {
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

    fn match_at(&self, i: usize) -> Option<Found> {
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

    fn inner(&self, i: usize) -> Option<Found> {
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

    fn range_found(&self, a: usize, b: usize, t1: Term, t2: Term) -> Found {
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
    fn range_tail(&self, j: usize, t1: Term) -> Option<(usize, Term)> {
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

    /// "July 3–5, 2018": a bare day (and the year) after a month and day.
    fn day_tail(&self, k: usize, t1: Term) -> Option<(usize, Term)> {
        let Term::Part(
            Partial {
                y: None,
                m: Some(m),
                d: Some(_),
            },
            Mod::None,
        ) = t1
        else {
            return None;
        };
        let (mut l, d) = self.day_at(k)?;
        let mut y = None;
        let l2 = if self.at(l).is_some_and(|a| a.is_punct(',')) {
            l + 1
        } else {
            l
        };
        if let Some(yy) = self.year_value(l2, true) {
            y = Some(yy);
            l = l2 + 1;
        }
        Some((
            l,
            Term::Part(
                Partial {
                    y,
                    m: Some(m),
                    d: Some(d),
                },
                Mod::None,
            ),
        ))
    }

    /// "2014–16": a two-digit year after a dash.
    fn short_year(&self, k: usize, t1: Term) -> Option<(usize, Term)> {
        let Term::Part(
            Partial {
                y: Some(y1),
                m: None,
                d: None,
            },
            _,
        ) = t1
        else {
            return None;
        };
        let a = self.at(k)?;
        if !(a.digits() && a.text.len() == 2 && self.adjacent(k) && self.at(k - 1)?.is_dash()) {
            return None;
        }
        let yy: i32 = a.text.parse().ok()?;
        let y2 = y1 - y1.rem_euclid(100) + yy;
        (y2 > y1).then_some((
            k + 1,
            Term::Part(
                Partial {
                    y: Some(y2),
                    ..Default::default()
                },
                Mod::None,
            ),
        ))
    }

    /// "between X and Y", "from X to Y".
    fn range_with_words(&self, i: usize) -> Option<Found> {
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

    /// A bare day number as the left end of a range ("3" in "3–5 July 2018").
    fn bare_day(&self, j: usize) -> Option<(usize, Term)> {
        let (k, d) = self.day_at(j)?;
        Some((
            k,
            Term::Part(
                Partial {
                    y: None,
                    m: None,
                    d: Some(d),
                },
                Mod::None,
            ),
        ))
    }

    /// A (possibly modified) date term at `i`. `cued`: a temporal word
    /// precedes it, so a bare month or year needs no further context.
    fn term(&self, i: usize, cued: bool) -> Option<(usize, Term)> {
        // Optional "the" before "early 1990s", "the spring of 2019".
        let (i0, the) = if self.is(i, "the") {
            (i + 1, true)
        } else {
            (i, false)
        };
        let mut m = Mod::None;
        let mut j = i0;
        if self.is_any(j, &["early", "mid", "late"]) {
            m = match self.atoms[j].lower.as_str() {
                "early" => Mod::Early,
                "mid" => Mod::Mid,
                _ => Mod::Late,
            };
            j += 1;
            if self.at(j).is_some_and(|a| a.is_dash()) || self.is(j, "in") {
                j += 1;
            }
        } else if the {
            if let Some(k) = self
                .seq(j, &["beginning", "of"])
                .or_else(|| self.seq(j, &["start", "of"]))
            {
                m = Mod::Early;
                j = k;
            } else if let Some(k) = self.seq(j, &["middle", "of"]) {
                m = Mod::Mid;
                j = k;
            } else if let Some(k) = self.seq(j, &["end", "of"]) {
                m = Mod::Late;
                j = k;
            } else if let Some(k) = self.seq(j, &["first", "half", "of"]) {
                m = Mod::FirstHalf;
                j = k;
            } else if let Some(k) = self.seq(j, &["second", "half", "of"]) {
                m = Mod::SecondHalf;
                j = k;
            } else if self.is(j + 1, "quarter") && self.is(j + 2, "of") {
                let q = match self.at(j)?.lower.as_str() {
                    "first" => 1,
                    "second" => 2,
                    "third" => 3,
                    "fourth" | "last" => 4,
                    _ => return None,
                };
                m = Mod::Quarter(q);
                j += 3;
            }
        }
        if m == Mod::None {
            if let Some(code) = self.at(j).and_then(|a| match a.lower.as_str() {
                "spring" => Some(21),
                "summer" => Some(22),
                "autumn" | "fall" => Some(23),
                "winter" => Some(24),
                _ => None,
            }) {
                let k = if self.is(j + 1, "of") { j + 2 } else { j + 1 };
                let a = self.at(k)?;
                let y = self.year_value(k, true)?;
                let _ = a;
                return Some((
                    k + 1,
                    Term::Part(
                        Partial {
                            y: Some(y),
                            m: None,
                            d: None,
                        },
                        Mod::Season(code),
                    ),
                ));
            }
        }
        let cued = cued || m != Mod::None || (i > 0 && self.prev_is_any(i, TEMPORAL_PREPS));
        if let Some((k, e)) = self.decade_or_century(j) {
            return Some((k, Term::Fixed(apply_mod(m, e)?)));
        }
        if the && m == Mod::None {
            return None;
        }
        let (k, p) = self.core(j, cued)?;
        if m != Mod::None && p.d.is_some() {
            return None;
        }
        Some((k, Term::Part(p, m)))
    }

    /// "1990s", "the '90s", "the 19th century", "the nineteenth century".
    fn decade_or_century(&self, i: usize) -> Option<(usize, Edtf)> {
        let a = self.at(i)?;
        // 1990s
        if a.digits() && a.text.len() == 4 && self.is(i + 1, "s") && self.adjacent(i + 1) {
            let y: i32 = a.text.parse().ok()?;
            if y % 10 == 0 && (1000..=2100).contains(&y) {
                return Some((i + 2, Edtf::Interval(Point::year(y), Point::year(y + 9))));
            }
        }
        // '90s
        if a.is_punct('\'') || a.is_punct('’') {
            let b = self.at(i + 1)?;
            if b.digits()
                && b.text.len() == 2
                && self.is(i + 2, "s")
                && self.adjacent(i + 1)
                && self.adjacent(i + 2)
            {
                let y: i32 = 1900 + b.text.parse::<i32>().ok()?;
                if y % 10 == 0 {
                    return Some((i + 3, Edtf::Interval(Point::year(y), Point::year(y + 9))));
                }
            }
        }
        // centuries (after "the")
        if !self.prev_is_any(i, &["the", "early", "mid", "late", "-"]) {
            return None;
        }
        let (n, k) = if let Some(v) = a.small_int() {
            if self.at(i + 1).is_some_and(|s| s.is_any(ORDINAL_SUFFIXES)) && self.adjacent(i + 1) {
                (v, i + 2)
            } else {
                return None;
            }
        } else {
            (ordinal_word(&a.lower)?, i + 1)
        };
        if !(self.is(k, "century") && (1..=21).contains(&n)) {
            return None;
        }
        let n = n as i32;
        Some((
            k + 1,
            Edtf::Interval(Point::year((n - 1) * 100 + 1), Point::year(n * 100)),
        ))
    }

    /// A day number 1–31 (with an ordinal suffix), and the index after it.
    fn day_at(&self, i: usize) -> Option<(usize, u8)> {
        let a = self.at(i)?;
        let v = a
            .small_int()
            .filter(|v| (1..=31).contains(v) && a.text.len() <= 2)?;
        let mut j = i + 1;
        if self.at(j).is_some_and(|s| s.is_any(ORDINAL_SUFFIXES)) && self.adjacent(j) {
            j += 1;
        }
        // Not "3.5" or "3:30" or "3%".
        if self
            .at(j)
            .is_some_and(|s| (s.is_punct(':') || s.is_punct('%')) && self.adjacent(j))
        {
            return None;
        }
        Some((j, v as u8))
    }

    /// A month word and the index after it (and its abbreviation dot).
    fn month_at(&self, i: usize) -> Option<(usize, u8)> {
        let m = month_word(self.at(i)?, self.at(i + 1))?;
        let j = if self
            .at(i + 1)
            .is_some_and(|a| a.is_punct('.') && self.adjacent(i + 1))
            && self.atoms[i].text.len() <= 4
            && !self.atoms[i].is_any(&["may", "june", "july"])
        {
            i + 2
        } else {
            i + 1
        };
        Some((j, m))
    }

    /// Whether the four digits at `i` are a 24-hour time of day, not a year:
    /// "at 1930", "around 1800 on Friday", "2015 hours", "1900 GMT",
    /// "between 1800 and 2100 hours".
    fn time_of_day(&self, i: usize) -> bool {
        let clock = |k: usize| {
            self.at(k).is_some_and(|a| {
                a.digits()
                    && a.text.len() == 4
                    && a.text[..2].parse::<u8>().is_ok_and(|h| h < 24)
                    && a.text[2..].parse::<u8>().is_ok_and(|m| m < 60)
            })
        };
        if !clock(i) {
            return false;
        }
        let hours = |k: usize| {
            clock(k)
                && self.is_any(
                    k + 1,
                    &["hours", "hrs", "hr", "h", "gmt", "utc", "local", "zulu"],
                )
        };
        if hours(i) {
            return true;
        }
        // the first end of a range of times: "from 1900 to 2300 hours"
        if self.is_any(i + 1, &["and", "to", "until", "till"])
            || self.at(i + 1).is_some_and(|x| x.is_dash())
        {
            let beyond_years = clock(i + 2)
                && self
                    .at(i + 2)
                    .and_then(|a| a.text.parse::<u32>().ok())
                    .is_some_and(|v| v > 2100);
            if hours(i + 2) || beyond_years {
                return true;
            }
        }
        // "at 1930", "at around 1800": no year is read "at" a point
        let mut p = i;
        while p > 0
            && self.is_any(
                p - 1,
                &[
                    "around",
                    "about",
                    "approximately",
                    "roughly",
                    "exactly",
                    "precisely",
                ],
            )
        {
            p -= 1;
        }
        if p > 0 && self.is(p - 1, "at") {
            return true;
        }
        // "around 2200 on Thursday", "at about 1800 that evening"
        let weekday_next =
            self.is(i + 1, "on") && self.at(i + 2).is_some_and(|a| weekday_word(a).is_some());
        let part_of_day = self.is_any(i + 1, &["that", "this", "in"])
            && self.is_any(i + 2, &["morning", "evening", "night", "afternoon", "the"])
            && (!self.is(i + 2, "the")
                || self.is_any(i + 3, &["morning", "evening", "afternoon", "night"]));
        weekday_next || (p != i && part_of_day)
    }

    /// A plausible year at `i`.
    fn year_value(&self, i: usize, cued: bool) -> Option<i32> {
        let a = self.at(i)?;
        if !(a.digits() && a.text.len() == 4) {
            return None;
        }
        let y: i32 = a.text.parse().ok()?;
        if !(1000..=2100).contains(&y) {
            return None;
        }
        if self.time_of_day(i) {
            return None;
        }
        // Glued to something: "2009s", "1990s", "2009%", "10:2009", "2018-07".
        if let Some(n) = self.at(i + 1) {
            if n.start == a.end && (n.is_word() || n.is_num() || n.is_punct('%') || n.is_punct(':'))
            {
                return None;
            }
        }
        if i > 0 {
            let p = &self.atoms[i - 1];
            if p.end == a.start
                && (p.is_num()
                    || p.is_word()
                    || p.is_punct('$')
                    || p.is_punct('€')
                    || p.is_punct('£')
                    || p.is_punct('#')
                    || p.is_punct(':'))
            {
                return None;
            }
            if p.is_any(&[
                "no",
                "page",
                "pages",
                "p",
                "pp",
                "vol",
                "volume",
                "issue",
                "number",
                "resolution",
                "article",
                "section",
                "chapter",
                "route",
                "flight",
                "code",
                "model",
            ]) {
                return None;
            }
            if p.is_punct('[') && self.at(i + 1).is_some_and(|n| n.is_punct(']')) {
                return None;
            }
        }
        // What follows: a counted noun makes it a quantity.
        if let Some(n) = self.at(i + 1) {
            if n.is_word() && !n.capitalized() {
                if n.is_any(COUNT_NOUNS) || n.is_any(&["percent", "per"]) {
                    return None;
                }
                let determiner = i > 0
                    && self.atoms[i - 1]
                        .is_any(&["the", "a", "an", "s", "its", "their", "his", "her"]);
                let plural = n.lower.len() > 3
                    && n.lower.ends_with('s')
                    && !n.lower.ends_with("ss")
                    && !n.is_any(&["was", "has", "is", "as", "this", "thus", "its", "us"]);
                if plural && !cued && !determiner {
                    return None;
                }
            }
        }
        if !cued && y < 1900 {
            return None;
        }
        Some(y)
    }

    /// A full or partial date at `i`.
    fn core(&self, i: usize, cued: bool) -> Option<(usize, Partial)> {
        let a = self.at(i)?;
        // Month-first: "July 3, 2018", "Jul. 3", "October 2021", "October of 2021", "March".
        if let Some((j, m)) = self.month_at(i) {
            if let Some((k, d)) = self.day_at(j) {
                // "May 2019" is month-year, not a day.
                if self.at(j).is_some_and(|x| x.text.len() <= 2) {
                    let mut l = k;
                    if self.at(l).is_some_and(|x| x.is_punct(',')) {
                        l += 1;
                    }
                    if let Some(y) = self.year_value(l, true) {
                        return Some((
                            l + 1,
                            Partial {
                                y: Some(y),
                                m: Some(m),
                                d: Some(d),
                            },
                        ));
                    }
                    // "the March 14 Alliance": a name, not a date.
                    if self.at(k).is_some_and(|x| x.is_word() && x.capitalized())
                        && !self.prev_is_any(i, &["on"])
                    {
                        return None;
                    }
                    return Some((
                        k,
                        Partial {
                            y: None,
                            m: Some(m),
                            d: Some(d),
                        },
                    ));
                }
            }
            let mut k = j;
            if self.at(k).is_some_and(|x| x.is_punct(',') || x.is("of")) {
                k += 1;
            }
            if let Some(y) = self.year_value(k, true) {
                return Some((
                    k + 1,
                    Partial {
                        y: Some(y),
                        m: Some(m),
                        d: None,
                    },
                ));
            }
            if cued {
                return Some((
                    j,
                    Partial {
                        y: None,
                        m: Some(m),
                        d: None,
                    },
                ));
            }
            return None;
        }
        // Day-first: "3 July 2018", "3rd of July", "3 July".
        if let Some((j, d)) = self.day_at(i) {
            let j2 = if self.is(j, "of") { j + 1 } else { j };
            if let Some((k, m)) = self.month_at(j2) {
                let mut l = k;
                if self.at(l).is_some_and(|x| x.is_punct(',')) {
                    l += 1;
                }
                if let Some(y) = self.year_value(l, true) {
                    return Some((
                        l + 1,
                        Partial {
                            y: Some(y),
                            m: Some(m),
                            d: Some(d),
                        },
                    ));
                }
                return Some((
                    k,
                    Partial {
                        y: None,
                        m: Some(m),
                        d: Some(d),
                    },
                ));
            }
        }
        // Numeric: 2018-07-03, 2018/07/03, 07/03/2018, 03.07.2018, 2018-07.
        if a.digits() {
            if let Some(r) = self.numeric(i) {
                return Some(r);
            }
        }
        // A bare year.
        let y = self.year_value(i, cued)?;
        Some((
            i + 1,
            Partial {
                y: Some(y),
                m: None,
                d: None,
            },
        ))
    }

    fn numeric(&self, i: usize) -> Option<(usize, Partial)> {
        let f = |k: usize| {
            self.at(k)
                .filter(|x| x.digits() && self.adjacent(k) || (k == i && x.digits()))
        };
        let sep = |k: usize| {
            self.at(k)
                .filter(|x| (x.is_dash() || x.is_punct('/') || x.is_punct('.')) && self.adjacent(k))
        };
        let a = f(i)?;
        let s1 = sep(i + 1)?;
        let b = f(i + 2)?;
        let sep_char = s1.text.chars().next()?;
        let s2 = sep(i + 3).filter(|s| s.text.starts_with(sep_char));
        let c = s2.and_then(|_| f(i + 4));
        // Not part of a longer chain (a phone number, a version).
        let end = if c.is_some() { i + 5 } else { i + 3 };
        if self.at(end).is_some_and(|x| {
            self.adjacent(end)
                && (x.is_num()
                    || (x.kind == crate::lex::AtomKind::Punct
                        && self
                            .at(end + 1)
                            .is_some_and(|y| y.is_num() && self.adjacent(end + 1))))
        }) {
            return None;
        }
        let n = |x: &Atom| x.text.parse::<u32>().ok();
        match c {
            Some(c) => {
                if a.text.len() == 4 && b.text.len() <= 2 && c.text.len() <= 2 {
                    // ISO (or Y/M/D)
                    let (y, m, d) = (n(a)? as i32, n(b)? as u8, n(c)? as u8);
                    Date::new(y, m, d)?;
                    return Some((
                        end,
                        Partial {
                            y: Some(y),
                            m: Some(m),
                            d: Some(d),
                        },
                    ));
                }
                if a.text.len() <= 2 && b.text.len() <= 2 && c.text.len() == 4 {
                    let (x, z, y) = (n(a)? as u8, n(b)? as u8, n(c)? as i32);
                    if !(1000..=2100).contains(&y) {
                        return None;
                    }
                    let (m, d) = if x > 12 {
                        (z, x)
                    } else if z > 12 || x == z {
                        (x, z)
                    } else {
                        match self.order {
                            DateOrder::MonthFirst => (x, z),
                            DateOrder::DayFirst => (z, x),
                            DateOrder::Unknown => {
                                Date::new(y, x, z).or(Date::new(y, z, x))?;
                                // "04/03/2012: On Tuesday …": the weekday
                                // told right after picks the reading
                                let wd = (end..(end + 40).min(self.atoms.len()))
                                    .find_map(|k| weekday_word(&self.atoms[k]));
                                let fits = |m: u8, d: u8| {
                                    Date::new(y, m, d).is_some_and(|x| Some(x.weekday()) == wd)
                                };
                                let pick = match (fits(x, z), fits(z, x)) {
                                    (true, false) => Some((x, z)),
                                    (false, true) => Some((z, x)),
                                    _ => None,
                                };
                                if let Some((m, d)) = pick {
                                    return Some((
                                        end,
                                        Partial {
                                            y: Some(y),
                                            m: Some(m),
                                            d: Some(d),
                                        },
                                    ));
                                }
                                return Some((
                                    end,
                                    Partial {
                                        y: Some(y),
                                        m: None,
                                        d: None,
                                    },
                                ));
                            }
                        }
                    };
                    Date::new(y, m, d)?;
                    return Some((
                        end,
                        Partial {
                            y: Some(y),
                            m: Some(m),
                            d: Some(d),
                        },
                    ));
                }
                None
            }
            None => {
                // 2018-07 (zero-padded month), not "2014-16".
                if a.text.len() == 4
                    && b.text.len() == 2
                    && b.text.starts_with('0')
                    && sep_char != '.'
                {
                    let (y, m) = (n(a)? as i32, n(b)? as u8);
                    if (1000..=2100).contains(&y) && (1..=12).contains(&m) {
                        return Some((
                            end,
                            Partial {
                                y: Some(y),
                                m: Some(m),
                                d: None,
                            },
                        ));
                    }
                }
                None
            }
        }
    }

    /// A count of units: "four", "4", "a", "an", "one", "twenty-five".
    fn count(&self, i: usize) -> Option<(usize, i64)> {
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

    fn unit_at(&self, i: usize) -> Option<(Unit, i64)> {
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
    fn relative(&self, i: usize) -> Option<Found> {
        let found = |b: usize, value: Pending| {
            Some(Found {
                a: i,
                b,
                kind: DateKind::Relative,
                value,
                qualifier: None,
            })
        };
        let shift = |unit, n, deictic| Pending::Shift {
            unit,
            n,
            deictic,
            part: Mod::None,
        };
        // "four years earlier", "a year later", "two years ago"
        if let Some((j, n)) = self.count(i) {
            if let Some((u, mult)) = self.unit_at(j) {
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
                    "ago" => return found(j + 2, shift(u, -n * mult, true)),
                    _ => return None,
                };
                // "two years after 2010": counted from that date.
                if self.is_any(j + 1, &["after", "before"]) {
                    if let Some((k, t)) = self.term(j + 2, true) {
                        if let Some(base) = t.resolve(None) {
                            let e = resolve(&shift(u, sign * n * mult, false), Some(&base));
                            return e.and_then(|e| found(k, Pending::Done(e)));
                        }
                    }
                }
                // "after" / "before" followed by a noun phrase ("two years after the war") still counts.
                return found(j + 2, shift(u, sign * n * mult, false));
            }
        }
        // "the following year", "the previous month", "the next day", "the same year"
        if self.is(i, "the") {
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
                    return found(i + 3, shift(u, n * mult, false));
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
                        return found(i + 3, shift(u, n * mult, false));
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
            return None;
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
                    return found(i + 3, shift(u, 0, false));
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
                    return found(i + 2, shift(u, n, deictic));
                }
            }
            // "last Saturday"
            if let Some(wd) = self.at(i + 1).and_then(weekday_word) {
                let dir = if self.is(i, "next") { 1 } else { -1 };
                return found(i + 2, Pending::Weekday { wd, dir });
            }
        }
        if self.is(i, "yesterday") {
            return found(i + 1, shift(Unit::Day, -1, true));
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

    /// Marks the dates inside citation parentheses.
    fn mark_citations(&self, found: &mut [Found]) {
        let atoms = self.atoms;
        let mut i = 0;
        while i < atoms.len() {
            if !atoms[i].is_punct('(') {
                i += 1;
                continue;
            }
            let Some(close) = (i + 1..atoms.len().min(i + 60))
                .find(|&k| atoms[k].is_punct(')') || atoms[k].is_punct('('))
            else {
                i += 1;
                continue;
            };
            if !atoms[close].is_punct(')') {
                i = close;
                continue;
            }
            // Parts separated by ';'.
            let mut parts = Vec::new();
            let mut s = i + 1;
            for (k, atom) in atoms.iter().enumerate().take(close + 1).skip(i + 1) {
                if k == close || atom.is_punct(';') {
                    parts.push((s, k));
                    s = k + 1;
                }
            }
            let is_citation = !parts.is_empty()
                && parts.iter().all(|&(s, e)| {
                    found.iter().any(|f| {
                        f.b == e
                            && f.a >= s
                            && (f.a == s || atoms[f.a - 1].is_punct(','))
                            && !matches!(
                                f.value,
                                Pending::Shift { .. }
                                    | Pending::Portion { .. }
                                    | Pending::Past { .. }
                                    | Pending::Weekday { .. }
                            )
                    })
                });
            if is_citation {
                for f in found.iter_mut().filter(|f| f.a > i && f.b <= close) {
                    f.kind = DateKind::Citation;
                }
            }
            i = close + 1;
        }
    }
}

// ---------------------------------------------------------------- resolution

/// Options for finding dates.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    /// The document's publication date (anchor of deictic expressions and of
    /// citation dates without a year).
    pub published: Option<Edtf>,
    /// How to read ambiguous numeric dates.
    pub order: DateOrder,
}

/// Resolves found expressions in text order; `(sentence, found, atoms)`.
fn resolve_all<'a>(
    items: impl Iterator<Item = (usize, Found, &'a [Atom])>,
    ctx: &DateContext,
) -> Vec<(usize, usize, usize, Edtf, DateKind)> {
    let mut out = Vec::new();
    let mut last: Option<Edtf> = None;
    let mut last_citation: Option<Edtf> = None;
    // A dateline ("03/15/2012: On Thursday …", "KORVATSK, 9 November 2017 –"):
    // the day a leading date names is the reference of weekdays and other
    // deictic words, before the publication date.
    let mut dateline: Option<Edtf> = None;
    let mut first = true;
    let items: Vec<(usize, Found, &[Atom])> = items.collect();
    for (n, &(sentence, f, atoms)) in items.iter().enumerate() {
        // "Sunday's attack …, officials said on 4 April 2017": a weekday
        // is the one before the day its own sentence is reported on
        let reported = matches!(f.value, Pending::Weekday { .. })
            .then(|| {
                reporting_date(
                    &items,
                    n,
                    dateline.or(ctx.published).or(last),
                    last.or(ctx.published),
                )
            })
            .flatten();
        let anchor = if f.kind == DateKind::Citation {
            ctx.published.or(last_citation).or(last)
        } else if let Some(r) = reported {
            Some(r)
        } else if f.value.deictic() {
            dateline.or(ctx.published).or(last)
        } else {
            last.or(ctx.published)
        };
        let Some(mut e) = resolve(&f.value, anchor.as_ref()) else {
            continue;
        };
        // A date without a year, read against the publication date, lies
        // before it: "(, March 3)" in a report of February 2022 is 2021-03-03.
        if let (Some(p), Some(a)) = (ctx.published, anchor) {
            let year_only = matches!(f.value, Pending::NeedYear(_) | Pending::RangeNeedYear(..));
            if year_only && a == p && e.interval().0 > p.interval().1 {
                if let Some(prev) = resolve(&f.value, Some(&p.shift_years(-1))) {
                    e = prev;
                }
            }
        }
        if f.qualifier.is_some() {
            e = e.with_qualifier(f.qualifier);
        }
        // a dateline ends with a dash, a colon or a parenthesis ("(Wire)")
        let closed = atoms
            .get(f.b)
            .is_some_and(|x| x.is_dash() || x.is_punct(':') || x.is_punct('('));
        if first
            && sentence == 0
            && f.kind != DateKind::Citation
            && f.a <= 12
            && closed
            && !f.value.deictic()
        {
            let (a, b) = e.interval();
            if a == b && e.qualifier().is_none() {
                dateline = Some(e);
            }
        }
        first = false;
        if f.kind == DateKind::Citation {
            last_citation = Some(e);
        } else {
            last = Some(e);
        }
        out.push((sentence, atoms[f.a].start, atoms[f.b - 1].end, e, f.kind));
    }
    out
}

/// Verbs that report what a sentence tells ("officials said on 4 April").
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "announced",
    "reported",
    "confirmed",
    "stated",
    "added",
    "disclosed",
    "revealed",
];

/// The day the sentence of `items[n]` is reported on: another date of the
/// same sentence that names one day and follows a reporting verb and "on"
/// ("police said on 12 November 2018", "the ministry announced on Monday"),
/// resolved against `deictic` when it is itself deictic ("on Monday"),
/// else against `fallback` when it needs a year.
fn reporting_date(
    items: &[(usize, Found, &[Atom])],
    n: usize,
    deictic: Option<Edtf>,
    fallback: Option<Edtf>,
) -> Option<Edtf> {
    let (sentence, _, atoms) = items[n];
    // only the dates of the same sentence (items are in text order), so the
    // cost stays linear in the document
    let before = items[..n].iter().rev();
    let after = items[n + 1..].iter();
    before
        .take_while(|(s, _, _)| *s == sentence)
        .chain(after.take_while(|(s, _, _)| *s == sentence))
        .filter(|(_, g, _)| g.kind != DateKind::Citation && g.a >= 2)
        .find_map(|(_, g, _)| {
            let on = atoms[g.a - 1].is("on");
            // "said on", "said late on", "told reporters on"
            let verb = (g.a.saturating_sub(4)..g.a - 1).any(|k| atoms[k].is_any(REPORTING_VERBS));
            if !(on && verb) {
                return None;
            }
            let anchor = if g.value.deictic() { deictic } else { fallback };
            let e = resolve(&g.value, anchor.as_ref())?;
            let (a, b) = e.interval();
            (a == b && e.qualifier().is_none()).then_some(e)
        })
}

/// Finds the dates of a plain text (one sentence or several; the text is
/// not split into sentences, all get sentence 0). Offsets are char offsets
/// into `text`.
///
/// ```
/// use dossier_temporal::{find_dates, DateContext};
/// let found = find_dates("In 2013 the plot failed. Four years earlier, gunmen struck.", &DateContext::default());
/// let v: Vec<String> = found.iter().map(|d| d.edtf.to_string()).collect();
/// assert_eq!(v, ["2013", "2009"]);
/// ```
pub fn find_dates(text: &str, ctx: &DateContext) -> Vec<FoundDate> {
    let mut atoms = Vec::new();
    atomize(text, 0, None, &mut atoms);
    let found = Scanner {
        atoms: &atoms,
        order: ctx.order,
    }
    .scan();
    let chars: Vec<char> = text.chars().collect();
    resolve_all(found.into_iter().map(|f| (0, f, &atoms[..])), ctx)
        .into_iter()
        .map(|(_, start, end, edtf, kind)| FoundDate {
            start,
            end,
            text: chars[start..end].iter().collect(),
            edtf,
            kind,
        })
        .collect()
}

/// Char spans of the date expressions of one atom list (used by quantities
/// to skip numbers that are dates).
pub(crate) fn date_spans(atoms: &[Atom]) -> Vec<(usize, usize)> {
    Scanner {
        atoms,
        order: DateOrder::Unknown,
    }
    .scan()
    .into_iter()
    .map(|f| (atoms[f.a].start, atoms[f.b - 1].end))
    .collect()
}

/// The `"dates"` component: fills [`Doc::dates`] (sorted by position, with
/// sentence indices). Requires tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct DatesComponent {
    /// How to read ambiguous numeric dates.
    pub order: DateOrder,
}

impl DatesComponent {
    /// A component with the given numeric date order.
    pub fn new(order: DateOrder) -> Self {
        DatesComponent { order }
    }
}

/// Finds and resolves every date of `doc` (what the component assigns).
pub fn extract_dates(doc: &Doc, order: DateOrder) -> Vec<DateMention> {
    let published = doc
        .meta
        .published
        .as_deref()
        .map(|p| p.split('T').next().unwrap_or(p))
        .and_then(|p| {
            Edtf::parse(p).ok().or_else(|| {
                dossier_doc::edtf::edtf_interval(p).map(|(a, b)| Edtf::from_interval(a, b))
            })
        });
    let ctx = DateContext { published, order };
    let per_sentence = sentence_atoms(doc);
    // Sentences are scanned independently: long documents on several threads.
    let found: Vec<(usize, Vec<Found>, &[Atom])> =
        dossier_doc::parallel::map_ranges(per_sentence.len(), 200, |range| {
            per_sentence[range]
                .iter()
                .map(|(s, atoms)| (*s, Scanner { atoms, order }.scan(), &atoms[..]))
                .collect()
        });
    let items = found
        .iter()
        .flat_map(|(s, fs, atoms)| fs.iter().map(move |f| (*s, *f, *atoms)));
    let mut out: Vec<DateMention> = resolve_all(items, &ctx)
        .into_iter()
        .map(|(sentence, start, end, e, kind)| DateMention {
            start,
            end,
            sentence,
            text: doc.slice(start, end).to_string(),
            edtf: e.to_string(),
            kind,
        })
        .collect();
    out.sort_by_key(|d| (d.start, d.end));
    out
}

impl Component for DatesComponent {
    fn name(&self) -> &str {
        "dates"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Tokens]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Pos]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Dates]
    }
    /// Uses the document's own `date_order` metadata (`Meta::extra`, read
    /// with [`DateOrder::from_name`]) when present, else the component's.
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        let order = doc
            .meta
            .extra
            .get("date_order")
            .and_then(|n| DateOrder::from_name(n))
            .unwrap_or(self.order);
        doc.dates = extract_dates(doc, order);
        Ok(())
    }
}

// ---------------------------------------------------------------- helpers for extractors

/// The best event date of sentence `sentence`: its first non-citation date
/// that is not a bound (`since 2014`), else its first non-citation date.
pub fn sentence_date(doc: &Doc, sentence: usize) -> Option<&DateMention> {
    let all: Vec<&DateMention> = doc
        .dates
        .iter()
        .filter(|d| d.sentence == sentence && d.kind != DateKind::Citation)
        .collect();
    all.iter()
        .copied()
        .find(|d| d.kind == DateKind::Range || bound_word(&d.text).is_none())
        .or_else(|| all.first().copied())
}

/// The non-citation date of sentence `sentence` nearest to char offset
/// `char_offset` (distance 0 inside it; ties go to the earlier one).
pub fn date_near(doc: &Doc, sentence: usize, char_offset: usize) -> Option<&DateMention> {
    doc.dates
        .iter()
        .filter(|d| d.sentence == sentence && d.kind != DateKind::Citation)
        .min_by_key(|d| {
            if char_offset < d.start {
                d.start - char_offset
            } else {
                char_offset.saturating_sub(d.end.saturating_sub(1))
            }
        })
}

/// The EDTF dates of the cited sources in sentence `sentence` (in order,
/// without duplicates), for [`dossier_doc::Evidence::cited`].
pub fn citation_dates(doc: &Doc, sentence: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in doc
        .dates
        .iter()
        .filter(|d| d.sentence == sentence && d.kind == DateKind::Citation)
    {
        if !out.contains(&d.edtf) {
            out.push(d.edtf.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(published: Option<&str>) -> DateContext {
        DateContext {
            published: published.map(|p| Edtf::parse(p).unwrap()),
            order: DateOrder::Unknown,
        }
    }

    fn values(text: &str, published: Option<&str>) -> Vec<(String, String)> {
        find_dates(text, &ctx(published))
            .into_iter()
            .map(|d| (d.text, d.edtf.to_string()))
            .collect()
    }

    #[test]
    fn a_weekday_is_anchored_on_its_sentences_reporting_date() {
        // published a week later: Sunday is the one before the reporting day
        let v = values(
            "Sunday's attack on a checkpoint near Vessk killed 12, officials said on 4 April 2017.",
            Some("2017-04-12"),
        );
        assert_eq!(v[0], ("Sunday".to_string(), "2017-04-02".to_string()));
        assert_eq!(v[1].1, "2017-04-04");
        let v = values(
            "Friday's ambush near Oldmere killed four officers, the police command said on 12 November 2018.",
            Some("2018-11-20"),
        );
        assert_eq!(v[0].1, "2018-11-09");
        // a reporting weekday anchors another weekday of its sentence
        let v = values(
            "The ministry said on Monday that the raid on Saturday left two dead.",
            Some("2019-02-20"),
        );
        assert_eq!(v[0].1, "2019-02-18");
        assert_eq!(v[1].1, "2019-02-16");
        // a date that is not a reporting date does not anchor the weekday
        let v = values(
            "On Tuesday gunmen attacked the town they had raided on 4 April 2017.",
            Some("2017-04-12"),
        );
        assert_eq!(v[0].1, "2017-04-11");
    }

    #[test]
    fn a_leading_date_anchors_the_weekday() {
        // published a week and a half later: Thursday is the dateline's
        let v = values(
            "03/15/2012: On Thursday gunmen attacked a post.",
            Some("2012-03-28"),
        );
        assert_eq!(v[1], ("Thursday".to_string(), "2012-03-15".to_string()));
        let v = values(
            "KORVATSK, 9 November 2017 – A bomb exploded on Tuesday.",
            Some("2017-11-20"),
        );
        assert_eq!(v[1].1, "2017-11-07");
        // an ambiguous numeric dateline read by the weekday after it
        let v = values(
            "04/03/2012: On Tuesday gunmen attacked a post.",
            Some("2012-04-20"),
        );
        assert_eq!(v[0].1, "2012-04-03");
        assert_eq!(v[1].1, "2012-04-03");
        let v = values(
            "04/03/2012: On Sunday gunmen attacked a post.",
            Some("2012-04-20"),
        );
        assert_eq!(v[0].1, "2012-03-04");
        // without a dateline the publication date anchors it
        let v = values("On Thursday gunmen attacked a post.", Some("2012-03-28"));
        assert_eq!(v[0].1, "2012-03-22");
        // a date later in the story is no dateline
        let v = values(
            "Gunmen attacked a post in the hills of the northern province on 3 March 2012. On Thursday they struck again.",
            Some("2012-03-28"),
        );
        assert_eq!(v[1].1, "2012-03-22");
    }

    #[test]
    fn times_of_day_are_not_years() {
        for t in [
            "The blast went off at around 2200 on Thursday.",
            "A bomb exploded at 0415 hours on 2 February 2011.",
            "The attack began at 1930 local time.",
            "Shelling lasted from 1900 until 2300.",
            "Monitors counted 43 explosions between 0500 and 0700 hours.",
            "Fighters struck at 2015 hrs.",
            "The raid came around 1800 on Friday.",
        ] {
            let v = values(t, Some("2011-02-07"));
            let clocks: Vec<&str> = t
                .split(|c: char| !c.is_ascii_digit())
                .filter(|w| w.len() == 4)
                .filter(|w| *w != "2011")
                .collect();
            assert!(
                v.iter().all(|(m, _)| !clocks.iter().any(|c| m.contains(c))),
                "{t}: {v:?}"
            );
        }
        // years stay years
        assert_eq!(values("In 1900 the town was founded.", None)[0].1, "1900");
        assert_eq!(
            values("The group was formed around 1980.", None)[0].1,
            "1980~"
        );
        assert_eq!(values("The attack of 2015 killed nine.", None)[0].1, "2015");
    }

    /// (text, published, expected [(mention text, edtf)]) — own sentences.
    #[test]
    fn text_to_edtf_table() {
        type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                "The raid took place on July 3, 2018 in Norvik.",
                None,
                &[("July 3, 2018", "2018-07-03")],
            ),
            (
                "It happened on 3 July 2018.",
                None,
                &[("3 July 2018", "2018-07-03")],
            ),
            (
                "It happened on the 3rd of July, 2018.",
                None,
                &[("3rd of July, 2018", "2018-07-03")],
            ),
            (
                "Logged 2018-07-03 by the guard.",
                None,
                &[("2018-07-03", "2018-07-03")],
            ),
            (
                "Filed 07/23/2018 at noon.",
                None,
                &[("07/23/2018", "2018-07-23")],
            ),
            (
                "Filed 23/07/2018 at noon.",
                None,
                &[("23/07/2018", "2018-07-23")],
            ),
            ("Filed 07/03/2018 at noon.", None, &[("07/03/2018", "2018")]),
            (
                "The camp opened Jul. 3 in the valley.",
                Some("2019-05"),
                &[("Jul. 3", "2018-07-03")],
            ),
            (
                "Talks collapsed in October 2021.",
                None,
                &[("October 2021", "2021-10")],
            ),
            (
                "The Red Lantern Front was formed in 2009.",
                None,
                &[("2009", "2009")],
            ),
            (
                "Smuggling grew in the 1990s.",
                None,
                &[("the 1990s", "1990/1999")],
            ),
            (
                "Smuggling grew in the early 1990s.",
                None,
                &[("the early 1990s", "1990/1993")],
            ),
            (
                "In early 2016, Arvo Pell founded the Ash Brigade.",
                None,
                &[("early 2016", "2016-01/2016-04")],
            ),
            (
                "By mid-2016 it had grown.",
                None,
                &[("By mid-2016", "2016-05/2016-08")],
            ),
            (
                "The cell dissolved in late 2021.",
                None,
                &[("late 2021", "2021-09/2021-12")],
            ),
            (
                "At the beginning of 2016 they met.",
                None,
                &[("the beginning of 2016", "2016-01/2016-04")],
            ),
            (
                "At the end of 2016 they split.",
                None,
                &[("the end of 2016", "2016-09/2016-12")],
            ),
            (
                "Fighting resumed in the spring of 2019.",
                None,
                &[("the spring of 2019", "2019-21")],
            ),
            (
                "Fighting resumed in winter 2019.",
                None,
                &[("winter 2019", "2019-24")],
            ),
            (
                "The unit was created around 2015 near Dorvel.",
                None,
                &[("around 2015", "2015~")],
            ),
            (
                "It was created circa 1998.",
                None,
                &[("circa 1998", "1998~")],
            ),
            (
                "The siege lasted between 2014 and 2016.",
                None,
                &[("between 2014 and 2016", "2014/2016")],
            ),
            (
                "The siege lasted 2014–2016.",
                None,
                &[("2014–2016", "2014/2016")],
            ),
            (
                "The siege lasted 2014-16.",
                None,
                &[("2014-16", "2014/2016")],
            ),
            (
                "Raids went on from March to May 2019.",
                None,
                &[("from March to May 2019", "2019-03/2019-05")],
            ),
            (
                "Raids went on from 3 to 5 July 2018.",
                None,
                &[("from 3 to 5 July 2018", "2018-07-03/2018-07-05")],
            ),
            (
                "It has operated since 2014.",
                None,
                &[("since 2014", "2014")],
            ),
            ("It was active by 2018.", None, &[("by 2018", "2018")]),
            (
                "A bomb went off in 2013. Four years earlier, in 2009, six men were held.",
                None,
                &[
                    ("2013", "2013"),
                    ("Four years earlier", "2009"),
                    ("2009", "2009"),
                ],
            ),
            (
                "The vote was in 2015. Two years later the party split.",
                None,
                &[("2015", "2015"), ("Two years later", "2017")],
            ),
            (
                "The vote was in 2015. The following year it split.",
                None,
                &[("2015", "2015"), ("The following year", "2016")],
            ),
            (
                "The vote was in May 2015. The previous month it split.",
                None,
                &[("May 2015", "2015-05"), ("The previous month", "2015-04")],
            ),
            (
                "Last month the militia attacked a depot.",
                Some("2022-02-10"),
                &[("Last month", "2022-01")],
            ),
            (
                "Last year the militia attacked a depot.",
                Some("2022-02"),
                &[("Last year", "2021")],
            ),
            (
                "This year the militia grew.",
                Some("2022-02"),
                &[("This year", "2022")],
            ),
            (
                "On Saturday gunmen attacked a checkpoint.",
                Some("2022-02-09"),
                &[("Saturday", "2022-02-05")],
            ),
            (
                "Yesterday gunmen attacked a checkpoint.",
                Some("2022-02-09"),
                &[("Yesterday", "2022-02-08")],
            ),
            (
                "Earlier this month gunmen attacked a checkpoint.",
                Some("2022-02-09"),
                &[("Earlier this month", "2022-02-01/2022-02-09")],
            ),
            (
                "Twelve years ago the front was born.",
                Some("2022-02"),
                &[("Twelve years ago", "2010")],
            ),
            (
                "Its roots go back to the 19th century.",
                None,
                &[("the 19th century", "1801/1900")],
            ),
            (
                "Output fell in the first half of 2020.",
                None,
                &[("the first half of 2020", "2020-01/2020-06")],
            ),
            (
                "Talks ran 3–5 July 2018 in Vesk.",
                None,
                &[("3–5 July 2018", "2018-07-03/2018-07-05")],
            ),
            (
                "Talks ran July 3–5, 2018 in Vesk.",
                None,
                &[("July 3–5, 2018", "2018-07-03/2018-07-05")],
            ),
            (
                "Over the past three years the front grew.",
                Some("2022-02"),
                &[("the past three years", "2019/2022")],
            ),
            (
                "Last Saturday the front struck.",
                Some("2022-02-09"),
                &[("Last Saturday", "2022-02-05")],
            ),
            (
                "The front struck at the end of last year.",
                Some("2022-02-09"),
                &[("the end of last year", "2021-09/2021-12")],
            ),
            (
                "They met on May 2, 2019. A week later they struck.",
                None,
                &[
                    ("May 2, 2019", "2019-05-02"),
                    ("A week later", "2019-05-09"),
                ],
            ),
            (
                "They met on May 2, 2019. The next day they struck.",
                None,
                &[
                    ("May 2, 2019", "2019-05-02"),
                    ("The next day", "2019-05-03"),
                ],
            ),
            (
                "They met in 2011. That year the front split.",
                None,
                &[("2011", "2011"), ("That year", "2011")],
            ),
            ("They said that year after year the front grew.", None, &[]),
            (
                "They met in 2011. In that year the front split.",
                None,
                &[("2011", "2011"), ("that year", "2011")],
            ),
            (
                "The vote was in 2015. Two years after 2010 the party split.",
                None,
                &[("2015", "2015"), ("Two years after 2010", "2012")],
            ),
            (
                "From 2014 to 2016 the front grew.",
                None,
                &[("From 2014 to 2016", "2014/2016")],
            ),
            (
                "Attacks rose in mid-July 2018.",
                None,
                &[("mid-July 2018", "2018-07-11/2018-07-20")],
            ),
            (
                "Ties were cut (, October 4, 2021).",
                None,
                &[("October 4, 2021", "2021-10-04")],
            ),
        ];
        let mut failures = Vec::new();
        for (text, published, expected) in cases {
            let found = find_dates(text, &ctx(*published));
            let got: Vec<(String, String)> = found
                .iter()
                .map(|d| (d.text.clone(), d.edtf.to_string()))
                .collect();
            let want: Vec<(String, String)> = expected
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            if got != want {
                failures.push(format!("{text}\n   got  {got:?}\n   want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn uncertain_and_dated_forms() {
        let f = find_dates("It was possibly in 2004 that the cell formed.", &ctx(None));
        assert_eq!(f[0].edtf.to_string(), "2004?");
        let mut c = ctx(None);
        c.order = DateOrder::MonthFirst;
        assert_eq!(
            find_dates("Filed 07/03/2018.", &c)[0].edtf.to_string(),
            "2018-07-03"
        );
        c.order = DateOrder::DayFirst;
        assert_eq!(
            find_dates("Filed 07/03/2018.", &c)[0].edtf.to_string(),
            "2018-03-07"
        );
    }

    #[test]
    fn year_needs_context() {
        for text in [
            "The brigade fielded 2,000 fighters.",
            "The brigade fielded 1500 fighters.",
            "Some 2000 men joined.",
            "See page 2010 of the file.",
            "It cost $2015 in total.",
            "Volume: 20 Issue: 4",
            "Support reached 1998 percent.",
        ] {
            let f = find_dates(text, &ctx(None));
            assert!(f.is_empty(), "{text}: {f:?}");
        }
        for (text, y) in [
            ("2009 — the year it began.", "2009"),
            ("During the 2020 war the town fell.", "2020"),
            ("Victims of a 2015 crackdown gathered.", "2015"),
        ] {
            let f = find_dates(text, &ctx(None));
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(f[0].edtf.to_string(), y);
        }
    }

    #[test]
    fn citations_are_marked_and_never_anchor() {
        let text = "The Amber Guard raided a port (, April 30, 2021;, March 31, 2021). Ties soured (, February 4). Two years later it struck again.";
        let f = find_dates(text, &ctx(Some("2022-02")));
        let got: Vec<(String, DateKind)> = f.iter().map(|d| (d.edtf.to_string(), d.kind)).collect();
        assert_eq!(
            got,
            [
                ("2021-04-30".to_string(), DateKind::Citation),
                ("2021-03-31".to_string(), DateKind::Citation),
                ("2022-02-04".to_string(), DateKind::Citation),
                ("2024".to_string(), DateKind::Relative),
            ]
        );
        // A parenthesis that is not a citation.
        let f = find_dates("The group (founded in 2009) grew.", &ctx(None));
        assert_eq!(f[0].kind, DateKind::Explicit);
        let f = find_dates("The group grew (Kestrel Wire, May 2, 2020).", &ctx(None));
        assert_eq!(f[0].kind, DateKind::Citation);
    }

    #[test]
    fn bound_words_are_detected() {
        assert_eq!(bound_word("since 2014"), Some("since"));
        assert_eq!(bound_word("as early as 2018"), Some("as early as"));
        assert_eq!(bound_word("2014"), None);
        let f = find_dates("It was planned as early as 2018.", &ctx(None));
        assert_eq!(f[0].text, "as early as 2018");
    }

    #[test]
    fn months_are_not_verbs() {
        for text in [
            "Protesters may march today.",
            "Iran May Strike Back",
            "They will march on the capital.",
        ] {
            assert!(find_dates(text, &ctx(None)).is_empty(), "{text}");
        }
        let f = find_dates("The talks began in March.", &ctx(Some("2020-06")));
        assert_eq!(f[0].edtf.to_string(), "2020-03");
        // Not after the publication date.
        let f = find_dates("The talks began in March.", &ctx(Some("2020-02")));
        assert_eq!(f[0].edtf.to_string(), "2019-03");
        let f = find_dates("He died in May.", &ctx(Some("2020-06")));
        assert_eq!(f[0].text, "May");
    }

    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];

    proptest! {
        #[test]
        fn early_mid_late_partition_the_year(y in 1000i32..2100) {
            let parts: Vec<(Date, Date)> = ["early", "mid", "late"]
                .iter()
                .map(|m| find_dates(&format!("It grew in {m} {y}."), &ctx(None))[0].edtf.interval())
                .collect();
            prop_assert_eq!(parts[0].0, Date::new(y, 1, 1).unwrap());
            prop_assert_eq!(parts[2].1, Date::new(y, 12, 31).unwrap());
            for w in parts.windows(2) {
                // Disjoint and contiguous: the next part starts the day after.
                prop_assert_eq!(w[0].1.add_days(1), w[1].0);
            }
            // "the beginning of" and "the end of" agree with early and late.
            let b = find_dates(&format!("At the beginning of {y} it grew."), &ctx(None))[0].edtf.interval();
            let e = find_dates(&format!("At the end of {y} it grew."), &ctx(None))[0].edtf.interval();
            prop_assert_eq!(b, parts[0]);
            prop_assert_eq!(e, parts[2]);
        }

        #[test]
        fn relative_years_move_by_exactly_n(y in 1950i32..2050, m in 1u8..13, n in 1usize..13, later in any::<bool>(), digits in any::<bool>()) {
            let count = if digits { n.to_string() } else { WORDS[n - 1].to_string() };
            let dir = if later { "later" } else { "earlier" };
            const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
            let text = format!("The raid came in {} {y}. {count} years {dir} the front split.", MONTHS[m as usize - 1]);
            let found = find_dates(&text, &ctx(None));
            prop_assert_eq!(found.len(), 2, "{}", text);
            let n = n as i32;
            let target = if later { y + n } else { y - n };
            prop_assert_eq!(found[1].edtf.interval(), Edtf::year(target).interval());
            // Against the publication date when no date precedes.
            let text = format!("{count} years {dir} the front split.");
            let found = find_dates(&text, &ctx(Some(&y.to_string())));
            prop_assert_eq!(found[0].edtf, Edtf::year(target));
        }

        #[test]
        fn full_dates_round_trip_through_text(y in 1900i32..2100, m in 1u8..13, d in 1u8..29) {
            const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
            let want = Edtf::day(y, m, d).unwrap();
            for text in [
                format!("It fell on {} {d}, {y}.", MONTHS[m as usize - 1]),
                format!("It fell on {d} {} {y}.", MONTHS[m as usize - 1]),
                format!("It fell on {want}."),
            ] {
                let found = find_dates(&text, &ctx(None));
                prop_assert_eq!(found.len(), 1, "{}", text);
                prop_assert_eq!(found[0].edtf, want);
            }
        }
    }
}
