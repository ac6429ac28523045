//! The journal parser: text -> blocks, with every syntax error of the file.
//!
//! Each block is parsed on its own; an error drops only that block, and the ids it would
//! have declared are reported as `poisoned` so later checks do not cascade from it.

use std::borrow::Cow;
use std::ops::Range;

use super::ast::{
    Allocation, Block, Charge, Customer, CustomerKind, Entry, EntryKind, Id, Installment, MatchedBy, Spanned, Text,
    Waived,
};
use super::fast::Common;
use super::fields::{bad_value, many, once, read_fields, Field, FieldSpec};
use super::lex::{self, Cursor};
use super::lines::{blocks_in, for_each_head, Line, RawBlock};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::source::{FileId, Span};

/// The result of parsing one journal file.
#[derive(Debug, Default)]
pub struct ParsedJournal<'a> {
    /// The blocks that parsed, in file order.
    pub blocks: Vec<Block<'a>>,
    /// Every syntax problem.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids (customers, invoice and credit numbers) declared by blocks that failed to parse.
    pub poisoned: Vec<&'a str>,
}

/// Entry keywords, for "did you mean" hints.
pub const ENTRY_KINDS: &[&str] = &[
    "invoice",
    "payment",
    "credit",
    "dispute",
    "resolved",
    "promise",
    "hold",
    "release",
    "arrangement",
    "sent",
    "note",
    "writeoff",
    "handover",
    "waive",
    "unmatched",
];

/// The channels a customer may consent to receive legally required letters by.
pub const CONSENT_CHANNELS: &[&str] = &["email"];

/// Every field key of customers and entries, sorted, each once (for tools, and for the
/// test that keeps the grammar in step with the parser).
pub fn field_keys() -> Vec<&'static str> {
    let entries = ENTRY_KINDS.iter().flat_map(|k| entry_fields(k).iter());
    let mut keys: Vec<&'static str> = CUSTOMER_FIELDS.iter().chain(entries).map(|f| f.key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Directive keywords.
pub const DIRECTIVES: &[&str] = &["include", "customer"];

/// Parses a journal file. Never panics; every problem becomes a diagnostic.
pub fn parse_journal(file: FileId, text: &str) -> ParsedJournal<'_> {
    parse_journal_part(file, text, 0..text.len())
}

/// Parses the blocks of `text` in `range`, a part from [`super::lines::parts`] (spans are
/// the whole text's). The parts of a text, parsed one by one (on any cores) and taken in
/// order, give exactly what [`parse_journal`] gives for the whole: the part at offset 0 also
/// reports the merge conflicts of the whole text, first, as `parse_journal` does.
pub fn parse_journal_part(file: FileId, text: &str, range: Range<usize>) -> ParsedJournal<'_> {
    let mut out = ParsedJournal::default();
    parse_part_into(file, text, range, &mut out);
    out
}

/// How many blocks a text holds at most, and how many of them are invoices, payments and
/// credit notes as far as their head's first two words tell: for sizing what they become.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Heads {
    /// Lines with content at column 0.
    pub blocks: usize,
    /// Of them, those that read `DATE invoice`, with one space.
    pub invoices: usize,
    /// `DATE payment`
    pub payments: usize,
    /// `DATE credit`
    pub credits: usize,
    /// A line starts with a character of a merge-conflict marker (`<`, `|`, `=`, `>`):
    /// without one in any part of a file, its conflicts need no scan. Handed to the parser
    /// ([`parse_part_counted`]), it tells it of the whole text, not of the part alone.
    pub markers: bool,
}

impl Heads {
    /// Counts the heads of `text`.
    pub fn of(text: &str) -> Heads {
        let mut heads = Heads::default();
        let bytes = text.as_bytes();
        for_each_head(text, |at| {
            heads.blocks += 1;
            heads.markers |= matches!(bytes[at], b'<' | b'|' | b'=' | b'>');
            // The word after a date: a prefix decides, the parser checks.
            let word = match bytes.get(at + 4) {
                Some(b'-') => bytes.get(at + 11..at + 13),
                _ => None,
            };
            match word {
                Some(b"in") => heads.invoices += 1,
                Some(b"pa") => heads.payments += 1,
                Some(b"cr") => heads.credits += 1,
                _ => {}
            }
        });
        heads
    }
}

/// Where the parser puts what it reads, block by block in file order: trees
/// ([`ParsedJournal`]), or records made as the blocks come.
pub trait Sink<'a> {
    /// Makes room for the blocks to come, before the first.
    fn reserve(&mut self, heads: Heads);
    /// A block the general parser read.
    fn block(&mut self, block: Block<'a>);
    /// A common entry the fast path read, with its `invoice:` lines.
    fn common(&mut self, entry: Common<'a>, lines: &[Allocation<'a>]);
    /// Where syntax problems go.
    fn diagnostics(&mut self) -> &mut Vec<Diagnostic>;
    /// Where the ids declared by blocks that failed to parse go.
    fn poisoned(&mut self) -> &mut Vec<&'a str>;
}

impl<'a> Sink<'a> for ParsedJournal<'a> {
    fn reserve(&mut self, heads: Heads) {
        self.blocks.reserve_exact(heads.blocks);
    }

    fn block(&mut self, block: Block<'a>) {
        self.blocks.push(block);
    }

    fn common(&mut self, entry: Common<'a>, lines: &[Allocation<'a>]) {
        // A vector of their exact number: a first push would make room for four.
        self.blocks.push(Block::Entry(entry.into_entry(lines.to_vec())));
    }

    fn diagnostics(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }

    fn poisoned(&mut self) -> &mut Vec<&'a str> {
        &mut self.poisoned
    }
}

/// [`parse_journal_part`] into `out`: its common blocks read by the fast path (see
/// `fast`), the others by the general parser.
pub fn parse_part_into<'a>(file: FileId, text: &'a str, range: Range<usize>, out: &mut impl Sink<'a>) {
    parse_part_with(file, text, range.clone(), counted(text, range), out, true);
}

/// [`parse_part_into`] for a caller that counted the part's heads already, and knows
/// whether any line of the whole text may be a merge-conflict marker (`heads.markers`:
/// without one, the first part does not scan the text for them).
pub fn parse_part_counted<'a>(file: FileId, text: &'a str, range: Range<usize>, heads: Heads, out: &mut impl Sink<'a>) {
    parse_part_with(file, text, range, heads, out, true);
}

/// The heads of `text` in `range`, with markers taken as possible anywhere in the text.
fn counted(text: &str, range: Range<usize>) -> Heads {
    let heads = text.get(range).map_or_else(Heads::default, Heads::of);
    Heads { markers: true, ..heads }
}

/// [`parse_part_into`] with every block read by the general parser, for the tests that
/// hold the fast path to it.
#[cfg(test)]
pub(crate) fn parse_part_general<'a>(file: FileId, text: &'a str, range: Range<usize>, out: &mut impl Sink<'a>) {
    parse_part_with(file, text, range.clone(), counted(text, range), out, false);
}

/// The part loop: each block through the fast path if `fast` and it takes it, else the
/// general parser.
fn parse_part_with<'a>(
    file: FileId,
    text: &'a str,
    range: Range<usize>,
    heads: Heads,
    out: &mut impl Sink<'a>,
    fast: bool,
) {
    // Sized once: a large file has a million blocks, so growing by doubling would copy
    // them all and could leave half the memory unused.
    out.reserve(heads);
    if range.start == 0 && heads.markers {
        out.diagnostics().extend(super::conflict::conflicts(file, text));
    }
    let end = range.end.min(text.len());
    // The BOM is no part of the first line (`blocks_in` skips it only at offset 0).
    let mut at = match range.start == 0 && text.starts_with('\u{feff}') {
        true => 3,
        false => range.start,
    };
    let mut reader = super::fast::Fast::new(file, text, end);
    // One vector holds the body of each block the general parser reads, in turn.
    let mut body = Vec::new();
    while at < end {
        if let Some(next) = fast.then(|| reader.block(at, out)).flatten() {
            at = next;
            continue;
        }
        let mut blocks = blocks_in(text, at..end);
        let Some(item) = blocks.next_into(&mut body) else {
            break;
        };
        at = blocks.rest_start().unwrap_or(end);
        let head = match item {
            Ok(head) => head,
            Err(line) => {
                out.diagnostics().push(stray(file, &line));
                out.poisoned().extend(declared_id(line.content));
                continue;
            }
        };
        let raw = RawBlock {
            head,
            body: std::mem::take(&mut body),
        };
        let diagnostics = out.diagnostics();
        let before = diagnostics.len();
        match parse_block(file, &raw, diagnostics) {
            Some(b) if diagnostics.len() == before => out.block(b),
            _ => out.poisoned().extend(declared_id(raw.head.content)),
        }
        body = raw.body;
    }
}

fn stray(file: FileId, line: &Line<'_>) -> Diagnostic {
    let first = line.content.split_ascii_whitespace().next().unwrap_or("");
    let head_like = DIRECTIVES.contains(&first) || first.starts_with(|c: char| c.is_ascii_digit());
    let help = if head_like {
        "this looks like the start of a block: remove the indentation"
    } else {
        "blocks start at column 0; only their fields are indented"
    };
    Diagnostic::new(Code::StrayIndent, "indented line outside any block")
        .at(Span::new(file, line.content_start, line.content_end()))
        .label("no directive or entry above it")
        .help(help)
}

/// The id a block declares, read leniently (used only when the block failed): the word
/// after a directive (even a misspelt one), or the number of an invoice or credit.
fn declared_id(head: &str) -> Option<&str> {
    let mut words = head.split_ascii_whitespace();
    let first = words.next()?;
    if !first.starts_with(|c: char| c.is_ascii_digit()) {
        return words.next();
    }
    match words.next()? {
        "invoice" | "credit" => words.next(),
        _ => None,
    }
}

pub(super) fn parse_block<'a>(file: FileId, raw: &RawBlock<'a>, diags: &mut Vec<Diagnostic>) -> Option<Block<'a>> {
    let head = &raw.head;
    let span = Span::new(file, head.content_start, head.content_end());
    let mut cur = Cursor::new(file, head.content, head.content_start);
    let first = cur.peek()?;
    let result = if first.text.starts_with(|c: char| c.is_ascii_digit()) {
        parse_entry(&mut cur, span, raw, diags).map(|e| e.map(Block::Entry))
    } else {
        match first.text {
            "include" => parse_include(&mut cur, raw, diags),
            "customer" => parse_customer(&mut cur, span, raw, diags).map(|c| c.map(|c| Block::Customer(Box::new(c)))),
            other => Err(unknown_keyword(file, first, other)),
        }
    };
    match result {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn unknown_keyword(file: FileId, t: lex::Token<'_>, word: &str) -> Diagnostic {
    let guess = did_you_mean(word, DIRECTIVES.iter().chain(ENTRY_KINDS).copied());
    let key = word
        .strip_suffix(':')
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let help = match guess {
        _ if key.is_some() => format!(
            "`{word}` is a field: indent it under its entry or customer (at least one space), e.g. `  {word} ...`"
        ),
        Some(g) if DIRECTIVES.contains(&g) => format!("did you mean `{g}`?"),
        Some(g) => {
            format!("did you mean `{g}`? Dated entries start with their date: `2026-01-05 {g} ...`")
        }
        None => "a block starts with `include`, `customer`, or a date (YYYY-MM-DD) and an entry kind".into(),
    };
    Diagnostic::new(Code::UnknownKind, format!("unknown directive `{word}`"))
        .at(t.span(file))
        .label("expected a directive or a date")
        .help(help)
}

/// `Ok(None)` means the head parsed but a field failed (already reported).
type BlockResult<T> = Result<Option<T>, Diagnostic>;

fn parse_include<'a>(cur: &mut Cursor<'a>, raw: &RawBlock<'a>, diags: &mut Vec<Diagnostic>) -> BlockResult<Block<'a>> {
    cur.expect("directive")?;
    let t = cur.expect("path")?;
    let path = lex::text(cur.file(), t, "path")?;
    cur.finish()?;
    no_fields(cur.file(), raw, "`include`", diags);
    Ok(Some(Block::Include(path)))
}

/// Reports every body line of a block that takes no fields.
fn no_fields(file: FileId, raw: &RawBlock<'_>, what: &str, diags: &mut Vec<Diagnostic>) {
    read_fields(file, &raw.body, &[], what, diags);
}

/// The fields of a `customer` block.
pub const CUSTOMER_FIELDS: &[FieldSpec] = &[
    once("kind"),
    many("email"),
    many("address"),
    once("country"),
    once("language"),
    once("terms"),
    once("policy"),
    once("vat"),
    many("iban"),
    once("credit-limit"),
    once("consent"),
    once("number"),
];

fn parse_customer<'a>(
    cur: &mut Cursor<'a>,
    span: Span,
    raw: &RawBlock<'a>,
    diags: &mut Vec<Diagnostic>,
) -> BlockResult<Customer<'a>> {
    let file = cur.file();
    cur.expect("directive")?;
    let id = cur.id("customer id")?;
    let name = cur.string("customer name")?;
    cur.finish()?;
    let mut c = Customer {
        span,
        id,
        name,
        kind: None,
        emails: Vec::new(),
        address: Vec::new(),
        country: None,
        language: None,
        terms: None,
        policy: None,
        vat: None,
        ibans: Vec::new(),
        credit_limit: None,
        consent: None,
        number: None,
        meta: Vec::new(),
    };
    let mut ok = true;
    for mut f in read_fields(file, &raw.body, CUSTOMER_FIELDS, "a customer", diags) {
        let r = (|| -> Result<(), Diagnostic> {
            let v = &mut f.value;
            match f.key.node {
                "kind" => {
                    const KINDS: [CustomerKind; 2] = [CustomerKind::Business, CustomerKind::Consumer];
                    c.kind = Some(keyword(v, "kind", &KINDS, CustomerKind::as_str)?);
                }
                "email" => c.emails.push(text_value(v, "e-mail address")?),
                "address" => c.address.push(text_value(v, "address line")?),
                "country" => c.country = Some(code_value(v, "country code", 2, true)?),
                "language" => c.language = Some(code_value(v, "language code", 2, false)?),
                "terms" => c.terms = Some(v.duration("payment term")?),
                "policy" => c.policy = Some(v.id("policy name")?),
                "vat" => c.vat = Some(text_value(v, "VAT number")?),
                "iban" => c.ibans.push(v.grouped("IBAN")?),
                "credit-limit" => c.credit_limit = Some(v.amount("credit limit")?),
                "consent" => c.consent = Some(keyword(v, "consent channel", CONSENT_CHANNELS, |s| s)?),
                "number" => c.number = Some(text_value(v, "customer number")?),
                _ => c.meta.push((f.key, text_value(v, "value")?)),
            }
            v.finish()
        })();
        if let Err(d) = r {
            diags.push(d);
            ok = false;
        }
    }
    Ok(ok.then_some(c))
}

/// One word out of a fixed set, read as its value; anything else is E019 with the set.
fn keyword<'a, T: Copy>(
    v: &mut Cursor<'a>,
    what: &'static str,
    all: &[T],
    name: fn(T) -> &'a str,
) -> Result<Spanned<T>, Diagnostic> {
    let t = v.expect(what)?;
    match all.iter().find(|k| name(**k) == t.text) {
        Some(k) => Ok(Spanned::new(*k, t.span(v.file()))),
        None => {
            let names: Vec<&str> = all.iter().map(|k| name(*k)).collect();
            Err(bad_value(v.file(), t, t.text, what, &names))
        }
    }
}

/// Text: quoted, or one bare word.
fn text_value<'a>(v: &mut Cursor<'a>, what: &'static str) -> Result<Text<'a>, Diagnostic> {
    let t = v.expect(what)?;
    lex::text(v.file(), t, what)
}

/// A two-letter code: upper case for countries (ISO 3166), lower case for languages (ISO 639-1).
fn code_value<'a>(v: &mut Cursor<'a>, what: &'static str, len: usize, upper: bool) -> Result<Id<'a>, Diagnostic> {
    let t = v.expect(what)?;
    let ok = t.text.len() == len
        && t.text.chars().all(|c| {
            if upper {
                c.is_ascii_uppercase()
            } else {
                c.is_ascii_lowercase()
            }
        });
    if ok {
        return Ok(Id::new(t.text, t.span(v.file())));
    }
    let example = if upper { "NL, BE, DE" } else { "nl, en" };
    Err(Diagnostic::new(Code::BadValue, format!("`{}` is not a {what}", t.text))
        .at(t.span(v.file()))
        .label(format!(
            "expected {len} {} letters",
            if upper { "upper-case" } else { "lower-case" }
        ))
        .help(format!("write codes like {example}")))
}

/// The fields of a dated entry of kind `kind` (an unknown kind allows `memo:` only).
pub fn entry_fields(kind: &str) -> &'static [FieldSpec] {
    const INVOICE: &[FieldSpec] = &[once("due"), once("terms"), once("ref"), once("memo")];
    const PAYMENT: &[FieldSpec] = &[
        many("invoice"),
        once("ref"),
        once("reverses"),
        once("bank-id"),
        once("iban"),
        once("matched-by"),
        once("memo"),
    ];
    const CREDIT: &[FieldSpec] = &[many("invoice"), once("ref"), once("memo")];
    const UNMATCHED: &[FieldSpec] = &[once("bank-id"), once("iban"), once("name"), once("memo")];
    const ARRANGEMENT: &[FieldSpec] = &[many("installment"), once("memo")];
    const SENT: &[FieldSpec] = &[
        many("fee"),
        many("interest"),
        once("letter"),
        once("channel"),
        once("memo"),
    ];
    const OTHER: &[FieldSpec] = &[once("memo")];
    match kind {
        "invoice" => INVOICE,
        "payment" => PAYMENT,
        "credit" => CREDIT,
        "unmatched" => UNMATCHED,
        "arrangement" => ARRANGEMENT,
        "sent" => SENT,
        _ => OTHER,
    }
}

fn parse_entry<'a>(
    cur: &mut Cursor<'a>,
    span: Span,
    raw: &RawBlock<'a>,
    diags: &mut Vec<Diagnostic>,
) -> BlockResult<Entry<'a>> {
    let file = cur.file();
    let date = cur.date("date")?;
    let kw = cur.expect("entry kind")?;
    let mut kind = match kw.text {
        "invoice" => EntryKind::invoice(cur.id("invoice number")?, cur.id("customer id")?, cur.amount("amount")?),
        "payment" => EntryKind::payment(cur.id("customer id")?, cur.amount("amount")?),
        "credit" => EntryKind::credit(
            cur.id("credit note number")?,
            cur.id("customer id")?,
            cur.amount("amount")?,
        ),
        "dispute" => EntryKind::Dispute {
            invoice: cur.id("invoice number")?,
            reason: cur.opt_string("reason")?,
        },
        "resolved" => EntryKind::Resolved {
            invoice: cur.id("invoice number")?,
            reason: cur.opt_string("reason")?,
        },
        "promise" => EntryKind::Promise {
            invoice: cur.id("invoice number")?,
            until: cur.date("promised date")?,
            reason: cur.opt_string("reason")?,
        },
        "hold" => EntryKind::Hold {
            invoice: cur.id("invoice number")?,
            until: cur.opt_date("end date")?,
            reason: cur.opt_string("reason")?,
        },
        "release" => EntryKind::Release {
            invoice: cur.id("invoice number")?,
            reason: cur.opt_string("reason")?,
        },
        "arrangement" => EntryKind::Arrangement {
            invoice: cur.id("invoice number")?,
            reason: cur.opt_string("description")?,
            installments: Vec::new(),
        },
        "sent" => {
            let customer = cur.id("customer id")?;
            let stage = cur.id("stage name")?;
            let mut invoices = vec![cur.id("invoice number")?];
            while cur.peek().is_some() {
                invoices.push(cur.id("invoice number")?);
            }
            EntryKind::Sent {
                customer,
                stage,
                invoices,
                fees: Vec::new(),
                interest: Vec::new(),
                letter: None,
                channel: None,
            }
        }
        "note" => EntryKind::Note {
            customer: cur.id("customer id")?,
            text: cur.string("note text")?,
        },
        "writeoff" => EntryKind::Writeoff {
            invoice: cur.id("invoice number")?,
            reason: cur.opt_string("reason")?,
        },
        "handover" => EntryKind::Handover {
            invoice: cur.id("invoice number")?,
            agency: cur.opt_string("agency")?,
        },
        "waive" => EntryKind::Waive {
            invoice: cur.id("invoice number")?,
            what: keyword(cur, "kind of waiver", &Waived::ALL, Waived::as_str)?,
            amount: match cur.peek() {
                Some(t) if !t.is_quoted() => Some(cur.amount("amount")?),
                _ => None,
            },
            reason: cur.opt_string("reason")?,
        },
        "unmatched" => EntryKind::Unmatched {
            amount: cur.amount("amount")?,
            bank_id: None,
            iban: None,
            name: None,
        },
        other => {
            let guess = did_you_mean(other, ENTRY_KINDS.iter().copied());
            return Err(
                Diagnostic::new(Code::UnknownKind, format!("unknown entry kind `{other}`"))
                    .at(kw.span(file))
                    .label("not an entry kind")
                    .help(match guess {
                        Some(g) => format!("did you mean `{g}`?"),
                        None => format!("entry kinds: {}", ENTRY_KINDS.join(", ")),
                    }),
            );
        }
    };
    cur.finish()?;
    let mut entry = Entry {
        span,
        date,
        kind: EntryKind::Note {
            customer: Id::new("", span),
            text: Text::new(Cow::Borrowed(""), span),
        },
        memo: None,
        meta: Vec::new(),
    };
    let mut ok = true;
    for mut f in read_fields(file, &raw.body, entry_fields(kw.text), entry_what(kw.text), diags) {
        if let Err(d) = entry_field(&mut f, &mut kind, &mut entry) {
            diags.push(d);
            ok = false;
        }
    }
    entry.kind = kind;
    Ok(ok.then_some(entry))
}

/// "an `invoice` entry", for field diagnostics: a constant, because formatting it for
/// every entry was a measurable share of parsing a large journal.
fn entry_what(kind: &str) -> &'static str {
    match kind {
        "invoice" => "an `invoice` entry",
        "payment" => "a `payment` entry",
        "credit" => "a `credit` entry",
        "dispute" => "a `dispute` entry",
        "resolved" => "a `resolved` entry",
        "promise" => "a `promise` entry",
        "hold" => "a `hold` entry",
        "release" => "a `release` entry",
        "arrangement" => "an `arrangement` entry",
        "sent" => "a `sent` entry",
        "note" => "a `note` entry",
        "writeoff" => "a `writeoff` entry",
        "handover" => "a `handover` entry",
        "waive" => "a `waive` entry",
        "unmatched" => "an `unmatched` entry",
        _ => "an entry",
    }
}

/// Reads one field of an entry into the entry's kind (or its memo and metadata).
fn entry_field<'a>(f: &mut Field<'a>, kind: &mut EntryKind<'a>, entry: &mut Entry<'a>) -> Result<(), Diagnostic> {
    let v = &mut f.value;
    match (f.key.node, kind) {
        ("memo", _) => entry.memo = Some(text_value(v, "memo")?),
        (_, _) if f.key.node.starts_with("x-") => entry.meta.push((f.key, text_value(v, "value")?)),
        ("due", EntryKind::Invoice { due, .. }) => *due = Some(v.date("due date")?),
        ("terms", EntryKind::Invoice { terms, .. }) => *terms = Some(v.duration("payment term")?),
        (
            "ref",
            EntryKind::Invoice { reference, .. }
            | EntryKind::Payment { reference, .. }
            | EntryKind::Credit { reference, .. },
        ) => *reference = Some(text_value(v, "reference")?),
        ("invoice", EntryKind::Payment { allocations, .. } | EntryKind::Credit { allocations, .. }) => {
            let invoice = v.id("invoice number")?;
            let amount = if v.peek().is_some() {
                Some(v.amount("amount")?)
            } else {
                None
            };
            allocations.push(Allocation { invoice, amount });
        }
        ("installment", EntryKind::Arrangement { installments, .. }) => installments.push(Installment {
            date: v.date("installment date")?,
            amount: v.amount("installment amount")?,
        }),
        ("fee" | "interest", EntryKind::Sent { fees, interest, .. }) => {
            let target = if f.key.node == "fee" { fees } else { interest };
            target.push(charge(v)?);
        }
        ("reverses", EntryKind::Payment { reverses, .. }) => {
            *reverses = Some(Box::new(text_value(v, "bank id or reference")?))
        }
        ("bank-id", EntryKind::Payment { bank_id, .. } | EntryKind::Unmatched { bank_id, .. }) => {
            *bank_id = Some(Box::new(text_value(v, "bank id")?))
        }
        ("iban", EntryKind::Payment { iban, .. } | EntryKind::Unmatched { iban, .. }) => {
            *iban = Some(Box::new(v.grouped("IBAN")?))
        }
        ("matched-by", EntryKind::Payment { matched_by, .. }) => {
            *matched_by = Some(keyword(v, "match kind", &MatchedBy::ALL, MatchedBy::as_str)?)
        }
        ("name", EntryKind::Unmatched { name, .. }) => *name = Some(text_value(v, "payer's name")?),
        ("letter", EntryKind::Sent { letter, .. }) => *letter = Some(Box::new(text_value(v, "letter path")?)),
        ("channel", EntryKind::Sent { channel, .. }) => *channel = Some(Box::new(v.id("channel")?)),
        // `read_fields` admits only the keys of `entry_fields`, all handled above.
        (key, _) => {
            return Err(Diagnostic::new(Code::UnknownField, format!("unknown field `{key}`")).at(f.key.span));
        }
    }
    v.finish()
}

/// `AMOUNT` for the whole letter, or `INVOICE AMOUNT` for one invoice.
fn charge<'a>(v: &mut Cursor<'a>) -> Result<Charge<'a>, Diagnostic> {
    let invoice = if v.remaining() > 2 {
        Some(v.id("invoice number")?)
    } else {
        None
    };
    Ok(Charge {
        invoice,
        amount: v.amount("amount")?,
    })
}
