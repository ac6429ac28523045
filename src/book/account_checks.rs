//! Model checks of what bank statements bring into the journal: bank ids, reversals,
//! unmatched money, and the customer fields they are matched on. None needs the
//! evaluation; each is listed in [`super::checks::CHECKS`].

use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

use super::{Book, PaymentId};
use crate::diag::{Code, Diagnostic};
use crate::money::Currency;
use crate::source::Span;

/// E075: a bank id names one bank line; seen twice, the line was imported twice.
pub(super) fn duplicate_bank_ids(book: &Book) -> Vec<Diagnostic> {
    let payments = book.payments.iter().map(|p| (p.bank_id(), p.bank_id_span(), p.span));
    let unmatched = book
        .unmatched
        .iter()
        .map(|u| (u.bank_id.as_deref(), u.bank_id_span, u.span));
    let mut first: HashMap<&str, Span> = HashMap::default();
    let mut out = Vec::new();
    for (id, span, head) in payments.chain(unmatched) {
        let Some(id) = id else { continue };
        let span = span.unwrap_or(head);
        match first.get(id) {
            None => {
                first.insert(id, span);
            }
            Some(&earlier) => out.push(
                Diagnostic::new(Code::DuplicateBankId, format!("bank id `{id}` is recorded twice"))
                    .at(span)
                    .label("recorded again here")
                    .related(earlier, "first recorded here")
                    .help("the same bank line was imported twice: remove one of the two entries"),
            ),
        }
    }
    out
}

/// E077: only money going back undoes a payment.
pub(super) fn reverses_on_positive(book: &Book) -> Vec<Diagnostic> {
    book.payments
        .iter()
        .filter(|p| p.amount.amount > Decimal::ZERO)
        .filter_map(|p| p.reverses_span().map(|span| (p, span)))
        .map(|(p, span)| {
            Diagnostic::new(Code::ReversesPositive, "`reverses:` on money received")
                .at(span)
                .label("this payment is not negative")
                .related(p.span, "the payment")
                .help("a reversal is a `payment` with a negative amount: write the amount that went back with a minus sign")
        })
        .collect()
}

/// E078: money going back restores claims through `reverses:` or pays out credit; it is
/// never allocated to invoices.
pub(super) fn negative_with_invoices(book: &Book) -> Vec<Diagnostic> {
    book.payments
        .iter()
        .filter(|p| p.amount.amount < Decimal::ZERO)
        .filter_map(|p| book.allocations_of(p).first().map(|a| (p, a.2)))
        .map(|(p, span)| {
            Diagnostic::new(Code::NegativeAllocated, "a negative payment with `invoice:` lines")
                .at(span)
                .label("money going back is not allocated to invoices")
                .related(p.span, "the payment")
                .help("with `reverses:` it reopens what the earlier payment settled; without, it pays out credit: remove the `invoice:` lines")
        })
        .collect()
}

/// E079: a reversal comes after what it reverses, and all reversals of one payment
/// together undo at most that payment.
pub(super) fn reversals_fit(book: &Book) -> Vec<Diagnostic> {
    let mut undone: HashMap<PaymentId, Decimal> = HashMap::default();
    let mut out = Vec::new();
    for p in &book.payments {
        let Some(target) = p.reverses() else { continue };
        let original = book.payment(target);
        let span = p.reverses_span().unwrap_or(p.span);
        if p.date < original.date {
            out.push(
                Diagnostic::new(
                    Code::ReversalMismatch,
                    format!("a reversal dated {} of a payment dated {}", p.date, original.date),
                )
                .at(span)
                .label("reverses a later payment")
                .related(original.span, "the payment it reverses")
                .help("money goes back after it came in: check both dates"),
            );
        }
        let total = undone.entry(target).or_default();
        *total += -p.amount.amount.min(Decimal::ZERO);
        if *total > original.amount.amount {
            let cur = original.amount.currency;
            out.push(
                Diagnostic::new(
                    Code::ReversalMismatch,
                    format!(
                        "reversals of {} {cur} undo a payment of {} {cur}",
                        cur.format(*total),
                        cur.format(original.amount.amount)
                    ),
                )
                .at(span)
                .label("reverses more than was paid")
                .related(original.span, "the payment it reverses")
                .help("a reversal undoes at most the payment it names; a refund of credit has no `reverses:`"),
            );
        }
    }
    out
}

/// W080: money waiting in an `unmatched` entry is on no customer's account yet.
pub(super) fn unmatched_waiting(book: &Book) -> Vec<Diagnostic> {
    book.unmatched
        .iter()
        .map(|u| {
            let cur = u.amount.currency;
            let from = u
                .name
                .as_deref()
                .or(u.iban.as_deref())
                .map_or(String::new(), |n| format!(" from {n}"));
            Diagnostic::new(
                Code::UnmatchedMoney,
                format!("{} {cur}{from} is not placed yet", cur.format(u.amount.amount)),
            )
            .at(u.span)
            .label("unmatched money")
            .help("find whose money it is and edit the entry into a `payment` of that customer")
        })
        .collect()
}

/// E059: an account a customer pays from must be a real IBAN, or imports match nothing.
pub(super) fn customer_ibans(book: &Book) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &book.customers {
        for (iban, span) in c.ibans.iter().zip(&c.iban_spans) {
            if let Err(problem) = crate::iban::normalize_iban(iban) {
                out.push(
                    Diagnostic::new(Code::BadIban, format!("invalid IBAN `{iban}` of customer `{}`", c.id))
                        .at(*span)
                        .label(problem)
                        .help("copy the IBAN from a bank statement; e.g. NL91ABNA0417164300 or NL91 ABNA 0417 1643 00"),
                );
            }
        }
    }
    out
}

/// W100: an account listed by several customers decides nothing on import (which of them
/// paid?), so money from it is matched only by reference or invoice number, else unmatched.
pub(super) fn shared_ibans(book: &Book) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, (usize, Span)> = HashMap::default();
    let mut out = Vec::new();
    for (i, c) in book.customers.iter().enumerate() {
        for (iban, span) in c.ibans.iter().zip(&c.iban_spans) {
            match first.get(iban.as_str()) {
                None => {
                    first.insert(iban.as_str(), (i, *span));
                }
                Some(&(j, _)) if j == i => {}
                Some(&(j, earlier)) => out.push(
                    Diagnostic::new(
                        Code::SharedIban,
                        format!(
                            "customers `{}` and `{}` both list the account {iban}",
                            book.customers[j].id, c.id
                        ),
                    )
                    .at(*span)
                    .label("listed again here")
                    .related(earlier, "first listed here")
                    .help("`dun import` cannot tell from this account alone who paid: payments from it are matched by reference or invoice number, else recorded as `unmatched`"),
                ),
            }
        }
    }
    out
}

/// W081: exposure is counted per currency, so a limit in a currency the customer is never
/// invoiced in never applies.
pub(super) fn credit_limit_currency(book: &Book) -> Vec<Diagnostic> {
    let limits: Vec<Option<Currency>> = book
        .customers
        .iter()
        .map(|c| c.credit_limit.map(|l| l.currency))
        .collect();
    if limits.iter().all(Option::is_none) {
        return Vec::new();
    }
    // Per customer: invoiced at all, and invoiced in the limit's currency. One pass over
    // the invoices by index: a set of every (customer, currency) pair was most of the checks.
    let mut seen = vec![(false, false); limits.len()];
    for i in &book.invoices {
        let c = i.customer.0 as usize;
        if let Some(s) = seen.get_mut(c) {
            s.0 = true;
            s.1 |= limits[c] == Some(i.amount.currency);
        }
    }
    book.customers
        .iter()
        .zip(seen)
        .filter(|(_, (invoiced, in_currency))| *invoiced && !in_currency)
        .filter_map(|(c, _)| Some((c, c.credit_limit?)))
        .map(|(c, limit)| {
            Diagnostic::new(
                Code::CreditLimitCurrency,
                format!(
                    "credit limit in {}, but no invoice of `{}` is in {}",
                    limit.currency, c.id, limit.currency
                ),
            )
            .at(c.credit_limit_span.unwrap_or(c.span))
            .label("never applies")
            .help("write the limit in the currency the customer is invoiced in")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::book::{build, checks, Book, BuildOptions, EventKind, MatchedBy, PaymentId, Waived};
    use crate::diag::{Code, Diagnostic};
    use crate::source::FileId;

    const CUSTOMERS: &str = "customer a \"A\"\n  kind: business\n  iban: NL91 abna 0417 1643 00\n\
                             customer b \"B\"\n  kind: business\n\
                             2026-01-01 invoice I1 a 100.00 EUR\n";

    /// The book of `CUSTOMERS` + `entries`, and every problem of building and checking it.
    fn checked(entries: &str) -> (Book, Vec<Diagnostic>) {
        let text = format!("{CUSTOMERS}{entries}");
        let parsed = crate::syntax::parse_journal(FileId(0), &text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let (book, mut diags) = build(vec![parsed], BuildOptions::default());
        diags.extend(checks::run(&book));
        (book, diags)
    }

    fn codes(diags: &[Diagnostic]) -> Vec<Code> {
        diags.iter().map(|d| d.code).collect()
    }

    #[test]
    fn the_model_keeps_the_new_fields() {
        let (book, diags) = checked(
            "2026-02-01 payment a 100.00 EUR\n  bank-id: \"X1\"\n  iban: nl91 ABNA 0417 1643 00\n  matched-by: iban\n\
             2026-02-05 payment a -100.00 EUR\n  reverses: X1\n\
             2026-02-06 waive I1 costs 5.00 EUR \"why\"\n\
             2026-02-07 unmatched 3.00 EUR\n  name: \"N\"\n  memo: m\n",
        );
        assert_eq!(codes(&diags), [Code::UnmatchedMoney]);
        let c = &book.customers[0];
        assert_eq!(c.ibans, ["NL91ABNA0417164300"]);
        assert_eq!(book.payments[0].iban(), Some("NL91ABNA0417164300"));
        assert_eq!(book.payments[0].matched_by(), Some(MatchedBy::Iban));
        assert_eq!(book.payments[1].reverses(), Some(PaymentId(0)));
        let waive = &book.events[0];
        assert!(matches!(
            waive.kind,
            EventKind::Waive {
                what: Waived::Costs,
                amount: Some(_),
                ..
            }
        ));
        assert_eq!(waive.invoice(), book.invoice_id("I1"));
        assert_eq!(waive.text.as_deref(), Some("why"));
        let u = &book.unmatched[0];
        assert_eq!((u.name.as_deref(), u.memo.as_deref()), (Some("N"), Some("m")));
    }

    #[test]
    fn a_reference_naming_several_payments_takes_the_one_before_the_reversal() {
        let (book, diags) = checked(
            "2026-02-01 payment a 10.00 EUR\n  ref: R\n\
             2026-03-01 payment a -10.00 EUR\n  reverses: R\n\
             2026-04-01 payment a 10.00 EUR\n  ref: R\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(book.payments[1].reverses(), Some(PaymentId(0)));
        let (_, diags) = checked(
            "2026-02-01 payment a 10.00 EUR\n  ref: R\n\
             2026-02-02 payment a 10.00 EUR\n  ref: R\n\
             2026-03-01 payment a -10.00 EUR\n  reverses: R\n",
        );
        assert_eq!(codes(&diags), [Code::UnknownReversal]);
    }

    #[test]
    fn a_reversal_undoes_only_its_customers_money_in_its_currency() {
        for other in ["payment b 10.00 EUR", "payment a 10.00 USD", "credit C1 a 10.00 EUR"] {
            let (book, diags) = checked(&format!(
                "2026-02-01 {other}\n  ref: R\n2026-03-01 payment a -10.00 EUR\n  reverses: R\n"
            ));
            assert_eq!(codes(&diags), [Code::UnknownReversal], "{other}");
            assert_eq!(book.payments[1].reverses(), None);
        }
    }

    #[test]
    fn bank_ids_are_unique_across_payments_and_unmatched_money() {
        let (_, diags) = checked(
            "2026-02-01 payment a 10.00 EUR\n  bank-id: X\n\
             2026-02-01 unmatched 10.00 EUR\n  bank-id: X\n",
        );
        assert_eq!(codes(&diags), [Code::DuplicateBankId, Code::UnmatchedMoney]);
    }

    #[test]
    fn amounts_that_must_be_positive() {
        let (_, diags) = checked(
            "2026-02-01 payment a 0.00 EUR\n\
             2026-02-01 unmatched -1.00 EUR\n\
             2026-02-01 waive I1 interest 0.00 EUR\n",
        );
        assert_eq!(
            codes(&diags),
            [
                Code::NotPositive,
                Code::NotPositive,
                Code::NotPositive,
                Code::UnmatchedMoney
            ]
        );
        let (_, diags) = checked("2026-02-01 payment a -5.00 EUR\n  memo: refund\n");
        assert!(diags.is_empty(), "a refund without reverses: is valid: {diags:?}");
    }

    #[test]
    fn a_credit_limit_must_be_positive() {
        let text = "customer c \"C\"\n  kind: business\n  credit-limit: 0.00 EUR\n";
        let (_, diags) = build(
            vec![crate::syntax::parse_journal(FileId(0), text)],
            BuildOptions::default(),
        );
        assert_eq!(codes(&diags), [Code::NotPositive]);
    }
}
