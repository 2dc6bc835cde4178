//! Claims: responsibility claimed, denied or blamed, and the attack a claim
//! attributes to its claimant.

use super::*;

/// "G claimed both attacks", "police attributed it to G": the claimant or
/// the one blamed is the agent of the attacks just told.
pub(super) fn claimed_agents(v: &SentView) -> Option<(Vec<usize>, usize)> {
    for k in 0..v.len() {
        let w = v.w(k);
        if w == "claimed" || w == "claims" {
            if (k.saturating_sub(3)..k)
                .any(|q| matches!(v.w(q), "never" | "not" | "denied" | "n't"))
            {
                continue;
            }
            let mut o = k + 1;
            if v.w(o) == "responsibility" && v.w(o + 1) == "for" {
                o += 2;
            }
            let n = match (v.w(o), v.w(o + 1)) {
                ("both", _) => 2,
                ("it", _)
                | (
                    "the",
                    "attack" | "bombing" | "killing" | "assassination" | "blast" | "ambush",
                ) => 1,
                _ => continue,
            };
            let mut agents: Vec<usize> = (0..k)
                .filter(|&q| v.units[q].is_type(crate::view::GROUPS))
                .collect();
            if let Some(sj) = v.subject_before(k, &is_actor) {
                agents.push(sj);
            }
            if !agents.is_empty() {
                return Some((agents, n));
            }
        }
        if w == "blamed" && !v.is_passive(k) {
            // "police blamed G for the bombing"
            if let Some(g) = v.np_head(k + 1, &is_actor) {
                let f = (g + 1..(g + 3).min(v.len())).find(|&q| v.w(q) == "for");
                let refers = f.is_some_and(|f| {
                    (f + 1..(f + 4).min(v.len())).any(|q| {
                        matches!(
                            v.w(q),
                            "it" | "attack"
                                | "attacks"
                                | "bombing"
                                | "bombings"
                                | "killing"
                                | "blast"
                                | "assassination"
                        )
                    })
                });
                if refers {
                    return Some((v.enumeration(g, &is_actor), 1));
                }
            }
        }
        if matches!(w, "attributed" | "blamed") {
            let Some(to) = (k + 1..(k + 5).min(v.len())).find(|&q| matches!(v.w(q), "to" | "on"))
            else {
                continue;
            };
            let refers = (k + 1..to).any(|q| {
                matches!(
                    v.w(q),
                    "it" | "attack" | "attacks" | "bombing" | "bombings" | "killing" | "blast"
                )
            });
            if let (true, Some(g)) = (refers, v.np_head(to + 1, &is_actor)) {
                return Some((v.enumeration(g, &is_actor), 1));
            }
        }
    }
    None
}

/// Nouns of an attack that a claim or a suspicion refers to.
pub(super) const ATTACK_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "killing",
    "killings",
    "assassination",
    "blast",
    "explosion",
    "ambush",
    "kidnapping",
    "abduction",
    "hijacking",
    "shooting",
    "raid",
    "massacre",
    "arson",
    "assault",
];

/// Who a sentence says is behind an attack told in it or just before, with
/// the modality: the claimant (`claimed`: "G claimed responsibility", "G had
/// claimed the kidnapping", "the hijackers said they belonged to G", "a
/// caller said G were responsible") or the one suspected (`suspected`: "G
/// fighters were suspected", "G was believed to be behind the abduction",
/// "officials blamed G", "the attack was ordered by G", "had not ruled out
/// the involvement of G", "the attackers shouted slogans of G", "threats
/// from G", "refused to pay protection money to G"). Denials and negated
/// claims ("no group claimed responsibility") give nothing.
pub fn responsibility(v: &SentView) -> Vec<(usize, Modality)> {
    let mut r = Responsibility { v, out: Vec::new() };
    for k in 0..v.len() {
        if v.units[k].is_ent() {
            continue;
        }
        let w = v.w(k);
        let _ = r.claimed_or_taken(k, w)
            || r.suspected_or_blamed(k, w)
            || r.ordered_or_linked(k, w)
            || r.accused_or_owned(k, w);
    }
    r.out
}

/// A group, or a name typed otherwise upstream that is no place ("the
/// Tallis Front claimed …" with the Front taken for a person).
fn is_group(u: &Unit) -> bool {
    u.is_ent()
        && !u.is_type(&[
            EntityType::Location,
            EntityType::Facility,
            EntityType::GroupIdentity,
            EntityType::Country,
        ])
        && !matches!(
            u.lower.as_str(),
            "he" | "she" | "him" | "her" | "his" | "they" | "them"
        )
}

/// A group or a country.
fn is_party(u: &Unit) -> bool {
    is_group(u) || u.is_type(&[EntityType::Country])
}

/// The reading of one sentence for `responsibility`: the groups found so
/// far, with their modality.
struct Responsibility<'a> {
    v: &'a SentView,
    out: Vec<(usize, Modality)>,
}

impl Responsibility<'_> {
    /// Whether a negation comes just before unit `k`.
    fn negated(&self, k: usize) -> bool {
        let v = self.v;
        (k.saturating_sub(3)..k).any(|q| {
            matches!(
                v.w(q),
                "no" | "not" | "never" | "n't" | "denied" | "denies" | "deny" | "nobody"
            )
        })
    }

    /// The group that is the subject of the clause ending at `k` (a group
    /// before a person: "the Front's spokesman N claimed …" → the Front).
    fn group_before(&self, k: usize) -> Option<usize> {
        let v = self.v;
        let clause: Vec<usize> = (k.saturating_sub(8)..k)
            .rev()
            .take_while(|&q| !matches!(v.w(q), "but" | ";" | "that" | "which" | "who" | "said"))
            .collect();
        let found = clause
            .iter()
            .copied()
            .find(|&q| v.units[q].is_type(crate::view::GROUPS))
            .or_else(|| clause.iter().copied().find(|&q| is_group(&v.units[q])));
        if found.is_some() {
            return found;
        }
        // "G, which has threatened officials for months, said …": the
        // subject before a relative clause or an apposition set off by commas
        // "G, a group opposed to the port, claimed …"
        if v.w(k.wrapping_sub(1)) != "," {
            return None;
        }
        let open = (k.saturating_sub(16)..k - 1)
            .rev()
            .take_while(|&q| !matches!(v.w(q), ";" | "." | "that" | "said"))
            .find(|&q| v.w(q) == ",")?;
        // "G (ACR), a militia …, claimed …": the name before its acronym
        let mut name = open.checked_sub(1)?;
        if v.w(name) == ")" {
            name = (name.saturating_sub(4)..name)
                .rev()
                .find(|&q| v.w(q) == "(")?
                .checked_sub(1)?;
        }
        matches!(v.w(open + 1), "which" | "who" | "a" | "an" | "the")
            .then_some(name)
            .filter(|&q| is_group(&v.units[q]))
    }

    /// The group that said it: "G said on its website that they were
    /// responsible", "G said in a message that its fighters had planted the bomb".
    fn speaker_before(&self, k: usize) -> Option<usize> {
        let v = self.v;
        let said = (k.saturating_sub(14)..k)
            .rev()
            .take_while(|&q| !matches!(v.w(q), ";" | "."))
            .find(|&q| matches!(v.w(q), "said" | "says" | "announced" | "stated"))?;
        self.group_before(said)
    }

    /// The groups (or countries) of the noun phrase at `k`, enumerated.
    fn group_after(&self, k: usize) -> Vec<usize> {
        let v = self.v;
        v.np_head(k, &is_party)
            .map(|h| v.enumeration(h, &is_party))
            .unwrap_or_default()
    }

    /// Adds group `g` with modality `m` unless it is found already.
    fn push(&mut self, g: usize, m: Modality) {
        if !self.out.iter().any(|x| x.0 == g) {
            self.out.push((g, m));
        }
    }

    /// Whether a belief or suspicion verb comes before unit `k`.
    fn cue_believe(&self, k: usize) -> bool {
        let v = self.v;
        (0..k).any(|q| {
            matches!(
                v.w(q),
                "believe"
                    | "believed"
                    | "believes"
                    | "suspect"
                    | "suspected"
                    | "suspects"
                    | "think"
            )
        })
    }

    /// Claims: "responsibility was claimed by G", "G took responsibility", "G was blamed for", "G claimed the attack".
    fn claimed_or_taken(&mut self, k: usize, w: &str) -> bool {
        let v = self.v;
        match w {
            // "responsibility was claimed by G"
            "claimed"
                if v.w(k + 1) == "by"
                    && v.is_passive(k)
                    && !self.negated(k)
                    && (k.saturating_sub(4)..k)
                        .any(|q| matches!(v.w(q), "responsibility" | "credit")) =>
            {
                for g in self.group_after(k + 2) {
                    self.push(g, Modality::Claimed);
                }
            }
            // "G took responsibility for the attack", "G accepted responsibility"
            "responsibility" | "credit"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "took"
                        | "takes"
                        | "taken"
                        | "accepted"
                        | "accepts"
                        | "assumed"
                        | "assumes"
                        | "admitted"
                        | "acknowledged"
                ) && !self.negated(k - 1) =>
            {
                if let Some(g) = self.group_before(k - 1) {
                    self.push(g, Modality::Claimed);
                }
            }
            // "G was blamed for the attack"
            "blamed"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "been" | "is" | "are"
                ) && v.w(k + 1) == "for"
                    && !self.negated(k.saturating_sub(1)) =>
            {
                if let Some(g) = self.group_before(k - 1) {
                    self.push(g, Modality::Suspected);
                }
            }
            "claimed" | "claims" | "claim" if !self.negated(k) => {
                let o = v.w(k + 1);
                let refers = o == "responsibility"
                    || o == "credit"
                    || o == "it"
                    || o == "both"
                    || is_in(ATTACK_NOUNS, o)
                    || (matches!(o, "the" | "a" | "that" | "this")
                        && is_in(ATTACK_NOUNS, v.w(k + 2)));
                if refers {
                    if let Some(g) = self.group_before(k) {
                        self.push(g, Modality::Claimed);
                    }
                }
            }
            _ => return false,
        }
        true
    }

    /// Suspicions: "G fighters were suspected", "officials said they suspected G", "G was believed to be behind", "police blamed G".
    fn suspected_or_blamed(&mut self, k: usize, w: &str) -> bool {
        let v = self.v;
        match w {
            // "G fighters were suspected", "… but G was suspected (of …)"
            "suspected"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "is" | "are" | "been"
                ) && !self.negated(k.saturating_sub(1)) =>
            {
                if let Some(g) = self.group_before(k) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "officials said they suspected G"
            "suspected" | "suspect" | "suspects"
                if !matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "is" | "are" | "been"
                ) && !self.negated(k)
                    && (k.saturating_sub(3)..k).any(|q| {
                        matches!(
                            v.w(q),
                            "they" | "we" | "police" | "officials" | "authorities"
                        ) || v.units[q].is_ent()
                    }) =>
            {
                for g in self.group_after(k + 1) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "G was believed to be behind", "G is thought to have carried out"
            "believed" | "thought" | "suspected" | "alleged" | "understood"
                if v.w(k + 1) == "to"
                    && matches!(v.w(k + 2), "be" | "have")
                    && !self.negated(k) =>
            {
                if let Some(g) = self.group_before(k) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "police blamed G", "the attack was blamed on G"
            // (a denial that blames another still blames it)
            "blamed" | "blames" | "blame"
                if !(k.saturating_sub(2)..k).any(|q| matches!(v.w(q), "not" | "never" | "n't")) =>
            {
                let from = if v.w(k + 1) == "on" { k + 2 } else { k + 1 };
                let mut gs = self.group_after(from);
                if gs.is_empty() {
                    // "blamed militia fighters known locally as G"
                    gs.extend(
                        (from..(from + 10).min(v.len()))
                            .take_while(|&q| {
                                !matches!(v.w(q), ";" | "." | "but" | "which" | "who" | "for")
                            })
                            .find(|&q| is_group(&v.units[q])),
                    );
                }
                for g in gs {
                    self.push(g, Modality::Suspected);
                }
            }
            _ => return false,
        }
        true
    }

    /// Links: "the attack was ordered by G", "the involvement of G", "the hallmarks of G", "the gunmen were members of G", "slogans of G", "G was behind the attack".
    fn ordered_or_linked(&mut self, k: usize, w: &str) -> bool {
        let v = self.v;
        match w {
            // "the attack was ordered by G"
            "ordered" | "orchestrated" | "masterminded" | "organized" | "organised" | "carried"
                if v.is_passive(k)
                    && !self.negated(k)
                    && (k.saturating_sub(4)..k).any(|q| is_in(ATTACK_NOUNS, v.w(q))) =>
            {
                if let Some(b) = (k + 1..(k + 4).min(v.len())).find(|&q| v.w(q) == "by") {
                    let m = if self.cue_believe(k) {
                        Modality::Suspected
                    } else {
                        Modality::Claimed
                    };
                    for g in self.group_after(b + 1) {
                        self.push(g, m);
                    }
                }
            }
            // "had not ruled out the involvement of G" (not "denied involvement")
            "involvement"
                if v.w(k + 1) == "of"
                    && !v.any_in(&["denied", "denies", "no"], k.saturating_sub(3), k) =>
            {
                for g in self.group_after(k + 2) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "police were examining possible links to G", "suspected ties
            // with G" (not "found no links to G", "denied links to G")
            "links" | "ties" | "connections"
                if matches!(v.w(k + 1), "to" | "with")
                    && !v.any_in(
                        &["denied", "denies", "no", "not", "without"],
                        k.saturating_sub(4),
                        k,
                    ) =>
            {
                for g in self.group_after(k + 2) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "the attack bore the hallmarks of G"
            "hallmarks" | "hallmark" | "signature" | "trademark"
                if v.w(k + 1) == "of" && !self.negated(k.saturating_sub(1)) =>
            {
                for g in self.group_after(k + 2) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "the gunmen were members of G", "the attackers were fighters of G"
            "members" | "member" | "fighters" | "militants" | "loyalists" | "supporters"
                if v.w(k + 1) == "of"
                    && matches!(v.w(k.wrapping_sub(1)), "were" | "was")
                    && !self.negated(k.saturating_sub(1))
                    && (k.saturating_sub(4)..k.saturating_sub(1)).any(|q| {
                        is_in(lexicon::DOER_NOUNS, v.w(q))
                            && !matches!(v.w(q), "members" | "member" | "fighters" | "fighter")
                    }) =>
            {
                for g in self.group_after(k + 2) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "the attackers shouted slogans of G", "threats from G"
            "slogans" | "threats" if matches!(v.w(k + 1), "of" | "from") => {
                for g in self.group_after(k + 2) {
                    self.push(g, Modality::Suspected);
                }
            }
            // "G was behind the attack", "G said it was behind the bombing"
            "behind"
                if matches!(
                    v.w(k.wrapping_sub(1)),
                    "was" | "were" | "is" | "are" | "be" | "been"
                ) && !self.negated(k.saturating_sub(1))
                    && (k + 1..(k + 4).min(v.len())).any(|q| {
                        is_in(ATTACK_NOUNS, v.w(q)) || matches!(v.w(q), "it" | "this" | "incident")
                    }) =>
            {
                let m = if (0..k).any(|q| matches!(v.w(q), "said" | "says" | "announced"))
                    && (k.saturating_sub(4)..k).any(|q| matches!(v.w(q), "it" | "they"))
                {
                    Modality::Claimed
                } else {
                    Modality::Suspected
                };
                if let Some(g) = self.group_before(k) {
                    self.push(g, m);
                } else if let Some(g) = (0..k).find(|&q| is_group(&v.units[q])) {
                    // "G said it was behind …"
                    self.push(g, m);
                }
            }
            _ => return false,
        }
        true
    }

    /// Accusations and owned deeds: "accused G of …", "held G responsible", "G said its fighters carried out the raid", "they belonged to G", "G were responsible", "the work of G", "refused to pay … to G".
    fn accused_or_owned(&mut self, k: usize, w: &str) -> bool {
        let v = self.v;
        match w {
            // "officials accused G of carrying out the attack", "held G responsible"
            "accused" | "accuses" | "held" | "holds"
                if !(k.saturating_sub(2)..k).any(|q| matches!(v.w(q), "not" | "never" | "n't")) =>
            {
                let gs = self.group_after(k + 1);
                let Some(&last) = gs.last() else { return true };
                let tail = last + 1..(last + 6).min(v.len());
                // "community leaders accused the G militia, which …": an
                // accusation with no complement is of the attack told
                let end = if is_in(lexicon::GROUP_NOUNS, v.w(last + 1)) {
                    last + 2
                } else {
                    last + 1
                };
                let bare = matches!(w, "accused" | "accuses")
                    && matches!(v.w(end), "," | "." | ";" | "which" | "who" | "")
                    && gs
                        .iter()
                        .all(|&g| v.units[g].is_type(&[EntityType::ArmedGroup]));
                let about = if matches!(w, "held" | "holds") {
                    tail.clone().any(|q| v.w(q) == "responsible")
                } else if bare {
                    true
                } else {
                    tail.clone().any(|q| matches!(v.w(q), "of" | "for"))
                        && tail.clone().any(|q| {
                            is_in(ATTACK_NOUNS, v.w(q))
                                || matches!(
                                    v.w(q),
                                    "carrying"
                                        | "attacking"
                                        | "killing"
                                        | "bombing"
                                        | "it"
                                        | "being"
                                        | "involvement"
                                        | "firing"
                                        | "shooting"
                                        | "planting"
                                        | "launching"
                                        | "detonating"
                                        | "staging"
                                        | "murdering"
                                        | "kidnapping"
                                        | "abducting"
                                        | "ambushing"
                                        | "shelling"
                                        | "orchestrating"
                                        | "masterminding"
                                )
                        })
                };
                if about {
                    for g in gs {
                        self.push(g, Modality::Suspected);
                    }
                }
            }
            // "G said its fighters carried out the raid", "G said it had staged
            // the attack": the speaker claims it
            "carried" | "conducted" | "staged" | "launched" | "executed" | "planted"
            | "detonated" | "placed"
                if !v.is_passive(k)
                    && !self.negated(k)
                    && (w != "carried" || v.w(k + 1) == "out")
                    && (k + 1..(k + 5).min(v.len())).any(|q| {
                        is_in(ATTACK_NOUNS, v.w(q))
                            || (matches!(w, "planted" | "detonated" | "placed")
                                && is_in(lexicon::WEAPON_NOUNS, v.w(q)))
                    })
                    && (k.saturating_sub(4)..k).any(|q| {
                        matches!(v.w(q), "it" | "its" | "they" | "their" | "we" | "our")
                    }) =>
            {
                if let Some(g) = self.speaker_before(k) {
                    self.push(g, Modality::Claimed);
                }
            }
            // "the hijackers said they belonged to G"
            "belonged" | "belong" if v.w(k + 1) == "to" && !self.negated(k) => {
                for g in self.group_after(k + 2) {
                    self.push(g, Modality::Claimed);
                }
            }
            // "a caller said G were responsible"
            "responsible"
                if matches!(v.w(k.wrapping_sub(1)), "was" | "were" | "is" | "are")
                    && !self.negated(k.saturating_sub(1)) =>
            {
                if let Some(g) = self.group_before(k.saturating_sub(1)) {
                    self.push(g, Modality::Claimed);
                } else if matches!(v.w(k.wrapping_sub(2)), "it" | "they" | "we") {
                    // "G said on its website that they were responsible"
                    if let Some(g) = self.speaker_before(k) {
                        self.push(g, Modality::Claimed);
                    }
                }
            }
            // "officials said it was the group's work", "the bombing was
            // the work of G"
            "work"
                if (k.saturating_sub(5)..k)
                    .any(|q| matches!(v.w(q), "was" | "were" | "is" | "be"))
                    && !self.negated(k.saturating_sub(4))
                    && !self.negated(k) =>
            {
                if v.w(k + 1) == "of" {
                    for g in self.group_after(k + 2) {
                        self.push(g, Modality::Suspected);
                    }
                } else if matches!(v.w(k.wrapping_sub(1)), "'s" | "\u{2019}s" | "'") {
                    let owner = k.wrapping_sub(2);
                    if v.units.get(owner).is_some_and(is_group) {
                        self.push(owner, Modality::Suspected);
                    } else if is_in(GROUP_DESCRIPTIONS, v.w(owner)) {
                        // "the group's work": the group named before in the sentence
                        if let Some(g) = (0..owner)
                            .rev()
                            .find(|&q| v.units[q].is_type(crate::view::GROUPS))
                        {
                            self.push(g, Modality::Suspected);
                        }
                    }
                }
            }
            // "had refused to pay protection money to G": extortion
            "pay"
                if v.w(k.wrapping_sub(1)) == "to"
                    && matches!(v.w(k.wrapping_sub(2)), "refused" | "declined") =>
            {
                if let Some(g) = (k + 1..(k + 14).min(v.len()))
                    .take_while(|&q| !matches!(v.w(q), ";" | "."))
                    .find(|&q| is_group(&v.units[q]))
                {
                    self.push(g, Modality::Suspected);
                }
            }
            _ => return false,
        }
        true
    }
}

/// Nouns a text refers back to a group with ("the group's work").
const GROUP_DESCRIPTIONS: &[&str] = &[
    "group",
    "organization",
    "organisation",
    "movement",
    "militia",
    "front",
    "faction",
    "cell",
    "rebels",
    "militants",
];

/// Nouns of the one who carried out an attack.
const PERPETRATOR_NOUNS: &[&str] = &[
    "attacker",
    "gunman",
    "assailant",
    "bomber",
    "shooter",
    "killer",
    "hijacker",
    "kidnapper",
    "perpetrator",
    "assassin",
];

/// The people a sentence names as the one who carried out an attack:
/// "police named the attacker as N", "identified the gunman as N", "the
/// bomber was identified as N", "the gunman, identified by police as N,",
/// "the bomber, N, …". A victim identified as N is no perpetrator.
pub fn named_perpetrators(v: &SentView) -> Vec<usize> {
    let person = |k: usize| {
        v.units
            .get(k)
            .is_some_and(|u| u.is_ent() && u.is_type(&[EntityType::Person]))
    };
    // "gunman", "gunmen" → "gunman"
    let doer = |q: usize| {
        let w = v.w(q);
        let sing = w.strip_suffix("men").map(|x| format!("{x}man"));
        let sing = sing.as_deref().unwrap_or_else(|| w.trim_end_matches('s'));
        is_in(PERPETRATOR_NOUNS, sing)
    };
    let mut out = Vec::new();
    for k in 0..v.len() {
        // "the bomber, N, had links to …", "The attacker, a 24-year-old man
        // named N, was shot dead": a name apposed to the definite doer
        if doer(k) && v.w(k.wrapping_sub(1)) == "the" && v.w(k + 1) == "," {
            if let Some(p) = (k + 2..(k + 9).min(v.len()))
                .take_while(|&q| !matches!(v.w(q), "," | ";" | "." | "who" | "which"))
                .find(|&q| person(q))
            {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            continue;
        }
        if !matches!(v.w(k), "named" | "identified") {
            continue;
        }
        let Some(at) = (k + 1..(k + 7).min(v.len()))
            .take_while(|&q| !matches!(v.w(q), "," | ";" | "." | "that"))
            .find(|&q| v.w(q) == "as")
        else {
            continue;
        };
        // the doer named: the object between the verb and "as", or the
        // subject (of a passive, or the noun a participle describes)
        let object = (k + 1..at).any(doer);
        let subject = (k.saturating_sub(5)..k)
            .rev()
            .take_while(|&q| !matches!(v.w(q), ";" | "." | "but" | "and"))
            .any(doer);
        let negated = (k.saturating_sub(3)..k).any(|q| matches!(v.w(q), "not" | "never"));
        if !(object || subject) || negated {
            continue;
        }
        if let Some(p) = (at + 1..(at + 4).min(v.len()))
            .take_while(|&q| !matches!(v.w(q), "," | ";" | "."))
            .find(|&q| person(q))
        {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Gives the attack a claim or suspicion of sentence `s` is about (told in
/// it or in the four before, still without a stated perpetrator; a
/// day-dated one before a vaguely dated one, then the latest) its
/// claimant or suspect as agent. A suspicion lowers the event's confidence
/// and marks its modality `suspected`; a claim marks it `claimed`.
/// `window`: the indices of `done` a look-back may concern ([`Recent`]);
/// returns the event given an agent.
pub(super) fn attribute(
    done: &mut [Draft],
    window: &[usize],
    v: &SentView,
    s: usize,
) -> Option<usize> {
    // the claimants and suspects, and the people named as the attacker
    // (stated: no modality)
    let mut resp: Vec<(usize, Option<Modality>)> = responsibility(v)
        .into_iter()
        .map(|(u, m)| (u, Some(m)))
        .collect();
    for p in named_perpetrators(v) {
        if !resp.iter().any(|x| x.0 == p) {
            resp.push((p, None));
        }
    }
    if resp.is_empty() {
        return None;
    }
    let precision = |d: &Draft| d.date.as_ref().map_or(0, written_precision);
    let pick = window
        .iter()
        .copied()
        .filter(|&k| {
            let e = &done[k];
            e.etype == EventType::Attack
                && e.sentence <= s
                && s.saturating_sub(*e.sentences.last().unwrap_or(&0)) <= 4
                && resp.iter().any(|&(u, m)| {
                    // (one named as the attacker may be a target to correct)
                    v.units[u].ent.get().is_some_and(|g| {
                        !e.parts
                            .iter()
                            .any(|p| p.entity == g && (m.is_some() || p.role != Role::Target))
                    })
                })
        })
        .max_by_key(|&k| {
            let agentless = done[k].entities(&[Role::Agent]).is_empty();
            (agentless, precision(&done[k]), k)
        });
    // an attack told in this sentence before its claimant is the one claimed
    let here = window.iter().rev().copied().find(|&k| {
        let e = &done[k];
        e.etype == EventType::Attack && e.sentence == s && resp.iter().any(|&(u, _)| e.at < u)
    });
    let pick = here.or(pick);
    let k = pick?;
    let d = &mut done[k];
    let mut added = false;
    for &(u, m) in &resp {
        let Some(g) = v.units[u].ent.get() else {
            continue;
        };
        if let Some(p) = d.parts.iter_mut().find(|p| p.entity == g) {
            // the one named as the attacker is no target, even when his
            // own death was read as part of the attack ("The attacker, N,
            // was shot dead by police.")
            if m.is_none() && p.role == Role::Target {
                p.role = Role::Agent;
                added = true;
            }
            continue;
        }
        d.parts.insert(
            0,
            Participant {
                role: Role::Agent,
                entity: g,
            },
        );
        added = true;
        let Some(m) = m else { continue };
        if m == Modality::Suspected && d.modality != Some(Modality::Suspected) {
            d.confidence *= 0.8;
            d.modality = Some(m);
        } else if d.modality.is_none() {
            d.modality = Some(m);
        }
    }
    if added && !d.sentences.contains(&s) {
        d.sentences.push(s);
    }
    Some(k)
}
