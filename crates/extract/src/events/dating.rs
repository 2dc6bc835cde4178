//! Dating: which event types need a date, the date of a trigger's clause, and
//! whether two drafts' dates can be one happening.

use super::*;

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
pub(super) fn clause_date(ctx: &Ctx, v: &SentView, i: usize, etype: EventType) -> Option<String> {
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
    ctx.dates_in(v.sentence)
        .filter(|d| d.kind != dossier_doc::DateKind::Citation)
        .filter(|d| d.start >= lo && d.end <= hi)
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
        .map(|d| d.edtf.clone())
        .or_else(|| ctx.date_near(v.sentence, at))
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

/// Whether two events can be one happening.
pub(super) fn compatible_dates(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            let (x, y) = (
                x.trim_end_matches(['~', '?']),
                y.trim_end_matches(['~', '?']),
            );
            let year = |s: &str| s.chars().take(4).collect::<String>();
            x.starts_with(y) || y.starts_with(x) || year(x) == year(y)
        }
        _ => true,
    }
}
