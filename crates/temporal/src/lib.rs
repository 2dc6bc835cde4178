//! Dates and quantities for Dossier.
//!
//! - [`Edtf`] (re-exported from `dossier_doc::edtf`, its one definition):
//!   the EDTF subset of `ONTOLOGY.md` and [`edtf_interval`] with the
//!   semantics of the scorer's function of the same name.
//! - [`DatesComponent`] (`"dates"`, requires tokens, assigns dates): temporal
//!   expressions in text normalized to EDTF, with relative ones anchored and
//!   citation dates marked; [`sentence_date`], [`date_near`] and
//!   [`citation_dates`] serve the event and relation extractors.
//! - [`QuantitiesComponent`] (`"quantities"`, requires tokens, assigns
//!   quantities): numbers with their approximation and counted noun.
//!
//! Both components cut the tokenizer's tokens into finer pieces, so they do
//! not depend on how "2014–2016" or "mid-2016" was tokenized, and never panic.
#![warn(missing_docs)]

mod dates;
mod lex;
mod quantity;

pub use dates::{
    bound_word, citation_dates, date_distance, date_near, extract_dates, find_dates, nearest_date,
    numeric_order, sentence_date, weekday_order, DateContext, DateOrder, DatesComponent, FoundDate,
    BOUND_WORDS, REPORTING_VERBS,
};
/// The EDTF type lives in `dossier-doc`; re-exported here for the extractors.
pub use dossier_doc::edtf::{
    days_in_month, edtf_interval, is_leap, Date, Edtf, EdtfError, Point, Qualifier,
};
pub use quantity::{extract_quantities, find_quantities, singular, QuantitiesComponent};
