//! Dates as people read them. Every date is read by the one EDTF type,
//! [`dossier_doc::Edtf`]; this module only words it: `2016-01/2016-04` →
//! "early 2016 (2016-01/2016-04)", `2015~` → "2015 (approx.)", `2018-07-03`
//! → "3 July 2018", `2016-22` → "summer 2016", `199X` → "1990s".

use dossier_doc::edtf::{
    season_name, Date, Edtf, Point, Qualifier, Unspecified, MAX_DATE, MIN_DATE,
};

pub use dossier_doc::edtf::sort_key;

/// The first and last day of an EDTF string, `None` when it cannot be read.
pub fn span(s: &str) -> Option<(Date, Date)> {
    Edtf::parse(s).ok().map(|e| e.interval())
}

/// Whether a day is a real bound, not the stand-in for an open or unknown
/// interval end ([`MIN_DATE`], [`MAX_DATE`]).
pub fn bounded(d: Date) -> bool {
    d != MIN_DATE && d != MAX_DATE
}

/// The year as a fraction (for drawing on a time axis).
pub fn year_fraction(d: Date) -> f64 {
    d.year as f64 + (f64::from(d.month) - 1.0) / 12.0 + (f64::from(d.day) - 1.0) / 372.0
}

fn month_name(m: u8) -> &'static str {
    dossier_doc::edtf::MONTH_NAMES
        .get(usize::from(m).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

fn year_text(y: i32) -> String {
    if y < 0 {
        format!("-{:04}", y.unsigned_abs())
    } else {
        format!("{y:04}")
    }
}

/// One date without its qualifier.
fn point_words(p: &Point) -> String {
    let (first, last) = p.interval();
    let y = year_text(p.year);
    match (p.unspecified, p.month, p.day) {
        (Some(Unspecified::Year(1 | 2)), _, _) => format!("{y}s"),
        (Some(Unspecified::Year(_)), _, _) => format!("{}–{}", first.year, last.year),
        (Some(Unspecified::Month | Unspecified::MonthDay), _, _) | (_, None, _) => y,
        (Some(Unspecified::Day), Some(m), _) => format!("{} {y}", month_name(m)),
        (None, Some(m), Some(d)) => format!("{d} {} {y}", month_name(m)),
        (None, Some(m), None) => match (season_name(m), m) {
            (Some(season), _) => format!("{season} {y}"),
            (None, 33..=36) => {
                let q = ["first", "second", "third", "fourth"][usize::from(m - 33)];
                format!("{q} quarter of {y}")
            }
            (None, 40) => format!("first half of {y}"),
            (None, 41) => format!("second half of {y}"),
            (None, 37..=39) => {
                format!("{}–{} {y}", month_name(first.month), month_name(last.month))
            }
            (None, _) => format!("{} {y}", month_name(m)),
        },
    }
}

fn qualifier_words(p: &Point) -> &'static str {
    match p.qualifier {
        Some(Qualifier::Both) => " (approx., uncertain)",
        Some(Qualifier::Approximate) => " (approx.)",
        Some(Qualifier::Uncertain) => " (uncertain)",
        None => "",
    }
}

fn point_with_qualifier(p: &Point) -> String {
    format!("{}{}", point_words(p), qualifier_words(p))
}

/// A human reading of an EDTF value that keeps its fuzziness visible.
pub fn describe_edtf(e: &Edtf) -> String {
    match e {
        Edtf::Single(p) => point_with_qualifier(p),
        Edtf::Since(a, _) => format!("since {}", point_with_qualifier(a)),
        Edtf::Until(_, b) => format!("before {}", point_with_qualifier(b)),
        Edtf::Interval(a, b) => {
            // Thirds and halves of one year: early / mid / late.
            let plain = |p: &Point| {
                p.qualifier.is_none()
                    && p.unspecified.is_none()
                    && p.day.is_none()
                    && p.month.is_some_and(|m| (1..=12).contains(&m))
            };
            if plain(a) && plain(b) && a.year == b.year {
                let part = match (a.month, b.month) {
                    (Some(1), Some(4)) => Some("early"),
                    (Some(5), Some(8)) => Some("mid"),
                    (Some(9), Some(12)) => Some("late"),
                    (Some(1), Some(6)) => Some("first half of"),
                    (Some(7), Some(12)) => Some("second half of"),
                    _ => None,
                };
                if let Some(w) = part {
                    return format!("{w} {} ({e})", a.year);
                }
            }
            format!("{}–{}", point_with_qualifier(a), point_with_qualifier(b))
        }
    }
}

/// [`describe_edtf`] of an EDTF string; a value that is not EDTF is
/// returned as it is.
pub fn describe(s: &str) -> String {
    let t = s.trim();
    match Edtf::parse(t) {
        Ok(e) => describe_edtf(&e),
        Err(_) => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_keep_fuzziness() {
        for (s, want) in [
            ("2016-01/2016-04", "early 2016 (2016-01/2016-04)"),
            ("2021-09/2021-12", "late 2021 (2021-09/2021-12)"),
            ("2015~", "2015 (approx.)"),
            ("2015?", "2015 (uncertain)"),
            ("2015%", "2015 (approx., uncertain)"),
            ("2018-07-03", "3 July 2018"),
            ("2021-10", "October 2021"),
            ("2014/2016", "2014–2016"),
            ("2016-22", "summer 2016"),
            ("2016-24", "winter 2016"),
            ("199X", "1990s"),
            ("19XX", "1900s"),
            ("2016-07-XX", "July 2016"),
            ("2016/..", "since 2016"),
            ("../2016-05", "before May 2016"),
            ("2016~/2018", "2016 (approx.)–2018"),
            ("2019-33", "first quarter of 2019"),
            ("nonsense", "nonsense"),
            ("", ""),
        ] {
            assert_eq!(describe(s), want, "{s}");
        }
    }

    #[test]
    fn ordering_puts_undated_last() {
        let mut v = vec![
            None,
            Some("2018-07-03"),
            Some("2016-01/2016-04"),
            Some("2016"),
            Some("2016-21"),
        ];
        v.sort_by_key(|x| sort_key(x.map(|s| Edtf::parse(s).unwrap()).as_ref()));
        assert_eq!(
            v,
            vec![
                Some("2016-01/2016-04"),
                Some("2016"),
                Some("2016-21"),
                Some("2018-07-03"),
                None
            ]
        );
        assert!(!bounded(span("2016/..").unwrap().1));
        assert!(bounded(span("2016/2018").unwrap().1));
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_described_without_panic(s in "\\PC{0,24}") {
            let _ = describe(&s);
        }
    }
}
