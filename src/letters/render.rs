//! Rendering letters: [`Templates`] holds the built-in and the repo's templates, compiled
//! once, and renders a [`LetterContext`] as text, Markdown or HTML.
//!
//! A body is written once per language and stage in Markdown and rendered by a registry
//! that escapes user text for Markdown ([`super::escape`]). The result is converted per
//! format (plain text wrapped to 72 columns, Markdown as is, HTML with `pulldown-cmark`)
//! and placed in the format's layout (`layout.txt`, `layout.md`, `layout.html`), whose own
//! registry escapes for that format. The first line of a body, if it is a `# ` heading, is
//! the letter's subject. All registries run in strict mode.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde_json::Value;

use super::builtin;
use super::context::LetterContext;
use super::errors::{parse_error, render_error, Origin};
use super::escape;
use super::helpers;
use super::html::{inline_html, to_html};
use super::sandbox;
use super::text::{inline_text, to_text, wrap, WIDTH};
use crate::diag::{Code, Diagnostic};
use crate::load::{Files, MAX_FILE_SIZE};
use crate::source::SourceMap;

/// The output formats of a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum LetterFormat {
    /// Plain text, 72 columns.
    Txt,
    /// Markdown.
    Md,
    /// A self-contained, print-ready HTML page (A4).
    Html,
}

impl LetterFormat {
    /// Every format.
    pub const ALL: [LetterFormat; 3] = [LetterFormat::Txt, LetterFormat::Md, LetterFormat::Html];

    /// The file extension, which is also the layout's name (`layout.EXT`).
    pub fn ext(self) -> &'static str {
        match self {
            LetterFormat::Txt => "txt",
            LetterFormat::Md => "md",
            LetterFormat::Html => "html",
        }
    }
}

/// The templates of a repo: built-ins, replaced by the repo's own where it has them.
pub struct Templates {
    /// Bodies (`LANG/NAME`) and `layout.md`: Markdown-escaping.
    markdown: Handlebars<'static>,
    /// `layout.html`: HTML-escaping.
    html: Handlebars<'static>,
    /// `layout.txt`: no escaping.
    plain: Handlebars<'static>,
    /// Where each registered template came from.
    origins: HashMap<String, Origin>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.origins.keys().collect();
        names.sort();
        f.debug_struct("Templates").field("names", &names).finish()
    }
}

fn registry(escape: fn(&str) -> String) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(escape);
    helpers::register(&mut hb);
    hb
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Templates {
        let mut t = Templates {
            markdown: registry(escape::markdown),
            html: registry(handlebars::html_escape),
            plain: registry(handlebars::no_escape),
            origins: HashMap::new(),
        };
        let bodies = builtin::BODIES.iter().map(|(l, n, text)| (format!("{l}/{n}"), *text));
        let layouts = builtin::LAYOUTS.iter().map(|(f, text)| (format!("layout.{f}"), *text));
        for (name, text) in bodies.chain(layouts) {
            let origin = Origin::builtin(&name, text);
            // Every built-in template is compiled and rendered by this module's tests.
            t.register(&name, text, origin)
                .expect("ok: built-in templates are tested");
        }
        t
    }

    /// The built-ins, with the repo's `TEMPLATES_DIR/LANG/NAME.hbs` and
    /// `TEMPLATES_DIR/layout.FMT.hbs` in their place. Each repo file read is added to
    /// `sources`, so that problems (E070 for one that does not parse) point into it. A file
    /// that fails leaves the built-in of its name, if any, in place: do not send letters
    /// when this reports errors.
    pub fn load(files: &dyn Files, templates_dir: &Path, sources: &mut SourceMap) -> (Templates, Vec<Diagnostic>) {
        let mut t = Templates::builtin();
        let mut diags = Vec::new();
        for (name, path) in discover(files, templates_dir) {
            let text = match read(files, &path) {
                Ok(text) => text,
                Err(reason) => {
                    let msg = format!("cannot read template `{}`: {reason}", path.display());
                    diags.push(Diagnostic::new(Code::TemplateSyntax, msg));
                    continue;
                }
            };
            let file = sources.add(path.clone(), text.clone());
            let origin = Origin::file(&name, path, file, &text);
            if let Err(refusal) = sandbox::check(&text) {
                diags.push(refused(&origin, file, &refusal));
                continue;
            }
            if let Err(e) = t.register(&name, &text, origin.clone()) {
                diags.push(parse_error(&origin, &e));
            }
        }
        (t, diags)
    }

    fn register(&mut self, name: &str, text: &str, origin: Origin) -> Result<(), handlebars::TemplateError> {
        let hb = match name {
            "layout.html" => &mut self.html,
            "layout.txt" => &mut self.plain,
            _ => &mut self.markdown,
        };
        let template = handlebars::template::Template::compile_with_name(text, name.to_string())?;
        // Second line of defence behind `sandbox::check`, for built-ins as well.
        if let Err(reason) = sandbox::check_compiled(&template) {
            return Err(handlebars::TemplateError::of(
                handlebars::TemplateErrorReason::InvalidSyntax(reason),
            ));
        }
        hb.register_template(name, template);
        self.origins.insert(name.to_string(), origin);
        Ok(())
    }

    /// True if a body `name` exists for `language`.
    pub fn has(&self, language: &str, name: &str) -> bool {
        self.origins.contains_key(&format!("{language}/{name}"))
    }

    /// Every body as `(language, name)`, sorted.
    pub fn bodies(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .origins
            .keys()
            .filter_map(|k| k.split_once('/'))
            .map(|(l, n)| (l.to_string(), n.to_string()))
            .collect();
        out.sort();
        out
    }

    /// The letter for `ctx` in `format`. An error names the template and line (E071 for a
    /// name the context does not have, E055 for a body that does not exist).
    pub fn render(&self, ctx: &LetterContext, format: LetterFormat) -> Result<String, Diagnostic> {
        let body_name = format!("{}/{}", ctx.language, ctx.stage.template);
        if !self.origins.contains_key(&body_name) {
            return Err(Diagnostic::new(
                Code::UnknownTemplate,
                format!(
                    "no template `{}` for language `{}`: neither templates/{body_name}.hbs nor a built-in",
                    ctx.stage.template, ctx.language
                ),
            ));
        }
        let mut data = serde_json::to_value(ctx)
            .map_err(|e| Diagnostic::new(Code::TemplateVariable, format!("letter context: {e}")))?;
        let body = self.markdown.render(&body_name, &data).map_err(|e| self.error(&e))?;
        let (subject, body) = split_subject(&body);
        let (subject_fmt, body_fmt) = match format {
            LetterFormat::Txt => (
                wrap(&inline_text(subject), WIDTH, "", "").join("\n"),
                to_text(body, WIDTH),
            ),
            LetterFormat::Md => (subject.trim().to_string(), format!("{}\n", body.trim())),
            LetterFormat::Html => (inline_html(subject), to_html(body)),
        };
        if let Value::Object(map) = &mut data {
            map.insert("subject_text".into(), Value::String(inline_text(subject)));
            map.insert("subject".into(), Value::String(subject_fmt));
            map.insert("body".into(), Value::String(body_fmt));
        }
        let layout = format!("layout.{}", format.ext());
        let hb = match format {
            LetterFormat::Txt => &self.plain,
            LetterFormat::Md => &self.markdown,
            LetterFormat::Html => &self.html,
        };
        hb.render(&layout, &data).map_err(|e| self.error(&e))
    }

    /// The letter's subject as plain text (the body's first line without `# `; empty if
    /// the body has none), e.g. for an e-mail's Subject header.
    pub fn subject(&self, ctx: &LetterContext) -> Result<String, Diagnostic> {
        let body_name = format!("{}/{}", ctx.language, ctx.stage.template);
        let data = serde_json::to_value(ctx)
            .map_err(|e| Diagnostic::new(Code::TemplateVariable, format!("letter context: {e}")))?;
        let body = self.markdown.render(&body_name, &data).map_err(|e| self.error(&e))?;
        Ok(inline_text(split_subject(&body).0))
    }

    fn error(&self, e: &handlebars::RenderError) -> Diagnostic {
        let origin = e.template_name.as_ref().and_then(|n| self.origins.get(n));
        render_error(origin, e)
    }
}

/// E070 for a template the sandbox refuses, pointing at the offending tag.
fn refused(origin: &Origin, file: crate::source::FileId, refusal: &sandbox::Refusal) -> Diagnostic {
    let end = origin.text[refusal.offset..]
        .find("}}")
        .map_or(origin.text.len(), |i| refusal.offset + i + 2);
    Diagnostic::new(
        Code::TemplateSyntax,
        format!("template `{}` is refused: {}", origin.name, refusal.reason),
    )
    .at(crate::source::Span::new(file, refusal.offset, end))
    .label("not allowed here")
    .help("a letter template renders the letter's data only; see docs/templates.md")
}

/// The subject (a first line `# ...`) and the rest of a rendered body.
fn split_subject(body: &str) -> (&str, &str) {
    let trimmed = body.trim_start();
    match trimmed.strip_prefix("# ") {
        Some(rest) => rest.split_once('\n').unwrap_or((rest, "")),
        None => ("", trimmed),
    }
}

/// The repo's template files: `(registered name, path)`.
fn discover(files: &dyn Files, dir: &Path) -> Vec<(String, PathBuf)> {
    let Some(base) = dir.to_str().map(glob::Pattern::escape) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for path in files.glob(Path::new(&format!("{base}/*/*.hbs"))).unwrap_or_default() {
        let lang = path.parent().and_then(Path::file_name).and_then(|s| s.to_str());
        let name = path.file_stem().and_then(|s| s.to_str());
        if let (Some(lang), Some(name)) = (lang, name) {
            out.push((format!("{lang}/{name}"), path.clone()));
        }
    }
    for f in LetterFormat::ALL {
        let path = dir.join(format!("layout.{}.hbs", f.ext()));
        if files
            .glob(Path::new(&format!("{base}/layout.{}.hbs", f.ext())))
            .is_ok_and(|v| !v.is_empty())
        {
            out.push((format!("layout.{}", f.ext()), path));
        }
    }
    out
}

fn read(files: &dyn Files, path: &Path) -> Result<String, String> {
    let bytes = files.read(path, MAX_FILE_SIZE)?;
    String::from_utf8(bytes).map_err(|_| "it is not valid UTF-8".to_string())
}
