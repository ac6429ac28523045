//! The journal's syntax tree: what each block says, with a span on every value.
//!
//! Text is borrowed from the source (zero copy); strings with escapes are owned.
//! A successful parse is not a valid journal: names are resolved and checked in `book`.

use std::borrow::Cow;

use crate::money::Money;
use crate::source::Span;
use chrono::{Days, Months, NaiveDate};

/// A value and where it was written. Equality compares the value only: two nodes are
/// equal when they mean the same, wherever they stand (this is what `fmt` preserves).
#[derive(Debug, Clone, Copy)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// `node` at `span`.
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }

    /// Applies `f` to the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned::new(f(self.node), self.span)
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

/// The unit of a [`Duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// `d`
    Days,
    /// `w`
    Weeks,
    /// `m`: calendar months.
    Months,
}

/// A length of time: `14d`, `2w`, `1m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    /// How many units.
    pub n: u32,
    /// Which unit.
    pub unit: DurationUnit,
}

impl Duration {
    /// Zero days.
    pub const ZERO: Duration = Duration {
        n: 0,
        unit: DurationUnit::Days,
    };

    /// `date` + this duration; a month end that does not exist clamps to the month's last day.
    /// `None` only beyond chrono's date range.
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            DurationUnit::Days => date.checked_add_days(Days::new(u64::from(self.n))),
            DurationUnit::Weeks => date.checked_add_days(Days::new(7 * u64::from(self.n))),
            DurationUnit::Months => date.checked_add_months(Months::new(self.n)),
        }
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            DurationUnit::Days => 'd',
            DurationUnit::Weeks => 'w',
            DurationUnit::Months => 'm',
        };
        write!(f, "{}{unit}", self.n)
    }
}

/// A quoted string or bare word, unescaped.
pub type Text<'a> = Spanned<Cow<'a, str>>;
/// An id as written.
pub type Id<'a> = Spanned<&'a str>;

/// One block of a journal file.
#[derive(Debug, Clone, PartialEq)]
// Entries are nearly every block: boxing them would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Block<'a> {
    /// `include "path"`
    Include(Text<'a>),
    /// `customer ID "Name"` and its fields; boxed, as a journal has few customers and a
    /// customer is larger than an entry (a `Block` of every entry would carry the difference).
    Customer(Box<Customer<'a>>),
    /// A dated entry.
    Entry(Entry<'a>),
}

/// Whether a customer is a business or a consumer; it selects the default policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerKind {
    /// `business`
    Business,
    /// `consumer`
    Consumer,
}

impl CustomerKind {
    /// The keyword, which is also the default policy's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Business => "business",
            CustomerKind::Consumer => "consumer",
        }
    }
}

/// A `customer` directive. Equality compares meaning: every field but the head line's span.
#[derive(Debug, Clone)]
pub struct Customer<'a> {
    /// Span of the head line.
    pub span: Span,
    /// The id entries refer to.
    pub id: Id<'a>,
    /// Display name.
    pub name: Text<'a>,
    /// `kind:` (required; checked in the model so the block still counts).
    pub kind: Option<Spanned<CustomerKind>>,
    /// `email:` lines.
    pub emails: Vec<Text<'a>>,
    /// `address:` lines, in order.
    pub address: Vec<Text<'a>>,
    /// `country:` ISO 3166 alpha-2.
    pub country: Option<Id<'a>>,
    /// `language:` letter language.
    pub language: Option<Id<'a>>,
    /// `terms:` default payment term.
    pub terms: Option<Spanned<Duration>>,
    /// `policy:` rules policy.
    pub policy: Option<Id<'a>>,
    /// `vat:` free text.
    pub vat: Option<Text<'a>>,
    /// `iban:` lines: accounts the customer pays from, as written (groups joined).
    pub ibans: Vec<Text<'a>>,
    /// `credit-limit:` the exposure above which reports warn.
    pub credit_limit: Option<Spanned<Money>>,
    /// `consent:` the channel the customer agreed to receive legal letters by.
    pub consent: Option<Id<'a>>,
    /// `number:` the customer number printed on letters.
    pub number: Option<Text<'a>>,
    /// `x-` fields, kept as metadata.
    pub meta: Vec<(Id<'a>, Text<'a>)>,
}

/// A dated entry. Equality compares meaning: every field but the head line's span.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Span of the head line.
    pub span: Span,
    /// The entry's date.
    pub date: Spanned<NaiveDate>,
    /// What happened.
    pub kind: EntryKind<'a>,
    /// `memo:` allowed on every entry.
    pub memo: Option<Text<'a>>,
    /// `x-` fields, kept as metadata.
    pub meta: Vec<(Id<'a>, Text<'a>)>,
}

impl PartialEq for Customer<'_> {
    fn eq(&self, o: &Self) -> bool {
        (
            &self.id,
            &self.name,
            &self.kind,
            &self.emails,
            &self.address,
            &self.country,
        ) == (&o.id, &o.name, &o.kind, &o.emails, &o.address, &o.country)
            && (&self.language, &self.terms, &self.policy, &self.vat, &self.meta)
                == (&o.language, &o.terms, &o.policy, &o.vat, &o.meta)
            && (&self.ibans, &self.credit_limit, &self.consent, &self.number)
                == (&o.ibans, &o.credit_limit, &o.consent, &o.number)
    }
}

impl PartialEq for Entry<'_> {
    fn eq(&self, o: &Self) -> bool {
        (&self.date, &self.kind, &self.memo, &self.meta) == (&o.date, &o.kind, &o.memo, &o.meta)
    }
}

/// An `invoice:` line of a payment or credit.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation<'a> {
    /// The invoice.
    pub invoice: Id<'a>,
    /// How much; `None` takes what is left, up to the invoice's open amount.
    pub amount: Option<Spanned<Money>>,
}

/// An `installment:` line of an arrangement.
#[derive(Debug, Clone, PartialEq)]
pub struct Installment {
    /// When it is due.
    pub date: Spanned<NaiveDate>,
    /// How much.
    pub amount: Spanned<Money>,
}

/// A `fee:` or `interest:` line of a `sent` record: for the whole letter, or for one invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct Charge<'a> {
    /// The invoice it was charged on; `None` for the whole letter.
    pub invoice: Option<Id<'a>>,
    /// How much.
    pub amount: Spanned<Money>,
}

/// How `dun import` placed a payment (`matched-by:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchedBy {
    /// `reference`: a structured payment reference.
    Reference,
    /// `invoice-number`: invoice numbers in the remittance text.
    InvoiceNumber,
    /// `iban-amount`: the payer's account and an amount equal to an open claim.
    IbanAmount,
    /// `iban`: the payer's account alone.
    Iban,
    /// `by-hand`: placed by a person.
    ByHand,
}

impl MatchedBy {
    /// Every value, in the order the documentation lists them.
    pub const ALL: [MatchedBy; 5] = [
        MatchedBy::Reference,
        MatchedBy::InvoiceNumber,
        MatchedBy::IbanAmount,
        MatchedBy::Iban,
        MatchedBy::ByHand,
    ];

    /// The keyword as written in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Reference => "reference",
            MatchedBy::InvoiceNumber => "invoice-number",
            MatchedBy::IbanAmount => "iban-amount",
            MatchedBy::Iban => "iban",
            MatchedBy::ByHand => "by-hand",
        }
    }
}

/// What a `waive` forgives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Waived {
    /// `costs`: claimed costs (the fees of `sent` records).
    Costs,
    /// `interest`: owed interest.
    Interest,
    /// `all`: both.
    All,
}

impl Waived {
    /// Every value, in the order the documentation lists them.
    pub const ALL: [Waived; 3] = [Waived::Costs, Waived::Interest, Waived::All];

    /// The keyword as written in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Waived::Costs => "costs",
            Waived::Interest => "interest",
            Waived::All => "all",
        }
    }
}

/// The kinds of dated entries and what each says. Fields that most entries leave out and
/// that would make their kind the largest (a bank statement's `reverses:`, `bank-id:` and
/// `iban:`, a letter's `letter:` and `channel:`) are boxed: every entry is as large as the
/// largest kind, and a large journal holds a million of them while the Book is built.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryKind<'a> {
    /// `DATE invoice NUMBER CUSTOMER AMOUNT`
    Invoice {
        /// Invoice number.
        number: Id<'a>,
        /// Customer id.
        customer: Id<'a>,
        /// Amount owed.
        amount: Spanned<Money>,
        /// `due:` explicit due date.
        due: Option<Spanned<NaiveDate>>,
        /// `terms:` payment term.
        terms: Option<Spanned<Duration>>,
        /// `ref:` payment reference.
        reference: Option<Text<'a>>,
    },
    /// `DATE payment CUSTOMER AMOUNT`; a negative amount is money going back.
    Payment {
        /// Customer id.
        customer: Id<'a>,
        /// Amount received (negative: paid back).
        amount: Spanned<Money>,
        /// `invoice:` lines.
        allocations: Vec<Allocation<'a>>,
        /// `ref:` bank reference.
        reference: Option<Text<'a>>,
        /// `reverses:` the bank id or `ref:` of the payment this one undoes.
        reverses: Option<Box<Text<'a>>>,
        /// `bank-id:` the bank's id of the statement line.
        bank_id: Option<Box<Text<'a>>>,
        /// `iban:` the account the money came from.
        iban: Option<Box<Text<'a>>>,
        /// `matched-by:` how `dun import` placed it.
        matched_by: Option<Spanned<MatchedBy>>,
    },
    /// `DATE credit NUMBER CUSTOMER AMOUNT`
    Credit {
        /// Credit note number.
        number: Id<'a>,
        /// Customer id.
        customer: Id<'a>,
        /// Amount credited.
        amount: Spanned<Money>,
        /// `invoice:` lines.
        allocations: Vec<Allocation<'a>>,
        /// `ref:` reference.
        reference: Option<Text<'a>>,
    },
    /// `DATE dispute INVOICE ["reason"]`
    Dispute {
        /// The invoice.
        invoice: Id<'a>,
        /// Why.
        reason: Option<Text<'a>>,
    },
    /// `DATE resolved INVOICE ["how"]`
    Resolved {
        /// The invoice.
        invoice: Id<'a>,
        /// How.
        reason: Option<Text<'a>>,
    },
    /// `DATE promise INVOICE DATE ["what"]`
    Promise {
        /// The invoice.
        invoice: Id<'a>,
        /// The promised payment date.
        until: Spanned<NaiveDate>,
        /// What was said.
        reason: Option<Text<'a>>,
    },
    /// `DATE hold INVOICE [DATE] ["why"]`
    Hold {
        /// The invoice.
        invoice: Id<'a>,
        /// Last day of the hold, if known.
        until: Option<Spanned<NaiveDate>>,
        /// Why.
        reason: Option<Text<'a>>,
    },
    /// `DATE release INVOICE ["why"]`
    Release {
        /// The invoice.
        invoice: Id<'a>,
        /// Why.
        reason: Option<Text<'a>>,
    },
    /// `DATE arrangement INVOICE ["what"]` with `installment:` lines.
    Arrangement {
        /// The invoice.
        invoice: Id<'a>,
        /// What was agreed.
        reason: Option<Text<'a>>,
        /// The installments, in order.
        installments: Vec<Installment>,
    },
    /// `DATE sent CUSTOMER STAGE INVOICE...`
    Sent {
        /// Customer id.
        customer: Id<'a>,
        /// Stage name.
        stage: Id<'a>,
        /// The invoices the letter advanced.
        invoices: Vec<Id<'a>>,
        /// `fee:` lines.
        fees: Vec<Charge<'a>>,
        /// `interest:` lines.
        interest: Vec<Charge<'a>>,
        /// `letter:` path of the rendered letter.
        letter: Option<Box<Text<'a>>>,
        /// `channel:` post, email, task, ...
        channel: Option<Box<Id<'a>>>,
    },
    /// `DATE note CUSTOMER "text"`
    Note {
        /// Customer id.
        customer: Id<'a>,
        /// The note.
        text: Text<'a>,
    },
    /// `DATE writeoff INVOICE ["why"]`
    Writeoff {
        /// The invoice.
        invoice: Id<'a>,
        /// Why.
        reason: Option<Text<'a>>,
    },
    /// `DATE handover INVOICE ["agency"]`
    Handover {
        /// The invoice.
        invoice: Id<'a>,
        /// The collection agency.
        agency: Option<Text<'a>>,
    },
    /// `DATE waive INVOICE costs|interest|all [AMOUNT] ["why"]`
    Waive {
        /// The invoice.
        invoice: Id<'a>,
        /// What is forgiven.
        what: Spanned<Waived>,
        /// How much; `None` forgives all of it.
        amount: Option<Spanned<Money>>,
        /// Why.
        reason: Option<Text<'a>>,
    },
    /// `DATE unmatched AMOUNT`: money received that belongs to no customer yet.
    Unmatched {
        /// Amount received.
        amount: Spanned<Money>,
        /// `bank-id:` the bank's id of the statement line.
        bank_id: Option<Box<Text<'a>>>,
        /// `iban:` the account the money came from.
        iban: Option<Box<Text<'a>>>,
        /// `name:` the payer's name on the statement.
        name: Option<Text<'a>>,
    },
}

impl<'a> EntryKind<'a> {
    /// `DATE invoice NUMBER CUSTOMER AMOUNT`, before its fields are read.
    pub fn invoice(number: Id<'a>, customer: Id<'a>, amount: Spanned<Money>) -> EntryKind<'a> {
        EntryKind::Invoice {
            number,
            customer,
            amount,
            due: None,
            terms: None,
            reference: None,
        }
    }

    /// `DATE payment CUSTOMER AMOUNT`, before its fields are read.
    pub fn payment(customer: Id<'a>, amount: Spanned<Money>) -> EntryKind<'a> {
        EntryKind::Payment {
            customer,
            amount,
            allocations: Vec::new(),
            reference: None,
            reverses: None,
            bank_id: None,
            iban: None,
            matched_by: None,
        }
    }

    /// `DATE credit NUMBER CUSTOMER AMOUNT`, before its fields are read.
    pub fn credit(number: Id<'a>, customer: Id<'a>, amount: Spanned<Money>) -> EntryKind<'a> {
        EntryKind::Credit {
            number,
            customer,
            amount,
            allocations: Vec::new(),
            reference: None,
        }
    }

    /// The keyword that introduces this kind.
    pub fn keyword(&self) -> &'static str {
        match self {
            EntryKind::Invoice { .. } => "invoice",
            EntryKind::Payment { .. } => "payment",
            EntryKind::Credit { .. } => "credit",
            EntryKind::Dispute { .. } => "dispute",
            EntryKind::Resolved { .. } => "resolved",
            EntryKind::Promise { .. } => "promise",
            EntryKind::Hold { .. } => "hold",
            EntryKind::Release { .. } => "release",
            EntryKind::Arrangement { .. } => "arrangement",
            EntryKind::Sent { .. } => "sent",
            EntryKind::Note { .. } => "note",
            EntryKind::Writeoff { .. } => "writeoff",
            EntryKind::Handover { .. } => "handover",
            EntryKind::Waive { .. } => "waive",
            EntryKind::Unmatched { .. } => "unmatched",
        }
    }
}
