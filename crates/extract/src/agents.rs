//! Perpetrators read from the dependency parse. An attack whose agent the
//! event extractor did not find gets one from its own sentence or the next
//! two, when exactly one group is
//!
//! | structure | modality | example (invented) |
//! |---|---|---|
//! | subject of an attack verb | as stated | "Fighters of the Tallis Front fired rockets at the convoy." |
//! | subject of "claimed (responsibility)" | `claimed` | "The Tallis Front claimed responsibility." |
//! | the one suspected, believed or blamed | `suspected` | "Tallis Front fighters were suspected." / "Police blamed the Tallis Front." |
//!
//! A suspicion lowers the event's confidence (×0.8).
//!
//! A subject that is a fighter noun ("fighters", "gunmen", "militants")
//! stands for the group it is "of" or that qualifies it. Denials and
//! negated clauses give nothing.

use dossier_doc::{
    Component, ComponentError, Doc, EntityType, EventType, Layer, Participant, Role,
};

/// Verbs of attacking.
const ATTACK_VERBS: &[&str] = &[
    "attack",
    "ambush",
    "fire",
    "storm",
    "shoot",
    "bomb",
    "detonate",
    "kill",
    "abduct",
    "kidnap",
    "raid",
    "shell",
    "target",
    "seize",
    "behead",
    "execute",
    "assassinate",
    "massacre",
    "hijack",
    "torch",
    "burn",
    "blow",
    "stab",
    "murder",
    "launch",
    "carry",
    "strike",
    "overrun",
];
/// Verbs of suspecting.
const SUSPECT_VERBS: &[&str] = &["suspect", "blame", "believe", "accuse", "attribute", "link"];
/// Nouns that stand for the fighters of a group.
const FIGHTERS: &[&str] = &[
    "fighter",
    "militant",
    "gunman",
    "member",
    "insurgent",
    "rebel",
    "guerrilla",
    "cadre",
    "attacker",
    "assailant",
    "operative",
    "militiaman",
    "commando",
    "unit",
];

/// The verb of `ATTACK_VERBS`, `SUSPECT_VERBS` or "claim" that a token
/// with this lemma and lowercase form inflects, else the lemma: the
/// lemmatizer guesses unseen inflections from their endings and can miss
/// ("blamed" → "blam").
fn base_form(lemma: &str, form: &str) -> String {
    let known = |b: &str| ATTACK_VERBS.contains(&b) || SUSPECT_VERBS.contains(&b) || b == "claim";
    if known(lemma) {
        return lemma.to_string();
    }
    for b in ATTACK_VERBS.iter().chain(SUSPECT_VERBS).chain(&["claim"]) {
        let stem = b.strip_suffix('e').unwrap_or(b);
        let inflected = [
            format!("{b}s"),
            format!("{b}d"),
            format!("{b}ed"),
            format!("{stem}ing"),
            format!("{stem}ed"),
        ];
        if inflected.iter().any(|f| f == form) {
            return b.to_string();
        }
    }
    lemma.to_string()
}

/// For each event (by index) without an agent, the group and modality the
/// parse gives it.
pub fn find(doc: &Doc) -> Vec<(usize, usize, Option<&'static str>)> {
    let Some(parse) = crate::deps::Parse::of(doc) else {
        return Vec::new();
    };
    let (ent, children) = (&parse.ent, &parse.children);
    let rel = |i: usize| parse.rel(i);
    let lemma = |i: usize| parse.lemma(i);
    let group_at = |i: usize| -> Option<usize> {
        let e = ent[i]?;
        matches!(
            doc.entities.get(e)?.etype,
            EntityType::ArmedGroup | EntityType::Organization
        )
        .then_some(e)
    };
    // The group a noun phrase headed by `x` stands for.
    let group_of = |x: usize| -> Option<usize> {
        group_at(x).or_else(|| {
            if !FIGHTERS.contains(&lemma(x).as_str()) {
                return None;
            }
            children[x]
                .iter()
                .filter(|&&c| matches!(rel(c), "nmod" | "nmod:poss" | "compound" | "amod"))
                .find_map(|&c| group_at(c))
        })
    };
    let negated = |v: usize| {
        children[v]
            .iter()
            .any(|&c| rel(c) == "advmod" && matches!(lemma(c).as_str(), "not" | "n't" | "never"))
    };
    // Per sentence: the groups it gives, with modality.
    let mut by_sentence: Vec<Vec<(usize, Option<&'static str>)>> =
        vec![Vec::new(); doc.sentences.len()];
    for (v, tok) in doc.tokens.iter().enumerate() {
        if tok.upos.as_deref() != Some("VERB") || negated(v) {
            continue;
        }
        let l = base_form(&lemma(v), &tok.text.to_lowercase());
        let Some(slot) = by_sentence.get_mut(tok.sentence) else {
            continue;
        };
        let subj = |pass: bool| {
            children[v].iter().copied().filter(move |&c| {
                let d = rel(c);
                if pass {
                    d == "nsubj:pass"
                } else {
                    d == "nsubj"
                }
            })
        };
        if ATTACK_VERBS.contains(&l.as_str()) {
            for x in subj(false) {
                if let Some(g) = group_of(x) {
                    slot.push((g, None));
                }
            }
        } else if l == "claim" {
            for x in subj(false) {
                if let Some(g) = group_of(x) {
                    slot.push((g, Some("claimed")));
                }
            }
        } else if SUSPECT_VERBS.contains(&l.as_str()) {
            // "G fighters were suspected", "police blamed G", "G was believed to be behind".
            let objs = children[v].iter().copied().filter(|&c| rel(c) == "obj");
            for x in subj(true).chain(objs) {
                if let Some(g) = group_of(x) {
                    slot.push((g, Some("suspected")));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (k, e) in doc.events.iter().enumerate() {
        if !matches!(e.etype, EventType::Attack)
            || e.participants.iter().any(|p| p.role == Role::Agent)
        {
            continue;
        }
        let Some(first) = e.evidence.iter().map(|x| x.sentence).min() else {
            continue;
        };
        let mut found: Vec<(usize, Option<&'static str>)> = Vec::new();
        for sent in by_sentence.iter().skip(first).take(3) {
            for &(g, m) in sent {
                match found.iter_mut().find(|f| f.0 == g) {
                    // A stated role outranks a claim, a claim a suspicion.
                    Some(f) => {
                        if m.is_none() || (m == Some("claimed") && f.1 == Some("suspected")) {
                            f.1 = m;
                        }
                    }
                    None => found.push((g, m)),
                }
            }
        }
        let targets: Vec<usize> = e.participants.iter().map(|p| p.entity).collect();
        found.retain(|f| !targets.contains(&f.0));
        if let [(g, m)] = found[..] {
            out.push((k, g, m));
        }
    }
    out
}

/// The `dep_agents` component: gives attacks without an agent the one
/// group the parse names as perpetrator, claimant or suspect nearby.
#[derive(Debug, Default, Clone, Copy)]
pub struct DepAgents;

impl Component for DepAgents {
    fn name(&self) -> &str {
        "dep_agents"
    }

    fn requires(&self) -> &[Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Deps,
            Layer::Mentions,
            Layer::Entities,
            Layer::Events,
        ]
    }

    fn assigns(&self) -> &[Layer] {
        &[Layer::Events]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("dep_agents", e.to_string()))?;
        for (k, g, m) in find(doc) {
            let e = &mut doc.events[k];
            e.participants.insert(
                0,
                Participant {
                    role: Role::Agent,
                    entity: g,
                },
            );
            if let Some(m) = m {
                if e.modality.is_none() {
                    e.modality = Some(m.to_string());
                }
                // a suspect is less sure than a stated or claimed perpetrator
                if m == "suspected" {
                    e.confidence *= 0.8;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;
    use crate::{EventExtractor, NoGeo};

    fn agents(markup: &str) -> Vec<(String, Option<String>)> {
        let mut d = doc_from_markup(markup);
        dossier_parser::DependencyParser::new()
            .process(&mut d)
            .unwrap();
        EventExtractor::new(Box::new(NoGeo))
            .process(&mut d)
            .unwrap();
        DepAgents.process(&mut d).unwrap();
        d.events
            .iter()
            .filter(|e| e.etype == EventType::Attack)
            .flat_map(|e| {
                e.participants
                    .iter()
                    .filter(|p| p.role == Role::Agent)
                    .map(|p| (d.entities[p.entity].name.clone(), e.modality.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn perpetrators_from_the_next_sentences() {
        // Without the parse the event extractor leaves both attacks
        // without an agent.
        let a = agents("A bomb exploded at a market in [Olm|location] on [3 May 2019|date:2019-05-03], killing four people. No group claimed responsibility, but [Tallis Front|armed_group] fighters were suspected.");
        assert!(
            a.iter()
                .any(|(g, m)| g.contains("Tallis Front") && m.as_deref() == Some("suspected")),
            "{a:?}"
        );
        let a = agents("A bomb exploded at a market in [Olm|location] on [3 May 2019|date:2019-05-03], killing four people. [The Tallis Front|armed_group] claimed responsibility.");
        assert!(
            a.iter()
                .any(|(g, m)| g.contains("Tallis Front") && m.as_deref() == Some("claimed")),
            "{a:?}"
        );
    }

    #[test]
    fn inflections_the_lemmatizer_missed() {
        assert_eq!(base_form("blam", "blamed"), "blame");
        assert_eq!(base_form("suspect", "suspected"), "suspect");
        assert_eq!(base_form("ambush", "ambushing"), "ambush");
        assert_eq!(base_form("say", "said"), "say");
    }

    #[test]
    fn denials_give_nothing() {
        let a = agents("A bomb exploded at a market in [Olm|location] on [3 May 2019|date:2019-05-03], killing four people. [The Tallis Front|armed_group] did not claim the attack.");
        assert!(a.is_empty(), "{a:?}");
    }
}
