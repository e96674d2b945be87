//! Cost Explorer through aws-smithy-mocks: moto serves GetCostAndUsage (tests/it/reconcile_e2e.rs)
//! but not GetCostAndUsageWithResources, and its "resource-level data not enabled" answer.

use aws_sdk_costexplorer::operation::get_cost_and_usage::{
    GetCostAndUsageInput, GetCostAndUsageOutput,
};
use aws_sdk_costexplorer::operation::get_cost_and_usage_with_resources::{
    GetCostAndUsageWithResourcesError, GetCostAndUsageWithResourcesOutput,
};
use aws_sdk_costexplorer::types::error::DataUnavailableException;
use aws_sdk_costexplorer::types::{DateInterval, Dimension, Group, MetricValue, ResultByTime};
use aws_sdk_costexplorer::Client;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use chrono::NaiveDate;

use super::*;
use crate::analyze::reconcile::tests::{alb_arn, two_albs, ACCOUNT};
use crate::analyze::reconcile::{price_requests, reconcile, Status};
use crate::analyze::{analyze, Assumptions};
use crate::pricing::PriceBook;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn query(today: NaiveDate) -> Query {
    Query {
        first: day(1),
        last: day(4),
        accounts: vec![ACCOUNT.to_owned()],
        regions: vec!["us-east-1".to_owned()],
        today,
    }
}

fn metric(v: f64) -> MetricValue {
    MetricValue::builder()
        .amount(v.to_string())
        .unit("N/A")
        .build()
}

/// (key 1, key 2, quantity, unblended USD); net is 90% of unblended.
fn result(d: u32, estimated: bool, groups: &[(&str, &str, f64, f64)]) -> ResultByTime {
    ResultByTime::builder()
        .time_period(
            DateInterval::builder()
                .start(day(d).to_string())
                .end(day(d + 1).to_string())
                .build()
                .unwrap(),
        )
        .estimated(estimated)
        .set_groups(Some(
            groups
                .iter()
                .map(|(k1, k2, q, usd)| {
                    Group::builder()
                        .keys(*k1)
                        .keys(*k2)
                        .metrics("UsageQuantity", metric(*q))
                        .metrics("UnblendedCost", metric(*usd))
                        .metrics("NetUnblendedCost", metric(usd * 0.9))
                        .build()
                })
                .collect(),
        ))
        .build()
}

/// The account-level answer in two pages: 1–2 November, then 3 November (estimated) and 4
/// November with no groups yet. Both ALBs' LCU-hours are summed: 24 + 48 a day.
fn account_pages() -> (aws_smithy_mocks::Rule, aws_smithy_mocks::Rule) {
    let groups = [
        ("LoadBalancerUsage", ACCOUNT, 48.0, 48.0 * 0.0225),
        ("LCUUsage", ACCOUNT, 72.0, 72.0 * 0.008),
        ("USE1-ApiGatewayRequest", ACCOUNT, 1000.0, 0.0035),
    ];
    let first = mock!(Client::get_cost_and_usage)
        .match_requests(|r: &GetCostAndUsageInput| r.next_page_token().is_none())
        .then_output(move || {
            GetCostAndUsageOutput::builder()
                .results_by_time(result(1, false, &groups))
                .results_by_time(result(2, false, &groups))
                .next_page_token("page-2")
                .build()
        });
    let second = mock!(Client::get_cost_and_usage)
        .match_requests(|r: &GetCostAndUsageInput| r.next_page_token() == Some("page-2"))
        .then_output(move || {
            GetCostAndUsageOutput::builder()
                .results_by_time(result(3, true, &groups))
                .results_by_time(result(4, true, &[]))
                .build()
        });
    (first, second)
}

#[tokio::test]
async fn account_and_resource_level_data_give_the_acceptance_figures() {
    let (first, second) = account_pages();
    let resources = mock!(Client::get_cost_and_usage_with_resources).then_output(|| {
        let mut out = GetCostAndUsageWithResourcesOutput::builder();
        for d in 1..=4 {
            let groups: Vec<(String, &str, f64, f64)> = if d == 4 {
                Vec::new()
            } else {
                vec![
                    (alb_arn("equal"), "LCUUsage", 24.0, 24.0 * 0.008),
                    (alb_arn("double"), "LCUUsage", 48.0, 48.0 * 0.008),
                    (alb_arn("equal"), "LoadBalancerUsage", 24.0, 0.54),
                    (alb_arn("double"), "LoadBalancerUsage", 24.0, 0.54),
                    (
                        "NoResourceId".to_owned(),
                        "USE1-ApiGatewayRequest",
                        1000.0,
                        0.0035,
                    ),
                ]
            };
            let groups: Vec<(&str, &str, f64, f64)> = groups
                .iter()
                .map(|(r, u, q, c)| (r.as_str(), *u, *q, *c))
                .collect();
            out = out.results_by_time(result(d, d == 3, &groups));
        }
        out.build()
    });
    let client = mock_client!(
        aws_sdk_costexplorer,
        RuleMode::MatchAny,
        [&first, &second, &resources]
    );
    let bill = read(&client, &query(day(5))).await.unwrap();
    assert_eq!(first.num_calls() + second.num_calls(), 2);
    assert_eq!(resources.num_calls(), 1, "one account, one page");
    assert_eq!(bill.requests.unwrap().count, 3);
    assert_eq!(
        bill.days,
        [day(1), day(2), day(3)].into_iter().collect(),
        "4 November has no data yet"
    );
    assert_eq!(bill.estimated_days, [day(3)].into_iter().collect());
    assert_eq!(bill.resource_days, bill.days);
    assert!(bill.notes.is_empty());
    assert!(bill
        .resource_rows
        .iter()
        .all(|r| r.resource_id.as_deref() != Some("NoResourceId")));

    let snapshot = two_albs();
    let book = PriceBook::embedded();
    let analysis = analyze(&snapshot, &book, &Assumptions::default());
    let mut r = reconcile(&snapshot, &analysis, &bill);
    price_requests(&mut r, &bill, &book);
    assert_eq!(r.source, "cost-explorer");
    assert_eq!(r.days_missing, vec![day(4)]);
    assert_eq!(r.days_estimated, vec![day(3)]);
    let line = |usage_type: &str, resource: Option<String>| {
        r.lines
            .iter()
            .find(|l| l.usage_type == usage_type && l.resource_id == resource)
            .unwrap_or_else(|| panic!("no {usage_type} {resource:?} line"))
            .clone()
    };
    assert_eq!(
        line("LCUUsage", Some(alb_arn("equal"))).status,
        Status::Matches
    );
    let double = line("LCUUsage", Some(alb_arn("double")));
    assert_eq!(double.status, Status::ModelLow);
    assert_eq!(double.difference_percent, -50.0);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "lcu-ratio" && f.resource_id.as_deref() == Some(&alb_arn("double"))));
    assert!(r.findings.iter().any(|f| f.code == "estimated-days"));
    assert_eq!(
        line("USE1-ApiGatewayRequest", None).status,
        Status::BilledNotModelled
    );
    // Three requests at the price book's rate (us-east-1, AWSCostExplorer).
    let rate = book
        .price("us-east-1", Item::CostExplorerApiRequest)
        .unwrap()
        .flat_usd()
        .unwrap();
    assert_eq!(r.requests.count, 3);
    assert!((r.requests.usd - 3.0 * rate).abs() < 1e-9);
}

#[tokio::test]
async fn resource_data_not_enabled_is_a_note_not_a_failure() {
    let (first, second) = account_pages();
    let resources = mock!(Client::get_cost_and_usage_with_resources).then_error(|| {
        GetCostAndUsageWithResourcesError::DataUnavailableException(
            DataUnavailableException::builder()
                .message("Resource level data is not enabled")
                .meta(
                    aws_smithy_types::error::ErrorMetadata::builder()
                        .code("DataUnavailableException")
                        .message("Resource level data is not enabled")
                        .build(),
                )
                .build(),
        )
    });
    let client = mock_client!(
        aws_sdk_costexplorer,
        RuleMode::MatchAny,
        [&first, &second, &resources]
    );
    let bill = read(&client, &query(day(5))).await.unwrap();
    assert_eq!(
        bill.requests.unwrap().count,
        3,
        "the failed request is billed too"
    );
    assert!(bill.resource_rows.is_empty());
    assert!(bill.resource_days.is_empty());
    assert_eq!(bill.days.len(), 3);
    assert_eq!(bill.notes.len(), 1);
    assert_eq!(bill.notes[0].code, "resource-data-unavailable");
    assert!(bill.notes[0].detail.contains("DataUnavailableException"));

    let snapshot = two_albs();
    let book = PriceBook::embedded();
    let analysis = analyze(&snapshot, &book, &Assumptions::default());
    let r = reconcile(&snapshot, &analysis, &bill);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "resource-data-unavailable"));
    // Both ALBs' LCU-hours together: 72 billed a day against 48 modelled.
    let lcu = r
        .lines
        .iter()
        .find(|l| l.usage_type == "LCUUsage" && l.resource_id.is_none())
        .unwrap();
    assert_eq!(lcu.billed_quantity, 216.0);
    assert_eq!(lcu.status, Status::ModelLow);
}

#[tokio::test]
async fn days_older_than_14_are_not_asked_per_resource() {
    let (first, second) = account_pages();
    let resources = mock!(Client::get_cost_and_usage_with_resources)
        .then_output(|| GetCostAndUsageWithResourcesOutput::builder().build());
    let client = mock_client!(
        aws_sdk_costexplorer,
        RuleMode::MatchAny,
        [&first, &second, &resources]
    );
    let bill = read(&client, &query(day(30))).await.unwrap();
    assert_eq!(resources.num_calls(), 0);
    assert_eq!(bill.requests.unwrap().count, 2);
    assert!(bill.notes.is_empty());
}

#[test]
fn the_filter_keeps_to_albs_api_gateway_and_the_modelled_vpc_usage_types() {
    let q = Query {
        regions: vec!["us-east-1".to_owned(), "eu-west-1".to_owned()],
        ..query(day(5))
    };
    let f = filter(&q, &q.accounts);
    let parts = f.and();
    assert_eq!(parts.len(), 3);
    let services = parts[0].or();
    let elb = services[0].and();
    assert_eq!(elb[0].dimensions().unwrap().values(), [ELB_SERVICE]);
    assert_eq!(
        elb[1].dimensions().unwrap().key(),
        Some(&Dimension::Operation)
    );
    assert_eq!(elb[1].dimensions().unwrap().values(), [ALB_OPERATION]);
    let vpc = services[2].and();
    assert_eq!(
        vpc[1].dimensions().unwrap().values(),
        [
            "USE1-PublicIPv4:InUseAddress",
            "USE1-VpcEndpoint-Hours",
            "USE1-VpcEndpoint-Bytes",
            "EU-PublicIPv4:InUseAddress",
            "EU-VpcEndpoint-Hours",
            "EU-VpcEndpoint-Bytes",
        ]
    );
    assert_eq!(
        parts[1].dimensions().unwrap().key(),
        Some(&Dimension::LinkedAccount)
    );
    assert_eq!(
        parts[2].dimensions().unwrap().values(),
        ["us-east-1", "eu-west-1"]
    );
    // SERVICE_CODE is for cost category rules only: never sent.
    assert!(!format!("{f:?}").contains("ServiceCode"));
}
