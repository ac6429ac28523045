//! EPC QR codes (EPC069-12 v002) decoded back: the payload `dun` builds is exactly what a
//! scanner reads, at error-correction level M, within version 13 (331 bytes).

use dun::epc::qr::Qr;
use dun::epc::{payload, Transfer, MAX_BYTES};
use dun::money::Currency;
use rust_decimal::Decimal;

/// rqrr's code for level M (the format bits' value: M = 00).
const ECC_M: u16 = 0;

fn roundtrip(text: &str) -> usize {
    let qr = Qr::encode(text).expect("encodes");
    let (decoded, version, ecc) = crate::qr_decode::decode_svg(&qr.svg());
    assert_eq!(decoded, text);
    assert_eq!(ecc, ECC_M, "level M");
    assert_eq!(version, qr.version());
    version
}

#[test]
fn typical_payload_decodes_exactly() {
    let text = payload(&Transfer {
        bic: Some("ABNANL2A"),
        name: "Studio Vos",
        iban: "NL91 ABNA 0417 1643 00",
        amount: Decimal::new(121_000, 2),
        currency: Currency::EUR,
        reference: "RF18 5390 0754 7034",
    })
    .unwrap();
    assert_eq!(
        text,
        "BCD\n002\n1\nSCT\nABNANL2A\nStudio Vos\nNL91ABNA0417164300\nEUR1210.00\n\nRF18539007547034"
    );
    let version = roundtrip(&text);
    eprintln!("typical payload: {} bytes, version {version}", text.len());
    assert!(version <= 5, "version {version}");
}

#[test]
fn dutch_characters_and_the_largest_payload_decode() {
    let name = "Café Ærø — Ĳsselmonde".to_string() + &"é".repeat(49);
    // The longest remittance text of two-byte characters that still fits in 331 bytes.
    let text = (1..=140)
        .rev()
        .find_map(|n| {
            payload(&Transfer {
                bic: Some("DEUTDEFF500"),
                name: &name,
                iban: "DE89370400440532013000",
                amount: Decimal::new(99_999_999_999, 2),
                currency: Currency::EUR,
                reference: &"ë".repeat(n),
            })
            .ok()
        })
        .unwrap();
    assert!(text.len() >= MAX_BYTES - 1, "{}", text.len());
    let version = roundtrip(&text);
    eprintln!("largest payload: {} bytes, version {version}", text.len());
    assert!(version <= 13, "version {version}");
}
