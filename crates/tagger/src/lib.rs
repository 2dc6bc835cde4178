//! `dossier-tagger`: a fast, pure-Rust statistical sequence labeller.
//!
//! An averaged structured perceptron with first-order Viterbi decoding
//! (BILOU internally for chunk-style tags, IOB2 out), rich local features
//! (word, lowercase, shapes, affixes, capitalization, ±2 window, gazetteer
//! membership) and a compact, self-contained binary model format (the
//! gazetteer travels inside the model file).
//!
//! Three models trained on CoNLL-2003 ship with the crate
//! ([`Model::builtin_ner`], [`Model::builtin_pos`], [`Model::builtin_chunk`])
//! and are exposed to the pipeline as the [`NerTagger`] (`"ner"`),
//! [`PosTagger`] (`"pos"`) and [`Chunker`] (`"chunk"`) components.
//!
//! ```no_run
//! use dossier_tagger::Model;
//! let model = Model::builtin_ner().unwrap();
//! let tags = model.tag(&["Ana", "Kovac", "flew", "to", "Lisbon", "."]);
//! assert_eq!(tags.len(), 6);
//! ```
#![warn(missing_docs)]

mod component;
mod conll;
mod consistency;
mod features;
mod lexicon;
mod model;
mod table;
mod train;

pub use component::{Chunker, NerTagger, PosTagger};
pub use conll::{
    eval_conll, eval_sentences, evaluate, read_conll, read_conll_from, spans, tag_conll,
    EvalReport, Sentence, TypeScore,
};
pub use consistency::{harmonize_types, harmonize_types_with};
pub use features::{shape, short_shape, StackMode};
pub use lexicon::{GazType, Lexicon, Templates};
pub use model::{Model, Scheme};
pub use train::{train_conll, train_sentences, TrainOptions, TrainProgress, TrainReport};

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// An I/O error on a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Malformed CoNLL input.
    #[error("{file}:{line}: {message}")]
    Conll {
        /// The file (or `<input>`).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A model file that cannot be parsed.
    #[error("bad model file: {0}")]
    Format(String),
    /// Training could not run (no data, too many labels…).
    #[error("training: {0}")]
    Train(String),
}

/// This crate's result type.
pub type Result<T> = std::result::Result<T, TaggerError>;
