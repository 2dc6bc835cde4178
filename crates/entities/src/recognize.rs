//! The `gazetteer` component: entity mentions from gazetteers, cue words and
//! capitalized-span heuristics, without any trained model.

use crate::gazetteer::{Gazetteer, Place};
use crate::merge::merge_mentions;
use crate::text::{fold, is_acronym, is_apostrophe, is_capitalized};
use dossier_doc::{Component, ComponentError, Doc, EntityType, Layer, Mention, MentionKind, Token};
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

mod casing;
mod labels;
mod spans;
mod words;
pub(crate) use self::casing::*;
pub(crate) use self::words::*;

/// The `gazetteer` component (requires tokens, assigns mentions).
#[derive(Debug, Clone, Copy, Default)]
pub struct GazetteerRecognizer {
    _private: (),
}

impl GazetteerRecognizer {
    /// A recognizer over the embedded gazetteer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Component for GazetteerRecognizer {
    fn name(&self) -> &str {
        "gazetteer"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Pos]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Mentions]
    }
    fn shares(&self) -> Vec<std::any::TypeId> {
        vec![std::any::TypeId::of::<crate::recognize::Vocab>()]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        let found = recognize(doc, Gazetteer::global());
        let existing = std::mem::take(&mut doc.mentions);
        doc.mentions = merge_mentions(existing, found);
        dateline_mention(doc);
        hedged_leads(doc);
        Ok(())
    }
    fn warm_up(&self) {
        Gazetteer::warm_up();
    }
}

/// Whether a token is a possessive marker (`'s`, `’s`, a lone apostrophe).
pub fn is_possessive(t: &str) -> bool {
    POSSESSIVE.contains(&t)
        || (t.chars().count() == 2 && t.starts_with(is_apostrophe) && t.ends_with(['s', 'S']))
}

/// Month names and their abbreviations, lowercase, that may follow a
/// dateline's place.
const DATELINE_MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// The place of a wire dateline opening a line ("KARVASH, 12 May 2019 –",
/// "SAN ISIDRO DEL MONTE, Alto Quemado, June 4, 2014 —", "MERVASH, 14 June
/// (KNA) -"): up to six words in capitals before the line's first comma,
/// followed within twelve tokens by a date (a month or a number) and a
/// dash, colon or parenthesis. Its token range, in one of the first three
/// sentences.
pub fn dateline_place(doc: &Doc) -> Option<(usize, usize)> {
    let caps = |w: &str| {
        w.chars().any(char::is_alphabetic)
            && !w.chars().any(char::is_lowercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || is_apostrophe(c) || matches!(c, '-' | '.'))
    };
    for s in doc.sentences.iter().take(3) {
        let Some(toks) = doc.tokens.get(s.token_start..s.token_end) else {
            continue;
        };
        let Some(first) = toks.first() else {
            continue;
        };
        // the dateline opens its line
        let opens_line = first.start == 0
            || doc
                .slice(0, first.start)
                .trim_end_matches([' ', '\t'])
                .ends_with('\n');
        if !opens_line {
            continue;
        }
        let Some(comma) = toks.iter().take(7).position(|t| t.text == ",") else {
            continue;
        };
        let place = &toks[..comma];
        if place.is_empty()
            || !place.iter().all(|t| caps(&t.text))
            || !place
                .iter()
                .any(|t| t.text.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        {
            continue;
        }
        let rest = &toks[comma + 1..toks.len().min(comma + 13)];
        let dated = rest.iter().any(|t| {
            t.text.starts_with(|c: char| c.is_ascii_digit())
                || DATELINE_MONTHS.contains(&t.text.to_lowercase().trim_end_matches('.'))
        });
        let closed = rest.iter().any(|t| {
            matches!(
                t.text.as_str(),
                "\u{2013}" | "\u{2014}" | "-" | "--" | ":" | "("
            )
        });
        if dated && closed {
            return Some((s.token_start, s.token_start + comma));
        }
    }
    None
}

/// Replaces whatever the recognizers read in a dateline's place (pieces
/// typed person or organization: "SANTA CLARITA" + "DEL MAR", "KUALA") by
/// one location mention of the whole place.
fn dateline_mention(doc: &mut Doc) {
    let Some((a, b)) = dateline_place(doc) else {
        return;
    };
    let (start, end, sentence) = (
        doc.tokens[a].start,
        doc.tokens[b - 1].end,
        doc.tokens[a].sentence,
    );
    let text = doc.slice(start, end).to_string();
    doc.mentions.retain(|m| m.end <= start || m.start >= end);
    let at = doc.mentions.partition_point(|m| m.start < start);
    doc.mentions.insert(
        at,
        Mention {
            start,
            end,
            sentence,
            text,
            label: EntityType::Location,
            kind: MentionKind::Name,
            source: "dateline".into(),
            confidence: 0.95,
            entity: None,
        },
    );
}

/// Words that open a name only by standing first in an incident report's
/// sentence ("Suspected Tallis Front militants attacked …"): a hedge on
/// the name, not a part of it.
const HEDGES: &[&str] = &[
    "suspected",
    "alleged",
    "unidentified",
    "unknown",
    "presumed",
    "purported",
];

/// Doer nouns capitalized only because they open a sentence (after a
/// leading date: "04/22/2014: Assailants attacked …"): no name.
const DOERS: &[&str] = &[
    "assailant",
    "assailants",
    "attacker",
    "attackers",
    "gunman",
    "gunmen",
    "militants",
    "insurgents",
    "perpetrators",
];

/// Drops a hedge word from the start of a mention that opens its sentence
/// ("Suspected Tallis Front" → "Tallis Front"; not a quoted "Unknown
/// Soldiers" inside one), and such mentions that are only a doer noun
/// ("Assailants"), whichever recognizer read them.
pub(crate) fn hedged_leads(doc: &mut Doc) {
    let mut out = Vec::with_capacity(doc.mentions.len());
    for mut m in std::mem::take(&mut doc.mentions) {
        // only letters-free text (a date, a colon) before it in its sentence
        let opens = doc.sentences.get(m.sentence).is_some_and(|s| {
            s.start <= m.start && !doc.slice(s.start, m.start).chars().any(char::is_alphabetic)
        });
        if !opens {
            out.push(m);
            continue;
        }
        let lower = m.text.to_lowercase();
        if DOERS.contains(&lower.as_str()) {
            continue;
        }
        if let Some((first, rest)) = m.text.split_once(' ') {
            if HEDGES.contains(&first.to_lowercase().as_str()) && !rest.trim().is_empty() {
                let cut = m.text.len() - rest.trim_start().len();
                m.start += m.text[..cut].chars().count();
                m.text = m.text[cut..].to_string();
            }
        }
        out.push(m);
    }
    doc.mentions = out;
}

/// Finds mentions in every sentence of `doc` from gazetteers, cue words and
/// capitalization. Does not modify the document.
pub fn recognize(doc: &Doc, g: &Gazetteer) -> Vec<Mention> {
    let vocab = Vocab::shared(doc);
    // Sentences are recognized independently: long documents on several
    // threads, in order.
    let mut out = dossier_doc::parallel::map_ranges(doc.sentences.len(), 200, |range| {
        let mut out = Vec::new();
        for si in range {
            let s = &doc.sentences[si];
            if s.token_start >= s.token_end || s.token_end > doc.tokens.len() {
                continue;
            }
            let toks = &doc.tokens[s.token_start..s.token_end];
            if vocab.heading(si) && is_all_caps(toks) {
                // "KEY JUDGMENTS", "3. THE RAID ON QARVAN": furniture.
                continue;
            }
            let mut r = SentenceRecognizer {
                doc,
                g,
                toks,
                sentence: si,
                lower_vocab: &vocab.lower,
                midcaps: &vocab.midcaps,
                heading: vocab.heading(si),
                the_heads: &vocab.the_heads,
                out: Vec::new(),
            };
            r.run();
            out.append(&mut r.out);
        }
        out
    });
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out
}

struct SentenceRecognizer<'a> {
    doc: &'a Doc,
    g: &'a Gazetteer,
    toks: &'a [Token],
    sentence: usize,
    lower_vocab: &'a HashSet<String>,
    /// Words seen capitalized in the middle of ordinary sentences.
    midcaps: &'a HashSet<String>,
    /// Whether the sentence is a heading.
    heading: bool,
    /// One-word bodies the document keeps naming ([`Vocab::the_heads`]).
    the_heads: &'a HashMap<String, bool>,
    out: Vec<Mention>,
}

#[derive(Debug, Clone, Copy)]
enum Hit<'a> {
    Place(Place<'a>),
    Demonym,
    Identity,
}

#[cfg(test)]
mod tests;
