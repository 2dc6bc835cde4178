//! An answer key as training needs it: entities by normalized name, and
//! each relation with the entities it may join and the sentences that
//! state it; and the alignment of a processed document to it.

use dossier_doc::{Doc, EntityType, RelationType, Role};
use dossier_eval::norm;
use serde_json::Value;
use std::collections::HashMap;

/// What is wrong with an answer key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key is not shaped as ONTOLOGY.md says.
    #[error("{key}: {message}")]
    Shape {
        /// The key's name.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// A relation names an entity the key does not list.
    #[error("{key}: {what} names {name:?}, which is no entity's name or alias")]
    Unresolved {
        /// The key's name.
        key: String,
        /// Which item.
        what: String,
        /// The name.
        name: String,
    },
}

/// One keyed relation.
#[derive(Debug, Clone)]
pub struct GoldRelation {
    /// Its type.
    pub rtype: RelationType,
    /// Entity indexes any of which may be its source.
    pub sources: Vec<usize>,
    /// Entity indexes any of which may be its target.
    pub targets: Vec<usize>,
    /// The sentences stating it, normalized ([`norm_sentence`]).
    pub evidence: Vec<String>,
    /// Whether the key marks it optional (training learns from it all the
    /// same; [`crate::diagnose`] does not count it missed).
    pub optional: bool,
}

/// One keyed event, as the agent model reads it.
#[derive(Debug, Clone)]
pub struct GoldEvent {
    /// Its type (wire name).
    pub etype: String,
    /// Its date (EDTF), if keyed.
    pub date: Option<String>,
    /// Entity indexes any of which is its agent (names that resolve to no
    /// entity are left out).
    pub agents: Vec<usize>,
    /// Every participant that resolves to an entity, with its role.
    pub roles: Vec<(Role, usize)>,
    /// Whether the key marks it optional.
    pub optional: bool,
    /// The sentences stating it, normalized.
    pub evidence: Vec<String>,
}

/// The parts of an answer key that training reads.
#[derive(Debug, Clone)]
pub struct GoldKey {
    /// Entity types, by index (`None`: a type outside the ontology).
    pub types: Vec<Option<EntityType>>,
    /// Whether each entity is optional.
    pub optional: Vec<bool>,
    /// Normalized name or alias → entity index.
    pub index: HashMap<String, usize>,
    /// The keyed relations.
    pub relations: Vec<GoldRelation>,
    /// The keyed events.
    pub events: Vec<GoldEvent>,
}

fn names(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub use dossier_eval::{norm_sentence, same_sentence};

impl GoldKey {
    /// Reads a key (`name` is used in errors); every name a relation uses
    /// must resolve to an entity.
    pub fn from_json(v: &Value, name: &str) -> Result<GoldKey, KeyError> {
        let shape = |m: &str| KeyError::Shape {
            key: name.to_string(),
            message: m.to_string(),
        };
        let ents = v
            .get("entities")
            .and_then(Value::as_array)
            .ok_or_else(|| shape("no `entities` list"))?;
        let mut index = HashMap::new();
        let mut types = Vec::new();
        let mut optional = Vec::new();
        for (i, e) in ents.iter().enumerate() {
            let n = e
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| shape(&format!("entity {i} has no name")))?;
            types.push(
                e.get("type")
                    .and_then(Value::as_str)
                    .and_then(|t| t.parse().ok()),
            );
            optional.push(e.get("optional").and_then(Value::as_bool).unwrap_or(false));
            for a in std::iter::once(n).chain(e.get("aliases").map(names).unwrap_or_default()) {
                index.entry(norm(a)).or_insert(i);
            }
        }
        let mut relations = Vec::new();
        for (i, r) in v
            .get("relations")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let t = r.get("type").and_then(Value::as_str).unwrap_or_default();
            let Ok(rtype) = t.parse::<RelationType>() else {
                return Err(shape(&format!("relation {i} has unknown type {t:?}")));
            };
            let resolve = |field: &str| -> Result<Vec<usize>, KeyError> {
                let ns = r.get(field).map(names).unwrap_or_default();
                if ns.is_empty() {
                    return Err(shape(&format!("relation {i} has no {field}")));
                }
                ns.into_iter()
                    .map(|n| {
                        index.get(&norm(n)).copied().ok_or(KeyError::Unresolved {
                            key: name.to_string(),
                            what: format!("relation {i} ({t}) {field}"),
                            name: n.to_string(),
                        })
                    })
                    .collect()
            };
            let sources = resolve("source")?;
            let targets = resolve("target")?;
            let evidence = r
                .get("evidence")
                .map(names)
                .unwrap_or_default()
                .into_iter()
                .map(norm_sentence)
                .collect();
            relations.push(GoldRelation {
                rtype,
                sources,
                targets,
                evidence,
                optional: r.get("optional").and_then(Value::as_bool).unwrap_or(false),
            });
        }
        let events = v
            .get("events")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|e| GoldEvent {
                etype: e
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                date: e.get("date").and_then(Value::as_str).map(str::to_string),
                agents: e
                    .get("participants")
                    .and_then(|p| p.get("agent"))
                    .map(names)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|n| index.get(&norm(n)).copied())
                    .collect(),
                roles: e
                    .get("participants")
                    .and_then(Value::as_object)
                    .map(|ps| {
                        ps.iter()
                            .filter_map(|(r, v)| Some((r.parse::<Role>().ok()?, v)))
                            .flat_map(|(r, v)| {
                                names(v)
                                    .into_iter()
                                    .filter_map(|n| index.get(&norm(n)).copied())
                                    .map(move |i| (r, i))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                optional: e.get("optional").and_then(Value::as_bool).unwrap_or(false),
                evidence: e
                    .get("evidence")
                    .map(names)
                    .unwrap_or_default()
                    .into_iter()
                    .map(norm_sentence)
                    .collect(),
            })
            .collect();
        Ok(GoldKey {
            types,
            optional,
            index,
            relations,
            events,
        })
    }

    /// Whether `name` overlaps some keyed name without matching it: one
    /// contains the other at word boundaries ("Colonel Ada Ferrin" and
    /// "Ada Ferrin"). Such an entity is neither keyed nor clearly spurious.
    pub fn overlaps_a_name(&self, name: &str) -> bool {
        let n = format!(" {} ", norm(name));
        if n.trim().is_empty() {
            return false;
        }
        self.index.keys().any(|k| {
            let k = format!(" {k} ");
            k.trim().len() > 2 && (n.contains(&k) || k.contains(&n))
        })
    }

    /// The key's entity for each of the document's entities (by its name
    /// or an alias, as the scorer matches them).
    pub fn align(&self, doc: &Doc) -> Vec<Option<usize>> {
        doc.entities
            .iter()
            .map(|e| {
                std::iter::once(&e.name)
                    .chain(e.aliases.iter())
                    .find_map(|n| self.index.get(&norm(n)).copied())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relation_naming_an_unknown_entity_is_rejected() {
        let v: Value = serde_json::json!({
            "entities": [{"name": "Tallis Front", "type": "armed_group", "aliases": ["TF"]},
                         {"name": "Orla Vance", "type": "person"}],
            "relations": [{"type": "leader_of", "source": "Orla Vance", "target": "Tallis Brigade"}]
        });
        let e = GoldKey::from_json(&v, "k.json").unwrap_err();
        assert!(e.to_string().contains("Tallis Brigade"), "{e}");
        let v: Value = serde_json::json!({
            "entities": [{"name": "Tallis Front", "type": "armed_group", "aliases": ["TF"]},
                         {"name": "Orla Vance", "type": "person"}],
            "relations": [{"type": "leader_of", "source": ["Orla Vance"], "target": "TF",
                           "evidence": ["Orla Vance leads the Tallis Front."]}]
        });
        let k = GoldKey::from_json(&v, "k.json").unwrap();
        assert_eq!(k.relations[0].sources, vec![1]);
        assert_eq!(k.relations[0].targets, vec![0]);
        assert_eq!(
            k.relations[0].evidence[0],
            "orla vance leads the tallis front"
        );
    }

    #[test]
    fn sentences_match_across_different_cuts() {
        let s = norm_sentence("Orla Vance leads the Tallis Front, which she founded in 2004.");
        assert!(same_sentence(
            &s,
            &norm_sentence("Orla Vance leads the Tallis Front")
        ));
        assert!(!same_sentence(&s, &norm_sentence("The front was banned.")));
    }
}
