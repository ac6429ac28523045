//! `ref:` on invoices: a value that looks like a structured payment reference must be one.

use crate::book::{Book, Invoice};
use crate::diag::{Code, Diagnostic};
use crate::payref::Kind;
use crate::rules::Rules;

/// E072 for a `ref:` that looks structured (it starts with `RF` and a digit, or `+++` or
/// `***`, or it is all digits under `reference be|nl`) but fails that kind's check; W073 for
/// any other `ref:` when the rules name a kind, since letters and QR codes then quote it as
/// free text.
pub fn references_valid(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let generated = rules.reference.map(|r| r.node);
    book.invoices
        .iter()
        .filter_map(|inv| Some((inv, inv.reference.as_deref()?, inv.reference_span)))
        .filter_map(|(inv, text, span)| {
            let digits = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '/' | '-'));
            let kind = Kind::guess(text).or(match generated {
                Some(k @ (Kind::Be | Kind::Nl)) if digits => Some(k),
                _ => None,
            });
            match (kind, generated) {
                (Some(kind), _) => kind
                    .validate(text)
                    .err()
                    .map(|problem| bad(inv, text, kind, problem).at(span)),
                (None, Some(kind)) => Some(free_text(inv, kind).at(span)),
                (None, None) => None,
            }
        })
        .collect()
}

fn bad(inv: &Invoice, text: &str, kind: Kind, problem: &str) -> Diagnostic {
    Diagnostic::new(
        Code::BadReference,
        format!("invoice `{}`: `{text}` is not a valid {}", inv.number, kind.title()),
    )
    .label(problem.to_string())
    .help(format!(
        "copy the reference from the invoice as sent (e.g. {}), or remove `ref:` and let the rules' `reference` setting generate one",
        kind.example()
    ))
}

fn free_text(inv: &Invoice, kind: Kind) -> Diagnostic {
    Diagnostic::new(
        Code::UnstructuredReference,
        format!(
            "invoice `{}`: `ref:` is free text, not a structured reference",
            inv.number
        ),
    )
    .label(format!("the rules say `reference {}`: {}", kind.as_str(), kind.title()))
    .help(format!(
        "letters quote it as free text; write a structured reference (e.g. {}) or remove `ref:` to have one generated",
        kind.example()
    ))
}

/// W074 when an invoice without `ref:` would get, from the rules' `reference` setting, the
/// same reference as another invoice (generated or written): numbers that differ only in
/// separators or non-ASCII letters (`INV-1-23`, `INV-12-3`) derive the same `rf` reference,
/// and a payment could not be told apart.
pub fn references_unique(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let Some(kind) = rules.reference else {
        return Vec::new();
    };
    let key = |r: &str| -> String {
        r.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_uppercase()
    };
    let mut seen: std::collections::HashMap<String, &Invoice> = std::collections::HashMap::new();
    let mut out = Vec::new();
    // Written references first, so a generated one is reported against them.
    let written = book
        .invoices
        .iter()
        .filter_map(|i| Some((i, i.reference.as_deref()?.to_string(), false)));
    let generated = book
        .invoices
        .iter()
        .filter(|i| i.reference.is_none())
        .map(|i| (i, kind.node.for_invoice(&i.number), true));
    for (inv, reference, derived) in written.collect::<Vec<_>>().into_iter().chain(generated) {
        match seen.get(&key(&reference)) {
            Some(first) if derived => out.push(
                Diagnostic::new(
                    Code::SameReference,
                    format!(
                        "invoices `{}` and `{}` get the same payment reference {reference}",
                        first.number, inv.number
                    ),
                )
                .at(inv.span)
                .label(format!(
                    "its reference is derived from its number (`reference {}`)",
                    kind.node.as_str()
                ))
                .related(first.span, "the other invoice")
                .help("give one of them its own `ref:`, so that payments can be told apart"),
            ),
            Some(_) => {}
            None => {
                seen.insert(key(&reference), inv);
            }
        }
    }
    out
}
