//! `dun send`: deliver the e-mail letters `dun run --format eml` wrote and recorded, over
//! SMTP, and record each delivery (see [`crate::mail`]). Settings come from flags or their
//! environment variables; credentials only from the environment or a file outside the repo.

use std::path::{Path, PathBuf};

use super::{transaction, Context, Line};
use crate::error::{Error, Then};
use crate::mail::{pending, send_all, Credentials, Outcome, Pending, Security, SmtpSettings};
use crate::repo::committer::Committer;

/// Options of `dun send`.
#[derive(Debug, Default, clap::Args)]
pub struct SendOptions {
    /// List the pending e-mails; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// SMTP server [default: the rules' `smtp` setting]
    #[arg(long, env = "DUN_SMTP_HOST", value_name = "HOST")]
    pub host: Option<String>,
    /// SMTP port [default: the rules' `smtp` setting, else 587 for starttls, 465 for tls,
    /// 25 for none]
    #[arg(long, env = "DUN_SMTP_PORT", value_name = "PORT")]
    pub port: Option<u16>,
    /// Connection security; `none` only to localhost [default: the rules' `smtp` setting,
    /// else starttls]
    #[arg(long, value_enum, env = "DUN_SMTP_SECURITY")]
    pub security: Option<Security>,
    /// File with the SMTP user name (line 1) and password (line 2), outside the repository
    /// [default: $DUN_SMTP_USER and $DUN_SMTP_PASSWORD, if set]
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Also trust the CA certificates in this PEM file (e.g. a company's own CA)
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Record the deliveries but make no git commit
    #[arg(long)]
    pub no_commit: bool,
    /// Send even if the file the deliveries are recorded in has uncommitted changes (they
    /// would be committed with them)
    #[arg(long)]
    pub allow_dirty: bool,
}

/// What `dun send` did: the e-mails pending (all of them with `--dry-run`) and how many
/// were delivered.
#[derive(Debug)]
pub struct Sent {
    /// The e-mails pending before sending.
    pub pending: Vec<Pending>,
    /// How many were delivered.
    pub delivered: usize,
}

/// Delivers the pending e-mails (each reported as it goes), records each delivery and
/// commits the record file once. With `--dry-run` (or nothing pending) only lists them.
pub fn send(ctx: &Context, opts: &SendOptions) -> Result<Sent, Error> {
    if ctx.at.is_some() {
        return Err(Error::AtSend);
    }
    let project = ctx.open_valid(Then::NothingSent)?;
    let todo = pending(&project.book);
    if todo.is_empty() || opts.dry_run {
        return Ok(Sent {
            pending: todo,
            delivered: 0,
        });
    }
    let journal_dir = ctx.journal()?.parent().unwrap_or(Path::new("")).to_path_buf();
    let repo_dir = ctx
        .repo()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| journal_dir.clone());
    let settings = settings(opts, &project, &repo_dir)?;
    let target = ctx.record_target(&project);
    // The author is checked only at the end: a failed commit is a warning, since the
    // deliveries happened and are recorded.
    if let (Some(repo), false, false) = (ctx.repo(), opts.allow_dirty, opts.no_commit) {
        let records = "the deliveries are recorded and committed in it";
        transaction::refuse_dirty(&repo, &target, records, Then::NothingSent)?;
    }
    let outcomes = send_all(&todo, &journal_dir, &target, &settings, ctx.date, |p, o| {
        report(ctx, p, o)
    });
    let delivered = outcomes.iter().filter(|o| !matches!(o, Outcome::Failed(_))).count();
    if delivered > 0 && !opts.no_commit {
        commit(ctx, &target, delivered);
    }
    let failed = outcomes.len() - delivered;
    let unrecorded = outcomes.iter().any(|o| matches!(o, Outcome::Unrecorded(..)));
    match (failed, unrecorded) {
        (0, false) => Ok(Sent {
            pending: todo,
            delivered,
        }),
        (0, true) => Err(Error::Unrecorded),
        _ => Err(Error::NotSent {
            failed,
            total: outcomes.len(),
        }),
    }
}

/// The server settings from the flags, checked.
fn settings(opts: &SendOptions, project: &crate::project::Project, repo_dir: &Path) -> Result<SmtpSettings, Error> {
    let rule = project.rules.smtp.as_ref();
    let host = opts
        .host
        .clone()
        .or_else(|| rule.map(|r| r.host.clone()))
        .ok_or(Error::NoSmtpHost)?;
    // Flags (and their variables) override the rules, each on its own.
    let security = opts
        .security
        .or_else(|| rule.and_then(|r| r.security))
        .unwrap_or(Security::Starttls);
    let port = opts
        .port
        .or_else(|| rule.and_then(|r| r.port))
        .unwrap_or(security.default_port());
    let credentials = match &opts.credentials {
        Some(file) => Some(Credentials::from_file(file, Some(repo_dir))?),
        None => Credentials::from_env(|k| std::env::var(k).ok())?,
    };
    let hello = project
        .rules
        .sender
        .as_ref()
        .and_then(|s| s.email.as_deref())
        .and_then(|e| e.rsplit_once('@'))
        .map_or("localhost", |(_, d)| d)
        .to_string();
    let s = SmtpSettings {
        port,
        host,
        security,
        credentials,
        ca_file: opts.ca_file.clone(),
        hello,
    };
    s.validate()?;
    Ok(s)
}

fn report(ctx: &Context, p: &Pending, o: &Outcome) {
    match o {
        Outcome::Sent(d) => ctx.say(Line::Progress(&format!(
            "sent    {} to {}: {}",
            p.path,
            d.to.join(", "),
            d.reply
        ))),
        Outcome::Failed(e) => ctx.say(Line::Error(&format!("{}: {e}; it stays pending", p.path))),
        Outcome::Unrecorded(d, note, e) => ctx.say(Line::Error(&format!(
            "{} was delivered to {} but could not be recorded ({e}); add this entry to the journal by hand:\n{note}",
            p.path,
            d.to.join(", ")
        ))),
    }
}

/// One commit of the record file, as `dun run` does; a failure is a warning, since the
/// deliveries happened and are recorded in the file.
fn commit(ctx: &Context, target: &Path, sent: usize) {
    let Some(repo) = ctx.repo() else { return };
    let msg = format!(
        "dun send {}: {sent} e-mail{} delivered",
        ctx.date,
        if sent == 1 { "" } else { "s" }
    );
    let result = Committer::new(repo).and_then(|c| c.commit(&[target.to_path_buf()], &msg));
    if let Err(e) = result {
        ctx.say(Line::Warning(&format!(
            "the deliveries are recorded in `{}` but not committed: {e}",
            target.display()
        )));
    }
}
