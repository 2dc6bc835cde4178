//! Outputs carry no payload (issue 14, item 6): every report and export
//! format rendered from a knowledge base whose every text field is hostile
//! (markup, script URLs, spreadsheet formulas, terminal escapes).

use crate::testkb::{lantern, MemStore};
use crate::*;

/// Markup that breaks out of HTML/XML text and attributes, a formula, an
/// escape sequence and a CDATA/comment terminator.
const PAY: &str = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)> =HYPERLINK(\"http://evil.example\") \u{1b}]0;owned\u{7}\u{1b}[2J ]]> --> \u{202E}";

/// Leads that spreadsheets evaluate.
const LEADS: [&str; 6] = ["=", "+", "-", "@", "\t", "\r"];

fn lead(i: usize) -> &'static str {
    LEADS[i % LEADS.len()]
}

fn hostile() -> MemStore {
    let mut kb = lantern();
    for (i, d) in kb.documents.iter_mut().enumerate() {
        d.title = Some(format!("{}cmd|' /C calc'!A0 {PAY}", lead(i)));
        d.source = Some(format!("{}SUM(1+1) {PAY}", lead(i + 1)));
        d.path = Some(format!("{}{PAY}.txt", lead(i + 2)));
        d.url = Some(if i % 2 == 0 {
            "javascript:alert(document.cookie)".into()
        } else {
            " JaVaScRiPt:alert(1)".into()
        });
    }
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("{}Vell{n} {PAY}", lead(n))
    };
    for e in &mut kb.entities {
        e.name = next();
        for a in &mut e.aliases {
            a.name = next();
        }
    }
    let mut n = 0;
    let mut text = || {
        n += 1;
        format!("{}2+3 The Ostren Guard met {PAY}", lead(n))
    };
    for r in &mut kb.relations {
        for v in &mut r.evidence {
            v.text = text();
        }
    }
    for e in &mut kb.events {
        e.trigger = text();
        // The modality is a closed enum now, with no text to inject; its
        // turn in the sequence is kept so the texts after it keep their
        // leading characters.
        let _ = text();
        for v in &mut e.evidence {
            v.text = text();
        }
    }
    for a in &mut kb.attributes {
        a.value = text();
        for v in &mut a.evidence {
            v.text = text();
        }
    }
    kb
}

/// HTML and SVG: no element or attribute of the payload, every link http(s)
/// or in-page, no control character.
fn assert_safe_markup(what: &str, s: &str) {
    let lower = s.to_lowercase();
    for bad in ["<script", "<img", "]]>", "-->"] {
        assert!(!lower.contains(bad), "{what}: raw {bad:?}");
    }
    for (i, _) in lower.match_indices("href=") {
        let v = &lower[i + 5..];
        let v = v.trim_start_matches(['"', '\'']);
        assert!(
            v.starts_with('#') || v.starts_with("http://") || v.starts_with("https://"),
            "{what}: link {}",
            &v[..v.len().min(40)]
        );
    }
    for (i, _) in s.match_indices('&') {
        let rest = &s[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "{what}: bare & at {}",
            &rest[..rest.len().min(20)]
        );
    }
    assert!(
        !s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r'),
        "{what}: control character"
    );
}

/// Markdown: no raw (unescaped) HTML, no autolink or link to a script
/// URL, no control character.
fn assert_safe_markdown(what: &str, s: &str) {
    let lower = s.to_lowercase();
    for bad in ["<script", "<img", "<javascript", "](javascript"] {
        for (i, _) in lower.match_indices(bad) {
            let escaped = lower[..i].ends_with('\\')
                || (bad.starts_with(']') && lower[..i + 1].ends_with("\\]"));
            assert!(escaped, "{what}: raw {bad:?}");
        }
    }
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{what}: control character"
    );
}

/// CSV: no cell a spreadsheet would evaluate.
fn assert_safe_csv(what: &str, s: &str) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(s.as_bytes());
    let mut cells = 0;
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: formula cell {cell:?}"
            );
        }
    }
    assert!(cells > 0, "{what}: no cells");
}

fn assert_json(what: &str, s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{what}: {e}"))
}

#[test]
fn profile_every_format() {
    let kb = hostile();
    let html = profile(&kb, 1, ProfileFormat::Html).unwrap();
    assert!(
        html.contains("alert(document.cookie)"),
        "the address is kept as text"
    );
    assert_safe_markup("profile html", &html);
    let md = profile(&kb, 1, ProfileFormat::Markdown).unwrap();
    assert_safe_markdown("profile md", &md);
    assert!(md.contains("javascript:alert(document.cookie)"));
    assert_json(
        "profile json",
        &profile(&kb, 1, ProfileFormat::Json).unwrap(),
    );
}

#[test]
fn timeline_every_format() {
    let kb = hostile();
    for entity in [None, Some(1)] {
        let html = timeline(&kb, entity, None, None, TimelineFormat::Html).unwrap();
        assert_safe_markup("timeline html", &html);
        let md = timeline(&kb, entity, None, None, TimelineFormat::Markdown).unwrap();
        assert_safe_markdown("timeline md", &md);
        let csv = timeline(&kb, entity, None, None, TimelineFormat::Csv).unwrap();
        assert_safe_csv("timeline csv", &csv);
        assert!(csv.contains("'+2+3 The Ostren Guard") || csv.contains("'=2+3 The Ostren Guard"));
        assert_json(
            "timeline json",
            &timeline(&kb, entity, None, None, TimelineFormat::Json).unwrap(),
        );
    }
}

#[test]
fn graph_every_format() {
    let kb = hostile();
    for center in [None, Some(1)] {
        let svg = graph(&kb, center, 2, GraphFormat::Svg).unwrap();
        assert_safe_markup("graph svg", &svg);
        let xml = graph(&kb, center, 2, GraphFormat::GraphMl).unwrap();
        assert_safe_markup("graph graphml", &xml);
        assert_json(
            "graph json",
            &graph(&kb, center, 2, GraphFormat::Json).unwrap(),
        );
        let dot = graph(&kb, center, 2, GraphFormat::Dot).unwrap();
        for line in dot.lines() {
            // Quotes balanced on every line once escaped ones are removed:
            // no string breaks out into Graphviz syntax.
            let unescaped = line.replace("\\\\", "").replace("\\\"", "");
            assert_eq!(unescaped.matches('"').count() % 2, 0, "dot line: {line}");
            assert!(!line.contains('\u{1b}'), "dot line: {line}");
        }
    }
}

#[test]
fn export_every_format() {
    let kb = hostile();
    let dir = std::env::temp_dir().join(format!("dossier-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    export(&kb, ExportFormat::Csv, &dir.join("csv")).unwrap();
    let mut tables = 0;
    for f in std::fs::read_dir(dir.join("csv")).unwrap() {
        let p = f.unwrap().path();
        assert_safe_csv(
            &p.display().to_string(),
            &std::fs::read_to_string(&p).unwrap(),
        );
        tables += 1;
    }
    assert_eq!(tables, 5);
    export(&kb, ExportFormat::GraphMl, &dir.join("kb.graphml")).unwrap();
    assert_safe_markup(
        "export graphml",
        &std::fs::read_to_string(dir.join("kb.graphml")).unwrap(),
    );
    export(&kb, ExportFormat::Jsonl, &dir.join("kb.jsonl")).unwrap();
    for line in std::fs::read_to_string(dir.join("kb.jsonl"))
        .unwrap()
        .lines()
    {
        assert_json("jsonl", line);
    }
    export(&kb, ExportFormat::Stix, &dir.join("kb.json")).unwrap();
    let stix = assert_json(
        "stix",
        &std::fs::read_to_string(dir.join("kb.json")).unwrap(),
    );
    let mut refs = 0;
    for o in stix["objects"].as_array().unwrap() {
        for r in o["external_references"].as_array().into_iter().flatten() {
            refs += 1;
            if let Some(u) = r["url"].as_str() {
                assert!(u.starts_with("http://") || u.starts_with("https://"), "{u}");
            }
        }
    }
    assert!(refs > 0);
    let _ = std::fs::remove_dir_all(&dir);
}
