//! Titles read from the dependency parse: the common noun phrase that
//! describes a person — "provincial governor Asadullah X" (`nmod:desc`,
//! `compound`), "X, a retired businessman" and "the head of the Y, X"
//! (apposition), "X is the mayor of Z" (copula). The phrase is the role
//! noun with its adjectives, noun modifiers and "of" phrase, without
//! determiners; kinship and generic person nouns are not titles.

use dossier_doc::{Attribute, AttributeName, Component, ComponentError, Doc, EntityType, Layer};

/// Nouns that describe a person without being a title.
const NOT_TITLES: &[&str] = &[
    "man",
    "woman",
    "men",
    "women",
    "boy",
    "girl",
    "person",
    "people",
    "child",
    "resident",
    "citizen",
    "national",
    "native",
    "victim",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "father",
    "mother",
    "cousin",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "widow",
    "friend",
    "one",
    "name",
    "family",
    "relative",
    "group",
    "member",
    "part",
    "alias",
    "nickname",
    "pseudonym",
    "nom",
    "codename",
    "number",
    "other",
    "partner",
    "neighbour",
    "neighbor",
];

/// Military ranks and religious honorifics: alone before a name they are
/// part of how the person is addressed, not the office the text gives
/// ("Colonel X", "Sheikh Y"); an office ("President", "army spokesman") is.
const RANKS: &[&str] = &[
    "colonel",
    "general",
    "lieutenant",
    "major",
    "captain",
    "sergeant",
    "corporal",
    "private",
    "brigadier",
    "marshal",
    "admiral",
    "imam",
    "sheikh",
    "shaykh",
    "mullah",
    "ayatollah",
    "rabbi",
    "reverend",
    "count",
    "sir",
];

/// Endings of agent nouns ("trader", "governor", "analyst", "spokesman").
const AGENT_ENDINGS: &[&str] = &[
    "er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee", "eer", "ier", "ive",
    "ess", "ary", "arch", "crat", "ite",
];

/// Whether `lemma` (with its XPOS tag) can head a person's title.
fn person_noun(lemma: &str, xpos: &str) -> bool {
    if NOT_TITLES.contains(&lemma) || lemma.len() < 3 {
        return false;
    }
    let listed = dossier_entities::Gazetteer::global().is_title(lemma);
    // a capitalized title before a name ("President", "Prime Minister")
    if xpos == "NNP" {
        return listed;
    }
    if xpos != "NN" {
        return false;
    }
    listed
        || AGENT_ENDINGS
            .iter()
            .any(|e| lemma.ends_with(e) && lemma.len() > e.len() + 2)
}

/// The titles the parse shows, as `(entity, title, sentence)`.
pub fn find(doc: &Doc) -> Vec<(usize, String, usize)> {
    let Some(parse) = crate::deps::Parse::of(doc) else {
        return Vec::new();
    };
    let n = doc.tokens.len();
    let (ent, children) = (&parse.ent, &parse.children);
    let rel = |i: usize| parse.rel(i);
    let upos = |i: usize| doc.tokens[i].upos.as_deref().unwrap_or("");
    let person = |i: usize| parse.etype(i) == Some(EntityType::Person);
    // The title phrase headed by role noun `r`, if it is one.
    let phrase = |r: usize| -> Option<String> {
        if !matches!(upos(r), "NOUN" | "PROPN") || ent.get(r).is_some() {
            return None;
        }
        let lemma = parse.lemma(r).to_lowercase();
        // A singular common noun (NN; assumed when no POS tagger ran).
        let xpos = doc.tokens[r].pos.as_deref().unwrap_or("NN");
        if !person_noun(&lemma, xpos) {
            return None;
        }
        let mut kept = vec![r];
        let mut stack = vec![(r, false)];
        while let Some((x, in_of)) = stack.pop() {
            for c in children.of(x) {
                let d = rel(c);
                let take = match d {
                    "amod" | "compound" | "flat" => !person(c),
                    "nmod" => {
                        children.of(c).any(|y| {
                            rel(y) == "case" && doc.tokens[y].text.eq_ignore_ascii_case("of")
                        }) && !person(c)
                    }
                    "case" | "det" => in_of,
                    _ => false,
                };
                if take {
                    kept.push(c);
                    stack.push((c, in_of || d == "nmod"));
                }
            }
        }
        kept.sort_unstable();
        if kept.len() == 1 && RANKS.contains(&lemma.as_str()) {
            return None;
        }
        let (a, b) = (kept[0], *kept.last().expect("non-empty"));
        // A contiguous phrase only.
        if b - a + 1 != kept.len() || b - a > 8 {
            return None;
        }
        Some(
            doc.tokens[a..=b]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        )
    };
    let mut out = Vec::new();
    for p in 0..n {
        if !person(p) {
            continue;
        }
        let e = ent.get(p).expect("person token has an entity");
        let s = doc.tokens[p].sentence;
        // Role nouns hanging on the name.
        for c in children.of(p) {
            let before = c < p && matches!(rel(c), "nmod:desc" | "compound");
            if before || (c > p && rel(c) == "appos") {
                if let Some(t) = phrase(c) {
                    out.push((e, t, s));
                }
            }
        }
        // The name hanging on a role noun: apposition, or subject of a copula.
        if let Some(h) = doc.tokens[p].head.filter(|&h| h < n) {
            let copular = rel(p) == "nsubj" && children.of(h).any(|y| rel(y) == "cop");
            if rel(p) == "appos" || copular {
                if let Some(t) = phrase(h) {
                    out.push((e, t, s));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The `dep_titles` component: adds [`find`]'s titles as `title`
/// attributes, unless the entity already has a title that contains the
/// new one or is contained in it.
#[derive(Debug, Default, Clone, Copy)]
pub struct DepTitles;

impl Component for DepTitles {
    fn name(&self) -> &str {
        "dep_titles"
    }

    fn requires(&self) -> &[Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Deps,
            Layer::Mentions,
            Layer::Entities,
            Layer::Attributes,
        ]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Pos]
    }

    fn assigns(&self) -> &[Layer] {
        &[Layer::Attributes]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("dep_titles", e.to_string()))?;
        for (entity, value, sent) in find(doc) {
            let low = value.to_lowercase();
            let known = doc.attributes.iter().any(|a| {
                a.entity == entity && a.name == AttributeName::Title && {
                    let v = a.value.to_lowercase();
                    v.contains(&low) || low.contains(&v)
                }
            });
            let Some(ev) = crate::sentence_evidence(doc, sent) else {
                continue;
            };
            if known {
                continue;
            }
            doc.attributes.push(Attribute {
                entity,
                name: AttributeName::Title,
                value,
                date: None,
                confidence: 0.6,
                evidence: vec![ev],
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;

    fn titles(markup: &str) -> Vec<(String, String)> {
        let mut d = doc_from_markup(markup);
        dossier_parser::DependencyParser::new()
            .process(&mut d)
            .unwrap();
        DepTitles.process(&mut d).unwrap();
        d.attributes
            .iter()
            .filter(|a| a.name == AttributeName::Title)
            .map(|a| (d.entities[a.entity].name.clone(), a.value.clone()))
            .collect()
    }

    #[test]
    fn titles_through_the_parse() {
        let t = titles("Provincial governor [Asad Varnez|person] condemned the attack.");
        assert!(
            t.iter()
                .any(|(_, v)| v.to_lowercase() == "provincial governor"),
            "{t:?}"
        );
        let t = titles("[Orla Vance|person], a retired businessman, was shot dead.");
        assert!(t.iter().any(|(_, v)| v == "retired businessman"), "{t:?}");
        let t =
            titles("[Orla Vance|person], the head of the [Varda Police|organization], resigned.");
        assert!(t.iter().any(|(_, v)| v.starts_with("head of the")), "{t:?}");
    }

    #[test]
    fn capitalized_offices_before_a_name_are_titles_ranks_alone_are_not() {
        let t =
            titles("In 2004, Ostrian Prime Minister [Tomas Reyne|person] visited [Velm|location].");
        assert!(
            t.iter().any(|(_, v)| v.ends_with("Prime Minister")),
            "{t:?}"
        );
        let t = titles("Colonel [Orla Vance|person] said the convoy was ambushed.");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn kinship_is_not_a_title() {
        let t = titles("[Orla Vance|person], his son, was shot dead.");
        assert!(t.is_empty(), "{t:?}");
    }
}
