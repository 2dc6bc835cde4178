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

/// An event while it is being assembled.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Type.
    pub etype: EventType,
    /// Trigger text.
    pub trigger: String,
    /// Sentence of the first mention.
    pub sentence: usize,
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
            if v.np_head(i + 1, &|u: &Unit| u.is_type(crate::view::GROUPS))
                .is_none()
                && !v.is_passive(i) =>
        {
            return None
        }
        "fought" | "clashed" | "war" | "clashes" | "battle" | "battles" | "hostilities"
        | "skirmishes" | "offensive" | "conflict"
            if !ctx.has_date(v.sentence) =>
        {
            return None
        }
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
                matches!(v.w(k), "fighters" | "troops" | "forces" | "soldiers" | "militants" | "men" | "units")
            }) =>
        {
            return None
        }
        "claimed" if v.w(i + 1) == "responsibility" => t.etype = EventType::Statement,
        _ => {}
    }
    // a trigger inside an accusation ("accused X of plotting …") is no told event
    if t.etype != EventType::Statement && t.etype != EventType::Sentence {
        let lo = i.saturating_sub(14);
        if let Some(a) = (lo..i)
            .rev()
            .find(|&k| is_in(lexicon::ACCUSE_VERBS, v.w(k)))
        {
            if (a + 1..i).any(|k| matches!(v.w(k), "of" | "for" | "with"))
                && !(a + 1..i).any(|k| matches!(v.w(k), "," | ";" | "–" | "—"))
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
    let by = (i + 1..(i + 4).min(v.len())).find(|&k| v.w(k) == "by");
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
                d.add(Role::Agent, v.after_prep(b, &is_actor).and_then(u));
            }
        } else {
            let subj = v.subject_before(i, &is_actor).and_then(u);
            let subj_role = match t.etype {
                Appointment => Role::Target,
                Meeting | ArmedConflict => Role::Participant,
                _ => Role::Agent,
            };
            d.add(subj_role, subj);
            let mut o = i + 1;
            while matches!(v.w(o), "over" | "with" | "down" | "on" | "against" | "off") {
                o += 1;
            }
            if !matches!(t.etype, Deployment | Statement) || w == "accused" {
                if let Some(k) = v.np_head(o, &is_actor_or_facility) {
                    for k in v.enumeration(k, &is_actor_or_facility) {
                        d.add(obj_role, u(k));
                    }
                }
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
        // "during the YEAR war with X": the side before
        if t.etype == ArmedConflict && !d.parts.is_empty() {
            if let Some(a) = crate::relations::alignment::actor_before(v, i) {
                d.add(Role::Participant, a.ent.or(a.country));
            }
        }
    }
}

fn locations(v: &SentView, t: &Trigger, d: &mut Draft) {
    for p in 0..v.len() {
        let w = v.w(p);
        let prep = matches!(w, "in" | "at" | "near" | "outside" | "inside" | "over")
            || (matches!(w, "to" | "into") && t.etype == EventType::Deployment);
        if !prep {
            continue;
        }
        if let Some(h) = v.after_prep(p, &is_place) {
            let unit = &v.units[h];
            if unit.etype == Some(EntityType::Country) && v.is_possessor(h) {
                continue;
            }
            d.add(Role::Location, unit.ent);
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

fn casualties(v: &SentView, d: &mut Draft) {
    for k in 0..v.len() {
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
            _ => lexicon::number_value(w),
        };
        let Some(val) = val else { continue };
        // "killing two officers and wounding five others"
        let mut b = k;
        while b > 0 && matches!(v.w(b - 1), "at" | "least" | "more" | "than" | "some" | "about" | "nearly" | "over" | "around" | "almost") {
            b -= 1;
        }
        if b > 0 {
            let cue = v.w(b - 1);
            if matches!(cue, "killing" | "killed" | "kills" | "left") && !matches!(v.w(k + 1), "wounded" | "injured") {
                d.fatalities = Some(d.fatalities.unwrap_or(0) + val);
                continue;
            }
            if matches!(cue, "wounding" | "wounded" | "injuring" | "injured") {
                d.injured = Some(d.injured.unwrap_or(0) + val);
                continue;
            }
        }
        for q in k + 1..(k + 7).min(v.len()) {
            let x = v.w(q);
            if matches!(x, "and" | "," | "when" | ";" | "while") {
                break;
            }
            if is_in(lexicon::DEATH_CUES, x) {
                d.fatalities = Some(d.fatalities.unwrap_or(0) + val);
                break;
            }
            if is_in(lexicon::INJURY_CUES, x) {
                d.injured = Some(d.injured.unwrap_or(0) + val);
                break;
            }
        }
    }
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
    if a.date.is_none() || (!a.own_date && b.own_date) {
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

/// Finds the events of one document.
pub fn extract(ctx: &Ctx) -> Vec<Event> {
    let mut done: Vec<Draft> = Vec::new();
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
        let has_conflict = triggers.iter().any(|(_, t)| t.etype == EventType::ArmedConflict);
        for (i, mut t) in triggers {
            if has_conflict && t.etype == EventType::Attack && matches!(v.w(i), "killed" | "shot" | "murdered") {
                // the dead of a battle: the battle's casualties, not another attack
                continue;
            }
            let modality = v.modality_near(i);
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
            let date = ctx.date_near(s, v.units[i].start);
            let attempted = (i.saturating_sub(4)..(i + 3).min(v.len()))
                .any(|k| is_in(lexicon::ATTEMPT_CUES, v.w(k)))
                || (t.etype == EventType::Plot
                    && v.any_in(&["foiled", "thwarted", "prevented"], 0, v.len()));
            let mut d = Draft {
                etype: t.etype,
                trigger: v.units[i].text.clone(),
                sentence: s,
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
            if matches!(d.etype, EventType::Attack | EventType::ArmedConflict) {
                casualties(v, d);
            }
            if d.parts.is_empty()
                && s > 0
                && ctx.para[s] == ctx.para[s - 1]
                && matches!(
                    d.etype,
                    EventType::Crackdown | EventType::Protest | EventType::Arrest
                )
            {
                // the story's scene: places of the previous sentence
                let prev = &ctx.views[s - 1];
                for u in prev.units.iter().filter(|u| is_place(u)) {
                    d.add(Role::Location, u.ent);
                }
            }
        }
        // event coreference: a definite nominal with no date of its own refers back
        let mut kept = Vec::new();
        for d in drafts {
            let back = if d.definite && !d.own_date {
                done.iter().rposition(|e| {
                    e.etype == d.etype
                        && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 12
                        && (d.parts.is_empty()
                            || e.parts
                                .iter()
                                .any(|p| d.parts.iter().any(|q| q.entity == p.entity))
                            || e.sentence + 1 >= s)
                })
            } else if d.etype == EventType::Founding {
                done.iter().rposition(|e| {
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
        // adjacent sentences telling one happening
        for d in kept {
            let prev = done.iter().rposition(|e| {
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
            match prev {
                Some(k) => merge_into(&mut done[k], d),
                None => done.push(d),
            }
        }
    }
    done.into_iter()
        .filter(|d| !d.parts.is_empty())
        .filter(|d| d.date.is_some() || !NEEDS_DATE.contains(&d.etype))
        .filter(|d| !(d.etype == EventType::ArmedConflict && d.date.is_none()))
        .filter(|d| d.etype != EventType::Statement || d.own_date)
        .filter(|d| d.etype != EventType::Founding || d.verbal || d.date.is_some())
        .map(|d| Event {
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
        })
        .collect()
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
        &[Layer::Tokens, Layer::Mentions, Layer::Entities]
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
    fn casualties_are_counted() {
        let (_, e) = evs("In [May 2019|date:2019-05], gunmen attacked police in [Tolva|location]; two policemen were stabbed to death and a third was wounded.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!(a.fatalities, Some(2));
        assert_eq!(a.injured, Some(1));
        let (_, e) = evs("On [March 3, 2021|date:2021-03-03], gunmen attacked a station in [Tolva|location], killing two officers and wounding five others.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!((a.fatalities, a.injured), (Some(2), Some(5)));
        let (_, e) = evs("On [March 3, 2021|date:2021-03-03], gunmen attacked a station in [Tolva|location]; nobody was hurt.");
        let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
        assert_eq!((a.fatalities, a.injured), (None, None));
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
        let c = e.iter().find(|x| x.etype == EventType::ArmedConflict).unwrap();
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
}
