//! A scan where parts of the account cannot be read still writes a full report of the rest,
//! names every gap (account, region, service, operation, error) and exits 3.

use crate::support::{FaultProxy, Moto};
use serde_json::Value;

#[test]
fn denied_unreachable_hung_and_failing_regions_become_gaps() {
    let moto = Moto::start();
    moto.seed("seed.py", &["--days", "1", "--bulk-albs", "0"]);
    let proxy = FaultProxy::start(
        &moto,
        &[
            ("deny", "eu-west-1"),
            ("drop", "ap-south-1"),
            ("hang", "ca-central-1"),
            ("error", "sa-east-1"),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let run = moto
        .crossover(dir.path())
        .args(["scan", "--endpoint-url", &proxy.endpoint])
        .args([
            "--region",
            "us-east-1,eu-west-1,ap-south-1,ca-central-1,sa-east-1",
        ])
        .args([
            "--days",
            "1",
            "--timeout",
            "3",
            "--concurrency",
            "5",
            "--format",
            "json",
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(3),
        "stderr: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let names: Vec<&str> = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["region"] == "us-east-1")
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    for want in ["web-frontend", "orders-rest", "checkout-http", "chat-ws"] {
        assert!(
            names.contains(&want),
            "{want} missing from the readable region"
        );
    }
    assert!(report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["region"] == "us-east-1"));
    let gaps = report["coverage"]["gaps"].as_array().unwrap();
    let errors_in = |region: &str| -> Vec<(String, String)> {
        gaps.iter()
            .filter(|g| g["region"] == region)
            .map(|g| {
                (
                    g["operation"].as_str().unwrap().to_owned(),
                    g["error"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // A dropped connection is retried; whether the retries or the operation timeout run out
    // first decides which of the two the gap names.
    for (region, codes) in [
        ("eu-west-1", &["AccessDenied"][..]),
        ("ap-south-1", &["ConnectionError", "Timeout"][..]),
        ("ca-central-1", &["Timeout"][..]),
    ] {
        let errs = errors_in(region);
        for op in ["DescribeLoadBalancers", "GetRestApis", "GetApis"] {
            assert!(
                errs.iter()
                    .any(|(o, e)| o == op && codes.iter().any(|c| e.starts_with(c))),
                "{region}: no {codes:?} gap for {op} in {errs:?}"
            );
        }
    }
    let failing = errors_in("sa-east-1");
    assert!(
        failing.iter().any(|(o, _)| o == "DescribeLoadBalancers"),
        "{failing:?}"
    );
    for g in gaps {
        assert_eq!(g["account_id"], "123456789012");
        assert!(!g["service"].as_str().unwrap().is_empty());
    }
}

#[test]
fn an_endpoint_that_refuses_every_connection_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = dir.path().join("report.json");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_crossover"))
        .env("AWS_ACCESS_KEY_ID", crate::support::ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", crate::support::SECRET_KEY)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "scan",
            "--endpoint-url",
            &format!("http://127.0.0.1:{closed}"),
            "--region",
            "us-east-1",
        ])
        .args(["--timeout", "5", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot identify the account"), "{stderr}");
    assert!(!out.exists());
}
