//! One letter as an RFC 5322 message: `multipart/mixed` holding a
//! `multipart/alternative` (the text letter, then the HTML letter) and the attachments.
//! Non-ASCII text in headers is RFC 2047-encoded and bodies are quoted-printable or base64
//! as needed (lettre chooses), so Dutch names and `€` travel intact.

use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::MailError;
use crate::payref::stable_hash;

/// A name and an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person<'a> {
    /// Display name (may be empty).
    pub name: &'a str,
    /// The address (`billing@acme.example`).
    pub address: &'a str,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the recipient sees.
    pub filename: String,
    /// Its MIME type (`application/pdf`).
    pub mime: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Everything a letter's message holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Email<'a> {
    /// From (and Reply-To): the rules' sender.
    pub from: Person<'a>,
    /// To: the customer.
    pub to: Person<'a>,
    /// The letter's subject (plain text).
    pub subject: &'a str,
    /// The letter as plain text.
    pub text: &'a str,
    /// The letter as an HTML page.
    pub html: &'a str,
    /// The letter's date: the Date header is this day at 12:00 UTC.
    pub date: NaiveDate,
    /// The Message-ID with its angle brackets (see [`message_id`]).
    pub message_id: String,
    /// Files to attach (the PDF letter, when there is one).
    pub attachments: &'a [Attachment],
}

/// `<DATE.STEM@DOMAIN>`: the letter's date, its file name without extension (dots made
/// dashes), and the domain of the sender's address, so that the same letter always has the
/// same id and ids of different letters differ.
pub fn message_id(date: NaiveDate, file_stem: &str, sender_address: &str) -> String {
    let domain = sender_address.rsplit_once('@').map_or("localhost", |(_, d)| d);
    let stem: String = file_stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("<{date}.{stem}@{domain}>")
}

/// The message as bytes (CRLF line ends).
pub fn build(email: &Email<'_>) -> Result<Vec<u8>, MailError> {
    let from = mailbox(&email.from)?;
    let to = mailbox(&email.to)?;
    let seed = stable_hash(&email.message_id);
    let alternative = MultiPart::alternative()
        .boundary(format!("dun-alt-{seed:016x}"))
        .singlepart(SinglePart::plain(email.text.to_string()))
        .singlepart(SinglePart::html(email.html.to_string()));
    let mut mixed = MultiPart::mixed()
        .boundary(format!("dun-mixed-{seed:016x}"))
        .multipart(alternative);
    for a in email.attachments {
        let mime = ContentType::parse(&a.mime).map_err(|e| MailError::Build(format!("{}: {e}", a.mime)))?;
        mixed = mixed.singlepart(lettre::message::Attachment::new(a.filename.clone()).body(a.bytes.clone(), mime));
    }
    let message = Message::builder()
        .from(from.clone())
        .reply_to(from)
        .to(to)
        .subject(email.subject)
        .date(noon(email.date))
        .message_id(Some(email.message_id.clone()))
        .multipart(mixed)
        .map_err(|e| MailError::Build(e.to_string()))?;
    Ok(message.formatted())
}

fn mailbox(p: &Person<'_>) -> Result<Mailbox, MailError> {
    let address = p
        .address
        .parse()
        .map_err(|e| MailError::Build(format!("`{}` is not an e-mail address: {e}", p.address)))?;
    let name = (!p.name.trim().is_empty()).then(|| p.name.to_string());
    Ok(Mailbox::new(name, address))
}

/// 12:00 UTC on `date`: the same calendar day in every time zone from UTC-11 to UTC+11.
fn noon(date: NaiveDate) -> SystemTime {
    let secs = date.and_hms_opt(12, 0, 0).map_or(0, |t| t.and_utc().timestamp()).max(0);
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(attachments: &[Attachment]) -> Vec<u8> {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        build(&Email {
            from: Person {
                name: "Studio Vos",
                address: "facturen@studiovos.example",
            },
            to: Person {
                name: "Café De Brug",
                address: "info@debrug.example",
            },
            subject: "Herinnering: factuur 2026-105 — € 423,50",
            text: "Geachte heer, mevrouw,\n\nWilt u € 423,50 betalen? Één keer.\n",
            html: "<p>Geachte heer, mevrouw,</p><p>€ 423,50</p>",
            date,
            message_id: message_id(date, "nl-handover-second", "facturen@studiovos.example"),
            attachments,
        })
        .unwrap()
    }

    #[test]
    fn headers_and_parts() {
        let bytes = email(&[Attachment {
            filename: "brief.pdf".into(),
            mime: "application/pdf".into(),
            bytes: b"%PDF-1.7".to_vec(),
        }]);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.is_ascii(), "headers and bodies are encoded: {text}");
        for want in [
            "From: \"Studio Vos\" <facturen@studiovos.example>\r\n",
            "Reply-To: \"Studio Vos\" <facturen@studiovos.example>\r\n",
            "Date: Mon, 23 Nov 2026 12:00:00 +0000\r\n",
            "Message-ID: <2026-11-23.nl-handover-second@studiovos.example>\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: multipart/mixed;",
            "Content-Type: multipart/alternative;",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Type: text/html; charset=utf-8",
            "Content-Disposition: attachment; filename=\"brief.pdf\"",
        ] {
            assert!(text.contains(want), "{want}\n{text}");
        }
        // RFC 2047 for the non-ASCII display name and subject.
        assert!(text.contains("To: =?utf-8?"), "{text}");
        assert!(
            text.contains("Subject: Herinnering: factuur 2026-105 =?utf-8?b?"),
            "{text}"
        );
        // The same letter gives the same bytes.
        assert_eq!(
            bytes,
            email(&[Attachment {
                filename: "brief.pdf".into(),
                mime: "application/pdf".into(),
                bytes: b"%PDF-1.7".to_vec(),
            }])
        );
        assert!(!String::from_utf8(email(&[])).unwrap().contains("attachment"));
    }

    #[test]
    fn ids() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(
            message_id(d, "acme-notice.USD", "a@b.example"),
            "<2026-01-02.acme-notice-USD@b.example>"
        );
        assert_eq!(message_id(d, "x", "nodomain"), "<2026-01-02.x@localhost>");
    }
}
