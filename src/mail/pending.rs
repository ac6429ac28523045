//! Which e-mail letters are waiting to be sent, and how a delivery is recorded.
//!
//! A letter is **pending** when a `sent` record has `channel: email` and a `letter:` path
//! ending in `.eml`, and no `note` of the same customer says `e-mail delivered: PATH` for
//! that path. One letter can have several `sent` records (one per stage its invoices
//! advance to); it is sent once. `dun send` appends the note only after the server has
//! accepted the message, so a failure leaves the letter pending and a second run does not
//! send it again.

use chrono::NaiveDate;

use crate::book::{Book, EventKind};
use crate::syntax::lex::quote;

/// The prefix of the note text that records a delivery.
pub const DELIVERED: &str = "e-mail delivered: ";

/// A letter waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The date of its `sent` record.
    pub date: NaiveDate,
    /// The customer id.
    pub customer: String,
    /// The `letter:` path as recorded (relative to the journal's directory).
    pub path: String,
    /// The stages its records name.
    pub stages: Vec<String>,
}

/// Every pending e-mail letter, in journal order.
pub fn pending(book: &Book) -> Vec<Pending> {
    let delivered: std::collections::HashSet<(&str, &str)> = book
        .events
        .iter()
        .filter_map(|e| match (&e.kind, e.text.as_deref()) {
            (EventKind::Note(c), Some(text)) => text
                .strip_prefix(DELIVERED)
                .map(|path| (book.customer(*c).id.as_str(), path)),
            _ => None,
        })
        .collect();
    let mut out: Vec<Pending> = Vec::new();
    for e in &book.events {
        let EventKind::Sent {
            customer,
            stage,
            letter: Some(path),
            channel: Some(channel),
            ..
        } = &e.kind
        else {
            continue;
        };
        let id = &book.customer(*customer).id;
        if channel != "email" || !path.ends_with(".eml") || delivered.contains(&(id.as_str(), path.as_str())) {
            continue;
        }
        match out.iter_mut().find(|p| &p.path == path) {
            Some(p) => p.stages.push(stage.clone()),
            None => out.push(Pending {
                date: e.date,
                customer: id.to_string(),
                path: path.clone(),
                stages: vec![stage.clone()],
            }),
        }
    }
    out
}

/// The journal entry recording that `p` was delivered on `date`: a `note` of the customer
/// whose text names the letter, with the Message-ID, recipients and the server's reply as
/// its memo.
pub fn delivery_note(p: &Pending, date: NaiveDate, message_id: &str, to: &[String], reply: &str) -> String {
    let memo = format!("{message_id} to {}; server: {}", to.join(", "), reply.trim());
    format!(
        "{date} note {} {}\n  memo: {}\n",
        p.customer,
        quote(&format!("{DELIVERED}{}", p.path)),
        quote(&memo)
    )
}
