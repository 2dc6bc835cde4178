//! Gazetteers: token-sequence lists with a type, matched case-insensitively.
//!
//! Entries are stored as 64-bit hashes of their lowercased, space-joined
//! tokens, so the lexicon is compact and travels inside the model file.

use crate::features::{hash_combine, hash_lower, FNV_OFFSET};
use crate::table::IdMap;

/// The kinds of gazetteer a lexicon entry can belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum GazType {
    /// Country names.
    Country = 0,
    /// City names.
    City = 1,
    /// Regions: states, continents.
    Region = 2,
    /// Nationalities, demonyms, religions and sects.
    Demonym = 3,
    /// Common given names.
    GivenName = 4,
    /// Common surnames.
    Surname = 5,
    /// Organization keywords (Army, Party, Ministry…).
    OrgKeyword = 6,
    /// Company suffixes (Inc, Ltd, AG…).
    OrgSuffix = 7,
    /// Person titles (Mr, President, General…).
    Title = 8,
    /// Location keywords (Province, River, Airport…).
    LocKeyword = 9,
}

impl GazType {
    /// All types, in discriminant order.
    pub const ALL: [GazType; 10] = [
        GazType::Country,
        GazType::City,
        GazType::Region,
        GazType::Demonym,
        GazType::GivenName,
        GazType::Surname,
        GazType::OrgKeyword,
        GazType::OrgSuffix,
        GazType::Title,
        GazType::LocKeyword,
    ];
}

/// A set of typed gazetteer entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    pub(crate) entries: IdMap<u16>,
    pub(crate) max_len: usize,
    /// Word clusters: word hash → (bit-string code, code length ≤ 32).
    pub(crate) clusters: IdMap<(u32, u8)>,
    /// The feature templates a model uses (see [`Templates`]).
    pub(crate) templates: Templates,
    /// Case priors (templates V2): a key of a lowercase form
    /// ([`case_key`]) → its case bucket (see [`Lexicon::add_case_priors`]).
    pub(crate) case_priors: IdMap<u64>,
}

/// Which feature templates a tagger model was trained with; stored in the
/// model file (files without it are V1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Templates {
    /// The CoNLL-2003 templates (NER, chunk, POS models).
    #[default]
    V1,
    /// V1 plus features for part-of-speech tagging: the clusters of the
    /// word's lowercase and title-case forms (and of its neighbours'
    /// lowercase forms), and how often the clusters' text capitalizes it.
    V2,
}

impl Templates {
    /// The number stored in a model file (0: V1).
    pub(crate) fn code(self) -> u8 {
        match self {
            Templates::V1 => 0,
            Templates::V2 => 2,
        }
    }

    /// The templates of a stored number.
    pub(crate) fn from_code(c: u8) -> Option<Templates> {
        match c {
            0 | 1 => Some(Templates::V1),
            2 => Some(Templates::V2),
            _ => None,
        }
    }
}

/// The key of a lowercase form's case prior.
fn case_key(lower: u64) -> u64 {
    crate::features::mix(lower ^ 0x7a67_0003)
}

impl Lexicon {
    /// Case priors from word counts (`PATH<TAB>WORD<TAB>COUNT` cluster
    /// lines): for each word seen both in lowercase and capitalized
    /// (`house`, `House`), how often it is capitalized, in six buckets, with
    /// its frequency in eight: a name written in lowercase in web text
    /// (`google`) is told from a common noun starting a sentence. Lines
    /// without a count are skipped. Returns how many words got a prior.
    pub(crate) fn add_case_priors(&mut self, text: &str) -> usize {
        let mut counts: IdMap<(u64, u64)> = IdMap::default();
        for line in text.lines() {
            let mut cols = line.split('\t').skip(1);
            let (Some(word), Some(Ok(n))) = (cols.next(), cols.next().map(str::parse::<u64>))
            else {
                continue;
            };
            let lower = hash_lower(word);
            let e = counts.entry(lower).or_default();
            if crate::features::hash_str(word) == lower {
                e.0 += n;
            } else if crate::features::hash_title(word) == Some(crate::features::hash_str(word)) {
                e.1 += n;
            }
        }
        let mut added = 0;
        for (lower, (l, t)) in counts {
            if l == 0 || t == 0 {
                continue;
            }
            let r = t as f64 / (l + t) as f64;
            let bucket = [0.05, 0.25, 0.5, 0.75, 0.95]
                .iter()
                .filter(|&&x| r >= x)
                .count() as u64;
            let freq = (64 - (l + t).leading_zeros() as u64).div_ceil(3).min(7);
            self.case_priors.insert(case_key(lower), bucket * 8 + freq);
            added += 1;
        }
        added
    }

    /// A lowercase form's case prior (see [`Lexicon::add_case_priors`]).
    pub(crate) fn case_prior(&self, lower: u64) -> Option<u64> {
        self.case_priors.get(&case_key(lower)).copied()
    }
}

/// The longest entry, in tokens, that the lexicon keeps.
pub const MAX_ENTRY_TOKENS: usize = 6;

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Self {
        Lexicon::default()
    }

    /// The built-in lexicon: GeoNames countries, cities and regions, US
    /// Census given names and surnames, and hand-written lists of
    /// nationalities/religions, organization and location keywords,
    /// company suffixes and person titles.
    pub fn builtin() -> Self {
        let mut lex = Lexicon::new();
        let lists: [(&str, GazType); 10] = [
            (
                include_str!("../data/lexicon/countries.txt"),
                GazType::Country,
            ),
            (include_str!("../data/lexicon/cities.txt"), GazType::City),
            (include_str!("../data/lexicon/regions.txt"), GazType::Region),
            (
                include_str!("../data/lexicon/demonyms.txt"),
                GazType::Demonym,
            ),
            (
                include_str!("../data/lexicon/given_names.txt"),
                GazType::GivenName,
            ),
            (
                include_str!("../data/lexicon/surnames.txt"),
                GazType::Surname,
            ),
            (
                include_str!("../data/lexicon/org_keywords.txt"),
                GazType::OrgKeyword,
            ),
            (
                include_str!("../data/lexicon/org_suffixes.txt"),
                GazType::OrgSuffix,
            ),
            (
                include_str!("../data/lexicon/person_titles.txt"),
                GazType::Title,
            ),
            (
                include_str!("../data/lexicon/loc_keywords.txt"),
                GazType::LocKeyword,
            ),
        ];
        for (text, ty) in lists {
            for line in text.lines() {
                let line = line.trim();
                if !line.is_empty() && !line.starts_with('#') {
                    lex.insert(line, ty);
                }
            }
        }
        lex
    }

    /// Adds an entry (whitespace-separated tokens; punctuation such as a
    /// final period or an apostrophe stays inside its token). A leading
    /// "the" is dropped ("the Gambia" → "Gambia"). Entries longer than
    /// `MAX_ENTRY_TOKENS` (6) tokens or empty ones are ignored.
    pub fn insert(&mut self, entry: &str, ty: GazType) {
        let mut toks: Vec<&str> = entry.split_whitespace().collect();
        if toks.len() > 1 && toks[0].eq_ignore_ascii_case("the") {
            toks.remove(0);
        }
        if toks.is_empty() || toks.len() > MAX_ENTRY_TOKENS {
            return;
        }
        let key = Self::key(toks.iter().copied());
        *self.entries.entry(key).or_insert(0) |= 1 << (ty as u16);
        self.max_len = self.max_len.max(toks.len());
    }

    /// The types of an entry, if present.
    pub fn lookup(&self, entry: &str) -> Vec<GazType> {
        let toks: Vec<&str> = entry.split_whitespace().collect();
        let mask = self
            .entries
            .get(&Self::key(toks.iter().copied()))
            .copied()
            .unwrap_or(0);
        GazType::ALL
            .iter()
            .copied()
            .filter(|t| mask & (1 << (*t as u16)) != 0)
            .collect()
    }

    /// Adds word clusters (Brown-style bit-string paths) from text lines
    /// `CODE<TAB>WORD[<TAB>COUNT]`; codes are cut at 32 bits. Returns how
    /// many were read; a line that does not parse is an error naming it.
    pub fn add_clusters(&mut self, text: &str) -> Result<usize, String> {
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(code), Some(word)) = (cols.next(), cols.next()) else {
                return Err(format!("clusters line {}: expected CODE<TAB>WORD", i + 1));
            };
            if code.is_empty() || !code.bytes().all(|b| b == b'0' || b == b'1') {
                return Err(format!("clusters line {}: bad code {code:?}", i + 1));
            }
            let bits = &code[..code.len().min(32)];
            let v = u32::from_str_radix(bits, 2)
                .map_err(|e| format!("clusters line {}: {e}", i + 1))?;
            self.clusters
                .insert(crate::features::hash_str(word), (v, bits.len() as u8));
            n += 1;
        }
        Ok(n)
    }

    /// The cluster path of a word as `(bits, length)`: of its exact form,
    /// else (for a word with capitals after the first letter, such as a
    /// headline's `KADRA`) of its capitalized form `Kadra`, else of its
    /// lowercase form.
    pub fn cluster(&self, word: &str) -> Option<(u32, u8)> {
        self.cluster_of(word, crate::features::hash_str(word), hash_lower(word))
    }

    /// [`Lexicon::cluster`] given the word's exact and lowercase hashes.
    pub(crate) fn cluster_of(&self, word: &str, hash: u64, lower: u64) -> Option<(u32, u8)> {
        self.clusters
            .get(&hash)
            .or_else(|| {
                let title = crate::features::hash_capitalized(word)?;
                self.clusters.get(&title)
            })
            .or_else(|| self.clusters.get(&lower))
            .copied()
    }

    /// Number of words with a cluster.
    pub fn num_clusters(&self) -> usize {
        self.clusters.len()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn key<'a>(toks: impl Iterator<Item = &'a str>) -> u64 {
        let mut h = FNV_OFFSET;
        for t in toks {
            h = hash_combine(h, hash_lower(t));
        }
        h
    }

    /// For each token, a bitmask of (type, position) matches: bit
    /// `type * 4 + p` with p = 0 (B), 1 (I), 2 (L), 3 (U). `lower` holds
    /// the tokens' lowercase hashes.
    pub(crate) fn match_tokens(&self, lower: &[u64], out: &mut Vec<u64>) {
        out.clear();
        out.resize(lower.len(), 0);
        if self.entries.is_empty() {
            return;
        }
        for i in 0..lower.len() {
            let mut h = FNV_OFFSET;
            for len in 1..=self.max_len.min(lower.len() - i) {
                h = hash_combine(h, lower[i + len - 1]);
                if let Some(&mask) = self.entries.get(&h) {
                    for t in 0..16u64 {
                        if mask & (1 << t) == 0 {
                            continue;
                        }
                        if len == 1 {
                            out[i] |= 1 << (t * 4 + 3);
                        } else {
                            out[i] |= 1 << (t * 4);
                            for o in out.iter_mut().take(i + len - 1).skip(i + 1) {
                                *o |= 1 << (t * 4 + 1);
                            }
                            out[i + len - 1] |= 1 << (t * 4 + 2);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::hash_lower;

    #[test]
    fn multiword_match_marks_bil() {
        let mut lex = Lexicon::new();
        lex.insert("Nova Terra", GazType::Country);
        lex.insert("Terra", GazType::City);
        let toks = ["in", "NOVA", "Terra", "today"];
        let lower: Vec<u64> = toks.iter().map(|t| hash_lower(t)).collect();
        let mut out = Vec::new();
        lex.match_tokens(&lower, &mut out);
        assert_eq!(out[0], 0);
        assert_eq!(out[1], 1 << 0); // Country B
        assert_eq!(out[2], (1 << 2) | (1 << (4 + 3))); // Country L, City U
        assert_eq!(out[3], 0);
        assert_eq!(lex.lookup("nova terra"), vec![GazType::Country]);
        lex.insert("the Outer Reach", GazType::Region);
        assert_eq!(lex.lookup("Outer Reach"), vec![GazType::Region]);
        lex.insert("   ", GazType::Region);
        lex.insert("a b c d e f g", GazType::Region);
        assert_eq!(lex.max_len, 2);
    }

    #[test]
    fn clusters_parse_and_look_up() {
        let mut lex = Lexicon::new();
        assert_eq!(lex.add_clusters("0110\tgrelk\t12\n10\tvorp\n\n"), Ok(2));
        assert_eq!(lex.cluster("grelk"), Some((0b0110, 4)));
        assert_eq!(lex.cluster("Vorp"), Some((0b10, 2)));
        assert_eq!(lex.cluster("none"), None);
        // A word in capitals takes its capitalized form's cluster first.
        lex.add_clusters("111\tKadra\n000\tkadra\n01\tGrelk\n")
            .unwrap();
        assert_eq!(lex.cluster("KADRA"), Some((0b111, 3)));
        assert_eq!(lex.cluster("kadra"), Some((0b000, 3)));
        assert_eq!(lex.cluster("kAdRa"), Some((0b000, 3)));
        assert_eq!(lex.cluster("GRELK"), Some((0b01, 2)));
        assert_eq!(lex.cluster("GRELK'S"), None);
        assert!(lex.add_clusters("01x\tbad").is_err());
        assert!(lex.add_clusters("0101").is_err());
    }

    #[test]
    fn builtin_has_lists() {
        let lex = Lexicon::builtin();
        assert!(lex.len() > 10_000);
        assert!(lex.lookup("France").contains(&GazType::Country));
        assert!(lex.lookup("Ministry").contains(&GazType::OrgKeyword));
    }
}
