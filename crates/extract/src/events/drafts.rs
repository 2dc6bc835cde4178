//! Drafts: an event being built (its participants, date, casualties), merging
//! two drafts of one happening, and the recent events a look-back considers.

use super::*;

/// An event while it is being assembled.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Type.
    pub etype: EventType,
    /// Trigger text.
    pub trigger: String,
    /// Sentence of the first mention.
    pub sentence: usize,
    /// Unit of the trigger in that sentence.
    pub at: usize,
    /// Whether its trigger is a definite nominal ("the arrest").
    pub definite: bool,
    /// Whether its trigger is a plural noun ("protests").
    pub plural: bool,
    /// Whether a verb (not only a noun) told it.
    pub verbal: bool,
    /// Attempted or foiled.
    pub attempted: bool,
    /// Date.
    pub date: Option<Edtf>,
    /// Whether the date is written in its own sentence.
    pub own_date: bool,
    /// Participants.
    pub parts: Vec<Participant>,
    /// Killed.
    pub fatalities: Option<u32>,
    /// Wounded.
    pub injured: Option<u32>,
    /// Modality.
    pub modality: Option<Modality>,
    /// Confidence.
    pub confidence: f32,
    /// Evidence sentences.
    pub sentences: Vec<usize>,
    /// Told again inside a later report ("Three days later, G said its
    /// fighters had killed him"): the report's date is not its own, and a
    /// shift in time before the report starts no new attack.
    pub reported: bool,
    /// The units `[a, b)` of its sentence that tell it, when the sentence
    /// tells several attacks apart ("a bomb exploded in A; a second bomb
    /// struck B"): its places, targets and toll are read there.
    pub clause: Option<(usize, usize)>,
}

impl Draft {
    pub(super) fn add(&mut self, role: Role, entity: Option<usize>) {
        if let Some(e) = entity {
            if !self.parts.iter().any(|p| p.entity == e) {
                self.parts.push(Participant { role, entity: e });
            }
        }
    }
    /// Adds `entity` in `role` even when it has another role already (a
    /// group that appoints to its own post is agent and participant).
    pub(super) fn add_again(&mut self, role: Role, entity: Option<usize>) {
        if let Some(e) = entity {
            self.parts.push(Participant { role, entity: e });
        }
    }
    pub(super) fn entities(&self, roles: &[Role]) -> Vec<usize> {
        self.parts
            .iter()
            .filter(|p| roles.contains(&p.role))
            .map(|p| p.entity)
            .collect()
    }
}

pub(super) fn starts_with_shift(v: &SentView) -> bool {
    (0..v.len().min(3)).any(|k| is_in(lexicon::TIME_SHIFT, v.w(k)))
}

pub(super) fn opens_with_sequel(v: &SentView) -> bool {
    matches!(v.w(0), "following" | "after")
}

/// Where sentence `v` tells several attacks apart: the units that open a
/// further attack, after a semicolon ("a bomb exploded in A; another struck
/// B") or at "a second / another / a third" just before an attack trigger,
/// when the part before names a place and an attack, and the rest names a
/// place the part before does not. `attacks`: the units of the sentence's
/// attack triggers. Empty when the sentence tells one attack.
pub(super) fn attack_cuts(v: &SentView, attacks: &[usize]) -> Vec<usize> {
    let places = |a: usize, b: usize| -> Vec<usize> {
        v.units[a..b]
            .iter()
            .filter(|u| u.is_place())
            .filter_map(|u| u.ent.get())
            .collect()
    };
    let attack_in = |a: usize, b: usize| attacks.iter().any(|&i| a <= i && i < b);
    let mut cuts = Vec::new();
    let mut from = 0;
    for k in 1..v.len() {
        let opens = match v.w(k) {
            ";" => attack_in(k + 1, k + 7).then_some(k + 1),
            "second" | "another" | "third" | "further" => {
                attack_in(k, k + 4).then_some(if matches!(v.w(k - 1), "a" | "the") {
                    k - 1
                } else {
                    k
                })
            }
            _ => None,
        };
        let Some(p) = opens.filter(|&p| p > from) else {
            continue;
        };
        let before = places(from, p);
        if attack_in(from, p)
            && !before.is_empty()
            && places(p, v.len()).iter().any(|e| !before.contains(e))
        {
            cuts.push(p);
            from = p;
        }
    }
    cuts
}

/// The units `[a, b)` between the cuts that hold unit `at`.
pub(super) fn clause_of(cuts: &[usize], at: usize, len: usize) -> (usize, usize) {
    let a = cuts.iter().copied().filter(|&c| c <= at).max().unwrap_or(0);
    let b = cuts.iter().copied().find(|&c| c > at).unwrap_or(len);
    (a, b)
}

/// A draft told in one clause of its sentence keeps only the places and
/// targets named there (or not named in the sentence at all).
pub(super) fn keep_clause_parts(v: &SentView, d: &mut Draft) {
    let Some((a, b)) = d.clause else {
        return;
    };
    let elsewhere = |e: usize| {
        let at: Vec<usize> = (0..v.len())
            .filter(|&k| v.units[k].ent.get() == Some(e))
            .collect();
        !at.is_empty() && !at.iter().any(|&k| a <= k && k < b)
    };
    d.parts
        .retain(|p| !matches!(p.role, Role::Location | Role::Target) || !elsewhere(p.entity));
}

pub(super) fn merge_into(a: &mut Draft, b: Draft) {
    for p in b.parts {
        if !a.parts.iter().any(|q| q.entity == p.entity) {
            a.parts.push(p);
        }
    }
    for s in b.sentences {
        if !a.sentences.contains(&s) {
            a.sentences.push(s);
        }
    }
    a.attempted |= b.attempted;
    a.reported &= b.reported;
    a.verbal |= b.verbal;
    // a more precise date of the same time wins ("in 2011" … "in June 2011")
    let refines = match (&a.date, &b.date) {
        (Some(x), Some(y)) => a.own_date && b.own_date && refines(x, y),
        _ => false,
    };
    if a.date.is_none() || (!a.own_date && b.own_date) || refines {
        a.date = b.date;
        a.own_date = b.own_date;
    }
    a.fatalities = a.fatalities.max(b.fatalities);
    a.injured = a.injured.max(b.injured);
    if b.modality.is_none() {
        a.modality = None;
    }
    a.confidence = (a.confidence.max(b.confidence) + 0.05).min(0.97);
}

/// How far back (in sentences) any look-back over the events found so far
/// reaches: the scans below ask for an event whose last sentence is at most
/// this far before the current one (12 for a definite nominal), or one that
/// holds the current or previous sentence.
pub(super) const LOOK_BACK: usize = 12;

/// Which events found so far the windowed look-backs can concern, so that a
/// sentence never scans every earlier event (quadratic in a long document,
/// issue 14). Every sentence number an event holds was added while that
/// sentence or a later one was processed, so an event whose sentences reach
/// `s - LOOK_BACK` was touched (created, merged into, or given a sentence)
/// at a sentence of at least `s - LOOK_BACK`; the log keeps those touches
/// in order. The scans apply their own conditions to these candidates, so
/// they find what a scan of every event would.
#[derive(Default)]
pub(super) struct Recent {
    /// (sentence, event index), in the order of the touches.
    pub(super) log: Vec<(usize, usize)>,
    /// The first entry that can still be in a window.
    pub(super) start: usize,
    /// For each entity, the last founding event holding it as participant
    /// (the founding look-back has no window; parts only grow).
    pub(super) foundings: HashMap<usize, usize>,
}

impl Recent {
    pub(super) fn touch(&mut self, s: usize, k: usize, d: &Draft) {
        self.log.push((s, k));
        if d.etype == EventType::Founding {
            for p in d.parts.iter().filter(|p| p.role == Role::Participant) {
                let last = self.foundings.entry(p.entity).or_insert(k);
                *last = (*last).max(k);
            }
        }
    }

    /// Indices of the events touched at sentence `s - LOOK_BACK` or later,
    /// ascending, each once.
    pub(super) fn window(&mut self, s: usize) -> Vec<usize> {
        let from = s.saturating_sub(LOOK_BACK);
        while self.start < self.log.len() && self.log[self.start].0 < from {
            self.start += 1;
        }
        let mut ks: Vec<usize> = self.log[self.start..].iter().map(|&(_, k)| k).collect();
        ks.sort_unstable();
        ks.dedup();
        ks
    }

    /// The last founding event holding one of `d`'s entities as participant.
    pub(super) fn last_founding_of(&self, d: &Draft) -> Option<usize> {
        d.parts
            .iter()
            .filter_map(|q| self.foundings.get(&q.entity))
            .max()
            .copied()
    }
}
