//! docs/cli-and-report.md is the interface users' scripts depend on. It stays true: every flag
//! it lists is accepted by the command it lists it for, every exit code it names is one the
//! program documents in its help, and the project's copy agrees with the contract the project
//! was given (`../shared/contract/cli-and-report.md`, beside the checkout where it exists).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn contract() -> String {
    std::fs::read_to_string(root().join("docs/cli-and-report.md")).unwrap()
}

/// `crossover COMMAND --help`, or `None` when there is no such command.
fn help(command: &[&str]) -> Option<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_crossover"))
        .args(command)
        .arg("--help")
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap())
}

fn flags(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(str::to_owned)
        .collect()
}

/// The commands each flag of the contract's "Commands" block belongs to: a `crossover CMD`
/// line's own flags, COMMON's for scan and collect, "scan/report only" for both (or scan alone
/// where the line says so).
fn flags_by_command(text: &str) -> BTreeMap<String, Vec<String>> {
    let block = text
        .split("## Commands")
        .nth(1)
        .and_then(|s| s.split("```").nth(1))
        .expect("the contract has a Commands block");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut section: Vec<&str> = Vec::new();
    let mut current: Option<String> = None;
    for line in block.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("crossover ") {
            let name = rest.split_whitespace().next().unwrap().to_owned();
            current = Some(name.clone());
            section.clear();
            out.entry(name.clone()).or_default().extend(flags(rest));
            continue;
        }
        if trimmed.starts_with("COMMON:") {
            section = vec!["scan", "collect"];
            current = None;
            continue;
        }
        if trimmed.starts_with("scan/report only:") {
            section = vec!["scan", "report"];
            current = None;
            continue;
        }
        if let Some(name) = &current {
            // A continuation line of the command above.
            out.entry(name.clone()).or_default().extend(flags(line));
            continue;
        }
        if !trimmed.starts_with("--") {
            continue;
        }
        // The flag column ends where the description starts, after a run of spaces.
        let these = flags(trimmed.split("  ").next().unwrap_or_default());
        let targets: Vec<&str> = if line.contains("scan only") {
            vec!["scan"]
        } else {
            section.clone()
        };
        for t in targets {
            out.entry(t.to_owned()).or_default().extend(these.clone());
        }
    }
    out
}

#[test]
fn every_flag_of_the_contract_is_accepted_where_it_says() {
    let by_command = flags_by_command(&contract());
    assert!(by_command.len() >= 8, "{by_command:?}");
    let mut missing = Vec::new();
    for (command, flags) in &by_command {
        let text = match command.as_str() {
            "prices" => help(&["prices", "show"])
                .zip(help(&["prices", "refresh"]))
                .map(|(a, b)| a + &b),
            other => help(&[other]),
        };
        let Some(text) = text else {
            missing.push(format!("the command `crossover {command}`"));
            continue;
        };
        missing.extend(
            flags
                .iter()
                .filter(|f| !text.contains(f.as_str()))
                .map(|f| format!("{f} of `crossover {command}`")),
        );
    }
    assert!(
        missing.is_empty(),
        "the contract promises what the program lacks: {missing:#?}"
    );
}

#[test]
fn every_exit_code_of_the_contract_is_in_the_help() {
    let text = contract();
    let top = help(&[]).unwrap();
    for code in 0..=5 {
        let named = format!("`{code}`");
        if text.contains(&named) {
            assert!(
                top.contains(&format!("{code} ")),
                "the contract names exit code {code}; `crossover --help` does not"
            );
        }
    }
}

#[test]
fn the_project_copy_agrees_with_the_contract_it_was_given() {
    let given = root().join("../shared/contract/cli-and-report.md");
    let Ok(given) = std::fs::read_to_string(given) else {
        // A checkout on its own: the copy in docs/ is the contract.
        return;
    };
    // The copy links the project's own feature catalogue, and may add to the contract (a
    // section of its own at the end) but never change or drop a line of it.
    let ours = contract().replace(
        "[features.md](features.md)",
        "`../reference/features.md`, section 3",
    );
    assert!(
        ours.starts_with(&given),
        "docs/cli-and-report.md must start with the contract it was given, unchanged"
    );
}
