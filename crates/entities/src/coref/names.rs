//! Names: the grouping key of a mention, places by their key, types that may
//! share a cluster, and where each named mention goes (full names, short names,
//! acronyms, spelling variants).

use super::*;

/// Place nouns that may follow a place's name without changing the place
/// ("Tolva province", "Tolva City", "Lake Tolva basin").
pub(super) const PLACE_SUFFIXES: &[&str] = &[
    "province",
    "region",
    "district",
    "department",
    "municipality",
    "county",
    "governorate",
    "state",
    "city",
    "basin",
];

/// The grouping key of a place: its name key without a trailing place
/// noun ("Tolva region" = "Tolva").
pub(super) fn place_key(text: &str) -> String {
    let key = name_key(text);
    match key.rsplit_once(' ') {
        Some((rest, last)) if PLACE_SUFFIXES.contains(&last) && !rest.is_empty() => {
            rest.to_string()
        }
        _ => key,
    }
}

pub(super) fn compatible(a: EntityType, b: EntityType) -> bool {
    use EntityType::*;
    a == b
        || matches!(
            (a, b),
            (ArmedGroup, Organization) | (Organization, ArmedGroup)
        )
}

pub(super) fn fixed_type(t: EntityType) -> bool {
    matches!(t, EntityType::Country | EntityType::GroupIdentity)
}

impl<'a> Resolver<'a> {
    /// The words of a person's name without particles ("Bashar al-Assad" →
    /// bashar, assad).
    pub(super) fn person_words(&self, m: usize) -> Vec<String> {
        name_key(&self.ms[m].text)
            .split(' ')
            .filter(|w| {
                !w.is_empty()
                    && !matches!(
                        *w,
                        "al" | "el"
                            | "bin"
                            | "ibn"
                            | "bint"
                            | "abu"
                            | "de"
                            | "van"
                            | "von"
                            | "da"
                            | "del"
                    )
            })
            .map(String::from)
            .collect()
    }

    /// The grouping key of a mention: countries by country, identities by
    /// identity, everything else by normalized name.
    pub(super) fn key(&self, m: usize) -> String {
        let mm = &self.ms[m];
        match mm.label {
            EntityType::Country => match self
                .g
                .country(&mm.text)
                .or_else(|| self.g.demonym(&mm.text))
            {
                Some(c) => format!("country:{}", c.iso2),
                None => name_key(&mm.text),
            },
            EntityType::GroupIdentity => {
                if let Some(c) = self.g.demonym(&mm.text) {
                    format!("identity:{}", c.iso2)
                } else if let Some(i) = self.g.group_identity(&mm.text) {
                    format!("identity:{}", name_key(i))
                } else {
                    format!("identity:{}", name_key(&mm.text))
                }
            }
            EntityType::Location => place_key(&mm.text),
            _ => name_key(&mm.text),
        }
    }

    pub(super) fn live_clusters(&self) -> Vec<usize> {
        (0..self.clusters.len())
            .filter(|&c| self.clusters[c].merged_into.is_none())
            .collect()
    }

    /// The live clusters that the index entries `lists` point to, but
    /// `exclude`, in ascending order, each once.
    pub(super) fn roots_of<'b>(
        &self,
        lists: impl IntoIterator<Item = &'b Vec<usize>>,
        exclude: Option<usize>,
    ) -> Vec<usize> {
        let mut roots: Vec<usize> = lists
            .into_iter()
            .flatten()
            .map(|&c| self.root(c))
            .filter(|&c| Some(c) != exclude)
            .collect();
        roots.sort_unstable();
        roots.dedup();
        roots
    }

    /// Whether mention `m` may join cluster `c` by type.
    pub(super) fn type_ok(&self, m: usize, c: usize) -> bool {
        let t = self.cluster_type(c);
        let mm = &self.ms[m];
        if fixed_type(mm.label) || fixed_type(t) {
            return mm.label == t;
        }
        compatible(mm.label, t) || mm.confidence < 0.6 || self.cluster_conf(c) < 0.6
    }

    /// Decides the cluster of mention `i`.
    pub(super) fn place(&mut self, i: usize) {
        if self.of[i].is_some() {
            return;
        }
        if let Some(&t) = self.forced.get(&i) {
            if let Some(c) = self.cluster_of(t) {
                self.join(i, c);
                return;
            }
        }
        if let Some(&d) = self.defined.get(&i) {
            if let Some(c) = self.cluster_of(d) {
                self.ms[i].kind = MentionKind::Acronym;
                self.join(i, c);
                return;
            }
        }
        let key = self.key(i);
        if key.is_empty() {
            self.new_cluster(i);
            return;
        }
        // Same name (whatever a recognizer guessed its type to be): the
        // latest live cluster with this key.
        let label = self.ms[i].label;
        let same_kind = |t: EntityType| {
            if fixed_type(label) {
                t == label
            } else {
                !fixed_type(t)
            }
        };
        let mut with_key: Vec<usize> = self
            .key_clusters
            .get(&key)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&c| self.clusters[c].merged_into.is_none())
                    .collect()
            })
            .unwrap_or_default();
        with_key.sort_unstable_by(|a, b| b.cmp(a));
        with_key.dedup();
        if let Some(c) = with_key
            .into_iter()
            .find(|&c| same_kind(self.cluster_type(c)))
        {
            // A person's surname again, whatever a recognizer took it for.
            if !self.clusters[c].person_names.is_empty()
                && self.ms[i].label != EntityType::Person
                && self.ms[i].text.split_whitespace().count() == 1
                && !self.place_context(i)
            {
                self.ms[i].label = EntityType::Person;
                self.ms[i].kind = MentionKind::ShortName;
            }
            self.join(i, c);
            return;
        }
        if fixed_type(self.ms[i].label) {
            self.new_cluster(i);
            return;
        }
        // Surname or short form of a person.
        if let Some(c) = self.person_for_short(i, None) {
            self.ms[i].kind = MentionKind::ShortName;
            self.ms[i].label = EntityType::Person;
            self.join(i, c);
            return;
        }
        // Initialism of an earlier long name.
        if let Some(c) = self.expansion_for(i, None) {
            self.ms[i].kind = MentionKind::Acronym;
            self.join(i, c);
            return;
        }
        // Spelling variant.
        if let Some(c) = self.variant_of(&key, i) {
            self.join(i, c);
            return;
        }
        // The first or last words of a group's long name.
        if let Some(c) = self.group_for_part(i, None) {
            self.ms[i].kind = MentionKind::ShortName;
            self.join(i, c);
            return;
        }
        self.new_cluster(i);
    }

    /// The one armed group or organization whose long name (three words or
    /// more) begins or ends with this weakly typed name ("the Katiba" for
    /// "Katiba Ansar al-Hudra", "Ansar al-Hudra" too), if exactly one does.
    /// A single word only as "the X" or "X's" ("the Front" for the one "Dawn
    /// Front"); strongly typed places never join.
    /// Clusters are those of the index of first and last words, but `exclude`.
    pub(super) fn group_for_part(&self, i: usize, exclude: Option<usize>) -> Option<usize> {
        let mm = &self.ms[i];
        // In a heading ("Kata'ib Sayyid al-Tolva: A Profile") a recognizer's
        // type for a piece of a name is a guess.
        let heading = self.headings.get(mm.sentence).copied().unwrap_or(false);
        if fixed_type(mm.label)
            || is_acronym(&mm.text)
            || !heading && mm.label == EntityType::Person && mm.confidence >= 0.7
            || !heading
                && matches!(mm.label, EntityType::Location | EntityType::Facility)
                && mm.confidence >= 0.7
        {
            return None;
        }
        // "the Norlandic National Police" is not the "National Police of Velda".
        let prev_word = self
            .token_starting(mm.start)
            .and_then(|a| a.checked_sub(1))
            .map(|p| self.doc.tokens[p].text.as_str())
            .unwrap_or("");
        if self.g.demonym(prev_word).is_some() || self.g.country(prev_word).is_some() {
            return None;
        }
        let words = &self.words[i];
        if words.is_empty()
            || words[0].is_empty()
            || words.len() == 1 && self.g.place(&mm.text).is_some()
        {
            return None;
        }
        // A single word stands for the group only as "the X" or "X's"
        // ("the Katiba"; not "Kardian officials").
        let next_word = self
            .token_ending(mm.end)
            .and_then(|b| self.doc.tokens.get(b + 1))
            .map(|t| t.text.as_str())
            .unwrap_or("");
        if words.len() == 1 && !heading && !(fold(prev_word) == "the" || is_possessive(next_word)) {
            return None;
        }
        let location = mm.label == EntityType::Location;
        let k = words.len();
        let cands: Vec<usize> = self
            .roots_of(
                self.index
                    .prefixes
                    .get(&(k, index::prefix_hash(words)))
                    .into_iter()
                    .chain(self.index.suffixes.get(&(k, index::suffix_hash(words)))),
                exclude,
            )
            .into_iter()
            .filter(|&c| {
                matches!(
                    self.cluster_type(c),
                    EntityType::ArmedGroup | EntityType::Organization
                ) && self.clusters[c].distinct.iter().any(|&m| {
                    let full = &self.words[m];
                    let n = full.len();
                    // The last words after "of"/"in" are a place ("Council of Kardia").
                    let suffix = !location
                        && full[n.saturating_sub(words.len())..] == words[..]
                        && !matches!(
                            full.get(n.wrapping_sub(words.len() + 1))
                                .map(String::as_str),
                            Some("of" | "in" | "for" | "the" | "del" | "de")
                        );
                    // "X Jungle Company" is a unit of X, not X's full name
                    let formation = n >= words.len() + 2
                        && full[..words.len()] == words[..]
                        && FORMATION_NOUNS.contains(&full[n - 1].as_str());
                    // "Northern X", "Real X" and "X in Province" are other
                    // groups than X (a wing, a splinter, a branch)
                    let qualified = n > words.len()
                        && ((suffix
                            && full[..n - words.len()]
                                .iter()
                                .any(|w| SPLINTER_QUALIFIERS.contains(&w.as_str())))
                            || (full[..words.len()] == words[..]
                                && full.get(words.len()).map(String::as_str) == Some("in")));
                    (n >= 3 || n == 2 && words.len() == 1)
                        && n > words.len()
                        && (full[..words.len()] == words[..] || suffix)
                        && !formation
                        && !qualified
                        && !self.named_apart(words, full)
                })
            })
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// Whether the text names `part` and `full` side by side as two
    /// actors: in one sentence, not overlapping and not in apposition
    /// ("Kata'ib Sayf fought Sayf", "the Northern Front broke away from the
    /// Front"), so that the shorter is another group, not a short name.
    pub(super) fn named_apart(&self, part: &[String], full: &[String]) -> bool {
        let (Some(ps), Some(fs)) = (
            self.spans_by_key.get(&part.join(" ")),
            self.spans_by_key.get(&full.join(" ")),
        ) else {
            return false;
        };
        ps.iter().any(|&(s, a, b)| {
            fs.iter().any(|&(s2, a2, b2)| {
                if s != s2 || !(b <= a2 || b2 <= a) {
                    return false;
                }
                let gap = if b <= a2 {
                    self.doc.slice(b, a2)
                } else {
                    self.doc.slice(b2, a)
                };
                // "X (Y)", "X, Y,", "X – Y": one name given twice.
                gap.trim_matches(|c: char| c.is_whitespace() || "(,\u{2013}\u{2014}-:".contains(c))
                    .chars()
                    .any(char::is_alphanumeric)
            })
        })
    }

    /// The one person cluster whose full name contains this short name
    /// (surname, or first and last names), if exactly one does.
    /// Clusters are those of the index of surnames, but `exclude`.
    pub(super) fn person_for_short(&self, i: usize, exclude: Option<usize>) -> Option<usize> {
        let mm = &self.ms[i];
        // A listed place stays a place, unless it is a single city name
        // outside any place context ("Barry's students": the surname).
        let listed_place = mm.source == "gazetteer"
            && matches!(mm.label, EntityType::Location | EntityType::Facility)
            && mm.confidence >= 0.8
            && !(mm.label == EntityType::Location
                && mm.text.split_whitespace().count() == 1
                && self.g.region(&mm.text).is_none()
                && !self.place_context(i));
        if listed_place || fixed_type(mm.label) || is_acronym(&mm.text) {
            return None;
        }
        let words = self.person_words(i);
        if words.is_empty() || words.len() > 3 {
            return None;
        }
        let fits = |full: &Vec<String>| -> bool {
            if full.len() <= words.len() || full.last() != words.last() {
                return false;
            }
            // The short form's words appear in order in the full name.
            let mut k = 0;
            for w in full {
                if k < words.len() && *w == words[k] {
                    k += 1;
                }
            }
            k == words.len()
        };
        let last = words.last()?;
        let cands: Vec<usize> = self
            .roots_of(self.index.person_last.get(last), exclude)
            .into_iter()
            .filter(|&c| self.clusters[c].person_names.iter().any(fits))
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// Whether the words right before mention `i` make it a place ("in X",
    /// "near X", "the town of X").
    pub(super) fn place_context(&self, i: usize) -> bool {
        let m = &self.ms[i];
        let Some(a) = self.token_starting(m.start) else {
            return false;
        };
        let Some(b) = self.token_ending(m.end) else {
            return false;
        };
        let prev = a
            .checked_sub(1)
            .map(|p| fold(&self.doc.tokens[p].text))
            .unwrap_or_default();
        matches!(
            prev.as_str(),
            "in" | "near" | "from" | "at" | "to" | "of" | "outside" | "around" | "across" | "into"
        ) || crate::context::context_type(self.doc, self.g, a, b + 1, false)
            .is_some_and(|x| x.0 == EntityType::Location)
    }

    /// The one earlier group or organization whose name's initials spell
    /// this acronym.
    /// Clusters are those of the index of initials, but `exclude`.
    pub(super) fn expansion_for(&self, i: usize, exclude: Option<usize>) -> Option<usize> {
        let mm = &self.ms[i];
        if !is_acronym(&mm.text) {
            return None;
        }
        let acr: String = mm
            .text
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect::<String>()
            .to_uppercase();
        let cands: Vec<usize> = self
            .roots_of(self.index.initials.get(&acr), exclude)
            .into_iter()
            .filter(|&c| {
                matches!(
                    self.cluster_type(c),
                    EntityType::ArmedGroup
                        | EntityType::Organization
                        | EntityType::Location
                        | EntityType::Facility
                ) && self.clusters[c].distinct.iter().any(|&m| {
                    let t = &self.ms[m].text;
                    t.split_whitespace().count() >= 2 && initials(t).to_uppercase() == acr
                })
            })
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// The latest cluster with a spelling variant of this (long) name
    /// (among those of the index of key shapes and of keys one word apart).
    pub(super) fn variant_of(&self, key: &str, i: usize) -> Option<usize> {
        let n = key.chars().count();
        if n < 7 {
            return None;
        }
        let initials_of = |k: &str| {
            k.split(' ')
                .filter_map(|w| w.chars().next())
                .collect::<String>()
        };
        let first = initials_of(key);
        let words = key.split(' ').count();
        // Three or more words, all alike but one spelled one letter apart
        // ("Ranao Mujahideen Front" = "Lanao Mujahideen Front").
        let one_word_apart = |k: &str| {
            let (x, y): (Vec<&str>, Vec<&str>) = (k.split(' ').collect(), key.split(' ').collect());
            x.len() >= 3
                && x.len() == y.len()
                && x.iter().zip(&y).filter(|(p, q)| p != q).count() == 1
                && x.iter()
                    .zip(&y)
                    .all(|(p, q)| p == q || p.chars().count() >= 4 && edit_distance(p, q) == 1)
        };
        let ih = index::initials_hash(key);
        let shapes =
            (n.saturating_sub(2)..=n + 2).filter_map(|kn| self.index.shapes.get(&(ih, words, kn)));
        let masked: Vec<u64> = if words >= 3 {
            index::masked_hashes(key)
        } else {
            Vec::new()
        };
        let cands = self.roots_of(
            shapes.chain(masked.iter().filter_map(|h| self.index.masked.get(h))),
            None,
        );
        cands.into_iter().rev().find(|&c| {
            self.type_ok(i, c)
                && self.clusters[c].keys.iter().any(|k| {
                    if one_word_apart(k) {
                        return true;
                    }
                    let kn = k.chars().count();
                    let allowed = if kn.min(n) >= 9 { 2 } else { 1 };
                    kn >= 7
                        && initials_of(k) == first
                        && k.split(' ').count() == words
                        && kn.abs_diff(n) <= allowed
                        && edit_distance(k, key) <= allowed
                })
        })
    }
}
