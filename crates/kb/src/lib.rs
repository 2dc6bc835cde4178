//! The Dossier knowledge base: the [`Store`] trait and its implementations.
#![warn(missing_docs)]

pub mod store;
pub use store::*;
