//! Hover: an invoice's state in the three lines `dun explain` would lead with, a
//! customer's open and overdue totals, a stage's rules line.

use super::analysis::Analysis;
use super::context::{At, Role};
use crate::book::CustomerId;

/// The Markdown shown when hovering the word `at`, if it names something.
pub fn hover(a: &Analysis, at: &At<'_>) -> Option<String> {
    match at.role {
        Role::Invoice { .. } | Role::NumberDecl => invoice(a, at.word),
        Role::Customer | Role::CustomerDecl => customer(a, at.word),
        Role::Stage { customer } => stage(a, at.word, customer),
        _ => None,
    }
}

/// Amount, claim, state, stage and next step of an invoice.
fn invoice(a: &Analysis, number: &str) -> Option<String> {
    let book = &a.project.book;
    let id = book.invoice_id(number)?;
    let inv = book.invoice(id);
    let e = crate::explain::explain(book, &a.project.rules, &a.project.rates, &a.plan, id);
    let head = format!(
        "**Invoice {}** · {} · {}, due {}",
        e.number, e.customer, inv.amount, inv.due
    );
    // `now` leads with the state and what is owed, then a hold if there is one.
    let now = e.now.join(" · ");
    let stage = match a.plan.invoice(id).and_then(|p| p.stage.as_ref()) {
        Some((name, sent)) => format!("stage `{name}` (sent {sent})"),
        None => "no stage sent".to_string(),
    };
    let next = e.next.first().map_or(String::new(), |n| format!(" · {n}"));
    Some(format!("{head}  \n{now}  \n{stage}{next}  \n*as of {}*", a.plan.as_of))
}

/// Open and overdue totals of a customer, per currency.
fn customer(a: &Analysis, id: &str) -> Option<String> {
    let book = &a.project.book;
    let cid = book.customer_id(id)?;
    let c = book.customer(cid);
    let policy = crate::plan::policy_for(&a.project.rules, c)
        .map_or("no policy".to_string(), |p| format!("policy `{}`", p.name));
    let kind = c.kind.map_or("no kind", |k| k.as_str());
    let mut lines = vec![format!("**{}** · {} · {kind}, {policy}", c.id, c.name)];
    let totals = a.plan.customer_totals(book);
    let mut money: Vec<String> = totals
        .iter()
        .filter(|((owner, _), _)| *owner == cid)
        .map(|((_, cur), t)| {
            let mut s = format!(
                "open {} {cur}, overdue {} {cur}",
                cur.format(t.open),
                cur.format(t.overdue)
            );
            if !t.total.is_zero() && t.total != t.open {
                s.push_str(&format!(", claim {} {cur}", cur.format(t.total)));
            }
            if !t.credit.is_zero() {
                s.push_str(&format!(", credit {} {cur}", cur.format(t.credit)));
            }
            s
        })
        .collect();
    if money.is_empty() {
        money.push("nothing open".into());
    }
    let open = a
        .plan
        .invoices
        .iter()
        .filter(|p| p.is_outstanding() && book.invoice(p.invoice).customer == cid)
        .count();
    lines.push(format!(
        "{} · {}",
        money.join("; "),
        crate::diag::plural(open, "open invoice", "open invoices")
    ));
    lines.extend(grade_line(a, cid));
    lines.push(format!("*as of {}*", a.plan.as_of));
    Some(lines.join("  \n"))
}

/// THE place for the customer's payment grade (A–D, from `dun customers`) on hover. The
/// `customers` module that computes grades is not part of this build, so there is no grade
/// to show yet: when it is, compute it here from `a.project.book`, `a.project.rules` and
/// `a.plan.as_of` and return `Some(format!("grade {grade}"))`.
fn grade_line(a: &Analysis, customer: CustomerId) -> Option<String> {
    let book = &a.project.book;
    let options = crate::customers::Options {
        customer: Some(book.customer(customer).id.to_string()),
        history: false,
    };
    let b = crate::customers::behaviour(book, &a.project.rules, &a.plan, &options).ok()?;
    let grades: Vec<String> = b
        .customers
        .iter()
        .map(|c| {
            let avg = c.avg_days_late.map_or("no invoices settled".to_string(), |d| {
                format!("{d} days late on average")
            });
            let advice = match c.advice.is_empty() {
                true => String::new(),
                false => format!("; advice: {}", c.advice.join(", ")),
            };
            format!("grade {} in {} ({avg}{advice})", c.grade.as_str(), c.currency)
        })
        .collect();
    (!grades.is_empty()).then(|| grades.join(" · "))
}

/// The rules line of a stage: in the customer's policy when the line names a customer whose
/// policy has it, else in every policy that has a stage of that name.
fn stage(a: &Analysis, name: &str, customer: Option<&str>) -> Option<String> {
    let rules = &a.project.rules;
    let book = &a.project.book;
    let own = customer
        .and_then(|c| book.customer_id(c))
        .and_then(|c| crate::plan::policy_for(rules, book.customer(c)))
        .filter(|p| p.stage(name).is_some());
    let policies: Vec<_> = match own {
        Some(p) => vec![p],
        None => rules.policies.iter().filter(|p| p.stage(name).is_some()).collect(),
    };
    let mut out = Vec::new();
    for p in policies {
        let stage = p.stage(name)?;
        let file = a.project.sources.file(stage.line.file);
        let at = file.line_col(stage.line.start as usize);
        let place = file
            .path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        out.push(format!(
            "**stage `{name}`** · policy `{}` · {place}:{}\n```\n{}\n```",
            p.name,
            at.line,
            a.project.sources.text(stage.line).trim()
        ));
    }
    (!out.is_empty()).then(|| out.join("\n"))
}
