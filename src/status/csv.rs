//! `status --format csv`: one row per invoice, RFC 4180 quoting.

use chrono::NaiveDate;

use super::out::Out;
use super::text::{put_date, put_integer};
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
    o.rows(&r.invoices, |b, _, i| {
        let date = |b: &mut Vec<u8>, d: Option<NaiveDate>| {
            if let Some(d) = d {
                put_date(b, d);
            }
        };
        put(b, i.number());
        b.push(b',');
        put(b, i.customer);
        b.push(b',');
        b.extend_from_slice(i.currency().code().as_bytes());
        for amount in [i.amount(), i.open()] {
            b.push(b',');
            amount.put(b);
        }
        b.push(b',');
        put_date(b, i.invoice.date);
        b.push(b',');
        put_date(b, i.invoice.due);
        b.push(b',');
        put_integer(b, i.plan.days_overdue);
        for cell in [Some(i.state()), i.hold(), i.stage(), i.next_stage()] {
            b.push(b',');
            put(b, cell.unwrap_or(""));
        }
        b.push(b',');
        date(b, i.next_due());
        for amount in [i.interest(), i.fees()] {
            b.push(b',');
            amount.put(b);
        }
        b.push(b',');
        date(b, i.hold_until());
        for amount in [i.fees_owed(), i.total()] {
            b.push(b',');
            amount.put(b);
        }
        b.push(b',');
        put(b, i.waiting().unwrap_or(""));
        b.push(b'\n');
    })?;
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
