//! Who did it: for an attack or plot the patterns found without an agent,
//! each entity (armed group, organization, person or country) named in its
//! sentence or the three after it is a candidate, described by where it
//! stands (same sentence or how many after), its type, the words around it,
//! its dependency relation and governing word, the verbs of its sentence
//! ("claimed", "suspected", "blamed") and the event's trigger. The model
//! scores each; the best above the threshold becomes the agent, with the
//! modality its sentence suggests.

use crate::gold::{norm_sentence, same_sentence, GoldKey};
use dossier_doc::{Doc, EntityType, EventType, MentionKind, Role};

/// Sentences after the event's that are searched.
const AFTER: usize = 3;

/// The labels of the agent model.
pub fn labels() -> Vec<String> {
    vec!["agent".to_string()]
}

/// Whether events of this type are given agents by the model.
pub fn wanted(t: EventType) -> bool {
    matches!(t, EventType::Attack | EventType::Plot)
}

/// One candidate agent of one event.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The event.
    pub event: usize,
    /// The entity.
    pub entity: usize,
    /// The sentence of the mention it was seen in.
    pub sentence: usize,
    /// Its features.
    pub features: Vec<String>,
}

fn lower(doc: &Doc, i: usize) -> String {
    let t = &doc.tokens[i];
    t.lemma.as_deref().unwrap_or(&t.text).to_lowercase()
}

/// The candidates of every agentless event of a wanted type.
pub fn candidates(doc: &Doc) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (ei, ev) in doc.events.iter().enumerate() {
        if !wanted(ev.etype) || ev.participants.iter().any(|p| p.role == Role::Agent) {
            continue;
        }
        let Some(s0) = ev.evidence.iter().map(|e| e.sentence).min() else {
            continue;
        };
        let taken: Vec<usize> = ev.participants.iter().map(|p| p.entity).collect();
        let trigger = ev.trigger.to_lowercase();
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for m in &doc.mentions {
            let Some(e) = m.entity else { continue };
            if m.sentence < s0 || m.sentence > s0 + AFTER || taken.contains(&e) {
                continue;
            }
            let et = doc.entities[e].etype;
            if !matches!(
                et,
                EntityType::ArmedGroup
                    | EntityType::Organization
                    | EntityType::Person
                    | EntityType::Country
            ) {
                continue;
            }
            if seen.contains(&(e, m.sentence)) {
                continue;
            }
            seen.push((e, m.sentence));
            let off = m.sentence - s0;
            let t = et.as_str();
            let mut f = vec![
                "bias".to_string(),
                format!("T:{t}"),
                format!("O:{off}|{t}"),
                format!(
                    "K:{}",
                    match m.kind {
                        MentionKind::Name => "name",
                        MentionKind::ShortName => "short",
                        MentionKind::Acronym => "acro",
                        MentionKind::Nominal => "nominal",
                        MentionKind::Pronoun => "pronoun",
                    }
                ),
                format!("TR:{trigger}|{t}"),
            ];
            let named = doc.entities[e].mentions.len();
            f.push(format!(
                "NM:{}|{t}",
                match named {
                    0..=1 => "1",
                    2..=4 => "2-4",
                    _ => "5+",
                }
            ));
            let Some(s) = doc.sentences.get(m.sentence) else {
                continue;
            };
            let Some((t0, t1, head)) = crate::mention_tokens(doc, m) else {
                continue;
            };
            // in its own sentence, a passive's agent is named in its "by"
            // phrase ("X was shot by Y"), never the subject's modifier
            if off == 0 {
                if let Some(trig) = crate::events::trigger_token(doc, s0, &trigger) {
                    let by = t0 > 0 && lower(doc, t0 - 1) == "by"
                        || (s.token_start..s.token_end.min(doc.tokens.len())).any(|k| {
                            doc.tokens[k].head == Some(head)
                                && doc.tokens[k].deprel.as_deref() == Some("case")
                                && lower(doc, k) == "by"
                        });
                    if crate::events::passive(doc, trig) && !by {
                        continue;
                    }
                }
            }
            for k in 1..=2 {
                if t0 >= s.token_start + k {
                    f.push(format!("P{k}:{}", lower(doc, t0 - k)));
                }
                if t1 + k < s.token_end {
                    f.push(format!("N{k}:{}", lower(doc, t1 + k)));
                }
            }
            for i in s.token_start..s.token_end.min(doc.tokens.len()) {
                let tok = &doc.tokens[i];
                let verb = tok.upos.as_deref() == Some("VERB")
                    || tok.pos.as_deref().is_some_and(|p| p.starts_with("VB"));
                if verb {
                    f.push(format!("V:{}|{off}", lower(doc, i)));
                }
            }
            if let Some(rel) = doc.tokens[head].deprel.as_deref() {
                f.push(format!("D:{rel}|{t}"));
                if let Some(h) = doc.tokens[head].head.filter(|&h| h < doc.tokens.len()) {
                    f.push(format!("DH:{rel}|{}", lower(doc, h)));
                    f.push(format!("DHO:{rel}|{}|{off}", lower(doc, h)));
                    if let (Some(hr), Some(hh)) = (
                        doc.tokens[h].deprel.as_deref(),
                        doc.tokens[h].head.filter(|&x| x < doc.tokens.len()),
                    ) {
                        f.push(format!(
                            "DHH:{rel}|{}|{hr}|{}",
                            lower(doc, h),
                            lower(doc, hh)
                        ));
                    }
                }
            }
            f.sort_unstable();
            f.dedup();
            out.push(Candidate {
                event: ei,
                entity: e,
                sentence: m.sentence,
                features: f,
            });
        }
    }
    out
}

/// The answer of each candidate: whether its entity is an agent of the
/// keyed event of the same type that quotes the event's sentence (and
/// whose date overlaps the event's, when both have one); `None` where no
/// keyed event is found (no answer to learn from).
pub fn answers(
    doc: &Doc,
    key: &GoldKey,
    align: &[Option<usize>],
    cands: &[Candidate],
) -> Vec<Option<bool>> {
    let sent = |i: usize| {
        doc.sentences
            .get(i)
            .map(|s| norm_sentence(doc.slice(s.start, s.end)))
            .unwrap_or_default()
    };
    let overlap = |a: Option<&str>, b: Option<&str>| match (
        a.and_then(dossier_eval::edtf_interval),
        b.and_then(dossier_eval::edtf_interval),
    ) {
        (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
        _ => true,
    };
    cands
        .iter()
        .map(|c| {
            let ev = &doc.events[c.event];
            let s0 = ev.evidence.iter().map(|e| e.sentence).min()?;
            let s = sent(s0);
            let g = key.events.iter().find(|g| {
                g.etype == ev.etype.as_str()
                    && g.evidence.iter().any(|q| same_sentence(&s, q))
                    && overlap(ev.date.map(|d| d.to_string()).as_deref(), g.date.as_deref())
            })?;
            if g.agents.is_empty() {
                return Some(false);
            }
            Some(align[c.entity].is_some_and(|a| g.agents.contains(&a)))
        })
        .collect()
}
