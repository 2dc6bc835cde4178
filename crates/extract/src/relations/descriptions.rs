//! Definite descriptions left unresolved upstream: "the charity", "the
//! front", "the army" refer to the most recent group or organization that
//! the document described with that noun, either in an apposition ("G, a
//! charity registered in C") or through the head noun of its name ("the X
//! Front", "Cártel de Y"). The relation patterns then read them as mentions.

use crate::lexicon::{is_in, DETERMINERS};
use crate::view::{norm_word, Ctx, SentView, Unit, GROUPS, PREPS};
use dossier_doc::{EntityType, MentionKind};
use std::collections::HashMap;

/// Institutional nouns that, as the first or last word of a name, say what
/// the named body is ("the Royal Police", "the Border Front").
const NAME_HEADS: &[&str] = &[
    "cartel",
    "gang",
    "bloc",
    "charity",
    "foundation",
    "council",
    "committee",
    "police",
    "ministry",
    "directorate",
    "service",
    "office",
    "agency",
    "corps",
    "guard",
    "brigade",
    "front",
    "army",
    "navy",
    "party",
    "union",
    "league",
    "company",
    "bank",
    "militia",
    "movement",
    "group",
    "network",
    "faction",
    "battalion",
    "organization",
    "organisation",
    "alliance",
    "coalition",
    "syndicate",
    "clan",
    "cell",
    "forces",
    "court",
    "university",
    "commission",
];

/// Generic nouns of a group, not taken from names.
const GENERIC: &[&str] = crate::lexicon::group_heads!["cell"];

/// Words after a description noun that show it is no reference to a body
/// ("the front line", "the group of villages").
const NOT_AFTER: &[&str] = &["line", "lines", "of", "page", "door", "desk", "row"];

/// Lowercase, diacritics of Latin letters folded ("cártel" → "cartel").
fn fold(w: &str) -> String {
    norm_word(w)
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

fn singular(w: &str) -> String {
    match w {
        "forces" | "police" | "news" => w.to_string(),
        _ => w
            .strip_suffix('s')
            .filter(|s| s.len() > 2)
            .unwrap_or(w)
            .to_string(),
    }
}

/// Whether `word` is written as a plural of `noun` (its [`singular`]):
/// "the militias" speaks of several groups, not of one described before.
/// "forces" and "police" are collective, not plurals.
fn plural_of(word: &str, noun: &str) -> bool {
    word.ends_with('s')
        && !noun.ends_with('s')
        && noun != word
        && !matches!(word, "forces" | "police")
}

fn is_body(u: &Unit) -> bool {
    u.is_ent() && u.is_type(GROUPS) && u.kind != Some(MentionKind::Pronoun) && u.kind.is_some()
}

/// Description nouns of each group or organization entity.
fn descriptors(ctx: &Ctx) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    let mut put = |noun: String, e: usize| {
        let v = out.entry(noun).or_default();
        if !v.contains(&e) {
            v.push(e);
        }
    };
    for (i, e) in ctx.doc.entities.iter().enumerate() {
        if !matches!(e.etype, EntityType::ArmedGroup | EntityType::Organization)
            || ctx.canon.get(i) != Some(&i)
        {
            continue;
        }
        let words: Vec<String> = e.name.split_whitespace().map(fold).collect();
        if words.len() < 2 {
            continue;
        }
        for w in [words.first(), words.last()].into_iter().flatten() {
            let s = singular(w);
            // generic nouns ("the group", "the militia") are left to the
            // document's main group upstream; a name ending in one says little
            if is_in(NAME_HEADS, &s) && !is_in(GENERIC, &s) {
                put(s, i);
            }
        }
    }
    // appositions: "G, a (Xish) charity registered in C", "G, an Indonesian cell based …"
    for v in &ctx.views {
        for i in 0..v.len() {
            if !is_body(&v.units[i]) || v.w(i + 1) != "," || !matches!(v.w(i + 2), "a" | "an") {
                continue;
            }
            let Some(e) = v.units[i].ent.get() else {
                continue;
            };
            let mut head = None;
            for k in i + 3..(i + 8).min(v.len()) {
                let u = &v.units[k];
                let w = u.lower.as_str();
                let stop = (u.is_ent() && u.etype != Some(EntityType::GroupIdentity))
                    || !w.chars().all(|c| c.is_alphabetic() || c == '-')
                    || is_in(PREPS, w)
                    || matches!(w, "of" | "that" | "which" | "who" | "whose")
                    || (w.ends_with("ed") && head.is_some());
                if stop {
                    break;
                }
                if u.country.is_none() && !u.is_ent() {
                    head = Some(w.to_string());
                }
            }
            if let Some(h) = head {
                put(singular(&fold(&h)), e);
            }
        }
    }
    out
}

/// The views of `ctx` with definite descriptions of known bodies collapsed
/// into entity units.
pub fn resolved_views(ctx: &Ctx) -> Vec<SentView> {
    let desc = descriptors(ctx);
    if desc.is_empty() {
        return ctx.views.clone();
    }
    // the last sentence and position each entity was mentioned at, as we go
    let mut last_seen: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut out = Vec::with_capacity(ctx.views.len());
    for v in &ctx.views {
        // the sentence's units copied at its first description resolved;
        // a sentence without one shares its view's units
        let mut units: Option<Vec<Unit>> = None;
        let mut i = 0;
        while i < v.len() {
            let u = &v.units[i];
            if u.is_ent() {
                if let Some(e) = u.ent.get() {
                    last_seen.insert(e, (v.sentence, i));
                }
                if let Some(units) = &mut units {
                    units.push(u.clone());
                }
                i += 1;
                continue;
            }
            // "the (adj) NOUN"
            if u.lower == "the" {
                let mut k = i + 1;
                if k + 1 < v.len()
                    && !v.units[k].is_ent()
                    && !desc.contains_key(&singular(&fold(v.w(k))))
                    && v.w(k).chars().all(|c| c.is_alphabetic())
                    && !is_in(DETERMINERS, v.w(k))
                    && desc.contains_key(&singular(&fold(v.w(k + 1))))
                {
                    k += 1;
                }
                let noun = singular(&fold(v.w(k)));
                let plain = k < v.len()
                    && !v.units[k].is_ent()
                    && v.units[k]
                        .text
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_lowercase())
                    && !is_in(NOT_AFTER, v.w(k + 1))
                    && !plural_of(v.w(k), &noun);
                let target = plain.then(|| desc.get(&noun)).flatten().and_then(|cands| {
                    cands
                        .iter()
                        .filter_map(|e| last_seen.get(e).map(|at| (*e, *at)))
                        .filter(|(_, (s, _))| v.sentence.saturating_sub(*s) <= 6)
                        .max_by_key(|(_, at)| *at)
                        .map(|(e, _)| e)
                });
                if let Some(e) = target {
                    let start = u.start;
                    let end = v.units[k].end;
                    let text = ctx.doc.slice(start, end).to_string();
                    let units = units.get_or_insert_with(|| v.units[..i].to_vec());
                    units.push(Unit {
                        start,
                        end,
                        lower: norm_word(&text).into(),
                        text: text.into(),
                        ent: dossier_doc::OptIdx::some(e),
                        etype: ctx.doc.entities.get(e).map(|x| x.etype),
                        kind: Some(MentionKind::Nominal),
                        country: dossier_doc::OptIdx::NONE,
                        pos: v.units[k].pos,
                    });
                    last_seen.insert(e, (v.sentence, units.len() - 1));
                    i = k + 1;
                    continue;
                }
            }
            if let Some(units) = &mut units {
                units.push(u.clone());
            }
            i += 1;
        }
        out.push(SentView {
            sentence: v.sentence,
            units: units.map_or_else(|| v.units.clone(), Into::into),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    #[test]
    fn appositive_descriptions_resolve() {
        let m = "[The Aid Fund|org], a charity registered in [Tolva|location], grew. Police arrested the charity's director, [Jon Marek|person], in [2018|date:2018].";
        assert!(has(m, LeaderOf, "Jon Marek", "The Aid Fund"));
    }

    #[test]
    fn name_heads_resolve() {
        let m = "[The Tolva Front|armed_group] grew. By [2017|date:2017] [he|person=Jon Marek] was calling himself the front's amir.";
        assert!(has(m, LeaderOf, "Jon Marek", "The Tolva Front"));
        let m = "[The Tolva Front|armed_group] grew. [Norland|country] attacked the front line at dawn.";
        assert!(!any(m, HostileTo));
        let m = "[The Tolva Front|armed_group] grew. [Norland|country] attacked the front at dawn.";
        assert!(has(m, HostileTo, "Norland", "The Tolva Front"));
    }

    #[test]
    fn generic_name_heads_do_not_resolve() {
        let m = "A profile of [a Norland-backed Militia|armed_group]. The militia received training from [the Wolves|armed_group].";
        assert!(!any(m, TrainerOf));
    }

    #[test]
    fn descriptions_need_an_earlier_mention() {
        let m = "The charity's director, [Jon Marek|person], spoke. [The Aid Fund|org], a charity, grew.";
        assert!(!any(m, LeaderOf));
    }
}
