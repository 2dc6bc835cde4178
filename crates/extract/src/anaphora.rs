//! Group anaphora for relation arguments: "it", "its", "they", "their",
//! "them" and definite descriptions ("the group", "the militia", "the
//! organization", …) that upstream coreference left unlinked, resolved to
//! the salient group, country or organization before them.
//!
//! Salience, in order: for a pronoun with an earlier mention in its own
//! sentence, that sentence's subject when it agrees, else the nearest
//! agreeing mention before it; for one that opens its sentence (or its
//! clause, "Its leader …", "After …, it …"), the subject of the previous
//! sentence, else the most recent agreeing mention. Agreement: "it/its" a
//! group, organization or country; "they/their/them" a group or
//! organization (never a person, a place, an identity). A subject that does
//! not agree blocks the link: "Olm is a town. It …" (a place), "Civilians
//! fled. They …" (a plural noun that is no entity), "The rocket was found.
//! It …". A clause's object pronoun is never its own subject ("G attacked
//! them"). Pleonastic "it" ("it is unclear whether", "it was reported
//! that", expletives of the parse) refers to nothing. The antecedent lies in
//! the same sentence or at most two sentences back within a paragraph, one
//! across a paragraph break, and never across a heading or other non-body
//! block.
//!
//! The parse is used when present (subjects, objects, expletives); without
//! it the subject of a sentence is its first mention when nothing but a
//! determiner or an introductory phrase ending in a comma comes before.

use crate::view::paragraphs;
use dossier_doc::{Doc, EntityType, MentionKind};

/// One resolved anaphor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anaphor {
    /// Its sentence.
    pub sentence: usize,
    /// First token.
    pub t0: usize,
    /// One past its last token.
    pub t1: usize,
    /// First char.
    pub start: usize,
    /// One past its last char.
    pub end: usize,
    /// The entity it refers to (an index into `doc.entities`).
    pub entity: usize,
    /// The sentence of the mention it was resolved through (its own
    /// sentence when the antecedent is there).
    pub antecedent: usize,
    /// `Pronoun` or `Nominal` (a definite description).
    pub kind: MentionKind,
}

const SINGULAR: &[&str] = &["it", "its", "itself"];
const PLURAL: &[&str] = &["they", "their", "them", "themselves"];
/// Nouns that, after "the", describe a group ("the group").
const DESCRIPTION_NOUNS: &[&str] = crate::lexicon::group_heads!["outfit"];
/// Words after "it is/was" that make "it" pleonastic ("it is unclear
/// whether", "it was reported that").
const PLEONASTIC_AFTER_BE: &[&str] = &[
    "reported",
    "believed",
    "thought",
    "said",
    "claimed",
    "estimated",
    "known",
    "alleged",
    "understood",
    "feared",
    "expected",
    "assumed",
    "likely",
    "unlikely",
    "clear",
    "unclear",
    "possible",
    "impossible",
    "unknown",
    "evident",
    "apparent",
    "not",
    "true",
    "important",
    "difficult",
    "hard",
    "easy",
    "necessary",
    "there",
    "then",
    "only",
    "in",
    "during",
    "against",
    "also",
];
/// Words before "of them" that make it a partitive ("all of them").
const QUANTIFIERS: &[&str] = &[
    "all",
    "many",
    "most",
    "some",
    "none",
    "each",
    "both",
    "several",
    "few",
    "any",
    "either",
    "neither",
    "half",
    "dozens",
    "hundreds",
    "thousands",
    "majority",
    "rest",
    "more",
    "others",
];
/// Verbs after "it" that make it pleonastic ("it seems", "it took years").
const PLEONASTIC_VERBS: &[&str] = &[
    "seems", "seemed", "appears", "appeared", "remains", "remained", "took", "takes", "happened",
    "rained", "follows", "followed", "emerged", "turned",
];
const BE: &[&str] = &[
    "is", "was", "'s", "has", "had", "been", "be", "would", "will",
];
/// Openers of an introductory phrase before a subject ("In 2009, …").
const INTRO: &[&str] = &[
    "in",
    "on",
    "after",
    "since",
    "by",
    "during",
    "later",
    "however",
    "meanwhile",
    "then",
    "at",
    "following",
    "before",
    "when",
    "while",
    "although",
    "despite",
    "subsequently",
    "initially",
    "eventually",
    "thereafter",
    "from",
    "until",
    "within",
    "under",
    "as",
    "according",
];

fn lower(doc: &Doc, i: usize) -> String {
    crate::view::norm_word(&doc.tokens[i].text)
}

/// What a sentence's subject is, for the next sentences' pronouns.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Subject {
    /// An entity (through a name, a description or a resolved pronoun).
    Entity(usize),
    /// A noun phrase that is no entity; `true` if plural.
    Noun(bool),
    /// People joined by "and" ("Vance and Rook founded it").
    People,
}

/// One earlier mention in reach: entity, sentence, token.
#[derive(Debug, Clone, Copy)]
struct Seen {
    entity: usize,
    sentence: usize,
    token: usize,
}

fn agrees(doc: &Doc, e: usize, plural: bool) -> bool {
    let Some(x) = doc.entities.get(e) else {
        return false;
    };
    match x.etype {
        EntityType::ArmedGroup | EntityType::Organization => true,
        EntityType::Country => !plural,
        _ => false,
    }
}

/// Resolves the group anaphora of `doc` (see the module comment): one
/// [`Anaphor`] per pronoun or description resolved, in text order. Tokens
/// covered by a mention (coreference resolved them already) are left alone.
pub fn group_anaphors(doc: &Doc) -> Vec<Anaphor> {
    let mut r = Resolver::new(doc);
    let mut out: Vec<Anaphor> = Vec::new();
    for si in 0..doc.sentences.len() {
        if !doc.block_kind(si).is_body() {
            r.seen.clear();
            r.last_body = None;
            continue;
        }
        out.extend(r.sentence(si));
    }
    out
}

/// A pronoun or description that may be a group anaphor.
struct Candidate {
    /// Its tokens.
    span: (usize, usize),
    /// Its first word, lowercase.
    word: String,
    /// "they", "their", "them", "themselves".
    plural: bool,
    /// "the group", "the militia", …
    description: bool,
}

/// The walk of [`group_anaphors`]: what it knows of the document's
/// mentions, and what it carries from sentence to sentence.
struct Resolver<'d> {
    doc: &'d Doc,
    /// The entity of the mention covering each token.
    ent_at: Vec<Option<usize>>,
    /// Whether a mention covers each token.
    covered: Vec<bool>,
    /// Each sentence's mentions with an entity: (first token, entity).
    first_tok: Vec<Vec<(usize, usize)>>,
    /// Whether the document has a dependency parse.
    parsed: bool,
    /// Paragraph number of each sentence.
    para: Vec<usize>,
    /// Earlier mentions (and resolved anaphors) in reach, in text order.
    seen: Vec<Seen>,
    /// The subject of each sentence walked.
    subjects: Vec<Option<Subject>>,
    /// The last body sentence walked, if no heading or other block came
    /// after it.
    last_body: Option<usize>,
    /// The document's main armed group ([`crate::view::topic_group`]).
    topic: Option<usize>,
    /// For each entity, the last body sentence walked that names it.
    last_named: Vec<Option<usize>>,
}

impl<'d> Resolver<'d> {
    /// Indexes the mentions of `doc` by token and sentence.
    fn new(doc: &'d Doc) -> Self {
        let n = doc.tokens.len();
        let mut ent_at: Vec<Option<usize>> = vec![None; n];
        let mut covered = vec![false; n];
        let mut first_tok: Vec<Vec<(usize, usize)>> = vec![Vec::new(); doc.sentences.len()];
        for m in &doc.mentions {
            let Some(s) = doc.sentences.get(m.sentence) else {
                continue;
            };
            let end = s.token_end.min(n);
            let t0 = doc.tokens[s.token_start.min(end)..end].partition_point(|t| t.end <= m.start)
                + s.token_start;
            let mut t = t0;
            while t < end && doc.tokens[t].start < m.end {
                covered[t] = true;
                if let Some(e) = m.entity {
                    ent_at[t] = Some(e);
                }
                t += 1;
            }
            if let Some(e) = m.entity {
                if t > t0 {
                    first_tok[m.sentence].push((t0, e));
                }
            }
        }
        Resolver {
            doc,
            ent_at,
            covered,
            first_tok,
            parsed: doc.tokens.iter().any(|t| t.deprel.is_some()),
            para: paragraphs(doc),
            seen: Vec::new(),
            subjects: vec![None; doc.sentences.len()],
            last_body: None,
            topic: crate::view::topic_group(doc, &[]),
            last_named: vec![None; doc.entities.len()],
        }
    }

    /// Whether an antecedent in sentence `a` is in reach of sentence `si`:
    /// the same sentence, or at most two back within a paragraph, one
    /// across a paragraph break, with no heading between.
    fn reach(&self, si: usize, a: usize) -> bool {
        if a == si {
            return true;
        }
        if si - a > 2 || self.last_body.is_none_or(|b| a > b) {
            return false;
        }
        let para = |s: usize| self.para.get(s).copied().unwrap_or(0);
        let breaks = para(si) - para(a);
        breaks == 0 || (breaks == 1 && si - a == 1)
    }

    /// The anaphors resolved in body sentence `si`; then notes its subject
    /// and mentions for the sentences after it.
    fn sentence(&mut self, si: usize) -> Vec<Anaphor> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let contiguous = self.last_body == Some(si.wrapping_sub(1));
        let mut seen = std::mem::take(&mut self.seen);
        seen.retain(|x| contiguous && self.reach(si, x.sentence));
        self.seen = seen;
        let prev_subject = if contiguous && si > 0 && self.reach(si, si - 1) {
            self.subjects[si - 1]
        } else {
            None
        };
        let (t_start, t_end) = (s.token_start, s.token_end.min(doc.tokens.len()));
        let mut mentions = self.first_tok[si].clone();
        mentions.sort_unstable();
        let mut mi = 0;
        let mut here: Vec<Seen> = Vec::new();
        let mut found: Vec<Anaphor> = Vec::new();
        let mut t = t_start;
        while t < t_end {
            while mi < mentions.len() && mentions[mi].0 <= t {
                let (tok, e) = mentions[mi];
                here.push(Seen {
                    entity: e,
                    sentence: si,
                    token: tok,
                });
                mi += 1;
            }
            if self.covered[t] {
                t += 1;
                continue;
            }
            let Some(c) = self.candidate(t, t_end) else {
                t += 1;
                continue;
            };
            let (t0, t1) = c.span;
            if let Some((e, a)) = self.antecedent(si, &c, &here, &found, prev_subject) {
                let a = if a == si {
                    si
                } else {
                    // the latest sentence naming it
                    self.seen
                        .iter()
                        .rev()
                        .find(|h| h.entity == e)
                        .map_or(a, |h| h.sentence)
                };
                found.push(Anaphor {
                    sentence: si,
                    t0,
                    t1,
                    start: doc.tokens[t0].start,
                    end: doc.tokens[t1 - 1].end,
                    entity: e,
                    antecedent: a,
                    kind: if c.description {
                        MentionKind::Nominal
                    } else {
                        MentionKind::Pronoun
                    },
                });
                here.push(Seen {
                    entity: e,
                    sentence: a,
                    token: t0,
                });
            }
            t = t1;
        }
        self.subjects[si] = sentence_subject(
            doc,
            si,
            self.parsed,
            &self.ent_at,
            &self.first_tok[si],
            &found,
        );
        // a resolved anaphor keeps its antecedent's sentence, so chains of
        // pronouns do not stretch the reach
        self.seen.extend(here);
        self.seen.sort_by_key(|h| (h.sentence, h.token));
        for &(_, e) in &self.first_tok[si] {
            if let Some(l) = self.last_named.get_mut(e) {
                *l = Some(si);
            }
        }
        self.last_body = Some(si);
        found
    }

    /// The pronoun ("it", "they", …, not a pleonastic "it") or definite
    /// description ("the group", not "the group of …" nor "the group
    /// Tallis") at token `t` of a sentence ending at `t_end`, if any.
    fn candidate(&self, t: usize, t_end: usize) -> Option<Candidate> {
        let doc = self.doc;
        let w = lower(doc, t);
        let singular = SINGULAR.contains(&w.as_str());
        let plural = PLURAL.contains(&w.as_str());
        let description = w == "the"
            && t + 1 < t_end
            && !self.covered[t + 1]
            && DESCRIPTION_NOUNS.contains(&lower(doc, t + 1).as_str())
            && doc.tokens[t + 1].text.starts_with(char::is_lowercase)
            && doc.tokens.get(t + 2).is_none_or(|x| {
                x.sentence != doc.tokens[t].sentence
                    || !(x.text.starts_with(char::is_uppercase)
                        || matches!(lower(doc, t + 2).as_str(), "of" | "that" | "which" | "who"))
            });
        if !(singular || plural || description) {
            return None;
        }
        if singular && w == "it" && pleonastic(doc, t, t_end) {
            return None;
        }
        if plural && partitive(doc, t) {
            return None;
        }
        Some(Candidate {
            span: if description { (t, t + 2) } else { (t, t + 1) },
            word: w,
            plural: plural && !description,
            description,
        })
    }

    /// The entity candidate `c` of sentence `si` refers to and the sentence
    /// of the mention it is resolved through: within its sentence (`here`:
    /// the mentions and anaphors before it, `found`: the anaphors resolved
    /// so far) the sentence's subject or the nearest agreeing mention; for
    /// one that opens its sentence, the previous sentence's subject, else
    /// the most recent agreeing mention in reach. A previous subject that
    /// cannot be its antecedent but is another reading of it blocks it.
    fn antecedent(
        &self,
        si: usize,
        c: &Candidate,
        here: &[Seen],
        found: &[Anaphor],
        prev_subject: Option<Subject>,
    ) -> Option<(usize, usize)> {
        let doc = self.doc;
        let (description, plural) = (c.description, c.plural);
        // an object pronoun is not its own clause's subject
        let clause_subject = if self.parsed && !description && c.word != "its" && c.word != "their"
        {
            own_subject(doc, c.span.0, &self.ent_at)
        } else {
            None
        };
        let ok = |e: usize| {
            agrees(doc, e, plural)
                && Some(e) != clause_subject
                && (!description
                    || matches!(
                        doc.entities[e].etype,
                        EntityType::ArmedGroup | EntityType::Organization
                    ))
        };
        // nothing of its own sentence before it: "It …", "Its leader …"
        let opens = here.is_empty();
        let mut pick: Option<(usize, usize)> = None;
        if !opens {
            // the sentence's subject when it agrees, else the nearest
            let subj = match sentence_subject(
                doc,
                si,
                self.parsed,
                &self.ent_at,
                &self.first_tok[si],
                found,
            ) {
                Some(Subject::Entity(e)) => Some(e),
                _ => None,
            }
            .filter(|&e| ok(e) && here.iter().any(|h| h.entity == e));
            pick = subj
                .and_then(|e| here.iter().find(|h| h.entity == e))
                .or_else(|| here.iter().rev().find(|h| ok(h.entity)))
                .map(|h| (h.entity, h.sentence));
        }
        if pick.is_some() || here.iter().any(|h| ok(h.entity)) {
            return pick;
        }
        // a subject of the previous sentence that cannot be this
        // pronoun's antecedent, but could be another reading of
        // it, blocks the link
        let blocked = !description
            && match prev_subject {
                Some(Subject::Entity(e)) if !ok(e) => {
                    let et = doc.entities[e].etype;
                    if plural {
                        et == EntityType::GroupIdentity
                    } else {
                        matches!(et, EntityType::Location | EntityType::Facility)
                    }
                }
                Some(Subject::People) => plural,
                Some(Subject::Noun(p)) => p == plural,
                _ => false,
            };
        if blocked {
            return None;
        }
        let pick = match prev_subject {
            // named within reach (a chain of pronouns alone does
            // not carry a group further)
            Some(Subject::Entity(e)) if ok(e) && self.seen.iter().any(|h| h.entity == e) => {
                Some((e, si - 1))
            }
            _ => self
                .seen
                .iter()
                .rev()
                .find(|h| ok(h.entity))
                .map(|h| (h.entity, h.sentence)),
        };
        pick.or_else(|| self.topic_fallback(c, ok))
    }

    /// With no agreeing entity in reach, a description ("the group", "the
    /// organization's leader") is the document's main armed group, when
    /// that group agrees and was named before; it is resolved through the
    /// last sentence naming it. Pronouns are not: out of reach, "it" is as
    /// often an event or a statement, and "they" people.
    fn topic_fallback(&self, c: &Candidate, ok: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
        if !c.description {
            return None;
        }
        let g = self.topic.filter(|&g| ok(g))?;
        let at = (*self.last_named.get(g)?)?;
        Some((g, at))
    }
}

/// Whether "it" at `t` is pleonastic.
fn pleonastic(doc: &Doc, t: usize, t_end: usize) -> bool {
    if doc.tokens[t].deprel.as_deref() == Some("expl") {
        return true;
    }
    let next = |k: usize| (t + k < t_end).then(|| lower(doc, t + k));
    let Some(n1) = next(1) else {
        return false;
    };
    if PLEONASTIC_VERBS.contains(&n1.as_str()) {
        return true;
    }
    if BE.contains(&n1.as_str()) {
        // "it is unclear", "it has been reported", "it was not until"
        let mut k = 2;
        while let Some(w) = next(k) {
            if BE.contains(&w.as_str()) && k < 4 {
                k += 1;
                continue;
            }
            // "it was confirmed that", "it has been decided whether"
            let clause = next(k + 1).is_some_and(|x| matches!(x.as_str(), "that" | "whether"));
            return PLEONASTIC_AFTER_BE.contains(&w.as_str()) || (w.ends_with("ed") && clause);
        }
    }
    false
}

/// Whether "them" at `t` is the set of a partitive ("all of them", "two
/// of them"): a set just named, things or people as often as a group.
/// "Among them" is not: after "G members" or "its fighters" it lists the
/// group's members, which the group stands for.
fn partitive(doc: &Doc, t: usize) -> bool {
    if lower(doc, t) != "them" || t < 2 || doc.tokens[t - 2].sentence != doc.tokens[t].sentence {
        return false;
    }
    let q = lower(doc, t - 2);
    lower(doc, t - 1) == "of"
        && (QUANTIFIERS.contains(&q.as_str())
            || crate::lexicon::NUMBER_WORDS.iter().any(|(w, _)| *w == q)
            || q.chars().all(|c| c.is_ascii_digit()))
}

/// The entity that is the subject of the clause whose object (or oblique)
/// the token `t` is, if the parse says so.
fn own_subject(doc: &Doc, t: usize, ent_at: &[Option<usize>]) -> Option<usize> {
    let tok = &doc.tokens[t];
    let rel = tok.deprel.as_deref()?;
    if !matches!(rel.split(':').next(), Some("obj" | "iobj" | "obl")) {
        return None;
    }
    let h = tok.head?;
    let s = &doc.sentences[tok.sentence];
    (s.token_start..s.token_end.min(doc.tokens.len()))
        .find(|&c| {
            doc.tokens[c].head == Some(h)
                && doc.tokens[c]
                    .deprel
                    .as_deref()
                    .is_some_and(|d| d.starts_with("nsubj"))
        })
        .and_then(|c| ent_at[c])
}

/// The subject of sentence `si`: from the parse (the root's `nsubj`, seen
/// through a fighter noun to its group), or without one its first mention
/// when only a determiner or an introductory phrase comes before.
fn sentence_subject(
    doc: &Doc,
    si: usize,
    parsed: bool,
    ent_at: &[Option<usize>],
    mentions: &[(usize, usize)],
    found: &[Anaphor],
) -> Option<Subject> {
    let s = &doc.sentences[si];
    let (a, b) = (s.token_start, s.token_end.min(doc.tokens.len()));
    let entity_at = |t: usize| {
        ent_at[t].or_else(|| {
            found
                .iter()
                .find(|x| x.t0 <= t && t < x.t1)
                .map(|x| x.entity)
        })
    };
    if parsed {
        let root = (a..b).find(|&i| doc.tokens[i].deprel.as_deref() == Some("root"))?;
        let subj = (a..b).find(|&i| {
            doc.tokens[i].head == Some(root)
                && doc.tokens[i]
                    .deprel
                    .as_deref()
                    .is_some_and(|d| d == "nsubj" || d == "nsubj:pass")
        })?;
        if let Some(e) = entity_at(subj) {
            let person = |e: usize| doc.entities[e].etype == EntityType::Person;
            let joined = (a..b).any(|i| {
                doc.tokens[i].head == Some(subj)
                    && doc.tokens[i].deprel.as_deref() == Some("conj")
                    && entity_at(i).is_some_and(person)
            });
            if person(e) && joined {
                return Some(Subject::People);
            }
            return Some(Subject::Entity(e));
        }
        let tok = &doc.tokens[subj];
        let upos = tok.upos.as_deref().unwrap_or("");
        if upos != "NOUN" && upos != "PROPN" {
            return None;
        }
        // "fighters of G", "G fighters", "its fighters": the group
        let dependent = (a..b).find_map(|i| {
            let d = &doc.tokens[i];
            (d.head == Some(subj)
                && matches!(d.deprel.as_deref(), Some("compound" | "nmod" | "nmod:poss")))
            .then(|| entity_at(i))
            .flatten()
        });
        if let Some(e) = dependent {
            if matches!(
                doc.entities[e].etype,
                EntityType::ArmedGroup | EntityType::Organization
            ) {
                return Some(Subject::Entity(e));
            }
        }
        let w = lower(doc, subj);
        let plural = match (tok.pos.as_deref(), tok.lemma.as_deref()) {
            (Some(p), _) => p == "NNS" || p == "NNPS",
            (None, Some(l)) => l.to_lowercase() != w,
            (None, None) => w.ends_with('s') && !w.ends_with("ss"),
        };
        return Some(Subject::Noun(plural));
    }
    // without a parse: the first mention, with only a determiner or an
    // introductory phrase closed by a comma before it
    let mut first: Option<(usize, usize)> = mentions.iter().copied().min();
    if let Some(f) = found.first() {
        if first.is_none_or(|m| f.t0 < m.0) {
            first = Some((f.t0, f.entity));
        }
    }
    // where the subject starts: after "In 2009," and the like
    let mut begin = a;
    if (a..b)
        .next()
        .is_some_and(|i| INTRO.contains(&lower(doc, i).as_str()))
    {
        if let Some(c) = (a..b).take(8).find(|&i| doc.tokens[i].text == ",") {
            begin = c + 1;
        }
    }
    let mut head = begin;
    if head < b
        && matches!(
            lower(doc, head).as_str(),
            "the" | "a" | "an" | "this" | "these"
        )
    {
        head += 1;
    }
    let person = |e: usize| doc.entities[e].etype == EntityType::Person;
    if let Some((t, e)) = first {
        if t <= head {
            // "Vance and Rook …"
            let mut k = t;
            while k < b && ent_at[k] == Some(e) {
                k += 1;
            }
            if person(e) && k + 1 < b && lower(doc, k) == "and" && ent_at[k + 1].is_some_and(person)
            {
                return Some(Subject::People);
            }
            return Some(Subject::Entity(e));
        }
    }
    // "Fighters of the Front …": the group
    if head + 1 < b && lower(doc, head + 1) == "of" {
        let g = (head + 2..(head + 4).min(b)).find_map(|i| ent_at[i]);
        if let Some(g) = g.filter(|&g| {
            matches!(
                doc.entities[g].etype,
                EntityType::ArmedGroup | EntityType::Organization
            )
        }) {
            return Some(Subject::Entity(g));
        }
    }
    // a noun phrase that is no entity: "Civilians fled", "The launcher was"
    let w = (head < b).then(|| lower(doc, head))?;
    let word = w.chars().all(char::is_alphabetic)
        && !SINGULAR.contains(&w.as_str())
        && !PLURAL.contains(&w.as_str())
        && !INTRO.contains(&w.as_str())
        && !matches!(
            w.as_str(),
            "he" | "she" | "we" | "i" | "you" | "his" | "her" | "there"
        );
    if !word || ent_at[head].is_some() {
        return None;
    }
    let plural = match doc.tokens[head].pos.as_deref() {
        Some(p) => p == "NNS" || p == "NNPS",
        None => w.ends_with('s') && !w.ends_with("ss"),
    };
    Some(Subject::Noun(plural))
}

/// The sentences a fact stated in sentence `sentence` about `entities`
/// cites besides its own: for each of them that the sentence refers to only
/// through an anaphor resolved across sentences, the antecedent's sentence.
pub fn antecedent_sentences(
    doc: &Doc,
    anaphors: &[Anaphor],
    sentence: usize,
    entities: &[usize],
) -> Vec<usize> {
    let mut out = Vec::new();
    for a in anaphors.iter().filter(|a| a.sentence == sentence) {
        if a.antecedent == sentence || !entities.contains(&a.entity) {
            continue;
        }
        let named = doc
            .mentions
            .iter()
            .any(|m| m.sentence == sentence && m.entity == Some(a.entity));
        if !named && !out.contains(&a.antecedent) {
            out.push(a.antecedent);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;
    use dossier_doc::Component;

    /// The anaphors of `text` (fixture markup) as (surface, entity name,
    /// antecedent sentence).
    fn resolve(text: &str) -> Vec<(String, String, usize)> {
        let plain = resolve_in(doc_from_markup(text));
        let mut doc = doc_from_markup(text);
        dossier_parser::DependencyParser::new()
            .process(&mut doc)
            .unwrap();
        let parsed = resolve_in(doc);
        assert_eq!(plain, parsed, "with and without the parse: {text}");
        plain
    }

    fn resolve_in(doc: Doc) -> Vec<(String, String, usize)> {
        group_anaphors(&doc)
            .into_iter()
            .map(|a| {
                (
                    doc.slice(a.start, a.end).to_string(),
                    doc.entities[a.entity].name.clone(),
                    a.antecedent,
                )
            })
            .collect()
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        resolve(text).into_iter().map(|(a, b, _)| (a, b)).collect()
    }

    fn p(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn a_pronoun_opening_a_sentence_is_the_previous_subject() {
        let r = resolve(
            "[The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             It later moved its fighters to [Kesh|location].",
        );
        assert_eq!(
            r,
            vec![
                ("It".to_string(), "The Tallis Front".to_string(), 0),
                ("its".to_string(), "The Tallis Front".to_string(), 0),
            ]
        );
    }

    #[test]
    fn they_refers_to_a_group_and_their_to_the_nearest_group() {
        assert_eq!(
            pairs(
                "[The Ashen Brigades|armed_group] clashed with police in [Olm|location]. \
                 They later received weapons from [Norland|country]."
            ),
            vec![p("They", "The Ashen Brigades")]
        );
        assert_eq!(
            pairs(
                "[Norland|country] armed [the Ashen Brigades|armed_group] and trained their commanders."
            ),
            vec![p("their", "the Ashen Brigades")]
        );
    }

    #[test]
    fn it_is_never_a_person_nor_a_place() {
        // a place as subject blocks the link to the group named after it
        assert_eq!(
            pairs(
                "[Olm|location] is a town held by [the Tallis Front|armed_group]. \
                 It lies on the river."
            ),
            vec![]
        );
        assert_eq!(
            pairs("[Orla Vance|person] spoke at length. It was a long speech."),
            vec![]
        );
    }

    #[test]
    fn it_is_not_a_weapon_and_they_are_not_civilians() {
        // a subject that is no entity takes the pronoun of its number
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] bought a rocket launcher. \
                 The launcher was found in [Olm|location]. It had been fired twice."
            ),
            vec![]
        );
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] shelled [Olm|location]. \
                 Civilians fled the town. They said the shelling lasted hours."
            ),
            vec![]
        );
    }

    #[test]
    fn pleonastic_it_refers_to_nothing() {
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] denied the attack. \
                 It is unclear whether the claim is true."
            ),
            vec![]
        );
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] grew quickly. \
                 It was reported that recruits came from [Kesh|location]."
            ),
            vec![]
        );
    }

    #[test]
    fn the_group_is_the_group_in_reach() {
        assert_eq!(
            pairs(
                "[The Kesh Relief Council|organization] opened offices in [Olm|location]. \
                 The organization later funded the clinic."
            ),
            vec![p("The organization", "The Kesh Relief Council")]
        );
        // "the group of villages" is no reference
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] took [Olm|location]. \
                 The group of villages fell soon after."
            ),
            vec![]
        );
    }

    #[test]
    fn reach_stops_at_headings_and_old_paragraphs() {
        // three sentences back is too far
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] was founded in 2009. The rains came early. \
                 Roads flooded. Crops failed. It then attacked the dam."
            ),
            vec![]
        );
        // a paragraph break: one sentence across, not two
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] was founded in 2009. The rains came early.\n\n\
                 It then attacked the dam."
            ),
            vec![]
        );
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] was founded in 2009.\n\nIt then attacked the dam."
            ),
            vec![p("It", "The Tallis Front")]
        );
    }

    /// A long gap after the last group named (five sentences).
    const GAP: &str = "The rains came early. Roads flooded. Crops failed.";

    #[test]
    fn issue13_a_description_out_of_reach_is_the_main_group() {
        let text = format!(
            "[The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             [The Front|armed_group=The Tallis Front] grew quickly. {GAP} \
             The group then attacked the dam."
        );
        assert_eq!(
            resolve(&text),
            vec![("The group".to_string(), "The Tallis Front".to_string(), 1)]
        );
        // and a possessive one
        let text = format!(
            "[The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             [The Front|armed_group=The Tallis Front] grew quickly. {GAP} \
             The organization's leader, [Orla Vance|person], fled."
        );
        assert_eq!(
            pairs(&text),
            vec![p("The organization", "The Tallis Front")]
        );
    }

    #[test]
    fn issue13_no_main_group_reading_without_one_or_for_they() {
        // pronouns out of reach are not: "it" is as often an event
        let text = format!(
            "[The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             [The Front|armed_group=The Tallis Front] grew quickly. {GAP} \
             It then attacked the dam."
        );
        assert_eq!(pairs(&text), vec![]);
        // and "they" people
        let text = format!(
            "[The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             [The Front|armed_group=The Tallis Front] grew quickly. {GAP} \
             They then attacked the dam."
        );
        assert_eq!(pairs(&text), vec![]);
        // "it" after a name in its own sentence is not the main group
        let text = format!(
            "[The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             [The Front|armed_group=The Tallis Front] grew quickly. {GAP} \
             In [Kesh|location] it then attacked the dam."
        );
        assert_eq!(pairs(&text), vec![]);
        // two groups named as often: no main group
        let text = format!(
            "[The Tallis Front|armed_group] fought [the Sarn Brigade|armed_group] in 2009. \
             {GAP} The group then attacked the dam."
        );
        assert_eq!(pairs(&text), vec![]);
        // not before the group is named
        let text = format!(
            "The group attacked the dam. {GAP} \
             [The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             [The Front|armed_group=The Tallis Front] grew quickly."
        );
        assert_eq!(pairs(&text), vec![]);
    }

    #[test]
    fn issue13_the_groups_leader_is_the_group_in_reach() {
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] shelled [Olm|location] in 2009. \
                 The group's leader, [Orla Vance|person], spoke to reporters."
            ),
            vec![p("The group", "The Tallis Front")]
        );
    }

    #[test]
    fn issue13_them_of_a_partitive_is_the_set_not_the_group() {
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] kidnapped nine engineers in [Olm|location]. \
                 Most of them were freed in May."
            ),
            vec![]
        );
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] shelled [Olm|location]. \
                 Two of them were killed in the attack."
            ),
            vec![]
        );
        // a group as the object of a verb still is
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] was founded in 2009. \
                 [Norland|country] armed them in 2012."
            ),
            vec![p("them", "The Tallis Front")]
        );
    }

    #[test]
    fn issue13_it_was_confirmed_that_refers_to_nothing() {
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] grew quickly. \
                 It was confirmed that recruits came from [Kesh|location]."
            ),
            vec![]
        );
        // a participle without a clause after it keeps the pronoun
        assert_eq!(
            pairs(
                "[The Tallis Front|armed_group] grew quickly. \
                 It was banned in [Kesh|location] in 2012."
            ),
            vec![p("It", "The Tallis Front")]
        );
    }
}
