//! `dun lsp` driven over stdio as an editor drives it, and the shell integration
//! (`dun completions`, dynamic completion, `dun man`). Data: tests/data/lsp/.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lsp");

/// A copy of the test project in a temporary directory.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["journal.dun", "more.dun", "rules.dun"] {
        std::fs::copy(Path::new(DATA).join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

/// An editor, as far as the protocol goes.
struct Editor {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications received while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
}

impl Editor {
    fn start(dir: &Path) -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dun"))
            .args(["--date", "2026-03-01", "lsp"])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(msg) = read_message(&mut stdout) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Editor {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (panics on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.next();
            if msg["id"] == json!(id) {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.backlog.push(msg);
        }
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next diagnostics published for `uri` that satisfy `want`.
    fn diagnostics(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && want(m["params"]["diagnostics"].as_array().unwrap())
        };
        if let Some(i) = self.backlog.iter().position(matches) {
            let m = self.backlog.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.next();
            if matches(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.backlog.push(m);
        }
    }

    fn initialize(&mut self, encodings: Option<&[&str]>) -> Value {
        let capabilities = match encodings {
            Some(e) => json!({"general": {"positionEncodings": e}}),
            None => json!({}),
        };
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, path: &Path, text: &str) {
        let params = json!({"textDocument": {"uri": uri(path), "languageId": "dun", "version": 1, "text": text}});
        self.notify("textDocument/didOpen", params);
    }

    fn at(&mut self, method: &str, path: &Path, line: u32, character: u32) -> Value {
        let params = json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}});
        self.request(method, params)
    }

    fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "dun lsp exits 0 after shutdown and exit: {status}");
                return;
            }
            assert!(Instant::now() < deadline, "dun lsp did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// One `Content-Length` framed message.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The line and the UTF-16 and UTF-8 columns of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> (u32, u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u32;
    let before = &text[line_start..at];
    (line, before.encode_utf16().count() as u32, before.len() as u32)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The labels of a completion answer, in the order given.
fn labels(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

const BROKEN_TYPO: &str = "2026-01-05 invoice A-1 acmee 1210.00 EUR";
const BROKEN_TAIL: &str = "2026-01-12 note zoe \"Zoë 🍰 called\" zzz";

fn broken(original: &str) -> String {
    original
        .replace("2026-01-05 invoice A-1 acme 1210.00 EUR", BROKEN_TYPO)
        .replace("2026-01-12 note zoe \"Zoë 🍰 called\"", BROKEN_TAIL)
}

#[test]
fn an_editor_session() {
    let dir = project();
    let journal = dir.path().join("journal.dun");
    let more = dir.path().join("more.dun");
    let original = std::fs::read_to_string(&journal).unwrap();
    let mut ed = Editor::start(dir.path());
    let init = ed.initialize(None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "dun");

    // Open with a typo in a customer id and a word after a non-ASCII string: both are
    // underlined, and the invoice the typo drops is missed in the other file too.
    let text = broken(&original);
    ed.open(&journal, &text);
    let diags = ed.diagnostics(&uri(&journal), |d| d.len() == 2);
    assert_eq!(codes(&diags), ["E032", "E023"]);
    let (line, col16, _) = find(&text, "acmee");
    assert_eq!(diags[0]["range"]["start"], json!({"line": line, "character": col16}));
    assert_eq!(diags[0]["range"]["end"], json!({"line": line, "character": col16 + 5}));
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.starts_with("unknown customer `acmee`"), "{message}");
    assert!(message.contains("help: did you mean `acme`?"), "{message}");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["source"], "dun");
    let (line, col16, col8) = find(&text, "zzz");
    assert_ne!(col16, col8, "the line has characters that differ in UTF-8 and UTF-16");
    assert_eq!(diags[1]["range"]["start"], json!({"line": line, "character": col16}));
    let elsewhere = ed.diagnostics(&uri(&more), |d| !d.is_empty());
    assert_eq!(codes(&elsewhere), ["E033"]);

    // Fix both with incremental edits, the last one first (positions stay valid).
    let changes: Vec<Value> = ["zzz", "acmee"]
        .iter()
        .map(|word| {
            let (line, col, _) = find(&text, word);
            let (start, end, new) = match *word {
                "zzz" => (col - 1, col + 3, ""),
                _ => (col, col + 5, "acme"),
            };
            json!({"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}, "text": new})
        })
        .collect();
    let sent = Instant::now();
    let params = json!({"textDocument": {"uri": uri(&journal), "version": 2}, "contentChanges": changes});
    ed.notify("textDocument/didChange", params);
    assert!(ed.diagnostics(&uri(&journal), <[Value]>::is_empty).is_empty());
    let latency = sent.elapsed();
    assert!(ed.diagnostics(&uri(&more), <[Value]>::is_empty).is_empty());
    eprintln!("diagnostics {:.1} ms after the change", latency.as_secs_f64() * 1e3);

    // Hover: an invoice's state, a customer's totals, a stage's rules line.
    let (line, col, _) = find(&original, "A-1 acme");
    let hover = ed.at("textDocument/hover", &journal, line, col + 1);
    let shown = hover["contents"]["value"].as_str().unwrap();
    for part in [
        "**Invoice A-1** · acme (ACME B.V.) · 1210.00 EUR, due 2026-02-04",
        "state: open, 25 days overdue",
        "total 1210.00",
        "stage `reminder` (sent 2026-02-20)",
        "next stage `second` is due on 2026-02-27",
    ] {
        assert!(shown.contains(part), "hover shows `{part}`:\n{shown}");
    }
    assert_eq!(hover["range"]["start"], json!({"line": line, "character": col}));
    let (line, col, _) = find(&original, "zoe 100.00");
    let shown = ed.at("textDocument/hover", &journal, line, col)["contents"]["value"].clone();
    let shown = shown.as_str().unwrap();
    assert!(
        shown.contains("**zoe** · Zoë's Café 🍰 · business, policy `business`"),
        "{shown}"
    );
    assert!(
        shown.contains("open 100.00 EUR, overdue 100.00 EUR · 1 open invoice"),
        "{shown}"
    );
    let more_text = std::fs::read_to_string(&more).unwrap();
    ed.open(&more, &more_text);
    let (line, col, _) = find(&more_text, "reminder");
    let shown = ed.at("textDocument/hover", &more, line, col)["contents"]["value"].clone();
    let shown = shown.as_str().unwrap();
    assert!(
        shown.contains("**stage `reminder`** · policy `business` · rules.dun:11"),
        "{shown}"
    );
    assert!(
        shown.contains("stage reminder  after 3d            template reminder"),
        "{shown}"
    );

    // Go to definition: customer, invoice (in another file), stage, include.
    let (line, col, _) = find(&original, "zoe 100.00");
    let found = ed.at("textDocument/definition", &journal, line, col + 1);
    let (decl, decl_col, _) = find(&original, "zoe \"Zoë");
    assert_eq!(
        found,
        json!([{"uri": uri(&journal), "range": {"start": {"line": decl, "character": decl_col}, "end": {"line": decl, "character": decl_col + 3}}}])
    );
    let (line, col, _) = find(&more_text, "A-1");
    let found = ed.at("textDocument/definition", &more, line, col);
    let (decl, decl_col, _) = find(&original, "A-1 acme");
    assert_eq!(found[0]["uri"], uri(&journal));
    assert_eq!(found[0]["range"]["start"], json!({"line": decl, "character": decl_col}));
    let (line, col, _) = find(&more_text, "reminder");
    let found = ed.at("textDocument/definition", &more, line, col + 2);
    assert_eq!(found[0]["uri"], uri(&dir.path().join("rules.dun")));
    assert_eq!(found[0]["range"]["start"], json!({"line": 10, "character": 8}));
    let (line, col, _) = find(&original, "more.dun");
    let found = ed.at("textDocument/definition", &journal, line, col);
    assert_eq!(found[0]["uri"], uri(&more));

    // Completion, on lines being typed.
    let typed = format!(
        "{original}\n2026-03-01 \n2026-03-01 dispute \n2026-03-01 sent acme \n2026-03-01 payment \n2026-03-01 invoice B-1 acme 5.00 EUR\n  \n"
    );
    let params = json!({"textDocument": {"uri": uri(&journal), "version": 3}, "contentChanges": [{"text": typed}]});
    ed.notify("textDocument/didChange", params);
    let base = original.matches('\n').count() as u32 + 1;
    let complete = |ed: &mut Editor, line: u32, character: u32| {
        labels(&ed.at("textDocument/completion", &journal, line, character))
    };
    let kinds = complete(&mut ed, base, 11);
    assert_eq!(kinds[..4], ["invoice", "payment", "credit", "dispute"]);
    assert_eq!(kinds.len(), 15);
    assert_eq!(
        complete(&mut ed, base + 1, 19),
        ["A-1", "Z-1", "A-2"],
        "open invoices, oldest due first"
    );
    assert_eq!(complete(&mut ed, base + 2, 21), ["reminder", "second"]);
    assert_eq!(complete(&mut ed, base + 3, 19), ["zoe", "acme"]);
    assert_eq!(complete(&mut ed, base + 5, 2), ["due", "terms", "ref", "memo"]);
    let item = &ed.at("textDocument/completion", &journal, base + 5, 2)["items"][0];
    assert_eq!(item["textEdit"]["newText"], "due: ");

    // The outline and formatting of the buffer.
    let symbols = ed.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&more)}}),
    );
    assert_eq!(symbols[0]["name"], "A-2");
    let edits = ed.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri(&more)}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, Value::Null, "more.dun is in the canonical layout already");
    ed.stop();
}

#[test]
fn utf8_columns_when_the_editor_offers_them() {
    let dir = project();
    let journal = dir.path().join("journal.dun");
    let text = broken(&std::fs::read_to_string(&journal).unwrap());
    let mut ed = Editor::start(dir.path());
    let init = ed.initialize(Some(&["utf-16", "utf-8"]));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    ed.open(&journal, &text);
    let diags = ed.diagnostics(&uri(&journal), |d| d.len() == 2);
    let (line, _, col8) = find(&text, "zzz");
    assert_eq!(diags[1]["range"]["start"], json!({"line": line, "character": col8}));
    // A hover after the non-ASCII name, in bytes.
    let (line, _, col8) = find(&text, "zoe \"Zoë");
    let shown = ed.at("textDocument/hover", &journal, line, col8 + 1);
    assert!(shown["contents"]["value"].as_str().unwrap().contains("**zoe**"));
    ed.stop();
}

#[test]
fn a_file_outside_any_journal_is_checked_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let lone = dir.path().join("scratch.dun");
    let mut ed = Editor::start(dir.path());
    ed.initialize(None);
    ed.open(&lone, "2026-01-05 invoice A-1 nobody 10.00 EUR\n");
    let diags = ed.diagnostics(&uri(&lone), |d| !d.is_empty());
    assert_eq!(codes(&diags), ["E032"]);
    ed.stop();
}

#[test]
fn a_file_changed_on_disk_is_read_again_when_the_editor_says_so() {
    let dir = project();
    let journal = dir.path().join("journal.dun");
    let more = dir.path().join("more.dun");
    let mut ed = Editor::start(dir.path());
    ed.initialize(None);
    ed.open(&journal, &std::fs::read_to_string(&journal).unwrap());
    assert!(ed.diagnostics(&uri(&journal), <[Value]>::is_empty).is_empty());
    std::fs::write(&more, "2026-02-10 invoice A-2 nobody 500.00 EUR\n").unwrap();
    let change = json!({"changes": [{"uri": uri(&more), "type": 2}]});
    ed.notify("workspace/didChangeWatchedFiles", change);
    assert_eq!(codes(&ed.diagnostics(&uri(&more), |d| !d.is_empty())), ["E032"]);
    ed.stop();
}

fn dun(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dun"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("DUN_JOURNAL")
        .env_remove("DUN_RULES");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn completion_scripts_for_every_shell() {
    let dir = project();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (ok, script) = dun(dir.path(), &["completions", shell], &[]);
        assert!(ok, "{shell}");
        assert!(script.contains("DUN_COMPLETE"), "{shell} calls dun back:\n{script}");
    }
    let (ok, _) = dun(dir.path(), &["completions", "tcsh"], &[]);
    assert!(!ok);
}

/// The candidates fish is given for the command line `line` (fish's protocol is the plainest).
fn candidates(dir: &Path, line: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "dun"];
    args.extend(line);
    let (ok, out) = dun(dir, &args, &[("DUN_COMPLETE", "fish")]);
    assert!(ok);
    // Options are offered too when nothing is typed yet; the names are what is tested here.
    out.lines()
        .filter(|l| !l.starts_with('-'))
        .map(str::to_string)
        .collect()
}

#[test]
fn dynamic_completion_offers_the_journals_names() {
    let dir = project();
    let golden = [
        (
            vec!["explain", ""],
            vec!["A-1\tacme 1210.00 EUR", "Z-1\tzoe 100.00 EUR", "A-2\tacme 500.00 EUR"],
        ),
        (
            vec!["status", "--customer", ""],
            vec!["zoe\tZoë's Café 🍰", "acme\tACME B.V."],
        ),
        (vec!["done", "acme", ""], vec!["reminder", "second"]),
        (vec!["log", "z"], vec!["zoe\tZoë's Café 🍰"]),
    ];
    for (line, want) in golden {
        assert_eq!(candidates(dir.path(), &line), want, "{line:?}");
    }
    // A journal named on the line is the one read.
    let other = tempfile::tempdir().unwrap();
    let j = dir.path().join("journal.dun");
    let named = candidates(other.path(), &["-f", j.to_str().unwrap(), "explain", "Z"]);
    assert_eq!(named, ["Z-1\tzoe 100.00 EUR"]);
    // Without a journal there is nothing to offer, and nothing fails.
    assert!(candidates(other.path(), &["explain", ""]).is_empty());
}

#[test]
fn the_man_page_lists_every_command_and_renders() {
    let dir = project();
    let (ok, page) = dun(dir.path(), &["man"], &[]);
    assert!(ok);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80.min(page.len())]
    );
    for cmd in ["check", "status", "explain", "lsp", "completions", "man"] {
        assert!(page.contains(&format!("\\fBdun {cmd}")), "the page lists `{cmd}`");
    }
    let path: PathBuf = dir.path().join("dun.1");
    std::fs::write(&path, &page).unwrap();
    let man = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output();
    let Ok(out) = man else {
        eprintln!("skipped: no `man` on this machine");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() && text.is_empty() {
        eprintln!(
            "skipped: `man -l` is not usable here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    assert!(text.contains("dun explain"), "{text}");
    assert!(text.contains("EXIT STATUS"), "{text}");
}
