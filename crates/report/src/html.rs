//! Escaping for HTML/XML and Markdown output, and the shared page style.

/// Escapes text for HTML and XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The URL if it may become a link: `http` and `https` only (after
/// trimming; case-insensitive). `javascript:`, `data:`, `file:`, `vbscript:`
/// and anything else stay text.
pub fn http_url(u: &str) -> Option<&str> {
    let u = u.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("http://") && u.len() > 7)
        || (lower.starts_with("https://") && u.len() > 8);
    (ok && !u.chars().any(|c| c.is_control() || c.is_whitespace())).then_some(u)
}

/// A CSV cell neutralized against formula injection (OWASP): a cell
/// starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
/// apostrophe, so a spreadsheet shows it as text instead of evaluating it.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A CSV record with every cell passed through [`csv_cell`].
pub fn csv_row<I, T>(cells: I) -> Vec<String>
where
    I: IntoIterator<Item = T>,
    T: AsRef<str>,
{
    cells
        .into_iter()
        .map(|c| csv_cell(c.as_ref()).into_owned())
        .collect()
}

/// Escapes text so Markdown shows it literally (inline context).
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            // Escape sequences and other controls would reach a terminal.
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Inline CSS of every HTML page (no external assets).
pub const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:1.8rem}\
.meta{color:#555;font-style:italic}ul{padding-left:1.3rem}li{margin:.25rem 0}\
sup a{text-decoration:none;color:#1a5fb4}.notes{font-size:.9rem;color:#333}.notes li:target{background:#fff6c8}\
.figure{overflow-x:auto;border:1px solid #ddd;margin:1rem 0;background:#fcfcfc}\
table{border-collapse:collapse;font-size:.92rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}\
.fuzzy{font-style:italic}code{font-size:.85rem;color:#555}";

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn escapes() {
        assert_eq!(esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(esc("x\u{1}y"), "x y");
        assert_eq!(md("*al-X* [1]"), "\\*al-X\\* \\[1\\]");
    }

    #[test]
    fn only_http_urls_are_links() {
        assert_eq!(
            http_url(" https://example.org/a "),
            Some("https://example.org/a")
        );
        assert_eq!(http_url("HTTP://example.org"), Some("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "//evil.example",
            "https://",
            "https://a b",
            "https://a\u{1b}[2J",
        ] {
            assert_eq!(http_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn csv_cells_neutralized() {
        for bad in [
            "=HYPERLINK(\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_cell(bad), format!("'{bad}"));
        }
        assert_eq!(csv_cell("Dorn"), "Dorn");
        assert_eq!(csv_cell(""), "");
        assert_eq!(
            csv_row(["a", "=b"]),
            vec!["a".to_string(), "'=b".to_string()]
        );
    }
}
