use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Failure, Outcome};
use crate::cli::Common;
use crate::collect::{self, CallStats, CollectError, CollectOptions};
use crate::model::Snapshot;
use crate::output;

pub async fn run(common: &Common, out: &Path) -> Result<Outcome, Failure> {
    let snapshot = collect_snapshot(common).await?;
    output::write_atomic(out, &output::snapshot_to_json(&snapshot)).map_err(Failure::failed)?;
    Ok(outcome(&snapshot))
}

pub fn outcome(snapshot: &Snapshot) -> Outcome {
    if snapshot.gaps.is_empty() {
        Outcome::Complete
    } else {
        Outcome::CoverageIncomplete
    }
}

pub async fn collect_snapshot(common: &Common) -> Result<Snapshot, Failure> {
    let started = Instant::now();
    let progress = super::progress::Progress::new(common.quiet);
    let opts = CollectOptions {
        profile: common.profile.clone(),
        regions: common.regions.clone(),
        endpoint_url: common.endpoint_url.clone(),
        days: common.days,
        concurrency: usize::from(common.concurrency),
        calls_per_region: 4,
        operation_timeout: Duration::from_secs(common.timeout),
        // The window ends at the last full hour before this instant.
        now: common.window_end.unwrap_or_else(chrono::Utc::now),
        all_regions: common.all_regions,
        org_role: common.org_role.clone(),
        external_id: common.external_id.clone(),
        accounts: common.accounts.clone(),
        shard: common.shard,
        on_region_done: progress.callback(),
    };
    let stats = Arc::new(CallStats::default());
    progress.follow(stats.clone());
    let config = collect::load_sdk_config(&opts).await;
    let snapshot = collect::collect(&opts, &config, stats.clone())
        .await
        .map_err(|e| match e {
            CollectError::NoRegion => Failure::Usage(e.to_string()),
            CollectError::Organization { .. } => Failure::Failed(e.to_string()),
            CollectError::Identity { .. } => match &common.profile {
                Some(p) => Failure::Failed(format!(
                    "{e} (profile '{p}': is it defined in ~/.aws/config, and is its session current?)"
                )),
                None => Failure::Failed(e.to_string()),
            },
        })?;
    progress.finish(&snapshot);
    if common.stats {
        print_stats(&stats, started.elapsed());
    }
    Ok(snapshot)
}

fn print_stats(stats: &CallStats, wall: Duration) {
    let calls = stats.calls();
    let total: u64 = calls.values().sum();
    eprintln!("API calls (service operation count):");
    for (op, n) in &calls {
        let info = op.info();
        eprintln!("  {:<14} {:<32} {n:>7}", info.service, info.operation);
    }
    eprintln!("  {:<47} {total:>7}", "total");
    eprintln!(
        "metrics requested from GetMetricData: {}",
        stats.metrics_requested()
    );
    eprintln!("wall time: {:.2} s", wall.as_secs_f64());
}
