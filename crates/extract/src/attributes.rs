//! The `"attributes"` component: `member_count` (with its date), `founded`
//! (the EDTF of the founding event) and `title` (a person's role).

use crate::lexicon::{self, is_in};
use crate::relations::TitleFact;
use crate::view::{norm_word, Ctx, SentView, Unit, GROUPS};
use dossier_doc::{
    Attribute, Component, ComponentError, Doc, EntityType, Event, EventType, Layer, Role,
};

fn is_group(u: &Unit) -> bool {
    u.is_type(GROUPS)
}

/// A count of members found in a sentence: (unit index of the number, value text).
pub fn member_counts(v: &SentView) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for k in 0..v.len() {
        let w = v.w(k);
        if matches!(w, "a" | "an" | "another" | "one") {
            continue;
        }
        let Some(n) = lexicon::number_value(w) else {
            continue;
        };
        if (w.len() == 4 && n > 1800) || matches!(v.w(k + 1), "%" | "percent") {
            continue;
        }
        // casualties and arrests are no members: "killing four soldiers", "two fighters were killed"
        let before = if k > 0 { v.w(k - 1) } else { "" };
        if matches!(
            before,
            "killing"
                | "killed"
                | "wounding"
                | "wounded"
                | "injuring"
                | "arrested"
                | "arresting"
                | "detained"
                | "detaining"
                | "captured"
                | "capturing"
                | "lost"
        ) || (k + 1..(k + 5).min(v.len())).any(|q| {
            is_in(lexicon::DEATH_CUES, v.w(q))
                || is_in(lexicon::INJURY_CUES, v.w(q))
                || matches!(v.w(q), "arrested" | "detained" | "captured")
        }) {
            continue;
        }
        let counted = (k + 1..(k + 4).min(v.len()))
            .take_while(|&q| !matches!(v.w(q), "," | "." | "of" | "and" | "were" | "was"))
            .any(|q| is_in(lexicon::MEMBER_UNITS, v.w(q)));
        if !counted {
            continue;
        }
        let approx = (k.saturating_sub(2)..k).any(|q| is_in(lexicon::APPROX_WORDS, v.w(q)));
        let value = if approx {
            format!("{n}~")
        } else {
            n.to_string()
        };
        out.push((k, value));
    }
    out
}

fn founded_date(events: &[Event], g: usize) -> Option<String> {
    events
        .iter()
        .filter(|e| e.etype == EventType::Founding && e.date.is_some())
        .find(|e| {
            e.participants
                .iter()
                .any(|p| p.entity == g && p.role != Role::Agent)
        })
        .and_then(|e| e.date.clone())
}

/// Finds the attributes of one document.
pub fn extract(ctx: &Ctx, titles: &[TitleFact], events: &[Event]) -> Vec<Attribute> {
    let doc = ctx.doc;
    let mut out: Vec<Attribute> = Vec::new();
    // founded
    for e in events.iter().filter(|e| e.etype == EventType::Founding) {
        let Some(date) = &e.date else { continue };
        for p in e
            .participants
            .iter()
            .filter(|p| p.role != Role::Agent && p.role != Role::Location)
        {
            let is_org = doc.entities.get(p.entity).is_some_and(|x| {
                matches!(x.etype, EntityType::ArmedGroup | EntityType::Organization)
            });
            if is_org
                && !out
                    .iter()
                    .any(|a| a.entity == p.entity && a.name == "founded")
            {
                out.push(Attribute {
                    entity: p.entity,
                    name: "founded".into(),
                    value: date.clone(),
                    date: None,
                    confidence: e.confidence * 0.95,
                    evidence: e.evidence.clone(),
                });
            }
        }
    }
    // member_count
    for v in &ctx.views {
        for (k, value) in member_counts(v) {
            let g = v
                .subject_before(k, &is_group)
                .or_else(|| v.units.iter().position(is_group));
            let Some(g) = g.and_then(|g| v.units[g].ent) else {
                continue;
            };
            let at_formation = v.any_in(lexicon::FORMATION_WORDS, 0, k);
            let date = if at_formation {
                founded_date(events, g)
            } else {
                ctx.date_near(v.sentence, v.units[k].start)
            }
            .or_else(|| {
                if at_formation {
                    None
                } else {
                    doc.meta.published.clone()
                }
            });
            let conf = if value.ends_with('~') { 0.7 } else { 0.8 };
            if out
                .iter()
                .any(|a| a.entity == g && a.name == "member_count" && a.value == value)
            {
                continue;
            }
            out.push(Attribute {
                entity: g,
                name: "member_count".into(),
                value,
                date,
                confidence: conf,
                evidence: vec![ctx.evidence(v.sentence)],
            });
        }
    }
    // title: the most specific forms, one attribute per distinct title
    let mut by_person: Vec<(usize, Vec<&TitleFact>)> = Vec::new();
    for t in titles {
        match by_person.iter_mut().find(|(e, _)| *e == t.entity) {
            Some((_, v)) => v.push(t),
            None => by_person.push((t.entity, vec![t])),
        }
    }
    for (entity, mut ts) in by_person {
        ts.sort_by_key(|t| std::cmp::Reverse(t.value.len()));
        let mut kept: Vec<(String, Attribute)> = Vec::new();
        for t in ts {
            let n = norm_word(&t.value);
            match kept
                .iter_mut()
                .find(|(k, _)| k.contains(&n) || n.contains(k.as_str()))
            {
                Some((_, a)) => {
                    if !a.evidence.iter().any(|e| e.sentence == t.sentence) {
                        a.evidence.push(ctx.evidence(t.sentence));
                    }
                }
                None => kept.push((
                    n,
                    Attribute {
                        entity,
                        name: "title".into(),
                        value: t.value.clone(),
                        date: None,
                        confidence: t.confidence,
                        evidence: vec![ctx.evidence(t.sentence)],
                    },
                )),
            }
        }
        out.extend(kept.into_iter().map(|(_, a)| a));
    }
    out
}

/// The `"attributes"` pipeline component (it runs the relation and event
/// patterns it needs for titles and founding dates itself).
pub struct AttributeExtractor {
    geo: Box<dyn crate::GeoLookup>,
}

impl AttributeExtractor {
    /// An attribute extractor that maps demonyms with `geo`.
    pub fn new(geo: Box<dyn crate::GeoLookup>) -> Self {
        AttributeExtractor { geo }
    }
}

impl Default for AttributeExtractor {
    fn default() -> Self {
        AttributeExtractor::new(Box::new(crate::GazetteerGeo))
    }
}

impl Component for AttributeExtractor {
    fn name(&self) -> &str {
        "attributes"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Tokens, Layer::Mentions, Layer::Entities]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Attributes]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("attributes", e.to_string()))?;
        let ctx = Ctx::new(doc, self.geo.as_ref());
        let titles = crate::relations::extract(&ctx).titles;
        let events = if doc.events.is_empty() {
            crate::events::extract(&ctx)
        } else {
            doc.events.clone()
        };
        let attrs = extract(&ctx, &titles, &events);
        doc.attributes = attrs;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;

    fn attrs(m: &str, published: Option<&str>) -> (Doc, Vec<Attribute>) {
        let mut d = doc_from_markup(m);
        d.meta.published = published.map(str::to_string);
        let ctx = Ctx::new(&d, &crate::NoGeo);
        let r = crate::relations::extract(&ctx);
        let e = crate::events::extract(&ctx);
        let a = extract(&ctx, &r.titles, &e);
        (d, a)
    }
    fn get<'a>(a: &'a [Attribute], name: &str) -> Vec<&'a Attribute> {
        a.iter().filter(|x| x.name == name).collect()
    }

    #[test]
    fn founded_and_size_at_formation() {
        let (_, a) = attrs(
            "In [early 2016|date:2016-01/2016-04], [Kamal Ruswan|person] founded [the Sword|armed_group]. Upon its formation, [the militia|armed_group=the Sword] was comprised of only 14 students.",
            Some("2022-02"),
        );
        let f = get(&a, "founded");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, "2016-01/2016-04");
        let m = get(&a, "member_count");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].value, "14");
        assert_eq!(m[0].date.as_deref(), Some("2016-01/2016-04"));
    }

    #[test]
    fn current_size_is_dated_with_publication() {
        let (_, a) = attrs(
            "[The Sword|armed_group] is small, but it is believed to have around 20 members.",
            Some("2022-02"),
        );
        let m = get(&a, "member_count");
        assert_eq!(m[0].value, "20~");
        assert_eq!(m[0].date.as_deref(), Some("2022-02"));
        let (_, a) = attrs(
            "Two policemen and 14 students were hurt in [Tolva|location].",
            None,
        );
        assert!(get(&a, "member_count").is_empty());
        let (_, a) = attrs("[The Sword|armed_group] grew in 2016 and 2017.", None);
        assert!(get(&a, "member_count").is_empty());
        let (_, a) = attrs(
            "Fighters of [the Sword|armed_group] attacked a checkpoint, killing four soldiers.",
            None,
        );
        assert!(get(&a, "member_count").is_empty());
        let (_, a) = attrs(
            "[The Sword|armed_group] lost a battle; 12 fighters were killed.",
            None,
        );
        assert!(get(&a, "member_count").is_empty());
    }

    #[test]
    fn titles_keep_the_most_specific_form() {
        let (d, a) = attrs(
            "They opposed the President of the Republic of [Norland|country], [Lina Orv|person]. President [Orv|person=Lina Orv] replied. [Ada Ferrin|person], the mayor of [Tolva|location], left.",
            None,
        );
        let t = get(&a, "title");
        let orv: Vec<_> = t
            .iter()
            .filter(|x| d.entities[x.entity].name == "Lina Orv")
            .collect();
        assert_eq!(orv.len(), 1);
        assert_eq!(orv[0].value, "President of the Republic of Norland");
        assert!(t.iter().any(|x| x.value == "mayor of Tolva"));
    }

    #[test]
    fn apposition_and_org_titles() {
        let (_, a) = attrs("[Kamal Ruswan|person], a little-known Norlandic cleric, spoke. [Norland|country] listened.", None);
        assert!(get(&a, "title").iter().any(|x| x.value == "cleric"));
        let (_, a) = attrs(
            "[Osk Tarn|person] met [Norland|country]’s supreme leader [Ivo Rask|person].",
            None,
        );
        assert!(get(&a, "title").iter().any(|x| x.value == "supreme leader"));
        let (_, a) = attrs("[Osk Tarn|person] met the leader yesterday.", None);
        assert!(get(&a, "title").is_empty());
    }
}
