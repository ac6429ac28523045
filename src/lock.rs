//! One writer at a time: the commands that write (`run`, `done`, `fmt`) hold an exclusive
//! lock on a file, `.git/dun.lock` in a git repository, else `.dun.lock` beside the journal.
//!
//! The lock is an OS file lock ([`std::fs::File::try_lock`]), so it dies with its process,
//! however that process ends. The file itself stays; while locked it holds who locked it
//! (pid, host, start time, command), so a second writer can say who is in the way. When a
//! holder ends normally it empties the file; a file that is not empty but no longer locked
//! was left by a process that died mid-write: it is *stale*, and the next writer takes it
//! over and says so (see docs/robustness.md for what such a run may have left behind).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Who holds (or held) a lock, as written into the lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Process id.
    pub pid: u32,
    /// Host name.
    pub host: String,
    /// When the lock was taken (RFC 3339, UTC).
    pub started: String,
    /// What it was doing, e.g. `dun run`.
    pub command: String,
}

impl Holder {
    /// This process, about to run `command`.
    pub fn me(command: &str) -> Holder {
        Holder {
            pid: std::process::id(),
            host: hostname(),
            started: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            command: command.to_string(),
        }
    }

    /// The lock file's text: `key: value` lines.
    fn to_text(&self) -> String {
        format!(
            "pid: {}\nhost: {}\nstarted: {}\ncommand: {}\n",
            self.pid, self.host, self.started, self.command
        )
    }

    /// Reads a lock file's text; `None` if it is empty or not in that form.
    fn parse(text: &str) -> Option<Holder> {
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
                .map(str::to_string)
        };
        Some(Holder {
            pid: field("pid")?.parse().ok()?,
            host: field("host").unwrap_or_default(),
            started: field("started").unwrap_or_default(),
            command: field("command").unwrap_or_default(),
        })
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` (pid {} on {}, started {})",
            self.command, self.pid, self.host, self.started
        )
    }
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it (`None` if it has not written its name yet).
    Held(PathBuf, Option<Holder>),
    /// The lock file cannot be created, read or written.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held(path, Some(h)) => write!(
                f,
                "another dun is writing to this journal: {h} holds `{}`; \
                 wait for it to finish, then try again",
                path.display()
            ),
            LockError::Held(path, None) => write!(
                f,
                "another dun is writing to this journal (it holds `{}`); wait for it to finish, then try again",
                path.display()
            ),
            LockError::Io(path, e) => write!(f, "cannot use the lock file `{}`: {e}", path.display()),
        }
    }
}

impl std::error::Error for LockError {}

/// An exclusive lock, held until dropped. Dropping it empties the file, then unlocks.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
    /// The previous holder, if it died while holding the lock.
    stale: Option<Holder>,
}

impl Lock {
    /// Takes the lock at `path` for `command`, without waiting.
    pub fn acquire(path: &Path, command: &str) -> Result<Lock, LockError> {
        let io = |e| LockError::Io(path.to_path_buf(), e);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = read_holder(&mut file);
                return Err(LockError::Held(path.to_path_buf(), holder));
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let stale = read_holder(&mut file);
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(Holder::me(command).to_text().as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(Lock {
            file,
            path: path.to_path_buf(),
            stale,
        })
    }

    /// The process that held this lock before and died holding it, if any.
    pub fn stale(&self) -> Option<&Holder> {
        self.stale.as_ref()
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Empty means "ended normally"; the OS lock goes with the file handle.
        let _ = self.file.set_len(0);
        let _ = self.file.sync_all();
        let _ = self.file.unlock();
    }
}

/// The holder written in a lock file, if any.
fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    Holder::parse(&text)
}

/// Where the lock of a journal lives: in the git directory of its repository, else beside
/// the journal.
pub fn lock_path(git_dir: Option<&Path>, journal_dir: &Path) -> PathBuf {
    match git_dir {
        Some(dir) => dir.join("dun.lock"),
        None => journal_dir.join(".dun.lock"),
    }
}

/// This machine's name, as far as the standard library and the OS tell it.
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown host".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_and_named() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("dun.lock");
        let first = Lock::acquire(&path, "dun run").unwrap();
        assert!(first.stale().is_none());
        match Lock::acquire(&path, "dun fmt") {
            Err(LockError::Held(_, Some(h))) => {
                assert_eq!(h.pid, std::process::id());
                assert_eq!(h.command, "dun run");
            }
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert_eq!(std::fs::read(&path).unwrap(), b"", "a clean release empties the file");
        let again = Lock::acquire(&path, "dun fmt").unwrap();
        assert!(again.stale().is_none());
    }

    #[test]
    fn a_file_left_by_a_dead_holder_is_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("dun.lock");
        std::fs::write(
            &path,
            "pid: 4242\nhost: h\nstarted: 2026-11-23T10:00:00Z\ncommand: dun run\n",
        )
        .unwrap();
        let lock = Lock::acquire(&path, "dun run").unwrap();
        let stale = lock.stale().unwrap();
        assert_eq!((stale.pid, stale.host.as_str()), (4242, "h"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(&format!("pid: {}\n", std::process::id())), "{text}");
    }
}
