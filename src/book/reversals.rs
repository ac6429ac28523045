//! `reverses:` resolved: a negative payment names the payment it undoes by that payment's
//! `bank-id:` (what `dun import` writes) or its `ref:` (what a person types), and this
//! finds it among the earlier payments of the same customer and currency.

use rustc_hash::FxHashMap as HashMap;

use super::{Book, Payment, PaymentId};
use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::Text;

/// Where each key names payments: bank ids first, references second.
#[derive(Default)]
struct Index<'b> {
    bank_ids: HashMap<&'b str, Vec<PaymentId>>,
    references: HashMap<&'b str, Vec<PaymentId>>,
}

impl<'b> Index<'b> {
    /// Every payment received (not credit notes, not money going back) by its keys.
    fn new(book: &'b Book) -> Index<'b> {
        let mut index = Index::default();
        for (i, p) in book.payments.iter().enumerate() {
            if p.credit_note.is_some() || p.amount.amount <= rust_decimal::Decimal::ZERO {
                continue;
            }
            let id = PaymentId(i as u32);
            if let Some(b) = p.bank_id() {
                index.bank_ids.entry(b).or_default().push(id);
            }
            if let Some(r) = &p.reference {
                index.references.entry(r.as_str()).or_default().push(id);
            }
        }
        index
    }

    /// The payments `key` names: by bank id if any has it, else by reference.
    fn named(&self, key: &str) -> &[PaymentId] {
        self.bank_ids
            .get(key)
            .or_else(|| self.references.get(key))
            .map_or(&[], Vec::as_slice)
    }
}

/// Sets [`Payment::reverses`] of every payment in `pending` (each with its `reverses:`
/// value); what names no single payment is reported (E076).
pub(super) fn resolve(book: &mut Book, pending: &[(PaymentId, &Text<'_>)], diags: &mut Vec<Diagnostic>) {
    if pending.is_empty() {
        return;
    }
    let found: Vec<(PaymentId, Result<PaymentId, Diagnostic>)> = {
        let index = Index::new(book);
        pending
            .iter()
            .map(|(pid, key)| (*pid, target(book, &index, *pid, key)))
            .collect()
    };
    for (pid, result) in found {
        match result {
            Ok(target) => book.payments[pid.0 as usize].bank.get_or_insert_default().reverses = Some(target),
            Err(d) => diags.push(d),
        }
    }
}

/// The one payment `key` names for the reversal `pid`: of the same customer and currency,
/// and, when the key names several, the only one dated on or before the reversal.
fn target(book: &Book, index: &Index<'_>, pid: PaymentId, key: &Text<'_>) -> Result<PaymentId, Diagnostic> {
    let p = book.payment(pid);
    let named: Vec<PaymentId> = index.named(&key.node).iter().copied().filter(|t| *t != pid).collect();
    let fits = |t: &PaymentId| {
        let other = book.payment(*t);
        other.customer == p.customer && other.amount.currency == p.amount.currency
    };
    let fitting: Vec<PaymentId> = named.iter().copied().filter(fits).collect();
    let earlier: Vec<PaymentId> = fitting
        .iter()
        .copied()
        .filter(|t| book.payment(*t).date <= p.date)
        .collect();
    match (fitting.as_slice(), earlier.as_slice()) {
        ([one], _) | (_, [one]) => Ok(*one),
        ([], _) => Err(nothing_named(book, p, key, named.first().map(|t| book.payment(*t)))),
        (several, _) => Err(Diagnostic::new(
            Code::UnknownReversal,
            format!("`reverses: {}` names {} payments", key.node, several.len()),
        )
        .at(key.span)
        .label("more than one payment has this bank id or reference")
        .related(book.payment(several[0]).span, "one of them")
        .help("name the payment by its `bank-id:`, or give the payments distinct `ref:`s")),
    }
}

/// E076 for a key that names no payment of the reversal's customer and currency, pointing
/// at the payment of someone else it names, if any.
fn nothing_named(book: &Book, p: &Payment, key: &Text<'_>, other: Option<&Payment>) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownReversal,
        format!(
            "`reverses: {}` names no payment of `{}` in {}",
            key.node,
            book.customer(p.customer).id,
            p.amount.currency
        ),
    )
    .at(key.span);
    match other {
        Some(o) => d
            .label("a payment of another customer or currency")
            .related(o.span, "the payment with this bank id or reference")
            .help("a reversal undoes a payment of its own customer, in the same currency"),
        None => d
            .label("no payment has this bank id or reference")
            .help("write the `bank-id:` (or else the `ref:`) of the payment received that went back"),
    }
}
