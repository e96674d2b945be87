//! An organization scan on moto: every active account through the audit role, one snapshot and
//! one report with `account_id` on every resource and per-account totals; `--accounts` and
//! `--shard` slice the list, `merge` joins the shards, and a role that cannot be assumed is a
//! coverage gap, not an abort.

use crate::support::{FaultProxy, Moto};
use serde_json::Value;

fn json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const WINDOW_END: &str = "--window-end";

#[test]
fn organization_scan_shards_merge_and_a_failed_assume_role() {
    let moto = Moto::start();
    let expected = moto.seed("seed_org.py", &[]);
    let members = crate::support::member_accounts(&expected);
    assert_eq!(members.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let end = chrono::Utc::now().format("%Y-%m-%dT%H:00:00Z").to_string();
    let collect = |extra: &[&str], out: &str| {
        moto.crossover(dir.path())
            .args([
                "collect",
                "--org-role",
                "CrossoverAudit",
                "--endpoint-url",
                &moto.endpoint,
            ])
            .args(["--region", "us-east-1", "--days", "1", WINDOW_END, &end])
            .args(extra)
            .arg("--output")
            .arg(dir.path().join(out))
            .output()
            .unwrap()
    };

    // The whole organization.
    let run = collect(&[], "all.json");
    crate::support::assert_exit(&run, 0);
    let all = json(&dir.path().join("all.json"));
    let ids: Vec<&str> = all["account_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for m in &members {
        assert!(ids.contains(&m.as_str()), "{m} scanned");
        let names: Vec<&str> = all["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["account_id"] == m.as_str())
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        let name = expected["members"][m]["name"].as_str().unwrap();
        assert_eq!(names.len(), 2, "{m}: {names:?}");
        assert!(names.contains(&format!("{name}-alb").as_str()));
    }

    // Slices: --accounts limits, two shards merge back into the whole.
    let run = collect(&["--accounts", &members[0]], "one.json");
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        json(&dir.path().join("one.json"))["account_ids"],
        serde_json::json!([members[0]])
    );
    for i in 0..2 {
        let run = collect(&["--shard", &format!("{i}/2")], &format!("shard{i}.json"));
        crate::support::assert_exit(&run, 0);
    }
    let merged = dir.path().join("merged.json");
    let run = moto
        .crossover(dir.path())
        .arg("merge")
        .arg(dir.path().join("shard0.json"))
        .arg(dir.path().join("shard1.json"))
        .arg("--output")
        .arg(&merged)
        .output()
        .unwrap();
    crate::support::assert_exit(&run, 0);
    let (merged, all) = (json(&merged), all);
    assert_eq!(merged["account_ids"], all["account_ids"]);
    assert_eq!(merged["resources"], all["resources"]);
    // The shards read disjoint accounts, so their requests add up to the whole run's.
    assert!(all["cloudwatch_requests"].is_array());
    assert_eq!(merged["cloudwatch_requests"], all["cloudwatch_requests"]);

    // One report for all accounts, with per-account totals.
    let out = moto
        .crossover(dir.path())
        .args(["report", "--format", "json", "--snapshot"])
        .arg(dir.path().join("all.json"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for m in &members {
        assert!(
            report["summary"]["per_account"][m]["current_monthly_usd"]
                .as_f64()
                .unwrap()
                > 0.0
        );
    }

    // A member whose role cannot be assumed: a gap, the rest still reported, exit 3.
    let proxy = FaultProxy::start(&moto, &[("deny-body", members[1].as_str())]);
    let run = moto
        .crossover(dir.path())
        .args([
            "scan",
            "--org-role",
            "CrossoverAudit",
            "--endpoint-url",
            &proxy.endpoint,
        ])
        .args([
            "--region",
            "us-east-1",
            "--days",
            "1",
            "--format",
            "json",
            "--output",
        ])
        .arg(dir.path().join("partial.json"))
        .output()
        .unwrap();
    crate::support::assert_exit(&run, 3);
    let partial = json(&dir.path().join("partial.json"));
    let gap = partial["coverage"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["operation"] == "AssumeRole")
        .expect("an AssumeRole gap");
    assert_eq!(gap["account_id"], members[1].as_str());
    assert!(partial["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["account_id"] == members[0].as_str()));
    assert!(!partial["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["account_id"] == members[1].as_str()));
}
