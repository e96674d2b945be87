//! The shell completions in docs/completions and the man pages in docs/man are generated from
//! the clap definitions and committed, so that packagers and users get them without building.
//! They must equal what this build of `crossover completions` and `crossover man` writes: a
//! flag added without regenerating fails here. To regenerate:
//!
//!     cargo test --test it shell_docs -- --ignored regenerate_shell_docs

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crossover::cli::CompletionShell;
use crossover::commands::shell_docs;

const SHELLS: [(CompletionShell, &str); 4] = [
    (CompletionShell::Bash, "bash"),
    (CompletionShell::Zsh, "zsh"),
    (CompletionShell::Fish, "fish"),
    (CompletionShell::Powershell, "powershell"),
];

const REGENERATE: &str = "cargo test --test it shell_docs -- --ignored regenerate_shell_docs";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn crossover(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_crossover"))
        .args(args)
        .output()
        .expect("crossover runs");
    assert!(
        out.status.success(),
        "crossover {args:?} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// What the binary writes now, by path under the repository: one completion script per shell
/// and every man page.
fn fresh() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for (shell, name) in SHELLS {
        files.insert(
            format!(
                "docs/completions/{}",
                shell_docs::completion_file_name(shell)
            ),
            crossover(&["completions", name]),
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    crossover(&["man", "--output-dir", tmp.path().to_str().unwrap()]);
    for (name, text) in read_dir(tmp.path()) {
        files.insert(format!("docs/man/{name}"), text);
    }
    files
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    files
}

/// The committed files, by path under the repository.
fn committed() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for dir in ["docs/completions", "docs/man"] {
        for (name, text) in read_dir(&root().join(dir)) {
            files.insert(format!("{dir}/{name}"), text);
        }
    }
    files
}

#[test]
fn committed_completions_and_man_pages_match_the_flags() {
    let fresh = fresh();
    let committed = committed();
    let stale: Vec<&String> = fresh
        .iter()
        .filter(|(path, text)| committed.get(*path) != Some(text))
        .map(|(path, _)| path)
        .collect();
    let orphaned: Vec<&String> = committed
        .keys()
        .filter(|path| !fresh.contains_key(*path))
        .collect();
    assert!(
        stale.is_empty() && orphaned.is_empty(),
        "generated files are out of step with the clap definitions: missing or different \
         {stale:?}, no longer generated {orphaned:?}; regenerate with `{REGENERATE}`"
    );
    // Every visible subcommand has its page, nested ones included.
    for page in [
        "crossover.1",
        "crossover-scan.1",
        "crossover-prices-refresh.1",
        "crossover-completions.1",
    ] {
        assert!(fresh.contains_key(&format!("docs/man/{page}")), "{page}");
    }
    assert!(
        !fresh.contains_key("docs/man/crossover-man.1"),
        "the hidden man command"
    );
}

#[test]
fn the_check_fails_when_a_flag_is_added_without_regenerating() {
    let committed = committed();
    let with_new_flag = || {
        shell_docs::command().mut_subcommand("scan", |scan| {
            scan.arg(
                clap::Arg::new("brand-new-flag")
                    .long("brand-new-flag")
                    .help("A flag nobody regenerated the docs for")
                    .action(clap::ArgAction::SetTrue),
            )
        })
    };
    // Unchanged definitions reproduce the committed files from the library too...
    for (shell, _) in SHELLS {
        let path = format!(
            "docs/completions/{}",
            shell_docs::completion_file_name(shell)
        );
        assert_eq!(
            committed.get(&path),
            Some(&shell_docs::completion_script(shell_docs::command(), shell)),
            "{path}; regenerate with `{REGENERATE}`"
        );
        // ...and one flag more makes every script differ, naming the flag.
        let changed = shell_docs::completion_script(with_new_flag(), shell);
        assert_ne!(committed.get(&path), Some(&changed), "{path}");
        assert!(changed.contains("brand-new-flag"), "{path}");
    }
    let pages: BTreeMap<String, String> =
        shell_docs::man_pages(with_new_flag()).into_iter().collect();
    let scan = &pages["crossover-scan.1"];
    assert!(scan.contains("brand\\-new\\-flag"), "{scan}");
    assert_ne!(committed.get("docs/man/crossover-scan.1"), Some(scan));
    // Only the scan page changes: pages are compared one by one.
    assert_eq!(
        committed.get("docs/man/crossover-report.1"),
        pages.get("crossover-report.1")
    );
}

#[test]
fn completions_know_the_subcommands_and_their_flags() {
    let bash = crossover(&["completions", "bash"]);
    for word in ["scan", "--fail-on-savings", "--output-dir", "refresh"] {
        assert!(bash.contains(word), "{word} missing from the bash script");
    }
    // The hidden man command is not offered.
    assert!(!bash.contains("crossover__man"), "{bash}");
    let fish = crossover(&["completions", "fish"]);
    assert!(fish.contains("complete -c crossover"), "{fish}");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_crossover"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("tcsh") && err.contains("powershell"), "{err}");
}

#[test]
fn version_names_the_price_books_date() {
    let book = crossover::pricing::PriceBook::embedded();
    let expected = format!(
        "crossover {} (price book as of {})\n",
        env!("CARGO_PKG_VERSION"),
        book.as_of()
    );
    assert_eq!(crossover(&["--version"]), expected);
    assert_eq!(crossover(&["-V"]), expected);
    assert_eq!(book.as_of().len(), "2026-11-01".len(), "{}", book.as_of());
}

#[test]
#[ignore = "writes docs/completions and docs/man; run on purpose after changing the flags"]
fn regenerate_shell_docs() {
    let fresh = fresh();
    for dir in ["docs/completions", "docs/man"] {
        let dir = root().join(dir);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (path, text) in fresh {
        std::fs::write(root().join(path), text).unwrap();
    }
}
