//! A real SMTP server for tests: `tests/data/smtp/server.py` under Python, with
//! `aiosmtpd` when it can be had, else the standard library's `smtpd`.
//!
//! `aiosmtpd` is looked for in the system Python, then in a virtual environment under
//! cargo's test temp dir, created with `python3 -m venv` and `pip install aiosmtpd` on the
//! first run (reused afterwards). Without network, the stdlib fallback still serves plain
//! SMTP (Python up to 3.11); STARTTLS needs `aiosmtpd`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running server; killed when dropped.
pub struct Server {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    /// Where it writes what it receives.
    pub out: tempfile::TempDir,
    /// `aiosmtpd` or `smtpd`.
    pub kind: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Python that can import aiosmtpd, if one can be found or made.
fn python_with_aiosmtpd() -> Option<PathBuf> {
    let imports = |py: &Path| {
        Command::new(py)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let system = PathBuf::from("python3");
    if imports(&system) {
        return Some(system);
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("aiosmtpd-venv");
    let py = venv.join("bin/python3");
    if !imports(&py) {
        let quiet = |c: &mut Command| c.stdout(Stdio::null()).stderr(Stdio::null()).status();
        quiet(Command::new("python3").args(["-m", "venv"]).arg(&venv)).ok()?;
        quiet(Command::new(&py).args(["-m", "pip", "install", "-q", "aiosmtpd"])).ok()?;
    }
    imports(&py).then_some(py)
}

/// A free port on 127.0.0.1 (free when asked; the server binds it right after).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// Starts a server; with `tls = Some((cert, key))` it requires STARTTLS. `None` if it
/// could not start in the way asked (e.g. STARTTLS without aiosmtpd).
pub fn start(tls: Option<(&Path, &Path)>) -> Option<Server> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/smtp/server.py");
    let python = python_with_aiosmtpd().unwrap_or_else(|| PathBuf::from("python3"));
    let out = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let mut cmd = Command::new(python);
    cmd.arg(&script).arg(out.path()).arg(port.to_string());
    if let Some((cert, key)) = tls {
        cmd.arg(cert).arg(key);
    }
    // The server's own log (e.g. the failed handshakes a test provokes) goes to a file.
    let log = std::fs::File::create(out.path().join("server.log")).ok()?;
    let mut child = cmd.stdout(Stdio::piped()).stderr(log).spawn().ok()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take()?).read_line(&mut line).ok()?;
    let kind = line.trim().strip_prefix("READY ").map(str::to_string);
    let server = Server {
        child,
        port,
        out,
        kind: kind.clone().unwrap_or_default(),
    };
    kind.map(|_| server)
}

impl Server {
    /// Every message received so far: (envelope lines, message bytes with LF line ends).
    pub fn received(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for n in 1.. {
            let eml = self.out.path().join(format!("{n}.eml"));
            let Ok(bytes) = std::fs::read(&eml) else { break };
            let env = std::fs::read_to_string(self.out.path().join(format!("{n}.env"))).unwrap_or_default();
            out.push((env, String::from_utf8_lossy(&bytes).replace("\r\n", "\n")));
        }
        out
    }
}
