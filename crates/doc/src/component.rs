//! The pipeline seam: a named component that reads some layers of a [`Doc`]
//! and assigns others.

use crate::model::Doc;
use serde::{Deserialize, Serialize};

/// A layer of annotation on a [`Doc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// `Doc::text` and `Doc::meta` (assigned by a reader).
    Text,
    /// `Doc::sentences`.
    Sentences,
    /// `Doc::tokens`.
    Tokens,
    /// `Token::pos`.
    Pos,
    /// `Token::chunk`.
    Chunks,
    /// `Token::ner`.
    NerTags,
    /// `Token::head`, `Token::deprel`, `Token::lemma`, `Token::upos` (a dependency parse).
    Deps,
    /// `Doc::mentions`.
    Mentions,
    /// `Doc::entities` (mentions grouped).
    Entities,
    /// `Doc::dates`.
    Dates,
    /// `Doc::quantities`.
    Quantities,
    /// `Doc::relations`.
    Relations,
    /// `Doc::events`.
    Events,
    /// `Doc::attributes`.
    Attributes,
    /// `Doc::blocks`: what each block of sentences is (body, heading,
    /// byline, bio, caption, pull quote, references, boilerplate).
    Layout,
}

/// What went wrong inside a component.
#[derive(Debug, thiserror::Error)]
#[error("component '{component}': {message}")]
pub struct ComponentError {
    /// The component's name.
    pub component: String,
    /// What happened.
    pub message: String,
}

impl ComponentError {
    /// A new error of component `component`.
    pub fn new(component: impl Into<String>, message: impl Into<String>) -> Self {
        ComponentError {
            component: component.into(),
            message: message.into(),
        }
    }
}

/// A named pipeline step.
///
/// Components declare the layers they require, read when present, and
/// assign; the pipeline checks at build time that every requirement is
/// assigned by an earlier component and that no layer a component reads is
/// assigned only by a later one, so a misconfigured pipeline fails before
/// any document is read. A declaration must say exactly what
/// [`process`](Component::process) reads and writes.
pub trait Component: Send + Sync {
    /// Its registered name (as used in pipeline configuration).
    fn name(&self) -> &str;
    /// Layers that must be present before it runs.
    fn requires(&self) -> &[Layer];
    /// Layers it reads when they are present and does without when no
    /// component of the pipeline assigns them (e.g. POS tags that refine a
    /// heuristic). A pipeline where such a layer is assigned only by a
    /// later component is refused: the component would run without it. The
    /// default is none.
    fn reads(&self) -> &[Layer] {
        &[]
    }
    /// Layers it assigns (or adds to).
    fn assigns(&self) -> &[Layer];
    /// Processes one document in place.
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError>;
    /// Starts loading what [`process`](Component::process) will need
    /// (models, indexes) in the background, without blocking; `process`
    /// waits for it if it is not ready. The pipeline calls it once built, so
    /// loading overlaps with the first components' work. The default does
    /// nothing.
    fn warm_up(&self) {}
    /// The types of the values it shares with other components through
    /// [`Doc::derived`] (builds, or reuses when an earlier component built
    /// them). After each component the pipeline drops the derived values
    /// that no later component shares, so that a view built for a few
    /// components does not stay for the rest of the run. Declaring too few
    /// only costs a rebuild (a derived value is a function of the layers);
    /// the output never depends on it. The default is none.
    fn shares(&self) -> Vec<std::any::TypeId> {
        Vec::new()
    }
}
