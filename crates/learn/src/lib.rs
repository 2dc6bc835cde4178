//! `dossier-learn`: extraction decisions learned from an annotated corpus.
//!
//! The recognizers and pattern extractors propose; a model trained on the
//! annotated corpus's training split decides.
//!
//! | component | requires | assigns | decides |
//! |---|---|---|---|
//! | [`LearnedTypes`] `"learned_types"` | Tokens, Mentions, Entities | Mentions, Entities | each entity's type, or that it is none ([`types`]) |
//! | [`LearnedEvents`] `"learned_events"` | Tokens, Mentions, Entities, Dates, Events | Events | the events of each sentence the patterns missed, their trigger, date and participants; the roles the patterns' events left empty ([`events`]) |
//! | [`LearnedAgents`] `"learned_agents"` | Tokens, Mentions, Entities, Events | Events | the perpetrator of an attack or plot the patterns left without one, among the entities of its sentence and the next three ([`agents`]) |
//! | [`LearnedRelations`] `"learned_relations"` | Tokens, Mentions, Entities, Relations | Relations | each relation type and direction for each pair of entities in a sentence ([`relations`]) |
//!
//! Candidates are described by string features (name words and shapes,
//! recognizer labels, context words, dependency relations and paths when
//! the parser ran, the relations the patterns found); one-vs-rest averaged
//! perceptrons ([`perceptron`]) score each label. A relation is added where
//! its score passes the model's threshold and its entity types fit the
//! ontology ([`relations::fits`]), citing the sentence, with the score as
//! confidence; an entity is retyped or dropped where the model says so.
//!
//! [`train_types`], [`train_events`], [`train_agents`] and [`train_relations`] build the weights from processed
//! documents and their answer keys ([`gold::GoldKey`]); `dossier train
//! extract --corpus corpus` runs the pipeline over the corpus in stages and
//! writes `models/extract.model`, which the binary embeds. Training is
//! deterministic for a [`Schedule`] (epochs, seed, runs averaged).
#![warn(missing_docs)]

pub mod agents;
pub mod diagnose;
pub mod events;
pub mod gold;
pub mod perceptron;
pub mod relations;
pub mod types;

use dossier_doc::{
    Component, ComponentError, Doc, EntityType, Event, EventType, Evidence, Layer, Participant,
    Relation, Role,
};
pub use perceptron::Schedule;
use perceptron::{Example, Interner, Weights};
use std::path::Path;
use std::sync::OnceLock;

const MAGIC: &str = "dossier-learn extract model v1";

/// The tokens of mention `m` within its sentence: the first, the last
/// (inclusive) and the head (the first whose syntactic head lies outside
/// the mention; the last without a parse), if it covers any.
pub(crate) fn mention_tokens(doc: &Doc, m: &dossier_doc::Mention) -> Option<(usize, usize, usize)> {
    let s = doc.sentences.get(m.sentence)?;
    let inside = (s.token_start..s.token_end.min(doc.tokens.len()))
        .filter(|&i| doc.tokens[i].start >= m.start && doc.tokens[i].end <= m.end);
    let (mut first, mut last) = (None, 0);
    for i in inside {
        first.get_or_insert(i);
        last = i;
    }
    let t0 = first?;
    let head = (t0..=last)
        .find(|&i| doc.tokens[i].head.is_none_or(|h| h < t0 || h > last))
        .unwrap_or(last);
    Some((t0, last, head))
}

/// What can go wrong loading or saving a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a model.
    #[error("{0}")]
    Format(String),
}

/// The learned extraction model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// Relation type and direction per entity pair in a sentence.
    pub relations: Weights,
    /// The score above which a relation is added.
    pub threshold: f32,
    /// Entity type (or `none`) per entity.
    pub types: Weights,
    /// How far `none` must outscore every type for an entity to be dropped.
    pub drop_margin: f32,
    /// How far another type must outscore the recognizer's for an entity
    /// to be retyped.
    pub retype_margin: f32,
    /// Whether each candidate is an agentless attack's agent.
    pub agents: Weights,
    /// The score above which the best candidate becomes the agent.
    pub agent_threshold: f32,
    /// Event type per sentence ([`events`]).
    pub events: Weights,
    /// The score above which a sentence's event type becomes an event.
    pub event_threshold: f32,
    /// Role (or none) per entity of a sentence with a detected event.
    pub roles: Weights,
    /// How often each noun triggered a keyed event of each type in
    /// training (features `N:lemma`): the nouns that may trigger one.
    pub triggers: Weights,
}

impl Model {
    /// The text form.
    pub fn to_text(&self) -> String {
        let mut s = format!("{MAGIC}\nsection relations threshold={}\n", self.threshold);
        self.relations.write(&mut s);
        s.push_str(&format!(
            "section types drop_margin={} retype_margin={}\n",
            self.drop_margin, self.retype_margin
        ));
        self.types.write(&mut s);
        s.push_str(&format!(
            "section agents threshold={}\n",
            self.agent_threshold
        ));
        self.agents.write(&mut s);
        if !self.events.is_empty() {
            s.push_str(&format!(
                "section events threshold={}\n",
                self.event_threshold
            ));
            self.events.write(&mut s);
            s.push_str("section roles\n");
            self.roles.write(&mut s);
            s.push_str("section triggers\n");
            self.triggers.write(&mut s);
        }
        s
    }

    /// Reads the text form; `what` names its source in errors.
    pub fn from_text(text: &str, what: &str) -> Result<Model, ModelError> {
        let mut lines = text.lines().enumerate();
        if lines.next().map(|l| l.1) != Some(MAGIC) {
            return Err(ModelError::Format(format!(
                "{what}: not a dossier extraction model (first line is not {MAGIC:?})"
            )));
        }
        let mut model = Model::default();
        while let Some((n, line)) = lines.next() {
            let bad = |m: &str| ModelError::Format(format!("{what}, line {}: {m}", n + 1));
            let mut parts = line.split(' ');
            if parts.next() != Some("section") {
                return Err(bad("expected `section NAME KEY=VALUE…`"));
            }
            let name = parts.next().unwrap_or_default().to_string();
            let mut params = Vec::new();
            for p in parts {
                let (k, v) = p.split_once('=').ok_or_else(|| bad("expected KEY=VALUE"))?;
                let v: f32 = v
                    .parse()
                    .ok()
                    .filter(|x: &f32| x.is_finite())
                    .ok_or_else(|| bad(&format!("{k}: not a number")))?;
                params.push((k.to_string(), v));
            }
            let w = Weights::read(&mut lines, what).map_err(ModelError::Format)?;
            for (k, v) in params {
                match (name.as_str(), k.as_str()) {
                    ("relations", "threshold") => model.threshold = v,
                    ("types", "drop_margin") => model.drop_margin = v,
                    ("types", "retype_margin") => model.retype_margin = v,
                    ("agents", "threshold") => model.agent_threshold = v,
                    ("events", "threshold") => model.event_threshold = v,
                    _ => return Err(bad(&format!("unknown parameter {k} of section {name}"))),
                }
            }
            match name.as_str() {
                "relations" => model.relations = w,
                "types" => model.types = w,
                "agents" => model.agents = w,
                "events" => model.events = w,
                "roles" => model.roles = w,
                "triggers" => model.triggers = w,
                _ => return Err(bad(&format!("unknown section {name:?}"))),
            }
        }
        Ok(model)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Model::from_text(&text, &path.display().to_string())
    }

    /// Writes a model file.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_text()).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// The shipped model (`models/extract.model`), read once.
    pub fn builtin() -> Result<&'static Model, ModelError> {
        static M: OnceLock<Result<Model, String>> = OnceLock::new();
        M.get_or_init(|| {
            Model::from_text(
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/extract.model")),
                "built-in extraction model",
            )
            .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| ModelError::Format(e.clone()))
    }

    /// Adds to `doc` the relations this model scores above its threshold.
    pub fn apply_relations(&self, doc: &mut Doc) {
        if self.relations.is_empty() {
            return;
        }
        let labels: Vec<Option<(dossier_doc::RelationType, bool)>> = self
            .relations
            .labels
            .iter()
            .map(|l| relations::parse_label(l))
            .collect();
        // Decided candidate by candidate (none held), then added in the
        // same order: every candidate is still read from the document as
        // it was before the first relation was added.
        let mut found: Vec<Relation> = Vec::new();
        relations::each_candidate(doc, true, &mut |c| {
            let scores = self.relations.scores(&c.features);
            for (l, &s) in scores.iter().enumerate() {
                let Some((rtype, forward)) = labels[l] else {
                    continue;
                };
                if s <= self.threshold {
                    continue;
                }
                let (source, target) = if forward {
                    (c.first, c.second)
                } else {
                    (c.second, c.first)
                };
                if !relations::fits(
                    rtype,
                    doc.entities[source].etype,
                    doc.entities[target].etype,
                ) {
                    continue;
                }
                let evidence: Vec<Evidence> = c
                    .previous
                    .or(c.antecedent)
                    .into_iter()
                    .chain(std::iter::once(c.sentence))
                    .filter_map(|si| {
                        let sp = doc.sentences.get(si)?;
                        Some(Evidence {
                            sentence: si,
                            start: sp.start,
                            end: sp.end,
                            cited: None,
                        })
                    })
                    .collect();
                if evidence.is_empty() {
                    continue;
                }
                found.push(Relation {
                    rtype,
                    source,
                    target,
                    confidence: (1.0 / (1.0 + (-s).exp())).clamp(0.5, 0.99),
                    date: None,
                    modality: None,
                    evidence,
                });
            }
        });
        for r in found {
            dossier_extract::add_relation(doc, r);
        }
    }

    /// Retypes each entity of `doc` as the model scores it, and drops those
    /// it scores as no entity by more than its margin.
    pub fn apply_types(&self, doc: &mut Doc) {
        if self.types.is_empty() {
            return;
        }
        let labels: Vec<Option<EntityType>> =
            self.types.labels.iter().map(|l| l.parse().ok()).collect();
        let mut drop = vec![false; doc.entities.len()];
        // built on the first name `names_a_state` reads occurrences of (the
        // tokens do not change here)
        let token_places = std::cell::OnceCell::new();
        #[allow(clippy::needless_range_loop)] // apply_types reads doc while filling drop
        for e in 0..doc.entities.len() {
            // a name built from a designation ("… Flight 103", "the Kesh–Tolva
            // highway") has the type its designation gives
            if doc.entities[e].mentions.iter().any(|&mi| {
                doc.mentions
                    .get(mi)
                    .is_some_and(|m| m.source == "designation")
            }) {
                continue;
            }
            // a work, law, operation or war is no entity the ontology
            // types, nor a common word standing alone ("Army", "Northern")
            if types::names_a_work_or_event(&doc.entities[e].name)
                || types::is_generic_word(doc, &doc.entities[e].name)
            {
                drop[e] = true;
                continue;
            }
            let feats = types::features(doc, e);
            let scores = self.types.scores(&feats);
            let mut best_type: Option<(EntityType, f32)> = None;
            let mut none = f32::NEG_INFINITY;
            for (l, &s) in scores.iter().enumerate() {
                match labels[l] {
                    // the scorer ignores system group identities, so
                    // turning a named body into one would only hide it
                    Some(EntityType::GroupIdentity)
                        if doc.entities[e].etype != EntityType::GroupIdentity => {}
                    Some(t) => {
                        if best_type.is_none_or(|(_, b)| s > b) {
                            best_type = Some((t, s));
                        }
                    }
                    None => none = s,
                }
            }
            let Some((t, s)) = best_type else { continue };
            if none > s + self.drop_margin && !named_body(&doc.entities[e]) {
                drop[e] = true;
                continue;
            }
            let current = doc.entities[e].etype;
            let current_score = labels
                .iter()
                .position(|l| *l == Some(current))
                .map(|l| scores[l])
                .unwrap_or(f32::NEG_INFINITY);
            let mut to = (t != current && s > current_score + self.retype_margin).then_some(t);
            // a name typed person that the document treats as a body or a
            // place ("the X", "X militants", "in X") takes the type they give
            if to.unwrap_or(current) == EntityType::Person {
                to = types::not_a_person(doc, e).or(to);
            }
            // a name typed as a place that the document treats as a body
            // ("X members", "members of X", "X claimed the attack")
            if to.unwrap_or(current) == EntityType::Location {
                to = types::not_a_place(doc, e).or(to);
            }
            // what the text says it is ("X, a militant group", "X is a
            // town") outweighs the labels and the model
            if !matches!(current, EntityType::Country | EntityType::GroupIdentity) {
                to = types::said_to_be(doc, e).or(to);
            }
            // an invented state the document shows as one ("the X army",
            // "government of X", "Xian officials")
            if to.unwrap_or(current) != EntityType::Country
                && types::names_a_state(
                    doc,
                    token_places.get_or_init(|| types::TokenPlaces::new(doc)),
                    e,
                )
            {
                to = Some(EntityType::Country);
            }
            // a building's name, a state force's numbered unit: the name's
            // head noun decides whatever the model scored
            let g = dossier_entities::Gazetteer::global();
            let name = &doc.entities[e].name;
            to =
                dossier_entities::name_heads::type_from_head(g, name, to.unwrap_or(current)).or(to);
            if let Some(t) = to.filter(|&t| t != current) {
                doc.entities[e].etype = t;
                for &mi in &doc.entities[e].mentions {
                    if let Some(m) = doc.mentions.get_mut(mi) {
                        m.label = t;
                    }
                }
            }
        }
        types::drop_entities(doc, &drop);
        types::join_quoted_nicknames(doc);
        types::join_person_parts(doc);
        types::drop_lone_first_names(doc);
        types::join_same_names(doc);
        types::join_governments(doc);
    }
}

/// A body named with a group noun at its end ("the Karst Mountain
/// Movement", "Sword of Truth Brigade"), typed a group or organization:
/// the typing model may retype it but not drop it. Its `none` class learned
/// from minor bodies long articles leave unkeyed, and dropped the one
/// group a short report names as the attacker.
fn named_body(e: &dossier_doc::Entity) -> bool {
    let words: Vec<&str> = e.name.split_whitespace().collect();
    // the head: the last word, or the word before "of" ("Brotherhood of the Sword")
    let before_of = words
        .iter()
        .position(|w| *w == "of")
        .filter(|&k| k > 0)
        .and_then(|k| words.get(k - 1));
    let is_head = |w: &&str| {
        let h = w.to_lowercase();
        dossier_extract::lexicon::GROUP_NOUNS.contains(&h.as_str())
            || BODY_HEADS.contains(&h.as_str())
    };
    words.len() >= 2
        && matches!(e.etype, EntityType::ArmedGroup | EntityType::Organization)
        && (words.last().is_some_and(is_head) || before_of.is_some_and(is_head))
}

/// Head nouns of named bodies besides [`dossier_extract::lexicon::GROUP_NOUNS`].
pub(crate) const BODY_HEADS: &[&str] = &[
    "council",
    "committee",
    "committees",
    "brotherhood",
    "league",
    "union",
    "legion",
    "guard",
    "guards",
    "command",
    "corps",
    "society",
    "association",
    "assembly",
    "regiment",
    "division",
    "squad",
    "squads",
    "company",
    "column",
    "fighters",
    "mujahideen",
    "martyrs",
    "sons",
    "soldiers",
];

impl Model {
    /// Gives each agentless attack or plot the candidate the model scores
    /// highest, where that score passes its threshold; a suspicion or claim
    /// in the candidate's sentence sets the event's modality.
    pub fn apply_agents(&self, doc: &mut Doc) {
        if self.agents.is_empty() {
            return;
        }
        let mut best: Vec<Option<(f32, usize, usize)>> = vec![None; doc.events.len()];
        for c in agents::candidates(doc) {
            let s = self.agents.scores(&c.features)[0];
            if s > self.agent_threshold && best[c.event].is_none_or(|(b, _, _)| s > b) {
                best[c.event] = Some((s, c.entity, c.sentence));
            }
        }
        for (ei, b) in best.into_iter().enumerate() {
            let Some((score, entity, sentence)) = b else {
                continue;
            };
            let cue = doc.sentences.get(sentence).map(|s| {
                let lemmas: Vec<String> = (s.token_start..s.token_end.min(doc.tokens.len()))
                    .map(|i| {
                        let t = &doc.tokens[i];
                        t.lemma.as_deref().unwrap_or(&t.text).to_lowercase()
                    })
                    .collect();
                let has = |ws: &[&str]| lemmas.iter().any(|l| ws.contains(&l.as_str()));
                if has(&[
                    "suspect",
                    "suspected",
                    "believe",
                    "believed",
                    "blame",
                    "blamed",
                    "accuse",
                    "accused",
                ]) {
                    Some(dossier_doc::Modality::Suspected)
                } else if has(&["claim", "claimed"]) {
                    Some(dossier_doc::Modality::Claimed)
                } else {
                    None
                }
            });
            let ev = &mut doc.events[ei];
            ev.participants.push(dossier_doc::Participant {
                role: dossier_doc::Role::Agent,
                entity,
            });
            if ev.modality.is_none() {
                if let Some(Some(m)) = cue {
                    ev.modality = Some(m);
                    if m == dossier_doc::Modality::Suspected {
                        ev.confidence *= 0.8;
                    }
                }
            }
            let _ = score;
        }
    }
}

/// The dead and wounded of each event the learned detector `added`: those
/// its sentence counts, as the patterns count them, and those told after
/// it ("No one was killed."). The sentence views are built only for the
/// sentences read (each event's and the two after it), not for the whole
/// document (issue 14: they were this component's largest transient).
fn add_tolls(doc: &Doc, added: &mut [Event]) {
    let at = |e: &Event| e.evidence.first().map(|x| x.sentence);
    let mut read = vec![false; doc.sentences.len()];
    for s in added.iter().filter_map(at) {
        for r in read.iter_mut().skip(s).take(3) {
            *r = true;
        }
    }
    if added.is_empty() {
        return;
    }
    let keep = |s: usize| read.get(s).copied().unwrap_or(false);
    let ctx = dossier_extract::Ctx::with_views_of(doc, &dossier_extract::NoGeo, &keep);
    for e in added.iter_mut() {
        let Some(s) = at(e) else { continue };
        let mut toll = dossier_extract::events::sentence_casualties(&ctx, s, e.etype);
        if toll.fatalities.is_none() || toll.injured.is_none() {
            let later = dossier_extract::events::later_casualties(&ctx, s, e.etype);
            toll.fatalities = toll.fatalities.or(later.fatalities);
            toll.injured = toll.injured.or(later.injured);
        }
        (e.fatalities, e.injured) = (toll.fatalities, toll.injured);
    }
}

impl Model {
    /// Adds an event for each sentence and event type the model scores
    /// above its threshold where the patterns found no event of that type
    /// in that sentence (or the next or previous one with a compatible
    /// date); its participants are the entities of the sentence the role
    /// model gives a role. The patterns' events get, for each role they
    /// left empty, the entity of their sentence the role model gives it.
    pub fn apply_events(&self, doc: &mut Doc) {
        if self.events.is_empty() {
            return;
        }
        let labels: Vec<Option<EventType>> =
            self.events.labels.iter().map(|l| l.parse().ok()).collect();
        let ent_at = events::token_entities(doc);
        let told_before = ToldIndex::new(&doc.events);
        let mut added = Vec::new();
        for s in 0..doc.sentences.len() {
            if !events::is_body(doc, s) {
                continue;
            }
            let f = events::sentence_features(doc, s, &ent_at);
            let scores = self
                .events
                .scores(&f.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>());
            for (l, &score) in scores.iter().enumerate() {
                let Some(t) = labels[l] else { continue };
                if score <= self.event_threshold {
                    continue;
                }
                let Some((trig, _)) =
                    events::trigger(doc, &self.events, Some(&self.triggers), &f, l)
                else {
                    continue;
                };
                let date = events::date_near(doc, s, trig);
                // an act someone is accused of, threatens or denies is not
                // told, unless dated to the day ("were suspected of killing
                // a village head on 19 May", as the patterns read it)
                let dated_after = || {
                    let at = doc.tokens[trig].start;
                    doc.dates.iter().any(|d| {
                        d.sentence == s
                            && d.start > at
                            && d.edtf.is_day()
                            && d.kind != dossier_doc::DateKind::Citation
                    })
                };
                if t != EventType::Statement
                    && events::reported_not_told(doc, s, trig)
                    && !dated_after()
                {
                    continue;
                }
                // the same happening, told already: an event of the type in
                // this sentence or one near it, or on an overlapping date
                if told_before.told(t, s, date.map(|d| d.to_string()).as_deref()) {
                    continue;
                }
                let participants = if self.roles.is_empty() {
                    Vec::new()
                } else {
                    self.roles_of(doc, s, trig, t)
                };
                // an event with nobody and nowhere named tells an analyst nothing
                if participants.is_empty() {
                    continue;
                }
                let Some(sp) = doc.sentences.get(s) else {
                    continue;
                };
                // (its dead and wounded are counted below, `add_tolls`)
                added.push(Event {
                    etype: t,
                    trigger: doc.tokens[trig].text.to_string(),
                    attempted: false,
                    date,
                    participants,
                    fatalities: None,
                    injured: None,
                    modality: None,
                    confidence: (1.0 / (1.0 + (-score).exp())).clamp(0.5, 0.9),
                    evidence: vec![Evidence {
                        sentence: s,
                        start: sp.start,
                        end: sp.end,
                        cited: None,
                    }],
                });
            }
        }
        add_tolls(doc, &mut added);
        // the patterns' events: where a role is still empty, the role model
        // fills it from the entities of the event's sentence
        if !self.roles.is_empty() {
            for ei in 0..doc.events.len() {
                let ev = &doc.events[ei];
                let Some(s) = ev.evidence.first().map(|e| e.sentence) else {
                    continue;
                };
                let Some(trig) = events::trigger_token(doc, s, &ev.trigger) else {
                    continue;
                };
                for p in self.roles_of(doc, s, trig, ev.etype) {
                    if !doc.events[ei]
                        .participants
                        .iter()
                        .any(|q| q.entity == p.entity || q.role == p.role)
                    {
                        doc.events[ei].participants.push(p);
                    }
                }
            }
        }
        doc.events.extend(added);
        // the roles filled above may name who an assassination killed
        for ei in 0..doc.events.len() {
            if doc.events[ei].fatalities.is_none() {
                doc.events[ei].fatalities =
                    dossier_extract::events::victims_killed(doc, &doc.events[ei]);
            }
        }
    }

    /// The participants the role model gives an event of type `t`
    /// triggered by token `trig` of sentence `s`.
    fn roles_of(&self, doc: &Doc, s: usize, trig: usize, t: EventType) -> Vec<Participant> {
        let mut participants = Vec::new();
        let passive = events::passive(doc, trig);
        for c in events::role_candidates(doc, s, trig, t) {
            let rs = self.roles.scores(&c.features);
            // a passive's agent is named in its "by" phrase or not at all
            let best = rs
                .iter()
                .enumerate()
                .filter(|(r, x)| {
                    **x > 0.0 && !(passive && !c.by && self.roles.labels[*r] == "agent")
                })
                .max_by(|a, b| a.1.total_cmp(b.1));
            if let Some((r, _)) = best {
                if let Ok(role) = self.roles.labels[r].parse::<Role>() {
                    participants.push(Participant {
                        role,
                        entity: c.entity,
                    });
                }
            }
        }
        participants
    }
}

/// The events a document has before the model adds its own, by type: the
/// sentences they quote and their dates' intervals, so that whether a
/// happening is told already is looked up, not searched for among every
/// event (which made the component quadratic in a long document).
struct ToldIndex {
    by_type: std::collections::HashMap<EventType, ToldOfType>,
}

#[derive(Default)]
struct ToldOfType {
    /// Sentences quoted by an event of the type.
    sentences: std::collections::HashSet<usize>,
    /// Date intervals, sorted by first day.
    intervals: Vec<(dossier_doc::edtf::Date, dossier_doc::edtf::Date)>,
    /// Per position of `intervals`, the latest last day up to it.
    reach: Vec<dossier_doc::edtf::Date>,
}

impl ToldIndex {
    fn new(events: &[Event]) -> Self {
        let mut by_type: std::collections::HashMap<EventType, ToldOfType> = Default::default();
        for e in events {
            let t = by_type.entry(e.etype).or_default();
            t.sentences.extend(e.evidence.iter().map(|x| x.sentence));
            if let Some(i) = e
                .date
                .and_then(|d| dossier_eval::edtf_interval(&d.to_string()))
            {
                t.intervals.push(i);
            }
        }
        for t in by_type.values_mut() {
            t.intervals.sort_unstable();
            t.reach = t
                .intervals
                .iter()
                .scan(None, |r: &mut Option<dossier_doc::edtf::Date>, x| {
                    let m = r.map_or(x.1, |r| r.max(x.1));
                    *r = Some(m);
                    Some(m)
                })
                .collect();
        }
        ToldIndex { by_type }
    }

    /// Whether an event of type `t` quotes sentence `s` or one next to it,
    /// or has a date sharing a day with `date`.
    fn told(&self, t: EventType, s: usize, date: Option<&str>) -> bool {
        let Some(x) = self.by_type.get(&t) else {
            return false;
        };
        if [s.checked_sub(1), Some(s), s.checked_add(1)]
            .into_iter()
            .flatten()
            .any(|n| x.sentences.contains(&n))
        {
            return true;
        }
        let Some((first, last)) = date.and_then(dossier_eval::edtf_interval) else {
            return false;
        };
        // Some interval starting by `last` reaches `first`.
        let k = x.intervals.partition_point(|i| i.0 <= last);
        k > 0 && x.reach[k - 1] >= first
    }
}

/// Trains the event detection and role weights on processed, keyed
/// documents: a sentence is positive for each type a keyed event quoting it
/// has; then, with the trigger the detection weights pick for that type,
/// each entity of the sentence is positive for the roles the keyed event
/// gives it.
pub fn train_events(
    docs: &[Keyed<'_>],
    schedule: &Schedule,
) -> (Weights, Weights, Weights, TrainStats) {
    let labels = events::labels();
    let mut interner = Interner::default();
    let mut examples = Vec::new();
    let mut stats = TrainStats::default();
    let mut feats = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (di, d) in docs.iter().enumerate() {
        let ent_at = events::token_entities(d.doc);
        for s in 0..d.doc.sentences.len() {
            for n in events::nouns_of(d.doc, s, &ent_at) {
                *seen.entry(n).or_default() += 1;
            }
            let f = events::sentence_features(d.doc, s, &ent_at);
            let a = events::sentence_answers(d.doc, d.key, s, &labels);
            let names: Vec<String> = f.iter().map(|(n, _)| n.clone()).collect();
            stats.candidates += 1;
            stats.positives += a.iter().filter(|x| **x == Some(true)).count();
            examples.push(Example {
                features: interner.ids(&names),
                labels: a.clone(),
            });
            if a.contains(&Some(true)) {
                feats.push((di, s, f, a));
            }
        }
    }
    let w = perceptron::train(&labels, &interner, &examples, schedule);
    stats.features = w.len();

    let mut picks = Vec::new();
    for (di, _, f, a) in &feats {
        let doc = docs[*di].doc;
        for (l, ans) in a.iter().enumerate() {
            if *ans != Some(true) {
                continue;
            }
            if let Some((t, _)) = events::trigger(doc, &w, None, f, l) {
                if !events::verb(doc, t) {
                    picks.push((events::lemma(doc, t), l));
                }
            }
        }
    }
    let triggers = events::noun_triggers(picks, &seen, labels.clone());

    let role_labels = events::role_labels();
    let mut interner = Interner::default();
    let mut examples = Vec::new();
    for (di, s, f, a) in feats {
        let d = &docs[di];
        let align = d.key.align(d.doc);
        for (l, ans) in a.iter().enumerate() {
            if *ans != Some(true) {
                continue;
            }
            let Ok(t) = labels[l].parse::<EventType>() else {
                continue;
            };
            let Some((trig, _)) = events::trigger(d.doc, &w, Some(&triggers), &f, l) else {
                continue;
            };
            let keyed = events::keyed_events(d.doc, d.key, s, &labels[l]);
            for c in events::role_candidates(d.doc, s, trig, t) {
                let roles: Vec<Role> = keyed
                    .iter()
                    .flat_map(|g| g.roles.iter())
                    .filter(|(_, i)| align[c.entity] == Some(*i))
                    .map(|(r, _)| *r)
                    .collect();
                examples.push(Example {
                    features: interner.ids(&c.features),
                    labels: role_labels
                        .iter()
                        .map(|rl| Some(roles.iter().any(|r| r.as_str() == rl)))
                        .collect(),
                });
            }
        }
    }
    let roles = perceptron::train(&role_labels, &interner, &examples, schedule);
    (w, roles, triggers, stats)
}

/// One processed document with its answer key, for training.
pub struct Keyed<'a> {
    /// The document as the pipeline left it (before the learned component
    /// being trained).
    pub doc: &'a Doc,
    /// Its key.
    pub key: &'a gold::GoldKey,
}

/// Training figures.
#[derive(Debug, Clone, Default)]
pub struct TrainStats {
    /// Candidates seen.
    pub candidates: usize,
    /// Positive (candidate, label) answers.
    pub positives: usize,
    /// Features with a weight in the model.
    pub features: usize,
    /// Keyed relations some candidate could produce.
    pub reachable: usize,
    /// Keyed relations.
    pub keyed: usize,
}

/// The margin the relation model is trained to: a keyed pair is updated
/// until it scores above it, an unkeyed one until below its negative. The
/// plain perceptron (0) stops at the first positive score, so a pair whose
/// path was seen once or never scored far below the threshold, its
/// unconditioned bias the main pull (issue 13); on five-fold CV (seeds
/// 42 / 1 / 7, one run) relations rose 0.382 / 0.364 / 0.376 →
/// 0.388 / 0.369 / 0.389 with 15 (3: 0.381 / 0.364 / 0.386; 8: 0.385 /
/// 0.369 / 0.388; 30: 0.387 / 0.370 / 0.388).
pub const RELATION_MARGIN: f32 = 15.0;

/// Trains the relation weights on processed, keyed documents.
/// Deterministic for a given schedule. Each parsed candidate is seen twice,
/// with and without the parse's features, so the model also serves
/// pipelines without the parser.
pub fn train_relations(docs: &[Keyed<'_>], schedule: &Schedule) -> (Weights, TrainStats) {
    let labels = relations::labels();
    let mut interner = Interner::default();
    let mut examples = Vec::new();
    let mut stats = TrainStats::default();
    for d in docs {
        let align = d.key.align(d.doc);
        // pairs through an anaphor are scored, not learned from: trained on
        // (with their resolution errors) they lowered the dev split's
        // relations from 0.378 to 0.360 F1
        let cands = relations::candidates_with(d.doc, false);
        let answers = relations::answers(d.doc, d.key, &align, &cands, &labels);
        let (reach, total) = relations::coverage(d.doc, d.key, &align, &cands);
        stats.reachable += reach;
        stats.keyed += total;
        for (c, a) in cands.iter().zip(answers) {
            stats.candidates += 1;
            stats.positives += a.iter().filter(|x| **x == Some(true)).count();
            examples.push(Example {
                features: interner.ids(&c.features),
                labels: a.clone(),
            });
            if c.lexical < c.features.len() {
                examples.push(Example {
                    features: interner.ids(&c.features[..c.lexical]),
                    labels: a,
                });
            }
        }
    }
    let w = perceptron::train_margin(&labels, &interner, &examples, schedule, RELATION_MARGIN);
    stats.features = w.len();
    (w, stats)
}

/// Trains the agent weights on processed, keyed documents: each candidate
/// of an agentless attack or plot is positive where its entity is an agent
/// of the keyed event that quotes the event's sentence.
pub fn train_agents(docs: &[Keyed<'_>], schedule: &Schedule) -> (Weights, TrainStats) {
    let labels = agents::labels();
    let mut interner = Interner::default();
    let mut examples = Vec::new();
    let mut stats = TrainStats::default();
    for d in docs {
        let align = d.key.align(d.doc);
        let cands = agents::candidates(d.doc);
        let answers = agents::answers(d.doc, d.key, &align, &cands);
        for (c, a) in cands.iter().zip(answers) {
            let Some(a) = a else { continue };
            stats.candidates += 1;
            stats.positives += usize::from(a);
            examples.push(Example {
                features: interner.ids(&c.features),
                labels: vec![Some(a)],
            });
        }
    }
    let w = perceptron::train(&labels, &interner, &examples, schedule);
    stats.features = w.len();
    (w, stats)
}

/// Trains the typing weights on processed, keyed documents: each entity's
/// answer is the type of the keyed entity it matches by name, or `none`.
pub fn train_types(docs: &[Keyed<'_>], schedule: &Schedule) -> (Weights, TrainStats) {
    let labels = types::labels();
    let mut interner = Interner::default();
    let mut examples = Vec::new();
    let mut stats = TrainStats::default();
    for d in docs {
        let align = d.key.align(d.doc);
        for (e, g) in align.iter().enumerate() {
            let answer = match g {
                Some(g) => match d.key.types[*g] {
                    Some(t) => t.as_str(),
                    None => continue,
                },
                None if d.doc.entities[e]
                    .aliases
                    .iter()
                    .chain(std::iter::once(&d.doc.entities[e].name))
                    .any(|n| d.key.overlaps_a_name(n)) =>
                {
                    continue
                }
                None => "none",
            };
            if g.is_some_and(|g| d.key.optional[g]) {
                continue;
            }
            stats.candidates += 1;
            stats.positives += usize::from(answer != "none");
            examples.push(Example {
                features: interner.ids(&types::features(d.doc, e)),
                labels: labels.iter().map(|l| Some(l == answer)).collect(),
            });
        }
    }
    let w = perceptron::train(&labels, &interner, &examples, schedule);
    stats.features = w.len();
    (w, stats)
}

/// A pipeline component applying one part of a [`Model`] (the shipped one
/// unless given another).
macro_rules! learned_component {
    ($(#[$m:meta])* $ty:ident, $name:literal, requires [$($r:ident),*], reads [$($o:ident),*], assigns [$($a:ident),*], $apply:expr) => {
        $(#[$m])*
        pub struct $ty {
            model: Option<Model>,
        }

        impl $ty {
            /// With the shipped model.
            pub fn builtin() -> $ty {
                $ty { model: None }
            }

            /// With `model`.
            pub fn with_model(model: Model) -> $ty {
                $ty { model: Some(model) }
            }
        }

        impl Component for $ty {
            fn name(&self) -> &str {
                $name
            }
            fn requires(&self) -> &[Layer] {
                &[$(Layer::$r),*]
            }
            fn reads(&self) -> &[Layer] {
                &[$(Layer::$o),*]
            }
            fn assigns(&self) -> &[Layer] {
                &[$(Layer::$a),*]
            }
            fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
                let err = |e: String| ComponentError::new($name, e);
                let model = match &self.model {
                    Some(m) => m,
                    None => Model::builtin().map_err(|e| err(e.to_string()))?,
                };
                dossier_extract::check_input(doc).map_err(|e| err(e.to_string()))?;
                let apply: fn(&Model, &mut Doc) -> Result<(), String> = $apply;
                apply(model, doc).map_err(err)
            }
        }
    };
}

learned_component!(
    /// Component `learned_types`: retypes entities as the model scores them
    /// and drops what it scores as no entity.
    LearnedTypes,
    "learned_types",
    requires [Sentences, Tokens, Mentions, Entities],
    reads [NerTags, Deps],
    assigns [Mentions, Entities],
    |model, doc| {
        if !doc.relations.is_empty() || !doc.events.is_empty() || !doc.attributes.is_empty() {
            return Err(
                "must run before relations, events and attributes (it may drop entities)".into(),
            );
        }
        model.apply_types(doc);
        Ok(())
    }
);

learned_component!(
    /// Component `learned_events`: adds the events the model finds in
    /// sentences where the patterns found none of that type, with the
    /// participants its role model picks.
    LearnedEvents,
    "learned_events",
    requires [Sentences, Tokens, Mentions, Entities, Dates, Events],
    reads [Pos, Deps, Layout],
    assigns [Events],
    |model, doc| {
        model.apply_events(doc);
        Ok(())
    }
);

learned_component!(
    /// Component `learned_agents`: gives agentless attacks and plots the
    /// agent the model picks among the entities of their sentence and the
    /// next three.
    LearnedAgents,
    "learned_agents",
    requires [Sentences, Tokens, Mentions, Entities, Events],
    reads [Pos, Deps],
    assigns [Events],
    |model, doc| {
        model.apply_agents(doc);
        Ok(())
    }
);

learned_component!(
    /// Component `learned_relations`: adds the relations the model scores
    /// above its threshold for each pair of entities mentioned in a sentence.
    LearnedRelations,
    "learned_relations",
    requires [Sentences, Tokens, Mentions, Entities, Relations],
    reads [Deps, Layout],
    assigns [Relations],
    |model, doc| {
        model.apply_relations(doc);
        Ok(())
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str, etype: EntityType) -> dossier_doc::Entity {
        dossier_doc::Entity {
            etype,
            name: name.to_string(),
            aliases: Vec::new(),
            mentions: Vec::new(),
        }
    }

    #[test]
    fn a_body_named_with_a_group_noun_is_never_dropped() {
        for name in [
            "Karst Mountain Movement",
            "Sword of Truth Brigade",
            "Brotherhood of the Sword",
            "Northern Resistance Council",
        ] {
            assert!(named_body(&entity(name, EntityType::ArmedGroup)), "{name}");
            assert!(
                named_body(&entity(name, EntityType::Organization)),
                "{name}"
            );
        }
        // one word, another type, or no body noun: the model decides
        assert!(!named_body(&entity("Brigade", EntityType::ArmedGroup)));
        assert!(!named_body(&entity("Tolva Council", EntityType::Location)));
        assert!(!named_body(&entity(
            "Treaty of Varna",
            EntityType::Organization
        )));
        assert!(!named_body(&entity("Ada Ferrin", EntityType::Person)));
    }
}
