//! What the server knows, shared by the message loop and the analysis thread: the open
//! documents, which project each belongs to, and each project's latest analysis.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::analysis::Analysis;
use super::overlay::Overlay;
use crate::project::Paths;

/// An open document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The text as the editor has it (shared with analyses in progress).
    pub text: Arc<String>,
    /// The editor's version of it.
    pub version: i32,
    /// The journal of the project it belongs to.
    pub journal: PathBuf,
}

/// The server's state.
#[derive(Debug, Default)]
pub struct State {
    /// Open documents by path.
    pub docs: HashMap<PathBuf, Doc>,
    /// Each project's files, by its journal.
    pub projects: HashMap<PathBuf, Paths>,
    /// Each project's latest analysis, by its journal.
    pub analyses: HashMap<PathBuf, Arc<Analysis>>,
}

/// The state behind a lock.
#[derive(Debug, Clone, Default)]
pub struct Shared(Arc<Mutex<State>>);

impl Shared {
    /// The state, locked. A panic while it was held leaves data that is still usable (every
    /// update is a single insert or remove), so a poisoned lock is taken over.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    /// The open documents as files, and the version of each.
    pub fn overlay(&self) -> (Overlay, HashMap<PathBuf, i32>) {
        let overlay = Overlay::new(self.docs.iter().map(|(p, d)| (p.clone(), d.text.clone())));
        let versions = self.docs.iter().map(|(p, d)| (p.clone(), d.version)).collect();
        (overlay, versions)
    }

    /// The latest analysis of the project of the open document `path`.
    pub fn analysis_of(&self, path: &Path) -> Option<Arc<Analysis>> {
        let doc = self.docs.get(path)?;
        self.analyses.get(&doc.journal).cloned()
    }
}
