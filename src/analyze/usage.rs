//! A resource's CloudWatch series reduced to the quantities billing needs.

use std::collections::HashMap;

use crate::model::metric::{alb, api};
use crate::model::{Resource, ResourceConfig, ResourceKind, Snapshot};

/// Hour-by-hour usage of one resource over the window. For a REST stage whose name is shared
/// by several REST APIs, the shared series is divided among them (see [`rest_share`]).
#[derive(Debug, Clone, Default)]
pub struct UsageView {
    /// Requests per hour (RequestCount, Count, or MessageCount for WebSocket APIs).
    pub requests: Vec<f64>,
    /// Bytes per hour where measured (ALB ProcessedBytes, HTTP API DataProcessed).
    pub bytes: Option<Vec<f64>>,
    /// ALB only.
    pub alb: Option<AlbSeries>,
    /// WebSocket only: $connect messages per hour.
    pub connects: Vec<f64>,
    pub has_data: bool,
}

#[derive(Debug, Clone, Default)]
pub struct AlbSeries {
    pub consumed_lcus: Vec<f64>,
    /// Hour by hour, whether ConsumedLCUs had a datapoint (where it has one, it is the bill).
    pub consumed_present: Vec<bool>,
    /// PeakLCUs' hourly Maximum, read only for ALBs with an LCU reservation; `None` when the
    /// snapshot has no datapoint of it.
    pub peak_lcus: Option<Vec<f64>>,
    pub new_connections: Vec<f64>,
    pub active_connections: Vec<f64>,
    pub lambda_bytes: Vec<f64>,
    pub rule_evaluations: Vec<f64>,
}

/// What the steps across resources need of one resource's usage: kept for every resource at
/// once, where a [`UsageView`] is kept for one resource at a time.
#[derive(Debug, Clone, Copy)]
pub struct Traffic {
    /// Requests over the window, as [`UsageView::total_requests`] counts them.
    pub requests: f64,
    pub has_data: bool,
}

impl UsageView {
    pub fn total_requests(&self) -> f64 {
        self.requests.iter().sum()
    }

    pub fn total_bytes(&self) -> Option<f64> {
        self.bytes.as_ref().map(|b| b.iter().sum())
    }

    /// Mean bytes per request over the window, where both are measured.
    pub fn mean_request_bytes(&self) -> Option<f64> {
        let requests = self.total_requests();
        self.total_bytes()
            .filter(|_| requests > 0.0)
            .map(|b| b / requests)
    }

    /// Requests per day, oldest first (a last partial day is dropped unless it is the only one).
    pub fn daily_requests(&self) -> Vec<f64> {
        let days: Vec<f64> = self
            .requests
            .chunks_exact(24)
            .map(|d| d.iter().sum())
            .collect();
        if days.is_empty() && !self.requests.is_empty() {
            vec![self.total_requests()]
        } else {
            days
        }
    }
}

/// How many REST APIs of the same account and region share each (name, stage) series.
pub fn rest_share(snapshot: &Snapshot) -> HashMap<(String, String, String, String), usize> {
    let mut counts = HashMap::new();
    for r in &snapshot.resources {
        if let ResourceConfig::RestApi(api) = &r.config {
            for s in &api.stages {
                *counts
                    .entry((
                        r.account_id.clone(),
                        r.region.clone(),
                        api.name.clone(),
                        s.name.clone(),
                    ))
                    .or_insert(0) += 1;
            }
        }
    }
    counts
}

pub fn view(
    r: &Resource,
    hours: usize,
    shares: &HashMap<(String, String, String, String), usize>,
) -> UsageView {
    let u = &r.usage;
    let has_data = u.series.iter().any(|s| s.has_data);
    match r.kind {
        ResourceKind::Alb => UsageView {
            requests: u.hourly(alb::REQUEST_COUNT, hours),
            bytes: Some(u.hourly(alb::PROCESSED_BYTES, hours)),
            alb: Some(AlbSeries {
                consumed_lcus: u.hourly(alb::CONSUMED_LCUS, hours),
                consumed_present: u.present(alb::CONSUMED_LCUS, hours),
                peak_lcus: u
                    .of(alb::PEAK_LCUS)
                    .any(|s| s.has_data)
                    .then(|| u.hourly(alb::PEAK_LCUS, hours)),
                new_connections: u.hourly(alb::NEW_CONNECTION_COUNT, hours),
                active_connections: u.hourly(alb::ACTIVE_CONNECTION_COUNT, hours),
                lambda_bytes: u.hourly(alb::LAMBDA_TARGET_PROCESSED_BYTES, hours),
                rule_evaluations: u.hourly(alb::RULE_EVALUATIONS, hours),
            }),
            connects: Vec::new(),
            has_data,
        },
        ResourceKind::RestApi => {
            let mut requests = vec![0.0; hours];
            for s in u.of(api::COUNT) {
                let stage = s.stage.clone().unwrap_or_default();
                let n = shares
                    .get(&(
                        r.account_id.clone(),
                        r.region.clone(),
                        r.name.clone(),
                        stage,
                    ))
                    .copied()
                    .unwrap_or(1)
                    .max(1) as f64;
                for (o, v) in requests.iter_mut().zip(s.hourly.iter()) {
                    *o += v / n;
                }
            }
            UsageView {
                requests,
                bytes: None,
                alb: None,
                connects: Vec::new(),
                has_data,
            }
        }
        ResourceKind::HttpApi => UsageView {
            requests: u.hourly(api::COUNT, hours),
            bytes: Some(u.hourly(api::DATA_PROCESSED, hours)),
            alb: None,
            connects: Vec::new(),
            has_data,
        },
        ResourceKind::WebsocketApi => UsageView {
            requests: u.hourly(api::MESSAGE_COUNT, hours),
            bytes: None,
            alb: None,
            connects: u.hourly(api::CONNECT_COUNT, hours),
            has_data,
        },
    }
}
