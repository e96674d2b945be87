//! The bill's own rules on moto (issue 13): an ALB's LCU-hours follow ConsumedLCUs where an
//! hour has a datapoint and the recomputed dimensions only where it has none; API Gateway's
//! request tiers count an organization's accounts together.

use serde_json::Value;

use crate::support::Moto;

/// The last full hour, so that the seeded hours and the scanned window are the same.
fn window_end() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:00:00Z").to_string()
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

fn line<'a>(r: &'a Value, unit: &str) -> &'a Value {
    r["current"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["unit"] == unit)
        .unwrap_or_else(|| panic!("no {unit} line in {}", r["current"]))
}

/// us-east-1's price of `item` from the CSV the binary embeds (first tier).
fn price(item: &str) -> f64 {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv")).unwrap();
    text.lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f[0] == "us-east-1" && f[2] == item)
        .map(|f| f[4].parse().unwrap())
        .unwrap_or_else(|| panic!("no us-east-1 {item} price"))
}

#[test]
fn alb_lcu_hours_follow_consumed_lcus_and_recompute_only_missing_hours() {
    let moto = Moto::start();
    let end = window_end();
    let expected = moto.seed(
        "seed_billing.py",
        &["--scenario", "lcu", "--window-end", &end, "--days", "1"],
    );
    let dir = tempfile::tempdir().unwrap();
    let out = moto
        .run(dir.path(), "scan", "us-east-1")
        .args(["--days", "1", "--window-end", &end, "--format", "json"])
        .output()
        .unwrap();
    crate::support::assert_exit(&out, 0);
    let report = json(&out.stdout);
    let resources = report["resources"].as_array().unwrap();
    let notes = report["data_quality"].as_array().unwrap();
    for (name, want_window) in [
        // 12 hours of ConsumedLCUs at 0.8 and 12 hours recomputed at 1.6, not 24 × 1.6.
        ("consumed-half", 12.0 * 0.8 + 12.0 * 1.6),
        // No ConsumedLCUs at all: every hour is the recomputation.
        ("no-consumed", 24.0 * 1.6),
    ] {
        let seeded = &expected["albs"][name];
        assert_eq!(seeded["hours"], 24);
        let r = resources.iter().find(|r| r["name"] == name).unwrap();
        let lcu = line(r, "LCU-hour");
        let want = want_window * 730.0 / 24.0;
        assert!(
            (lcu["quantity"].as_f64().unwrap() - want).abs() < 1e-6,
            "{name}: {lcu}, want {want}"
        );
        let want_usd = 730.0 * price("alb_hour") + want * price("alb_lcu_hour");
        assert!(
            (r["current"]["monthly_usd"].as_f64().unwrap() - want_usd).abs() < 0.005 + 1e-9,
            "{name}: {} vs {want_usd}",
            r["current"]["monthly_usd"]
        );
        let note = notes
            .iter()
            .find(|n| n["code"] == "lcu-cross-check" && n["resources"][0] == r["id"])
            .unwrap_or_else(|| panic!("{name}: no cross-check note in {notes:?}"));
        let detail = note["detail"].as_str().unwrap();
        assert!(!detail.contains("differ by more than 2"), "{detail}");
        if name == "consumed-half" {
            assert!(
                detail.contains("12 of 24 hours have traffic but no ConsumedLCUs datapoint"),
                "{detail}"
            );
        } else {
            assert!(
                detail.contains("no ConsumedLCUs datapoint in the window")
                    && detail.contains("all 24 hour(s)"),
                "{detail}"
            );
        }
    }
    // Where ConsumedLCUs reports, it is the bill, so an API alternative that keeps the ALB
    // behind it carries the same LCU-hours.
    let assumptions: Vec<&str> = report["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(
        assumptions
            .iter()
            .any(|a| a.contains("ConsumedLCUs (its hourly Sum) where the hour has a datapoint")),
        "{assumptions:?}"
    );
}

/// Three member accounts of one organization, 200M HTTP API requests a month each: scanned
/// together (`--org-role`) they cost $300 + 300M × $0.90 = $570 ($190 each), not $600; the
/// same accounts scanned one at a time keep $200 each and say that the organization's other
/// accounts would lower the price; merging those single-account snapshots tiers them together
/// again.
#[test]
fn api_gateway_tiers_count_the_organization_together() {
    let moto = Moto::start();
    let end = window_end();
    let expected = moto.seed(
        "seed_billing.py",
        &[
            "--scenario",
            "org-tiers",
            "--window-end",
            &end,
            "--days",
            "1",
        ],
    );
    let members = crate::support::member_accounts(&expected);
    assert_eq!(members.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let collect = |accounts: Option<&str>, out: &str| {
        let mut cmd = moto.run(dir.path(), "collect", "us-east-1");
        cmd.args([
            "--org-role",
            "CrossoverAudit",
            "--days",
            "1",
            "--window-end",
            &end,
        ]);
        if let Some(a) = accounts {
            cmd.args(["--accounts", a]);
        }
        let run = cmd
            .arg("--output")
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        crate::support::assert_exit(&run, 0);
        dir.path().join(out)
    };
    let report = |snapshot: &std::path::Path| {
        let out = moto
            .crossover(dir.path())
            .args(["report", "--format", "json", "--snapshot"])
            .arg(snapshot)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        json(&out.stdout)
    };
    let http_costs = |r: &Value| -> Vec<f64> {
        r["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["kind"] == "http_api")
            .map(|x| x["current"]["monthly_usd"].as_f64().unwrap())
            .collect()
    };
    let tier_sentence = |r: &Value, needle: &str| {
        r["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a.as_str().unwrap().contains(needle))
    };

    // The whole organization: one snapshot naming it, one ladder for the three accounts.
    let all = collect(None, "all.json");
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&all).unwrap()).unwrap();
    assert_eq!(snap["organizations"][0]["id"], expected["organization"]);
    assert_eq!(
        snap["organizations"][0]["management_account_id"],
        expected["management"]
    );
    let together = report(&all);
    let costs = http_costs(&together);
    assert_eq!(costs.len(), 3);
    for c in &costs {
        assert!((c - 190.0).abs() < 0.011, "{costs:?}");
    }
    assert!(
        (costs.iter().sum::<f64>() - 570.0).abs() < 0.011,
        "{costs:?}"
    );
    assert!(tier_sentence(
        &together,
        "each AWS Organization's accounts in this snapshot"
    ));
    assert!(!tier_sentence(
        &together,
        "without another account of the same AWS Organization"
    ));
    // Each API's share is priced at the organization's average over the ladder.
    let api = &together["resources"].as_array().unwrap()[0];
    assert!(
        (line(api, "request")["unit_price_usd"].as_f64().unwrap() - 0.95e-6).abs() < 1e-12,
        "600M on the ladder average $0.95 a million: {}",
        line(api, "request")
    );

    // One account at a time: $200 each, with the assumption.
    let mut shards = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let one = collect(Some(m), &format!("one-{i}.json"));
        let alone = report(&one);
        assert_eq!(http_costs(&alone).len(), 1);
        assert!((http_costs(&alone)[0] - 200.0).abs() < 0.011);
        assert!(tier_sentence(
            &alone,
            "without another account of the same AWS Organization"
        ));
        shards.push(one);
    }

    // Merged shards of one organization keep it, and tier together again.
    let merged = dir.path().join("merged.json");
    let out = moto
        .crossover(dir.path())
        .arg("merge")
        .args(&shards)
        .arg("--output")
        .arg(&merged)
        .output()
        .unwrap();
    crate::support::assert_exit(&out, 0);
    let merged_report = report(&merged);
    assert!((http_costs(&merged_report).iter().sum::<f64>() - 570.0).abs() < 0.011);
}

/// A private REST API carries its share of the execute-api interface endpoint it is reached
/// through (issue 13, item 5): moto serves DescribeVpcEndpoints, the REST APIs' vpcEndpointIds
/// and resource policy, and the endpoint's BytesProcessed.
#[test]
fn private_rest_apis_carry_their_share_of_the_execute_api_endpoint() {
    let moto = Moto::start();
    let end = window_end();
    let expected = moto.seed(
        "seed_billing.py",
        &[
            "--scenario",
            "private-endpoint",
            "--window-end",
            &end,
            "--days",
            "1",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("s.json");
    let status = moto
        .run(dir.path(), "collect", "us-east-1")
        .args(["--days", "1", "--window-end", &end, "--output"])
        .arg(&snapshot)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));

    // Only the two execute-api endpoints are read, each with its two subnets and its bytes.
    let s = crossover::output::read_snapshot(&snapshot).unwrap();
    let endpoints = s
        .vpc_endpoints
        .as_ref()
        .expect("collect read the endpoints");
    let mut ids: Vec<&str> = endpoints.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    let mut want = vec![
        expected["endpoint"].as_str().unwrap(),
        expected["unused"].as_str().unwrap(),
    ];
    want.sort();
    assert_eq!(ids, want, "the other service's endpoint is not read");
    let used = endpoints
        .iter()
        .find(|e| e.id == expected["endpoint"])
        .unwrap();
    assert_eq!(used.subnet_ids.len(), 2);
    assert_eq!(used.billed_interfaces(), 2);
    assert!(used.is_billed(), "{}", used.state);
    let bytes = &used.usage.series[0];
    assert_eq!(bytes.metric, "BytesProcessed");
    assert!(
        (bytes.total() - 24.0 * 1e9).abs() < 1.0,
        "{}",
        bytes.total()
    );
    let private: Vec<&crossover::model::RestApi> = s
        .resources
        .iter()
        .filter_map(|r| match &r.config {
            crossover::model::ResourceConfig::RestApi(a) => Some(a.as_ref()),
            _ => None,
        })
        .collect();
    let orders = private.iter().find(|a| a.name == "orders-private").unwrap();
    assert_eq!(orders.vpc_endpoint_ids, vec![used.id.clone()]);
    let billing = private
        .iter()
        .find(|a| a.name == "billing-private")
        .unwrap();
    assert_eq!(billing.policy_source_vpces, vec![used.id.clone()]);

    let out = moto
        .crossover(dir.path())
        .args(["report", "--format", "json", "--snapshot"])
        .arg(&snapshot)
        .output()
        .unwrap();
    crate::support::assert_exit(&out, 0);
    let report = json(&out.stdout);
    let resources = report["resources"].as_array().unwrap();
    // 2 AZ × 730 h at the hourly rate, and 730 GB a month (1 GB an hour) at the GB rate,
    // split 300:100 between the two APIs.
    let hours_usd = 2.0 * 730.0 * price("interface_endpoint_hour");
    let data_usd = 730.0 * price("interface_endpoint_data_processed");
    for (name, share) in [("orders-private", 0.75), ("billing-private", 0.25)] {
        let r = resources.iter().find(|r| r["name"] == name).unwrap();
        let hours = line(r, "endpoint-AZ-hour");
        assert!(
            (hours["quantity"].as_f64().unwrap() - share * 2.0 * 730.0).abs() < 1e-6,
            "{name}: {hours}"
        );
        assert!(
            (hours["monthly_usd"].as_f64().unwrap() - share * hours_usd).abs() < 0.005 + 1e-9,
            "{name}: {hours}"
        );
        let data = line(r, "GB");
        assert!(
            (data["quantity"].as_f64().unwrap() - share * 730.0).abs() < 1e-6,
            "{name}: {data}"
        );
        assert!(
            (data["monthly_usd"].as_f64().unwrap() - share * data_usd).abs() < 0.005 + 1e-9,
            "{name}: {data}"
        );
        // The internal-ALB alternative keeps the endpoint's hours: the other API needs it.
        let alb = r["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == "alb")
            .unwrap();
        let kept = alb["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["unit"] == "endpoint-AZ-hour")
            .unwrap_or_else(|| panic!("{name}: {}", alb["lines"]));
        assert!(kept["item"]
            .as_str()
            .unwrap()
            .contains("stays for 1 other private REST API"));
        assert!(alb["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["unit"] != "GB"));
    }
    let listed = report["vpc_endpoints"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    let unused = listed
        .iter()
        .find(|e| e["id"] == expected["unused"])
        .unwrap();
    assert_eq!(unused["attribution"], "unused");
    assert!((unused["monthly_usd"].as_f64().unwrap() - hours_usd).abs() < 0.005 + 1e-9);
    assert!(report["data_quality"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "vpc-endpoint-unused" && n["resources"][0] == expected["unused"]));
}
