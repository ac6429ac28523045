//! `status --format markdown`: GitHub-flavoured tables for reports and issues.

use super::{summary_cells, total_cells, Report, SUMMARY_COLUMNS, TOTAL_COLUMNS};

/// Escapes the characters that would break a table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ")
}

/// The Markdown text.
pub fn render(r: &Report) -> String {
    let mut out = format!("# Status as of {}\n\n", r.as_of);
    let names: Vec<&str> = SUMMARY_COLUMNS.iter().map(|(n, _)| *n).collect();
    let aligns: Vec<&str> = SUMMARY_COLUMNS
        .iter()
        .map(|(_, num)| if *num { "--:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n|{}|\n", names.join(" | "), aligns.join("|")));
    for i in &r.invoices {
        out.push_str(&format!("| {} |\n", summary_cells(i, cell).join(" | ")));
    }
    out.push_str(&format!(
        "\n## Totals\n\n| currency | {} |\n|---|{}|\n",
        TOTAL_COLUMNS.join(" | "),
        vec!["--:"; TOTAL_COLUMNS.len()].join("|")
    ));
    for t in &r.totals {
        out.push_str(&format!("| {} | {} |\n", t.currency, total_cells(t).join(" | ")));
    }
    out
}
