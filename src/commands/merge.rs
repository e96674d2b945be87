use std::path::{Path, PathBuf};

use super::{Failure, Outcome};
use crate::model::{MetricRequests, Organization, ServiceQuota, Snapshot};
use crate::output;

pub fn run(paths: &[PathBuf], out: &Path) -> Result<Outcome, Failure> {
    let snapshots = paths
        .iter()
        .map(|p| output::read_snapshot(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure::failed)?;
    let merged = merge(snapshots).map_err(Failure::Failed)?;
    output::write_snapshot(out, &merged).map_err(Failure::failed)?;
    Ok(super::collect::outcome(&merged))
}

/// One snapshot of every resource, account, region, gap, note and CloudWatch request count of
/// the inputs. They must cover the same window: series of different hours cannot be added up.
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
        // Shards of one organization each name it: their accounts tier together.
        merged.organizations.extend(s.organizations);
        merged.service_quotas.extend(s.service_quotas);
        // Shards of one organization scan name their own accounts; the first name read wins.
        for (id, name) in s.account_names {
            merged.account_names.entry(id).or_insert(name);
        }
        // Endpoints are known where some input read them (older inputs did not).
        merged.vpc_endpoints = match (merged.vpc_endpoints.take(), s.vpc_endpoints) {
            (Some(mut ours), Some(theirs)) => {
                ours.extend(theirs);
                Some(ours)
            }
            (ours, theirs) => ours.or(theirs),
        };
        // One input that does not say what it requested leaves the total unknown.
        merged.cloudwatch_requests =
            match (merged.cloudwatch_requests.take(), s.cloudwatch_requests) {
                (Some(mut ours), Some(theirs)) => {
                    ours.extend(theirs);
                    Some(ours)
                }
                _ => None,
            };
    }
    crate::model::Resource::sort(&mut merged.resources);
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
    // Unlike a resource read by two overlapping shards, which counts once, their requests
    // add up: each shard's scan was billed for its own.
    merged.cloudwatch_requests = merged.cloudwatch_requests.map(MetricRequests::combined);
    merged.organizations = Organization::combined(std::mem::take(&mut merged.organizations));
    merged.service_quotas = ServiceQuota::combined(std::mem::take(&mut merged.service_quotas));
    if let Some(endpoints) = merged.vpc_endpoints.as_mut() {
        // The same endpoint read by two overlapping shards counts once.
        endpoints.sort_by(|a, b| {
            (&a.account_id, &a.region, &a.id).cmp(&(&b.account_id, &b.region, &b.id))
        });
        endpoints.dedup_by(|a, b| {
            (&a.account_id, &a.region, &a.id) == (&b.account_id, &b.region, &b.id)
        });
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &[u8] = include_bytes!("../../tests/data/minimal-snapshot.json");

    fn snapshot(recorded: Option<Vec<MetricRequests>>) -> Snapshot {
        let mut s = crate::output::parse_snapshot("minimal.json", MINIMAL).unwrap();
        s.cloudwatch_requests = recorded;
        s
    }

    #[test]
    fn requests_add_up_per_account_and_region() {
        let a = snapshot(Some(vec![
            MetricRequests::new("111111111111", "us-east-1", 100, 1),
            MetricRequests::new("111111111111", "eu-west-1", 50, 1),
        ]));
        // An overlapping shard: its resources count once, but its requests were billed too.
        let b = snapshot(Some(vec![
            MetricRequests::new("222222222222", "us-east-1", 7, 1),
            MetricRequests::new("111111111111", "us-east-1", 30, 2),
        ]));
        let merged = merge(vec![a.clone(), b]).unwrap();
        assert_eq!(merged.resources, a.resources);
        assert_eq!(
            merged.cloudwatch_requests,
            Some(vec![
                MetricRequests::new("111111111111", "eu-west-1", 50, 1),
                MetricRequests::new("111111111111", "us-east-1", 130, 3),
                MetricRequests::new("222222222222", "us-east-1", 7, 1),
            ])
        );
    }

    #[test]
    fn an_input_that_does_not_record_requests_makes_them_unknown() {
        let recorded = || {
            snapshot(Some(vec![MetricRequests::new(
                "111111111111",
                "us-east-1",
                100,
                1,
            )]))
        };
        for inputs in [
            vec![recorded(), snapshot(None)],
            vec![snapshot(None), recorded()],
            vec![recorded(), snapshot(None), recorded()],
        ] {
            assert_eq!(merge(inputs).unwrap().cloudwatch_requests, None);
        }
        assert_eq!(
            merge(vec![recorded()]).unwrap().cloudwatch_requests,
            Some(vec![MetricRequests::new(
                "111111111111",
                "us-east-1",
                100,
                1
            )])
        );
    }

    #[test]
    fn shards_of_one_organization_keep_it_with_all_their_accounts() {
        let org = |accounts: &[&str]| Organization {
            id: "o-abc123".to_owned(),
            management_account_id: "111111111111".to_owned(),
            account_ids: accounts.iter().map(|a| (*a).to_owned()).collect(),
        };
        let shard = |accounts: &[&str]| {
            let mut s = snapshot(None);
            s.organizations = vec![org(accounts)];
            s
        };
        let merged = merge(vec![
            shard(&["333333333333", "222222222222"]),
            shard(&["444444444444", "222222222222"]),
            snapshot(None),
        ])
        .unwrap();
        assert_eq!(
            merged.organizations,
            vec![org(&["222222222222", "333333333333", "444444444444"])]
        );
        assert_eq!(merged.billing_family("444444444444"), "o-abc123");
        assert_eq!(merged.billing_family("999999999999"), "999999999999");
    }

    #[test]
    fn absurd_counts_saturate_instead_of_overflowing() {
        let big = || {
            snapshot(Some(vec![MetricRequests::new(
                "1",
                "us-east-1",
                u64::MAX,
                u64::MAX,
            )]))
        };
        let merged = merge(vec![big(), big()]).unwrap();
        assert_eq!(
            merged.cloudwatch_requests,
            Some(vec![MetricRequests::new(
                "1",
                "us-east-1",
                u64::MAX,
                u64::MAX
            )])
        );
    }

    #[test]
    fn shards_that_read_the_same_quota_keep_one_entry() {
        use crate::model::QuotaCode;
        let q = |region: &str, applied_value| ServiceQuota {
            account_id: "123456789012".into(),
            region: region.into(),
            quota: QuotaCode::ApiGatewayThrottleRate,
            applied_value,
        };
        let mut a = snapshot(None);
        a.service_quotas = vec![q("us-east-1", None), q("eu-west-1", Some(20_000.0))];
        let mut b = snapshot(None);
        b.service_quotas = vec![
            q("us-east-1", Some(15_000.0)),
            q("eu-west-1", Some(20_000.0)),
        ];
        let merged = merge(vec![a, b]).unwrap();
        // Sorted by account, region and quota; an applied value read by one shard wins over
        // "none applied" read by another.
        assert_eq!(
            merged.service_quotas,
            vec![
                q("eu-west-1", Some(20_000.0)),
                q("us-east-1", Some(15_000.0))
            ]
        );
    }
}
