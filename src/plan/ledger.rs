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
    /// The interest periods; kept only for the invoice a plan was asked to detail
    /// (`dun explain`), so that a plan of a million invoices stays small.
    pub periods: Vec<Period>,
    /// Some accrued day used a rate marked UNVERIFIED.
    pub unverified_rate: bool,
    /// Some accrued day was past its rate table: the last rate, carried forward.
    pub provisional_rate: Option<crate::interest::Provisional>,
    /// A `sent` record claimed a fee or interest on this invoice.
    pub costs_claimed: bool,
}

impl Ledger {
    /// True when the principal is paid: the invoice is then `paid`.
    pub fn is_settled(&self) -> bool {
        self.principal <= Decimal::ZERO
    }

    /// Claimed costs (fees, or interest once claimed) are still owed: they stay owed after
    /// the principal is paid, so such an invoice stays in reports.
    pub fn owes_costs(&self) -> bool {
        self.fees_open > Decimal::ZERO || (self.costs_claimed && self.interest > Decimal::ZERO)
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
///
/// Interest runs until the evaluation date, but stops on the day the invoice is written
/// off or handed over, and on the day its principal is paid unless costs (a fee or
/// interest) were claimed on it: unclaimed interest on a paid invoice is shown, not pursued.
pub fn compute(
    ctx: &InvoiceContext<'_>,
    id: InvoiceId,
    policy: Option<&Policy>,
    diags: &mut Vec<Diagnostic>,
) -> Ledger {
    let keep_periods = ctx.detail == Some(id);
    let invoice = ctx.book.invoice(id);
    let fees = claims(ctx, id, Claim::Fee);
    let claimed_interest = claims(ctx, id, Claim::Interest);
    let first_day = invoice.due.succ_opt().unwrap_or(invoice.due);
    let mut run = Run {
        ledger: Ledger {
            principal: invoice.amount.amount,
            fees: fees.iter().map(|c| c.1).sum(),
            ..Ledger::default()
        },
        accrual: interest_rule(policy).map(|rule| {
            let acc = Accrual::new(rule, ctx.rates, first_day, invoice.amount.amount);
            if keep_periods {
                acc
            } else {
                acc.without_periods()
            }
        }),
        legal: ctx.rules.payment_order.value == PaymentOrder::Legal,
        fees_paid: Decimal::ZERO,
        paid_on: None,
        failed: None,
    };
    for a in ctx.facts.applied(id) {
        run.apply(a.amount, a.date, &fees);
    }
    let pursued = !fees.is_empty() || !claimed_interest.is_empty();
    let mut until = ctx.facts.closed(id).map_or(ctx.as_of, |(_, day)| day.min(ctx.as_of));
    if let Some(paid) = run.paid_on.filter(|_| !pursued) {
        until = until.min(paid);
    }
    let mut ledger = run.finish(until, keep_periods);
    ledger.0.costs_claimed = pursued;
    if let Some(e @ crate::interest::RateError::TooLarge { .. }) = &ledger.1 {
        diags.push(
            Diagnostic::new(
                Code::InterestOverflow,
                format!("cannot compute the interest on invoice `{}`: {e}", invoice.number),
            )
            .at(invoice.span)
            .label("interest too large to compute")
            .help("check the invoice's dates and the rate of its policy's interest scheme"),
        );
    } else if let Some(e) = ledger.1 {
        diags.push(
            Diagnostic::new(
                Code::RateTable,
                format!("cannot compute the interest on invoice `{}`: {e}", invoice.number),
            )
            .at(invoice.span)
            .label("the interest scheme's rate table does not reach back to this invoice")
            .help(
                "`dun rates` lists the tables in force; add the missing rows with a line \
                 `rates SCHEME \"my-rates.csv\"` in rules.dun (a CSV of `from,rate_percent` rows)",
            ),
        );
    }
    ledger.0
}

/// The state of one invoice's computation while its payments are applied in date order.
struct Run {
    ledger: Ledger,
    accrual: Option<Accrual>,
    legal: bool,
    fees_paid: Decimal,
    /// The day the principal was paid in full.
    paid_on: Option<NaiveDate>,
    failed: Option<crate::interest::RateError>,
}

impl Run {
    /// Applies `amount` paid on `date`: principal first, or costs, interest, principal (art. 6:44 BW).
    fn apply(&mut self, amount: Decimal, date: NaiveDate, fees: &[(NaiveDate, Decimal)]) {
        let mut left = amount;
        if let Some(acc) = self.accrual.as_mut() {
            // The day of payment still bears interest on the amount paid.
            self.failed = self.failed.take().or(acc.advance_through(date).err());
        }
        if self.legal {
            let claimed: Decimal = fees.iter().filter(|c| c.0 <= date).map(|c| c.1).sum();
            let pay = left.min(claimed - self.fees_paid).max(Decimal::ZERO);
            self.fees_paid += pay;
            left -= pay;
            if let Some(acc) = self.accrual.as_mut() {
                left = acc.pay_interest(left);
                // Capitalised interest counts as interest here, before the original principal.
                let capitalised = (acc.principal() - self.ledger.principal).max(Decimal::ZERO);
                let pay = left.min(capitalised);
                acc.reduce_principal(pay);
                left -= pay;
            }
        }
        let to_principal = left.min(self.ledger.principal);
        self.ledger.principal -= to_principal;
        if let Some(acc) = self.accrual.as_mut() {
            acc.reduce_principal(to_principal);
            if !self.legal {
                acc.pay_interest(left - to_principal);
            }
        }
        if self.ledger.principal.is_zero() && self.paid_on.is_none() {
            self.paid_on = Some(date);
        }
    }

    /// Accrues through `until` and returns the ledger, with the rate error if one stopped it.
    fn finish(mut self, until: NaiveDate, keep_periods: bool) -> (Ledger, Option<crate::interest::RateError>) {
        if let Some(mut acc) = self.accrual.take() {
            self.failed = self.failed.take().or(acc.advance_through(until).err());
            self.ledger.interest = acc.interest() + (acc.principal() - self.ledger.principal).max(Decimal::ZERO);
            self.ledger.interest_accrued = acc.accrued();
            self.ledger.unverified_rate = acc.used_unverified();
            self.ledger.provisional_rate = acc.provisional();
            if keep_periods {
                self.ledger.periods = acc.periods().to_vec();
            }
        }
        self.ledger.fees_open = self.ledger.fees - self.fees_paid;
        (self.ledger, self.failed)
    }
}

/// Which claims of a `sent` record.
#[derive(Clone, Copy)]
enum Claim {
    Fee,
    Interest,
}

/// Fees (or interest) claimed on the invoice in `sent` records: its own lines, and its
/// share of letter-wide ones (split over the letter's invoices in proportion to their amounts).
fn claims(ctx: &InvoiceContext<'_>, id: InvoiceId, which: Claim) -> Vec<(NaiveDate, Decimal)> {
    let mut out = Vec::new();
    for e in ctx.facts.events(id) {
        let EventKind::Sent {
            fees,
            interest,
            invoices,
            ..
        } = &e.kind
        else {
            continue;
        };
        let lines = match which {
            Claim::Fee => fees,
            Claim::Interest => interest,
        };
        for Charge { invoice, amount } in lines {
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
