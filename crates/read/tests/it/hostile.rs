//! Hostile inputs (issue 14): each gives a document or a clean error naming
//! the file and the problem, in bounded time, without overflowing the stack.

use dossier_read::testing::pdf_of;
use dossier_read::{read_bytes, read_bytes_with_warnings, ReadError, ReadOptions};
use std::path::Path;
use std::time::{Duration, Instant};

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn stream(content: &str, extra: &str) -> String {
    format!(
        "<< {extra} /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

#[test]
fn unclosed_bold_tags_do_not_overflow() {
    // 50,000 unclosed <b> (about 150 KB): used to overflow the stack (exit 134).
    let mut html = String::from("<html><body><p>The Vell Circle met in Dorn.</p>");
    for i in 0..50_000 {
        html.push_str("<b>");
        if i % 1000 == 0 {
            html.push_str("word ");
        }
    }
    html.push_str("end</body></html>");
    let t = Instant::now();
    let doc = read_bytes(Path::new("bold.html"), html.as_bytes(), &opts()).unwrap();
    eprintln!("50,000 unclosed <b>: {:?}", t.elapsed());
    assert!(
        doc.text.starts_with("The Vell Circle met in Dorn."),
        "{}",
        &doc.text[..60]
    );
    assert!(doc.text.ends_with("end"));
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

#[test]
fn deeply_nested_divs_and_articles_do_not_overflow() {
    for tag in ["div", "article", "header", "main", "pre", "td"] {
        let depth = 30_000;
        let mut html = String::from("<html><body>");
        for _ in 0..depth {
            html.push_str(&format!("<{tag}>x "));
        }
        html.push_str("The Ostren Guard held the bridge.");
        for _ in 0..depth {
            html.push_str(&format!("</{tag}>"));
        }
        html.push_str("</body></html>");
        let t = Instant::now();
        let r = read_bytes(Path::new("deep.html"), html.as_bytes(), &opts());
        match r {
            Ok(doc) => assert!(doc.text.contains("Ostren Guard"), "{tag}"),
            // Page headers outside an article are boilerplate.
            Err(e @ ReadError::NoText { .. }) if tag == "header" => {
                assert!(e.to_string().contains("deep.html"))
            }
            Err(e) => panic!("{tag}: {e}"),
        }
        eprintln!("{depth} nested <{tag}>: {:?}", t.elapsed());
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "{tag}: {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn deeply_nested_markdown_does_not_overflow() {
    for md in [
        format!("{}The Ostren Guard.", ">".repeat(50_000)),
        format!("{}The Ostren Guard.", "- ".repeat(20_000)),
        format!(
            "{}The Ostren Guard.{}",
            "*".repeat(30_000),
            "*".repeat(30_000)
        ),
        format!(
            "{}The Ostren Guard.{}",
            "[".repeat(30_000),
            "]".repeat(30_000)
        ),
    ] {
        let t = Instant::now();
        match read_bytes(Path::new("deep.md"), md.as_bytes(), &opts()) {
            Ok(doc) => assert!(
                doc.text.contains("Ostren"),
                "{}",
                &doc.text[..60.min(doc.text.len())]
            ),
            Err(e) => assert!(e.to_string().contains("deep.md"), "{e}"),
        }
        assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    }
}

/// A page whose /Parent is itself and no /Resources: pdf-extract walks the
/// parent chain for inherited resources forever.
fn self_parent_pdf() -> Vec<u8> {
    pdf_of(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".into(),
        stream("BT /F1 18 Tf 72 700 Td (The Vell Circle) Tj ET", ""),
    ])
}

#[test]
fn pdf_page_that_is_its_own_parent() {
    let bytes = self_parent_pdf();
    assert!(bytes.len() < 600, "{}", bytes.len());
    let t = Instant::now();
    let e = read_bytes(Path::new("cycle.pdf"), &bytes, &opts()).unwrap_err();
    assert!(matches!(e, ReadError::Pdf { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains("cycle.pdf") && msg.contains("PDF page tree has a cycle"),
        "{msg}"
    );
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn pdf_form_that_draws_itself() {
    // Form 5 draws /Fm0, which is form 5: pdf-extract recursed until the
    // stack overflowed.
    let bytes = pdf_of(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Fm0 5 0 R >> /Font << /F1 6 0 R >> >> >>".into(),
        stream("BT /F1 18 Tf 72 700 Td (The Vell Circle) Tj ET /Fm0 Do", ""),
        stream("/Fm0 Do", "/Type /XObject /Subtype /Form /BBox [0 0 10 10]"),
        FONT.into(),
    ]);
    let e = read_bytes(Path::new("form.pdf"), &bytes, &opts()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("form.pdf") && msg.contains("cycle"), "{msg}");
    // Two forms drawing each other through their own resources.
    let bytes = pdf_of(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /A 5 0 R >> >> >>".into(),
        stream("/A Do", ""),
        stream("/B Do", "/Subtype /Form /Resources << /XObject << /B 6 0 R >> >>"),
        stream("/A Do", "/Subtype /Form /Resources << /XObject << /A 5 0 R >> >>"),
    ]);
    let msg = read_bytes(Path::new("ab.pdf"), &bytes, &opts())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("ab.pdf") && msg.contains("cycle"), "{msg}");
    // No /Subtype /Form, a name written with an escape, and /Resources that
    // is not a dictionary (pdf-extract then uses the caller's): still drawn
    // by pdf-extract, still a cycle.
    let bytes = pdf_of(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Fm 5 0 R >> >> >>".into(),
        stream("/Fm Do", ""),
        stream("/F#6d Do", "/Resources 7"),
    ]);
    let msg = read_bytes(Path::new("sly.pdf"), &bytes, &opts())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("sly.pdf") && msg.contains("cycle"), "{msg}");
}

#[test]
fn pdf_nested_forms_are_fine_up_to_a_depth() {
    // A chain of 3 forms: text extracted; a chain of 100: refused cleanly.
    let chain = |n: usize| {
        let mut objs: Vec<String> = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".into(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >> >>".into(),
            stream("/X Do", ""),
            FONT.into(),
        ];
        for i in 0..n {
            let id = 6 + i;
            if i + 1 < n {
                objs.push(stream(
                    "/X Do",
                    &format!(
                        "/Subtype /Form /Resources << /XObject << /X {} 0 R >> >>",
                        id + 1
                    ),
                ));
            } else {
                objs.push(stream(
                    "BT /F1 18 Tf 72 700 Td (The Vell Circle held Dorn.) Tj ET",
                    "/Subtype /Form /Resources << /Font << /F1 5 0 R >> >>",
                ));
            }
        }
        pdf_of(&objs)
    };
    let doc = read_bytes(Path::new("ok.pdf"), &chain(3), &opts()).unwrap();
    assert!(doc.text.contains("Vell Circle"), "{}", doc.text);
    let msg = read_bytes(Path::new("deep.pdf"), &chain(100), &opts())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("deep.pdf") && msg.contains("nested 65 deep (more than 64)"),
        "{msg}"
    );
}

#[test]
fn broken_pdfs_are_not_called_empty() {
    // A valid PDF without text: "no text layer", not "empty file".
    let bytes = pdf_of(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".into(),
        stream("0 0 m 10 10 l S", ""),
    ]);
    let msg = read_bytes(Path::new("blank.pdf"), &bytes, &opts())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("blank.pdf") && msg.contains("no text layer"),
        "{msg}"
    );
    assert!(!msg.contains("empty file"), "{msg}");
    // Garbage after the header: a PDF error.
    let msg = read_bytes(Path::new("junk.pdf"), b"%PDF-1.7\n\x01\x02 junk", &opts())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("junk.pdf") && msg.contains("PDF"), "{msg}");
    assert!(!msg.contains("empty file"), "{msg}");
}

#[test]
fn pdf_time_limit_is_reported() {
    // A limit of zero: abandoned at once, reported with the limit.
    let o = ReadOptions {
        pdf_time_limit: Duration::ZERO,
        ..opts()
    };
    let msg = read_bytes(Path::new("slow.pdf"), &self_parent_pdf(), &o)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("slow.pdf"), "{msg}");
}

#[test]
fn one_stray_byte_keeps_utf8_with_a_warning() {
    let mut bytes = "“The Dorn Accord” was signed by the “Vell Circle” and the “Ostren Guard”.\n"
        .repeat(20)
        .into_bytes();
    let at = 500 - 500 % 80 + 3; // inside a line's ASCII text
    bytes.insert(at, 0x96);
    let (doc, warnings) =
        read_bytes_with_warnings(Path::new("stray.txt"), &bytes, &opts()).unwrap();
    assert!(doc.text.contains("“Vell Circle”"), "curly quotes kept");
    assert_eq!(doc.text.matches('\u{FFFD}').count(), 1);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0].to_string();
    assert!(
        w.starts_with("stray.txt: ") && w.contains(&format!("byte offset {at}")),
        "{w}"
    );
    // A clean file: no warning.
    let (_, warnings) =
        read_bytes_with_warnings(Path::new("clean.txt"), "“a” b".as_bytes(), &opts()).unwrap();
    assert!(warnings.is_empty());
    // A Windows-1252 file: decoded as such, and said so.
    let (doc, warnings) = read_bytes_with_warnings(
        Path::new("legacy.txt"),
        b"The \x93Vell Circle\x94 met in the caf\xE9 \x96 in 2019.",
        &opts(),
    )
    .unwrap();
    assert_eq!(doc.text, "The “Vell Circle” met in the café – in 2019.");
    assert!(
        warnings[0].to_string().contains("windows-1252"),
        "{warnings:?}"
    );
}
