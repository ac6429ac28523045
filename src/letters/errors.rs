//! Template problems as diagnostics: handlebars reports a template name, line and column;
//! these become a span in the template file (for the repo's own templates, whose text is
//! in the [`crate::source::SourceMap`]) and a message that names the template and line.

use std::path::PathBuf;

use handlebars::{RenderError, RenderErrorReason, TemplateError};

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Where a registered template came from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The registered name (`nl/reminder`, `layout.html`).
    pub name: String,
    /// The file, for the repo's templates; `None` for built-ins.
    pub file: Option<(PathBuf, FileId)>,
    /// Its text, to turn a line and column into a byte offset.
    pub text: String,
}

impl Origin {
    /// A built-in template.
    pub fn builtin(name: &str, text: &str) -> Origin {
        Origin {
            name: name.to_string(),
            file: None,
            text: text.to_string(),
        }
    }

    /// A repo template read from `path`, added to the sources as `file`.
    pub fn file(name: &str, path: PathBuf, file: FileId, text: &str) -> Origin {
        Origin {
            name: name.to_string(),
            file: Some((path, file)),
            text: text.to_string(),
        }
    }

    /// How messages name it.
    pub fn display(&self) -> String {
        match &self.file {
            Some((path, _)) => format!("`{}`", path.display()),
            None => format!("built-in `{}`", self.name),
        }
    }

    /// The span at 1-based `line` and `col`: the `{{...}}` expression starting there, else
    /// one character.
    fn span(&self, line: usize, col: usize) -> Option<Span> {
        let (_, file) = self.file.as_ref()?;
        let start_of_line: usize = self
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let rest = self.text.get(start_of_line..)?;
        let line_text = rest.split('\n').next().unwrap_or("");
        let offset: usize = line_text.chars().take(col.saturating_sub(1)).map(char::len_utf8).sum();
        let tail = &line_text[offset..];
        let len = match tail.starts_with("{{") {
            true => tail.find("}}").map_or(tail.len(), |i| i + 2),
            false => tail.chars().next().map_or(0, char::len_utf8),
        };
        let start = start_of_line + offset;
        Some(Span::new(*file, start, start + len))
    }
}

/// E070: a template that does not parse.
pub fn parse_error(origin: &Origin, e: &TemplateError) -> Diagnostic {
    let reason = e.reason().to_string();
    let (line, col) = e.pos().unwrap_or((1, 1));
    let d = Diagnostic::new(
        Code::TemplateSyntax,
        format!("template {} line {line} does not parse: {reason}", origin.display()),
    )
    .label("here")
    .help("see docs/templates.md for the template syntax");
    match origin.span(line, col) {
        Some(span) => d.at(span),
        None => d,
    }
}

/// E071: a template that fails to render, with the template name and line.
pub fn render_error(origin: Option<&Origin>, e: &RenderError) -> Diagnostic {
    let name = match (origin, &e.template_name) {
        (Some(o), _) => o.display(),
        (None, Some(n)) => format!("`{n}`"),
        (None, None) => "a template".to_string(),
    };
    let line = e.line_no.map(|l| format!(" line {l}")).unwrap_or_default();
    let (what, help) = match e.reason() {
        RenderErrorReason::MissingVariable(path) => (
            format!(
                "uses `{}`, which the letter context does not have",
                path.as_deref().unwrap_or("a variable")
            ),
            "the fields a template can use are listed in docs/templates.md",
        ),
        RenderErrorReason::HelperNotFound(h) => (
            format!("uses `{h}`, which is neither a field nor a helper"),
            "the fields and helpers are listed in docs/templates.md",
        ),
        other => (
            format!("cannot be rendered: {other}"),
            "see docs/templates.md for the fields and helpers",
        ),
    };
    let d = Diagnostic::new(Code::TemplateVariable, format!("template {name}{line} {what}"))
        .label("here")
        .help(help);
    let span = origin.and_then(|o| o.span(e.line_no.unwrap_or(1), e.column_no.unwrap_or(1)));
    match span {
        Some(span) => d.at(span),
        None => d,
    }
}
