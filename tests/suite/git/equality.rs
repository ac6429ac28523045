//! Done-when: 20 commits of a growing journal; `status --at` each commit equals `status`
//! run on a checkout of that commit (made with git2 into a temp dir).

use git2::build::CheckoutBuilder;

use super::harness::{run, Repo, RULES};

/// The journal text added by commit `i` (an invoice every commit, and payments, stages,
/// holds and an included file along the way); rules change at commit 12.
fn step(r: &Repo, i: usize) {
    let day = |d: usize| format!("2026-{:02}-{:02}", 1 + d / 28, 1 + d % 28);
    let mut add = format!("\n{} invoice INV-{i:02} acme {}.00 EUR\n", day(i * 3), 100 + i * 10);
    match i % 5 {
        1 => add += &format!("\n{} payment acme {}.00 EUR\n", day(i * 3 + 2), 50 + i),
        2 => add += &format!("\n{} dispute INV-{:02} \"quality\"\n", day(i * 3 + 1), i - 1),
        3 => add += &format!("\n{} sent acme reminder INV-{:02}\n", day(i * 3 + 2), i - 2),
        4 => add += &format!("\n{} resolved INV-{:02}\n", day(i * 3 + 2), i - 3),
        _ => {}
    }
    if i == 7 {
        r.write("journal.dun", &(r.read("journal.dun") + "include \"extra/*.dun\"\n"));
        r.write("extra/big.dun", "2026-01-02 invoice BIG-1 acme 5000.00 EUR\n");
    }
    if i == 12 {
        r.write("rules.dun", &RULES.replace("after 3d ", "after 5d "));
    }
    r.append("journal.dun", &add);
    r.commit(&format!("step {i}"));
}

#[test]
fn status_at_each_of_20_commits_equals_status_on_its_checkout() {
    let r = Repo::new();
    r.write("rules.dun", RULES);
    r.write(
        "journal.dun",
        "customer acme \"ACME B.V.\"\n  kind: business\n  language: en\n",
    );
    let mut commits = vec![r.commit("customer")];
    for i in 1..20 {
        step(&r, i);
        commits.push(r.head());
    }
    assert_eq!(commits.len(), 20);
    for (n, id) in commits.iter().enumerate() {
        let checkout = tempfile::tempdir().unwrap();
        let commit = r.repo.find_commit(*id).unwrap();
        r.repo
            .checkout_tree(
                commit.as_object(),
                Some(CheckoutBuilder::new().force().target_dir(checkout.path())),
            )
            .unwrap();
        for date in ["2026-02-15", "2026-06-30"] {
            for format in ["json", "table"] {
                let args = ["status", "--all", "--format", format, "--date", date];
                let there = run(checkout.path(), r.home.path(), &args, true);
                let rev = id.to_string();
                let mut at_args = args.to_vec();
                at_args.extend(["--at", &rev]);
                let here = r.dun(&at_args);
                assert_eq!(
                    (here.code, &here.stdout, &here.stderr),
                    (there.code, &there.stdout, &there.stderr),
                    "commit {n} ({id}) as of {date}, {format}"
                );
                assert_eq!(here.code, 0, "commit {n}: {here:?}");
            }
        }
    }
}
