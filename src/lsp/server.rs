//! The message loop: the handshake, document updates (handed to the analysis thread) and
//! requests (answered at once from the latest analysis).

use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
};
use lsp_types::request::{Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, Request as _};
use lsp_types::{
    CompletionOptions, DocumentSymbolResponse, GotoDefinitionResponse, Hover, HoverContents, HoverProviderCapability,
    InitializeParams, MarkupContent, MarkupKind, OneOf, ServerCapabilities, ServerInfo, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::context;
use super::position::{Encoding, LineIndex};
use super::state::{Doc, Shared};
use super::worker::{Setup, Worker};
use super::{LspError, Options};

/// Serves one editor session on `conn`, until `shutdown` and `exit`.
pub fn serve(conn: &Connection, options: &Options) -> Result<(), LspError> {
    let (id, params) = conn.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params).map_err(LspError::Initialize)?;
    let encoding = Encoding::negotiate(
        init.capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": ServerInfo { name: "dun".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    conn.initialize_finish(id, result)?;
    let shared = Shared::default();
    let worker = Worker::spawn(Setup {
        shared: shared.clone(),
        out: conn.sender.clone(),
        encoding,
        date: options.date,
    });
    let server = Server {
        shared,
        worker,
        encoding,
        options,
    };
    // After `shutdown`, only `exit` ends the loop; other requests are refused, as the protocol
    // says (an editor may send `shutdown` twice: lsp-server's own handling takes that for an error).
    let mut shut_down = false;
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                let response = match (req.method.as_str(), shut_down) {
                    ("shutdown", _) => {
                        shut_down = true;
                        Response::new_ok(req.id, Value::Null)
                    }
                    (_, true) => Response::new_err(req.id, ErrorCode::InvalidRequest as i32, "shutting down".into()),
                    (_, false) => server.request(req),
                };
                conn.sender
                    .send(Message::Response(response))
                    .map_err(|_| LspError::Closed)?;
            }
            Message::Notification(note) if note.method == "exit" => return Ok(()),
            Message::Notification(note) => server.notification(note),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(lsp_types::TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ":".into()]),
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

struct Server<'o> {
    shared: Shared,
    worker: Worker,
    encoding: Encoding,
    options: &'o Options,
}

impl Server<'_> {
    fn notification(&self, note: lsp_server::Notification) {
        let params = note.params;
        match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Some(p) = parse::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let doc = p.text_document;
                    self.open(&doc.uri, doc.text, doc.version);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = parse::<lsp_types::DidChangeTextDocumentParams>(params) {
                    self.change(&p.text_document.uri, p.text_document.version, p.content_changes);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = parse::<lsp_types::DidSaveTextDocumentParams>(params) {
                    self.refresh(&p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = parse::<lsp_types::DidCloseTextDocumentParams>(params) {
                    self.close(&p.text_document.uri);
                }
            }
            // Files changed on disk (a `git pull`, `dun run`): every project is read again.
            "workspace/didChangeWatchedFiles" => {
                let journals: Vec<PathBuf> = self.shared.lock().projects.keys().cloned().collect();
                for journal in journals {
                    self.worker.analyse(journal);
                }
            }
            _ => {}
        }
    }

    fn open(&self, uri: &Uri, text: String, version: i32) {
        let Some(path) = super::uri::to_path(uri) else {
            return;
        };
        let mut state = self.shared.lock();
        // A document already known to a project (e.g. adopted as its own) keeps it.
        let journal = match state.projects.iter().find(|(_, p)| p.journal == path) {
            Some((j, _)) => j.clone(),
            None => {
                let paths = super::analysis::paths_for(&path, self.options.paths.as_ref());
                let journal = super::analysis::absolute(&paths.journal);
                let rules = paths.rules.as_deref().map(super::analysis::absolute);
                state.projects.entry(journal.clone()).or_insert(crate::project::Paths {
                    journal: journal.clone(),
                    rules,
                });
                journal
            }
        };
        let text = std::sync::Arc::new(text);
        state.docs.insert(
            path,
            Doc {
                text,
                version,
                journal: journal.clone(),
            },
        );
        drop(state);
        self.worker.analyse(journal);
    }

    fn change(&self, uri: &Uri, version: i32, changes: Vec<lsp_types::TextDocumentContentChangeEvent>) {
        let Some(path) = super::uri::to_path(uri) else {
            return;
        };
        let mut state = self.shared.lock();
        let Some(doc) = state.docs.get_mut(&path) else {
            return;
        };
        let text = std::sync::Arc::make_mut(&mut doc.text);
        for change in changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(text, self.encoding);
                    let (start, end) = (index.offset(range.start), index.offset(range.end));
                    text.replace_range(start..end.max(start), &change.text);
                }
                None => *text = change.text,
            }
        }
        doc.version = version;
        let journal = doc.journal.clone();
        drop(state);
        self.worker.analyse(journal);
    }

    /// A saved document: the files on disk changed, so its project is analysed again.
    fn refresh(&self, uri: &Uri) {
        let journal = super::uri::to_path(uri).and_then(|p| self.shared.lock().docs.get(&p).map(|d| d.journal.clone()));
        if let Some(journal) = journal {
            self.worker.analyse(journal);
        }
    }

    fn close(&self, uri: &Uri) {
        let Some(path) = super::uri::to_path(uri) else {
            return;
        };
        let mut state = self.shared.lock();
        let Some(doc) = state.docs.remove(&path) else {
            return;
        };
        let still_open = state.docs.values().any(|d| d.journal == doc.journal);
        if !still_open && doc.journal == path {
            // A file of its own: once closed, nothing of it is shown any more.
            state.projects.remove(&doc.journal);
            state.analyses.remove(&doc.journal);
        }
        drop(state);
        // Its project is read from the disk again (the editor may have discarded edits).
        self.worker.analyse(doc.journal);
    }

    fn request(&self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => self.with_position(req.params, |s, p| s.hover(p)),
            GotoDefinition::METHOD => self.with_position(req.params, |s, p| s.definition(p)),
            Completion::METHOD => self.with_position(req.params, |s, p| s.complete(p)),
            DocumentSymbolRequest::METHOD => parse::<lsp_types::DocumentSymbolParams>(req.params)
                .map(|p| self.symbols(&p.text_document.uri))
                .ok_or(()),
            Formatting::METHOD => parse::<lsp_types::DocumentFormattingParams>(req.params)
                .map(|p| self.format(&p.text_document.uri))
                .ok_or(()),
            _ => {
                let message = format!("dun does not handle `{}`", req.method);
                return Response::new_err(id, ErrorCode::MethodNotFound as i32, message);
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(()) => Response::new_err(id, ErrorCode::InvalidParams as i32, "invalid parameters".into()),
        }
    }

    /// Runs `f` on the position a request names (every positional request starts with one).
    fn with_position(
        &self,
        params: Value,
        f: impl FnOnce(&Self, TextDocumentPositionParams) -> Value,
    ) -> Result<Value, ()> {
        // Completion parameters hold more, but flatten the position first.
        let p = parse::<TextDocumentPositionParams>(params).ok_or(())?;
        Ok(f(self, p))
    }

    /// The document's path, text and project analysis (if one is done yet).
    fn doc(&self, uri: &Uri) -> Option<(PathBuf, std::sync::Arc<String>, Option<std::sync::Arc<super::Analysis>>)> {
        let path = super::uri::to_path(uri)?;
        let state = self.shared.lock();
        let doc = state.docs.get(&path)?;
        Some((path.clone(), doc.text.clone(), state.analysis_of(&path)))
    }

    fn hover(&self, p: TextDocumentPositionParams) -> Value {
        let Some((_, text, Some(analysis))) = self.doc(&p.text_document.uri) else {
            return Value::Null;
        };
        let index = LineIndex::new(&text, self.encoding);
        let at = context::at(&text, index.offset(p.position));
        let Some(markdown) = super::hover::hover(&analysis, &at) else {
            return Value::Null;
        };
        to_value(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(index.range(at.range)),
        })
    }

    fn definition(&self, p: TextDocumentPositionParams) -> Value {
        let Some((path, text, Some(analysis))) = self.doc(&p.text_document.uri) else {
            return Value::Null;
        };
        let index = LineIndex::new(&text, self.encoding);
        let at = context::at(&text, index.offset(p.position));
        let found = super::definition::definition(&analysis, &at, &path, self.encoding);
        match found.len() {
            0 => Value::Null,
            _ => to_value(GotoDefinitionResponse::Array(found)),
        }
    }

    fn complete(&self, p: TextDocumentPositionParams) -> Value {
        let Some((_, text, analysis)) = self.doc(&p.text_document.uri) else {
            return Value::Null;
        };
        let index = LineIndex::new(&text, self.encoding);
        let offset = index.offset(p.position);
        let at = context::at(&text, offset);
        let prefix = text.get(at.range.start..offset.max(at.range.start)).unwrap_or("");
        to_value(super::completion::complete(analysis.as_deref(), &at, prefix, &index))
    }

    fn symbols(&self, uri: &Uri) -> Value {
        let Some((path, text, _)) = self.doc(uri) else {
            return Value::Null;
        };
        let index = LineIndex::new(&text, self.encoding);
        let rules = crate::layout::is_rules_file(&path);
        to_value(DocumentSymbolResponse::Nested(super::symbols::symbols(
            &text, rules, &index,
        )))
    }

    fn format(&self, uri: &Uri) -> Value {
        let Some((path, text, _)) = self.doc(uri) else {
            return Value::Null;
        };
        let index = LineIndex::new(&text, self.encoding);
        let rules = crate::layout::is_rules_file(&path);
        super::symbols::format(&text, rules, &index).map_or(Value::Null, to_value)
    }
}

fn parse<T: DeserializeOwned>(params: Value) -> Option<T> {
    serde_json::from_value(params).ok()
}

fn to_value(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
