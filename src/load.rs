//! Reading a journal and its includes: files -> [`SourceMap`], before any parsing.
//!
//! Files come through the [`Files`] trait so that the same code reads the working tree
//! or (later) a git revision. Includes are found by a cheap scan of `include` lines; the
//! full parse happens afterwards, once every text is loaded and can be borrowed.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::lex::{self, Cursor};
use crate::syntax::lines::lines_in;

/// Largest file `dun` reads: far above any real journal, far below what spans can address.
pub const MAX_FILE_SIZE: u64 = 1 << 30;
/// Deepest include nesting; deeper is almost certainly a mistake (and keeps recursion bounded).
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// Where files are read from.
pub trait Files {
    /// The bytes of the file at `path`, at most `limit` bytes (more is an error).
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable>;
    /// The files matching a glob pattern, sorted.
    fn glob(&self, pattern: &Path) -> Result<Vec<PathBuf>, Unreadable>;
}

/// Why a file could not be read (the words after `cannot read `path`: `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// No such file (in the revision, when one is named).
    NotFound(Option<String>),
    /// Permission denied.
    PermissionDenied,
    /// It is a directory.
    Directory,
    /// A device, pipe or other file that could be endless.
    NotRegular,
    /// Larger than the limit (bytes).
    TooLarge(u64),
    /// Not valid UTF-8.
    NotUtf8,
    /// A symbolic link in a revision (`--at` does not follow them).
    Symlink,
    /// Outside the git work tree (its root).
    OutsideWorkTree(PathBuf),
    /// Not a file in the revision.
    NotAFile(String),
    /// A glob pattern that is not valid UTF-8 or not a pattern.
    BadPattern(String),
    /// Any other I/O or git error, in its own words.
    Other(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::NotFound(None) => f.write_str("no such file"),
            Unreadable::NotFound(Some(rev)) => write!(f, "no such file in revision `{rev}`"),
            Unreadable::PermissionDenied => f.write_str("permission denied"),
            Unreadable::Directory => f.write_str("it is a directory"),
            Unreadable::NotRegular => f.write_str("it is not a regular file"),
            Unreadable::TooLarge(limit) => write!(f, "it is larger than the limit of {limit} bytes"),
            Unreadable::NotUtf8 => f.write_str("it is not valid UTF-8"),
            Unreadable::Symlink => f.write_str("it is a symbolic link, which `--at` does not follow"),
            Unreadable::OutsideWorkTree(root) => write!(f, "it is outside the git work tree `{}`", root.display()),
            Unreadable::NotAFile(rev) => write!(f, "it is not a file in revision `{rev}`"),
            Unreadable::BadPattern(why) | Unreadable::Other(why) => f.write_str(why),
        }
    }
}

/// The working tree.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsFiles;

impl Files for FsFiles {
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
        let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
        let meta = file.metadata().map_err(|e| io_reason(&e))?;
        if meta.is_dir() {
            return Err(Unreadable::Directory);
        }
        if !meta.is_file() {
            // A device or pipe (`/dev/zero`, a FIFO) could be endless: never read one.
            return Err(Unreadable::NotRegular);
        }
        // Sized from the metadata: growing by doubling copied a large file several times.
        let expected = usize::try_from(meta.len().min(limit)).unwrap_or(0);
        let mut bytes = match expected > READ_IN_PARTS_FROM {
            true => read_in_parts(&file, expected, READ_PART),
            false => None,
        }
        .unwrap_or_else(|| Vec::with_capacity(expected.saturating_add(1)));
        // The rest: the whole file when it was not read in parts, else whatever it has grown by.
        (&file)
            .seek(SeekFrom::Start(bytes.len() as u64))
            .and_then(|_| (&file).take(limit + 1 - bytes.len() as u64).read_to_end(&mut bytes))
            .map_err(|e| io_reason(&e))?;
        if bytes.len() as u64 > limit {
            return Err(Unreadable::TooLarge(limit));
        }
        Ok(bytes)
    }

    fn glob(&self, pattern: &Path) -> Result<Vec<PathBuf>, Unreadable> {
        let pattern = pattern
            .to_str()
            .ok_or_else(|| Unreadable::BadPattern("the pattern is not valid UTF-8".into()))?;
        let paths = glob::glob(pattern).map_err(|e| Unreadable::BadPattern(e.to_string()))?;
        let mut out: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
        out.sort();
        Ok(out)
    }
}

/// Bytes of a file read as one piece of work, when it is read in parts on every core: the
/// first touch of a fresh buffer's pages (the kernel zeroes each) is most of the time a
/// large read takes.
const READ_PART: usize = 2 << 20;

/// Files larger than this are read in parts.
const READ_IN_PARTS_FROM: usize = 4 << 20;

/// Buffers larger than this the allocator (mimalloc 2) takes fresh from the system, whose
/// pages are zero already; a smaller one it zeroes itself, on one core, first, which made
/// reading in parts slower than in one piece (12 MB: 9 against 8 ms).
const FRESH_ABOVE: usize = 16 << 20;

/// The first `len` bytes of `file`, read in parts of `part` bytes on every core; `None` if
/// the file is shorter now (the caller then reads it from the start, as it is).
#[cfg(unix)]
fn read_in_parts(file: &std::fs::File, len: usize, part: usize) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    // Zeroed by the system, not written here: room for more than [`FRESH_ABOVE`] bytes
    // (the room past `len` is never touched, so it takes address space, not memory).
    let mut bytes = vec![0u8; len.max(FRESH_ABOVE + 1)];
    bytes.truncate(len);
    let read = crate::par::map_chunks_mut(&mut bytes, part, |start, chunk| {
        file.read_exact_at(chunk, start as u64).is_ok()
    });
    read.into_iter().all(|ok| ok).then_some(bytes)
}

/// Elsewhere a file is read in one piece.
#[cfg(not(unix))]
fn read_in_parts(_: &std::fs::File, _: usize, _: usize) -> Option<Vec<u8>> {
    None
}

/// Files held in memory, by path: for tests, fuzzing and editors' unsaved buffers.
#[derive(Debug, Clone, Default)]
pub struct MemFiles(pub std::collections::BTreeMap<PathBuf, Vec<u8>>);

impl Files for MemFiles {
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
        let bytes = self.0.get(path).ok_or(Unreadable::NotFound(None))?;
        match bytes.len() as u64 > limit {
            true => Err(Unreadable::TooLarge(limit)),
            false => Ok(bytes.clone()),
        }
    }

    fn glob(&self, pattern: &Path) -> Result<Vec<PathBuf>, Unreadable> {
        let p =
            glob::Pattern::new(pattern.to_str().unwrap_or("")).map_err(|e| Unreadable::BadPattern(e.to_string()))?;
        Ok(self.0.keys().filter(|k| p.matches_path(k)).cloned().collect())
    }
}

fn io_reason(e: &std::io::Error) -> Unreadable {
    match e.kind() {
        std::io::ErrorKind::NotFound => Unreadable::NotFound(None),
        std::io::ErrorKind::PermissionDenied => Unreadable::PermissionDenied,
        _ => Unreadable::Other(e.to_string()),
    }
}

/// Every file of a journal, loaded.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The files, the main journal first, then includes depth-first in include order.
    pub sources: SourceMap,
    /// Files that loaded as valid UTF-8 and should be parsed.
    pub parse: Vec<FileId>,
    /// Problems with includes and encodings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The main file itself could not be read: a usage or I/O error, not a data error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The path as given.
    pub path: PathBuf,
    /// Why.
    pub reason: Unreadable,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read `{}`: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

/// Loads `main` and, recursively, the files it includes. Each file is loaded once;
/// a cycle, a missing file or a file that is not UTF-8 is a diagnostic.
pub fn load(files: &dyn Files, main: &Path) -> Result<Loaded, LoadError> {
    let bytes = files.read(main, MAX_FILE_SIZE).map_err(|reason| LoadError {
        path: main.to_path_buf(),
        reason,
    })?;
    let mut loaded = Loaded::default();
    let mut stack = Vec::new();
    add_file(files, &mut loaded, &mut stack, normalize(main), bytes);
    Ok(loaded)
}

/// Adds one file and, depth-first, what it includes. `stack` holds the chain of includers.
fn add_file(files: &dyn Files, loaded: &mut Loaded, stack: &mut Vec<PathBuf>, path: PathBuf, bytes: Vec<u8>) {
    let (text, valid) = match String::from_utf8(bytes) {
        Ok(t) => (t, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    };
    let id = loaded.sources.add(path.clone(), text);
    if !valid {
        loaded.diagnostics.push(utf8_error(&loaded.sources, id));
        return;
    }
    loaded.parse.push(id);
    let includes = scan_includes(id, &loaded.sources.file(id).text);
    stack.push(path.clone());
    for (pattern, span) in includes {
        let target = normalize(&path.parent().unwrap_or(Path::new("")).join(&pattern));
        for target in expand(files, loaded, &pattern, &target, span) {
            include_one(files, loaded, stack, target, span);
        }
    }
    stack.pop();
}

/// The paths an include names: itself, or the matches of a glob.
fn expand(files: &dyn Files, loaded: &mut Loaded, pattern: &str, target: &Path, span: Span) -> Vec<PathBuf> {
    if !pattern.contains(['*', '?', '[']) {
        return vec![target.to_path_buf()];
    }
    match files.glob(target) {
        Ok(found) if found.is_empty() => {
            loaded.diagnostics.push(
                Diagnostic::new(Code::EmptyGlob, format!("`{pattern}` matches no file"))
                    .at(span)
                    .label("nothing to include")
                    .help("paths are relative to the file that includes them"),
            );
            Vec::new()
        }
        Ok(found) => found.iter().map(|p| normalize(p)).collect(),
        Err(reason) => {
            loaded.diagnostics.push(
                Diagnostic::new(
                    Code::IncludeFailed,
                    format!("bad include pattern `{pattern}`: {reason}"),
                )
                .at(span),
            );
            Vec::new()
        }
    }
}

fn include_one(files: &dyn Files, loaded: &mut Loaded, stack: &mut Vec<PathBuf>, target: PathBuf, span: Span) {
    if let Some(pos) = stack.iter().position(|p| *p == target) {
        let chain: Vec<String> = stack[pos..]
            .iter()
            .chain([&target])
            .map(|p| p.display().to_string())
            .collect();
        loaded.diagnostics.push(
            Diagnostic::new(Code::IncludeCycle, format!("include cycle: {}", chain.join(" -> ")))
                .at(span)
                .label("this include closes the cycle")
                .help("a file cannot include itself, directly or through other files"),
        );
        return;
    }
    if loaded.sources.find(&target).is_some() {
        return; // each file once
    }
    if stack.len() >= MAX_INCLUDE_DEPTH {
        loaded.diagnostics.push(
            Diagnostic::new(
                Code::Limit,
                format!("includes nested deeper than {MAX_INCLUDE_DEPTH} levels"),
            )
            .at(span)
            .label("not followed")
            .help("flatten the include structure"),
        );
        return;
    }
    match files.read(&target, MAX_FILE_SIZE) {
        Ok(bytes) => add_file(files, loaded, stack, target, bytes),
        Err(reason) => loaded.diagnostics.push(
            Diagnostic::new(
                Code::IncludeFailed,
                format!("cannot include `{}`: {reason}", target.display()),
            )
            .at(span)
            .label("included here")
            .help("paths are relative to the file that includes them"),
        ),
    }
}

/// `include` lines of a file, read leniently: malformed ones are reported by the parser.
fn scan_includes(file: FileId, text: &str) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    // Only lines that start with `include` can be one: found with a vectorised search, as a
    // journal of a million entries has a few include lines at most.
    for at in memchr::memmem::find_iter(text.as_bytes(), b"include") {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let Some(line) = lines_in(text, line_start..line_end).next() else {
            continue;
        };
        if line.indented || line.content_start != at {
            continue;
        }
        let mut cur = Cursor::new(file, line.content, line.content_start);
        let (Ok(keyword), Ok(t)) = (cur.expect("include"), cur.expect("path")) else {
            continue;
        };
        if keyword.text != "include" {
            continue;
        }
        if let Ok(path) = lex::text(file, t, "path") {
            out.push((path.node.into_owned(), path.span));
        }
    }
    out
}

fn utf8_error(sources: &SourceMap, id: FileId) -> Diagnostic {
    let file = sources.file(id);
    let offset = file.text.find('\u{fffd}').unwrap_or(0);
    Diagnostic::new(
        Code::InvalidUtf8,
        format!(
            "`{}` is not valid UTF-8 (first bad byte at offset {offset})",
            file.path.display()
        ),
    )
    .at(Span::new(id, offset, offset + '\u{fffd}'.len_utf8()))
    .label("invalid byte sequence")
    .help("save the file as UTF-8; dun reads no other encoding")
}

/// Resolves `.` and `..` lexically, so one file has one name.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mem(files: &[(&str, &str)]) -> MemFiles {
        MemFiles(
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
                .collect(),
        )
    }

    #[test]
    fn includes_globs_once_and_cycles() {
        let fs = mem(&[
            ("j/main.dun", "include \"y/*.dun\"\ninclude \"a.dun\"\n"),
            ("j/a.dun", "include \"main.dun\" ; cycle\ninclude \"y/1.dun\"\n"),
            ("j/y/1.dun", ""),
            ("j/y/2.dun", ""),
        ]);
        let l = load(&fs, Path::new("j/main.dun")).unwrap();
        let names: Vec<_> = l.sources.files().map(|(_, f)| f.path.display().to_string()).collect();
        assert_eq!(names, ["j/main.dun", "j/y/1.dun", "j/y/2.dun", "j/a.dun"]);
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].code, Code::IncludeCycle);
    }

    #[test]
    fn only_lines_that_start_with_include_are_includes() {
        let text = "\u{feff}include \"a.dun\"\r\n2026-01-01 invoice X c 1.00 EUR\n  memo: \"include \\\"b.dun\\\"\"\n  include \"c.dun\"\n; include \"d.dun\"\nincludes \"e.dun\"\ninclude \"f.dun\" ; include \"g.dun\"\ninclude \"h.dun\"";
        let found: Vec<(String, &str)> = scan_includes(FileId(0), text)
            .into_iter()
            .map(|(path, span)| (path, &text[span.range()]))
            .collect();
        assert_eq!(
            found,
            [
                ("a.dun".to_string(), "\"a.dun\""),
                ("f.dun".to_string(), "\"f.dun\""),
                ("h.dun".to_string(), "\"h.dun\"")
            ]
        );
    }

    #[test]
    fn missing_empty_glob_and_bad_utf8() {
        let mut fs = mem(&[(
            "m.dun",
            "include \"nope.dun\"\ninclude \"z/*.dun\"\ninclude \"bad.dun\"\n",
        )]);
        fs.0.insert("bad.dun".into(), b"ok\n\xff\xfe".to_vec());
        let l = load(&fs, Path::new("m.dun")).unwrap();
        let codes: Vec<_> = l.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::IncludeFailed, Code::EmptyGlob, Code::InvalidUtf8]);
        assert!(l.diagnostics[2].message.contains("offset 3"));
        assert_eq!(l.parse.len(), 1);
        assert!(load(&fs, Path::new("x.dun")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_read_in_parts_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.dun");
        let text: Vec<u8> = (0..1000u32).flat_map(|i| i.to_le_bytes()).collect();
        std::fs::write(&path, &text).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        for part in [1, 7, 4000, 5000] {
            assert_eq!(read_in_parts(&file, text.len(), part).unwrap(), text, "part {part}");
        }
        // Shorter than the metadata said: read again from the start by the caller.
        assert_eq!(read_in_parts(&file, text.len() + 1, 7), None);
        // Through `FsFiles`, which reads what follows the parts too.
        let big: Vec<u8> = (0..READ_IN_PARTS_FROM as u32 / 4 + 9)
            .flat_map(|i| i.to_le_bytes())
            .collect();
        std::fs::write(&path, &big).unwrap();
        assert_eq!(FsFiles.read(&path, MAX_FILE_SIZE).unwrap(), big);
        assert_eq!(
            FsFiles.read(&path, big.len() as u64 - 1),
            Err(Unreadable::TooLarge(big.len() as u64 - 1))
        );
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize(Path::new("a/./b/../c.dun")), PathBuf::from("a/c.dun"));
        assert_eq!(normalize(Path::new("../x.dun")), PathBuf::from("../x.dun"));
    }
}
