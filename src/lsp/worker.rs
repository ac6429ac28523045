//! The analysis thread: re-opens a project when one of its documents changes, after a short
//! quiet period (debounce), and publishes the diagnostics of every file of the project.
//! The message loop never waits for it, so a large journal never blocks the editor:
//! requests are answered from the latest analysis meanwhile.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lsp_server::{Message, Notification};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{Diagnostic, PublishDiagnosticsParams};

use super::analysis::Analysis;
use super::position::Encoding;
use super::state::Shared;
use super::templates::TemplateCache;

/// How long the document must stay unchanged before it is analysed: a burst of keystrokes
/// costs one analysis, and diagnostics still arrive well within 100 ms of the last one.
const QUIET: Duration = Duration::from_millis(15);
/// However fast the user types, an analysis starts at most this long after the first change.
const LONGEST_WAIT: Duration = Duration::from_millis(150);

/// The analysis thread.
pub struct Worker {
    jobs: Option<Sender<PathBuf>>,
    thread: Option<JoinHandle<()>>,
}

/// What the thread needs.
pub struct Setup {
    /// The server's state.
    pub shared: Shared,
    /// Where notifications to the editor go.
    pub out: crossbeam_channel::Sender<Message>,
    /// How columns are counted.
    pub encoding: Encoding,
    /// The evaluation date; `None`: today, at each analysis.
    pub date: Option<NaiveDate>,
}

impl Worker {
    /// Starts the thread.
    pub fn spawn(setup: Setup) -> Worker {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("dun-analysis".into())
            .spawn(move || Analyser::new(setup).run(&rx))
            .ok();
        Worker { jobs: Some(tx), thread }
    }

    /// Asks for the project whose journal is `journal` to be analysed again.
    pub fn analyse(&self, journal: PathBuf) {
        if let Some(jobs) = &self.jobs {
            // The thread ends only when the sender is dropped, so this cannot fail.
            let _ = jobs.send(journal);
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Analyser {
    setup: Setup,
    /// What was last published per project: file -> diagnostics.
    published: HashMap<PathBuf, HashMap<PathBuf, Vec<Diagnostic>>>,
    /// The last template check per project.
    templates: HashMap<PathBuf, TemplateCache>,
}

impl Analyser {
    fn new(setup: Setup) -> Analyser {
        Analyser {
            setup,
            published: HashMap::new(),
            templates: HashMap::new(),
        }
    }

    fn run(mut self, jobs: &Receiver<PathBuf>) {
        while let Ok(first) = jobs.recv() {
            let started = Instant::now();
            let mut pending = BTreeSet::from([first]);
            loop {
                let left = LONGEST_WAIT.saturating_sub(started.elapsed());
                match jobs.recv_timeout(QUIET.min(left)) {
                    Ok(j) => {
                        pending.insert(j);
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let mut todo: Vec<PathBuf> = pending.into_iter().collect();
            while let Some(journal) = todo.pop() {
                todo.extend(self.analyse(journal));
            }
        }
    }

    /// Analyses one project and publishes its diagnostics; returns the projects made of
    /// open documents it turned out not to include, to be analysed next.
    fn analyse(&mut self, journal: PathBuf) -> Vec<PathBuf> {
        let (overlay, versions, paths) = {
            let state = self.setup.shared.lock();
            let Some(paths) = state.projects.get(&journal).cloned() else {
                return Vec::new();
            };
            let (overlay, versions) = state.overlay();
            (overlay, versions, paths)
        };
        let date = self.setup.date.unwrap_or_else(|| chrono::Local::now().date_naive());
        // A bug in a check must not take the editor's server down with it.
        let cache = self.templates.entry(journal.clone()).or_default();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Analysis::run(&overlay, &paths, date, cache)
        }));
        if result.is_err() {
            // Whatever the cache held when the check failed is not to be trusted.
            self.templates.remove(&journal);
        }
        let mut orphans = Vec::new();
        let files = match result {
            Ok(Ok(analysis)) => {
                let files = super::diagnostics::by_file(
                    &analysis.project.diagnostics,
                    &analysis.project.sources,
                    self.setup.encoding,
                );
                let analysis = Arc::new(analysis);
                orphans = self.adopt_orphans(&journal, &analysis);
                self.setup.shared.lock().analyses.insert(journal.clone(), analysis);
                files.into_iter().collect()
            }
            Ok(Err(e)) => self.unreadable(&journal, &e.to_string()),
            Err(_) => self.unreadable(
                &journal,
                "dun failed while checking this project (a bug: please report it)",
            ),
        };
        self.publish(&journal, files, &versions);
        orphans
    }

    /// Open documents of this project that the journal does not include become projects of
    /// their own (a stray `.dun` file still gets its syntax checked).
    fn adopt_orphans(&self, journal: &PathBuf, analysis: &Analysis) -> Vec<PathBuf> {
        let mut state = self.setup.shared.lock();
        let orphans: Vec<PathBuf> = state
            .docs
            .iter()
            .filter(|(p, d)| d.journal == *journal && *p != journal && !analysis.has_file(p))
            .map(|(p, _)| p.clone())
            .collect();
        for path in &orphans {
            if let Some(doc) = state.docs.get_mut(path) {
                doc.journal = path.clone();
            }
            let paths = crate::project::Paths {
                journal: path.clone(),
                rules: None,
            };
            state.projects.insert(path.clone(), paths);
        }
        orphans
    }

    /// The project cannot be opened (its journal is missing or unreadable): say so at the
    /// top of each of its open documents.
    fn unreadable(&self, journal: &PathBuf, why: &str) -> HashMap<PathBuf, Vec<Diagnostic>> {
        let state = self.setup.shared.lock();
        state
            .docs
            .iter()
            .filter(|(_, d)| d.journal == *journal)
            .map(|(p, _)| {
                let d = Diagnostic {
                    severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                    source: Some("dun".into()),
                    message: why.to_string(),
                    ..Default::default()
                };
                (p.clone(), vec![d])
            })
            .collect()
    }

    /// Publishes what changed since the last time, and clears files no longer in the project.
    fn publish(&mut self, journal: &PathBuf, now: HashMap<PathBuf, Vec<Diagnostic>>, versions: &HashMap<PathBuf, i32>) {
        let before = self.published.remove(journal).unwrap_or_default();
        let gone = before.keys().filter(|p| !now.contains_key(*p)).map(|p| (p, Vec::new()));
        let changed = now
            .iter()
            .filter(|(p, d)| before.get(*p) != Some(*d))
            .map(|(p, d)| (p, d.clone()));
        for (path, diagnostics) in changed.chain(gone) {
            let Some(uri) = super::uri::from_path(path) else {
                continue;
            };
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: versions.get(path).copied(),
            };
            let note = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
            let _ = self.setup.out.send(Message::Notification(note));
        }
        self.published.insert(journal.clone(), now);
    }
}
