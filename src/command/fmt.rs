//! `dun fmt`: rewrite files in the canonical layout, or with `--check` say which would change.
//!
//! A file with syntax errors is never rewritten: its errors are reported instead.

use std::path::{Path, PathBuf};

use super::Context;
use crate::confine::confine;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::load::{Files, FsFiles, MAX_FILE_SIZE};
use crate::source::SourceMap;
use crate::write::atomic_write;

/// Options of `dun fmt`.
#[derive(Debug, Default, clap::Args)]
pub struct FmtOptions {
    /// Write nothing; exit 1 if any file would change
    #[arg(long)]
    pub check: bool,
    /// Files to format [default: the journal, every file it includes, and the rules file]
    pub files: Vec<PathBuf>,
}

/// The files that are not (with `--check`: would not be) in the canonical layout, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// Rewritten, or with `--check` to be rewritten.
    pub changed: Vec<PathBuf>,
}

/// Formats the files named, else the journal, its includes and the rules file. With
/// `check`, writes nothing. Files with syntax errors stop it before anything is written.
pub fn fmt(ctx: &Context, opts: &FmtOptions) -> Result<Formatted, Error> {
    // Files named outside any journal need no lock: no `dun run` writes them.
    let lock = match opts.check || ctx.journal.is_none() {
        true => None,
        false => Some(ctx.lock("dun fmt")?),
    };
    let files = match opts.files.is_empty() {
        true => ctx.open()?.files().into_iter().map(Path::to_path_buf).collect(),
        false => opts.files.clone(),
    };
    let mut sources = SourceMap::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut changed = Vec::new();
    for path in &files {
        let bytes = FsFiles.read(path, MAX_FILE_SIZE).map_err(|reason| Error::Read {
            path: path.clone(),
            reason,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
            path: path.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        let id = sources.add(path.clone(), text);
        match crate::layout::format_file(crate::layout::is_rules_file(path), id, &sources.file(id).text) {
            Ok(Some(formatted)) => changed.push((path.clone(), formatted)),
            Ok(None) => {}
            Err(diags) => problems.extend(diags),
        }
    }
    ctx.report(&problems, &sources);
    if !problems.is_empty() {
        return Err(Error::Data(None));
    }
    if !opts.check {
        let root = ctx.write_root();
        for (path, _) in &changed {
            confine(path, &root).map_err(Error::Confined)?;
        }
        for (path, formatted) in &changed {
            atomic_write(path, formatted.as_bytes()).map_err(|error| Error::Write {
                what: format!("write `{}`", path.display()),
                error,
            })?;
        }
    }
    drop(lock);
    Ok(Formatted {
        changed: changed.into_iter().map(|(p, _)| p).collect(),
    })
}
