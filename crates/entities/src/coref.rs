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

const NOMINAL_DET: &[&str] = &["the", "this", "that", "its", "his", "her", "their"];
const NOMINAL_ARMED: &[&str] = &[
    "group",
    "militia",
    "movement",
    "brigade",
    "faction",
    "network",
    "insurgency",
    "outfit",
];
const NOMINAL_ORG: &[&str] = &["organization", "organisation", "agency", "party"];

/// Words that, before a group's whole name, name another group: a
/// regional wing or a splinter ("the Northern X", "the Real X").
const SPLINTER_QUALIFIERS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "new",
    "real",
    "true",
    "continuity",
    "provisional",
    "official",
    "reformed",
    "renewed",
    "revolutionary",
    "united",
];

/// Head nouns of a formation inside a group ("the Ash Front's Jungle
/// Company", "the Red Hand Northern Column"): a name that is another
/// group's name plus a descriptor and one of these names a unit of that
/// group, not the group itself.
const FORMATION_NOUNS: &[&str] = &[
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "regiment",
    "company",
    "column",
    "cell",
    "detachment",
    "platoon",
    "squad",
    "squadron",
    "wing",
    "unit",
    "division",
    "corps",
];

const PRONOUNS: &[&str] = &["he", "his", "him", "she", "her"];
const FULL_NAME_CUES: &[&str] = &[
    "full name",
    "official name",
    "also known as",
    "known as",
    "calls itself",
    "called itself",
    "renamed",
    "name means",
    "translates as",
];

/// The type evidence of a cluster's mentions, kept as they join.
#[derive(Debug, Default, Clone)]
struct TypeStats {
    /// Per label of a name mention, in order of first appearance: the
    /// highest and the summed support (a listed country counts 2).
    by_label: Vec<(EntityType, f32, f32)>,
    /// Whether a mention is a person by a full name or a confident listing.
    strong_person: bool,
}

impl TypeStats {
    fn add(&mut self, mm: &Mention) {
        if mm.label == EntityType::Person
            && (mm.source == "gazetteer" && mm.confidence >= 0.8
                || mm.text.split_whitespace().count() >= 2)
        {
            self.strong_person = true;
        }
        if matches!(mm.kind, MentionKind::Nominal | MentionKind::Pronoun) {
            return;
        }
        let conf = if mm.label == EntityType::Country && mm.confidence >= 0.9 {
            2.0
        } else {
            mm.confidence
        };
        match self.by_label.iter_mut().find(|(t, _, _)| *t == mm.label) {
            Some(e) => {
                e.1 = e.1.max(conf);
                e.2 += conf;
            }
            None => self.by_label.push((mm.label, conf, conf)),
        }
    }
}

#[derive(Debug, Default)]
struct Cluster {
    /// Mention indices (into the working mention list).
    mentions: Vec<usize>,
    keys: HashSet<String>,
    /// Extra aliases not backed by a mention ("Qarvan’s Sword Brigade").
    extra: Vec<String>,
    /// Folded word lists of multi-word person names, each once.
    person_names: Vec<Vec<String>>,
    /// One mention for each distinct surface text, in order of joining.
    distinct: Vec<usize>,
    /// The surface texts of `distinct`.
    texts: HashSet<String>,
    /// The highest confidence of a mention.
    conf: f32,
    /// Type evidence (rebuilt when clusters merge, as mentions may have been
    /// retyped).
    stats: TypeStats,
    /// [`Resolver::cluster_type`], cached until the cluster changes.
    ty: std::cell::Cell<Option<EntityType>>,
    merged_into: Option<usize>,
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
    };
    r.acronym_definitions();
    r.cued_aliases();
    r.parenthesized_names();
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

/// Last words of the name of a war, a campaign, a crisis or a written text
/// ("the Civil War", "the Defiance Campaign", "the July Crisis", "the
/// Freedom Charter"): the ontology keys none of them as an entity.
const HAPPENING_HEADS: &[&str] = &[
    "war",
    "wars",
    "campaign",
    "crisis",
    "uprising",
    "coup",
    "massacre",
    "charter",
    "convention",
    "accord",
    "accords",
    "agreement",
    "treaty",
    "doctrine",
    "manifesto",
    "declaration",
    "revolution",
    "intifada",
    "offensive",
    "trial",
    "trials",
    "conference",
    "ambush",
    "battle",
    "siege",
    "act",
    "bill",
    "report",
    "inquiry",
    "investigation",
    "constitution",
    "testament",
    "ages",
    "protocol",
];

/// First words of the name of a happening told with its object ("the
/// Battle of X", "the Fall of X", "the Siege of X").
const HAPPENING_LEADS: &[&str] = &[
    "battle",
    "siege",
    "fall",
    "sale",
    "report",
    "treaty",
    "massacre",
    "invasion",
    "occupation",
    "partition",
    "capture",
    "war",
    "assassination",
];

/// A person or organization reading of such a name, or of a doctrine
/// ("Leninism"), which the recognizers' capitalization cues mistook for a
/// name. "Guardians of the Revolution" (a head before "of") stays.
fn names_a_happening_or_text(m: &Mention) -> bool {
    if !matches!(m.label, EntityType::Person | EntityType::Organization)
        || matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun)
    {
        return false;
    }
    let words: Vec<String> = m.text.split_whitespace().map(fold).collect();
    let Some(last) = words.last() else {
        return false;
    };
    if words.len() == 1 {
        return last.len() > 5 && last.ends_with("ism") && m.text.starts_with(char::is_uppercase);
    }
    if HAPPENING_LEADS.contains(&words[0].as_str()) && words.get(1).is_some_and(|w| w == "of") {
        return true;
    }
    HAPPENING_HEADS.contains(&last.as_str())
        && !words
            .iter()
            .any(|w| matches!(w.as_str(), "of" | "for" | "de" | "del"))
        && m.text
            .split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// The mentions that may make entities, given the document's shape
/// ([`Doc::blocks`]): every mention of running text; a mention in a
/// heading, caption or pull quote only when the running text has the same
/// name (or that name is a run of words of a name there) or the gazetteer
/// knows it as a country, since title case is no evidence of a name ("6.
/// GEORGIA: Police disperse a protest" keeps Georgia); none from bylines, author bios, references
/// and page debris, whose names are not actors of the report.
pub fn keep_by_layout(doc: &Doc, g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    use dossier_doc::BlockKind;
    if doc.blocks.iter().all(|b| b.kind.is_body()) {
        return ms;
    }
    let mut body: HashSet<String> = HashSet::default();
    for m in &ms {
        if !doc.block_kind(m.sentence).is_body() {
            continue;
        }
        let key = name_key(&m.text);
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        for a in 0..words.len() {
            for b in a + 1..=words.len().min(a + 8) {
                body.insert(words[a..b].join(" "));
            }
        }
    }
    ms.into_iter()
        .filter(|m| match doc.block_kind(m.sentence) {
            BlockKind::Body => true,
            BlockKind::Heading | BlockKind::Caption | BlockKind::PullQuote => {
                body.contains(&name_key(&m.text)) || g.country(&m.text).is_some()
            }
            _ => false,
        })
        .collect()
}

/// Place nouns that may follow a place's name without changing the place
/// ("Tolva province", "Tolva City", "Lake Tolva basin").
const PLACE_SUFFIXES: &[&str] = &[
    "province",
    "region",
    "district",
    "department",
    "municipality",
    "county",
    "governorate",
    "state",
    "city",
    "basin",
];

/// The grouping key of a place: its name key without a trailing place
/// noun ("Tolva region" = "Tolva").
fn place_key(text: &str) -> String {
    let key = name_key(text);
    match key.rsplit_once(' ') {
        Some((rest, last)) if PLACE_SUFFIXES.contains(&last) && !rest.is_empty() => {
            rest.to_string()
        }
        _ => key,
    }
}

/// Cues before a name that make it another name of a person ("alias
/// \u{201c}X\u{201d}", "known by his nickname X", "his nom de guerre, X").
const PERSON_ALIAS_CUES: &[&str] = &[
    "alias",
    "aliases",
    "nickname",
    "nicknamed",
    "nom de guerre",
    "nom de plume",
    "kunya",
    "known by",
    "goes by",
    "went by",
    "better known as",
];

/// Cues before a name that make it another name, spelling or translation
/// of the group just mentioned ("usually spell it X", "occasionally spelled
/// X", "the name means X", "call it simply X").
const NAME_ALIAS_CUES: &[&str] = &[
    "spell it",
    "spells it",
    "spelled",
    "spelt",
    "transliterated",
    "transliterated as",
    "call it",
    "calls it",
    "called it",
    "call it simply",
    "calls it simply",
    "also called",
    "name means",
    "translates as",
    "also known as",
    "still called",
    "widely called",
    "formerly called",
    "once called",
    "locally called",
    "formerly known as",
    "previously known as",
    "locally known as",
];

fn compatible(a: EntityType, b: EntityType) -> bool {
    use EntityType::*;
    a == b
        || matches!(
            (a, b),
            (ArmedGroup, Organization) | (Organization, ArmedGroup)
        )
}

fn fixed_type(t: EntityType) -> bool {
    matches!(t, EntityType::Country | EntityType::GroupIdentity)
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

    fn text_after(&self, end: usize, max: usize) -> String {
        let len = self.doc.len_chars();
        self.doc.slice(end, (end + max).min(len)).to_string()
    }

    /// "Name (ACR)": links the acronym to the name; adds the acronym mention
    /// when no recognizer found it.
    fn acronym_definitions(&mut self) {
        let mut added = Vec::new();
        for i in 0..self.ms.len() {
            let m = &self.ms[i];
            if m.kind == MentionKind::Acronym
                || fixed_type(m.label)
                || m.text.split_whitespace().count() < 2
            {
                continue;
            }
            let after = self.text_after(m.end, 16);
            let trimmed = after.trim_start();
            let skipped = after.chars().count() - trimmed.chars().count();
            let Some(inner) = trimmed.strip_prefix('(') else {
                continue;
            };
            let Some(close) = inner.find(')') else {
                continue;
            };
            let acr = &inner[..close];
            if !is_acronym(acr) {
                continue;
            }
            let start = m.end + skipped + 1;
            let end = start + acr.chars().count();
            match self
                .ms
                .iter()
                .position(|x| x.start == start && x.end == end)
            {
                Some(j) => {
                    self.ms[j].kind = MentionKind::Acronym;
                    self.defined.insert(j, i);
                }
                None if self.ms.iter().all(|x| x.end <= start || x.start >= end)
                    && self.doc.sentence_at(start) == Some(m.sentence) =>
                {
                    added.push((
                        i,
                        Mention {
                            start,
                            end,
                            sentence: m.sentence,
                            text: acr.to_string(),
                            label: m.label,
                            kind: MentionKind::Acronym,
                            source: "coref-acronym".into(),
                            confidence: m.confidence,
                            entity: None,
                        },
                    ));
                }
                None => {}
            }
        }
        for (i, m) in added {
            self.ms.push(m);
            self.defined.insert(self.ms.len() - 1, i);
        }
        self.resort();
    }

    /// Keeps `ms` sorted by start, remapping the side tables.
    fn resort(&mut self) {
        let mut order: Vec<usize> = (0..self.ms.len()).collect();
        order.sort_by_key(|&i| (self.ms[i].start, self.ms[i].end));
        let mut new_of = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old] = new;
        }
        self.ms = order.iter().map(|&i| self.ms[i].clone()).collect();
        self.of = order
            .iter()
            .map(|&i| self.of.get(i).copied().flatten())
            .collect();
        self.defined = self
            .defined
            .iter()
            .map(|(&a, &b)| (new_of[a], new_of[b]))
            .collect();
        self.forced = self
            .forced
            .iter()
            .map(|(&a, &b)| (new_of[a], new_of[b]))
            .collect();
        self.alias_only = self.alias_only.iter().map(|&a| new_of[a]).collect();
        for c in &mut self.clusters {
            for m in &mut c.mentions {
                *m = new_of[*m];
            }
        }
    }

    /// The alias cue that ends right before char `start` (after quotes,
    /// commas and "the", "his", "her", "its", "simply"), if any, and
    /// whether it names a person.
    fn alias_cue_before(&self, start: usize, sentence_start: usize) -> Option<bool> {
        let from = start.saturating_sub(40).max(sentence_start);
        let mut before = self.doc.slice(from, start).to_lowercase();
        loop {
            let t = before
                .trim_end_matches(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '\'' | ',' | ':')
                })
                .to_string();
            // A title inside the quotes ("Commander Blue") stays outside the alias.
            let last_word = t
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let title = (!last_word.is_empty() && self.g.is_title(last_word)).then_some(last_word);
            let stripped = ["the", "his", "her", "its", "their"]
                .iter()
                .copied()
                .chain(title)
                .find_map(|w| {
                    t.strip_suffix(w)
                        .filter(|r| r.is_empty() || r.ends_with(|c: char| !c.is_alphanumeric()))
                        .map(str::to_string)
                });
            match stripped {
                Some(r) => before = r,
                None => {
                    before = t;
                    break;
                }
            }
        }
        let ends = |cue: &str| {
            before.ends_with(cue)
                && before[..before.len() - cue.len()]
                    .chars()
                    .last()
                    .is_none_or(|c| !c.is_alphanumeric())
        };
        if PERSON_ALIAS_CUES.iter().any(|c| ends(c)) {
            Some(true)
        } else if NAME_ALIAS_CUES.iter().any(|c| ends(c)) {
            Some(false)
        } else {
            None
        }
    }

    /// "Ada Ferrin, alias \u{201c}La Negra\u{201d}", "known by his nom de
    /// guerre, Abu X": the name joins the nearest person before it; "usually
    /// spell it X", "the name means \u{201c}X\u{201d}": the name joins the latest
    /// armed group or organization.
    fn cued_aliases(&mut self) {
        for k in 0..self.ms.len() {
            let m = &self.ms[k];
            if fixed_type(m.label) || self.forced.contains_key(&k) {
                continue;
            }
            let Some(s) = self.doc.sentences.get(m.sentence).copied() else {
                continue;
            };
            let Some(person) = self.alias_cue_before(m.start, s.start) else {
                continue;
            };
            let window_start = if m.sentence > 0 {
                self.doc.sentences[m.sentence.saturating_sub(4)].start
            } else {
                s.start
            };
            let in_window: Vec<usize> = (0..k)
                .rev()
                .filter(|&j| {
                    let o = &self.ms[j];
                    o.end <= m.start
                        && o.start >= if person { s.start } else { window_start }
                        && if person {
                            o.label == EntityType::Person
                        } else if m.label == EntityType::Location {
                            o.label == EntityType::Location
                        } else {
                            matches!(o.label, EntityType::ArmedGroup | EntityType::Organization)
                                && o.text.split_whitespace().count() >= 2
                        }
                })
                .collect();
            // A group whose name has the alias's words ("the Hand" → "Red
            // Hand of Norland"), else the latest armed group, else the latest.
            let alias_words: Vec<String> = name_key(&m.text).split(' ').map(String::from).collect();
            let target = if person || m.label == EntityType::Location {
                in_window.first().copied()
            } else {
                in_window
                    .iter()
                    .copied()
                    .find(|&j| {
                        let full = name_key(&self.ms[j].text);
                        alias_words.iter().all(|w| full.split(' ').any(|x| x == w))
                    })
                    .or_else(|| {
                        in_window
                            .iter()
                            .copied()
                            .find(|&j| self.ms[j].label == EntityType::ArmedGroup)
                    })
                    .or_else(|| in_window.first().copied())
            };
            // "… spell it X": "it" is the group the text is about; failing
            // one nearby, the latest group with a long name.
            let target = target.or_else(|| {
                (!person && m.label != EntityType::Location)
                    .then(|| {
                        (0..k).rev().find(|&j| {
                            self.ms[j].label == EntityType::ArmedGroup
                                && self.ms[j].text.split_whitespace().count() >= 2
                        })
                    })
                    .flatten()
            });
            if let Some(t) = target {
                self.forced.insert(k, t);
                self.alias_only.insert(k);
            }
        }
    }

    /// "the Attorney General's Office (Fiscalía General de la Nación)": a
    /// name of several words in parentheses right after an organization's
    /// or armed group's name is another name of it; the mentions inside join.
    fn parenthesized_names(&mut self) {
        for k in 0..self.ms.len() {
            let m = &self.ms[k];
            if !matches!(m.label, EntityType::ArmedGroup | EntityType::Organization) {
                continue;
            }
            let after = self.text_after(m.end, 80);
            let Some(inner) = after.strip_prefix(" (") else {
                continue;
            };
            let Some(close) = inner.find(')') else {
                continue;
            };
            let name = &inner[..close];
            let words: Vec<&str> = name.split_whitespace().collect();
            let ok = (2..=8).contains(&words.len())
                && words[0].starts_with(|c: char| c.is_uppercase())
                && words
                    .last()
                    .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
                && !name.contains(|c: char| c.is_ascii_digit() || c == ',' || c == ';');
            if !ok {
                continue;
            }
            let qs = m.end + 2;
            let qe = qs + name.chars().count();
            let inside: Vec<usize> = (0..self.ms.len())
                .filter(|&j| self.ms[j].start >= qs && self.ms[j].end <= qe)
                .collect();
            if inside.iter().any(|&j| fixed_type(self.ms[j].label)) {
                continue;
            }
            for j in inside {
                self.forced.insert(j, k);
                self.alias_only.insert(j);
            }
            self.pending_aliases.push((k, name.to_string()));
        }
    }

    /// "G: Full Name" outside quotes: the full name joins G.
    fn colon_aliases(&mut self) {
        for k in 1..self.ms.len() {
            let (a, b) = (&self.ms[k - 1], &self.ms[k]);
            if a.sentence != b.sentence || a.end > b.start || self.forced.contains_key(&k) {
                continue;
            }
            let groupish =
                |m: &Mention| matches!(m.label, EntityType::ArmedGroup | EntityType::Organization);
            // "G: Full Name"; "G, or Other Name (ACR)": another name of G.
            let between = self.doc.slice(a.end, b.start);
            let or_name = between == ", or "
                && b.text.split_whitespace().count() >= 2
                && a.text.split_whitespace().count() >= 2;
            let ok = (between == ": " || or_name)
                && (groupish(a) || a.confidence < 0.6 && !fixed_type(a.label))
                && groupish(b)
                && b.text.split_whitespace().count() >= 2;
            if ok {
                self.forced.insert(k, k - 1);
                self.alias_only.insert(k);
                if !or_name {
                    let full = self.doc.slice(a.start, b.end).to_string();
                    self.pending_aliases.push((k - 1, full));
                }
            }
        }
    }

    /// `its full name, “A: B”` and `“A: B”`: names inside the quotes join A
    /// (or the most recent group when there is no A).
    fn quoted_full_names(&mut self) {
        let text: Vec<char> = self.doc.text.chars().collect();
        let lower: String = self.doc.text.to_lowercase();
        let lower_chars: Vec<char> = lower.chars().collect();
        if lower_chars.len() != text.len() {
            return; // lowercasing changed lengths: offsets would not line up
        }
        let mut i = 0;
        while i < text.len() {
            let c = text[i];
            if c != '\u{201c}' && c != '"' {
                i += 1;
                continue;
            }
            let close = if c == '"' { '"' } else { '\u{201d}' };
            let Some(len) = text[i + 1..].iter().take(120).position(|&x| x == close) else {
                i += 1;
                continue;
            };
            let (qs, mut qe) = (i + 1, i + 1 + len);
            i = qe + 1;
            while qe > qs && matches!(text[qe - 1], ',' | '.' | ';') {
                qe -= 1;
            }
            if qe <= qs || !text[qs].is_uppercase() {
                continue;
            }
            let before: String = lower_chars[qs.saturating_sub(30)..qs].iter().collect();
            let cued = FULL_NAME_CUES.iter().any(|cue| before.contains(cue));
            let colon = text[qs..qe].iter().position(|&x| x == ':');
            if !cued && colon.is_none() {
                continue;
            }
            let inside: Vec<usize> = (0..self.ms.len())
                .filter(|&k| self.ms[k].start >= qs && self.ms[k].end <= qe)
                .collect();
            // The target: the name before the colon, else the latest group before the quote.
            let target = match colon {
                Some(p) => inside
                    .iter()
                    .copied()
                    .find(|&k| self.ms[k].end <= qs + p && !fixed_type(self.ms[k].label)),
                None => None,
            }
            .or_else(|| {
                if !cued {
                    return None;
                }
                // "The movement is also known as …": the latest armed group
                // when the sentence speaks of a group, else any organization.
                let sentence = self.doc.sentence_at(qs)?;
                let s = self.doc.sentences[sentence];
                let armed_nominal = self
                    .doc
                    .slice(s.start, qs)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| NOMINAL_ARMED.contains(&w.to_lowercase().as_str()));
                let latest = |types: &[EntityType]| {
                    (0..self.ms.len())
                        .rev()
                        .find(|&k| self.ms[k].end <= qs && types.contains(&self.ms[k].label))
                };
                if armed_nominal {
                    latest(&[EntityType::ArmedGroup])
                        .or_else(|| latest(&[EntityType::Organization]))
                } else {
                    latest(&[EntityType::ArmedGroup, EntityType::Organization])
                }
            });
            let Some(t) = target else { continue };
            let full: String = text[qs..qe].iter().collect();
            let rest: Option<String> = colon.map(|p| {
                text[qs + p + 1..qe]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string()
            });
            for k in inside {
                // The quoted name itself (or its part after the colon) is a name
                // of the target whatever its guessed type; other names inside
                // join when weakly typed or organizations.
                let rest_start = colon.map(|p| qs + p + 1).unwrap_or(qs);
                let whole = self.ms[k].start <= rest_start + 1
                    && self.ms[k].end >= qe
                    && (cued || colon.is_some());
                let weak = whole
                    || self.ms[k].confidence < 0.7
                    || matches!(
                        self.ms[k].label,
                        EntityType::ArmedGroup | EntityType::Organization
                    );
                if k != t && !fixed_type(self.ms[k].label) && weak && !self.forced.contains_key(&k)
                {
                    self.forced.insert(k, t);
                    self.alias_only.insert(k);
                }
            }
            self.pending_aliases.push((t, full));
            if let Some(r) = rest.filter(|r| !r.is_empty()) {
                self.pending_aliases.push((t, r));
            }
        }
    }

    fn root(&self, mut c: usize) -> usize {
        while let Some(p) = self.clusters[c].merged_into {
            c = p;
        }
        c
    }

    fn cluster_of(&self, m: usize) -> Option<usize> {
        self.of[m].map(|c| self.root(c))
    }

    /// The best-supported type of a cluster's mentions.
    fn cluster_type(&self, c: usize) -> EntityType {
        if let Some(t) = self.clusters[c].ty.get() {
            return t;
        }
        let t = self.compute_cluster_type(c);
        self.clusters[c].ty.set(Some(t));
        t
    }

    fn compute_cluster_type(&self, c: usize) -> EntityType {
        let mut best = self.clusters[c].stats.by_label.clone();
        // People are introduced by full name or title: a cluster whose person
        // evidence is only single words (a tagger's guess) yields to group
        // or organization evidence.
        let weak_person =
            self.clusters[c].person_names.is_empty() && !self.clusters[c].stats.strong_person;
        if weak_person
            && best
                .iter()
                .any(|b| matches!(b.0, EntityType::ArmedGroup | EntityType::Organization))
        {
            best.retain(|b| b.0 != EntityType::Person);
        }
        best.iter()
            .copied()
            .max_by(|a, b| {
                // The highest single support wins; within 0.05, the larger total.
                if (a.1 - b.1).abs() <= 0.05 {
                    a.2.partial_cmp(&b.2).unwrap_or(std::cmp::Ordering::Equal)
                } else {
                    a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal)
                }
            })
            .map(|x| x.0)
            .unwrap_or(EntityType::Organization)
    }

    /// The cluster's type, where an organization that no name cue makes one
    /// (no organization mention typed with confidence 0.7 or more) becomes
    /// an armed group when at least two of its sentences, and a quarter of
    /// them, speak of armed violence ("fighters", "attacked", "militants").
    fn final_type(&self, c: usize) -> EntityType {
        let t = self.cluster_type(c);
        if t != EntityType::Organization {
            return t;
        }
        let names: Vec<&Mention> = self.clusters[c]
            .mentions
            .iter()
            .map(|&m| &self.ms[m])
            .filter(|m| !matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun))
            .collect();
        if names
            .iter()
            .any(|m| m.label == EntityType::Organization && m.confidence >= 0.7)
        {
            return t;
        }
        let mut sentences: Vec<usize> = names.iter().map(|m| m.sentence).collect();
        sentences.sort_unstable();
        sentences.dedup();
        let armed = sentences
            .iter()
            .filter(|&&s| {
                let Some(sent) = self.doc.sentences.get(s) else {
                    return false;
                };
                self.doc.tokens[sent.token_start..sent.token_end.min(self.doc.tokens.len())]
                    .iter()
                    .any(|t| self.g.is_armed_context_cue(&t.text))
            })
            .count();
        if armed >= 2 && armed * 4 >= sentences.len() {
            EntityType::ArmedGroup
        } else {
            t
        }
    }

    fn cluster_conf(&self, c: usize) -> f32 {
        self.clusters[c].conf
    }

    fn join(&mut self, m: usize, c: usize) {
        let c = self.root(c);
        self.of[m] = Some(c);
        let key = self.key(m);
        let words = self.person_words(m);
        let mm = &self.ms[m];
        let cl = &mut self.clusters[c];
        cl.mentions.push(m);
        cl.stats.add(mm);
        cl.ty.set(None);
        cl.conf = cl.conf.max(mm.confidence);
        if !cl.texts.contains(&mm.text) {
            cl.texts.insert(mm.text.clone());
            cl.distinct.push(m);
        }
        if !cl.keys.contains(&key) {
            self.key_clusters.entry(key.clone()).or_default().push(c);
            cl.keys.insert(key);
        }
        if mm.label == EntityType::Person && words.len() >= 2 && !cl.person_names.contains(&words) {
            cl.person_names.push(words);
        }
    }

    fn new_cluster(&mut self, m: usize) -> usize {
        self.clusters.push(Cluster::default());
        let c = self.clusters.len() - 1;
        self.join(m, c);
        c
    }

    /// The words of a person's name without particles ("Bashar al-Assad" →
    /// bashar, assad).
    fn person_words(&self, m: usize) -> Vec<String> {
        name_key(&self.ms[m].text)
            .split(' ')
            .filter(|w| {
                !w.is_empty()
                    && !matches!(
                        *w,
                        "al" | "el"
                            | "bin"
                            | "ibn"
                            | "bint"
                            | "abu"
                            | "de"
                            | "van"
                            | "von"
                            | "da"
                            | "del"
                    )
            })
            .map(String::from)
            .collect()
    }

    /// The grouping key of a mention: countries by country, identities by
    /// identity, everything else by normalized name.
    fn key(&self, m: usize) -> String {
        let mm = &self.ms[m];
        match mm.label {
            EntityType::Country => match self
                .g
                .country(&mm.text)
                .or_else(|| self.g.demonym(&mm.text))
            {
                Some(c) => format!("country:{}", c.iso2),
                None => name_key(&mm.text),
            },
            EntityType::GroupIdentity => {
                if let Some(c) = self.g.demonym(&mm.text) {
                    format!("identity:{}", c.iso2)
                } else if let Some(i) = self.g.group_identity(&mm.text) {
                    format!("identity:{}", name_key(i))
                } else {
                    format!("identity:{}", name_key(&mm.text))
                }
            }
            EntityType::Location => place_key(&mm.text),
            _ => name_key(&mm.text),
        }
    }

    fn live_clusters(&self) -> Vec<usize> {
        (0..self.clusters.len())
            .filter(|&c| self.clusters[c].merged_into.is_none())
            .collect()
    }

    /// Whether mention `m` may join cluster `c` by type.
    fn type_ok(&self, m: usize, c: usize) -> bool {
        let t = self.cluster_type(c);
        let mm = &self.ms[m];
        if fixed_type(mm.label) || fixed_type(t) {
            return mm.label == t;
        }
        compatible(mm.label, t) || mm.confidence < 0.6 || self.cluster_conf(c) < 0.6
    }

    /// Decides the cluster of mention `i`.
    fn place(&mut self, i: usize) {
        if self.of[i].is_some() {
            return;
        }
        if let Some(&t) = self.forced.get(&i) {
            if let Some(c) = self.cluster_of(t) {
                self.join(i, c);
                return;
            }
        }
        if let Some(&d) = self.defined.get(&i) {
            if let Some(c) = self.cluster_of(d) {
                self.ms[i].kind = MentionKind::Acronym;
                self.join(i, c);
                return;
            }
        }
        let key = self.key(i);
        if key.is_empty() {
            self.new_cluster(i);
            return;
        }
        // Same name (whatever a recognizer guessed its type to be): the
        // latest live cluster with this key.
        let label = self.ms[i].label;
        let same_kind = |t: EntityType| {
            if fixed_type(label) {
                t == label
            } else {
                !fixed_type(t)
            }
        };
        let mut with_key: Vec<usize> = self
            .key_clusters
            .get(&key)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&c| self.clusters[c].merged_into.is_none())
                    .collect()
            })
            .unwrap_or_default();
        with_key.sort_unstable_by(|a, b| b.cmp(a));
        with_key.dedup();
        if let Some(c) = with_key
            .into_iter()
            .find(|&c| same_kind(self.cluster_type(c)))
        {
            // A person's surname again, whatever a recognizer took it for.
            if !self.clusters[c].person_names.is_empty()
                && self.ms[i].label != EntityType::Person
                && self.ms[i].text.split_whitespace().count() == 1
                && !self.place_context(i)
            {
                self.ms[i].label = EntityType::Person;
                self.ms[i].kind = MentionKind::ShortName;
            }
            self.join(i, c);
            return;
        }
        if fixed_type(self.ms[i].label) {
            self.new_cluster(i);
            return;
        }
        let live = self.live_clusters();
        // Surname or short form of a person.
        if let Some(c) = self.person_for_short(i, &live) {
            self.ms[i].kind = MentionKind::ShortName;
            self.ms[i].label = EntityType::Person;
            self.join(i, c);
            return;
        }
        // Initialism of an earlier long name.
        if let Some(c) = self.expansion_for(i, &live) {
            self.ms[i].kind = MentionKind::Acronym;
            self.join(i, c);
            return;
        }
        // Spelling variant.
        if let Some(c) = self.variant_of(&key, i, &live) {
            self.join(i, c);
            return;
        }
        // The first or last words of a group's long name.
        if let Some(c) = self.group_for_part(i, &live) {
            self.ms[i].kind = MentionKind::ShortName;
            self.join(i, c);
            return;
        }
        self.new_cluster(i);
    }

    /// The one armed group or organization whose long name (three words or
    /// more) begins or ends with this weakly typed name ("the Katiba" for
    /// "Katiba Ansar al-Hudra", "Ansar al-Hudra" too), if exactly one does.
    /// A single word only as "the X" or "X's" ("the Front" for the one "Dawn
    /// Front"); strongly typed places never join.
    fn group_for_part(&self, i: usize, live: &[usize]) -> Option<usize> {
        let mm = &self.ms[i];
        // In a heading ("Kata'ib Sayyid al-Tolva: A Profile") a recognizer's
        // type for a piece of a name is a guess.
        let heading = self.headings.get(mm.sentence).copied().unwrap_or(false);
        if fixed_type(mm.label)
            || is_acronym(&mm.text)
            || !heading && mm.label == EntityType::Person && mm.confidence >= 0.7
            || !heading
                && matches!(mm.label, EntityType::Location | EntityType::Facility)
                && mm.confidence >= 0.7
        {
            return None;
        }
        // "the Norlandic National Police" is not the "National Police of Velda".
        let prev_word = self
            .token_starting(mm.start)
            .and_then(|a| a.checked_sub(1))
            .map(|p| self.doc.tokens[p].text.as_str())
            .unwrap_or("");
        if self.g.demonym(prev_word).is_some() || self.g.country(prev_word).is_some() {
            return None;
        }
        let words = &self.words[i];
        if words.is_empty()
            || words[0].is_empty()
            || words.len() == 1 && self.g.place(&mm.text).is_some()
        {
            return None;
        }
        // A single word stands for the group only as "the X" or "X's"
        // ("the Katiba"; not "Kardian officials").
        let next_word = self
            .token_ending(mm.end)
            .and_then(|b| self.doc.tokens.get(b + 1))
            .map(|t| t.text.as_str())
            .unwrap_or("");
        if words.len() == 1 && !heading && !(fold(prev_word) == "the" || is_possessive(next_word)) {
            return None;
        }
        let location = mm.label == EntityType::Location;
        let cands: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&c| {
                matches!(
                    self.cluster_type(c),
                    EntityType::ArmedGroup | EntityType::Organization
                ) && self.clusters[c].distinct.iter().any(|&m| {
                    let full = &self.words[m];
                    let n = full.len();
                    // The last words after "of"/"in" are a place ("Council of Kardia").
                    let suffix = !location
                        && full[n.saturating_sub(words.len())..] == words[..]
                        && !matches!(
                            full.get(n.wrapping_sub(words.len() + 1))
                                .map(String::as_str),
                            Some("of" | "in" | "for" | "the" | "del" | "de")
                        );
                    // "X Jungle Company" is a unit of X, not X's full name
                    let formation = n >= words.len() + 2
                        && full[..words.len()] == words[..]
                        && FORMATION_NOUNS.contains(&full[n - 1].as_str());
                    // "Northern X", "Real X" and "X in Province" are other
                    // groups than X (a wing, a splinter, a branch)
                    let qualified = n > words.len()
                        && ((suffix
                            && full[..n - words.len()]
                                .iter()
                                .any(|w| SPLINTER_QUALIFIERS.contains(&w.as_str())))
                            || (full[..words.len()] == words[..]
                                && full.get(words.len()).map(String::as_str) == Some("in")));
                    (n >= 3 || n == 2 && words.len() == 1)
                        && n > words.len()
                        && (full[..words.len()] == words[..] || suffix)
                        && !formation
                        && !qualified
                        && !self.named_apart(words, full)
                })
            })
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// Whether the text names `part` and `full` side by side as two
    /// actors: in one sentence, not overlapping and not in apposition
    /// ("Kata'ib Sayf fought Sayf", "the Northern Front broke away from the
    /// Front"), so that the shorter is another group, not a short name.
    fn named_apart(&self, part: &[String], full: &[String]) -> bool {
        let (Some(ps), Some(fs)) = (
            self.spans_by_key.get(&part.join(" ")),
            self.spans_by_key.get(&full.join(" ")),
        ) else {
            return false;
        };
        ps.iter().any(|&(s, a, b)| {
            fs.iter().any(|&(s2, a2, b2)| {
                if s != s2 || !(b <= a2 || b2 <= a) {
                    return false;
                }
                let gap = if b <= a2 {
                    self.doc.slice(b, a2)
                } else {
                    self.doc.slice(b2, a)
                };
                // "X (Y)", "X, Y,", "X – Y": one name given twice.
                gap.trim_matches(|c: char| c.is_whitespace() || "(,\u{2013}\u{2014}-:".contains(c))
                    .chars()
                    .any(char::is_alphanumeric)
            })
        })
    }

    /// The one person cluster whose full name contains this short name
    /// (surname, or first and last names), if exactly one does.
    fn person_for_short(&self, i: usize, live: &[usize]) -> Option<usize> {
        let mm = &self.ms[i];
        // A listed place stays a place, unless it is a single city name
        // outside any place context ("Barry's students": the surname).
        let listed_place = mm.source == "gazetteer"
            && matches!(mm.label, EntityType::Location | EntityType::Facility)
            && mm.confidence >= 0.8
            && !(mm.label == EntityType::Location
                && mm.text.split_whitespace().count() == 1
                && self.g.region(&mm.text).is_none()
                && !self.place_context(i));
        if listed_place || fixed_type(mm.label) || is_acronym(&mm.text) {
            return None;
        }
        let words = self.person_words(i);
        if words.is_empty() || words.len() > 3 {
            return None;
        }
        let fits = |full: &Vec<String>| -> bool {
            if full.len() <= words.len() || full.last() != words.last() {
                return false;
            }
            // The short form's words appear in order in the full name.
            let mut k = 0;
            for w in full {
                if k < words.len() && *w == words[k] {
                    k += 1;
                }
            }
            k == words.len()
        };
        let cands: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&c| self.clusters[c].person_names.iter().any(fits))
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// Whether the words right before mention `i` make it a place ("in X",
    /// "near X", "the town of X").
    fn place_context(&self, i: usize) -> bool {
        let m = &self.ms[i];
        let Some(a) = self.token_starting(m.start) else {
            return false;
        };
        let Some(b) = self.token_ending(m.end) else {
            return false;
        };
        let prev = a
            .checked_sub(1)
            .map(|p| fold(&self.doc.tokens[p].text))
            .unwrap_or_default();
        matches!(
            prev.as_str(),
            "in" | "near" | "from" | "at" | "to" | "of" | "outside" | "around" | "across" | "into"
        ) || crate::context::context_type(self.doc, self.g, a, b + 1, false)
            .is_some_and(|x| x.0 == EntityType::Location)
    }

    /// The one earlier group or organization whose name's initials spell
    /// this acronym.
    fn expansion_for(&self, i: usize, live: &[usize]) -> Option<usize> {
        let mm = &self.ms[i];
        if !is_acronym(&mm.text) {
            return None;
        }
        let acr: String = mm
            .text
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect::<String>()
            .to_uppercase();
        let cands: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&c| {
                matches!(
                    self.cluster_type(c),
                    EntityType::ArmedGroup
                        | EntityType::Organization
                        | EntityType::Location
                        | EntityType::Facility
                ) && self.clusters[c].distinct.iter().any(|&m| {
                    let t = &self.ms[m].text;
                    t.split_whitespace().count() >= 2 && initials(t).to_uppercase() == acr
                })
            })
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// A cluster with a spelling variant of this (long) name.
    fn variant_of(&self, key: &str, i: usize, live: &[usize]) -> Option<usize> {
        let n = key.chars().count();
        if n < 7 {
            return None;
        }
        let initials_of = |k: &str| {
            k.split(' ')
                .filter_map(|w| w.chars().next())
                .collect::<String>()
        };
        let first = initials_of(key);
        let words = key.split(' ').count();
        // Three or more words, all alike but one spelled one letter apart
        // ("Ranao Mujahideen Front" = "Lanao Mujahideen Front").
        let one_word_apart = |k: &str| {
            let (x, y): (Vec<&str>, Vec<&str>) = (k.split(' ').collect(), key.split(' ').collect());
            x.len() >= 3
                && x.len() == y.len()
                && x.iter().zip(&y).filter(|(p, q)| p != q).count() == 1
                && x.iter()
                    .zip(&y)
                    .all(|(p, q)| p == q || p.chars().count() >= 4 && edit_distance(p, q) == 1)
        };
        live.iter().rev().copied().find(|&c| {
            self.type_ok(i, c)
                && self.clusters[c].keys.iter().any(|k| {
                    if one_word_apart(k) {
                        return true;
                    }
                    let kn = k.chars().count();
                    let allowed = if kn.min(n) >= 9 { 2 } else { 1 };
                    kn >= 7
                        && initials_of(k) == first
                        && k.split(' ').count() == words
                        && kn.abs_diff(n) <= allowed
                        && edit_distance(k, key) <= allowed
                })
        })
    }

    fn merge(&mut self, from: usize, into: usize) {
        let (from, into) = (self.root(from), self.root(into));
        if from == into {
            return;
        }
        let moved = std::mem::take(&mut self.clusters[from].mentions);
        let keys = std::mem::take(&mut self.clusters[from].keys);
        let extra = std::mem::take(&mut self.clusters[from].extra);
        let names = std::mem::take(&mut self.clusters[from].person_names);
        let distinct = std::mem::take(&mut self.clusters[from].distinct);
        let conf = self.clusters[from].conf;
        for &m in &moved {
            self.of[m] = Some(into);
        }
        let c = &mut self.clusters[into];
        c.mentions.extend(moved);
        for k in keys {
            if !c.keys.contains(&k) {
                self.key_clusters.entry(k.clone()).or_default().push(into);
                c.keys.insert(k);
            }
        }
        c.extra.extend(extra);
        for n in names {
            if !c.person_names.contains(&n) {
                c.person_names.push(n);
            }
        }
        for m in distinct {
            if !c.texts.contains(&self.ms[m].text) {
                c.texts.insert(self.ms[m].text.clone());
                c.distinct.push(m);
            }
        }
        c.conf = c.conf.max(conf);
        let mut stats = TypeStats::default();
        for &m in &c.mentions {
            stats.add(&self.ms[m]);
        }
        c.stats = stats;
        c.ty.set(None);
        self.clusters[from].ty.set(None);
        self.clusters[from].merged_into = Some(into);
    }

    /// Short names and acronyms met before their full form.
    fn late_merges(&mut self) {
        let live = self.live_clusters();
        for &c in &live {
            let only_headings = self.clusters[c].mentions.iter().all(|&m| {
                self.headings
                    .get(self.ms[m].sentence)
                    .copied()
                    .unwrap_or(false)
            });
            if self.clusters[c].merged_into.is_some()
                || !self.clusters[c].person_names.is_empty() && !only_headings
            {
                continue;
            }
            let ms = self.clusters[c].mentions.clone();
            let Some(&first) = ms.first() else { continue };
            let others: Vec<usize> = self
                .live_clusters()
                .into_iter()
                .filter(|&o| o != c)
                .collect();
            if let Some(t) = self.person_for_short(first, &others) {
                for &m in &ms {
                    self.ms[m].kind = MentionKind::ShortName;
                    self.ms[m].label = EntityType::Person;
                }
                self.merge(c, t);
            } else if let Some(t) = ms
                .iter()
                .find_map(|&m| self.group_for_part(m, &others))
                .filter(|&t| {
                    // Every name of the cluster is made of the group's words.
                    let group_words: HashSet<&str> = self.clusters[t]
                        .distinct
                        .iter()
                        .flat_map(|&m| self.words[m].iter().map(String::as_str))
                        .collect();
                    ms.iter().all(|&m| {
                        self.alias_only.contains(&m)
                            || self.words[m]
                                .iter()
                                .all(|w| group_words.contains(w.as_str()))
                    })
                })
            {
                for &m in &ms {
                    self.ms[m].kind = MentionKind::ShortName;
                }
                self.merge(c, t);
            } else if let Some(t) = self.expansion_for(first, &others) {
                for &m in &ms {
                    self.ms[m].kind = MentionKind::Acronym;
                }
                self.merge(c, t);
            }
        }
    }

    /// "Qarvani Sword Brigade", "Qarvan’s Sword Brigade": aliases of the
    /// group; "the Qarvani embassy in Velda": alias of the facility.
    fn prefix_aliases(&mut self) {
        for k in 1..self.ms.len() {
            let (p, m) = (&self.ms[k - 1], &self.ms[k]);
            if !matches!(m.label, EntityType::ArmedGroup | EntityType::Organization)
                || m.sentence != p.sentence
            {
                continue;
            }
            if !matches!(p.label, EntityType::Country | EntityType::GroupIdentity) {
                continue;
            }
            let between = self.doc.slice(p.end, m.start).trim().to_string();
            let ok =
                between.is_empty() && self.g.demonym(&p.text).is_some() || is_possessive(&between);
            if ok && p.end <= m.start && m.start - p.end <= 3 {
                let alias = self.doc.slice(p.start, m.end).to_string();
                if let Some(c) = self.cluster_of(k) {
                    self.clusters[c].extra.push(alias);
                }
            }
        }
        for k in 0..self.ms.len() {
            if self.ms[k].label != EntityType::Facility {
                continue;
            }
            let after = self.text_after(self.ms[k].end, 4);
            if after == " in " {
                if let Some(next) = self.ms.get(k + 1).filter(|n| {
                    n.start == self.ms[k].end + 4
                        && matches!(n.label, EntityType::Location | EntityType::Country)
                }) {
                    let alias = self.doc.slice(self.ms[k].start, next.end).to_string();
                    if let Some(c) = self.cluster_of(k) {
                        self.clusters[c].extra.push(alias);
                    }
                }
            }
        }
        let pending = std::mem::take(&mut self.pending_aliases);
        for (m, alias) in pending {
            if let Some(c) = self.cluster_of(m) {
                self.clusters[c].extra.push(alias);
            }
        }
    }

    /// The most recent cluster before char `pos`, within `sentences` sentences,
    /// whose type is one of `types`.
    fn recent(
        &self,
        pos: usize,
        sentence: usize,
        window: usize,
        types: &[EntityType],
    ) -> Vec<usize> {
        let mut seen = Vec::new();
        let mut checked = Vec::new();
        // `ms` is sorted by start: none from the first starting at `pos` on ends before it.
        let upper = self.ms.partition_point(|m| m.start < pos);
        for m in (0..upper).rev() {
            let mm = &self.ms[m];
            if mm.end > pos {
                continue;
            }
            if mm.sentence + window < sentence {
                break;
            }
            if let Some(c) = self.cluster_of(m) {
                if !checked.contains(&c) {
                    checked.push(c);
                    if types.contains(&self.cluster_type(c)) {
                        seen.push(c);
                    }
                }
            }
        }
        seen
    }

    fn nominals_and_pronouns(&mut self) {
        let doc = self.doc;
        // `ms` is sorted by start; `reach[k]` is the furthest end of `ms[..=k]`,
        // so a span is covered when a mention starting before its end reaches
        // past its start.
        let reach: Vec<usize> = self
            .ms
            .iter()
            .scan(0, |r, m| {
                *r = (*r).max(m.end);
                Some(*r)
            })
            .collect();
        let covered = |s: usize, e: usize, ms: &[Mention]| {
            let k = ms.partition_point(|m| m.start < e);
            k > 0 && reach[k - 1] > s
        };
        for (ti, t) in doc.tokens.iter().enumerate() {
            let f = fold(&t.text);
            // Nominals: "the group", "the militia".
            if NOMINAL_DET.contains(&f.as_str()) {
                let Some(head) = doc.tokens.get(ti + 1).filter(|h| h.sentence == t.sentence) else {
                    continue;
                };
                let hf = fold(&head.text);
                let armed = NOMINAL_ARMED.contains(&hf.as_str());
                let org = NOMINAL_ORG.contains(&hf.as_str());
                if !(armed || org) || !head.text.starts_with(|c: char| c.is_lowercase()) {
                    continue;
                }
                // "the group Qarvan Front" / "the group of …" are not anaphoric.
                if let Some(next) = doc.tokens.get(ti + 2).filter(|n| n.sentence == t.sentence) {
                    if next.text.starts_with(|c: char| c.is_uppercase())
                        || matches!(fold(&next.text).as_str(), "of" | "that" | "which" | "who")
                    {
                        continue;
                    }
                }
                if covered(t.start, head.end, &self.ms) {
                    continue;
                }
                let types: &[EntityType] = if armed {
                    &[EntityType::ArmedGroup]
                } else {
                    &[EntityType::Organization, EntityType::ArmedGroup]
                };
                let mut cands = self.recent(t.start, t.sentence, 3, types);
                // "the group" in a document that has named no armed group
                // yet, after a group the recognizer typed as an organization
                // (entity typing may still make it armed): the only
                // organization in reach; not for nouns that make their
                // antecedent armed ("the militia")
                if cands.is_empty()
                    && matches!(hf.as_str(), "group" | "faction" | "movement" | "network")
                    && self
                        .recent(
                            t.start,
                            t.sentence,
                            usize::MAX / 2,
                            &[EntityType::ArmedGroup],
                        )
                        .is_empty()
                {
                    cands = self.recent(t.start, t.sentence, 3, &[EntityType::Organization]);
                    cands.truncate(usize::from(cands.len() == 1));
                }
                if let Some(&c) = cands.first() {
                    let label = self.cluster_type(c);
                    self.added.push((
                        Mention {
                            start: t.start,
                            end: head.end,
                            sentence: t.sentence,
                            text: doc.slice(t.start, head.end).to_string(),
                            label,
                            kind: MentionKind::Nominal,
                            source: "coref".into(),
                            confidence: if cands.len() == 1 { 0.7 } else { 0.55 },
                            entity: None,
                        },
                        c,
                    ));
                }
                continue;
            }
            // Pronouns: "he", "his", "him" → the only person in reach.
            if PRONOUNS.contains(&f.as_str()) && !covered(t.start, t.end, &self.ms) {
                let cands = self.recent(t.start, t.sentence, 1, &[EntityType::Person]);
                if cands.len() == 1 {
                    let c = cands[0];
                    self.added.push((
                        Mention {
                            start: t.start,
                            end: t.end,
                            sentence: t.sentence,
                            text: t.text.clone(),
                            label: EntityType::Person,
                            kind: MentionKind::Pronoun,
                            source: "coref".into(),
                            confidence: 0.55,
                            entity: None,
                        },
                        c,
                    ));
                }
            }
        }
    }

    fn finish(mut self) -> (Vec<Mention>, Vec<Entity>) {
        // Every mention in a cluster.
        for i in 0..self.ms.len() {
            if self.of[i].is_none() {
                self.new_cluster(i);
            }
        }
        let mut all: Vec<(Mention, usize)> = (0..self.ms.len())
            .map(|i| (self.ms[i].clone(), self.cluster_of(i).unwrap_or(0)))
            .collect();
        let alias_only: HashSet<(usize, usize)> = self
            .alias_only
            .iter()
            .map(|&i| (self.ms[i].start, self.ms[i].end))
            .collect();
        for (m, c) in std::mem::take(&mut self.added) {
            let c = self.root(c);
            all.push((m, c));
        }
        all.sort_by_key(|(m, _)| (m.start, m.end));
        // Entity ids in order of first mention.
        let mut id_of: HashMap<usize, usize> = HashMap::default();
        let mut entities: Vec<Entity> = Vec::new();
        let mut mentions = Vec::with_capacity(all.len());
        for (idx, (mut m, c)) in all.into_iter().enumerate() {
            let id = *id_of.entry(c).or_insert_with(|| {
                entities.push(Entity {
                    etype: self.final_type(c),
                    name: String::new(),
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                });
                entities.len() - 1
            });
            m.entity = Some(id);
            entities[id].mentions.push(idx);
            mentions.push(m);
        }
        for (&c, &id) in &id_of {
            let e = &mut entities[id];
            if fixed_type(e.etype) {
                // A country or identity mention typed by the gazetteer names it.
                for &mi in &e.mentions {
                    if e.etype == EntityType::Country && mentions[mi].label == EntityType::Country {
                        if let Some(country) = self
                            .g
                            .country(&mentions[mi].text)
                            .or_else(|| self.g.demonym(&mentions[mi].text))
                        {
                            e.name = country.name.clone();
                            break;
                        }
                    }
                }
            }
            let mut counts: Vec<(String, usize, usize)> = Vec::new(); // text, count, first
                                                                      // Spelling variants of one form: the most used stands for them all.
            for (rank, &mi) in e.mentions.iter().enumerate() {
                let m = &mentions[mi];
                if m.kind != MentionKind::Name || alias_only.contains(&(m.start, m.end)) {
                    continue;
                }
                match counts.iter_mut().find(|x| x.0 == m.text) {
                    Some(x) => x.1 += 1,
                    None => counts.push((m.text.clone(), 1, rank)),
                }
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            let mut reps: Vec<(String, usize, usize)> = Vec::new();
            for c in counts {
                let k = name_key(&c.0);
                let variant = reps.iter_mut().find(|r| {
                    let rk = name_key(&r.0);
                    rk.chars().count() >= 7 && edit_distance(&rk, &k) <= 2
                });
                match variant {
                    Some(r) => r.1 += c.1,
                    None => reps.push(c),
                }
            }
            let counts = reps;
            if e.name.is_empty() {
                e.name = counts
                    .iter()
                    .max_by(|a, b| {
                        name_key(&a.0)
                            .chars()
                            .count()
                            .cmp(&name_key(&b.0).chars().count())
                            .then(a.1.cmp(&b.1))
                            .then(b.2.cmp(&a.2))
                    })
                    .map(|x| x.0.clone())
                    .or_else(|| {
                        e.mentions
                            .iter()
                            .map(|&mi| &mentions[mi])
                            .find(|m| {
                                !matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun)
                            })
                            .map(|m| m.text.clone())
                    })
                    .unwrap_or_else(|| mentions[e.mentions[0]].text.clone());
            }
            let mut seen: HashSet<String> = std::iter::once(fold(&e.name)).collect();
            let mut aliases = Vec::new();
            let surface = e
                .mentions
                .iter()
                .map(|&mi| &mentions[mi])
                .filter(|m| !matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun))
                .map(|m| m.text.clone());
            for a in surface.chain(self.clusters[c].extra.iter().cloned()) {
                let a = a.trim().to_string();
                if !a.is_empty() && seen.insert(fold(&a)) {
                    aliases.push(a);
                }
            }
            e.aliases = aliases;
        }
        (mentions, entities)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::GazetteerRecognizer;
    use crate::testutil::doc_of;

    fn run(text: &str) -> Doc {
        let mut doc = doc_of(text);
        GazetteerRecognizer::new().process(&mut doc).unwrap();
        Coref::new().process(&mut doc).unwrap();
        doc.check_spans().unwrap();
        for (id, e) in doc.entities.iter().enumerate() {
            for &m in &e.mentions {
                assert_eq!(
                    doc.mentions[m].entity,
                    Some(id),
                    "mention/entity links agree"
                );
            }
        }
        assert!(
            doc.mentions.windows(2).all(|w| w[0].start <= w[1].start),
            "mentions sorted"
        );
        doc
    }

    #[test]
    fn wars_campaigns_charters_and_doctrines_are_no_entities() {
        let m = |text: &str, label: EntityType| Mention {
            start: 0,
            end: text.len(),
            sentence: 0,
            text: text.to_string(),
            label,
            kind: MentionKind::Name,
            source: "ner".to_string(),
            confidence: 0.8,
            entity: None,
        };
        for t in [
            "Civil War",
            "Defiance Campaign",
            "July Crisis",
            "Freedom Charter",
            "Kessism",
            "Battle of Tolva",
            "Treason Trial",
            "Kesh Ambush",
        ] {
            assert!(names_a_happening_or_text(&m(t, EntityType::Person)), "{t}");
            assert!(
                names_a_happening_or_text(&m(t, EntityType::Organization)),
                "{t}"
            );
        }
        // a group named after one, a head before "of", other types: kept
        assert!(!names_a_happening_or_text(&m(
            "Guardians of the Revolution",
            EntityType::Organization
        )));
        assert!(!names_a_happening_or_text(&m(
            "Holy War",
            EntityType::ArmedGroup
        )));
        assert!(!names_a_happening_or_text(&m(
            "Ada Ferrin",
            EntityType::Person
        )));
        assert!(!names_a_happening_or_text(&m(
            "Tolva",
            EntityType::Location
        )));
    }

    fn entity<'d>(doc: &'d Doc, name: &str) -> &'d Entity {
        doc.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name}: {:#?}", doc.entities))
    }

    fn entity_of<'d>(doc: &'d Doc, surface: &str) -> Option<&'d Entity> {
        doc.mentions
            .iter()
            .find(|m| m.text == surface)
            .and_then(|m| m.entity)
            .map(|e| &doc.entities[e])
    }

    #[test]
    fn surnames_and_pronouns_join_the_person() {
        let doc = run("Kamal Ruswan, a little-known cleric, founded the Sword of Dawn Brigade in the city of Qarvan. Ruswan later said he would expand it.");
        let e = entity(&doc, "Kamal Ruswan");
        assert_eq!(e.etype, EntityType::Person);
        assert!(e.aliases.contains(&"Ruswan".to_string()), "{e:?}");
        let kinds: Vec<MentionKind> = e.mentions.iter().map(|&m| doc.mentions[m].kind).collect();
        assert!(
            kinds.contains(&MentionKind::ShortName) && kinds.contains(&MentionKind::Pronoun),
            "{kinds:?}"
        );
        assert_eq!(
            entity(&doc, "Sword of Dawn Brigade").etype,
            EntityType::ArmedGroup
        );
        assert_eq!(entity(&doc, "Qarvan").etype, EntityType::Location);
    }

    fn same(doc: &Doc, a: &str, b: &str) -> bool {
        match (entity_of(doc, a), entity_of(doc, b)) {
            (Some(x), Some(y)) => x.name == y.name,
            _ => false,
        }
    }

    #[test]
    fn cued_aliases_join_their_person_or_group() {
        let doc = run("Tomas Arvid Velk, known by the alias \u{201c}Caltro,\u{201d} commanded a company. Later Ada Ferrin, alias \u{201c}La Ronda,\u{201d} joined him. Police in Lima caught Caltro and La Ronda.");
        assert!(
            same(&doc, "Caltro", "Tomas Arvid Velk"),
            "{:#?}",
            doc.entities
        );
        assert!(same(&doc, "La Ronda", "Ada Ferrin"), "{:#?}", doc.entities);
        assert_eq!(
            entity_of(&doc, "Tomas Arvid Velk").unwrap().name,
            "Tomas Arvid Velk"
        );
        let doc = run("Ada Ferrin Osk, who goes by the nickname \u{201c}Commander Blue,\u{201d} left. Police sought Blue in Lima.");
        assert!(same(&doc, "Blue", "Ada Ferrin Osk"), "{:#?}", doc.entities);
        let doc = run("Leadership passed to Ivo Marten Dask, who is also known by his nom de guerre, Abu Falk.");
        assert!(
            same(&doc, "Abu Falk", "Ivo Marten Dask"),
            "{:#?}",
            doc.entities
        );
        let doc = run("The Sword of Dawn Brigade was founded in Tolva. Its communiqués spell it Saif al-Fajr Brigade.");
        assert!(
            same(&doc, "Saif al-Fajr Brigade", "Sword of Dawn Brigade"),
            "{:#?}",
            doc.entities
        );
    }

    #[test]
    fn place_suffixes_short_forms_and_variants_merge() {
        let doc =
            run("The militia holds the Tolva region. Fighters were seen near Tolva last week.");
        let e = entity_of(&doc, "Tolva").expect("Tolva");
        assert_eq!(
            (e.mentions.len(), e.etype),
            (2, EntityType::Location),
            "{:#?}",
            doc.entities
        );
        let doc = run("The Katiba Ansar al-Hudra grew in Tolva. Officials blame the Katiba for the raid. Norlandic officials met the Katiba Ansar al-Hudra.");
        assert!(
            same(&doc, "Katiba", "Katiba Ansar al-Hudra"),
            "{:#?}",
            doc.entities
        );
        let doc = run("The Lorun Mujahideen Front grew in Tolva. Its followers prefer Rorun Mujahideen Front.");
        assert!(
            same(&doc, "Rorun Mujahideen Front", "Lorun Mujahideen Front"),
            "{:#?}",
            doc.entities
        );
        let doc = run("The Red Front of the North grew in Tolva. The Red Front, or Northern Red Movement (NRM), attacked Velda.");
        assert!(
            same(&doc, "Northern Red Movement", "Red Front of the North"),
            "{:#?}",
            doc.entities
        );
        assert!(
            same(&doc, "NRM", "Red Front of the North"),
            "{:#?}",
            doc.entities
        );
    }

    #[test]
    fn part_names_need_the_article_and_are_not_places() {
        let doc = run("The Islamic Council of Kardia met in Lima. Ships patrol the coast near Kardia. Kardian officials met the Kardian Directorate of General Security.");
        let council = entity_of(&doc, "Islamic Council of Kardia").expect("council");
        assert!(
            !council.aliases.iter().any(|a| a == "Kardia"),
            "{council:?}"
        );
        let dgs = entity_of(&doc, "Kardian Directorate of General Security").expect("dgs");
        assert!(!dgs.aliases.iter().any(|a| a == "Kardian"), "{dgs:?}");
    }

    #[test]
    fn a_unit_named_after_its_group_is_not_the_group() {
        let doc = run("The Tarvos Front Mountain Company was formed in 1974. Later the Tarvos Front attacked a police post in Olm. The Tarvos Front's leaders fled.");
        assert!(
            entity_of(&doc, "Tarvos Front Mountain Company").is_some(),
            "{:#?}",
            doc.entities
        );
        assert!(
            !same(&doc, "Tarvos Front", "Tarvos Front Mountain Company"),
            "{:#?}",
            doc.entities
        );
    }

    #[test]
    fn a_heading_piece_of_a_long_name_joins_it() {
        let mut doc = doc_of(
            "Jund Sayyid al-Velka: A Profile\n\nThe Jund Sayyid al-Velka attacked Lima in 2020.",
        );
        GazetteerRecognizer::new().process(&mut doc).unwrap();
        // A tagger's person reading of the heading's last words.
        let start = doc.text.find("Sayyid").unwrap();
        doc.mentions.retain(|m| m.sentence != 0);
        doc.mentions.insert(
            0,
            Mention {
                start,
                end: start + "Sayyid al-Velka".len(),
                sentence: 0,
                text: "Sayyid al-Velka".into(),
                label: EntityType::Person,
                kind: MentionKind::Name,
                source: "entity_typing".into(),
                confidence: 0.8,
                entity: None,
            },
        );
        Coref::new().process(&mut doc).unwrap();
        assert!(
            same(&doc, "Sayyid al-Velka", "Jund Sayyid al-Velka"),
            "{:#?}",
            doc.entities
        );
    }

    #[test]
    fn a_name_in_parentheses_after_an_organization_is_its_alias() {
        let doc = run("Prosecutors at the Velda Ministry of Justice (Ministerio de Justicia Veldano) objected.");
        let e = entity_of(&doc, "Velda Ministry of Justice").expect("ministry");
        assert!(
            e.aliases
                .iter()
                .any(|a| a == "Ministerio de Justicia Veldano"),
            "{e:?}"
        );
        assert_eq!(
            doc.entities
                .iter()
                .filter(|e| e.etype != EntityType::GroupIdentity)
                .count(),
            1,
            "{:#?}",
            doc.entities
        );
    }

    #[test]
    fn organizations_in_armed_context_become_armed_groups() {
        let doc = run("The VDK said on Monday that many of its young fighters had left. Officials said that the VDK, according to a police report, ambushed a patrol. The VDK also met in Lima.");
        assert_eq!(
            entity_of(&doc, "VDK").unwrap().etype,
            EntityType::ArmedGroup,
            "{:#?}",
            doc.entities
        );
        // A name with a strong organization cue stays an organization.
        let doc = run("The Norland Ministry of Defence sent fighters to Tolva. The ministry said militants attacked.");
        assert_eq!(
            entity_of(&doc, "Norland Ministry of Defence")
                .unwrap()
                .etype,
            EntityType::Organization
        );
    }

    #[test]
    fn surname_that_is_a_city_name_joins_the_person() {
        // "Barry" is a listed city; outside any place context it is the surname.
        let doc = run("Hamadoun Barry, a preacher, founded it. Most were Barry's students.");
        assert!(same(&doc, "Barry", "Hamadoun Barry"), "{:#?}", doc.entities);
        assert_eq!(entity_of(&doc, "Barry").unwrap().etype, EntityType::Person);
    }

    #[test]
    fn surname_shared_by_two_people_is_not_merged() {
        let doc = run("Kamal Ruswan and Leila Ruswan met the envoy in Lima. Ruswan spoke first.");
        let short = entity_of(&doc, "Ruswan").expect("Ruswan mention");
        assert_eq!(
            short.name, "Ruswan",
            "ambiguous surname stays apart: {:#?}",
            doc.entities
        );
        assert_ne!(
            entity_of(&doc, "Kamal Ruswan").unwrap().name,
            entity_of(&doc, "Leila Ruswan").unwrap().name
        );
    }

    #[test]
    fn short_name_before_full_name() {
        let doc = run(
            "Vesk denied it.\n\nLater, Commander Arno Vesk of the Dawn Front admitted the raid.",
        );
        let e = entity_of(&doc, "Vesk").unwrap();
        assert_eq!(e.name, "Arno Vesk", "{:#?}", doc.entities);
    }

    #[test]
    fn acronyms_follow_their_definition_even_when_misspelled() {
        let doc = run("The Northren Liberaton Front (NLF) attacked a convoy. The NLF later retreated to Lima.");
        let e = entity_of(&doc, "NLF").unwrap();
        assert_eq!(e.name, "Northren Liberaton Front");
        assert_eq!(e.etype, EntityType::ArmedGroup);
        assert_eq!(e.mentions.len(), 3);
        let doc = run("The Velda Revolutionary Corps (VRK) sent advisers. VRK officers stayed.");
        assert_eq!(
            entity_of(&doc, "VRK").unwrap().name,
            "Velda Revolutionary Corps"
        );
    }

    #[test]
    fn initialisms_match_earlier_long_names() {
        let doc =
            run("The Northern Liberation Front struck first. Weeks later the NLF struck again.");
        assert_eq!(
            entity_of(&doc, "NLF").unwrap().name,
            "Northern Liberation Front",
            "{:#?}",
            doc.entities
        );
    }

    #[test]
    fn full_names_in_quotes_and_after_colons_are_aliases() {
        let doc = run("Velkari fighters attacked Lima. Later the militia took its full name, “Velkari: Army of the Free Hills,” from its founder.");
        let e = entity_of(&doc, "Velkari").unwrap();
        assert!(
            e.aliases
                .iter()
                .any(|a| a == "Velkari: Army of the Free Hills"),
            "{e:?}"
        );
        assert!(
            e.aliases.iter().any(|a| a == "Army of the Free Hills"),
            "{e:?}"
        );
        assert_eq!(
            doc.entities
                .iter()
                .filter(|x| x.name.contains("Free Hills"))
                .count(),
            0,
            "{:#?}",
            doc.entities
        );
    }

    #[test]
    fn spelling_variants_of_long_names_merge() {
        let doc = run("Qarvaniyoun fighters shelled Lima. Later, Qarvaniyun fighters withdrew. Qarvani’youn militants returned.");
        let e = entity_of(&doc, "Qarvaniyoun").unwrap();
        assert!(
            e.aliases.iter().any(|a| a == "Qarvaniyun"),
            "{:#?}",
            doc.entities
        );
        assert!(
            e.aliases.iter().any(|a| a == "Qarvani’youn"),
            "{:#?}",
            doc.entities
        );
        // A variant spelling of a person's full name merges; a different surname does not.
        let doc = run("Arvo Brandt met Mira Kallas in Lima. Arvo Brant later met Mira Dallas.");
        assert_eq!(entity_of(&doc, "Arvo Brant").unwrap().name, "Arvo Brandt");
        assert_ne!(
            entity_of(&doc, "Mira Kallas").unwrap().name,
            entity_of(&doc, "Mira Dallas").unwrap().name
        );
    }

    #[test]
    fn apostrophe_and_diacritic_variants_are_one_entity() {
        let doc =
            run("The Ta’ir Front attacked. The Ta'ir Front denied it. The Tāir Front regrouped.");
        let e = entity_of(&doc, "Ta’ir Front").unwrap();
        assert_eq!(
            e.mentions
                .iter()
                .filter(|&&m| doc.mentions[m].kind == MentionKind::Name)
                .count(),
            3,
            "{e:?}"
        );
    }

    #[test]
    fn demonym_and_possessive_prefixes_become_aliases() {
        let doc = run(
            "Italian Sword Brigade fighters crossed over. Italy’s Sword Brigade later denied it.",
        );
        let e = entity(&doc, "Sword Brigade");
        assert!(
            e.aliases.iter().any(|a| a == "Italian Sword Brigade"),
            "{e:?}"
        );
        assert!(
            e.aliases.iter().any(|a| a == "Italy’s Sword Brigade"),
            "{e:?}"
        );
        let italy = entity(&doc, "Italy");
        assert_eq!(italy.etype, EntityType::Country);
    }

    #[test]
    fn nominals_resolve_to_the_recent_group() {
        let doc = run("The Sword of Dawn Brigade attacked Lima in 2019. The group later withdrew to the hills.");
        let e = entity(&doc, "Sword of Dawn Brigade");
        let nominal = e
            .mentions
            .iter()
            .map(|&m| &doc.mentions[m])
            .find(|m| m.kind == MentionKind::Nominal)
            .expect("nominal mention");
        assert_eq!(nominal.text, "The group");
        // No group in reach: nothing is added.
        let doc = run("Kamal Ruswan spoke in Lima. The group was not named.");
        assert!(doc.mentions.iter().all(|m| m.kind != MentionKind::Nominal));
    }

    #[test]
    fn the_group_may_be_an_organization_when_no_armed_group_is_named() {
        let nominal_of = |doc: &Doc| {
            doc.mentions
                .iter()
                .find(|m| m.kind == MentionKind::Nominal)
                .and_then(|m| m.entity)
                .map(|e| doc.entities[e].name.clone())
        };
        let doc =
            run("The Brenner Valley Association claimed the attack. The group's leader spoke.");
        assert_eq!(
            doc.entities[0].etype,
            EntityType::Organization,
            "{:?}",
            doc.entities
        );
        assert_eq!(
            nominal_of(&doc).as_deref(),
            Some("Brenner Valley Association")
        );
        // an armed group named earlier: "the group" is not the organization
        let doc = run("The Sword of Dawn Brigade attacked Lima in 2019. Its rivals fled. The hills were quiet. \
             The Brenner Valley Association protested. The group's leader spoke.");
        assert_eq!(nominal_of(&doc), None, "{:?}", doc.mentions);
        // two organizations in reach: ambiguous, nothing is added
        let doc = run("The Brenner Valley Association and the Orla Trade Union met. The group's leader spoke.");
        assert_eq!(nominal_of(&doc), None, "{:?}", doc.mentions);
    }

    #[test]
    fn pronouns_stay_unresolved_when_ambiguous() {
        let doc = run("Kamal Ruswan met Tomas Arvid in Lima. He left early.");
        assert!(
            doc.mentions.iter().all(|m| m.kind != MentionKind::Pronoun),
            "{:?}",
            doc.mentions
        );
    }

    #[test]
    fn countries_group_by_country_and_keep_their_names() {
        let doc = run("Peruvian-backed militias entered Peru. The Republic of Peru protested.");
        let e = entity(&doc, "Peru");
        assert_eq!(e.etype, EntityType::Country);
        assert!(e.mentions.len() >= 3, "{e:?}");
    }

    #[test]
    fn empty_and_rerun_are_safe() {
        let mut doc = doc_of("");
        Coref::new().process(&mut doc).unwrap();
        assert!(doc.entities.is_empty());
        let mut doc = run("The Sword of Dawn Brigade attacked Lima. The group withdrew.");
        let n = (doc.mentions.len(), doc.entities.len());
        Coref::new().process(&mut doc).unwrap();
        assert_eq!(
            (doc.mentions.len(), doc.entities.len()),
            n,
            "coref is idempotent"
        );
    }

    #[test]
    fn one_entity_despite_a_taggers_inconsistent_types() {
        let mut doc = doc_of("The Velkari militia attacked Lima. Later Velkari fighters left. Officials blamed Velkari for it.");
        GazetteerRecognizer::new().process(&mut doc).unwrap();
        let mut seen = 0;
        for t in doc.tokens.iter_mut() {
            t.ner = Some("O".into());
            if t.text == "Velkari" {
                t.ner = Some(["B-ORG", "B-PER", "B-LOC"][seen].into());
                seen += 1;
            }
        }
        crate::typing::EntityTyping::new()
            .process(&mut doc)
            .unwrap();
        Coref::new().process(&mut doc).unwrap();
        let named: Vec<&Entity> = doc
            .entities
            .iter()
            .filter(|e| e.name == "Velkari")
            .collect();
        assert_eq!(named.len(), 1, "{:#?}", doc.entities);
        assert_eq!(
            named[0].etype,
            EntityType::ArmedGroup,
            "a single-word person guess yields to group evidence"
        );
        assert_eq!(named[0].mentions.len(), 3);
    }

    #[test]
    fn colon_full_name_outside_quotes() {
        let doc = run("Their banner read Velkari: Army of the Free Hills, in red letters. Velkari fighters stayed.");
        let e = entity_of(&doc, "Velkari").expect("Velkari");
        assert!(
            e.aliases.iter().any(|a| a == "Army of the Free Hills"),
            "{:#?}",
            doc.entities
        );
        assert!(
            e.aliases
                .iter()
                .any(|a| a == "Velkari: Army of the Free Hills"),
            "{e:?}"
        );
        assert_eq!(e.name, "Velkari");
    }
}
