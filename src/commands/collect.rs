use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Failure, Outcome};
use crate::analyze::{price_scan, ScanCost};
use crate::cli::Common;
use crate::collect::{self, spill::Spill, CallStats, CollectError, CollectOptions};
use crate::model::Snapshot;
use crate::pricing::PriceBook;
use crate::report::{count, money_or_under_a_cent};

pub async fn run(common: &Common, out: &Path) -> Result<Outcome, Failure> {
    // The book only prices --stats; a bad price file fails before a long scan, not after.
    let book = if common.stats {
        Some(super::report::load_book(common.prices.as_deref())?)
    } else {
        None
    };
    // The resources wait in a file beside the output as their regions are read (see
    // collect/spill.rs): an organization's series are never all in memory at once.
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut spill = Spill::new_in(dir).map_err(|e| {
        Failure::Failed(format!(
            "cannot write into {}: {e}; choose a writable path",
            dir.display()
        ))
    })?;
    let snapshot = collect_snapshot(common, book.as_ref(), Some(&mut spill)).await?;
    spill
        .write_snapshot(&snapshot, out)
        .map_err(Failure::failed)?;
    Ok(outcome(&snapshot))
}

pub fn outcome(snapshot: &Snapshot) -> Outcome {
    if snapshot.gaps.is_empty() {
        Outcome::Complete
    } else {
        Outcome::CoverageIncomplete
    }
}

/// Collects what `common` names; with `--stats`, prints the run's calls and prices its
/// CloudWatch requests with `book` (the embedded book when `None`).
/// With a `spill`, the resources go there and the snapshot returned holds none.
pub async fn collect_snapshot(
    common: &Common,
    book: Option<&PriceBook>,
    mut spill: Option<&mut Spill>,
) -> Result<Snapshot, Failure> {
    let started = Instant::now();
    let collected_at = chrono::Utc::now();
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
        now: common.window_end.unwrap_or(collected_at),
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
    let snapshot = collect::collect_to(&opts, &config, stats.clone(), spill.as_deref_mut())
        .await
        .map_err(|e| match e {
            CollectError::NoRegion => Failure::Usage(e.to_string()),
            CollectError::Organization { .. } | CollectError::Spill(_) => {
                Failure::Failed(e.to_string())
            }
            CollectError::Identity { .. } => match &common.profile {
                Some(p) => Failure::Failed(format!(
                    "{e} (profile '{p}': is it defined in ~/.aws/config, and is its session current?)"
                )),
                None => Failure::Failed(e.to_string()),
            },
        })?;
    // When the run happened, whatever window it read: reports written into one folder are
    // named by it, so two runs over the same --window-end must not share a name.
    let snapshot = Snapshot {
        collected_at,
        ..snapshot
    };
    let read = spill.map_or(snapshot.resources.len(), |s| s.len());
    progress.finish(&snapshot, read);
    if common.stats {
        match book {
            Some(book) => print_stats(&stats, started.elapsed(), book),
            None => print_stats(&stats, started.elapsed(), &PriceBook::embedded()),
        }
    }
    Ok(snapshot)
}

fn print_stats(stats: &CallStats, wall: Duration, book: &PriceBook) {
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
    eprintln!(
        "{}",
        scan_cost_line(&price_scan(&stats.metric_requests(), book))
    );
    eprintln!("wall time: {:.2} s", wall.as_secs_f64());
}

fn scan_cost_line(scan: &ScanCost) -> String {
    let mut line = format!(
        "CloudWatch cost of this scan: {} ({} metrics requested, GetMetricData priced per region from the price book",
        money_or_under_a_cent(scan.cloudwatch_usd),
        count(scan.metrics_requested as f64)
    );
    if !scan.unpriced_regions.is_empty() {
        let unpriced = scan.unpriced_metrics();
        line.push_str(&format!(
            "; no rate for {}, whose {} metrics are left out",
            scan.unpriced_regions.join(", "),
            count(unpriced as f64)
        ));
    }
    line.push(')');
    line
}
