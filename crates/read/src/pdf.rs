//! PDF structure checks run before text extraction.
//!
//! pdf-extract follows a page's `/Parent` chain to find inherited resources
//! and calls itself for every form XObject a content stream draws (`Do`).
//! A page that is its own parent makes the first loop forever; a form that
//! draws itself makes the second recurse until the stack overflows and the
//! process aborts. Both are found here, on the parsed object graph, and
//! reported as what they are before pdf-extract sees the file.

use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

/// Deepest chain of form XObjects drawing one another that is extracted.
pub(crate) const MAX_FORM_DEPTH: usize = 64;

/// Why a PDF is refused before extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StructureError {
    /// lopdf could not parse the file.
    Parse(String),
    /// A page or page-tree node is its own ancestor.
    PageTreeCycle,
    /// A form XObject draws itself, directly or through others.
    FormCycle,
    /// Form XObjects nested deeper than [`MAX_FORM_DEPTH`].
    FormTooDeep(usize),
}

impl std::fmt::Display for StructureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StructureError::Parse(m) => write!(f, "cannot parse the PDF structure: {m}"),
            StructureError::PageTreeCycle => write!(
                f,
                "PDF page tree has a cycle (a page or page-tree node is its own ancestor)"
            ),
            StructureError::FormCycle => write!(
                f,
                "PDF form XObjects draw each other in a cycle (a form contains itself)"
            ),
            StructureError::FormTooDeep(d) => write!(
                f,
                "PDF form XObjects are nested {d} deep (more than {MAX_FORM_DEPTH})"
            ),
        }
    }
}

/// Parses `bytes` and checks the page tree and the form XObjects.
pub(crate) fn check(bytes: &[u8]) -> Result<(), StructureError> {
    let doc = Document::load_mem(bytes).map_err(|e| StructureError::Parse(e.to_string()))?;
    check_page_parents(&doc)?;
    check_forms(&doc)
}

fn as_dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        Object::Reference(id) => match doc.objects.get(id)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        },
        _ => None,
    }
}

/// Every page's `/Parent` chain ends without meeting itself.
fn check_page_parents(doc: &Document) -> Result<(), StructureError> {
    let mut verified: HashSet<ObjectId> = HashSet::new();
    for page in doc.page_iter() {
        let mut seen = HashSet::new();
        let mut cur = page;
        loop {
            if verified.contains(&cur) {
                break;
            }
            if !seen.insert(cur) {
                return Err(StructureError::PageTreeCycle);
            }
            let Ok(dict) = doc.get_dictionary(cur) else {
                break;
            };
            match dict.get(b"Parent").and_then(Object::as_reference) {
                Ok(parent) => cur = parent,
                Err(_) => break,
            }
        }
        verified.extend(seen);
    }
    Ok(())
}

/// The names drawn with `Do` in a content stream (`/Name Do`), found by a
/// lexical scan (an over-approximation is harmless here).
fn drawn_names(content: &[u8]) -> HashSet<Vec<u8>> {
    let is_delim = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    let mut names = HashSet::new();
    let mut i = 0;
    while i + 1 < content.len() {
        if &content[i..i + 2] == b"Do"
            && (i + 2 == content.len() || is_delim(content[i + 2]))
            && (i == 0 || is_delim(content[i - 1]))
        {
            // Back over whitespace to the end of the operand, then to its '/'.
            let mut end = i;
            while end > 0 && content[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            let mut start = end;
            while start > 0 && !is_delim(content[start - 1]) {
                start -= 1;
            }
            if start > 0 && content[start - 1] == b'/' {
                names.insert(unescape_name(&content[start..end]));
            }
        }
        i += 1;
    }
    names
}

/// A PDF name with its `#xx` escapes decoded.
fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Form XObjects drawing one another form a DAG no deeper than
/// [`MAX_FORM_DEPTH`]. pdf-extract draws any stream named in an XObject
/// dictionary as content, whatever its `/Subtype`, and a stream whose
/// `/Resources` is missing or not a dictionary looks names up in its
/// caller's resources; the graph follows the same rules.
fn check_forms(doc: &Document) -> Result<(), StructureError> {
    let xobjects_of = |res: &Object| -> Option<Vec<(Vec<u8>, ObjectId)>> {
        let r = as_dict(doc, res)?;
        Some(
            r.get(b"XObject")
                .ok()
                .and_then(|x| as_dict(doc, x))
                .map(|x| {
                    x.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_reference().ok()?)))
                        .collect()
                })
                .unwrap_or_default(),
        )
    };
    // Every XObject dictionary of the file, by name: where a stream without
    // resources of its own may look its names up (the caller's resources).
    let mut any_by_name: HashMap<Vec<u8>, HashSet<ObjectId>> = HashMap::new();
    for o in doc.objects.values() {
        let dict = match o {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if let Ok(res) = dict.get(b"Resources") {
            for (name, id) in xobjects_of(res).unwrap_or_default() {
                any_by_name.entry(name).or_default().insert(id);
            }
        }
    }
    let is_stream = |id: &ObjectId| matches!(doc.objects.get(id), Some(Object::Stream(_)));
    let forms: Vec<ObjectId> = {
        let mut f: Vec<ObjectId> = any_by_name
            .values()
            .flatten()
            .filter(|id| is_stream(id))
            .copied()
            .collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    if forms.is_empty() {
        return Ok(());
    }
    let mut edges: HashMap<ObjectId, Vec<ObjectId>> = HashMap::new();
    for &f in &forms {
        let Some(Object::Stream(s)) = doc.objects.get(&f) else {
            continue;
        };
        let content = s.get_plain_content().unwrap_or_else(|_| s.content.clone());
        let names = drawn_names(&content);
        if names.is_empty() {
            continue;
        }
        let own: Option<HashMap<Vec<u8>, ObjectId>> = s
            .dict
            .get(b"Resources")
            .ok()
            .and_then(xobjects_of)
            .map(|v| v.into_iter().collect());
        let mut targets = Vec::new();
        for name in &names {
            match &own {
                Some(own) => targets.extend(own.get(name).copied()),
                None => targets.extend(any_by_name.get(name).into_iter().flatten().copied()),
            }
        }
        targets.retain(is_stream);
        edges.insert(f, targets);
    }
    // Kahn's algorithm: what is left over lies on a cycle; the longest path
    // comes from the topological order.
    let mut indegree: HashMap<ObjectId, usize> = forms.iter().map(|&f| (f, 0)).collect();
    for ts in edges.values() {
        for t in ts {
            *indegree.entry(*t).or_default() += 1;
        }
    }
    let mut ready: Vec<ObjectId> = indegree
        .iter()
        .filter(|(_, &d)| d == 0)
        .map(|(&f, _)| f)
        .collect();
    let mut depth: HashMap<ObjectId, usize> = ready.iter().map(|&f| (f, 1)).collect();
    let mut done = 0;
    while let Some(f) = ready.pop() {
        done += 1;
        let d = depth.get(&f).copied().unwrap_or(1);
        if d > MAX_FORM_DEPTH {
            return Err(StructureError::FormTooDeep(d));
        }
        for t in edges.get(&f).into_iter().flatten() {
            let e = depth.entry(*t).or_insert(1);
            *e = (*e).max(d + 1);
            if let Some(n) = indegree.get_mut(t) {
                *n -= 1;
                if *n == 0 {
                    ready.push(*t);
                }
            }
        }
    }
    if done < indegree.len() {
        return Err(StructureError::FormCycle);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_names_found() {
        let n = drawn_names(b"q /Fm1 Do Q /Im2\nDo BT (Do) Tj ET /X Dog");
        assert!(n.contains(b"Fm1".as_slice()) && n.contains(b"Im2".as_slice()));
        assert_eq!(n.len(), 2, "{n:?}");
        assert!(drawn_names(b"/F#6Dx Do").contains(b"Fmx".as_slice()));
    }
}
