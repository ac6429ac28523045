//! The fast path reads a block only when the general parser reads it without a problem,
//! and then gives exactly the general parser's tree, spans included.

use proptest::prelude::*;

use super::fast::Fast;
use super::journal::parse_block;
use super::lines::{blocks, RawItem};
use super::ParsedJournal;
use crate::source::FileId;

/// Compares the two paths on every block of `text`: the tree, spans included, and where
/// the next block starts; returns how many blocks the fast path took.
fn same_as_general(text: &str) -> usize {
    let items: Vec<RawItem> = blocks(text).collect();
    let mut fast = Fast::new(FileId(0), text, text.len());
    let mut taken = 0;
    for (i, item) in items.iter().enumerate() {
        let RawItem::Block(raw) = item else { continue };
        let mut out = ParsedJournal::default();
        let Some(next) = fast.block(raw.head.start, &mut out) else {
            continue;
        };
        let next_head = match items.get(i + 1) {
            Some(RawItem::Block(b)) => b.head.start,
            Some(RawItem::Stray(l)) => l.start,
            None => text.len(),
        };
        assert_eq!(next, next_head, "{text:?}: where the next block starts");
        let mut diags = Vec::new();
        let general = parse_block(FileId(0), raw, &mut diags);
        assert!(
            diags.is_empty(),
            "{text:?}: the fast path took a block with problems: {diags:?}"
        );
        // Debug text shows the spans, which `==` leaves out.
        let general = format!("{general:?}");
        assert_eq!(general, format!("{:?}", out.blocks.pop()), "{text:?}");
        taken += 1;
    }
    taken
}

#[test]
fn takes_the_common_shapes() {
    let text = "2026-01-05 invoice I1 acme 100.00 EUR\n  memo: \"Design work\"\n  ref: RF18\n  due: 2026-02-01\n\n\
                2026-01-06  payment\tacme 50.00 EUR ; comment\n  invoice: I1 50.00 EUR\n  invoice: I2\n  ref:   \"bank 0\"\n\
                2026-01-07 credit CN1 acme 10 JPY\n  invoice: I1\n\
                2026-01-08 invoice I3 acme 1.00 EUR\n  terms: 14d\n  memo: \"a ; b\"\n";
    assert_eq!(same_as_general(text), 4);
    // Comments, blank lines, tabs and `\r\n` line ends, wherever they may stand.
    let text = "2026-01-05 invoice I1 acme 100.00 EUR ; c\r\n\r\n  ; c\n# c\n  \t\n\tmemo:\t\"a ; b\" ; c\r\n  \
                invoice: I0 ; c\n\n2026-01-06 payment acme 5 EUR\n  invoice: I1 1.00 EUR ; c\n  invoice: I2 ; c\n  ref: x;y";
    assert_eq!(same_as_general(text), 1);
    assert_eq!(same_as_general(&text.replace("  invoice: I0 ; c\n", "")), 2);
}

#[test]
fn leaves_problems_and_rare_fields_to_the_general_parser() {
    for block in [
        "2026-01-05 invoice I1 acme 100.001 EUR\n",
        "2026-01-05 invoice I1 acme 100.00 eur\n",
        "2026-02-30 invoice I1 acme 100.00 EUR\n",
        "2026-01-05 invoice I1 acme 100.00 EUR extra\n",
        "2026-01-05 invoice -I1 acme 100.00 EUR\n",
        "2026-01-05 invoice I1 acme 1,00.00 EUR\n",
        "2026-01-05 invoice I1 acme 0 EUR\n  memo: \"x\"\n  memo: \"y\"\n",
        "2026-01-05 invoice I1 acme 1 EUR\n  memo: \"open\n",
        "2026-01-05 invoice I1 acme 1 EUR\n  memo: two words\n",
        // Not a problem, but rare: a string with escapes.
        "2026-01-05 invoice I1 acme 1 EUR\n  memo: \"a \\\"b\\\"\"\n",
        "2026-01-05 invoice I1 acme 1 EUR\n  memo:\n",
        "2026-01-05 invoice I1 acme 1 EUR\n  x-tag: 1\n",
        "2026-01-05 invoice I1 acme 1 EUR\n  invoice: I2\n",
        "2026-01-05 invoice I1 acme 1 EUR\n  due 2026-01-01\n",
        "2026-01-05 invoice I1 acme 1 EUR\n  terms: 14\n",
        "2026-01-05 payment acme 1 EUR\n  invoice: I1 2.00\n",
        "2026-01-05 payment acme 1 EUR\n  bank-id: B1\n",
        "2026-01-05 payment acme 1 EUR\n  ref: a\n  ref: b\n",
        "2026-01-05 payment acme 1\n",
        "2026-01-05 note acme \"hi\"\n",
        "customer acme \"ACME\"\n  kind: business\n",
        "EUR 2026-01-05 invoice I1 acme 100.00\n",
    ] {
        assert_eq!(same_as_general(block), 0, "{block}");
    }
}

#[test]
fn agrees_on_every_journal_of_the_tests_and_examples() {
    let mut files = Vec::new();
    let mut dirs = vec![
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data"),
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples"),
    ];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let path = e.path();
            match path.is_dir() {
                true => dirs.push(path),
                false if path.extension().is_some_and(|x| x == "dun") => files.push(path),
                false => {}
            }
        }
    }
    let taken: usize = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|text| same_as_general(&text))
        .sum();
    assert!(taken > 100, "only {taken} blocks took the fast path");
}

/// Lines near the common shapes: valid, and each a small step away from valid.
const HEADS: &[&str] = &[
    "2026-01-05 invoice I1 acme 100.00 EUR",
    "2026-01-05 invoice I1 acme 100.00 JPY",
    "2026-01-05 invoice I1 acme -5 EUR",
    "2026-01-05 invoice I1 acme 99999999999999999 EUR",
    "2026-01-05 invoice I1 acme 999999999999999.99 EUR",
    "2026-01-05 invoice I1 acme 1000000000000000 EUR",
    "2026-01-05 invoice I1 acme 123456789012345678 JPY",
    "2026-01-05 invoice I1 acme 1234567890123456789 JPY",
    "2026-01-05 invoice I1 acme 0.0000000000000001 EUR",
    "2026-01-05 invoice I1 acme 1,234.50 EUR",
    "2026-01-05 invoice I1 acme 1_234 EUR",
    "2026-01-05 invoice I1 acme 1.5 JPY",
    "2026-01-05 invoice I1 acme 5. EUR",
    "2026-01-05 invoice I1 acme .5 EUR",
    "2026-01-05 invoice I1 acme - EUR",
    "2026-01-05 invoice I1 acme -0.00 EUR",
    "2026-01-05 invoice I1 acme 1 EURO",
    "2026-01-05 invoice I1 acme 1 XXX",
    "2026-01-05 invoice I1 acme 1 EUR \"x\"",
    "2026-01-05 invoice I1 acme 1 EUR;x",
    "2026-01-05 invoice I1 acme 1 EUR ;x",
    "2026-01-05 invoice I1 acme 1 EUR\t# x",
    "2026-01-05 invoice I1 acme EUR 1",
    "2026-01-05 invoice I1 acme 1",
    "2026-01-05 invoice I1 acme",
    "2026-01-05 invoice I1",
    "2026-01-05 invoice",
    "2026-01-05 invoices I1 acme 1 EUR",
    "2026-01-05 invoice I/1 a.b 7 GBP",
    "2026-01-05 invoice I1 ac;me 7 GBP",
    "2026-01-05 invoice I1 acmé 7 GBP",
    "2026-01-05 payment acme 50.00 EUR",
    "2026-01-05 payment acme 0 EUR",
    "2026-01-05 payment acme -3.10 USD",
    "2026-01-05 payment \"acme\" 1 EUR",
    "2026-01-05 payment acme\r 1 EUR",
    "2026-01-05 credit CN1 acme 10.00 EUR",
    "2026-01-05\tcredit  CN1 acme 10.00 EUR",
    "2026-01-05  credit CN1 acme 10.00 EUR  ",
    "2026-1-05 invoice I1 acme 1 EUR",
    "2026-02-29 invoice I1 acme 1 EUR",
    "2026-01-051 invoice I1 acme 1 EUR",
    "2026-01-05x invoice I1 acme 1 EUR",
    "2026-01-05 note acme \"hi\"",
];
/// Body lines, and the lines between and after blocks.
const LINES: &[&str] = &[
    "  memo: \"Design work\"",
    "  memo: bare",
    "  memo: é",
    "  memo:\"tight\"",
    "  memo: \"a\\\\\"",
    "  memo: \"a\\tb\"",
    "  memo: \"a ; b\" ; c",
    "  memo: \"a ; b\";c",
    "  memo: \"x\"y",
    "  memo: \"x\" y",
    "  memo: \"open",
    "  memo:;x",
    "  memo: ;x",
    "  memo: x;y",
    "  memo:",
    "  ref: \"bank 0\"",
    "  ref: R1",
    "  ref: a\"b ; c",
    "\tref:\tR2\t",
    "  invoice: I1",
    "  invoice: I1 ; c",
    "  invoice: I1;c",
    "  invoice: I1 5.00 EUR",
    "  invoice: I1 5.00 EUR ; c",
    "  invoice: I1 5.00 USD",
    "  invoice: I1 5.001 EUR",
    "  invoice: I1 1,000.00 EUR",
    "  invoice: I1 5.00",
    "  invoice: I1 5.00 EUR x",
    "  invoice:I1",
    "  invoice: I1\r",
    "  due: 2026-02-01",
    "  due:2026-02-01",
    "  due: 2026-01-01 ; c",
    "  due: 2026-02-30",
    "  terms: 14d",
    "  terms: 0014d",
    "  terms: 2x",
    "  terms:",
    "  x-a: b",
    "  memo : x",
    "  Memo: x",
    "  reverses: R1",
    "  kind: business",
    "",
    "   ",
    "\t",
    "; c",
    "# c",
    "  ; c",
    "  # c",
    "=======",
    "<<<<<<< ours",
    "\rx",
    "2026-01-09 invoice I9 acme 1 EUR",
    "customer acme \"Acme\"",
    "bogus",
];

proptest! {
    #[test]
    fn agrees_on_generated_blocks(
        head in prop::sample::select(HEADS),
        lines in prop::collection::vec((prop::sample::select(LINES), any::<bool>()), 0..6),
        crlf in any::<bool>(),
        last_newline in any::<bool>(),
    ) {
        let mut text = format!("{head}{}", if crlf { "\r\n" } else { "\n" });
        for (line, crlf) in lines {
            text.push_str(line);
            text.push_str(if crlf { "\r\n" } else { "\n" });
        }
        if !last_newline {
            text.pop();
        }
        same_as_general(&text);
    }
}

#[test]
fn a_payment_holds_room_for_its_allocations_only() {
    let parsed = super::parse_journal(FileId(0), "2026-01-06 payment acme 5 EUR\n  invoice: I1\n  ref: R\n");
    let [super::ast::Block::Entry(e)] = parsed.blocks.as_slice() else {
        panic!("expected one entry: {:?}", parsed.diagnostics);
    };
    let super::ast::EntryKind::Payment { allocations, .. } = &e.kind else {
        panic!("expected a payment");
    };
    assert_eq!(allocations.capacity(), 1);
}

#[test]
fn heads_are_counted_by_kind() {
    let text = "customer cr \"C\"\n  kind: business\n2026-01-05 invoice I1 cr 1 EUR\n\
                2026-01-05 payment cr 1 EUR\n  invoice: I1\n; c\n2026-01-05 credit C1 cr 1 EUR\n\
                2026-01-05  invoice I2 cr 1 EUR\n2026-01-05 note cr \"x\"\n2026-01-06 invoice I3 cr 1 EUR";
    let heads = super::Heads::of(text);
    // The invoice written with two blanks is a block, but not counted as an invoice.
    let expected = super::Heads {
        blocks: 7,
        invoices: 2,
        payments: 1,
        credits: 1,
        markers: false,
    };
    assert_eq!(heads, expected);
    // Lines that may be merge-conflict markers, and one that only contains their characters.
    for (text, markers) in [
        (
            "<<<<<<< ours
",
            true,
        ),
        (
            "x
>>>>>>> theirs",
            true,
        ),
        (
            "x
=
", true,
        ),
        (
            "x <
  |
", false,
        ),
    ] {
        assert_eq!(super::Heads::of(text).markers, markers, "{text:?}");
    }
}
