//! Temp git repos built with `git2` (own identity, fixed clock; never the user's config)
//! and the `dun` binary run inside them with its own HOME.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature, Time};

/// Rules with a business ladder (reminder, call, second, notice, handover).
pub const RULES: &str = include_str!("../../../assets/init/rules.dun");

/// A customer and one invoice, due 2026-02-04.
pub const JOURNAL: &str = "customer acme \"ACME B.V.\"\n  kind: business\n  language: en\n\n\
2026-01-05 invoice INV-1 acme 1000.00 EUR\n  terms: 30d\n";

/// A repository in a temp dir, and a HOME for the binary.
pub struct Repo {
    /// The work tree (kept alive for the test).
    pub dir: tempfile::TempDir,
    /// HOME for the binary: empty, so no user git config is read.
    pub home: tempfile::TempDir,
    /// The repository.
    pub repo: Repository,
    /// Seconds of the next commit's time.
    clock: std::cell::Cell<i64>,
}

impl Repo {
    /// An empty repository whose first branch is `main`.
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &opts).unwrap();
        Repo {
            dir,
            home: tempfile::tempdir().unwrap(),
            repo,
            clock: std::cell::Cell::new(1_767_225_600), // 2026-01-01
        }
    }

    /// A repository with rules and the one-invoice journal committed.
    pub fn with_journal() -> Repo {
        let r = Repo::new();
        r.write("rules.dun", RULES);
        r.write("journal.dun", JOURNAL);
        r.commit("first invoice");
        r
    }

    /// The work tree's root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the work tree.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Appends to a file of the work tree.
    pub fn append(&self, rel: &str, text: &str) {
        let old = std::fs::read_to_string(self.path().join(rel)).unwrap_or_default();
        self.write(rel, &(old + text));
    }

    /// Reads a file of the work tree.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// Commits every change of the work tree (deletions too) as "Ann", one hour after the last.
    pub fn commit(&self, message: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        self.commit_tree(&tree, message, &self.head_commits())
    }

    /// Commits `tree` with the given parents, moving HEAD.
    pub fn commit_tree(&self, tree: &git2::Tree<'_>, message: &str, parents: &[git2::Commit<'_>]) -> Oid {
        let sig = self.signature("Ann", "ann@example.com");
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, tree, &parents)
            .unwrap()
    }

    /// A signature at the next tick of the test clock.
    pub fn signature(&self, name: &str, email: &str) -> Signature<'static> {
        let t = self.clock.get() + 3600;
        self.clock.set(t);
        Signature::new(name, email, &Time::new(t, 0)).unwrap()
    }

    fn head_commits(&self) -> Vec<git2::Commit<'_>> {
        self.repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect()
    }

    /// HEAD's commit id.
    pub fn head(&self) -> Oid {
        self.repo.head().unwrap().target().unwrap()
    }

    /// The text of `path` in HEAD's tree.
    pub fn at_head(&self, path: &str) -> Option<String> {
        let tree = self.repo.head().ok()?.peel_to_tree().ok()?;
        let blob = tree
            .get_path(Path::new(path))
            .ok()?
            .to_object(&self.repo)
            .ok()?
            .peel_to_blob()
            .ok()?;
        Some(String::from_utf8_lossy(blob.content()).into_owned())
    }

    /// True if `git status` would show nothing.
    pub fn is_clean(&self) -> bool {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).recurse_untracked_dirs(true);
        self.repo.statuses(Some(&mut opts)).unwrap().is_empty()
    }

    /// Runs `dun` at the work tree's root.
    pub fn dun(&self, args: &[&str]) -> Out {
        self.dun_in(self.path(), args)
    }

    /// Runs `dun` in `dir`.
    pub fn dun_in(&self, dir: &Path, args: &[&str]) -> Out {
        run(dir, self.home.path(), args, true)
    }
}

/// A finished run of the binary.
pub struct Out {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl From<Output> for Out {
    fn from(o: Output) -> Out {
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `dun` in `dir` with HOME `home`, no system git config, and (if `identity`) an author
/// from the environment; the search for a repository stops above `dir`'s temp root.
pub fn run(dir: &Path, home: &Path, args: &[&str], identity: bool) -> Out {
    let mut cmd = command(dir, home, args, &[]);
    if !identity {
        cmd.env_remove("GIT_AUTHOR_NAME").env_remove("GIT_AUTHOR_EMAIL");
    }
    cmd.output().unwrap().into()
}

/// [`run`] with an author and extra environment variables.
pub fn run_env(dir: &Path, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    command(dir, home, args, env).output().unwrap().into()
}

/// The command [`run`] runs, with an author and extra environment variables, to spawn.
pub fn command(dir: &Path, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dun"));
    cmd.args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", ceiling(dir))
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "Runner")
        .env("GIT_AUTHOR_EMAIL", "runner@example.com")
        .env_remove("DUN_JOURNAL")
        .env_remove("DUN_RULES")
        .env_remove("DUN_FAILPOINT")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd.envs(env.iter().copied());
    cmd
}

/// The system temp directory: no repository above a test's temp dir counts.
fn ceiling(dir: &Path) -> PathBuf {
    let tmp = std::env::temp_dir();
    let tmp = std::fs::canonicalize(&tmp).unwrap_or(tmp);
    if dir.starts_with(&tmp) || std::fs::canonicalize(dir).is_ok_and(|d| d.starts_with(&tmp)) {
        tmp
    } else {
        dir.parent().unwrap_or(dir).to_path_buf()
    }
}

/// The `number` of every invoice in `status --format json` output.
pub fn numbers(status_json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(status_json).unwrap();
    let mut out: Vec<String> = v["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

impl Repo {
    /// A commit on branch `branch` whose parent is `base`, with `files` written into its tree
    /// (the work tree and HEAD are not touched).
    pub fn side_commit(&self, branch: &str, base: Oid, files: &[(&str, &str)], message: &str) -> Oid {
        let parent = self.repo.find_commit(base).unwrap();
        let mut index = git2::Index::new().unwrap();
        index.read_tree(&parent.tree().unwrap()).unwrap();
        for (path, text) in files {
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: text.len() as u32,
                id: self.repo.blob(text.as_bytes()).unwrap(),
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        let tree = self.repo.find_tree(index.write_tree_to(&self.repo).unwrap()).unwrap();
        let sig = self.signature("Bob", "bob@example.com");
        let refname = format!("refs/heads/{branch}");
        self.repo
            .commit(Some(&refname), &sig, &sig, message, &tree, &[&parent])
            .unwrap()
    }

    /// Merges commit `theirs` into HEAD as git would (honouring `.gitattributes` merge
    /// drivers), commits and checks out the result. Returns the number of conflicted files
    /// instead when there are conflicts (nothing is committed then).
    pub fn merge(&self, theirs: Oid) -> Result<Oid, usize> {
        let ours = self.repo.head().unwrap().peel_to_commit().unwrap();
        let theirs = self.repo.find_commit(theirs).unwrap();
        let mut index = self.repo.merge_commits(&ours, &theirs, None).unwrap();
        if index.has_conflicts() {
            return Err(index.conflicts().unwrap().count());
        }
        let tree = self.repo.find_tree(index.write_tree_to(&self.repo).unwrap()).unwrap();
        let id = self.commit_tree(&tree, "merge", &[ours, theirs]);
        self.repo
            .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
            .unwrap();
        Ok(id)
    }
}
