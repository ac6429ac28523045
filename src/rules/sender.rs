//! The `sender` block: who the letters are from, as `key: value` fields like the
//! journal's customer block, with the IBAN's checksum and the BIC's shape checked.

use super::model::Sender;
use crate::diag::{Code, Diagnostic};
use crate::iban::{normalize_bic, normalize_iban};
use crate::source::{FileId, Span};
use crate::syntax::ast::Spanned;
use crate::syntax::fields::{many, once, read_fields, Field, FieldSpec};
use crate::syntax::lex::{self, Cursor};
use crate::syntax::lines::RawBlock;

/// The fields of the `sender` block.
pub const SENDER_FIELDS: &[FieldSpec] = &[
    once("name"),
    many("address"),
    once("email"),
    once("phone"),
    once("iban"),
    once("bic"),
    once("coc"),
    once("vat"),
    once("place"),
    once("signature"),
];

/// Parses a `sender` block (head already known to start with `sender`). Bad fields are
/// reported and left out; the sender is returned anyway so its other fields are used.
pub(super) fn parse_sender(file: FileId, raw: &RawBlock<'_>, diags: &mut Vec<Diagnostic>) -> Sender {
    let head = &raw.head;
    let span = Span::new(file, head.content_start, head.content_end());
    let mut cur = Cursor::new(file, head.content, head.content_start);
    let _ = cur.expect("`sender` keyword");
    if let Some(t) = cur.peek() {
        diags.push(
            Diagnostic::new(Code::TrailingInput, format!("unexpected `{}`", t.text))
                .at(Span::new(file, t.start, head.content_end()))
                .label("`sender` takes nothing on its line")
                .help("the sender's details are indented fields below it, e.g. `  name: \"Studio Vos\"`"),
        );
    }
    let mut sender = Sender {
        span,
        ..Sender::default()
    };
    let mut named = false;
    for mut f in read_fields(file, &raw.body, SENDER_FIELDS, "the sender", diags) {
        named |= f.key.node == "name";
        if let Err(d) = field(&mut sender, &mut f) {
            diags.push(d);
        }
    }
    if !named {
        diags.push(
            Diagnostic::new(Code::Missing, "the sender has no `name`")
                .at(span)
                .label("needs a `name:` field")
                .help("add `  name: \"Your Company\"`: letters are signed with it"),
        );
    }
    sender
}

/// Reads one field into `sender`.
fn field(sender: &mut Sender, f: &mut Field<'_>) -> Result<(), Diagnostic> {
    let v = &mut f.value;
    if f.key.node == "iban" {
        sender.iban = Some(iban(v)?);
        return v.finish();
    }
    let t = v.expect("value")?;
    let text = lex::text(v.file(), t, "value")?;
    v.finish()?;
    let value = text.node.into_owned();
    match f.key.node {
        "name" => sender.name = value,
        "address" => sender.address.push(value),
        "email" => sender.email = Some(value),
        "phone" => sender.phone = Some(value),
        "bic" => sender.bic = Some(normalize_bic(&value).map_err(|e| bad_bic(text.span, e))?),
        "coc" => sender.coc = Some(value),
        "vat" => sender.vat = Some(value),
        "place" => sender.place = Some(value),
        "signature" => sender.signature = Some(value),
        key => sender.meta.push((key.to_string(), value)),
    }
    Ok(())
}

/// An IBAN, quoted or bare; bare, it may be written in groups (`NL91 ABNA 0417 1643 00`).
fn iban(v: &mut Cursor<'_>) -> Result<Spanned<String>, Diagnostic> {
    let Spanned { node: text, span } = v.grouped("IBAN")?;
    match normalize_iban(&text) {
        Ok(iban) => Ok(Spanned::new(iban, span)),
        Err(problem) => Err(Diagnostic::new(Code::BadIban, format!("invalid IBAN `{text}`"))
            .at(span)
            .label(problem)
            .help("copy the IBAN from a bank statement; e.g. NL91ABNA0417164300 or NL91 ABNA 0417 1643 00")),
    }
}

fn bad_bic(span: Span, problem: &str) -> Diagnostic {
    Diagnostic::new(Code::BadValue, "invalid BIC")
        .at(span)
        .label(problem.to_string())
        .help("a BIC looks like ABNANL2A or DEUTDEFF500; it is optional with an IBAN in the euro area")
}
