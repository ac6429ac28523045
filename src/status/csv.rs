//! `status --format csv`: one row per invoice, RFC 4180 quoting.

use chrono::NaiveDate;

use super::out::Out;
use super::Report;

const HEADER: &str =
    "number,customer,currency,amount,open,date,due,days_overdue,state,hold,stage,next_stage,next_due,interest,fees,hold_until,fees_owed,total,waiting";

/// Quotes a field if it holds a comma, quote or line break.
pub(crate) fn field(s: &str) -> String {
    let mut b = Vec::with_capacity(s.len());
    put(&mut b, s);
    String::from_utf8(b).unwrap_or_default()
}

/// Writes the CSV text to `sink`.
pub fn write(r: &Report, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut o = Out::new(sink);
    o.str(HEADER);
    o.str("\n");
    for i in &r.invoices {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let currency = i.currency();
        let [amount, open, interest, fees, fees_owed, total] =
            [i.amount(), i.open(), i.interest(), i.fees(), i.fees_owed(), i.total()];
        let cells: [&str; 19] = [
            i.number(),
            i.customer,
            currency.code(),
            amount.as_str(),
            open.as_str(),
            &i.invoice.date.to_string(),
            &i.invoice.due.to_string(),
            &i.plan.days_overdue.to_string(),
            i.state(),
            i.hold().unwrap_or(""),
            i.stage().unwrap_or(""),
            i.next_stage().unwrap_or(""),
            &date(i.next_due()),
            interest.as_str(),
            fees.as_str(),
            &date(i.hold_until()),
            fees_owed.as_str(),
            total.as_str(),
            i.waiting().unwrap_or(""),
        ];
        for (n, cell) in cells.iter().enumerate() {
            if n > 0 {
                o.str(",");
            }
            put(&mut o.buf, cell);
        }
        o.str("\n");
        o.row_done()?;
    }
    o.finish()
}

/// Writes `s`, quoted if it holds a comma, quote or line break.
fn put(b: &mut Vec<u8>, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        b.push(b'"');
        b.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        b.push(b'"');
    } else {
        b.extend_from_slice(s.as_bytes());
    }
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
