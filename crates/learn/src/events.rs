//! What happened, where the patterns saw nothing: each sentence is scored
//! for each event type from its words and their structure — the lemma of
//! each verb and common noun, its dependency relation, what its subject,
//! object and obliques are (an entity type or a word) and the preposition
//! of each oblique, the lemma's word cluster — and from what the sentence
//! holds (a date, which entity types). A type scored above the threshold
//! in a sentence where the patterns found no event of that type becomes an
//! event: its trigger is the word that contributes most to the score, its
//! date the date of the sentence nearest that word, and its participants
//! the entities of the sentence a second model gives a role, from their
//! type, the dependency path to the trigger, their preposition and side.
//!
//! Both models learn from the keyed events of the corpus: a sentence is
//! positive for a type when a keyed event of that type quotes it; an entity
//! of such a sentence is positive for a role when the keyed event gives it
//! that role.

use crate::gold::{norm_sentence, same_sentence, GoldKey};
use crate::perceptron::Weights;
use dossier_doc::{DateKind, Doc, Edtf, EntityType, EventType, Role};

/// The labels of the detection model: every event type.
pub fn labels() -> Vec<String> {
    EventType::ALL
        .iter()
        .map(|t| t.as_str().to_string())
        .collect()
}

/// The labels of the role model.
pub fn role_labels() -> Vec<String> {
    ROLES.iter().map(|r| r.as_str().to_string()).collect()
}

const ROLES: [Role; 4] = [Role::Agent, Role::Target, Role::Location, Role::Participant];

fn lower(doc: &Doc, i: usize) -> String {
    let t = &doc.tokens[i];
    t.lemma.as_deref().unwrap_or(&t.text).to_lowercase()
}

fn is_verb(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    t.upos.as_deref() == Some("VERB") || t.pos.as_deref().is_some_and(|p| p.starts_with("VB"))
}

fn is_noun(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    t.upos.as_deref() == Some("NOUN") || matches!(t.pos.as_deref(), Some("NN" | "NNS"))
}

/// The entity each token belongs to (through the mentions), if any.
pub fn token_entities(doc: &Doc) -> Vec<Option<usize>> {
    let mut at = vec![None; doc.tokens.len()];
    for m in &doc.mentions {
        let Some(e) = m.entity else { continue };
        let Some((t0, t1, _)) = crate::mention_tokens(doc, m) else {
            continue;
        };
        for x in at.iter_mut().take(t1 + 1).skip(t0) {
            *x = Some(e);
        }
    }
    at
}

/// The dependents of each token of sentence `s` (absolute indexes).
fn children(doc: &Doc, s: usize) -> Vec<(usize, Vec<usize>)> {
    let Some(sp) = doc.sentences.get(s) else {
        return Vec::new();
    };
    let end = sp.token_end.min(doc.tokens.len());
    let mut out: Vec<(usize, Vec<usize>)> =
        (sp.token_start..end).map(|i| (i, Vec::new())).collect();
    for i in sp.token_start..end {
        if let Some(h) = doc.tokens[i]
            .head
            .filter(|&h| h >= sp.token_start && h < end && h != i)
        {
            out[h - sp.token_start].1.push(i);
        }
    }
    out
}

/// The features of sentence `s`, each with the token that fires it
/// (`None`: the sentence as a whole).
pub fn sentence_features(
    doc: &Doc,
    s: usize,
    ent_at: &[Option<usize>],
) -> Vec<(String, Option<usize>)> {
    let mut f: Vec<(String, Option<usize>)> = vec![("bias".to_string(), None)];
    let Some(sp) = doc.sentences.get(s) else {
        return f;
    };
    if doc
        .dates
        .iter()
        .any(|d| d.sentence == s && d.kind != DateKind::Citation)
    {
        f.push(("HD".to_string(), None));
    }
    let mut types: Vec<&str> = Vec::new();
    let end = sp.token_end.min(doc.tokens.len());
    for e in ent_at[sp.token_start..end].iter().flatten() {
        let t = doc.entities[*e].etype.as_str();
        if !types.contains(&t) {
            types.push(t);
        }
    }
    for t in types {
        f.push((format!("ET:{t}"), None));
    }
    let kids = children(doc, s);
    let what = |j: usize| match ent_at[j] {
        Some(e) => doc.entities[e].etype.as_str().to_string(),
        None => lower(doc, j),
    };
    for i in sp.token_start..end {
        if ent_at[i].is_some() || !(is_verb(doc, i) || is_noun(doc, i)) {
            continue;
        }
        let lemma = lower(doc, i);
        if lemma.len() < 2 || !lemma.chars().any(char::is_alphabetic) {
            continue;
        }
        let at = Some(i);
        f.push((format!("L:{lemma}"), at));
        let mut cl = Vec::new();
        crate::types::clusters(doc, "CL", &doc.tokens[i].text.to_lowercase(), &mut cl);
        f.extend(cl.into_iter().map(|c| (c, at)));
        let Some(rel) = doc.tokens[i].deprel.as_deref() else {
            continue;
        };
        let rel = rel.split(':').next().unwrap_or(rel);
        f.push((format!("LD:{lemma}|{rel}"), at));
        for &c in &kids[i - sp.token_start].1 {
            let Some(cr) = doc.tokens[c].deprel.as_deref() else {
                continue;
            };
            match cr {
                "nsubj" | "nsubj:pass" | "obj" | "iobj" | "obl:agent" | "nmod:poss" => {
                    f.push((format!("LC:{lemma}|{cr}|{}", what(c)), at));
                    f.push((format!("LR:{lemma}|{cr}"), at));
                }
                "obl" | "nmod" => {
                    let case = kids[c - sp.token_start]
                        .1
                        .iter()
                        .find(|&&k| doc.tokens[k].deprel.as_deref() == Some("case"))
                        .map(|&k| lower(doc, k))
                        .unwrap_or_default();
                    f.push((format!("LO:{lemma}|{cr}|{case}|{}", what(c)), at));
                    f.push((format!("LP:{lemma}|{case}"), at));
                }
                "advmod" if lower(doc, c) == "not" || lower(doc, c) == "never" => {
                    f.push((format!("NEG:{lemma}"), at));
                }
                "aux:pass" => f.push((format!("PASS:{lemma}"), at)),
                "xcomp" => f.push((format!("LX:{lemma}|{}", lower(doc, c)), at)),
                _ => {}
            }
        }
    }
    f
}

/// The sentence's answer per detection label: whether a keyed event of
/// that type quotes it.
pub fn sentence_answers(
    doc: &Doc,
    key: &GoldKey,
    s: usize,
    labels: &[String],
) -> Vec<Option<bool>> {
    let text = doc
        .sentences
        .get(s)
        .map(|sp| norm_sentence(doc.slice(sp.start, sp.end)))
        .unwrap_or_default();
    let mut optional_only = vec![false; labels.len()];
    let mut yes = vec![false; labels.len()];
    for g in &key.events {
        if !g.evidence.iter().any(|q| same_sentence(&text, q)) {
            continue;
        }
        if let Some(l) = labels.iter().position(|l| *l == g.etype) {
            if g.optional {
                optional_only[l] = true;
            } else {
                yes[l] = true;
            }
        }
    }
    (0..labels.len())
        .map(|l| {
            if yes[l] {
                Some(true)
            } else if optional_only[l] {
                None
            } else {
                Some(false)
            }
        })
        .collect()
}

/// Whether a common noun may trigger an event of label `l`: it was the
/// trigger of a keyed event of that type in training at least twice
/// (`nouns` counts them as features `N:lemma`). Verbs always may.
fn may_trigger(doc: &Doc, i: usize, nouns: Option<&Weights>, l: usize) -> bool {
    match nouns {
        Some(n) if !is_verb(doc, i) => n.weight(&format!("N:{}", lower(doc, i)), l) >= 2.0,
        _ => true,
    }
}

/// Whether sentence `s` is body text (not a heading, byline, caption…).
pub fn is_body(doc: &Doc, s: usize) -> bool {
    doc.blocks
        .iter()
        .find(|b| b.sentence_start <= s && s < b.sentence_end)
        .is_none_or(|b| b.kind == dossier_doc::BlockKind::Body)
}

/// The noun triggers of keyed events: for each positive (sentence, type)
/// of training, the noun the weights pick as its trigger, counted; kept
/// where the noun was picked in at least half the training sentences that
/// hold it (`seen`: sentences per noun lemma), so that a noun merely
/// frequent around events ("guerrilla", "country") does not trigger one.
pub fn noun_triggers(
    picks: impl IntoIterator<Item = (String, usize)>,
    seen: &std::collections::HashMap<String, usize>,
    labels: Vec<String>,
) -> Weights {
    let mut counts: std::collections::BTreeMap<(String, usize), usize> = Default::default();
    for p in picks {
        *counts.entry(p).or_default() += 1;
    }
    Weights::from_entries(
        labels,
        counts.into_iter().filter_map(|((lemma, l), n)| {
            let total = seen.get(&lemma).copied().unwrap_or(n).max(n);
            (n * 2 >= total).then(|| (format!("N:{lemma}"), l, n as f32))
        }),
    )
}

/// The common-noun lemmas of sentence `s` (outside entity mentions).
pub fn nouns_of(doc: &Doc, s: usize, ent_at: &[Option<usize>]) -> Vec<String> {
    let Some(sp) = doc.sentences.get(s) else {
        return Vec::new();
    };
    let mut v: Vec<String> = (sp.token_start..sp.token_end.min(doc.tokens.len()))
        .filter(|&i| ent_at[i].is_none() && is_noun(doc, i))
        .map(|i| lower(doc, i))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The lemma of token `i`, lowercased.
pub fn lemma(doc: &Doc, i: usize) -> String {
    lower(doc, i)
}

/// Whether token `i` is a verb.
pub fn verb(doc: &Doc, i: usize) -> bool {
    is_verb(doc, i)
}

/// The token of sentence features `f` that contributes most to label `l`
/// under `w`, with its contribution; with `nouns`, a noun only where it
/// triggered events of that type in training ([`noun_triggers`]).
pub fn trigger(
    doc: &Doc,
    w: &Weights,
    nouns: Option<&Weights>,
    f: &[(String, Option<usize>)],
    l: usize,
) -> Option<(usize, f32)> {
    let mut by_token: Vec<(usize, f32)> = Vec::new();
    for (name, tok) in f {
        let Some(t) = tok else { continue };
        let x = w.weight(name, l);
        match by_token.iter_mut().find(|(k, _)| k == t) {
            Some(e) => e.1 += x,
            None => by_token.push((*t, x)),
        }
    }
    by_token
        .into_iter()
        .filter(|(t, x)| *x > 0.0 && may_trigger(doc, *t, nouns, l))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Whether token `trig` of sentence `s` names an act that is accused,
/// threatened, vowed or denied rather than told ("accused the army of
/// killing civilians", "threatened to attack", "denied bombing"): a gerund,
/// noun or infinitive after such a verb and its "of"/"for"/"to", in the
/// eight tokens before. A finite verb after "suspected militants of G" is
/// told.
pub fn reported_not_told(doc: &Doc, s: usize, trig: usize) -> bool {
    let Some(sp) = doc.sentences.get(s) else {
        return false;
    };
    let word = |i: usize| doc.tokens[i].text.to_lowercase();
    let t = word(trig);
    let form = t.ends_with("ing")
        || is_noun(doc, trig)
        || (trig > sp.token_start && word(trig - 1) == "to");
    if !form {
        return false;
    }
    let lo = trig.saturating_sub(8).max(sp.token_start);
    (lo..trig).rev().any(|k| {
        // the lemma, or the word itself where no lemma was given
        let l = lemma(doc, k);
        let stem = |p: &[&str]| p.iter().any(|x| l.starts_with(x));
        let deny = stem(&["deny", "denie", "denyi"]);
        let cue =
            deny || stem(&[
                "accus", "charge", "blame", "threaten", "vow", "pledg", "promis",
            ]) || (l.starts_with("suspect")
                && doc
                    .tokens
                    .get(k + 1)
                    .is_some_and(|n| matches!(n.text.to_lowercase().as_str(), "of" | "in")));
        cue && (deny || (k + 1..trig).any(|q| matches!(word(q).as_str(), "of" | "for" | "to")))
            && !(k + 1..trig).any(|q| matches!(word(q).as_str(), ";" | "." | "but"))
    })
}

/// The dependency path from token `a` up to the common ancestor and down to
/// `b`, as relations (`nsubj^ obl_` …), at most six steps.
fn dep_path(doc: &Doc, a: usize, b: usize) -> Option<String> {
    let up = |mut x: usize| {
        let mut v = vec![x];
        while let Some(h) = doc.tokens[x]
            .head
            .filter(|&h| h < doc.tokens.len() && h != x)
        {
            if v.len() > 40 || v.contains(&h) {
                break;
            }
            v.push(h);
            x = h;
        }
        v
    };
    let ua = up(a);
    let ub = up(b);
    let (ia, ib) = ua
        .iter()
        .enumerate()
        .find_map(|(i, x)| ub.iter().position(|y| y == x).map(|j| (i, j)))?;
    if ia + ib > 6 {
        return None;
    }
    let rel = |x: usize| {
        let r = doc.tokens[x].deprel.as_deref().unwrap_or("?");
        r.split(':').next().unwrap_or(r).to_string()
    };
    let mut p: Vec<String> = ua[..ia].iter().map(|&x| format!("{}^", rel(x))).collect();
    p.extend(ub[..ib].iter().rev().map(|&x| format!("{}_", rel(x))));
    Some(p.join(" "))
}

/// One entity of a sentence that may take part in an event triggered there.
#[derive(Debug, Clone)]
pub struct RoleCandidate {
    /// The entity.
    pub entity: usize,
    /// Whether it stands in a "by" phrase (the agent of a passive).
    pub by: bool,
    /// Its features.
    pub features: Vec<String>,
}

/// The entities of sentence `s` as candidates for an event of type `t`
/// triggered by token `trig`.
pub fn role_candidates(doc: &Doc, s: usize, trig: usize, t: EventType) -> Vec<RoleCandidate> {
    let mut out: Vec<RoleCandidate> = Vec::new();
    let t = t.as_str();
    let parsed = doc.tokens.get(trig).is_some_and(|x| x.deprel.is_some());
    // The mentions of the sentence: those starting inside it (mentions are
    // sorted by start), not a search of the whole document's.
    let (from, to) = doc.sentences.get(s).map_or((0, 0), |sp| (sp.start, sp.end));
    let first = doc.mentions.partition_point(|m| m.start < from);
    for m in doc.mentions[first..]
        .iter()
        .take_while(|m| m.start < to)
        .filter(|m| m.sentence == s)
    {
        let Some(e) = m.entity else { continue };
        let et = doc.entities[e].etype;
        if et == EntityType::GroupIdentity || out.iter().any(|c| c.entity == e) {
            continue;
        }
        let Some((t0, t1, head)) = crate::mention_tokens(doc, m) else {
            continue;
        };
        let et = et.as_str();
        let side = if t1 < trig { "before" } else { "after" };
        let mut f = vec![
            format!("{t}|bias"),
            format!("{t}|ET:{et}"),
            format!("ET:{et}"),
            format!("{t}|S:{side}|{et}"),
        ];
        let gap = trig.abs_diff(if t1 < trig { t1 } else { t0 });
        f.push(format!(
            "{t}|G:{}",
            match gap {
                0..=2 => "near",
                3..=8 => "mid",
                _ => "far",
            }
        ));
        if t0 > 0 {
            f.push(format!("{t}|P1:{}", lower(doc, t0 - 1)));
            f.push(format!("P1:{}|{et}", lower(doc, t0 - 1)));
        }
        let mut by = t0 > 0 && lower(doc, t0 - 1) == "by";
        if parsed {
            let rel = doc.tokens[head].deprel.as_deref().unwrap_or("?");
            f.push(format!("{t}|D:{rel}|{et}"));
            f.push(format!("D:{rel}|{et}"));
            let sp = &doc.sentences[s];
            let case = (sp.token_start..sp.token_end.min(doc.tokens.len()))
                .find(|&k| {
                    doc.tokens[k].head == Some(head)
                        && doc.tokens[k].deprel.as_deref() == Some("case")
                })
                .map(|k| lower(doc, k));
            by |= case.as_deref() == Some("by");
            if let Some(c) = &case {
                f.push(format!("{t}|C:{c}|{et}"));
                f.push(format!("C:{c}|{et}"));
            }
            match dep_path(doc, head, trig) {
                Some(p) => {
                    f.push(format!("{t}|DP:{p}"));
                    f.push(format!("DP:{p}|{et}"));
                    f.push(format!("{t}|DPC:{p}|{}", case.as_deref().unwrap_or("-")));
                }
                None => f.push(format!("{t}|DP:far")),
            }
        }
        out.push(RoleCandidate {
            entity: e,
            by,
            features: f,
        });
    }
    out
}

/// The token of sentence `s` that is the first word of an event's
/// `trigger` (compared without case).
pub fn trigger_token(doc: &Doc, s: usize, trigger: &str) -> Option<usize> {
    let first = trigger.split_whitespace().next()?.to_lowercase();
    let sp = doc.sentences.get(s)?;
    (sp.token_start..sp.token_end.min(doc.tokens.len()))
        .find(|&i| doc.tokens[i].text.to_lowercase() == first)
}

/// Whether token `trig` is a passive verb ("was shot"): its agent, if
/// named, stands in a "by" phrase.
pub fn passive(doc: &Doc, trig: usize) -> bool {
    let Some(t) = doc.tokens.get(trig) else {
        return false;
    };
    if !is_verb(doc, trig) {
        return false;
    }
    let s = t.sentence;
    let Some(sp) = doc.sentences.get(s) else {
        return false;
    };
    (sp.token_start..sp.token_end.min(doc.tokens.len())).any(|k| {
        doc.tokens[k].head == Some(trig)
            && matches!(
                doc.tokens[k].deprel.as_deref(),
                Some("aux:pass" | "nsubj:pass")
            )
    })
}

/// The nearest date of sentence `s` to token `trig` (citations excluded;
/// `dossier_temporal::date_near`'s rule), else the narrative's time: the
/// last date of the two sentences before.
pub fn date_near(doc: &Doc, s: usize, trig: usize) -> Option<Edtf> {
    let at = doc.tokens.get(trig)?.start;
    dossier_temporal::date_near(doc, s, at)
        .map(|d| d.edtf)
        .or_else(|| {
            doc.dates
                .iter()
                .filter(|d| d.sentence < s && d.sentence + 2 >= s && d.kind != DateKind::Citation)
                .max_by_key(|d| d.start)
                .map(|d| d.edtf)
        })
}

/// The keyed events of type `t` that quote sentence `s`.
pub fn keyed_events<'k>(
    doc: &Doc,
    key: &'k GoldKey,
    s: usize,
    t: &str,
) -> Vec<&'k crate::gold::GoldEvent> {
    let text = doc
        .sentences
        .get(s)
        .map(|sp| norm_sentence(doc.slice(sp.start, sp.end)))
        .unwrap_or_default();
    key.events
        .iter()
        .filter(|g| g.etype == t && g.evidence.iter().any(|q| same_sentence(&text, q)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_extract::fixture::doc_from_markup;

    #[test]
    fn the_date_is_the_nearest_of_the_sentence_never_a_citation_else_the_narratives() {
        let doc = doc_from_markup(
            "In [1998|date:1998] the [Tallis Front|armed_group] was small. In [March 2004|date:2004-03] it grew, and it raided [Sarn|location] in [May 2004|date:2004-05] (, [June 2, 2021|cite:2021-06-02]). It raided [Tor|location] again. Nothing happened. Then it raided [Velm|location].",
        );
        let tok = |word: &str, s: usize| {
            let sp = doc.sentences[s];
            (sp.token_start..sp.token_end)
                .find(|&i| doc.tokens[i].text == word)
                .unwrap()
        };
        assert_eq!(
            date_near(&doc, 1, tok("raided", 1))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2004-05")
        );
        assert_eq!(
            date_near(&doc, 1, tok("grew", 1))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2004-03")
        );
        // no date of its own: the last date of the two sentences before
        assert_eq!(
            date_near(&doc, 2, tok("raided", 2))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2004-05")
        );
        // three sentences on: none
        assert_eq!(date_near(&doc, 4, tok("raided", 4)), None);
    }

    #[test]
    fn paths_run_up_to_the_common_head_and_down() {
        let mut doc = doc_from_markup("[Orla Vance|person] raided the [Karsk|location] depot.");
        // Orla(0) Vance(1) raided(2) the(3) Karsk(4) depot(5) .(6)
        let heads = [1, 2, 2, 5, 5, 2, 2];
        let rels = [
            "compound", "nsubj", "root", "det", "compound", "obj", "punct",
        ];
        for (i, t) in doc.tokens.iter_mut().enumerate() {
            t.head = Some(heads[i]);
            t.deprel = Some(rels[i].into());
        }
        assert_eq!(dep_path(&doc, 1, 2).as_deref(), Some("nsubj^"));
        assert_eq!(
            dep_path(&doc, 4, 1).as_deref(),
            Some("compound^ obj^ nsubj_")
        );
    }

    #[test]
    fn a_verb_with_a_passive_auxiliary_or_subject_is_passive() {
        let mut doc = doc_from_markup("[Orla Vance|person] was shot in [Velm|location].");
        // Orla(0) Vance(1) was(2) shot(3) in(4) Velm(5) .(6)
        let heads = [3, 0, 3, 3, 5, 3, 3];
        let rels = [
            "nsubj:pass",
            "flat",
            "aux:pass",
            "root",
            "case",
            "obl",
            "punct",
        ];
        for (i, t) in doc.tokens.iter_mut().enumerate() {
            t.head = Some(heads[i]);
            t.deprel = Some(rels[i].into());
        }
        doc.tokens[3].upos = Some("VERB".into());
        assert!(passive(&doc, 3));
        doc.tokens[0].deprel = Some("nsubj".into());
        doc.tokens[2].deprel = Some("aux".into());
        assert!(!passive(&doc, 3));
    }

    #[test]
    fn an_accused_or_threatened_act_is_not_told() {
        let mut doc = doc_from_markup(
            "[The Marela Front|armed_group] accused the army of killing civilians. [The Marela Front|armed_group] threatened to attack the port. Suspected militants of [the Marela Front|armed_group] abducted two engineers.",
        );
        let find = |doc: &Doc, w: &str| doc.tokens.iter().position(|t| t.text == w).unwrap();
        for w in ["accused", "threatened", "abducted"] {
            let i = find(&doc, w);
            doc.tokens[i].upos = Some("VERB".into());
        }
        let (killing, attack, abducted) = (
            find(&doc, "killing"),
            find(&doc, "attack"),
            find(&doc, "abducted"),
        );
        doc.tokens[killing].upos = Some("VERB".into());
        doc.tokens[attack].upos = Some("VERB".into());
        assert!(reported_not_told(&doc, 0, killing));
        assert!(reported_not_told(&doc, 1, attack));
        // "suspected" before the doers is no accusation: the abduction is told
        assert!(!reported_not_told(&doc, 2, abducted));
    }

    #[test]
    fn only_body_sentences_are_read_for_events() {
        let mut doc = doc_from_markup("Raids in the South. Gunmen raided a depot.");
        assert!(is_body(&doc, 0), "no layout: every sentence is body text");
        doc.blocks = vec![
            dossier_doc::Block {
                sentence_start: 0,
                sentence_end: 1,
                kind: dossier_doc::BlockKind::Heading,
            },
            dossier_doc::Block {
                sentence_start: 1,
                sentence_end: 2,
                kind: dossier_doc::BlockKind::Body,
            },
        ];
        assert!(!is_body(&doc, 0));
        assert!(is_body(&doc, 1));
    }
}
