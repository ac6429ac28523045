//! `dun status --format json` on the example repo (`examples/acme-studio`) at three dates,
//! checked number by number against values that dun did not compute.
//!
//! The expected values below come from `tests/data/oracle/status.py`, an independent
//! implementation of the documents (`docs/journal.md`, `docs/rules.md`, `docs/cli.md`, with
//! the project's decisions in `docs/journal.md`: allocation in date order over
//! whole claims, payment order, rounding, holds), written in Python from the documents and
//! not from dun's code. It was run once and its output pasted into the GENERATED section;
//! `tests/data/oracle/README.md` says what it covers.
//!
//! The dates: 2025-01-20 (before anything is due), 2025-09-30 (mid-ladder, after write-offs)
//! and 2026-11-23 ("today" of the example: end of the ladder for several customers, a dispute,
//! a promise, a partial payment, a customer credit, USD). Every invoice's number, customer,
//! currency, amount, open, date, due, days overdue, state, hold, stage, next stage, next due,
//! interest, fees, fees owed, total and ready-for-handover flag; every customer's name, open,
//! overdue, credit, interest, fees, fees owed and total; every total with its interest, fees
//! owed, total and aging buckets; and no invoice, customer or currency more or less.
//!
//! Regenerate after an intended change of the example or the spec (never to follow dun):
//! ```text
//! python3 tests/data/oracle/status.py examples/acme-studio/journal.dun \
//!     --date 2025-01-20 --date 2025-09-30 --date 2026-11-23 --update tests/suite/example_status.rs
//! ```
//! then review the diff. A value dun gets wrong stays at the right value with a
//! `// dun bug: ...` comment on its line (the regeneration drops such comments: re-add them).

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// number, customer, currency, amount, open, date, due, days_overdue, state, hold, stage,
/// next_stage, next_due, interest, fees, fees_owed, total, ready_for_handover.
type Inv = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

/// id, name, currency, open, overdue, credit, interest, fees, fees_owed, total.
type Cust = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// currency, open, overdue, interest, fees_owed, total, and the buckets current, 1-30,
/// 31-60, 61-90, 90+.
type Tot = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Aging bucket names, in the order of a [`Tot`].
const BUCKETS: [&str; 5] = ["current", "1-30", "31-60", "61-90", "90+"];

/// Runs `dun status --format json` on the example for `date`.
fn status_json(date: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_dun"))
        .current_dir(root)
        .env_remove("DUN_JOURNAL")
        .env_remove("DUN_RULES")
        .args(["-f", "examples/acme-studio/journal.dun", "status", "--format", "json"])
        .args(["--date", date])
        .output()
        .expect("run dun");
    assert!(
        out.status.success(),
        "dun status --date {date} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("status --format json is JSON")
}

/// Collects every difference, so one run shows them all.
#[derive(Default)]
struct Diffs(Vec<String>);

impl Diffs {
    /// `obj[key]` must be the string `want`.
    fn str(&mut self, what: &str, obj: &Value, key: &str, want: &str) {
        self.opt(what, obj, key, Some(want));
    }

    /// `obj[key]` must be the string `want`, or null for `None`.
    fn opt(&mut self, what: &str, obj: &Value, key: &str, want: Option<&str>) {
        let got = obj.get(key);
        let ok = match (want, got) {
            (Some(w), Some(Value::String(g))) => g == w,
            (None, Some(Value::Null)) => true,
            _ => false,
        };
        if !ok {
            self.0
                .push(format!("{what} {key}: expected {want:?}, dun says {got:?}"));
        }
    }

    /// `obj[key]` must be the integer `want`.
    fn int(&mut self, what: &str, obj: &Value, key: &str, want: i64) {
        let got = obj.get(key);
        if got.and_then(Value::as_i64) != Some(want) {
            self.0.push(format!("{what} {key}: expected {want}, dun says {got:?}"));
        }
    }

    /// `obj[key]` must be the boolean `want`.
    fn bool(&mut self, what: &str, obj: &Value, key: &str, want: bool) {
        let got = obj.get(key);
        if got.and_then(Value::as_bool) != Some(want) {
            self.0.push(format!("{what} {key}: expected {want}, dun says {got:?}"));
        }
    }

    /// The rows of `list` keyed by `key(row)`; duplicates are differences.
    fn index<'a>(
        &mut self,
        what: &str,
        list: &'a Value,
        key: impl Fn(&Value) -> String,
    ) -> BTreeMap<String, &'a Value> {
        let mut map = BTreeMap::new();
        for row in list.as_array().map(Vec::as_slice).unwrap_or_default() {
            if map.insert(key(row), row).is_some() {
                self.0.push(format!("{what} {} listed twice", key(row)));
            }
        }
        map
    }

    /// Same keys on both sides: nothing missing, nothing extra.
    fn same_keys(&mut self, what: &str, got: &BTreeMap<String, &Value>, want: &[String]) {
        for k in want {
            if !got.contains_key(k) {
                self.0.push(format!("{what} {k} missing"));
            }
        }
        for k in got.keys() {
            if !want.contains(k) {
                self.0.push(format!("{what} {k} not expected"));
            }
        }
    }
}

/// The string `row[key]`, or `?` (a key to report, not a value to check).
fn field(row: &Value, key: &str) -> String {
    row.get(key).and_then(Value::as_str).unwrap_or("?").to_string()
}

/// Checks the whole status of `date` against the three tables.
fn check(date: &str, invoices: &[Inv], customers: &[Cust], totals: &[Tot]) {
    let json = status_json(date);
    let mut d = Diffs::default();
    d.str("status", &json, "as_of", date);

    let got = d.index("invoice", &json["invoices"], |r| field(r, "number"));
    let want: Vec<String> = invoices.iter().map(|i| i.0.to_string()).collect();
    d.same_keys("invoice", &got, &want);
    for &(
        number,
        customer,
        currency,
        amount,
        open,
        inv_date,
        due,
        days,
        state,
        hold,
        stage,
        next,
        next_due,
        interest,
        fees,
        fees_owed,
        total,
        ready,
    ) in invoices
    {
        let Some(row) = got.get(number) else { continue };
        let w = format!("invoice {number}:");
        d.str(&w, row, "number", number);
        d.str(&w, row, "customer", customer);
        d.str(&w, row, "currency", currency);
        d.str(&w, row, "amount", amount);
        d.str(&w, row, "open", open);
        d.str(&w, row, "date", inv_date);
        d.str(&w, row, "due", due);
        d.int(&w, row, "days_overdue", days);
        d.str(&w, row, "state", state);
        d.opt(&w, row, "hold", hold);
        d.opt(&w, row, "stage", stage);
        d.opt(&w, row, "next_stage", next);
        d.opt(&w, row, "next_due", next_due);
        d.str(&w, row, "interest", interest);
        d.str(&w, row, "fees", fees);
        d.str(&w, row, "fees_owed", fees_owed);
        d.str(&w, row, "total", total);
        d.bool(&w, row, "ready_for_handover", ready);
    }

    let got = d.index("customer", &json["customers"], |r| {
        format!("{}/{}", field(r, "id"), field(r, "currency"))
    });
    let want: Vec<String> = customers.iter().map(|c| format!("{}/{}", c.0, c.2)).collect();
    d.same_keys("customer", &got, &want);
    for &(id, name, currency, open, overdue, credit, interest, fees, fees_owed, total) in customers {
        let Some(row) = got.get(&format!("{id}/{currency}")) else {
            continue;
        };
        let w = format!("customer {id}/{currency}:");
        d.str(&w, row, "name", name);
        d.str(&w, row, "open", open);
        d.str(&w, row, "overdue", overdue);
        d.str(&w, row, "credit", credit);
        d.str(&w, row, "interest", interest);
        d.str(&w, row, "fees", fees);
        d.str(&w, row, "fees_owed", fees_owed);
        d.str(&w, row, "total", total);
    }

    let got = d.index("total", &json["totals"], |r| field(r, "currency"));
    let want: Vec<String> = totals.iter().map(|t| t.0.to_string()).collect();
    d.same_keys("total", &got, &want);
    for &(currency, open, overdue, interest, fees_owed, total, b0, b1, b2, b3, b4) in totals {
        let Some(row) = got.get(currency) else { continue };
        let w = format!("total {currency}:");
        d.str(&w, row, "open", open);
        d.str(&w, row, "overdue", overdue);
        d.str(&w, row, "interest", interest);
        d.str(&w, row, "fees_owed", fees_owed);
        d.str(&w, row, "total", total);
        let buckets = &row["buckets"];
        for (name, want) in BUCKETS.iter().zip([b0, b1, b2, b3, b4]) {
            d.str(&format!("{w} buckets"), buckets, name, want);
        }
        let n = buckets.as_object().map_or(0, |b| b.len());
        if n != BUCKETS.len() {
            d.0.push(format!("{w} {n} buckets, expected {}", BUCKETS.len()));
        }
    }

    assert!(
        d.0.is_empty(),
        "status --date {date}: {} difference(s) from the oracle's values:\n  {}",
        d.0.len(),
        d.0.join("\n  ")
    );
}

#[test]
fn status_2025_01_20_before_anything_is_due() {
    check(
        "2025-01-20",
        INVOICES_2025_01_20,
        CUSTOMERS_2025_01_20,
        TOTALS_2025_01_20,
    );
}

#[test]
fn status_2025_09_30_mid_ladder() {
    check(
        "2025-09-30",
        INVOICES_2025_09_30,
        CUSTOMERS_2025_09_30,
        TOTALS_2025_09_30,
    );
}

#[test]
fn status_2026_11_23_end_of_the_ladder() {
    check(
        "2026-11-23",
        INVOICES_2026_11_23,
        CUSTOMERS_2026_11_23,
        TOTALS_2026_11_23,
    );
}

// BEGIN GENERATED by tests/data/oracle/status.py (an independent implementation of the spec)
// Regenerate: python3 tests/data/oracle/status.py examples/acme-studio/journal.dun \
//     --date 2025-01-20 --date 2025-09-30 --date 2026-11-23 --update tests/suite/example_status.rs

/// Open invoices on 2025-01-20, by number.
#[rustfmt::skip]
const INVOICES_2025_01_20: &[Inv] = &[
    // number, customer, currency, amount, open, date, due, days_overdue, state, hold,
    // stage, next_stage, next_due, interest, fees, fees_owed, total, ready_for_handover
    ("2025-001", "brouwerij-zevenbruggen", "EUR", "1815.00", "1815.00", "2025-01-02", "2025-02-01", 0, "open", None, None, Some("reminder"), Some("2025-02-04"), "0.00", "0.00", "0.00", "1815.00", false),
    ("2025-002", "fietsfabriek", "EUR", "1210.00", "1210.00", "2025-01-02", "2025-02-01", 0, "open", None, None, Some("reminder"), Some("2025-02-04"), "0.00", "0.00", "0.00", "1210.00", false),
    ("2025-003", "hofstede-makelaars", "EUR", "605.00", "605.00", "2025-01-02", "2025-02-01", 0, "open", None, None, Some("reminder"), Some("2025-02-04"), "0.00", "0.00", "0.00", "605.00", false),
    ("2025-004", "pixelhaven", "EUR", "3702.60", "3702.60", "2025-01-09", "2025-02-08", 0, "open", None, None, Some("reminder"), Some("2025-02-11"), "0.00", "0.00", "0.00", "3702.60", false),
    ("2025-005", "kade-architecten", "EUR", "4114.00", "4114.00", "2025-01-13", "2025-02-12", 0, "open", None, None, Some("reminder"), Some("2025-02-15"), "0.00", "0.00", "0.00", "4114.00", false),
    ("2025-006", "tandarts-vonk", "EUR", "1028.50", "1028.50", "2025-01-20", "2025-02-19", 0, "open", None, None, Some("reminder"), Some("2025-02-22"), "0.00", "0.00", "0.00", "1028.50", false),
];

/// Customers on 2025-01-20: (id, name, currency, open, overdue, credit, interest, fees,
/// fees_owed, total).
#[rustfmt::skip]
const CUSTOMERS_2025_01_20: &[Cust] = &[
    ("brouwerij-zevenbruggen", "Brouwerij De Zeven Bruggen B.V.", "EUR", "1815.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1815.00"),
    ("fietsfabriek", "De Fietsfabriek Utrecht B.V.", "EUR", "1210.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1210.00"),
    ("hofstede-makelaars", "Hofstede Makelaars", "EUR", "605.00", "0.00", "0.00", "0.00", "0.00", "0.00", "605.00"),
    ("kade-architecten", "Kade Architecten B.V.", "EUR", "4114.00", "0.00", "0.00", "0.00", "0.00", "0.00", "4114.00"),
    ("pixelhaven", "Pixelhaven B.V.", "EUR", "3702.60", "0.00", "0.00", "0.00", "0.00", "0.00", "3702.60"),
    ("tandarts-vonk", "Tandartspraktijk Vonk", "EUR", "1028.50", "0.00", "0.00", "0.00", "0.00", "0.00", "1028.50"),
];

/// Totals on 2025-01-20: (currency, open, overdue, interest, fees_owed, total, current,
/// 1-30, 31-60, 61-90, 90+).
#[rustfmt::skip]
const TOTALS_2025_01_20: &[Tot] = &[
    ("EUR", "12475.10", "0.00", "0.00", "0.00", "12475.10", "12475.10", "0.00", "0.00", "0.00", "0.00"),
];

/// Open invoices on 2025-09-30, by number.
#[rustfmt::skip]
const INVOICES_2025_09_30: &[Inv] = &[
    // number, customer, currency, amount, open, date, due, days_overdue, state, hold,
    // stage, next_stage, next_due, interest, fees, fees_owed, total, ready_for_handover
    ("2025-099", "greenleaf", "EUR", "2178.00", "2178.00", "2025-09-01", "2025-10-31", 0, "open", None, None, Some("reminder"), Some("2025-11-03"), "0.00", "0.00", "0.00", "2178.00", false),
    ("2025-100", "harbor-pine", "USD", "3200.00", "3200.00", "2025-09-01", "2025-10-01", 0, "open", None, None, Some("reminder"), Some("2025-10-04"), "0.00", "0.00", "0.00", "3200.00", false),
    ("2025-101", "j-devries", "EUR", "314.60", "314.60", "2025-09-01", "2025-10-01", 0, "open", None, None, Some("reminder"), Some("2025-10-04"), "0.00", "0.00", "0.00", "314.60", false),
    ("2025-103", "pixelhaven", "EUR", "822.80", "822.80", "2025-09-09", "2025-10-09", 0, "open", None, None, Some("reminder"), Some("2025-10-12"), "0.00", "0.00", "0.00", "822.80", false),
    ("2025-106", "brouwhuis-gent", "EUR", "700.00", "700.00", "2025-09-15", "2025-10-15", 0, "open", None, None, Some("reminder"), Some("2025-10-18"), "0.00", "0.00", "0.00", "700.00", false),
    ("2025-107", "museum-noord", "EUR", "2541.00", "2541.00", "2025-09-22", "2025-11-06", 0, "open", None, None, Some("reminder"), Some("2025-11-09"), "0.00", "0.00", "0.00", "2541.00", false),
    ("2025-108", "pixelhaven", "EUR", "822.80", "822.80", "2025-09-23", "2025-10-23", 0, "open", None, None, Some("reminder"), Some("2025-10-26"), "0.00", "0.00", "0.00", "822.80", false),
    ("2025-109", "kade-architecten", "EUR", "2178.00", "2178.00", "2025-09-29", "2025-10-29", 0, "open", None, None, Some("reminder"), Some("2025-11-01"), "0.00", "0.00", "0.00", "2178.00", false),
    ("2025-110", "e-claes", "EUR", "363.00", "363.00", "2025-09-29", "2025-10-29", 0, "open", None, None, Some("reminder"), Some("2025-11-01"), "0.00", "0.00", "0.00", "363.00", false),
];

/// Customers on 2025-09-30: (id, name, currency, open, overdue, credit, interest, fees,
/// fees_owed, total).
#[rustfmt::skip]
const CUSTOMERS_2025_09_30: &[Cust] = &[
    ("brouwhuis-gent", "Brouwhuis Gentse Poort BV", "EUR", "700.00", "0.00", "0.00", "0.00", "0.00", "0.00", "700.00"),
    ("e-claes", "Elise Claes", "EUR", "363.00", "0.00", "0.00", "0.00", "0.00", "0.00", "363.00"),
    ("greenleaf", "GreenLeaf Energy B.V.", "EUR", "2178.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2178.00"),
    ("harbor-pine", "Harbor & Pine Inc.", "USD", "3200.00", "0.00", "0.00", "0.00", "0.00", "0.00", "3200.00"),
    ("j-devries", "Jeroen de Vries", "EUR", "314.60", "0.00", "0.00", "0.00", "0.00", "0.00", "314.60"),
    ("kade-architecten", "Kade Architecten B.V.", "EUR", "2178.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2178.00"),
    ("museum-noord", "Stichting Museum Noord", "EUR", "2541.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2541.00"),
    ("pixelhaven", "Pixelhaven B.V.", "EUR", "1645.60", "0.00", "0.00", "0.00", "0.00", "0.00", "1645.60"),
];

/// Totals on 2025-09-30: (currency, open, overdue, interest, fees_owed, total, current,
/// 1-30, 31-60, 61-90, 90+).
#[rustfmt::skip]
const TOTALS_2025_09_30: &[Tot] = &[
    ("EUR", "9920.20", "0.00", "0.00", "0.00", "9920.20", "9920.20", "0.00", "0.00", "0.00", "0.00"),
    ("USD", "3200.00", "0.00", "0.00", "0.00", "3200.00", "3200.00", "0.00", "0.00", "0.00", "0.00"),
];

/// Open invoices on 2026-11-23, by number.
#[rustfmt::skip]
const INVOICES_2026_11_23: &[Inv] = &[
    // number, customer, currency, amount, open, date, due, days_overdue, state, hold,
    // stage, next_stage, next_due, interest, fees, fees_owed, total, ready_for_handover
    ("2026-036", "s-bakker", "EUR", "2420.00", "305.00", "2026-03-02", "2026-04-01", 236, "open", None, Some("notice"), None, None, "29.51", "90.75", "90.75", "425.26", false),
    ("2026-103", "fietsfabriek", "EUR", "1210.00", "1210.00", "2026-08-03", "2026-09-02", 82, "open", None, Some("handover"), None, None, "28.27", "181.50", "181.50", "1419.77", true),
    ("2026-115", "fietsfabriek", "EUR", "1210.00", "0.00", "2026-09-01", "2026-10-01", 53, "open", None, Some("handover"), None, None, "0.00", "90.75", "57.99", "57.99", false),
    ("2026-119", "museum-noord", "EUR", "8712.00", "8712.00", "2026-09-07", "2026-10-22", 32, "open", Some("dispute"), Some("reminder"), None, None, "79.43", "0.00", "0.00", "8712.00", false),
    ("2026-122", "tandarts-vonk", "EUR", "302.50", "6.05", "2026-09-14", "2026-10-14", 40, "open", None, None, Some("reminder"), Some("2026-10-17"), "0.07", "0.00", "0.00", "6.05", false),
    ("2026-128", "fietsfabriek", "EUR", "1210.00", "1210.00", "2026-10-01", "2026-10-31", 23, "open", None, Some("call"), Some("second"), Some("2026-11-23"), "7.93", "0.00", "0.00", "1210.00", false),
    ("2026-131", "harbor-pine", "USD", "3200.00", "3200.00", "2026-10-01", "2026-10-31", 23, "open", None, Some("call"), Some("second"), Some("2026-11-23"), "20.97", "0.00", "0.00", "3200.00", false),
    ("2026-132", "wijnhuis-aurelia", "EUR", "2178.00", "2178.00", "2026-10-05", "2026-11-04", 19, "open", Some("promise"), Some("call"), None, None, "11.79", "0.00", "0.00", "2178.00", false),
    ("2026-133", "k-osei", "EUR", "1185.80", "1185.80", "2026-10-06", "2026-11-05", 18, "open", None, Some("fourteen-day"), Some("notice"), Some("2026-12-06"), "2.34", "0.00", "0.00", "1185.80", false),
    ("2026-134", "nordlicht-verlag", "EUR", "3000.00", "3000.00", "2026-10-07", "2026-11-06", 17, "open", None, Some("call"), Some("second"), Some("2026-11-23"), "14.53", "0.00", "0.00", "3000.00", false),
    ("2026-136", "hofstede-makelaars", "EUR", "2238.50", "2238.50", "2026-10-12", "2026-11-11", 12, "open", None, Some("reminder"), Some("call"), Some("2026-11-23"), "7.65", "0.00", "0.00", "2238.50", false),
    ("2026-138", "cafe-debrug", "EUR", "423.50", "423.50", "2026-10-14", "2026-11-13", 10, "open", None, Some("notice"), Some("handover"), Some("2026-11-30"), "0.93", "40.00", "40.00", "464.43", false),
    ("2026-140", "kade-architecten", "EUR", "2057.00", "2057.00", "2026-10-19", "2026-11-18", 5, "open", None, None, Some("reminder"), Some("2026-11-21"), "2.93", "0.00", "0.00", "2057.00", false),
    ("2026-142", "l-peeters", "EUR", "459.80", "459.80", "2026-10-20", "2026-11-19", 4, "open", None, None, Some("reminder"), Some("2026-11-22"), "0.00", "0.00", "0.00", "459.80", false),
    ("2026-143", "pixelhaven", "EUR", "1742.40", "1742.40", "2026-10-23", "2026-11-22", 1, "open", None, None, Some("reminder"), Some("2026-11-25"), "0.50", "0.00", "0.00", "1742.40", false),
    ("2026-144", "brouwerij-zevenbruggen", "EUR", "1815.00", "1815.00", "2026-11-02", "2026-12-02", 0, "open", None, None, Some("reminder"), Some("2026-12-05"), "0.00", "0.00", "0.00", "1815.00", false),
    ("2026-145", "rijnland-zorg", "EUR", "2420.00", "2420.00", "2026-11-02", "2026-12-02", 0, "open", None, None, Some("reminder"), Some("2026-12-05"), "0.00", "0.00", "0.00", "2420.00", false),
    ("2026-146", "fietsfabriek", "EUR", "1210.00", "1210.00", "2026-11-02", "2026-12-02", 0, "open", None, None, Some("reminder"), Some("2026-12-05"), "0.00", "0.00", "0.00", "1210.00", false),
    ("2026-147", "hofstede-makelaars", "EUR", "605.00", "605.00", "2026-11-02", "2026-12-02", 0, "open", None, None, Some("reminder"), Some("2026-12-05"), "0.00", "0.00", "0.00", "605.00", false),
    ("2026-148", "greenleaf", "EUR", "2178.00", "2178.00", "2026-11-02", "2027-01-01", 0, "open", None, None, Some("reminder"), Some("2027-01-04"), "0.00", "0.00", "0.00", "2178.00", false),
    ("2026-149", "harbor-pine", "USD", "3200.00", "3200.00", "2026-11-02", "2026-12-02", 0, "open", None, None, Some("reminder"), Some("2026-12-05"), "0.00", "0.00", "0.00", "3200.00", false),
    ("2026-150", "atelier-lumiere", "EUR", "3800.00", "3800.00", "2026-11-03", "2026-12-03", 0, "open", None, None, Some("reminder"), Some("2026-12-06"), "0.00", "0.00", "0.00", "3800.00", false),
    ("2026-151", "pixelhaven", "EUR", "2178.00", "2178.00", "2026-11-09", "2026-12-09", 0, "open", None, None, Some("reminder"), Some("2026-12-12"), "0.00", "0.00", "0.00", "2178.00", false),
    ("2026-152", "mode-antwerpen", "EUR", "2000.00", "2000.00", "2026-11-09", "2026-12-09", 0, "open", None, None, Some("reminder"), Some("2026-12-12"), "0.00", "0.00", "0.00", "2000.00", false),
    ("2026-153", "f-dijkstra", "EUR", "314.60", "314.60", "2026-11-10", "2026-12-10", 0, "open", None, None, Some("reminder"), Some("2026-12-13"), "0.00", "0.00", "0.00", "314.60", false),
    ("2026-154", "vandam-advocaten", "EUR", "544.50", "544.50", "2026-11-16", "2026-11-30", 0, "open", None, None, Some("reminder"), Some("2026-12-03"), "0.00", "0.00", "0.00", "544.50", false),
    ("2026-155", "vandam-advocaten", "EUR", "5735.40", "5735.40", "2026-11-16", "2026-11-30", 0, "open", None, None, Some("reminder"), Some("2026-12-03"), "0.00", "0.00", "0.00", "5735.40", false),
    ("2026-156", "cafe-debrug", "EUR", "580.80", "580.80", "2026-11-16", "2026-12-16", 0, "open", None, None, Some("notice"), Some("2026-12-17"), "0.00", "0.00", "0.00", "580.80", false),
    ("2026-157", "nordlicht-verlag", "EUR", "1500.00", "1500.00", "2026-11-16", "2026-12-16", 0, "open", None, None, Some("reminder"), Some("2026-12-19"), "0.00", "0.00", "0.00", "1500.00", false),
    ("DR-2026-04", "drukkerij-oost", "EUR", "3025.00", "3025.00", "2026-09-15", "2026-10-15", 39, "open", None, None, Some("reminder"), Some("2027-01-13"), "33.61", "0.00", "0.00", "3025.00", false),
];

/// Customers on 2026-11-23: (id, name, currency, open, overdue, credit, interest, fees,
/// fees_owed, total).
#[rustfmt::skip]
const CUSTOMERS_2026_11_23: &[Cust] = &[
    ("a-elmoussaoui", "Amira El Moussaoui", "EUR", "0.00", "0.00", "847.00", "0.00", "0.00", "0.00", "0.00"),
    ("atelier-lumiere", "Atelier Lumière SRL", "EUR", "3800.00", "0.00", "0.00", "0.00", "0.00", "0.00", "3800.00"),
    ("brouwerij-zevenbruggen", "Brouwerij De Zeven Bruggen B.V.", "EUR", "1815.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1815.00"),
    ("cafe-debrug", "Café De Brug", "EUR", "1004.30", "423.50", "0.00", "0.93", "40.00", "40.00", "1045.23"),
    ("drukkerij-oost", "Drukkerij Oost B.V.", "EUR", "3025.00", "3025.00", "0.00", "33.61", "0.00", "0.00", "3025.00"),
    ("f-dijkstra", "Femke Dijkstra", "EUR", "314.60", "0.00", "0.00", "0.00", "0.00", "0.00", "314.60"),
    ("fietsfabriek", "De Fietsfabriek Utrecht B.V.", "EUR", "3630.00", "2420.00", "0.00", "36.20", "239.49", "239.49", "3897.76"),
    ("greenleaf", "GreenLeaf Energy B.V.", "EUR", "2178.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2178.00"),
    ("harbor-pine", "Harbor & Pine Inc.", "USD", "6400.00", "3200.00", "0.00", "20.97", "0.00", "0.00", "6400.00"),
    ("hofstede-makelaars", "Hofstede Makelaars", "EUR", "2843.50", "2238.50", "0.00", "7.65", "0.00", "0.00", "2843.50"),
    ("k-osei", "Kwame Osei", "EUR", "1185.80", "1185.80", "0.00", "2.34", "0.00", "0.00", "1185.80"),
    ("kade-architecten", "Kade Architecten B.V.", "EUR", "2057.00", "2057.00", "0.00", "2.93", "0.00", "0.00", "2057.00"),
    ("l-peeters", "Lotte Peeters", "EUR", "459.80", "459.80", "0.00", "0.00", "0.00", "0.00", "459.80"),
    ("mode-antwerpen", "Modehuis Scheldekaai BV", "EUR", "2000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2000.00"),
    ("museum-noord", "Stichting Museum Noord", "EUR", "8712.00", "8712.00", "0.00", "79.43", "0.00", "0.00", "8712.00"),
    ("nordlicht-verlag", "Nordlicht Verlag GmbH", "EUR", "4500.00", "3000.00", "0.00", "14.53", "0.00", "0.00", "4500.00"),
    ("pixelhaven", "Pixelhaven B.V.", "EUR", "3920.40", "1742.40", "0.00", "0.50", "0.00", "0.00", "3920.40"),
    ("rijnland-zorg", "Zorggroep Rijnland", "EUR", "2420.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2420.00"),
    ("s-bakker", "Sanne Bakker", "EUR", "305.00", "305.00", "0.00", "29.51", "90.75", "90.75", "425.26"),
    ("tandarts-vonk", "Tandartspraktijk Vonk", "EUR", "6.05", "6.05", "0.00", "0.07", "0.00", "0.00", "6.05"),
    ("vandam-advocaten", "Van Dam & Visser Advocaten", "EUR", "6279.90", "0.00", "0.00", "0.00", "0.00", "0.00", "6279.90"),
    ("wijnhuis-aurelia", "Wijnhuis Aurelia", "EUR", "2178.00", "2178.00", "0.00", "11.79", "0.00", "0.00", "2178.00"),
];

/// Totals on 2026-11-23: (currency, open, overdue, interest, fees_owed, total, current,
/// 1-30, 31-60, 61-90, 90+).
#[rustfmt::skip]
const TOTALS_2026_11_23: &[Tot] = &[
    ("EUR", "52634.35", "27753.05", "219.49", "370.24", "53063.30", "24881.30", "14495.00", "11743.05", "1210.00", "305.00"),
    ("USD", "6400.00", "3200.00", "20.97", "0.00", "6400.00", "3200.00", "3200.00", "0.00", "0.00", "0.00"),
];
// END GENERATED
