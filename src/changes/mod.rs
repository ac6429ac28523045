//! What changed between two versions of a journal: the entries about one invoice or
//! customer ([`entries`], only in the window where two texts differ: [`window`]), and the
//! status ([`status`], rendered by [`render`]). Plain text and models in, no git: the
//! repository side is [`crate::repo`].

pub mod entries;
pub mod render;
pub mod status;
pub mod window;
