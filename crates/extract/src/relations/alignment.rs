//! ally_of and hostile_to: "cooperation with X", "ties between A and B",
//! "A-B ties", "allied with X", "conflict between A and B", "war with X",
//! "opposition to X", "critic of X", "threatening X", "fight against X",
//! "anti-X".

use super::Sink;
use crate::lexicon::{is_in, ALLY_WORDS};
use crate::view::{Ctx, SentView, Unit, ACTORS};
use dossier_doc::{EntityType, RelationType};

fn is_actor(u: &Unit) -> bool {
    u.is_type(ACTORS)
}
fn is_target(u: &Unit) -> bool {
    u.is_type(ACTORS) || u.etype == Some(EntityType::Facility)
}

const NEGATIVE: &[&str] = &[
    "uneasy",
    "strained",
    "tense",
    "poor",
    "bad",
    "broken",
    "severed",
    "cut",
    "frosty",
    "hostile",
    "worsening",
    "soured",
    "no",
];

/// Hostile words taking "with X" or "between A and B".
const HOSTILE_WITH: &[&str] = &[
    "conflict",
    "conflicts",
    "war",
    "wars",
    "clashes",
    "clash",
    "clashed",
    "hostilities",
    "rivalry",
    "tensions",
    "tension",
    "dispute",
    "disputes",
    "animosity",
    "enmity",
    "confrontation",
    "feud",
    "fighting",
    "hostility",
];
/// Hostile words taking "to X" / "of X" / "against X" / "on X" / a direct object.
const HOSTILE_TO: &[&str] = &[
    "opposition",
    "opposed",
    "hostile",
    "threat",
    "threats",
    "critic",
    "critics",
    "enemy",
    "enemies",
];
const HOSTILE_AGAINST: &[&str] = &[
    "fight",
    "fought",
    "fights",
    "fighting",
    "war",
    "jihad",
    "campaign",
    "spoke",
    "speaks",
    "protests",
    "protest",
    "protested",
    "rallied",
    "struggle",
    "insurgency",
    "resistance",
];
const HOSTILE_VERBS: &[&str] = &[
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "opposes",
    "oppose",
    "fight",
    "fights",
    "attacked",
    "targets",
];

/// Nouns of hostile action taking "against X" said of their subject only
/// ("the army has launched repeated offensives against G").
const ACTION_AGAINST: &[&str] = &[
    "offensive",
    "offensives",
    "operations",
    "operation",
    "attacks",
    "attack",
    "raids",
    "raid",
    "strikes",
    "airstrikes",
    "crackdown",
    "assaults",
    "assault",
    "ambushes",
    "ambush",
    "battles",
    "battle",
    "retaliation",
    "reprisals",
    "sanctions",
];

const GROUPS_AND_STATES: &[EntityType] = &[
    EntityType::ArmedGroup,
    EntityType::Organization,
    EntityType::Country,
];

/// Verbs that say two subjects acted together ("A and B cooperated") or
/// against each other ("A and B units fought").
const PAIR_ALLY_VERBS: &[&str] = &[
    "cooperated",
    "cooperate",
    "cooperates",
    "co-operated",
    "collaborated",
    "collaborate",
    "collaborates",
    "allied",
    "coordinated",
    "coordinate",
];
const PAIR_HOSTILE_VERBS: &[&str] = &[
    "fought",
    "fight",
    "clashed",
    "clash",
    "battled",
    "feuded",
    "feud",
    "skirmished",
];

/// Nouns of a pact between parties ("signed a security pact").
const PACT_NOUNS: &[&str] = &[
    "pact",
    "agreement",
    "treaty",
    "accord",
    "alliance",
    "memorandum",
];

/// Possessed nouns of hostility and alliance ("X is G's principal rival").
const RIVAL_NOUNS: &[&str] = &[
    "rival",
    "rivals",
    "enemy",
    "enemies",
    "adversary",
    "adversaries",
    "foe",
    "foes",
    "nemesis",
    "opponent",
    "opponents",
    "arch-rival",
    "archrival",
];
const PARTNER_NOUNS: &[&str] = &["ally", "allies", "partner", "partners", "protector"];

/// Verbs of attack whose object may be a state's forces ("struck Xish forces").
const ATTACK_VERBS: &[&str] = &[
    "attacked",
    "attacks",
    "attack",
    "struck",
    "strikes",
    "targeted",
    "targets",
    "ambushed",
    "ambush",
    "bombed",
    "raided",
    "assaulted",
    "stormed",
    "shelled",
    "killed",
];
/// Nouns of a state's forces or posts after a demonym ("Xish soldiers").
const STATE_TARGETS: &[&str] = &[
    "forces",
    "troops",
    "soldiers",
    "military",
    "army",
    "police",
    "post",
    "posts",
    "base",
    "bases",
    "positions",
    "convoy",
    "convoys",
    "patrol",
    "patrols",
    "officials",
    "authorities",
    "government",
    "gendarmes",
    "officers",
    "border",
    "outpost",
    "outposts",
    "checkpoint",
    "checkpoints",
    "navy",
    "warships",
    "embassy",
];

/// The earlier item of an "A and B" subject ending at unit `s`.
fn pair_subject(v: &SentView, s: usize) -> Option<usize> {
    let mut k = s;
    // "the (rival) B"
    let mut mods = 0;
    while k > 0
        && mods < 2
        && !v.units[k - 1].is_ent()
        && v.w(k - 1).chars().all(|c| c.is_lowercase())
        && !matches!(v.w(k - 1), "and" | "or" | "the" | "a")
        && !is_in(crate::view::PREPS, v.w(k - 1))
    {
        k -= 1;
        mods += 1;
    }
    while k > 0 && matches!(v.w(k - 1), "the" | "a") {
        k -= 1;
    }
    if k < 2 || v.w(k - 1) != "and" {
        return None;
    }
    let mut a = k - 2;
    if !v.units[a].is_ent() {
        return None;
    }
    // "the A and the B": no further items before
    while a > 0 && v.w(a - 1) == "," && a >= 2 && v.units[a - 2].is_ent() {
        a -= 2;
    }
    is_actor(&v.units[a]).then_some(a)
}

/// Relations between two subjects or from a possessed noun.
fn pair_and_possessed(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    pair_verb(ctx, v, i, out);
    pair_noun(ctx, v, i, out);
    aligned_with(ctx, v, i, out);
    signed_pact(ctx, v, i, out);
    condemned(ctx, v, i, out);
    possessed_side(ctx, v, i, out);
    on_behalf(ctx, v, i, out);
    action_against(ctx, v, i, out);
    attacked_state(ctx, v, i, out);
}

/// "A and B fought (for days)", "A and B cooperated": a pair of subjects of
/// a verb without an object of its own.
fn pair_verb(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    let ally = is_in(PAIR_ALLY_VERBS, w);
    if (ally || is_in(PAIR_HOSTILE_VERBS, w)) && !v.is_passive(i) {
        // only without an object of its own: "A and B fought (for days)"
        let object = v.np_head(i + 1, &is_actor).is_some() || !with_targets(v, i).is_empty();
        if !object {
            if let Some(b) = v.subject_before(i, &is_actor) {
                if let Some(a) = pair_subject(v, b) {
                    let rt = if ally {
                        RelationType::AllyOf
                    } else {
                        RelationType::HostileTo
                    };
                    emit(
                        ctx,
                        v,
                        rt,
                        &v.units[a].clone(),
                        &v.units[b].clone(),
                        0.7,
                        i,
                        out,
                    );
                }
            }
        }
    }
}

/// "A and B are (close) allies / rivals".
fn pair_noun(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "A and B are allies / rivals"
    if (is_in(RIVAL_NOUNS, w) || is_in(PARTNER_NOUNS, w)) && w.ends_with('s') && i >= 2 {
        let mut c = i - 1;
        while c > 0
            && !v.units[c].is_ent()
            && matches!(
                v.w(c),
                "close"
                    | "bitter"
                    | "old"
                    | "longtime"
                    | "long-time"
                    | "sworn"
                    | "natural"
                    | "firm"
                    | "also"
                    | "now"
            )
        {
            c -= 1;
        }
        if matches!(v.w(c), "are" | "were" | "became" | "remain" | "remained")
            && c >= 1
            && is_actor(&v.units[c - 1])
        {
            if let Some(a) = pair_subject(v, c - 1) {
                let rt = if is_in(RIVAL_NOUNS, w) {
                    RelationType::HostileTo
                } else {
                    RelationType::AllyOf
                };
                emit(
                    ctx,
                    v,
                    rt,
                    &v.units[a].clone(),
                    &v.units[c - 1].clone(),
                    0.7,
                    i,
                    out,
                );
            }
        }
    }
}

/// "G is closely aligned with H" (not a participle modifying a noun).
fn aligned_with(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "G is closely aligned with H"
    let modifies_noun = i > 0
        && !v.units[i - 1].is_ent()
        && !v.skippable(i - 1)
        && !matches!(v.w(i - 1), "," | "and");
    if matches!(w, "aligned" | "allied") && v.w(i + 1) == "with" && !modifies_noun {
        if let (Some(s), Some(t)) = (
            v.subject_before(i, &is_actor),
            v.after_prep(i + 1, &is_actor),
        ) {
            let pair = v.enumeration(t, &is_actor);
            for t in pair {
                emit(
                    ctx,
                    v,
                    RelationType::AllyOf,
                    &v.units[s].clone(),
                    &v.units[t].clone(),
                    0.7,
                    i,
                    out,
                );
            }
        }
    }
}

/// "A and B signed a security pact", "A signed an agreement with B".
fn signed_pact(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "A and B signed a security pact", "A signed an agreement with B"
    if is_in(PACT_NOUNS, w) && !v.units[i].is_ent() {
        let signed = (i.saturating_sub(4)..i).rev().find(|&k| {
            matches!(
                v.w(k),
                "signed" | "signs" | "sign" | "concluded" | "forged" | "formed"
            )
        });
        if let Some(k) = signed {
            if let Some(b) = v.subject_before(k, &is_actor) {
                if let Some(a) = pair_subject(v, b) {
                    emit(
                        ctx,
                        v,
                        RelationType::AllyOf,
                        &v.units[a].clone(),
                        &v.units[b].clone(),
                        0.7,
                        i,
                        out,
                    );
                } else if v.w(i + 1) == "with" {
                    if let Some(t) = v.after_prep(i + 1, &is_actor) {
                        emit(
                            ctx,
                            v,
                            RelationType::AllyOf,
                            &v.units[b].clone(),
                            &v.units[t].clone(),
                            0.7,
                            i,
                            out,
                        );
                    }
                }
            }
        }
    }
}

/// "X condemned G", "X accused G of …": hostile_to a named body.
fn condemned(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "X condemned G", "X accused G of …"
    if matches!(
        w,
        "criticized"
            | "criticised"
            | "condemned"
            | "denounced"
            | "accused"
            | "criticizes"
            | "condemns"
            | "denounces"
            | "accuses"
    ) && !v.is_passive(i)
    {
        let body = |u: &Unit| {
            u.is_type(&[
                EntityType::ArmedGroup,
                EntityType::Organization,
                EntityType::Country,
            ])
        };
        if let (Some(t), Some(s)) = (v.np_head(i + 1, &body), v.subject_before(i, &is_actor)) {
            if v.units[t].kind != Some(dossier_doc::MentionKind::Pronoun)
                && v.units[t].kind.is_some()
            {
                emit(
                    ctx,
                    v,
                    RelationType::HostileTo,
                    &v.units[s].clone(),
                    &v.units[t].clone(),
                    0.6,
                    i,
                    out,
                );
            }
        }
    }
}

/// "G's rivals / partners" with the role's holder (`possessed_role`).
fn possessed_side(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    let hostile = is_in(RIVAL_NOUNS, w);
    if hostile || is_in(PARTNER_NOUNS, w) {
        if let Some((x, g)) = super::support::possessed_role(v, i, &is_actor, &|u: &Unit| {
            is_actor(u) && u.etype != Some(EntityType::Person)
        }) {
            let rt = if hostile {
                RelationType::HostileTo
            } else {
                RelationType::AllyOf
            };
            emit(
                ctx,
                v,
                rt,
                &v.units[x].clone(),
                &v.units[g].clone(),
                0.7,
                i,
                out,
            );
        }
    }
}

/// "collecting payments on G's behalf", "on behalf of G": a named group
/// acting for G is its ally.
fn on_behalf(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "collecting payments on G's behalf", "on behalf of G": acting for G
    if w == "on" {
        let j = if v.w(i + 1) == "the" { i + 2 } else { i + 1 };
        let possessor_behalf = v.w(j + 2) == "behalf" && v.is_poss_marker(j + 1)
            || v.w(j + 1) == "behalf"
                && v.units
                    .get(j)
                    .is_some_and(|u| v.is_possessor(j) && u.is_ent());
        let g = if possessor_behalf {
            Some(j)
        } else if v.w(i + 1) == "behalf" && v.w(i + 2) == "of" {
            v.np_head(i + 3, &is_actor)
        } else {
            None
        };
        let named_group = |u: &Unit| {
            u.is_type(&[EntityType::ArmedGroup, EntityType::Organization])
                && u.kind.is_some()
                && u.kind != Some(dossier_doc::MentionKind::Pronoun)
        };
        if let Some(g) =
            g.filter(|&g| v.units[g].is_type(&[EntityType::ArmedGroup, EntityType::Organization]))
        {
            if let Some(s) = v.subject_before(i, &named_group).filter(|&s| s < g) {
                emit(
                    ctx,
                    v,
                    RelationType::AllyOf,
                    &v.units[s].clone(),
                    &v.units[g].clone(),
                    0.65,
                    i,
                    out,
                );
            }
        }
    }
}

/// "offensives against G": said of the subject itself.
fn action_against(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "offensives against G": said of the subject itself
    if is_in(ACTION_AGAINST, w) && matches!(v.w(i + 1), "against" | "on") {
        if let (Some(s), Some(t)) = (
            v.subject_before(i, &is_actor),
            v.after_prep(i + 1, &is_target),
        ) {
            emit(
                ctx,
                v,
                RelationType::HostileTo,
                &v.units[s].clone(),
                &v.units[t].clone(),
                0.7,
                i,
                out,
            );
        }
    }
}

/// "G attacked an Xish military post", "struck Xish forces": hostile to the
/// demonym's state.
fn attacked_state(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "G attacked an Xish military post", "struck Xish forces"
    if is_in(ATTACK_VERBS, w) && !v.is_passive(i) {
        let mut k = i + 1;
        while k < v.len()
            && k <= i + 4
            && !v.units[k].is_ent()
            && is_in(crate::lexicon::DETERMINERS, v.w(k))
            || matches!(v.w(k), "openly" | "repeatedly")
        {
            k += 1;
        }
        let d = v.units.get(k).filter(|u| {
            (!u.is_ent() || u.etype == Some(EntityType::GroupIdentity)) && u.country.is_some()
        });
        if let Some(c) = d.and_then(|u| u.country.get()) {
            let noun = (k + 1..(k + 3).min(v.len())).any(|j| is_in(STATE_TARGETS, v.w(j)));
            if noun {
                if let Some(s) = v.subject_before(i, &|u: &Unit| {
                    u.is_type(&[EntityType::ArmedGroup, EntityType::Organization])
                }) {
                    if let Some(se) = v.units[s].ent.get() {
                        out.add(ctx, v, RelationType::HostileTo, se, c, 0.65, i);
                    }
                }
            }
        }
    }
}

/// The actor a relation word at `i` is said of: its subject or possessor,
/// or the country of the nearest demonym before it.
pub fn actor_before(v: &SentView, i: usize) -> Option<Unit> {
    let mut k = i;
    let mut steps = 0;
    if let Some(s) = v.subject_before(i, &is_actor) {
        // a demonym nearer than the subject wins ("Xish capabilities … the war with Y")
        let demonym = (s + 1..i).rev().find(|&j| {
            (!v.units[j].is_ent() || v.units[j].etype == Some(EntityType::GroupIdentity))
                && v.units[j].country.is_some()
        });
        return Some(v.units[demonym.unwrap_or(s)].clone());
    }
    while k > 0 && steps < 20 {
        k -= 1;
        steps += 1;
        if v.units[k].country.is_some() {
            return Some(v.units[k].clone());
        }
    }
    None
}

fn between(v: &SentView, i: usize) -> Option<(usize, usize)> {
    let b = (i + 1..(i + 4).min(v.len())).find(|&k| v.w(k) == "between")?;
    let a = v.after_prep(b, &is_actor)?;
    let items = v.enumeration(a, &is_actor);
    if items.len() >= 2 {
        return Some((items[0], items[1]));
    }
    // "between A and the Xish army": the demonym stands for its state
    let mut k = a + 1;
    if v.w(k) != "and" {
        return None;
    }
    k += 1;
    while k < v.len() && matches!(v.w(k), "the" | "a") {
        k += 1;
    }
    let u = v.units.get(k)?;
    (u.country.is_some() && (!u.is_ent() || u.etype == Some(EntityType::GroupIdentity)))
        .then_some((a, k))
}

fn with_targets(v: &SentView, i: usize) -> Vec<usize> {
    let Some(w) = (i + 1..(i + 3).min(v.len())).find(|&k| v.w(k) == "with") else {
        return vec![];
    };
    // "with X's rivals: A, B, and C"
    if let Some(colon) = (w + 1..(w + 7).min(v.len())).find(|&k| v.w(k) == ":") {
        let mut j = colon + 1;
        while j < v.len() && matches!(v.w(j), "the" | "a") {
            j += 1;
        }
        if v.units.get(j).is_some_and(is_actor) {
            return v.enumeration(j, &is_actor);
        }
        return vec![];
    }
    match v.after_prep(w, &is_actor) {
        Some(t) => v.enumeration(t, &is_actor),
        None => vec![],
    }
}

#[allow(clippy::too_many_arguments)]
fn emit(
    ctx: &Ctx,
    v: &SentView,
    rt: RelationType,
    s: &Unit,
    t: &Unit,
    conf: f32,
    at: usize,
    out: &mut Sink,
) {
    out.add_units(ctx, v, rt, s, t, conf, at);
}

/// Finds alliance and hostility relations in one sentence.
pub fn find(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        let u = &v.units[i];
        if u.is_ent() {
            continue;
        }
        pair_and_possessed(ctx, v, i, out);
        let w = u.lower.as_str();
        if anti_compound(ctx, v, i, out) {
            continue;
        }
        if pair_compound(ctx, v, i, out) {
            continue;
        }
        // a participle after a plain noun modifies that noun: "forces allied with X"
        if w.ends_with("ed")
            && i > 0
            && !v.units[i - 1].is_ent()
            && !v.skippable(i - 1)
            && !matches!(v.w(i - 1), "," | "and")
        {
            continue;
        }
        if ties_between_or_with(ctx, v, i, out) {
            continue;
        }
        ally_of_noun(ctx, v, i, out);
        hostile_to_noun(ctx, v, i, out);
        hostile_against(ctx, v, i, out);
        side_or_fight(ctx, v, i, out);
    }
}

/// "anti-X" (a country or a named entity after the prefix): the subject is
/// hostile to X. Whether the word was such a compound (nothing else is read
/// from it).
fn anti_compound(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) -> bool {
    let u = &v.units[i];
    let w = u.lower.as_str();
    if w.starts_with("anti-") {
        let rest = u.text.get(5..).unwrap_or("");
        let t = ctx
            .country_of_word(rest)
            .or_else(|| super::support::prefix_entity(ctx, rest));
        if let (Some(t), Some(s)) = (t, v.subject_before(i, &is_actor)) {
            if let Some(se) = v.units[s].ent.get() {
                out.add(ctx, v, RelationType::HostileTo, se, t, 0.7, i);
            }
        }
        return true;
    }
    false
}

/// "A-B ties", "A-B tensions": two countries' words joined by a hyphen
/// before an alliance or hostility word. Whether the word was hyphenated
/// (nothing else is read from it).
fn pair_compound(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) -> bool {
    let u = &v.units[i];
    if let Some((a, b)) = u.text.split_once('-') {
        if is_in(ALLY_WORDS, v.w(i + 1)) || is_in(HOSTILE_WITH, v.w(i + 1)) {
            if let (Some(x), Some(y)) = (ctx.country_of_word(a), ctx.country_of_word(b)) {
                let rt = if is_in(ALLY_WORDS, v.w(i + 1)) {
                    RelationType::AllyOf
                } else {
                    RelationType::HostileTo
                };
                out.add(ctx, v, rt, x, y, 0.75, i);
            }
        }
        return true;
    }
    false
}

/// "ties between A and B", "cooperation with X", "tensions with A, B and C":
/// an alliance or hostility word with its two sides. Whether the word was
/// decided here (nothing else is read from it).
fn ties_between_or_with(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) -> bool {
    let w = v.w(i);
    let ally = is_in(ALLY_WORDS, w)
        && !(i.saturating_sub(3)..(i + 2).min(v.len())).any(|k| is_in(NEGATIVE, v.w(k)));
    let hostile_with = is_in(HOSTILE_WITH, w);
    if ally || hostile_with {
        let rt = if ally {
            RelationType::AllyOf
        } else {
            RelationType::HostileTo
        };
        let conf = if ally { 0.75 } else { 0.7 };
        if let Some((a, b)) = between(v, i) {
            // "relations between A and B remain tense"
            if ally && (b + 1..(b + 5).min(v.len())).any(|k| is_in(NEGATIVE, v.w(k))) {
                return true;
            }
            emit(
                ctx,
                v,
                rt,
                &v.units[a].clone(),
                &v.units[b].clone(),
                conf,
                i,
                out,
            );
            return true;
        }
        let targets = with_targets(v, i);
        if !targets.is_empty() {
            if let Some(s) = actor_before(v, i) {
                for t in targets {
                    emit(ctx, v, rt, &s, &v.units[t].clone(), conf, i, out);
                }
            }
            return true;
        }
    }
    false
}

/// "ally of X", "partner of X" ("allied with X" is read by
/// [`ties_between_or_with`]).
fn ally_of_noun(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "allied with X" handled above; "ally of X"
    if matches!(w, "ally" | "allies" | "partner") && v.w(i + 1) == "of" {
        if let (Some(s), Some(t)) = (actor_before(v, i), v.after_prep(i + 1, &is_actor)) {
            emit(
                ctx,
                v,
                RelationType::AllyOf,
                &s,
                &v.units[t].clone(),
                0.7,
                i,
                out,
            );
        }
    }
}

/// Hostility nouns: "opposition to X", "critic of X", "threat to X".
fn hostile_to_noun(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // hostile: "opposition to X", "critic of X", "threat to X"
    let prep_fits = match w {
        "critic" | "critics" | "enemy" | "enemies" => matches!(v.w(i + 1), "of"),
        "hostility" | "animosity" | "enmity" => {
            matches!(v.w(i + 1), "toward" | "towards" | "to" | "against")
        }
        _ => matches!(v.w(i + 1), "to" | "against" | "toward" | "towards"),
    };
    if (is_in(HOSTILE_TO, w) || matches!(w, "hostility" | "animosity" | "enmity")) && prep_fits {
        if let (Some(s), Some(t)) = (actor_before(v, i), v.after_prep(i + 1, &is_target)) {
            emit(
                ctx,
                v,
                RelationType::HostileTo,
                &s,
                &v.units[t].clone(),
                0.7,
                i,
                out,
            );
        }
    }
}

/// "fight against X", "protests against X".
fn hostile_against(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "fight against X", "protests against X"
    if is_in(HOSTILE_AGAINST, w) && matches!(v.w(i + 1), "against" | "on") {
        if let (Some(s), Some(t)) = (actor_before(v, i), v.after_prep(i + 1, &is_target)) {
            emit(
                ctx,
                v,
                RelationType::HostileTo,
                &s,
                &v.units[t].clone(),
                0.7,
                i,
                out,
            );
        }
    }
}

/// "fought beside X (against Y)": on X's side (and hostile to Y); otherwise
/// "threatening X", "would fight X": hostile to the object.
fn side_or_fight(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "threatening X", "would fight X"
    let side_verb = is_in(HOSTILE_VERBS, w)
        || matches!(
            w,
            "fought"
                | "fighting"
                | "operating"
                | "operated"
                | "operates"
                | "operate"
                | "worked"
                | "working"
        );
    if side_verb && matches!(v.w(i + 1), "beside" | "alongside" | "with") {
        // "fight beside X (against Y)": on X's side; allies when a group or
        // state says so, or a person who took the group's fighters along
        let t = v.np_head(i + 2, &is_actor);
        let enemy = t
            .filter(|&t| v.w(t + 1) == "against")
            .and_then(|t| v.after_prep(t + 1, &is_target));
        let subject = side_subject(v, i);
        match subject {
            Some(s) if v.units[s].etype != Some(EntityType::Person) => {
                if let (Some(t), true) = (t, v.w(i + 1) != "with") {
                    emit(
                        ctx,
                        v,
                        RelationType::AllyOf,
                        &v.units[s].clone(),
                        &v.units[t].clone(),
                        0.65,
                        i,
                        out,
                    );
                }
                if let Some(y) = enemy {
                    emit(
                        ctx,
                        v,
                        RelationType::HostileTo,
                        &v.units[s].clone(),
                        &v.units[y].clone(),
                        0.65,
                        i,
                        out,
                    );
                }
            }
            Some(s) if super::with_fighters(v, s + 1, i) => {
                if let Some(pe) = v.units[s].ent.get() {
                    if let Some(te) = t
                        .filter(|_| v.w(i + 1) != "with")
                        .and_then(|t| v.units[t].ent.get())
                    {
                        out.add_proxy(v, RelationType::AllyOf, pe, te, 0.6, i);
                    }
                    if let Some(ye) = enemy.and_then(|y| v.units[y].ent.get()) {
                        out.add_proxy(v, RelationType::HostileTo, pe, ye, 0.6, i);
                    }
                }
            }
            _ => {}
        }
    } else if (is_in(HOSTILE_VERBS, w)
        || matches!(w, "fought" | "battled" | "battles" | "battling"))
        && !v.is_passive(i)
    {
        if let Some(t) = v.np_head(i + 1, &is_target) {
            if let Some(s) = actor_before(v, i) {
                emit(
                    ctx,
                    v,
                    RelationType::HostileTo,
                    &s,
                    &v.units[t].clone(),
                    0.7,
                    i,
                    out,
                );
            }
        }
    }
}

/// The side a verb of fighting or working at `i` is said of: its subject,
/// or where the subject's fighters act ("its fighters were seen operating
/// alongside X") the fighters' group (a pronoun owner: the latest group
/// named before); none where fighters of no group act for a non-person.
fn side_subject(v: &SentView, i: usize) -> Option<usize> {
    // "its fighters were seen operating alongside X": the fighters' group acts
    let mut subject = v.subject_before(i, &is_actor);
    if let Some(s) = subject {
        if let Some(f) = (s + 1..i).find(|&k| super::with_fighters(v, k, k + 1)) {
            let owner = (f >= 1
                && v.units[f - 1].is_type(GROUPS_AND_STATES)
                && v.is_possessor(f - 1))
            .then(|| f - 1)
            .or_else(|| {
                (f >= 2 && v.is_poss_marker(f - 1) && v.units[f - 2].is_type(GROUPS_AND_STATES))
                    .then(|| f - 2)
            });
            // a pronoun owner of fighters is the latest group named before
            let owner = owner.and_then(|o| {
                if v.units[o].kind == Some(dossier_doc::MentionKind::Name)
                    || v.units[o].kind == Some(dossier_doc::MentionKind::Nominal)
                {
                    Some(o)
                } else {
                    (0..o).rev().find(|&k| {
                        v.units[k].is_type(&[EntityType::ArmedGroup, EntityType::Organization])
                            && v.units[k].kind.is_some()
                    })
                }
            });
            if owner.is_some() {
                subject = owner;
            } else if v.units[s].etype != Some(EntityType::Person) {
                subject = None;
            }
        }
    }
    subject
}

#[cfg(test)]
mod tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    #[test]
    fn cooperation_with_a_list() {
        let m = "[Norland|country] enhanced its military cooperation with [Veskia|country]’s rivals: [Arvia|country], [Belos|country], and [Cardia|country].";
        assert!(has(m, AllyOf, "Norland", "Arvia"));
        assert!(has(m, AllyOf, "Norland", "Cardia"));
        assert!(!has(m, AllyOf, "Norland", "Veskia"));
    }

    #[test]
    fn ties_and_relations() {
        assert!(has(
            "It criticized the growing ties between [Norland|country] and [Veskia|country].",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(has(
            "[Norland|country] and [Veskia|country] argue. Norlandic-Veskian ties grew.",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(has(
            "[Norland|country] enjoys strong relations with [Veskia|country].",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(!any(
            "[Norland|country] has uneasy relations with [Veskia|country].",
            AllyOf
        ));
        assert!(!any(
            "Relations between [Norland|country] and [Veskia|country] remain tense.",
            AllyOf
        ));
    }

    #[test]
    fn conflict_forms() {
        assert!(has(
            "The conflict between [Norland|country] and [Veskia|country] grew.",
            HostileTo,
            "Norland",
            "Veskia"
        ));
        assert!(has("[Norland|country] rebuilt Norlandic capabilities during the war with [Veskia|country].", HostileTo, "Norland", "Veskia"));
        assert!(has(
            "It plays a role in [Norland|country]’s disputes with [Veskia|country].",
            HostileTo,
            "Norland",
            "Veskia"
        ));
        assert!(!any(
            "The conflict ended in [2010|date:2010] in [Qarvan|location].",
            HostileTo
        ));
    }

    #[test]
    fn pairs_rivals_and_offensives() {
        let m = "[The Red Hand|armed_group] and [the Sword|armed_group] have since cooperated on smuggling routes.";
        assert!(has(m, AllyOf, "The Red Hand", "the Sword"));
        let m = "[The Red Hand|armed_group] and the rival [Sword|armed_group] fought for control of the routes.";
        assert!(has(m, HostileTo, "The Red Hand", "Sword"));
        let m = "In [2013|date:2013], [Red Hand|armed_group] and [Sword|armed_group] units fought for three days outside [Tolva|location].";
        assert!(has(m, HostileTo, "Red Hand", "Sword"));
        assert!(!any(
            "[The Red Hand|armed_group] fought for three days.",
            HostileTo
        ));
        let m = "If [Norland|country] is a partner, [the Red Hand|armed_group] (RH), a group led by [Jon Marek|person], is [the Sword|armed_group]'s principal rival.";
        assert!(has(m, HostileTo, "the Red Hand", "the Sword"));
        assert!(!any(m, AllyOf));
        let m = "[Norland|country], [the Sword|armed_group]'s oldest ally, objected.";
        assert!(has(m, AllyOf, "Norland", "the Sword"));
        let m = "[The Norland Army|org], meanwhile, has launched repeated offensives against [the Sword|armed_group].";
        assert!(has(m, HostileTo, "The Norland Army", "the Sword"));
        let m =
            "[The Sword|armed_group]'s hostility toward [the Red Hand|armed_group] has not faded.";
        assert!(has(m, HostileTo, "The Sword", "the Red Hand"));
    }

    #[test]
    fn pairs_that_are_allies_or_rivals() {
        assert!(has(
            "[The Tigers|armed_group] and [the Front|armed_group] are close allies.",
            AllyOf,
            "The Tigers",
            "the Front"
        ));
        assert!(has(
            "[The Tigers|armed_group] and [the Front|armed_group] became bitter rivals.",
            HostileTo,
            "The Tigers",
            "the Front"
        ));
    }

    #[test]
    fn aligned_pacts_and_condemnation() {
        assert!(has(
            "[The Sword|armed_group] is closely aligned with [the Wolves|armed_group].",
            AllyOf,
            "The Sword",
            "the Wolves"
        ));
        assert!(!any("[Jon Marek|person] said that foreign forces allied with [Norland|country] were occupiers.", AllyOf));
        assert!(has(
            "[Norland|country] and [Veskia|country] signed a security pact in [2021|date:2021].",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(has(
            "[Norland|country] signed a defence agreement with [Veskia|country].",
            AllyOf,
            "Norland",
            "Veskia"
        ));
        assert!(has(
            "[Norland|country] condemned [the Sword|armed_group] after the raid.",
            HostileTo,
            "Norland",
            "the Sword"
        ));
        assert!(has(
            "In sermons, [Jon Marek|person] accused [the Front|armed_group] of treason.",
            HostileTo,
            "Jon Marek",
            "the Front"
        ));
        assert!(!any(
            "[Norland|country] condemned the attack on [Tolva|location].",
            HostileTo
        ));
        assert!(!any(
            "Police accused [Jon Marek|person] of murder.",
            HostileTo
        ));
    }

    #[test]
    fn fought_a_group() {
        let m =
            "[The Tigers|armed_group] have fought [the Front|armed_group] since [2015|date:2015].";
        assert!(has(m, HostileTo, "The Tigers", "the Front"));
        assert!(!any(
            "[The Tigers|armed_group] fought in [Norland|country] for years.",
            HostileTo
        ));
        assert!(!any(
            "[The Tigers|armed_group] fought a string of battles in [Tolva|location].",
            HostileTo
        ));
    }

    #[test]
    fn acting_on_behalf_of_a_group() {
        let m = "The local gang [the Wolves|armed_group] became its enforcer in [Tolva|location], collecting payments from shopkeepers on the [Sword|armed_group]'s behalf.";
        assert!(has(m, AllyOf, "the Wolves", "Sword"));
        let m = "[The Wolves|armed_group] raised money on behalf of [the Sword|armed_group].";
        assert!(has(m, AllyOf, "The Wolves", "the Sword"));
        assert!(!any(
            "[Jon Marek|person] spoke on behalf of [the Sword|armed_group].",
            AllyOf
        ));
    }

    #[test]
    fn fighting_beside_and_attacking_state_forces() {
        let m = "[Jon Marek|person] took sixty fighters to fight beside [the Sword|armed_group] against [the Norland Army|org].";
        assert!(!has(m, HostileTo, "Jon Marek", "the Sword"));
        let m = "[The Red Hand|armed_group] fought alongside [the Sword|armed_group] in [Tolva|location].";
        assert!(has(m, AllyOf, "The Red Hand", "the Sword"));
        let m = "[The Sword|armed_group] remains active in [Norland|country], and its fighters were seen operating alongside [Wolf|armed_group] units.";
        assert!(!has(m, AllyOf, "Norland", "Wolf"));
        assert!(has(m, AllyOf, "The Sword", "Wolf"));
        let m = "[Norland|country] objects. Some 40 [Sword|armed_group] fighters attacked a Norlandic military post at the bridge.";
        assert!(has(m, HostileTo, "Sword", "Norland"));
        let m =
            "[Norland|country] objects. [Sword|armed_group] fighters attacked a Norlandic tourist.";
        assert!(!any(m, HostileTo));
    }

    #[test]
    fn opposition_and_critics() {
        assert!(has("[The Sword|armed_group] grew vocal in its opposition to the policies of the government of [Norland|country].", HostileTo, "The Sword", "Norland"));
        assert!(has(
            "[Ruk Amal|person] had long been a critic of [Ivo Rask|person].",
            HostileTo,
            "Ruk Amal",
            "Ivo Rask"
        ));
        assert!(has("[The Sword|armed_group] relies on inciting anti-Veskian anger. [Veskia|country] knows.", HostileTo, "The Sword", "Veskia"));
        assert!(has(
            "[The Sword|armed_group] launched protests against [the Veskian embassy|facility].",
            HostileTo,
            "The Sword",
            "the Veskian embassy"
        ));
        assert!(!any(
            "[Ruk Amal|person] is a critic of modern art.",
            HostileTo
        ));
        assert!(!any(
            "[The Sword|armed_group] voiced opposition to the occupation of [Qarvan|location].",
            HostileTo
        ));
    }
}
