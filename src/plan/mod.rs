//! Evaluation as of a date: `(Book, Rules, date) -> Plan`. A pure function: no I/O, no
//! clock; the date is an input and entries dated after it are not known yet.
//!
//! Per invoice: open principal, days overdue, state, hold and why, last stage, next stage
//! and the day it is due (and whether `after` or `wait` decided it), accrued interest and
//! claimed fees. Per customer and currency: totals, credit and aging buckets ([`totals`]).

mod facts;
mod holds;
mod ladder;
mod ledger;
pub mod receipt;
pub mod settle;
mod sum;
pub mod totals;

use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::book::{Book, Customer, CustomerId, InvoiceId};
use crate::diag::Diagnostic;
use crate::interest::RateTables;
use crate::money::Currency;
use crate::rules::{Policy, Rules};

pub use holds::{Hold, HoldKind};
pub use ladder::{DueReason, NextStage};
pub use ledger::{Ledger, Rare};
pub use settle::{Detail, Parts, Settlement, Split, Via};

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Something is still owed.
    Open,
    /// Nothing is owed.
    Paid,
    /// Closed as lost.
    WrittenOff,
    /// Handed to a collection agency.
    HandedOver,
}

impl State {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Paid => "paid",
            State::WrittenOff => "written_off",
            State::HandedOver => "handed_over",
        }
    }
}

/// One invoice as of the evaluation date.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoicePlan {
    /// The invoice.
    pub invoice: InvoiceId,
    /// State.
    pub state: State,
    /// Days past the due date while open (0 if not overdue).
    pub days_overdue: i64,
    /// Why escalation is paused, if it is (boxed: rare, and a plan per invoice is kept).
    pub hold: Option<Box<Hold>>,
    /// The last stage sent, with its date (the name inline when short, as stage names are:
    /// no allocation per invoice).
    pub stage: Option<(CompactString, NaiveDate)>,
    /// The next stage and when it is due; `None` at the end of the ladder, on hold, or closed.
    pub next: Option<NextStage>,
    /// The handover letter was sent, its term has passed, and no `handover` entry exists yet.
    pub ready_for_handover: bool,
    /// Why nothing is due although the invoice is overdue (`None` when something is due or
    /// will be on `next.due` by the `after` and `wait` rules alone).
    pub waiting: Option<Waiting>,
}

/// Why nothing is due for an overdue invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// The customer's overdue total in this currency is below the policy's `minimum`.
    Minimum,
    /// Escalation is on hold.
    Hold,
    /// A consumer's statutory period before costs runs until `next.due`.
    StatutoryWait,
    /// No stage is left (or the handover letter's term runs).
    EndOfLadder,
    /// Handed to a collection agency.
    HandedOver,
}

impl Waiting {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Waiting::Minimum => "minimum",
            Waiting::Hold => "hold",
            Waiting::StatutoryWait => "statutory-wait",
            Waiting::EndOfLadder => "end-of-ladder",
            Waiting::HandedOver => "handed-over",
        }
    }
}

impl Plan {
    /// The principal, interest and costs of invoice `id` (nothing owed if it was issued
    /// after the evaluation date).
    pub fn ledger(&self, id: InvoiceId) -> &Ledger {
        &self.ledgers[id.0 as usize]
    }

    /// The plans of the invoices issued by the evaluation date, each with its ledger.
    pub fn with_ledgers(&self) -> impl Iterator<Item = (&InvoicePlan, &Ledger)> + '_ {
        self.invoices.iter().map(|p| (p, self.ledger(p.invoice)))
    }

    /// The ledger of invoice `id`, if it was issued by the evaluation date.
    pub fn issued_ledger(&self, id: InvoiceId) -> Option<&Ledger> {
        self.invoice(id).map(|p| self.ledger(p.invoice))
    }

    /// The plan of invoice `id`, if it was issued by the evaluation date.
    pub fn invoice(&self, id: InvoiceId) -> Option<&InvoicePlan> {
        // Invoices are kept in id order, so this is a binary search.
        self.invoices
            .binary_search_by_key(&id, |p| p.invoice)
            .ok()
            .map(|i| &self.invoices[i])
    }
}

impl InvoicePlan {
    /// Something is still claimed: what `status` lists without `--all`.
    pub fn is_outstanding(&self) -> bool {
        self.state == State::Open
    }
}

/// Everything known on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// Every invoice issued on or before `as_of`, in model order.
    pub invoices: Vec<InvoicePlan>,
    /// Principal, interest and costs of every invoice, by invoice index (see
    /// [`Plan::ledger`]): the claim pass's own, not a copy in each plan (a million
    /// invoices' ledgers held twice were 184 MB).
    pub ledgers: Vec<Ledger>,
    /// Unapplied payments per customer and currency.
    pub credit: Vec<(CustomerId, Currency, Decimal)>,
    /// Every application of money to an invoice up to `as_of`, per customer and currency
    /// in the order made (see [`settle`]).
    pub splits: Vec<Split>,
    /// Problems found while evaluating (e.g. a date outside a rate table).
    pub diagnostics: Vec<Diagnostic>,
    /// The invoice the evaluation was asked to detail (`dun explain`): its interest periods
    /// and what it owed after each application of money.
    pub detail: Detail,
}

impl Plan {
    /// The detail kept of invoice `id`, if the plan was evaluated to detail it.
    pub fn detail(&self, id: InvoiceId) -> Option<&Detail> {
        (self.detail.invoice == Some(id)).then_some(&self.detail)
    }
}

/// The policy that applies to a customer: its `policy:`, else the one named `COUNTRY-KIND`
/// in lower case (`be-consumer`) for its `country:` and kind, else the one named after its kind.
pub fn policy_for<'r>(rules: &'r Rules, customer: &Customer) -> Option<&'r Policy> {
    match (&customer.policy, customer.kind) {
        (Some(name), _) => rules.policy(name),
        (None, Some(kind)) => customer
            .country
            .as_deref()
            .and_then(|country| rules.policy(&country_policy_name(country, kind.as_str())))
            .or_else(|| rules.policy(kind.as_str())),
        (None, None) => None,
    }
}

/// The name of the policy for customers of `kind` in `country`: `be-consumer`.
pub fn country_policy_name(country: &str, kind: &str) -> String {
    format!("{}-{kind}", country.to_ascii_lowercase())
}

/// Evaluates the book as of `as_of`.
pub fn evaluate(book: &Book, rules: &Rules, rates: &RateTables, as_of: NaiveDate) -> Plan {
    evaluate_detailed(book, rules, rates, as_of, None)
}

/// Evaluates the book as of `as_of`, keeping the interest periods of invoice `detail`.
pub fn evaluate_detailed(
    book: &Book,
    rules: &Rules,
    rates: &RateTables,
    as_of: NaiveDate,
    detail: Option<InvoiceId>,
) -> Plan {
    // Policies are looked up by name: once per customer, not once per invoice.
    let policies: Vec<_> = book.customers.iter().map(|c| policy_for(rules, c)).collect();
    let settlement = settle::settle(
        book,
        &settle::Settle {
            rules,
            rates,
            policies: &policies,
            as_of,
            accrue_until: as_of,
            detail,
            only: None,
            report: false,
        },
    );
    evaluate_settled(book, rules, &policies, as_of, settlement)
}

/// Evaluates the book as of `as_of` from the claim pass's `settlement` of that day (made
/// with `accrue_until == as_of` and without `detail`): what [`evaluate`] does after its
/// pass, for a caller that has the pass already (`Project::open_for_date` runs it once for
/// its money checks and the evaluation both).
pub fn evaluate_with_settlement(book: &Book, rules: &Rules, as_of: NaiveDate, settlement: settle::Settlement) -> Plan {
    let policies: Vec<_> = book.customers.iter().map(|c| policy_for(rules, c)).collect();
    evaluate_settled(book, rules, &policies, as_of, settlement)
}

fn evaluate_settled(
    book: &Book,
    rules: &Rules,
    policies: &[Option<&Policy>],
    as_of: NaiveDate,
    settlement: settle::Settlement,
) -> Plan {
    let facts = facts::Facts::gather(book, &settlement.splits, as_of);
    let ctx = facts::InvoiceContext {
        book,
        rules,
        facts: &facts,
        policies,
        as_of,
    };
    // Invoices are independent given the facts: evaluated in chunks on every core, each
    // plan written in its place in the one vector of them (appending each chunk's plans on
    // this core cost as much as evaluating them).
    // The book's invoices are in date order: those issued by `as_of` come first.
    let issued = book.invoices.partition_point(|i| i.date <= as_of);
    let mut invoices: Vec<InvoicePlan> = Vec::new();
    let chunks = crate::par::extend_in_place(&mut invoices, issued, EVALUATED_PER_CHUNK, |range, plans| {
        let mut totals = ChunkTotals::default();
        for i in range {
            let plan = evaluate_invoice(&ctx, &settlement.ledgers, InvoiceId(i as u32));
            totals.add(book, &settlement.ledgers[i], &plan);
            plans.push(plan);
        }
        totals
    });
    let mut totals = PlanTotals::new(book.customers.len());
    for chunk in chunks {
        totals.merge(chunk);
    }
    let ledgers = settlement.ledgers;
    let mut diagnostics = settlement.diagnostics;
    diagnostics.extend(totals.provisional.iter().map(provisional_rate));
    set_waiting(book, rules, policies, totals.overdue, &mut invoices, as_of);
    Plan {
        as_of,
        invoices,
        ledgers,
        credit: settlement.credit,
        splits: settlement.splits,
        diagnostics,
        detail: settlement.detail,
    }
}

/// The last day of a handover letter's term: its pay-by date (`pay-within`, else 14 days).
fn handover_term(rules: &Rules, sent: NaiveDate) -> NaiveDate {
    let term = rules.pay_within.as_ref().map_or(
        crate::syntax::ast::Duration {
            n: 14,
            unit: crate::syntax::ast::DurationUnit::Days,
        },
        |p| p.node,
    );
    term.after(sent).unwrap_or(sent)
}

/// What the plans of a chunk of invoices add up to, for what is decided over all of them:
/// gathered on the core that made the plans, while they are at hand, then merged (each
/// was a pass over every plan, its invoice and ledger on one core).
#[derive(Default)]
struct ChunkTotals {
    /// The overdue claims of each customer and currency (for `minimum`).
    overdue: FxHashMap<(CustomerId, Currency), sum::Sum>,
    /// The earliest day of each scheme's rate carried forward past its table (W064).
    provisional: Vec<crate::interest::Provisional>,
}

impl ChunkTotals {
    /// Adds plan `p`, whose ledger is `ledger`.
    fn add(&mut self, book: &Book, ledger: &Ledger, p: &InvoicePlan) {
        if p.state == State::Open && p.days_overdue > 0 {
            let inv = book.invoice(p.invoice);
            self.overdue
                .entry((inv.customer, inv.amount.currency))
                .or_default()
                .add_sum(totals::claim(ledger));
        }
        if let Some(&rate) = ledger.provisional_rate() {
            earliest(&mut self.provisional, rate);
        }
    }
}

/// The [`ChunkTotals`] of all chunks, merged.
struct PlanTotals {
    /// Each customer's overdue claims per currency, by customer index (rarely more than one
    /// currency).
    overdue: Vec<Vec<(Currency, sum::Sum)>>,
    /// The earliest day of each scheme's rate carried forward, in scheme order.
    provisional: Vec<crate::interest::Provisional>,
}

impl PlanTotals {
    /// Nothing yet, for a book of `customers` customers.
    fn new(customers: usize) -> PlanTotals {
        PlanTotals {
            overdue: vec![Vec::new(); customers],
            provisional: Vec::new(),
        }
    }

    /// Adds the totals of a chunk.
    fn merge(&mut self, chunk: ChunkTotals) {
        for ((c, cur), sum) in chunk.overdue {
            totals::list_slot(&mut self.overdue[c.0 as usize], cur).add_sum(sum);
        }
        for rate in chunk.provisional {
            earliest(&mut self.provisional, rate);
        }
    }
}

/// Keeps the earliest rate carried forward of each scheme in `first`, in scheme order.
fn earliest(first: &mut Vec<crate::interest::Provisional>, p: crate::interest::Provisional) {
    match first.iter_mut().find(|f| f.scheme == p.scheme) {
        Some(f) if p.from < f.from => *f = p,
        Some(_) => {}
        None => {
            first.push(p);
            first.sort_by_key(|p| p.scheme.keyword());
        }
    }
}

/// Sets why nothing is due for each overdue invoice; below the `minimum` is a matter of the
/// customer's whole `overdue` total in the currency.
fn set_waiting(
    book: &Book,
    rules: &Rules,
    policies: &[Option<&Policy>],
    overdue: Vec<Vec<(Currency, sum::Sum)>>,
    invoices: &mut [InvoicePlan],
    as_of: NaiveDate,
) {
    let overdue: Vec<Vec<(Currency, Decimal)>> = overdue
        .into_iter()
        .map(|list| list.into_iter().map(|(c, s)| (c, s.value())).collect())
        .collect();
    // Given the sums, each invoice is decided alone: on every core.
    crate::par::map_chunks_mut(invoices, 8192, |_, plans| {
        for p in plans {
            p.waiting = waiting(book, rules, policies, &overdue, p, as_of);
        }
    });
}

/// Why nothing is due for the invoice of `p`, given each customer's `overdue` total per currency.
fn waiting(
    book: &Book,
    rules: &Rules,
    policies: &[Option<&Policy>],
    overdue: &[Vec<(Currency, Decimal)>],
    p: &InvoicePlan,
    as_of: NaiveDate,
) -> Option<Waiting> {
    let inv = book.invoice(p.invoice);
    let policy = policies[inv.customer.0 as usize];
    let below = || {
        let total = overdue[inv.customer.0 as usize]
            .iter()
            .find(|(c, _)| *c == inv.amount.currency)
            .map_or(Decimal::ZERO, |&(_, t)| t);
        policy
            .and_then(|pol| pol.effective_minimum(rules, inv.amount.currency))
            .is_some_and(|m| total < m.amount)
    };
    match (p.state, &p.hold, &p.next) {
        (State::HandedOver, _, _) => Some(Waiting::HandedOver),
        (State::Open, _, _) if p.days_overdue <= 0 => None,
        (State::Open, Some(_), _) => Some(Waiting::Hold),
        (State::Open, None, None) if policy.is_some() => Some(Waiting::EndOfLadder),
        (State::Open, None, Some(n)) if n.due <= as_of && below() => Some(Waiting::Minimum),
        (State::Open, None, Some(n)) if n.due > as_of && n.reason == DueReason::Statute => Some(Waiting::StatutoryWait),
        _ => None,
    }
}

/// One warning when any interest of the invoices of `ledgers` used a statutory rate marked
/// UNVERIFIED in its table. Not part of every evaluation: `dun check` asks for it over the
/// whole plan, `dun run` over the invoices whose letters claim interest.
pub fn unverified_rates<'a>(ledgers: impl IntoIterator<Item = &'a Ledger>) -> Option<Diagnostic> {
    let count = ledgers.into_iter().filter(|l| l.unverified_rate).count();
    if count == 0 {
        return None;
    }
    Some(
        Diagnostic::new(
            crate::diag::Code::UnverifiedRate,
            format!("the interest of {count} invoice(s) uses a statutory rate marked UNVERIFIED in its table"),
        )
        .help(
            "`dun explain NUMBER` marks the periods and names the rate's source, `dun rates` lists the tables; \
             check the rate against the official publication, or give your own rows with \
             `rates SCHEME \"my-rates.csv\"` in rules.dun",
        ),
    )
}

/// W064 for one scheme: `nl-commercial has no rate from 2027-01-01; 10.40% carried forward`.
pub fn provisional_rate(p: &crate::interest::Provisional) -> Diagnostic {
    let scheme = p.scheme.keyword();
    Diagnostic::new(
        crate::diag::Code::ProvisionalRate,
        format!(
            "{scheme} has no rate from {}; {}% carried forward",
            p.from,
            p.rate.round_dp(2)
        ),
    )
    .help(format!(
        "interest from {} on is provisional; add the published rate with a line \
         `rates {scheme} \"my-rates.csv\"` in rules.dun and a row `{},RATE` in that file, or use a newer dun",
        p.from, p.from
    ))
}

/// Invoices evaluated by one core at a time.
const EVALUATED_PER_CHUNK: usize = 4096;

/// The plan of invoice `id`, whose ledger is in `ledgers` (by invoice index).
fn evaluate_invoice(ctx: &facts::InvoiceContext<'_>, ledgers: &[Ledger], id: InvoiceId) -> InvoicePlan {
    let invoice = ctx.book.invoice(id);
    let policy = ctx.policies[invoice.customer.0 as usize];
    let ledger = &ledgers[id.0 as usize];
    let state = ctx
        .facts
        .closed(id)
        .map(|(state, _)| state)
        .unwrap_or(if ledger.is_settled() { State::Paid } else { State::Open });
    let days_overdue = if state == State::Open {
        // Days between the two dates, as `(as_of - due).num_days()` counts them.
        (i64::from(ctx.as_of.num_days_from_ce()) - i64::from(invoice.due.num_days_from_ce())).max(0)
    } else {
        0
    };
    let grace = policy.map_or(ctx.rules.grace.value, |p| p.effective_grace(ctx.rules));
    let hold = if state == State::Open {
        holds::hold_at(ctx, id, grace).map(Box::new)
    } else {
        None
    };
    let progress = ladder::progress(ctx, id, policy);
    let next = match (state, &hold, policy) {
        (State::Open, None, Some(policy)) => ladder::next_stage(ctx, id, policy, &progress),
        _ => None,
    };
    InvoicePlan {
        invoice: id,
        state,
        days_overdue,
        hold,
        ready_for_handover: state == State::Open
            && progress.last_is_handover
            && progress
                .last
                .as_ref()
                .is_some_and(|(_, sent)| handover_term(ctx.rules, *sent) < ctx.as_of),
        waiting: None,
        stage: progress.last,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book of a million invoices holds a million of each at once: a ledger keeps only its
    /// three amounts inline (fees, waivers and what else few ledgers have stay out of line),
    /// a split its parts packed (what was owed after is kept for the detailed invoice only).
    #[test]
    fn the_records_of_a_large_evaluation_are_small() {
        let sizes = [
            ("Invoice", std::mem::size_of::<crate::book::Invoice>(), 136),
            ("Ledger", std::mem::size_of::<Ledger>(), 64),
            ("Split", std::mem::size_of::<settle::Split>(), 48),
            ("InvoicePlan", std::mem::size_of::<InvoicePlan>(), 96),
            ("Payment", std::mem::size_of::<crate::book::Payment>(), 128),
        ];
        for (name, size, most) in sizes {
            assert!(size <= most, "{name} {size} bytes, at most {most}");
        }
    }

    /// What the claim pass reads of a payment lies in its first 64 bytes: one cache line of
    /// the book's vector (see [`crate::book::Payment`]).
    #[test]
    fn what_the_claim_pass_reads_of_a_payment_is_one_cache_line() {
        use crate::book::Payment;
        let end = std::mem::offset_of!(Payment, allocations) + std::mem::size_of::<std::ops::Range<u32>>();
        assert!(end <= 64, "the hot fields end at byte {end}");
        let hot = [
            std::mem::offset_of!(Payment, credit_note),
            std::mem::offset_of!(Payment, customer),
            std::mem::offset_of!(Payment, date),
            std::mem::offset_of!(Payment, amount),
        ];
        assert!(hot.iter().all(|&at| at < end), "{hot:?} before {end}");
    }
}
