//! The document structure and its layers.

use crate::compact::{SmallStr, Tag};
use crate::edtf::Edtf;
use crate::text::CharIndex;
use crate::types::{AttributeName, EntityType, EventType, Modality, RelationType, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Document metadata: identity, title, publication date, source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Content hash of the original bytes, `sha256:<hex>`.
    pub id: String,
    /// Title, from metadata or the first heading.
    pub title: Option<String>,
    /// Publication date as EDTF, if known.
    pub published: Option<Edtf>,
    /// Source name (publication, outlet).
    pub source: Option<String>,
    /// Path of the file it was read from.
    pub path: Option<String>,
    /// URL, if known.
    pub url: Option<String>,
    /// Any further metadata (e.g. Markdown front matter keys).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl Meta {
    /// Computes the `sha256:<hex>` id of some bytes.
    pub fn content_id(bytes: &[u8]) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(bytes);
        let mut s = String::with_capacity(71);
        s.push_str("sha256:");
        for b in digest {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }
}

/// A sentence: a char span of the text and the range of its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Index of its first token in [`Doc::tokens`].
    pub token_start: usize,
    /// One past the index of its last token.
    pub token_end: usize,
}

/// A token with the annotations taggers assign to it.
///
/// Compact (96 bytes, no heap block for a word of up to 14 bytes): the
/// text and lemma are [`SmallStr`]s and the tags interned [`Tag`]s, both
/// read as `str` (`tok.pos.as_deref() == Some("NNP")`, `&tok.text`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Index of the sentence it belongs to.
    pub sentence: usize,
    /// Its text (a copy of the span).
    pub text: SmallStr,
    /// Part-of-speech tag (Penn Treebank), if a tagger ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos: Option<Tag>,
    /// Chunk tag (IOB2 over NP, VP, PP…), if a chunker ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk: Option<Tag>,
    /// NER tag (IOB2 over PER, ORG, LOC, MISC), if the statistical recognizer ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ner: Option<Tag>,
    /// Lemma (dictionary form), if the parser ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<SmallStr>,
    /// Universal POS tag (UPOS), if the parser ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upos: Option<Tag>,
    /// Index in [`Doc::tokens`] of its syntactic head (always in the same
    /// sentence); `None` for the sentence's root or when no parser ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// Universal Dependencies relation to its head (`nsubj`, `obl:agent`,
    /// `root` for the root…), if the parser ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<Tag>,
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A proper name ("Ada Ferrin").
    #[default]
    Name,
    /// A short form of a name introduced earlier (a surname alone).
    ShortName,
    /// An acronym ("IRGC").
    Acronym,
    /// A nominal ("the group", "the militia").
    Nominal,
    /// A pronoun ("he", "its").
    Pronoun,
}

/// A span of text that names (or refers to) an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Its text.
    pub text: String,
    /// Entity type decided for it.
    pub label: EntityType,
    /// How it refers.
    #[serde(default)]
    pub kind: MentionKind,
    /// Name of the component that found it.
    pub source: String,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Index into [`Doc::entities`] once resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
}

/// A real-world thing the document talks about: all its mentions grouped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its type.
    pub etype: EntityType,
    /// Canonical name (the longest / first full name).
    pub name: String,
    /// Other names used for it in the document.
    pub aliases: Vec<String>,
    /// Indices into [`Doc::mentions`].
    pub mentions: Vec<usize>,
}

/// A span of text that supports a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Sentence index.
    pub sentence: usize,
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// The date of a cited source, e.g. from "(, October 4, 2021)", as EDTF.
    /// It dates the citation, never the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited: Option<Edtf>,
}

/// A directed relation between two entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Its type.
    pub rtype: RelationType,
    /// Index of the source entity.
    pub source: usize,
    /// Index of the target entity.
    pub target: usize,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// When it held, as EDTF.
    pub date: Option<Edtf>,
    /// How it was stated: claimed, alleged, suspected… (None: as fact).
    pub modality: Option<Modality>,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// One participant of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Its role.
    pub role: Role,
    /// Index of the entity.
    pub entity: usize,
}

/// A dated happening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Its type.
    pub etype: EventType,
    /// The trigger word or phrase ("assassination attempt").
    pub trigger: String,
    /// Whether it was attempted but failed or was foiled.
    pub attempted: bool,
    /// When, as EDTF.
    pub date: Option<Edtf>,
    /// Who and where.
    pub participants: Vec<Participant>,
    /// People killed, where stated.
    pub fatalities: Option<u32>,
    /// People wounded, where stated.
    pub injured: Option<u32>,
    /// How it was stated: claimed, alleged, suspected, planned… (None: as fact).
    pub modality: Option<Modality>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Supporting spans (several when one happening is told in several sentences).
    pub evidence: Vec<Evidence>,
}

/// A property of an entity: `member_count`, `founded`, `title`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    /// Index of the entity.
    pub entity: usize,
    /// Attribute name.
    pub name: AttributeName,
    /// Its value (`20~`, `2016-01/2016-04`, `mayor of Tolva`).
    pub value: String,
    /// When the value held, as EDTF.
    pub date: Option<Edtf>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Supporting spans.
    pub evidence: Vec<Evidence>,
}

/// What a temporal expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// Written out in full or in part ("July 3, 2018", "2009").
    Explicit,
    /// Fuzzy ("early 2016", "around 2015").
    Fuzzy,
    /// A range ("between 2014 and 2016").
    Range,
    /// Relative, resolved against an anchor ("four years earlier").
    Relative,
    /// The date of a cited source ("(, October 4, 2021)"): never an event date.
    Citation,
}

/// A temporal expression found in the text, normalized to EDTF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Its text.
    pub text: String,
    /// Its value (serialized as its EDTF string).
    pub edtf: Edtf,
    /// What it is.
    pub kind: DateKind,
}

/// A number in the text, with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Its text ("around 20").
    pub text: String,
    /// The value, with `~` when approximate (`20~`) — the attribute form.
    pub value: String,
    /// Numeric value (lower bound for "more than N").
    pub number: f64,
    /// Whether it is approximate.
    pub approximate: bool,
    /// The counted noun, lemmatized ("member", "killed", "policeman"), if found.
    pub unit: Option<String>,
}

/// What a block of a document is: running text, or the furniture around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running text of the report.
    #[default]
    Body,
    /// A title or section heading.
    Heading,
    /// An author line ("By Jane Doe", "Author: …") or a date line.
    Byline,
    /// About the author(s): who wrote the report and where they work.
    Bio,
    /// A figure, table or map caption, or its source line.
    Caption,
    /// A quotation set apart from the text (often repeating it).
    PullQuote,
    /// References, bibliography, notes and endnotes.
    Reference,
    /// Navigation and page debris: share bars, menus, newsletter prompts,
    /// copyright lines, "Related articles".
    Boilerplate,
}

impl BlockKind {
    /// Whether it is running text of the report.
    pub fn is_body(self) -> bool {
        self == BlockKind::Body
    }
}

/// A run of consecutive sentences with one kind (a paragraph, a heading, a
/// line of a list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Index of its first sentence.
    pub sentence_start: usize,
    /// One past the index of its last sentence.
    pub sentence_end: usize,
    /// What it is.
    pub kind: BlockKind,
}

/// The document: text and every annotation layer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Doc {
    /// Metadata.
    pub meta: Meta,
    /// The normalized (NFC) text all offsets refer to.
    pub text: String,
    /// For each char of `text`, its char offset in the text as read, when
    /// normalization changed offsets (None: identical).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_offsets: Option<Vec<usize>>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// Entity mentions, sorted by start.
    pub mentions: Vec<Mention>,
    /// Entities (index = id).
    pub entities: Vec<Entity>,
    /// Temporal expressions.
    pub dates: Vec<DateMention>,
    /// Quantities.
    pub quantities: Vec<Quantity>,
    /// Relations.
    pub relations: Vec<Relation>,
    /// Events.
    pub events: Vec<Event>,
    /// Attributes.
    pub attributes: Vec<Attribute>,
    /// The document's shape: consecutive sentences grouped into blocks,
    /// each with its kind, in order (empty when no layout component ran:
    /// every sentence is then body text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
    /// Which components ran, in order.
    pub components: Vec<String>,
    #[serde(skip)]
    index: OnceLock<CharIndex>,
    #[serde(skip)]
    derived: crate::derived::DerivedCache,
}

impl Doc {
    /// A new document with text and metadata and no annotations.
    pub fn new(meta: Meta, text: String) -> Self {
        Doc {
            meta,
            text,
            ..Default::default()
        }
    }

    /// The value of type `T` derived from this document under `key` (a
    /// fingerprint of the layers it is computed from), built by `build` if
    /// the document holds none: see [`crate::derived`].
    pub fn derived<T: std::any::Any + Send + Sync>(
        &self,
        key: u64,
        build: impl FnOnce() -> T,
    ) -> std::sync::Arc<T> {
        self.derived.get_or_build(key, build)
    }

    /// Drops every value [`Doc::derived`] holds (a pipeline does so at the
    /// end of each run, so a document keeps no copies of its layers).
    pub fn clear_derived(&self) {
        self.derived.clear();
    }

    /// Drops the values [`Doc::derived`] holds except those of the types
    /// `keep` (a pipeline does so after each component, keeping what a
    /// later component shares: [`crate::Component::shares`]).
    pub fn retain_derived(&self, keep: &[std::any::TypeId]) {
        self.derived.retain(|t| keep.contains(&t));
    }

    /// The char index of [`Doc::text`] (built on first use; reset by [`Doc::set_text`]).
    pub fn char_index(&self) -> &CharIndex {
        self.index.get_or_init(|| CharIndex::new(&self.text))
    }

    /// Replaces the text (and so drops the cached char index).
    pub fn set_text(&mut self, text: String) {
        self.text = text;
        self.index = OnceLock::new();
    }

    /// Length of the text in chars.
    pub fn len_chars(&self) -> usize {
        self.char_index().len_chars()
    }

    /// The text of char span `start..end`.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let idx = self.char_index();
        let (a, b) = (idx.byte(start), idx.byte(end.max(start)));
        &self.text[a..b]
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = self.sentences[i];
        self.slice(s.start, s.end)
    }

    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        let s = self.sentences[i];
        &self.tokens[s.token_start..s.token_end]
    }

    /// Token index ranges of the sentences: from [`Doc::sentences`] when
    /// they cover the tokens in order, else runs of equal
    /// [`Token::sentence`].
    pub fn sentence_token_ranges(&self) -> Vec<(usize, usize)> {
        let n = self.tokens.len();
        let from_sents: Vec<(usize, usize)> = self
            .sentences
            .iter()
            .map(|s| (s.token_start.min(n), s.token_end.min(n)))
            .filter(|(a, b)| a < b)
            .collect();
        let covered: usize = from_sents.iter().map(|(a, b)| b - a).sum();
        if covered == n && from_sents.windows(2).all(|w| w[0].1 <= w[1].0) {
            return from_sents;
        }
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=n {
            if i == n || self.tokens[i].sentence != self.tokens[start].sentence {
                out.push((start, i));
                start = i;
            }
        }
        out
    }

    /// The kind of block sentence `i` lies in ([`BlockKind::Body`] when the
    /// layout layer is absent or does not cover it).
    pub fn block_kind(&self, i: usize) -> BlockKind {
        let b = self.blocks.partition_point(|b| b.sentence_end <= i);
        match self.blocks.get(b) {
            Some(b) if b.sentence_start <= i => b.kind,
            _ => BlockKind::Body,
        }
    }

    /// Index of the sentence containing char offset `c`, if any.
    pub fn sentence_at(&self, c: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= c);
        (i < self.sentences.len() && self.sentences[i].start <= c).then_some(i)
    }

    /// Evidence spanning the whole of sentence `i`.
    pub fn sentence_evidence(&self, i: usize) -> Evidence {
        let s = self.sentences[i];
        Evidence {
            sentence: i,
            start: s.start,
            end: s.end,
            cited: None,
        }
    }

    /// Mentions that lie in sentence `i`.
    pub fn sentence_mentions(&self, i: usize) -> impl Iterator<Item = (usize, &Mention)> {
        self.mentions
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.sentence == i)
    }

    /// Finds the entity with this name or alias (exact), if any.
    pub fn entity_named(&self, name: &str) -> Option<usize> {
        self.entities
            .iter()
            .position(|e| e.name == name || e.aliases.iter().any(|a| a == name))
    }

    /// Checks the span invariants: every sentence, token, mention, date and
    /// evidence span lies inside the text, on char boundaries, with
    /// `start <= end`, and tokens and mentions inside their sentence.
    pub fn check_spans(&self) -> Result<(), String> {
        let n = self.len_chars();
        let in_sentence = |what: &str, s: usize, start: usize, end: usize| -> Result<(), String> {
            let sent = self
                .sentences
                .get(s)
                .ok_or_else(|| format!("{what} {start}..{end}: no sentence {s}"))?;
            if start < sent.start || end > sent.end || start > end {
                return Err(format!(
                    "{what} {start}..{end} outside sentence {s} ({}..{})",
                    sent.start, sent.end
                ));
            }
            Ok(())
        };
        let mut prev_end = 0;
        for (i, s) in self.sentences.iter().enumerate() {
            if s.start > s.end || s.end > n || s.start < prev_end {
                return Err(format!(
                    "sentence {i} {}..{} out of order or bounds",
                    s.start, s.end
                ));
            }
            prev_end = s.end;
        }
        for t in &self.tokens {
            in_sentence("token", t.sentence, t.start, t.end)?;
            if self.slice(t.start, t.end) != t.text {
                return Err(format!(
                    "token {}..{} text '{}' differs from its span",
                    t.start, t.end, t.text
                ));
            }
        }
        for m in &self.mentions {
            in_sentence("mention", m.sentence, m.start, m.end)?;
        }
        for d in &self.dates {
            in_sentence("date", d.sentence, d.start, d.end)?;
        }
        let ev = self
            .relations
            .iter()
            .flat_map(|r| &r.evidence)
            .chain(self.events.iter().flat_map(|e| &e.evidence))
            .chain(self.attributes.iter().flat_map(|a| &a.evidence));
        for e in ev {
            in_sentence("evidence", e.sentence, e.start, e.end)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod size_tests {
    #[test]
    fn issue14_a_token_is_96_bytes() {
        // offsets and head 40, text and lemma 32, five tags 20 (+ padding)
        assert_eq!(std::mem::size_of::<super::Token>(), 96);
    }
}
