//! A rendered letter as an e-mail: the text letter and the HTML letter as alternatives,
//! the subject of the body, from the rules' sender to the customer's first address.

use super::eml::{build, message_id, Attachment, Email, Person};
use crate::diag::Diagnostic;
use crate::letters::{LetterContext, LetterFormat, Templates};

/// Why a letter cannot be an e-mail.
#[derive(Debug)]
pub enum LetterMailError {
    /// The customer has no `email:`: the letter goes by post instead.
    NoRecipient,
    /// The rules' sender has no `email:`, so there is no From address.
    NoSender,
    /// A template failed.
    Template(Diagnostic),
    /// The message could not be built (e.g. an address that is not one).
    Build(super::MailError),
}

/// The message bytes of the letter `ctx`, written to a file named `file_stem.eml`.
/// `attachments` are added after the two alternatives (the PDF letter, when there is one).
pub fn letter_email(
    templates: &Templates,
    ctx: &LetterContext,
    file_stem: &str,
    attachments: &[Attachment],
) -> Result<Vec<u8>, LetterMailError> {
    let to = ctx.customer.email.as_deref().ok_or(LetterMailError::NoRecipient)?;
    let from = ctx.sender.email.as_deref().ok_or(LetterMailError::NoSender)?;
    let text = templates
        .render(ctx, LetterFormat::Txt)
        .map_err(LetterMailError::Template)?;
    let html = templates
        .render(ctx, LetterFormat::Html)
        .map_err(LetterMailError::Template)?;
    let subject = templates.subject(ctx).map_err(LetterMailError::Template)?;
    let date = ctx
        .date
        .parse()
        .map_err(|_| LetterMailError::Build(super::MailError::Build(format!("bad letter date `{}`", ctx.date))))?;
    build(&Email {
        from: Person {
            name: &ctx.sender.name,
            address: from,
        },
        to: Person {
            name: &ctx.customer.name,
            address: to,
        },
        subject: &subject,
        text: &text,
        html: &html,
        date,
        message_id: message_id(date, file_stem, from),
        attachments,
    })
    .map_err(LetterMailError::Build)
}
