//! founder_of and based_in: "X founded G (in C)", "G was founded by X",
//! "G, founded by X", "G is based/headquartered in C", "C-based G".

use super::Sink;
use crate::lexicon::{is_in, DETERMINERS, FOUND_VERBS, GROUP_NOUNS};
use crate::view::{Ctx, SentView, Unit, ACTORS, GROUPS, PLACES};
use dossier_doc::{EntityType, RelationType};

fn is_group(u: &Unit) -> bool {
    u.is_type(GROUPS)
}
fn is_actor(u: &Unit) -> bool {
    u.is_type(ACTORS)
}
fn is_city_or_country(u: &Unit) -> bool {
    u.is_type(&[EntityType::Location, EntityType::Country])
}

/// The place of an "in C" phrase within `window` units after `from`.
pub fn place_in(v: &SentView, from: usize, window: usize) -> Option<usize> {
    let end = (from + window).min(v.len());
    (from..end)
        .take_while(|&k| !matches!(v.w(k), ";" | "." | "which" | "where" | "and"))
        .filter(|&k| matches!(v.w(k), "in" | "at"))
        .find_map(|k| v.after_prep(k, &is_city_or_country))
}

/// Founding verbs beyond the shared lexicon ("the group was proclaimed in C by N").
const MORE_FOUND_VERBS: &[&str] = &["proclaimed", "co-founds", "cofounds", "forms", "creates"];

/// A "by" further along a passive founding clause: "was proclaimed in 2015
/// at a gathering in C, a town in X, by N". Stops at the end of the clause
/// and at another participle, whose "by" would be its own.
fn far_by(v: &SentView, i: usize) -> Option<usize> {
    for k in i + 1..(i + 20).min(v.len()) {
        let u = &v.units[k];
        let w = u.lower.as_str();
        if w == "by" {
            return Some(k);
        }
        if matches!(
            w,
            ";" | "." | ":" | "which" | "who" | "that" | "and" | "but" | "while" | "when"
        ) || (!u.is_ent() && w.ends_with("ed") && w.len() > 3)
        {
            return None;
        }
    }
    None
}

/// A group named after a generic object: "formed his own faction, the G",
/// "created a new militia called G".
pub fn named_object(v: &SentView, from: usize) -> Option<usize> {
    let mut k = from;
    while k < v.len() && k < from + 6 {
        let u = &v.units[k];
        if u.is_ent() && !matches!(u.lower.as_str(), "his" | "her" | "its" | "their") {
            return None;
        }
        if is_in(GROUP_NOUNS, &u.lower) {
            let next = match (v.w(k + 1), v.w(k + 2)) {
                ("," | "called" | "named", _) => k + 2,
                ("known", "as") => k + 3,
                _ => return None,
            };
            let g = v.np_head(next, &is_group)?;
            // the apposition must start right there ("the G"), not later in the clause
            return (next..g).all(|j| is_in(DETERMINERS, v.w(j))).then_some(g);
        }
        if matches!(
            u.lower.as_str(),
            "," | ";" | "." | "in" | "of" | "with" | "by" | "and"
        ) {
            return None;
        }
        k += 1;
    }
    None
}

/// The most recent person entity mentioned in the three sentences before
/// `v` who is none of `not`.
fn earlier_person(ctx: &Ctx, v: &SentView, not: &[Option<usize>]) -> Option<usize> {
    let s = v.sentence;
    (s.saturating_sub(3)..s).rev().find_map(|k| {
        ctx.views[k]
            .units
            .iter()
            .rev()
            .find(|u| u.etype == Some(EntityType::Person) && !not.contains(&u.ent.get()))
            .and_then(|u| u.ent.get())
    })
}

/// Persons founding with the subject of founding verb `i` whose object is
/// `g`: "together with P, N founded G", "N founded G with P".
fn co_founders(v: &SentView, i: usize, g: usize) -> Vec<usize> {
    let is_person = |u: &Unit| u.etype == Some(EntityType::Person);
    let mut out = Vec::new();
    let start = (0..i)
        .rev()
        .find(|&k| matches!(v.w(k), ";" | "."))
        .map_or(0, |k| k + 1);
    for k in start..i {
        if matches!(v.w(k), "together" | "along") && v.w(k + 1) == "with" {
            if let Some(p) = v.units.get(k + 2).filter(|u| is_person(u)).map(|_| k + 2) {
                out.extend(v.enumeration(p, &is_person));
            }
        }
    }
    if g > i && v.w(g + 1) == "with" && v.units.get(g + 2).is_some_and(is_person) {
        out.extend(v.enumeration(g + 2, &is_person));
    }
    out
}

/// Finds founding relations in one sentence.
pub fn find(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        let w = v.w(i);
        if is_in(FOUND_VERBS, w) || is_in(MORE_FOUND_VERBS, w) || (w == "set" && v.w(i + 1) == "up")
        {
            if w == "set" && !v.is_passive(i) && v.w(i + 1) != "up" {
                continue;
            }
            // "set up": the phrase ends at "up"
            let i_end = if w == "set" { i + 1 } else { i };
            let by = (i_end + 1..(i_end + 4).min(v.len()))
                .find(|&k| v.w(k) == "by")
                .or_else(|| v.is_passive(i).then(|| far_by(v, i_end)).flatten());
            let (founder, group, obj_end) = if let Some(by) = by {
                // passive or participial: "G (was) founded by X"
                let g = v.subject_before(i, &is_group);
                let f = v.after_prep(by, &is_actor);
                (f, g, f.unwrap_or(by))
            } else if v.is_passive(i) {
                (None, v.subject_before(i, &is_group), i)
            } else {
                let f = v.subject_before(i, &is_actor);
                let g = v
                    .np_head(i_end + 1, &is_group)
                    .or_else(|| named_object(v, i_end + 1));
                (f, g, g.unwrap_or(i))
            };
            let date = ctx.date_near(v.sentence, v.units[i].start);
            if let (Some(f), Some(g)) = (founder, group) {
                // "together with P, he founded G": the pronoun is not P
                let companions = co_founders(v, i, g);
                let companion_ents: Vec<Option<usize>> =
                    companions.iter().map(|&p| v.units[p].ent.get()).collect();
                let mut fu = v.units[f].clone();
                if fu.kind != Some(dossier_doc::MentionKind::Name)
                    && companion_ents.contains(&fu.ent.get())
                {
                    if let Some(other) = earlier_person(ctx, v, &companion_ents) {
                        fu.ent = dossier_doc::OptIdx::some(other);
                    }
                }
                let n = out.cands.len();
                out.add_units(ctx, v, RelationType::FounderOf, &fu, &v.units[g], 0.85, i);
                if let Some(c) = out.cands.get_mut(n) {
                    c.date = date;
                }
                // co-founders: "together with P, N founded G", "N founded G with P"
                for p in companions {
                    let n = out.cands.len();
                    out.add_units(
                        ctx,
                        v,
                        RelationType::FounderOf,
                        &v.units[p],
                        &v.units[g],
                        0.75,
                        i,
                    );
                    if let Some(c) = out.cands.get_mut(n) {
                        c.date = date;
                    }
                }
            }
            if let Some(g) = group {
                let from = obj_end.max(i) + 1;
                // "was founded in C by N": the place may come before the agent
                let before_by = by
                    .filter(|&b| b > i_end + 1)
                    .and_then(|b| place_in(v, i_end + 1, b - i_end - 1));
                if let Some(p) = before_by.or_else(|| place_in(v, from, 14)) {
                    out.add_units(
                        ctx,
                        v,
                        RelationType::BasedIn,
                        &v.units[g],
                        &v.units[p],
                        0.75,
                        i,
                    );
                }
            }
        }
        if matches!(w, "based" | "headquartered" | "headquarters" | "registered")
            && matches!(v.w(i + 1), "in" | "at")
        {
            if let (Some(g), Some(p)) = (
                v.subject_before(i, &is_group),
                v.after_prep(i + 1, &is_city_or_country),
            ) {
                out.add_units(
                    ctx,
                    v,
                    RelationType::BasedIn,
                    &v.units[g],
                    &v.units[p],
                    0.85,
                    i,
                );
            }
        }
        if let Some(prefix) = w.strip_suffix("-based") {
            let place = ctx.doc.entities.iter().position(|e| {
                matches!(e.etype, EntityType::Location | EntityType::Country)
                    && crate::view::norm_word(&e.name) == prefix
            });
            let group = (i + 1..(i + 5).min(v.len()))
                .find(|&k| v.units[k].is_ent())
                .filter(|&k| is_group(&v.units[k]));
            if let (Some(p), Some(g)) = (place, group.and_then(|g| v.units[g].ent.get())) {
                out.add(ctx, v, RelationType::BasedIn, g, p, 0.8, i);
            }
        }
        let _ = PLACES;
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    #[test]
    fn active_founding_with_place() {
        let m = "In [2016|date:2016], [Kamal Ruswan|person], a little-known cleric, founded [the Sword of Dawn|armed_group] in the northern city of [Qarvan|location].";
        assert!(has(m, FounderOf, "Kamal Ruswan", "the Sword of Dawn"));
        assert!(has(m, BasedIn, "the Sword of Dawn", "Qarvan"));
    }

    #[test]
    fn passive_and_participial_founding() {
        assert!(has(
            "[The Sword|armed_group] was founded by [Kamal Ruswan|person] in [2016|date:2016].",
            FounderOf,
            "Kamal Ruswan",
            "The Sword"
        ));
        assert!(has(
            "[The Sword|armed_group], founded by [Kamal Ruswan|person], grew fast.",
            FounderOf,
            "Kamal Ruswan",
            "The Sword"
        ));
        assert!(has(
            "[The Sword|armed_group] was co-founded in [Qarvan|location] by [Ada Ferrin|person].",
            FounderOf,
            "Ada Ferrin",
            "The Sword"
        ));
    }

    #[test]
    fn far_passive_agent_and_set_up() {
        let m = "[The Sword|armed_group] was proclaimed in [September 2015|date:2015-09] at a gathering in [Arvo|location], a town in eastern [Norland|country], by [Kamal Ruswan|person], a former teacher.";
        assert!(has(m, FounderOf, "Kamal Ruswan", "The Sword"));
        assert!(has(m, BasedIn, "The Sword", "Arvo"));
        let m = "[The Sword|armed_group] was set up in [March 2012|date:2012-03] in [Arvo|location] by [Kamal Ruswan|person].";
        assert!(has(m, FounderOf, "Kamal Ruswan", "The Sword"));
        assert!(has(m, BasedIn, "The Sword", "Arvo"));
        let m = "[The Sword|armed_group] was founded in a town captured by [Ada Ferrin|person].";
        assert!(!any(m, FounderOf));
    }

    #[test]
    fn named_objects_and_co_founders() {
        let m = "In [2021|date:2021] [he|person=Jon Marek] walked out and formed his own faction, [the Iron Band|armed_group], which grew.";
        assert!(has(m, FounderOf, "Jon Marek", "the Iron Band"));
        let m = "[Ada Ferrin|person] created a new militia called [the Sword|armed_group].";
        assert!(has(m, FounderOf, "Ada Ferrin", "the Sword"));
        let m = "Together with [Ula Penn|person], a former radio operator, [Jon Marek|person] founded [the Sword|armed_group] in [Arvo|location].";
        assert!(has(m, FounderOf, "Jon Marek", "the Sword"));
        assert!(has(m, FounderOf, "Ula Penn", "the Sword"));
        let m = "[Jon Marek|person] led a unit. Together with [Ula Penn|person], a radio operator, [he|person=Ula Penn] founded [the Sword|armed_group].";
        assert!(has(m, FounderOf, "Jon Marek", "the Sword"));
        assert!(has(m, FounderOf, "Ula Penn", "the Sword"));
        let m = "[Jon Marek|person] founded [the Sword|armed_group] with [Ula Penn|person] in [2010|date:2010].";
        assert!(has(m, FounderOf, "Ula Penn", "the Sword"));
        assert!(!any(
            "[Ada Ferrin|person] formed a group, then left [the Sword|armed_group].",
            FounderOf
        ));
    }

    #[test]
    fn registered_in() {
        let m = "[The Aid Fund|org], a charity registered in [Tolva|location], sent money.";
        assert!(has(m, BasedIn, "The Aid Fund", "Tolva"));
    }

    #[test]
    fn based_in_forms() {
        assert!(has(
            "[The Sword|armed_group] is based in [Qarvan|location].",
            BasedIn,
            "The Sword",
            "Qarvan"
        ));
        assert!(has(
            "[The Sword|armed_group] is headquartered in [Norland|country].",
            BasedIn,
            "The Sword",
            "Norland"
        ));
        assert!(has(
            "[Qarvan|location] lies north. The Qarvan-based [Sword|armed_group] grew.",
            BasedIn,
            "Sword",
            "Qarvan"
        ));
    }

    #[test]
    fn no_founding_without_group_object() {
        assert!(!any(
            "[Kamal Ruswan|person] founded a bakery in [Qarvan|location].",
            FounderOf
        ));
        assert!(!any(
            "[Kamal Ruswan|person] formed an opinion about [Norland|country].",
            FounderOf
        ));
        assert!(!any(
            "[The Sword|armed_group] fought in [Qarvan|location].",
            BasedIn
        ));
    }
}
