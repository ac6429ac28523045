//! The credit-limit warning of `dun status`: a customer whose exposure (every open claim,
//! overdue or not yet due) in its limit's currency is above its `credit-limit:`, pointing
//! at the invoice that took it past (the open claims added up in invoice order).

use rust_decimal::Decimal;

use crate::book::{Book, CustomerId};
use crate::diag::{Code, Diagnostic};
use crate::money::Money;
use crate::plan::{Plan, State};

/// One W120 per customer past its credit limit (only customer `only`, if given), in
/// customer order.
pub fn credit_warnings(book: &Book, plan: &Plan, only: Option<CustomerId>) -> Vec<Diagnostic> {
    // Most books set no limit: then no plan need be read (at 100k invoices, a millisecond
    // on one core before the report starts).
    if book.customers.iter().all(|c| c.credit_limit.is_none()) {
        return Vec::new();
    }
    let mut claims: Vec<Vec<(crate::book::InvoiceId, Decimal)>> = vec![Vec::new(); book.customers.len()];
    for (p, l) in plan.with_ledgers().filter(|(p, _)| p.state == State::Open) {
        let inv = book.invoice(p.invoice);
        let c = book.customer(inv.customer);
        if c.credit_limit
            .is_some_and(|limit| limit.currency == inv.amount.currency)
        {
            claims[inv.customer.0 as usize].push((p.invoice, l.total()));
        }
    }
    let mut out = Vec::new();
    for (n, open) in claims.iter().enumerate() {
        if only.is_some_and(|o| o.0 as usize != n) {
            continue;
        }
        let customer = book.customer(CustomerId(n as u32));
        let Some(limit) = customer.credit_limit else { continue };
        let exposure: Decimal = open.iter().map(|(_, x)| *x).sum();
        if exposure <= limit.amount {
            continue;
        }
        let mut sum = Decimal::ZERO;
        let past = open.iter().find(|(_, x)| {
            sum += *x;
            sum > limit.amount
        });
        let Some(&(id, _)) = past else { continue };
        let inv = book.invoice(id);
        out.push(
            Diagnostic::new(
                Code::CreditLimitPassed,
                format!(
                    "`{}` owes {}, past its credit limit of {limit}",
                    customer.id,
                    Money::new(exposure, limit.currency)
                ),
            )
            .at(inv.span)
            .label(format!("invoice {} took it past the limit", inv.number))
            .help(format!(
                "`dun customers --customer {}` shows how it pays; ask for payment or a deposit before delivering more on credit",
                customer.id
            )),
        );
    }
    out
}
