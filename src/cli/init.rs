//! `dun init`: a ready-to-use dunning repo: sample journal, Dutch and Belgian default rules,
//! a templates folder, `.gitignore`, `.gitattributes`, `git init` and a first commit.

use std::path::{Path, PathBuf};

use super::{Config, Failure};
use crate::repo;
use crate::write::atomic_write;

/// Arguments of `dun init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the repo [default: the current directory]
    dir: Option<PathBuf>,
}

/// The files `init` writes, relative to the repo.
const FILES: &[(&str, &str)] = &[
    ("journal.dun", include_str!("../../assets/init/journal.dun")),
    ("rules.dun", include_str!("../../assets/init/rules.dun")),
    (
        "templates/README.md",
        include_str!("../../assets/init/templates-README.md"),
    ),
    (".gitignore", include_str!("../../assets/init/gitignore")),
    (".gitattributes", include_str!("../../assets/init/gitattributes")),
];

/// Runs `dun init`. Refuses to overwrite anything; checks the git identity before writing.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let existing: Vec<&str> = FILES.iter().map(|(p, _)| *p).filter(|p| dir.join(p).exists()).collect();
    if !existing.is_empty() {
        return Err(Failure::Usage(format!(
            "{} already has {}; dun init never overwrites files",
            dir.display(),
            existing.join(", ")
        )));
    }
    let git = |e: repo::GitError| Failure::Usage(e.to_string());
    repo::default_signature().map_err(git)?;
    let io = |what: &str, e: std::io::Error| Failure::Usage(format!("cannot {what}: {e}"));
    std::fs::create_dir_all(dir.join("templates")).map_err(|e| io("create the directory", e))?;
    let repository = git2::Repository::init(&dir).map_err(|e| git(e.into()))?;
    for (path, text) in FILES {
        atomic_write(&dir.join(path), text.as_bytes()).map_err(|e| io(&format!("write {path}"), e))?;
    }
    let paths: Vec<&Path> = FILES.iter().map(|(p, _)| Path::new(*p)).collect();
    repo::commit_paths(&repository, &paths, "dun init: journal, rules and templates").map_err(git)?;
    if !config.quiet {
        println!("Created a dunning repo in {}:", dir.display());
        for (path, _) in FILES {
            println!("  {path}");
        }
        println!("Next: edit journal.dun and rules.dun (your own details in `sender`), then run `dun check`.");
    }
    Ok(())
}
