//! Two names the recognizers ran together across a conjunction ("the
//! Popular Resistance Committees and Army of Islam", "Oswaldo Madriz y
//! Heriberto Carrillo") become two mentions, so that each body or person is
//! an entity of its own and can end a relation. A name that merely holds a
//! conjunction stays whole: "State Law and Order Restoration Council",
//! "Bureau of Alcohol, Tobacco, and Firearms", "Manuel Díaz y Sotelo",
//! "Bosnia and Herzegovina".
//!
//! Split where the part after the conjunction is a name of two or more
//! words opening with a capital, and
//! - the part before it ends in a body's head noun or is an acronym, and
//!   the part after holds a head noun too ("Burma Army and Army of Burma
//!   Reserve Organisation", "ABRO and British Burma Army"); or
//! - both parts open with the same word ("Directorate of Signal and
//!   Directorate Field Engineering"); or
//! - the span is a person's and both parts are two or three capitalized
//!   words ("Oswaldo Madriz y Heriberto Carrillo").

use crate::Gazetteer;
use dossier_doc::{Doc, EntityType, Mention};

/// The conjunctions that may join two names.
const CONJUNCTIONS: &[&str] = &["and", "y"];

/// Whether `w` is a head noun of armed groups or organizations, in the
/// singular or the plural ("Committees").
fn body_noun(g: &Gazetteer, w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let lower = w.to_lowercase();
    let cue = |x: &str| g.is_armed_group_cue(x) || g.is_organization_cue(x);
    cue(&lower) || lower.strip_suffix('s').is_some_and(cue)
}

fn acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Where to cut `words` (the name's words): the index of the conjunction,
/// if the name is two names run together.
fn cut(g: &Gazetteer, words: &[&str], label: EntityType) -> Option<usize> {
    let mut at = words
        .iter()
        .enumerate()
        .filter(|(_, w)| CONJUNCTIONS.contains(w));
    let (k, _) = at.next()?;
    if at.next().is_some() {
        return None; // more than one conjunction: a list or a long title
    }
    let (left, right) = (&words[..k], &words[k + 1..]);
    if right.len() < 2 || !capitalized(right[0]) || left.is_empty() {
        return None;
    }
    let person = label == EntityType::Person
        && (2..=3).contains(&left.len())
        && (2..=3).contains(&right.len())
        && left.iter().chain(right).all(|w| capitalized(w));
    let bodies = matches!(label, EntityType::ArmedGroup | EntityType::Organization)
        && ((left.len() >= 2 && body_noun(g, left[left.len() - 1]))
            || (left.len() == 1 && acronym(left[0])))
        && right.iter().any(|w| body_noun(g, w));
    let parallel = left.len() >= 2 && left[0] == right[0] && body_noun(g, left[0]);
    (person || bodies || parallel).then_some(k)
}

/// Splits each mention of `doc` that runs two names together (see the
/// module's doc) into two mentions of the same label and source.
pub fn split(doc: &mut Doc, g: &Gazetteer) {
    let mut out = Vec::with_capacity(doc.mentions.len());
    for m in std::mem::take(&mut doc.mentions) {
        match parts(doc, g, &m) {
            Some((a, b)) => {
                out.push(a);
                out.push(b);
            }
            None => out.push(m),
        }
    }
    doc.mentions = out;
}

/// The two mentions `m` splits into, if it runs two names together.
fn parts(doc: &Doc, g: &Gazetteer, m: &Mention) -> Option<(Mention, Mention)> {
    if !matches!(
        m.label,
        EntityType::Person | EntityType::ArmedGroup | EntityType::Organization
    ) || m.text.chars().count() != m.end.saturating_sub(m.start)
        || g.place(&m.text).is_some()
    {
        return None;
    }
    // words with their char offsets in the text
    let chars: Vec<char> = m.text.chars().collect();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let j = (i..chars.len())
            .find(|&j| chars[j].is_whitespace())
            .unwrap_or(chars.len());
        spans.push((i, j));
        i = j;
    }
    let words: Vec<String> = spans
        .iter()
        .map(|&(a, b)| chars[a..b].iter().collect())
        .collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let k = cut(g, &refs, m.label)?;
    let text_of = |a: usize, b: usize| -> String { chars[a..b].iter().collect() };
    // the first part loses a trailing comma ("A, and B")
    let mut left_end = spans[k - 1].1;
    while left_end > 0 && matches!(chars[left_end - 1], ',' | ';') {
        left_end -= 1;
    }
    let right_start = spans[k + 1].0;
    let left_text = text_of(0, left_end);
    // the doc must hold the same text where the mention says it is
    if doc.slice(m.start, m.end) != m.text || left_text.is_empty() {
        return None;
    }
    let mut a = m.clone();
    a.end = m.start + left_end;
    a.text = left_text;
    let mut b = m.clone();
    b.start = m.start + right_start;
    b.text = text_of(right_start, chars.len());
    Some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::doc_of;

    fn split_names(text: &str, name: &str, label: EntityType) -> Vec<String> {
        let mut doc = doc_of(text);
        let start = text.find(name).unwrap();
        let start = text[..start].chars().count();
        doc.mentions.push(Mention {
            start,
            end: start + name.chars().count(),
            sentence: 0,
            text: name.to_string(),
            label,
            kind: Default::default(),
            source: "test".to_string(),
            confidence: 0.8,
            entity: None,
        });
        split(&mut doc, Gazetteer::global());
        for m in &doc.mentions {
            assert_eq!(doc.slice(m.start, m.end), m.text);
        }
        doc.mentions.iter().map(|m| m.text.clone()).collect()
    }

    #[test]
    fn two_bodies_run_together_are_split() {
        use EntityType::*;
        let t = "Fighters of the Kessel Defence Committees and Army of Tolva fired rockets.";
        assert_eq!(
            split_names(t, "Kessel Defence Committees and Army of Tolva", ArmedGroup),
            ["Kessel Defence Committees", "Army of Tolva"]
        );
        let t = "The KDF and Greater Vessa Army joined forces.";
        assert_eq!(
            split_names(t, "KDF and Greater Vessa Army", Organization),
            ["KDF", "Greater Vessa Army"]
        );
        let t = "The Directorate of Supply and Directorate Field Signals were merged.";
        assert_eq!(
            split_names(
                t,
                "Directorate of Supply and Directorate Field Signals",
                Organization
            ),
            ["Directorate of Supply", "Directorate Field Signals"]
        );
        let t = "Police arrested Orla Vance y Tomas Ferrin in Olm.";
        assert_eq!(
            split_names(t, "Orla Vance y Tomas Ferrin", Person),
            ["Orla Vance", "Tomas Ferrin"]
        );
    }

    #[test]
    fn names_holding_a_conjunction_stay_whole() {
        use EntityType::*;
        for (t, name, label) in [
            (
                "The Vessa Law and Order Restoration Council ruled.",
                "Vessa Law and Order Restoration Council",
                Organization,
            ),
            (
                "The Bureau of Salt, Tobacco, and Firearms said so.",
                "Bureau of Salt, Tobacco, and Firearms",
                Organization,
            ),
            ("Tomas Díaz y Sotelo spoke.", "Tomas Díaz y Sotelo", Person),
            (
                "The Kavran Army and Navy attacked.",
                "Kavran Army and Navy",
                Organization,
            ),
            (
                "The Returned and Services League of Tolva met.",
                "Returned and Services League of Tolva",
                Organization,
            ),
            (
                "Bosnia and Herzegovina voted.",
                "Bosnia and Herzegovina",
                Organization,
            ),
        ] {
            assert_eq!(split_names(t, name, label), [name], "{name}");
        }
    }
}
