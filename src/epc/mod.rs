//! The EPC QR code ("GiroCode", "SEPA credit transfer" QR) of European Payments Council
//! guideline EPC069-12, version 002: a banking app scans it and fills in a transfer.
//!
//! [`payload`] builds the text and checks the guideline's field rules; [`qr`] encodes it at
//! error-correction level M and draws it as SVG. Facts and sources: EPC069-12 v2.1 (text on
//! doczz.fr), neodynamic.com, de.zxc.wiki, mtgrosser/girocode.
//!
//! The payload, one field per line, joined with LF, trailing empty fields left out:
//!
//! | # | field | rule |
//! |---|---|---|
//! | 1 | service tag | `BCD` |
//! | 2 | version | `002` (BIC optional in the EEA) |
//! | 3 | character set | `1` = UTF-8 |
//! | 4 | identification | `SCT` |
//! | 5 | BIC | 8 or 11 characters, or empty |
//! | 6 | beneficiary name | 1 to 70 characters |
//! | 7 | beneficiary IBAN | up to 34 characters |
//! | 8 | amount | `EUR` + 0.01 to 999999999.99, `.` decimals |
//! | 9 | purpose | up to 4 characters (left empty) |
//! | 10 | structured reference | ISO 11649 RF, up to 35 characters |
//! | 11 | remittance text | up to 140 characters; only when field 10 is empty |
//! | 12 | beneficiary to originator information | (not used) |
//!
//! The whole payload is at most 331 bytes (version 13 at level M).

pub mod qr;

use rust_decimal::Decimal;

use crate::money::Currency;

/// The longest payload the guideline allows, in bytes.
pub const MAX_BYTES: usize = 331;

/// What a transfer QR code asks the payer's bank to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer<'a> {
    /// The beneficiary's BIC, if known.
    pub bic: Option<&'a str>,
    /// The beneficiary's name.
    pub name: &'a str,
    /// The beneficiary's IBAN (electronic form or in groups).
    pub iban: &'a str,
    /// The amount to pay.
    pub amount: Decimal,
    /// Its currency: the guideline allows only EUR.
    pub currency: Currency,
    /// What to quote: an ISO 11649 RF reference goes to field 10, anything else to field 11.
    pub reference: &'a str,
}

/// Why a transfer cannot be a QR code (the letter then has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not in euros.
    Currency(String),
    /// No beneficiary name, or more than 70 characters.
    Name(usize),
    /// The IBAN is not 15 to 34 letters and digits.
    Iban,
    /// The BIC is not 8 or 11 letters and digits.
    Bic,
    /// The amount is outside 0.01 to 999999999.99.
    Amount(Decimal),
    /// The remittance text is longer than 140 characters.
    Text(usize),
    /// The payload is longer than 331 bytes.
    TooLong(usize),
    /// The encoder failed (should not happen within 331 bytes).
    Encode(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Currency(c) => write!(f, "an EPC QR code is for euro transfers only, not {c}"),
            Refusal::Name(0) => write!(f, "the beneficiary (the sender) has no name"),
            Refusal::Name(n) => write!(f, "the beneficiary name has {n} characters; at most 70"),
            Refusal::Iban => write!(f, "the IBAN is not 15 to 34 letters and digits"),
            Refusal::Bic => write!(f, "the BIC is not 8 or 11 letters and digits"),
            Refusal::Amount(a) => write!(f, "the amount {a} is outside 0.01 to 999999999.99"),
            Refusal::Text(n) => write!(f, "the remittance text has {n} characters; at most 140"),
            Refusal::TooLong(n) => write!(f, "the payload has {n} bytes; at most {MAX_BYTES}"),
            Refusal::Encode(e) => write!(f, "the QR encoder failed: {e}"),
        }
    }
}

/// The EPC069-12 v002 payload of `t`, or why there can be none.
pub fn payload(t: &Transfer<'_>) -> Result<String, Refusal> {
    if t.currency != Currency::EUR {
        return Err(Refusal::Currency(t.currency.code().to_string()));
    }
    let name = one_line(t.name);
    let chars = name.chars().count();
    if chars == 0 || chars > 70 {
        return Err(Refusal::Name(chars));
    }
    let iban: String = t.iban.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&iban.len()) || !iban.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Refusal::Iban);
    }
    let bic = t.bic.unwrap_or("");
    if !(bic.is_empty() || (bic.len() == 8 || bic.len() == 11) && bic.bytes().all(|c| c.is_ascii_alphanumeric())) {
        return Err(Refusal::Bic);
    }
    let amount = t.amount.round_dp(2);
    if amount < Decimal::new(1, 2) || amount > Decimal::new(99_999_999_999, 2) {
        return Err(Refusal::Amount(t.amount));
    }
    let (structured, text) = match crate::payref::rf::validate(t.reference) {
        Ok(print) => (crate::payref::rf::electronic(&print), String::new()),
        Err(_) => (String::new(), one_line(t.reference)),
    };
    let text_chars = text.chars().count();
    if text_chars > 140 {
        return Err(Refusal::Text(text_chars));
    }
    let amount = format!("EUR{amount:.2}");
    let mut fields = vec![
        "BCD",
        "002",
        "1",
        "SCT",
        bic,
        &name,
        &iban,
        &amount,
        "",
        &structured,
        &text,
    ];
    while fields.last().is_some_and(|f| f.is_empty()) {
        fields.pop();
    }
    let out = fields.join("\n");
    if out.len() > MAX_BYTES {
        return Err(Refusal::TooLong(out.len()));
    }
    Ok(out)
}

/// `text` on one line with single spaces: a line break would end the field.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(reference: &str) -> Transfer<'_> {
        Transfer {
            bic: Some("ABNANL2A"),
            name: "Studio Vos",
            iban: "NL91ABNA0417164300",
            amount: Decimal::new(121_000, 2),
            currency: Currency::EUR,
            reference,
        }
    }

    #[test]
    fn structured_reference_goes_to_field_10() {
        assert_eq!(
            payload(&transfer("RF18 5390 0754 7034")).unwrap(),
            "BCD\n002\n1\nSCT\nABNANL2A\nStudio Vos\nNL91ABNA0417164300\nEUR1210.00\n\nRF18539007547034"
        );
    }

    #[test]
    fn anything_else_is_remittance_text() {
        let p = payload(&Transfer {
            bic: None,
            ..transfer("2026-103, 2026-115")
        })
        .unwrap();
        assert_eq!(
            p,
            "BCD\n002\n1\nSCT\n\nStudio Vos\nNL91ABNA0417164300\nEUR1210.00\n\n\n2026-103, 2026-115"
        );
        // A Belgian OGM is not an ISO 11649 reference: it travels as text.
        assert!(payload(&transfer("+++090/9337/55493+++"))
            .unwrap()
            .ends_with("\n\n\n+++090/9337/55493+++"));
    }

    #[test]
    fn field_rules() {
        let t = transfer("x");
        let long = "N".repeat(71);
        assert_eq!(
            payload(&Transfer {
                name: &long,
                ..t.clone()
            }),
            Err(Refusal::Name(71))
        );
        assert_eq!(payload(&Transfer { name: " ", ..t.clone() }), Err(Refusal::Name(0)));
        assert!(payload(&Transfer {
            name: &"Ö".repeat(70),
            ..t.clone()
        })
        .is_ok());
        assert_eq!(
            payload(&Transfer {
                currency: Currency::from_code("USD").unwrap(),
                ..t.clone()
            }),
            Err(Refusal::Currency("USD".into()))
        );
        for bad in [Decimal::ZERO, Decimal::new(4, 3), Decimal::new(100_000_000_000, 2)] {
            assert_eq!(
                payload(&Transfer {
                    amount: bad,
                    ..t.clone()
                }),
                Err(Refusal::Amount(bad))
            );
        }
        assert!(payload(&Transfer {
            amount: Decimal::new(99_999_999_999, 2),
            ..t.clone()
        })
        .is_ok());
        assert!(payload(&Transfer {
            amount: Decimal::new(1, 2),
            ..t.clone()
        })
        .is_ok());
        assert_eq!(
            payload(&Transfer {
                iban: "NL91",
                ..t.clone()
            }),
            Err(Refusal::Iban)
        );
        assert_eq!(
            payload(&Transfer {
                bic: Some("ABNANL2"),
                ..t.clone()
            }),
            Err(Refusal::Bic)
        );
        let text = "x".repeat(141);
        assert_eq!(
            payload(&Transfer {
                reference: &text,
                ..t.clone()
            }),
            Err(Refusal::Text(141))
        );
        // 70 four-byte characters and 140 of them in the text: over 331 bytes.
        let name = "😀".repeat(70);
        let text = "😀".repeat(140);
        assert!(matches!(
            payload(&Transfer {
                name: &name,
                reference: &text,
                ..t.clone()
            }),
            Err(Refusal::TooLong(_))
        ));
        // Line breaks in user text cannot end a field early.
        assert!(payload(&Transfer {
            name: "Studio\nVos",
            ..t
        })
        .unwrap()
        .contains("\nStudio Vos\n"));
    }
}
