//! How often the group anaphora resolution ([`dossier_extract::anaphora`])
//! reaches the ends of the keyed facts, and how often it is right: for each
//! keyed relation, and each keyed event with an agent, every sentence the
//! key quotes in which one end (the event's agent) is not named while the
//! other is (for an event: the sentence is quoted), one line
//!
//! ```text
//! ANAPHOR  KIND TYPE CLASS FOUND DOC END END_TYPE SENTENCE
//! ```
//!
//! `KIND` is `relation` or `event`; `CLASS` is what refers to the end in
//! that sentence: `coref` (a pronoun or description coreference linked to
//! it), `right` (an anaphor the resolution gave it), `wrong:NAME` (an
//! anaphor resolved to another entity, none to the end), `unresolved` (a
//! group pronoun or description the resolution left alone), `person` (the
//! end is a person: a "he"/"his" this resolution does not handle) or
//! `absent` (no pronoun or description: the end is implicit or named in
//! another quoted sentence only). `FOUND` is `found` when the system
//! produced the fact (the relation of that type between the ends; an event
//! of the key's type whose agent is the keyed one), else `missed`.
//!
//! Then one line per anaphor resolved, to judge the resolution by hand:
//!
//! ```text
//! RESOLVED  KIND DISTANCE DOC SURFACE ENTITY ENTITY_TYPE SENTENCE
//! ```
//!
//! (`KIND` `pronoun` or `nominal`; `DISTANCE` in sentences back to the
//! mention it was resolved through).

use crate::gold::{norm_sentence, same_sentence, GoldKey};
use dossier_doc::{Doc, EntityType, MentionKind, Role};
use dossier_extract::anaphora::Anaphor;

/// The words a group anaphor may start with (pronouns; "the" of a
/// description is checked with its noun).
const GROUP_PRONOUNS: &[&str] = &["it", "its", "itself", "they", "their", "them", "themselves"];

/// The ANAPHOR lines of one finished document (see the module comment).
pub fn lines(doc: &Doc, key: &GoldKey, id: &str) -> Vec<String> {
    let align = key.align(doc);
    let sents: Vec<String> = doc
        .sentences
        .iter()
        .map(|s| norm_sentence(doc.slice(s.start, s.end)))
        .collect();
    let anaphors = dossier_extract::anaphora::group_anaphors(doc);
    let ends = |want: &[usize]| -> Vec<usize> {
        (0..doc.entities.len())
            .filter(|&i| align[i].is_some_and(|a| want.contains(&a)))
            .collect()
    };
    let quoted_in = |evidence: &[String]| -> Vec<usize> {
        (0..sents.len())
            .filter(|&si| evidence.iter().any(|q| same_sentence(&sents[si], q)))
            .collect()
    };
    let mut out = Vec::new();
    for kr in key.relations.iter().filter(|r| !r.optional) {
        let (ss, ts) = (ends(&kr.sources), ends(&kr.targets));
        if ss.is_empty() || ts.is_empty() {
            continue;
        }
        let found = doc.relations.iter().any(|r| {
            r.rtype == kr.rtype
                && ((ss.contains(&r.source) && ts.contains(&r.target))
                    || (kr.rtype.is_symmetric()
                        && ss.contains(&r.target)
                        && ts.contains(&r.source)))
        });
        for si in quoted_in(&kr.evidence) {
            let (s_named, t_named) = (named(doc, si, &ss), named(doc, si, &ts));
            let missing = match (s_named, t_named) {
                (true, false) => &ts,
                (false, true) => &ss,
                _ => continue,
            };
            out.push(line(
                doc,
                &anaphors,
                "relation",
                kr.rtype.as_str(),
                found,
                id,
                si,
                missing,
            ));
        }
    }
    for ke in key.events.iter().filter(|e| !e.optional) {
        let agents = ends(&ke.agents);
        if agents.is_empty() {
            continue;
        }
        let found = doc.events.iter().any(|e| {
            e.etype.as_str() == ke.etype
                && e.participants
                    .iter()
                    .any(|p| p.role == Role::Agent && agents.contains(&p.entity))
        });
        for si in quoted_in(&ke.evidence) {
            if named(doc, si, &agents) {
                continue;
            }
            out.push(line(
                doc, &anaphors, "event", &ke.etype, found, id, si, &agents,
            ));
        }
    }
    for a in &anaphors {
        let e = &doc.entities[a.entity];
        out.push(format!(
            "RESOLVED\t{}\t{}\t{id}\t{}\t{}\t{}\t{}",
            if a.kind == MentionKind::Nominal {
                "nominal"
            } else {
                "pronoun"
            },
            a.sentence - a.antecedent.min(a.sentence),
            doc.slice(a.start, a.end),
            e.name,
            e.etype.as_str(),
            sentence_text(doc, a.sentence)
        ));
    }
    out
}

/// Sentence `si`'s text on one line, at most 240 chars.
fn sentence_text(doc: &Doc, si: usize) -> String {
    let text: String = doc
        .sentences
        .get(si)
        .map_or("", |s| doc.slice(s.start, s.end))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    text.chars().take(240).collect()
}

/// Whether sentence `si` names one of `ends` (a mention that is no
/// pronoun or description).
fn named(doc: &Doc, si: usize, ends: &[usize]) -> bool {
    doc.mentions.iter().any(|m| {
        m.sentence == si
            && !matches!(m.kind, MentionKind::Pronoun | MentionKind::Nominal)
            && m.entity.is_some_and(|e| ends.contains(&e))
    })
}

/// One ANAPHOR line: how sentence `si` refers to `end` (its entities).
#[allow(clippy::too_many_arguments)]
fn line(
    doc: &Doc,
    anaphors: &[Anaphor],
    kind: &str,
    ftype: &str,
    found: bool,
    id: &str,
    si: usize,
    end: &[usize],
) -> String {
    let coref = doc.mentions.iter().any(|m| {
        m.sentence == si
            && matches!(m.kind, MentionKind::Pronoun | MentionKind::Nominal)
            && m.entity.is_some_and(|e| end.contains(&e))
    });
    let here: Vec<&Anaphor> = anaphors.iter().filter(|a| a.sentence == si).collect();
    let etype = doc.entities[end[0]].etype;
    let class = if coref {
        "coref".to_string()
    } else if here.iter().any(|a| end.contains(&a.entity)) {
        "right".to_string()
    } else if let Some(a) = here.first() {
        format!("wrong:{}", doc.entities[a.entity].name)
    } else if has_group_anaphor(doc, si) {
        "unresolved".to_string()
    } else if etype == EntityType::Person {
        "person".to_string()
    } else {
        "absent".to_string()
    };
    format!(
        "ANAPHOR\t{kind}\t{ftype}\t{class}\t{}\t{id}\t{}\t{}\t{}",
        if found { "found" } else { "missed" },
        doc.entities[end[0]].name,
        etype.as_str(),
        sentence_text(doc, si)
    )
}

/// Whether sentence `si` holds a group pronoun or a definite description
/// ("the group") outside any mention.
fn has_group_anaphor(doc: &Doc, si: usize) -> bool {
    let Some(s) = doc.sentences.get(si) else {
        return false;
    };
    let toks = doc
        .tokens
        .get(s.token_start..s.token_end.min(doc.tokens.len()))
        .unwrap_or(&[]);
    let covered = |t: &dossier_doc::Token| {
        doc.mentions
            .iter()
            .any(|m| m.sentence == si && m.start < t.end && t.start < m.end)
    };
    toks.iter().enumerate().any(|(i, t)| {
        let w = t.text.to_lowercase();
        if covered(t) {
            return false;
        }
        GROUP_PRONOUNS.contains(&w.as_str())
            || (w == "the"
                && toks.get(i + 1).is_some_and(|n| {
                    dossier_extract::lexicon::GROUP_HEADS.contains(&n.text.to_lowercase().as_str())
                        && !covered(n)
                }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue13_a_keyed_end_named_only_by_a_pronoun_is_judged() {
        let doc = dossier_extract::fixture::doc_from_markup(
            "[The Tallis Front|armed_group] was founded in [Olm|location] in 2009. \
             It is backed by [Norland|country].",
        );
        let key = GoldKey::from_json(
            &serde_json::json!({
                "entities": [{"name": "Tallis Front", "type": "armed_group",
                              "aliases": ["The Tallis Front"]},
                             {"name": "Norland", "type": "country"},
                             {"name": "Olm", "type": "location"}],
                "relations": [{"type": "sponsor_of", "source": "Norland",
                               "target": "Tallis Front",
                               "evidence": ["It is backed by Norland."]}]
            }),
            "k.json",
        )
        .unwrap();
        let out = lines(&doc, &key, "d1");
        assert_eq!(
            out,
            vec![
                "ANAPHOR\trelation\tsponsor_of\tright\tmissed\td1\tThe Tallis Front\tarmed_group\tIt is backed by Norland.".to_string(),
                "RESOLVED\tpronoun\t1\td1\tIt\tThe Tallis Front\tarmed_group\tIt is backed by Norland.".to_string(),
            ]
        );
    }
}
