//! Letter lint: every built-in template, at every stage, in Dutch and English, rendered over
//! scenarios that run their whole ladder day by day (one invoice; several at one stage;
//! consumer and business; costs with and without VAT; an arrangement; a partial payment that
//! changes the balance interest runs on; a ladder without interest; a Belgian consumer), and
//! each letter checked against what the built-in wording promises (docs/letters.md):
//!
//! - no sentence that is untrue for an invoice in the letter (reminders, interest, costs,
//!   default, "in gebreke" after a 14-day letter);
//! - the interest of every invoice with its rate and period, every period printed;
//! - no cost or interest cell of zero;
//! - costs with their legal basis and a VAT sentence either way;
//! - one deadline;
//! - the customer's other overdue invoices listed, outside the total;
//! - the right word and label for Belgian consumers and the sender's country.

use std::collections::BTreeSet;
use std::fs;

use chrono::{Datelike, NaiveDate};
use dun::letters::helpers::{format_date, format_money, Locale};
use dun::letters::{LetterContext, LetterFormat, Templates};
use dun::load::FsFiles;
use dun::money::Currency;
use dun::project::{Paths, Project};
use dun::source::SourceMap;

const RULES: &str = r#"
language nl
reference rf
sender
  name: "Studio Vos"
  address: "Prinsengracht 100"
  address: "1015 EA Amsterdam"
  email: "facturen@studiovos.example"
  iban: NL91ABNA0417164300
  coc: "12345678"
  vat: NL123456789B01

policy business
  stage reminder   after 3d               template reminder
  stage second     after 17d  wait 7d     template second-reminder
  stage notice     after 31d  wait 14d    template notice    fee wik   interest nl-commercial
  stage handover   after 45d  wait 14d    template handover  action handover

policy business-vat
  stage reminder   after 3d               template reminder
  stage second     after 17d  wait 7d     template second-reminder
  stage notice     after 31d  wait 14d    template notice    fee wik +vat 21%   interest nl-commercial
  stage handover   after 45d  wait 14d    template handover  action handover

policy consumer
  stage reminder       after 3d               template reminder
  stage fourteen-day   after 10d  wait 7d     template fourteen-day-letter  required
  stage notice         after 31d  wait 17d    template notice    fee wik   interest nl-statutory
  stage handover       after 60d  wait 14d    template handover  action handover

policy flat
  stage reminder   after 3d               template reminder
  stage notice     after 20d  wait 14d    template notice    fee 40.00 EUR
  stage handover   after 45d  wait 14d    template handover  action handover

policy consumer-be
  stage reminder   after 3d               template reminder
  stage notice     after 24d  wait 21d    template notice    fee be-consumer
  stage handover   after 60d  wait 14d    template handover  action handover
"#;

/// One scenario's customer block and entries, `{L}` replaced by the language and `{C}` by
/// the customer id.
const SCENARIOS: &[&str] = &[
    // One business invoice, partly paid: the interest runs on two balances.
    r#"customer {C} "Eén B.V."
  kind: business
  language: {L}
2026-01-05 invoice {C}-1 {C} 1210.00 EUR
  terms: 30d
2026-02-20 payment {C} 210.00 EUR
  invoice: {C}-1
"#,
    // Several business invoices at one stage, one later (listed as also outstanding).
    r#"customer {C} "Veel B.V."
  kind: business
  language: {L}
2026-01-05 invoice {C}-1 {C} 500.00 EUR
  terms: 30d
2026-01-05 invoice {C}-2 {C} 750.00 EUR
  terms: 30d
2026-01-05 invoice {C}-3 {C} 2600.00 EUR
  terms: 30d
2026-02-20 invoice {C}-4 {C} 300.00 EUR
  terms: 14d
"#,
    // Costs with VAT.
    r#"customer {C} "Btw B.V."
  kind: business
  policy: business-vat
  language: {L}
2026-01-05 invoice {C}-1 {C} 2420.00 EUR
  terms: 30d
"#,
    // A consumer with one invoice under an arrangement (its balance changes) and one not.
    r#"customer {C} "Sanne Bakker"
  kind: consumer
  language: {L}
2026-01-05 invoice {C}-1 {C} 305.00 EUR
  terms: 14d
2026-01-05 invoice {C}-2 {C} 600.00 EUR
  terms: 14d
2026-02-01 arrangement {C}-2
  installment: 2026-02-15 200.00 EUR
  installment: 2026-03-15 200.00 EUR
  installment: 2026-04-15 200.00 EUR
2026-02-15 payment {C} 200.00 EUR
  invoice: {C}-2
"#,
    // A ladder without interest: a fixed fee only.
    r#"customer {C} "Zonder Rente"
  kind: business
  policy: flat
  language: {L}
2026-01-05 invoice {C}-1 {C} 800.00 EUR
  terms: 30d
"#,
    // A Belgian consumer.
    r#"customer {C} "Lotte Peeters"
  kind: consumer
  policy: consumer-be
  country: BE
  language: {L}
2026-01-05 invoice {C}-1 {C} 459.80 EUR
  terms: 14d
  memo: "Portretfotografie"
"#,
];

fn journal() -> String {
    let mut out = String::new();
    for (k, s) in SCENARIOS.iter().enumerate() {
        for lang in ["nl", "en"] {
            let id = format!("s{k}{lang}");
            out.push_str(&s.replace("{L}", lang).replace("{C}", &id));
            out.push('\n');
        }
    }
    out
}

/// Every letter the scenarios' ladders produce, day by day, each recorded as sent before
/// the next day.
fn letters() -> (Vec<LetterContext>, Templates) {
    let dir = tempfile::tempdir().unwrap();
    let journal_path = dir.path().join("journal.dun");
    let mut text = journal();
    fs::write(dir.path().join("rules.dun"), RULES).unwrap();
    let paths = Paths {
        journal: journal_path.clone(),
        rules: None,
    };
    let mut sources = SourceMap::new();
    let (templates, diags) = Templates::load(&FsFiles, &dir.path().join("templates"), &mut sources);
    assert!(diags.is_empty(), "{diags:#?}");
    let mut out = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
    let end = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
    let open = |text: &str| {
        fs::write(&journal_path, text).unwrap();
        let p = Project::open(&FsFiles, &paths).unwrap();
        let errors: Vec<_> = p.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        p
    };
    let mut p = open(&text);
    while day <= end {
        let plan = dun::plan::evaluate(&p.book, &p.rules, &p.rates, day);
        let run = dun::due::select(&p.book, &p.rules, &p.rates, &plan);
        let mut records = Vec::new();
        for letter in &run.letters {
            out.push(LetterContext::build(&p.book, &p.rules, &plan, letter));
            records.extend(dun::record::letter_records(&p.book, letter, None, "post"));
        }
        if !records.is_empty() {
            text = dun::record::appended(&text, &records);
            p = open(&text);
        }
        day = day.succ_opt().unwrap();
    }
    (out, templates)
}

struct Letter<'a> {
    ctx: &'a LetterContext,
    flat: String,
    locale: Locale,
    cur: Currency,
}

impl Letter<'_> {
    fn nl(&self) -> bool {
        self.locale == Locale::Nl
    }
    fn date(&self, d: &str) -> String {
        format_date(day(d), self.locale, false)
    }
    fn money(&self, m: &str) -> String {
        format_money(m.parse().unwrap(), self.cur, self.locale).replace('\u{a0}', " ")
    }
    fn has(&self, s: &str) -> bool {
        self.flat.contains(s)
    }
    fn who(&self) -> String {
        format!("{} {} {}", self.ctx.customer.id, self.ctx.stage.name, self.ctx.date)
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn zero(s: &str) -> bool {
    s.parse::<rust_decimal::Decimal>().unwrap().is_zero()
}

#[test]
fn every_builtin_letter_says_only_what_is_true() {
    let (contexts, templates) = letters();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for ctx in &contexts {
        let txt = templates.render(ctx, LetterFormat::Txt).unwrap();
        let l = Letter {
            ctx,
            flat: txt.split_whitespace().collect::<Vec<_>>().join(" "),
            locale: Locale::of(&ctx.language),
            cur: Currency::from_code(&ctx.currency).unwrap(),
        };
        seen.insert((ctx.language.clone(), ctx.stage.template.clone()));
        for line in txt.lines() {
            assert!(
                line.chars().count() <= 72,
                "{} {}: {line}",
                ctx.customer.id,
                ctx.stage.name
            );
        }
        if std::env::var_os("LINT_DUMP").is_some() {
            println!("==== {} {} {}\n{txt}", ctx.customer.id, ctx.stage.name, ctx.date);
        }
        reminders_claimed_only_when_sent(&l);
        no_zero_cells(&l);
        interest_with_rate_and_period(&l);
        costs_with_basis_and_vat(&l);
        default_and_notice_of_default(&l);
        one_deadline(&l);
        others_listed_outside_the_total(&l);
        belgian_words_and_labels(&l);
    }
    let templates_seen: BTreeSet<&str> = seen.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        templates_seen,
        [
            "fourteen-day-letter",
            "handover",
            "notice",
            "reminder",
            "second-reminder"
        ]
        .into(),
    );
    assert_eq!(seen.len(), 10, "every template in nl and en: {seen:?}");
}

/// "We have reminded you" only when every invoice had an earlier letter.
fn reminders_claimed_only_when_sent(l: &Letter<'_>) {
    let claims = [
        "herinnerd, maar",
        "Onlangs stuurden wij u een herinnering",
        "Wij schreven u eerder",
        "We have reminded you before",
        "We recently sent you a reminder",
        "We have written to you before",
    ];
    if claims.iter().any(|c| l.has(c)) {
        assert!(l.ctx.every.reminded, "{}: {}", l.who(), l.flat);
    }
}

/// No amount of zero in a cost or interest cell or sentence.
fn no_zero_cells(l: &Letter<'_>) {
    // The other invoices' table may show a principal of zero (only costs left); the
    // letter's own rows and sentences may not.
    let nothing = l.money("0");
    let own = ["Verder staat nog open.", "Also outstanding."]
        .iter()
        .find_map(|h| l.flat.find(h))
        .map_or(l.flat.as_str(), |end| &l.flat[..end]);
    assert!(!own.contains(&nothing), "{}: {nothing} in {}", l.who(), l.flat);
    for (field, words) in [
        (&l.ctx.totals.interest, ["Rente.", "Interest."]),
        (&l.ctx.totals.fees_new, ["Incassokosten.", "Collection costs."]),
    ] {
        if zero(field) {
            assert!(
                !words.iter().any(|w| l.has(w)),
                "{}: {words:?} without an amount",
                l.who()
            );
        }
    }
    let charge = ["Daarom brengen wij u rente", "We therefore charge you interest"];
    if zero(&l.ctx.totals.interest) {
        assert!(!charge.iter().any(|c| l.has(c)), "{}: {}", l.who(), l.flat);
    }
    let charge = ["incassokosten in rekening.", "collection costs."];
    if zero(&l.ctx.totals.fees_new) && l.ctx.stage.template == "notice" {
        assert!(!charge.iter().any(|c| l.has(c)), "{}: {}", l.who(), l.flat);
    }
}

/// Every invoice with interest: its default date, every period with its rate, its amount.
fn interest_with_rate_and_period(l: &Letter<'_>) {
    assert!(
        !l.has("vanaf de vervaldatum") && !l.has("from the due date"),
        "{}",
        l.who()
    );
    for inv in &l.ctx.invoices {
        if zero(&inv.interest) {
            continue;
        }
        assert!(!inv.interest_periods.is_empty(), "{} {}", l.who(), inv.number);
        let since = match l.nl() {
            true => format!("factuur {}, in verzuim sinds {}", inv.number, l.date(&inv.default_date)),
            false => format!("invoice {}, in default since {}", inv.number, l.date(&inv.default_date)),
        };
        assert!(l.has(&since), "{}: {since} in {}", l.who(), l.flat);
        assert_eq!(inv.interest_periods[0].from, inv.default_date, "{}", l.who());
        for p in &inv.interest_periods {
            let rate = match l.nl() {
                true => format!("{}% per jaar over {}", p.rate.replace('.', ","), l.money(&p.principal)),
                false => format!("{}% a year on {}", p.rate, l.money(&p.principal)),
            };
            let span = match l.nl() {
                true => format!("van {} tot en met {}", l.date(&p.from), l.date(&p.to)),
                false => format!("from {} up to and including {}", l.date(&p.from), l.date(&p.to)),
            };
            assert!(
                l.has(&format!("{rate} {span}")),
                "{}: {rate} {span} in {}",
                l.who(),
                l.flat
            );
        }
        let last = inv.interest_periods.last().unwrap();
        assert_eq!(last.to, l.ctx.pay_by, "{}: interest runs to the pay-by date", l.who());
    }
}

/// Costs charged: their amount, legal basis and a VAT sentence either way; costs announced:
/// the same.
fn costs_with_basis_and_vat(l: &Letter<'_>) {
    if let Some(c) = &l.ctx.costs {
        assert!(l.has(&l.money(&c.amount)), "{}", l.who());
        vat_sentence(l, c.vat.as_deref(), c.vat_rate.as_deref());
        let basis = match c.basis.as_str() {
            "wik" if l.nl() => "artikel 6:96 van het Burgerlijk Wetboek en het Besluit vergoeding",
            "wik" => "article 6:96 of the Dutch Civil Code and the Dutch Decree",
            "be-consumer" if l.nl() => "boek XIX van het Wetboek van economisch recht",
            "be-consumer" => "Book XIX of the Belgian Code of Economic Law",
            _ => "",
        };
        assert!(l.has(basis), "{}: {basis} in {}", l.who(), l.flat);
    }
    if let Some(c) = &l.ctx.costs_if_unpaid {
        if l.ctx.stage.template != "reminder" {
            assert!(l.has(&l.money(&c.amount)), "{}: {}", l.who(), l.flat);
            vat_sentence(l, c.vat.as_deref(), c.vat_rate.as_deref());
        }
    }
}

fn vat_sentence(l: &Letter<'_>, vat: Option<&str>, rate: Option<&str>) {
    let want = match (vat, l.nl()) {
        (Some(v), true) => format!(
            "inclusief {} btw ({}%) over de incassowerkzaamheden, die wij niet kunnen verrekenen",
            l.money(v),
            rate.unwrap()
        ),
        (Some(v), false) => format!(
            "includes {} VAT ({}%) on the collection work, which we cannot recover",
            l.money(v),
            rate.unwrap()
        ),
        (None, true) => "Over dit bedrag brengen wij geen btw in rekening".to_string(),
        (None, false) => "We charge no VAT on this amount".to_string(),
    };
    assert!(l.has(&want), "{}: {want} in {}", l.who(), l.flat);
}

/// A notice never gives notice of default plainly after a 14-day letter, and states since
/// when the debtor is in default.
fn default_and_notice_of_default(l: &Letter<'_>) {
    assert!(!l.has("Wij stellen u hierbij in gebreke"), "{}", l.who());
    assert!(!l.has("We hereby give you formal notice"), "{}", l.who());
    if l.ctx.stage.template != "notice" {
        assert!(!l.has("in gebreke") && !l.has("notice of default"), "{}", l.who());
        return;
    }
    let again = [
        "Voor zover nodig stellen wij u hierbij nogmaals in gebreke",
        "once more",
    ];
    let fourteen = l.ctx.invoices.iter().any(|i| i.fourteen_day_sent);
    assert_eq!(
        again.iter().any(|a| l.has(a)),
        l.ctx.every.fourteen_day_sent,
        "{}",
        l.who()
    );
    if fourteen {
        assert!(
            !l.has("ingebrekestelling") && !l.has("notice of default:"),
            "{}",
            l.who()
        );
    }
    if let [only] = l.ctx.invoices.as_slice() {
        let since = match l.nl() {
            true => format!("U bent sinds {} in verzuim", l.date(&only.default_date)),
            false => format!("You have been in default since {}", l.date(&only.default_date)),
        };
        assert!(l.has(&since), "{}: {since}", l.who());
    }
}

/// One deadline: every date after the letter's in words is the deadline, or the last day of
/// interest (the pay-by date); the 14-day letter names none but interest's.
fn one_deadline(l: &Letter<'_>) {
    let letter_day = day(&l.ctx.date);
    let mut allowed: BTreeSet<NaiveDate> = BTreeSet::new();
    if l.ctx.stage.template != "fourteen-day-letter" {
        allowed.insert(day(&l.ctx.deadline));
    }
    for inv in &l.ctx.invoices {
        allowed.extend(inv.interest_periods.iter().flat_map(|p| [day(&p.from), day(&p.to)]));
    }
    for d in dates_in(l) {
        if d > letter_day {
            assert!(
                allowed.contains(&d),
                "{}: {d} is a second deadline in {}",
                l.who(),
                l.flat
            );
        }
    }
    assert!(day(&l.ctx.deadline) >= day(&l.ctx.pay_by), "{}", l.who());
}

/// Every date written in words (`7 december 2026`, `7 December 2026`) in the letter.
fn dates_in(l: &Letter<'_>) -> Vec<NaiveDate> {
    let words: Vec<&str> = l.flat.split(' ').collect();
    let mut out = Vec::new();
    for w in words.windows(3) {
        let year = w[2].trim_end_matches([',', '.', ';', ':', ')']);
        let (Ok(d), Ok(y)) = (w[0].parse::<u32>(), year.parse::<i32>()) else {
            continue;
        };
        let month = (1..=12).find(|&m| {
            let probe = NaiveDate::from_ymd_opt(2000, m, 1).unwrap();
            format_date(probe, l.locale, false).split(' ').nth(1) == Some(w[1])
        });
        if let Some(date) = month.and_then(|m| NaiveDate::from_ymd_opt(y, m, d)) {
            out.push(date);
        }
    }
    assert!(out.iter().all(|d| d.year() > 2000));
    out
}

/// The customer's other overdue invoices are listed, with why, outside the total.
fn others_listed_outside_the_total(l: &Letter<'_>) {
    let heading = if l.nl() {
        "Verder staat nog open."
    } else {
        "Also outstanding."
    };
    assert_eq!(l.has(heading), !l.ctx.others.is_empty(), "{}", l.who());
    for o in &l.ctx.others {
        assert!(
            l.has(&format!("| {} |", o.number)) || l.has(&format!("{} ", o.number)),
            "{}",
            l.who()
        );
        assert!(o.why.is_some(), "{}", l.who());
    }
    assert!(l.has(&l.money(&l.ctx.totals.total)), "{}", l.who());
}

/// Belgian consumers: one word for the damages; the creditor's number under its own
/// country's label.
fn belgian_words_and_labels(l: &Letter<'_>) {
    if l.ctx.policy.fee.as_deref() == Some("be-consumer") {
        for word in ["incassokosten", "collection costs"] {
            assert!(!l.has(word), "{}: {word} in {}", l.who(), l.flat);
        }
    }
    assert!(!l.has("ondernemingsnummer 12345678"), "{}: a Dutch KvK number", l.who());
    assert!(!l.has("enterprise number 12345678"), "{}: a Dutch KvK number", l.who());
    if l.ctx.customer.country.as_deref() == Some("BE") && l.ctx.stage.first {
        let label = if l.nl() {
            "KvK-nummer 12345678"
        } else {
            "KvK number 12345678"
        };
        assert!(l.has(label), "{}: {}", l.who(), l.flat);
    }
}
