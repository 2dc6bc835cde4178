//! The `"events"` component: the 14 event types from verbal and nominal
//! triggers, with roles read from the sentence (subject, object, "by X",
//! "of X", "against X", "in C"), an EDTF date (own, or carried over from the
//! story), attempts, modality, fatalities and injured, and one event per
//! happening even when it is told in several sentences.

use crate::lexicon::{self, is_in, Trigger};
use crate::view::{Ctx, SentView, Unit, ACTORS};
use dossier_doc::{
    Component, ComponentError, Doc, Edtf, EntityType, Event, EventType, Layer, Modality,
    Participant, Role,
};
use std::collections::HashMap;

mod casualties;
mod claims;
mod dating;
mod drafts;
mod roles;
mod triggers;
pub use self::casualties::*;
pub use self::claims::*;
pub use self::dating::*;
pub use self::drafts::*;
use self::roles::*;
pub use self::triggers::*;

fn is_actor(u: &Unit) -> bool {
    u.is_type(ACTORS)
}
fn is_actor_or_facility(u: &Unit) -> bool {
    u.is_type(ACTORS) || u.etype == Some(EntityType::Facility)
}

/// Finds the events of one document.
pub fn extract(ctx: &Ctx) -> Vec<Event> {
    let mut story = Story {
        done: Vec::new(),
        recent: Recent::default(),
        sent_date: vec![None; ctx.views.len()],
    };
    for (s, v) in ctx.views.iter().enumerate() {
        story.sentence(ctx, s, v);
    }
    finish(ctx, story.done)
}

/// The events found so far in a document, read sentence by sentence.
struct Story {
    /// The events found so far.
    done: Vec<Draft>,
    /// Which of them a look-back can concern.
    recent: Recent,
    /// The date each sentence read so far tells or carries.
    sent_date: Vec<Option<Edtf>>,
}

/// The dates a sentence's events can take besides the one of their clause.
struct SentenceDates {
    /// Whether the sentence writes a date of its own.
    own: bool,
    /// The previous sentence's date, carried within a paragraph.
    carried: Option<Edtf>,
    /// The date of a next sentence that opens as a sequel ("Following …").
    next: Option<Edtf>,
}

impl Story {
    /// Reads sentence `s`: its drafts, the claims it makes, and how its
    /// drafts join the events found before.
    fn sentence(&mut self, ctx: &Ctx, s: usize, v: &SentView) {
        let dates = self.sentence_dates(ctx, s, v);
        let mut drafts = self.drafts(ctx, s, v, &dates);
        for d in drafts.iter_mut() {
            self.complete(ctx, s, v, d);
        }
        self.claims(s, v, dates.own, &mut drafts);
        let mut kept = self.refer_back(s, drafts);
        if self.sent_date[s].is_none() {
            self.sent_date[s] = if dates.own {
                ctx.date_near(s, ctx.doc.sentences[s].start)
            } else {
                dates.carried.or(dates.next)
            };
        }
        self.date_successions(ctx, s, &mut kept);
        self.join_adjacent(ctx, s, v, kept);
        self.after_sentence(ctx, s, v);
    }

    /// Whether sentence `s` has a date of its own, the one it carries from
    /// the previous sentence of its paragraph (unless the time shifts), and
    /// the one of a next sentence that opens as its sequel.
    fn sentence_dates(&self, ctx: &Ctx, s: usize, v: &SentView) -> SentenceDates {
        let own = has_own_date(ctx, v);
        // carried date: the previous sentence of the same paragraph, unless the time shifts
        let carried = if own {
            None
        } else if s > 0
            && (ctx.para[s] == ctx.para[s - 1] || date_field(&ctx.views[s - 1]))
            && !starts_with_shift(v)
        {
            self.sent_date[s - 1]
        } else {
            None
        };
        let next = (s + 1 < ctx.views.len()
            && ctx.para.get(s + 1) == ctx.para.get(s)
            && opens_with_sequel(&ctx.views[s + 1]))
        .then(|| ctx.date_near(s + 1, ctx.doc.sentences[s + 1].start))
        .flatten();
        SentenceDates { own, carried, next }
    }

    /// The drafts of sentence `s`, one per type (two dated attacks with
    /// different dates stay apart).
    fn drafts(&mut self, ctx: &Ctx, s: usize, v: &SentView, dates: &SentenceDates) -> Vec<Draft> {
        // triggers grouped by type
        let mut drafts: Vec<Draft> = Vec::new();
        let triggers: Vec<(usize, Trigger)> = (0..v.len())
            .filter_map(|i| trigger_at(ctx, v, i).map(|t| (i, t)))
            .collect();
        let has_plot = triggers.iter().any(|(_, t)| t.etype == EventType::Plot);
        let has_conflict = triggers
            .iter()
            .any(|(_, t)| t.etype == EventType::ArmedConflict);
        let first_attack = triggers
            .iter()
            .find(|(_, t)| t.etype == EventType::Attack)
            .map(|&(i, _)| i);
        // each draft, and whether it is a bare report ("said", "claimed")
        let mut told: Vec<(Draft, bool)> = Vec::new();
        for (i, mut t) in triggers {
            if tells_nothing_new(v, i, &t, has_conflict, first_attack) {
                continue;
            }
            let modality = trigger_modality(v, i);
            if t.etype == EventType::Attack && (is_planned(v, i) || has_plot) {
                t.etype = EventType::Plot;
            }
            let report = t.etype == EventType::Statement
                && t.strength < 0.7
                && matches!(v.w(i), "claimed" | "said");
            if let Some(d) = self.draft(ctx, s, v, i, &t, modality, dates) {
                told.push((d, report));
            }
        }
        // attacks told apart ("…; a second bomb struck B") each keep their clause
        let attacks: Vec<usize> = told
            .iter()
            .filter(|(d, _)| d.etype == EventType::Attack)
            .map(|(d, _)| d.at)
            .collect();
        let cuts = attack_cuts(v, &attacks);
        if !cuts.is_empty() {
            // a later attack with no date of its own is the sentence's
            // earlier attack's day ("…; a second bomb struck B hours later")
            let mut before: Option<(Option<Edtf>, bool)> = None;
            for (d, _) in told.iter_mut() {
                if d.etype == EventType::Attack {
                    d.clause = Some(clause_of(&cuts, d.at, v.len()));
                    match before {
                        Some((date, own)) if d.date.is_none() => (d.date, d.own_date) = (date, own),
                        _ => before = Some((d.date, d.own_date)),
                    }
                }
            }
        }
        // a reporting verb around another event of its sentence, before or
        // after it, reports it ("Police said a bomb went off …", "…, the
        // ministry said")
        let reports_other = told.iter().any(|(d, _)| d.etype != EventType::Statement);
        for (d, report) in told {
            if !(report && reports_other) {
                add_draft(&mut drafts, d);
            }
        }
        drafts
    }

    /// The draft of trigger `t` at unit `i` of sentence `s` with its date,
    /// attempt, modality and roles; none for a hypothetical without a date
    /// of its own.
    #[allow(clippy::too_many_arguments)]
    fn draft(
        &mut self,
        ctx: &Ctx,
        s: usize,
        v: &SentView,
        i: usize,
        t: &Trigger,
        modality: Option<Modality>,
        dates: &SentenceDates,
    ) -> Option<Draft> {
        let hypothetical =
            (i.saturating_sub(3)..i).any(|k| is_in(lexicon::HYPOTHETICAL, v.modal_w(k)));
        let mut date = clause_date(ctx, v, i, t.etype);
        let reported = date.is_some() && self.reported_again(ctx, s, v, i, t);
        if reported {
            date = None;
        }
        let mut d = Draft {
            etype: t.etype,
            trigger: v.units[i].text.to_string(),
            sentence: s,
            at: i,
            definite: t.nominal && is_definite(v, i),
            plural: t.nominal && v.w(i).ends_with('s') && !v.w(i).ends_with("ss"),
            verbal: !t.nominal,
            attempted: is_attempted(v, i, t),
            own_date: date.is_some(),
            date: date.or(dates.carried).or(dates.next),
            parts: Vec::new(),
            fatalities: None,
            injured: None,
            modality: modality.or_else(|| hypothetical.then_some(Modality::Hypothetical)),
            confidence: t.strength
                * if modality.is_some() || hypothetical {
                    0.7
                } else {
                    1.0
                },
            sentences: vec![s],
            reported,
            clause: None,
        };
        if v.w(i) == "attempt" || v.w(i + 1) == "attempt" {
            d.attempted = true;
        }
        roles(ctx, v, i, t, &mut d);
        context_roles(ctx, v, i, &mut d);
        if t.nominal && t.etype == EventType::Attack {
            nominal_attack_places(v, i, &mut d);
        }
        if hypothetical && !d.own_date {
            return None;
        }
        Some(d)
    }

    /// "Two days later, police said G was behind the attack", "Three days
    /// later, G said its fighters had killed him": an attack told before,
    /// reported again; the sentence's dates, all before the report's verb,
    /// are the report's (called only for a trigger with a date).
    fn reported_again(&mut self, ctx: &Ctx, s: usize, v: &SentView, i: usize, t: &Trigger) -> bool {
        t.etype == EventType::Attack
            && ((t.nominal && is_definite(v, i))
                || (!t.nominal
                    && (v.w(i.wrapping_sub(1)) == "had"
                        || (v.w(i.wrapping_sub(2)) == "had"
                            && matches!(v.w(i - 1), "already" | "also" | "just")))))
            && (0..i)
                .rev()
                .find(|&k| {
                    is_in(lexicon::REPORTING_VERBS, v.w(k))
                        || matches!(v.w(k), "claimed" | "admitted" | "insisted")
                })
                .is_some_and(|r| {
                    let at = v.units[r].start;
                    ctx.dates_in(s)
                        .filter(|d| d.kind != dossier_doc::DateKind::Citation)
                        .all(|d| d.end <= at)
                })
            && self.recent.window(s).into_iter().any(|k| {
                let done = &self.done[k];
                done.etype == EventType::Attack
                    && done.sentence < s
                    && s.saturating_sub(*done.sentences.last().unwrap_or(&0)) <= 4
            })
    }

    /// Completes a draft of sentence `s` once the sentence is read: who
    /// can be arrested, places, state agents, casualties, and the scene of
    /// the sentence before or of the dateline when it names nobody.
    fn complete(&mut self, ctx: &Ctx, s: usize, v: &SentView, d: &mut Draft) {
        if matches!(d.etype, EventType::Arrest | EventType::Sentence) {
            keep_people_targets(ctx, d);
        }
        locations(
            v,
            &Trigger {
                etype: d.etype,
                nominal: true,
                strength: 1.0,
            },
            d,
        );
        state_attacker(v, d);
        bare_state_attacker(ctx, v, d);
        state_agents(v, d);
        arresting_state(ctx, v, d);
        // (a crackdown's dead too: "police fired on protesters, killing four")
        if matches!(
            d.etype,
            EventType::Attack | EventType::ArmedConflict | EventType::Crackdown
        ) {
            let dates: Vec<(usize, usize)> =
                ctx.dates_in(v.sentence).map(|x| (x.start, x.end)).collect();
            match d.clause {
                // an attack told apart counts the dead of its own clause
                Some((a, b)) => {
                    let own = SentView {
                        sentence: v.sentence,
                        units: v.units[a..b].to_vec().into(),
                    };
                    casualties(&own, &dates, d);
                }
                None => casualties(v, &dates, d),
            }
        }
        keep_clause_parts(v, d);
        if d.parts.is_empty()
            && s > 0
            && ctx.para[s] == ctx.para[s - 1]
            && (self.scene_attack(s, d)
                || matches!(
                    d.etype,
                    EventType::Crackdown | EventType::Protest | EventType::Arrest
                ))
        {
            // the story's scene: places of the previous sentence
            let prev = &ctx.views[s - 1];
            for u in prev.units.iter().filter(|u| u.is_place()) {
                d.add(Role::Location, u.ent.get());
            }
        }
        if d.parts.is_empty() && s == 0 {
            // nobody named in the story's first sentence: its dateline's
            // place ("KADRA, May 12 — Gunmen hijacked a bus") is where
            if let Some(k) = (0..v.len().min(8)).find(|&q| matches!(v.w(q), "—" | "–")) {
                for u in v.units[..k].iter().filter(|u| u.is_place()) {
                    d.add(Role::Location, u.ent.get());
                }
            }
        }
    }

    /// An attack told right after a scene that has no event of its own
    /// ("a truck stopped in front of the station in C. The explosion killed …").
    fn scene_attack(&mut self, s: usize, d: &Draft) -> bool {
        let window = self.recent.window(s);
        let done = &self.done;
        d.etype == EventType::Attack
            && s > 0
            && !window.iter().any(|&k| done[k].sentences.contains(&(s - 1)))
            && !(d.definite
                && window.iter().any(|&k| {
                    let e = &done[k];
                    e.etype == EventType::Attack
                        && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 12
                }))
    }

    /// Whether an attack is told in the four sentences before `s`.
    fn attack_just_before(&mut self, s: usize) -> bool {
        let done = &self.done;
        self.recent.window(s).into_iter().any(|k| {
            done[k].etype == EventType::Attack
                && s.saturating_sub(*done[k].sentences.last().unwrap_or(&0)) <= 4
        })
    }

    /// Claims and attributions of responsibility in sentence `s` reach the
    /// attack told in it, or back to the attacks told just before; a claim
    /// mixed with a threat is a statement of its own.
    fn claims(&mut self, s: usize, v: &SentView, own: bool, drafts: &mut Vec<Draft>) {
        let claim = claimed_agents(v);
        // a claim mixed with a threat is a statement of its own ("G claimed
        // responsibility, saying it would continue to target …"), its
        // trigger the threat, not the claim or report
        let threat = threat_in(v);
        if let Some(k) = threat {
            for d in drafts
                .iter_mut()
                .filter(|d| d.etype == EventType::Statement)
            {
                d.trigger = v.units[k].text.to_string();
            }
        }
        let keep_statement = |d: &Draft| d.etype != EventType::Statement || threat.is_some();
        // a claim reaches back only to an attack told in the four sentences
        // before; with none, its attack noun tells a new attack ("G claimed
        // responsibility for the bombing of a pipeline on DATE" opening a story)
        if claim.is_some() && self.attack_just_before(s) {
            drop_claimed_nouns(v, own, drafts);
        }
        if let (Some((agents, _)), true) =
            (&claim, drafts.iter().any(|d| d.etype == EventType::Attack))
        {
            // the attack told in the same sentence is the one claimed
            let ents: Vec<usize> = agents
                .iter()
                .filter_map(|&k| v.units[k].ent.get())
                .collect();
            for d in drafts.iter_mut().filter(|d| d.etype == EventType::Attack) {
                for &e in &ents {
                    d.add(Role::Agent, Some(e));
                }
            }
            drafts.retain(keep_statement);
        } else if let Some((agents, n)) = claim {
            let ents: Vec<usize> = agents
                .iter()
                .filter_map(|&k| v.units[k].ent.get())
                .collect();
            let done = &self.done;
            let claimed: Vec<usize> = self
                .recent
                .window(s)
                .into_iter()
                .rev()
                .filter(|&k| {
                    done[k].etype == EventType::Attack
                        && s.saturating_sub(*done[k].sentences.last().unwrap_or(&0)) <= 4
                })
                .take(n)
                .collect();
            for k in claimed {
                for &e in &ents {
                    self.done[k].add(Role::Agent, Some(e));
                }
                if !self.done[k].sentences.contains(&s) {
                    self.done[k].sentences.push(s);
                }
                self.recent.touch(s, k, &self.done[k]);
            }
            drafts.retain(keep_statement);
        }
    }

    /// Event coreference: a definite nominal with no date of its own
    /// refers back to an event of its type told before, a founding to the
    /// last founding of its group; those are merged, the others returned.
    fn refer_back(&mut self, s: usize, drafts: Vec<Draft>) -> Vec<Draft> {
        let mut kept = Vec::new();
        for d in drafts {
            let back = if d.definite && !d.own_date {
                let done = &self.done;
                self.recent.window(s).into_iter().rev().find(|&k| {
                    let e = &done[k];
                    e.etype == d.etype
                        && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 12
                        && (d.parts.is_empty()
                            || e.parts
                                .iter()
                                .any(|p| d.parts.iter().any(|q| q.entity == p.entity))
                            || e.sentence + 1 >= s)
                })
            } else if d.etype == EventType::Founding {
                self.recent.last_founding_of(&d).filter(|&k| {
                    let e = &self.done[k];
                    e.etype == EventType::Founding
                        && e.parts.iter().any(|p| {
                            p.role == Role::Participant
                                && d.parts.iter().any(|q| q.entity == p.entity)
                        })
                })
            } else {
                None
            };
            match back {
                Some(k) => {
                    let date = self.done[k].date;
                    let mut d = d;
                    if d.etype != EventType::Founding {
                        d.date = None;
                        d.own_date = false;
                    }
                    merge_into(&mut self.done[k], d);
                    self.recent.touch(s, k, &self.done[k]);
                    if self.sent_date[s].is_none() {
                        self.sent_date[s] = date;
                    }
                }
                None => kept.push(d),
            }
        }
        kept
    }

    /// A succession with no date of its own follows the removal of the
    /// predecessor: the last arrest or killing of a person told just before.
    fn date_successions(&mut self, ctx: &Ctx, s: usize, kept: &mut [Draft]) {
        for d in kept.iter_mut() {
            let succession = d.etype == EventType::Appointment
                && matches!(
                    d.trigger.to_lowercase().as_str(),
                    "passed" | "succeeded" | "took" | "replaced"
                );
            if succession && d.date.is_none() {
                let done = &self.done;
                let removal = self.recent.window(s).into_iter().rev().find(|&k| {
                    let e = &done[k];
                    matches!(e.etype, EventType::Arrest | EventType::Attack)
                        && e.date.is_some()
                        && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 6
                        && e.parts.iter().any(|p| {
                            p.role == Role::Target
                                && ctx
                                    .doc
                                    .entities
                                    .get(p.entity)
                                    .is_some_and(|x| x.etype == EntityType::Person)
                        })
                });
                if let Some(r) = removal {
                    d.date = self.done[r].date;
                }
            }
        }
    }

    /// Adjacent sentences telling one happening are one event; an attack
    /// told by a verb after a shift in time ("Two days later, they
    /// ambushed …") is another.
    fn join_adjacent(&mut self, ctx: &Ctx, s: usize, v: &SentView, kept: Vec<Draft>) {
        let shifted = starts_with_shift(v);
        for d in kept {
            let sequel = shifted && d.verbal && d.etype == EventType::Attack && !d.reported;
            let prev = self
                .same_happening(s, &d, sequel)
                .or_else(|| self.part_of_attack(ctx, s, v, &d, sequel));
            let k = match prev {
                Some(k) => {
                    merge_into(&mut self.done[k], d);
                    k
                }
                None => {
                    self.done.push(d);
                    self.done.len() - 1
                }
            };
            self.recent.touch(s, k, &self.done[k]);
        }
    }

    /// The event of the previous sentence that `d` tells again: same
    /// type, compatible dates, and a shared participant or no clash of
    /// agents and targets.
    fn same_happening(&mut self, s: usize, d: &Draft, sequel: bool) -> Option<usize> {
        let done = &self.done;
        self.recent.window(s).into_iter().rev().find(|&k| {
            let e = &done[k];
            e.etype == d.etype
                && !sequel
                && e.sentences.iter().any(|&x| x + 1 == s)
                // another attack of this sentence told apart joined it
                && !(d.clause.is_some() && e.sentences.contains(&s))
                && compatible_dates(&e.date, &d.date)
                // "On 4 April, G killed …. On 26 April, G guerrillas killed …"
                && !(e.own_date && d.own_date && distinct_days(&e.date, &d.date))
                && {
                    let clash = |roles: &[Role]| {
                        let (x, y) = (e.entities(roles), d.entities(roles));
                        !x.is_empty() && !y.is_empty() && !x.iter().any(|a| y.contains(a))
                    };
                    let shared = e.parts.iter().any(|p| {
                        d.parts.iter().any(|q| {
                            q.entity == p.entity
                                && p.role != Role::Location
                                && q.role != Role::Location
                        })
                    });
                    shared || (!d.own_date && !clash(&[Role::Agent]) && !clash(&[Role::Target]))
                }
        })
    }

    /// "Their driver was shot dead.": a killing naming nobody, told
    /// without a date of its own just after an attack in the same
    /// paragraph, is a part of it.
    fn part_of_attack(
        &mut self,
        ctx: &Ctx,
        s: usize,
        v: &SentView,
        d: &Draft,
        sequel: bool,
    ) -> Option<usize> {
        let unnamed_killing = d.etype == EventType::Attack
            && !sequel
            && d.parts.is_empty()
            && !d.own_date
            && !d.plural
            && v.w(d.at.wrapping_sub(1)) != "to";
        if !unnamed_killing {
            return None;
        }
        let done = &self.done;
        self.recent.window(s).into_iter().rev().find(|&k| {
            let e = &done[k];
            let last = *e.sentences.iter().max().unwrap_or(&0);
            e.etype == EventType::Attack
                && !e.parts.is_empty()
                && e.sentence < s
                && s.saturating_sub(last) <= 3
                && ctx.para.get(last) == ctx.para.get(s)
        })
    }

    /// What sentence `s` adds to the events told before it: an
    /// attribution, later casualties, "Nobody was injured.".
    fn after_sentence(&mut self, ctx: &Ctx, s: usize, v: &SentView) {
        let window = self.recent.window(s);
        if let Some(k) = attribute(&mut self.done, &window, v, s) {
            self.recent.touch(s, k, &self.done[k]);
        }
        follow_up_casualties(ctx, &mut self.done, &window, s);
        // "Nobody was injured." after the attack it is about
        let (no_dead, no_hurt) = no_casualties(v);
        let done = &mut self.done;
        if (no_dead || no_hurt)
            && !window
                .iter()
                .any(|&k| done[k].etype == EventType::Attack && done[k].sentences.contains(&s))
        {
            if let Some(k) = window.iter().rev().copied().find(|&k| {
                let e = &done[k];
                e.etype == EventType::Attack
                    && e.sentence < s
                    && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 3
            }) {
                let e = &mut done[k];
                if no_dead && e.fatalities.is_none() {
                    e.fatalities = Some(0);
                }
                if no_hurt && e.injured.is_none() {
                    e.injured = Some(0);
                }
            }
        }
    }
}

/// A record's date field ("Date of incident: 5.3.2016, 04:15", "Incident
/// date: …"): a label naming a date, then a colon, opening the sentence.
/// Its date is the record's, carried into the next line's story.
fn date_field(v: &SentView) -> bool {
    let colon = (0..v.len().min(5)).find(|&k| v.w(k) == ":");
    colon.is_some_and(|c| (0..c).any(|k| v.w(k) == "date"))
}

/// Whether the trigger `t` at `i` tells no event of its own: the
/// participle of an attack already told (", killing nine"), the dead of a
/// battle, a standing stance ("has threatened N since 2015"), or an attack
/// only threatened or denied.
fn tells_nothing_new(
    v: &SentView,
    i: usize,
    t: &Trigger,
    has_conflict: bool,
    first_attack: Option<usize>,
) -> bool {
    // ", killing nine": the participle of an attack already told in
    // the sentence adds its dead (counted from the sentence), not
    // another attack with its own subject
    if v.w(i) == "killing" && first_attack.is_some_and(|f| f < i) {
        return true;
    }
    if has_conflict
        && t.etype == EventType::Attack
        && matches!(v.w(i), "killed" | "shot" | "murdered")
    {
        // the dead of a battle: the battle's casualties, not another attack
        return true;
    }
    // "a militia that has threatened N since 2015": a standing stance, no statement
    if t.etype == EventType::Statement
        && !t.nominal
        && matches!(v.w(i.wrapping_sub(1)), "has" | "have")
        && (i + 1..v.len())
            .take_while(|&k| !matches!(v.w(k), ";" | "."))
            .any(|k| v.w(k) == "since")
    {
        return true;
    }
    // "threatened to attack X", "denied that his men had killed …": no told attack
    matches!(t.etype, EventType::Attack | EventType::Plot)
        && (i.saturating_sub(7)..i).any(|k| {
            (matches!(
                v.w(k),
                "threatened" | "threatening" | "vowed" | "pledged" | "promised"
            ) && v.w(k + 1) == "to")
                || (matches!(v.w(k), "denied" | "denies" | "deny" | "denying")
                    && (k + 1..i).any(|q| v.w(q) == "that"))
        })
}

/// The modality around the trigger at `i` (the month in a dateline
/// "KADRA, May 12 —" is no modal).
fn trigger_modality(v: &SentView, i: usize) -> Option<Modality> {
    v.modality_near(i).filter(|&m| {
        m != Modality::Possible
            || !(i.saturating_sub(8)..i).any(|k| {
                v.w(k) == "may"
                    && v.units[k].text == "May"
                    && (lexicon::number_value(v.w(k + 1)).is_some()
                        || lexicon::number_value(v.w(k.wrapping_sub(1))).is_some())
            })
    })
}

/// Whether an attack at `i` is only planned ("planning to attack …"): a plot.
fn is_planned(v: &SentView, i: usize) -> bool {
    (i.saturating_sub(3)..i).any(|k| {
        matches!(
            v.w(k),
            "planning"
                | "planned"
                | "plotting"
                | "plot"
                | "plan"
                | "conspiring"
                | "intended"
                | "intending"
                | "preparing"
                | "prepared"
        )
    })
}

/// Whether the trigger at `i` tells an attempt: "tried to kill" (not "was
/// tried for the killing", a trial), an attempt cue nearby, or a foiled plot.
fn is_attempted(v: &SentView, i: usize, t: &Trigger) -> bool {
    let tried_to = i >= 2
        && v.w(i - 1) == "to"
        && matches!(v.w(i - 2), "tried" | "tries" | "trying" | "try" | "sought");
    tried_to
        || (i.saturating_sub(4)..(i + 3).min(v.len())).any(|k| is_in(lexicon::ATTEMPT_CUES, v.w(k)))
        || (t.etype == EventType::Plot
            && v.any_in(&["foiled", "thwarted", "prevented"], 0, v.len()))
}

/// "the Oskel bombing", "the raid on Oskel": the place is where.
fn nominal_attack_places(v: &SentView, i: usize, d: &mut Draft) {
    let place = |k: usize| {
        v.units
            .get(k)
            .filter(|u| u.is_place())
            .and_then(|u| u.ent.get())
    };
    let before = i.checked_sub(1).and_then(place);
    let after = (v.w(i + 1) == "on").then(|| place(i + 2)).flatten();
    for e in [before, after].into_iter().flatten() {
        if !d.parts.iter().any(|p| p.entity == e) {
            d.add(Role::Location, Some(e));
        }
    }
}

/// Adds draft `d` to the sentence's drafts: one event per type and
/// sentence, unless two attacks each have a date and they differ ("the
/// 1983 X bombing, the 1985 Y bombing") or are told apart in clauses of
/// their own (`attack_cuts`): then each is told.
fn add_draft(drafts: &mut Vec<Draft>, d: Draft) {
    let separate = |x: &Draft| {
        x.etype == EventType::Attack
            && ((x.own_date && d.own_date && !compatible_dates(&x.date, &d.date))
                || x.clause != d.clause)
    };
    match drafts
        .iter_mut()
        .find(|x| x.etype == d.etype && !separate(x))
    {
        Some(x) => {
            let definite = x.definite && d.definite;
            merge_into(x, d);
            x.definite = definite;
        }
        None => drafts.push(d),
    }
}

/// Only people and groups are arrested or sentenced.
fn keep_people_targets(ctx: &Ctx, d: &mut Draft) {
    d.parts.retain(|p| {
        p.role != Role::Target
            || ctx.doc.entities.get(p.entity).is_some_and(|e| {
                matches!(
                    e.etype,
                    EntityType::Person | EntityType::ArmedGroup | EntityType::Organization
                )
            })
    });
}

/// "claimed both attacks": the attack nouns right after the claim verb,
/// and a definite one without a date of its own ("said its fighters
/// carried out the raid"), refer back to the attacks told before.
fn drop_claimed_nouns(v: &SentView, own: bool, drafts: &mut Vec<Draft>) {
    let c =
        (0..v.len()).find(|&k| matches!(v.w(k), "claimed" | "claims" | "attributed" | "blamed"));
    let refs: Vec<String> = c
        .map(|c| {
            (c + 1..(c + 7).min(v.len()))
                .map(|k| v.units[k].text.to_string())
                .collect()
        })
        .unwrap_or_default();
    drafts.retain(|d| {
        !(d.etype == EventType::Attack
            && !d.verbal
            && (refs.contains(&d.trigger) || (d.definite && !own)))
    });
}

/// The events kept from the drafts: each names someone (a gathering
/// someone besides its place), has the date its type needs, and counts
/// the victims named as killed.
fn finish(ctx: &Ctx, done: Vec<Draft>) -> Vec<Event> {
    done.into_iter()
        .filter(|d| !d.parts.is_empty())
        // a gathering with no one named is only a scene
        .filter(|d| {
            d.etype != EventType::Meeting || d.parts.iter().any(|p| p.role != Role::Location)
        })
        .filter(|d| {
            d.date.is_some()
                || !NEEDS_DATE.contains(&d.etype)
                || two_sides(ctx, d)
                || undated_statement(ctx, d)
        })
        .filter(|d| !(d.etype == EventType::ArmedConflict && d.date.is_none()) || two_sides(ctx, d))
        .filter(|d| d.etype != EventType::Statement || d.own_date || undated_statement(ctx, d))
        .filter(|d| d.etype != EventType::Founding || d.verbal || d.date.is_some())
        .map(|d| {
            let mut e = Event {
                etype: d.etype,
                trigger: d.trigger,
                attempted: d.attempted,
                date: d.date,
                participants: d.parts,
                fatalities: d.fatalities,
                injured: d.injured,
                modality: d.modality,
                confidence: d.confidence,
                evidence: d.sentences.iter().map(|&s| ctx.evidence(s)).collect(),
            };
            e.fatalities = e.fatalities.or_else(|| victims_killed(ctx.doc, &e));
            e
        })
        .collect()
}

/// Where a sentence threatens: a threat verb ("threatened", "warned",
/// "vowed") or a report of what a speaker would do ("saying it would
/// continue to target …", "adding that it will strike again").
fn threat_in(v: &SentView) -> Option<usize> {
    (0..v.len()).find(|&k| {
        matches!(
            v.w(k),
            "threatened" | "threatening" | "warned" | "warning" | "vowed" | "vowing"
        ) || (matches!(v.w(k), "saying" | "adding")
            && (k + 1..(k + 6).min(v.len())).any(|q| {
                matches!(v.w(q), "would" | "will")
                    && matches!(
                        v.w(q + 1),
                        "continue" | "attack" | "target" | "strike" | "kill" | "carry"
                    )
            }))
    })
}

/// A statement told without a date of its own that is kept: one by a
/// named speaker whose verb is more than a report ("G condemned …", "N
/// warned …"; never a bare "said", "stated" or "claimed", which mostly
/// attribute a source or a claim the key keeps optional), nor a promise
/// (a program: "its manifesto promised to …") nor a verb in a relative
/// clause describing its speaker ("N, who had criticised …").
fn undated_statement(ctx: &Ctx, d: &Draft) -> bool {
    let v = &ctx.views[d.sentence];
    d.etype == EventType::Statement
        && !matches!(
            d.trigger.to_lowercase().as_str(),
            "said" | "stated" | "claimed" | "says" | "promised" | "pledged"
        )
        && !(d.at.saturating_sub(3)..d.at).any(|k| matches!(v.w(k), "who" | "which"))
        && d.parts.iter().any(|p| p.role == Role::Agent)
}

/// The `"events"` pipeline component.
pub struct EventExtractor {
    geo: Box<dyn crate::GeoLookup>,
}

impl EventExtractor {
    /// An event extractor that maps demonyms with `geo`.
    pub fn new(geo: Box<dyn crate::GeoLookup>) -> Self {
        EventExtractor { geo }
    }
}

impl Default for EventExtractor {
    fn default() -> Self {
        EventExtractor::new(Box::new(crate::GazetteerGeo))
    }
}

impl Component for EventExtractor {
    fn name(&self) -> &str {
        "events"
    }
    fn requires(&self) -> &[Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Mentions,
            Layer::Entities,
            Layer::Dates,
        ]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Pos, Layer::Layout]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Events]
    }
    fn shares(&self) -> Vec<std::any::TypeId> {
        vec![std::any::TypeId::of::<crate::view::CtxData>()]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("events", e.to_string()))?;
        let events = Ctx::new(doc, self.geo.as_ref()).events().to_vec();
        doc.events = events;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
