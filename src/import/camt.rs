//! ISO 20022 bank-to-customer statements: camt.053 (and camt.052/.054, the same entries),
//! versions `.001.02` to `.001.08` and later.
//!
//! Our own small serde structs with only the fields an import needs; every other element
//! (`<Chrgs>`, `<BkTxCd>`, balances, ...) is ignored, so each bank's variant reads. Paths
//! (`BkToCstmrStmt/Stmt/Ntry`): entry `Amt@Ccy`, `CdtDbtInd`, `RvslInd`, `BookgDt`,
//! `ValDt`, `AcctSvcrRef`, `AddtlNtryInf`; per `NtryDtls/TxDtls`: `Refs/{AcctSvcrRef,
//! EndToEndId}`, `Amt` (from .04) or `AmtDtls/TxAmt/Amt` (.02), `RltdPties/Dbtr/Nm` (or
//! `Dbtr/Pty/Nm` from about .08), `RltdPties/DbtrAcct/Id/IBAN`, every `RmtInf/Ustrd`,
//! `RmtInf/Strd/CdtrRefInf/Ref` with its `Tp/Issr`, and `RtrInf` (a return). Sources:
//! the ISO 20022 message definitions as summarised for Dutch banks (ING, Rabobank, ABN AMRO
//! camt.053 format descriptions) and OCA/bank-statement-import's camt parser.
//!
//! The file is first read as plain XML, so that a malformed or truncated file is an error
//! naming its line, and a root that is not a `camt.05x` document is refused by name.

use quick_xml::events::Event;
use serde::Deserialize;

use super::amount;
use super::{Direction, Line, Problem, Statement};

/// Elements may nest at most this deep; a camt.053 file needs about 12.
const MAX_DEPTH: usize = 64;

/// Reads a camt.05x document.
pub fn read(text: &str) -> Result<Vec<Statement>, Problem> {
    well_formed(text)?;
    let doc: Document = quick_xml::de::from_str(text)
        .map_err(|e| Problem::element("Document", format!("not a readable camt.053 document: {e}")))?;
    let root = doc
        .stmt
        .or(doc.rpt)
        .or(doc.ntfctn)
        .ok_or_else(|| Problem::element("Document", "no BkToCstmrStmt (the statement) inside"))?;
    let mut out = Vec::new();
    for (s, stmt) in root.stmts.iter().chain(&root.rpts).chain(&root.ntfctns).enumerate() {
        out.push(statement(stmt, &format!("Stmt[{}]", s + 1))?);
    }
    Ok(out)
}

/// Checks the XML is well formed (every element closed, nothing after the root) and that
/// its root is a camt.05x `Document`.
fn well_formed(text: &str) -> Result<(), Problem> {
    let mut reader = quick_xml::Reader::from_str(text);
    let line_at = |pos: u64| {
        text.as_bytes()[..(pos as usize).min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    };
    // Each open element with the byte where it starts; lines are counted only for a message.
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut root_seen = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Problem::line(line_at(reader.error_position()), format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if open.is_empty() && root_seen => {
                let name = e.local_name().as_ref().to_string();
                return Err(Problem::line(
                    line_at(reader.buffer_position()),
                    format!("element `{name}` after the end of the document"),
                ));
            }
            Event::Start(e) => {
                if open.is_empty() {
                    root(&e)?;
                    root_seen = true;
                }
                if open.len() >= MAX_DEPTH {
                    return Err(Problem::line(
                        line_at(reader.buffer_position()),
                        format!("elements nested more than {MAX_DEPTH} deep"),
                    ));
                }
                let name = e.local_name().as_ref().to_string();
                open.push((name, reader.buffer_position()));
            }
            Event::Empty(e) if open.is_empty() => {
                root(&e)?;
                root_seen = true;
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match open.last() {
        Some((name, at)) => Err(Problem::line(
            line_at(text.len() as u64),
            format!(
                "the file ends inside element `{name}` (opened on line {}): it is truncated",
                line_at(*at)
            ),
        )),
        None if !root_seen => Err(Problem::file("no XML element in the file")),
        None => Ok(()),
    }
}

/// The root must be a `Document` in a camt.05x namespace.
fn root(e: &quick_xml::events::BytesStart<'_>) -> Result<(), Problem> {
    let name = e.local_name().as_ref().to_string();
    if name != "Document" {
        return Err(Problem::element(
            &name,
            "the root element is not `Document`: not an ISO 20022 camt.053 statement",
        ));
    }
    let ns = e
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "xmlns" || a.key.as_ref().starts_with("xmlns:"))
        .map(|a| a.value.to_string());
    match ns {
        Some(ns) if ns.contains("camt.05") => Ok(()),
        Some(ns) => Err(Problem::element(
            "Document",
            format!("namespace `{ns}` is not a bank statement (expected camt.053, e.g. urn:iso:std:iso:20022:tech:xsd:camt.053.001.02)"),
        )),
        None => Err(Problem::element(
            "Document",
            "no namespace: expected a camt.053 one (e.g. urn:iso:std:iso:20022:tech:xsd:camt.053.001.02)",
        )),
    }
}

/// One `Stmt`: its entries, each giving one line per transaction.
fn statement(stmt: &Stmt, path: &str) -> Result<Statement, Problem> {
    let account = stmt.acct.as_ref().and_then(|a| a.id.as_ref()).and_then(AcctId::text);
    let mut lines = Vec::new();
    for (n, entry) in stmt.entries.iter().enumerate() {
        lines.extend(entry_lines(entry, &format!("{path}/Ntry[{}]", n + 1))?);
    }
    super::hash_ids("camt", account.as_deref(), &mut lines);
    Ok(Statement {
        file: Default::default(),
        format: super::Format::Camt,
        id: stmt.id.clone(),
        account,
        lines,
    })
}

/// The lines of one entry: one per `TxDtls` (a batch gives several), or the entry itself.
fn entry_lines(e: &Ntry, path: &str) -> Result<Vec<Line>, Problem> {
    let (entry_amount, currency) = money(&e.amt, &format!("{path}/Amt"))?;
    let direction = direction(&e.cdt_dbt_ind, &format!("{path}/CdtDbtInd"))?;
    let date = e
        .bookg_dt
        .as_ref()
        .and_then(DateChoice::text)
        .or_else(|| e.val_dt.as_ref().and_then(DateChoice::text))
        .ok_or_else(|| Problem::element(format!("{path}/BookgDt"), "an entry without a booking or value date"))?;
    let date = amount::date(&date).map_err(|m| Problem::element(format!("{path}/BookgDt"), m))?;
    let reversal = e
        .rvsl_ind
        .as_deref()
        .is_some_and(|r| r.trim() == "true" || r.trim() == "1");
    let txs: Vec<&TxDtls> = e.dtls.iter().flat_map(|d| &d.txs).collect();
    let batch = txs.len() > 1;
    let extra = e.addtl.as_deref().map(super::squeeze).unwrap_or_default();
    if txs.is_empty() {
        return Ok(vec![Line {
            bank_id: e.acct_svcr_ref.clone().unwrap_or_default().trim().to_string(),
            date,
            amount: entry_amount,
            currency,
            direction,
            reversal,
            reference: None,
            text: extra,
            iban: None,
            name: None,
            at: path.to_string(),
        }]);
    }
    let mut out = Vec::with_capacity(txs.len());
    for (i, tx) in txs.iter().enumerate() {
        let at = format!("{path}/NtryDtls/TxDtls[{}]", i + 1);
        let amt = tx.amt.as_ref().or_else(|| {
            tx.amt_dtls
                .as_ref()
                .and_then(|a| a.tx_amt.as_ref().or(a.instd_amt.as_ref()))
                .map(|h| &h.amt)
        });
        let (amount, currency) = match (amt, batch) {
            (Some(a), _) => money(a, &format!("{at}/Amt"))?,
            (None, false) => (entry_amount, currency),
            (None, true) => {
                return Err(Problem::element(
                    at,
                    "a transaction of a batch entry without its amount",
                ))
            }
        };
        let tx_direction = match &tx.cdt_dbt_ind {
            Some(d) => self::direction(d, &format!("{at}/CdtDbtInd"))?,
            None => direction,
        };
        let own_ref = tx
            .refs
            .as_ref()
            .and_then(|r| r.acct_svcr_ref.clone())
            .filter(|r| !r.trim().is_empty());
        let bank_id = match (own_ref, &e.acct_svcr_ref) {
            (Some(r), _) => r.trim().to_string(),
            (None, Some(r)) if batch => format!("{}/{}", r.trim(), i + 1),
            (None, Some(r)) => r.trim().to_string(),
            (None, None) => String::new(),
        };
        let (reference, mut text) = remittance(tx.rmt_inf.as_ref());
        if text.is_empty() {
            text = extra.clone();
        }
        let parties = tx.rltd_pties.as_ref();
        // Money in: the debtor paid us; money out: we paid the creditor.
        let (party, account) = match tx_direction {
            Direction::In => (
                parties.and_then(|p| p.dbtr.as_ref()),
                parties.and_then(|p| p.dbtr_acct.as_ref()),
            ),
            Direction::Out => (
                parties.and_then(|p| p.cdtr.as_ref()),
                parties.and_then(|p| p.cdtr_acct.as_ref()),
            ),
        };
        out.push(Line {
            bank_id,
            date,
            amount,
            currency,
            direction: tx_direction,
            reversal: reversal || tx.rtr_inf.is_some(),
            reference,
            text,
            iban: account.and_then(|a| a.id.as_ref()).and_then(AcctId::text),
            name: party.and_then(Party::name),
            at,
        });
    }
    Ok(out)
}

/// The structured reference (the first `Strd/CdtrRefInf/Ref`) and every `Ustrd`, joined.
fn remittance(r: Option<&RmtInf>) -> (Option<String>, String) {
    let Some(r) = r else {
        return (None, String::new());
    };
    let reference = r
        .strd
        .iter()
        .filter_map(|s| s.cdtr_ref_inf.as_ref()?.reference.as_deref())
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map(str::to_string);
    let text: Vec<String> = r
        .ustrd
        .iter()
        .map(|u| super::squeeze(u))
        .filter(|u| !u.is_empty())
        .collect();
    (reference, text.join(" "))
}

fn money(a: &Amt, path: &str) -> Result<(rust_decimal::Decimal, crate::money::Currency), Problem> {
    let fail = |m: String| Problem::element(path, m);
    let currency = amount::currency(&a.ccy).map_err(fail)?;
    let value = amount::parse(&a.value, '.').map_err(fail)?;
    if value.is_sign_negative() {
        return Err(fail(format!(
            "`{}`: camt amounts are never negative (CdtDbtInd says the direction)",
            a.value.trim()
        )));
    }
    let value = amount::in_currency(value, currency, a.value.trim()).map_err(fail)?;
    Ok((value, currency))
}

fn direction(ind: &str, path: &str) -> Result<Direction, Problem> {
    match ind.trim() {
        "CRDT" => Ok(Direction::In),
        "DBIT" => Ok(Direction::Out),
        other => Err(Problem::element(path, format!("`{other}` is neither CRDT nor DBIT"))),
    }
}

#[derive(Deserialize)]
struct Document {
    #[serde(rename = "BkToCstmrStmt")]
    stmt: Option<Root>,
    #[serde(rename = "BkToCstmrAcctRpt")]
    rpt: Option<Root>,
    #[serde(rename = "BkToCstmrDbtCdtNtfctn")]
    ntfctn: Option<Root>,
}

#[derive(Deserialize)]
struct Root {
    #[serde(rename = "Stmt", default)]
    stmts: Vec<Stmt>,
    #[serde(rename = "Rpt", default)]
    rpts: Vec<Stmt>,
    #[serde(rename = "Ntfctn", default)]
    ntfctns: Vec<Stmt>,
}

#[derive(Deserialize)]
struct Stmt {
    #[serde(rename = "Id")]
    id: Option<String>,
    #[serde(rename = "Acct")]
    acct: Option<Account>,
    #[serde(rename = "Ntry", default)]
    entries: Vec<Ntry>,
}

#[derive(Deserialize)]
struct Account {
    #[serde(rename = "Id")]
    id: Option<AcctId>,
}

#[derive(Deserialize)]
struct AcctId {
    #[serde(rename = "IBAN")]
    iban: Option<String>,
    #[serde(rename = "Othr")]
    othr: Option<Other>,
}

impl AcctId {
    fn text(&self) -> Option<String> {
        self.iban
            .clone()
            .or_else(|| self.othr.as_ref().and_then(|o| o.id.clone()))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }
}

#[derive(Deserialize)]
struct Other {
    #[serde(rename = "Id")]
    id: Option<String>,
}

#[derive(Deserialize)]
struct Ntry {
    #[serde(rename = "Amt")]
    amt: Amt,
    #[serde(rename = "CdtDbtInd")]
    cdt_dbt_ind: String,
    #[serde(rename = "RvslInd")]
    rvsl_ind: Option<String>,
    #[serde(rename = "BookgDt")]
    bookg_dt: Option<DateChoice>,
    #[serde(rename = "ValDt")]
    val_dt: Option<DateChoice>,
    #[serde(rename = "AcctSvcrRef")]
    acct_svcr_ref: Option<String>,
    #[serde(rename = "NtryDtls", default)]
    dtls: Vec<NtryDtls>,
    #[serde(rename = "AddtlNtryInf")]
    addtl: Option<String>,
}

#[derive(Deserialize)]
struct Amt {
    #[serde(rename = "@Ccy")]
    ccy: String,
    #[serde(rename = "$text", default)]
    value: String,
}

#[derive(Deserialize)]
struct DateChoice {
    #[serde(rename = "Dt")]
    dt: Option<String>,
    #[serde(rename = "DtTm")]
    dt_tm: Option<String>,
}

impl DateChoice {
    fn text(&self) -> Option<String> {
        self.dt.clone().or_else(|| self.dt_tm.clone())
    }
}

#[derive(Deserialize)]
struct NtryDtls {
    #[serde(rename = "TxDtls", default)]
    txs: Vec<TxDtls>,
}

#[derive(Deserialize)]
struct TxDtls {
    #[serde(rename = "Refs")]
    refs: Option<Refs>,
    #[serde(rename = "Amt")]
    amt: Option<Amt>,
    #[serde(rename = "CdtDbtInd")]
    cdt_dbt_ind: Option<String>,
    #[serde(rename = "AmtDtls")]
    amt_dtls: Option<AmtDtls>,
    #[serde(rename = "RltdPties")]
    rltd_pties: Option<RltdPties>,
    #[serde(rename = "RmtInf")]
    rmt_inf: Option<RmtInf>,
    #[serde(rename = "RtrInf")]
    rtr_inf: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Refs {
    #[serde(rename = "AcctSvcrRef")]
    acct_svcr_ref: Option<String>,
}

#[derive(Deserialize)]
struct AmtDtls {
    #[serde(rename = "TxAmt")]
    tx_amt: Option<AmtHolder>,
    #[serde(rename = "InstdAmt")]
    instd_amt: Option<AmtHolder>,
}

#[derive(Deserialize)]
struct AmtHolder {
    #[serde(rename = "Amt")]
    amt: Amt,
}

#[derive(Deserialize)]
struct RltdPties {
    #[serde(rename = "Dbtr")]
    dbtr: Option<Party>,
    #[serde(rename = "DbtrAcct")]
    dbtr_acct: Option<Account>,
    #[serde(rename = "Cdtr")]
    cdtr: Option<Party>,
    #[serde(rename = "CdtrAcct")]
    cdtr_acct: Option<Account>,
}

#[derive(Deserialize)]
struct Party {
    #[serde(rename = "Nm")]
    nm: Option<String>,
    #[serde(rename = "Pty")]
    pty: Option<Box<Party>>,
}

impl Party {
    fn name(&self) -> Option<String> {
        self.nm
            .as_deref()
            .map(super::squeeze)
            .filter(|n| !n.is_empty())
            .or_else(|| self.pty.as_ref().and_then(|p| p.name()))
    }
}

#[derive(Deserialize)]
struct RmtInf {
    #[serde(rename = "Ustrd", default)]
    ustrd: Vec<String>,
    #[serde(rename = "Strd", default)]
    strd: Vec<Strd>,
}

#[derive(Deserialize)]
struct Strd {
    #[serde(rename = "CdtrRefInf")]
    cdtr_ref_inf: Option<CdtrRefInf>,
}

#[derive(Deserialize)]
struct CdtrRefInf {
    #[serde(rename = "Ref")]
    reference: Option<String>,
}
