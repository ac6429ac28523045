//! Choosing what `dun run --date T` sends: per customer and currency, one letter holding
//! every invoice whose next stage is due on or before T, at the highest of those stages;
//! each invoice advances exactly one stage. Invoices whose next stage is a task are listed
//! as to-dos instead. A customer whose overdue total is below the `minimum` is skipped.
//!
//! Choices where the spec is silent (documented in docs/run.md):
//! - a customer with invoices in two currencies gets one letter per currency;
//! - an invoice gets at most one stage per day, so a second run on the same day sends nothing;
//! - a fee is charged once per invoice, by the rule of the stage it advances to, computed
//!   over the principals of all invoices in the letter charged under that rule (WIK art. 2
//!   and 6:96 lid 7 BW add the principals together);
//! - interest is claimed from the first stage of the ladder that names an interest scheme on.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, CustomerId, InvoiceId};
use crate::fees::FeeRule;
use crate::interest::RateTables;
use crate::money::{Currency, Money};
use crate::plan::settle::Settle;
use crate::plan::{policy_for, InvoicePlan, Plan, State};
use crate::rules::{Policy, Rules, Stage};
use crate::syntax::ast::{Duration, DurationUnit};

/// One invoice in a letter, advancing one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterItem {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The stage it advances to.
    pub stage: String,
    /// That stage's index in the ladder.
    pub stage_index: usize,
    /// Fee charged on it in this letter (rounded to the minor unit).
    pub fee: Decimal,
    /// Interest claimed on it in this letter: accrued up to the letter's pay-by date, rounded.
    pub interest: Decimal,
    /// The stage claims interest (from the first stage of the ladder that names a scheme on).
    pub claims_interest: bool,
    /// The interest periods behind `interest`, up to the pay-by date (empty when no interest
    /// is claimed): what the letter states per rate.
    pub periods: Vec<crate::interest::Period>,
}

/// A letter due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLetter {
    /// The customer.
    pub customer: CustomerId,
    /// The currency of every amount in the letter.
    pub currency: Currency,
    /// Letter language: the customer's, else the policy's, else the rules'.
    pub language: String,
    /// The customer's policy.
    pub policy: String,
    /// The letter's stage: the highest stage any of its invoices advances to.
    pub stage: String,
    /// Its index in the ladder.
    pub stage_index: usize,
    /// The template to render.
    pub template: String,
    /// The stage ends the ladder (`action handover`).
    pub handover: bool,
    /// The letter's date.
    pub date: NaiveDate,
    /// Pay by this day: the date + `pay-within`, else + the next stage's `wait`, else + 14 days.
    pub pay_by: NaiveDate,
    /// The invoices it advances, most overdue first.
    pub items: Vec<LetterItem>,
    /// The customer's other overdue invoices (in another letter today, or not advancing),
    /// listed for context outside the total asked, each with why it is not in this letter.
    pub others: Vec<Other>,
    /// How the fee was computed, for `--dry-run` and `explain`.
    pub fee_steps: Vec<String>,
}

impl DueLetter {
    /// Total fee charged in this letter.
    pub fn fee(&self) -> Decimal {
        self.items.iter().map(|i| i.fee).sum()
    }

    /// Total interest claimed in this letter.
    pub fn interest(&self) -> Decimal {
        self.items.iter().map(|i| i.interest).sum()
    }

    /// What the letter asks in all, as its totals add it up: each invoice's open principal
    /// and earlier costs rounded to the minor unit, plus the interest and costs it claims.
    pub fn total(&self, plan: &Plan) -> Decimal {
        let (principal, fees_earlier) = open_parts(plan, self.currency, self.items.iter().map(|i| i.invoice));
        principal + fees_earlier + self.currency.round(self.interest()) + self.currency.round(self.fee())
    }

    /// The numbers of its invoices, in letter order.
    pub fn numbers(&self, book: &Book) -> Vec<String> {
        self.items
            .iter()
            .map(|i| book.invoice(i.invoice).number.to_string())
            .collect()
    }

    /// The distinct stages of its invoices, in ladder order (one `sent` record each).
    pub fn stages(&self) -> Vec<&str> {
        let mut s: Vec<(usize, &str)> = self.items.iter().map(|i| (i.stage_index, i.stage.as_str())).collect();
        s.sort_unstable();
        s.dedup();
        s.into_iter().map(|(_, name)| name).collect()
    }
}

/// The open principal and the earlier costs still open of `invoices`, each rounded to the
/// minor unit of `cur` before adding up, as a letter lists them (invoices without a plan
/// count nothing).
pub fn open_parts(plan: &Plan, cur: Currency, invoices: impl Iterator<Item = InvoiceId>) -> (Decimal, Decimal) {
    invoices
        .filter_map(|id| plan.issued_ledger(id))
        .fold((Decimal::ZERO, Decimal::ZERO), |(principal, fees), l| {
            (principal + cur.round(l.principal), fees + cur.round(l.fees_open()))
        })
}

/// Another overdue invoice of the customer, shown in a letter it is not part of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Other {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Why it is not in this letter.
    pub why: Why,
}

/// Why an overdue invoice is not in a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// It gets its own letter today, at another stage.
    OwnLetter {
        /// That stage.
        stage: String,
    },
    /// A task stage is due for it today (e.g. a phone call).
    Task {
        /// That stage.
        stage: String,
    },
    /// Escalation is paused.
    Hold {
        /// Dispute, hold, arrangement or promise.
        kind: crate::plan::HoldKind,
        /// The last held day, where known.
        until: Option<NaiveDate>,
    },
    /// Its next stage is due later.
    Later {
        /// That stage.
        stage: String,
        /// When.
        due: NaiveDate,
    },
    /// The handover letter was sent: it waits for the handover.
    AwaitingHandover,
    /// No stage is left on the ladder.
    EndOfLadder,
}

impl Why {
    /// A short code for templates and JSON: `own-letter`, `task`, `dispute`, `hold`,
    /// `arrangement`, `promise`, `later`, `awaiting-handover`, `end-of-ladder`.
    pub fn code(&self) -> &'static str {
        match self {
            Why::OwnLetter { .. } => "own-letter",
            Why::Task { .. } => "task",
            Why::Hold { kind, .. } => kind.as_str(),
            Why::Later { .. } => "later",
            Why::AwaitingHandover => "awaiting-handover",
            Why::EndOfLadder => "end-of-ladder",
        }
    }

    /// In words, for the run summary.
    pub fn describe(&self) -> String {
        match self {
            Why::OwnLetter { stage } => format!("its own `{stage}` letter today"),
            Why::Task { stage } => format!("task `{stage}` today"),
            Why::Hold { kind, until } => match until {
                Some(u) => format!("{} until {u}", kind.as_str()),
                None => kind.as_str().to_string(),
            },
            Why::Later { stage, due } => format!("`{stage}` due {due}"),
            Why::AwaitingHandover => "awaiting handover".to_string(),
            Why::EndOfLadder => "end of the ladder".to_string(),
        }
    }
}

/// A task stage due (e.g. a phone call): listed, not rendered; `dun done` records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueTask {
    /// The customer.
    pub customer: CustomerId,
    /// The stage.
    pub stage: String,
    /// What to do.
    pub text: String,
    /// The invoices it concerns.
    pub invoices: Vec<InvoiceId>,
}

/// A customer with something due whose overdue total is below the minimum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The customer.
    pub customer: CustomerId,
    /// Their overdue principal in that currency.
    pub overdue: Money,
    /// The minimum that applies.
    pub minimum: Money,
}

/// Everything due on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The day.
    pub date: NaiveDate,
    /// Letters to render and record, by customer.
    pub letters: Vec<DueLetter>,
    /// Tasks to do.
    pub tasks: Vec<DueTask>,
    /// Customers skipped for the minimum.
    pub skipped: Vec<Skipped>,
}

/// Due items of one customer in one currency.
struct Group<'p> {
    /// The plan they are of (for their ledgers).
    plan: &'p Plan,
    letter: Vec<(&'p InvoicePlan, usize)>,
    task: Vec<(&'p InvoicePlan, usize)>,
    overdue: Vec<&'p InvoicePlan>,
}

impl<'p> Group<'p> {
    fn new(plan: &'p Plan) -> Group<'p> {
        Group {
            plan,
            letter: Vec::new(),
            task: Vec::new(),
            overdue: Vec::new(),
        }
    }
}

/// What is due on the plan's date.
pub fn select(book: &Book, rules: &Rules, rates: &RateTables, plan: &Plan) -> Due {
    let date = plan.as_of;
    let mut groups: BTreeMap<(CustomerId, Currency), Group<'_>> = BTreeMap::new();
    for p in plan.invoices.iter().filter(|p| p.state == State::Open) {
        let inv = book.invoice(p.invoice);
        let key = (inv.customer, inv.amount.currency);
        if p.days_overdue > 0 {
            groups.entry(key).or_insert_with(|| Group::new(plan)).overdue.push(p);
        }
        let Some(next) = p.next.as_ref().filter(|n| n.due <= date) else {
            continue;
        };
        // One stage per invoice per day: a second run on the same day sends nothing.
        if p.stage.as_ref().is_some_and(|(_, sent)| *sent >= date) {
            continue;
        }
        let Some(policy) = policy_for(rules, book.customer(inv.customer)) else {
            continue;
        };
        let g = groups.entry(key).or_insert_with(|| Group::new(plan));
        let index = next.index as usize;
        if policy.stages[index].is_task() {
            g.task.push((p, index));
        } else {
            g.letter.push((p, index));
        }
    }
    let mut run = Due {
        date,
        letters: Vec::new(),
        tasks: Vec::new(),
        skipped: Vec::new(),
    };
    for ((customer, currency), g) in groups {
        if g.letter.is_empty() && g.task.is_empty() {
            continue;
        }
        let Some(policy) = policy_for(rules, book.customer(customer)) else {
            continue;
        };
        // What the customer owes on overdue invoices: principal, and costs and interest
        // once claimed (an invoice whose principal is paid may still owe its costs).
        let overdue: Decimal = g.overdue.iter().map(|p| plan.ledger(p.invoice).total()).sum();
        if let Some(min) = policy.effective_minimum(rules, currency).filter(|m| overdue < m.amount) {
            run.skipped.push(Skipped {
                customer,
                overdue: Money::new(overdue, currency),
                minimum: min,
            });
            continue;
        }
        run.tasks.extend(tasks(customer, policy, &g.task));
        // One letter per stage: each says what is true of every invoice in it.
        let mut stages: Vec<usize> = g.letter.iter().map(|(_, i)| *i).collect();
        stages.sort_unstable();
        stages.dedup();
        for stage in stages.into_iter().rev() {
            let mut letter = letter(book, rules, policy, (customer, currency), &g, stage, date);
            interest_until_pay_by(book, rules, rates, &mut letter);
            run.letters.push(letter);
        }
    }
    run
}

/// Why overdue invoice `p` is not in the letter at `stage`.
fn why_not(p: &InvoicePlan, g: &Group<'_>, policy: &Policy, stage: usize) -> Option<Why> {
    let stage_of = |list: &[(&InvoicePlan, usize)]| list.iter().find(|(q, _)| q.invoice == p.invoice).map(|(_, i)| *i);
    if let Some(i) = stage_of(&g.letter) {
        return (i != stage).then(|| Why::OwnLetter {
            stage: policy.stages[i].name.clone(),
        });
    }
    if let Some(i) = stage_of(&g.task) {
        return Some(Why::Task {
            stage: policy.stages[i].name.clone(),
        });
    }
    Some(match (&p.hold, &p.next) {
        (Some(h), _) => Why::Hold {
            kind: h.kind,
            until: h.until,
        },
        (None, Some(n)) => Why::Later {
            stage: n.name.to_string(),
            due: n.due,
        },
        (None, None) if p.ready_for_handover => Why::AwaitingHandover,
        (None, None) => Why::EndOfLadder,
    })
}

/// One task per task stage due.
fn tasks(customer: CustomerId, policy: &Policy, due: &[(&InvoicePlan, usize)]) -> Vec<DueTask> {
    let mut by_stage: BTreeMap<usize, Vec<InvoiceId>> = BTreeMap::new();
    for (p, i) in due {
        by_stage.entry(*i).or_default().push(p.invoice);
    }
    by_stage
        .into_iter()
        .map(|(i, invoices)| {
            let stage = &policy.stages[i];
            let text = match &stage.action {
                crate::rules::Action::Task { text, .. } => text.clone(),
                crate::rules::Action::Letter { .. } => String::new(),
            };
            DueTask {
                customer,
                stage: stage.name.clone(),
                text,
                invoices,
            }
        })
        .collect()
}

fn letter(
    book: &Book,
    rules: &Rules,
    policy: &Policy,
    (customer, currency): (CustomerId, Currency),
    g: &Group<'_>,
    top: usize,
    date: NaiveDate,
) -> DueLetter {
    let stage = &policy.stages[top];
    let mut due: Vec<&(&InvoicePlan, usize)> = g.letter.iter().filter(|(_, i)| *i == top).collect();
    due.sort_by_key(|(p, _)| {
        (
            std::cmp::Reverse(p.days_overdue),
            book.invoice(p.invoice).number.clone(),
        )
    });
    let interest_from = policy.stages.iter().position(|s| s.interest.is_some());
    let mut items: Vec<LetterItem> = due
        .iter()
        .map(|(p, i)| {
            // A letter that claims costs makes the interest owed, so it asks it too; interest
            // once owed (an earlier letter claimed costs) stays in what is asked.
            let l = g.plan.ledger(p.invoice);
            let claims_interest =
                interest_from.is_some_and(|f| *i >= f || policy.stages[*i].fee.is_some()) || l.costs_claimed;
            LetterItem {
                invoice: p.invoice,
                stage: policy.stages[*i].name.clone(),
                stage_index: *i,
                fee: Decimal::ZERO,
                interest: match claims_interest {
                    true => currency.round(l.interest),
                    false => Decimal::ZERO,
                },
                claims_interest,
                periods: Vec::new(),
            }
        })
        .collect();
    let fee_steps = charge_fees(policy, (g.plan, currency), &due, &mut items);
    let others = g
        .overdue
        .iter()
        .filter_map(|p| {
            why_not(p, g, policy, top).map(|why| Other {
                invoice: p.invoice,
                why,
            })
        })
        .collect();
    let customer_lang = book.customer(customer).language.clone();
    DueLetter {
        customer,
        currency,
        language: customer_lang.unwrap_or_else(|| policy.effective_language(rules).to_string()),
        policy: policy.name.clone(),
        stage: stage.name.clone(),
        stage_index: top,
        template: stage.template().unwrap_or_default().to_string(),
        handover: stage.handover,
        date,
        pay_by: pay_by(rules, policy, top, date),
        items,
        others,
        fee_steps,
    }
}

/// Why a letter must go by post even when e-mail is asked for: the Dutch consumer's 14-day
/// letter (a `required` stage) holds by e-mail only with the consumer's consent (`consent:
/// email` on the customer; art. 6:96 lid 6 BW asks for a written notice, and an electronic one
/// needs the consumer's agreement, art. 6:227a BW — UNVERIFIED as applied to this letter).
pub fn post_only(book: &Book, rules: &Rules, letter: &DueLetter) -> Option<&'static str> {
    let customer = book.customer(letter.customer);
    let required = rules
        .policy(&letter.policy)
        .and_then(|p| p.stages.get(letter.stage_index))
        .is_some_and(|s| s.required);
    let consumer = customer.kind == Some(crate::syntax::ast::CustomerKind::Consumer);
    let consent = customer.consent.as_deref() == Some("email");
    (required && consumer && !consent)
        .then_some("a 14-day letter reaches a consumer by post unless the customer records `consent: email`")
}

/// Interest on the letter's invoices up to and including its pay-by date: what the debtor
/// owes on that day, so that paying the letter's total by then settles every claim in it.
fn interest_until_pay_by(book: &Book, rules: &Rules, rates: &RateTables, letter: &mut DueLetter) {
    if !letter.items.iter().any(|i| i.claims_interest) {
        return;
    }
    let policies: Vec<_> = book.customers.iter().map(|c| policy_for(rules, c)).collect();
    let settle = Settle {
        rules,
        rates,
        policies: &policies,
        as_of: letter.date,
        accrue_until: letter.pay_by,
        detail: None,
        only: Some((letter.customer, letter.currency)),
        report: false,
    };
    let ids: Vec<InvoiceId> = letter
        .items
        .iter()
        .filter(|i| i.claims_interest)
        .map(|i| i.invoice)
        .collect();
    let mut ledgers = crate::plan::settle::ledgers_with_periods(book, &settle, &ids);
    for item in letter.items.iter_mut().filter(|i| i.claims_interest) {
        if let Some(k) = ledgers.iter().position(|(id, ..)| *id == item.invoice) {
            let (_, l, periods) = ledgers.swap_remove(k);
            item.interest = letter.currency.round(l.interest);
            item.periods = periods;
        }
    }
}

/// Charges each invoice's first fee: grouped by the fee rule of the stage it advances to,
/// each rule computed over its group's principals. Returns the explanation.
fn charge_fees(
    policy: &Policy,
    (plan, currency): (&Plan, Currency),
    due: &[&(&InvoicePlan, usize)],
    items: &mut [LetterItem],
) -> Vec<String> {
    let mut steps = Vec::new();
    let mut rules: Vec<&FeeRule> = Vec::new();
    // The fee of the first stage this letter passes that names one: the stage it advances
    // to, or one an `escalate jump` leaps over (a jump never loses a fee).
    let charged = |(p, i): &(&InvoicePlan, usize)| -> Option<&FeeRule> {
        let from = p
            .stage
            .as_ref()
            .and_then(|(s, _)| policy.stage_index(s))
            .map_or(0, |l| l + 1);
        let passed: &[Stage] = policy.stages.get(from.min(*i)..=*i).unwrap_or_default();
        passed
            .iter()
            .find_map(|s| s.fee.as_ref())
            .filter(|_| plan.ledger(p.invoice).fees().is_zero())
    };
    for d in due {
        if let Some(rule) = charged(d) {
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
    }
    for rule in rules {
        let members: Vec<usize> = (0..due.len()).filter(|&k| charged(due[k]) == Some(rule)).collect();
        let principals: Vec<Decimal> = members
            .iter()
            .map(|&k| plan.ledger(due[k].0.invoice).principal)
            .collect();
        match rule.compute(currency, &principals) {
            Ok(calc) => {
                for (&k, fee) in members.iter().zip(&calc.per_invoice) {
                    items[k].fee = *fee;
                }
                steps.extend(calc.steps);
            }
            Err(e) => steps.push(format!("no fee: {e}")),
        }
    }
    steps
}

/// Pay by: the date + `pay-within`, else + the wait of the stage after this one, else + 14 days.
fn pay_by(rules: &Rules, policy: &Policy, index: usize, date: NaiveDate) -> NaiveDate {
    let fallback = Duration {
        n: 14,
        unit: DurationUnit::Days,
    };
    let term = rules
        .pay_within
        .as_ref()
        .map(|p| p.node)
        .or_else(|| policy.stages.get(index + 1).map(|s| s.wait).filter(|w| w.n > 0))
        .unwrap_or(fallback);
    term.after(date).unwrap_or(date)
}
