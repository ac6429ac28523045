//! `dun log` output: plain text for people, JSON for tools.

use serde::Serialize;

use super::history::LogCommit;
use crate::changes::entries::{Change, ChangeKind};

/// The commits as text: a head line per commit (short hash, date, author, summary), then
/// each changed entry with its file and line, old lines prefixed `-`, new lines `+`.
pub fn render_text(commits: &[LogCommit]) -> String {
    let mut out = String::new();
    for (i, c) in commits.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}  {}  {} <{}>  {}\n",
            c.short,
            c.date.format("%Y-%m-%d %H:%M"),
            c.author,
            c.email,
            c.summary
        ));
        for change in &c.changes {
            out.push_str(&change_text(change));
        }
    }
    out
}

fn change_text(c: &Change) -> String {
    let word = match c.kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    };
    let mut out = format!("  {word} {}:{}\n", c.file, c.line);
    for l in &c.old {
        out.push_str(&format!("  - {l}\n"));
    }
    for l in &c.new {
        out.push_str(&format!("  + {l}\n"));
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    subject: &'a str,
    kind: &'a str,
    commits: Vec<JsonCommit<'a>>,
}

#[derive(Serialize)]
struct JsonCommit<'a> {
    commit: &'a str,
    short: &'a str,
    author: &'a str,
    email: &'a str,
    date: String,
    summary: &'a str,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    change: ChangeKind,
    file: &'a str,
    line: usize,
    old: &'a [String],
    new: &'a [String],
}

/// The commits as pretty JSON, ending with a newline. `kind` says what the subject is
/// (`invoice`, `customer`, or `unknown` for a name the current journal does not have).
pub fn render_json(subject: &str, kind: &str, commits: &[LogCommit]) -> String {
    let json = Json {
        subject,
        kind,
        commits: commits
            .iter()
            .map(|c| JsonCommit {
                commit: &c.id,
                short: &c.short,
                author: &c.author,
                email: &c.email,
                date: c.date.to_rfc3339(),
                summary: &c.summary,
                changes: c
                    .changes
                    .iter()
                    .map(|ch| JsonChange {
                        change: ch.kind,
                        file: &ch.file,
                        line: ch.line,
                        old: &ch.old,
                        new: &ch.new,
                    })
                    .collect(),
            })
            .collect(),
    };
    // Plain structs of strings and numbers always serialise.
    let mut out = serde_json::to_string_pretty(&json).unwrap_or_default();
    out.push('\n');
    out
}
