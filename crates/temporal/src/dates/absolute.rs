//! Absolute dates: a day, month, year, decade or century, with fuzzy modifiers
//! ("early 2016", "the end of"), as a term and as EDTF.

use super::*;

// ---------------------------------------------------------------- internal values

/// A date with possibly missing fields.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Partial {
    pub(super) y: Option<i32>,
    pub(super) m: Option<u8>,
    pub(super) d: Option<u8>,
}

impl Partial {
    pub(super) fn to_edtf(self) -> Option<Edtf> {
        match (self.y?, self.m, self.d) {
            (y, None, _) => Some(Edtf::year(y)),
            (y, Some(m), None) => Edtf::month(y, m),
            (y, Some(m), Some(d)) => Edtf::day(y, m, d),
        }
    }
    pub(super) fn with_year(self, y: i32) -> Partial {
        Partial {
            y: Some(self.y.unwrap_or(y)),
            ..self
        }
    }
}

/// A part of a year or month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Mod {
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
pub(super) fn apply_mod(m: Mod, e: Edtf) -> Option<Edtf> {
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
pub(super) enum Term {
    Part(Partial, Mod),
    Fixed(Edtf),
}

impl Term {
    pub(super) fn resolve(self, year: Option<i32>) -> Option<Edtf> {
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
    pub(super) fn needs_year(self) -> bool {
        matches!(self, Term::Part(Partial { y: None, .. }, _))
    }
    pub(super) fn is_fuzzy(self) -> bool {
        !matches!(self, Term::Part(_, Mod::None) | Term::Fixed(_))
    }
}

impl<'a> Scanner<'a> {
    /// "July 3–5, 2018": a bare day (and the year) after a month and day.
    pub(super) fn day_tail(&self, k: usize, t1: Term) -> Option<(usize, Term)> {
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
    pub(super) fn short_year(&self, k: usize, t1: Term) -> Option<(usize, Term)> {
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

    /// A bare day number as the left end of a range ("3" in "3–5 July 2018").
    pub(super) fn bare_day(&self, j: usize) -> Option<(usize, Term)> {
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
    pub(super) fn term(&self, i: usize, cued: bool) -> Option<(usize, Term)> {
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
    pub(super) fn decade_or_century(&self, i: usize) -> Option<(usize, Edtf)> {
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
    pub(super) fn day_at(&self, i: usize) -> Option<(usize, u8)> {
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
    pub(super) fn month_at(&self, i: usize) -> Option<(usize, u8)> {
        let m = month_word(
            self.at(i)?,
            i.checked_sub(1).and_then(|p| self.at(p)),
            self.at(i + 1),
        )?;
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
    pub(super) fn time_of_day(&self, i: usize) -> bool {
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
    pub(super) fn year_value(&self, i: usize, cued: bool) -> Option<i32> {
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
        // Glued to something: "2009s", "1990s", "2009%", "10:2009", "2018-07",
        // "2016:30" (but "May 14, 2016: A bomber …" ends a dateline)
        if let Some(n) = self.at(i + 1) {
            let clock = n.is_punct(':')
                && self
                    .at(i + 2)
                    .is_none_or(|x| x.start == n.end && (x.is_num() || x.is_word()));
            if n.start == a.end && (n.is_word() || n.is_num() || n.is_punct('%') || clock) {
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
    pub(super) fn core(&self, i: usize, cued: bool) -> Option<(usize, Partial)> {
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
        if let Some(p) = self.dotted(i) {
            return Some((i + 1, p));
        }
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

    /// "5.3.2016" (one number atom with two dots): a dotted date, written
    /// day first where both fields could be the month (month-first writing
    /// uses slashes), unless the document's order or a weekday told right
    /// after it says otherwise.
    pub(super) fn dotted(&self, i: usize) -> Option<Partial> {
        let a = self.at(i)?;
        let parts: Vec<&str> = a.text.split('.').collect();
        let [x, z, y] = parts[..] else { return None };
        if !a.is_num()
            || x.is_empty()
            || x.len() > 2
            || z.is_empty()
            || z.len() > 2
            || y.len() != 4
            || ![x, z, y]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let (x, z, y): (u8, u8, i32) = (x.parse().ok()?, z.parse().ok()?, y.parse().ok()?);
        if !(1000..=2100).contains(&y) {
            return None;
        }
        let wd = (i + 1..(i + 40).min(self.atoms.len())).find_map(|k| weekday_word(&self.atoms[k]));
        let fits = |m: u8, d: u8| Date::new(y, m, d).is_some_and(|x| Some(x.weekday()) == wd);
        // month first only where the document's order or a weekday says so
        let month_first = self.order == DateOrder::MonthFirst || (fits(x, z) && !fits(z, x));
        let (m, d) = if x > 12 || (z <= 12 && x != z && !month_first) {
            (z, x)
        } else {
            (x, z)
        };
        Date::new(y, m, d)?;
        Some(Partial {
            y: Some(y),
            m: Some(m),
            d: Some(d),
        })
    }

    pub(super) fn numeric(&self, i: usize) -> Option<(usize, Partial)> {
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
}
