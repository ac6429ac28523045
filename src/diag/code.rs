//! Stable diagnostic codes. Never renumber: users and editors match on them.
//! Each code is documented in `docs/errors.md`; a test keeps the two in step.

use super::Severity;

macro_rules! codes {
    ($($name:ident = $id:literal, $sev:ident, $title:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $title] $name,)*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as printed, e.g. `E002`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$name => $id,)* }
            }

            /// Whether problems with this code are errors or warnings.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$sev,)* }
            }

            /// A one-line title, as used in `docs/errors.md`.
            pub fn title(self) -> &'static str {
                match self { $(Code::$name => $title,)* }
            }
        }
    };
}

codes! {
    // Syntax (journal and rules share the lexical layer).
    Syntax = "E001", Error, "syntax error: something other than what the grammar allows here";
    BadDate = "E002", Error, "not a valid date (YYYY-MM-DD, a real calendar day)";
    BadAmount = "E003", Error, "not a valid amount (number then currency, thousands in groups of three)";
    TooManyDecimals = "E004", Error, "more decimals than the currency has minor units";
    UnknownCurrency = "E005", Error, "not an ISO 4217 currency code";
    AmountOverflow = "E006", Error, "number too large to represent exactly";
    BadDuration = "E007", Error, "not a valid duration (N followed by d, w or m)";
    BadString = "E008", Error, "unterminated string or unknown escape";
    UnknownKind = "E009", Error, "unknown directive or entry kind";
    UnknownField = "E010", Error, "unknown field for this block";
    Missing = "E011", Error, "a required argument or field is missing";
    DuplicateField = "E012", Error, "a field that may appear once appears twice";
    BadId = "E013", Error, "not a valid id";
    InvalidUtf8 = "E014", Error, "file is not valid UTF-8";
    IncludeFailed = "E015", Error, "an included file cannot be read";
    IncludeCycle = "E016", Error, "a file includes itself, directly or through others";
    StrayIndent = "E017", Error, "indented line outside any block";
    Limit = "E018", Error, "a resource limit was exceeded";
    BadValue = "E019", Error, "a value outside the allowed set";
    EmptyGlob = "W020", Warning, "an include pattern matched no file";
    NotPositive = "E021", Error, "an amount that must be positive is zero or negative";
    BadPercent = "E022", Error, "not a valid percentage";
    TrailingInput = "E023", Error, "unexpected text after the last argument";
    MergeConflict = "E024", Error, "an unresolved git merge conflict";

    // The journal model.
    DuplicateCustomer = "E030", Error, "duplicate customer id";
    DuplicateNumber = "E031", Error, "duplicate invoice or credit number";
    UnknownCustomer = "E032", Error, "entry names an unknown customer";
    UnknownInvoice = "E033", Error, "entry names an unknown invoice";
    UnknownStage = "E034", Error, "entry names a stage the rules do not define";
    CurrencyMismatch = "E035", Error, "currency differs from the invoice it applies to";
    OverAllocated = "E036", Error, "explicit allocation above the invoice's claim or the payment";
    PaymentBeforeInvoice = "W037", Warning, "payment or credit dated before the invoice it names";
    NoOpenDispute = "E038", Error, "`resolved` without an open dispute";
    NoOpenHold = "E039", Error, "`release` without an open hold";
    PlanMismatch = "W040", Warning, "installments do not add up to the open amount";
    MissingKind = "E041", Error, "customer without `kind`";
    DueBeforeDate = "E042", Error, "due date before the invoice date";
    WrongCustomer = "E043", Error, "entry names an invoice of another customer";
    WaiveAboveOwed = "E048", Error, "a waiver of more than is owed";
    MoneyBackAbove = "E049", Error, "a reversal above its payment, or a refund above the credit";

    // The rules.
    DuplicatePolicy = "E050", Error, "duplicate policy name";
    DuplicateStage = "E051", Error, "duplicate stage name in a policy";
    StageOrder = "E052", Error, "a stage's `after` is earlier than its predecessor's";
    UnknownFee = "E053", Error, "unknown fee scheme";
    UnknownInterest = "E054", Error, "unknown interest scheme";
    UnknownTemplate = "E055", Error, "template not found in the repo or the built-in set";
    NoPolicy = "E056", Error, "a customer's policy cannot be resolved";
    UnusedMinimum = "W057", Warning, "`minimum` in a currency no invoice uses";
    BeConsumerFee = "W058", Warning, "`be-consumer` fee too early on the ladder";
    BadIban = "E059", Error, "IBAN checksum or format is wrong";
    RateTable = "E060", Error, "interest rate table is malformed or starts after a date it is needed for";
    UnverifiedRate = "W061", Warning, "interest claimed or checked at a rate marked unverified";
    BadStage = "E062", Error, "a stage needs exactly one of `template` or `task`";
    NoSender = "W063", Warning, "letter stages but no `sender` block: letters would not say who they are from";
    ProvisionalRate = "W064", Warning, "a rate table ends before a date it is needed for: its last rate is carried forward";
    ForeignStatute = "W065", Warning, "a customer's policy claims another country's statutory fees or interest";
    ShortStatutoryWait = "W066", Warning, "a consumer's costs stage waits less than the statute";
    WikWithoutFourteenDays = "W067", Warning, "consumer costs under `fee wik` with no `required` 14-day letter before them";
    FeeCurrency = "W068", Warning, "a fee scheme that cannot charge an invoice's currency";

    // Templates.
    TemplateSyntax = "E070", Error, "template does not parse";
    TemplateVariable = "E071", Error, "template uses a variable the context does not have";

    // Payments and e-mail.
    BadReference = "E072", Error, "structured payment reference is malformed or its check digits are wrong";
    UnstructuredReference = "W073", Warning, "`ref:` is not the structured reference kind the rules generate";
    SameReference = "W074", Warning, "two invoices get the same payment reference";
    // Bank lines: bank ids, reversals, unmatched money, customer accounts.
    DuplicateBankId = "E075", Error, "a `bank-id` recorded twice: the same bank line imported again";
    UnknownReversal = "E076", Error, "`reverses:` names no single payment of that customer and currency";
    ReversesPositive = "E077", Error, "`reverses:` on a payment that is not negative";
    NegativeAllocated = "E078", Error, "a negative payment with `invoice:` lines";
    ReversalMismatch = "E079", Error, "a reversal dated before the payment it reverses, or reversing more than it";
    UnmatchedMoney = "W080", Warning, "money received that is not placed yet (an `unmatched` entry)";
    CreditLimitCurrency = "W081", Warning, "`credit-limit` in a currency none of the customer's invoices use";
    // PDF letters.
    NoPdf = "E085", Error, "PDF letters asked for, but this build has no PDF support";
    PdfLayout = "E086", Error, "the PDF layout does not compile";
    // Robustness.
    DateOutOfRange = "E090", Error, "a computed date falls after 9999-12-31";
    InterestOverflow = "E091", Error, "interest too large to compute";
    // Customers' payment behaviour (`advice`, `behaviour-window`, credit limits).
    UnknownMetric = "E120", Error, "unknown metric in an `advice` line";
    BadComparison = "E121", Error, "not a comparison (`>`, `>=`, `<`, `<=`) in an `advice` line";
    AdviceValue = "E122", Error, "an `advice` value that does not fit its metric";
    AdviceShape = "E123", Error, "an `advice` line not of the form `advice KIND when METRIC OP VALUE`";
    BadWindow = "E124", Error, "`behaviour-window` is not a positive number of months";
    CreditLimitPassed = "W120", Warning, "a customer's exposure passes its `credit-limit`";
    // Bank statements (`dun import`).
    SharedIban = "W100", Warning, "an `iban:` listed by several customers: imports never match on it alone";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_documented_once() {
        let doc = include_str!("../../docs/errors.md");
        for code in Code::ALL {
            let heading = format!("\n## {}\n", code.id());
            assert_eq!(
                doc.matches(&heading).count(),
                1,
                "docs/errors.md must have one section for {}",
                code.id()
            );
            let prefix = if code.severity() == Severity::Error { 'E' } else { 'W' };
            assert!(
                code.id().starts_with(prefix),
                "{} has the wrong letter for its severity",
                code.id()
            );
        }
    }
}
