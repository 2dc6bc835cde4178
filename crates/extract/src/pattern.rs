//! A small pattern language over the dependency parse: relation patterns
//! as data (`patterns/relations.toml` at the repository root, built into
//! the binary), in the spirit of spaCy's `DependencyMatcher` and Odin
//! grammars. `patterns/README.md` documents the format; in short, a
//! pattern names
//!
//! - a **trigger**: a token chosen by lemma (or inflected form), UPOS, its
//!   own dependency relation and the type of the entity it is in;
//! - **slots**: entities reached from the trigger along dependency paths
//!   (`>nsubj`, `>obl:agent[case=by]`, `<acl`, `.[case=as] <xcomp >nsubj`…),
//!   each with the entity types it accepts; conjuncts of a slot's token are
//!   followed transitively ("X and Y founded Z");
//! - `require` / `forbid` paths that must / must not lead anywhere;
//! - what it **produces**: a relation type from one slot to another, with
//!   a confidence;
//! - **examples**: marked-up sentences with the relations they must (and
//!   must not) give, run through the real parser by the tests.
//!
//! Patterns are indexed by trigger lemma, so a document costs one look-up
//! per token plus the paths of the patterns whose trigger it is.

use crate::deps::Parse;
use dossier_doc::{Doc, EntityType, RelationType, SmallStr};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The relation patterns built into the binary.
pub const BUILTIN_RELATIONS: &str = include_str!("../patterns/relations.toml");

/// What can be wrong with a pattern file.
#[derive(Debug, thiserror::Error)]
pub enum PatternError {
    /// The file is not valid TOML of the expected shape.
    #[error("pattern file: {0}")]
    Toml(String),
    /// A pattern is malformed.
    #[error("pattern '{pattern}': {message}")]
    Pattern {
        /// The pattern's name.
        pattern: String,
        /// What is wrong.
        message: String,
    },
    /// The file cannot be read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

// ---------------------------------------------------------------------------
// The file as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pattern: Vec<RawPattern>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(x) => vec![x],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    trigger: RawTrigger,
    #[serde(default)]
    require: OneOrMany<String>,
    #[serde(default)]
    forbid: OneOrMany<String>,
    slots: BTreeMap<String, RawSlot>,
    produces: OneOrMany<RawProduce>,
    #[serde(default)]
    confidence: Option<f32>,
    #[serde(default)]
    example: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrigger {
    #[serde(default)]
    lemma: OneOrMany<String>,
    #[serde(default)]
    upos: OneOrMany<String>,
    #[serde(default)]
    deprel: Option<String>,
    #[serde(default, rename = "type")]
    types: OneOrMany<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlot {
    path: OneOrMany<String>,
    #[serde(default, rename = "type")]
    types: OneOrMany<String>,
    #[serde(default = "yes")]
    conj: bool,
    #[serde(default = "yes")]
    appos: bool,
    #[serde(default = "yes")]
    transparent: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProduce {
    relation: String,
    source: String,
    target: String,
    #[serde(default)]
    confidence: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    text: String,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    reject: Vec<String>,
}

// ---------------------------------------------------------------------------
// Compiled form.

/// A dependency label to match: exact, or a prefix (`nmod*`), or any (`*`).
#[derive(Debug, Clone)]
struct Label {
    text: String,
    prefix: bool,
}

impl Label {
    fn matches(&self, rel: &str) -> bool {
        if self.prefix {
            rel.starts_with(&self.text)
        } else {
            rel == self.text
        }
    }
}

fn labels_match(labels: &[Label], rel: &str) -> bool {
    labels.iter().any(|l| l.matches(rel))
}

#[derive(Debug, Clone)]
enum PredKind {
    /// Lemma or lowercase form is one of these.
    Lemma(Vec<String>),
    /// UPOS is one of these.
    Upos(Vec<String>),
    /// A `case` (or `mark`) dependent's lemma is one of these.
    Case(Vec<String>),
    /// The covering entity's type is one of these (`None`: no entity).
    Type(Vec<Option<EntityType>>),
    /// Has a dependent with one of these relations.
    Dep(Vec<Label>),
    /// Its own relation to its head is one of these.
    Rel(Vec<Label>),
}

#[derive(Debug, Clone)]
struct Pred {
    neg: bool,
    kind: PredKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Down,
    Up,
    Stay,
}

#[derive(Debug, Clone)]
struct Step {
    dir: Dir,
    labels: Vec<Label>,
    preds: Vec<Pred>,
}

/// A dependency path: steps from the trigger.
#[derive(Debug, Clone)]
struct Path {
    steps: Vec<Step>,
}

#[derive(Debug, Clone)]
struct Slot {
    name: String,
    paths: Vec<Path>,
    types: Vec<EntityType>,
    conj: bool,
    appos: bool,
    transparent: bool,
}

#[derive(Debug, Clone)]
struct Produce {
    rtype: RelationType,
    source: usize,
    target: usize,
    confidence: f32,
}

/// An example sentence of a pattern, in [`crate::fixture`] markup, with
/// the relations it must give (`"founder_of: Orla Vance -> Tallis Front"`)
/// and must not give. An example with no `expect` is a negative example:
/// its own pattern must not fire on it.
#[derive(Debug, Clone)]
pub struct Example {
    /// The sentence(s), marked up.
    pub text: String,
    /// Relations that must be found.
    pub expect: Vec<String>,
    /// Relations that must not be found.
    pub reject: Vec<String>,
}

/// One compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Its name (unique in its set).
    pub name: String,
    lemmas: Vec<String>,
    upos: Vec<String>,
    deprel: Vec<Label>,
    trigger_types: Vec<Option<EntityType>>,
    require: Vec<Path>,
    forbid: Vec<Path>,
    slots: Vec<Slot>,
    produces: Vec<Produce>,
    /// Its example sentences.
    pub examples: Vec<Example>,
}

/// A relation a pattern found.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index of the pattern in its set.
    pub pattern: usize,
    /// The relation type.
    pub rtype: RelationType,
    /// Source entity.
    pub source: usize,
    /// Target entity.
    pub target: usize,
    /// The trigger's sentence.
    pub sentence: usize,
    /// The trigger token.
    pub trigger: usize,
    /// The pattern's confidence.
    pub confidence: f32,
}

/// A set of patterns, indexed by trigger lemma.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    /// The patterns, in file order.
    pub patterns: Vec<Pattern>,
    by_lemma: HashMap<String, Vec<usize>>,
    /// Patterns with no trigger lemma (tried on every token).
    any: Vec<usize>,
    /// Nouns a slot sees through to their `of`/possessive/compound
    /// dependent (the list `transparent`: "the government of X", "X fighters").
    transparent: Vec<String>,
}

fn parse_type(s: &str) -> Result<Option<EntityType>, String> {
    if s == "none" {
        return Ok(None);
    }
    s.parse::<EntityType>().map(Some).map_err(|e| e.to_string())
}

/// Expands `@list` references.
fn expand(values: &[String], lists: &BTreeMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for v in values {
        if let Some(name) = v.strip_prefix('@') {
            let l = lists
                .get(name)
                .ok_or_else(|| format!("unknown list @{name}"))?;
            out.extend(l.iter().map(|x| x.to_lowercase()));
        } else {
            out.push(v.to_lowercase());
        }
    }
    Ok(out)
}

fn parse_labels(s: &str) -> Vec<Label> {
    s.split('|')
        .filter(|x| !x.is_empty())
        .map(|x| match x.strip_suffix('*') {
            Some(p) => Label {
                text: p.to_string(),
                prefix: true,
            },
            None => Label {
                text: x.to_string(),
                prefix: false,
            },
        })
        .collect()
}

fn parse_pred(s: &str, lists: &BTreeMap<String, Vec<String>>) -> Result<Pred, String> {
    let s = s.trim();
    let (s, neg0) = match s.strip_prefix('!') {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let (key, neg1, value) = if let Some((k, v)) = s.split_once("!=") {
        (k, true, v)
    } else if let Some((k, v)) = s.split_once('=') {
        (k, false, v)
    } else {
        return Err(format!("'{s}' is not key=value"));
    };
    let neg = neg0 != neg1;
    let values: Vec<String> = value.split('|').map(|x| x.trim().to_string()).collect();
    let kind = match key.trim() {
        "lemma" => PredKind::Lemma(expand(&values, lists)?),
        "upos" => PredKind::Upos(values),
        "case" => PredKind::Case(expand(&values, lists)?),
        "type" => PredKind::Type(
            values
                .iter()
                .map(|v| parse_type(v))
                .collect::<Result<_, _>>()?,
        ),
        "dep" => PredKind::Dep(parse_labels(value)),
        "rel" => PredKind::Rel(parse_labels(value)),
        k => return Err(format!("unknown condition '{k}'")),
    };
    Ok(Pred { neg, kind })
}

/// Parses a path: steps separated by spaces, each `>LABELS`, `<LABELS` or
/// `.`, followed by `[cond,cond]` groups.
fn parse_path(s: &str, lists: &BTreeMap<String, Vec<String>>) -> Result<Path, String> {
    let mut steps = Vec::new();
    for raw in s.split_whitespace() {
        let (dir, rest) = match raw.chars().next() {
            Some('>') => (Dir::Down, &raw[1..]),
            Some('<') => (Dir::Up, &raw[1..]),
            Some('.') => (Dir::Stay, &raw[1..]),
            _ => return Err(format!("step '{raw}' must start with '>', '<' or '.'")),
        };
        let (labels, mut conds) = match rest.find('[') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if dir != Dir::Stay && labels.is_empty() {
            return Err(format!("step '{raw}' names no relation (use '*' for any)"));
        }
        let mut preds = Vec::new();
        while !conds.is_empty() {
            let Some(inner) = conds.strip_prefix('[') else {
                return Err(format!("step '{raw}': expected '['"));
            };
            let Some(end) = inner.find(']') else {
                return Err(format!("step '{raw}': unclosed '['"));
            };
            for c in inner[..end].split(',').filter(|c| !c.trim().is_empty()) {
                preds.push(parse_pred(c, lists)?);
            }
            conds = &inner[end + 1..];
        }
        steps.push(Step {
            dir,
            labels: parse_labels(labels),
            preds,
        });
    }
    Ok(Path { steps })
}

impl PatternSet {
    /// The relation patterns built into the binary (parsed once).
    pub fn builtin() -> &'static PatternSet {
        static SET: OnceLock<PatternSet> = OnceLock::new();
        SET.get_or_init(|| {
            PatternSet::parse(BUILTIN_RELATIONS).expect("patterns/relations.toml is valid")
        })
    }

    /// Reads a pattern file.
    pub fn load(path: &std::path::Path) -> Result<PatternSet, PatternError> {
        let text = std::fs::read_to_string(path).map_err(|e| PatternError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        PatternSet::parse(&text)
    }

    /// Parses and compiles a pattern file's text.
    pub fn parse(text: &str) -> Result<PatternSet, PatternError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| PatternError::Toml(e.to_string()))?;
        let lists = raw.lists;
        let mut set = PatternSet {
            transparent: lists
                .get("transparent")
                .map(|l| l.iter().map(|x| x.to_lowercase()).collect())
                .unwrap_or_default(),
            ..PatternSet::default()
        };
        for p in raw.pattern {
            let name = p.name.clone();
            let err = |message: String| PatternError::Pattern {
                pattern: name.clone(),
                message,
            };
            if set.patterns.iter().any(|q| q.name == name) {
                return Err(err("duplicate name".into()));
            }
            let paths = |v: Vec<String>| -> Result<Vec<Path>, PatternError> {
                v.iter()
                    .map(|s| parse_path(s, &lists).map_err(&err))
                    .collect()
            };
            let mut slots = Vec::new();
            for (sname, s) in p.slots {
                let types = s
                    .types
                    .into_vec()
                    .iter()
                    .map(|t| match parse_type(t) {
                        Ok(Some(t)) => Ok(t),
                        Ok(None) => Err(err(format!("slot '{sname}': 'none' is no entity type"))),
                        Err(e) => Err(err(e)),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                slots.push(Slot {
                    paths: paths(s.path.into_vec())?,
                    name: sname,
                    types,
                    conj: s.conj,
                    appos: s.appos,
                    transparent: s.transparent,
                });
            }
            let slot = |n: &str| {
                slots
                    .iter()
                    .position(|s| s.name == n)
                    .ok_or_else(|| err(format!("no slot '{n}'")))
            };
            let base = p.confidence.unwrap_or(0.7);
            let mut produces = Vec::new();
            for r in p.produces.into_vec() {
                produces.push(Produce {
                    rtype: r
                        .relation
                        .parse()
                        .map_err(|e: dossier_doc::UnknownName| err(e.to_string()))?,
                    source: slot(&r.source)?,
                    target: slot(&r.target)?,
                    confidence: r.confidence.unwrap_or(base),
                });
            }
            if produces.is_empty() {
                return Err(err("produces nothing".into()));
            }
            let t = p.trigger;
            let pattern = Pattern {
                lemmas: expand(&t.lemma.into_vec(), &lists).map_err(&err)?,
                upos: t.upos.into_vec(),
                deprel: t.deprel.as_deref().map(parse_labels).unwrap_or_default(),
                trigger_types: t
                    .types
                    .into_vec()
                    .iter()
                    .map(|x| parse_type(x))
                    .collect::<Result<_, _>>()
                    .map_err(&err)?,
                require: paths(p.require.into_vec())?,
                forbid: paths(p.forbid.into_vec())?,
                slots,
                produces,
                examples: p
                    .example
                    .into_iter()
                    .map(|e| Example {
                        text: e.text,
                        expect: e.expect,
                        reject: e.reject,
                    })
                    .collect(),
                name: p.name,
            };
            let i = set.patterns.len();
            if pattern.lemmas.is_empty() {
                if pattern.upos.is_empty() && pattern.trigger_types.is_empty() {
                    return Err(err("a trigger needs a lemma, a UPOS or a type".into()));
                }
                set.any.push(i);
            } else {
                for l in &pattern.lemmas {
                    let v = set.by_lemma.entry(l.clone()).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
            }
            set.patterns.push(pattern);
        }
        Ok(set)
    }

    /// Every relation the patterns find in `doc` (none without a parse),
    /// one per pattern, relation, entity pair and sentence, in text order.
    pub fn find(&self, doc: &Doc) -> Vec<Match> {
        self.find_with(doc, &[])
    }

    /// [`PatternSet::find`], with group pronouns and descriptions that
    /// `anaphors` resolve ([`crate::anaphora`]) filling slots as the
    /// entities they refer to ("It was founded by X").
    pub fn find_with(&self, doc: &Doc, anaphors: &[crate::anaphora::Anaphor]) -> Vec<Match> {
        let Some(mut parse) = Parse::of(doc) else {
            return Vec::new();
        };
        for a in anaphors {
            for t in a.t0..a.t1.min(parse.ent.len()) {
                if parse.ent.get(t).is_none() {
                    parse.ent.set(t, a.entity);
                }
            }
        }
        let m = Matcher::new(doc, parse, &self.transparent);
        let mut out: Vec<Match> = Vec::new();
        let mut cands: Vec<usize> = Vec::new();
        for i in 0..doc.tokens.len() {
            cands.clear();
            for key in [m.lemma(i), m.form(i)] {
                if let Some(v) = self.by_lemma.get(key) {
                    for &p in v {
                        if !cands.contains(&p) {
                            cands.push(p);
                        }
                    }
                }
            }
            cands.extend(self.any.iter().copied());
            for &p in &cands {
                m.apply(p, &self.patterns[p], i, &mut out);
            }
        }
        out
    }
}

/// Per-document state: the parse plus each token's lowercase lemma and form.
struct Matcher<'a> {
    doc: &'a Doc,
    parse: Parse<'a>,
    transparent: &'a [String],
    /// Each token's lowercase lemma and form, as numbers into `words`
    /// (4 bytes each instead of a 16-byte string: a document repeats its
    /// words, issue 14).
    lemmas: Vec<u32>,
    forms: Vec<u32>,
    /// The distinct lowercase lemmas and forms of the document.
    words: Vec<SmallStr>,
}

/// Numbers distinct words in order of first sight.
#[derive(Default)]
struct Interner {
    ids: HashMap<SmallStr, u32>,
    words: Vec<SmallStr>,
}

impl Interner {
    fn id(&mut self, w: String) -> u32 {
        if let Some(&id) = self.ids.get(w.as_str()) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        let w: SmallStr = w.into();
        self.ids.insert(w.clone(), id);
        self.words.push(w);
        id
    }
}

impl<'a> Matcher<'a> {
    fn new(doc: &'a Doc, parse: Parse<'a>, transparent: &'a [String]) -> Matcher<'a> {
        let mut words = Interner::default();
        let lemmas = (0..doc.tokens.len())
            .map(|i| words.id(parse.lemma(i)))
            .collect();
        let forms = doc
            .tokens
            .iter()
            .map(|t| words.id(t.text.to_lowercase()))
            .collect();
        Matcher {
            doc,
            parse,
            transparent,
            lemmas,
            forms,
            words: words.words,
        }
    }

    /// Token `i`'s lemma (its text without one), lowercase.
    fn lemma(&self, i: usize) -> &str {
        self.words
            .get(self.lemmas[i] as usize)
            .map_or("", |w| w.as_str())
    }

    /// Token `i`'s text, lowercase.
    fn form(&self, i: usize) -> &str {
        self.words
            .get(self.forms[i] as usize)
            .map_or("", |w| w.as_str())
    }

    fn word_is(&self, i: usize, words: &[String]) -> bool {
        words
            .iter()
            .any(|w| w == self.lemma(i) || w == self.form(i))
    }

    fn has_case(&self, i: usize, word: &str) -> bool {
        self.parse
            .children
            .of(i)
            .any(|c| self.parse.rel(c) == "case" && self.lemma(c) == word)
    }

    fn upos(&self, i: usize) -> &str {
        self.doc.tokens[i].upos.as_deref().unwrap_or("")
    }

    fn holds(&self, i: usize, p: &Pred) -> bool {
        let r = match &p.kind {
            PredKind::Lemma(w) => self.word_is(i, w),
            PredKind::Upos(u) => u.iter().any(|x| x == self.upos(i)),
            PredKind::Case(w) => self
                .parse
                .children
                .of(i)
                .any(|c| matches!(self.parse.rel(c), "case" | "mark") && self.word_is(c, w)),
            PredKind::Type(ts) => ts.contains(&self.parse.etype(i)),
            PredKind::Dep(ls) => self
                .parse
                .children
                .of(i)
                .any(|c| labels_match(ls, self.parse.rel(c))),
            PredKind::Rel(ls) => labels_match(ls, self.parse.rel(i)),
        };
        r != p.neg
    }

    /// The tokens `path` reaches from `from`.
    fn walk(&self, from: usize, path: &Path, out: &mut Vec<usize>) {
        let n = self.doc.tokens.len();
        let mut cur = vec![from];
        let mut next = Vec::new();
        for step in &path.steps {
            next.clear();
            for &t in &cur {
                match step.dir {
                    Dir::Stay => next.push(t),
                    Dir::Down => next.extend(
                        self.parse
                            .children
                            .of(t)
                            .filter(|&c| labels_match(&step.labels, self.parse.rel(c))),
                    ),
                    Dir::Up => {
                        if labels_match(&step.labels, self.parse.rel(t)) {
                            if let Some(h) = self.doc.tokens[t].head.filter(|&h| h < n) {
                                next.push(h);
                            }
                        }
                    }
                }
            }
            next.retain(|&x| step.preds.iter().all(|p| self.holds(x, p)));
            next.sort_unstable();
            next.dedup();
            std::mem::swap(&mut cur, &mut next);
            if cur.is_empty() {
                return;
            }
        }
        out.extend(cur);
    }

    fn reaches(&self, from: usize, path: &Path) -> bool {
        let mut v = Vec::new();
        self.walk(from, path, &mut v);
        !v.is_empty()
    }

    /// The entities filling `slot` from trigger `i`.
    fn fill(&self, i: usize, slot: &Slot) -> Vec<usize> {
        let mut toks = Vec::new();
        for p in &slot.paths {
            self.walk(i, p, &mut toks);
        }
        // Conjuncts ("X and Y"), appositions ("a former officer, X") and,
        // through a transparent noun without an entity, its "of",
        // possessive or compound dependent ("the government of X").
        let mut k = 0;
        while k < toks.len() {
            let t = toks[k];
            let through = slot.transparent
                && self.parse.ent.get(t).is_none()
                && self.word_is(t, self.transparent);
            // A name's conjunct may hang on its last word ("flat").
            let flat = self
                .parse
                .children
                .of(t)
                .filter(|&c| self.parse.rel(c) == "flat")
                .flat_map(|c| self.parse.children.of(c));
            for c in self.parse.children.of(t).chain(flat) {
                let r = self.parse.rel(c);
                let follow = (slot.conj && r == "conj")
                    || (slot.appos && r == "appos")
                    || (through
                        && (r == "nmod:poss"
                            || r == "compound"
                            || (r == "nmod" && self.has_case(c, "of"))));
                if follow && !toks.contains(&c) {
                    toks.push(c);
                }
            }
            k += 1;
        }
        let mut ents = Vec::new();
        for t in toks {
            let Some(e) = self.parse.ent.get(t) else {
                continue;
            };
            let ok = slot.types.is_empty()
                || self
                    .parse
                    .etype(t)
                    .is_some_and(|ty| slot.types.contains(&ty));
            if ok && !ents.contains(&e) {
                ents.push(e);
            }
        }
        ents
    }

    fn apply(&self, pi: usize, p: &Pattern, i: usize, out: &mut Vec<Match>) {
        if !p.upos.is_empty() && !p.upos.iter().any(|u| u == self.upos(i)) {
            return;
        }
        if !p.trigger_types.is_empty() && !p.trigger_types.contains(&self.parse.etype(i)) {
            return;
        }
        if !p.deprel.is_empty() && !labels_match(&p.deprel, self.parse.rel(i)) {
            return;
        }
        if !p.require.iter().all(|r| self.reaches(i, r))
            || p.forbid.iter().any(|r| self.reaches(i, r))
        {
            return;
        }
        let mut fills: Vec<Vec<usize>> = Vec::with_capacity(p.slots.len());
        for s in &p.slots {
            let f = self.fill(i, s);
            if f.is_empty() {
                return;
            }
            fills.push(f);
        }
        let sentence = self.doc.tokens[i].sentence;
        for pr in &p.produces {
            for &s in &fills[pr.source] {
                for &t in &fills[pr.target] {
                    if s == t {
                        continue;
                    }
                    let m = Match {
                        pattern: pi,
                        rtype: pr.rtype,
                        source: s,
                        target: t,
                        sentence,
                        trigger: i,
                        confidence: pr.confidence,
                    };
                    if !out.iter().any(|o| {
                        o.pattern == pi
                            && o.rtype == m.rtype
                            && o.source == s
                            && o.target == t
                            && o.sentence == sentence
                    }) {
                        out.push(m);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::doc_from_markup;
    use dossier_doc::Component;

    fn parsed(markup: &str) -> Doc {
        let mut d = doc_from_markup(markup);
        dossier_parser::DependencyParser::new()
            .process(&mut d)
            .unwrap();
        d
    }

    fn norm(s: &str) -> String {
        let s = s.trim().to_lowercase();
        s.strip_prefix("the ").unwrap_or(&s).to_string()
    }

    /// `"type: Source -> Target"` as (type, source, target).
    fn spec(s: &str) -> (RelationType, String, String) {
        let (t, rest) = s.split_once(':').expect("type: source -> target");
        let (a, b) = rest.split_once("->").expect("type: source -> target");
        (t.trim().parse().unwrap(), norm(a), norm(b))
    }

    fn found(d: &Doc, ms: &[Match], s: &str) -> bool {
        let (t, a, b) = spec(s);
        let name = |e: usize| norm(&d.entities[e].name);
        ms.iter().any(|m| {
            m.rtype == t
                && ((name(m.source) == a && name(m.target) == b)
                    || (t.is_symmetric() && name(m.source) == b && name(m.target) == a))
        })
    }

    fn show(set: &PatternSet, d: &Doc, ms: &[Match]) -> String {
        let mut s = String::new();
        for m in ms {
            s.push_str(&format!(
                "  {} {}: {} -> {}\n",
                set.patterns[m.pattern].name,
                m.rtype,
                d.entities[m.source].name,
                d.entities[m.target].name
            ));
        }
        for t in &d.tokens {
            s.push_str(&format!(
                "    {} {} {} {:?} {}\n",
                t.text,
                t.lemma.as_deref().unwrap_or(""),
                t.upos.as_deref().unwrap_or(""),
                t.head.map(|h| &d.tokens[h].text),
                t.deprel.as_deref().unwrap_or("")
            ));
        }
        s
    }

    /// Every pattern's examples, run through the real parser: expected
    /// relations are found (and the pattern itself fires), rejected ones
    /// are not, and a negative example does not fire its pattern.
    #[test]
    fn every_pattern_example_holds() {
        let set = PatternSet::builtin();
        let mut failures = Vec::new();
        let mut count = 0;
        for (pi, p) in set.patterns.iter().enumerate() {
            assert!(
                p.examples.iter().any(|e| !e.expect.is_empty()),
                "pattern '{}' has no positive example",
                p.name
            );
            for e in &p.examples {
                count += 1;
                let d = parsed(&e.text);
                let ms = set.find(&d);
                let own = ms.iter().any(|m| m.pattern == pi);
                let mut bad = Vec::new();
                for x in &e.expect {
                    if !found(&d, &ms, x) {
                        bad.push(format!("missing {x}"));
                    }
                }
                for x in &e.reject {
                    if found(&d, &ms, x) {
                        bad.push(format!("unwanted {x}"));
                    }
                }
                if e.expect.is_empty() && own {
                    bad.push("negative example fires the pattern".into());
                }
                if !e.expect.is_empty() && !own {
                    bad.push("the pattern itself does not fire".into());
                }
                if !bad.is_empty() {
                    failures.push(format!(
                        "[{}] {}\n  {}\n{}",
                        p.name,
                        e.text,
                        bad.join("; "),
                        show(set, &d, &ms)
                    ));
                }
            }
        }
        assert!(count > 0);
        assert!(
            failures.is_empty(),
            "{} of {count} examples fail:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn malformed_patterns_are_errors() {
        let head = "[[pattern]]\nname = \"p\"\nproduces = { relation = \"member_of\", source = \"a\", target = \"b\" }\n";
        let ok = format!("{head}trigger = {{ lemma = \"join\" }}\nslots.a = {{ path = \">nsubj\" }}\nslots.b = {{ path = \">obj[case=of,type=armed_group]\" }}\n");
        assert!(PatternSet::parse(&ok).is_ok());
        let bad = [
            ok.replace(">nsubj", "nsubj"),
            ok.replace("case=of", "colour=red"),
            ok.replace("armed_group]", "army]"),
            ok.replace("member_of", "friend_of"),
            ok.replace("slots.a", "slots.c"),
            ok.replace("[case", "[[case"),
            format!("{head}trigger = {{ lemma = \"@nowhere\" }}\nslots.a = {{ path = \">nsubj\" }}\nslots.b = {{ path = \">obj\" }}\n"),
        ];
        for b in bad {
            assert!(PatternSet::parse(&b).is_err(), "{b}");
        }
    }

    #[test]
    fn a_user_file_replaces_the_builtin_set() {
        let text = "[lists]\nverbs = [\"adopt\"]\n[[pattern]]\nname = \"adopt\"\ntrigger = { lemma = \"@verbs\" }\nslots.a = { path = \">nsubj\", type = \"person\" }\nslots.b = { path = \">obj\", type = \"armed_group\" }\nproduces = { relation = \"sponsor_of\", source = \"a\", target = \"b\", confidence = 0.5 }\n";
        let set = PatternSet::parse(text).unwrap();
        let d = parsed("[Orla Vance|person] adopted [the Tallis Front|armed_group] in 2009.");
        let ms = set.find(&d);
        assert_eq!(ms.len(), 1, "{}", show(&set, &d, &ms));
        assert_eq!(ms[0].rtype, RelationType::SponsorOf);
        assert_eq!(ms[0].confidence, 0.5);
        // Without a parse nothing is found.
        let d = doc_from_markup("[Orla Vance|person] adopted [the Tallis Front|armed_group].");
        assert!(set.find(&d).is_empty());
    }

    /// Prints the parse of `PARSE` (markup) with what the patterns find:
    /// `PARSE='…' cargo test -p dossier-extract show_parse -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn show_parse() {
        let text = std::env::var("PARSE").unwrap_or_default();
        let set = PatternSet::builtin();
        for line in text.lines() {
            let d = parsed(line);
            let ms = set.find(&d);
            println!("{line}\n{}", show(set, &d, &ms));
        }
    }
}
