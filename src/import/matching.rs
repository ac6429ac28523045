//! Placing statement lines: to whom the money belongs and which invoices it pays.
//!
//! In this order, acting only on one unambiguous hit (see `docs/import.md`, "Matching"):
//!
//! 1. a structured reference (the line's own, or an RF or `+++OGM+++` typed in the text;
//!    check digits verified) equal to an invoice's `ref:` or the reference the rules derive;
//! 2. invoice numbers as whole words in the text (several: all of one customer, paid oldest
//!    claim first, which splits exactly when the amounts add up);
//! 3. the payer's IBAN belongs to exactly one customer and the amount equals one open claim
//!    of that customer, or all of them together;
//! 4. that IBAN alone: a payment to the customer, allocated automatically;
//! 5. otherwise `unmatched`.
//!
//! Claims are the claim pass's ([`crate::plan::settle`]) as of the statements' last day,
//! less what earlier lines of the same import were matched to, so two lines never take the
//! same claim. Accounts are the customers' `iban:` fields and the `iban:` of every payment
//! recorded before (and of the lines matched earlier in the import).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::reference;
use super::{Direction, Line};
use crate::book::{Book, CustomerId, EventKind, InvoiceId};
use crate::interest::RateTables;
use crate::money::Currency;
use crate::plan::settle::{settle, Settle};
use crate::rules::Rules;

/// How a payment was placed: the journal's `matched-by:` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedHow {
    /// A structured payment reference.
    Reference,
    /// Invoice numbers in the remittance text.
    InvoiceNumber,
    /// The customer's account and the amount of a claim.
    IbanAmount,
    /// The customer's account alone.
    Iban,
}

impl MatchedHow {
    /// As written in `matched-by:`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedHow::Reference => "reference",
            MatchedHow::InvoiceNumber => "invoice-number",
            MatchedHow::IbanAmount => "iban-amount",
            MatchedHow::Iban => "iban",
        }
    }
}

/// A payment placed with a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// Whose money it is.
    pub customer: CustomerId,
    /// The invoices it pays, in the order they take it (none: allocated automatically).
    pub invoices: Vec<InvoiceId>,
    /// How it was placed.
    pub how: MatchedHow,
}

/// What becomes of one statement line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// A `payment`.
    Payment(Matched),
    /// A negative `payment` undoing the recorded payment with this bank id.
    Reversal {
        /// The customer of the payment it undoes.
        customer: CustomerId,
        /// That payment's bank id.
        reverses: String,
    },
    /// An `unmatched` entry.
    Unmatched,
    /// Nothing is recorded.
    Skip(Skip),
}

/// Why a line is not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Its bank id is already in the journal.
    Recorded,
    /// Its bank id came earlier in this import (overlapping statements).
    Repeated,
    /// Money paid out.
    Outgoing,
    /// An outgoing payment of ours that came back.
    ReturnedOutgoing,
    /// A reversal of money received that matches no recorded payment; the bank id of the
    /// `unmatched` entry it undoes, if it is one.
    ReversalUnknown(Option<String>),
}

impl Decision {
    /// Whether the decision records something.
    pub fn records(&self) -> bool {
        !matches!(self, Decision::Skip(_))
    }
}

/// Money received that a reversal may undo.
#[derive(Debug, Clone)]
struct Received {
    bank_id: String,
    /// `None` for an `unmatched` entry.
    customer: Option<CustomerId>,
    date: NaiveDate,
    amount: Decimal,
    currency: Currency,
    iban: Option<String>,
    /// How much of it reversals undid so far.
    undone: Decimal,
}

/// The matcher's view of the journal, updated as lines are placed.
pub struct Matcher<'a> {
    book: &'a Book,
    /// Compared reference -> invoices.
    by_ref: HashMap<String, Vec<InvoiceId>>,
    /// Invoice number in upper case -> invoices.
    by_number: HashMap<String, Vec<InvoiceId>>,
    /// Account (electronic form) -> customers.
    accounts: HashMap<String, Vec<CustomerId>>,
    /// Open claims per customer and currency, oldest due first.
    open: HashMap<(CustomerId, Currency), Vec<InvoiceId>>,
    /// What each invoice still owes (the claim), by invoice index.
    owed: Vec<Decimal>,
    /// Its open principal, by invoice index.
    principal: Vec<Decimal>,
    /// Bank ids in the journal.
    recorded: HashSet<String>,
    /// Bank ids seen in this import.
    seen: HashSet<String>,
    received: Vec<Received>,
}

impl<'a> Matcher<'a> {
    /// The matcher for `book`, with claims as of `as_of`.
    pub fn new(book: &'a Book, rules: &Rules, rates: &RateTables, as_of: NaiveDate) -> Matcher<'a> {
        // Interest is part of a claim only once a `sent` record claimed costs or interest on
        // it: customers without such a record are settled without a policy, so their
        // interest (most of the pass's work) is not accrued, with the same claims.
        let mut claimed = vec![false; book.customers.len()];
        for e in &book.events {
            if let EventKind::Sent {
                customer,
                fees,
                interest,
                ..
            } = &e.kind
            {
                if !fees.is_empty() || !interest.is_empty() {
                    claimed[customer.0 as usize] = true;
                }
            }
        }
        let policies: Vec<_> = book
            .customers
            .iter()
            .zip(&claimed)
            .map(|(c, claimed)| claimed.then(|| crate::plan::policy_for(rules, c)).flatten())
            .collect();
        let settlement = settle(
            book,
            &Settle {
                rules,
                rates,
                policies: &policies,
                as_of,
                accrue_until: as_of,
                detail: None,
                only: None,
                report: false,
            },
        );
        let closed: HashSet<InvoiceId> = book
            .events
            .iter()
            .filter(|e| e.date <= as_of)
            .filter_map(|e| match e.kind {
                EventKind::Writeoff(i) | EventKind::Handover(i) => Some(i),
                _ => None,
            })
            .collect();
        let mut m = Matcher {
            book,
            by_ref: HashMap::default(),
            by_number: HashMap::default(),
            accounts: HashMap::default(),
            open: HashMap::default(),
            owed: settlement.ledgers.iter().map(crate::plan::Ledger::total).collect(),
            principal: settlement.ledgers.iter().map(|l| l.principal).collect(),
            recorded: HashSet::default(),
            seen: HashSet::default(),
            received: Vec::new(),
        };
        let derive = rules.reference.map(|r| r.node);
        for (i, inv) in book.invoices.iter().enumerate() {
            let id = InvoiceId(i as u32);
            let written = inv.reference.as_deref().map(reference::compact);
            let derived = match (&written, derive) {
                (None, Some(kind)) => Some(reference::compact(&kind.for_invoice(&inv.number))),
                _ => None,
            };
            for key in written.into_iter().chain(derived).filter(|k| !k.is_empty()) {
                m.by_ref.entry(key).or_default().push(id);
            }
            m.by_number
                .entry(inv.number.to_uppercase().to_string())
                .or_default()
                .push(id);
            if !closed.contains(&id) && m.owed[i] > Decimal::ZERO {
                m.open.entry((inv.customer, inv.amount.currency)).or_default().push(id);
            }
        }
        for list in m.open.values_mut() {
            list.sort_by(|a, b| {
                let (x, y) = (book.invoice(*a), book.invoice(*b));
                (x.due, x.date, &x.number).cmp(&(y.due, y.date, &y.number))
            });
        }
        for (i, c) in book.customers.iter().enumerate() {
            for iban in &c.ibans {
                m.learn(iban, CustomerId(i as u32));
            }
        }
        for p in &book.payments {
            if let Some(iban) = p.iban() {
                if p.amount.amount > Decimal::ZERO && p.credit_note.is_none() {
                    m.learn(iban, p.customer);
                }
            }
            if let Some(id) = p.bank_id() {
                m.recorded.insert(id.to_string());
                if p.amount.amount > Decimal::ZERO {
                    m.received.push(Received {
                        bank_id: id.to_string(),
                        customer: Some(p.customer),
                        date: p.date,
                        amount: p.amount.amount,
                        currency: p.amount.currency,
                        iban: p.iban().map(str::to_string),
                        undone: Decimal::ZERO,
                    });
                }
            }
        }
        for p in &book.payments {
            if let Some(target) = p.reverses() {
                let id = book.payment(target).bank_id().unwrap_or("");
                if let Some(r) = m.received.iter_mut().find(|r| r.bank_id == id) {
                    r.undone -= p.amount.amount;
                }
            }
        }
        for u in &m.book.unmatched {
            if let Some(id) = &u.bank_id {
                m.recorded.insert(id.to_string());
                m.received.push(Received {
                    bank_id: id.to_string(),
                    customer: None,
                    date: u.date,
                    amount: u.amount.amount,
                    currency: u.amount.currency,
                    iban: u.iban.as_deref().map(str::to_string),
                    undone: Decimal::ZERO,
                });
            }
        }
        m
    }

    fn learn(&mut self, iban: &str, customer: CustomerId) {
        let list = self.accounts.entry(crate::iban::electronic_form(iban)).or_default();
        if !list.contains(&customer) {
            list.push(customer);
        }
    }

    /// Decides what to record for `line`, with a reason in words, and remembers it for
    /// the lines after it.
    pub fn decide(&mut self, line: &Line) -> (Decision, String) {
        if self.recorded.contains(&line.bank_id) {
            return (Decision::Skip(Skip::Recorded), "already recorded".into());
        }
        if !self.seen.insert(line.bank_id.clone()) {
            return (
                Decision::Skip(Skip::Repeated),
                "also in an earlier file of this import".into(),
            );
        }
        match (line.direction, line.reversal) {
            (Direction::Out, false) => (Decision::Skip(Skip::Outgoing), "money paid out".into()),
            (Direction::In, true) => (
                Decision::Skip(Skip::ReturnedOutgoing),
                "a payment of ours that came back".into(),
            ),
            (Direction::Out, true) => self.reversal(line),
            (Direction::In, false) => {
                let (decision, why) = self.place(line);
                self.remember(line, &decision);
                (decision, why)
            }
        }
    }

    /// A reversal of money received: the latest recorded payment of that amount (from that
    /// account, when both are known) that is not undone yet.
    fn reversal(&mut self, line: &Line) -> (Decision, String) {
        let iban = line.iban.as_deref().map(crate::iban::electronic_form);
        let found = self
            .received
            .iter_mut()
            .rev()
            .filter(|r| r.currency == line.currency && r.date <= line.date)
            .filter(|r| r.amount - r.undone >= line.amount && r.amount == line.amount)
            .find(|r| match (&iban, &r.iban) {
                (Some(a), Some(b)) => crate::iban::electronic_form(b) == *a,
                _ => true,
            });
        match found {
            Some(r) => {
                r.undone += line.amount;
                match r.customer {
                    Some(customer) => (
                        Decision::Reversal {
                            customer,
                            reverses: r.bank_id.clone(),
                        },
                        format!("reverses the payment recorded with bank id {}", r.bank_id),
                    ),
                    None => (
                        Decision::Skip(Skip::ReversalUnknown(Some(r.bank_id.clone()))),
                        format!(
                            "reverses the unmatched money with bank id {}: remove that entry by hand",
                            r.bank_id
                        ),
                    ),
                }
            }
            None => (
                Decision::Skip(Skip::ReversalUnknown(None)),
                "a reversal of money received that matches no recorded payment: record it by hand".into(),
            ),
        }
    }

    /// Steps 1 to 5.
    fn place(&self, line: &Line) -> (Decision, String) {
        if let Some(r) = self.by_reference(line) {
            return r;
        }
        if let Some(r) = self.by_numbers(line) {
            return r;
        }
        self.by_account(line)
    }

    /// Step 1.
    fn by_reference(&self, line: &Line) -> Option<(Decision, String)> {
        let mut keys: Vec<String> = line
            .reference
            .as_deref()
            .and_then(reference::structured)
            .into_iter()
            .collect();
        for k in reference::in_text(&line.text) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        let mut hits: Vec<InvoiceId> = Vec::new();
        for k in &keys {
            for &i in self.by_ref.get(k).into_iter().flatten() {
                if self.book.invoice(i).amount.currency == line.currency && !hits.contains(&i) {
                    hits.push(i);
                }
            }
        }
        let [only] = hits.as_slice() else {
            return None;
        };
        let inv = self.book.invoice(*only);
        let shown = line.reference.clone().unwrap_or_else(|| keys[0].clone());
        Some((
            Decision::Payment(Matched {
                customer: inv.customer,
                invoices: vec![*only],
                how: MatchedHow::Reference,
            }),
            format!("reference {shown} is invoice {}'s", inv.number),
        ))
    }

    /// Step 2.
    fn by_numbers(&self, line: &Line) -> Option<(Decision, String)> {
        let mut text = line.text.clone();
        if let Some(r) = line.reference.as_deref().filter(|r| reference::structured(r).is_none()) {
            text.push(' ');
            text.push_str(r);
        }
        let mut hits: Vec<InvoiceId> = Vec::new();
        for word in words(&text) {
            if let Some([one]) = self.by_number.get(&word.to_uppercase()).map(Vec::as_slice) {
                if self.book.invoice(*one).amount.currency == line.currency && !hits.contains(one) {
                    hits.push(*one);
                }
            }
        }
        let first = *hits.first()?;
        let customer = self.book.invoice(first).customer;
        if hits.iter().any(|i| self.book.invoice(*i).customer != customer) {
            return None;
        }
        let book = self.book;
        hits.sort_by(|a, b| {
            let (x, y) = (book.invoice(*a), book.invoice(*b));
            (x.due, x.date, &x.number).cmp(&(y.due, y.date, &y.number))
        });
        let numbers: Vec<&str> = hits.iter().map(|i| book.invoice(*i).number.as_str()).collect();
        let why = match hits.len() {
            1 => format!("invoice number {} in the text", numbers[0]),
            _ => {
                let owed: Decimal = hits.iter().map(|i| self.owed[i.0 as usize].max(Decimal::ZERO)).sum();
                let principal: Decimal = hits
                    .iter()
                    .map(|i| self.principal[i.0 as usize].max(Decimal::ZERO))
                    .sum();
                let how = if owed == line.amount || principal == line.amount {
                    "the amounts add up: split exactly"
                } else {
                    "oldest claim first"
                };
                format!("invoice numbers {} in the text; {how}", numbers.join(", "))
            }
        };
        Some((
            Decision::Payment(Matched {
                customer,
                invoices: hits,
                how: MatchedHow::InvoiceNumber,
            }),
            why,
        ))
    }

    /// Steps 3, 4 and 5.
    fn by_account(&self, line: &Line) -> (Decision, String) {
        let Some(iban) = line.iban.as_deref().map(crate::iban::electronic_form) else {
            return (
                Decision::Unmatched,
                "no reference, invoice number or account to go by".into(),
            );
        };
        let customers = self.accounts.get(&iban).map(Vec::as_slice).unwrap_or(&[]);
        let customer = match customers {
            [] => {
                return (
                    Decision::Unmatched,
                    format!("no reference or invoice number, and {iban} is no customer's account"),
                )
            }
            [one] => *one,
            several => {
                let ids: Vec<&str> = several.iter().map(|c| self.book.customer(*c).id.as_str()).collect();
                return (
                    Decision::Unmatched,
                    format!("{iban} is the account of several customers ({})", ids.join(", ")),
                );
            }
        };
        let id = &self.book.customer(customer).id;
        let open: Vec<InvoiceId> = self
            .open
            .get(&(customer, line.currency))
            .into_iter()
            .flatten()
            .copied()
            .filter(|i| self.owed[i.0 as usize] > Decimal::ZERO && self.book.invoice(*i).date <= line.date)
            .collect();
        let equal: Vec<InvoiceId> = open
            .iter()
            .copied()
            .filter(|i| self.owed[i.0 as usize] == line.amount || self.principal[i.0 as usize] == line.amount)
            .collect();
        let total: Decimal = open.iter().map(|i| self.owed[i.0 as usize]).sum();
        let paid = |invoices: Vec<InvoiceId>, how| {
            Decision::Payment(Matched {
                customer,
                invoices,
                how,
            })
        };
        if let [one] = equal.as_slice() {
            let number = &self.book.invoice(*one).number;
            return (
                paid(vec![*one], MatchedHow::IbanAmount),
                format!("{iban} is {id}'s account and the amount is what {number} owes"),
            );
        }
        if open.len() > 1 && total == line.amount {
            return (
                paid(open, MatchedHow::IbanAmount),
                format!("{iban} is {id}'s account and the amount is all its open claims together"),
            );
        }
        let why = match equal.len() {
            0 => "no claim of that amount",
            _ => "several claims of that amount",
        };
        (
            paid(Vec::new(), MatchedHow::Iban),
            format!("{iban} is {id}'s account; {why}: allocated automatically"),
        )
    }

    /// After a line is placed: its claims are taken, its account learnt.
    fn remember(&mut self, line: &Line, decision: &Decision) {
        let Decision::Payment(m) = decision else {
            if *decision == Decision::Unmatched {
                self.received.push(Received {
                    bank_id: line.bank_id.clone(),
                    customer: None,
                    date: line.date,
                    amount: line.amount,
                    currency: line.currency,
                    iban: line.iban.clone(),
                    undone: Decimal::ZERO,
                });
            }
            return;
        };
        if let Some(iban) = &line.iban {
            if crate::iban::normalize_iban(iban).is_ok() {
                self.learn(iban, m.customer);
            }
        }
        self.received.push(Received {
            bank_id: line.bank_id.clone(),
            customer: Some(m.customer),
            date: line.date,
            amount: line.amount,
            currency: line.currency,
            iban: line.iban.clone(),
            undone: Decimal::ZERO,
        });
        let mut left = line.amount;
        let auto: Vec<InvoiceId> = self.open.get(&(m.customer, line.currency)).cloned().unwrap_or_default();
        for i in m.invoices.iter().chain(auto.iter()) {
            if left <= Decimal::ZERO {
                break;
            }
            let k = i.0 as usize;
            let take = left.min(self.owed[k].max(Decimal::ZERO));
            self.owed[k] -= take;
            self.principal[k] = self.principal[k].min(self.owed[k]);
            left -= take;
        }
    }
}

/// The whole words of `text` that could be invoice numbers: runs of letters, digits and
/// `._/-` (an id's characters), without trailing punctuation; parts around `/` and `,`
/// also count. A number followed by a decimal comma (`1234,00`) is an amount, not a word.
pub fn words(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let is_id = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'/' | b'-');
    let decimal_comma =
        |i: usize| b[i] == b',' && i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_id(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (is_id(b[i]) || decimal_comma(i)) {
            i += 1;
        }
        let word = text[start..i].trim_matches(|c| matches!(c, '.' | '/' | '-' | '_'));
        if word.is_empty() || word.contains(',') {
            continue;
        }
        out.push(word);
        if word.contains('/') {
            out.extend(word.split('/').filter(|p| !p.is_empty()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn whole_words() {
        assert_eq!(
            words("Betaling factuur A-2, dank u"),
            ["Betaling", "factuur", "A-2", "dank", "u"]
        );
        assert_eq!(words("fact. 2026-001."), ["fact", "2026-001"]);
        assert_eq!(words("INV-1/INV-2"), ["INV-1/INV-2", "INV-1", "INV-2"]);
        assert_eq!(words("1234,00 EUR voor 77"), ["EUR", "voor", "77"]);
        assert!(words("").is_empty());
    }
}
