//! leader_of, founder_of and member_of from roles, and persons' titles:
//! appositions ("N, the mayor of C"), titles before names ("President of
//! the Republic of X, N", "X's supreme leader N", "ORG commander N"),
//! copulas ("N is the leader of G"), leading verbs ("G is led by N") and
//! possessed groups ("his militia"). Demonyms in a role phrase give citizen_of.

use super::Sink;
use crate::lexicon::{
    is_in, DETERMINERS, LEADER_ROLES, LEAD_VERBS, MEMBER_ROLES, ROLE_MODIFIERS, ROLE_NOUNS,
    TITLE_DROP,
};
use crate::view::{Ctx, SentView, Unit, ACTORS, GROUPS, PLACES, PREPS};
use dossier_doc::{EntityType, MentionKind, RelationType};

fn is_person(u: &Unit) -> bool {
    u.etype == Some(EntityType::Person)
}

/// Roles held by heads of state (their country may come from context).
const STATE_ROLES: &[&str] = &[
    "president",
    "premier",
    "king",
    "queen",
    "emir",
    "chancellor",
    "monarch",
    "sultan",
    "prime minister",
    "dictator",
    "ruler",
];

/// Heads of a state (no part of it, no deputy), which with no country in
/// their sentence head the document's main country ("President N").
const HEADS_OF_STATE: &[&str] = &[
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "monarch",
    "sultan",
    "shah",
];

/// Whether a role phrase has a modifier the rules did not read as an
/// entity: a capitalized word inside the sentence ("US President N",
/// "Ruritanian Queen N" where the demonym is unknown) may name another
/// state.
fn unread_modifier(v: &SentView, p: &RolePhrase, i: usize) -> bool {
    let words = p.role.split_whitespace().count();
    let first_role = (i + 1).saturating_sub(words);
    (p.left..first_role).any(|k| k > 0 && !v.units[k].is_ent() && v.units[k].is_capitalized())
}

/// Whether a mention of `person` anywhere in the document ties them to
/// another country than `country`: a country or demonym (or an acronym
/// the rules read as no entity) right before the name ("US President N"),
/// or "of" and a country right after it ("Queen N of X", "N, president of
/// X"). Such a head of state is not the main country's. (A group does not
/// count: a party's leader often heads the state too.)
fn heads_elsewhere(ctx: &Ctx, person: usize, country: usize) -> bool {
    let canon = |e: usize| ctx.canon.get(e).copied().unwrap_or(e);
    let (person, country) = (canon(person), canon(country));
    let other = |u: &Unit| {
        if let Some(e) = u.ent.get() {
            let e = canon(e);
            return e != country && u.is_type(&[EntityType::Country]);
        }
        if let Some(c) = u.country.get() {
            return canon(c) != country;
        }
        u.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && u.text
                .chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '-')
    };
    ctx.views.iter().any(|v| {
        (0..v.len()).any(|k| {
            if v.units[k].ent.get().map(canon) != Some(person) {
                return false;
            }
            let before = (k.saturating_sub(2)..k).any(|j| other(&v.units[j]));
            let of = if v.w(k + 1) == "of" {
                k + 2
            } else if v.w(k + 1) == "," && is_role_noun(v.w(k + 2)) && v.w(k + 3) == "of" {
                k + 4
            } else {
                usize::MAX
            };
            let after = v.units.get(of).is_some_and(other)
                || (v.w(of) == "the" && v.units.get(of + 1).is_some_and(other));
            before || after
        })
    })
}

/// Roles that are no title worth keeping on their own.
const NO_TITLE: &[&str] = &[
    "member",
    "fighter",
    "militant",
    "operative",
    "activist",
    "official",
    "officer",
    "deputy",
];

/// Roles of a group's members beyond the shared lexicon ("the group's
/// chief financier", "a senior cleric of G", "a former G radio operator").
const MORE_MEMBER_ROLES: &[&str] = &[
    "cleric",
    "preacher",
    "ideologue",
    "financier",
    "treasurer",
    "bomb-maker",
    "bombmaker",
    "recruiter",
    "strategist",
    "operator",
    "specialist",
    "bodyguard",
    "emissary",
    "envoy",
    "commissar",
    "negotiator",
    "propagandist",
    "organizer",
    "organiser",
    "lieutenant",
];

/// Leading roles beyond the shared lexicon.
const MORE_LEADER_ROLES: &[&str] = &["amir", "commander-in-chief", "kingpin", "boss"];

/// Leading roles of a group (not of a state or a town), which a bare
/// "N was named ROLE" gives in the document's main group.
const GROUP_LEAD_ROLES: &[&str] = &[
    "leader",
    "commander",
    "emir",
    "amir",
    "chief",
    "commander-in-chief",
    "kingpin",
    "boss",
];

/// Verbs that put a person in a role ("was named emir", "served as commander").
const ASSIGN_WORDS: &[&str] = &[
    "named",
    "appointed",
    "elected",
    "chosen",
    "installed",
    "became",
    "becomes",
    "become",
    "served",
    "serves",
    "serving",
    "as",
];

fn is_role_noun(w: &str) -> bool {
    is_in(ROLE_NOUNS, w) || is_in(MORE_MEMBER_ROLES, w) || is_in(MORE_LEADER_ROLES, w)
}

/// A role phrase around a role noun.
#[derive(Debug, Default, Clone)]
struct RolePhrase {
    /// First unit (including a determiner).
    left: usize,
    /// Last unit (the role noun or its complement).
    right: usize,
    /// Role words ("supreme leader").
    role: String,
    /// The role noun alone.
    head: String,
    /// "of X" complement entity unit, and its text.
    compl: Option<(usize, String)>,
    /// Possessor unit ("X's leader").
    poss: Option<usize>,
    /// Organization modifier unit ("ORG commander").
    org_mod: Option<usize>,
    /// Country of a demonym modifier ("Xish president").
    demonym: Option<usize>,
    /// The role heads a portfolio, not the whole body ("head of finance",
    /// "chief of security"): its holder belongs to the body.
    portfolio: bool,
}

fn role_phrase(v: &SentView, i: usize) -> RolePhrase {
    let mut p = RolePhrase {
        head: v.w(i).to_string(),
        ..Default::default()
    };
    let mut j = i;
    while j > 0 && is_in(ROLE_MODIFIERS, v.w(j - 1)) && !v.units[j - 1].is_ent() {
        j -= 1;
    }
    p.role = v.units[j..=i]
        .iter()
        .map(|u| u.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    // modifiers to the left
    let mut k = j;
    let mut other = 0;
    while k > 0 {
        let u = &v.units[k - 1];
        let w = u.lower.as_str();
        if v.is_poss_marker(k - 1) && k >= 2 && v.units[k - 2].is_ent() {
            p.poss = Some(k - 2);
            k -= 2;
            continue;
        }
        if u.is_ent() {
            if u.etype == Some(EntityType::GroupIdentity) {
                p.demonym = p.demonym.or(u.country.get());
                k -= 1;
                continue;
            }
            if w.ends_with("'s") {
                p.poss = Some(k - 1);
                k -= 1;
                continue;
            }
            if u.is_type(GROUPS)
                && p.org_mod.is_none()
                && p.poss.is_none()
                && u.kind != Some(MentionKind::Pronoun)
            {
                p.org_mod = Some(k - 1);
                k -= 1;
                continue;
            }
            if u.etype == Some(EntityType::Country) && p.poss.is_none() {
                p.demonym = p.demonym.or(u.ent.get());
                k -= 1;
                continue;
            }
            break;
        }
        if u.country.is_some() {
            p.demonym = p.demonym.or(u.country.get());
            k -= 1;
            continue;
        }
        if is_in(DETERMINERS, w) || is_in(TITLE_DROP, w) {
            k -= 1;
            continue;
        }
        if other < 2
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !is_in(PREPS, w)
            && !is_role_noun(w)
            && !matches!(
                w,
                "of" | "who" | "which" | "that" | "became" | "remains" | "been" | "is" | "was"
            )
        {
            other += 1;
            k -= 1;
            continue;
        }
        break;
    }
    p.left = k;
    p.right = i;
    if matches!(v.w(i + 1), "of" | "for") {
        let ok = |u: &Unit| u.is_type(ACTORS) || u.is_type(PLACES);
        if let Some(c) = v.np_head(i + 2, &ok) {
            let text = v.units[i + 1..=c]
                .iter()
                .map(|u| u.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            p.compl = Some((c, text));
            p.right = c;
        } else if let Some(u) = v.units.get(i + 2) {
            if !u.is_ent()
                && u.lower.chars().all(|c| c.is_alphabetic() || c == '-')
                && !is_in(DETERMINERS, &u.lower)
            {
                p.portfolio = true;
                p.right = i + 2;
            }
        }
    }
    p
}

/// The person holding a role phrase, if the sentence says who, and whether
/// the role is only a bare title before the name ("President N").
fn holder(v: &SentView, p: &RolePhrase) -> Option<(usize, bool)> {
    holder_at(v, p).map(|(k, bare)| {
        (
            k,
            bare && p.compl.is_none() && p.poss.is_none() && p.org_mod.is_none(),
        )
    })
}

fn holder_at(v: &SentView, p: &RolePhrase) -> Option<(usize, bool)> {
    // N, the ROLE …
    if p.left >= 2 && v.w(p.left - 1) == "," && is_person(&v.units[p.left - 2]) {
        return Some((p.left - 2, false));
    }
    // N, alias "X", the ROLE …
    if p.left >= 2 && v.w(p.left - 1) == "," {
        let open = (p.left.saturating_sub(10)..p.left - 1)
            .rev()
            .find(|&k| v.w(k) == ",");
        if let Some(c) =
            open.filter(|&c| c >= 1 && matches!(v.w(c + 1), "alias" | "aka" | "nicknamed"))
        {
            if is_person(&v.units[c - 1]) {
                return Some((c - 1, false));
            }
        }
    }
    // N is/was (the) ROLE
    let mut k = p.left;
    let mut saw_copula = false;
    while k > 0 && p.left - k < 4 {
        let w = v.w(k - 1);
        if matches!(
            w,
            "is" | "was"
                | "became"
                | "remains"
                | "remained"
                | "been"
                | "as"
                | "has"
                | "had"
                | "long"
                | "still"
                | "also"
                | "himself"
                | "herself"
                | "over"
                | "took"
                | "takes"
        ) || is_in(ASSIGN_WORDS, w)
            || (w.ends_with("ly") && w.len() > 4 && !v.units[k - 1].is_ent())
            || matches!(
                w,
                "calling" | "called" | "calls" | "declared" | "proclaimed"
            )
        {
            saw_copula |= matches!(
                w,
                "is" | "was"
                    | "became"
                    | "remains"
                    | "remained"
                    | "been"
                    | "as"
                    | "himself"
                    | "herself"
            ) || is_in(ASSIGN_WORDS, w);
            k -= 1;
            continue;
        }
        break;
    }
    if saw_copula && k > 0 && is_person(&v.units[k - 1]) {
        // "N succeeded M as leader": the role is N's
        if k >= 2
            && matches!(
                v.w(k - 2),
                "succeeded" | "succeeds" | "replaced" | "replaces" | "ousted" | "deposed"
            )
        {
            return v.subject_before(k - 2, &is_person).map(|s| (s, false));
        }
        return Some((k - 1, false));
    }
    // "N, a businessman, served as …", "A businessman, N, served as …"
    if saw_copula && k > 1 && v.w(k - 1) == "," {
        if let Some(s) = v.subject_before(k, &is_person) {
            if s + 2 == k || v.w(s + 1) == "," {
                return Some((s, false));
            }
        }
    }
    // the ROLE of X, N
    let r = p.right;
    if v.w(r + 1) == "," && v.units.get(r + 2).is_some_and(is_person) {
        return Some((r + 2, false));
    }
    // "a member named N" (of a group's roles only: "a commander named N"
    // may be anyone's)
    if is_in(crate::lexicon::GROUP_MEMBER_ROLES, &p.head)
        && matches!(v.w(r + 1), "named" | "called")
        && v.units.get(r + 2).is_some_and(is_person)
    {
        return Some((r + 2, false));
    }
    // ROLE N
    if v.units
        .get(r + 1)
        .is_some_and(|u| is_person(u) && u.kind != Some(MentionKind::Pronoun) && u.is_capitalized())
    {
        return Some((r + 1, true));
    }
    // "N, who … the former ORG ROLE …"
    if p.org_mod.is_some() || p.poss.is_some() {
        for k in (1..p.left).rev() {
            if matches!(v.w(k), "who" | "whom")
                && v.w(k - 1) == ","
                && k >= 2
                && is_person(&v.units[k - 2])
            {
                return Some((k - 2, false));
            }
        }
    }
    None
}

/// Whether the words between holder unit `h` and role noun `i` put the
/// holder in the role ("was named", "served as").
fn assigned(v: &SentView, h: usize, i: usize) -> bool {
    h < i && (h + 1..i).any(|k| is_in(ASSIGN_WORDS, v.w(k)))
}

fn nearest_country_before(v: &SentView, i: usize) -> Option<usize> {
    (i.saturating_sub(12)..i).rev().find_map(|k| {
        let u = &v.units[k];
        if u.etype == Some(EntityType::Country) {
            u.ent.get()
        } else if u.is_ent()
            && u.etype != Some(EntityType::GroupIdentity)
            && u.etype != Some(EntityType::Organization)
        {
            None
        } else {
            u.country.get()
        }
    })
}

/// Finds leadership relations and titles in one sentence.
pub fn find(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    roles(ctx, v, out);
    leading_verbs(ctx, v, out);
    possessed_groups(ctx, v, out);
}

fn roles(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        let w = v.w(i);
        if v.units[i].is_ent() || !is_role_noun(w) {
            continue;
        }
        // "prime minister": the modifier is part of the role; skip roles used as modifiers ("leader ship")
        if is_role_noun(v.w(i + 1)) && !v.units[i + 1].is_ent() {
            continue;
        }
        let p = role_phrase(v, i);
        let Some((h, bare)) = holder(v, &p) else {
            continue;
        };
        let Some(person) = v.units[h].ent.get() else {
            continue;
        };
        let role_l = p.role.to_lowercase();
        let target = p
            .compl
            .as_ref()
            .and_then(|(c, _)| v.units[*c].ent.get().or(v.units[*c].country.get()))
            .or_else(|| p.poss.and_then(|k| v.units[k].ent.get()))
            .or_else(|| p.org_mod.and_then(|k| v.units[k].ent.get()))
            .or(p.demonym);
        let inferred =
            if target.is_none() && (is_in(STATE_ROLES, &p.head) || is_in(STATE_ROLES, &role_l)) {
                nearest_country_before(v, p.left)
            } else {
                None
            };
        // "N was named emir", "N served as commander": the document's main group
        let inferred = inferred.or_else(|| {
            (target.is_none()
                && !bare
                && p.compl.is_none()
                && is_in(GROUP_LEAD_ROLES, &p.head)
                && assigned(v, h, i))
            .then(|| super::main_group(ctx))
            .flatten()
        });
        // "another member named N", "N, a spokeswoman, said": with no body
        // in the sentence, the document's main group
        let inferred = inferred.or_else(|| {
            (target.is_none()
                && !bare
                && !p.portfolio
                && !matches!(v.w(i + 1), "of" | "for")
                && is_in(crate::lexicon::GROUP_MEMBER_ROLES, &p.head))
            .then(|| super::main_group(ctx))
            .flatten()
            .filter(|&g| {
                !v.units.iter().any(|u| {
                    (u.is_type(GROUPS) || u.is_type(&[EntityType::Country]))
                        && u.ent.get() != Some(g)
                })
            })
        });
        // "President N", "N was elected president": the document's country
        let inferred = inferred.or_else(|| {
            (target.is_none()
                && !p.portfolio
                && !matches!(v.w(i + 1), "of" | "for")
                && is_in(HEADS_OF_STATE, &role_l)
                && !unread_modifier(v, &p, i))
            .then(|| super::main_country(ctx))
            .flatten()
            .filter(|&c| !heads_elsewhere(ctx, person, c))
        });
        let conf = if target.is_some() { 0.85 } else { 0.6 };
        if let Some(t) = target.or(inferred) {
            let rtype = if matches!(p.head.as_str(), "founder" | "co-founder" | "cofounder") {
                Some(RelationType::FounderOf)
            } else if is_in(LEADER_ROLES, &p.head)
                || is_in(LEADER_ROLES, &role_l)
                || is_in(MORE_LEADER_ROLES, &p.head)
            {
                Some(if p.portfolio {
                    RelationType::MemberOf
                } else {
                    RelationType::LeaderOf
                })
            } else if is_in(MEMBER_ROLES, &p.head) || is_in(MORE_MEMBER_ROLES, &p.head) {
                Some(RelationType::MemberOf)
            } else {
                None
            };
            if let Some(rt) = rtype {
                out.add(ctx, v, rt, person, t, conf, i);
            }
        }
        if let Some(c) = p.demonym {
            if target != Some(c) || !is_in(LEADER_ROLES, &p.head) {
                out.add(ctx, v, RelationType::CitizenOf, person, c, 0.7, i);
            }
        }
        if !is_in(NO_TITLE, &p.head) && !bare {
            let mut title = String::new();
            if let Some(k) = p.org_mod {
                title.push_str(&v.units[k].text);
                title.push(' ');
            }
            title.push_str(&p.role);
            if let Some((_, text)) = &p.compl {
                title.push(' ');
                title.push_str(text);
            } else if p.portfolio {
                for u in &v.units[i + 1..=p.right] {
                    title.push(' ');
                    title.push_str(&u.text);
                }
            }
            out.title(person, title, v.sentence, conf);
        }
    }
}

fn leading_verbs(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    let led = |u: &Unit| u.is_type(GROUPS) || u.is_type(&[EntityType::Country]);
    for i in 0..v.len() {
        if !is_in(LEAD_VERBS, v.w(i)) {
            continue;
        }
        let (src, tgt) = if let Some(by) = (i + 1..(i + 3).min(v.len())).find(|&k| v.w(k) == "by") {
            (v.after_prep(by, &is_person), v.subject_before(i, &led))
        } else if v.is_passive(i) {
            continue;
        } else {
            let obj = if matches!(v.w(i + 1), "over") {
                i + 2
            } else {
                i + 1
            };
            (v.subject_before(i, &is_person), v.np_head(obj, &led))
        };
        if let (Some(s), Some(t)) = (src, tgt) {
            out.add_units(
                ctx,
                v,
                RelationType::LeaderOf,
                &v.units[s],
                &v.units[t],
                0.8,
                i,
            );
        }
    }
    // "leadership passed to N", "the group's command fell to N"
    for i in 0..v.len() {
        if !matches!(v.w(i), "leadership" | "command" | "helm") || v.units[i].is_ent() {
            continue;
        }
        let Some(to) = (i + 1..(i + 4).min(v.len())).find(|&k| v.w(k) == "to") else {
            continue;
        };
        if !(i + 1..to).any(|k| {
            matches!(
                v.w(k),
                "passed" | "passes" | "fell" | "falls" | "went" | "transferred" | "handed"
            )
        }) {
            continue;
        }
        // "to N", "to his deputy, N": the named person
        let Some(p) = (to + 1..(to + 6).min(v.len()))
            .take_while(|&k| !matches!(v.w(k), ";" | "." | "who" | "which"))
            .find(|&k| {
                is_person(&v.units[k])
                    && matches!(
                        v.units[k].kind,
                        Some(MentionKind::Name | MentionKind::ShortName)
                    )
            })
            .filter(|&k| {
                (to + 1..k).all(|j| !v.units[j].is_ent() || matches!(v.w(j), "his" | "her"))
            })
        else {
            continue;
        };
        let owner = if i >= 2 && v.is_poss_marker(i - 1) && v.units[i - 2].is_type(GROUPS) {
            v.units[i - 2].ent.get()
        } else if i >= 1 && v.units[i - 1].is_type(GROUPS) && v.is_possessor(i - 1) {
            v.units[i - 1].ent.get()
        } else if v.w(i + 1) == "of" {
            v.np_head(i + 2, &|u: &Unit| u.is_type(GROUPS))
                .and_then(|k| v.units[k].ent.get())
        } else {
            super::main_group(ctx)
        };
        if let (Some(pe), Some(g)) = (v.units[p].ent.get(), owner) {
            out.add(ctx, v, RelationType::LeaderOf, pe, g, 0.75, i);
        }
    }
    // "under his command, G …"
    for i in 0..v.len() {
        if v.w(i) != "under" || !matches!(v.w(i + 2), "command" | "leadership") {
            continue;
        }
        let pron = &v.units[i + 1];
        if !matches!(pron.lower.as_str(), "his" | "her") {
            continue;
        }
        let person = pron
            .ent
            .get()
            .filter(|_| is_person(pron))
            .or_else(|| recent_person(ctx, v.sentence, i));
        let group = (i + 3..v.len())
            .take_while(|&k| !matches!(v.w(k), ";" | "."))
            .find(|&k| v.units[k].is_ent() && v.units[k].etype != Some(EntityType::GroupIdentity))
            .filter(|&k| v.units[k].is_type(GROUPS))
            .and_then(|k| v.units[k].ent.get());
        if let (Some(pe), Some(g)) = (person, group) {
            out.add(ctx, v, RelationType::LeaderOf, pe, g, 0.65, i);
        }
    }
    // "under the leadership of N"
    for i in 0..v.len() {
        if v.w(i) == "leadership" && v.w(i + 1) == "of" {
            if let (Some(p), Some(g)) = (
                v.after_prep(i + 1, &is_person),
                v.subject_before(i, &|u: &Unit| u.is_type(GROUPS)),
            ) {
                out.add_units(
                    ctx,
                    v,
                    RelationType::LeaderOf,
                    &v.units[p],
                    &v.units[g],
                    0.75,
                    i,
                );
            }
        }
    }
}

/// The most recent person mentioned before unit `i` of sentence `s` (this or the two previous sentences).
pub fn recent_person(ctx: &Ctx, s: usize, i: usize) -> Option<usize> {
    let here = ctx.views[s].units[..i]
        .iter()
        .rev()
        .find(|u| is_person(u))
        .and_then(|u| u.ent.get());
    here.or_else(|| {
        (s.saturating_sub(2)..s).rev().find_map(|k| {
            ctx.views[k]
                .units
                .iter()
                .rev()
                .find(|u| is_person(u))
                .and_then(|u| u.ent.get())
        })
    })
}

fn possessed_groups(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        let u = &v.units[i];
        if !u.is_type(&[EntityType::ArmedGroup]) {
            continue;
        }
        let owner = if u.lower.starts_with("his ") || u.lower.starts_with("her ") {
            recent_person(ctx, v.sentence, i)
        } else if i >= 1
            && u.kind == Some(MentionKind::Nominal)
            && is_person(&v.units[i - 1])
            && matches!(v.w(i - 1), "his" | "her")
        {
            v.units[i - 1].ent.get()
        } else if i >= 2
            && u.kind == Some(MentionKind::Nominal)
            && v.is_poss_marker(i - 1)
            && is_person(&v.units[i - 2])
        {
            v.units[i - 2].ent.get()
        } else {
            None
        };
        if let (Some(p), Some(g)) = (owner, u.ent.get()) {
            out.add(ctx, v, RelationType::LeaderOf, p, g, 0.6, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    #[test]
    fn apposition_after_name() {
        let m = "It targeted [Ada Ferrin|person], the mayor of [Tolva|location], in May.";
        assert!(has(m, LeaderOf, "Ada Ferrin", "Tolva"));
        let m = "[Jon Marek|person], a member of [the Red Hand|armed_group], was caught.";
        assert!(has(m, MemberOf, "Jon Marek", "the Red Hand"));
        let m = "[Jon Marek|person], a friend of [Ada Ferrin|person], was caught.";
        assert!(rels(m).is_empty());
    }

    #[test]
    fn issue13_a_head_of_state_without_country_heads_the_main_one() {
        const VESKIA: &str = "[Veskia|country] held elections. Troops of [Veskia|country] patrolled the border. The army of [Veskia|country] was deployed. ";
        let m = format!("{VESKIA}President [Ivo Rask|person] signed the decree.");
        assert!(has(&m, LeaderOf, "Ivo Rask", "Veskia"));
        let m = format!("{VESKIA}[Ivo Rask|person] was elected president in 2019.");
        assert!(has(&m, LeaderOf, "Ivo Rask", "Veskia"));
        let m = format!("{VESKIA}The decree was signed by Prime Minister [Ivo Rask|person].");
        assert!(has(&m, LeaderOf, "Ivo Rask", "Veskia"));
        // a deputy, a modifier read as no entity, a president of something
        for s in [
            "Vice President [Ivo Rask|person] signed the decree.",
            "The decree was signed by Norlandic President [Ivo Rask|person].",
            "[Ivo Rask|person], the president of the football club, spoke.",
        ] {
            let m = format!("{VESKIA}{s}");
            assert!(!any(&m, LeaderOf), "{s}");
        }
        // a head of another state or body elsewhere in the document
        for s in [
            "Queen [Ivo Rask|person] of [Norland|country] sent a message. Queen [Ivo Rask|person] spoke.",
            "US President [Ivo Rask|person] came. President [Ivo Rask|person] spoke.",
        ] {
            let m = format!("{VESKIA}{s}");
            assert!(!has(&m, LeaderOf, "Ivo Rask", "Veskia"), "{s}");
        }
        // no country clearly the document's
        let m = "[Veskia|country] and [Norland|country] met. [Norland|country] and [Veskia|country] signed. President [Ivo Rask|person] spoke.";
        assert!(!any(m, LeaderOf));
    }

    #[test]
    fn head_of_a_portfolio_is_a_member() {
        let m = "Police detained [Jon Marek|person], [the Red Hand|armed_group]'s head of finance, in May.";
        assert!(has(m, MemberOf, "Jon Marek", "the Red Hand"));
        assert!(!any(m, LeaderOf));
        let m =
            "Police detained [Jon Marek|person], the head of [the Red Hand|armed_group], in May.";
        assert!(has(m, LeaderOf, "Jon Marek", "the Red Hand"));
    }

    #[test]
    fn title_before_name() {
        let m =
            "They opposed the President of the Republic of [Norland|country], [Lina Orv|person].";
        assert!(has(m, LeaderOf, "Lina Orv", "Norland"));
        let m = "He met [Norland|country]’s supreme leader [Osk Tarn|person] himself.";
        assert!(has(m, LeaderOf, "Osk Tarn", "Norland"));
        let m =
            "The new Veskian president, [Ivo Rask|person], took office. [Veskia|country] is far.";
        assert!(has(m, LeaderOf, "Ivo Rask", "Veskia"));
        assert!(!any(m, CitizenOf));
    }

    #[test]
    fn org_commander_and_bare_titles() {
        let m = "It was endorsed by [Ruk Amal|person], who met [Ivo Rask|person] when the former [VGC|org] commander visited.";
        assert!(has(m, LeaderOf, "Ruk Amal", "VGC"));
        let m = "Fighters went to [Veskia|country] to back the Veskian army under President [Ivo Rask|person].";
        assert!(has(m, LeaderOf, "Ivo Rask", "Veskia"));
        let m = "They praised President [Ivo Rask|person] warmly.";
        assert!(!any(m, LeaderOf));
    }

    #[test]
    fn apposition_demonym_gives_citizenship_not_leadership() {
        let m = "[Kamal Ruswan|person], a little-known Norlandic cleric, founded [the Sword|armed_group]. [Norland|country] objected.";
        assert!(has(m, CitizenOf, "Kamal Ruswan", "Norland"));
        assert!(!has(m, LeaderOf, "Kamal Ruswan", "Norland"));
    }

    #[test]
    fn leading_verbs_and_possessed_groups() {
        assert!(has(
            "[Norland|country], which is ruled by the [Orv|person] family, is small.",
            LeaderOf,
            "Orv",
            "Norland"
        ));
        assert!(has(
            "[Kamal Ruswan|person] leads [the Sword|armed_group].",
            LeaderOf,
            "Kamal Ruswan",
            "the Sword"
        ));
        assert!(has(
            "[Kamal Ruswan|person] said [his militia|armed_group=the Sword] would fight.",
            LeaderOf,
            "Kamal Ruswan",
            "the Sword"
        ));
        assert!(!any(
            "[Kamal Ruswan|person] led to [the Sword|armed_group] winning.",
            LeaderOf
        ));
    }
}

#[cfg(test)]
mod more_tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    const MAIN: &str = "[The Sword|armed_group] grew. [The Sword|armed_group=The Sword] fought. [The Sword|armed_group=The Sword] won. ";

    #[test]
    fn issue13_a_member_role_without_body_is_in_the_main_group() {
        for s in [
            "Police arrested another member named [Jon Marek|person].",
            "[Jon Marek|person], a spokeswoman, denied it.",
        ] {
            let m = format!("{MAIN}{s}");
            assert!(has(&m, MemberOf, "Jon Marek", "The Sword"), "{s}");
        }
        for s in [
            // a body in the sentence, a role of no group, no main group
            "[Jon Marek|person], a member of the club, spoke.",
            "[Jon Marek|person], a member, met [Veskia|country] officials.",
            "[Jon Marek|person], an official, spoke.",
        ] {
            let m = format!("{MAIN}{s}");
            assert!(!has(&m, MemberOf, "Jon Marek", "The Sword"), "{s}");
        }
        assert!(!any(
            "[Jon Marek|person], a spokeswoman, denied it.",
            MemberOf
        ));
    }

    #[test]
    fn assigned_group_roles_go_to_the_main_group() {
        let m = format!("{MAIN}[Jon Marek|person] was named emir a week later.");
        assert!(has(&m, LeaderOf, "Jon Marek", "The Sword"));
        let m = format!(
            "{MAIN}[Jon Marek|person] served as commander; [Ula Penn|person] ran finances."
        );
        assert!(has(&m, LeaderOf, "Jon Marek", "The Sword"));
        assert!(!any(&m, MemberOf));
        let m = format!("{MAIN}[Ivo Rask|person] was elected president in [2019|date:2019].");
        assert!(!any(&m, LeaderOf));
        let m = "[Jon Marek|person] was named emir. [Ula Penn|person] left.";
        assert!(!any(m, LeaderOf));
    }

    #[test]
    fn served_as_and_calling_himself() {
        let m = "A local businessman, [Jon Marek|person], served as [the Sword|armed_group]'s chief financier.";
        assert!(has(m, MemberOf, "Jon Marek", "the Sword"));
        assert!(!any(m, LeaderOf));
        let m = "By [2017|date:2017] [he|person=Jon Marek] was calling himself [the Sword|armed_group]'s amir.";
        assert!(has(m, LeaderOf, "Jon Marek", "the Sword"));
        let m = "[Jon Marek|person], a senior cleric of [the Sword|armed_group], praised it.";
        assert!(has(m, MemberOf, "Jon Marek", "the Sword"));
        let m = "Together with [Ula Penn|person], alias \"La Roja,\" a former [Red Hand|armed_group] radio operator, he left.";
        assert!(has(m, MemberOf, "Ula Penn", "Red Hand"));
        let m = "Police held [Jon Marek|person], whom investigators describe as [the Sword|armed_group]'s chief bomb-maker.";
        assert!(has(m, MemberOf, "Jon Marek", "the Sword"));
    }

    #[test]
    fn adverbs_before_served_as() {
        let m = "[Jon Marek|person], a local man, previously served as a commander of [the Wolves|armed_group], a militia.";
        assert!(has(m, LeaderOf, "Jon Marek", "the Wolves"));
        let m = "[Jon Marek|person] is the commander of [the Wolves|armed_group].";
        assert!(has(m, LeaderOf, "Jon Marek", "the Wolves"));
    }

    #[test]
    fn succeeded_as_leader() {
        let m = "In [2019|date:2019] [Ula Penn|person] succeeded [Jon Marek|person] as leader of [the Sword|armed_group].";
        assert!(has(m, LeaderOf, "Ula Penn", "the Sword"));
        assert!(!has(m, LeaderOf, "Jon Marek", "the Sword"));
    }

    #[test]
    fn leadership_passed_and_under_his_command() {
        let m = format!("{MAIN}Leadership passed to [Jon Marek|person], the explosives expert.");
        assert!(has(&m, LeaderOf, "Jon Marek", "The Sword"));
        let m = format!("{MAIN}[Jon Marek|person] died. Leadership then passed to his deputy, [Ula Penn|person].");
        assert!(has(&m, LeaderOf, "Ula Penn", "The Sword"));
        assert!(!has(&m, LeaderOf, "Jon Marek", "The Sword"));
        let m = "[The Red Hand|armed_group]'s leadership passed to [Ula Penn|person] in [2010|date:2010].";
        assert!(has(m, LeaderOf, "Ula Penn", "The Red Hand"));
        let m = "[Jon Marek|person] was named emir. Under his command, [the Sword|armed_group] moved away from raids.";
        assert!(has(m, LeaderOf, "Jon Marek", "the Sword"));
        let m = "Under his command [Norland|country] grew.";
        assert!(!any(m, LeaderOf));
    }
}

#[cfg(test)]
mod regression_tests {
    use crate::fixture::doc_from_markup;
    use crate::view::{Ctx, NoGeo};

    #[test]
    fn titles_alone_are_the_titles_of_the_full_extraction() {
        let d = doc_from_markup("The new Veskian president, [Ivo Rask|person], took office. [Ruk Amal|person], the commander of [VGC|org], met President [Ivo Rask|person] and the mayor of [Tessa|location], [Lina Orv|person].");
        let ctx = Ctx::new(&d, &NoGeo);
        let alone = crate::relations::titles(&ctx);
        assert!(alone.len() >= 2, "{alone:?}");
        let fresh = Ctx::fresh(&d, &NoGeo);
        assert_eq!(alone, crate::relations::extract(&fresh).titles);
        // the full extraction leaves its titles for the attribute extractor
        assert_eq!(crate::relations::titles(&fresh), alone);
    }

    #[test]
    fn critic_of_a_titled_person_gives_the_critic_no_title() {
        let d = doc_from_markup("This no doubt because [Ruk Amal|person] had long been a critic of President [Ivo Rask|person]’s government.");
        let ctx = Ctx::new(&d, &NoGeo);
        let f = crate::relations::extract(&ctx);
        assert!(
            f.titles
                .iter()
                .all(|t| d.entities[t.entity].name != "Ruk Amal"),
            "{:?}",
            f.titles
        );
    }
}
