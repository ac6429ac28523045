//! How figures are written in JSON: money as a string with the currency's minor units
//! (`"1210.00"`), days and shares as numbers.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serializer;

use crate::money::Money;

/// Money as `"1210.00"`.
pub(super) fn money<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.currency.format(m.amount))
}

/// Money as `"1210.00"`, or `null`.
pub(super) fn opt_money<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => money(m, s),
        None => s.serialize_none(),
    }
}

/// A figure already rounded to what it shows (`22.5`, `0.875`, `41`), as a JSON number, or
/// `null`. Whole numbers are written without a fraction unless they carry a decimal place.
pub(super) fn opt_number<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        None => s.serialize_none(),
        Some(d) if d.scale() == 0 => s.serialize_i64(d.to_i64().unwrap_or_default()),
        Some(d) => s.serialize_f64(d.to_f64().unwrap_or_default()),
    }
}
