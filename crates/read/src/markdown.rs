//! Markdown to plain text (pulldown-cmark), blocks separated by blank lines.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Converts Markdown to plain text and returns it with the text of its
/// first top-level heading (a title candidate).
pub(crate) fn markdown_to_text(md: &str) -> (String, Option<String>) {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(md.len());
    let mut first_heading: Option<String> = None;
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut in_code = false;
    // Just after a footnote label: its first paragraph continues the line.
    let mut glue = false;
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    block_break(&mut out);
                    heading = Some((level, String::new()));
                }
                Tag::Paragraph if glue => glue = false,
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::TableRow
                | Tag::TableHead => block_break(&mut out),
                Tag::Item => {
                    block_break(&mut out);
                }
                Tag::CodeBlock(_) => {
                    block_break(&mut out);
                    in_code = true;
                }
                Tag::FootnoteDefinition(label) => {
                    block_break(&mut out);
                    out.push('[');
                    out.push_str(&label);
                    out.push_str("] ");
                    glue = true;
                }
                Tag::TableCell if !out.is_empty() && !out.ends_with(['\n', ' ']) => out.push(' '),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    if let Some((level, text)) = heading.take() {
                        if first_heading.is_none()
                            && level <= HeadingLevel::H2
                            && !text.trim().is_empty()
                        {
                            first_heading = Some(text.trim().to_string());
                        }
                    }
                    block_break(&mut out);
                }
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead => block_break(&mut out),
                TagEnd::CodeBlock => {
                    in_code = false;
                    block_break(&mut out);
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                glue = false;
                if in_code {
                    out.push_str(&t);
                } else {
                    push_text(&mut out, &t);
                }
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::FootnoteReference(label) => {
                out.push('[');
                out.push_str(&label);
                out.push(']');
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Rule => block_break(&mut out),
            Event::InlineMath(t) | Event::DisplayMath(t) => out.push_str(&t),
            Event::Html(_) | Event::InlineHtml(_) | Event::TaskListMarker(_) => {}
        }
    }
    (tidy(&out), first_heading)
}

fn push_text(out: &mut String, t: &str) {
    let mut prev_space = out.ends_with([' ', '\n']);
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
    if out.ends_with('\n') {
        out.push('\n');
    } else {
        out.push_str("\n\n");
    }
}

/// Trims every line, collapses runs of blank lines to one, trims the whole.
pub(crate) fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let l = line.trim_end();
        let l = if l.trim_start().is_empty() { "" } else { l };
        if l.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(l.trim_start_matches([' ', '\u{a0}']).trim_start());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_inline() {
        let md = "# The Kesh Brigade\n\nIt was *founded* in **2015** by\n[Arno Vell](https://x.org).\n\n## Leaders\n\n- Mira Soll\n- Tom Karr\n\n```\ncode line\n```\n\nA note.[^1]\n\n[^1]: The note text.\n";
        let (t, h) = markdown_to_text(md);
        assert_eq!(h.as_deref(), Some("The Kesh Brigade"));
        assert_eq!(
            t,
            "The Kesh Brigade\n\nIt was founded in 2015 by Arno Vell.\n\nLeaders\n\nMira Soll\n\nTom Karr\n\ncode line\n\nA note.[1]\n\n[1] The note text."
        );
    }

    #[test]
    fn html_in_markdown_dropped() {
        let (t, _) = markdown_to_text("Text <span>x</span> here.\n\n<div>\nblock\n</div>\n");
        assert!(t.starts_with("Text x here."), "{t}");
        assert!(!t.contains('<'));
    }
}
