//! Issue 13 (relations17): member_of recall through the dependency
//! patterns of `patterns/relations.toml` — posts and jobs held in a body,
//! a named unit of a larger body, mergers, a deputy or a department chief
//! (a member, not the leader) — run through the real parser.

use crate::fixture::doc_from_markup;
use crate::pattern::PatternSet;
use dossier_doc::{Component, Doc, RelationType};

fn parsed(markup: &str) -> Doc {
    let mut d = doc_from_markup(markup);
    dossier_parser::DependencyParser::new()
        .process(&mut d)
        .unwrap();
    d
}

/// The relations the built-in patterns find, as (type, source, target)
/// with names lowercased and a leading "the " dropped.
fn found(markup: &str) -> Vec<(RelationType, String, String)> {
    let d = parsed(markup);
    let norm = |s: &str| {
        let s = s.trim().to_lowercase();
        s.strip_prefix("the ").unwrap_or(&s).to_string()
    };
    PatternSet::builtin()
        .find(&d)
        .iter()
        .map(|m| {
            (
                m.rtype,
                norm(&d.entities[m.source].name),
                norm(&d.entities[m.target].name),
            )
        })
        .collect()
}

fn has(markup: &str, t: RelationType, a: &str, b: &str) -> bool {
    found(markup)
        .iter()
        .any(|(x, s, o)| *x == t && s == a && o == b)
}

#[test]
fn issue13_member_of_a_post_or_job_in_a_body() {
    use RelationType::*;
    let s = "[Ilsa Brenner|person], a correspondent for [the Varden Courier|organization], was abducted on Friday.";
    assert!(has(s, MemberOf, "ilsa brenner", "varden courier"));
    let s = "[Ilsa Brenner|person], an engineer of [Kessel Mining|organization], was released.";
    assert!(has(s, MemberOf, "ilsa brenner", "kessel mining"));
    // an envoy *to* a body serves another one
    let s = "[Ilsa Brenner|person], the envoy to [the Varden League|organization], left.";
    assert!(!has(s, MemberOf, "ilsa brenner", "varden league"));
}

#[test]
fn issue13_a_deputy_or_a_department_chief_is_a_member_not_the_leader() {
    use RelationType::*;
    let s = "[Ostra Legion|armed_group] deputy chief [Pell Arnav|person] was killed.";
    assert!(has(s, MemberOf, "pell arnav", "ostra legion"));
    assert!(!has(s, LeaderOf, "pell arnav", "ostra legion"));
    let s = "[Pell Arnav|person], the chief of [the Ostra Legion|armed_group], was killed.";
    assert!(has(s, LeaderOf, "pell arnav", "ostra legion"));
}

#[test]
fn issue13_a_unit_of_a_body_and_a_merger() {
    use RelationType::*;
    let s = "[The 9th Rifle Battalion|organization] of [the Ostra Army|organization] crossed the river.";
    assert!(has(s, MemberOf, "9th rifle battalion", "ostra army"));
    let s = "[The Ostra Legion|armed_group] and [the Pell Front|armed_group] united to form [the Varden Bloc|armed_group].";
    assert!(has(s, MemberOf, "ostra legion", "varden bloc"));
    assert!(has(s, MemberOf, "pell front", "varden bloc"));
    // two bodies of one sentence, neither a part of the other
    let s = "[The 9th Rifle Battalion|organization] fought [the Ostra Legion|armed_group].";
    assert!(!found(s).iter().any(|(t, _, _)| *t == MemberOf));
}
