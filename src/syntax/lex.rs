//! Tokens and the lexical values both languages share: ids, dates, amounts, durations,
//! strings and percentages. Each value parser returns a spanned value or a diagnostic
//! that says what was expected, with a hint where a fix is likely.

use std::borrow::Cow;

use chrono::NaiveDate;
use nom::bytes::complete::{tag, take_while1, take_while_m_n};
use nom::character::complete::{char, one_of};
use nom::combinator::{all_consuming, opt, recognize};
use nom::multi::many0;
use nom::{IResult, Parser};
use rust_decimal::Decimal;

use super::ast::{Duration, DurationUnit, Spanned};
use crate::diag::{Code, Diagnostic};
use crate::money::{Currency, Money};
use crate::source::{FileId, Span};

/// One token of a line: a bare word or a quoted string (quotes included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte offset in the file.
    pub start: usize,
    /// The raw text.
    pub text: &'a str,
}

impl Token<'_> {
    /// True for a `"..."` token.
    pub fn is_quoted(&self) -> bool {
        self.text.starts_with('"')
    }

    /// The token's span in `file`.
    pub fn span(&self, file: FileId) -> Span {
        Span::new(file, self.start, self.start + self.text.len())
    }
}

/// Splits line content into tokens at blanks; a quoted string is one token.
pub fn tokens(content: &str, offset: usize) -> Tokens<'_> {
    Tokens {
        content,
        pos: 0,
        offset,
    }
}

/// Iterator returned by [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    content: &'a str,
    pos: usize,
    offset: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.content.as_bytes();
        while self.pos < bytes.len() && matches!(bytes[self.pos], b' ' | b'\t') {
            self.pos += 1;
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        if bytes[start] == b'"' {
            let mut i = start + 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => {
                        i += 1;
                        break;
                    }
                    _ => i += 1,
                }
            }
            self.pos = i.min(bytes.len());
        } else {
            let len = bytes[start..].iter().position(|b| matches!(b, b' ' | b'\t'));
            self.pos = len.map_or(bytes.len(), |l| start + l);
        }
        Some(Token {
            start: self.offset + start,
            text: &self.content[start..self.pos],
        })
    }
}

/// Reads typed values from a line's tokens, one after another.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    file: FileId,
    tokens: std::iter::Peekable<Tokens<'a>>,
    /// Offset one past the line's content, where "missing" problems point.
    end: usize,
    /// What the last token was, for "expected X after Y" messages.
    after: &'static str,
    /// Whether the last token was a quoted string.
    after_quoted: bool,
}

impl<'a> Cursor<'a> {
    /// A cursor over `content`, which starts at byte `offset` of `file`.
    pub fn new(file: FileId, content: &'a str, offset: usize) -> Cursor<'a> {
        Cursor {
            file,
            tokens: tokens(content, offset).peekable(),
            end: offset + content.len(),
            after: "",
            after_quoted: false,
        }
    }

    /// The file being read.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The next token, if any, without consuming it.
    pub fn peek(&mut self) -> Option<Token<'a>> {
        self.tokens.peek().copied()
    }

    /// How many tokens are left.
    pub fn remaining(&self) -> usize {
        self.tokens.clone().count()
    }

    /// The next token, or a "missing" diagnostic naming `what`.
    pub fn expect(&mut self, what: &'static str) -> Result<Token<'a>, Diagnostic> {
        match self.tokens.next() {
            Some(t) => {
                self.after = what;
                self.after_quoted = t.is_quoted();
                Ok(t)
            }
            None => {
                let msg = if self.after.is_empty() {
                    format!("expected {what}")
                } else {
                    format!("expected {what} after the {}", self.after)
                };
                let d = Diagnostic::new(Code::Missing, msg)
                    .at(Span::new(self.file, self.end, self.end))
                    .label(format!("{what} goes here"));
                Err(match example(what) {
                    Some(e) => d.help(format!("for example: {e}")),
                    None => d,
                })
            }
        }
    }

    /// An id (customer, document number, stage).
    pub fn id(&mut self, what: &'static str) -> Result<Spanned<&'a str>, Diagnostic> {
        let t = self.expect(what)?;
        id(self.file, t, what)
    }

    /// A date.
    pub fn date(&mut self, what: &'static str) -> Result<Spanned<NaiveDate>, Diagnostic> {
        let t = self.expect(what)?;
        date(self.file, t)
    }

    /// An amount: a number token and a currency token.
    pub fn amount(&mut self, what: &'static str) -> Result<Spanned<Money>, Diagnostic> {
        let number = self.expect(what)?;
        let currency = self.tokens.next();
        amount(self.file, number, currency, self.end)
    }

    /// A duration.
    pub fn duration(&mut self, what: &'static str) -> Result<Spanned<Duration>, Diagnostic> {
        let t = self.expect(what)?;
        duration(self.file, t)
    }

    /// A quoted string.
    pub fn string(&mut self, what: &'static str) -> Result<Spanned<Cow<'a, str>>, Diagnostic> {
        let t = self.expect(what)?;
        string(self.file, t, what)
    }

    /// A quoted string if the next token is one.
    pub fn opt_string(&mut self, what: &'static str) -> Result<Option<Spanned<Cow<'a, str>>>, Diagnostic> {
        match self.peek() {
            Some(t) if t.is_quoted() => self.string(what).map(Some),
            _ => Ok(None),
        }
    }

    /// A value that may be written in groups, like an IBAN: one quoted string, or the
    /// bare words up to the end, joined without their blanks (`NL91 ABNA 0417 1643 00`),
    /// so that `dun fmt` changing the blanks between the groups never changes the value.
    pub fn grouped(&mut self, what: &'static str) -> Result<Spanned<Cow<'a, str>>, Diagnostic> {
        let first = self.expect(what)?;
        if first.is_quoted() {
            return string(self.file, first, what);
        }
        let mut span = first.span(self.file);
        let mut text = Cow::Borrowed(first.text);
        while let Some(t) = self.peek() {
            self.expect(what)?;
            text.to_mut().push_str(t.text);
            span = span.to(t.span(self.file));
        }
        Ok(Spanned::new(text, span))
    }

    /// A date if the next token looks like one (starts with a digit).
    pub fn opt_date(&mut self, what: &'static str) -> Result<Option<Spanned<NaiveDate>>, Diagnostic> {
        match self.peek() {
            Some(t) if t.text.starts_with(|c: char| c.is_ascii_digit()) => self.date(what).map(Some),
            _ => Ok(None),
        }
    }

    /// Fails if any token is left.
    pub fn finish(&mut self) -> Result<(), Diagnostic> {
        match self.tokens.next() {
            None => Ok(()),
            Some(t) => {
                let rest: Vec<Token<'_>> = self.tokens.by_ref().collect();
                let last = rest.last().copied().unwrap_or(t);
                let span = Span::new(self.file, t.start, last.start + last.text.len());
                let mut d = Diagnostic::new(Code::TrailingInput, format!("unexpected `{}`", t.text))
                    .at(span)
                    .label("nothing more is expected here");
                if is_field_key(t) {
                    let words: Vec<&str> = std::iter::once(t.text).chain(rest.iter().map(|r| r.text)).collect();
                    d = d.help(format!(
                        "fields go on their own line below the entry, indented: `  {}`",
                        words.join(" ")
                    ));
                } else if self.after_quoted {
                    d = d.help("put the whole text inside the quotes: \"like this, all of it\"");
                } else if !t.is_quoted() {
                    d = d.help("text is written in double quotes, like \"this\"; a comment starts with ` ;`");
                }
                Err(d)
            }
        }
    }
}

/// True if a token is a field key written as `key:` (a field on its entry's line).
fn is_field_key(t: Token<'_>) -> bool {
    !t.is_quoted()
        && t.text.strip_suffix(':').is_some_and(|k| {
            k.starts_with(|c: char| c.is_ascii_alphabetic()) && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// An example of a value, for "expected X" hints.
fn example(what: &str) -> Option<&'static str> {
    Some(match what {
        "amount" | "installment amount" => "1210.00 EUR",
        "customer id" => "acme",
        "invoice number" => "INV-2026-001",
        "credit note number" => "CN-2026-001",
        "date" | "promised date" | "installment date" | "due date" | "end date" => "2026-01-05",
        "stage name" => "reminder",
        "customer name" => "\"ACME B.V.\"",
        "note text" => "\"Called; promised to pay Friday\"",
        "payment term" => "30d",
        "entry kind" => "invoice, payment, credit, dispute, promise, hold, sent, note, ...",
        "path" => "\"2026/*.dun\"",
        "kind of waiver" => "costs, interest or all",
        "bank id or reference" | "bank id" => "\"ABN-20260220-000102\"",
        "IBAN" => "NL91ABNA0417164300",
        _ => return None,
    })
}

/// True if `c` may appear in an id after its first character.
fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-')
}

/// `ID = [A-Za-z0-9][A-Za-z0-9._/-]*`
pub fn id<'a>(file: FileId, t: Token<'a>, what: &'static str) -> Result<Spanned<&'a str>, Diagnostic> {
    // A byte loop: ids are ASCII, and this runs several times per entry.
    let valid = t.text.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
        && t.text.bytes().all(|b| id_char(char::from(b)));
    match valid {
        true => Ok(Spanned::new(t.text, t.span(file))),
        false => {
            let bad = t
                .text
                .char_indices()
                .find(|&(i, c)| !(id_char(c) && (i > 0 || c.is_ascii_alphanumeric())));
            let mut d = Diagnostic::new(Code::BadId, format!("`{}` is not a valid {what}", t.text)).at(t.span(file));
            d = match bad {
                Some((i, c)) => d.label(format!("`{c}` at position {} is not allowed", i + 1)),
                None => d,
            };
            Err(d.help("ids start with a letter or digit and continue with letters, digits, `.`, `_`, `/` or `-`"))
        }
    }
}

fn digits(n: usize) -> impl FnMut(&str) -> IResult<&str, &str> {
    move |i| take_while_m_n(n, n, |c: char| c.is_ascii_digit()).parse(i)
}

/// `DATE = YYYY-MM-DD`, a real calendar date.
pub fn date(file: FileId, t: Token<'_>) -> Result<Spanned<NaiveDate>, Diagnostic> {
    let span = t.span(file);
    // Fast path for the common, valid case; anything else goes through the grammar below,
    // which explains the problem.
    if let Some(date) = ymd(t.text.as_bytes()) {
        return Ok(Spanned::new(date, span));
    }
    let parsed: IResult<&str, (&str, char, &str, char, &str)> =
        all_consuming((digits(4), char('-'), digits(2), char('-'), digits(2))).parse(t.text);
    let err = |label: String, help: String| {
        Err(Diagnostic::new(Code::BadDate, format!("invalid date `{}`", t.text))
            .at(span)
            .label(label)
            .help(help))
    };
    let Ok((_, (y, _, m, _, d))) = parsed else {
        return err("expected a date YYYY-MM-DD".into(), date_hint(t.text));
    };
    let (y, m, d): (i32, u32, u32) = (y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok(Spanned::new(date, span)),
        None if !(1..=12).contains(&m) => err(format!("there is no month {m}"), "months run from 01 to 12".into()),
        None => {
            let last = last_day_of_month(y, m);
            err(
                format!("{} has {last} days", month_name(y, m)),
                "a date must be a real calendar day".into(),
            )
        }
    }
}

/// `YYYY-MM-DD` read by hand: a date is on every entry, and this is several times faster
/// than the combinators plus `str::parse` (measured with `cargo bench -- parse`).
pub(super) fn ymd(b: &[u8]) -> Option<NaiveDate> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let y = ((digit(y0)? * 10 + digit(y1)?) * 10 + digit(y2)?) * 10 + digit(y3)?;
    let m = digit(m0)? * 10 + digit(m1)?;
    let d = digit(d0)? * 10 + digit(d1)?;
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A date on the command line (`--date`, `--date-from`): a real calendar date written
/// YYYY-MM-DD, else a message with a hint.
pub fn parse_date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("`{s}` is not a date: {}", date_hint(s)))
}

/// A hint for something that is not `YYYY-MM-DD`, e.g. `05-01-2026` -> `2026-01-05`.
pub fn date_hint(text: &str) -> String {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    if let [d, m, y] = parts[..] {
        if y.len() == 4
            && d.len() <= 2
            && m.len() <= 2
            && [d, m, y].iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        {
            return format!("dates are written YYYY-MM-DD: did you mean `{y}-{m:0>2}-{d:0>2}`?");
        }
    }
    "dates are written YYYY-MM-DD, e.g. 2026-01-05".into()
}

fn last_day_of_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
        .unwrap_or(28)
}

fn month_name(y: i32, m: u32) -> String {
    let name = u8::try_from(m)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name());
    format!("{name} {y}")
}

/// A number's parts: sign, integer digits with separators, and `.` with the decimals.
type NumberParts<'a> = (Option<char>, &'a str, Option<(char, &'a str)>);

/// The digits of a number with optional thousands separators, as nom sees them.
fn number_shape(i: &str) -> IResult<&str, NumberParts<'_>> {
    (
        opt(char('-')),
        recognize((
            take_while1(|c: char| c.is_ascii_digit()),
            many0((one_of(",_"), take_while1(|c: char| c.is_ascii_digit()))),
        )),
        opt((char('.'), take_while1(|c: char| c.is_ascii_digit()))),
    )
        .parse(i)
}

/// A decimal number: `-?DIGITS(.DIGITS)?` with `_` or `,` thousands separators in groups of three.
pub fn number(file: FileId, t: Token<'_>) -> Result<Spanned<Decimal>, Diagnostic> {
    let span = t.span(file);
    // Fast path for plain `-?DIGITS(.DIGITS)?` (no separators), built from integers:
    // much faster than the combinators and `Decimal::from_str`.
    if let Some(n) = plain_number(t.text.as_bytes()) {
        return Ok(Spanned::new(n, span));
    }
    let bad = |label: &str, help: &str| {
        Diagnostic::new(Code::BadAmount, format!("invalid number `{}`", t.text))
            .at(span)
            .label(label.to_string())
            .help(help.to_string())
    };
    let Ok(("", (sign, int, frac))) = all_consuming(number_shape).parse(t.text) else {
        return Err(bad("expected a number", &number_hint(t.text)));
    };
    let groups: Vec<&str> = int.split([',', '_']).collect();
    let mixed = int.contains(',') && int.contains('_');
    if groups.len() > 1 && (mixed || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        let help = european_hint(t.text).unwrap_or_else(|| "write 12,345.67 or 12345.67".into());
        return Err(bad(
            "thousands separators must split the number in groups of three",
            &help,
        ));
    }
    let frac = frac.map_or("", |(_, f)| f);
    let mut mantissa: i128 = 0;
    for c in groups.concat().chars().chain(frac.chars()) {
        let digit = i128::from(c as u8 - b'0');
        mantissa = match mantissa.checked_mul(10).and_then(|m| m.checked_add(digit)) {
            Some(m) => m,
            None => return Err(overflow(span, t.text)),
        };
    }
    if sign.is_some() {
        mantissa = -mantissa;
    }
    let scale = u32::try_from(frac.len()).unwrap_or(u32::MAX);
    Decimal::try_from_i128_with_scale(mantissa, scale)
        .map(|d| Spanned::new(d, span))
        .map_err(|_| overflow(span, t.text))
}

/// `-?DIGITS(.DIGITS)?` with at most 18 digits (no overflow possible in `i64`); `None`
/// for anything else, which the full grammar then reads or explains.
fn plain_number(b: &[u8]) -> Option<Decimal> {
    let (neg, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    // One pass: the digits into the mantissa, and where the `.` is.
    let mut mantissa: i64 = 0;
    let mut dot = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => mantissa = mantissa * 10 + i64::from(c - b'0'),
            b'.' if dot.is_none() => dot = Some(i),
            _ => return None,
        }
    }
    let scale = match dot {
        Some(at) if at == 0 || at + 1 == digits.len() => return None, // `.5` or `5.`: let the grammar report it
        Some(at) => digits.len() - at - 1,
        None => 0,
    };
    Some(Decimal::new(
        if neg { -mantissa } else { mantissa },
        u32::try_from(scale).ok()?,
    ))
}

/// A hint for a malformed number: a European `1.234,56` -> `1,234.56`, a currency symbol or
/// code before the number -> the code after it.
fn number_hint(text: &str) -> String {
    if let Some(hint) = symbol_hint(text) {
        return hint;
    }
    if Currency::from_code(text).is_some() {
        return format!("the currency comes after the number: write `125.00 {text}`");
    }
    european_hint(text).unwrap_or_else(|| "write amounts like 1210.00 EUR or 12,345.67 EUR".into())
}

/// `€125,00`, `125.00€`, `$12`: the number, then the ISO code.
fn symbol_hint(text: &str) -> Option<String> {
    let (symbol, number) = text
        .char_indices()
        .next()
        .filter(|(_, c)| SYMBOLS.iter().any(|(s, _)| s == c))
        .map(|(_, c)| (c, &text[c.len_utf8()..]))
        .or_else(|| {
            let c = text.chars().last()?;
            SYMBOLS
                .iter()
                .any(|(s, _)| *s == c)
                .then(|| (c, &text[..text.len() - c.len_utf8()]))
        })?;
    let code = SYMBOLS.iter().find(|(s, _)| *s == symbol).map(|(_, code)| *code)?;
    let number = european(number).unwrap_or_else(|| number.to_string());
    Some(format!(
        "write the number, then the currency code (not the `{symbol}` sign): did you mean `{number} {code}`?"
    ))
}

/// Currency signs people type, and their ISO codes.
const SYMBOLS: &[(char, &str)] = &[('€', "EUR"), ('$', "USD"), ('£', "GBP")];

/// The hint for a number written with a decimal comma (`1210,00`, `1.210,00`).
fn european_hint(text: &str) -> Option<String> {
    european(text)
        .map(|swapped| format!("the decimal separator is `.`; `,` only separates thousands: did you mean `{swapped}`?"))
}

/// A number written with a decimal comma, with `.` and `,` swapped; `None` if it is not one.
fn european(text: &str) -> Option<String> {
    let (dot, comma) = (text.rfind('.'), text.rfind(','));
    let european = match (dot, comma) {
        (Some(d), Some(c)) => c > d,
        (None, Some(c)) => text.len() - c - 1 != 3,
        _ => false,
    };
    european.then(|| {
        text.chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            })
            .collect()
    })
}

fn overflow(span: Span, text: &str) -> Diagnostic {
    Diagnostic::new(Code::AmountOverflow, format!("number `{text}` is too large"))
        .at(span)
        .label("more than 28 significant digits")
        .help("amounts are exact decimals with at most 28 digits")
}

/// Amounts are below 10^15: far above any invoice, and low enough that sums of millions of
/// them, fees and interest on them stay far below what a `Decimal` holds (about 7.9 x 10^28).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xa4c6_8000, 0x38d7e, 0, false, 0);

/// `|d| >= MAX_AMOUNT` (10^15), from the mantissa: comparing `Decimal`s rescales them, and
/// this runs on every amount of a journal.
fn too_large(d: Decimal) -> bool {
    // Past 10^38 (a scale above 23) the limit is beyond any mantissa, which is below 2^96.
    10u128
        .checked_pow(15 + d.scale())
        .is_some_and(|limit| d.mantissa().unsigned_abs() >= limit)
}

/// Percentages are at most 1000%.
pub const MAX_PERCENT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// `AMOUNT = NUMBER CUR`, with at most the currency's minor units of decimals.
pub fn amount(
    file: FileId,
    number_tok: Token<'_>,
    currency: Option<Token<'_>>,
    end: usize,
) -> Result<Spanned<Money>, Diagnostic> {
    if let Some(d) = currency_first(file, number_tok, currency) {
        return Err(d);
    }
    let n = number(file, number_tok)?;
    let Some(cur) = currency else {
        return Err(Diagnostic::new(Code::BadAmount, "amount without a currency")
            .at(Span::new(file, end, end))
            .label("expected a currency code, e.g. EUR")
            .help("write amounts as number then ISO 4217 code: 1210.00 EUR"));
    };
    if too_large(n.node) {
        return Err(Diagnostic::new(
            Code::AmountOverflow,
            format!("amount `{}` is too large", number_tok.text),
        )
        .at(n.span)
        .label("more than 15 digits before the decimal point")
        .help("amounts are below 1,000,000,000,000,000 in any currency, so that no sum of them can overflow"));
    }
    let currency = currency_code(file, cur)?;
    if n.node.scale() > currency.minor_units() {
        return Err(Diagnostic::new(
            Code::TooManyDecimals,
            format!(
                "{} has {} decimals but {currency} has {}",
                number_tok.text,
                n.node.scale(),
                currency.minor_units()
            ),
        )
        .at(n.span)
        .label("too many decimals")
        .help(format!("round to {} decimals", currency.minor_units())));
    }
    Ok(Spanned::new(Money::new(n.node, currency), n.span.to(cur.span(file))))
}

/// `EUR 125.00`: the currency written before the number; the hint swaps them.
fn currency_first(file: FileId, code: Token<'_>, number_tok: Option<Token<'_>>) -> Option<Diagnostic> {
    let n = number_tok?;
    (Currency::from_code(code.text).is_some() && plain_number(n.text.as_bytes()).is_some()).then(|| {
        Diagnostic::new(
            Code::BadAmount,
            format!("`{} {}`: the currency comes first", code.text, n.text),
        )
        .at(code.span(file).to(n.span(file)))
        .label("number and currency swapped")
        .help(format!(
            "write the number, then the currency: `{} {}`",
            n.text, code.text
        ))
    })
}

/// A three-letter ISO 4217 code.
pub fn currency_code(file: FileId, t: Token<'_>) -> Result<Currency, Diagnostic> {
    if let Some(c) = Currency::from_code(t.text) {
        return Ok(c);
    }
    let upper = t.text.to_ascii_uppercase();
    let help = match Currency::from_code(&upper) {
        Some(c) => format!("currency codes are upper case: did you mean `{c}`?"),
        None => "currencies are written as ISO 4217 codes: EUR, USD, GBP, ...".into(),
    };
    Err(
        Diagnostic::new(Code::UnknownCurrency, format!("unknown currency `{}`", t.text))
            .at(t.span(file))
            .label("not an ISO 4217 code")
            .help(help),
    )
}

/// Longest duration accepted: a limit that keeps date arithmetic far from overflow.
const MAX_DURATION: u32 = 100_000;

/// `DURATION = N (d|w|m)`.
pub fn duration(file: FileId, t: Token<'_>) -> Result<Spanned<Duration>, Diagnostic> {
    let parsed: IResult<&str, (&str, char)> =
        all_consuming((take_while1(|c: char| c.is_ascii_digit()), one_of("dwm"))).parse(t.text);
    let n = parsed.ok().and_then(|(_, (n, u))| Some((n.parse::<u32>().ok()?, u)));
    match n {
        Some((n, u)) if n <= MAX_DURATION => {
            let unit = match u {
                'd' => DurationUnit::Days,
                'w' => DurationUnit::Weeks,
                _ => DurationUnit::Months,
            };
            Ok(Spanned::new(Duration { n, unit }, t.span(file)))
        }
        _ => Err(
            Diagnostic::new(Code::BadDuration, format!("invalid duration `{}`", t.text))
                .at(t.span(file))
                .label("expected a number followed by d, w or m")
                .help(format!(
                    "durations look like 14d (days), 2w (weeks) or 1m (months), at most {MAX_DURATION}"
                )),
        ),
    }
}

/// `PERCENT = DIGITS(.DIGITS)?%`.
pub fn percent(file: FileId, t: Token<'_>) -> Result<Spanned<Decimal>, Diagnostic> {
    let span = t.span(file);
    let err = || {
        let fixed = t.text.trim_end_matches('%').replace(',', ".");
        let plain_number = !fixed.is_empty()
            && fixed.chars().all(|c| c.is_ascii_digit() || c == '.')
            && fixed.matches('.').count() <= 1
            && !fixed.starts_with('.')
            && !fixed.ends_with('.');
        let help = if plain_number {
            format!("did you mean `{fixed}%`? Percentages are a number with `.` decimals and a `%`")
        } else {
            "percentages look like 8% or 10.5%".to_string()
        };
        Diagnostic::new(Code::BadPercent, format!("invalid percentage `{}`", t.text))
            .at(span)
            .label("expected a number followed by %")
            .help(help)
    };
    let body = t.text.strip_suffix('%').ok_or_else(err)?;
    let parsed: IResult<&str, &str> = all_consuming(recognize((
        take_while1(|c: char| c.is_ascii_digit()),
        opt((tag("."), take_while1(|c: char| c.is_ascii_digit()))),
    )))
    .parse(body);
    if parsed.is_err() {
        return Err(err());
    }
    let n = number(
        file,
        Token {
            start: t.start,
            text: body,
        },
    )?; // a well-formed number that is too large: E006 says so
    if n.node > MAX_PERCENT {
        return Err(
            Diagnostic::new(Code::BadPercent, format!("percentage `{}` is too large", t.text))
                .at(span)
                .label("more than 1000%")
                .help("percentages are at most 1000%"),
        );
    }
    Ok(Spanned::new(n.node, span))
}

/// `STRING = "..."` with `\"`, `\\` and `\n` escapes. Borrowed when it has no escapes.
pub fn string<'a>(file: FileId, t: Token<'a>, what: &'static str) -> Result<Spanned<Cow<'a, str>>, Diagnostic> {
    let span = t.span(file);
    if !t.is_quoted() {
        return Err(Diagnostic::new(
            Code::BadString,
            format!("expected {what} in double quotes, found `{}`", t.text),
        )
        .at(span)
        .label("not quoted")
        .help(format!("write \"{}\"", t.text)));
    }
    let body = &t.text[1..];
    // Closed only by a quote that no backslash escapes (`"a\"` is not closed, `"a\\"` is).
    let Some(inner) = body
        .strip_suffix('"')
        .filter(|_| closing_quote(body) == Some(body.len() - 1))
    else {
        return Err(Diagnostic::new(Code::BadString, "unterminated string")
            .at(span)
            .label("no closing `\"` on this line")
            .help("strings end on the line they start on; write a line break as \\n"));
    };
    if !inner.contains('\\') {
        return Ok(Spanned::new(Cow::Borrowed(inner), span));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            other => {
                let at = t.start + 1 + i;
                let len = 1 + other.map_or(0, |(_, c)| c.len_utf8());
                return Err(Diagnostic::new(Code::BadString, "unknown escape in string")
                    .at(Span::new(file, at, at + len))
                    .label("not an escape")
                    .help("the escapes are \\\", \\\\ and \\n"));
            }
        }
    }
    Ok(Spanned::new(Cow::Owned(out), span))
}

/// Byte index of the first quote in `body` that no backslash escapes.
fn closing_quote(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Text written either quoted or as one bare word (e-mail addresses, codes, IBANs).
pub fn text<'a>(file: FileId, t: Token<'a>, what: &'static str) -> Result<Spanned<Cow<'a, str>>, Diagnostic> {
    if t.is_quoted() {
        string(file, t, what)
    } else {
        Ok(Spanned::new(Cow::Borrowed(t.text), t.span(file)))
    }
}

/// Quotes `s` as a STRING, escaping what must be escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    fn tok(text: &str) -> Token<'_> {
        Token { start: 0, text }
    }

    #[test]
    fn fast_paths_agree_with_the_grammar() {
        for text in [
            "1210.00",
            "-5",
            "007.50",
            "0",
            "-0.00",
            "123456789012345678",
            "1234567890123456789",
        ] {
            let slow = all_consuming(number_shape).parse(text).is_ok();
            assert!(slow, "{text}");
            let d = number(F, tok(text)).unwrap().node;
            assert_eq!(d, text.parse::<Decimal>().unwrap(), "{text}");
            assert_eq!(
                d.scale(),
                text.split_once('.').map_or(0, |(_, f)| f.len() as u32),
                "{text}"
            );
        }
        for text in ["1.", ".5", "1,234.5", "-", "1e5", "12.3.4"] {
            assert!(plain_number(text.as_bytes()).is_none(), "{text}");
        }
        for text in [
            "999999999999999.99",
            "1000000000000000",
            "-1000000000000000.00",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "7922816251426433759354395033.5",
            "-0.00",
        ] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(too_large(d), d.abs() >= MAX_AMOUNT, "{text}");
        }
        assert_eq!(ymd(b"2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        for text in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-0x",
        ] {
            assert_eq!(ymd(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn tokens_keep_strings_whole() {
        let t: Vec<_> = tokens("a  \"b c\\\" d\" e", 10).map(|t| (t.start, t.text)).collect();
        assert_eq!(t, vec![(10, "a"), (13, "\"b c\\\" d\""), (23, "e")]);
    }

    #[test]
    fn dates() {
        assert_eq!(
            date(F, tok("2024-02-29")).unwrap().node,
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        let e = date(F, tok("2026-02-30")).unwrap_err();
        assert_eq!(e.label.as_deref(), Some("February 2026 has 28 days"));
        let e = date(F, tok("05-01-2026")).unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("dates are written YYYY-MM-DD: did you mean `2026-01-05`?")
        );
        assert!(date(F, tok("2026-13-01"))
            .unwrap_err()
            .label
            .unwrap()
            .contains("month 13"));
        assert!(date(F, tok("0000-01-01")).is_ok());
        assert!(date(F, tok("2026-1-01")).is_err());
    }

    #[test]
    fn numbers() {
        let n = |s| number(F, tok(s)).map(|d| d.node.to_string());
        assert_eq!(n("12,345.67").unwrap(), "12345.67");
        assert_eq!(n("1_000").unwrap(), "1000");
        assert_eq!(n("-0.50").unwrap(), "-0.50");
        assert!(n("1,23.00").is_err());
        assert!(n("1234,567").is_err());
        assert!(n("1,000_000").is_err());
        assert!(n("12.").is_err());
        assert!(n(".5").is_err());
        assert_eq!(number(F, tok(&"9".repeat(40))).unwrap_err().code, Code::AmountOverflow);
        assert!(n(&"9".repeat(28)).is_ok());
    }

    #[test]
    fn amounts() {
        let a = amount(F, tok("1.234"), Some(Token { start: 6, text: "EUR" }), 9).unwrap_err();
        assert_eq!(a.code, Code::TooManyDecimals);
        let a = amount(F, tok("100"), Some(Token { start: 4, text: "JPY" }), 7).unwrap();
        assert_eq!(a.node.amount, Decimal::from(100));
        let e = amount(F, tok("1.00"), Some(Token { start: 5, text: "eur" }), 8).unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("currency codes are upper case: did you mean `EUR`?")
        );
        assert_eq!(amount(F, tok("1.00"), None, 4).unwrap_err().code, Code::BadAmount);
    }

    #[test]
    fn durations_percents_ids_strings() {
        assert_eq!(
            duration(F, tok("14d")).unwrap().node,
            Duration {
                n: 14,
                unit: DurationUnit::Days
            }
        );
        assert!(duration(F, tok("14")).is_err());
        assert!(duration(F, tok("99999999999d")).is_err());
        assert_eq!(percent(F, tok("10.5%")).unwrap().node.to_string(), "10.5");
        assert!(percent(F, tok("-1%")).is_err());
        assert!(id(F, tok("INV-2026/001"), "id").is_ok());
        assert!(id(F, tok("-x"), "id").is_err());
        assert!(id(F, tok("a b"), "id").is_err());
        assert_eq!(string(F, tok("\"a\\\"b\\nc\""), "s").unwrap().node, "a\"b\nc");
        assert_eq!(string(F, tok("\"x"), "s").unwrap_err().code, Code::BadString);
        assert_eq!(string(F, tok("\"x\\\""), "s").unwrap_err().code, Code::BadString);
        assert_eq!(string(F, tok("\"\\t\""), "s").unwrap_err().code, Code::BadString);
        // An escaped closing quote leaves the string unterminated; it is not an unknown escape.
        for open in ["\"x\\\"", "\"a\\\\\\\"", "\"\\\""] {
            assert_eq!(
                string(F, tok(open), "s").unwrap_err().message,
                "unterminated string",
                "{open}"
            );
        }
        assert_eq!(string(F, tok("\"a\\\\\""), "s").unwrap().node, "a\\");
        assert_eq!(MAX_AMOUNT.to_string(), "1000000000000000");
        let big = |n| amount(F, tok(n), Some(tok("EUR")), 0).map(|a| a.node.amount);
        assert_eq!(big("999999999999999.99").unwrap().to_string(), "999999999999999.99");
        assert_eq!(big("-1,000,000,000,000,000").unwrap_err().code, Code::AmountOverflow);
        assert_eq!(percent(F, tok("1000%")).unwrap().node, MAX_PERCENT);
        assert_eq!(percent(F, tok("1000.01%")).unwrap_err().code, Code::BadPercent);
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }
}
