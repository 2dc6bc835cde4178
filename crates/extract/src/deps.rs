//! Relations read from the dependency parse by the patterns of
//! `patterns/relations.toml` (see [`crate::pattern`] and
//! `patterns/README.md`): role nouns joining a person and a group whatever
//! the word order —
//!
//! | structure | example (invented) |
//! |---|---|
//! | apposition, role noun with `nmod`/`nmod:poss`/`compound` to the group | "Orla Vance, a senior commander of the Tallis Front, …"; "the Front's spokesman, Orla Vance, …" |
//! | role noun as a `compound` of the name | "Tallis Front leader Orla Vance" |
//! | copula | "Orla Vance was the founder of the Tallis Front." |
//! | `as` phrase of the person's verb | "Vance served as leader of the Tallis Front." |
//!
//! — and verbs with their subjects, objects and `by` agents: founding,
//! leading, funding and arming, training, allying, fighting, joining, being
//! based or active somewhere ("X founded Y", "Y, led by X", "X and Y formed
//! an alliance", "clashes between X and Y", "Y is based in L"). Runs only
//! where the `parser` component ran (`Layer::Deps`).

use crate::pattern::PatternSet;
use dossier_doc::{Component, ComponentError, Doc, EntityType, Layer, Relation, RelationType};
use std::sync::Arc;

/// A document's dependency parse as the parse readers (`deps`, `titles`,
/// `agents`) use it: each token's entity (through the mention covering it)
/// and its dependents (12 bytes a token, issue 14).
pub(crate) struct Parse<'a> {
    doc: &'a Doc,
    /// The entity of the mention covering each token, if any.
    pub(crate) ent: Ents,
    /// Each token's dependents, in order.
    pub(crate) children: Children,
}

/// Each token's entity, if any, as a `u32` (`u32::MAX` for none: 4 bytes a
/// token instead of the 16 of an `Option<usize>`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Ents(Vec<u32>);

impl Ents {
    const NONE: u32 = u32::MAX;

    /// `n` tokens without an entity.
    pub(crate) fn none(n: usize) -> Ents {
        Ents(vec![Ents::NONE; n])
    }

    /// Token `i`'s entity (none for a token out of range).
    pub(crate) fn get(&self, i: usize) -> Option<usize> {
        self.0
            .get(i)
            .filter(|&&e| e != Ents::NONE)
            .map(|&e| e as usize)
    }

    /// Gives token `i` entity `e` (an index too large for a `u32` is none).
    pub(crate) fn set(&mut self, i: usize, e: usize) {
        if let (Some(slot), Ok(e)) = (self.0.get_mut(i), u32::try_from(e)) {
            if e != Ents::NONE {
                *slot = e;
            }
        }
    }

    /// The number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Each token's dependents, in order, in two flat vectors of `u32` (8 bytes
/// a token instead of a vector per token): `children.of(i)` iterates them.
#[derive(Debug, Default)]
pub(crate) struct Children {
    /// Where token `i`'s dependents start in `flat`; one more for the end.
    starts: Vec<u32>,
    flat: Vec<u32>,
}

impl Children {
    /// The dependents of each of `n` tokens, given each token's head (a
    /// head out of range is none; `n` below `u32::MAX`).
    fn new(heads: impl Iterator<Item = Option<usize>> + Clone, n: usize) -> Children {
        let mut starts = vec![0u32; n + 1];
        for h in heads.clone().flatten().filter(|&h| h < n) {
            starts[h + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut flat = vec![0u32; starts[n] as usize];
        for (i, h) in heads.enumerate() {
            if let Some(h) = h.filter(|&h| h < n) {
                flat[next[h] as usize] = i as u32;
                next[h] += 1;
            }
        }
        Children { starts, flat }
    }

    /// Token `i`'s dependents, in order (none for a token out of range).
    pub(crate) fn of(&self, i: usize) -> Kids<'_> {
        let range = match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.flat[a as usize..b as usize],
            _ => &[],
        };
        Kids(range.iter())
    }
}

/// The dependents of one token, as `usize` indexes.
#[derive(Debug, Clone)]
pub(crate) struct Kids<'a>(std::slice::Iter<'a, u32>);

impl Iterator for Kids<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        self.0.next().map(|&c| c as usize)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Kids<'_> {
    fn next_back(&mut self) -> Option<usize> {
        self.0.next_back().map(|&c| c as usize)
    }
}

impl ExactSizeIterator for Kids<'_> {}

impl<'a> Parse<'a> {
    /// The parse of `doc`; `None` where no parser ran (or for a document
    /// of `u32::MAX` tokens or more).
    pub(crate) fn of(doc: &'a Doc) -> Option<Parse<'a>> {
        let n = doc.tokens.len();
        if n >= u32::MAX as usize || doc.tokens.iter().all(|t| t.deprel.is_none()) {
            return None;
        }
        let mut ent = Ents::none(n);
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
                    ent.set(i, id);
                }
            }
        }
        let children = Children::new(doc.tokens.iter().map(|t| t.head), n);
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
        self.ent
            .get(i)
            .and_then(|e| self.doc.entities.get(e))
            .map(|e| e.etype)
    }

    /// The lemma of token `c`'s `case` dependent ("of", "in", "including").
    #[allow(dead_code)] // part of the readers' API; the patterns test `case` themselves
    pub(crate) fn case_of(&self, c: usize) -> Option<String> {
        self.children
            .of(c)
            .find(|&y| self.rel(y) == "case")
            .map(|y| self.lemma(y))
    }
}

/// The relations the built-in patterns find in `doc`, as `(type, source,
/// target, sentence)`.
pub fn find(doc: &Doc) -> Vec<(RelationType, usize, usize, usize)> {
    PatternSet::builtin()
        .find(doc)
        .into_iter()
        .map(|m| (m.rtype, m.source, m.target, m.sentence))
        .collect()
}

/// Adds what `set` finds in `doc` to `Doc::relations`, citing the
/// trigger's sentence (evidence joins an existing relation of the same type
/// and ends).
fn add_found(set: &PatternSet, doc: &mut Doc) {
    let anaphors = crate::anaphora::group_anaphors(doc);
    let rels: Vec<Relation> = set
        .find_with(doc, &anaphors)
        .into_iter()
        .filter_map(|m| {
            let ev = crate::sentence_evidence(doc, m.sentence)?;
            // a slot filled through "it" or "the group" cites the sentence
            // naming what it refers to as well
            let mut evidence: Vec<dossier_doc::Evidence> = crate::anaphora::antecedent_sentences(
                doc,
                &anaphors,
                m.sentence,
                &[m.source, m.target],
            )
            .into_iter()
            .filter_map(|s| crate::sentence_evidence(doc, s))
            .collect();
            evidence.push(ev);
            evidence.sort_by_key(|e| e.sentence);
            Some(Relation {
                rtype: m.rtype,
                source: m.source,
                target: m.target,
                confidence: m.confidence,
                date: None,
                modality: None,
                evidence,
            })
        })
        .collect();
    crate::add_relations(doc, rels);
}

/// The `dep_relations` component: adds what the built-in patterns
/// (`patterns/relations.toml`) find to `Doc::relations`, citing the
/// sentence (evidence joins an existing relation of the same type and
/// ends).
#[derive(Debug, Default, Clone, Copy)]
pub struct DepRelations;

impl Component for DepRelations {
    fn name(&self) -> &str {
        "dep_relations"
    }

    fn requires(&self) -> &[Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Deps,
            Layer::Mentions,
            Layer::Entities,
            Layer::Relations,
        ]
    }

    fn reads(&self) -> &[Layer] {
        // group anaphora stop at headings (`anaphora`)
        &[Layer::Layout]
    }

    fn assigns(&self) -> &[Layer] {
        &[Layer::Relations]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("dep_relations", e.to_string()))?;
        add_found(PatternSet::builtin(), doc);
        Ok(())
    }
}

/// `dep_relations` with a pattern set of one's own (a file in the format of
/// `patterns/README.md`) instead of the built-in one; it keeps the name
/// `"dep_relations"`.
#[derive(Debug, Clone)]
pub struct PatternRelations {
    set: Arc<PatternSet>,
}

impl PatternRelations {
    /// The component with `set`.
    pub fn new(set: PatternSet) -> PatternRelations {
        PatternRelations { set: Arc::new(set) }
    }

    /// The component with the patterns of the file at `path`.
    pub fn from_file(
        path: &std::path::Path,
    ) -> Result<PatternRelations, crate::pattern::PatternError> {
        Ok(PatternRelations::new(PatternSet::load(path)?))
    }
}

impl Component for PatternRelations {
    fn name(&self) -> &str {
        "dep_relations"
    }

    fn requires(&self) -> &[Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Deps,
            Layer::Mentions,
            Layer::Entities,
            Layer::Relations,
        ]
    }

    fn reads(&self) -> &[Layer] {
        // group anaphora stop at headings (`anaphora`)
        &[Layer::Layout]
    }

    fn assigns(&self) -> &[Layer] {
        &[Layer::Relations]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("dep_relations", e.to_string()))?;
        add_found(&self.set, doc);
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
    fn a_pronoun_fills_a_slot_and_its_antecedent_is_cited() {
        let d = run("[The Tallis Front|armed_group] grew quickly in the north. It was founded by [Orla Vance|person] in 2009.");
        let r = d
            .relations
            .iter()
            .find(|r| r.rtype == RelationType::FounderOf)
            .unwrap_or_else(|| panic!("{:?}", d.relations));
        assert_eq!(d.entities[r.source].name, "Orla Vance");
        let cited: Vec<usize> = r.evidence.iter().map(|e| e.sentence).collect();
        assert_eq!(cited, vec![0, 1]);
        // "it" after a place is the place: no founder of the group
        let d = run("[The Tallis Front|armed_group] took [Olm|location]. The town lies on a river. It was founded by [Orla Vance|person] in 1890.");
        assert!(
            d.relations
                .iter()
                .all(|r| r.rtype != RelationType::FounderOf),
            "{:?}",
            d.relations
        );
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
        let d = run("[Orla Vance|person] met [the Tallis Front|armed_group] on Monday.");
        assert!(d.relations.is_empty(), "{:?}", d.relations);
        // Criticism is hostility (corpus/GUIDE.md), not a role.
        let d = run("[Orla Vance|person] criticised [the Tallis Front|armed_group] on Monday.");
        assert!(
            d.relations
                .iter()
                .all(|r| r.rtype == RelationType::HostileTo),
            "{:?}",
            d.relations
        );
        // Without a parse nothing is read.
        let mut d = doc_from_markup(
            "[Orla Vance|person], a member of [the Tallis Front|armed_group], spoke.",
        );
        DepRelations.process(&mut d).unwrap();
        assert!(d.relations.is_empty());
    }

    #[test]
    fn issue14_flat_children_equal_a_vector_per_token() {
        // heads of 7 tokens: two roots, a head out of range (none)
        let heads = [Some(1), None, Some(1), Some(2), Some(1), Some(9), None];
        let c = super::Children::new(heads.iter().copied(), heads.len());
        let mut each: Vec<Vec<usize>> = vec![Vec::new(); heads.len()];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = h.filter(|&h| h < heads.len()) {
                each[h].push(i);
            }
        }
        for (i, want) in each.iter().enumerate() {
            assert_eq!(c.of(i).collect::<Vec<_>>(), *want, "token {i}");
        }
        assert_eq!(c.of(1).collect::<Vec<_>>(), [0, 2, 4]);
        assert_eq!(c.of(1).rev().collect::<Vec<_>>(), [4, 2, 0]);
        // out of range: none
        assert_eq!(c.of(7).count(), 0);
        assert_eq!(c.of(99).count(), 0);
        let none = super::Children::new(std::iter::empty(), 0);
        assert_eq!(none.starts, [0]);
        assert_eq!(none.of(0).count(), 0);
    }

    #[test]
    fn issue14_entities_as_u32_read_as_options() {
        let mut e = super::Ents::none(3);
        assert_eq!(
            (e.get(0), e.get(1), e.get(2), e.get(3)),
            (None, None, None, None)
        );
        e.set(1, 7);
        e.set(5, 2); // out of range: ignored
        e.set(2, u32::MAX as usize); // too large: stays none
        assert_eq!((e.get(0), e.get(1), e.get(2)), (None, Some(7), None));
        assert_eq!(e.len(), 3);
    }
}
