//! One invoice of the report: [`InvoiceLine`] borrows it from the book and the plan and
//! formats each field when a renderer asks; [`InvoiceRow`] is the same as owned text, for
//! callers that keep rows past the book (the dashboard).

use chrono::NaiveDate;

use super::text::Amount;
use crate::book::Invoice;
use crate::money::Currency;
use crate::plan::{InvoicePlan, Ledger};
use crate::rules::Policy;

/// One invoice as the report shows it, borrowed: nothing is copied or formatted until a
/// renderer asks for a field, and amounts come back as [`Amount`], written rounded to the
/// currency's minor unit.
#[derive(Debug, Clone, Copy)]
pub struct InvoiceLine<'a> {
    /// The invoice as booked.
    pub invoice: &'a Invoice,
    /// Its evaluation.
    pub plan: &'a InvoicePlan,
    /// Its principal, interest and costs.
    pub ledger: &'a Ledger,
    /// The customer's id.
    pub customer: &'a str,
    /// The customer's policy, if it has one (for the ladder position).
    pub(super) policy: Option<&'a Policy>,
}

impl<'a> InvoiceLine<'a> {
    /// Invoice number.
    pub fn number(&self) -> &'a str {
        self.invoice.number.as_str()
    }

    /// The invoice's currency.
    pub fn currency(&self) -> Currency {
        self.invoice.amount.currency
    }

    fn shown(&self, amount: rust_decimal::Decimal) -> Amount {
        Amount {
            currency: self.currency(),
            amount,
        }
    }

    /// Invoice amount.
    pub fn amount(&self) -> Amount {
        self.shown(self.invoice.amount.amount)
    }

    /// Open principal.
    pub fn open(&self) -> Amount {
        self.shown(self.ledger.principal)
    }

    /// Interest owed (or accruing, before a letter claimed costs) as of the date.
    pub fn interest(&self) -> Amount {
        self.shown(self.ledger.interest)
    }

    /// Fees claimed.
    pub fn fees(&self) -> Amount {
        self.shown(self.ledger.fees())
    }

    /// Claimed fees not yet paid or waived.
    pub fn fees_owed(&self) -> Amount {
        self.shown(self.ledger.fees_open())
    }

    /// The claim: open + fees owed + interest once owed.
    pub fn total(&self) -> Amount {
        self.shown(self.ledger.total())
    }

    /// open | paid | written_off | handed_over
    pub fn state(&self) -> &'static str {
        self.plan.state.as_str()
    }

    /// dispute | hold | promise | arrangement
    pub fn hold(&self) -> Option<&'static str> {
        self.plan.hold.as_ref().map(|h| h.kind.as_str())
    }

    /// The last held day, where the hold has one (promise date + grace, hold end).
    pub fn hold_until(&self) -> Option<NaiveDate> {
        self.plan.hold.as_ref().and_then(|h| h.until)
    }

    /// Last stage sent.
    pub fn stage(&self) -> Option<&'a str> {
        self.plan.stage.as_ref().map(|(s, _)| s.as_str())
    }

    /// Next stage.
    pub fn next_stage(&self) -> Option<&'a str> {
        self.plan.next.as_ref().map(|n| n.name.as_str())
    }

    /// When the next stage is due.
    pub fn next_due(&self) -> Option<NaiveDate> {
        self.plan.next.as_ref().map(|n| n.due)
    }

    /// Why nothing is due although it is overdue (`minimum`, `hold`, `statutory-wait`,
    /// `end-of-ladder`, `handed-over`).
    pub fn waiting(&self) -> Option<&'static str> {
        self.plan.waiting.map(|w| w.as_str())
    }

    /// Index of the last stage in its ladder and the ladder's length, for colouring.
    pub fn ladder(&self) -> Option<(usize, usize)> {
        let (name, _) = self.plan.stage.as_ref()?;
        let policy = self.policy?;
        policy.stage_index(name).map(|i| (i, policy.stages.len()))
    }

    /// The hold and until when, for people: `promise until 2026-03-18`, `dispute`.
    pub fn hold_text(&self) -> String {
        hold_text(self.hold(), self.hold_until())
    }
}

impl super::out::Row for InvoiceLine<'_> {
    /// The invoice's fields, its ledger's amounts, its plan's state and stage.
    fn read_ahead(&self) -> u64 {
        // Its first and last fields: the lines a ledger of 64 bytes may lie across.
        let ledger = self.ledger.principal.scale() ^ u32::from(self.ledger.costs_claimed);
        let plan = self.plan.days_overdue as u64 ^ u64::from(self.plan.ready_for_handover);
        self.invoice.read_ahead() ^ u64::from(ledger) ^ plan
    }
}

/// One invoice, ready to print, as owned text ([`InvoiceLine`] formatted field by field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    /// Invoice number.
    pub number: String,
    /// Customer id.
    pub customer: String,
    /// Currency code.
    pub currency: String,
    /// Invoice amount.
    pub amount: String,
    /// Open principal.
    pub open: String,
    /// Invoice date.
    pub date: NaiveDate,
    /// Due date.
    pub due: NaiveDate,
    /// Days overdue (0 when not overdue or closed).
    pub days_overdue: i64,
    /// open | paid | written_off | handed_over
    pub state: &'static str,
    /// dispute | hold | promise | arrangement
    pub hold: Option<&'static str>,
    /// The last held day, where the hold has one (promise date + grace, hold end).
    pub hold_until: Option<NaiveDate>,
    /// Last stage sent.
    pub stage: Option<String>,
    /// Next stage.
    pub next_stage: Option<String>,
    /// When the next stage is due.
    pub next_due: Option<NaiveDate>,
    /// Interest owed (or accruing, before a letter claimed costs) as of the date.
    pub interest: String,
    /// Fees claimed.
    pub fees: String,
    /// Claimed fees not yet paid or waived.
    pub fees_owed: String,
    /// The claim: open + fees owed + interest once owed.
    pub total: String,
    /// Index of the stage in its ladder and the ladder's length, for colouring.
    pub ladder: Option<(usize, usize)>,
    /// The last stage was a handover letter and the handover is not recorded yet.
    pub ready_for_handover: bool,
    /// Why nothing is due although it is overdue (`minimum`, `hold`, `statutory-wait`,
    /// `end-of-ladder`, `handed-over`).
    pub waiting: Option<&'static str>,
}

impl From<&InvoiceLine<'_>> for InvoiceRow {
    fn from(i: &InvoiceLine<'_>) -> InvoiceRow {
        InvoiceRow {
            number: i.number().to_owned(),
            customer: i.customer.to_owned(),
            currency: i.currency().to_string(),
            amount: i.amount().to_string(),
            open: i.open().to_string(),
            date: i.invoice.date,
            due: i.invoice.due,
            days_overdue: i.plan.days_overdue,
            state: i.state(),
            hold: i.hold(),
            hold_until: i.hold_until(),
            stage: i.stage().map(str::to_owned),
            next_stage: i.next_stage().map(str::to_owned),
            next_due: i.next_due(),
            interest: i.interest().to_string(),
            fees: i.fees().to_string(),
            fees_owed: i.fees_owed().to_string(),
            total: i.total().to_string(),
            ladder: i.ladder(),
            ready_for_handover: i.plan.ready_for_handover,
            waiting: i.waiting(),
        }
    }
}

impl InvoiceRow {
    /// The hold and until when, for people: `promise until 2026-03-18`, `dispute`.
    pub fn hold_text(&self) -> String {
        hold_text(self.hold, self.hold_until)
    }
}

fn hold_text(hold: Option<&str>, until: Option<NaiveDate>) -> String {
    match (hold, until) {
        (Some(h), Some(until)) => format!("{h} until {until}"),
        (Some(h), None) => h.to_string(),
        (None, _) => String::new(),
    }
}
