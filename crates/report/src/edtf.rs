//! A small EDTF reader for ordering, filtering and displaying dates: `YYYY`,
//! `YYYY-MM`, `YYYY-MM-DD`, seasons (`YYYY-21`…`YYYY-24`), unspecified digits
//! (`201X`), the qualifiers `~` `?` `%`, and intervals `a/b` (with open
//! `..` ends). It only turns a value into the span of days it covers and a
//! human reading of it. Single dates are read by `dossier-temporal`
//! (`edtf_interval`), which also extracts them; this module adds open
//! interval ends, unspecified digits and the human descriptions.

use std::fmt;

/// A calendar day (proleptic Gregorian; only its order matters here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

impl Day {
    /// The first day of a year.
    pub fn year_start(year: i32) -> Day {
        Day {
            year,
            month: 1,
            day: 1,
        }
    }

    /// The last day of a year.
    pub fn year_end(year: i32) -> Day {
        Day {
            year,
            month: 12,
            day: 31,
        }
    }

    /// The year as a fraction (for drawing on a time axis).
    pub fn as_year_fraction(self) -> f64 {
        self.year as f64
            + (f64::from(self.month) - 1.0) / 12.0
            + (f64::from(self.day) - 1.0) / 372.0
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// The days an EDTF value may denote, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// First possible day.
    pub start: Day,
    /// Last possible day.
    pub end: Day,
}

impl Interval {
    /// Whether two intervals share at least one day.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// One EDTF date (no interval): its span, as `dossier-temporal` reads it,
/// else by the local reader (unspecified digits `201X`, leading qualifiers).
fn parse_single(s: &str) -> Option<Interval> {
    let s = s.trim();
    if s.is_empty() || s.contains('/') {
        return None;
    }
    let day = |d: dossier_temporal::Date| Day {
        year: d.year,
        month: d.month,
        day: d.day,
    };
    dossier_temporal::edtf_interval(s)
        .map(|(a, b)| Interval {
            start: day(a),
            end: day(b),
        })
        .or_else(|| parse_local(s))
}

/// The local reader of one EDTF date.
fn parse_local(s: &str) -> Option<Interval> {
    let s = s.trim().trim_end_matches(['~', '?', '%']);
    let s = s.trim_start_matches(['~', '?', '%']);
    if s.is_empty() {
        return None;
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut parts = body.split('-');
    let ystr = parts.next()?;
    if ystr.len() < 4
        || !ystr
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x')
    {
        return None;
    }
    let lo: i32 = ystr.replace(['X', 'x'], "0").parse().ok()?;
    let hi: i32 = ystr.replace(['X', 'x'], "9").parse().ok()?;
    let (lo, hi) = if neg { (-hi, -lo) } else { (lo, hi) };
    let Some(mstr) = parts.next() else {
        return Some(Interval {
            start: Day::year_start(lo),
            end: Day::year_end(hi),
        });
    };
    if lo != hi || mstr.len() != 2 {
        return None;
    }
    let year = lo;
    if mstr.eq_ignore_ascii_case("XX") {
        return parts.next().is_none().then(|| Interval {
            start: Day::year_start(year),
            end: Day::year_end(year),
        });
    }
    let m: u8 = mstr.parse().ok()?;
    if (21..=24).contains(&m) {
        if parts.next().is_some() {
            return None;
        }
        // Northern-hemisphere seasons: spring Mar–May, summer Jun–Aug,
        // autumn Sep–Nov, winter Dec–Feb of the next year.
        let (sm, ey, em) = match m {
            21 => (3, year, 5),
            22 => (6, year, 8),
            23 => (9, year, 11),
            _ => (12, year + 1, 2),
        };
        return Some(Interval {
            start: Day {
                year,
                month: sm,
                day: 1,
            },
            end: Day {
                year: ey,
                month: em,
                day: days_in_month(ey, em),
            },
        });
    }
    if !(1..=12).contains(&m) {
        return None;
    }
    let Some(dstr) = parts.next() else {
        return Some(Interval {
            start: Day {
                year,
                month: m,
                day: 1,
            },
            end: Day {
                year,
                month: m,
                day: days_in_month(year, m),
            },
        });
    };
    if parts.next().is_some() || dstr.len() != 2 {
        return None;
    }
    if dstr.eq_ignore_ascii_case("XX") {
        return Some(Interval {
            start: Day {
                year,
                month: m,
                day: 1,
            },
            end: Day {
                year,
                month: m,
                day: days_in_month(year, m),
            },
        });
    }
    let d: u8 = dstr.parse().ok()?;
    if d == 0 || d > days_in_month(year, m) {
        return None;
    }
    let day = Day {
        year,
        month: m,
        day: d,
    };
    Some(Interval {
        start: day,
        end: day,
    })
}

/// The span of days an EDTF value covers (intervals `a/b` from the start of
/// `a` to the end of `b`; open ends `..` or empty take the other end's span).
/// `None` when the value cannot be read.
pub fn interval(s: &str) -> Option<Interval> {
    let s = s.trim();
    if let Some((a, b)) = s.split_once('/') {
        let open = |x: &str| x.trim().is_empty() || x.trim() == "..";
        return match (open(a), open(b)) {
            (true, true) => None,
            (true, false) => parse_single(b),
            (false, true) => parse_single(a),
            (false, false) => {
                let (ia, ib) = (parse_single(a)?, parse_single(b)?);
                (ia.start <= ib.end).then_some(Interval {
                    start: ia.start,
                    end: ib.end,
                })
            }
        };
    }
    parse_single(s)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(m: u8) -> &'static str {
    MONTHS
        .get(usize::from(m).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// A reading of a single (non-interval) value without its qualifier.
fn describe_single(s: &str) -> Option<String> {
    let iv = parse_single(s)?;
    let core = s.trim().trim_matches(['~', '?', '%']);
    let parts: Vec<&str> = core.split('-').collect();
    Some(match parts.as_slice() {
        [y] if y.contains(['X', 'x']) => {
            let y = y.to_ascii_uppercase();
            let xs = y.chars().filter(|c| *c == 'X').count();
            match xs {
                1 => format!("{}0s", &y[..3]),
                2 => format!("{}00s", &y[..2]),
                _ => format!("{}–{}", iv.start.year, iv.end.year),
            }
        }
        [y] => y.to_string(),
        [y, m] => match *m {
            "21" => format!("spring {y}"),
            "22" => format!("summer {y}"),
            "23" => format!("autumn {y}"),
            "24" => format!("winter {y}"),
            "XX" | "xx" => y.to_string(),
            _ => format!("{} {y}", month_name(iv.start.month)),
        },
        _ if iv.start == iv.end => format!(
            "{} {} {}",
            iv.start.day,
            month_name(iv.start.month),
            iv.start.year
        ),
        _ => format!("{} {}", month_name(iv.start.month), iv.start.year),
    })
}

/// A human reading of an EDTF value that keeps its fuzziness visible:
/// `2016-01/2016-04` → "early 2016 (2016-01/2016-04)", `2015~` →
/// "2015 (approx.)", `2018-07-03` → "3 July 2018", `2014/2016` →
/// "2014–2016". Unreadable values are returned as they are.
pub fn describe(s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        return String::new();
    }
    if let Some((a, b)) = t.split_once('/') {
        let (a, b) = (a.trim(), b.trim());
        // Thirds of one year: early / mid / late.
        if let (Some(ia), Some(ib)) = (parse_single(a), parse_single(b)) {
            let plain = |x: &str| x.len() == 7 && !x.contains(['~', '?', '%', 'X']);
            if plain(a) && plain(b) && ia.start.year == ib.start.year {
                let third = match (ia.start.month, ib.start.month) {
                    (1, 4) => Some("early"),
                    (5, 8) => Some("mid"),
                    (9, 12) => Some("late"),
                    (1, 6) => Some("first half of"),
                    (7, 12) => Some("second half of"),
                    _ => None,
                };
                if let Some(w) = third {
                    return format!("{w} {} ({t})", ia.start.year);
                }
            }
        }
        let open = |x: &str| x.is_empty() || x == "..";
        return match (open(a), open(b)) {
            (true, true) => t.to_string(),
            (true, false) => format!("before {}", describe(b)),
            (false, true) => format!("since {}", describe(a)),
            (false, false) => match (describe_single(a), describe_single(b)) {
                (Some(x), Some(y)) => format!("{}{}–{}{}", x, qualifier(a), y, qualifier(b)),
                _ => t.to_string(),
            },
        };
    }
    match describe_single(t) {
        Some(d) => format!("{d}{}", qualifier(t)),
        None => t.to_string(),
    }
}

fn qualifier(s: &str) -> &'static str {
    let s = s.trim();
    if s.ends_with('%') || s.starts_with('%') {
        " (approx., uncertain)"
    } else if s.ends_with('~') || s.starts_with('~') {
        " (approx.)"
    } else if s.ends_with('?') || s.starts_with('?') {
        " (uncertain)"
    } else {
        ""
    }
}

/// Ordering key of an optional date: dated values by start then end, undated last.
pub fn sort_key(date: Option<&str>) -> (u8, Option<Interval>) {
    match date.and_then(interval) {
        Some(iv) => (0, Some(iv)),
        None => (1, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, dd: u8) -> Day {
        Day {
            year: y,
            month: m,
            day: dd,
        }
    }

    #[test]
    fn intervals_of_forms() {
        let cases: &[(&str, Day, Day)] = &[
            ("2009", d(2009, 1, 1), d(2009, 12, 31)),
            ("2021-10", d(2021, 10, 1), d(2021, 10, 31)),
            ("2020-02", d(2020, 2, 1), d(2020, 2, 29)),
            ("2018-07-03", d(2018, 7, 3), d(2018, 7, 3)),
            ("2016-01/2016-04", d(2016, 1, 1), d(2016, 4, 30)),
            ("2015~", d(2015, 1, 1), d(2015, 12, 31)),
            ("2015?", d(2015, 1, 1), d(2015, 12, 31)),
            ("2016-21", d(2016, 3, 1), d(2016, 5, 31)),
            ("2016-24", d(2016, 12, 1), d(2017, 2, 28)),
            ("201X", d(2010, 1, 1), d(2019, 12, 31)),
            ("2014/2016", d(2014, 1, 1), d(2016, 12, 31)),
            ("../2016", d(2016, 1, 1), d(2016, 12, 31)),
            ("2016/..", d(2016, 1, 1), d(2016, 12, 31)),
        ];
        for (s, a, b) in cases {
            let iv = interval(s).unwrap_or_else(|| panic!("{s} unreadable"));
            assert_eq!((iv.start, iv.end), (*a, *b), "{s}");
        }
    }

    #[test]
    fn bad_values_are_none() {
        for s in [
            "",
            "soon",
            "2016-13",
            "2016-02-30",
            "16",
            "2016/2015",
            "../..",
            "2016-1",
            "2016-01-01-01",
        ] {
            assert!(interval(s).is_none(), "{s}");
        }
    }

    #[test]
    fn descriptions_keep_fuzziness() {
        assert_eq!(describe("2016-01/2016-04"), "early 2016 (2016-01/2016-04)");
        assert_eq!(describe("2021-09/2021-12"), "late 2021 (2021-09/2021-12)");
        assert_eq!(describe("2015~"), "2015 (approx.)");
        assert_eq!(describe("2015?"), "2015 (uncertain)");
        assert_eq!(describe("2018-07-03"), "3 July 2018");
        assert_eq!(describe("2021-10"), "October 2021");
        assert_eq!(describe("2014/2016"), "2014–2016");
        assert_eq!(describe("2016-22"), "summer 2016");
        assert_eq!(describe("199X"), "1990s");
        assert_eq!(describe("nonsense"), "nonsense");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panic(s in "\\PC{0,24}") {
            let _ = describe(&s);
            if let Some(iv) = interval(&s) {
                proptest::prop_assert!(iv.start <= iv.end);
            }
        }

        #[test]
        fn intervals_are_ordered_and_contain_their_ends(y in 1i32..3000, m in 1u8..=12, d in 1u8..=28, y2 in 0i32..20) {
            let a = format!("{y:04}-{m:02}-{d:02}");
            let b = format!("{:04}", y + y2);
            let iv = interval(&format!("{a}/{b}")).unwrap();
            proptest::prop_assert_eq!(iv.start, interval(&a).unwrap().start);
            proptest::prop_assert_eq!(iv.end, interval(&b).unwrap().end);
            proptest::prop_assert!(iv.overlaps(&interval(&b).unwrap()));
        }
    }

    #[test]
    fn ordering_puts_undated_last() {
        let mut v = vec![
            None,
            Some("2018-07-03"),
            Some("2016-01/2016-04"),
            Some("2016"),
        ];
        v.sort_by_key(|x| sort_key(*x));
        assert_eq!(
            v,
            vec![
                Some("2016-01/2016-04"),
                Some("2016"),
                Some("2018-07-03"),
                None
            ]
        );
        assert!(interval("2016")
            .unwrap()
            .overlaps(&interval("2016-05").unwrap()));
        assert!(!interval("2017")
            .unwrap()
            .overlaps(&interval("2016-05").unwrap()));
    }
}
