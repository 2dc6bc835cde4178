//! Labels: the entity type of a span, from the gazetteer (`lookup`, `emit_hit`)
//! or from its context and shape (places, persons, facilities).

use super::*;

impl<'a> SentenceRecognizer<'a> {
    /// The gazetteer entry named by tokens `a..b`, if any.
    pub(super) fn lookup(&self, a: usize, b: usize) -> Option<Hit<'a>> {
        let text = self.span_text(a, b);
        if let Some(p) = self.g.place(text) {
            return Some(Hit::Place(p));
        }
        if self.g.group_identity(text).is_some() {
            return Some(Hit::Identity);
        }
        if self.g.demonym(text).is_some() {
            return Some(Hit::Demonym);
        }
        None
    }

    pub(super) fn emit_hit(&mut self, a: usize, b: usize, hit: Hit<'a>) {
        let (label, conf) = match hit {
            Hit::Place(Place::Country(_)) => (EntityType::Country, 0.95),
            Hit::Place(Place::Region(_)) => (EntityType::Location, 0.9),
            Hit::Place(Place::City { city, alternate }) => {
                let initial = a == 0
                    || self.toks[..a]
                        .iter()
                        .all(|t| !t.text.chars().any(char::is_alphanumeric));
                let f = fold(self.word(a));
                if b - a == 1 && (self.lower_vocab.contains(&f) || STOP.contains(&f.as_str())) {
                    return;
                }
                if initial && city.population < 1_000_000 && b - a == 1 && !self.place_context(a) {
                    return;
                }
                if alternate && city.population < 100_000 && !self.place_context(a) {
                    // Too weak a match: type the words as an unknown name.
                    self.typed_run(a, b, false);
                    return;
                }
                (EntityType::Location, if alternate { 0.7 } else { 0.85 })
            }
            Hit::Demonym
                if b - a == 1
                    && STATE_NOUNS.contains(&self.word(b))
                    && self.g.country(self.word(a)).is_none() =>
            {
                // "Algerian authorities", "the Libyan town of X": the country.
                (EntityType::Country, 0.85)
            }
            Hit::Demonym | Hit::Identity => (EntityType::GroupIdentity, 0.9),
        };
        self.push(a, b, label, conf);
    }

    /// "in X", "city of X", "X province": context that makes a place likely.
    pub(super) fn place_context(&self, a: usize) -> bool {
        let prev = if a > 0 {
            fold(self.word(a - 1))
        } else {
            String::new()
        };
        matches!(
            prev.as_str(),
            "in" | "of"
                | "from"
                | "near"
                | "to"
                | "at"
                | "outside"
                | "inside"
                | "around"
                | "across"
                | "into"
                | "toward"
                | "towards"
                | "through"
                | "between"
        )
    }

    /// Whether tokens a..b look like a personal name: 1–4 capitalized
    /// alphabetic words, no acronyms, no cue nouns.
    pub(super) fn person_like(&self, a: usize, b: usize) -> bool {
        (1..=6).contains(&(b - a))
            && (a..b).all(|k| {
                let w = self.word(k);
                (is_capitalized(w) || CONNECTORS.contains(&fold(w).as_str()))
                    && !is_acronym(w)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '-' || is_apostrophe(c) || c == '.')
                    && !self.g.is_organization_cue(w)
                    && !self.g.is_armed_group_cue(w)
                    && !self.g.is_facility_cue(w)
                    && !self.g.is_location_cue(w)
                    && self.g.group_identity(w).is_none()
                    && self.g.demonym(w).is_none()
                    && self.g.country(w).is_none()
            })
    }

    /// Context words around a..b (±`w` tokens, same sentence, lowercased).
    pub(super) fn context(&self, a: usize, b: usize, w: usize) -> Vec<&str> {
        let lo = a.saturating_sub(w);
        let hi = (b + w).min(self.toks.len());
        (lo..a).chain(b..hi).map(|k| self.word(k)).collect()
    }

    /// Types a run of capitalized words that no gazetteer lists (`title`: a
    /// title the caller cut off stood before it): dropped when it is no
    /// name, else typed by its context, else by its own words and
    /// neighbours ([`Self::run_type`]).
    pub(super) fn typed_run(&mut self, a: usize, b: usize, title: bool) {
        if self.not_a_run_name(a, b, title) {
            return;
        }
        if !title && !self.title_before(a) {
            let base = self.doc.sentences[self.sentence].token_start;
            if let Some((label, conf)) =
                crate::context::context_type(self.doc, self.g, base + a, base + b, false)
            {
                self.push(a, b, label, conf);
                return;
            }
        }
        if let Some((label, conf, end)) = self.run_type(a, b, title) {
            self.push(a, end, label, conf);
        }
    }

    /// Whether the word after the run (token `b`) makes it a group's name:
    /// a lowercase armed-group noun that names no organization, or a
    /// possessive.
    fn cue_next(&self, b: usize) -> bool {
        let next = self.word(b);
        next.starts_with(|c: char| c.is_lowercase())
            && self.g.is_armed_group_cue(next)
            && !self.g.is_organization_cue(next)
            || is_possessive(next)
    }

    /// Runs that are no name: a one-word adjective before a lowercase noun
    /// ("Barry's Quranic students"), a capitalized word seen only at
    /// sentence starts or in headings, heading words never seen in running
    /// text ("A Record of Violence").
    fn not_a_run_name(&self, a: usize, b: usize, title: bool) -> bool {
        let g = self.g;
        let first = self.word(a);
        let head = self.word(b - 1);
        let next = self.word(b);
        let single_unknown = b - a == 1 && !title && !is_acronym(first) && !self.title_before(a);
        let cue_next = self.cue_next(b);
        let next_is_noun = self
            .toks
            .get(b)
            .and_then(|t| t.pos.as_deref())
            .is_some_and(|p| p.starts_with("NN"));
        if single_unknown
            && (self.toks[a].pos.as_deref() == Some("JJ")
                || ["ic", "ian", "ean", "ese"]
                    .iter()
                    .any(|x| fold(first).ends_with(x))
                    && next_is_noun)
            && next.starts_with(|c: char| c.is_lowercase())
            && !cue_next
        {
            return true;
        }
        if single_unknown
            && (self.initial(a) || self.is_heading())
            && !self.midcaps.contains(&fold(first))
            && !cue_next
        {
            return true;
        }
        self.is_heading()
            && !(g.is_organization_cue(head) || g.is_armed_group_cue(head))
            && (a..b).any(|k| {
                is_capitalized(self.word(k)) && !self.midcaps.contains(&fold(self.word(k)))
            })
    }

    /// Whether armed-context words stand within four tokens of the run or
    /// inside it.
    fn armed_context(&self, a: usize, b: usize) -> bool {
        self.context(a, b, 4)
            .iter()
            .any(|w| self.g.is_armed_context_cue(w))
            || (a..b).any(|k| self.g.is_armed_context_cue(self.word(k)))
    }

    /// The type of the run from its title, head and lead nouns, cue words
    /// and neighbours, with a confidence and the token it ends before (one
    /// past the run where the next word belongs to the name); none: no
    /// entity.
    fn run_type(&self, a: usize, b: usize, title: bool) -> Option<(EntityType, f32, usize)> {
        if let Some(typed) = self.cue_run_type(a, b, title) {
            return Some(typed);
        }
        self.weak_run_type(a, b)
            .map(|(label, conf)| (label, conf, b))
    }

    /// The run's type where a title, a cue noun in or right after it, or
    /// its acronym shape decides it (see [`Self::run_type`]).
    fn cue_run_type(&self, a: usize, b: usize, title: bool) -> Option<(EntityType, f32, usize)> {
        let g = self.g;
        let words = self.words(a, b);
        let head = *words.last().unwrap_or(&"");
        let first = words[0];
        let next = self.word(b);
        let prev = if a > 0 { self.word(a - 1) } else { "" };
        let armed_ctx = self.armed_context(a, b);
        let lead_cue = b - a > 2
            && fold(self.word(a + 1)) == "of"
            && (g.is_armed_group_cue(first) || g.is_organization_cue(first));
        let typed = if title || self.title_before(a) && self.person_like(a, b) {
            (EntityType::Person, 0.8)
        } else if lead_cue {
            // "Army of the Free Hills", "Ministry of the Interior": the first noun is the head.
            if g.is_armed_group_cue(first) && !g.is_organization_cue(first)
                || g.is_armed_group_cue(first) && armed_ctx
            {
                (EntityType::ArmedGroup, 0.7)
            } else {
                (EntityType::Organization, 0.7)
            }
        } else if g.is_facility_cue(head) && b - a > 1
            || b - a > 1
                && words
                    .iter()
                    .any(|w| STRONG_FACILITY.contains(&fold(w).as_str()))
                && !words
                    .iter()
                    .any(|w| g.is_organization_cue(w) || g.is_armed_group_cue(w))
        {
            // "Velda Airport", "Grand Hotel of the River".
            (EntityType::Facility, 0.75)
        } else if g.is_location_cue(head) && b - a > 1
            || PLACE_OF.contains(&fold(prev).as_str()) && a > 1 && fold(self.word(a - 2)) == "of"
        {
            (EntityType::Location, 0.75)
        } else if a > 1 && fold(prev) == "of" && PLACE_OF.contains(&fold(self.word(a - 2)).as_str())
        {
            // "the city of Qarvan"
            (EntityType::Location, 0.8)
        } else if g.is_location_cue(next)
            && next.starts_with(|c: char| c.is_lowercase())
            && !matches!(fold(next).as_str(), "city" | "town")
        {
            // "the Qarvan river": the cue belongs to the name.
            return Some((EntityType::Location, 0.75, b + 1));
        } else if b - a > 1 && (g.is_armed_group_cue(head) || g.is_organization_cue(head)) {
            self.head_cue_type(a, b, armed_ctx)
        } else if b - a > 1
            && (g.is_armed_group_cue(first)
                || words
                    .iter()
                    .any(|w| g.is_armed_group_cue(w) && !g.is_organization_cue(w)))
        {
            (EntityType::ArmedGroup, 0.65)
        } else if b - a > 1
            && (g.is_organization_cue(first) || words.iter().any(|w| g.is_organization_cue(w)))
        {
            (EntityType::Organization, 0.65)
        } else if b - a == 1 && is_acronym(first) {
            if armed_ctx {
                (EntityType::ArmedGroup, 0.4)
            } else {
                (EntityType::Organization, 0.35)
            }
        } else if next.starts_with(|c: char| c.is_lowercase()) && g.is_armed_group_cue(next) {
            // "the Qarvani movement"
            (EntityType::ArmedGroup, 0.6)
        } else if next.starts_with(|c: char| c.is_lowercase())
            && g.is_organization_cue(next)
            && !g.is_armed_group_cue(next)
        {
            (EntityType::Organization, 0.5)
        } else {
            return None;
        };
        Some((typed.0, typed.1, b))
    }

    /// A run of two or more words ending in a body's cue noun: an armed
    /// group's noun only, an armed group; "Army", "Organization" (both): a
    /// state's army when a country or demonym names it, an armed group in
    /// armed context; else an organization.
    fn head_cue_type(&self, a: usize, b: usize, armed_ctx: bool) -> (EntityType, f32) {
        let g = self.g;
        let head = self.word(b - 1);
        let armed = g.is_armed_group_cue(head);
        let org = g.is_organization_cue(head);
        if armed && !org {
            return (EntityType::ArmedGroup, 0.75);
        }
        if !armed {
            return (EntityType::Organization, 0.75);
        }
        let prev = if a > 0 { self.word(a - 1) } else { "" };
        let demonym_prefix = a > 0 && (g.demonym(prev).is_some() || g.country(prev).is_some())
            || a > 1 && is_possessive(prev) && g.country(self.word(a - 2)).is_some();
        if demonym_prefix
            || (a..b)
                .any(|k| g.demonym(self.word(k)).is_some() || g.country(self.word(k)).is_some())
                && !armed_ctx
        {
            (EntityType::Organization, 0.7)
        } else if armed_ctx {
            (EntityType::ArmedGroup, 0.65)
        } else {
            (EntityType::Organization, 0.6)
        }
    }

    /// A one-word run that the document keeps naming as "the X"
    /// ([`Vocab::the_heads`]): a body, an armed group where one of those
    /// sentences holds armed context, else an organization (weakly: the
    /// typing model decides).
    fn document_body(&self, a: usize, b: usize) -> Option<(EntityType, f32)> {
        if b - a != 1 {
            return None;
        }
        self.the_heads.get(&fold(self.word(a))).map(|&armed| {
            if armed {
                (EntityType::ArmedGroup, 0.45)
            } else {
                (EntityType::Organization, 0.35)
            }
        })
    }

    /// The run's type where no cue decides: an article or armed word before
    /// it, a person's shape, an identity word, its length (none: no entity).
    fn weak_run_type(&self, a: usize, b: usize) -> Option<(EntityType, f32)> {
        let g = self.g;
        let prev = if a > 0 { self.word(a - 1) } else { "" };
        let armed_ctx = self.armed_context(a, b);
        Some(
            if matches!(fold(prev).as_str(), "the" | "a" | "an")
                && prev.starts_with(|c: char| c.is_lowercase())
                || g.is_armed_context_cue(prev)
            {
                // "a Velkari camp", "the banned Velkari": not a person's name.
                if armed_ctx {
                    (EntityType::ArmedGroup, 0.45)
                } else if b - a >= 2 {
                    (EntityType::Organization, 0.35)
                } else {
                    // one word: only a body the document keeps naming
                    return self.document_body(a, b);
                }
            } else if (2..=4).contains(&(a..b).filter(|&k| is_capitalized(self.word(k))).count())
                && b - a <= 6
                && self.person_like(a, b)
            {
                (EntityType::Person, 0.45)
            } else if let Some(body) = (!armed_ctx).then(|| self.document_body(a, b)).flatten() {
                // "of Varkani income": the body the document names "the Varkani"
                body
            } else if b - a == 1 && self.person_like(a, b) {
                let country_possessor =
                    a > 1 && is_possessive(prev) && g.country(self.word(a - 2)).is_some();
                let sentence_armed = self.toks.iter().any(|t| {
                    g.is_armed_context_cue(&t.text)
                        || g.is_armed_group_cue(&t.text) && t.text.ends_with('s')
                });
                if armed_ctx || country_possessor && sentence_armed {
                    (EntityType::ArmedGroup, 0.4)
                } else if fold(prev) == "the" {
                    // "the Velkari": not a person; too vague to keep without cues.
                    return None;
                } else {
                    (EntityType::Person, 0.3)
                }
            } else if b - a >= 2 && (a..b).any(|k| g.group_identity(self.word(k)).is_some()) {
                // "Islamic Dawn": a name with a religion or identity word.
                if armed_ctx {
                    (EntityType::ArmedGroup, 0.5)
                } else {
                    (EntityType::Organization, 0.4)
                }
            } else if b - a >= 4 {
                (EntityType::Organization, 0.3)
            } else {
                return None;
            },
        )
    }

    /// "the Qarvani embassy", "Qarvan’s embassy", "the Qarvan consulate".
    pub(super) fn facilities(&mut self, namey: &[bool]) {
        let n = self.toks.len();
        for k in 1..n {
            let cue = self.word(k);
            // "the Korva bus station": a generic noun with what it serves.
            // Not "a Korva police station" (one of several, no name), nor a
            // nationality's ("a Tamsini air base").
            let modified = k >= 2
                && COMPOUND_FACILITY.contains(&cue)
                && FACILITY_MODIFIERS.contains(&self.word(k - 1))
                && namey.get(k - 2).copied().unwrap_or(false)
                && self.g.demonym(self.word(k - 2)).is_none()
                && self.g.country(self.word(k - 2)).is_none()
                && !(0..k - 2)
                    .rev()
                    .take_while(|&j| namey[j] || self.connector(j))
                    .last()
                    .or(Some(k - 2))
                    .and_then(|j| j.checked_sub(1))
                    .is_some_and(|j| matches!(fold(self.word(j)).as_str(), "a" | "an"));
            if !cue.starts_with(|c: char| c.is_lowercase())
                || !(modified || self.g.is_facility_cue(cue))
            {
                continue;
            }
            // "the Velda international bridge": one plain adjective between.
            let adjective = k >= 2
                && FACILITY_ADJECTIVES.contains(&self.word(k - 1))
                && STRONG_FACILITY.contains(&fold(cue).as_str())
                && namey.get(k - 2).copied().unwrap_or(false);
            let (owner_end, owner_start) =
                if adjective || modified || k >= 2 && is_possessive(self.word(k - 1)) {
                    (k - 1, k - 2)
                } else {
                    (k, k - 1)
                };
            if !namey.get(owner_start).copied().unwrap_or(false) {
                continue;
            }
            let owner = self.word(owner_start);
            let known = self.g.demonym(owner).is_some() || self.g.country(owner).is_some();
            let mut owner_start = owner_start;
            if !known || owner_end - owner_start != 1 {
                // "Velda airport", "the Imam Dawn mosque": a name before a
                // specific facility noun.
                let strong = modified || STRONG_FACILITY.contains(&fold(cue).as_str());
                if owner_end != k && !adjective && !modified || !strong {
                    continue;
                }
                while owner_start > 0
                    && k - owner_start < 4
                    && (namey[owner_start - 1]
                        || self.connector(owner_start - 1)
                            && namey
                                .get(owner_start.wrapping_sub(2))
                                .copied()
                                .unwrap_or(false))
                {
                    owner_start -= 1;
                }
                let (s0, e0) = (self.toks[owner_start].start, self.toks[owner_end - 1].end);
                if self.g.group_identity(self.doc.slice(s0, e0)).is_some() {
                    continue; // "a Sunni mosque" is not a name
                }
                let group_owner = self.out.iter().any(|m| {
                    m.start < e0
                        && s0 < m.end
                        && matches!(
                            m.label,
                            EntityType::ArmedGroup | EntityType::Organization | EntityType::Country
                        )
                        && m.confidence >= 0.6
                });
                if group_owner {
                    continue;
                }
            }
            let (start, end) = (self.toks[owner_start].start, self.toks[k].end);
            // The facility replaces the owner's mention.
            self.out.retain(|m| m.end <= start || m.start >= end);
            self.push_span(start, end, EntityType::Facility, MentionKind::Name, 0.9);
        }
    }
}
