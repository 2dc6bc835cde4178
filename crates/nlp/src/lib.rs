//! The text pipeline basics of Dossier: Unicode normalization, sentence
//! splitting and tokenization, as pure functions over char offsets and as
//! [`dossier_doc::Component`]s:
//!
//! | component | name | requires | assigns |
//! |---|---|---|---|
//! | [`Normalizer`] | `normalize` | Text | Text |
//! | [`SentenceSplitter`] | `sentences` | Text | Sentences |
//! | [`Layout`] | `layout` | Sentences | Layout (body, headings, bylines, bios, captions, references, debris) |
//! | [`Tokenizer`] | `tokens` | Sentences | Tokens |
//!
//! All of them run in linear time over the chars of the text.
#![warn(missing_docs)]

mod layout;
mod lexicon;
mod normalize;
mod sentences;
mod tokens;

pub use layout::{layout, Layout};
pub use normalize::{nfc_with_offsets, Normalizer};
pub use sentences::{split_sentences, SentenceSplitter, MAX_SENTENCE_CHARS};
pub use tokens::{tokenize, Tokenizer};
