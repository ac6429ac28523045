//! The CSV (and TXT) exports of Dutch and Belgian banks: one small profile per bank,
//! recognised from the header (ABN AMRO's TXT has none: from its shape).
//!
//! | profile | recognised by | amount | id |
//! |---|---|---|---|
//! | ING (NL) | `Af Bij` column | `Bedrag (EUR)` with a decimal comma, `Af`/`Bij` the direction | hash |
//! | Rabobank | `Volgnr` column | `Bedrag` signed, decimal comma; `Munt` | account + `Volgnr` |
//! | ABN AMRO | no header, 8 tab-separated columns, the 2nd a currency | 7th, signed, decimal comma; IBAN and name inside the description | hash |
//! | KBC | `Afschriftnummer` column | `Bedrag` signed, decimal comma; `Munt` | hash |
//! | bunq | `Counterparty` and `Description` columns | `Amount` signed, decimal point | hash |
//!
//! Sources: each bank's published CSV descriptions (ING "Af Bij" export, Rabobank
//! "CSV-bestand" field list, ABN AMRO "TXT formaat", KBC "CSV export", bunq export).

use csv::StringRecord;

use super::amount;
use super::{Direction, Line, Problem, Statement};
use crate::money::Currency;

/// The banks whose CSV exports are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// ING Netherlands.
    Ing,
    /// Rabobank.
    Rabobank,
    /// ABN AMRO (tab-separated TXT).
    AbnAmro,
    /// KBC (Belgium).
    Kbc,
    /// bunq.
    Bunq,
}

impl Profile {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Ing => "ING CSV",
            Profile::Rabobank => "Rabobank CSV",
            Profile::AbnAmro => "ABN AMRO TXT",
            Profile::Kbc => "KBC CSV",
            Profile::Bunq => "bunq CSV",
        }
    }

    /// The profile `text` is an export of, from its first line.
    pub fn detect(text: &str) -> Option<Profile> {
        let first = text.lines().next()?.trim_end_matches('\r');
        let cols: Vec<String> = split_header(first);
        let has = |name: &str| cols.iter().any(|c| c.eq_ignore_ascii_case(name));
        if has("Af Bij") {
            Some(Profile::Ing)
        } else if has("Volgnr") {
            Some(Profile::Rabobank)
        } else if has("Afschriftnummer") {
            Some(Profile::Kbc)
        } else if has("Counterparty") && has("Description") {
            Some(Profile::Bunq)
        } else if abn_shape(first) {
            Some(Profile::AbnAmro)
        } else {
            None
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Profile::Ing => "ing",
            Profile::Rabobank => "rabo",
            Profile::AbnAmro => "abn",
            Profile::Kbc => "kbc",
            Profile::Bunq => "bunq",
        }
    }
}

/// The header's column names, whatever the delimiter.
fn split_header(line: &str) -> Vec<String> {
    let delim = delimiter(line);
    line.split(delim as char)
        .map(|c| c.trim().trim_matches('"').trim().to_string())
        .collect()
}

/// `;`, tab or `,`: whichever the header line holds most of.
fn delimiter(line: &str) -> u8 {
    [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// ABN AMRO's TXT: `account<TAB>EUR<TAB>YYYYMMDD<TAB>...`, 8 columns.
fn abn_shape(line: &str) -> bool {
    let cols: Vec<&str> = line.split('\t').collect();
    cols.len() == 8 && Currency::from_code(cols[1].trim()).is_some() && amount::date(cols[2]).is_ok()
}

/// Reads an export with `profile`.
pub fn read(text: &str, profile: Profile) -> Result<Vec<Statement>, Problem> {
    let first = text.lines().next().unwrap_or("");
    let delim = if profile == Profile::AbnAmro {
        b'\t'
    } else {
        delimiter(first)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(profile != Profile::AbnAmro)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match profile {
        Profile::AbnAmro => Vec::new(),
        _ => reader
            .headers()
            .map_err(|e| csv_problem(&e, 1))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect(),
    };
    let cols = Columns::new(&header, profile)?;
    let mut lines = Vec::new();
    let mut account = None;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| csv_problem(&e, i + 2))?;
        let n = rec.position().map_or(i + 2, |p| p.line() as usize);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let (line, acct) = row(&rec, &cols, profile, n)?;
        account = account.or(acct);
        lines.extend(line);
    }
    super::hash_ids(profile.prefix(), account.as_deref(), &mut lines);
    Ok(vec![Statement {
        file: Default::default(),
        format: super::Format::Csv(profile),
        id: None,
        account,
        lines,
    }])
}

fn csv_problem(e: &csv::Error, fallback: usize) -> Problem {
    let line = e.position().map_or(fallback, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("this row has {len} columns, the header {expected_len}: a column is missing or extra")
        }
        _ => format!("not readable as CSV: {e}"),
    };
    Problem::line(line, message)
}

/// The column indexes a profile reads.
struct Columns {
    idx: Vec<(&'static str, usize)>,
}

impl Columns {
    /// The columns each profile needs (all must be in the header) and may use.
    fn new(header: &[String], profile: Profile) -> Result<Columns, Problem> {
        let (needed, optional): (&[&str], &[&str]) = match profile {
            Profile::Ing => (
                &[
                    "Datum",
                    "Naam / Omschrijving",
                    "Rekening",
                    "Tegenrekening",
                    "Af Bij",
                    "Bedrag (EUR)",
                ],
                &["Mededelingen"],
            ),
            Profile::Rabobank => (
                &["IBAN/BBAN", "Munt", "Volgnr", "Datum", "Bedrag"],
                &[
                    "Tegenrekening IBAN/BBAN",
                    "Naam tegenpartij",
                    "Betalingskenmerk",
                    "Omschrijving-1",
                    "Omschrijving-2",
                    "Omschrijving-3",
                    "Reden retour",
                ],
            ),
            Profile::Kbc => (
                &["Rekeningnummer", "Datum", "Bedrag"],
                &[
                    "Munt",
                    "Omschrijving",
                    "tegenpartij",
                    "rekeningnummer tegenpartij",
                    "Naam tegenpartij",
                    "gestructureerde mededeling",
                    "Vrije mededeling",
                ],
            ),
            Profile::Bunq => (&["Date", "Amount", "Counterparty", "Name", "Description"], &["Account"]),
            Profile::AbnAmro => return Ok(Columns { idx: Vec::new() }),
        };
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let missing: Vec<&str> = needed.iter().copied().filter(|n| find(n).is_none()).collect();
        if !missing.is_empty() {
            return Err(Problem::line(
                1,
                format!(
                    "the {} header lacks the column{} {}",
                    profile.name(),
                    if missing.len() == 1 { "" } else { "s" },
                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let idx = needed
            .iter()
            .chain(optional)
            .filter_map(|n| Some((*n, find(n)?)))
            .collect();
        Ok(Columns { idx })
    }

    fn get<'r>(&self, rec: &'r StringRecord, name: &str) -> &'r str {
        self.idx
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, i)| rec.get(*i))
            .map_or("", str::trim)
    }
}

/// One row: the line (none for a row that moves no money) and the statement's account.
fn row(
    rec: &StringRecord,
    cols: &Columns,
    profile: Profile,
    n: usize,
) -> Result<(Option<Line>, Option<String>), Problem> {
    let at = |m: String| Problem::line(n, m);
    let c = |name: &str| cols.get(rec, name);
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let mut line = Line {
        bank_id: String::new(),
        date: chrono::NaiveDate::MIN,
        amount: Default::default(),
        currency: Currency::EUR,
        direction: Direction::In,
        reversal: false,
        reference: None,
        text: String::new(),
        iban: None,
        name: None,
        at: format!("line {n}"),
    };
    let signed;
    let account;
    match profile {
        Profile::Ing => {
            line.date = amount::date(c("Datum")).map_err(at)?;
            let a = amount::parse(c("Bedrag (EUR)"), ',').map_err(at)?;
            signed = match c("Af Bij") {
                "Bij" | "Credit" => a,
                "Af" | "Debit" => -a,
                other => return Err(at(format!("`Af Bij` is `{other}`, expected `Af` or `Bij`"))),
            };
            line.name = opt(c("Naam / Omschrijving"));
            line.iban = opt(c("Tegenrekening"));
            line.text = ing_text(c("Mededelingen"));
            line.reference =
                labelled(c("Mededelingen"), "Kenmerk:").filter(|k| super::reference::structured(k).is_some());
            account = opt(c("Rekening"));
        }
        Profile::Rabobank => {
            line.date = amount::date(c("Datum")).map_err(at)?;
            line.currency = amount::currency(c("Munt")).map_err(at)?;
            signed = amount::parse(c("Bedrag"), ',').map_err(at)?;
            account = opt(c("IBAN/BBAN"));
            let volgnr = c("Volgnr");
            if volgnr.is_empty() {
                return Err(at("`Volgnr` is empty: every Rabobank row has one".into()));
            }
            line.bank_id = format!("{}:{volgnr}", account.as_deref().unwrap_or("RABO"));
            line.iban = opt(c("Tegenrekening IBAN/BBAN"));
            line.name = opt(c("Naam tegenpartij"));
            line.reference = opt(c("Betalingskenmerk"));
            line.text = super::squeeze(&[c("Omschrijving-1"), c("Omschrijving-2"), c("Omschrijving-3")].join(" "));
            line.reversal = !c("Reden retour").is_empty();
        }
        Profile::Kbc => {
            line.date = amount::date(c("Datum")).map_err(at)?;
            if !c("Munt").is_empty() {
                line.currency = amount::currency(c("Munt")).map_err(at)?;
            }
            signed = amount::parse(c("Bedrag"), ',').map_err(at)?;
            account = opt(c("Rekeningnummer"));
            line.iban = opt(c("rekeningnummer tegenpartij")).or_else(|| opt(c("tegenpartij")));
            line.name = opt(c("Naam tegenpartij"));
            line.reference = opt(c("gestructureerde mededeling"));
            line.text = super::squeeze(match c("Vrije mededeling") {
                "" => c("Omschrijving"),
                t => t,
            });
        }
        Profile::Bunq => {
            line.date = amount::date(c("Date")).map_err(at)?;
            let text = c("Amount");
            let decimal = if text.contains('.') || !text.contains(',') {
                '.'
            } else {
                ','
            };
            signed = amount::parse(text, decimal).map_err(at)?;
            account = opt(c("Account"));
            line.iban = opt(c("Counterparty"));
            line.name = opt(c("Name"));
            line.text = super::squeeze(c("Description"));
        }
        Profile::AbnAmro => {
            let f = |i: usize| rec.get(i).map_or("", str::trim);
            if rec.len() != 8 {
                return Err(at(format!("this row has {} columns, ABN AMRO's TXT has 8", rec.len())));
            }
            line.currency = amount::currency(f(1)).map_err(at)?;
            line.date = amount::date(f(2)).map_err(at)?;
            signed = amount::parse(f(6), ',').map_err(at)?;
            account = opt(f(0));
            abn_description(&mut line, f(7));
        }
    }
    if signed.is_zero() {
        return Ok((None, account));
    }
    line.direction = if signed.is_sign_negative() {
        Direction::Out
    } else {
        Direction::In
    };
    line.amount = amount::in_currency(signed.abs(), line.currency, &signed.to_string()).map_err(at)?;
    Ok((Some(line), account))
}

/// ING's `Mededelingen`: the part after `Omschrijving:` up to the next label, else all of it.
fn ing_text(text: &str) -> String {
    labelled(text, "Omschrijving:").unwrap_or_else(|| super::squeeze(text))
}

/// The value after `label` up to the next known label, squeezed.
fn labelled(text: &str, label: &str) -> Option<String> {
    const LABELS: &[&str] = &[
        "Naam:",
        "Omschrijving:",
        "IBAN:",
        "BIC:",
        "Kenmerk:",
        "Machtiging ID:",
        "Incassant ID:",
        "Valutadatum:",
        "Datum/Tijd:",
        "Pasvolgnr:",
        "Transactie:",
        "Term:",
    ];
    let start = text.find(label)? + label.len();
    let rest = &text[start..];
    let end = LABELS.iter().filter_map(|l| rest.find(l)).min().unwrap_or(rest.len());
    Some(super::squeeze(&rest[..end])).filter(|s| !s.is_empty())
}

/// ABN AMRO's description: SEPA lines in `/TRTP/.../IBAN/.../NAME/.../REMI/...` form, or
/// fixed-width `IBAN: ... Naam: ... Omschrijving: ... Kenmerk: ...` labels.
fn abn_description(line: &mut Line, text: &str) {
    if text.starts_with('/') {
        super::mt940::information(line, text);
        return;
    }
    line.iban = labelled(text, "IBAN:");
    line.name = labelled(text, "Naam:");
    line.text = labelled(text, "Omschrijving:").unwrap_or_else(|| super::squeeze(text));
    if let Some(k) = labelled(text, "Kenmerk:").filter(|k| super::reference::structured(k).is_some()) {
        line.reference = Some(k);
    }
}
