//! Source files and spans: every syntax node points back into the text it came from.
//!
//! A [`Span`] is a file id plus a byte range, so it is small and cheap to copy;
//! line and column are computed only when a diagnostic is rendered.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span over `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        // Files are limited to well under 4 GiB (see `load::MAX_FILE_SIZE`), so offsets fit.
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The byte range as `usize`s, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (relative to where they ran `dun` when possible).
    pub path: PathBuf,
    /// The whole text. A leading BOM is kept in the text and skipped by the parser.
    pub text: String,
}

/// A 1-based line and column (column counted in characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl SourceFile {
    /// Line and column of byte `offset`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text.as_bytes()[..offset];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        // A byte-order mark is invisible: it takes no column.
        let bom = usize::from(line_start == 0 && self.text.starts_with('\u{feff}') && offset >= 3);
        let col = self.text[line_start..offset].chars().count() + 1 - bom;
        LineCol { line, col }
    }

    /// Byte range of the whole line holding `offset`, without its line end.
    pub fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        // The first line starts after a byte-order mark.
        let start = if start == 0 && offset >= 3 && self.text.starts_with('\u{feff}') {
            3
        } else {
            start
        };
        let mut end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// Largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All files read for one evaluation, in load order.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            path: path.into(),
            text,
        });
        id
    }

    /// The file with id `id`.
    ///
    /// # Panics
    /// If `id` was not returned by this map's [`SourceMap::add`] (a programming error).
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        let file = self.file(span.file);
        file.text.get(span.range()).unwrap_or("")
    }

    /// The files in load order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// The id of the file loaded from `path`, if any.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(|i| FileId(i as u32))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file is loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile {
            path: "x".into(),
            text: "ab\ncé d\r\nx".into(),
        };
        assert_eq!(f.line_col(0), LineCol { line: 1, col: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, col: 1 });
        // 'é' is two bytes; 'd' is at byte 7, character column 4.
        assert_eq!(f.line_col(7), LineCol { line: 2, col: 4 });
        assert_eq!(f.line_range(7), 3..8);
        assert_eq!(f.line_col(10), LineCol { line: 3, col: 1 });
    }

    #[test]
    fn a_bom_takes_no_column() {
        let f = SourceFile {
            path: "x".into(),
            text: "\u{feff}ab\n".into(),
        };
        assert_eq!(f.line_col(3), LineCol { line: 1, col: 1 });
        assert_eq!(f.line_col(4), LineCol { line: 1, col: 2 });
        assert_eq!(f.line_range(4), 3..5);
    }
}
