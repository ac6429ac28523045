//! The rules model: owned data built by [`super::parse_rules`], with a span on every
//! name so later checks (an unknown stage in a `sent` record, an unknown template) can
//! point at the place in `rules.dun` that explains them.

use super::LetterFormat;
use crate::fees::FeeRule;
use crate::interest::{InterestRule, Scheme};
use crate::money::{Currency, Money};
use crate::source::Span;
use crate::syntax::ast::{Duration, DurationUnit, Spanned};

/// A file-level setting with a default: its value, and where it was written if it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value in force.
    pub value: T,
    /// Where the file sets it; `None` when the default applies.
    pub span: Option<Span>,
}

impl<T> Setting<T> {
    /// The default `value`, not written in the file.
    pub fn default_to(value: T) -> Setting<T> {
        Setting { value, span: None }
    }

    /// `value` as written at `span`.
    pub fn given(value: T, span: Span) -> Setting<T> {
        Setting {
            value,
            span: Some(span),
        }
    }
}

/// How payments are split between costs, interest and principal (`payment-order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PaymentOrder {
    /// `principal-first` (default): payments go to the principal.
    #[default]
    PrincipalFirst,
    /// `legal`: costs, then interest, then principal (Dutch Civil Code art. 6:44).
    Legal,
}

impl PaymentOrder {
    /// Every value as written, for hints.
    pub const NAMES: &'static [&'static str] = &["principal-first", "legal"];

    /// The value as written in `rules.dun`.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentOrder::PrincipalFirst => "principal-first",
            PaymentOrder::Legal => "legal",
        }
    }
}

/// How a late run catches up on a ladder (`escalate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Escalate {
    /// `step` (default): one stage per letter, nothing skipped.
    #[default]
    Step,
    /// `jump`: straight to the highest stage whose `after` has passed, never over a
    /// `required` stage.
    Jump,
}

impl Escalate {
    /// Every value as written, for hints.
    pub const NAMES: &'static [&'static str] = &["step", "jump"];

    /// The value as written in `rules.dun`.
    pub fn as_str(self) -> &'static str {
        match self {
            Escalate::Step => "step",
            Escalate::Jump => "jump",
        }
    }
}

/// `rates SCHEME "file.csv"`: a scheme's rate table taken from the user's own file.
/// Loading and checking the file is done elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatesFile {
    /// The scheme whose table is replaced.
    pub scheme: Scheme,
    /// Where the scheme name is written.
    pub scheme_span: Span,
    /// The path as written, relative to the rules file.
    pub path: String,
    /// Where the path is written.
    pub span: Span,
}

/// `smtp HOST [PORT] [starttls|tls|none]`: the server `dun send` uses. Credentials are
/// never written here (see `dun send --help`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpRule {
    /// Host name.
    pub host: String,
    /// Port, if given.
    pub port: Option<u16>,
    /// Security, if given.
    pub security: Option<super::Security>,
    /// The whole setting after `smtp`.
    pub span: Span,
}

/// The `sender` block: who the letters are from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sender {
    /// The `sender` head line.
    pub span: Span,
    /// `name:` (required).
    pub name: String,
    /// `address:` lines, in order.
    pub address: Vec<String>,
    /// `email:`
    pub email: Option<String>,
    /// `phone:`
    pub phone: Option<String>,
    /// `iban:`, validated, in electronic form (upper case, no spaces).
    pub iban: Option<Spanned<String>>,
    /// `bic:`, upper case.
    pub bic: Option<String>,
    /// `coc:` chamber of commerce or enterprise number.
    pub coc: Option<String>,
    /// `vat:` VAT number.
    pub vat: Option<String>,
    /// `place:` for the date line.
    pub place: Option<String>,
    /// `signature:`
    pub signature: Option<String>,
    /// Free `x-` metadata fields (key as written, with its `x-`), in order.
    pub meta: Vec<(String, String)>,
}

/// What a stage produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `template NAME`: a letter from that template.
    Letter {
        /// The template name.
        template: String,
        /// Where the name is written.
        span: Span,
    },
    /// `task "TEXT"`: a to-do for the user, no letter.
    Task {
        /// What to do.
        text: String,
        /// Where the text is written.
        span: Span,
    },
}

/// Where a stage's clauses are written, for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StageSpans {
    /// The `after` clause.
    pub after: Span,
    /// The `wait` clause, if given.
    pub wait: Option<Span>,
    /// The `fee` clause, if given.
    pub fee: Option<Span>,
    /// The `interest` clause, if given.
    pub interest: Option<Span>,
}

/// One step of a policy's ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// The stage name (as used in `sent` records).
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// The whole stage line.
    pub line: Span,
    /// Due this long after the invoice's due date.
    pub after: Duration,
    /// And at least this long after the previous stage was sent (zero if not given).
    pub wait: Duration,
    /// A letter or a task.
    pub action: Action,
    /// `required`: never jumped over by `escalate jump`.
    pub required: bool,
    /// `fee ...`
    pub fee: Option<FeeRule>,
    /// `interest ...`
    pub interest: Option<InterestRule>,
    /// `action handover`: the last letter before handing over.
    pub handover: bool,
    /// Where the clauses are written.
    pub spans: StageSpans,
}

impl Stage {
    /// The template of a letter stage.
    pub fn template(&self) -> Option<&str> {
        match &self.action {
            Action::Letter { template, .. } => Some(template),
            Action::Task { .. } => None,
        }
    }

    /// True for a `task` stage.
    pub fn is_task(&self) -> bool {
        matches!(self.action, Action::Task { .. })
    }
}

/// A `policy NAME` block: a ladder of stages and settings that override the file's.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The policy name.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// `minimum` per currency, overriding the file's for that currency.
    pub minimums: Vec<Spanned<Money>>,
    /// `grace`, overriding the file's.
    pub grace: Option<Spanned<Duration>>,
    /// `language`, overriding the file's.
    pub language: Option<Spanned<String>>,
    /// `escalate` (default `step`).
    pub escalate: Setting<Escalate>,
    /// The ladder, in order.
    pub stages: Vec<Stage>,
    /// Names of stage lines that failed to parse: the journal's checks should not
    /// report them as unknown stages a second time.
    pub poisoned: Vec<String>,
}

impl Policy {
    /// An empty policy named `name`.
    pub fn new(name: impl Into<String>, span: Span) -> Policy {
        Policy {
            name: name.into(),
            span,
            minimums: Vec::new(),
            grace: None,
            language: None,
            escalate: Setting::default_to(Escalate::Step),
            stages: Vec::new(),
            poisoned: Vec::new(),
        }
    }

    /// The index of the stage named `name` (the first, if the name is duplicated).
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.name == name)
    }

    /// The stage named `name`.
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stage_index(name).map(|i| &self.stages[i])
    }

    /// The grace period: the policy's, else the file's.
    pub fn effective_grace(&self, rules: &Rules) -> Duration {
        self.grace.map_or(rules.grace.value, |g| g.node)
    }

    /// The letter language: the policy's, else the file's (a customer's own comes first).
    pub fn effective_language<'r>(&'r self, rules: &'r Rules) -> &'r str {
        self.language
            .as_ref()
            .map_or(rules.language.value.as_str(), |l| l.node.as_str())
    }

    /// The minimum overdue total in `currency`: the policy's, else the file's.
    pub fn effective_minimum(&self, rules: &Rules, currency: Currency) -> Option<Money> {
        find_minimum(&self.minimums, currency).or_else(|| rules.minimum(currency))
    }
}

/// The whole rules file.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// `default-terms` (default 30d).
    pub default_terms: Setting<Duration>,
    /// `language` (default `nl`).
    pub language: Setting<String>,
    /// `grace` (default 0d).
    pub grace: Setting<Duration>,
    /// `minimum`, one per currency.
    pub minimums: Vec<Spanned<Money>>,
    /// `record-to`: where `dun run` appends `sent` records (default: the main journal).
    pub record_to: Option<Spanned<String>>,
    /// `import-to`: where `dun import` appends payments and unmatched money (default: the
    /// `record-to` file, else the main journal).
    pub import_to: Option<Spanned<String>>,
    /// `payment-order` (default `principal-first`).
    pub payment_order: Setting<PaymentOrder>,
    /// `pay-within`: the pay-by term printed in letters.
    pub pay_within: Option<Spanned<Duration>>,
    /// `receipt post N email M`: when a letter is presumed received (delivery days after a
    /// posted letter, days after an e-mail), for the Dutch consumer's 14-day period.
    pub receipt: Option<Spanned<Receipt>>,
    /// `rates` overrides, one per scheme.
    pub rates: Vec<RatesFile>,
    /// `reference rf|be|nl`: the kind of structured payment reference generated for
    /// invoices without `ref:` (none by default: letters quote the invoice number).
    pub reference: Option<Spanned<crate::payref::Kind>>,
    /// `smtp HOST [PORT] [SECURITY]`: where `dun send` delivers (flags override it).
    pub smtp: Option<SmtpRule>,
    /// `formats`: the files `dun run` writes per letter when `--format` is not given, in
    /// order (the first is the one `sent` records name); empty means `html`.
    pub formats: Vec<Spanned<LetterFormat>>,
    /// `advice` lines, in file order (empty: [`super::AdviceRule::defaults`] apply).
    pub advice: Vec<super::AdviceRule>,
    /// `behaviour-window`: how far back `dun customers` looks (default 12 months).
    pub behaviour_window: Option<Spanned<Duration>>,
    /// The `sender` block.
    pub sender: Option<Sender>,
    /// The policies, in file order.
    pub policies: Vec<Policy>,
    /// Names of `policy` blocks whose head failed to parse (see [`Policy::poisoned`]).
    pub poisoned: Vec<String>,
}

impl Default for Rules {
    /// The rules of an empty file.
    fn default() -> Rules {
        Rules {
            default_terms: Setting::default_to(Duration {
                n: 30,
                unit: DurationUnit::Days,
            }),
            language: Setting::default_to("nl".to_string()),
            grace: Setting::default_to(Duration::ZERO),
            minimums: Vec::new(),
            record_to: None,
            import_to: None,
            payment_order: Setting::default_to(PaymentOrder::PrincipalFirst),
            pay_within: None,
            receipt: None,
            rates: Vec::new(),
            reference: None,
            smtp: None,
            formats: Vec::new(),
            advice: Vec::new(),
            behaviour_window: None,
            sender: None,
            policies: Vec::new(),
            poisoned: Vec::new(),
        }
    }
}

impl Rules {
    /// The policy named `name` (the first, if the name is duplicated).
    pub fn policy(&self, name: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.name == name)
    }

    /// The formats `dun run` writes without `--format`: `formats`, else HTML.
    pub fn letter_formats(&self) -> Vec<LetterFormat> {
        match self.formats.is_empty() {
            true => vec![LetterFormat::Html],
            false => self.formats.iter().map(|f| f.node).collect(),
        }
    }

    /// The advice rules in force: the file's `advice` lines, else the built-in defaults.
    pub fn advice_rules(&self) -> Vec<super::AdviceRule> {
        match self.advice.is_empty() {
            true => super::AdviceRule::defaults(),
            false => self.advice.clone(),
        }
    }

    /// The window `dun customers` looks back over: `behaviour-window`, else 12 months.
    pub fn window(&self) -> Duration {
        self.behaviour_window.map_or(
            Duration {
                n: 12,
                unit: DurationUnit::Months,
            },
            |w| w.node,
        )
    }

    /// The file-level minimum in `currency`.
    pub fn minimum(&self, currency: Currency) -> Option<Money> {
        find_minimum(&self.minimums, currency)
    }

    /// The user's rate table for `scheme`, if the file names one.
    pub fn rate_table(&self, scheme: Scheme) -> Option<&RatesFile> {
        self.rates.iter().find(|r| r.scheme == scheme)
    }
}

fn find_minimum(minimums: &[Spanned<Money>], currency: Currency) -> Option<Money> {
    minimums.iter().find(|m| m.node.currency == currency).map(|m| m.node)
}

/// When a letter is presumed received: `receipt post 2 email 1` (the defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    /// Delivery days after a posted letter's date.
    pub post: u32,
    /// Days after an e-mail's date.
    pub email: u32,
}

impl Default for Receipt {
    /// The second delivery day after posting, the day after an e-mail.
    fn default() -> Receipt {
        Receipt { post: 2, email: 1 }
    }
}
