//! `dun explain`: the story of one invoice in plain words: issued, due, each payment and
//! how it was applied, holds opened and closed, each stage sent, interest by period with its
//! rate, the fee computation, and why the next stage is due on its date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::book::{Book, EventKind, InvoiceId};
use crate::interest::{InterestRule, Period, RateStatus, RateTable, RateTables};
use crate::plan::{policy_for, DueReason, Plan, Via};
use crate::rules::Rules;

/// One dated line of the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryLine {
    /// When.
    pub date: NaiveDate,
    /// What happened, in words.
    pub text: String,
}

/// One interest period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterestLine {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Days.
    pub days: i64,
    /// Principal interest ran on.
    pub principal: String,
    /// Yearly rate in percent.
    pub rate: String,
    /// Interest of the period, rounded for display.
    pub interest: String,
    /// Interest was added to the principal at the end of the period.
    pub capitalised: bool,
    /// The rate is carried forward past the end of its table: the figure is provisional.
    pub provisional: bool,
    /// Why the rate deserves a look: provisional, marked UNVERIFIED (with its source), or
    /// taken from the user's own table (with its file and line).
    pub note: Option<String>,
}

/// The whole explanation; rendered as text or JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// Invoice number.
    pub number: String,
    /// Customer id and name.
    pub customer: String,
    /// The policy, if one applies.
    pub policy: Option<String>,
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// What happened, in date order.
    pub story: Vec<StoryLine>,
    /// Where things stand, one sentence per line.
    pub now: Vec<String>,
    /// Interest scheme, if any.
    pub interest_scheme: Option<String>,
    /// Interest periods.
    pub interest: Vec<InterestLine>,
    /// How the next fee would be computed.
    pub fee: Vec<String>,
    /// Why the next stage is due when it is.
    pub next: Vec<String>,
}

/// Explains invoice `id` as of the plan's date. Its interest periods, and what it owed after
/// each application of money, are told when `plan` details it ([`crate::plan::evaluate_detailed`]).
pub fn explain(book: &Book, rules: &Rules, rates: &RateTables, plan: &Plan, id: InvoiceId) -> Explanation {
    let inv = book.invoice(id);
    let cur = inv.amount.currency;
    let customer = book.customer(inv.customer);
    let policy = policy_for(rules, customer);
    let p = plan.invoice(id);
    let mut story = vec![StoryLine {
        date: inv.date,
        text: match inv.terms {
            Some(t) => format!(
                "issued for {}; due {} ({} after the invoice date)",
                inv.amount, inv.due, t
            ),
            None => format!("issued for {}; due {} (its `due:` date)", inv.amount, inv.due),
        },
    }];
    story.extend(money_story(book, plan, id));
    story.extend(event_story(book, plan.as_of, id));
    let grace = policy.map_or(rules.grace.value, |p| p.effective_grace(rules));
    story.extend(installment_story(book, plan, id, grace));
    story.sort_by_key(|l| l.date);
    let mut e = Explanation {
        number: inv.number.to_string(),
        customer: format!("{} ({})", customer.id, customer.name),
        policy: policy.map(|p| p.name.clone()),
        as_of: plan.as_of,
        story,
        now: Vec::new(),
        interest_scheme: crate::plan::Ledger::interest_rule_name(policy),
        interest: Vec::new(),
        fee: Vec::new(),
        next: Vec::new(),
    };
    let Some(p) = p else {
        e.now.push(format!("not issued yet on {}", plan.as_of));
        return e;
    };
    e.now.push(format!(
        "state: {}{}",
        p.state.as_str(),
        if p.days_overdue > 0 {
            format!(", {} days overdue", p.days_overdue)
        } else {
            String::new()
        }
    ));

    e.now
        .push(crate::customers::grade_line(book, rules, plan, inv.customer, cur));
    let l = plan.ledger(id);
    e.now.push(format!(
        "owed: principal {}, interest {}{}, costs {} (claimed {}), total {}",
        cur.format(l.principal),
        cur.format(l.interest),
        match l.costs_claimed {
            true => "",
            false => " (accruing: owed once a letter claims costs or interest)",
        },
        cur.format(l.fees_open()),
        cur.format(l.fees()),
        cur.format(l.total())
    ));
    for (amount, what) in [
        (l.waived_costs(), "costs waived"),
        (l.waived_interest(), "interest waived"),
        (
            l.corrected_interest(),
            "interest taken away by credit notes (the credited part never bore it)",
        ),
    ] {
        if !amount.is_zero() {
            e.now.push(format!("{what}: {}", cur.format(amount)));
        }
    }

    if let Some(h) = &p.hold {
        let until = h.until.map(|u| format!(" until {u}")).unwrap_or_default();
        let why = h.reason.as_ref().map(|r| format!(": \"{r}\"")).unwrap_or_default();
        e.now.push(format!(
            "on hold ({}) since {}{until}{why}; escalation is paused",
            h.kind.as_str(),
            h.since
        ));
    }
    // The policy's interest is its first stage's that names one (as the plan computes it).
    let rule = policy.and_then(|p| p.stages.iter().find_map(|s| s.interest.as_ref()));
    let table = match rule {
        Some(InterestRule::Statutory(scheme)) => Some(rates.table(*scheme)),
        _ => None,
    };
    e.interest = plan
        .detail(id)
        .map_or(&[][..], |d| &d.periods)
        .iter()
        .map(|q| InterestLine {
            from: q.from,
            to: q.to.pred_opt().unwrap_or(q.to),
            days: q.days,
            principal: cur.format(q.principal),
            rate: q.rate.normalize().to_string(),
            interest: cur.format(q.interest),
            capitalised: q.capitalised,
            provisional: q.provisional,
            note: table.and_then(|t| rate_note(q, t)),
        })
        .collect();
    e.fee = fee_story(book, policy, p, l);
    e.next = next_story(inv.due, p, policy);
    e
}

/// The interest periods, one per line; a period whose rate has a note gets a mark `[N]`, and
/// each distinct note is printed once below the periods (a source can be a long sentence).
fn interest_text(lines: &[InterestLine]) -> String {
    let mut out = String::new();
    let mut notes: Vec<&str> = Vec::new();
    for q in lines {
        let cap = if q.capitalised {
            "  (added to the principal)"
        } else {
            ""
        };
        let mark = q.note.as_deref().map_or(String::new(), |note| {
            let n = notes.iter().position(|n| *n == note).unwrap_or_else(|| {
                notes.push(note);
                notes.len() - 1
            });
            format!("  [{}]", n + 1)
        });
        out.push_str(&format!(
            "  {} to {}  {:>4} days  {:>12} x {:>6}% = {:>10}{cap}{mark}\n",
            q.from, q.to, q.days, q.principal, q.rate, q.interest
        ));
    }
    for (i, note) in notes.iter().enumerate() {
        out.push_str(&format!("  [{}] {note}\n", i + 1));
    }
    out
}

/// What `explain` says about the rate of period `q` from `table`: provisional past the table's
/// end; else the source of each UNVERIFIED row, and the file and line of each user's row.
fn rate_note(q: &Period, table: &RateTable) -> Option<String> {
    if q.provisional {
        return Some(format!(
            "provisional: the table has no rate from {}, the last known rate is carried forward",
            table.provisional_from()
        ));
    }
    let rows = table.rows();
    let notes: Vec<String> = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            let end = rows.get(i + 1).map_or(table.provisional_from(), |n| n.from);
            r.from < q.to && q.from < end
        })
        .filter_map(|(_, r)| match (&r.file, r.status) {
            (Some(file), _) => Some(format!("rate of {} from {file} line {}", r.from, r.line)),
            (None, RateStatus::Unverified) => Some(format!("rate of {} UNVERIFIED, source: {}", r.from, r.source)),
            (None, _) => None,
        })
        .collect();
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// Money applied to the invoice (and taken back by reversals): how each amount was split
/// over costs, interest and principal, and what was owed after it.
fn money_story(book: &Book, plan: &Plan, id: InvoiceId) -> Vec<StoryLine> {
    let cur = book.invoice(id).amount.currency;
    // What was owed after each is kept for the invoice the plan details only.
    let owed_after = |n: usize| match plan.detail(id).and_then(|d| d.owed_after.get(n)) {
        Some(owed) => format!("; owed after: {} {cur}", cur.format(*owed)),
        None => String::new(),
    };
    plan.splits
        .iter()
        .filter(|s| s.invoice == id)
        .enumerate()
        .map(|(n, s)| {
            let pay = book.payment(s.source);
            let what = match &pay.credit_note {
                Some(n) => format!("credit note {n}"),
                None => format!("payment of {} received {}", pay.amount, pay.date),
            };
            let how = match s.via {
                Via::Line => "allocated by its `invoice:` line",
                Via::Automatic => "applied automatically",
                Via::Credit => "applied from the customer's credit",
                Via::Reversal => "taken back: the payment was reversed",
            };
            let parts = s.parts();
            let (amount, p) = match s.via {
                Via::Reversal => (-parts.total(), parts.negated()),
                _ => (parts.total(), parts),
            };
            let mut split = vec![format!("principal {}", cur.format(p.principal))];
            if !p.all_interest().is_zero() {
                split.push(format!("interest {}", cur.format(p.all_interest())));
            }
            if !p.costs.is_zero() {
                split.push(format!("costs {}", cur.format(p.costs)));
            }
            StoryLine {
                date: s.date,
                text: format!(
                    "{} {cur} of {what}, {how} ({}){}",
                    cur.format(amount),
                    split.join(", "),
                    owed_after(n)
                ),
            }
        })
        .collect()
}

/// Each installment of the invoice's arrangements whose deadline (date + grace) has passed:
/// met, or missed, which ends the arrangement's hold.
fn installment_story(book: &Book, plan: &Plan, id: InvoiceId, grace: crate::syntax::ast::Duration) -> Vec<StoryLine> {
    let as_of = plan.as_of;
    let mut out = Vec::new();
    for e in book.events.iter().filter(|e| e.date <= as_of) {
        let EventKind::Arrangement(i, installments) = &e.kind else {
            continue;
        };
        if *i != id {
            continue;
        }
        let mut owed = Decimal::ZERO;
        for inst in installments {
            owed += inst.amount.amount;
            let deadline = grace.after(inst.date).unwrap_or(inst.date);
            if deadline >= as_of {
                break;
            }
            let paid: Decimal = plan
                .splits
                .iter()
                .filter(|a| a.invoice == id && a.date >= e.date && a.date <= deadline)
                .map(|a| a.parts().total())
                .sum();
            let cur = inst.amount.currency;
            if paid < owed {
                let text = format!(
                    "installment of {} due {} missed: {} {cur} of {} {cur} paid by {deadline} (grace {grace}); the arrangement no longer holds escalation",
                    inst.amount, inst.date, cur.format(paid), cur.format(owed)
                );
                out.push(StoryLine { date: deadline, text });
                break;
            }
            out.push(StoryLine {
                date: deadline,
                text: format!("installment of {} due {} met", inst.amount, inst.date),
            });
        }
    }
    out
}

/// Holds, stages and closing entries.
fn event_story(book: &Book, as_of: NaiveDate, id: InvoiceId) -> Vec<StoryLine> {
    let quote = |t: &Option<String>| t.as_ref().map(|t| format!(": \"{t}\"")).unwrap_or_default();
    book.events
        .iter()
        .filter(|e| e.date <= as_of)
        .filter_map(|e| {
            let text = match &e.kind {
                EventKind::Dispute(i) if *i == id => format!("dispute opened{}", quote(&e.text)),
                EventKind::Resolved(i) if *i == id => format!("dispute resolved{}", quote(&e.text)),
                EventKind::Hold(i, until) if *i == id => {
                    format!(
                        "hold{}{}",
                        until.map(|u| format!(" until {u}")).unwrap_or_default(),
                        quote(&e.text)
                    )
                }
                EventKind::Release(i) if *i == id => format!("hold released{}", quote(&e.text)),
                EventKind::Promise(i, d) if *i == id => format!("promise to pay by {d}{}", quote(&e.text)),
                EventKind::Arrangement(i, plan) if *i == id => {
                    let parts: Vec<String> = plan.iter().map(|p| format!("{} on {}", p.amount, p.date)).collect();
                    format!("payment arrangement{}: {}", quote(&e.text), parts.join(", "))
                }
                EventKind::Writeoff(i) if *i == id => format!("written off{}", quote(&e.text)),
                EventKind::Handover(i) if *i == id => format!("handed over to a collection agency{}", quote(&e.text)),
                EventKind::Waive { invoice, what, amount } if *invoice == id => format!(
                    "{} waived{}",
                    match what {
                        crate::book::Waived::Costs => "costs",
                        crate::book::Waived::Interest => "interest",
                        crate::book::Waived::All => "costs and interest",
                    },
                    amount.map(|a| format!(": {a}")).unwrap_or_else(|| ": all of it".into()) + &quote(&e.text)
                ),
                EventKind::Sent {
                    stage,
                    invoices,
                    fees,
                    interest,
                    channel,
                    letter,
                    ..
                } if invoices.contains(&id) => {
                    let mut t = format!("stage `{stage}` sent");
                    if let Some(c) = channel {
                        t.push_str(&format!(" by {c}"));
                    }
                    for (what, list) in [("fee", fees), ("interest", interest)] {
                        let sum: Vec<String> = list
                            .iter()
                            .filter(|c| c.invoice.is_none_or(|i| i == id))
                            .map(|c| c.amount.to_string())
                            .collect();
                        if !sum.is_empty() {
                            t.push_str(&format!("; {what} claimed {}", sum.join(" + ")));
                        }
                    }
                    if let Some(l) = letter {
                        t.push_str(&format!(" ({l})"));
                    }
                    t
                }
                _ => return None,
            };
            Some(StoryLine { date: e.date, text })
        })
        .collect()
}

/// The first fee of the ladder not yet charged on this invoice, computed on its principal.
fn fee_story(
    book: &Book,
    policy: Option<&crate::rules::Policy>,
    p: &crate::plan::InvoicePlan,
    l: &crate::plan::Ledger,
) -> Vec<String> {
    let Some(policy) = policy else { return Vec::new() };
    if l.fees() > Decimal::ZERO {
        return vec![format!(
            "fees already claimed: {}; a fee is charged once per invoice",
            l.fees().round_dp(2)
        )];
    }
    let Some(stage) = policy.stages.iter().find(|s| s.fee.is_some()) else {
        return vec![format!("policy `{}` charges no fee", policy.name)];
    };
    let cur = book.invoice(p.invoice).amount.currency;
    let Some(rule) = &stage.fee else { return Vec::new() };
    match rule.compute(cur, &[l.principal]) {
        Ok(calc) => {
            let mut lines = vec![format!(
                "at stage `{}` ({}), on the principal of {} {cur}:",
                stage.name,
                rule.keyword(),
                cur.format(l.principal)
            )];
            lines.extend(calc.steps.iter().map(|s| format!("  {s}")));
            lines.push(format!("  fee: {} {cur}", cur.format(calc.total)));
            lines
        }
        Err(e) => vec![format!("at stage `{}`: {e}", stage.name)],
    }
}

/// Why the next stage is due when it is, or why there is none.
fn next_story(due: NaiveDate, p: &crate::plan::InvoicePlan, policy: Option<&crate::rules::Policy>) -> Vec<String> {
    if p.ready_for_handover {
        return vec!["the handover letter was sent: record the `handover` once the agency has the file".into()];
    }
    let Some(n) = &p.next else {
        let why = match (p.state, &p.hold, policy) {
            (crate::plan::State::Open, Some(_), _) => "no stage while on hold",
            (crate::plan::State::Open, None, None) => "no policy applies to this customer",
            (crate::plan::State::Open, None, Some(_)) => "the end of the ladder is reached",
            _ => "the invoice is closed",
        };
        return vec![why.to_string()];
    };
    let Some(stage) = policy.and_then(|pol| pol.stages.get(n.index as usize)) else {
        return Vec::new();
    };
    let by_after = stage.after.after(due).unwrap_or(due);
    let mut lines = vec![format!("next stage `{}` is due on {}", n.name, n.due)];
    lines.push(format!("  due date {due} + after {} = {by_after}", stage.after));
    if let Some((prev, sent)) = &p.stage {
        let by_wait = stage.wait.after(*sent).unwrap_or(*sent);
        lines.push(format!("  `{prev}` sent {sent} + wait {} = {by_wait}", stage.wait));
    }
    if let Some(by_statute) = n.statutory {
        lines.push(format!(
            "  the consumer's statutory waiting period before costs ends: costs from {by_statute} \
             (14 days from the presumed receipt of the letter that started it)"
        ));
    }
    lines.push(match n.reason {
        DueReason::After => "  the `after` rule decides (it is the latest date)".into(),
        DueReason::Wait => "  the `wait` rule decides (it is the latest date)".into(),
        DueReason::Statute => "  the statute decides (it is the latest date)".into(),
    });
    lines
}

/// The explanation as text.
pub fn render_text(e: &Explanation) -> String {
    let mut out = format!("Invoice {} to {}", e.number, e.customer);
    out.push_str(&match &e.policy {
        Some(p) => format!(", policy `{p}`\n\n"),
        None => ", no policy\n\n".into(),
    });
    for l in &e.story {
        out.push_str(&format!("{}  {}\n", l.date, l.text));
    }
    out.push_str(&format!("\nAs of {}:\n", e.as_of));
    for l in &e.now {
        out.push_str(&format!("  {l}\n"));
    }
    if let Some(s) = &e.interest_scheme {
        out.push_str(&format!("\nInterest ({s}), principal x rate x days / 365:\n"));
        out.push_str(&interest_text(&e.interest));
        if e.interest.is_empty() {
            out.push_str("  none accrued yet\n");
        }
    }
    if !e.fee.is_empty() {
        out.push_str("\nFee:\n");
        for l in &e.fee {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out.push_str("\nNext:\n");
    for l in &e.next {
        out.push_str(&format!("  {l}\n"));
    }
    out
}
