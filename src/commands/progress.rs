//! Progress on stderr while a scan runs: only on a terminal and never with --quiet, so that
//! logs and scheduled runs stay clean.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::collect::registry::Op;
use crate::collect::{CallStats, RegionDone};
use crate::model::Snapshot;

pub struct Progress {
    bar: Option<ProgressBar>,
    resources: Arc<AtomicUsize>,
    last: Arc<Mutex<String>>,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos}/{len} account×region {wide_msg} [{elapsed}]",
                )
                .expect("a valid progress template"),
            );
            bar.set_message("listing accounts and regions");
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            resources: Arc::default(),
            last: Arc::default(),
        }
    }

    pub fn callback(&self) -> Option<Arc<dyn Fn(RegionDone) + Send + Sync>> {
        let bar = self.bar.clone()?;
        let found = self.resources.clone();
        let last = self.last.clone();
        Some(Arc::new(move |done: RegionDone| {
            bar.set_length(done.total_tasks as u64);
            found.fetch_add(done.resources, Ordering::Relaxed);
            *last.lock().expect("progress lock") = format!("{} {}", done.account_id, done.region);
            bar.inc(1);
        }))
    }

    /// Keeps the message current while regions are still being read: the metric batches of a
    /// large region take longest, and a bar that does not move looks hung.
    pub fn follow(&self, stats: Arc<CallStats>) {
        let Some(bar) = self.bar.clone() else { return };
        let (found, last) = (self.resources.clone(), self.last.clone());
        std::thread::spawn(move || {
            while !bar.is_finished() {
                bar.set_message(message(
                    found.load(Ordering::Relaxed),
                    &stats,
                    &last.lock().expect("progress lock"),
                ));
                std::thread::sleep(Duration::from_millis(250));
            }
        });
    }

    /// `resources`: how many were read (a spilled snapshot holds none itself).
    pub fn finish(&self, snapshot: &Snapshot, resources: usize) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            eprintln!(
                "read {} resources in {} account(s) and {} region(s)",
                resources,
                snapshot.account_ids.len(),
                snapshot.regions.len()
            );
        }
    }
}

fn message(resources: usize, stats: &CallStats, last: &str) -> String {
    let batches = stats
        .calls()
        .get(&Op::CloudWatchGetMetricData)
        .copied()
        .unwrap_or(0);
    let mut m = format!(
        "{resources} resources found, {batches} metric batches ({} metrics)",
        stats.metrics_requested()
    );
    if !last.is_empty() {
        m.push_str(&format!("; last done: {last}"));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_counts_resources_and_metric_batches() {
        let stats = CallStats::default();
        assert_eq!(
            message(0, &stats, ""),
            "0 resources found, 0 metric batches (0 metrics)"
        );
        stats.count(Op::CloudWatchGetMetricData);
        stats.count(Op::CloudWatchGetMetricData);
        stats.add_metrics_requested("123456789012", "eu-west-1", 700);
        assert_eq!(
            message(12, &stats, "123456789012 eu-west-1"),
            "12 resources found, 2 metric batches (700 metrics); last done: 123456789012 eu-west-1"
        );
    }
}
