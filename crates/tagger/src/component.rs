//! Pipeline components over the built-in (or given) models.

use crate::model::Model;
use dossier_doc::{Component, ComponentError, Doc, Layer, Tag};
use std::sync::{mpsc, Arc, OnceLock};

#[derive(Clone)]
enum Source {
    Builtin(fn() -> crate::Result<&'static Model>),
    Owned(Arc<Model>),
}

impl Source {
    fn get(&self, name: &str) -> Result<&Model, ComponentError> {
        match self {
            Source::Builtin(f) => f().map_err(|e| ComponentError::new(name, e.to_string())),
            Source::Owned(m) => Ok(m),
        }
    }

    /// Parses a built-in model on the background loader thread (errors are
    /// reported by `get`).
    fn warm_up(&self) {
        if let Source::Builtin(f) = self {
            load_in_background(*f);
        }
    }
}

/// A built-in model's loader.
type Loader = fn() -> crate::Result<&'static Model>;

/// Queues `f` for the background loader threads, which parse built-in
/// models in the order they are asked for, which is pipeline order: the
/// first model a document needs is ready soonest. Two threads (one where
/// there is one core): while the first model is parsed the pipeline mostly
/// waits for it, so a second core parses the next one meanwhile; more
/// would share the cores with each other and with the first components.
fn load_in_background(f: Loader) {
    static QUEUE: OnceLock<Option<mpsc::Sender<Loader>>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Loader>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        let threads = dossier_doc::parallel::threads().clamp(1, 2);
        let mut spawned = 0;
        for i in 0..threads {
            let rx = rx.clone();
            // A failed spawn only means each model is parsed on first use.
            let ok = std::thread::Builder::new()
                .name(format!("dossier-model-load-{i}"))
                .spawn(move || loop {
                    let next = rx
                        .lock()
                        .map_err(|_| ())
                        .and_then(|r| r.recv().map_err(|_| ()));
                    match next {
                        Ok(load) => {
                            let _ = load();
                        }
                        Err(()) => break,
                    }
                })
                .is_ok();
            spawned += ok as usize;
        }
        (spawned > 0).then_some(tx)
    });
    if let Some(tx) = queue {
        let _ = tx.send(f);
    }
}

macro_rules! tagger_component {
    ($(#[$doc:meta])* $ty:ident, $name:literal, $builtin:path, $requires:expr, $assigns:expr, $field:ident, $with_pos:expr, $harmonize:expr) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $ty {
            source: Source,
        }

        impl $ty {
            /// Uses the built-in model (parsed on first use).
            pub fn new() -> Self {
                $ty { source: Source::Builtin($builtin) }
            }

            /// Uses the given model.
            pub fn with_model(model: Model) -> Self {
                $ty { source: Source::Owned(Arc::new(model)) }
            }
        }

        impl Default for $ty {
            fn default() -> Self {
                Self::new()
            }
        }

        impl Component for $ty {
            fn name(&self) -> &str {
                $name
            }
            fn requires(&self) -> &[Layer] {
                $requires
            }
            fn assigns(&self) -> &[Layer] {
                $assigns
            }
            fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
                let model = self.source.get($name)?;
                let ranges = doc.sentence_token_ranges();
                let toks: Vec<Vec<&str>> = ranges
                    .iter()
                    .map(|&(a, b)| doc.tokens[a..b].iter().map(|t| t.text.as_str()).collect())
                    .collect();
                // POS for every sentence, or none (a missing tag anywhere).
                let pos: Option<Vec<Vec<&str>>> = if $with_pos {
                    ranges
                        .iter()
                        .map(|&(a, b)| doc.tokens[a..b].iter().map(|t| t.pos.as_deref()).collect())
                        .collect()
                } else {
                    None
                };
                // The whole document at once: document-level features, if
                // the model has them, see every sentence. Label ids, each
                // named by its interned tag: no string per token.
                let ids = model.tag_document_ids(&toks, pos.as_deref());
                drop(pos);
                let names: Vec<Tag> = model.output_labels().iter().map(|l| Tag::new(l)).collect();
                let mut tags: Vec<Vec<Tag>> = ids
                    .into_iter()
                    .map(|s| s.into_iter().map(|i| names[i as usize]).collect())
                    .collect();
                if $harmonize {
                    crate::consistency::harmonize_types_with(&toks, &mut tags, Tag::new);
                }
                drop(toks);
                for ((a, b), tags) in ranges.into_iter().zip(tags) {
                    for (t, tag) in doc.tokens[a..b].iter_mut().zip(tags) {
                        t.$field = Some(tag);
                    }
                }
                Ok(())
            }
            fn warm_up(&self) {
                self.source.warm_up();
            }
        }
    };
}

tagger_component!(
    /// Statistical NER (`"ner"`): sets `Token::ner` to IOB2 tags over PER,
    /// ORG, LOC, MISC. Requires `Sentences` and `Tokens`, assigns `NerTags`. The document
    /// is tagged as a whole, then [`crate::harmonize_types`] gives each
    /// repeated name its majority type.
    NerTagger, "ner", Model::builtin_ner, &[Layer::Sentences, Layer::Tokens], &[Layer::NerTags], ner, false, true
);

tagger_component!(
    /// Part-of-speech tagger (`"pos"`): sets `Token::pos` (Penn Treebank).
    /// Requires `Sentences` and `Tokens`, assigns `Pos`.
    PosTagger, "pos", Model::builtin_pos, &[Layer::Sentences, Layer::Tokens], &[Layer::Pos], pos, false, false
);

tagger_component!(
    /// Chunker (`"chunk"`): sets `Token::chunk` to IOB2 tags over NP, VP,
    /// PP… Requires `Sentences`, `Tokens` and `Pos`, assigns `Chunks`.
    Chunker, "chunk", Model::builtin_chunk, &[Layer::Sentences, Layer::Tokens, Layer::Pos], &[Layer::Chunks], chunk, true, false
);

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_doc::{Meta, Sentence, Token};

    fn doc(words: &[&[&str]]) -> Doc {
        let text = words
            .iter()
            .map(|s| s.join(" "))
            .collect::<Vec<_>>()
            .join(" ");
        let mut d = Doc::new(Meta::default(), text);
        let mut c = 0;
        for (si, s) in words.iter().enumerate() {
            let (start, ts) = (c, d.tokens.len());
            for w in s.iter() {
                let n = w.chars().count();
                d.tokens.push(Token {
                    start: c,
                    end: c + n,
                    sentence: si,
                    text: (*w).into(),
                    pos: None,
                    chunk: None,
                    ner: None,
                    ..Default::default()
                });
                c += n + 1;
            }
            d.sentences.push(Sentence {
                start,
                end: c - 1,
                token_start: ts,
                token_end: d.tokens.len(),
            });
        }
        d
    }

    #[test]
    fn components_set_every_token() {
        let d0 = doc(&[
            &["Ilse", "Marrow", "left", "Quenby", "."],
            &["She", "returned", "."],
        ]);
        let ranges = d0.sentence_token_ranges();
        assert_eq!(ranges, vec![(0, 5), (5, 8)]);
        // Use built-in models when they are available in this build.
        if Model::builtin_ner().is_ok()
            && Model::builtin_pos().is_ok()
            && Model::builtin_chunk().is_ok()
        {
            let mut d = d0.clone();
            PosTagger::new().process(&mut d).unwrap();
            Chunker::new().process(&mut d).unwrap();
            NerTagger::new().process(&mut d).unwrap();
            assert!(d
                .tokens
                .iter()
                .all(|t| t.pos.is_some() && t.chunk.is_some() && t.ner.is_some()));
            assert_eq!(d.tokens[4].pos.as_deref(), Some("."));
            assert_eq!(d.tokens[2].ner.as_deref(), Some("O"));
        }
        assert_eq!(NerTagger::new().name(), "ner");
        assert_eq!(
            Chunker::new().requires(),
            &[Layer::Sentences, Layer::Tokens, Layer::Pos]
        );
        assert_eq!(PosTagger::new().assigns(), &[Layer::Pos]);
        // Broken sentence table: falls back to Token::sentence runs.
        let mut d = d0.clone();
        d.sentences.clear();
        assert_eq!(d.sentence_token_ranges(), vec![(0, 5), (5, 8)]);
        let empty = Doc::new(Meta::default(), String::new());
        assert!(empty.sentence_token_ranges().is_empty());
    }
}
