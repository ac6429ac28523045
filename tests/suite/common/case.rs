//! File-based CLI cases, shared by the golden cases (`tests/data/golden/`) and the hostile-input
//! corpus (`tests/data/hostile/`).
//!
//! A case is a directory holding its input files, a `cmd` file, and the expected `stdout`,
//! `stderr` and `code` (exit code). The `cmd` file has lines `args: ...` (split at blanks;
//! `"..."` keeps blanks), optionally `cwd: DIR` (relative to the crate root, to run
//! read-only commands on e.g. the example repo) and `env: KEY=VALUE`. Without `cwd` the
//! case directory is copied to a temp dir and the command runs there; if the case has an
//! `after/` directory, the files under it must then have exactly its contents.
//!
//! A `recipe` file generates inputs too large or too odd to commit (see [`apply_recipe`]).
//!
//! Re-bless expected output after an intended change: `UPDATE=1 cargo test --test suite golden::`
//! (or `hostile`: the filter names the module).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Names in a case directory that are not inputs.
const OUTPUTS: &[&str] = &["cmd", "stdout", "stderr", "code", "after", "recipe"];

/// No case may take longer than this (in a debug build).
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Cmd {
    args: Vec<String>,
    cwd: Option<PathBuf>,
    env: Vec<(String, String)>,
}

fn parse_cmd(text: &str) -> Cmd {
    let mut case = Cmd {
        args: Vec::new(),
        cwd: None,
        env: Vec::new(),
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Some(a) = line.strip_prefix("args:") {
            case.args = split_args(a);
        } else if let Some(d) = line.strip_prefix("cwd:") {
            case.cwd = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join(d.trim()));
        } else if let Some(kv) = line.strip_prefix("env:") {
            let (k, v) = kv.trim().split_once('=').expect("env: KEY=VALUE");
            case.env.push((k.to_string(), v.to_string()));
        } else {
            panic!("unknown line in cmd: {line}");
        }
    }
    case
}

fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' | '\t' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

fn copy_inputs(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if OUTPUTS.contains(&name.to_str().unwrap_or("")) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            super::copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Generates files in `dir` from a recipe. Each line is one step:
///
/// - `file NAME`: start (or restart) the generated file NAME; the steps below append to it;
/// - `text "..."`: append text (escapes `\n`, `\t`, `\"`, `\\`, `\xHH` for any byte);
/// - `repeat N "..."`: append the text N times, with `{i}` replaced by 0..N-1 and `{j}` by i+1;
/// - `each N NAME "..."`: write N files, NAME and text numbered as for `repeat`;
/// - `dir NAME`: create an (empty) directory;
/// - `symlink NAME TARGET`: create a symbolic link (Unix only; elsewhere the case is skipped).
///
/// Blank lines and lines starting with `#` are ignored.
pub fn apply_recipe(recipe: &str, dir: &Path) {
    let mut current: Option<(PathBuf, Vec<u8>)> = None;
    let flush = |current: &mut Option<(PathBuf, Vec<u8>)>| {
        if let Some((path, bytes)) = current.take() {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
    };
    for line in recipe
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        match word {
            "file" => {
                flush(&mut current);
                current = Some((dir.join(rest.trim()), Vec::new()));
            }
            "text" => current.as_mut().expect("`text` before `file`").1.extend(unescape(rest)),
            "repeat" => {
                let (n, text) = rest.trim().split_once(' ').expect("repeat N \"...\"");
                let n: usize = n.parse().expect("repeat count");
                let text = String::from_utf8(unescape(text)).expect("repeat text is UTF-8");
                let bytes = &mut current.as_mut().expect("`repeat` before `file`").1;
                match text.contains('{') {
                    true => bytes.extend((0..n).flat_map(|i| numbered(&text, i).into_bytes())),
                    false => bytes.extend_from_slice(text.repeat(n).as_bytes()),
                }
            }
            "each" => {
                let mut words = rest.trim().splitn(3, ' ');
                let (Some(n), Some(name), Some(text)) = (words.next(), words.next(), words.next()) else {
                    panic!("each N NAME \"...\"");
                };
                let text = String::from_utf8(unescape(text)).expect("each text is UTF-8");
                for i in 0..n.parse().expect("each count") {
                    fs::write(dir.join(numbered(name, i)), numbered(&text, i)).unwrap();
                }
            }
            "dir" => fs::create_dir_all(dir.join(rest.trim())).unwrap(),
            "symlink" => {
                let (name, target) = rest.trim().split_once(' ').expect("symlink NAME TARGET");
                #[cfg(unix)]
                std::os::unix::fs::symlink(target, dir.join(name)).unwrap();
                #[cfg(not(unix))]
                let _ = (name, target);
            }
            other => panic!("unknown recipe step `{other}`"),
        }
    }
    flush(&mut current);
}

/// `text` with `{i}` replaced by `i` and `{j}` by `i + 1`.
fn numbered(text: &str, i: usize) -> String {
    match text.contains('{') {
        true => text.replace("{i}", &i.to_string()).replace("{j}", &(i + 1).to_string()),
        false => text.to_string(),
    }
}

/// The bytes of a `"..."` recipe string.
fn unescape(quoted: &str) -> Vec<u8> {
    let s = quoted.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .expect("recipe text in double quotes");
    let mut out = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some('n') => out.push(b'\n'),
            Some('t') => out.push(b'\t'),
            Some('r') => out.push(b'\r'),
            Some('"') => out.push(b'"'),
            Some('\\') => out.push(b'\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(u8::from_str_radix(&hex, 16).expect("\\xHH"));
            }
            other => panic!("unknown escape \\{other:?} in recipe"),
        }
    }
    out
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(
                files_under(&path)
                    .into_iter()
                    .map(|p| Path::new(path.file_name().unwrap()).join(p)),
            );
        } else {
            out.push(PathBuf::from(path.file_name().unwrap()));
        }
    }
    out.sort();
    out
}

/// Runs one case; returns a description of every mismatch.
pub fn run_case(dir: &Path, update: bool) -> Vec<String> {
    let case = parse_cmd(&fs::read_to_string(dir.join("cmd")).unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let cwd = match &case.cwd {
        Some(d) => d.clone(),
        None => {
            copy_inputs(dir, tmp.path());
            if let Ok(recipe) = fs::read_to_string(dir.join("recipe")) {
                if cfg!(not(unix)) && recipe.contains("symlink ") {
                    return Vec::new();
                }
                apply_recipe(&recipe, tmp.path());
            }
            tmp.path().to_path_buf()
        }
    };
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dun"));
    cmd.args(&case.args)
        .current_dir(&cwd)
        .env_remove("DUN_JOURNAL")
        .env_remove("DUN_RULES")
        // `dun send` reads these; a developer's own settings must not change a case.
        .env_remove("DUN_SMTP_HOST")
        .env_remove("DUN_SMTP_PORT")
        .env_remove("DUN_SMTP_SECURITY")
        .env_remove("DUN_SMTP_USER")
        .env_remove("DUN_SMTP_PASSWORD")
        .env_remove("DUN_FAILPOINT")
        .env("NO_COLOR", "1")
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap_or(tmp.path()));
    for (k, v) in &case.env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let mut problems = Vec::new();
    if start.elapsed() > TIME_LIMIT {
        problems.push(format!(
            "took {:.1} s (limit {:?})",
            start.elapsed().as_secs_f64(),
            TIME_LIMIT
        ));
    }
    let actual = [
        ("stdout", String::from_utf8_lossy(&out.stdout).into_owned()),
        ("stderr", String::from_utf8_lossy(&out.stderr).into_owned()),
        ("code", format!("{}\n", out.status.code().unwrap_or(-1))),
    ];
    for (name, got) in actual {
        let path = dir.join(name);
        let want = fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            if update {
                fs::write(&path, &got).unwrap();
            } else {
                problems.push(format!("{name} differs:\n--- expected\n{want}\n--- actual\n{got}"));
            }
        }
    }
    let after = dir.join("after");
    if after.is_dir() {
        for rel in files_under(&after) {
            let got = fs::read_to_string(cwd.join(&rel)).unwrap_or_default();
            let want = fs::read_to_string(after.join(&rel)).unwrap();
            if got != want {
                if update {
                    fs::write(after.join(&rel), &got).unwrap();
                } else {
                    problems.push(format!(
                        "{} after the command:\n--- expected\n{want}\n--- actual\n{got}",
                        rel.display()
                    ));
                }
            }
        }
    }
    problems
}

/// Runs every case under `root` (relative to the crate root) and fails with every mismatch.
pub fn run_all(root: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let update = std::env::var_os("UPDATE").is_some();
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases under {}", root.display());
    // Cases are independent (each runs in its own temp directory), so they run on every core;
    // failures are reported in the cases' order whatever the schedule.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut found: Vec<(usize, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(dir) = dirs.get(i) else { return mine };
                        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
                        mine.extend(
                            run_case(dir, update)
                                .into_iter()
                                .map(|p| (i, format!("case {name}: {p}"))),
                        );
                    }
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    found.sort_by_key(|&(i, _)| i);
    let failures: Vec<String> = found.into_iter().map(|(_, f)| f).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
