//! The Dossier knowledge base: the [`Store`] trait, its SQLite
//! implementation [`SqliteStore`] and, with the feature `postgres` (on by
//! default), its PostgreSQL implementation `PgStore` and the shared ingest
//! queue ([`queue`]). Both stores run the same store logic; only storage,
//! migrations and full-text search differ.
//!
//! Documents are ingested one transaction each ([`Store::ingest`]); their
//! entities are resolved across documents ([`resolve`]); the same fact told by
//! several sentences or documents is read back as one record with all its
//! evidence; conflicting values are listed as contradictions; documents carry
//! an Admiralty reliability grade and claims a credibility ([`grading`]).
#![warn(missing_docs)]

mod attr_name;
mod engine;
mod event_actors;
pub mod grading;
mod index;
#[cfg(feature = "postgres")]
mod pg;
#[cfg(feature = "postgres")]
pub mod queue;
pub mod resolve;
mod review;
pub mod rules;
mod sql;
mod sqlite;
pub mod store;
#[doc(hidden)]
pub mod testing;

pub use attr_name::AttrName;
#[cfg(feature = "postgres")]
pub use pg::{PgStore, PG_SCHEMA_VERSION};
pub use sqlite::{SqliteStore, APPLICATION_ID, SCHEMA_VERSION};
pub use store::*;
