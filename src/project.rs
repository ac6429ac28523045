//! A journal with its rules, loaded, parsed, built and checked: the library's front door.
//!
//! `Project::open` runs the pipeline up to the checked model; commands take it from there.

use std::path::{Path, PathBuf};

use crate::book::{self, Book, BuildOptions};
use crate::diag::Diagnostic;
use crate::load::{self, Files, LoadError};
use crate::source::SourceMap;
use crate::syntax::parse_journal;

/// Where a project's files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The main journal.
    pub journal: PathBuf,
}

/// A loaded and checked journal.
#[derive(Debug)]
pub struct Project {
    /// Every file read, for quoting lines in diagnostics.
    pub sources: SourceMap,
    /// The model.
    pub book: Book,
    /// Every problem found, in file order within each stage.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Loads, parses, builds and checks. Fails only if the main journal cannot be read.
    pub fn open(files: &dyn Files, paths: &Paths) -> Result<Project, LoadError> {
        let loaded = load::load(files, &paths.journal)?;
        let mut diagnostics = loaded.diagnostics;
        let parsed: Vec<_> = loaded
            .parse
            .iter()
            .map(|&id| parse_journal(id, &loaded.sources.file(id).text))
            .collect();
        diagnostics.extend(parsed.iter().flat_map(|p| p.diagnostics.iter().cloned()));
        let (book, build_diags) = book::build(&parsed, BuildOptions::default());
        drop(parsed);
        diagnostics.extend(build_diags);
        diagnostics.extend(book::checks::run(&book));
        // Report in reading order, whichever stage found the problem.
        diagnostics.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        Ok(Project {
            sources: loaded.sources,
            book,
            diagnostics,
        })
    }

    /// The paths of every journal file read, main journal first.
    pub fn journal_files(&self) -> Vec<&Path> {
        self.sources.files().map(|(_, f)| f.path.as_path()).collect()
    }
}
