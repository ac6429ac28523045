//! The formats a letter can be written in: a setting of the rules (`formats`), read by the
//! letters and the command line.

/// The output formats of a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum LetterFormat {
    /// Plain text, 72 columns.
    Txt,
    /// Markdown.
    Md,
    /// A self-contained, print-ready HTML page (A4).
    Html,
    /// An A4 PDF for a window envelope, fonts embedded (laid out by Typst; feature `pdf`).
    Pdf,
}

impl LetterFormat {
    /// Every format.
    pub const ALL: [LetterFormat; 4] = [
        LetterFormat::Txt,
        LetterFormat::Md,
        LetterFormat::Html,
        LetterFormat::Pdf,
    ];

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            LetterFormat::Txt => "txt",
            LetterFormat::Md => "md",
            LetterFormat::Html => "html",
            LetterFormat::Pdf => "pdf",
        }
    }

    /// The layout's name (`layout.NAME.hbs`): the extension, except `typ` for PDF, whose
    /// layout writes Typst.
    pub fn layout(self) -> &'static str {
        match self {
            LetterFormat::Pdf => "typ",
            other => other.ext(),
        }
    }

    /// The format named `name` (`txt`, `md`, `html`, `pdf`).
    pub fn from_name(name: &str) -> Option<LetterFormat> {
        LetterFormat::ALL.into_iter().find(|f| f.ext() == name)
    }
}
