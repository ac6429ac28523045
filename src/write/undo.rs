//! Undoing a run's writes: the files it created are removed (with the directories it
//! created for them), the files it replaced get their original bytes back. Used so that a
//! failure at any step of `dun run` leaves the work tree as it was.

use std::io;
use std::path::{Path, PathBuf};

use crate::write::atomic_write;

/// What a run wrote so far, and how to take it back.
#[derive(Debug, Default)]
pub struct Undo {
    /// Files created, in order.
    created: Vec<PathBuf>,
    /// Directories created, outermost first.
    dirs: Vec<PathBuf>,
    /// Files replaced, with their original bytes.
    replaced: Vec<(PathBuf, Vec<u8>)>,
}

impl Undo {
    /// Nothing written yet.
    pub fn new() -> Undo {
        Undo::default()
    }

    /// Writes `bytes` to `path` atomically, creating missing directories; remembers what to undo.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.create_dirs(parent)?;
        }
        match std::fs::read(path) {
            Ok(old) => self.replaced.push((path.to_path_buf(), old)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => self.created.push(path.to_path_buf()),
            Err(e) => return Err(e),
        }
        atomic_write(path, bytes)
    }

    /// Remembers the current bytes of `path`, which the caller is about to replace.
    pub fn keep(&mut self, path: &Path) -> io::Result<()> {
        let old = std::fs::read(path)?;
        self.replaced.push((path.to_path_buf(), old));
        Ok(())
    }

    /// Creates `dir` and its missing ancestors, remembering which ones were created.
    fn create_dirs(&mut self, dir: &Path) -> io::Result<()> {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir)?;
        self.dirs.extend(missing.into_iter().rev());
        Ok(())
    }

    /// Takes everything back, newest first. Returns the problems (empty if all went well).
    pub fn rollback(self) -> Vec<String> {
        let mut problems = Vec::new();
        for (path, bytes) in self.replaced.iter().rev() {
            if let Err(e) = atomic_write(path, bytes) {
                problems.push(format!("cannot restore `{}`: {e}", path.display()));
            }
        }
        for path in self.created.iter().rev() {
            if let Err(e) = std::fs::remove_file(path) {
                problems.push(format!("cannot remove `{}`: {e}", path.display()));
            }
        }
        for dir in self.dirs.iter().rev() {
            // Only if empty: never remove anything the run did not create.
            let _ = std::fs::remove_dir(dir);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_restores_and_removes() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("j.dun");
        std::fs::write(&kept, "old").unwrap();
        let mut undo = Undo::new();
        undo.keep(&kept).unwrap();
        std::fs::write(&kept, "new").unwrap();
        let letter = tmp.path().join("letters/2026-11-23/a.html");
        undo.write(&letter, b"x").unwrap();
        assert!(letter.exists());
        assert!(undo.rollback().is_empty());
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old");
        assert!(!tmp.path().join("letters").exists());
    }
}
