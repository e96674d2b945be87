//! Quotas applied to the account (Service Quotas) instead of AWS's defaults.

use super::*;

fn applied(throttle: Reading, rules: Reading) -> GapContext {
    GapContext {
        keep_alb_behind_api: false,
        quotas: AppliedQuotas {
            api_gateway_throttle: throttle,
            alb_rules: rules,
        },
    }
}

#[test]
fn the_account_throttle_is_the_applied_value_where_service_quotas_has_one() {
    let alb_at = |rps: f64| {
        with_usage(
            alb(|_| {}),
            vec![series("RequestCount", None, &[rps * 3600.0])],
        )
    };
    let detail = |r: &Resource, ctx: &GapContext| {
        gap(&gaps(r, Target::HttpApi, ctx), "api-throttle-quota").map(|g| g.detail.clone())
    };
    // Raised to 20,000: 12,000 requests/s fit; the default would have flagged them.
    let raised = applied(Reading::Applied(20_000.0), Reading::NotRead);
    assert!(detail(&alb_at(12_000.0), &NO_CTX).is_some());
    assert_eq!(detail(&alb_at(12_000.0), &raised), None);
    let over = detail(&alb_at(21_000.0), &raised).unwrap();
    assert!(
        over.contains("above the 20000 requests/s")
            && over.contains("the account's value in Service Quotas"),
        "{over}"
    );
    // Lower than the default: 6,000 requests/s are too many.
    let lowered = applied(Reading::Applied(5_000.0), Reading::NotRead);
    assert!(detail(&alb_at(6_000.0), &NO_CTX).is_none());
    assert!(detail(&alb_at(6_000.0), &lowered).is_some());
    // Read, but nothing applied: the default, and the evidence says why.
    let none = applied(Reading::NoAppliedValue, Reading::NotRead);
    let d = detail(&alb_at(12_000.0), &none).unwrap();
    assert!(
        d.contains("above the 10000 requests/s")
            && d.contains("the AWS default; Service Quotas holds no applied value"),
        "{d}"
    );
    let d = detail(&alb_at(12_000.0), &NO_CTX).unwrap();
    assert!(d.contains("the applied value was not read"), "{d}");
}

#[test]
fn the_alb_rule_quota_is_the_applied_value_where_service_quotas_has_one() {
    let with_routes = |n: usize| {
        http(|a| {
            for i in 0..n {
                a.routes.push(route(&format!("GET /r{i}")));
            }
        })
    };
    let raised = applied(Reading::NotRead, Reading::Applied(200.0));
    assert!(impact_of(&with_routes(150), Target::Alb, &NO_CTX, "rule-quota").is_some());
    assert_eq!(
        impact_of(&with_routes(150), Target::Alb, &raised, "rule-quota"),
        None
    );
    let g = gaps(&with_routes(201), Target::Alb, &raised);
    let d = &gap(&g, "rule-quota").unwrap().detail;
    assert!(
        d.starts_with("201 HTTP API routes besides $default, above the 200 rules of one ALB (the account's value in Service Quotas)"),
        "{d}"
    );
    let none = applied(Reading::NotRead, Reading::NoAppliedValue);
    let g = gaps(&with_routes(101), Target::Alb, &none);
    let d = &gap(&g, "rule-quota").unwrap().detail;
    assert!(
        d.contains("above the 100 rules of one ALB (the AWS default; Service Quotas holds no applied value)"),
        "{d}"
    );
}

#[test]
fn stage_limits_are_judged_against_the_accounts_applied_throttle() {
    // A stage at 10,000/5,000 is the default account's own limit, but a real limit in an
    // account whose throttle is 20,000.
    let rest_at_default = rest_stage_at_default_throttle();
    let http_at_default = http(|a| {
        a.stages.push(V2Stage {
            name: "prod".into(),
            throttling_rate_limit: Some(10_000.0),
            throttling_burst_limit: Some(5_000),
            ..V2Stage::default()
        })
    });
    let raised = applied(Reading::Applied(20_000.0), Reading::NotRead);
    for r in [&rest_at_default, &http_at_default] {
        let at = |ctx| impact_of(r, Target::Alb, ctx, "stage-throttling");
        assert_eq!((at(&NO_CTX), at(&raised)), (None, Some(Impact::Workaround)));
    }
}

#[test]
fn a_resource_takes_the_quotas_of_its_own_account_and_region() {
    use crate::model::{QuotaCode, ServiceQuota};
    let entry = |account: &str, region: &str, quota, applied_value| ServiceQuota {
        account_id: account.into(),
        region: region.into(),
        quota,
        applied_value,
    };
    let quotas = [
        entry(
            "123456789012",
            "us-east-1",
            QuotaCode::ApiGatewayThrottleRate,
            Some(30_000.0),
        ),
        entry(
            "123456789012",
            "eu-west-1",
            QuotaCode::ApiGatewayThrottleRate,
            Some(1_000.0),
        ),
        entry(
            "210987654321",
            "us-east-1",
            QuotaCode::AlbRulesPerLoadBalancer,
            Some(300.0),
        ),
        entry(
            "123456789012",
            "us-east-1",
            QuotaCode::AlbRulesPerLoadBalancer,
            None,
        ),
    ];
    assert_eq!(
        AppliedQuotas::of(&quotas, "123456789012", "us-east-1"),
        AppliedQuotas {
            api_gateway_throttle: Reading::Applied(30_000.0),
            alb_rules: Reading::NoAppliedValue,
        }
    );
    assert_eq!(
        AppliedQuotas::of(&quotas, "210987654321", "eu-west-1"),
        AppliedQuotas::DEFAULTS
    );
}
