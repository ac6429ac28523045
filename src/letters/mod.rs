//! Letters: from a selected [`crate::due::DueLetter`] to a rendered text, Markdown, HTML
//! or PDF letter.
//!
//! One job per file:
//! - [`context`]: the documented data model templates see ([`LetterContext`]), built from the
//!   model by `build` and sampled for checks by `sample`;
//! - [`helpers`]: `money`, `date`, `plural`, `pad`, `align`, strict `if`/`unless`;
//! - `escape`, `text`, `html`, `typ`: user text made literal in Markdown, and Markdown
//!   turned into wrapped plain text, HTML or Typst markup, so each body is written once
//!   for all formats;
//! - `pdf` (feature `pdf`): Typst as a library turns a letter's Typst source into a PDF;
//! - [`render`]: [`Templates`] (built-ins in `templates/`, embedded, replaced by a repo's
//!   own) and [`LetterFormat`]; [`letter_path`] says where a letter is written;
//! - `check`: [`check_templates`] for `dun check` (E055, E070, E071);
//! - `sandbox`: what a repo template may not do (partials, decorators, deep nesting).
//!
//! The template language and every context field are documented in `docs/templates.md`.

mod builtin;
mod check;
mod compose;
pub mod context;
mod costs;
mod deadline;
mod errors;
mod escape;
pub mod helpers;
mod history;
mod html;
mod path;
mod payment;
#[cfg(feature = "pdf")]
mod pdf;
pub mod render;
mod sample;
mod sandbox;
mod text;
mod typ;

pub use builtin::LANGUAGES;
pub use check::check_templates;
pub use context::LetterContext;
pub use history::FOURTEEN_DAY_TEMPLATE;
pub use path::{file_part, letter_path};
pub use render::{LetterFormat, Templates};
pub use sample::sample;
