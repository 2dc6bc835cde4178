//! The `"attributes"` component: `member_count` (with its date), `founded`
//! (the EDTF of the founding event) and `title` (a person's role).

use crate::lexicon::{self, is_in};
use crate::relations::TitleFact;
use crate::view::{norm_word, Ctx, SentView, Unit, GROUPS};
use dossier_doc::{
    Attribute, AttributeName, Component, ComponentError, Doc, EntityType, Event, EventType, Layer,
    MentionKind, Role,
};

fn is_group(u: &Unit) -> bool {
    u.is_type(GROUPS)
}

/// Member nouns beyond [`lexicon::MEMBER_UNITS`] ("ex-guerrillas").
const MORE_MEMBER_UNITS: &[&str] = &[
    "guerrillas",
    "insurgents",
    "jihadists",
    "loyalists",
    "partisans",
    "commandos",
    "rebels",
    "mujahideen",
    "mujahidin",
];

fn is_member_unit(w: &str) -> bool {
    let w = w
        .strip_prefix("ex-")
        .or_else(|| w.strip_prefix("former-"))
        .unwrap_or(w);
    is_in(lexicon::MEMBER_UNITS, w) || is_in(MORE_MEMBER_UNITS, w)
}

/// Verbs whose object count is only part of a group (the ones sent, trained,
/// killed or arrested), not its size.
const SUBSET_VERBS: &[&str] = &[
    "sent",
    "sending",
    "took",
    "taking",
    "led",
    "leading",
    "trained",
    "training",
    "taught",
    "teaching",
    "deployed",
    "deploying",
    "dispatched",
    "moved",
    "killing",
    "killed",
    "wounding",
    "wounded",
    "injuring",
    "arrested",
    "arresting",
    "detained",
    "detaining",
    "captured",
    "capturing",
    "lost",
    "losing",
    "executed",
    "recruited",
    "freed",
    "released",
];

/// Past forms of what a detachment does ("a dozen members travelled to C").
const ACTING_VERBS: &[&str] = &[
    "travelled",
    "traveled",
    "attacked",
    "stormed",
    "crossed",
    "joined",
    "left",
    "defected",
    "went",
    "fled",
    "raided",
    "ambushed",
    "surrendered",
    "returned",
    "deserted",
];

/// A count of members found in a sentence: (unit index of the number, value text).
pub fn member_counts(v: &SentView) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for k in 0..v.len() {
        let w = v.w(k);
        if matches!(w, "a" | "an" | "another" | "one") {
            continue;
        }
        // "a 2,000-strong militia"
        if let Some(n) = w.strip_suffix("-strong").and_then(lexicon::number_value) {
            let approx = (k.saturating_sub(2)..k).any(|q| is_in(lexicon::APPROX_WORDS, v.w(q)));
            out.push((
                k,
                if approx {
                    format!("{n}~")
                } else {
                    n.to_string()
                },
            ));
            continue;
        }
        let Some(n) = lexicon::number_value(w) else {
            continue;
        };
        if (w.len() == 4 && n > 1800) || matches!(v.w(k + 1), "%" | "percent") {
            continue;
        }
        // casualties and arrests are no members: "killing four soldiers", "two fighters were killed"
        let before = if k > 0 { v.w(k - 1) } else { "" };
        if matches!(
            before,
            "killing"
                | "killed"
                | "wounding"
                | "wounded"
                | "injuring"
                | "arrested"
                | "arresting"
                | "detained"
                | "detaining"
                | "captured"
                | "capturing"
                | "lost"
        ) || (k + 1..(k + 5).min(v.len())).any(|q| {
            is_in(lexicon::DEATH_CUES, v.w(q))
                || is_in(lexicon::INJURY_CUES, v.w(q))
                || matches!(v.w(q), "arrested" | "detained" | "captured")
        }) {
            continue;
        }
        let unit_at = (k + 1..(k + 4).min(v.len()))
            .take_while(|&q| !matches!(v.w(q), "," | "." | "of" | "and" | "were" | "was"))
            .find(|&q| is_member_unit(v.w(q)));
        let Some(unit_at) = unit_at else {
            continue;
        };
        // a part of a group sent, trained or killed: "sent about 30 fighters",
        // "killing N and five other militants"
        let subset_before = (k.saturating_sub(6)..k)
            .rev()
            .take_while(|&q| !matches!(v.w(q), "," | ";" | ":" | "." | "with"))
            .any(|q| is_in(SUBSET_VERBS, v.w(q)));
        // a part of a group that acts: "some 40 fighters attacked", "a dozen members travelled"
        let mut after = unit_at + 1;
        while after < v.len()
            && (v.units[after].is_ent() || matches!(v.w(after), "of" | "from" | "the"))
        {
            after += 1;
        }
        // "300 fighters are deployed in C", "were sent", "have been sent":
        // what was done to some of them, not how many they are
        let reported = |q: usize| {
            matches!(
                v.w(q),
                "estimated" | "believed" | "thought" | "said" | "reported" | "put" | "numbered"
            )
        };
        // a past participle (by its tag, or its form where untagged)
        let passive_at = |q: usize| {
            v.units.get(q).is_some_and(|x| match x.pos.as_deref() {
                Some(p) => p == "VBN",
                None => {
                    x.lower.ends_with("ed")
                        || matches!(
                            x.lower.as_str(),
                            "sent" | "taken" | "brought" | "driven" | "held" | "led" | "given"
                        )
                }
            }) && !reported(q)
        };
        let placed = (matches!(v.w(after), "are" | "were" | "is" | "was")
            && (matches!(
                v.w(after + 1),
                "deployed" | "stationed" | "fighting" | "serving" | "based"
            ) || passive_at(after + 1)))
            || (matches!(v.w(after), "have" | "has" | "had")
                && v.w(after + 1) == "been"
                && passive_at(after + 2));
        let acting = placed
            || v.units.get(after).is_some_and(|x| {
                !x.is_ent()
                    && (x.pos.as_deref() == Some("VBD") || is_in(ACTING_VERBS, &x.lower))
                    && !matches!(
                        x.lower.as_str(),
                        "was" | "were" | "had" | "did" | "numbered" | "remained"
                    )
            });
        // "four men from the two sides have been killed"
        let died = (unit_at + 1..(unit_at + 9).min(v.len()))
            .take_while(|&q| !matches!(v.w(q), "," | ";" | "." | "and" | "but"))
            .any(|q| {
                is_in(lexicon::DEATH_CUES, v.w(q))
                    || is_in(lexicon::INJURY_CUES, v.w(q))
                    || matches!(v.w(q), "arrested" | "detained" | "captured")
            });
        if died {
            continue;
        }
        if subset_before || acting {
            continue;
        }
        let approx = (k.saturating_sub(2)..k).any(|q| is_in(lexicon::APPROX_WORDS, v.w(q)));
        let value = if approx {
            format!("{n}~")
        } else {
            n.to_string()
        };
        out.push((k, value));
    }
    out
}

/// The group a count at unit `k` belongs to: a group named with the count
/// ("350 Sword fighters", "80 fighters of the Sword"), a group founded with
/// them ("walked out with 80 fighters and formed the Sword"), the nearest
/// group to the left; a person or an unresolved pronoun there points at the
/// document's main group.
fn count_owner(v: &SentView, k: usize, topic: Option<usize>) -> Option<usize> {
    let ent = |j: usize| v.units[j].ent.get();
    // "350 Sword fighters" / "350 fighters of the Sword"
    let mut q = k + 1;
    while q < v.len() && q <= k + 4 {
        let u = &v.units[q];
        if u.is_ent() {
            if is_group(u) && !v.is_possessor(q) {
                return ent(q);
            }
            break;
        }
        if is_member_unit(v.w(q)) {
            if matches!(v.w(q + 1), "of" | "from") {
                if let Some(h) = v.np_head(q + 2, &is_group) {
                    return ent(h);
                }
            }
            break;
        }
        q += 1;
    }
    // "with about 80 fighters and formed his own faction, the Sword"
    let end = (k + 1..v.len())
        .find(|&q| matches!(v.w(q), ";" | "."))
        .unwrap_or(v.len());
    if let Some(f) = (k + 1..end).find(|&q| is_in(lexicon::FOUND_VERBS, v.w(q))) {
        if let Some(h) = crate::events::group_object(v, f + 1) {
            return ent(h);
        }
    }
    // "the front …, and … crediting it with 200 fighters": a definite group noun is the main group
    let definite_topic = (1..k).any(|j| {
        v.w(j - 1) == "the" && !v.units[j].is_ent() && is_in(lexicon::GROUP_NOUNS, v.w(j))
    });
    // a source is no owner: "…, according to the Defense Ministry, and 300 fighters …"
    let mut from = k;
    let nearest = loop {
        match v.subject_before(from, &|u: &Unit| u.is_actor()) {
            Some(j)
                if (j.saturating_sub(3)..j).any(|q| v.w(q) == "according")
                    || (j >= 2 && v.w(j - 1) == "to" && v.w(j - 2) == "according") =>
            {
                from = j;
            }
            other => break other,
        }
    };
    // the main group stands behind a count only of its kind of people, and
    // not where a state force is the one counted ("the army has 20,000 soldiers")
    let state_count = (k + 1..(k + 4).min(v.len())).any(|q| {
        matches!(
            v.w(q),
            "soldiers"
                | "soldier"
                | "troops"
                | "personnel"
                | "policemen"
                | "police"
                | "officers"
                | "sailors"
                | "airmen"
        )
    }) || (0..k).any(|q| {
        is_in(lexicon::STATE_ORGANS, v.w(q))
            && !v.units[q].is_ent()
            && matches!(
                v.w(q + 1),
                "has"
                    | "had"
                    | "have"
                    | "numbers"
                    | "numbered"
                    | "fields"
                    | "fielded"
                    | "counts"
                    | "comprises"
            )
    });
    let topic = topic.filter(|_| !state_count);
    match nearest {
        Some(j) => {
            let u = &v.units[j];
            let pronoun = u.kind.is_none_or(|m| m == MentionKind::Pronoun) && !u.is_capitalized()
                || matches!(u.lower.as_str(), "it" | "its" | "they" | "their");
            if is_group(u) && !(pronoun && definite_topic && topic.is_some()) {
                ent(j)
            } else if u.is_type(&[EntityType::Person]) || pronoun {
                topic.or_else(|| v.subject_before(k, &is_group).and_then(ent))
            } else {
                v.subject_before(k, &is_group).and_then(ent).or(topic)
            }
        }
        None => topic,
    }
}

fn founded_date(events: &[Event], g: usize) -> Option<dossier_doc::Edtf> {
    events
        .iter()
        .filter(|e| e.etype == EventType::Founding && e.date.is_some())
        .find(|e| {
            e.participants
                .iter()
                .any(|p| p.entity == g && p.role != Role::Agent)
        })
        .and_then(|e| e.date)
}

fn is_post(w: &str) -> bool {
    is_in(lexicon::GROUP_ROLE_NOUNS, w)
        || (is_in(lexicon::ROLE_NOUNS, w)
            && !matches!(
                w,
                "member"
                    | "fighter"
                    | "militant"
                    | "operative"
                    | "official"
                    | "representative"
                    | "activist"
            ))
}

/// Heads of a post that only form a title after a role word ("chief financier").
const MORE_POST_HEADS: &[&str] = &["financier", "strategist", "negotiator", "of-staff"];

/// Office roles whose "of PLACE" complement is part of the title ("vice-mayor of C").
const OFFICE_ROLES: &[&str] = &[
    "mayor",
    "vice-mayor",
    "governor",
    "deputy-governor",
    "prefect",
];

/// The title of a role noun phrase starting at `i` (after determiners,
/// possessors and drop words): (title text, index of the role noun).
fn post_at(v: &SentView, i: usize) -> Option<(String, usize)> {
    let mut j = i;
    let mut budget = 7;
    let mut words: Vec<usize> = Vec::new();
    while j < v.len() && budget > 0 {
        budget -= 1;
        let u = &v.units[j];
        let w = v.w(j);
        if is_post(w) {
            // the role noun; keep one noun modifier before it ("explosives specialist", "chief financier")
            let mut text = String::new();
            // a role word before the head ("chief financier", "deputy commander")
            let head_after = |q: usize| is_post(v.w(q + 1)) || is_in(MORE_POST_HEADS, v.w(q + 1));
            if head_after(j) && !v.units[j + 1].is_ent() {
                text.push_str(&u.text);
                text.push(' ');
                text.push_str(&v.units[j + 1].text);
                return Some((text, j + 1));
            }
            if let Some(&m) = words.last() {
                let mw = v.w(m);
                if is_in(lexicon::ROLE_MODIFIERS, mw)
                    || (mw.ends_with('s') && !mw.ends_with("ss") && !mw.contains('-'))
                    || matches!(mw, "principal" | "chief" | "main")
                {
                    text.push_str(&v.units[m].text);
                    text.push(' ');
                }
            }
            text.push_str(&u.text);
            if is_in(OFFICE_ROLES, w) && v.w(j + 1) == "of" {
                let mut k = j + 2;
                let mut of = String::from(" of ");
                if v.w(k) == "the" {
                    of.push_str(&v.units[k].text);
                    of.push(' ');
                    k += 1;
                }
                if let Some(p) = v.units.get(k).filter(|p| p.is_place()) {
                    text.push_str(&of);
                    text.push_str(&p.text);
                }
            }
            return Some((text, j));
        }
        if u.is_ent() {
            if v.is_possessor(j) {
                j += 1;
                if v.is_poss_marker(j) {
                    j += 1;
                }
                continue;
            }
            if u.is_type(GROUPS) {
                // "a BFP explosives specialist"
                j += 1;
                continue;
            }
            return None;
        }
        if is_in(lexicon::DETERMINERS, w)
            || is_in(lexicon::TITLE_DROP, w)
            || v.is_poss_marker(j)
            || u.country.is_some()
        {
            j += 1;
            continue;
        }
        if matches!(
            w,
            "," | "."
                | ";"
                | ":"
                | "("
                | ")"
                | "\""
                | "who"
                | "which"
                | "and"
                | "of"
                | "in"
                | "at"
                | "from"
        ) {
            return None;
        }
        words.push(j);
        j += 1;
    }
    None
}

fn is_person(u: &Unit) -> bool {
    u.is_type(&[EntityType::Person])
}

/// A name right before a post predicate, even when typed as a place or an
/// organization upstream ("Barro was named emir"): the predicate says it is
/// a person. Countries and armed groups hold no posts.
fn named_holder(u: &Unit) -> bool {
    is_person(u)
        || (u.is_type(&[EntityType::Location, EntityType::Organization])
            && u.kind == Some(MentionKind::Name)
            && u.is_capitalized()
            && !u.text.split_whitespace().any(|w| {
                is_in(lexicon::GROUP_NOUNS, &w.to_lowercase())
                    || is_in(lexicon::PLACE_NOUNS, &w.to_lowercase())
                    || is_in(lexicon::STATE_ORGANS, &w.to_lowercase())
            }))
}

/// Titles of posts told by a predicate or an apposition: "N served as the
/// group's chief financier", "N was named emir", "calling himself the
/// front's amir", "N, the group's principal bomb-maker", "an explosives
/// specialist named N", "N, whom police describe as its chief bomb-maker",
/// "N, … who had been the group's political officer".
pub fn post_titles(ctx: &Ctx) -> Vec<TitleFact> {
    let mut out = Vec::new();
    for v in &ctx.views {
        let mut push = |e: Option<usize>, t: Option<(String, usize)>| {
            if let (Some(e), Some((value, _))) = (e, t) {
                out.push(TitleFact {
                    entity: e,
                    value,
                    sentence: v.sentence,
                    confidence: 0.7,
                });
            }
        };
        for k in 0..v.len() {
            let w = v.w(k);
            let subject = || {
                // the name right before the predicate ("N was named", "N served as")
                let mut j = k;
                while j > 0 && v.skippable(j - 1) && !v.units[j - 1].is_ent() {
                    j -= 1;
                }
                if j > 0 && named_holder(&v.units[j - 1]) && !is_person(&v.units[j - 1]) {
                    return v.units[j - 1].ent.get();
                }
                v.subject_before(k, &is_person)
                    .and_then(|j| v.units[j].ent.get())
            };
            match w {
                "served" | "serves" | "serving" if v.w(k + 1) == "as" => {
                    push(subject(), post_at(v, k + 2))
                }
                "named" | "appointed" | "elected" if v.is_passive(k) => {
                    let o = if v.w(k + 1) == "as" { k + 2 } else { k + 1 };
                    push(subject(), post_at(v, o));
                }
                "became" | "remains" | "remained" => push(subject(), post_at(v, k + 1)),
                "calling" | "called" | "styled" | "proclaimed"
                    if matches!(v.w(k + 1), "himself" | "herself") =>
                {
                    push(subject(), post_at(v, k + 2))
                }
                "describe" | "describes" | "described" if v.w(k + 1) == "as" => {
                    // "N, whom investigators describe as …" / "N is described as …"
                    let who = (k.saturating_sub(6)..k)
                        .rev()
                        .find(|&q| matches!(v.w(q), "whom" | "who"));
                    let e = match who {
                        Some(q) if q >= 2 && v.w(q - 1) == "," && is_person(&v.units[q - 2]) => {
                            v.units[q - 2].ent.get()
                        }
                        Some(_) => None,
                        None if v.is_passive(k) => subject(),
                        None => None,
                    };
                    push(e, post_at(v, k + 2));
                }
                "been" | "was" | "is" if (k.saturating_sub(3)..k).any(|q| v.w(q) == "who") => {
                    let q = (k.saturating_sub(3)..k)
                        .rev()
                        .find(|&q| v.w(q) == "who")
                        .unwrap_or(k);
                    push(
                        v.subject_before(q, &is_person)
                            .and_then(|j| v.units[j].ent.get()),
                        post_at(v, k + 1),
                    );
                }
                "," if k > 0 && named_holder(&v.units[k - 1]) => {
                    // apposition: "N, the group's principal bomb-maker," (a post with a possessor or of a group)
                    if let Some((value, r)) = post_at(v, k + 1) {
                        let owned = (k + 1..r).any(|q| {
                            v.is_poss_marker(q) || v.is_possessor(q) || v.units[q].is_type(GROUPS)
                        }) || v.w(r + 1) == "of";
                        let ends = matches!(
                            v.w(r + 1),
                            "," | "." | ";" | "and" | "who" | "of" | "until" | "since"
                        );
                        if (owned || is_in(lexicon::GROUP_ROLE_NOUNS, v.w(r))) && ends {
                            push(v.units[k - 1].ent.get(), Some((value, r)));
                        }
                    }
                }
                "named" if k > 0 && v.units.get(k + 1).is_some_and(is_person) => {
                    // "a Sword explosives specialist named N"
                    let lo = (k.saturating_sub(6)..k)
                        .rev()
                        .find(|&q| matches!(v.w(q), "a" | "an" | "the" | "," | "its"));
                    if let Some(lo) = lo {
                        if let Some((value, r)) = post_at(v, lo) {
                            if r + 1 == k {
                                push(v.units[k + 1].ent.get(), Some((value, r)));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // "A Xish cleric educated at …, N ran …": a sentence-opening role phrase
        if matches!(v.w(0), "a" | "an") {
            if let Some((value, r)) = post_at(v, 0).filter(|(_, r)| *r <= 4) {
                if let Some(c) = (r + 1..v.len().min(r + 16)).find(|&q| v.w(q) == ",") {
                    if v.units.get(c + 1).is_some_and(is_person)
                        && !(r + 1..c).any(|q| v.units[q].is_type(&[EntityType::Person]))
                    {
                        push(v.units[c + 1].ent.get(), Some((value, r)));
                    }
                }
            }
        }
    }
    out
}

/// Finds the attributes of one document.
pub fn extract(ctx: &Ctx, titles: &[TitleFact], events: &[Event]) -> Vec<Attribute> {
    let doc = ctx.doc;
    let mut out: Vec<Attribute> = Vec::new();
    // founded
    for e in events.iter().filter(|e| e.etype == EventType::Founding) {
        let Some(date) = &e.date else { continue };
        for p in e
            .participants
            .iter()
            .filter(|p| p.role != Role::Agent && p.role != Role::Location)
        {
            let is_org = doc.entities.get(p.entity).is_some_and(|x| {
                matches!(x.etype, EntityType::ArmedGroup | EntityType::Organization)
            });
            if is_org
                && !out
                    .iter()
                    .any(|a| a.entity == p.entity && a.name == AttributeName::Founded)
            {
                out.push(Attribute {
                    entity: p.entity,
                    name: AttributeName::Founded,
                    value: date.to_string(),
                    date: None,
                    confidence: e.confidence * 0.95,
                    evidence: e.evidence.clone(),
                });
            }
        }
    }
    // member_count
    let topic = ctx.topic;
    for v in &ctx.views {
        for (k, value) in member_counts(v) {
            let Some(g) = count_owner(v, k, topic) else {
                continue;
            };
            let at_formation = v.any_in(lexicon::FORMATION_WORDS, 0, k);
            // "its current strength", "today": the time of writing
            let now = (0..k).any(|q| {
                is_in(lexicon::NOW_WORDS, v.w(q)) || matches!(v.w(q), "current" | "present")
            });
            let date = if at_formation {
                founded_date(events, g)
            } else if now && doc.meta.published.is_some() {
                doc.meta.published
            } else {
                ctx.date_near(v.sentence, v.units[k].start)
            }
            .or(if at_formation {
                None
            } else {
                doc.meta.published
            });
            let conf = if value.ends_with('~') { 0.7 } else { 0.8 };
            if out
                .iter()
                .any(|a| a.entity == g && a.name == AttributeName::MemberCount && a.value == value)
            {
                continue;
            }
            out.push(Attribute {
                entity: g,
                name: AttributeName::MemberCount,
                value,
                date,
                confidence: conf,
                evidence: vec![ctx.evidence(v.sentence)],
            });
        }
    }
    // title: the most specific forms, one attribute per distinct title
    let own = post_titles(ctx);
    let mut by_person: Vec<(usize, Vec<&TitleFact>)> = Vec::new();
    for t in titles.iter().chain(own.iter()) {
        match by_person.iter_mut().find(|(e, _)| *e == t.entity) {
            Some((_, v)) => v.push(t),
            None => by_person.push((t.entity, vec![t])),
        }
    }
    for (entity, mut ts) in by_person {
        ts.sort_by_key(|t| std::cmp::Reverse(t.value.len()));
        let mut kept: Vec<(String, Attribute)> = Vec::new();
        for t in ts {
            let n = norm_word(&t.value);
            match kept
                .iter_mut()
                .find(|(k, _)| k.contains(&n) || n.contains(k.as_str()))
            {
                Some((_, a)) => {
                    if !a.evidence.iter().any(|e| e.sentence == t.sentence) {
                        a.evidence.push(ctx.evidence(t.sentence));
                    }
                }
                None => kept.push((
                    n,
                    Attribute {
                        entity,
                        name: AttributeName::Title,
                        value: t.value.clone(),
                        date: None,
                        confidence: t.confidence,
                        evidence: vec![ctx.evidence(t.sentence)],
                    },
                )),
            }
        }
        // a post held in a group outranks a trade ("a preacher … was named emir")
        let head = |t: &str| {
            let t = t.split(" of ").next().unwrap_or(t);
            t.split_whitespace().last().unwrap_or("").to_string()
        };
        let has_post = kept.iter().any(|(n, _)| {
            is_in(lexicon::GROUP_ROLE_NOUNS, &head(n)) && !is_in(OCCUPATIONS, &head(n))
        });
        out.extend(
            kept.into_iter()
                .filter(|(n, _)| !(has_post && is_in(OCCUPATIONS, &head(n))))
                .map(|(_, a)| a),
        );
    }
    out
}

/// Trades and occupations: a title only while no post in a group is known.
const OCCUPATIONS: &[&str] = &[
    "preacher",
    "businessman",
    "businesswoman",
    "merchant",
    "trader",
    "smuggler",
    "teacher",
    "schoolteacher",
    "student",
    "farmer",
    "herder",
    "fisherman",
    "lawyer",
    "doctor",
    "engineer",
    "journalist",
    "driver",
    "shopkeeper",
    "mechanic",
    "scholar",
];

/// The `"attributes"` pipeline component. Titles and, where no events are
/// stored, the events that date foundings come from the document's shared
/// views ([`crate::relations::titles`], [`Ctx::events`]): found once, by the
/// relation and event extractors when they ran on the same layers.
pub struct AttributeExtractor {
    geo: Box<dyn crate::GeoLookup>,
}

impl AttributeExtractor {
    /// An attribute extractor that maps demonyms with `geo`.
    pub fn new(geo: Box<dyn crate::GeoLookup>) -> Self {
        AttributeExtractor { geo }
    }
}

impl Default for AttributeExtractor {
    fn default() -> Self {
        AttributeExtractor::new(Box::new(crate::GazetteerGeo))
    }
}

impl Component for AttributeExtractor {
    fn name(&self) -> &str {
        "attributes"
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
        &[Layer::Pos, Layer::Layout, Layer::Events]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Attributes]
    }
    fn shares(&self) -> Vec<std::any::TypeId> {
        vec![std::any::TypeId::of::<crate::view::CtxData>()]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        crate::check_input(doc).map_err(|e| ComponentError::new("attributes", e.to_string()))?;
        let ctx = Ctx::new(doc, self.geo.as_ref());
        let titles = crate::relations::titles(&ctx);
        let events = if doc.events.is_empty() {
            ctx.events()
        } else {
            &doc.events
        };
        let attrs = extract(&ctx, titles, events);
        doc.attributes = attrs;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;

    fn attrs(m: &str, published: Option<&str>) -> (Doc, Vec<Attribute>) {
        let mut d = doc_from_markup(m);
        d.meta.published = published.map(|p| p.parse().unwrap());
        let ctx = Ctx::new(&d, &crate::NoGeo);
        let r = crate::relations::extract(&ctx);
        let e = crate::events::extract(&ctx);
        let a = extract(&ctx, &r.titles, &e);
        (d, a)
    }
    fn get<'a>(a: &'a [Attribute], name: &str) -> Vec<&'a Attribute> {
        a.iter().filter(|x| x.name.as_str() == name).collect()
    }

    #[test]
    fn titles_and_events_are_found_once_per_document() {
        let m = "In [2016|date:2016], [Kamal Ruswan|person] founded [the Sword|armed_group]. The commander of [the Sword|armed_group], [Kamal Ruswan|person], spoke.";
        let mut d = doc_from_markup(m);
        let geo = || Box::new(crate::NoGeo);
        crate::relations::RelationExtractor::new(geo())
            .process(&mut d)
            .unwrap();
        crate::events::EventExtractor::new(geo())
            .process(&mut d)
            .unwrap();
        // the relation and event extractors left their titles and events in
        // the document's shared views: the same values, not found again
        let ctx = Ctx::new(&d, &crate::NoGeo);
        let (titles, events) = (crate::relations::titles(&ctx), ctx.events());
        assert!(!titles.is_empty() && !events.is_empty());
        let again = Ctx::new(&d, &crate::NoGeo);
        assert!(std::ptr::eq(titles, crate::relations::titles(&again)));
        assert!(std::ptr::eq(events, again.events()));
        assert_eq!(events, &d.events[..]);
        let fresh = Ctx::fresh(&d, &crate::NoGeo);
        assert_eq!(titles, crate::relations::titles(&fresh));
        let expected = extract(&fresh, titles, &crate::events::extract(&fresh));
        AttributeExtractor::new(geo()).process(&mut d).unwrap();
        assert_eq!(d.attributes, expected);
        assert!(!get(&d.attributes, "founded").is_empty(), "{expected:?}");
    }

    #[test]
    fn founded_and_size_at_formation() {
        let (_, a) = attrs(
            "In [early 2016|date:2016-01/2016-04], [Kamal Ruswan|person] founded [the Sword|armed_group]. Upon its formation, [the militia|armed_group=the Sword] was comprised of only 14 students.",
            Some("2022-02"),
        );
        let f = get(&a, "founded");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, "2016-01/2016-04");
        let m = get(&a, "member_count");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].value, "14");
        assert_eq!(
            m[0].date.map(|d| d.to_string()).as_deref(),
            Some("2016-01/2016-04")
        );
    }

    #[test]
    fn current_size_is_dated_with_publication() {
        let (_, a) = attrs(
            "[The Sword|armed_group] is small, but it is believed to have around 20 members.",
            Some("2022-02"),
        );
        let m = get(&a, "member_count");
        assert_eq!(m[0].value, "20~");
        assert_eq!(m[0].date.map(|d| d.to_string()).as_deref(), Some("2022-02"));
        let (_, a) = attrs(
            "Two policemen and 14 students were hurt in [Tolva|location].",
            None,
        );
        assert!(get(&a, "member_count").is_empty());
        let (_, a) = attrs("[The Sword|armed_group] grew in 2016 and 2017.", None);
        assert!(get(&a, "member_count").is_empty());
        let (_, a) = attrs(
            "Fighters of [the Sword|armed_group] attacked a checkpoint, killing four soldiers.",
            None,
        );
        assert!(get(&a, "member_count").is_empty());
        let (_, a) = attrs(
            "[The Sword|armed_group] lost a battle; 12 fighters were killed.",
            None,
        );
        assert!(get(&a, "member_count").is_empty());
    }

    #[test]
    fn titles_keep_the_most_specific_form() {
        let (d, a) = attrs(
            "They opposed the President of the Republic of [Norland|country], [Lina Orv|person]. President [Orv|person=Lina Orv] replied. [Ada Ferrin|person], the mayor of [Tolva|location], left.",
            None,
        );
        let t = get(&a, "title");
        let orv: Vec<_> = t
            .iter()
            .filter(|x| d.entities[x.entity].name == "Lina Orv")
            .collect();
        assert_eq!(orv.len(), 1);
        assert_eq!(orv[0].value, "President of the Republic of Norland");
        assert!(t.iter().any(|x| x.value == "mayor of Tolva"));
    }

    #[test]
    fn apposition_and_org_titles() {
        let (_, a) = attrs("[Kamal Ruswan|person], a little-known Norlandic cleric, spoke. [Norland|country] listened.", None);
        assert!(get(&a, "title").iter().any(|x| x.value == "cleric"));
        let (_, a) = attrs(
            "[Osk Tarn|person] met [Norland|country]’s supreme leader [Ivo Rask|person].",
            None,
        );
        assert!(get(&a, "title").iter().any(|x| x.value == "supreme leader"));
        let (_, a) = attrs("[Osk Tarn|person] met the leader yesterday.", None);
        assert!(get(&a, "title").is_empty());
    }
    #[test]
    fn member_counts_belong_to_the_counted_group() {
        // a count with no group named: the document's main group
        let (d, a) = attrs("[The Sword|armed_group] grew. [The Sword|armed_group] won. The founding core was modest, perhaps forty men, most of them students of [Ada Ferrin|person].", None);
        let m = get(&a, "member_count");
        assert_eq!(m.len(), 1, "{a:?}");
        assert_eq!(d.entities[m[0].entity].name, "The Sword");
        // a group founded with the count
        let (d, a) = attrs("[The Sword|armed_group] grew. [The Sword|armed_group] won. In [2021|date:2021] [Osk Tarn|person] walked out with about 80 fighters and formed his own faction, [the Blue Hand|armed_group].", None);
        let m = get(&a, "member_count");
        assert_eq!(m.len(), 1, "{a:?}");
        assert_eq!(d.entities[m[0].entity].name, "the Blue Hand");
        // parts of a group are no size
        for s in [
            "In [2014|date:2014], instructors from [the Red Hand|armed_group] trained around sixty [Sword|armed_group] recruits.",
            "In [2021|date:2021] [the Sword|armed_group] sent about 30 fighters to [Tolva|location].",
            "On [4 March 2022|date:2022-03-04], some 40 [Sword|armed_group] fighters attacked a post.",
            "In [2015|date:2015] a dozen [Sword|armed_group] members travelled to [Tolva|location].",
            "At least four men from [the Sword|armed_group] have been killed in clashes.",
            "About 300 fighters of [the Sword|armed_group] have been sent to [Tolva|location].",
            "Some 200 fighters of [the Sword|armed_group] were moved to [Tolva|location].",
        ] {
            let (_, a) = attrs(s, None);
            assert!(get(&a, "member_count").is_empty(), "{s}: {a:?}");
        }
        // a person before the count: their group
        let (d, a) = attrs("[The Sword|armed_group] grew. [The Sword|armed_group] won. [Kamal Ruswan|person] ran a school, and his first recruits were fewer than fifty young men.", None);
        let m = get(&a, "member_count");
        assert_eq!(d.entities[m[0].entity].name, "The Sword", "{a:?}");
    }

    #[test]
    fn titles_of_posts() {
        let cases = [
            ("[Ivo Rask|person] served as [the Sword|armed_group]'s chief financier.", "Ivo Rask", "chief financier"),
            ("[Ivo Rask|person] was named emir a week later.", "Ivo Rask", "emir"),
            ("By then [Ivo Rask|person] was calling himself [the Sword|armed_group]'s amir.", "Ivo Rask", "amir"),
            ("Police detained [Ivo Rask|person], the group's principal bomb-maker, near [Tolva|location].", "Ivo Rask", "principal bomb-maker"),
            ("Leadership passed to [Ivo Rask|person], the Tolva-trained explosives specialist, who fled.", "Ivo Rask", "explosives specialist"),
            ("Four suspects, among them a [Sword|armed_group] explosives specialist named [Ivo Rask|person], were arrested.", "Ivo Rask", "explosives specialist"),
            ("[Ivo Rask|person], whom investigators describe as the group's chief bomb-maker, was arrested.", "Ivo Rask", "chief bomb-maker"),
            ("Leadership passed to [Ivo Rask|person], a teacher from [Tolva|location] who had been the group's political officer.", "Ivo Rask", "political officer"),
            ("Files say that [Ivo Rask|person], the vice-mayor of [Tolva|location] until 2019, paid them.", "Ivo Rask", "vice-mayor of Tolva"),
            ("A Norlandic cleric educated at [Vesk University|organization] in [Tolva|location], [Ivo Rask|person] ran a school.", "Ivo Rask", "cleric"),
        ];
        for (m, who, want) in cases {
            let (d, a) = attrs(m, None);
            let t = get(&a, "title");
            assert!(
                t.iter()
                    .any(|x| d.entities[x.entity].name == who && x.value == want),
                "{m}: {t:?}"
            );
        }
        let (_, a) = attrs(
            "[Ivo Rask|person], the man in charge, left [Tolva|location].",
            None,
        );
        assert!(get(&a, "title").is_empty(), "{a:?}");
    }
    #[test]
    fn noun_modifier_stays_in_the_post() {
        let (_, a) = attrs(
            "[Emil Dravos|person], a former army officer, founded [the Sword|armed_group].",
            None,
        );
        assert!(
            get(&a, "title")
                .iter()
                .any(|x| x.value.ends_with("officer")),
            "{a:?}"
        );
    }
    #[test]
    fn sources_and_stationed_detachments_are_no_owners() {
        let (d, a) = attrs("[The Sword|armed_group] today has roughly 1,500 members, according to [the Defense Ministry|organization], and another 300 fighters are deployed in [Tolva|location].", None);
        let m = get(&a, "member_count");
        assert_eq!(m.len(), 1, "{a:?}");
        assert_eq!(d.entities[m[0].entity].name, "The Sword");
    }
    #[test]
    fn strong_counts() {
        let (d, a) = attrs(
            "[The Sword|armed_group] is a 2,000-strong militia active in [Tolva|location].",
            None,
        );
        let m = get(&a, "member_count");
        assert_eq!(m.len(), 1, "{a:?}");
        assert_eq!(m[0].value, "2000");
        assert_eq!(d.entities[m[0].entity].name, "The Sword");
    }
    #[test]
    fn state_forces_are_not_the_main_group() {
        let (_, a) = attrs("[The Sword|armed_group] grew. [The Sword|armed_group] won. The army has some 20,000 men in the north.", None);
        assert!(get(&a, "member_count").is_empty(), "{a:?}");
    }
    #[test]
    fn current_strength_is_dated_now() {
        let (_, a) = attrs("[The Sword|armed_group] shrank. Its current strength is estimated at roughly 180 fighters, about half of its [2017|date:2017] peak.", Some("2024-03"));
        let m = get(&a, "member_count");
        assert_eq!(
            m[0].date.map(|d| d.to_string()).as_deref(),
            Some("2024-03"),
            "{a:?}"
        );
    }
    #[test]
    fn a_post_outranks_a_trade() {
        let (_, a) = attrs("[Hamid Barro|person], a Norlandic preacher from [Tolva|location], spoke. [Hamid Barro|person] was named emir a week later.", None);
        let t: Vec<_> = get(&a, "title").iter().map(|x| x.value.clone()).collect();
        assert_eq!(t, vec!["emir".to_string()], "{a:?}");
        let (_, a) = attrs(
            "[Hamid Barro|person], a Norlandic preacher from [Tolva|location], spoke.",
            None,
        );
        assert!(
            get(&a, "title").iter().any(|x| x.value == "preacher"),
            "{a:?}"
        );
    }
    #[test]
    fn a_post_predicate_makes_a_holder_of_a_mistyped_name() {
        let (d, a) = attrs("[Barro|location] was named emir a week later.", None);
        let t = get(&a, "title");
        assert!(
            t.iter()
                .any(|x| d.entities[x.entity].name == "Barro" && x.value == "emir"),
            "{a:?}"
        );
        let (_, a) = attrs("Police handed [Musa Tintel|organization], the group's principal bomb-maker, over to [Norland|country].", None);
        assert!(
            get(&a, "title")
                .iter()
                .any(|x| x.value == "principal bomb-maker"),
            "{a:?}"
        );
        let (_, a) = attrs(
            "[The Sword|armed_group], the group's main ally, was named a terrorist group.",
            None,
        );
        assert!(get(&a, "title").is_empty(), "{a:?}");
    }
}
