//! The `parser` pipeline component.

use crate::model::{Parser, Scratch};
use dossier_doc::{Component, ComponentError, Doc, Layer, SmallStr, Tag};
use std::sync::Arc;

/// Assigns each token its head, UD relation, lemma and UPOS. Requires
/// `Tokens` (with sentences); tags with the parser's own XPOS tagger, the
/// one it was trained with, so it does not depend on the `pos` component.
pub struct DependencyParser {
    model: Option<Arc<Parser>>,
    /// Also writes its XPOS tags as `Token::pos` (`Layer::Pos`), in the
    /// CoNLL-2003 tagger's conventions ([`conll_pos`]), so a pipeline
    /// needs no `pos` component.
    assign_pos: bool,
}

impl DependencyParser {
    /// The component over the built-in model.
    pub fn new() -> Self {
        DependencyParser {
            model: None,
            assign_pos: false,
        }
    }

    /// Whether the component also assigns `Layer::Pos` (its XPOS tags in
    /// the CoNLL-2003 tagger's conventions) in place of a `pos` component.
    pub fn assigning_pos(mut self, yes: bool) -> Self {
        self.assign_pos = yes;
        self
    }

    /// The component over a given model.
    pub fn with_model(model: Parser) -> Self {
        DependencyParser {
            model: Some(Arc::new(model)),
            assign_pos: false,
        }
    }

    fn parser(&self) -> Result<&Parser, ComponentError> {
        match &self.model {
            Some(m) => Ok(m),
            None => Parser::builtin().map_err(|e| ComponentError::new("parser", e.to_string())),
        }
    }
}

impl Default for DependencyParser {
    fn default() -> Self {
        Self::new()
    }
}

/// One word's analysis as the component keeps it until it is written to
/// its token.
struct Word {
    head: Option<usize>,
    deprel: Tag,
    lemma: SmallStr,
    upos: Tag,
}

/// The interned tag of each UPOS the analyzer names: its names live in the
/// model (or are one constant), so a few pointers compared stand for the
/// interning table's look-up.
#[derive(Default)]
struct UposTags(Vec<(*const u8, usize, Tag)>);

impl UposTags {
    fn get(&mut self, name: &str) -> Tag {
        let key = (name.as_ptr(), name.len());
        if let Some(&(_, _, t)) = self.0.iter().find(|(p, n, _)| (*p, *n) == key) {
            return t;
        }
        let t = Tag::new(name);
        self.0.push((key.0, key.1, t));
        t
    }
}

/// An EWT XPOS tag in the conventions of the CoNLL-2003 `pos` tagger's
/// Penn tags: brackets as `(` `)`, quotes as `"`, hyphens and other
/// punctuation as `:`, the web tags (ADD, GW, AFX, XX) as the nearest
/// word class; every other tag is the same in both.
pub fn conll_pos(xpos: &str) -> &str {
    match xpos {
        "-LRB-" => "(",
        "-RRB-" => ")",
        "``" | "''" => "\"",
        "HYPH" | "NFP" => ":",
        "ADD" | "GW" | "XX" => "NN",
        "AFX" => "JJ",
        x => x,
    }
}

/// Sentences longer than this are parsed in pieces of this many tokens
/// (each piece its own tree), so no sentence costs more than a bounded
/// amount of work per token.
const MAX_SENTENCE: usize = 250;

impl Component for DependencyParser {
    fn name(&self) -> &str {
        "parser"
    }

    fn requires(&self) -> &[Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn assigns(&self) -> &[Layer] {
        if self.assign_pos {
            &[Layer::Deps, Layer::Pos]
        } else {
            &[Layer::Deps]
        }
    }

    fn warm_up(&self) {
        if self.model.is_none() {
            std::thread::spawn(|| {
                let _ = Parser::builtin();
            });
        }
    }

    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        let parser = self.parser()?;
        let mut pieces = Vec::new();
        for (a, b) in doc.sentence_token_ranges() {
            let mut s = a;
            while s < b {
                let e = (s + MAX_SENTENCE).min(b);
                pieces.push((s, e));
                s = e;
            }
        }
        let tokens = &doc.tokens;
        let forms: Vec<Vec<&str>> = pieces
            .iter()
            .map(|&(a, b)| tokens[a..b].iter().map(|t| t.text.as_str()).collect())
            .collect();
        // Tagged as one document: a word seen before starts from its cached
        // own-word scores (the same tags as tagging each piece alone).
        let xpos = parser.tagger.tag_document_ids(&forms, None);
        let xnames = parser.tagger.output_labels();
        let pos_tags: Vec<Tag> = xnames.iter().map(|x| Tag::new(conll_pos(x))).collect();
        let rels: Vec<Tag> = parser.labels().iter().map(|l| Tag::new(l)).collect();
        // Each piece's analysis kept compact (tags interned, lemmas inline)
        // until every piece is done: no string per word.
        let results = dossier_doc::parallel::map_ranges(pieces.len(), 64, |r| {
            let mut scratch = Scratch::default();
            let mut upos = UposTags::default();
            r.map(|i| {
                let forms = &forms[i];
                let tags: Vec<&str> = xpos[i]
                    .iter()
                    .map(|&k| xnames[k as usize].as_str())
                    .collect();
                let (heads, labels) = parser.parse_tagged_ids(forms, &tags, &mut scratch);
                let analyzer = &parser.analyzer;
                forms
                    .iter()
                    .zip(&tags)
                    .zip(heads.into_iter().zip(labels))
                    .map(|((f, x), (head, k))| {
                        let rel = parser.labels()[k as usize].as_str();
                        let lemma = analyzer.lemma_cow(f, x);
                        let u = upos.get(analyzer.upos(x, rel, &lemma));
                        Word {
                            head,
                            deprel: rels[k as usize],
                            lemma: lemma.as_ref().into(),
                            upos: u,
                        }
                    })
                    .collect::<Vec<Word>>()
            })
            .collect()
        });
        if self.assign_pos {
            for (&(a, _), tags) in pieces.iter().zip(&xpos) {
                for (t, &k) in doc.tokens[a..].iter_mut().zip(tags) {
                    t.pos = Some(pos_tags[k as usize]);
                }
            }
        }
        drop(xpos);
        for (&(a, _), words) in pieces.iter().zip(results) {
            for (t, w) in doc.tokens[a..a + words.len()].iter_mut().zip(words) {
                t.head = w.head.map(|h| a + h);
                t.deprel = Some(w.deprel);
                t.lemma = Some(w.lemma);
                t.upos = Some(w.upos);
            }
        }
        Ok(())
    }
}
