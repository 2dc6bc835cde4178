//! founder_of and based_in: "X founded G (in C)", "G was founded by X",
//! "G, founded by X", "G is based/headquartered in C", "C-based G".

use super::Sink;
use crate::lexicon::{is_in, FOUND_VERBS};
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

/// Finds founding relations in one sentence.
pub fn find(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        let w = v.w(i);
        if is_in(FOUND_VERBS, w) {
            let by = (i + 1..(i + 4).min(v.len())).find(|&k| v.w(k) == "by");
            let (founder, group, obj_end) = if let Some(by) = by {
                // passive or participial: "G (was) founded by X"
                let g = v.subject_before(i, &is_group);
                let f = v.after_prep(by, &is_actor);
                (f, g, f.unwrap_or(by))
            } else if v.is_passive(i) {
                (None, v.subject_before(i, &is_group), i)
            } else {
                let f = v.subject_before(i, &is_actor);
                let g = v.np_head(i + 1, &is_group);
                (f, g, g.unwrap_or(i))
            };
            let date = ctx.date_near(v.sentence, v.units[i].start);
            if let (Some(f), Some(g)) = (founder, group) {
                let n = out.cands.len();
                out.add_units(
                    ctx,
                    v,
                    RelationType::FounderOf,
                    &v.units[f],
                    &v.units[g],
                    0.85,
                    i,
                );
                if let Some(c) = out.cands.get_mut(n) {
                    c.date = date.clone();
                }
            }
            if let Some(g) = group {
                let from = obj_end.max(i) + 1;
                if let Some(p) = place_in(v, from, 14) {
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
        if matches!(w, "based" | "headquartered" | "headquarters")
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
            if let (Some(p), Some(g)) = (place, group.and_then(|g| v.units[g].ent)) {
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
