//! `status --format html`: a self-contained page (no external assets); every text escaped.

use super::Report;

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
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}";

/// The HTML page.
pub fn render(r: &Report) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Status as of {d}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Status as of {d}</h1>\n",
        d = r.as_of
    );
    out.push_str("<table>\n<tr><th>customer</th><th>invoice</th><th>due</th><th>days overdue</th><th>open</th><th>interest</th><th>fees</th><th>stage</th><th>next</th><th>on</th><th>hold</th></tr>\n");
    for i in &r.invoices {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&i.customer),
            escape(&i.number),
            i.due,
            i.days_overdue,
            i.open,
            i.currency,
            i.interest,
            i.fees,
            escape(i.stage.as_deref().unwrap_or("")),
            escape(i.next_stage.as_deref().unwrap_or("")),
            i.next_due.map(|d| d.to_string()).unwrap_or_default(),
            i.hold.unwrap_or(""),
        ));
    }
    out.push_str("</table>\n<h2>Totals</h2>\n<table>\n<tr><th>currency</th><th>open</th><th>overdue</th><th>current</th><th>1-30</th><th>31-60</th><th>61-90</th><th>90+</th></tr>\n");
    for t in &r.totals {
        let buckets: String = t
            .buckets
            .iter()
            .map(|(_, v)| format!("<td class=\"n\">{v}</td>"))
            .collect();
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{buckets}</tr>\n",
            t.currency, t.open, t.overdue
        ));
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}
