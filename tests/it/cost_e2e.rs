//! `crossover scan --format json` on a seeded moto account: every resource's current monthly
//! cost equals an independent calculation from the seeded metrics and the price CSV, to the
//! cent, in us-east-1 and in eu-west-1 at eu-west-1 rates, with API Gateway tiers shared per
//! account, region and API type.

use std::collections::HashMap;

use crate::support::Moto;
use serde_json::Value;

const DAYS: i64 = 2;

/// Tiers of one price: (start, end, usd per unit).
type Tiers = Vec<(f64, f64, f64)>;

/// (region, item) → tiers, read straight from the CSV the binary embeds.
fn prices() -> HashMap<(String, String), Tiers> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv")).unwrap();
    let mut out: HashMap<(String, String), Tiers> = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let end = if f[6].is_empty() {
            f64::INFINITY
        } else {
            f[6].parse().unwrap()
        };
        out.entry((f[0].to_owned(), f[2].to_owned()))
            .or_default()
            .push((f[5].parse().unwrap(), end, f[4].parse().unwrap()));
    }
    out
}

fn tiered(tiers: &[(f64, f64, f64)], quantity: f64) -> f64 {
    tiers
        .iter()
        .map(|&(start, end, usd)| (quantity.min(end) - start).max(0.0) * usd)
        .sum()
}

struct Seeded {
    expected: Value,
    shift: usize,
}

impl Seeded {
    /// The seeded hourly values of one series as the report's window sees them.
    fn hourly(&self, region: &str, metric: &str, dim: (&str, &str)) -> Vec<f64> {
        let hours = (DAYS * 24) as usize;
        for m in self.expected["metrics"].as_array().unwrap() {
            let d = &m["dimensions"][0];
            if m["region"] == region && m["metric"] == metric && d[0] == dim.0 && d[1] == dim.1 {
                let v: Vec<f64> = m["hourly"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap())
                    .collect();
                return (0..hours)
                    .map(|h| v.get(h + self.shift).copied().unwrap_or(0.0))
                    .collect();
            }
        }
        vec![0.0; hours]
    }

    fn total(&self, region: &str, metric: &str, dim: (&str, &str)) -> f64 {
        self.hourly(region, metric, dim).iter().sum()
    }
}

fn monthly(window_total: f64) -> f64 {
    window_total * 730.0 / (DAYS as f64 * 24.0)
}

fn assert_cents(got: &Value, want: f64, what: &str) {
    let got = got.as_f64().unwrap();
    assert!(
        (got - want).abs() < 0.005 + 1e-9,
        "{what}: report says {got}, independent calculation {want:.4}"
    );
}

#[test]
fn scan_prices_a_seeded_account_to_the_cent() {
    let moto = Moto::start();
    let expected = moto.seed("seed.py", &["--days", "2", "--bulk-albs", "0"]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let run = moto
        .run(dir.path(), "scan", "us-east-1,eu-west-1")
        .args([
            "--days",
            "2",
            "--stats",
            "--format",
            "json",
            "--save-snapshot",
        ])
        .arg(dir.path().join("snapshot.json"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["hours_per_month"], 730.0);
    let start =
        chrono::DateTime::parse_from_rfc3339(report["window"]["start"].as_str().unwrap()).unwrap();
    let seeded_start = expected["window_end"].as_i64().unwrap() - DAYS * 24 * 3600;
    let seeded = Seeded {
        shift: ((start.timestamp() - seeded_start) / 3600) as usize,
        expected: expected.clone(),
    };
    let p = prices();
    let price = |region: &str, item: &str| p[&(region.to_owned(), item.to_owned())].clone();
    let flat = |region: &str, item: &str| price(region, item)[0].2;
    let resources = report["resources"].as_array().unwrap();
    let by_name = |region: &str, name: &str| -> Vec<&Value> {
        resources
            .iter()
            .filter(|r| r["region"] == region && r["name"] == name)
            .collect()
    };

    // ALBs: hours, ConsumedLCUs in every hour it has a datapoint (the seeder writes one for
    // every hour it covers) and the recomputed dimensions only in hours without one, and one
    // public IPv4 address per AZ when internet-facing over IPv4 or dual-stack.
    for (region, name, azs_public) in [
        ("us-east-1", "web-frontend", 2.0),
        ("us-east-1", "grpc-backend", 2.0),
        ("us-east-1", "lambda-hooks", 2.0),
        ("us-east-1", "idle-internal", 0.0),
        ("eu-west-1", "shop-eu", 3.0),
        ("eu-west-1", "promo-eu", 2.0),
        ("eu-west-1", "blog-eu", 2.0),
    ] {
        let r = by_name(region, name)[0];
        let dim = r["id"]
            .as_str()
            .unwrap()
            .split(":loadbalancer/")
            .nth(1)
            .unwrap();
        let m = |metric| seeded.hourly(region, metric, ("LoadBalancer", dim));
        let (req, consumed, new, active, bytes, lambda, rules) = (
            m("RequestCount"),
            m("ConsumedLCUs"),
            m("NewConnectionCount"),
            m("ActiveConnectionCount"),
            m("ProcessedBytes"),
            m("LambdaTargetProcessedBytes"),
            m("RuleEvaluations"),
        );
        let lcu_hours: f64 = (0..req.len())
            .map(|h| {
                let dims = [
                    new[h] / 3600.0 / 25.0,
                    active[h] / 60.0 / 3000.0,
                    (bytes[h] - lambda[h]) / 1e9 + lambda[h] / 1e9 / 0.4,
                    (rules[h] - 10.0 * req[h]).max(0.0) / 3600.0 / 1000.0,
                ];
                if consumed[h] > 0.0 {
                    consumed[h]
                } else {
                    dims.iter().fold(0.0_f64, |a, b| a.max(*b))
                }
            })
            .sum();
        let want = 730.0 * flat(region, "alb_hour")
            + monthly(lcu_hours) * flat(region, "alb_lcu_hour")
            + azs_public * 730.0 * flat(region, "public_ipv4_in_use_hour");
        assert_cents(&r["current"]["monthly_usd"], want, name);
    }
    let eu_alb = by_name("eu-west-1", "shop-eu")[0];
    assert_eq!(
        eu_alb["current"]["lines"][0]["unit_price_usd"].as_f64(),
        Some(flat("eu-west-1", "alb_hour"))
    );
    assert_ne!(flat("eu-west-1", "alb_hour"), flat("us-east-1", "alb_hour"));

    // REST: the two legacy-api APIs share one (ApiName, Stage) series, so each carries half.
    let orders = by_name("us-east-1", "orders-rest")[0];
    let orders_req = monthly(seeded.total("us-east-1", "Count", ("ApiName", "orders-rest")));
    let legacy_req = monthly(seeded.total("us-east-1", "Count", ("ApiName", "legacy-api")));
    let rest_total = orders_req + legacy_req;
    let rest_cost = tiered(&price("us-east-1", "rest_api_request"), rest_total);
    assert_cents(
        &orders["current"]["monthly_usd"],
        rest_cost * orders_req / rest_total + 730.0 * flat("us-east-1", "rest_cache_0.5gb_hour"),
        "orders-rest",
    );
    // The private one also carries all of the execute-api endpoint no API names (it is the
    // region's only private REST API): 2 AZ × 730 hours, and its bytes a month in GB.
    let private_legacy = expected["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "legacy-api" && r["endpoint_types"][0] == "PRIVATE")
        .expect("the seeder's private legacy-api")["id"]
        .clone();
    let endpoint = &expected["execute_api_endpoint"];
    let endpoint_gb = monthly(seeded.total(
        "us-east-1",
        "BytesProcessed",
        ("VPC Endpoint Id", endpoint["id"].as_str().unwrap()),
    )) / 1e9;
    let endpoint_usd = endpoint["subnets"].as_f64().unwrap()
        * 730.0
        * flat("us-east-1", "interface_endpoint_hour")
        + tiered(
            &price("us-east-1", "interface_endpoint_data_processed"),
            endpoint_gb,
        );
    for legacy in by_name("us-east-1", "legacy-api") {
        let own = if legacy["id"] == private_legacy {
            endpoint_usd
        } else {
            0.0
        };
        assert_cents(
            &legacy["current"]["monthly_usd"],
            rest_cost * (legacy_req / 2.0) / rest_total + own,
            "legacy-api",
        );
    }

    // HTTP: billed units = requests × started 512 KB of the mean size; the region's APIs share
    // one tier ladder, which this volume takes past 300M requests.
    let http = ["checkout-http", "events-http", "partner-http"];
    let billed: Vec<f64> = http
        .iter()
        .map(|n| {
            let id = by_name("us-east-1", n)[0]["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let req = seeded.total("us-east-1", "Count", ("ApiId", &id));
            let bytes = seeded.total("us-east-1", "DataProcessed", ("ApiId", &id));
            monthly(req) * (bytes / req / 524_288.0).ceil().max(1.0)
        })
        .collect();
    let http_total: f64 = billed.iter().sum();
    assert!(http_total > 300e6, "the scenario crosses the HTTP tier");
    let ladder = price("us-east-1", "http_api_request");
    let shared_cost = tiered(&ladder, http_total);
    let mut reported = 0.0;
    for (n, b) in http.iter().zip(&billed) {
        let r = by_name("us-east-1", n)[0];
        assert_cents(
            &r["current"]["monthly_usd"],
            shared_cost * b / http_total,
            n,
        );
        reported += r["current"]["monthly_usd"].as_f64().unwrap();
    }
    let per_api: f64 = billed.iter().map(|b| tiered(&ladder, *b)).sum();
    assert!((reported - shared_cost).abs() < 0.02);
    assert!(
        per_api - shared_cost > 1.0,
        "per-API tiering would overcharge: {per_api} vs {shared_cost}"
    );

    let eu_http = by_name("eu-west-1", "shop-eu-http")[0];
    let eu_id = eu_http["id"].as_str().unwrap().to_owned();
    let eu_req = monthly(seeded.total("eu-west-1", "Count", ("ApiId", &eu_id)));
    assert_cents(
        &eu_http["current"]["monthly_usd"],
        tiered(&price("eu-west-1", "http_api_request"), eu_req),
        "shop-eu-http",
    );

    // WebSocket: messages (one 32 KB unit each) and ConnectCount × 10 minutes.
    let ws = by_name("us-east-1", "chat-ws")[0];
    let ws_id = ws["id"].as_str().unwrap().to_owned();
    let messages = monthly(seeded.total("us-east-1", "MessageCount", ("ApiId", &ws_id)));
    let connects = monthly(seeded.total("us-east-1", "ConnectCount", ("ApiId", &ws_id)));
    assert_cents(
        &ws["current"]["monthly_usd"],
        tiered(&price("us-east-1", "websocket_message"), messages)
            + connects * 10.0 * flat("us-east-1", "websocket_connection_minute"),
        "chat-ws",
    );

    // The summary adds up the resources.
    let sum: f64 = resources
        .iter()
        .map(|r| r["current"]["monthly_usd"].as_f64().unwrap())
        .sum();
    assert!((report["summary"]["current_monthly_usd"].as_f64().unwrap() - sum).abs() < 0.011);
    // Lambda bytes count at 0.4 GB per LCU, which ConsumedLCUs (seeded from bytes ÷ 1 GB)
    // reads at less than half: ConsumedLCUs is billed, and a data-quality note says the
    // recomputation is more than 2× higher.
    let notes = report["data_quality"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["code"] == "lcu-cross-check"
        && n["detail"].as_str().unwrap().starts_with("lambda-hooks")
        && n["detail"].as_str().unwrap().contains(
            "(driven by processed bytes) are more than 2× higher; ConsumedLCUs is billed"
        )));

    check_scan_cost(&report, &dir.path().join("snapshot.json"), &stderr, &p);
}

/// The scan's own CloudWatch cost: the snapshot records what `--stats` printed, one metric per
/// series it holds, and the report prices each region's metrics at that region's CSV rate.
fn check_scan_cost(
    report: &Value,
    snapshot: &std::path::Path,
    stderr: &str,
    p: &HashMap<(String, String), Tiers>,
) {
    let stat = |prefix: &str| -> String {
        stderr
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no '{prefix}' line in --stats: {stderr}"))
            .to_owned()
    };
    let printed: u64 = stat("metrics requested from GetMetricData: ")
        .parse()
        .unwrap();
    let cost_line = stat("CloudWatch cost of this scan: ");

    let snap: Value = serde_json::from_str(&std::fs::read_to_string(snapshot).unwrap()).unwrap();
    let recorded = snap["cloudwatch_requests"].as_array().expect("recorded");
    let metrics = |e: &Value| e["metrics_requested"].as_u64().unwrap();
    assert_eq!(recorded.iter().map(metrics).sum::<u64>(), printed);
    assert!(printed > 0);
    let mut want_usd = 0.0;
    for region in ["us-east-1", "eu-west-1"] {
        let entry = recorded
            .iter()
            .find(|e| e["region"] == region)
            .unwrap_or_else(|| panic!("no {region} entry: {recorded:?}"));
        // Resources' series, and the execute-api endpoints' in the same batches.
        let series: usize = snap["resources"]
            .as_array()
            .unwrap()
            .iter()
            .chain(snap["vpc_endpoints"].as_array().into_iter().flatten())
            .filter(|r| r["region"] == region)
            .map(|r| r["usage"]["series"].as_array().unwrap().len())
            .sum();
        assert_eq!(
            metrics(entry),
            series as u64,
            "{region}: one metric per series"
        );
        assert!(entry["getmetricdata_calls"].as_u64().unwrap() >= 1);
        let rate = p[&(
            region.to_owned(),
            "cloudwatch_getmetricdata_metric".to_owned(),
        )][0]
            .2;
        want_usd += metrics(entry) as f64 * rate;
    }
    assert_eq!(recorded.len(), 2);

    let scan = &report["scan"];
    assert_eq!(scan["metrics_requested"].as_u64(), Some(printed));
    assert_cents(
        &scan["cloudwatch_usd"],
        want_usd,
        "the scan's CloudWatch cost",
    );
    assert!((scan["cloudwatch_usd"].as_f64().unwrap() - want_usd).abs() < 1e-6);
    assert_eq!(scan["unpriced_regions"], serde_json::json!([]));
    let shown = if want_usd < 0.005 {
        "less than $0.01".to_owned()
    } else {
        format!("${:.2}", want_usd)
    };
    assert!(
        cost_line.starts_with(&format!("{shown} (")),
        "--stats says {cost_line}, expected {shown}"
    );
    // A one-off charge: the monthly total is the resources' alone.
    let resources: f64 = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["current"]["monthly_usd"].as_f64().unwrap())
        .sum();
    assert!((report["summary"]["current_monthly_usd"].as_f64().unwrap() - resources).abs() < 0.011);
}

fn gaps_of<'a>(r: &'a Value, target: &str) -> Vec<(&'a str, &'a str)> {
    r["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == target)
        .flat_map(|a| a["gaps"].as_array().unwrap())
        .map(|g| {
            (
                g["feature"].as_str().unwrap(),
                g["impact"].as_str().unwrap(),
            )
        })
        .collect()
}

#[test]
fn scan_finds_the_seeded_gaps_and_recommendations_deterministically() {
    let moto = Moto::start();
    moto.seed("seed.py", &["--days", "2", "--bulk-albs", "0"]);
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.json");
    let status = moto
        .run(dir.path(), "collect", "us-east-1,eu-west-1")
        .args(["--days", "2", "--output"])
        .arg(&snapshot)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let report_json = || {
        let out = moto
            .crossover(dir.path())
            .args(["report", "--format", "json", "--snapshot"])
            .arg(&snapshot)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    let first = report_json();
    assert_eq!(
        first,
        report_json(),
        "the same snapshot gives byte-identical JSON"
    );
    let report: Value = serde_json::from_slice(&first).unwrap();
    let find = |name: &str| {
        report["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };

    let grpc = find("grpc-backend");
    for target in ["http_api", "rest_api"] {
        assert!(
            gaps_of(grpc, target).contains(&("grpc", "blocker")),
            "{target}"
        );
    }
    let orders = find("orders-rest");
    for code in ["api-keys", "usage-plans", "response-caching"] {
        assert!(
            gaps_of(orders, "alb").contains(&(code, "blocker")),
            "{code}"
        );
    }
    assert_eq!(
        find("idle-internal")["recommendation"]["action"],
        "decommission"
    );
    // $24 a month does not pay back a migration's engineering within a year (docs/effort.md).
    let hooks = &find("lambda-hooks")["recommendation"];
    assert_eq!(
        (hooks["action"].as_str(), hooks["target"].as_str()),
        (Some("review"), Some("http_api"))
    );
    assert!(hooks["payback_months"].as_f64().unwrap() > 12.0);
    assert!(hooks["savings_monthly_usd"].as_f64().unwrap() > 5.0);
    let events = &find("events-http")["recommendation"];
    assert!(["migrate", "review"].contains(&events["action"].as_str().unwrap()));
    assert_eq!(events["target"], "alb");
    // The front-door pair is reported together.
    assert_eq!(find("checkout-http")["linked"][0], "web-frontend");
    assert_eq!(find("web-frontend")["linked"][0], "checkout-http");
    // Two low-traffic ALBs in shop-eu's VPC fold into it.
    for name in ["promo-eu", "blog-eu"] {
        assert_eq!(
            find(name)["recommendation"]["action"],
            "consolidate",
            "{name}"
        );
    }
    let s = &report["summary"];
    let savings: f64 = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["recommendation"]["savings_monthly_usd"].as_f64().unwrap())
        .sum();
    assert!((s["savings_monthly_usd"].as_f64().unwrap() - savings).abs() < 0.011);
    assert!(
        (s["current_monthly_usd"].as_f64().unwrap()
            - s["recommended_monthly_usd"].as_f64().unwrap()
            - s["savings_monthly_usd"].as_f64().unwrap())
        .abs()
            < 0.011
    );
}
