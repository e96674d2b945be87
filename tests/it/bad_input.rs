//! Every bad input a new user might try gets one line on stderr naming the problem, the
//! documented exit code (2 usage, 1 otherwise), no panic and no partial output file.

use std::path::Path;
use std::process::Command;

fn crossover(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_crossover"));
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    cmd.current_dir(dir)
        .env("AWS_CONFIG_FILE", dir.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("RUST_BACKTRACE", "1");
    cmd
}

fn snapshot(dir: &Path) -> String {
    let path = dir.join("good.json");
    let text = include_str!("../data/minimal-snapshot.json");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[track_caller]
fn check(dir: &Path, args: &[&str], code: i32, needle: &str) {
    let out = crossover(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: not one line: {stderr}"
    );
    assert!(stderr.starts_with("crossover: "), "{stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr} lacks {needle}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    assert!(
        !dir.join("out.json").exists(),
        "{args:?} left an output file"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    check(
        d,
        &["collect", "--region", "useast1", "-o", "out.json"],
        2,
        "not an AWS region name",
    );
    check(
        d,
        &[
            "collect",
            "--region",
            "us-east-1",
            "--days",
            "0",
            "-o",
            "out.json",
        ],
        2,
        "--days",
    );
    check(
        d,
        &[
            "collect",
            "--region",
            "us-east-1",
            "--days",
            "456",
            "-o",
            "out.json",
        ],
        2,
        "1..=455",
    );
    check(d, &["collect", "--region", "us-east-1"], 2, "--output");
    check(
        d,
        &[
            "report",
            "--snapshot",
            "x.json",
            "--output",
            "out.json",
            "--output-dir",
            "d",
        ],
        2,
        "cannot be used with",
    );
    check(
        d,
        &["report", "--snapshot", "x.json", "--format", "pdf"],
        2,
        "pdf",
    );
    check(
        d,
        &["report", "--snapshot", "x.json", "--min-savings=-3"],
        2,
        "non-negative",
    );
    check(
        d,
        &[
            "collect",
            "--quiet",
            "-v",
            "--region",
            "us-east-1",
            "-o",
            "out.json",
        ],
        2,
        "cannot be used with",
    );
    check(d, &["frobnicate"], 2, "frobnicate");
}

#[test]
fn failures_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = snapshot(d);
    check(
        d,
        &["report", "--snapshot", "missing.json", "-o", "out.json"],
        1,
        "cannot read missing.json",
    );
    std::fs::write(d.join("truncated.json"), "{\"schema_version\": 1, \"resou").unwrap();
    check(
        d,
        &["report", "--snapshot", "truncated.json", "-o", "out.json"],
        1,
        "not a crossover snapshot",
    );
    std::fs::write(d.join("v9.json"), "{\"schema_version\": 9}").unwrap();
    check(
        d,
        &["report", "--snapshot", "v9.json", "-o", "out.json"],
        1,
        "schema version 9",
    );
    std::fs::write(d.join("other.json"), "[1, 2, 3]").unwrap();
    check(
        d,
        &["report", "--snapshot", "other.json", "-o", "out.json"],
        1,
        "not a crossover snapshot",
    );
    std::fs::write(d.join("prices.csv"), "region,service\nus-east-1,x\n").unwrap();
    check(
        d,
        &[
            "report",
            "--snapshot",
            &good,
            "--prices",
            "prices.csv",
            "-o",
            "out.json",
        ],
        1,
        "prices.csv",
    );
    std::fs::write(
        d.join("overrides.json"),
        "{\"discount_percent\": {\"AWSELB\": 140}}",
    )
    .unwrap();
    check(
        d,
        &[
            "report",
            "--snapshot",
            &good,
            "--prices",
            "overrides.json",
            "-o",
            "out.json",
        ],
        1,
        "overrides.json",
    );
    check(
        d,
        &["report", "--snapshot", &good, "-o", "no/such/dir/out.json"],
        1,
        "cannot write",
    );
    check(
        d,
        &["collect", "--region", "us-east-1", "-o", "out.json"],
        1,
        "no AWS credentials",
    );
    check(
        d,
        &[
            "collect",
            "--profile",
            "nope",
            "--region",
            "us-east-1",
            "-o",
            "out.json",
        ],
        1,
        "profile 'nope'",
    );
}

#[test]
fn a_good_snapshot_reports_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = snapshot(d);
    for format in ["markdown", "json", "csv"] {
        let out = crossover(d)
            .args(["report", "--snapshot", &good, "--format", format])
            .output()
            .unwrap();
        crate::support::assert_exit(&out, 0);
        assert!(!out.stdout.is_empty());
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
