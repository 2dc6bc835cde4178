//! Citation dates: dates in a parenthesis that dates a cited source, kept apart
//! from the document's own dates.

use super::*;

impl<'a> Scanner<'a> {
    /// Marks the dates inside citation parentheses.
    pub(super) fn mark_citations(&self, found: &mut [Found]) {
        let atoms = self.atoms;
        let mut i = 0;
        while i < atoms.len() {
            if !atoms[i].is_punct('(') {
                i += 1;
                continue;
            }
            let Some(close) = (i + 1..atoms.len().min(i + 60))
                .find(|&k| atoms[k].is_punct(')') || atoms[k].is_punct('('))
            else {
                i += 1;
                continue;
            };
            if !atoms[close].is_punct(')') {
                i = close;
                continue;
            }
            // Parts separated by ';'.
            let mut parts = Vec::new();
            let mut s = i + 1;
            for (k, atom) in atoms.iter().enumerate().take(close + 1).skip(i + 1) {
                if k == close || atom.is_punct(';') {
                    parts.push((s, k));
                    s = k + 1;
                }
            }
            let is_citation = !parts.is_empty()
                && parts.iter().all(|&(s, e)| {
                    found.iter().any(|f| {
                        f.b == e
                            && f.a >= s
                            && (f.a == s || atoms[f.a - 1].is_punct(','))
                            && !matches!(
                                f.value,
                                Pending::Shift { .. }
                                    | Pending::Portion { .. }
                                    | Pending::Past { .. }
                                    | Pending::Weekday { .. }
                            )
                    })
                });
            if is_citation {
                for f in found.iter_mut().filter(|f| f.a > i && f.b <= close) {
                    f.kind = DateKind::Citation;
                }
            }
            i = close + 1;
        }
    }
}

/// The EDTF dates of the cited sources in sentence `sentence` (in order,
/// without duplicates), for [`dossier_doc::Evidence::cited`].
pub fn citation_dates(doc: &Doc, sentence: usize) -> Vec<Edtf> {
    let mut out: Vec<Edtf> = Vec::new();
    for d in doc
        .dates
        .iter()
        .filter(|d| d.sentence == sentence && d.kind == DateKind::Citation)
    {
        if !out.contains(&d.edtf) {
            out.push(d.edtf);
        }
    }
    out
}
