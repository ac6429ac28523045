//! `dun send`: deliver the e-mail letters `dun run --format eml` wrote and recorded, over
//! SMTP, and record each delivery (see [`crate::mail`]). Settings come from flags or their
//! environment variables; credentials only from the environment or a file outside the repo.

use std::path::{Path, PathBuf};

use super::{Config, Failure};
use crate::mail::{pending, send_all, Credentials, Outcome, Security, SmtpSettings};
use crate::repo::dirty::record_file_dirty;
use crate::repo::run_commit::RunCommit;

/// Arguments of `dun send`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// List the pending e-mails; send nothing
    #[arg(long)]
    dry_run: bool,
    /// SMTP server [default: the rules' `smtp` setting]
    #[arg(long, env = "DUN_SMTP_HOST", value_name = "HOST")]
    host: Option<String>,
    /// SMTP port [default: the rules' `smtp` setting, else 587 for starttls, 465 for tls,
    /// 25 for none]
    #[arg(long, env = "DUN_SMTP_PORT", value_name = "PORT")]
    port: Option<u16>,
    /// Connection security; `none` only to localhost [default: the rules' `smtp` setting,
    /// else starttls]
    #[arg(long, value_enum, env = "DUN_SMTP_SECURITY")]
    security: Option<Security>,
    /// File with the SMTP user name (line 1) and password (line 2), outside the repository
    /// [default: $DUN_SMTP_USER and $DUN_SMTP_PASSWORD, if set]
    #[arg(long, value_name = "FILE")]
    credentials: Option<PathBuf>,
    /// Also trust the CA certificates in this PEM file (e.g. a company's own CA)
    #[arg(long, value_name = "FILE")]
    ca_file: Option<PathBuf>,
    /// Record the deliveries but make no git commit
    #[arg(long)]
    no_commit: bool,
    /// Send even if the file the deliveries are recorded in has uncommitted changes (they
    /// would be committed with them)
    #[arg(long)]
    allow_dirty: bool,
}

/// Runs `dun send`.
pub fn run(config: &Config, args: &Args) -> Result<(), Failure> {
    if config.at.is_some() {
        return Err(Failure::Usage(
            "`dun send` delivers today's letters: --at cannot be used".into(),
        ));
    }
    let project = config.open()?;
    config.report(&project.diagnostics, &project.sources);
    if project.has_errors() {
        eprintln!("error: the journal has errors (see above); nothing was sent");
        return Err(Failure::Data);
    }
    let todo = pending(&project.book);
    if todo.is_empty() || args.dry_run {
        if !config.quiet {
            println!(
                "dun send: {} e-mail{} pending",
                todo.len(),
                if todo.len() == 1 { "" } else { "s" }
            );
            for p in &todo {
                println!("  {}  {}  {}  ({})", p.date, p.customer, p.path, p.stages.join(", "));
            }
        }
        return Ok(());
    }
    let journal_dir = config.journal()?.parent().unwrap_or(Path::new("")).to_path_buf();
    let repo = config.repo();
    let repo_dir = repo
        .as_ref()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| journal_dir.clone());
    let settings = settings(args, &project, &repo_dir)?;
    let target = config.record_target(&project);
    if let (Some(repo), false, false) = (&repo, args.allow_dirty, args.no_commit) {
        refuse_dirty(repo, &target)?;
    }
    let outcomes = send_all(&todo, &journal_dir, &target, &settings, config.date, |p, o| {
        report(config, p, o)
    });
    let sent = outcomes.iter().filter(|o| !matches!(o, Outcome::Failed(_))).count();
    if sent > 0 && !args.no_commit {
        commit(repo, &target, config, sent);
    }
    let failed = outcomes.len() - sent;
    let unrecorded = outcomes.iter().any(|o| matches!(o, Outcome::Unrecorded(..)));
    match (failed, unrecorded) {
        (0, false) => Ok(()),
        (0, true) => Err(Failure::Usage(
            "some e-mails were delivered but not recorded: add the entries shown above, or the next `dun send` sends them again".into(),
        )),
        _ => Err(Failure::Usage(format!(
            "{failed} of {} e-mails were not sent; they stay pending for the next `dun send`",
            outcomes.len()
        ))),
    }
}

/// Refuses to start when the record file has uncommitted changes: the commit of the
/// deliveries would take them along under `dun send`'s name.
fn refuse_dirty(repo: &git2::Repository, target: &Path) -> Result<(), Failure> {
    let dirty = record_file_dirty(repo, target).map_err(|e| Failure::Usage(e.to_string()))?;
    match dirty {
        None => Ok(()),
        Some((path, why)) => Err(Failure::Usage(format!(
            "`{path}` ({why}) has uncommitted changes, and the deliveries are recorded and committed in it: \
             commit them first (or use --allow-dirty or --no-commit); nothing was sent"
        ))),
    }
}

/// The server settings from the flags, checked.
fn settings(args: &Args, project: &crate::project::Project, repo_dir: &Path) -> Result<SmtpSettings, Failure> {
    let usage = |e: crate::mail::MailError| Failure::Usage(e.to_string());
    let rule = project.rules.smtp.as_ref();
    let host = args
        .host
        .clone()
        .or_else(|| rule.map(|r| r.host.clone()))
        .ok_or_else(|| {
            Failure::Usage(
                "no SMTP server: give --host HOST, set DUN_SMTP_HOST, or write `smtp \"HOST\"` in the rules".into(),
            )
        })?;
    // Flags (and their variables) override the rules, each on its own.
    let security = args
        .security
        .or_else(|| rule.and_then(|r| r.security))
        .unwrap_or(Security::Starttls);
    let port = args
        .port
        .or_else(|| rule.and_then(|r| r.port))
        .unwrap_or(security.default_port());
    let credentials = match &args.credentials {
        Some(file) => Some(Credentials::from_file(file, Some(repo_dir)).map_err(usage)?),
        None => Credentials::from_env(|k| std::env::var(k).ok()).map_err(usage)?,
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
        ca_file: args.ca_file.clone(),
        hello,
    };
    s.validate().map_err(usage)?;
    Ok(s)
}

fn report(config: &Config, p: &crate::mail::Pending, o: &Outcome) {
    match o {
        Outcome::Sent(d) if !config.quiet => println!("sent    {} to {}: {}", p.path, d.to.join(", "), d.reply),
        Outcome::Sent(_) => {}
        Outcome::Failed(e) => eprintln!("error: {}: {e}; it stays pending", p.path),
        Outcome::Unrecorded(d, note, e) => eprintln!(
            "error: {} was delivered to {} but could not be recorded ({e}); add this entry to the journal by hand:\n{note}",
            p.path,
            d.to.join(", ")
        ),
    }
}

/// One commit of the record file, as `dun run` does; a failure is a warning, since the
/// deliveries happened and are recorded in the file.
fn commit(repo: Option<git2::Repository>, target: &Path, config: &Config, sent: usize) {
    let Some(repo) = repo else { return };
    let msg = format!(
        "dun send {}: {sent} e-mail{} delivered",
        config.date,
        if sent == 1 { "" } else { "s" }
    );
    let result = RunCommit::new(repo).and_then(|c| c.commit(&[target.to_path_buf()], &msg));
    if let Err(e) = result {
        eprintln!(
            "warning: the deliveries are recorded in `{}` but not committed: {e}",
            target.display()
        );
    }
}
