//! The manual stands alone and stays true:
//!
//! - every `docs/PAGE.md` (with an optional `#anchor`) named in the code, grammars,
//!   templates, assets, examples, tests, the README or the docs themselves exists, and so
//!   does the heading the anchor names; so do the targets of relative Markdown links in the
//!   README and in `docs/`;
//! - `docs/errors.md` has one section for every code of the registry and no other, each
//!   with its title and an example of the diagnostic as dun prints it (taken from the
//!   golden tests' expected stderr, so it cannot drift);
//! - the example repository (`examples/`) is in `dun fmt` layout.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use dun::diag::{Code, Severity};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files under `dir` (relative to the crate root) whose names end in one of `exts`.
fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, exts, out);
            } else if exts.iter().any(|e| path.to_string_lossy().ends_with(e)) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), exts, &mut out);
    out.sort();
    out
}

/// The GitHub anchor of each heading of a Markdown text (outside code blocks): lower
/// case, punctuation dropped except `-` and `_`, blanks made `-`; a repeated heading
/// gets `-1`, `-2`, ...
fn anchors(md: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut fence = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        let Some(title) = line.strip_prefix('#').filter(|_| !fence) else {
            continue;
        };
        let title = title.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                '-' | '_' => Some(c),
                c if c.is_alphanumeric() => Some(c.to_lowercase().next().unwrap_or(c)),
                _ => None,
            })
            .collect();
        let n = seen.entry(slug.clone()).or_default();
        out.insert(if *n == 0 { slug.clone() } else { format!("{slug}-{n}") });
        *n += 1;
    }
    out
}

/// Checks that `target` (a path relative to the crate root, with an optional `#anchor`)
/// exists; returns the problem if not. `cache` holds the anchors of pages read so far.
fn check_target(target: &str, cache: &mut BTreeMap<PathBuf, BTreeSet<String>>) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let full = root().join(path);
    if !full.exists() {
        return Some(format!("`{target}`: no such file"));
    }
    let anchor = anchor.filter(|a| !a.is_empty())?;
    if !path.ends_with(".md") {
        return None;
    }
    let known = cache.entry(full.clone()).or_insert_with(|| anchors(&read(&full)));
    (!known.contains(anchor)).then(|| format!("`{target}`: {path} has no heading with the anchor `#{anchor}`"))
}

/// Every `docs/NAME.md[#anchor]` in `text`, as written.
fn docs_paths(text: &str) -> Vec<String> {
    let is_path = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    let is_anchor = |c: char| c.is_ascii_alphanumeric() || "_-".contains(c);
    let mut out = Vec::new();
    for (i, _) in text.match_indices("docs/") {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)) {
            continue; // part of another name, e.g. `rustdocs/`
        }
        let rest = &text[i..];
        let end = rest.find(|c: char| !is_path(c)).unwrap_or(rest.len());
        let path = rest[..end].trim_end_matches('.');
        if !path.ends_with(".md") {
            continue;
        }
        let mut target = path.to_string();
        if let Some(anchor) = rest[path.len()..].strip_prefix('#') {
            let end = anchor.find(|c: char| !is_anchor(c)).unwrap_or(anchor.len());
            target.push('#');
            target.push_str(&anchor[..end]);
        }
        out.push(target);
    }
    out
}

/// The targets of the inline Markdown links `[text](target)` of `md` that point into the
/// repository (not `http:`, `https:`, `mailto:`), outside code blocks.
fn relative_links(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        for (i, _) in line.match_indices("](") {
            let rest = &line[i + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = &rest[..end];
            if target.contains("://") || target.starts_with("mailto:") || target.contains(' ') {
                continue;
            }
            out.push(target.to_string());
        }
    }
    out
}

/// Joins a link target to the directory of the page it is in, as a path relative to the
/// crate root (`#x` alone points into the page itself).
fn resolve(page: &Path, target: &str) -> String {
    let page_rel = page.strip_prefix(root()).unwrap();
    if let Some(anchor) = target.strip_prefix('#') {
        return format!("{}#{anchor}", page_rel.display());
    }
    let mut parts: Vec<String> = page_rel
        .parent()
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p.to_string()),
        }
    }
    parts.join("/")
}

/// Where the manual is named: code, grammars, templates, what `dun init` writes, the
/// example, the tests, fuzz and bench notes, the README and the docs.
fn referring_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (dir, exts) in [
        ("src", &[".rs"][..]),
        ("grammar", &[".ebnf"]),
        ("templates", &[".hbs", ".md"]),
        ("assets", &[".dun", ".md"]),
        ("examples", &[".dun", ".md", ".rs"]),
        ("tests/suite", &[".rs"]), // this file is left out below: its own test strings
        ("tests/data/oracle", &[".md", ".py"]),
        ("fuzz", &[".md", ".rs", ".sh"]),
        ("bench", &[".md", ".sh"]),
        ("docs", &[".md"]),
    ] {
        out.extend(files(dir, exts));
    }
    for file in ["README.md", "BENCHMARKS.md", "Cargo.toml", ".ci/run"] {
        out.push(root().join(file));
    }
    out.retain(|f| !f.ends_with("tests/suite/docs.rs"));
    out
}

#[test]
fn every_docs_reference_exists() {
    let mut cache = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in referring_files() {
        let text = read(&file);
        let rel = file.strip_prefix(root()).unwrap().display().to_string();
        let mut targets: Vec<String> = docs_paths(&text);
        if rel.ends_with(".md") {
            targets.extend(relative_links(&text).iter().map(|t| resolve(&file, t)));
        }
        for target in targets {
            checked += 1;
            if let Some(problem) = check_target(&target, &mut cache) {
                problems.push(format!("{rel}: {problem}"));
            }
        }
    }
    // Guards against an extractor that silently finds nothing.
    assert!(checked > 100, "only {checked} references found");
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "broken references to the manual:\n{}",
        problems.join("\n")
    );
}

/// The markdown files a text names, as words split at spaces, quotes and brackets (URLs,
/// globs and templates left out).
fn named_paths(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || "()[]<>\"'`,;|=".contains(c))
        .map(|w| w.split('#').next().unwrap_or(w).trim_end_matches(['.', ':']))
        .filter(|w| !w.contains("://") && !w.contains(['*', '{', '$']))
        .filter(|w| w.ends_with(".md") && w.len() > 3)
        .collect()
}

/// Markdown names that are not pages of this repository, and why.
const NOT_OUR_PAGES: &[(&str, &str)] = &[
    (
        "templates/README.md",
        "the page `dun init` writes into the user's repository",
    ),
    (
        "layout.md",
        "the output name of the Markdown letter layout, `layout.md.hbs`",
    ),
];

/// The manual stands alone: every markdown file named in the sources, grammars, tests or
/// docs is a file of the repository, found from the naming file's folder or from the
/// repository's root. A reader never needs a page the repository lacks.
#[test]
fn nothing_points_outside_the_repository() {
    let root = root().canonicalize().unwrap();
    let inside = |p: PathBuf| p.canonicalize().is_ok_and(|p| p.starts_with(&root));
    let mut problems = Vec::new();
    for file in referring_files() {
        let dir = file.parent().unwrap().to_path_buf();
        for word in named_paths(&read(&file)) {
            let ours = !NOT_OUR_PAGES.iter().any(|(name, _)| *name == word);
            if ours && !inside(dir.join(word)) && !inside(root.join(word)) {
                problems.push(format!(
                    "{}: names `{word}`, which is not a file of the repository",
                    file.strip_prefix(&root).unwrap_or(&file).display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn named_paths_are_found() {
    let text = "see [x](../docs/cli.md#global), docs/errors.md. Not https://a.example/b.md, *.md or .md";
    assert_eq!(named_paths(text), ["../docs/cli.md", "docs/errors.md"]);
}

#[test]
fn the_reference_checker_finds_what_it_should() {
    assert_eq!(
        docs_paths("see docs/rules.md#payment-order. And `docs/cli.md`, rustdocs/x.md, docs/"),
        ["docs/rules.md#payment-order", "docs/cli.md"]
    );
    let md = "# The `dun run` command\n## A, b & c\n```\n# not a heading\n```\n## A, b & c\n";
    assert_eq!(
        anchors(md).into_iter().collect::<Vec<_>>(),
        ["a-b--c", "a-b--c-1", "the-dun-run-command"]
    );
    let mut cache = BTreeMap::new();
    assert!(check_target("docs/errors.md#e001", &mut cache).is_none());
    assert!(check_target("docs/errors.md#e000", &mut cache).is_some());
    assert!(check_target("docs/nowhere.md", &mut cache).is_some());
    assert!(names_option("| `-f, --journal FILE` |", "journal"));
    assert!(!names_option("`--date-from D`", "date"));
    let page = root().join("docs/cli.md");
    assert_eq!(resolve(&page, "../grammar/rules.ebnf"), "grammar/rules.ebnf");
    assert_eq!(resolve(&page, "errors.md#e002"), "docs/errors.md#e002");
    assert_eq!(resolve(&page, "#exit-codes"), "docs/cli.md#exit-codes");
}

/// The sections of `docs/errors.md`: code -> text of the section (after its heading).
fn error_sections(doc: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for part in doc.split("\n## ").skip(1) {
        let (heading, body) = part.split_once('\n').unwrap_or((part, ""));
        let previous = out.insert(heading.trim().to_string(), body.to_string());
        assert!(previous.is_none(), "docs/errors.md: two sections `## {heading}`");
    }
    out
}

/// The diagnostic blocks (a header line up to the blank line after it) in the expected
/// stderr of every golden and hostile case.
fn expected_diagnostics() -> BTreeSet<String> {
    let mut blocks = BTreeSet::new();
    for file in files("tests/data/golden", &["stderr"])
        .into_iter()
        .chain(files("tests/data/hostile", &["stderr"]))
    {
        // Some hostile cases expect bytes that are not UTF-8: they hold no example.
        let Ok(text) = fs::read_to_string(&file) else { continue };
        blocks.extend(text.split("\n\n").map(|b| b.trim_matches('\n').to_string()));
    }
    blocks
}

/// Codes whose example cannot come from a golden case, and why.
const EXAMPLES_BY_HAND: &[(&str, &str)] = &[
    (
        "E085",
        "only a build without the `pdf` feature prints it; the goldens run in both",
    ),
    ("E086", "only a `pdf` build with a broken layout prints it"),
];

#[test]
fn every_code_is_documented_with_its_title_and_an_example() {
    let doc = read(&root().join("docs/errors.md"));
    let sections = error_sections(&doc);
    let registry: BTreeSet<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    let documented: BTreeSet<&str> = sections.keys().map(String::as_str).collect();
    assert_eq!(
        documented.difference(&registry).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "docs/errors.md documents codes that src/diag/code.rs does not have"
    );
    assert_eq!(
        registry.difference(&documented).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "codes of src/diag/code.rs without a section in docs/errors.md"
    );
    let goldens = expected_diagnostics();
    for code in Code::ALL {
        let id = code.id();
        let body = &sections[id];
        let (word, label) = match code.severity() {
            Severity::Error => ("error", "Error"),
            _ => ("warning", "Warning"),
        };
        let title = format!("**{label}: {}.**", code.title());
        assert!(
            body.trim_start().starts_with(&title),
            "docs/errors.md, {id}: the section must start with `{title}`"
        );
        assert!(
            doc.contains(&format!("| [{id}](#{}) | {} |", id.to_lowercase(), code.title())),
            "docs/errors.md: the table lacks the row for {id} with its title"
        );
        let example = body
            .split("```text\n")
            .nth(1)
            .and_then(|rest| rest.split_once("\n```"))
            .map(|(ex, _)| ex)
            .unwrap_or_else(|| panic!("docs/errors.md, {id}: no ```text example"));
        assert!(
            example.starts_with(&format!("{word}[{id}]: ")),
            "docs/errors.md, {id}: the example does not start with `{word}[{id}]: `:\n{example}"
        );
        if !EXAMPLES_BY_HAND.iter().any(|(c, _)| *c == id) {
            assert!(
                goldens.contains(example),
                "docs/errors.md, {id}: the example is not what any golden case expects dun to print \
                 (copy it from a tests/data/golden/*/stderr):\n{example}"
            );
        }
    }
}

/// `dun fmt --check` passes on every example repository, and every `.dun` file under
/// `examples/` (included or not) is in `dun fmt` layout.
#[test]
fn examples_are_in_fmt_layout() {
    let all = files("examples", &[".dun"]);
    assert!(all.len() >= 10, "too few example files: {all:?}");
    for file in &all {
        assert!(
            dun::layout::is_formatted(&read(file)),
            "{} is not in `dun fmt` layout: run `dun fmt` on it",
            file.display()
        );
    }
    let repos: Vec<&PathBuf> = all.iter().filter(|f| f.ends_with("journal.dun")).collect();
    assert!(!repos.is_empty());
    for journal in repos {
        let dir = journal.parent().unwrap();
        let out = crate::common::dun(dir, &["fmt", "--check"]);
        assert!(
            out.status.success(),
            "`dun fmt --check` in {}:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The commands `dun --help` lists (without `help`).
fn commands() -> Vec<String> {
    let out = crate::common::dun(root(), &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let list = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands: section in dun --help");
    list.lines()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// Every command has its section in `docs/cli.md` (or a page `docs/COMMAND.md` of its
/// own), and every long option `dun COMMAND --help` lists is named in the manual.
#[test]
fn every_command_and_option_is_documented() {
    let cli = read(&root().join("docs/cli.md"));
    let commands = commands();
    assert!(commands.len() >= 10, "too few commands in dun --help: {commands:?}");
    let mut problems = Vec::new();
    for command in &commands {
        let page = root().join(format!("docs/{command}.md"));
        let own = fs::read_to_string(&page).unwrap_or_default();
        let section = format!("### `dun {command}");
        if !cli
            .lines()
            .any(|l| l == section || l.starts_with(&format!("{section} ")) || l.starts_with(&format!("{section}`")))
            && own.is_empty()
        {
            problems.push(format!("`dun {command}` has no section `{section} ...` in docs/cli.md"));
        }
        let out = crate::common::dun(root(), &[command.as_str(), "--help"]);
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        for word in help.split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']') {
            let Some(name) = word.strip_prefix("--") else { continue };
            let name: String = name
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            if name.is_empty() || name == "help" {
                continue;
            }
            if !names_option(&cli, &name) && !names_option(&own, &name) {
                problems.push(format!("`dun {command} --{name}` is not named in docs/cli.md"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "the command line manual is incomplete:\n{}",
        problems.join("\n")
    );
}

/// Whether `text` names the option `--name` (not merely a longer one such as `--name-x`).
fn names_option(text: &str, name: &str) -> bool {
    let option = format!("--{name}");
    text.match_indices(&option).any(|(i, _)| {
        !text[i + option.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '-')
    })
}
