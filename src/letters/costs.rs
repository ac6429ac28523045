//! What a letter says about costs: the legal basis of a fee scheme, the VAT a `fee wik +vat`
//! includes, and the name of the creditor's registration number in its country.

use rust_decimal::Decimal;

use super::helpers::Locale;
use crate::fees::FeeRule;
use crate::money::Currency;

/// The legal basis of `rule` for a creditor in `country` (see `costs.basis` in
/// `docs/templates.md`): the WIK scale, the EUR 40 of the Late Payment Directive as each
/// country has it, the Belgian consumer caps, or the contract (a fixed or percentage fee has
/// no statutory basis).
pub fn basis(rule: &FeeRule, country: Option<&str>) -> String {
    match rule {
        FeeRule::Wik { .. } => "wik".into(),
        FeeRule::EuFlat => match country {
            Some("NL") => "eu-flat-nl".into(),
            Some("BE") => "eu-flat-be".into(),
            Some("DE") => "eu-flat-de".into(),
            _ => "eu-flat".into(),
        },
        FeeRule::BeConsumer => "be-consumer".into(),
        FeeRule::Fixed(_) | FeeRule::Percent { .. } => "contract".into(),
    }
}

/// The VAT rate and the VAT included in `amount` (rounded, as charged) when `rule` adds VAT:
/// `amount` less the same fee computed without VAT on the same `principals`, so that the
/// two amounts a letter prints add up exactly.
pub fn vat(rule: &FeeRule, cur: Currency, amount: Decimal, principals: &[Decimal]) -> Option<(String, String)> {
    let FeeRule::Wik { vat: Some(rate) } = rule else {
        return None;
    };
    let net = FeeRule::Wik { vat: None }.compute(cur, principals).ok()?.total;
    let tax = cur.round(amount) - cur.round(net);
    Some((rate.normalize().to_string(), cur.format(tax)))
}

/// The sender's country: the two letters that start its VAT number (`EL` is Greece), else
/// its IBAN.
pub fn sender_country(vat: Option<&str>, iban: Option<&str>) -> Option<String> {
    let prefix = |s: &str| -> Option<String> {
        let p: String = s.trim().chars().take(2).collect();
        (p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())).then(|| p.to_ascii_uppercase())
    };
    let country = vat.and_then(prefix).or_else(|| iban.and_then(prefix))?;
    Some(if country == "EL" { "GR".into() } else { country })
}

/// What a chamber of commerce or enterprise number is called in `country`, in `locale`.
pub fn coc_label(country: Option<&str>, locale: Locale) -> String {
    let (nl, en) = match country {
        Some("NL") => ("KvK-nummer", "KvK number"),
        Some("BE") => ("ondernemingsnummer", "enterprise number"),
        Some("DE") => ("Handelsregisternummer", "commercial register number"),
        _ => ("inschrijvingsnummer", "company number"),
    };
    match locale {
        Locale::Nl => nl.into(),
        Locale::En => en.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_adds_up() {
        let eur = Currency::from_code("EUR").unwrap();
        let rule = FeeRule::Wik {
            vat: Some(Decimal::from(21)),
        };
        let total = rule.compute(eur, &[Decimal::from(2420)]).unwrap().total;
        assert_eq!(eur.format(eur.round(total)), "439.23");
        let (rate, tax) = vat(&rule, eur, total, &[Decimal::from(2420)]).unwrap();
        assert_eq!((rate.as_str(), tax.as_str()), ("21", "76.23"));
        assert_eq!(vat(&FeeRule::EuFlat, eur, total, &[Decimal::from(1)]), None);
    }

    #[test]
    fn countries_and_labels() {
        assert_eq!(sender_country(Some("NL123456789B01"), None).as_deref(), Some("NL"));
        assert_eq!(sender_country(None, Some("BE68539007547034")).as_deref(), Some("BE"));
        assert_eq!(sender_country(Some("0123"), None), None);
        assert_eq!(coc_label(Some("BE"), Locale::Nl), "ondernemingsnummer");
        assert_eq!(coc_label(Some("NL"), Locale::En), "KvK number");
        assert_eq!(coc_label(None, Locale::Nl), "inschrijvingsnummer");
    }
}
