//! `dossier-parser`: a fast, pure-Rust dependency parser.
//!
//! A greedy transition-based parser (arc-hybrid with the root at the end of
//! the buffer, so every parse is a tree with one root) scored by an
//! averaged perceptron over rich feature templates — words, XPOS tags,
//! word clusters, labels, distances and valencies — and trained with a
//! dynamic oracle and exploration. As an option (`TrainOptions::beam`),
//! the parser is trained globally instead — the structured perceptron over
//! whole action sequences with beam search and max-violation or early
//! updates (Zhang and Nivre 2011; Huang, Fayong and Guo 2012) — and
//! decodes with the beam it was trained with. It is trained on Universal Dependencies
//! English EWT (`dossier train parser`) and predicts UD relations (`nsubj`,
//! `obj`, `obl:agent`, `nmod:poss`, `acl:relcl`, …). The model file also
//! holds the XPOS tagger it was trained with, lemma tables (with learned
//! suffix edits for unseen words) and a UPOS table, so
//! [`Parser::analyze_sentence`] goes from words to a full analysis.
//!
//! The [`DependencyParser`] component (`"parser"`) assigns `Token::head`,
//! `Token::deprel`, `Token::lemma` and `Token::upos` in a pipeline.
//!
//! ```no_run
//! use dossier_parser::{Parser, Scratch};
//! let parser = Parser::builtin().unwrap();
//! let a = parser.analyze_sentence(&["Vorn", "founded", "the", "group", "."], &mut Scratch::default());
//! assert_eq!(a.deprels[1], "root");
//! ```
#![warn(missing_docs)]

mod analyze;
mod beam;
mod component;
pub mod conllu;
pub mod eval;
mod features;
mod model;
pub mod system;
mod train;
mod weights;

pub use analyze::Analyzer;
pub use component::DependencyParser;
pub use features::FeatureSet;
pub use model::{Analysis, Parser, Scratch, MAX_BEAM};
pub use train::{train, BeamUpdate, Progress, TrainOptions, TrainReport};

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// An I/O error on a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Malformed CoNLL-U input.
    #[error("{file}:{line}: {message}")]
    Conllu {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A model file that cannot be read.
    #[error("bad parser model: {0}")]
    Format(String),
    /// Training could not run.
    #[error("training: {0}")]
    Train(String),
    /// System and gold files that do not line up.
    #[error("system and gold differ: {0}")]
    Mismatch(String),
}

/// This crate's result type.
pub type Result<T> = std::result::Result<T, ParseError>;

/// Writes an analysis into a CoNLL-U sentence's predicted columns (UPOS,
/// LEMMA, HEAD, DEPREL); the other columns stay as they were.
pub fn set_analysis(s: &mut conllu::Sentence, a: &Analysis) {
    for (i, w) in s.words.iter_mut().enumerate() {
        w.cols[2] = a.lemmas[i].clone();
        w.cols[3] = a.upos[i].clone();
        w.cols[6] = a.heads[i].map(|h| h + 1).unwrap_or(0).to_string();
        w.cols[7] = a.deprels[i].clone();
    }
}

/// Parses every sentence of a CoNLL-U file with the given tokenization,
/// tagging with the parser's tagger, and fills the predicted columns.
pub fn parse_conllu(parser: &Parser, sentences: &mut [conllu::Sentence]) {
    let mut scratch = Scratch::default();
    let forms: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.words.iter().map(|w| w.form().to_string()).collect())
        .collect();
    // Tagged as one document (a repeated word reuses its own-word scores):
    // the same tags as tagging sentence by sentence.
    let tags = parser.tagger.tag_document(&forms);
    for ((s, f), t) in sentences.iter_mut().zip(&forms).zip(tags) {
        if s.words.is_empty() {
            continue;
        }
        let a = parser.analyze_tagged(f, t, &mut scratch);
        set_analysis(s, &a);
    }
}
