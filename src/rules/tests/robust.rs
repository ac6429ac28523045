//! No input makes the parser panic.

use super::*;
use proptest::prelude::*;

#[test]
fn every_prefix_of_the_spec_example() {
    let text = super::super::grammar_tests::SPEC_EXAMPLE;
    for (i, _) in text.char_indices() {
        let _ = parse(&text[..i]);
    }
}

proptest! {
    #[test]
    fn arbitrary_text(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn spec_example_with_a_character_replaced(at in 0usize..2500, c in "[ -~\t\n\"\\\\%éあ]") {
        let text = super::super::grammar_tests::SPEC_EXAMPLE;
        let at = crate::source::floor_char_boundary(text, at.min(text.len()));
        let mut mutated = text[..at].to_string();
        mutated.push_str(&c);
        mutated.push_str(text[at..].get(1..).unwrap_or(""));
        let _ = parse(&mutated);
    }

    #[test]
    fn keyword_soup(words in proptest::collection::vec(
        "(stage|policy|after|wait|fee|interest|template|task|required|action|min|max|wik|\\+vat|fixed|compound|yearly|rates|minimum|grace|[0-9]{1,3}(d|m|w|%)|[0-9]{1,3}\\.00 EUR|\"x\"|  |\n|sender|iban:|name:)",
        0..40,
    )) {
        let _ = parse(&words.join(" "));
    }
}
