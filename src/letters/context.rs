//! The data a letter template sees: a stable, documented model (`docs/templates.md` has a
//! table per object), serialised to JSON for handlebars.
//!
//! Keys may be added, never renamed: users' own templates depend on them. Every field is
//! always present (an absent value is `null`, an empty list `[]`), so strict mode can tell
//! a misspelt name from a value that is merely missing. Money is a string with exactly the
//! currency's minor units (`"1234.56"`); the `money` helper formats it per language. Dates
//! are `YYYY-MM-DD`; the `date` helper writes them in words.

use std::collections::BTreeMap;

use serde::Serialize;

/// Everything a letter template can use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterContext {
    /// Letter language (`nl`, `en`, ...): picks the template and the helpers' wording.
    pub language: String,
    /// The letter's date.
    pub date: String,
    /// ISO 4217 code of every amount in the letter.
    pub currency: String,
    /// Who the letter is from: the rules' `sender` block.
    pub sender: SenderContext,
    /// Who it is to.
    pub customer: CustomerContext,
    /// The customer's policy.
    pub policy: PolicyContext,
    /// The letter's stage: the highest stage any of its invoices advances to.
    pub stage: StageContext,
    /// The invoices this letter is about, each advancing one stage, most overdue first.
    pub invoices: Vec<InvoiceContext>,
    /// The customer's other overdue invoices in this currency, not advancing now.
    pub others: Vec<InvoiceContext>,
    /// What the letter asks for.
    pub totals: Totals,
    /// What every invoice of `invoices` has in common (so a sentence about all of them is
    /// true for each).
    pub every: EveryContext,
    /// The costs this letter charges (`totals.fees_new`): legal basis and VAT; `null` when it
    /// charges none.
    pub costs: Option<CostsContext>,
    /// The costs charged if the letter is not paid: the fee of the next stage that charges
    /// one, on the principal of this letter's invoices not charged yet; `null` if none.
    pub costs_if_unpaid: Option<CostsIfUnpaid>,
    /// Pay by this day.
    pub pay_by: String,
    /// The one deadline the letter prints: `pay_by`, moved later when a statutory minimum
    /// term for the costs announced requires it (Belgian consumers: 14 calendar days from
    /// the third working day after posting, Book XIX Code of Economic Law).
    pub deadline: String,
    /// What to mention with the payment: the single invoice's `ref`, else the numbers.
    pub payment_reference: String,
    /// How to pay: the reference again and the EPC QR code, if the letter can have one.
    pub payment: PaymentContext,
    /// The numbers of the letter's invoices, joined with `, `.
    pub invoice_numbers: String,
    /// How many invoices the letter is about.
    pub invoice_count: usize,
    /// The customer's `note` entries up to the letter date, newest first. These are the
    /// creditor's own log: the built-in templates never print them.
    pub notes: Vec<NoteContext>,
    /// How the fee was computed (English), for the creditor's eyes.
    pub fee_steps: Vec<String>,
}

/// The rules' `sender` block. Without one, every field is empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SenderContext {
    /// `name:`
    pub name: String,
    /// `address:` lines, in order.
    pub address: Vec<String>,
    /// `email:`
    pub email: Option<String>,
    /// `phone:`
    pub phone: Option<String>,
    /// `iban:` in electronic form (`NL91ABNA0417164300`).
    pub iban: Option<String>,
    /// The IBAN in groups of four, for print (`NL91 ABNA 0417 1643 00`).
    pub iban_print: Option<String>,
    /// `bic:`
    pub bic: Option<String>,
    /// `coc:` chamber of commerce or enterprise number.
    pub coc: Option<String>,
    /// `vat:`
    pub vat: Option<String>,
    /// The sender's country (ISO 3166 alpha-2), from the prefix of `vat:`, else of `iban:`.
    pub country: Option<String>,
    /// What `coc` is called in the sender's country, in the letter's language
    /// (`KvK-nummer`, `ondernemingsnummer`; `KvK number`, `enterprise number`).
    pub coc_label: String,
    /// `place:` for the date line.
    pub place: Option<String>,
    /// `signature:`
    pub signature: Option<String>,
    /// `x-` fields by key (with the `x-`).
    pub meta: BTreeMap<String, String>,
}

/// How to pay, with the EPC QR code (EPC069-12) a banking app scans to fill in the transfer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentContext {
    /// What to quote (as `payment_reference`).
    pub reference: String,
    /// The QR code as an inline SVG (no text inside, safe to place unescaped: `{{{...}}}`);
    /// `null` unless the letter is in EUR and the sender has a name and an IBAN.
    pub qr_svg: Option<String>,
    /// The text the QR code holds (EPC069-12 v002 payload, LF-separated).
    pub qr_payload: Option<String>,
    /// The QR version (size 17 + 4 × version modules).
    pub qr_version: Option<usize>,
    /// Why there is no QR code (English, for the creditor's eyes); `null` when there is one.
    pub qr_missing: Option<String>,
}

/// The customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerContext {
    /// The id entries use.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `business` or `consumer`.
    pub kind: Option<String>,
    /// Address lines.
    pub address: Vec<String>,
    /// The first e-mail address.
    pub email: Option<String>,
    /// Every e-mail address.
    pub emails: Vec<String>,
    /// ISO 3166 alpha-2 country.
    pub country: Option<String>,
    /// The customer's own `language:`, if given.
    pub language: Option<String>,
    /// VAT number.
    pub vat: Option<String>,
    /// The customer number printed on letters (`number:`); none printed without it.
    pub number: Option<String>,
}

/// The customer's policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyContext {
    /// Its name.
    pub name: String,
    /// The interest scheme of the ladder (`fixed`, `nl-commercial`, ...), if any.
    pub interest: Option<String>,
    /// The yearly percentage of a `fixed` scheme (`"8"`).
    pub interest_rate: Option<String>,
    /// The fee scheme of the ladder's first stage that names one (`wik`, `be-consumer`, ...),
    /// if any: the word for costs (Belgian consumers: damages) follows it.
    pub fee: Option<String>,
}

/// The letter's stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageContext {
    /// Its name in the rules.
    pub name: String,
    /// The template it names.
    pub template: String,
    /// Position in the ladder, from 0.
    pub index: usize,
    /// Position in the ladder, from 1.
    pub number: usize,
    /// The first stage of the ladder.
    pub first: bool,
    /// The last stage of the ladder.
    pub last: bool,
    /// `action handover`: the last letter before the collection agency.
    pub handover: bool,
    /// `required`: never jumped over.
    pub required: bool,
    /// The Dutch consumer 14-day letter (art. 6:96 lid 6 BW): template `fourteen-day-letter`.
    pub fourteen_day: bool,
    /// The stage's fee scheme (`fixed`, `percent`, `wik`, `eu-flat`, `be-consumer`), if any.
    pub fee: Option<String>,
    /// The stage's interest scheme, if it names one.
    pub interest: Option<String>,
}

/// One invoice (in `invoices` or `others`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvoiceContext {
    /// Invoice number.
    pub number: String,
    /// Issue date.
    pub date: String,
    /// Due date.
    pub due: String,
    /// The invoice amount.
    pub amount: String,
    /// Principal still open.
    pub open: String,
    /// Days past the due date.
    pub days_overdue: i64,
    /// The stage it advances to (`invoices`), or its last stage (`others`).
    pub stage: Option<String>,
    /// The last stage sent before this letter.
    pub previous_stage: Option<String>,
    /// The date that stage was sent.
    pub previous_sent: Option<String>,
    /// Interest claimed in this letter.
    pub interest: String,
    /// Fee charged in this letter.
    pub fee: String,
    /// Fees claimed in earlier letters and not yet paid.
    pub fees_earlier: String,
    /// fee + fees_earlier: the costs owed on it.
    pub fees: String,
    /// open + interest + fee + fees_earlier.
    pub total: String,
    /// The invoice's payment reference (`ref:`).
    pub reference: Option<String>,
    /// The invoice's memo.
    pub memo: Option<String>,
    /// Why it is not advancing (`dispute`, `hold`, `arrangement`, `promise`), for `others`.
    pub hold: Option<String>,
    /// The first day of default: the day after the due date.
    pub default_date: String,
    /// The interest claimed, per stretch of one rate and one principal, in date order
    /// (empty when no interest is claimed).
    pub interest_periods: Vec<InterestPeriod>,
    /// An earlier letter (not a task) about it was sent.
    pub reminded: bool,
    /// An earlier Dutch consumer 14-day letter about it was sent.
    pub fourteen_day_sent: bool,
    /// An earlier letter claimed costs or interest on it.
    pub costs_claimed: bool,
    /// `others` only: why it is not in this letter (`own-letter`, `task`, `dispute`, `hold`,
    /// `arrangement`, `promise`, `later`, `awaiting-handover`, `end-of-ladder`); `null` in
    /// `invoices`.
    pub why: Option<String>,
    /// `others` only: the day its next stage is due, if it has one.
    pub next_due: Option<String>,
}

/// A stretch of interest with one rate and one principal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterestPeriod {
    /// First day.
    pub from: String,
    /// Last day (inclusive).
    pub to: String,
    /// Number of days.
    pub days: i64,
    /// Yearly rate in percent, two decimals (`"10.40"`).
    pub rate: String,
    /// The principal it runs on (capitalised interest included).
    pub principal: String,
    /// The interest of the stretch, rounded (the sum may differ from `interest` by
    /// rounding, and by interest already paid or waived).
    pub interest: String,
    /// The rate was carried forward past the end of its table.
    pub provisional: bool,
}

/// Flags true of every invoice in the letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EveryContext {
    /// Every invoice had an earlier letter.
    pub reminded: bool,
    /// Every invoice had an earlier 14-day letter.
    pub fourteen_day_sent: bool,
    /// An earlier letter claimed costs or interest on every invoice.
    pub costs_claimed: bool,
}

/// The costs a letter charges, with their legal basis and VAT.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostsContext {
    /// The amount (`totals.fees_new`), VAT included.
    pub amount: String,
    /// The principal they are computed on.
    pub principal: String,
    /// The fee scheme (`wik`, `eu-flat`, `be-consumer`, `fixed`, `percent`).
    pub fee: String,
    /// Their legal basis: `wik`, `eu-flat-nl`, `eu-flat-be`, `eu-flat-de`, `eu-flat`,
    /// `be-consumer`, or `contract` (a fixed or percentage fee).
    pub basis: String,
    /// The VAT percentage included (`fee wik +vat 21%`), else `null`.
    pub vat_rate: Option<String>,
    /// The VAT included in `amount`, else `null`.
    pub vat: Option<String>,
}

/// The amounts of the letter's invoices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Open principal.
    pub principal: String,
    /// Interest claimed now.
    pub interest: String,
    /// Fees charged in this letter.
    pub fees_new: String,
    /// Fees claimed earlier and not yet paid.
    pub fees_earlier: String,
    /// fees_new + fees_earlier.
    pub fees: String,
    /// What to pay: principal + interest + fees.
    pub total: String,
    /// Open principal of `others`.
    pub others_principal: String,
    /// Costs claimed earlier and still open on `others`.
    pub others_fees: String,
}

/// What not paying costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostsIfUnpaid {
    /// The fee, rounded.
    pub amount: String,
    /// The principal it is computed on.
    pub principal: String,
    /// The stage that will charge it.
    pub stage: String,
    /// Its fee scheme.
    pub fee: String,
    /// Its legal basis, as `costs.basis`.
    pub basis: String,
    /// The VAT percentage included, else `null`.
    pub vat_rate: Option<String>,
    /// The VAT included in `amount`, else `null`.
    pub vat: Option<String>,
}

/// A `note` entry about the customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteContext {
    /// Its date.
    pub date: String,
    /// The note text.
    pub text: Option<String>,
    /// Its memo.
    pub memo: Option<String>,
}
