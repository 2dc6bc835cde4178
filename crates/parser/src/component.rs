//! The `parser` pipeline component.

use crate::model::{Parser, Scratch};
use dossier_doc::{Component, ComponentError, Doc, Layer};
use std::sync::Arc;

/// Assigns each token its head, UD relation, lemma and UPOS. Requires
/// `Tokens` (with sentences); tags with the parser's own XPOS tagger, the
/// one it was trained with, so it does not depend on the `pos` component.
pub struct DependencyParser {
    model: Option<Arc<Parser>>,
}

impl DependencyParser {
    /// The component over the built-in model.
    pub fn new() -> Self {
        DependencyParser { model: None }
    }

    /// The component over a given model.
    pub fn with_model(model: Parser) -> Self {
        DependencyParser {
            model: Some(Arc::new(model)),
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
        &[Layer::Deps]
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
        let xpos = parser.tagger.tag_document(&forms);
        let results = dossier_doc::parallel::map_ranges(pieces.len(), 64, |r| {
            let mut scratch = Scratch::default();
            r.map(|i| parser.analyze_tagged(&forms[i], xpos[i].clone(), &mut scratch))
                .collect()
        });
        for (&(a, _), an) in pieces.iter().zip(results) {
            let toks = doc.tokens[a..a + an.heads.len()].iter_mut();
            let (heads, deprels, lemmas, upos) = (an.heads, an.deprels, an.lemmas, an.upos);
            for ((((t, h), d), l), u) in toks.zip(heads).zip(deprels).zip(lemmas).zip(upos) {
                t.head = h.map(|h| a + h);
                t.deprel = Some(d.into());
                t.lemma = Some(l.into());
                t.upos = Some(u.into());
            }
        }
        Ok(())
    }
}
