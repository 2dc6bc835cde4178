//! Reports and exports of the Dossier knowledge base.
//!
//! Everything reads through the [`dossier_kb::Store`] trait: a [`Snapshot`]
//! is assembled from store calls, and pure renderers turn it into
//!
//! - [`profile()`]: an analyst's profile of one entity (Markdown, HTML with
//!   inline SVG network and timeline, JSON), every statement footnoted with
//!   its evidence sentence and document;
//! - [`timeline()`]: dated events sorted by EDTF interval (Markdown, CSV,
//!   JSON, HTML);
//! - [`graph()`]: the entity network, whole or around one entity (GraphML,
//!   DOT, JSON, SVG);
//! - [`export()`]: the whole knowledge base as a STIX 2.1 bundle, GraphML, a
//!   directory of CSV files or JSON Lines.
#![warn(missing_docs)]
// The workspace's rust-version (1.80) predates `Option::is_none_or`.
#![allow(clippy::unnecessary_map_or)]

mod countries;
pub mod dates;
pub mod export;
pub mod graph;
mod html;
pub mod profile;
pub mod snapshot;
mod svg;
pub mod timeline;

#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
pub(crate) mod testkb;

pub use export::{export, export_to_writer, ExportFormat, ExportSummary};
pub use graph::{graph, GraphFormat};
pub use profile::{profile, ProfileFormat};
pub use snapshot::Snapshot;
pub use timeline::{timeline, TimelineFormat};

/// Errors of reports and exports.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The store failed.
    #[error(transparent)]
    Kb(#[from] dossier_kb::KbError),
    /// No entity with this id.
    #[error("no entity with id {0}")]
    NoEntity(i64),
    /// An unknown output format name.
    #[error("unknown format '{given}' (expected one of: {expected})")]
    UnknownFormat {
        /// What was given.
        given: String,
        /// The accepted names.
        expected: &'static str,
    },
    /// A time window (`--from`, `--to`) that starts after it ends.
    #[error("the window from {from} to {to} is empty: it starts after it ends")]
    EmptyWindow {
        /// Its start.
        from: dossier_doc::Edtf,
        /// Its end.
        to: dossier_doc::Edtf,
    },
    /// Writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Writing CSV failed.
    #[error("CSV error: {0}")]
    Csv(#[from] csv::Error),
    /// Serializing JSON failed.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, ReportError>;

macro_rules! format_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => [$($wire:literal),+]),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $var),+ }
        impl $name {
            /// Accepted names, comma-separated.
            pub const NAMES: &'static str = concat!($($($wire, ", "),+),+);
        }
        impl ::std::str::FromStr for $name {
            type Err = $crate::ReportError;
            fn from_str(s: &str) -> $crate::Result<Self> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($($wire)|+ => Ok($name::$var),)+
                    _ => Err($crate::ReportError::UnknownFormat {
                        given: s.to_string(),
                        expected: $name::NAMES.trim_end_matches([',', ' ']),
                    }),
                }
            }
        }
    };
}
pub(crate) use format_enum;

/// Words for a 1–6 claim credibility (Admiralty scale).
pub fn credibility_label(c: u8) -> &'static str {
    match c {
        1 => "confirmed",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        _ => "cannot be judged",
    }
}

/// Words for an A–F source-reliability grade (Admiralty scale).
pub fn reliability_label(g: char) -> &'static str {
    match g.to_ascii_uppercase() {
        'A' => "completely reliable",
        'B' => "usually reliable",
        'C' => "fairly reliable",
        'D' => "not usually reliable",
        'E' => "unreliable",
        _ => "cannot be judged",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse() {
        assert_eq!(
            "MD".parse::<ProfileFormat>().unwrap(),
            ProfileFormat::Markdown
        );
        assert_eq!(
            "markdown".parse::<ProfileFormat>().unwrap(),
            ProfileFormat::Markdown
        );
        assert_eq!(
            "graphml".parse::<GraphFormat>().unwrap(),
            GraphFormat::GraphMl
        );
        assert_eq!("stix".parse::<ExportFormat>().unwrap(), ExportFormat::Stix);
        let err = "pdf".parse::<TimelineFormat>().unwrap_err().to_string();
        assert!(err.contains("'pdf'") && err.contains("csv"), "{err}");
        assert!(!err.ends_with(' ') && !err.ends_with(",)"), "{err}");
    }

    #[test]
    fn grade_words() {
        assert_eq!(credibility_label(2), "probably true");
        assert_eq!(credibility_label(0), "cannot be judged");
        assert_eq!(reliability_label('b'), "usually reliable");
        assert_eq!(reliability_label('?'), "cannot be judged");
    }
}
