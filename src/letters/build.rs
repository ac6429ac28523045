//! Building a [`LetterContext`] from the model: `(&Book, &Rules, &Plan, &LetterPlan)`.
//!
//! Pure: no I/O, no clock. Amounts are rounded to the currency's minor unit here, once,
//! because the context is what the letter presents.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::context::*;
use crate::book::{Book, Customer, EventKind, Invoice, InvoiceId};
use crate::interest::InterestRule;
use crate::money::Currency;
use crate::plan::{policy_for, InvoicePlan, Plan};
use crate::rules::{Policy, Rules, Sender, Stage};
use crate::run::{LetterItem, LetterPlan};

/// The template of the Dutch consumer 14-day letter (art. 6:96 lid 6 BW).
pub const FOURTEEN_DAY_TEMPLATE: &str = "fourteen-day-letter";

impl LetterContext {
    /// The context of `letter`, as selected by [`crate::run::select`] from `plan`.
    pub fn build(book: &Book, rules: &Rules, plan: &Plan, letter: &LetterPlan) -> LetterContext {
        let cur = letter.currency;
        let customer = book.customer(letter.customer);
        let policy = rules.policy(&letter.policy).or_else(|| policy_for(rules, customer));
        let find = |id: InvoiceId| plan.invoice(id);
        let invoices: Vec<InvoiceContext> = letter
            .items
            .iter()
            .filter_map(|item| find(item.invoice).map(|p| invoice(book, rules, cur, p, Some(item))))
            .collect();
        let others: Vec<InvoiceContext> = letter
            .others
            .iter()
            .filter_map(|o| find(o.invoice).map(|p| invoice(book, rules, cur, p, None)))
            .collect();
        let totals = totals(cur, letter, &invoices, &others);
        let payment_reference = payment_reference(book, rules, letter);
        LetterContext {
            language: letter.language.clone(),
            date: letter.date.to_string(),
            currency: cur.code().to_string(),
            sender: rules.sender.as_ref().map(sender).unwrap_or_default(),
            customer: customer_context(customer),
            policy: policy_context(&letter.policy, policy),
            stage: stage_context(letter, policy),
            costs_if_unpaid: policy.and_then(|p| costs_if_unpaid(cur, p, letter, plan)),
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

/// The sender block as the context shows it.
pub fn sender(s: &Sender) -> SenderContext {
    let iban = s.iban.as_ref().map(|i| i.node.clone());
    SenderContext {
        name: s.name.clone(),
        address: s.address.clone(),
        email: s.email.clone(),
        phone: s.phone.clone(),
        iban_print: iban.as_deref().map(iban_print),
        iban,
        bic: s.bic.clone(),
        coc: s.coc.clone(),
        vat: s.vat.clone(),
        place: s.place.clone(),
        signature: s.signature.clone(),
        meta: s.meta.iter().cloned().collect::<BTreeMap<_, _>>(),
    }
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
    }
}

/// The policy's name and interest scheme.
pub fn policy_context(name: &str, policy: Option<&Policy>) -> PolicyContext {
    let rule = policy.and_then(|p| p.stages.iter().find_map(|s| s.interest.as_ref()));
    PolicyContext {
        name: name.to_string(),
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

fn stage_context(letter: &LetterPlan, policy: Option<&Policy>) -> StageContext {
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

/// One invoice; `item` is its line in the letter, `None` for the customer's other invoices.
fn invoice(book: &Book, rules: &Rules, cur: Currency, p: &InvoicePlan, item: Option<&LetterItem>) -> InvoiceContext {
    let inv = book.invoice(p.invoice);
    let (interest, fee) = item.map_or((Decimal::ZERO, Decimal::ZERO), |i| (i.interest, i.fee));
    let open = cur.round(p.ledger.principal);
    let fees_earlier = cur.round(p.ledger.fees_open);
    InvoiceContext {
        number: inv.number.to_string(),
        date: inv.date.to_string(),
        due: inv.due.to_string(),
        amount: cur.format(inv.amount.amount),
        open: cur.format(open),
        days_overdue: p.days_overdue,
        stage: match item {
            Some(i) => Some(i.stage.clone()),
            None => p.stage.as_ref().map(|s| s.0.clone()),
        },
        previous_stage: p.stage.as_ref().map(|s| s.0.clone()),
        previous_sent: p.stage.as_ref().map(|s| s.1.to_string()),
        interest: cur.format(interest),
        fee: cur.format(fee),
        fees_earlier: cur.format(fees_earlier),
        fees: cur.format(cur.round(fee) + fees_earlier),
        total: cur.format(open + cur.round(interest) + cur.round(fee) + fees_earlier),
        reference: reference(rules, inv),
        memo: inv.memo.as_deref().map(str::to_string),
        hold: p.hold.as_ref().map(|h| h.kind.as_str().to_string()),
    }
}

fn sum(cur: Currency, list: &[InvoiceContext], field: fn(&InvoiceContext) -> &str) -> Decimal {
    // The strings were written by `Currency::format` above, so they always parse.
    list.iter()
        .map(|i| field(i).parse::<Decimal>().unwrap_or_default())
        .map(|d| cur.round(d))
        .sum()
}

fn totals(cur: Currency, letter: &LetterPlan, invoices: &[InvoiceContext], others: &[InvoiceContext]) -> Totals {
    let principal = sum(cur, invoices, |i| &i.open);
    let interest = cur.round(letter.interest());
    let fees_new = cur.round(letter.fee());
    let fees_earlier = sum(cur, invoices, |i| &i.fees_earlier);
    Totals {
        principal: cur.format(principal),
        interest: cur.format(interest),
        fees_new: cur.format(fees_new),
        fees_earlier: cur.format(fees_earlier),
        fees: cur.format(fees_new + fees_earlier),
        total: cur.format(principal + interest + fees_new + fees_earlier),
        others_principal: cur.format(sum(cur, others, |i| &i.open)),
    }
}

/// The fee of the first later stage that names one, on the principal of the letter's
/// invoices that have not been charged a fee (fees are charged once per invoice).
fn costs_if_unpaid(cur: Currency, policy: &Policy, letter: &LetterPlan, plan: &Plan) -> Option<CostsIfUnpaid> {
    let (stage, rule) = policy
        .stages
        .iter()
        .skip(letter.stage_index + 1)
        .find_map(|s| s.fee.as_ref().map(|f| (s, f)))?;
    let principals: Vec<Decimal> = letter
        .items
        .iter()
        .filter(|i| i.fee.is_zero())
        .filter_map(|i| plan.invoice(i.invoice))
        .filter(|p| p.ledger.fees.is_zero())
        .map(|p| p.ledger.principal)
        .collect();
    if principals.is_empty() {
        return None;
    }
    let calc = rule.compute(cur, &principals).ok()?;
    Some(CostsIfUnpaid {
        amount: cur.format(calc.total),
        principal: cur.format(principals.iter().sum()),
        stage: stage.name.clone(),
        fee: rule.keyword().to_string(),
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
fn payment_reference(book: &Book, rules: &Rules, letter: &LetterPlan) -> String {
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
fn notes(book: &Book, letter: &LetterPlan) -> Vec<NoteContext> {
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
