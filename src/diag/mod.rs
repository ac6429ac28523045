//! Diagnostics as values: a code, a message, a span, and the hints that help fix it.
//!
//! Every stage returns its problems as a `Vec<Diagnostic>` instead of stopping at the
//! first; [`render`] turns them into rustc-style text with file, line, column and a caret.

mod code;
mod render;
mod suggest;

pub use code::Code;
pub use render::{render, render_all, RenderOptions};
pub use suggest::{did_you_mean, plural};

use crate::source::Span;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Makes `dun check` fail only with `--strict`.
    Warning,
    /// Makes `dun check` fail.
    Error,
}

/// One problem found in the user's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `E002`.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where; `None` for problems that belong to no file.
    pub span: Option<Span>,
    /// Text under the caret.
    pub label: Option<String>,
    /// Other places that explain the problem (e.g. the first definition of a duplicate).
    pub related: Vec<(Span, String)>,
    /// How to fix it, when a fix is likely.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic with `code`'s severity and `message`.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            span: None,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// The severity of the code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// Attaches the primary span.
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Sets the text shown under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a related location.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push((span, label.into()));
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line if `help` is some.
    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        if help.is_some() {
            self.help = help;
        }
        self
    }
}

/// Counts errors and warnings.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}
