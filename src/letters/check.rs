//! Template checks for `dun check`: every template a stage names exists for every language
//! a customer uses (E055), every repo template parses (E070), every repo template renders
//! against the sample contexts without an unknown name (E071; the built-ins are rendered by
//! their tests), and a repo's own PDF layout
//! compiles (E086; the built-in one is compiled by the tests, and compiling costs time).

use std::path::Path;

use super::render::{LetterFormat, Templates};
use super::sample::sample;
use crate::diag::{Code, Diagnostic};
use crate::load::Files;
use crate::rules::{Action, Rules};
use crate::source::SourceMap;

/// Checks the templates under `templates_dir` (and the built-ins) against the stages of
/// `rules` for each of `languages`. Repo templates read are added to `sources`.
pub fn check_templates(
    files: &dyn Files,
    templates_dir: &Path,
    rules: &Rules,
    languages: &[String],
    sources: &mut SourceMap,
) -> Vec<Diagnostic> {
    let (templates, mut diags) = Templates::load(files, templates_dir, sources);
    diags.extend(missing(&templates, rules, languages));
    for d in render_samples(&templates, rules)
        .into_iter()
        .chain(compile_pdf(&templates, rules))
    {
        if !diags.contains(&d) {
            diags.push(d);
        }
    }
    diags
}

/// E086: the repo's `layout.typ.hbs`, compiled for a full and an empty sample letter in each
/// language with bodies. Only with the `pdf` feature, and only for a repo's own layout.
fn compile_pdf(templates: &Templates, rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !cfg!(feature = "pdf") || !templates.is_own("layout.typ") {
        return out;
    }
    let mut langs: Vec<String> = templates.bodies().into_iter().map(|(l, _)| l).collect();
    langs.dedup();
    for lang in langs {
        let Some((_, name)) = templates.bodies().into_iter().find(|(l, _)| *l == lang) else {
            continue;
        };
        for full in [true, false] {
            let ctx = sample(Some(rules), &lang, &name, full);
            if let Err(d) = templates.letter(&ctx, LetterFormat::Pdf) {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// E055: a stage's template that exists neither in the repo nor built in, per language.
fn missing(templates: &Templates, rules: &Rules, languages: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for policy in &rules.policies {
        for stage in &policy.stages {
            let Action::Letter { template, span } = &stage.action else {
                continue;
            };
            for lang in languages.iter().filter(|l| !templates.has(l, template)) {
                out.push(
                    Diagnostic::new(
                        Code::UnknownTemplate,
                        format!("no template `{template}` for language `{lang}`"),
                    )
                    .at(*span)
                    .label(format!("not in templates/{lang}/ nor built in"))
                    .help(format!(
                        "add templates/{lang}/{template}.hbs, or use a built-in: reminder, second-reminder, \
                         fourteen-day-letter, notice, handover (languages nl, en)"
                    )),
                );
            }
        }
    }
    out
}

/// E071: every body in every format, against a full and an empty sample context, where the
/// body or the format's layout is the repo's own. A built-in body in a built-in layout is
/// rendered against both samples by this module's tests, and renders alike with any rules:
/// the rules change the sample's values (sender, policy), never which names it has.
fn render_samples(templates: &Templates, rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (lang, name) in templates.bodies() {
        let own_body = templates.is_own(&format!("{lang}/{name}"));
        let formats: Vec<LetterFormat> = LetterFormat::ALL
            .into_iter()
            .filter(|f| own_body || templates.is_own(&format!("layout.{}", f.layout())))
            .collect();
        if formats.is_empty() {
            continue;
        }
        for full in [true, false] {
            let ctx = sample(Some(rules), &lang, &name, full);
            for &format in &formats {
                if let Err(d) = templates.render(&ctx, format) {
                    if !out.contains(&d) {
                        out.push(d);
                    }
                }
            }
        }
    }
    out
}
