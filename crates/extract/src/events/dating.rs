//! Dating: which event types need a date, the date of a trigger's clause, and
//! whether two drafts' dates can be one happening.

use super::*;
use dossier_doc::edtf::{Point, Qualifier};

/// Event types that are kept only with a date (undated ones are usually generic).
pub(super) const NEEDS_DATE: &[EventType] = &[
    EventType::Attack,
    EventType::Plot,
    EventType::Protest,
    EventType::Crackdown,
    EventType::MilitaryExercise,
    EventType::ArmedConflict,
    EventType::Meeting,
    EventType::Statement,
    EventType::Appointment,
];

/// The date of the trigger at `i`: the nearest one in its own clause (between
/// semicolons) if there is one, else the nearest in the sentence.
pub(super) fn clause_date(ctx: &Ctx, v: &SentView, i: usize, etype: EventType) -> Option<Edtf> {
    let at = v.units[i].start;
    let lo = (0..i)
        .rev()
        .find(|&k| v.w(k) == ";")
        .map_or(0, |k| v.units[k].end);
    let hi = (i + 1..v.len())
        .find(|&k| v.w(k) == ";")
        .map_or(usize::MAX, |k| v.units[k].start);
    // a noun's own phrase ("a bombing at the station in 2007 that …"): its
    // date before one of another clause ("founded the group in 2004 and …")
    let nominal = lexicon::event_trigger(v.w(i)).is_some_and(|t| t.nominal);
    let np_end = (i + 1..v.len())
        .find(|&k| {
            matches!(
                v.w(k),
                "that" | "which" | "who" | "," | ";" | "and" | "when"
            )
        })
        .map_or(usize::MAX, |k| v.units[k].start);
    let background = |d: &dossier_doc::DateMention| {
        etype != EventType::Founding && describes_founding(v, d.start)
    };
    ctx.dates_in(v.sentence)
        .filter(|d| d.kind != dossier_doc::DateKind::Citation)
        .filter(|d| d.start >= lo && d.end <= hi)
        .filter(|d| !background(d))
        .min_by_key(|d| {
            // a dateline ("KADRA, 12 May —", "03/15/2012:") dates the story,
            // a date of the clause dates the event
            let after: String = ctx
                .doc
                .slice(d.end, (d.end + 4).min(ctx.doc.len_chars()))
                .trim_start()
                .chars()
                .take(1)
                .collect();
            let dateline = v.sentence == 0
                && d.start < 60
                && matches!(after.as_str(), "—" | "–" | "-" | ":" | "(");
            // "Saturday's bombing": the possessive day before the noun is its own
            let possessive = nominal && d.end <= at && {
                let between = ctx.doc.slice(d.end, at);
                (between.starts_with("'s") || between.starts_with("’s"))
                    && between.split_whitespace().count() <= 3
            };
            let own = nominal && (possessive || (d.start >= at && d.end <= np_end));
            // "officials said on 4 April": the day it was told, not the
            // event's (unless the event is the telling)
            let reporting = etype != EventType::Statement && reported_on(v, d.start);
            let dist = if d.end <= at {
                at - d.end
            } else {
                d.start.saturating_sub(at)
            };
            (dateline, reporting, !own, dist)
        })
        .map(|d| d.edtf)
        .or_else(|| {
            dossier_temporal::nearest_date(ctx.dates_in(v.sentence).filter(|d| !background(d)), at)
                .map(|d| d.edtf)
        })
}

/// Whether the date starting at char `start` of sentence `v` tells when a
/// group it describes was founded, in a phrase set off from the clause ("G,
/// founded in 1984, …", "a vigilante group formed in 2015 by local
/// hunters"): a founding participle right before it ("in" / "on" between),
/// itself after a comma, a group noun or an article, not an auxiliary.
/// Such a date is no date of the sentence's other events.
pub(super) fn describes_founding(v: &SentView, start: usize) -> bool {
    let Some(k) = (0..v.len()).rev().find(|&k| v.units[k].end <= start) else {
        return false;
    };
    if !matches!(v.w(k), "in" | "on") || k < 2 {
        return false;
    }
    let verb = k - 1;
    matches!(
        v.w(verb),
        "founded" | "formed" | "established" | "created" | "co-founded"
    ) && (v.w(verb - 1) == ","
        || is_in(lexicon::GROUP_NOUNS, v.w(verb - 1))
        || v.w(verb - 1) == "newly")
}

/// Whether sentence `s` has a date of its own beyond those describing a
/// group's founding in passing (`describes_founding`).
pub(super) fn has_own_date(ctx: &Ctx, v: &SentView) -> bool {
    ctx.dates_in(v.sentence)
        .any(|d| d.kind != dossier_doc::DateKind::Citation && !describes_founding(v, d.start))
}

/// Whether the date starting at char `start` of sentence `v` is the day
/// something was reported ("police said on Monday", "officials told
/// reporters on 4 April 2017"): "on" after a reporting verb.
pub fn reported_on(v: &SentView, start: usize) -> bool {
    let Some(k) = (0..v.len()).find(|&k| v.units[k].start == start) else {
        return false;
    };
    let on = v.w(k.wrapping_sub(1)) == "on"
        || (v.w(k.wrapping_sub(2)) == "on" && matches!(v.w(k - 1), "late" | "early"));
    on && (k.saturating_sub(5)..k).any(|q| is_in(lexicon::REPORTING_VERBS, v.w(q)))
}

/// Whether two events can be one happening: undated, or dated to the same
/// year (the year their first date is in).
pub(super) fn compatible_dates(a: &Option<Edtf>, b: &Option<Edtf>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => first_year(x) == first_year(y),
        _ => true,
    }
}

/// Whether two single dates name different days or months of one year
/// ("On 4 April …" and "On 26 April …", "in March" and "in June"): two
/// happenings, however alike. A date that names only the year, or an
/// interval, differs from none.
pub(super) fn distinct_days(a: &Option<Edtf>, b: &Option<Edtf>) -> bool {
    let (Some(Edtf::Single(x)), Some(Edtf::Single(y))) = (a, b) else {
        return false;
    };
    let exact = |p: &Point| {
        p.qualifier.is_none() && p.unspecified.is_none() && p.month.is_some_and(|m| m <= 12)
    };
    x.year == y.year
        && exact(x)
        && exact(y)
        && match (x.month, y.month) {
            (Some(m), Some(n)) if m != n => true,
            (Some(_), Some(_)) => matches!((x.day, y.day), (Some(d), Some(e)) if d != e),
            _ => false,
        }
}

/// Whether two dates can be one happening's: compatible, and not two
/// different days or months of their year.
pub(super) fn same_time(a: &Option<Edtf>, b: &Option<Edtf>) -> bool {
    compatible_dates(a, b) && !distinct_days(a, b)
}

/// The year of the first date an EDTF value names (`None` for an interval
/// with an open or unknown start).
fn first_year(e: &Edtf) -> Option<i32> {
    match e {
        Edtf::Single(p) | Edtf::Interval(p, _) | Edtf::Since(p, _) => Some(p.year),
        Edtf::Until(..) => None,
    }
}

/// Whether date `y` refines date `x` ("in 2011" … "in June 2011"): two
/// single dates, `y` inside the same year, month and day as far as `x`
/// names them, and written more precisely — a finer unit, or the same unit
/// with a qualifier where `x` has none. A date qualified both ways (`%`)
/// is refined by none.
pub(super) fn refines(x: &Edtf, y: &Edtf) -> bool {
    let (Edtf::Single(x), Edtf::Single(y)) = (x, y) else {
        return false;
    };
    let fields = |p: &Point| usize::from(p.month.is_some()) + usize::from(p.day.is_some());
    x.qualifier != Some(Qualifier::Both)
        && x.unspecified.is_none()
        && y.unspecified.is_none()
        && x.year == y.year
        && (x.month.is_none() || x.month == y.month)
        && (x.day.is_none() || x.day == y.day)
        && (fields(y) > fields(x)
            || (fields(y) == fields(x) && x.qualifier.is_none() && y.qualifier.is_some()))
}

/// How precisely a date is written, for preferring a day-dated event to a
/// vaguely dated one: 1 for an interval, else the length of the EDTF text
/// of a single date with a four-digit year (`2011` 4, `2011~` 5, `2011-06`
/// 7, `2011-06-03` 10).
pub(super) fn written_precision(e: &Edtf) -> usize {
    match e {
        Edtf::Single(p) => {
            4 + 3 * usize::from(p.month.is_some())
                + 3 * usize::from(p.day.is_some())
                + usize::from(p.qualifier.is_some())
        }
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every single date and interval of 2010–2011 extraction can write:
    /// years, months, seasons and days, with and without qualifiers.
    fn values() -> Vec<Edtf> {
        let mut points = Vec::new();
        for y in [2010, 2011] {
            let mut p = vec![Point::year(y)];
            for m in [1u8, 6, 21] {
                p.push(Point {
                    month: Some(m),
                    ..Point::year(y)
                });
            }
            p.extend([3u8, 4].iter().filter_map(|&d| Point::day(y, 6, d)));
            for x in p {
                for q in [
                    None,
                    Some(Qualifier::Approximate),
                    Some(Qualifier::Uncertain),
                    Some(Qualifier::Both),
                ] {
                    points.push(Point { qualifier: q, ..x });
                }
            }
        }
        let mut out: Vec<Edtf> = points.iter().map(|&p| Edtf::Single(p)).collect();
        out.push(Edtf::parse("2010/2011").unwrap());
        out.push(Edtf::parse("2011-01/2011-04").unwrap());
        out.push(Edtf::parse("2010-06-03/2011-06-04").unwrap());
        out
    }

    /// The rules as they read the EDTF text before dates were typed, kept
    /// as the oracle: the typed rules must decide exactly as they did.
    fn compatible_text(x: &str, y: &str) -> bool {
        let (x, y) = (
            x.trim_end_matches(['~', '?']),
            y.trim_end_matches(['~', '?']),
        );
        let year = |s: &str| s.chars().take(4).collect::<String>();
        x.starts_with(y) || y.starts_with(x) || year(x) == year(y)
    }
    fn refines_text(x: &str, y: &str) -> bool {
        !x.contains('/')
            && !y.contains('/')
            && y.len() > x.len()
            && y.starts_with(x.trim_end_matches(['~', '?']))
    }

    #[test]
    fn typed_date_rules_decide_as_the_text_rules_did() {
        let all = values();
        assert!(all.len() > 40);
        for x in &all {
            let xs = x.to_string();
            assert_eq!(
                written_precision(x),
                if xs.contains('/') { 1 } else { xs.len() },
                "{xs}"
            );
            for y in &all {
                let ys = y.to_string();
                assert_eq!(
                    compatible_dates(&Some(*x), &Some(*y)),
                    compatible_text(&xs, &ys),
                    "{xs} {ys}"
                );
                assert_eq!(
                    refines(x, y),
                    refines_text(&xs, &ys),
                    "{xs} refined by {ys}"
                );
            }
            assert!(compatible_dates(&Some(*x), &None));
        }
        let e = |s: &str| Edtf::parse(s).unwrap();
        assert!(refines(&e("2011"), &e("2011-06")));
        assert!(!refines(&e("2011-06"), &e("2011")));
        assert!(!compatible_dates(&Some(e("2010")), &Some(e("2011-06-03"))));
    }
}
