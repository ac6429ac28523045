//! E-mail end to end against a real SMTP server on localhost (Python, see
//! `tests/data/smtp/`): `dun run --format eml` writes the messages and `sent` records,
//! `dun send` delivers them, records each delivery once, and leaves failures pending.

use std::fs;
use std::path::Path;

use crate::common::dun;

const JOURNAL: &str = r#"customer brug "Café De Brug"
  kind: business
  email: info@debrug.example
  address: "Oudegracht 1"
  address: "3511 AA Utrecht"

customer post "Zonder Mail B.V."
  kind: business

2026-10-01 invoice 2026-105 brug 423.50 EUR
  memo: "Menukaarten, één oplage"

2026-10-01 invoice 2026-106 post 100.00 EUR
"#;

const RULES: &str = r#"language nl
reference rf

sender
  name: "Studio Vos"
  email: "facturen@studiovos.example"
  iban: NL91ABNA0417164300

policy business
  stage reminder   after 3d   template reminder
"#;

const EML: &str = "letters/2026-11-23/brug-reminder.eml";

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("journal.dun"), JOURNAL).unwrap();
    fs::write(tmp.path().join("rules.dun"), RULES).unwrap();
    tmp
}

fn ok(out: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn send(dir: &Path, port: u16) -> std::process::Output {
    let port = port.to_string();
    let args = [
        "--date",
        "2026-11-23",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        "none",
    ];
    send_with(dir, &args, &[])
}

#[test]
fn run_writes_eml_and_send_delivers_once() {
    let tmp = setup();
    let dir = tmp.path();
    let stdout = ok(&dun(dir, &["run", "--format", "eml", "--date", "2026-11-23"]));
    assert!(stdout.contains("by post: the customer has no `email:`"), "{stdout}");
    assert!(dir.join("letters/2026-11-23/post-reminder.html").is_file());
    let eml = fs::read_to_string(dir.join(EML)).unwrap();
    for want in [
        "From: \"Studio Vos\" <facturen@studiovos.example>\r\n",
        "Reply-To: \"Studio Vos\" <facturen@studiovos.example>\r\n",
        "To: =?utf-8?b?Q2Fmw6kgRGUgQnJ1Zw==?= <info@debrug.example>\r\n",
        "Subject: Herinnering: factuur 2026-105\r\n",
        "Date: Mon, 23 Nov 2026 12:00:00 +0000\r\n",
        "Message-ID: <2026-11-23.brug-reminder@studiovos.example>\r\n",
        "Content-Type: multipart/alternative;",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Type: text/html; charset=utf-8",
    ] {
        assert!(eml.contains(want), "{want}\n{eml}");
    }
    // The PDF letter rides along as an attachment, when this build makes PDFs.
    let attached = eml.contains("Content-Type: application/pdf") && eml.contains("brug-reminder.pdf");
    assert_eq!(attached, cfg!(feature = "pdf"), "{eml}");
    let journal = fs::read_to_string(dir.join("journal.dun")).unwrap();
    assert!(journal.starts_with(JOURNAL));
    assert!(
        journal.contains(&format!("  letter: \"{EML}\"\n  channel: email\n")),
        "{journal}"
    );
    assert!(journal.contains("  letter: \"letters/2026-11-23/post-reminder.html\"\n  channel: post\n"));

    let listed = ok(&dun(dir, &["send", "--dry-run"]));
    assert!(listed.contains("1 e-mail pending") && listed.contains(EML), "{listed}");

    // Nobody listening: an error, and the letter stays pending; nothing is recorded.
    let down = send(dir, crate::smtp_server::free_port());
    assert_eq!(down.status.code(), Some(2), "{}", String::from_utf8_lossy(&down.stderr));
    assert_eq!(fs::read_to_string(dir.join("journal.dun")).unwrap(), journal);

    let server = crate::smtp_server::start(None).expect("an SMTP server (python3 with aiosmtpd or smtpd)");
    eprintln!("SMTP test server: {}", server.kind);
    let stdout = ok(&send(dir, server.port));
    assert!(
        stdout.contains(&format!("sent    {EML} to info@debrug.example: 250")),
        "{stdout}"
    );
    let received = server.received();
    assert_eq!(received.len(), 1, "{} received {received:?}", server.kind);
    let (envelope, message) = &received[0];
    assert_eq!(envelope, "facturen@studiovos.example\ninfo@debrug.example\n");
    // What the server got is the file as written (smtpd gives LF line ends).
    assert!(
        message.contains(&eml.replace("\r\n", "\n")[..eml.len() / 2]),
        "{message}"
    );

    let after = fs::read_to_string(dir.join("journal.dun")).unwrap();
    assert!(after.starts_with(&journal));
    let note = &after[journal.len()..];
    assert!(
        note.starts_with(&format!(
            "\n2026-11-23 note brug \"e-mail delivered: {EML}\"\n  memo: \"<2026-11-23.brug-reminder@studiovos.example> to info@debrug.example; server: 250"
        )),
        "{note}"
    );

    // A second send delivers nothing; the journal still checks.
    let again = ok(&send(dir, server.port));
    assert!(again.contains("0 e-mails pending"), "{again}");
    assert_eq!(server.received().len(), 1);
    ok(&dun(dir, &["check"]));
}

#[test]
fn eml_needs_a_sender_address() {
    let tmp = setup();
    let dir = tmp.path();
    fs::write(
        dir.join("rules.dun"),
        RULES.replace("  email: \"facturen@studiovos.example\"\n", ""),
    )
    .unwrap();
    let out = dun(dir, &["run", "--format", "eml", "--date", "2026-11-23"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs the sender's `email:`"));
    assert!(!dir.join("letters").exists());
}

#[test]
fn credentials_inside_the_repo_are_refused() {
    let tmp = setup();
    let dir = tmp.path();
    ok(&dun(dir, &["run", "--format", "eml", "--date", "2026-11-23"]));
    fs::write(dir.join("smtp-credentials"), "user\npassword\n").unwrap();
    let out = dun(
        dir,
        &[
            "send",
            "--host",
            "mail.example.com",
            "--credentials",
            "smtp-credentials",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is inside the repository"), "{err}");
    let plain = dun(dir, &["send", "--host", "mail.example.com", "--security", "none"]);
    assert!(String::from_utf8_lossy(&plain.stderr).contains("only to localhost"));
}

/// `dun send ARGS` with `env` set (and the SMTP variables of the test's own environment
/// removed).
fn send_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dun"));
    cmd.arg("send")
        .args(args)
        .current_dir(dir)
        .env("HOME", home.path())
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir));
    for k in [
        "DUN_JOURNAL",
        "DUN_RULES",
        "DUN_SMTP_HOST",
        "DUN_SMTP_PORT",
        "DUN_SMTP_SECURITY",
        "DUN_SMTP_USER",
        "DUN_SMTP_PASSWORD",
    ] {
        cmd.env_remove(k);
    }
    cmd.envs(env.iter().copied()).output().unwrap()
}

#[test]
fn starttls_with_a_trusted_self_signed_certificate_and_auth() {
    let certs = tempfile::tempdir().unwrap();
    let ck = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let (cert, key) = (certs.path().join("cert.pem"), certs.path().join("key.pem"));
    fs::write(&cert, ck.cert.pem()).unwrap();
    fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    let Some(server) = crate::smtp_server::start(Some((&cert, &key))) else {
        eprintln!("skipped: STARTTLS needs aiosmtpd (no network to install it?)");
        return;
    };
    let tmp = setup();
    let dir = tmp.path();
    ok(&dun(dir, &["run", "--format", "eml", "--date", "2026-11-23"]));
    // The server from the rules' `smtp` setting this time, not from flags.
    let rules = format!("{RULES}\nsmtp \"127.0.0.1\" {} starttls\n", server.port);
    fs::write(dir.join("rules.dun"), rules).unwrap();
    let base = ["--date", "2026-11-23"];
    let creds = [("DUN_SMTP_USER", "dun"), ("DUN_SMTP_PASSWORD", "s3cret")];
    let journal = fs::read_to_string(dir.join("journal.dun")).unwrap();

    // The certificate is not trusted without --ca-file: nothing is sent or recorded.
    let untrusted = send_with(dir, &base, &creds);
    assert_eq!(untrusted.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&untrusted.stderr).contains("stays pending"));
    // Trusted, but a wrong password: refused, still pending.
    let ca: Vec<&str> = base
        .iter()
        .copied()
        .chain(["--ca-file", cert.to_str().unwrap()])
        .collect();
    let wrong = send_with(dir, &ca, &[("DUN_SMTP_USER", "dun"), ("DUN_SMTP_PASSWORD", "nope")]);
    assert_eq!(
        wrong.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert_eq!(fs::read_to_string(dir.join("journal.dun")).unwrap(), journal);
    assert!(server.received().is_empty());

    let stdout = ok(&send_with(dir, &ca, &creds));
    assert!(stdout.contains("to info@debrug.example: 250"), "{stdout}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0]
        .1
        .contains("Message-ID: <2026-11-23.brug-reminder@studiovos.example>"));
    assert!(fs::read_to_string(dir.join("journal.dun"))
        .unwrap()
        .contains("e-mail delivered: "));
}

#[test]
fn two_currencies_make_two_messages() {
    let tmp = setup();
    let dir = tmp.path();
    let journal = format!("{JOURNAL}\n2026-10-01 invoice 2026-107 brug 80.00 USD\n");
    fs::write(dir.join("journal.dun"), journal).unwrap();
    ok(&dun(dir, &["run", "--format", "eml", "--date", "2026-11-23"]));
    let eur = fs::read_to_string(dir.join(EML)).unwrap();
    let usd = fs::read_to_string(dir.join("letters/2026-11-23/brug-reminder.USD.eml")).unwrap();
    assert!(eur.contains("Message-ID: <2026-11-23.brug-reminder@studiovos.example>"));
    assert!(usd.contains("Message-ID: <2026-11-23.brug-reminder-USD@studiovos.example>"));
    // The EPC QR code is for euro letters only.
    assert!(eur.contains("<svg") && !usd.contains("<svg"));
    let listed = ok(&dun(dir, &["send", "--dry-run"]));
    assert!(listed.contains("2 e-mails pending"), "{listed}");
}
