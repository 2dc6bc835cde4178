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
}
