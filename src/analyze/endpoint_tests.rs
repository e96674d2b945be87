//! Private REST APIs carry their share of their execute-api interface endpoint: the exact
//! arithmetic, with every rate read from the price book, never written here.

use chrono::{TimeZone, Utc};

use super::{analyze, Action, Assumptions, ResourceAnalysis, Target};
use crate::model::{
    MetricSeries, NoteCode, Resource, ResourceConfig, ResourceKind, RestApi, RestStage, Snapshot,
    Usage, VpcEndpoint, Window,
};
use crate::pricing::formulas::BYTES_PER_GB;
use crate::pricing::{round_cents, tiered_cost, Item, PriceBook, HOURS_PER_MONTH};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";
const HOURS: u32 = 24;

fn series(namespace: &str, metric: &str, dims: &[(&str, &str)], per_hour: f64) -> MetricSeries {
    MetricSeries {
        namespace: namespace.to_owned(),
        metric: metric.to_owned(),
        dimensions: dims
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        stage: None,
        has_data: per_hour > 0.0,
        hourly: vec![per_hour; HOURS as usize].into(),
        present_hours: None,
    }
}

/// A private REST API with one stage and `per_hour` requests every hour.
fn private_api(id: &str, per_hour: f64, customise: impl FnOnce(&mut RestApi)) -> Resource {
    let mut api = RestApi {
        id: id.to_owned(),
        name: id.to_owned(),
        endpoint_types: vec!["PRIVATE".to_owned()],
        has_resource_policy: true,
        stages: vec![RestStage {
            name: "prod".to_owned(),
            ..RestStage::default()
        }],
        ..RestApi::default()
    };
    customise(&mut api);
    let mut count = series(
        "AWS/ApiGateway",
        "Count",
        &[("ApiName", id), ("Stage", "prod")],
        per_hour,
    );
    count.stage = Some("prod".to_owned());
    Resource {
        kind: ResourceKind::RestApi,
        account_id: ACCOUNT.to_owned(),
        region: REGION.to_owned(),
        id: id.to_owned(),
        name: id.to_owned(),
        config: ResourceConfig::RestApi(Box::new(api)),
        usage: Usage {
            series: vec![count],
        },
    }
}

/// An available endpoint in `subnets` subnets processing `bytes_per_hour`.
fn endpoint(id: &str, vpc: &str, subnets: usize, bytes_per_hour: f64) -> VpcEndpoint {
    VpcEndpoint {
        id: id.to_owned(),
        account_id: ACCOUNT.to_owned(),
        region: REGION.to_owned(),
        owner_id: ACCOUNT.to_owned(),
        vpc_id: vpc.to_owned(),
        service_name: format!("com.amazonaws.{REGION}.execute-api"),
        state: "available".to_owned(),
        subnet_ids: (0..subnets).map(|i| format!("subnet-{i}")).collect(),
        usage: Usage {
            series: vec![series(
                "AWS/PrivateLinkEndpoints",
                "BytesProcessed",
                &[("VPC Endpoint Id", id)],
                bytes_per_hour,
            )],
        },
        ..VpcEndpoint::default()
    }
}

fn snapshot(resources: Vec<Resource>, endpoints: Option<Vec<VpcEndpoint>>) -> Snapshot {
    let end = Utc.with_ymd_and_hms(2026, 11, 25, 0, 0, 0).unwrap();
    Snapshot {
        schema_version: crate::model::SNAPSHOT_SCHEMA_VERSION,
        tool_version: "test".to_owned(),
        partition: "aws".to_owned(),
        account_ids: vec![ACCOUNT.to_owned()],
        regions: vec![REGION.to_owned()],
        window: Window::ending_before(end, 1),
        period_seconds: 3600,
        collected_at: end,
        resources,
        gaps: Vec::new(),
        notes: Vec::new(),
        cloudwatch_requests: None,
        organizations: Vec::new(),
        account_names: Default::default(),
        service_quotas: Vec::new(),
        vpc_endpoints: endpoints,
    }
}

fn book_rate(item: Item) -> f64 {
    let book = PriceBook::embedded();
    let p = book.price(REGION, item).expect("us-east-1 has the rate");
    p.tiers[0].usd
}

/// The endpoint's month: interfaces × 730 h at the hourly rate, plus its GB at the first
/// data-processing tier (1 PB wide, far above these volumes).
fn endpoint_month(interfaces: f64, gb_monthly: f64) -> (f64, f64) {
    let hours = interfaces * HOURS_PER_MONTH * book_rate(Item::InterfaceEndpointHour);
    let book = PriceBook::embedded();
    let data = tiered_cost(
        &book
            .price(REGION, Item::InterfaceEndpointDataProcessed)
            .unwrap()
            .tiers,
        0.0,
        gb_monthly,
    );
    (hours, data)
}

fn resource<'a>(a: &'a super::Analysis, id: &str) -> &'a ResourceAnalysis {
    a.resources.iter().find(|r| r.id == id).unwrap()
}

fn line_usd(r: &ResourceAnalysis, prefix: &str) -> f64 {
    r.current
        .lines
        .iter()
        .filter(|l| l.item.starts_with(prefix))
        .map(|l| l.monthly_usd)
        .sum()
}

/// Half a cent: a figure rounded to the cent is within it of the exact one.
const HALF_CENT: f64 = 1.0 / 200.0;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < HALF_CENT + 1e-9
}

/// 1 GB an hour: 730 GB a month.
const GB_PER_HOUR: f64 = BYTES_PER_GB;

#[test]
fn two_private_apis_share_their_endpoint_three_to_one() {
    let s = snapshot(
        vec![
            private_api("orders", 300.0, |a| {
                a.vpc_endpoint_ids = vec!["vpce-1".to_owned()]
            }),
            private_api("billing", 100.0, |a| {
                a.policy_source_vpces = vec!["vpce-1".to_owned()]
            }),
        ],
        Some(vec![endpoint("vpce-1", "vpc-a", 2, GB_PER_HOUR)]),
    );
    let a = analyze(&s, &PriceBook::embedded(), &Assumptions::default());
    let (hours, data) = endpoint_month(2.0, 730.0);
    let orders = resource(&a, "orders");
    let billing = resource(&a, "billing");
    let rest_rate = |r: &ResourceAnalysis| line_usd(r, "REST API requests");
    assert!(close(
        line_usd(orders, "execute-api endpoint vpce-1: 2 AZ"),
        round_cents(0.75 * hours)
    ));
    assert!(close(
        line_usd(orders, "execute-api endpoint vpce-1: data"),
        round_cents(0.75 * data)
    ));
    assert!(close(
        line_usd(billing, "execute-api endpoint vpce-1: 2 AZ"),
        round_cents(0.25 * hours)
    ));
    assert!(close(
        line_usd(billing, "execute-api endpoint vpce-1: data"),
        round_cents(0.25 * data)
    ));
    // Rounded once from the unrounded lines: within a cent of the rounded ones' sum.
    assert!(
        (orders.current.monthly_usd - (rest_rate(orders) + 0.75 * (hours + data))).abs()
            <= 0.01 + 1e-9
    );
    // The endpoint lists both, 3:1, and its cost adds up.
    let e = &a.vpc_endpoints[0];
    assert_eq!((e.id.as_str(), e.interfaces), ("vpce-1", 2));
    assert_eq!(e.attribution, "named");
    assert!(close(e.monthly_usd, hours + data), "{e:?}");
    let shares: Vec<(&str, f64)> = e.users.iter().map(|u| (u.id.as_str(), u.share)).collect();
    assert!(shares.contains(&("orders", 0.75)) && shares.contains(&("billing", 0.25)));
    assert!(a
        .assumptions
        .iter()
        .any(|x| x.contains("in proportion to their requests")));

    // Moving orders to an internal ALB leaves the endpoint for billing: its hours share stays
    // in the alternative, so the saving excludes it; only the data processing goes.
    let alb = orders
        .alternatives
        .iter()
        .find(|x| x.kind == Target::Alb)
        .unwrap();
    let kept: f64 = alb
        .lines
        .iter()
        .filter(|l| l.item.contains("stays for 1 other private REST API"))
        .map(|l| l.monthly_usd)
        .sum();
    assert!(close(kept, round_cents(0.75 * hours)), "{:?}", alb.lines);
    assert!(alb
        .assumptions
        .iter()
        .any(|x| x.contains("vpce-1 stays for 1 other private REST API")));
}

#[test]
fn the_only_private_api_on_an_endpoint_takes_all_of_it_and_its_move_deletes_it() {
    let s = snapshot(
        vec![private_api("orders", 300.0, |_| {})],
        Some(vec![endpoint("vpce-1", "vpc-a", 3, GB_PER_HOUR / 2.0)]),
    );
    let a = analyze(&s, &PriceBook::embedded(), &Assumptions::default());
    let (hours, data) = endpoint_month(3.0, 365.0);
    let orders = resource(&a, "orders");
    // Named by no API: shared by the account and region's private APIs that name none.
    assert_eq!(a.vpc_endpoints[0].attribution, "account-region");
    assert!(close(
        line_usd(orders, "execute-api endpoint vpce-1"),
        round_cents(hours) + round_cents(data)
    ));
    for alt in &orders.alternatives {
        assert!(
            alt.lines.iter().all(|l| !l.item.contains("vpce-1")),
            "{:?}",
            alt.lines
        );
        assert!(alt
            .assumptions
            .iter()
            .any(|x| x.contains("serves only this API and is deleted with the move")));
    }
}

#[test]
fn an_idle_private_api_decommissioned_leaves_the_endpoint_hours_another_api_needs() {
    let s = snapshot(
        vec![
            private_api("orders", 299.0, |_| {}),
            private_api("ghost", 1.0, |_| {}),
        ],
        Some(vec![endpoint("vpce-1", "vpc-a", 2, 0.0)]),
    );
    let a = analyze(&s, &PriceBook::embedded(), &Assumptions::default());
    let (hours, _) = endpoint_month(2.0, 0.0);
    let ghost = resource(&a, "ghost");
    assert_eq!(ghost.recommendation.action, Action::Decommission);
    let share = hours / 300.0;
    assert!(close(
        line_usd(ghost, "execute-api endpoint vpce-1: 2 AZ"),
        round_cents(share)
    ));
    // Rounded once from the unrounded figures: within a cent of the rounded ones.
    let saved = ghost.recommendation.savings_monthly_usd;
    assert!(
        (saved - (ghost.current.monthly_usd - share)).abs() <= 0.01 + 1e-9,
        "{saved}"
    );
    assert!(saved < ghost.current.monthly_usd);
    assert!(
        ghost
            .recommendation
            .reason
            .contains("other private REST APIs still use vpce-1"),
        "{}",
        ghost.recommendation.reason
    );
}

#[test]
fn an_endpoint_no_private_api_uses_is_a_finding_with_its_cost() {
    let s = snapshot(
        vec![private_api("orders", 300.0, |a| {
            a.policy_source_vpcs = vec!["vpc-a".to_owned()]
        })],
        Some(vec![
            endpoint("vpce-1", "vpc-a", 2, 0.0),
            endpoint("vpce-2", "vpc-b", 2, GB_PER_HOUR),
        ]),
    );
    let a = analyze(&s, &PriceBook::embedded(), &Assumptions::default());
    let (hours, data) = endpoint_month(2.0, 730.0);
    let unused = a.vpc_endpoints.iter().find(|e| e.id == "vpce-2").unwrap();
    assert_eq!(unused.attribution, "unused");
    assert!(unused.users.is_empty());
    assert!(close(unused.monthly_usd, hours + data));
    let note = a
        .data_quality
        .iter()
        .find(|n| n.code == NoteCode::VpcEndpointUnused)
        .expect("a finding");
    assert_eq!(note.resources, vec!["vpce-2"]);
    assert!(
        note.detail
            .contains(&format!("costs ${:.2} a month", round_cents(hours + data))),
        "{}",
        note.detail
    );
    // aws:SourceVpc names vpce-1's VPC: orders carries all of vpce-1, none of vpce-2.
    let orders = resource(&a, "orders");
    assert!(close(
        line_usd(orders, "execute-api endpoint vpce-1: 2 AZ"),
        round_cents(hours)
    ));
    assert_eq!(line_usd(orders, "execute-api endpoint vpce-2"), 0.0);
}

#[test]
fn an_endpoint_not_available_is_not_billed_and_old_snapshots_say_what_they_lack() {
    let mut pending = endpoint("vpce-1", "vpc-a", 2, 0.0);
    pending.state = "pendingAcceptance".to_owned();
    let a = analyze(
        &snapshot(
            vec![private_api("orders", 300.0, |_| {})],
            Some(vec![pending]),
        ),
        &PriceBook::embedded(),
        &Assumptions::default(),
    );
    assert_eq!(a.vpc_endpoints[0].attribution, "not-billed");
    assert_eq!(line_usd(resource(&a, "orders"), "execute-api"), 0.0);
    assert!(a
        .data_quality
        .iter()
        .any(|n| n.code == NoteCode::PrivateApiEndpointElsewhere));

    let old = analyze(
        &snapshot(vec![private_api("orders", 300.0, |_| {})], None),
        &PriceBook::embedded(),
        &Assumptions::default(),
    );
    assert!(old.vpc_endpoints.is_empty());
    assert!(old
        .assumptions
        .iter()
        .any(|x| x.contains("does not record execute-api interface endpoints")));
}

#[test]
fn the_endpoints_in_the_json_report_are_what_docs_report_schema_json_describes() {
    let s = snapshot(
        vec![
            private_api("orders", 300.0, |a| {
                a.vpc_endpoint_ids = vec!["vpce-1".to_owned()]
            }),
            private_api("billing", 100.0, |_| {}),
        ],
        Some(vec![
            endpoint("vpce-1", "vpc-a", 2, GB_PER_HOUR),
            endpoint("vpce-2", "vpc-b", 2, 0.0),
        ]),
    );
    let a = analyze(&s, &PriceBook::embedded(), &Assumptions::default());
    assert_eq!(a.vpc_endpoints.len(), 2);
    let report: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    let mut schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    // Closed, as the schema test closes it: a field the schema does not describe fails.
    fn close_objects(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".to_owned(), false.into());
                }
                map.values_mut().for_each(close_objects);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(close_objects),
            _ => {}
        }
    }
    close_objects(&mut schema);
    let validator = jsonschema::draft202012::options().build(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
