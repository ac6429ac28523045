//! The checked model of a journal: customers, invoices, payments and events with names
//! resolved to dense ids, in model order (date, then file order, then position).
//!
//! Built by [`build`] from the syntax trees of all files (or by [`build_lowered`] from
//! parts [`lower`]ed as they were parsed); checked by the functions in
//! [`checks`]. Payments are applied to invoices when a day is evaluated, by the claim pass
//! of [`crate::plan::settle`]: how much a payment settles depends on the interest and
//! costs owed on its date.

mod account_checks;
mod assemble;
pub mod checks;
mod lower;
mod numbers;
mod order;
mod resolve;
mod reversals;
mod slots;
mod written;

use chrono::NaiveDate;
use compact_str::CompactString;
use rust_decimal::Decimal;

pub(crate) use assemble::build_in_slots;
pub use assemble::{build, build_lowered, BuildOptions};
pub(crate) use lower::parse_part_into_slots;
pub use lower::{lower, parse_part, Lowered};
pub(crate) use slots::{BookSlots, PartSlots};

use crate::money::Money;
use crate::source::Span;
use crate::syntax::ast::{CustomerKind, Duration};
pub use crate::syntax::ast::{MatchedBy, Waived};

/// Index of a customer in [`Book::customers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomerId(pub u32);
/// Index of an invoice in [`Book::invoices`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvoiceId(pub u32);
/// Index of a payment or credit note in [`Book::payments`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaymentId(pub u32);

/// A customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// The id entries use.
    pub id: CompactString,
    /// Display name.
    pub name: String,
    /// Business or consumer (`None` only when the journal omitted it, which is an error).
    pub kind: Option<CustomerKind>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Address lines.
    pub address: Vec<String>,
    /// ISO 3166 alpha-2 country.
    pub country: Option<String>,
    /// Letter language.
    pub language: Option<String>,
    /// Default payment term.
    pub terms: Option<Duration>,
    /// Named rules policy.
    pub policy: Option<String>,
    /// Where the policy name was written.
    pub policy_span: Option<Span>,
    /// VAT number.
    pub vat: Option<String>,
    /// Accounts the customer pays from, in electronic form (blanks removed, upper case),
    /// in the order written. Their check digits are verified by a check, not here.
    pub ibans: Vec<CompactString>,
    /// Where each of `ibans` is written.
    pub iban_spans: Vec<Span>,
    /// Exposure above which reports warn.
    pub credit_limit: Option<Money>,
    /// Where `credit-limit:` is written.
    pub credit_limit_span: Option<Span>,
    /// The channel the customer agreed to receive legally required letters by, as
    /// written (one of [`crate::syntax::journal::CONSENT_CHANNELS`]).
    pub consent: Option<String>,
    /// The customer number printed on letters.
    pub number: Option<String>,
    /// `x-` metadata.
    pub meta: Vec<(String, String)>,
    /// The head line.
    pub span: Span,
    /// Where the id is written in the head line.
    pub id_span: Span,
}

/// An invoice.
///
/// In the order written (`repr(C)`): what the claim pass, the evaluation and the report read
/// of every invoice comes first, in 56 bytes, so that reading it takes one or two cache lines
/// where the compiler's order spread it over three (the same 136 bytes: the two
/// 12-byte spans sit together, so nothing is padded).
#[derive(Debug, Clone, PartialEq)]
#[repr(C)]
pub struct Invoice {
    /// Invoice number.
    pub number: CompactString,
    /// Amount owed.
    pub amount: Money,
    /// The customer.
    pub customer: CustomerId,
    /// Issue date.
    pub date: NaiveDate,
    /// Due date: `due:`, else date + `terms:`, else + the customer's terms, else + the rules' default.
    pub due: NaiveDate,
    /// The payment term the due date was computed from; `None` when `due:` gave it.
    pub terms: Option<Duration>,
    /// Where `ref:` is written (an empty span without `reference`: not an `Option`, which
    /// made every invoice 8 bytes longer).
    pub reference_span: Span,
    /// The head line.
    pub span: Span,
    /// Payment reference.
    pub reference: Option<CompactString>,
    /// Memo.
    pub memo: Option<CompactString>,
}

impl Invoice {
    /// A load of each cache line the fields the evaluation and the report read lie on, for
    /// [`crate::ahead`].
    pub fn read_ahead(&self) -> u64 {
        // The first and last of the fields read first (see the struct's order).
        let number_tail = self.number.as_bytes().last().copied().unwrap_or(0);
        u64::from(number_tail) ^ self.due.to_epoch_days() as u64
    }
}

/// An `invoice:` line of a payment or credit note: the invoice, the amount written, or `None`
/// for "what is left", and where to point problems with it (its amount, if it has one).
pub type Allocation = (InvoiceId, Option<Decimal>, Span);

/// A payment received, or a credit note (which has a number).
///
/// In the order written (`repr(C)`): what the claim pass reads of every payment comes
/// first, in 60 bytes, so that it takes one cache line where the compiler's order put the
/// credit note's number and the amount in different lines (the same 128 bytes).
#[derive(Debug, Clone, PartialEq)]
#[repr(C)]
pub struct Payment {
    /// The credit note's number; `None` for a payment.
    pub credit_note: Option<CompactString>,
    /// The customer.
    pub customer: CustomerId,
    /// Date received or issued.
    pub date: NaiveDate,
    /// Amount: positive for money received and for credit notes, negative for money
    /// going back (a bounced direct debit, a refund).
    pub amount: Money,
    /// Where its explicit `invoice:` lines are among the book's (read them with
    /// [`Book::allocations_of`]): one vector for the book, not an allocation per payment.
    pub allocations: std::ops::Range<u32>,
    /// The head line.
    pub span: Span,
    /// What a bank statement line adds (`reverses:`, `bank-id:`, `iban:`, `matched-by:`):
    /// boxed, as most payments have none of it and a large book holds a million payments.
    pub bank: Option<Box<Bank>>,
    /// Reference.
    pub reference: Option<CompactString>,
    /// Memo.
    pub memo: Option<CompactString>,
}

/// The rarer fields of a [`Payment`], those of a bank statement line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bank {
    /// The earlier payment this one undoes (`reverses:`, by its bank id or `ref:`), of
    /// the same customer and currency.
    pub reverses: Option<PaymentId>,
    /// Where `reverses:` is written.
    pub reverses_span: Option<Span>,
    /// The bank's id of the statement line (`bank-id:`); unique across the journal.
    pub bank_id: Option<CompactString>,
    /// Where `bank-id:` is written.
    pub bank_id_span: Option<Span>,
    /// The account the money came from (`iban:`), blanks removed, upper case.
    pub iban: Option<CompactString>,
    /// How `dun import` placed it (`matched-by:`).
    pub matched_by: Option<MatchedBy>,
}

impl Payment {
    /// The earlier payment this one undoes (`reverses:`).
    pub fn reverses(&self) -> Option<PaymentId> {
        self.bank.as_ref().and_then(|b| b.reverses)
    }

    /// Where `reverses:` is written.
    pub fn reverses_span(&self) -> Option<Span> {
        self.bank.as_ref().and_then(|b| b.reverses_span)
    }

    /// The bank's id of the statement line (`bank-id:`).
    pub fn bank_id(&self) -> Option<&str> {
        self.bank.as_ref().and_then(|b| b.bank_id.as_deref())
    }

    /// Where `bank-id:` is written.
    pub fn bank_id_span(&self) -> Option<Span> {
        self.bank.as_ref().and_then(|b| b.bank_id_span)
    }

    /// The account the money came from (`iban:`), blanks removed, upper case.
    pub fn iban(&self) -> Option<&str> {
        self.bank.as_ref().and_then(|b| b.iban.as_deref())
    }

    /// How `dun import` placed it (`matched-by:`).
    pub fn matched_by(&self) -> Option<MatchedBy> {
        self.bank.as_ref().and_then(|b| b.matched_by)
    }
}

/// Money received that belongs to no customer yet (an `unmatched` entry): never applied
/// to invoices; waiting to be edited into a `payment`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    /// Date received.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Money,
    /// The bank's id of the statement line.
    pub bank_id: Option<CompactString>,
    /// The account the money came from, blanks removed, upper case.
    pub iban: Option<CompactString>,
    /// The payer's name on the statement.
    pub name: Option<String>,
    /// The statement's text (`memo:`).
    pub memo: Option<String>,
    /// The head line.
    pub span: Span,
    /// Where `bank-id:` is written.
    pub bank_id_span: Option<Span>,
}

/// An installment of an arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Installment {
    /// Due date.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Money,
}

/// A fee or interest amount recorded in a `sent` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charge {
    /// The invoice it was charged on; `None` for the letter as a whole.
    pub invoice: Option<InvoiceId>,
    /// How much.
    pub amount: Money,
}

/// What an event says.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A dispute opened: no dunning until resolved.
    Dispute(InvoiceId),
    /// A dispute closed.
    Resolved(InvoiceId),
    /// The customer promised to pay by a date.
    Promise(InvoiceId, NaiveDate),
    /// A generic dunning stop, until a date or a release.
    Hold(InvoiceId, Option<NaiveDate>),
    /// A hold ended early.
    Release(InvoiceId),
    /// A payment plan.
    Arrangement(InvoiceId, Vec<Installment>),
    /// A letter or task of a stage, recorded by `dun run` or `dun done`.
    Sent {
        /// The customer.
        customer: CustomerId,
        /// The stage name.
        stage: String,
        /// Where the stage name was written.
        stage_span: Span,
        /// The invoices it advanced.
        invoices: Vec<InvoiceId>,
        /// Fees claimed.
        fees: Vec<Charge>,
        /// Interest claimed.
        interest: Vec<Charge>,
        /// The letter's path.
        letter: Option<String>,
        /// How it went out (`post`, `email`, `task`, ...).
        channel: Option<String>,
    },
    /// A free note about a customer.
    Note(CustomerId),
    /// The invoice is lost.
    Writeoff(InvoiceId),
    /// The invoice went to a collection agency.
    Handover(InvoiceId),
    /// Claimed costs or owed interest of an invoice forgiven from this date.
    Waive {
        /// The invoice.
        invoice: InvoiceId,
        /// What is forgiven.
        what: Waived,
        /// How much, in the invoice's currency; `None` forgives all of it.
        amount: Option<Money>,
    },
}

/// A dated entry other than an invoice or payment.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Its date.
    pub date: NaiveDate,
    /// What it says.
    pub kind: EventKind,
    /// The reason, note text, or agency, as written.
    pub text: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// The head line.
    pub span: Span,
}

impl Event {
    /// The invoice the event is about, if it is about one.
    pub fn invoice(&self) -> Option<InvoiceId> {
        match &self.kind {
            EventKind::Dispute(i)
            | EventKind::Resolved(i)
            | EventKind::Promise(i, _)
            | EventKind::Hold(i, _)
            | EventKind::Release(i)
            | EventKind::Arrangement(i, _)
            | EventKind::Writeoff(i)
            | EventKind::Handover(i)
            | EventKind::Waive { invoice: i, .. } => Some(*i),
            EventKind::Sent { .. } | EventKind::Note(_) => None,
        }
    }
}

/// The checked model of a journal. Vectors are in model order: by date, then file order,
/// then position in the file (customers in file order).
///
/// Ids, numbers, references and memos are [`CompactString`]s: up to 24 bytes they are kept
/// inline, with no allocation and no pointer to follow when hashed or compared (a book of a
/// million invoices held over three million small `String`s, and looking numbers up was a
/// cache miss each).
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// Customers.
    pub customers: Vec<Customer>,
    /// Invoices.
    pub invoices: Vec<Invoice>,
    /// Payments and credit notes.
    pub payments: Vec<Payment>,
    /// Everything else.
    pub events: Vec<Event>,
    /// The payments' and credit notes' `invoice:` lines, each payment's at its
    /// [`Payment::allocations`] (read them with [`Book::allocations_of`]): part by part of
    /// the files, each part's in its payments' order. A line that names no invoice of the
    /// payment's customer leaves a place no range covers, holding no invoice: not for
    /// reading outside the crate, where such a place would be taken for a line.
    pub(crate) allocations: Vec<Allocation>,
    /// Money received that belongs to no customer yet, in model order.
    pub unmatched: Vec<Unmatched>,
    // FxHash: ids are the user's own, not attacker-chosen keys, and the hot path of a
    // million-invoice journal is these lookups (SipHash was 8% of a profile).
    customer_index: rustc_hash::FxHashMap<CompactString, CustomerId>,
    invoice_index: numbers::NumberIndex,
}

impl Book {
    /// The customer with id `id`.
    pub fn customer_id(&self, id: &str) -> Option<CustomerId> {
        self.customer_index.get(id).copied()
    }

    /// The invoice numbered `number`.
    pub fn invoice_id(&self, number: &str) -> Option<InvoiceId> {
        self.invoice_index.get(&self.invoices, number)
    }

    /// Reads ahead what [`Book::invoice_id`] reads for each of `numbers`, for a loop about
    /// to look them up (see [`crate::ahead`]).
    pub(crate) fn read_ahead_numbers<'k>(&self, numbers: impl Iterator<Item = &'k str> + Clone) {
        self.invoice_index.read_ahead(&self.invoices, numbers);
    }

    /// The customer `id` points to.
    pub fn customer(&self, id: CustomerId) -> &Customer {
        &self.customers[id.0 as usize]
    }

    /// The invoice `id` points to.
    pub fn invoice(&self, id: InvoiceId) -> &Invoice {
        &self.invoices[id.0 as usize]
    }

    /// The payment `id` points to.
    pub fn payment(&self, id: PaymentId) -> &Payment {
        &self.payments[id.0 as usize]
    }

    /// The explicit `invoice:` lines of payment or credit note `p`.
    pub fn allocations_of(&self, p: &Payment) -> &[Allocation] {
        &self.allocations[p.allocations.start as usize..p.allocations.end as usize]
    }

    /// The date of the latest entry, if there is any.
    pub fn last_date(&self) -> Option<NaiveDate> {
        // Each vector is in date order, so its last entry is its latest.
        [
            self.invoices.last().map(|i| i.date),
            self.payments.last().map(|p| p.date),
            self.events.last().map(|e| e.date),
        ]
        .into_iter()
        .flatten()
        .max()
    }
}
