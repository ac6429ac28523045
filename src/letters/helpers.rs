//! Template helpers: `money`, `date`, `percent`, `plural`, `pad`, `align`, `nonzero`, `nobr`, and
//! strict `if`/`unless`.
//!
//! Helpers write in the letter's language, taken from the context's `language`
//! (`@root.language`) unless a `lang="en"` hash argument overrides it. Dutch (`nl`) has its
//! own conventions; every other language is written the English way.
//!
//! In strict mode handlebars checks plain `{{name}}` expressions but not helper
//! arguments, so a misspelt `{{#if sender.phon}}` would silently be false. Every helper
//! here, including the replacement `if` and `unless`, treats a missing argument as the
//! strict-mode error it is.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonTruthy, JsonValue, Output, RenderContext, RenderError,
    RenderErrorReason, Renderable, ScopedJson,
};
use rust_decimal::Decimal;

use crate::money::Currency;

/// The conventions of a letter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// Dutch: `€ 1.234,56`, `23 november 2026`.
    Nl,
    /// English, and every language without conventions of its own: `€1,234.56`.
    En,
}

impl Locale {
    /// The conventions for language `lang`.
    pub fn of(lang: &str) -> Locale {
        if lang == "nl" || lang.starts_with("nl-") {
            Locale::Nl
        } else {
            Locale::En
        }
    }
}

/// Registers every helper on `hb`.
pub fn register(hb: &mut Handlebars<'_>) {
    let helpers: [(&'static str, HelperFn); 8] = [
        ("percent", percent_helper),
        ("nobr", nobr_helper),
        ("money", money_helper),
        ("date", date_helper),
        ("plural", plural_helper),
        ("pad", pad_helper),
        ("align", align_helper),
        ("nonzero", nonzero_helper),
    ];
    for (name, f) in helpers {
        hb.register_helper(name, Box::new(Simple { name, f }));
    }
    hb.register_helper("if", Box::new(StrictIf { positive: true }));
    hb.register_helper("unless", Box::new(StrictIf { positive: false }));
}

/// Registers the helper only Typst layouts have: `{{{str VALUE}}}` writes a Typst string
/// literal, for values used in code (`#set text(lang: {{{str language}}})`); three braces,
/// because the literal is already safe and must not be markup-escaped again.
pub fn register_typst(hb: &mut Handlebars<'_>) {
    hb.register_helper(
        "str",
        Box::new(Simple {
            name: "str",
            f: str_helper,
        }),
    );
}

/// `{{{str TEXT}}}`: a Typst string literal.
fn str_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    Ok(super::typ::string(&a.str(0)?).into())
}

/// `amount` (exact) in `currency`, written per `locale`: `€ 1.234,56` (nl), `€1,234.56` (en),
/// `USD 1,234.56`. The space after a symbol or code is a no-break space, so a line is never
/// wrapped between them.
pub fn format_money(amount: Decimal, currency: Currency, locale: Locale) -> String {
    let plain = currency.format(amount);
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, plain.as_str()),
    };
    let (group, point) = match locale {
        Locale::Nl => ('.', ','),
        Locale::En => (',', '.'),
    };
    let number = crate::money::grouped(digits, group, point);
    let symbol = match currency.code() {
        "EUR" => "€",
        "GBP" => "£",
        code => code,
    };
    let tight = symbol.chars().count() == 1 && locale == Locale::En;
    let sep = if tight { "" } else { "\u{a0}" };
    match (negative, locale) {
        (false, _) => format!("{symbol}{sep}{number}"),
        (true, Locale::Nl) => format!("{symbol}{sep}-{number}"),
        (true, Locale::En) => format!("-{symbol}{sep}{number}"),
    }
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `date` in words (`23 november 2026`, `23 November 2026`), or short (`23-11-2026`,
/// `23 Nov 2026`) for tables.
pub fn format_date(date: NaiveDate, locale: Locale, short: bool) -> String {
    let m = date.month0() as usize;
    match (locale, short) {
        (Locale::Nl, false) => format!("{} {} {}", date.day(), MONTHS_NL[m], date.year()),
        (Locale::En, false) => format!("{} {} {}", date.day(), MONTHS_EN[m], date.year()),
        (Locale::Nl, true) => format!("{:02}-{:02}-{}", date.day(), m + 1, date.year()),
        (Locale::En, true) => format!("{} {} {}", date.day(), &MONTHS_EN[m][..3], date.year()),
    }
}

/// `text` padded with spaces to `width` characters; `right` aligns it to the right.
pub fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.chars().count()));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// A helper's evaluated arguments.
struct Args<'a> {
    params: Vec<&'a JsonValue>,
    locale: Locale,
}

impl Args<'_> {
    fn get(&self, i: usize) -> Result<&JsonValue, String> {
        self.params
            .get(i)
            .copied()
            .ok_or_else(|| format!("argument {} is required", i + 1))
    }

    fn str(&self, i: usize) -> Result<String, String> {
        match self.get(i)? {
            JsonValue::String(s) => Ok(s.clone()),
            JsonValue::Number(n) => Ok(n.to_string()),
            other => Err(format!("argument {} must be text, not {}", i + 1, kind(other))),
        }
    }

    fn width(&self, i: usize) -> Result<usize, String> {
        match self.get(i)? {
            JsonValue::Number(n) => n.as_u64().map(|n| n.min(1000) as usize),
            JsonValue::String(s) => s.parse::<usize>().ok().map(|n| n.min(1000)),
            _ => None,
        }
        .ok_or_else(|| format!("argument {} must be a width (a whole number)", i + 1))
    }
}

fn kind(v: &JsonValue) -> &'static str {
    match v {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a boolean",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "text",
        JsonValue::Array(_) => "a list",
        JsonValue::Object(_) => "an object",
    }
}

type HelperFn = fn(&Args<'_>) -> Result<JsonValue, String>;

/// `{{money AMOUNT CURRENCY}}`
fn money_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    let raw = a.str(0)?;
    let amount = Decimal::from_str(&raw).map_err(|_| format!("`{raw}` is not an amount"))?;
    let code = a.str(1)?;
    let currency = Currency::from_code(&code).ok_or_else(|| format!("`{code}` is not a currency code"))?;
    Ok(format_money(amount, currency, a.locale).into())
}

/// `{{date DATE}}` or `{{date DATE "short"}}`
fn date_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    let raw = a.str(0)?;
    let date = NaiveDate::parse_from_str(&raw, "%Y-%m-%d").map_err(|_| format!("`{raw}` is not a date"))?;
    let short = match a.params.get(1) {
        None => false,
        Some(_) if a.str(1)? == "short" => true,
        Some(_) => return Err("the second argument may only be \"short\"".into()),
    };
    Ok(format_date(date, a.locale, short).into())
}

/// `{{percent RATE}}`: a percentage as written (`"10.40"`), with the language's decimal
/// separator and a `%`: `10,40%` (nl), `10.40%` (en).
fn percent_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    let raw = a.str(0)?;
    Decimal::from_str(&raw).map_err(|_| format!("`{raw}` is not a number"))?;
    let text = match a.locale {
        Locale::Nl => raw.replace('.', ","),
        Locale::En => raw,
    };
    Ok(format!("{text}%").into())
}

/// `{{plural N ONE MANY}}`; N is a number or a list (its length).
fn plural_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    let n = match a.get(0)? {
        JsonValue::Array(list) => list.len() as f64,
        JsonValue::Number(n) => n.as_f64().unwrap_or(0.0),
        JsonValue::String(s) => s.parse::<f64>().map_err(|_| format!("`{s}` is not a number"))?,
        other => return Err(format!("argument 1 must be a number or a list, not {}", kind(other))),
    };
    let word = if n == 1.0 { a.str(1)? } else { a.str(2)? };
    Ok(word.into())
}

/// `{{pad TEXT WIDTH}}`: left-aligned, filled with spaces on the right.
fn pad_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    Ok(pad(&a.str(0)?, a.width(1)?, false).into())
}

/// `{{align TEXT WIDTH}}`: right-aligned, filled with spaces on the left.
fn align_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    Ok(pad(&a.str(0)?, a.width(1)?, true).into())
}

/// `{{nobr TEXT}}`: spaces become no-break spaces, so a phone number or IBAN is never
/// wrapped across lines.
fn nobr_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    Ok(a.str(0)?.replace(' ', "\u{a0}").into())
}

/// `{{#if (nonzero AMOUNT)}}`: true unless the amount is zero (`"0.00"` is text, and text
/// is always true to `if`).
fn nonzero_helper(a: &Args<'_>) -> Result<JsonValue, String> {
    let raw = a.str(0)?;
    let amount = Decimal::from_str(&raw).map_err(|_| format!("`{raw}` is not an amount"))?;
    Ok((!amount.is_zero()).into())
}

/// A helper that maps its arguments to a value (escaped by the registry like any value).
struct Simple {
    name: &'static str,
    f: HelperFn,
}

impl HelperDef for Simple {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let mut params = Vec::new();
        for p in h.params() {
            if r.strict_mode() && p.is_value_missing() {
                return Err(RenderError::strict_error(p.relative_path()));
            }
            params.push(p.value());
        }
        let lang = h
            .hash_get("lang")
            .and_then(|v| v.value().as_str())
            .or_else(|| ctx.data().get("language").and_then(JsonValue::as_str))
            .unwrap_or("en");
        let args = Args {
            params,
            locale: Locale::of(lang),
        };
        match (self.f)(&args) {
            Ok(v) => Ok(ScopedJson::Derived(v)),
            Err(e) => Err(RenderErrorReason::Other(format!("helper `{}`: {e}", self.name)).into()),
        }
    }
}

/// `if` and `unless` that fail on a missing variable in strict mode.
struct StrictIf {
    positive: bool,
}

impl HelperDef for StrictIf {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = if self.positive { "if" } else { "unless" };
        let param = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))?;
        if r.strict_mode() && param.is_value_missing() {
            return Err(RenderError::strict_error(param.relative_path()));
        }
        let include_zero = h
            .hash_get("includeZero")
            .and_then(|v| v.value().as_bool())
            .unwrap_or(false);
        let truthy = param.value().is_truthy(include_zero) == self.positive;
        match if truthy { h.template() } else { h.inverse() } {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(tpl: &str, data: &JsonValue) -> Result<String, String> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_escape_fn(handlebars::no_escape);
        register(&mut hb);
        hb.render_template(tpl, data).map_err(|e| e.to_string())
    }

    fn nl() -> JsonValue {
        json!({"language": "nl", "n": 3, "list": [1], "amount": "1234.56", "neg": "-5", "d": "2026-11-23"})
    }

    fn en() -> JsonValue {
        json!({"language": "en", "n": 1, "list": [], "amount": "1234.56", "neg": "-5", "d": "2026-11-23"})
    }

    #[test]
    fn money_per_language() {
        assert_eq!(render("{{money amount \"EUR\"}}", &nl()).unwrap(), "€\u{a0}1.234,56");
        assert_eq!(render("{{money amount \"EUR\"}}", &en()).unwrap(), "€1,234.56");
        assert_eq!(render("{{money amount \"USD\"}}", &en()).unwrap(), "USD\u{a0}1,234.56");
        assert_eq!(render("{{money amount \"USD\"}}", &nl()).unwrap(), "USD\u{a0}1.234,56");
        assert_eq!(render("{{money neg \"EUR\"}}", &nl()).unwrap(), "€\u{a0}-5,00");
        assert_eq!(render("{{money neg \"GBP\"}}", &en()).unwrap(), "-£5.00");
        assert_eq!(
            render("{{money \"1234567\" \"JPY\"}}", &en()).unwrap(),
            "JPY\u{a0}1,234,567"
        );
        assert_eq!(
            render("{{money amount \"EUR\" lang=\"en\"}}", &nl()).unwrap(),
            "€1,234.56"
        );
        assert!(render("{{money amount \"XXX\"}}", &nl())
            .unwrap_err()
            .contains("not a currency"));
    }

    #[test]
    fn date_in_words() {
        assert_eq!(render("{{date d}}", &nl()).unwrap(), "23 november 2026");
        assert_eq!(render("{{date d}}", &en()).unwrap(), "23 November 2026");
        assert_eq!(render("{{date d \"short\"}}", &nl()).unwrap(), "23-11-2026");
        assert_eq!(render("{{date d \"short\"}}", &en()).unwrap(), "23 Nov 2026");
        assert!(render("{{date \"2026-02-30\"}}", &en())
            .unwrap_err()
            .contains("not a date"));
    }

    #[test]
    fn plural_by_number_or_list() {
        assert_eq!(
            render("{{plural n \"factuur\" \"facturen\"}}", &nl()).unwrap(),
            "facturen"
        );
        assert_eq!(
            render("{{plural list \"factuur\" \"facturen\"}}", &nl()).unwrap(),
            "factuur"
        );
        assert_eq!(
            render("{{plural n \"invoice\" \"invoices\"}}", &en()).unwrap(),
            "invoice"
        );
        assert_eq!(
            render("{{plural list \"invoice\" \"invoices\"}}", &en()).unwrap(),
            "invoices"
        );
    }

    #[test]
    fn pad_and_align() {
        assert_eq!(render("[{{pad \"ab\" 5}}]", &nl()).unwrap(), "[ab   ]");
        assert_eq!(render("[{{align \"ab\" 5}}]", &en()).unwrap(), "[   ab]");
        assert_eq!(
            render("[{{align (money amount \"EUR\") 12}}]", &en()).unwrap(),
            "[   €1,234.56]"
        );
        assert_eq!(render("[{{pad \"abcdef\" 3}}]", &en()).unwrap(), "[abcdef]");
    }

    #[test]
    fn percent_per_language() {
        assert_eq!(render("{{percent \"10.40\"}}", &nl()).unwrap(), "10,40%");
        assert_eq!(render("{{percent \"10.40\"}}", &en()).unwrap(), "10.40%");
        assert!(render("{{percent \"x\"}}", &en()).unwrap_err().contains("not a number"));
    }

    #[test]
    fn nobr_keeps_words_together() {
        assert_eq!(
            render("{{nobr \"+31 20 123\"}}", &nl()).unwrap(),
            "+31\u{a0}20\u{a0}123"
        );
    }

    #[test]
    fn nonzero_amounts() {
        let data = json!({"z": "0.00", "n": "0.01"});
        let tpl = "{{#if (nonzero z)}}a{{else}}b{{/if}}{{#if (nonzero n)}}c{{/if}}";
        assert_eq!(render(tpl, &data).unwrap(), "bc");
    }

    #[test]
    fn else_if_and_builtins() {
        let tpl = "{{#if (eq language \"de\")}}de{{else if (eq language \"nl\")}}nl{{else}}other{{/if}}";
        assert_eq!(render(tpl, &nl()).unwrap(), "nl");
        assert_eq!(render(tpl, &en()).unwrap(), "other");
        assert_eq!(render("{{#each list}}\n{{this}}\n{{/each}}\n", &nl()).unwrap(), "1\n");
    }

    #[test]
    fn strict_arguments() {
        for tpl in [
            "{{money amont \"EUR\"}}",
            "{{#if nope}}x{{/if}}",
            "{{#unless nope}}x{{/unless}}",
        ] {
            let err = render(tpl, &nl()).unwrap_err();
            assert!(err.contains("strict mode"), "{tpl}: {err}");
        }
        assert_eq!(render("{{#if n}}y{{else}}n{{/if}}", &nl()).unwrap(), "y");
        assert_eq!(render("{{#unless list}}empty{{/unless}}", &en()).unwrap(), "empty");
    }
}
