//! Sample contexts for checking templates without a journal: strict mode can only catch a
//! misspelt name on a path the renderer takes, so `dun check` renders every template twice,
//! once with every optional value, list entry and flag present ([`sample`] with `full`) and
//! once with them all absent, which together take both sides of every `if` and `each`.
//! The full sample is also the example context in `docs/templates.md`.

use std::collections::BTreeMap;

use super::compose::{policy_context, sender};
use super::context::*;
use crate::rules::Rules;

fn some(s: &str, full: bool) -> Option<String> {
    full.then(|| s.to_string())
}

fn invoice(number: &str, full: bool) -> InvoiceContext {
    InvoiceContext {
        number: number.into(),
        date: "2026-09-01".into(),
        due: "2026-10-01".into(),
        amount: "1210.00".into(),
        open: "1210.00".into(),
        days_overdue: 53,
        stage: some("notice", full),
        previous_stage: some("second", full),
        previous_sent: some("2026-11-02", full),
        interest: "18.30".into(),
        fee: "181.50".into(),
        fees_earlier: "0.00".into(),
        fees: "181.50".into(),
        total: "1409.80".into(),
        reference: some("RF18539007547034", full),
        memo: some("Website redesign", full),
        hold: some("dispute", full),
        default_date: "2026-10-02".into(),
        interest_periods: if full { periods() } else { Vec::new() },
        reminded: full,
        fourteen_day_sent: full,
        costs_claimed: full,
        why: some("later", full),
        next_due: some("2026-12-07", full),
    }
}

fn periods() -> Vec<InterestPeriod> {
    vec![InterestPeriod {
        from: "2026-10-02".into(),
        to: "2026-12-07".into(),
        days: 67,
        rate: "8.00".into(),
        principal: "1210.00".into(),
        interest: "17.77".into(),
        provisional: true,
    }]
}

fn sample_sender(full: bool) -> SenderContext {
    let mut meta = BTreeMap::new();
    if full {
        meta.insert("x-web".to_string(), "https://studiovos.example".to_string());
    }
    SenderContext {
        name: "Studio Vos".into(),
        address: vec!["Prinsengracht 100".into(), "1015 EA Amsterdam".into()],
        email: some("facturen@studiovos.example", full),
        phone: some("+31 20 123 4567", full),
        iban: some("NL91ABNA0417164300", full),
        iban_print: some("NL91 ABNA 0417 1643 00", full),
        bic: some("ABNANL2A", full),
        coc: some("12345678", full),
        vat: some("NL123456789B01", full),
        country: some("NL", full),
        coc_label: "KvK-nummer".into(),
        place: some("Amsterdam", full),
        signature: some("Eva Vos", full),
        meta,
    }
}

/// The rules' own sender (so that `sender.meta` lookups are checked against its real `x-`
/// fields), with every optional field filled in (`full`) or emptied.
fn rules_sender(rules: Option<&Rules>, full: bool) -> SenderContext {
    let sample = sample_sender(full);
    let Some(real) = rules.and_then(|r| r.sender.as_ref()).map(|s| sender(s, "nl")) else {
        return sample;
    };
    let pick = |real: Option<String>, sample: Option<String>| if full { real.or(sample) } else { None };
    SenderContext {
        email: pick(real.email, sample.email),
        phone: pick(real.phone, sample.phone),
        iban: pick(real.iban, sample.iban),
        iban_print: pick(real.iban_print, sample.iban_print),
        bic: pick(real.bic, sample.bic),
        coc: pick(real.coc, sample.coc),
        vat: pick(real.vat, sample.vat),
        country: pick(real.country, sample.country),
        place: pick(real.place, sample.place),
        signature: pick(real.signature, sample.signature),
        ..real
    }
}

fn customer(full: bool) -> CustomerContext {
    let emails: Vec<String> = if full {
        vec!["billing@acme.example".into()]
    } else {
        Vec::new()
    };
    CustomerContext {
        id: "acme".into(),
        name: "ACME B.V.".into(),
        kind: some("business", full),
        address: if full {
            vec!["Keizersgracht 1".into(), "1015 AA Amsterdam".into()]
        } else {
            Vec::new()
        },
        email: emails.first().cloned(),
        emails,
        country: some("NL", full),
        language: some("nl", full),
        vat: some("NL123456789B01", full),
        number: some("K-00123", full),
    }
}

fn stage(template: &str, full: bool) -> StageContext {
    StageContext {
        name: "notice".into(),
        template: template.into(),
        index: 3,
        number: 4,
        first: full,
        last: full,
        handover: full,
        required: full,
        fourteen_day: full,
        fee: some("wik", full),
        interest: some("nl-commercial", full),
    }
}

/// A sample context for `template` in `language`: with every optional value present
/// (`full`), or with every one absent. The sender is the rules' own when they have one.
pub fn sample(rules: Option<&Rules>, language: &str, template: &str, full: bool) -> LetterContext {
    let invoices = if full {
        vec![invoice("2026-103", full), invoice("2026-115", full)]
    } else {
        vec![invoice("2026-103", full)]
    };
    let others = if full {
        vec![invoice("2026-128", full)]
    } else {
        Vec::new()
    };
    let mut policy = policy_context("business", None);
    if full {
        policy.interest = Some("fixed".into());
        policy.interest_rate = Some("8".into());
    }
    LetterContext {
        language: language.into(),
        date: "2026-11-23".into(),
        currency: "EUR".into(),
        sender: rules_sender(rules, full),
        customer: customer(full),
        policy,
        stage: stage(template, full),
        invoices,
        others,
        totals: totals(),
        every: EveryContext {
            reminded: full,
            fourteen_day_sent: full,
            costs_claimed: full,
        },
        costs: full.then(|| CostsContext {
            amount: "363.00".into(),
            principal: "2420.00".into(),
            fee: "wik".into(),
            basis: "wik".into(),
            vat_rate: None,
            vat: None,
        }),
        costs_if_unpaid: full.then(|| CostsIfUnpaid {
            amount: "439.23".into(),
            principal: "2420.00".into(),
            stage: "notice".into(),
            fee: "wik".into(),
            basis: "wik".into(),
            vat_rate: Some("21".into()),
            vat: Some("76.23".into()),
        }),
        pay_by: "2026-12-07".into(),
        deadline: "2026-12-07".into(),
        payment_reference: "2026-103, 2026-115".into(),
        payment: payment(full),
        invoice_numbers: "2026-103, 2026-115".into(),
        invoice_count: if full { 2 } else { 1 },
        notes: if full { notes() } else { Vec::new() },
        fee_steps: if full {
            vec!["wik on 2420.00: 15% of 2420.00 = 363.00".into()]
        } else {
            Vec::new()
        },
    }
}

/// The payment details; the full sample's QR code is a placeholder image (the real one is
/// several kilobytes, which `docs/templates.md` shows as its example context).
fn payment(full: bool) -> PaymentContext {
    let payload = "BCD\n002\n1\nSCT\nABNANL2A\nStudio Vos\nNL91ABNA0417164300\nEUR2819.60\n\n\n2026-103, 2026-115";
    PaymentContext {
        reference: "2026-103, 2026-115".into(),
        qr_svg: some(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 45 45\">...</svg>",
            full,
        ),
        qr_payload: some(payload, full),
        qr_version: full.then_some(7),
        qr_missing: some("the sender has no `iban:`", !full),
    }
}

fn totals() -> Totals {
    Totals {
        principal: "2420.00".into(),
        interest: "36.60".into(),
        fees_new: "363.00".into(),
        fees_earlier: "0.00".into(),
        fees: "363.00".into(),
        total: "2819.60".into(),
        others_principal: "1210.00".into(),
        others_fees: "0.00".into(),
    }
}

fn notes() -> Vec<NoteContext> {
    vec![NoteContext {
        date: "2026-11-10".into(),
        text: Some("Called; promised to pay Friday".into()),
        memo: Some("spoke to Bas".into()),
    }]
}
