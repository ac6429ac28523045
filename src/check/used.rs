//! The customers and currencies the book's invoices use, gathered in one cheap pass: the
//! checks ask it of every invoice, and a set insert per invoice cost more than the checks.

use std::collections::BTreeSet;

use crate::book::Book;
use crate::money::Currency;

/// Each (customer index, currency) that some invoice has, in that order.
pub(super) fn customer_currencies(book: &Book) -> BTreeSet<(u32, Currency)> {
    // Nearly every customer invoices in one currency: remember each one's first and set
    // aside only the others.
    let mut first: Vec<Option<Currency>> = vec![None; book.customers.len()];
    let mut used = BTreeSet::new();
    for inv in &book.invoices {
        let (customer, currency) = (inv.customer.0, inv.amount.currency);
        match first.get_mut(customer as usize) {
            Some(slot @ None) => *slot = Some(currency),
            Some(Some(seen)) if *seen == currency => {}
            _ => {
                used.insert((customer, currency));
            }
        }
    }
    used.extend(
        first
            .iter()
            .enumerate()
            .filter_map(|(customer, currency)| Some((customer as u32, (*currency)?))),
    );
    used
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{build, BuildOptions};
    use crate::source::FileId;
    use crate::syntax::parse_journal;

    #[test]
    fn every_pair_once_in_order() {
        let text = "customer a \"A\"\n  kind: business\ncustomer b \"B\"\n  kind: business\n\
                    2026-01-01 invoice 1 b 10.00 EUR\n2026-01-02 invoice 2 a 10.00 USD\n\
                    2026-01-03 invoice 3 b 10.00 USD\n2026-01-04 invoice 4 b 11.00 EUR\n\
                    2026-01-05 invoice 5 a 12.00 USD\n";
        let parsed = parse_journal(FileId(0), text);
        let (book, _) = build(vec![parsed], BuildOptions::default());
        let eur = Currency::EUR;
        let usd = Currency::from_code("USD").expect("a currency");
        let want: BTreeSet<_> = [(0, usd), (1, eur), (1, usd)].into_iter().collect();
        assert_eq!(customer_currencies(&book), want);
    }
}
