//! Rendering diagnostics as rustc-style text (via `annotate-snippets`).
//!
//! Format (documented in `docs/errors.md` so editors can parse it): a title line
//! `error[E002]: message`, a location line ` --> file:line:col`, the source line with
//! a caret under the span, then `= help: ...`.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Emit ANSI colours.
    pub color: bool,
}

/// Renders one diagnostic, ending with a newline.
pub fn render(diag: &Diagnostic, sources: &SourceMap, opts: RenderOptions) -> String {
    if diag.span.is_none() && diag.related.is_empty() {
        return render_plain(diag, opts);
    }
    let level = match diag.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(diag.message.as_str()).id(diag.code.id()));
    if let Some(span) = diag.span {
        group = group.element(snippet(sources, span, diag.label.as_deref(), AnnotationKind::Primary));
    }
    for (span, label) in &diag.related {
        group = group.element(snippet(sources, *span, Some(label), AnnotationKind::Context));
    }
    if let Some(help) = &diag.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// A diagnostic that belongs to no file: the title and the help, nothing to point at.
fn render_plain(diag: &Diagnostic, opts: RenderOptions) -> String {
    let (word, style) = match diag.severity() {
        Severity::Error => ("error", annotate_snippets::renderer::DEFAULT_ERROR_STYLE),
        Severity::Warning => ("warning", annotate_snippets::renderer::DEFAULT_WARNING_STYLE),
    };
    let head = format!("{word}[{}]", diag.code.id());
    let mut out = if opts.color {
        format!("{style}{head}{style:#}: {}\n", diag.message)
    } else {
        format!("{head}: {}\n", diag.message)
    };
    if let Some(help) = &diag.help {
        out.push_str(&format!("  = help: {help}\n"));
    }
    out
}

/// Renders many diagnostics, at most `limit` of them, then a line counting the rest.
pub fn render_all(diags: &[Diagnostic], sources: &SourceMap, opts: RenderOptions, limit: usize) -> String {
    let mut out = String::new();
    for d in diags.iter().take(limit) {
        out.push_str(&render(d, sources, opts));
        out.push('\n');
    }
    if diags.len() > limit {
        out.push_str(&format!(
            "... and {} more problems not shown (the first {limit} are above)\n\n",
            diags.len() - limit
        ));
    }
    out
}

/// A snippet of the line(s) `span` covers, with one annotation.
fn snippet<'a>(
    sources: &'a SourceMap,
    span: Span,
    label: Option<&'a str>,
    kind: AnnotationKind,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let file = sources.file(span.file);
    let text = file.text.as_str();
    let start = crate::source::floor_char_boundary(text, (span.start as usize).min(text.len()));
    let end = crate::source::floor_char_boundary(text, (span.end as usize).clamp(start, text.len()));
    let first = file.line_range(start);
    let last = file.line_range(end.saturating_sub(usize::from(end > start)).max(start));
    let lines = first.start..last.end.max(first.end);
    let line_no = file.line_col(start).line;
    let local = (start - lines.start)..(end.min(lines.end) - lines.start).max(start - lines.start);
    Snippet::source(&text[lines])
        .line_start(line_no)
        .path(file.path.to_string_lossy().into_owned())
        .annotation(kind.span(local).label(label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn renders_location_caret_and_help() {
        let mut sources = SourceMap::new();
        let f = sources.add("j.dun", "customer a \"A\"\n2026-13-01 invoice X a 1.00 EUR\n".into());
        let d = Diagnostic::new(Code::BadDate, "invalid date `2026-13-01`")
            .at(Span::new(f, 15, 25))
            .label("month 13 does not exist")
            .help("dates are written YYYY-MM-DD");
        let out = render(&d, &sources, RenderOptions::default());
        assert!(out.starts_with("error[E002]: invalid date `2026-13-01`\n"), "{out}");
        assert!(out.contains("--> j.dun:2:1"), "{out}");
        assert!(out.contains("^^^^^^^^^^ month 13 does not exist"), "{out}");
        assert!(out.contains("= help: dates are written YYYY-MM-DD"), "{out}");
    }
}
