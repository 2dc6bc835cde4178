//! The upstream chain and a small reimplementation of the scorer's matching
//! (`../shared/eval/score.py`, beside the repository), shared by the integration tests.
#![allow(dead_code)]

use dossier_doc::interchange::Interchange;
use dossier_doc::{Component, Doc, Meta};
use dossier_extract::{AttributeExtractor, EventExtractor, RelationExtractor};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Every component from normalization to attributes.
pub fn chain() -> Vec<Box<dyn Component>> {
    vec![
        Box::new(dossier_nlp::Normalizer::new()),
        Box::new(dossier_nlp::SentenceSplitter::new()),
        Box::new(dossier_nlp::Tokenizer::new()),
        Box::new(dossier_tagger::PosTagger::new()),
        Box::new(dossier_tagger::Chunker::new()),
        Box::new(dossier_tagger::NerTagger::new()),
        Box::new(dossier_entities::GazetteerRecognizer::new()),
        Box::new(dossier_entities::EntityTyping::new()),
        Box::new(dossier_entities::Coref::new()),
        Box::new(dossier_temporal::DatesComponent::default()),
        Box::new(dossier_temporal::QuantitiesComponent),
        Box::new(RelationExtractor::default()),
        Box::new(EventExtractor::default()),
        Box::new(AttributeExtractor::default()),
    ]
}

/// Runs the chain on `text`.
pub fn run(text: &str, published: &str) -> Doc {
    let mut doc = Doc::new(
        Meta {
            id: Meta::content_id(text.as_bytes()),
            published: Some(published.parse().unwrap()),
            ..Default::default()
        },
        text.to_string(),
    );
    for c in chain() {
        c.process(&mut doc)
            .unwrap_or_else(|e| panic!("{}: {e}", c.name()));
    }
    doc
}

/// Name normalization of the scorer.
pub fn norm(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| !"'\u{2019}\u{2018}\u{02bc}\u{02bb}`\u{00b4}".contains(*c))
        .flat_map(|c| c.to_lowercase())
        .map(|c| {
            if c == '-' || !(c.is_alphanumeric() || c.is_whitespace() || c == ':' || c == '_') {
                ' '
            } else {
                c
            }
        })
        .collect();
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => vec![],
    }
}

/// A day as (year, month, day).
pub type Ymd = (i32, u32, u32);

/// (first day, last day) of an EDTF value as (y, m, d): the scorer's
/// interval (`dossier_doc::edtf::edtf_interval`).
pub fn interval(s: &str) -> Option<(Ymd, Ymd)> {
    let ymd = |d: dossier_doc::edtf::Date| (d.year, u32::from(d.month), u32::from(d.day));
    dossier_doc::edtf::edtf_interval(s).map(|(a, b)| (ymd(a), ymd(b)))
}

fn overlaps(a: Option<&str>, b: &str) -> bool {
    match (a.and_then(interval), interval(b)) {
        (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
        _ => false,
    }
}

/// True positives, false positives and false negatives.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Matched.
    pub tp: usize,
    /// Extra.
    pub fp: usize,
    /// Missed.
    pub fn_: usize,
}

impl Counts {
    /// F1.
    pub fn f1(&self) -> f64 {
        let p = if self.tp + self.fp > 0 {
            self.tp as f64 / (self.tp + self.fp) as f64
        } else {
            0.0
        };
        let r = if self.tp + self.fn_ > 0 {
            self.tp as f64 / (self.tp + self.fn_) as f64
        } else {
            0.0
        };
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// Scores relations, events and attributes of `sys` against `gold` like score.py does.
pub fn score(sys: &Interchange, gold: &Value) -> (Counts, Counts, Counts, Vec<String>) {
    let mut notes = Vec::new();
    let g_ents = gold["entities"].as_array().cloned().unwrap_or_default();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, g) in g_ents.iter().enumerate() {
        for n in std::iter::once(&g["name"]).chain(g["aliases"].as_array().into_iter().flatten()) {
            if let Some(n) = n.as_str() {
                index.entry(norm(n)).or_insert(i);
            }
        }
    }
    let gname = |i: usize| g_ents[i]["name"].as_str().unwrap_or("").to_string();
    let canon = |n: &str| {
        index
            .get(&norm(n))
            .map(|&i| gname(i))
            .unwrap_or_else(|| n.to_string())
    };
    let optional_entity = |name: &str| {
        g_ents
            .iter()
            .any(|g| g["name"] == name && (g["optional"] == true || g["type"] == "group_identity"))
    };
    let mut map: HashMap<String, String> = HashMap::new();
    for e in &sys.entities {
        let hit = std::iter::once(&e.name)
            .chain(&e.aliases)
            .find_map(|n| index.get(&norm(n)));
        if let Some(&i) = hit {
            map.insert(e.id.clone(), gname(i));
        }
    }
    // relations
    let mut rel = Counts::default();
    let g_rels = gold["relations"].as_array().cloned().unwrap_or_default();
    let mut claimed = HashSet::new();
    for r in &sys.relations {
        let (s, t) = (map.get(&r.source).cloned(), map.get(&r.target).cloned());
        let mut found = None;
        for (j, g) in g_rels.iter().enumerate() {
            if g["type"] != r.rtype.as_str() {
                continue;
            }
            let gs: HashSet<String> = names(&g["source"]).iter().map(|n| canon(n)).collect();
            let gt: HashSet<String> = names(&g["target"]).iter().map(|n| canon(n)).collect();
            let ok = |a: &Option<String>, set: &HashSet<String>| {
                a.as_ref().is_some_and(|a| set.contains(a))
            };
            if (ok(&s, &gs) && ok(&t, &gt))
                || (r.rtype.is_symmetric() && ok(&s, &gt) && ok(&t, &gs))
            {
                found = Some(j);
                if !claimed.contains(&j) {
                    break;
                }
            }
        }
        match found {
            Some(j) if g_rels[j]["optional"] == true => {}
            Some(j) if !claimed.contains(&j) => {
                claimed.insert(j);
                rel.tp += 1;
            }
            None if s.as_deref().is_some_and(optional_entity)
                || t.as_deref().is_some_and(optional_entity) => {}
            _ => {
                rel.fp += 1;
                notes.push(format!("FP relation {} {:?} -> {:?}", r.rtype, s, t));
            }
        }
    }
    for (j, g) in g_rels.iter().enumerate() {
        if g["optional"] != true && !claimed.contains(&j) {
            rel.fn_ += 1;
            notes.push(format!("FN relation {}", g));
        }
    }
    // events
    let mut evs = Counts::default();
    let g_evs = gold["events"].as_array().cloned().unwrap_or_default();
    let mut e_claimed = HashSet::new();
    for e in &sys.events {
        let parts: HashSet<String> = e
            .participants
            .iter()
            .filter_map(|p| map.get(&p.entity).cloned())
            .collect();
        let mut cands = Vec::new();
        for (j, g) in g_evs.iter().enumerate() {
            if g["type"] != e.etype.as_str() {
                continue;
            }
            if let Some(gd) = g["date"].as_str() {
                if !overlaps(e.date.map(|d| d.to_string()).as_deref(), gd) {
                    continue;
                }
            }
            let gparts: HashSet<String> = g["participants"]
                .as_object()
                .into_iter()
                .flat_map(|o| o.values())
                .flat_map(names)
                .map(|n| canon(&n))
                .collect();
            if !gparts.is_empty() && parts.is_disjoint(&gparts) {
                continue;
            }
            let exact = g["date"]
                .as_str()
                .is_some_and(|gd| e.date.and_then(|d| interval(&d.to_string())) == interval(gd));
            cands.push((e_claimed.contains(&j), !exact, j));
        }
        cands.sort();
        match cands.first() {
            None => {
                evs.fp += 1;
                notes.push(format!(
                    "FP event {} {:?} {:?}",
                    e.etype,
                    e.date.map(|d| d.to_string()),
                    parts
                ));
            }
            Some(&(_, _, j)) if g_evs[j]["optional"] == true => {}
            Some(&(true, _, _)) => {
                evs.fp += 1;
                notes.push(format!(
                    "FP duplicate event {} {:?} {:?}",
                    e.etype, e.date, parts
                ));
            }
            Some(&(false, _, j)) => {
                e_claimed.insert(j);
                evs.tp += 1;
            }
        }
    }
    for (j, g) in g_evs.iter().enumerate() {
        if g["optional"] != true && !e_claimed.contains(&j) {
            evs.fn_ += 1;
            notes.push(format!("FN event {}", g));
        }
    }
    // attributes
    let mut atts = Counts::default();
    let g_atts = gold["attributes"].as_array().cloned().unwrap_or_default();
    let mut a_claimed = HashSet::new();
    for a in &sys.attributes {
        let ent = map.get(&a.entity).cloned().unwrap_or_default();
        let matches = |g: &Value| {
            let gv = g["value"].as_str().unwrap_or("");
            g["name"] == a.name.as_str()
                && g["entity"] == ent.as_str()
                && match a.name.as_str() {
                    "member_count" => {
                        a.value.trim_end_matches(['~', '?']).parse::<f64>().ok()
                            == gv.trim_end_matches(['~', '?']).parse::<f64>().ok()
                    }
                    "founded" => interval(&a.value).is_some() && interval(&a.value) == interval(gv),
                    _ => {
                        let (x, y) = (norm(&a.value), norm(gv));
                        !x.is_empty() && (x.contains(&y) || y.contains(&x))
                    }
                }
        };
        let j = g_atts
            .iter()
            .enumerate()
            .filter(|(_, g)| matches(g))
            .map(|(j, _)| j)
            .find(|j| !a_claimed.contains(j));
        match j {
            Some(j) => {
                a_claimed.insert(j);
                atts.tp += 1;
            }
            None => {
                atts.fp += 1;
                notes.push(format!("FP attribute {} {}={}", ent, a.name, a.value));
            }
        }
    }
    for (j, g) in g_atts.iter().enumerate() {
        if !a_claimed.contains(&j) {
            atts.fn_ += 1;
            notes.push(format!("FN attribute {}", g));
        }
    }
    (rel, evs, atts, notes)
}
