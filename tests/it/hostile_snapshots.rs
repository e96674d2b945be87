//! Snapshots that collect never writes — edited by hand or by a broken tool — are refused by
//! `report`, `merge` and `scan`'s offline sibling alike: exit 1, one line naming the file, the
//! resource and the field, no output file, no panic. Each case starts from the bundled minimal
//! snapshot (which is accepted) and breaks exactly one thing.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

const MINIMAL: &str = include_str!("../data/minimal-snapshot.json");
const ALB: &str =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-eu/1c644acc78d702f4";

fn minimal() -> Value {
    serde_json::from_str(MINIMAL).unwrap()
}

fn crossover(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_crossover"));
    cmd.current_dir(dir).env("RUST_BACKTRACE", "1");
    cmd
}

/// The first series of the first resource (the eu-west-1 ALB).
fn first_series(v: &mut Value) -> &mut Value {
    &mut v["resources"][0]["usage"]["series"][0]
}

/// `report` and `merge` both refuse `snapshot` with exit 1 and one line holding every needle.
#[track_caller]
fn refused(snapshot: &Value, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("bad.json"), serde_json::to_vec(snapshot).unwrap()).unwrap();
    std::fs::write(d.join("good.json"), MINIMAL).unwrap();
    let runs: [&[&str]; 3] = [
        &["report", "--snapshot", "bad.json", "--output", "out.md"],
        &[
            "report",
            "--snapshot",
            "bad.json",
            "--format",
            "json",
            "--redact",
            "--output",
            "out.md",
        ],
        &["merge", "good.json", "bad.json", "--output", "out.md"],
    ];
    for args in runs {
        let out = crossover(d).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(
            stderr.lines().count(),
            1,
            "{args:?}: not one line: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        for needle in ["bad.json"].iter().chain(needles) {
            assert!(stderr.contains(needle), "{args:?}: {stderr} lacks {needle}");
        }
        assert!(!d.join("out.md").exists(), "{args:?} wrote an output file");
    }
}

/// `report` reads `snapshot` and exits 0.
#[track_caller]
fn accepted(snapshot: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), snapshot).unwrap();
    let out = crossover(dir.path())
        .args(["report", "--snapshot", "good.json", "--format", "json"])
        .output()
        .unwrap();
    crate::support::assert_exit(&out, 0);
}

#[test]
fn the_minimal_snapshot_is_accepted() {
    accepted(MINIMAL.as_bytes());
}

#[test]
fn negative_request_counts() {
    let mut v = minimal();
    first_series(&mut v)["hourly"][3] = json!(-5.0);
    refused(&v, &[ALB, "usage.series[0]", "hourly[3]", "negative"]);
}

#[test]
fn a_series_shorter_than_the_window() {
    let mut v = minimal();
    first_series(&mut v)["hourly"]
        .as_array_mut()
        .unwrap()
        .truncate(47);
    refused(
        &v,
        &[ALB, "usage.series[0]", "47 hourly values", "48 hours"],
    );
}

#[test]
fn a_window_of_zero_hours() {
    let mut v = minimal();
    v["window"]["hours"] = json!(0);
    v["window"]["end"] = v["window"]["start"].clone();
    refused(&v, &["window.hours", "is 0"]);
}

#[test]
fn a_window_that_ends_before_it_starts() {
    let mut v = minimal();
    v["window"]["end"] = json!("2026-11-22T08:00:00Z");
    refused(&v, &["window.end", "not after window.start"]);
}

#[test]
fn a_window_whose_hours_disagree_with_its_ends() {
    let mut v = minimal();
    v["window"]["hours"] = json!(47);
    refused(&v, &["window.hours", "spans 48 hours"]);
}

#[test]
fn a_window_off_the_hour() {
    let mut v = minimal();
    v["window"]["start"] = json!("2026-11-23T08:30:00Z");
    refused(&v, &["window.start", "whole hour"]);
}

#[test]
fn a_period_of_sixty_seconds() {
    let mut v = minimal();
    v["period_seconds"] = json!(60);
    refused(&v, &["period_seconds", "is 60"]);
}

#[test]
fn the_same_resource_twice() {
    let mut v = minimal();
    let first = v["resources"][0].clone();
    v["resources"].as_array_mut().unwrap().push(first);
    refused(&v, &[ALB, "appears twice"]);
}

#[test]
fn a_kind_that_disagrees_with_its_config() {
    let mut v = minimal();
    v["resources"][0]["kind"] = json!("rest_api");
    refused(&v, &["config.type", "does not match kind rest_api"]);
}

/// 1e308 requests an hour used to make the resource's monthly cost `null` in the JSON while
/// the summary still added up savings.
#[test]
fn an_implausible_hourly_value() {
    let mut v = minimal();
    first_series(&mut v)["hourly"][0] = json!(1e308);
    refused(&v, &[ALB, "hourly[0]", "above the 1e15"]);
}

#[test]
fn values_in_a_series_that_says_it_has_no_data() {
    let mut v = minimal();
    let series = first_series(&mut v);
    series["has_data"] = json!(false);
    series["hourly"][0] = json!(2.0);
    refused(&v, &[ALB, "returned no data"]);
}

/// Used to panic in `--redact`, which sliced the id by bytes.
#[test]
fn a_non_ascii_account_id() {
    let mut v = minimal();
    v["account_ids"] = json!(["12345678901é"]);
    for r in v["resources"].as_array_mut().unwrap() {
        r["account_id"] = json!("12345678901é");
    }
    refused(&v, &["account_ids[0]", "not an AWS account id"]);
}

#[test]
fn a_resource_account_id_that_is_not_twelve_digits() {
    let mut v = minimal();
    v["resources"][0]["account_id"] = json!("1234");
    refused(&v, &["account_id", "\"1234\" is not an AWS account id"]);
}

#[test]
fn a_malformed_region() {
    let mut v = minimal();
    v["regions"][1] = json!("EU-WEST-1");
    refused(&v, &["regions[1]", "not an AWS region name"]);
}

#[test]
fn a_resource_in_a_region_the_snapshot_does_not_list() {
    let mut v = minimal();
    v["resources"][0]["region"] = json!("ap-south-2");
    refused(&v, &["region", "not listed in the snapshot's regions"]);
}

/// A Service Quotas entry as collect writes it, for the cases below to break.
fn with_quota(applied_value: Value) -> Value {
    let mut v = minimal();
    v["service_quotas"] = json!([{
        "account_id": "123456789012",
        "region": "eu-west-1",
        "quota": "apigateway/L-8A5B8E43",
        "applied_value": applied_value,
    }]);
    v
}

#[test]
fn a_service_quota_collect_could_have_read_is_accepted() {
    accepted(&serde_json::to_vec(&with_quota(json!(20000.0))).unwrap());
    accepted(&serde_json::to_vec(&with_quota(Value::Null)).unwrap());
}

#[test]
fn an_applied_quota_of_zero_negative_or_fractional() {
    for bad in [json!(0.0), json!(-5.0), json!(2.5e12), json!(100.5)] {
        refused(
            &with_quota(bad.clone()),
            &["service_quotas[0].applied_value", "not a whole number"],
        );
    }
}

#[test]
fn a_service_quota_of_a_region_or_account_the_snapshot_does_not_list() {
    for (field, value, problem) in [
        (
            "region",
            "ap-south-2",
            "not listed in the snapshot's regions",
        ),
        (
            "account_id",
            "999999999999",
            "not listed in the snapshot's account_ids",
        ),
    ] {
        let mut v = with_quota(json!(20000.0));
        v["service_quotas"][0][field] = json!(value);
        refused(&v, &[&format!("service_quotas[0].{field}"), problem]);
    }
}

#[test]
fn the_same_service_quota_twice_or_an_unknown_quota_code() {
    let mut v = with_quota(json!(20000.0));
    let entry = v["service_quotas"][0].clone();
    v["service_quotas"].as_array_mut().unwrap().push(entry);
    refused(&v, &["service_quotas[1].quota", "appears twice"]);
    let mut v = with_quota(json!(20000.0));
    v["service_quotas"][0]["quota"] = json!("lambda/L-B99A9384");
    refused(&v, &["unknown variant", "lambda/L-B99A9384"]);
}
