//! A scheduled audit's cycle on moto: scan into a folder, the account changes, scan again, and
//! `crossover diff` of the two JSON reports names exactly what changed; `--fail-on-savings`
//! decides the exit code. The recipes of docs/scheduling.md run that cycle through a wrapper,
//! and both wrappers run here too: the cron script (dated reports in a folder, the diff posted
//! to a webhook) and the ECS entry point (reports kept in S3, the previous one fetched back).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::support::{Moto, ACCESS_KEY, SECRET_KEY};
use serde_json::Value;

const REGIONS: &str = "us-east-1,eu-west-1";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scan's window ends at the last full hour, so two scans an hour boundary apart would
/// compare different hours and see changes nobody made. Each cycle fixes its window's end once:
/// the seeder's data ends there and every scan passes it as `--window-end`.
fn window_end() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let hour = now - now % 3600;
    chrono::DateTime::from_timestamp(hour as i64, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Report file names sort by collection time, and the stamp has whole seconds: a second scan
/// less than a second after the first would overwrite it.
fn next_second() {
    std::thread::sleep(Duration::from_millis(1100));
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stamp_of(name: &str) -> &str {
    name.split('-').nth(1).unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn resource<'a>(report: &'a Value, name: &str) -> &'a Value {
    let found: Vec<&Value> = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["name"] == name)
        .collect();
    assert_eq!(found.len(), 1, "{name} in the report");
    found[0]
}

fn listed_names(diff: &Value, list: &str) -> Vec<String> {
    diff[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list} is a list: {diff}"))
        .iter()
        .map(|c| {
            let r = if c.get("resource").is_some() {
                &c["resource"]
            } else {
                c
            };
            r["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

#[test]
fn two_scans_and_a_diff_name_exactly_what_changed() {
    let end = window_end();
    let moto = Moto::start();
    moto.seed(
        "seed.py",
        &[
            "--days",
            "1",
            "--bulk-albs",
            "0",
            "--growth-api",
            "--end",
            &end,
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let scan = |out_dir: &Path, extra: &[&str]| {
        moto.run(dir.path(), "scan", REGIONS)
            .args([
                "--days",
                "1",
                "--window-end",
                &end,
                "--quiet",
                "--output-dir",
            ])
            .arg(out_dir)
            .args(extra)
            .output()
            .unwrap()
    };
    let reports = dir.path().join("reports");

    let first = scan(&reports, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let before = names(&reports);
    assert_eq!(before.len(), 4, "{before:?}");
    let old_path = reports.join(format!("crossover-{}-report.json", stamp_of(&before[0])));
    let old = read_json(&old_path);
    // The API the cycle triples is kept at its seeded volume: an ALB's fixed charges are more
    // than its requests cost on an HTTP API.
    let growth_before = resource(&old, "growth-http");
    assert_eq!(
        growth_before["recommendation"]["action"], "keep",
        "{growth_before}"
    );

    let changes = moto.seed(
        "mutate.py",
        &[
            "--add-alb",
            "us-east-1/audit-new",
            "--delete-alb",
            "us-east-1/grpc-backend",
            "--scale-http-api",
            "eu-west-1/growth-http",
            "--factor",
            "3",
        ],
    );
    next_second();
    let second = scan(&reports, &[]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    let after = names(&reports);
    assert_eq!(after.len(), 8, "{after:?}");
    assert_eq!(
        after[..4],
        before[..],
        "the first run's files sort first and are kept"
    );
    let new_stamp = stamp_of(&after[4]).to_owned();
    assert!(new_stamp.as_str() > stamp_of(&before[0]), "{after:?}");
    for suffix in ["report.csv", "report.json", "report.md", "snapshot.json"] {
        assert!(after.contains(&format!("crossover-{new_stamp}-{suffix}")));
    }
    let new_path = reports.join(format!("crossover-{new_stamp}-report.json"));
    let new = read_json(&new_path);
    assert_eq!(
        old["window"], new["window"],
        "both scans read the same hours, so nothing but the changes made can differ"
    );

    let run = moto
        .crossover(dir.path())
        .arg("diff")
        .arg(&old_path)
        .arg(&new_path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    let diff: Value = serde_json::from_slice(&run.stdout).expect("the diff is JSON");

    // Exactly the ALB added and the ALB deleted, by ARN.
    assert_eq!(listed_names(&diff, "added"), ["audit-new"], "{diff:#}");
    let added = &diff["added"][0];
    assert_eq!(added["id"], changes["added"]["id"]);
    assert_eq!(added["kind"], "alb");
    assert_eq!(added["region"], "us-east-1");
    assert_eq!(listed_names(&diff, "removed"), ["grpc-backend"], "{diff:#}");
    let removed = &diff["removed"][0];
    assert_eq!(removed["id"], changes["removed"]["id"]);
    assert_eq!(removed["kind"], "alb");
    assert_eq!(
        removed["current_monthly_usd"],
        resource(&old, "grpc-backend")["current"]["monthly_usd"]
    );

    // Exactly one cost change: the tripled API's, three times its old cost (to the cent of
    // each figure's rounding), and the same figures as the two reports.
    let growth_after = resource(&new, "growth-http");
    assert_eq!(
        listed_names(&diff, "cost_changes"),
        ["growth-http"],
        "{diff:#}"
    );
    let cost = &diff["cost_changes"][0]["monthly_usd"];
    let (was, now) = (cost["old"].as_f64().unwrap(), cost["new"].as_f64().unwrap());
    assert_eq!(cost["old"], growth_before["current"]["monthly_usd"]);
    assert_eq!(cost["new"], growth_after["current"]["monthly_usd"]);
    assert!(was > 10.0 && close(now, 3.0 * was, 0.03), "{cost}");
    assert!(close(cost["change"].as_f64().unwrap(), now - was, 0.005));

    // Exactly one recommendation change: at three times the volume an ALB is cheaper, though
    // not by enough to pay back the move within a year, so it is a review (docs/effort.md).
    assert_eq!(
        listed_names(&diff, "recommendation_changes"),
        ["growth-http"],
        "{diff:#}"
    );
    let flip = &diff["recommendation_changes"][0];
    assert_eq!(flip["old_action"], "keep");
    assert_eq!(flip["old_target"], Value::Null);
    assert_eq!(flip["new_action"], "review");
    assert_eq!(flip["new_target"], "alb");
    assert!(
        growth_after["recommendation"]["payback_months"]
            .as_f64()
            .is_some_and(|p| p > 12.0),
        "{growth_after:#}"
    );
    assert_eq!(flip["reason"], growth_after["recommendation"]["reason"]);
    assert!(diff["new_blockers"].as_array().unwrap().is_empty());
    assert!(diff["cleared_blockers"].as_array().unwrap().is_empty());

    // The totals move by exactly those changes.
    let total = diff["current_monthly_usd"]["change"].as_f64().unwrap();
    let expected = (now - was) + added["current_monthly_usd"].as_f64().unwrap()
        - removed["current_monthly_usd"].as_f64().unwrap();
    assert!(close(total, expected, 0.02), "{total} vs {expected}");

    // --fail-on-savings: exit 4 (with every file written) just below the savings found, 0 at
    // or above them.
    let savings = new["summary"]["savings_monthly_usd"].as_f64().unwrap();
    assert!(savings > 1.0, "{savings}");
    for (limit, code) in [(savings - 0.01, 4), (savings + 0.01, 0)] {
        let out_dir = dir.path().join(format!("limit-{code}"));
        let run = scan(&out_dir, &["--fail-on-savings", &format!("{limit:.2}")]);
        assert_eq!(
            run.status.code(),
            Some(code),
            "limit {limit:.2}: {}",
            text(&run)
        );
        assert_eq!(
            names(&out_dir).len(),
            4,
            "exit {code} still writes the reports"
        );
    }
}

/// No ambient AWS configuration or crossover settings reach the command.
fn isolated<'a>(cmd: &'a mut Command, dir: &Path) -> &'a mut Command {
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("CROSSOVER") {
            cmd.env_remove(k);
        }
    }
    cmd.env("AWS_CONFIG_FILE", dir.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
}

/// One of docs/examples' scripts, isolated, with this build of crossover as `CROSSOVER`.
fn script(dir: &Path, name: &str) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("docs/examples").join(name));
    isolated(&mut cmd, dir).env("CROSSOVER", env!("CARGO_BIN_EXE_crossover"));
    cmd
}

struct Webhook {
    child: Child,
    url: String,
    body: PathBuf,
}

impl Webhook {
    fn start(dir: &Path) -> Webhook {
        use std::io::BufRead;
        let body = dir.join("webhook-body.json");
        let mut child = Command::new(root().join(".venv/bin/python"))
            .arg(root().join("tests/scenarios/webhook_sink.py"))
            .arg("--out")
            .arg(&body)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the webhook sink starts (run scripts/test.sh to create .venv)");
        let mut port = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut port)
            .unwrap();
        Webhook {
            child,
            url: format!("http://127.0.0.1:{}/hook", port.trim()),
            body,
        }
    }
}

impl Drop for Webhook {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_cron_wrapper_keeps_dated_reports_and_posts_the_diff() {
    let end = window_end();
    let moto = Moto::start();
    moto.seed(
        "seed.py",
        &["--days", "1", "--bulk-albs", "0", "--end", &end],
    );
    let dir = tempfile::tempdir().unwrap();
    // The wrapper scans with a named profile, as on a host.
    std::fs::write(
        dir.path().join("credentials"),
        format!(
            "[audit]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let run = |extra_env: &[(&str, &str)]| {
        script(dir.path(), "cron-audit.sh")
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                dir.path().join("credentials"),
            )
            .env("CROSSOVER_PROFILE", "audit")
            .env("CROSSOVER_REGIONS", REGIONS)
            .env("CROSSOVER_REPORTS_DIR", &reports)
            .envs(extra_env.iter().copied())
            .args([
                "--endpoint-url",
                &moto.endpoint,
                "--days",
                "1",
                "--window-end",
                &end,
            ])
            .output()
            .unwrap()
    };

    let first = run(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert!(String::from_utf8_lossy(&first.stderr).contains("first report"));
    let before = names(&reports);
    assert_eq!(
        before.len(),
        4,
        "no diff without an earlier report: {before:?}"
    );

    // Exit 4 (savings above $1) still diffs and posts; the script passes the 4 on.
    next_second();
    let hook = Webhook::start(dir.path());
    let second = run(&[
        ("CROSSOVER_FAIL_ON_SAVINGS", "1"),
        ("CROSSOVER_WEBHOOK_URL", &hook.url),
    ]);
    assert_eq!(second.status.code(), Some(4), "{}", text(&second));
    let after = names(&reports);
    assert_eq!(after.len(), 9, "{after:?}");
    let stamp = stamp_of(&after[4]);
    assert!(stamp > stamp_of(&before[0]));
    let diff_file = reports.join(format!("crossover-{stamp}-diff.md"));
    let diff = std::fs::read_to_string(&diff_file).expect("the diff is kept with the reports");
    assert!(diff.starts_with("# crossover: what changed"), "{diff}");
    assert!(diff.contains("No resource was added or removed"), "{diff}");
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        diff,
        "cron mails stdout: the diff"
    );
    let posted = read_json(&hook.body);
    assert_eq!(posted, serde_json::json!({ "text": diff }));
}

/// Points the AWS CLI (and crossover) at moto with the test credentials.
fn on_moto<'a>(cmd: &'a mut Command, moto: &Moto) -> &'a mut Command {
    cmd.env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
}

/// The AWS CLI, which the ECS image carries; this project's machine image has it too.
fn aws(dir: &Path, moto: &Moto, args: &[&str]) -> String {
    let mut cmd = Command::new("aws");
    let out = match on_moto(isolated(&mut cmd, dir), moto).args(args).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "the AWS CLI (`aws`) cannot run ({e}): the ECS entry point needs it; install it \
             with `pip install awscli` or the distribution's awscli package"
        ),
    };
    assert!(out.status.success(), "aws {args:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn keys(dir: &Path, moto: &Moto) -> Vec<String> {
    let listed = aws(
        dir,
        moto,
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "reports",
            "--query",
            "Contents[].Key",
            "--output",
            "json",
        ],
    );
    let mut keys: Vec<String> = serde_json::from_str(&listed).unwrap_or_default();
    keys.sort();
    keys
}

#[test]
fn the_ecs_entry_point_keeps_reports_in_s3_and_diffs_with_the_previous_one() {
    let end = window_end();
    let moto = Moto::start();
    moto.seed(
        "seed.py",
        &["--days", "1", "--bulk-albs", "0", "--end", &end],
    );
    let dir = tempfile::tempdir().unwrap();
    aws(
        dir.path(),
        &moto,
        &["s3api", "create-bucket", "--bucket", "reports"],
    );
    let run = || {
        on_moto(&mut script(dir.path(), "ecs-entrypoint.sh"), &moto)
            .env("CROSSOVER_BUCKET", "reports")
            // No trailing slash: the script adds it.
            .env("CROSSOVER_PREFIX", "audits")
            .env("CROSSOVER_REGIONS", REGIONS)
            .args([
                "--endpoint-url",
                &moto.endpoint,
                "--days",
                "1",
                "--window-end",
                &end,
            ])
            .output()
            .unwrap()
    };

    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let stored = keys(dir.path(), &moto);
    assert_eq!(stored.len(), 4, "{stored:?}");
    assert!(stored.iter().all(|k| k.starts_with("audits/crossover-")));
    let first_report = stored
        .iter()
        .find(|k| k.ends_with("-report.json"))
        .unwrap()
        .clone();

    // A hand-made file that sorts after every dated report but is not one: the script must
    // not take it for the previous report. It differs from the real one, so a diff against it
    // would not be empty.
    let local = dir.path().join("decoy.json");
    aws(
        dir.path(),
        &moto,
        &[
            "s3",
            "cp",
            &format!("s3://reports/{first_report}"),
            local.to_str().unwrap(),
        ],
    );
    let mut decoy = read_json(&local);
    decoy["resources"].as_array_mut().unwrap().truncate(1);
    std::fs::write(&local, decoy.to_string()).unwrap();
    aws(
        dir.path(),
        &moto,
        &[
            "s3",
            "cp",
            local.to_str().unwrap(),
            "s3://reports/audits/crossover-latest-report.json",
        ],
    );

    next_second();
    let second = run();
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    let stored = keys(dir.path(), &moto);
    assert_eq!(stored.len(), 10, "4 + the decoy + 4 + the diff: {stored:?}");
    let diff_key = stored
        .iter()
        .find(|k| k.ends_with("-diff.md"))
        .expect("the diff is stored with the reports");
    assert!(diff_key.as_str() > first_report.as_str());
    let local_diff = dir.path().join("diff.md");
    aws(
        dir.path(),
        &moto,
        &[
            "s3",
            "cp",
            &format!("s3://reports/{diff_key}"),
            local_diff.to_str().unwrap(),
        ],
    );
    let diff = std::fs::read_to_string(&local_diff).unwrap();
    assert!(
        diff.contains("No resource was added or removed"),
        "diffed against the first dated report, not the decoy: {diff}"
    );
    assert!(
        String::from_utf8_lossy(&second.stdout).contains(&diff),
        "the diff goes to the task's log too"
    );
}
