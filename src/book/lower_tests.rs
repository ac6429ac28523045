//! The fast path's entries become exactly the records, and the problems, that the general
//! parser's trees become: both ways lowered, then built.

use proptest::prelude::*;

use super::{lower, parse_part, parse_part_into_slots, Lowered};
use crate::book::slots::{BookSlots, PartSlots};
use crate::book::{build_in_slots, build_lowered, BuildOptions};
use crate::source::FileId;
use crate::syntax::journal::parse_part_general;
use crate::syntax::{Heads, ParsedJournal};

/// `text` lowered with the fast path, and through the general parser's trees and [`lower`].
fn both_ways(text: &str) -> (Lowered<'_>, Lowered<'_>) {
    let fast = parse_part(FileId(0), text, 0..text.len());
    let mut trees = ParsedJournal::default();
    parse_part_general(FileId(0), text, 0..text.len(), &mut trees);
    (fast, lower(trees))
}

/// Holds both ways to the same records and problems (spans included, which the records'
/// `==` may leave out: their debug text shows them), lowered and built.
fn same_both_ways(text: &str) {
    let (fast, general) = both_ways(text);
    assert_eq!(format!("{fast:#?}"), format!("{general:#?}"), "{text:?}");
    let built = |part| build_lowered(vec![part], BuildOptions::default());
    let (fast, general) = (built(fast), built(general));
    assert_eq!(format!("{fast:#?}"), format!("{general:#?}"), "{text:?}");
}

const CUSTOMERS: &str = "customer acme \"ACME\"\n  kind: business\n  terms: 14d\n\
                         customer bolt \"Bolt\"\n  kind: consumer\n";

/// Blocks the fast path takes, with its edge cases, and blocks it leaves to the general
/// parser, to be mixed in any order.
const BLOCKS: &[&str] = &[
    "2026-01-05 invoice I1 acme 100.00 EUR\n  memo: \"Design work\"\n  ref: RF18\n  due: 2026-02-01\n",
    "2026-01-05 invoice I2 bolt 5 EUR\n  terms: 30d\n",
    "2026-01-06 invoice I3 acme 0 EUR\n",
    "2026-01-06 invoice I4 acme -1.50 EUR\n  due: 2026-01-01\n",
    "9999-12-20 invoice I5 bolt 1 EUR\n",
    "9999-12-20 invoice I6 acme 1 EUR\n  terms: 3m\n",
    "9999-12-20 invoice I7 nobody 1 EUR\n",
    "2026-01-07 invoice I1 acme 7 EUR ; the number again\n",
    "2026-01-07 invoice I8 nobody 0 EUR\n  due: 2026-01-01\n",
    "2026-01-08 payment acme 50.00 EUR\n  invoice: I1 20.00 EUR\n  invoice: I2\n  invoice: I9 1 EUR\n  ref: \"bank 0\"\n",
    "2026-01-08 payment acme 0 EUR\n",
    "2026-01-08 payment nobody 3 EUR\n  invoice: I1\n",
    "2026-01-09 payment bolt -3.10 EUR\n  memo: back\n",
    "2026-01-09 payment acme 5 EUR\n  invoice: I1\n  bank-id: B1\n  matched-by: by-hand\n",
    "2026-01-10 credit CN1 acme 10.00 EUR\n  invoice: I1\n  invoice: I2 1 EUR\n",
    "2026-01-10 credit CN2 acme 0 EUR\n",
    "2026-01-10 credit I2 bolt 1 EUR\n",
    "2026-01-10 credit CN3 nobody 1 EUR\n",
    "2026-01-11 invoice I10 acme 1 EUR\n  x-tag: 1\n",
    "2026-01-11 invoice I11 acme 1,000.00 EUR\n",
    "2026-01-11 invoice I12 acme 1 USD\n  memo: \"a \\\"b\\\"\"\n",
    "2026-01-12 dispute I1 \"why\"\n",
    "2026-01-12 unmatched 5 EUR\n  name: someone\n",
    "2026-01-12 unmatched 0 EUR\n",
    "2026-01-13 invoice I13 acme 1.001 EUR\n",
    "2026-01-13 payment acme 1 EUR\n  invoice: I1\n  bogus: 1\n",
    "  stray: line\n",
    "; a comment\n# another\n\n",
    "customer late \"Late\"\n  kind: business\n",
    "2026-01-14 invoice I14 late 1 EUR\n",
    "2026-01-15 payment acme -5 EUR\n  reverses: B1\n  iban: NL91ABNA0417164300\n",
    "2026-01-03 payment bolt 2 EUR\n  reverses: \"bank 0\"\n",
];

#[test]
fn every_block_alone_and_all_together() {
    for block in BLOCKS {
        same_both_ways(&format!("{CUSTOMERS}{block}"));
    }
    let all = format!("{CUSTOMERS}{}", BLOCKS.concat());
    let (fast, _) = both_ways(&all);
    // Most of them are records, not trees, on the fast path.
    assert!(fast.invoices.len() > 10 && fast.payments.len() > 5, "{fast:#?}");
    same_both_ways(&all);
    same_both_ways(&all.replace('\n', "\r\n"));
    same_both_ways(&all.replace('\n', " ; c\n"));
}

proptest! {
    #[test]
    fn agrees_on_blocks_in_any_order(
        picks in prop::collection::vec(prop::sample::select(BLOCKS), 0..24),
        crlf in any::<bool>(),
    ) {
        let text = format!("{CUSTOMERS}{}", picks.concat());
        same_both_ways(&match crlf {
            true => text.replace('\n', "\r\n"),
            false => text,
        });
    }
}

#[test]
fn a_part_holds_little_per_record() {
    // A million of each stand beside the book while it is built.
    assert_eq!(std::mem::size_of::<super::Pending<'_>>(), 40);
    assert_eq!(std::mem::size_of::<super::InvoiceLink>(), 16);
}

/// `text` in parts of about `size` bytes, each lowered with its invoices and payments in
/// vectors of its own and built, and lowered with them in slots of one vector of each kind,
/// as a project is, and built: both books and their problems, as debug text.
fn built_both_ways(text: &str, size: usize) -> (String, String) {
    let parts = crate::syntax::lines::parts(text, size);
    let own: Vec<_> = parts.iter().map(|r| parse_part(FileId(0), text, r.clone())).collect();
    let heads: Vec<Heads> = parts.iter().map(|r| Heads::of(&text[r.clone()])).collect();
    let invoice_lens: Vec<usize> = heads.iter().map(|h| h.invoices).collect();
    let payment_lens: Vec<usize> = heads.iter().map(|h| h.payments + h.credits).collect();
    let markers = heads.iter().any(|h| h.markers);
    let (mut invoices, mut payments) = (Vec::new(), Vec::new());
    let lens = (0..parts.len()).map(|i| (i, invoice_lens[i], payment_lens[i]));
    let in_slots =
        crate::par::extend_both_in_parts(&mut invoices, &mut payments, lens.collect(), |i, invoices, payments| {
            let heads = Heads { markers, ..heads[i] };
            parse_part_into_slots(FileId(0), text, parts[i].clone(), heads, invoices, payments)
        });
    let slots = BookSlots {
        invoices: PartSlots {
            all: invoices,
            lens: invoice_lens,
        },
        payments: PartSlots {
            all: payments,
            lens: payment_lens,
        },
    };
    let own = build_lowered(own, BuildOptions::default());
    let in_slots = build_in_slots(in_slots, slots, BuildOptions::default());
    (format!("{own:#?}"), format!("{in_slots:#?}"))
}

/// Blocks whose heads the count of heads gets wrong: more invoices, payments or credit
/// notes than heads counted, and heads counted that give none.
const MISCOUNTED: &[&str] = &[
    "2026-01-05  invoice I30 acme 3 EUR\n",
    "2026-01-05\tinvoice I31 bolt 3 EUR\n",
    "2026-01-05 invoice\n",
    "2026-01-05 invoice I32 acme\n",
    "2026-01-05 inbox I33\n",
    "2026-01-05  payment acme 3 EUR\n  invoice: I1\n",
    "2026-01-05\tcredit CN30 bolt 1 EUR\n",
    "2026-01-05 payment\n",
    "2026-01-05 pax acme 1 EUR\n",
    "2026-01-05 credit CN31 acme\n",
];

#[test]
fn records_in_slots_build_the_same_book() {
    let all = format!("{CUSTOMERS}{}{}", BLOCKS.concat(), MISCOUNTED.concat());
    for size in [1, 64, 300, 1 << 20] {
        let (own, in_slots) = built_both_ways(&all, size);
        assert_eq!(own, in_slots, "parts of {size} bytes");
    }
    // In date order and every head a record's: the slots are the book's records.
    let ordered = format!("{CUSTOMERS}{}", BLOCKS[..4].concat());
    let (own, in_slots) = built_both_ways(&ordered, 64);
    assert_eq!(own, in_slots);
}

proptest! {
    #[test]
    fn records_in_slots_build_the_same_book_in_any_order(
        picks in prop::collection::vec(prop::sample::select([BLOCKS, MISCOUNTED].concat()), 0..24),
        size in 1usize..400,
    ) {
        let (own, in_slots) = built_both_ways(&format!("{CUSTOMERS}{}", picks.concat()), size);
        prop_assert_eq!(own, in_slots);
    }
}

#[test]
fn each_payment_reads_its_own_invoice_lines() {
    // Written after the invoices and out of date order, with a line naming no invoice.
    let text = format!(
        "{CUSTOMERS}2026-01-01 invoice A acme 10.00 EUR\n2026-01-02 invoice B acme 20.00 EUR\n\
         2026-03-01 payment acme 5.00 EUR\n  invoice: NOPE\n  invoice: B 2.00 EUR\n\
         2026-02-01 payment acme 7.00 EUR\n  invoice: A\n  invoice: B 1.00 EUR\n"
    );
    for size in [1, 64, 1 << 20] {
        let parts = crate::syntax::lines::parts(&text, size);
        let lowered = parts.into_iter().map(|r| parse_part(FileId(0), &text, r)).collect();
        let (book, _) = build_lowered(lowered, BuildOptions::default());
        let lines = |p: &crate::book::Payment| -> Vec<(String, Option<String>)> {
            let lines = book.allocations_of(p).iter();
            lines
                .map(|&(id, amount, _)| (book.invoice(id).number.to_string(), amount.map(|a| a.to_string())))
                .collect()
        };
        let line = |number: &str, amount: Option<&str>| (number.to_string(), amount.map(str::to_string));
        // In model order: February's payment, then March's without its unknown line.
        assert_eq!(
            lines(&book.payments[0]),
            [line("A", None), line("B", Some("1.00"))],
            "parts of {size} bytes"
        );
        assert_eq!(
            lines(&book.payments[1]),
            [line("B", Some("2.00"))],
            "parts of {size} bytes"
        );
    }
}
