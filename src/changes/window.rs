//! The part of two versions of a journal file that differs, widened to whole blocks.
//!
//! Journal files mostly grow at the end, so a commit changes a few blocks of a long file.
//! Blocks before the first differing line and after the last one are byte-identical on both
//! sides and would cancel out in an entry-level comparison; only the blocks in between need
//! to be parsed. The window is chosen so that the same unchanged blocks are left out on both
//! sides: it starts at a block head that lies wholly in the common prefix and ends at a block
//! head that lies wholly in the common suffix.

use std::ops::Range;

/// The byte ranges of `old` and `new`, each from and to a block boundary, outside of which
/// both texts hold the same blocks.
pub fn changed_window(old: &[u8], new: &[u8]) -> (Range<usize>, Range<usize>) {
    let p = common_prefix(old, new);
    let room = old.len().min(new.len()) - p;
    let s = common_suffix(&old[p..], &new[p..]).min(room);
    let start = head_before(old, line_start(old, p));
    (start..end(old, s), start..end(new, s))
}

/// Length of the common prefix, compared in chunks first.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the common suffix.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[a.len() - i - CHUNK..a.len() - i] == b[b.len() - i - CHUNK..b.len() - i] {
        i += CHUNK;
    }
    while i < n && a[a.len() - 1 - i] == b[b.len() - 1 - i] {
        i += 1;
    }
    i
}

/// The start of the line holding byte `at`.
fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at.min(text.len())]).map_or(0, |i| i + 1)
}

/// True if a line starting at `at` is a block head: its first byte is neither indentation,
/// a comment, nor a line end (which is all `lines::blocks` looks at).
fn is_head(text: &[u8], at: usize) -> bool {
    text.get(at)
        .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'#'))
}

/// The last block head that starts strictly before `limit` (a line start), or 0.
fn head_before(text: &[u8], limit: usize) -> usize {
    let mut end = limit;
    while end > 0 {
        let start = line_start(text, end - 1);
        if is_head(text, start) {
            return start;
        }
        end = start;
    }
    0
}

/// Where the window ends on a side whose last `s` bytes are common: the first block head of a
/// line that lies wholly in the common suffix, or the text's end.
fn end(text: &[u8], s: usize) -> usize {
    let len = text.len();
    if s == 0 {
        return len;
    }
    // A line start at or after len - s + 1 follows a newline inside the common suffix.
    let from = len - s;
    let mut at = match memchr::memchr(b'\n', &text[from..]) {
        Some(i) => from + i + 1,
        None => return len,
    };
    while at < len {
        if is_head(text, at) {
            return at;
        }
        at = memchr::memchr(b'\n', &text[at..]).map_or(len, |i| at + i + 1);
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window<'a>(old: &'a str, new: &'a str) -> (&'a str, &'a str) {
        let (a, b) = changed_window(old.as_bytes(), new.as_bytes());
        (&old[a], &new[b])
    }

    #[test]
    fn an_append_takes_the_last_block_and_the_new_one() {
        let old = "a 1\n  x: 1\n\nb 2\n";
        let new = "a 1\n  x: 1\n\nb 2\n\nc 3\n";
        assert_eq!(window(old, new), ("b 2\n", "b 2\n\nc 3\n"));
    }

    #[test]
    fn an_edit_in_the_middle_stops_at_the_next_common_head() {
        let old = "a 1\n\nb 2\n  x: 1\n\nc 3\n\nd 4\n";
        let new = "a 1\n\nb 2\n  x: 2\n\nc 3\n\nd 4\n";
        assert_eq!(window(old, new), ("b 2\n  x: 1\n\n", "b 2\n  x: 2\n\n"));
    }

    #[test]
    fn a_new_body_line_or_head_at_the_boundary_is_inside() {
        let old = "a 1\n\nb 2\n";
        let new = "a 1\n\nb 2\n  memo: x\n";
        assert_eq!(window(old, new), ("b 2\n", "b 2\n  memo: x\n"));
        let (o, n) = window("a 1\nb 2\n", "a 1\n  b 2\n");
        assert_eq!((o, n), ("a 1\nb 2\n", "a 1\n  b 2\n"));
    }

    #[test]
    fn empty_sides() {
        assert_eq!(window("", "a 1\n"), ("", "a 1\n"));
        assert_eq!(window("a 1\n", ""), ("a 1\n", ""));
    }
}
