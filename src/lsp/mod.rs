//! `dun lsp`: a Language Server (stdio) for journal and rules files.
//!
//! The editor's unsaved documents are laid over the files on disk ([`overlay`]) and the
//! project is opened exactly as `dun check` opens it, on a thread of its own ([`worker`]),
//! a moment after the last keystroke; the diagnostics of every file of the project are
//! published ([`diagnostics`]). Hover, go to definition and completion read the word under
//! the cursor from the line's shape ([`context`]) and answer from the latest analysis
//! ([`hover`], [`definition`], [`completion`]); [`symbols`] gives the outline and formatting.
//!
//! Built on `lsp-server` (rust-analyzer's synchronous scaffold) and `lsp-types`.

pub mod analysis;
pub mod completion;
pub mod context;
pub mod definition;
pub mod diagnostics;
pub mod hover;
pub mod overlay;
pub mod position;
mod server;
pub mod state;
pub mod symbols;
pub mod templates;
pub mod uri;
mod worker;

use chrono::NaiveDate;

pub use analysis::Analysis;
pub use server::serve;

use crate::project::Paths;

/// How the server was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The journal and rules named on the command line; `None`: each document's own project
    /// (the nearest `journal.dun` at or above it).
    pub paths: Option<Paths>,
    /// The evaluation date; `None`: today, at each analysis.
    pub date: Option<NaiveDate>,
}

/// Why the server stopped with an error.
#[derive(Debug)]
pub enum LspError {
    /// The editor broke the protocol, or the connection failed.
    Protocol(lsp_server::ProtocolError),
    /// The `initialize` request could not be read.
    Initialize(serde_json::Error),
    /// Standard input or output failed.
    Io(std::io::Error),
    /// The editor went away before the session ended.
    Closed,
}

impl std::fmt::Display for LspError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LspError::Protocol(e) => write!(f, "language server protocol error: {e}"),
            LspError::Initialize(e) => write!(f, "cannot read the editor's `initialize` request: {e}"),
            LspError::Io(e) => write!(f, "language server I/O failed: {e}"),
            LspError::Closed => write!(f, "the editor closed the connection"),
        }
    }
}

impl std::error::Error for LspError {}

impl From<lsp_server::ProtocolError> for LspError {
    fn from(e: lsp_server::ProtocolError) -> LspError {
        LspError::Protocol(e)
    }
}

/// Serves the editor on standard input and output until it says `exit`.
pub fn run_stdio(options: &Options) -> Result<(), LspError> {
    let (conn, io) = lsp_server::Connection::stdio();
    let served = serve(&conn, options);
    drop(conn);
    served?;
    io.join().map_err(LspError::Io)
}
