//! Merging mention sets from several recognizers.

use dossier_doc::{EntityType, Mention};

/// How well a mention is supported: its confidence, with gazetteer countries
/// first (a listed country name wins over any statistical span), then the
/// longer span.
fn support(m: &Mention) -> (f32, usize) {
    let bonus = if m.label == EntityType::Country && m.source == "gazetteer" && m.confidence >= 0.9
    {
        1.0
    } else {
        0.0
    };
    (m.confidence + bonus, m.end - m.start)
}

/// Mentions sorted by start, for finding those that overlap a span without
/// scanning them all.
struct Spans<'a> {
    sorted: Vec<&'a Mention>,
    max_len: usize,
}

impl<'a> Spans<'a> {
    fn new(ms: &'a [Mention]) -> Self {
        let mut sorted: Vec<&Mention> = ms.iter().collect();
        sorted.sort_by_key(|m| m.start);
        let max_len = ms
            .iter()
            .map(|m| m.end.saturating_sub(m.start))
            .max()
            .unwrap_or(0);
        Spans { sorted, max_len }
    }

    /// The mentions `o` with `o.start < end && start < o.end`.
    fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = &'a Mention> + '_ {
        let from = start.saturating_sub(self.max_len);
        let first = self.sorted.partition_point(|o| o.start < from);
        self.sorted[first..]
            .iter()
            .take_while(move |o| o.start < end)
            .filter(move |o| start < o.end)
            .copied()
    }
}

/// A name that the other set found only in part ("Jairo Cuéllar" inside
/// "Jhon Jairo Cuéllar", "Boubacar Ag" + "Sidi Mahmoud" inside "Boubacar Ag
/// Sidi Mahmoud") is the better reading when every part lies inside it and
/// has its type (a person's parts may be read as an organization): it takes
/// the best part's confidence.
fn longer_name(m: &Mention, other: &Spans) -> Mention {
    let mut m = m.clone();
    if !matches!(
        m.label,
        EntityType::Person | EntityType::ArmedGroup | EntityType::Organization
    ) || m.text.split_whitespace().count() < 2
    {
        return m;
    }
    // Identity words inside a longer name yield to it anyway (see `inside`).
    let parts: Vec<&Mention> = other
        .overlapping(m.start, m.end)
        .filter(|o| !(o.label == EntityType::GroupIdentity && o.start >= m.start && o.end <= m.end))
        .collect();
    let fits = |o: &Mention| {
        o.start >= m.start
            && o.end <= m.end
            && o.end - o.start < m.end - m.start
            && (o.label == m.label
                || m.label == EntityType::Person && o.label == EntityType::Organization)
    };
    // Two full names of their own ("Quds Force" of the "Revolutionary Guard
    // Corps"): the other set's reading stands.
    let g = crate::gazetteer::Gazetteer::global();
    let full_names = parts
        .iter()
        .filter(|o| {
            o.text.split_whitespace().count() >= 2
                && o.text
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| g.is_armed_group_cue(w) || g.is_organization_cue(w))
        })
        .count();
    if full_names >= 2 {
        return m;
    }
    // An organization's long name read in pieces of any type, its first
    // piece of its type ("Central Service" + "Fight" + "Terror").
    let group = matches!(m.label, EntityType::ArmedGroup | EntityType::Organization);
    let piece = |o: &Mention| {
        group
            && o.start >= m.start
            && o.end <= m.end
            && !matches!(o.label, EntityType::Country | EntityType::GroupIdentity)
    };
    let head_piece = parts
        .iter()
        .any(|o| o.start == m.start && o.label == m.label && o.end < m.end);
    // A name joined across "in"/"against" ("State in the Greater Tolva"):
    // the pieces inside are parts of it.
    let crossing = m.text.contains(" in ") || m.text.contains(" against ");
    // "Sons of Ogun" + "Militia": the cue noun at the end is the head.
    let cue_head = m
        .text
        .split_whitespace()
        .last()
        .is_some_and(|w| g.is_armed_group_cue(w) || g.is_organization_cue(w))
        && parts.iter().all(|o| o.end < m.end);
    let crossing = crossing || cue_head;
    if group
        && !parts.is_empty()
        && (parts.len() >= 2 && head_piece || crossing)
        && parts.iter().all(|o| piece(o))
    {
        let best = parts.iter().map(|o| o.confidence).fold(0.0, f32::max);
        m.confidence = m.confidence.max(best);
        return m;
    }
    if !parts.is_empty()
        && parts.iter().all(|o| fits(o))
        && parts.iter().any(|o| o.label == m.label)
    {
        let best = parts.iter().map(|o| o.confidence).fold(0.0, f32::max);
        m.confidence = m.confidence.max(best);
    }
    m
}

/// Merges two mention sets: identical spans keep the better-supported type,
/// overlapping spans keep the better-supported span; the result is sorted by
/// start and has no overlapping mentions.
pub fn merge_mentions(a: Vec<Mention>, b: Vec<Mention>) -> Vec<Mention> {
    // An identity word inside a longer name of the other set ("Islamic" in
    // "Islamic Dawn Council", "Qarvani" in "Qarvani embassy") is part of it.
    let (a_spans, b_spans) = (Spans::new(&a), Spans::new(&b));
    let inside = |m: &Mention, other: &Spans| {
        m.label == EntityType::GroupIdentity
            && other.overlapping(m.start, m.end).any(|o| {
                o.start <= m.start
                    && m.end <= o.end
                    && o.end - o.start > m.end - m.start
                    && matches!(
                        o.label,
                        EntityType::ArmedGroup | EntityType::Organization | EntityType::Facility
                    )
            })
    };
    let a_keep: Vec<Mention> = a
        .iter()
        .filter(|m| !inside(m, &b_spans))
        .map(|m| longer_name(m, &b_spans))
        .collect();
    let b_keep: Vec<Mention> = b
        .iter()
        .filter(|m| !inside(m, &a_spans))
        .map(|m| longer_name(m, &a_spans))
        .collect();
    let mut all: Vec<Mention> = a_keep
        .into_iter()
        .chain(b_keep)
        .filter(|m| m.start < m.end)
        .collect();
    all.sort_by(|x, y| {
        let (sx, lx) = support(x);
        let (sy, ly) = support(y);
        sy.partial_cmp(&sx)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(ly.cmp(&lx))
            .then(x.start.cmp(&y.start))
    });
    // Kept spans never overlap, so a new span overlaps one of them exactly
    // when it overlaps the kept span that starts last before its end.
    let mut kept: std::collections::BTreeMap<usize, Mention> = std::collections::BTreeMap::new();
    for m in all {
        let free = kept
            .range(..m.end)
            .next_back()
            .is_none_or(|(_, k)| k.end <= m.start);
        if free {
            kept.insert(m.start, m);
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_doc::MentionKind;

    fn m(start: usize, end: usize, label: EntityType, source: &str, confidence: f32) -> Mention {
        Mention {
            start,
            end,
            sentence: 0,
            text: String::new(),
            label,
            kind: MentionKind::Name,
            source: source.into(),
            confidence,
            entity: None,
        }
    }

    #[test]
    fn better_supported_span_wins() {
        let out = merge_mentions(
            vec![
                m(0, 5, EntityType::Person, "gazetteer", 0.3),
                m(10, 15, EntityType::Country, "gazetteer", 0.95),
            ],
            vec![
                m(0, 9, EntityType::Organization, "entity_typing", 0.7),
                m(10, 20, EntityType::Organization, "entity_typing", 0.8),
            ],
        );
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].end, out[0].label), (9, EntityType::Organization));
        assert_eq!(
            out[1].label,
            EntityType::Country,
            "a gazetteer country wins"
        );
    }

    #[test]
    fn identity_word_inside_a_longer_name_yields() {
        let out = merge_mentions(
            vec![m(0, 12, EntityType::Organization, "gazetteer", 0.4)],
            vec![m(0, 7, EntityType::GroupIdentity, "entity_typing", 0.85)],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].label, EntityType::Organization);
    }

    #[test]
    fn a_name_found_only_in_part_by_the_other_set_is_kept_whole() {
        let out = merge_mentions(
            vec![{
                let mut x = m(0, 20, EntityType::Person, "gazetteer", 0.45);
                x.text = "Ada Tolva Ferrin Osk".into();
                x
            }],
            vec![
                m(0, 9, EntityType::Organization, "entity_typing", 0.6),
                m(10, 20, EntityType::Person, "entity_typing", 0.8),
            ],
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!((out[0].start, out[0].end), (0, 20));
        // A country inside a longer span is not a part of a person's name.
        let out = merge_mentions(
            vec![{
                let mut x = m(0, 20, EntityType::Person, "gazetteer", 0.45);
                x.text = "Norland Ada Ferrin".into();
                x
            }],
            vec![m(0, 7, EntityType::Country, "entity_typing", 0.95)],
        );
        assert_eq!(out[0].label, EntityType::Country);
    }

    #[test]
    fn a_cue_noun_after_a_part_makes_the_longer_name() {
        let mut long = m(0, 19, EntityType::ArmedGroup, "gazetteer", 0.6);
        long.text = "Sons of Tolva Militia".into();
        let out = merge_mentions(
            vec![long],
            vec![m(0, 12, EntityType::Person, "entity_typing", 0.8)],
        );
        assert_eq!((out.len(), out[0].end), (1, 19), "{out:?}");
    }

    #[test]
    fn two_full_names_are_not_one() {
        let mut long = m(0, 40, EntityType::Organization, "entity_typing", 0.6);
        long.text = "Dawn Force of the Tolva Guard Corps".into();
        let mut p1 = m(0, 10, EntityType::Organization, "gazetteer", 0.75);
        p1.text = "Dawn Force".into();
        let mut p2 = m(18, 40, EntityType::Organization, "gazetteer", 0.75);
        p2.text = "Tolva Guard Corps".into();
        let out = merge_mentions(vec![p1, p2], vec![long]);
        assert_eq!(out.len(), 2, "{out:?}");
    }

    #[test]
    fn empty_and_degenerate_spans() {
        assert!(merge_mentions(vec![], vec![]).is_empty());
        assert!(merge_mentions(vec![m(3, 3, EntityType::Person, "x", 1.0)], vec![]).is_empty());
    }
}
