//! Metadata helpers: front matter, dates to EDTF, titles of plain text.

use dossier_doc::Edtf;
use std::collections::BTreeMap;

/// Metadata found inside a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FileMeta {
    pub title: Option<String>,
    pub published: Option<Edtf>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub extra: BTreeMap<String, String>,
}

impl FileMeta {
    /// Records `key: value`, routing known keys to their fields.
    pub(crate) fn set(&mut self, key: &str, value: &str) {
        let k = key.trim().to_lowercase().replace(['-', ' '], "_");
        let v = unquote(value.trim());
        if v.is_empty() {
            return;
        }
        match k.as_str() {
            "title" | "og:title" | "headline" if self.title.is_none() => {
                self.title = Some(v.to_string())
            }
            "date"
            | "published"
            | "pubdate"
            | "publish_date"
            | "published_at"
            | "publication_date"
            | "date_published"
            | "article:published_time"
            | "datepublished"
            | "dc.date"
            | "dc.date.issued"
            | "citation_publication_date"
            | "citation_date"
            | "sailthru.date"
            | "parsely_pub_date" => {
                if self.published.is_none() {
                    match to_edtf(v) {
                        Some(d) => self.published = Some(d),
                        None => {
                            self.extra.insert(k, v.to_string());
                        }
                    }
                }
            }
            "source" | "publisher" | "publication" | "og:site_name" | "site_name" | "outlet"
                if self.source.is_none() =>
            {
                self.source = Some(v.to_string())
            }
            "url" | "link" | "canonical" | "canonical_url" | "og:url" | "permalink"
                if self.url.is_none() =>
            {
                self.url = Some(v.to_string())
            }
            _ => {
                self.extra.entry(k).or_insert_with(|| v.to_string());
            }
        }
    }
}

fn unquote(v: &str) -> &str {
    let b = v.as_bytes();
    if b.len() >= 2
        && ((b[0] == b'"' && b[b.len() - 1] == b'"') || (b[0] == b'\'' && b[b.len() - 1] == b'\''))
    {
        &v[1..v.len() - 1]
    } else {
        v
    }
}

/// Splits off a front matter block (`---` … `---`/`...` YAML-style, or
/// `+++` … `+++` TOML-style) from the start of `text`, returning its
/// key/value pairs and the rest of the text. Nested structures are not
/// interpreted; list items are joined with `, `.
pub(crate) fn split_front_matter(text: &str) -> (FileMeta, &str) {
    let mut meta = FileMeta::default();
    let t = text.trim_start_matches('\u{FEFF}');
    let (fence, sep) = if t.starts_with("---\n") || t == "---" {
        ("---", ':')
    } else if t.starts_with("+++\n") {
        ("+++", '=')
    } else {
        return (meta, text);
    };
    let body_start = fence.len() + 1;
    let mut offset = body_start;
    let mut end = None;
    for line in t[body_start.min(t.len())..].split_inclusive('\n') {
        let l = line.trim_end();
        if l == fence || (fence == "---" && l == "...") {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, rest_start)) = end else {
        return (meta, text);
    };
    let mut last_key: Option<String> = None;
    for line in t[body_start..fm_end].lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            if let Some(k) = &last_key {
                let item = unquote(item.trim()).to_string();
                let e = meta.extra.entry(k.clone()).or_default();
                if !e.is_empty() {
                    e.push_str(", ");
                }
                e.push_str(&item);
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        if let Some((k, v)) = line.split_once(sep) {
            let k = k.trim();
            let v = v.trim();
            if v.is_empty() {
                last_key = Some(k.to_lowercase());
                continue;
            }
            let v = v
                .strip_prefix('[')
                .and_then(|x| x.strip_suffix(']'))
                .map(|x| {
                    x.split(',')
                        .map(|p| unquote(p.trim()))
                        .collect::<Vec<_>>()
                        .join(", ")
                });
            match v {
                Some(list) => meta.set(k, &list),
                None => meta.set(k, line.split_once(sep).map(|p| p.1).unwrap_or_default()),
            }
            last_key = None;
        }
    }
    (meta, &t[rest_start..])
}

fn month_of(word: &str) -> Option<u8> {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    if w.len() < 3 {
        return None;
    }
    dossier_doc::edtf::MONTH_NAMES
        .iter()
        .position(|m| m.len() >= w.len() && m[..w.len()].eq_ignore_ascii_case(&w))
        .map(|i| i as u8 + 1)
}

/// Converts a metadata date to EDTF (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`):
/// ISO 8601 and RFC 3339 timestamps, `YYYY/MM/DD`, `Month D, YYYY`,
/// `D Month YYYY`, `Month YYYY`, and a date already in EDTF form (`2021-10~`,
/// `2019-21`, `2016/2018`), every one checked by the one EDTF type.
pub(crate) fn to_edtf(s: &str) -> Option<Edtf> {
    let s = s.trim();
    if let Ok(e) = Edtf::parse(s) {
        return Some(e);
    }
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    if digits(0..4) && (b.len() == 4 || !b[4].is_ascii_digit()) {
        let y: i32 = s[..4].parse().ok()?;
        let sep = b.get(4).copied();
        if matches!(sep, Some(b'-') | Some(b'/') | Some(b'.')) && digits(5..7) {
            let m: u8 = s[5..7].parse().ok()?;
            if !(1..=12).contains(&m) {
                return None;
            }
            if b.get(7).copied() == sep
                && digits(8..10)
                && (b.len() == 10 || !b[10].is_ascii_digit())
            {
                // A timestamp's date (`2021-10-04T10:22:00Z`).
                return Edtf::day(y, m, s[8..10].parse().ok()?);
            }
            if b.len() == 7 || !b[7].is_ascii_digit() {
                return Edtf::month(y, m);
            }
        }
        return None;
    }
    // Word forms.
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let num = |w: &str| -> Option<u8> {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        w.parse().ok()
    };
    let year = |w: &str| -> Option<i32> { (w.len() == 4).then(|| w.parse().ok()).flatten() };
    // Skip a leading weekday ("Monday, October 4, 2021").
    let words: Vec<&str> = match words.first() {
        Some(w) if w.to_lowercase().ends_with("day") || w.to_lowercase().ends_with("day.") => {
            words[1..].to_vec()
        }
        _ => words,
    };
    match words.as_slice() {
        [m, d, y, ..] if month_of(m).is_some() && num(d).is_some() && year(y).is_some() => {
            Edtf::day(year(y)?, month_of(m)?, num(d)?)
        }
        [d, m, y, ..] if num(d).is_some() && month_of(m).is_some() && year(y).is_some() => {
            Edtf::day(year(y)?, month_of(m)?, num(d)?)
        }
        [m, y] if month_of(m).is_some() && year(y).is_some() => Edtf::month(year(y)?, month_of(m)?),
        _ => None,
    }
}

/// The title of plain text: its first non-empty line, if it looks like a
/// heading (short, with letters, no final sentence punctuation) and more
/// text follows.
pub(crate) fn text_title(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    lines.next()?;
    let n = first.chars().count();
    let last = first.chars().last()?;
    let ok = n <= 150
        && first.chars().any(char::is_alphabetic)
        && !matches!(last, '.' | ',' | ';' | ':' | '!' | '?')
        && first.split_whitespace().count() <= 25;
    ok.then(|| first.to_string())
}

/// Header lines near the top of plain text such as `Published: …`,
/// `Date: …`, `Source: …`, `Publication: …`, `URL: …`.
pub(crate) fn text_header_meta(text: &str) -> FileMeta {
    let mut meta = FileMeta::default();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
    {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let key = k.trim().to_lowercase();
        match key.as_str() {
            "published" | "date" | "publication date" | "date published" => {
                if let Some(d) = to_edtf(v) {
                    meta.published.get_or_insert(d);
                }
            }
            "source" | "publication" | "publisher" => {
                // "Monitor Volume: 20 Issue: 4": the name, then volume and issue.
                let v = v.trim();
                let cut = [" Volume", " Vol.", " Issue", " No."]
                    .iter()
                    .filter_map(|m| v.find(m))
                    .min();
                let name = cut.map_or(v, |c| &v[..c]).trim();
                if let Some(c) = cut {
                    meta.extra.insert("issue".into(), v[c..].trim().to_string());
                }
                if !name.is_empty() {
                    meta.source.get_or_insert_with(|| name.to_string());
                }
            }
            "url" | "link" => {
                let v = v.trim();
                // "URL: https://…" splits at the scheme's colon too.
                let full = line.split_once(':').map_or(v, |p| p.1).trim();
                if full.contains("://") || full.starts_with("www.") {
                    meta.url.get_or_insert_with(|| full.to_string());
                }
            }
            _ => {}
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edtf_forms() {
        assert_eq!(
            to_edtf("2021-10-04T10:22:00Z")
                .map(|e| e.to_string())
                .as_deref(),
            Some("2021-10-04")
        );
        assert_eq!(
            to_edtf("2021-10-04").map(|e| e.to_string()).as_deref(),
            Some("2021-10-04")
        );
        assert_eq!(
            to_edtf("2021/10/04").map(|e| e.to_string()).as_deref(),
            Some("2021-10-04")
        );
        assert_eq!(
            to_edtf("2022-02").map(|e| e.to_string()).as_deref(),
            Some("2022-02")
        );
        assert_eq!(
            to_edtf("2022").map(|e| e.to_string()).as_deref(),
            Some("2022")
        );
        assert_eq!(
            to_edtf("October 4, 2021").map(|e| e.to_string()).as_deref(),
            Some("2021-10-04")
        );
        assert_eq!(
            to_edtf("Monday, Oct. 4, 2021")
                .map(|e| e.to_string())
                .as_deref(),
            Some("2021-10-04")
        );
        assert_eq!(
            to_edtf("4 October 2021").map(|e| e.to_string()).as_deref(),
            Some("2021-10-04")
        );
        assert_eq!(
            to_edtf("Sept 2019").map(|e| e.to_string()).as_deref(),
            Some("2019-09")
        );
        assert_eq!(to_edtf("2021-02-30"), None);
        assert_eq!(to_edtf("2021-13-01"), None);
        assert_eq!(to_edtf("yesterday"), None);
        assert_eq!(to_edtf(""), None);
    }

    #[test]
    fn front_matter_yaml() {
        let t = "---\ntitle: \"The Kesh Brigade\"\ndate: 2020-05-01\npublisher: Ostara Review\nurl: https://example.org/kesh\ntags:\n  - militia\n  - Kesh\nauthor: A. Verr\n---\n# Body\n\nText.";
        let (m, rest) = split_front_matter(t);
        assert_eq!(m.title.as_deref(), Some("The Kesh Brigade"));
        assert_eq!(
            m.published.map(|e| e.to_string()).as_deref(),
            Some("2020-05-01")
        );
        assert_eq!(m.source.as_deref(), Some("Ostara Review"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/kesh"));
        assert_eq!(
            m.extra.get("tags").map(String::as_str),
            Some("militia, Kesh")
        );
        assert_eq!(m.extra.get("author").map(String::as_str), Some("A. Verr"));
        assert_eq!(rest, "# Body\n\nText.");
    }

    #[test]
    fn front_matter_toml_and_none() {
        let (m, rest) = split_front_matter("+++\ntitle = \"X\"\ntags = [\"a\", \"b\"]\n+++\nBody");
        assert_eq!(m.title.as_deref(), Some("X"));
        assert_eq!(m.extra.get("tags").map(String::as_str), Some("a, b"));
        assert_eq!(rest, "Body");
        let (m, rest) = split_front_matter("---\nno end");
        assert_eq!(m, FileMeta::default());
        assert_eq!(rest, "---\nno end");
        let (_, rest) = split_front_matter("Plain text");
        assert_eq!(rest, "Plain text");
    }

    #[test]
    fn titles_of_text() {
        assert_eq!(
            text_title("\n  The Kesh Brigade: A Profile \n\nIt was founded.").as_deref(),
            Some("The Kesh Brigade: A Profile")
        );
        assert_eq!(text_title("It was founded in 2015.\nMore."), None);
        assert_eq!(text_title("Only one line"), None);
    }

    #[test]
    fn header_lines() {
        let m = text_header_meta("Title\n\nPublication: Dorn Monitor Volume: 3 Issue: 9\n");
        assert_eq!(m.source.as_deref(), Some("Dorn Monitor"));
        assert_eq!(
            m.extra.get("issue").map(String::as_str),
            Some("Volume: 3 Issue: 9")
        );
        let m = text_header_meta("Title\n\nPublication: Ostara Review\nPublished: 12 March 2020\nURL: https://example.org/x\n\nBody.");
        assert_eq!(m.source.as_deref(), Some("Ostara Review"));
        assert_eq!(
            m.published.map(|e| e.to_string()).as_deref(),
            Some("2020-03-12")
        );
        assert_eq!(m.url.as_deref(), Some("https://example.org/x"));
    }
}
