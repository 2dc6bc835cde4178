//! Reading files of every format and every kind of bad input.

use dossier_read::{collect_paths, read_path, ReadError, ReadOptions};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn opts() -> ReadOptions {
    ReadOptions::default()
}

/// A minimal one-page PDF with `text` in Helvetica, with a correct xref table.
fn tiny_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 72 700 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    dossier_read::testing::pdf_of(&objects)
}

#[test]
fn plain_text_with_title_and_published_option() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "kesh.txt",
        b"The Kesh Brigade: A Profile\r\n\r\nThe brigade was founded in 2015.\r\n",
    );
    let o = ReadOptions {
        published: Some("2022-02".parse().unwrap()),
        source: Some("Ostara Review".into()),
        ..opts()
    };
    let doc = read_path(&p, &o).unwrap();
    assert_eq!(
        doc.text,
        "The Kesh Brigade: A Profile\n\nThe brigade was founded in 2015.\n"
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("The Kesh Brigade: A Profile")
    );
    assert_eq!(
        doc.meta.published.map(|p| p.to_string()).as_deref(),
        Some("2022-02")
    );
    assert_eq!(doc.meta.source.as_deref(), Some("Ostara Review"));
    assert_eq!(
        doc.meta.path.as_deref(),
        Some(p.display().to_string().as_str())
    );
    assert!(doc.meta.id.starts_with("sha256:") && doc.meta.id.len() == 71);
    // Same bytes, same id; one byte more, another id.
    let q = write(
        d.path(),
        "copy.txt",
        b"The Kesh Brigade: A Profile\r\n\r\nThe brigade was founded in 2015.\r\n",
    );
    assert_eq!(read_path(&q, &opts()).unwrap().meta.id, doc.meta.id);
    let r = write(
        d.path(),
        "other.txt",
        b"The Kesh Brigade: A Profile\r\n\r\nThe brigade was founded in 2016.\r\n",
    );
    assert_ne!(read_path(&r, &opts()).unwrap().meta.id, doc.meta.id);
    // No heading-like first line: no title.
    let s = write(d.path(), "s.txt", b"It was founded in 2015.\nIt grew.");
    assert_eq!(read_path(&s, &opts()).unwrap().meta.title, None);
}

#[test]
fn windows_1252_text_is_decoded() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "cp.txt",
        b"The \x93Red Dawn\x94 group met at the caf\xE9 in Dorn\x92s square.\n",
    );
    let doc = read_path(&p, &opts()).unwrap();
    assert_eq!(
        doc.text,
        "The “Red Dawn” group met at the café in Dorn’s square.\n"
    );
}

#[test]
fn utf8_bom_and_utf16() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "bom.txt", "\u{FEFF}Kata’ib of Dorn.".as_bytes());
    assert_eq!(read_path(&p, &opts()).unwrap().text, "Kata’ib of Dorn.");
    let mut b = vec![0xFF, 0xFE];
    b.extend("Zoë’s group.".encode_utf16().flat_map(u16::to_le_bytes));
    let p = write(d.path(), "u16.txt", &b);
    assert_eq!(read_path(&p, &opts()).unwrap().text, "Zoë’s group.");
}

#[test]
fn markdown_front_matter_and_body() {
    let d = tempfile::tempdir().unwrap();
    let md = "---\ntitle: The Kesh Brigade\ndate: 2020-05-01\nsource: Ostara Review\nurl: https://example.org/kesh\nauthor: A. Verr\n---\n\n# Heading\n\nThe brigade was *founded* in 2015\nby Arno Vell.\n\n- Dorn\n- Kesh\n";
    let p = write(d.path(), "k.md", md.as_bytes());
    let o = ReadOptions {
        published: Some("2022".parse().unwrap()),
        ..opts()
    };
    let doc = read_path(&p, &o).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("The Kesh Brigade"));
    assert_eq!(
        doc.meta.published.map(|p| p.to_string()).as_deref(),
        Some("2020-05-01"),
        "metadata wins over the option"
    );
    assert_eq!(doc.meta.source.as_deref(), Some("Ostara Review"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://example.org/kesh"));
    assert_eq!(
        doc.meta.extra.get("author").map(String::as_str),
        Some("A. Verr")
    );
    assert_eq!(
        doc.text,
        "Heading\n\nThe brigade was founded in 2015 by Arno Vell.\n\nDorn\n\nKesh"
    );
    // Without front matter the first heading is the title.
    let p = write(d.path(), "h.markdown", b"# The Dorn Front\n\nText here.");
    let doc = read_path(&p, &opts()).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("The Dorn Front"));
    assert_eq!(doc.meta.published, None);
}

#[test]
fn html_main_content_only() {
    let d = tempfile::tempdir().unwrap();
    let html = r#"<html><head><title>Dorn | News</title><meta name="date" content="March 3, 2021"><script>alert("x")</script></head>
<body><nav>Home | World</nav><header>Site banner</header><div id="sidebar">Popular</div>
<article><h1>Raid in Dorn</h1><p>Fighters of the Kesh Brigade raided Dorn on March 1, 2021. Two people died.</p>
<p>The brigade claimed the raid.</p></article><footer>© News</footer></body></html>"#;
    let p = write(d.path(), "page.HTML", html.as_bytes());
    let doc = read_path(&p, &opts()).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Dorn | News"));
    assert_eq!(
        doc.meta.published.map(|p| p.to_string()).as_deref(),
        Some("2021-03-03")
    );
    assert_eq!(doc.text, "Raid in Dorn\n\nFighters of the Kesh Brigade raided Dorn on March 1, 2021. Two people died.\n\nThe brigade claimed the raid.");
    let p = write(
        d.path(),
        "empty.htm",
        b"<html><body><script>x()</script><nav>menu</nav></body></html>",
    );
    let e = read_path(&p, &opts()).unwrap_err();
    assert!(matches!(e, ReadError::NoText { .. }), "{e:?}");
    assert!(
        e.to_string().contains("empty.htm") && !e.to_string().contains("empty file"),
        "{e}"
    );
}

#[test]
fn pdf_text_and_corrupt_pdf() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "r.pdf",
        &tiny_pdf("The Kesh Brigade was founded in 2015."),
    );
    let doc = read_path(&p, &opts()).unwrap();
    assert!(
        doc.text.contains("Kesh Brigade was founded in 2015"),
        "{:?}",
        doc.text
    );
    for (name, bytes) in [
        (
            "bad.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage".as_slice(),
        ),
        ("notpdf.pdf", b"hello, not a pdf at all".as_slice()),
        ("trunc.pdf", &tiny_pdf("x")[..60]),
    ] {
        let p = write(d.path(), name, bytes);
        match read_path(&p, &opts()) {
            Err(e @ ReadError::Pdf { .. }) => assert!(e.to_string().contains(name), "{e}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn bad_inputs_give_clean_errors() {
    let d = tempfile::tempdir().unwrap();
    let bin = write(
        d.path(),
        "x.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00binary",
    );
    let e = read_path(&bin, &opts()).unwrap_err();
    assert!(matches!(e, ReadError::Binary { .. }), "{e:?}");
    assert!(e.to_string().contains("x.txt") && e.to_string().contains("binary"));
    let empty = write(d.path(), "e.txt", b"");
    assert!(matches!(
        read_path(&empty, &opts()),
        Err(ReadError::Empty { .. })
    ));
    let blank = write(d.path(), "w.md", b"  \n\n\t \n");
    assert!(matches!(
        read_path(&blank, &opts()),
        Err(ReadError::Empty { .. })
    ));
    let missing = d.path().join("nope.txt");
    let e = read_path(&missing, &opts()).unwrap_err();
    assert!(matches!(e, ReadError::NotFound { .. }));
    assert!(e.to_string().contains("nope.txt"));
    assert!(matches!(
        read_path(d.path(), &opts()),
        Err(ReadError::IsDirectory { .. })
    ));
    let big = write(d.path(), "big.txt", &[b'a'; 2000]);
    let e = read_path(
        &big,
        &ReadOptions {
            max_bytes: 1000,
            ..opts()
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            ReadError::TooLarge {
                size: 2000,
                limit: 1000,
                ..
            }
        ),
        "{e:?}"
    );
    // Unknown extensions: text is read, binary is unsupported.
    let log = write(d.path(), "notes.log", b"The Dorn Front met in 2019.");
    assert_eq!(
        read_path(&log, &opts()).unwrap().text,
        "The Dorn Front met in 2019."
    );
    let zip = write(
        d.path(),
        "a.docx",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    );
    assert!(matches!(
        read_path(&zip, &opts()),
        Err(ReadError::Unsupported { .. })
    ));
}

#[test]
fn collect_paths_walks_directories() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    write(root, "b.txt", b"b");
    write(root, "a.md", b"a");
    write(root, "sub/c.html", b"c");
    write(root, "sub/d.PDF", b"d");
    write(root, "sub/skip.jpg", b"x");
    write(root, ".hidden.txt", b"h");
    write(root, ".git/e.txt", b"e");
    let single = write(root, "other/z.log", b"z");
    let missing = root.join("missing");
    let (files, errors) = collect_paths(&[root.to_path_buf(), single.clone(), missing.clone()]);
    let rel: Vec<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        rel,
        ["a.md", "b.txt", "sub/c.html", "sub/d.PDF", "other/z.log"]
    );
    assert_eq!(errors.len(), 1);
    assert!(matches!(&errors[0], ReadError::NotFound { path } if *path == missing));
}

#[test]
fn sample_report() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample-report.txt");
    assert!(p.is_file(), "tracked fixture {} is missing", p.display());
    let doc = read_path(
        &p,
        &ReadOptions {
            published: Some("2022-02".parse().unwrap()),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Husseini’yon: A Profile of the Iranian-backed Militia Threatening Azerbaijan")
    );
    assert_eq!(doc.meta.source.as_deref(), Some("Terrorism Monitor"));
    assert_eq!(
        doc.meta.published.map(|p| p.to_string()).as_deref(),
        Some("2022-02")
    );
    assert_eq!(doc.text, std::fs::read_to_string(&p).unwrap());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Arbitrary bytes under every extension: an error or a document, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400), ext in 0usize..7) {
        let name = ["a.txt", "a.md", "a.html", "a.pdf", "a.xyz", "a", "a.htm"][ext];
        let mut b = bytes;
        if ext == 3 {
            let mut pdf = b"%PDF-1.4\n".to_vec();
            pdf.extend(b);
            b = pdf;
        }
        match dossier_read::read_bytes(Path::new(name), &b, &opts()) {
            Ok(doc) => proptest::prop_assert!(!doc.text.trim().is_empty() && !doc.text.contains('\r')),
            Err(e) => proptest::prop_assert!(e.to_string().contains(name)),
        }
    }
}
