//! The few headers `dun send` needs, read back from a message `dun run` wrote: the envelope
//! sender and recipients come from the `.eml` file itself, so what is delivered is exactly
//! what was written and committed.

use super::MailError;

/// The value of the first header `name` (case-insensitive), unfolded; `None` if absent.
pub fn header(message: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(message);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let head = head.split("\n\n").next().unwrap_or("");
    let mut value: Option<String> = None;
    for line in head.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(v) = value.as_mut() {
            if line.starts_with([' ', '\t']) {
                v.push_str(line);
                continue;
            }
            break;
        }
        if let Some((key, rest)) = line.split_once(':') {
            if key.eq_ignore_ascii_case(name) {
                value = Some(rest.trim().to_string());
            }
        }
    }
    value
}

/// The addresses of an address header: the part in `<...>` of each mailbox, or the bare
/// address. Display names are encoded words (RFC 2047) or quoted, so they hold no `<`,
/// and commas only inside quotes.
pub fn addresses(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut current = String::new();
    for c in value.chars().chain(std::iter::once(',')) {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => {
                let m = current.trim();
                let addr = match (m.rfind('<'), m.rfind('>')) {
                    (Some(a), Some(b)) if a < b => &m[a + 1..b],
                    _ => m,
                };
                if !addr.is_empty() {
                    out.push(addr.to_string());
                }
                current.clear();
            }
            _ => current.push(c),
        }
    }
    out
}

/// `(from, to, message-id)` of a message, or which header is missing.
pub fn envelope(message: &[u8]) -> Result<(String, Vec<String>, String), MailError> {
    let missing = |h: &str| MailError::Header(format!("the message has no `{h}:` header"));
    let from = header(message, "From").ok_or_else(|| missing("From"))?;
    let from = addresses(&from).into_iter().next().ok_or_else(|| missing("From"))?;
    let to = addresses(&header(message, "To").ok_or_else(|| missing("To"))?);
    if to.is_empty() {
        return Err(missing("To"));
    }
    let id = header(message, "Message-ID").unwrap_or_default();
    Ok((from, to, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_folded_and_encoded_headers() {
        let m = b"From: \"Vos, Eva\" <eva@vos.example>\r\nTo: =?utf-8?b?Q2Fmw6k=?= <info@cafe.example>,\r\n bob@x.example\r\nMessage-ID: <1@x>\r\n\r\nTo: body@x.example\r\n";
        assert_eq!(
            envelope(m).unwrap(),
            (
                "eva@vos.example".to_string(),
                vec!["info@cafe.example".to_string(), "bob@x.example".to_string()],
                "<1@x>".to_string()
            )
        );
        assert!(envelope(b"From: a@b\r\n\r\n").is_err());
    }
}
