//! Cross-document entity resolution: pure name keys and the match decision.
//!
//! Three keys of decreasing strictness are computed for every name:
//!
//! * [`resolution_key`]: case, apostrophes (’ ' ʼ ‘ `), diacritics, hyphens and
//!   spaces, a leading "the" and `al-`/`el-` article prefixes are ignored
//!   (`al-Nusra Front` = `Nusra front` = `NUSRA-FRONT`);
//! * [`translit_key`]: additionally folds common transliteration variants:
//!   doubled letters, `y`→`i`, `ou`→`u`, `ee`→`i`, `oo`→`u`, `q`/`c`/`ck`→`k`,
//!   `w`→`v`, `ph`→`f`, `dh`→`d` (`Qasimov` = `Kassimov`, `Youssef` = `Yusef`);
//! * [`skeleton`]: the transliteration key with each run of vowels reduced to
//!   one placeholder, so that spellings differing only in their vowels, like
//!   `Hizballah` and `Hezbollah`, coincide. Only used for groups,
//!   organizations and facilities and only when at least three consonants
//!   remain — never for persons, where vowels tell different names apart
//!   (Hasan ≠ Husein).
//!
//! [`resolve`] then decides, for one incoming entity and the stored
//! candidates, which stored entity (if any) it is, using type compatibility,
//! acronym ↔ expansion, token-set similarity and shared neighbours, and the
//! person rules: two different full names never merge, and a single-token
//! person name attaches to a full-name entity only if that surname is unique
//! among stored persons.

use dossier_doc::EntityType;
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// Articles dropped when they stand alone or as a hyphenated prefix.
const ARTICLES: &[&str] = &["al", "el"];

/// Words skipped when computing initials and token-set similarity.
const STOPWORDS: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "at", "de", "la", "le", "du", "des", "a", "an", "to",
    "al", "el",
];

/// Generic organisational nouns: a group "named" by one of these alone
/// ("the Front", "Resistance") says nothing about which group it is, so such
/// a name is never matched on. Names, not descriptions: not the group nouns of
/// `dossier_extract::lexicon` ("faction" and "insurgency" are not names).
const GENERIC_NAMES: &[&str] = &[
    "resistance",
    "front",
    "movement",
    "group",
    "groups",
    "militia",
    "militias",
    "army",
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "party",
    "council",
    "forces",
    "force",
    "organization",
    "organisation",
    "committee",
    "government",
    "ministry",
    "police",
    "navy",
    "guard",
    "guards",
    "corps",
    "alliance",
    "coalition",
    "union",
    "league",
    "network",
    "state",
    "regime",
    "authorities",
    "company",
    "agency",
    "unit",
    "units",
    "cell",
    "cells",
];

/// Whether a name is a generic organisational noun alone ("Front", "the Resistance").
pub fn is_generic(name: &str) -> bool {
    let t = name_tokens(name);
    t.len() == 1 && GENERIC_NAMES.contains(&t[0].as_str())
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | 'ʼ' | '‘' | '`' | '´' | 'ʻ' | 'ʿ' | 'ʾ' | '′'
    )
}

/// Latin letters that have no Unicode decomposition, folded to ASCII.
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ə' | 'Ə' => "e",
        'ı' | 'İ' => "i",
        'ø' | 'Ø' => "o",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ß' => "ss",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        _ => return None,
    })
}

/// The normalized tokens of a name: NFKD without combining marks, lowercase,
/// apostrophes removed, split on anything that is not alphanumeric, a leading
/// `the` and the articles `al`/`el` dropped.
///
/// ```
/// assert_eq!(dossier_kb::resolve::name_tokens("The al-Farouq Brigade"), vec!["farouq", "brigade"]);
/// ```
pub fn name_tokens(name: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(name.len());
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) || is_apostrophe(c) {
            continue;
        }
        if let Some(folded) = fold_letter(c) {
            cleaned.push_str(folded);
        } else if c.is_alphanumeric() {
            cleaned.extend(c.to_lowercase());
        } else {
            cleaned.push(' ');
        }
    }
    let mut tokens: Vec<String> = cleaned.split_whitespace().map(str::to_string).collect();
    if tokens.len() > 1 && tokens[0] == "the" {
        tokens.remove(0);
    }
    if tokens.len() > 1 {
        tokens.retain(|t| !ARTICLES.contains(&t.as_str()));
    }
    tokens
}

/// The exact resolution key: [`name_tokens`] joined without separators, so
/// that hyphens and spaces do not matter.
///
/// ```
/// use dossier_kb::resolve::resolution_key;
/// assert_eq!(resolution_key("Kara-Dagh Front"), resolution_key("karadagh  front"));
/// assert_eq!(resolution_key("Zarqa’il"), resolution_key("Zarqa'il"));
/// ```
pub fn resolution_key(name: &str) -> String {
    name_tokens(name).concat()
}

/// Folds transliteration variants inside one normalized token (see the
/// module documentation; also a final `h` after a vowel: `-ah` = `-a`).
pub fn fold_token(token: &str) -> String {
    let mut token = token;
    if token.len() > 3
        && token.ends_with('h')
        && token[..token.len() - 1].ends_with(|c: char| is_vowel(c))
    {
        token = &token[..token.len() - 1];
    }
    let s = token
        .replace("ou", "u")
        .replace("ee", "i")
        .replace("oo", "u")
        .replace("ck", "k")
        .replace("ph", "f")
        .replace("dh", "d");
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let c = match c {
            'y' => 'i',
            'q' | 'c' => 'k',
            'w' => 'v',
            other => other,
        };
        if prev == Some(c) {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// The transliteration-insensitive key: every token folded by [`fold_token`],
/// joined without separators (then folded once more across token joins).
///
/// ```
/// use dossier_kb::resolve::translit_key;
/// assert_eq!(translit_key("Youssef Qassimov"), translit_key("Yusef Kasimov"));
/// ```
pub fn translit_key(name: &str) -> String {
    let joined: String = name_tokens(name).iter().map(|t| fold_token(t)).collect();
    fold_token(&joined)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The vowel-blind skeleton of a name: its [`translit_key`] with every run
/// of vowels replaced by one `*` and repeated consonants collapsed, so that
/// names differing only in which vowels they write (or in doubled or
/// dropped vowels inside a vowel run) coincide while their syllable
/// structure is kept (`Hizballah` = `Hezbollah`, `Velkariyon` =
/// `Velkariyoun`, but `Hamas` ≠ `Hums`).
///
/// ```
/// use dossier_kb::resolve::skeleton;
/// assert_eq!(skeleton("Hizballah"), skeleton("Hezbollah"));
/// assert_ne!(skeleton("Hamas"), skeleton("Hums"));
/// ```
pub fn skeleton(name: &str) -> String {
    let key = translit_key(name);
    let mut out = String::with_capacity(key.len());
    let mut prev: Option<char> = None;
    for c in key.chars() {
        let c = if is_vowel(c) { '*' } else { c };
        if prev == Some(c) {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Consonants in a skeleton: skeletons with fewer than `SKELETON_MIN_CONSONANTS`
/// are too short to merge on.
fn consonants(skeleton: &str) -> usize {
    skeleton.chars().filter(|c| *c != '*').count()
}

/// Fewest consonants a skeleton needs to be used for matching.
pub const SKELETON_MIN_CONSONANTS: usize = 3;

/// Whether a name is written as an acronym: 2–8 letters or digits, all
/// letters upper-case, optionally with dots (`ABF`, `U.K.`, `G5`).
pub fn is_acronym(name: &str) -> bool {
    let core: String = name.trim().chars().filter(|c| *c != '.').collect();
    let n = core.chars().count();
    (2..=8).contains(&n)
        && core.chars().all(|c| c.is_alphanumeric())
        && core.chars().any(|c| c.is_alphabetic())
        && !core.chars().any(|c| c.is_lowercase())
}

/// The lower-case letters an acronym of `name` would have: one variant
/// without stop words (`Free Army of the North` → `fan`) and, when
/// different, one with them (`faotn`).
pub fn initials(name: &str) -> Vec<String> {
    let tokens = name_tokens(name);
    let mut out = Vec::new();
    let content: String = tokens
        .iter()
        .filter(|t| !STOPWORDS.contains(&t.as_str()))
        .filter_map(|t| t.chars().next())
        .collect();
    let all: String = tokens.iter().filter_map(|t| t.chars().next()).collect();
    if content.chars().count() >= 2 {
        out.push(content.clone());
    }
    if all != content && all.chars().count() >= 2 {
        out.push(all);
    }
    out
}

fn acronym_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Jaccard similarity of the folded content tokens of two names (stop words
/// ignored); 0 when either has no content token.
pub fn token_similarity(a: &str, b: &str) -> f32 {
    let set = |s: &str| -> HashSet<String> {
        name_tokens(s)
            .into_iter()
            .filter(|t| !STOPWORDS.contains(&t.as_str()))
            .map(|t| fold_token(&t))
            .collect()
    };
    let (x, y) = (set(a), set(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let inter = x.intersection(&y).count() as f32;
    inter / x.union(&y).count() as f32
}

/// [`token_similarity`] on precomputed keys.
pub fn token_set_similarity(a: &NameKeys, b: &NameKeys) -> f32 {
    fn content(n: &NameKeys) -> HashSet<&str> {
        n.tokens
            .iter()
            .map(String::as_str)
            .filter(|t| !STOPWORDS.contains(t))
            .collect()
    }
    let (x, y) = (content(a), content(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f32 / x.union(&y).count() as f32
}

/// Whether two names share at least half of their content tokens that
/// are not generic organisational nouns (Jaccard ≥ 0.5 on those).
fn shares_specific_token(a: &NameKeys, b: &NameKeys) -> bool {
    let x: HashSet<&str> = a
        .tokens
        .iter()
        .map(String::as_str)
        .filter(|t| specific_token(t))
        .collect();
    let y: HashSet<&str> = b
        .tokens
        .iter()
        .map(String::as_str)
        .filter(|t| specific_token(t))
        .collect();
    // Half of the specific words shared, not just the generic noun: "Belgul
    // Talzar Movement" and "Fendordor Talzar Movement" are two groups.
    let inter = x.intersection(&y).count();
    inter > 0 && 2 * inter >= x.union(&y).count()
}

/// A content token that says which entity a name is (not a stop word, not
/// a generic organisational noun).
fn specific_token(t: &str) -> bool {
    !STOPWORDS.contains(&t) && !GENERIC_NAMES.contains(&t)
}

/// How two entity types may be merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeCompat {
    /// Never (a person and a group).
    No,
    /// Only when the names are equal by [`resolution_key`] (country ↔ location,
    /// location ↔ facility).
    ExactNameOnly,
    /// Any matching rule may merge them.
    Yes,
}

/// Whether entities of types `a` and `b` may be the same thing:
/// the same type always; armed_group ↔ organization freely; country ↔
/// location and location ↔ facility only on an exact name; anything else never.
pub fn types_compatible(a: EntityType, b: EntityType) -> TypeCompat {
    use EntityType::*;
    if a == b {
        return TypeCompat::Yes;
    }
    match (a, b) {
        (ArmedGroup, Organization) | (Organization, ArmedGroup) => TypeCompat::Yes,
        (Country, Location) | (Location, Country) | (Location, Facility) | (Facility, Location) => {
            TypeCompat::ExactNameOnly
        }
        _ => TypeCompat::No,
    }
}

/// One name with its precomputed keys.
#[derive(Debug, Clone, PartialEq)]
pub struct NameKeys {
    /// The name as written.
    pub name: String,
    /// [`resolution_key`].
    pub key: String,
    /// [`translit_key`].
    pub translit: String,
    /// [`skeleton`].
    pub skeleton: String,
    /// Folded tokens.
    pub tokens: Vec<String>,
    /// [`is_acronym`].
    pub acronym: bool,
    /// [`initials`].
    pub initials: Vec<String>,
}

impl NameKeys {
    /// Computes the keys of `name`.
    pub fn new(name: &str) -> Self {
        NameKeys {
            name: name.to_string(),
            key: resolution_key(name),
            translit: translit_key(name),
            skeleton: skeleton(name),
            tokens: name_tokens(name).iter().map(|t| fold_token(t)).collect(),
            acronym: is_acronym(name),
            initials: initials(name),
        }
    }
}

/// What resolution knows of one entity (stored or incoming).
#[derive(Debug, Clone)]
pub struct Profile {
    /// Store id (0 for an incoming entity).
    pub id: i64,
    /// Type.
    pub etype: EntityType,
    /// Its names; the first is its canonical (primary) name.
    pub names: Vec<NameKeys>,
    /// Store ids of entities it is related to (relations, shared events).
    pub neighbours: HashSet<i64>,
    /// Translit keys that analysts split away from it: names with these keys never match it.
    pub blocked: HashSet<String>,
}

impl Profile {
    /// A profile from plain names (keys computed here; empty names skipped).
    pub fn new(id: i64, etype: EntityType, names: &[String]) -> Self {
        let mut seen = HashSet::new();
        let names = names
            .iter()
            .filter(|n| !resolution_key(n).is_empty())
            .filter(|n| seen.insert(n.to_string()))
            .map(|n| NameKeys::new(n))
            .collect();
        Profile {
            id,
            etype,
            names,
            neighbours: HashSet::new(),
            blocked: HashSet::new(),
        }
    }

    /// A profile from precomputed name keys.
    pub fn from_keys(id: i64, etype: EntityType, names: Vec<NameKeys>) -> Self {
        Profile {
            id,
            etype,
            names,
            neighbours: HashSet::new(),
            blocked: HashSet::new(),
        }
    }

    fn multi_token_names(&self) -> impl Iterator<Item = &NameKeys> {
        self.names
            .iter()
            .filter(|n| n.tokens.len() >= 2 && !n.acronym)
    }

    fn has_multi_token_name(&self) -> bool {
        self.multi_token_names().next().is_some()
    }

    /// The surnames (last folded token) of its multi-token names.
    fn surnames(&self) -> HashSet<&str> {
        self.multi_token_names()
            .filter_map(|n| n.tokens.last().map(String::as_str))
            .collect()
    }
}

/// How an incoming entity matched a stored one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MatchKind {
    /// Equal [`resolution_key`].
    Exact,
    /// Equal [`translit_key`].
    Translit,
    /// Equal [`skeleton`] (groups, organizations, facilities).
    Skeleton,
    /// An acronym of the other's name.
    Acronym,
    /// Token-set similarity of multi-word names (the value).
    TokenSet(f32),
    /// A person's full name that is the other's with middle names added or dropped.
    PersonFullName,
    /// A single-token person name that is the surname of a full name.
    Surname,
}

impl MatchKind {
    /// The base score of this kind of match.
    pub fn score(self) -> f32 {
        match self {
            MatchKind::Exact => 1.0,
            MatchKind::Translit => 0.95,
            MatchKind::PersonFullName => 0.9,
            MatchKind::Skeleton => 0.85,
            MatchKind::Acronym => 0.85,
            MatchKind::Surname => 0.75,
            MatchKind::TokenSet(s) => 0.5 + 0.4 * s,
        }
    }
}

/// Minimum token-set similarity to merge on names alone.
pub const TOKEN_SET_STRONG: f32 = 0.75;
/// Minimum token-set similarity to merge with at least one shared neighbour.
pub const TOKEN_SET_WITH_CONTEXT: f32 = 0.5;

fn person_full_compatible(a: &NameKeys, b: &NameKeys) -> Option<MatchKind> {
    if a.key == b.key {
        return Some(MatchKind::Exact);
    }
    if a.translit == b.translit {
        return Some(MatchKind::Translit);
    }
    let (short, long) = if a.tokens.len() <= b.tokens.len() {
        (a, b)
    } else {
        (b, a)
    };
    if short.tokens.len() >= 2
        && short.tokens.len() < long.tokens.len()
        && short.tokens.first() == long.tokens.first()
        && short.tokens.last() == long.tokens.last()
        && short.tokens.iter().all(|t| long.tokens.contains(t))
    {
        return Some(MatchKind::PersonFullName);
    }
    None
}

/// Matches two persons. `surname_unique` tells whether the incoming single
/// token names exactly one stored full-name person.
fn match_persons(incoming: &Profile, stored: &Profile, surname_unique: bool) -> Option<MatchKind> {
    let in_names: Vec<&NameKeys> = incoming
        .names
        .iter()
        .filter(|n| !stored.blocked.contains(&n.translit))
        .collect();
    let primary = in_names.first()?;
    let in_multi: Vec<&&NameKeys> = in_names
        .iter()
        .filter(|n| n.tokens.len() >= 2 && !n.acronym)
        .collect();
    if !in_multi.is_empty() {
        // Full names decide: compatible full names merge, different ones never do.
        if stored.has_multi_token_name() {
            let mut best: Option<MatchKind> = None;
            for a in &in_multi {
                for b in stored.multi_token_names() {
                    if let Some(k) = person_full_compatible(a, b) {
                        if best.is_none() || best.is_some_and(|x| k.score() > x.score()) {
                            best = Some(k);
                        }
                    }
                }
            }
            return best;
        }
        // A stored bare name (surname only) takes a full name whose surname it is,
        // if that surname is unique among stored persons.
        let surname = primary.tokens.last()?;
        let bare = stored
            .names
            .iter()
            .any(|n| n.tokens.len() == 1 && n.tokens[0] == *surname);
        return (bare && surname_unique).then_some(MatchKind::Surname);
    }
    // Single-token incoming name.
    let token = primary.tokens.first()?;
    if stored.has_multi_token_name() {
        return (surname_unique && stored.surnames().contains(token.as_str()))
            .then_some(MatchKind::Surname);
    }
    stored.names.iter().find_map(|n| {
        if n.key == primary.key {
            Some(MatchKind::Exact)
        } else if n.translit == primary.translit {
            Some(MatchKind::Translit)
        } else {
            None
        }
    })
}

fn match_names(
    incoming: &Profile,
    stored: &Profile,
    compat: TypeCompat,
    acronyms: bool,
) -> Option<MatchKind> {
    let mut best: Option<MatchKind> = None;
    let mut consider = |k: MatchKind| {
        if best.is_none() || best.is_some_and(|b| k.score() > b.score()) {
            best = Some(k);
        }
    };
    let skeleton_ok = matches!(
        incoming.etype,
        EntityType::ArmedGroup | EntityType::Organization | EntityType::Facility
    ) && matches!(
        stored.etype,
        EntityType::ArmedGroup | EntityType::Organization | EntityType::Facility
    );
    let loose_ok = compat == TypeCompat::Yes;
    let generic =
        |n: &NameKeys| n.tokens.len() == 1 && GENERIC_NAMES.contains(&n.tokens[0].as_str());
    for a in incoming
        .names
        .iter()
        .filter(|n| !stored.blocked.contains(&n.translit) && !generic(n))
        .filter(|n| acronyms || !n.acronym)
    {
        for (bi, b) in stored
            .names
            .iter()
            .enumerate()
            .filter(|(_, n)| !generic(n) && (acronyms || !n.acronym))
        {
            if a.key == b.key {
                consider(MatchKind::Exact);
                continue;
            }
            if !loose_ok {
                continue;
            }
            if a.translit == b.translit {
                consider(MatchKind::Translit);
                continue;
            }
            if acronyms && a.acronym != b.acronym {
                let (acr, full) = if a.acronym { (a, b) } else { (b, a) };
                let letters = acronym_key(&acr.name);
                if full.tokens.len() >= 2 && full.initials.contains(&letters) {
                    consider(if letters.chars().count() >= 3 {
                        MatchKind::Acronym
                    } else {
                        MatchKind::TokenSet(0.75)
                    });
                    continue;
                }
            }
            if a.acronym || b.acronym {
                continue;
            }
            if skeleton_ok
                && a.skeleton == b.skeleton
                && consonants(&a.skeleton) >= SKELETON_MIN_CONSONANTS
            {
                consider(MatchKind::Skeleton);
                continue;
            }
            // Token-set similarity is weak evidence: it is only taken against
            // the stored entity's canonical (first) name, never against an
            // alias, so that an entity cannot chain from name to name through
            // shared words; and at least half of the words that are not
            // generic organisational nouns ("Brigade", "Front") are shared.
            if bi == 0
                && a.tokens.len() >= 2
                && b.tokens.len() >= 2
                && shares_specific_token(a, b)
                && matches!(
                    incoming.etype,
                    EntityType::ArmedGroup
                        | EntityType::Organization
                        | EntityType::Facility
                        | EntityType::Location
                )
            {
                let sim = token_set_similarity(a, b);
                if sim >= TOKEN_SET_WITH_CONTEXT {
                    consider(MatchKind::TokenSet(sim));
                }
            }
        }
    }
    best
}

/// Scores incoming against one stored profile: the match kind and its
/// score after the shared-context bonus, or None.
pub fn score(
    incoming: &Profile,
    stored: &Profile,
    surname_unique: bool,
) -> Option<(MatchKind, f32)> {
    score_with(incoming, stored, surname_unique, true)
}

fn score_with(
    incoming: &Profile,
    stored: &Profile,
    surname_unique: bool,
    acronyms: bool,
) -> Option<(MatchKind, f32)> {
    let compat = types_compatible(incoming.etype, stored.etype);
    if compat == TypeCompat::No {
        return None;
    }
    let kind = if incoming.etype == EntityType::Person && stored.etype == EntityType::Person {
        match_persons(incoming, stored, surname_unique)?
    } else {
        match_names(incoming, stored, compat, acronyms)?
    };
    let shared = incoming.neighbours.intersection(&stored.neighbours).count();
    if let MatchKind::TokenSet(s) = kind {
        if s < TOKEN_SET_STRONG && shared == 0 {
            return None;
        }
    }
    Some((kind, kind.score() + 0.05 * shared.min(3) as f32))
}

/// The acronym keys through which alone `incoming` matches `stored`: empty
/// when they match without any acronym name (or not at all); else the
/// letters of every acronym of one side that the other holds too or that
/// is the initials of a full name of the other. Such a link is only as
/// good as the acronym is unambiguous: when either side holds an expansion
/// of it, the store accepts it only when one entity in the whole base does
/// ([`holds_expansion`]), so that which long name a bare acronym joins,
/// and whether an acronym alias chains a second long name in, do not
/// depend on which came first.
pub fn acronym_link(incoming: &Profile, stored: &Profile, surname_unique: bool) -> Vec<String> {
    if incoming.etype == EntityType::Person && stored.etype == EntityType::Person {
        return Vec::new();
    }
    if score_with(incoming, stored, surname_unique, false).is_some_and(|(_, s)| s >= ACCEPT) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (x, y) in [(incoming, stored), (stored, incoming)] {
        for acr in x.names.iter().filter(|n| n.acronym) {
            let letters = acronym_key(&acr.name);
            let fits = |f: &NameKeys| {
                if f.acronym {
                    acronym_key(&f.name) == letters
                } else {
                    f.tokens.len() >= 2 && f.initials.contains(&letters)
                }
            };
            if y.names.iter().any(fits) && !out.contains(&letters) {
                out.push(letters);
            }
        }
    }
    out.sort();
    out
}

/// Whether `p` holds a full name (two or more words, not an acronym) whose
/// initials are `letters`: an expansion of the acronym `letters`.
pub fn holds_expansion(p: &Profile, letters: &str) -> bool {
    p.multi_token_names()
        .any(|n| n.initials.iter().any(|i| i == letters))
}

/// Whether `a` and `b` hold expansions of the acronym `letters` that name
/// the same kind of body: two full names with those initials ending in the
/// same two words ("Islamic Revolutionary Guard Corps" and "Iranian
/// Republican Guard Corps"), unlike two bodies that only share initials
/// ("Royal Air Force", "Red Army Faction"). Such a pair counts as one
/// holder of the acronym, so the two documents' names of one body join
/// through it in whichever order they come.
pub fn expansions_akin(a: &Profile, b: &Profile, letters: &str) -> bool {
    let tail = |n: &NameKeys| n.tokens[n.tokens.len() - 2..].to_vec();
    let of = |p: &Profile| -> Vec<Vec<String>> {
        p.multi_token_names()
            .filter(|n| n.initials.iter().any(|i| i == letters))
            .map(tail)
            .collect()
    };
    let (ta, tb) = (of(a), of(b));
    ta.iter().any(|t| tb.contains(t))
}

/// The folded token of a one-word name that is not an acronym (a bare
/// surname when the name is a person's), else None.
pub fn bare_surname(name: &str) -> Option<String> {
    if is_acronym(name) {
        return None;
    }
    match name_tokens(name).as_slice() {
        [one] => Some(fold_token(one)),
        _ => None,
    }
}

/// The letters of acronym `name` (`acronym_key`), or None when `name` is
/// not written as an acronym.
pub fn acronym_letters(name: &str) -> Option<String> {
    is_acronym(name).then(|| acronym_key(name))
}

/// Minimum score to accept a match.
pub const ACCEPT: f32 = 0.6;

/// Decides which stored entity `incoming` is, if any: the best-scoring
/// compatible candidate; ties are broken by shared neighbours, then by the
/// lowest id. A single-token person name only attaches to a full-name
/// person when that surname belongs to exactly one stored person.
pub fn resolve(incoming: &Profile, stored: &[Profile]) -> Option<(i64, MatchKind)> {
    resolve_among(incoming, &stored.iter().collect::<Vec<_>>())
}

/// The surname (last folded token of the primary name) of an incoming
/// person, for [`resolve_with`]'s holder count.
pub fn incoming_surname(incoming: &Profile) -> Option<&str> {
    (incoming.etype == EntityType::Person)
        .then(|| incoming.names.first().and_then(|n| n.tokens.last()))
        .flatten()
        .map(String::as_str)
}

/// Whether a stored profile is a person holding `surname` in a full name.
pub fn holds_surname(p: &Profile, surname: &str) -> bool {
    p.etype == EntityType::Person && p.surnames().contains(surname)
}

fn resolve_among(incoming: &Profile, stored: &[&Profile]) -> Option<(i64, MatchKind)> {
    let holders = incoming_surname(incoming)
        .map(|s| stored.iter().filter(|p| holds_surname(p, s)).count())
        .unwrap_or(0);
    resolve_with(incoming, stored, holders)
}

/// [`resolve`] over candidates, given how many stored persons hold the
/// incoming person's surname in a full name (`surname_holders`, counted over
/// the whole store, not only the candidates).
pub fn resolve_with(
    incoming: &Profile,
    stored: &[&Profile],
    surname_holders: usize,
) -> Option<(i64, MatchKind)> {
    let surname_unique = incoming.etype == EntityType::Person && {
        let single = incoming.names.first().is_some_and(|n| n.tokens.len() == 1);
        // A bare surname needs exactly one full-name holder; a full name may
        // take a bare-surname entity only if no stored full name has that
        // surname.
        incoming_surname(incoming).is_some()
            && if single {
                surname_holders == 1
            } else {
                surname_holders == 0
            }
    };
    let mut best: Option<(&Profile, MatchKind, f32, usize)> = None;
    for cand in stored {
        let Some((kind, s)) = score(incoming, cand, surname_unique) else {
            continue;
        };
        if s < ACCEPT {
            continue;
        }
        let shared = incoming.neighbours.intersection(&cand.neighbours).count();
        let better = match best {
            None => true,
            Some((b, _, bs, bshared)) => {
                s > bs + 1e-4
                    || ((s - bs).abs() <= 1e-4
                        && (shared > bshared
                            || (shared == bshared && content_order(incoming, cand, b).is_lt())))
            }
        };
        if better {
            best = Some((cand, kind, s, shared));
        }
    }
    best.map(|(p, kind, _, _)| (p.id, kind))
}

/// Orders two stored candidates that match `incoming` equally well by what
/// they are, not by when they were stored, so that the choice does not
/// depend on the order documents came in: first the one that holds the
/// incoming entity's own (first) name, then one whose canonical name is
/// not a bare acronym, then one holding more of the incoming names, then
/// by canonical name, type and every name in code-point order. The store
/// id decides only between two entities with the very same names.
fn content_order(incoming: &Profile, a: &Profile, b: &Profile) -> std::cmp::Ordering {
    let own = incoming.names.first().map(|n| n.key.as_str());
    let holds_own = |p: &Profile| own.is_some_and(|k| p.names.iter().any(|n| n.key == k));
    let long_name = |p: &Profile| p.names.first().is_some_and(|n| !n.acronym);
    let shared = |p: &Profile| {
        incoming
            .names
            .iter()
            .filter(|i| p.names.iter().any(|n| n.key == i.key))
            .count()
    };
    let primary = |p: &Profile| p.names.first().map(|n| n.name.clone()).unwrap_or_default();
    let all = |p: &Profile| {
        let mut v: Vec<&str> = p.names.iter().map(|n| n.name.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v.join("\u{1f}")
    };
    holds_own(b)
        .cmp(&holds_own(a))
        .then_with(|| long_name(b).cmp(&long_name(a)))
        .then_with(|| shared(b).cmp(&shared(a)))
        .then_with(|| primary(a).cmp(&primary(b)))
        .then_with(|| a.etype.as_str().cmp(b.etype.as_str()))
        .then_with(|| all(a).cmp(&all(b)))
        .then_with(|| a.id.cmp(&b.id))
}

/// Postings longer than this are too common to propose candidates by
/// themselves (see [`lookup_keys`]).
pub const POSTING_CAP: usize = 100;

/// Keys under which a stored name is indexed in the knowledge base (see
/// [`lookup_keys`] for which rule each serves).
pub fn index_keys(n: &NameKeys) -> Vec<String> {
    let mut keys = vec![format!("k:{}", n.key), format!("t:{}", n.translit)];
    if consonants(&n.skeleton) >= SKELETON_MIN_CONSONANTS {
        keys.push(format!("s:{}", n.skeleton));
    }
    if n.acronym {
        keys.push(format!("A:{}", acronym_key(&n.name)));
    }
    match n.tokens.as_slice() {
        [one] => keys.push(format!("b:{one}")),
        [first, .., last] => {
            keys.extend(n.initials.iter().map(|i| format!("i:{i}")));
            keys.push(format!("f:{first} {last}"));
            if !n.acronym {
                keys.push(format!("l:{last}"));
            }
            keys.extend(
                n.tokens
                    .iter()
                    .filter(|t| specific_token(t))
                    .map(|t| format!("w:{t}")),
            );
        }
        [] => {}
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Keys an incoming name of type `etype` looks stored candidates up by,
/// each with whether it is capped (skipped when its posting is longer than
/// [`POSTING_CAP`]). Every rule of [`score`] that can accept a match needs
/// the two names to share one of these: equal keys (`k:`, `t:`, `s:`), an
/// acronym and a name with those initials (`A:` / `i:`), a person's full
/// name with the same first and last token (`f:`), a full name and a bare
/// surname (`b:` / `l:`), and token-set similarity (`w:`, specific tokens
/// only). Capped postings lose only weak candidates: token-set matches on
/// a very common word, or a two-letter acronym.
pub fn lookup_keys(n: &NameKeys, etype: EntityType) -> Vec<(String, bool)> {
    let mut keys = vec![
        (format!("k:{}", n.key), false),
        (format!("t:{}", n.translit), false),
    ];
    if consonants(&n.skeleton) >= SKELETON_MIN_CONSONANTS {
        keys.push((format!("s:{}", n.skeleton), false));
    }
    if n.acronym {
        keys.push((format!("i:{}", acronym_key(&n.name)), true));
    } else if n.tokens.len() >= 2 {
        keys.extend(n.initials.iter().map(|i| (format!("A:{i}"), false)));
    }
    let token_set = matches!(
        etype,
        EntityType::ArmedGroup
            | EntityType::Organization
            | EntityType::Facility
            | EntityType::Location
    );
    match n.tokens.as_slice() {
        [one] if etype == EntityType::Person => keys.push((format!("l:{one}"), true)),
        [first, .., last] => {
            if etype == EntityType::Person {
                keys.push((format!("f:{first} {last}"), false));
                keys.push((format!("b:{last}"), false));
            }
            if token_set {
                keys.extend(
                    n.tokens
                        .iter()
                        .filter(|t| specific_token(t))
                        .map(|t| (format!("w:{t}"), true)),
                );
            }
        }
        _ => {}
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Keys under which a name is indexed: every rule of [`score`] needs two
/// names to share one of them (a key, a transliteration key, a skeleton, a
/// content token, or acronym letters), so looking candidates up by them
/// finds every possible match.
fn blocking_keys(n: &NameKeys) -> Vec<String> {
    let mut keys = vec![
        format!("k:{}", n.key),
        format!("t:{}", n.translit),
        format!("s:{}", n.skeleton),
    ];
    keys.extend(
        n.tokens
            .iter()
            .filter(|t| !STOPWORDS.contains(&t.as_str()))
            .map(|t| format!("w:{t}")),
    );
    keys.extend(n.initials.iter().map(|i| format!("a:{i}")));
    if n.acronym {
        keys.push(format!("a:{}", acronym_key(&n.name)));
    }
    keys
}

/// [`resolve`] over an indexed, growing set of stored profiles: candidates
/// are looked up by the keys every match rule needs two names to share
/// instead of scanning every profile.
#[derive(Debug, Default)]
pub struct Resolver {
    profiles: Vec<Profile>,
    by_id: HashMap<i64, usize>,
    index: HashMap<String, Vec<usize>>,
}

impl Resolver {
    /// Indexes `profiles`.
    pub fn new(profiles: Vec<Profile>) -> Self {
        let mut r = Resolver::default();
        for p in profiles {
            r.push(p);
        }
        r
    }

    /// Adds a stored profile (e.g. an entity just created).
    pub fn push(&mut self, p: Profile) {
        let i = self.profiles.len();
        for n in &p.names {
            for k in blocking_keys(n) {
                let list = self.index.entry(k).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        self.by_id.insert(p.id, i);
        self.profiles.push(p);
    }

    /// Adds names to the stored profile `id` (those it does not have yet).
    pub fn add_names(&mut self, id: i64, names: &[NameKeys]) {
        let Some(&i) = self.by_id.get(&id) else {
            return;
        };
        for n in names {
            if self.profiles[i].names.iter().any(|x| x.name == n.name) {
                continue;
            }
            for k in blocking_keys(n) {
                let list = self.index.entry(k).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
            self.profiles[i].names.push(n.clone());
        }
    }

    /// The stored profiles.
    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// Which stored entity `incoming` is, if any (as [`resolve`]).
    pub fn resolve(&self, incoming: &Profile) -> Option<(i64, MatchKind)> {
        let mut seen = HashSet::new();
        let mut cands: Vec<&Profile> = Vec::new();
        for n in &incoming.names {
            for k in blocking_keys(n) {
                for &i in self.index.get(&k).map(Vec::as_slice).unwrap_or(&[]) {
                    if seen.insert(i) {
                        cands.push(&self.profiles[i]);
                    }
                }
            }
        }
        resolve_among(incoming, &cands)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: i64, t: EntityType, names: &[&str]) -> Profile {
        Profile::new(
            id,
            t,
            &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn keys_ignore_case_apostrophes_diacritics_hyphens() {
        assert_eq!(resolution_key("Zarqa’il"), resolution_key("zarqa'il"));
        assert_eq!(resolution_key("Zarqaʼil"), resolution_key("ZARQA`IL"));
        assert_eq!(resolution_key("Kara-Dagh"), resolution_key("Kara Dagh"));
        assert_eq!(resolution_key("Karadagh"), resolution_key("Kara Dagh"));
        assert_eq!(
            resolution_key("Şəmkirli Front"),
            resolution_key("Semkirli front")
        );
        assert_eq!(resolution_key("Orvéne"), resolution_key("Orvene"));
        assert_eq!(
            resolution_key("The Velmar Brigade"),
            resolution_key("Velmar Brigade")
        );
        assert_eq!(
            resolution_key("al-Tarnisi Front"),
            resolution_key("Tarnisi Front")
        );
        assert_eq!(
            resolution_key("El Tarnisi Front"),
            resolution_key("tarnisi-front")
        );
        assert_ne!(
            resolution_key("Velmar Brigade"),
            resolution_key("Velmar Battalion")
        );
        assert_eq!(resolution_key(""), "");
        assert_eq!(resolution_key("’-–"), "");
        // "the" alone or "al" alone is kept (a name, not an article).
        assert_eq!(resolution_key("Al"), "al");
    }

    #[test]
    fn transliteration_variants_fold() {
        assert_eq!(
            translit_key("Youssef Qassimov"),
            translit_key("Yusef Kasimov")
        );
        assert_eq!(translit_key("Mousa Darvish"), translit_key("Musa Darwish"));
        assert_eq!(translit_key("Ferhaad"), translit_key("Ferhad"));
        assert_ne!(translit_key("Hasan Talib"), translit_key("Husein Talib"));
        assert_eq!(skeleton("Hizballah"), skeleton("Hezbollah"));
        assert_eq!(skeleton("Hizb Allah"), skeleton("Hezbollah"));
        assert_eq!(skeleton("Sarkhani'yun"), skeleton("Sarkhaniyoun"));
        assert_eq!(skeleton("Ansar Tarvala"), skeleton("Ansaar Tarvalah"));
        assert_ne!(skeleton("Ansar Tarvala"), skeleton("Ansar Torbil"));
        assert_eq!(skeleton("Sarkhani’yon"), skeleton("Sarkhaniyoun"));
        assert_eq!(skeleton("Islamic Front"), skeleton("Eslamic Front"));
        assert_ne!(skeleton("Amal"), skeleton("Aml"));
    }

    #[test]
    fn acronyms_and_initials() {
        assert!(is_acronym("VLF"));
        assert!(is_acronym("U.K."));
        assert!(!is_acronym("Velmar"));
        assert!(!is_acronym("A"));
        assert_eq!(initials("Velmar Liberation Front"), vec!["vlf"]);
        assert_eq!(initials("Army of the Northern Dawn"), vec!["and", "aotnd"]);
    }

    #[test]
    fn token_similarity_is_jaccard() {
        assert!(
            (token_similarity(
                "Islamic Resistance in Tarvala",
                "Islamic Resistance Movement of Tarvala"
            ) - 0.75)
                .abs()
                < 1e-6
        );
        assert_eq!(token_similarity("Velmar Front", "Velmar Front"), 1.0);
        assert_eq!(token_similarity("", "Velmar Front"), 0.0);
        let (a, b) = (
            NameKeys::new("Islamic Resistance in Tarvala"),
            NameKeys::new("Islamic Resistance Movement of Tarvala"),
        );
        assert_eq!(
            token_set_similarity(&a, &b),
            token_similarity(&a.name, &b.name)
        );
    }

    #[test]
    fn spelling_variants_of_a_group_resolve() {
        let stored = vec![
            p(1, EntityType::ArmedGroup, &["Sarkhani’yun"]),
            p(2, EntityType::ArmedGroup, &["Hezb al-Tarvala"]),
            p(3, EntityType::Organization, &["Velmar Liberation Front"]),
        ];
        let r = |t, n: &str| resolve(&p(0, t, &[n]), &stored).map(|x| x.0);
        assert_eq!(r(EntityType::ArmedGroup, "Sarkhaniyoun"), Some(1));
        assert_eq!(r(EntityType::ArmedGroup, "Sarkhani’yon"), Some(1));
        // Too few consonants to trust vowel-blind matching.
        assert_eq!(r(EntityType::ArmedGroup, "Hezb"), None);
        assert_eq!(r(EntityType::ArmedGroup, "SARKHANI'YUN"), Some(1));
        assert_eq!(r(EntityType::ArmedGroup, "Hizb Tarvalah"), Some(2));
        assert_eq!(r(EntityType::ArmedGroup, "VLF"), Some(3));
        assert_eq!(
            r(EntityType::Organization, "the Velmar Liberation Front"),
            Some(3)
        );
        // A person never merges with a group.
        assert_eq!(r(EntityType::Person, "Sarkhaniyoun"), None);
        // A generic word alone never matches.
        let with_generic = vec![p(9, EntityType::ArmedGroup, &["Kestrel Front", "Front"])];
        assert_eq!(
            resolve(&p(0, EntityType::ArmedGroup, &["Front"]), &with_generic),
            None
        );
        assert!(is_generic("the Resistance"));
        assert!(!is_generic("Kestrel Front"));
        // Unrelated names do not match.
        assert_eq!(r(EntityType::ArmedGroup, "Kestrel Battalion"), None);
    }

    #[test]
    fn expansions_akin_share_their_last_two_words() {
        let g = EntityType::ArmedGroup;
        let a = p(1, g, &["Velmari Revolutionary Guard Corps", "VRGC"]);
        let b = p(2, g, &["Velmar Republican Guard Corps", "VRGC"]);
        let c = p(3, g, &["Vostok Regional Grain Cooperative", "VRGC"]);
        assert!(expansions_akin(&a, &b, "vrgc"));
        assert!(expansions_akin(&b, &a, "vrgc"));
        assert!(!expansions_akin(&a, &c, "vrgc"));
        assert!(!expansions_akin(&a, &b, "vgc"));
    }

    #[test]
    fn acronym_incoming_expansion_stored_and_back() {
        let stored = vec![p(7, EntityType::Organization, &["ORV"])];
        let inc = p(0, EntityType::ArmedGroup, &["Order of the Red Valley"]);
        // "Order Red Valley" initials "orv".
        assert_eq!(resolve(&inc, &stored).map(|x| x.0), Some(7));
    }

    #[test]
    fn country_and_location_only_on_exact_names() {
        let stored = vec![
            p(1, EntityType::Country, &["Norlandia"]),
            p(2, EntityType::Location, &["Port Essel"]),
        ];
        assert_eq!(
            resolve(&p(0, EntityType::Location, &["Norlandia"]), &stored).map(|x| x.0),
            Some(1)
        );
        assert_eq!(
            resolve(&p(0, EntityType::Location, &["Norlandiya"]), &stored).map(|x| x.0),
            None
        );
        assert_eq!(
            resolve(&p(0, EntityType::Country, &["Norlandiya"]), &stored).map(|x| x.0),
            Some(1)
        );
        assert_eq!(
            resolve(&p(0, EntityType::GroupIdentity, &["Norlandia"]), &stored).map(|x| x.0),
            None
        );
    }

    #[test]
    fn persons_sharing_a_surname_never_merge() {
        let stored = vec![p(1, EntityType::Person, &["Rustam Kavlani", "Kavlani"])];
        // A different full name with the same surname: new person.
        assert_eq!(
            resolve(
                &p(0, EntityType::Person, &["Darius Kavlani", "Kavlani"]),
                &stored
            ),
            None
        );
        // The surname alone attaches while unique.
        assert_eq!(
            resolve(&p(0, EntityType::Person, &["Kavlani"]), &stored).map(|x| x.0),
            Some(1)
        );
        // Middle name added or dropped: same person.
        assert_eq!(
            resolve(
                &p(0, EntityType::Person, &["Rustam Tahir Kavlani"]),
                &stored
            )
            .map(|x| x.0),
            Some(1)
        );
        // Two stored persons with that surname: the bare surname is ambiguous.
        let two = vec![
            stored[0].clone(),
            p(2, EntityType::Person, &["Darius Kavlani"]),
        ];
        assert_eq!(resolve(&p(0, EntityType::Person, &["Kavlani"]), &two), None);
        // Transliteration variants of a full name do match.
        assert_eq!(
            resolve(&p(0, EntityType::Person, &["Roustam Kawlani"]), &stored).map(|x| x.0),
            Some(1)
        );
        // Vowel changes in person names do not (Hasan ≠ Husein).
        assert_eq!(
            resolve(&p(0, EntityType::Person, &["Rostam Kavlani"]), &stored),
            None
        );
    }

    #[test]
    fn full_name_attaches_to_a_bare_surname_entity_when_unique() {
        let stored = vec![p(4, EntityType::Person, &["Ostrova"])];
        assert_eq!(
            resolve(&p(0, EntityType::Person, &["Lena Ostrova"]), &stored).map(|x| x.0),
            Some(4)
        );
        let with_full = vec![
            stored[0].clone(),
            p(5, EntityType::Person, &["Mira Ostrova"]),
        ];
        assert_eq!(
            resolve(&p(0, EntityType::Person, &["Lena Ostrova"]), &with_full),
            None
        );
    }

    #[test]
    fn shared_context_breaks_ties_and_supports_weak_matches() {
        let mut a = p(1, EntityType::ArmedGroup, &["Northern Dawn Brigades"]);
        let mut b = p(2, EntityType::ArmedGroup, &["Northern Dawn Front"]);
        a.neighbours.insert(100);
        b.neighbours.insert(200);
        let stored = vec![a, b];
        let mut inc = p(0, EntityType::ArmedGroup, &["Northern Dawn Movement"]);
        // Similarity 0.5 with both: needs context.
        assert_eq!(resolve(&inc, &stored), None);
        inc.neighbours.insert(200);
        assert_eq!(resolve(&inc, &stored).map(|x| x.0), Some(2));
    }

    #[test]
    fn indexed_resolver_agrees_with_the_scan() {
        let stored = vec![
            p(1, EntityType::ArmedGroup, &["Sarkhani’yun"]),
            p(2, EntityType::ArmedGroup, &["Hezb al-Tarvala"]),
            p(3, EntityType::Organization, &["Velmar Liberation Front"]),
            p(4, EntityType::Person, &["Rustam Kavlani"]),
            p(5, EntityType::Person, &["Darius Kavlani"]),
            p(6, EntityType::Person, &["Lena Ostrova"]),
            p(7, EntityType::Organization, &["ORV"]),
        ];
        let r = Resolver::new(stored.clone());
        let queries: &[(EntityType, &str)] = &[
            (EntityType::ArmedGroup, "Sarkhaniyoun"),
            (EntityType::ArmedGroup, "Hizb Tarvalah"),
            (EntityType::ArmedGroup, "VLF"),
            (EntityType::Person, "Kavlani"),
            (EntityType::Person, "Ostrova"),
            (EntityType::Person, "Rustam Tahir Kavlani"),
            (EntityType::Organization, "Order of the Red Valley"),
            (EntityType::Location, "Nowhere"),
        ];
        for (t, n) in queries {
            let inc = p(0, *t, &[n]);
            assert_eq!(r.resolve(&inc), resolve(&inc, &stored), "{n}");
        }
        let mut r = r;
        r.push(p(8, EntityType::ArmedGroup, &["Kestrel Band"]));
        r.add_names(8, &[NameKeys::new("KB Militia")]);
        assert_eq!(
            r.resolve(&p(0, EntityType::ArmedGroup, &["KB Militia"]))
                .map(|x| x.0),
            Some(8)
        );
        assert_eq!(r.profiles().len(), 8);
    }

    #[test]
    fn blocked_aliases_never_match() {
        let mut e = p(1, EntityType::ArmedGroup, &["Velmar Liberation Front"]);
        e.blocked.insert(translit_key("VLF"));
        let n = p(2, EntityType::ArmedGroup, &["VLF"]);
        let stored = vec![e, n];
        assert_eq!(
            resolve(&p(0, EntityType::ArmedGroup, &["VLF"]), &stored).map(|x| x.0),
            Some(2)
        );
        assert_eq!(
            resolve(
                &p(
                    0,
                    EntityType::ArmedGroup,
                    &["Velmar Liberation Front", "VLF"]
                ),
                &stored
            )
            .map(|x| x.0),
            Some(1)
        );
    }
}
