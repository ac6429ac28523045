//! Whether the local branch is behind its upstream, from local refs only (no network): a run
//! on a branch that has not pulled a colleague's letters may send the same letter twice.

use git2::Repository;

/// The current branch lags its upstream by `behind` commits (as last fetched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behind {
    /// The local branch, e.g. `main`.
    pub branch: String,
    /// Its upstream, e.g. `origin/main`.
    pub upstream: String,
    /// Commits on the upstream that the branch does not have.
    pub behind: usize,
}

impl std::fmt::Display for Behind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is {} behind `{}`: pull first, or two people may send the same letter",
            self.branch,
            crate::diag::plural(self.behind, "commit", "commits"),
            self.upstream
        )
    }
}

/// The current branch's lag behind its upstream, if it has one and lags.
pub fn behind_upstream(repo: &Repository) -> Option<Behind> {
    let head = repo.head().ok()?;
    if !head.is_branch() {
        return None;
    }
    let branch = git2::Branch::wrap(head);
    let upstream = branch.upstream().ok()?;
    let local = branch.get().target()?;
    let remote = upstream.get().target()?;
    let (_, behind) = repo.graph_ahead_behind(local, remote).ok()?;
    (behind > 0).then(|| Behind {
        branch: branch.name().ok().flatten().unwrap_or("HEAD").to_string(),
        upstream: upstream.name().ok().flatten().unwrap_or("upstream").to_string(),
        behind,
    })
}
