//! The Dossier document model.
//!
//! One [`Doc`] flows through every pipeline component (see [`component`]).
//! Each component reads some *layers* of the document and assigns others:
//! a reader fills [`Doc::text`] and [`Doc::meta`], the sentence splitter fills
//! [`Doc::sentences`], the tokenizer [`Doc::tokens`], recognizers add
//! [`Doc::mentions`] and [`Doc::entities`], and the extractors add
//! [`Doc::relations`], [`Doc::events`] and [`Doc::attributes`].
//!
//! **All offsets are Unicode scalar (char) offsets into the normalized
//! [`Doc::text`], end exclusive**, exactly as `ONTOLOGY.md` specifies, so that
//! the interchange JSON can be produced without conversion. Use
//! [`Doc::slice`] (backed by a lazily built [`CharIndex`]) to get the text of
//! a span.
//!
//! ```
//! use dossier_doc::{Doc, Meta, Sentence};
//! let mut doc = Doc::new(Meta::default(), "Qom is a city. It is in Iran.".into());
//! doc.sentences.push(Sentence { start: 0, end: 14, token_start: 0, token_end: 0 });
//! assert_eq!(doc.slice(0, 3), "Qom");
//! assert_eq!(doc.sentence_text(0), "Qom is a city.");
//! ```
#![warn(missing_docs)]

pub mod compact;
pub mod component;
pub mod derived;
pub mod edtf;
pub mod interchange;
mod model;
pub mod parallel;
mod text;
mod types;

pub use compact::{OptIdx, SmallStr, Tag};
pub use component::{Component, ComponentError, Layer};
pub use edtf::{Edtf, EdtfError};
pub use model::*;
pub use text::CharIndex;
pub use types::*;
