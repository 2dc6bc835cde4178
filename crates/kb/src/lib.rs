//! The Dossier knowledge base: the [`Store`] trait and its SQLite
//! implementation [`SqliteStore`].
//!
//! Documents are ingested one transaction each ([`Store::ingest`]); their
//! entities are resolved across documents ([`resolve`]); the same fact told by
//! several sentences or documents is read back as one record with all its
//! evidence; conflicting values are listed as contradictions; documents carry
//! an Admiralty reliability grade and claims a credibility ([`grading`]).
#![warn(missing_docs)]

pub mod edtf;
pub mod grading;
mod index;
pub mod resolve;
mod sqlite;
pub mod store;

pub use sqlite::{SqliteStore, APPLICATION_ID, SCHEMA_VERSION};
pub use store::*;
