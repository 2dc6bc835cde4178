//! ally_of and hostile_to: "cooperation with X", "ties between A and B",
//! "A-B ties", "allied with X", "conflict between A and B", "war with X",
//! "opposition to X", "critic of X", "threatening X", "fight against X",
//! "anti-X".

use super::Sink;
use crate::lexicon::{is_in, ALLY_WORDS};
use crate::view::{Ctx, SentView, Unit, ACTORS};
use dossier_doc::{EntityType, RelationType};

fn is_actor(u: &Unit) -> bool {
    u.is_type(ACTORS)
}
fn is_target(u: &Unit) -> bool {
    u.is_type(ACTORS) || u.etype == Some(EntityType::Facility)
}

const NEGATIVE: &[&str] = &[
    "uneasy",
    "strained",
    "tense",
    "poor",
    "bad",
    "broken",
    "severed",
    "cut",
    "frosty",
    "hostile",
    "worsening",
    "soured",
    "no",
];

/// Hostile words taking "with X" or "between A and B".
const HOSTILE_WITH: &[&str] = &[
    "conflict",
    "conflicts",
    "war",
    "wars",
    "clashes",
    "clash",
    "clashed",
    "hostilities",
    "rivalry",
    "tensions",
    "tension",
    "dispute",
    "disputes",
    "animosity",
    "enmity",
    "confrontation",
    "feud",
    "fighting",
    "hostility",
];
/// Hostile words taking "to X" / "of X" / "against X" / "on X" / a direct object.
const HOSTILE_TO: &[&str] = &[
    "opposition",
    "opposed",
    "hostile",
    "threat",
    "threats",
    "critic",
    "critics",
    "enemy",
    "enemies",
];
const HOSTILE_AGAINST: &[&str] = &[
    "fight",
    "fought",
    "fights",
    "fighting",
    "war",
    "jihad",
    "campaign",
    "spoke",
    "speaks",
    "protests",
    "protest",
    "protested",
    "rallied",
    "struggle",
    "insurgency",
    "resistance",
];
const HOSTILE_VERBS: &[&str] = &[
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "opposes",
    "oppose",
    "fight",
    "fights",
    "attacked",
    "targets",
];

/// The actor a relation word at `i` is said of: its subject or possessor,
/// or the country of the nearest demonym before it.
pub fn actor_before(v: &SentView, i: usize) -> Option<Unit> {
    let mut k = i;
    let mut steps = 0;
    if let Some(s) = v.subject_before(i, &is_actor) {
        // a demonym nearer than the subject wins ("Xish capabilities … the war with Y")
        let demonym = (s + 1..i).rev().find(|&j| {
            (!v.units[j].is_ent() || v.units[j].etype == Some(EntityType::GroupIdentity))
                && v.units[j].country.is_some()
        });
        return Some(v.units[demonym.unwrap_or(s)].clone());
    }
    while k > 0 && steps < 20 {
        k -= 1;
        steps += 1;
        if v.units[k].country.is_some() {
            return Some(v.units[k].clone());
        }
    }
    None
}

fn between(v: &SentView, i: usize) -> Option<(usize, usize)> {
    let b = (i + 1..(i + 4).min(v.len())).find(|&k| v.w(k) == "between")?;
    let a = v.after_prep(b, &is_actor)?;
    let items = v.enumeration(a, &is_actor);
    if items.len() >= 2 {
        return Some((items[0], items[1]));
    }
    // "between A and the Xish army": the demonym stands for its state
    let mut k = a + 1;
    if v.w(k) != "and" {
        return None;
    }
    k += 1;
    while k < v.len() && matches!(v.w(k), "the" | "a") {
        k += 1;
    }
    let u = v.units.get(k)?;
    (u.country.is_some() && (!u.is_ent() || u.etype == Some(EntityType::GroupIdentity))).then_some((a, k))
}

fn with_targets(v: &SentView, i: usize) -> Vec<usize> {
    let Some(w) = (i + 1..(i + 3).min(v.len())).find(|&k| v.w(k) == "with") else {
        return vec![];
    };
    // "with X's rivals: A, B, and C"
    if let Some(colon) = (w + 1..(w + 7).min(v.len())).find(|&k| v.w(k) == ":") {
        let mut j = colon + 1;
        while j < v.len() && matches!(v.w(j), "the" | "a") {
            j += 1;
        }
        if v.units.get(j).is_some_and(is_actor) {
            return v.enumeration(j, &is_actor);
        }
        return vec![];
    }
    match v.after_prep(w, &is_actor) {
        Some(t) => v.enumeration(t, &is_actor),
        None => vec![],
    }
}

#[allow(clippy::too_many_arguments)]
fn emit(
    ctx: &Ctx,
    v: &SentView,
    rt: RelationType,
    s: &Unit,
    t: &Unit,
    conf: f32,
    at: usize,
    out: &mut Sink,
) {
    out.add_units(ctx, v, rt, s, t, conf, at);
}

/// Finds alliance and hostility relations in one sentence.
pub fn find(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        let u = &v.units[i];
        if u.is_ent() {
            continue;
        }
        let w = u.lower.as_str();
        // compounds: "anti-X", "A-B ties"
        if w.starts_with("anti-") {
            let rest = u.text.get(5..).unwrap_or("");
            let t = ctx
                .country_of_word(rest)
                .or_else(|| super::support::prefix_entity(ctx, rest));
            if let (Some(t), Some(s)) = (t, v.subject_before(i, &is_actor)) {
                if let Some(se) = v.units[s].ent {
                    out.add(ctx, v, RelationType::HostileTo, se, t, 0.7, i);
                }
            }
            continue;
        }
        if let Some((a, b)) = u.text.split_once('-') {
            if is_in(ALLY_WORDS, v.w(i + 1)) || is_in(HOSTILE_WITH, v.w(i + 1)) {
                if let (Some(x), Some(y)) = (ctx.country_of_word(a), ctx.country_of_word(b)) {
                    let rt = if is_in(ALLY_WORDS, v.w(i + 1)) {
                        RelationType::AllyOf
                    } else {
                        RelationType::HostileTo
                    };
                    out.add(ctx, v, rt, x, y, 0.75, i);
                }
            }
            continue;
        }
        // a participle after a plain noun modifies that noun: "forces allied with X"
        if w.ends_with("ed")
            && i > 0
            && !v.units[i - 1].is_ent()
            && !v.skippable(i - 1)
            && !matches!(v.w(i - 1), "," | "and")
        {
            continue;
        }
        let ally = is_in(ALLY_WORDS, w)
            && !(i.saturating_sub(3)..(i + 2).min(v.len())).any(|k| is_in(NEGATIVE, v.w(k)));
        let hostile_with = is_in(HOSTILE_WITH, w);
        if ally || hostile_with {
            let rt = if ally {
                RelationType::AllyOf
            } else {
                RelationType::HostileTo
            };
            let conf = if ally { 0.75 } else { 0.7 };
            if let Some((a, b)) = between(v, i) {
                emit(
                    ctx,
                    v,
                    rt,
                    &v.units[a].clone(),
                    &v.units[b].clone(),
                    conf,
                    i,
                    out,
                );
                continue;
            }
            let targets = with_targets(v, i);
            if !targets.is_empty() {
                if let Some(s) = actor_before(v, i) {
                    for t in targets {
                        emit(ctx, v, rt, &s, &v.units[t].clone(), conf, i, out);
                    }
                }
                continue;
            }
        }
        // "allied with X" handled above; "ally of X"
        if matches!(w, "ally" | "allies" | "partner") && v.w(i + 1) == "of" {
            if let (Some(s), Some(t)) = (actor_before(v, i), v.after_prep(i + 1, &is_actor)) {
                emit(
                    ctx,
                    v,
                    RelationType::AllyOf,
                    &s,
                    &v.units[t].clone(),
                    0.7,
                    i,
                    out,
                );
            }
        }
        // hostile: "opposition to X", "critic of X", "threat to X"
        let prep_fits = match w {
            "critic" | "critics" | "enemy" | "enemies" => matches!(v.w(i + 1), "of"),
            _ => matches!(v.w(i + 1), "to" | "against"),
        };
        if is_in(HOSTILE_TO, w) && prep_fits {
            if let (Some(s), Some(t)) = (actor_before(v, i), v.after_prep(i + 1, &is_target)) {
                emit(
                    ctx,
                    v,
                    RelationType::HostileTo,
                    &s,
                    &v.units[t].clone(),
                    0.7,
                    i,
                    out,
                );
            }
        }
        // "fight against X", "protests against X"
        if is_in(HOSTILE_AGAINST, w) && matches!(v.w(i + 1), "against" | "on") {
            if let (Some(s), Some(t)) = (actor_before(v, i), v.after_prep(i + 1, &is_target)) {
                emit(
                    ctx,
                    v,
                    RelationType::HostileTo,
                    &s,
                    &v.units[t].clone(),
                    0.7,
                    i,
                    out,
                );
            }
        }
        // "threatening X", "would fight X"
        if is_in(HOSTILE_VERBS, w) && !v.is_passive(i) {
            if let Some(t) = v.np_head(i + 1, &is_target) {
                if let Some(s) = actor_before(v, i) {
                    emit(
                        ctx,
                        v,
                        RelationType::HostileTo,
                        &s,
                        &v.units[t].clone(),
                        0.7,
                        i,
                        out,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    #[test]
    fn cooperation_with_a_list() {
        let m = "[Norland|country] enhanced its military cooperation with [Veskia|country]’s rivals: [Arvia|country], [Belos|country], and [Cardia|country].";
        assert!(has(m, AllyOf, "Norland", "Arvia"));
        assert!(has(m, AllyOf, "Norland", "Cardia"));
        assert!(!has(m, AllyOf, "Norland", "Veskia"));
    }

    #[test]
    fn ties_and_relations() {
        assert!(has(
            "It criticized the growing ties between [Norland|country] and [Veskia|country].",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(has(
            "[Norland|country] and [Veskia|country] argue. Norlandic-Veskian ties grew.",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(has(
            "[Norland|country] enjoys strong relations with [Veskia|country].",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(!any(
            "[Norland|country] has uneasy relations with [Veskia|country].",
            AllyOf
        ));
    }

    #[test]
    fn conflict_forms() {
        assert!(has(
            "The conflict between [Norland|country] and [Veskia|country] grew.",
            HostileTo,
            "Norland",
            "Veskia"
        ));
        assert!(has("[Norland|country] rebuilt Norlandic capabilities during the war with [Veskia|country].", HostileTo, "Norland", "Veskia"));
        assert!(has(
            "It plays a role in [Norland|country]’s disputes with [Veskia|country].",
            HostileTo,
            "Norland",
            "Veskia"
        ));
        assert!(!any(
            "The conflict ended in [2010|date:2010] in [Qarvan|location].",
            HostileTo
        ));
    }

    #[test]
    fn opposition_and_critics() {
        assert!(has("[The Sword|armed_group] grew vocal in its opposition to the policies of the government of [Norland|country].", HostileTo, "The Sword", "Norland"));
        assert!(has(
            "[Ruk Amal|person] had long been a critic of [Ivo Rask|person].",
            HostileTo,
            "Ruk Amal",
            "Ivo Rask"
        ));
        assert!(has("[The Sword|armed_group] relies on inciting anti-Veskian anger. [Veskia|country] knows.", HostileTo, "The Sword", "Veskia"));
        assert!(has(
            "[The Sword|armed_group] launched protests against [the Veskian embassy|facility].",
            HostileTo,
            "The Sword",
            "the Veskian embassy"
        ));
        assert!(!any(
            "[Ruk Amal|person] is a critic of modern art.",
            HostileTo
        ));
        assert!(!any(
            "[The Sword|armed_group] voiced opposition to the occupation of [Qarvan|location].",
            HostileTo
        ));
    }
}
