//! Gazetteers and lexicons: countries (with aliases and demonyms), cities,
//! regions, group identities, titles and cue words, loaded from data files
//! embedded in the binary (`data/` at the repository root; GeoNames CC BY 4.0,
//! see `data/NOTICE.md`).

use crate::city_index;
use crate::text::{fold, fold_cow, name_key};
use dossier_doc::Token;
use std::borrow::Cow;
// Keys are our own data, not an attacker's: the fast hash is safe here.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../data/gazetteer/countries.tsv");
const CITIES: &str = include_str!("../data/gazetteer/cities.tsv");
const REGIONS: &str = include_str!("../data/gazetteer/regions.tsv");
const SUBDIVISIONS: &str = include_str!("../data/gazetteer/subdivisions.tsv");
const TITLES: &str = include_str!("../data/lexicon/titles.txt");
const HONORIFICS: &str = include_str!("../data/lexicon/honorifics.txt");
const ARMED_CUES: &str = include_str!("../data/lexicon/armed_group_cues.txt");
const ARMED_CONTEXT: &str = include_str!("../data/lexicon/armed_context_cues.txt");
const ORG_CUES: &str = include_str!("../data/lexicon/organization_cues.txt");
const FACILITY_CUES: &str = include_str!("../data/lexicon/facility_cues.txt");
const LOCATION_CUES: &str = include_str!("../data/lexicon/location_cues.txt");
const IDENTITIES: &str = include_str!("../data/lexicon/group_identities.txt");
const LANGUAGES: &str = include_str!("../data/lexicon/languages.txt");

/// A sovereign state (or a former one, such as the Soviet Union).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// Usual English short name ("Iran").
    pub name: String,
    /// ISO 3166-1 alpha-2 code (ISO 3166-3 style for former states: "SU").
    pub iso2: String,
    /// Other names ("Islamic Republic of Iran", "Persia").
    pub aliases: Vec<String>,
    /// Nationality adjectives and people nouns ("Iranian", "Iranians").
    pub demonyms: Vec<String>,
}

/// A city with at least 15,000 inhabitants (GeoNames).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    /// Its name.
    pub name: String,
    /// ISO2 code of its country.
    pub iso2: String,
    /// Population.
    pub population: u64,
    /// Latin-script alternate names and spellings.
    pub alternates: Vec<String>,
}

/// A continent, world region, sea, river or mountain range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Its name ("Middle East").
    pub name: String,
    /// What it is: continent, region, sea, river, mountains.
    pub kind: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// For a state, province or other subdivision of a country
    /// (`subdivisions.tsv`): the country's ISO2 code.
    pub country: Option<String>,
}

/// What a phrase of text names, according to the gazetteers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// A country, by one of its names or aliases.
    Country(&'a Country),
    /// A region, sea, river…
    Region(&'a Region),
    /// A city; `alternate` when matched by an alternate name.
    City {
        /// The city.
        city: &'a City,
        /// Whether an alternate (not the primary) name matched.
        alternate: bool,
    },
}

/// All gazetteers and lexicons, indexed for case-, diacritic- and
/// apostrophe-insensitive lookup.
#[derive(Debug)]
pub struct Gazetteer {
    countries: Vec<Country>,
    cities: Cities,
    regions: Vec<Region>,
    country_idx: HashMap<String, usize>,
    /// Short all-caps aliases ("US", "UK") that must match with their case.
    exact_case: HashSet<String>,
    iso_idx: HashMap<String, usize>,
    demonym_idx: HashMap<String, usize>,
    region_idx: HashMap<String, usize>,
    identity_idx: HashMap<String, String>,
    titles: HashSet<String>,
    max_title_words: usize,
    honorifics: HashSet<String>,
    armed_cues: HashSet<String>,
    armed_context: HashSet<String>,
    org_cues: HashSet<String>,
    facility_cues: HashSet<String>,
    location_cues: HashSet<String>,
    languages: HashSet<String>,
    max_phrase_words: usize,
}

/// The cities: the text of `cities.tsv`, its [`city_index`], and each
/// city parsed from its line on first use.
struct Cities {
    text: Cow<'static, str>,
    index: Cow<'static, [u8]>,
    layout: city_index::Layout,
    parsed: Box<[OnceLock<City>]>,
}

impl std::fmt::Debug for Cities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cities")
            .field("len", &self.parsed.len())
            .finish_non_exhaustive()
    }
}

/// The index of the embedded `cities.tsv`, made by the build script.
static EMBEDDED_CITY_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cities.idx"));

impl Cities {
    fn new(text: Cow<'static, str>, index: Cow<'static, [u8]>) -> Cities {
        let (index, view) = match city_index::View::open(&index, text.len()) {
            Some(v) => {
                let layout = v.layout();
                (index, layout)
            }
            None => {
                // Not an index of this text: build one.
                let built = city_index::build(&text);
                let layout = city_index::View::open(&built, text.len())
                    .expect("a freshly built city index opens")
                    .layout();
                (Cow::Owned(built), layout)
            }
        };
        let n = view.view(&index).len();
        Cities {
            text,
            index,
            layout: view,
            parsed: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    fn view(&self) -> city_index::View<'_> {
        self.layout.view(&self.index)
    }

    fn len(&self) -> usize {
        self.parsed.len()
    }

    fn get(&self, i: usize) -> &City {
        self.parsed[i].get_or_init(|| {
            let line = city_index::line_at(&self.text, self.view().offset(i));
            match city_index::parse_line(line) {
                Some(f) => City {
                    name: f.name.to_string(),
                    iso2: f.iso2.to_string(),
                    population: f.population,
                    alternates: f.alternates().map(String::from).collect(),
                },
                // Unreachable: the index only points at well-formed lines.
                None => City {
                    name: line.to_string(),
                    iso2: String::new(),
                    population: 0,
                    alternates: Vec::new(),
                },
            }
        })
    }

    /// The cities named `key` (a [`name_key`]), best first.
    fn named(&self, key: &str) -> impl Iterator<Item = (&City, bool)> + '_ {
        let is_key_of = |i: usize, alt: bool| {
            let c = self.get(i);
            if alt {
                c.alternates.iter().any(|a| name_key(a) == key)
            } else {
                name_key(&c.name) == key
            }
        };
        self.view()
            .lookup(key, is_key_of)
            .map(|(i, alt)| (self.get(i), alt))
    }
}

fn data_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn word_set(s: &str) -> HashSet<String> {
    data_lines(s).map(fold).collect()
}

fn split_list(s: Option<&str>) -> Vec<String> {
    s.unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

use crate::city_index::words;

impl Gazetteer {
    /// The gazetteer built from the embedded data (built once, on first use).
    pub fn global() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::embedded)
    }

    /// Starts building [`Gazetteer::global`] on a background thread, once;
    /// callers of `global` wait for it.
    pub fn warm_up() {
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            // A failed spawn only means the gazetteer is built on first use.
            let _ = std::thread::Builder::new()
                .name("dossier-gazetteer".into())
                .spawn(|| {
                    Gazetteer::global();
                });
        });
    }

    /// Builds a gazetteer from the embedded data files.
    pub fn embedded() -> Gazetteer {
        Gazetteer::from_sources(&Sources::default())
    }

    /// Builds a gazetteer from data in the formats of the files under
    /// `data/` (malformed lines are skipped).
    pub fn from_sources(src: &Sources<'_>) -> Gazetteer {
        let mut g = Gazetteer {
            countries: Vec::new(),
            cities: Cities::new(
                if std::ptr::eq(src.cities, CITIES) {
                    Cow::Borrowed(CITIES)
                } else {
                    Cow::Owned(src.cities.to_string())
                },
                if std::ptr::eq(src.cities, CITIES) {
                    Cow::Borrowed(EMBEDDED_CITY_INDEX)
                } else {
                    Cow::Borrowed(&[][..])
                },
            ),
            regions: Vec::new(),
            country_idx: HashMap::default(),
            exact_case: HashSet::default(),
            iso_idx: HashMap::default(),
            demonym_idx: HashMap::default(),
            region_idx: HashMap::default(),
            identity_idx: HashMap::default(),
            titles: word_set(src.titles),
            max_title_words: 1,
            honorifics: word_set(src.honorifics),
            armed_cues: word_set(src.armed_cues),
            armed_context: word_set(src.armed_context),
            org_cues: word_set(src.org_cues),
            facility_cues: word_set(src.facility_cues),
            location_cues: word_set(src.location_cues),
            languages: word_set(src.languages),
            max_phrase_words: 1,
        };
        g.max_title_words = g.titles.iter().map(|t| words(t)).max().unwrap_or(1);
        for line in data_lines(src.countries) {
            let mut f = line.split('\t');
            let (Some(name), Some(iso)) = (f.next(), f.next()) else {
                continue;
            };
            if name.trim().is_empty() || iso.trim().is_empty() {
                continue;
            }
            let c = Country {
                name: name.trim().to_string(),
                iso2: iso.trim().to_string(),
                aliases: split_list(f.next()),
                demonyms: split_list(f.next()),
            };
            let i = g.countries.len();
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                let bare: String = n.chars().filter(|ch| *ch != '.').collect();
                if bare.chars().count() <= 3 || bare.chars().all(|ch| ch.is_uppercase()) {
                    g.exact_case.insert(bare);
                }
                g.max_phrase_words = g.max_phrase_words.max(words(n));
                g.country_idx.entry(name_key(n)).or_insert(i);
            }
            for d in &c.demonyms {
                g.max_phrase_words = g.max_phrase_words.max(words(d));
                g.demonym_idx.entry(name_key(d)).or_insert(i);
            }
            g.iso_idx.insert(c.iso2.to_uppercase(), i);
            g.countries.push(c);
        }
        g.max_phrase_words = g.max_phrase_words.max(g.cities.view().max_words());
        // Hand-written regions first: they win over a subdivision's name.
        for line in data_lines(src.regions).chain(data_lines(src.subdivisions)) {
            let mut f = line.split('\t');
            let (Some(name), Some(kind)) = (f.next(), f.next()) else {
                continue;
            };
            let r = Region {
                name: name.trim().to_string(),
                kind: kind.trim().to_string(),
                aliases: split_list(f.next()),
                country: f
                    .next()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(String::from),
            };
            let i = g.regions.len();
            for n in std::iter::once(&r.name).chain(&r.aliases) {
                g.max_phrase_words = g.max_phrase_words.max(words(n));
                g.region_idx.entry(name_key(n)).or_insert(i);
            }
            g.regions.push(r);
        }
        for line in data_lines(src.identities) {
            let forms = split_list(Some(line));
            let Some(canon) = forms.first().cloned() else {
                continue;
            };
            for f in &forms {
                g.max_phrase_words = g.max_phrase_words.max(words(f));
                g.identity_idx
                    .entry(name_key(f))
                    .or_insert_with(|| canon.clone());
            }
        }
        g
    }

    /// The country named `name` (name or alias, e.g. "Republic of X", "U.S.",
    /// "Türkiye"). Short all-caps aliases ("US") only match in capitals.
    pub fn country(&self, name: &str) -> Option<&Country> {
        let key = name_key(name);
        let i = *self.country_idx.get(&key)?;
        let bare: String = name
            .trim()
            .trim_start_matches("the ")
            .chars()
            .filter(|c| *c != '.')
            .collect();
        if bare.chars().count() <= 3
            && !self.exact_case.contains(&bare)
            && self.countries[i].name.chars().count() > 3
        {
            return None;
        }
        Some(&self.countries[i])
    }

    /// The country with ISO 3166 alpha-2 code `code` (any case).
    pub fn country_by_iso2(&self, code: &str) -> Option<&Country> {
        self.iso_idx
            .get(&code.trim().to_uppercase())
            .map(|&i| &self.countries[i])
    }

    /// The country of a nationality adjective or people noun ("Iranian" →
    /// Iran, "Azerbaijanis" → Azerbaijan).
    pub fn demonym(&self, word: &str) -> Option<&Country> {
        self.demonym_idx
            .get(&name_key(word))
            .map(|&i| &self.countries[i])
    }

    /// The best city named `name`: a primary name before an alternate, the
    /// most populous first.
    pub fn city(&self, name: &str) -> Option<&City> {
        self.city_match(name).map(|(c, _)| c)
    }

    /// Like [`Gazetteer::city`], also telling whether an alternate name matched.
    pub fn city_match(&self, name: &str) -> Option<(&City, bool)> {
        self.cities.named(&name_key(name)).next()
    }

    /// All cities with this name or alternate name.
    pub fn cities_named(&self, name: &str) -> Vec<&City> {
        self.cities.named(&name_key(name)).map(|(c, _)| c).collect()
    }

    /// The region, sea, river or mountain range named `name`.
    pub fn region(&self, name: &str) -> Option<&Region> {
        self.region_idx
            .get(&name_key(name))
            .map(|&i| &self.regions[i])
    }

    /// A place named exactly `name`: country first, then region, then city.
    pub fn place(&self, name: &str) -> Option<Place<'_>> {
        if let Some(c) = self.country(name) {
            return Some(Place::Country(c));
        }
        if let Some(r) = self.region(name) {
            return Some(Place::Region(r));
        }
        self.city_match(name)
            .map(|(city, alternate)| Place::City { city, alternate })
    }

    /// The canonical group identity (religion, sect, ethnicity, ideology) of
    /// a word or phrase ("Shiites" → "Shia"), not counting demonyms.
    pub fn group_identity(&self, word: &str) -> Option<&str> {
        self.identity_idx.get(&name_key(word)).map(String::as_str)
    }

    /// All countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// All cities, in the order of the data (each parsed from its line
    /// on first use).
    pub fn cities(&self) -> impl ExactSizeIterator<Item = &City> + '_ {
        (0..self.cities.len()).map(|i| self.cities.get(i))
    }

    /// Whether `word` (or a multi-word phrase) is a title or role
    /// ("president", "Prime Minister", "Gen.").
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(&fold(word))
    }

    /// Whether `word` is an honorific that marks the next capitalized words
    /// as a person's name ("Sheikh", "Dr.", "General").
    pub fn is_honorific(&self, word: &str) -> bool {
        self.honorifics.contains(&fold(word))
    }

    /// The number of tokens of the longest title starting at token `i`
    /// ("Supreme Leader", "prime minister", "Lt. Col."), if one starts there.
    pub fn title_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        self.title_len_at(&words, i)
    }

    /// [`Gazetteer::title_at`] over plain words.
    pub fn title_len_at<S: AsRef<str>>(&self, words: &[S], i: usize) -> Option<usize> {
        let max = self.max_title_words.min(words.len().saturating_sub(i));
        (1..=max).rev().find(|&n| {
            let phrase: Vec<&str> = words[i..i + n].iter().map(|w| w.as_ref()).collect();
            // Tokenizers may split "Gen." into "Gen" "."; a lone "." is never a title word.
            !phrase.contains(&".") && self.titles.contains(&fold(&phrase.join(" ")))
        })
    }

    /// Whether `word` is a head noun or name word of armed groups
    /// ("militia", "brigade", "front", "fighters").
    pub fn is_armed_group_cue(&self, word: &str) -> bool {
        let f = fold_cow(word);
        // Transliterations vary in apostrophes: "Jama'at" = "Jamaat".
        self.armed_cues.contains(f.as_ref())
            || f.contains('\'') && self.armed_cues.contains(&f.replace('\'', ""))
    }

    /// Whether `word` in the context of a name points to an armed group
    /// ("militia", "insurgents", "armed", "jihadist"). Hyphenated modifiers
    /// ending in a listed suffix count ("Iranian-backed" ends in "-backed").
    pub fn is_armed_context_cue(&self, word: &str) -> bool {
        let f = fold_cow(word);
        if self.armed_context.contains(f.as_ref()) {
            return true;
        }
        match f.rfind('-') {
            Some(p) if p > 0 => self.armed_context.contains(&f[p..]),
            _ => false,
        }
    }

    /// Whether `word` is a head noun of organizations ("ministry", "council",
    /// "corps", "party", "police").
    pub fn is_organization_cue(&self, word: &str) -> bool {
        self.org_cues.contains(fold_cow(word).as_ref())
    }

    /// Whether `word` is a head noun of facilities ("embassy", "airport").
    pub fn is_facility_cue(&self, word: &str) -> bool {
        self.facility_cues.contains(fold_cow(word).as_ref())
    }

    /// Whether `word` marks a geographic location ("River", "Province").
    pub fn is_location_cue(&self, word: &str) -> bool {
        self.location_cues.contains(fold_cow(word).as_ref())
    }

    /// Whether `word` is a language name ("Arabic", "Pashto").
    pub fn is_language(&self, word: &str) -> bool {
        self.languages.contains(fold_cow(word).as_ref())
    }

    /// The longest gazetteer phrase, in words (bounds phrase matching).
    pub fn max_phrase_words(&self) -> usize {
        self.max_phrase_words
    }
}

/// The raw data a [`Gazetteer`] is built from, one string per file, in the
/// formats of the files under `data/`. [`Default`] is the embedded data.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `countries.tsv`.
    pub countries: &'a str,
    /// `cities.tsv`.
    pub cities: &'a str,
    /// `regions.tsv`.
    pub regions: &'a str,
    /// `subdivisions.tsv` (states, provinces, governorates: ISO 3166-2),
    /// in the format of `regions.tsv` with the country's ISO2 code last.
    pub subdivisions: &'a str,
    /// `titles.txt`.
    pub titles: &'a str,
    /// `honorifics.txt`.
    pub honorifics: &'a str,
    /// `armed_group_cues.txt`.
    pub armed_cues: &'a str,
    /// `armed_context_cues.txt`.
    pub armed_context: &'a str,
    /// `organization_cues.txt`.
    pub org_cues: &'a str,
    /// `facility_cues.txt`.
    pub facility_cues: &'a str,
    /// `location_cues.txt`.
    pub location_cues: &'a str,
    /// `group_identities.txt`.
    pub identities: &'a str,
    /// `languages.txt`.
    pub languages: &'a str,
}

impl Default for Sources<'static> {
    fn default() -> Self {
        Sources {
            countries: COUNTRIES,
            cities: CITIES,
            regions: REGIONS,
            subdivisions: SUBDIVISIONS,
            titles: TITLES,
            honorifics: HONORIFICS,
            armed_cues: ARMED_CUES,
            armed_context: ARMED_CONTEXT,
            org_cues: ORG_CUES,
            facility_cues: FACILITY_CUES,
            location_cues: LOCATION_CUES,
            identities: IDENTITIES,
            languages: LANGUAGES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::global()
    }

    #[test]
    fn countries_by_name_alias_and_code() {
        assert_eq!(g().country("France").unwrap().iso2, "FR");
        assert_eq!(g().country("the United States").unwrap().iso2, "US");
        assert_eq!(g().country("U.S.").unwrap().iso2, "US");
        assert_eq!(g().country("US").unwrap().iso2, "US");
        assert!(g().country("us").is_none(), "the pronoun is not a country");
        assert_eq!(g().country("Türkiye").unwrap().name, "Turkey");
        assert_eq!(g().country("Republic of Armenia").unwrap().iso2, "AM");
        assert_eq!(g().country_by_iso2("jp").unwrap().name, "Japan");
        assert!(g().country("Atlantis").is_none());
    }

    #[test]
    fn demonyms_map_to_countries() {
        assert_eq!(g().demonym("Iranian").unwrap().name, "Iran");
        assert_eq!(g().demonym("Azerbaijanis").unwrap().name, "Azerbaijan");
        assert_eq!(g().demonym("french").unwrap().iso2, "FR");
        assert!(g().demonym("Martian").is_none());
    }

    #[test]
    fn cities_and_regions() {
        let c = g().city("Marseille").unwrap();
        assert_eq!(c.iso2, "FR");
        assert!(c.population > 100_000);
        assert_eq!(g().city("Zanjān").unwrap().name, "Zanjan");
        assert_eq!(g().region("the Middle East").unwrap().name, "Middle East");
        assert!(matches!(g().place("Sahel"), Some(Place::Region(_))));
        assert!(matches!(g().place("Germany"), Some(Place::Country(_))));
        // First-level subdivisions (ISO 3166-2), diacritics folded; a name
        // that is also a country stays the country.
        assert_eq!(g().region("New Jersey").unwrap().kind, "state");
        assert_eq!(g().region("Khyber Pakhtunkhwa").unwrap().kind, "province");
        assert_eq!(g().region("Nangarhar").unwrap().name, "Nangarhār");
        assert!(matches!(g().place("Georgia"), Some(Place::Country(_))));
        assert!(
            g().region("Pool").is_none(),
            "a common word is no subdivision"
        );
        assert_eq!(
            g().region("New Jersey").unwrap().country.as_deref(),
            Some("US")
        );
        assert_eq!(g().region("Middle East").unwrap().country, None);
    }

    #[test]
    fn identities_titles_and_cues() {
        assert_eq!(g().group_identity("Shiites"), Some("Shia"));
        assert_eq!(g().group_identity("shi’ite"), Some("Shia"));
        assert!(g().is_title("Prime Minister"));
        assert!(g().is_title("Gen."));
        let words = ["the", "Supreme", "Leader", "Kamal"];
        assert_eq!(g().title_len_at(&words, 1), Some(2));
        assert_eq!(g().title_len_at(&words, 3), None);
        assert_eq!(g().title_len_at(&words, 9), None);
        assert!(g().is_armed_group_cue("Brigade"));
        assert!(g().is_armed_context_cue("Qarvani-backed"));
        assert!(!g().is_armed_context_cue("backed"));
        assert!(g().is_organization_cue("Ministry"));
        assert!(g().is_facility_cue("embassy"));
        assert!(g().is_location_cue("River"));
    }

    #[test]
    fn malformed_sources_are_skipped() {
        let src = Sources {
            countries: "Nowhere\n\tXX\nValidia\tVV\tRepublic of Validia\tValidian|Validians\n",
            cities: "Town\tVV\tnot-a-number\n",
            ..Sources::default()
        };
        let g = Gazetteer::from_sources(&src);
        assert_eq!(g.countries().len(), 1);
        assert_eq!(g.demonym("Validians").unwrap().name, "Validia");
        assert_eq!(g.cities().len(), 0);
    }
}
