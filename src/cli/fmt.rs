//! `dun fmt`: rewrite files in the canonical layout, or with `--check` say which would change.
//!
//! A file with syntax errors is never rewritten: its errors are reported instead.

use std::path::{Path, PathBuf};

use super::{Config, Failure};
use crate::confine::confine;
use crate::diag::Diagnostic;
use crate::load::{Files, FsFiles, MAX_FILE_SIZE};
use crate::source::SourceMap;
use crate::write::atomic_write;

/// Arguments of `dun fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write nothing; exit 1 if any file would change
    #[arg(long)]
    check: bool,
    /// Files to format [default: the journal, every file it includes, and the rules file]
    files: Vec<PathBuf>,
}

/// Runs `dun fmt`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    // Files named outside any journal need no lock: no `dun run` writes them.
    let lock = match args.check || config.journal.is_none() {
        true => None,
        false => Some(config.lock("dun fmt")?),
    };
    let files = if args.files.is_empty() {
        config.project_files()?
    } else {
        args.files.clone()
    };
    let mut sources = SourceMap::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut changed = Vec::new();
    for path in &files {
        let bytes = FsFiles
            .read(path, MAX_FILE_SIZE)
            .map_err(|r| Failure::Usage(format!("cannot read `{}`: {r}", path.display())))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Failure::Usage(format!(
                "`{}` is not valid UTF-8 (first bad byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        let id = sources.add(path.clone(), text);
        match format_file(path, id, &sources.file(id).text) {
            Ok(Some(formatted)) => changed.push((path.clone(), formatted)),
            Ok(None) => {}
            Err(diags) => problems.extend(diags),
        }
    }
    config.report(&problems, &sources);
    if !problems.is_empty() {
        return Err(Failure::Data);
    }
    let root = config.write_root();
    for (path, _) in changed.iter().filter(|_| !args.check) {
        confine(path, &root).map_err(Failure::Usage)?;
    }
    for (path, formatted) in &changed {
        if args.check {
            println!("would reformat {}", path.display());
        } else {
            atomic_write(path, formatted.as_bytes())
                .map_err(|e| Failure::Usage(format!("cannot write `{}`: {e}", path.display())))?;
            if !config.quiet {
                println!("formatted {}", path.display());
            }
        }
    }
    drop(lock);
    if args.check && !changed.is_empty() {
        return Err(Failure::Data);
    }
    Ok(())
}

/// The new text if it differs, `None` if the file is already canonical, or its errors.
fn format_file(path: &Path, id: crate::source::FileId, text: &str) -> Result<Option<String>, Vec<Diagnostic>> {
    crate::fmt::format_file(crate::fmt::is_rules_file(path), id, text)
}
