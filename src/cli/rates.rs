//! `dun rates [SCHEME]`: the interest rate tables in force (the built-in ones with the
//! rules' own rows merged in), each row with its status and source, and where the last
//! rate starts to be carried forward provisionally.

use serde::Serialize;

use super::{Config, Failure};
use crate::diag::Code;
use crate::interest::{RateRow, RateTable, RateTables, Scheme};

/// Arguments of `dun rates`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this scheme: nl-commercial, nl-statutory, be-commercial, de-commercial, de-consumer
    scheme: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = RatesFormat::Table)]
    format: RatesFormat,
}

/// Output formats of `dun rates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RatesFormat {
    /// Aligned text, one block per scheme.
    Table,
    /// The same as JSON.
    Json,
}

/// The JSON document: `{"schemes": [...]}`, fields in the order declared.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    schemes: &'a [SchemeRates],
}

/// One scheme's table as shown.
#[derive(Debug, Serialize)]
struct SchemeRates {
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
struct RowOut {
    from: chrono::NaiveDate,
    rate: String,
    /// `verified`, `derived`, `UNVERIFIED`, or `user` for a row of the rules' own file.
    status: String,
    source: String,
}

/// Runs `dun rates`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    let schemes = match &args.scheme {
        Some(name) => vec![scheme(name)?],
        None => RateTables::SCHEMES.to_vec(),
    };
    let tables = tables(config)?;
    let shown: Vec<SchemeRates> = schemes.iter().map(|s| scheme_rates(*s, tables.table(*s))).collect();
    match args.format {
        RatesFormat::Table => print!("{}", render_text(&shown)),
        RatesFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&Shown { schemes: &shown }).unwrap_or_default()
        ),
    }
    Ok(())
}

/// The scheme named `name`, or a usage error listing the known ones.
fn scheme(name: &str) -> Result<Scheme, Failure> {
    let known = RateTables::SCHEMES;
    known.iter().copied().find(|s| s.keyword() == name).ok_or_else(|| {
        let names: Vec<&str> = known.iter().map(|s| s.keyword()).collect();
        let hint = crate::diag::did_you_mean(name, names.iter().copied())
            .map(|g| format!("; did you mean `{g}`?"))
            .unwrap_or_default();
        Failure::Usage(format!(
            "no interest scheme `{name}` with a rate table{hint} (known: {})",
            names.join(", ")
        ))
    })
}

/// The tables in force: the project's (its rules may add rows), or the built-in ones when
/// there is no journal to find the rules by. Only problems with the tables are reported.
fn tables(config: &Config) -> Result<RateTables, Failure> {
    if config.journal.is_none() {
        return RateTables::builtin().map_err(|e| Failure::Usage(format!("the built-in rate tables: {e}")));
    }
    let project = config.open()?;
    let problems: Vec<_> = project
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::RateTable)
        .cloned()
        .collect();
    config.report(&problems, &project.sources);
    match problems.is_empty() {
        true => Ok(project.rates),
        false => Err(Failure::Data),
    }
}

fn scheme_rates(scheme: Scheme, table: &RateTable) -> SchemeRates {
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
        crate::interest::RateStatus::Unstated => row.source.clone(),
        status => format!("{} {}", status.as_str(), row.source),
    };
    let own = match stated.trim_end() {
        "" => String::new(),
        text => format!(": {text}"),
    };
    format!("{file} line {}{own}", row.line)
}

fn render_text(shown: &[SchemeRates]) -> String {
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
