//! Why relations are missed and where false ones come from: for a
//! processed document and its answer key, one line per keyed relation the
//! system did not produce, with its cause and the dependency path between
//! the two mentions, and one line per produced relation the key does not
//! hold, with what produced it (a pattern of `patterns/relations.toml` by
//! name, the surface rules, the learned model with its score, or an
//! event's implication). `dossier train extract --cross-validate K
//! --explain-relations` prints them for the held-out folds, so the
//! breakdown is honest (no model has seen the document it explains).
//!
//! Lines are tab-separated, for `sort | uniq -c` and the like:
//!
//! ```text
//! MISS   TYPE CAUSE PATH SCORE DOC SOURCE TARGET SENTENCE [MENTIONS]
//! FALSE  TYPE WHY PRODUCER PATH SCORE DOC SOURCE TARGET SENTENCE
//! TRUE   TYPE keyed PRODUCER PATH SCORE DOC SOURCE TARGET SENTENCE
//! ```
//!
//! and, for the ends a quoted sentence refers to only by a pronoun or a
//! description, one line of how the anaphora resolution read it
//! (`ANAPHOR …`, [`anaphora`]).
//!
//! `TRUE` lines (produced relations the key holds) carry the same producer
//! and learned score, so a producer's precision and how a veto by the
//! learned score would sort its relations read off one run.
//!
//! An `entity-missing` miss ends with the mentions the system resolved in
//! the quoted sentence (`text=entity/type; …`).
//!
//! Causes of a miss: `entity-missing` (no entity of the document aligns
//! to one end), `not-together` (no candidate pairs the two ends in a
//! sentence the key quotes: one end is not mentioned there, or the key
//! quotes two sentences), `below-threshold` (a candidate exists and the
//! model scores the keyed label at or below its threshold), `unfit`
//! (scored above it but the entity types the system gave do not fit the
//! type: a mistyped end). A miss whose pair was produced with another type or
//! the other way round says so in its cause (`wrong-type:T`,
//! `reversed`). A `below-threshold` score is followed by the three
//! features that pulled it down most (`[bias=-7.6 B:and=-1.0 …]`). Paths are the relation model's `PL` feature: the
//! dependency relations up from the first mention's head to the lowest
//! common ancestor, `|`, down to the second's, `|`, the ancestor's lemma
//! (`*` when one mention dominates the other), `|`, the entity types.

pub mod anaphora;

use crate::gold::{norm_sentence, same_sentence, GoldKey, GoldRelation};
use crate::relations::{self, Candidate};
use crate::Model;
use dossier_doc::{Doc, Relation, RelationType};
use std::collections::HashMap;

/// A candidate's dependency path (its `PL:` feature, else `P:long`,
/// `P:none` or `-` without a parse).
pub fn path_of(c: &Candidate) -> String {
    let f = &c.features;
    if let Some(p) = f.iter().find_map(|x| x.strip_prefix("PL:")) {
        return p.to_string();
    }
    for alt in ["P:long", "P:none"] {
        if f.iter().any(|x| x == alt) {
            return alt.to_string();
        }
    }
    if c.previous.is_some() {
        "cross-sentence".to_string()
    } else {
        "-".to_string()
    }
}

fn name(doc: &Doc, e: usize) -> &str {
    doc.entities.get(e).map_or("?", |e| e.name.as_str())
}

fn sentence_text(doc: &Doc, si: usize) -> String {
    let s = doc
        .sentences
        .get(si)
        .map_or("", |s| doc.slice(s.start, s.end));
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.chars().take(240).collect()
}

/// The mentions the system resolved in sentence `si`, as `text=entity/type`
/// joined by `; ` (the last column of an `entity-missing` line: a name cut,
/// typed away or resolved to another entity shows there).
fn sentence_mentions(doc: &Doc, si: usize) -> String {
    doc.mentions
        .iter()
        .filter(|m| m.sentence == si)
        .filter_map(|m| {
            let e = doc.entities.get(m.entity?)?;
            Some(format!("{}={}/{}", m.text, e.name, e.etype.as_str()))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The label of relation `rt` between `c`'s ends, `source_first` when its
/// source is `c.first`.
fn label_of(rt: RelationType, source_first: bool) -> String {
    if rt.is_symmetric() || source_first {
        format!("{}>", rt.as_str())
    } else {
        format!("{}<", rt.as_str())
    }
}

/// The diagnosis lines of one document: `before` is the document right
/// before `learned_relations` (the rules' and patterns' relations in
/// place), `after` the finished document, `key` its answer key, `model`
/// the model that decided (trained without this document), `id` its name.
pub fn explain(before: &Doc, after: &Doc, key: &GoldKey, model: &Model, id: &str) -> Vec<String> {
    let d = Diagnosis::new(before, after, key, model, id);
    let mut out = Vec::new();
    // misses
    for kr in key.relations.iter().filter(|r| !r.optional) {
        if let Some(line) = d.miss(kr) {
            out.push(line);
        }
    }
    // false relations (and true ones, with the same columns)
    for r in &after.relations {
        out.push(d.produced(r));
    }
    // how the anaphora resolution reaches the ends the quoted sentences
    // do not name
    out.extend(anaphora::lines(after, key, id));
    out
}

/// What the lines of one document's diagnosis read: the document before
/// and after the learned relations, its key and alignment, the model's
/// candidates with their scores, and which patterns found what.
struct Diagnosis<'a> {
    before: &'a Doc,
    after: &'a Doc,
    key: &'a GoldKey,
    model: &'a Model,
    id: &'a str,
    /// The key entity each document entity aligns to.
    align: Vec<Option<usize>>,
    /// The document's sentences, normalized ([`norm_sentence`]).
    sents: Vec<String>,
    /// The relation model's candidates in `before`.
    cands: Vec<Candidate>,
    /// The model's index of each label.
    label_ix: HashMap<&'a str, usize>,
    /// Each candidate's score for each label.
    scores: Vec<Vec<f32>>,
    /// Which patterns found each (type, source, target), either way for
    /// symmetric types.
    by_pattern: HashMap<(RelationType, usize, usize), Vec<&'static str>>,
}

/// Whether two pairs of ends are the same relation's (either way round for
/// a symmetric type).
fn same_ends(rt: RelationType, s: usize, t: usize, s2: usize, t2: usize) -> bool {
    (s == s2 && t == t2) || (rt.is_symmetric() && s == t2 && t == s2)
}

impl<'a> Diagnosis<'a> {
    fn new(
        before: &'a Doc,
        after: &'a Doc,
        key: &'a GoldKey,
        model: &'a Model,
        id: &'a str,
    ) -> Self {
        let sents: Vec<String> = after
            .sentences
            .iter()
            .map(|s| norm_sentence(after.slice(s.start, s.end)))
            .collect();
        let cands = relations::candidates(before);
        let label_ix: HashMap<&str, usize> = model
            .relations
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let scores: Vec<Vec<f32>> = cands
            .iter()
            .map(|c| model.relations.scores(&c.features))
            .collect();
        let anaphors = dossier_extract::anaphora::group_anaphors(before);
        let set = dossier_extract::pattern::PatternSet::builtin();
        let mut by_pattern: HashMap<(RelationType, usize, usize), Vec<&str>> = HashMap::new();
        for m in set.find_with(before, &anaphors) {
            let v = by_pattern.entry((m.rtype, m.source, m.target)).or_default();
            let n = set.patterns[m.pattern].name.as_str();
            if !v.contains(&n) {
                v.push(n);
            }
        }
        Diagnosis {
            before,
            after,
            key,
            model,
            id,
            align: key.align(after),
            sents,
            cands,
            label_ix,
            scores,
            by_pattern,
        }
    }

    /// The score of candidate `ci` for label `l`.
    fn score_of(&self, ci: usize, l: &str) -> f32 {
        self.label_ix
            .get(l)
            .and_then(|&i| self.scores[ci].get(i).copied())
            .unwrap_or(f32::NEG_INFINITY)
    }

    /// The document entities aligned to any of these key entities.
    fn ends(&self, want: &[usize]) -> Vec<usize> {
        (0..self.after.entities.len())
            .filter(|&i| self.align[i].is_some_and(|a| want.contains(&a)))
            .collect()
    }

    /// A key name of the first of these key entities: the least of its
    /// names and aliases (the index is a hash map, whose order changes from
    /// run to run).
    fn key_name(&self, v: &[usize]) -> String {
        v.first()
            .and_then(|&g| {
                self.key
                    .index
                    .iter()
                    .filter(|(_, &i)| i == g)
                    .map(|(n, _)| n)
                    .min()
                    .cloned()
            })
            .unwrap_or_else(|| "?".to_string())
    }

    /// The `MISS` line of a keyed relation the document does not hold
    /// (`None` when it does).
    fn miss(&self, kr: &GoldRelation) -> Option<String> {
        let after = self.after;
        let (ss, ts) = (self.ends(&kr.sources), self.ends(&kr.targets));
        let produced = after.relations.iter().any(|r| {
            r.rtype == kr.rtype
                && ((ss.contains(&r.source) && ts.contains(&r.target))
                    || (kr.rtype.is_symmetric()
                        && ss.contains(&r.target)
                        && ts.contains(&r.source)))
        });
        if produced {
            return None;
        }
        let first_quoted =
            (0..self.sents.len()).find(|&si| !kr.evidence.is_empty() && self.quoted(kr, si));
        let text = first_quoted
            .map(|si| sentence_text(after, si))
            .unwrap_or_default();
        let (src, tgt) = (
            ss.first().map_or_else(
                || self.key_name(&kr.sources),
                |&e| name(after, e).to_string(),
            ),
            ts.first().map_or_else(
                || self.key_name(&kr.targets),
                |&e| name(after, e).to_string(),
            ),
        );
        let (cause, path, score) = if ss.is_empty() || ts.is_empty() {
            let cause = if ss.is_empty() && ts.is_empty() {
                "entity-missing:both"
            } else if ss.is_empty() {
                "entity-missing:source"
            } else {
                "entity-missing:target"
            };
            (cause.to_string(), "-".to_string(), "-".to_string())
        } else {
            let (mut cause, path, score) = self.miss_cause(kr, &ss, &ts, first_quoted);
            // the pair produced otherwise
            for r in &after.relations {
                let pair = (ss.contains(&r.source) && ts.contains(&r.target))
                    || (ss.contains(&r.target) && ts.contains(&r.source));
                if !pair {
                    continue;
                }
                if r.rtype == kr.rtype {
                    cause.push_str(",reversed");
                } else {
                    cause.push_str(&format!(",wrong-type:{}", r.rtype.as_str()));
                }
            }
            (cause, path, score)
        };
        // for a missing end, what the system made of the quoted sentence
        let seen = if cause.starts_with("entity-missing") {
            first_quoted.map_or_else(String::new, |si| sentence_mentions(after, si))
        } else {
            String::new()
        };
        Some(format!(
            "MISS\t{}\t{cause}\t{path}\t{score}\t{}\t{src}\t{tgt}\t{text}\t{seen}",
            kr.rtype.as_str(),
            self.id
        ))
    }

    /// Whether sentence `si` is one the key quotes for `kr` (any is, when it
    /// quotes none).
    fn quoted(&self, kr: &GoldRelation, si: usize) -> bool {
        kr.evidence.is_empty()
            || kr
                .evidence
                .iter()
                .any(|q| same_sentence(&self.sents[si], q))
    }

    /// Cause, path and score of a miss whose two ends are both in the
    /// document (`ss`, `ts`): from the best candidate for the keyed label
    /// in a quoted sentence, or why there is none.
    fn miss_cause(
        &self,
        kr: &GoldRelation,
        ss: &[usize],
        ts: &[usize],
        first_quoted: Option<usize>,
    ) -> (String, String, String) {
        let (after, model) = (self.after, self.model);
        // the best candidate in a quoted sentence for the keyed label
        let mut best: Option<(usize, f32, String)> = None;
        for (ci, c) in self.cands.iter().enumerate() {
            let fwd = ss.contains(&c.first) && ts.contains(&c.second);
            let bwd = ss.contains(&c.second) && ts.contains(&c.first);
            if !(fwd || bwd) {
                continue;
            }
            let here = match c.previous {
                Some(p) => self.quoted(kr, p) && self.quoted(kr, c.sentence),
                None => {
                    self.quoted(kr, c.sentence) || c.antecedent.is_some_and(|a| self.quoted(kr, a))
                }
            };
            if !here {
                continue;
            }
            let l = label_of(kr.rtype, fwd);
            let s = self.score_of(ci, &l);
            if best.as_ref().is_none_or(|b| s > b.1) {
                best = Some((ci, s, l));
            }
        }
        let Some((ci, s, l)) = best else {
            let sides = first_quoted.map(|si| {
                let at = |es: &[usize]| {
                    after
                        .mentions
                        .iter()
                        .any(|m| m.sentence == si && m.entity.is_some_and(|e| es.contains(&e)))
                };
                (at(ss), at(ts))
            });
            let cause = match sides {
                _ if kr.evidence.len() > 1 => "not-together:two-quotes",
                None => "not-together:quote-not-found",
                Some((false, false)) => "not-together:neither-named",
                Some((false, true)) => "not-together:source-not-named",
                Some((true, false)) => "not-together:target-not-named",
                Some((true, true)) => "not-together:named",
            };
            return (cause.to_string(), "-".to_string(), "-".to_string());
        };
        let c = &self.cands[ci];
        let path = path_of(c);
        let mut score = format!("{s:.2}");
        // the features that pulled it down most
        if let Some(&li) = self.label_ix.get(l.as_str()) {
            let mut fw: Vec<(f32, &str)> = c
                .features
                .iter()
                .map(|f| (model.relations.weight(f, li), f.as_str()))
                .filter(|(w, _)| *w < 0.0)
                .collect();
            fw.sort_by(|a, b| a.0.total_cmp(&b.0));
            let top: Vec<String> = fw
                .iter()
                .take(3)
                .map(|(w, f)| format!("{f}={w:.1}"))
                .collect();
            score.push_str(&format!(" [{}]", top.join(" ")));
        }
        let (fe, se) = (c.first, c.second);
        let (source, target) = if l.ends_with('<') { (se, fe) } else { (fe, se) };
        let cause = if s > model.threshold {
            let ty = |e: usize| after.entities[e].etype.as_str();
            format!("unfit:{}>{}", ty(source), ty(target))
        } else {
            // the label the model preferred
            let top = self.scores[ci]
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, &x)| (model.relations.labels[i].as_str(), x));
            match top {
                Some((tl, tx)) if tx > model.threshold => format!("below-threshold:top={tl}"),
                _ => "below-threshold".to_string(),
            }
        };
        (cause, path, score)
    }

    /// Why the key holds a produced relation or not (`keyed`, `reversed`,
    /// `keyed-as:T`, `unkeyed-entity`, `unkeyed-pair`).
    fn why(&self, r: &Relation) -> (bool, String) {
        let (a, b) = (self.align[r.source], self.align[r.target]);
        let key = self.key;
        let matches_key = |rt: RelationType| {
            key.relations.iter().filter(|k| k.rtype == rt).any(|k| {
                let (Some(a), Some(b)) = (a, b) else {
                    return false;
                };
                (k.sources.contains(&a) && k.targets.contains(&b))
                    || (rt.is_symmetric() && k.sources.contains(&b) && k.targets.contains(&a))
            })
        };
        let keyed = matches_key(r.rtype);
        let why = if keyed {
            "keyed".to_string()
        } else if a.is_none() || b.is_none() {
            "unkeyed-entity".to_string()
        } else if let Some(k) = key.relations.iter().find(|k| {
            let (Some(a), Some(b)) = (a, b) else {
                return false;
            };
            (k.sources.contains(&a) && k.targets.contains(&b))
                || (k.sources.contains(&b) && k.targets.contains(&a))
        }) {
            if k.rtype == r.rtype {
                "reversed".to_string()
            } else {
                format!("keyed-as:{}", k.rtype.as_str())
            }
        } else {
            "unkeyed-pair".to_string()
        };
        (keyed, why)
    }

    /// What produced a relation: `rules`, `pattern:NAME+…`, `learned` or
    /// `implied`; `learned` is the learned candidate's best score for it.
    fn producer(&self, r: &Relation, learned: Option<(usize, f32)>) -> String {
        let before_has = self.before.relations.iter().any(|b| {
            b.rtype == r.rtype && same_ends(r.rtype, r.source, r.target, b.source, b.target)
        });
        let pats: Vec<&str> = self
            .by_pattern
            .iter()
            .filter(|((rt, s, t), _)| *rt == r.rtype && same_ends(*rt, r.source, r.target, *s, *t))
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        if before_has {
            if pats.is_empty() {
                "rules".to_string()
            } else {
                let mut p = pats.clone();
                p.sort_unstable();
                p.dedup();
                format!("pattern:{}", p.join("+"))
            }
        } else if learned.is_some_and(|(_, s)| s > self.model.threshold) {
            "learned".to_string()
        } else {
            "implied".to_string()
        }
    }

    /// The `TRUE` or `FALSE` line of a produced relation.
    fn produced(&self, r: &Relation) -> String {
        let after = self.after;
        let (keyed, why) = self.why(r);
        // the learned candidate's best score for this relation
        let mut learned: Option<(usize, f32)> = None;
        for (ci, c) in self.cands.iter().enumerate() {
            let fwd = c.first == r.source && c.second == r.target;
            let bwd = c.first == r.target && c.second == r.source;
            if !(fwd || bwd) {
                continue;
            }
            let s = self.score_of(ci, &label_of(r.rtype, fwd || r.rtype.is_symmetric()));
            if learned.is_none_or(|l| s > l.1) {
                learned = Some((ci, s));
            }
        }
        let producer = self.producer(r, learned);
        let (path, score) = match learned {
            Some((ci, s)) => (path_of(&self.cands[ci]), format!("{s:.2}")),
            None => ("-".to_string(), "-".to_string()),
        };
        let text = r
            .evidence
            .first()
            .map(|e| sentence_text(after, e.sentence))
            .unwrap_or_default();
        format!(
            "{}\t{}\t{why}\t{producer}\t{path}\t{score}\t{}\t{}\t{}\t{text}",
            if keyed { "TRUE" } else { "FALSE" },
            r.rtype.as_str(),
            self.id,
            name(after, r.source),
            name(after, r.target)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perceptron::Weights;
    use dossier_doc::Relation;

    #[test]
    fn issue15_a_missing_end_is_named_alike_every_run() {
        // The key's names live in a hash map: the name of an end the
        // document lacks is the least of them, not the first one met.
        let doc = dossier_extract::fixture::doc_from_markup(
            "[The Tallis Front|armed_group] recruited in [Olm|location].",
        );
        let key = GoldKey::from_json(
            &serde_json::json!({
                "entities": [
                    {"name": "Tallis Front", "type": "armed_group"},
                    {"name": "Jon Marek", "type": "person", "aliases": ["Marek", "Comrade Jon"]}
                ],
                "relations": [
                    {"type": "member_of", "source": "Jon Marek", "target": "Tallis Front"}
                ]
            }),
            "k.json",
        )
        .unwrap();
        let model = Model::default();
        let lines = explain(&doc, &doc, &key, &model, "doc");
        let miss: Vec<&str> = lines
            .iter()
            .find(|l| l.starts_with("MISS"))
            .map(|l| l.split('\t').collect())
            .unwrap_or_default();
        assert_eq!(miss.get(2), Some(&"entity-missing:source"), "{lines:#?}");
        assert_eq!(miss.get(6), Some(&"comrade jon"), "{lines:#?}");
    }

    #[test]
    fn misses_and_false_relations_are_explained() {
        let before = dossier_extract::fixture::doc_from_markup(
            "[Orla Vance|person] leads [the Tallis Front|armed_group]. [The Kessel Brigade|armed_group] attacked [Olm|location].",
        );
        let key = GoldKey::from_json(
            &serde_json::json!({
                "entities": [
                    {"name": "Orla Vance", "type": "person"},
                    {"name": "Tallis Front", "type": "armed_group"},
                    {"name": "Kessel Brigade", "type": "armed_group"},
                    {"name": "Olm", "type": "location"},
                    {"name": "Jon Marek", "type": "person"}
                ],
                "relations": [
                    {"type": "leader_of", "source": "Orla Vance", "target": "Tallis Front"},
                    {"type": "active_in", "source": "Kessel Brigade", "target": "Olm"},
                    {"type": "member_of", "source": "Jon Marek", "target": "Tallis Front"},
                    {"type": "ally_of", "source": "Jon Marek", "target": "Kessel Brigade", "optional": true}
                ]
            }),
            "k.json",
        )
        .unwrap();
        // a model that adds leader_of for every person > group pair
        let labels = relations::labels();
        let li = labels.iter().position(|l| l == "leader_of>").unwrap();
        let model = Model {
            relations: Weights::from_entries(
                labels,
                [("T:person>armed_group".to_string(), li, 5.0)],
            ),
            threshold: 3.0,
            ..Model::default()
        };
        let mut after = before.clone();
        model.apply_relations(&mut after);
        let tallis = after
            .entities
            .iter()
            .position(|e| e.name.contains("Tallis"))
            .unwrap();
        let kessel = after
            .entities
            .iter()
            .position(|e| e.name.contains("Kessel"))
            .unwrap();
        after.relations.push(Relation {
            rtype: RelationType::HostileTo,
            source: kessel,
            target: tallis,
            confidence: 0.6,
            date: None,
            modality: None,
            evidence: Vec::new(),
        });
        let lines = explain(&before, &after, &key, &model, "doc");
        // the tab-separated columns of the lines of one kind
        let of = |kind: &str| -> Vec<Vec<String>> {
            lines
                .iter()
                .filter(|l| l.starts_with(kind))
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect()
        };
        let misses = of("MISS");
        // leader_of was produced; the optional ally_of is never a miss
        assert_eq!(misses.len(), 2, "{lines:#?}");
        assert_eq!(misses[0][1], "active_in");
        assert!(misses[0][2].starts_with("below-threshold"), "{lines:#?}");
        assert_eq!(misses[1][1], "member_of");
        assert_eq!(misses[1][2], "entity-missing:source");
        let falses = of("FALSE");
        assert_eq!(falses.len(), 1, "{lines:#?}");
        assert_eq!(falses[0][1], "hostile_to");
        assert_eq!(falses[0][2], "unkeyed-pair");
        assert_eq!(falses[0][3], "implied");
    }
}
