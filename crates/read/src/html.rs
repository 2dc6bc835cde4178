//! HTML to plain text: main content only, with metadata from `<meta>` tags.

use crate::markdown::tidy;
use crate::meta::{to_edtf, FileMeta};
use scraper::{ElementRef, Html, Node, Selector};

/// Elements whose content is never part of the main text.
const DROP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg",
    "canvas", "button", "select", "input", "textarea", "object", "embed", "head", "menu", "dialog",
    "video", "audio", "map", "picture", "img",
];

/// Block-level elements: separated by blank lines in the output.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "address",
    "hr",
    "header",
    "details",
    "summary",
    "body",
    "center",
];

/// Class or id words that mark boilerplate containers.
const BOILER: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "sidebar",
    "footer",
    "site-footer",
    "site-header",
    "masthead",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "cookie-banner",
    "share",
    "sharing",
    "social",
    "social-share",
    "advert",
    "advertisement",
    "ads",
    "ad-slot",
    "related",
    "related-posts",
    "comments",
    "newsletter",
    "subscribe",
    "skip-link",
    "banner",
    "popup",
    "modal",
];

fn sel(s: &str) -> Selector {
    // The selectors below are constants and parse; a failure would be a bug caught by tests.
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").expect("universal selector"))
}

/// Extracts the main text and metadata of an HTML document.
pub(crate) fn html_to_text(src: &str) -> (String, FileMeta) {
    let doc = Html::parse_document(src);
    let mut meta = FileMeta::default();
    // <meta property|name=… content=…>
    for m in doc.select(&sel("meta[content]")) {
        let v = m.value();
        let key = v
            .attr("property")
            .or_else(|| v.attr("name"))
            .or_else(|| v.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, v.attr("content")) {
            let k = k.to_lowercase();
            match k.as_str() {
                "og:title" | "twitter:title" | "dc.title" | "citation_title" => {
                    if meta.title.is_none() && !c.trim().is_empty() {
                        meta.title = Some(collapse(c));
                    }
                }
                "description" | "og:description" | "author" | "keywords" | "og:type"
                | "article:author" | "article:section" => {
                    meta.extra
                        .entry(k.replace(':', "_"))
                        .or_insert_with(|| collapse(c));
                }
                _ => meta.set(&k, c),
            }
        }
    }
    if meta.title.is_none() {
        if let Some(t) = doc.select(&sel("title")).next() {
            let t = collapse(&t.text().collect::<String>());
            if !t.is_empty() {
                meta.title = Some(t);
            }
        }
    }
    if meta.url.is_none() {
        if let Some(l) = doc.select(&sel("link[rel=canonical][href]")).next() {
            meta.url = l.value().attr("href").map(str::to_string);
        }
    }
    if meta.published.is_none() {
        for t in doc.select(&sel("time[datetime]")) {
            if let Some(d) = t.value().attr("datetime").and_then(to_edtf) {
                meta.published = Some(d);
                break;
            }
        }
    }
    // The main content: the largest <article>, else <main> / [role=main], else <body>.
    let text_len = |e: &ElementRef| e.text().map(|t| t.trim().len()).sum::<usize>();
    let root = doc
        .select(&sel("article"))
        .max_by_key(text_len)
        .filter(|a| text_len(a) > 200)
        .or_else(|| doc.select(&sel("main, [role=main]")).max_by_key(text_len))
        .or_else(|| doc.select(&sel("body")).next())
        .unwrap_or_else(|| doc.root_element());
    let mut out = String::with_capacity(src.len() / 2);
    walk(root, &mut out, false, true);
    (tidy(&out), meta)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_boilerplate(e: &ElementRef, is_root: bool) -> bool {
    let v = e.value();
    let name = v.name();
    if DROP.contains(&name) {
        return true;
    }
    if name == "header" && !is_root {
        // Page headers go; an article's own header (inside the chosen root) keeps its headline.
        let inside_article = e
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "article" | "main"));
        if !inside_article {
            return true;
        }
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = v.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = v.attr("role") {
        if matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "search" | "dialog"
        ) {
            return true;
        }
    }
    if is_root {
        return false;
    }
    let words = v
        .attr("class")
        .into_iter()
        .chain(v.attr("id"))
        .flat_map(|s| s.split_whitespace());
    for w in words {
        let w = w.to_lowercase();
        if BOILER.contains(&w.as_str()) {
            return true;
        }
    }
    false
}

fn walk(e: ElementRef, out: &mut String, pre: bool, is_root: bool) {
    if is_boilerplate(&e, is_root) {
        return;
    }
    let name = e.value().name();
    let block = BLOCKS.contains(&name);
    let pre = pre || name == "pre";
    if block {
        block_break(out);
    }
    for child in e.children() {
        match child.value() {
            Node::Text(t) => {
                if pre {
                    out.push_str(t);
                } else {
                    let mut prev_space = out.is_empty() || out.ends_with([' ', '\n']);
                    for c in t.chars() {
                        if c.is_whitespace() {
                            if !prev_space {
                                out.push(' ');
                            }
                            prev_space = true;
                        } else {
                            out.push(c);
                            prev_space = false;
                        }
                    }
                }
            }
            Node::Element(el) => {
                if el.name() == "br" {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                } else if let Some(ce) = ElementRef::wrap(child) {
                    if matches!(el.name(), "td" | "th")
                        && !out.ends_with([' ', '\n'])
                        && !out.is_empty()
                    {
                        out.push(' ');
                    }
                    walk(ce, out, pre, false);
                }
            }
            _ => {}
        }
    }
    if block {
        block_break(out);
    }
}

fn block_break(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if out.is_empty() || out.ends_with("\n\n") {
        return;
    }
    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Kesh Brigade | Ostara Review</title>
<meta property="og:title" content="The Kesh Brigade: A Profile">
<meta property="article:published_time" content="2020-05-01T08:00:00+00:00">
<meta property="og:site_name" content="Ostara Review">
<link rel="canonical" href="https://example.org/kesh">
<style>p { color: red }</style><script>var x = "script text";</script>
</head><body>
<header class="site-header"><a href="/">Home</a> <a href="/about">About</a></header>
<nav><ul><li>Menu item</li></ul></nav>
<div class="cookie-banner">We use cookies.</div>
<main><article>
<header><h1>The Kesh Brigade</h1></header>
<p>The Kesh Brigade was founded in 2015 by <b>Arno Vell</b>, a cleric from Dorn.
It has about 40 members.</p>
<aside>Read also: other things</aside>
<p>Its leader was arrested in 2019.<br>He was released.</p>
<div class="share">Share on social media</div>
<table><tr><td>Founded</td><td>2015</td></tr></table>
</article></main>
<footer>Copyright Ostara Review</footer>
<script>tracking()</script>
</body></html>"#;

    #[test]
    fn main_content_and_meta() {
        let (text, meta) = html_to_text(PAGE);
        assert_eq!(meta.title.as_deref(), Some("The Kesh Brigade: A Profile"));
        assert_eq!(meta.published.as_deref(), Some("2020-05-01"));
        assert_eq!(meta.source.as_deref(), Some("Ostara Review"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/kesh"));
        assert_eq!(
            text,
            "The Kesh Brigade\n\nThe Kesh Brigade was founded in 2015 by Arno Vell, a cleric from Dorn. It has about 40 members.\n\nIts leader was arrested in 2019.\nHe was released.\n\nFounded 2015"
        );
        for bad in [
            "script text",
            "Menu item",
            "cookies",
            "Read also",
            "Share on",
            "Copyright",
            "Home",
            "color",
            "tracking",
        ] {
            assert!(!text.contains(bad), "{bad} in {text}");
        }
    }

    #[test]
    fn fallbacks() {
        let (text, meta) = html_to_text("<html><head><title> A  Page </title></head><body><p>One.</p><p>Two <time datetime=\"2019-03-02\">March 2</time>.</p></body></html>");
        assert_eq!(meta.title.as_deref(), Some("A Page"));
        assert_eq!(meta.published.as_deref(), Some("2019-03-02"));
        assert_eq!(text, "One.\n\nTwo March 2.");
        let (text, _) = html_to_text("just <i>text</i> &amp; more");
        assert_eq!(text, "just text & more");
    }
}
