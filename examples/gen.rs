//! Generates a large, valid `dun` journal and the same data as a ledger/hledger journal,
//! so the same work can be timed in all three tools.
//!
//! ```text
//! cargo run --release --example gen -- --invoices 100000 --payments 80000 --customers 500 --seed 1 OUT/
//! ```
//!
//! Writes `OUT/journal.dun` (includes `customers.dun` and `data/*.dun`), `OUT/rules.dun` and
//! `OUT/ledger.journal`. With `--statement N` also `OUT/statement.xml`, a camt.053 statement
//! of N incoming lines for `dun import` (customers then get an `iban:`): 40% name an open
//! invoice in the text, 30% come from a customer's account with a claim's amount, 10% from a
//! customer's account with another amount, 20% from unknown accounts. The mix is realistic: most invoices paid in full by explicit payments,
//! some partially, some payments unallocated (applied oldest due first), credit notes, `sent`
//! records and disputes. Deterministic for a given seed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, deterministic; no dependency needed for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What to generate (public so that `benches/` can include this file as a module and
/// generate the same data in its setup).
pub struct Args {
    /// Number of invoices.
    pub invoices: usize,
    /// Number of payments (and credit notes).
    pub payments: usize,
    /// Number of customers.
    pub customers: usize,
    /// Random seed.
    pub seed: u64,
    /// Number of `data/part-NNN.dun` include files.
    pub files: usize,
    /// Output directory.
    pub out: PathBuf,
    /// Lines of the camt.053 statement to write (0: none).
    pub statement: usize,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        invoices: 10_000,
        payments: 8_000,
        customers: 100,
        seed: 1,
        files: 8,
        out: PathBuf::new(),
        statement: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} takes a number"))
        };
        match flag.as_str() {
            "--invoices" => a.invoices = num("--invoices")? as usize,
            "--payments" => a.payments = num("--payments")? as usize,
            "--customers" => a.customers = num("--customers")?.max(1) as usize,
            "--seed" => a.seed = num("--seed")?,
            "--files" => a.files = num("--files")?.max(1) as usize,
            "--statement" => a.statement = num("--statement")? as usize,
            out if !out.starts_with("--") => a.out = PathBuf::from(out),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if a.out.as_os_str().is_empty() {
        return Err(
            "usage: gen [--invoices N] [--payments M] [--customers K] [--seed S] [--files F] [--statement L] OUT/"
                .into(),
        );
    }
    Ok(a)
}

/// Day `n` from 2016-01-01, as YYYY-MM-DD (a simple proleptic calendar walk).
fn date(mut n: u64) -> String {
    let mut y = 2016;
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
            366
        } else {
            365
        };
        if n < len {
            break;
        }
        n -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let months = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while n >= months[m] {
        n -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, n + 1)
}

/// Cents as `1234.56`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

struct Invoice {
    day: u64,
    customer: usize,
    cents: u64,
    open: u64,
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&a) {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}

/// Writes the data set described by `a` into `a.out`.
pub fn generate(a: &Args) -> std::io::Result<()> {
    let mut rng = Rng(a.seed);
    fs::create_dir_all(a.out.join("data"))?;
    let span_days = 10 * 365 + 2; // 2016-01-01 .. 2025-12-31
    let mut invoices: Vec<Invoice> = (0..a.invoices)
        .map(|_| {
            let cents = 5_000 + rng.below(1_500_000);
            Invoice {
                day: rng.below(span_days),
                customer: rng.below(a.customers as u64) as usize,
                cents,
                open: cents,
            }
        })
        .collect();
    invoices.sort_by_key(|i| i.day);
    let mut parts: Vec<String> = vec![String::new(); a.files];
    let mut ledger = String::new();
    for (n, inv) in invoices.iter().enumerate() {
        let p = &mut parts[n * a.files / a.invoices.max(1)];
        let (d, c, amt) = (date(inv.day), inv.customer, money(inv.cents));
        let _ = writeln!(p, "{d} invoice I{n} c{c} {amt} EUR\n  memo: \"Design work {n}\"\n");
        let _ = writeln!(
            ledger,
            "{d} Invoice I{n}\n    Assets:Receivable:c{c}  {amt} EUR\n    Income:Sales\n"
        );
    }
    payments(a, &mut rng, &mut invoices, &mut parts, &mut ledger);
    extras(a, &mut rng, &invoices, &mut parts);
    if a.statement > 0 {
        fs::write(a.out.join("statement.xml"), statement(a, &mut rng, &invoices))?;
    }
    write_files(&a.out, a, &parts, &ledger)
}

/// A Dutch IBAN for account number `n` of the made-up bank `DUNB` (valid check digits).
fn iban(n: u64) -> String {
    let bban = format!("DUNB{n:010}");
    // ISO 13616: BBAN + country + "00", letters as 10..35, mod 97; check = 98 - remainder.
    let digits: String = format!("{bban}NL00")
        .chars()
        .map(|c| c.to_digit(36).unwrap_or(0).to_string())
        .collect();
    let rem = digits
        .bytes()
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 97);
    format!("NL{:02}{bban}", 98 - rem)
}

/// A camt.053 statement of `a.statement` incoming lines (see the module docs).
fn statement(a: &Args, rng: &mut Rng, invoices: &[Invoice]) -> String {
    let open: Vec<usize> = (0..invoices.len()).filter(|i| invoices[*i].open > 0).collect();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt><Stmt><Id>GEN-1</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>\n",
    );
    for n in 0..a.statement {
        let pick = open.get(rng.below(open.len() as u64) as usize).copied();
        let kind = rng.below(10);
        let (cents, account, text) = match (pick, kind) {
            (Some(i), 0..=3) => (
                invoices[i].open,
                iban(invoices[i].customer as u64),
                format!("Betaling factuur I{i}"),
            ),
            (Some(i), 4..=6) => (
                invoices[i].open,
                iban(invoices[i].customer as u64),
                "bedankt".to_string(),
            ),
            (Some(i), 7) => (
                1_000 + rng.below(50_000),
                iban(invoices[i].customer as u64),
                "voorschot".to_string(),
            ),
            _ => (
                1_000 + rng.below(50_000),
                iban(1_000_000 + n as u64),
                "gift".to_string(),
            ),
        };
        let _ = writeln!(
            out,
            "<Ntry><Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-15</Dt></BookgDt><AcctSvcrRef>GEN-{n}</AcctSvcrRef>\
             <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Payer {n}</Nm></Dbtr><DbtrAcct><Id><IBAN>{account}</IBAN></Id></DbtrAcct></RltdPties>\
             <RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>",
            money(cents)
        );
    }
    out.push_str("</Stmt></BkToCstmrStmt></Document>\n");
    out
}

/// Payments: 80% explicit in full, 10% partial, 10% unallocated; a credit note every 50th.
fn payments(a: &Args, rng: &mut Rng, invoices: &mut [Invoice], parts: &mut [String], ledger: &mut String) {
    if invoices.is_empty() {
        return;
    }
    for k in 0..a.payments {
        let n = rng.below(invoices.len() as u64) as usize;
        let inv = &mut invoices[n];
        if inv.open == 0 {
            continue;
        }
        let day = inv.day + 5 + rng.below(90);
        let (d, c) = (date(day), inv.customer);
        let p = &mut parts[n * a.files / a.invoices.max(1)];
        let kind = rng.below(10);
        let cents = if kind == 8 { inv.open / 2 } else { inv.open };
        let amt = money(cents);
        if k % 50 == 49 {
            let _ = writeln!(p, "{d} credit CN{k} c{c} {amt} EUR\n  invoice: I{n}\n");
        } else if kind == 9 {
            let _ = writeln!(p, "{d} payment c{c} {amt} EUR\n  ref: \"bank {k}\"\n");
        } else {
            let _ = writeln!(p, "{d} payment c{c} {amt} EUR\n  invoice: I{n}\n  ref: \"bank {k}\"\n");
        }
        let _ = writeln!(
            ledger,
            "{d} Payment c{c}\n    Assets:Bank  {amt} EUR\n    Assets:Receivable:c{c}\n"
        );
        // An unallocated payment may land on an older invoice; only explicit ones are tracked
        // exactly, so leave unallocated payments' invoices as they are (never over-allocated).
        if kind != 9 {
            inv.open -= cents;
        }
    }
}

/// `sent` records on every 20th open invoice, a dispute on every 500th.
fn extras(a: &Args, rng: &mut Rng, invoices: &[Invoice], parts: &mut [String]) {
    for (n, inv) in invoices.iter().enumerate().filter(|(_, i)| i.open > 0) {
        let p = &mut parts[n * a.files / a.invoices.max(1)];
        if n % 20 == 0 {
            let d = date(inv.day + 40 + rng.below(5));
            let _ = writeln!(
                p,
                "{d} sent c{} reminder I{n}\n  letter: \"letters/{d}/c{}-reminder.html\"\n  channel: post\n",
                inv.customer, inv.customer
            );
        }
        if n % 500 == 0 {
            let _ = writeln!(p, "{} dispute I{n} \"Quantity disputed\"\n", date(inv.day + 45));
        }
    }
}

fn write_files(out: &Path, a: &Args, parts: &[String], ledger: &str) -> std::io::Result<()> {
    let mut customers = String::new();
    let mut ledger_head = String::new();
    for c in 0..a.customers {
        let kind = if c % 5 == 0 { "consumer" } else { "business" };
        let _ = writeln!(
            customers,
            "customer c{c} \"Customer {c}\"\n  kind: {kind}\n  email: ap{c}@example.com"
        );
        if a.statement > 0 {
            let _ = writeln!(customers, "  iban: {}", iban(c as u64));
        }
        customers.push('\n');
        let _ = writeln!(ledger_head, "account Assets:Receivable:c{c}");
    }
    fs::write(out.join("customers.dun"), customers)?;
    for (i, p) in parts.iter().enumerate() {
        fs::write(out.join(format!("data/part-{i:03}.dun")), p)?;
    }
    fs::write(
        out.join("journal.dun"),
        "; generated by examples/gen.rs\ninclude \"customers.dun\"\ninclude \"data/*.dun\"\n",
    )?;
    fs::write(out.join("rules.dun"), RULES)?;
    fs::write(out.join("ledger.journal"), format!("{ledger_head}\n{ledger}"))
}

const RULES: &str = "default-terms 30d\nlanguage nl\ngrace 3d\nminimum 10.00 EUR\n
sender
  name: \"Generated B.V.\"
  iban: NL91ABNA0417164300

policy business
  stage reminder after 3d template reminder
  stage second after 17d wait 7d template second-reminder
  stage notice after 31d wait 14d template notice fee wik interest nl-commercial

policy consumer
  stage reminder after 3d template reminder
  stage fourteen-day after 10d wait 7d template fourteen-day-letter required
  stage notice after 31d wait 17d template notice fee wik interest nl-statutory
";
