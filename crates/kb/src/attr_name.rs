//! An attribute's name as the knowledge base holds it.
//!
//! Extraction writes only the ontology's names ([`AttributeName`]); a base
//! also holds names outside them — an analyst's overrides and older bases
//! have `alias`, `role` and `dissolved`, the contradiction rules name an
//! event's date ("attack date") — and a newer release may add more. Every
//! stored name reads back: an unknown one is [`AttrName::Other`], kept as
//! written, never an error.

use dossier_doc::AttributeName;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// An attribute name: one of the ontology's, one of the names outside it a
/// base is known to hold, or any other as written. Stored and serialized as
/// its text; build it with [`AttrName::parse`] (or `From`), which gives
/// each text one value. Equality, hashing and order are those of the text
/// (so even a hand-built `Other("alias")` equals [`AttrName::Alias`]).
///
/// ```
/// use dossier_doc::AttributeName;
/// use dossier_kb::AttrName;
/// assert_eq!(AttrName::parse("member_count"), AttributeName::MemberCount);
/// assert_eq!(AttrName::parse("alias"), AttrName::Alias);
/// assert_eq!(AttrName::parse("height").as_str(), "height");
/// ```
#[derive(Debug, Clone)]
pub enum AttrName {
    /// One of the ontology's names (what extraction writes).
    Known(AttributeName),
    /// Another name an entity goes by (analyst overrides, older bases).
    Alias,
    /// A role a person holds (older bases); several at once.
    Role,
    /// When a group was dissolved (an EDTF date; older bases).
    Dissolved,
    /// Any other name, as written (never one of the names above).
    Other(String),
}

impl AttrName {
    /// The name of `text` (never fails).
    pub fn parse(text: &str) -> AttrName {
        match text {
            "alias" => AttrName::Alias,
            "role" => AttrName::Role,
            "dissolved" => AttrName::Dissolved,
            _ => match text.parse::<AttributeName>() {
                Ok(k) => AttrName::Known(k),
                Err(_) => AttrName::Other(text.to_string()),
            },
        }
    }

    /// Its text (as stored).
    pub fn as_str(&self) -> &str {
        match self {
            AttrName::Known(k) => k.as_str(),
            AttrName::Alias => "alias",
            AttrName::Role => "role",
            AttrName::Dissolved => "dissolved",
            AttrName::Other(s) => s,
        }
    }

    /// The ontology's name, if it is one.
    pub fn known(&self) -> Option<AttributeName> {
        match self {
            AttrName::Known(k) => Some(*k),
            _ => None,
        }
    }

    /// Whether an entity may hold several values at once (titles, aliases,
    /// roles): never a contradiction.
    pub fn is_multi_valued(&self) -> bool {
        matches!(
            self,
            AttrName::Known(AttributeName::Title) | AttrName::Alias | AttrName::Role
        )
    }

    /// Whether its values are dates (`founded`, `dissolved`, a name ending
    /// in `_date` or `_on`): the value is the time, compared whatever the
    /// attribute's own date.
    pub fn is_date_valued(&self) -> bool {
        match self {
            AttrName::Known(AttributeName::Founded) | AttrName::Dissolved => true,
            AttrName::Other(s) => s.ends_with("_date") || s.ends_with("_on"),
            _ => false,
        }
    }
}

impl From<AttributeName> for AttrName {
    fn from(k: AttributeName) -> AttrName {
        AttrName::Known(k)
    }
}

impl From<&str> for AttrName {
    fn from(s: &str) -> AttrName {
        AttrName::parse(s)
    }
}

impl From<String> for AttrName {
    fn from(s: String) -> AttrName {
        match AttrName::parse(&s) {
            AttrName::Other(_) => AttrName::Other(s),
            known => known,
        }
    }
}

impl PartialEq for AttrName {
    fn eq(&self, other: &AttrName) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for AttrName {}

impl std::hash::Hash for AttrName {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl PartialEq<AttributeName> for AttrName {
    fn eq(&self, other: &AttributeName) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for AttrName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for AttrName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Ordered by text, as when names were strings.
impl Ord for AttrName {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for AttrName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for AttrName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AttrName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AttrName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<AttrName, D::Error> {
        Ok(AttrName::from(String::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips_through_its_text() {
        let mut names: Vec<AttrName> = AttributeName::ALL.iter().map(|&k| k.into()).collect();
        names.extend([
            AttrName::Alias,
            AttrName::Role,
            AttrName::Dissolved,
            AttrName::Other("attack date".into()),
            AttrName::Other("height".into()),
            AttrName::Other(String::new()),
        ]);
        for n in &names {
            assert_eq!(&AttrName::parse(n.as_str()), n);
            assert_eq!(&AttrName::from(n.to_string()), n);
            let json = serde_json::to_string(n).unwrap();
            assert_eq!(json, format!("\"{}\"", n.as_str()));
            assert_eq!(&serde_json::from_str::<AttrName>(&json).unwrap(), n);
        }
        assert_eq!(AttrName::parse("title").known(), Some(AttributeName::Title));
        assert_eq!(AttrName::parse("Title"), AttrName::Other("Title".into()));
        assert!(AttrName::parse("alias").known().is_none());
        assert_eq!(AttrName::Other("alias".into()), AttrName::Alias);
    }

    #[test]
    fn multi_valued_and_date_valued_names() {
        let multi: Vec<&str> = ["title", "alias", "role", "member_count", "founded", "x"]
            .into_iter()
            .filter(|n| AttrName::parse(n).is_multi_valued())
            .collect();
        assert_eq!(multi, ["title", "alias", "role"]);
        let dated: Vec<&str> = [
            "founded",
            "dissolved",
            "banned_on",
            "split_date",
            "title",
            "date",
        ]
        .into_iter()
        .filter(|n| AttrName::parse(n).is_date_valued())
        .collect();
        assert_eq!(dated, ["founded", "dissolved", "banned_on", "split_date"]);
    }

    #[test]
    fn names_sort_by_their_text() {
        let mut v: Vec<AttrName> = ["title", "alias", "member_count", "zeal", "founded"]
            .into_iter()
            .map(AttrName::parse)
            .collect();
        v.sort();
        let t: Vec<&str> = v.iter().map(AttrName::as_str).collect();
        assert_eq!(t, ["alias", "founded", "member_count", "title", "zeal"]);
    }
}
