//! One project, opened over the overlay and evaluated: what every answer is computed from.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::overlay::Overlay;
use super::templates::TemplateCache;
use crate::load::LoadError;
use crate::plan::Plan;
use crate::project::{Paths, Project};

/// A project as the editor sees it, with its plan as of the evaluation date.
#[derive(Debug)]
pub struct Analysis {
    /// The project: sources (as analysed), book, rules, and every diagnostic.
    pub project: Project,
    /// The evaluation as of the date (hover shows states from it).
    pub plan: Plan,
}

impl Analysis {
    /// Opens, checks and evaluates the project at `paths` with the open documents of
    /// `overlay`; the diagnostics are those `dun check` prints as of `date`.
    /// The template check comes from `templates` (done again only when it must be).
    pub fn run(
        overlay: &Overlay,
        paths: &Paths,
        date: NaiveDate,
        templates: &mut TemplateCache,
    ) -> Result<Analysis, LoadError> {
        let mut project = Project::open_with(overlay, paths, crate::project::Templates::Skip)?;
        templates.apply(overlay, paths, &mut project);
        let plan = crate::plan::evaluate(&project.book, &project.rules, &project.rates, date);
        // As `dun check`: the evaluation's own warnings only for a journal without errors.
        if !project.has_errors() {
            project.diagnostics.extend(plan.diagnostics.iter().cloned());
            project
                .diagnostics
                .extend(crate::plan::unverified_rates(plan.with_ledgers().map(|(_, l)| l)));
        }
        Ok(Analysis { project, plan })
    }

    /// Whether `path` is one of the files the project read.
    pub fn has_file(&self, path: &Path) -> bool {
        self.project.sources.find(path).is_some()
    }
}

/// The project a file belongs to: the journal and rules named on the command line, else
/// the nearest `journal.dun` in its directory or above (not above the git work tree), else
/// the file itself as a journal of its own. A rules file belongs to the journal beside it.
pub fn paths_for(file: &Path, fixed: Option<&Paths>) -> Paths {
    if let Some(paths) = fixed {
        return paths.clone();
    }
    let dir = file.parent().unwrap_or(Path::new("/"));
    if crate::layout::is_rules_file(file) {
        let rules = (file.file_name().and_then(|n| n.to_str()) != Some("rules.dun")).then(|| file.to_path_buf());
        return Paths {
            journal: dir.join("journal.dun"),
            rules,
        };
    }
    let journal = dir
        .ancestors()
        .scan(false, |past_root, d| {
            // Stop after the work tree's root: a journal above it is another project's.
            let here = (!*past_root).then(|| d.to_path_buf());
            *past_root = d.join(".git").exists();
            here
        })
        .map(|d| d.join("journal.dun"))
        .find(|j| j.is_file());
    Paths {
        journal: journal.unwrap_or_else(|| file.to_path_buf()),
        rules: None,
    }
}

/// Makes `path` absolute against the current directory, normalised.
pub fn absolute(path: &Path) -> PathBuf {
    let path = match path.is_absolute() {
        true => path.to_path_buf(),
        false => std::env::current_dir().unwrap_or_default().join(path),
    };
    crate::load::normalize(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_belongs_to_the_nearest_journal_within_the_repo() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        std::fs::create_dir_all(root.join("repo/2026")).unwrap();
        std::fs::write(root.join("journal.dun"), "").unwrap();
        let month = root.join("repo/2026/2026-01.dun");
        // No journal inside the work tree: the one above it is not ours.
        assert_eq!(paths_for(&month, None).journal, month);
        std::fs::write(root.join("repo/journal.dun"), "").unwrap();
        assert_eq!(paths_for(&month, None).journal, root.join("repo/journal.dun"));
        let rules = paths_for(&root.join("repo/rules.dun"), None);
        assert_eq!((rules.journal, rules.rules), (root.join("repo/journal.dun"), None));
        let named = paths_for(&root.join("repo/nl.rules.dun"), None);
        assert_eq!(named.rules, Some(root.join("repo/nl.rules.dun")));
    }
}
