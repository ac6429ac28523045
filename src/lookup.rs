//! Customers and invoices named on the command line: when a name is unknown, the message says
//! what it is instead (a customer where an invoice number was expected, or the reverse) or
//! which name was probably meant.

use std::fmt;

use crate::book::Book;
use crate::diag::did_you_mean;

/// A name the journal does not know where one was expected, with what it is instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// No customer `id`: it is an invoice of `owner`, or probably meant `guess`.
    Customer {
        /// The name given.
        id: String,
        /// When the name is an invoice number: its customer.
        owner: Option<String>,
        /// The closest customer id.
        guess: Option<String>,
    },
    /// No invoice `number`: it is a customer, or probably meant `guess`.
    Invoice {
        /// The name given.
        number: String,
        /// Whether the name is a customer id.
        is_customer: bool,
        /// The closest invoice number.
        guess: Option<String>,
    },
    /// `dun status NAME`: status takes no argument.
    StatusArgument {
        /// The name given.
        name: String,
        /// What the name is in the journal.
        is: Named,
        /// The closest customer id or invoice number.
        guess: Option<String>,
    },
}

/// What a name is in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A customer id.
    Customer,
    /// An invoice number.
    Invoice,
    /// Neither.
    Nothing,
}

/// A customer id the journal does not have.
pub fn unknown_customer(book: &Book, id: &str) -> Unknown {
    let owner = book
        .invoice_id(id)
        .map(|inv| book.customer(book.invoice(inv).customer).id.to_string());
    let guess = match owner {
        Some(_) => None,
        None => did_you_mean(id, book.customers.iter().map(|c| c.id.as_str())).map(str::to_string),
    };
    Unknown::Customer {
        id: id.to_string(),
        owner,
        guess,
    }
}

/// An invoice number the journal does not have.
pub fn unknown_invoice(book: &Book, number: &str) -> Unknown {
    let is_customer = book.customer_id(number).is_some();
    let guess = match is_customer {
        true => None,
        false => did_you_mean(number, book.invoices.iter().map(|i| i.number.as_str())).map(str::to_string),
    };
    Unknown::Invoice {
        number: number.to_string(),
        is_customer,
        guess,
    }
}

/// The customer id or invoice number `name` probably meant.
pub fn guess_name(book: &Book, name: &str) -> Option<String> {
    let ids = book.customers.iter().map(|c| c.id.as_str());
    let numbers = book.invoices.iter().map(|i| i.number.as_str());
    did_you_mean(name, ids.chain(numbers)).map(str::to_string)
}

/// `dun status NAME`: status takes no argument; what to write instead.
pub fn status_argument(book: &Book, name: &str) -> Unknown {
    let is = if book.customer_id(name).is_some() {
        Named::Customer
    } else if book.invoice_id(name).is_some() {
        Named::Invoice
    } else {
        Named::Nothing
    };
    let guess = match is {
        Named::Nothing => guess_name(book, name),
        _ => None,
    };
    Unknown::StatusArgument {
        name: name.to_string(),
        is,
        guess,
    }
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unknown::Customer { id, owner, guess } => {
                write!(f, "no customer `{id}` in the journal")?;
                match (owner, guess) {
                    (Some(owner), _) => write!(
                        f,
                        ": `{id}` is an invoice (of `{owner}`); `dun explain {id}` tells its story, \
                         `dun status --customer {owner}` shows its customer"
                    ),
                    (None, Some(g)) => write!(f, "; did you mean `{g}`?"),
                    (None, None) => f.write_str("; `dun status` lists the customers with open invoices"),
                }
            }
            Unknown::Invoice {
                number,
                is_customer,
                guess,
            } => {
                write!(f, "no invoice `{number}` in the journal")?;
                match (is_customer, guess) {
                    (true, _) => write!(
                        f,
                        ": `{number}` is a customer; `dun status --customer {number}` shows its invoices, \
                         `dun log {number}` its history"
                    ),
                    (false, Some(g)) => write!(f, "; did you mean `{g}`?"),
                    (false, None) => Ok(()),
                }
            }
            Unknown::StatusArgument { name, is, guess } => {
                write!(f, "`dun status` takes no argument `{name}`")?;
                match (is, guess) {
                    (Named::Customer, _) => write!(
                        f,
                        ": for one customer write `dun status --customer {name}` (or `dun log {name}` for its history)"
                    ),
                    (Named::Invoice, _) => write!(f, ": for one invoice write `dun explain {name}`"),
                    (Named::Nothing, Some(g)) => {
                        write!(f, "; did you mean `dun status --customer {g}` or `dun explain {g}`?")
                    }
                    (Named::Nothing, None) => f.write_str("; `dun status --customer ID` shows one customer"),
                }
            }
        }
    }
}
