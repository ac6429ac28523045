//! `customers --format csv`: one row per customer and currency, worst first.

use super::Behaviour;
use crate::status::csv_field as field;

const HEADER: &str = "id,name,currency,grade,avg_days_late,max_days_late,late_share,late_share_amount,trend,\
invoices_paid,invoices_closed,promises_broken,open,overdue,exposure,credit_limit,advice,letters";

/// The CSV text.
pub fn to_csv(b: &Behaviour) -> String {
    let mut out = format!("{HEADER}\n");
    let num = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for c in &b.customers {
        let letters: Vec<String> = c.letters.iter().map(|(s, n)| format!("{s}:{n}")).collect();
        let cells = [
            c.id.clone(),
            c.name.clone(),
            c.currency.clone(),
            c.grade.as_str().to_string(),
            num(c.avg_days_late),
            c.max_days_late.map(|d| d.to_string()).unwrap_or_default(),
            num(c.late_share),
            num(c.late_share_amount),
            num(c.trend),
            c.invoices_paid.to_string(),
            c.invoices_closed.to_string(),
            c.promises_broken.to_string(),
            c.open.currency.format(c.open.amount),
            c.overdue.currency.format(c.overdue.amount),
            c.exposure.currency.format(c.exposure.amount),
            c.credit_limit.map(|l| l.currency.format(l.amount)).unwrap_or_default(),
            c.advice.join(";"),
            letters.join(";"),
        ];
        let row: Vec<String> = cells.iter().map(|s| field(s)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
