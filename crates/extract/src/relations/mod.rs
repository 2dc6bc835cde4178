//! The `"relations"` component: the 11 relation types, one module per family.

pub mod alignment;
pub mod descriptions;
pub mod founding;
#[cfg(test)]
mod issue13;
pub mod leadership;
pub mod membership;
pub mod places;
pub mod support;

use crate::view::runner_up;
use crate::view::{Ctx, SentView, Unit};
use dossier_doc::{
    Component, ComponentError, Doc, EntityType, Layer, Modality, Relation, RelationType,
};
use std::collections::HashMap;

/// A relation found in one sentence, before merging.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its type.
    pub rtype: RelationType,
    /// Source entity.
    pub source: usize,
    /// Target entity.
    pub target: usize,
    /// Confidence from the pattern and modality.
    pub confidence: f32,
    /// Modality, if reported rather than asserted.
    pub modality: Option<Modality>,
    /// Sentence index.
    pub sentence: usize,
    /// Date, where the pattern dates it.
    pub date: Option<dossier_doc::Edtf>,
}

/// A person's title found in one sentence ("mayor of C").
#[derive(Debug, Clone, PartialEq)]
pub struct TitleFact {
    /// The person entity.
    pub entity: usize,
    /// The title text.
    pub value: String,
    /// Sentence index.
    pub sentence: usize,
    /// Confidence.
    pub confidence: f32,
}

/// Collects candidates and titles, checking entity types.
#[derive(Debug, Default)]
pub struct Sink {
    /// Relation candidates.
    pub cands: Vec<Candidate>,
    /// Titles.
    pub titles: Vec<TitleFact>,
    /// Generic plural objects of a sponsor verb waiting for a "such as"
    /// list: (source entity, sentence, noun).
    pub pending: Vec<(usize, usize, String)>,
    /// Activity at a site ("stormed the post at C"), kept only to say the
    /// group is active in the country containing the site.
    pub lift_only: Vec<Candidate>,
    /// Facts of a person acting through a group's fighters ("N sent 30
    /// fighters to C"): they hold for the group N leads, once known.
    pub proxies: Vec<Candidate>,
}

/// Whether a relation of type `r` may hold from `s` to `t`.
pub fn types_fit(r: RelationType, s: EntityType, t: EntityType) -> bool {
    use EntityType::*;
    use RelationType::*;
    let actor = |x: EntityType| matches!(x, Person | ArmedGroup | Organization | Country);
    let group = |x: EntityType| matches!(x, ArmedGroup | Organization);
    let place = |x: EntityType| matches!(x, Location | Country);
    match r {
        LeaderOf => s == Person && (group(t) || place(t)),
        FounderOf => actor(s) && group(t),
        MemberOf => (s == Person || group(s)) && group(t),
        SponsorOf => actor(s) && (group(t) || t == Person),
        TrainerOf => actor(s) && (group(t) || t == Person),
        AllyOf => actor(s) && actor(t),
        HostileTo => actor(s) && (actor(t) || t == Facility),
        BasedIn => group(s) && place(t),
        ActiveIn => group(s) && place(t),
        LocatedIn => matches!(s, Location | Facility) && place(t),
        CitizenOf => s == Person && t == Country,
    }
}

impl Sink {
    /// Adds a candidate between entity units (or entities) if the types fit.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        ctx: &Ctx,
        v: &SentView,
        rtype: RelationType,
        source: usize,
        target: usize,
        confidence: f32,
        at: usize,
    ) {
        let (Some(se), Some(te)) = (ctx.doc.entities.get(source), ctx.doc.entities.get(target))
        else {
            return;
        };
        if source == target || !types_fit(rtype, se.etype, te.etype) {
            return;
        }
        let modality = v.modality_near(at);
        let confidence = if modality.is_some() {
            confidence * 0.75
        } else {
            confidence
        };
        self.cands.push(Candidate {
            rtype,
            source,
            target,
            confidence,
            modality,
            sentence: v.sentence,
            date: None,
        });
    }
    /// Adds a candidate between two units.
    #[allow(clippy::too_many_arguments)]
    pub fn add_units(
        &mut self,
        ctx: &Ctx,
        v: &SentView,
        rtype: RelationType,
        s: &Unit,
        t: &Unit,
        confidence: f32,
        at: usize,
    ) {
        let pick = |u: &Unit| {
            if u.etype == Some(EntityType::GroupIdentity) {
                u.country.get()
            } else {
                u.ent.get().or(u.country.get())
            }
        };
        let src = if rtype == RelationType::LocatedIn || rtype == RelationType::CitizenOf {
            s.ent.get()
        } else {
            pick(s)
        };
        let mut tgt = pick(t);
        let mut src = src;
        // "G … has supplied the group": a nominal that would make the fact
        // reflexive means the document's main group
        if src.is_some() && src == tgt {
            let nominal = |u: &Unit| u.kind == Some(dossier_doc::MentionKind::Nominal);
            if nominal(t) {
                tgt = main_group(ctx).filter(|&g| Some(g) != src);
            } else if nominal(s) {
                src = main_group(ctx).filter(|&g| Some(g) != tgt);
            }
        }
        if let (Some(a), Some(b)) = (src, tgt) {
            self.add(ctx, v, rtype, a, b, confidence, at);
        }
    }
    /// Records a fact said of person `person` acting with fighters, to be
    /// carried over to the group the person leads.
    #[allow(clippy::too_many_arguments)]
    pub fn add_proxy(
        &mut self,
        v: &SentView,
        rtype: RelationType,
        person: usize,
        target: usize,
        confidence: f32,
        at: usize,
    ) {
        let modality = v.modality_near(at);
        self.proxies.push(Candidate {
            rtype,
            source: person,
            target,
            confidence: confidence * 0.9,
            modality,
            sentence: v.sentence,
            date: None,
        });
    }
    /// Records a title.
    pub fn title(&mut self, entity: usize, value: String, sentence: usize, confidence: f32) {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if !value.is_empty() {
            self.titles.push(TitleFact {
                entity,
                value,
                sentence,
                confidence,
            });
        }
    }
}

/// What the relation patterns found in a document.
#[derive(Debug, Default)]
pub struct Found {
    /// Merged relations.
    pub relations: Vec<Relation>,
    /// Titles of persons, one per sentence found.
    pub titles: Vec<TitleFact>,
}

/// The titles of persons: [`Found::titles`], found once per document and
/// layers — kept by [`extract`] when the relation extractor ran, else found
/// by the leadership patterns alone (titles come from them only).
pub fn titles<'c>(ctx: &'c Ctx) -> &'c [TitleFact] {
    ctx.titles.get_or_init(|| {
        let views = ctx.resolved_views();
        // Leadership patterns match within one sentence: ranges of views on
        // several threads for long documents, results in order.
        dossier_doc::parallel::map_ranges(views.len(), 100, |range| {
            let mut sink = Sink::default();
            for v in &views[range] {
                leadership::find(ctx, v, &mut sink);
            }
            sink.titles
        })
    })
}

/// Runs every relation pattern over the document and merges the results.
pub fn extract(ctx: &Ctx) -> Found {
    let views = ctx.resolved_views();
    // Sentences are matched independently, except that a "such as" list may
    // complete a generic object of the sentence before (`Sink::pending`): so
    // long documents go on several threads, each range of views starting
    // with the pending objects of the view before it; results in order.
    let parts = dossier_doc::parallel::map_ranges(views.len(), 100, |range| {
        let mut sink = Sink::default();
        if let Some(before) = range.start.checked_sub(1).map(|k| &views[k]) {
            let mut warm = Sink::default();
            support::find(ctx, before, &mut warm);
            sink.pending = warm.pending;
        }
        for v in &views[range] {
            founding::find(ctx, v, &mut sink);
            leadership::find(ctx, v, &mut sink);
            membership::find(ctx, v, &mut sink);
            support::find(ctx, v, &mut sink);
            alignment::find(ctx, v, &mut sink);
            places::find(ctx, v, &mut sink);
        }
        vec![sink]
    });
    let mut sink = Sink::default();
    for p in parts {
        sink.cands.extend(p.cands);
        sink.titles.extend(p.titles);
        sink.lift_only.extend(p.lift_only);
        sink.proxies.extend(p.proxies);
    }
    places::gazetteer(ctx, &mut sink);
    places::nested(ctx, &mut sink);
    let mut relations = merge(ctx, sink.cands.clone());
    founders_lead(ctx, &mut relations);
    if !sink.proxies.is_empty() {
        let mut cands = sink.cands;
        for p in &sink.proxies {
            let led: Vec<usize> = relations
                .iter()
                .filter(|r| r.rtype == RelationType::LeaderOf && r.source == p.source)
                .map(|r| r.target)
                .filter(|&g| {
                    matches!(
                        ctx.doc.entities[g].etype,
                        EntityType::ArmedGroup | EntityType::Organization
                    )
                })
                .collect();
            if let [g] = led[..] {
                let (Some(ge), Some(te)) =
                    (ctx.doc.entities.get(g), ctx.doc.entities.get(p.target))
                else {
                    continue;
                };
                if g != p.target && types_fit(p.rtype, ge.etype, te.etype) {
                    cands.push(Candidate {
                        source: g,
                        ..p.clone()
                    });
                }
            }
        }
        relations = merge(ctx, cands);
        founders_lead(ctx, &mut relations);
    }
    activity_lifts_to_countries(ctx, &mut relations, merge(ctx, sink.lift_only));
    let mut relations = prune(relations);
    cite_antecedents(ctx, &mut relations);
    // the attribute extractor reads them (`titles`) without running the
    // leadership patterns again (already set: the same titles)
    let _ = ctx.titles.set(sink.titles.clone());
    Found {
        relations,
        titles: sink.titles,
    }
}

/// A relation read through a pronoun ("It was founded by N": the views
/// give a group pronoun the subject of the sentence before, or the last
/// actor in reach) cites the sentence naming what the pronoun refers to as
/// well: the latest of the two before that names it, when its own sentence
/// does not.
fn cite_antecedents(ctx: &Ctx, relations: &mut [Relation]) {
    let views = ctx.resolved_views();
    let names = |s: usize, e: usize| {
        views.get(s).is_some_and(|v| {
            v.units
                .iter()
                .any(|u| u.ent.get() == Some(e) && u.kind.is_some())
        })
    };
    for r in relations.iter_mut() {
        let mut add = Vec::new();
        for ev in &r.evidence {
            let Some(v) = views.get(ev.sentence) else {
                continue;
            };
            for e in [r.source, r.target] {
                let through_pronoun = v
                    .units
                    .iter()
                    .any(|u| u.ent.get() == Some(e) && u.kind.is_none());
                if !through_pronoun || names(ev.sentence, e) {
                    continue;
                }
                let at = (ev.sentence.saturating_sub(2)..ev.sentence)
                    .rev()
                    .find(|&s| names(s, e));
                if let Some(a) = at.filter(|a| !add.contains(a)) {
                    add.push(a);
                }
            }
        }
        for a in add {
            if !r.evidence.iter().any(|ev| ev.sentence == a) {
                r.evidence.push(ctx.evidence(a));
            }
        }
        r.evidence.sort_by_key(|ev| ev.sentence);
    }
}

/// Merges candidates with the same type, source and target (either
/// direction for symmetric types) into one relation with several evidence spans.
pub fn merge(ctx: &Ctx, cands: Vec<Candidate>) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    let mut index: HashMap<(RelationType, usize, usize), usize> = HashMap::new();
    let mut asserted: Vec<bool> = Vec::new();
    for c in cands {
        let key = if c.rtype.is_symmetric() {
            (c.rtype, c.source.min(c.target), c.source.max(c.target))
        } else {
            (c.rtype, c.source, c.target)
        };
        match index.get(&key) {
            Some(&i) => {
                let r = &mut out[i];
                if !r.evidence.iter().any(|e| e.sentence == c.sentence) {
                    r.evidence.push(ctx.evidence(c.sentence));
                    r.confidence = (r.confidence.max(c.confidence) + 0.05).min(0.97);
                } else {
                    r.confidence = r.confidence.max(c.confidence);
                }
                if c.modality.is_none() {
                    asserted[i] = true;
                    r.modality = None;
                }
                if r.date.is_none() {
                    r.date = c.date;
                }
            }
            None => {
                index.insert(key, out.len());
                asserted.push(c.modality.is_none());
                out.push(Relation {
                    rtype: c.rtype,
                    source: c.source,
                    target: c.target,
                    confidence: c.confidence,
                    date: c.date,
                    modality: c.modality,
                    evidence: vec![ctx.evidence(c.sentence)],
                });
            }
        }
    }
    out
}

/// The group a document is about, for facts that leave their group
/// implicit ("N was named emir", "leadership passed to N"): the armed group
/// or organization with most name mentions, at least three and clearly more
/// than any other (upstream typing may call the main group an organization).
pub fn main_group(ctx: &Ctx) -> Option<usize> {
    let doc = ctx.doc;
    let counts = name_mention_counts(ctx, |t| {
        matches!(t, EntityType::ArmedGroup | EntityType::Organization)
    });
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, doc.entities[*i].etype == EntityType::ArmedGroup))?;
    clearly_most(&counts, best, *n)
}

/// The country a document is about, for a head of state it names without
/// one ("President N signed the decree"): the country with most name
/// mentions, at least three and clearly more than any other.
pub fn main_country(ctx: &Ctx) -> Option<usize> {
    let counts = name_mention_counts(ctx, |t| t == EntityType::Country);
    let (best, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    clearly_most(&counts, best, *n)
}

/// Per canonical entity whose type `keep` accepts, its mentions that are
/// not pronouns (zero for the other entities).
fn name_mention_counts(ctx: &Ctx, keep: impl Fn(EntityType) -> bool) -> Vec<usize> {
    use dossier_doc::MentionKind;
    let doc = ctx.doc;
    let mut counts = vec![0usize; doc.entities.len()];
    for m in &doc.mentions {
        let Some(e) = m.entity else { continue };
        let c = ctx.canon.get(e).copied().unwrap_or(e);
        if c < counts.len() && keep(doc.entities[c].etype) && m.kind != MentionKind::Pronoun {
            counts[c] += 1;
        }
    }
    counts
}

/// `best` (with `n` mentions) when it is named at least three times and
/// half again as often as the runner-up.
fn clearly_most(counts: &[usize], best: usize, n: usize) -> Option<usize> {
    let second = runner_up(counts, best);
    (n >= 3 && n > second + second / 2).then_some(best)
}

/// A group active in a place is active in the country that contains it
/// ("active in C", "C, a town in X" → active in X).
pub fn activity_lifts_to_countries(ctx: &Ctx, rels: &mut Vec<Relation>, sites: Vec<Relation>) {
    let is_country = |e: usize| {
        ctx.doc
            .entities
            .get(e)
            .is_some_and(|x| x.etype == EntityType::Country)
    };
    // The first `located_in` of each place, and the activities known, as
    // indexes (not a scan of every relation per activity: quadratic).
    let mut located_in: std::collections::HashMap<usize, usize> = Default::default();
    let mut active: std::collections::HashSet<(usize, usize)> = Default::default();
    for r in rels.iter() {
        match r.rtype {
            RelationType::LocatedIn => {
                located_in.entry(r.source).or_insert(r.target);
            }
            RelationType::ActiveIn => {
                active.insert((r.source, r.target));
            }
            _ => {}
        }
    }
    let container = |l: usize| -> Option<usize> {
        let mut at = l;
        for _ in 0..4 {
            let next = *located_in.get(&at)?;
            if is_country(next) {
                return Some(next);
            }
            at = next;
        }
        None
    };
    let mut add = Vec::new();
    for r in rels
        .iter()
        .chain(sites.iter())
        .filter(|r| r.rtype == RelationType::ActiveIn && !is_country(r.target))
    {
        if let Some(c) = container(r.target) {
            if active.insert((r.source, c)) {
                let mut l = r.clone();
                l.target = c;
                l.confidence = (r.confidence * 0.85).min(0.6);
                add.push(l);
            }
        }
    }
    rels.extend(add);
}

/// Whether the words between units `from` and `to` of `v` speak of a
/// person's fighters ("took sixty fighters", "sent about 30 men").
pub fn with_fighters(v: &SentView, from: usize, to: usize) -> bool {
    (from..to.min(v.len())).any(|k| {
        !v.units[k].is_ent()
            && matches!(
                v.w(k),
                "fighters"
                    | "men"
                    | "militants"
                    | "gunmen"
                    | "troops"
                    | "recruits"
                    | "followers"
                    | "loyalists"
                    | "combatants"
            )
    })
}

/// The one person who founded a group led it, at least at its founding:
/// adds leader_of for a sole person founder (not for co-founders).
pub fn founders_lead(ctx: &Ctx, rels: &mut Vec<Relation>) {
    let is_person = |e: usize| {
        ctx.doc
            .entities
            .get(e)
            .is_some_and(|x| x.etype == EntityType::Person)
    };
    // Founders counted per group and leaderships as a set, once: not a
    // scan of every relation per founding (quadratic in a long document).
    let mut founders_of: std::collections::HashMap<usize, usize> = Default::default();
    let mut leads = std::collections::HashSet::new();
    for o in rels.iter() {
        if o.rtype == RelationType::FounderOf && is_person(o.source) {
            *founders_of.entry(o.target).or_default() += 1;
        } else if o.rtype == RelationType::LeaderOf {
            leads.insert((o.source, o.target));
        }
    }
    let mut add = Vec::new();
    for r in rels.iter() {
        if r.rtype != RelationType::FounderOf || !is_person(r.source) {
            continue;
        }
        let founders = founders_of.get(&r.target).copied().unwrap_or(0);
        let led = leads.contains(&(r.source, r.target));
        // a sentence that names co-founders ("together with P", "co-founded") is no sole founding
        let shared = r.evidence.iter().any(|e| {
            ctx.doc.sentences.get(e.sentence).is_some_and(|s| {
                let t = crate::view::norm_word(ctx.doc.slice(s.start, s.end));
                ["together with", "along with", "co-found", "cofound"]
                    .iter()
                    .any(|c| t.contains(c))
            })
        });
        if founders == 1 && !led && !shared {
            let mut l = r.clone();
            l.rtype = RelationType::LeaderOf;
            l.confidence = (r.confidence * 0.7).min(0.7);
            l.date = None;
            add.push(l);
        }
    }
    rels.extend(add);
}

/// Drops redundant relations: a citizenship implied by leading that
/// country, and hostility or alliance between two leaders when the same
/// relation holds between what they lead.
pub fn prune(rels: Vec<Relation>) -> Vec<Relation> {
    use std::collections::{HashMap, HashSet};
    use RelationType::*;
    // Every lookup goes through an index by (type, source, target), so the
    // cost is linear in the relations (times the few each entity leads,
    // founded or is located in), not quadratic.
    let set: HashSet<(RelationType, usize, usize)> =
        rels.iter().map(|r| (r.rtype, r.source, r.target)).collect();
    let has = |t: RelationType, s: usize, g: usize| set.contains(&(t, s, g));
    // What an entity stands for: itself, and what it leads or founded.
    let mut stands: HashMap<usize, Vec<usize>> = HashMap::new();
    // The containers each place is located in.
    let mut located: HashMap<usize, Vec<usize>> = HashMap::new();
    for r in &rels {
        match r.rtype {
            LeaderOf | FounderOf => stands.entry(r.source).or_default().push(r.target),
            LocatedIn => located.entry(r.source).or_default().push(r.target),
            _ => {}
        }
    }
    for v in stands.values_mut().chain(located.values_mut()) {
        v.sort_unstable();
        v.dedup();
    }
    let stood = |p: usize| -> Vec<usize> {
        let mut v = vec![p];
        v.extend(stands.get(&p).into_iter().flatten().filter(|&&g| g != p));
        v
    };
    let keep: Vec<bool> = rels
        .iter()
        .map(|r| match r.rtype {
            CitizenOf => !has(LeaderOf, r.source, r.target),
            // "C in D, D in X": C in X is implied; keep the nearest container
            LocatedIn => !located.get(&r.source).is_some_and(|ts| {
                ts.iter()
                    .any(|&t| t != r.target && has(LocatedIn, t, r.target))
            }),
            HostileTo | AllyOf => {
                let same_pair = |a: usize, b: usize| {
                    (a, b) == (r.source, r.target) || (a, b) == (r.target, r.source)
                };
                let (ss, ts) = (stood(r.source), stood(r.target));
                let found = ss.iter().any(|&a| {
                    ts.iter().any(|&b| {
                        (has(r.rtype, a, b) && !same_pair(a, b))
                            || (has(r.rtype, b, a) && !same_pair(b, a))
                    })
                });
                !found
            }
            _ => true,
        })
        .collect();
    rels.into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(r, _)| r)
        .collect()
}

/// The `"relations"` pipeline component.
pub struct RelationExtractor {
    geo: Box<dyn crate::GeoLookup>,
}

impl RelationExtractor {
    /// A relation extractor that maps demonyms and cities with `geo`.
    pub fn new(geo: Box<dyn crate::GeoLookup>) -> Self {
        RelationExtractor { geo }
    }
}

impl Default for RelationExtractor {
    fn default() -> Self {
        RelationExtractor::new(Box::new(crate::GazetteerGeo))
    }
}

impl Component for RelationExtractor {
    fn name(&self) -> &str {
        "relations"
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
        &[Layer::Relations]
    }
    fn shares(&self) -> Vec<std::any::TypeId> {
        vec![std::any::TypeId::of::<crate::view::CtxData>()]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("relations", e.to_string()))?;
        let found = extract(&Ctx::new(doc, self.geo.as_ref()));
        doc.relations = found.relations;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::fixture::doc_from_markup;
    use crate::view::{Ctx, NoGeo};
    use dossier_doc::RelationType;

    /// Runs all relation patterns on markup; returns (type, source name, target name).
    pub fn rels(markup: &str) -> Vec<(RelationType, String, String)> {
        let doc = doc_from_markup(markup);
        let ctx = Ctx::new(&doc, &NoGeo);
        super::extract(&ctx)
            .relations
            .into_iter()
            .map(|r| {
                (
                    r.rtype,
                    doc.entities[r.source].name.clone(),
                    doc.entities[r.target].name.clone(),
                )
            })
            .collect()
    }

    /// Whether `markup` yields relation `t` from `s` to `g`.
    pub fn has(markup: &str, t: RelationType, s: &str, g: &str) -> bool {
        rels(markup)
            .iter()
            .any(|(rt, a, b)| *rt == t && a == s && b == g)
    }

    /// Whether `markup` yields any relation of type `t`.
    pub fn any(markup: &str, t: RelationType) -> bool {
        rels(markup).iter().any(|(rt, _, _)| *rt == t)
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::*;
    use super::*;

    /// The quadratic `prune` as it was before its index: the reference.
    fn prune_pairwise(rels: Vec<Relation>) -> Vec<Relation> {
        use RelationType::*;
        let has = |t: RelationType, s: usize, g: usize| {
            rels.iter()
                .any(|r| r.rtype == t && r.source == s && r.target == g)
        };
        let stands_for = |p: usize, g: usize| p == g || has(LeaderOf, p, g) || has(FounderOf, p, g);
        let keep: Vec<bool> = rels
            .iter()
            .map(|r| match r.rtype {
                CitizenOf => !has(LeaderOf, r.source, r.target),
                LocatedIn => !rels.iter().any(|o| {
                    o.rtype == LocatedIn
                        && o.source == r.source
                        && o.target != r.target
                        && has(LocatedIn, o.target, r.target)
                }),
                HostileTo | AllyOf => !rels.iter().any(|o| {
                    let same_pair = (o.source, o.target) == (r.source, r.target)
                        || (o.source, o.target) == (r.target, r.source);
                    o.rtype == r.rtype
                        && !same_pair
                        && ((stands_for(r.source, o.source) && stands_for(r.target, o.target))
                            || (stands_for(r.source, o.target) && stands_for(r.target, o.source)))
                }),
                _ => true,
            })
            .collect();
        rels.into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(r, _)| r)
            .collect()
    }

    #[test]
    fn indexed_prune_keeps_what_the_pairwise_one_kept() {
        use RelationType::*;
        let types = [
            LeaderOf, FounderOf, CitizenOf, LocatedIn, HostileTo, AllyOf, MemberOf,
        ];
        // A small deterministic generator: many overlapping relations among
        // six entities, so that every pruning rule fires.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m) as usize
        };
        for _ in 0..300 {
            let n = 1 + next(25);
            let rels: Vec<Relation> = (0..n)
                .map(|_| Relation {
                    rtype: types[next(types.len() as u64)],
                    source: next(6),
                    target: next(6),
                    confidence: 0.5,
                    date: None,
                    modality: None,
                    evidence: Vec::new(),
                })
                .collect();
            assert_eq!(
                prune(rels.clone()),
                prune_pairwise(rels.clone()),
                "{rels:?}"
            );
        }
        // A hand case: A leads G; H hostile to G and H hostile to A; C in D, D in X, C in X.
        let r = |rtype, source, target| Relation {
            rtype,
            source,
            target,
            confidence: 0.5,
            date: None,
            modality: None,
            evidence: Vec::new(),
        };
        let rels = vec![
            r(LeaderOf, 0, 1),
            r(HostileTo, 2, 1),
            r(HostileTo, 2, 0),
            r(LocatedIn, 3, 4),
            r(LocatedIn, 4, 5),
            r(LocatedIn, 3, 5),
            r(CitizenOf, 0, 1),
        ];
        let kept = prune(rels.clone());
        assert_eq!(kept, prune_pairwise(rels));
        assert_eq!(
            kept,
            vec![
                r(LeaderOf, 0, 1),
                r(HostileTo, 2, 1),
                r(LocatedIn, 3, 4),
                r(LocatedIn, 4, 5)
            ]
        );
    }

    #[test]
    fn duplicates_merge_with_two_evidence_spans() {
        let doc = crate::fixture::doc_from_markup(
            "[Kamal Ruswan|person] founded [the Sword of Dawn|armed_group]. Later [Ruswan|person=Kamal Ruswan] founded [the group|armed_group=the Sword of Dawn] again.",
        );
        let ctx = Ctx::new(&doc, &crate::NoGeo);
        let f = extract(&ctx);
        let r: Vec<_> = f
            .relations
            .iter()
            .filter(|r| r.rtype == RelationType::FounderOf)
            .collect();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].evidence.len(), 2);
    }

    #[test]
    fn types_are_checked() {
        assert!(types_fit(
            RelationType::LeaderOf,
            EntityType::Person,
            EntityType::Country
        ));
        assert!(!types_fit(
            RelationType::LeaderOf,
            EntityType::Country,
            EntityType::Person
        ));
        assert!(!types_fit(
            RelationType::CitizenOf,
            EntityType::Person,
            EntityType::Location
        ));
    }

    #[test]
    fn leaders_hostility_is_subsumed_by_their_groups() {
        let m = "[Kamal Ruswan|person] founded [the Sword|armed_group]. [Lina Orv|person] is the president of [Norland|country]. \
                 [The Sword|armed_group=the Sword] opposes [Norland|country]. [Ruswan|person=Kamal Ruswan] is a critic of [Lina Orv|person].";
        let r = rels(m);
        assert!(r
            .iter()
            .any(|(t, a, b)| *t == RelationType::HostileTo && a == "the Sword" && b == "Norland"));
        assert!(!r
            .iter()
            .any(|(t, a, _)| *t == RelationType::HostileTo && a == "Kamal Ruswan"));
    }

    #[test]
    fn a_reflexive_nominal_means_the_main_group() {
        let m = "[The Sword|armed_group] grew. [The Sword|armed_group=The Sword] fought. [The Sword|armed_group=The Sword] won. [The Sword|armed_group=The Sword] left. \
                 [The Red Hand|armed_group], a militia based in [Tolva|location], has supplied [the group|armed_group=The Red Hand] with rifles.";
        assert!(has(m, RelationType::SponsorOf, "The Red Hand", "The Sword"));
        let m = "[The Red Hand|armed_group] has supplied [the group|armed_group=The Red Hand] with rifles.";
        assert!(!any(m, RelationType::SponsorOf));
    }

    #[test]
    fn a_leader_acting_with_fighters_acts_for_the_group() {
        let m = "[Jon Marek|person] is the leader of [the Sword|armed_group]. In [2021|date:2021] [he|person=Jon Marek] sent about 30 fighters to [Arvo|location], a remote island.";
        assert!(has(m, RelationType::ActiveIn, "the Sword", "Arvo"));
        let m = "[Jon Marek|person] is the leader of [the Sword|armed_group]. [He|person=Jon Marek] took sixty fighters into the city to fight beside [the Red Hand|armed_group] against [the Norland Army|org].";
        assert!(has(m, RelationType::AllyOf, "the Sword", "the Red Hand"));
        assert!(has(
            m,
            RelationType::HostileTo,
            "the Sword",
            "the Norland Army"
        ));
        let m = "[Jon Marek|person] sent about 30 fighters to [Arvo|location].";
        assert!(!any(m, RelationType::ActiveIn));
        let m = "[Jon Marek|person] is the leader of [the Sword|armed_group]. [He|person=Jon Marek] travelled to [Arvo|location].";
        assert!(!any(m, RelationType::ActiveIn));
    }

    #[test]
    fn a_sole_founder_leads() {
        let m = "[Kamal Ruswan|person] founded [the Sword|armed_group] in [2016|date:2016].";
        assert!(has(m, RelationType::LeaderOf, "Kamal Ruswan", "the Sword"));
        let m = "[Kamal Ruswan|person] and [Ada Ferrin|person] founded [the Sword|armed_group]. [Ada Ferrin|person] founded [the Sword|armed_group].";
        let r = rels(m);
        assert!(
            r.iter()
                .filter(|(t, _, _)| *t == RelationType::FounderOf)
                .count()
                >= 1
        );
        let m = "[Ada Ferrin|person] founded [the Sword|armed_group]. Together with [Jon Marek|person], [Ula Penn|person] founded [the Sword|armed_group].";
        assert!(!any(m, RelationType::LeaderOf));
        let m = "Together with [Jon Marek|person], [he|person=Jon Marek] founded [the Sword|armed_group].";
        assert!(!any(m, RelationType::LeaderOf));
        let m = "[Norland|country] founded [the Sword|armed_group].";
        assert!(!any(m, RelationType::LeaderOf));
    }

    #[test]
    fn implied_containment_is_dropped() {
        let m = "They met in [Tolva|location], in [Norland|country]'s [Arvo|location] province. [Tolva|location] is in [Norland|country].";
        let r = rels(m);
        assert!(r
            .iter()
            .any(|(t, a, b)| *t == RelationType::LocatedIn && a == "Tolva" && b == "Arvo"));
        assert!(r
            .iter()
            .any(|(t, a, b)| *t == RelationType::LocatedIn && a == "Arvo" && b == "Norland"));
        assert!(!r
            .iter()
            .any(|(t, a, b)| *t == RelationType::LocatedIn && a == "Tolva" && b == "Norland"));
    }

    #[test]
    fn modality_lowers_confidence() {
        let doc = crate::fixture::doc_from_markup(
            "[Norland|country] reportedly funded [the Sword|armed_group].",
        );
        let f = extract(&Ctx::new(&doc, &crate::NoGeo));
        assert_eq!(f.relations[0].modality, Some(Modality::Reported));
        assert!(f.relations[0].confidence < 0.7);
    }
}
