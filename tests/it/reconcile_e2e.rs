//! `crossover reconcile` end to end: the binary reads a snapshot and a bill source and
//! writes the report with its reconciliation. The seeded account: two ALBs that each consume
//! one LCU every hour of 1–4 November 2026; the bill (1–3 November) charges one of them the
//! LCU-hours CloudWatch reports and the other twice as many, and a REST API crossover did not
//! read. Expected: the first matches, the second is model-low by 50% with the LCU ratio
//! finding, the API is billed-not-modelled, and 4 November is named as not billed.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

#[path = "../../src/bill/exports/writer.rs"]
#[allow(dead_code)]
mod writer;
use writer::{write_export, Flavour, TestLine};

#[path = "../../src/analyze/reconcile/fixture.rs"]
mod fixture;
use fixture::{alb_arn, two_albs as snapshot, ACCOUNT};

pub fn write_snapshot(dir: &Path) -> PathBuf {
    let path = dir.join("snapshot.json");
    std::fs::write(&path, crossover::output::snapshot_to_json(&snapshot())).unwrap();
    path
}

/// (day, usage type, resource, quantity, unblended USD) per day as the bill has it; net is
/// 90% of unblended.
pub fn billed_days() -> Vec<(String, &'static str, String, &'static str, f64, f64)> {
    let mut out = Vec::new();
    for d in 1..=3 {
        let day = format!("2026-11-{d:02}");
        for (name, lcu) in [("equal", 24.0), ("double", 48.0)] {
            out.push((
                day.clone(),
                "AWSELB",
                alb_arn(name),
                "LoadBalancerUsage",
                24.0,
                24.0 * 0.0225,
            ));
            out.push((
                day.clone(),
                "AWSELB",
                alb_arn(name),
                "LCUUsage",
                lcu,
                lcu * 0.008,
            ));
        }
        out.push((
            day.clone(),
            "AmazonApiGateway",
            "arn:aws:apigateway:us-east-1::/restapis/unread123/stages/prod".to_owned(),
            "USE1-ApiGatewayRequest",
            1000.0,
            0.0035,
        ));
    }
    out
}

/// The same, as hourly export lines.
fn export_lines() -> Vec<TestLine> {
    let mut out = Vec::new();
    for (day, product, resource, ut, q, usd) in billed_days() {
        for h in 0..24 {
            out.push(TestLine {
                start: format!("{day}T{h:02}:00:00Z"),
                account: ACCOUNT.to_owned(),
                product: product.to_owned(),
                usage_type: ut.to_owned(),
                operation: if product == "AWSELB" {
                    "LoadBalancing:Application".to_owned()
                } else {
                    "ApiGatewayRequest".to_owned()
                },
                resource: resource.clone(),
                quantity: q / 24.0,
                unblended: usd / 24.0,
                net: usd / 24.0 * 0.9,
                line_type: "Usage".to_owned(),
            });
        }
    }
    out
}

pub fn write_local_export(dir: &Path, flavour: Flavour, parquet: bool) -> PathBuf {
    let root = dir.join("export");
    write_export(&root, flavour, parquet, &export_lines());
    root
}

/// `reconcile --snapshot SNAP --cur EXPORT EXTRA…`
pub fn reconcile_args<'a>(snap: &'a Path, export: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "reconcile",
        "--snapshot",
        snap.to_str().unwrap(),
        "--cur",
        export.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args
}

pub fn crossover<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_crossover"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("crossover runs")
}

fn line<'a>(r: &'a Value, usage_type: &str, resource: Option<&str>) -> &'a Value {
    r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["usage_type"] == usage_type && l["resource_id"].as_str() == resource)
        .unwrap_or_else(|| panic!("no {usage_type} {resource:?} line in {r:#}"))
}

/// The acceptance figures, whichever source they came from.
pub fn check_acceptance(report: &Value, source: &str) {
    let r = &report["reconciliation"];
    assert_eq!(r["source"], source);
    assert_eq!(
        r["days_compared"],
        serde_json::json!(["2026-11-01", "2026-11-02", "2026-11-03"])
    );
    assert_eq!(r["days_missing"], serde_json::json!(["2026-11-04"]));
    let equal = line(r, "LCUUsage", Some(&alb_arn("equal")));
    assert_eq!(equal["status"], "matches", "{equal:#}");
    let double = line(r, "LCUUsage", Some(&alb_arn("double")));
    assert_eq!(double["status"], "model-low", "{double:#}");
    assert_eq!(double["difference_percent"], -50.0);
    assert_eq!(double["billed_quantity"], 144.0);
    let findings = r["findings"].as_array().unwrap();
    assert!(findings
        .iter()
        .any(|f| f["code"] == "lcu-ratio" && f["resource_id"] == alb_arn("double").as_str()));
    assert!(findings.iter().any(|f| f["code"] == "days-missing"));
    assert_eq!(
        line(r, "USE1-ApiGatewayRequest", None)["status"],
        "billed-not-modelled"
    );
    assert_eq!(line(r, "LoadBalancerUsage", None)["status"], "matches");
    assert_eq!(r["prices_override"]["discount_percent"]["AWSELB"], 10.0);
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(5),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

#[test]
fn a_focus_gzip_csv_export_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write_snapshot(dir.path());
    let export = write_local_export(dir.path(), Flavour::Focus10, false);
    let out = crossover(&reconcile_args(&snap, &export, &["--format", "json"]));
    crate::support::assert_exit(&out, 0);
    check_acceptance(&json(&out), "cur");
}

#[test]
fn a_cur_parquet_export_gives_the_same_report_and_drift_exits_5() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write_snapshot(dir.path());
    let focus = write_local_export(dir.path(), Flavour::Focus10, false);
    let cur = dir.path().join("cur");
    write_export(&cur, Flavour::Cur2, true, &export_lines());
    let run = |export: &Path, extra: &[&str]| {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        crossover(&reconcile_args(&snap, export, &args))
    };
    let a = json(&run(&cur, &[]));
    let b = json(&run(&focus, &[]));
    assert_eq!(a["reconciliation"], b["reconciliation"]);
    check_acceptance(&a, "cur");
    let drift = a["reconciliation"]["totals"]["difference_percent"]
        .as_f64()
        .unwrap();
    assert!(drift < -5.0, "{drift}");
    // Exit 5, the report still written whole.
    let out_file = dir.path().join("r.json");
    let out = run(
        &cur,
        &[
            "--fail-on-drift",
            "5",
            "--output",
            out_file.to_str().unwrap(),
        ],
    );
    crate::support::assert_exit(&out, 5);
    let written: Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    check_acceptance(&written, "cur");
    let out = run(
        &cur,
        &["--fail-on-drift", &format!("{}", drift.abs() + 1.0)],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn markdown_and_csv_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write_snapshot(dir.path());
    let export = write_local_export(dir.path(), Flavour::Focus12, true);
    let base = [
        "reconcile",
        "--snapshot",
        snap.to_str().unwrap(),
        "--cur",
        export.to_str().unwrap(),
    ];
    let md = crossover(&base);
    crate::support::assert_exit(&md, 0);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("## Reconciliation with the bill"), "{md}");
    assert!(md.contains("| double |"));
    let mut args = base.to_vec();
    args.extend(["--format", "csv"]);
    let csv = crossover(&args);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with("account_id,region,usage_type,resource_id,"),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("LCUUsage,{},72,", alb_arn("double"))),
        "{csv}"
    );
}

#[test]
fn bad_sources_fail_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write_snapshot(dir.path());
    let out = crossover(&[
        "reconcile",
        "--snapshot",
        snap.to_str().unwrap(),
        "--cur",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("is not an AWS Data Exports export folder"),
        "{err}"
    );
    // No source, or two: a usage error.
    let out = crossover(&["reconcile", "--snapshot", snap.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

/// `scan --reconcile cur:PATH` on an account moto holds nothing in: the scan's window (the
/// last two days) is not in the export, so every day is missing and nothing differs.
#[test]
fn scan_reconciles_what_it_has_just_collected() {
    let moto = crate::support::Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let export = write_local_export(dir.path(), Flavour::Cur2, false);
    let out = moto
        .run(dir.path(), "scan", "us-east-1")
        .args(["--days", "2", "--format", "json", "--reconcile"])
        .arg(format!("cur:{}", export.display()))
        .args(["--fail-on-drift", "1"])
        .output()
        .unwrap();
    crate::support::assert_exit(&out, 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &report["reconciliation"];
    assert_eq!(r["source"], "cur");
    assert_eq!(r["days_compared"], serde_json::json!([]));
    assert!(!r["days_missing"].as_array().unwrap().is_empty());
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "no-days-compared"));
    // A bad source is refused before the scan.
    let out = moto
        .run(dir.path(), "scan", "us-east-1")
        .args(["--reconcile", "athena-or-whatever"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The acceptance bill as Cost Explorer answers it (moto's CE results API): daily, grouped by
/// usage type and linked account, so the two ALBs' charges are summed. Two pages: 1–2
/// November, then 3 November (estimated) and 4 November with no data yet.
fn cost_explorer_results() -> Value {
    let mut by_day: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<&str, (f64, f64)>,
    > = Default::default();
    for (day, _, _, usage_type, q, usd) in billed_days() {
        let sums = by_day
            .entry(day)
            .or_default()
            .entry(usage_type)
            .or_default();
        sums.0 += q;
        sums.1 += usd;
    }
    let amount = |v: f64, unit: &str| serde_json::json!({"Amount": v.to_string(), "Unit": unit});
    let result = |day: &str, end: &str, estimated: bool| {
        let groups: Vec<Value> = by_day
            .get(day)
            .map(|g| {
                g.iter()
                    .map(|(ut, (q, usd))| {
                        serde_json::json!({
                            "Keys": [ut, ACCOUNT],
                            "Metrics": {
                                "UsageQuantity": amount(*q, "N/A"),
                                "UnblendedCost": amount(*usd, "USD"),
                                "NetUnblendedCost": amount(usd * 0.9, "USD"),
                            }
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        serde_json::json!({
            "TimePeriod": {"Start": day, "End": end},
            "Total": {},
            "Groups": groups,
            "Estimated": estimated,
        })
    };
    serde_json::json!({"results": [
        {
            "ResultsByTime": [
                result("2026-11-01", "2026-11-02", false),
                result("2026-11-02", "2026-11-03", false),
            ],
            "DimensionValueAttributes": [],
            "NextPageToken": "page-2",
        },
        {
            "ResultsByTime": [
                result("2026-11-03", "2026-11-04", true),
                result("2026-11-04", "2026-11-05", true),
            ],
            "DimensionValueAttributes": [],
        },
    ]})
}

/// The embedded book's rate for one Cost Explorer request, read from the CSV itself.
fn cost_explorer_rate() -> f64 {
    let csv =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv")).unwrap();
    let row: Vec<&str> = csv
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f[0] == "us-east-1" && f[2] == "cost_explorer_api_request")
        .expect("a Cost Explorer request row");
    row[4].parse().unwrap()
}

#[test]
fn cost_explorer_on_moto() {
    let moto = crate::support::Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("ce.json");
    std::fs::write(&results, cost_explorer_results().to_string()).unwrap();
    let queued = moto.seed("seed_bill.py", &["--ce", results.to_str().unwrap()]);
    assert_eq!(queued["ce"], 2);
    let snap = write_snapshot(dir.path());
    let out = moto
        .crossover(dir.path())
        .args(["reconcile", "--snapshot"])
        .arg(&snap)
        .args(["--cost-explorer", "--endpoint-url", &moto.endpoint])
        .args(["--format", "json"])
        .output()
        .unwrap();
    crate::support::assert_exit(&out, 0);
    let report = json(&out);
    let r = &report["reconciliation"];
    assert_eq!(r["source"], "cost-explorer");
    assert_eq!(
        r["days_compared"],
        serde_json::json!(["2026-11-01", "2026-11-02", "2026-11-03"])
    );
    assert_eq!(r["days_missing"], serde_json::json!(["2026-11-04"]));
    assert_eq!(r["days_estimated"], serde_json::json!(["2026-11-03"]));
    // Account level only (the window is older than Cost Explorer's 14 days of resource data):
    // both ALBs' LCU-hours together, 72 a day billed against 48 modelled.
    let lcu = line(r, "LCUUsage", None);
    assert_eq!(lcu["billed_quantity"], 216.0);
    assert_eq!(lcu["status"], "model-low");
    assert_eq!(line(r, "LoadBalancerUsage", None)["status"], "matches");
    assert_eq!(
        line(r, "USE1-ApiGatewayRequest", None)["status"],
        "billed-not-modelled"
    );
    let codes: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"estimated-days"), "{codes:?}");
    assert!(codes.contains(&"days-missing"), "{codes:?}");
    assert_eq!(r["prices_override"]["discount_percent"]["AWSELB"], 10.0);
    // Two pages, two billed requests, priced from the book.
    assert_eq!(r["requests"]["count"], 2);
    let usd = r["requests"]["usd"].as_f64().unwrap();
    assert!((usd - 2.0 * cost_explorer_rate()).abs() < 1e-9, "{usd}");

    // The Markdown says what the requests cost.
    let md = moto
        .crossover(dir.path())
        .args(["reconcile", "--snapshot"])
        .arg(&snap)
        .args(["--cost-explorer", "--endpoint-url", &moto.endpoint])
        .output()
        .unwrap();
    crate::support::assert_exit(&md, 0);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("## Reconciliation with the bill"), "{md}");

    // Nothing behind the endpoint: the account-level request fails, and so does the source,
    // with one line.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = moto
        .crossover(dir.path())
        .args(["reconcile", "--snapshot"])
        .arg(&snap)
        .args(["--cost-explorer", "--endpoint-url"])
        .arg(format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("Cost Explorer GetCostAndUsage failed"),
        "{err}"
    );
}

/// Every file under `local`, put under `s3://bucket/prefix/` with the same relative key.
async fn upload(s3: &aws_sdk_s3::Client, bucket: &str, prefix: &str, local: &Path) {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out)
            } else {
                out.push(p)
            }
        }
    }
    let mut files = Vec::new();
    walk(local, &mut files);
    for f in files {
        let rel = f
            .strip_prefix(local)
            .unwrap()
            .to_str()
            .unwrap()
            .replace('\\', "/");
        s3.put_object()
            .bucket(bucket)
            .key(format!("{prefix}/{rel}"))
            .body(aws_sdk_s3::primitives::ByteStream::from(
                std::fs::read(&f).unwrap(),
            ))
            .send()
            .await
            .unwrap();
    }
}

/// `--cur s3://…` on moto S3: a CUR 2.0 Parquet export and a FOCUS gzip CSV export, written by
/// the same writers as the on-disk tests, give the same reconciliation as on disk.
#[tokio::test(flavor = "multi_thread")]
async fn exports_in_s3_give_the_same_report_as_on_disk() {
    let moto = crate::support::Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let snap = write_snapshot(dir.path());
    let cur = dir.path().join("cur");
    write_export(&cur, Flavour::Cur2, true, &export_lines());
    let focus = dir.path().join("focus");
    write_export(&focus, Flavour::Focus10, false, &export_lines());
    let config = moto.sdk_config().await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket().bucket("bills").send().await.unwrap();
    upload(&s3, "bills", "exports/cur", &cur).await;
    upload(&s3, "bills", "exports/focus", &focus).await;
    // Beside the data: a file of another format and a month outside the window, not read.
    for key in [
        "exports/cur/metadata/BILLING_PERIOD=2026-11/manifest.json",
        "exports/cur/data/BILLING_PERIOD=2026-09/export-00001.snappy.parquet",
    ] {
        s3.put_object()
            .bucket("bills")
            .key(key)
            .body(aws_sdk_s3::primitives::ByteStream::from_static(b"not read"))
            .send()
            .await
            .unwrap();
    }

    let run = |source: String| {
        let mut cmd = moto.run(dir.path(), "reconcile", "us-east-1");
        cmd.args(["--snapshot", snap.to_str().unwrap(), "--cur", &source]);
        cmd.args(["--format", "json"]);
        cmd.output().unwrap()
    };
    for (export, local) in [("cur", &cur), ("focus", &focus)] {
        let out = tokio::task::block_in_place(|| run(format!("s3://bills/exports/{export}/")));
        crate::support::assert_exit(&out, 0);
        let from_s3 = json(&out);
        check_acceptance(&from_s3, "cur");
        let on_disk = json(&crossover(&reconcile_args(
            &snap,
            local,
            &["--format", "json"],
        )));
        assert_eq!(
            from_s3["reconciliation"], on_disk["reconciliation"],
            "{export}"
        );
    }

    // A bucket that does not exist: one line, exit 1.
    let out = tokio::task::block_in_place(|| run("s3://no-such-bucket/x".to_owned()));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("s3://no-such-bucket/"), "{err}");
    // A prefix that is not an export's folder: said so.
    let out = tokio::task::block_in_place(|| run("s3://bills/exports".to_owned()));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("is not an AWS Data Exports export folder"),
        "{err}"
    );
}

/// `--athena DATABASE.TABLE` on moto: the query's rows (seeded through moto's Athena results
/// API, as Athena returns them: a header row, then one row per day × account × usage type ×
/// resource) give the same reconciliation as the export the table holds.
#[test]
fn athena_gives_the_same_report_as_the_export() {
    let moto = crate::support::Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let snap = write_snapshot(dir.path());
    let cell = |v: String| serde_json::json!({ "VarCharValue": v });
    let header: Vec<Value> = [
        "day",
        "account_id",
        "usage_type",
        "resource_id",
        "quantity",
        "unblended",
        "net",
    ]
    .iter()
    .map(|c| cell((*c).to_owned()))
    .collect();
    let mut rows = vec![serde_json::json!({ "Data": header })];
    for (day, _, resource, usage_type, q, usd) in billed_days() {
        rows.push(serde_json::json!({"Data": [
            cell(day),
            cell(ACCOUNT.to_owned()),
            cell(usage_type.to_owned()),
            cell(resource),
            cell(q.to_string()),
            cell(usd.to_string()),
            cell((usd * 0.9).to_string()),
        ]}));
    }
    let results = dir.path().join("athena.json");
    std::fs::write(
        &results,
        serde_json::json!({"results": [{"rows": rows, "column_info": []}]}).to_string(),
    )
    .unwrap();
    let queued = moto.seed("seed_bill.py", &["--athena", results.to_str().unwrap()]);
    assert_eq!(queued["athena"], 1);
    let out = moto
        .run(dir.path(), "reconcile", "us-east-1")
        .args(["--snapshot", snap.to_str().unwrap()])
        .args(["--athena", "cur_db.cur2", "--athena-workgroup", "primary"])
        .args(["--athena-output", "s3://athena-results/crossover/"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    crate::support::assert_exit(&out, 0);
    let report = json(&out);
    check_acceptance(&report, "athena");
    let export = write_local_export(dir.path(), Flavour::Cur2, true);
    let mut on_disk = json(&crossover(&reconcile_args(
        &snap,
        &export,
        &["--format", "json"],
    )));
    on_disk["reconciliation"]["source"] = "athena".into();
    assert_eq!(report["reconciliation"], on_disk["reconciliation"]);

    // A table name that could smuggle SQL is refused before any call.
    let out = moto
        .run(dir.path(), "reconcile", "us-east-1")
        .args(["--snapshot", snap.to_str().unwrap()])
        .args(["--athena", "cur_db.cur2;drop"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
