//! Casualties: deaths and injuries counted in a sentence (numbers and number
//! words, phrased deaths, tolls, "no casualties").

use super::*;
use std::sync::OnceLock;

/// The casualty phrasing of `patterns/events-casualties.toml` (see that file).
#[derive(Debug, Default, serde::Deserialize)]
pub struct CasualtyWords {
    /// Intransitive verbs whose subject list dies ("perished").
    pub die_verbs: Vec<String>,
    /// Adverbs that make a wound fatal ("mortally").
    pub fatal_adverbs: Vec<String>,
    /// Verbs of wounding such an adverb makes a killing.
    pub fatal_wound_verbs: Vec<String>,
    /// Nouns of death whose "of" phrase counts the dead ("the deaths of").
    pub death_nouns_of: Vec<String>,
    /// Participles before "dead" that make the subject dead ("found dead").
    pub found_dead: Vec<String>,
    /// Words that, up to three before a death noun, make its dead another
    /// time's ("to avenge the death of its leader").
    pub not_toll_before: Vec<String>,
}

/// The built-in casualty phrasing file.
pub const BUILTIN_CASUALTY_WORDS: &str = include_str!("../../patterns/events-casualties.toml");

impl CasualtyWords {
    /// Reads a casualty phrasing file.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }
    fn has(list: &[String], w: &str) -> bool {
        list.iter().any(|x| x == w)
    }
    /// Whether `w` is an intransitive verb of dying.
    pub fn dies(&self, w: &str) -> bool {
        Self::has(&self.die_verbs, w)
    }
    /// Whether the wound verb at `k` is made fatal by the adverb before it
    /// ("mortally wounding", "was fatally shot").
    pub fn fatal_wound(&self, v: &SentView, k: usize) -> bool {
        Self::has(&self.fatal_wound_verbs, v.w(k))
            && Self::has(&self.fatal_adverbs, v.w(k.wrapping_sub(1)))
    }
    /// Whether the unit at `k` is a death noun followed by "of" that
    /// tells this sentence's dead (not "to avenge the death of …").
    pub fn death_noun_of(&self, v: &SentView, k: usize) -> bool {
        Self::has(&self.death_nouns_of, v.w(k))
            && v.w(k + 1) == "of"
            && !(k.saturating_sub(3)..k).any(|q| Self::has(&self.not_toll_before, v.w(q)))
    }
    /// Whether "dead" at `k` follows a participle of finding ("found dead").
    pub fn found_dead(&self, v: &SentView, k: usize) -> bool {
        v.w(k) == "dead" && Self::has(&self.found_dead, v.w(k.wrapping_sub(1)))
    }
}

/// The built-in casualty phrasing, read once (an unreadable built-in file,
/// which a test rules out, gives empty lists rather than a panic).
pub fn casualty_words() -> &'static CasualtyWords {
    static WORDS: OnceLock<CasualtyWords> = OnceLock::new();
    WORDS.get_or_init(|| CasualtyWords::parse(BUILTIN_CASUALTY_WORDS).unwrap_or_default())
}

/// Nouns of an attack's own doers (not fighters in general, whom an
/// attack by troops may kill).
pub(super) const ATTACK_DOERS: &[&str] = &[
    "attacker",
    "attackers",
    "gunman",
    "gunmen",
    "assailant",
    "assailants",
    "bomber",
    "bombers",
    "hijacker",
    "hijackers",
    "kidnapper",
    "kidnappers",
    "perpetrator",
    "perpetrators",
];

/// Whether `w` names attackers, whose dead are not an attack's
/// fatalities: an attack's own doers, or militants and insurgents.
pub(super) fn is_attacker_noun(w: &str) -> bool {
    is_in(ATTACK_DOERS, w) || matches!(w, "militants" | "insurgents")
}

/// Adverbs that may stand between a passive's auxiliary and its participle
/// ("were also killed", "was later shot dead").
const PASSIVE_ADVERBS: &[&str] = &[
    "also",
    "later",
    "reportedly",
    "allegedly",
    "subsequently",
    "all",
    "both",
    "instantly",
    "immediately",
    "eventually",
];

/// Words that end the noun phrase of a counted item.
pub(super) const ITEM_END: &[&str] = &[
    "and",
    ",",
    ";",
    ".",
    "in",
    "at",
    "on",
    "near",
    "outside",
    "inside",
    "when",
    "while",
    "as",
    "who",
    "which",
    "that",
    "including",
    "were",
    "was",
    "had",
    "have",
    "has",
    "died",
    "lost",
    "wounding",
    "injuring",
    "by",
    "during",
    "after",
    "before",
    "from",
    "with",
    "–",
    "—",
    "(",
    ")",
];

/// Whether `w` ends the noun phrase of a counted item: a word of
/// `ITEM_END` or a verb of dying ("Two guards and a cook perished").
pub(super) fn ends_item(w: &str) -> bool {
    is_in(ITEM_END, w) || casualty_words().dies(w)
}

/// How many people a list names or counts, starting at unit `from`, and the
/// unit after it: "two guards and a passer-by" → 3, "him and his three
/// brothers" → 4, "a farmers' leader, N, and his three brothers" → 4, "a
/// woman and her two children" → 3; attackers in the list of an attack are
/// left out ("three guards and seven attackers" → 3), but not "N other
/// militants" after a victim, nor, in the object of a killing (`object`),
/// fighters it killed ("troops raided the camp, killing 14 militants").
/// Numbers inside `dates` are not counts. `used` collects the units of the
/// numbers read.
pub(super) fn count_people(
    v: &SentView,
    from: usize,
    attack: bool,
    object: bool,
    dates: &[(usize, usize)],
    used: &mut Vec<usize>,
) -> Option<(u32, usize)> {
    let c = Counter {
        v,
        attack,
        object,
        dates,
    };
    let mut j = from;
    let mut total = 0;
    let mut any = false;
    let mut nums = Vec::new();
    loop {
        let definite = v.w(j) == "the";
        j = c.item_start(j);
        let Some(item) = c.item_value(j, definite, &mut nums) else {
            break;
        };
        let (h, attacker) = c.item_head(j, &item);
        if !(attack && attacker) {
            total += item.n;
        }
        any = true;
        let described;
        (j, described) = c.skip_appositions(h, item.named, &mut total, &mut nums);
        // "him along with three of his bodyguards", "the mayor together
        // with his driver", "two guards as well as a cook"
        if described {
            break;
        }
        match c.next_item(j) {
            Some(next) => j = next,
            None => break,
        }
    }
    used.extend(nums);
    any.then_some((total, j))
}

/// The reading of one list of people for `count_people`.
struct Counter<'a> {
    v: &'a SentView,
    /// Whether the list is of an attack's victims (its attackers are left out).
    attack: bool,
    /// Whether the list is the object of a killing.
    object: bool,
    /// Spans of dates, whose numbers are no counts.
    dates: &'a [(usize, usize)],
}

/// One item of a list: how many people it counts, where its head starts,
/// and whether it names a person.
struct Item {
    n: u32,
    head_from: usize,
    named: bool,
}

impl Counter<'_> {
    fn in_date(&self, k: usize) -> bool {
        self.v
            .units
            .get(k)
            .is_some_and(|u| self.dates.iter().any(|&(a, b)| a <= u.start && u.end <= b))
    }

    /// The number written at `k` (not an article, nor a date's).
    fn number(&self, k: usize) -> Option<u32> {
        if self.in_date(k) || matches!(self.v.w(k), "a" | "an" | "another") {
            return None;
        }
        lexicon::number_value(self.v.w(k))
    }

    /// Whether unit `k` names a person.
    fn person_ent(&self, k: usize) -> bool {
        self.v
            .units
            .get(k)
            .is_some_and(|x| x.is_ent() && x.is_type(&[EntityType::Person]))
    }

    /// Where the item at `j` starts after "the" and count modifiers; a
    /// title before a name ("killed district governor N and two of her
    /// bodyguards") starts at the named person.
    fn item_start(&self, mut j: usize) -> usize {
        let v = self.v;
        while v.w(j) == "the" || COUNT_MODIFIERS.contains(&v.w(j)) {
            j += 1;
        }
        if !self.person_ent(j) {
            if let Some(k) = (j + 1..(j + 4).min(v.len())).find(|&k| self.person_ent(k)) {
                // "G commander N": a group's or a state body's name may
                // stand in the title
                let title = (j..k).all(|q| {
                    let t = &v.units[q].text;
                    let body = v.units[q].is_type(&[
                        EntityType::ArmedGroup,
                        EntityType::Organization,
                        EntityType::Country,
                    ]) && q < k - 1;
                    // a capitalized title or rank ("Colonel", "Army Sergeant")
                    let rank = !v.units[q].is_ent()
                        && t.chars().next().is_some_and(char::is_uppercase)
                        && {
                            let g = dossier_entities::Gazetteer::global();
                            g.is_title(&v.units[q].lower)
                                || g.is_honorific(&v.units[q].lower)
                                || is_in(lexicon::STATE_ORGANS, &v.units[q].lower)
                        };
                    (body || !v.units[q].is_ent())
                        && (body || rank || t.chars().all(|c| c.is_lowercase() || c == '-'))
                        && !ends_item(v.w(q))
                        && !matches!(v.w(q), "of" | "for" | "by" | "with" | "to" | "from")
                });
                if title {
                    j = k;
                }
            }
        }
        j
    }

    /// How many people the item at `j` counts: a name or "him" (one), a
    /// possessive with or without a number ("his three brothers", "her
    /// son"), an article ("a guard"; "a dozen"), a number, a definite
    /// singular ("the camp manager"); none ends the list. The units of the
    /// numbers read go to `nums`.
    fn item_value(&self, j: usize, definite: bool, nums: &mut Vec<usize>) -> Option<Item> {
        let v = self.v;
        let w = v.w(j);
        let mut head_from = j + 1;
        let mut named = false;
        let possessive = matches!(w, "his" | "their" | "its")
            || (w == "her" && !ends_item(v.w(j + 1)) && !v.w(j + 1).is_empty());
        let val = if matches!(w, "them" | "they" | "those") {
            None
        } else if !possessive
            && (self.person_ent(j) || matches!(w, "him" | "her" | "himself" | "herself"))
        {
            named = self.person_ent(j) && !matches!(w, "him" | "her" | "himself" | "herself");
            Some(1)
        } else if possessive {
            if let Some(n) = self.number(j + 1) {
                nums.push(j + 1);
                head_from = j + 2;
                Some(n)
            } else {
                let n = v.w(j + 1);
                (n.len() > 2 && !n.ends_with('s') && !ends_item(n)).then_some(1)
            }
        } else if matches!(w, "a" | "an" | "one" | "another") {
            let n = match v.w(j + 1) {
                "dozen" => {
                    head_from = j + 2;
                    Some(12)
                }
                "number" | "total" | "group" | "few" | "handful" | "lot" | "series" | "further"
                | "" => None,
                n if ends_item(n) => None,
                _ => Some(1),
            };
            // the article counted here is no count of its own later
            // ("killing an officer" is one dead, not two)
            if n.is_some() {
                nums.push(j);
            }
            n
        } else if let Some(n) = self.number(j) {
            nums.push(j);
            Some(n)
        } else if definite && !v.units[j].is_ent() {
            // "the camp manager": one person; "the guards": not counted;
            // "the bomber": its head is read for attackers below
            head_from = j;
            let end = (j..(j + 4).min(v.len()))
                .find(|&q| ends_item(v.w(q)) || v.units[q].is_ent())
                .unwrap_or((j + 4).min(v.len()));
            let head = v.w(end.wrapping_sub(1));
            (end > j && !head.ends_with('s') && head.chars().all(|c| c.is_alphabetic() || c == '-'))
                .then_some(1)
        } else {
            None
        };
        val.map(|n| Item {
            n,
            head_from,
            named,
        })
    }

    /// The end of the item's head and whether it names attackers ("seven
    /// attackers"; not "N other militants", nor, in the object of a
    /// killing, fighters it killed).
    fn item_head(&self, j: usize, item: &Item) -> (usize, bool) {
        let v = self.v;
        let w = v.w(j);
        let mut h = item.head_from;
        let mut attacker = false;
        if !item.named && !matches!(w, "him" | "her" | "himself" | "herself") {
            let mut other = false;
            // the head's "of" phrase may name what they belong to ("four
            // staff members of the Red Cross and their driver"); not a
            // single person's ("the chief of Varnek, a village in …")
            let mut of = false;
            let counted = item.n > 1;
            while h < v.len()
                && h < item.head_from + if of { 7 } else { 4 }
                && !ends_item(v.w(h))
                && (!v.units[h].is_ent() || of)
            {
                other |= v.w(h) == "other";
                of |= counted && v.w(h) == "of";
                attacker |= is_attacker_noun(v.w(h))
                    && !(self.object && matches!(v.w(h), "militants" | "insurgents"));
                h += 1;
            }
            attacker &= !other;
        }
        (h, attacker)
    }

    /// Skips an apposition naming, aging or describing the last item
    /// from `j`, and a part of the list set off by commas ("At least 12
    /// people, including two assailants, were killed": attackers among
    /// them are no victims of an attack); whether the item is a described
    /// name ("shot dead N, a peasant leader who had …"), not a list.
    fn skip_appositions(
        &self,
        mut j: usize,
        named: bool,
        total: &mut u32,
        nums: &mut Vec<usize>,
    ) -> (usize, bool) {
        let v = self.v;
        let mut described = false;
        loop {
            if v.w(j) == ","
                && (self.person_ent(j + 1) || self.number(j + 1).is_some())
                && v.w(j + 2) == ","
            {
                j += 2;
                continue;
            }
            // "a policeman (N) and a girl (N)": a name in parentheses
            // describes the item, no person of its own
            if v.w(j) == "(" {
                if let Some(c) = (j + 1..(j + 10).min(v.len())).find(|&q| v.w(q) == ")") {
                    if (j + 1..c).any(|q| self.person_ent(q)) {
                        j = c + 1;
                        continue;
                    }
                }
            }
            if v.w(j) == "," && is_in(SUBSET_CUES, v.w(j + 1)) {
                let mut sub = Vec::new();
                if let Some((n, end)) =
                    count_people(v, j + 2, false, self.object, self.dates, &mut sub)
                {
                    if v.w(end) == "," {
                        let doers = (j + 2..end).any(|q| is_in(ATTACK_DOERS, v.w(q)));
                        if self.attack && doers {
                            *total = total.saturating_sub(n);
                        }
                        nums.extend(sub);
                        j = end;
                        continue;
                    }
                }
            }
            if named && v.w(j) == "," && matches!(v.w(j + 1), "a" | "an" | "the") {
                if let Some(c) = (j + 2..(j + 8).min(v.len())).find(|&q| v.w(q) == ",") {
                    j = c;
                    continue;
                }
                if (j + 2..(j + 8).min(v.len())).any(|q| matches!(v.w(q), "who" | "whose")) {
                    described = true;
                }
            }
            break;
        }
        (j, described)
    }

    /// Where the next item of the list starts after `j` ("and", ",",
    /// "along with", "together with", "as well as"), if it starts like
    /// one; "Six soldiers and the bomber were killed": the attacker ends
    /// the list, uncounted in an attack.
    fn next_item(&self, j: usize) -> Option<usize> {
        let v = self.v;
        // (", together with four of his bodyguards" too)
        let c = usize::from(v.w(j) == "," && matches!(v.w(j + 1), "along" | "together" | "as"));
        let joined = match (v.w(j + c), v.w(j + c + 1), v.w(j + c + 2)) {
            ("along" | "together", "with", _) => Some(j + c + 2),
            ("as", "well", "as") => Some(j + c + 3),
            _ => None,
        };
        if !(joined.is_some() || matches!(v.w(j), "and" | ",")) {
            return None;
        }
        let next = if let Some(n) = joined {
            n
        } else if v.w(j) == "," && v.w(j + 1) == "and" {
            j + 2
        } else {
            j + 1
        };
        let the_doer = v.w(next) == "the"
            && (is_attacker_noun(v.w(next + 1))
                || (v.w(next + 1) == "suicide" && is_attacker_noun(v.w(next + 2))));
        let starts = self.person_ent(next)
            || matches!(
                v.w(next),
                "a" | "an" | "one" | "another" | "him" | "her" | "his" | "their"
            )
            || the_doer
            || self.number(next).is_some();
        starts.then_some(next)
    }
}

/// The dead a sentence counts through its phrasing: the object list of
/// "killed"/"killing"/"shot dead" ("shot and killed a shopkeeper" → 1,
/// "killing him and his three brothers" → 4, "killed 12 police officers and
/// wounded 30 others" → 12) and the subject list of "were killed", "was shot
/// dead", "died" ("Three guards and seven attackers were killed" → 3).
pub(super) fn phrased_deaths(
    v: &SentView,
    attack: bool,
    dates: &[(usize, usize)],
    used: &mut Vec<usize>,
) -> Option<u32> {
    let cw = casualty_words();
    let mut total: Option<u32> = None;
    let add = |total: &mut Option<u32>, n: u32| *total = Some(total.unwrap_or(0) + n);
    let aux = |k: usize| {
        matches!(v.w(k), "was" | "were" | "been")
            || (is_in(PASSIVE_ADVERBS, v.w(k))
                && matches!(v.w(k.wrapping_sub(1)), "was" | "were" | "been"))
    };
    // where the auxiliary of a passive whose participle follows `k` stands
    let aux_at = |k: usize| {
        if is_in(PASSIVE_ADVERBS, v.w(k)) {
            k.wrapping_sub(1)
        } else {
            k
        }
    };
    for k in 0..v.len() {
        let w = v.w(k);
        // where the death verb's participle phrase starts (after "shot and killed")
        let to_death = matches!(
            w,
            "hacked" | "beaten" | "stoned" | "burned" | "burnt" | "stabbed" | "tortured" | "shot"
        ) && v.w(k + 1) == "to"
            && v.w(k + 2) == "death";
        let passive_at = if to_death
            || matches!(
                w,
                "killed" | "murdered" | "slain" | "beheaded" | "assassinated"
            ) {
            if aux(k.wrapping_sub(1)) {
                Some(aux_at(k - 1))
            } else if v.w(k.wrapping_sub(1)) == "and"
                && v.w(k.wrapping_sub(2)) == "shot"
                && aux(k.wrapping_sub(3))
            {
                Some(aux_at(k - 3))
            } else if v.w(k.wrapping_sub(1)) == "and" {
                // "N was intercepted on his way to work and killed by …":
                // a passive participle joined to an earlier one
                (k.saturating_sub(10)..k.saturating_sub(2))
                    .rev()
                    .take_while(|&q| !matches!(v.w(q), "," | ";" | ":" | "when" | "after"))
                    .find(|&q| matches!(v.w(q), "was" | "were") && v.w(q + 1).ends_with("ed"))
            } else {
                None
            }
        } else if ((w == "dead" && v.w(k.wrapping_sub(1)) == "shot") || cw.found_dead(v, k))
            && aux(k.wrapping_sub(2))
        {
            Some(aux_at(k - 2))
        } else if cw.fatal_wound(v, k) && aux(k.wrapping_sub(2)) {
            // "two guards were mortally wounded", "N was fatally shot"
            Some(aux_at(k - 2))
        } else if w == "died"
            || cw.dies(w)
            || (w == "lost"
                && matches!(v.w(k + 1), "their" | "his" | "her")
                && matches!(v.w(k + 2), "lives" | "life"))
        {
            Some(k)
        } else {
            None
        };
        if let Some(a) = passive_at {
            // the subject list must end right at the verb, or be the clause's
            // first phrase ("A journalist who … was shot and killed")
            let mut c = a;
            while c > 0 && !matches!(v.w(c - 1), ";" | "when" | "after" | "but" | "–" | "—" | ":")
            {
                c -= 1;
            }
            let mut mine = Vec::new();
            let found = (c..a).find_map(|st| {
                mine.clear();
                let (n, end) = count_people(v, st, attack, false, dates, &mut mine)?;
                // "N, the head of a bank, was shot and killed": the
                // apposition's closing comma right before the verb
                let closed = v.w(end) == "," && end + 1 == a;
                (end == a || closed || (st == c && matches!(v.w(end), "who" | "which")))
                    .then_some(n)
            });
            if let Some(n) = found {
                used.extend(mine);
                // attackers alone ("Two assailants were also killed") are
                // no toll of the attack
                if n > 0 {
                    add(&mut total, n);
                }
            } else if v.w(a) == "was"
                && (c..a).any(|q| {
                    v.units[q].is_type(&[EntityType::Person])
                        && !matches!(v.w(q), "nobody" | "none" | "no")
                })
                && !(c..a).any(|q| matches!(v.w(q), "nobody" | "none" | "no" | "neither"))
            {
                // a singular subject the list reading cannot end at the
                // verb ("N of the bank's board in C was killed"): one dead
                add(&mut total, 1);
            }
            continue;
        }
        let active = (matches!(w, "killed" | "killing" | "kills")
            || (w == "kill" && v.w(k.wrapping_sub(1)) != "to")
            || (w == "dead" && v.w(k.wrapping_sub(1)) == "shot"))
            && !aux(k.wrapping_sub(1))
            && !(w == "killed" && v.w(k.wrapping_sub(1)) == "and" && aux(k.wrapping_sub(3)));
        // "executed the chief of the village", "murdered two teachers":
        // verbs whose object dies, when the object is people (not "executed
        // a plan")
        let passive =
            aux(k.wrapping_sub(1)) || (v.w(k.wrapping_sub(1)) == "and" && aux(k.wrapping_sub(3)));
        let no_victims = (k + 1..(k + 5).min(v.len()))
            .take_while(|&q| !ends_item(v.w(q)))
            .any(|q| is_in(NOT_VICTIMS, v.w(q)));
        let kills_object = is_in(OBJECT_DIES, w) && !passive && !no_victims;
        // "mortally wounding two guards", "fatally shot a farmer"
        let fatal = cw.fatal_wound(v, k) && !passive;
        // "resulted in the deaths of 20 people", "the killing of five rebels"
        if cw.death_noun_of(v, k) {
            if let Some((n, _)) = count_people(v, k + 2, attack, true, dates, used) {
                add(&mut total, n);
            }
            continue;
        }
        if active || kills_object || fatal {
            if let Some((n, _)) = count_people(v, k + 1, attack, true, dates, used) {
                // "shot dead a farmer …, killing him and his three
                // brothers": the pronoun is a victim counted already
                let again = total.is_some() && matches!(v.w(k + 1), "him" | "her");
                add(&mut total, n - u32::from(again && n > 1));
            }
        }
    }
    total
}

/// Active verbs (besides "killed") whose object dies.
const OBJECT_DIES: &[&str] = &[
    "executed",
    "executing",
    "murdered",
    "murdering",
    "assassinated",
    "assassinating",
    "beheaded",
    "beheading",
    "slew",
    "lynched",
];

/// Nouns of an object of those verbs that is no victim ("executed a plan",
/// "executed the raid").
const NOT_VICTIMS: &[&str] = &[
    "plan",
    "plans",
    "plot",
    "order",
    "orders",
    "operation",
    "operations",
    "attack",
    "attacks",
    "raid",
    "raids",
    "strike",
    "strikes",
    "mission",
    "missions",
    "warrant",
    "warrants",
    "agreement",
    "deal",
    "policy",
    "program",
    "programme",
    "project",
    "sentence",
    "sentences",
];

/// Whether a sentence says nobody was killed, and whether nobody was hurt
/// ("Nobody was injured" → both; "No one was killed" → killed only; "None
/// of the 58 passengers had been harmed" → both).
pub(super) fn no_casualties(v: &SentView) -> (bool, bool) {
    let mut out = (false, false);
    for k in 0..v.len() {
        // "There were no casualties", "no deaths": not "no casualties were
        // reported" (which the key leaves open)
        if v.w(k) == "no"
            && matches!(
                v.w(k + 1),
                "casualties" | "deaths" | "fatalities" | "injuries"
            )
            && !(k.saturating_sub(3)..(k + 5).min(v.len()))
                .any(|q| matches!(v.w(q), "reported" | "known" | "immediate" | "word"))
        {
            match v.w(k + 1) {
                "casualties" => out = (true, true),
                "injuries" => out.1 = true,
                _ => out.0 = true,
            }
            continue;
        }
        let none = matches!(v.w(k), "nobody" | "none") || (v.w(k) == "no" && v.w(k + 1) == "one");
        if !none {
            continue;
        }
        for q in k + 1..(k + 16).min(v.len()) {
            match v.w(q) {
                "killed" | "died" => out.0 = true,
                "injured" | "hurt" | "harmed" | "wounded" => out = (true, true),
                ";" | "." | "but" => break,
                _ => continue,
            }
            break;
        }
    }
    out
}

/// Words that may stand before a count and make it a bound or an
/// estimate ("at least 12", "more than 30", "nearly 40").
pub(super) const COUNT_MODIFIERS: &[&str] = &[
    "at", "least", "more", "than", "some", "about", "nearly", "over", "around", "almost",
];

/// Words that make a count a part of a toll already given ("five guards
/// were among the dead", "the dead included four officers").
pub(super) const SUBSET_CUES: &[&str] = &["among", "including", "included", "include", "includes"];

/// Casualties told in a sentence after its attack, which has no attack of
/// its own: "Their driver was shot dead.", "Eleven guests were wounded.",
/// "By Monday the death toll had risen to 15." A toll that rose replaces the
/// attack's deaths; other counts fill only what the attack does not give
/// yet (never added to it), and only from the attack's paragraph; a part of
/// the dead ("among the dead"), a killing only ordered or planned, or a
/// sentence with a date of another time gives nothing. The attack is the
/// last one told in the three sentences before.
pub(super) fn follow_up_casualties(ctx: &Ctx, done: &mut [Draft], window: &[usize], s: usize) {
    let told_here = |e: &Draft| {
        matches!(e.etype, EventType::Attack | EventType::ArmedConflict) && e.sentences.contains(&s)
    };
    if window.iter().any(|&k| told_here(&done[k])) {
        return;
    }
    let Some(k) = window.iter().rev().copied().find(|&k| {
        let e = &done[k];
        matches!(e.etype, EventType::Attack | EventType::ArmedConflict)
            && e.sentence < s
            && s.saturating_sub(*e.sentences.iter().max().unwrap_or(&0)) <= 3
    }) else {
        return;
    };
    let v = &ctx.views[s];
    let dates: Vec<(usize, usize)> = ctx.dates_in(s).map(|x| (x.start, x.end)).collect();
    if let Some(n) = toll_total(v, &dates) {
        let e = &mut done[k];
        if e.fatalities.is_none_or(|f| f <= n) {
            e.fatalities = Some(n);
            if !e.sentences.contains(&s) {
                e.sentences.push(s);
            }
        }
        return;
    }
    // a part of the dead, a killing only ordered or planned ("ordered to
    // kill 800 prisoners"), another paragraph, or a date of another time
    let last = *done[k].sentences.iter().max().unwrap_or(&0);
    if (0..v.len()).any(|q| {
        is_in(SUBSET_CUES, v.w(q))
            || (v.w(q) == "to" && matches!(v.w(q + 1), "kill" | "murder" | "execute"))
    }) || ctx.para.get(last) != ctx.para.get(s)
        || (ctx.has_date(s)
            && !ctx
                .dates_in(s)
                .any(|d| reported_on(v, d.start) || same_time(&Some(d.edtf), &done[k].date)))
    {
        return;
    }
    let mut c = Casualties::default();
    count_casualties(v, &dates, done[k].etype == EventType::Attack, &mut c);
    let e = &mut done[k];
    let mut used = false;
    if e.fatalities.is_none() && c.fatalities.is_some_and(|n| n > 0) {
        e.fatalities = c.fatalities;
        used = true;
    }
    if e.injured.is_none() && c.injured.is_some_and(|n| n > 0) {
        e.injured = c.injured;
        used = true;
    }
    if used && !e.sentences.contains(&s) {
        e.sentences.push(s);
    }
}

/// Death and injury counts of a sentence; `dates` are the char spans of its
/// dates, whose numbers are never counts ("In 2015 it killed 11 …").
pub(super) fn casualties(v: &SentView, dates: &[(usize, usize)], d: &mut Draft) {
    let mut c = Casualties {
        fatalities: d.fatalities,
        injured: d.injured,
    };
    count_casualties(v, dates, d.etype == EventType::Attack, &mut c);
    (d.fatalities, d.injured) = (c.fatalities, c.injured);
}

/// Deaths and injuries an event's sentence states.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Casualties {
    /// Killed.
    pub fatalities: Option<u32>,
    /// Wounded.
    pub injured: Option<u32>,
}

/// The deaths and injuries sentence `s` states for an event of type `etype`
/// told in it: the counts the patterns give their own attacks, armed
/// conflicts and crackdowns, for events another component found in that sentence (the
/// learned detector). Other event types get none.
pub fn sentence_casualties(ctx: &Ctx, s: usize, etype: EventType) -> Casualties {
    let mut c = Casualties::default();
    if !matches!(
        etype,
        EventType::Attack | EventType::ArmedConflict | EventType::Crackdown
    ) {
        return c;
    }
    let Some(v) = ctx.views.get(s) else {
        return c;
    };
    let dates: Vec<(usize, usize)> = ctx.dates_in(s).map(|x| (x.start, x.end)).collect();
    count_casualties(v, &dates, etype == EventType::Attack, &mut c);
    c
}

/// The deaths and injuries told after sentence `s` about an attack told
/// there that its own sentence leaves open (for the learned detector's
/// events, as `follow_up_casualties` does for the patterns'): "No one was
/// killed.", "Eleven guests were wounded.", "By Monday the death toll had
/// risen to 15." Read from the next two sentences of its paragraph, up to
/// one that tells an attack of its own; a part of the dead ("among the
/// dead") or a killing only ordered gives nothing.
pub fn later_casualties(ctx: &Ctx, s: usize, etype: EventType) -> Casualties {
    let mut out = Casualties::default();
    if etype != EventType::Attack {
        return out;
    }
    for n in s + 1..s + 3 {
        let Some(v) = ctx.views.get(n) else { break };
        if ctx.para.get(n) != ctx.para.get(s) {
            break;
        }
        // ("No one was killed." tells no attack of its own: it names no
        // one, nowhere and no time)
        let attack_told = (0..v.len())
            .filter_map(|i| trigger_at(ctx, v, i))
            .any(|t| t.etype == EventType::Attack && !t.nominal)
            && (ctx.has_date(n) || v.units.iter().any(|u| u.is_ent()));
        if attack_told {
            break;
        }
        let dates: Vec<(usize, usize)> = ctx.dates_in(n).map(|x| (x.start, x.end)).collect();
        if let Some(t) = toll_total(v, &dates) {
            out.fatalities = Some(t);
            continue;
        }
        if (0..v.len()).any(|q| {
            is_in(SUBSET_CUES, v.w(q))
                || (v.w(q) == "to" && matches!(v.w(q + 1), "kill" | "murder" | "execute"))
        }) {
            continue;
        }
        let mut c = Casualties::default();
        count_casualties(v, &dates, true, &mut c);
        if out.fatalities.is_none() {
            out.fatalities = c.fatalities;
        }
        if out.injured.is_none() {
            out.injured = c.injured;
        }
    }
    out
}

/// Adds the deaths and injuries of sentence `v` to `c` (see [`casualties`]).
pub(super) fn count_casualties(
    v: &SentView,
    dates: &[(usize, usize)],
    attack: bool,
    c: &mut Casualties,
) {
    let mut used = Vec::new();
    // "caused 18 casualties, six of them fatal": dead and wounded together
    if let Some((dead, hurt, nums)) = split_casualties(v, dates) {
        c.fatalities = Some(c.fatalities.unwrap_or(0) + dead);
        c.injured = Some(c.injured.unwrap_or(0) + hurt);
        used.extend(nums);
    }
    if let Some(n) = phrased_deaths(v, attack, dates, &mut used) {
        c.fatalities = Some(c.fatalities.unwrap_or(0) + n);
    }
    // "the death toll has risen to 31", "the toll stood at 12": a total
    if let Some(n) = toll_total(v, dates) {
        c.fatalities = Some(n);
        return;
    }
    let (no_dead, no_hurt) = no_casualties(v);
    if no_dead && c.fatalities.is_none() {
        c.fatalities = Some(0);
    }
    if no_hurt && c.injured.is_none() {
        c.injured = Some(0);
    }
    for k in 0..v.len() {
        let u = &v.units[k];
        if dates.iter().any(|&(a, b)| a <= u.start && u.end <= b) || used.contains(&k) {
            continue;
        }
        let w = v.w(k);
        let val = match w {
            "a" | "an" | "another" | "one"
                if matches!(
                    v.w(k + 1),
                    "second"
                        | "third"
                        | "fourth"
                        | "fifth"
                        | "sixth"
                        | "policeman"
                        | "civilian"
                        | "soldier"
                        | "person"
                        | "bystander"
                        | "guard"
                        | "officer"
                ) =>
            {
                Some(1)
            }
            "a" | "an" | "another" => None,
            // "no one was injured"
            "one" if matches!(v.w(k.wrapping_sub(1)), "no") => None,
            _ => lexicon::number_value(w),
        };
        let Some(val) = val else { continue };
        // "killing two officers and wounding five others"
        let mut b = k;
        while b > 0 && COUNT_MODIFIERS.contains(&v.w(b - 1)) {
            b -= 1;
        }
        if b > 0 {
            let cue = v.w(b - 1);
            if matches!(cue, "killing" | "killed" | "kills" | "left")
                && !matches!(v.w(k + 1), "wounded" | "injured")
            {
                c.fatalities = Some(c.fatalities.unwrap_or(0) + val);
                continue;
            }
            if matches!(cue, "wounding" | "wounded" | "injuring" | "injured") {
                c.injured = Some(c.injured.unwrap_or(0) + val);
                continue;
            }
        }
        for q in k + 1..(k + 7).min(v.len()) {
            let x = v.w(q);
            // "four assailants died": the attackers are no toll of the attack
            if matches!(x, "and" | "," | "when" | ";" | "while")
                || (attack && is_in(ATTACK_DOERS, x))
            {
                break;
            }
            // "Two men on a motorcycle shot dead a judge", "three men
            // killed a guard": the count is of the doers, not the dead
            if active_killing_at(v, q) {
                break;
            }
            if is_in(lexicon::DEATH_CUES, x) || casualty_words().dies(x) {
                c.fatalities = Some(c.fatalities.unwrap_or(0) + val);
                break;
            }
            if is_in(lexicon::INJURY_CUES, x) {
                c.injured = Some(c.injured.unwrap_or(0) + val);
                break;
            }
        }
    }
}

/// Whether the death word at `q` is an active killing with its object
/// after it ("shot dead a judge", "killed two guards", "murdered the
/// mayor"), so that a count before it counts the killers.
pub(super) fn active_killing_at(v: &SentView, q: usize) -> bool {
    let aux = |k: usize| {
        matches!(
            v.w(k),
            "was" | "were" | "been" | "be" | "being" | "is" | "are"
        ) || is_in(PASSIVE_ADVERBS, v.w(k))
    };
    let verb = match v.w(q) {
        "dead" => v.w(q.wrapping_sub(1)) == "shot" && !aux(q.wrapping_sub(2)),
        "killed" | "murdered" | "executed" | "slain" => !aux(q.wrapping_sub(1)),
        _ => false,
    };
    let next = v.w(q + 1);
    verb && (matches!(
        next,
        "a" | "an" | "the" | "his" | "her" | "their" | "its" | "him" | "them" | "two" | "three"
    ) || lexicon::number_value(next).is_some()
        || v.units
            .get(q + 1)
            .is_some_and(|u| u.is_type(&[EntityType::Person])))
}

/// "18 casualties, six of them fatal", "14 casualties, including four
/// dead": a count of dead and wounded together with the dead among them, as
/// (dead, wounded, the units of both numbers). Casualties alone are no deaths.
pub(super) fn split_casualties(
    v: &SentView,
    dates: &[(usize, usize)],
) -> Option<(u32, u32, Vec<usize>)> {
    let in_date = |k: usize| {
        v.units
            .get(k)
            .is_some_and(|u| dates.iter().any(|&(a, b)| a <= u.start && u.end <= b))
    };
    let num = |k: usize| {
        (!in_date(k))
            .then(|| lexicon::number_value(v.w(k)))
            .flatten()
    };
    let c = (1..v.len()).find(|&k| v.w(k) == "casualties" && num(k - 1).is_some())?;
    let total = num(c - 1)?;
    let end = (c + 8).min(v.len());
    let (m, dead) = (c + 1..end).find_map(|k| {
        let n = num(k)?;
        let fatal = (k + 1..(k + 4).min(v.len())).any(|q| {
            matches!(
                v.w(q),
                "fatal" | "dead" | "died" | "killed" | "fatalities" | "deaths"
            )
        });
        fatal.then_some((k, n))
    })?;
    (dead <= total).then(|| (dead, total - dead, vec![c - 1, m]))
}

/// The number a death toll reached ("the death toll from the attack has
/// risen to 31", "the toll stood at 12", "bringing the death toll to 9").
pub(super) fn toll_total(v: &SentView, dates: &[(usize, usize)]) -> Option<u32> {
    // "the death toll", "the number of dead", "the number of those killed"
    let t = (0..v.len()).find(|&k| {
        (v.w(k) == "toll" && v.w(k.wrapping_sub(1)) != "a")
            || (v.w(k) == "number"
                && v.w(k + 1) == "of"
                && (matches!(v.w(k + 2), "dead" | "deaths" | "fatalities")
                    || (v.w(k + 2) == "those" && v.w(k + 3) == "killed")))
    })?;
    let end = (t + 20).min(v.len());
    let to = (t + 1..end)
        .find(|&k| {
            matches!(v.w(k), "to" | "at")
                && (t + 1..k).any(|q| {
                    matches!(
                        v.w(q),
                        "risen"
                            | "rose"
                            | "rises"
                            | "climbed"
                            | "stood"
                            | "stands"
                            | "reached"
                            | "increased"
                            | "jumped"
                    )
                })
        })
        .or_else(|| {
            (v.w(t.wrapping_sub(2)) == "bringing" || v.w(t.wrapping_sub(3)) == "bringing")
                .then(|| (t + 1..end).find(|&k| v.w(k) == "to"))
                .flatten()
        })?;
    let mut k = to + 1;
    while matches!(
        v.w(k),
        "at" | "least" | "more" | "than" | "about" | "nearly" | "over" | "some"
    ) {
        k += 1;
    }
    let u = v.units.get(k)?;
    if dates.iter().any(|&(a, b)| a <= u.start && u.end <= b) {
        return None;
    }
    lexicon::number_value(v.w(k))
}

/// Triggers whose named targets die: an assassination or murder of named
/// people kills them even where no number is written.
pub(super) const KILLING_TRIGGERS: &[&str] = &[
    "assassinated",
    "assassinate",
    "assassinates",
    "assassination",
    "murdered",
    "murder",
    "killed",
    "killing",
    "slain",
    "beheaded",
    "executed",
];

/// The death toll an attack states through whom it killed: for an
/// assassination, murder or killing that was not only attempted, the
/// number of people among its targets ("Lehi assassinated Lord X" → 1,
/// "murdered the mayor and his deputy" with both named → 2). `None` where
/// no person target is named or the trigger does not say they died.
pub fn victims_killed(doc: &Doc, e: &Event) -> Option<u32> {
    let first = e.trigger.split_whitespace().next()?.to_lowercase();
    if e.etype != EventType::Attack || e.attempted || !KILLING_TRIGGERS.contains(&first.as_str()) {
        return None;
    }
    let mut people: Vec<usize> = e
        .participants
        .iter()
        .filter(|p| p.role == Role::Target)
        .filter(|p| {
            doc.entities
                .get(p.entity)
                .is_some_and(|x| x.etype == EntityType::Person)
        })
        .map(|p| p.entity)
        .collect();
    people.sort_unstable();
    people.dedup();
    (!people.is_empty()).then_some(people.len() as u32)
}
