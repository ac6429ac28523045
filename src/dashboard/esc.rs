//! Text and numbers as the page writes them.

use std::fmt;

/// Text escaped for HTML (and XML) content and attribute values, when displayed.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::status::html_escape(self.0))
    }
}

/// `52634.35` as `52,634.35`, `-1200` as `-1,200`.
pub fn group(number: &str) -> String {
    crate::money::grouped(number, ',', '.')
}
