//! Triggers: the word that tells an event, checked in its context (a post's
//! noun, a group object, a definite or generic mention).

use super::*;

pub(super) const MILITARY_CUES: &[&str] = &[
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
pub(super) const VICTIM_NOUNS: &[&str] = &[
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

/// What a speaker expresses that makes a statement ("expressed support
/// for", "expressed doubts that").
pub(super) const EXPRESSED_NOUNS: &[&str] = &[
    "support",
    "anger",
    "doubts",
    "doubt",
    "concern",
    "concerns",
    "objections",
    "opposition",
    "solidarity",
    "condolences",
    "regret",
    "outrage",
    "sympathy",
    "willingness",
    "readiness",
];

/// What a speaker offers that makes a statement ("offered talks",
/// "offered an amnesty to").
pub(super) const OFFERED_NOUNS: &[&str] = &[
    "talks",
    "amnesty",
    "ceasefire",
    "cease-fire",
    "truce",
    "negotiations",
    "dialogue",
    "peace",
];

/// Nouns of an armed force that is moved or sent somewhere.
pub(super) const FORCE_NOUNS: &[&str] = &[
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
pub(super) fn is_role(w: &str) -> bool {
    is_in(lexicon::GROUP_ROLE_NOUNS, w) || is_in(lexicon::LEADER_ROLES, w)
}

/// "G named his deputy, N, as his successor", "G named N as its new
/// leader", "G named N its commander": the person an active "named" at
/// `i` puts in a post — a person after no more than determiners,
/// possessives and role words, followed by a post ("as" + a role or
/// "successor", or a role straight after). Not "named the attacker as N".
pub(super) fn named_to_post(v: &SentView, i: usize) -> Option<usize> {
    let pronoun = |k: usize| matches!(v.w(k), "his" | "her" | "its" | "their");
    let p = (i + 1..(i + 7).min(v.len())).find(|&k| v.units[k].is_ent() && !pronoun(k))?;
    if !v.units[p].is_type(&[EntityType::Person]) {
        return None;
    }
    let plain = (i + 1..p).all(|k| {
        let w = v.w(k);
        w == ","
            || is_in(lexicon::DETERMINERS, w)
            || v.is_poss_marker(k)
            || is_role(w)
            || matches!(
                w,
                "his" | "her" | "its" | "their" | "former" | "senior" | "longtime"
            )
    });
    if !plain {
        return None;
    }
    let mut k = p + 1;
    if v.w(k) == "," {
        k += 1;
    }
    let post = if v.w(k) == "as" {
        let r = skip_role_prefix(v, k + 1);
        is_role(v.w(r)) || matches!(v.w(r), "successor" | "heir")
    } else {
        is_role(v.w(skip_role_prefix(v, k)))
    };
    post.then_some(p)
}

/// The unit after determiners, possessors ("the group's", "its") and role
/// modifiers ("senior", "new") from `i` on.
pub(super) fn skip_role_prefix(v: &SentView, mut i: usize) -> usize {
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
pub(super) fn doers_of(v: &SentView, from: usize) -> Option<usize> {
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
pub(super) fn weapon_before(v: &SentView, i: usize) -> bool {
    (i.saturating_sub(10)..i)
        .rev()
        .take_while(|&k| !matches!(v.w(k), ";" | "."))
        .any(|k| is_in(lexicon::WEAPON_NOUNS, v.w(k)))
}

/// "Air force jets struck a camp": aircraft or guns among the ten words
/// before `i`, within its sentence part.
fn craft_before(v: &SentView, i: usize) -> bool {
    (i.saturating_sub(10)..i)
        .rev()
        .take_while(|&k| !matches!(v.w(k), ";" | "."))
        .any(|k| is_in(lexicon::STRIKING_CRAFT, v.w(k)))
}

/// "fired live ammunition into a crowd", "fired shots at the car": rounds
/// fired on or at someone (not "fired shots in the air").
fn fired_rounds_at(v: &SentView, i: usize) -> bool {
    (i + 1..(i + 4).min(v.len()))
        .find(|&k| matches!(v.w(k), "ammunition" | "bullets" | "shots" | "gunshots"))
        .is_some_and(|k| matches!(v.w(k + 1), "on" | "at" | "into"))
}

/// The trigger at unit `i`, after the checks that need context.
pub fn trigger_at(ctx: &Ctx, v: &SentView, i: usize) -> Option<Trigger> {
    let u = &v.units[i];
    if u.is_ent() {
        return None;
    }
    let w = u.lower.as_str();
    let mut t = lexicon::event_trigger(w)?;
    for check in [
        check_founding_and_fighting as Check,
        check_weapons_and_executions as Check,
        check_statements_and_movements as Check,
        check_posts as Check,
        check_killings_and_seizures as Check,
        check_successions_and_others as Check,
    ] {
        match check(ctx, v, i, w, &mut t) {
            Verdict::Drop => return None,
            Verdict::Keep => break,
            Verdict::Unmatched => continue,
        }
    }
    if in_accusation(ctx, v, i, &t) {
        return None;
    }
    Some(t)
}

/// What one group of context checks says of a trigger word.
enum Verdict {
    /// The word tells no event here.
    Drop,
    /// The word is checked (and maybe retyped): it tells an event.
    Keep,
    /// No check of the group concerns the word.
    Unmatched,
}

/// A group of context checks of `trigger_at`, tried in order.
type Check = fn(&Ctx, &SentView, usize, &str, &mut Trigger) -> Verdict;

/// Founding, proclaiming and fighting words: "formed" with a group object, a fight with a date or named sides, "fighting units" as a modifier.
fn check_founding_and_fighting(
    ctx: &Ctx,
    v: &SentView,
    i: usize,
    w: &str,
    t: &mut Trigger,
) -> Verdict {
    match w {
        "handed" if v.w(i + 1) != "over" => return Verdict::Drop,
        "sentence"
            if !(matches!(v.w(i.wrapping_sub(1)), "prison" | "jail" | "life" | "death")
                || v.w(i.wrapping_sub(1)).ends_with("-year")
                || v.w(i + 1) == "of") =>
        {
            return Verdict::Drop
        }
        "exercise" | "exercises"
            if !(i.saturating_sub(3)..i)
                .any(|k| is_in(MILITARY_CUES, v.w(k)) || v.units[k].country.is_some()) =>
        {
            return Verdict::Drop
        }
        "targeted"
            if !v
                .units
                .get(i + 1)
                .is_some_and(|n| n.is_type(&[EntityType::Person, EntityType::Facility])) =>
        {
            return Verdict::Drop
        }
        "formed" | "created" | "established"
            if group_object(v, i + 1).is_none() && !v.is_passive(i) =>
        {
            return Verdict::Drop
        }
        // "broke away in 2016 to form G": the infinitive with a group object
        "form" if v.w(i.wrapping_sub(1)) != "to" || group_object(v, i + 1).is_none() => {
            return Verdict::Drop
        }
        // "set fire to a school", "set ablaze"
        "set" if matches!(v.w(i + 1), "fire" | "ablaze" | "alight") => {
            t.etype = EventType::Attack;
            t.nominal = false;
        }
        "proclaimed" | "launched" | "set" => {
            let obj = if w == "set" {
                if v.w(i + 1) != "up" {
                    return Verdict::Drop;
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
                return Verdict::Drop;
            }
        }
        "fought" | "clashed" | "war" | "clashes" | "battle" | "battles" | "hostilities"
        | "skirmishes" | "offensive" | "conflict" | "fighting"
            if !(ctx.has_date(v.sentence) || names_sides(v) && w != "war" && w != "conflict") =>
        {
            return Verdict::Drop
        }
        // "to fight beside X against Y": a fight with a named opponent
        "fight"
            if v.w(i.wrapping_sub(1)) != "to"
                || !(ctx.has_date(v.sentence)
                    || (i + 1..(i + 10).min(v.len()))
                        .any(|k| v.w(k) == "against" && v.after_prep(k, &is_actor).is_some())) =>
        {
            return Verdict::Drop
        }
        // "was calling himself the group's amir"
        "calling" | "styled"
            if !(matches!(v.w(i + 1), "himself" | "herself")
                && is_role(v.w(skip_role_prefix(v, i + 2)))) =>
        {
            return Verdict::Drop
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
            return Verdict::Drop
        }
        _ => return Verdict::Unmatched,
    }
    Verdict::Keep
}

/// Weapons thrown, fired or hitting, and executions of named or described victims.
fn check_weapons_and_executions(
    _ctx: &Ctx,
    v: &SentView,
    i: usize,
    w: &str,
    t: &mut Trigger,
) -> Verdict {
    match w {
        // "threw a grenade into a cafe", "fired rockets at the base"
        "threw" | "hurled" | "lobbed" | "fired"
            if (i + 1..(i + 4).min(v.len())).any(|k| is_in(lexicon::WEAPON_NOUNS, v.w(k)))
                || (w == "fired" && matches!(v.w(i + 1), "on" | "at" | "into"))
                || (w == "fired" && fired_rounds_at(v, i)) =>
        {
            t.etype = EventType::Attack;
            t.nominal = false;
        }
        "threw" | "hurled" | "lobbed" | "fired" => return Verdict::Drop,
        // "triggered an IED against a patrol", "triggered a roadside bomb"
        // (not "triggered protests")
        "triggered"
            if !v.is_passive(i)
                && (i + 1..(i + 5).min(v.len())).any(|k| {
                    is_in(lexicon::WEAPON_NOUNS, v.w(k)) || matches!(v.w(k), "blast" | "explosion")
                }) => {}
        "triggered" => return Verdict::Drop,
        // "their vehicle hit a landmine", "a patrol struck a roadside bomb"
        "hit" | "struck"
            if (i + 1..(i + 5).min(v.len())).any(|k| is_in(lexicon::WEAPON_NOUNS, v.w(k))) => {}
        "hit" if !weapon_before(v, i) => return Verdict::Drop,
        "struck" if craft_before(v, i) => {}
        "struck" | "exploded" | "destroyed" | "landed" if !weapon_before(v, i) => {
            return Verdict::Drop
        }
        "bomb" | "assassinate" if v.w(i.wrapping_sub(1)) != "to" => return Verdict::Drop,
        "executed"
            if !(i + 1..(i + 5).min(v.len())).any(|k| {
                v.units[k].is_type(&[EntityType::Person])
                    || is_in(lexicon::ROLE_NOUNS, v.w(k))
                    || is_in(VICTIM_NOUNS, v.w(k))
            }) =>
        {
            return Verdict::Drop
        }
        _ => return Verdict::Unmatched,
    }
    Verdict::Keep
}

/// The weaker words of a statement (with a named actor as subject), designations and sanctions, sweeps, forces moved, teaching.
fn check_statements_and_movements(
    _ctx: &Ctx,
    v: &SentView,
    i: usize,
    w: &str,
    _t: &mut Trigger,
) -> Verdict {
    match w {
        // the weaker words of a statement tell one only with a named actor
        // as subject ("G demanded …", not "Hospitals appealed for donors",
        // "the raid, which they described as revenge")
        "demanded" | "urged" | "appealed" | "reiterated" | "pledged" | "promised" | "called"
        | "described"
            if v.subject_before(i, &is_actor).is_none()
                || (i.saturating_sub(3)..i).any(|k| matches!(v.w(k), "which" | "that")) =>
        {
            Verdict::Drop
        }
        // "G expressed support for …", "N offered talks to G": what is
        // expressed or offered makes the statement (not "expressed
        // surprise", "offered a reward")
        "expressed"
            if v.subject_before(i, &is_actor).is_none()
                || !(i + 1..(i + 4).min(v.len())).any(|k| is_in(EXPRESSED_NOUNS, v.w(k))) =>
        {
            Verdict::Drop
        }
        "offered"
            if v.subject_before(i, &is_actor).is_none()
                || !(i + 1..(i + 4).min(v.len())).any(|k| is_in(OFFERED_NOUNS, v.w(k))) =>
        {
            Verdict::Drop
        }
        // "designated G a terrorist organization", "was designated as a
        // terrorist group by B", "blacklisted G", "imposed sanctions on N"
        "designated"
            if !(i + 1..(i + 8).min(v.len()))
                .any(|k| v.w(k).starts_with("terror") || v.w(k) == "sanctions") =>
        {
            Verdict::Drop
        }
        "imposed" if !(i + 1..(i + 4).min(v.len())).any(|k| v.w(k) == "sanctions") => Verdict::Drop,
        // "called for talks", "called on residents to …" (not "a group called
        // X"); "described the attack as …" (not "described in a report")
        "called" if !matches!(v.w(i + 1), "for" | "on" | "upon") || v.is_passive(i) => {
            Verdict::Drop
        }
        "described"
            if v.is_passive(i)
                || !(i + 1..(i + 8).min(v.len()))
                    .take_while(|&k| !matches!(v.w(k), "," | ";" | "."))
                    .any(|k| v.w(k) == "as") =>
        {
            Verdict::Drop
        }
        "sweep" | "sweeps"
            if !(matches!(
                v.w(i + 1),
                "across" | "through" | "of" | "in" | "against" | "on"
            ) || is_in(lexicon::STATE_ORGANS, v.w(i.wrapping_sub(1)))) =>
        {
            Verdict::Drop
        }
        "moved"
            if !(i + 1..(i + 6).min(v.len())).any(|k| is_in(FORCE_NOUNS, v.w(k)))
                || !(i + 1..(i + 9).min(v.len())).any(|k| matches!(v.w(k), "to" | "into")) =>
        {
            Verdict::Drop
        }
        "taught" | "teaching" | "instructed" if v.np_head(i + 1, &is_actor).is_none() => {
            Verdict::Drop
        }
        _ => Verdict::Unmatched,
    }
}

/// Posts: "was named emir", "became commander", "promoted to …".
fn check_posts(_ctx: &Ctx, v: &SentView, i: usize, w: &str, _t: &mut Trigger) -> Verdict {
    match w {
        "named" => {
            // "was named emir", "was named as the group's commander" (not "named as a suspect")
            let from = if v.w(i + 1) == "as" { i + 2 } else { i + 1 };
            let passive_post = v.is_passive(i) && is_role(v.w(skip_role_prefix(v, from)));
            if !(passive_post || (!v.is_passive(i) && named_to_post(v, i).is_some())) {
                return Verdict::Drop;
            }
        }
        "became" if !is_role(v.w(skip_role_prefix(v, i + 1))) => return Verdict::Drop,
        "promoted" | "replaced" | "chosen" | "selected" | "installed"
            if !(i + 1..(i + 7).min(v.len()))
                .take_while(|&k| !matches!(v.w(k), "," | ";" | "."))
                .any(|k| is_role(v.w(k))) =>
        {
            return Verdict::Drop
        }
        _ => return Verdict::Unmatched,
    }
    Verdict::Keep
}

/// Killings ("gunned down", ", killing nine", "hacked to death", "opened fire") and seizures of places and vessels.
fn check_killings_and_seizures(
    _ctx: &Ctx,
    v: &SentView,
    i: usize,
    w: &str,
    t: &mut Trigger,
) -> Verdict {
    match w {
        "gunned" if v.w(i + 1) != "down" => return Verdict::Drop,
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
            return Verdict::Drop
        }
        // "hacked to death", "were beaten to death", "burned alive"
        "hacked" | "beaten" | "stoned" | "burned" | "burnt"
            if !((v.w(i + 1) == "to" && v.w(i + 2) == "death")
                || (matches!(w, "burned" | "burnt") && v.w(i + 1) == "alive")) =>
        {
            return Verdict::Drop
        }
        // "blew himself up", "blew up the bridge"; "opened fire on"
        "blew" if !(i + 1..(i + 4).min(v.len())).any(|k| v.w(k) == "up") => return Verdict::Drop,
        "opened" if v.w(i + 1) != "fire" => return Verdict::Drop,
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
        // "G captured two engineers": people taken by an armed group are
        // kidnapped (by the state, arrested)
        "captured"
            if !v.is_passive(i)
                && v.subject_before(i, &is_actor)
                    .is_some_and(|k| v.units[k].is_type(&[EntityType::ArmedGroup]))
                && (i + 1..(i + 4).min(v.len())).any(|k| {
                    v.units[k].is_type(&[EntityType::Person])
                        || lexicon::number_value(v.w(k)).is_some()
                        || is_in(VICTIM_NOUNS, v.w(k))
                }) =>
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
        "seized" => return Verdict::Drop,
        _ => return Verdict::Unmatched,
    }
    Verdict::Keep
}

/// Groups emerging or breaking away, successions and taking power, deployments, visits and claims.
fn check_successions_and_others(
    ctx: &Ctx,
    v: &SentView,
    i: usize,
    w: &str,
    t: &mut Trigger,
) -> Verdict {
    match w {
        // "the group emerged in 2014", "a faction broke away from X"
        "emerged" | "broke" | "splintered"
            if !((w != "broke" || v.w(i + 1) == "away")
                && v.subject_before(i, &is_actor)
                    .is_some_and(|k| v.units[k].is_type(crate::view::GROUPS))
                && (w != "emerged" || ctx.has_date(v.sentence))
                && !(i + 1..(i + 7).min(v.len())).any(|k| v.w(k) == "as")) =>
        {
            return Verdict::Drop
        }
        "succeeded"
            if !(v.w(i + 1) == "as"
                || v.units
                    .get(i + 1)
                    .is_some_and(|n| n.is_type(&[EntityType::Person]))) =>
        {
            return Verdict::Drop
        }
        "passed"
            if !(v.w(i + 1) == "to"
                && (i.saturating_sub(4)..i).any(|k| is_in(lexicon::LEADERSHIP_WORDS, v.w(k)))) =>
        {
            return Verdict::Drop
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
            return Verdict::Drop
        }
        "visit" if v.w(i.wrapping_sub(1)) == "to" => {}
        "shot" if v.w(i + 1) == "down" => return Verdict::Drop,
        // "sent 300 fighters to C"; "300 fighters of G have been sent to C"
        "sent"
            if !((i + 1..(i + 4).min(v.len())).any(|k| {
                matches!(
                    v.w(k),
                    "fighters" | "troops" | "forces" | "soldiers" | "militants" | "men" | "units"
                )
            }) || sent_force_passive(v, i)) =>
        {
            return Verdict::Drop
        }
        // "ordered additional troops to the province", "rushed
        // reinforcements into C" (not "ordered his men to attack")
        "ordered" | "rushed" if v.is_passive(i) || !force_to_place(v, i) => return Verdict::Drop,
        "claimed" if v.w(i + 1) == "responsibility" => t.etype = EventType::Statement,
        _ => return Verdict::Unmatched,
    }
    Verdict::Keep
}

/// A force sent in the passive: "300 fighters of G have been sent to C",
/// "troops were sent into the valley".
fn sent_force_passive(v: &SentView, i: usize) -> bool {
    v.is_passive(i)
        && (i.saturating_sub(8)..i).any(|k| is_in(FORCE_NOUNS, v.w(k)))
        && (i + 1..(i + 4).min(v.len())).any(|k| matches!(v.w(k), "to" | "into"))
}

/// A force the verb at `i` sends to a place: a force noun, then "to" or
/// "into" a place or a noun phrase ("to the province"), not an
/// infinitive ("ordered his men to attack").
fn force_to_place(v: &SentView, i: usize) -> bool {
    let Some(f) = (i + 1..(i + 5).min(v.len())).find(|&k| is_in(FORCE_NOUNS, v.w(k))) else {
        return false;
    };
    (f + 1..(f + 5).min(v.len()))
        .find(|&k| matches!(v.w(k), "to" | "into"))
        .is_some_and(|k| {
            matches!(v.w(k + 1), "the" | "a" | "an")
                || v.units.get(k + 1).is_some_and(|u| u.is_place())
        })
}

/// Whether the trigger `t` at `i` sits inside an accusation ("accused X of
/// plotting …"): no told event.
fn in_accusation(ctx: &Ctx, v: &SentView, i: usize, t: &Trigger) -> bool {
    let u = &v.units[i];
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
                        && d.edtf.is_day()
                });
            if (a + 1..i).any(|k| matches!(v.w(k), "of" | "for" | "with"))
                && !(a + 1..i).any(|k| matches!(v.w(k), "," | ";" | "–" | "—"))
                && !dated
            {
                return true;
            }
        }
    }
    false
}

pub(super) fn is_definite(v: &SentView, i: usize) -> bool {
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
