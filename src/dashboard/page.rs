//! The page: one HTML file with its style inline, readable without script (a few lines sort
//! the customer table and open every invoice list for printing). Every text from the
//! journal or the rules goes through [`Esc`]. The markup is also well-formed XML (void
//! elements closed, no named entities but XML's own), so any XML reader can check it.
//!
//! Each figure carries its exact amount in `data-*` attributes, as `status --format json`
//! writes it (`data-value="52634.35"`); the text shows it grouped (`52,634.35`).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::esc::{group, Esc};
use super::svg::{aging_bar, overdue_line, BUCKET_COLOURS};
use super::{amount, Action, CustomerCard, Dashboard, Headline, Held, Skipped};
use crate::money::Currency;
use crate::status::{InvoiceRow, UnmatchedRow};

const STYLE: &str = include_str!("style.css");

/// Sorting the customer table by a header, and opening every invoice list before printing.
/// Free of `<` and `&` so the page stays well-formed XML.
const SCRIPT: &str = "document.querySelectorAll('th[data-sort]').forEach(function(th){\
th.addEventListener('click',function(){var t=th.closest('table'),k=th.dataset.sort,\
d=th.dataset.dir==='1'?-1:1;th.dataset.dir=d===1?'1':'0';var b=Array.from(t.tBodies);\
b.sort(function(x,y){var a=x.dataset[k],c=y.dataset[k];\
return d*(th.dataset.num?(parseFloat(a)-parseFloat(c)):a.localeCompare(c));});\
b.forEach(function(e){t.appendChild(e);});});});\
window.addEventListener('beforeprint',function(){document.querySelectorAll('details')\
.forEach(function(e){e.open=true;});});";

/// The whole page.
pub fn render(d: &Dashboard) -> String {
    let mut out = String::with_capacity(64 * 1024 + d.customers.len() * 2048);
    let who = d
        .customer
        .as_deref()
        .map(|c| format!(" of {}", Esc(c)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>Receivables{who} as of {day}</title>\n<style>\n{STYLE}</style>\n</head>\n<body data-as-of=\"{day}\">\n\
         <h1>Receivables{who} as of <span class=\"day\">{day}</span></h1>\n",
        day = d.as_of
    );
    headline_section(&mut out, d);
    today_section(&mut out, d);
    customers_section(&mut out, d);
    let _ = write!(
        out,
        "<footer>Made by dun on {}. Amounts are principal unless named; interest as accrued to the date.</footer>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        d.as_of
    );
    out
}

fn headline_section(out: &mut String, d: &Dashboard) {
    out.push_str("<section id=\"headline\">\n");
    if d.headlines.is_empty() {
        out.push_str("<p class=\"none\">Nothing is open.</p>\n");
    }
    for h in &d.headlines {
        headline(out, h, d);
    }
    out.push_str("</section>\n");
}

fn headline(out: &mut String, h: &Headline, d: &Dashboard) {
    let cur = h.currency;
    let t = &h.totals;
    let e = &h.earlier;
    let _ = write!(
        out,
        "<div class=\"currency\" data-currency=\"{c}\">\n<h2>{c}</h2>\n<div class=\"figures\">\n",
        c = Esc(cur.code())
    );
    figure(out, ("open", "Open"), &t.open, Some(e.open), cur);
    figure(out, ("overdue", "Overdue"), &t.overdue, Some(e.overdue), cur);
    figure(out, ("interest", "Interest"), &t.interest, None, cur);
    figure(out, ("fees_owed", "Costs owed"), &t.fees_owed, None, cur);
    figure(out, ("total", "Total claims"), &t.total, None, cur);
    if let Some(dso) = h.dso {
        let change = e.dso.map(|then| dso - then);
        let _ = writeln!(
            out,
            "<div class=\"figure\" data-figure=\"dso_countback\" data-value=\"{dso}\"{earlier}>\
             <div class=\"label\">DSO (countback)</div><div class=\"value\">{dso} days</div>{delta}</div>",
            earlier = e.dso.map(|v| format!(" data-earlier=\"{v}\"")).unwrap_or_default(),
            delta = delta(change, |v| format!("{v} days")),
        );
    }
    let _ = write!(
        out,
        "</div>\n<p class=\"since\">Changes since {} ({} days earlier).</p>\n",
        e.date,
        super::CHANGE_DAYS
    );
    aging(out, h);
    let _ = write!(
        out,
        "<h3>Overdue at each month end</h3>\n{}",
        overdue_line(cur, &d.history)
    );
    points_table(out, d, cur);
    out.push_str("</div>\n");
}

/// One headline figure (`key` names it in `data-figure`), with the change from its value
/// `earlier` beside it.
fn figure(out: &mut String, (key, label): (&str, &str), value: &str, earlier: Option<Decimal>, cur: Currency) {
    let _ = writeln!(
        out,
        "<div class=\"figure\" data-figure=\"{key}\" data-value=\"{value}\"{}>\
         <div class=\"label\">{label}</div><div class=\"value\">{}</div>{}</div>",
        earlier
            .map(|e| format!(" data-earlier=\"{}\"", cur.format(e)))
            .unwrap_or_default(),
        group(value),
        delta(earlier.map(|e| amount(value) - e), |v| group(&cur.format(v))),
    );
}

/// `▲ 1,210.00` (up), `▼ 305.00` (down), `no change`, or nothing without a change.
fn delta(change: Option<Decimal>, show: impl Fn(Decimal) -> String) -> String {
    match change {
        None => String::new(),
        Some(c) if c.is_zero() => "<div class=\"delta\">no change</div>".to_string(),
        Some(c) if c > Decimal::ZERO => format!("<div class=\"delta up\">▲ {}</div>", show(c)),
        Some(c) => format!("<div class=\"delta down\">▼ {}</div>", show(-c)),
    }
}

fn aging(out: &mut String, h: &Headline) {
    let buckets: Vec<(&str, Decimal)> = h.totals.buckets.iter().map(|(n, v)| (*n, amount(v))).collect();
    let _ = write!(
        out,
        "<h3>Open by days overdue</h3>\n{}<ul class=\"legend\">\n",
        aging_bar(h.currency, &buckets)
    );
    for ((name, value), colour) in h.totals.buckets.iter().zip(BUCKET_COLOURS) {
        let label = match *name {
            "current" => "current".to_string(),
            other => format!("{other} days"),
        };
        let _ = writeln!(
            out,
            "<li data-bucket=\"{name}\" data-value=\"{value}\"><span class=\"swatch\" style=\"background:{colour}\"></span>{label}: {}</li>",
            group(value)
        );
    }
    out.push_str("</ul>\n");
}

/// The chart's figures as a table, folded: the exact amounts for people and for tests.
fn points_table(out: &mut String, d: &Dashboard, cur: Currency) {
    out.push_str(
        "<details class=\"points\"><summary>Figures</summary>\n<table>\n<tr><th>day</th><th class=\"n\">open</th><th class=\"n\">overdue</th></tr>\n",
    );
    for p in &d.history {
        let a = p.of(cur);
        let (open, overdue) = (cur.format(a.open), cur.format(a.overdue));
        let _ = writeln!(
            out,
            "<tr class=\"point\" data-currency=\"{c}\" data-date=\"{}\" data-open=\"{open}\" data-overdue=\"{overdue}\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            p.date,
            p.date,
            group(&open),
            group(&overdue),
            c = Esc(cur.code()),
        );
    }
    out.push_str("</table>\n</details>\n");
}

fn today_section(out: &mut String, d: &Dashboard) {
    out.push_str("<section id=\"today\">\n<h2>Today</h2>\n");
    actions(out, &d.actions);
    skipped(out, &d.skipped);
    out.push_str("<h3>On hold</h3>\n");
    held(out, &d.held);
    out.push_str("<h3>Unmatched money</h3>\n");
    unmatched(out, &d.unmatched);
    out.push_str("</section>\n");
}

fn actions(out: &mut String, actions: &[Action]) {
    if actions.is_empty() {
        out.push_str("<p class=\"none\">No letters or tasks are due.</p>\n");
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table class=\"actions\">\n<tr><th>what</th><th>customer</th><th>stage</th>\
         <th>invoices</th><th class=\"n\">amount</th><th>pay by / to do</th></tr>\n",
    );
    for a in actions {
        let cur = a.amount.currency;
        let value = cur.format(a.amount.amount);
        let note = match a.pay_by {
            Some(d) => d.to_string(),
            None => Esc(&a.text).to_string(),
        };
        let _ = writeln!(
            out,
            "<tr class=\"action\" data-kind=\"{kind}\" data-customer=\"{id}\" data-stage=\"{stage}\" data-currency=\"{c}\" data-value=\"{value}\">\
             <td>{kind}</td><td>{name} <span class=\"id\">{id}</span></td><td>{stage}</td><td>{invoices}</td>\
             <td class=\"n\">{} {c}</td><td class=\"text\">{note}</td></tr>",
            group(&value),
            kind = a.kind.as_str(),
            id = Esc(&a.customer),
            name = Esc(&a.name),
            stage = Esc(&a.stage),
            invoices = Esc(&a.invoices.join(", ")),
            c = Esc(cur.code()),
        );
    }
    out.push_str("</table></div>\n");
}

fn skipped(out: &mut String, skipped: &[Skipped]) {
    for s in skipped {
        let cur = s.overdue.currency;
        let _ = writeln!(
            out,
            "<p class=\"skipped\" data-customer=\"{}\">Not sent to {}: overdue {} {c} is below the minimum {} {c}.</p>",
            Esc(&s.customer),
            Esc(&s.customer),
            group(&cur.format(s.overdue.amount)),
            group(&s.minimum.currency.format(s.minimum.amount)),
            c = Esc(cur.code()),
        );
    }
}

fn held(out: &mut String, held: &[Held]) {
    if held.is_empty() {
        out.push_str("<p class=\"none\">No invoice is on hold.</p>\n");
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table>\n<tr><th>invoice</th><th>customer</th><th>why</th><th>since</th>\
         <th>until</th><th class=\"n\">open</th><th>reason</th></tr>\n",
    );
    for h in held {
        let cur = h.open.currency;
        let value = cur.format(h.open.amount);
        let _ = writeln!(
            out,
            "<tr class=\"held\" data-invoice=\"{n}\" data-kind=\"{kind}\" data-value=\"{value}\"><td>{n}</td><td>{}</td>\
             <td>{kind}</td><td>{}</td><td>{}</td><td class=\"n\">{} {}</td><td class=\"text\">{}</td></tr>",
            Esc(&h.customer),
            h.since,
            h.until.map(|u| u.to_string()).unwrap_or_else(|| "until lifted".into()),
            group(&value),
            Esc(cur.code()),
            Esc(h.reason.as_deref().unwrap_or("")),
            n = Esc(&h.number),
            kind = h.kind,
        );
    }
    out.push_str("</table></div>\n");
}

fn unmatched(out: &mut String, rows: &[UnmatchedRow]) {
    if rows.is_empty() {
        out.push_str("<p class=\"none\">No money is waiting to be placed.</p>\n");
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table>\n<tr><th>received</th><th class=\"n\">amount</th><th>payer</th><th>bank id</th></tr>\n",
    );
    for u in rows {
        let _ = writeln!(
            out,
            "<tr class=\"unmatched\" data-currency=\"{c}\" data-value=\"{}\"><td>{}</td><td class=\"n\">{} {c}</td><td>{}</td><td>{}</td></tr>",
            u.amount,
            u.date,
            group(&u.amount),
            Esc(u.name.as_deref().unwrap_or("")),
            Esc(u.bank_id.as_deref().unwrap_or("")),
            c = Esc(&u.currency),
        );
    }
    out.push_str("</table></div>\n");
}

fn customers_section(out: &mut String, d: &Dashboard) {
    let _ = write!(
        out,
        "<section id=\"customers\">\n<h2>Customers</h2>\n<p class=\"since\">Grades from the days late of the invoices \
         settled in the {} months to {}; trend: days later (+) or earlier (−) than the half-year before. \
         Click a header to sort.</p>\n",
        d.window_months, d.as_of
    );
    if d.customers.is_empty() {
        out.push_str("<p class=\"none\">No customer has invoices open or in the window.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table class=\"customers\">\n<thead><tr><th data-sort=\"name\">customer</th>\
         <th data-sort=\"grade\">grade</th><th data-sort=\"trend\" data-num=\"1\" class=\"n\">trend</th>\
         <th data-sort=\"open\" data-num=\"1\" class=\"n\">open</th><th data-sort=\"overdue\" data-num=\"1\" class=\"n\">overdue</th>\
         <th>advice</th></tr></thead>\n",
    );
    for c in &d.customers {
        customer(out, c);
    }
    out.push_str("</table></div>\n</section>\n");
}

fn customer(out: &mut String, card: &CustomerCard) {
    let b = &card.behaviour;
    let cur = b.open.currency;
    let (open, overdue) = (cur.format(b.open.amount), cur.format(b.overdue.amount));
    let trend = b.trend.map(|t| t.to_string()).unwrap_or_default();
    let advice: Vec<String> = b.reasons.iter().map(|r| format!("<li>{}</li>", Esc(&r.en))).collect();
    let _ = writeln!(
        out,
        "<tbody class=\"customer\" data-customer=\"{id}\" data-name=\"{name}\" data-currency=\"{c}\" data-grade=\"{grade}\" \
         data-trend=\"{trend}\" data-open=\"{open}\" data-overdue=\"{overdue}\" data-advice=\"{advice_codes}\">\n\
         <tr><td>{name} <span class=\"id\">{id}</span></td><td><span class=\"grade g{grade}\">{grade}</span></td>\
         <td class=\"n\">{trend_text}</td><td class=\"n\">{} {c}</td><td class=\"n\">{} {c}</td><td><ul class=\"advice\">{}</ul></td></tr>",
        group(&open),
        group(&overdue),
        advice.concat(),
        id = Esc(&b.id),
        name = Esc(&b.name),
        c = Esc(&b.currency),
        grade = b.grade.as_str(),
        trend_text = Esc(&crate::customers::trend_text(b.trend)),
        advice_codes = Esc(&b.advice.join(" ")),
    );
    if card.invoices.is_empty() {
        out.push_str("<tr class=\"invoices\"><td colspan=\"6\"><span class=\"none\">no invoices listed</span></td></tr>\n</tbody>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<tr class=\"invoices\"><td colspan=\"6\"><details><summary>{}</summary>",
        crate::diag::plural(card.invoices.len(), "invoice", "invoices")
    );
    invoice_table(out, &card.invoices);
    out.push_str("</details></td></tr>\n</tbody>\n");
}

fn invoice_table(out: &mut String, rows: &[InvoiceRow]) {
    out.push_str(
        "<table class=\"inv\">\n<tr><th>invoice</th><th>due</th><th class=\"n\">days</th><th class=\"n\">open</th>\
         <th class=\"n\">interest</th><th class=\"n\">costs</th><th>stage</th><th>next</th><th>hold</th></tr>\n",
    );
    for i in rows {
        let next = match (&i.next_stage, i.next_due) {
            (Some(s), Some(d)) => format!("{} on {d}", Esc(s)),
            (Some(s), None) => Esc(s).to_string(),
            _ => i.waiting.map(|w| w.replace('-', " ")).unwrap_or_default(),
        };
        let _ = writeln!(
            out,
            "<tr data-invoice=\"{n}\" data-open=\"{open}\" data-state=\"{state}\"><td>{n}</td><td>{due}</td><td class=\"n\">{days}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{next}</td><td>{}</td></tr>",
            group(&i.open),
            group(&i.interest),
            group(&i.fees_owed),
            Esc(i.stage.as_deref().unwrap_or("")),
            Esc(&i.hold_text()),
            n = Esc(&i.number),
            open = i.open,
            state = i.state,
            due = i.due,
            days = i.days_overdue,
        );
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_of_three() {
        assert_eq!(group("52634.35"), "52,634.35");
        assert_eq!(group("634.35"), "634.35");
        assert_eq!(group("1000"), "1,000");
        assert_eq!(group("-1234567.8"), "-1,234,567.8");
        assert_eq!(group("0.00"), "0.00");
    }

    #[test]
    fn escaped_text_stays_text() {
        assert_eq!(Esc("<script>&\"'").to_string(), "&lt;script&gt;&amp;&quot;&#39;");
    }
}
