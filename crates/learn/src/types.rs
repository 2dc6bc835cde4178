//! Entity typing learned from the corpus: each entity of a document (after
//! coreference) is a candidate described by its name's words and shape,
//! the type and source the recognizers gave it, what the gazetteer knows
//! of it (a place, cue nouns, titles), the words and dependency relations
//! around its mentions, and how the document refers back to it (a title
//! or "the" before it, the pronoun after it as subject); the model picks one of the
//! ontology's types, or `none` (not an entity the annotators would key: a
//! treaty, a war, an aircraft, a fragment of a name).

use dossier_doc::{Doc, EntityType, MentionKind};

/// The labels of the typing model: the ontology's entity types, then `none`.
pub fn labels() -> Vec<String> {
    EntityType::ALL
        .iter()
        .map(|t| t.as_str().to_string())
        .chain(std::iter::once("none".to_string()))
        .collect()
}

fn shape(w: &str) -> String {
    let mut s = String::new();
    for c in w.chars().take(6) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !s.ends_with(k) {
            s.push(k);
        }
    }
    s
}

fn lower(doc: &Doc, i: usize) -> String {
    let t = &doc.tokens[i];
    t.lemma.as_deref().unwrap_or(&t.text).to_lowercase()
}

/// Word-cluster prefixes of `word` (lengths 4, 8 and 12) under `tag`,
/// from the parser's clusters; only for parsed documents, so that a
/// pipeline without the parser never loads it.
pub(crate) fn clusters(doc: &Doc, tag: &str, word: &str, f: &mut Vec<String>) {
    if !doc.tokens.iter().any(|t| t.deprel.is_some()) {
        return;
    }
    let Ok(parser) = dossier_parser::Parser::builtin() else {
        return;
    };
    if let Some(bits) = parser.cluster_bits(word) {
        for k in [4, 8, 12] {
            if bits.len() >= k {
                f.push(format!("{tag}{k}:{}", &bits[..k]));
            }
        }
    }
}

/// The features of entity `e` of `doc`.
pub fn features(doc: &Doc, e: usize) -> Vec<String> {
    let ent = &doc.entities[e];
    let mut f = vec!["bias".to_string(), format!("CT:{}", ent.etype.as_str())];
    let words: Vec<&str> = ent.name.split_whitespace().collect();
    for w in &words {
        f.push(format!("W:{}", w.to_lowercase()));
    }
    cue_features(&ent.name, &words, &mut f);
    if let Some(last) = words.last() {
        clusters(doc, "CL", last, &mut f);
        let l = last.to_lowercase();
        f.push(format!("LW:{l}"));
        f.push(format!("LWCT:{l}|{}", ent.etype.as_str()));
        let suf: String = l
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        f.push(format!("SUF:{suf}"));
    }
    if let Some(first) = words.first() {
        f.push(format!("FW:{}", first.to_lowercase()));
    }
    f.push(format!("NW:{}", words.len().min(5)));
    f.push(format!(
        "SH:{}",
        words.iter().map(|w| shape(w)).collect::<Vec<_>>().join("_")
    ));
    if words.len() == 1 && words[0].chars().all(|c| c.is_uppercase() || c == '.') {
        f.push("ACRO".to_string());
    }
    let mut names = 0;
    let mut kinds = Vec::new();
    for &mi in ent.mentions.iter() {
        let Some(m) = doc.mentions.get(mi) else {
            continue;
        };
        let k = match m.kind {
            MentionKind::Name => "name",
            MentionKind::ShortName => "short",
            MentionKind::Acronym => "acro",
            MentionKind::Nominal => "nominal",
            MentionKind::Pronoun => "pronoun",
        };
        if !kinds.contains(&k) {
            kinds.push(k);
        }
        match m.kind {
            MentionKind::Pronoun | MentionKind::Nominal => {
                f.push(format!("REF:{}", m.text.to_lowercase()));
                continue;
            }
            _ => {}
        }
        names += 1;
        if names > 6 {
            continue;
        }
        f.push(format!("SRC:{}|{}", m.source, m.label.as_str()));
        let Some(s) = doc.sentences.get(m.sentence) else {
            continue;
        };
        let Some((t0, t1, head)) = crate::mention_tokens(doc, m) else {
            continue;
        };
        if let Some(ner) = doc.tokens[t0].ner.as_deref() {
            f.push(format!("NER:{}", ner.trim_start_matches(['B', 'I', '-'])));
        }
        if t0 > s.token_start {
            clusters(doc, "CP", &doc.tokens[t0 - 1].text, &mut f);
            f.push(format!("P1:{}", lower(doc, t0 - 1)));
            if t0 > s.token_start + 1 {
                f.push(format!("P2:{}_{}", lower(doc, t0 - 2), lower(doc, t0 - 1)));
            }
        } else {
            f.push("P1:<s>".to_string());
        }
        if t1 + 1 < s.token_end {
            f.push(format!("N1:{}", lower(doc, t1 + 1)));
            if t1 + 2 < s.token_end {
                f.push(format!("N2:{}_{}", lower(doc, t1 + 1), lower(doc, t1 + 2)));
            }
        }
        if let Some(rel) = doc.tokens[head].deprel.as_deref() {
            let rel = with_case(doc, t0, head, rel);
            f.push(format!("D:{rel}"));
            if let Some(h) = doc.tokens[head].head.filter(|&h| h < doc.tokens.len()) {
                clusters(doc, "CH", &doc.tokens[h].text, &mut f);
                f.push(format!("DH:{rel}|{}", lower(doc, h)));
                f.push(format!("H:{}", lower(doc, h)));
                if let Some(a) = doer_of_attack(doc, s, h, &rel) {
                    f.push(format!("ACT:{a}"));
                }
            }
        }
        // appositions and compounds hanging on the name ("Vance, a commander")
        for (i, t) in doc.tokens[s.token_start..s.token_end.min(doc.tokens.len())]
            .iter()
            .enumerate()
        {
            let i = i + s.token_start;
            if t.head == Some(head) && (i < t0 || i > t1) {
                if let Some(r) = t.deprel.as_deref() {
                    if matches!(r, "appos" | "compound" | "amod" | "acl:relcl" | "nmod") {
                        f.push(format!("C:{r}|{}", lower(doc, i)));
                    }
                }
            }
        }
    }
    f.extend(pronoun_evidence(doc, e));
    f.push(format!("MK:{}", kinds.join(",")));
    f.push(format!(
        "NM:{}",
        match names {
            0..=1 => "1",
            2..=3 => "2-3",
            _ => "4+",
        }
    ));
    // a feature counts once however many mentions show it (as in training)
    f.sort_unstable();
    f.dedup();
    f
}

/// Whether `name` is one common word, capitalized by its place or cut
/// from a longer name ("Army", "Office", "Northern", "Relatives"), which
/// the corpus guide keys as no entity (§2.1, §2.3: bare "the army"): one
/// word, a capital then lowercase letters only (no acronym, no
/// "al-Aqsa"), that is a head noun of bodies, facilities or places (the
/// lexicons' cue nouns: "Army", "Court", "Republic"; not a legislature,
/// which the guide keys by that word) or that the document also writes in
/// lowercase ("the army", "northern districts"): a name is never written so.
pub fn is_generic_word(doc: &Doc, name: &str) -> bool {
    let mut words = name.split_whitespace();
    let (Some(w), None) = (words.next(), words.next()) else {
        return false;
    };
    let mut chars = w.chars();
    if !chars.next().is_some_and(char::is_uppercase) || !chars.all(char::is_lowercase) {
        return false;
    }
    let lc = w.to_lowercase();
    let g = dossier_entities::Gazetteer::global();
    let cue = g.is_armed_group_cue(w)
        || g.is_organization_cue(w)
        || g.is_facility_cue(w)
        || g.is_location_cue(w);
    (cue && !LEGISLATURES.contains(&lc.as_str())) || doc.tokens.iter().any(|t| t.text == lc)
}

/// One-word names of a state's legislature, a body the guide keys by that
/// word alone (§2.3: "a legislature acting only by legislating").
const LEGISLATURES: &[&str] = &["congress", "senate", "parliament"];

/// Head nouns of names the ontology keys as no entity (corpus/GUIDE.md
/// §2.1 and §2.3: works, laws, operations, wars and other events):
/// "the Treaty of Varn", "Operation Iron Gate", "the Kessel Accords".
const WORK_HEADS: &[&str] = &[
    "war",
    "wars",
    "warfare",
    "battle",
    "siege",
    "operation",
    "operación",
    "operacion",
    "offensive",
    "campaign",
    "act",
    "bill",
    "amendment",
    "law",
    "agreement",
    "agreements",
    "accord",
    "accords",
    "treaty",
    "protocol",
    "resolution",
    "report",
    "declaration",
    "revolution",
    "revolt",
    "uprising",
    "putsch",
    "coup",
    "trial",
    "affair",
    "diaries",
    "doctrine",
    "massacre",
    "bombing",
    "bombings",
    "riot",
    "riots",
];

/// Words that make a name a body whatever its last word ("Committees for
/// the Defense of the Revolution", "the Commission on the Kessel Affair").
fn body_word(g: &dossier_entities::Gazetteer, w: &str) -> bool {
    let l = w.to_lowercase();
    g.is_organization_cue(w)
        || g.is_armed_group_cue(w)
        || g.is_facility_cue(w)
        || dossier_extract::lexicon::GROUP_NOUNS.contains(&l.as_str())
        || crate::BODY_HEADS.contains(&l.as_str())
}

/// Whether `name` names a work, law, agreement, operation or war rather
/// than an entity: its head noun — the word before its first
/// "of"/"for"/"to"/"on"/"by", the last word, or an opening "Operation" —
/// is one of `WORK_HEADS` and none of the words up to that head names a
/// body ("Committees for the Defense of the Revolution" is a body).
pub fn names_a_work_or_event(name: &str) -> bool {
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return false;
    }
    let is_head = |w: &str| WORK_HEADS.contains(&w.to_lowercase().as_str());
    let g = dossier_entities::Gazetteer::global();
    let no_body = |ws: &[&str]| !ws.iter().any(|w| !is_head(w) && body_word(g, w));
    // "Trial of the Drava Brigade": the head before the connector decides,
    // and only the words before it may make the name a body
    if let Some(k) = words
        .iter()
        .position(|w| matches!(*w, "of" | "for" | "to" | "on" | "by"))
        .filter(|&k| k > 0)
    {
        if is_head(words[k - 1]) {
            return no_body(&words[..k]);
        }
    }
    let first = words[0].to_lowercase();
    let headed = words.last().is_some_and(|w| is_head(w))
        || matches!(first.as_str(), "operation" | "operación" | "operacion");
    headed && no_body(&words)
}

/// Whether a mention governed by token `h` through `rel` does an attack
/// or claims one: the subject of an attack verb ("G ambushed a convoy"),
/// its "by" agent ("was attacked by G"), or the subject of "claimed"
/// in a sentence about responsibility — evidence of a group or a person
/// acting, whatever the name's words (one feature for every attack verb,
/// so that a name seen once is typed by what it does).
fn doer_of_attack(
    doc: &Doc,
    s: &dossier_doc::Sentence,
    h: usize,
    rel: &str,
) -> Option<&'static str> {
    let word = doc.tokens[h].text.to_lowercase();
    let attack = dossier_extract::lexicon::event_trigger(&word)
        .is_some_and(|t| t.etype == dossier_doc::EventType::Attack && !t.nominal);
    if attack && rel == "nsubj" {
        return Some("attack_subj");
    }
    if attack && rel == "obl_by" {
        return Some("attack_by");
    }
    let responsibility = || {
        doc.tokens[s.token_start..s.token_end.min(doc.tokens.len())]
            .iter()
            .any(|t| t.text.eq_ignore_ascii_case("responsibility"))
    };
    (matches!(lower(doc, h).as_str(), "claim" | "take") && rel == "nsubj" && responsibility())
        .then_some("claimant")
}

/// What the gazetteer knows of a name: the whole name a country, region
/// or city; the cue nouns among its words (a group's "brigade", an
/// organization's "ministry", a facility's "prison", a place's "river")
/// and which of them ends it.
fn cue_features(name: &str, words: &[&str], f: &mut Vec<String>) {
    let g = dossier_entities::Gazetteer::global();
    match g.place(name) {
        Some(dossier_entities::Place::Country(_)) => f.push("GZ:country".into()),
        Some(dossier_entities::Place::Region(_)) => f.push("GZ:region".into()),
        Some(dossier_entities::Place::City { .. }) => f.push("GZ:city".into()),
        None => {}
    }
    if g.demonym(name).is_some() {
        f.push("GZ:demonym".into());
    }
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let last = i + 1 == words.len();
        for (cue, hit) in [
            ("armed", g.is_armed_group_cue(w)),
            ("org", g.is_organization_cue(w)),
            ("fac", g.is_facility_cue(w)),
            ("loc", g.is_location_cue(w)),
            ("title", g.is_title(w) || g.is_honorific(w)),
        ] {
            if hit {
                f.push(format!("CUE:{cue}"));
                if last {
                    f.push(format!("CUEL:{cue}"));
                }
                if i == 0 {
                    f.push(format!("CUEF:{cue}"));
                }
            }
        }
    }
}

/// How the document refers back to entity `e`: the personal pronouns
/// ("he", "she") and group ones ("it", "they") that open a sentence right
/// after one naming it as its subject, and the words right before its
/// mentions that mark a person (a title) or a body ("the", "members of").
fn pronoun_evidence(doc: &Doc, e: usize) -> Vec<String> {
    let mut f = Vec::new();
    let g = dossier_entities::Gazetteer::global();
    for &mi in &doc.entities[e].mentions {
        let Some(m) = doc.mentions.get(mi) else {
            continue;
        };
        if matches!(m.kind, MentionKind::Pronoun | MentionKind::Nominal) {
            continue;
        }
        let Some((t0, _, head)) = crate::mention_tokens(doc, m) else {
            continue;
        };
        let Some(s) = doc.sentences.get(m.sentence) else {
            continue;
        };
        if t0 > s.token_start && g.is_title(&doc.tokens[t0 - 1].text) {
            f.push("PT:title".to_string());
        }
        if t0 > s.token_start && doc.tokens[t0 - 1].text.eq_ignore_ascii_case("the") {
            f.push("PT:the".to_string());
        }
        // the subject of its sentence: how does the next one open?
        if doc.tokens[head]
            .deprel
            .as_deref()
            .is_some_and(|r| r.starts_with("nsubj"))
        {
            if let Some(n) = doc.sentences.get(m.sentence + 1) {
                if n.token_start < doc.tokens.len() {
                    let w = doc.tokens[n.token_start].text.to_lowercase();
                    if matches!(
                        w.as_str(),
                        "he" | "she" | "his" | "her" | "it" | "its" | "they" | "their"
                    ) {
                        f.push(format!("PN:{w}"));
                    }
                }
            }
        }
    }
    f
}

/// Prepositions before a place ("in Kavra", "near Tolva Heights"), never
/// before a person but with a possessive ("in Ada Ferrin's view").
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "outside", "across", "throughout"];

/// Words after "of" that make what follows a body ("members of X").
const BODY_OF: &[&str] = &[
    "members",
    "member",
    "fighters",
    "militants",
    "wing",
    "cadres",
    "spokesman",
    "spokesperson",
];

/// An entity's mentions by name (not pronouns or nominals) with their
/// sentence and tokens (first, last, head), skipping any that do not map.
fn named_mentions<'a>(
    doc: &'a Doc,
    ent: &'a dossier_doc::Entity,
) -> impl Iterator<
    Item = (
        &'a dossier_doc::Mention,
        &'a dossier_doc::Sentence,
        (usize, usize, usize),
    ),
> + 'a {
    ent.mentions.iter().filter_map(move |&mi| {
        let m = doc.mentions.get(mi)?;
        if matches!(m.kind, MentionKind::Pronoun | MentionKind::Nominal) {
            return None;
        }
        Some((
            m,
            doc.sentences.get(m.sentence)?,
            crate::mention_tokens(doc, m)?,
        ))
    })
}

/// The type the words around the names of entity `e` give it where it
/// was typed person — often a non-English body or place name the tagger
/// took for a person's ("Hidrocanales del Sur", "Barangay Tolvan"). No
/// mention may have a title or honorific before it, ", who" after it, or
/// a "he"/"she" opening the sentence after one where it is the subject;
/// and at least a third of its full-name mentions (a person's surname
/// alone often modifies a body: "the Ferrin network") must, with no
/// possessive after them, have "the" before them and no common noun
/// after them ("the Ferrin trial"), "members of" before them, or a doer,
/// member or group noun after them ("X militants": an armed group, else
/// an organization), or a place preposition before them ("in X": a
/// location, a facility where a word of the name is a facility cue).
pub fn not_a_person(doc: &Doc, e: usize) -> Option<EntityType> {
    use dossier_extract::lexicon::{DOER_NOUNS, GROUP_NOUNS, MEMBER_UNITS};
    let g = dossier_entities::Gazetteer::global();
    let (mut names, mut body, mut doers, mut place) = (0usize, 0usize, 0usize, 0usize);
    for (m, s, (t0, t1, head)) in named_mentions(doc, doc.entities.get(e)?) {
        let full = matches!(m.kind, MentionKind::Name | MentionKind::Acronym);
        names += usize::from(full);
        let end = s.token_end.min(doc.tokens.len());
        let word = |i: usize| doc.tokens[i].text.to_lowercase();
        let prev = (t0 > s.token_start).then(|| word(t0 - 1));
        let prev2 = (t0 > s.token_start + 1).then(|| word(t0 - 2));
        let next = (t1 + 1 < end).then(|| word(t1 + 1));
        let next2 = (t1 + 2 < end).then(|| word(t1 + 2));
        if t0 > s.token_start
            && (g.is_title(&doc.tokens[t0 - 1].text) || g.is_honorific(&doc.tokens[t0 - 1].text))
        {
            return None;
        }
        if next.as_deref() == Some(",") && next2.as_deref() == Some("who") {
            return None;
        }
        if doc.tokens[head]
            .deprel
            .as_deref()
            .is_some_and(|r| r.starts_with("nsubj"))
        {
            if let Some(n) = doc.sentences.get(m.sentence + 1) {
                if n.token_start < doc.tokens.len()
                    && matches!(word(n.token_start).as_str(), "he" | "she" | "his" | "her")
                {
                    return None;
                }
            }
        }
        let possessive = next
            .as_deref()
            .is_some_and(|n| n == "'s" || n == "’s" || n == "'");
        if !full || possessive {
            continue;
        }
        // "X militants", "X gunmen" (a party has members too)
        let doer = next
            .as_deref()
            .is_some_and(|n| DOER_NOUNS.contains(&n) && !n.starts_with("member"));
        let body_noun = doer
            || next
                .as_deref()
                .is_some_and(|n| MEMBER_UNITS.contains(&n) || GROUP_NOUNS.contains(&n));
        doers += usize::from(doer);
        let member_of =
            prev.as_deref() == Some("of") && prev2.as_deref().is_some_and(|w| BODY_OF.contains(&w));
        // "the X" — not "the X trial", a name modifying a common noun
        let modifier = t1 + 1 < end
            && doc.tokens[t1 + 1]
                .pos
                .as_deref()
                .is_some_and(|p| p.starts_with("NN") && !p.starts_with("NNP"));
        if (prev.as_deref() == Some("the") && !modifier) || body_noun || member_of {
            body += 1;
        } else if prev
            .as_deref()
            .is_some_and(|w| PLACE_PREPOSITIONS.contains(&w))
        {
            place += 1;
        }
    }
    if names == 0 || 3 * (body + place) < names {
        return None;
    }
    let name = &doc.entities[e].name;
    Some(if place > body {
        if name.split_whitespace().any(|w| g.is_facility_cue(w)) {
            EntityType::Facility
        } else {
            EntityType::Location
        }
    } else if doers > 0 {
        EntityType::ArmedGroup
    } else {
        EntityType::Organization
    })
}

/// The body type the words around the names of entity `e` give it where
/// it was typed a place the gazetteer does not know — often a body's
/// one-word or non-English name the tagger took for a place's (issue 13).
/// Its name holds no place or facility cue noun; at least a third of its
/// full-name mentions, and more of them than have a place preposition
/// before them ("in X", "near X"), have a member or doer noun after them
/// ("X members", "X militants"), "members of", "joined" or a "the" that
/// follows no preposition before them ("the X said": places take "the"
/// mostly as "in the X"), or are the subject of an attack or of claiming one: an
/// armed group where one names doers or an attack, else an organization.
pub fn not_a_place(doc: &Doc, e: usize) -> Option<EntityType> {
    use dossier_extract::lexicon::{DOER_NOUNS, MEMBER_UNITS};
    let g = dossier_entities::Gazetteer::global();
    let ent = doc.entities.get(e)?;
    if g.place(&ent.name).is_some()
        || ent
            .name
            .split_whitespace()
            .any(|w| g.is_location_cue(w) || g.is_facility_cue(w))
    {
        return None;
    }
    let (mut names, mut body, mut armed, mut place) = (0usize, 0usize, 0usize, 0usize);
    for &mi in &ent.mentions {
        let Some(m) = doc.mentions.get(mi) else {
            continue;
        };
        if !matches!(m.kind, MentionKind::Name | MentionKind::Acronym) {
            continue;
        }
        let (Some(s), Some((t0, t1, head))) =
            (doc.sentences.get(m.sentence), crate::mention_tokens(doc, m))
        else {
            continue;
        };
        names += 1;
        let end = s.token_end.min(doc.tokens.len());
        let word = |i: usize| doc.tokens[i].text.to_lowercase();
        let prev = (t0 > s.token_start).then(|| word(t0 - 1));
        let prev2 = (t0 > s.token_start + 1).then(|| word(t0 - 2));
        let next = (t1 + 1 < end).then(|| word(t1 + 1));
        let doer = next
            .as_deref()
            .is_some_and(|n| DOER_NOUNS.contains(&n) && !n.starts_with("member"));
        let members = next.as_deref().is_some_and(|n| MEMBER_UNITS.contains(&n));
        let member_of =
            prev.as_deref() == Some("of") && prev2.as_deref().is_some_and(|w| BODY_OF.contains(&w));
        let joined = prev.as_deref() == Some("joined");
        let rel = doc.tokens[head].deprel.as_deref().unwrap_or("");
        let acts = doc.tokens[head]
            .head
            .filter(|&h| h < doc.tokens.len())
            .and_then(|h| doer_of_attack(doc, s, h, &with_case(doc, t0, head, rel)))
            .is_some();
        let preposition = |w: &Option<String>| {
            w.as_deref().is_some_and(|w| {
                PLACE_PREPOSITIONS.contains(&w) || matches!(w, "from" | "to" | "into" | "at" | "of")
            })
        };
        // "the X" opening a noun phrase of its own — not "in the X", nor
        // "the X border", a name modifying a common noun
        let modifier = t1 + 1 < end
            && doc.tokens[t1 + 1]
                .pos
                .as_deref()
                .is_some_and(|p| p.starts_with("NN") && !p.starts_with("NNP"));
        let the = prev.as_deref() == Some("the") && !preposition(&prev2) && !modifier;
        if doer || members || member_of || joined || acts || the {
            body += 1;
            armed += usize::from(doer || acts);
        } else if preposition(&prev) && prev.as_deref() != Some("of")
            || prev.as_deref() == Some("the") && preposition(&prev2)
        {
            place += 1;
        }
    }
    if body == 0 || 3 * body < names || body <= place {
        return None;
    }
    Some(if armed > 0 {
        EntityType::ArmedGroup
    } else {
        EntityType::Organization
    })
}

/// Modifiers that make a body noun an armed group's ("a militant group",
/// "a paramilitary organization", "an armed wing").
const ARMED_MODIFIERS: &[&str] = &[
    "militant",
    "armed",
    "paramilitary",
    "terrorist",
    "insurgent",
    "rebel",
    "guerrilla",
    "jihadist",
    "jihadi",
    "separatist",
];

/// Nouns that are an armed group's class by themselves ("a militia").
const ARMED_NOUNS: &[&str] = &["militia", "insurgency"];

/// Nouns of bodies whose class a modifier decides: armed with one of
/// `ARMED_MODIFIERS`, else no class ("a group" may be either).
const BODY_NOUNS: &[&str] = &[
    "group",
    "organization",
    "organisation",
    "movement",
    "faction",
    "wing",
    "network",
    "outfit",
    "cell",
    "front",
    "force",
    "forces",
    "army",
    "unit",
    "coalition",
    "alliance",
    "party",
];

/// Nouns of organizations beyond the lexicon's cue nouns.
const ORGANIZATION_NOUNS: &[&str] = &[
    "organization",
    "organisation",
    "airline",
    "newspaper",
    "broadcaster",
    "charity",
    "ngo",
    "firm",
    "party",
];

/// Nouns of places beyond the lexicon's cue nouns.
const PLACE_NOUNS: &[&str] = &[
    "capital",
    "suburb",
    "neighborhood",
    "neighbourhood",
    "municipality",
    "settlement",
    "hamlet",
];

/// Nouns of persons beyond the lexicon's titles.
const PERSON_NOUNS: &[&str] = &[
    "member",
    "man",
    "woman",
    "politician",
    "businessman",
    "lawyer",
    "student",
    "soldier",
    "writer",
    "poet",
];

/// The class of a common noun `n` (a token index) that the text says an
/// entity is, with its lowercase modifiers ("a paramilitary
/// organization"): an armed group, an organization, a place, a facility
/// or a person, or none where the noun does not decide ("a group", "a
/// movement", "a force" without an armed modifier).
fn class_of_noun(doc: &Doc, n: usize) -> Option<EntityType> {
    let g = dossier_entities::Gazetteer::global();
    let t = &doc.tokens[n];
    // one common noun ("a group", not "other banned organisations")
    if t.upos.as_deref() != Some("NOUN") || t.pos.as_deref().is_some_and(|p| p != "NN") {
        return None;
    }
    let noun = t.text.to_lowercase();
    let s = doc.sentences.get(t.sentence)?;
    let end = s.token_end.min(doc.tokens.len());
    let children = (s.token_start..end).filter(|&i| doc.tokens[i].head == Some(n));
    let mut armed = false;
    for i in children {
        let c = &doc.tokens[i];
        let w = c.text.to_lowercase();
        if matches!(w.as_str(), "not" | "n't" | "never" | "no") {
            return None;
        }
        let modifier = matches!(c.deprel.as_deref(), Some("amod" | "compound" | "conj"));
        // a lowercase modifier ("militant"), or an amod's own conjunct
        // ("a political and paramilitary organization")
        armed |= modifier && ARMED_MODIFIERS.contains(&w.as_str());
        if c.deprel.as_deref() == Some("amod") {
            armed |= (s.token_start..end).any(|k| {
                doc.tokens[k].head == Some(i)
                    && doc.tokens[k].deprel.as_deref() == Some("conj")
                    && ARMED_MODIFIERS.contains(&doc.tokens[k].text.to_lowercase().as_str())
            });
        }
    }
    let n = noun.as_str();
    if ARMED_NOUNS.contains(&n) || (armed && BODY_NOUNS.contains(&n)) {
        return Some(EntityType::ArmedGroup);
    }
    if PERSON_NOUNS.contains(&n) || g.is_title(n) {
        return Some(EntityType::Person);
    }
    let org = g.is_organization_cue(n) || ORGANIZATION_NOUNS.contains(&n);
    let fac = g.is_facility_cue(n);
    let loc = g.is_location_cue(n) || PLACE_NOUNS.contains(&n);
    match (org, fac, loc) {
        // "force", "army", "front": a state's or a group's
        _ if BODY_NOUNS.contains(&n) && !ORGANIZATION_NOUNS.contains(&n) => None,
        (true, false, false) => Some(EntityType::Organization),
        (false, true, false) => Some(EntityType::Facility),
        (false, false, true) => Some(EntityType::Location),
        _ => None,
    }
}

/// Whether token `k` belongs to the phrase of noun `n`: a dependent of it
/// or of one of its dependents ("a [Drevian] [paramilitary] organization",
/// "[the] [party] [he] founded").
fn in_phrase(doc: &Doc, k: usize, n: usize) -> bool {
    let head = |i: usize| doc.tokens[i].head.filter(|&h| h < doc.tokens.len());
    head(k) == Some(n) || head(k).and_then(head) == Some(n)
}

/// What the text says entity `e` is: the common noun of a copula one of
/// its names is the subject of ("X was a paramilitary organization", "X
/// is a town in …") or of an apposition to one of its names ("X, a
/// militant group, …", "Y's leader, X, …", "the armed group X"), classed
/// by `class_of_noun`. Every name mention so described votes; a class
/// with more votes than any other decides. The text's own words weigh
/// more than the recognizers' labels or the model's guess (issue 13:
/// "Lehi was a … militant organization" typed a place).
pub fn said_to_be(doc: &Doc, e: usize) -> Option<EntityType> {
    let ent = doc.entities.get(e)?;
    let mut votes: Vec<(EntityType, usize)> = Vec::new();
    for (_, s, (t0, t1, head)) in named_mentions(doc, ent) {
        let end = s.token_end.min(doc.tokens.len());
        let outside = |i: usize| i < t0 || i > t1;
        let mut nouns = Vec::new();
        let rel = doc.tokens[head].deprel.as_deref().unwrap_or("");
        if let Some(h) = doc.tokens[head].head.filter(|&h| h < end && outside(h)) {
            // "X was a militant group": X the subject of a copula's noun
            let copula = (s.token_start..end).any(|i| {
                doc.tokens[i].head == Some(h) && doc.tokens[i].deprel.as_deref() == Some("cop")
            });
            if rel == "nsubj" && copula && h > t1 {
                nouns.push(h);
            }
            // "the armed group X", "Y's leader, X", "an armed group in the
            // area, X": X in apposition to a noun with a determiner or a
            // possessive (not "… and civil society, President X announced":
            // a subject misread as an apposition) whose phrase (or a comma)
            // fills the words between them
            let determined = |n: usize| {
                (s.token_start..end).any(|i| {
                    doc.tokens[i].head == Some(n)
                        && matches!(doc.tokens[i].deprel.as_deref(), Some("det" | "nmod:poss"))
                })
            };
            if rel == "appos"
                && h < t0
                && determined(h)
                && (h + 1..t0).all(|k| doc.tokens[k].text == "," || in_phrase(doc, k, h))
            {
                nouns.push(h);
            }
        }
        // "X, a militant group, …": a noun in apposition to X, its phrase
        // opening right after X's comma
        if t1 + 2 < end && doc.tokens[t1 + 1].text == "," {
            nouns.extend((t1 + 2..end).filter(|&i| {
                doc.tokens[i].head == Some(head)
                    && doc.tokens[i].deprel.as_deref() == Some("appos")
                    && (t1 + 2..i).all(|k| in_phrase(doc, k, i))
            }));
        }
        for n in nouns {
            if let Some(t) = class_of_noun(doc, n) {
                match votes.iter_mut().find(|(v, _)| *v == t) {
                    Some((_, c)) => *c += 1,
                    None => votes.push((t, 1)),
                }
            }
        }
    }
    votes.sort_by_key(|v| std::cmp::Reverse(v.1));
    match votes.as_slice() {
        [(t, _)] => Some(*t),
        [(t, a), (_, b), ..] if a > b => Some(*t),
        _ => None,
    }
}

/// A phrase around a name that shows it is a state's ("X armed forces",
/// "government of X", "province, X"): the words before and after the
/// name, and whether one occurrence decides (`strong`) or two different
/// weak ones are needed.
struct StatePhrase {
    before: Vec<String>,
    after: Vec<String>,
    strong: bool,
}

/// The phrases of `crates/learn/data/state_phrases.txt`.
fn state_phrases() -> &'static [StatePhrase] {
    static PHRASES: std::sync::OnceLock<Vec<StatePhrase>> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut strong = true;
        let mut phrases = Vec::new();
        for l in include_str!("../data/state_phrases.txt")
            .lines()
            .map(str::trim)
        {
            match l {
                "[strong]" => strong = true,
                "[weak]" => strong = false,
                _ if l.is_empty() || l.starts_with('#') => {}
                _ => {
                    let words: Vec<String> = l.split_whitespace().map(str::to_lowercase).collect();
                    if let Some(x) = words.iter().position(|w| w == "x") {
                        phrases.push(StatePhrase {
                            before: words[..x].to_vec(),
                            after: words[x + 1..].to_vec(),
                            strong,
                        });
                    }
                }
            }
        }
        phrases
    })
}

/// Whether `w` is a demonym the document derives from the one-word name
/// `name` ("Ostrevian" of "Ostrevia", "Senkaran" of "Senkara",
/// "Nahrayni" of "Nahrayn", "Velmoran" of "Velmora").
fn demonym_of(name: &str, w: &str) -> bool {
    let Some(rest) = w.strip_prefix(name).or_else(|| {
        // "Qadiria" → "Qadiri-an": the name's last vowel dropped
        let stem = name.strip_suffix(['a', 'e', 'o'])?;
        (stem.chars().count() >= 4).then_some(())?;
        w.strip_prefix(stem)
    }) else {
        return false;
    };
    matches!(
        rest,
        "n" | "an" | "ian" | "i" | "ese" | "ans" | "ians" | "is"
    )
}

/// The words [`demonym_of`] takes for a demonym of `name`.
fn demonym_forms(name: &str) -> Vec<String> {
    const ENDINGS: [&str; 8] = ["n", "an", "ian", "i", "ese", "ans", "ians", "is"];
    let stem = name
        .strip_suffix(['a', 'e', 'o'])
        .filter(|stem| stem.chars().count() >= 4);
    let mut forms: Vec<String> = [Some(name), stem]
        .into_iter()
        .flatten()
        .flat_map(|base| ENDINGS.iter().map(move |end| format!("{base}{end}")))
        .filter(|w| demonym_of(name, w))
        .collect();
    forms.sort_unstable();
    forms.dedup();
    forms
}

/// Where each token text stands in a document, built once so that
/// [`names_a_state`] reads a name's occurrences instead of every token for
/// every entity.
pub struct TokenPlaces(std::collections::HashMap<String, Vec<usize>>);

impl TokenPlaces {
    /// The positions of every token text of `doc`.
    pub fn new(doc: &Doc) -> Self {
        let mut at: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, t) in doc.tokens.iter().enumerate() {
            let w: &str = &t.text;
            match at.get_mut(w) {
                Some(list) => list.push(i),
                None => {
                    at.insert(w.to_string(), vec![i]);
                }
            }
        }
        TokenPlaces(at)
    }

    /// The positions of the tokens spelled `w`, in order.
    fn of(&self, w: &str) -> &[usize] {
        self.0.get(w).map_or(&[], Vec::as_slice)
    }
}

/// Whether token `a` is a demonym of the one-word name `name` used as an
/// adjective ("a Senkaran driver", "Sarvenian authorities", "the Ostrevian
/// Border Guard"), not a person's surname ("Karimi said") — before a
/// common noun or a capitalized word, outside any person's mention.
fn adjective_of(doc: &Doc, a: usize, name: &str) -> bool {
    let toks = &doc.tokens;
    if !demonym_of(name, &toks[a].text) {
        return false;
    }
    let Some(next) = toks.get(a + 1).filter(|t| t.sentence == toks[a].sentence) else {
        return false;
    };
    let noun = next.pos.as_deref().is_some_and(|p| p.starts_with("NN"))
        || next
            .upos
            .as_deref()
            .is_some_and(|p| p == "NOUN" || p == "PROPN");
    let in_person = doc
        .mentions
        .iter()
        .any(|m| m.label == EntityType::Person && m.start <= toks[a].start && toks[a].end <= m.end);
    noun && !in_person
}

/// Whether the document shows a name the gazetteer does not know as a
/// country's (issue 13: incident reports' invented states, which the
/// recognizers and the model, trained on real ones the gazetteer lists,
/// type person or place): a strong phrase of `state_phrases` around one
/// of its occurrences ("the government of neighbouring X", "X's foreign
/// ministry", "Wadi Sirrat province, X"), a demonym of it used as an
/// adjective ("Ostrevian special forces"), or two different weak phrases
/// ("the X army", "the X government": bodies, regimes and leaders have
/// these too), or the place after a dateline's capitalized city ("SAN
/// LUIS, X, 12 March": foreign datelines name the country). The name is one to three capitalized
/// words (one if typed person) holding no cue noun of a body, place or
/// facility, nor a title, and the gazetteer knows it as no place,
/// country or demonym.
/// `places`: the document's [`TokenPlaces`].
pub fn names_a_state(doc: &Doc, places: &TokenPlaces, e: usize) -> bool {
    let g = dossier_entities::Gazetteer::global();
    let Some(ent) = doc.entities.get(e) else {
        return false;
    };
    if matches!(ent.etype, EntityType::Country | EntityType::GroupIdentity) {
        return false;
    }
    let words: Vec<&str> = ent.name.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 3
        || (ent.etype == EntityType::Person && words.len() > 1)
        || ent.name.chars().count() < 4
        || !words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c))
        })
        || words.iter().any(|w| {
            g.is_organization_cue(w)
                || g.is_location_cue(w)
                || g.is_facility_cue(w)
                || g.is_armed_group_cue(w)
                || g.is_title(w)
                || g.is_honorific(w)
        })
        || g.place(&ent.name).is_some()
        || g.country(&ent.name).is_some()
        || g.demonym(&ent.name).is_some()
    {
        return false;
    }
    let toks = &doc.tokens;
    let n = words.len();
    let lower = |i: usize| toks[i].text.to_lowercase();
    let phrases = state_phrases();
    // the weak phrases seen (their index)
    let mut weak: Vec<usize> = Vec::new();
    if n == 1
        && demonym_forms(words[0])
            .iter()
            .flat_map(|w| places.of(w))
            .any(|&a| adjective_of(doc, a, words[0]))
    {
        return true;
    }
    for &a in places.of(words[0]) {
        if a + n > toks.len() || (1..n).any(|k| toks[a + k].text != words[k]) {
            continue;
        }
        let b = a + n; // one past the name
        let sentence = toks[a].sentence;
        let same = |i: usize| toks[i].sentence == sentence;
        // the words after the name, past a possessive
        let after = if b < toks.len() && same(b) && matches!(toks[b].text.as_str(), "'s" | "’s") {
            b + 1
        } else {
            b
        };
        let fits = |before: &[String], after_words: &[String]| {
            before.len() <= a
                && before
                    .iter()
                    .enumerate()
                    .all(|(k, w)| same(a - before.len() + k) && lower(a - before.len() + k) == *w)
                && after + after_words.len() <= toks.len()
                && after_words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| same(after + k) && lower(after + k) == *w)
        };
        // "neighbouring X district": a place named by its generic word
        let place_noun = b < toks.len()
            && same(b)
            && toks[b].text.chars().all(char::is_lowercase)
            && g.is_location_cue(&toks[b].text);
        for (k, p) in phrases.iter().enumerate() {
            if place_noun || !fits(&p.before, &p.after) {
                continue;
            }
            if p.strong {
                return true;
            }
            if !weak.contains(&k) {
                weak.push(k);
            }
        }
        // a dateline: "SAN LUIS, X, 12 March" opening the document
        let caps = |i: usize| {
            let t = &toks[i].text;
            t.chars().count() >= 2 && t.chars().all(|c| c.is_uppercase() || c == '-')
        };
        let start = doc.sentences.get(sentence).map_or(0, |s| s.token_start);
        if a >= start + 2
            && toks[a - 1].text == ","
            && caps(a - 2)
            && (start..a - 1).all(|i| caps(i) || matches!(toks[i].text.as_str(), "-" | "'"))
            && b < toks.len()
            && matches!(toks[b].text.as_str(), "," | "—" | "–" | "-" | "(")
        {
            return true;
        }
    }
    weak.len() >= 2
}

/// Removes the entities `drop` marks, with their mentions; the indexes of
/// the others are renumbered. Run before relations and events exist.
pub fn drop_entities(doc: &mut Doc, drop: &[bool]) {
    if !drop.iter().any(|&d| d) {
        return;
    }
    let mut new_index = vec![None; doc.entities.len()];
    let mut n = 0;
    for (i, &d) in drop.iter().enumerate() {
        if !d {
            new_index[i] = Some(n);
            n += 1;
        }
    }
    doc.mentions.retain(|m| {
        m.entity
            .is_none_or(|e| new_index.get(e).copied().flatten().is_some())
    });
    for m in &mut doc.mentions {
        m.entity = m.entity.and_then(|e| new_index.get(e).copied().flatten());
    }
    let mut i = 0;
    doc.entities.retain(|_| {
        let keep = !drop.get(i).copied().unwrap_or(false);
        i += 1;
        keep
    });
    for e in &mut doc.entities {
        e.mentions.clear();
    }
    for (mi, m) in doc.mentions.iter().enumerate() {
        if let Some(e) = m.entity {
            doc.entities[e].mentions.push(mi);
        }
    }
    doc.clear_derived();
}

/// Each entity's name as the words of its [`dossier_entities::name_key`].
fn name_words(doc: &Doc) -> Vec<Vec<String>> {
    doc.entities
        .iter()
        .map(|e| {
            dossier_entities::name_key(&e.name)
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// Drops a person named by a lone first name that begins exactly one
/// other person's name of two words or more, where no person's name has
/// it as a later word ("Tomas" beside "Tomas Duval"): the key names the
/// person once, by the full name; joining such names instead joined a
/// surname to another's first name and lowered relations (session 12).
pub fn drop_lone_first_names(doc: &mut Doc) {
    let keys = name_words(doc);
    let person = |i: usize| doc.entities[i].etype == EntityType::Person;
    let n = doc.entities.len();
    let mut drop = vec![false; n];
    for s in 0..n {
        if !person(s) || keys[s].len() != 1 || !doc.entities[s].aliases.is_empty() {
            continue;
        }
        let w = &keys[s][0];
        let begins = (0..n)
            .filter(|&l| l != s && person(l) && keys[l].len() >= 2 && keys[l][0] == *w)
            .count();
        let later = (0..n).any(|l| l != s && keys[l].iter().skip(1).any(|x| x == w));
        if begins == 1 && !later {
            drop[s] = true;
        }
    }
    drop_entities(doc, &drop);
}

/// Joins a person named by part of another person's name — its last
/// words ("Ferrin" of "Ada Ferrin") or its first two or more ("Ada Vell"
/// of "Ada Vell Ferrin"; one first word alone is as often another's
/// surname: "Massoud" and "Massoud Khalili") — to that person, where
/// exactly one person of the document has a longer name so ended or
/// begun (two Ferrins keep "Ferrin" apart), or whose second-last word it
/// is ("Saldívar" of "Adriana Saldívar Ruiz": `paternal_surname`). Coreference links such parts while the recognizers type both
/// a person; typing finds the rest. Run before relations and events
/// exist.
pub fn join_person_parts(doc: &mut Doc) {
    let keys = name_words(doc);
    let person = |i: usize| doc.entities[i].etype == EntityType::Person;
    let mut into: Vec<Option<usize>> = vec![None; doc.entities.len()];
    for s in 0..doc.entities.len() {
        let part = &keys[s];
        if !person(s) || part.is_empty() {
            continue;
        }
        let hosts = |fits: &dyn Fn(&[String]) -> bool| {
            let mut hosts = (0..doc.entities.len())
                .filter(|&l| l != s && person(l) && keys[l].len() > part.len() && fits(&keys[l]));
            match (hosts.next(), hosts.next()) {
                (Some(l), None) => Some(l),
                _ => None,
            }
        };
        // a surname or first names, else a paternal surname
        let host = hosts(&|full| full.ends_with(part) || part.len() > 1 && full.starts_with(part))
            .or_else(|| hosts(&|full| paternal_surname(part, full)));
        if let Some(l) = host {
            if into[l].is_none() {
                into[s] = Some(l);
            }
        }
    }
    join_into(doc, &into);
}

/// Joins a person's nickname quoted inside the name ("Ernesto \"El Flaco\"
/// Quiroga Benítez": the recognizers find the nickname and "Quiroga
/// Benítez", two persons) and the name after it into one person, whose name
/// becomes the full one without the nickname ("Ernesto Quiroga Benítez"),
/// so that later short forms ("Quiroga") find it. The words before the
/// quote: one to three capitalized words, no title. Run before
/// `join_person_parts`.
pub fn join_quoted_nicknames(doc: &mut Doc) {
    let g = dossier_entities::Gazetteer::global();
    let len = doc.len_chars();
    let n = doc.entities.len();
    let mut into: Vec<Option<usize>> = vec![None; n];
    let mut full_names: Vec<(usize, String)> = Vec::new();
    let person = |m: &dossier_doc::Mention| {
        m.entity.filter(|&e| {
            doc.entities
                .get(e)
                .is_some_and(|e| e.etype == EntityType::Person)
        })
    };
    for (k, nick) in doc.mentions.iter().enumerate() {
        let Some(a) = person(nick) else { continue };
        if nick.start < 2 || nick.end + 3 > len {
            continue;
        }
        // the quotes, in parentheses or not: `Ada "X" Ferrin`, `Ada ("X") Ferrin`
        let quoted = matches!(doc.slice(nick.start - 1, nick.start), "\"" | "\u{201c}")
            && matches!(doc.slice(nick.end, nick.end + 1), "\"" | "\u{201d}");
        if !quoted {
            continue;
        }
        let paren = doc.slice(nick.start - 2, nick.start - 1) == "("
            && doc.slice(nick.end + 1, nick.end + 2) == ")";
        let (open, at) = if paren {
            (nick.start - 2, nick.end + 3)
        } else {
            (nick.start - 1, nick.end + 2)
        };
        if at > len || doc.slice(at - 1, at) != " " {
            continue;
        }
        // the name going on after the quote
        let Some(b) = doc.mentions[k + 1..]
            .iter()
            .take_while(|m| m.start <= at)
            .find(|m| m.start == at)
            .and_then(person)
        else {
            continue;
        };
        if a == b || into[a].is_some() || into[b].is_some() || into.contains(&Some(a)) {
            continue;
        }
        // its first words, right before the opening quote
        let before = doc.slice(open.saturating_sub(60), open);
        let Some(before) = before.strip_suffix(' ') else {
            continue;
        };
        let words: Vec<&str> = before
            .rsplit(' ')
            .take_while(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            })
            .take(4)
            .collect();
        if words.is_empty() || words.len() > 3 || words.iter().any(|w| g.is_title(w)) {
            continue;
        }
        let first: Vec<&str> = words.into_iter().rev().collect();
        let surname = doc
            .mentions
            .iter()
            .find(|m| m.entity == Some(b) && m.start == at);
        let Some(surname) = surname else { continue };
        let full = format!("{} {}", first.join(" "), surname.text);
        if full.split_whitespace().count() > doc.entities[b].name.split_whitespace().count() {
            full_names.push((b, full));
        }
        into[a] = Some(b);
        // the first name found as a person of its own joins too
        let first_of = doc.mentions[..k]
            .iter()
            .rev()
            .take(4)
            .find(|m| m.end + 1 == open)
            .and_then(person);
        if let Some(c) = first_of {
            if c != b && c != a && into[c].is_none() && !into.contains(&Some(c)) {
                into[c] = Some(b);
            }
        }
    }
    for (b, full) in full_names {
        let e = &mut doc.entities[b];
        if e.name != full {
            let old = std::mem::replace(&mut e.name, full);
            e.aliases.retain(|x| *x != e.name);
            if !e.aliases.contains(&old) {
                e.aliases.push(old);
            }
        }
    }
    // `join_into` moves `i` into `j` in index order; a host before its
    // guest is fine since no host is joined anywhere
    join_into(doc, &into);
}

/// Whether `part` names the person `full` (three words or more) by the
/// second-last word of the name, the first of two surnames in Spanish and
/// Portuguese usage ("Saldívar" of "Adriana Saldívar Ruiz", "Daniel
/// Ortega" of "Daniel José Ortega Saavedra"), alone or after the first
/// name.
fn paternal_surname(part: &[String], full: &[String]) -> bool {
    let n = full.len();
    n >= 3
        && match part {
            [surname] => *surname == full[n - 2],
            [first, surname] => *first == full[0] && *surname == full[n - 2],
            _ => false,
        }
}

/// Whether an entity of type `t` names a body: an organization or an
/// armed group (the two the recognizers and the model most confuse).
fn is_body(t: EntityType) -> bool {
    matches!(t, EntityType::Organization | EntityType::ArmedGroup)
}

/// Whether `short` and `long` (name keys split in words, `long` longer)
/// name one body or place of a document, with the short name's
/// original spelling `name`: the same key and type; a body named by the
/// last two or more words of another body's name, or by its acronym
/// within it ("Kavran Army" or "KA" of "Provisional Kavran Army"); a
/// body's acronym spelling the initials of the other's name ("PKA" of
/// "Provisional Kavran Army"); a body's name followed in the other by
/// one generic noun ("Vessa Underground" of "Vessa Underground
/// Organization"); or a place's name followed by cue nouns of places
/// only ("Kavra" of "Kavra Valley").
fn names_one(
    name: &str,
    short: (&[String], EntityType),
    long: (&[String], EntityType, &str),
) -> bool {
    let (s, st) = short;
    let (l, lt, lname) = long;
    if s.is_empty() || l.is_empty() {
        return false;
    }
    if s == l {
        return st == lt;
    }
    if s.len() >= l.len() {
        return false;
    }
    let g = dossier_entities::Gazetteer::global();
    let acronym = s.len() == 1 && dossier_entities::is_acronym(name.trim());
    if is_body(st) && is_body(lt) {
        // not the last conjunct of a span the recognizers ran together
        // ("Kavra Front" of "KPA and Greater Kavra Front")
        let joined_span = l
            .iter()
            .any(|w| matches!(w.as_str(), "and" | "or" | "y" | "et"));
        // and a modifier of the name before it, not a connector: "Frente
        // Rojo del VRM" is named after a place, not its long form
        let modified = !matches!(
            l[l.len() - s.len() - 1].as_str(),
            "of" | "the"
                | "for"
                | "in"
                | "de"
                | "del"
                | "la"
                | "los"
                | "las"
                | "du"
                | "des"
                | "di"
                | "da"
                | "do"
                | "al"
                | "el"
                | "wal"
                | "bin"
                | "ibn"
        );
        if l.ends_with(s) && (s.len() >= 2 || acronym) && !joined_span && modified {
            return true;
        }
        if acronym {
            // the initials of its capitalized words, or of all its words
            // ("PLOV" of "People's Liberation Organization of Vessa")
            let letters: String = name.chars().filter(|c| c.is_alphabetic()).collect();
            let spaced = lname.replace('-', " ");
            let all: String = spaced
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            if letters == dossier_entities::initials(&spaced) || letters == all {
                return true;
            }
        }
        // one generic body noun after it, not a body of its own ("Vessa
        // Army Council", "Vessa Brigade Resistance Movement")
        return l.len() == s.len() + 1
            && l.starts_with(s)
            && matches!(
                l[s.len()].as_str(),
                "organization" | "organisation" | "group" | "movement"
            );
    }
    // a place before place cue nouns, not "City": a city named after its
    // state or province is another place ("Kavra City" in Kavra province)
    st == EntityType::Location
        && lt == EntityType::Location
        && l.starts_with(s)
        && l[s.len()..]
            .iter()
            .all(|w| g.is_location_cue(w) && w != "city")
}

/// Whether `name`, a body's acronym, spells the initials of one of the
/// other body `host`'s aliases of two words or more ("KNP" of a "National
/// Police" whose alias is "Kavran National Police": coreference keys the
/// mention without its demonym, so the name's own initials miss it).
fn acronym_of_alias(name: &str, etype: EntityType, host: &dossier_doc::Entity) -> bool {
    if !is_body(etype) || !is_body(host.etype) || !dossier_entities::is_acronym(name.trim()) {
        return false;
    }
    let short = dossier_entities::name_key(name);
    let short: Vec<String> = short.split_whitespace().map(str::to_string).collect();
    host.aliases.iter().any(|a| {
        let key = dossier_entities::name_key(a);
        let long: Vec<String> = key.split_whitespace().map(str::to_string).collect();
        long.len() >= 2 && names_one(name, (&short, etype), (&long, host.etype, a))
    })
}

/// Joins an entity to the one other entity of the document that
/// `names_one` says it names (a body's short form, acronym or name
/// without its noun; a place without its "Valley" or "Province"; the same
/// name given the same type twice; two bodies or places of one type that
/// share a name or alias): coreference keeps such names apart
/// when the recognizers typed them differently, and the typing model's
/// types may since agree. A name that could join two others stays apart.
/// A person joins only a person of the same name (other parts are
/// [`join_person_parts`]'s). Run before relations and events
/// exist.
pub fn join_same_names(doc: &mut Doc) {
    let keys = name_words(doc);
    // every name of each entity, keyed
    let all: Vec<std::collections::HashSet<String>> = doc
        .entities
        .iter()
        .map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|a| dossier_entities::name_key(a))
                .filter(|k| !k.is_empty())
                .collect()
        })
        .collect();
    // of two bodies or places of one type sharing a name ("Vessa Union"
    // with its alias "VU", and "VU"), the one with the longer name (or
    // the earlier) is the other's host
    let shares_a_name = |s: usize, l: usize| {
        let (es, el) = (&doc.entities[s], &doc.entities[l]);
        es.etype == el.etype
            && es.etype != EntityType::Person
            && keys[s] != keys[l]
            && (keys[l].len(), std::cmp::Reverse(l)) > (keys[s].len(), std::cmp::Reverse(s))
            && !all[s].is_disjoint(&all[l])
    };
    // the sentences naming each entity: two names said in one sentence
    // are two entities ("the Northern Tolvar Front broke away from the
    // Tolvar Front"); one body named twice in a sentence gives its short
    // form in parentheses, which coreference already made an alias
    let named_in: Vec<std::collections::HashSet<usize>> = doc
        .entities
        .iter()
        .map(|e| {
            e.mentions
                .iter()
                .map(|&m| &doc.mentions[m])
                .filter(|m| !matches!(m.kind, MentionKind::Pronoun | MentionKind::Nominal))
                .map(|m| m.sentence)
                .collect()
        })
        .collect();
    let n = doc.entities.len();
    let mut into: Vec<Option<usize>> = vec![None; n];
    let mut target = vec![false; n];
    for s in 0..n {
        let es = &doc.entities[s];
        if target[s] {
            continue;
        }
        let mut hosts = (0..n).filter(|&l| {
            let el = &doc.entities[l];
            l != s
                && (keys[l] == keys[s] || named_in[s].is_disjoint(&named_in[l]))
                && (shares_a_name(s, l)
                    // persons join only their own name (else join_person_parts)
                    || (keys[l] == keys[s] || es.etype != EntityType::Person)
                        // of two same names, the later joins the earlier
                        && (keys[l] != keys[s] || l < s)
                        && (names_one(
                            &es.name,
                            (&keys[s], es.etype),
                            (&keys[l], el.etype, &el.name),
                        ) || acronym_of_alias(&es.name, es.etype, el)))
        });
        if let (Some(l), None) = (hosts.next(), hosts.next()) {
            if into[l].is_none() {
                into[s] = Some(l);
                target[l] = true;
            }
        }
    }
    join_into(doc, &into);
}

/// The country a name calls "its government" ("Spanish government",
/// "the Government of Tolvia", "Tolvian Government"): the corpus guide
/// keys "the government of X" as the country X (§2.3). Only where the
/// words beside "government" are all a country's name or demonym ("the
/// Military Caretaker Government", "Tolvian Interim Government" are
/// bodies of their own).
fn government_of(name: &str) -> Option<&'static dossier_entities::Country> {
    let g = dossier_entities::Gazetteer::global();
    governed(name, &|s: &str| g.country(s).or_else(|| g.demonym(s)))
}

/// The state `state` finds in the words a name calls "its government"
/// ("Government of X", "the government of the X", "X government").
fn governed<T>(name: &str, state: &dyn Fn(&str) -> Option<T>) -> Option<T> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let words = match words.first() {
        Some(w) if w.eq_ignore_ascii_case("the") => &words[1..],
        _ => &words[..],
    };
    let is_gov = |w: &str| w.eq_ignore_ascii_case("government");
    let state = |ws: &[&str]| {
        let s = ws.join(" ");
        (!s.is_empty()).then(|| state(&s)).flatten()
    };
    match words {
        [gov, of, rest @ ..] if is_gov(gov) && *of == "of" => match rest {
            [the, rest @ ..] if the.eq_ignore_ascii_case("the") => {
                state(rest).or_else(|| state(&words[2..]))
            }
            _ => state(rest),
        },
        [rest @ .., gov] if is_gov(gov) => state(rest),
        _ => None,
    }
}

/// Makes a body named as a state's government ("Spanish government") part
/// of that state's entity where the document names the state, else the
/// state itself (type country, its name kept: the key lists such names
/// among the country's aliases).
pub fn join_governments(doc: &mut Doc) {
    let g = dossier_entities::Gazetteer::global();
    let n = doc.entities.len();
    let mut into: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if doc.entities[i].etype == EntityType::Country {
            // a government already typed the country ("Tolvian Government")
            // still joins the state's own entity where the document names it
            let name = &doc.entities[i].name;
            if g.country(name).is_none() {
                if let Some(c) = government_of(name) {
                    into[i] = (0..n).find(|&j| {
                        let e = &doc.entities[j];
                        j != i
                            && e.etype == EntityType::Country
                            && into[j].is_none()
                            && g.country(&e.name).is_some_and(|d| d.iso2 == c.iso2)
                    });
                }
            }
            continue;
        }
        let Some(c) = government_of(&doc.entities[i].name) else {
            // an invented state the document names ("the Government of
            // Tolvia" beside "Tolvia", typed a country by `names_a_state`)
            let named = |s: &str| {
                (0..n).find(|&j| {
                    let e = &doc.entities[j];
                    j != i
                        && e.etype == EntityType::Country
                        && into[j].is_none()
                        && (e.name == s || e.aliases.iter().any(|a| a == s))
                })
            };
            into[i] = governed(&doc.entities[i].name, &named);
            continue;
        };
        let host = (0..n).find(|&j| {
            let e = &doc.entities[j];
            j != i
                && e.etype == EntityType::Country
                && into[j].is_none()
                && g.country(&e.name).is_some_and(|d| d.iso2 == c.iso2)
        });
        match host {
            Some(j) => into[i] = Some(j),
            None => {
                doc.entities[i].etype = EntityType::Country;
                for &mi in &doc.entities[i].mentions {
                    if let Some(m) = doc.mentions.get_mut(mi) {
                        m.label = EntityType::Country;
                    }
                }
            }
        }
    }
    join_into(doc, &into);
}

/// Makes each entity `i` with `into[i] = Some(j)` part of entity `j`
/// (its names become `j`'s aliases, its mentions `j`'s), then removes it.
/// A chain `i → j → k` ends in `k` because it only forms with `i < j`
/// (a name never joins one already joined), so `i` moves into `j` before
/// `j` moves on.
fn join_into(doc: &mut Doc, into: &[Option<usize>]) {
    if into.iter().all(Option::is_none) {
        return;
    }
    for (i, j) in into.iter().enumerate() {
        let Some(j) = *j else { continue };
        let e = &doc.entities[i];
        let names: Vec<String> = std::iter::once(e.name.clone())
            .chain(e.aliases.iter().cloned())
            .collect();
        let etype = doc.entities[j].etype;
        let target = &mut doc.entities[j];
        for n in names {
            if n != target.name && !target.aliases.contains(&n) {
                target.aliases.push(n);
            }
        }
        for m in &mut doc.mentions {
            if m.entity == Some(i) {
                m.entity = Some(j);
                m.label = etype;
            }
        }
    }
    for e in &mut doc.entities {
        e.mentions.clear();
    }
    for (mi, m) in doc.mentions.iter().enumerate() {
        if let Some(e) = m.entity {
            doc.entities[e].mentions.push(mi);
        }
    }
    let drop: Vec<bool> = into.iter().map(Option::is_some).collect();
    drop_entities(doc, &drop);
}

/// A mention's dependency relation `rel` with the preposition that marks it
/// ("obl_in", "nmod_of"): the `case` dependent of its head among the two
/// words before the mention, if any.
fn with_case(doc: &Doc, t0: usize, head: usize, rel: &str) -> String {
    let case = (t0.saturating_sub(2)..t0)
        .rev()
        .find(|&i| {
            doc.tokens[i].deprel.as_deref() == Some("case") && doc.tokens[i].head == Some(head)
        })
        .map(|i| lower(doc, i));
    match case {
        Some(c) => format!("{rel}_{c}"),
        None => rel.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_word_name_the_text_writes_in_lowercase_is_generic() {
        use dossier_extract::fixture::doc_from_markup;
        let doc = doc_from_markup(
            "[Army|organization] units entered Kesh. The army of Tolvia said the \
             [Drava Front|armed_group] fled north, and [Ferrin|person] agreed.",
        );
        // a common noun the document also writes in lowercase
        assert!(is_generic_word(&doc, "Army"));
        // a direction word cut from a longer name
        assert!(is_generic_word(&doc, "North"));
        // a head noun of bodies, though not written in lowercase here
        assert!(is_generic_word(&doc, "Front"));
        // a legislature, a name, an acronym, a longer name
        for name in ["Senate", "Ferrin", "ARMY", "Drava Front", "Al-Army", ""] {
            assert!(!is_generic_word(&doc, name), "{name}");
        }
    }

    #[test]
    fn a_state_named_by_its_government_is_the_state() {
        let iso = |n: &str| government_of(n).map(|c| c.iso2.clone());
        assert_eq!(iso("Spanish government"), Some("ES".into()));
        assert_eq!(iso("the Government of Peru"), Some("PE".into()));
        assert_eq!(iso("Government of the Philippines"), Some("PH".into()));
        assert_eq!(iso("Peruvian Government"), Some("PE".into()));
        for name in [
            "Military Caretaker Government",
            "Spanish Interim Government",
            "Government of National Unity",
            "government",
            "Spanish",
            "",
        ] {
            assert_eq!(iso(name), None, "{name}");
        }
    }

    #[test]
    fn a_government_joins_its_state_or_becomes_it() {
        use dossier_extract::fixture::doc_from_markup;
        let mut doc = doc_from_markup(
            "The [Spanish government|organization] said [Spain|country] would \
             talk. The [Peruvian government|organization] agreed.",
        );
        join_governments(&mut doc);
        let ents: Vec<(&str, EntityType, Vec<&str>)> = doc
            .entities
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.etype,
                    e.aliases.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert!(ents.contains(&("Spain", EntityType::Country, vec!["Spanish government"])));
        assert!(ents.contains(&("Peruvian government", EntityType::Country, vec![])));
        assert_eq!(ents.len(), 2);
        // an invented state the document names joins the same way; a body
        // of another name stays
        let mut doc = doc_from_markup(
            "The [Government of Varnesia|organization] said [Varnesia|country] would \
             talk. The [Government of Kessel|organization] agreed.",
        );
        join_governments(&mut doc);
        let ents = names_with_aliases(&doc);
        assert_eq!(
            ents,
            vec![
                ("Varnesia", vec!["Government of Varnesia"]),
                ("Government of Kessel", vec![])
            ]
        );
    }

    #[test]
    fn works_laws_operations_and_wars_are_no_entities() {
        for name in [
            "Treaty of Varna",
            "the Kessel Accords",
            "Operation Iron Gate",
            "Operación Roca Negra",
            "Battle of Tolva",
            "Second Drava War",
            "Tolvan Security Act",
            "Trial of the Drava Brigade",
            "Harrow Amendment",
        ] {
            assert!(names_a_work_or_event(name), "{name}");
        }
        for name in [
            // a head noun that is also a first name or a body word
            "Bill Varenko",
            "War Office",
            "Committees for the Defense of the Revolution",
            "Copper Vale Insurgency",
            "Army of the Revolution",
            "Operation",
            "Drava Valley",
            // a body's report is its body's affair
            "Kessel Commission Report",
        ] {
            assert!(!names_a_work_or_event(name), "{name}");
        }
    }

    #[test]
    fn a_name_the_document_treats_as_a_body_or_place_is_no_person() {
        use dossier_extract::fixture::doc_from_markup;
        let kind = |markup: &str| not_a_person(&doc_from_markup(markup), 0);
        use EntityType::*;
        // "X militants": an armed group; "the X", "members of X": a body
        assert_eq!(
            kind("Police blamed the [Hermandad Roja|person]. Later [Hermandad Roja|person] militants fled."),
            Some(ArmedGroup)
        );
        assert_eq!(
            kind("Two members of [Liwa Tolvan|person] were held."),
            Some(Organization)
        );
        // "in X", "near X": a place, a facility by its cue noun
        assert_eq!(
            kind("A bomb went off in [Barrio Kessel|person] at dawn."),
            Some(Location)
        );
        assert_eq!(
            kind("Guards fired near [Vell Prison|person]."),
            Some(Facility)
        );
        // a title, ", who", or too little evidence: a person stays one
        for markup in [
            "Police blamed the [Ada Ferrin|person]. Commander [Ada Ferrin|person] fled.",
            "The envoy met [Rami Vessel|person], who left in haste. He was in [Rami Vessel|person] company.",
            "[Orla Vance|person] spoke. [Orla Vance|person] left. [Orla Vance|person] returned. Crowds in [Orla Vance|person] square cheered.",
            "[Orla Vance|person] arrived at dawn.",
            // a possessive is no evidence
            "He is a member of [Rami Vessel|person]'s party.",
        ] {
            assert_eq!(kind(markup), None, "{markup}");
        }
    }

    #[test]
    fn issue13_a_place_the_document_treats_as_a_body_is_no_place() {
        use dossier_extract::fixture::doc_from_markup;
        let kind = |markup: &str| not_a_place(&doc_from_markup(markup), 0);
        use EntityType::*;
        // "X militants": an armed group; "members of X", "joined X": a body
        assert_eq!(
            kind("[Drovak|location] militants fled. Police raided [Drovak|location] cells."),
            Some(ArmedGroup)
        );
        assert_eq!(
            kind(
                "Two members of [Velkun|location] were held. He joined [Velkun|location] in 1944."
            ),
            Some(Organization)
        );
        assert_eq!(
            kind("The [Velkun|location] said it had no part in it. Police blamed the [Velkun|location]. Shops in [Velkun|location] closed."),
            Some(Organization)
        );
        for markup in [
            // place evidence outweighs it, or too little evidence
            "A bomb went off in [Drovak|location]. [Drovak|location] militants fled. Troops stayed near [Drovak|location].",
            "[Drovak|location] is quiet. [Drovak|location] lies east. Shops in [Drovak|location] opened. [Drovak|location] fighters left.",
            "A bomb went off in [Drovak|location].",
            "Troops moved into the [Drovak|location]. The [Drovak|location] border closed. Rain fell in the [Drovak|location].",
            // a known place or a place cue noun keeps its type
            "[Kabul|location] militants fled.",
            "[Drovak Valley|location] militants fled.",
        ] {
            assert_eq!(kind(markup), None, "{markup}");
        }
    }

    /// A marked-up document parsed by the built-in parser.
    fn parsed(markup: &str) -> Doc {
        use dossier_doc::Component;
        let mut doc = dossier_extract::fixture::doc_from_markup(markup);
        dossier_parser::DependencyParser::new()
            .process(&mut doc)
            .expect("the built-in parser runs");
        doc
    }

    #[test]
    fn issue13_what_the_text_says_an_entity_is_types_it() {
        use EntityType::*;
        let kind = |markup: &str| said_to_be(&parsed(markup), 0);
        // a copula's noun with an armed modifier, an apposition's noun
        assert_eq!(
            kind("[Zorvan|location] was a Drevian paramilitary organization founded in 1940."),
            Some(ArmedGroup)
        );
        assert_eq!(
            kind("The attack was claimed by the [Tolvan Front|organization], an armed group active in the north."),
            Some(ArmedGroup)
        );
        assert_eq!(
            kind("[Karvel|person], the party he founded, won four seats."),
            Some(Organization)
        );
        assert_eq!(
            kind("Rain fell on [Ostrava Dul|person], a town in the hills."),
            Some(Location)
        );
        assert_eq!(
            kind("He said a second armed group in the area, the [Marro Hills Guard|organization], was not involved."),
            Some(ArmedGroup)
        );
        assert_eq!(
            kind("The party's leader, [Ilse Varn|organization], resigned."),
            Some(Person)
        );
        // "a group" or "a movement" alone does not decide; nor a negated
        // copula, nor a name that is only mentioned
        for markup in [
            "[Zorvan|location] is a group of veterans.",
            "[Zorvan|location] is not a militant group.",
            "Police said [Zorvan|location] fled to the hills.",
            // an apposition to a bare noun is likelier a misread subject
            "Talks between the state, business and civil society, President [Ilse Varn|organization] announced, went on.",
            // a plural noun names a class, not the entity
            "Police banned [Zorvan|location] and other militant groups.",
        ] {
            assert_eq!(kind(markup), None, "{markup}");
        }
    }

    #[test]
    fn issue13_an_invented_state_the_document_shows_is_a_country() {
        let state = |markup: &str| {
            let doc = parsed(markup);
            names_a_state(&doc, &TokenPlaces::new(&doc), 0)
        };
        for markup in [
            "The government of neighbouring [Kel Dorran|location] closed the border.",
            "Rebels shelled neighbouring [Kel Dorran|location] on Monday.",
            "[Varnesia|person]'s foreign ministry denied the report.",
            "The raid took place in Tolvo, Wadi Kesh province, [Varnesia|location].",
            "Country: [Varnesia|organization]",
            "[Varnesia|person] was quiet. A Varnesian driver was hurt.",
            // a dateline's place after the city (foreign datelines name
            // the country), two weak phrases
            "KESSA DOR, [Varnesia|person], 12 March 2019 — Gunmen fired on a bus.",
            "The [Varnesia|person] army fired. The Varnesia government denied it.",
        ] {
            assert!(state(markup), "{markup}");
        }
        for markup in [
            // one weak phrase: bodies, regimes and leaders have them too
            "Troops of the [Varnesia|person] army's 4th Brigade fired on the crowd.",
            "The [Tolvan|organization] government fell in 1992.",
            // no state phrase, a person's surname, a known place, a body's
            // or place's cue noun, a person's full name, a place noun after
            "[Varnesia|person] fled to the hills with his men.",
            "[Ada Karim|person] met [Karimi|person] in Tolvo.",
            "The army of [Ada Karim|person] was small. Karimi said nothing.",
            "The [Kessa Hills|location] armed forces fired.",
            "[France|location]'s foreign ministry denied it.",
            "The [Tolva Front|organization]'s navy grew.",
            "Fighting in [Ostrava Dul|location] went on.",
            "They blew up a tower in neighbouring [Sonvar|location] district.",
            "The administrator of Kessa district, [Ada Karim|person], survived.",
            "Gunmen fired on a bus in [Kessa Dor|location], Tolvo, on 12 March.",
        ] {
            assert!(!state(markup), "{markup}");
        }
    }

    fn person(name: &str) -> dossier_doc::Entity {
        dossier_doc::Entity {
            etype: EntityType::Person,
            name: name.to_string(),
            aliases: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn joined(names: &[&str]) -> Vec<(String, Vec<String>, Vec<usize>)> {
        let mut doc = Doc::default();
        for (i, n) in names.iter().enumerate() {
            doc.mentions.push(dossier_doc::Mention {
                start: 0,
                end: n.len(),
                sentence: i,
                text: n.to_string(),
                label: EntityType::Person,
                kind: MentionKind::Name,
                source: "test".to_string(),
                confidence: 1.0,
                entity: Some(i),
            });
            let mut e = person(n);
            e.mentions.push(i);
            doc.entities.push(e);
        }
        join_person_parts(&mut doc);
        doc.entities
            .into_iter()
            .map(|e| (e.name, e.aliases, e.mentions))
            .collect()
    }

    #[test]
    fn a_surname_or_first_names_join_the_one_person_so_named() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            joined(&[
                "Ferrin",
                "Ada Ferrin",
                "Ada Vell",
                "Ada Vell Korr",
                "Tomas Brel"
            ]),
            vec![
                ("Ada Ferrin".to_string(), s(&["Ferrin"]), vec![0, 1]),
                ("Ada Vell Korr".to_string(), s(&["Ada Vell"]), vec![2, 3]),
                ("Tomas Brel".to_string(), s(&[]), vec![4]),
            ]
        );
        // issue13: the first of two surnames, alone or after the first name
        assert_eq!(
            joined(&["Varga", "Ines Varga Ruel", "Ada Korr Vell Tam", "Ada Vell"]),
            vec![
                ("Ines Varga Ruel".to_string(), s(&["Varga"]), vec![0, 1]),
                (
                    "Ada Korr Vell Tam".to_string(),
                    s(&["Ada Vell"]),
                    vec![2, 3]
                ),
            ]
        );
        // not where two persons have it so, nor the first word
        assert_eq!(
            joined(&["Varga", "Ines Varga Ruel", "Bo Varga Tam"]).len(),
            3
        );
        assert_eq!(joined(&["Ines", "Ines Varga Ruel"]).len(), 2);
        // two Ferrins, or one first name that is another's surname: apart
        assert_eq!(joined(&["Ferrin", "Ada Ferrin", "Ilse Ferrin"]).len(), 3);
        assert_eq!(joined(&["Massel", "Massel Korr"]).len(), 2);
        // a chain of joins ends in its longest name, mentions and all
        assert_eq!(
            joined(&["Vessel", "Rami Vessel", "Rami Vessel Adan"]),
            vec![(
                "Rami Vessel Adan".to_string(),
                s(&["Rami Vessel", "Vessel"]),
                vec![0, 1, 2]
            )]
        );
    }

    #[test]
    fn bodies_of_one_type_sharing_an_alias_join_the_longer_name() {
        use EntityType::*;
        let mut doc = Doc::default();
        for (i, (n, t, a)) in [
            ("VU", Organization, vec![]),
            ("Vessa Union", Organization, vec!["VU"]),
            ("Red Hawk", Person, vec![]),
            ("Ada Ferrin", Person, vec!["Red Hawk"]),
        ]
        .into_iter()
        .enumerate()
        {
            push_named(&mut doc, n, t, a, i);
        }
        join_same_names(&mut doc);
        let names: Vec<(&str, usize)> = doc
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.mentions.len()))
            .collect();
        // a person's nickname shared with another stays the other's affair
        assert_eq!(
            names,
            vec![("Vessa Union", 2), ("Red Hawk", 1), ("Ada Ferrin", 1)]
        );
    }

    fn joined_typed(ents: &[(&str, EntityType)]) -> Vec<(String, EntityType, Vec<String>)> {
        let mut doc = Doc::default();
        for (i, (n, t)) in ents.iter().enumerate() {
            doc.mentions.push(dossier_doc::Mention {
                start: 0,
                end: n.len(),
                sentence: i,
                text: n.to_string(),
                label: *t,
                kind: MentionKind::Name,
                source: "test".to_string(),
                confidence: 1.0,
                entity: Some(i),
            });
            doc.entities.push(dossier_doc::Entity {
                etype: *t,
                name: n.to_string(),
                aliases: Vec::new(),
                mentions: vec![i],
            });
        }
        join_same_names(&mut doc);
        for m in &doc.mentions {
            let e = m.entity.expect("every mention keeps an entity");
            assert_eq!(m.label, doc.entities[e].etype);
        }
        doc.entities
            .into_iter()
            .map(|e| (e.name, e.etype, e.aliases))
            .collect()
    }

    /// Adds entity number `doc.entities.len()` named `n`, with one name
    /// mention in `sentence`.
    fn push_named(doc: &mut Doc, n: &str, t: EntityType, a: Vec<&str>, sentence: usize) {
        let i = doc.entities.len();
        doc.mentions.push(dossier_doc::Mention {
            start: 0,
            end: n.len(),
            sentence,
            text: n.to_string(),
            label: t,
            kind: MentionKind::Name,
            source: "test".to_string(),
            confidence: 1.0,
            entity: Some(i),
        });
        doc.entities.push(dossier_doc::Entity {
            etype: t,
            name: n.to_string(),
            aliases: a.into_iter().map(str::to_string).collect(),
            mentions: vec![i],
        });
    }

    /// Each entity's name and aliases.
    fn names_with_aliases(doc: &Doc) -> Vec<(&str, Vec<&str>)> {
        doc.entities
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.aliases.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    /// Each person's name, aliases and mention count.
    fn persons_with_aliases(doc: &dossier_doc::Doc) -> Vec<(&str, Vec<&str>, usize)> {
        doc.entities
            .iter()
            .filter(|e| e.etype == EntityType::Person)
            .map(|e| {
                (
                    e.name.as_str(),
                    e.aliases.iter().map(String::as_str).collect(),
                    e.mentions.len(),
                )
            })
            .collect()
    }

    #[test]
    fn issue13_a_nickname_quoted_inside_a_name_joins_the_person() {
        use dossier_extract::fixture::doc_from_markup;
        let mut doc = doc_from_markup(
            "A court in Varna sentenced Tomas \"[El Lobo|person]\" [Ferrin Duval|person] \
             to prison. [Ferrin|person] was arrested in May.",
        );
        join_quoted_nicknames(&mut doc);
        join_person_parts(&mut doc);
        let persons = persons_with_aliases(&doc);
        assert_eq!(
            persons,
            vec![(
                "Tomas Ferrin Duval",
                vec!["Ferrin Duval", "El Lobo", "Ferrin"],
                3
            )]
        );
        // the nickname in parentheses, the first name a person of its own
        let mut doc = doc_from_markup(
            "It was founded by [Tomas|person] (\"[Lobo|person]\") [Duval|person=Tomas Duval] \
             in Varna. [Tomas Duval|person] was shot in 1942.",
        );
        join_quoted_nicknames(&mut doc);
        let persons = persons_with_aliases(&doc);
        assert_eq!(
            persons,
            vec![("Tomas Duval", vec!["Duval", "Tomas", "Lobo"], 4)]
        );
        // no first name before the quote, or a title: two persons stay
        for markup in [
            "He feared the \"[Butcher|person]\" [Ada Ferrin|person] most.",
            "Colonel \"[Lobo|person]\" [Duval|person] fled.",
        ] {
            let mut doc = doc_from_markup(markup);
            join_quoted_nicknames(&mut doc);
            let persons = doc
                .entities
                .iter()
                .filter(|e| e.etype == EntityType::Person)
                .count();
            assert_eq!(persons, 2, "{markup}");
        }
    }

    #[test]
    fn issue13_a_lone_first_name_of_one_person_is_dropped() {
        use dossier_extract::fixture::doc_from_markup;
        let names = |markup: &str| {
            let mut doc = doc_from_markup(markup);
            drop_lone_first_names(&mut doc);
            doc.entities
                .iter()
                .map(|e| e.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("[Tomas Duval|person] spoke in [Varna|location]. [Tomas|person] left."),
            vec!["Tomas Duval", "Varna"]
        );
        // two persons so named, or a later word of another name: kept
        assert_eq!(
            names("[Tomas Duval|person] met [Tomas Ferrin|person]. [Tomas|person] left."),
            vec!["Tomas Duval", "Tomas Ferrin", "Tomas"]
        );
        assert_eq!(
            names("[Tomas Duval|person] met [Ada Tomas|person]. [Tomas|person] left."),
            vec!["Tomas Duval", "Ada Tomas", "Tomas"]
        );
    }

    #[test]
    fn issue13_a_government_typed_the_country_joins_its_state() {
        use dossier_extract::fixture::doc_from_markup;
        let mut doc = doc_from_markup(
            "[Chile|country] closed the pass. The [Chilean Government|country] \
             said the [Government of Chile|country] would talk.",
        );
        join_governments(&mut doc);
        let ents: Vec<(&str, Vec<&str>, usize)> = doc
            .entities
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.aliases.iter().map(String::as_str).collect(),
                    e.mentions.len(),
                )
            })
            .collect();
        assert_eq!(
            ents,
            vec![(
                "Chile",
                vec!["Chilean Government", "Government of Chile"],
                3
            )]
        );
        // without the state's own name it stays the state
        let mut doc = doc_from_markup("The [Chilean Government|country] agreed.");
        join_governments(&mut doc);
        assert_eq!(doc.entities.len(), 1);
        assert_eq!(doc.entities[0].name, "Chilean Government");
    }

    #[test]
    fn issue13_an_acronym_joins_the_body_whose_alias_it_spells() {
        use EntityType::*;
        // "the Kavran National Police" keyed by coreference as "National
        // Police" (its demonym cut off); "KNP" two sentences later
        let ents = [
            (
                "National Police",
                Organization,
                vec!["Kavran National Police"],
                0,
            ),
            ("KNP", Organization, vec![], 2),
            ("TLF", ArmedGroup, vec![], 3),
            ("Dawn Militia", ArmedGroup, vec!["Tolvar Dawn Militia"], 4),
        ];
        let mut doc = Doc::default();
        for (n, t, a, sentence) in ents {
            push_named(&mut doc, n, t, a, sentence);
        }
        join_same_names(&mut doc);
        let names = names_with_aliases(&doc);
        // "TLF" spells no alias ("Tolvar Dawn Militia" is TDM): apart
        assert_eq!(
            names,
            vec![
                ("National Police", vec!["Kavran National Police", "KNP"]),
                ("TLF", vec![]),
                ("Dawn Militia", vec!["Tolvar Dawn Militia"]),
            ]
        );
    }

    #[test]
    fn a_body_and_its_splinter_named_in_one_sentence_stay_apart() {
        use EntityType::*;
        // "The Northern Tolvar Front broke away from the Tolvar Front."
        let mut doc = Doc::default();
        for (i, n) in ["Northern Tolvar Front", "Tolvar Front"].iter().enumerate() {
            doc.mentions.push(dossier_doc::Mention {
                start: 0,
                end: n.len(),
                sentence: 0,
                text: n.to_string(),
                label: ArmedGroup,
                kind: MentionKind::Name,
                source: "test".to_string(),
                confidence: 1.0,
                entity: Some(i),
            });
            doc.entities.push(dossier_doc::Entity {
                etype: ArmedGroup,
                name: n.to_string(),
                aliases: Vec::new(),
                mentions: vec![i],
            });
        }
        join_same_names(&mut doc);
        assert_eq!(doc.entities.len(), 2);
        // named in different sentences, the short form is the same body
        doc.mentions[1].sentence = 1;
        join_same_names(&mut doc);
        assert_eq!(doc.entities.len(), 1);
        assert_eq!(doc.entities[0].aliases, vec!["Tolvar Front".to_string()]);
    }

    #[test]
    fn short_forms_acronyms_and_repeats_join_the_one_body_or_place_they_name() {
        use EntityType::*;
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            joined_typed(&[
                ("Provisional Kavran Army", ArmedGroup),
                ("Kavran Army", Organization),
                ("PKA", Organization),
                ("Vessa Underground", ArmedGroup),
                ("Vessa Underground Organization", ArmedGroup),
                ("Kavra", Location),
                ("Kavra Valley", Location),
                ("Tolva Council", Organization),
                ("Tolva Council", Organization),
                ("Ada Ferrin", Person),
                ("Ada Ferrin", Person),
                ("People's Liberation Organization of Vessa", ArmedGroup),
                ("PLOV", ArmedGroup),
            ]),
            vec![
                (
                    "Provisional Kavran Army".to_string(),
                    ArmedGroup,
                    s(&["Kavran Army", "PKA"])
                ),
                (
                    "Vessa Underground Organization".to_string(),
                    ArmedGroup,
                    s(&["Vessa Underground"])
                ),
                ("Kavra Valley".to_string(), Location, s(&["Kavra"])),
                ("Tolva Council".to_string(), Organization, s(&[])),
                ("Ada Ferrin".to_string(), Person, s(&[])),
                (
                    "People's Liberation Organization of Vessa".to_string(),
                    ArmedGroup,
                    s(&["PLOV"])
                ),
            ]
        );
    }

    #[test]
    fn names_that_may_be_another_thing_stay_apart() {
        use EntityType::*;
        for ents in [
            // a city named after its province is another place
            vec![("Kavra", Location), ("Kavra City", Location)],
            // two hosts: which Liberation Army?
            vec![
                ("Liberation Army", ArmedGroup),
                ("Kavran Liberation Army", ArmedGroup),
                ("Tolvan Liberation Army", ArmedGroup),
            ],
            // one word alone is a generic noun, not the group's short form
            vec![("Army", Organization), ("Kavran Army", ArmedGroup)],
            // a country is not its province; a place not a body of its name
            vec![("Kavra", Country), ("Kavra Province", Location)],
            vec![("Kavra", Location), ("Kavra Council", Organization)],
            // a body's name before a word that is no body noun, or before
            // a body of its own
            vec![("Vessa Front", ArmedGroup), ("Vessa Front Road", Location)],
            vec![
                ("Vessa Army", ArmedGroup),
                ("Vessa Army Council", Organization),
            ],
            vec![
                ("Angry Hand", ArmedGroup),
                ("Angry Hand Resistance Movement", ArmedGroup),
            ],
            // a name ending in a place's name or acronym
            vec![("VRM", Organization), ("Frente Rojo del VRM", ArmedGroup)],
            vec![
                ("Upper Kavra", Organization),
                ("Army of the Upper Kavra", ArmedGroup),
            ],
            // the last conjunct of names run together
            vec![
                ("Kavra Army", Organization),
                ("KPA and Upper Kavra Army", Organization),
            ],
            // a same name of another type; a person is not a body
            vec![("Tolva", Location), ("Tolva", Organization)],
            vec![("Ferrin", Person), ("Ferrin Brigade", ArmedGroup)],
            // an acronym that spells another name
            vec![("KLA", ArmedGroup), ("Vessa Liberation Army", ArmedGroup)],
        ] {
            assert_eq!(joined_typed(&ents).len(), ents.len(), "{ents:?}");
        }
    }
}
