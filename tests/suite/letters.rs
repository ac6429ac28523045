//! Letters end to end: a small fixed journal and rules (below), evaluated on a fixed date,
//! every letter rendered in every format and compared with `tests/data/letters/CUSTOMER.EXT`.
//! The customers are named after what they test: language, stage, kind.
//!
//! Re-bless after an intended change: `UPDATE=1 cargo test --test suite letters::`.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dun::diag::Code;
use dun::letters::{check_templates, LetterContext, LetterFormat, Templates};
use dun::load::FsFiles;
use dun::project::{Paths, Project};
use dun::source::SourceMap;

const RULES: &str = r#"
language nl
reference rf
sender
  name: "Studio Vos"
  address: "Prinsengracht 100"
  address: "1015 EA Amsterdam"
  email: "facturen@studiovos.example"
  phone: "+31 20 123 4567"
  iban: NL91ABNA0417164300
  bic: ABNANL2A
  coc: "12345678"
  vat: NL123456789B01
  place: Amsterdam
  signature: "Eva Vos"

policy business
  stage reminder   after 3d               template reminder
  stage call       after 10d  wait 7d     task "Phone the customer"
  stage second     after 17d  wait 7d     template second-reminder
  stage notice     after 31d  wait 14d    template notice    fee wik   interest nl-commercial
  stage handover   after 45d  wait 14d    template handover  action handover

policy consumer
  stage reminder       after 3d               template reminder
  stage fourteen-day   after 10d  wait 7d     template fourteen-day-letter  required
  stage notice         after 31d  wait 17d    template notice    fee wik   interest nl-statutory

policy consumer-be
  stage reminder   after 3d               template reminder
  stage notice     after 24d  wait 21d    template notice    fee be-consumer
"#;

const JOURNAL: &str = r#"
customer nl-reminder "Bakkerij De Korenschoof B.V."
  kind: business
  address: "Dorpsstraat 12"
  address: "1234 AB Ergenshuizen"
  country: NL
customer nl-second "Hofstede Makelaars"
  kind: business
  address: "Gedempte Oude Gracht 37"
  address: "2011 GM Haarlem"
customer nl-notice "De Fietsfabriek Utrecht B.V."
  kind: business
  address: "t.a.v. crediteurenadministratie"
  address: "Kanaalweg 48"
  address: "3526 KM Utrecht"
customer nl-handover "Café De Brug"
  kind: business
  address: "Oudegracht 1"
  address: "3511 AA Utrecht"
customer nl-consumer-fourteen "Sanne Bakker"
  kind: consumer
  address: "Lindenlaan 3"
  address: "3701 AB Zeist"
customer be-consumer-reminder "Lotte Peeters"
  kind: consumer
  policy: consumer-be
  country: BE
  address: "Kerkstraat 8"
  address: "2000 Antwerpen"
customer en-reminder "Harbor & Pine Inc."
  kind: business
  language: en
  country: US
  address: "200 Pine Street"
  address: "Portland, OR 97204"
  address: "USA"
customer en-second "Nordlicht Verlag GmbH"
  kind: business
  language: en
  address: "Hafenstraße 5"
  address: "20457 Hamburg"
  address: "Germany"
customer en-notice "<script>alert(1)</script> & Co"
  kind: business
  language: en
  address: "1 *Bold* Street | Suite [2]"
  address: "London"
customer en-handover "Atelier Lumière SRL"
  kind: business
  language: en
  address: "Rue Haute 10"
  address: "1000 Bruxelles"
customer en-consumer-fourteen "Kwame Osei"
  kind: consumer
  language: en
  address: "Javastraat 20"
  address: "1094 HE Amsterdam"

2026-07-01 invoice 2026-101 nl-reminder 1210.00 EUR
  memo: "Huisstijl en verpakking"
2026-07-01 invoice 2026-102 nl-second 2238.50 EUR
  ref: RF18539007547034
2026-07-01 invoice 2026-103 nl-notice 1210.00 EUR
  memo: "Campagne najaar"
2026-07-15 invoice 2026-104 nl-notice 605.00 EUR
2026-07-01 invoice 2026-105 nl-handover 423.50 EUR
2026-07-01 invoice 2026-106 nl-consumer-fourteen 305.00 EUR
  memo: "Trouwkaarten"
2026-07-01 invoice 2026-107 be-consumer-reminder 459.80 EUR
  memo: "Portretfotografie"
2026-07-01 invoice 2026-108 en-reminder 3200.00 USD
  memo: "Brand guidelines"
2026-07-01 invoice 2026-109 en-second 3000.00 EUR
2026-07-01 invoice 2026-110 en-notice 1500.00 EUR
  memo: "<b>Logo</b> & *icons*"
2026-07-01 invoice 2026-111 en-handover 3800.00 EUR
2026-07-01 invoice 2026-112 en-consumer-fourteen 1185.80 EUR

2026-08-20 payment nl-notice 210.00 EUR
  invoice: 2026-103

2026-09-01 sent nl-second reminder 2026-102
2026-09-10 sent nl-second call 2026-102
  channel: task
2026-09-01 sent nl-notice reminder 2026-103 2026-104
2026-09-10 sent nl-notice call 2026-103 2026-104
  channel: task
2026-10-01 sent nl-notice second 2026-103 2026-104
2026-09-01 sent nl-handover reminder 2026-105
2026-09-10 sent nl-handover call 2026-105
  channel: task
2026-09-20 sent nl-handover second 2026-105
2026-10-05 sent nl-handover notice 2026-105
  fee: 63.53 EUR
  interest: 7.38 EUR
2026-09-01 sent nl-consumer-fourteen reminder 2026-106
2026-09-01 sent en-second reminder 2026-109
2026-09-10 sent en-second call 2026-109
  channel: task
2026-09-01 sent en-notice reminder 2026-110
2026-09-10 sent en-notice call 2026-110
  channel: task
2026-10-01 sent en-notice second 2026-110
2026-09-01 sent en-handover reminder 2026-111
2026-09-10 sent en-handover call 2026-111
  channel: task
2026-09-20 sent en-handover second 2026-111
2026-10-05 sent en-handover notice 2026-111
  fee: 480.00 EUR
2026-09-01 sent en-consumer-fourteen reminder 2026-112
2026-11-10 note nl-notice "Called; promised to pay Friday"
"#;

/// The fixture written to a temp dir and opened, with its letters' contexts on `date`.
struct Fixture {
    dir: tempfile::TempDir,
    project: Project,
}

fn fixture(templates: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("journal.dun"), JOURNAL).unwrap();
    fs::write(dir.path().join("rules.dun"), RULES).unwrap();
    for (path, text) in templates {
        let path = dir.path().join("templates").join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let paths = Paths {
        journal: dir.path().join("journal.dun"),
        rules: None,
    };
    let project = Project::open(&FsFiles, &paths).unwrap();
    // Template problems are what some tests are about; `Project::open` reports them too.
    let template_codes = [Code::TemplateSyntax, Code::TemplateVariable, Code::UnknownTemplate];
    let errors: Vec<_> = project
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && !template_codes.contains(&d.code))
        .collect();
    assert!(errors.is_empty(), "fixture has errors: {errors:#?}");
    Fixture { dir, project }
}

impl Fixture {
    fn contexts(&self, date: NaiveDate) -> Vec<LetterContext> {
        let p = &self.project;
        let plan = dun::plan::evaluate(&p.book, &p.rules, &p.rates, date);
        let run = dun::due::select(&p.book, &p.rules, &p.rates, &plan);
        run.letters
            .iter()
            .map(|l| LetterContext::build(&p.book, &p.rules, &plan, l))
            .collect()
    }

    fn templates(&self) -> (Templates, Vec<dun::diag::Diagnostic>, SourceMap) {
        let mut sources = SourceMap::new();
        let (t, d) = Templates::load(&FsFiles, &self.dir.path().join("templates"), &mut sources);
        (t, d, sources)
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/letters")
}

#[test]
fn golden_letters() {
    let f = fixture(&[]);
    let (templates, diags, _) = f.templates();
    assert!(diags.is_empty(), "{diags:#?}");
    let contexts = f.contexts(day());
    let mut seen: Vec<String> = contexts
        .iter()
        .map(|c| format!("{} {}", c.customer.id, c.stage.template))
        .collect();
    seen.sort();
    assert_eq!(seen.len(), 11, "one letter per customer: {seen:?}");
    for c in &contexts {
        assert!(c.customer.id.contains(c.stage.template.split('-').next().unwrap()) || c.stage.fourteen_day);
    }
    let update = std::env::var_os("UPDATE").is_some();
    let mut failures = Vec::new();
    for ctx in &contexts {
        for format in LetterFormat::ALL {
            let got = templates.render(ctx, format).unwrap_or_else(|d| panic!("{d:#?}"));
            let path = golden_dir().join(format!("{}.{}", ctx.customer.id, format.layout()));
            let want = fs::read_to_string(&path).unwrap_or_default();
            if got != want {
                if update {
                    fs::write(&path, &got).unwrap();
                } else {
                    failures.push(format!("{} differs:\n{got}", path.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn text_letters_fit_72_columns() {
    for entry in fs::read_dir(golden_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                assert!(line.chars().count() <= 72, "{}: {line}", path.display());
            }
        }
    }
}

#[test]
fn html_escapes_every_user_string() {
    let f = fixture(&[]);
    let (templates, _, _) = f.templates();
    let ctx = f
        .contexts(day())
        .into_iter()
        .find(|c| c.customer.id == "en-notice")
        .unwrap();
    let html = templates.render(&ctx, LetterFormat::Html).unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>Logo"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"),
        "{html}"
    );
    assert!(html.contains("1 *Bold* Street | Suite [2]"), "{html}");
    let md = templates.render(&ctx, LetterFormat::Md).unwrap();
    assert!(md.contains("\\<script\\>"), "{md}");
    let txt = templates.render(&ctx, LetterFormat::Txt).unwrap();
    assert!(txt.contains("<script>alert(1)</script> & Co"), "{txt}");
}

#[test]
fn fourteen_day_letter_meets_6_96_lid_6() {
    let f = fixture(&[]);
    let (templates, _, _) = f.templates();
    let ctx = f
        .contexts(day())
        .into_iter()
        .find(|c| c.customer.id == "nl-consumer-fourteen")
        .unwrap();
    // WIK on 305.00: 15% = 45.75 (above the minimum of 40).
    assert_eq!(ctx.costs_if_unpaid.as_ref().unwrap().amount, "45.75");
    let txt = templates.render(&ctx, LetterFormat::Txt).unwrap();
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("binnen 14 dagen na de dag van ontvangst van deze brief"),
        "{txt}"
    );
    assert!(
        flat.contains("dan bent u ons € 45,75 aan incassokosten verschuldigd"),
        "{txt}"
    );
    assert!(
        flat.contains("wettelijke rente (artikel 6:119 van het Burgerlijk Wetboek)"),
        "{txt}"
    );
    assert!(
        flat.contains("Over dit bedrag brengen wij geen btw in rekening"),
        "{txt}"
    );
    assert!(!flat.contains("dagtekening"), "{txt}");
}

#[test]
fn a_template_that_does_not_parse_names_file_and_line() {
    let f = fixture(&[("nl/reminder.hbs", "# Subject\n\nHello\n{{#if customer.name}}\nno end\n")]);
    let (_, diags, sources) = f.templates();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.code, Code::TemplateSyntax);
    assert!(d.message.contains("reminder.hbs"), "{}", d.message);
    let span = d.span.expect("a span in the template file");
    let file = sources.file(span.file);
    assert!(file.path.ends_with("templates/nl/reminder.hbs"));
    assert!(file.line_col(span.start as usize).line >= 4, "{d:#?}");
}

#[test]
fn strict_mode_catches_an_unknown_variable() {
    let body = "# Subject\n\nDear {{customer.nmae}},\n";
    let f = fixture(&[("en/reminder.hbs", body)]);
    let mut sources = SourceMap::new();
    let diags = check_templates(
        &FsFiles,
        &f.dir.path().join("templates"),
        &f.project.rules,
        &["nl".to_string(), "en".to_string()],
        &mut sources,
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.code, Code::TemplateVariable);
    assert!(
        d.message.contains("reminder.hbs") && d.message.contains("line 3"),
        "{}",
        d.message
    );
    assert!(d.message.contains("customer.nmae"), "{}", d.message);
    let span = d.span.unwrap();
    assert_eq!(sources.text(span), "{{customer.nmae}}");
    // The same error when rendering a real letter.
    let (templates, _, _) = f.templates();
    let ctx = f
        .contexts(day())
        .into_iter()
        .find(|c| c.customer.id == "en-reminder")
        .unwrap();
    let err = templates.render(&ctx, LetterFormat::Txt).unwrap_err();
    assert_eq!(err.code, Code::TemplateVariable);
    assert!(err.message.contains("line 3"), "{}", err.message);
}

#[test]
fn strict_mode_checks_both_sides_of_an_if() {
    let body = "# S\n\n{{#if sender.phone}}{{sender.phone}}{{else}}{{sender.fone}}{{/if}}\n";
    let f = fixture(&[("en/notice.hbs", body)]);
    let mut sources = SourceMap::new();
    let diags = check_templates(
        &FsFiles,
        &f.dir.path().join("templates"),
        &f.project.rules,
        &[],
        &mut sources,
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].message.contains("sender.fone"), "{}", diags[0].message);
}

#[test]
fn a_missing_template_points_at_the_stage() {
    let f = fixture(&[("de/reminder.hbs", "# Mahnung\n\nSehr geehrte Damen und Herren,\n")]);
    let mut sources = SourceMap::new();
    let diags = check_templates(
        &FsFiles,
        &f.dir.path().join("templates"),
        &f.project.rules,
        &["de".to_string()],
        &mut sources,
    );
    let missing: Vec<_> = diags.iter().filter(|d| d.code == Code::UnknownTemplate).collect();
    // de has reminder, but none of second-reminder, handover, fourteen-day-letter, or the
    // notice of each of the three policies.
    assert_eq!(missing.len(), 6, "{diags:#?}");
    for d in &missing {
        let span = d.span.expect("points at the stage's template name");
        assert!(
            ["second-reminder", "notice", "handover", "fourteen-day-letter"].contains(&f.project.sources.text(span))
        );
    }
    assert_eq!(diags.len(), missing.len(), "{diags:#?}");
}

#[test]
fn builtin_templates_pass_the_checks() {
    let f = fixture(&[]);
    let mut sources = SourceMap::new();
    let langs: Vec<String> = dun::letters::LANGUAGES.iter().map(|s| s.to_string()).collect();
    let diags = check_templates(
        &FsFiles,
        &f.dir.path().join("templates"),
        &f.project.rules,
        &langs,
        &mut sources,
    );
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(sources.len(), 0, "no repo templates were read");
}

#[test]
fn repo_templates_replace_builtins() {
    let f = fixture(&[
        (
            "nl/reminder.hbs",
            "# Eigen onderwerp\n\nEigen tekst voor {{customer.name}}\n",
        ),
        ("layout.txt.hbs", "{{subject}}\n{{body}}"),
    ]);
    let (templates, diags, _) = f.templates();
    assert!(diags.is_empty(), "{diags:#?}");
    let ctx = f
        .contexts(day())
        .into_iter()
        .find(|c| c.customer.id == "nl-reminder")
        .unwrap();
    let txt = templates.render(&ctx, LetterFormat::Txt).unwrap();
    assert_eq!(txt, "Eigen onderwerp\nEigen tekst voor Bakkerij De Korenschoof B.V.\n");
}

/// The part of docs/templates.md under the heading `### TITLE`, up to the next heading.
fn doc_section<'d>(doc: &'d str, title: &str) -> &'d str {
    let start = doc
        .find(&format!("\n### {title}\n"))
        .unwrap_or_else(|| panic!("docs/templates.md has no section `### {title}`"));
    let rest = &doc[start + 1..];
    let end = rest[4..].find("\n#").map_or(rest.len(), |e| e + 4);
    &rest[..end]
}

#[test]
fn every_context_field_is_documented() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md")).unwrap();
    let ctx = serde_json::to_value(dun::letters::sample(None, "nl", "notice", true)).unwrap();
    let top = doc_section(&doc, "top level");
    let mut missing = Vec::new();
    for (key, value) in ctx.as_object().unwrap() {
        if !top.contains(&format!("| `{key}` |")) {
            missing.push(key.clone());
        }
        let fields = match value {
            serde_json::Value::Object(map) => map,
            serde_json::Value::Array(list) => match list.first() {
                Some(serde_json::Value::Object(map)) => map,
                _ => continue,
            },
            _ => continue,
        };
        let section = doc_section(&doc, &format!("`{}`", if key == "others" { "invoices" } else { key }));
        for sub in fields.keys() {
            if !section.contains(&format!("| `{sub}` |")) {
                missing.push(format!("{key}.{sub}"));
            }
        }
    }
    assert!(missing.is_empty(), "fields missing from docs/templates.md: {missing:?}");
}

#[test]
fn euro_letters_carry_an_epc_qr_code_that_decodes_to_their_payment() {
    let f = fixture(&[]);
    let contexts = f.contexts(day());
    let mut with_qr = 0;
    for ctx in &contexts {
        let p = &ctx.payment;
        if ctx.currency != "EUR" {
            assert!(p.qr_svg.is_none(), "{}", ctx.customer.id);
            let why = p.qr_missing.as_deref().unwrap_or_default();
            assert!(why.contains("euro transfers only, not USD"), "{why}");
            continue;
        }
        let svg = p
            .qr_svg
            .as_deref()
            .unwrap_or_else(|| panic!("{}: {:?}", ctx.customer.id, p.qr_missing));
        let (text, version, ecc) = crate::qr_decode::decode_svg(svg);
        assert_eq!(Some(&text), p.qr_payload.as_ref());
        assert_eq!((Some(version), ecc), (p.qr_version, 0));
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            &lines[..7],
            ["BCD", "002", "1", "SCT", "ABNANL2A", "Studio Vos", "NL91ABNA0417164300"]
        );
        assert_eq!(lines[7], format!("EUR{}", ctx.totals.total));
        // The reference: an RF reference as field 10, else the remittance text (field 11).
        let reference = ctx.payment_reference.replace(' ', "");
        if reference.starts_with("RF") {
            assert_eq!(lines[8..], ["", reference.as_str()]);
        } else {
            assert_eq!(lines[8..], ["", "", ctx.payment_reference.as_str()]);
        }
        with_qr += 1;
    }
    assert_eq!(with_qr, 10);
    // In the HTML letter, beside the signature, with its caption.
    let (templates, _, _) = f.templates();
    let nl = contexts.iter().find(|c| c.customer.id == "nl-reminder").unwrap();
    let html = templates.render(nl, LetterFormat::Html).unwrap();
    assert!(html.contains(nl.payment.qr_svg.as_deref().unwrap()));
    assert!(html.contains("Scan om te betalen"));
    let usd = contexts.iter().find(|c| c.currency == "USD").unwrap();
    assert!(!templates.render(usd, LetterFormat::Html).unwrap().contains("<svg"));
}

#[test]
fn eml_golden() {
    // One letter as an e-mail, byte for byte: Message-ID, Date and boundaries derive from the
    // letter, so the file is reproducible. Dutch characters in the name and the body.
    let f = fixture(&[]);
    let (templates, _, _) = f.templates();
    let mut ctx = f
        .contexts(day())
        .into_iter()
        .find(|c| c.customer.id == "nl-handover")
        .unwrap();
    ctx.customer.email = Some("info@cafedebrug.example".into());
    let got = dun::mail::letter_email(&templates, &ctx, "nl-handover-handover", &[]).unwrap();
    let path = golden_dir().join("nl-handover.eml");
    if std::env::var_os("UPDATE").is_some() {
        fs::write(&path, &got).unwrap();
    }
    let want = fs::read(&path).unwrap_or_default();
    assert!(
        got == want,
        "{} differs:\n{}",
        path.display(),
        String::from_utf8_lossy(&got)
    );
    let text = String::from_utf8(got).unwrap();
    assert!(text.contains("To: =?utf-8?b?Q2Fmw6kgRGUgQnJ1Zw==?= <info@cafedebrug.example>\r\n"));
    assert!(text.contains("Message-ID: <2026-11-23.nl-handover-handover@studiovos.example>\r\n"));
}
