//! `file:` URIs <-> paths. The protocol names documents by URI; dun reads paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The path of a `file:` URI (percent-escapes decoded); `None` for other schemes.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the local host is ours.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) if matches!(&rest[..i], "localhost") => &rest[i..],
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = decode(path)?;
    // `file:///C:/x` on Windows is `C:/x`.
    let decoded = match decoded.as_bytes() {
        [b'/', d, b':', ..] if cfg!(windows) && d.is_ascii_alphabetic() => decoded[1..].to_string(),
        _ => decoded,
    };
    Some(crate::load::normalize(Path::new(&decoded)))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Uri::from_str(&out).ok()
}

/// Decodes `%XX` escapes; `None` if the result is not UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_path_with_spaces_and_accents() {
        let path = Path::new("/home/zoë/my books/journal.dun");
        let uri = from_path(path).unwrap();
        assert_eq!(uri.as_str(), "file:///home/zo%C3%AB/my%20books/journal.dun");
        assert_eq!(to_path(&uri).unwrap(), path);
    }

    #[test]
    fn other_schemes_and_hosts_are_not_files() {
        assert_eq!(to_path(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
        assert_eq!(to_path(&Uri::from_str("file://server/share/x.dun").unwrap()), None);
        let local = Uri::from_str("file://localhost/tmp/x.dun").unwrap();
        assert_eq!(to_path(&local).unwrap(), Path::new("/tmp/x.dun"));
    }
}
