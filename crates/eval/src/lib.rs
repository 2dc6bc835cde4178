//! `dossier-eval`: scores an extraction (interchange JSON) against an answer
//! key, with the matching semantics of the project's reference scorer
//! (`eval/score.py`): entities match when a normalized name or alias is
//! shared, a second system entity on an already matched answer is a
//! duplicate false positive, relations and events match through the entity
//! mapping (`ally_of` and `hostile_to` either way round), an event matches
//! on its type, an overlapping date (when the answer has one) and one shared
//! participant, optional answers are neither rewarded nor penalized, and
//! system entities of type `group_identity` are not scored.
//!
//! [`score`] scores one document; [`Report::add`] sums documents (micro
//! average). Dates are read by [`edtf_interval`] (from `dossier-doc`),
//! the scorer's reading of EDTF, seasons included.
#![warn(missing_docs)]

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

const ENTITY_TYPES: &[&str] = &[
    "person",
    "armed_group",
    "organization",
    "country",
    "location",
    "facility",
    "group_identity",
];
const SYMMETRIC: &[&str] = &["ally_of", "hostile_to"];
const APOSTROPHES: &[char] = &[
    '\'', '\u{2019}', '\u{2018}', '\u{02bc}', '\u{02bb}', '`', '\u{00b4}',
];

/// The scorer's name normalization: compatibility decomposition without
/// combining marks, no apostrophes, lowercase, hyphens and other
/// punctuation (but `:`) as spaces, spaces collapsed, a leading "the " dropped.
pub fn norm(name: &str) -> String {
    let s: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c) && !APOSTROPHES.contains(c))
        .collect::<String>()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == ':' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.strip_prefix("the ") {
        Some(r) => r.to_string(),
        None => s,
    }
}

/// The first and last day an EDTF value covers, as the reference scorer
/// reads it (`dossier_doc::edtf::edtf_interval`: seasons, intervals,
/// qualifiers; an impossible day such as `2021-02-30` is unreadable here
/// while `score.py` would take it as written).
pub use dossier_doc::edtf::edtf_interval;

fn overlaps(a: Option<&str>, b: &str) -> bool {
    match (a.and_then(edtf_interval), edtf_interval(b)) {
        (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
        _ => false,
    }
}

fn same_date(a: Option<&str>, b: &str) -> bool {
    match a.and_then(edtf_interval) {
        Some(x) => Some(x) == edtf_interval(b),
        None => false,
    }
}

/// Matched, extra and missed items of one section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The scores of one document (or, summed, of many).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Entities, whatever their type.
    pub entities: Counts,
    /// Entities with the right type.
    pub entities_typed: Counts,
    /// Relations.
    pub relations: Counts,
    /// Events.
    pub events: Counts,
    /// Attributes.
    pub attributes: Counts,
    /// Matched events whose answer has a date, and of those with the same date.
    pub dates_total: usize,
    /// See `dates_total`.
    pub dates_exact: usize,
    /// Required answer events that name an agent (perpetrator), and of
    /// those, how many the system found with one of their agents.
    pub agents_total: usize,
    /// See `agents_total`.
    pub agents_found: usize,
    /// Required answer events that give a death toll, and of those, how
    /// many the system found with the same toll.
    pub fatalities_total: usize,
    /// See `fatalities_total`.
    pub fatalities_found: usize,
    /// System relations, events and attributes without evidence.
    pub without_evidence: usize,
    /// For every required answer event that names a perpetrator or gives
    /// a death toll, what became of it: [`FOUND`] or why it was missed,
    /// counted by [`Miss`].
    pub misses: BTreeMap<Miss, usize>,
    /// Every miss and false positive, readable.
    pub notes: Vec<String>,
}

impl Report {
    /// The mean F1 of typed entities, relations, events and attributes.
    pub fn overall(&self) -> f64 {
        (self.entities_typed.f1() + self.relations.f1() + self.events.f1() + self.attributes.f1())
            / 4.0
    }

    /// Adds another document's counts (micro average); notes are not kept.
    pub fn add(&mut self, o: &Report) {
        self.entities.add(&o.entities);
        self.entities_typed.add(&o.entities_typed);
        self.relations.add(&o.relations);
        self.events.add(&o.events);
        self.attributes.add(&o.attributes);
        self.dates_total += o.dates_total;
        self.dates_exact += o.dates_exact;
        self.agents_total += o.agents_total;
        self.agents_found += o.agents_found;
        self.fatalities_total += o.fatalities_total;
        self.fatalities_found += o.fatalities_found;
        self.without_evidence += o.without_evidence;
        for (k, n) in &o.misses {
            *self.misses.entry(k.clone()).or_default() += n;
        }
    }

    /// The sections with their names, in report order.
    pub fn sections(&self) -> [(&'static str, &Counts); 5] {
        [
            ("entities", &self.entities),
            ("entities_typed", &self.entities_typed),
            ("relations", &self.relations),
            ("events", &self.events),
            ("attributes", &self.attributes),
        ]
    }
}

/// A count given as a number or a plain numeric string ("7"; not "7+" or a range).
fn count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_list(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn truthy(v: &Value, k: &str) -> bool {
    match v.get(k) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

fn arr<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A sentence reduced for comparison: lowercase words of letters and
/// digits, single spaces.
pub fn norm_sentence(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether a sentence of the document (normalized) is one a key quotes
/// (normalized): either contains the other, or they share most words (the
/// splitter and the annotator may cut sentences differently).
pub fn same_sentence(sent: &str, quote: &str) -> bool {
    if sent.is_empty() || quote.is_empty() {
        return false;
    }
    if sent.contains(quote) || quote.contains(sent) {
        return true;
    }
    let a: std::collections::HashSet<&str> = sent.split(' ').collect();
    let b: std::collections::HashSet<&str> = quote.split(' ').collect();
    let inter = a.intersection(&b).count();
    inter * 10 >= a.len().min(b.len()) * 8 && a.len().min(b.len()) >= 4
}

/// What became of one kind of answer (a perpetrator or a toll) of one
/// event type: the key of [`Report::misses`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Miss {
    /// `"perpetrator"` or `"toll"`.
    pub what: &'static str,
    /// The answer event's type.
    pub etype: String,
    /// [`FOUND`], or why it was missed ("event matched, no agent", …).
    pub class: &'static str,
}

/// The class of a perpetrator or toll the system found (see [`Report::misses`]).
pub const FOUND: &str = "found";
/// Stands for a system agent that no answer entity matches.
const NOT_IN_KEY: &str = "\u{0}not in the key";

/// A system event as the miss breakdown reads it.
struct SysEvent {
    etype: String,
    date: Option<String>,
    /// Participants mapped to answer names.
    parts: HashSet<String>,
    /// Agents mapped to answer names (`NOT_IN_KEY` for the others).
    agents: HashSet<String>,
    fatalities: Option<u64>,
    /// The answer event it matched.
    matched: Option<usize>,
    /// Every answer event it could have matched.
    cands: Vec<usize>,
    /// The sentences that tell it (`norm_sentence`).
    told: Vec<String>,
}

/// A required answer event with a perpetrator or a toll.
struct GoldEvent<'a> {
    index: usize,
    etype: &'a str,
    date: Option<String>,
    parts: HashSet<String>,
    agents: HashSet<String>,
    fatalities: Option<u64>,
    injured: Option<u64>,
    /// The sentences the key quotes for it (`norm_sentence`).
    told: Vec<String>,
}

impl GoldEvent<'_> {
    /// Whether a system event is told in one of this event's sentences
    /// (any system event is, when the key quotes none).
    fn told_with(&self, e: &SysEvent) -> bool {
        self.told.is_empty()
            || e.told
                .iter()
                .any(|a| self.told.iter().any(|b| same_sentence(a, b)))
    }
}

/// How an answer entity fared in the extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// No system entity has its name.
    Missing,
    /// Found, with another type than the answer's.
    Mistyped,
    /// Found with its type.
    Typed,
}

/// Why an answer event no system event matched was missed: what the
/// system made of the sentences that tell it, tried from nearest to
/// farthest.
fn unmatched_reason(g: &GoldEvent, seen: &[SysEvent]) -> &'static str {
    if seen.iter().any(|e| e.cands.contains(&g.index)) {
        // it qualified, but went to another answer event
        return "event unmatched: its system event matched another answer (merged)";
    }
    let shares = |e: &SysEvent| g.parts.is_empty() || !e.parts.is_disjoint(&g.parts);
    let date_ok = |e: &SysEvent| match &g.date {
        Some(gd) => overlaps(e.date.as_deref(), gd),
        None => true,
    };
    let here: Vec<&SysEvent> = seen.iter().filter(|e| g.told_with(e)).collect();
    let same_type: Vec<&SysEvent> = here
        .iter()
        .copied()
        .filter(|e| e.etype == g.etype)
        .collect();
    if same_type
        .iter()
        .any(|e| shares(e) && e.date.is_some() && !date_ok(e))
    {
        return "event unmatched: same sentence, another date";
    }
    if same_type.iter().any(|e| shares(e) && e.date.is_none()) {
        return "event unmatched: same sentence, no date";
    }
    if same_type.iter().any(|e| !shares(e)) {
        return "event unmatched: same sentence, no shared participant";
    }
    if !here.is_empty() {
        return "event unmatched: same sentence, another type only";
    }
    "event unmatched: nothing from its sentences"
}

/// What became of an answer event's perpetrator and death toll (each
/// `None` when the answer gives none): [`FOUND`], or why it was missed.
fn classify_misses(
    g: &GoldEvent,
    seen: &[SysEvent],
    extracted: &dyn Fn(&str) -> Found,
) -> (Option<&'static str>, Option<&'static str>) {
    let Some(m) = seen.iter().find(|e| e.matched == Some(g.index)) else {
        let why = unmatched_reason(g, seen);
        return (
            (!g.agents.is_empty()).then_some(why),
            g.fatalities.map(|_| why),
        );
    };
    // other system events that could have matched this answer (duplicates)
    let others: Vec<&SysEvent> = seen
        .iter()
        .filter(|e| e.matched != Some(g.index) && e.cands.contains(&g.index))
        .collect();
    let agent = (!g.agents.is_empty()).then(|| {
        let found = |e: &SysEvent| !e.agents.is_disjoint(&g.agents);
        let best = g
            .agents
            .iter()
            .map(|a| extracted(a))
            .max_by_key(|f| *f as u8)
            .unwrap_or(Found::Missing);
        if found(m) {
            FOUND
        } else if others.iter().any(|e| found(e)) {
            "event matched, perpetrator on a second system event (split)"
        } else if best == Found::Missing {
            "event matched, the perpetrator entity not extracted"
        } else if m.agents.is_empty() && best == Found::Mistyped {
            "event matched, no agent (the perpetrator entity mistyped)"
        } else if m.agents.is_empty() {
            "event matched, no agent"
        } else if m.agents.contains(NOT_IN_KEY) {
            "event matched, agent an entity not in the key"
        } else {
            "event matched, agent another answer entity"
        }
    });
    let toll = g.fatalities.map(|want| match m.fatalities {
        Some(f) if f == want => FOUND,
        _ if others.iter().any(|e| e.fatalities == Some(want)) => {
            "event matched, toll on a second system event (split)"
        }
        None => "event matched, no toll",
        Some(f) if Some(f) == g.injured => "event matched, toll = the injured",
        Some(f) if Some(f) == g.injured.map(|i| i + want) => {
            "event matched, toll = killed + injured"
        }
        Some(f) if f > want => "event matched, toll higher",
        Some(_) => "event matched, toll lower",
    });
    (agent, toll)
}

/// The answer key's entities and how the system's entities map onto them:
/// what the relation, event and attribute steps of [`score`] read.
struct EntityMatch<'a> {
    /// The key's entities.
    g_ents: &'a [Value],
    /// Every answer name and alias (`norm`) → the answer's name.
    gold_name: HashMap<String, &'a str>,
    /// System entity id → the answer entity it matched first.
    sys_to_gold: HashMap<&'a str, usize>,
    /// The types the system gave each answer entity it found.
    typed_as: HashMap<usize, Vec<&'a str>>,
}

impl<'a> EntityMatch<'a> {
    /// The type of answer entity `i`.
    fn gtype(&self, i: usize) -> &'a str {
        s(&self.g_ents[i], "type").unwrap_or("")
    }

    /// The answer name of the system entity with this id, when it matched one.
    fn gname(&self, id: Option<&str>) -> Option<&'a str> {
        id.and_then(|id| self.sys_to_gold.get(id))
            .map(|&i| s(&self.g_ents[i], "name").unwrap_or(""))
    }

    /// Whether the answer entity of this name is optional or a group identity.
    fn optional_entity(&self, name: &str) -> bool {
        self.g_ents
            .iter()
            .find(|g| s(g, "name") == Some(name))
            .is_some_and(|g| truthy(g, "optional") || s(g, "type") == Some("group_identity"))
    }

    /// The answer names of a key's name or list of names (a name the key
    /// does not know stays as written).
    fn canon(&self, v: &Value) -> HashSet<String> {
        as_list(v)
            .into_iter()
            .map(|n| {
                self.gold_name
                    .get(&norm(n))
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| n.to_string())
            })
            .collect()
    }
}

/// Scores one system extraction (interchange JSON) against one answer key.
pub fn score(system: &Value, gold: &Value) -> Report {
    let mut rep = Report::default();
    let m = score_entities(system, gold, &mut rep);
    score_relations(system, gold, &m, &mut rep);
    score_events(system, gold, &m, &mut rep);
    score_attributes(system, gold, &m, &mut rep);
    rep.without_evidence = ["relations", "events", "attributes"]
        .iter()
        .flat_map(|k| arr(system, k))
        .filter(|x| !truthy(x, "evidence"))
        .count();
    rep
}

/// Scores the entities (found, and found with the answer's type) and maps
/// the system's entities onto the key's.
fn score_entities<'a>(system: &'a Value, gold: &'a Value, rep: &mut Report) -> EntityMatch<'a> {
    let g_ents = arr(gold, "entities");
    let mut g_index: HashMap<String, Vec<usize>> = HashMap::new();
    let mut gold_name: HashMap<String, &str> = HashMap::new();
    for (i, g) in g_ents.iter().enumerate() {
        let name = s(g, "name").unwrap_or("");
        for n in std::iter::once(name).chain(arr(g, "aliases").iter().filter_map(Value::as_str)) {
            g_index.entry(norm(n)).or_default().push(i);
            gold_name.insert(norm(n), name);
        }
    }
    let mut m = EntityMatch {
        g_ents,
        gold_name,
        sys_to_gold: HashMap::new(),
        typed_as: HashMap::new(),
    };
    let mut claimed = HashSet::new();
    for e in arr(system, "entities") {
        let mut hits: Vec<usize> = Vec::new();
        let names = std::iter::once(s(e, "name").unwrap_or(""))
            .chain(arr(e, "aliases").iter().filter_map(Value::as_str));
        for n in names {
            for &i in g_index.get(&norm(n)).into_iter().flatten() {
                if !hits.contains(&i) {
                    hits.push(i);
                }
            }
        }
        let etype = s(e, "type").unwrap_or("");
        let ename = s(e, "name").unwrap_or("");
        if let (Some(&i), Some(id)) = (hits.first(), s(e, "id")) {
            m.sys_to_gold.insert(id, i);
            m.typed_as.entry(i).or_default().push(etype);
        }
        if etype == "group_identity" {
            continue;
        }
        if !ENTITY_TYPES.contains(&etype) {
            rep.entities.fp += 1;
            rep.entities_typed.fp += 1;
            rep.notes.push(format!(
                "FP entity (type {etype:?} not in ontology): {ename}"
            ));
            continue;
        }
        let Some(&i) = hits.first() else {
            rep.entities.fp += 1;
            rep.entities_typed.fp += 1;
            rep.notes.push(format!("FP entity: {ename} [{etype}]"));
            continue;
        };
        if truthy(&g_ents[i], "optional") || m.gtype(i) == "group_identity" {
            continue;
        }
        if !claimed.insert(i) {
            rep.entities.fp += 1;
            rep.entities_typed.fp += 1;
            rep.notes.push(format!(
                "FP duplicate entity: {ename} (already matched {})",
                s(&g_ents[i], "name").unwrap_or("")
            ));
            continue;
        }
        rep.entities.tp += 1;
        if etype == m.gtype(i) {
            rep.entities_typed.tp += 1;
        } else {
            rep.entities_typed.fp += 1;
            rep.notes.push(format!(
                "wrong type: {ename} is {etype}, answer {}",
                m.gtype(i)
            ));
        }
    }
    for (i, g) in g_ents.iter().enumerate() {
        if !truthy(g, "optional") && m.gtype(i) != "group_identity" && !claimed.contains(&i) {
            rep.entities.fn_ += 1;
            rep.entities_typed.fn_ += 1;
            rep.notes.push(format!(
                "FN entity: {} [{}]",
                s(g, "name").unwrap_or(""),
                m.gtype(i)
            ));
        }
    }
    m
}

/// Scores the relations: a system relation matches an answer of its type
/// whose source and target are its own (either way round when symmetric).
fn score_relations(system: &Value, gold: &Value, m: &EntityMatch, rep: &mut Report) {
    let g_rels = arr(gold, "relations");
    let mut r_claimed = HashSet::new();
    for r in arr(system, "relations") {
        let rtype = s(r, "type").unwrap_or("");
        let (src, tgt) = (m.gname(s(r, "source")), m.gname(s(r, "target")));
        let inn = |x: Option<&str>, set: &HashSet<String>| x.is_some_and(|x| set.contains(x));
        let mut found = None;
        for (j, g) in g_rels.iter().enumerate() {
            if s(g, "type") != Some(rtype) {
                continue;
            }
            let (gs, gt) = (m.canon(&g["source"]), m.canon(&g["target"]));
            let sym = SYMMETRIC.contains(&rtype);
            if (inn(src, &gs) && inn(tgt, &gt)) || (sym && inn(src, &gt) && inn(tgt, &gs)) {
                found = Some(j);
                if !r_claimed.contains(&j) {
                    break;
                }
            }
        }
        let label = format!("{rtype}({} -> {})", src.unwrap_or("?"), tgt.unwrap_or("?"));
        match found {
            Some(j) if truthy(&g_rels[j], "optional") => {}
            None => {
                if src.is_some_and(|n| m.optional_entity(n))
                    || tgt.is_some_and(|n| m.optional_entity(n))
                {
                    continue;
                }
                rep.relations.fp += 1;
                rep.notes.push(format!("FP relation: {label}"));
            }
            Some(j) if r_claimed.contains(&j) => {
                rep.relations.fp += 1;
                rep.notes.push(format!("FP duplicate relation: {label}"));
            }
            Some(j) => {
                r_claimed.insert(j);
                rep.relations.tp += 1;
            }
        }
    }
    for (j, g) in g_rels.iter().enumerate() {
        if !truthy(g, "optional") && !r_claimed.contains(&j) {
            rep.relations.fn_ += 1;
            rep.notes.push(format!(
                "FN relation: {}({} -> {})",
                s(g, "type").unwrap_or(""),
                g["source"],
                g["target"]
            ));
        }
    }
}

/// An answer event's date, when it has one.
fn gold_date(g: &Value) -> Option<String> {
    if truthy(g, "date") {
        s(g, "date").map(str::to_string)
    } else {
        None
    }
}

/// An answer event's participants, as answer names.
fn gold_parts(m: &EntityMatch, g: &Value) -> HashSet<String> {
    let mut gparts = HashSet::new();
    if let Some(o) = g.get("participants").and_then(Value::as_object) {
        for v in o.values() {
            gparts.extend(m.canon(v));
        }
    }
    gparts
}

/// Answer event `index`, `g`, of the key, as the miss breakdown reads it.
fn gold_event<'g>(m: &EntityMatch, index: usize, g: &'g Value) -> GoldEvent<'g> {
    GoldEvent {
        index,
        etype: s(g, "type").unwrap_or(""),
        date: gold_date(g),
        parts: gold_parts(m, g),
        agents: g
            .get("participants")
            .and_then(|p| p.get("agent"))
            .map(|v| m.canon(v))
            .unwrap_or_default(),
        fatalities: g.get("fatalities").and_then(count),
        injured: g.get("injured").and_then(count),
        told: as_list(g.get("evidence").unwrap_or(&Value::Null))
            .into_iter()
            .map(norm_sentence)
            .collect(),
    }
}

/// A system event as the miss breakdown reads it (no match yet).
fn sys_event(m: &EntityMatch, ev: &Value, parts: &HashSet<String>, sentences: &[&str]) -> SysEvent {
    let agents: HashSet<String> = arr(ev, "participants")
        .iter()
        .filter(|p| s(p, "role") == Some("agent"))
        .map(|p| {
            m.gname(s(p, "entity"))
                .map(str::to_string)
                .unwrap_or_else(|| NOT_IN_KEY.to_string())
        })
        .collect();
    SysEvent {
        etype: s(ev, "type").unwrap_or("").to_string(),
        date: s(ev, "date").map(str::to_string),
        parts: parts.clone(),
        agents,
        fatalities: ev.get("fatalities").and_then(count),
        matched: None,
        cands: Vec::new(),
        told: arr(ev, "evidence")
            .iter()
            .filter_map(|x| x.get("sentence").and_then(Value::as_u64))
            .filter_map(|k| sentences.get(k as usize))
            .map(|t| norm_sentence(t))
            .collect(),
    }
}

/// Scores the events (matched on type, overlapping date and a shared
/// participant), their dates, perpetrators and tolls, and says why each
/// required perpetrator, toll and event was missed.
fn score_events(system: &Value, gold: &Value, m: &EntityMatch, rep: &mut Report) {
    let g_evs = arr(gold, "events");
    let mut e_claimed = HashSet::new();
    let sentences: Vec<&str> = arr(system, "sentences")
        .iter()
        .map(|x| s(x, "text").unwrap_or(""))
        .collect();
    // What the breakdown of missed perpetrators and tolls needs of each
    // system event: its reading and the answer it matched.
    let mut seen: Vec<SysEvent> = Vec::new();
    for ev in arr(system, "events") {
        let etype = s(ev, "type").unwrap_or("");
        let date = s(ev, "date");
        let parts: HashSet<String> = arr(ev, "participants")
            .iter()
            .filter_map(|p| m.gname(s(p, "entity")))
            .map(str::to_string)
            .collect();
        seen.push(sys_event(m, ev, &parts, &sentences));
        let mut cands = Vec::new();
        for (j, g) in g_evs.iter().enumerate() {
            if s(g, "type") != Some(etype) {
                continue;
            }
            let gdate = gold_date(g);
            if let Some(gd) = gdate.as_deref() {
                if !overlaps(date, gd) {
                    continue;
                }
            }
            let gparts = gold_parts(m, g);
            if !gparts.is_empty() && parts.is_disjoint(&gparts) {
                continue;
            }
            let exact = gdate.as_deref().is_some_and(|gd| same_date(date, gd));
            cands.push((e_claimed.contains(&j), !exact, j));
        }
        if let Some(last) = seen.last_mut() {
            last.cands = cands.iter().map(|c| c.2).collect();
        }
        let mut sorted_parts: Vec<&String> = parts.iter().collect();
        sorted_parts.sort();
        let label = format!("{etype} {} {:?}", date.unwrap_or("None"), sorted_parts);
        cands.sort();
        let Some(&(was, _, j)) = cands.first() else {
            rep.events.fp += 1;
            rep.notes.push(format!("FP event: {label}"));
            continue;
        };
        if truthy(&g_evs[j], "optional") {
            continue;
        }
        if was {
            rep.events.fp += 1;
            rep.notes.push(format!("FP duplicate event: {label}"));
            continue;
        }
        e_claimed.insert(j);
        if let Some(last) = seen.last_mut() {
            last.matched = Some(j);
        }
        rep.events.tp += 1;
        score_matched_event(m, ev, &g_evs[j], rep);
    }
    // Denominators: every required answer event that states the fact.
    for g in g_evs.iter().filter(|g| !truthy(g, "optional")) {
        let has_agent = g
            .get("participants")
            .and_then(|p| p.get("agent"))
            .is_some_and(|a| !as_list(a).is_empty());
        rep.agents_total += has_agent as usize;
        rep.fatalities_total += g.get("fatalities").and_then(count).is_some() as usize;
    }
    note_missed_facts(m, g_evs, &seen, rep);
    for (j, g) in g_evs.iter().enumerate() {
        if !truthy(g, "optional") && !e_claimed.contains(&j) {
            rep.events.fn_ += 1;
            let told = as_list(g.get("evidence").unwrap_or(&Value::Null));
            let gold_ev = gold_event(m, j, g);
            // why it was missed, and the sentence that tells it, so that
            // misses can be sorted by class without the key at hand
            rep.notes.push(format!(
                "FN event: {} {} {} [{}] {}",
                s(g, "type").unwrap_or(""),
                g.get("date").unwrap_or(&Value::Null),
                g.get("participants").unwrap_or(&Value::Null),
                unmatched_reason(&gold_ev, &seen).trim_start_matches("event unmatched: "),
                told.first().copied().unwrap_or("")
            ));
        }
    }
}

/// The date, the perpetrator and the toll of a system event `ev` that
/// matched answer event `g`.
fn score_matched_event(m: &EntityMatch, ev: &Value, g: &Value, rep: &mut Report) {
    let date = s(ev, "date");
    if truthy(g, "date") {
        rep.dates_total += 1;
        if let Some(gd) = s(g, "date") {
            rep.dates_exact += same_date(date, gd) as usize;
        }
    }
    let g_agents = g
        .get("participants")
        .and_then(|p| p.get("agent"))
        .map(|v| m.canon(v))
        .unwrap_or_default();
    if !g_agents.is_empty() {
        let agents: HashSet<String> = arr(ev, "participants")
            .iter()
            .filter(|p| s(p, "role") == Some("agent"))
            .filter_map(|p| m.gname(s(p, "entity")))
            .map(str::to_string)
            .collect();
        rep.agents_found += !agents.is_disjoint(&g_agents) as usize;
    }
    if let Some(gf) = g.get("fatalities").and_then(count) {
        rep.fatalities_found += (ev.get("fatalities").and_then(count) == Some(gf)) as usize;
    }
}

/// Why each required perpetrator and toll was missed (`Report::misses`,
/// with a note for each miss).
fn note_missed_facts(m: &EntityMatch, g_evs: &[Value], seen: &[SysEvent], rep: &mut Report) {
    for (j, g) in g_evs.iter().enumerate() {
        if truthy(g, "optional") {
            continue;
        }
        let gold_ev = gold_event(m, j, g);
        if gold_ev.agents.is_empty() && gold_ev.fatalities.is_none() {
            continue;
        }
        let extracted = |name: &str| -> Found {
            let Some(i) = m.g_ents.iter().position(|e| s(e, "name") == Some(name)) else {
                return Found::Missing;
            };
            match m.typed_as.get(&i) {
                None => Found::Missing,
                Some(t) if t.iter().any(|t| *t == m.gtype(i)) => Found::Typed,
                Some(_) => Found::Mistyped,
            }
        };
        let (agent_miss, toll_miss) = classify_misses(&gold_ev, seen, &extracted);
        for (what, miss) in [("perpetrator", agent_miss), ("toll", toll_miss)] {
            if let Some(class) = miss {
                let key = Miss {
                    what,
                    etype: gold_ev.etype.to_string(),
                    class,
                };
                *rep.misses.entry(key).or_default() += 1;
                if class != FOUND {
                    rep.notes.push(format!(
                        "missed {what} ({class}): {} {} {}",
                        gold_ev.etype,
                        g.get("date").unwrap_or(&Value::Null),
                        g.get("participants").unwrap_or(&Value::Null)
                    ));
                }
            }
        }
    }
}

/// An attribute's value as text (a number as written, null as empty).
fn value_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// Whether a system value matches an answer value of attribute `name`:
/// the same number, an overlapping founding date, or one text inside the
/// other.
fn value_match(name: &str, sv: &str, gv: &str) -> bool {
    match name {
        "member_count" => {
            let f = |x: &str| x.trim_end_matches(['~', '?']).trim().parse::<f64>().ok();
            matches!((f(sv), f(gv)), (Some(a), Some(b)) if a == b)
        }
        "founded" => same_date(Some(sv), gv),
        _ => {
            let (a, b) = (norm(sv), norm(gv));
            !a.is_empty() && (a.contains(&b) || b.contains(&a))
        }
    }
}

/// Scores the attributes: the same entity, name and a matching value.
fn score_attributes(system: &Value, gold: &Value, m: &EntityMatch, rep: &mut Report) {
    let g_atts = arr(gold, "attributes");
    let mut a_claimed = HashSet::new();
    for a in arr(system, "attributes") {
        let ent = m.gname(s(a, "entity"));
        let name = s(a, "name").unwrap_or("");
        let sv = value_str(a.get("value").unwrap_or(&Value::Null));
        let mut found = None;
        for (j, g) in g_atts.iter().enumerate() {
            let gv = value_str(g.get("value").unwrap_or(&Value::Null));
            if s(g, "name") == Some(name) && s(g, "entity") == ent && value_match(name, &sv, &gv) {
                found = Some(j);
                if !a_claimed.contains(&j) {
                    break;
                }
            }
        }
        match found {
            Some(j) if !a_claimed.contains(&j) => {
                a_claimed.insert(j);
                rep.attributes.tp += 1;
            }
            _ => {
                rep.attributes.fp += 1;
                rep.notes.push(format!(
                    "FP attribute: {} {name}={sv}",
                    ent.unwrap_or("None")
                ));
            }
        }
    }
    for (j, g) in g_atts.iter().enumerate() {
        if !a_claimed.contains(&j) {
            rep.attributes.fn_ += 1;
            rep.notes.push(format!(
                "FN attribute: {} {}={}",
                s(g, "entity").unwrap_or(""),
                s(g, "name").unwrap_or(""),
                value_str(g.get("value").unwrap_or(&Value::Null))
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn normalization_like_the_scorer() {
        assert_eq!(norm("The Óglach na Saoirse"), "oglach na saoirse");
        assert_eq!(norm("Kata'ib  Sayf al-Jabal"), "kataib sayf al jabal");
        assert_eq!(norm("Dhia\u{2019}"), "dhia");
        assert_eq!(norm("U.S."), "u s");
    }

    #[test]
    fn dates_overlap_and_match() {
        assert!(overlaps(Some("2016-03"), "2016-01/2016-04"));
        assert!(overlaps(Some("2018-21"), "2018-04-02"));
        assert!(!overlaps(Some("2018-21"), "2018-07"));
        assert!(!overlaps(None, "2016"));
        assert!(same_date(Some("2016-02~"), "2016-02"));
        assert!(!same_date(Some("2016"), "2016-02"));
        assert!(!same_date(Some("banana"), "2016"));
    }

    #[test]
    fn scores_a_small_document() {
        let gold = json!({
            "entities": [
                {"name": "Brennan Company", "type": "armed_group", "aliases": ["Brennanites"]},
                {"name": "Orla Vance", "type": "person"},
                {"name": "Varda", "type": "location"},
                {"name": "Tallis Front", "type": "armed_group", "optional": true}
            ],
            "relations": [
                {"type": "leader_of", "source": "Orla Vance", "target": "Brennan Company"},
                {"type": "hostile_to", "source": "Brennan Company", "target": "Tallis Front"},
                {"type": "based_in", "source": "Brennan Company", "target": ["Varda"]}
            ],
            "events": [
                {"type": "attack", "date": "2019-05", "fatalities": 4, "participants": {"agent": ["Brennanites"], "location": ["Varda"]}}
            ],
            "attributes": [
                {"entity": "Brennan Company", "name": "member_count", "value": "300"}
            ]
        });
        let sys = json!({
            "entities": [
                {"id": "e1", "name": "the Brennanites", "type": "armed_group"},
                {"id": "e2", "name": "Orla Vance", "type": "organization"},
                {"id": "e3", "name": "Brennan Company", "type": "armed_group"},
                {"id": "e4", "name": "Tallis Front", "type": "armed_group"},
                {"id": "e5", "name": "Olm", "type": "location"}
            ],
            "relations": [
                {"type": "leader_of", "source": "e2", "target": "e1", "evidence": [{}]},
                {"type": "hostile_to", "source": "e4", "target": "e1", "evidence": [{}]},
                {"type": "based_in", "source": "e1", "target": "e5"}
            ],
            "events": [
                {"type": "attack", "date": "2019-05-02", "participants": [{"entity": "e1", "role": "agent"}], "evidence": [{}]}
            ],
            "attributes": [
                {"entity": "e1", "name": "member_count", "value": "300~", "evidence": [{}]}
            ]
        });
        let r = score(&sys, &gold);
        // e3 duplicates e1's answer; e5 is unknown; e4 is optional.
        assert_eq!((r.entities.tp, r.entities.fp, r.entities.fn_), (2, 2, 1));
        assert_eq!(r.entities_typed.tp, 1);
        // hostile_to is optional in gold? No: its target entity is optional
        // but the relation is matched (symmetric) and counted.
        assert_eq!((r.relations.tp, r.relations.fp, r.relations.fn_), (2, 1, 1));
        assert_eq!((r.events.tp, r.dates_exact, r.dates_total), (1, 0, 1));
        assert_eq!((r.agents_found, r.agents_total), (1, 1));
        assert_eq!((r.fatalities_found, r.fatalities_total), (0, 1));
        assert_eq!(r.attributes.tp, 1);
        assert_eq!(r.without_evidence, 1);
        let mut t = Report::default();
        t.add(&r);
        t.add(&r);
        assert_eq!(t.relations.tp, 4);
        assert!((t.overall() - r.overall()).abs() < 1e-12);
    }

    #[test]
    fn misses_are_classified() {
        let gold = json!({
            "entities": [
                {"name": "Tallis Front", "type": "armed_group"},
                {"name": "Harran Brigades", "type": "armed_group"},
                {"name": "Olm", "type": "location"},
                {"name": "Varda", "type": "location"},
                {"name": "Kessel", "type": "location"}
            ],
            "relations": [],
            "events": [
                {"type": "attack", "date": "2019-05-02", "fatalities": 4, "injured": 2,
                 "participants": {"agent": ["Tallis Front"], "location": ["Olm"]},
                 "evidence": ["Gunmen attacked Olm on 2 May 2019."]},
                {"type": "attack", "date": "2019-06-01", "fatalities": 3,
                 "participants": {"agent": ["Tallis Front"], "location": ["Varda"]},
                 "evidence": ["A bomb exploded in Varda on 1 June 2019."]},
                {"type": "attack", "date": "2019-07-01",
                 "participants": {"agent": ["Harran Brigades"], "location": ["Kessel"]},
                 "evidence": ["Fighters raided Kessel on 1 July 2019."]}
            ],
            "attributes": []
        });
        let sys = json!({
            "sentences": [
                {"text": "Gunmen attacked Olm on 2 May 2019."},
                {"text": "A bomb exploded in Varda on 1 June 2019."},
                {"text": "Fighters raided Kessel on 1 July 2019."}
            ],
            "entities": [
                {"id": "e1", "name": "Tallis Front", "type": "armed_group"},
                {"id": "e2", "name": "Harran Brigades", "type": "armed_group"},
                {"id": "e3", "name": "Olm", "type": "location"},
                {"id": "e4", "name": "Varda", "type": "location"},
                {"id": "e5", "name": "Kessel", "type": "location"}
            ],
            "relations": [],
            "events": [
                // the right event, another agent, the dead and wounded summed
                {"type": "attack", "date": "2019-05-02", "fatalities": 6,
                 "participants": [{"entity": "e2", "role": "agent"}, {"entity": "e3", "role": "location"}],
                 "evidence": [{"sentence": 0}]},
                // the second attack, dated a year off
                {"type": "attack", "date": "2018-06-01", "fatalities": 3,
                 "participants": [{"entity": "e1", "role": "agent"}, {"entity": "e4", "role": "location"}],
                 "evidence": [{"sentence": 1}]},
                // the third, matched without an agent
                {"type": "attack", "date": "2019-07-01",
                 "participants": [{"entity": "e5", "role": "location"}],
                 "evidence": [{"sentence": 2}]}
            ],
            "attributes": []
        });
        let r = score(&sys, &gold);
        let count = |what: &str, class: &str| -> usize {
            r.misses
                .iter()
                .filter(|(k, _)| k.what == what && k.class == class)
                .map(|(_, n)| n)
                .sum()
        };
        assert_eq!(
            count("perpetrator", "event matched, agent another answer entity"),
            1
        );
        assert_eq!(
            count(
                "perpetrator",
                "event unmatched: same sentence, another date"
            ),
            1
        );
        assert_eq!(count("perpetrator", "event matched, no agent"), 1);
        assert_eq!(count("toll", "event matched, toll = killed + injured"), 1);
        assert_eq!(
            count("toll", "event unmatched: same sentence, another date"),
            1
        );
        assert_eq!(count("perpetrator", FOUND) + count("toll", FOUND), 0);
        // every required perpetrator and toll is in one class
        let all = |what: &str| -> usize {
            r.misses
                .iter()
                .filter(|(k, _)| k.what == what)
                .map(|(_, n)| n)
                .sum()
        };
        assert_eq!(
            (all("perpetrator"), all("toll")),
            (r.agents_total, r.fatalities_total)
        );
    }
}
