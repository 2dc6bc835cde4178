//! The `coref` component: groups the mentions of a document into entities.
//!
//! Rules, in order of application:
//! - identical names after normalization (case, apostrophes, diacritics);
//!   countries by country (name, alias or demonym-as-country), group
//!   identities by identity (demonyms by country);
//! - an acronym defined in parentheses right after a name belongs to that
//!   name, whatever the spelling of the expansion; an undefined acronym joins
//!   the one earlier long name whose initials it spells;
//! - a surname or short form of a person introduced earlier (or later) joins
//!   that person, only when exactly one person fits;
//! - spelling variants of a long name (same type, 7+ chars, edit distance ≤ 2,
//!   same first letter);
//! - "G: Full Name" and "its full name, “…”" make aliases; "Demonym G" and
//!   "Country's G" are recorded as aliases of G;
//! - nominals ("the group", "the militia", "the movement", "the
//!   organization") resolve to the most recent armed group or organization
//!   of the last three sentences, and "he", "his", "him" to the only person
//!   of the current and previous sentence; both are added as mentions.
//!
//! The canonical name is the longest full name (most frequent on ties);
//! the type is the best-supported type of the entity's name mentions, a
//! gazetteer country winning.

use crate::gazetteer::Gazetteer;
use crate::recognize::is_possessive;
use crate::text::{edit_distance, fold, initials, is_acronym, name_key};
use dossier_doc::{
    Component, ComponentError, Doc, Entity, EntityType, Layer, Mention, MentionKind,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

mod aliases;
mod anaphora;
mod clusters;
mod index;
mod layout;
mod names;
mod words;
use self::clusters::*;
pub use self::layout::*;
use self::names::*;
use self::words::*;

/// The `coref` component (requires mentions, assigns entities).
#[derive(Debug, Clone, Copy, Default)]
pub struct Coref {
    _private: (),
}

impl Coref {
    /// Coreference over the embedded gazetteer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Component for Coref {
    fn name(&self) -> &str {
        "coref"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Mentions]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Layout]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Entities]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        resolve(doc, Gazetteer::global());
        Ok(())
    }
    fn warm_up(&self) {
        Gazetteer::warm_up();
    }
}

struct Resolver<'a> {
    doc: &'a Doc,
    g: &'a Gazetteer,
    ms: Vec<Mention>,
    /// Mention → cluster.
    of: Vec<Option<usize>>,
    clusters: Vec<Cluster>,
    /// Acronym mention → mention it abbreviates.
    defined: HashMap<usize, usize>,
    /// Mention → mention it must join (quoted full names).
    forced: HashMap<usize, usize>,
    /// Mentions that are aliases only (never the canonical name).
    alias_only: HashSet<usize>,
    /// Aliases to attach to the cluster of a mention.
    pending_aliases: Vec<(usize, String)>,
    /// Nominal and pronoun mentions found, with their cluster.
    added: Vec<(Mention, usize)>,
    /// Per sentence: whether it is a heading.
    headings: Vec<bool>,
    /// Per mention: the words of its name key (filled before placing).
    words: Vec<Vec<String>>,
    /// Grouping key → the clusters that have had it (live or not).
    key_clusters: HashMap<String, Vec<usize>>,
    /// Name key → where mentions with that key are (sentence, start, end).
    spans_by_key: HashMap<String, Vec<(usize, usize, usize)>>,
    /// The clusters' names by the features the finders look them up by.
    index: index::NameIndex,
}

/// Groups `doc.mentions` into `doc.entities` (replacing any), sets each
/// mention's `entity` and `kind`, and adds resolved nominal and pronoun
/// mentions. Mentions stay sorted by start.
pub fn resolve(doc: &mut Doc, g: &Gazetteer) {
    let mut ms: Vec<Mention> = std::mem::take(&mut doc.mentions)
        .into_iter()
        .filter(|m| m.source != "coref" && m.start < m.end)
        .collect();
    ms = keep_by_layout(doc, g, ms);
    ms.retain(|m| !names_a_happening_or_text(m));
    ms.sort_by(|a, b| {
        (a.start, a.end).cmp(&(b.start, b.end)).then(
            b.confidence
                .partial_cmp(&a.confidence)
                .unwrap_or(std::cmp::Ordering::Equal),
        )
    });
    ms.dedup_by(|b, a| a.start == b.start && a.end == b.end);
    let n = ms.len();
    let mut r = Resolver {
        doc,
        g,
        ms,
        of: vec![None; n],
        clusters: Vec::new(),
        defined: HashMap::default(),
        forced: HashMap::default(),
        alias_only: HashSet::default(),
        pending_aliases: Vec::new(),
        added: Vec::new(),
        headings: crate::recognize::Vocab::headings_of(doc),
        words: Vec::new(),
        key_clusters: HashMap::default(),
        spans_by_key: HashMap::default(),
        index: index::NameIndex::default(),
    };
    r.acronym_definitions();
    r.cued_aliases();
    r.parenthesized_names();
    r.translated_names();
    r.quoted_full_names();
    r.colon_aliases();
    r.words =
        r.ms.iter()
            .map(|m| name_key(&m.text).split(' ').map(String::from).collect())
            .collect();
    for (i, w) in r.words.iter().enumerate() {
        let m = &r.ms[i];
        r.spans_by_key
            .entry(w.join(" "))
            .or_default()
            .push((m.sentence, m.start, m.end));
    }
    for i in 0..r.ms.len() {
        r.place(i);
    }
    r.late_merges();
    r.prefix_aliases();
    r.nominals_and_pronouns();
    let (mentions, entities) = r.finish();
    doc.mentions = mentions;
    doc.entities = entities;
}

impl<'a> Resolver<'a> {
    /// The token that starts at char `c` (tokens are sorted and disjoint).
    fn token_starting(&self, c: usize) -> Option<usize> {
        let t = &self.doc.tokens;
        let i = t.partition_point(|x| x.start < c);
        (i < t.len() && t[i].start == c).then_some(i)
    }

    /// The token that ends at char `c`.
    fn token_ending(&self, c: usize) -> Option<usize> {
        let t = &self.doc.tokens;
        let i = t.partition_point(|x| x.end < c);
        (i < t.len() && t[i].end == c).then_some(i)
    }
}

#[cfg(test)]
mod tests;
