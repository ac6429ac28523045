//! The smallest Typst [`World`] a letter needs: one generated main source, the fonts
//! embedded in the binary (`typst-assets`), and a few named byte files the caller gives
//! (the payment QR code). Nothing else exists: no file system, no packages, no network,
//! so a layout can neither read a file nor fetch anything, and the same letter always
//! gives the same PDF. `today` is the letter's date.
//!
//! Fonts and the standard library are parsed once per process and shared by every letter.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The embedded fonts and their book, parsed once.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The file id of a virtual file at the project root. Ids are interned, so the same
/// name always gives the same id.
pub fn file_id(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(format!("/{name}")).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// One letter's world.
pub struct LetterWorld {
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl LetterWorld {
    /// A world whose main file is `source`, with `files` (name, bytes) beside it, on `today`.
    pub fn new(source: String, files: Vec<(&str, Vec<u8>)>, today: Option<Datetime>) -> LetterWorld {
        let main_id = file_id("main.typ").expect("ok: a constant, valid path");
        let files = files
            .into_iter()
            .filter_map(|(name, bytes)| Some((file_id(name)?, Bytes::new(bytes))))
            .collect();
        LetterWorld {
            main: Source::new(main_id, source),
            files,
            today,
        }
    }

    /// The main source, to turn an error's span into a line.
    pub fn source_text(&self) -> &Source {
        &self.main
    }
}

impl World for LetterWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        Err(FileError::NotSource)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, b)| b.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
