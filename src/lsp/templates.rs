//! The letter-template check, run again only when what it depends on changes.
//!
//! With a repo's own templates it compiles them and renders sample letters for every stage
//! and language: most of the time a full check of a small journal takes. Its result depends on the rules, the customers' languages and the
//! files under `templates/`, none of which change while the user types an entry, so the
//! server keeps it per project and lays it over each new analysis.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::diag::Diagnostic;
use crate::load::Files;
use crate::project::{Paths, Project};
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// What the template check of one project depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    rules: String,
    languages: Vec<String>,
    templates: Vec<(PathBuf, u64, Option<SystemTime>)>,
}

/// The last template check of one project.
#[derive(Debug, Default)]
pub struct TemplateCache {
    key: Option<Key>,
    diagnostics: Vec<Diagnostic>,
    /// The template files the check read, to quote in its diagnostics.
    files: Vec<SourceFile>,
    /// The id the first of `files` had, and the rules file's id, in the check's numbering.
    base: u32,
    rules: Option<FileId>,
}

impl TemplateCache {
    /// Adds the template check's diagnostics (and the template files they quote) to a project
    /// opened without it, checking again only if the rules, languages or templates changed.
    pub fn apply(&mut self, files: &dyn Files, paths: &Paths, project: &mut Project) {
        let Some(rules_path) = project.rules_path.clone() else {
            return;
        };
        let rules_id = project.sources.find(&rules_path);
        let dir = Project::templates_dir(paths);
        let key = Key {
            rules: rules_id.map_or(String::new(), |id| project.sources.file(id).text.clone()),
            languages: crate::project::letter_languages(&project.book, &project.rules),
            templates: fingerprint(&dir),
        };
        if self.key.as_ref() != Some(&key) {
            // Placeholders keep the project's numbering: the rules spans stay valid, and the
            // template files come after the project's own.
            let mut scratch = SourceMap::new();
            for _ in 0..project.sources.len() {
                scratch.add(PathBuf::new(), String::new());
            }
            let base = project.sources.len();
            self.diagnostics =
                crate::letters::check_templates(files, &dir, &project.rules, &key.languages, &mut scratch);
            self.files = scratch.files().skip(base).map(|(_, f)| f.clone()).collect();
            self.base = base as u32;
            self.rules = rules_id;
            self.key = Some(key);
        }
        let new_base = project.sources.len() as u32;
        for f in &self.files {
            project.sources.add(f.path.clone(), f.text.clone());
        }
        let map = |s: Span| {
            let file = match s.file {
                f if f.0 >= self.base => FileId(f.0 - self.base + new_base),
                f if Some(f) == self.rules => rules_id.unwrap_or(f),
                f => f,
            };
            Span { file, ..s }
        };
        project.diagnostics.extend(self.diagnostics.iter().map(|d| {
            let mut d = d.clone();
            d.span = d.span.map(map);
            d.related = d.related.iter().map(|(s, l)| (map(*s), l.clone())).collect();
            d
        }));
        // In reading order, as `Project::open` leaves them.
        project.diagnostics.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
    }
}

/// Every file under `dir` with its size and time of change (bounded: templates are few).
fn fingerprint(dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out = Vec::new();
    let mut todo = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten().take(10_000) {
            let Ok(meta) = e.metadata() else {
                continue;
            };
            if meta.is_dir() && depth < 4 {
                todo.push((e.path(), depth + 1));
            } else if meta.is_file() {
                out.push((e.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::lsp::overlay::Overlay;
    use std::sync::Arc;

    #[test]
    fn a_cached_check_points_at_the_rules_after_the_files_changed() {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("journal.dun");
        let rules = dir.path().join("rules.dun");
        std::fs::write(&journal, "customer a \"A\"\n  kind: business\n").unwrap();
        std::fs::write(dir.path().join("more.dun"), "").unwrap();
        std::fs::write(&rules, "policy business\n  stage one  after 3d  template nonesuch\n").unwrap();
        let paths = Paths {
            journal: journal.clone(),
            rules: None,
        };
        let mut cache = TemplateCache::default();
        let unknown = |overlay: &Overlay, cache: &mut TemplateCache| {
            let mut project = Project::open_with(overlay, &paths, crate::project::Templates::Skip).unwrap();
            cache.apply(overlay, &paths, &mut project);
            let d = project
                .diagnostics
                .iter()
                .find(|d| d.code == Code::UnknownTemplate)
                .cloned()
                .unwrap();
            let span = d.span.unwrap();
            (
                project.sources.file(span.file).path.clone(),
                project.sources.text(span).to_string(),
            )
        };
        let first = unknown(&Overlay::default(), &mut cache);
        assert_eq!(first, (rules.clone(), "nonesuch".to_string()));
        // An include makes one more journal file: the rules file's id moves.
        let text = "include \"more.dun\"\ncustomer a \"A\"\n  kind: business\n";
        let overlay = Overlay::new([(journal.clone(), Arc::new(text.to_string()))]);
        assert_eq!(unknown(&overlay, &mut cache), first);
    }
}
