//! `dun init` makes a real git repo whose first commit holds files that pass `dun check`.

use crate::common::dun;
use std::process::Command;

#[test]
fn init_commits_files_that_check_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dun(tmp.path(), &["init", "shop"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let repo = git2::Repository::open(tmp.path().join("shop")).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.author().name().ok(), Some("Test"));
    let tree = head.tree().unwrap();
    for path in [
        "journal.dun",
        "rules.dun",
        "templates/README.md",
        ".gitignore",
        ".gitattributes",
    ] {
        assert!(
            tree.get_path(std::path::Path::new(path)).is_ok(),
            "{path} not committed"
        );
    }
    let check = dun(&tmp.path().join("shop"), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let fmt = dun(&tmp.path().join("shop"), &["fmt", "--check"]);
    assert!(fmt.status.success(), "{}", String::from_utf8_lossy(&fmt.stderr));
}

#[test]
fn init_gitattributes_union_merge_journals_only() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(dun(tmp.path(), &["init", "shop"]).status.success());
    let repo = git2::Repository::open(tmp.path().join("shop")).unwrap();
    let attr = |path: &str, name: &str| {
        let flags = git2::AttrCheckFlags::FILE_THEN_INDEX;
        let value = repo.get_attr(std::path::Path::new(path), name, flags).unwrap();
        format!("{:?}", git2::AttrValue::from_string(value))
    };
    assert_eq!(attr("journal.dun", "merge"), "String(\"union\")");
    assert_eq!(attr("2026/sales.dun", "merge"), "String(\"union\")");
    assert_eq!(attr("rules.dun", "merge"), "Unspecified");
    assert_eq!(attr("letters/a.pdf", "diff"), "False");
}

#[test]
fn init_rules_give_a_belgian_consumer_belgian_rules() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(dun(tmp.path(), &["init", "shop"]).status.success());
    let shop = tmp.path().join("shop");
    let mut journal = std::fs::read_to_string(shop.join("journal.dun")).unwrap();
    journal.push_str(
        "\ncustomer peeters \"Jan Peeters\"\n  kind: consumer\n  country: BE\n\n2026-01-05 invoice 2026-002 peeters 242.00 EUR\n",
    );
    std::fs::write(shop.join("journal.dun"), journal).unwrap();
    let check = dun(&shop, &["check", "--strict", "--date", "2026-01-10"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!stderr.contains("W064") && !stderr.contains("E056"), "{stderr}");
    let status = dun(&shop, &["status", "--format", "json", "--date", "2026-03-10"]);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let peeters = json["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["customer"] == "peeters")
        .unwrap();
    assert_eq!(peeters["next_stage"], "reminder");
    let explain = dun(&shop, &["explain", "2026-002", "--date", "2026-03-10"]);
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(text.contains("be-consumer"), "{text}");
}

#[test]
fn init_without_identity_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dun"))
        .args(["init", "shop"])
        .current_dir(tmp.path())
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("shop").exists());
}

#[test]
fn init_rules_write_belgian_letters_under_belgian_law() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(dun(tmp.path(), &["init", "shop"]).status.success());
    let shop = tmp.path().join("shop");
    let mut journal = std::fs::read_to_string(shop.join("journal.dun")).unwrap();
    journal.push_str(concat!(
        "\ncustomer peeters \"Jan Peeters\"\n  kind: consumer\n  country: BE\n",
        "\ncustomer gent \"Brouwhuis Gent BV\"\n  kind: business\n  country: BE\n",
        "\n2026-01-05 invoice B-1 peeters 242.00 EUR\n",
        "2026-01-05 invoice B-2 gent 1000.00 EUR\n",
    ));
    std::fs::write(shop.join("journal.dun"), journal).unwrap();
    let flags = ["--format", "txt", "--no-commit", "--allow-dirty"];
    for date in ["2026-02-10", "2026-02-20", "2026-02-27", "2026-03-10", "2026-03-13"] {
        let mut args = vec!["run", "--date", date];
        args.extend(flags);
        let out = dun(&shop, &args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        if date == "2026-02-20" {
            dun(&shop, &["done", "gent", "call", "--date", date, "--no-commit"]);
        }
    }
    let read = |name: &str| std::fs::read_to_string(shop.join("letters").join(name)).unwrap();
    let consumer = read("2026-03-10/peeters-notice.txt");
    assert!(consumer.contains("XIX"), "{consumer}");
    let business = read("2026-03-13/gent-notice.txt");
    assert!(business.contains("2 augustus 2002"), "{business}");
    for letter in [&consumer, &business] {
        assert!(
            !letter.contains("Burgerlijk Wetboek") && !letter.contains("incassokosten verschuldigd"),
            "{letter}"
        );
    }
}
