//! Hourly usage from CloudWatch GetMetricData: the series a resource needs, and one call's
//! batch of up to 500 of them, each response followed through NextToken (a page holds at most
//! 100,800 datapoints). [`super::usage`] packs a region's series into as few batches as the API
//! allows.

use std::collections::HashMap;

use aws_sdk_cloudwatch as cw;
use aws_smithy_types::DateTime as SmithyDateTime;
use cw::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};

use super::ctx::Ctx;
use super::registry::Op;
use crate::model::{
    metric, Hourly, MetricSeries, Resource, ResourceConfig, ResourceKind, VpcEndpoint, Window,
};

pub const PERIOD_SECONDS: i32 = 3600;
/// GetMetricData's documented maximum of queries per request.
pub const MAX_QUERIES_PER_CALL: usize = 500;
/// GetMetricData's documented maximum of datapoints per response page.
pub const MAX_DATAPOINTS: i32 = 100_800;

// PeakLCUs is read only for ALBs with an LCU reservation (the call economy: one more series
// per ALB only where it tells something), at the hourly Maximum: the hour's highest
// per-minute LCUs.
use crate::model::metric::{alb::PEAK_LCUS, namespace};

/// The series a resource needs, with empty values: ALBs by `LoadBalancer`, REST stages by
/// `ApiName, Stage` (REST metrics are keyed by name), HTTP/WebSocket stages by `ApiId, Stage`,
/// in the dimension order AWS documents.
pub fn plan(resource: &Resource) -> Vec<MetricSeries> {
    let series =
        |namespace: &str, metric: &str, dims: Vec<(String, String)>, stage: Option<&str>| {
            MetricSeries {
                namespace: namespace.to_owned(),
                metric: metric.to_owned(),
                dimensions: dims,
                stage: stage.map(str::to_owned),
                has_data: false,
                hourly: Hourly::default(),
                present_hours: None,
            }
        };
    let per_stage = |metrics: &[&str], key: &str, value: &str, stages: Vec<&str>| {
        stages
            .into_iter()
            .flat_map(|stage| {
                metrics.iter().map(move |m| {
                    series(
                        namespace::API_GATEWAY,
                        m,
                        vec![
                            (key.to_owned(), value.to_owned()),
                            ("Stage".to_owned(), stage.to_owned()),
                        ],
                        Some(stage),
                    )
                })
            })
            .collect::<Vec<_>>()
    };
    match &resource.config {
        ResourceConfig::Alb(alb) => match alb.metric_dimension() {
            Some(dim) => metric::alb::READ
                .iter()
                .chain(alb.lcu_reservation.as_ref().map(|_| &PEAK_LCUS))
                .map(|m| {
                    series(
                        namespace::ALB,
                        m,
                        vec![("LoadBalancer".to_owned(), dim.to_owned())],
                        None,
                    )
                })
                .collect(),
            None => Vec::new(),
        },
        ResourceConfig::RestApi(api) => per_stage(
            &metric::api::REST_READ,
            "ApiName",
            &api.name,
            api.stages.iter().map(|s| s.name.as_str()).collect(),
        ),
        ResourceConfig::V2Api(api) => {
            let metrics: &[&str] = if resource.kind == ResourceKind::WebsocketApi {
                &metric::api::WEBSOCKET_READ
            } else {
                &metric::api::HTTP_READ
            };
            per_stage(
                metrics,
                "ApiId",
                &api.id,
                api.stages.iter().map(|s| s.name.as_str()).collect(),
            )
        }
    }
}

/// The BytesProcessed series of an interface endpoint, with the four dimensions AWS
/// documents for it, in its order: Endpoint Type, Service Name, VPC Endpoint Id, VPC Id.
pub fn plan_endpoint(e: &VpcEndpoint) -> MetricSeries {
    MetricSeries {
        namespace: namespace::PRIVATELINK_ENDPOINTS.to_owned(),
        metric: metric::endpoint::BYTES_PROCESSED.to_owned(),
        dimensions: vec![
            ("Endpoint Type".to_owned(), "Interface".to_owned()),
            ("Service Name".to_owned(), e.service_name.clone()),
            ("VPC Endpoint Id".to_owned(), e.id.clone()),
            ("VPC Id".to_owned(), e.vpc_id.clone()),
        ],
        stage: None,
        has_data: false,
        hourly: Hourly::default(),
        present_hours: None,
    }
}

/// Fetches one batch of up to [`MAX_QUERIES_PER_CALL`] series, each already holding zeros for
/// the window's hours, and records, per series, the hours that had a datapoint (whatever the
/// pages that did arrive held, should a later page fail), and how many pages it took. A failed
/// call leaves the batch's series without data and is reported as a gap naming `owner` (the
/// batch's first resource or endpoint).
pub async fn fetch_batch(
    ctx: &Ctx,
    client: &cw::Client,
    window: &Window,
    batch: &mut [MetricSeries],
    owner: Option<&str>,
) {
    let mut present: Vec<Vec<bool>> = batch.iter().map(|s| vec![false; s.hourly.len()]).collect();
    let pages = fetch_pages(ctx, client, window, batch, owner, &mut present).await;
    ctx.record_batch_pages(batch.len() as u64, pages);
    for (s, p) in batch.iter_mut().zip(&present) {
        s.present_hours = Some(MetricSeries::runs_of(p));
    }
}

async fn fetch_pages(
    ctx: &Ctx,
    client: &cw::Client,
    window: &Window,
    batch: &mut [MetricSeries],
    owner: Option<&str>,
    present: &mut [Vec<bool>],
) -> u64 {
    let queries: Vec<MetricDataQuery> =
        batch.iter().enumerate().map(|(q, s)| query(q, s)).collect();
    let by_id: HashMap<String, usize> = (0..batch.len()).map(|q| (query_id(q), q)).collect();
    let start = window.start.timestamp();
    let mut next: Option<String> = None;
    let mut pages = 0;
    ctx.record_metrics_requested(batch.len() as u64);
    loop {
        let resp = ctx
            .call(
                Op::CloudWatchGetMetricData,
                owner,
                client
                    .get_metric_data()
                    .set_metric_data_queries(Some(queries.clone()))
                    .start_time(SmithyDateTime::from_secs(start))
                    .end_time(SmithyDateTime::from_secs(window.end.timestamp()))
                    .scan_by(ScanBy::TimestampAscending)
                    .max_datapoints(MAX_DATAPOINTS)
                    .set_next_token(next.clone())
                    .send(),
            )
            .await;
        let Some(resp) = resp else { return pages };
        pages += 1;
        for result in resp.metric_data_results() {
            let Some(&q) = result.id().and_then(|id| by_id.get(id)) else {
                continue;
            };
            let series = &mut batch[q];
            for (ts, v) in result.timestamps().iter().zip(result.values()) {
                let offset = ts.secs() - start;
                if offset < 0 {
                    continue;
                }
                // Bucket by hour since the window start; points outside the window are dropped.
                let hour = (offset / 3600) as usize;
                if series.hourly.add(hour, *v) {
                    series.has_data = true;
                    present[q][hour] = true;
                }
            }
        }
        match super::ctx::token(resp.next_token()) {
            Some(t) if next.as_ref() != Some(&t) => next = Some(t),
            _ => return pages,
        }
    }
}

fn query_id(q: usize) -> String {
    // Ids must start with a lower-case letter.
    format!("q{q}")
}

fn query(q: usize, s: &MetricSeries) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace(&s.namespace)
        .metric_name(&s.metric)
        .set_dimensions(Some(
            s.dimensions
                .iter()
                .map(|(k, v)| Dimension::builder().name(k).value(v).build())
                .collect(),
        ))
        .build();
    MetricDataQuery::builder()
        .id(query_id(q))
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(PERIOD_SECONDS)
                .stat(if s.metric == PEAK_LCUS {
                    "Maximum"
                } else {
                    "Sum"
                })
                .build(),
        )
        .return_data(true)
        .build()
}
