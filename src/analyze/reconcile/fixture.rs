//! The account the reconciliation tests share: two ALBs over four whole days. Used by the unit
//! tests (src/analyze/reconcile/tests.rs) and the end-to-end tests (tests/it/reconcile_e2e.rs),
//! so it names the crate as `crossover`.

use chrono::TimeDelta;
use crossover::model::{
    Alb, MetricSeries, Resource, ResourceConfig, ResourceKind, Snapshot, Usage, Window,
    SNAPSHOT_SCHEMA_VERSION,
};

pub const ACCOUNT: &str = "111122223333";

pub fn alb_arn(name: &str) -> String {
    format!(
        "arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/{name}/0123456789abcdef"
    )
}

/// Two internal ALBs in us-east-1 over four whole days (2026-11-01 … 11-04), each consuming one
/// LCU every hour.
pub fn two_albs() -> Snapshot {
    let start = "2026-11-01T00:00:00Z".parse().unwrap();
    let hours = 96;
    let alb = |name: &str| {
        let arn = alb_arn(name);
        let series = |metric: &str, v: f64| MetricSeries {
            namespace: "AWS/ApplicationELB".to_owned(),
            metric: metric.to_owned(),
            dimensions: vec![(
                "LoadBalancer".to_owned(),
                format!("app/{name}/0123456789abcdef"),
            )],
            stage: None,
            has_data: true,
            hourly: vec![v; hours].into(),
            present_hours: None,
        };
        Resource {
            kind: ResourceKind::Alb,
            account_id: ACCOUNT.to_owned(),
            region: "us-east-1".to_owned(),
            id: arn.clone(),
            name: name.to_owned(),
            config: ResourceConfig::Alb(Box::new(Alb {
                arn,
                scheme: "internal".to_owned(),
                ip_address_type: "ipv4".to_owned(),
                state: "active".to_owned(),
                availability_zones: vec!["us-east-1a".to_owned(), "us-east-1b".to_owned()],
                ..Alb::default()
            })),
            usage: Usage {
                series: vec![series("ConsumedLCUs", 1.0), series("RequestCount", 100.0)],
            },
        }
    };
    Snapshot {
        schema_version: SNAPSHOT_SCHEMA_VERSION,
        tool_version: "test".to_owned(),
        partition: "aws".to_owned(),
        account_ids: vec![ACCOUNT.to_owned()],
        regions: vec!["us-east-1".to_owned()],
        window: Window {
            start,
            end: start + TimeDelta::hours(hours as i64),
            hours: hours as u32,
        },
        period_seconds: 3600,
        collected_at: start + TimeDelta::hours(hours as i64 + 1),
        resources: vec![alb("equal"), alb("double")],
        gaps: Vec::new(),
        notes: Vec::new(),
        cloudwatch_requests: None,
        organizations: Vec::new(),
        account_names: Default::default(),
        service_quotas: Vec::new(),
        vpc_endpoints: None,
    }
}
