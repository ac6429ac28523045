//! Where renderers write: a buffer handed to the sink a megabyte at a time, so the text of
//! a million invoices (hundreds of megabytes) is never in memory at once, and each field is
//! a plain append to a vector rather than a call through `dyn Write`.

use std::io::Write;

/// Text for `sink`, gathered in chunks.
pub(super) struct Out<'w> {
    /// The text not yet handed on.
    pub buf: Vec<u8>,
    sink: &'w mut dyn Write,
}

/// Chunk size: large enough that writes are few, small enough to stay in cache-friendly
/// memory whatever the report's size.
const FLUSH_AT: usize = 1 << 20;

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

    /// Hands on the rest.
    pub fn finish(self) -> std::io::Result<()> {
        self.sink.write_all(&self.buf)?;
        self.sink.flush()
    }
}
