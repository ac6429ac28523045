//! Where renderers write: a buffer handed to the sink a megabyte at a time, so the text of
//! a million invoices (hundreds of megabytes) is never in memory at once, and each field is
//! a plain append to a vector rather than a call through `dyn Write`.

use std::io::Write;

/// A row of a report as [`Out::rows`] writes it.
pub(super) trait Row: Sync {
    /// A few loads of what writing the row reads that lies elsewhere in memory (an
    /// invoice's model, plan and ledger), for [`crate::ahead`]; nothing for rows that
    /// hold their own text.
    fn read_ahead(&self) -> u64 {
        0
    }
}

/// Text for `sink`, gathered in chunks.
pub(super) struct Out<'w> {
    /// The text not yet handed on.
    pub buf: Vec<u8>,
    sink: &'w mut dyn Write,
}

/// Chunk size: large enough that writes are few, small enough to stay in cache-friendly
/// memory whatever the report's size.
const FLUSH_AT: usize = 1 << 20;

/// Rows formatted by one core at a time: large enough that starting a chunk costs little,
/// small enough that the window's buffers are few fresh pages (2048 rows, ten megabytes of
/// buffers for JSON: `status --format json` at 100k invoices 1-5% slower).
const ROWS_PER_CHUNK: usize = 1024;

/// Rows formatted before their text is handed on: bounds the text in memory (about
/// five megabytes of JSON) whatever the report's size.
const ROWS_PER_WINDOW: usize = 8 * ROWS_PER_CHUNK;

/// A guess at a row's length, to size each chunk's buffer once.
const ROW_BYTES: usize = 640;

impl<'w> Out<'w> {
    pub fn new(sink: &'w mut dyn Write) -> Out<'w> {
        Out {
            buf: Vec::with_capacity(FLUSH_AT + (1 << 12)),
            sink,
        }
    }

    /// Appends `s`.
    pub fn str(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// After each row: hands the chunk on once it is full.
    pub fn row_done(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.sink.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes `row(buffer, n, item)` for each of `items` (`n` its index), in order: a
    /// window of rows at a time formatted on every core into a buffer per chunk, and the
    /// buffers handed on in order; a report of one chunk is written here directly.
    /// Each block of rows is first read ahead ([`Row::read_ahead`]).
    pub fn rows<T: Row>(&mut self, items: &[T], row: impl Fn(&mut Vec<u8>, usize, &T) + Sync) -> std::io::Result<()> {
        if items.len() <= ROWS_PER_CHUNK {
            for (n, item) in items.iter().enumerate() {
                row(&mut self.buf, n, item);
                self.row_done()?;
            }
            return Ok(());
        }
        self.sink.write_all(&self.buf)?;
        self.buf.clear();
        // The chunks' buffers, made once and used again by every window: a window's fresh
        // buffers were ten megabytes of memory first touched each time.
        let mut buffers: Vec<Vec<u8>> = Vec::new();
        for (w, window) in items.chunks(ROWS_PER_WINDOW).enumerate() {
            let ranges = (0..window.len())
                .step_by(ROWS_PER_CHUNK)
                .map(|at| at..(at + ROWS_PER_CHUNK).min(window.len()));
            buffers.resize_with(ranges.len(), Vec::new);
            let work: Vec<_> = ranges.zip(std::mem::take(&mut buffers)).collect();
            buffers = crate::par::map_owned(work, |_, (range, mut b)| {
                b.clear();
                b.reserve(range.len() * ROW_BYTES);
                let first = w * ROWS_PER_WINDOW + range.start;
                crate::ahead::each(&window[range], T::read_ahead, |k, item| row(&mut b, first + k, item));
                b
            });
            for b in &buffers {
                self.sink.write_all(b)?;
            }
        }
        Ok(())
    }

    /// Hands on the rest.
    pub fn finish(self) -> std::io::Result<()> {
        self.sink.write_all(&self.buf)?;
        self.sink.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Row for usize {}

    #[test]
    fn rows_come_in_order_with_their_index_across_chunks_and_windows() {
        let lens = [0, 1, ROWS_PER_CHUNK, ROWS_PER_CHUNK + 1, 2 * ROWS_PER_WINDOW + 3];
        for len in lens {
            let items: Vec<usize> = (0..len).map(|i| i * 3).collect();
            let mut text = Vec::new();
            let mut o = Out::new(&mut text);
            o.str("[");
            o.rows(&items, |b, n, item| {
                b.extend_from_slice(format!("{n}:{item},").as_bytes())
            })
            .expect("ok: a vector takes every write");
            o.str("]");
            o.finish().expect("ok: a vector takes every write");
            let rows: String = items.iter().enumerate().map(|(n, i)| format!("{n}:{i},")).collect();
            assert_eq!(String::from_utf8(text).ok(), Some(format!("[{rows}]")), "{len} rows");
        }
    }
}
