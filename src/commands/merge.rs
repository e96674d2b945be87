use std::path::{Path, PathBuf};

use super::{Failure, Outcome};
use crate::model::Snapshot;
use crate::output;

pub fn run(paths: &[PathBuf], out: &Path) -> Result<Outcome, Failure> {
    let snapshots = paths
        .iter()
        .map(|p| output::read_snapshot(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure::failed)?;
    let merged = merge(snapshots).map_err(Failure::Failed)?;
    output::write_atomic(out, &output::snapshot_to_json(&merged)).map_err(Failure::failed)?;
    Ok(super::collect::outcome(&merged))
}

/// One snapshot of every resource, account, region, gap and note of the inputs. They must
/// cover the same window: series of different hours cannot be added up.
pub fn merge(snapshots: Vec<Snapshot>) -> Result<Snapshot, String> {
    let mut iter = snapshots.into_iter();
    let mut merged = iter.next().ok_or("no snapshot to merge")?;
    for s in iter {
        if s.window != merged.window {
            return Err(format!(
                "the snapshots cover different windows ({} to {} and {} to {}); collect the shards with the same --days and --window-end",
                merged.window.start, merged.window.end, s.window.start, s.window.end
            ));
        }
        if s.partition != merged.partition {
            return Err(format!(
                "the snapshots come from different partitions ({} and {})",
                merged.partition, s.partition
            ));
        }
        merged.collected_at = merged.collected_at.min(s.collected_at);
        merged.resources.extend(s.resources);
        merged.account_ids.extend(s.account_ids);
        merged.regions.extend(s.regions);
        merged.gaps.extend(s.gaps);
        merged.notes.extend(s.notes);
    }
    merged.resources.sort_by(|a, b| {
        (&a.account_id, &a.region, a.kind, &a.name, &a.id).cmp(&(
            &b.account_id,
            &b.region,
            b.kind,
            &b.name,
            &b.id,
        ))
    });
    // The same resource read by two shards (overlapping inputs) counts once.
    merged.resources.dedup_by(|a, b| {
        (&a.account_id, &a.region, a.kind, &a.id) == (&b.account_id, &b.region, b.kind, &b.id)
    });
    merged.account_ids.sort();
    merged.account_ids.dedup();
    let mut seen = Vec::new();
    merged.regions.retain(|r| {
        let new = !seen.contains(r);
        seen.push(r.clone());
        new
    });
    merged.gaps.sort();
    merged.gaps.dedup();
    merged.notes.sort();
    merged.notes.dedup();
    Ok(merged)
}
