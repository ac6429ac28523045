//! What one invoice owes on the evaluation date: principal, interest and claimed costs,
//! with payments split by the rules' `payment-order` (principal first, or the Dutch legal
//! order of art. 6:44 BW: costs, then interest, then principal).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::facts::InvoiceContext;
use crate::book::{Charge, EventKind, InvoiceId};
use crate::diag::{Code, Diagnostic};
use crate::fees::split::pro_rata;
use crate::interest::{Accrual, InterestRule, Period};
use crate::rules::{PaymentOrder, Policy};

/// Money owed on one invoice. Amounts are unrounded; round only to present or record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ledger {
    /// Principal still open.
    pub principal: Decimal,
    /// Interest owed: accrued (and capitalised) minus what payments covered.
    pub interest: Decimal,
    /// All interest accrued since the due date.
    pub interest_accrued: Decimal,
    /// Fees claimed in `sent` records.
    pub fees: Decimal,
    /// Claimed fees not yet covered by payments.
    pub fees_open: Decimal,
    /// The interest periods, for `dun explain`.
    pub periods: Vec<Period>,
    /// Some accrued day used a rate marked UNVERIFIED.
    pub unverified_rate: bool,
}

impl Ledger {
    /// True when the principal is paid: the invoice is then `paid`.
    pub fn is_settled(&self) -> bool {
        self.principal <= Decimal::ZERO
    }

    /// Principal + interest + open fees.
    pub fn total(&self) -> Decimal {
        self.principal + self.interest + self.fees_open
    }
}

impl Ledger {
    /// The name of a policy's interest scheme, for display.
    pub fn interest_rule_name(policy: Option<&Policy>) -> Option<String> {
        interest_rule(policy).map(|r| match r {
            InterestRule::Fixed { rate, compound } => {
                format!(
                    "fixed {}%{}",
                    rate.normalize(),
                    if *compound { ", compounded yearly" } else { "" }
                )
            }
            InterestRule::Statutory(s) => {
                format!(
                    "{}{}",
                    s.keyword(),
                    if s.compounds_yearly() {
                        ", compounded yearly"
                    } else {
                        ""
                    }
                )
            }
        })
    }
}

/// The interest rule of a policy: the first stage that names one.
pub fn interest_rule(policy: Option<&Policy>) -> Option<&InterestRule> {
    policy?.stages.iter().find_map(|s| s.interest.as_ref())
}

/// Computes the invoice's ledger as of the evaluation date.
pub fn compute(
    ctx: &InvoiceContext<'_>,
    id: InvoiceId,
    policy: Option<&Policy>,
    diags: &mut Vec<Diagnostic>,
) -> Ledger {
    let invoice = ctx.book.invoice(id);
    let claims = fee_claims(ctx, id);
    let mut ledger = Ledger {
        principal: invoice.amount.amount,
        fees: claims.iter().map(|c| c.1).sum(),
        ..Ledger::default()
    };
    let first_day = invoice.due.succ_opt().unwrap_or(invoice.due);
    let mut accrual = interest_rule(policy).map(|rule| Accrual::new(rule, ctx.rates, first_day, ledger.principal));
    let legal = ctx.rules.payment_order.value == PaymentOrder::Legal;
    let mut fees_paid = Decimal::ZERO;
    let mut failed = None;
    for a in ctx.facts.applied(id) {
        let mut left = a.amount;
        if let Some(acc) = accrual.as_mut() {
            // The day of payment still bears interest on the amount paid.
            failed = failed.or(acc.advance_through(a.date).err());
        }
        if legal {
            let claimed: Decimal = claims.iter().filter(|c| c.0 <= a.date).map(|c| c.1).sum();
            let pay = left.min(claimed - fees_paid).max(Decimal::ZERO);
            fees_paid += pay;
            left -= pay;
            if let Some(acc) = accrual.as_mut() {
                left = acc.pay_interest(left);
                // Capitalised interest counts as interest here, before the original principal.
                let capitalised = (acc.principal() - ledger.principal).max(Decimal::ZERO);
                let pay = left.min(capitalised);
                acc.reduce_principal(pay);
                left -= pay;
            }
        }
        let to_principal = left.min(ledger.principal);
        ledger.principal -= to_principal;
        if let Some(acc) = accrual.as_mut() {
            acc.reduce_principal(to_principal);
            if !legal {
                acc.pay_interest(left - to_principal);
            }
        }
    }
    if let Some(mut acc) = accrual {
        // A written-off or handed-over claim stops accruing here on its closing day.
        let until = ctx.facts.closed(id).map_or(ctx.as_of, |(_, day)| day.min(ctx.as_of));
        failed = failed.or(acc.advance_through(until).err());
        ledger.interest = acc.interest() + (acc.principal() - ledger.principal).max(Decimal::ZERO);
        ledger.interest_accrued = acc.accrued();
        ledger.unverified_rate = acc.used_unverified();
        ledger.periods = acc.periods().to_vec();
    }
    ledger.fees_open = ledger.fees - fees_paid;
    if let Some(e) = failed {
        diags.push(
            Diagnostic::new(
                Code::RateTable,
                format!("interest on invoice `{}`: {e}", invoice.number),
            )
            .at(invoice.span)
            .help("add the missing period to a table of your own with `rates SCHEME \"file.csv\"` in rules.dun"),
        );
    }
    ledger
}

/// Fees claimed on the invoice: its own `fee:` lines, and its share of letter-wide ones
/// (split over the letter's invoices in proportion to their amounts).
pub fn fee_claims(ctx: &InvoiceContext<'_>, id: InvoiceId) -> Vec<(NaiveDate, Decimal)> {
    let mut out = Vec::new();
    for e in ctx.facts.events(id) {
        let EventKind::Sent { fees, invoices, .. } = &e.kind else {
            continue;
        };
        for Charge { invoice, amount } in fees {
            match invoice {
                Some(i) if *i == id => out.push((e.date, amount.amount)),
                Some(_) => {}
                None => {
                    let amounts: Vec<Decimal> = invoices.iter().map(|i| ctx.book.invoice(*i).amount.amount).collect();
                    let shares = pro_rata(amount.currency, amount.amount, &amounts);
                    if let Some(pos) = invoices.iter().position(|i| *i == id) {
                        out.push((e.date, shares.get(pos).copied().unwrap_or_default()));
                    }
                }
            }
        }
    }
    out
}
