//! The `entity_typing` component: turns the statistical tagger's IOB2 spans
//! (PER, ORG, LOC, MISC) into ontology-typed mentions and merges them with
//! the mentions already found (e.g. by the `gazetteer` component); names
//! built from a designation (flights, dash-joined routes) then replace the
//! pieces the taggers cut them into ([`crate::designation`]).

use crate::gazetteer::Gazetteer;
use crate::merge::merge_mentions;
use crate::recognize::{
    initial_at, is_all_caps, is_calendar_word, is_holiday, is_possessive, Vocab, FURNITURE, STOP,
};
use crate::text::{fold, is_acronym};
use dossier_doc::{Component, ComponentError, Doc, EntityType, Layer, Mention, MentionKind};

/// The `entity_typing` component (requires tokens and NER tags, assigns mentions).
#[derive(Debug, Clone, Copy, Default)]
pub struct EntityTyping {
    _private: (),
}

impl EntityTyping {
    /// A typer over the embedded gazetteer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Component for EntityTyping {
    fn name(&self) -> &str {
        "entity_typing"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::NerTags]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Mentions]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Mentions]
    }
    fn shares(&self) -> Vec<std::any::TypeId> {
        vec![std::any::TypeId::of::<crate::recognize::Vocab>()]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        let typed = type_ner_spans(doc, Gazetteer::global());
        let existing = std::mem::take(&mut doc.mentions);
        doc.mentions = merge_mentions(existing, typed);
        crate::recognize::hedged_leads(doc);
        crate::designation::apply(doc);
        crate::conjoined::split(doc, Gazetteer::global());
        Ok(())
    }
    fn warm_up(&self) {
        Gazetteer::warm_up();
    }
}

/// A span of tokens the tagger labelled: `start..end` token indices and the
/// CoNLL type (PER, ORG, LOC, MISC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NerSpan {
    /// First token index.
    pub start: usize,
    /// One past the last token index.
    pub end: usize,
    /// CoNLL type.
    pub label: String,
}

/// Reads IOB2 (also IOB1 and BILOU, leniently) tags from `Token::ner`;
/// spans never cross sentences.
pub fn ner_spans(doc: &Doc) -> Vec<NerSpan> {
    let mut spans: Vec<NerSpan> = Vec::new();
    let mut open: Option<NerSpan> = None;
    for (i, t) in doc.tokens.iter().enumerate() {
        let tag = t.ner.as_deref().unwrap_or("O");
        let (prefix, label) = match tag.split_once('-') {
            Some((p, l)) if !l.is_empty() => (p, l),
            _ => ("O", ""),
        };
        let same_sentence = open
            .as_ref()
            .is_some_and(|o| doc.tokens[o.end - 1].sentence == t.sentence);
        let continues = matches!(prefix, "I" | "E" | "L")
            && same_sentence
            && open
                .as_ref()
                .is_some_and(|o| o.label == label && o.end == i);
        if continues {
            if let Some(o) = open.as_mut() {
                o.end = i + 1;
            }
        } else {
            if let Some(o) = open.take() {
                spans.push(o);
            }
            if prefix != "O" {
                open = Some(NerSpan {
                    start: i,
                    end: i + 1,
                    label: label.to_string(),
                });
            }
        }
        if matches!(prefix, "E" | "L" | "S" | "U") {
            if let Some(o) = open.take() {
                spans.push(o);
            }
        }
    }
    if let Some(o) = open {
        spans.push(o);
    }
    spans
}

/// Types every NER span of `doc` for the ontology (see the module docs).
pub fn type_ner_spans(doc: &Doc, g: &Gazetteer) -> Vec<Mention> {
    let vocab = Vocab::shared(doc);
    let spans = join_name_parts(doc, g, ner_spans(doc));
    // Spans are typed independently: long documents on several threads.
    dossier_doc::parallel::map_ranges(spans.len(), 500, |range| {
        let mut out = Vec::new();
        for sp in &spans[range] {
            type_one_span(doc, g, &vocab, sp, &mut out);
        }
        out
    })
}

/// Types one tagger span into `out` (nothing for page furniture).
fn type_one_span(doc: &Doc, g: &Gazetteer, vocab: &Vocab, sp: &NerSpan, out: &mut Vec<Mention>) {
    if furniture_span(doc, g, vocab, sp) {
        return;
    }
    // "People's Liberation Front": a common noun's possessive is part of
    // the name, not a possessor.
    // Nor is a plural's bare apostrophe ("Kurdistan Workers' Party",
    // "Farmers' Union"): a plural possessor is a common noun.
    let common_possessor = (sp.start + 1..sp.end.saturating_sub(1)).any(|k| {
        (is_possessive(&doc.tokens[k].text)
            && k == sp.start + 1
            && vocab.lower.contains(&fold(&doc.tokens[sp.start].text)))
            || is_plural_apostrophe(doc, k)
    });
    SpanTyper { doc, g, vocab }.type_span(sp.start, sp.end, &sp.label, !common_possessor, out);
}

/// Whether token `k` is a bare apostrophe written right after a word that
/// ends in "s" (the possessive of a plural: "Workers'").
fn is_plural_apostrophe(doc: &Doc, k: usize) -> bool {
    let t = &doc.tokens[k];
    k > 0
        && t.text.chars().count() == 1
        && t.text.starts_with(crate::text::is_apostrophe)
        && doc.tokens[k - 1].end == t.start
        && doc.tokens[k - 1].text.ends_with(['s', 'S'])
}

/// Head nouns of streets: a name ending in one is a place, not a body
/// ("Rustaveli Avenue").
const STREET_NOUNS: &[&str] = &["avenue", "street", "boulevard", "road", "highway"];

/// Plural nouns for the members of an armed group; a name right before one
/// is the group's ("Abu Qarvan units").
const MEMBER_NOUNS: &[&str] = &[
    "units",
    "fighters",
    "militants",
    "gunmen",
    "cadres",
    "combatants",
    "insurgents",
    "militiamen",
    "cells",
    "commanders",
];

/// Particles inside personal names that the tagger takes for the end of one
/// name and the start of another ("Ag" and "Ould" in Tuareg and Moorish
/// names, "bin" and "ibn" in Arabic ones).
const NAME_PARTICLES: &[&str] = &["ag", "ould", "wuld", "bin", "ibn", "bint", "ben"];

/// Whether tokens `a..b` are capitalized name words only (and particles),
/// without cue nouns, places or identities: the shape of a personal name.
fn person_shaped(doc: &Doc, g: &Gazetteer, a: usize, b: usize) -> bool {
    (a..b).all(|k| {
        let w = doc.tokens[k].text.as_str();
        (crate::text::is_capitalized(w) || NAME_PARTICLES.contains(&fold(w).as_str()))
            && !is_acronym(w)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || crate::text::is_apostrophe(c))
            && !g.is_organization_cue(w)
            && !g.is_armed_group_cue(w)
            && !g.is_facility_cue(w)
            && !g.is_location_cue(w)
            && g.group_identity(w).is_none()
            && g.demonym(w).is_none()
            && g.country(w).is_none()
            && g.region(w).is_none()
    })
}

/// Personal names the tagger cut in two or mistyped: two adjacent spans,
/// one a person, that together have a person's shape ("Boubacar Ag" +
/// "Sidi Mahmoud"), and an organization span whose name has a name
/// particle and no cue noun ("Moussa Ag Intalla").
fn join_name_parts(doc: &Doc, g: &Gazetteer, spans: Vec<NerSpan>) -> Vec<NerSpan> {
    let mut out: Vec<NerSpan> = Vec::with_capacity(spans.len());
    for sp in spans {
        if let Some(prev) = out.last_mut() {
            let adjacent = prev.end == sp.start
                && doc.tokens[prev.start].sentence == doc.tokens[sp.start].sentence;
            let one_person = prev.label == "PER" || sp.label == "PER";
            let other_ok = matches!(prev.label.as_str(), "PER" | "ORG")
                && matches!(sp.label.as_str(), "PER" | "ORG");
            if adjacent
                && one_person
                && other_ok
                && sp.end - prev.start <= 6
                && person_shaped(doc, g, prev.start, sp.end)
            {
                prev.end = sp.end;
                prev.label = "PER".into();
                continue;
            }
            if body_of_name(doc, g, prev, &sp) {
                prev.end = sp.end;
                prev.label = "ORG".into();
                continue;
            }
        }
        let mut sp = sp;
        if sp.label == "ORG"
            && sp.end - sp.start >= 3
            && (sp.start + 1..sp.end - 1)
                .any(|k| NAME_PARTICLES.contains(&fold(&doc.tokens[k].text).as_str()))
            && person_shaped(doc, g, sp.start, sp.end)
        {
            sp.label = "PER".into();
        }
        out.push(sp);
    }
    out
}

/// An institution's name the tagger cut at its "of" or "for": a span that
/// ends in a capitalized head noun of state bodies and organizations, then
/// the preposition, then an organization or other name span ("Iraqi
/// Ministry" + "of" + "Foreign Affairs", "Forces" + "for" + "Freedom and
/// Change"). A place after the preposition stays separate ("the Interior
/// Ministry of Varnia"), so that the country is still linked.
fn body_of_name(doc: &Doc, g: &Gazetteer, prev: &NerSpan, next: &NerSpan) -> bool {
    let tok = |k: usize| &doc.tokens[k];
    let head = tok(prev.end - 1).text.as_str();
    next.start == prev.end + 1
        && matches!(tok(prev.end).text.as_str(), "of" | "for")
        && tok(prev.start).sentence == tok(next.start).sentence
        && matches!(next.label.as_str(), "ORG" | "MISC")
        && crate::text::is_capitalized(head)
        && g.is_organization_cue(head)
        && crate::text::is_capitalized(&tok(next.start).text)
        && next.end - prev.start <= 10
}

/// Spans that are document furniture rather than names: anything in a
/// heading written in capitals ("KEY JUDGMENTS"); in a title-case heading
/// ("Death and Succession"), words never seen capitalized in running text;
/// a single sentence-initial word the document also uses in lowercase
/// ("Money and weapons arrived…").
fn furniture_span(doc: &Doc, g: &Gazetteer, vocab: &Vocab, sp: &NerSpan) -> bool {
    let si = doc.tokens[sp.start].sentence;
    let text = span_text(doc, sp.start, sp.end);
    let known =
        g.place(&text).is_some() || g.demonym(&text).is_some() || g.group_identity(&text).is_some();
    if vocab.heading(si) {
        let s = doc.sentences[si];
        let toks = &doc.tokens[s.token_start..s.token_end];
        if is_all_caps(toks) {
            return true;
        }
        if known {
            return false;
        }
        return (sp.start..sp.end).any(|k| {
            let w = &doc.tokens[k].text;
            crate::text::is_capitalized(w) && !vocab.midcaps.contains(&fold(w))
        });
    }
    if sp.end - sp.start == 1 && !known && g.country(&text).is_none() {
        let s = doc.sentences[si];
        let toks = &doc.tokens[s.token_start..s.token_end];
        let i = sp.start - s.token_start;
        if initial_at(toks, i) && vocab.lower.contains(&fold(&text)) {
            return true;
        }
    }
    false
}

fn mention(doc: &Doc, a: usize, b: usize, label: EntityType, confidence: f32) -> Mention {
    let (start, end) = (doc.tokens[a].start, doc.tokens[b - 1].end);
    let kind = if b - a == 1 && is_acronym(&doc.tokens[a].text) {
        MentionKind::Acronym
    } else {
        MentionKind::Name
    };
    Mention {
        start,
        end,
        sentence: doc.tokens[a].sentence,
        text: doc.slice(start, end).to_string(),
        label,
        kind,
        source: "entity_typing".into(),
        confidence,
        entity: None,
    }
}

/// What typing one tagger span reads: the document, the gazetteer and the
/// document's vocabulary. [`SpanTyper::type_span`] trims the span, then
/// asks a chain of named steps in order; the first that decides wins.
#[derive(Clone, Copy)]
struct SpanTyper<'d> {
    doc: &'d Doc,
    g: &'d Gazetteer,
    vocab: &'d Vocab,
}

impl<'d> SpanTyper<'d> {
    fn word(&self, k: usize) -> &'d str {
        self.doc.tokens[k].text.as_str()
    }

    /// Types tokens `a..b`, tagged `ner` (PER, ORG, LOC, MISC), into `out`;
    /// with `split_possessive`, a possessive inside the span separates the
    /// possessor from the possessed.
    fn type_span(
        &self,
        a: usize,
        b: usize,
        ner: &str,
        split_possessive: bool,
        out: &mut Vec<Mention>,
    ) {
        let (a, b) = self.trim(a, b);
        if a >= b {
            return;
        }
        if split_possessive && self.split_at_possessive(a, b, ner, out) {
            return;
        }
        let a = if ner == "PER" {
            self.after_title(a, b)
        } else {
            a
        };
        if self.names_nothing(a, b) {
            return;
        }
        if let Some(m) = self.identity_phrase(a, b) {
            out.push(m);
            return;
        }
        if let Some((label, conf)) = self.group_by_context(a, b, ner) {
            out.push(mention(self.doc, a, b, label, conf));
            return;
        }
        if self.split_demonym(a, b, ner, out) {
            return;
        }
        if let Some(m) = self.facility_of_country(a, b) {
            out.push(m);
            return;
        }
        let text = span_text(self.doc, a, b);
        if self.g.country(&text).is_some() && ner != "PER" {
            out.push(mention(self.doc, a, b, EntityType::Country, 0.95));
            return;
        }
        if let Some((label, conf)) = self.by_tag(a, b, ner) {
            out.push(mention(self.doc, a, b, label, conf));
        }
    }

    /// Leading articles and trailing possessives are not part of the name;
    /// nor is a generic word glued to the front of a name at the start of a
    /// sentence or in a heading ("Deterring Qarvan", "Finally Ruswan").
    fn trim(&self, a: usize, b: usize) -> (usize, usize) {
        let (mut a, mut b) = (a, b);
        while a < b
            && (matches!(fold(self.word(a)).as_str(), "the" | "a" | "an")
                && self.word(a).starts_with(|c: char| c.is_lowercase())
                || b - a > 1 && STOP.contains(&fold(self.word(a)).as_str()))
        {
            a += 1;
        }
        if b - a > 1 {
            let doc = self.doc;
            let sent = doc.tokens[a].sentence;
            let st = doc.sentences.get(sent).map_or(a, |s| s.token_start);
            let toks = &doc.tokens[st..doc.sentences.get(sent).map_or(b, |s| s.token_end)];
            if (initial_at(toks, a - st) || self.vocab.heading(sent))
                && crate::recognize::generic_lead(self.g, &self.vocab.midcaps, toks, a - st)
            {
                a += 1;
            }
        }
        while b > a
            && (is_possessive(self.word(b - 1))
                || matches!(self.word(b - 1), "," | "." | ":" | ";"))
        {
            b -= 1;
        }
        (a, b)
    }

    /// "Qarvan's Sword Brigade": the possessor and the possessed typed
    /// separately (a country possessor as a place); true when split.
    fn split_at_possessive(&self, a: usize, b: usize, ner: &str, out: &mut Vec<Mention>) -> bool {
        let Some(p) = (a + 1..b.saturating_sub(1)).find(|&k| is_possessive(self.word(k))) else {
            return false;
        };
        let possessor_tag = if self.g.country(&span_text(self.doc, a, p)).is_some() {
            "LOC"
        } else {
            ner
        };
        self.type_span(a, p, possessor_tag, true, out);
        self.type_span(p + 1, b, ner, true, out);
        true
    }

    /// Where a person's name starts after the titles before it.
    fn after_title(&self, a: usize, b: usize) -> usize {
        let words: Vec<&str> = (a..b).map(|k| self.word(k)).collect();
        match self.g.title_len_at(&words, 0) {
            Some(n) if n < b - a => a + n,
            _ => a,
        }
    }

    /// Spans that name no entity: a military operation ("Operation Calm
    /// Waters"), a holiday, and one-word function words, months, furniture,
    /// languages and sentence-initial adverbs the tagger took for names
    /// ("Lastly", "Volume").
    fn names_nothing(&self, a: usize, b: usize) -> bool {
        let doc = self.doc;
        if b - a >= 2 && matches!(self.word(a), "Operation" | "Exercise")
            || a > 0 && matches!(self.word(a - 1), "Operation" | "Exercise")
        {
            return true;
        }
        let text = span_text(doc, a, b);
        if is_holiday(self.g, &(a..b).map(|k| self.word(k)).collect::<Vec<_>>()) {
            return true;
        }
        if b - a != 1 {
            return false;
        }
        let f = fold(&text);
        let initial = a == 0 || doc.tokens[a - 1].sentence != doc.tokens[a].sentence;
        STOP.contains(&f.as_str())
            || is_calendar_word(&f)
            || FURNITURE.contains(&f.as_str())
            || self.g.is_language(&text)
            || initial && f.ends_with("ly") && self.g.place(&text).is_none()
    }

    /// Only nationalities, religions and the like ("Qarvani-Veldan", "Sunni
    /// Islamist"): an identity phrase, weaker than the gazetteer's parts.
    fn identity_phrase(&self, a: usize, b: usize) -> Option<Mention> {
        let g = self.g;
        let text = span_text(self.doc, a, b);
        let known = |w: &str| {
            g.demonym(w).is_some() || g.group_identity(w).is_some() || g.country(w).is_some()
        };
        (text
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .all(known)
            && g.country(&text).is_none()
            && b - a + usize::from(text.contains('-')) >= 2)
            .then(|| mention(self.doc, a, b, EntityType::GroupIdentity, 0.5))
    }

    /// Whether a capitalized word of tokens `a..b` is a cue noun of a body.
    fn cue_in_name(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| {
            let w = self.word(k);
            (self.g.is_armed_group_cue(w) || self.g.is_organization_cue(w))
                && crate::text::is_capitalized(w)
        })
    }

    /// The type the words around the span give it ("X, a town in Y", "near
    /// X", "the local gang X"); a tagger's PER before a member noun ("Abu
    /// Qarvan units") or with a group's cue words ("Sword Brigade"), and an
    /// unlisted LOC in armed context or with such cues and not after a
    /// locative preposition, as a body.
    fn group_by_context(&self, a: usize, b: usize, ner: &str) -> Option<(EntityType, f32)> {
        let (doc, g) = (self.doc, self.g);
        let text = span_text(doc, a, b);
        let head = self.word(b - 1);
        let cue_in_name = self.cue_in_name(a, b);
        if g.place(&text).is_none() || ner != "LOC" {
            if let Some(typed) = crate::context::context_type(doc, g, a, b, ner == "ORG") {
                return Some(typed);
            }
        }
        // "Abu Qarvan units", "Velkar fighters": a group named before its members.
        if ner == "PER"
            && doc.tokens.get(b).is_some_and(|t| {
                t.sentence == doc.tokens[a].sentence
                    && t.text.starts_with(|c: char| c.is_lowercase())
                    && MEMBER_NOUNS.contains(&t.text.as_str())
            })
        {
            return Some((EntityType::ArmedGroup, 0.85));
        }
        if ner == "PER" && cue_in_name && b - a >= 2 {
            return Some((org_type(doc, g, a, b).0, 0.7));
        }
        if ner == "LOC"
            && g.place(&text).is_none()
            && !g.is_location_cue(head)
            && !g.is_facility_cue(head)
        {
            let locative = a > 0
                && matches!(
                    fold(self.word(a - 1)).as_str(),
                    "in" | "at"
                        | "near"
                        | "from"
                        | "to"
                        | "into"
                        | "of"
                        | "across"
                        | "outside"
                        | "inside"
                );
            let (t, _) = org_type(doc, g, a, b);
            if !locative && (cue_in_name || t == EntityType::ArmedGroup) {
                return Some((t, 0.65));
            }
        }
        None
    }

    /// "Qarvani Sword Brigade": the demonym separately (the rest typed on),
    /// unless the rest is a bare cue noun ("Qarvani Army"); true when split.
    fn split_demonym(&self, a: usize, b: usize, ner: &str, out: &mut Vec<Mention>) -> bool {
        let g = self.g;
        if !(b - a >= 2 && ner != "PER" && g.demonym(self.word(a)).is_some()) {
            return false;
        }
        let head = self.word(b - 1);
        let rest_is_cue = b - a == 2 && (g.is_organization_cue(head) || g.is_armed_group_cue(head));
        if rest_is_cue {
            return false;
        }
        out.push(mention(self.doc, a, a + 1, EntityType::GroupIdentity, 0.85));
        self.type_span(a + 1, b, ner, true, out);
        true
    }

    /// "the Qarvani embassy", "Qarvan's embassy": a one-word demonym or
    /// country with a lowercase facility cue after it is a facility.
    fn facility_of_country(&self, a: usize, b: usize) -> Option<Mention> {
        let (doc, g) = (self.doc, self.g);
        let text = span_text(doc, a, b);
        if !(b - a == 1 && (g.demonym(&text).is_some() || g.country(&text).is_some())) {
            return None;
        }
        let after = |k: usize| {
            doc.tokens
                .get(k)
                .filter(|t| t.sentence == doc.tokens[a].sentence)
                .map(|t| t.text.as_str())
        };
        let cue_at = if after(b).is_some_and(is_possessive) {
            b + 1
        } else {
            b
        };
        let cue = after(cue_at)?;
        (cue.starts_with(|c: char| c.is_lowercase()) && g.is_facility_cue(cue))
            .then(|| mention(doc, a, cue_at + 1, EntityType::Facility, 0.85))
    }

    /// The type the tagger's label gives the span where nothing above
    /// decided, refined by the name's own words (none: no entity).
    fn by_tag(&self, a: usize, b: usize, ner: &str) -> Option<(EntityType, f32)> {
        let (doc, g) = (self.doc, self.g);
        let text = span_text(doc, a, b);
        let head = self.word(b - 1);
        Some(match ner {
            // A single word is a weaker guess than a full name.
            "PER" => (EntityType::Person, if b - a >= 2 { 0.8 } else { 0.7 }),
            "LOC" => {
                if g.is_facility_cue(head) && b - a > 1 {
                    (EntityType::Facility, 0.8)
                } else if g.demonym(&text).is_some() || g.group_identity(&text).is_some() {
                    (EntityType::GroupIdentity, 0.8)
                } else if g.place(&text).is_some() {
                    (EntityType::Location, 0.85)
                } else if g.is_location_cue(head) {
                    (EntityType::Location, 0.75)
                } else {
                    // An unlisted place: the tagger's word only.
                    (EntityType::Location, 0.55)
                }
            }
            // A tagger's organization named like a place or a building, with no
            // cue of a body in it ("Rustaveli Avenue", "Evin Prison").
            "ORG" if b - a >= 2 && crate::text::is_capitalized(head) && !self.cue_in_name(a, b) => {
                if g.is_facility_cue(head) {
                    (EntityType::Facility, 0.7)
                } else if g.is_location_cue(head) || STREET_NOUNS.contains(&fold(head).as_str()) {
                    (EntityType::Location, 0.7)
                } else {
                    org_type(doc, g, a, b)
                }
            }
            "ORG" => org_type(doc, g, a, b),
            "MISC" => {
                if g.demonym(&text).is_some() || g.group_identity(&text).is_some() {
                    (EntityType::GroupIdentity, 0.85)
                } else if (a..b).any(|k| {
                    g.is_armed_group_cue(self.word(k)) && !g.is_organization_cue(self.word(k))
                }) {
                    (EntityType::ArmedGroup, 0.55)
                } else if g.is_organization_cue(head) && b - a > 1 {
                    (EntityType::Organization, 0.5)
                } else {
                    return None;
                }
            }
            _ => return None,
        })
    }
}

fn span_text(doc: &Doc, a: usize, b: usize) -> String {
    doc.slice(doc.tokens[a].start, doc.tokens[b - 1].end)
        .to_string()
}

/// armed_group or organization, from general cues in the name and its context.
fn org_type(doc: &Doc, g: &Gazetteer, a: usize, b: usize) -> (EntityType, f32) {
    let word = |k: usize| doc.tokens[k].text.as_str();
    let sentence = doc.tokens[a].sentence;
    let head = word(b - 1);
    let in_name_armed =
        (a..b).any(|k| g.is_armed_group_cue(word(k)) && !g.is_organization_cue(word(k)));
    let head_org = g.is_organization_cue(head)
        || (a..b).any(|k| g.is_organization_cue(word(k)) && !g.is_armed_group_cue(word(k)));
    let lo = a.saturating_sub(5);
    let hi = (b + 5).min(doc.tokens.len());
    let ctx_armed = (lo..a)
        .chain(b..hi)
        .filter(|&k| doc.tokens[k].sentence == sentence)
        .any(|k| g.is_armed_context_cue(word(k)));
    let state_prefix = a > 0
        && doc.tokens[a - 1].sentence == sentence
        && (g.demonym(word(a - 1)).is_some() || g.country(word(a - 1)).is_some());
    let words: Vec<&str> = (a..b).map(word).collect();
    if crate::recognize::insurgent_name(&words) && !state_prefix {
        // "National Liberation Army", "Revolutionary Armed Forces".
        return (EntityType::ArmedGroup, 0.8);
    }
    if in_name_armed && !head_org {
        (EntityType::ArmedGroup, 0.8)
    } else if head_org && !g.is_armed_group_cue(head) {
        (EntityType::Organization, 0.8)
    } else if g.is_armed_group_cue(head)
        && (state_prefix
            || (a..b).any(|k| g.demonym(word(k)).is_some() || g.country(word(k)).is_some()))
    {
        // "Qarvani Army", "the Army of Velda": a state's armed force.
        (EntityType::Organization, 0.7)
    } else if ctx_armed || g.is_armed_group_cue(head) {
        (EntityType::ArmedGroup, 0.65)
    } else {
        (EntityType::Organization, 0.6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::doc_of;

    fn tag(doc: &mut Doc, tags: &[(&str, &str)]) {
        for t in doc.tokens.iter_mut() {
            t.ner = Some("O".into());
        }
        for (word, tag) in tags {
            for t in doc.tokens.iter_mut() {
                if t.text == *word && t.ner.as_deref() == Some("O") {
                    t.ner = Some((*tag).into());
                    break;
                }
            }
        }
    }

    fn typed(doc: &mut Doc) -> Vec<(String, EntityType)> {
        EntityTyping::new().process(doc).unwrap();
        doc.check_spans().unwrap();
        doc.mentions
            .iter()
            .map(|m| (m.text.clone(), m.label))
            .collect()
    }

    #[test]
    fn iob_spans_are_read_leniently() {
        let mut doc = doc_of("Kamal Ruswan met Velda Corp in Qarvan.");
        tag(
            &mut doc,
            &[
                ("Kamal", "B-PER"),
                ("Ruswan", "I-PER"),
                ("Velda", "B-ORG"),
                ("Corp", "I-ORG"),
                ("Qarvan", "I-LOC"),
            ],
        );
        let spans = ner_spans(&doc);
        assert_eq!(spans.len(), 3);
        assert_eq!(
            (spans[0].start, spans[0].end, spans[0].label.as_str()),
            (0, 2, "PER")
        );
        assert_eq!(spans[2].label, "LOC", "an I- after O opens a span");
    }

    #[test]
    fn types_from_cues_and_gazetteer() {
        let mut doc = doc_of("The Qarvani-backed militia Sword of Dawn attacked the Velda Ministry of Water in France.");
        tag(
            &mut doc,
            &[
                ("Sword", "B-ORG"),
                ("of", "I-ORG"),
                ("Dawn", "I-ORG"),
                ("Velda", "B-ORG"),
                ("Ministry", "I-ORG"),
                ("of", "I-ORG"),
                ("Water", "I-ORG"),
                ("France", "B-ORG"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Sword of Dawn".into(), EntityType::ArmedGroup)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Velda Ministry of Water".into(), EntityType::Organization)),
            "{v:?}"
        );
        assert!(
            v.contains(&("France".into(), EntityType::Country)),
            "a gazetteer country: {v:?}"
        );
    }

    #[test]
    fn possessive_and_demonym_prefixes_are_split() {
        let mut doc =
            doc_of("Spain’s Velda Front and the Italian Dawn Movement met Chilean officials.");
        tag(
            &mut doc,
            &[
                ("Spain", "B-ORG"),
                ("’s", "I-ORG"),
                ("Velda", "I-ORG"),
                ("Front", "I-ORG"),
                ("Italian", "B-ORG"),
                ("Dawn", "I-ORG"),
                ("Movement", "I-ORG"),
                ("Chilean", "B-MISC"),
            ],
        );
        let v = typed(&mut doc);
        assert!(v.contains(&("Spain".into(), EntityType::Country)), "{v:?}");
        assert!(
            v.contains(&("Velda Front".into(), EntityType::ArmedGroup)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Italian".into(), EntityType::GroupIdentity)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Dawn Movement".into(), EntityType::ArmedGroup)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Chilean".into(), EntityType::GroupIdentity)),
            "{v:?}"
        );
    }

    #[test]
    fn state_army_is_an_organization_and_context_makes_armed_groups() {
        let mut doc = doc_of(
            "The Italian Army fought Velkor, a jihadist outfit, while Orvana Bank stayed out.",
        );
        tag(
            &mut doc,
            &[
                ("Italian", "B-ORG"),
                ("Army", "I-ORG"),
                ("Velkor", "B-ORG"),
                ("Orvana", "B-ORG"),
                ("Bank", "I-ORG"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Italian Army".into(), EntityType::Organization)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Velkor".into(), EntityType::ArmedGroup)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Orvana Bank".into(), EntityType::Organization)),
            "{v:?}"
        );
    }

    #[test]
    fn merges_with_gazetteer_mentions_and_survives_odd_tags() {
        let mut doc = doc_of("Kamal Ruswan visited Peru.");
        crate::recognize::GazetteerRecognizer::new()
            .process(&mut doc)
            .unwrap();
        tag(
            &mut doc,
            &[
                ("Kamal", "B-PER"),
                ("Ruswan", "I-PER"),
                ("Peru", "B-PER"),
                ("visited", "I-"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Kamal Ruswan".into(), EntityType::Person)),
            "{v:?}"
        );
        assert!(v.contains(&("Peru".into(), EntityType::Country)), "{v:?}");
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn a_name_before_member_nouns_is_an_armed_group() {
        let mut doc = doc_of("They fought alongside Abu Velkar units near Tolva.");
        tag(&mut doc, &[("Abu", "B-PER"), ("Velkar", "I-PER")]);
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Abu Velkar".into(), EntityType::ArmedGroup)),
            "{v:?}"
        );
    }

    #[test]
    fn persons_cut_at_particles_are_joined() {
        let mut doc = doc_of("It was founded by Ibrahim Ag Tolva Ferrin, a teacher.");
        tag(
            &mut doc,
            &[
                ("Ibrahim", "B-ORG"),
                ("Ag", "I-ORG"),
                ("Tolva", "B-PER"),
                ("Ferrin", "I-PER"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Ibrahim Ag Tolva Ferrin".into(), EntityType::Person)),
            "{v:?}"
        );
        let mut doc = doc_of("They handed Musa Ag Velda over to the police.");
        tag(
            &mut doc,
            &[("Musa", "B-ORG"), ("Ag", "I-ORG"), ("Velda", "I-ORG")],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Musa Ag Velda".into(), EntityType::Person)),
            "{v:?}"
        );
    }

    #[test]
    fn headings_and_lowercase_words_at_sentence_start_are_not_names() {
        let mut doc = doc_of("KEY FINDINGS\n\nMoney came from Tolva. The money was counted.");
        tag(
            &mut doc,
            &[
                ("KEY", "B-ORG"),
                ("FINDINGS", "I-ORG"),
                ("Money", "B-PER"),
                ("Tolva", "B-LOC"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            !v.iter().any(|(t, _)| t.contains("KEY") || t == "Money"),
            "{v:?}"
        );
    }

    #[test]
    fn a_common_noun_possessive_stays_in_the_name() {
        let mut doc =
            doc_of("The People's Dawn Front fought. Many people fled. Spain's Velda Front grew.");
        tag(
            &mut doc,
            &[
                ("People", "B-ORG"),
                ("'s", "I-ORG"),
                ("Dawn", "I-ORG"),
                ("Front", "I-ORG"),
                ("Spain", "B-ORG"),
                ("'s", "I-ORG"),
                ("Velda", "I-ORG"),
                ("Front", "I-ORG"),
            ],
        );
        let v = typed(&mut doc);
        assert!(v.iter().any(|(t, _)| t == "People's Dawn Front"), "{v:?}");
        assert!(v.contains(&("Spain".into(), EntityType::Country)), "{v:?}");
    }

    #[test]
    fn a_plural_possessive_stays_in_the_name() {
        let mut doc =
            doc_of("The Velda Farmers' Union marched. Ardo' Kesh spoke. Spain's Dawn Front grew.");
        tag(
            &mut doc,
            &[
                ("Velda", "B-ORG"),
                ("Farmers", "I-ORG"),
                ("'", "I-ORG"),
                ("Union", "I-ORG"),
                ("Ardo", "B-ORG"),
                ("'", "I-ORG"),
                ("Kesh", "I-ORG"),
                ("Spain", "B-ORG"),
                ("'s", "I-ORG"),
                ("Dawn", "I-ORG"),
                ("Front", "I-ORG"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Velda Farmers' Union".into(), EntityType::Organization)),
            "{v:?}"
        );
        // Only a plural's apostrophe: after another word it still splits.
        assert!(!v.iter().any(|(t, _)| t == "Ardo' Kesh"), "{v:?}");
        assert!(v.contains(&("Spain".into(), EntityType::Country)), "{v:?}");
        assert!(v.iter().any(|(t, _)| t == "Dawn Front"), "{v:?}");
    }

    #[test]
    fn a_state_body_cut_at_of_is_joined() {
        let mut doc = doc_of(
            "The Ministry of Coastal Affairs met the Interior Ministry of Spain and the Velda Front of Liberation.",
        );
        tag(
            &mut doc,
            &[
                ("Ministry", "B-ORG"),
                ("Coastal", "B-ORG"),
                ("Affairs", "I-ORG"),
                ("Interior", "B-ORG"),
                ("Ministry", "I-ORG"),
                ("Spain", "B-LOC"),
                ("Velda", "B-ORG"),
                ("Front", "I-ORG"),
                ("Liberation", "B-ORG"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&(
                "Ministry of Coastal Affairs".into(),
                EntityType::Organization
            )),
            "{v:?}"
        );
        // A place after "of" stays its own entity.
        assert!(
            v.contains(&("Interior Ministry".into(), EntityType::Organization)),
            "{v:?}"
        );
        assert!(v.contains(&("Spain".into(), EntityType::Country)), "{v:?}");
        // "Front" is not a head noun of state bodies.
        assert!(v.iter().any(|(t, _)| t == "Velda Front"), "{v:?}");
        assert!(!v.iter().any(|(t, _)| t.contains("Front of")), "{v:?}");
    }

    #[test]
    fn holidays_are_not_entities() {
        let mut doc = doc_of(
            "They planned to bomb a Bengali New Year gathering. Kamal Ruswan fled before Christmas. Velda Festival Committee met.",
        );
        tag(
            &mut doc,
            &[
                ("Bengali", "B-ORG"),
                ("New", "I-ORG"),
                ("Year", "I-ORG"),
                ("Kamal", "B-PER"),
                ("Ruswan", "I-PER"),
                ("Christmas", "B-PER"),
                ("Velda", "B-ORG"),
                ("Festival", "I-ORG"),
                ("Committee", "I-ORG"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            !v.iter()
                .any(|(t, _)| t.contains("Year") || t == "Christmas"),
            "{v:?}"
        );
        assert!(
            v.contains(&("Kamal Ruswan".into(), EntityType::Person)),
            "{v:?}"
        );
        assert!(
            v.iter().any(|(t, _)| t == "Velda Festival Committee"),
            "{v:?}"
        );
    }

    #[test]
    fn an_organization_named_like_a_street_or_building_is_a_place() {
        let mut doc = doc_of(
            "Crowds filled Velda Avenue. Guards at Kesh Prison fired. The Qarvan University and the Kesh Prison Authority protested.",
        );
        tag(
            &mut doc,
            &[
                ("Velda", "B-ORG"),
                ("Avenue", "I-ORG"),
                ("Kesh", "B-ORG"),
                ("Prison", "I-ORG"),
                ("Qarvan", "B-ORG"),
                ("University", "I-ORG"),
                ("Kesh", "B-ORG"),
                ("Prison", "I-ORG"),
                ("Authority", "I-ORG"),
            ],
        );
        let v = typed(&mut doc);
        assert!(
            v.contains(&("Velda Avenue".into(), EntityType::Location)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Kesh Prison".into(), EntityType::Facility)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Qarvan University".into(), EntityType::Organization)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Kesh Prison Authority".into(), EntityType::Organization)),
            "{v:?}"
        );
    }

    #[test]
    fn facilities_and_leading_function_words() {
        let mut doc = doc_of("Since Peru protested, the Chilean embassy closed.");
        tag(
            &mut doc,
            &[("Since", "B-LOC"), ("Peru", "I-LOC"), ("Chilean", "B-MISC")],
        );
        let v = typed(&mut doc);
        assert!(v.contains(&("Peru".into(), EntityType::Country)), "{v:?}");
        assert!(
            v.contains(&("Chilean embassy".into(), EntityType::Facility)),
            "{v:?}"
        );
    }
}
