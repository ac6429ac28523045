//! `status --format json`: exactly the shape of the CLI spec. Keys may be added, never renamed.

use serde::Serialize;

use super::Report;

#[derive(Serialize)]
struct Json<'a> {
    as_of: String,
    invoices: Vec<Invoice<'a>>,
    customers: Vec<Customer<'a>>,
    totals: Vec<Total<'a>>,
}

#[derive(Serialize)]
struct Invoice<'a> {
    number: &'a str,
    customer: &'a str,
    currency: &'a str,
    amount: &'a str,
    open: &'a str,
    date: String,
    due: String,
    days_overdue: i64,
    state: &'a str,
    hold: Option<&'a str>,
    stage: Option<&'a str>,
    next_stage: Option<&'a str>,
    next_due: Option<String>,
    interest: &'a str,
    fees: &'a str,
    ready_for_handover: bool,
}

#[derive(Serialize)]
struct Customer<'a> {
    id: &'a str,
    name: &'a str,
    currency: &'a str,
    open: &'a str,
    overdue: &'a str,
    credit: &'a str,
    interest: &'a str,
    fees: &'a str,
}

#[derive(Serialize)]
struct Total<'a> {
    currency: &'a str,
    open: &'a str,
    overdue: &'a str,
    buckets: Buckets<'a>,
}

/// Aging buckets, in this order.
#[derive(Serialize)]
struct Buckets<'a> {
    current: &'a str,
    #[serde(rename = "1-30")]
    days_1_30: &'a str,
    #[serde(rename = "31-60")]
    days_31_60: &'a str,
    #[serde(rename = "61-90")]
    days_61_90: &'a str,
    #[serde(rename = "90+")]
    days_90_plus: &'a str,
}

/// The report as pretty-printed JSON, ending with a newline.
pub fn to_json(r: &Report) -> String {
    let json = Json {
        as_of: r.as_of.to_string(),
        invoices: r
            .invoices
            .iter()
            .map(|i| Invoice {
                number: &i.number,
                customer: &i.customer,
                currency: &i.currency,
                amount: &i.amount,
                open: &i.open,
                date: i.date.to_string(),
                due: i.due.to_string(),
                days_overdue: i.days_overdue,
                state: i.state,
                hold: i.hold,
                stage: i.stage.as_deref(),
                next_stage: i.next_stage.as_deref(),
                next_due: i.next_due.map(|d| d.to_string()),
                interest: &i.interest,
                fees: &i.fees,
                ready_for_handover: i.ready_for_handover,
            })
            .collect(),
        customers: r
            .customers
            .iter()
            .map(|c| Customer {
                id: &c.id,
                name: &c.name,
                currency: &c.currency,
                open: &c.open,
                overdue: &c.overdue,
                credit: &c.credit,
                interest: &c.interest,
                fees: &c.fees,
            })
            .collect(),
        totals: r
            .totals
            .iter()
            .map(|t| Total {
                currency: &t.currency,
                open: &t.open,
                overdue: &t.overdue,
                buckets: Buckets {
                    current: &t.buckets[0].1,
                    days_1_30: &t.buckets[1].1,
                    days_31_60: &t.buckets[2].1,
                    days_61_90: &t.buckets[3].1,
                    days_90_plus: &t.buckets[4].1,
                },
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&json).unwrap_or_default();
    out.push('\n');
    out
}
