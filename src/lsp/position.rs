//! Byte offsets <-> LSP positions.
//!
//! dun's spans are byte offsets; an LSP position is a line and a column counted in the
//! encoding the client and server agreed on: UTF-16 code units by default, UTF-8 bytes when
//! the client offers `utf-8` (we then prefer it: no conversion, no surprises).

use lsp_types::{Position, PositionEncodingKind, Range};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// Code units of UTF-16 (the protocol's default).
    Utf16,
}

impl Encoding {
    /// The encoding to use, given the encodings the client offers (in its order of
    /// preference): UTF-8 when offered, else the protocol's default UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The protocol's name for it.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Where the lines of a text start, to convert offsets and positions.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of each line's first byte.
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'t> LineIndex<'t> {
    /// The index of `text`, counting columns in `encoding`.
    pub fn new(text: &'t str, encoding: Encoding) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts, encoding }
    }

    /// The position of byte `offset` (clamped to the text, and down to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = crate::source::floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.content_start(line);
        let before = self.text.get(start..offset.max(start)).unwrap_or("");
        Position::new(line as u32, self.width(before))
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, range: std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of `pos`: a column past the line's end means the end of the line, a
    /// line past the last means the end of the text, a column inside a character its start.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&line_start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let start = if pos.line == 0 {
            self.content_start(0)
        } else {
            line_start
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let line = self.text.get(start..end).unwrap_or("");
        let mut width = 0u32;
        for (i, c) in line.char_indices() {
            width += match self.encoding {
                Encoding::Utf8 => c.len_utf8() as u32,
                Encoding::Utf16 => c.len_utf16() as u32,
            };
            if width > pos.character {
                return start + i;
            }
        }
        // The line end itself, `\r` of `\r\n` excluded.
        end - usize::from(line.ends_with('\r'))
    }

    /// The first byte that takes a column on `line`: a byte-order mark takes none.
    fn content_start(&self, line: usize) -> usize {
        let start = self.starts[line];
        if line == 0 && self.text.starts_with('\u{feff}') {
            3
        } else {
            start
        }
    }

    fn width(&self, s: &str) -> u32 {
        match self.encoding {
            Encoding::Utf8 => s.len() as u32,
            Encoding::Utf16 => s.encode_utf16().count() as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ab\nZoë 🍰 x\r\nend";

    #[test]
    fn utf16_counts_code_units() {
        let ix = LineIndex::new(TEXT, Encoding::Utf16);
        let x = TEXT.find('x').unwrap();
        // Z o ë (1 unit) space 🍰 (2 units) space: x is at 7.
        assert_eq!(ix.position(x), Position::new(1, 7));
        assert_eq!(ix.offset(Position::new(1, 7)), x);
        // Inside the surrogate pair: the start of the character.
        assert_eq!(ix.offset(Position::new(1, 5)), TEXT.find('🍰').unwrap());
        // Past the end of a CRLF line: before the `\r`.
        assert_eq!(ix.offset(Position::new(1, 99)), x + 1);
        assert_eq!(ix.offset(Position::new(9, 0)), TEXT.len());
    }

    #[test]
    fn utf8_counts_bytes() {
        let ix = LineIndex::new(TEXT, Encoding::Utf8);
        let x = TEXT.find('x').unwrap();
        // Z o ë(2) space 🍰(4) space: x is at byte 10 of its line.
        assert_eq!(ix.position(x), Position::new(1, 10));
        assert_eq!(ix.offset(Position::new(1, 10)), x);
        assert_eq!(ix.position(TEXT.len()), Position::new(2, 3));
    }

    #[test]
    fn a_bom_takes_no_column() {
        let text = "\u{feff}ab";
        let ix = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(ix.position(4), Position::new(0, 1));
        assert_eq!(ix.offset(Position::new(0, 1)), 4);
    }

    #[test]
    fn utf8_is_preferred_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(Some(&both[..1])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
