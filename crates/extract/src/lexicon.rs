//! Trigger lexicons: general English words only (no names of particular
//! groups, people or places).

use dossier_doc::{EventType, Modality};

/// A word list of group nouns: the singular head nouns of a group's
/// description (`GROUP_HEADS`: "the group", "the militia") followed by the
/// words given. Every list of group nouns in the crate is written with it,
/// so the core is defined once (membership tests only: the order of a list
/// does not matter).
macro_rules! group_heads {
    ($($extra:literal),* $(,)?) => {
        &[
            "group",
            "militia",
            "movement",
            "organization",
            "organisation",
            "faction",
            "network",
            "insurgency",
            $($extra),*
        ]
    };
}
pub(crate) use group_heads;

/// Singular nouns that, after "the", stand for a group described earlier
/// ("the group", "the militia", "the organisation"): the core of every list
/// of group nouns.
pub const GROUP_HEADS: &[&str] = group_heads!();

/// Nouns of a role a person holds ("mayor", "cleric", "commander").
pub const ROLE_NOUNS: &[&str] = &[
    "president",
    "leader",
    "mayor",
    "commander",
    "chief",
    "head",
    "governor",
    "minister",
    "premier",
    "chairman",
    "chairwoman",
    "chair",
    "king",
    "queen",
    "emir",
    "prince",
    "general",
    "founder",
    "co-founder",
    "cofounder",
    "cleric",
    "imam",
    "sheikh",
    "ayatollah",
    "mullah",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary-general",
    "director",
    "ambassador",
    "judge",
    "colonel",
    "captain",
    "lieutenant",
    "senator",
    "lawmaker",
    "ruler",
    "chancellor",
    "emissary",
    "envoy",
    "preacher",
    "scholar",
    "official",
    "officer",
    "representative",
    "deputy",
    "member",
    "fighter",
    "militant",
    "operative",
    "activist",
    "journalist",
    "politician",
    "businessman",
    "warlord",
    "strongman",
    "dictator",
    "monarch",
    "sultan",
    "caliph",
    "mufti",
];

/// Role nouns that make their holder the leader of the `of X` complement.
pub const LEADER_ROLES: &[&str] = &[
    "president",
    "leader",
    "mayor",
    "commander",
    "chief",
    "head",
    "governor",
    "premier",
    "chairman",
    "chairwoman",
    "chair",
    "king",
    "queen",
    "emir",
    "prince",
    "director",
    "ruler",
    "chancellor",
    "secretary-general",
    "warlord",
    "strongman",
    "dictator",
    "monarch",
    "sultan",
    "caliph",
    "prime minister",
    "supreme leader",
];

/// Role nouns that make their holder a member of the `of X` complement.
pub const MEMBER_ROLES: &[&str] = &[
    "member",
    "fighter",
    "militant",
    "operative",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officer",
    "representative",
    "deputy",
    "activist",
];

/// Roles only a group's people hold, which with no body in their sentence
/// make the holder a member of the document's main group ("another member
/// named N", "N, a spokeswoman, said").
pub const GROUP_MEMBER_ROLES: &[&str] = &[
    "member",
    "fighter",
    "militant",
    "operative",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "guerrilla",
    "insurgent",
    "cadre",
    "recruiter",
    "financier",
    "ideologue",
    "bomb-maker",
    "bombmaker",
    "militiaman",
];

/// Words that may form one role with the role noun that follows ("supreme leader").
pub const ROLE_MODIFIERS: &[&str] = &[
    "supreme",
    "prime",
    "deputy",
    "vice",
    "foreign",
    "defense",
    "defence",
    "interior",
    "military",
    "spiritual",
    "religious",
    "senior",
    "top",
    "field",
    "regional",
    "local",
    "acting",
    "chief",
    "founding",
    "political",
    "grand",
];

/// Words before a role that are dropped from a title ("former", "new").
pub const TITLE_DROP: &[&str] = &[
    "former",
    "new",
    "late",
    "then",
    "current",
    "ex",
    "incumbent",
    "outgoing",
    "newly",
    "elected",
    "little-known",
    "well-known",
];

/// Nouns of a collective actor that stand for a group ("militia", "movement").
pub const GROUP_NOUNS: &[&str] = group_heads![
    "groups",
    "militias",
    "movements",
    "organizations",
    "factions",
    "brigade",
    "brigades",
    "battalion",
    "army",
    "party",
    "front",
    "cell",
    "cells",
    "wing",
    "force",
    "forces",
    "unit",
    "units",
    "coalition",
    "alliance",
    "project",
    "outfit",
    "proxy",
    "proxies",
];

/// Words of a state apparatus: "DEMONYM police" stands for the state.
pub const STATE_ORGANS: &[&str] = &[
    "police",
    "army",
    "security",
    "authorities",
    "government",
    "forces",
    "troops",
    "military",
    "officials",
    "intelligence",
    "navy",
    "court",
    "courts",
    "judiciary",
    "regime",
    "state",
    "administration",
    "ministry",
    "prosecutors",
    "guards",
    "soldiers",
];

/// Nouns that count members of a group.
pub const MEMBER_UNITS: &[&str] = &[
    "member",
    "members",
    "fighter",
    "fighters",
    "student",
    "students",
    "personnel",
    "militant",
    "militants",
    "recruit",
    "recruits",
    "volunteer",
    "volunteers",
    "soldier",
    "soldiers",
    "combatant",
    "combatants",
    "follower",
    "followers",
    "men",
    "operatives",
    "gunmen",
    "troops",
    "cadres",
    "adherents",
];

/// Nouns through which a prepositional phrase reaches its real target
/// ("the policies of the government of X" → X).
pub const TRANSPARENT_NOUNS: &[&str] = &[
    "policies",
    "policy",
    "government",
    "regime",
    "forces",
    "troops",
    "authorities",
    "leadership",
    "administration",
    "interests",
    "president",
    "leader",
    "rule",
    "army",
    "military",
    "state",
    "people",
    "institutions",
    "officials",
    "allies",
    "members",
    "supporters",
    "republic",
    "kingdom",
    "emirate",
    "parts",
    "part",
    "territory",
];

/// Verbs of sponsorship (active or passive participle).
pub const SPONSOR_VERBS: &[&str] = &[
    "backed",
    "backs",
    "back",
    "backing",
    "supported",
    "supports",
    "support",
    "supporting",
    "funded",
    "funds",
    "fund",
    "funding",
    "financed",
    "finances",
    "finance",
    "financing",
    "armed",
    "arms",
    "sponsored",
    "sponsors",
    "sponsor",
    "endorsed",
    "endorses",
    "directed",
    "directs",
    "bankrolled",
    "mobilized",
    "mobilised",
    "equipped",
    "supplied",
];

/// Second halves of compounds naming a sponsor ("X-backed", "X-sponsored").
pub const SPONSOR_SUFFIXES: &[&str] = &[
    "backed",
    "sponsored",
    "funded",
    "supported",
    "financed",
    "armed",
    "aligned",
    "affiliated",
    "controlled",
    "directed",
    "led",
];

/// Verbs of founding.
pub const FOUND_VERBS: &[&str] = &[
    "founded",
    "co-founded",
    "cofounded",
    "established",
    "formed",
    "created",
    "founds",
    "establishes",
    "launched",
];

/// Verbs of leading.
pub const LEAD_VERBS: &[&str] = &[
    "led",
    "leads",
    "heads",
    "headed",
    "commands",
    "commanded",
    "chairs",
    "chaired",
    "runs",
    "ruled",
    "rules",
    "presides",
    "presided",
];

/// Verbs of training.
pub const TRAIN_VERBS: &[&str] = &[
    "trained",
    "trains",
    "train",
    "training",
    "instructed",
    "schooled",
];

/// Nouns and verbs of cooperation (ally_of).
pub const ALLY_WORDS: &[&str] = &[
    "cooperation",
    "co-operation",
    "cooperate",
    "cooperates",
    "cooperated",
    "alliance",
    "allied",
    "allies",
    "ally",
    "ties",
    "relations",
    "partnership",
    "partners",
    "partner",
    "collaboration",
    "collaborates",
    "collaborated",
    "coordination",
    "friendship",
    "rapprochement",
];

/// Nouns and verbs of hostility (hostile_to).
pub const HOSTILE_WORDS: &[&str] = &[
    "conflict",
    "conflicts",
    "war",
    "wars",
    "clashes",
    "clash",
    "clashed",
    "fighting",
    "fight",
    "fought",
    "fights",
    "hostility",
    "hostilities",
    "rivalry",
    "tensions",
    "tension",
    "dispute",
    "disputes",
    "opposition",
    "opposed",
    "opposes",
    "oppose",
    "critic",
    "critics",
    "enemy",
    "enemies",
    "threat",
    "threats",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "animosity",
    "enmity",
    "jihad",
    "campaign",
    "attacks",
    "hostile",
    "against",
    "confrontation",
    "confrontations",
    "feud",
];

/// Location words ("active in", "deployed to").
pub const ACTIVE_WORDS: &[&str] = &[
    "active",
    "operates",
    "operate",
    "operating",
    "operated",
    "deployed",
    "presence",
    "fought",
    "fighting",
    "fights",
    "activities",
    "activity",
    "sent",
    "dispatched",
    "stationed",
];

/// Nouns after a demonym that denote the country's territory ("Xish soil").
pub const TERRITORY_NOUNS: &[&str] = &[
    "soil",
    "territory",
    "ground",
    "land",
    "lands",
    "border",
    "borders",
    "side",
];

/// Nouns of settlements ("the Xish city of C" → C located in X).
pub const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "capital",
    "port",
    "district",
    "county",
    "state",
    "governorate",
    "municipality",
    "island",
    "enclave",
    "oblast",
    "prefecture",
    "area",
];

/// Words marking that a fact is reported, not asserted, with the modality name.
pub const MODALITY: &[(&str, Modality)] = &[
    ("claimed", Modality::Claimed),
    ("claims", Modality::Claimed),
    ("claim", Modality::Claimed),
    ("alleged", Modality::Alleged),
    ("allegedly", Modality::Alleged),
    ("reportedly", Modality::Reported),
    ("reported", Modality::Reported),
    ("believed", Modality::Believed),
    ("suspected", Modality::Suspected),
    ("purportedly", Modality::Alleged),
    ("rumored", Modality::Rumored),
    ("rumoured", Modality::Rumored),
    ("apparently", Modality::Apparent),
    ("may", Modality::Possible),
    ("might", Modality::Possible),
    ("could", Modality::Possible),
    ("would", Modality::Hypothetical),
    ("planned", Modality::Planned),
    ("planning", Modality::Planned),
    ("possibly", Modality::Possible),
    ("likely", Modality::Possible),
    ("accused", Modality::Alleged),
    ("linked", Modality::Alleged),
];

/// Words that introduce a hypothetical or generic statement.
pub const HYPOTHETICAL: &[&str] = &[
    "would", "could", "might", "may", "if", "unless", "whether", "should",
];

/// Words that make an attack only planned or suspected (→ plot).
pub const PLOT_CUES: &[&str] = &[
    "planned",
    "planning",
    "plotting",
    "plotted",
    "plot",
    "plots",
    "conspiring",
    "conspired",
    "conspiracy",
    "foiled",
    "thwarted",
    "prevented",
    "intended",
    "intending",
];

/// Words marking a failed attempt.
pub const ATTEMPT_CUES: &[&str] = &[
    "attempt",
    "attempted",
    "attempts",
    "survived",
    "foiled",
    "thwarted",
    "failed",
    "narrowly",
    "unsuccessful",
];

/// Plural and singular nouns of those who carry out an attack ("suspected
/// militants", "the gunmen were members of …").
pub const DOER_NOUNS: &[&str] = &[
    "militants",
    "militant",
    "gunmen",
    "gunman",
    "fighters",
    "fighter",
    "rebels",
    "rebel",
    "insurgents",
    "insurgent",
    "members",
    "member",
    "attackers",
    "attacker",
    "assailants",
    "assailant",
    "killers",
    "killer",
    "bombers",
    "bomber",
    "kidnappers",
    "kidnapper",
    "abductors",
    "hijackers",
    "raiders",
    "perpetrators",
    "jihadists",
    "separatists",
    "guerrillas",
    "terrorists",
    "cadres",
    "cadre",
    "operatives",
    "extremists",
    "bandits",
];

/// Verbs whose `of`/`for` complement is an accusation, not a told event.
pub const ACCUSE_VERBS: &[&str] = &[
    "accused",
    "accuse",
    "accuses",
    "accusing",
    "charged",
    "convicted",
    "suspected",
    "suspect",
    "blamed",
    "indicted",
    "prosecuted",
    "sentenced",
    "jailed",
    "imprisoned",
    "guilty",
];

/// Words that open a time shift: the sentence does not continue the previous one's date.
pub const TIME_SHIFT: &[&str] = &[
    "recently",
    "later",
    "subsequently",
    "meanwhile",
    "previously",
    "earlier",
    "since",
    "today",
    "currently",
    "now",
];

/// Words of "now" ("currently", "today").
pub const NOW_WORDS: &[&str] = &[
    "currently",
    "now",
    "today",
    "presently",
    "at present",
    "still",
];

/// Words of the founding moment ("upon its formation").
pub const FORMATION_WORDS: &[&str] = &[
    "formation",
    "founding",
    "founded",
    "establishment",
    "established",
    "creation",
    "created",
    "inception",
    "beginning",
];

/// Death cues after a number ("two policemen were killed").
pub const DEATH_CUES: &[&str] = &[
    "killed",
    "dead",
    "died",
    "death",
    "deaths",
    "fatalities",
    "lives",
    "murdered",
    "slain",
    "executed",
];

/// Injury cues after a number ("three were wounded").
pub const INJURY_CUES: &[&str] = &[
    "wounded", "injured", "hurt", "injuries", "injuring", "wounding",
];

/// Number words and their values.
pub const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("dozen", 12),
    ("a", 1),
    ("an", 1),
    ("another", 1),
];

/// Words making a count approximate ("around 20").
pub const APPROX_WORDS: &[&str] = &[
    "around",
    "about",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "estimated",
    "up",
    "perhaps",
    "over",
    "than",
];

/// Words that may sit between a verb and its subject or object without
/// changing the structure (auxiliaries, adverbs, articles).
pub const SKIPPABLE: &[&str] = &[
    "the",
    "a",
    "an",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "being",
    "also",
    "still",
    "then",
    "later",
    "reportedly",
    "allegedly",
    "already",
    "since",
    "himself",
    "herself",
    "itself",
    "themselves",
    "not",
    "never",
    "first",
    "once",
    "jointly",
    "openly",
    "secretly",
    "directly",
    "indirectly",
    "both",
    "all",
    "its",
    "his",
    "her",
    "their",
    "former",
    "new",
    "own",
];

/// Determiners and quantifiers opening a noun phrase.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
    "some", "several", "many", "other", "such",
];

/// Definite determiners: a nominal trigger after one refers back to a told event.
pub const DEFINITE: &[&str] = &[
    "the", "this", "that", "his", "her", "its", "their", "these", "those",
];

/// One event trigger.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trigger {
    /// The event type.
    pub etype: EventType,
    /// Whether the word is a noun ("arrest", "crackdown") rather than a verb form.
    pub nominal: bool,
    /// How strongly the word alone signals the event.
    pub strength: f32,
}

const fn t(etype: EventType, nominal: bool, strength: f32) -> Trigger {
    Trigger {
        etype,
        nominal,
        strength,
    }
}

/// The event trigger a lowercase word is, if any.
pub fn event_trigger(word: &str) -> Option<Trigger> {
    use EventType::*;
    Some(match word {
        "attack" | "attacks" | "bombing" | "bombings" | "assassination" | "ambush" | "stabbing"
        | "shooting" | "murder" | "massacre" | "assault" | "explosion" | "blast" | "shelling"
        | "airstrike" | "airstrikes" | "ambushes" | "assassinations" | "murders" | "shootings"
        | "stabbings" | "massacres" | "firebombing" | "firebombings" => t(Attack, true, 0.8),
        "attacked" | "bombed" | "stabbed" | "assassinated" | "ambushed" | "shot" | "murdered"
        | "killed" | "targeted" | "assaulted" | "massacred" | "stormed" | "raided" | "executed"
        | "struck" | "exploded" | "detonated" | "triggered" | "bomb" | "assassinate"
        | "shelled" | "kidnapped" | "abducted" | "beheaded" | "overran" | "gunned" | "blew"
        | "opened" | "seized" | "hijacked" | "torched" | "destroyed" | "threw" | "hurled"
        | "lobbed" | "fired" | "hit" | "hacked" | "beaten" | "stoned" | "lynched" | "burned"
        | "burnt" | "landed" | "killing" | "firebombed" | "decapitated" => t(Attack, false, 0.75),
        "kidnapping" | "kidnappings" | "abduction" | "abductions" | "hijacking" | "hijackings"
        | "arson" => t(Attack, true, 0.75),
        "plot" | "plots" | "conspiracy" => t(Plot, true, 0.8),
        "plotted" | "plotting" | "conspiring" | "conspired" | "foiled" | "thwarted" => {
            t(Plot, false, 0.75)
        }
        "arrest" | "arrests" | "detention" | "capture" | "extradition" => t(Arrest, true, 0.8),
        "arrested" | "arresting" | "detained" | "detaining" | "captured" | "apprehended"
        | "extradited" | "handed" => t(Arrest, false, 0.85),
        "sentence" | "conviction" | "sentencing" => t(Sentence, true, 0.6),
        "sentenced" | "convicted" | "jailed" => t(Sentence, false, 0.85),
        "protest" | "protests" | "demonstration" | "demonstrations" | "riot" | "riots"
        | "rioting" | "backlash" | "protesters" | "demonstrators" | "unrest" => {
            t(Protest, true, 0.75)
        }
        "protested" | "rioted" | "demonstrated" => t(Protest, false, 0.7),
        "crackdown" | "crackdowns" | "repression" | "purge" | "raids" | "sweep" | "sweeps" => {
            t(Crackdown, true, 0.8)
        }
        "exercise" | "exercises" | "drill" | "drills" | "manoeuvre" | "manoeuvres" | "maneuver"
        | "maneuvers" | "wargame" | "wargames" => t(MilitaryExercise, true, 0.8),
        "war" | "clashes" | "battle" | "battles" | "hostilities" | "skirmishes" | "offensive"
        | "conflict" => t(ArmedConflict, true, 0.7),
        "clashed" | "fought" | "fighting" | "fight" => t(ArmedConflict, false, 0.6),
        "founded" | "co-founded" | "established" | "formed" | "created" | "proclaimed" | "set"
        | "launched" | "emerged" | "broke" | "splintered" | "form" => t(Founding, false, 0.85),
        "formation" | "founding" | "establishment" | "creation" => t(Founding, true, 0.7),
        "meeting" | "meetings" | "gathering" | "conference" | "summit" | "commemoration"
        | "visit" | "talks" | "ceremony" | "congress" => t(Meeting, true, 0.75),
        "met" | "attended" | "visited" | "commemorate" | "commemorated" | "gathered" | "hosted" => {
            t(Meeting, false, 0.8)
        }
        "deployed" | "dispatched" | "redeployed" | "sent" | "deploying" | "moved" | "ordered"
        | "rushed" => t(Deployment, false, 0.8),
        "deployment" | "deployments" => t(Deployment, true, 0.7),
        "trained" | "taught" | "teaching" | "instructed" => t(Training, false, 0.8),
        "training" => t(Training, true, 0.7),
        "said" | "declared" | "accused" | "complained" | "claimed" | "stated" | "announced"
        | "denounced" | "condemned" | "criticized" | "criticised" | "warned" | "vowed"
        | "praised" | "threatened" | "denied" | "demanded" | "urged" | "appealed"
        | "reiterated" | "pledged" | "promised" | "called" | "described" | "expressed"
        | "offered" | "designated" | "blacklisted" | "imposed" => t(Statement, false, 0.6),
        "declaration" | "statement" | "announcement" => t(Statement, true, 0.6),
        "clash" | "skirmish" | "firefight" | "firefights" | "gunfight" | "gunfights" | "wars" => {
            t(ArmedConflict, true, 0.7)
        }
        "battled" | "skirmished" => t(ArmedConflict, false, 0.6),
        "negotiations" | "negotiation" | "summits" | "conferences" | "ceremonies" => {
            t(Meeting, true, 0.75)
        }
        "negotiated" | "convened" => t(Meeting, false, 0.8),
        "warfare" | "invasion" | "rebellion" | "uprising" | "engagements" => {
            t(ArmedConflict, true, 0.7)
        }
        "invaded" => t(ArmedConflict, false, 0.6),
        "assembly" | "assemblies" | "convention" => t(Meeting, true, 0.75),
        "meet" | "briefed" => t(Meeting, false, 0.8),
        "elected" | "inaugurated" | "appointed" | "reelected" | "re-elected" | "assumed"
        | "took" | "sworn" | "named" | "became" | "succeeded" | "passed" | "promoted"
        | "replaced" | "chosen" | "selected" | "installed" | "calling" | "styled" => {
            t(Appointment, false, 0.85)
        }
        "inauguration" | "appointment" | "election" => t(Appointment, true, 0.7),
        _ => return None,
    })
}

/// Aircraft and guns that, as a subject, make "struck" an attack ("jets
/// struck a camp", "army helicopters struck …").
pub const STRIKING_CRAFT: &[&str] = &[
    "jet",
    "jets",
    "warplane",
    "warplanes",
    "aircraft",
    "helicopter",
    "helicopters",
    "gunship",
    "gunships",
    "bomber",
    "bombers",
    "artillery",
];

/// Nouns of a weapon that, as a subject, make "struck" / "exploded" an attack.
pub const WEAPON_NOUNS: &[&str] = &[
    "bomb",
    "bombs",
    "device",
    "devices",
    "explosive",
    "explosives",
    "ied",
    "ieds",
    "mine",
    "landmine",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "shell",
    "shells",
    "mortar",
    "round",
    "rounds",
    "grenade",
    "drone",
    "drones",
    "airstrike",
    "car-bomb",
    "vehicle",
    "truck",
];

/// Role nouns of a post inside an armed group or organization ("emir",
/// "bomb-maker"), beyond [`ROLE_NOUNS`].
pub const GROUP_ROLE_NOUNS: &[&str] = &[
    "emir",
    "amir",
    "commander",
    "leader",
    "chief",
    "head",
    "deputy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "financier",
    "treasurer",
    "bomb-maker",
    "bombmaker",
    "specialist",
    "officer",
    "ideologue",
    "recruiter",
    "strategist",
    "lieutenant",
    "trainer",
    "instructor",
    "propagandist",
    "envoy",
    "emissary",
    "founder",
    "co-founder",
    "director",
    "chairman",
    "secretary-general",
    "mufti",
    "qadi",
    "vice-mayor",
    "mayor",
    "governor",
];

/// Words of leadership that pass from one holder to the next ("leadership passed to N").
pub const LEADERSHIP_WORDS: &[&str] =
    &["leadership", "command", "control", "post", "helm", "mantle"];

/// Whether `w` (lowercase) is in `list`.
pub fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// The modality a lowercase word marks, if any.
pub fn modality_of(w: &str) -> Option<Modality> {
    MODALITY.iter().find(|(k, _)| *k == w).map(|(_, m)| *m)
}

/// The value of a number word or digit string ("fourteen", "14", "1,200").
pub fn number_value(w: &str) -> Option<u32> {
    let digits: String = w.chars().filter(|c| *c != ',').collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return digits.parse().ok();
    }
    if let Some((tens, ones)) = w.split_once('-') {
        // "twenty-one", "Forty-five"
        let tens = tens.to_lowercase();
        let ones = ones.to_lowercase();
        let t = NUMBER_WORDS
            .iter()
            .find(|(k, v)| *k == tens && (20..=90).contains(v) && v % 10 == 0)?;
        let o = NUMBER_WORDS
            .iter()
            .find(|(k, v)| *k == ones && (1..=9).contains(v) && !matches!(*k, "a" | "an"))?;
        return Some(t.1 + o.1);
    }
    NUMBER_WORDS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// Verbs that report what a sentence tells ("officials said on Monday"):
/// the dates crate's list, which anchors relative days on them.
pub use dossier_temporal::REPORTING_VERBS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_are_typed() {
        assert_eq!(event_trigger("arrested").unwrap().etype, EventType::Arrest);
        assert!(event_trigger("crackdown").unwrap().nominal);
        assert_eq!(
            event_trigger("inaugurated").unwrap().etype,
            EventType::Appointment
        );
        assert!(event_trigger("breakfast").is_none());
    }

    #[test]
    fn numbers_parse() {
        assert_eq!(number_value("fourteen"), Some(14));
        assert_eq!(number_value("1,200"), Some(1200));
        assert_eq!(number_value("14"), Some(14));
        assert_eq!(number_value("many"), None);
        assert_eq!(number_value("twenty-one"), Some(21));
        assert_eq!(number_value("forty-five"), Some(45));
        assert_eq!(number_value("passer-by"), None);
    }

    #[test]
    fn modality_words() {
        assert_eq!(modality_of("allegedly"), Some(Modality::Alleged));
        assert_eq!(modality_of("reportedly"), Some(Modality::Reported));
        assert_eq!(modality_of("founded"), None);
    }
}
