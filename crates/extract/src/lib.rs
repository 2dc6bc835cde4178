//! Relations, events and attributes, read from the structure of sentences.
//!
//! Three pipeline components work on a [`Doc`] whose tokens, mentions and
//! entities are set (dates and quantities are used when present):
//!
//! | component | requires | assigns |
//! |---|---|---|
//! | [`RelationExtractor`] `"relations"` | Tokens, Mentions, Entities | Relations |
//! | [`EventExtractor`] `"events"` | Tokens, Mentions, Entities | Events |
//! | [`AttributeExtractor`] `"attributes"` | Tokens, Mentions, Entities | Attributes |
//! | [`EventRelations`] `"event_relations"` | Entities, Relations, Events | Relations (those events imply) |
//! | [`DepRelations`] `"dep_relations"` | Deps, Entities, Relations | Relations (the [`pattern`]s of `patterns/relations.toml` over the parse: role nouns, founding, leading, sponsoring, training, alliance, hostility, joining, based/active in) |
//! | [`DepTitles`] `"dep_titles"` | Deps, Entities, Attributes | Attributes (titles read from the parse) |
//! | [`DepAgents`] `"dep_agents"` | Deps, Entities, Events | Events (perpetrators read from the parse) |
//!
//! Every pattern reads a [`view::SentView`]: the sentence as a sequence of
//! units where each mention is one unit pointing at its entity. Triggers
//! are general English words ([`lexicon`]); no pattern names a particular
//! group, person or place.
#![warn(missing_docs)]

pub mod agents;
pub mod anaphora;
pub mod attributes;
pub mod deps;
pub mod events;
pub mod fixture;
pub mod geo;
pub mod implied;
pub mod lexicon;
pub mod pattern;
pub mod relations;
pub mod titles;
pub mod view;

pub use agents::DepAgents;
pub use attributes::AttributeExtractor;
pub use deps::{DepRelations, PatternRelations};
pub use events::EventExtractor;
pub use geo::GazetteerGeo;
pub use implied::EventRelations;
pub use relations::RelationExtractor;
pub use titles::DepTitles;
pub use view::{Ctx, GeoLookup, NoGeo};

use dossier_doc::Doc;

/// What can go wrong when extracting.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A mention or relation points at an entity that does not exist.
    #[error("entity index {index} out of range ({count} entities)")]
    BadEntity {
        /// The offending index.
        index: usize,
        /// How many entities the document has.
        count: usize,
    },
    /// Sentences and tokens disagree.
    #[error("sentence {sentence} has token range {start}..{end} beyond {count} tokens")]
    BadSentence {
        /// Sentence index.
        sentence: usize,
        /// First token.
        start: usize,
        /// One past the last token.
        end: usize,
        /// Number of tokens.
        count: usize,
    },
}

/// Adds `rel` to `doc.relations`, or, when a relation of the same type
/// between the same entities is there (either way round for symmetric
/// types), joins its evidence to that one's (a sentence already cited is
/// not cited again), in text order.
pub fn add_relation(doc: &mut Doc, rel: dossier_doc::Relation) {
    add_relations(doc, [rel]);
}

/// [`add_relation`] for each of `rels` in turn, with the same result, in
/// time linear in the relations and their evidence (issue 14): existing
/// relations are found through an index by type and ends, cited sentences
/// through a set, and each relation that gained evidence is sorted once.
pub fn add_relations(doc: &mut Doc, rels: impl IntoIterator<Item = dossier_doc::Relation>) {
    use std::collections::{hash_map::Entry, HashMap, HashSet};
    let key = |r: &dossier_doc::Relation| {
        let (s, t) = if r.rtype.is_symmetric() && r.target < r.source {
            (r.target, r.source)
        } else {
            (r.source, r.target)
        };
        (r.rtype, s, t)
    };
    let mut index: HashMap<_, usize> = HashMap::new();
    for (i, r) in doc.relations.iter().enumerate() {
        index.entry(key(r)).or_insert(i);
    }
    // The cited sentences of each relation evidence was joined to.
    let mut cited: HashMap<usize, HashSet<usize>> = HashMap::new();
    for rel in rels {
        match index.entry(key(&rel)) {
            Entry::Occupied(at) => {
                let i = *at.get();
                let r = &mut doc.relations[i];
                let seen = cited
                    .entry(i)
                    .or_insert_with(|| r.evidence.iter().map(|x| x.sentence).collect());
                for e in rel.evidence {
                    if seen.insert(e.sentence) {
                        r.evidence.push(e);
                    }
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(doc.relations.len());
                doc.relations.push(rel);
            }
        }
    }
    for i in cited.into_keys() {
        doc.relations[i]
            .evidence
            .sort_by_key(|e| (e.sentence, e.start));
    }
}

/// Evidence spanning sentence `sent` of `doc`, if it has one.
pub fn sentence_evidence(doc: &Doc, sent: usize) -> Option<dossier_doc::Evidence> {
    doc.sentences.get(sent).map(|sp| dossier_doc::Evidence {
        sentence: sent,
        start: sp.start,
        end: sp.end,
        cited: None,
    })
}

/// Checks that the layers extraction reads are consistent.
pub fn check_input(doc: &Doc) -> Result<(), ExtractError> {
    let count = doc.entities.len();
    for m in &doc.mentions {
        if let Some(index) = m.entity {
            if index >= count {
                return Err(ExtractError::BadEntity { index, count });
            }
        }
    }
    for (sentence, s) in doc.sentences.iter().enumerate() {
        if s.token_start > s.token_end || s.token_end > doc.tokens.len() {
            return Err(ExtractError::BadSentence {
                sentence,
                start: s.token_start,
                end: s.token_end,
                count: doc.tokens.len(),
            });
        }
    }
    Ok(())
}

/// Runs relations, events and attributes on `doc` with the given lookup.
pub fn extract_all(doc: &mut Doc, geo: &dyn GeoLookup) -> Result<(), ExtractError> {
    check_input(doc)?;
    let ctx = Ctx::new(doc, geo);
    let relations = relations::extract(&ctx);
    let events = events::extract(&ctx);
    let attributes = attributes::extract(&ctx, &relations.titles, &events);
    let rels = relations.relations;
    doc.relations = rels;
    doc.events = events;
    doc.attributes = attributes;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_doc::{Component, EntityType, Mention, MentionKind, Meta};

    /// `add_relation` as it was before its index: the reference.
    fn add_relation_scan(doc: &mut Doc, rel: dossier_doc::Relation) {
        let symmetric = rel.rtype.is_symmetric();
        let existing = doc.relations.iter_mut().find(|r| {
            r.rtype == rel.rtype
                && ((r.source == rel.source && r.target == rel.target)
                    || (symmetric && r.source == rel.target && r.target == rel.source))
        });
        match existing {
            Some(r) => {
                for e in rel.evidence {
                    if !r.evidence.iter().any(|x| x.sentence == e.sentence) {
                        r.evidence.push(e);
                    }
                }
                r.evidence.sort_by_key(|e| (e.sentence, e.start));
            }
            None => doc.relations.push(rel),
        }
    }

    #[test]
    fn indexed_add_relations_equals_adding_one_by_one() {
        use dossier_doc::{Evidence, Relation, RelationType::*};
        let mut seed = 0x1414_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let types = [HostileTo, AllyOf, LeaderOf, ActiveIn, FounderOf];
        let rel = |n: &mut dyn FnMut(u64) -> usize| Relation {
            rtype: types[n(types.len() as u64)],
            source: n(5),
            target: n(5),
            confidence: 0.5,
            date: None,
            modality: None,
            evidence: (0..1 + n(3))
                .map(|_| {
                    let sentence = n(8);
                    Evidence {
                        sentence,
                        start: sentence * 10 + n(2),
                        end: sentence * 10 + 9,
                        cited: None,
                    }
                })
                .collect(),
        };
        for _ in 0..50 {
            let mut a = Doc::new(Meta::default(), String::new());
            a.relations = (0..next(6)).map(|_| rel(&mut next)).collect();
            let mut b = a.clone();
            let batch: Vec<Relation> = (0..next(40)).map(|_| rel(&mut next)).collect();
            for r in batch.clone() {
                add_relation_scan(&mut a, r);
            }
            add_relations(&mut b, batch);
            assert_eq!(
                serde_json::to_string(&a.relations).unwrap(),
                serde_json::to_string(&b.relations).unwrap()
            );
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let inputs = [
            "",
            "   \n\n  ",
            "[X|person]",
            "[Ünïcödé Ñame|person] founded [Ωmega Grüppe|armed_group] in [Zürich|location] — ’s ’s .. ,, ;; ( ) [",
            "of of of the the , , , by by by in in",
            "[A|country]-[B|country] ties. anti-[C|country]. 1,200,000,000,000 members. a a a third was wounded.",
            "He. She. It. They. His group. Its formation. The arrest. The attack.",
        ];
        for m in inputs {
            let mut d = fixture::doc_from_markup(m);
            extract_all(&mut d, &NoGeo).unwrap();
            d.check_spans().unwrap();
            extract_all(&mut d, &GazetteerGeo).unwrap();
        }
    }

    #[test]
    fn inconsistent_input_is_an_error_not_a_panic() {
        let mut d = fixture::doc_from_markup("[Ada Ferrin|person] left.");
        d.mentions.push(Mention {
            start: 0,
            end: 3,
            sentence: 0,
            text: "Ada".into(),
            label: EntityType::Person,
            kind: MentionKind::Name,
            source: "t".into(),
            confidence: 1.0,
            entity: Some(42),
        });
        assert!(matches!(
            extract_all(&mut d, &NoGeo),
            Err(ExtractError::BadEntity { index: 42, .. })
        ));
        assert!(RelationExtractor::default().process(&mut d).is_err());
        let mut d = Doc::new(Meta::default(), "x".into());
        d.sentences.push(dossier_doc::Sentence {
            start: 0,
            end: 1,
            token_start: 0,
            token_end: 5,
        });
        assert!(EventExtractor::default().process(&mut d).is_err());
    }

    #[test]
    fn components_declare_their_layers() {
        use dossier_doc::Layer;
        let r = RelationExtractor::default();
        assert_eq!(r.name(), "relations");
        assert_eq!(r.assigns(), &[Layer::Relations]);
        assert_eq!(EventExtractor::default().name(), "events");
        assert_eq!(
            AttributeExtractor::default().assigns(),
            &[Layer::Attributes]
        );
        assert!(AttributeExtractor::default()
            .requires()
            .contains(&Layer::Entities));
        // they read dates, POS tags and the layout (Ctx), attributes the events
        for c in [
            &r as &dyn Component,
            &EventExtractor::default(),
            &AttributeExtractor::default(),
        ] {
            assert!(c.requires().contains(&Layer::Dates), "{}", c.name());
            assert!(
                c.reads().contains(&Layer::Pos) && c.reads().contains(&Layer::Layout),
                "{}",
                c.name()
            );
        }
        assert!(AttributeExtractor::default()
            .reads()
            .contains(&Layer::Events));
    }
}
