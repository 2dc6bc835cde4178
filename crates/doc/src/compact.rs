//! Compact strings for the per-token layers: [`Tag`], an interned tag
//! (8 bytes, `Copy`), and [`SmallStr`], a string stored inline up to 22
//! bytes (24 bytes, no heap allocation for almost every word).
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
use std::ops::Deref;
use std::sync::{OnceLock, RwLock};

/// An interned tag (a POS, chunk, NER, UPOS or dependency label): a thin
/// pointer to a string that lives for the rest of the process, so it is
/// 8 bytes, `Copy`, and compared by pointer.
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
#[derive(Clone, Copy)]
pub struct Tag(&'static &'static str);

fn interned() -> &'static RwLock<HashMap<&'static str, &'static &'static str>> {
    static TABLE: OnceLock<RwLock<HashMap<&'static str, &'static &'static str>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

impl Tag {
    /// The tag for `s`, interned on first use.
    pub fn new(s: &str) -> Tag {
        let table = interned();
        // A poisoned lock only means another thread panicked while holding
        // it; the map itself is always in a consistent state.
        if let Some(&p) = table.read().unwrap_or_else(|e| e.into_inner()).get(s) {
            return Tag(p);
        }
        let mut w = table.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&p) = w.get(s) {
            return Tag(p);
        }
        let text: &'static str = Box::leak(s.to_owned().into_boxed_str());
        let p: &'static &'static str = Box::leak(Box::new(text));
        w.insert(text, p);
        Tag(p)
    }

    /// Its text.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl Deref for Tag {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Tag {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for Tag {
    fn borrow(&self) -> &str {
        self.0
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

impl PartialEq for Tag {
    fn eq(&self, other: &Tag) -> bool {
        // Interned: one pointer per distinct string.
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Tag {}

impl PartialEq<str> for Tag {
    fn eq(&self, other: &str) -> bool {
        *self.0 == other
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<String> for Tag {
    fn eq(&self, other: &String) -> bool {
        *self.0 == other.as_str()
    }
}

impl PartialEq<Tag> for str {
    fn eq(&self, other: &Tag) -> bool {
        self == *other.0
    }
}

impl PartialEq<Tag> for &str {
    fn eq(&self, other: &Tag) -> bool {
        *self == *other.0
    }
}

impl PartialOrd for Tag {
    fn partial_cmp(&self, other: &Tag) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tag {
    fn cmp(&self, other: &Tag) -> Ordering {
        self.0.cmp(other.0)
    }
}

impl Hash for Tag {
    /// Hashes as the `str` does (so a map keyed by `str` finds it through
    /// [`Borrow`], and hashes taken over tags equal those over strings).
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.hash(h)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(*self.0, f)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(*self.0, f)
    }
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tag, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Tag::new(&s))
    }
}

/// Bytes a [`SmallStr`] holds without allocating.
const INLINE: usize = 22;

/// A string stored inline when it is at most 22 bytes (almost every word),
/// on the heap otherwise; 24 bytes either way (as is `Option<SmallStr>`).
///
/// ```
/// use dossier_doc::SmallStr;
/// let s = SmallStr::from("Qom");
/// assert_eq!(s, "Qom");
/// assert_eq!(s.to_lowercase(), "qom");
/// let long = SmallStr::from("a word far longer than twenty-two bytes");
/// assert_eq!(long.len(), 39);
/// ```
#[derive(Clone)]
pub struct SmallStr(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, buf: [u8; INLINE] },
    Heap(Box<str>),
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
            SmallStr(Repr::Heap(s.into()))
        }
    }

    /// Its text.
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
            SmallStr(Repr::Heap(s.into_boxed_str()))
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
        assert_eq!(std::mem::size_of::<Tag>(), 8);
        assert_eq!(std::mem::size_of::<Option<Tag>>(), 8);
        assert_eq!(std::mem::size_of::<SmallStr>(), 24);
        assert_eq!(std::mem::size_of::<Option<SmallStr>>(), 24);
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
    fn small_strings_hold_any_length() {
        for s in [
            "",
            "a",
            "Qom",
            "exactly twenty-two by",
            "exactly twenty-two byt",
            "twenty-three bytes long",
            "ünïcödé wörds ärë lönger thän they look",
        ] {
            let x = SmallStr::from(s);
            assert_eq!(x.as_str(), s);
            assert_eq!(x.len(), s.len());
            assert_eq!(SmallStr::from(s.to_string()), x);
            assert_eq!(String::from(x.clone()), s);
        }
        // A multi-byte character right at the inline limit.
        let s = "aaaaaaaaaaaaaaaaaaaaa\u{e9}"; // 21 + 2 bytes
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
}
