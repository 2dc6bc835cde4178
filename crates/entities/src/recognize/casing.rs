//! Casing: which capitalized words are names and which are only capitalized by
//! position (headings, all-caps lines, sentence starts, the document's heading
//! vocabulary).

use super::*;

/// Words of a document that say whether a capitalized word is a name: the
/// words seen in lowercase, the words seen capitalized in the middle of
/// ordinary sentences, and which sentences are headings.
pub(crate) struct Vocab {
    /// Folded words seen starting lowercase (not "al-Qarvani").
    pub lower: HashSet<String>,
    /// Folded words seen capitalized in the middle of ordinary sentences.
    pub midcaps: HashSet<String>,
    /// Per sentence: whether it is a heading (title case or all capitals,
    /// no final punctuation).
    pub headings: Vec<bool>,
    /// Folded one-word names the document writes as a noun phrase of their
    /// own after "the" at least twice in ordinary sentences ("the Varkani
    /// said", "fighting the Varkani"), never in lowercase, and none of its
    /// words a demonym, identity, language or cue noun: a body it keeps
    /// naming. The value: whether a sentence naming it holds armed context
    /// ("militants", "attack"; see [`the_heads`]).
    pub the_heads: HashMap<String, bool>,
}

impl Vocab {
    /// Per sentence, whether it is a heading (the `headings` of
    /// [`Vocab::of`] alone).
    pub(crate) fn headings_of(doc: &Doc) -> Vec<bool> {
        doc.sentences
            .iter()
            .map(|s| {
                s.token_start < s.token_end
                    && s.token_end <= doc.tokens.len()
                    && is_heading(&doc.tokens[s.token_start..s.token_end])
            })
            .collect()
    }

    /// [`Vocab::of`], kept with the document ([`Doc::derived`]) under a
    /// fingerprint of the tokens and sentences, so that the gazetteer
    /// recognizer and entity typing build it once.
    pub(crate) fn shared(doc: &Doc) -> std::sync::Arc<Vocab> {
        use std::hash::{Hash, Hasher};
        let mut h = dossier_doc::derived::Fingerprint::default();
        doc.tokens.len().hash(&mut h);
        for t in &doc.tokens {
            t.text.hash(&mut h);
        }
        doc.sentences.len().hash(&mut h);
        for s in &doc.sentences {
            (s.token_start, s.token_end).hash(&mut h);
        }
        doc.derived(h.finish(), || Vocab::of(doc))
    }

    pub(crate) fn of(doc: &Doc) -> Vocab {
        let lower: HashSet<String> = doc
            .tokens
            .iter()
            .filter(|t| t.text.starts_with(|c: char| c.is_lowercase()) && !is_capitalized(&t.text))
            .map(|t| fold(&t.text))
            .collect();
        let mut midcaps: HashSet<String> = HashSet::default();
        let mut headings = vec![false; doc.sentences.len()];
        for (si, s) in doc.sentences.iter().enumerate() {
            if s.token_start >= s.token_end || s.token_end > doc.tokens.len() {
                continue;
            }
            let toks = &doc.tokens[s.token_start..s.token_end];
            if is_heading(toks) {
                headings[si] = true;
                continue;
            }
            for (i, t) in toks.iter().enumerate() {
                if !initial_at(toks, i) && is_capitalized(&t.text) {
                    midcaps.insert(fold(&t.text));
                }
            }
        }
        let the_heads = the_heads(doc, &lower, &headings);
        Vocab {
            lower,
            midcaps,
            headings,
            the_heads,
        }
    }

    /// Whether sentence `s` is a heading.
    pub(crate) fn heading(&self, s: usize) -> bool {
        self.headings.get(s).copied().unwrap_or(false)
    }
}

/// How many "the X" a one-word name needs to be a body the document keeps
/// naming ([`Vocab::the_heads`]).
const THE_HEAD_MIN: usize = 2;

/// [`Vocab::the_heads`]: one capitalized word after a lowercase "the", not
/// at a sentence's start nor in a heading, ending its noun phrase (the next
/// token no capitalized word nor common noun: "the Varkani said", not "the
/// Varkani camp", "the Varkani Front"), counted per folded word; kept when
/// counted [`THE_HEAD_MIN`] times, never written in lowercase, and no
/// demonym, identity, language, title, place or cue noun of the gazetteer;
/// armed where a sentence naming it (with "the" or not) holds an
/// armed-context word or a lowercase plural of an armed group's noun
/// ("militias", "fighters").
fn the_heads(doc: &Doc, lower: &HashSet<String>, headings: &[bool]) -> HashMap<String, bool> {
    let g = Gazetteer::global();
    let mut seen: HashMap<String, usize> = HashMap::default();
    // capitalized words of sentences that hold armed context
    let mut armed_words: HashSet<String> = HashSet::default();
    for (si, s) in doc.sentences.iter().enumerate() {
        if s.token_start >= s.token_end || s.token_end > doc.tokens.len() || headings[si] {
            continue;
        }
        let toks = &doc.tokens[s.token_start..s.token_end];
        let sentence_armed = toks.iter().any(|t| {
            g.is_armed_context_cue(&t.text)
                || g.is_armed_group_cue(&t.text)
                    && t.text.starts_with(|c: char| c.is_lowercase())
                    && t.text.ends_with('s')
        });
        if sentence_armed {
            armed_words.extend(
                toks.iter()
                    .filter(|t| is_capitalized(&t.text))
                    .map(|t| fold(&t.text)),
            );
        }
        for i in 1..toks.len() {
            let w = toks[i].text.as_str();
            if toks[i - 1].text != "the"
                || !is_capitalized(w)
                || is_acronym(w)
                || initial_at(toks, i)
            {
                continue;
            }
            let next_joins = toks.get(i + 1).is_some_and(|n| {
                is_capitalized(&n.text)
                    || n.pos
                        .as_deref()
                        .is_some_and(|p| p.starts_with("NN") && !p.starts_with("NNP"))
                    || is_possessive(&n.text)
            });
            if next_joins || !w.chars().all(|c| c.is_alphabetic() || c == '-') {
                continue;
            }
            *seen.entry(fold(w)).or_insert(0) += 1;
        }
    }
    seen.into_iter()
        .filter(|(w, n)| {
            *n >= THE_HEAD_MIN
                && !lower.contains(w)
                && g.place(w).is_none()
                && g.demonym(w).is_none()
                && g.group_identity(w).is_none()
                && !g.is_language(w)
                && !g.is_title(w)
                && !g.is_honorific(w)
                && !g.is_organization_cue(w)
                && !g.is_armed_group_cue(w)
                && !g.is_facility_cue(w)
                && !g.is_location_cue(w)
                && !is_calendar_word(w)
                && !STOP.contains(&w.as_str())
                && !FURNITURE.contains(&w.as_str())
        })
        .map(|(w, _)| {
            let armed = armed_words.contains(&w);
            (w, armed)
        })
        .collect()
}

/// Whether a sentence's tokens are a heading: no final punctuation, and
/// either written in capitals ("KEY JUDGMENTS", "3. THE RAID"), or mostly
/// capitalized words ("Death and Succession"), or one or two capitalized
/// words alone ("Outlook").
pub(crate) fn is_heading(toks: &[Token]) -> bool {
    let last = toks.last().map(|t| t.text.as_str()).unwrap_or("");
    if matches!(last, "." | "!" | "?" | "\u{2026}" | ";" | ",") {
        return false;
    }
    if is_all_caps(toks) {
        return true;
    }
    let words: Vec<&Token> = toks
        .iter()
        .filter(|t| t.text.chars().any(char::is_alphabetic))
        .collect();
    let long: Vec<&&Token> = words
        .iter()
        .filter(|t| t.text.chars().count() > 3)
        .collect();
    let caps = long.iter().filter(|t| is_capitalized(&t.text)).count();
    if long.len() >= 2 && caps * 10 >= long.len() * 6 {
        return true;
    }
    (1..=2).contains(&words.len())
        && toks.len() <= 4
        && long.len() == 1
        && caps == 1
        && !is_acronym(&long[0].text)
}

/// Whether a sentence is written in capitals: every word of two or more
/// letters is uppercase, and some word has four or more letters.
pub(crate) fn is_all_caps(toks: &[Token]) -> bool {
    let words: Vec<&str> = toks
        .iter()
        .map(|t| t.text.as_str())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    !words.is_empty()
        && words.iter().all(|w| !w.chars().any(char::is_lowercase))
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
}

/// Whether token `i`, at the start of a sentence or in a heading, is a
/// generic word glued to the front of a name ("Deterring Qarvan",
/// "Finally Ruswan", "Successful Tolva"): the tagger took it for an
/// adverb, a gerund, a function word or an adjective of a common suffix,
/// it is no place, nationality, title or cue noun, and running text never
/// capitalizes it mid-sentence. General closed classes and suffixes only.
pub(crate) fn generic_lead(
    g: &Gazetteer,
    midcaps: &HashSet<String>,
    toks: &[Token],
    i: usize,
) -> bool {
    let Some(t) = toks.get(i) else {
        return false;
    };
    let w = t.text.as_str();
    if !is_capitalized(w) || is_acronym(w) {
        return false;
    }
    let f = fold(w);
    let pos = t.pos.as_deref().unwrap_or("");
    let closed = matches!(
        pos,
        "RB" | "RBR" | "RBS" | "VBG" | "WRB" | "MD" | "DT" | "IN" | "CC" | "PRP" | "PRP$" | "WP"
    );
    let ends = |suffixes: &[&str]| {
        suffixes
            .iter()
            .any(|s| f.ends_with(s) && f.len() > s.len() + 3)
    };
    // "-ful", "-less" make adjectives whatever the tagger says of a
    // capitalized word; "-ous", "-able", "-ible" when it says adjective.
    let adjective = ends(&["ful", "less"])
        || matches!(pos, "JJ" | "JJR" | "JJS") && ends(&["ous", "able", "ible"]);
    let suffix = f.len() > 4 && f.ends_with("ly") || f.len() > 5 && f.ends_with("ing");
    if !(closed && (suffix || pos != "VBG") || adjective) {
        return false;
    }
    !midcaps.contains(&f)
        && g.place(w).is_none()
        && g.demonym(w).is_none()
        && g.group_identity(w).is_none()
        && !g.is_organization_cue(w)
        && !g.is_armed_group_cue(w)
        && g.title_len_at(&[w], 0).is_none()
}

/// Whether token `i` starts the sentence (after brackets, numbers, quotes, a colon).
pub(crate) fn initial_at(toks: &[Token], i: usize) -> bool {
    i == 0
        || toks[..i]
            .iter()
            .all(|t| !t.text.chars().any(char::is_alphabetic))
        || matches!(
            toks[i - 1].text.as_str(),
            ":" | "\u{201c}" | "\"" | "\u{2022}" | "-" | "\u{2013}" | "\u{2014}"
        )
}

impl<'a> SentenceRecognizer<'a> {
    pub(super) fn word(&self, i: usize) -> &str {
        self.toks.get(i).map(|t| t.text.as_str()).unwrap_or("")
    }

    pub(super) fn is_heading(&self) -> bool {
        self.heading
    }

    /// Whether token `i` can be part of a name.
    pub(super) fn namey(&self, i: usize, heading: bool) -> bool {
        let t = self.word(i);
        if !(is_capitalized(t) || is_acronym(t)) {
            return false;
        }
        let f = fold(t);
        // "Dr" and "Mr" are honorifics, "DR" in capitals a name's initials
        // ("DR Congo").
        let initials =
            matches!(f.as_str(), "dr" | "mr" | "ms") && t.chars().all(|c| c.is_ascii_uppercase());
        if STOP.contains(&f.as_str()) && !initials
            || is_calendar_word(&f)
            || FURNITURE.contains(&f.as_str())
            || self.g.is_language(t)
        {
            return false;
        }
        if self.compound_modifier(i) || self.compound_of_known(i) {
            return false;
        }
        let initial = self.initial(i);
        if (initial || heading) && !is_acronym(t) {
            if self.lower_vocab.contains(&f)
                && self.g.country(t).is_none()
                && self.g.demonym(t).is_none()
                && !(heading && !initial && self.midcaps.contains(&f))
            {
                return false;
            }
            if initial && f.ends_with("ly") && f.len() > 4 && self.g.place(t).is_none() {
                return false;
            }
            if generic_lead(self.g, self.midcaps, self.toks, i) {
                return false;
            }
            // "Estimates of the Front…": a sentence-initial word never seen
            // capitalized in running text, before "of", is a common noun.
            if initial
                && !heading
                && !self.midcaps.contains(&f)
                && self.word(i + 1) == "of"
                && self.g.place(t).is_none()
                && !self.g.is_organization_cue(t)
                && !self.g.is_armed_group_cue(t)
                && self.g.title_len_at(&[t], 0).is_none()
            {
                return false;
            }
        }
        true
    }

    /// Whether token `k` is a lowercase connector inside names ("of", "bin").
    pub(super) fn connector(&self, k: usize) -> bool {
        let w = self.word(k);
        CONNECTORS.contains(&fold(w).as_str()) && !is_capitalized(w)
    }

    /// Whether token `i` starts the sentence (after brackets, numbers, quotes, a colon).
    pub(super) fn initial(&self, i: usize) -> bool {
        initial_at(self.toks, i)
    }
}
