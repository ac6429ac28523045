//! Customers and invoices named on the command line: when a name is unknown, the message says
//! what it is instead (a customer where an invoice number was expected, or the reverse) or
//! which name was probably meant.

use crate::book::Book;
use crate::diag::did_you_mean;

/// The message for a customer id the journal does not have: a "did you mean", or a pointer
/// to `dun explain` when it is an invoice number.
pub fn unknown_customer(book: &Book, id: &str) -> String {
    let head = format!("no customer `{id}` in the journal");
    if let Some(inv) = book.invoice_id(id) {
        let owner = &book.customer(book.invoice(inv).customer).id;
        return format!(
            "{head}: `{id}` is an invoice (of `{owner}`); `dun explain {id}` tells its story, \
             `dun status --customer {owner}` shows its customer"
        );
    }
    let ids = book.customers.iter().map(|c| c.id.as_str());
    match did_you_mean(id, ids) {
        Some(g) => format!("{head}; did you mean `{g}`?"),
        None => format!("{head}; `dun status` lists the customers with open invoices"),
    }
}

/// The message for an invoice number the journal does not have: a "did you mean", or a
/// pointer to `--customer` and `log` when it is a customer id.
pub fn unknown_invoice(book: &Book, number: &str) -> String {
    let head = format!("no invoice `{number}` in the journal");
    if book.customer_id(number).is_some() {
        return format!(
            "{head}: `{number}` is a customer; `dun status --customer {number}` shows its invoices, \
             `dun log {number}` its history"
        );
    }
    let numbers = book.invoices.iter().map(|i| i.number.as_str());
    match did_you_mean(number, numbers) {
        Some(g) => format!("{head}; did you mean `{g}`?"),
        None => head,
    }
}

/// The customer id or invoice number `name` probably meant.
pub fn guess_name(book: &Book, name: &str) -> Option<String> {
    let ids = book.customers.iter().map(|c| c.id.as_str());
    let numbers = book.invoices.iter().map(|i| i.number.as_str());
    did_you_mean(name, ids.chain(numbers)).map(str::to_string)
}

/// The message for `dun status NAME`: status takes no argument; what to write instead.
pub fn status_argument(book: &Book, name: &str) -> String {
    let head = format!("`dun status` takes no argument `{name}`");
    if book.customer_id(name).is_some() {
        return format!(
            "{head}: for one customer write `dun status --customer {name}` (or `dun log {name}` for its history)"
        );
    }
    if book.invoice_id(name).is_some() {
        return format!("{head}: for one invoice write `dun explain {name}`");
    }
    match guess_name(book, name) {
        Some(g) => format!("{head}; did you mean `dun status --customer {g}` or `dun explain {g}`?"),
        None => format!("{head}; `dun status --customer ID` shows one customer"),
    }
}
