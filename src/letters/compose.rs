//! Building a [`LetterContext`] from the model: `(&Book, &Rules, &Plan, &DueLetter)`.
//!
//! Pure: no I/O, no clock. Amounts are rounded to the currency's minor unit here, once,
//! because the context is what the letter presents.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::context::*;
use super::helpers::Locale;
use super::history::{self, Earlier, FOURTEEN_DAY_TEMPLATE};
use super::{costs, deadline};
use crate::book::{Book, Customer, EventKind, Invoice, InvoiceId};
use crate::due::{open_parts, DueLetter, LetterItem};
use crate::fees::FeeRule;
use crate::interest::InterestRule;
use crate::money::Currency;
use crate::plan::{policy_for, InvoicePlan, Ledger, Plan};
use crate::rules::{Policy, Rules, Sender, Stage};

impl LetterContext {
    /// The context of `letter`, as selected by [`crate::due::select`] from `plan`; `rates`
    /// give the interest periods behind the interest it asks.
    pub fn build(book: &Book, rules: &Rules, plan: &Plan, letter: &DueLetter) -> LetterContext {
        let cur = letter.currency;
        let customer = book.customer(letter.customer);
        let policy = rules.policy(&letter.policy).or_else(|| policy_for(rules, customer));
        let find = |id: InvoiceId| plan.invoice(id).map(|p| (p, plan.ledger(id)));
        let invoices: Vec<InvoiceContext> = letter
            .items
            .iter()
            .filter_map(|item| {
                let (p, l) = find(item.invoice)?;
                let mut ctx = invoice(book, rules, cur, (p, l), Some(item));
                let earlier = history::earlier(book, policy, item.invoice, letter.date);
                with_history(&mut ctx, l, earlier);
                if !item.interest.is_zero() {
                    ctx.interest_periods = history::merged(cur, &item.periods);
                }
                Some(ctx)
            })
            .collect();
        // Each other invoice with the reason the selection gave for leaving it out.
        let others: Vec<InvoiceContext> = letter
            .others
            .iter()
            .filter_map(|o| {
                let (p, l) = find(o.invoice)?;
                let mut ctx = invoice(book, rules, cur, (p, l), None);
                ctx.why = Some(o.why.code().to_string());
                ctx.next_due = match &o.why {
                    crate::due::Why::Later { due, .. } => Some(due.to_string()),
                    _ => p.next.as_ref().map(|n| n.due.to_string()),
                };
                Some(ctx)
            })
            .collect();
        let totals = totals(cur, letter, plan);
        let payment_reference = payment_reference(book, rules, letter);
        let sender = rules
            .sender
            .as_ref()
            .map(|s| sender(s, &letter.language))
            .unwrap_or_else(|| no_sender(&letter.language));
        let law = law_country(policy, sender.country.as_deref());
        let costs_if_unpaid = policy.and_then(|p| costs_if_unpaid(cur, p, letter, plan, law));
        LetterContext {
            language: letter.language.clone(),
            date: letter.date.to_string(),
            currency: cur.code().to_string(),
            customer: customer_context(customer),
            policy: policy_context(&letter.policy, policy),
            stage: stage_context(letter, policy),
            every: every(&invoices),
            costs: policy.and_then(|p| letter_costs(cur, p, letter, plan, law)),
            deadline: deadline(letter, costs_if_unpaid.as_ref()).to_string(),
            costs_if_unpaid,
            sender,
            pay_by: letter.pay_by.to_string(),
            payment: super::payment::payment(rules.sender.as_ref(), cur, &totals.total, &payment_reference),
            payment_reference,
            invoice_numbers: invoices
                .iter()
                .map(|i| i.number.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            invoice_count: invoices.len(),
            notes: notes(book, letter),
            fee_steps: letter.fee_steps.clone(),
            invoices,
            others,
            totals,
        }
    }
}

/// The sender block as the context shows it, for a letter in `language`.
pub fn sender(s: &Sender, language: &str) -> SenderContext {
    let iban = s.iban.as_ref().map(|i| i.node.clone());
    let country = costs::sender_country(s.vat.as_deref(), iban.as_deref());
    SenderContext {
        coc_label: costs::coc_label(country.as_deref(), Locale::of(language)),
        country,
        name: s.name.clone(),
        address: s.address.clone(),
        email: s.email.clone(),
        phone: s.phone.clone(),
        iban_print: iban.as_deref().map(crate::iban::print),
        iban,
        bic: s.bic.clone(),
        coc: s.coc.clone(),
        vat: s.vat.clone(),
        place: s.place.clone(),
        signature: s.signature.clone(),
        meta: s.meta.iter().cloned().collect::<BTreeMap<_, _>>(),
    }
}

/// The context of rules without a `sender` block.
fn no_sender(language: &str) -> SenderContext {
    SenderContext {
        coc_label: costs::coc_label(None, Locale::of(language)),
        ..SenderContext::default()
    }
}

/// The flags of an invoice in the letter: its earlier letters and claims.
fn with_history(ctx: &mut InvoiceContext, l: &Ledger, earlier: Earlier) {
    ctx.reminded = earlier.reminded;
    ctx.fourteen_day_sent = earlier.fourteen_day;
    ctx.costs_claimed = l.costs_claimed || !l.fees().is_zero();
}

/// What is true of every invoice in the letter.
fn every(invoices: &[InvoiceContext]) -> EveryContext {
    let all = |f: fn(&InvoiceContext) -> bool| !invoices.is_empty() && invoices.iter().all(f);
    EveryContext {
        reminded: all(|i| i.reminded),
        fourteen_day_sent: all(|i| i.fourteen_day_sent),
        costs_claimed: all(|i| i.costs_claimed),
    }
}

/// The letter's one deadline: its pay-by date, or the end of the Belgian consumer term when
/// the costs it announces are Book XIX damages and that term ends later.
fn deadline(letter: &DueLetter, announced: Option<&CostsIfUnpaid>) -> NaiveDate {
    match announced.filter(|c| c.fee == "be-consumer") {
        Some(_) => letter.pay_by.max(deadline::be_consumer_term_end(letter.date)),
        None => letter.pay_by,
    }
}

/// The costs the letter charges: the fee rule of its invoices' stages (one rule, else the
/// basis is unknown and no basis is given), the principal, and the VAT included.
fn letter_costs(
    cur: Currency,
    policy: &Policy,
    letter: &DueLetter,
    plan: &Plan,
    country: Option<&str>,
) -> Option<CostsContext> {
    let charged: Vec<_> = letter.items.iter().filter(|i| !i.fee.is_zero()).collect();
    let amount: Decimal = charged.iter().map(|i| i.fee).sum();
    if amount.is_zero() {
        return None;
    }
    let mut rules: Vec<&FeeRule> = charged
        .iter()
        .filter_map(|i| policy.stages.get(i.stage_index)?.fee.as_ref())
        .collect();
    rules.dedup();
    let principals: Vec<Decimal> = charged
        .iter()
        .filter_map(|i| plan.issued_ledger(i.invoice))
        .map(|l| l.principal)
        .collect();
    let single = match rules.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let vat = single.and_then(|r| costs::vat(r, cur, amount, &principals));
    Some(CostsContext {
        amount: cur.format(cur.round(amount)),
        principal: cur.format(principals.iter().sum()),
        fee: single.map_or("mixed", |r| r.keyword()).to_string(),
        basis: single.map_or_else(|| "mixed".to_string(), |r| costs::basis(r, country)),
        vat_rate: vat.as_ref().map(|v| v.0.clone()),
        vat: vat.map(|v| v.1),
    })
}

fn customer_context(c: &Customer) -> CustomerContext {
    CustomerContext {
        id: c.id.to_string(),
        name: c.name.clone(),
        kind: c.kind.map(|k| k.as_str().to_string()),
        address: c.address.clone(),
        email: c.emails.first().cloned(),
        emails: c.emails.clone(),
        country: c.country.clone(),
        language: c.language.clone(),
        vat: c.vat.clone(),
        number: c.number.clone(),
    }
}

/// The policy's name and interest scheme.
pub fn policy_context(name: &str, policy: Option<&Policy>) -> PolicyContext {
    let rule = policy.and_then(|p| p.stages.iter().find_map(|s| s.interest.as_ref()));
    let fee = policy.and_then(|p| p.stages.iter().find_map(|s| s.fee.as_ref()));
    PolicyContext {
        name: name.to_string(),
        fee: fee.map(|f| f.keyword().to_string()),
        interest: rule.map(interest_name),
        interest_rate: match rule {
            Some(InterestRule::Fixed { rate, .. }) => Some(rate.normalize().to_string()),
            _ => None,
        },
    }
}

fn interest_name(rule: &InterestRule) -> String {
    match rule {
        InterestRule::Fixed { .. } => "fixed".to_string(),
        InterestRule::Statutory(s) => s.keyword().to_string(),
    }
}

fn stage_context(letter: &DueLetter, policy: Option<&Policy>) -> StageContext {
    let stage: Option<&Stage> = policy.and_then(|p| p.stages.get(letter.stage_index));
    let count = policy.map_or(0, |p| p.stages.len());
    StageContext {
        name: letter.stage.clone(),
        template: letter.template.clone(),
        index: letter.stage_index,
        number: letter.stage_index + 1,
        first: letter.stage_index == 0,
        last: letter.stage_index + 1 >= count,
        handover: letter.handover,
        required: stage.is_some_and(|s| s.required),
        fourteen_day: letter.template == FOURTEEN_DAY_TEMPLATE,
        fee: stage.and_then(|s| s.fee.as_ref()).map(|f| f.keyword().to_string()),
        interest: stage.and_then(|s| s.interest.as_ref()).map(interest_name),
    }
}

/// One invoice, its plan with its ledger; `item` is its line in the letter, `None` for the
/// customer's other invoices.
fn invoice(
    book: &Book,
    rules: &Rules,
    cur: Currency,
    (p, l): (&InvoicePlan, &Ledger),
    item: Option<&LetterItem>,
) -> InvoiceContext {
    let inv = book.invoice(p.invoice);
    let (interest, fee) = item.map_or((Decimal::ZERO, Decimal::ZERO), |i| (i.interest, i.fee));
    let open = cur.round(l.principal);
    let fees_earlier = cur.round(l.fees_open());
    InvoiceContext {
        number: inv.number.to_string(),
        date: inv.date.to_string(),
        due: inv.due.to_string(),
        amount: cur.format(inv.amount.amount),
        open: cur.format(open),
        days_overdue: p.days_overdue,
        stage: match item {
            Some(i) => Some(i.stage.clone()),
            None => p.stage.as_ref().map(|s| s.0.to_string()),
        },
        previous_stage: p.stage.as_ref().map(|s| s.0.to_string()),
        previous_sent: p.stage.as_ref().map(|s| s.1.to_string()),
        interest: cur.format(interest),
        fee: cur.format(fee),
        fees_earlier: cur.format(fees_earlier),
        fees: cur.format(cur.round(fee) + fees_earlier),
        total: cur.format(open + cur.round(interest) + cur.round(fee) + fees_earlier),
        reference: reference(rules, inv),
        memo: inv.memo.as_deref().map(str::to_string),
        hold: p.hold.as_ref().map(|h| h.kind.as_str().to_string()),
        default_date: inv.due.succ_opt().unwrap_or(inv.due).to_string(),
        interest_periods: Vec::new(),
        reminded: false,
        fourteen_day_sent: false,
        costs_claimed: false,
        why: None,
        next_due: None,
    }
}

fn totals(cur: Currency, letter: &DueLetter, plan: &Plan) -> Totals {
    let (principal, fees_earlier) = open_parts(plan, cur, letter.items.iter().map(|i| i.invoice));
    let (others_principal, others_fees) = open_parts(plan, cur, letter.others.iter().map(|o| o.invoice));
    let interest = cur.round(letter.interest());
    let fees_new = cur.round(letter.fee());
    Totals {
        principal: cur.format(principal),
        interest: cur.format(interest),
        fees_new: cur.format(fees_new),
        fees_earlier: cur.format(fees_earlier),
        fees: cur.format(fees_new + fees_earlier),
        total: cur.format(letter.total(plan)),
        others_principal: cur.format(others_principal),
        others_fees: cur.format(others_fees),
    }
}

/// The fee of the first later stage that names one, on the principal of the letter's
/// invoices that have not been charged a fee (fees are charged once per invoice).
/// The country whose law the letter's costs are claimed under: that of the policy's
/// statutory interest scheme (a `be-commercial` ladder claims the EUR 40 under the Belgian
/// law of 2 August 2002, so the letter cites one law throughout), else the sender's.
fn law_country<'a>(policy: Option<&Policy>, sender: Option<&'a str>) -> Option<&'a str> {
    use crate::interest::Scheme;
    match crate::plan::Ledger::interest_scheme(policy) {
        Some(Scheme::NlCommercial | Scheme::NlStatutory) => Some("NL"),
        Some(Scheme::BeCommercial) => Some("BE"),
        Some(Scheme::DeCommercial | Scheme::DeConsumer) => Some("DE"),
        None => sender,
    }
}

fn costs_if_unpaid(
    cur: Currency,
    policy: &Policy,
    letter: &DueLetter,
    plan: &Plan,
    country: Option<&str>,
) -> Option<CostsIfUnpaid> {
    let (stage, rule) = policy
        .stages
        .iter()
        .skip(letter.stage_index + 1)
        .find_map(|s| s.fee.as_ref().map(|f| (s, f)))?;
    let principals: Vec<Decimal> = letter
        .items
        .iter()
        .filter(|i| i.fee.is_zero())
        .filter_map(|i| plan.issued_ledger(i.invoice))
        .filter(|l| l.fees().is_zero())
        .map(|l| l.principal)
        .collect();
    if principals.is_empty() {
        return None;
    }
    let calc = rule.compute(cur, &principals).ok()?;
    let vat = costs::vat(rule, cur, calc.total, &principals);
    Some(CostsIfUnpaid {
        amount: cur.format(calc.total),
        principal: cur.format(principals.iter().sum()),
        stage: stage.name.clone(),
        fee: rule.keyword().to_string(),
        basis: costs::basis(rule, country),
        vat_rate: vat.as_ref().map(|v| v.0.clone()),
        vat: vat.map(|v| v.1),
    })
}

/// The invoice's `ref:`, else the reference the rules' `reference` setting derives from its
/// number (see [`crate::payref::Kind::for_invoice`]), else `None`.
pub fn reference(rules: &Rules, inv: &Invoice) -> Option<String> {
    inv.reference
        .as_deref()
        .map(str::to_string)
        .or_else(|| rules.reference.map(|k| k.node.for_invoice(&inv.number)))
}

/// The single invoice's reference (see [`reference`]), else the invoice numbers joined with `, `.
fn payment_reference(book: &Book, rules: &Rules, letter: &DueLetter) -> String {
    if let [only] = letter.items.as_slice() {
        let inv = book.invoice(only.invoice);
        return reference(rules, inv).unwrap_or_else(|| inv.number.to_string());
    }
    letter
        .items
        .iter()
        .map(|i| book.invoice(i.invoice).number.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The customer's notes dated on or before the letter, newest first.
fn notes(book: &Book, letter: &DueLetter) -> Vec<NoteContext> {
    let mut notes: Vec<NoteContext> = book
        .events
        .iter()
        .filter(|e| e.date <= letter.date && e.kind == EventKind::Note(letter.customer))
        .map(|e| NoteContext {
            date: e.date.to_string(),
            text: e.text.clone(),
            memo: e.memo.clone(),
        })
        .collect();
    notes.reverse();
    notes
}
