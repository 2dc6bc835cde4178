//! Spans: where a name starts and ends (runs of name-like words, connectors,
//! hyphenated compounds, possessive names, titled offices, acronyms in
//! brackets).

use super::*;

impl<'a> SentenceRecognizer<'a> {
    /// Whether a hyphenated token is made only of countries, demonyms and
    /// identities ("Qarvani-Veldan", "Sunni-Shia").
    pub(super) fn compound_of_known(&self, i: usize) -> bool {
        let t = self.word(i);
        t.contains('-')
            && t.split('-').all(|p| {
                !p.is_empty()
                    && (self.g.country(p).is_some()
                        || self.g.demonym(p).is_some()
                        || self.g.group_identity(p).is_some())
            })
    }

    /// "Qarvani-backed": a hyphenated token whose last part is lowercase.
    pub(super) fn compound_modifier(&self, i: usize) -> bool {
        let t = self.word(i);
        match t.rfind('-') {
            Some(p) if p > 0 => {
                t[p + 1..].starts_with(|c: char| c.is_lowercase()) && !is_capitalized(&t[p + 1..])
            }
            _ => false,
        }
    }

    pub(super) fn span_text(&self, a: usize, b: usize) -> &'a str {
        self.doc.slice(self.toks[a].start, self.toks[b - 1].end)
    }

    pub(super) fn push(&mut self, a: usize, b: usize, label: EntityType, confidence: f32) {
        if a >= b {
            return;
        }
        let kind = if b - a == 1 && is_acronym(self.word(a)) {
            MentionKind::Acronym
        } else {
            MentionKind::Name
        };
        self.push_span(
            self.toks[a].start,
            self.toks[b - 1].end,
            label,
            kind,
            confidence,
        );
    }

    pub(super) fn push_span(
        &mut self,
        start: usize,
        end: usize,
        label: EntityType,
        kind: MentionKind,
        confidence: f32,
    ) {
        let text = self.doc.slice(start, end).to_string();
        if text.trim().is_empty() {
            return;
        }
        self.out.push(Mention {
            start,
            end,
            sentence: self.sentence,
            text,
            label,
            kind,
            source: "gazetteer".into(),
            confidence,
            entity: None,
        });
    }

    pub(super) fn run(&mut self) {
        let heading = self.is_heading();
        let n = self.toks.len();
        let namey: Vec<bool> = (0..n).map(|i| self.namey(i, heading)).collect();
        // Hyphenated compounds of countries, demonyms and identities:
        // "Qarvani-backed", "Shia-majority", "Syrian-Turkish".
        for (i, &is_name) in namey.iter().enumerate() {
            if self.word(i).contains('-') && (self.compound_modifier(i) || !is_name) {
                self.compound_parts(i);
            }
        }
        let mut i = 0;
        while i < n {
            if !namey[i] {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            loop {
                if j < n && namey[j] {
                    j += 1;
                    continue;
                }
                // Connectors: one or two lowercase words followed by a name word.
                let mut k = j;
                while k < n
                    && k < j + 2
                    && (CONNECTORS.contains(&fold(self.word(k)).as_str())
                        && !is_capitalized(self.word(k))
                        || self.word(k) == "&")
                {
                    // Only "of the", "for the" are two-word connectors.
                    if k == j + 1
                        && !(fold(self.word(k)) == "the"
                            && matches!(fold(self.word(j)).as_str(), "of" | "for"))
                    {
                        break;
                    }
                    k += 1;
                }
                if k > j && k < n && namey[k] && !is_acronym(self.word(k)) {
                    j = k + 1;
                    continue;
                }
                if let Some(end) = self.long_name_continues(i, j, n, &namey) {
                    j = end;
                    continue;
                }
                break;
            }
            self.chunk(i, j);
            i = j;
        }
        self.facilities(&namey);
        self.titled_offices();
        self.collective_possessive_names();
        self.date_named_groups();
    }

    /// Whether the name `i..j` continues past a preposition that no
    /// ordinary name crosses, and to where: "against" inside an
    /// organization's name ("Service for the Fight against Terror"), and
    /// "in (the)" when an acronym defined right after spells the whole
    /// ("Front for Unity in West Norland (FUWN)").
    pub(super) fn long_name_continues(
        &self,
        i: usize,
        j: usize,
        n: usize,
        namey: &[bool],
    ) -> Option<usize> {
        let w = self.word(j);
        if !(w == "against" || w == "in") || j < i + 2 {
            return None;
        }
        let has_cue = (i..j).any(|k| {
            is_capitalized(self.word(k))
                && (self.g.is_organization_cue(self.word(k))
                    || self.g.is_armed_group_cue(self.word(k)))
        });
        let mut k = j + 1;
        if w == "in" && self.word(k) == "the" {
            k += 1;
        }
        if k >= n || !namey[k] || is_acronym(self.word(k)) {
            return None;
        }
        let mut r = k;
        while r < n && namey[r] && !is_acronym(self.word(r)) {
            r += 1;
        }
        if w == "against" {
            return has_cue.then_some(r);
        }
        // "in": only with an acronym right after that starts with the name's
        // initial and spells a word after "in".
        let acr = self.word(r + 1);
        if self.word(r) != "(" || self.word(r + 2) != ")" || !is_acronym(acr) {
            return None;
        }
        let initial = |t: &str| {
            t.chars()
                .find(|c| c.is_alphabetic())
                .map(|c| c.to_ascii_uppercase())
        };
        let acr_up = acr.to_uppercase();
        let starts = initial(self.word(i)).is_some_and(|c| acr_up.starts_with(c));
        let spells_tail =
            (k..r).any(|x| initial(self.word(x)).is_some_and(|c| acr_up[1..].contains(c)));
        (starts && spells_tail).then_some(r)
    }

    /// "the Attorney General's Office", "the Prime Minister's Office": a
    /// title, a possessive and a capitalized organization noun are one
    /// organization's name.
    pub(super) fn titled_offices(&mut self) {
        let n = self.toks.len();
        for i in 0..n {
            if !is_capitalized(self.word(i)) {
                continue;
            }
            let words: Vec<&str> = (i..n.min(i + 4)).map(|k| self.word(k)).collect();
            let Some(len) = self.g.title_len_at(&words, 0) else {
                continue;
            };
            let (p, o) = (i + len, i + len + 1);
            if o < n
                && is_possessive(self.word(p))
                && (i..p).all(|k| is_capitalized(self.word(k)))
                && is_capitalized(self.word(o))
                && self.g.is_organization_cue(self.word(o))
            {
                self.push(i, o + 1, EntityType::Organization, 0.9);
            }
        }
    }

    /// "the People's Defence Committees", "the Workers' Liberation Army": a
    /// collective noun, a possessive and capitalized words ending in an
    /// organization or armed-group noun are one name.
    pub(super) fn collective_possessive_names(&mut self) {
        const COLLECTIVES: &[&str] = &[
            "people", "peoples", "nation", "nations", "workers", "women", "youth", "patriots",
            "martyrs", "masses", "peasants", "farmers", "students", "toilers", "citizens",
        ];
        let n = self.toks.len();
        for i in 0..n.saturating_sub(2) {
            let w = self.word(i);
            if !is_capitalized(w) || !COLLECTIVES.contains(&fold(w).as_str()) {
                continue;
            }
            if !is_possessive(self.word(i + 1)) {
                continue;
            }
            let mut e = i + 2;
            while e < n && e < i + 7 && is_capitalized(self.word(e)) {
                e += 1;
            }
            if e == i + 2 {
                continue;
            }
            let last = self.word(e - 1);
            let t = if self.g.is_armed_group_cue(last) && !self.g.is_organization_cue(last) {
                EntityType::ArmedGroup
            } else if self.g.is_organization_cue(last)
                || self.g.is_armed_group_cue(last)
                || fold(last)
                    .strip_suffix('s')
                    .is_some_and(|x| self.g.is_organization_cue(x) || self.g.is_armed_group_cue(x))
            {
                EntityType::Organization
            } else {
                continue;
            };
            // "the Kurdistan Workers' Party": capitalized words before belong to it
            let mut a = i;
            while a > 0 && a + 3 > i && is_capitalized(self.word(a - 1)) && !self.initial(a - 1) {
                a -= 1;
            }
            self.push(a, e, t, 0.9);
        }
    }

    /// "the 4 March Movement", "the May 19th Organization", "the 26th of
    /// July Movement": a group named after a date, which is part of its name
    /// (not a date before a name).
    pub(super) fn date_named_groups(&mut self) {
        fn day(w: &str) -> bool {
            let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            !d.is_empty()
                && d.chars().all(|c| c.is_ascii_digit())
                && d.parse::<u32>().is_ok_and(|x| (1..=31).contains(&x))
                && matches!(&w[d.len()..], "" | "st" | "nd" | "rd" | "th")
        }
        let n = self.toks.len();
        for i in 0..n {
            let w = self.word(i);
            if !is_capitalized(w) || dossier_doc::edtf::month_number(w).is_none() {
                continue;
            }
            let (a, s) = if i > 0 && day(self.word(i - 1)) {
                (i - 1, i + 1)
            } else if i >= 2 && self.word(i - 1) == "of" && day(self.word(i - 2)) {
                (i - 2, i + 1)
            } else if day(self.word(i + 1)) {
                (i, i + 2)
            } else {
                continue;
            };
            // "the 4 March Movement"; "on 4 March Korva Police …" is a date.
            if a == 0 || fold(self.word(a - 1)) != "the" {
                continue;
            }
            let mut e = s;
            while e < n && e < s + 4 && is_capitalized(self.word(e)) {
                e += 1;
            }
            if e == s {
                continue;
            }
            let last = self.word(e - 1);
            let label = if self.g.is_armed_group_cue(last) {
                EntityType::ArmedGroup
            } else if self.g.is_organization_cue(last) {
                EntityType::Organization
            } else {
                continue;
            };
            let (start, end) = (self.toks[a].start, self.toks[e - 1].end);
            let label = self
                .out
                .iter()
                .find(|m| m.start < end && start < m.end)
                .map(|m| m.label)
                .filter(|l| matches!(l, EntityType::ArmedGroup | EntityType::Organization))
                .unwrap_or(label);
            self.out.retain(|m| m.end <= start || m.start >= end);
            self.push(a, e, label, 0.8);
        }
    }

    pub(super) fn compound_parts(&mut self, i: usize) {
        let t = &self.toks[i];
        // "French-language", "Arabic-speaking": a language, not a country.
        if let Some((_, suffix)) = t.text.rsplit_once('-') {
            if matches!(suffix, "language" | "speaking" | "speaker" | "speakers") {
                return;
            }
        }
        let mut offset = t.start;
        for part in t.text.split('-') {
            let len = part.chars().count();
            if is_capitalized(part) && len > 1 {
                let label = if self.g.country(part).is_some()
                    || self.g.demonym(part).is_some() && !self.word(i).ends_with("-majority")
                {
                    // "Qarvani-backed": the prefix stands for the country.
                    Some(
                        if self.g.country(part).is_some() || self.compound_modifier(i) {
                            EntityType::Country
                        } else {
                            EntityType::GroupIdentity
                        },
                    )
                } else if self.g.group_identity(part).is_some() {
                    Some(EntityType::GroupIdentity)
                } else {
                    None
                };
                if let Some(l) = label {
                    let l = if l == EntityType::Country
                        && self.g.country(part).is_none()
                        && !self.compound_modifier(i)
                    {
                        EntityType::GroupIdentity
                    } else {
                        l
                    };
                    self.push_span(offset, offset + len, l, MentionKind::Name, 0.7);
                }
            }
            offset += len + 1;
        }
    }

    /// Splits off "and" when the chunk is not an organization name ending in a cue.
    pub(super) fn chunk(&mut self, a: usize, b: usize) {
        // "the 27th Jungle Brigade": a numbered unit of a state's forces.
        if a > 0
            && is_ordinal(self.word(a - 1))
            && UNIT_NOUNS.contains(&fold(self.word(b - 1)).as_str())
        {
            self.push(a - 1, b, EntityType::Organization, 0.85);
            return;
        }
        let last = self.word(b - 1);
        let ends_in_cue = self.g.is_organization_cue(last)
            || self.g.is_armed_group_cue(last)
            || self.g.is_facility_cue(last);
        // "Movement for Unity and Jihad": a cue noun, then "for"/"of", then
        // the "and" belongs to the name.
        let and_at = (a..b).find(|&k| matches!(fold(self.word(k)).as_str(), "and" | "&"));
        let cue_led = and_at.is_some_and(|p| {
            (a + 1..p).any(|c| {
                matches!(self.word(c), "for" | "of")
                    && (a..c).any(|x| {
                        self.g.is_organization_cue(self.word(x))
                            || self.g.is_armed_group_cue(self.word(x))
                    })
            })
        });
        if !ends_in_cue && !cue_led {
            if let Some(p) = and_at {
                self.chunk(a, p);
                if p + 1 < b {
                    self.chunk(p + 1, b);
                }
                return;
            }
        }
        // Trailing connectors never end a name.
        let mut b = b;
        while b > a
            && CONNECTORS.contains(&fold(self.word(b - 1)).as_str())
            && !is_capitalized(self.word(b - 1))
        {
            b -= 1;
        }
        if a < b {
            self.name_span(a, b);
        }
    }

    /// [`Gazetteer::title_len_at`], also for a plural title ("Prime
    /// Ministers", "Generals") of one or two words.
    pub(super) fn title_len_plural(&self, words: &[&str], i: usize) -> Option<usize> {
        self.g.title_len_at(words, i).or_else(|| {
            (1..=2.min(words.len().saturating_sub(i))).rev().find(|&n| {
                let last = words[i + n - 1];
                let Some(stem) = last.strip_suffix('s') else {
                    return false;
                };
                if stem.len() < 3 || stem.ends_with('s') || !is_capitalized(words[i]) {
                    return false;
                }
                let mut phrase: Vec<&str> = words[i..i + n - 1].to_vec();
                phrase.push(stem);
                self.g.is_title(&phrase.join(" "))
            })
        })
    }

    pub(super) fn title_before(&self, a: usize) -> bool {
        // "cleric Kamal Ruswan", "the militia's commander, Kamal Ruswan".
        let mut k = a;
        if k > 0 && self.word(k - 1) == "," {
            k -= 1;
        }
        (1..=3.min(k)).any(|n| {
            let words: Vec<&str> = (k - n..k).map(|x| self.word(x)).collect();
            self.g.title_len_at(&words, 0) == Some(n)
        }) || (k > 0 && self.g.is_honorific(self.word(k - 1)))
    }

    /// Types the capitalized run `a..b` as one or more names: each step
    /// below either handles the run (and says so) or leaves it to the next.
    pub(super) fn name_span(&mut self, a: usize, b: usize) {
        if self.members_of_name(a, b) || self.unnamed_run(a, b) {
            return;
        }
        if (a + 1..b).any(|k| matches!(self.word(k), "in" | "against")) {
            // A long name joined across "in"/"against" (see long_name_continues).
            self.typed_run(a, b, false);
            return;
        }
        let cue_head = self.cue_head(b);
        if self.whole_gazetteer_name(a, b, cue_head)
            || !cue_head && self.office_holder_inside(a, b)
            || self.leading_title(a, b, cue_head)
            || self.identity_led_name(a, b)
            || self.demonym_or_country_prefix(a, b, cue_head)
        {
            return;
        }
        if cue_head {
            self.typed_run(a, b, false);
            return;
        }
        if self.state_body_of_country(a, b) {
            return;
        }
        self.split_at_gazetteer_names(a, b);
    }

    /// "Fighters of Kata'ib X", "Militants of the Y": a plural noun of
    /// those who fight, capitalized at the start of a sentence, describes
    /// the members; the name is what follows "of" (typed here; true).
    fn members_of_name(&mut self, a: usize, b: usize) -> bool {
        if !(b - a >= 3
            && matches!(
                fold(self.word(a)).as_str(),
                "fighters"
                    | "militants"
                    | "rebels"
                    | "insurgents"
                    | "guerrillas"
                    | "terrorists"
                    | "jihadists"
                    | "militiamen"
                    | "members"
                    | "supporters"
                    | "gunmen"
            )
            && self.word(a + 1) == "of")
        {
            return false;
        }
        let c = if fold(self.word(a + 2)) == "the" {
            a + 3
        } else {
            a + 2
        };
        if c < b {
            self.name_span(c, b);
        }
        true
    }

    /// Runs that name no entity: a military operation ("Operation Calm
    /// Waters", "Exercise …") or a holiday.
    fn unnamed_run(&self, a: usize, b: usize) -> bool {
        b - a >= 2 && matches!(self.word(a), "Operation" | "Exercise")
            || is_holiday(self.g, &self.words(a, b))
    }

    /// Whether the run's last word (token `b - 1`) is a cue noun of a body,
    /// facility or place.
    fn cue_head(&self, b: usize) -> bool {
        let last = self.word(b - 1);
        self.g.is_organization_cue(last)
            || self.g.is_armed_group_cue(last)
            || self.g.is_facility_cue(last)
            || self.g.is_location_cue(last)
    }

    /// The whole run is a gazetteer entry (emitted; true), unless it is one
    /// cue noun that is also a city's name.
    fn whole_gazetteer_name(&mut self, a: usize, b: usize, cue_head: bool) -> bool {
        match self.lookup(a, b) {
            Some(hit)
                if !(cue_head && b - a == 1 && matches!(hit, Hit::Place(Place::City { .. }))) =>
            {
                self.emit_hit(a, b, hit);
                true
            }
            _ => false,
        }
    }

    /// A title inside the run: "the KSB President Lorn Havik", "Varna
    /// Supreme Court Justice Ellen Dorsey" are the office's holder after
    /// the body that names the office (both typed; true).
    fn office_holder_inside(&mut self, a: usize, b: usize) -> bool {
        let words = self.words(a, b);
        let inner = (1..b - a).find_map(|i| {
            let n = self.title_len_plural(&words, i)?;
            // Not "Ocean King Restaurant" or "Arlo Luther King Jr.": the
            // words before the title are no given name.
            (is_capitalized(words[i])
                && !self.connector(a + i - 1)
                && a + i + n < b
                && !self.person_like(a, a + i)
                && self.person_like(a + i + n, b))
            .then_some((a + i, n))
        });
        match inner {
            Some((t, n)) if self.title_len_plural(&words, 0).is_none() => {
                self.name_span(a, t);
                self.typed_run(t + n, b, true);
                true
            }
            _ => false,
        }
    }

    /// Titles at the start: "President Kamal Ruswan", "Supreme Leader X";
    /// "President of the Republic of X" keeps only "Republic of X"; a
    /// title alone ("the President") names nobody. True when handled.
    fn leading_title(&mut self, a: usize, b: usize, cue_head: bool) -> bool {
        let title_then_name = self
            .g
            .title_len_at(&self.words(a, b), 0)
            .is_some_and(|n| n < b - a && !self.connector(a + n));
        if cue_head && !title_then_name {
            return false;
        }
        let Some(mut n) = self.title_len_plural(&self.words(a, b), 0) else {
            return false;
        };
        // "General Secretary Arvid Kestrel", "Prime Ministers X and Y":
        // titles in a row, plural or not.
        while let Some(m) = self.title_len_plural(&self.words(a, b), n) {
            if a + n + m >= b {
                break;
            }
            n += m;
        }
        if self.titled_person_of_group(a, b, n) {
            return true;
        }
        if a + n < b {
            self.after_title(a + n, b);
            return true;
        }
        // A title alone ("the President") names nobody.
        self.g.is_title(&self.span_text(a, b).to_lowercase())
    }

    /// "Commander Arno Vesk of the Dawn Front" (the title ends before token
    /// `a + n`): a person, then the group (both typed; true).
    fn titled_person_of_group(&mut self, a: usize, b: usize, n: usize) -> bool {
        let Some(p) = (a + n + 1..b).find(|&k| fold(self.word(k)) == "of") else {
            return false;
        };
        if self.connector(a + n) || !self.person_like(a + n, p) {
            return false;
        }
        self.typed_run(a + n, p, true);
        let mut c = p;
        while c < b && self.connector(c) {
            c += 1;
        }
        if c < b {
            self.name_span(c, b);
        }
        true
    }

    /// What follows a leading title, from token `c`: after "of", a portfolio
    /// and its holder ("Minister of Defence Wai Sorn") or a body's name;
    /// else the holder's name.
    fn after_title(&mut self, c: usize, b: usize) {
        let mut c = c;
        let of = self.connector(c);
        while c < b && self.connector(c) {
            c += 1;
        }
        // "Minister of Defence Wai Sorn": the portfolio, then the holder.
        let portfolio = (1..=2)
            .rev()
            .find(|&m| c + m < b && PORTFOLIOS.contains(&fold(self.span_text(c, c + m)).as_str()));
        if let Some(m) = portfolio.filter(|&m| of && self.person_like(c + m, b)) {
            self.typed_run(c + m, b, true);
        } else if c < b {
            if of {
                self.name_span(c, b);
            } else {
                self.typed_run(c, b, true);
            }
        }
    }

    /// A religion or identity adjective begins many names ("Islamic Dawn
    /// Council"): the chunk stays whole unless the rest is an identity too
    /// (typed here; true).
    fn identity_led_name(&mut self, a: usize, b: usize) -> bool {
        if !(b - a >= 2
            && matches!(self.lookup(a, a + 1), Some(Hit::Identity))
            && self.g.demonym(self.word(a)).is_none())
        {
            return false;
        }
        let rest_known = (a + 1..b).all(|k| {
            self.g.group_identity(self.word(k)).is_some() || self.g.demonym(self.word(k)).is_some()
        });
        if rest_known {
            return false;
        }
        self.typed_run(a, b, false);
        true
    }

    /// Demonym or country prefix: "Qarvani Sword Brigade" → "Qarvani" +
    /// "Sword Brigade", unless the rest is a bare cue noun ("Qarvani Army"
    /// is one name) or a place before a cue noun. True when handled.
    fn demonym_or_country_prefix(&mut self, a: usize, b: usize, cue_head: bool) -> bool {
        if b - a < 2 {
            return false;
        }
        for n in (1..b - a).rev() {
            let Some(hit @ (Hit::Demonym | Hit::Place(Place::Country(_)))) = self.lookup(a, a + n)
            else {
                continue;
            };
            let rest_is_cue = b - (a + n) == 1 && cue_head;
            if rest_is_cue || matches!(hit, Hit::Place(_)) && cue_head {
                return false;
            }
            if matches!(hit, Hit::Place(_)) && self.acronym_spells(a, b) {
                // "Niger Delta Avengers (NDA)": the acronym spells the
                // country's word too, so it is part of the name.
                self.typed_run(a, b, false);
                return true;
            }
            self.emit_hit(a, a + n, hit);
            let mut c = a + n;
            while c < b && self.connector(c) {
                c += 1;
            }
            if c < b {
                self.name_span(c, b);
            }
            return true;
        }
        false
    }

    /// "Armed Forces of the Norland", "National Police of Norland": a cue
    /// noun, "of", a country: one name (a state's body, unless its words
    /// are an insurgency's; pushed; true).
    fn state_body_of_country(&mut self, a: usize, b: usize) -> bool {
        let Some(p) = (a + 1..b.saturating_sub(1)).find(|&k| {
            self.word(k) == "of"
                && (self.g.is_organization_cue(self.word(k - 1))
                    || self.g.is_armed_group_cue(self.word(k - 1)))
                && is_capitalized(self.word(k - 1))
        }) else {
            return false;
        };
        let c = if self.word(p + 1) == "the" {
            p + 2
        } else {
            p + 1
        };
        if !(c < b && matches!(self.lookup(c, b), Some(Hit::Place(Place::Country(_))))) {
            return false;
        }
        let label = if insurgent_name(&self.words(a, p)) {
            EntityType::ArmedGroup
        } else {
            EntityType::Organization
        };
        self.push(a, b, label, 0.8);
        true
    }

    /// Inner gazetteer matches split the chunk ("Qarvan Baku" stays one
    /// name only when no part is known): each match emitted, each stretch
    /// between them typed as an unknown name.
    fn split_at_gazetteer_names(&mut self, a: usize, b: usize) {
        for (x, y, hit) in self.gazetteer_pieces(a, b) {
            match hit {
                Some(h) => self.emit_hit(x, y, h),
                None => {
                    let mut x = x;
                    let mut y = y;
                    while x < y && self.connector(x) {
                        x += 1;
                    }
                    while y > x && self.connector(y - 1) {
                        y -= 1;
                    }
                    if x < y {
                        self.typed_run(x, y, false);
                    }
                }
            }
        }
    }

    /// The run `a..b` cut into the gazetteer's longest matches (with their
    /// hit) and the stretches between them (none). A city or a state's
    /// region inside a longer run is no match: more likely part of a
    /// personal name ("Kamal Ruswan"; "Tal Afar" is no "Tal" in Afar).
    fn gazetteer_pieces(&self, a: usize, b: usize) -> Vec<(usize, usize, Option<Hit<'a>>)> {
        let mut c = a;
        let mut run_start = a;
        let mut pieces: Vec<(usize, usize, Option<Hit<'a>>)> = Vec::new();
        while c < b {
            let max = self.g.max_phrase_words().min(b - c);
            let found = (1..=max).rev().find_map(|n| {
                let hit = self.lookup(c, c + n)?;
                if matches!(hit, Hit::Place(Place::City { .. })) && b - a > n {
                    return None;
                }
                if matches!(hit, Hit::Place(Place::Region(r)) if r.country.is_some()) && b - a > n {
                    return None;
                }
                Some((n, hit))
            });
            match found {
                Some((n, hit)) => {
                    if run_start < c {
                        pieces.push((run_start, c, None));
                    }
                    pieces.push((c, c + n, Some(hit)));
                    c += n;
                    run_start = c;
                }
                None => c += 1,
            }
        }
        if run_start < b {
            pieces.push((run_start, b, None));
        }
        pieces
    }

    /// Whether "(ACR)" right after tokens `a..b` spells their initials.
    pub(super) fn acronym_spells(&self, a: usize, b: usize) -> bool {
        let acr = self.word(b + 1);
        if self.word(b) != "(" || self.word(b + 2) != ")" || !is_acronym(acr) {
            return false;
        }
        let initials: String = (a..b)
            .map(|k| self.word(k))
            .filter(|w| is_capitalized(w))
            .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
            .collect::<String>()
            .to_uppercase();
        let letters: String = acr
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect::<String>()
            .to_uppercase();
        initials.chars().count() >= 2 && initials == letters
    }

    pub(super) fn words(&self, a: usize, b: usize) -> Vec<&str> {
        (a..b).map(|k| self.word(k)).collect()
    }
}
