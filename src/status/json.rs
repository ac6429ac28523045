//! `status --format json`: exactly the shape of the CLI spec. Keys may be added, never renamed.
//!
//! Written by hand into one pre-sized string, in serde_json's pretty layout (two-space
//! indent): a report of a million invoices is a few hundred megabytes of JSON, and building
//! a serde tree of borrowed rows first took longer than everything else in `status`.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{InvoiceRow, Report};

/// The report as pretty-printed JSON, ending with a newline.
pub fn to_json(r: &Report) -> String {
    let mut out = Vec::with_capacity(512 + ROW_BYTES * (r.invoices.len() + r.customers.len()));
    // Writing to a vector cannot fail.
    let _ = write_json(r, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// About the size of one invoice row.
const ROW_BYTES: usize = 450;

/// Writes the report as pretty-printed JSON to `sink`, a few hundred rows at a time: the
/// JSON of a million invoices is hundreds of megabytes that need not be in memory at once.
pub fn write_json(r: &Report, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    const FLUSH_AT: usize = 1 << 20;
    let mut j = Pretty::with_capacity(FLUSH_AT + 4 * ROW_BYTES);
    j.open('{');
    j.key("as_of");
    j.date(r.as_of);
    j.key("invoices");
    j.open('[');
    for i in &r.invoices {
        j.item();
        invoice(&mut j, i);
        if j.out.len() >= FLUSH_AT {
            sink.write_all(j.out.as_bytes())?;
            j.out.clear();
        }
    }
    j.close(']');
    j.key("customers");
    j.open('[');
    for c in &r.customers {
        j.item();
        j.open('{');
        j.str_field("id", &c.id);
        j.str_field("name", &c.name);
        j.str_field("currency", &c.currency);
        j.str_field("open", &c.open);
        j.str_field("overdue", &c.overdue);
        j.str_field("credit", &c.credit);
        j.str_field("interest", &c.interest);
        j.str_field("fees", &c.fees);
        j.str_field("fees_owed", &c.fees_owed);
        j.str_field("total", &c.total);
        j.close('}');
    }
    j.close(']');
    j.key("unmatched");
    j.open('[');
    for u in &r.unmatched {
        j.item();
        j.open('{');
        j.key("date");
        j.date(u.date);
        j.str_field("amount", &u.amount);
        j.str_field("currency", &u.currency);
        j.opt_field("bank_id", u.bank_id.as_deref());
        j.opt_field("name", u.name.as_deref());
        j.close('}');
    }
    j.close(']');
    j.key("totals");
    j.open('[');
    for t in &r.totals {
        j.item();
        j.open('{');
        j.str_field("currency", &t.currency);
        j.str_field("open", &t.open);
        j.str_field("overdue", &t.overdue);
        j.str_field("interest", &t.interest);
        j.str_field("fees_owed", &t.fees_owed);
        j.str_field("total", &t.total);
        j.key("buckets");
        j.open('{');
        for (name, amount) in &t.buckets {
            j.str_field(name, amount);
        }
        j.close('}');
        j.close('}');
    }
    j.close(']');
    j.close('}');
    j.out.push('\n');
    sink.write_all(j.out.as_bytes())
}

fn invoice(j: &mut Pretty, i: &InvoiceRow) {
    j.open('{');
    j.str_field("number", &i.number);
    j.str_field("customer", &i.customer);
    j.str_field("currency", &i.currency);
    j.str_field("amount", &i.amount);
    j.str_field("open", &i.open);
    j.key("date");
    j.date(i.date);
    j.key("due");
    j.date(i.due);
    j.key("days_overdue");
    let _ = write!(j.out, "{}", i.days_overdue);
    j.str_field("state", i.state);
    j.opt_field("hold", i.hold);
    j.opt_field("stage", i.stage.as_deref());
    j.opt_field("next_stage", i.next_stage.as_deref());
    j.key("next_due");
    match i.next_due {
        Some(d) => j.date(d),
        None => j.out.push_str("null"),
    }
    j.str_field("interest", &i.interest);
    j.str_field("fees", &i.fees);
    j.str_field("fees_owed", &i.fees_owed);
    j.str_field("total", &i.total);
    j.key("ready_for_handover");
    j.out.push_str(if i.ready_for_handover { "true" } else { "false" });
    j.close('}');
}

/// A JSON writer with serde_json's pretty layout.
struct Pretty {
    out: String,
    depth: usize,
    /// Nothing written yet in the innermost object or array.
    fresh: bool,
}

impl Pretty {
    fn with_capacity(n: usize) -> Pretty {
        Pretty {
            out: String::with_capacity(n),
            depth: 0,
            fresh: true,
        }
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.fresh = true;
    }

    /// Closes an object or array; an empty one stays on its line (`[]`).
    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.fresh {
            self.newline();
        }
        self.out.push(bracket);
        self.fresh = false;
    }

    /// Starts the next element or field.
    fn item(&mut self) {
        if !self.fresh {
            self.out.push(',');
        }
        self.newline();
        self.fresh = false;
    }

    fn newline(&mut self) {
        const INDENT: &str = "\n                ";
        match INDENT.get(..1 + 2 * self.depth) {
            Some(indent) => self.out.push_str(indent),
            None => {
                self.out.push('\n');
                self.out.extend(std::iter::repeat_n("  ", self.depth));
            }
        }
    }

    /// A key: one of this module's own names, which need no escaping.
    fn key(&mut self, key: &str) {
        self.item();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\": ");
    }

    fn str_field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    fn opt_field(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(v) => self.string(v),
            None => self.out.push_str("null"),
        }
    }

    /// `YYYY-MM-DD` in quotes; years outside 0..=9999 as chrono writes them (`+10000-01-01`).
    fn date(&mut self, d: NaiveDate) {
        self.out.push('"');
        match u32::try_from(d.year()).ok().filter(|y| *y <= 9999) {
            Some(y) => {
                let (m, day) = (d.month(), d.day());
                let digit = |n: u32| b'0' + (n % 10) as u8;
                let text = [
                    digit(y / 1000),
                    digit(y / 100),
                    digit(y / 10),
                    digit(y),
                    b'-',
                    digit(m / 10),
                    digit(m),
                    b'-',
                    digit(day / 10),
                    digit(day),
                ];
                self.out.push_str(std::str::from_utf8(&text).unwrap_or_default());
            }
            None => {
                let _ = write!(self.out, "{d}");
            }
        }
        self.out.push('"');
    }

    /// A quoted, escaped string, escaped as serde_json does.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
            self.out.push_str(s);
            self.out.push('"');
            return;
        }
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[start..i]);
            if escape.is_empty() {
                let _ = write!(self.out, "\\u{b:04x}");
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(&s[start..]);
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> String {
        let mut j = Pretty::with_capacity(0);
        j.string(s);
        j.out
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_does() {
        for s in [
            "plain",
            "quote \" and \\ backslash",
            "tab\tnew\nline\rcr",
            "\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}",
            "Café ☕ 𝄞",
            "</script>",
        ] {
            assert_eq!(string(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [(2026, 3, 1), (0, 1, 1), (9999, 12, 31), (10000, 1, 1), (-1, 6, 15)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut j = Pretty::with_capacity(0);
            j.date(date);
            assert_eq!(j.out, format!("\"{date}\""));
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
