//! Fuzz targets of Dossier and their seed corpus (issue 14, item 8).
//!
//! Each [`Target`] takes arbitrary bytes, runs one part of Dossier on them
//! and checks its invariants, panicking when one is broken (a panic inside
//! the code under test is a finding too). The targets are driven three ways:
//!
//! - `cargo test -p dossier-fuzz`: proptest cases over every target, and the
//!   seed corpus (with the hostile inputs of issue 14) run once;
//! - `dossier-fuzz` (this crate's binary): a mutation fuzzer on stable Rust,
//!   `cargo run --release -p dossier-fuzz -- --seconds 600 [--target html]`;
//!   a short run is part of `.ci/run`;
//! - the same functions can back cargo-fuzz/libFuzzer targets on nightly.
#![warn(missing_docs)]

use dossier_doc::Doc;
pub use dossier_read::testing::pdf_of;
use dossier_read::{read_bytes, ReadError, ReadOptions};
use std::path::Path;
use std::sync::OnceLock;

/// What a fuzz target exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The text reader (`.txt`: decoding, header metadata).
    Txt,
    /// The Markdown reader.
    Md,
    /// The HTML reader.
    Html,
    /// The PDF reader.
    Pdf,
    /// The sentence splitter.
    Sentences,
    /// The tokenizer.
    Tokens,
    /// The date finder and the EDTF parser.
    Dates,
    /// The EDTF type alone: parse, display, interval, serde.
    Edtf,
    /// Reading a `.txt` and the whole built-in pipeline.
    Pipeline,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 9] = [
        Target::Txt,
        Target::Md,
        Target::Html,
        Target::Pdf,
        Target::Sentences,
        Target::Tokens,
        Target::Dates,
        Target::Edtf,
        Target::Pipeline,
    ];

    /// Its name on the command line and in the corpus folder.
    pub fn name(self) -> &'static str {
        match self {
            Target::Txt => "txt",
            Target::Md => "md",
            Target::Html => "html",
            Target::Pdf => "pdf",
            Target::Sentences => "sentences",
            Target::Tokens => "tokens",
            Target::Dates => "dates",
            Target::Edtf => "edtf",
            Target::Pipeline => "pipeline",
        }
    }

    /// The target of a name.
    pub fn from_name(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == s)
    }

    /// Largest input the mutator builds for this target.
    pub fn max_len(self) -> usize {
        match self {
            Target::Pipeline => 8 * 1024,
            _ => 64 * 1024,
        }
    }

    /// Runs the target on `bytes`, panicking on a broken invariant.
    pub fn run(self, bytes: &[u8]) {
        match self {
            Target::Txt => read_target("fuzz.txt", bytes),
            Target::Md => read_target("fuzz.md", bytes),
            Target::Html => read_target("fuzz.html", bytes),
            Target::Pdf => read_target("fuzz.pdf", bytes),
            Target::Sentences => sentences_target(&String::from_utf8_lossy(bytes)),
            Target::Tokens => tokens_target(&String::from_utf8_lossy(bytes)),
            Target::Dates => dates_target(&String::from_utf8_lossy(bytes)),
            Target::Edtf => edtf_target(&String::from_utf8_lossy(bytes)),
            Target::Pipeline => pipeline_target(bytes),
        }
    }
}

fn check_doc_text(doc: &Doc) {
    assert!(!doc.text.trim().is_empty(), "a document without text");
    assert!(
        !doc.text.contains('\r'),
        "a carriage return left in the text"
    );
}

/// A reader on `bytes` named `name`: a document with text, or an error
/// naming the file.
pub fn read_target(name: &str, bytes: &[u8]) {
    let opts = ReadOptions {
        pdf_time_limit: std::time::Duration::from_secs(20),
        ..ReadOptions::default()
    };
    match read_bytes(Path::new(name), bytes, &opts) {
        Ok(doc) => check_doc_text(&doc),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with(name), "error not naming the file: {msg}");
            if !matches!(e, ReadError::Empty { .. }) {
                assert!(!msg.contains("empty file"), "{msg}");
            }
        }
    }
}

fn check_ranges(what: &str, ranges: &[(usize, usize)], len: usize, disjoint: bool) {
    let mut last = 0;
    for &(a, b) in ranges {
        assert!(a < b && b <= len, "{what}: range {a}..{b} of {len} chars");
        if disjoint {
            assert!(a >= last, "{what}: {a}..{b} overlaps or goes back");
            last = b;
        }
    }
}

/// The sentence splitter: ordered, non-empty, disjoint char ranges.
pub fn sentences_target(text: &str) {
    let n = text.chars().count();
    check_ranges("sentences", &dossier_nlp::split_sentences(text), n, true);
}

/// The tokenizer: ordered, non-empty, disjoint char ranges.
pub fn tokens_target(text: &str) {
    let n = text.chars().count();
    let toks = dossier_nlp::tokenize(text);
    check_ranges("tokens", &toks, n, true);
    let chars: Vec<char> = text.chars().collect();
    for &(a, b) in &toks {
        assert!(
            chars[a..b].iter().any(|c| !c.is_whitespace()),
            "a whitespace-only token"
        );
    }
}

/// The date finder (with and without a publication date) and the EDTF
/// parser on each found value and on the raw text.
pub fn dates_target(text: &str) {
    let n = text.chars().count();
    let published = dossier_doc::Edtf::parse("2022-02").ok();
    for ctx in [
        dossier_temporal::DateContext::default(),
        dossier_temporal::DateContext {
            published,
            ..Default::default()
        },
    ] {
        for d in dossier_temporal::find_dates(text, &ctx) {
            assert!(
                d.start < d.end && d.end <= n,
                "date {}..{} of {n}",
                d.start,
                d.end
            );
            let s = d.edtf.to_string();
            assert!(
                dossier_doc::Edtf::parse(&s).is_ok(),
                "found date {s} does not parse back"
            );
        }
    }
    let _ = dossier_doc::Edtf::parse(text);
}

/// The EDTF parser: what it accepts displays as a value it reads back
/// equal, with its first day not after its last, through serde as well.
pub fn edtf_target(text: &str) {
    let Ok(e) = dossier_doc::Edtf::parse(text) else {
        return;
    };
    let shown = e.to_string();
    let back = dossier_doc::Edtf::parse(&shown)
        .unwrap_or_else(|err| panic!("{text:?} shows as {shown:?}, which does not parse: {err}"));
    assert_eq!(
        back, e,
        "{text:?} shows as {shown:?}, read back differently"
    );
    let (a, b) = e.interval();
    assert!(a <= b, "{text:?}: interval {a}..{b} reversed");
    assert!(
        e.overlaps(&e) && e.contains(&e),
        "{text:?}: not within itself"
    );
    let json = serde_json::to_string(&e).expect("EDTF serializes");
    assert_eq!(json, format!("\"{shown}\""), "serialized as its string");
    let again: dossier_doc::Edtf = serde_json::from_str(&json).expect("EDTF deserializes");
    assert_eq!(again, e);
}

fn pipeline() -> &'static dossier_pipeline::Pipeline {
    static P: OnceLock<dossier_pipeline::Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        dossier_pipeline::Pipeline::build(
            &dossier_pipeline::builtin::default_config(),
            &dossier_pipeline::builtin::registry(),
        )
        .expect("the built-in pipeline builds")
    })
}

/// Reading `bytes` as a `.txt` and running the built-in pipeline: every
/// offset within the text, every index within its list.
pub fn pipeline_target(bytes: &[u8]) {
    let Ok(mut doc) = read_bytes(Path::new("fuzz.txt"), bytes, &ReadOptions::default()) else {
        return;
    };
    pipeline().run(&mut doc).expect("the pipeline runs");
    let n = doc.text.chars().count();
    for s in &doc.sentences {
        assert!(
            s.start <= s.end && s.end <= n,
            "sentence {}..{} of {n}",
            s.start,
            s.end
        );
        assert!(s.token_start <= s.token_end && s.token_end <= doc.tokens.len());
    }
    for t in &doc.tokens {
        assert!(t.start < t.end && t.end <= n && t.sentence < doc.sentences.len().max(1));
    }
    for m in &doc.mentions {
        assert!(
            m.start < m.end && m.end <= n,
            "mention {}..{} of {n}",
            m.start,
            m.end
        );
    }
    let ne = doc.entities.len();
    for r in &doc.relations {
        assert!(
            r.source < ne && r.target < ne,
            "relation to a missing entity"
        );
    }
    for e in &doc.events {
        assert!(
            e.participants.iter().all(|p| p.entity < ne),
            "event participant missing"
        );
    }
    for a in &doc.attributes {
        assert!(a.entity < ne, "attribute of a missing entity");
    }
}

fn stream(content: &str, extra: &str) -> String {
    format!(
        "<< {extra} /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
}

const REPORT: &str = "The Vell Circle, an armed militia, was founded in 2014 by Arno Kessel in the city of Dorn.\n\nKessel was arrested in Ostara in March 2019. On 3 May 2020 fighters of the Ostren Guard attacked a checkpoint near Dorn, killing four soldiers.\n";

/// The built-in seed corpus of a target: ordinary documents and the
/// hostile inputs of issue 14 (scaled down so mutations stay fast; the
/// full-size ones are regression tests in dossier-read and dossier-cli).
pub fn seeds(target: Target) -> Vec<Vec<u8>> {
    let mut stray = "The “Vell Circle” met the “Ostren Guard” in Dorn "
        .as_bytes()
        .to_vec();
    stray.push(0x96);
    stray.extend(" in May 2019.".as_bytes());
    let text: Vec<Vec<u8>> = vec![
        REPORT.into(),
        stray,
        b"The \x93Vell Circle\x94 met in the caf\xE9 \x96 in 2019.".to_vec(),
        "The Ostren Guard met in Dorn.\u{1b}]0;owned\u{7} Then \u{1b}[2J they left.".into(),
        "Vell Ostren Dorn Kessel Arno Circle Guard ".repeat(100).into(),
        "the guard met the circle in dorn and then left ".repeat(100).into(),
        format!("{}.", "x".repeat(3000)).into(),
        "Dr. A. B. Kessel (b. 1970) met Gen. Vell in the U.S. on 3/4/2019 [1]. “Yes,” he said…".into(),
        "between 2001 and 2003, in the 1990s, early 2016, mid-May 2019, 12 BCE, 2019-02-30, the spring of 2021, 10 days later".into(),
        b"\xEF\xBB\xBFbom text\r\nwith CRLF\rand CR".to_vec(),
        "\u{202E}reversed\u{202C} \u{200B}zero width\u{FEFF} é".into(),
    ];
    let html = |body: &str| {
        format!("<html><head><title>Vell</title></head><body>{body}</body></html>").into_bytes()
    };
    match target {
        Target::Txt | Target::Sentences | Target::Tokens | Target::Dates | Target::Pipeline => text,
        Target::Edtf => [
            "2018-07-03", "2021-10", "2009", "2016-01/2016-04", "2015~", "2015?", "2015-06%",
            "2019-21", "2019-24", "2019-33", "201X", "19XX", "2016-XX", "2016-07-XX",
            "2016/..", "2016/", "../2016-05", "/2016", "-0044-03-15", "2016-02-29",
            "2016-02-30", "2016/2015", "../..", "2016-21-03",
        ]
        .into_iter()
        .map(|s| s.as_bytes().to_vec())
        .collect(),
        Target::Md => {
            let mut v = text;
            v.push(format!("---\ntitle: \"Vell\"\nurl: javascript:alert(1)\ndate: 2020-05-01\n---\n# The Vell Circle\n\n{REPORT}\n> quote\n\n- a\n  - b\n\n[^1]: note").into());
            v.push(format!("{}Dorn", ">".repeat(500)).into());
            v.push(format!("{}Dorn", "- ".repeat(300)).into());
            v.push(format!("{}Dorn{}", "*".repeat(300), "*".repeat(300)).into());
            v
        }
        Target::Html => vec![
            html(&format!("<article><h1>Vell</h1><p>{REPORT}</p></article><nav>menu</nav>")),
            html(&"<b>".repeat(2000)),
            html(&format!("{}Dorn{}", "<div>".repeat(2000), "</div>".repeat(2000))),
            html(&format!("{}Dorn", "<table><tr><td>".repeat(500))),
            html(&format!("{}Dorn", "<header><article>".repeat(500))),
            html("<meta property=\"og:url\" content=\"javascript:alert(1)\"><p>x<script>alert(1)</script>"),
            html("<pre>  keep\n  this</pre><p>a<br>b</p><!-- <div> --><textarea><div></textarea>"),
        ],
        Target::Pdf => {
            let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>";
            let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
            vec![
                pdf_of(&[
                    "<< /Type /Catalog /Pages 2 0 R >>",
                    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    page,
                    &stream("BT /F1 18 Tf 72 700 Td (The Vell Circle held Dorn.) Tj ET", ""),
                    font,
                    &stream("q Q", "/Subtype /Form"),
                ]),
                // A page that is its own parent.
                pdf_of(&[
                    "<< /Type /Catalog /Pages 2 0 R >>",
                    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                    &stream("BT /F1 18 Tf 72 700 Td (Vell) Tj ET", ""),
                ]),
                // A form that draws itself.
                pdf_of(&[
                    "<< /Type /Catalog /Pages 2 0 R >>",
                    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    page,
                    &stream("/X Do", ""),
                    font,
                    &stream("/X Do", "/Subtype /Form"),
                ]),
                b"%PDF-1.7\n\x01\x02 junk".to_vec(),
            ]
        }
    }
}

/// Seeds from files: every file under `dir/<target name>/` (recorded
/// findings and extra samples), sorted by name.
pub fn corpus_files(dir: &Path, target: Target) -> Vec<Vec<u8>> {
    let Ok(rd) = std::fs::read_dir(dir.join(target.name())) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = rd.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

/// A small deterministic PRNG (xorshift64*), so a run is reproduced by its seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.bits() % n as u64) as usize
        }
    }
}

/// Tokens the mutator inserts: markup, PDF syntax, dates, encodings,
/// escapes, punctuation that the splitters care about.
const DICT: &[&[u8]] = &[
    b"<b>",
    b"<div>",
    b"</div>",
    b"<p>",
    b"<article>",
    b"<header>",
    b"<table>",
    b"<td>",
    b"<pre>",
    b"<script>",
    b"<!--",
    b"-->",
    b"<br>",
    b"&amp;",
    b"&#x1F600;",
    b"\"",
    b"'",
    b">",
    b"<",
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b" 0 R",
    b"/Parent",
    b"/Kids [",
    b"/Resources",
    b"/XObject",
    b" Do ",
    b"/Subtype /Form",
    b"<<",
    b">>",
    b"%PDF-1.4\n",
    b"xref",
    b"trailer",
    b"---\n",
    b"# ",
    b"> ",
    b"- ",
    b"[^1]",
    b"`",
    b"*",
    b"\n\n",
    b"\r\n",
    b"\r",
    b"\t",
    b" May 2019",
    b"3 March 2020",
    b"2019-02-30",
    b"1990s",
    b"between 2001 and 2003",
    b"BCE",
    b"mid-",
    b"/",
    b"\x96",
    b"\x93",
    b"\xE9",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\x00",
    b"\x1b[2J",
    b"\xE2\x80\x9C",
    b"\xE2\x80\x9D",
    b"\xE2\x80\xAE",
    b"Dr.",
    b"U.S.",
    b"Gen. ",
    b"...",
    b"\xE2\x80\xA6",
    b"Vell Circle",
    b"Ostren Guard",
    b"Arno Kessel",
    b"Dorn",
    b"founded",
    b"arrested",
    b"attacked",
    b"1,200",
    b"(",
    b")",
    b"[1]",
    b". ",
    b"? ",
    b"!",
];

/// One random mutation of `data` (at most `max` bytes), possibly splicing
/// in part of `other`.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8], max: usize) {
    let len = data.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = rng.bits() as u8;
        }
        2 => {
            let i = rng.below(len + 1);
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.bits() as u8).collect();
            data.splice(i..i, bytes);
        }
        3 if len > 0 => {
            let a = rng.below(len);
            let b = (a + 1 + rng.below(64)).min(len);
            data.drain(a..b);
        }
        4 if len > 0 => {
            // Repeat a chunk: nesting, long runs, long lines.
            let a = rng.below(len);
            let b = (a + 1 + rng.below(32)).min(len);
            let chunk = data[a..b].to_vec();
            let most = if rng.below(4) == 0 { 2000 } else { 16 };
            let times = 1 + rng.below(most);
            let rep: Vec<u8> = chunk
                .iter()
                .copied()
                .cycle()
                .take(chunk.len() * times)
                .collect();
            data.splice(b..b, rep);
        }
        5 | 6 => {
            let tok = DICT[rng.below(DICT.len())];
            let i = rng.below(len + 1);
            data.splice(i..i, tok.iter().copied());
        }
        7 if !other.is_empty() => {
            let a = rng.below(other.len());
            let b = (a + 1 + rng.below(256)).min(other.len());
            let i = rng.below(len + 1);
            data.splice(i..i, other[a..b].iter().copied());
        }
        _ if len > 1 => {
            // Swap two bytes.
            let (i, j) = (rng.below(len), rng.below(len));
            data.swap(i, j);
        }
        _ => data.push(rng.bits() as u8),
    }
    data.truncate(max);
}
