//! At home in the shell: completion scripts and the man page, both generated from the
//! command line's own clap definition (so neither can drift from the real options), and
//! the customer ids, invoice numbers and stage names offered while completing.
//!
//! Completion uses clap_complete's dynamic engine: the script a shell loads
//! ([`registration`]) calls `dun` back on every TAB with `DUN_COMPLETE=SHELL` set, and `dun`
//! answers from the same clap definition, with the journal's names where an argument takes
//! one ([`with_journal_values`]). One engine for bash, zsh, fish, elvish and PowerShell: no
//! hand-written per-shell glue that could fall behind the options.

use std::io::Write;
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::Shells;

use crate::load::FsFiles;
use crate::project::{Paths, Project};

/// The environment variable that makes `dun` answer a completion request instead of running.
pub const COMPLETE_VAR: &str = "DUN_COMPLETE";

/// The shells completions are generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// GNU Bash
    Bash,
    /// Z shell
    Zsh,
    /// fish
    Fish,
    /// Elvish
    Elvish,
    /// PowerShell
    Powershell,
}

impl Shell {
    fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Elvish => "elvish",
            Shell::Powershell => "powershell",
        }
    }
}

/// Writes the script that makes `shell` complete `dun` (it calls `dun` on the `PATH`).
pub fn registration(shell: Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(shell.name()) else {
        return Err(std::io::Error::other(format!(
            "no completion support for {}",
            shell.name()
        )));
    };
    completer.write_registration(COMPLETE_VAR, "dun", "dun", "dun", out)
}

/// Writes the man page (roff) of `cmd` and, as sections of it, its subcommands.
pub fn man_page(mut cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ");
        writeln!(out, ".TP\n\\fB{}\\fR", roff_escape(usage.trim()))?;
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(ToString::to_string)
            .unwrap_or_default();
        writeln!(out, "{}", roff_escape(&about))?;
        sub_arguments(sub, out)?;
    }
    man.render_version_section(out)?;
    writeln!(
        out,
        ".SH EXIT STATUS\n0 success; 1 the data has errors (check) or would change (fmt \\-\\-check); 2 usage error or I/O failure."
    )?;
    writeln!(
        out,
        ".SH SEE ALSO\nThe manual in the docs/ directory of the dun repository."
    )?;
    Ok(())
}

/// The options and arguments of a subcommand, as an indented list (global ones are above).
fn sub_arguments(sub: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let args: Vec<_> = sub
        .get_arguments()
        .filter(|a| !a.is_global_set() && !a.is_hide_set() && a.get_id() != "help")
        .collect();
    if args.is_empty() {
        return Ok(());
    }
    writeln!(out, ".RS")?;
    for a in args {
        let value = a
            .get_value_names()
            .map(|v| v.iter().map(|n| format!("<{n}>")).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| format!("<{}>", a.get_id().as_str().to_uppercase()));
        let takes_value = a.get_num_args().is_some_and(|n| n.takes_values());
        let name = match (a.get_short(), a.get_long()) {
            (_, Some(long)) if takes_value => format!("\\-\\-{long} {value}"),
            (_, Some(long)) => format!("\\-\\-{long}"),
            (Some(short), None) => format!("\\-{short}"),
            (None, None) => value,
        };
        let help = a.get_help().map(ToString::to_string).unwrap_or_default();
        writeln!(out, ".TP\n{name}\n{}", roff_escape(&help))?;
    }
    writeln!(out, ".RE")
}

/// Text made safe for roff: backslashes, and a leading dot or quote that would start a request.
fn roff_escape(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    match s.starts_with(['.', '\'']) {
        true => format!("\\&{s}"),
        false => s,
    }
}

/// What a completed argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Customer ids.
    Customers,
    /// Invoice numbers (open ones first).
    Invoices,
    /// Invoice numbers and customer ids.
    InvoicesAndCustomers,
    /// Stage names of the rules.
    Stages,
}

/// `cmd` with the journal's names offered for the arguments listed in `args`
/// (`(subcommand, argument id, values)`); the project is found by `paths` when a
/// completion is asked for, never before.
pub fn with_journal_values(
    mut cmd: clap::Command,
    args: &[(&str, &str, Values)],
    paths: impl Fn() -> Option<Paths> + Send + Sync + Clone + 'static,
) -> clap::Command {
    for &(sub, arg, values) in args {
        let paths = paths.clone();
        let candidates = ArgValueCandidates::new(move || names(paths(), values));
        cmd = cmd.mut_subcommand(sub, |c| c.mut_arg(arg, |a| a.add(candidates)));
    }
    cmd
}

/// The names a completion offers, from the project at `paths` (none if it cannot be read).
pub fn names(paths: Option<Paths>, values: Values) -> Vec<CompletionCandidate> {
    let Some(project) = paths.and_then(|p| Project::open(&FsFiles, &p).ok()) else {
        return Vec::new();
    };
    let book = &project.book;
    let customers = || {
        book.customers
            .iter()
            .map(|c| CompletionCandidate::new(c.id.as_str()).help(Some(c.name.clone().into())))
    };
    let invoices = || {
        book.invoices.iter().map(|i| {
            let help = format!("{} {}", book.customer(i.customer).id, i.amount);
            CompletionCandidate::new(i.number.as_str()).help(Some(help.into()))
        })
    };
    match values {
        Values::Customers => customers().collect(),
        Values::Invoices => invoices().collect(),
        Values::InvoicesAndCustomers => invoices().chain(customers()).collect(),
        Values::Stages => {
            let mut names: Vec<String> = project
                .rules
                .policies
                .iter()
                .flat_map(|p| p.stages.iter().map(|s| s.name.clone()))
                .collect();
            names.sort();
            names.dedup();
            names.into_iter().map(CompletionCandidate::new).collect()
        }
    }
}

/// The `-f FILE` / `--journal FILE` given on a command line being completed, if any.
pub fn journal_in(args: &[std::ffi::OsString]) -> Option<PathBuf> {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "-f" || a == "--journal" {
            return it.next().map(|v| PathBuf::from(v.as_ref()));
        }
        if let Some(v) = a
            .strip_prefix("--journal=")
            .or_else(|| a.strip_prefix("-f").filter(|v| !v.is_empty()))
        {
            return Some(PathBuf::from(v));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_journal_on_the_line_being_completed() {
        let args = |s: &str| s.split(' ').map(Into::into).collect::<Vec<std::ffi::OsString>>();
        assert_eq!(journal_in(&args("dun -f a.dun explain")), Some("a.dun".into()));
        assert_eq!(journal_in(&args("dun --journal=b.dun log")), Some("b.dun".into()));
        assert_eq!(journal_in(&args("dun -fc.dun log")), Some("c.dun".into()));
        assert_eq!(journal_in(&args("dun explain")), None);
    }

    #[test]
    fn roff_escapes_what_would_start_a_request() {
        assert_eq!(roff_escape(".x -y \\z"), "\\&.x \\-y \\ez");
    }
}
