//! `dun run`: which letters and tasks are due on a date ([`select`]), and recording what
//! was sent ([`record`]).

pub mod record;
pub mod select;

pub use select::{select, LetterItem, LetterPlan, Other, RunPlan, Skipped, TaskPlan, Why};
