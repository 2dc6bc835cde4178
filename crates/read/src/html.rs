//! HTML to plain text: main content only, with metadata from `<meta>` tags.

use crate::markdown::tidy;
use crate::meta::{to_edtf, FileMeta};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

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

/// Deepest element nesting passed to the HTML parser (as in browsers:
/// Blink's parser stops nesting at 512). html5ever checks scopes by
/// scanning the stack of open elements, so its cost grows with depth × tags:
/// 30,000 nested `<div>` took 4.6 s and 100,000 took 93 s before the cap.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements that never nest: void elements, and those the parser closes
/// implicitly when a sibling starts (an unclosed `<p>` or `<li>` is common
/// in old pages and is not depth).
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt",
    "rp", "html", "head", "body", "frame", "keygen",
];

/// Elements whose content is raw text (no tags inside).
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Removes the start tags that would nest elements deeper than `max` (and
/// their end tags), with a lexical scan of the tags: text is kept, markup
/// beyond the depth is flattened. Returns `src` untouched when nothing is
/// that deep.
pub(crate) fn cap_depth(src: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let b = src.as_bytes();
    let find = |from: usize, pat: &[u8]| -> Option<usize> {
        b.get(from..)?
            .windows(pat.len())
            .position(|w| w.eq_ignore_ascii_case(pat))
            .map(|p| p + from)
    };
    let mut out: Option<String> = None;
    let mut copied = 0; // src[..copied] is in `out` (or unchanged)
    let mut open: Vec<String> = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while let Some(lt) = b[i..].iter().position(|&c| c == b'<').map(|p| p + i) {
        let mut j = lt + 1;
        if b[j..].starts_with(b"!--") {
            i = find(j + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if matches!(b.get(j), Some(b'!' | b'?')) {
            i = find(j, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let closing = b.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        let name_end = b[j..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
            .map_or(b.len(), |p| p + j);
        if name_end == j || !b[j].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        // The end of the tag: the first '>' outside quotes.
        let mut k = name_end;
        let mut quote = None;
        while k < b.len() {
            match (quote, b[k]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            k += 1;
        }
        if k >= b.len() {
            break;
        }
        let end = k + 1;
        i = end;
        let name = src[j..name_end].to_ascii_lowercase();
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if RAW.contains(&name.as_str()) {
            if !closing {
                let close = format!("</{name}");
                i = find(end, close.as_bytes()).unwrap_or(b.len());
            }
            continue;
        }
        let drop = if closing {
            match dropped.get_mut(&name) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => {
                    if let Some(at) = open.iter().rposition(|o| *o == name) {
                        open.truncate(at);
                    }
                    false
                }
            }
        } else if b[k - 1] == b'/' {
            false
        } else if open.len() >= max {
            *dropped.entry(name).or_default() += 1;
            true
        } else {
            open.push(name);
            false
        };
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(src.len()));
            o.push_str(&src[copied..lt]);
            // A space keeps the words on either side apart.
            o.push(' ');
            copied = end;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&src[copied..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(src),
    }
}

/// Extracts the main text and metadata of an HTML document.
pub(crate) fn html_to_text(src: &str) -> (String, FileMeta) {
    let src = cap_depth(src, MAX_DEPTH);
    let src = src.as_ref();
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
    // Text lengths are summed for every node in one pass over the tree, so
    // nested candidates (30,000 nested <article>s) cost no more than a flat page.
    let lengths = text_lengths(&doc);
    let text_len = |e: &ElementRef| lengths.get(&e.id()).copied().unwrap_or(0);
    let root = doc
        .select(&sel("article"))
        .max_by_key(text_len)
        .filter(|a| text_len(a) > 200)
        .or_else(|| doc.select(&sel("main, [role=main]")).max_by_key(text_len))
        .or_else(|| doc.select(&sel("body")).next())
        .unwrap_or_else(|| doc.root_element());
    let mut out = String::with_capacity(src.len() / 2);
    walk(root, &mut out);
    (tidy(&out), meta)
}

/// The trimmed text length under every node (what `e.text()` summed over
/// its trimmed pieces would give), computed in one iterative pass.
fn text_lengths(doc: &Html) -> HashMap<NodeId, usize> {
    let mut lengths = HashMap::new();
    let mut stack: Vec<usize> = Vec::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(_) => stack.push(0),
            Edge::Close(node) => {
                let mut n = stack.pop().unwrap_or(0);
                if let Node::Text(t) = node.value() {
                    n += t.trim().len();
                }
                if let Some(top) = stack.last_mut() {
                    *top += n;
                }
                if node.value().is_element() {
                    lengths.insert(node.id(), n);
                }
            }
        }
    }
    lengths
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_boilerplate(e: &ElementRef, is_root: bool, inside_article: bool) -> bool {
    let v = e.value();
    let name = v.name();
    if DROP.contains(&name) {
        return true;
    }
    if name == "header" && !is_root {
        // Page headers go; an article's own header (inside the chosen root) keeps its headline.
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

/// One step of the iterative walk: a node to open (with the state it
/// inherits) or the end of a block element.
enum Step<'a> {
    Open {
        node: NodeRef<'a, Node>,
        pre: bool,
        inside_article: bool,
        is_root: bool,
    },
    CloseBlock,
}

/// Appends the text of `root`'s subtree to `out`. The walk keeps its own
/// stack (no recursion), so nesting depth costs heap, not call stack:
/// 50,000 unclosed `<b>` or 30,000 nested `<div>` cannot overflow it.
fn walk(root: ElementRef, out: &mut String) {
    let inside_article = root
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| matches!(a.value().name(), "article" | "main"));
    let mut stack = vec![Step::Open {
        node: *root,
        pre: false,
        inside_article,
        is_root: true,
    }];
    while let Some(step) = stack.pop() {
        let (node, pre, inside_article, is_root) = match step {
            Step::CloseBlock => {
                block_break(out);
                continue;
            }
            Step::Open {
                node,
                pre,
                inside_article,
                is_root,
            } => (node, pre, inside_article, is_root),
        };
        match node.value() {
            Node::Text(t) => push_text(out, t, pre),
            Node::Element(el) => {
                if !is_root && el.name() == "br" {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                    continue;
                }
                let Some(e) = ElementRef::wrap(node) else {
                    continue;
                };
                if !is_root
                    && matches!(el.name(), "td" | "th")
                    && !out.ends_with([' ', '\n'])
                    && !out.is_empty()
                {
                    out.push(' ');
                }
                if is_boilerplate(&e, is_root, inside_article) {
                    continue;
                }
                let name = el.name();
                let block = BLOCKS.contains(&name);
                let pre = pre || name == "pre";
                if block {
                    block_break(out);
                    stack.push(Step::CloseBlock);
                }
                let inside = inside_article || matches!(name, "article" | "main");
                for child in node.children().rev() {
                    if matches!(child.value(), Node::Text(_) | Node::Element(_)) {
                        stack.push(Step::Open {
                            node: child,
                            pre,
                            inside_article: inside,
                            is_root: false,
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

fn push_text(out: &mut String, t: &str, pre: bool) {
    if pre {
        out.push_str(t);
        return;
    }
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
        assert_eq!(
            meta.published.map(|e| e.to_string()).as_deref(),
            Some("2020-05-01")
        );
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
    fn depth_capped_lexically() {
        let deep = format!("{}x{}", "<div>".repeat(5), "</div>".repeat(5));
        // Two opens past the depth and their two closes become spaces.
        assert_eq!(
            cap_depth(&deep, 3),
            "<div><div><div>  x  </div></div></div>"
        );
        // Unclosed paragraphs, void elements, comments and scripts are not depth.
        let flat = "<p>a<p>b<br><img src='>'><!-- <div><div> --><script>'<div><div>'</script><span>c</span>";
        assert!(matches!(cap_depth(flat, 1), std::borrow::Cow::Borrowed(_)));
        // A stray close of an unclosed inner element closes it too.
        let sloppy = "<div><span>a</div><div><span>b</div><div>c</div>";
        assert!(matches!(
            cap_depth(sloppy, 2),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn fallbacks() {
        let (text, meta) = html_to_text("<html><head><title> A  Page </title></head><body><p>One.</p><p>Two <time datetime=\"2019-03-02\">March 2</time>.</p></body></html>");
        assert_eq!(meta.title.as_deref(), Some("A Page"));
        assert_eq!(
            meta.published.map(|e| e.to_string()).as_deref(),
            Some("2019-03-02")
        );
        assert_eq!(text, "One.\n\nTwo March 2.");
        let (text, _) = html_to_text("just <i>text</i> &amp; more");
        assert_eq!(text, "just text & more");
    }
}
