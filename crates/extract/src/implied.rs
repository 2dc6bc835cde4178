//! Relations that events imply: whoever attacks or fights an actor is
//! hostile to it, a group that attacks or fights somewhere is active there,
//! and the person who founds a group is its founder (the ontology's
//! `hostile_to` is "opposition, enmity, conflict", `active_in` "where an
//! actor operates or fights"). Each implied relation cites its event's
//! evidence and keeps its modality, with a lower confidence.

use dossier_doc::{
    Component, ComponentError, Doc, EntityType, Event, EventType, Layer, Modality, Relation,
    RelationType, Role,
};
use std::collections::HashMap;

/// Event modalities that do not assert the happening (nothing is implied).
const UNASSERTED: &[Modality] = &[Modality::Planned, Modality::Hypothetical];

fn actor(t: EntityType) -> bool {
    matches!(
        t,
        EntityType::ArmedGroup
            | EntityType::Organization
            | EntityType::Country
            | EntityType::Person
    )
}

fn group(t: EntityType) -> bool {
    matches!(t, EntityType::ArmedGroup | EntityType::Organization)
}

fn place(t: EntityType) -> bool {
    matches!(t, EntityType::Location | EntityType::Country)
}

fn with_role(e: &Event, role: Role) -> impl Iterator<Item = usize> + '_ {
    e.participants
        .iter()
        .filter(move |p| p.role == role)
        .map(|p| p.entity)
}

/// The country that contains place `l` through the document's `located_in`
/// relations (at most four steps), if any.
/// `located_in`: the first `located_in` relation of each source, by source.
fn country_of(doc: &Doc, located_in: &HashMap<usize, usize>, l: usize) -> Option<usize> {
    let mut at = l;
    for _ in 0..4 {
        if doc.entities.get(at)?.etype == EntityType::Country {
            return Some(at);
        }
        at = *located_in.get(&at)?;
    }
    None
}

/// The relations `events` imply over `doc`'s entities, as
/// `(type, source, target, event index)`. Activity is stated at the level
/// of the country that contains the place, when the document says which
/// (analysts' keys list the country; a town alone where it is not known).
pub fn implied(doc: &Doc) -> Vec<(RelationType, usize, usize, usize)> {
    let etype = |i: usize| doc.entities.get(i).map(|e| e.etype);
    let mut located_in: HashMap<usize, usize> = HashMap::new();
    for r in doc
        .relations
        .iter()
        .filter(|r| r.rtype == RelationType::LocatedIn)
    {
        located_in.entry(r.source).or_insert(r.target);
    }
    let mut out = Vec::new();
    for (k, e) in doc.events.iter().enumerate() {
        if e.modality.is_some_and(|m| UNASSERTED.contains(&m)) {
            continue;
        }
        match e.etype {
            EventType::Attack | EventType::ArmedConflict => {
                for a in with_role(e, Role::Agent) {
                    let Some(at) = etype(a) else { continue };
                    if !actor(at) {
                        continue;
                    }
                    for t in with_role(e, Role::Target) {
                        if t != a && etype(t).is_some_and(actor) {
                            out.push((RelationType::HostileTo, a, t, k));
                        }
                    }
                    if group(at) {
                        for l in with_role(e, Role::Location) {
                            if l != a && etype(l).is_some_and(place) {
                                let l = country_of(doc, &located_in, l).unwrap_or(l);
                                out.push((RelationType::ActiveIn, a, l, k));
                            }
                        }
                    }
                }
            }
            EventType::Founding => {
                for a in with_role(e, Role::Agent) {
                    if etype(a) != Some(EntityType::Person) {
                        continue;
                    }
                    for g in with_role(e, Role::Participant).chain(with_role(e, Role::Target)) {
                        if etype(g).is_some_and(group) {
                            out.push((RelationType::FounderOf, a, g, k));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The `event_relations` component: adds the relations events imply to
/// `Doc::relations` (evidence joins an existing relation of the same type
/// and ends).
#[derive(Debug, Default, Clone, Copy)]
pub struct EventRelations;

impl Component for EventRelations {
    fn name(&self) -> &str {
        "event_relations"
    }

    fn requires(&self) -> &[Layer] {
        &[Layer::Entities, Layer::Relations, Layer::Events]
    }

    fn assigns(&self) -> &[Layer] {
        &[Layer::Relations]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc)
            .map_err(|e| ComponentError::new("event_relations", e.to_string()))?;
        let rels: Vec<Relation> = implied(doc)
            .into_iter()
            .map(|(rtype, s, t, k)| {
                let ev = &doc.events[k];
                Relation {
                    rtype,
                    source: s,
                    target: t,
                    confidence: ev.confidence * 0.8,
                    date: None,
                    modality: ev.modality,
                    evidence: ev.evidence.clone(),
                }
            })
            .collect();
        crate::add_relations(doc, rels);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;
    use crate::{EventExtractor, NoGeo, RelationExtractor};

    fn run(markup: &str) -> Doc {
        let mut d = doc_from_markup(markup);
        RelationExtractor::new(Box::new(NoGeo))
            .process(&mut d)
            .unwrap();
        EventExtractor::new(Box::new(NoGeo))
            .process(&mut d)
            .unwrap();
        EventRelations.process(&mut d).unwrap();
        d
    }

    fn has(d: &Doc, t: RelationType, s: &str, g: &str) -> bool {
        d.relations.iter().any(|r| {
            r.rtype == t && d.entities[r.source].name == s && d.entities[r.target].name == g
        })
    }

    #[test]
    fn an_attack_implies_hostility_and_activity() {
        let d = run("On [3 May 2019|date:2019-05-03], [Tallis Front|armed_group] fighters attacked [Varda Police|organization] officers in [Olm|location], killing four.");
        assert!(
            has(&d, RelationType::HostileTo, "Tallis Front", "Varda Police"),
            "{:?}",
            d.relations
        );
        assert!(has(&d, RelationType::ActiveIn, "Tallis Front", "Olm"));
        assert!(d.relations.iter().all(|r| !r.evidence.is_empty()));
    }

    #[test]
    fn issue13_the_month_may_is_no_modal() {
        // "May" the month before the trigger left the attack hypothetical,
        // and a hypothetical attack implies nothing.
        let d = run("[Tallis Front|armed_group] gunmen on [27|date:2019-05-27] May killed 14 people in [Olm|location].");
        assert!(
            d.events.iter().all(|e| e.modality.is_none()),
            "{:?}",
            d.events
        );
        assert!(
            has(&d, RelationType::ActiveIn, "Tallis Front", "Olm"),
            "{:?}",
            d.events
        );
        // the modal still is one
        let d = run("[Tallis Front|armed_group] fighters may attack [Varda Police|organization] officers in [Olm|location].");
        assert!(!has(&d, RelationType::ActiveIn, "Tallis Front", "Olm"));
    }

    #[test]
    fn a_planned_attack_implies_nothing() {
        let mut d = doc_from_markup("[Tallis Front|armed_group] planned to attack [Varda Police|organization] in [Olm|location].");
        EventExtractor::new(Box::new(NoGeo))
            .process(&mut d)
            .unwrap();
        for e in &mut d.events {
            e.modality = Some(Modality::Planned);
        }
        let before = d.relations.len();
        EventRelations.process(&mut d).unwrap();
        assert_eq!(d.relations.len(), before);
    }
}
