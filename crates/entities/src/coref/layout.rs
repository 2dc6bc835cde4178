//! Which mentions layout keeps: names in bylines, bios, references and page
//! debris dropped, headings' and captions' kept only when the body names them
//! too.

use super::*;

/// Last words of the name of a war, a campaign, a crisis or a written text
/// ("the Civil War", "the Defiance Campaign", "the July Crisis", "the
/// Freedom Charter"): the ontology keys none of them as an entity.
pub(super) const HAPPENING_HEADS: &[&str] = &[
    "war",
    "wars",
    "campaign",
    "crisis",
    "uprising",
    "coup",
    "massacre",
    "charter",
    "convention",
    "accord",
    "accords",
    "agreement",
    "treaty",
    "doctrine",
    "manifesto",
    "declaration",
    "revolution",
    "intifada",
    "offensive",
    "trial",
    "trials",
    "conference",
    "ambush",
    "battle",
    "siege",
    "act",
    "bill",
    "report",
    "inquiry",
    "investigation",
    "constitution",
    "testament",
    "ages",
    "protocol",
];

/// First words of the name of a happening told with its object ("the
/// Battle of X", "the Fall of X", "the Siege of X").
pub(super) const HAPPENING_LEADS: &[&str] = &[
    "battle",
    "siege",
    "fall",
    "sale",
    "report",
    "treaty",
    "massacre",
    "invasion",
    "occupation",
    "partition",
    "capture",
    "war",
    "assassination",
];

/// A person or organization reading of such a name, or of a doctrine
/// ("Leninism"), which the recognizers' capitalization cues mistook for a
/// name. "Guardians of the Revolution" (a head before "of") stays.
pub(super) fn names_a_happening_or_text(m: &Mention) -> bool {
    if !matches!(m.label, EntityType::Person | EntityType::Organization)
        || matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun)
    {
        return false;
    }
    let words: Vec<String> = m.text.split_whitespace().map(fold).collect();
    let Some(last) = words.last() else {
        return false;
    };
    if words.len() == 1 {
        return last.len() > 5 && last.ends_with("ism") && m.text.starts_with(char::is_uppercase);
    }
    if HAPPENING_LEADS.contains(&words[0].as_str()) && words.get(1).is_some_and(|w| w == "of") {
        return true;
    }
    HAPPENING_HEADS.contains(&last.as_str())
        && !words
            .iter()
            .any(|w| matches!(w.as_str(), "of" | "for" | "de" | "del"))
        && m.text
            .split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// The mentions that may make entities, given the document's shape
/// ([`Doc::blocks`]): every mention of running text; a mention in a
/// heading, caption or pull quote only when the running text has the same
/// name (or that name is a run of words of a name there) or the gazetteer
/// knows it as a country, since title case is no evidence of a name ("6.
/// GEORGIA: Police disperse a protest" keeps Georgia); none from bylines, author bios, references
/// and page debris, whose names are not actors of the report.
pub fn keep_by_layout(doc: &Doc, g: &Gazetteer, ms: Vec<Mention>) -> Vec<Mention> {
    use dossier_doc::BlockKind;
    if doc.blocks.iter().all(|b| b.kind.is_body()) {
        return ms;
    }
    let mut body: HashSet<String> = HashSet::default();
    for m in &ms {
        if !doc.block_kind(m.sentence).is_body() {
            continue;
        }
        let key = name_key(&m.text);
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        for a in 0..words.len() {
            for b in a + 1..=words.len().min(a + 8) {
                body.insert(words[a..b].join(" "));
            }
        }
    }
    ms.into_iter()
        .filter(|m| match doc.block_kind(m.sentence) {
            BlockKind::Body => true,
            BlockKind::Heading | BlockKind::Caption | BlockKind::PullQuote => {
                body.contains(&name_key(&m.text)) || g.country(&m.text).is_some()
            }
            _ => false,
        })
        .collect()
}
