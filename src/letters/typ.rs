//! Markdown -> Typst markup for `.pdf` letters, and user text made literal in Typst.
//!
//! Safe by construction, like [`super::html`]: user text reaches the body Markdown
//! backslash-escaped ([`super::escape`]), so the Markdown parser sees it as text, and every
//! text this converter writes goes through [`markup`], which backslash-escapes each ASCII
//! punctuation character (Typst takes `\` followed by any character as that character).
//! So no customer name or memo can start a Typst expression (`#`), a heading (`=`), a
//! comment (`//`), a label (`<x>`) or a reference (`@x`). Structure (emphasis, lists,
//! tables) is written as Typst function calls (`#strong[...]`, `#table(...)`), which the
//! layout can style with `show` and `set` rules.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::escape::unescape;

/// `s` as literal Typst markup: every ASCII punctuation character except quotes (which
/// Typst turns into typographic quotes) is backslash-escaped; line breaks become spaces.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\'' | '"' => out.push(c),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `s` as a Typst string literal, quotes included (for code: `#set text(lang: "nl")`).
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `md` as Typst markup.
pub fn to_typst(md: &str) -> String {
    let mut w = Writer::default();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        w.event(event);
    }
    w.out.trim_end().to_string() + "\n"
}

/// One line of Markdown as Typst markup, without a paragraph break (for a subject).
pub fn inline_typst(md: &str) -> String {
    to_typst(md.trim()).trim().to_string()
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Inside a code block: its text, written as one string literal at the end.
    code: Option<String>,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.code.as_mut() {
                Some(code) => code.push_str(&t),
                None => self.out.push_str(&markup(&t)),
            },
            Event::Code(t) => {
                self.out.push_str(&format!("#raw({})", string(&unescape(&t))));
            }
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => self.out.push_str("#line(length: 100%)\n\n"),
            // Inline HTML is dropped, as in text letters; of an image only its alt text
            // (a Text event) is kept: a letter reads no files.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let open = match tag {
            Tag::Paragraph => "",
            Tag::Heading { level, .. } => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.out.push_str(&format!("#heading(level: {n}, outlined: false)["));
                ""
            }
            Tag::BlockQuote(_) => "#quote(block: true)[",
            Tag::CodeBlock(_) => {
                self.code = Some(String::new());
                ""
            }
            Tag::List(Some(start)) => {
                self.out.push_str(&format!("#enum(start: {start}, "));
                ""
            }
            Tag::List(None) => "#list(",
            Tag::Item => "[",
            Tag::Emphasis => "#emph[",
            Tag::Strong => "#strong[",
            Tag::Strikethrough => "#strike[",
            Tag::Link { dest_url, .. } => {
                self.out.push_str(&format!("#link({})[", string(&dest_url)));
                ""
            }
            Tag::Table(align) => {
                self.table_start(&align);
                ""
            }
            Tag::TableHead => "table.header(",
            Tag::TableRow => "",
            Tag::TableCell => "[",
            _ => "",
        };
        self.out.push_str(open);
    }

    fn end(&mut self, tag: TagEnd) {
        let close = match tag {
            TagEnd::Paragraph => "\n\n",
            TagEnd::Heading(_) | TagEnd::BlockQuote(_) => "]\n\n",
            TagEnd::CodeBlock => {
                let code = unescape(&self.code.take().unwrap_or_default());
                let code = code.trim_end_matches('\n');
                self.out.push_str(&format!("#raw(block: true, {})\n\n", string(code)));
                ""
            }
            TagEnd::List(_) => ")\n\n",
            TagEnd::Item => "], ",
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => "]",
            TagEnd::TableHead => "),\n",
            TagEnd::TableRow => "\n",
            TagEnd::TableCell => "], ",
            TagEnd::Table => ")\n\n",
            _ => "",
        };
        // A paragraph inside a list item or table cell needs no break of its own.
        if close == "\n\n" && self.out.ends_with("\n\n") {
            return;
        }
        self.out.push_str(close);
    }

    /// `#table(columns: (...), align: (...),`: text columns share the width left over by
    /// the others (amounts, right-aligned, as wide as their widest cell), so a table spans
    /// the text width.
    fn table_start(&mut self, align: &[Alignment]) {
        let columns: Vec<&str> = align
            .iter()
            .map(|a| match a {
                Alignment::Right | Alignment::Center => "auto",
                Alignment::Left | Alignment::None => "1fr",
            })
            .collect();
        let aligns: Vec<&str> = align
            .iter()
            .map(|a| match a {
                Alignment::Right => "right",
                Alignment::Center => "center",
                Alignment::Left | Alignment::None => "left",
            })
            .collect();
        self.out.push_str(&format!(
            "#table(\n  columns: ({},),\n  align: ({},),\n",
            columns.join(", "),
            aligns.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters::escape::markdown;

    #[test]
    fn markup_escapes_every_trigger() {
        assert_eq!(markup("ACME B.V."), "ACME B\\.V\\.");
        assert_eq!(
            markup("#set page(width: 1pt) = x // y <l> @r $m$ *b* _i_ `c` [a] \\"),
            "\\#set page\\(width\\: 1pt\\) \\= x \\/\\/ y \\<l\\> \\@r \\$m\\$ \\*b\\* \\_i\\_ \\`c\\` \\[a\\] \\\\"
        );
        assert_eq!(markup("l'Oréal \"x\"\nz"), "l'Oréal \"x\" z");
    }

    #[test]
    fn strings_are_literals() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn user_text_stays_text() {
        let name = markdown("#import \"x\": * // <a> @b");
        let typ = to_typst(&format!("Dear {name},\n\n`{name}`\n"));
        assert!(
            typ.starts_with("Dear \\#import \"x\"\\: \\* \\/\\/ \\<a\\> \\@b\\,"),
            "{typ}"
        );
        assert!(typ.contains("#raw(\"#import \\\"x\\\": * // <a> @b\")"), "{typ}");
    }

    #[test]
    fn structure_becomes_calls() {
        let typ = to_typst("Pay **€\u{a0}12** by *Monday*.\n\n- one\n- two\n\n| A | B |\n|---|--:|\n| x | 1 |\n");
        assert_eq!(
            typ,
            "Pay #strong[€\u{a0}12] by #emph[Monday]\\.\n\n#list([one], [two], )\n\n\
             #table(\n  columns: (1fr, auto,),\n  align: (left, right,),\ntable.header([A], [B], ),\n[x], [1], \n)\n"
        );
        assert_eq!(inline_typst("Invoice **42**"), "Invoice #strong[42]");
    }
}
