//! `status --format markdown`: GitHub-flavoured tables for reports and issues.

use std::io::Write;

use super::out::Out;
use super::{summary_cells, total_cells, Report, SUMMARY_COLUMNS, TOTAL_COLUMNS};

/// Escapes the characters that would break a table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ")
}

/// Writes the Markdown text to `sink`.
pub fn write(r: &Report, sink: &mut dyn Write) -> std::io::Result<()> {
    let mut o = Out::new(sink);
    let names: Vec<&str> = SUMMARY_COLUMNS.iter().map(|(n, _)| *n).collect();
    let aligns: Vec<&str> = SUMMARY_COLUMNS
        .iter()
        .map(|(_, num)| if *num { "--:" } else { "---" })
        .collect();
    write!(
        o.buf,
        "# Status as of {}\n\n| {} |\n|{}|\n",
        r.as_of,
        names.join(" | "),
        aligns.join("|")
    )?;
    for i in &r.invoices {
        writeln!(o.buf, "| {} |", summary_cells(i, cell).join(" | "))?;
        o.row_done()?;
    }
    write!(
        o.buf,
        "\n## Totals\n\n| currency | {} |\n|---|{}|\n",
        TOTAL_COLUMNS.join(" | "),
        vec!["--:"; TOTAL_COLUMNS.len()].join("|")
    )?;
    for t in &r.totals {
        writeln!(o.buf, "| {} | {} |", t.currency, total_cells(t).join(" | "))?;
    }
    o.finish()
}
