//! `dun rates [SCHEME]`: the interest rate tables in force (the built-in ones with the
//! rules' own rows merged in), each row with its status and source, and where the last
//! rate starts to be carried forward provisionally.

use super::Context;
use crate::diag::Code;
use crate::error::Error;
use crate::interest::shown::{scheme_rates, SchemeRates};
use crate::interest::{RateTables, Scheme};

/// Options of `dun rates`.
#[derive(Debug, clap::Args)]
pub struct RatesOptions {
    /// Only this scheme: nl-commercial, nl-statutory, be-commercial, de-commercial, de-consumer
    pub scheme: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = RatesFormat::Table)]
    pub format: RatesFormat,
}

/// Output formats of `dun rates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RatesFormat {
    /// Aligned text, one block per scheme.
    Table,
    /// The same as JSON.
    Json,
}

/// The tables of the scheme named, or of every scheme.
pub fn rates(ctx: &Context, scheme_name: Option<&str>) -> Result<Vec<SchemeRates>, Error> {
    let schemes = match scheme_name {
        Some(name) => vec![scheme(name)?],
        None => RateTables::SCHEMES.to_vec(),
    };
    let tables = tables(ctx)?;
    Ok(schemes.iter().map(|s| scheme_rates(*s, tables.table(*s))).collect())
}

/// The scheme named `name`, or the error listing the known ones.
fn scheme(name: &str) -> Result<Scheme, Error> {
    let known = RateTables::SCHEMES;
    known.iter().copied().find(|s| s.keyword() == name).ok_or_else(|| {
        let names: Vec<&'static str> = known.iter().map(|s| s.keyword()).collect();
        Error::NoScheme {
            name: name.to_string(),
            guess: crate::diag::did_you_mean(name, names.iter().copied()).map(str::to_string),
            known: names,
        }
    })
}

/// The tables in force: the project's (its rules may add rows), or the built-in ones when
/// there is no journal to find the rules by. Only problems with the tables are reported.
fn tables(ctx: &Context) -> Result<RateTables, Error> {
    if ctx.journal.is_none() {
        return RateTables::builtin().map_err(|e| Error::BuiltinRates(e.to_string()));
    }
    let project = ctx.open()?;
    let problems: Vec<_> = project
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::RateTable)
        .cloned()
        .collect();
    ctx.report(&problems, &project.sources);
    match problems.is_empty() {
        true => Ok(project.rates),
        false => Err(Error::Data(None)),
    }
}
