//! `crossover collect` against a real moto server seeded through boto3: every seeded resource
//! is found in its region with its feature fields, and every hourly sum equals what was seeded.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::support::Moto;
use crossover::collect::{self, CallStats, CollectOptions};
use crossover::model::{QuotaCode, Resource, ResourceConfig, Snapshot};
use serde_json::Value;

const DAYS: u32 = 2;
const BULK_ALBS: usize = 405;

fn find<'a>(s: &'a Snapshot, region: &str, id: &str) -> &'a Resource {
    s.resources
        .iter()
        .find(|r| r.region == region && r.id == id)
        .unwrap_or_else(|| panic!("{id} not collected in {region}"))
}

/// A list the seeder wrote into expected.json. A key it did not write is a broken seeder, not
/// an empty list: comparing against nothing would pass whatever collect found.
#[track_caller]
fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("the seeder wrote no list here (got {v})"))
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

fn check_inventory(snap: &Snapshot, expected: &Value) {
    assert_eq!(snap.schema_version, 1);
    assert_eq!(snap.account_ids, vec!["123456789012".to_owned()]);
    assert_eq!(snap.partition, "aws");
    assert_eq!(snap.regions, vec!["us-east-1", "eu-west-1"]);
    assert_eq!(snap.period_seconds, 3600);
    assert_eq!(snap.window.hours, DAYS * 24);
    assert!(snap.gaps.is_empty(), "unexpected gaps: {:?}", snap.gaps);

    let want = expected["resources"].as_array().unwrap();
    assert_eq!(snap.resources.len(), want.len(), "resource count");
    assert_eq!(want.iter().filter(|r| r["bulk"] == true).count(), BULK_ALBS);
    for w in want {
        let r = find(
            snap,
            w["region"].as_str().unwrap(),
            w["id"].as_str().unwrap(),
        );
        assert_eq!(r.kind.as_str(), w["kind"], "{}", r.name);
        assert_eq!(r.name, w["name"].as_str().unwrap());
        assert_eq!(r.account_id, "123456789012");
        match &r.config {
            ResourceConfig::Alb(alb) => check_alb(alb, w, expected),
            ResourceConfig::RestApi(api) => check_rest(api, w),
            ResourceConfig::V2Api(api) => check_v2(api, w),
        }
        if w["no_data"] == true {
            assert!(
                r.usage.series.iter().all(|s| !s.has_data),
                "{} has data",
                r.name
            );
        }
    }
    let collision = snap
        .notes
        .iter()
        .find(|n| n.code == crossover::model::NoteCode::RestNameCollision)
        .expect("the two legacy-api REST APIs are flagged");
    assert_eq!(collision.resources.len(), 2);
}

fn check_alb(alb: &crossover::model::Alb, w: &Value, expected: &Value) {
    let name = w["name"].as_str().unwrap();
    assert_eq!(
        alb.listeners.len() as u64,
        w["listeners"].as_u64().unwrap(),
        "{name} listeners"
    );
    assert_eq!(
        alb.rules().count() as u64,
        w["rules"].as_u64().unwrap(),
        "{name} rules"
    );
    let mut tgs: Vec<&str> = alb.target_groups.iter().map(|t| t.name.as_str()).collect();
    tgs.sort_unstable();
    assert_eq!(tgs, strs(&w["target_groups"]), "{name} target groups");
    if let Some(scheme) = w["scheme"].as_str() {
        assert_eq!(alb.scheme, scheme);
    }
    if let Some(ip) = w["ip_address_type"].as_str() {
        assert_eq!(alb.ip_address_type, ip);
    }
    if let Some(n) = w["availability_zones"].as_u64() {
        assert_eq!(alb.availability_zones.len() as u64, n);
    } else {
        assert_eq!(alb.availability_zones.len(), 2, "{name} AZs");
    }
    if let Some(t) = w["idle_timeout"].as_str() {
        assert_eq!(
            alb.attributes
                .get("idle_timeout.timeout_seconds")
                .map(String::as_str),
            Some(t)
        );
    }
    if let Some(tags) = w["tags"].as_object() {
        let want: BTreeMap<String, String> = tags
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(alb.tags, want);
    }
    if let Some(fields) = w.get("condition_fields") {
        let mut got: Vec<&str> = alb
            .rules()
            .flat_map(|r| r.conditions.iter().map(|c| c.field.as_str()))
            .collect();
        got.sort_unstable();
        let mut want = strs(fields);
        want.sort();
        assert_eq!(got, want);
        let header = alb
            .rules()
            .flat_map(|r| &r.conditions)
            .find(|c| c.field == "http-header")
            .unwrap();
        assert_eq!(header.header_name.as_deref(), Some("X-Beta"));
        let query = alb
            .rules()
            .flat_map(|r| &r.conditions)
            .find(|c| c.field == "query-string");
        assert_eq!(query.unwrap().values, vec!["v=2"]);
    }
    if let Some(types) = w.get("action_types") {
        let mut got: Vec<&str> = alb
            .rules()
            .flat_map(|r| r.actions.iter().map(|a| a.kind.as_str()))
            .collect();
        got.sort_unstable();
        got.dedup();
        assert_eq!(got, strs(types));
    }
    if w["weighted"] == true {
        let weighted = alb
            .rules()
            .flat_map(|r| &r.actions)
            .find(|a| a.target_groups.len() > 1)
            .expect("a weighted forward");
        let weights: Vec<Option<i32>> = weighted.target_groups.iter().map(|t| t.weight).collect();
        assert_eq!(weights, vec![Some(90), Some(10)]);
        assert!(weighted.group_stickiness);
        let app = alb
            .target_groups
            .iter()
            .find(|t| t.name == "web-app")
            .unwrap();
        assert_eq!(app.attribute("stickiness.enabled"), Some("true"));
        assert_eq!(app.attribute("slow_start.duration_seconds"), Some("30"));
        assert_eq!((app.targets, app.healthy_targets), (1, 1));
    }
    if let Some(v) = w["protocol_version"].as_str() {
        assert_eq!(alb.target_groups[0].protocol_version.as_deref(), Some(v));
    }
    if let Some(t) = w["target_type"].as_str() {
        assert_eq!(alb.target_groups[0].target_type, t);
    }
    if w["waf"] == true {
        assert_eq!(alb.web_acl_arn.as_deref(), expected["web_acl_arn"].as_str());
    } else {
        assert_eq!(alb.web_acl_arn, None, "{name} has no web ACL");
    }
}

fn check_rest(api: &crossover::model::RestApi, w: &Value) {
    let stages: Vec<&str> = api.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, strs(&w["stages"]));
    if let Some(types) = w.get("endpoint_types") {
        assert_eq!(api.endpoint_types, strs(types));
    }
    if w["name"] != "orders-rest" {
        return;
    }
    let prod = &api.stages[0];
    assert!(prod.cache_cluster_enabled);
    assert_eq!(prod.cache_cluster_size.as_deref(), w["cache_size"].as_str());
    assert!(prod.tracing_enabled);
    assert!(prod.method_settings["*/*"].caching_enabled);
    assert!(api.has_resource_policy);
    assert_eq!(api.tags.get("team").map(String::as_str), Some("orders"));
    let plans: Vec<&str> = api.usage_plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(plans, strs(&w["usage_plans"]));
    assert_eq!(api.usage_plans[0].stages, vec!["prod"]);
    assert!(api.usage_plans[0].has_quota && api.usage_plans[0].has_throttle);
    let methods: Vec<_> = api.resources.iter().flat_map(|r| &r.methods).collect();
    assert!(methods
        .iter()
        .any(|m| m.api_key_required && m.request_validator_id.is_some()));
    assert!(methods.iter().any(|m| m.authorization_type == "AWS_IAM"));
    let mut auth: Vec<&str> = api.authorizers.iter().map(|a| a.kind.as_str()).collect();
    auth.sort_unstable();
    assert_eq!(auth, strs(&w["authorizer_types"]));
    let mut kinds: Vec<&str> = methods
        .iter()
        .filter_map(|m| m.integration.as_ref().map(|i| i.kind.as_str()))
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, strs(&w["integration_types"]));
    let templated = methods
        .iter()
        .filter_map(|m| m.integration.as_ref())
        .filter(|i| !i.request_templates.is_empty())
        .count();
    assert_eq!(
        templated, 2,
        "the AWS (SQS) and MOCK integrations carry templates"
    );
    let lambda = methods
        .iter()
        .filter_map(|m| m.integration.as_ref())
        .find(|i| i.kind == "AWS_PROXY")
        .unwrap();
    assert!(lambda.is_lambda());
    assert_eq!(lambda.timeout_ms, Some(29000));
    let domains: Vec<&str> = api
        .custom_domains
        .iter()
        .map(|d| d.domain_name.as_str())
        .collect();
    assert_eq!(domains, vec![w["custom_domain"].as_str().unwrap()]);
    assert_eq!(api.custom_domains[0].stages, vec!["prod"]);
}

fn check_v2(api: &crossover::model::V2Api, w: &Value) {
    let stages: Vec<&str> = api.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, strs(&w["stages"]));
    assert_eq!(api.routes.len() as u64, w["routes"].as_u64().unwrap());
    if let Some(types) = w.get("authorizer_types") {
        let auth: Vec<&str> = api.authorizers.iter().map(|a| a.kind.as_str()).collect();
        assert_eq!(auth, strs(types));
    }
    if let Some(types) = w.get("integration_types") {
        let mut kinds: Vec<&str> = api.integrations.iter().map(|i| i.kind.as_str()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds, strs(types));
    }
    match w["kind"].as_str().unwrap() {
        "http_api" if w["name"] == "checkout-http" => {
            assert!(api.cors.is_some());
            let private = api
                .integrations
                .iter()
                .find(|i| i.connection_type.as_deref() == Some("VPC_LINK"))
                .unwrap();
            assert_eq!(private.uri.as_deref(), w["integration_uri"].as_str());
            assert_eq!(private.connection_id.as_deref(), w["vpc_link"].as_str());
            assert_eq!(api.vpc_links.len(), 1);
            assert!(api
                .integrations
                .iter()
                .any(|i| i.subtype.as_deref() == Some("SQS-SendMessage")));
            assert!(api.routes.iter().any(|r| r.authorization_type == "AWS_IAM"));
            assert_eq!(
                api.authorizers[0]
                    .jwt_issuer
                    .as_deref()
                    .map(|i| i.starts_with("https://cognito-idp.")),
                Some(true)
            );
            assert_eq!(api.stages[0].throttling_rate_limit, Some(500.0));
        }
        "websocket_api" => {
            assert_eq!(api.protocol_type, "WEBSOCKET");
            let connect = api
                .routes
                .iter()
                .find(|r| r.route_key == "$connect")
                .unwrap();
            assert!(connect.api_key_required);
            assert_eq!(connect.authorization_type, "CUSTOM");
            assert!(api
                .integrations
                .iter()
                .any(|i| i.kind == "MOCK" && !i.request_templates.is_empty()));
        }
        _ => {}
    }
}

/// Every seeded hourly value comes back in the right hour. The window is the snapshot's own:
/// if an hour boundary passed between seeding and collecting, the series shifts by one hour.
fn check_usage(snap: &Snapshot, expected: &Value) {
    let seeded_start =
        expected["window_end"].as_i64().unwrap() - expected["hours"].as_i64().unwrap() * 3600;
    let shift = (snap.window.start.timestamp() - seeded_start) / 3600;
    assert!((0..=1).contains(&shift), "window moved by {shift} hours");
    let mut checked = 0;
    for m in expected["metrics"].as_array().unwrap() {
        let region = m["region"].as_str().unwrap();
        let dims: Vec<(String, String)> = m["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d[0].as_str().unwrap().to_owned(),
                    d[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let seeded: Vec<f64> = m["hourly"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let want: Vec<f64> = (0..snap.window.hours as i64)
            .map(|h| seeded.get((h + shift) as usize).copied().unwrap_or(0.0))
            .collect();
        let endpoints = snap.vpc_endpoints.iter().flatten();
        let matching: Vec<_> = snap
            .resources
            .iter()
            .filter(|r| r.region == region)
            .flat_map(|r| &r.usage.series)
            .chain(
                endpoints
                    .filter(|e| e.region == region)
                    .flat_map(|e| &e.usage.series),
            )
            .filter(|s| s.metric == m["metric"].as_str().unwrap() && s.dimensions == dims)
            .collect();
        assert!(!matching.is_empty(), "no series for {m}");
        for s in matching {
            assert_eq!(s.hourly.to_vec(), want, "{} {:?}", s.metric, s.dimensions);
            assert!(s.has_data);
            checked += 1;
        }
    }
    assert!(checked >= 41, "checked {checked} series");
}

#[test]
fn collect_reads_a_seeded_account_from_moto() {
    let moto = Moto::start();
    let bulk = BULK_ALBS.to_string();
    let expected = moto.seed(
        "seed.py",
        &["--days", &DAYS.to_string(), "--bulk-albs", &bulk],
    );

    // As a library.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let stats = Arc::new(CallStats::default());
    let snap = rt.block_on(async {
        let config = moto.sdk_config().await;
        let mut opts = CollectOptions::basic(
            vec!["us-east-1".into(), "eu-west-1".into()],
            Some(moto.endpoint.clone()),
            DAYS,
        );
        opts.concurrency = 2;
        collect::collect(&opts, &config, stats.clone())
            .await
            .unwrap()
    });
    check_inventory(&snap, &expected);
    check_usage(&snap, &expected);
    // 408 ALBs in eu-west-1 need two pages of 400.
    let calls = stats.calls();
    assert_eq!(calls[&collect::registry::Op::Elbv2DescribeLoadBalancers], 3);
    // DescribeTags takes 20 ARNs per call: 4 ALBs in us-east-1, 408 in eu-west-1.
    assert_eq!(calls[&collect::registry::Op::Elbv2DescribeTags], 1 + 21);
    // The snapshot records, per region, the GetMetricData requests the run counted.
    let requests = snap.cloudwatch_requests.clone().expect("recorded");
    assert_eq!(
        requests.iter().map(|r| r.metrics_requested).sum::<u64>(),
        stats.metrics_requested()
    );
    assert_eq!(
        requests.iter().map(|r| r.getmetricdata_calls).sum::<u64>(),
        calls[&collect::registry::Op::CloudWatchGetMetricData]
    );
    // Service Quotas: each region holds ALBs, so each reads the API Gateway throttle once. No
    // API has more routes than an ALB's default rules, but eu-west-1's ALBs of one VPC hold
    // more than 100 rules together, so that region reads the rules quota for the
    // consolidation check.
    // moto holds no API Gateway quota and answers NoSuchResourceException, which is Service
    // Quotas' "no applied value": the default applies, and it is no gap.
    let quotas: Vec<_> = snap
        .service_quotas
        .iter()
        .map(|q| (q.region.as_str(), q.quota, q.applied_value))
        .collect();
    assert_eq!(
        quotas,
        [
            ("eu-west-1", QuotaCode::ApiGatewayThrottleRate, None),
            ("eu-west-1", QuotaCode::AlbRulesPerLoadBalancer, None),
            ("us-east-1", QuotaCode::ApiGatewayThrottleRate, None),
        ]
    );
    assert_eq!(
        calls[&collect::registry::Op::ServiceQuotasGetServiceQuota],
        3
    );
    for r in &requests {
        let series: usize = snap
            .resources
            .iter()
            .filter(|x| x.region == r.region)
            .map(|x| x.usage.series.len())
            .sum();
        // The execute-api endpoints' BytesProcessed rides in the same batches.
        let endpoint_series: usize = snap
            .vpc_endpoints
            .iter()
            .flatten()
            .filter(|e| e.region == r.region)
            .map(|e| e.usage.series.len())
            .sum();
        assert_eq!(
            r.metrics_requested,
            (series + endpoint_series) as u64,
            "{}",
            r.region
        );
    }
    // The private legacy-api's region has its execute-api endpoint, read with its subnets and
    // bytes; the region without a private REST API is not asked.
    let seeded = &expected["execute_api_endpoint"];
    let endpoints = snap.vpc_endpoints.as_ref().expect("endpoints read");
    assert_eq!(endpoints.len(), 1, "{endpoints:?}");
    assert_eq!(endpoints[0].id, seeded["id"].as_str().unwrap());
    assert_eq!(endpoints[0].subnet_ids.len(), 2);
    assert!(endpoints[0].usage.series[0].has_data);
    assert_eq!(calls[&collect::registry::Op::Ec2DescribeVpcEndpoints], 1);
    // Portals are listed once in each region that has a REST API; the seeded account has none
    // (moto_server.py serves the list), so no product is asked for.
    let rest_regions: std::collections::BTreeSet<&str> = expected["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "rest_api")
        .map(|r| r["region"].as_str().unwrap())
        .collect();
    assert!(!rest_regions.is_empty());
    assert_eq!(
        calls[&collect::registry::Op::Apigw2ListPortals],
        rest_regions.len() as u64
    );
    assert!(!calls.contains_key(&collect::registry::Op::Apigw2ListPortalProducts));

    // Through the binary, as a user runs it.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.json");
    let status = moto
        .run(dir.path(), "collect", "us-east-1,eu-west-1")
        .args(["--days", &DAYS.to_string(), "--output"])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let from_binary = crossover::output::read_snapshot(&out).unwrap();
    check_inventory(&from_binary, &expected);
    check_usage(&from_binary, &expected);
}
