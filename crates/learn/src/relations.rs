//! Relation candidates and their features: every pair of entities
//! mentioned in one sentence (a nationality word counting as a mention of
//! its country when the document names that country: "the Norlandic army"),
//! described by their types, the words between them, the dependency path
//! joining them (from the first conjunct of a coordination, when the parser
//! ran) and the relations the pattern extractors already found for them.

use crate::gold::{norm_sentence, same_sentence, GoldKey};
use dossier_doc::{Doc, EntityType, MentionKind, RelationType};

/// The most mentions of one sentence paired (longer sentences keep the first).
const MAX_MENTIONS: usize = 24;
/// The most tokens between two mentions that are paired.
const MAX_GAP: usize = 40;

/// One candidate: two entities mentioned in a sentence, the likelier
/// source first (people, then armed groups, organizations, identities,
/// countries, facilities, locations; text order between equals).
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The sentence (for a pair across two sentences, the later one).
    pub sentence: usize,
    /// For a pair across two adjacent sentences, the earlier one.
    pub previous: Option<usize>,
    /// For a pair in one sentence where one end is a pronoun or a definite
    /// description resolved to an entity named in an earlier sentence
    /// ([`dossier_extract::anaphora`]), that sentence (cited too).
    pub antecedent: Option<usize>,
    /// The entity taken first (`>` labels make it the source).
    pub first: usize,
    /// The entity taken second.
    pub second: usize,
    /// Features with the parse.
    pub features: Vec<String>,
    /// How many of `features` do not read the parse (they come first).
    pub lexical: usize,
}

/// The labels of the relation model: each relation type in each direction
/// (`>`: the first-mentioned entity is the source), symmetric types once.
pub fn labels() -> Vec<String> {
    let mut v = Vec::new();
    for r in RelationType::ALL {
        v.push(format!("{}>", r.as_str()));
        if !r.is_symmetric() {
            v.push(format!("{}<", r.as_str()));
        }
    }
    v
}

/// Whether a relation of type `r` may join a source of type `s` to a
/// target of type `t`, by the ontology's definitions (ONTOLOGY.md: a leader
/// is a person, a place is where an actor is based or active, containment
/// joins places, nationality joins a person to a country).
pub fn fits(r: RelationType, s: EntityType, t: EntityType) -> bool {
    use EntityType::*;
    let actor = |x: EntityType| matches!(x, Person | ArmedGroup | Organization | Country);
    let body = |x: EntityType| matches!(x, ArmedGroup | Organization | Country);
    let place = |x: EntityType| matches!(x, Location | Country | Facility);
    match r {
        RelationType::LeaderOf => s == Person && body(t),
        RelationType::FounderOf => actor(s) && matches!(t, ArmedGroup | Organization),
        RelationType::MemberOf => matches!(s, Person | ArmedGroup | Organization) && body(t),
        RelationType::SponsorOf | RelationType::TrainerOf => {
            actor(s) && matches!(t, Person | ArmedGroup | Organization)
        }
        RelationType::AllyOf => actor(s) && actor(t),
        RelationType::HostileTo => actor(s) && (actor(t) || t == Facility),
        RelationType::BasedIn | RelationType::ActiveIn => {
            matches!(s, Person | ArmedGroup | Organization) && place(t)
        }
        RelationType::LocatedIn => {
            matches!(s, Location | Facility) && matches!(t, Location | Country)
        }
        RelationType::CitizenOf => s == Person && t == Country,
    }
}

/// The relation and direction of a label: `(type, first_is_source)`.
pub fn parse_label(l: &str) -> Option<(RelationType, bool)> {
    let (t, forward) = match l.strip_suffix('>') {
        Some(t) => (t, true),
        None => (l.strip_suffix('<')?, false),
    };
    Some((t.parse().ok()?, forward))
}

fn type_name(t: EntityType) -> &'static str {
    t.as_str()
}

fn kind_name(k: MentionKind) -> &'static str {
    match k {
        MentionKind::Name => "name",
        MentionKind::ShortName => "short",
        MentionKind::Acronym => "acro",
        MentionKind::Nominal => "nominal",
        MentionKind::Pronoun => "pronoun",
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=7 => "5-7",
        8..=12 => "8-12",
        _ => "13+",
    }
}

/// A token's lemma, or its lowercase text.
fn lemma(doc: &Doc, i: usize) -> String {
    let t = &doc.tokens[i];
    match &t.lemma {
        Some(l) => l.to_lowercase(),
        None => t.text.to_lowercase(),
    }
}

struct Span {
    entity: usize,
    kind: MentionKind,
    /// A nationality word standing for a country of the document
    /// ("the Norlandic army").
    demonym: bool,
    /// First and one-past-last token.
    t0: usize,
    t1: usize,
    /// The token whose head lies outside the span.
    head: usize,
    /// For a resolved anaphor, the sentence of its antecedent.
    antecedent: Option<usize>,
}

/// The document's country entities by ISO code (from the gazetteer).
fn countries(doc: &Doc) -> Vec<(String, usize)> {
    let g = dossier_entities::Gazetteer::global();
    let mut v = Vec::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if e.etype != EntityType::Country {
            continue;
        }
        if let Some(c) = std::iter::once(&e.name)
            .chain(e.aliases.iter())
            .find_map(|n| g.country(n))
        {
            if !v.iter().any(|(code, _)| *code == c.iso2) {
                v.push((c.iso2.clone(), i));
            }
        }
    }
    v
}

/// Adds to `spans` (sorted, not overlapping) a span for each nationality
/// word of sentence `si` whose country is an entity of the document, where
/// no mention of another type covers it ("Norlandic troops" → Norland).
fn demonym_spans(doc: &Doc, si: usize, countries: &[(String, usize)], spans: &mut Vec<Span>) {
    let g = dossier_entities::Gazetteer::global();
    let s = &doc.sentences[si];
    for i in s.token_start..s.token_end.min(doc.tokens.len()) {
        let w = &doc.tokens[i].text;
        if !w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let Some(c) = g.demonym(w) else { continue };
        let Some(&(_, entity)) = countries.iter().find(|(code, _)| *code == c.iso2) else {
            continue;
        };
        match spans.iter().position(|sp| sp.t0 <= i && i < sp.t1) {
            Some(k) => {
                let sp = &spans[k];
                let et = doc.entities[sp.entity].etype;
                if sp.t1 - sp.t0 == 1 && et == EntityType::GroupIdentity {
                    spans[k].entity = entity;
                    spans[k].demonym = true;
                }
            }
            None => {
                let at = spans.iter().position(|sp| sp.t0 > i).unwrap_or(spans.len());
                spans.insert(
                    at,
                    Span {
                        entity,
                        kind: MentionKind::Name,
                        demonym: true,
                        t0: i,
                        t1: i + 1,
                        head: i,
                        antecedent: None,
                    },
                );
            }
        }
    }
}

/// The candidates of every sentence of `doc`, pairs through a resolved
/// group pronoun or description ([`dossier_extract::anaphora`]) included.
pub fn candidates(doc: &Doc) -> Vec<Candidate> {
    candidates_with(doc, true)
}

/// The candidates of every sentence of `doc`; with `anaphora`, also the
/// pairs in which one end is a group pronoun or a definite description
/// resolved to an entity ("It was founded by N"), described by the same
/// features as a pair of names (the kind feature says `pronoun` or
/// `nominal`). Training leaves those out ([`crate::train_relations`]): the
/// model learned on names decides them as it would decide the names they
/// stand for.
pub fn candidates_with(doc: &Doc, anaphora: bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    each_candidate(doc, anaphora, &mut |c| out.push(c));
    out
}

/// Hands each candidate of [`candidates_with`] to `f`, in the same order,
/// without holding them all: a long document has hundreds of thousands of
/// candidates of a few dozen feature strings each, which held together
/// were the largest heap of a whole extraction (docs/robustness.md).
pub fn each_candidate(doc: &Doc, anaphora: bool, f: &mut dyn FnMut(Candidate)) {
    let parsed = doc.tokens.iter().any(|t| t.deprel.is_some());
    // children per token for case markers
    let mut case_of: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    if parsed {
        for (i, t) in doc.tokens.iter().enumerate() {
            if let (Some(h), Some(d)) = (t.head, t.deprel.as_deref()) {
                if (d == "case" || d == "mark") && h < case_of.len() && case_of[h].is_none() {
                    case_of[h] = Some(i);
                }
            }
        }
    }
    let mut by_sentence: Vec<Vec<&dossier_doc::Mention>> = vec![Vec::new(); doc.sentences.len()];
    for m in &doc.mentions {
        if m.entity.is_some() && m.sentence < by_sentence.len() {
            by_sentence[m.sentence].push(m);
        }
    }
    let countries = countries(doc);
    let mut anaphors: std::collections::HashMap<usize, Vec<dossier_extract::anaphora::Anaphor>> =
        Default::default();
    for a in dossier_extract::anaphora::group_anaphors(doc)
        .into_iter()
        .filter(|_| anaphora)
    {
        anaphors.entry(a.sentence).or_default().push(a);
    }
    // each sentence's (entity, kind) mentions, for pairs across sentences
    let mut kept: Vec<Vec<(usize, MentionKind)>> = vec![Vec::new(); by_sentence.len()];
    for (si, ms) in by_sentence.iter_mut().enumerate() {
        if ms.is_empty() && !anaphors.contains_key(&si) {
            continue;
        }
        ms.sort_by_key(|m| (m.start, m.end));
        let mut spans: Vec<Span> = Vec::new();
        for m in ms.iter().take(MAX_MENTIONS) {
            let Some((t0, last, head)) = crate::mention_tokens(doc, m) else {
                continue;
            };
            let t1 = last + 1;
            if spans.last().is_some_and(|p: &Span| p.t1 > t0) {
                continue; // overlapping mentions: keep the first
            }
            spans.push(Span {
                entity: m.entity.unwrap_or(0),
                kind: m.kind,
                demonym: false,
                t0,
                t1,
                head,
                antecedent: None,
            });
        }
        anaphor_spans(
            doc,
            anaphors.get(&si).map_or(&[][..], Vec::as_slice),
            &mut spans,
        );
        if !countries.is_empty() {
            demonym_spans(doc, si, &countries, &mut spans);
        }
        // pairs across sentences are of names only: an anaphor's own pair
        // is made within its sentence
        for sp in spans.iter().filter(|sp| sp.antecedent.is_none()) {
            if !kept[si].iter().any(|&(e, _)| e == sp.entity) {
                kept[si].push((sp.entity, sp.kind));
            }
        }
        for a in 0..spans.len() {
            for b in a + 1..spans.len() {
                let (x, y) = (&spans[a], &spans[b]);
                if x.entity == y.entity || y.t0 - x.t1 > MAX_GAP {
                    continue;
                }
                let (mut lex, path) = features(doc, si, x, y, &spans, parsed, &case_of);
                // canonical order: the likelier source first, so that a
                // type pair's direction label does not depend on word order
                let swap = rank(doc.entities[y.entity].etype) < rank(doc.entities[x.entity].etype);
                let (first, second) = if swap {
                    (y.entity, x.entity)
                } else {
                    (x.entity, y.entity)
                };
                lex.push(format!("SW:{swap}|{}", lex[1]));
                // each feature once, the lexical ones first (as in training)
                lex.sort_unstable();
                lex.dedup();
                let lexical = lex.len();
                let mut path = path;
                path.sort_unstable();
                path.dedup();
                path.retain(|p| lex.binary_search(p).is_err());
                let mut features = lex;
                features.extend(path);
                let antecedent = [x.antecedent, y.antecedent]
                    .into_iter()
                    .flatten()
                    .find(|&a| a != si);
                f(Candidate {
                    sentence: si,
                    previous: None,
                    antecedent,
                    first,
                    second,
                    features,
                    lexical,
                });
            }
        }
    }
    cross_sentence(doc, &kept, f);
}

/// Adds to `spans` (sorted, not overlapping) a span for each resolved
/// anaphor of the sentence that no span overlaps: "it", "their", "the group"
/// then pair like the names they stand for.
fn anaphor_spans(
    doc: &Doc,
    anaphors: &[dossier_extract::anaphora::Anaphor],
    spans: &mut Vec<Span>,
) {
    for a in anaphors {
        if spans.iter().any(|sp| sp.t0 < a.t1 && a.t0 < sp.t1) || a.entity >= doc.entities.len() {
            continue;
        }
        let at = spans
            .iter()
            .position(|sp| sp.t0 > a.t0)
            .unwrap_or(spans.len());
        spans.insert(
            at,
            Span {
                entity: a.entity,
                kind: a.kind,
                demonym: false,
                t0: a.t0,
                t1: a.t1,
                head: a.t1 - 1,
                antecedent: Some(a.antecedent),
            },
        );
    }
}

/// The most mentions of a sentence paired with the previous sentence's.
const MAX_CROSS: usize = 8;

/// The root's lemma of sentence `si` (its main verb), if parsed.
fn root_lemma(doc: &Doc, si: usize) -> Option<String> {
    let s = doc.sentences.get(si)?;
    (s.token_start..s.token_end.min(doc.tokens.len()))
        .find(|&i| doc.tokens[i].deprel.as_deref() == Some("root"))
        .map(|i| lemma(doc, i))
}

/// Candidates across two adjacent sentences: an entity named in one and not
/// the other, paired with one of the other sentence ("X was arrested in C.
/// The defendant, N, ..."), described by their types and kinds, the main
/// verbs of both sentences and the first words of the later one; their
/// features are their own (prefixed `X`), so they never borrow weight from
/// pairs within a sentence.
fn cross_sentence(doc: &Doc, kept: &[Vec<(usize, MentionKind)>], out: &mut dyn FnMut(Candidate)) {
    for si in 1..kept.len() {
        let (prev, cur) = (&kept[si - 1], &kept[si]);
        if prev.is_empty() || cur.is_empty() {
            continue;
        }
        let roots = (root_lemma(doc, si - 1), root_lemma(doc, si));
        let s = &doc.sentences[si];
        let opening: Vec<String> = (s.token_start..s.token_end.min(doc.tokens.len()))
            .take(2)
            .map(|i| lemma(doc, i))
            .collect();
        for &(a, ka) in prev.iter().take(MAX_CROSS) {
            if cur.iter().any(|&(e, _)| e == a) {
                continue;
            }
            for &(b, kb) in cur.iter().take(MAX_CROSS) {
                if a == b || prev.iter().any(|&(e, _)| e == b) {
                    continue;
                }
                let (ta, tb) = (doc.entities[a].etype, doc.entities[b].etype);
                let swap = rank(tb) < rank(ta);
                let (first, second) = if swap { (b, a) } else { (a, b) };
                let t = format!(
                    "{}>{}",
                    type_name(doc.entities[first].etype),
                    type_name(doc.entities[second].etype)
                );
                let mut f = vec![
                    "Xbias".to_string(),
                    format!("XT:{t}"),
                    format!("XK:{},{}|{t}", kind_name(ka), kind_name(kb)),
                    format!("XSW:{swap}|{t}"),
                    format!("XO:{}|{t}", opening.join("_")),
                ];
                if let Some(r) = &roots.0 {
                    f.push(format!("XR1:{r}|{t}"));
                }
                if let Some(r) = &roots.1 {
                    f.push(format!("XR2:{r}|{t}"));
                }
                for r in &doc.relations {
                    if (r.source == a && r.target == b) || (r.source == b && r.target == a) {
                        f.push(format!("XRD:{}", r.rtype.as_str()));
                    }
                }
                f.sort_unstable();
                f.dedup();
                let lexical = f.len();
                out(Candidate {
                    sentence: si,
                    previous: Some(si - 1),
                    antecedent: None,
                    first,
                    second,
                    features: f,
                    lexical,
                });
            }
        }
    }
}

fn rel_name(doc: &Doc, i: usize, case_of: &[Option<usize>]) -> String {
    let d = doc.tokens[i].deprel.as_deref().unwrap_or("dep");
    let base = d.split(':').next().unwrap_or(d);
    let d = if d == "nsubj:pass" || d == "obl:agent" || d == "nmod:poss" {
        d
    } else {
        base
    };
    match case_of[i] {
        Some(c) if matches!(base, "nmod" | "obl" | "advcl" | "acl") => {
            format!("{d}_{}", lemma(doc, c))
        }
        _ => d.to_string(),
    }
}

/// The order in which a pair's entities are taken (source-like first):
/// people, armed groups, organizations, identities, countries, facilities,
/// locations.
fn rank(t: EntityType) -> u8 {
    match t {
        EntityType::Person => 0,
        EntityType::ArmedGroup => 1,
        EntityType::Organization => 2,
        EntityType::GroupIdentity => 3,
        EntityType::Country => 4,
        EntityType::Facility => 5,
        EntityType::Location => 6,
    }
}

/// The first conjunct of the coordination `i` belongs to (following `conj`
/// up), and whether `i` is a later conjunct.
fn conj_root(doc: &Doc, i: usize) -> (usize, bool) {
    let mut cur = i;
    for _ in 0..8 {
        match (doc.tokens[cur].deprel.as_deref(), doc.tokens[cur].head) {
            (Some("conj"), Some(h)) if h < doc.tokens.len() => cur = h,
            _ => break,
        }
    }
    (cur, cur != i)
}

/// Ancestors of `i` (itself first) up to the root, at most 12.
fn ancestors(doc: &Doc, i: usize) -> Vec<usize> {
    let mut v = vec![i];
    let mut cur = i;
    while let Some(h) = doc.tokens[cur].head {
        if h >= doc.tokens.len() || v.contains(&h) || v.len() > 12 {
            break;
        }
        v.push(h);
        cur = h;
    }
    v
}

/// The features of the pair `x` (first in the text) and `y` of sentence
/// `si`: the lexical ones (types, kinds, words between and around, the
/// patterns' relations) and, where the parser ran, the dependency path's.
fn features(
    doc: &Doc,
    si: usize,
    x: &Span,
    y: &Span,
    spans: &[Span],
    parsed: bool,
    case_of: &[Option<usize>],
) -> (Vec<String>, Vec<String>) {
    let e = &doc.entities;
    let t = format!(
        "{}>{}",
        type_name(e[x.entity].etype),
        type_name(e[y.entity].etype)
    );
    let mut f = vec![
        "bias".to_string(),
        format!("T:{t}"),
        format!(
            "K:{},{}",
            if x.demonym {
                "demonym"
            } else {
                kind_name(x.kind)
            },
            if y.demonym {
                "demonym"
            } else {
                kind_name(y.kind)
            }
        ),
    ];
    between_features(doc, x, y, spans, &t, &mut f);
    context_features(doc, si, x, y, &mut f);
    pattern_features(doc, si, x, y, &mut f);
    let mut p = Vec::new();
    if parsed {
        path_features(doc, x, y, case_of, &t, &mut p);
    }
    (f, p)
}

/// The gap's size, the mentions and the words between `x` and `y` (first,
/// last, all of a short gap, each).
fn between_features(doc: &Doc, x: &Span, y: &Span, spans: &[Span], t: &str, f: &mut Vec<String>) {
    let gap = y.t0 - x.t1;
    f.push(format!("N:{}|{t}", bucket(gap)));
    let between_mentions = spans
        .iter()
        .filter(|s| s.t0 >= x.t1 && s.t1 <= y.t0)
        .count();
    f.push(format!("BE:{}", bucket(between_mentions)));
    if gap <= 15 {
        let mut words: Vec<String> = (x.t1..y.t0)
            .filter(|&i| {
                let w = &doc.tokens[i].text;
                w.chars().any(char::is_alphanumeric)
            })
            .map(|i| lemma(doc, i))
            .collect();
        if let Some(w) = words.first() {
            f.push(format!("B1:{w}|{t}"));
        }
        if let Some(w) = words.last() {
            f.push(format!("BL:{w}|{t}"));
        }
        if words.len() <= 4 {
            f.push(format!("BS:{}|{t}", words.join("_")));
        }
        words.sort();
        words.dedup();
        for w in &words {
            f.push(format!("B:{w}"));
            f.push(format!("BT:{w}|{t}"));
        }
    } else {
        f.push("B:far".to_string());
    }
}

/// The word before `x` (or the sentence's start) and the word after `y`.
fn context_features(doc: &Doc, si: usize, x: &Span, y: &Span, f: &mut Vec<String>) {
    let e = &doc.entities;
    let s = &doc.sentences[si];
    if x.t0 > s.token_start {
        f.push(format!("L1:{}", lemma(doc, x.t0 - 1)));
    } else {
        f.push("L1:<s>".to_string());
    }
    if y.t1 < s.token_end {
        f.push(format!(
            "R1:{}|{}",
            lemma(doc, y.t1),
            type_name(e[y.entity].etype)
        ));
    }
}

/// The relations the pattern extractors found between the two entities,
/// in this sentence (`R:`) or elsewhere in the document (`RD:`).
fn pattern_features(doc: &Doc, si: usize, x: &Span, y: &Span, f: &mut Vec<String>) {
    // what the pattern extractors found
    for r in &doc.relations {
        let dir = if r.source == x.entity && r.target == y.entity {
            ">"
        } else if r.source == y.entity && r.target == x.entity {
            if r.rtype.is_symmetric() {
                ">"
            } else {
                "<"
            }
        } else {
            continue;
        };
        let here = r.evidence.iter().any(|ev| ev.sentence == si);
        f.push(format!(
            "{}:{}{dir}",
            if here { "R" } else { "RD" },
            r.rtype.as_str()
        ));
    }
}

/// The dependency path joining `x` and `y` (from the first conjunct of a
/// coordination): its shape up and down, with and without the lowest
/// common ancestor's word, the words inside, its first and last hops.
fn path_features(
    doc: &Doc,
    x: &Span,
    y: &Span,
    case_of: &[Option<usize>],
    t: &str,
    p: &mut Vec<String>,
) {
    // a conjunct reads its path from the first conjunct ("A, B and C
    // of the Front": B and C stand where A stands)
    let (hx, cx) = conj_root(doc, x.head);
    let (hy, cy) = conj_root(doc, y.head);
    if cx || cy {
        p.push(format!("CJ:{cx}{cy}|{t}"));
    }
    let ax = ancestors(doc, hx);
    let ay = ancestors(doc, hy);
    if ax.contains(&hy) || ay.contains(&hx) {
        p.push(format!("DOM:{}|{t}", ax.contains(&hy)));
    }
    if let Some((ix, &lca)) = ax.iter().enumerate().find(|(_, a)| ay.contains(a)) {
        let iy = ay.iter().position(|&a| a == lca).unwrap_or(0);
        let up: Vec<String> = ax[..ix]
            .iter()
            .map(|&i| rel_name(doc, i, case_of))
            .collect();
        let down: Vec<String> = ay[..iy]
            .iter()
            .rev()
            .map(|&i| rel_name(doc, i, case_of))
            .collect();
        let lca_word = if lca == hx || lca == hy {
            "*".to_string()
        } else {
            lemma(doc, lca)
        };
        let shape = format!("{}|{}", up.join("^"), down.join("v"));
        if up.len() + down.len() <= 6 {
            p.push(format!("P:{shape}|{t}"));
            p.push(format!("PL:{shape}|{lca_word}|{t}"));
            p.push(format!("PW:{shape}|{lca_word}"));
            let interior: Vec<String> = ax[1.min(ix)..ix]
                .iter()
                .chain(ay[1.min(iy)..iy].iter())
                .map(|&i| lemma(doc, i))
                .collect();
            for w in &interior {
                p.push(format!("PI:{w}|{t}"));
            }
        } else {
            p.push("P:long".to_string());
        }
        p.push(format!("LCA:{lca_word}|{t}"));
        p.push(format!(
            "D1:{}|{t}",
            up.first().map(String::as_str).unwrap_or("*")
        ));
        p.push(format!(
            "D2:{}|{t}",
            down.last().map(String::as_str).unwrap_or("*")
        ));
        p.push(format!(
            "D12:{}|{}|{lca_word}",
            up.first().map(String::as_str).unwrap_or("*"),
            down.last().map(String::as_str).unwrap_or("*")
        ));
    } else {
        p.push("P:none".to_string());
    }
}

/// The answers of each candidate against a key, per label
/// ([`labels`] order): positive where the key relates the two entities
/// that way and quotes this sentence (or quotes none), unknown where it
/// relates them that way but quotes other sentences, negative otherwise.
pub fn answers(
    doc: &Doc,
    key: &GoldKey,
    align: &[Option<usize>],
    cands: &[Candidate],
    labels: &[String],
) -> Vec<Vec<Option<bool>>> {
    let sents: Vec<String> = doc
        .sentences
        .iter()
        .map(|s| norm_sentence(doc.slice(s.start, s.end)))
        .collect();
    let parsed: Vec<(RelationType, bool)> = labels
        .iter()
        .map(|l| parse_label(l).unwrap_or((RelationType::AllyOf, true)))
        .collect();
    cands
        .iter()
        .map(|c| {
            let (ga, gb) = (align[c.first], align[c.second]);
            parsed
                .iter()
                .map(|&(rt, forward)| {
                    let (Some(ga), Some(gb)) = (ga, gb) else {
                        return Some(false);
                    };
                    let mut state = Some(false);
                    for r in key.relations.iter().filter(|r| r.rtype == rt) {
                        let fwd = r.sources.contains(&ga) && r.targets.contains(&gb);
                        let bwd = r.sources.contains(&gb) && r.targets.contains(&ga);
                        let hit = if rt.is_symmetric() {
                            fwd || bwd
                        } else if forward {
                            fwd
                        } else {
                            bwd
                        };
                        if !hit {
                            continue;
                        }
                        let quoted =
                            |si: usize| r.evidence.iter().any(|q| same_sentence(&sents[si], q));
                        let here = match c.previous {
                            // across sentences: the key quotes both
                            Some(p) => quoted(p) && quoted(c.sentence),
                            // an anaphor's pair: its sentence, or the
                            // antecedent's where the key quotes that one
                            None => quoted(c.sentence) || c.antecedent.is_some_and(quoted),
                        };
                        if r.evidence.is_empty() || here {
                            return Some(true);
                        }
                        state = None;
                    }
                    state
                })
                .collect()
        })
        .collect()
}

/// How many of the key's relations some candidate can produce: both
/// entities found and mentioned together in a sentence the key quotes
/// (or in any sentence, where it quotes none). `(reachable, total)`.
pub fn coverage(
    doc: &Doc,
    key: &GoldKey,
    align: &[Option<usize>],
    cands: &[Candidate],
) -> (usize, usize) {
    let sents: Vec<String> = doc
        .sentences
        .iter()
        .map(|s| norm_sentence(doc.slice(s.start, s.end)))
        .collect();
    let reach = key
        .relations
        .iter()
        .filter(|r| {
            cands.iter().any(|c| {
                let (Some(a), Some(b)) = (align[c.first], align[c.second]) else {
                    return false;
                };
                let joined = (r.sources.contains(&a) && r.targets.contains(&b))
                    || (r.sources.contains(&b) && r.targets.contains(&a));
                joined
                    && (r.evidence.is_empty()
                        || r.evidence
                            .iter()
                            .any(|q| same_sentence(&sents[c.sentence], q)))
            })
        })
        .count();
    (reach, key.relations.len())
}
