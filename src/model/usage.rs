use serde::{Deserialize, Serialize};

/// A resource's CloudWatch usage over the window: one hourly series per metric (and per stage
/// for APIs, whose metrics are stage-scoped).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Usage {
    pub series: Vec<MetricSeries>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MetricSeries {
    pub namespace: String,
    pub metric: String,
    /// The CloudWatch dimensions queried, in the order AWS documents them.
    pub dimensions: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// False when CloudWatch returned no datapoint at all: zero traffic and a missing series
    /// look the same in the hourly values, and a reader must be able to tell them apart.
    pub has_data: bool,
    /// One value per hour of the window, oldest first; hours without a datapoint are zero.
    pub hourly: Vec<f64>,
}

impl MetricSeries {
    pub fn total(&self) -> f64 {
        self.hourly.iter().sum()
    }
}

impl Usage {
    pub fn of<'a>(&'a self, metric: &'a str) -> impl Iterator<Item = &'a MetricSeries> + 'a {
        self.series.iter().filter(move |s| s.metric == metric)
    }

    /// The hour-by-hour sum of a metric over all its series (all stages of an API).
    pub fn hourly(&self, metric: &str, hours: usize) -> Vec<f64> {
        let mut out = vec![0.0; hours];
        for s in self.of(metric) {
            for (o, v) in out.iter_mut().zip(&s.hourly) {
                *o += v;
            }
        }
        out
    }

    pub fn total(&self, metric: &str) -> f64 {
        self.of(metric).map(MetricSeries::total).sum()
    }
}
