//! SMTP delivery of one written message, with lettre's blocking transport.
//!
//! Security is explicit: `starttls` (port 587 by default; the upgrade is required, never
//! silently skipped), `tls` (implicit TLS, port 465) or `none` (plain text, port 25), which
//! is refused for any host but `localhost`, `127.0.0.1` and `::1`. Credentials never come
//! from the journal or the rules: [`Credentials::from_env`] reads `DUN_SMTP_USER` and
//! `DUN_SMTP_PASSWORD`, [`Credentials::from_file`] a file outside the repository.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials as LettreCredentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{SmtpTransport, Transport};

use super::headers::envelope;
use super::MailError;
pub use crate::rules::Security;

/// A user name and password for SMTP AUTH.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// `DUN_SMTP_USER` and `DUN_SMTP_PASSWORD` from `env` (both or neither).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<Option<Credentials>, MailError> {
        match (env("DUN_SMTP_USER"), env("DUN_SMTP_PASSWORD")) {
            (Some(user), Some(password)) => Ok(Some(Credentials { user, password })),
            (None, None) => Ok(None),
            _ => Err(MailError::Settings(
                "set both DUN_SMTP_USER and DUN_SMTP_PASSWORD, or neither".into(),
            )),
        }
    }

    /// A credentials file: the user name on the first line, the password on the second.
    /// Refused when it lies inside `repo` (it would be one `git add` away from being
    /// committed with the journal).
    pub fn from_file(path: &Path, repo: Option<&Path>) -> Result<Credentials, MailError> {
        let settings = |m: String| MailError::Settings(m);
        let real = path
            .canonicalize()
            .map_err(|e| settings(format!("cannot read `{}`: {e}", path.display())))?;
        if let Some(repo) = repo {
            // An empty path is the current directory (a journal named without a directory).
            let repo = if repo.as_os_str().is_empty() {
                Path::new(".")
            } else {
                repo
            };
            let repo = repo
                .canonicalize()
                .map_err(|e| settings(format!("cannot resolve the repository `{}`: {e}", repo.display())))?;
            if real.starts_with(&repo) {
                return Err(settings(format!(
                    "`{}` is inside the repository `{}`: keep credentials outside it (e.g. ~/.config/dun/smtp)",
                    path.display(),
                    repo.display()
                )));
            }
        }
        let text =
            std::fs::read_to_string(&real).map_err(|e| settings(format!("cannot read `{}`: {e}", path.display())))?;
        let mut lines = text.lines();
        match (lines.next(), lines.next()) {
            (Some(user), Some(password)) if !user.trim().is_empty() => Ok(Credentials {
                user: user.trim().to_string(),
                password: password.to_string(),
            }),
            _ => Err(settings(format!(
                "`{}` must hold the user name on its first line and the password on its second",
                path.display()
            ))),
        }
    }
}

/// Where and how to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Server host name.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Connection security.
    pub security: Security,
    /// SMTP AUTH, if any.
    pub credentials: Option<Credentials>,
    /// Extra CA certificates (PEM) to trust, e.g. a company's own CA.
    pub ca_file: Option<PathBuf>,
    /// The name given in EHLO (the sender's domain).
    pub hello: String,
}

impl SmtpSettings {
    /// Checks that plain text goes only to this machine.
    pub fn validate(&self) -> Result<(), MailError> {
        let local = matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "::1");
        if self.security == Security::None && !local {
            return Err(MailError::Settings(format!(
                "--security none sends in plain text: only to localhost, not `{}`; use starttls or tls",
                self.host
            )));
        }
        Ok(())
    }

    fn transport(&self) -> Result<SmtpTransport, MailError> {
        self.validate()?;
        let smtp = |e: lettre::transport::smtp::Error| MailError::Smtp(e.to_string());
        let mut builder = SmtpTransport::builder_dangerous(self.host.as_str())
            .port(self.port)
            .hello_name(ClientId::Domain(self.hello.clone()))
            .timeout(Some(Duration::from_secs(30)));
        if self.security != Security::None {
            let mut params = TlsParameters::builder(self.host.clone());
            if let Some(ca) = &self.ca_file {
                let pem = std::fs::read(ca)
                    .map_err(|e| MailError::Settings(format!("cannot read `{}`: {e}", ca.display())))?;
                let cert =
                    Certificate::from_pem(&pem).map_err(|e| MailError::Settings(format!("`{}`: {e}", ca.display())))?;
                params = params.add_root_certificate(cert);
            }
            let params = params.build_rustls().map_err(smtp)?;
            builder = builder.tls(match self.security {
                Security::Tls => Tls::Wrapper(params),
                _ => Tls::Required(params),
            });
        }
        if let Some(c) = &self.credentials {
            builder = builder.credentials(LettreCredentials::new(c.user.clone(), c.password.clone()));
        }
        Ok(builder.build())
    }

    /// Delivers `message` (the bytes of a `.eml` file) to the recipients of its `To:`
    /// header, from its `From:` address. Returns the server's reply, the Message-ID and the
    /// recipients once the server has accepted the message.
    pub fn deliver(&self, message: &[u8]) -> Result<Delivered, MailError> {
        let (from, to, message_id) = envelope(message)?;
        let parse = |a: &str| {
            a.parse()
                .map_err(|e| MailError::Header(format!("`{a}` is not an e-mail address: {e}")))
        };
        let recipients = to.iter().map(|a| parse(a)).collect::<Result<Vec<_>, _>>()?;
        let env = Envelope::new(Some(parse(&from)?), recipients).map_err(|e| MailError::Header(e.to_string()))?;
        let response = self
            .transport()?
            .send_raw(&env, message)
            .map_err(|e| MailError::Smtp(e.to_string()))?;
        let reply = format!(
            "{} {}",
            response.code(),
            response.message().collect::<Vec<_>>().join(" ")
        );
        Ok(Delivered { reply, message_id, to })
    }
}

/// What the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The server's reply (`250 OK ...`).
    pub reply: String,
    /// The message's Message-ID header.
    pub message_id: String,
    /// The envelope recipients.
    pub to: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_only_to_localhost() {
        let mut s = SmtpSettings {
            host: "mail.example.com".into(),
            port: 25,
            security: Security::None,
            credentials: None,
            ca_file: None,
            hello: "x.example".into(),
        };
        assert!(s.validate().is_err());
        s.host = "127.0.0.1".into();
        assert!(s.validate().is_ok());
    }

    #[test]
    fn credentials_from_env_and_file() {
        let env = |k: &str| (k == "DUN_SMTP_USER").then(|| "u".to_string());
        assert!(Credentials::from_env(env).is_err());
        assert_eq!(Credentials::from_env(|_| None).unwrap(), None);
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir(&repo).unwrap();
        let inside = repo.join("smtp");
        let outside = dir.path().join("smtp");
        for p in [&inside, &outside] {
            std::fs::write(p, "user@x.example\nsecret pass\n").unwrap();
        }
        assert!(Credentials::from_file(&inside, Some(&repo)).is_err());
        let c = Credentials::from_file(&outside, Some(&repo)).unwrap();
        assert_eq!(
            (c.user.as_str(), c.password.as_str()),
            ("user@x.example", "secret pass")
        );
        assert!(!format!("{c:?}").contains("secret"));
    }
}
