//! `status --format csv`: one row per invoice, RFC 4180 quoting.

use super::Report;

const HEADER: &str =
    "number,customer,currency,amount,open,date,due,days_overdue,state,hold,stage,next_stage,next_due,interest,fees,hold_until,fees_owed,total,waiting";

/// Quotes a field if it holds a comma, quote or line break.
pub(crate) fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV text.
pub fn render(r: &Report) -> String {
    let mut out = format!("{HEADER}\n");
    for i in &r.invoices {
        let opt = |o: Option<&str>| o.unwrap_or("").to_string();
        let cells = [
            i.number.clone(),
            i.customer.clone(),
            i.currency.clone(),
            i.amount.clone(),
            i.open.clone(),
            i.date.to_string(),
            i.due.to_string(),
            i.days_overdue.to_string(),
            i.state.to_string(),
            opt(i.hold),
            opt(i.stage.as_deref()),
            opt(i.next_stage.as_deref()),
            i.next_due.map(|d| d.to_string()).unwrap_or_default(),
            i.interest.clone(),
            i.fees.clone(),
            i.hold_until.map(|d| d.to_string()).unwrap_or_default(),
            i.fees_owed.clone(),
            i.total.clone(),
            opt(i.waiting),
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(super::field("a"), "a");
        assert_eq!(super::field("a,b"), "\"a,b\"");
        assert_eq!(super::field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
