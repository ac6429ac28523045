//! `status --format json`: exactly the shape of the CLI spec. Keys may be added, never renamed.
//!
//! Written by hand in serde_json's pretty layout (two-space indent), straight from the
//! borrowed rows into the output buffer: the layout is fixed (rows are objects two levels
//! down), so each key with its indent is one constant, and amounts are formatted in place.
//! A report of a million invoices is a few hundred megabytes of JSON; a serde tree of rows
//! took longer than everything else in `status`.

use chrono::NaiveDate;

use super::out::{Out, Row};
use super::text::{put_date, put_integer, Amount};
use super::{CustomerRow, InvoiceLine, Report, TotalRow, UnmatchedRow};

/// The report as pretty-printed JSON, ending with a newline.
pub fn to_json(r: &Report) -> String {
    super::render(r, super::Format::Json, false)
}

/// Writes the report as pretty-printed JSON to `sink`, a megabyte at a time.
pub fn write_json(r: &Report, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut o = Out::new(sink);
    o.str("{\n  \"as_of\": ");
    r.as_of.put(&mut o.buf);
    o.str(",\n  \"invoices\": ");
    array(&mut o, &r.invoices, invoice)?;
    o.str(",\n  \"customers\": ");
    array(&mut o, &r.customers, customer)?;
    o.str(",\n  \"unmatched\": ");
    array(&mut o, &r.unmatched, unmatched)?;
    o.str(",\n  \"totals\": ");
    array(&mut o, &r.totals, total)?;
    o.str("\n}\n");
    o.finish()
}

/// An array of objects, a value of the top object: `[]` when empty, as serde_json writes it.
fn array<T: Row>(o: &mut Out, items: &[T], object: fn(&mut Vec<u8>, &T)) -> std::io::Result<()> {
    if items.is_empty() {
        o.str("[]");
        return Ok(());
    }
    o.rows(items, |b, n, item| {
        b.extend_from_slice(if n == 0 { b"[\n    {" } else { b",\n    {" });
        object(b, item);
        b.extend_from_slice(b"\n    }");
    })?;
    o.str("\n  ]");
    Ok(())
}

/// The first key of a row object, with its indent.
macro_rules! first {
    ($key:literal) => {
        concat!("\n      \"", $key, "\": ")
    };
}

/// A later key of a row object, with the comma before it.
macro_rules! next {
    ($key:literal) => {
        concat!(",\n      \"", $key, "\": ")
    };
}

/// Writes `key` (from [`first!`] or [`next!`]) and `value`.
#[inline]
fn put(b: &mut Vec<u8>, key: &str, value: impl Value) {
    b.extend_from_slice(key.as_bytes());
    value.put(b);
}

fn invoice(b: &mut Vec<u8>, i: &InvoiceLine) {
    put(b, first!("number"), i.number());
    put(b, next!("customer"), i.customer);
    put(b, next!("currency"), Plain(i.currency().code_bytes()));
    put(b, next!("amount"), i.amount());
    put(b, next!("open"), i.open());
    put(b, next!("date"), i.invoice.date);
    put(b, next!("due"), i.invoice.due);
    put(b, next!("days_overdue"), i.plan.days_overdue);
    put(b, next!("state"), Plain(i.state().as_bytes()));
    put(b, next!("hold"), i.hold().map(|h| Plain(h.as_bytes())));
    put(b, next!("hold_until"), i.hold_until());
    put(b, next!("stage"), i.stage());
    put(b, next!("next_stage"), i.next_stage());
    put(b, next!("next_due"), i.next_due());
    put(b, next!("interest"), i.interest());
    put(b, next!("fees"), i.fees());
    put(b, next!("fees_owed"), i.fees_owed());
    put(b, next!("total"), i.total());
    put(b, next!("ready_for_handover"), i.plan.ready_for_handover);
    put(b, next!("waiting"), i.waiting().map(|w| Plain(w.as_bytes())));
}

fn customer(b: &mut Vec<u8>, c: &CustomerRow) {
    put(b, first!("id"), c.id.as_str());
    put(b, next!("name"), c.name.as_str());
    put(b, next!("currency"), c.currency.as_str());
    put(b, next!("open"), c.open.as_str());
    put(b, next!("overdue"), c.overdue.as_str());
    put(b, next!("credit"), c.credit.as_str());
    put(b, next!("interest"), c.interest.as_str());
    put(b, next!("fees"), c.fees.as_str());
    put(b, next!("fees_owed"), c.fees_owed.as_str());
    put(b, next!("total"), c.total.as_str());
}

fn unmatched(b: &mut Vec<u8>, u: &UnmatchedRow) {
    put(b, first!("date"), u.date);
    put(b, next!("amount"), u.amount.as_str());
    put(b, next!("currency"), u.currency.as_str());
    put(b, next!("bank_id"), u.bank_id.as_deref());
    put(b, next!("name"), u.name.as_deref());
}

fn total(b: &mut Vec<u8>, t: &TotalRow) {
    put(b, first!("currency"), t.currency.as_str());
    put(b, next!("open"), t.open.as_str());
    put(b, next!("overdue"), t.overdue.as_str());
    put(b, next!("interest"), t.interest.as_str());
    put(b, next!("fees_owed"), t.fees_owed.as_str());
    put(b, next!("total"), t.total.as_str());
    b.extend_from_slice(next!("buckets").as_bytes());
    if t.buckets.is_empty() {
        b.extend_from_slice(b"{}");
        return;
    }
    for (n, (name, amount)) in t.buckets.iter().enumerate() {
        b.extend_from_slice(if n == 0 { b"{\n        " } else { b",\n        " });
        name.put(b);
        b.extend_from_slice(b": ");
        amount.as_str().put(b);
    }
    b.extend_from_slice(b"\n      }");
}

/// A JSON value as serde_json writes it.
trait Value {
    fn put(self, b: &mut Vec<u8>);
}

impl<T: Value> Value for Option<T> {
    fn put(self, b: &mut Vec<u8>) {
        match self {
            Some(v) => v.put(b),
            None => b.extend_from_slice(b"null"),
        }
    }
}

impl Value for bool {
    fn put(self, b: &mut Vec<u8>) {
        b.extend_from_slice(if self { b"true" } else { b"false" });
    }
}

impl Value for i64 {
    fn put(self, b: &mut Vec<u8>) {
        put_integer(b, self);
    }
}

/// An amount: digits, a point and a sign, which need no escaping.
impl Value for Amount {
    fn put(self, b: &mut Vec<u8>) {
        b.push(b'"');
        Amount::put(self, b);
        b.push(b'"');
    }
}

/// `YYYY-MM-DD` in quotes; years outside 0..=9999 as chrono writes them (`+10000-01-01`).
impl Value for NaiveDate {
    fn put(self, b: &mut Vec<u8>) {
        b.push(b'"');
        put_date(b, self);
        b.push(b'"');
    }
}

/// A name of this program's own (a state, a currency code): quoted, with nothing to escape.
struct Plain<'s>(&'s [u8]);

impl Value for Plain<'_> {
    fn put(self, b: &mut Vec<u8>) {
        b.push(b'"');
        b.extend_from_slice(self.0);
        b.push(b'"');
    }
}

/// The bytes serde_json escapes: control characters, `"` and `\`.
static ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// A quoted string, escaped as serde_json escapes it.
impl Value for &str {
    fn put(self, b: &mut Vec<u8>) {
        b.push(b'"');
        if !self.bytes().any(|c| ESCAPED[usize::from(c)]) {
            b.extend_from_slice(self.as_bytes());
            b.push(b'"');
            return;
        }
        let mut start = 0;
        for (i, &c) in self.as_bytes().iter().enumerate() {
            let escape: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => b"",
                _ => continue,
            };
            b.extend_from_slice(&self.as_bytes()[start..i]);
            match escape {
                [] => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    b.extend_from_slice(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(c >> 4)],
                        HEX[usize::from(c & 15)],
                    ]);
                }
                e => b.extend_from_slice(e),
            }
            start = i + 1;
        }
        b.extend_from_slice(&self.as_bytes()[start..]);
        b.push(b'"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: impl Value) -> String {
        let mut b = Vec::new();
        v.put(&mut b);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_does() {
        let mut hostile: Vec<String> = [
            "plain",
            "",
            "quote \" and \\ backslash",
            "tab\tnew\nline\rcr",
            "\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}",
            "Café ☕ 𝄞",
            "</script>",
            "\\u0000 \u{2028}\u{2029} \u{feff}",
        ]
        .map(String::from)
        .to_vec();
        // Every ASCII byte alone and between text.
        hostile.extend((0u8..0x80).map(|c| format!("a{}b", c as char)));
        for s in &hostile {
            assert_eq!(json(s.as_str()), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_and_literals_are_written_as_serde_json_does() {
        for n in [0, 7, -7, 1234567, i64::MAX, i64::MIN] {
            assert_eq!(json(n), serde_json::to_string(&n).unwrap());
        }
        assert_eq!(json(true), "true");
        assert_eq!(json(None::<bool>), "null");
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [(2026, 3, 1), (0, 1, 1), (9999, 12, 31), (10000, 1, 1), (-1, 6, 15)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(json(date), format!("\"{date}\""));
        }
    }

    #[test]
    fn an_empty_report_has_empty_arrays_on_one_line() {
        let r = Report {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            invoices: vec![],
            customers: vec![],
            totals: vec![],
            unmatched: vec![],
        };
        let expected = "{\n  \"as_of\": \"2026-11-23\",\n  \"invoices\": [],\n  \"customers\": [],\n  \"unmatched\": [],\n  \"totals\": []\n}\n";
        assert_eq!(to_json(&r), expected);
    }
}
