//! Escaping user text for the Markdown a letter body is written in.
//!
//! Body templates are Markdown; a customer name or memo inserted into one must stay
//! literal text, never markup: `<script>` must not become HTML, `*` must not start
//! emphasis, `|` must not split a table cell. CommonMark lets any ASCII punctuation be
//! escaped with a backslash; we escape only the characters that can start markup, so
//! `.md` letters stay readable. The Markdown parser removes the backslashes again.

/// Characters that start inline markup anywhere in a line.
const INLINE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~'];
/// Characters that start block markup at the start of a line (`>` always; the others
/// when a blank or the same character follows, as in `# x`, `- x`, `---`, `==`).
const LINE_START: &[char] = &['#', '-', '+', '=', '>'];

/// `s` as literal Markdown text. Line breaks become spaces: one value, one line.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    if let Some(c) = rest.chars().next().filter(|&c| starts_block(c, &rest[c.len_utf8()..])) {
        out.push('\\');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    } else if let Some(n) = ordered_marker(rest) {
        // `1.` or `1)` would start an ordered list.
        out.push_str(&rest[..n]);
        out.push('\\');
        rest = &rest[n..];
    }
    for (i, c) in rest.char_indices() {
        match c {
            '\n' | '\r' => out.push(' '),
            '&' if entity_follows(&rest[i + 1..]) => out.push_str("\\&"),
            c if INLINE.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn starts_block(c: char, after: &str) -> bool {
    let next = after.chars().next();
    LINE_START.contains(&c) && (c == '>' || next.is_none_or(|n| n.is_whitespace() || n == c))
}

/// The length of the digits of a leading `123.` or `123)`.
fn ordered_marker(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && matches!(s.as_bytes().get(digits), Some(b'.' | b')'))).then_some(digits)
}

/// `&amp;`, `&#38;`, `&#x26;`: an entity reference Markdown would decode.
fn entity_follows(s: &str) -> bool {
    let body = s.strip_prefix('#').unwrap_or(s);
    let n = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    n > 0 && body.as_bytes().get(n) == Some(&b';')
}

/// Removes the backslashes [`markdown`] adds, for text the parser does not unescape
/// (code blocks).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = chars
            .peek()
            .is_some_and(|n| INLINE.contains(n) || LINE_START.contains(n) || matches!(n, '&' | '.' | ')'));
        if c == '\\' && escaped {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_only() {
        assert_eq!(markdown("ACME B.V."), "ACME B.V.");
        assert_eq!(markdown("Harbor & Pine"), "Harbor & Pine");
        assert_eq!(markdown("a &amp; b"), "a \\&amp; b");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(markdown("*x* | _y_"), "\\*x\\* \\| \\_y\\_");
        assert_eq!(markdown("# 12"), "\\# 12");
        assert_eq!(markdown("+31 20"), "+31 20");
        assert_eq!(markdown("- x"), "\\- x");
        assert_eq!(markdown("---"), "\\---");
        assert_eq!(markdown("12. Street"), "12\\. Street");
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(markdown("é-"), "é-");
    }

    #[test]
    fn unescape_reverses() {
        for s in ["<b>*x*</b> | _y_ \\ ~", "- 1", "12) x", "a &amp; b"] {
            assert_eq!(unescape(&markdown(s)), s);
        }
    }
}
