//! `dun status --format html`: the dashboard.
//!
//! - Every figure on the example's page equals what `status --format json`, `customers
//!   --format json` and `run --dry-run` say for the same date (read from the page's `data-*`
//!   attributes; the month ends and the change against `status --format json` of those days).
//! - The page is well-formed (an XML reader reads it to the end with every tag closed).
//! - Texts from the journal and the rules stay text (`tests/data/dashboard/`: a customer
//!   called `<script>`, a dispute reason closing table cells, a bank id with an `<img>`), and
//!   the page of that book is compared whole with `tests/data/dashboard/expected.html`
//!   (re-bless with `UPDATE=1`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

const EXAMPLE: &str = "examples/acme-studio/journal.dun";
const HOSTILE: &str = "tests/data/dashboard/journal.dun";

/// Runs dun on `journal` as of `date` with `args`; stdout, or a failure with stderr.
fn dun(journal: &str, date: &str, args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_dun"))
        .current_dir(root)
        .env_remove("DUN_JOURNAL")
        .env_remove("DUN_RULES")
        .args(["-f", journal, "--date", date])
        .args(args)
        .output()
        .expect("run dun");
    assert!(
        out.status.success(),
        "dun {args:?} --date {date} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn json(journal: &str, date: &str, command: &str) -> Value {
    serde_json::from_str(&dun(journal, date, &[command, "--format", "json"])).expect("JSON")
}

/// An element of the page: its name, its attributes (unescaped) and the path of element
/// names it sits in.
#[derive(Debug)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    parents: Vec<String>,
}

impl El {
    fn get(&self, key: &str) -> &str {
        self.attrs.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// Reads the page as XML: fails on any tag left open, closed twice or mismatched, on an
/// unknown entity and on an unquoted attribute. Returns every element.
fn elements(html: &str) -> Vec<El> {
    let mut reader = Reader::from_str(html);
    reader.config_mut().check_end_names = true;
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at byte {at}: {e}\n{}", &html[at as usize..]));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap_or_else(|err| panic!("bad attribute at byte {at}: {err}"));
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("known entities only")
                            .into_owned();
                        (AsRef::<str>::as_ref(&a.key).to_string(), value)
                    })
                    .collect();
                out.push(El {
                    name: name.clone(),
                    attrs,
                    parents: open.clone(),
                });
                if matches!(event, Event::Start(_)) {
                    open.push(name);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t) => {
                quick_xml::escape::unescape(t.as_ref())
                    .unwrap_or_else(|e| panic!("bad entity in text at byte {at}: {e}"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    out
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The status totals of a date by currency: (open, overdue), "0.00" where absent.
fn totals(date: &str) -> BTreeMap<String, (String, String)> {
    json(EXAMPLE, date, "status")["totals"]
        .as_array()
        .expect("totals")
        .iter()
        .map(|t| (s(&t["currency"]), (s(&t["open"]), s(&t["overdue"]))))
        .collect()
}

#[test]
fn the_example_page_shows_what_json_and_run_say() {
    let date = "2026-11-23";
    let html = dun(EXAMPLE, date, &["status", "--format", "html"]);
    let els = elements(&html);
    let status = json(EXAMPLE, date, "status");
    let customers = json(EXAMPLE, date, "customers");
    let earlier = "2026-10-24";
    let customers_then = json(EXAMPLE, earlier, "customers");
    let mut checked = 0;

    // Headline and aging, per currency.
    let currencies: Vec<&Value> = status["totals"].as_array().expect("totals").iter().collect();
    assert_eq!(currencies.len(), 2);
    let then = totals(earlier);
    for t in currencies {
        let cur = s(&t["currency"]);
        let inside = |e: &&El| e.name == "div" && e.parents.len() >= 3;
        let block: Vec<&El> = els
            .iter()
            .skip_while(|e| !(e.get("class") == "currency" && e.get("data-currency") == cur))
            .skip(1)
            .take_while(|e| e.get("class") != "currency")
            .collect();
        let figure = |key: &str| {
            block
                .iter()
                .find(|e| e.get("data-figure") == key)
                .unwrap_or_else(|| panic!("{cur}: no figure {key}"))
        };
        for key in ["open", "overdue", "interest", "fees_owed", "total"] {
            assert!(inside(figure(key)));
            assert_eq!(figure(key).get("data-value"), s(&t[key]), "{cur} {key}");
            checked += 1;
        }
        let (open_then, overdue_then) = then.get(&cur).cloned().unwrap_or(("0.00".into(), "0.00".into()));
        assert_eq!(figure("open").get("data-earlier"), open_then, "{cur} open on {earlier}");
        assert_eq!(
            figure("overdue").get("data-earlier"),
            overdue_then,
            "{cur} overdue on {earlier}"
        );
        let portfolio = |b: &Value| {
            b["portfolio"]
                .as_array()
                .expect("portfolio")
                .iter()
                .find(|p| s(&p["currency"]) == cur)
                .map(|p| s(&p["dso_countback"]))
                .expect("a portfolio row")
        };
        assert_eq!(
            figure("dso_countback").get("data-value"),
            portfolio(&customers),
            "{cur} DSO"
        );
        assert_eq!(
            figure("dso_countback").get("data-earlier"),
            portfolio(&customers_then),
            "{cur} DSO then"
        );
        for bucket in ["current", "1-30", "31-60", "61-90", "90+"] {
            let li = block.iter().find(|e| e.get("data-bucket") == bucket).expect("bucket");
            assert_eq!(li.get("data-value"), s(&t["buckets"][bucket]), "{cur} {bucket}");
            checked += 1;
        }
        // The month ends: 12 of them and today, each as status --format json of that day.
        let points: Vec<&&El> = block.iter().filter(|e| e.get("class") == "point").collect();
        assert_eq!(points.len(), 13, "{cur}");
        assert_eq!(points[12].get("data-date"), date);
        assert_eq!(points[12].get("data-overdue"), s(&t["overdue"]));
        for p in &points[..12] {
            let day = p.get("data-date");
            let (open, overdue) = totals(day).get(&cur).cloned().unwrap_or(("0.00".into(), "0.00".into()));
            assert_eq!(
                (p.get("data-open"), p.get("data-overdue")),
                (open.as_str(), overdue.as_str()),
                "{cur} {day}"
            );
            checked += 1;
        }
    }

    // Customers: grade, trend, open, overdue and advice as `customers`, invoices as `status`.
    let cards: Vec<&El> = els.iter().filter(|e| e.get("class") == "customer").collect();
    let list = customers["customers"].as_array().expect("customers");
    assert_eq!(cards.len(), list.len());
    for (card, c) in cards.iter().zip(list) {
        assert_eq!(card.get("data-customer"), s(&c["id"]));
        assert_eq!(card.get("data-currency"), s(&c["currency"]));
        assert_eq!(card.get("data-grade"), s(&c["grade"]));
        assert_eq!(card.get("data-trend"), s(&c["trend"]), "{}", s(&c["id"]));
        assert_eq!(card.get("data-open"), s(&c["open"]));
        assert_eq!(card.get("data-overdue"), s(&c["overdue"]));
        let advice: Vec<String> = c["advice"].as_array().expect("advice").iter().map(s).collect();
        assert_eq!(card.get("data-advice"), advice.join(" "));
        checked += 1;
    }
    let grades: Vec<&str> = cards.iter().map(|c| c.get("data-grade")).collect();
    assert!(grades.contains(&"D") && grades.contains(&"A"), "{grades:?}");
    let listed: Vec<(String, String)> = els
        .iter()
        .filter(|e| e.parents.iter().any(|p| p == "tbody") && e.name == "tr" && !e.get("data-invoice").is_empty())
        .map(|e| (e.get("data-invoice").to_string(), e.get("data-open").to_string()))
        .collect();
    let mut expected: Vec<(String, String)> = status["invoices"]
        .as_array()
        .expect("invoices")
        .iter()
        .map(|i| (s(&i["number"]), s(&i["open"])))
        .collect();
    let mut got = listed.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "invoices beneath the customers");

    // Held invoices: those status shows with a hold, with the same kind.
    let held: Vec<(String, String)> = els
        .iter()
        .filter(|e| e.get("class") == "held")
        .map(|e| (e.get("data-invoice").to_string(), e.get("data-kind").to_string()))
        .collect();
    let expected: Vec<(String, String)> = status["invoices"]
        .as_array()
        .expect("invoices")
        .iter()
        .filter(|i| !i["hold"].is_null())
        .map(|i| (s(&i["number"]), s(&i["hold"])))
        .collect();
    assert_eq!(held.len(), 2);
    let mut sorted = held.clone();
    sorted.sort();
    let mut expected_sorted = expected;
    expected_sorted.sort();
    assert_eq!(sorted, expected_sorted);

    // Unmatched money: the lines status lists, with their amounts.
    let unmatched: Vec<(String, String)> = els
        .iter()
        .filter(|e| e.get("class") == "unmatched")
        .map(|e| (e.get("data-value").to_string(), e.get("data-currency").to_string()))
        .collect();
    let expected: Vec<(String, String)> = status["unmatched"]
        .as_array()
        .expect("unmatched")
        .iter()
        .map(|u| (s(&u["amount"]), s(&u["currency"])))
        .collect();
    assert_eq!(unmatched.len(), 1, "the example's transfer of 21 November");
    assert_eq!(unmatched, expected);

    // Today: each letter and task of `run --dry-run`, with the amount the letter asks.
    let run = dun(EXAMPLE, date, &["run", "--dry-run"]);
    let mut from_run: Vec<(String, String, String, String)> = Vec::new();
    for block in run.split("\n\n").skip(1) {
        let first: Vec<&str> = block.lines().next().unwrap_or("").split_whitespace().collect();
        let asks = block
            .lines()
            .find_map(|l| l.trim().strip_prefix("asks "))
            .map(|a| a.split(' ').next().unwrap_or("").to_string());
        match first.first() {
            Some(&"letter") => {
                let stage = block
                    .split(")  ")
                    .nth(1)
                    .and_then(|r| r.split(' ').next())
                    .unwrap_or("");
                from_run.push(("letter".into(), first[1].into(), stage.into(), asks.unwrap_or_default()));
            }
            Some(&"task") => {
                let stage = block
                    .split(")  ")
                    .nth(1)
                    .and_then(|r| r.split(':').next())
                    .unwrap_or("");
                from_run.push(("task".into(), first[1].into(), stage.into(), String::new()));
            }
            _ => {}
        }
    }
    let actions: Vec<(String, String, String, String)> = els
        .iter()
        .filter(|e| e.get("class") == "action")
        .map(|e| {
            let asks = match e.get("data-kind") {
                "letter" => e.get("data-value").to_string(),
                _ => String::new(),
            };
            (
                e.get("data-kind").into(),
                e.get("data-customer").into(),
                e.get("data-stage").into(),
                asks,
            )
        })
        .collect();
    assert_eq!(from_run.len(), 6, "{run}");
    assert_eq!(actions, from_run);
    assert!(html.contains("Not sent to tandarts-vonk"));
    assert!(checked > 60, "{checked}");
}

#[test]
fn an_earlier_date_agrees_with_json_too() {
    // Mid-ladder, after the 2025 write-offs: the month ends cover write-offs and payments.
    let date = "2025-09-30";
    let html = dun(EXAMPLE, date, &["status", "--format", "html"]);
    let els = elements(&html);
    let points: Vec<&El> = els.iter().filter(|e| e.get("class") == "point").collect();
    let currencies = json(EXAMPLE, date, "status")["totals"]
        .as_array()
        .expect("totals")
        .len();
    assert_eq!(points.len(), 13 * currencies);
    let mut by_day: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
    for p in points {
        let (day, cur) = (p.get("data-date"), p.get("data-currency"));
        let on_day = by_day.entry(day.to_string()).or_insert_with(|| totals(day));
        let (open, overdue) = on_day.get(cur).cloned().unwrap_or(("0.00".into(), "0.00".into()));
        assert_eq!(
            (p.get("data-open"), p.get("data-overdue")),
            (open.as_str(), overdue.as_str()),
            "{cur} {day}"
        );
    }
}

#[test]
fn one_customer_only() {
    let html = dun(
        EXAMPLE,
        "2026-11-23",
        &["status", "--format", "html", "--customer", "fietsfabriek"],
    );
    let els = elements(&html);
    let cards: Vec<&El> = els.iter().filter(|e| e.get("class") == "customer").collect();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].get("data-customer"), "fietsfabriek");
    let open = els.iter().find(|e| e.get("data-figure") == "open").expect("open");
    let single: Value = serde_json::from_str(&dun(
        EXAMPLE,
        "2026-11-23",
        &["status", "--format", "json", "--customer", "fietsfabriek"],
    ))
    .expect("JSON");
    assert_eq!(open.get("data-value"), s(&single["totals"][0]["open"]));
    assert!(
        els.iter().all(|e| e.get("data-figure") != "dso_countback"),
        "DSO is the whole book's"
    );
    let actions: Vec<&El> = els.iter().filter(|e| e.get("class") == "action").collect();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].get("data-customer"), "fietsfabriek");
}

#[test]
fn texts_stay_text_and_the_page_is_as_blessed() {
    let html = dun(HOSTILE, "2026-04-30", &["status", "--format", "html"]);
    let els = elements(&html);
    for raw in ["<script>alert", "<b>bold", "<img", "<them>", "</td></tr><b>"] {
        assert!(!html.contains(raw), "{raw} got through");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Sons"));
    assert!(html.contains("Phone &lt;them&gt; &amp; ask"));
    // Exactly one script element: the page's own.
    assert_eq!(els.iter().filter(|e| e.name == "script").count(), 1);
    assert!(!els.iter().any(|e| e.name == "img" || e.name == "b"));
    let unmatched: Vec<&El> = els.iter().filter(|e| e.get("class") == "unmatched").collect();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].get("data-value"), "42.50");
    let held = els.iter().find(|e| e.get("class") == "held").expect("the dispute");
    assert_eq!((held.get("data-invoice"), held.get("data-kind")), ("A-2", "dispute"));

    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dashboard/expected.html");
    if std::env::var_os("UPDATE").is_some() {
        std::fs::write(&expected, &html).expect("bless");
    }
    let want = std::fs::read_to_string(&expected).expect("tests/data/dashboard/expected.html (UPDATE=1 writes it)");
    assert!(
        html == want,
        "the page differs from {}; UPDATE=1 re-blesses it",
        expected.display()
    );
}
