//! Every Mermaid block of the report the binary writes parses, with Mermaid itself, as the chart
//! type it declares: on the bundled sample, and on the sample with hostile resource names and
//! tag values (they end up in chart titles and labels).
//!
//! Mermaid is JavaScript: `tests/mermaid/validate.mjs` runs its `parse()` under Node with jsdom
//! standing in for the browser. Without Node the test fails loudly rather than pass without
//! having looked.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::assert_exit;

/// Markdown, code spans, HTML, a link, a table pipe, a line break and a right-to-left override:
/// everything a chart label must not pass through as it is.
const HOSTILE: &str =
    "`a|b` \\| *x* _y_ [z](javascript:alert(1)) <b>&amp; ~~s~~ $1$ # h \"q\" !\r\n- item \u{202E}evil";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn report(snapshot: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_crossover"))
        .args(["report", "--details", "all", "--snapshot"])
        .arg(snapshot)
        .args(extra)
        .output()
        .expect("crossover runs");
    assert_exit(&out, 0);
    String::from_utf8(out.stdout).expect("the report is UTF-8")
}

/// The sample with every other resource renamed to [`HOSTILE`] and a `team` tag on each that is
/// hostile, plain or absent in turn.
fn hostile_sample(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join("examples/sample-account.json")).unwrap();
    let mut snapshot: serde_json::Value = serde_json::from_str(&text).unwrap();
    let resources = snapshot["resources"].as_array_mut().expect("resources");
    for (i, r) in resources.iter_mut().enumerate() {
        if i % 2 == 0 {
            r["name"] = format!("{HOSTILE} {i}").into();
        }
        let team = match i % 3 {
            0 => Some(HOSTILE),
            1 => Some("payments"),
            _ => None,
        };
        if let Some(team) = team {
            r["config"]["tags"] = serde_json::json!({ "team": team });
        }
    }
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_vec(&snapshot).unwrap()).unwrap();
    path
}

/// The ```mermaid blocks of a Markdown document, in order.
fn blocks(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in md.lines() {
        match &mut current {
            None if line == "```mermaid" => current = Some(String::new()),
            Some(_) if line == "```" => out.extend(current.take()),
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "an unclosed mermaid block");
    out
}

/// The type a diagram declares on its first line after any front matter, as Mermaid's
/// `parse()` reports it.
fn declared_type(diagram: &str) -> String {
    let mut lines = diagram.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut first = lines.next().unwrap_or_default();
    if first == "---" {
        first = lines
            .by_ref()
            .skip_while(|l| *l != "---")
            .nth(1)
            .unwrap_or_default();
    }
    let keyword = first.split_whitespace().next().unwrap_or_default();
    match keyword {
        "xychart-beta" | "xychart" => "xychart".to_owned(),
        other => other.to_owned(),
    }
}

fn checker_dir() -> PathBuf {
    root().join("tests/mermaid")
}

/// Installs the checker's locked packages the first time (from the npm registry or its cache).
fn ensure_installed(dir: &Path) {
    if dir.join("node_modules/mermaid/package.json").exists()
        && dir.join("node_modules/jsdom/package.json").exists()
    {
        return;
    }
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefer-offline"])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "MERMAID CHECK CANNOT RUN: cannot run npm in {}: {e}",
                dir.display()
            )
        });
    assert!(
        out.status.success(),
        "MERMAID CHECK CANNOT RUN: `npm ci` in {} failed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Parsed {
    ok: bool,
    diagram_type: Option<String>,
    error: Option<String>,
}

fn parse_with_mermaid(diagrams: &[String]) -> Vec<Parsed> {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {}
        other => panic!(
            "MERMAID CHECK NOT RUN: cannot run `node --version` ({other:?}). The report's charts \
             are validated with Mermaid under Node.js; install Node.js 18 or later (Debian: \
             apt-get install nodejs npm) and run the tests again."
        ),
    }
    let dir = checker_dir();
    ensure_installed(&dir);
    let input = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(input.path(), serde_json::to_vec(diagrams).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(dir.join("validate.mjs"))
        .arg(input.path())
        .current_dir(&dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "validate.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Parsed> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "validate.mjs printed no result ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    assert_eq!(parsed.len(), diagrams.len());
    parsed
}

#[test]
fn every_mermaid_block_of_the_report_parses_as_its_declared_type() {
    let dir = tempfile::tempdir().unwrap();
    let sample = root().join("examples/sample-account.json");
    let hostile = hostile_sample(dir.path());
    let mut diagrams = Vec::new();
    for md in [
        report(&sample, &[]),
        report(&hostile, &[]),
        report(&hostile, &["--group-by", "tag:team"]),
    ] {
        diagrams.extend(blocks(&md));
    }
    assert!(diagrams.len() >= 8, "only {} charts", diagrams.len());
    assert!(
        diagrams.iter().any(|d| d.contains("javascript")),
        "no chart shows a hostile name, so the labels went untested"
    );
    // Known-bad diagrams prove the checker can fail.
    let broken = [
        "xychart-beta\n    title \"unclosed\n    line [1, 2]\n".to_owned(),
        "xychart-beta\n    line [1, 2, abc]\n".to_owned(),
    ];
    let mut all = diagrams.clone();
    all.extend(broken.iter().cloned());
    let results = parse_with_mermaid(&all);
    let (good, bad) = results.split_at(diagrams.len());
    for (diagram, r) in diagrams.iter().zip(good) {
        assert!(
            r.ok,
            "Mermaid cannot parse:\n{diagram}\n{}",
            r.error.as_deref().unwrap_or_default()
        );
        assert_eq!(
            r.diagram_type.as_deref(),
            Some(declared_type(diagram).as_str()),
            "parsed as another chart type:\n{diagram}"
        );
        assert!(
            ["xychart", "pie"].contains(&declared_type(diagram).as_str()),
            "{diagram}"
        );
    }
    for r in bad {
        assert!(!r.ok, "a broken diagram parsed");
    }
}
