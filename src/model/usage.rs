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
    pub hourly: Hourly,
    /// The hours that had at least one datapoint, as half-open runs `[start, end)` of hour
    /// indices: a zero in `hourly` is either a measured zero or no datapoint, and billing
    /// needs to know which (ConsumedLCUs bills where it reports). `None` in snapshots written
    /// before collect recorded it: see [`MetricSeries::mark_present`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present_hours: Option<Vec<[u32; 2]>>,
}

/// One value per hour of the window, oldest first, written in the snapshot as a JSON array.
///
/// Hourly series are most of a snapshot's memory (an organization's run to hundreds of MB), so
/// they are held to their exact length, and a series whose every hour is zero (an idle
/// resource; an ALB's Lambda bytes without Lambda targets; the cache metrics of an API without
/// a cache: about three series in ten of the benchmark in docs/performance.md) is held as its
/// length alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hourly {
    /// Empty while every hour is zero, otherwise one value per hour.
    values: Box<[f64]>,
    hours: usize,
}

impl Hourly {
    /// `hours` hours of zero.
    pub fn zeros(hours: usize) -> Self {
        Hourly {
            values: Box::default(),
            hours,
        }
    }

    pub fn len(&self) -> usize {
        self.hours
    }

    pub fn is_empty(&self) -> bool {
        self.hours == 0
    }

    /// Hour `h`'s value, `None` past the window.
    pub fn get(&self, h: usize) -> Option<f64> {
        (h < self.hours).then(|| self.values.get(h).copied().unwrap_or(0.0))
    }

    /// The values, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        let zeros = if self.values.is_empty() {
            self.hours
        } else {
            0
        };
        self.values
            .iter()
            .copied()
            .chain(std::iter::repeat_n(0.0, zeros))
    }

    pub fn to_vec(&self) -> Vec<f64> {
        self.iter().collect()
    }

    /// Adds `v` to hour `h`; false (and nothing added) past the window.
    pub fn add(&mut self, h: usize, v: f64) -> bool {
        if h >= self.hours {
            return false;
        }
        if self.values.is_empty() {
            if v == 0.0 {
                return true;
            }
            self.values = vec![0.0; self.hours].into_boxed_slice();
        }
        self.values[h] += v;
        true
    }
}

impl From<Vec<f64>> for Hourly {
    fn from(values: Vec<f64>) -> Self {
        let hours = values.len();
        if values.iter().all(|v| *v == 0.0) {
            return Hourly::zeros(hours);
        }
        Hourly {
            values: values.into_boxed_slice(),
            hours,
        }
    }
}

impl Serialize for Hourly {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Hourly {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<f64>::deserialize(d).map(Hourly::from)
    }
}

impl MetricSeries {
    pub fn total(&self) -> f64 {
        self.hourly.iter().sum()
    }

    /// Sets `present[h]` for every hour `h` that had a datapoint, in one pass over the runs.
    /// Without recorded hours (older snapshots), a series with data counts as present in every
    /// hour whose value is non-zero: an hour whose datapoint was exactly zero then reads as
    /// missing.
    pub fn mark_present(&self, present: &mut [bool]) {
        match &self.present_hours {
            Some(runs) => {
                for &[start, end] in runs {
                    let end = (end as usize).min(present.len());
                    for p in present.iter_mut().take(end).skip(start as usize) {
                        *p = true;
                    }
                }
            }
            None if self.has_data => {
                for (p, v) in present.iter_mut().zip(self.hourly.iter()) {
                    *p |= v != 0.0;
                }
            }
            None => {}
        }
    }

    /// The runs of `present` hours, for [`MetricSeries::present_hours`].
    pub fn runs_of(present: &[bool]) -> Vec<[u32; 2]> {
        let mut runs: Vec<[u32; 2]> = Vec::new();
        for (h, _) in present.iter().enumerate().filter(|(_, p)| **p) {
            let h = h as u32;
            match runs.last_mut() {
                Some(last) if last[1] == h => last[1] = h + 1,
                _ => runs.push([h, h + 1]),
            }
        }
        runs
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
            for (o, v) in out.iter_mut().zip(s.hourly.iter()) {
                *o += v;
            }
        }
        out
    }

    pub fn total(&self, metric: &str) -> f64 {
        self.of(metric).map(MetricSeries::total).sum()
    }

    /// Hour by hour, whether any series of `metric` had a datapoint.
    pub fn present(&self, metric: &str, hours: usize) -> Vec<bool> {
        let mut out = vec![false; hours];
        for s in self.of(metric) {
            s.mark_present(&mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(hourly: Vec<f64>, has_data: bool, present: Option<Vec<[u32; 2]>>) -> MetricSeries {
        MetricSeries {
            namespace: "AWS/ApplicationELB".to_owned(),
            metric: "ConsumedLCUs".to_owned(),
            dimensions: Vec::new(),
            stage: None,
            has_data,
            hourly: hourly.into(),
            present_hours: present,
        }
    }

    #[test]
    fn hourly_values_write_the_json_array_they_were_read_from() {
        for text in ["[0.0,0.0,0.0]", "[0.0,1.5,0.0]", "[]", "[2.0]"] {
            let h: Hourly = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&h).unwrap(), text);
        }
        let zeros: Hourly = serde_json::from_str("[0.0,0.0,0.0]").unwrap();
        assert_eq!(
            (zeros.len(), zeros.get(2), zeros.get(3)),
            (3, Some(0.0), None)
        );
        assert!(
            zeros.values.is_empty(),
            "a series of zeros is held as its length"
        );
        assert_eq!(zeros, Hourly::zeros(3));
    }

    #[test]
    fn adding_to_hours_keeps_zeros_compact_until_a_value_arrives() {
        let mut h = Hourly::zeros(4);
        assert!(h.add(1, 0.0));
        assert!(h.values.is_empty());
        assert!(h.add(2, 1.5) && h.add(2, 1.0));
        assert!(!h.add(4, 9.0), "past the window");
        assert_eq!(h.to_vec(), [0.0, 0.0, 2.5, 0.0]);
        assert_eq!(h, Hourly::from(vec![0.0, 0.0, 2.5, 0.0]));
    }

    /// The hours of `s` that had a datapoint, over `hours` hours.
    fn present(s: &MetricSeries, hours: usize) -> Vec<bool> {
        let mut out = vec![false; hours];
        s.mark_present(&mut out);
        out
    }

    #[test]
    fn present_hours_of_every_series_of_a_metric_are_marked() {
        let recorded = series(vec![0.0; 10], true, Some(vec![[0, 2], [3, 4], [6, 12]]));
        let mut older = series(vec![0.0; 10], true, None);
        older.hourly = vec![0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0].into();
        let silent = series(vec![0.0; 10], false, None);
        let usage = Usage {
            series: vec![recorded, older, silent],
        };
        // Recorded runs (the last one past the window) and the older series' non-zero hours.
        let (t, f) = (true, false);
        assert_eq!(
            usage.present("ConsumedLCUs", 10),
            [t, t, t, t, f, t, t, t, t, t]
        );
    }

    #[test]
    fn runs_encode_present_hours_compactly() {
        let p = [true, true, false, true, false, false, true, true, true];
        assert_eq!(MetricSeries::runs_of(&p), vec![[0, 2], [3, 4], [6, 9]]);
        assert!(MetricSeries::runs_of(&[false, false]).is_empty());
    }

    #[test]
    fn recorded_hours_tell_a_measured_zero_from_a_missing_datapoint() {
        let s = series(vec![0.0, 0.0, 2.0], true, Some(vec![[0, 1], [2, 3]]));
        let p = present(&s, 4);
        assert!(p[0], "a datapoint of zero is present");
        assert!(!p[1]);
        assert!(p[2]);
        assert!(!p[3]);
    }

    #[test]
    fn older_snapshots_count_non_zero_hours_of_a_series_with_data() {
        let s = series(vec![0.0, 1.5, 0.0], true, None);
        assert_eq!(present(&s, 3), [false, true, false]);
        let silent = series(vec![0.0; 3], false, None);
        assert!(!present(&silent, 3).contains(&true));
    }

    #[test]
    fn old_json_without_present_hours_still_reads() {
        let json = r#"{"namespace":"AWS/ApplicationELB","metric":"ConsumedLCUs","dimensions":[],"has_data":true,"hourly":[1.0]}"#;
        let s: MetricSeries = serde_json::from_str(json).unwrap();
        assert_eq!(s.present_hours, None);
        assert_eq!(present(&s, 1), [true]);
    }
}
