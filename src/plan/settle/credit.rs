//! A customer's credit in one currency: money no claim took yet, kept in chunks that remember
//! the payment they came from (a reversal of that payment takes its chunks back first) and,
//! for money named for an invoice not yet issued, that invoice.

use std::collections::VecDeque;

use super::amount::Amount;
use crate::book::{InvoiceId, PaymentId};

/// Part of a customer's credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// The payment or credit note the money came from.
    pub source: PaymentId,
    /// How much is left of it.
    pub amount: Amount,
    /// The invoice an `invoice:` line kept it for, until that invoice's date.
    pub for_invoice: Option<InvoiceId>,
}

/// The credit of one customer in one currency, oldest money first.
#[derive(Debug, Default)]
pub struct Pool {
    chunks: VecDeque<Chunk>,
    /// The sum of the chunks kept for no invoice: zero most of the time, so the walk skips
    /// looking for claims to apply credit to.
    general: Amount,
}

impl Pool {
    /// Adds `amount` from `source` (kept for `for_invoice` if given).
    #[inline]
    pub fn add(&mut self, source: PaymentId, amount: Amount, for_invoice: Option<InvoiceId>) {
        if !amount.is_positive() {
            return;
        }
        if for_invoice.is_none() {
            self.general += amount;
        }
        self.chunks.push_back(Chunk {
            source,
            amount,
            for_invoice,
        });
    }

    /// All credit, kept for an invoice or not.
    pub fn total(&self) -> Amount {
        self.chunks.iter().map(|c| c.amount).sum()
    }

    /// Whether any credit is free to meet open claims.
    pub fn has_general(&self) -> bool {
        self.general.is_positive()
    }

    /// Removes and returns the chunks kept for `invoice`.
    pub fn take_kept_for(&mut self, invoice: InvoiceId) -> Vec<Chunk> {
        // Asked at every invoice's date, and seldom any: no rebuilding of the chunks then.
        if !self.chunks.iter().any(|c| c.for_invoice == Some(invoice)) {
            return Vec::new();
        }
        let (kept, rest): (Vec<Chunk>, Vec<Chunk>) =
            self.chunks.drain(..).partition(|c| c.for_invoice == Some(invoice));
        self.chunks = rest.into();
        kept
    }

    /// Removes and returns the general chunks, oldest first.
    pub fn take_general(&mut self) -> Vec<Chunk> {
        let (general, rest): (Vec<Chunk>, Vec<Chunk>) = self.chunks.drain(..).partition(|c| c.for_invoice.is_none());
        self.chunks = rest.into();
        self.general = Amount::ZERO;
        general
    }

    /// Takes up to `max` of the credit that came from `source`, newest first; returns how much.
    pub fn take_from(&mut self, source: PaymentId, max: Amount) -> Amount {
        self.take_where(max, |c| c.source == source)
    }

    /// Takes up to `max` of any credit (a refund), general credit first; returns how much.
    pub fn take_any(&mut self, max: Amount) -> Amount {
        let general = self.take_where(max, |c| c.for_invoice.is_none());
        general + self.take_where(max - general, |_| true)
    }

    fn take_where(&mut self, max: Amount, pick: impl Fn(&Chunk) -> bool) -> Amount {
        let mut taken = Amount::ZERO;
        for c in self.chunks.iter_mut().rev().filter(|c| pick(c)) {
            let x = c.amount.min(max - taken);
            c.amount -= x;
            taken += x;
            if c.for_invoice.is_none() {
                self.general -= x;
            }
        }
        self.chunks.retain(|c| c.amount.is_positive());
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Amount {
        Amount::from(s.parse::<Decimal>().unwrap())
    }

    #[test]
    fn takes_back_a_sources_money_newest_first_and_refunds_general_credit_first() {
        let mut pool = Pool::default();
        pool.add(PaymentId(0), d("10"), None);
        pool.add(PaymentId(1), d("5"), Some(InvoiceId(3)));
        pool.add(PaymentId(0), d("7"), None);
        assert_eq!(pool.take_from(PaymentId(0), d("8")), d("8"));
        assert_eq!(pool.total(), d("14"));
        assert_eq!(pool.take_any(d("12")), d("12"));
        assert_eq!(pool.total(), d("2"));
        assert!(!pool.has_general());
        assert_eq!(pool.take_kept_for(InvoiceId(3)).len(), 1);
        assert_eq!(pool.total(), d("0"));
    }
}
