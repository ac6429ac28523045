//! The status report as a bare HTML table page (no external assets; every text escaped), for
//! library callers of [`super::render`]. `dun status --format html` shows the dashboard of
//! [`crate::dashboard`] instead, which needs more than a [`Report`].

use super::{summary_cells, total_cells, Report, SUMMARY_COLUMNS, TOTAL_COLUMNS};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin-bottom:2em}th,td{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}\
td{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}";

/// The HTML page.
pub fn render(r: &Report) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Status as of {d}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Status as of {d}</h1>\n",
        d = r.as_of
    );
    let header: String = SUMMARY_COLUMNS.iter().map(|(n, _)| format!("<th>{n}</th>")).collect();
    out.push_str(&format!("<table>\n<tr>{header}</tr>\n"));
    for i in &r.invoices {
        let cells: String = summary_cells(i, escape)
            .iter()
            .zip(SUMMARY_COLUMNS)
            .map(|(c, (_, num))| {
                if num {
                    format!("<td class=\"n\">{c}</td>")
                } else {
                    format!("<td>{c}</td>")
                }
            })
            .collect();
        out.push_str(&format!("<tr>{cells}</tr>\n"));
    }
    let header: String = TOTAL_COLUMNS.iter().map(|n| format!("<th>{n}</th>")).collect();
    out.push_str(&format!(
        "</table>\n<h2>Totals</h2>\n<table>\n<tr><th>currency</th>{header}</tr>\n"
    ));
    for t in &r.totals {
        let cells: String = total_cells(t)
            .iter()
            .map(|v| format!("<td class=\"n\">{v}</td>"))
            .collect();
        out.push_str(&format!("<tr><td>{}</td>{cells}</tr>\n", t.currency));
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}
