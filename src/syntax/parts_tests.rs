//! A text split into parts at block heads ([`super::lines::parts`]) and parsed part by
//! part gives exactly what parsing it whole gives: blocks, diagnostics (with their spans)
//! and poisoned ids, in the same order, whatever the part size.

use proptest::prelude::*;

use super::lines::parts;
use super::{parse_journal, parse_journal_part};
use crate::source::FileId;

/// Debug text of the whole parse and of the parse by parts of `size` bytes.
fn whole_and_parts(text: &str, size: usize) -> (String, String) {
    let whole = parse_journal(FileId(0), text);
    let pieces: Vec<_> = parts(text, size)
        .into_iter()
        .map(|r| parse_journal_part(FileId(0), text, r))
        .collect();
    let joined = (
        pieces.iter().flat_map(|p| &p.blocks).collect::<Vec<_>>(),
        pieces.iter().flat_map(|p| &p.diagnostics).collect::<Vec<_>>(),
        pieces.iter().flat_map(|p| &p.poisoned).collect::<Vec<_>>(),
    );
    // `&T` prints as `T` does, so the two texts compare the values.
    (
        format!("{:?}", (&whole.blocks, &whole.diagnostics, &whole.poisoned)),
        format!("{joined:?}"),
    )
}

/// Lines of every shape the block splitter tells apart.
const LINES: &[&str] = &[
    "2026-01-05 invoice I1 acme 100.00 EUR",
    "2026-01-06 payment acme 50.00 EUR",
    "  invoice: I1 50.00 EUR",
    "  memo: \"a ; b\" ; comment",
    "  due: 2026-02-01",
    "\tref: X",
    "",
    "   ",
    "; a comment",
    "# a comment",
    "  ; indented comment",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> theirs",
    "customer acme \"Acme\"",
    "  kind: business",
    "2026-13-01 invoice I2 acme 1 EUR",
    "bogus line",
    "2026-01-07 invoce I3 acme 1 EUR",
    "include \"x.dun\"",
];

fn text_of(picks: &[(usize, bool)], bom: bool) -> String {
    let mut text = String::from(if bom { "\u{feff}" } else { "" });
    for &(i, crlf) in picks {
        text.push_str(LINES[i % LINES.len()]);
        text.push_str(if crlf { "\r\n" } else { "\n" });
    }
    text
}

#[test]
fn parts_start_at_heads_and_cover_the_text() {
    let text = "  stray\n; c\nhead\n  body\n\n  more\n# c\n<<<<<<< x\nnext\n  f: 1\nlast";
    for size in 1..=text.len() + 1 {
        let ranges = parts(text, size);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        for w in ranges.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            let head = &text[w[1].start..];
            assert!(head.starts_with("head") || head.starts_with("next") || head.starts_with("last"));
        }
        let (whole, joined) = whole_and_parts(text, size);
        assert_eq!(whole, joined, "size {size}");
    }
    assert!(parts("", 10).is_empty());
}

proptest! {
    #[test]
    fn parsing_by_parts_is_parsing_whole(
        picks in proptest::collection::vec((0usize..LINES.len(), any::<bool>()), 0..40),
        bom in any::<bool>(),
        no_last_newline in any::<bool>(),
        size in 1usize..200,
    ) {
        let mut text = text_of(&picks, bom);
        if no_last_newline {
            text.pop();
        }
        let (whole, joined) = whole_and_parts(&text, size);
        prop_assert_eq!(whole, joined);
    }
}
