//! The rate tables as `dun rates` shows them: each scheme's rows (margin included) with
//! their status and source, and where the last rate is carried forward provisionally.

use serde::Serialize;

use super::{RateRow, RateStatus, RateTable, Scheme};

/// The JSON document: `{"schemes": [...]}`, fields in the order declared.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    /// Every scheme shown.
    schemes: &'a [SchemeRates],
}

/// One scheme's table as shown.
#[derive(Debug, Serialize)]
pub struct SchemeRates {
    scheme: &'static str,
    /// Points added to each row's rate (the German schemes add them to the Basiszins).
    margin: String,
    rows: Vec<RowOut>,
    /// The first day the table does not cover: the last rate is carried forward from it.
    provisional_from: chrono::NaiveDate,
    /// The rate carried forward, margin included.
    provisional_rate: String,
}

/// One row as shown: the scheme's rate (margin included).
#[derive(Debug, Serialize)]
pub struct RowOut {
    from: chrono::NaiveDate,
    rate: String,
    /// `verified`, `derived`, `UNVERIFIED`, or `user` for a row of the rules' own file.
    status: String,
    source: String,
}

/// One scheme's table as shown.
pub fn scheme_rates(scheme: Scheme, table: &RateTable) -> SchemeRates {
    let margin = scheme.margin();
    let last = table.rows().last().map_or(margin, |r| r.rate + margin);
    SchemeRates {
        scheme: scheme.keyword(),
        margin: margin.to_string(),
        rows: table
            .rows()
            .iter()
            .map(|r| RowOut {
                from: r.from,
                rate: (r.rate + margin).to_string(),
                status: status(r),
                source: source(r),
            })
            .collect(),
        provisional_from: table.provisional_from(),
        provisional_rate: last.to_string(),
    }
}

/// `user` for a row of the rules' own file, else the row's status.
fn status(row: &RateRow) -> String {
    match row.file {
        Some(_) => "user".into(),
        None => row.status.as_str().into(),
    }
}

/// The row's source; for a user's row its file and line first.
fn source(row: &RateRow) -> String {
    let Some(file) = &row.file else {
        return row.source.clone();
    };
    // The status and source the user wrote, if any.
    let stated = match row.status {
        RateStatus::Unstated => row.source.clone(),
        status => format!("{} {}", status.as_str(), row.source),
    };
    let own = match stated.trim_end() {
        "" => String::new(),
        text => format!(": {text}"),
    };
    format!("{file} line {}{own}", row.line)
}

/// The tables as aligned text, one block per scheme.
pub fn render_text(shown: &[SchemeRates]) -> String {
    let mut out = String::new();
    for (i, s) in shown.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(s.scheme);
        if s.margin != "0" {
            out.push_str(&format!(" (Basiszins + {} points)", s.margin));
        }
        out.push('\n');
        // The rate column holds the rows', the carried-forward rate and the header, with `%`.
        let rates = s.rows.iter().map(|r| &r.rate).chain([&s.provisional_rate]);
        let width = rates.map(|r| r.len() + 1).max().unwrap_or(0).max("rate".len());
        out.push_str(&format!(
            "  {:<10}  {:>width$}  {:<11}  source\n",
            "from", "rate", "status"
        ));
        for r in &s.rows {
            let rate = format!("{}%", r.rate);
            let line = format!("  {}  {rate:>width$}  {:<11}  {}", r.from, r.status, r.source);
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str(&format!(
            "  {}  {:>width$}  {:<11}  the last rate, carried forward from this date on until a newer table gives one\n",
            s.provisional_from,
            format!("{}%", s.provisional_rate),
            "provisional"
        ));
    }
    out
}

/// The tables as JSON: `{"schemes": [...]}`.
pub fn render_json(shown: &[SchemeRates]) -> String {
    let mut out = serde_json::to_string_pretty(&Shown { schemes: shown }).unwrap_or_default();
    out.push('\n');
    out
}
