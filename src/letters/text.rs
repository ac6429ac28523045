//! Markdown -> plain text for `.txt` letters: paragraphs wrapped to a width, lists with
//! hanging indents, tables aligned in columns (numbers right-aligned where the table says
//! `---:`), code blocks verbatim. Emphasis markers and inline HTML are dropped; a link keeps
//! its address in parentheses.
//!
//! Amounts carry a no-break space between symbol and number so a line never breaks there;
//! the finished text has plain spaces.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

use super::escape::unescape;

/// The column width of text letters.
pub const WIDTH: usize = 72;

/// `md` as plain text, wrapped to `width` columns.
pub fn to_text(md: &str, width: usize) -> String {
    let mut w = Writer {
        width,
        ..Writer::default()
    };
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        w.event(event);
    }
    w.flush();
    while w.lines.last().is_some_and(|l| l.is_empty()) {
        w.lines.pop();
    }
    let mut out = w.lines.join("\n").replace('\u{a0}', " ");
    out.push('\n');
    out
}

/// One line of Markdown as plain text, unwrapped (for a subject).
pub fn inline_text(md: &str) -> String {
    to_text(md, usize::MAX).trim().replace('\n', " ")
}

#[derive(Default)]
struct Table {
    align: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    head: usize,
}

#[derive(Default)]
struct Writer {
    width: usize,
    lines: Vec<String>,
    buf: String,
    prefix: Vec<String>,
    marker: Option<String>,
    lists: Vec<Option<u64>>,
    table: Option<Table>,
    code: Option<String>,
    links: Vec<String>,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.code.as_mut() {
                Some(code) => code.push_str(&t),
                None => self.buf.push_str(&t),
            },
            Event::Code(t) => self.buf.push_str(&unescape(&t)),
            Event::SoftBreak => self.buf.push(' '),
            Event::HardBreak => self.buf.push('\n'),
            Event::Rule => {
                self.flush();
                let line = format!("{}{}", self.prefix.concat(), "-".repeat(self.width.min(WIDTH)));
                self.lines.push(line);
                self.blank();
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_string(),
                };
                self.prefix.push(" ".repeat(marker.len()));
                self.marker = Some(marker);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.prefix.push("> ".into());
            }
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::Table(align) => {
                self.table = Some(Table {
                    align,
                    ..Table::default()
                })
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.buf.clear(),
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.flush();
                self.blank();
            }
            TagEnd::List(_) => {
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Item => {
                self.flush();
                self.prefix.pop();
                self.marker = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.prefix.pop();
                self.blank();
            }
            TagEnd::CodeBlock => self.code_block(),
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = t.rows.len();
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.buf).trim().to_string();
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Table => self.table(),
            TagEnd::Link => self.link_end(),
            _ => {}
        }
    }

    /// `text (address)`, unless the text already is the address.
    fn link_end(&mut self) {
        let Some(dest) = self.links.pop() else { return };
        let shown = dest.strip_prefix("mailto:").unwrap_or(&dest);
        if !self.buf.ends_with(shown) {
            self.buf.push_str(&format!(" ({shown})"));
        }
    }

    /// The prefixes of the first and the following lines of the current block.
    fn prefixes(&mut self) -> (String, String) {
        let rest = self.prefix.concat();
        let first = match self.marker.take() {
            Some(m) => {
                let outer = self.prefix.len().saturating_sub(1);
                format!("{}{m}", self.prefix[..outer].concat())
            }
            None => rest.clone(),
        };
        (first, rest)
    }

    /// Writes the pending inline text as a wrapped block.
    fn flush(&mut self) {
        if self.buf.trim().is_empty() {
            self.buf.clear();
            return;
        }
        let text = std::mem::take(&mut self.buf);
        let (first, rest) = self.prefixes();
        let mut lead = first;
        for segment in text.split('\n') {
            for line in wrap(segment, self.width, &lead, &rest) {
                self.lines.push(line);
            }
            lead = rest.clone();
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn code_block(&mut self) {
        let code = unescape(&self.code.take().unwrap_or_default());
        let (first, rest) = self.prefixes();
        for (i, line) in code.trim_end_matches('\n').lines().enumerate() {
            let p = if i == 0 { &first } else { &rest };
            self.lines.push(format!("{p}{line}").trim_end().to_string());
        }
        self.blank();
    }

    fn table(&mut self) {
        let Some(t) = self.table.take() else { return };
        let prefix = self.prefix.concat();
        for line in layout_table(&t) {
            self.lines.push(format!("{prefix}{line}").trim_end().to_string());
        }
        self.blank();
    }
}

/// The lines of a table: columns as wide as their widest cell, two spaces apart, a rule
/// under the header.
fn layout_table(t: &Table) -> Vec<String> {
    let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            t.rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let cells: Vec<String> = (0..cols)
            .map(|c| {
                let cell = row.get(c).map_or("", String::as_str);
                align_cell(cell, widths[c], t.align.get(c).copied().unwrap_or(Alignment::None))
            })
            .collect();
        out.push(cells.join("  "));
        if i + 1 == t.head {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            out.push(rule.join("  "));
        }
    }
    out
}

fn align_cell(cell: &str, width: usize, align: Alignment) -> String {
    let fill = width.saturating_sub(cell.chars().count());
    match align {
        Alignment::Right => format!("{}{cell}", " ".repeat(fill)),
        Alignment::Center => format!("{}{cell}{}", " ".repeat(fill / 2), " ".repeat(fill - fill / 2)),
        Alignment::Left | Alignment::None => format!("{cell}{}", " ".repeat(fill)),
    }
}

/// Greedy word wrap: `first` before the first line, `rest` before the others. A word
/// longer than the width gets a line of its own.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split([' ', '\t']).filter(|w| !w.is_empty()) {
        let len = line.chars().count() + usize::from(!empty) + word.chars().count();
        if !empty && len > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_wrap_at_the_width() {
        let md = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
        let text = to_text(md, 30);
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn lists_tables_and_escapes() {
        let md = "Intro **bold** \\<b\\>\n\n- first item\n- second\n\n| A | Amount |\n|---|---:|\n| x \\| y | €\u{a0}1,00 |\n| long name | 10,00 |\n";
        let text = to_text(md, 72);
        assert_eq!(
            text,
            "Intro bold <b>\n\n- first item\n- second\n\nA          Amount\n---------  ------\nx | y      € 1,00\nlong name   10,00\n"
        );
    }

    #[test]
    fn hanging_indent_and_links() {
        let md = "1. a long item that wraps onto the next line\n2. [site](https://x.example)\n";
        let text = to_text(md, 24);
        assert_eq!(
            text,
            "1. a long item that\n   wraps onto the next\n   line\n2. site\n   (https://x.example)\n"
        );
    }

    #[test]
    fn nbsp_keeps_amounts_together() {
        let text = to_text("pay €\u{a0}1.234,56 now", 10);
        assert_eq!(text.replace('\u{a0}', " "), text);
        assert!(text.contains("€ 1.234,56"));
    }
}
