//! Roles read from the dependency parse: a person and a group joined
//! through a role noun, whatever the word order —
//!
//! | structure | example (invented) |
//! |---|---|
//! | apposition, role noun with `nmod`/`nmod:poss`/`compound` to the group | "Orla Vance, a senior commander of the Tallis Front, …"; "the Front's spokesman, Orla Vance, …" |
//! | role noun as a `compound` of the name | "Tallis Front leader Orla Vance" |
//! | copula | "Orla Vance was the founder of the Tallis Front." |
//! | `as` phrase of the person's verb | "Vance served as leader of the Tallis Front." |
//!
//! The role noun's lemma decides the relation: leader nouns give
//! `leader_of` (a country too: "President … of Varda"), founder nouns
//! `founder_of`, membership nouns (member, fighter, commander, spokesman…)
//! `member_of`. Runs only where the `parser` component ran (`Layer::Deps`).

use dossier_doc::{Component, ComponentError, Doc, EntityType, Layer, Relation, RelationType};

/// Nouns of heading a body.
const LEADER: &[&str] = &[
    "leader",
    "head",
    "chief",
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "emir",
    "amir",
    "king",
    "queen",
    "premier",
    "ruler",
    "dictator",
    "commander-in-chief",
    "secretary-general",
];
/// Nouns of founding one.
const FOUNDER: &[&str] = &["founder", "co-founder", "cofounder"];
/// Nouns of belonging to one.
const MEMBER: &[&str] = &[
    "member",
    "fighter",
    "militant",
    "commander",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "operative",
    "deputy",
    "ideologue",
    "financier",
    "recruiter",
    "cadre",
    "loyalist",
    "lieutenant",
    "guerrilla",
    "insurgent",
    "activist",
    "officer",
    "soldier",
];

fn relation_of(lemma: &str) -> Option<RelationType> {
    if LEADER.contains(&lemma) {
        Some(RelationType::LeaderOf)
    } else if FOUNDER.contains(&lemma) {
        Some(RelationType::FounderOf)
    } else if MEMBER.contains(&lemma) {
        Some(RelationType::MemberOf)
    } else {
        None
    }
}

fn target_fits(r: RelationType, t: EntityType) -> bool {
    match t {
        EntityType::ArmedGroup | EntityType::Organization => true,
        EntityType::Country => r == RelationType::LeaderOf,
        _ => false,
    }
}

/// A document's dependency parse as the parse readers (`deps`, `titles`,
/// `agents`) use it: each token's entity (through the mention covering it)
/// and its dependents.
pub(crate) struct Parse<'a> {
    doc: &'a Doc,
    /// The entity of the mention covering each token, if any.
    pub(crate) ent: Vec<Option<usize>>,
    /// Each token's dependents, in order.
    pub(crate) children: Vec<Vec<usize>>,
}

impl<'a> Parse<'a> {
    /// The parse of `doc`; `None` where no parser ran.
    pub(crate) fn of(doc: &'a Doc) -> Option<Parse<'a>> {
        let n = doc.tokens.len();
        if doc.tokens.iter().all(|t| t.deprel.is_none()) {
            return None;
        }
        let mut ent: Vec<Option<usize>> = vec![None; n];
        let mut order: Vec<(usize, usize, usize)> = doc
            .mentions
            .iter()
            .filter_map(|m| m.entity.map(|e| (m.start, m.end, e)))
            .collect();
        order.sort_unstable();
        let mut k = 0;
        for (i, t) in doc.tokens.iter().enumerate() {
            while k < order.len() && order[k].1 <= t.start {
                k += 1;
            }
            if let Some(&(s, e, id)) = order.get(k) {
                if s <= t.start && t.end <= e {
                    ent[i] = Some(id);
                }
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, t) in doc.tokens.iter().enumerate() {
            if let Some(h) = t.head.filter(|&h| h < n) {
                children[h].push(i);
            }
        }
        Some(Parse { doc, ent, children })
    }

    /// Token `i`'s relation to its head ("" if none).
    pub(crate) fn rel(&self, i: usize) -> &'a str {
        self.doc.tokens[i].deprel.as_deref().unwrap_or("")
    }

    /// Token `i`'s lemma (its text without one), lowercase.
    pub(crate) fn lemma(&self, i: usize) -> String {
        let t = &self.doc.tokens[i];
        t.lemma.as_deref().unwrap_or(&t.text).to_lowercase()
    }

    /// The type of token `i`'s entity, if it is in a mention.
    pub(crate) fn etype(&self, i: usize) -> Option<EntityType> {
        self.ent[i]
            .and_then(|e| self.doc.entities.get(e))
            .map(|e| e.etype)
    }

    /// The lemma of token `c`'s `case` dependent ("of", "in", "including").
    pub(crate) fn case_of(&self, c: usize) -> Option<String> {
        self.children[c]
            .iter()
            .find(|&&y| self.rel(y) == "case")
            .map(|&y| self.lemma(y))
    }
}

/// The relations the parse shows in `doc`, as `(type, person, group,
/// sentence)`.
pub fn find(doc: &Doc) -> Vec<(RelationType, usize, usize, usize)> {
    let Some(parse) = Parse::of(doc) else {
        return Vec::new();
    };
    let n = doc.tokens.len();
    let (ent, children) = (&parse.ent, &parse.children);
    let etype = |i: usize| parse.etype(i);
    let rel = |i: usize| parse.rel(i);
    let lemma = |i: usize| parse.lemma(i);
    // Groups a role noun points at: its nmod, nmod:poss and compound
    // dependents (and their conjuncts) that are group mentions.
    let groups_of = |r: usize, rt: RelationType| -> Vec<usize> {
        let mut out = Vec::new();
        for &c in &children[r] {
            let d = rel(c);
            if !(d == "nmod" || d == "nmod:poss" || d == "compound") {
                continue;
            }
            for x in
                std::iter::once(c).chain(children[c].iter().copied().filter(|&y| rel(y) == "conj"))
            {
                if let (Some(e), Some(t)) = (ent[x], etype(x)) {
                    if target_fits(rt, t) && !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
        }
        out
    };
    let person = |i: usize| etype(i) == Some(EntityType::Person);
    let case_of = |c: usize| parse.case_of(c);
    let mut out = Vec::new();
    for r in 0..n {
        let Some(rt) = relation_of(&lemma(r)) else {
            continue;
        };
        if doc.tokens[r].upos.as_deref().is_some_and(|u| u != "NOUN")
            || ent[r].is_some() && !person(r)
        {
            // Only common nouns (or a role word inside a person's name
            // span, as tagger spans often include titles).
            if doc.tokens[r].upos.as_deref() != Some("PROPN") || !person(r) {
                continue;
            }
        }
        let groups = groups_of(r, rt);
        if groups.is_empty() {
            continue;
        }
        // A leader of a part ("the group's leader in the valley", "its
        // regional chief") is a member of the whole.
        let regional = children[r].iter().any(|&c| {
            (rel(c) == "amod"
                && ["regional", "local", "provincial", "district"].contains(&lemma(c).as_str()))
                || (rel(c).starts_with("nmod")
                    && case_of(c).as_deref() == Some("in")
                    && matches!(
                        etype(c),
                        Some(EntityType::Location) | Some(EntityType::Country) | None
                    ))
        });
        let rt = if rt == RelationType::LeaderOf && regional {
            RelationType::MemberOf
        } else {
            rt
        };
        let mut people: Vec<usize> = Vec::new();
        let mut add = |i: usize| {
            if person(i) {
                if let Some(e) = ent[i] {
                    if !people.contains(&e) {
                        people.push(e);
                    }
                }
            }
        };
        let h = doc.tokens[r].head.filter(|&h| h < n);
        match rel(r) {
            // "X, a member of G" / "G leader X" / "X (the G founder)".
            "appos" | "compound" | "flat" | "nmod:desc" => {
                if let Some(h) = h {
                    add(h);
                }
            }
            // "X served as leader of G": the verb's subject.
            "obl" | "xcomp" | "advcl" if case_of(r).as_deref() == Some("as") => {
                if let Some(h) = h {
                    for &c in &children[h] {
                        if rel(c).starts_with("nsubj") {
                            add(c);
                        }
                    }
                }
            }
            _ => {}
        }
        for &c in &children[r] {
            match rel(c) {
                // "the group's spokesman, X": the name apposed to the role.
                "appos" => add(c),
                // "X was the leader of G".
                "nsubj" if children[r].iter().any(|&y| rel(y) == "cop") => add(c),
                // "officers of G, including X": the list hangs on the role
                // noun or, as parsers often attach it, on the group.
                d if d.starts_with("nmod") || d == "obl" => {
                    for x in std::iter::once(c).chain(children[c].iter().copied()) {
                        let d = rel(x);
                        if (d.starts_with("nmod") || d == "obl")
                            && matches!(case_of(x).as_deref(), Some("include") | Some("including"))
                        {
                            add(x);
                        }
                    }
                }
                _ => {}
            }
        }
        // The role noun inside the person's own span ("Commander X").
        if person(r) {
            add(r);
        }
        let s = doc.tokens[r].sentence;
        for &p in &people {
            for &g in &groups {
                if p != g {
                    out.push((rt, p, g, s));
                }
            }
        }
    }
    // "Private X of the 10th Brigade", "Y of the Alignment": a person
    // name with an "of" modifier that is a group.
    for h in 0..n {
        if !person(h) {
            continue;
        }
        for &c in &children[h] {
            if rel(c) == "nmod"
                && ent[c] != ent[h]
                && etype(c)
                    .is_some_and(|t| matches!(t, EntityType::ArmedGroup | EntityType::Organization))
                && case_of(c).as_deref() == Some("of")
            {
                if let (Some(p), Some(g)) = (ent[h], ent[c]) {
                    out.push((RelationType::MemberOf, p, g, doc.tokens[h].sentence));
                }
            }
        }
    }
    out
}

/// The `dep_relations` component: adds [`find`]'s relations to
/// `Doc::relations`, citing the sentence (evidence joins an existing
/// relation of the same type and ends).
#[derive(Debug, Default, Clone, Copy)]
pub struct DepRelations;

impl Component for DepRelations {
    fn name(&self) -> &str {
        "dep_relations"
    }

    fn requires(&self) -> &[Layer] {
        &[Layer::Deps, Layer::Entities, Layer::Relations]
    }

    fn assigns(&self) -> &[Layer] {
        &[Layer::Relations]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("dep_relations", e.to_string()))?;
        for (rtype, s, t, sent) in find(doc) {
            let Some(ev) = crate::sentence_evidence(doc, sent) else {
                continue;
            };
            let rel = Relation {
                rtype,
                source: s,
                target: t,
                confidence: 0.7,
                date: None,
                modality: None,
                evidence: vec![ev],
            };
            crate::add_relation(doc, rel);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;

    fn run(markup: &str) -> Doc {
        let mut d = doc_from_markup(markup);
        dossier_parser::DependencyParser::new()
            .process(&mut d)
            .unwrap();
        DepRelations.process(&mut d).unwrap();
        d
    }

    /// Whether `d` has a relation of type `t` from the person named `s` to
    /// its (one) armed group.
    fn has(d: &Doc, t: RelationType, s: &str) -> bool {
        d.relations.iter().any(|r| {
            r.rtype == t
                && d.entities[r.source].name == s
                && d.entities[r.target].etype == EntityType::ArmedGroup
        })
    }

    #[test]
    fn roles_through_the_parse() {
        let cases = [
            ("[Orla Vance|person], a senior commander of [the Tallis Front|armed_group], was killed.", RelationType::MemberOf),
            ("[The Tallis Front|armed_group]'s founder, [Orla Vance|person], left the group in 2011.", RelationType::FounderOf),
            ("[Orla Vance|person] was the leader of [the Tallis Front|armed_group] until 2011.", RelationType::LeaderOf),
            ("[Tallis Front|armed_group] spokesman [Orla Vance|person] denied the report.", RelationType::MemberOf),
            ("[Orla Vance|person] served as leader of [the Tallis Front|armed_group] for a decade.", RelationType::LeaderOf),
            ("Private [Orla Vance|person] of [the Tallis Front|armed_group] was shot.", RelationType::MemberOf),
            ("[Orla Vance|person], [the Tallis Front|armed_group]'s leader in [Olm|location], was killed.", RelationType::MemberOf),
        ];
        for (m, t) in cases {
            let d = run(m);
            assert!(has(&d, t, "Orla Vance"), "{m}: {:?}", d.relations);
        }
    }

    #[test]
    fn included_people() {
        let d = run("Senior officers of [the Tallis Front|armed_group], including [Orla Vance|person], testified.");
        assert!(
            has(&d, RelationType::MemberOf, "Orla Vance"),
            "{:?}",
            d.relations
        );
    }

    #[test]
    fn no_role_no_relation() {
        let d = run("[Orla Vance|person] criticised [the Tallis Front|armed_group] on Monday.");
        assert!(d.relations.is_empty(), "{:?}", d.relations);
        // Without a parse nothing is read.
        let mut d = doc_from_markup(
            "[Orla Vance|person], a member of [the Tallis Front|armed_group], spoke.",
        );
        DepRelations.process(&mut d).unwrap();
        assert!(d.relations.is_empty());
    }
}
