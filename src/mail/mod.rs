//! E-mail: letters as RFC 5322 messages (`dun run --format eml`) and their delivery over
//! SMTP (`dun send`).
//!
//! - [`eml`]: an [`Email`] (text and HTML alternatives of one letter, plus attachments) as
//!   message bytes, deterministic for a given letter: the Message-ID is derived from the
//!   letter's date, file name and the sender's domain, the Date is the letter's date at
//!   12:00 UTC, and the MIME boundaries are derived from the Message-ID;
//! - [`headers`]: the envelope (From, To, Message-ID) read back from a written `.eml` file;
//! - [`pending`]: which `.eml` letters the journal says are not delivered yet, and the
//!   `note` entry that records a delivery;
//! - [`smtp`]: the server settings and credentials, and delivery of one message.
//!
//! Delivery is recorded append-only, without new syntax: a `note` entry
//! `DATE note CUSTOMER "e-mail delivered: PATH"` whose `memo:` holds the Message-ID, the
//! recipient and the server's reply (see `docs/journal.md`, "E-mail").

pub mod eml;
pub mod headers;
pub mod letter;
pub mod pending;
pub mod send;
pub mod smtp;

pub use eml::{Attachment, Email, Person};
pub use letter::{letter_email, LetterMailError};
pub use pending::{delivery_note, pending, Pending};
pub use send::{send_all, Outcome};
pub use smtp::{Credentials, Delivered, Security, SmtpSettings};

/// Why a message could not be written or sent.
#[derive(Debug)]
pub enum MailError {
    /// An address, header or part the message builder refused.
    Build(String),
    /// The `.eml` file lacks a header delivery needs.
    Header(String),
    /// Settings or credentials are missing or unsafe.
    Settings(String),
    /// The SMTP conversation failed; the message was not accepted.
    Smtp(String),
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailError::Build(e) => write!(f, "cannot build the message: {e}"),
            MailError::Header(e) => write!(f, "{e}"),
            MailError::Settings(e) => write!(f, "{e}"),
            MailError::Smtp(e) => write!(f, "the SMTP server did not accept the message: {e}"),
        }
    }
}

impl std::error::Error for MailError {}
