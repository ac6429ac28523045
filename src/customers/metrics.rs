//! The per-customer figures: each invoice's settled day and days late, summed per customer
//! and currency over the window.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::advice::Grade;
use super::{CustomerBehaviour, Money, SettledInvoice, Window};
use crate::book::{Book, CustomerId, EventKind, InvoiceId};
use crate::money::Currency;
use crate::plan::{Plan, State};
use crate::rules::Rules;

/// How an invoice counts: settled (paid) or closed (written off, handed over) on a day.
#[derive(Debug, Clone, Copy)]
pub(super) struct Outcome {
    pub invoice: InvoiceId,
    pub state: State,
    pub date: NaiveDate,
    pub days: i64,
    /// The invoice amount less the principal credit notes took away.
    pub weight: Decimal,
}

/// What every figure is computed from, gathered once.
pub(super) struct Facts {
    /// Invoices settled or closed in the window (or in the trend's year), in invoice order.
    pub outcomes: Vec<Outcome>,
    /// The day each invoice was written off or handed over, by invoice index.
    pub closed: Vec<Option<NaiveDate>>,
    /// Broken promises: the invoice and the day its date + grace passed.
    pub broken: Vec<(InvoiceId, NaiveDate)>,
}

impl Facts {
    pub fn gather(book: &Book, rules: &Rules, plan: &Plan, w: &Window) -> Facts {
        let n = book.invoices.len();
        let mut closed = vec![None; n];
        for e in book.events.iter().take_while(|e| e.date <= w.end) {
            if let EventKind::Writeoff(i) | EventKind::Handover(i) = e.kind {
                closed[i.0 as usize] = Some(e.date);
            }
        }
        let mut credited: FxHashMap<InvoiceId, Decimal> = FxHashMap::default();
        for s in &plan.splits {
            if book.payment(s.source).credit_note.is_some() {
                *credited.entry(s.invoice).or_default() += s.principal();
            }
        }
        let earliest = w.start.min(w.trend_start);
        let mut outcomes = Vec::new();
        for (p, l) in plan.with_ledgers() {
            let date = match p.state {
                State::Open => continue,
                State::Paid => l.settled_on,
                State::WrittenOff | State::HandedOver => closed[p.invoice.0 as usize],
            };
            let Some(date) = date.filter(|d| earliest < *d && *d <= w.end) else {
                continue;
            };
            let inv = book.invoice(p.invoice);
            let weight = inv.amount.amount - credited.get(&p.invoice).copied().unwrap_or_default();
            if weight <= Decimal::ZERO {
                continue; // cancelled by a credit note: nothing was paid, late or not
            }
            outcomes.push(Outcome {
                invoice: p.invoice,
                state: p.state,
                date,
                days: (date - inv.due).num_days().max(0),
                weight,
            });
        }
        let broken = super::promises::broken(book, rules, plan, w);
        Facts {
            outcomes,
            closed,
            broken,
        }
    }
}

/// Sums of days late weighted by amount.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Late {
    pub count: u32,
    pub late: u32,
    pub weight: Decimal,
    pub weighted_days: Decimal,
    pub late_weight: Decimal,
    pub max: i64,
}

impl Late {
    pub fn add(&mut self, o: &Outcome) {
        self.count += 1;
        self.weight += o.weight;
        self.weighted_days += o.weight * Decimal::from(o.days);
        if o.days > 0 {
            self.late += 1;
            self.late_weight += o.weight;
        }
        self.max = self.max.max(o.days);
    }

    /// The exact amount-weighted average, if anything was counted.
    pub fn exact_average(&self) -> Option<Decimal> {
        (self.count > 0 && self.weight > Decimal::ZERO).then(|| self.weighted_days / self.weight)
    }

    /// The average rounded to one decimal, half up.
    pub fn average(&self) -> Option<Decimal> {
        self.exact_average().map(|a| round(a, 1))
    }
}

/// Rounds half away from zero to `dp` decimals.
pub(super) fn round(x: Decimal, dp: u32) -> Decimal {
    let mut r = x.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// One customer in one currency, while summing.
pub(super) struct Group {
    pub customer: CustomerId,
    pub currency: Currency,
    pub window: Late,
    pub recent: Late,
    pub before: Late,
    pub paid: u32,
    pub closed: Vec<Outcome>,
    pub outcomes: Vec<Outcome>,
    pub promises_broken: u32,
    pub letters: std::collections::BTreeMap<String, u32>,
    pub open: Decimal,
    pub overdue: Decimal,
    pub exposure: Decimal,
    pub has_open: bool,
}

impl Group {
    fn new(customer: CustomerId, currency: Currency) -> Group {
        Group {
            customer,
            currency,
            window: Late::default(),
            recent: Late::default(),
            before: Late::default(),
            paid: 0,
            closed: Vec::new(),
            outcomes: Vec::new(),
            promises_broken: 0,
            letters: Default::default(),
            open: Decimal::ZERO,
            overdue: Decimal::ZERO,
            exposure: Decimal::ZERO,
            has_open: false,
        }
    }

    /// Something to say about this customer: an invoice counted, open, a letter or a promise.
    fn active(&self) -> bool {
        self.window.count > 0 || self.has_open || !self.letters.is_empty() || self.promises_broken > 0
    }

    /// The figures, before grading and advice.
    pub fn summary(&self, book: &Book, _w: &Window) -> CustomerBehaviour {
        let c = book.customer(self.customer);
        let money = |x: Decimal| Money::new(self.currency.round(x), self.currency);
        let share = |part: Decimal, whole: Decimal| (whole > Decimal::ZERO).then(|| round(part / whole, 3));
        let trend = match (self.recent.exact_average(), self.before.exact_average()) {
            (Some(a), Some(b)) => Some(round(a - b, 1)),
            _ => None,
        };
        let avg = self.window.average();
        CustomerBehaviour {
            id: c.id.to_string(),
            name: c.name.clone(),
            currency: self.currency.code().to_string(),
            invoices_paid: self.paid,
            avg_days_late: avg,
            max_days_late: (self.window.count > 0).then_some(self.window.max),
            late_share: share(Decimal::from(self.window.late), Decimal::from(self.window.count)),
            late_share_amount: share(self.window.late_weight, self.window.weight),
            trend,
            promises_broken: self.promises_broken,
            open: money(self.open),
            overdue: money(self.overdue),
            exposure: money(self.exposure),
            credit_limit: c.credit_limit.filter(|l| l.currency == self.currency),
            letters: self.letters.clone(),
            grade: Grade::of(avg),
            advice: Vec::new(),
            reasons: Vec::new(),
            invoices_closed: self.closed.len() as u32,
            closed: self
                .closed
                .iter()
                .map(|o| {
                    let inv = book.invoice(o.invoice);
                    super::ClosedInvoice {
                        number: inv.number.to_string(),
                        state: o.state.as_str(),
                        date: o.date,
                        days_late: o.days,
                        amount: money(o.weight),
                    }
                })
                .collect(),
            settled: Vec::new(),
            months: Vec::new(),
        }
    }

    /// The invoices counted in the window, by settled day.
    pub fn settled_list(&self, book: &Book) -> Vec<SettledInvoice> {
        let mut list: Vec<SettledInvoice> = self
            .outcomes
            .iter()
            .map(|o| {
                let inv = book.invoice(o.invoice);
                SettledInvoice {
                    number: inv.number.to_string(),
                    due: inv.due,
                    settled: o.date,
                    days_late: o.days,
                    amount: Money::new(self.currency.round(o.weight), self.currency),
                    state: o.state.as_str(),
                }
            })
            .collect();
        list.sort_by(|a, b| (a.settled, &a.number).cmp(&(b.settled, &b.number)));
        list
    }
}

/// Every customer and currency with something to say, in no particular order.
pub(super) fn groups(book: &Book, plan: &Plan, facts: &Facts, w: &Window, only: Option<CustomerId>) -> Vec<Group> {
    let mut index: FxHashMap<(CustomerId, Currency), usize> = FxHashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut group = |customer: CustomerId, currency: Currency| -> Option<usize> {
        if only.is_some_and(|o| o != customer) {
            return None;
        }
        Some(*index.entry((customer, currency)).or_insert_with(|| {
            groups.push(Group::new(customer, currency));
            groups.len() - 1
        }))
    };
    let mut slots: Vec<(usize, Outcome)> = Vec::new();
    for o in &facts.outcomes {
        let inv = book.invoice(o.invoice);
        if let Some(g) = group(inv.customer, inv.amount.currency) {
            slots.push((g, *o));
        }
    }
    let mut open: Vec<(usize, Decimal, Decimal, Decimal)> = Vec::new();
    for (p, l) in plan.with_ledgers().filter(|(p, _)| p.state == State::Open) {
        let inv = book.invoice(p.invoice);
        if let Some(g) = group(inv.customer, inv.amount.currency) {
            let overdue = if p.days_overdue > 0 { l.principal } else { Decimal::ZERO };
            open.push((g, l.principal, overdue, l.total()));
        }
    }
    let mut promised: Vec<usize> = Vec::new();
    for &(id, _) in &facts.broken {
        let inv = book.invoice(id);
        if let Some(g) = group(inv.customer, inv.amount.currency) {
            promised.push(g);
        }
    }
    let mut letters: Vec<(usize, &str)> = Vec::new();
    for e in book.events.iter().take_while(|e| e.date <= w.end) {
        let EventKind::Sent {
            customer,
            stage,
            invoices,
            ..
        } = &e.kind
        else {
            continue;
        };
        let Some(first) = invoices.first() else { continue };
        if !w.holds(e.date) {
            continue;
        }
        if let Some(g) = group(*customer, book.invoice(*first).amount.currency) {
            letters.push((g, stage));
        }
    }
    for (g, o) in slots {
        let x = &mut groups[g];
        if w.holds(o.date) {
            x.window.add(&o);
            x.outcomes.push(o);
            match o.state {
                State::Paid => x.paid += 1,
                _ => x.closed.push(o),
            }
        }
        if w.mid < o.date {
            x.recent.add(&o);
        } else if w.trend_start < o.date {
            x.before.add(&o);
        }
    }
    for (g, principal, overdue, total) in open {
        let x = &mut groups[g];
        x.has_open = true;
        x.open += principal;
        x.overdue += overdue;
        x.exposure += total;
    }
    for g in promised {
        groups[g].promises_broken += 1;
    }
    for (g, stage) in letters {
        *groups[g].letters.entry(stage.to_string()).or_default() += 1;
    }
    groups.retain(Group::active);
    groups
}
