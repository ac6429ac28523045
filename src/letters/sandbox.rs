//! What a repo's own template may do: render the letter context, nothing else.
//!
//! Handlebars as `dun` configures it has no file access and no code execution: templates
//! are registered from text only (no `dir_source`, no `script_helper`), and the helpers
//! (`money`, `date`, `pad`, ...) are pure functions of their arguments, with widths capped.
//! Two things could still make a template run away, and both are refused before it is
//! compiled:
//!
//! - **partials and decorators** (`{{> name}}`, `{{#> name}}`, `{{#*inline}}`): a partial
//!   names another registered template, so a body could include itself and recurse until the
//!   stack overflows. Letter templates need none.
//! - **deep nesting**: the template parser recurses once per nested block, so a file of
//!   100,000 nested `{{#if}}` would overflow the stack while parsing. More than
//!   [`MAX_NESTING`] levels is refused.
//!
//! Loops are bounded by the data: `{{#each}}` walks a finite list of the context.

use handlebars::template::{Template, TemplateElement};

/// Deepest block nesting allowed in a template.
pub const MAX_NESTING: usize = 32;

/// Why a template is refused, and the byte offset to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Byte offset of the offending `{{`.
    pub offset: usize,
    /// What is wrong.
    pub reason: String,
}

/// Checks a template's text before it is compiled.
pub fn check(text: &str) -> Result<(), Refusal> {
    let mut depth = 0usize;
    for (offset, tag) in tags(text) {
        let tag = tag.trim_start_matches('~').trim_start();
        if tag.starts_with('>') || tag.starts_with("#>") || tag.starts_with('*') || tag.starts_with("#*") {
            return Err(Refusal {
                offset,
                reason: "partials and decorators (`{{> name}}`, `{{#*inline}}`) are not allowed in letter templates"
                    .into(),
            });
        }
        if tag.starts_with('#') || (tag.starts_with('^') && tag.len() > 1) {
            depth += 1;
            if depth > MAX_NESTING {
                return Err(Refusal {
                    offset,
                    reason: format!("blocks nested deeper than {MAX_NESTING} levels"),
                });
            }
        } else if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

/// Checks a compiled template for partials and decorators the text scan could not see
/// (there are none if [`check`] passed; this is the second line of defence).
pub fn check_compiled(template: &Template) -> Result<(), String> {
    for e in &template.elements {
        match e {
            TemplateElement::PartialExpression(_)
            | TemplateElement::PartialBlock(_)
            | TemplateElement::DecoratorExpression(_)
            | TemplateElement::DecoratorBlock(_) => {
                return Err("partials and decorators are not allowed in letter templates".into())
            }
            TemplateElement::HelperBlock(h) => {
                for t in h.template.iter().chain(&h.inverse) {
                    check_compiled(t)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every `{{...` tag: its offset and the text after the braces (without `{` of `{{{`).
fn tags(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices("{{").filter_map(move |(i, _)| {
        // `\{{` is an escaped, literal `{{`.
        if text[..i].ends_with('\\') {
            return None;
        }
        let rest = text[i + 2..].trim_start_matches('{');
        Some((i, rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partials_decorators_and_deep_nesting_are_refused() {
        for bad in [
            "{{> nl/reminder}}",
            "a {{~> layout.html}}",
            "{{#> x}}y{{/x}}",
            "{{#*inline \"p\"}}{{> p}}{{/inline}}",
            "{{* deco}}",
        ] {
            let r = check(bad).unwrap_err();
            assert!(r.reason.contains("partials"), "{bad}");
            assert_eq!(&bad[r.offset..r.offset + 2], "{{", "{bad}");
        }
        let deep = "{{#if a}}".repeat(100_000);
        assert!(check(&deep).unwrap_err().reason.contains("nested deeper"));
        let ok = "{{#if a}}{{#each b}}{{this}}{{/each}}{{else}}\\{{> literal}}{{/if}}";
        assert_eq!(check(ok), Ok(()));
        assert_eq!(check(&"{{#if a}}x{{/if}}".repeat(1000)), Ok(()));
        let compiled = Template::compile("{{#if a}}{{> p}}{{/if}}").unwrap();
        assert!(check_compiled(&compiled).is_err());
    }
}
