//! Compact strings for the per-token layers: [`Tag`], an interned tag
//! (4 bytes, `Copy`; `Option<Tag>` too), and [`SmallStr`], a string stored
//! inline up to 14 bytes (16 bytes, as is `Option<SmallStr>`; no heap
//! allocation for almost every word), and [`OptIdx`], an optional index
//! in 4 bytes.
//!
//! A document of N bytes has about N / 5 tokens, each with a text, a lemma
//! and five tags (POS, chunk, NER, UPOS, dependency relation); as owned
//! `String`s a token took 208 bytes plus five heap blocks, about 48× the
//! text (docs/robustness.md). Both types dereference to `str`, so reads
//! such as `tok.pos.as_deref() == Some("NNP")`, `&tok.text` passed as a
//! `&str`, `tok.text == "said"` and `tok.text.to_lowercase()` read as they
//! did with `String`; they serialize as plain strings, so every JSON form
//! is unchanged.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;
use std::ops::Deref;
use std::sync::{OnceLock, RwLock};

/// An interned tag (a POS, chunk, NER, UPOS or dependency label): the
/// number of a string that lives for the rest of the process, so it is
/// 4 bytes (as is `Option<Tag>`), `Copy`, and compared by number.
///
/// Tags come from closed sets (the labels of the models, a few hundred at
/// most), so the table of interned strings stays small; it is meant for
/// such labels, not for open-class words (use [`SmallStr`]).
///
/// ```
/// use dossier_doc::Tag;
/// let t = Tag::new("NNP");
/// assert_eq!(t, "NNP");
/// assert_eq!(Some(t).as_deref(), Some("NNP"));
/// assert!(t.starts_with("NN"));
/// assert_eq!(t, Tag::from("NNP".to_string()));
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tag(NonZeroU32);

/// Tag number → text: segment `k` holds the numbers `2^k .. 2^(k+1)`, made
/// when its first number is given out and never moved, so a tag's text is
/// read without a lock.
type Segment = Box<[OnceLock<&'static str>]>;
static SEGMENTS: [OnceLock<Segment>; 32] = [const { OnceLock::new() }; 32];

/// Text → tag number, and the number of tags given out.
fn interned() -> &'static RwLock<(HashMap<&'static str, Tag>, u32)> {
    static TABLE: OnceLock<RwLock<(HashMap<&'static str, Tag>, u32)>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The segment of number `n` (at least 1) and its place in it.
#[inline]
fn place(n: u32) -> (usize, usize) {
    let k = 31 - n.leading_zeros();
    (k as usize, (n - (1 << k)) as usize)
}

impl Tag {
    /// The tag for `s`, interned on first use.
    pub fn new(s: &str) -> Tag {
        let table = interned();
        // A poisoned lock only means another thread panicked while holding
        // it; the map itself is always in a consistent state.
        if let Some(&t) = table.read().unwrap_or_else(|e| e.into_inner()).0.get(s) {
            return t;
        }
        let mut w = table.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&t) = w.0.get(s) {
            return t;
        }
        // Numbers from 1; 2^32 - 1 distinct tags would need far more memory
        // than a process has (each is a leaked string and a table entry).
        let n = w.1.checked_add(1).expect("fewer than 2^32 distinct tags");
        let (k, at) = place(n);
        let text: &'static str = Box::leak(s.to_owned().into_boxed_str());
        let segment =
            SEGMENTS[k].get_or_init(|| (0..1usize << k).map(|_| OnceLock::new()).collect());
        // Set before the number is published (under the write lock).
        let _ = segment[at].set(text);
        let t = Tag(NonZeroU32::new(n).expect("counted from 1"));
        w.0.insert(text, t);
        w.1 = n;
        t
    }

    /// Its text.
    #[inline]
    pub fn as_str(&self) -> &'static str {
        let (k, at) = place(self.0.get());
        // Every number was given out by `new` after its text was set.
        SEGMENTS[k]
            .get()
            .and_then(|segment| segment[at].get())
            .copied()
            .unwrap_or("")
    }
}

impl Deref for Tag {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Tag {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Tag {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Tag {
    fn from(s: &str) -> Tag {
        Tag::new(s)
    }
}

impl From<String> for Tag {
    fn from(s: String) -> Tag {
        Tag::new(&s)
    }
}

impl From<&String> for Tag {
    fn from(s: &String) -> Tag {
        Tag::new(s)
    }
}

impl PartialEq<str> for Tag {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Tag {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Tag> for str {
    fn eq(&self, other: &Tag) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Tag> for &str {
    fn eq(&self, other: &Tag) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for Tag {
    fn partial_cmp(&self, other: &Tag) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tag {
    fn cmp(&self, other: &Tag) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Tag {
    /// Hashes as the `str` does (so a map keyed by `str` finds it through
    /// [`Borrow`], and hashes taken over tags equal those over strings).
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tag, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Tag::new(&s))
    }
}

/// An optional index (a token's head, a unit's entity) in 4 bytes, where
/// an `Option<usize>` takes 16: `u32::MAX` stands for none. Read it with
/// [`OptIdx::get`]; it serializes as the `Option<usize>` it stands for.
///
/// ```
/// use dossier_doc::OptIdx;
/// let i = OptIdx::from(Some(7));
/// assert_eq!(i.get(), Some(7));
/// assert!(OptIdx::NONE.is_none());
/// assert_eq!(OptIdx::default().get(), None);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct OptIdx(u32);

impl OptIdx {
    /// No index.
    pub const NONE: OptIdx = OptIdx(u32::MAX);

    /// Index `i`; none for an index of `u32::MAX` or more (a document of
    /// four billion tokens is far over any memory budget).
    pub fn some(i: usize) -> OptIdx {
        u32::try_from(i).map_or(OptIdx::NONE, OptIdx)
    }

    /// The index, if there is one.
    #[inline]
    pub fn get(self) -> Option<usize> {
        (self.0 != u32::MAX).then_some(self.0 as usize)
    }

    /// Whether there is an index.
    #[inline]
    pub fn is_some(self) -> bool {
        self.0 != u32::MAX
    }

    /// Whether there is none.
    #[inline]
    pub fn is_none(&self) -> bool {
        self.0 == u32::MAX
    }
}

impl Default for OptIdx {
    fn default() -> OptIdx {
        OptIdx::NONE
    }
}

impl From<Option<usize>> for OptIdx {
    fn from(i: Option<usize>) -> OptIdx {
        i.map_or(OptIdx::NONE, OptIdx::some)
    }
}

impl From<OptIdx> for Option<usize> {
    fn from(i: OptIdx) -> Option<usize> {
        i.get()
    }
}

impl fmt::Debug for OptIdx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

impl Serialize for OptIdx {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

impl<'de> Deserialize<'de> for OptIdx {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OptIdx, D::Error> {
        Ok(Option::<usize>::deserialize(d)?.into())
    }
}

/// Bytes a [`SmallStr`] holds without allocating.
const INLINE: usize = 14;

/// A string stored inline when it is at most 14 bytes (almost every word),
/// on the heap otherwise; 16 bytes either way (as is `Option<SmallStr>`).
///
/// ```
/// use dossier_doc::SmallStr;
/// let s = SmallStr::from("Qom");
/// assert_eq!(s, "Qom");
/// assert_eq!(s.to_lowercase(), "qom");
/// let long = SmallStr::from("a word far longer than fourteen bytes");
/// assert_eq!(long.len(), 37);
/// ```
#[derive(Clone)]
pub struct SmallStr(Repr);

#[derive(Clone)]
enum Repr {
    Inline {
        len: u8,
        buf: [u8; INLINE],
    },
    /// A thin pointer (the variant's 8 bytes) to the boxed text.
    Heap(Box<Box<str>>),
}

impl SmallStr {
    /// A copy of `s`.
    pub fn new(s: &str) -> SmallStr {
        if s.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            SmallStr(Repr::Inline {
                len: s.len() as u8,
                buf,
            })
        } else {
            SmallStr(Repr::Heap(Box::new(s.into())))
        }
    }

    /// Its text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, buf } => {
                let bytes = &buf[..*len as usize];
                // SAFETY: an inline value is only made by `new`, which copies
                // the bytes of a `&str` (valid UTF-8) and records their
                // length; the fields are private and never changed after.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Repr::Heap(s) => s,
        }
    }
}

impl Default for SmallStr {
    fn default() -> SmallStr {
        SmallStr::new("")
    }
}

impl Deref for SmallStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SmallStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SmallStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SmallStr {
    fn from(s: &str) -> SmallStr {
        SmallStr::new(s)
    }
}

impl From<String> for SmallStr {
    fn from(s: String) -> SmallStr {
        if s.len() <= INLINE {
            SmallStr::new(&s)
        } else {
            SmallStr(Repr::Heap(Box::new(s.into_boxed_str())))
        }
    }
}

impl From<&String> for SmallStr {
    fn from(s: &String) -> SmallStr {
        SmallStr::new(s)
    }
}

impl From<SmallStr> for String {
    fn from(s: SmallStr) -> String {
        s.as_str().to_owned()
    }
}

impl PartialEq for SmallStr {
    fn eq(&self, other: &SmallStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SmallStr {}

impl PartialEq<str> for SmallStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SmallStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SmallStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SmallStr> for str {
    fn eq(&self, other: &SmallStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SmallStr> for &str {
    fn eq(&self, other: &SmallStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SmallStr> for String {
    fn eq(&self, other: &SmallStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for SmallStr {
    fn partial_cmp(&self, other: &SmallStr) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SmallStr {
    fn cmp(&self, other: &SmallStr) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for SmallStr {
    /// Hashes as the `str` does.
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl fmt::Debug for SmallStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SmallStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for SmallStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SmallStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SmallStr, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(SmallStr::new(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn hash_of<T: Hash + ?Sized>(t: &T) -> u64 {
        let mut h = DefaultHasher::new();
        t.hash(&mut h);
        h.finish()
    }

    #[test]
    fn sizes_are_compact() {
        assert_eq!(std::mem::size_of::<Tag>(), 4);
        assert_eq!(std::mem::size_of::<Option<Tag>>(), 4);
        assert_eq!(std::mem::size_of::<SmallStr>(), 16);
        assert_eq!(std::mem::size_of::<Option<SmallStr>>(), 16);
    }

    #[test]
    fn tags_are_interned_and_read_as_strings() {
        let a = Tag::new("B-ORG");
        let b = Tag::from("B-ORG".to_string());
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, b);
        assert_ne!(a, Tag::new("I-ORG"));
        assert_eq!(a, "B-ORG");
        assert!("B-ORG" == a);
        assert_eq!(Some(a).as_deref(), Some("B-ORG"));
        assert_eq!(a.strip_prefix("B-"), Some("ORG"));
        assert!(Tag::new("NN") < Tag::new("NNP"));
        assert_eq!(format!("{a} {a:?}"), "B-ORG \"B-ORG\"");
        assert_eq!(Tag::new(""), "");
    }

    #[test]
    fn many_tags_from_many_threads_keep_their_text() {
        // Thousands of tags span several segments of the number table;
        // threads interning the same names get the same tags.
        let names: Vec<String> = (0..3000).map(|i| format!("test-tag-{i}")).collect();
        let made: Vec<Vec<Tag>> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..4)
                .map(|_| s.spawn(|| names.iter().map(|n| Tag::new(n)).collect::<Vec<_>>()))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for tags in &made {
            assert_eq!(tags, &made[0]);
            for (t, n) in tags.iter().zip(&names) {
                assert_eq!(t.as_str(), n);
            }
        }
        assert_ne!(made[0][0], made[0][1]);
    }

    #[test]
    fn small_strings_hold_any_length() {
        for s in [
            "",
            "a",
            "Qom",
            "abcdefghijklm",   // 13 bytes
            "abcdefghijklmn",  // 14: the inline limit
            "abcdefghijklmno", // 15: on the heap
            "exactly twenty-two byt",
            "ünïcödé wörds ärë lönger thän they look",
        ] {
            let x = SmallStr::from(s);
            assert_eq!(x.as_str(), s);
            assert_eq!(x.len(), s.len());
            assert_eq!(SmallStr::from(s.to_string()), x);
            assert_eq!(String::from(x.clone()), s);
        }
        // A multi-byte character right at the inline limit.
        let s = "aaaaaaaaaaaaa\u{e9}"; // 13 + 2 bytes
        assert_eq!(SmallStr::from(s).as_str(), s);
        let s = "aaaaaaaaaaaa\u{e9}"; // 12 + 2 bytes
        assert_eq!(SmallStr::from(s).as_str(), s);
    }

    #[test]
    fn hashes_order_and_json_equal_the_strings() {
        let s = SmallStr::from("Ferrin");
        assert_eq!(hash_of(&s), hash_of("Ferrin"));
        assert_eq!(hash_of(&Tag::new("NNP")), hash_of("NNP"));
        assert_eq!(
            hash_of(&Some(Tag::new("NNP"))),
            hash_of(&Some("NNP".to_string()))
        );
        let (abe, abel) = (SmallStr::from("Abe"), SmallStr::from("Abel"));
        assert!(abe < abel);
        assert_eq!(format!("{s:?}"), "\"Ferrin\"");
        let json = serde_json::to_string(&(Tag::new("VBD"), SmallStr::from("said"))).unwrap();
        assert_eq!(json, r#"["VBD","said"]"#);
        let back: (Tag, SmallStr) = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0, "VBD");
        assert_eq!(back.1, "said");
        let escaped: SmallStr = serde_json::from_str(r#""a\"b""#).unwrap();
        assert_eq!(escaped, "a\"b");
        let mut m = HashMap::new();
        m.insert(SmallStr::from("x"), 1);
        assert_eq!(m.get("x"), Some(&1));
    }

    #[test]
    fn issue14_optional_indexes_take_4_bytes_and_serialize_as_options() {
        assert_eq!(std::mem::size_of::<OptIdx>(), 4);
        for i in [
            None,
            Some(0),
            Some(1),
            Some(123_456),
            Some(u32::MAX as usize - 1),
        ] {
            let x = OptIdx::from(i);
            assert_eq!(x.get(), i);
            assert_eq!(x.is_some(), i.is_some());
            assert_eq!(
                serde_json::to_string(&x).unwrap(),
                serde_json::to_string(&i).unwrap()
            );
            let back: OptIdx = serde_json::from_str(&serde_json::to_string(&i).unwrap()).unwrap();
            assert_eq!(back, x);
            assert_eq!(format!("{x:?}"), format!("{i:?}"));
        }
        // too large for 4 bytes: none, never a wrong index
        assert_eq!(OptIdx::some(u32::MAX as usize).get(), None);
        assert_eq!(OptIdx::some(usize::MAX).get(), None);
    }
}
