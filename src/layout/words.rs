//! The words of a line, read with the parser's own tokenizer, and the shapes of lines the
//! formatter aligns: `key: value` fields, fields that end in an amount, and `stage` lines.
//!
//! Only the blanks between words ever change: every word is written exactly as the user
//! wrote it, and two words that touched in the source (`"a"b`) still touch.

use crate::syntax::lex::tokens;

/// One token of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word<'a> {
    /// The token as written.
    pub text: &'a str,
    /// Whether blanks separated it from the token before (or from the line start).
    pub spaced: bool,
}

/// The tokens of `content`.
pub(super) fn words(content: &str) -> Vec<Word<'_>> {
    let mut end = 0;
    tokens(content, 0)
        .map(|t| {
            let spaced = t.start > end;
            end = t.start + t.text.len();
            Word { text: t.text, spaced }
        })
        .collect()
}

/// Words joined by single spaces; words that touched stay touching.
pub(super) fn join(words: &[Word<'_>]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 && w.spaced {
            out.push(' ');
        }
        out.push_str(w.text);
    }
    out
}

/// Width of `s` in characters (what a monospaced editor shows for most text).
pub(super) fn width(s: &str) -> usize {
    s.chars().count()
}

/// A `key: value` line.
#[derive(Debug, Clone)]
pub(super) struct Field<'a> {
    /// The key, without its colon.
    pub key: &'a str,
    /// The value's words.
    pub value: Vec<Word<'a>>,
}

/// Reads `content` as a field when the text before its first `:` is one bare word.
pub(super) fn field(content: &str) -> Option<Field<'_>> {
    let colon = content.find(':')?;
    let key = &content[..colon];
    let bare = !key.is_empty() && !key.contains([' ', '\t', '"']);
    bare.then(|| Field {
        key,
        value: words(&content[colon + 1..]),
    })
}

impl Field<'_> {
    /// `key: value`, with one space after the colon.
    pub fn render(&self) -> String {
        let mut out = format!("{}:", self.key);
        if !self.value.is_empty() {
            out.push_str(self.after_colon());
            out.push_str(&join(&self.value));
        }
        out
    }

    /// What goes between the colon and the value: one space, except before a value that
    /// starts with `;` and touched the colon (`key:;x` has the value `;x`, but `key: ;x`
    /// starts a comment).
    fn after_colon(&self) -> &'static str {
        match self.value.first() {
            Some(first) if !first.spaced && first.text.starts_with(';') => "",
            _ => " ",
        }
    }

    /// The field split around a final amount, when its value ends in `NUMBER CUR`.
    pub fn amount(&self) -> Option<Amount> {
        let n = self.value.len();
        if n < 2 || self.value[1..].iter().any(|w| !w.spaced) {
            return None;
        }
        let (number, currency) = (self.value[n - 2].text, self.value[n - 1].text);
        if !is_number(number) || !is_currency(currency) {
            return None;
        }
        let mut prefix = format!("{}:", self.key);
        if n > 2 {
            prefix.push_str(self.after_colon());
            prefix.push_str(&join(&self.value[..n - 2]));
        }
        let (int, frac) = number.split_at(number.find('.').unwrap_or(number.len()));
        Some(Amount {
            prefix,
            int: int.to_string(),
            frac: frac.to_string(),
            currency: currency.to_string(),
        })
    }
}

/// A field whose value ends in an amount, cut where the amounts of a block are aligned.
#[derive(Debug, Clone)]
pub(super) struct Amount {
    /// `key:` and the words before the number.
    pub prefix: String,
    /// The number up to its decimal point (sign and thousands separators included).
    pub int: String,
    /// The decimal point and decimals, or empty.
    pub frac: String,
    /// The currency code.
    pub currency: String,
}

/// `-?DIGITS([,_]DIGITS)*(.DIGITS)?`, loosely: the parser checks the groups.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, "1"));
    int.starts_with(|c: char| c.is_ascii_digit())
        && int.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '_')
        && !frac.is_empty()
        && frac.chars().all(|c| c.is_ascii_digit())
}

fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase())
}

/// A rules `stage` line cut into clauses: `stage NAME`, then one clause per keyword.
#[derive(Debug, Clone)]
pub(super) struct Stage<'a> {
    /// `stage NAME` (and anything before the first keyword).
    pub name: String,
    /// Each clause's keyword and its text.
    pub clauses: Vec<(&'a str, String)>,
}

/// Reads `content` as a `stage` line.
pub(super) fn stage(content: &str) -> Option<Stage<'_>> {
    let words = words(content);
    if words.len() < 2 || words[0].text != "stage" || !words[1].spaced {
        return None;
    }
    let starts: Vec<usize> = (2..words.len())
        .filter(|&i| words[i].spaced && crate::syntax::keywords::STAGE_CLAUSES.contains(&words[i].text))
        .collect();
    let name_end = starts.first().copied().unwrap_or(words.len());
    let clauses = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let end = starts.get(k + 1).copied().unwrap_or(words.len());
            (words[s].text, join(&words[s..end]))
        })
        .collect();
    Some(Stage {
        name: join(&words[..name_end]),
        clauses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_strings_and_touching() {
        let w = words("a\t\t\"b  c\"d  e");
        let texts: Vec<_> = w.iter().map(|w| (w.text, w.spaced)).collect();
        assert_eq!(texts, vec![("a", false), ("\"b  c\"", true), ("d", false), ("e", true)]);
        assert_eq!(join(&w), "a \"b  c\"d e");
    }

    #[test]
    fn fields_and_amounts() {
        let f = field("invoice:INV-1\t1,200.00   EUR").unwrap();
        assert_eq!(f.render(), "invoice: INV-1 1,200.00 EUR");
        let a = f.amount().unwrap();
        assert_eq!(
            (a.prefix.as_str(), a.int.as_str(), a.frac.as_str()),
            ("invoice: INV-1", "1,200", ".00")
        );
        assert!(field("x-a:;b").unwrap().render() == "x-a:;b");
        assert!(field("memo: \"5 EUR\"").unwrap().amount().is_none());
        assert!(field("fee: 5 JPY").unwrap().amount().is_some());
        assert!(field("fee: 5. EUR").unwrap().amount().is_none());
        assert!(field("\"a: b\"").is_none());
        assert!(field("no colon").is_none());
    }

    #[test]
    fn stage_clauses() {
        let s = stage("stage  notice after 31d  wait 14d template notice fee 5% min 10.00 EUR").unwrap();
        assert_eq!(s.name, "stage notice");
        let kws: Vec<_> = s.clauses.iter().map(|c| c.0).collect();
        assert_eq!(kws, vec!["after", "wait", "template", "fee"]);
        assert_eq!(s.clauses[3].1, "fee 5% min 10.00 EUR");
        assert!(stage("stagex a").is_none());
    }
}
