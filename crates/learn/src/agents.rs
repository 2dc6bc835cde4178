//! Who did it: for an attack or plot the patterns found without an agent,
//! each entity (armed group, organization, person or country) named in its
//! sentence or the three after it is a candidate, described by where it
//! stands (same sentence or how many after), its type, the words around it,
//! its dependency relation and governing word, the verbs of its sentence
//! ("claimed", "suspected", "blamed"), the event's trigger and the role the
//! entity has in another event told in its sentence. In the event's own
//! sentence the trigger's object (and its appositive) is no candidate. The model
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
    // sentence → the events quoting it, in event order, each once
    let mut told_in: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
    for (j, ev) in doc.events.iter().enumerate() {
        for x in &ev.evidence {
            if let Some(list) = told_in.get_mut(x.sentence) {
                if list.last() != Some(&j) {
                    list.push(j);
                }
            }
        }
    }
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
                    if crate::events::passive(doc, trig) && !by || attacked(doc, head, trig) {
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
            f.extend(other_events(doc, &told_in[m.sentence], ei, e, off));
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

/// Whether the token `head` is the trigger's object or stands beside it (an
/// appositive, a compound, a name's part, a conjunct, a modifier: "killed
/// the village head, X"): the one attacked, never the attacker. The object
/// of a verb conjoined to the trigger ("abducted and killed X") counts.
fn attacked(doc: &Doc, head: usize, trig: usize) -> bool {
    let n = doc.tokens.len();
    let mut at = head;
    for _ in 0..5 {
        let t = &doc.tokens[at];
        let Some(h) = t.head.filter(|&h| h < n && h != at) else {
            return false;
        };
        match t.deprel.as_deref() {
            Some("obj") => {
                let g = &doc.tokens[h];
                return h == trig || g.deprel.as_deref() == Some("conj") && g.head == Some(trig);
            }
            Some("appos" | "compound" | "flat" | "conj" | "nmod" | "nmod:poss") => at = h,
            _ => return false,
        }
    }
    false
}

/// What the candidate's sentence tells of other events: the role the
/// entity has in another event quoting that sentence ("X was killed by the
/// Y" makes Y that killing's agent, not the earlier attack's), and, in a
/// later sentence, whether another attack or plot is told there (a group
/// named in the account of another incident). `told`: the events quoting
/// the candidate's sentence.
fn other_events(doc: &Doc, told: &[usize], ei: usize, e: usize, off: usize) -> Vec<String> {
    let mut f = Vec::new();
    let o = usize::from(off > 0);
    for &j in told.iter().filter(|&&j| j != ei) {
        let ev = &doc.events[j];
        if off > 0 && wanted(ev.etype) {
            f.push(format!("XE:{off}"));
        }
        for p in ev.participants.iter().filter(|p| p.entity == e) {
            f.push(format!("XR:{}|{}|{o}", ev.etype.as_str(), p.role.as_str()));
        }
    }
    f
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

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_doc::{Event, Evidence, Participant};
    use dossier_extract::fixture::doc_from_markup;

    fn attack(doc: &Doc, sentence: usize, agent: Option<usize>) -> Event {
        let sp = doc.sentences[sentence];
        Event {
            etype: EventType::Attack,
            trigger: "attacked".into(),
            attempted: false,
            date: None,
            participants: agent
                .map(|entity| Participant {
                    role: Role::Agent,
                    entity,
                })
                .into_iter()
                .collect(),
            fatalities: None,
            injured: None,
            modality: None,
            confidence: 0.9,
            evidence: vec![Evidence {
                sentence,
                start: sp.start,
                end: sp.end,
                cited: None,
            }],
        }
    }

    #[test]
    fn issue13_a_group_told_as_another_attacks_agent_is_marked() {
        let mut doc = doc_from_markup(
            "Gunmen attacked a market in Orlin. A week later, a bus was bombed by the [Vesk Front|armed_group]. The [Harl Union|organization] condemned the attack.",
        );
        let vesk = doc
            .entities
            .iter()
            .position(|e| e.name == "Vesk Front")
            .unwrap();
        let first = attack(&doc, 0, None);
        let second = attack(&doc, 1, Some(vesk));
        doc.events = vec![first, second];
        let cands = candidates(&doc);
        let of = |name: &str| {
            cands
                .iter()
                .find(|c| c.event == 0 && doc.entities[c.entity].name == name)
                .map(|c| c.features.clone())
                .unwrap()
        };
        let vf = of("Vesk Front");
        assert!(vf.contains(&"XE:1".to_string()), "{vf:?}");
        assert!(vf.contains(&"XR:attack|agent|1".to_string()), "{vf:?}");
        let hf = of("Harl Union");
        assert!(
            !hf.iter()
                .any(|f| f.starts_with("XE:") || f.starts_with("XR:")),
            "{hf:?}"
        );
        // the second attack has its agent: it has no candidates
        assert!(cands.iter().all(|c| c.event == 0));
    }

    #[test]
    fn issue13_the_triggers_object_and_its_appositive_are_no_agents() {
        let mut doc =
            doc_from_markup("Cadres abducted the headman, [Oren Vask|person], near the well.");
        let at = |doc: &Doc, w: &str| doc.tokens.iter().position(|t| t.text == w).unwrap();
        let (cadres, abducted, the, headman) = (
            at(&doc, "Cadres"),
            at(&doc, "abducted"),
            at(&doc, "the"),
            at(&doc, "headman"),
        );
        let (oren, vask) = (at(&doc, "Oren"), at(&doc, "Vask"));
        for (t, h, rel) in [
            (cadres, abducted, "nsubj"),
            (the, headman, "det"),
            (headman, abducted, "obj"),
            (oren, headman, "appos"),
            (vask, oren, "flat"),
        ] {
            doc.tokens[t].head = Some(h);
            doc.tokens[t].deprel = Some(rel.into());
        }
        assert!(attacked(&doc, oren, abducted));
        assert!(attacked(&doc, headman, abducted));
        assert!(!attacked(&doc, cadres, abducted));
        // the object of another verb is not the trigger's
        assert!(!attacked(&doc, oren, cadres));
    }
}
