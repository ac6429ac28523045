//! PDF letters (feature `pdf`): the example's letters compiled to PDF and read back with a
//! small PDF reader (`tests/suite/pdf/inspect.rs`), so nothing is skipped for want of an external
//! tool: a PDF header, the page count, embedded fonts, the text (invoice numbers, names,
//! bank details), where the address sits (in the envelope window), page numbers on long
//! letters, literal user text, and the same bytes for the same letter. Compiled only with the
//! `pdf` feature (see `main.rs`).
mod inspect;

use std::path::Path;

use chrono::NaiveDate;
use dun::letters::{sample, LetterContext, LetterFormat, Templates};
use dun::load::FsFiles;
use dun::project::{Paths, Project};
use inspect::{Pdf, Run};

/// The example repo's letters due on 2026-11-23.
fn example_letters() -> Vec<LetterContext> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-studio");
    let paths = Paths {
        journal: dir.join("journal.dun"),
        rules: None,
    };
    let p = Project::open(&FsFiles, &paths).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let plan = dun::plan::evaluate(&p.book, &p.rules, &p.rates, date);
    let run = dun::due::select(&p.book, &p.rules, &p.rates, &plan);
    run.letters
        .iter()
        .map(|l| LetterContext::build(&p.book, &p.rules, &plan, l))
        .collect()
}

fn pdf(ctx: &LetterContext) -> Vec<u8> {
    Templates::builtin()
        .letter(ctx, LetterFormat::Pdf)
        .unwrap_or_else(|d| panic!("{d:#?}"))
}

/// The first run on `page` whose text contains `needle`.
fn run_with<'a>(runs: &'a [Run], page: usize, needle: &str) -> &'a Run {
    runs.iter()
        .find(|r| r.page == page && r.text.contains(needle))
        .unwrap_or_else(|| panic!("no `{needle}` on page {page}: {runs:#?}"))
}

#[test]
fn example_letters_are_a4_pdfs_with_the_address_in_the_window() {
    let letters = example_letters();
    assert_eq!(letters.len(), 5);
    for ctx in &letters {
        let bytes = pdf(ctx);
        assert!(bytes.starts_with(b"%PDF-"), "{}", ctx.customer.id);
        let doc = Pdf::parse(&bytes);
        assert_eq!(doc.pages().len(), 1, "{}: one page", ctx.customer.id);
        assert!(
            doc.dicts().any(|d| d.contains("/MediaBox [ 0 0 595.27")),
            "A4 is 595.28 x 841.89 pt"
        );
        // Every font is embedded (a font file in each descriptor), none merely named.
        let descriptors = doc.font_descriptors();
        assert!(!descriptors.is_empty());
        for d in descriptors {
            assert!(d.contains("/FontFile"), "{d}");
        }
        let text = &doc.page_texts()[0];
        for inv in &ctx.invoices {
            assert!(text.contains(&inv.number), "{}: {text}", inv.number);
        }
        assert!(text.contains("NL91 ABNA 0417 1643 00"), "{text}");
        let runs = doc.runs();
        // DIN 5008 form B: the address field is 20..105 mm from the left, 45..90 mm from
        // the top; the recipient's lines sit in its lower part (the window).
        let name = run_with(&runs, 1, &ctx.customer.name);
        assert!((24.0..30.0).contains(&name.x), "{name:?}");
        assert!((62.0..75.0).contains(&name.y), "{name:?}");
        for line in &ctx.customer.address {
            let r = run_with(&runs, 1, line);
            assert!((24.0..30.0).contains(&r.x) && (62.0..90.0).contains(&r.y), "{r:?}");
        }
        // The return address above it, still in the window; the sender top right.
        let ret = run_with(&runs, 1, "Prinsengracht 100 ·");
        assert!((45.0..name.y).contains(&ret.y), "{ret:?}");
        let sender = run_with(&runs, 1, "Studio Vos");
        assert!(sender.y < 30.0 && sender.x > 120.0, "{sender:?}");
        // The bank details at the foot.
        let iban = run_with(&runs, 1, "IBAN");
        assert!(iban.y > 270.0, "{iban:?}");
    }
}

#[test]
fn the_same_letter_gives_the_same_bytes() {
    let ctx = &example_letters()[0];
    let a = pdf(ctx);
    assert_eq!(a, pdf(ctx));
    let raw = String::from_utf8_lossy(&a);
    assert!(raw.contains("D:20261123"), "dated with the letter's date");
}

#[test]
fn long_letters_number_their_pages() {
    let mut ctx = sample(None, "nl", "notice", true);
    let one = ctx.invoices[0].clone();
    ctx.invoices = (0..45)
        .map(|i| {
            let mut inv = one.clone();
            inv.number = format!("2026-{:03}", 200 + i);
            inv
        })
        .collect();
    ctx.invoice_count = ctx.invoices.len();
    let doc = Pdf::parse(&pdf(&ctx));
    let pages = doc.pages().len();
    assert!(pages >= 2, "{pages} pages");
    let texts = doc.page_texts();
    for (i, text) in texts.iter().enumerate() {
        assert!(text.contains(&format!("Pagina {} van {pages}", i + 1)), "{text}");
        assert!(text.contains("IBAN"), "bank details on every page: {text}");
    }
    // The table goes on on the next page under its repeated header.
    assert!(
        texts[1].contains("Factuur") && texts[1].contains("2026-244"),
        "{}",
        texts[1]
    );
    let all = texts.concat();
    for i in 0..45 {
        assert!(all.contains(&format!("2026-{:03}", 200 + i)));
    }
}

#[test]
fn user_text_is_never_typst_code() {
    let mut ctx = sample(None, "en", "reminder", true);
    let hostile = "#set page(width: 1cm) *Bold* _x_ <lbl> @ref $x$ // c \\ [a]";
    ctx.customer.name = hostile.to_string();
    ctx.customer.address = vec!["#import \"/etc/passwd\"".to_string(), "= Heading".to_string()];
    ctx.invoices[0].memo = Some("#read(\"/etc/passwd\") `code`".to_string());
    let doc = Pdf::parse(&pdf(&ctx));
    // The letter runs onto a second page; a `#set page(width: 1cm)` that ran would make dozens.
    assert!(doc.pages().len() <= 2, "{} pages", doc.pages().len());
    let text = doc.page_texts().concat();
    // Typst sets quotes typographically; that is the only change.
    let text = text.replace(['\u{201c}', '\u{201d}'], "\"");
    let squeezed: String = text.split_whitespace().collect();
    for want in [
        hostile,
        "#import \"/etc/passwd\"",
        "= Heading",
        "#read(\"/etc/passwd\") `code`",
    ] {
        let w: String = want.split_whitespace().collect();
        assert!(squeezed.contains(&w), "`{want}` not literal in: {text}");
    }
}
