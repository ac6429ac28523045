//! `dun diff` output: a table for people, JSON for tools.

use super::status::{InvoiceRef, Move, PaymentChange, StatusDiff, TotalMove};

/// The diff as text: one section per kind of change (sections without changes are left
/// out), then the totals per currency.
pub fn render_text(d: &StatusDiff) -> String {
    let mut out = format!("{} ({}) -> {} ({})\n", d.from.rev, d.from.date, d.to.rev, d.to.date);
    if d.is_empty() {
        out.push_str("\nno entries changed\n");
    }
    section(&mut out, "New invoices", invoices(&d.new_invoices));
    section(&mut out, "Removed invoices", invoices(&d.removed_invoices));
    section(&mut out, "Payments and credits", payments(&d.payments));
    section(&mut out, "Stages sent", moves(&d.stages));
    section(&mut out, "Holds opened and closed", moves(&d.holds));
    section(&mut out, "Invoices closed or reopened", moves(&d.states));
    section(&mut out, "Totals", totals(&d.totals));
    out
}

/// Rows of invoices: number, customer, amount, dates.
fn invoices(list: &[InvoiceRef]) -> Vec<Vec<String>> {
    list.iter()
        .map(|i| {
            vec![
                i.number.clone(),
                i.customer.clone(),
                format!("{} {}", i.amount, i.currency),
                format!("dated {}, due {}", i.date, i.due),
            ]
        })
        .collect()
}

/// Rows of payments: change, date, customer, number or kind, amount, applied, to which invoices.
fn payments(list: &[PaymentChange]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| {
            let to: Vec<String> = p
                .invoices
                .iter()
                .map(|a| format!("{} {}", a.invoice, a.amount))
                .collect();
            vec![
                p.change.to_string(),
                p.date.clone(),
                p.customer.clone(),
                p.number.clone().unwrap_or_else(|| p.kind.to_string()),
                format!("{} {}", p.amount, p.currency),
                format!("applied {}", p.applied),
                to.join(", "),
            ]
        })
        .collect()
}

/// Rows of totals: currency, open and overdue before -> after (change).
fn totals(list: &[TotalMove]) -> Vec<Vec<String>> {
    list.iter()
        .map(|t| {
            vec![
                t.currency.clone(),
                "open".into(),
                format!("{} -> {}", t.open_from, t.open_to),
                format!("({})", t.open_change),
                "overdue".into(),
                format!("{} -> {}", t.overdue_from, t.overdue_to),
                format!("({})", t.overdue_change),
            ]
        })
        .collect()
}

/// Rows of moves: number, customer, `from -> to` (`-` for none).
fn moves(list: &[Move]) -> Vec<Vec<String>> {
    let word = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    list.iter()
        .map(|m| {
            vec![
                m.number.clone(),
                m.customer.clone(),
                format!("{} -> {}", word(&m.from), word(&m.to)),
            ]
        })
        .collect()
}

/// A titled section of aligned columns; nothing when there are no rows.
fn section(out: &mut String, title: &str, rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}\n"));
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str("  ");
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.chars().count()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The diff as pretty JSON, ending with a newline.
pub fn render_json(d: &StatusDiff) -> String {
    // Plain structs of strings always serialise.
    let mut out = serde_json::to_string_pretty(d).unwrap_or_default();
    out.push('\n');
    out
}
