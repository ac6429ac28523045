//! The symlink policy for writes: `dun` never follows a symbolic link out of the
//! repository (or, outside git, out of the journal's directory) when it writes.
//!
//! A path to write is checked against a boundary directory: the repository's work tree
//! when the path, as written, lies inside it; else the path's own directory (a file the
//! user named outside the repository may be written, but not through a link in its last
//! step). Both are resolved through every symlink as far as they exist, and the resolved
//! path must stay inside the resolved boundary. A link that points nowhere is refused too:
//! writing through it would create a file wherever it points.
//!
//! The check happens right before writing; it guards against mistakes and hostile
//! repositories (a cloned repo whose `letters` is a link to `~/.ssh`), not against another
//! process swapping links between the check and the write.

use std::io;
use std::path::{Path, PathBuf};

use crate::load::normalize;

/// Checks that writing `path` stays inside `root` (see the [module docs](self)).
pub fn confine(path: &Path, root: &Path) -> Result<(), String> {
    let why = |e: io::Error| format!("cannot write `{}`: {e}", path.display());
    let abs = normalize(&std::path::absolute(path).map_err(why)?);
    let root_abs = normalize(&std::path::absolute(root).map_err(why)?);
    let (boundary, shown) = if abs.starts_with(&root_abs) {
        (root_abs, root.to_path_buf())
    } else {
        let parent = |p: &Path| p.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        (parent(&abs), parent(path))
    };
    let real_boundary = resolve(&boundary).map_err(why)?;
    let real = resolve(&abs).map_err(|e| match first_link(path) {
        Some((link, target)) if e.kind() == io::ErrorKind::NotFound => format!(
            "refusing to write `{}`: `{}` is a symbolic link to `{}`, which points nowhere",
            path.display(),
            link.display(),
            target.display()
        ),
        _ => why(e),
    })?;
    if real.starts_with(&real_boundary) {
        return Ok(());
    }
    let shown = match shown.as_os_str().is_empty() {
        true => PathBuf::from("."),
        false => shown,
    };
    let through = match first_link(path) {
        Some((link, target)) => format!("`{}` is a symbolic link to `{}`", link.display(), target.display()),
        None => format!("it resolves to `{}`", real.display()),
    };
    Err(format!(
        "refusing to write `{}`: {through}, which leads out of `{}`; \
         dun never writes through a symbolic link out of the repository",
        path.display(),
        shown.display()
    ))
}

/// The first step of `path` (as written) that is a symbolic link, and what it points to.
fn first_link(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut prefix = PathBuf::new();
    for c in path.components() {
        prefix.push(c);
        if let Ok(target) = std::fs::read_link(&prefix) {
            return Some((prefix, target));
        }
    }
    None
}

/// `path` (absolute, normalized) with every symlink resolved as far as it exists: the
/// canonical form of its nearest existing ancestor, then the missing rest as written.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut existing = path;
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(mut real) => {
                real.extend(rest.iter().rev());
                return Ok(real);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if std::fs::symlink_metadata(existing).is_ok() {
                    // A link that points nowhere: writing through it would create its target.
                    return Err(e);
                }
                match (existing.parent(), existing.file_name()) {
                    (Some(parent), Some(name)) => {
                        rest.push(name);
                        existing = parent;
                    }
                    _ => return Err(e),
                }
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_fine_links_out_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let (repo, outside) = (tmp.path().join("repo"), tmp.path().join("outside"));
        std::fs::create_dir_all(repo.join("real")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(repo.join("real/j.dun"), "").unwrap();
        symlink(repo.join("real/j.dun"), repo.join("inside.dun")).unwrap();
        symlink(&outside, repo.join("letters")).unwrap();
        symlink(outside.join("x.dun"), repo.join("dangling.dun")).unwrap();
        std::fs::write(outside.join("o.dun"), "").unwrap();
        symlink(outside.join("o.dun"), repo.join("out.dun")).unwrap();

        assert_eq!(confine(&repo.join("real/j.dun"), &repo), Ok(()));
        assert_eq!(confine(&repo.join("inside.dun"), &repo), Ok(()));
        assert_eq!(confine(&repo.join("new/dir/x.html"), &repo), Ok(()));
        for bad in ["letters/2026-11-23/a.html", "out.dun", "dangling.dun", "letters"] {
            let err = confine(&repo.join(bad), &repo).unwrap_err();
            assert!(
                err.contains("refusing") || err.contains("points nowhere"),
                "{bad}: {err}"
            );
        }
        // Outside the repository, only the last step is checked.
        assert_eq!(confine(&outside.join("o.dun"), &repo), Ok(()));
        assert!(confine(&repo.join("../repo/out.dun"), &repo).is_err());
    }
}
