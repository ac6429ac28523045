//! Completion: customer ids where a customer is expected, open invoice numbers where an
//! invoice is, entry keywords after a date, field keys inside a block, stage names in `sent`.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionList, CompletionTextEdit, TextEdit};

use super::analysis::Analysis;
use super::context::{At, Role};
use super::position::LineIndex;
use crate::syntax::fields::FieldSpec;
use crate::syntax::journal::{entry_fields, CUSTOMER_FIELDS, DIRECTIVES, ENTRY_KINDS};

/// At most this many items are sent; the list is marked incomplete beyond (a journal of a
/// million invoices must not send them all on every keystroke).
const MAX_ITEMS: usize = 500;

/// One candidate before it becomes an item.
struct Candidate {
    label: String,
    detail: Option<String>,
    kind: CompletionItemKind,
    insert: Option<String>,
}

fn plain(label: &str, kind: CompletionItemKind) -> Candidate {
    Candidate {
        label: label.to_string(),
        detail: None,
        kind,
        insert: None,
    }
}

/// The completions at `at` in the document `text` (`prefix`: the word up to the cursor).
pub fn complete(a: Option<&Analysis>, at: &At<'_>, prefix: &str, index: &LineIndex<'_>) -> CompletionList {
    let candidates = match (&at.role, a) {
        (Role::EntryKind, _) => ENTRY_KINDS
            .iter()
            .map(|k| plain(k, CompletionItemKind::KEYWORD))
            .collect(),
        (Role::HeadStart, _) => DIRECTIVES
            .iter()
            .map(|k| plain(k, CompletionItemKind::KEYWORD))
            .collect(),
        (Role::FieldKey { block }, _) => fields(block),
        (Role::Customer, Some(a)) => customers(a),
        (Role::Invoice { customer }, Some(a)) => open_invoices(a, *customer),
        (Role::Stage { customer }, Some(a)) => stages(a, *customer),
        (Role::Policy, Some(a)) => a
            .project
            .rules
            .policies
            .iter()
            .map(|p| plain(&p.name, CompletionItemKind::MODULE))
            .collect(),
        _ => Vec::new(),
    };
    let range = index.range(at.range.clone());
    let mut matching = candidates.into_iter().filter(|c| c.label.starts_with(prefix));
    let items: Vec<CompletionItem> = matching
        .by_ref()
        .take(MAX_ITEMS)
        .enumerate()
        .map(|(i, c)| CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                c.insert.clone().unwrap_or_else(|| c.label.clone()),
            ))),
            // Keep our order (open invoices oldest due first) over the client's alphabet.
            sort_text: Some(format!("{i:06}")),
            filter_text: Some(c.label.clone()),
            label: c.label,
            detail: c.detail,
            kind: Some(c.kind),
            ..Default::default()
        })
        .collect();
    CompletionList {
        is_incomplete: matching.next().is_some(),
        items,
    }
}

/// The keys of a block's fields, each inserted with its colon.
fn fields(block: &str) -> Vec<Candidate> {
    let specs: &[FieldSpec] = match block {
        "customer" => CUSTOMER_FIELDS,
        kind if ENTRY_KINDS.contains(&kind) => entry_fields(kind),
        _ => &[],
    };
    specs
        .iter()
        .map(|f| Candidate {
            label: f.key.to_string(),
            detail: f.repeat.then(|| "repeatable".to_string()),
            kind: CompletionItemKind::FIELD,
            insert: Some(format!("{}: ", f.key)),
        })
        .collect()
}

fn customers(a: &Analysis) -> Vec<Candidate> {
    a.project
        .book
        .customers
        .iter()
        .map(|c| Candidate {
            label: c.id.to_string(),
            detail: Some(c.name.clone()),
            kind: CompletionItemKind::CLASS,
            insert: None,
        })
        .collect()
}

/// Open invoices (of `customer`, when the line names a known one), oldest due date first.
fn open_invoices(a: &Analysis, customer: Option<&str>) -> Vec<Candidate> {
    let book = &a.project.book;
    let only = customer.and_then(|c| book.customer_id(c));
    let mut open: Vec<_> = a
        .plan
        .invoices
        .iter()
        .filter(|p| p.is_outstanding())
        .map(|p| (p, book.invoice(p.invoice)))
        .filter(|(_, inv)| only.is_none_or(|c| inv.customer == c))
        .collect();
    open.sort_by(|(_, x), (_, y)| (x.due, &x.number).cmp(&(y.due, &y.number)));
    open.into_iter()
        .map(|(p, inv)| {
            let cur = inv.amount.currency;
            Candidate {
                label: inv.number.to_string(),
                detail: Some(format!(
                    "{} · open {} {cur} · due {}",
                    book.customer(inv.customer).id,
                    cur.format(a.plan.ledger(p.invoice).total()),
                    inv.due
                )),
                kind: CompletionItemKind::VALUE,
                insert: None,
            }
        })
        .collect()
}

/// The stages of the customer's policy, else every stage name of the rules (once each).
fn stages(a: &Analysis, customer: Option<&str>) -> Vec<Candidate> {
    let rules = &a.project.rules;
    let book = &a.project.book;
    let own = customer
        .and_then(|c| book.customer_id(c))
        .and_then(|c| crate::plan::policy_for(rules, book.customer(c)));
    let policies: Vec<_> = match own {
        Some(p) => vec![p],
        None => rules.policies.iter().collect(),
    };
    let mut seen = std::collections::HashSet::new();
    policies
        .into_iter()
        .flat_map(|p| p.stages.iter().map(move |s| (p, s)))
        .filter(|(_, s)| seen.insert(s.name.clone()))
        .map(|(p, s)| Candidate {
            label: s.name.clone(),
            detail: Some(format!("policy {}: after {}", p.name, s.after)),
            kind: CompletionItemKind::ENUM_MEMBER,
            insert: None,
        })
        .collect()
}
