//! Brown word clusters (Brown et al. 1992) trained with Percy Liang's (2005)
//! windowed algorithm, as in his `wcluster` program.
//!
//! Word types are taken in order of frequency (ties broken by the word). A
//! window holds `C` active clusters; each next word enters as cluster `C+1`,
//! and the pair of active clusters whose merge loses the least average
//! mutual information (AMI) of adjacent clusters is merged. Once every word
//! is in, `C − 1` more merges build a binary tree over the `C` clusters; a
//! word's cluster is named by its path from the root (`0` left, `1` right),
//! so that prefixes of a path are coarser clusters.
//!
//! ```
//! use dossier_clusters::{train, Options};
//! let text = "the grelk ran .\nthe vorp ran .\nthey zanned .\nthey blicked .";
//! let opts = Options { clusters: 3, min_count: 1, ..Options::default() };
//! let lines = text.lines().map(|l| Ok(l.to_string()));
//! let clusters = train(lines, &opts, &indicatif::ProgressBar::hidden()).unwrap();
//! assert_eq!(clusters.entries().len(), 8);
//! let mut out = Vec::new();
//! clusters.write_paths(&mut out).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap().lines().count(), 8);
//! ```
#![warn(missing_docs)]

mod brown;
mod corpus;

pub use corpus::Corpus;
use indicatif::ProgressBar;
use std::io::Write;

/// Errors of clustering.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the text or writing the paths failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The options cannot be used.
    #[error("invalid options: {0}")]
    Options(String),
    /// No word of the text reaches the minimum count.
    #[error("no word is seen at least {0} times")]
    EmptyVocabulary(u64),
    /// The input is too large for the implementation.
    #[error("input too large: {0}")]
    TooLarge(String),
}

/// Clustering settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Number of clusters `C` (the window size).
    pub clusters: usize,
    /// Words seen fewer times are left out.
    pub min_count: u64,
    /// Lowercase the text first (by default words keep their case).
    pub lowercase: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clusters: 1000,
            min_count: 5,
            lowercase: false,
        }
    }
}

/// One word of the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The cluster's bit-string path from the root of the tree.
    pub path: String,
    /// The word.
    pub word: String,
    /// How often the word was seen.
    pub count: u64,
}

/// Trained clusters: every kept word with its cluster path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clusters {
    entries: Vec<Entry>,
    clusters: usize,
    tokens: u64,
    types: usize,
}

impl Clusters {
    /// The words, sorted by path, then by count (descending), then by word.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of (leaf) clusters.
    pub fn num_clusters(&self) -> usize {
        self.clusters
    }

    /// Number of tokens read.
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// Number of distinct word types read (before the minimum count).
    pub fn types(&self) -> usize {
        self.types
    }

    /// The longest path, in bits.
    pub fn max_path_len(&self) -> usize {
        self.entries.iter().map(|e| e.path.len()).max().unwrap_or(0)
    }

    /// The path of a word, if it was kept.
    pub fn path(&self, word: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.word == word)
            .map(|e| e.path.as_str())
    }

    /// Writes Liang's `paths` format: `PATH<TAB>WORD<TAB>COUNT` lines.
    pub fn write_paths<W: Write>(&self, mut w: W) -> Result<(), Error> {
        for e in &self.entries {
            writeln!(w, "{}\t{}\t{}", e.path, e.word, e.count)?;
        }
        w.flush()?;
        Ok(())
    }
}

/// Reads lines of text (see [`Corpus::from_lines`]) and clusters their words.
///
/// `progress` shows the reading (as a message) and one step per word and per
/// final merge; pass [`ProgressBar::hidden`] for none.
pub fn train<I>(lines: I, opts: &Options, progress: &ProgressBar) -> Result<Clusters, Error>
where
    I: IntoIterator<Item = std::io::Result<String>>,
{
    if opts.clusters == 0 {
        return Err(Error::Options("at least one cluster is needed".into()));
    }
    if opts.min_count == 0 {
        return Err(Error::Options(
            "the minimum count must be at least 1".into(),
        ));
    }
    let corpus = Corpus::from_lines(lines, opts, progress)?;
    cluster(&corpus, opts.clusters, progress)
}

/// Clusters the words of a counted corpus into `c` clusters.
pub fn cluster(corpus: &Corpus, c: usize, progress: &ProgressBar) -> Result<Clusters, Error> {
    let n = corpus.words().len();
    if n == 0 {
        return Err(Error::EmptyVocabulary(0));
    }
    if c == 0 {
        return Err(Error::Options("at least one cluster is needed".into()));
    }
    let c = c.min(n);
    progress.set_message(format!("clustering {n} words into {c} clusters"));
    progress.set_position(0);
    progress.set_length((n + c - 1) as u64);
    let mut b = brown::Brown::new(corpus, c);
    b.run(progress);
    let leaves = b.leaves.len();
    // Paths: depth-first from the root (the last node).
    let mut paths = vec![String::new(); leaves];
    let root = (leaves + b.nodes.len() - 1) as u32;
    let mut stack = vec![(root, String::new())];
    while let Some((node, path)) = stack.pop() {
        if (node as usize) < leaves {
            paths[node as usize] = if path.is_empty() { "0".into() } else { path };
        } else {
            let [l, r] = b.nodes[node as usize - leaves];
            stack.push((r, format!("{path}1")));
            stack.push((l, format!("{path}0")));
        }
    }
    let mut entries = Vec::with_capacity(n);
    for (leaf, words) in b.leaves.iter().enumerate() {
        for &w in words {
            entries.push(Entry {
                path: paths[leaf].clone(),
                word: corpus.words()[w as usize].clone(),
                count: corpus.counts()[w as usize],
            });
        }
    }
    entries.sort_by(|x, y| {
        x.path
            .cmp(&y.path)
            .then(y.count.cmp(&x.count))
            .then_with(|| x.word.cmp(&y.word))
    });
    Ok(Clusters {
        entries,
        clusters: leaves,
        tokens: corpus.tokens(),
        types: corpus.types(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const NOUNS: [&str; 6] = ["grelk", "vorp", "zint", "plob", "quarn", "dwimmet"];
    const VERBS: [&str; 6] = [
        "zanned", "blicked", "frossed", "glomped", "skreed", "traved",
    ];

    /// Sentences "they VERB the NOUN ." with a deterministic mix.
    fn two_class_text() -> String {
        let mut x: u64 = 12345;
        let mut out = String::new();
        for _ in 0..600 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = VERBS[(x >> 33) as usize % VERBS.len()];
            let n = NOUNS[(x >> 45) as usize % NOUNS.len()];
            out.push_str(&format!("they {v} the {n} .\n"));
        }
        out
    }

    fn run(text: &str, c: usize) -> Clusters {
        let opts = Options {
            clusters: c,
            min_count: 2,
            ..Options::default()
        };
        train(
            text.lines().map(|l| Ok(l.to_string())),
            &opts,
            &ProgressBar::hidden(),
        )
        .unwrap()
    }

    fn common_prefix<'a>(paths: impl Iterator<Item = &'a str>) -> String {
        let paths: Vec<&str> = paths.collect();
        let mut p = paths[0].to_string();
        for q in &paths[1..] {
            let k = p.chars().zip(q.chars()).take_while(|(a, b)| a == b).count();
            p.truncate(k);
        }
        p
    }

    #[test]
    fn word_classes_fall_under_different_prefixes() {
        for c in [4, 5, 8] {
            let cl = run(&two_class_text(), c);
            assert_eq!(cl.entries().len(), 15);
            let np = common_prefix(NOUNS.iter().map(|w| cl.path(w).unwrap()));
            let vp = common_prefix(VERBS.iter().map(|w| cl.path(w).unwrap()));
            for v in VERBS {
                assert!(
                    !cl.path(v).unwrap().starts_with(&np),
                    "C={c}: {v} under nouns"
                );
            }
            for n in NOUNS {
                assert!(
                    !cl.path(n).unwrap().starts_with(&vp),
                    "C={c}: {n} under verbs"
                );
            }
            // With just as many clusters as the classes need, each class is one cluster
            // ("they", "the", "." and the two classes).
            if c == 5 {
                for class in [NOUNS, VERBS] {
                    let set: BTreeSet<&str> = class.iter().map(|w| cl.path(w).unwrap()).collect();
                    assert_eq!(set.len(), 1, "C={c}");
                }
            }
        }
    }

    #[test]
    fn deterministic() {
        let text = two_class_text();
        let a = run(&text, 4);
        let b = run(&text, 4);
        assert_eq!(a, b);
        let (mut wa, mut wb) = (Vec::new(), Vec::new());
        a.write_paths(&mut wa).unwrap();
        b.write_paths(&mut wb).unwrap();
        assert_eq!(wa, wb);
        assert!(!wa.is_empty());
    }

    #[test]
    fn paths_unique_per_cluster_and_prefix_free() {
        let mut text = two_class_text();
        // More word types than clusters, with varied contexts.
        for i in 0..300u64 {
            let w = format!("tok{}", (i * i + 7 * i) % 23);
            let u = format!("tok{}", (i * 5) % 17);
            text.push_str(&format!("{w} {u} the {w} they {u} .\n"));
        }
        let cl = run(&text, 10);
        assert_eq!(cl.num_clusters(), 10);
        let paths: BTreeSet<&str> = cl.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths.len(), 10);
        for p in &paths {
            assert!(p.chars().all(|c| c == '0' || c == '1'));
            for q in &paths {
                assert!(p == q || !q.starts_with(p), "{p} is a prefix of {q}");
            }
        }
        // Every word appears once; counts are the word counts.
        let mut seen: BTreeMap<&str, u64> = BTreeMap::new();
        for e in cl.entries() {
            assert!(seen.insert(&e.word, e.count).is_none());
        }
        assert_eq!(seen["they"], 600 + 300);
        // Written lines parse back as PATH, WORD, COUNT.
        let mut out = Vec::new();
        cl.write_paths(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), cl.entries().len());
        for line in out.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 3);
            assert_eq!(cl.path(f[1]), Some(f[0]));
            assert_eq!(f[2].parse::<u64>().unwrap(), seen[f[1]]);
        }
    }

    #[test]
    fn rejects_bad_options_and_empty_input() {
        let lines = || "a b".lines().map(|l| Ok(l.to_string()));
        let h = ProgressBar::hidden();
        let bad = Options {
            clusters: 0,
            ..Options::default()
        };
        assert!(matches!(train(lines(), &bad, &h), Err(Error::Options(_))));
        let rare = Options {
            min_count: 5,
            ..Options::default()
        };
        assert!(matches!(
            train(lines(), &rare, &h),
            Err(Error::EmptyVocabulary(_))
        ));
    }
}
