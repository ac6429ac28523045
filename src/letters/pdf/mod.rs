//! PDF letters (cargo feature `pdf`): the Typst source a letter's `layout.typ` produced,
//! compiled with Typst as a library into an A4 PDF with embedded (subset) fonts and
//! selectable, tagged text.
//!
//! Why Typst: it lays out paragraphs, tables that break across pages with repeated headers,
//! page counters ("page 1 of 2") and SVG images, and its PDF writer (krilla) embeds fonts;
//! a layout is a readable text file a user can override like the other templates. The
//! price is build time and binary size (see the README), hence the feature.
//!
//! Output is reproducible: the document date and Typst's `today` are the letter's date,
//! and the PDF identifier is derived from a stable name, so the same letter gives the
//! same bytes.

mod world;

use chrono::{Datelike, NaiveDate};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use world::LetterWorld;

/// Compiles `source` (with `files` beside it, by name) into a PDF dated `date`. `ident`
/// names the letter stably (it seeds the PDF's document identifier). An error is Typst's
/// first message, with the line of `source` it points at.
pub fn compile(source: String, files: Vec<(&str, Vec<u8>)>, date: NaiveDate, ident: &str) -> Result<Vec<u8>, String> {
    let md = u8::try_from(date.month()).ok().zip(u8::try_from(date.day()).ok());
    let today = md.and_then(|(m, d)| Datetime::from_ymd(date.year(), m, d));
    let world = LetterWorld::new(source, files, today);
    let result = typst::compile::<PagedDocument>(&world).output;
    // Drop cached layout results no letter has used for a while, so a long run stays small.
    typst::comemo::evict(10);
    let document = result.map_err(|errors| describe(&world, &errors))?;
    let timestamp = md
        .and_then(|(m, d)| Datetime::from_ymd_hms(date.year(), m, d, 0, 0, 0))
        .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(format!("dun {} (Typst)", env!("CARGO_PKG_VERSION")))),
        timestamp,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| describe(&world, &errors))
}

/// The first error as `line N: message (hint: ...): `the line``.
fn describe(world: &LetterWorld, errors: &[SourceDiagnostic]) -> String {
    let Some(e) = errors.iter().find(|e| e.severity == Severity::Error).or(errors.first()) else {
        return "Typst reported an error without a message".to_string();
    };
    let mut msg = e.message.to_string();
    for hint in &e.hints {
        msg.push_str(&format!(" (hint: {})", hint.v));
    }
    let source = world.source_text();
    let at = world.range(e.span).and_then(|r| source.lines().byte_to_line(r.start));
    match at {
        Some(line) => {
            let text = source.text().lines().nth(line).unwrap_or("").trim();
            format!("line {}: {msg}: `{text}`", line + 1)
        }
        None => msg,
    }
}
