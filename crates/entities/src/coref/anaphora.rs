//! Anaphora: nominals ("the group") and pronouns resolved to the most recent
//! fitting cluster.

use super::*;

impl<'a> Resolver<'a> {
    /// The most recent cluster before char `pos`, within `sentences` sentences,
    /// whose type is one of `types`.
    pub(super) fn recent(
        &self,
        pos: usize,
        sentence: usize,
        window: usize,
        types: &[EntityType],
    ) -> Vec<usize> {
        let mut seen = Vec::new();
        let mut checked = Vec::new();
        // `ms` is sorted by start: none from the first starting at `pos` on ends before it.
        let upper = self.ms.partition_point(|m| m.start < pos);
        for m in (0..upper).rev() {
            let mm = &self.ms[m];
            if mm.end > pos {
                continue;
            }
            if mm.sentence + window < sentence {
                break;
            }
            if let Some(c) = self.cluster_of(m) {
                if !checked.contains(&c) {
                    checked.push(c);
                    if types.contains(&self.cluster_type(c)) {
                        seen.push(c);
                    }
                }
            }
        }
        seen
    }

    pub(super) fn nominals_and_pronouns(&mut self) {
        let doc = self.doc;
        // `ms` is sorted by start; a span is covered when a mention overlaps it.
        let reach = index::Reach::new(&self.ms);
        let covered = |s: usize, e: usize, ms: &[Mention]| reach.overlaps(ms, s, e);
        // Where the document has named an armed group: the earliest char
        // from which a mention of an armed group's cluster lies wholly
        // before (what `recent` over the whole document would find; the
        // clusters do not change while nominals are found).
        let armed_from = (0..self.ms.len())
            .filter(|&m| {
                self.cluster_of(m)
                    .is_some_and(|c| self.cluster_type(c) == EntityType::ArmedGroup)
            })
            .map(|m| self.ms[m].end.max(self.ms[m].start + 1))
            .min()
            .unwrap_or(usize::MAX);
        for (ti, t) in doc.tokens.iter().enumerate() {
            let f = fold(&t.text);
            // Nominals: "the group", "the militia".
            if NOMINAL_DET.contains(&f.as_str()) {
                let Some(head) = doc.tokens.get(ti + 1).filter(|h| h.sentence == t.sentence) else {
                    continue;
                };
                let hf = fold(&head.text);
                let armed = NOMINAL_ARMED.contains(&hf.as_str());
                let org = NOMINAL_ORG.contains(&hf.as_str());
                if !(armed || org) || !head.text.starts_with(|c: char| c.is_lowercase()) {
                    continue;
                }
                // "the group Qarvan Front" / "the group of …" are not anaphoric.
                if let Some(next) = doc.tokens.get(ti + 2).filter(|n| n.sentence == t.sentence) {
                    if next.text.starts_with(|c: char| c.is_uppercase())
                        || matches!(fold(&next.text).as_str(), "of" | "that" | "which" | "who")
                    {
                        continue;
                    }
                }
                if covered(t.start, head.end, &self.ms) {
                    continue;
                }
                let types: &[EntityType] = if armed {
                    &[EntityType::ArmedGroup]
                } else {
                    &[EntityType::Organization, EntityType::ArmedGroup]
                };
                let mut cands = self.recent(t.start, t.sentence, 3, types);
                // "the group" in a document that has named no armed group
                // yet, after a group the recognizer typed as an organization
                // (entity typing may still make it armed): the only
                // organization in reach; not for nouns that make their
                // antecedent armed ("the militia")
                if cands.is_empty()
                    && matches!(hf.as_str(), "group" | "faction" | "movement" | "network")
                    && t.start < armed_from
                {
                    cands = self.recent(t.start, t.sentence, 3, &[EntityType::Organization]);
                    cands.truncate(usize::from(cands.len() == 1));
                }
                if let Some(&c) = cands.first() {
                    let label = self.cluster_type(c);
                    self.added.push((
                        Mention {
                            start: t.start,
                            end: head.end,
                            sentence: t.sentence,
                            text: doc.slice(t.start, head.end).to_string(),
                            label,
                            kind: MentionKind::Nominal,
                            source: "coref".into(),
                            confidence: if cands.len() == 1 { 0.7 } else { 0.55 },
                            entity: None,
                        },
                        c,
                    ));
                }
                continue;
            }
            // Pronouns: "he", "his", "him" → the only person in reach.
            if PRONOUNS.contains(&f.as_str()) && !covered(t.start, t.end, &self.ms) {
                let cands = self.recent(t.start, t.sentence, 1, &[EntityType::Person]);
                if cands.len() == 1 {
                    let c = cands[0];
                    self.added.push((
                        Mention {
                            start: t.start,
                            end: t.end,
                            sentence: t.sentence,
                            text: t.text.to_string(),
                            label: EntityType::Person,
                            kind: MentionKind::Pronoun,
                            source: "coref".into(),
                            confidence: 0.55,
                            entity: None,
                        },
                        c,
                    ));
                }
            }
        }
    }
}
