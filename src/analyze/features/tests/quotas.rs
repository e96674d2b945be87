//! Quota checks against AWS's default quotas.

use super::*;

#[test]
fn alb_idle_timeout_against_api_integration_timeouts() {
    let idle = |s: &str| alb_attribute("idle_timeout.timeout_seconds", s);
    let at = |r: &Resource, t| impact_of(r, t, &NO_CTX, "long-timeout");
    // The untouched default says nothing about request durations: verify, don't block.
    assert_eq!(at(&idle("60"), Target::HttpApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("60"), Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("120"), Target::HttpApi), Some(Impact::Blocker));
    assert_eq!(at(&idle("120"), Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("31"), Target::HttpApi), Some(Impact::Blocker));
    assert_eq!(at(&idle("30"), Target::HttpApi), None);
    assert_eq!(at(&idle("30"), Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("29"), Target::RestApi), None);
    assert_eq!(at(&idle("29"), Target::HttpApi), None);
    let default_detail = &detect(&idle("60"))[0].detail;
    assert_eq!(default_detail, "idle timeout 60 s (the AWS default)");
}

#[test]
fn api_integration_timeouts_across_api_types() {
    let rest_timeout = |ms| {
        rest_integration(Integration {
            timeout_ms: Some(ms),
            ..integration("HTTP_PROXY", "https://backend.example.com/slow")
        })
    };
    let at = |r: &Resource, t| impact_of(r, t, &NO_CTX, "long-timeout");
    assert_eq!(at(&rest_timeout(29_000), Target::HttpApi), None);
    assert!(!codes(&rest_timeout(29_000)).contains("long-timeout"));
    // A raised REST timeout still within HTTP's 30 s fits.
    assert_eq!(at(&rest_timeout(30_000), Target::HttpApi), None);
    assert_eq!(
        at(&rest_timeout(30_001), Target::HttpApi),
        Some(Impact::Blocker)
    );
    assert_eq!(at(&rest_timeout(120_000), Target::Alb), None);
    assert_eq!(
        detect(&rest_timeout(45_000))
            .iter()
            .find(|d| d.code == "long-timeout")
            .unwrap()
            .detail,
        "GET /orders integration timeout 45000 ms"
    );

    let http_timeout = http_integration(Integration {
        timeout_ms: Some(30_000),
        ..integration("HTTP_PROXY", "https://backend.example.com/slow")
    });
    assert_eq!(at(&http_timeout, Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&http_timeout, Target::Alb), None);
}

#[test]
fn routes_beyond_one_albs_rules_are_a_workaround() {
    let with_routes = |n: usize| {
        http(|a| {
            a.routes.push(route("$default"));
            for i in 0..n {
                a.routes.push(route(&format!("GET /r{i}")));
            }
        })
    };
    assert_eq!(
        quota_input(&with_routes(100), &AppliedQuotas::DEFAULTS).route_count,
        100
    );
    assert!(gap(&gaps(&with_routes(100), Target::Alb, &NO_CTX), "rule-quota").is_none());
    let over = gaps(&with_routes(101), Target::Alb, &NO_CTX);
    let g = gap(&over, "rule-quota").unwrap();
    assert_eq!(g.impact, Impact::Workaround);
    assert!(
        g.detail.starts_with("101 HTTP API routes besides $default"),
        "{}",
        g.detail
    );
    assert!(gap(
        &gaps(&with_routes(101), Target::RestApi, &NO_CTX),
        "rule-quota"
    )
    .is_none());

    // REST counts resource × method.
    let rest_api = rest(|a| {
        for i in 0..51 {
            a.resources.push(RestResource {
                id: format!("r{i}"),
                path: format!("/items/{i}"),
                methods: vec![method("GET"), method("PUT")],
            });
        }
    });
    assert_eq!(
        quota_input(&rest_api, &AppliedQuotas::DEFAULTS).route_count,
        102
    );
    assert_eq!(
        impact_of(&rest_api, Target::Alb, &NO_CTX, "rule-quota"),
        Some(Impact::Workaround)
    );
}

#[test]
fn lambda_payload_limit_applies_only_towards_alb() {
    let r = case("lambda-payload-limit");
    assert_eq!(
        quota_input(&r, &AppliedQuotas::DEFAULTS).lambda_integrations,
        1
    );
    assert_eq!(
        impact_of(&r, Target::Alb, &NO_CTX, "lambda-payload-limit"),
        Some(Impact::Workaround)
    );
    assert_eq!(
        impact_of(&r, Target::RestApi, &NO_CTX, "lambda-payload-limit"),
        None
    );
    assert!(!codes(&case("lambda-payload-limit")).contains("rule-quota"));
    assert!(!codes(&rest_integration(integration(
        "HTTP_PROXY",
        "https://b.example.com"
    )))
    .contains("lambda-payload-limit"));
}

#[test]
fn peak_rate_sums_series_per_hour() {
    let r = with_usage(
        http(|_| {}),
        vec![
            series("Count", Some("prod"), &[3600.0, 7200.0, 0.0]),
            series("Count", Some("beta"), &[3600.0, 0.0, 0.0]),
            series("DataProcessed", Some("prod"), &[1e12, 1e12, 1e12]),
        ],
    );
    let q = quota_input(&r, &AppliedQuotas::DEFAULTS);
    // Hour 0 and hour 1 both total 7200 requests: 2 requests/s.
    assert_eq!(q.peak_requests_per_second, 2.0);
    assert_eq!(
        quota_input(&bare(ResourceKind::Alb), &AppliedQuotas::DEFAULTS).peak_requests_per_second,
        0.0
    );
}

#[test]
fn alb_traffic_against_the_regions_account_throttle() {
    let hour_at = |rps: f64, region: &str| {
        let mut r = with_usage(
            alb(|_| {}),
            vec![series("RequestCount", None, &[rps * 3600.0])],
        );
        r.region = region.into();
        r
    };
    let at = |r: &Resource, t| impact_of(r, t, &NO_CTX, "api-throttle-quota");
    assert_eq!(at(&hour_at(10_000.0, "us-east-1"), Target::HttpApi), None);
    assert_eq!(
        at(&hour_at(10_001.0, "us-east-1"), Target::HttpApi),
        Some(Impact::Workaround)
    );
    assert_eq!(
        at(&hour_at(10_001.0, "us-east-1"), Target::RestApi),
        Some(Impact::Workaround)
    );
    // Some Regions start at 2,500 requests/s.
    assert_eq!(account_throttle_rps("eu-south-1"), 2_500.0);
    assert_eq!(
        at(&hour_at(3_000.0, "eu-south-1"), Target::HttpApi),
        Some(Impact::Workaround)
    );
    assert_eq!(at(&hour_at(3_000.0, "eu-west-1"), Target::HttpApi), None);
    let g = gaps(&hour_at(12_000.0, "us-east-1"), Target::HttpApi, &NO_CTX);
    let detail = &gap(&g, "api-throttle-quota").unwrap().detail;
    assert!(
        detail.contains("12000 requests/s") && detail.contains("Service Quotas"),
        "{detail}"
    );
}
