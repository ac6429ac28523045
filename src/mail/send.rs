//! `dun send`'s loop: deliver each pending letter, and record each delivery in the journal
//! right after the server accepted it (one append per message, so that a failure or a crash
//! half-way leaves every delivered letter recorded and every other one pending).

use std::path::Path;

use chrono::NaiveDate;

use super::pending::{delivery_note, Pending};
use super::smtp::{Delivered, SmtpSettings};
use super::MailError;
use crate::record::append_entries;

/// What happened to one pending letter.
#[derive(Debug)]
pub enum Outcome {
    /// Delivered and recorded.
    Sent(Delivered),
    /// Not delivered: still pending.
    Failed(MailError),
    /// Delivered, but the record could not be appended: the entry to add by hand, and why.
    Unrecorded(Delivered, String, String),
}

/// Delivers every letter of `pending` (paths relative to `journal_dir`) and appends a
/// delivery `note` dated `date` to `target` after each one the server accepts. Calls
/// `report` after each letter.
pub fn send_all(
    pending: &[Pending],
    journal_dir: &Path,
    target: &Path,
    settings: &SmtpSettings,
    date: NaiveDate,
    mut report: impl FnMut(&Pending, &Outcome),
) -> Vec<Outcome> {
    let mut out = Vec::new();
    for p in pending {
        let path = journal_dir.join(&p.path);
        let outcome = match std::fs::read(&path) {
            Err(e) => Outcome::Failed(MailError::Header(format!("cannot read `{}`: {e}", path.display()))),
            Ok(bytes) => match settings.deliver(&bytes) {
                Err(e) => Outcome::Failed(e),
                Ok(d) => {
                    let note = delivery_note(p, date, &d.message_id, &d.to, &d.reply);
                    match append_entries(target, std::slice::from_ref(&note)) {
                        Ok(()) => Outcome::Sent(d),
                        Err(e) => Outcome::Unrecorded(d, note, e.to_string()),
                    }
                }
            },
        };
        report(p, &outcome);
        out.push(outcome);
    }
    out
}
