//! Roles: agents, targets, participants and places of a trigger from the
//! sentence around it and the sentences before.

use super::*;

pub(super) fn roles(_ctx: &Ctx, v: &SentView, i: usize, t: &Trigger, d: &mut Draft) {
    // "a plot to attack X": an infinitive takes an object
    let verbal = !t.nominal || (i > 0 && v.w(i - 1) == "to");
    if verbal {
        let passive = v.is_passive(i) || v.w(i + 1) == "by" || reduced_passive(v, i);
        if passive {
            passive_roles(v, i, t, d);
        } else {
            active_roles(v, i, t, d);
        }
    } else {
        nominal_roles(v, i, t, d);
    }
}

/// A participle set off by a comma before it and followed by its "by"
/// phrase within its clause ("G, founded in 1987 by N, is …", "the
/// convoy, ambushed near C by gunmen, …"): a reduced relative clause,
/// passive though no auxiliary stands before it.
fn reduced_passive(v: &SentView, i: usize) -> bool {
    i > 0
        && v.w(i - 1) == ","
        && v.w(i).ends_with("ed")
        && (i + 1..(i + 8).min(v.len()))
            .take_while(|&k| !matches!(v.w(k), "," | ";" | "." | "(" | "and"))
            .any(|k| v.w(k) == "by")
}

/// "by a tribal elder, N", "by its former commander, N": a description
/// of no name after "by", then the person it describes in apposition.
/// Returns the unit of the name.
fn described_after_by(v: &SentView, b: usize) -> Option<usize> {
    if !matches!(
        v.w(b + 1),
        "a" | "an" | "the" | "its" | "his" | "her" | "their"
    ) {
        return None;
    }
    let comma = (b + 2..(b + 8).min(v.len()))
        .take_while(|&k| {
            !v.units[k].is_ent()
                && v.units[k]
                    .text
                    .chars()
                    .all(|c| c.is_lowercase() || c == '-')
        })
        .last()
        .map(|k| k + 1)
        .filter(|&k| v.w(k) == ",")?;
    // a title written apart from the name ("Sheikh N") may stand between
    let mut k = comma + 1;
    if v.units.get(k).is_some_and(|x| {
        !x.is_ent() && x.text.starts_with(|c: char| c.is_uppercase()) && x.text.len() > 1
    }) {
        k += 1;
    }
    v.units
        .get(k)
        .is_some_and(|x| x.is_type(&[EntityType::Person]))
        .then_some(k)
}

/// The entity a unit stands for: a group identity's country ("Xish"),
/// else its entity or country.
fn unit_entity(v: &SentView, k: usize) -> Option<usize> {
    let x = &v.units[k];
    if x.etype == Some(EntityType::GroupIdentity) {
        x.country.get()
    } else {
        x.ent.get().or(x.country.get())
    }
}

/// The role of a verb's object (or a noun's "of" phrase) for type `etype`.
fn object_role(etype: EventType) -> Role {
    use EventType::*;
    match etype {
        Meeting | ArmedConflict => Role::Participant,
        Founding | Deployment => Role::Participant,
        _ => Role::Target,
    }
}

/// A passive verb: its subject is the target (or participant), its "by"
/// phrase the agent; a founding's "by N" may come after the time and place
/// ("was set up in 2012 in C, a town in D, by N") and a designation's after
/// what it is designated ("was designated as a terrorist organization by B").
fn passive_roles(v: &SentView, i: usize, t: &Trigger, d: &mut Draft) {
    use EventType::*;
    let u = |k: usize| unit_entity(v, k);
    let by_reach = match t.etype {
        Founding => 24,
        Statement if !t.nominal => 10,
        _ => 4,
    };
    let by = (i + 1..(i + by_reach).min(v.len()))
        .take_while(|&k| !matches!(v.w(k), ";" | "which" | "who" | "whom"))
        .find(|&k| v.w(k) == "by");
    let subj = v.subject_before(i, &is_actor_or_facility).and_then(u);
    let agent = by
        .and_then(|b| {
            v.after_prep(b, &is_actor)
                .or_else(|| doers_of(v, b + 1))
                .or_else(|| described_after_by(v, b))
        })
        .and_then(u);
    let subj_role = if t.etype == Deployment && agent.is_none() {
        // "fighters of G were sent to C": with no one named sending them,
        // the group whose force is sent sends it
        Role::Agent
    } else if matches!(t.etype, Founding | Deployment | Meeting | ArmedConflict) {
        Role::Participant
    } else {
        Role::Target
    };
    d.add(subj_role, subj);
    d.add(Role::Agent, agent);
}

/// An active verb: its subject (the agent, or the one appointed, or a
/// side), its objects, both sides of a fight, the named dead of an attack,
/// the place captured, the heir a post passed to.
fn active_roles(v: &SentView, i: usize, t: &Trigger, d: &mut Draft) {
    use EventType::*;
    let u = |k: usize| unit_entity(v, k);
    let w = v.w(i);
    let subj_at = active_subject(v, i, t.etype);
    let subj = subj_at.and_then(u);
    // "G named N as its leader": the subject appoints, the person named is appointed
    let appointer = t.etype == Appointment && w == "named" && !v.is_passive(i);
    let subj_role = match t.etype {
        Appointment if appointer => Role::Agent,
        Appointment => Role::Target,
        Meeting | ArmedConflict => Role::Participant,
        _ => Role::Agent,
    };
    let mut o = i + 1;
    while matches!(v.w(o), "over" | "with" | "down" | "on" | "against" | "off") {
        o += 1;
    }
    let objects = if takes_object(t.etype, w) {
        verb_objects(v, t, o)
    } else {
        Vec::new()
    };
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
    if appointer {
        d.add(Role::Target, named_to_post(v, i).and_then(u));
    }
    if t.etype == ArmedConflict {
        conflict_sides(v, i, subj_at, d);
    }
    for k in objects {
        d.add(object_role(t.etype), u(k));
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
        d.add(Role::Target, heir(v, i).and_then(u));
    }
}

/// The subject of the active verb at `i`: the actor before it, not a
/// dateline's place, nor a name before a clause that names its own
/// unnamed doers, nor the possessor of those who gathered.
fn active_subject(v: &SentView, i: usize, etype: EventType) -> Option<usize> {
    let w = v.w(i);
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
    // nor a name before the clause the verb opens when the clause
    // names its own unnamed doers ("N survived an ambush when gunmen
    // opened fire on his convoy"; but "G grew when it attacked …")
    let mut b = i;
    while b > 0 && v.skippable(b - 1) && !v.units[b - 1].is_ent() {
        b -= 1;
    }
    let own_subject = b > 0
        && (is_attacker_noun(v.w(b - 1))
            || matches!(
                v.w(b - 1),
                "men" | "bomb" | "bomber" | "explosion" | "blast"
            ));
    if own_subject
        && subj_at.is_some_and(|k| {
            (k + 1..b).any(|q| {
                matches!(
                    v.w(q),
                    "when" | "while" | "after" | "before" | "because" | "until" | "whereas"
                )
            })
        })
    {
        subj_at = None;
    }
    // nor, for an attack, a name outside a subject that is a bare noun
    // ("X said that gunmen attacked …", "Soldiers at a checkpoint outside
    // C opened fire"), but a state's own country ("troops in C shelled")
    if let (Some(k), Some((n, state))) = (subj_at, bare_subject(v, i)) {
        let country = v.units[k].etype == Some(EntityType::Country);
        if k != n && !(state && country) && etype == EventType::Attack {
            subj_at = None;
        }
    }
    // "the UN Humanitarian Coordinator, N, condemned …": the person set
    // off in apposition right before the verb speaks, not the title or
    // body before it
    if etype == EventType::Statement {
        if let Some(k) = subj_at {
            let person = |q: usize| {
                v.units
                    .get(q)
                    .is_some_and(|x| x.is_type(&[EntityType::Person]))
            };
            if !person(k)
                && v.w(k + 1) == ","
                && person(k + 2)
                && v.w(k + 3) == ","
                && (k + 4..i).all(|q| v.skippable(q) && !v.units[q].is_ent())
            {
                subj_at = Some(k + 2);
            }
        }
    }
    if matches!(w, "gathered" | "assembled" | "convened")
        && subj_at.is_some_and(|k| v.is_possessor(k) && k + 1 < i && !v.units[k + 1].is_ent())
    {
        // "his recruits gathered": not his meeting
        subj_at = None;
    }
    subj_at
}

/// Whether an active trigger `w` of type `etype` takes its object as a
/// role (a deployment's object is what is sent; "named", "became" … take
/// a post).
fn takes_object(etype: EventType, w: &str) -> bool {
    use EventType::*;
    match etype {
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
    }
}

/// The objects of an active verb from unit `o`: the one arrested or
/// sentenced is the object, even when a subject search reaches back to
/// them ("… and a court sentenced him").
fn verb_objects(v: &SentView, t: &Trigger, o: usize) -> Vec<usize> {
    let mut objects = Vec::new();
    if let Some(k) = (t.etype == EventType::Founding)
        .then(|| group_object(v, o))
        .flatten()
    {
        objects.push(k);
    } else if v.units.get(o).is_some_and(|x| {
        x.is_type(&[EntityType::Person]) && matches!(x.lower.as_str(), "him" | "her" | "them")
    }) {
        // "sentenced her to …": the pronoun is the object, not a determiner
        objects.push(o);
    } else if let Some(k) = v.np_head(o, &is_actor_or_facility) {
        objects.extend(v.enumeration(k, &is_actor_or_facility));
    } else if let Some(k) = possessor_object(v, o) {
        // "praised the Sword's steadfastness", "struck the convoy of N"
        objects.push(k);
    }
    objects
}

/// The sides of a fight besides its subject: "fought alongside X against
/// Y", "A and B units fought".
fn conflict_sides(v: &SentView, i: usize, subj_at: Option<usize>, d: &mut Draft) {
    let u = |k: usize| unit_entity(v, k);
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

/// The one a post "passed to" at `i`.
fn heir(v: &SentView, i: usize) -> Option<usize> {
    v.np_head(i + 2, &|x: &Unit| x.is_type(&[EntityType::Person]))
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
        })
}

/// A nominal trigger: "the arrest of X", "attack on X", "crackdown by X on
/// Y", "training from X", "X's arrest", and the subject of the verb it is
/// the object of.
fn nominal_roles(v: &SentView, i: usize, t: &Trigger, d: &mut Draft) {
    use EventType::*;
    let u = |k: usize| unit_entity(v, k);
    prep_roles(v, i, t, d);
    possessor_role(v, i, t, d);
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
    ) && (i.saturating_sub(6)..i).any(|k| is_in(LIGHT_VERBS, v.w(k)))
    {
        let role = match t.etype {
            Training => Role::Target,
            Meeting | ArmedConflict => Role::Participant,
            _ => Role::Agent,
        };
        let s = v.subject_before(i, &is_actor).and_then(u);
        if !(t.etype == Training && s.is_some_and(|e| d.entities(&[Role::Agent]).contains(&e))) {
            d.add(role, s);
        }
    }
    // "N survived an assassination attempt", "N escaped an ambush": the
    // one who survived was the target
    if t.etype == Attack {
        if let Some(l) = (i.saturating_sub(4)..i).rev().find(|&k| {
            matches!(
                v.w(k),
                "survived" | "survives" | "escaped" | "escapes" | "survive" | "escape"
            )
        }) {
            d.add(Role::Target, v.subject_before(l, &is_actor).and_then(u));
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
            d.add(Role::Participant, a.ent.get().or(a.country.get()));
        }
    }
}

/// Verbs whose object noun tells an event their subject takes part in
/// ("X attended a meeting", "X received training", "X launched protests").
const LIGHT_VERBS: &[&str] = &[
    "received",
    "receiving",
    "attended",
    "held",
    "organized",
    "organizing",
    "organised",
    "launched",
    "staged",
    "conducted",
    "led",
    "carried",
    "underwent",
    "continued",
    "joined",
    "hosted",
    "made",
    "issued",
    "began",
    "started",
    "answered",
    "responded",
    "travelled",
    "traveled",
    "went",
    "returned",
];

/// The phrases after a nominal trigger: "the plot was linked to X", "a
/// plot to attack X", "the arrest of X", "crackdown by X on Y", "by Xish
/// police".
fn prep_roles(v: &SentView, i: usize, t: &Trigger, d: &mut Draft) {
    use EventType::*;
    let u = |k: usize| unit_entity(v, k);
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
                d.add(Role::Agent, v.units[q].country.get());
            }
        }
        break;
    }
}

/// The possessor of a nominal trigger: "X's arrest", "his arrest", "Xish
/// crackdown".
fn possessor_role(v: &SentView, i: usize, t: &Trigger, d: &mut Draft) {
    use EventType::*;
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
            d.add(role, unit_entity(v, p));
        }
    }
}

/// Statement verbs that take the judged actor as object ("praised X").
pub(super) const JUDGING_VERBS: &[&str] = &[
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
pub(super) const REACH_NOUNS: &[&str] = &[
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
pub(super) fn possessor_object(v: &SentView, o: usize) -> Option<usize> {
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

/// "two groups", "two factions", "both sides" at unit `k`.
fn two_sides_at(v: &SentView, k: usize) -> bool {
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
}

/// Whether the sentence names both sides of a fight: "the two sides",
/// "between A and B".
pub(super) fn names_sides(v: &SentView) -> bool {
    (0..v.len()).any(|k| {
        two_sides_at(v, k)
            || (v.w(k) == "between"
                && v.np_head(k + 1, &is_actor)
                    .is_some_and(|a| v.w(a + 1) == "and" && v.np_head(a + 2, &is_actor).is_some()))
    })
}

/// "the two groups", "both sides": the document's main group and the other
/// group named last before unit `k` (this sentence or the two before).
pub(super) fn pair_of_groups(ctx: &Ctx, v: &SentView, k: usize) -> Vec<usize> {
    if !two_sides_at(v, k) {
        return Vec::new();
    }
    let Some(topic) = ctx.topic else {
        return Vec::new();
    };
    let is_grp = |x: &Unit| {
        x.is_type(&[EntityType::ArmedGroup, EntityType::Organization])
            && x.kind != Some(dossier_doc::MentionKind::Pronoun)
            && x.ent
                .get()
                .is_some_and(|e| ctx.canon.get(e).copied().unwrap_or(e) != topic)
            && x.ent
                .get()
                .and_then(|e| ctx.doc.entities.get(e))
                .is_some_and(|e| e.name != ctx.doc.entities[topic].name)
    };
    let here = v.units[..k]
        .iter()
        .rev()
        .find(|x| is_grp(x))
        .and_then(|x| x.ent.get());
    let other = here.or_else(|| {
        (v.sentence.saturating_sub(2)..v.sentence)
            .rev()
            .find_map(|s| {
                ctx.views[s]
                    .units
                    .iter()
                    .rev()
                    .find(|x| is_grp(x))
                    .and_then(|x| x.ent.get())
            })
    });
    match other {
        Some(o) => vec![topic, o],
        None => Vec::new(),
    }
}

/// Roles that come from the story rather than the clause: the founded group
/// behind "it", the group a post is held in, the two sides of "the two groups".
pub(super) fn context_roles(ctx: &Ctx, v: &SentView, i: usize, d: &mut Draft) {
    let topic = ctx.topic;
    let is_group_ent = |e: usize| {
        ctx.doc
            .entities
            .get(e)
            .is_some_and(|x| matches!(x.etype, EntityType::ArmedGroup | EntityType::Organization))
    };
    match d.etype {
        EventType::Founding if matches!(v.w(i), "emerged" | "broke" | "splintered" | "form") => {
            // the group that emerged or broke away is the one founded
            for p in d.parts.iter_mut() {
                if p.role == Role::Agent && is_group_ent(p.entity) {
                    p.role = Role::Participant;
                }
            }
            if v.w(i) == "form" {
                split_roles(v, i, d);
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
                        if let (Some(g), Some(e)) = (topic, x.ent.get()) {
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
            // a group that appoints appoints to its own post
            let appointing_group = d
                .parts
                .iter()
                .find(|p| p.role == Role::Agent && is_group_ent(p.entity))
                .map(|p| p.entity);
            match owner.map(|k| v.units[k].ent.get()) {
                // the group that appoints to its own post is its participant
                // too (besides its agent)
                Some(e) if e.is_some() && e == appointing_group => {
                    d.add_again(Role::Participant, e)
                }
                Some(e) => d.add(Role::Participant, e),
                None if appointing_group.is_some() => {
                    d.add_again(Role::Participant, appointing_group)
                }
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

/// "(A faction) broke away from P in 2016 to form G under N": the group
/// formed is the founding's first participant, the one it split from
/// ("from P" before the verb) the next, and the person it was formed
/// under or led by ("under N", "led by N", "headed by N" after it) its
/// agent.
fn split_roles(v: &SentView, i: usize, d: &mut Draft) {
    let Some(g) = group_object(v, i + 1) else {
        return;
    };
    let formed = v.units[g].ent.get();
    if let Some(e) = formed {
        d.parts.retain(|p| p.entity != e);
    }
    let parent = (i.saturating_sub(12)..i)
        .rev()
        .take_while(|&k| !matches!(v.w(k), ";" | "."))
        .find(|&k| v.w(k) == "from")
        .and_then(|k| v.after_prep(k, &|x: &Unit| x.is_type(crate::view::GROUPS)))
        .and_then(|k| v.units[k].ent.get())
        .filter(|&p| Some(p) != formed);
    if let Some(p) = parent {
        d.parts.retain(|x| x.entity != p);
    }
    let mut parts = Vec::new();
    parts.extend(formed.map(|e| (Role::Participant, e)));
    parts.extend(parent.map(|e| (Role::Participant, e)));
    d.parts.retain(|p| p.role != Role::Participant);
    let leader = (g + 1..(g + 5).min(v.len()))
        .take_while(|&k| !matches!(v.w(k), ";" | "." | "which" | "who"))
        .find(|&k| {
            v.w(k) == "under"
                || (v.w(k) == "by" && matches!(v.w(k - 1), "led" | "headed" | "commanded"))
        })
        .and_then(|k| v.after_prep(k, &|x: &Unit| x.is_type(&[EntityType::Person])))
        .and_then(|k| v.units[k].ent.get());
    for (role, e) in parts {
        d.add(role, Some(e));
    }
    if let Some(n) = leader {
        d.parts
            .retain(|p| !(p.role == Role::Agent && p.entity != n));
        d.add(Role::Agent, Some(n));
    }
}

/// An undated fight is kept when its two sides are named groups or states.
pub(super) fn two_sides(ctx: &Ctx, d: &Draft) -> bool {
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

pub(super) fn locations(v: &SentView, t: &Trigger, d: &mut Draft) {
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
                    .filter(|x| x.is_place() || bare_place_name(v, k, x))
                    .and_then(|x| x.ent.get())
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
        if let Some(h) = v.after_prep(p, &Unit::is_place) {
            let unit = &v.units[h];
            if unit.etype == Some(EntityType::Country) && v.is_possessor(h) {
                continue;
            }
            d.add(Role::Location, unit.ent.get());
        } else if let Some(x) = v.units.get(p + 1).filter(|x| place_like(v, p + 1, x)) {
            // "near Butig", "to Basilan": a bare name right after a place
            // preposition is a place, even when typed otherwise upstream
            d.add(Role::Location, x.ent.get());
        }
    }
}

/// A name typed as a person or armed group that stands where a place
/// stands: a bare single-mention name (no article, no possessive, no group
/// noun, not a pronoun) right after a place preposition.
pub(super) fn place_like(v: &SentView, k: usize, x: &Unit) -> bool {
    bare_place_name(v, k, x) && v.w(k + 1) != "and"
}

/// [`place_like`] without its last check: the name may be the first of two
/// joined by "and" ("between Oreno and Vasi").
pub(super) fn bare_place_name(v: &SentView, k: usize, x: &Unit) -> bool {
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
/// forces", an arrest told in the passive with no one named arresting ("N
/// was arrested in C"), or a sentence (a court's; no agent named): the
/// state body the sentence names as its source ("…, the Interior Ministry
/// of X said") and its country, else the document's only country (corpus
/// guide §2.3: the country is the agent).
pub(super) fn arresting_state(ctx: &Ctx, v: &SentView, d: &mut Draft) {
    if !matches!(
        d.etype,
        EventType::Arrest | EventType::Crackdown | EventType::Sentence
    ) || !d.entities(&[Role::Agent]).is_empty()
        || d.sentence != v.sentence
    {
        return;
    }
    let by_state = d.etype == EventType::Sentence
        || (d.etype == EventType::Arrest
            && d.verbal
            && v.is_passive(d.at)
            && !(d.at + 1..(d.at + 5).min(v.len())).any(|k| v.w(k) == "by"));
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
    if !(bare_force || by_state) {
        return;
    }
    let countries = countries_of(ctx);
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
        let Some(e) = u.ent.get().filter(|_| organ) else {
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
        if let Some(c) = state_of(ctx, v, &countries) {
            // the country named as where ("captured in a region of C") is
            // the state that arrests there
            match d.parts.iter_mut().find(|p| p.entity == c) {
                Some(p) => p.role = Role::Agent,
                None => d.add(Role::Agent, Some(c)),
            }
        }
    }
}

/// The country whose state arrests or sentences in sentence `v` when no
/// state body is named: the one country the sentence names ("N was
/// captured in a jungle region of C"), else the document's only country,
/// else the country of a city the sentence names (by the gazetteer; none
/// if the report does not name that country), else the country it names
/// far most often (at least three mentions and
/// twice those of any other): a report about one country's insurgency
/// that mentions others in passing.
fn state_of(ctx: &Ctx, v: &SentView, countries: &[usize]) -> Option<usize> {
    let here = countries_named_in(v);
    if let [c] = here[..] {
        return Some(c);
    }
    if !here.is_empty() {
        return None;
    }
    if let [c] = countries[..] {
        return Some(c);
    }
    // a place of the sentence the gazetteer puts in a country: that
    // country if the report names it, else no guess ("… in Dhaka" in a
    // report that names another country more often)
    let geo = ctx.geo();
    if let Some(code) = v
        .units
        .iter()
        .filter(|u| u.is_place())
        .find_map(|u| geo.city_code(&u.text))
    {
        return countries.iter().copied().find(|&c| {
            geo.country_code(&ctx.doc.entities[c].name).as_deref() == Some(code.as_str())
        });
    }
    let mentions = |c: usize| ctx.doc.entities[c].mentions.len();
    let top = countries
        .iter()
        .copied()
        .max_by_key(|&c| (mentions(c), usize::MAX - c))?;
    let runner_up = countries
        .iter()
        .filter(|&&c| c != top)
        .map(|&c| mentions(c))
        .max()
        .unwrap_or(0);
    (mentions(top) >= 3 && mentions(top) >= 2 * runner_up).then_some(top)
}

pub(super) fn state_agents(v: &SentView, d: &mut Draft) {
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
            let country = u.country.get();
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

/// The state-force phrasing of `patterns/events-agents.toml` (see that file).
#[derive(Debug, Default, serde::Deserialize)]
pub struct AgentWords {
    /// Nouns of a state's forces and weapons ("troops", "drone").
    pub state_force_nouns: Vec<String>,
    /// Words that may stand between a demonym and such a noun ("special").
    pub state_force_modifiers: Vec<String>,
    /// Nouns that alone stand for a state's force ("soldiers", "police").
    pub bare_state_forces: Vec<String>,
    /// Words that make any force noun after them a state's ("government").
    pub state_markers: Vec<String>,
    /// Nouns of unnamed doers ("gunmen", "militants").
    pub unnamed_doers: Vec<String>,
    /// Words that make a force noun after them no state's ("rebel forces").
    pub non_state_markers: Vec<String>,
}

/// The built-in agent phrasing file.
pub const BUILTIN_AGENT_WORDS: &str = include_str!("../../patterns/events-agents.toml");

impl AgentWords {
    /// Reads an agent phrasing file.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }
}

/// The built-in agent phrasing, read once (an unreadable built-in file,
/// which a test rules out, gives empty lists rather than a panic).
pub fn agent_words() -> &'static AgentWords {
    static WORDS: std::sync::OnceLock<AgentWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| AgentWords::parse(BUILTIN_AGENT_WORDS).unwrap_or_default())
}

/// "Xish troops shelled a village", "a Xish drone struck a car", "X's air
/// force bombed a camp", "X troops shelled …": an attack told by an active verb whose subject is
/// a state's force or weapon after a demonym or a country's possessive has
/// that country as its agent (corpus guide 2.3), when the patterns gave it
/// none. The subject must run up to the verb within its clause (at most
/// five words between, no comma, conjunction or relative word).
pub(super) fn state_attacker(v: &SentView, d: &mut Draft) {
    if d.etype != EventType::Attack
        || !d.verbal
        || d.sentence != v.sentence
        || !d.entities(&[Role::Agent]).is_empty()
        || matches!(
            v.w(d.at.wrapping_sub(1)),
            "was" | "were" | "been" | "being" | "is" | "are"
        )
    {
        return;
    }
    let words = agent_words();
    let has = |list: &[String], w: &str| list.iter().any(|x| x == w);
    let breaks = |k: usize| {
        matches!(
            v.w(k),
            "," | ";"
                | ":"
                | "and"
                | "but"
                | "that"
                | "which"
                | "who"
                | "when"
                | "after"
                | "while"
                | "as"
                | "before"
                | "—"
                | "–"
        ) || v.units[k].is_ent()
    };
    for k in d.at.saturating_sub(10)..d.at {
        let u = &v.units[k];
        let Some(country) = u.country.get() else {
            continue;
        };
        let mut h = k + 1;
        // a country's possessive ("X's air force") or its name used as a
        // modifier ("a X drone", "X troops")
        if u.is_type(&[EntityType::Country]) && matches!(v.w(h), "'s" | "’s") {
            h += 1;
        }
        // the last force noun of a run of modifiers and force nouns
        // ("special forces", "air force jets", "army units")
        let mut head = None;
        while h < d.at
            && h <= k + 4
            && (has(&words.state_force_modifiers, v.w(h)) || has(&words.state_force_nouns, v.w(h)))
        {
            if has(&words.state_force_nouns, v.w(h)) {
                head = Some(h);
            }
            h += 1;
        }
        let Some(h) = head else { continue };
        if d.at - h <= 6 && !(h + 1..d.at).any(breaks) {
            d.add(Role::Agent, Some(country));
            return;
        }
    }
}

/// The subject of the attack verb at `i` when it is a bare noun rather
/// than a name: unnamed doers ("gunmen", "militants") or a state's force
/// with no demonym, name or group before it ("soldiers", "security
/// forces", "government artillery"). Read from the start of the verb's
/// clause (after a comma, "that", "when", a reporting verb …), past
/// determiners, numbers, hedges and force modifiers; a phrase between the
/// noun and the verb may give where or how ("Soldiers at a checkpoint
/// outside C opened fire"), not whose ("gunmen of G", "troops from G").
/// Returns the noun's index and whether it stands for a state.
pub(super) fn bare_subject(v: &SentView, i: usize) -> Option<(usize, bool)> {
    let words = agent_words();
    let has = |list: &[String], w: &str| list.iter().any(|x| x == w);
    let mut b = i;
    while b > 0 && v.skippable(b - 1) && !v.units[b - 1].is_ent() {
        b -= 1;
    }
    let breaks = |k: usize| {
        matches!(
            v.w(k),
            "," | ";"
                | ":"
                | "—"
                | "–"
                | "("
                | ")"
                | "that"
                | "when"
                | "while"
                | "after"
                | "before"
                | "because"
                | "as"
                | "and"
                | "but"
                | "where"
                | "whereas"
                | "then"
        ) || is_in(lexicon::REPORTING_VERBS, v.w(k))
    };
    let start = match (b.saturating_sub(14)..b).rev().find(|&k| breaks(k)) {
        Some(k) => k + 1,
        None if b <= 14 => 0,
        None => return None,
    };
    let mut j = start;
    let mut marked = false;
    let mut non_state = false;
    while j < b {
        let w = v.w(j);
        let skip = !v.units[j].is_ent()
            && (is_in(lexicon::DETERMINERS, w)
                || lexicon::number_value(w).is_some()
                || matches!(
                    w,
                    "unidentified"
                        | "unknown"
                        | "armed"
                        | "masked"
                        | "suspected"
                        | "alleged"
                        | "hooded"
                        | "heavily"
                        | "at"
                        | "least"
                        | "about"
                        | "around"
                        | "some"
                        | "dozens"
                        | "hundreds"
                        | "of"
                )
                || has(&words.state_force_modifiers, w)
                || has(&words.state_markers, w)
                || has(&words.non_state_markers, w));
        if !skip {
            break;
        }
        marked |= has(&words.state_markers, w);
        non_state |= has(&words.non_state_markers, w);
        j += 1;
    }
    // the last force noun of a run ("army units", "air force jets")
    while j + 1 < b
        && has(&words.state_force_nouns, v.w(j))
        && has(&words.state_force_nouns, v.w(j + 1))
    {
        marked |= has(&words.state_markers, v.w(j));
        j += 1;
    }
    let w = v.w(j);
    if j >= b || v.units[j].is_ent() {
        return None;
    }
    let state = !non_state
        && (has(&words.bare_state_forces, w) || (marked && has(&words.state_force_nouns, w)));
    if !(state || has(&words.unnamed_doers, w) || has(&words.state_force_nouns, w)) {
        return None;
    }
    // what stands between the noun and its verb says where or how ("at a
    // checkpoint", "on motorcycles", "posted outside C"), not whose
    // ("gunmen of G", "troops from G") nor what ("an artillery shell
    // fired by G": the noun is no head)
    let place_or_manner = j + 1 == b
        || matches!(
            v.w(j + 1),
            "at" | "outside"
                | "in"
                | "near"
                | "on"
                | "inside"
                | "manning"
                | "riding"
                | "wearing"
                | "posted"
                | "stationed"
                | "deployed"
        );
    let whose = !place_or_manner
        || (j + 1..b).any(|k| {
            matches!(
                v.w(k),
                "of" | "from"
                    | "belonging"
                    | "loyal"
                    | "linked"
                    | "allied"
                    | "affiliated"
                    | "with"
                    | "'s"
                    | "’s"
                    | "who"
                    | "which"
                    | "by"
            )
        });
    (!whose && b - j <= 10).then_some((j, state))
}

/// "Soldiers opened fire on a minibus", "security forces killed 12
/// protesters", "government artillery shelled the village": an active
/// attack, with an object, whose subject is a state's force named by a
/// bare noun has the state as its agent (corpus guide 2.3), when the
/// patterns gave it none: the one country its sentence names, else the
/// report's only country (not the most named of several: "the police
/// stormed the plane" in an article on many countries' hijackings).
pub(super) fn bare_state_attacker(ctx: &Ctx, v: &SentView, d: &mut Draft) {
    if d.etype != EventType::Attack
        || !d.verbal
        || d.sentence != v.sentence
        || !d.entities(&[Role::Agent]).is_empty()
        || v.is_passive(d.at)
        || matches!(v.w(d.at + 1), "." | "," | ";" | ":" | "")
        || !bare_subject(v, d.at).is_some_and(|(_, state)| state)
    {
        return;
    }
    let here = countries_named_in(v);
    let countries = countries_of(ctx);
    let state = match (&here[..], &countries[..]) {
        ([c], _) | ([], [c]) => Some(*c),
        _ => None,
    };
    if let Some(c) = state {
        // a country named as where ("troops in C shelled") is the state
        match d.parts.iter_mut().find(|p| p.entity == c) {
            Some(p) => p.role = Role::Agent,
            None => d.add(Role::Agent, Some(c)),
        }
    }
}

/// The countries the sentence names, each once, in entity order.
fn countries_named_in(v: &SentView) -> Vec<usize> {
    let mut here: Vec<usize> = v
        .units
        .iter()
        .filter(|u| u.is_type(&[EntityType::Country]))
        .filter_map(|u| u.ent.get())
        .collect();
    here.sort_unstable();
    here.dedup();
    here
}

/// The report's countries, in entity order.
fn countries_of(ctx: &Ctx) -> Vec<usize> {
    (0..ctx.doc.entities.len())
        .filter(|&e| ctx.doc.entities[e].etype == EntityType::Country)
        .collect()
}
