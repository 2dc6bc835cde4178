//! Aliases: names a text declares to be one ("Name (ACR)", "known as", "also
//! spelled", quoted full names, a name's prefixed forms), and short names met
//! before their full form.

use super::*;

/// Cues before a name that make it another name of a person ("alias
/// \u{201c}X\u{201d}", "known by his nickname X", "his nom de guerre, X").
pub(super) const PERSON_ALIAS_CUES: &[&str] = &[
    "alias",
    "aliases",
    "nickname",
    "nicknamed",
    "nom de guerre",
    "nom de plume",
    "kunya",
    "known by",
    "goes by",
    "went by",
    "better known as",
];

/// Cues before a name that make it another name, spelling or translation
/// of the group just mentioned ("usually spell it X", "occasionally spelled
/// X", "the name means X", "call it simply X").
pub(super) const NAME_ALIAS_CUES: &[&str] = &[
    "spell it",
    "spells it",
    "spelled",
    "spelt",
    "transliterated",
    "transliterated as",
    "call it",
    "calls it",
    "called it",
    "call it simply",
    "calls it simply",
    "also called",
    "name means",
    "translates as",
    "also known as",
    "still called",
    "widely called",
    "formerly called",
    "once called",
    "locally called",
    "formerly known as",
    "previously known as",
    "locally known as",
];

impl<'a> Resolver<'a> {
    pub(super) fn text_after(&self, end: usize, max: usize) -> String {
        let len = self.doc.len_chars();
        self.doc.slice(end, (end + max).min(len)).to_string()
    }

    /// "Name (ACR)": links the acronym to the name; adds the acronym mention
    /// when no recognizer found it.
    pub(super) fn acronym_definitions(&mut self) {
        let mut added = Vec::new();
        // `ms` is sorted by (start, end) without repeats.
        let reach = index::Reach::new(&self.ms);
        for i in 0..self.ms.len() {
            let m = &self.ms[i];
            if m.kind == MentionKind::Acronym
                || fixed_type(m.label)
                || m.text.split_whitespace().count() < 2
            {
                continue;
            }
            let after = self.text_after(m.end, 16);
            let trimmed = after.trim_start();
            let skipped = after.chars().count() - trimmed.chars().count();
            let Some(inner) = trimmed.strip_prefix('(') else {
                continue;
            };
            let Some(close) = inner.find(')') else {
                continue;
            };
            let acr = &inner[..close];
            if !is_acronym(acr) {
                continue;
            }
            let start = m.end + skipped + 1;
            let end = start + acr.chars().count();
            let at = self.ms.partition_point(|x| (x.start, x.end) < (start, end));
            let found =
                (at < self.ms.len() && self.ms[at].start == start && self.ms[at].end == end)
                    .then_some(at);
            // No mention overlaps start..end.
            let free = !reach.overlaps(&self.ms, start, end);
            match found {
                Some(j) => {
                    self.ms[j].kind = MentionKind::Acronym;
                    self.defined.insert(j, i);
                }
                None if free && self.doc.sentence_at(start) == Some(m.sentence) => {
                    added.push((
                        i,
                        Mention {
                            start,
                            end,
                            sentence: m.sentence,
                            text: acr.to_string(),
                            label: m.label,
                            kind: MentionKind::Acronym,
                            source: "coref-acronym".into(),
                            confidence: m.confidence,
                            entity: None,
                        },
                    ));
                }
                None => {}
            }
        }
        for (i, m) in added {
            self.ms.push(m);
            self.defined.insert(self.ms.len() - 1, i);
        }
        self.resort();
    }

    /// The mentions wholly within chars `qs..qe`, in order (`ms` is sorted
    /// by start, and a mention starting at `qe` or later ends after it).
    pub(super) fn mentions_within(&self, qs: usize, qe: usize) -> Vec<usize> {
        let from = self.ms.partition_point(|m| m.start < qs);
        (from..self.ms.len())
            .take_while(|&j| self.ms[j].start < qe)
            .filter(|&j| self.ms[j].end <= qe)
            .collect()
    }

    /// Keeps `ms` sorted by start, remapping the side tables.
    pub(super) fn resort(&mut self) {
        let mut order: Vec<usize> = (0..self.ms.len()).collect();
        order.sort_by_key(|&i| (self.ms[i].start, self.ms[i].end));
        let mut new_of = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old] = new;
        }
        self.ms = order.iter().map(|&i| self.ms[i].clone()).collect();
        self.of = order
            .iter()
            .map(|&i| self.of.get(i).copied().flatten())
            .collect();
        self.defined = self
            .defined
            .iter()
            .map(|(&a, &b)| (new_of[a], new_of[b]))
            .collect();
        self.forced = self
            .forced
            .iter()
            .map(|(&a, &b)| (new_of[a], new_of[b]))
            .collect();
        self.alias_only = self.alias_only.iter().map(|&a| new_of[a]).collect();
        for c in &mut self.clusters {
            for m in &mut c.mentions {
                *m = new_of[*m];
            }
        }
    }

    /// The alias cue that ends right before char `start` (after quotes,
    /// commas and "the", "his", "her", "its", "simply"), if any, and
    /// whether it names a person.
    pub(super) fn alias_cue_before(&self, start: usize, sentence_start: usize) -> Option<bool> {
        let from = start.saturating_sub(40).max(sentence_start);
        let mut before = self.doc.slice(from, start).to_lowercase();
        loop {
            let t = before
                .trim_end_matches(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '\'' | ',' | ':')
                })
                .to_string();
            // A title inside the quotes ("Commander Blue") stays outside the alias.
            let last_word = t
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let title = (!last_word.is_empty() && self.g.is_title(last_word)).then_some(last_word);
            let stripped = ["the", "his", "her", "its", "their"]
                .iter()
                .copied()
                .chain(title)
                .find_map(|w| {
                    t.strip_suffix(w)
                        .filter(|r| r.is_empty() || r.ends_with(|c: char| !c.is_alphanumeric()))
                        .map(str::to_string)
                });
            match stripped {
                Some(r) => before = r,
                None => {
                    before = t;
                    break;
                }
            }
        }
        let ends = |cue: &str| {
            before.ends_with(cue)
                && before[..before.len() - cue.len()]
                    .chars()
                    .last()
                    .is_none_or(|c| !c.is_alphanumeric())
        };
        if PERSON_ALIAS_CUES.iter().any(|c| ends(c)) {
            Some(true)
        } else if NAME_ALIAS_CUES.iter().any(|c| ends(c)) {
            Some(false)
        } else {
            None
        }
    }

    /// "Ada Ferrin, alias \u{201c}La Negra\u{201d}", "known by his nom de
    /// guerre, Abu X": the name joins the nearest person before it; "usually
    /// spell it X", "the name means \u{201c}X\u{201d}": the name joins the latest
    /// armed group or organization.
    pub(super) fn cued_aliases(&mut self) {
        for k in 0..self.ms.len() {
            let m = &self.ms[k];
            if fixed_type(m.label) || self.forced.contains_key(&k) {
                continue;
            }
            let Some(s) = self.doc.sentences.get(m.sentence).copied() else {
                continue;
            };
            let Some(person) = self.alias_cue_before(m.start, s.start) else {
                continue;
            };
            let window_start = if m.sentence > 0 {
                self.doc.sentences[m.sentence.saturating_sub(4)].start
            } else {
                s.start
            };
            let lowest = if person { s.start } else { window_start };
            // `ms` is sorted by start: before the first starting before the
            // window, none starts in it.
            let in_window: Vec<usize> = (0..k)
                .rev()
                .take_while(|&j| self.ms[j].start >= lowest)
                .filter(|&j| {
                    let o = &self.ms[j];
                    o.end <= m.start
                        && if person {
                            o.label == EntityType::Person
                        } else if m.label == EntityType::Location {
                            o.label == EntityType::Location
                        } else {
                            matches!(o.label, EntityType::ArmedGroup | EntityType::Organization)
                                && o.text.split_whitespace().count() >= 2
                        }
                })
                .collect();
            // A group whose name has the alias's words ("the Hand" → "Red
            // Hand of Norland"), else the latest armed group, else the latest.
            let alias_words: Vec<String> = name_key(&m.text).split(' ').map(String::from).collect();
            let target = if person || m.label == EntityType::Location {
                in_window.first().copied()
            } else {
                in_window
                    .iter()
                    .copied()
                    .find(|&j| {
                        let full = name_key(&self.ms[j].text);
                        alias_words.iter().all(|w| full.split(' ').any(|x| x == w))
                    })
                    .or_else(|| {
                        in_window
                            .iter()
                            .copied()
                            .find(|&j| self.ms[j].label == EntityType::ArmedGroup)
                    })
                    .or_else(|| in_window.first().copied())
            };
            // "… spell it X": "it" is the group the text is about; failing
            // one nearby, the latest group with a long name.
            let target = target.or_else(|| {
                (!person && m.label != EntityType::Location)
                    .then(|| {
                        (0..k).rev().find(|&j| {
                            self.ms[j].label == EntityType::ArmedGroup
                                && self.ms[j].text.split_whitespace().count() >= 2
                        })
                    })
                    .flatten()
            });
            if let Some(t) = target {
                self.forced.insert(k, t);
                self.alias_only.insert(k);
            }
        }
    }

    /// "the Attorney General's Office (Fiscalía General de la Nación)": a
    /// name of several words in parentheses right after an organization's
    /// or armed group's name is another name of it; the mentions inside join.
    pub(super) fn parenthesized_names(&mut self) {
        for k in 0..self.ms.len() {
            let m = &self.ms[k];
            if !matches!(m.label, EntityType::ArmedGroup | EntityType::Organization) {
                continue;
            }
            let after = self.text_after(m.end, 80);
            let Some(inner) = after.strip_prefix(" (") else {
                continue;
            };
            let Some(close) = inner.find(')') else {
                continue;
            };
            let name = &inner[..close];
            let words: Vec<&str> = name.split_whitespace().collect();
            let ok = (2..=8).contains(&words.len())
                && words[0].starts_with(|c: char| c.is_uppercase())
                && words.last().is_some_and(|w| capitalized_name_word(w))
                && !name.contains(|c: char| c.is_ascii_digit() || c == ',' || c == ';');
            if !ok {
                continue;
            }
            let qs = m.end + 2;
            let qe = qs + name.chars().count();
            let inside = self.mentions_within(qs, qe);
            if inside.iter().any(|&j| fixed_type(self.ms[j].label)) {
                continue;
            }
            for j in inside {
                self.forced.insert(j, k);
                self.alias_only.insert(j);
            }
            self.pending_aliases.push((k, name.to_string()));
        }
    }

    /// "Name (Hebrew: …; Russian: Менахем …, romanized: Menakhem …; dates)":
    /// a name right after a language label (a language, a nationality
    /// word, "romanized", "transliterated", "lit.") inside the parenthesis
    /// that follows a name is that name in another language or script; it
    /// joins it.
    pub(super) fn translated_names(&mut self) {
        for k in 0..self.ms.len() {
            let m = &self.ms[k];
            if fixed_type(m.label) || m.kind == MentionKind::Acronym {
                continue;
            }
            let after = self.text_after(m.end, 400);
            let Some(inner) = after.strip_prefix(" (") else {
                continue;
            };
            // the parenthesis's extent, nested ones inside it
            let mut depth = 1usize;
            let mut close = None;
            for (i, c) in inner.chars().enumerate() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(close) = close else {
                continue;
            };
            let qs = m.end + 2;
            for j in self.mentions_within(qs, qs + close) {
                if fixed_type(self.ms[j].label) || self.forced.contains_key(&j) {
                    continue;
                }
                let before = self.doc.slice(qs, self.ms[j].start).to_string();
                let Some(colon) = before.rfind(':') else {
                    continue;
                };
                let (head, tail) = (&before[..colon], &before[colon + 1..]);
                if tail.contains([';', ',', '(', ')', '[', ']']) {
                    continue;
                }
                let label = head
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                if self.is_language_label(label) {
                    // the translation names what the name names: its type
                    // too, not the recognizer's guess at a foreign name
                    self.ms[j].label = self.ms[k].label;
                    self.ms[j].confidence = self.ms[j].confidence.min(self.ms[k].confidence);
                    self.forced.insert(j, k);
                    self.alias_only.insert(j);
                }
            }
        }
    }

    /// Whether `word` labels a name's form in a language or script: a
    /// language ("Hebrew"), a nationality word ("Russian"), "romanized".
    fn is_language_label(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        matches!(
            lower.as_str(),
            "romanized" | "romanised" | "transliterated" | "translit" | "lit"
        ) || word.starts_with(|c: char| c.is_uppercase())
            && (self.g.is_language(word) || self.g.demonym(word).is_some())
    }

    /// "G: Full Name" outside quotes: the full name joins G.
    pub(super) fn colon_aliases(&mut self) {
        for k in 1..self.ms.len() {
            let (a, b) = (&self.ms[k - 1], &self.ms[k]);
            if a.sentence != b.sentence || a.end > b.start || self.forced.contains_key(&k) {
                continue;
            }
            let groupish =
                |m: &Mention| matches!(m.label, EntityType::ArmedGroup | EntityType::Organization);
            // "G: Full Name"; "G, or Other Name (ACR)": another name of G.
            let between = self.doc.slice(a.end, b.start);
            let or_name = between == ", or "
                && b.text.split_whitespace().count() >= 2
                && a.text.split_whitespace().count() >= 2;
            let ok = (between == ": " || or_name)
                && (groupish(a) || a.confidence < 0.6 && !fixed_type(a.label))
                && groupish(b)
                && b.text.split_whitespace().count() >= 2;
            if ok {
                self.forced.insert(k, k - 1);
                self.alias_only.insert(k);
                if !or_name {
                    let full = self.doc.slice(a.start, b.end).to_string();
                    self.pending_aliases.push((k - 1, full));
                }
            }
        }
    }

    /// `its full name, “A: B”` and `“A: B”`: names inside the quotes join A
    /// (or the most recent group when there is no A).
    pub(super) fn quoted_full_names(&mut self) {
        let text: Vec<char> = self.doc.text.chars().collect();
        let lower: String = self.doc.text.to_lowercase();
        let lower_chars: Vec<char> = lower.chars().collect();
        if lower_chars.len() != text.len() {
            return; // lowercasing changed lengths: offsets would not line up
        }
        let mut i = 0;
        while i < text.len() {
            let c = text[i];
            if c != '\u{201c}' && c != '"' {
                i += 1;
                continue;
            }
            let close = if c == '"' { '"' } else { '\u{201d}' };
            let Some(len) = text[i + 1..].iter().take(120).position(|&x| x == close) else {
                i += 1;
                continue;
            };
            let (qs, mut qe) = (i + 1, i + 1 + len);
            i = qe + 1;
            while qe > qs && matches!(text[qe - 1], ',' | '.' | ';') {
                qe -= 1;
            }
            if qe <= qs || !text[qs].is_uppercase() {
                continue;
            }
            let before: String = lower_chars[qs.saturating_sub(30)..qs].iter().collect();
            let cued = FULL_NAME_CUES.iter().any(|cue| before.contains(cue));
            let colon = text[qs..qe].iter().position(|&x| x == ':');
            if !cued && colon.is_none() {
                continue;
            }
            let inside = self.mentions_within(qs, qe);
            // The target: the name before the colon, else the latest group before the quote.
            let target = match colon {
                Some(p) => inside
                    .iter()
                    .copied()
                    .find(|&k| self.ms[k].end <= qs + p && !fixed_type(self.ms[k].label)),
                None => None,
            }
            .or_else(|| {
                if !cued {
                    return None;
                }
                // "The movement is also known as …": the latest armed group
                // when the sentence speaks of a group, else any organization.
                let sentence = self.doc.sentence_at(qs)?;
                let s = self.doc.sentences[sentence];
                let armed_nominal = self
                    .doc
                    .slice(s.start, qs)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| NOMINAL_ARMED.contains(&w.to_lowercase().as_str()));
                // Mentions from the first starting at `qs` on end after it.
                let before = self.ms.partition_point(|m| m.start < qs);
                let latest = |types: &[EntityType]| {
                    (0..before)
                        .rev()
                        .find(|&k| self.ms[k].end <= qs && types.contains(&self.ms[k].label))
                };
                if armed_nominal {
                    latest(&[EntityType::ArmedGroup])
                        .or_else(|| latest(&[EntityType::Organization]))
                } else {
                    latest(&[EntityType::ArmedGroup, EntityType::Organization])
                }
            });
            let Some(t) = target else { continue };
            let full: String = text[qs..qe].iter().collect();
            let rest: Option<String> = colon.map(|p| {
                text[qs + p + 1..qe]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string()
            });
            for k in inside {
                // The quoted name itself (or its part after the colon) is a name
                // of the target whatever its guessed type; other names inside
                // join when weakly typed or organizations.
                let rest_start = colon.map(|p| qs + p + 1).unwrap_or(qs);
                let whole = self.ms[k].start <= rest_start + 1
                    && self.ms[k].end >= qe
                    && (cued || colon.is_some());
                let weak = whole
                    || self.ms[k].confidence < 0.7
                    || matches!(
                        self.ms[k].label,
                        EntityType::ArmedGroup | EntityType::Organization
                    );
                if k != t && !fixed_type(self.ms[k].label) && weak && !self.forced.contains_key(&k)
                {
                    self.forced.insert(k, t);
                    self.alias_only.insert(k);
                }
            }
            self.pending_aliases.push((t, full));
            if let Some(r) = rest.filter(|r| !r.is_empty()) {
                self.pending_aliases.push((t, r));
            }
        }
    }

    /// Short names and acronyms met before their full form.
    pub(super) fn late_merges(&mut self) {
        let live = self.live_clusters();
        for &c in &live {
            let only_headings = self.clusters[c].mentions.iter().all(|&m| {
                self.headings
                    .get(self.ms[m].sentence)
                    .copied()
                    .unwrap_or(false)
            });
            if self.clusters[c].merged_into.is_some()
                || !self.clusters[c].person_names.is_empty() && !only_headings
            {
                continue;
            }
            let ms = self.clusters[c].mentions.clone();
            let Some(&first) = ms.first() else { continue };
            if let Some(t) = self.person_for_short(first, Some(c)) {
                for &m in &ms {
                    self.ms[m].kind = MentionKind::ShortName;
                    self.ms[m].label = EntityType::Person;
                }
                self.merge(c, t);
            } else if let Some(t) = ms
                .iter()
                .find_map(|&m| self.group_for_part(m, Some(c)))
                .filter(|&t| {
                    // Every name of the cluster is made of the group's words.
                    let group_words: HashSet<&str> = self.clusters[t]
                        .distinct
                        .iter()
                        .flat_map(|&m| self.words[m].iter().map(String::as_str))
                        .collect();
                    ms.iter().all(|&m| {
                        self.alias_only.contains(&m)
                            || self.words[m]
                                .iter()
                                .all(|w| group_words.contains(w.as_str()))
                    })
                })
            {
                for &m in &ms {
                    self.ms[m].kind = MentionKind::ShortName;
                }
                self.merge(c, t);
            } else if let Some(t) = self.expansion_for(first, Some(c)) {
                for &m in &ms {
                    self.ms[m].kind = MentionKind::Acronym;
                }
                self.merge(c, t);
            }
        }
    }

    /// "Qarvani Sword Brigade", "Qarvan’s Sword Brigade": aliases of the
    /// group; "the Qarvani embassy in Velda": alias of the facility.
    pub(super) fn prefix_aliases(&mut self) {
        for k in 1..self.ms.len() {
            let (p, m) = (&self.ms[k - 1], &self.ms[k]);
            if !matches!(m.label, EntityType::ArmedGroup | EntityType::Organization)
                || m.sentence != p.sentence
            {
                continue;
            }
            if !matches!(p.label, EntityType::Country | EntityType::GroupIdentity) {
                continue;
            }
            let between = self.doc.slice(p.end, m.start).trim().to_string();
            let ok =
                between.is_empty() && self.g.demonym(&p.text).is_some() || is_possessive(&between);
            if ok && p.end <= m.start && m.start - p.end <= 3 {
                let alias = self.doc.slice(p.start, m.end).to_string();
                if let Some(c) = self.cluster_of(k) {
                    self.clusters[c].extra.push(alias);
                }
            }
        }
        for k in 0..self.ms.len() {
            if self.ms[k].label != EntityType::Facility {
                continue;
            }
            let after = self.text_after(self.ms[k].end, 4);
            if after == " in " {
                if let Some(next) = self.ms.get(k + 1).filter(|n| {
                    n.start == self.ms[k].end + 4
                        && matches!(n.label, EntityType::Location | EntityType::Country)
                }) {
                    let alias = self.doc.slice(self.ms[k].start, next.end).to_string();
                    if let Some(c) = self.cluster_of(k) {
                        self.clusters[c].extra.push(alias);
                    }
                }
            }
        }
        let pending = std::mem::take(&mut self.pending_aliases);
        for (m, alias) in pending {
            if let Some(c) = self.cluster_of(m) {
                self.clusters[c].extra.push(alias);
            }
        }
    }
}

/// Whether a name's word is capitalized, after a lowercase particle too
/// ("Sharqiyya" of "al-Sharqiyya", "ad-Din").
pub(super) fn capitalized_name_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
        || w.rsplit('-')
            .next()
            .is_some_and(|p| p.starts_with(|c: char| c.is_uppercase()))
}
