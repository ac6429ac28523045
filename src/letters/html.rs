//! Markdown -> HTML for `.html` letters, with `pulldown-cmark`.
//!
//! Safe by construction: user text reaches the Markdown backslash-escaped (see
//! [`super::escape`]), so the parser sees it as literal text, and the HTML writer escapes
//! every text node. Only markup written in the template itself becomes markup.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::escape::unescape;

/// `md` as an HTML fragment.
pub fn to_html(md: &str) -> String {
    let mut in_code = false;
    let events = Parser::new_ext(md, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            in_code = true;
            Event::Start(Tag::CodeBlock(kind))
        }
        Event::End(TagEnd::CodeBlock) => {
            in_code = false;
            Event::End(TagEnd::CodeBlock)
        }
        // The parser leaves backslashes in code as they are; user text there is literal.
        Event::Text(t) if in_code => Event::Text(CowStr::from(unescape(&t))),
        Event::Code(t) => Event::Code(CowStr::from(unescape(&t))),
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// One line of Markdown as inline HTML (no surrounding paragraph), for a subject.
pub fn inline_html(md: &str) -> String {
    let html = to_html(md.trim());
    let html = html.trim_end();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters::escape::markdown;

    #[test]
    fn user_text_is_never_markup() {
        let name = markdown("<script>alert(1)</script> & *co*");
        let html = to_html(&format!("Dear {name},\n\n`{name}`\n"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; *co*"),
            "{html}"
        );
        assert!(html.contains("<code>&lt;script&gt;"), "{html}");
    }

    #[test]
    fn tables_and_inline() {
        let html = to_html("| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert!(html.contains("<td style=\"text-align: right\">2</td>"), "{html}");
        assert_eq!(inline_html("Invoice **42**"), "Invoice <strong>42</strong>");
    }
}
