//! Quantities: numbers in digits and words, approximations, ranges, and
//! the noun they count.
//!
//! Conventions for [`Quantity`]:
//! - `value` is the number, with `~` when approximate: `around 20` → `20~`;
//!   `more than 100`, `over 100`, `at least 100` → `100~` with `number` 100
//!   (the lower bound) and the bound word kept in `text`.
//! - Vague plurals count as two of their unit, approximate: `dozens` → `24~`,
//!   `scores of` → `40~`, `hundreds of` → `200~`, `thousands of` → `2000~`,
//!   `tens of thousands of` → `20000~`; `several`/`a few` before a unit
//!   word count three (`several hundred` → `300~`); `a dozen` is `12`.
//! - Ranges `10 to 15`, `10–15`, `between 10 and 15`, `two or three` have
//!   `value` `10/15`, `number` the lower bound, and are approximate.
//! - `unit` is the counted noun, lemmatized to the singular (`14 Shia
//!   students` → `student`); when a people-like count is killed, wounded
//!   (or injured) or arrested (`two policemen were stabbed to death`, `killing
//!   12`, `six people were arrested`), the unit is `killed`, `wounded` or
//!   `arrested` instead. Percentages have unit `percent`, money `usd`,
//!   `eur` or `gbp`.
//! - Skipped: years and dates, ordinals (`second largest`, `3rd`), footnote
//!   marks `[1]`, times, references (`Volume 20`, `No. 4`), and a bare `one`
//!   that counts nothing (`one of them`).

use crate::dates::date_spans;
use crate::lex::{atomize, digits_value, number_words, sentence_atoms, small_number_word, Atom};
use dossier_doc::{Component, ComponentError, Doc, Layer, Quantity};

const APPROX: &[&[&str]] = &[
    &["around"],
    &["about"],
    &["approximately"],
    &["nearly"],
    &["almost"],
    &["some"],
    &["roughly"],
    &["an", "estimated"],
    &["estimated"],
    &["up", "to"],
    &["as", "many", "as"],
    &["close", "to"],
    &["more", "than"],
    &["over"],
    &["at", "least"],
    &["upwards", "of"],
    &["in", "excess", "of"],
    &["fewer", "than"],
    &["less", "than"],
    &["at", "most"],
    &["no", "fewer", "than"],
    &["no", "less", "than"],
];

const STOP: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "for",
    "from",
    "to",
    "with",
    "by",
    "and",
    "or",
    "but",
    "nor",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "who",
    "which",
    "that",
    "whom",
    "whose",
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "their",
    "its",
    "his",
    "her",
    "our",
    "my",
    "your",
    "as",
    "than",
    "per",
    "into",
    "during",
    "after",
    "before",
    "since",
    "also",
    "reportedly",
    "allegedly",
    "each",
    "more",
    "less",
    "such",
    "another",
    "other",
    "it",
    "they",
    "them",
    "he",
    "she",
    "we",
    "you",
    "i",
    "not",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "did",
    "do",
    "does",
    "when",
    "where",
    "while",
    "if",
    "then",
    "there",
    "here",
    "so",
    "all",
    "both",
    "out",
    "up",
    "over",
    "under",
    "about",
    "around",
    "against",
    "between",
    "among",
    "across",
    "through",
    "via",
    "near",
    "inside",
    "outside",
    "within",
    "without",
    "toward",
    "towards",
    "upon",
    "onto",
    "off",
    "like",
    "unlike",
    "only",
    "just",
    "still",
    "even",
    "later",
    "earlier",
    "ago",
    "killed",
    "wounded",
    "injured",
    "arrested",
    "detained",
    "dead",
    "died",
];

/// Irregular plurals and their singulars.
const IRREGULAR: &[(&str, &str)] = &[
    ("people", "person"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("police", "police"),
    ("personnel", "personnel"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("lives", "life"),
    ("wives", "wife"),
    ("knives", "knife"),
    ("thieves", "thief"),
    ("series", "series"),
    ("species", "species"),
    ("news", "news"),
    ("aircraft", "aircraft"),
    ("sheep", "sheep"),
    ("fish", "fish"),
    ("crises", "crisis"),
    ("analyses", "analysis"),
    ("bases", "base"),
    ("cases", "case"),
    ("houses", "house"),
    ("courses", "course"),
    ("nurses", "nurse"),
    ("horses", "horse"),
    ("causes", "cause"),
    ("clauses", "clause"),
    ("phases", "phase"),
    ("purposes", "purpose"),
    ("responses", "response"),
    ("licenses", "license"),
    ("premises", "premises"),
    ("dollars", "usd"),
    ("dollar", "usd"),
    ("euros", "eur"),
    ("euro", "eur"),
];

/// Nouns that count people without a plural form.
const COLLECTIVE: &[&str] = &[
    "police",
    "personnel",
    "staff",
    "crew",
    "militia",
    "youth",
    "clergy",
];

/// People-like counted nouns (singular).
const PEOPLE: &[&str] = &[
    "person",
    "man",
    "woman",
    "child",
    "civilian",
    "soldier",
    "policeman",
    "policewoman",
    "police",
    "officer",
    "fighter",
    "militant",
    "member",
    "student",
    "suspect",
    "protester",
    "protestor",
    "worshiper",
    "worshipper",
    "guard",
    "troop",
    "militiaman",
    "insurgent",
    "rebel",
    "individual",
    "journalist",
    "citizen",
    "national",
    "pilgrim",
    "detainee",
    "prisoner",
    "hostage",
    "victim",
    "other",
    "passenger",
    "resident",
    "villager",
    "worker",
    "employee",
    "activist",
    "cleric",
    "leader",
    "commander",
    "official",
    "gunman",
    "attacker",
    "bystander",
    "teenager",
    "youth",
    "boy",
    "girl",
    "recruit",
    "volunteer",
    "jihadist",
    "extremist",
    "terrorist",
    "operative",
    "agent",
    "spy",
    "diplomat",
    "tourist",
    "refugee",
    "migrant",
    "demonstrator",
    "supporter",
    "follower",
    "opponent",
    "serviceman",
    "personnel",
    "crew",
    "militiamen",
    "infant",
    "adult",
    "pupil",
    "teacher",
    "doctor",
    "nurse",
    "farmer",
    "shepherd",
    "fisherman",
    "policeman",
    "security",
    "sailor",
    "marine",
    "pilot",
    "contractor",
    "minor",
    "relative",
    "family",
    "combatant",
    "trooper",
    "conscript",
    "cadet",
    "veteran",
    "defector",
    "smuggler",
    "trafficker",
    "criminal",
    "gang",
    "member",
];

/// Lemmatizes a (possibly plural) noun to its lowercase singular.
pub fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == w) {
        return s.to_string();
    }
    if w.len() > 3 && w.ends_with("men") {
        return format!("{}man", &w[..w.len() - 3]);
    }
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for suf in ["sses", "shes", "ches", "xes", "zzes"] {
        if w.len() > suf.len() + 1 && w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        return w[..w.len() - 1].to_string();
    }
    w
}

fn looks_plural(a: &Atom) -> bool {
    let w = a.lower.as_str();
    if IRREGULAR.iter().any(|(p, s)| *p == w && p != s) {
        return true;
    }
    (w.len() > 3 && w.ends_with("men"))
        || (w.len() > 2
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is"))
}

fn event_unit(words: &[&Atom]) -> Option<&'static str> {
    let w0 = words.first()?.lower.as_str();
    let w1 = words.get(1).map(|a| a.lower.as_str());
    let w2 = words.get(2).map(|a| a.lower.as_str());
    Some(match (w0, w1, w2) {
        (
            "killed" | "died" | "dead" | "slain" | "murdered" | "executed" | "assassinated"
            | "massacred" | "beheaded",
            _,
            _,
        ) => "killed",
        (
            "stabbed" | "shot" | "beaten" | "burned" | "burnt" | "hacked" | "tortured" | "crushed"
            | "stoned",
            Some("to"),
            Some("death"),
        ) => "killed",
        ("shot" | "left", Some("dead"), _) => "killed",
        ("lost", Some("their"), Some("lives")) => "killed",
        ("wounded" | "injured" | "hurt", _, _) => "wounded",
        (
            "arrested" | "detained" | "captured" | "apprehended" | "imprisoned" | "jailed"
            | "abducted" | "kidnapped",
            _,
            _,
        ) => {
            if matches!(w0, "abducted" | "kidnapped") {
                return None;
            }
            "arrested"
        }
        ("taken", Some("into"), Some("custody")) => "arrested",
        ("rounded", Some("up"), _) => "arrested",
        _ => return None,
    })
}

fn active_event_unit(w: &str) -> Option<&'static str> {
    Some(match w {
        "killing" | "killed" | "kills" | "kill" | "leaving" => "killed",
        "wounding" | "injuring" | "wounded" | "injured" | "wounds" | "injures" => "wounded",
        "arresting" | "arrested" | "detaining" | "detained" | "arrests" | "detains"
        | "capturing" | "captured" => "arrested",
        _ => return None,
    })
}

const REF_WORDS: &[&str] = &[
    "no",
    "nos",
    "page",
    "pages",
    "p",
    "pp",
    "vol",
    "volume",
    "issue",
    "number",
    "resolution",
    "article",
    "section",
    "chapter",
    "route",
    "flight",
    "code",
    "model",
    "paragraph",
    "figure",
    "table",
    "line",
    "episode",
    "part",
    "annex",
    "appendix",
    "item",
    "unit",
    "brigade",
    "division",
    "battalion",
    "regiment",
    "corps",
    "squadron",
    "highway",
    "road",
];

struct Qscan<'a> {
    atoms: &'a [Atom],
    dates: Vec<(usize, usize)>,
}

/// A number read at some index: (index after, value, approximate, high bound).
type NumRead = (usize, f64, bool, Option<f64>);

impl<'a> Qscan<'a> {
    fn at(&self, i: usize) -> Option<&'a Atom> {
        self.atoms.get(i)
    }
    fn is(&self, i: usize, w: &str) -> bool {
        self.at(i).is_some_and(|a| a.is(w))
    }
    fn adjacent(&self, i: usize) -> bool {
        i > 0 && self.at(i).is_some_and(|a| a.start == self.atoms[i - 1].end)
    }
    fn in_date(&self, i: usize) -> bool {
        let a = &self.atoms[i];
        self.dates.iter().any(|&(s, e)| a.start >= s && a.end <= e)
    }
    fn seq(&self, i: usize, ws: &[&str]) -> Option<usize> {
        ws.iter()
            .enumerate()
            .all(|(k, w)| self.is(i + k, w))
            .then_some(i + ws.len())
    }

    /// A number at `i` (digits with an optional scale word, or words).
    fn number(&self, i: usize) -> Option<NumRead> {
        let a = self.at(i)?;
        if self.in_date(i) {
            return None;
        }
        if a.is_num() {
            // Glued to a word before ("F16", "A320") or a ref word before.
            if i > 0 {
                let p = &self.atoms[i - 1];
                if (p.is_word() && p.end == a.start)
                    || p.is_any(REF_WORDS)
                    || (p.is_punct('.') && i > 1 && self.atoms[i - 2].is_any(REF_WORDS))
                    || (p.is_punct(':') && i > 1 && self.atoms[i - 2].is_any(REF_WORDS))
                {
                    return None;
                }
                if (p.is_punct('[') || p.is_punct('#')) && p.end == a.start {
                    return None;
                }
                if p.is_num() && p.end == a.start {
                    return None;
                }
                // "10:30", "3/4", "7-2" (a score or a code).
                if (p.is_punct(':') || p.is_punct('/'))
                    && p.end == a.start
                    && i > 1
                    && self.atoms[i - 2].is_num()
                    && self.atoms[i - 2].end == p.start
                {
                    return None;
                }
            }
            if let Some(n) = self.at(i + 1) {
                if n.start == a.end {
                    if n.is_any(&["st", "nd", "rd", "th", "s"]) {
                        return None; // ordinal, decade
                    }
                    if n.is_punct(':') && self.at(i + 2).is_some_and(|x| x.is_num()) {
                        return None; // time
                    }
                    if (n.is_punct('/') || n.is_punct('-') || n.is_punct('.'))
                        && self
                            .at(i + 2)
                            .is_some_and(|x| x.is_num() && x.start == n.end)
                        && !self.is_range_dash(i + 1)
                    {
                        return None; // numeric code or date
                    }
                    if n.is_punct(']') && i > 0 && self.atoms[i - 1].is_punct('[') {
                        return None;
                    }
                }
            }
            let mut v = digits_value(&a.text)?;
            let mut j = i + 1;
            if let Some(s) = self.at(j).and_then(|s| crate::lex::scale_word(&s.lower)) {
                v *= s;
                j += 1;
            }
            return Some((j, v, false, None));
        }
        if !a.is_word() {
            return None;
        }
        let w = a.lower.as_str();
        // Vague plurals.
        let vague = |j: usize, v: f64| -> Option<NumRead> {
            self.is(j, "of").then_some((j, v, true, None))
        };
        match w {
            "dozens" => return Some((i + 1, 24.0, true, None)),
            "scores" => return vague(i + 1, 40.0),
            "tens" if self.seq(i + 1, &["of", "thousands"]).is_some() => {
                return vague(i + 3, 20_000.0)
            }
            "hundreds" if self.seq(i + 1, &["of", "thousands"]).is_some() => {
                return vague(i + 3, 200_000.0)
            }
            "hundreds" => return vague(i + 1, 200.0),
            "thousands" => return vague(i + 1, 2000.0),
            "millions" => return vague(i + 1, 2_000_000.0),
            "dozen"
                if self.is(i + 1, "of") || i == 0 || !self.atoms[i - 1].is_any(&["a", "one"]) => {}
            _ => {}
        }
        if self.seq(i, &["half", "a", "dozen"]).is_some() {
            return Some((i + 3, 6.0, false, None));
        }
        if self.seq(i, &["a", "dozen"]).is_some() {
            return Some((i + 2, 12.0, false, None));
        }
        if self.seq(i, &["a", "couple", "of"]).is_some() {
            return Some((i + 2, 2.0, true, None));
        }
        if a.is_any(&["several", "few"]) && (i == 0 || a.is("several") || self.atoms[i - 1].is("a"))
        {
            let m = match self.at(i + 1).map(|x| x.lower.as_str()) {
                Some("dozen") => 12.0,
                Some("hundred") => 100.0,
                Some("thousand") => 1000.0,
                Some("million") => 1e6,
                _ => return None,
            };
            return Some((i + 2, 3.0 * m, true, None));
        }
        if small_number_word(w).is_none()
            && !(a.is_any(&["a", "an"])
                && self
                    .at(i + 1)
                    .and_then(|x| crate::lex::scale_word(&x.lower))
                    .is_some())
        {
            return None;
        }
        let (mut j, mut v) = number_words(self.atoms, i)?;
        if self.is(j, "dozen") {
            v *= 12.0;
            j += 1;
        }
        Some((j, v, false, None))
    }

    fn is_range_dash(&self, k: usize) -> bool {
        self.at(k).is_some_and(|a| a.is_dash())
    }

    /// The counted noun from `k` on, for count `n`: (unit, index after the noun run).
    fn unit(&self, k: usize, n: f64, vague: bool) -> (Option<String>, usize, bool) {
        let mut k = k;
        // "dozens of (the) suspects"
        if vague && self.is(k, "of") {
            k += 1;
            if self.is(k, "the") {
                k += 1;
            }
        }
        // "a 12-member council": the glued noun is the unit.
        if self.at(k).is_some_and(|a| a.is_dash()) && self.adjacent(k) {
            if let Some(w) = self
                .at(k + 1)
                .filter(|w| w.is_word() && self.adjacent(k + 1))
            {
                return (Some(singular(&w.text)), k + 2, true);
            }
        }
        let mut run: Vec<&Atom> = Vec::new();
        let mut j = k;
        while let Some(a) = self.at(j) {
            if run.len() >= 4 {
                break;
            }
            if a.is_dash()
                && self.adjacent(j)
                && self
                    .at(j + 1)
                    .is_some_and(|x| x.is_word() && self.adjacent(j + 1))
            {
                j += 1;
                continue;
            }
            if !a.is_word() || a.is_any(STOP) {
                break;
            }
            if let Some(p) = a.pos.as_deref() {
                let keep = p.starts_with("NN")
                    || p.starts_with("JJ")
                    || p == "VBN"
                    || p == "VBG"
                    || p == "NNP";
                if !keep {
                    break;
                }
            }
            // A capitalized word after a lowercase one starts a name ("20 members Kestrel ...").
            if a.capitalized() && run.last().is_some_and(|p| !p.capitalized()) {
                break;
            }
            run.push(a);
            j += 1;
        }
        let head = if n != 1.0 {
            run.iter()
                .find(|a| looks_plural(a) || a.is_any(COLLECTIVE))
                .or(run.first())
        } else {
            run.last()
        };
        let head_idx = head.and_then(|h| run.iter().position(|a| std::ptr::eq(*a, *h)));
        // The run ends at the head noun.
        let end = match head_idx {
            Some(hi) => self
                .atoms
                .iter()
                .position(|a| std::ptr::eq(a, run[hi]))
                .map_or(j, |p| p + 1),
            None => k,
        };
        (head.map(|h| singular(&h.text)), end, head.is_some())
    }

    /// After the counted noun: "were (also) killed", "dead", "wounded".
    fn passive_event(&self, j: usize) -> Option<&'static str> {
        let mut k = j;
        if self
            .seq(k, &["had", "been"])
            .or_else(|| self.seq(k, &["have", "been"]))
            .is_some()
        {
            k += 2;
        } else if self
            .at(k)
            .is_some_and(|a| a.is_any(&["were", "was", "are", "is", "being", "got"]))
        {
            k += 1;
        }
        while self.at(k).is_some_and(|a| {
            a.is_any(&[
                "also",
                "reportedly",
                "allegedly",
                "later",
                "subsequently",
                "then",
                "all",
                "eventually",
                "initially",
                "either",
                "both",
                "been",
                "were",
            ])
        }) {
            k += 1;
        }
        let words: Vec<&Atom> = (k..k + 3).filter_map(|x| self.at(x)).collect();
        event_unit(&words)
    }

    fn scan(&self, mut push: impl FnMut(Hit)) {
        let mut i = 0;
        while i < self.atoms.len() {
            // Approximation words.
            let mut approx = false;
            let mut j = i;
            for ws in APPROX {
                if let Some(k) = self.seq(i, ws) {
                    if self.number(k).is_some() {
                        approx = true;
                        j = k;
                        break;
                    }
                }
            }
            // "between 10 and 15"
            let between = self.is(i, "between") && self.number(i + 1).is_some();
            if between {
                j = i + 1;
            }
            let Some((mut k, v, vague, _)) = self.number(j) else {
                i += 1;
                continue;
            };
            // A number after a capitalized word inside the sentence is part
            // of a name ("the March 14 Alliance", "Kestrel 7").
            if !approx
                && !between
                && j > 1
                && self.atoms[j - 1].is_word()
                && self.atoms[j - 1].capitalized()
                && self.atoms[j].is_num()
            {
                i = k.max(i + 1);
                continue;
            }
            let a = &self.atoms[j];
            let is_word_number = a.is_word();
            let mut high = None;
            // Ranges: "10 to 15", "10–15", "two or three", "between 10 and 15".
            let seps: &[&str] = if between { &["and"] } else { &["to", "or"] };
            if let Some(s) = self.at(k) {
                if s.is_any(seps) || (!between && s.is_dash()) {
                    if let Some((k2, v2, _, _)) = self.number(k + 1) {
                        if v2 > v {
                            high = Some(v2);
                            k = k2;
                        }
                    }
                }
            }
            if between && high.is_none() {
                i += 1;
                continue;
            }
            let start_atom = if between { i } else { j.min(i) };
            let start_atom = if approx { i } else { start_atom };
            // Money before.
            let mut unit: Option<String> = None;
            let mut start_atom = start_atom;
            if j > 0 {
                let p = &self.atoms[j - 1];
                let cur = match p.text.as_str() {
                    "$" => Some("usd"),
                    "€" => Some("eur"),
                    "£" => Some("gbp"),
                    _ => None,
                };
                if let Some(c) = cur {
                    unit = Some(c.to_string());
                    if !approx && !between {
                        start_atom = j - 1;
                    }
                }
            }
            let mut end_atom = k;
            let mut after = k;
            if unit.is_none() {
                if self.at(k).is_some_and(|x| x.is_punct('%')) {
                    unit = Some("percent".into());
                    end_atom = k + 1;
                    after = k + 1;
                } else if self.is(k, "percent") || self.seq(k, &["per", "cent"]).is_some() {
                    unit = Some("percent".into());
                    after = if self.is(k, "percent") { k + 1 } else { k + 2 };
                }
            }
            let mut found_noun = false;
            if unit.is_none() {
                let (u, e, f) = self.unit(k, v, vague);
                unit = u;
                after = e;
                found_noun = f;
            }
            // "one" counting nothing is a pronoun.
            if is_word_number && v == 1.0 && !found_noun {
                i = k.max(i + 1);
                continue;
            }
            let people_like = match &unit {
                None => true,
                Some(u) => {
                    PEOPLE.contains(&u.as_str())
                        || (found_noun && self.atoms[after - 1].capitalized())
                }
            };
            if people_like && unit.as_deref() != Some("percent") {
                let passive = self.passive_event(after);
                let active = if start_atom > 0 {
                    active_event_unit(&self.atoms[start_atom - 1].lower)
                } else {
                    None
                };
                if let Some(ev) = passive.or(active) {
                    unit = Some(ev.to_string());
                }
            }
            let approximate = approx || vague || high.is_some();
            push(Hit {
                start: self.atoms[start_atom].start,
                end: self.atoms[end_atom - 1].end,
                number: v,
                approximate,
                high,
                unit,
            });
            i = end_atom.max(i + 1);
        }
    }
}

fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A quantity found by the scanner, before it becomes a [`Quantity`].
struct Hit {
    start: usize,
    end: usize,
    number: f64,
    approximate: bool,
    high: Option<f64>,
    unit: Option<String>,
}

impl Hit {
    fn into_quantity(self, text: String, sentence: usize) -> Quantity {
        let value = match self.high {
            Some(h) => format!("{}/{}", fmt_number(self.number), fmt_number(h)),
            None if self.approximate => format!("{}~", fmt_number(self.number)),
            None => fmt_number(self.number),
        };
        Quantity {
            start: self.start,
            end: self.end,
            sentence,
            text,
            value,
            number: self.number,
            approximate: self.approximate,
            unit: self.unit,
        }
    }
}

/// Finds the quantities of a plain text (sentence 0; char offsets into it).
///
/// ```
/// let q = dossier_temporal::find_quantities("It had around 20 members.");
/// assert_eq!(q[0].value, "20~");
/// assert_eq!(q[0].unit.as_deref(), Some("member"));
/// ```
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let mut atoms = Vec::new();
    atomize(text, 0, None, &mut atoms);
    let chars: Vec<char> = text.chars().collect();
    let scan = Qscan {
        dates: date_spans(&atoms),
        atoms: &atoms,
    };
    let mut out = Vec::new();
    scan.scan(|h| {
        let text = chars[h.start..h.end].iter().collect();
        out.push(h.into_quantity(text, 0));
    });
    out
}

/// Finds every quantity of `doc` (what the component assigns).
pub fn extract_quantities(doc: &Doc) -> Vec<Quantity> {
    let per_sentence = sentence_atoms(doc);
    // Sentences are scanned independently: long documents on several threads.
    let mut out = dossier_doc::parallel::map_ranges(per_sentence.len(), 200, |range| {
        let mut out = Vec::new();
        for (sentence, atoms) in &per_sentence[range] {
            let scan = Qscan {
                dates: date_spans(atoms),
                atoms,
            };
            scan.scan(|h| {
                let text = doc.slice(h.start, h.end).to_string();
                out.push(h.into_quantity(text, *sentence));
            });
        }
        out
    });
    out.sort_by_key(|q| (q.start, q.end));
    out
}

/// The `"quantities"` component: fills [`Doc::quantities`]. Requires tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuantitiesComponent;

impl Component for QuantitiesComponent {
    fn name(&self) -> &str {
        "quantities"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Tokens]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Pos]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Quantities]
    }
    fn shares(&self) -> Vec<std::any::TypeId> {
        vec![std::any::TypeId::of::<crate::lex::SentenceAtoms>()]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        doc.quantities = extract_quantities(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, [(text, value, unit)]) — own sentences.
    #[test]
    fn quantities_table() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str, Option<&'a str>)]);
        let cases: &[Case] = &[
            (
                "The cell began with 14 Shia students from Norvik.",
                &[("14", "14", Some("student"))],
            ),
            (
                "Two policemen were stabbed to death.",
                &[("Two", "2", Some("killed"))],
            ),
            (
                "Six people were also arrested in Dorvel.",
                &[("Six", "6", Some("arrested"))],
            ),
            (
                "It is believed to have around 20 members.",
                &[("around 20", "20~", Some("member"))],
            ),
            (
                "Dozens of suspects were arrested.",
                &[("Dozens", "24~", Some("arrested"))],
            ),
            (
                "More than 100 fighters joined.",
                &[("More than 100", "100~", Some("fighter"))],
            ),
            (
                "At least 12 were killed and 30 wounded.",
                &[
                    ("At least 12", "12~", Some("killed")),
                    ("30", "30", Some("wounded")),
                ],
            ),
            (
                "The blast killed 9 civilians.",
                &[("9", "9", Some("killed"))],
            ),
            (
                "The militia had 1,200 armed men.",
                &[("1,200", "1200", Some("man"))],
            ),
            (
                "The ship carried 3.5 tons of arms.",
                &[("3.5", "3.5", Some("ton"))],
            ),
            (
                "Between 10 and 15 guards were injured.",
                &[("Between 10 and 15", "10/15", Some("wounded"))],
            ),
            (
                "It sent 10 to 15 advisers.",
                &[("10 to 15", "10/15", Some("adviser"))],
            ),
            (
                "Twenty-five recruits trained there.",
                &[("Twenty-five", "25", Some("recruit"))],
            ),
            (
                "Hundreds of families fled.",
                &[("Hundreds", "200~", Some("family"))],
            ),
            (
                "Support fell to 35% in the north.",
                &[("35%", "35", Some("percent"))],
            ),
            (
                "Support fell to 35 percent.",
                &[("35", "35", Some("percent"))],
            ),
            (
                "The donor gave $5 million.",
                &[("$5 million", "5000000", Some("usd"))],
            ),
            ("It is the second largest city. [1]", &[]),
            ("One of them was a cleric.", &[]),
            ("It is one of the few armed groups there.", &[]),
            ("Two of them were Vesk nationals.", &[("Two", "2", None)]),
            (
                "He was sentenced to seven days in custody.",
                &[("seven", "7", Some("day"))],
            ),
            (
                "In 2009 two Lebanese were detained.",
                &[("two", "2", Some("arrested"))],
            ),
            (
                "Some 300 protesters gathered on July 3, 2018.",
                &[("Some 300", "300~", Some("protester"))],
            ),
            ("Volume: 20 Issue: 4", &[]),
            (
                "The bomb went off, killing 12 and wounding dozens.",
                &[
                    ("12", "12", Some("killed")),
                    ("dozens", "24~", Some("wounded")),
                ],
            ),
            (
                "A dozen guards watched.",
                &[("A dozen", "12", Some("guard"))],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<(String, String, Option<String>)> = find_quantities(text)
                .into_iter()
                .map(|q| (q.text, q.value, q.unit))
                .collect();
            let want: Vec<(String, String, Option<String>)> = want
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.map(str::to_string)))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn singulars() {
        for (p, s) in [
            ("policemen", "policeman"),
            ("people", "person"),
            ("casualties", "casualty"),
            ("churches", "church"),
            ("members", "member"),
            ("bus", "bus"),
            ("classes", "class"),
        ] {
            assert_eq!(singular(p), s);
        }
    }

    #[test]
    fn numbers_and_approximation_flags() {
        let q = find_quantities("More than 100 fighters joined.");
        assert_eq!(q[0].number, 100.0);
        assert!(q[0].approximate);
        let q = find_quantities("Exactly 7 boats sank.");
        assert!(!q[0].approximate);
        assert_eq!(q[0].unit.as_deref(), Some("boat"));
    }
}
