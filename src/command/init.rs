//! `dun init`: a ready-to-use dunning repo: sample journal, Dutch and Belgian default rules,
//! a templates folder, `.gitignore`, `.gitattributes`, `git init` and a first commit.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::repo;
use crate::write::atomic_write;

/// Options of `dun init`.
#[derive(Debug, Default, clap::Args)]
pub struct InitOptions {
    /// Where to create the repo [default: the current directory]
    pub dir: Option<PathBuf>,
}

/// The files `init` writes, relative to the repo.
pub const FILES: &[(&str, &str)] = &[
    ("journal.dun", include_str!("../../assets/init/journal.dun")),
    ("rules.dun", include_str!("../../assets/init/rules.dun")),
    (
        "templates/README.md",
        include_str!("../../assets/init/templates-README.md"),
    ),
    (".gitignore", include_str!("../../assets/init/gitignore")),
    (".gitattributes", include_str!("../../assets/init/gitattributes")),
];

/// Creates the repo and returns its directory. Refuses to overwrite anything; checks the git
/// identity before writing.
pub fn init(opts: &InitOptions) -> Result<PathBuf, Error> {
    let dir = opts.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let existing: Vec<&str> = FILES.iter().map(|(p, _)| *p).filter(|p| dir.join(p).exists()).collect();
    if !existing.is_empty() {
        return Err(Error::Exists { dir, files: existing });
    }
    repo::default_signature()?;
    let io = |what: String| move |error| Error::Write { what, error };
    std::fs::create_dir_all(dir.join("templates")).map_err(io("create the directory".into()))?;
    let repository = git2::Repository::init(&dir).map_err(|e| Error::Git(e.into()))?;
    for (path, text) in FILES {
        atomic_write(&dir.join(path), text.as_bytes()).map_err(io(format!("write {path}")))?;
    }
    let paths: Vec<&Path> = FILES.iter().map(|(p, _)| Path::new(*p)).collect();
    repo::commit_paths(&repository, &paths, "dun init: journal, rules and templates")?;
    Ok(dir)
}
