//! The layer below the grammar: lines, comments, and blocks.
//!
//! Both languages are line-based: a block starts at column 0 and continues with indented
//! lines. Splitting text into lines and blocks is done by hand with `memchr`; the tokens
//! inside a line are parsed with `nom` in [`super::lex`]. (A journal's common blocks skip
//! this layer: `super::fast` reads them straight from the bytes.) A large text is split at
//! block heads ([`parts`]) so its parts parse on several cores.

use std::ops::Range;

/// One physical line, without its line end and without any comment.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Byte offset of the line's first byte in the file.
    pub start: usize,
    /// Byte offset of the first content byte (after indentation).
    pub content_start: usize,
    /// The content: indentation, line end and comment removed, trailing blanks trimmed.
    pub content: &'a str,
    /// True if the line starts with a space or tab.
    pub indented: bool,
    /// The comment, from its `;` or `#` to the end of the line, with its offset.
    pub comment: Option<(usize, &'a str)>,
}

impl Line<'_> {
    /// A line with neither content nor comment.
    pub fn is_blank(&self) -> bool {
        self.content.is_empty() && self.comment.is_none()
    }

    /// A line holding only a comment.
    pub fn is_comment(&self) -> bool {
        self.content.is_empty() && self.comment.is_some()
    }

    /// Offset one past the content.
    pub fn content_end(&self) -> usize {
        self.content_start + self.content.len()
    }
}

/// Iterates over the lines of `text`, skipping a leading BOM; `\n` and `\r\n` ends.
pub fn lines(text: &str) -> Lines<'_> {
    lines_in(text, 0..text.len())
}

/// The lines of `text` in `range`, which starts and ends at line starts (or the text's end).
/// Offsets are the whole text's; a BOM is skipped only at offset 0.
pub fn lines_in(text: &str, range: Range<usize>) -> Lines<'_> {
    let pos = match range.start == 0 && text.starts_with('\u{feff}') {
        true => 3,
        false => range.start,
    };
    Lines {
        text,
        pos,
        end: range.end.min(text.len()),
    }
}

/// Iterator returned by [`lines`].
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.end {
            return None;
        }
        let start = self.pos;
        let rest = &self.text.as_bytes()[start..self.end];
        // One scan finds the line's end and whether it holds a `;` (most lines do not, and
        // then no comment is looked for); an empty line (a third of a journal's) needs none.
        let scan = match rest.first() {
            Some(b'\n') => Some(0),
            _ => memchr::memchr2(b'\n', b';', rest),
        };
        let (end, semicolon) = match scan {
            Some(i) if rest[i] == b';' => (
                memchr::memchr(b'\n', &rest[i..]).map_or(self.end, |j| start + i + j),
                true,
            ),
            Some(i) => (start + i, false),
            None => (self.end, false),
        };
        self.pos = end + 1;
        let mut raw = &self.text[start..end];
        if let Some(stripped) = raw.strip_suffix('\r') {
            raw = stripped;
        }
        Some(split_line(start, raw, semicolon))
    }
}

/// Splits one raw line into indentation, content and comment; a line without a `;`
/// (`semicolon` false) has no ` ;` comment to look for.
fn split_line(start: usize, raw: &str, semicolon: bool) -> Line<'_> {
    // Byte loops: `trim_*_matches` with a set of chars decodes UTF-8, on every line.
    let blank = |b: &u8| matches!(b, b' ' | b'\t');
    let indent = raw.bytes().take_while(blank).count();
    let body = &raw[indent..];
    let content_start = start + indent;
    // A merge-conflict marker is read as a comment, so both sides' lines stay in their
    // blocks; `conflict::conflicts` reports the conflict.
    let marker = indent == 0 && body.starts_with(['<', '|', '=', '>']) && super::conflict::is_marker(body);
    let (content, comment) = if marker || body.starts_with([';', '#']) {
        ("", Some((content_start, body)))
    } else {
        match semicolon.then(|| comment_start(body)).flatten() {
            Some(i) => (&body[..i], Some((content_start + i, &body[i..]))),
            None => (body, None),
        }
    };
    Line {
        start,
        content_start,
        content: &content[..content.len() - content.bytes().rev().take_while(blank).count()],
        indented: indent > 0,
        comment,
    }
}

/// Offset of a ` ;` comment in a line's content, ignoring `;` inside strings. A string
/// starts only where a token starts, exactly as the tokenizer reads it: at the line start,
/// after a blank, or right after the line's first `:` (a field's `memo:"x"`); a `"` inside a bare word
/// (`a"b`) opens nothing.
fn comment_start(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    // Fast path: most lines hold no `;` at all.
    memchr::memchr(b';', bytes)?;
    let first_colon = memchr::memchr(b':', bytes);
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let after_blank = i == 0 || matches!(bytes[i - 1], b' ' | b'\t') || first_colon == Some(i - 1);
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' if in_string => in_string = false,
            b'"' if after_blank => in_string = true,
            b';' if !in_string && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A block: a head line at column 0 and the indented lines that follow it.
#[derive(Debug, Clone)]
pub struct RawBlock<'a> {
    /// The head line.
    pub head: Line<'a>,
    /// The indented lines with content (comment-only and blank lines are left out).
    pub body: Vec<Line<'a>>,
}

/// An item of a file as the block splitter sees it.
#[derive(Debug, Clone)]
pub enum RawItem<'a> {
    /// A block.
    Block(RawBlock<'a>),
    /// An indented line with content before any block: always an error.
    Stray(Line<'a>),
}

/// Groups lines into blocks, lazily (a file's items are never all held at once). Blank and
/// comment lines never end a block; the next line with content at column 0 does.
pub fn blocks(text: &str) -> Blocks<'_> {
    blocks_in(text, 0..text.len())
}

/// [`blocks`] of the lines in `range` (see [`lines_in`]): with `range` from [`parts`], the
/// blocks of all parts, in order, are the blocks of the whole text.
pub fn blocks_in(text: &str, range: Range<usize>) -> Blocks<'_> {
    Blocks {
        lines: lines_in(text, range).peekable(),
    }
}

/// Splits `text` into consecutive ranges of about `size` bytes, each after the first
/// starting at a block's head line (a line with content at column 0: not blank, not a
/// comment, not a conflict marker), so each part can be parsed on its own and the parts'
/// blocks together are the text's. A part may be longer than `size` (up to the next head);
/// a text no longer than `size` is one part.
pub fn parts(text: &str, size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    let mut out = Vec::with_capacity(text.len() / size + 1);
    let mut start = 0;
    while start < text.len() {
        let end = match start.checked_add(size) {
            Some(at) if at < text.len() => next_head(text, at),
            _ => text.len(),
        };
        out.push(start..end);
        start = end;
    }
    out
}

/// The start of the first head line that starts at or after `from` (`text.len()` if none).
fn next_head(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let after_newline = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
    // A BOM is no part of the first line's content: never split inside or right after it.
    let from = from.max(if text.starts_with('\u{feff}') { 4 } else { 1 });
    let mut pos = match bytes.get(from - 1) {
        Some(b'\n') => from,
        _ => after_newline(from.min(bytes.len())),
    };
    while pos < bytes.len() {
        let next = after_newline(pos);
        let raw = &text[pos..next];
        let raw = raw.strip_suffix('\n').unwrap_or(raw);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = split_line(pos, raw, true);
        if !line.indented && !line.content.is_empty() {
            return pos;
        }
        pos = next;
    }
    bytes.len()
}

/// Iterator returned by [`blocks`].
#[derive(Debug, Clone)]
pub struct Blocks<'a> {
    lines: std::iter::Peekable<Lines<'a>>,
}

impl<'a> Blocks<'a> {
    /// The next item: a block's head line (`Ok`), its body lines put into `body` (emptied
    /// first), or a stray line (`Err`). What [`Iterator::next`] gives, for a caller that
    /// reuses one vector for the bodies of a million blocks.
    pub fn next_into(&mut self, body: &mut Vec<Line<'a>>) -> Option<Result<Line<'a>, Line<'a>>> {
        body.clear();
        let line = self.lines.find(|l| !l.content.is_empty())?;
        if line.indented {
            // A block takes every indented line up to the next head, so this one comes
            // before the first block.
            return Some(Err(line));
        }
        while let Some(next) = self.lines.next_if(|l| l.content.is_empty() || l.indented) {
            if !next.content.is_empty() {
                body.push(next);
            }
        }
        Some(Ok(line))
    }
}

impl Blocks<'_> {
    /// Where the rest starts: the offset of the line after the last item's, `None` at the
    /// end. A parser may read the rest another way, from there.
    pub fn rest_start(&mut self) -> Option<usize> {
        self.lines.peek().map(|l| l.start)
    }
}

impl<'a> Iterator for Blocks<'a> {
    type Item = RawItem<'a>;

    fn next(&mut self) -> Option<RawItem<'a>> {
        let mut body = Vec::new();
        Some(match self.next_into(&mut body)? {
            Ok(head) => RawItem::Block(RawBlock { head, body }),
            Err(line) => RawItem::Stray(line),
        })
    }
}

/// Calls `f` with the offset of each line of `text` with content at column 0, in order:
/// the heads of at most as many blocks. Used to size a part's records once (a large file
/// holds a million blocks: growing by doubling copied them all). `text` may be a part
/// from [`parts`].
pub fn for_each_head(text: &str, mut f: impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let mut head = |at: usize| {
        let found = bytes
            .get(at)
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'#'));
        if found {
            f(at);
        }
    };
    // Eight bytes at a time: a line is some twenty bytes, shorter than a call to `memchr`
    // costs, and a word without a line end costs a few instructions.
    head(0);
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let mut newlines = zero_bytes(word ^ u64::from_ne_bytes([b'\n'; 8]));
        while newlines != 0 {
            head(at + newlines.trailing_zeros() as usize / 8 + 1);
            newlines &= newlines - 1;
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            head(at + i + 1);
        }
    }
}

/// The high bit of each zero byte of `x`, exactly (no carry crosses a byte).
pub(super) fn zero_bytes(x: u64) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW) + LOW) | x | LOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many heads [`for_each_head`] finds.
    fn count_heads(text: &str) -> usize {
        let mut count = 0;
        for_each_head(text, |_| count += 1);
        count
    }

    #[test]
    fn comments_and_strings() {
        let l: Vec<_> = lines("a \"x ; y\" ; c\r\n  ; only\n# hash\nb;c\n").collect();
        assert_eq!(l[0].content, "a \"x ; y\"");
        assert_eq!(l[0].comment.map(|c| c.1), Some("; c"));
        assert!(l[1].is_comment() && l[1].indented);
        assert!(l[2].is_comment());
        assert_eq!(l[3].content, "b;c");
        // A quote inside a bare word opens no string, as in the tokenizer.
        let l: Vec<_> = lines("  email: a\"b ; note\n").collect();
        assert_eq!(l[0].content, "email: a\"b");
    }

    #[test]
    fn bom_and_blocks() {
        let text = "\u{feff}customer a \"A\"\n  kind: business\n\n  ; c\n  email: x\nnext\n";
        let items: Vec<_> = blocks(text).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(count_heads(text), 2);
        match &items[0] {
            RawItem::Block(b) => {
                assert_eq!(b.head.content, "customer a \"A\"");
                assert_eq!(b.head.start, 3);
                assert_eq!(b.body.len(), 2);
            }
            RawItem::Stray(_) => panic!("expected a block"),
        }
    }

    #[test]
    fn strays_come_only_before_the_first_block() {
        let text = "  stray\n; c\n\thead-less\nhead\n  body\n\n  more\r\n# c\nnext\n";
        let items: Vec<_> = blocks(text).collect();
        let shape: Vec<String> = items
            .iter()
            .map(|i| match i {
                RawItem::Stray(l) => format!("stray {}", l.content),
                RawItem::Block(b) => format!("block {} {}", b.head.content, b.body.len()),
            })
            .collect();
        assert_eq!(
            shape,
            ["stray stray", "stray head-less", "block head 2", "block next 0"]
        );
        assert_eq!(count_heads(text), 2);
    }

    #[test]
    fn counts_heads_as_the_lines_say() {
        let kinds = ["head", "  body", "", "; c", "# c", "\r", "\t", "x"];
        // Every length and mix, so heads fall at each place in a word of eight bytes.
        for seed in 0..2000usize {
            let mut text = String::new();
            let mut n = seed;
            for _ in 0..seed % 13 {
                text.push_str(kinds[n % kinds.len()]);
                text.push('\n');
                n = n / 3 + 7 * n % 5;
            }
            if seed % 2 == 0 {
                text.pop();
            }
            let heads = lines(&text).filter(|l| !l.indented && !l.content.is_empty()).count();
            assert_eq!(count_heads(&text), heads, "{text:?}");
        }
    }
}
