//! A sentence seen as a sequence of *units*: every entity mention collapsed
//! into one unit that points at its entity, every other token a word unit.
//! The relation, event and attribute patterns all read this view.

use crate::lexicon::{self, is_in};
use dossier_doc::{DateKind, Doc, EntityType, MentionKind, Modality, OptIdx, SmallStr, Tag};
use std::sync::{Arc, OnceLock};

/// A token or a whole entity mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Its text.
    pub text: SmallStr,
    /// Lowercase text with curly apostrophes made straight.
    pub lower: SmallStr,
    /// The entity it refers to, if it is (or was resolved as) a mention
    /// (4 bytes: `ent.get()` reads it as an `Option<usize>`).
    pub ent: OptIdx,
    /// The entity's type.
    pub etype: Option<EntityType>,
    /// How the mention refers (None for words and fallback pronouns).
    pub kind: Option<MentionKind>,
    /// The country entity this unit denotes: itself for a country, the
    /// country of a demonym ("Xish") otherwise (`country.get()`).
    pub country: OptIdx,
    /// Penn tag of its (last) token, when a tagger ran.
    pub pos: Option<Tag>,
}

impl Unit {
    /// Whether it refers to an entity.
    pub fn is_ent(&self) -> bool {
        self.ent.is_some()
    }
    /// Whether it refers to an entity of one of `types`.
    pub fn is_type(&self, types: &[EntityType]) -> bool {
        self.etype.is_some_and(|t| types.contains(&t))
    }
    /// Whether it is an actor: a person, group, organization or country.
    pub fn is_actor(&self) -> bool {
        self.is_type(ACTORS)
    }
    /// Whether it names a place (location, country or facility).
    pub fn is_place(&self) -> bool {
        self.is_type(PLACES)
    }
    /// Whether its text starts with a capital letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }
}

/// Entity types that act.
pub const ACTORS: &[EntityType] = &[
    EntityType::Person,
    EntityType::ArmedGroup,
    EntityType::Organization,
    EntityType::Country,
];
/// Collective actors.
pub const GROUPS: &[EntityType] = &[EntityType::ArmedGroup, EntityType::Organization];
/// Places.
pub const PLACES: &[EntityType] = &[
    EntityType::Location,
    EntityType::Country,
    EntityType::Facility,
];

/// One sentence as units.
#[derive(Debug, Clone, Default)]
pub struct SentView {
    /// Sentence index.
    pub sentence: usize,
    /// Its units in order.
    pub units: Units,
}

/// A sentence's units, shared: a copy of a view (the resolved views keep
/// every sentence without a definite description as it is) is a pointer,
/// not a second copy of its units. Reads as a slice of [`Unit`]s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Units(Arc<[Unit]>);

impl std::ops::Deref for Units {
    type Target = [Unit];
    fn deref(&self) -> &[Unit] {
        &self.0
    }
}

impl From<Vec<Unit>> for Units {
    fn from(units: Vec<Unit>) -> Units {
        Units(units.into())
    }
}

impl<'a> IntoIterator for &'a Units {
    type Item = &'a Unit;
    type IntoIter = std::slice::Iter<'a, Unit>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Units {
    /// Whether both share one list of units (one was copied from the other).
    pub fn shares(&self, other: &Units) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Maps country names, codes and demonyms to the country entities of a document.
pub trait GeoLookup: Send + Sync {
    /// ISO 3166 alpha-2 code of a country name, if known.
    fn country_code(&self, name: &str) -> Option<String>;
    /// ISO code of the country of a demonym ("Xish"), if known.
    fn demonym_code(&self, word: &str) -> Option<String>;
    /// ISO code of the country a city lies in, if known.
    fn city_code(&self, name: &str) -> Option<String>;
    /// A number that only lookups answering exactly like this one share,
    /// so that views built with it may be reused ([`Ctx::new`]); `None`
    /// (the default): never reuse.
    fn cache_key(&self) -> Option<u64> {
        None
    }
}

/// A lookup that knows nothing: demonyms are then matched to the
/// document's countries by their shared stem only.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoGeo;

impl GeoLookup for NoGeo {
    fn country_code(&self, _: &str) -> Option<String> {
        None
    }
    fn demonym_code(&self, _: &str) -> Option<String> {
        None
    }
    fn city_code(&self, _: &str) -> Option<String> {
        None
    }
    fn cache_key(&self) -> Option<u64> {
        Some(0x6e6f_6765_6f00)
    }
}

/// Irregular demonyms (public reference knowledge) → a word of the country name.
const IRREGULAR_DEMONYMS: &[(&str, &str)] = &[
    ("french", "france"),
    ("dutch", "netherlands"),
    ("british", "kingdom"),
    ("english", "england"),
    ("welsh", "wales"),
    ("scottish", "scotland"),
    ("swiss", "switzerland"),
    ("filipino", "philippines"),
    ("thai", "thailand"),
    ("afghan", "afghanistan"),
    ("american", "states"),
    ("emirati", "emirates"),
    ("danish", "denmark"),
    ("swedish", "sweden"),
    ("finnish", "finland"),
    ("polish", "poland"),
    ("irish", "ireland"),
    ("icelandic", "iceland"),
    ("norwegian", "norway"),
    ("peruvian", "peru"),
    ("malagasy", "madagascar"),
    ("burmese", "myanmar"),
    ("bangladeshi", "bangladesh"),
    ("kazakh", "kazakhstan"),
    ("uzbek", "uzbekistan"),
    ("tajik", "tajikistan"),
    ("turkmen", "turkmenistan"),
    ("kyrgyz", "kyrgyzstan"),
    ("spanish", "spain"),
    ("portuguese", "portugal"),
    ("greek", "greece"),
    ("cypriot", "cyprus"),
    ("belgian", "belgium"),
    ("saudi", "saudi"),
    ("soviet", "soviet"),
];

/// Normalizes a word: lowercase, curly apostrophes straight.
pub fn norm_word(s: &str) -> String {
    if s.is_ascii() {
        // the common case, in one pass and one allocation
        return s.to_ascii_lowercase();
    }
    s.to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '\u{02bc}'], "'")
}

/// Everything the patterns need about a document: the document, the
/// geographic lookup, and the [`CtxData`] derived from them (reached
/// through `Deref`: `ctx.views`, `ctx.canon`, …).
pub struct Ctx<'a> {
    /// The document.
    pub doc: &'a Doc,
    geo: &'a dyn GeoLookup,
    data: Arc<CtxData>,
}

/// What [`Ctx::new`] derives from a document: a pure function of its
/// text, sentences, tokens, mentions, entities and dates and of the
/// geographic lookup, so the relation, event and attribute extractors
/// share one copy through [`Doc::derived`] when the lookup has a
/// [`GeoLookup::cache_key`].
pub struct CtxData {
    /// One view per sentence.
    pub views: Vec<SentView>,
    /// Paragraph number of each sentence.
    pub para: Vec<usize>,
    countries: Vec<(usize, Vec<String>, Option<String>)>,
    /// For each entity, the entity that stands for every entity of the same name.
    pub canon: Vec<usize>,
    /// The document's main armed group ([`topic_group`]), computed once.
    pub topic: Option<usize>,
    /// Indexes into `doc.dates` of each sentence's dates, in document order.
    dates: Vec<Vec<usize>>,
    /// The views with definite descriptions resolved, built on first use.
    resolved: OnceLock<Vec<SentView>>,
    /// The titles of persons ([`crate::relations::titles`]), found once: by
    /// the relation extractor, or on first use.
    pub(crate) titles: OnceLock<Vec<crate::relations::TitleFact>>,
    /// What the event patterns find ([`Ctx::events`]), found once.
    events: OnceLock<Vec<dossier_doc::Event>>,
}

impl std::ops::Deref for Ctx<'_> {
    type Target = CtxData;
    fn deref(&self) -> &CtxData {
        &self.data
    }
}

/// A fingerprint of every layer [`CtxData`] is computed from.
fn fingerprint(doc: &Doc) -> u64 {
    use std::hash::{Hash, Hasher};
    use std::mem::discriminant;
    let mut h = dossier_doc::derived::Fingerprint::default();
    doc.text.hash(&mut h);
    doc.sentences.len().hash(&mut h);
    for s in &doc.sentences {
        (s.start, s.end, s.token_start, s.token_end).hash(&mut h);
    }
    doc.tokens.len().hash(&mut h);
    for t in &doc.tokens {
        (t.start, t.end, &t.text, &t.pos).hash(&mut h);
    }
    doc.mentions.len().hash(&mut h);
    for m in &doc.mentions {
        (m.start, m.end, m.sentence, m.entity, discriminant(&m.kind)).hash(&mut h);
    }
    doc.entities.len().hash(&mut h);
    for e in &doc.entities {
        (
            discriminant(&e.etype),
            &e.name,
            &e.aliases,
            e.mentions.len(),
        )
            .hash(&mut h);
    }
    doc.blocks.len().hash(&mut h);
    for b in &doc.blocks {
        (b.sentence_start, b.sentence_end, b.kind).hash(&mut h);
    }
    doc.dates.len().hash(&mut h);
    for d in &doc.dates {
        (d.sentence, discriminant(&d.kind), &d.edtf).hash(&mut h);
    }
    // the events ([`Ctx::events`]) read date values and the publication date
    doc.meta.published.hash(&mut h);
    h.finish()
}

/// For each entity, the one entity that stands for all entities with the
/// same (normalized) name: the one with most mentions. Upstream
/// coreference normally leaves one entity per name; this keeps facts from
/// being split when it does not.
pub fn canonical_entities(doc: &Doc) -> Vec<usize> {
    let key = |i: usize| norm_word(&doc.entities[i].name).replace(['-', '.'], " ");
    let mut best: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for i in 0..doc.entities.len() {
        let k = key(i);
        let e = best.entry(k).or_insert(i);
        let better = doc.entities[i].mentions.len() > doc.entities[*e].mentions.len()
            && doc.entities[i].etype != EntityType::GroupIdentity;
        if better {
            *e = i;
        }
    }
    (0..doc.entities.len()).map(|i| best[&key(i)]).collect()
}

/// The largest count in `counts` other than the one at `best` (0 if none).
pub(crate) fn runner_up(counts: &[usize], best: usize) -> usize {
    counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
}

/// The armed group a document is mostly about: the one with most name
/// mentions, if it has at least two.
pub fn topic_group(doc: &Doc, canon: &[usize]) -> Option<usize> {
    let mut counts = vec![0usize; doc.entities.len()];
    for m in &doc.mentions {
        if let Some(e) = m.entity {
            let c = canon.get(e).copied().unwrap_or(e);
            if c < counts.len()
                && doc.entities[c].etype == EntityType::ArmedGroup
                && m.kind != MentionKind::Pronoun
            {
                counts[c] += 1;
            }
        }
    }
    let (best, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    let second = runner_up(&counts, best);
    (*n >= 2 && *n > second).then_some(best)
}

const PERSON_PRONOUNS: &[&str] = &["he", "him", "his", "she", "her", "himself", "herself"];
const GROUP_PRONOUNS: &[&str] = &["it", "its", "they", "their", "them", "itself", "themselves"];

/// What [`Ctx::build_views`] carries from sentence to sentence: the last
/// person, actor (group, organization or country) and group named, each
/// with its sentence, for the views' own pronoun reading; and the country
/// each word denotes, looked up once per distinct text.
#[derive(Default)]
struct ViewState<'a> {
    last_person: Option<(usize, usize)>,
    last_actor: Option<(usize, usize)>,
    last_group: Option<(usize, usize)>,
    countries: std::collections::HashMap<&'a str, Option<usize>>,
}

impl<'a> ViewState<'a> {
    /// The country entity `word` denotes ([`Ctx::country_of_word`]), cached.
    fn country_of(&mut self, ctx: &Ctx<'a>, word: &'a str) -> Option<usize> {
        *self
            .countries
            .entry(word)
            .or_insert_with(|| ctx.country_of_word(word))
    }
}

impl<'a> Ctx<'a> {
    /// The views of every sentence of `doc`: built, or shared with an
    /// earlier `Ctx` of the same document, layers and lookup.
    pub fn new(doc: &'a Doc, geo: &'a dyn GeoLookup) -> Self {
        let data = match geo.cache_key() {
            Some(k) => doc.derived(fingerprint(doc) ^ k.rotate_left(17), || {
                Ctx::build(doc, geo)
            }),
            None => Arc::new(Ctx::build(doc, geo)),
        };
        Ctx { doc, geo, data }
    }

    /// Builds the views of every sentence of `doc`, sharing nothing.
    pub fn fresh(doc: &'a Doc, geo: &'a dyn GeoLookup) -> Self {
        Ctx {
            doc,
            geo,
            data: Arc::new(Ctx::build(doc, geo)),
        }
    }

    /// Builds views only of the sentences `keep` selects; every other
    /// sentence's view is empty (no units). The views kept are exactly
    /// those [`Ctx::new`] builds (the pronoun reading still walks every
    /// sentence), and the other parts of [`CtxData`] are whole; nothing is
    /// shared through [`Doc::derived`]. For a reader of a few sentences
    /// (the learned event detector's casualty counts), whose views of the
    /// whole document would be its largest transient.
    pub fn with_views_of(
        doc: &'a Doc,
        geo: &'a dyn GeoLookup,
        keep: &dyn Fn(usize) -> bool,
    ) -> Self {
        Ctx {
            doc,
            geo,
            data: Arc::new(Ctx::build_keeping(doc, geo, Some(keep))),
        }
    }

    fn build(doc: &'a Doc, geo: &'a dyn GeoLookup) -> CtxData {
        Ctx::build_keeping(doc, geo, None)
    }

    /// [`Ctx::build`], with the views of the sentences `keep` leaves out
    /// empty (all kept when `None`).
    fn build_keeping(
        doc: &'a Doc,
        geo: &'a dyn GeoLookup,
        keep: Option<&dyn Fn(usize) -> bool>,
    ) -> CtxData {
        let countries = doc
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.etype == EntityType::Country)
            .map(|(i, e)| {
                let mut names: Vec<String> = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| norm_word(n))
                    .collect();
                names.dedup();
                let code = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .find_map(|n| geo.country_code(n));
                (i, names, code)
            })
            .collect();
        let canon = canonical_entities(doc);
        let mut data = CtxData {
            views: Vec::new(),
            para: paragraphs(doc),
            countries,
            topic: topic_group(doc, &canon),
            canon,
            dates: vec![Vec::new(); doc.sentences.len()],
            resolved: OnceLock::new(),
            titles: OnceLock::new(),
            events: OnceLock::new(),
        };
        for (i, d) in doc.dates.iter().enumerate() {
            if let Some(v) = data.dates.get_mut(d.sentence) {
                v.push(i);
            }
        }
        let ctx = Ctx {
            doc,
            geo,
            data: Arc::new(data),
        };
        let views = ctx.build_views(keep);
        let mut data = Arc::try_unwrap(ctx.data).unwrap_or_else(|_| unreachable!("not shared yet"));
        data.views = views;
        data
    }

    /// The views with definite descriptions of known bodies collapsed into
    /// entity units ([`crate::relations::descriptions::resolved_views`]),
    /// built once.
    pub fn resolved_views(&self) -> &[SentView] {
        self.data
            .resolved
            .get_or_init(|| crate::relations::descriptions::resolved_views(self))
    }

    /// The events the event patterns find ([`crate::events::extract`]), run
    /// once per document and layers: the event extractor and the attribute
    /// extractor (for founding dates when no events were stored) share them.
    pub fn events(&self) -> &[dossier_doc::Event] {
        self.data
            .events
            .get_or_init(|| crate::events::extract(self))
    }

    /// The geographic lookup.
    pub fn geo(&self) -> &dyn GeoLookup {
        self.geo
    }

    /// The country entity a word denotes (its name or a demonym), if the
    /// document mentions that country.
    pub fn country_of_word(&self, word: &str) -> Option<usize> {
        let w = norm_word(word.trim_end_matches("'s"));
        if w.chars().count() < 3 {
            return None;
        }
        if let Some((i, _, _)) = self
            .countries
            .iter()
            .find(|(_, names, _)| names.contains(&w))
        {
            return Some(*i);
        }
        if let Some(code) = self.geo.demonym_code(word) {
            if let Some((i, _, _)) = self
                .countries
                .iter()
                .find(|(_, _, c)| c.as_deref() == Some(code.as_str()))
            {
                return Some(*i);
            }
        }
        if let Some((_, stem)) = IRREGULAR_DEMONYMS.iter().find(|(d, _)| *d == w) {
            return self
                .countries
                .iter()
                .find(|(_, names, _)| {
                    names
                        .iter()
                        .any(|n| n.split_whitespace().any(|p| p == *stem))
                })
                .map(|(i, _, _)| *i);
        }
        if !word.chars().next().is_some_and(|c| c.is_uppercase()) || w.chars().count() < 4 {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, names, _) in &self.countries {
            for n in names {
                let parts: Vec<&str> = n.split_whitespace().collect();
                let cands = [parts.first().copied(), parts.last().copied()];
                for p in cands.into_iter().flatten() {
                    let common = w.chars().zip(p.chars()).take_while(|(a, b)| a == b).count();
                    let plen = p.chars().count();
                    if common >= 4 && common + 2 >= plen && best.is_none_or(|(_, c)| common > c) {
                        best = Some((*i, common));
                    }
                }
            }
        }
        best.map(|(i, _)| i)
    }

    /// One view per sentence ([`SentView`]): mentions collapsed into entity
    /// units, "the group" left unlinked read as the main group, group and
    /// person pronouns read by the views' own rule ([`Ctx::word_unit`]).
    /// Only the sentences `keep` selects get their units (see
    /// [`Ctx::with_views_of`]); the previous sentence's view, which the
    /// pronoun reading consults, is held until the next one is built.
    fn build_views(&self, keep: Option<&dyn Fn(usize) -> bool>) -> Vec<SentView> {
        let doc = self.doc;
        let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
        for (mi, m) in doc.mentions.iter().enumerate() {
            if m.entity.is_some() && m.sentence < by_sentence.len() {
                by_sentence[m.sentence].push(mi);
            }
        }
        let mut state = ViewState::default();
        let mut views = Vec::with_capacity(doc.sentences.len());
        let empty = Units::default();
        let mut prev: Option<SentView> = None;
        for (si, ms) in by_sentence.iter_mut().enumerate() {
            // longest first at equal start, so nested mentions lose
            ms.sort_by_key(|&mi| {
                (
                    doc.mentions[mi].start,
                    std::cmp::Reverse(doc.mentions[mi].end),
                )
            });
            let units = self.sentence_units(si, ms, prev.as_ref(), &mut state);
            let view = SentView {
                sentence: si,
                units: units.into(),
            };
            if keep.is_none_or(|k| k(si)) {
                views.push(view.clone());
            } else {
                views.push(SentView {
                    sentence: si,
                    units: empty.clone(),
                });
            }
            prev = Some(view);
        }
        views
    }

    /// The units of sentence `si`, whose entity mentions are `ms` (indexes
    /// into `doc.mentions`, by start, longest first); `prev` is the view of
    /// the sentence before. Facts come from running text only: headings,
    /// bylines, bios, captions, pull quotes, references and page debris are
    /// seen as empty sentences.
    fn sentence_units(
        &self,
        si: usize,
        ms: &[usize],
        prev: Option<&SentView>,
        state: &mut ViewState<'a>,
    ) -> Vec<Unit> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let toks = if doc.block_kind(si).is_body() {
            doc.tokens
                .get(s.token_start..s.token_end.min(doc.tokens.len()))
                .unwrap_or(&[])
        } else {
            &[]
        };
        let mut units = Vec::new();
        let mut ti = 0;
        let mut mi = 0;
        while ti < toks.len() {
            let tok = &toks[ti];
            while mi < ms.len() && doc.mentions[ms[mi]].end <= tok.start {
                mi += 1;
            }
            let mention = ms
                .get(mi)
                .map(|&k| &doc.mentions[k])
                .filter(|m| m.start < tok.end && m.end > tok.start);
            if let Some(m) = mention {
                let (u, tj) = self.mention_unit(m, toks, ti, si, state);
                units.push(u);
                mi += 1;
                ti = tj;
                continue;
            }
            let next_mention = ms.get(mi).map(|&k| doc.mentions[k].start);
            if let Some(u) = self.description_unit(toks, ti, next_mention, si, state) {
                units.push(u);
                ti += 2;
                continue;
            }
            let u = self.word_unit(tok, si, &units, prev, state);
            units.push(u);
            ti += 1;
        }
        units
    }

    /// The unit of mention `m`, which covers `toks[ti..]`, and the index of
    /// the first token after it. A one-token compound about an entity
    /// ("Xish-backed", "anti-X") is a word unit. Notes the mention's entity
    /// as the last person, actor or group named.
    fn mention_unit(
        &self,
        m: &dossier_doc::Mention,
        toks: &[dossier_doc::Token],
        ti: usize,
        si: usize,
        state: &mut ViewState<'a>,
    ) -> (Unit, usize) {
        let doc = self.doc;
        let tok = &toks[ti];
        let mut tj = ti;
        while tj < toks.len() && toks[tj].start < m.end {
            tj += 1;
        }
        let start = m.start.min(tok.start);
        let end = m.end.max(toks[tj - 1].end);
        let ent = m.entity.map(|e| self.canon.get(e).copied().unwrap_or(e));
        let etype = ent.and_then(|e| doc.entities.get(e)).map(|e| e.etype);
        let text = doc.slice(start, end).to_string();
        let mut u = Unit {
            start,
            end,
            lower: norm_word(&text).into(),
            text: text.into(),
            ent: ent.into(),
            etype,
            kind: Some(m.kind),
            country: OptIdx::NONE,
            pos: toks[tj - 1].pos,
        };
        if etype == Some(EntityType::Country) {
            u.country = ent.into();
        } else if etype == Some(EntityType::GroupIdentity) {
            u.country = state.country_of(self, doc.slice(start, end)).into();
        }
        if tj == ti + 1 && is_relation_compound(&u.text) {
            // "Xish-backed", "anti-X": a word about X, not a mention of X
            u.ent = OptIdx::NONE;
            u.etype = None;
            u.kind = None;
            u.country = OptIdx::NONE;
            return (u, tj);
        }
        match etype {
            Some(EntityType::Person) => state.last_person = ent.map(|e| (e, si)),
            Some(EntityType::ArmedGroup) | Some(EntityType::Organization) => {
                state.last_actor = ent.map(|e| (e, si));
                state.last_group = state.last_actor;
            }
            Some(EntityType::Country) => state.last_actor = ent.map(|e| (e, si)),
            _ => {}
        }
        (u, tj)
    }

    /// "The group" / "the militia" at `toks[ti]` left unresolved upstream
    /// (no mention starts before the noun ends; `next_mention` is where the
    /// next one starts): a unit of the document's main armed group, two
    /// tokens long.
    fn description_unit(
        &self,
        toks: &[dossier_doc::Token],
        ti: usize,
        next_mention: Option<usize>,
        si: usize,
        state: &mut ViewState<'a>,
    ) -> Option<Unit> {
        let (g, tok, next) = (self.topic?, &toks[ti], toks.get(ti + 1)?);
        let noun = norm_word(&next.text);
        let unlinked = next_mention.is_none_or(|start| start >= next.end);
        if !(norm_word(&tok.text) == "the"
            && unlinked
            && is_in(lexicon::GROUP_HEADS, &noun)
            && toks.get(ti + 2).is_none_or(|t| t.text != "of"))
        {
            return None;
        }
        let text = self.doc.slice(tok.start, next.end).to_string();
        state.last_actor = Some((g, si));
        state.last_group = state.last_actor;
        Some(Unit {
            start: tok.start,
            end: next.end,
            lower: norm_word(&text).into(),
            text: text.into(),
            ent: OptIdx::some(g),
            etype: Some(EntityType::ArmedGroup),
            kind: Some(MentionKind::Nominal),
            country: OptIdx::NONE,
            pos: next.pos,
        })
    }

    /// The unit of a token outside any mention (`units`: the sentence's
    /// units before it). A person pronoun is the last person named within
    /// two sentences; a group pronoun continues the previous sentence's
    /// subject when it opens its sentence, else the last group ("they") or
    /// actor ("it") of this sentence or the one before; a capitalized word
    /// may denote a country (a demonym).
    fn word_unit(
        &self,
        tok: &'a dossier_doc::Token,
        si: usize,
        units: &[Unit],
        prev: Option<&SentView>,
        state: &mut ViewState<'a>,
    ) -> Unit {
        let doc = self.doc;
        let lower = norm_word(&tok.text);
        let mut u = Unit {
            start: tok.start,
            end: tok.end,
            text: tok.text.clone(),
            lower: lower.as_str().into(),
            ent: OptIdx::NONE,
            etype: None,
            kind: None,
            country: OptIdx::NONE,
            pos: tok.pos,
        };
        if is_in(PERSON_PRONOUNS, &lower) {
            if let Some((e, at)) = state.last_person.filter(|(_, at)| si - at <= 2) {
                u.ent = OptIdx::some(e);
                u.etype = Some(EntityType::Person);
                state.last_person = Some((e, at));
            }
        } else if is_in(GROUP_PRONOUNS, &lower) {
            let plural = matches!(lower.as_str(), "they" | "their" | "them" | "themselves");
            // a sentence-initial "It"/"They" continues the previous sentence's subject
            let initial = units.iter().all(|x: &Unit| {
                !x.is_ent() && !x.lower.chars().any(|c| c.is_alphanumeric())
                    || matches!(x.lower.as_str(), "however" | "then" | "later" | "meanwhile")
            });
            let prev_subject = if initial && si > 0 {
                prev.and_then(|pv: &SentView| {
                    pv.units
                        .iter()
                        .find(|x| x.is_ent() && x.etype != Some(EntityType::GroupIdentity))
                        .filter(|x| {
                            x.is_type(if plural {
                                GROUPS
                            } else {
                                &[
                                    EntityType::ArmedGroup,
                                    EntityType::Organization,
                                    EntityType::Country,
                                ]
                            })
                        })
                })
                .and_then(|x| x.ent.get())
                .map(|e| (e, si - 1))
            } else {
                None
            };
            let last = if plural {
                state.last_group
            } else {
                state.last_actor
            };
            let antecedent = prev_subject.or(last);
            if let Some((e, _)) = antecedent.filter(|(_, at)| si - at <= 1) {
                u.ent = OptIdx::some(e);
                u.etype = doc.entities.get(e).map(|x| x.etype);
            }
        } else if u.is_capitalized() {
            u.country = state.country_of(self, &tok.text).into();
        }
        if is_relation_compound(&tok.text) {
            u.country = OptIdx::NONE;
        }
        u
    }

    /// The non-citation date of sentence `s` nearest to char `at`
    /// (`dossier_temporal::nearest_date`'s rule).
    pub fn date_near(&self, s: usize, at: usize) -> Option<dossier_doc::Edtf> {
        dossier_temporal::nearest_date(self.dates_in(s), at).map(|d| d.edtf)
    }

    /// Whether sentence `s` has a date of its own (not a citation).
    pub fn has_date(&self, s: usize) -> bool {
        self.dates_in(s).any(|d| d.kind != DateKind::Citation)
    }

    /// The dates of sentence `s` (citations too), in document order.
    pub fn dates_in(&self, s: usize) -> impl Iterator<Item = &'a dossier_doc::DateMention> + '_ {
        let doc = self.doc;
        self.dates
            .get(s)
            .into_iter()
            .flatten()
            .map(move |&i| &doc.dates[i])
    }

    /// The citation date of sentence `s`, if any.
    pub fn cited(&self, s: usize) -> Option<dossier_doc::Edtf> {
        self.dates_in(s)
            .find(|d| d.kind == DateKind::Citation)
            .map(|d| d.edtf)
    }

    /// Evidence for sentence `s` (the whole sentence, with its citation date).
    pub fn evidence(&self, s: usize) -> dossier_doc::Evidence {
        let mut e = self.doc.sentence_evidence(s);
        e.cited = self.cited(s);
        e
    }
}

/// Whether a one-token mention is really a compound about an entity
/// ("Xish-backed", "anti-X", "X-based").
pub fn is_relation_compound(text: &str) -> bool {
    if !text.contains('-') {
        return false;
    }
    let l = norm_word(text);
    if l.starts_with("anti-") || l.starts_with("pro-") {
        return true;
    }
    l.rsplit_once('-').is_some_and(|(_, b)| {
        is_in(lexicon::SPONSOR_SUFFIXES, b)
            || matches!(b, "based" | "trained" | "born" | "sponsored")
    })
}

/// Paragraph number of each sentence (a blank line between sentences opens a new one).
pub fn paragraphs(doc: &Doc) -> Vec<usize> {
    let mut out = Vec::with_capacity(doc.sentences.len());
    let mut p = 0;
    for (i, s) in doc.sentences.iter().enumerate() {
        if i > 0 {
            let gap = doc.slice(doc.sentences[i - 1].end, s.start);
            let mut newlines = 0;
            for c in gap.chars() {
                if c == '\n' {
                    newlines += 1;
                } else if !c.is_whitespace() {
                    newlines = 0;
                }
            }
            if newlines >= 2 {
                p += 1;
            }
        }
        out.push(p);
    }
    out
}

impl SentView {
    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }
    /// Whether it has no units.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
    /// Lowercase text of unit `i` ("" past the end).
    pub fn w(&self, i: usize) -> &str {
        self.units.get(i).map_or("", |u| u.lower.as_str())
    }
    /// Whether unit `i` is a possessive marker.
    pub fn is_poss_marker(&self, i: usize) -> bool {
        matches!(self.w(i), "'s" | "'")
    }
    /// Whether entity unit `i` is a possessor ("X's", "its", "his").
    pub fn is_possessor(&self, i: usize) -> bool {
        self.is_poss_marker(i + 1)
            || self.units.get(i).is_some_and(|u| {
                u.lower.ends_with("'s")
                    || matches!(u.lower.as_str(), "its" | "his" | "her" | "their")
            })
    }
    /// Whether unit `i` is a word that leaves the structure as it is.
    pub fn skippable(&self, i: usize) -> bool {
        let w = self.w(i);
        is_in(lexicon::SKIPPABLE, w)
            || (w.ends_with("ly") && w.len() > 4 && !self.units[i].is_ent())
    }
    /// Index of a unit with lowercase text `w` in `from..to`.
    pub fn find(&self, w: &str, from: usize, to: usize) -> Option<usize> {
        (from..to.min(self.len())).find(|&i| self.w(i) == w)
    }
    /// Whether any unit in `from..to` is one of `words`.
    pub fn any_in(&self, words: &[&str], from: usize, to: usize) -> bool {
        (from..to.min(self.len())).any(|i| is_in(words, self.w(i)))
    }
    /// Whether the verb at `i` is passive: a form of "be" just before it.
    pub fn is_passive(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 {
            j -= 1;
            let w = self.w(j);
            if matches!(
                w,
                "was" | "were" | "been" | "is" | "are" | "be" | "being" | "got" | "get" | "gets"
            ) {
                return true;
            }
            if w == "and" {
                // coordinated with an earlier passive: "was arrested in X and handed over"
                return (j.saturating_sub(8)..j).any(|k| {
                    matches!(
                        self.w(k),
                        "was" | "were" | "been" | "is" | "are" | "be" | "being"
                    )
                });
            }
            if w == ","
                || (w.ends_with("ly") && !self.units[j].is_ent())
                || matches!(
                    w,
                    "also"
                        | "still"
                        | "not"
                        | "then"
                        | "later"
                        | "reportedly"
                        | "allegedly"
                        | "himself"
                        | "herself"
                        | "themselves"
                )
            {
                continue;
            }
            if w.ends_with("ed") && !self.units[j].is_ent() {
                // coordinated participles: "was supported and endorsed by"
                continue;
            }
            return false;
        }
        false
    }
    /// The subject of the verb or nominal at `i`: the nearest actor to its
    /// left, jumping over an apposition set off by commas ("N, the mayor of
    /// C, founded …" → N). `ok` filters acceptable units.
    pub fn subject_before(&self, i: usize, ok: &dyn Fn(&Unit) -> bool) -> Option<usize> {
        let mut j = i;
        // skip auxiliaries and adverbs right before the verb
        while j > 0 && self.skippable(j - 1) && !self.units[j - 1].is_ent() {
            j -= 1;
        }
        if j > 0 && self.w(j - 1) == "and" {
            // coordinated verb: its subject is the first verb's ("X was held in C and handed over")
            let first = (j.saturating_sub(10)..j - 1).find(|&k| {
                !self.units[k].is_ent()
                    && (self.w(k).ends_with("ed")
                        || matches!(
                            self.w(k),
                            "was" | "were" | "is" | "are" | "has" | "had" | "have"
                        ))
            });
            if let Some(k) = first {
                return self.subject_before(k, ok);
            }
            j -= 1;
        }
        if j > 0 && self.w(j - 1) == "," {
            // apposition: jump to the comma that opens it
            let close = j - 1;
            let open = (close.saturating_sub(14)..close)
                .rev()
                .find(|&k| self.w(k) == ",");
            if let Some(open) = open {
                if open > 0 && self.units[open - 1].is_ent() && ok(&self.units[open - 1]) {
                    return Some(open - 1);
                }
            }
        }
        let mut steps = 0;
        while j > 0 && steps < 30 {
            j -= 1;
            steps += 1;
            let w = self.w(j);
            if w == ")" {
                // skip a parenthesis: "X (the Y) has …"
                if let Some(open) = (j.saturating_sub(8)..j).rev().find(|&k| self.w(k) == "(") {
                    j = open;
                    continue;
                }
                break;
            }
            if matches!(w, ";" | "(") {
                break;
            }
            let u = &self.units[j];
            if u.is_ent() && ok(u) {
                return Some(j);
            }
        }
        None
    }
    /// The head entity of the noun phrase starting at `i`: skips
    /// determiners, modifiers, demonyms and transparent nouns ("the policies
    /// of the government of X" → X); stops at a non-transparent head noun.
    pub fn np_head(&self, i: usize, ok: &dyn Fn(&Unit) -> bool) -> Option<usize> {
        let mut j = i;
        let mut budget = 18;
        while j < self.len() && budget > 0 {
            budget -= 1;
            let u = &self.units[j];
            let w = u.lower.as_str();
            if u.is_ent() && u.etype == Some(EntityType::GroupIdentity) && !ok(u) {
                j += 1;
                continue;
            }
            if u.is_ent() {
                if self.is_possessor(j)
                    && j + 2 < self.len()
                    && !matches!(self.w(j + 2), "," | "." | ";")
                {
                    // "X's Y": the head is Y
                    j += 2;
                    continue;
                }
                return ok(u).then_some(j);
            }
            if matches!(
                w,
                "," | ";"
                    | "."
                    | ":"
                    | "("
                    | ")"
                    | "\""
                    | "who"
                    | "which"
                    | "that"
                    | "when"
                    | "where"
                    | "while"
                    | "because"
            ) {
                return None;
            }
            if is_in(lexicon::DETERMINERS, w) || u.country.is_some() || self.is_poss_marker(j) {
                j += 1;
                continue;
            }
            let next = self.w(j + 1);
            if matches!(next, "of" | "under" | "in") {
                if is_in(lexicon::TRANSPARENT_NOUNS, w)
                    || is_in(lexicon::ROLE_NOUNS, w)
                    || is_in(lexicon::PLACE_NOUNS, w)
                {
                    j += 2;
                    continue;
                }
                return None;
            }
            if is_in(PREPS, w) {
                return None;
            }
            j += 1;
        }
        None
    }
    /// Entities enumerated from entity unit `i` on ("A, B, and C", "A and B"):
    /// unit indices, `i` first.
    pub fn enumeration(&self, i: usize, ok: &dyn Fn(&Unit) -> bool) -> Vec<usize> {
        let mut out = vec![i];
        let mut j = i + 1;
        loop {
            // skip a possessive "X's Y" where the head Y follows
            let mut k = j;
            let mut saw_sep = false;
            while k < self.len() && matches!(self.w(k), "," | "and" | "or" | "as" | "well") {
                saw_sep = true;
                k += 1;
            }
            if !saw_sep || k >= self.len() {
                break;
            }
            while k < self.len() && is_in(lexicon::DETERMINERS, self.w(k)) {
                k += 1;
            }
            if k >= self.len() || !self.units[k].is_ent() {
                break;
            }
            let mut head = k;
            if self.is_possessor(k) && k + 2 < self.len() && self.units[k + 2].is_ent() {
                head = k + 2;
            }
            if ok(&self.units[head]) {
                out.push(head);
            }
            j = head + 1;
        }
        out
    }
    /// The first entity after preposition unit `i`, through a noun phrase.
    pub fn after_prep(&self, i: usize, ok: &dyn Fn(&Unit) -> bool) -> Option<usize> {
        self.np_head(i + 1, ok)
    }
    /// The modality of the clause around unit `i` (words within 8 units before it).
    pub fn modality_near(&self, i: usize) -> Option<Modality> {
        (i.saturating_sub(8)..i).rev().find_map(|k| {
            if self.units[k].is_ent() {
                None
            } else {
                lexicon::modality_of(self.modal_w(k))
            }
        })
    }
    /// Whether unit `k` is the month "May" ("on 27 May 2013", "May 5,
    /// 2014: …"), not the modal verb: capitalized inside the sentence, or
    /// opening it before a number.
    pub fn is_month_may(&self, k: usize) -> bool {
        let Some(u) = self.units.get(k) else {
            return false;
        };
        let digit = |j: usize| {
            self.units
                .get(j)
                .is_some_and(|u| u.text.starts_with(|c: char| c.is_ascii_digit()))
        };
        u.text.as_str() == "May" && (k > 0 || digit(k + 1))
    }
    /// Unit `k`'s lowercase word as a modal cue: empty for the month "May".
    pub fn modal_w(&self, k: usize) -> &str {
        if self.is_month_may(k) {
            ""
        } else {
            self.w(k)
        }
    }
}

/// Prepositions that end a noun phrase.
pub const PREPS: &[&str] = &[
    "in", "at", "to", "with", "from", "by", "on", "against", "into", "after", "before", "during",
    "for", "over", "near", "inside", "outside", "across", "through", "under", "about", "between",
    "and", "or", "as", "was", "were", "is", "are", "has", "have", "had", "would", "will",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue14_a_unit_is_64_bytes() {
        // entity and country as 4-byte indexes (were 16-byte options: 88 bytes)
        assert_eq!(std::mem::size_of::<Unit>(), 64);
        let u = Unit {
            start: 0,
            end: 1,
            text: "X".into(),
            lower: "x".into(),
            ent: OptIdx::some(3),
            etype: None,
            kind: None,
            country: OptIdx::NONE,
            pos: None,
        };
        assert!(u.is_ent());
        assert_eq!((u.ent.get(), u.country.get()), (Some(3), None));
    }

    #[test]
    fn issue14_views_of_some_sentences_are_those_of_the_whole_build() {
        let d = crate::fixture::doc_from_markup(
            "[Ada Ferrin|person] founded [the Front|armed_group]. Rain fell. \
             She led it in [Dorn|location]. They attacked a post.",
        );
        let whole = Ctx::fresh(&d, &NoGeo);
        let keep = |s: usize| s == 2;
        let some = Ctx::with_views_of(&d, &NoGeo, &keep);
        assert_eq!(some.views.len(), whole.views.len());
        // the pronouns of a kept sentence read as in the whole build
        assert!(some.views[2]
            .units
            .iter()
            .any(|u| u.lower == "she" && u.is_ent()));
        assert_eq!(some.views[2].units, whole.views[2].units);
        for s in [0, 1, 3] {
            assert!(some.views[s].units.is_empty(), "sentence {s} left out");
            assert_eq!(some.views[s].sentence, s);
            assert!(!whole.views[s].units.is_empty());
        }
        assert_eq!((&some.para, &some.canon), (&whole.para, &whole.canon));
        assert_eq!(some.topic, whole.topic);
    }

    #[test]
    fn views_are_shared_until_a_layer_they_read_changes() {
        let mut d = crate::fixture::doc_from_markup(
            "[Ada Ferrin|person] founded [the Front|armed_group]. She led it.",
        );
        let a = Ctx::new(&d, &NoGeo);
        let b = Ctx::new(&d, &NoGeo);
        assert!(Arc::ptr_eq(&a.data, &b.data));
        let views = a.views.clone();
        drop((a, b));
        // a lookup without a cache key never shares
        struct Plain;
        impl GeoLookup for Plain {
            fn country_code(&self, name: &str) -> Option<String> {
                NoGeo.country_code(name)
            }
            fn demonym_code(&self, word: &str) -> Option<String> {
                NoGeo.demonym_code(word)
            }
            fn city_code(&self, name: &str) -> Option<String> {
                NoGeo.city_code(name)
            }
        }
        assert!(!Arc::ptr_eq(
            &Ctx::new(&d, &Plain).data,
            &Ctx::new(&d, &Plain).data
        ));
        // a changed layer: built anew, the same as an unshared build
        d.entities[0].etype = EntityType::Organization;
        let c = Ctx::new(&d, &NoGeo);
        assert_ne!(c.views[0].units, views[0].units);
        assert_eq!(c.views[0].units, Ctx::fresh(&d, &NoGeo).views[0].units);
        assert_eq!(c.resolved_views().len(), c.views.len());
        // a sentence without a definite description shares its units
        assert!(c.resolved_views()[1].units.shares(&c.views[1].units));
        assert!(!c.views[0].units.shares(&c.views[1].units));
        // one with a description resolved has a copy of its own
        let d = crate::fixture::doc_from_markup(
            "[The Tolva Front|armed_group] grew. Police said the front had split.",
        );
        let c = Ctx::new(&d, &NoGeo);
        let r = c.resolved_views();
        assert!(r[0].units.shares(&c.views[0].units));
        assert!(!r[1].units.shares(&c.views[1].units));
        assert!(r[1]
            .units
            .iter()
            .any(|u| u.kind == Some(MentionKind::Nominal)));
        assert_eq!(r[1].len() + 1, c.views[1].len());
    }

    #[test]
    fn norm_word_fast_path_agrees_with_the_general_one() {
        for w in [
            "Word",
            "ANTI-x",
            "o'Brien",
            "Ma\u{2019}ruf",
            "ΣΟΦΙΑΣ",
            "İstanbul",
            "",
            "a-B-c",
        ] {
            let general = w
                .to_lowercase()
                .replace(['\u{2019}', '\u{2018}', '\u{02bc}'], "'");
            assert_eq!(norm_word(w), general, "{w}");
        }
        assert!(!is_relation_compound("Backed"));
        assert!(is_relation_compound("Xish-backed"));
        assert!(is_relation_compound("Anti-X"));
    }
    use crate::fixture::doc_from_markup;

    #[test]
    fn mentions_collapse_into_units() {
        let d = doc_from_markup(
            "[Kamal Ruswan|person] founded [the Sword of Dawn|armed_group] in [Qarvan|location].",
        );
        let ctx = Ctx::new(&d, &NoGeo);
        let v = &ctx.views[0];
        assert_eq!(v.units[0].text, "Kamal Ruswan");
        assert_eq!(v.w(1), "founded");
        assert!(v.units[2].is_ent());
        assert_eq!(v.units[4].etype, Some(EntityType::Location));
    }

    #[test]
    fn demonyms_reach_document_countries() {
        let d = doc_from_markup("[Norland|country] and [Veskia|country] met. The Norlandic army and Veskian troops left [France|country].");
        let ctx = Ctx::new(&d, &NoGeo);
        assert_eq!(ctx.country_of_word("Norlandic"), Some(0));
        assert_eq!(ctx.country_of_word("Veskian"), Some(1));
        assert_eq!(ctx.country_of_word("French"), Some(2));
        assert_eq!(ctx.country_of_word("Nordic"), None);
        assert_eq!(ctx.country_of_word("army"), None);
    }

    #[test]
    fn subject_skips_apposition() {
        let d = doc_from_markup("[Ada Ferrin|person], the mayor of [Tolva|location], founded [the Red Hand|armed_group].");
        let ctx = Ctx::new(&d, &NoGeo);
        let v = &ctx.views[0];
        let verb = v.find("founded", 0, v.len()).unwrap();
        let s = v.subject_before(verb, &|u| u.is_actor()).unwrap();
        assert_eq!(v.units[s].text, "Ada Ferrin");
    }

    #[test]
    fn np_head_goes_through_transparent_nouns_only() {
        let d = doc_from_markup(
            "It opposed the policies of the government of [Norland|country]. It opposed the occupation of [Veskia|country].",
        );
        let ctx = Ctx::new(&d, &NoGeo);
        let v = &ctx.views[0];
        let k = v.find("opposed", 0, v.len()).unwrap();
        assert_eq!(
            v.np_head(k + 1, &|u| u.is_actor())
                .map(|i| v.units[i].text.as_str()),
            Some("Norland")
        );
        let v = &ctx.views[1];
        let k = v.find("opposed", 0, v.len()).unwrap();
        assert_eq!(v.np_head(k + 1, &|u| u.is_actor()), None);
    }

    #[test]
    fn enumerations_collect_items() {
        let d = doc_from_markup(
            "It works with [Arvia|country], [Belos|country], and [Cardia|country] today.",
        );
        let ctx = Ctx::new(&d, &NoGeo);
        let v = &ctx.views[0];
        let first = v.units.iter().position(|u| u.is_ent()).unwrap();
        assert_eq!(v.enumeration(first, &|u| u.is_actor()).len(), 3);
        let d = doc_from_markup("It works with [Arvia|country] today, and nobody else.");
        let ctx = Ctx::new(&d, &NoGeo);
        let v = &ctx.views[0];
        let first = v.units.iter().position(|u| u.is_ent()).unwrap();
        assert_eq!(v.enumeration(first, &|u| u.is_actor()).len(), 1);
    }

    #[test]
    fn the_group_falls_back_to_the_main_group() {
        let d = doc_from_markup("[The Red Hand|armed_group] grew. [Red Hand|armed_group=The Red Hand] fought. The group won. [Blue Hand|armed_group] lost.");
        let ctx = Ctx::new(&d, &NoGeo);
        assert_eq!(ctx.views[2].units[0].ent.get(), Some(0));
        let d = doc_from_markup(
            "[The Red Hand|armed_group] grew. [Blue Hand|armed_group] lost. The group won.",
        );
        let ctx = Ctx::new(&d, &NoGeo);
        assert_eq!(ctx.views[2].units[0].ent.get(), None);
    }

    #[test]
    fn sentence_initial_it_continues_the_subject() {
        let d = doc_from_markup(
            "[The Sword|armed_group] operates in [Norland|country]. It was founded in 2011.",
        );
        let ctx = Ctx::new(&d, &NoGeo);
        assert_eq!(ctx.views[1].units[0].ent.get(), Some(0));
        let d = doc_from_markup("[Norland|country] grew. Later, it collapsed.");
        let ctx = Ctx::new(&d, &NoGeo);
        assert_eq!(ctx.views[1].units[2].ent.get(), Some(0));
    }

    #[test]
    fn pronouns_fall_back_to_recent_person() {
        let d = doc_from_markup("[Ada Ferrin|person] left. He was arrested.");
        let ctx = Ctx::new(&d, &NoGeo);
        assert_eq!(ctx.views[1].units[0].ent.get(), Some(0));
        let d = doc_from_markup("Nobody left. He was arrested.");
        let ctx = Ctx::new(&d, &NoGeo);
        assert_eq!(ctx.views[1].units[0].ent.get(), None);
    }
}
