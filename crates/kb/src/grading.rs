//! Source reliability (Admiralty A–F) and claim credibility (1–6).
//!
//! **Reliability** is a property of a document's source, set by the analyst at
//! ingest (`A` completely reliable … `E` unreliable, `F` cannot be judged —
//! the default).
//!
//! **Credibility** is a property of one claim, derived from how the text
//! states it (its *modality*):
//!
//! | modality | credibility |
//! |---|---|
//! | none (stated as fact) | 2 — probably true |
//! | `claimed`, `reported`, `planned` | 3 — possibly true |
//! | `alleged`, `believed` | 4 — doubtful |
//! | `suspected`, `rumored`, `possible` | 5 — improbable |
//! | `apparent`, `hypothetical` | 6 — truth cannot be judged |
//!
//! (The modalities are [`Modality`]'s closed set; the grades are those the
//! free-text reader this replaced gave their wire names.)
//!
//! When the same claim is made by two or more distinct documents and at
//! least two of them state it with credibility 3 or better, the aggregated
//! claim is graded 1 — confirmed by other sources ([`aggregate`]).

use crate::store::{KbError, Result};
use dossier_doc::Modality;

/// The default reliability grade: cannot be judged.
pub const DEFAULT_RELIABILITY: char = 'F';

/// Checks and normalizes an Admiralty reliability grade (`a`..`f` accepted).
pub fn reliability(grade: Option<char>) -> Result<char> {
    match grade.map(|c| c.to_ascii_uppercase()) {
        None => Ok(DEFAULT_RELIABILITY),
        Some(c @ 'A'..='F') => Ok(c),
        Some(c) => Err(KbError::Invalid(format!(
            "reliability grade '{c}' is not one of A–F"
        ))),
    }
}

/// What a reliability grade means.
pub fn reliability_label(grade: char) -> &'static str {
    match grade {
        'A' => "completely reliable",
        'B' => "usually reliable",
        'C' => "fairly reliable",
        'D' => "not usually reliable",
        'E' => "unreliable",
        _ => "reliability cannot be judged",
    }
}

/// The 1–6 credibility of a claim stated with `modality` (see the module table).
pub fn credibility(modality: Option<Modality>) -> u8 {
    match modality {
        None => 2,
        Some(Modality::Claimed | Modality::Reported | Modality::Planned) => 3,
        Some(Modality::Alleged | Modality::Believed) => 4,
        Some(Modality::Suspected | Modality::Rumored | Modality::Possible) => 5,
        Some(Modality::Apparent | Modality::Hypothetical) => 6,
    }
}

/// What a credibility value means.
pub fn credibility_label(c: u8) -> &'static str {
    match c {
        1 => "confirmed by other sources",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        _ => "truth cannot be judged",
    }
}

/// The credibility of a claim made several times: `(document, credibility)`
/// pairs. The best (lowest) value, or 1 when at least two distinct documents
/// state it with credibility 3 or better.
pub fn aggregate(claims: &[(&str, u8)]) -> u8 {
    let best = claims.iter().map(|c| c.1).min().unwrap_or(6);
    let mut strong: Vec<&str> = claims.iter().filter(|c| c.1 <= 3).map(|c| c.0).collect();
    strong.sort_unstable();
    strong.dedup();
    if strong.len() >= 2 {
        1
    } else {
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modality_maps_to_credibility() {
        assert_eq!(credibility(None), 2);
        let grades: Vec<(&str, u8)> = Modality::ALL
            .iter()
            .map(|m| (m.as_str(), credibility(Some(*m))))
            .collect();
        assert_eq!(
            grades,
            [
                ("claimed", 3),
                ("alleged", 4),
                ("reported", 3),
                ("believed", 4),
                ("suspected", 5),
                ("rumored", 5),
                ("apparent", 6),
                ("possible", 5),
                ("hypothetical", 6),
                ("planned", 3),
            ]
        );
    }

    #[test]
    fn reliability_grades() {
        assert_eq!(reliability(None).unwrap(), 'F');
        assert_eq!(reliability(Some('b')).unwrap(), 'B');
        assert!(matches!(reliability(Some('G')), Err(KbError::Invalid(_))));
        assert_eq!(reliability_label('A'), "completely reliable");
    }

    #[test]
    fn corroboration_confirms() {
        assert_eq!(aggregate(&[("d1", 3)]), 3);
        assert_eq!(aggregate(&[("d1", 2), ("d1", 3)]), 2);
        assert_eq!(aggregate(&[("d1", 2), ("d2", 3)]), 1);
        assert_eq!(aggregate(&[("d1", 5), ("d2", 5)]), 5);
        assert_eq!(aggregate(&[]), 6);
    }
}
