//! `status --format markdown`: GitHub-flavoured tables for reports and issues.

use super::Report;

/// Escapes the characters that would break a table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ")
}

/// The Markdown text.
pub fn render(r: &Report) -> String {
    let mut out = format!("# Status as of {}\n\n", r.as_of);
    out.push_str("| customer | invoice | due | days overdue | open | interest | fees | stage | next | on | hold |\n");
    out.push_str("|---|---|---|--:|--:|--:|--:|---|---|---|---|\n");
    for i in &r.invoices {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} {} | {} | {} | {} | {} | {} | {} |\n",
            cell(&i.customer),
            cell(&i.number),
            i.due,
            i.days_overdue,
            i.open,
            i.currency,
            i.interest,
            i.fees,
            cell(i.stage.as_deref().unwrap_or("")),
            cell(i.next_stage.as_deref().unwrap_or("")),
            i.next_due.map(|d| d.to_string()).unwrap_or_default(),
            i.hold.unwrap_or(""),
        ));
    }
    out.push_str("\n## Totals\n\n| currency | open | overdue | current | 1-30 | 31-60 | 61-90 | 90+ |\n|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for t in &r.totals {
        let buckets: Vec<&str> = t.buckets.iter().map(|(_, v)| v.as_str()).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            t.currency,
            t.open,
            t.overdue,
            buckets.join(" | ")
        ));
    }
    out
}
