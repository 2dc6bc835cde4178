//! The city index: name keys ([`name_key`]) of every city name and
//! alternate name, mapped to the cities they name, in a flat byte format.
//!
//! The index of the embedded `cities.tsv` is built at compile time by the
//! crate's build script (which includes this file and `text.rs`), so
//! opening it costs nothing at run time; [`build`] makes the same bytes
//! from any text in the format of `cities.tsv` (tests check the two agree).
//!
//! Format (little-endian):
//!
//! | bytes | what |
//! |---|---|
//! | 8 | magic `DCITY001` |
//! | 4 × 4 | city count `n`, the most words in a city's name, table bits `b`, reference count `r` |
//! | 4 `n` | byte offset of each city's line in the text |
//! | 16 · 2^`b` | open-addressing table: key hash (u64, 0 = empty), first reference (u32), reference count (u32) |
//! | 4 `r` | references: `city << 1 | alternate`, per key primary names first, then by population |
//!
//! A lookup hashes the key, probes the table and checks the key against the
//! names of the first city it finds, so a hash collision never gives a
//! wrong city.

use crate::text::name_key;

/// The magic bytes that open an index.
pub(crate) const MAGIC: &[u8; 8] = b"DCITY001";
const HEADER: usize = 8 + 16;

/// The words of `s` (split at whitespace and hyphens).
pub(crate) fn words(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .count()
}

/// The hash of a name key in the table (FNV-1a, then a finalizer; never 0).
pub(crate) fn hash_key(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h.max(1)
}

/// One city line's fields: name, ISO2 code, population, alternate names
/// (`|`-separated).
pub(crate) struct Fields<'a> {
    pub name: &'a str,
    pub iso2: &'a str,
    pub population: u64,
    pub alternates: &'a str,
}

impl<'a> Fields<'a> {
    /// The alternate names, trimmed, empty ones skipped.
    pub fn alternates(&self) -> impl Iterator<Item = &'a str> {
        self.alternates
            .split('|')
            .map(str::trim)
            .filter(|x| !x.is_empty())
    }
}

/// Parses one data line (`None` for a malformed one).
pub(crate) fn parse_line(line: &str) -> Option<Fields<'_>> {
    let mut f = line.split('\t');
    let (name, iso2, pop) = (f.next()?, f.next()?, f.next()?);
    let population = pop.trim().parse::<u64>().ok()?;
    Some(Fields {
        name: name.trim(),
        iso2: iso2.trim(),
        population,
        alternates: f.next().unwrap_or(""),
    })
}

/// The line of the text starting at byte `at`, without its line break or
/// trailing whitespace.
pub(crate) fn line_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    rest[..rest.find('\n').unwrap_or(rest.len())].trim_end()
}

/// The well-formed city lines of `text`, with their byte offsets: blank
/// lines, `#` comments and malformed lines are skipped.
pub(crate) fn city_lines(text: &str) -> impl Iterator<Item = (usize, Fields<'_>)> {
    let mut at = 0usize;
    text.split_inclusive('\n').filter_map(move |piece| {
        let start = at;
        at += piece.len();
        let line = piece.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        parse_line(line).map(|f| (start, f))
    })
}

/// Builds the index of `text` (in the format of `cities.tsv`).
pub(crate) fn build(text: &str) -> Vec<u8> {
    let mut offsets: Vec<u32> = Vec::new();
    let mut pops: Vec<u64> = Vec::new();
    let mut max_words = 0usize;
    // Keys in order of first appearance, each with its references.
    let mut key_ids: std::collections::HashMap<String, usize> = Default::default();
    let mut keys: Vec<(u64, Vec<(u32, bool)>)> = Vec::new();
    for (at, f) in city_lines(text) {
        let i = offsets.len() as u32;
        offsets.push(at as u32);
        pops.push(f.population);
        max_words = max_words.max(words(f.name));
        let names = std::iter::once((f.name, false)).chain(f.alternates().map(|a| (a, true)));
        for (n, alt) in names {
            let key = name_key(n);
            let id = *key_ids.entry(key).or_insert_with_key(|k| {
                keys.push((hash_key(k), Vec::new()));
                keys.len() - 1
            });
            keys[id].1.push((i, alt));
        }
    }
    let bits = (keys.len() * 2).max(2).next_power_of_two().trailing_zeros();
    let size = 1usize << bits;
    let mut slots = vec![(0u64, 0u32, 0u32); size];
    let mut refs: Vec<u32> = Vec::new();
    for (hash, mut r) in keys {
        // Primary names first, then by population (stable: file order).
        r.sort_by_key(|&(i, alt)| (alt, std::cmp::Reverse(pops[i as usize])));
        let start = refs.len() as u32;
        refs.extend(r.iter().map(|&(i, alt)| i << 1 | alt as u32));
        let mut s = hash as usize & (size - 1);
        while slots[s].0 != 0 {
            s = (s + 1) & (size - 1);
        }
        slots[s] = (hash, start, r.len() as u32);
    }
    let mut out = Vec::with_capacity(HEADER + offsets.len() * 4 + size * 16 + refs.len() * 4);
    out.extend_from_slice(MAGIC);
    for v in [
        offsets.len() as u32,
        max_words as u32,
        bits,
        refs.len() as u32,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for o in &offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    for (h, start, len) in &slots {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
    }
    for r in &refs {
        out.extend_from_slice(&r.to_le_bytes());
    }
    out
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// Where the parts of an index lie, read from its header (no bytes held).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    cities: usize,
    max_words: usize,
    mask: usize,
    slots_at: usize,
    refs_at: usize,
}

impl Layout {
    /// The index `bytes` (the ones this layout was read from) seen through it.
    pub fn view(self, bytes: &[u8]) -> View<'_> {
        View { bytes, l: self }
    }
}

/// A read-only view of an index made by [`build`], checked once on opening.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    bytes: &'a [u8],
    l: Layout,
}

impl<'a> View<'a> {
    /// Opens `bytes` as an index of a text `text_len` bytes long; `None`
    /// when the bytes are not a well-formed index.
    pub fn open(bytes: &'a [u8], text_len: usize) -> Option<View<'a>> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return None;
        }
        let cities = u32_at(bytes, 8) as usize;
        let max_words = u32_at(bytes, 12) as usize;
        let bits = u32_at(bytes, 16);
        let refs = u32_at(bytes, 20) as usize;
        if bits >= 32 {
            return None;
        }
        let size = 1usize << bits;
        let slots_at = HEADER + cities * 4;
        let refs_at = slots_at + size * 16;
        if bytes.len() != refs_at + refs * 4 {
            return None;
        }
        let v = View {
            bytes,
            l: Layout {
                cities,
                max_words,
                mask: size - 1,
                slots_at,
                refs_at,
            },
        };
        let offsets_ok = (0..cities).all(|i| v.offset(i) < text_len.max(1));
        let slots_ok = (0..size).all(|s| {
            let (_, start, len) = v.slot(s);
            start.checked_add(len).is_some_and(|e| e <= refs)
        });
        let refs_ok = (0..refs).all(|k| (u32_at(bytes, refs_at + 4 * k) >> 1) < cities as u32);
        (offsets_ok && slots_ok && refs_ok).then_some(v)
    }

    /// Its layout (to make views of the same bytes later without checks).
    pub fn layout(&self) -> Layout {
        self.l
    }

    /// The number of cities.
    pub fn len(&self) -> usize {
        self.l.cities
    }

    /// The most words in a city's primary name.
    pub fn max_words(&self) -> usize {
        self.l.max_words
    }

    /// The byte offset of city `i`'s line.
    pub fn offset(&self, i: usize) -> usize {
        u32_at(self.bytes, HEADER + 4 * i) as usize
    }

    fn slot(&self, s: usize) -> (u64, usize, usize) {
        let at = self.l.slots_at + 16 * s;
        let h = u64::from_le_bytes(self.bytes[at..at + 8].try_into().unwrap());
        (
            h,
            u32_at(self.bytes, at + 8) as usize,
            u32_at(self.bytes, at + 12) as usize,
        )
    }

    fn reference(&self, k: usize) -> (usize, bool) {
        let r = u32_at(self.bytes, self.l.refs_at + 4 * k);
        ((r >> 1) as usize, r & 1 == 1)
    }

    /// The cities whose name (or alternate name) has name key `key`, as
    /// `(city, by an alternate name)`, best first. `is_key_of(city, alt)`
    /// tells whether that city's name (alternate names when `alt`) has
    /// the key; it guards against hash collisions.
    pub fn lookup(self, key: &str, is_key_of: impl Fn(usize, bool) -> bool) -> Refs<'a> {
        let h = hash_key(key);
        let mut s = h as usize & self.l.mask;
        let mut found = (0, 0);
        loop {
            let (sh, start, len) = self.slot(s);
            if sh == 0 {
                break;
            }
            if sh == h && len > 0 {
                let (c, alt) = self.reference(start);
                if is_key_of(c, alt) {
                    found = (start, len);
                    break;
                }
            }
            s = (s + 1) & self.l.mask;
        }
        Refs {
            view: self,
            range: found.0..found.0 + found.1,
        }
    }
}

/// The references of one key, from [`View::lookup`].
#[derive(Debug, Clone)]
pub(crate) struct Refs<'a> {
    view: View<'a>,
    range: std::ops::Range<usize>,
}

impl Iterator for Refs<'_> {
    type Item = (usize, bool);

    fn next(&mut self) -> Option<(usize, bool)> {
        self.range.next().map(|k| self.view.reference(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# name\tiso2\tpopulation\talternates\n\
        Alpha\tAA\t5000\tAlfa|Big Town\n\
        \n\
        Broken\tBB\tmany\n\
        Beta\tBB\t90000\tAlpha|Béta\r\n\
        Big Town\tCC\t100\n";

    fn view(bytes: &[u8]) -> View<'_> {
        View::open(bytes, TEXT.len()).expect("index opens")
    }

    fn names(v: View<'_>, key: &str) -> Vec<(String, bool)> {
        let name = |i: usize| {
            parse_line(line_at(TEXT, v.offset(i)))
                .unwrap()
                .name
                .to_string()
        };
        v.lookup(key, |_, _| true)
            .map(|(i, alt)| (name(i), alt))
            .collect()
    }

    #[test]
    fn keys_find_their_cities_primary_names_first_then_by_population() {
        let bytes = build(TEXT);
        let v = view(&bytes);
        assert_eq!(
            v.len(),
            3,
            "the comment, blank and malformed lines are skipped"
        );
        assert_eq!(v.max_words(), 2);
        assert_eq!(
            names(v, "alpha"),
            [("Alpha".to_string(), false), ("Beta".to_string(), true)]
        );
        assert_eq!(
            names(v, "big town"),
            [("Big Town".to_string(), false), ("Alpha".to_string(), true)]
        );
        // "Béta" is an alternate name of Beta with the same key.
        assert_eq!(
            names(v, "beta"),
            [("Beta".to_string(), false), ("Beta".to_string(), true)]
        );
        assert!(names(v, "gamma").is_empty());
        assert_eq!(line_at(TEXT, v.offset(1)), "Beta\tBB\t90000\tAlpha|Béta");
    }

    #[test]
    fn a_failed_key_check_is_no_match() {
        let bytes = build(TEXT);
        assert_eq!(view(&bytes).lookup("alpha", |_, _| false).count(), 0);
    }

    #[test]
    fn damaged_indexes_do_not_open() {
        let bytes = build(TEXT);
        assert!(View::open(&bytes[..bytes.len() - 1], TEXT.len()).is_none());
        assert!(View::open(b"DCITY00", TEXT.len()).is_none());
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert!(View::open(&bad, TEXT.len()).is_none());
        // A city offset past the end of the text.
        assert!(View::open(&bytes, 3).is_none());
        // A reference to a city that is not there.
        let mut bad = bytes.clone();
        let last = bad.len() - 4;
        bad[last..].copy_from_slice(&(99u32 << 1).to_le_bytes());
        assert!(View::open(&bad, TEXT.len()).is_none());
    }

    #[test]
    fn the_embedded_index_is_the_index_of_the_embedded_cities() {
        let text = include_str!("../data/gazetteer/cities.tsv");
        let embedded = include_bytes!(concat!(env!("OUT_DIR"), "/cities.idx"));
        assert!(build(text) == embedded.as_slice());
    }
}
