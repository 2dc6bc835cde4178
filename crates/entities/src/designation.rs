//! Names built from a designation rather than from capitalized words alone,
//! which the taggers cut apart:
//!
//! - a flight: the capitalized airline words before "Flight"/"flight" and
//!   its number ("Pan Am Flight 103", "Flight 576") — a facility;
//! - a route between two places: capitalized names joined by a dash before
//!   a lowercase way or line noun ("the Kesh–Tolva highway", "the Sarn-Velm
//!   railway") — a location for a road, a facility for a line or vehicle.
//!
//! - a ship: a vessel prefix ("MV", "MT", "USS", …), the capitalized
//!   words of its name and a hull number if one follows ("MV Sundar 16",
//!   "the tanker MT Sri Kalan") — a facility.
//!
//! Mentions inside or overlapping such a name give way to it.

use crate::recognize::STOP;
use crate::text::is_capitalized;
use dossier_doc::{Doc, EntityType, Mention, MentionKind};

/// Lowercase nouns after a dash-joined pair of places, with what the whole
/// names.
const ROUTE_NOUNS: &[(&str, EntityType)] = &[
    ("road", EntityType::Location),
    ("highway", EntityType::Location),
    ("motorway", EntityType::Location),
    ("expressway", EntityType::Location),
    ("route", EntityType::Location),
    ("corridor", EntityType::Location),
    ("railway", EntityType::Facility),
    ("railroad", EntityType::Facility),
    ("pipeline", EntityType::Facility),
    ("train", EntityType::Facility),
    ("bridge", EntityType::Facility),
];

/// Prefixes that designate a ship ("MV" motor vessel, "MT" motor tanker,
/// "USS", "HMS" …), written before its name.
const VESSEL_PREFIXES: &[&str] = &[
    "MV", "M/V", "MT", "M/T", "MS", "SS", "FV", "RV", "USS", "HMS", "HMAS", "HMCS", "INS", "USNS",
];

/// How many capitalized words after a vessel prefix may name the ship.
const SHIP_WORDS: usize = 4;

/// How many capitalized words before "Flight" may name the airline.
const AIRLINE_WORDS: usize = 5;

fn is_dash(t: &str) -> bool {
    matches!(t, "-" | "–" | "—")
}

/// A flight or vehicle number: digits, optionally led by up to three
/// capitals and ended by one ("103", "GS7554", "8969A").
fn is_number(t: &str) -> bool {
    let lead = t.chars().take_while(char::is_ascii_uppercase).count();
    let rest = &t[lead..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    lead <= 3
        && (1..=5).contains(&digits)
        && rest[digits..].chars().count() <= 1
        && rest[digits..].chars().all(|c| c.is_ascii_uppercase())
}

fn name_word(t: &str) -> bool {
    is_capitalized(t) && !STOP.contains(&t.to_lowercase().as_str())
}

/// The designated names of `doc`: (first token, last token, type).
pub fn find(doc: &Doc) -> Vec<(usize, usize, EntityType)> {
    let toks = &doc.tokens;
    let mut out = Vec::new();
    for s in &doc.sentences {
        let (a, b) = (s.token_start, s.token_end.min(toks.len()));
        let mut i = a;
        while i < b {
            let w = toks[i].text.as_str();
            // a flight and its number
            if (w == "Flight" || w == "flight") && i + 1 < b && is_number(&toks[i + 1].text) {
                let mut start = i;
                while start > a
                    && i - (start - 1) <= AIRLINE_WORDS
                    && name_word(&toks[start - 1].text)
                    && !(start - 1 == a && toks[start - 1].text.len() <= 3)
                {
                    start -= 1;
                }
                if start < i || w == "Flight" {
                    out.push((start, i + 1, EntityType::Facility));
                }
                i += 2;
                continue;
            }
            // a vessel prefix, the ship's name and its hull number
            if VESSEL_PREFIXES.contains(&w) && i + 1 < b && name_word(&toks[i + 1].text) {
                let mut end = i + 1;
                while end + 1 < b && end - i < SHIP_WORDS && name_word(&toks[end + 1].text) {
                    end += 1;
                }
                let n = &toks[end + 1..b.min(end + 2)];
                if n.first().is_some_and(|t| {
                    t.text.len() <= 3 && t.text.chars().all(|c| c.is_ascii_digit())
                }) {
                    end += 1;
                }
                out.push((i, end, EntityType::Facility));
                i = end + 1;
                continue;
            }
            // places joined by a dash before a way or line noun
            if let Some(&(_, t)) = ROUTE_NOUNS.iter().find(|(n, _)| *n == w) {
                let mut start = i;
                let mut dashes = 0;
                while start > a {
                    let p = toks[start - 1].text.as_str();
                    if is_dash(p) && start - 1 > a && start < i {
                        dashes += 1;
                    } else if name_word(p) {
                        if p.contains(['-', '–']) {
                            dashes += 1;
                        }
                    } else {
                        break;
                    }
                    start -= 1;
                }
                while start < i && is_dash(&toks[start].text) {
                    start += 1;
                }
                if dashes > 0 && start < i && !is_dash(&toks[i - 1].text) {
                    out.push((start, i, t));
                }
            }
            i += 1;
        }
    }
    out
}

/// Adds the designated names of `doc` as mentions, replacing the mentions
/// they overlap.
pub fn apply(doc: &mut Doc) {
    let found = find(doc);
    if found.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for (t0, t1, label) in found {
        let (start, end) = (doc.tokens[t0].start, doc.tokens[t1].end);
        doc.mentions.retain(|m| m.end <= start || m.start >= end);
        added.push(Mention {
            start,
            end,
            sentence: doc.tokens[t0].sentence,
            text: doc.slice(start, end).to_string(),
            label,
            kind: MentionKind::Name,
            source: "designation".into(),
            confidence: 0.9,
            entity: None,
        });
    }
    doc.mentions.extend(added);
    doc.mentions.sort_by_key(|m| (m.start, m.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, EntityType)> {
        use dossier_doc::Component;
        let mut doc = Doc::new(Default::default(), text.to_string());
        dossier_nlp::SentenceSplitter::new()
            .process(&mut doc)
            .unwrap();
        dossier_nlp::Tokenizer::new().process(&mut doc).unwrap();
        find(&doc)
            .into_iter()
            .map(|(a, b, t)| {
                (
                    doc.slice(doc.tokens[a].start, doc.tokens[b].end)
                        .to_string(),
                    t,
                )
            })
            .collect()
    }

    #[test]
    fn flights_take_their_airline_and_number() {
        let v = names("On May 2, 1991, Kestral Air Flight 212 was hijacked over Velm. Flight 88 landed. Its flight 7 crew left. Northern Skyways flight GS7554 returned.");
        assert_eq!(
            v,
            [
                ("Kestral Air Flight 212".to_string(), EntityType::Facility),
                ("Flight 88".to_string(), EntityType::Facility),
                (
                    "Northern Skyways flight GS7554".to_string(),
                    EntityType::Facility
                ),
            ]
        );
        assert!(
            is_number("103") && is_number("GS7554") && !is_number("1991,") && !is_number("words")
        );
    }

    #[test]
    fn ships_take_their_prefix_name_and_hull_number() {
        let v = names("Pirates seized the MV Sundar Kalan 16 off Tolva. The tanker MT Orrin was released. USS Kestrel fired. The MV crew fled. MS Velm 2020 was a year.");
        assert_eq!(
            v,
            [
                ("MV Sundar Kalan 16".to_string(), EntityType::Facility),
                ("MT Orrin".to_string(), EntityType::Facility),
                ("USS Kestrel".to_string(), EntityType::Facility),
                // a four-digit number after the name is no hull number
                ("MS Velm".to_string(), EntityType::Facility),
            ]
        );
    }

    #[test]
    fn dash_joined_places_before_a_way_are_one_name() {
        let v = names("Gunmen stopped a bus on the Kesh–Tolva highway. The Sarn-Velm railway was cut. The main road was closed. Traffic on the north–south road resumed.");
        assert_eq!(
            v,
            [
                ("Kesh–Tolva highway".to_string(), EntityType::Location),
                ("Sarn-Velm railway".to_string(), EntityType::Facility),
            ]
        );
    }
}
