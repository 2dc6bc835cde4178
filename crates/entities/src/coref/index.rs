//! Indexes of the clusters' names, so that placing a mention looks only at
//! the clusters that could take it instead of at every cluster of the
//! document (which made coreference quadratic in a long document).
//!
//! Each index maps a feature of a name to the clusters that had a name with
//! that feature when the name joined them. Merged clusters are followed to
//! their root, and every candidate is checked with the finder's own test, so
//! an index only narrows the search to a superset of the clusters that fit;
//! it never decides. Hashes stand for word sequences: a collision costs a
//! check, not a wrong answer.

use dossier_doc::Mention;
use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};

#[derive(Debug, Default)]
pub(super) struct NameIndex {
    /// Last word of a person's full name (`Cluster::person_names`) → clusters.
    pub(super) person_last: HashMap<String, Vec<usize>>,
    /// Uppercased initials of a distinct name of two or more words → clusters.
    pub(super) initials: HashMap<String, Vec<usize>>,
    /// (length, hash) of a run of the first words of a distinct name, shorter
    /// than the name → clusters.
    pub(super) prefixes: HashMap<(usize, u64), Vec<usize>>,
    /// (length, hash) of a run of the last words of a distinct name, shorter
    /// than the name → clusters.
    pub(super) suffixes: HashMap<(usize, u64), Vec<usize>>,
    /// (hash of the initials, word count, char count) of a grouping key →
    /// clusters.
    pub(super) shapes: HashMap<(u64, usize, usize), Vec<usize>>,
    /// Hash of a grouping key of three words or more with one word masked →
    /// clusters.
    pub(super) masked: HashMap<u64, Vec<usize>>,
}

fn push<K: Eq + Hash>(map: &mut HashMap<K, Vec<usize>>, k: K, c: usize) {
    let v = map.entry(k).or_default();
    if v.last() != Some(&c) {
        v.push(c);
    }
}

fn word_hash(w: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    w.hash(&mut h);
    h.finish()
}

/// A word's hash at a position (splitmix64's finalizer), summed over a run.
fn at(h: u64, pos: usize) -> u64 {
    let mut z = h ^ (pos as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of `words` as a run of first words.
pub(super) fn prefix_hash<S: AsRef<str>>(words: &[S]) -> u64 {
    words.iter().enumerate().fold(0u64, |s, (i, w)| {
        s.wrapping_add(at(word_hash(w.as_ref()), i))
    })
}

/// The hash of `words` as a run of last words (positions counted from the end).
pub(super) fn suffix_hash<S: AsRef<str>>(words: &[S]) -> u64 {
    words.iter().rev().enumerate().fold(0u64, |s, (i, w)| {
        s.wrapping_add(at(word_hash(w.as_ref()), i))
    })
}

/// The hashes of a grouping key's words with word `j` masked, for every `j`.
pub(super) fn masked_hashes(key: &str) -> Vec<u64> {
    let hs: Vec<u64> = key.split(' ').map(word_hash).collect();
    let n = hs.len();
    let total = hs
        .iter()
        .enumerate()
        .fold(0u64, |s, (i, &h)| s.wrapping_add(at(h, i)));
    let base = total.wrapping_add(at(n as u64, usize::MAX / 2));
    (0..n)
        .map(|j| {
            base.wrapping_sub(at(hs[j], j))
                .wrapping_add(at(0x6d61_736b, j))
        })
        .collect()
}

/// The first letters of a grouping key's words, hashed.
pub(super) fn initials_hash(key: &str) -> u64 {
    let first: String = key.split(' ').filter_map(|w| w.chars().next()).collect();
    word_hash(&first)
}

impl NameIndex {
    /// Records a person's full name (its words without particles) of cluster `c`.
    pub(super) fn add_person(&mut self, words: &[String], c: usize) {
        if let Some(last) = words.last() {
            push(&mut self.person_last, last.clone(), c);
        }
    }

    /// Records a distinct name of cluster `c`: its text and name-key words.
    pub(super) fn add_name(&mut self, text: &str, words: &[String], c: usize) {
        if text.split_whitespace().count() >= 2 {
            push(
                &mut self.initials,
                crate::text::initials(text).to_uppercase(),
                c,
            );
        }
        let n = words.len();
        let (mut p, mut s) = (0u64, 0u64);
        for k in 1..n {
            p = p.wrapping_add(at(word_hash(&words[k - 1]), k - 1));
            s = s.wrapping_add(at(word_hash(&words[n - k]), k - 1));
            push(&mut self.prefixes, (k, p), c);
            push(&mut self.suffixes, (k, s), c);
        }
    }

    /// Records a grouping key of cluster `c`.
    pub(super) fn add_key(&mut self, key: &str, c: usize) {
        let words = key.split(' ').count();
        push(
            &mut self.shapes,
            (initials_hash(key), words, key.chars().count()),
            c,
        );
        if words >= 3 {
            for h in masked_hashes(key) {
                push(&mut self.masked, h, c);
            }
        }
    }
}

/// Which spans the mentions cover: `reach[k]` is the furthest end of
/// `ms[..=k]` for mentions sorted by start, so a span `s..e` overlaps a
/// mention when one starting before `e` reaches past `s` (a binary search
/// instead of a scan of every mention).
pub(super) struct Reach(Vec<usize>);

impl Reach {
    /// The reach of `ms`, which must be sorted by start.
    pub(super) fn new(ms: &[Mention]) -> Self {
        Reach(
            ms.iter()
                .scan(0, |r, m| {
                    *r = (*r).max(m.end);
                    Some(*r)
                })
                .collect(),
        )
    }

    /// Whether a mention of `ms` (the slice `new` was given) overlaps `s..e`.
    pub(super) fn overlaps(&self, ms: &[Mention], s: usize, e: usize) -> bool {
        let k = ms.partition_point(|m| m.start < e);
        k > 0 && self.0[k - 1] > s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_hash_alike_only_when_their_words_do() {
        let full = ["dawn", "front", "of", "velda"];
        assert_eq!(prefix_hash(&full[..2]), prefix_hash(&["dawn", "front"]));
        assert_eq!(suffix_hash(&full[2..]), suffix_hash(&["of", "velda"]));
        assert_ne!(
            prefix_hash(&["front", "dawn"]),
            prefix_hash(&["dawn", "front"])
        );
        assert_ne!(suffix_hash(&["velda"]), prefix_hash(&["dawn"]));
        let mut idx = NameIndex::default();
        let words: Vec<String> = full.iter().map(|w| w.to_string()).collect();
        idx.add_name("Dawn Front of Velda", &words, 3);
        assert_eq!(
            idx.prefixes.get(&(2, prefix_hash(&["dawn", "front"]))),
            Some(&vec![3])
        );
        assert_eq!(
            idx.suffixes.get(&(1, suffix_hash(&["velda"]))),
            Some(&vec![3])
        );
        // The whole name is not a part of itself.
        assert!(!idx.prefixes.contains_key(&(4, prefix_hash(&full))));
        assert_eq!(idx.initials.get("DFV"), Some(&vec![3]));
    }

    #[test]
    fn keys_one_word_apart_share_a_masked_hash() {
        let a = masked_hashes("ranao mujahideen front");
        let b = masked_hashes("lanao mujahideen front");
        assert_eq!(a[0], b[0]);
        assert_ne!(a[1], b[1]);
        assert_ne!(a[2], b[2]);
        // A masked word is not a missing word.
        let c = masked_hashes("mujahideen front");
        assert!(c.iter().all(|h| !a.contains(h)));
    }
}
