//! Builds small annotated documents from markup, for tests and examples,
//! without the upstream NLP components.
//!
//! Markup: `[surface|type]` marks a mention of an entity of that type
//! (`person`, `armed_group`, `organization`/`org`, `country`,
//! `location`/`loc`, `facility`, `group_identity`); `[surface|type=Name]`
//! ties the mention to the entity called `Name` (coreference);
//! `[surface|date:EDTF]` marks a date and `[surface|cite:EDTF]` a citation
//! date (a value that is not EDTF leaves the text unmarked). Sentences
//! split after `.`, `!` or `?` before a capital, and at line breaks; a
//! blank line starts a paragraph.
//!
//! ```
//! let doc = dossier_extract::fixture::doc_from_markup(
//!     "[Kamal Ruswan|person] founded [the Sword of Dawn|armed_group] in [2016|date:2016].");
//! assert_eq!(doc.entities.len(), 2);
//! assert_eq!(doc.dates[0].edtf, dossier_doc::Edtf::year(2016));
//! ```

use dossier_doc::{
    DateKind, DateMention, Doc, Entity, EntityType, Mention, MentionKind, Meta, Sentence, Token,
};

/// A span marked in the markup.
#[derive(Debug, Clone)]
struct Mark {
    start: usize,
    end: usize,
    label: String,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "st", "sgt", "capt", "maj", "prof", "u.s", "u.k",
    "u.n", "no", "vs", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "jr", "sr",
];

/// Splits `text` into sentence char spans.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if start.is_none() {
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            start = Some(i);
        }
        if c == '\n' {
            let s = start.take().unwrap_or(i);
            push_trimmed(&chars, s, i, &mut out);
            i += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            let mut e = i + 1;
            while e < chars.len() && matches!(chars[e], '"' | '\u{201d}' | ')' | '\'' | '\u{2019}')
            {
                e += 1;
            }
            let next_ok = e >= chars.len()
                || (chars[e].is_whitespace() && {
                    let mut k = e;
                    while k < chars.len() && chars[k] == ' ' {
                        k += 1;
                    }
                    k >= chars.len()
                        || chars[k] == '\n'
                        || chars[k].is_uppercase()
                        || chars[k].is_ascii_digit()
                        || matches!(chars[k], '"' | '\u{201c}' | '[' | '(')
                });
            if next_ok && c == '.' {
                // the word before the period
                let mut b = i;
                while b > 0 && (chars[b - 1].is_alphanumeric() || chars[b - 1] == '.') {
                    b -= 1;
                }
                let word: String = chars[b..i].iter().collect::<String>().to_lowercase();
                let single = word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic());
                if single || ABBREVIATIONS.contains(&word.as_str()) {
                    i += 1;
                    continue;
                }
            }
            if next_ok {
                let s = start.take().unwrap_or(i);
                push_trimmed(&chars, s, e, &mut out);
                i = e;
                continue;
            }
        }
        i += 1;
    }
    if let Some(s) = start {
        push_trimmed(&chars, s, chars.len(), &mut out);
    }
    out
}

fn push_trimmed(chars: &[char], s: usize, mut e: usize, out: &mut Vec<(usize, usize)>) {
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > s {
        out.push((s, e));
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenizes char span `s..e` of `chars`: words (with inner hyphens,
/// apostrophes, periods and digit commas), a split-off possessive `'s`,
/// and single punctuation marks.
pub fn tokenize_span(chars: &[char], s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = s;
    while i < e {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < e {
                let d = chars[j];
                if is_word_char(d) {
                    j += 1;
                } else if matches!(d, '-' | '\'' | '\u{2019}' | '.' | ',')
                    && j + 1 < e
                    && is_word_char(chars[j + 1])
                {
                    if d == ',' && !(chars[j - 1].is_ascii_digit() && chars[j + 1].is_ascii_digit())
                    {
                        break;
                    }
                    if d == '.' && !(chars[j + 1].is_uppercase() || chars[j + 1].is_ascii_digit()) {
                        break;
                    }
                    j += 1;
                } else if d == '.' && j > i && chars[i..j].iter().filter(|c| **c == '.').count() > 0
                {
                    // "U.S." keeps its final period
                    j += 1;
                    break;
                } else {
                    break;
                }
            }
            // split a possessive 's
            if j - i > 2
                && matches!(chars[j - 2], '\'' | '\u{2019}')
                && matches!(chars[j - 1], 's' | 'S')
            {
                out.push((i, j - 2));
                out.push((j - 2, j));
            } else {
                out.push((i, j));
            }
            i = j;
        } else {
            out.push((i, i + 1));
            i += 1;
        }
    }
    out
}

/// Fills sentences and tokens of `doc` with the simple splitter and tokenizer.
pub fn segment(doc: &mut Doc) {
    let chars: Vec<char> = doc.text.chars().collect();
    doc.sentences.clear();
    doc.tokens.clear();
    for (si, (s, e)) in split_sentences(&doc.text).into_iter().enumerate() {
        let token_start = doc.tokens.len();
        for (a, b) in tokenize_span(&chars, s, e) {
            let text: String = chars[a..b].iter().collect();
            doc.tokens.push(Token {
                start: a,
                end: b,
                sentence: si,
                text: text.into(),
                pos: None,
                chunk: None,
                ner: None,
                ..Default::default()
            });
        }
        doc.sentences.push(Sentence {
            start: s,
            end: e,
            token_start,
            token_end: doc.tokens.len(),
        });
    }
}

fn parse_type(s: &str) -> Option<EntityType> {
    Some(match s {
        "org" | "organization" => EntityType::Organization,
        "group" | "armed_group" => EntityType::ArmedGroup,
        "loc" | "location" => EntityType::Location,
        "norp" | "group_identity" => EntityType::GroupIdentity,
        other => other.parse().ok()?,
    })
}

const PRONOUNS: &[&str] = &[
    "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "himself", "herself",
    "itself",
];

fn kind_of(surface: &str) -> MentionKind {
    let l = surface.to_lowercase();
    let first = l.split_whitespace().next().unwrap_or("");
    if PRONOUNS.contains(&l.as_str()) {
        MentionKind::Pronoun
    } else if matches!(
        first,
        "the" | "his" | "her" | "its" | "their" | "this" | "that"
    ) && surface
        .split_whitespace()
        .nth(1)
        .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_lowercase()))
    {
        MentionKind::Nominal
    } else {
        MentionKind::Name
    }
}

/// Adds a mention of the entity called `name` (created on first use).
pub fn add_mention(doc: &mut Doc, start: usize, end: usize, etype: EntityType, name: &str) {
    let Some(sentence) = doc.sentence_at(start) else {
        return;
    };
    let text = doc.slice(start, end).to_string();
    let kind = kind_of(&text);
    let e = match doc.entities.iter().position(|e| e.name == name) {
        Some(e) => e,
        None => {
            doc.entities.push(Entity {
                etype,
                name: name.to_string(),
                aliases: vec![],
                mentions: vec![],
            });
            doc.entities.len() - 1
        }
    };
    if text != name && kind == MentionKind::Name && !doc.entities[e].aliases.contains(&text) {
        doc.entities[e].aliases.push(text.clone());
    }
    doc.mentions.push(Mention {
        start,
        end,
        sentence,
        text,
        label: etype,
        kind,
        source: "fixture".into(),
        confidence: 1.0,
        entity: Some(e),
    });
}

/// Sorts mentions by start and rebuilds each entity's mention list.
pub fn finish(doc: &mut Doc) {
    let mut order: Vec<usize> = (0..doc.mentions.len()).collect();
    order.sort_by_key(|&i| {
        (
            doc.mentions[i].start,
            std::cmp::Reverse(doc.mentions[i].end),
        )
    });
    doc.mentions = order.iter().map(|&i| doc.mentions[i].clone()).collect();
    for e in doc.entities.iter_mut() {
        e.mentions.clear();
    }
    for (mi, m) in doc.mentions.iter().enumerate() {
        if let Some(e) = m.entity {
            doc.entities[e].mentions.push(mi);
        }
    }
}

/// Builds a document from markup (see the module docs).
pub fn doc_from_markup(markup: &str) -> Doc {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut n = 0usize;
    let mut chars = markup.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' {
            let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
            let (surface, label) = inner.rsplit_once('|').unwrap_or((inner.as_str(), ""));
            let start = n;
            text.push_str(surface);
            n += surface.chars().count();
            marks.push(Mark {
                start,
                end: n,
                label: label.to_string(),
            });
        } else {
            text.push(c);
            n += 1;
        }
    }
    let mut doc = Doc::new(
        Meta {
            id: Meta::content_id(text.as_bytes()),
            ..Default::default()
        },
        text,
    );
    segment(&mut doc);
    for m in marks {
        let Some(sentence) = doc.sentence_at(m.start) else {
            continue;
        };
        let surface = doc.slice(m.start, m.end).to_string();
        let date = match (m.label.strip_prefix("date:"), m.label.strip_prefix("cite:")) {
            (Some(e), _) => Some((e, DateKind::Explicit)),
            (_, Some(e)) => Some((e, DateKind::Citation)),
            _ => None,
        };
        if let Some((edtf, kind)) = date {
            // a value that is not EDTF leaves the text unmarked
            if let Ok(edtf) = edtf.parse() {
                doc.dates.push(DateMention {
                    start: m.start,
                    end: m.end,
                    sentence,
                    text: surface,
                    edtf,
                    kind,
                });
            }
        } else {
            let (ty, name) = m
                .label
                .split_once('=')
                .unwrap_or((m.label.as_str(), surface.as_str()));
            if let Some(t) = parse_type(ty) {
                let name = name.to_string();
                add_mention(&mut doc, m.start, m.end, t, &name);
            }
        }
    }
    finish(&mut doc);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_builds_entities_and_coreference() {
        let d = doc_from_markup("[Kamal Ruswan|person] founded [the Sword|armed_group]. [The group|armed_group=the Sword] grew.");
        assert_eq!(d.entities.len(), 2);
        assert_eq!(d.entities[1].mentions.len(), 2);
        assert_eq!(d.mentions[2].kind, MentionKind::Nominal);
        assert_eq!(d.sentences.len(), 2);
        assert!(d.check_spans().is_ok());
    }

    #[test]
    fn tokenizer_keeps_names_and_splits_possessives() {
        let d =
            doc_from_markup("Norland’s al-Qamar-backed militia had 1,200 men in the U.S. Army.");
        let toks: Vec<&str> = d.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(&toks[..4], &["Norland", "’s", "al-Qamar-backed", "militia"]);
        assert!(toks.contains(&"1,200"));
        assert!(toks.contains(&"U.S."));
        assert_eq!(d.sentences.len(), 1);
    }

    #[test]
    fn splitter_handles_lines_and_initials() {
        let s = split_sentences("Title line\n\nJ. Smith left. He came back! Why?");
        assert_eq!(s.len(), 4);
    }
}
