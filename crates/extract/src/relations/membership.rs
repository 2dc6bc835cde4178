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
