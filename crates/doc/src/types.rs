//! The closed vocabularies of ONTOLOGY.md: entity, relation and event types,
//! participant roles, modalities and attribute names. Their serde names are the wire names.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => $wire:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $wire)] $var),+ }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The wire name (as in ONTOLOGY.md).
            pub fn as_str(self) -> &'static str { match self { $($name::$var => $wire),+ } }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s { $($wire => Ok($name::$var),)+ _ => Err(UnknownName { kind: stringify!($name), name: s.to_string() }) }
            }
        }
    };
}

/// A name that is not part of a vocabulary.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown {kind} '{name}'")]
pub struct UnknownName {
    /// Which vocabulary.
    pub kind: &'static str,
    /// The offending name.
    pub name: String,
}

wire_enum!(
    /// Entity types.
    EntityType {
        /// A human being.
        Person => "person",
        /// Non-state armed actor: militia, insurgency, terrorist group.
        ArmedGroup => "armed_group",
        /// Any other organization: state body, armed force of a state, party, agency, media, company.
        Organization => "organization",
        /// A sovereign state.
        Country => "country",
        /// City, region, river, geographic area.
        Location => "location",
        /// A building or site.
        Facility => "facility",
        /// Nationality, religion, ethnicity, sect.
        GroupIdentity => "group_identity",
    }
);

wire_enum!(
    /// Relation types (directed `source → target`).
    RelationType {
        /// Person leads / heads / commands target.
        LeaderOf => "leader_of",
        /// Source founded target.
        FounderOf => "founder_of",
        /// Source belongs to target.
        MemberOf => "member_of",
        /// Source backs, funds, arms, directs or endorses target.
        SponsorOf => "sponsor_of",
        /// Source trained target.
        TrainerOf => "trainer_of",
        /// Cooperation, alliance (symmetric).
        AllyOf => "ally_of",
        /// Opposition, enmity, conflict, threat (symmetric for scoring).
        HostileTo => "hostile_to",
        /// Where an actor is founded, headquartered or operates from.
        BasedIn => "based_in",
        /// Where an actor operates or fights.
        ActiveIn => "active_in",
        /// Geographic containment.
        LocatedIn => "located_in",
        /// Nationality of a person.
        CitizenOf => "citizen_of",
    }
);

impl RelationType {
    /// Whether `a → b` implies `b → a`.
    pub fn is_symmetric(self) -> bool {
        matches!(self, RelationType::AllyOf | RelationType::HostileTo)
    }
}

wire_enum!(
    /// Event types.
    EventType {
        /// Armed attack, bombing, stabbing, assassination or attempt.
        Attack => "attack",
        /// Planned or foiled attack, conspiracy.
        Plot => "plot",
        /// Arrest, detention, capture, handing over.
        Arrest => "arrest",
        /// Conviction, sentencing, jailing.
        Sentence => "sentence",
        /// Demonstration, riot, public backlash.
        Protest => "protest",
        /// Repression by authorities, mass arrests, raids.
        Crackdown => "crackdown",
        /// Exercise, drill, manoeuvre.
        MilitaryExercise => "military_exercise",
        /// War, battle, clashes.
        ArmedConflict => "armed_conflict",
        /// Creation of a group or organization.
        Founding => "founding",
        /// Meeting, conference, gathering, commemoration, visit.
        Meeting => "meeting",
        /// Sending fighters or forces somewhere.
        Deployment => "deployment",
        /// Military or other training.
        Training => "training",
        /// Declaration, propaganda, accusation, claim, complaint.
        Statement => "statement",
        /// Taking office, election, inauguration.
        Appointment => "appointment",
    }
);

wire_enum!(
    /// Roles of event participants.
    Role {
        /// Who acts.
        Agent => "agent",
        /// Who is acted upon.
        Target => "target",
        /// Other parties.
        Participant => "participant",
        /// Where.
        Location => "location",
    }
);

wire_enum!(
    /// How the text states a relation or an event when it does not assert it
    /// (ONTOLOGY.md: "`claimed`, `suspected`, `planned`…"); no modality means
    /// stated as fact.
    Modality {
        /// Someone claimed it ("claimed responsibility").
        Claimed => "claimed",
        /// Alleged, accused, purportedly.
        Alleged => "alleged",
        /// Reported, reportedly.
        Reported => "reported",
        /// Believed.
        Believed => "believed",
        /// Suspected, blamed.
        Suspected => "suspected",
        /// Rumoured.
        Rumored => "rumored",
        /// Apparently.
        Apparent => "apparent",
        /// May, might, could, possibly, likely.
        Possible => "possible",
        /// Would.
        Hypothetical => "hypothetical",
        /// Planned, not (yet) carried out.
        Planned => "planned",
    }
);

wire_enum!(
    /// Attribute names (ONTOLOGY.md "Attributes").
    AttributeName {
        /// A group's number of members (`20~`, `100+`).
        MemberCount => "member_count",
        /// When a group was founded (EDTF).
        Founded => "founded",
        /// A person's role ("mayor of Tolvar").
        Title => "title",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn wire_names_round_trip() {
        for t in EntityType::ALL {
            assert_eq!(t.as_str().parse::<EntityType>().unwrap(), *t);
            assert_eq!(
                serde_json::to_string(t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
        }
        assert_eq!(RelationType::ALL.len(), 11);
        assert_eq!(EventType::ALL.len(), 14);
        assert!("militia".parse::<EntityType>().is_err());
    }

    #[test]
    fn modality_and_attribute_names_are_their_wire_strings() {
        for m in Modality::ALL {
            assert_eq!(m.as_str().parse::<Modality>().unwrap(), *m);
            assert_eq!(serde_json::to_string(m).unwrap(), format!("\"{m}\""));
        }
        for a in AttributeName::ALL {
            assert_eq!(a.as_str().parse::<AttributeName>().unwrap(), *a);
            assert_eq!(serde_json::to_string(a).unwrap(), format!("\"{a}\""));
        }
        assert_eq!(
            serde_json::from_str::<Option<Modality>>("\"suspected\"").unwrap(),
            Some(Modality::Suspected)
        );
        assert!(serde_json::from_str::<Modality>("\"said\"").is_err());
        assert!("size".parse::<AttributeName>().is_err());
        assert_eq!(AttributeName::MemberCount.as_str(), "member_count");
    }
}
