//! The unsaved text of the editor's open documents, laid over the files on disk: another
//! [`Files`], so the project is opened exactly as `dun check` opens it, only with what the
//! user sees in the editor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::load::{normalize, Files, FsFiles, Unreadable};

/// The open documents: path -> text. Paths are absolute and normalised.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    docs: HashMap<PathBuf, Arc<String>>,
}

impl Overlay {
    /// The documents of `docs`.
    pub fn new(docs: impl IntoIterator<Item = (PathBuf, Arc<String>)>) -> Overlay {
        Overlay {
            docs: docs.into_iter().map(|(p, t)| (normalize(&p), t)).collect(),
        }
    }
}

impl Files for Overlay {
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
        match self.docs.get(&normalize(path)) {
            Some(text) if text.len() as u64 > limit => Err(Unreadable::TooLarge(limit)),
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => FsFiles.read(path, limit),
        }
    }

    /// The files on disk that match, and the open documents that match but are not saved yet.
    fn glob(&self, pattern: &Path) -> Result<Vec<PathBuf>, Unreadable> {
        let mut found = FsFiles.glob(pattern)?;
        let matcher =
            glob::Pattern::new(pattern.to_str().unwrap_or("")).map_err(|e| Unreadable::BadPattern(e.to_string()))?;
        let options = glob::MatchOptions {
            require_literal_separator: true,
            ..glob::MatchOptions::new()
        };
        for path in self.docs.keys() {
            if matcher.matches_path_with(path, options) && !found.iter().any(|f| normalize(f) == *path) {
                found.push(path.clone());
            }
        }
        found.sort();
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_documents_win_over_the_disk_and_join_globs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.dun"), "disk").unwrap();
        let unsaved = dir.path().join("b.dun");
        let overlay = Overlay::new([
            (dir.path().join("./a.dun"), Arc::new("buffer".to_string())),
            (unsaved.clone(), Arc::default()),
        ]);
        assert_eq!(overlay.read(&dir.path().join("a.dun"), 100).unwrap(), b"buffer");
        assert!(overlay.read(&dir.path().join("a.dun"), 3).is_err());
        let all = overlay.glob(&dir.path().join("*.dun")).unwrap();
        assert_eq!(all, vec![dir.path().join("a.dun"), unsaved]);
    }
}
