//! Properties of the claim pass over random journals (the journal's *Meaning*):
//!
//! - a debtor who pays exactly what a letter asks, on its pay-by date, owes nothing on
//!   those invoices afterwards and has no credit, under both payment orders;
//! - the figures for a date never change when entries dated after it are added;
//! - money in = principal + interest + costs paid + credit, to the cent.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use dun::load::MemFiles;
use dun::plan::{evaluate, Plan};
use dun::project::{Paths, Project};
use dun::status::{to_json, Filter, Report};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn open(journal: &str, rules: &str) -> Project {
    let files = MemFiles(BTreeMap::from([
        (PathBuf::from("j/journal.dun"), journal.as_bytes().to_vec()),
        (PathBuf::from("j/rules.dun"), rules.as_bytes().to_vec()),
    ]));
    let paths = Paths {
        journal: PathBuf::from("j/journal.dun"),
        rules: None,
    };
    let p = Project::open(&files, &paths).expect("in memory");
    let errors: Vec<_> = p.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{journal}");
    p
}

fn rules(legal: bool, interest: &str) -> String {
    format!(
        "default-terms 14d\n{}\nsender\n  name: \"S\"\n  address: \"A\"\n  iban: NL91ABNA0417164300\n\n\
         policy business\n\
         \x20 stage reminder after 3d template reminder\n\
         \x20 stage notice after 17d wait 7d template notice fee wik interest {interest}\n\
         \x20 stage handover after 45d wait 14d template handover action handover\n",
        if legal { "payment-order legal" } else { "" }
    )
}

const START: (i32, u32, u32) = (2025, 3, 1);

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(START.0, START.1, START.2).unwrap() + Days::new(n)
}

/// One dated entry of a random journal, as text.
#[derive(Debug, Clone)]
struct Entry {
    day: u64,
    text: String,
}

fn customers() -> String {
    "customer a \"A\"\n  kind: business\n\ncustomer b \"B\"\n  kind: business\n\n".to_string()
}

/// Invoices, payments (named or not), credit notes, letters with costs, disputes, write-offs.
fn entries() -> impl Strategy<Value = Vec<Entry>> {
    let invoice = (0u64..200, 0usize..2, 100u64..500_000).prop_map(|(d, c, cents)| (d, c, cents));
    prop::collection::vec(invoice, 1..6)
        .prop_flat_map(|invoices| {
            let n = invoices.len();
            let other = prop::collection::vec((0u64..300, 0usize..2, 1u64..600_000, 0usize..8, 0usize..n), 0..8);
            (Just(invoices), other)
        })
        .prop_map(|(invoices, other)| {
            let cust = ["a", "b"];
            let mut out = Vec::new();
            for (i, (d, c, cents)) in invoices.iter().enumerate() {
                out.push(Entry {
                    day: *d,
                    text: format!("invoice I-{i} {} {}.{:02} EUR", cust[*c], cents / 100, cents % 100),
                });
            }
            for (k, (d, c, cents, kind, inv)) in other.into_iter().enumerate() {
                let (inv_day, inv_cust, inv_cents) = invoices[inv];
                let amount = format!("{}.{:02} EUR", cents / 100, cents % 100);
                let text = match kind {
                    0 | 1 => format!("payment {} {amount}", cust[c]),
                    2 => format!("payment {} {amount}\n  invoice: I-{inv}", cust[inv_cust]),
                    3 => format!(
                        "credit CN-{k} {} {}.{:02} EUR\n  invoice: I-{inv}",
                        cust[inv_cust],
                        (cents % inv_cents) / 100,
                        (cents % inv_cents) % 100
                    ),
                    4 => format!("sent {} notice I-{inv}\n  fee: 40.00 EUR", cust[inv_cust]),
                    5 => format!("dispute I-{inv} \"no\""),
                    6 => format!("writeoff I-{inv} \"lost\""),
                    _ => format!("promise I-{inv} {}", day(d + 10)),
                };
                // Entries about an invoice come after it.
                let d = if kind >= 2 { d.max(inv_day) } else { d };
                out.push(Entry { day: d, text });
            }
            out
        })
}

fn journal(entries: &[Entry], until: Option<u64>) -> String {
    let mut text = customers();
    for e in entries.iter().filter(|e| until.is_none_or(|u| e.day <= u)) {
        text.push_str(&format!("{} {}\n\n", day(e.day), e.text));
    }
    text
}

fn status_json(p: &Project, date: NaiveDate) -> String {
    let plan = evaluate(&p.book, &p.rules, &p.rates, date);
    let filter = Filter {
        customer: None,
        all: true,
    };
    to_json(&Report::new(&p.book, &p.rules, &plan, &filter))
}

/// Money in (payments and credit notes) = what reached invoices + credit.
fn balances(p: &Project, plan: &Plan) -> bool {
    let money_in: Decimal = p.book.payments.iter().map(|x| x.amount.amount).sum();
    let applied: Decimal = plan.splits.iter().map(|s| s.parts().total()).sum();
    let credit: Decimal = plan.credit.iter().map(|c| c.2).sum();
    money_in == applied + credit
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn figures_for_a_date_never_change_when_later_entries_are_added(
        entries in entries(), cut in 0u64..320, legal: bool, compound: bool,
    ) {
        let interest = if compound { "fixed 8% compound yearly" } else { "nl-commercial" };
        let rules = rules(legal, interest);
        let all = open(&journal(&entries, None), &rules);
        let known = open(&journal(&entries, Some(cut)), &rules);
        prop_assert_eq!(status_json(&all, day(cut)), status_json(&known, day(cut)));
    }

    #[test]
    fn money_in_is_what_reached_invoices_plus_credit(entries in entries(), legal: bool) {
        let p = open(&journal(&entries, None), &rules(legal, "nl-commercial"));
        for d in [50, 150, 400] {
            let plan = evaluate(&p.book, &p.rules, &p.rates, day(d).min(day(660)));
            let known: Decimal = p.book.payments.iter().filter(|x| x.date <= plan.as_of).map(|x| x.amount.amount).sum();
            let applied: Decimal = plan.splits.iter().map(|s| s.parts().total()).sum();
            let credit: Decimal = plan.credit.iter().map(|c| c.2).sum();
            prop_assert_eq!(known, applied + credit, "as of {}", plan.as_of);
        }
        let plan = evaluate(&p.book, &p.rules, &p.rates, day(660));
        prop_assert!(balances(&p, &plan));
    }

    #[test]
    fn paying_a_letters_total_on_its_pay_by_date_settles_it(
        amounts in prop::collection::vec(100u64..2_000_000, 1..4),
        paid in prop::collection::vec(1u64..100_000, 0..3),
        legal: bool,
        scheme in prop::sample::select(vec!["nl-commercial", "fixed 8%", "fixed 12% compound yearly", "be-commercial"]),
    ) {
        let rules = rules(legal, scheme);
        let mut text = customers();
        for (i, cents) in amounts.iter().enumerate() {
            text.push_str(&format!("{} invoice I-{i} a {}.{:02} EUR\n\n", day(i as u64 * 9), cents / 100, cents % 100));
        }
        for (k, cents) in paid.iter().enumerate() {
            text.push_str(&format!("{} payment a {}.{:02} EUR\n\n", day(20 + 11 * k as u64), cents / 100, cents % 100));
        }
        // Run the ladder day by day, recording every letter, until one claims money.
        let mut p = open(&text, &rules);
        for d in 0..400u64 {
            let plan = evaluate(&p.book, &p.rules, &p.rates, day(d));
            let run = dun::due::select(&p.book, &p.rules, &p.rates, &plan);
            for letter in &run.letters {
                for r in dun::record::letter_records(&p.book, letter, None, "post") {
                    text.push_str(&r.to_text());
                    text.push('\n');
                }
            }
            let Some(letter) = run.letters.iter().find(|l| l.items.iter().any(|i| !i.fee.is_zero() || !i.interest.is_zero())) else {
                if !run.letters.is_empty() {
                    p = open(&text, &rules);
                }
                continue;
            };
            // The debtor pays exactly what the letter asks, on its pay-by date.
            let mut asked = Decimal::ZERO;
            let mut lines = String::new();
            for item in &letter.items {
                let ip = plan.ledger(item.invoice);
                let amount = ip.principal + ip.fees_open() + item.fee + item.interest;
                asked += amount;
                lines.push_str(&format!("  invoice: {} {amount} EUR\n", p.book.invoice(item.invoice).number));
            }
            text.push_str(&format!("{} payment a {asked} EUR\n{lines}\n", letter.pay_by));
            let p = open(&text, &rules);
            let after = evaluate(&p.book, &p.rules, &p.rates, letter.pay_by);
            for item in &letter.items {
                assert!(after.invoice(item.invoice).is_some());
                prop_assert_eq!(after.ledger(item.invoice).total(), Decimal::ZERO, "{}\n{}", p.book.invoice(item.invoice).number, text);
            }
            prop_assert!(after.credit.is_empty(), "credit {:?}\n{}", after.credit, text);
            return Ok(());
        }
    }
}
