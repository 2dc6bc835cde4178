//! member_of: "N joined G", "G member N", "another G member, N",
//! "members of G, including N", "G fighters …, including N and M".

use super::Sink;
use crate::lexicon::{is_in, MEMBER_UNITS};
use crate::view::{Ctx, SentView, Unit, GROUPS};
use dossier_doc::{EntityType, RelationType};

fn is_person(u: &Unit) -> bool {
    u.etype == Some(EntityType::Person)
}
fn is_group(u: &Unit) -> bool {
    u.is_type(GROUPS)
}

const MEMBER_NOUNS: &[&str] = &[
    "member",
    "members",
    "fighter",
    "fighters",
    "militant",
    "militants",
    "operative",
    "operatives",
    "recruit",
    "recruits",
    "commanders",
    "veterans",
    "loyalists",
];

/// Finds membership relations in one sentence.
pub fn find(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    let mut groups_with_members: Vec<usize> = Vec::new();
    for i in 0..v.len() {
        let w = v.w(i);
        if matches!(w, "joined" | "joins" | "join" | "joining") && !v.is_passive(i) {
            if let (Some(s), Some(g)) = (
                v.subject_before(i, &|u: &Unit| is_person(u) || is_group(u)),
                v.np_head(i + 1, &is_group),
            ) {
                out.add_units(
                    ctx,
                    v,
                    RelationType::MemberOf,
                    &v.units[s],
                    &v.units[g],
                    0.8,
                    i,
                );
            }
        }
        // "N belongs to G"
        if matches!(w, "belongs" | "belonged" | "belonging") && v.w(i + 1) == "to" {
            if let (Some(s), Some(g)) = (
                v.subject_before(i, &|u: &Unit| is_person(u) || is_group(u)),
                v.np_head(i + 2, &is_group),
            ) {
                out.add_units(
                    ctx,
                    v,
                    RelationType::MemberOf,
                    &v.units[s],
                    &v.units[g],
                    0.75,
                    i,
                );
            }
        }
        if !is_in(MEMBER_NOUNS, w) || v.units[i].is_ent() {
            continue;
        }
        // "G member(s)" / "G's members"
        let g = if i >= 1 && is_group(&v.units[i - 1]) {
            Some(i - 1)
        } else if i >= 2 && v.is_poss_marker(i - 1) && is_group(&v.units[i - 2]) {
            Some(i - 2)
        } else if v.w(i + 1) == "of" {
            v.np_head(i + 2, &is_group)
        } else {
            None
        };
        let Some(g) = g else { continue };
        groups_with_members.push(g);
        let after = if g > i { g + 1 } else { i + 1 };
        // "G member, N" / "G member N"
        let mut k = after;
        if v.w(k) == "," {
            k += 1;
        }
        if v.units.get(k).is_some_and(is_person) {
            for p in v.enumeration(k, &is_person) {
                out.add_units(
                    ctx,
                    v,
                    RelationType::MemberOf,
                    &v.units[p],
                    &v.units[g],
                    0.8,
                    i,
                );
            }
        }
    }
    // "…, including N and M" after a group's members
    if let Some(&g) = groups_with_members.first() {
        for k in 0..v.len() {
            if matches!(v.w(k), "including" | "among") && k > g {
                let mut j = k + 1;
                while j < v.len() && matches!(v.w(j), "the" | "a") {
                    j += 1;
                }
                if v.units.get(j).is_some_and(is_person) {
                    for p in v.enumeration(j, &is_person) {
                        out.add_units(
                            ctx,
                            v,
                            RelationType::MemberOf,
                            &v.units[p],
                            &v.units[g],
                            0.7,
                            k,
                        );
                    }
                }
            }
        }
    }
    let _ = MEMBER_UNITS;
    named_members(ctx, v, out);
    sub_units(ctx, v, out);
    time_inside(ctx, v, out);
}

/// Nouns of a part of a force ("a company of G", "G's 5th Brigade").
const UNIT_NOUNS: &[&str] = &[
    "company",
    "unit",
    "units",
    "battalion",
    "brigade",
    "cell",
    "column",
    "squad",
    "platoon",
    "detachment",
    "wing",
    "front",
    "division",
    "regiment",
    "branch",
    "bloc",
    "chapter",
    "squadron",
    "battery",
    "section",
    "group",
    "command",
];

/// "a G explosives specialist named N", "a G member called N".
fn named_members(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for g in 0..v.len() {
        if !is_group(&v.units[g]) || v.is_possessor(g) {
            continue;
        }
        let mut k = g + 1;
        while k < v.len()
            && k <= g + 4
            && !v.units[k].is_ent()
            && v.w(k).chars().all(|c| c.is_alphabetic() || c == '-')
            && !matches!(
                v.w(k),
                "named"
                    | "called"
                    | "and"
                    | "or"
                    | "of"
                    | "in"
                    | "by"
                    | "to"
                    | "was"
                    | "were"
                    | "is"
                    | "are"
            )
        {
            k += 1;
        }
        if k == g + 1 || !matches!(v.w(k), "named" | "called") {
            continue;
        }
        if let Some(p) = v.units.get(k + 1).filter(|u| is_person(u)).map(|_| k + 1) {
            out.add_units(
                ctx,
                v,
                RelationType::MemberOf,
                &v.units[p],
                &v.units[g],
                0.75,
                k,
            );
        }
    }
}

/// A person who led part of a group belongs to it ("N had commanded a
/// company of G"); a unit a force possesses belongs to it ("the army's 5th
/// Brigade", "the 5th Brigade of the army").
fn sub_units(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        if !is_in(crate::lexicon::LEAD_VERBS, v.w(i)) || v.is_passive(i) {
            continue;
        }
        let mut k = i + 1;
        while k < v.len() && k <= i + 4 && !v.units[k].is_ent() && !is_in(UNIT_NOUNS, v.w(k)) {
            if !v.w(k).chars().all(|c| c.is_alphabetic() || c == '-') {
                break;
            }
            k += 1;
        }
        if !is_in(UNIT_NOUNS, v.w(k)) || v.units[k].is_ent() || v.w(k + 1) != "of" {
            continue;
        }
        if let (Some(p), Some(g)) = (v.subject_before(i, &is_person), v.np_head(k + 2, &is_group)) {
            out.add_units(
                ctx,
                v,
                RelationType::MemberOf,
                &v.units[p],
                &v.units[g],
                0.75,
                i,
            );
        }
    }
    let is_unit = |u: &Unit| {
        is_group(u)
            && u.text
                .split_whitespace()
                .last()
                .is_some_and(|w| is_in(UNIT_NOUNS, &crate::view::norm_word(w)))
    };
    // "O, a unit of P": an apposition naming the body it belongs to
    for i in 0..v.len() {
        if !is_group(&v.units[i]) {
            continue;
        }
        // past an acronym in parentheses: "O (OU), a unit of P"
        let mut j = i + 1;
        if v.w(j) == "(" {
            if let Some(c) = (j + 1..(j + 4).min(v.len())).find(|&k| v.w(k) == ")") {
                j = c + 1;
            }
        }
        // "O, a unit of P", "O is a wing of P"
        if !matches!(v.w(j), "," | "is" | "was" | "became" | "remains")
            || !matches!(v.w(j + 1), "a" | "an" | "the")
        {
            continue;
        }
        let Some(k) = (j + 2..(j + 5).min(v.len()))
            .take_while(|&k| !v.units[k].is_ent())
            .find(|&k| {
                is_in(UNIT_NOUNS, v.w(k))
                    || matches!(
                        v.w(k),
                        "arm" | "subsidiary" | "department" | "affiliate" | "part"
                    )
            })
        else {
            continue;
        };
        if v.w(k + 1) == "of" {
            if let Some(g) = v.np_head(k + 2, &is_group) {
                out.add_units(
                    ctx,
                    v,
                    RelationType::MemberOf,
                    &v.units[i],
                    &v.units[g],
                    0.7,
                    k,
                );
            }
        }
    }
    for i in 0..v.len() {
        if !is_unit(&v.units[i]) {
            continue;
        }
        let parent = if i >= 2 && v.is_poss_marker(i - 1) && is_group(&v.units[i - 2]) {
            Some(i - 2)
        } else if v.w(i + 1) == "of" {
            v.units.get(i + 2).filter(|u| is_group(u)).map(|_| i + 2)
        } else {
            None
        };
        if let Some(g) = parent {
            out.add_units(
                ctx,
                v,
                RelationType::MemberOf,
                &v.units[i],
                &v.units[g],
                0.7,
                i,
            );
        }
    }
}

/// "N had spent three years inside G".
fn time_inside(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        if !matches!(v.w(i), "spent" | "spending" | "spends") {
            continue;
        }
        let Some(p) = (i + 1..(i + 6).min(v.len()))
            .find(|&k| matches!(v.w(k), "inside" | "in" | "with" | "within"))
        else {
            continue;
        };
        let timed = (i + 1..p).any(|k| {
            matches!(
                v.w(k),
                "years" | "year" | "months" | "month" | "decade" | "decades" | "weeks" | "time"
            )
        });
        if !timed || (i + 1..p).any(|k| v.units[k].is_ent()) {
            continue;
        }
        if let (Some(s), Some(g)) = (
            v.subject_before(i, &is_person),
            v.units.get(p + 1).and_then(|_| v.np_head(p + 1, &is_group)),
        ) {
            out.add_units(
                ctx,
                v,
                RelationType::MemberOf,
                &v.units[s],
                &v.units[g],
                0.7,
                i,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    #[test]
    fn joined_a_group() {
        assert!(has(
            "[Jon Marek|person] joined [the Red Hand|armed_group] in May.",
            MemberOf,
            "Jon Marek",
            "the Red Hand"
        ));
        assert!(!any("[Jon Marek|person] joined a football club.", MemberOf));
    }

    #[test]
    fn group_member_name() {
        assert!(has(
            "Another [Red Hand|armed_group] member, [Jon Marek|person], was held.",
            MemberOf,
            "Jon Marek",
            "Red Hand"
        ));
        assert!(has(
            "[Red Hand|armed_group] member [Jon Marek|person] spoke.",
            MemberOf,
            "Jon Marek",
            "Red Hand"
        ));
        assert!(!any(
            "[Red Hand|armed_group] members met [Jon Marek|person] yesterday.",
            MemberOf
        ));
    }

    #[test]
    fn named_members_sub_units_and_time_inside() {
        let m = "Four suspects, among them a [Sword|armed_group] explosives specialist named [Jon Marek|person], were held.";
        assert!(has(m, MemberOf, "Jon Marek", "Sword"));
        let m = "[Jon Marek|person] had commanded a company of [the Red Hand|armed_group] for a decade.";
        assert!(has(m, MemberOf, "Jon Marek", "the Red Hand"));
        assert!(!any(m, LeaderOf));
        let m = "Soldiers of [the Norland Army|org]'s [5th Mountain Brigade|org] raided a house.";
        assert!(has(m, MemberOf, "5th Mountain Brigade", "the Norland Army"));
        let m = "[The Wolves|armed_group] is an armed wing of [the Unity Party|org].";
        assert!(has(m, MemberOf, "The Wolves", "the Unity Party"));
        let m = "[Jon Marek|person] belongs to [the Sword|armed_group].";
        assert!(has(m, MemberOf, "Jon Marek", "the Sword"));
        let m =
            "The raid was led by [the Rapid Unit|org] (RU), a unit of [the Norland Police|org].";
        assert!(has(m, MemberOf, "the Rapid Unit", "the Norland Police"));
        let m = "[Jon Marek|person] had spent three years inside [the Red Hand|armed_group], leaving after a dispute.";
        assert!(has(m, MemberOf, "Jon Marek", "the Red Hand"));
        assert!(!any(
            "[Jon Marek|person] spent three years in [Tolva|location].",
            MemberOf
        ));
        assert!(!any(
            "[The Sword|armed_group] named [Jon Marek|person] its enemy.",
            MemberOf
        ));
    }

    #[test]
    fn including_after_members() {
        let m = "Officials feared [Red Hand|armed_group] fighters who came back, many of whom were held, including [Jon Marek|person] and [Ula Penn|person].";
        assert!(has(m, MemberOf, "Jon Marek", "Red Hand"));
        assert!(has(m, MemberOf, "Ula Penn", "Red Hand"));
        assert!(!any(
            "Guests, including [Jon Marek|person], met [Red Hand|armed_group].",
            MemberOf
        ));
    }
}
