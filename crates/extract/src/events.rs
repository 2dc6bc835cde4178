//! The `"events"` component: the 14 event types from verbal and nominal
//! triggers, with roles read from the sentence (subject, object, "by X",
//! "of X", "against X", "in C"), an EDTF date (own, or carried over from the
//! story), attempts, modality, fatalities and injured, and one event per
//! happening even when it is told in several sentences.

use crate::lexicon::{self, is_in, Trigger};
use crate::view::{Ctx, SentView, Unit, ACTORS};
use dossier_doc::{
    Component, ComponentError, Doc, EntityType, Event, EventType, Layer, Participant, Role,
};
use std::collections::HashMap;

/// An event while it is being assembled.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Type.
    pub etype: EventType,
    /// Trigger text.
    pub trigger: String,
    /// Sentence of the first mention.
    pub sentence: usize,
    /// Unit of the trigger in that sentence.
    pub at: usize,
    /// Whether its trigger is a definite nominal ("the arrest").
    pub definite: bool,
    /// Whether its trigger is a plural noun ("protests").
    pub plural: bool,
    /// Whether a verb (not only a noun) told it.
    pub verbal: bool,
    /// Attempted or foiled.
    pub attempted: bool,
    /// Date (EDTF).
    pub date: Option<String>,
    /// Whether the date is written in its own sentence.
    pub own_date: bool,
    /// Participants.
    pub parts: Vec<Participant>,
    /// Killed.
    pub fatalities: Option<u32>,
    /// Wounded.
    pub injured: Option<u32>,
    /// Modality word.
    pub modality: Option<String>,
    /// Confidence.
    pub confidence: f32,
    /// Evidence sentences.
    pub sentences: Vec<usize>,
}

impl Draft {
    fn add(&mut self, role: Role, entity: Option<usize>) {
        if let Some(e) = entity {
            if !self.parts.iter().any(|p| p.entity == e) {
                self.parts.push(Participant { role, entity: e });
            }
        }
    }
    fn entities(&self, roles: &[Role]) -> Vec<usize> {
        self.parts
            .iter()
            .filter(|p| roles.contains(&p.role))
            .map(|p| p.entity)
            .collect()
    }
}

fn is_actor(u: &Unit) -> bool {
    u.is_type(ACTORS)
}
fn is_actor_or_facility(u: &Unit) -> bool {
    u.is_type(ACTORS) || u.etype == Some(EntityType::Facility)
}
fn is_place(u: &Unit) -> bool {
    u.is_type(&[
        EntityType::Location,
        EntityType::Country,
        EntityType::Facility,
    ])
}

/// Event types that are kept only with a date (undated ones are usually generic).
const NEEDS_DATE: &[EventType] = &[
    EventType::Attack,
    EventType::Plot,
    EventType::Protest,
    EventType::Crackdown,
    EventType::MilitaryExercise,
    EventType::ArmedConflict,
    EventType::Meeting,
    EventType::Statement,
    EventType::Appointment,
];

const MILITARY_CUES: &[&str] = &[
    "military",
    "naval",
    "joint",
    "trilateral",
    "bilateral",
    "army",
    "air",
    "combined",
    "live-fire",
    "war",
    "tactical",
    "large-scale",
    "annual",
    "drills",
];

/// Nouns of people who are executed or killed ("executed two hostages").
const VICTIM_NOUNS: &[&str] = &[
    "hostage",
    "hostages",
    "prisoner",
    "prisoners",
    "captive",
    "captives",
    "civilian",
    "civilians",
    "villagers",
    "soldier",
    "soldiers",
    "policeman",
    "policemen",
    "officers",
    "informant",
    "informants",
    "elder",
    "elders",
    "chief",
    "chiefs",
];

/// Nouns of an armed force that is moved or sent somewhere.
const FORCE_NOUNS: &[&str] = &[
    "fighters",
    "troops",
    "forces",
    "soldiers",
    "militants",
    "men",
    "units",
    "detachment",
    "detachments",
    "contingent",
    "battalion",
    "battalions",
    "company",
    "reinforcements",
    "recruits",
    "gunmen",
];

/// Whether `w` is the noun of a post held in a group or office.
fn is_role(w: &str) -> bool {
    is_in(lexicon::GROUP_ROLE_NOUNS, w) || is_in(lexicon::LEADER_ROLES, w)
}

/// The unit after determiners, possessors ("the group's", "its") and role
/// modifiers ("senior", "new") from `i` on.
fn skip_role_prefix(v: &SentView, mut i: usize) -> usize {
    let mut budget = 6;
    while i < v.len() && budget > 0 {
        budget -= 1;
        let w = v.w(i);
        if v.is_poss_marker(i + 1) {
            // "the front's amir"
            i += 2;
            continue;
        }
        if is_in(lexicon::DETERMINERS, w)
            || v.is_poss_marker(i)
            || (v.units[i].is_ent() && v.is_possessor(i))
            || is_in(lexicon::ROLE_MODIFIERS, w)
            || is_in(lexicon::TITLE_DROP, w)
            || matches!(w, "sole" | "overall" | "undisputed" | "principal")
        {
            i += 1;
            continue;
        }
        break;
    }
    i
}

/// The group a verb takes as object at `i`: its noun phrase head, or the
/// name in apposition to a group noun ("formed his own faction, the Red Hand").
pub fn group_object(v: &SentView, i: usize) -> Option<usize> {
    let is_group = |u: &Unit| u.is_type(crate::view::GROUPS);
    if let Some(k) = v.np_head(i, &is_group) {
        return Some(k);
    }
    // "a/his own GROUP-NOUN , (the) NAME"
    let mut j = i;
    while j < v.len() && j < i + 4 && !is_in(lexicon::GROUP_NOUNS, v.w(j)) {
        if (v.units[j].is_ent() && !v.is_possessor(j)) || matches!(v.w(j), "," | "." | ";") {
            return None;
        }
        j += 1;
    }
    if is_in(lexicon::GROUP_NOUNS, v.w(j)) && v.w(j + 1) == "," {
        let mut k = j + 2;
        if matches!(v.w(k), "the" | "a" | "an") {
            k += 1;
        }
        if v.units.get(k).is_some_and(|u| u.is_ent() && is_group(u)) {
            return Some(k);
        }
    }
    None
}

/// The group named by "DOERS of G" from `from` on ("(by) fighters of the
/// Sable Front", "suspected members of G"): the doers stand for their group.
fn doers_of(v: &SentView, from: usize) -> Option<usize> {
    let k = (from..(from + 4).min(v.len()))
        .take_while(|&k| !v.units[k].is_ent() && !matches!(v.w(k), "," | ";" | "." | "and"))
        .find(|&k| is_in(lexicon::DOER_NOUNS, v.w(k)))?;
    if v.w(k + 1) != "of" {
        return None;
    }
    v.after_prep(k + 1, &|x: &Unit| x.is_type(crate::view::GROUPS))
}

/// Whether a weapon noun is the subject before word `i` ("a car bomb
/// exploded", "Rockets fired from the hills above the town struck …"):
/// one of the ten words before it, within its sentence part.
fn weapon_before(v: &SentView, i: usize) -> bool {
    (i.saturating_sub(10)..i)
        .rev()
        .take_while(|&k| !matches!(v.w(k), ";" | "."))
        .any(|k| is_in(lexicon::WEAPON_NOUNS, v.w(k)))
}

/// The trigger at unit `i`, after the checks that need context.
pub fn trigger_at(ctx: &Ctx, v: &SentView, i: usize) -> Option<Trigger> {
    let u = &v.units[i];
    if u.is_ent() {
        return None;
    }
    let w = u.lower.as_str();
    let mut t = lexicon::event_trigger(w)?;
    match w {
        "handed" if v.w(i + 1) != "over" => return None,
        "sentence"
            if !(matches!(v.w(i.wrapping_sub(1)), "prison" | "jail" | "life" | "death")
                || v.w(i.wrapping_sub(1)).ends_with("-year")
                || v.w(i + 1) == "of") =>
        {
            return None
        }
        "exercise" | "exercises"
            if !(i.saturating_sub(3)..i)
                .any(|k| is_in(MILITARY_CUES, v.w(k)) || v.units[k].country.is_some()) =>
        {
            return None
        }
        "targeted"
            if !v
                .units
                .get(i + 1)
                .is_some_and(|n| n.is_type(&[EntityType::Person, EntityType::Facility])) =>
        {
            return None
        }
        "formed" | "created" | "established"
            if group_object(v, i + 1).is_none() && !v.is_passive(i) =>
        {
            return None
        }
        // "set fire to a school", "set ablaze"
        "set" if matches!(v.w(i + 1), "fire" | "ablaze" | "alight") => {
            t.etype = EventType::Attack;
            t.nominal = false;
        }
        "proclaimed" | "launched" | "set" => {
            let obj = if w == "set" {
                if v.w(i + 1) != "up" {
                    return None;
                }
                i + 2
            } else {
                i + 1
            };
            let passive_group = v.is_passive(i)
                && v.subject_before(i, &is_actor).is_some_and(|k| {
                    let s = &v.units[k];
                    s.is_type(crate::view::GROUPS)
                        || (s
                            .kind
                            .is_none_or(|m| m == dossier_doc::MentionKind::Pronoun)
                            && matches!(s.lower.as_str(), "it" | "they"))
                });
            if group_object(v, obj).is_none() && !passive_group {
                return None;
            }
        }
        "fought" | "clashed" | "war" | "clashes" | "battle" | "battles" | "hostilities"
        | "skirmishes" | "offensive" | "conflict" | "fighting"
            if !(ctx.has_date(v.sentence) || names_sides(v) && w != "war" && w != "conflict") =>
        {
            return None
        }
        // "to fight beside X against Y": a fight with a named opponent
        "fight"
            if v.w(i.wrapping_sub(1)) != "to"
                || !(ctx.has_date(v.sentence)
                    || (i + 1..(i + 10).min(v.len()))
                        .any(|k| v.w(k) == "against" && v.after_prep(k, &is_actor).is_some())) =>
        {
            return None
        }
        // "was calling himself the group's amir"
        "calling" | "styled"
            if !(matches!(v.w(i + 1), "himself" | "herself")
                && is_role(v.w(skip_role_prefix(v, i + 2)))) =>
        {
            return None
        }
        // "fighting units", "a training camp": a modifier, not a happening
        "fighting" | "training"
            if matches!(
                v.w(i + 1),
                "units"
                    | "unit"
                    | "force"
                    | "forces"
                    | "season"
                    | "age"
                    | "men"
                    | "camp"
                    | "camps"
                    | "facility"
                    | "facilities"
                    | "ground"
                    | "grounds"
                    | "base"
                    | "bases"
                    | "manual"
                    | "manuals"
                    | "materials"
                    | "center"
                    | "centre"
            ) =>
        {
            return None
        }
        // "threw a grenade into a cafe", "fired rockets at the base"
        "threw" | "hurled" | "lobbed" | "fired"
            if (i + 1..(i + 4).min(v.len())).any(|k| is_in(lexicon::WEAPON_NOUNS, v.w(k)))
                || (w == "fired" && matches!(v.w(i + 1), "on" | "at" | "into")) =>
        {
            t.etype = EventType::Attack;
            t.nominal = false;
        }
        "threw" | "hurled" | "lobbed" | "fired" => return None,
        // "their vehicle hit a landmine", "a patrol struck a roadside bomb"
        "hit" | "struck"
            if (i + 1..(i + 5).min(v.len())).any(|k| is_in(lexicon::WEAPON_NOUNS, v.w(k))) => {}
        "hit" if !weapon_before(v, i) => return None,
        "struck" | "exploded" | "destroyed" | "landed" if !weapon_before(v, i) => return None,
        "bomb" | "assassinate" if v.w(i.wrapping_sub(1)) != "to" => return None,
        "executed"
            if !(i + 1..(i + 5).min(v.len())).any(|k| {
                v.units[k].is_type(&[EntityType::Person])
                    || is_in(lexicon::ROLE_NOUNS, v.w(k))
                    || is_in(VICTIM_NOUNS, v.w(k))
            }) =>
        {
            return None
        }
        "sweep" | "sweeps"
            if !(matches!(
                v.w(i + 1),
                "across" | "through" | "of" | "in" | "against" | "on"
            ) || is_in(lexicon::STATE_ORGANS, v.w(i.wrapping_sub(1)))) =>
        {
            return None
        }
        "moved"
            if !(i + 1..(i + 6).min(v.len())).any(|k| is_in(FORCE_NOUNS, v.w(k)))
                || !(i + 1..(i + 9).min(v.len())).any(|k| matches!(v.w(k), "to" | "into")) =>
        {
            return None
        }
        "taught" | "teaching" | "instructed" if v.np_head(i + 1, &is_actor).is_none() => {
            return None
        }
        "named" => {
            // "was named emir", "was named as the group's commander" (not "named as a suspect")
            let from = if v.w(i + 1) == "as" { i + 2 } else { i + 1 };
            if !(v.is_passive(i) && is_role(v.w(skip_role_prefix(v, from)))) {
                return None;
            }
        }
        "became" if !is_role(v.w(skip_role_prefix(v, i + 1))) => return None,
        "promoted" | "replaced" | "chosen" | "selected" | "installed"
            if !(i + 1..(i + 7).min(v.len()))
                .take_while(|&k| !matches!(v.w(k), "," | ";" | "."))
                .any(|k| is_role(v.w(k))) =>
        {
            return None
        }
        "gunned" if v.w(i + 1) != "down" => return None,
        // ", killing nine civilians", "killing a judge": a killing told ("the
        // killing of …" refers to one; "a killing spree" is none)
        "killing"
            if !(v.w(i.wrapping_sub(1)) == ","
                || v.units
                    .get(i + 1)
                    .is_some_and(|n| n.is_type(&[EntityType::Person]))
                || (i + 1..(i + 4).min(v.len())).any(|k| {
                    lexicon::number_value(v.w(k)).is_some() || is_in(VICTIM_NOUNS, v.w(k))
                })) =>
        {
            return None
        }
        // "hacked to death", "were beaten to death", "burned alive"
        "hacked" | "beaten" | "stoned" | "burned" | "burnt"
            if !((v.w(i + 1) == "to" && v.w(i + 2) == "death")
                || (matches!(w, "burned" | "burnt") && v.w(i + 1) == "alive")) =>
        {
            return None
        }
        // "blew himself up", "blew up the bridge"; "opened fire on"
        "blew" if !(i + 1..(i + 4).min(v.len())).any(|k| v.w(k) == "up") => return None,
        "opened" if v.w(i + 1) != "fire" => return None,
        // "captured the town of C": the taking of a place is an attack
        "captured" | "seized"
            if !v.is_passive(i)
                && (matches!(
                    v.w(skip_role_prefix(v, i + 1)),
                    "town"
                        | "city"
                        | "village"
                        | "villages"
                        | "towns"
                        | "base"
                        | "territory"
                        | "district"
                        | "port"
                        | "airport"
                        | "province"
                        | "border"
                        | "crossing"
                ) || v.np_head(i + 1, &|x: &Unit| x.is_place()).is_some()) =>
        {
            t.etype = EventType::Attack;
            t.nominal = false;
        }
        // "seized a fuel tanker": the taking of a vessel is a hijacking
        "seized"
            if !v.is_passive(i)
                && (i + 1..(i + 4).min(v.len())).any(|k| {
                    matches!(
                        v.w(k),
                        "tanker"
                            | "ship"
                            | "vessel"
                            | "boat"
                            | "aircraft"
                            | "plane"
                            | "airliner"
                            | "ferry"
                            | "freighter"
                    )
                }) =>
        {
            t.etype = EventType::Attack;
            t.nominal = false;
        }
        "seized" => return None,
        // "the group emerged in 2014", "a faction broke away from X"
        "emerged" | "broke" | "splintered"
            if !((w != "broke" || v.w(i + 1) == "away")
                && v.subject_before(i, &is_actor)
                    .is_some_and(|k| v.units[k].is_type(crate::view::GROUPS))
                && (w != "emerged" || ctx.has_date(v.sentence))
                && !(i + 1..(i + 7).min(v.len())).any(|k| v.w(k) == "as")) =>
        {
            return None
        }
        "succeeded"
            if !(v.w(i + 1) == "as"
                || v.units
                    .get(i + 1)
                    .is_some_and(|n| n.is_type(&[EntityType::Person]))) =>
        {
            return None
        }
        "passed"
            if !(v.w(i + 1) == "to"
                && (i.saturating_sub(4)..i).any(|k| is_in(lexicon::LEADERSHIP_WORDS, v.w(k)))) =>
        {
            return None
        }
        "took"
            if (i + 1..(i + 5).min(v.len())).any(|k| is_in(FORCE_NOUNS, v.w(k)))
                && (i + 1..(i + 8).min(v.len())).any(|k| matches!(v.w(k), "to" | "into")) =>
        {
            t.etype = EventType::Deployment;
        }
        "took"
            if v.w(i + 1) == "over"
                && (is_in(lexicon::LEADERSHIP_WORDS, v.w(skip_role_prefix(v, i + 2)))
                    || v.w(i + 2) == "as"
                    || group_object(v, i + 2).is_some()) => {}
        "attempt" => t.etype = EventType::Attack,
        "assumed" | "took" | "sworn"
            if !matches!(v.w(i + 1), "office" | "power" | "in" | "the")
                || (w == "sworn" && v.w(i + 1) != "in")
                || (v.w(i + 1) == "the" && v.w(i + 2) != "presidency") =>
        {
            return None
        }
        "visit" if v.w(i.wrapping_sub(1)) == "to" => {}
        "shot" if v.w(i + 1) == "down" => return None,
        "sent"
            if !(i + 1..(i + 4).min(v.len())).any(|k| {
                matches!(
                    v.w(k),
                    "fighters" | "troops" | "forces" | "soldiers" | "militants" | "men" | "units"
                )
            }) =>
        {
            return None
        }
        "claimed" if v.w(i + 1) == "responsibility" => t.etype = EventType::Statement,
        _ => {}
    }
    // a trigger inside an accusation ("accused X of plotting …") is no told
    // event; "suspected" as an adjective of the doers is no accusation
    // ("suspected militants of G abducted two engineers": the suspicion is
    // about who, the abduction is told)
    if t.etype != EventType::Statement && t.etype != EventType::Sentence {
        let lo = i.saturating_sub(14);
        if let Some(a) = (lo..i).rev().find(|&k| {
            is_in(lexicon::ACCUSE_VERBS, v.w(k))
                && !(v.w(k) == "suspected" && is_in(lexicon::DOER_NOUNS, v.w(k + 1)))
        }) {
            // "were suspected of killing a village head in C on 19 May": a
            // dated act is told even inside the accusation
            let clause_end = (i + 1..v.len())
                .find(|&k| matches!(v.w(k), "," | ";" | "–" | "—"))
                .map_or(usize::MAX, |k| v.units[k].start);
            let dated = t.etype == EventType::Attack
                && ctx.dates_in(v.sentence).any(|d| {
                    d.start > u.start
                        && d.end <= clause_end
                        && d.kind != dossier_doc::DateKind::Citation
                        && d.edtf.len() == 10
                });
            if (a + 1..i).any(|k| matches!(v.w(k), "of" | "for" | "with"))
                && !(a + 1..i).any(|k| matches!(v.w(k), "," | ";" | "–" | "—"))
                && !dated
            {
                return None;
            }
        }
    }
    Some(t)
}

fn is_definite(v: &SentView, i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        k -= 1;
        let w = v.w(k);
        if is_in(lexicon::DEFINITE, w) || v.is_poss_marker(k) {
            return true;
        }
        if matches!(
            w,
            "assassination"
                | "failed"
                | "attempted"
                | "alleged"
                | "suspected"
                | "public"
                | "military"
        ) || v.units[k].is_ent() && v.is_possessor(k)
        {
            continue;
        }
        return false;
    }
    false
}

fn roles(_ctx: &Ctx, v: &SentView, i: usize, t: &Trigger, d: &mut Draft) {
    use EventType::*;
    let u = |k: usize| {
        let x = &v.units[k];
        if x.etype == Some(EntityType::GroupIdentity) {
            x.country
        } else {
            x.ent.or(x.country)
        }
    };
    let w = v.w(i);
    // a founding's "by N" may come after the time and place ("was set up in
    // 2012 in C, a town in D, by N")
    let by_reach = if t.etype == Founding { 24 } else { 4 };
    let by = (i + 1..(i + by_reach).min(v.len()))
        .take_while(|&k| !matches!(v.w(k), ";" | "which" | "who" | "whom"))
        .find(|&k| v.w(k) == "by");
    let obj_role = match t.etype {
        Meeting | ArmedConflict => Role::Participant,
        Founding | Deployment => Role::Participant,
        _ => Role::Target,
    };
    // "a plot to attack X": an infinitive takes an object
    let verbal = !t.nominal || (i > 0 && v.w(i - 1) == "to");
    if verbal {
        let passive = v.is_passive(i) || v.w(i + 1) == "by";
        if passive {
            let subj = v.subject_before(i, &is_actor_or_facility).and_then(u);
            let subj_role = if matches!(t.etype, Founding | Deployment | Meeting | ArmedConflict) {
                Role::Participant
            } else {
                Role::Target
            };
            d.add(subj_role, subj);
            if let Some(b) = by {
                let agent = v.after_prep(b, &is_actor).or_else(|| doers_of(v, b + 1));
                d.add(Role::Agent, agent.and_then(u));
            }
        } else {
            let mut subj_at = v.subject_before(i, &is_actor);
            if subj_at.is_none() && v.w(i.wrapping_sub(1)) == ")" {
                // "members of the Tallis Front (TF) kidnapped …"
                if let Some(q) = (i.saturating_sub(6)..i - 1).rev().find(|&q| v.w(q) == "(") {
                    subj_at = v.subject_before(q, &is_actor);
                }
            }
            // a dateline's place is no subject ("KADRA, May 12 — Gunmen attacked")
            if subj_at.is_some_and(|k| (k + 1..i).any(|q| matches!(v.w(q), "—" | "–"))) {
                subj_at = None;
            }
            if matches!(w, "gathered" | "assembled" | "convened")
                && subj_at
                    .is_some_and(|k| v.is_possessor(k) && k + 1 < i && !v.units[k + 1].is_ent())
            {
                // "his recruits gathered": not his meeting
                subj_at = None;
            }
            let subj = subj_at.and_then(u);
            let subj_role = match t.etype {
                Appointment => Role::Target,
                Meeting | ArmedConflict => Role::Participant,
                _ => Role::Agent,
            };
            let mut o = i + 1;
            while matches!(v.w(o), "over" | "with" | "down" | "on" | "against" | "off") {
                o += 1;
            }
            // the one arrested or sentenced is the object, even when a
            // subject search reaches back to them ("… and a court sentenced him")
            let mut objects = Vec::new();
            let takes_object = match t.etype {
                Deployment => false,
                Statement => is_in(JUDGING_VERBS, w),
                Appointment => !matches!(
                    w,
                    "named"
                        | "became"
                        | "succeeded"
                        | "took"
                        | "passed"
                        | "replaced"
                        | "promoted"
                        | "calling"
                        | "styled"
                ),
                _ => true,
            };
            if takes_object {
                if let Some(k) = (t.etype == Founding).then(|| group_object(v, o)).flatten() {
                    objects.push(k);
                } else if v.units.get(o).is_some_and(|x| {
                    x.is_type(&[EntityType::Person])
                        && matches!(x.lower.as_str(), "him" | "her" | "them")
                }) {
                    // "sentenced her to …": the pronoun is the object, not a determiner
                    objects.push(o);
                } else if let Some(k) = v.np_head(o, &is_actor_or_facility) {
                    objects.extend(v.enumeration(k, &is_actor_or_facility));
                } else if let Some(k) = possessor_object(v, o) {
                    // "praised the Sword's steadfastness", "struck the convoy of N"
                    objects.push(k);
                }
            }
            let obj_ents: Vec<usize> = objects.iter().filter_map(|&k| u(k)).collect();
            // "X arrested N …, and a court sentenced him": the court, not X, sentenced
            let new_clause = subj_at.is_some_and(|sj| {
                (sj + 2..i).any(|k| matches!(v.w(k), "and" | "but") && v.w(k - 1) == ",")
            });
            if !(matches!(t.etype, Arrest | Sentence)
                && (subj.is_some_and(|e| obj_ents.contains(&e)) || new_clause))
                && w != "passed"
            {
                d.add(subj_role, subj);
            }
            if t.etype == ArmedConflict {
                // "fought alongside X against Y"
                for p in i + 1..(i + 10).min(v.len()) {
                    if matches!(v.w(p), ";" | "." | "which" | "who") {
                        break;
                    }
                    if matches!(v.w(p), "against" | "alongside" | "beside" | "with") {
                        if let Some(h) = v.after_prep(p, &is_actor) {
                            d.add(Role::Participant, u(h));
                        }
                    }
                }
                // "A and B units fought": both sides
                if let Some(sj) = subj_at {
                    let mut a = sj;
                    while a > 0 && matches!(v.w(a - 1), "the" | "a" | "an") {
                        a -= 1;
                    }
                    if a >= 2 && v.w(a - 1) == "and" && is_actor(&v.units[a - 2]) {
                        d.add(Role::Participant, u(a - 2));
                    }
                }
            }
            for k in objects {
                d.add(obj_role, u(k));
            }
            if t.etype == Attack {
                // "…, killing N and five others": N was the target
                for k in i + 1..v.len() {
                    if matches!(v.w(k), "killing" | "wounding" | "injuring")
                        && v.units
                            .get(k + 1)
                            .is_some_and(|x| x.is_type(&[EntityType::Person]))
                    {
                        d.add(Role::Target, u(k + 1));
                    }
                }
            }
            if t.etype == Attack && matches!(w, "captured" | "seized") {
                // "captured the town of C"
                d.add(
                    Role::Location,
                    v.np_head(o, &|x: &Unit| x.is_place()).and_then(u),
                );
            }
            if w == "passed" {
                let heir = v
                    .np_head(i + 2, &|x: &Unit| x.is_type(&[EntityType::Person]))
                    .or_else(|| {
                        // "passed to N, alias …" with N typed as a place upstream
                        v.units
                            .get(i + 2)
                            .filter(|x| {
                                x.is_type(&[EntityType::Location])
                                    && x.kind == Some(dossier_doc::MentionKind::Name)
                                    && v.w(i + 3) == ","
                            })
                            .map(|_| i + 2)
                    });
                d.add(Role::Target, heir.and_then(u));
            }
        }
    } else {
        // nominal: "the arrest of X", "attack on X", "crackdown by X on Y", "training from X", "X's arrest"
        let mut k = i + 1;
        while k < v.len()
            && k <= i + 2
            && matches!(
                v.w(k),
                "attempt" | "attempts" | "plot" | "campaign" | "wave"
            )
        {
            k += 1;
        }
        // "the plot was linked to X"
        for q in k..(k + 6).min(v.len()) {
            if matches!(
                v.w(q),
                "linked" | "tied" | "connected" | "attributed" | "blamed"
            ) && v.w(q + 1) == "to"
            {
                if let Some(h) = v.np_head(q + 2, &is_actor) {
                    for h in v.enumeration(h, &is_actor) {
                        d.add(Role::Agent, u(h));
                    }
                }
            }
        }
        let mut p = k;
        while p < v.len() && p < k + 12 {
            if v.w(p) == "to"
                && matches!(
                    v.w(p + 1),
                    "attack" | "bomb" | "kill" | "assassinate" | "target" | "strike" | "destroy"
                )
            {
                if let Some(h) = v.np_head(p + 2, &is_actor_or_facility) {
                    d.add(Role::Target, u(h));
                }
            }
            let role = match (v.w(p), t.etype) {
                ("of", Meeting) | ("with", _) | ("between", _) => Some(Role::Participant),
                ("of", Founding) => Some(Role::Participant),
                ("of", _) | ("on", _) | ("against", _) | ("targeting", _) => Some(Role::Target),
                ("by", _) | ("from", Training) => Some(Role::Agent),
                _ => None,
            };
            let Some(role) = role else { break };
            {
                if let Some(h) = v.after_prep(p, &is_actor_or_facility) {
                    let items = v.enumeration(h, &is_actor_or_facility);
                    for &h in &items {
                        d.add(role, u(h));
                    }
                    // a further phrase right after this one ("crackdown by X on Y")
                    p = items.last().copied().unwrap_or(h) + 1;
                    continue;
                } else if role == Role::Agent {
                    // "by Xish police"
                    let mut q = p + 1;
                    while q < v.len() && matches!(v.w(q), "the" | "a") {
                        q += 1;
                    }
                    if v.units.get(q).is_some_and(|x| x.country.is_some()) {
                        d.add(Role::Agent, v.units[q].country);
                    }
                }
            }
            break;
        }
        // possessor: "X's arrest", "his arrest", "Xish crackdown"
        let mut k = i;
        while k > 0
            && matches!(
                v.w(k - 1),
                "assassination"
                    | "failed"
                    | "attempted"
                    | "public"
                    | "military"
                    | "brief"
                    | "basic"
                    | "annual"
            )
        {
            k -= 1;
        }
        if k >= 1 {
            let p = if v.is_poss_marker(k - 1) && k >= 2 {
                Some(k - 2)
            } else if v.is_possessor(k - 1) {
                Some(k - 1)
            } else {
                None
            };
            if let Some(p) = p.filter(|&p| v.units[p].is_ent()) {
                let role = match t.etype {
                    Arrest | Sentence | Attack | Appointment => Role::Target,
                    Meeting | ArmedConflict | Founding => Role::Participant,
                    _ => Role::Agent,
                };
                d.add(role, u(p));
            }
        }
        // the subject of a light verb: "X attended a meeting", "X received training", "X launched protests"
        if matches!(
            t.etype,
            Training
                | Meeting
                | Protest
                | MilitaryExercise
                | Crackdown
                | Deployment
                | ArmedConflict
                | Statement
        ) {
            let light = (i.saturating_sub(6)..i).any(|k| {
                matches!(
                    v.w(k),
                    "received"
                        | "receiving"
                        | "attended"
                        | "held"
                        | "organized"
                        | "organizing"
                        | "organised"
                        | "launched"
                        | "staged"
                        | "conducted"
                        | "led"
                        | "carried"
                        | "underwent"
                        | "continued"
                        | "joined"
                        | "hosted"
                        | "made"
                        | "issued"
                        | "began"
                        | "started"
                        | "answered"
                        | "responded"
                        | "travelled"
                        | "traveled"
                        | "went"
                        | "returned"
                )
            });
            if light {
                let role = match t.etype {
                    Training => Role::Target,
                    Meeting | ArmedConflict => Role::Participant,
                    _ => Role::Agent,
                };
                let s = v.subject_before(i, &is_actor).and_then(u);
                if !(t.etype == Training
                    && s.is_some_and(|e| d.entities(&[Role::Agent]).contains(&e)))
                {
                    d.add(role, s);
                }
            }
        }
        // "G carried out the attack", "it had mounted an ambush"
        if t.etype == Attack && d.entities(&[Role::Agent]).is_empty() {
            if let Some(l) = (i.saturating_sub(4)..i).rev().find(|&k| {
                matches!(
                    v.w(k),
                    "carried"
                        | "launched"
                        | "staged"
                        | "mounted"
                        | "conducted"
                        | "perpetrated"
                        | "committed"
                ) && !v.is_passive(k)
            }) {
                d.add(Role::Agent, v.subject_before(l, &is_actor).and_then(u));
            }
        }
        // "N was given / received a ten-year sentence"
        if t.etype == Sentence
            && (i.saturating_sub(5)..i)
                .any(|k| matches!(v.w(k), "given" | "received" | "handed" | "served" | "got"))
        {
            d.add(
                Role::Target,
                v.subject_before(i, &|x: &Unit| x.is_type(&[EntityType::Person]))
                    .and_then(u),
            );
        }
        // "during the YEAR war with X": the side before
        if t.etype == ArmedConflict && !d.parts.is_empty() {
            if let Some(a) = crate::relations::alignment::actor_before(v, i) {
                d.add(Role::Participant, a.ent.or(a.country));
            }
        }
    }
}

/// Statement verbs that take the judged actor as object ("praised X").
const JUDGING_VERBS: &[&str] = &[
    "accused",
    "praised",
    "denounced",
    "condemned",
    "criticized",
    "criticised",
    "warned",
];

/// Nouns through which an attack or a judgment reaches a person or group
/// ("the convoy of N", "the home of N").
const REACH_NOUNS: &[&str] = &[
    "convoy",
    "motorcade",
    "car",
    "vehicle",
    "home",
    "house",
    "residence",
    "office",
    "headquarters",
    "compound",
    "family",
    "bodyguards",
    "escort",
    "escorts",
    "camp",
    "camps",
    "base",
    "positions",
    "position",
    "patrol",
    "supporters",
    "members",
];

/// An object reached through a possessor or a reach noun: "the Sword's
/// steadfastness" → the Sword; "the convoy of Colonel N" → N.
fn possessor_object(v: &SentView, o: usize) -> Option<usize> {
    let mut j = o;
    while j < v.len() && is_in(lexicon::DETERMINERS, v.w(j)) {
        j += 1;
    }
    if v.units.get(j).is_some_and(|x| x.is_ent() && is_actor(x)) && v.is_possessor(j) {
        return Some(j);
    }
    if is_in(REACH_NOUNS, v.w(j)) && v.w(j + 1) == "of" {
        let mut k = j + 2;
        while k < v.len() && k < j + 5 && !v.units[k].is_ent() {
            if !(is_in(lexicon::DETERMINERS, v.w(k))
                || is_in(lexicon::ROLE_NOUNS, v.w(k))
                || v.units[k].is_capitalized())
            {
                return None;
            }
            k += 1;
        }
        return v.units.get(k).filter(|x| is_actor(x)).map(|_| k);
    }
    None
}

/// Whether the sentence names both sides of a fight: "the two sides",
/// "between A and B".
fn names_sides(v: &SentView) -> bool {
    (0..v.len()).any(|k| {
        (v.w(k) == "two"
            && matches!(
                v.w(k + 1),
                "groups"
                    | "organizations"
                    | "organisations"
                    | "sides"
                    | "factions"
                    | "movements"
                    | "militias"
            ))
            || (v.w(k) == "both" && v.w(k + 1) == "sides")
            || (v.w(k) == "between"
                && v.np_head(k + 1, &is_actor)
                    .is_some_and(|a| v.w(a + 1) == "and" && v.np_head(a + 2, &is_actor).is_some()))
    })
}

/// "the two groups", "both sides": the document's main group and the other
/// group named last before unit `k` (this sentence or the two before).
fn pair_of_groups(ctx: &Ctx, v: &SentView, k: usize) -> Vec<usize> {
    let pair = (v.w(k) == "two"
        && matches!(
            v.w(k + 1),
            "groups"
                | "organizations"
                | "organisations"
                | "sides"
                | "factions"
                | "movements"
                | "militias"
        ))
        || (v.w(k) == "both" && v.w(k + 1) == "sides");
    if !pair {
        return Vec::new();
    }
    let Some(topic) = ctx.topic else {
        return Vec::new();
    };
    let is_grp = |x: &Unit| {
        x.is_type(&[EntityType::ArmedGroup, EntityType::Organization])
            && x.kind != Some(dossier_doc::MentionKind::Pronoun)
            && x.ent
                .is_some_and(|e| ctx.canon.get(e).copied().unwrap_or(e) != topic)
            && x.ent
                .and_then(|e| ctx.doc.entities.get(e))
                .is_some_and(|e| e.name != ctx.doc.entities[topic].name)
    };
    let here = v.units[..k]
        .iter()
        .rev()
        .find(|x| is_grp(x))
        .and_then(|x| x.ent);
    let other = here.or_else(|| {
        (v.sentence.saturating_sub(2)..v.sentence)
            .rev()
            .find_map(|s| {
                ctx.views[s]
                    .units
                    .iter()
                    .rev()
                    .find(|x| is_grp(x))
                    .and_then(|x| x.ent)
            })
    });
    match other {
        Some(o) => vec![topic, o],
        None => Vec::new(),
    }
}

/// The date of the trigger at `i`: the nearest one in its own clause (between
/// semicolons) if there is one, else the nearest in the sentence.
fn clause_date(ctx: &Ctx, v: &SentView, i: usize, etype: EventType) -> Option<String> {
    let at = v.units[i].start;
    let lo = (0..i)
        .rev()
        .find(|&k| v.w(k) == ";")
        .map_or(0, |k| v.units[k].end);
    let hi = (i + 1..v.len())
        .find(|&k| v.w(k) == ";")
        .map_or(usize::MAX, |k| v.units[k].start);
    // a noun's own phrase ("a bombing at the station in 2007 that …"): its
    // date before one of another clause ("founded the group in 2004 and …")
    let nominal = lexicon::event_trigger(v.w(i)).is_some_and(|t| t.nominal);
    let np_end = (i + 1..v.len())
        .find(|&k| {
            matches!(
                v.w(k),
                "that" | "which" | "who" | "," | ";" | "and" | "when"
            )
        })
        .map_or(usize::MAX, |k| v.units[k].start);
    ctx.dates_in(v.sentence)
        .filter(|d| d.kind != dossier_doc::DateKind::Citation)
        .filter(|d| d.start >= lo && d.end <= hi)
        .min_by_key(|d| {
            // a dateline ("KADRA, 12 May —", "03/15/2012:") dates the story,
            // a date of the clause dates the event
            let after: String = ctx
                .doc
                .slice(d.end, (d.end + 4).min(ctx.doc.len_chars()))
                .trim_start()
                .chars()
                .take(1)
                .collect();
            let dateline = v.sentence == 0
                && d.start < 60
                && matches!(after.as_str(), "—" | "–" | "-" | ":" | "(");
            // "Saturday's bombing": the possessive day before the noun is its own
            let possessive = nominal && d.end <= at && {
                let between = ctx.doc.slice(d.end, at);
                (between.starts_with("'s") || between.starts_with("’s"))
                    && between.split_whitespace().count() <= 3
            };
            let own = nominal && (possessive || (d.start >= at && d.end <= np_end));
            // "officials said on 4 April": the day it was told, not the
            // event's (unless the event is the telling)
            let reporting = etype != EventType::Statement && reported_on(v, d.start);
            let dist = if d.end <= at {
                at - d.end
            } else {
                d.start.saturating_sub(at)
            };
            (dateline, reporting, !own, dist)
        })
        .map(|d| d.edtf.clone())
        .or_else(|| ctx.date_near(v.sentence, at))
}

/// Whether the date starting at char `start` of sentence `v` is the day
/// something was reported ("police said on Monday", "officials told
/// reporters on 4 April 2017"): "on" after a reporting verb.
pub fn reported_on(v: &SentView, start: usize) -> bool {
    let Some(k) = (0..v.len()).find(|&k| v.units[k].start == start) else {
        return false;
    };
    let on = v.w(k.wrapping_sub(1)) == "on"
        || (v.w(k.wrapping_sub(2)) == "on" && matches!(v.w(k - 1), "late" | "early"));
    on && (k.saturating_sub(5)..k).any(|q| is_in(lexicon::REPORTING_VERBS, v.w(q)))
}

/// Roles that come from the story rather than the clause: the founded group
/// behind "it", the group a post is held in, the two sides of "the two groups".
fn context_roles(ctx: &Ctx, v: &SentView, i: usize, d: &mut Draft) {
    let topic = ctx.topic;
    let is_group_ent = |e: usize| {
        ctx.doc
            .entities
            .get(e)
            .is_some_and(|x| matches!(x.etype, EntityType::ArmedGroup | EntityType::Organization))
    };
    match d.etype {
        EventType::Founding if matches!(v.w(i), "emerged" | "broke" | "splintered") => {
            // the group that emerged or broke away is the one founded
            for p in d.parts.iter_mut() {
                if p.role == Role::Agent && is_group_ent(p.entity) {
                    p.role = Role::Participant;
                }
            }
        }
        EventType::Founding => {
            // "It was proclaimed …": a pronoun that did not reach a group is the main group
            let has_group = d
                .parts
                .iter()
                .any(|p| p.role == Role::Participant && is_group_ent(p.entity));
            if !has_group && v.is_passive(i) {
                if let Some(k) = v.subject_before(i, &|_| true) {
                    let x = &v.units[k];
                    let pronoun = matches!(x.lower.as_str(), "it" | "they")
                        && x.kind
                            .is_none_or(|m| m == dossier_doc::MentionKind::Pronoun);
                    if pronoun {
                        if let (Some(g), Some(e)) = (topic, x.ent) {
                            d.parts.retain(|p| p.entity != e);
                            d.add(Role::Participant, Some(g));
                        } else {
                            d.add(Role::Participant, topic);
                        }
                    }
                }
            }
        }
        EventType::Appointment => {
            // a post in a group, not a public office ("elected mayor")
            let role_here = (0..v.len()).any(|k| {
                (is_in(lexicon::GROUP_ROLE_NOUNS, v.w(k))
                    && !matches!(
                        v.w(k),
                        "mayor"
                            | "vice-mayor"
                            | "governor"
                            | "director"
                            | "chairman"
                            | "secretary-general"
                    ))
                    || is_in(lexicon::LEADERSHIP_WORDS, v.w(k))
            });
            if !role_here
                || d.parts
                    .iter()
                    .any(|p| is_group_ent(p.entity) && p.role == Role::Participant)
            {
                return;
            }
            // the group of the post: "the Sword's emir", "emir of the Sword"
            let owner = (0..v.len()).find(|&k| {
                let x = &v.units[k];
                x.is_type(crate::view::GROUPS)
                    && (v.is_possessor(k)
                        || (k.saturating_sub(3)..k).any(|q| is_in(lexicon::LEAD_VERBS, v.w(q)))
                        || v.w(k.wrapping_sub(1)) == "of"
                        || v.w(k.wrapping_sub(2)) == "of")
            });
            match owner {
                Some(k) => d.add(Role::Participant, v.units[k].ent),
                None if !v.units.iter().any(|x| x.country.is_some()) => {
                    d.add(Role::Participant, topic)
                }
                None => {}
            }
        }
        EventType::ArmedConflict => {
            for k in 0..v.len() {
                for g in pair_of_groups(ctx, v, k) {
                    d.add(Role::Participant, Some(g));
                }
            }
        }
        _ => {}
    }
}

/// "G claimed both attacks", "police attributed it to G": the claimant or
/// the one blamed is the agent of the attacks just told.
fn claimed_agents(v: &SentView) -> Option<(Vec<usize>, usize)> {
    for k in 0..v.len() {
        let w = v.w(k);
        if w == "claimed" || w == "claims" {
            if (k.saturating_sub(3)..k)
                .any(|q| matches!(v.w(q), "never" | "not" | "denied" | "n't"))
            {
                continue;
            }
            let mut o = k + 1;
            if v.w(o) == "responsibility" && v.w(o + 1) == "for" {
                o += 2;
            }
            let n = match (v.w(o), v.w(o + 1)) {
                ("both", _) => 2,
                ("it", _)
                | (
                    "the",
                    "attack" | "bombing" | "killing" | "assassination" | "blast" | "ambush",
                ) => 1,
                _ => continue,
            };
            let mut agents: Vec<usize> = (0..k)
                .filter(|&q| v.units[q].is_type(crate::view::GROUPS))
                .collect();
            if let Some(sj) = v.subject_before(k, &is_actor) {
                agents.push(sj);
            }
            if !agents.is_empty() {
                return Some((agents, n));
            }
        }
        if w == "blamed" && !v.is_passive(k) {
            // "police blamed G for the bombing"
            if let Some(g) = v.np_head(k + 1, &is_actor) {
                let f = (g + 1..(g + 3).min(v.len())).find(|&q| v.w(q) == "for");
                let refers = f.is_some_and(|f| {
                    (f + 1..(f + 4).min(v.len())).any(|q| {
                        matches!(
                            v.w(q),
                            "it" | "attack"
                                | "attacks"
                                | "bombing"
                                | "bombings"
                                | "killing"
                                | "blast"
                                | "assassination"
                        )
                    })
                });
                if refers {
                    return Some((v.enumeration(g, &is_actor), 1));
                }
            }
        }
        if matches!(w, "attributed" | "blamed") {
            let Some(to) = (k + 1..(k + 5).min(v.len())).find(|&q| matches!(v.w(q), "to" | "on"))
            else {
                continue;
            };
            let refers = (k + 1..to).any(|q| {
                matches!(
                    v.w(q),
                    "it" | "attack" | "attacks" | "bombing" | "bombings" | "killing" | "blast"
                )
            });
            if let (true, Some(g)) = (refers, v.np_head(to + 1, &is_actor)) {
                return Some((v.enumeration(g, &is_actor), 1));
            }
        }
    }
    None
}

/// Nouns of an attack that a claim or a suspicion refers to.
const ATTACK_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "killing",
    "killings",
    "assassination",
    "blast",
    "explosion",
    "ambush",
    "kidnapping",
    "abduction",
    "hijacking",
    "shooting",
    "raid",
    "massacre",
    "arson",
    "assault",
];

/// Who a sentence says is behind an attack told in it or just before, with
/// the modality: the claimant (`claimed`: "G claimed responsibility", "G had
/// claimed the kidnapping", "the hijackers said they belonged to G", "a
/// caller said G were responsible") or the one suspected (`suspected`: "G
/// fighters were suspected", "G was believed to be behind the abduction",
/// "officials blamed G", "the attack was ordered by G", "had not ruled out
/// the involvement of G", "the attackers shouted slogans of G", "threats
/// from G", "refused to pay protection money to G"). Denials and negated
/// claims ("no group claimed responsibility") give nothing.
pub fn responsibility(v: &SentView) -> Vec<(usize, &'static str)> {
    // a group, or a name typed otherwise upstream that is no place ("the
    // Tallis Front claimed …" with the Front taken for a person)
    let is_group = |u: &Unit| {
        u.is_ent()
            && !u.is_type(&[
                EntityType::Location,
                EntityType::Facility,
                EntityType::GroupIdentity,
                EntityType::Country,
            ])
            && !matches!(
                u.lower.as_str(),
                "he" | "she" | "him" | "her" | "his" | "they" | "them"
            )
    };
    let is_party = |u: &Unit| is_group(u) || u.is_type(&[EntityType::Country]);
    let negated = |k: usize| {
        (k.saturating_sub(3)..k).any(|q| {
            matches!(
                v.w(q),
                "no" | "not" | "never" | "n't" | "denied" | "denies" | "deny" | "nobody"
            )
        })
    };
    // the group that is the subject of the clause ending at `k`
    // (a group before a person: "the Front's spokesman N claimed …" → the Front)
    let group_before = |k: usize| -> Option<usize> {
        let clause: Vec<usize> = (k.saturating_sub(8)..k)
            .rev()
            .take_while(|&q| !matches!(v.w(q), "but" | ";" | "that" | "which" | "who" | "said"))
            .collect();
        let found = clause
            .iter()
            .copied()
            .find(|&q| v.units[q].is_type(crate::view::GROUPS))
            .or_else(|| clause.iter().copied().find(|&q| is_group(&v.units[q])));
        if found.is_some() {
            return found;
        }
        // "G, which has threatened officials for months, said …": the
        // subject before a relative clause or an apposition set off by commas
        // "G, a group opposed to the port, claimed …"
        if v.w(k.wrapping_sub(1)) != "," {
            return None;
        }
        let open = (k.saturating_sub(16)..k - 1)
            .rev()
            .take_while(|&q| !matches!(v.w(q), ";" | "." | "that" | "said"))
            .find(|&q| v.w(q) == ",")?;
        (open >= 1 && matches!(v.w(open + 1), "which" | "who" | "a" | "an" | "the"))
            .then(|| open - 1)
            .filter(|&q| is_group(&v.units[q]))
    };
    // the group that said it: "G said on its website that they were
    // responsible", "G said in a message that its fighters had planted the bomb"
    let speaker_before = |k: usize| -> Option<usize> {
        let said = (k.saturating_sub(14)..k)
            .rev()
            .take_while(|&q| !matches!(v.w(q), ";" | "."))
            .find(|&q| matches!(v.w(q), "said" | "says" | "announced" | "stated"))?;
        group_before(said)
    };
    let group_after = |k: usize| -> Vec<usize> {
        v.np_head(k, &is_party)
            .map(|h| v.enumeration(h, &is_party))
            .unwrap_or_default()
    };
    let mut out: Vec<(usize, &'static str)> = Vec::new();
    let push = |out: &mut Vec<(usize, &'static str)>, g: usize, m: &'static str| {
        if !out.iter().any(|x| x.0 == g) {
            out.push((g, m));
        }
    };
    let cue_believe = |k: usize| {
        (0..k).any(|q| {
            matches!(
                v.w(q),
                "believe"
                    | "believed"
                    | "believes"
                    | "suspect"
                    | "suspected"
                    | "suspects"
                    | "think"
            )
        })
    };
    for k in 0..v.len() {
        if v.units[k].is_ent() {
            continue;
        }
        let w = v.w(k);
        match w {
            // "responsibility was claimed by G"
            "claimed"
                if v.w(k + 1) == "by"
                    && v.is_passive(k)
                    && !negated(k)
                    && (k.saturating_sub(4)..k)
                        .any(|q| matches!(v.w(q), "responsibility" | "credit")) =>
            {
                for g in group_after(k + 2) {
                    push(&mut out, g, "claimed");
                }
            }
            // "G took responsibility for the attack", "G accepted responsibility"
            "responsibility" | "credit"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "took"
                        | "takes"
                        | "taken"
                        | "accepted"
                        | "accepts"
                        | "assumed"
                        | "assumes"
                        | "admitted"
                        | "acknowledged"
                ) && !negated(k - 1) =>
            {
                if let Some(g) = group_before(k - 1) {
                    push(&mut out, g, "claimed");
                }
            }
            // "G was blamed for the attack"
            "blamed"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "been" | "is" | "are"
                ) && v.w(k + 1) == "for"
                    && !negated(k.saturating_sub(1)) =>
            {
                if let Some(g) = group_before(k - 1) {
                    push(&mut out, g, "suspected");
                }
            }
            "claimed" | "claims" | "claim" if !negated(k) => {
                let o = v.w(k + 1);
                let refers = o == "responsibility"
                    || o == "credit"
                    || o == "it"
                    || o == "both"
                    || is_in(ATTACK_NOUNS, o)
                    || (matches!(o, "the" | "a" | "that" | "this")
                        && is_in(ATTACK_NOUNS, v.w(k + 2)));
                if refers {
                    if let Some(g) = group_before(k) {
                        push(&mut out, g, "claimed");
                    }
                }
            }
            // "G fighters were suspected", "… but G was suspected (of …)"
            "suspected"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "is" | "are" | "been"
                ) && !negated(k.saturating_sub(1)) =>
            {
                if let Some(g) = group_before(k) {
                    push(&mut out, g, "suspected");
                }
            }
            // "officials said they suspected G"
            "suspected" | "suspect" | "suspects"
                if !matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "is" | "are" | "been"
                ) && !negated(k)
                    && (k.saturating_sub(3)..k).any(|q| {
                        matches!(
                            v.w(q),
                            "they" | "we" | "police" | "officials" | "authorities"
                        ) || v.units[q].is_ent()
                    }) =>
            {
                for g in group_after(k + 1) {
                    push(&mut out, g, "suspected");
                }
            }
            // "G was believed to be behind", "G is thought to have carried out"
            "believed" | "thought" | "suspected" | "alleged" | "understood"
                if v.w(k + 1) == "to" && matches!(v.w(k + 2), "be" | "have") && !negated(k) =>
            {
                if let Some(g) = group_before(k) {
                    push(&mut out, g, "suspected");
                }
            }
            // "police blamed G", "the attack was blamed on G"
            // (a denial that blames another still blames it)
            "blamed" | "blames" | "blame"
                if !(k.saturating_sub(2)..k).any(|q| matches!(v.w(q), "not" | "never" | "n't")) =>
            {
                let from = if v.w(k + 1) == "on" { k + 2 } else { k + 1 };
                let mut gs = group_after(from);
                if gs.is_empty() {
                    // "blamed militia fighters known locally as G"
                    gs.extend(
                        (from..(from + 10).min(v.len()))
                            .take_while(|&q| {
                                !matches!(v.w(q), ";" | "." | "but" | "which" | "who" | "for")
                            })
                            .find(|&q| is_group(&v.units[q])),
                    );
                }
                for g in gs {
                    push(&mut out, g, "suspected");
                }
            }
            // "the attack was ordered by G"
            "ordered" | "orchestrated" | "masterminded" | "organized" | "organised" | "carried"
                if v.is_passive(k)
                    && !negated(k)
                    && (k.saturating_sub(4)..k).any(|q| is_in(ATTACK_NOUNS, v.w(q))) =>
            {
                if let Some(b) = (k + 1..(k + 4).min(v.len())).find(|&q| v.w(q) == "by") {
                    let m = if cue_believe(k) {
                        "suspected"
                    } else {
                        "claimed"
                    };
                    for g in group_after(b + 1) {
                        push(&mut out, g, m);
                    }
                }
            }
            // "had not ruled out the involvement of G" (not "denied involvement")
            "involvement"
                if v.w(k + 1) == "of"
                    && !v.any_in(&["denied", "denies", "no"], k.saturating_sub(3), k) =>
            {
                for g in group_after(k + 2) {
                    push(&mut out, g, "suspected");
                }
            }
            // "the attack bore the hallmarks of G"
            "hallmarks" | "hallmark" | "signature" | "trademark"
                if v.w(k + 1) == "of" && !negated(k.saturating_sub(1)) =>
            {
                for g in group_after(k + 2) {
                    push(&mut out, g, "suspected");
                }
            }
            // "the gunmen were members of G", "the attackers were fighters of G"
            "members" | "member" | "fighters" | "militants" | "loyalists" | "supporters"
                if v.w(k + 1) == "of"
                    && matches!(v.w(k.wrapping_sub(1)), "were" | "was")
                    && !negated(k.saturating_sub(1))
                    && (k.saturating_sub(4)..k.saturating_sub(1)).any(|q| {
                        is_in(lexicon::DOER_NOUNS, v.w(q))
                            && !matches!(v.w(q), "members" | "member" | "fighters" | "fighter")
                    }) =>
            {
                for g in group_after(k + 2) {
                    push(&mut out, g, "suspected");
                }
            }
            // "the attackers shouted slogans of G", "threats from G"
            "slogans" | "threats" if matches!(v.w(k + 1), "of" | "from") => {
                for g in group_after(k + 2) {
                    push(&mut out, g, "suspected");
                }
            }
            // "G was behind the attack", "G said it was behind the bombing"
            "behind"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "is" | "are" | "be" | "been"
                ) && !negated(k.saturating_sub(1))
                    && (k + 1..(k + 4).min(v.len())).any(|q| {
                        is_in(ATTACK_NOUNS, v.w(q)) || matches!(v.w(q), "it" | "this" | "incident")
                    }) =>
            {
                let m = if (0..k).any(|q| matches!(v.w(q), "said" | "says" | "announced"))
                    && (k.saturating_sub(4)..k).any(|q| matches!(v.w(q), "it" | "they"))
                {
                    "claimed"
                } else {
                    "suspected"
                };
                if let Some(g) = group_before(k) {
                    push(&mut out, g, m);
                } else if let Some(g) = (0..k).find(|&q| is_group(&v.units[q])) {
                    // "G said it was behind …"
                    push(&mut out, g, m);
                }
            }
            // "officials accused G of carrying out the attack", "held G responsible"
            "accused" | "accuses" | "held" | "holds"
                if !(k.saturating_sub(2)..k).any(|q| matches!(v.w(q), "not" | "never" | "n't")) =>
            {
                let gs = group_after(k + 1);
                let Some(&last) = gs.last() else { continue };
                let tail = last + 1..(last + 6).min(v.len());
                let about = if matches!(w, "held" | "holds") {
                    tail.clone().any(|q| v.w(q) == "responsible")
                } else {
                    tail.clone().any(|q| matches!(v.w(q), "of" | "for"))
                        && tail.clone().any(|q| {
                            is_in(ATTACK_NOUNS, v.w(q))
                                || matches!(
                                    v.w(q),
                                    "carrying"
                                        | "attacking"
                                        | "killing"
                                        | "bombing"
                                        | "it"
                                        | "being"
                                        | "involvement"
                                        | "firing"
                                        | "shooting"
                                        | "planting"
                                        | "launching"
                                        | "detonating"
                                        | "staging"
                                        | "murdering"
                                        | "kidnapping"
                                        | "abducting"
                                        | "ambushing"
                                        | "shelling"
                                        | "orchestrating"
                                        | "masterminding"
                                )
                        })
                };
                if about {
                    for g in gs {
                        push(&mut out, g, "suspected");
                    }
                }
            }
            // "G said its fighters carried out the raid", "G said it had staged
            // the attack": the speaker claims it
            "carried" | "conducted" | "staged" | "launched" | "executed" | "planted"
            | "detonated" | "placed"
                if !v.is_passive(k)
                    && !negated(k)
                    && (w != "carried" || v.w(k + 1) == "out")
                    && (k + 1..(k + 5).min(v.len())).any(|q| {
                        is_in(ATTACK_NOUNS, v.w(q))
                            || (matches!(w, "planted" | "detonated" | "placed")
                                && is_in(lexicon::WEAPON_NOUNS, v.w(q)))
                    })
                    && (k.saturating_sub(4)..k).any(|q| {
                        matches!(v.w(q), "it" | "its" | "they" | "their" | "we" | "our")
                    }) =>
            {
                if let Some(g) = speaker_before(k) {
                    push(&mut out, g, "claimed");
                }
            }
            // "the hijackers said they belonged to G"
            "belonged" | "belong" if v.w(k + 1) == "to" && !negated(k) => {
                for g in group_after(k + 2) {
                    push(&mut out, g, "claimed");
                }
            }
            // "a caller said G were responsible"
            "responsible"
                if matches!(v.w(k.wrapping_sub(1)), "was" | "were" | "is" | "are")
                    && !negated(k.saturating_sub(1)) =>
            {
                if let Some(g) = group_before(k.saturating_sub(1)) {
                    push(&mut out, g, "claimed");
                } else if matches!(v.w(k.wrapping_sub(2)), "it" | "they" | "we") {
                    // "G said on its website that they were responsible"
                    if let Some(g) = speaker_before(k) {
                        push(&mut out, g, "claimed");
                    }
                }
            }
            // "had refused to pay protection money to G": extortion
            "pay"
                if v.w(k.wrapping_sub(1)) == "to"
                    && matches!(v.w(k.wrapping_sub(2)), "refused" | "declined") =>
            {
                if let Some(g) = (k + 1..(k + 14).min(v.len()))
                    .take_while(|&q| !matches!(v.w(q), ";" | "."))
                    .find(|&q| is_group(&v.units[q]))
                {
                    push(&mut out, g, "suspected");
                }
            }
            _ => {}
        }
    }
    out
}

/// Gives the attack a claim or suspicion of sentence `s` is about (told in
/// it or in the four before, still without a stated perpetrator; a
/// day-dated one before a vaguely dated one, then the latest) its
/// claimant or suspect as agent. A suspicion lowers the event's confidence
/// and marks its modality `suspected`; a claim marks it `claimed`.
/// `window`: the indices of `done` a look-back may concern ([`Recent`]);
/// returns the event given an agent.
fn attribute(done: &mut [Draft], window: &[usize], v: &SentView, s: usize) -> Option<usize> {
    let resp = responsibility(v);
    if resp.is_empty() {
        return None;
    }
    let precision = |d: &Draft| {
        d.date
            .as_deref()
            .map_or(0, |x| if x.contains('/') { 1 } else { x.len() })
    };
    let pick = window
        .iter()
        .copied()
        .filter(|&k| {
            let e = &done[k];
            e.etype == EventType::Attack
                && e.sentence <= s
                && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 4
                && resp.iter().any(|&(u, _)| {
                    v.units[u]
                        .ent
                        .is_some_and(|g| !e.parts.iter().any(|p| p.entity == g))
                })
        })
        .max_by_key(|&k| {
            let agentless = done[k].entities(&[Role::Agent]).is_empty();
            (agentless, precision(&done[k]), k)
        });
    // an attack told in this sentence before its claimant is the one claimed
    let here = window.iter().rev().copied().find(|&k| {
        let e = &done[k];
        e.etype == EventType::Attack && e.sentence == s && resp.iter().any(|&(u, _)| e.at < u)
    });
    let pick = here.or(pick);
    let k = pick?;
    let d = &mut done[k];
    let mut added = false;
    for &(u, m) in &resp {
        let Some(g) = v.units[u].ent else { continue };
        if d.parts.iter().any(|p| p.entity == g) {
            continue;
        }
        d.parts.insert(
            0,
            Participant {
                role: Role::Agent,
                entity: g,
            },
        );
        added = true;
        if m == "suspected" && d.modality.as_deref() != Some("suspected") {
            d.confidence *= 0.8;
            d.modality = Some(m.to_string());
        } else if d.modality.is_none() {
            d.modality = Some(m.to_string());
        }
    }
    if added && !d.sentences.contains(&s) {
        d.sentences.push(s);
    }
    Some(k)
}

/// An undated fight is kept when its two sides are named groups or states.
fn two_sides(ctx: &Ctx, d: &Draft) -> bool {
    d.etype == EventType::ArmedConflict
        && d.parts
            .iter()
            .filter(|p| {
                p.role == Role::Participant
                    && ctx.doc.entities.get(p.entity).is_some_and(|e| {
                        matches!(
                            e.etype,
                            EntityType::ArmedGroup | EntityType::Organization | EntityType::Country
                        )
                    })
            })
            .count()
            >= 2
}

fn locations(v: &SentView, t: &Trigger, d: &mut Draft) {
    for p in 0..v.len() {
        let w = v.w(p);
        let prep = matches!(
            w,
            "in" | "at"
                | "near"
                | "outside"
                | "inside"
                | "over"
                | "around"
                | "across"
                | "throughout"
        ) || (w == "between" && t.etype == EventType::Attack)
            || (matches!(w, "to" | "into") && t.etype == EventType::Deployment)
            || (w == "of"
                && matches!(t.etype, EventType::Attack | EventType::ArmedConflict)
                && d.sentence == v.sentence
                && p > d.at
                && p <= d.at + 12
                && (is_in(lexicon::PLACE_NOUNS, v.w(p.wrapping_sub(1)))
                    || matches!(
                        v.w(p.wrapping_sub(1)),
                        "neighbourhood"
                            | "neighborhood"
                            | "outskirts"
                            | "suburb"
                            | "suburbs"
                            | "quarter"
                            | "centre"
                            | "center"
                            | "market"
                            | "streets"
                            | "villages"
                            | "towns"
                    )));
        if !prep {
            continue;
        }
        if w == "between" {
            // "on the road between Oreno and Vasi": both ends, bare names
            // standing where places stand even when typed otherwise upstream
            let end = |k: usize| {
                v.units
                    .get(k)
                    .filter(|x| is_place(x) || bare_place_name(v, k, x))
                    .and_then(|x| x.ent)
            };
            if let (Some(a), Some(b)) = (
                end(p + 1),
                (v.w(p + 2) == "and").then(|| end(p + 3)).flatten(),
            ) {
                d.add(Role::Location, Some(a));
                d.add(Role::Location, Some(b));
            }
            continue;
        }
        if let Some(h) = v.after_prep(p, &is_place) {
            let unit = &v.units[h];
            if unit.etype == Some(EntityType::Country) && v.is_possessor(h) {
                continue;
            }
            d.add(Role::Location, unit.ent);
        } else if let Some(x) = v.units.get(p + 1).filter(|x| place_like(v, p + 1, x)) {
            // "near Butig", "to Basilan": a bare name right after a place
            // preposition is a place, even when typed otherwise upstream
            d.add(Role::Location, x.ent);
        }
    }
}

/// A name typed as a person or armed group that stands where a place
/// stands: a bare single-mention name (no article, no possessive, no group
/// noun, not a pronoun) right after a place preposition.
fn place_like(v: &SentView, k: usize, x: &Unit) -> bool {
    bare_place_name(v, k, x) && v.w(k + 1) != "and"
}

/// [`place_like`] without its last check: the name may be the first of two
/// joined by "and" ("between Oreno and Vasi").
fn bare_place_name(v: &SentView, k: usize, x: &Unit) -> bool {
    x.is_type(&[EntityType::Person, EntityType::ArmedGroup])
        && x.kind == Some(dossier_doc::MentionKind::Name)
        && x.is_capitalized()
        && !v.is_possessor(k)
        && !x.lower.starts_with("the ")
        && !x.text.split_whitespace().any(|w| {
            let w = w.to_lowercase();
            is_in(lexicon::GROUP_NOUNS, &w) || is_in(lexicon::ROLE_NOUNS, &w)
        })
        && !matches!(v.w(k + 1), "'s" | "who")
}

/// An arrest or crackdown by bare "police", "authorities" or "security
/// forces" (no agent named): the state body the sentence names as its
/// source ("…, the Interior Ministry of X said") and its country, else the
/// document's only country (corpus guide §2.3: the country is the agent).
fn arresting_state(ctx: &Ctx, v: &SentView, d: &mut Draft) {
    if !matches!(d.etype, EventType::Arrest | EventType::Crackdown)
        || !d.entities(&[Role::Agent]).is_empty()
        || d.sentence != v.sentence
    {
        return;
    }
    let bare_force = (d.at.saturating_sub(6)..d.at).any(|k| {
        !v.units[k].is_ent()
            && matches!(
                v.w(k),
                "police"
                    | "authorities"
                    | "forces"
                    | "troops"
                    | "soldiers"
                    | "detectives"
                    | "officers"
                    | "army"
                    | "gendarmes"
                    | "policemen"
            )
    });
    if !bare_force {
        return;
    }
    let countries: Vec<usize> = (0..ctx.doc.entities.len())
        .filter(|&e| ctx.doc.entities[e].etype == EntityType::Country)
        .collect();
    let mut found = false;
    for u in v
        .units
        .iter()
        .filter(|u| u.is_type(&[EntityType::Organization]))
    {
        let organ = u
            .text
            .split_whitespace()
            .any(|w| is_in(lexicon::STATE_ORGANS, &w.to_lowercase()));
        let Some(e) = u.ent.filter(|_| organ) else {
            continue;
        };
        d.add(Role::Agent, Some(e));
        found = true;
        for &c in &countries {
            if u.text.contains(ctx.doc.entities[c].name.as_str()) {
                d.add(Role::Agent, Some(c));
            }
        }
    }
    if !found {
        if let [c] = countries[..] {
            d.add(Role::Agent, Some(c));
        }
    }
}

fn state_agents(v: &SentView, d: &mut Draft) {
    for k in 0..v.len() {
        let u = &v.units[k];
        let organ_word = is_in(lexicon::STATE_ORGANS, v.w(k + 1)) && {
            // "Xish military presence": the organ word only modifies a noun
            let next = v.units.get(k + 2);
            let modifier = match next.and_then(|n| n.pos.as_deref()) {
                Some(pos) => pos.starts_with("NN"),
                None => next.is_some_and(|n| {
                    !n.is_ent()
                        && n.lower.chars().all(|c| c.is_alphabetic())
                        && !is_in(crate::view::PREPS, &n.lower)
                        && !n.lower.ends_with("ed")
                        && !is_in(&["who", "which", "that"], &n.lower)
                }),
            };
            !modifier
        };
        let organ = ((!u.is_ent() || u.etype == Some(EntityType::GroupIdentity))
            && u.country.is_some()
            && organ_word)
            || (u.is_type(&[EntityType::Organization])
                && u.text
                    .split_whitespace()
                    .last()
                    .is_some_and(|l| is_in(lexicon::STATE_ORGANS, &l.to_lowercase())));
        if organ {
            let country = u.country;
            let role = match d.etype {
                EventType::Arrest
                | EventType::Crackdown
                | EventType::MilitaryExercise
                | EventType::Sentence => Role::Agent,
                _ => Role::Participant,
            };
            d.add(role, country);
        }
    }
}

/// Nouns of attackers: their dead are not an attack's fatalities.
const ATTACKER_NOUNS: &[&str] = &[
    "attacker",
    "attackers",
    "gunman",
    "gunmen",
    "assailant",
    "assailants",
    "bomber",
    "bombers",
    "hijacker",
    "hijackers",
    "kidnapper",
    "kidnappers",
    "perpetrators",
    "militants",
    "insurgents",
];

/// Words that end the noun phrase of a counted item.
const ITEM_END: &[&str] = &[
    "and",
    ",",
    ";",
    ".",
    "in",
    "at",
    "on",
    "near",
    "outside",
    "inside",
    "when",
    "while",
    "as",
    "who",
    "which",
    "that",
    "including",
    "were",
    "was",
    "had",
    "have",
    "has",
    "died",
    "lost",
    "wounding",
    "injuring",
    "by",
    "during",
    "after",
    "before",
    "from",
    "with",
    "–",
    "—",
    "(",
    ")",
];

/// How many people a list names or counts, starting at unit `from`, and the
/// unit after it: "two guards and a passer-by" → 3, "him and his three
/// brothers" → 4, "a farmers' leader, N, and his three brothers" → 4, "a
/// woman and her two children" → 3; attackers in the list of an attack are
/// left out ("three guards and seven attackers" → 3). Numbers inside `dates`
/// are not counts. `used` collects the units of the numbers read.
fn count_people(
    v: &SentView,
    from: usize,
    attack: bool,
    dates: &[(usize, usize)],
    used: &mut Vec<usize>,
) -> Option<(u32, usize)> {
    let in_date = |k: usize| {
        v.units
            .get(k)
            .is_some_and(|u| dates.iter().any(|&(a, b)| a <= u.start && u.end <= b))
    };
    let number = |k: usize| -> Option<u32> {
        if in_date(k) || matches!(v.w(k), "a" | "an" | "another") {
            return None;
        }
        lexicon::number_value(v.w(k))
    };
    let person_ent = |k: usize| {
        v.units
            .get(k)
            .is_some_and(|x| x.is_ent() && x.is_type(&[EntityType::Person]))
    };
    let mut j = from;
    let mut total = 0;
    let mut any = false;
    let mut nums = Vec::new();
    loop {
        let definite = v.w(j) == "the";
        while matches!(
            v.w(j),
            "at" | "least"
                | "more"
                | "than"
                | "some"
                | "about"
                | "nearly"
                | "over"
                | "around"
                | "almost"
                | "the"
        ) {
            j += 1;
        }
        // a title before a name ("killed district governor N and two of
        // her bodyguards"): the named person
        if !person_ent(j) {
            if let Some(k) = (j + 1..(j + 4).min(v.len())).find(|&k| person_ent(k)) {
                let title = (j..k).all(|q| {
                    let t = &v.units[q].text;
                    !v.units[q].is_ent()
                        && t.chars().all(|c| c.is_lowercase() || c == '-')
                        && !is_in(ITEM_END, v.w(q))
                        && !matches!(v.w(q), "of" | "for" | "by" | "with" | "to" | "from")
                });
                if title {
                    j = k;
                }
            }
        }
        let w = v.w(j);
        let mut head_from = j + 1;
        let mut named = false;
        let possessive = matches!(w, "his" | "their" | "its")
            || (w == "her" && !is_in(ITEM_END, v.w(j + 1)) && !v.w(j + 1).is_empty());
        let val = if matches!(w, "them" | "they" | "those") {
            None
        } else if !possessive
            && (person_ent(j) || matches!(w, "him" | "her" | "himself" | "herself"))
        {
            named = person_ent(j) && !matches!(w, "him" | "her" | "himself" | "herself");
            Some(1)
        } else if possessive {
            if let Some(n) = number(j + 1) {
                nums.push(j + 1);
                head_from = j + 2;
                Some(n)
            } else {
                let n = v.w(j + 1);
                (n.len() > 2 && !n.ends_with('s') && !is_in(ITEM_END, n)).then_some(1)
            }
        } else if matches!(w, "a" | "an" | "one" | "another") {
            match v.w(j + 1) {
                "dozen" => {
                    head_from = j + 2;
                    Some(12)
                }
                "number" | "total" | "group" | "few" | "handful" | "lot" | "series" | "further"
                | "" => None,
                n if is_in(ITEM_END, n) => None,
                _ => Some(1),
            }
        } else if let Some(n) = number(j) {
            nums.push(j);
            Some(n)
        } else if definite && !v.units[j].is_ent() {
            // "the camp manager": one person; "the guards": not counted
            let end = (j..(j + 4).min(v.len()))
                .find(|&q| is_in(ITEM_END, v.w(q)) || v.units[q].is_ent())
                .unwrap_or((j + 4).min(v.len()));
            let head = v.w(end.wrapping_sub(1));
            (end > j && !head.ends_with('s') && head.chars().all(|c| c.is_alphabetic() || c == '-'))
                .then_some(1)
        } else {
            None
        };
        let Some(n) = val else { break };
        let mut h = head_from;
        let mut attacker = false;
        if !named && !matches!(w, "him" | "her" | "himself" | "herself") {
            while h < v.len()
                && h < head_from + 4
                && !is_in(ITEM_END, v.w(h))
                && !v.units[h].is_ent()
            {
                attacker |= is_in(ATTACKER_NOUNS, v.w(h));
                h += 1;
            }
        }
        if !(attack && attacker) {
            total += n;
        }
        any = true;
        j = h;
        // an apposition naming, aging or describing the last item
        loop {
            if v.w(j) == "," && (person_ent(j + 1) || number(j + 1).is_some()) && v.w(j + 2) == ","
            {
                j += 2;
                continue;
            }
            if named && v.w(j) == "," && matches!(v.w(j + 1), "a" | "an" | "the") {
                if let Some(c) = (j + 2..(j + 8).min(v.len())).find(|&q| v.w(q) == ",") {
                    j = c;
                    continue;
                }
            }
            break;
        }
        if matches!(v.w(j), "and" | ",") {
            let next = if v.w(j) == "," && v.w(j + 1) == "and" {
                j + 2
            } else {
                j + 1
            };
            let starts = person_ent(next)
                || matches!(
                    v.w(next),
                    "a" | "an" | "one" | "another" | "him" | "her" | "his" | "their"
                )
                || number(next).is_some();
            if starts {
                j = next;
                continue;
            }
        }
        break;
    }
    used.extend(nums);
    any.then_some((total, j))
}

/// The dead a sentence counts through its phrasing: the object list of
/// "killed"/"killing"/"shot dead" ("shot and killed a shopkeeper" → 1,
/// "killing him and his three brothers" → 4, "killed 12 police officers and
/// wounded 30 others" → 12) and the subject list of "were killed", "was shot
/// dead", "died" ("Three guards and seven attackers were killed" → 3).
fn phrased_deaths(
    v: &SentView,
    attack: bool,
    dates: &[(usize, usize)],
    used: &mut Vec<usize>,
) -> Option<u32> {
    let mut total: Option<u32> = None;
    let mut add = |n: u32| total = Some(total.unwrap_or(0) + n);
    let aux = |k: usize| matches!(v.w(k), "was" | "were" | "been");
    for k in 0..v.len() {
        let w = v.w(k);
        // where the death verb's participle phrase starts (after "shot and killed")
        let to_death = matches!(
            w,
            "hacked" | "beaten" | "stoned" | "burned" | "burnt" | "stabbed" | "tortured"
        ) && v.w(k + 1) == "to"
            && v.w(k + 2) == "death";
        let passive_at = if to_death
            || matches!(
                w,
                "killed" | "murdered" | "slain" | "beheaded" | "assassinated"
            ) {
            if aux(k.wrapping_sub(1)) {
                Some(k - 1)
            } else if v.w(k.wrapping_sub(1)) == "and"
                && v.w(k.wrapping_sub(2)) == "shot"
                && aux(k.wrapping_sub(3))
            {
                Some(k - 3)
            } else {
                None
            }
        } else if w == "dead" && v.w(k.wrapping_sub(1)) == "shot" && aux(k.wrapping_sub(2)) {
            Some(k - 2)
        } else if w == "died"
            || (w == "lost"
                && matches!(v.w(k + 1), "their" | "his" | "her")
                && matches!(v.w(k + 2), "lives" | "life"))
        {
            Some(k)
        } else {
            None
        };
        if let Some(a) = passive_at {
            // the subject list must end right at the verb, or be the clause's
            // first phrase ("A journalist who … was shot and killed")
            let mut c = a;
            while c > 0 && !matches!(v.w(c - 1), ";" | "when" | "after" | "but" | "–" | "—" | ":")
            {
                c -= 1;
            }
            let mut mine = Vec::new();
            let found = (c..a).find_map(|st| {
                mine.clear();
                let (n, end) = count_people(v, st, attack, dates, &mut mine)?;
                (end == a || (st == c && matches!(v.w(end), "who" | "which"))).then_some(n)
            });
            if let Some(n) = found {
                used.extend(mine);
                add(n);
            }
            continue;
        }
        let active = (matches!(w, "killed" | "killing" | "kills" | "kill")
            || (w == "dead" && v.w(k.wrapping_sub(1)) == "shot"))
            && !aux(k.wrapping_sub(1))
            && !(w == "killed" && v.w(k.wrapping_sub(1)) == "and" && aux(k.wrapping_sub(3)));
        if active {
            if let Some((n, _)) = count_people(v, k + 1, attack, dates, used) {
                add(n);
            }
        }
    }
    total
}

/// Whether a sentence says nobody was killed, and whether nobody was hurt
/// ("Nobody was injured" → both; "No one was killed" → killed only; "None
/// of the 58 passengers had been harmed" → both).
fn no_casualties(v: &SentView) -> (bool, bool) {
    let mut out = (false, false);
    for k in 0..v.len() {
        let none = matches!(v.w(k), "nobody" | "none") || (v.w(k) == "no" && v.w(k + 1) == "one");
        if !none {
            continue;
        }
        for q in k + 1..(k + 16).min(v.len()) {
            match v.w(q) {
                "killed" | "died" => out.0 = true,
                "injured" | "hurt" | "harmed" | "wounded" => out = (true, true),
                ";" | "." | "but" => break,
                _ => continue,
            }
            break;
        }
    }
    out
}

/// Words that make a count a part of a toll already given ("five guards
/// were among the dead", "the dead included four officers").
const SUBSET_CUES: &[&str] = &["among", "including", "included", "include", "includes"];

/// Casualties told in a sentence after its attack, which has no attack of
/// its own: "Their driver was shot dead.", "Eleven guests were wounded.",
/// "By Monday the death toll had risen to 15." A toll that rose replaces the
/// attack's deaths; other counts fill only what the attack does not give
/// yet (never added to it), and only from the attack's paragraph; a part of
/// the dead ("among the dead"), a killing only ordered or planned, or a
/// sentence with a date of another time gives nothing. The attack is the
/// last one told in the three sentences before.
fn follow_up_casualties(ctx: &Ctx, done: &mut [Draft], window: &[usize], s: usize) {
    let told_here = |e: &Draft| {
        matches!(e.etype, EventType::Attack | EventType::ArmedConflict) && e.sentences.contains(&s)
    };
    if window.iter().any(|&k| told_here(&done[k])) {
        return;
    }
    let Some(k) = window.iter().rev().copied().find(|&k| {
        let e = &done[k];
        matches!(e.etype, EventType::Attack | EventType::ArmedConflict)
            && e.sentence < s
            && s.saturating_sub(*e.sentences.iter().max().unwrap_or(&0)) <= 3
    }) else {
        return;
    };
    let v = &ctx.views[s];
    let dates: Vec<(usize, usize)> = ctx.dates_in(s).map(|x| (x.start, x.end)).collect();
    if let Some(n) = toll_total(v, &dates) {
        let e = &mut done[k];
        if e.fatalities.is_none_or(|f| f <= n) {
            e.fatalities = Some(n);
            if !e.sentences.contains(&s) {
                e.sentences.push(s);
            }
        }
        return;
    }
    // a part of the dead, a killing only ordered or planned ("ordered to
    // kill 800 prisoners"), another paragraph, or a date of another time
    let last = *done[k].sentences.iter().max().unwrap_or(&0);
    if (0..v.len()).any(|q| {
        is_in(SUBSET_CUES, v.w(q))
            || (v.w(q) == "to" && matches!(v.w(q + 1), "kill" | "murder" | "execute"))
    }) || ctx.para.get(last) != ctx.para.get(s)
        || (ctx.has_date(s)
            && !ctx.dates_in(s).any(|d| {
                reported_on(v, d.start) || compatible_dates(&Some(d.edtf.clone()), &done[k].date)
            }))
    {
        return;
    }
    let mut c = Casualties::default();
    count_casualties(v, &dates, done[k].etype == EventType::Attack, &mut c);
    let e = &mut done[k];
    let mut used = false;
    if e.fatalities.is_none() && c.fatalities.is_some_and(|n| n > 0) {
        e.fatalities = c.fatalities;
        used = true;
    }
    if e.injured.is_none() && c.injured.is_some_and(|n| n > 0) {
        e.injured = c.injured;
        used = true;
    }
    if used && !e.sentences.contains(&s) {
        e.sentences.push(s);
    }
}

/// Death and injury counts of a sentence; `dates` are the char spans of its
/// dates, whose numbers are never counts ("In 2015 it killed 11 …").
fn casualties(v: &SentView, dates: &[(usize, usize)], d: &mut Draft) {
    let mut c = Casualties {
        fatalities: d.fatalities,
        injured: d.injured,
    };
    count_casualties(v, dates, d.etype == EventType::Attack, &mut c);
    (d.fatalities, d.injured) = (c.fatalities, c.injured);
}

/// Deaths and injuries an event's sentence states.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Casualties {
    /// Killed.
    pub fatalities: Option<u32>,
    /// Wounded.
    pub injured: Option<u32>,
}

/// The deaths and injuries sentence `s` states for an event of type `etype`
/// told in it: the counts the patterns give their own attacks and armed
/// conflicts, for events another component found in that sentence (the
/// learned detector). Other event types get none.
pub fn sentence_casualties(ctx: &Ctx, s: usize, etype: EventType) -> Casualties {
    let mut c = Casualties::default();
    if !matches!(etype, EventType::Attack | EventType::ArmedConflict) {
        return c;
    }
    let Some(v) = ctx.views.get(s) else {
        return c;
    };
    let dates: Vec<(usize, usize)> = ctx.dates_in(s).map(|x| (x.start, x.end)).collect();
    count_casualties(v, &dates, etype == EventType::Attack, &mut c);
    c
}

/// Adds the deaths and injuries of sentence `v` to `c` (see [`casualties`]).
fn count_casualties(v: &SentView, dates: &[(usize, usize)], attack: bool, c: &mut Casualties) {
    let mut used = Vec::new();
    // "caused 18 casualties, six of them fatal": dead and wounded together
    if let Some((dead, hurt, nums)) = split_casualties(v, dates) {
        c.fatalities = Some(c.fatalities.unwrap_or(0) + dead);
        c.injured = Some(c.injured.unwrap_or(0) + hurt);
        used.extend(nums);
    }
    if let Some(n) = phrased_deaths(v, attack, dates, &mut used) {
        c.fatalities = Some(c.fatalities.unwrap_or(0) + n);
    }
    // "the death toll has risen to 31", "the toll stood at 12": a total
    if let Some(n) = toll_total(v, dates) {
        c.fatalities = Some(n);
        return;
    }
    let (no_dead, no_hurt) = no_casualties(v);
    if no_dead && c.fatalities.is_none() {
        c.fatalities = Some(0);
    }
    if no_hurt && c.injured.is_none() {
        c.injured = Some(0);
    }
    for k in 0..v.len() {
        let u = &v.units[k];
        if dates.iter().any(|&(a, b)| a <= u.start && u.end <= b) || used.contains(&k) {
            continue;
        }
        let w = v.w(k);
        let val = match w {
            "a" | "an" | "another" | "one"
                if matches!(
                    v.w(k + 1),
                    "second"
                        | "third"
                        | "fourth"
                        | "fifth"
                        | "sixth"
                        | "policeman"
                        | "civilian"
                        | "soldier"
                        | "person"
                        | "bystander"
                        | "guard"
                        | "officer"
                ) =>
            {
                Some(1)
            }
            "a" | "an" | "another" => None,
            // "no one was injured"
            "one" if matches!(v.w(k.wrapping_sub(1)), "no") => None,
            _ => lexicon::number_value(w),
        };
        let Some(val) = val else { continue };
        // "killing two officers and wounding five others"
        let mut b = k;
        while b > 0
            && matches!(
                v.w(b - 1),
                "at" | "least"
                    | "more"
                    | "than"
                    | "some"
                    | "about"
                    | "nearly"
                    | "over"
                    | "around"
                    | "almost"
            )
        {
            b -= 1;
        }
        if b > 0 {
            let cue = v.w(b - 1);
            if matches!(cue, "killing" | "killed" | "kills" | "left")
                && !matches!(v.w(k + 1), "wounded" | "injured")
            {
                c.fatalities = Some(c.fatalities.unwrap_or(0) + val);
                continue;
            }
            if matches!(cue, "wounding" | "wounded" | "injuring" | "injured") {
                c.injured = Some(c.injured.unwrap_or(0) + val);
                continue;
            }
        }
        for q in k + 1..(k + 7).min(v.len()) {
            let x = v.w(q);
            if matches!(x, "and" | "," | "when" | ";" | "while") {
                break;
            }
            if is_in(lexicon::DEATH_CUES, x) {
                c.fatalities = Some(c.fatalities.unwrap_or(0) + val);
                break;
            }
            if is_in(lexicon::INJURY_CUES, x) {
                c.injured = Some(c.injured.unwrap_or(0) + val);
                break;
            }
        }
    }
}

/// "18 casualties, six of them fatal", "14 casualties, including four
/// dead": a count of dead and wounded together with the dead among them, as
/// (dead, wounded, the units of both numbers). Casualties alone are no deaths.
fn split_casualties(v: &SentView, dates: &[(usize, usize)]) -> Option<(u32, u32, Vec<usize>)> {
    let in_date = |k: usize| {
        v.units
            .get(k)
            .is_some_and(|u| dates.iter().any(|&(a, b)| a <= u.start && u.end <= b))
    };
    let num = |k: usize| {
        (!in_date(k))
            .then(|| lexicon::number_value(v.w(k)))
            .flatten()
    };
    let c = (1..v.len()).find(|&k| v.w(k) == "casualties" && num(k - 1).is_some())?;
    let total = num(c - 1)?;
    let end = (c + 8).min(v.len());
    let (m, dead) = (c + 1..end).find_map(|k| {
        let n = num(k)?;
        let fatal = (k + 1..(k + 4).min(v.len())).any(|q| {
            matches!(
                v.w(q),
                "fatal" | "dead" | "died" | "killed" | "fatalities" | "deaths"
            )
        });
        fatal.then_some((k, n))
    })?;
    (dead <= total).then(|| (dead, total - dead, vec![c - 1, m]))
}

/// The number a death toll reached ("the death toll from the attack has
/// risen to 31", "the toll stood at 12", "bringing the death toll to 9").
fn toll_total(v: &SentView, dates: &[(usize, usize)]) -> Option<u32> {
    // "the death toll", "the number of dead", "the number of those killed"
    let t = (0..v.len()).find(|&k| {
        (v.w(k) == "toll" && v.w(k.wrapping_sub(1)) != "a")
            || (v.w(k) == "number"
                && v.w(k + 1) == "of"
                && (matches!(v.w(k + 2), "dead" | "deaths" | "fatalities")
                    || (v.w(k + 2) == "those" && v.w(k + 3) == "killed")))
    })?;
    let end = (t + 20).min(v.len());
    let to = (t + 1..end)
        .find(|&k| {
            matches!(v.w(k), "to" | "at")
                && (t + 1..k).any(|q| {
                    matches!(
                        v.w(q),
                        "risen"
                            | "rose"
                            | "rises"
                            | "climbed"
                            | "stood"
                            | "stands"
                            | "reached"
                            | "increased"
                            | "jumped"
                    )
                })
        })
        .or_else(|| {
            (v.w(t.wrapping_sub(2)) == "bringing" || v.w(t.wrapping_sub(3)) == "bringing")
                .then(|| (t + 1..end).find(|&k| v.w(k) == "to"))
                .flatten()
        })?;
    let mut k = to + 1;
    while matches!(
        v.w(k),
        "at" | "least" | "more" | "than" | "about" | "nearly" | "over" | "some"
    ) {
        k += 1;
    }
    let u = v.units.get(k)?;
    if dates.iter().any(|&(a, b)| a <= u.start && u.end <= b) {
        return None;
    }
    lexicon::number_value(v.w(k))
}

fn starts_with_shift(v: &SentView) -> bool {
    (0..v.len().min(3)).any(|k| is_in(lexicon::TIME_SHIFT, v.w(k)))
}

fn opens_with_sequel(v: &SentView) -> bool {
    matches!(v.w(0), "following" | "after")
}

/// Whether two events can be one happening.
fn compatible_dates(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            let (x, y) = (
                x.trim_end_matches(['~', '?']),
                y.trim_end_matches(['~', '?']),
            );
            let year = |s: &str| s.chars().take(4).collect::<String>();
            x.starts_with(y) || y.starts_with(x) || year(x) == year(y)
        }
        _ => true,
    }
}

fn merge_into(a: &mut Draft, b: Draft) {
    for p in b.parts {
        if !a.parts.iter().any(|q| q.entity == p.entity) {
            a.parts.push(p);
        }
    }
    for s in b.sentences {
        if !a.sentences.contains(&s) {
            a.sentences.push(s);
        }
    }
    a.attempted |= b.attempted;
    a.verbal |= b.verbal;
    // a more precise date of the same time wins ("in 2011" … "in June 2011")
    let refines = match (&a.date, &b.date) {
        (Some(x), Some(y)) => {
            a.own_date
                && b.own_date
                && !x.contains('/')
                && !y.contains('/')
                && y.len() > x.len()
                && y.starts_with(x.trim_end_matches(['~', '?']))
        }
        _ => false,
    };
    if a.date.is_none() || (!a.own_date && b.own_date) || refines {
        a.date = b.date;
        a.own_date = b.own_date;
    }
    a.fatalities = a.fatalities.max(b.fatalities);
    a.injured = a.injured.max(b.injured);
    if b.modality.is_none() {
        a.modality = None;
    }
    a.confidence = (a.confidence.max(b.confidence) + 0.05).min(0.97);
}

/// How far back (in sentences) any look-back over the events found so far
/// reaches: the scans below ask for an event whose last sentence is at most
/// this far before the current one (12 for a definite nominal), or one that
/// holds the current or previous sentence.
const LOOK_BACK: usize = 12;

/// Which events found so far the windowed look-backs can concern, so that a
/// sentence never scans every earlier event (quadratic in a long document,
/// issue 14). Every sentence number an event holds was added while that
/// sentence or a later one was processed, so an event whose sentences reach
/// `s - LOOK_BACK` was touched (created, merged into, or given a sentence)
/// at a sentence of at least `s - LOOK_BACK`; the log keeps those touches
/// in order. The scans apply their own conditions to these candidates, so
/// they find what a scan of every event would.
#[derive(Default)]
struct Recent {
    /// (sentence, event index), in the order of the touches.
    log: Vec<(usize, usize)>,
    /// The first entry that can still be in a window.
    start: usize,
    /// For each entity, the last founding event holding it as participant
    /// (the founding look-back has no window; parts only grow).
    foundings: HashMap<usize, usize>,
}

impl Recent {
    fn touch(&mut self, s: usize, k: usize, d: &Draft) {
        self.log.push((s, k));
        if d.etype == EventType::Founding {
            for p in d.parts.iter().filter(|p| p.role == Role::Participant) {
                let last = self.foundings.entry(p.entity).or_insert(k);
                *last = (*last).max(k);
            }
        }
    }

    /// Indices of the events touched at sentence `s - LOOK_BACK` or later,
    /// ascending, each once.
    fn window(&mut self, s: usize) -> Vec<usize> {
        let from = s.saturating_sub(LOOK_BACK);
        while self.start < self.log.len() && self.log[self.start].0 < from {
            self.start += 1;
        }
        let mut ks: Vec<usize> = self.log[self.start..].iter().map(|&(_, k)| k).collect();
        ks.sort_unstable();
        ks.dedup();
        ks
    }

    /// The last founding event holding one of `d`'s entities as participant.
    fn last_founding_of(&self, d: &Draft) -> Option<usize> {
        d.parts
            .iter()
            .filter_map(|q| self.foundings.get(&q.entity))
            .max()
            .copied()
    }
}

/// Finds the events of one document.
pub fn extract(ctx: &Ctx) -> Vec<Event> {
    let mut done: Vec<Draft> = Vec::new();
    let mut recent = Recent::default();
    let mut sent_date: Vec<Option<String>> = vec![None; ctx.views.len()];
    for (s, v) in ctx.views.iter().enumerate() {
        let own = ctx.has_date(s);
        // carried date: the previous sentence of the same paragraph, unless the time shifts
        let carried = if own {
            None
        } else if s > 0 && ctx.para[s] == ctx.para[s - 1] && !starts_with_shift(v) {
            sent_date[s - 1].clone()
        } else {
            None
        };
        let next_date = (s + 1 < ctx.views.len()
            && ctx.para.get(s + 1) == ctx.para.get(s)
            && opens_with_sequel(&ctx.views[s + 1]))
        .then(|| ctx.date_near(s + 1, ctx.doc.sentences[s + 1].start))
        .flatten();
        // triggers grouped by type
        let mut drafts: Vec<Draft> = Vec::new();
        let triggers: Vec<(usize, Trigger)> = (0..v.len())
            .filter_map(|i| trigger_at(ctx, v, i).map(|t| (i, t)))
            .collect();
        let has_plot = triggers.iter().any(|(_, t)| t.etype == EventType::Plot);
        let has_conflict = triggers
            .iter()
            .any(|(_, t)| t.etype == EventType::ArmedConflict);
        let first_attack = triggers
            .iter()
            .find(|(_, t)| t.etype == EventType::Attack)
            .map(|&(i, _)| i);
        for (i, mut t) in triggers {
            // ", killing nine": the participle of an attack already told in
            // the sentence adds its dead (counted from the sentence), not
            // another attack with its own subject
            if v.w(i) == "killing" && first_attack.is_some_and(|f| f < i) {
                continue;
            }
            if has_conflict
                && t.etype == EventType::Attack
                && matches!(v.w(i), "killed" | "shot" | "murdered")
            {
                // the dead of a battle: the battle's casualties, not another attack
                continue;
            }
            // "a militia that has threatened N since 2015": a standing stance, no statement
            if t.etype == EventType::Statement
                && !t.nominal
                && matches!(v.w(i.wrapping_sub(1)), "has" | "have")
                && (i + 1..v.len())
                    .take_while(|&k| !matches!(v.w(k), ";" | "."))
                    .any(|k| v.w(k) == "since")
            {
                continue;
            }
            // "threatened to attack X", "denied that his men had killed …": no told attack
            if matches!(t.etype, EventType::Attack | EventType::Plot)
                && (i.saturating_sub(7)..i).any(|k| {
                    (matches!(
                        v.w(k),
                        "threatened" | "threatening" | "vowed" | "pledged" | "promised"
                    ) && v.w(k + 1) == "to")
                        || (matches!(v.w(k), "denied" | "denies" | "deny" | "denying")
                            && (k + 1..i).any(|q| v.w(q) == "that"))
                })
            {
                continue;
            }
            // (the month in a dateline "KADRA, May 12 —" is no modal)
            let modality = v.modality_near(i).filter(|&m| {
                m != "possible"
                    || !(i.saturating_sub(8)..i).any(|k| {
                        v.w(k) == "may"
                            && v.units[k].text == "May"
                            && (lexicon::number_value(v.w(k + 1)).is_some()
                                || lexicon::number_value(v.w(k.wrapping_sub(1))).is_some())
                    })
            });
            if t.etype == EventType::Attack {
                let planned = (i.saturating_sub(3)..i).any(|k| {
                    matches!(
                        v.w(k),
                        "planning"
                            | "planned"
                            | "plotting"
                            | "plot"
                            | "plan"
                            | "conspiring"
                            | "intended"
                            | "intending"
                            | "preparing"
                            | "prepared"
                    )
                });
                if planned || has_plot {
                    t.etype = EventType::Plot;
                }
            }
            if t.etype == EventType::Statement
                && drafts.iter().any(|d| d.etype != EventType::Statement)
                && t.strength < 0.7
            {
                // a reporting verb around another event reports it
                if matches!(v.w(i), "claimed" | "said") {
                    continue;
                }
            }
            let hypothetical =
                (i.saturating_sub(3)..i).any(|k| is_in(lexicon::HYPOTHETICAL, v.w(k)));
            let date = clause_date(ctx, v, i, t.etype);
            // "tried to kill": an attempt ("was tried for the killing" is a trial)
            let tried_to = i >= 2
                && v.w(i - 1) == "to"
                && matches!(v.w(i - 2), "tried" | "tries" | "trying" | "try" | "sought");
            let attempted = tried_to
                || (i.saturating_sub(4)..(i + 3).min(v.len()))
                    .any(|k| is_in(lexicon::ATTEMPT_CUES, v.w(k)))
                || (t.etype == EventType::Plot
                    && v.any_in(&["foiled", "thwarted", "prevented"], 0, v.len()));
            let mut d = Draft {
                etype: t.etype,
                trigger: v.units[i].text.clone(),
                sentence: s,
                at: i,
                definite: t.nominal && is_definite(v, i),
                plural: t.nominal && v.w(i).ends_with('s') && !v.w(i).ends_with("ss"),
                verbal: !t.nominal,
                attempted,
                own_date: date.is_some(),
                date: date
                    .or_else(|| carried.clone())
                    .or_else(|| next_date.clone()),
                parts: Vec::new(),
                fatalities: None,
                injured: None,
                modality: modality
                    .map(str::to_string)
                    .or_else(|| hypothetical.then(|| "hypothetical".to_string())),
                confidence: t.strength
                    * if modality.is_some() || hypothetical {
                        0.7
                    } else {
                        1.0
                    },
                sentences: vec![s],
            };
            if v.w(i) == "attempt" || v.w(i + 1) == "attempt" {
                d.attempted = true;
            }
            roles(ctx, v, i, &t, &mut d);
            context_roles(ctx, v, i, &mut d);
            if hypothetical && !d.own_date {
                continue;
            }
            match drafts.iter_mut().find(|x| x.etype == d.etype) {
                Some(x) => {
                    let definite = x.definite && d.definite;
                    merge_into(x, d);
                    x.definite = definite;
                }
                None => drafts.push(d),
            }
        }
        for d in drafts.iter_mut() {
            if matches!(d.etype, EventType::Arrest | EventType::Sentence) {
                // only people and groups are arrested or sentenced
                d.parts.retain(|p| {
                    p.role != Role::Target
                        || ctx.doc.entities.get(p.entity).is_some_and(|e| {
                            matches!(
                                e.etype,
                                EntityType::Person
                                    | EntityType::ArmedGroup
                                    | EntityType::Organization
                            )
                        })
                });
            }
            locations(
                v,
                &Trigger {
                    etype: d.etype,
                    nominal: true,
                    strength: 1.0,
                },
                d,
            );
            state_agents(v, d);
            arresting_state(ctx, v, d);
            if matches!(d.etype, EventType::Attack | EventType::ArmedConflict) {
                let dates: Vec<(usize, usize)> =
                    ctx.dates_in(v.sentence).map(|x| (x.start, x.end)).collect();
                casualties(v, &dates, d);
            }
            // an attack told right after a scene that has no event of its own
            // ("a truck stopped in front of the station in C. The explosion killed …")
            let window = recent.window(s);
            let scene_attack = d.etype == EventType::Attack
                && s > 0
                && !window.iter().any(|&k| done[k].sentences.contains(&(s - 1)))
                && !(d.definite
                    && window.iter().any(|&k| {
                        let e = &done[k];
                        e.etype == EventType::Attack
                            && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 12
                    }));
            if d.parts.is_empty()
                && s > 0
                && ctx.para[s] == ctx.para[s - 1]
                && (scene_attack
                    || matches!(
                        d.etype,
                        EventType::Crackdown | EventType::Protest | EventType::Arrest
                    ))
            {
                // the story's scene: places of the previous sentence
                let prev = &ctx.views[s - 1];
                for u in prev.units.iter().filter(|u| is_place(u)) {
                    d.add(Role::Location, u.ent);
                }
            }
            if d.parts.is_empty() && s == 0 {
                // nobody named in the story's first sentence: its dateline's
                // place ("KADRA, May 12 — Gunmen hijacked a bus") is where
                if let Some(k) = (0..v.len().min(8)).find(|&q| matches!(v.w(q), "—" | "–")) {
                    for u in v.units[..k].iter().filter(|u| is_place(u)) {
                        d.add(Role::Location, u.ent);
                    }
                }
            }
        }
        // claims and attributions of responsibility reach back to the attacks told
        let claim = claimed_agents(v);
        // a claim reaches back only to an attack told in the four sentences
        // before; with none, its attack noun tells a new attack ("G claimed
        // responsibility for the bombing of a pipeline on DATE" opening a story)
        if claim.is_some()
            && recent.window(s).into_iter().any(|k| {
                done[k].etype == EventType::Attack
                    && s.saturating_sub(*done[k].sentences.last().unwrap_or(&0)) <= 4
            })
        {
            // "claimed both attacks": the attack noun after the claim verb refers back
            let c = (0..v.len())
                .find(|&k| matches!(v.w(k), "claimed" | "claims" | "attributed" | "blamed"));
            let refs: Vec<String> = c
                .map(|c| {
                    (c + 1..(c + 7).min(v.len()))
                        .map(|k| v.units[k].text.clone())
                        .collect()
                })
                .unwrap_or_default();
            drafts.retain(|d| {
                !(d.etype == EventType::Attack && !d.verbal && refs.contains(&d.trigger))
            });
        }
        if let (Some((agents, _)), true) =
            (&claim, drafts.iter().any(|d| d.etype == EventType::Attack))
        {
            // the attack told in the same sentence is the one claimed
            let ents: Vec<usize> = agents.iter().filter_map(|&k| v.units[k].ent).collect();
            for d in drafts.iter_mut().filter(|d| d.etype == EventType::Attack) {
                for &e in &ents {
                    d.add(Role::Agent, Some(e));
                }
            }
            drafts.retain(|d| d.etype != EventType::Statement);
        } else if let Some((agents, n)) = claim {
            let ents: Vec<usize> = agents.iter().filter_map(|&k| v.units[k].ent).collect();
            let claimed: Vec<usize> = recent
                .window(s)
                .into_iter()
                .rev()
                .filter(|&k| {
                    done[k].etype == EventType::Attack
                        && s.saturating_sub(*done[k].sentences.last().unwrap_or(&0)) <= 4
                })
                .take(n)
                .collect();
            for k in claimed {
                for &e in &ents {
                    done[k].add(Role::Agent, Some(e));
                }
                if !done[k].sentences.contains(&s) {
                    done[k].sentences.push(s);
                }
                recent.touch(s, k, &done[k]);
            }
            drafts.retain(|d| d.etype != EventType::Statement);
        }
        // event coreference: a definite nominal with no date of its own refers back
        let mut kept = Vec::new();
        for d in drafts {
            let back = if d.definite && !d.own_date {
                recent.window(s).into_iter().rev().find(|&k| {
                    let e = &done[k];
                    e.etype == d.etype
                        && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 12
                        && (d.parts.is_empty()
                            || e.parts
                                .iter()
                                .any(|p| d.parts.iter().any(|q| q.entity == p.entity))
                            || e.sentence + 1 >= s)
                })
            } else if d.etype == EventType::Founding {
                recent.last_founding_of(&d).filter(|&k| {
                    let e = &done[k];
                    e.etype == EventType::Founding
                        && e.parts.iter().any(|p| {
                            p.role == Role::Participant
                                && d.parts.iter().any(|q| q.entity == p.entity)
                        })
                })
            } else {
                None
            };
            match back {
                Some(k) => {
                    let date = done[k].date.clone();
                    let mut d = d;
                    if d.etype != EventType::Founding {
                        d.date = None;
                        d.own_date = false;
                    }
                    merge_into(&mut done[k], d);
                    recent.touch(s, k, &done[k]);
                    if sent_date[s].is_none() {
                        sent_date[s] = date;
                    }
                }
                None => kept.push(d),
            }
        }
        if sent_date[s].is_none() {
            sent_date[s] = if own {
                ctx.date_near(s, ctx.doc.sentences[s].start)
            } else {
                carried.clone().or(next_date.clone())
            };
        }
        // a succession with no date of its own follows the removal of the
        // predecessor: the last arrest or killing of a person told just before
        for d in kept.iter_mut() {
            let succession = d.etype == EventType::Appointment
                && matches!(
                    d.trigger.to_lowercase().as_str(),
                    "passed" | "succeeded" | "took" | "replaced"
                );
            if succession && d.date.is_none() {
                let removal = recent.window(s).into_iter().rev().find(|&k| {
                    let e = &done[k];
                    matches!(e.etype, EventType::Arrest | EventType::Attack)
                        && e.date.is_some()
                        && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 6
                        && e.parts.iter().any(|p| {
                            p.role == Role::Target
                                && ctx
                                    .doc
                                    .entities
                                    .get(p.entity)
                                    .is_some_and(|x| x.etype == EntityType::Person)
                        })
                });
                if let Some(r) = removal {
                    d.date = done[r].date.clone();
                }
            }
        }
        // adjacent sentences telling one happening
        for d in kept {
            let prev = recent.window(s).into_iter().rev().find(|&k| {
                let e = &done[k];
                e.etype == d.etype
                    && e.sentences.iter().any(|&x| x + 1 == s)
                    && compatible_dates(&e.date, &d.date)
                    && {
                        let clash = |roles: &[Role]| {
                            let (x, y) = (e.entities(roles), d.entities(roles));
                            !x.is_empty() && !y.is_empty() && !x.iter().any(|a| y.contains(a))
                        };
                        let shared = e.parts.iter().any(|p| {
                            d.parts.iter().any(|q| {
                                q.entity == p.entity
                                    && p.role != Role::Location
                                    && q.role != Role::Location
                            })
                        });
                        shared || (!d.own_date && !clash(&[Role::Agent]) && !clash(&[Role::Target]))
                    }
            });
            // "Their driver was shot dead.": a killing naming nobody, told
            // without a date of its own just after an attack in the same
            // paragraph, is a part of it
            let prev = prev.or_else(|| {
                (d.etype == EventType::Attack
                    && d.parts.is_empty()
                    && !d.own_date
                    && !d.plural
                    && v.w(d.at.wrapping_sub(1)) != "to")
                    .then(|| {
                        recent.window(s).into_iter().rev().find(|&k| {
                            let e = &done[k];
                            let last = *e.sentences.iter().max().unwrap_or(&0);
                            e.etype == EventType::Attack
                                && !e.parts.is_empty()
                                && e.sentence < s
                                && s.saturating_sub(last) <= 3
                                && ctx.para.get(last) == ctx.para.get(s)
                        })
                    })
                    .flatten()
            });
            let k = match prev {
                Some(k) => {
                    merge_into(&mut done[k], d);
                    k
                }
                None => {
                    done.push(d);
                    done.len() - 1
                }
            };
            recent.touch(s, k, &done[k]);
        }
        let window = recent.window(s);
        if let Some(k) = attribute(&mut done, &window, v, s) {
            recent.touch(s, k, &done[k]);
        }
        follow_up_casualties(ctx, &mut done, &window, s);
        // "Nobody was injured." after the attack it is about
        let (no_dead, no_hurt) = no_casualties(v);
        if (no_dead || no_hurt)
            && !window
                .iter()
                .any(|&k| done[k].etype == EventType::Attack && done[k].sentences.contains(&s))
        {
            if let Some(k) = window.iter().rev().copied().find(|&k| {
                let e = &done[k];
                e.etype == EventType::Attack
                    && e.sentence < s
                    && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 3
            }) {
                let e = &mut done[k];
                if no_dead && e.fatalities.is_none() {
                    e.fatalities = Some(0);
                }
                if no_hurt && e.injured.is_none() {
                    e.injured = Some(0);
                }
            }
        }
    }
    done.into_iter()
        .filter(|d| !d.parts.is_empty())
        // a gathering with no one named is only a scene
        .filter(|d| {
            d.etype != EventType::Meeting || d.parts.iter().any(|p| p.role != Role::Location)
        })
        .filter(|d| d.date.is_some() || !NEEDS_DATE.contains(&d.etype) || two_sides(ctx, d))
        .filter(|d| !(d.etype == EventType::ArmedConflict && d.date.is_none()) || two_sides(ctx, d))
        .filter(|d| d.etype != EventType::Statement || d.own_date)
        .filter(|d| d.etype != EventType::Founding || d.verbal || d.date.is_some())
        .map(|d| {
            let mut e = Event {
                etype: d.etype,
                trigger: d.trigger,
                attempted: d.attempted,
                date: d.date,
                participants: d.parts,
                fatalities: d.fatalities,
                injured: d.injured,
                modality: d.modality,
                confidence: d.confidence,
                evidence: d.sentences.iter().map(|&s| ctx.evidence(s)).collect(),
            };
            e.fatalities = e.fatalities.or_else(|| victims_killed(ctx.doc, &e));
            e
        })
        .collect()
}

/// Triggers whose named targets die: an assassination or murder of named
/// people kills them even where no number is written.
const KILLING_TRIGGERS: &[&str] = &[
    "assassinated",
    "assassinate",
    "assassinates",
    "assassination",
    "murdered",
    "murder",
    "killed",
    "killing",
    "slain",
    "beheaded",
    "executed",
];

/// The death toll an attack states through whom it killed: for an
/// assassination, murder or killing that was not only attempted, the
/// number of people among its targets ("Lehi assassinated Lord X" → 1,
/// "murdered the mayor and his deputy" with both named → 2). `None` where
/// no person target is named or the trigger does not say they died.
pub fn victims_killed(doc: &Doc, e: &Event) -> Option<u32> {
    let first = e.trigger.split_whitespace().next()?.to_lowercase();
    if e.etype != EventType::Attack || e.attempted || !KILLING_TRIGGERS.contains(&first.as_str()) {
        return None;
    }
    let mut people: Vec<usize> = e
        .participants
        .iter()
        .filter(|p| p.role == Role::Target)
        .filter(|p| {
            doc.entities
                .get(p.entity)
                .is_some_and(|x| x.etype == EntityType::Person)
        })
        .map(|p| p.entity)
        .collect();
    people.sort_unstable();
    people.dedup();
    (!people.is_empty()).then_some(people.len() as u32)
}

/// The `"events"` pipeline component.
pub struct EventExtractor {
    geo: Box<dyn crate::GeoLookup>,
}

impl EventExtractor {
    /// An event extractor that maps demonyms with `geo`.
    pub fn new(geo: Box<dyn crate::GeoLookup>) -> Self {
        EventExtractor { geo }
    }
}

impl Default for EventExtractor {
    fn default() -> Self {
        EventExtractor::new(Box::new(crate::GazetteerGeo))
    }
}

impl Component for EventExtractor {
    fn name(&self) -> &str {
        "events"
    }
    fn requires(&self) -> &[Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Mentions,
            Layer::Entities,
            Layer::Dates,
        ]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Pos, Layer::Layout]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Events]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("events", e.to_string()))?;
        let events = extract(&Ctx::new(doc, self.geo.as_ref()));
        doc.events = events;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;

    fn evs(m: &str) -> (Doc, Vec<Event>) {
        let d = doc_from_markup(m);
        let e = extract(&Ctx::new(&d, &crate::NoGeo));
        (d, e)
    }
    fn names(d: &Doc, e: &Event, role: Role) -> Vec<String> {
        e.participants
            .iter()
            .filter(|p| p.role == role)
            .map(|p| d.entities[p.entity].name.clone())
            .collect()
    }

    #[test]
    fn a_year_is_not_a_death_toll() {
        let (_, e) = evs("In [2015|date:2015] [the Tallis Front|armed_group] killed 11 road workers near [Olm|location].");
        let a = e
            .iter()
            .find(|e| e.etype == EventType::Attack)
            .expect("an attack");
        assert_eq!(a.fatalities, Some(11));
    }

    #[test]
    fn founding_with_roles_and_date() {
        let (d, e) = evs("In [early 2016|date:2016-01/2016-04], [Kamal Ruswan|person] founded [the Sword|armed_group] in the Norlandic city of [Qarvan|location].");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].etype, EventType::Founding);
        assert_eq!(e[0].date.as_deref(), Some("2016-01/2016-04"));
        assert_eq!(names(&d, &e[0], Role::Agent), vec!["Kamal Ruswan"]);
        assert_eq!(names(&d, &e[0], Role::Location), vec!["Qarvan"]);
    }

    #[test]
    fn passive_subject_is_target() {
        let (d, e) = evs("[Jon Marek|person] was arrested in [Veskia|country] and handed over to [Norland|country].");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].etype, EventType::Arrest);
        assert_eq!(names(&d, &e[0], Role::Target), vec!["Jon Marek"]);
        assert!(names(&d, &e[0], Role::Location).contains(&"Veskia".to_string()));
        let (_, e) = evs("The weather was arrested by nothing.");
        assert!(e.is_empty());
    }

    #[test]
    fn nominal_arrest_refers_back_and_merges() {
        let (_, e) = evs("[Jon Marek|person] was arrested in [July 2018|date:2018-07].\n\nThe arrest of [Marek|person=Jon Marek] was followed by a backlash.");
        let arrests: Vec<_> = e.iter().filter(|x| x.etype == EventType::Arrest).collect();
        assert_eq!(arrests.len(), 1);
        assert_eq!(arrests[0].evidence.len(), 2);
        assert_eq!(arrests[0].date.as_deref(), Some("2018-07"));
    }

    #[test]
    fn attempt_told_in_two_sentences_is_one_event() {
        let (d, e) = evs("One such plot occurred on [May 3, 2019|date:2019-05-03]. It targeted [Ada Ferrin|person], the mayor of [Tolva|location]. She narrowly survived the assassination attempt outside her office.");
        let attacks: Vec<_> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
        assert_eq!(attacks.len(), 1, "{e:?}");
        assert!(attacks[0].attempted);
        assert_eq!(attacks[0].date.as_deref(), Some("2019-05-03"));
        assert_eq!(names(&d, attacks[0], Role::Target), vec!["Ada Ferrin"]);
    }

    #[test]
    fn foiled_attack_is_a_plot() {
        let (d, e) = evs("Norlandic security foiled a plot to attack [the Veskian embassy|facility] in [2013|date:2013]. [Norland|country] said so.");
        let p: Vec<_> = e.iter().filter(|x| x.etype == EventType::Plot).collect();
        assert_eq!(p.len(), 1);
        assert!(p[0].attempted);
        assert!(names(&d, p[0], Role::Target).contains(&"the Veskian embassy".to_string()));
        assert!(!e.iter().any(|x| x.etype == EventType::Attack));
    }

    #[test]
    fn accusation_complements_are_not_events() {
        let (_, e) = evs("Officials accused [the Sword|armed_group] of plotting attacks on [Tolva|location] in [2019|date:2019].");
        assert!(!e
            .iter()
            .any(|x| matches!(x.etype, EventType::Plot | EventType::Attack)));
        let (_, e) =
            evs("[Jon Marek|person] was convicted for receiving military training abroad.");
        assert!(!e.iter().any(|x| x.etype == EventType::Training));
        assert!(e.iter().any(|x| x.etype == EventType::Sentence));
    }

    #[test]
    fn a_sentence_counts_the_casualties_of_an_event_found_elsewhere() {
        let d = doc_from_markup("On [29 May 2011|date:2011-05-29], [the Tallis Front|armed_group] mined the road near [Olm|location], killing 28 soldiers and wounding 35.");
        let ctx = Ctx::new(&d, &crate::NoGeo);
        let c = sentence_casualties(&ctx, 0, EventType::Attack);
        assert_eq!((c.fatalities, c.injured), (Some(28), Some(35)));
        // the date's numbers are no counts, and an arrest has none
        assert_eq!(
            sentence_casualties(&ctx, 0, EventType::Arrest),
            Casualties::default()
        );
        assert_eq!(
            sentence_casualties(&ctx, 7, EventType::Attack),
            Casualties::default()
        );
    }

    #[test]
    fn an_assassination_kills_its_named_targets() {
        let (_, e) = evs("On [3 May 2016|date:2016-05-03], [the Tallis Front|armed_group] assassinated [Dorin Vask|person] in [Olm|location].");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(a.fatalities, Some(1), "{a:?}");
        // an attempt kills nobody, and a written count wins
        let (_, e) = evs("On [3 May 2016|date:2016-05-03], [the Tallis Front|armed_group] tried to assassinate [Dorin Vask|person] in [Olm|location].");
        assert!(e.iter().all(|x| x.fatalities.is_none()), "{e:?}");
        let (_, e) = evs("On [3 May 2016|date:2016-05-03], [the Tallis Front|armed_group] killed [Dorin Vask|person] and four guards in [Olm|location].");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_ne!(a.fatalities, Some(1), "{a:?}");
    }

    #[test]
    fn casualties_are_counted() {
        let (_, e) = evs("In [May 2019|date:2019-05], gunmen attacked police in [Tolva|location]; two policemen were stabbed to death and a third was wounded.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(a.fatalities, Some(2));
        assert_eq!(a.injured, Some(1));
        let (_, e) = evs("On [March 3, 2021|date:2021-03-03], gunmen attacked a station in [Tolva|location], killing two officers and wounding five others.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!((a.fatalities, a.injured), (Some(2), Some(5)));
        // "nobody was hurt": none killed, none wounded (corpus guide §6)
        let (_, e) = evs("On [March 3, 2021|date:2021-03-03], gunmen attacked a station in [Tolva|location]; nobody was hurt.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!((a.fatalities, a.injured), (Some(0), Some(0)));
    }

    #[test]
    fn trigger_table() {
        let cases: &[(&str, EventType, bool)] = &[
            ("On [May 2, 2020|date:2020-05-02], [the Sword|armed_group] held a military exercise near [Tolva|location].", EventType::MilitaryExercise, true),
            ("She took up exercise in [Tolva|location] in [2020|date:2020].", EventType::MilitaryExercise, false),
            ("In [2019|date:2019], [Norland|country] sent troops to [Veskia|country].", EventType::Deployment, true),
            ("In [2019|date:2019], [Ruk Amal|person] sent a letter to [Veskia|country].", EventType::Deployment, false),
            ("[Ivo Rask|person] assumed office in [2021|date:2021].", EventType::Appointment, true),
            ("[Ivo Rask|person] assumed that [Veskia|country] would win in [2021|date:2021].", EventType::Appointment, false),
            ("In [2015|date:2015], a crackdown by Norlandic police hit [Tolva|location]. [Norland|country] denied it.", EventType::Crackdown, true),
            ("A blast hit [the Veskian embassy|facility] in [Tolva|location] on [June 1, 2020|date:2020-06-01].", EventType::Attack, true),
            ("Hundreds protested in [Tolva|location] in [August 2021|date:2021-08].", EventType::Protest, true),
            ("Members of [the Sword|armed_group] received training from [Red Hand|armed_group].", EventType::Training, true),
            ("[Ruk Amal|person] met with [Osk Tarn|person] in [Tolva|location] in [March 2016|date:2016-03].", EventType::Meeting, true),
            ("[Ruk Amal|person] is a meeting planner in [Tolva|location].", EventType::Meeting, false),
        ];
        for (m, t, want) in cases {
            let (_, e) = evs(m);
            assert_eq!(e.iter().any(|x| x.etype == *t), *want, "{m}: {e:?}");
        }
    }

    #[test]
    fn battle_deaths_are_no_separate_attack() {
        let (_, e) = evs("In [2018|date:2018], clashes between [the Sword|armed_group] and [Red Hand|armed_group] killed at least 40 people near [Tolva|location].");
        assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap();
        assert_eq!(c.fatalities, Some(40));
    }

    #[test]
    fn undated_generic_events_are_dropped() {
        let (_, e) = evs("[The Sword|armed_group] would stage attacks against [Norland|country].");
        assert!(e.is_empty());
        let (_, e) = evs("The war with [Norland|country] was long.");
        assert!(e.is_empty());
        let (d, e) = evs("During the [2020|date:2020] war with [Veskia|country], Norlandic troops advanced. [Norland|country] won.");
        let w = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap();
        let p = names(&d, w, Role::Participant);
        assert!(p.contains(&"Veskia".to_string()));
    }

    #[test]
    fn date_carries_to_the_next_sentence_of_the_story() {
        let (d, e) = evs("In [2017|date:2017], [Ruk Amal|person] attended the annual summit. He met with [Osk Tarn|person] himself.");
        let m: Vec<_> = e.iter().filter(|x| x.etype == EventType::Meeting).collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].date.as_deref(), Some("2017"));
        assert!(names(&d, m[0], Role::Participant).contains(&"Osk Tarn".to_string()));
    }

    #[test]
    fn sequel_sentence_dates_the_event() {
        let (_, e) = evs("[The Sword|armed_group] launched protests and [Ruk Amal|person] was arrested during a protest. Following his arrest, he was sentenced to seven days in [October 2021|date:2021-10].");
        let a: Vec<_> = e.iter().filter(|x| x.etype == EventType::Arrest).collect();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].date.as_deref(), Some("2021-10"));
        assert!(e
            .iter()
            .any(|x| x.etype == EventType::Sentence && x.date.as_deref() == Some("2021-10")));
        assert!(e.iter().any(|x| x.etype == EventType::Protest));
    }
    #[test]
    fn passive_founding_with_late_by_and_pronoun_subject() {
        let (d, e) = evs("[The Red Hand|armed_group] is small. [The Red Hand|armed_group] grew. It was proclaimed in [September 2015|date:2015-09] at a gathering in [Tolva|location], a town in eastern [Norland|country], by [Ada Ferrin|person], a former teacher.");
        let f: Vec<_> = e
            .iter()
            .filter(|x| x.etype == EventType::Founding)
            .collect();
        assert_eq!(f.len(), 1, "{e:?}");
        assert_eq!(names(&d, f[0], Role::Participant), vec!["The Red Hand"]);
        assert_eq!(names(&d, f[0], Role::Agent), vec!["Ada Ferrin"]);
        assert!(!e.iter().any(|x| x.etype == EventType::Meeting), "{e:?}");
        let (d, e) = evs("[The Sword|armed_group] was set up in [March 2012|date:2012-03] in [Qarvan|location] by [Kamal Ruswan|person].");
        let f = e.iter().find(|x| x.etype == EventType::Founding).unwrap();
        assert_eq!(names(&d, f, Role::Agent), vec!["Kamal Ruswan"]);
        let (_, e) = evs(
            "In [2019|date:2019], [the Sword|armed_group] launched attacks on [Tolva|location].",
        );
        assert!(!e.iter().any(|x| x.etype == EventType::Founding), "{e:?}");
    }

    #[test]
    fn founding_of_a_faction_in_apposition() {
        let (d, e) = evs("In [2021|date:2021] [Osk Tarn|person] walked out and formed his own faction, [the Blue Hand|armed_group], which operates near [Tolva|location].");
        let f = e.iter().find(|x| x.etype == EventType::Founding).unwrap();
        assert_eq!(names(&d, f, Role::Participant), vec!["the Blue Hand"]);
        assert_eq!(names(&d, f, Role::Agent), vec!["Osk Tarn"]);
    }

    #[test]
    fn appointments_from_named_became_and_passed() {
        let cases = [
            "[The Sword|armed_group] fought. [The Sword|armed_group] won. In [2019|date:2019], [Ivo Rask|person] was named emir.",
            "[The Sword|armed_group] fought. In [2019|date:2019], [Ivo Rask|person] became [the Sword|armed_group]'s commander.",
            "[The Sword|armed_group] fought. [The Sword|armed_group] won. In [2019|date:2019], leadership passed to [Ivo Rask|person], the bomb-maker.",
        ];
        for m in cases {
            let (d, e) = evs(m);
            let a = e
                .iter()
                .find(|x| x.etype == EventType::Appointment)
                .unwrap_or_else(|| panic!("{m}: {e:?}"));
            assert_eq!(names(&d, a, Role::Target), vec!["Ivo Rask"], "{m}");
            assert_eq!(names(&d, a, Role::Participant), vec!["The Sword"], "{m}");
        }
        let (_, e) = evs("In [2019|date:2019], [Ivo Rask|person] was named as a suspect.");
        assert!(
            !e.iter().any(|x| x.etype == EventType::Appointment),
            "{e:?}"
        );
        let (_, e) = evs("In [2019|date:2019], a student named [Ivo Rask|person] spoke.");
        assert!(
            !e.iter().any(|x| x.etype == EventType::Appointment),
            "{e:?}"
        );
        let (_, e) = evs("In [2019|date:2019], [the Sword|armed_group] became its enforcer.");
        assert!(
            !e.iter().any(|x| x.etype == EventType::Appointment),
            "{e:?}"
        );
    }

    #[test]
    fn attack_verbs_and_claims() {
        let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. On [2 June 2021|date:2021-06-02], a roadside bomb struck the convoy of Colonel [Ada Ferrin|person] outside [Tolva|location]. The group's spokesman, [Osk Tarn|person], claimed the attack.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(names(&d, a, Role::Target), vec!["Ada Ferrin"]);
        assert!(
            names(&d, a, Role::Agent).contains(&"The Sword".to_string()),
            "{a:?}"
        );
        let (d, e) = evs("On [8 August 2018|date:2018-08-08], fighters of [the Sword|armed_group] stormed a post at [Tolva|location].");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(names(&d, a, Role::Agent), vec!["the Sword"]);
        let (d, e) = evs("On [May 3, 2016|date:2016-05-03], a bomb exploded at a market in [Tolva|location]. Police attributed it to [the Sword|armed_group].");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(names(&d, a, Role::Agent), vec!["the Sword"]);
        let (_, e) = evs(
            "In [2020|date:2020], [the Sword|armed_group] struck a deal with [Norland|country].",
        );
        assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
        let (_, e) = evs("On [May 3, 2016|date:2016-05-03], a bomb exploded in [Tolva|location]. [The Sword|armed_group] never claimed it.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert!(names(&d, a, Role::Agent).is_empty());
    }

    #[test]
    fn preparing_to_bomb_is_a_plot() {
        let (d, e) = evs("In [late 2021|date:2021-09/2021-12], police dismantled a cell that had been preparing to bomb [the Grand Palace Hotel|facility] in [Tolva|location].");
        let p = e
            .iter()
            .find(|x| x.etype == EventType::Plot)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert!(names(&d, p, Role::Target).contains(&"the Grand Palace Hotel".to_string()));
        assert!(!e.iter().any(|x| x.etype == EventType::Attack));
    }

    #[test]
    fn sweeps_fights_and_the_two_groups() {
        let (d, e) = evs("In [2018|date:2018], [Norland|country] answered with a sweep across [Tolva|location] in which dozens were detained.");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::Crackdown)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(names(&d, c, Role::Location), vec!["Tolva"]);
        let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. Relations with [the Blue Hand|armed_group] are bad. The two groups fought a string of battles around [Tolva|location] in [early 2020|date:2020-01/2020-04].");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap();
        let p = names(&d, c, Role::Participant);
        assert!(
            p.contains(&"The Sword".to_string()) && p.contains(&"the Blue Hand".to_string()),
            "{p:?}"
        );
        assert_eq!(names(&d, c, Role::Location), vec!["Tolva"]);
        let (d, e) = evs("In [2013|date:2013], [Red Hand|armed_group] and [Blue Hand|armed_group] units fought outside [Tolva|location].");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap();
        assert_eq!(names(&d, c, Role::Participant).len(), 2);
    }

    #[test]
    fn sentencing_court_is_no_target_and_clause_dates() {
        let (d, e) = evs("Police arrested [Jon Marek|person] in [Tolva|location] in [November 2020|date:2020-11], and [two years later|date:2022] a court sentenced him to twenty years.");
        let s = e.iter().find(|x| x.etype == EventType::Sentence).unwrap();
        assert_eq!(names(&d, s, Role::Target), vec!["Jon Marek"]);
        assert!(names(&d, s, Role::Agent).is_empty());
        let (_, e) = evs("Police arrested [Jon Marek|person] in [2018|date:2018]; he was convicted of fraud [the following year|date:2019].");
        let s = e.iter().find(|x| x.etype == EventType::Sentence).unwrap();
        assert_eq!(s.date.as_deref(), Some("2019"));
    }

    #[test]
    fn training_deployment_and_praise() {
        let (d, e) = evs("In [mid-2019|date:2019-05/2019-08], instructors from [the Red Hand|armed_group] taught some 80 [Sword|armed_group] fighters to handle explosives.");
        let t = e.iter().find(|x| x.etype == EventType::Training).unwrap();
        assert_eq!(names(&d, t, Role::Agent), vec!["the Red Hand"]);
        assert_eq!(names(&d, t, Role::Target), vec!["Sword"]);
        let (d, e) = evs("In [2021|date:2021], [Norland|country] responded by deploying 1,500 troops to [Tolva|location].");
        let t = e.iter().find(|x| x.etype == EventType::Deployment).unwrap();
        assert_eq!(names(&d, t, Role::Location), vec!["Tolva"]);
        let (d, e) = evs("In a [2018|date:2018] audio message, [Ivo Rask|person] praised [the Sword|armed_group]'s \"steadfastness\".");
        let t = e.iter().find(|x| x.etype == EventType::Statement).unwrap();
        assert_eq!(names(&d, t, Role::Target), vec!["the Sword"]);
        let (d, e) = evs("In [May 2017|date:2017-05], [Ivo Rask|person] took around sixty fighters into [Tolva|location].");
        let t = e.iter().find(|x| x.etype == EventType::Deployment).unwrap();
        assert_eq!(names(&d, t, Role::Agent), vec!["Ivo Rask"]);
    }
    #[test]
    fn undated_clashes_between_named_sides_are_kept() {
        let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. [Osk Tarn|person] formed [the Blue Hand|armed_group]. At least four men from the two sides have been killed in clashes over the roads.");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(names(&d, c, Role::Participant).len(), 2);
        let (_, e) = evs("[The Sword|armed_group] has often clashed with rivals.");
        assert!(
            !e.iter().any(|x| x.etype == EventType::ArmedConflict),
            "{e:?}"
        );
    }

    #[test]
    fn an_attack_after_its_scene_takes_the_scene_places() {
        let (d, e) = evs("On [15 January 2019|date:2019-01-15], a truck loaded with explosives stopped in front of the police station in [Tolva|location]. The explosion killed three officers.");
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Attack)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(names(&d, a, Role::Location), vec!["Tolva"]);
        assert_eq!(a.date.as_deref(), Some("2019-01-15"));
        assert_eq!(a.fatalities, Some(3));
    }

    #[test]
    fn more_trigger_checks() {
        let cases: &[(&str, EventType, bool)] = &[
            ("In [2019|date:2019], gunmen kidnapped [Ada Ferrin|person] near [Tolva|location].", EventType::Attack, true),
            ("On [May 2, 2020|date:2020-05-02], gunmen gunned down [Ada Ferrin|person].", EventType::Attack, true),
            ("In [2020|date:2020], [Ivo Rask|person] was promoted to commander of [the Sword|armed_group].", EventType::Appointment, true),
            ("In [2020|date:2020], [Ivo Rask|person] was chosen by the voters of [Tolva|location].", EventType::Appointment, false),
            ("In [2014|date:2014], [the Blue Hand|armed_group] broke away from [the Sword|armed_group].", EventType::Founding, true),
            ("In [2014|date:2014], [Ivo Rask|person] broke the law.", EventType::Founding, false),
            ("[The Sword|armed_group] has emerged in recent years as a threat in [Tolva|location] in [2019|date:2019].", EventType::Founding, false),
        ];
        for (m, t, want) in cases {
            let (_, e) = evs(m);
            assert_eq!(e.iter().any(|x| x.etype == *t), *want, "{m}: {e:?}");
        }
        let (d, e) = evs("In [2014|date:2014], [the Blue Hand|armed_group] broke away from [the Sword|armed_group].");
        let f = e.iter().find(|x| x.etype == EventType::Founding).unwrap();
        assert!(names(&d, f, Role::Participant).contains(&"the Blue Hand".to_string()));
    }
    #[test]
    fn refined_dates_blame_and_pronoun_objects() {
        let (_, e) = evs("[The Sword|armed_group] emerged in [2011|date:2011] in the hills. [The Sword|armed_group] was founded in [June 2011|date:2011-06] in [Korvath|location].");
        let f: Vec<_> = e
            .iter()
            .filter(|x| x.etype == EventType::Founding)
            .collect();
        assert_eq!(f.len(), 1, "{e:?}");
        assert_eq!(f[0].date.as_deref(), Some("2011-06"));
        let (d, e) = evs("On [March 3, 2016|date:2016-03-03], a car bomb exploded in [Morvia|location]. Police blamed [the Sword|armed_group] for the bombing.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(names(&d, a, Role::Agent), vec!["the Sword"]);
        let (d, e) = evs("In [2020|date:2020], police arrested [Ana Keller|person], and a court sentenced her to ten years in [2021|date:2021].");
        let s = e.iter().find(|x| x.etype == EventType::Sentence).unwrap();
        assert_eq!(names(&d, s, Role::Target), vec!["Ana Keller"]);
        let (d, e) = evs("In [2019|date:2019], [the Sword|armed_group] and the [Blue Hand|armed_group] fought for control of [Tolva|location].");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap();
        assert_eq!(names(&d, c, Role::Participant).len(), 2);
    }
    #[test]
    fn threats_denials_modifiers_and_claims_in_place() {
        let (_, e) = evs("In [2018|date:2018], [Omar Lisk|person] denied that his men had killed civilians and threatened to attack oil installations.");
        assert!(
            !e.iter()
                .any(|x| matches!(x.etype, EventType::Attack | EventType::Plot)),
            "{e:?}"
        );
        let (_, e) = evs(
            "In [2012|date:2012] [Yusuf Hadri|person] set up a training camp near [Kesh|location].",
        );
        assert!(!e.iter().any(|x| x.etype == EventType::Training), "{e:?}");
        let (d, e) = evs("In [2021|date:2021] [the Sword|armed_group] fought alongside government forces against [the Blue Hand|armed_group].");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap();
        let p = names(&d, c, Role::Participant);
        assert!(
            p.contains(&"the Sword".to_string()) && p.contains(&"the Blue Hand".to_string()),
            "{p:?}"
        );
        // a claim in the sentence of a new attack is about that attack
        let (d, e) = evs("On [12 October 2021|date:2021-10-12], gunmen stormed a hotel in [Tolva|location]. In [2022|date:2022], a car bomb struck a police station in [Kesh|location]; [the Sword|armed_group] claimed responsibility for the bombing.");
        let a: Vec<_> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
        assert_eq!(a.len(), 2, "{e:?}");
        assert!(names(&d, a[0], Role::Agent).is_empty());
        assert_eq!(names(&d, a[1], Role::Agent), vec!["the Sword"]);
    }
    #[test]
    fn captures_suicide_bombings_shootings_and_given_sentences() {
        let (d, e) = evs("In [2017|date:2017] fighters of [the Sword|armed_group] captured the town of [Brask|location].");
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Attack)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(names(&d, a, Role::Location), vec!["Brask"]);
        assert!(!e.iter().any(|x| x.etype == EventType::Arrest));
        let (_, e) = evs(
            "In [2021|date:2021], police seized 40 kilograms of explosives in [Tolva|location].",
        );
        assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
        let (_, e) = evs("On [4 May 2018|date:2018-05-04], a suicide bomber blew himself up at a checkpoint in [Brask|location].");
        assert!(e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
        let (_, e) =
            evs("In [July 2018|date:2018-07], gunmen opened fire on a bus near [Tolva|location].");
        assert!(e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
        let (_, e) = evs("In [2018|date:2018], [Brask|location] opened a school.");
        assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
        let (d, e) = evs("[Otto Fell|person] was given a ten-year sentence in [2020|date:2020].");
        let s = e
            .iter()
            .find(|x| x.etype == EventType::Sentence)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(names(&d, s, Role::Target), vec!["Otto Fell"]);
    }
    #[test]
    fn self_proclaimed_posts_fights_with_opponents_and_killed_targets() {
        let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. [Faris Ode|person] survived, and by [the end of 2017|date:2017-09/2017-12] he was calling himself the front's amir.");
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Appointment)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(names(&d, a, Role::Target), vec!["Faris Ode"]);
        let (_, e) = evs("In [2018|date:2018] she was calling him names.");
        assert!(
            !e.iter().any(|x| x.etype == EventType::Appointment),
            "{e:?}"
        );
        let (d, e) = evs("When [the Red Hand|armed_group] seized [Tolva|location] in [May 2017|date:2017-05], the city fell. [Faris Ode|person] took sixty fighters into the city to fight beside [the Red Hand|armed_group] against [the Norland Army|organization].");
        let c = e
            .iter()
            .find(|x| x.etype == EventType::ArmedConflict)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert!(names(&d, c, Role::Participant).contains(&"the Norland Army".to_string()));
        let (d, e) = evs("On [September 9, 2020|date:2020-09-09], soldiers raided a safe house in [Tolva|location], killing [Faris Ode|person] and five other militants.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(names(&d, a, Role::Target), vec!["Faris Ode"]);
        let (_, e) = evs("[Faris Ode|person] ran a school in [Tolva|location] in [2012|date:2012], and there his first recruits gathered.");
        assert!(!e.iter().any(|x| x.etype == EventType::Meeting), "{e:?}");
    }
    #[test]
    fn standing_threats_are_no_statements() {
        let (_, e) = evs("[The Sword|armed_group] is a militia that has threatened [Norland|country] since [2015|date:2015].");
        assert!(!e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
        let (_, e) = evs("In [August 2019|date:2019-08], [Ruk Amal|person] threatened [Norland|country] in a video.");
        assert!(e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
    }
    #[test]
    fn mistyped_names_after_place_prepositions_are_places() {
        let (d, e) = evs("On [September 9, 2020|date:2020-09-09], soldiers raided a safe house in [Butan|person], killing five militants.");
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Attack)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(names(&d, a, Role::Location), vec!["Butan"]);
        let (d, e) =
            evs("In [2019|date:2019], police arrested [Ada Ferrin|person] with [Osk Tarn|person].");
        let a = e.iter().find(|x| x.etype == EventType::Arrest).unwrap();
        assert!(names(&d, a, Role::Location).is_empty());
    }
    #[test]
    fn a_succession_follows_the_removal_of_the_predecessor() {
        let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. On [August 17, 2021|date:2021-08-17], police arrested [Jon Marek|person] in [Tolva|location]. A court sentenced him in [2022|date:2022].\n\nLeadership passed to [Ivo Rask|person], a former teacher.");
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Appointment)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(a.date.as_deref(), Some("2021-08-17"));
        assert_eq!(names(&d, a, Role::Target), vec!["Ivo Rask"]);
    }
    #[test]
    fn public_offices_are_no_posts_of_the_main_group() {
        let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. In [2019|date:2019], [Ivo Rask|person] was elected mayor of [Tolva|location].");
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Appointment)
            .unwrap_or_else(|| panic!("{e:?}"));
        assert!(names(&d, a, Role::Participant).is_empty(), "{a:?}");
    }

    fn attack(e: &[Event]) -> &Event {
        e.iter()
            .find(|x| x.etype == EventType::Attack)
            .expect("an attack")
    }

    #[test]
    fn a_claim_that_opens_a_story_tells_its_attack() {
        // no attack told before: "the bombing" after the claim is a new attack
        let (d, e) = evs("[The Free Coast Movement|armed_group] claimed responsibility for the bombing of a pipeline near [Sabrat|location] on [19 August 2015|date:2015-08-19]. Nobody was hurt in the blast.");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["The Free Coast Movement"]);
        assert_eq!(a.date.as_deref(), Some("2015-08-19"));
        assert_eq!(a.fatalities, Some(0));
        // with an attack just told, the claim's noun still refers back to it
        let (d, e) = evs("A bomb destroyed a pipeline near [Sabrat|location] on [19 August 2015|date:2015-08-19]. [The Free Coast Movement|armed_group] claimed responsibility for the bombing.");
        assert_eq!(
            e.iter().filter(|x| x.etype == EventType::Attack).count(),
            1,
            "{e:?}"
        );
        assert_eq!(
            names(&d, attack(&e), Role::Agent),
            ["The Free Coast Movement"]
        );
    }
    #[test]
    fn weapons_that_land_participial_killings_roads_between_places_and_tolls() {
        // a shell that landed, and ", killing N" tell the attack
        let (d, e) = evs("A mortar round landed on a bus station in [Dar Safi|location] on [11 July 2019|date:2019-07-11], killing at least nine civilians. Government forces blamed [the Kharan Revolutionary Army|armed_group].");
        let a = attack(&e);
        assert_eq!(a.fatalities, Some(9));
        assert_eq!(names(&d, a, Role::Agent), ["the Kharan Revolutionary Army"]);
        // both ends of the road, even when the names were typed otherwise
        let (d, e) = evs("Gunmen killed a judge, his driver and two bodyguards in an ambush on the road between [Oreno|armed_group] and [Vasi|person] on [27 October 2014|date:2014-10-27].");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Location), ["Oreno", "Vasi"]);
        assert_eq!(a.fatalities, Some(4));
        // a toll that rose is the total, not an addition
        let (_, e) = evs("The death toll from the attack on a church in [Emberi|location] on [2 April 2017|date:2017-04-02] has risen to 31, officials said.");
        assert_eq!(attack(&e).fatalities, Some(31));
        // the group that said its fighters carried out the raid claims it
        let (d, e) = evs("Armed men attacked an outpost in [Tindi|location] on [22 March 2016|date:2016-03-22]. [The Plains Front|armed_group] said its fighters carried out the raid.");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["The Plains Front"]);
        assert_eq!(a.modality.as_deref(), Some("claimed"));
        // "a killing spree" alone tells nothing
        let (_, e) = evs("In [2015|date:2015], [Ivo Rask|person] wrote about a killing spree.");
        assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
    }
    #[test]
    fn hallmarks_members_and_accusations_name_a_suspect() {
        let (d, e) = evs("A suicide bomber blew himself up inside a mosque in [Sarazi|location] on [7 May 2021|date:2021-05-07], killing 23 worshippers. The attack bore the hallmarks of [the Brotherhood of the Sword|armed_group], police said.");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["the Brotherhood of the Sword"]);
        assert_eq!(a.modality.as_deref(), Some("suspected"));
        assert_eq!(a.fatalities, Some(23));
        let (d, e) = evs("Two village elders were hacked to death in [Mbuli|location] on [6 July 2012|date:2012-07-06]. Residents said the killers were members of [the Forest Guardians|armed_group].");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["the Forest Guardians"]);
        assert_eq!(a.fatalities, Some(2));
        let (d, e) = evs("A rocket struck a school in [Hadiq|location] on [2 April 2020|date:2020-04-02], killing a teacher. Officials accused [the Mountain Lions Brigade|armed_group] of firing the rocket.");
        assert_eq!(
            names(&d, attack(&e), Role::Agent),
            ["the Mountain Lions Brigade"]
        );
        // "suspected" before the doers is no accusation: the abduction is told
        let (d, e) = evs("On [3 September 2019|date:2019-09-03], suspected militants of [the Karst Mountain Movement|armed_group] abducted two engineers near [Velis|location].");
        assert_eq!(
            names(&d, attack(&e), Role::Agent),
            ["the Karst Mountain Movement"]
        );
        let (_, e) = evs(
            "In [2019|date:2019], [Ada Ferrin|person] was suspected of abducting two engineers.",
        );
        assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
        // a hacker is no killer
        let (_, e) = evs("In [2020|date:2020], unknown people hacked the website of [the Tolva Council|organization].");
        assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
    }
    #[test]
    fn claims_and_suspicions_give_the_agent() {
        // a claim in the next sentence: the claimant, modality claimed
        let (d, e) = evs("Gunmen opened fire on a bus in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing three passengers. [The Grey Wolves of Ossin|armed_group] claimed responsibility in a statement.");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["The Grey Wolves of Ossin"]);
        assert_eq!(a.modality.as_deref(), Some("claimed"));
        // "no group claimed …, but X fighters were suspected": suspected, lower confidence
        let (d, e) = evs("A bomb exploded at a market in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing four people. No group claimed responsibility, but [Tallis Front|armed_group] fighters were suspected.");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["Tallis Front"]);
        assert_eq!(a.modality.as_deref(), Some("suspected"));
        let (_, plain) = evs("A bomb exploded at a market in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing four people.");
        assert!(a.confidence < attack(&plain).confidence);
        // "was believed to be behind the abduction"
        let (d, e) = evs("An aid worker was kidnapped by gunmen near [Ostrel|location] on [4 June 2020|date:2020-06-04]. No group claimed responsibility, but [the Red Heron Brigade|armed_group] was believed to be behind the abduction.");
        assert_eq!(
            names(&d, attack(&e), Role::Agent),
            ["the Red Heron Brigade"]
        );
        // "officials blamed X"
        let (d, e) = evs("Gunmen abducted three teachers from a school in [Paya Rendah|location] on [8 March 2018|date:2018-03-08]. Officials blamed [the Selatan Liberation Army|armed_group].");
        assert_eq!(
            names(&d, attack(&e), Role::Agent),
            ["the Selatan Liberation Army"]
        );
        // a spokesman's claim is the group's; a protest organised by a group is no claim
        let (d, e) = evs("Rebels of [the Hollen Front|armed_group] ambushed a convoy near [Varsk|location] on [2 May 2019|date:2019-05-02]. [Hollen Front|armed_group=the Hollen Front] spokesman [Ivo Darn|person] claimed responsibility.");
        assert_eq!(names(&d, attack(&e), Role::Agent), ["the Hollen Front"]);
        let (d, e) = evs("Gunmen shot dead a farmer in [Varsk|location] on [2 May 2019|date:2019-05-02]. A protest in [Varsk|location] on [4 May 2019|date:2019-05-04] was organised by [the Varsk Youth Union|organization].");
        assert!(names(&d, attack(&e), Role::Agent).is_empty());
        // a denial gives nothing
        let (d, e) = evs("A bomb exploded at a market in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing four people. [Tallis Front|armed_group] denied any role in the blast.");
        assert!(names(&d, attack(&e), Role::Agent).is_empty());
    }

    #[test]
    fn the_claim_goes_to_the_main_attack_not_a_background_one() {
        let (d, e) = evs("A bomb killed nine people at a market in [Tell Azra|location] on [27 March 2015|date:2015-03-27]. It was the deadliest attack in the city since a bombing in [March 2014|date:2014-03] that killed 35. [The Sons of Karrim|armed_group] claimed responsibility.");
        let main = e
            .iter()
            .find(|x| x.date.as_deref() == Some("2015-03-27"))
            .unwrap();
        assert_eq!(names(&d, main, Role::Agent), ["The Sons of Karrim"]);
    }

    #[test]
    fn counts_are_read_from_phrasing() {
        let fat = |m: &str| attack(&evs(m).1).fatalities;
        assert_eq!(fat("A gunman shot and killed a shopkeeper in [Lemora|location] on [3 May 2016|date:2016-05-03]."), Some(1));
        assert_eq!(fat("Gunmen broke into a farmhouse in [Lemora|location] on [3 May 2016|date:2016-05-03] and killed [Tomas Brek|person] and his three brothers."), Some(4));
        assert_eq!(fat("Gunmen attacked a farmhouse in [Lemora|location] on [3 May 2016|date:2016-05-03], killing him and his three brothers."), Some(4));
        assert_eq!(fat("Gunmen attacked a farm in [Lemora|location] on [3 May 2016|date:2016-05-03] and killed a local leader, [Tomas Brek|person], and his two sons."), Some(3));
        assert_eq!(fat("A bomb struck a bus in [Lemora|location] on [3 May 2016|date:2016-05-03]. The explosion killed 12 police officers and wounded 30 others."), Some(12));
        assert_eq!(fat("Shells struck a neighbourhood of [Lemora|location] on [3 May 2016|date:2016-05-03], killing a woman and her two children."), Some(3));
        assert_eq!(fat("A car bomb exploded in [Lemora|location] on [3 May 2016|date:2016-05-03], killing two guards and a passer-by and wounding eleven others."), Some(3));
        assert_eq!(fat("Twenty-one people were killed when a bomb exploded in [Lemora|location] on [3 May 2016|date:2016-05-03]."), Some(21));
        assert_eq!(fat("A village chief was shot dead in [Lemora|location] on [3 May 2016|date:2016-05-03]."), Some(1));
        // attackers are not among the fatalities
        assert_eq!(fat("Rebels attacked a prison in [Lemora|location] on [3 May 2016|date:2016-05-03]. Three guards and seven attackers were killed in the assault."), Some(3));
        // "Nobody was injured." in the next sentence
        let (_, e) = evs("An incendiary device destroyed a warehouse in [Lemora|location] on [3 May 2016|date:2016-05-03]. Nobody was injured.");
        let a = attack(&e);
        assert_eq!((a.fatalities, a.injured), (Some(0), Some(0)));
    }

    #[test]
    fn date_numbers_are_never_counted() {
        let (_, e) = evs("A bomb exploded in [Lemora|location] on [19 August 2022|date:2022-08-19] that killed 21 people.");
        assert_eq!(attack(&e).fatalities, Some(21));
        let (_, e) = evs("Gunmen attacked a bus in [Lemora|location] on [3 May 2016|date:2016-05-03], killing 3 passengers.");
        assert_eq!(attack(&e).fatalities, Some(3));
    }

    #[test]
    fn a_dateline_does_not_date_the_event_or_act_in_it() {
        // the dateline's place is no subject, its date not the event's
        let (d, e) = evs("[KADRA|armed_group], [12 May 2017|date:2017-05-12] — Rebels attacked a mining camp near [Kadra|location] on [Thursday|date:2017-05-11], killing the camp manager.");
        let a = attack(&e);
        assert_eq!(a.date.as_deref(), Some("2017-05-11"));
        assert!(names(&d, a, Role::Agent).is_empty());
        assert_eq!(a.fatalities, Some(1));
    }

    #[test]
    fn an_incident_naming_nobody_happens_at_its_dateline_place() {
        let (d, e) = evs("[OSKA|location], [Dec. 19|date:2013-12-19] — Armed men hijacked a passenger bus carrying 52 people on [Thursday|date:2013-12-19].");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Location), ["OSKA"]);
        assert!(names(&d, a, Role::Agent).is_empty());
    }

    #[test]
    fn incident_follow_ups_give_tolls_and_perpetrators() {
        let fat = |m: &str| {
            let e = evs(m).1;
            let a = e
                .iter()
                .find(|x| x.etype == EventType::Attack)
                .unwrap_or_else(|| panic!("no attack in {m}: {e:?}"));
            (a.fatalities, a.injured)
        };
        // casualties told after the attack, in sentences of their own
        assert_eq!(fat("Gunmen kidnapped two engineers near [Vossel|location] on [28 November 2011|date:2011-11-28]. The engineers were taken from their car. Their driver was shot dead."), (Some(1), None));
        assert_eq!(fat("Gunmen stormed a wedding in [Vossel|location] on [16 February 2019|date:2019-02-16], killing nine guests. Eleven guests were wounded."), (Some(9), Some(11)));
        // a toll that rose later replaces the first count; a part of the dead adds nothing
        assert_eq!(fat("Rebels ambushed a convoy near [Vossel|location] on [23 June 2018|date:2018-06-23]. Three soldiers were killed at the scene. By [Monday|date:2018-06-25] evening the death toll had risen to 15. Five drivers were among the dead."), (Some(15), None));
        // a killing only ordered, and "no one", are no counts
        assert_eq!(fat("Gunmen stormed a farm in [Vossel|location] on [16 February 2019|date:2019-02-16]. The commander said he had been ordered to kill 80 prisoners."), (None, None));
        assert_eq!(fat("A bomb destroyed a prison in [Vossel|location] on [16 February 2019|date:2019-02-16]. Although no one was seriously injured, the damage was great."), (Some(0), Some(0)));
        // dead and wounded counted together
        assert_eq!(fat("A man threw a grenade into a cafe in [Vossel|location] on [10 September 2017|date:2017-09-10], causing 18 casualties, six of them fatal."), (Some(6), Some(12)));
        // a title before the named victim
        assert_eq!(fat("A roadside bomb killed district governor [Ama Quellin|person] and two of her bodyguards near [Vossel|location] on [30 November 2014|date:2014-11-30]."), (Some(3), None));
        // a weapon far before its verb
        assert_eq!(fat("Rockets fired from the hills above the old town struck a market in [Vossel|location] on [15 January 2023|date:2023-01-15], leaving three people dead and wounding 14."), (Some(3), Some(14)));
        // the passive's doers stand for their group
        let (d, e) = evs("A military post in [Vossel|location] was attacked by fighters of [the Sable Ring|armed_group] on [8 March 2016|date:2016-03-08].");
        assert_eq!(names(&d, attack(&e), Role::Agent), ["the Sable Ring"]);
        // a claim by a group set off by a relative clause or an apposition
        let (d, e) = evs("A roadside bomb killed a judge near [Vossel|location] on [30 November 2014|date:2014-11-30]. [The Copper Dale Insurgency|armed_group], which has threatened local officials for months, said in a message to reporters that its fighters had planted the bomb.");
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["The Copper Dale Insurgency"]);
        assert_eq!(a.modality.as_deref(), Some("claimed"));
        let (d, e) = evs("A bomb exploded under a bridge outside [Vossel|location] on [31 July 2016|date:2016-07-31]. [The Gale Keepers|person], a group opposed to a new port, claimed responsibility in a letter.");
        assert_eq!(names(&d, attack(&e), Role::Agent), ["The Gale Keepers"]);
        let (d, e) = evs("Rockets struck a market in [Vossel|location] on [15 January 2023|date:2023-01-15]. [The Hill Guard Units|armed_group] said on their website that they were responsible for the shelling.");
        assert_eq!(names(&d, attack(&e), Role::Agent), ["The Hill Guard Units"]);
    }

    #[test]
    fn passive_blame_taken_responsibility_and_other_tolls() {
        let story = "Gunmen attacked a police post in [Vossel|location] on [2 May 2019|date:2019-05-02], killing two officers.";
        for (then, modality) in [
            (
                "[The Tarn Front|armed_group] was blamed for the attack.",
                "suspected",
            ),
            (
                "[The Tarn Front|armed_group] later took responsibility for the attack.",
                "claimed",
            ),
            (
                "Responsibility was claimed by [the Tarn Front|armed_group].",
                "claimed",
            ),
        ] {
            let (d, e) = evs(&format!("{story} {then}"));
            let a = attack(&e);
            assert_eq!(names(&d, a, Role::Agent).len(), 1, "{then}");
            assert_eq!(a.modality.as_deref(), Some(modality), "{then}");
        }
        // a denied responsibility names nobody
        let (d, e) = evs(&format!(
            "{story} [The Tarn Front|armed_group] has not taken responsibility for the attack."
        ));
        assert!(names(&d, attack(&e), Role::Agent).is_empty());
        let fat = |m: &str| attack(&evs(m).1).fatalities;
        let blast =
            "A bomb exploded at a market in [Vossel|location] on [2 May 2019|date:2019-05-02].";
        assert_eq!(
            fat(&format!(
                "{blast} The number of dead rose to 15 on [Friday|date:2019-05-03]."
            )),
            Some(15)
        );
        assert_eq!(
            fat(&format!(
                "{blast} Four civilians and a police officer lost their lives."
            )),
            Some(5)
        );
    }

    #[test]
    fn reporting_dates_do_not_date_the_event() {
        // the day it was told loses to the day it happened
        let (_, e) = evs("Officials said on [Thursday|date:2020-02-13] that gunmen had killed 11 miners near [Vossel|location] on [Wednesday|date:2020-02-12].");
        assert_eq!(attack(&e).date.as_deref(), Some("2020-02-12"));
        // a possessive day before the noun is the noun's own
        let (_, e) = evs("The death toll from [Saturday|date:2022-08-20]'s bombing of a bus station in [Vossel|location] rose to 23 on [Monday|date:2022-08-22], health officials said.");
        let a = attack(&e);
        assert_eq!(a.date.as_deref(), Some("2022-08-20"));
        assert_eq!(a.fatalities, Some(23));
    }

    #[test]
    fn incident_triggers() {
        let (_, e) = evs("Attackers set fire to a school in [Dar Ossim|location] on [8 July 2020|date:2020-07-08].");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].etype, EventType::Attack);
        let (_, e) = evs("Unknown assailants threw a grenade into a cafe in [Port Selim|location] on [7 November 2014|date:2014-11-07].");
        assert_eq!(attack(&e).etype, EventType::Attack);
        let (d, e) = evs("Artillery shells struck a residential neighbourhood of [Dolvar|location] on [11 July 2015|date:2015-07-11].");
        assert_eq!(names(&d, attack(&e), Role::Location), ["Dolvar"]);
        let (d, e) = evs("Police arrested a suspected bomb-maker, [Ilan Vesk|person], in [Norvo|location] on [3 May 2018|date:2018-05-03], the [Interior Ministry of Brevia|organization] said.");
        let a = e.iter().find(|x| x.etype == EventType::Arrest).unwrap();
        assert_eq!(names(&d, a, Role::Agent), ["Interior Ministry of Brevia"]);
        let (_, e) = evs("Four soldiers died when their vehicle hit a landmine near [Tesso|location] on [9 June 2019|date:2019-06-09].");
        assert_eq!(attack(&e).fatalities, Some(4));
    }
}
