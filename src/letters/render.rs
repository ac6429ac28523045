//! Rendering letters: [`Templates`] holds the built-in and the repo's templates, compiled
//! once (the built-ins when first rendered), and renders a [`LetterContext`] as text, Markdown, HTML or PDF.
//!
//! A body is written once per language and stage in Markdown and rendered by a registry
//! that escapes user text for Markdown ([`super::escape`]). The result is converted per
//! format (plain text wrapped to 72 columns, Markdown as is, HTML with `pulldown-cmark`,
//! Typst markup for PDF) and placed in the format's layout (`layout.txt`, `layout.md`,
//! `layout.html`, `layout.typ`), whose own registry escapes for that format. A PDF is the
//! Typst source `layout.typ` gives, compiled by [`super::pdf`] (feature `pdf`). The first line of a body, if it is a `# ` heading, is
//! the letter's subject. All registries run in strict mode.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handlebars::template::Template;
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
use super::typ::{inline_typst, to_typst};
use crate::diag::{Code, Diagnostic};
use crate::load::{Files, MAX_FILE_SIZE};
pub use crate::rules::LetterFormat;
use crate::source::SourceMap;

/// Where a PDF layout finds the payment QR code (an SVG text) in the letter context, if
/// the context has it; the layout then gets `qr: true` and the image as file `qr.svg`.
const QR_SVG: &str = "/payment/qr_svg";

/// The templates of a repo: built-ins, replaced by the repo's own where it has them.
///
/// A repo's own template is compiled when it is read (so a syntax error is reported then);
/// the built-ins are compiled on the first render. Compiling them all costs as much as
/// parsing a 50 MB journal, and most commands (`status`, `check` of a repo without its own
/// templates) render no letter at all.
pub struct Templates {
    /// Where each template came from, with its text, by registered name.
    origins: HashMap<String, Origin>,
    /// The repo's own templates, compiled when read.
    own: HashMap<String, Template>,
    /// Every template in its format's registry, made on the first render.
    registries: OnceLock<Registries>,
}

/// One registry per escaping, each holding the templates rendered with it.
struct Registries {
    /// Bodies (`LANG/NAME`) and `layout.md`: Markdown-escaping.
    markdown: Handlebars<'static>,
    /// `layout.html`: HTML-escaping.
    html: Handlebars<'static>,
    /// `layout.txt`: no escaping.
    plain: Handlebars<'static>,
    /// `layout.typ`: Typst-markup-escaping.
    typst: Handlebars<'static>,
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

/// `text` compiled as template `name`, refused if it does what a letter template may not.
fn compile(name: &str, text: &str) -> Result<Template, handlebars::TemplateError> {
    let template = Template::compile_with_name(text, name.to_string())?;
    // Second line of defence behind `sandbox::check`, for built-ins as well.
    if let Err(reason) = sandbox::check_compiled(&template) {
        return Err(handlebars::TemplateError::of(
            handlebars::TemplateErrorReason::InvalidSyntax(reason),
        ));
    }
    Ok(template)
}

impl Registries {
    fn new() -> Registries {
        let mut r = Registries {
            markdown: registry(escape::markdown),
            html: registry(handlebars::html_escape),
            plain: registry(handlebars::no_escape),
            typst: registry(super::typ::markup),
        };
        helpers::register_typst(&mut r.typst);
        r
    }

    /// The registry that renders template `name`.
    fn for_name(&mut self, name: &str) -> &mut Handlebars<'static> {
        match name {
            "layout.html" => &mut self.html,
            "layout.txt" => &mut self.plain,
            "layout.typ" => &mut self.typst,
            _ => &mut self.markdown,
        }
    }

    /// The registry that renders the layout of `format`.
    fn for_layout(&self, format: LetterFormat) -> &Handlebars<'static> {
        match format {
            LetterFormat::Txt => &self.plain,
            LetterFormat::Md => &self.markdown,
            LetterFormat::Html => &self.html,
            LetterFormat::Pdf => &self.typst,
        }
    }
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Templates {
        let bodies = builtin::BODIES.iter().map(|(l, n, text)| (format!("{l}/{n}"), *text));
        let layouts = builtin::LAYOUTS.iter().map(|(f, text)| (format!("layout.{f}"), *text));
        Templates {
            origins: bodies
                .chain(layouts)
                .map(|(name, text)| (name.clone(), Origin::builtin(&name, text)))
                .collect(),
            own: HashMap::new(),
            registries: OnceLock::new(),
        }
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

    /// Compiles `text` as template `name`, in place of any of that name.
    fn register(&mut self, name: &str, text: &str, origin: Origin) -> Result<(), handlebars::TemplateError> {
        let template = compile(name, text)?;
        self.own.insert(name.to_string(), template);
        self.origins.insert(name.to_string(), origin);
        // Made again, with this template, on the next render.
        self.registries = OnceLock::new();
        Ok(())
    }

    /// Every template compiled into its registry, on the first call.
    fn registries(&self) -> &Registries {
        self.registries.get_or_init(|| {
            let mut r = Registries::new();
            for (name, origin) in &self.origins {
                let template = match self.own.get(name) {
                    Some(own) => own.clone(),
                    // Every built-in template is compiled and rendered by this module's tests.
                    None => compile(name, &origin.text).expect("ok: built-in templates are tested"),
                };
                r.for_name(name).register_template(name, template);
            }
            r
        })
    }

    /// True if a body `name` exists for `language`.
    pub fn has(&self, language: &str, name: &str) -> bool {
        self.origins.contains_key(&format!("{language}/{name}"))
    }

    /// True if template `name` (`layout.typ`, `nl/reminder`) is the repo's own file.
    pub fn is_own(&self, name: &str) -> bool {
        self.origins.get(name).is_some_and(|o| o.file.is_some())
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

    /// The letter for `ctx` in `format`, as text; for PDF, the Typst source of the letter.
    /// An error names the template and line (E071 for a name the context does not have,
    /// E055 for a body that does not exist).
    pub fn render(&self, ctx: &LetterContext, format: LetterFormat) -> Result<String, Diagnostic> {
        let data = self.layout_data(ctx, format)?;
        self.render_layout(&data, format)
    }

    /// The letter for `ctx` in `format`, as the bytes of its file: the text of
    /// [`Templates::render`], or a PDF (E086 if the layout does not compile, E085 if this
    /// build has no PDF support).
    pub fn letter(&self, ctx: &LetterContext, format: LetterFormat) -> Result<Vec<u8>, Diagnostic> {
        match format {
            LetterFormat::Pdf => {
                let data = self.layout_data(ctx, format)?;
                let ident = format!("{}/{}/{}", ctx.date, ctx.customer.id, ctx.stage.name);
                self.pdf(data, &ctx.date, &ident)
            }
            _ => self.render(ctx, format).map(String::into_bytes),
        }
    }

    /// The PDF of a letter whose layout data is `data`: the QR code (if the context has
    /// one, at [`QR_SVG`]) is served to the layout as `qr.svg`.
    pub(super) fn pdf(&self, data: Value, date: &str, ident: &str) -> Result<Vec<u8>, Diagnostic> {
        let qr = data
            .pointer(QR_SVG)
            .and_then(Value::as_str)
            .map(|s| s.as_bytes().to_vec());
        let source = self.render_layout(&data, LetterFormat::Pdf)?;
        let files: Vec<(&str, Vec<u8>)> = qr.into_iter().map(|svg| ("qr.svg", svg)).collect();
        self.compile_pdf(source, files, date, ident)
    }

    #[cfg(feature = "pdf")]
    fn compile_pdf(
        &self,
        source: String,
        files: Vec<(&str, Vec<u8>)>,
        date: &str,
        ident: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| Diagnostic::new(Code::PdfLayout, format!("`{date}` is not a letter date")))?;
        super::pdf::compile(source, files, date, ident).map_err(|e| {
            let name = self
                .origins
                .get("layout.typ")
                .map_or_else(|| "`layout.typ`".to_string(), Origin::display);
            Diagnostic::new(Code::PdfLayout, format!("the PDF layout {name} does not compile: {e}"))
                .help("the line is one of the Typst source the layout produced; see docs/templates.md")
        })
    }

    #[cfg(not(feature = "pdf"))]
    fn compile_pdf(&self, _: String, _: Vec<(&str, Vec<u8>)>, _: &str, _: &str) -> Result<Vec<u8>, Diagnostic> {
        Err(no_pdf())
    }

    /// The context as the layout sees it: the letter context plus `subject`,
    /// `subject_text` and `body` in the format's markup, and for PDF `qr`.
    fn layout_data(&self, ctx: &LetterContext, format: LetterFormat) -> Result<Value, Diagnostic> {
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
        let body = self
            .registries()
            .markdown
            .render(&body_name, &data)
            .map_err(|e| self.error(&e))?;
        let (subject, body) = split_subject(&body);
        let (subject_fmt, body_fmt) = match format {
            LetterFormat::Txt => (
                wrap(&inline_text(subject), WIDTH, "", "").join("\n"),
                to_text(body, WIDTH),
            ),
            LetterFormat::Md => (subject.trim().to_string(), format!("{}\n", body.trim())),
            LetterFormat::Html => (inline_html(subject), to_html(body)),
            LetterFormat::Pdf => (inline_typst(subject), to_typst(body)),
        };
        if let Value::Object(map) = &mut data {
            map.insert("subject_text".into(), Value::String(inline_text(subject)));
            map.insert("subject".into(), Value::String(subject_fmt));
            map.insert("body".into(), Value::String(body_fmt));
        }
        if format == LetterFormat::Pdf {
            with_qr_flag(&mut data);
        }
        Ok(data)
    }

    /// `data` in the format's layout.
    fn render_layout(&self, data: &Value, format: LetterFormat) -> Result<String, Diagnostic> {
        let layout = format!("layout.{}", format.layout());
        let hb = self.registries().for_layout(format);
        hb.render(&layout, data).map_err(|e| self.error(&e))
    }

    /// The letter's subject as plain text (the body's first line without `# `; empty if
    /// the body has none), e.g. for an e-mail's Subject header.
    pub fn subject(&self, ctx: &LetterContext) -> Result<String, Diagnostic> {
        let body_name = format!("{}/{}", ctx.language, ctx.stage.template);
        let data = serde_json::to_value(ctx)
            .map_err(|e| Diagnostic::new(Code::TemplateVariable, format!("letter context: {e}")))?;
        let body = self
            .registries()
            .markdown
            .render(&body_name, &data)
            .map_err(|e| self.error(&e))?;
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

/// Sets `qr` in a PDF layout's data: true when the context has a QR code at [`QR_SVG`].
pub(super) fn with_qr_flag(data: &mut Value) {
    let has = data.pointer(QR_SVG).is_some_and(Value::is_string);
    if let Value::Object(map) = data {
        map.insert("qr".into(), Value::Bool(has));
    }
}

/// E085: this `dun` was built without the `pdf` feature.
pub fn no_pdf() -> Diagnostic {
    Diagnostic::new(
        Code::NoPdf,
        "this dun was built without PDF support (cargo feature `pdf`)",
    )
    .help("build with default features (`cargo install --path .`), or use --format html and print it")
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
        let path = dir.join(format!("layout.{}.hbs", f.layout()));
        if files
            .glob(Path::new(&format!("{base}/layout.{}.hbs", f.layout())))
            .is_ok_and(|v| !v.is_empty())
        {
            out.push((format!("layout.{}", f.layout()), path));
        }
    }
    out
}

fn read(files: &dyn Files, path: &Path) -> Result<String, crate::load::Unreadable> {
    let bytes = files.read(path, MAX_FILE_SIZE)?;
    String::from_utf8(bytes).map_err(|_| crate::load::Unreadable::NotUtf8)
}

/// The built-ins are compiled on the first render, and `dun check` renders only a repo's
/// own templates: these tests are what check the built-ins, with and without rules.
#[cfg(test)]
mod builtin_tests {
    use super::*;
    use crate::letters::sample;
    use crate::rules::{parse_rules, Rules};
    use crate::source::FileId;

    /// Rules with a sender of only a name and an address: the sample's optional sender
    /// fields come from the rules then, and are absent.
    fn rules_with_sender() -> Rules {
        let text = "sender\n  name: \"Vos\"\n  address: \"Gracht 1\"\n";
        let (rules, diags) = parse_rules(FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        rules
    }

    #[test]
    fn every_builtin_body_renders_in_every_format_with_any_sample() {
        let t = Templates::builtin();
        assert!(t.registries.get().is_none(), "nothing is compiled before a render");
        let with_sender = rules_with_sender();
        for (lang, name, _) in builtin::BODIES {
            for rules in [None, Some(&Rules::default()), Some(&with_sender)] {
                for full in [true, false] {
                    let ctx = sample(rules, lang, name, full);
                    for format in LetterFormat::ALL {
                        let letter = t.render(&ctx, format);
                        assert!(letter.is_ok(), "{lang}/{name} {format:?} full={full}: {letter:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_repo_template_replaces_the_builtin_after_a_render() {
        let mut t = Templates::builtin();
        let ctx = sample(None, "en", "reminder", false);
        assert!(t.render(&ctx, LetterFormat::Md).is_ok());
        let origin = Origin::builtin("en/reminder", "");
        t.register("en/reminder", "# Own subject\n\nOwn body.\n", origin)
            .unwrap();
        let letter = t.render(&ctx, LetterFormat::Md).unwrap();
        assert!(letter.contains("Own body."), "{letter}");
    }
}

#[cfg(all(test, feature = "pdf"))]
mod tests {
    use super::*;
    use crate::letters::sample;

    /// The hook for the payment QR code: an SVG at `payment.qr_svg` in the context is
    /// served to the layout as `qr.svg` and placed beside the signature.
    #[test]
    fn a_qr_svg_in_the_context_is_placed_in_the_pdf() {
        let t = Templates::builtin();
        let ctx = sample(None, "nl", "reminder", true);
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect x="1" y="1" width="2" height="2"/></svg>"#;
        let mut data = t.layout_data(&ctx, LetterFormat::Pdf).unwrap();
        // The sample letter has the real EPC code: take it out to compare with and without.
        data["payment"] = serde_json::json!({});
        with_qr_flag(&mut data);
        assert_eq!(data["qr"], Value::Bool(false));
        let without = t.pdf(data.clone(), &ctx.date, "x").unwrap();
        data["payment"] = serde_json::json!({ "qr_svg": svg });
        with_qr_flag(&mut data);
        assert_eq!(data["qr"], Value::Bool(true));
        assert!(t
            .render_layout(&data, LetterFormat::Pdf)
            .unwrap()
            .contains("#image(\"qr.svg\""));
        let with = t.pdf(data, &ctx.date, "x").unwrap();
        // krilla draws the SVG's paths into the page (seen in pdftoppm: the square and
        // "Scan om te betalen" beside the signature); without the file there is nothing.
        assert!(with.len() > without.len(), "{} vs {}", with.len(), without.len());
    }

    #[test]
    fn a_layout_that_does_not_compile_is_e086_with_the_line() {
        let mut t = Templates::builtin();
        let origin = Origin::builtin("layout.typ", "");
        t.register("layout.typ", "= {{subject_text}}\n#nosuchfunction()\n", origin)
            .unwrap();
        let ctx = sample(None, "en", "reminder", false);
        let e = t.letter(&ctx, LetterFormat::Pdf).unwrap_err();
        assert_eq!(e.code, Code::PdfLayout);
        assert!(
            e.message.contains("line 2: unknown variable: nosuchfunction"),
            "{}",
            e.message
        );
    }
}

#[cfg(all(test, not(feature = "pdf")))]
mod tests {
    use super::*;

    #[test]
    fn without_the_feature_pdf_is_e085() {
        let ctx = crate::letters::sample(None, "en", "reminder", false);
        let e = Templates::builtin().letter(&ctx, LetterFormat::Pdf).unwrap_err();
        assert_eq!(e.code, Code::NoPdf);
        // The Typst source is still there (no Typst needed for it).
        assert!(Templates::builtin().render(&ctx, LetterFormat::Pdf).is_ok());
    }
}
