//! Anchoring: relative and year-less dates resolved against the nearest
//! preceding date or the publication date.

use super::*;

pub(super) fn resolve(p: &Pending, anchor: Option<&Edtf>) -> Option<Edtf> {
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

/// Resolves found expressions in text order; `(sentence, found, atoms)`.
/// `opens_line(s)`: whether sentence `s` starts a line of the text (where a
/// dateline may stand).
pub(super) fn resolve_all<'a>(
    items: impl Iterator<Item = (usize, Found, &'a [Atom])>,
    ctx: &DateContext,
    opens_line: &dyn Fn(usize) -> bool,
) -> Vec<(usize, usize, usize, Edtf, DateKind)> {
    let mut out = Vec::new();
    let mut last: Option<Edtf> = None;
    // The story's time for a date without a year: the last date finer
    // than a year, or a year that opens its sentence ("In 2016, …"); a
    // year inside a sentence is background ("a militia formed in 2016 …
    // On 18 April, …" is the April of the story, not of 2016).
    let mut last_frame: Option<Edtf> = None;
    let mut last_citation: Option<Edtf> = None;
    // A dateline ("03/15/2012: On Thursday …", "KORVATSK, 9 November 2017 –"):
    // the day a leading date names is the reference of weekdays and other
    // deictic words, before the publication date, until the next dateline
    // (a digest of wire items has one per item: "PEMBA, March 5 - … on
    // Wednesday" is that 5 March).
    let mut dateline: Option<Edtf> = None;
    let mut prev_sentence: Option<usize> = None;
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
        // a dateline ends with a dash, a colon or a parenthesis ("(Wire)")
        // and is the first date of a sentence that opens a line
        let closed = atoms
            .get(f.b)
            .is_some_and(|x| x.is_dash() || x.is_punct(':') || x.is_punct('('));
        let first = prev_sentence != Some(sentence) && opens_line(sentence);
        prev_sentence = Some(sentence);
        let at_dateline =
            first && f.kind != DateKind::Citation && f.a <= 12 && closed && !f.value.deictic();
        let anchor = if f.kind == DateKind::Citation {
            ctx.published.or(last_citation).or(last)
        } else if at_dateline && matches!(f.value, Pending::NeedYear(_)) {
            // "SHYMKENT, March 10 -": the story's day, in the year it was
            // published, whatever years the story before it told
            ctx.published.or(last)
        } else if let Some(r) = reported {
            Some(r)
        } else if f.value.deictic() {
            dateline.or(ctx.published).or(last)
        } else if matches!(f.value, Pending::NeedYear(_) | Pending::RangeNeedYear(..)) {
            last_frame.or(last).or(ctx.published)
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
        if at_dateline {
            let (a, b) = e.interval();
            if a == b && e.qualifier().is_none() {
                dateline = Some(e);
            }
        }
        if f.kind == DateKind::Citation {
            last_citation = Some(e);
        } else {
            last = Some(e);
            let (a, b) = e.interval();
            let whole_year = a.year == b.year && (a.month, a.day, b.month, b.day) == (1, 1, 12, 31);
            // "In 2016, …" at the start of its sentence (or of a text
            // searched whole)
            let opens =
                f.a <= 3 || (f.a >= 2 && atoms[f.a - 1].is("in") && atoms[f.a - 2].is_punct('.'));
            if !whole_year || opens || last_frame.is_none() {
                last_frame = Some(e);
            }
        }
        out.push((sentence, atoms[f.a].start, atoms[f.b - 1].end, e, f.kind));
    }
    out
}

/// Verbs that report what a sentence tells ("officials said on 4 April"):
/// a date after them and "on" is the day of the report, not of the event.
/// The one list; the event extractor reads it too.
pub const REPORTING_VERBS: &[&str] = &[
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
pub(super) fn reporting_date(
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
