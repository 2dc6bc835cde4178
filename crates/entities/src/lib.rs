//! Entities for Dossier: gazetteers (countries, cities, regions, group
//! identities, titles and cue words from embedded public data), a
//! rule-based recognizer, ontology typing of a statistical tagger's NER
//! tags, and in-document coreference.
//!
//! Components (all implement [`dossier_doc::Component`]):
//!
//! | name | requires | assigns |
//! |---|---|---|
//! | `gazetteer` ([`GazetteerRecognizer`]) | Tokens | Mentions |
//! | `entity_typing` ([`EntityTyping`]) | Tokens, NerTags | Mentions |
//! | `coref` ([`Coref`]) | Mentions | Entities |
//!
//! ```
//! use dossier_entities::Gazetteer;
//! let g = Gazetteer::global();
//! assert_eq!(g.demonym("Azerbaijanis").unwrap().name, "Azerbaijan");
//! assert_eq!(g.city("Marseille").unwrap().iso2, "FR");
//! ```
#![warn(missing_docs)]

mod city_index;
pub mod conjoined;
mod context;
pub mod coref;
pub mod designation;
pub mod gazetteer;
pub mod merge;
pub mod name_heads;
pub mod recognize;
mod text;
pub mod typing;

#[cfg(test)]
#[path = "tests/sample.rs"]
mod sample_tests;
#[cfg(test)]
mod testutil;

pub use coref::Coref;
pub use gazetteer::{City, Country, Gazetteer, Place, Region, Sources};
pub use merge::merge_mentions;
pub use recognize::{is_possessive, recognize, GazetteerRecognizer};
pub use text::{
    edit_distance, fold, initials, is_acronym, is_apostrophe, is_capitalized, name_key,
};
pub use typing::{ner_spans, type_ner_spans, EntityTyping, NerSpan};

use dossier_doc::Component;

/// Every component of this crate, by name: `gazetteer`, `entity_typing`, `coref`.
pub fn component(name: &str) -> Option<Box<dyn Component>> {
    match name {
        "gazetteer" => Some(Box::new(GazetteerRecognizer::new())),
        "entity_typing" => Some(Box::new(EntityTyping::new())),
        "coref" => Some(Box::new(Coref::new())),
        _ => None,
    }
}
