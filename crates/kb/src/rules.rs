//! The knowledge base's rules about facts, independent of any backend
//! (SQLite and PostgreSQL read through the same engine and call these):
//!
//! - **event identity** ([`same_happening`]): when two event records told by
//!   different documents are one happening, so aggregation merges them;
//! - **attribute compatibility** ([`values_compatible`]): when two values of
//!   one attribute can both be right (`20~` and `20`, `about 20` and `22`;
//!   `2016` and `2016-01/2016-04` for a date);
//! - **contradictions** ([`attribute_contradictions`],
//!   [`event_contradictions`]): two sources that disagree about the same thing
//!   at the same time. A count told for different times (14 members in
//!   2016, about 20 in 2022) is a [`series`], not a contradiction; two
//!   events are compared only when they are one happening that happens once
//!   (a group is founded once), never two attacks by one group.
//!
//! Times are [`Edtf`] values: an attribute holds at its date, else at the
//! publication date of the document that tells it; unknown is never "the
//! same time".

use crate::store::{AttributeRecord, Contradiction, EventRecord};
use crate::AttrName;
use dossier_doc::{Edtf, EventType, Role};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Event types that happen once to what they concern (a group is founded
/// once: events sharing a target or participant, the founded group), so two dates of one such happening are a contradiction. Any
/// other type repeats: the same group attacking the same place on two dates
/// is two attacks.
pub const ONCE_ONLY: &[EventType] = &[EventType::Founding];

/// How far an approximate count (`20~`, "about 20") reaches either side of
/// its value, as a fraction of it.
pub const APPROXIMATE_SPREAD: f64 = 0.2;

/// Whether two events of the same type and date are one happening: a
/// shared actor, agents and targets not disjoint where both name them,
/// places not disjoint where both name them; a date coarser than a month
/// (a year, a season, a fuzzy or open date) needs exactly the same actors.
pub fn same_happening(a: &EventRecord, b: &EventRecord) -> bool {
    // Sets as sorted id lists: this runs for every candidate of every
    // event grouped (a profile's events, every export), and hashed sets
    // made it a seventh of a large profile's time.
    let actors = |e: &EventRecord| ids_where(e, |r| r != Role::Location);
    let (aa, ab) = (actors(a), actors(b));
    if disjoint(&aa, &ab) {
        return false;
    }
    for role in [Role::Agent, Role::Target, Role::Location] {
        let (x, y) = (ids_where(a, |r| r == role), ids_where(b, |r| r == role));
        if !x.is_empty() && !y.is_empty() && disjoint(&x, &y) {
            return false;
        }
    }
    let precise = a.date.is_some_and(|d| d.is_month_precise());
    precise || aa == ab
}

/// The entities of `e`'s participants in the roles `keep` takes, sorted,
/// each once.
fn ids_where(e: &EventRecord, keep: impl Fn(Role) -> bool) -> Vec<i64> {
    let mut v: Vec<i64> = e
        .participants
        .iter()
        .filter(|p| keep(p.role))
        .map(|p| p.entity)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether two sorted lists share no element.
fn disjoint(a: &[i64], b: &[i64]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return false,
        }
    }
    true
}

/// (document, credibility) of each claim behind an aggregated record.
type Claims = Vec<(String, u8)>;

/// Cross-document aggregation: one happening told by several documents
/// (see `same_happening`). `raw` is in event id order. Which events make
/// one happening is decided in an order of their content (document id,
/// then the first cited sentence and offsets, type, trigger: see
/// [`content_order`]), each event joining the first group it is the same
/// happening as, so that the groups do not depend on the order the
/// documents were ingested in (store ids follow it); each group's record
/// is then built from its events in id order (the record's id is its
/// lowest), and the groups come in the order of their lowest id.
/// Candidates are looked up by type, flag, date and actor: two events
/// are only the same happening when they share a non-location
/// participant, so a group is indexed under each of its actors (and
/// again when a merge brings it new ones). The work is then linear in
/// the events times the groups that share a date and an actor, not in
/// every group of the date (issue 14: whole-base grouping was
/// quadratic in the base).
pub fn group_events(raw: Vec<(EventRecord, String)>) -> Vec<(EventRecord, BTreeSet<String>)> {
    let member_of = happenings(&raw);
    build_groups(raw, &member_of)
}

/// The indices of `raw` in the order grouping visits them: by document
/// id, first cited sentence, its offsets, type, trigger, date, flag, and
/// the index itself last (two events of one document keep their order
/// of extraction, the same whatever the ingest order).
pub fn content_order(raw: &[(EventRecord, String)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..raw.len()).collect();
    let key = |k: usize| {
        let (e, doc) = &raw[k];
        let first = e.evidence.first().map(|v| (v.sentence, v.start, v.end));
        (
            doc,
            first,
            e.etype.as_str(),
            &e.trigger,
            e.date.map(|d| d.to_string()),
            e.attempted,
            k,
        )
    };
    order.sort_by_cached_key(|&k| key(k));
    order
}

/// Builds each group's record from its events in id order (`member_of`:
/// the group of each event of `raw`), the groups in the order of their
/// first event.
fn build_groups(
    raw: Vec<(EventRecord, String)>,
    member_of: &[usize],
) -> Vec<(EventRecord, BTreeSet<String>)> {
    let mut groups: Vec<Group> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for (k, (ev, doc)) in raw.into_iter().enumerate() {
        match slot.get(&member_of[k]) {
            Some(&i) => absorb(&mut groups[i], ev, doc),
            None => {
                slot.insert(member_of[k], groups.len());
                let claims = vec![(doc.clone(), ev.credibility)];
                groups.push((ev, BTreeSet::from([doc]), claims));
            }
        }
    }
    finish(groups)
}

/// The happening (a group number) of each event of `raw`, decided in
/// [`content_order`] through the (type, flag, date, actor) postings.
fn happenings(raw: &[(EventRecord, String)]) -> Vec<usize> {
    let mut member_of = vec![0; raw.len()];
    // The groups being decided: their merged records (without evidence)
    // and documents.
    let mut groups: Vec<Group> = Vec::new();
    type Key = (EventType, bool, Edtf, i64);
    let mut postings: HashMap<Key, Vec<usize>> = HashMap::new();
    let actors = |e: &EventRecord| -> Vec<i64> {
        let mut a: Vec<i64> = e
            .participants
            .iter()
            .filter(|p| p.role != Role::Location)
            .map(|p| p.entity)
            .collect();
        a.sort_unstable();
        a.dedup();
        a
    };
    let key = |e: &EventRecord, d: Edtf, actor: i64| (e.etype, e.attempted, d, actor);
    let mut cands: Vec<usize> = Vec::new();
    for k in content_order(raw) {
        let (full, doc) = &raw[k];
        let ev = EventRecord {
            evidence: Vec::new(),
            ..full.clone()
        };
        let doc = doc.clone();
        let slot = ev.date.and_then(|d| {
            cands.clear();
            for a in actors(&ev) {
                if let Some(p) = postings.get(&key(&ev, d, a)) {
                    cands.extend_from_slice(p);
                }
            }
            cands.sort_unstable();
            cands.dedup();
            cands
                .iter()
                .copied()
                .find(|&i| !groups[i].1.contains(&doc) && same_happening(&groups[i].0, &ev))
        });
        match slot {
            None => {
                if let Some(d) = ev.date {
                    for a in actors(&ev) {
                        postings
                            .entry(key(&ev, d, a))
                            .or_default()
                            .push(groups.len());
                    }
                }
                member_of[k] = groups.len();
                let claims = vec![(doc.clone(), ev.credibility)];
                groups.push((ev, BTreeSet::from([doc]), claims));
            }
            Some(i) => {
                member_of[k] = i;
                let before = actors(&groups[i].0);
                absorb(&mut groups[i], ev, doc);
                let g = &groups[i].0;
                if let Some(d) = g.date {
                    for a in actors(g) {
                        if before.binary_search(&a).is_err() {
                            postings.entry(key(g, d, a)).or_default().push(i);
                        }
                    }
                }
            }
        }
    }
    member_of
}

/// A group being built: the merged record, its documents and its claims.
type Group = (EventRecord, BTreeSet<String>, Claims);

/// Merges one more document's telling of the same happening into a group:
/// participants joined, the larger counts, the modality of the more
/// credible telling, the best confidence, every cited sentence.
fn absorb(group: &mut Group, ev: EventRecord, doc: String) {
    let (g, docs, claims) = group;
    docs.insert(doc.clone());
    claims.push((doc, ev.credibility));
    for p in ev.participants {
        if !g.participants.contains(&p) {
            g.participants.push(p);
        }
    }
    g.fatalities = g.fatalities.max(ev.fatalities);
    g.injured = g.injured.max(ev.injured);
    if ev.credibility < g.credibility {
        g.modality = ev.modality;
    }
    g.confidence = g.confidence.max(ev.confidence);
    g.credibility = g.credibility.min(ev.credibility);
    g.evidence.extend(ev.evidence);
}

/// The groups with their credibility aggregated over their claims.
fn finish(groups: Vec<Group>) -> Vec<(EventRecord, BTreeSet<String>)> {
    groups
        .into_iter()
        .map(|(mut g, docs, claims)| {
            let c: Vec<(&str, u8)> = claims.iter().map(|(d, c)| (d.as_str(), *c)).collect();
            g.credibility = crate::grading::aggregate(&c);
            (g, docs)
        })
        .collect()
}

/// The non-location participants of an event.
pub fn actor_set(e: &EventRecord) -> HashSet<i64> {
    e.participants
        .iter()
        .filter(|p| p.role != Role::Location)
        .map(|p| p.entity)
        .collect()
}

/// The participants of an event in one role.
pub fn role_set(e: &EventRecord, role: Role) -> HashSet<i64> {
    e.participants
        .iter()
        .filter(|p| p.role == role)
        .map(|p| p.entity)
        .collect()
}

/// What a once-only happening concerns (the group founded): its targets
/// and other participants, not its agents or places.
pub fn founded_set(e: &EventRecord) -> HashSet<i64> {
    e.participants
        .iter()
        .filter(|p| matches!(p.role, Role::Target | Role::Participant))
        .map(|p| p.entity)
        .collect()
}

/// Attribute values compared case- and space-insensitively.
pub fn normalize_value(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The numbers a count value can mean, as a closed range: `14` → 14..14,
/// `20~` or `about 20` → 16..24 ([`APPROXIMATE_SPREAD`]), `100+` or
/// `more than 100` → 100..∞. `None` for a value that is no count.
pub fn count_range(v: &str) -> Option<(f64, f64)> {
    let t = normalize_value(v);
    let mut t = t.as_str();
    let mut approx = false;
    let mut at_least = false;
    for (word, more) in [
        ("about ", false),
        ("around ", false),
        ("some ", false),
        ("roughly ", false),
        ("approximately ", false),
        ("nearly ", false),
        ("more than ", true),
        ("over ", true),
        ("at least ", true),
    ] {
        if let Some(rest) = t.strip_prefix(word) {
            t = rest;
            approx |= !more;
            at_least |= more;
            break;
        }
    }
    if let Some(rest) = t.strip_suffix(['~', '?', '%']) {
        t = rest;
        approx = true;
    } else if let Some(rest) = t.strip_suffix('+') {
        t = rest;
        at_least = true;
    }
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let n: f64 = t.replace(',', "").parse().ok()?;
    Some(if at_least {
        (n, f64::INFINITY)
    } else if approx {
        (
            n * (1.0 - APPROXIMATE_SPREAD),
            n * (1.0 + APPROXIMATE_SPREAD),
        )
    } else {
        (n, n)
    })
}

/// Whether two values of attribute `name` can both be right at once: the
/// same text; for a date-valued attribute, dates that overlap; for counts,
/// ranges that overlap (an approximate count is a range).
pub fn values_compatible(name: &AttrName, a: &str, b: &str) -> bool {
    if normalize_value(a) == normalize_value(b) {
        return true;
    }
    if name.is_date_valued() {
        if let (Ok(x), Ok(y)) = (Edtf::parse(a), Edtf::parse(b)) {
            return x.overlaps(&y);
        }
    }
    match (count_range(a), count_range(b)) {
        (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
        _ => false,
    }
}

/// The documents an attribute record is told by, each with the time it
/// tells the value holds: the record's date, else that document's
/// publication date (`published`), else unknown.
fn told(
    a: &AttributeRecord,
    published: &dyn Fn(&str) -> Option<Edtf>,
) -> BTreeMap<String, Option<Edtf>> {
    let own = a.date;
    a.evidence
        .iter()
        .map(|e| (e.document.clone(), own.or_else(|| published(&e.document))))
        .collect()
}

/// Whether two attribute records disagree: incompatible values told by two
/// different documents about the same time (for a date-valued attribute
/// the value is the time, so any two documents).
pub fn attributes_conflict(
    a: &AttributeRecord,
    b: &AttributeRecord,
    published: &dyn Fn(&str) -> Option<Edtf>,
) -> bool {
    if a.entity != b.entity || a.name != b.name || a.name.is_multi_valued() {
        return false;
    }
    if values_compatible(&a.name, &a.value, &b.value) {
        return false;
    }
    let (ta, tb) = (told(a, published), told(b, published));
    let timeless = a.name.is_date_valued();
    ta.iter().any(|(da, xa)| {
        tb.iter().any(|(db, xb)| {
            da != db && (timeless || matches!((xa, xb), (Some(x), Some(y)) if x.overlaps(y)))
        })
    })
}

/// Attribute contradictions: per entity and attribute, the records that
/// conflict with another ([`attributes_conflict`]), in their given order;
/// only entity `want` when given.
pub fn attribute_contradictions(
    attributes: Vec<AttributeRecord>,
    published: &dyn Fn(&str) -> Option<Edtf>,
    want: Option<i64>,
) -> Vec<Contradiction> {
    let mut by_key: BTreeMap<(i64, String), Vec<AttributeRecord>> = BTreeMap::new();
    for a in attributes {
        if a.name.is_multi_valued() || want.is_some_and(|w| w != a.entity) {
            continue;
        }
        by_key
            .entry((a.entity, a.name.to_string()))
            .or_default()
            .push(a);
    }
    let mut out = Vec::new();
    for ((entity, what), values) in by_key {
        let involved: Vec<bool> = (0..values.len())
            .map(|i| {
                values
                    .iter()
                    .enumerate()
                    .any(|(j, b)| i != j && attributes_conflict(&values[i], b, published))
            })
            .collect();
        if !involved.contains(&true) {
            continue;
        }
        let values = values
            .into_iter()
            .zip(involved)
            .filter_map(|(v, keep)| keep.then_some(v))
            .collect();
        out.push(Contradiction {
            entity,
            what,
            values,
        });
    }
    out
}

/// A value told for several times: one attribute of one entity with its
/// dated values in time order (undated last).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Entity id.
    pub entity: i64,
    /// Attribute name (`member_count`).
    pub name: AttrName,
    /// The values, earliest first.
    pub values: Vec<AttributeRecord>,
}

/// The attributes told with more than one value over time (a count that
/// grew or shrank), each as one [`Series`] sorted by date; date-valued and
/// multi-valued attributes are no series.
pub fn series(attributes: &[AttributeRecord]) -> Vec<Series> {
    let mut by_key: BTreeMap<(i64, &AttrName), Vec<&AttributeRecord>> = BTreeMap::new();
    for a in attributes {
        if a.name.is_multi_valued() || a.name.is_date_valued() {
            continue;
        }
        by_key.entry((a.entity, &a.name)).or_default().push(a);
    }
    by_key
        .into_iter()
        .filter(|(_, v)| {
            let distinct: HashSet<String> = v.iter().map(|a| normalize_value(&a.value)).collect();
            distinct.len() > 1
        })
        .map(|((entity, name), mut values)| {
            values.sort_by(|a, b| {
                dossier_doc::edtf::sort_key(a.date.as_ref())
                    .cmp(&dossier_doc::edtf::sort_key(b.date.as_ref()))
                    .then(a.id.cmp(&b.id))
            });
            Series {
                entity,
                name: name.clone(),
                values: values.into_iter().cloned().collect(),
            }
        })
        .collect()
}

/// Event contradictions: the same once-only happening ([`ONCE_ONLY`]: the
/// founding of one group — events sharing a participant, the founded
/// thing) told by different documents with dates that cannot both be
/// right. Each is reported under the founded entity as a `TYPE date`
/// conflict with the two events as values; only those concerning `want`
/// (the founded entity or an actor of both) when given. Repeatable
/// happenings (attacks, arrests, meetings…) on different dates are
/// different happenings and never compared.
pub fn event_contradictions(
    events: &[(EventRecord, BTreeSet<String>)],
    want: Option<i64>,
) -> Vec<Contradiction> {
    // Candidate pairs: once-only happenings sharing a participant.
    let mut by_thing: HashMap<(EventType, i64), Vec<usize>> = HashMap::new();
    for (i, (e, _)) in events.iter().enumerate() {
        if e.date.is_none() || !ONCE_ONLY.contains(&e.etype) {
            continue;
        }
        for x in founded_set(e) {
            by_thing.entry((e.etype, x)).or_default().push(i);
        }
    }
    // Each pair with every founded thing the two share, in id order (a
    // pair sharing two is a conflict about each: reported under both,
    // whatever order the map gives them in).
    let mut pairs: BTreeMap<(usize, usize), BTreeSet<i64>> = BTreeMap::new();
    for ((_, thing), list) in &by_thing {
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                pairs
                    .entry((i.min(j), i.max(j)))
                    .or_default()
                    .insert(*thing);
            }
        }
    }
    let mut out = Vec::new();
    for ((i, j), thing) in pairs
        .into_iter()
        .flat_map(|(pair, things)| things.into_iter().map(move |t| (pair, t)))
    {
        let ((a, da), (b, db)) = (&events[i], &events[j]);
        if a.etype != b.etype || !da.is_disjoint(db) {
            continue;
        }
        let (Some(x), Some(y)) = (a.date, b.date) else {
            continue;
        };
        if x.overlaps(&y) {
            continue;
        }
        if let Some(w) = want {
            let both = actor_set(a).contains(&w) && actor_set(b).contains(&w);
            if w != thing && !both {
                continue;
            }
        }
        let what = format!("{} date", a.etype);
        let as_attr = |e: &EventRecord| AttributeRecord {
            id: e.id,
            entity: thing,
            name: AttrName::from(what.as_str()),
            value: e.date.map(|d| d.to_string()).unwrap_or_default(),
            date: e.date,
            confidence: e.confidence,
            credibility: e.credibility,
            evidence: e.evidence.clone(),
            review: e.review.clone(),
        };
        out.push(Contradiction {
            entity: thing,
            what: what.clone(),
            values: vec![as_attr(a), as_attr(b)],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{EvidenceRecord, ParticipantRecord};

    fn evidence(doc: &str) -> EvidenceRecord {
        EvidenceRecord {
            document: doc.into(),
            sentence: 0,
            start: 0,
            end: 1,
            text: "…".into(),
            cited: None,
        }
    }

    fn attr(
        id: i64,
        name: &str,
        value: &str,
        date: Option<&str>,
        docs: &[&str],
    ) -> AttributeRecord {
        AttributeRecord {
            id,
            entity: 1,
            name: name.into(),
            value: value.into(),
            date: date.map(|d| d.parse().unwrap()),
            confidence: 0.8,
            credibility: 3,
            evidence: docs.iter().map(|d| evidence(d)).collect(),
            review: None,
        }
    }

    /// Documents `a`…`c` published in February 2022; `u` without a date.
    fn published(doc: &str) -> Option<Edtf> {
        (doc != "u").then(|| Edtf::parse("2022-02").unwrap())
    }

    #[test]
    fn series_or_contradiction_table() {
        // (what the Vardan Hill Guard's two sources say, contradiction?)
        type Told<'a> = (&'a str, &'a str, Option<&'a str>, &'a str);
        let cases: &[(Told, Told, bool, &str)] = &[
            (
                ("member_count", "14", Some("2016"), "a"),
                ("member_count", "20~", Some("2022"), "b"),
                false,
                "a count over time is a series",
            ),
            (
                ("member_count", "20~", Some("2022"), "a"),
                ("member_count", "20", Some("2022"), "b"),
                false,
                "about 20 and 20 agree",
            ),
            (
                ("member_count", "about 20", Some("2022"), "a"),
                ("member_count", "22", Some("2022-02"), "b"),
                false,
                "about 20 reaches 22",
            ),
            (
                ("member_count", "100+", Some("2022"), "a"),
                ("member_count", "350", Some("2022"), "b"),
                false,
                "more than 100 and 350 agree",
            ),
            (
                ("member_count", "14", Some("2022"), "a"),
                ("member_count", "200", Some("2022-02"), "b"),
                true,
                "14 and 200 at one time",
            ),
            (
                ("member_count", "14", None, "a"),
                ("member_count", "200", None, "b"),
                true,
                "undated: both as of their publication, February 2022",
            ),
            (
                ("member_count", "14", None, "u"),
                ("member_count", "200", None, "b"),
                false,
                "one time unknown is not the same time",
            ),
            (
                ("member_count", "14", Some("2018-21"), "a"),
                ("member_count", "200", Some("2018-10"), "b"),
                false,
                "spring and October 2018 are different times",
            ),
            (
                ("member_count", "14", Some("2018"), "a"),
                ("member_count", "200", Some("2018-10"), "b"),
                true,
                "2018 includes October 2018",
            ),
            (
                ("member_count", "14", Some("2022"), "a"),
                ("member_count", "200", Some("2022"), "a"),
                false,
                "one document is not two sources",
            ),
            (
                ("founded", "2016", None, "a"),
                ("founded", "2016-01/2016-04", None, "b"),
                false,
                "early 2016 is in 2016",
            ),
            (
                ("founded", "2012", None, "a"),
                ("founded", "2016", None, "b"),
                true,
                "founded once: 2012 or 2016",
            ),
            (
                ("founded", "2016-21", None, "a"),
                ("founded", "2016-10", None, "b"),
                true,
                "spring 2016 or October 2016",
            ),
            (
                ("founded", "2012", Some("2014"), "a"),
                ("founded", "2016", Some("2022"), "b"),
                true,
                "a date value is its own time",
            ),
            (
                ("title", "commander", None, "a"),
                ("title", "spokesman", None, "b"),
                false,
                "titles are many-valued",
            ),
        ];
        for ((na, va, ta, da), (nb, vb, tb, db), want, why) in cases {
            let (a, b) = (attr(1, na, va, *ta, &[da]), attr(2, nb, vb, *tb, &[db]));
            assert_eq!(attributes_conflict(&a, &b, &published), *want, "{why}");
            assert_eq!(
                attributes_conflict(&b, &a, &published),
                *want,
                "{why} (swapped)"
            );
            let got = attribute_contradictions(vec![a, b], &published, None);
            assert_eq!(!got.is_empty(), *want, "{why}: {got:?}");
        }
    }

    #[test]
    fn a_count_over_time_is_one_series_in_date_order() {
        let attrs = vec![
            attr(3, "member_count", "20~", Some("2022"), &["b"]),
            attr(1, "member_count", "14", Some("2016"), &["a"]),
            attr(2, "member_count", "17", Some("2019-21"), &["c"]),
            attr(4, "founded", "2012", None, &["a"]),
            attr(5, "founded", "2014", None, &["b"]),
        ];
        let s = series(&attrs);
        assert_eq!(s.len(), 1, "{s:?}");
        let values: Vec<_> = s[0].values.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(values, ["14", "17", "20~"]);
        // Only the founding years contradict.
        let c = attribute_contradictions(attrs, &published, None);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].what, "founded");
        // Of three counts only the two told for one time are listed.
        let c = attribute_contradictions(
            vec![
                attr(1, "member_count", "14", Some("2016"), &["a"]),
                attr(2, "member_count", "300", Some("2022"), &["b"]),
                attr(3, "member_count", "30", Some("2022"), &["c"]),
            ],
            &published,
            None,
        );
        let values: Vec<_> = c[0].values.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(values, ["300", "30"]);
    }

    fn event(
        id: i64,
        etype: EventType,
        date: &str,
        who: &[(Role, i64)],
        doc: &str,
    ) -> (EventRecord, BTreeSet<String>) {
        (
            EventRecord {
                id,
                etype,
                trigger: "t".into(),
                attempted: false,
                date: Some(date.parse().unwrap()),
                participants: who
                    .iter()
                    .map(|&(role, entity)| ParticipantRecord { role, entity })
                    .collect(),
                fatalities: None,
                injured: None,
                modality: None,
                confidence: 0.8,
                credibility: 3,
                evidence: vec![evidence(doc)],
                review: None,
            },
            BTreeSet::from([doc.to_string()]),
        )
    }

    #[test]
    fn events_are_compared_only_as_one_once_only_happening() {
        // 10: the Tarn Wardens (a group), 11: its founder, 12: Fort Abelon,
        // 13: the Ashen Pact (another group the founder set up).
        let (group, founder, fort, other) = (10, 11, 12, 13);
        let founded = |id, date, g, doc| {
            event(
                id,
                EventType::Founding,
                date,
                &[(Role::Agent, founder), (Role::Participant, g)],
                doc,
            )
        };
        let attack = |id, date, doc| {
            event(
                id,
                EventType::Attack,
                date,
                &[(Role::Agent, group), (Role::Location, fort)],
                doc,
            )
        };
        type Told = (EventRecord, BTreeSet<String>);
        let cases: Vec<(Vec<Told>, usize, &str)> = vec![
            (
                vec![
                    founded(1, "2012", group, "a"),
                    founded(2, "2016", group, "b"),
                ],
                1,
                "one group founded in 2012 and 2016",
            ),
            (
                vec![
                    founded(1, "2016", group, "a"),
                    founded(2, "2016-01/2016-04", group, "b"),
                ],
                0,
                "2016 and early 2016 agree",
            ),
            (
                vec![
                    founded(1, "2016-21", group, "a"),
                    founded(2, "2016-10", group, "b"),
                ],
                1,
                "spring vs October",
            ),
            (
                vec![
                    founded(1, "2012", group, "a"),
                    founded(2, "2016", other, "b"),
                ],
                0,
                "one founder, two groups",
            ),
            (
                vec![
                    founded(1, "2012", group, "a"),
                    founded(2, "2016", group, "a"),
                ],
                0,
                "one document is not two sources",
            ),
            (
                vec![attack(1, "2019-05-02", "a"), attack(2, "2020", "b")],
                0,
                "two attacks on one fort are two attacks",
            ),
        ];
        for (events, n, why) in cases {
            let got = event_contradictions(&events, None);
            assert_eq!(got.len(), n, "{why}: {got:?}");
            if n == 1 {
                assert_eq!(got[0].entity, group, "{why}");
                assert_eq!(got[0].what, "founding date");
                // Listed for the founder too (an actor of both), not for the fort.
                assert_eq!(event_contradictions(&events, Some(founder)).len(), 1);
                assert!(event_contradictions(&events, Some(fort)).is_empty());
            }
        }
    }

    #[test]
    fn a_founding_of_two_groups_told_twice_is_a_conflict_about_each() {
        // "The Red Hand and the Blue Lantern were founded in 2011" against
        // "… in 2014": one conflict under each group, in id order, however
        // the candidate map iterates (it used to keep one, chosen by
        // hash order).
        let both = |id, date, doc| {
            event(
                id,
                EventType::Founding,
                date,
                &[(Role::Participant, 20), (Role::Participant, 10)],
                doc,
            )
        };
        let events = vec![both(1, "2011", "a"), both(2, "2014", "b")];
        for _ in 0..8 {
            let got = event_contradictions(&events, None);
            let who: Vec<i64> = got.iter().map(|c| c.entity).collect();
            assert_eq!(who, vec![10, 20]);
            assert!(got.iter().all(|c| c.values.len() == 2));
        }
        // Group 20 is also an actor of both tellings: it sees both.
        let got = event_contradictions(&events, Some(20));
        let who: Vec<i64> = got.iter().map(|c| c.entity).collect();
        assert_eq!(who, vec![10, 20]);
    }

    #[test]
    fn happenings_need_shared_actors_and_places() {
        let a = event(
            1,
            EventType::Attack,
            "2019-05-02",
            &[(Role::Agent, 1), (Role::Location, 5)],
            "a",
        )
        .0;
        let b = event(
            2,
            EventType::Attack,
            "2019-05-02",
            &[(Role::Agent, 1), (Role::Location, 5), (Role::Target, 7)],
            "b",
        )
        .0;
        let c = event(
            3,
            EventType::Attack,
            "2019-05-02",
            &[(Role::Agent, 1), (Role::Location, 6)],
            "c",
        )
        .0;
        assert!(same_happening(&a, &b));
        assert!(!same_happening(&a, &c), "another place");
        // A year needs exactly the same actors.
        let y = |id, who: &[(Role, i64)]| event(id, EventType::Attack, "2019", who, "d").0;
        assert!(!same_happening(
            &y(4, &[(Role::Agent, 1)]),
            &y(5, &[(Role::Agent, 1), (Role::Target, 7)])
        ));
        assert!(same_happening(
            &y(4, &[(Role::Agent, 1)]),
            &y(5, &[(Role::Agent, 1)])
        ));
        // So does a season.
        let s = event(6, EventType::Attack, "2019-21", &[(Role::Agent, 1)], "d").0;
        assert!(!same_happening(&s, &b));
    }

    /// The grouping as it was before the actor index: every group of the
    /// same type, flag and date is a candidate, in creation order.
    fn group_by_scanning(raw: Vec<(EventRecord, String)>) -> Vec<(EventRecord, BTreeSet<String>)> {
        // Every group of the date scanned, in content order; the records
        // built as `group_events` builds them.
        let mut member_of = vec![0; raw.len()];
        let mut groups: Vec<Group> = Vec::new();
        for k in content_order(&raw) {
            let (ev, doc) = raw[k].clone();
            let slot = groups.iter().position(|(g, docs, _)| {
                ev.date.is_some()
                    && g.date == ev.date
                    && g.etype == ev.etype
                    && g.attempted == ev.attempted
                    && !docs.contains(&doc)
                    && same_happening(g, &ev)
            });
            match slot {
                None => {
                    member_of[k] = groups.len();
                    let claims = vec![(doc.clone(), ev.credibility)];
                    groups.push((ev, BTreeSet::from([doc]), claims));
                }
                Some(i) => {
                    member_of[k] = i;
                    absorb(&mut groups[i], ev, doc);
                }
            }
        }
        build_groups(raw, &member_of)
    }

    #[test]
    fn indexed_grouping_equals_scanning_every_group_of_the_date() {
        // Pseudo-random events over few dates, types, actors and places, so
        // that groups merge, gain actors and chain through new ones.
        let mut seed: u64 = 0x1414;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let dates = ["2019", "2019-05", "2019-05-03", "2020-11-21", "2018~"];
        let types = [EventType::Attack, EventType::Arrest, EventType::Founding];
        let roles = [Role::Agent, Role::Target, Role::Location, Role::Participant];
        let mut raw = Vec::new();
        for id in 0..600 {
            let who: Vec<(Role, i64)> = (0..1 + next(4))
                .map(|_| (roles[next(4) as usize], next(12) as i64))
                .collect();
            let doc = format!("d{}", next(40));
            let date = dates[next(dates.len() as u64) as usize];
            let (mut e, _) = event(id, types[next(3) as usize], date, &who, &doc);
            e.attempted = next(5) == 0;
            e.credibility = 1 + next(6) as u8;
            e.fatalities = Some(next(9) as u32);
            if next(10) == 0 {
                e.date = None;
            }
            raw.push((e, doc));
        }
        let indexed = group_events(raw.clone());
        let scanned = group_by_scanning(raw);
        assert!(
            indexed.len() < 590,
            "the test must exercise merges ({})",
            indexed.len()
        );
        assert_eq!(indexed, scanned);
    }

    #[test]
    fn issue14_same_happening_on_sorted_lists_is_the_set_rule() {
        // The rule as it was written with hashed sets, against the sorted
        // lists it now compares, over pseudo-random pairs of events.
        fn by_sets(a: &EventRecord, b: &EventRecord) -> bool {
            let (aa, ab) = (actor_set(a), actor_set(b));
            if aa.is_disjoint(&ab) {
                return false;
            }
            for role in [Role::Agent, Role::Target, Role::Location] {
                let (x, y) = (role_set(a, role), role_set(b, role));
                if !x.is_empty() && !y.is_empty() && x.is_disjoint(&y) {
                    return false;
                }
            }
            a.date.is_some_and(|d| d.is_month_precise()) || aa == ab
        }
        let mut seed: u64 = 0x5a4e;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let roles = [Role::Agent, Role::Target, Role::Location, Role::Participant];
        let (mut same, mut apart) = (0, 0);
        for _ in 0..2000 {
            let date = ["2019-05", "2019"][next(2) as usize];
            let mut pair = Vec::new();
            for _ in 0..2 {
                let who: Vec<(Role, i64)> = (0..next(5))
                    .map(|_| (roles[next(4) as usize], next(5) as i64))
                    .collect();
                pair.push(event(0, EventType::Attack, date, &who, "sha256:a").0);
            }
            let (a, b) = (&pair[0], &pair[1]);
            let want = by_sets(a, b);
            assert_eq!(same_happening(a, b), want, "{a:?}\n{b:?}");
            if want {
                same += 1;
            } else {
                apart += 1;
            }
        }
        assert!(same > 100 && apart > 100, "{same} same, {apart} apart");
    }

    #[test]
    fn issue14_events_group_the_same_whatever_the_order_of_their_documents() {
        // Pseudo-random events of 30 documents over few dates, types and
        // actors; stored (ids given) in document order, then with the
        // documents in reverse order: the happenings (which sentences
        // make one event) must be the same.
        let mut seed: u64 = 0x0e14;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let dates = ["2019-05", "2019-05-03", "2019"];
        let roles = [Role::Agent, Role::Target, Role::Location, Role::Participant];
        let mut by_doc: Vec<Vec<EventRecord>> = Vec::new();
        for d in 0..30 {
            let doc = format!("sha256:{d:02}");
            let mut evs = Vec::new();
            for k in 0..1 + next(5) {
                let who: Vec<(Role, i64)> = (0..1 + next(3))
                    .map(|_| (roles[next(4) as usize], next(8) as i64))
                    .collect();
                let date = dates[next(3) as usize];
                let (mut e, _) = event(0, EventType::Attack, date, &who, &doc);
                e.evidence[0].sentence = k as usize;
                evs.push(e);
            }
            by_doc.push(evs);
        }
        let stored = |docs: &mut dyn Iterator<Item = usize>| {
            let mut raw = Vec::new();
            for d in docs {
                for e in &by_doc[d] {
                    let mut e = e.clone();
                    e.id = raw.len() as i64;
                    raw.push((e.clone(), e.evidence[0].document.clone()));
                }
            }
            raw
        };
        let happenings = |groups: Vec<(EventRecord, BTreeSet<String>)>| {
            let mut out: Vec<Vec<(String, usize)>> = groups
                .into_iter()
                .map(|(g, _)| {
                    let mut m: Vec<(String, usize)> = g
                        .evidence
                        .iter()
                        .map(|v| (v.document.clone(), v.sentence))
                        .collect();
                    m.sort();
                    m
                })
                .collect();
            out.sort();
            out
        };
        let forward = group_events(stored(&mut (0..30)));
        let reversed = group_events(stored(&mut (0..30).rev()));
        assert!(
            forward.len() < by_doc.iter().map(Vec::len).sum::<usize>() - 10,
            "the test must exercise merges"
        );
        assert_eq!(happenings(forward), happenings(reversed));
    }
}
