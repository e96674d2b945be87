//! Consolidation: low-traffic ALBs of one VPC that can share one ALB.

use std::collections::BTreeMap;

use super::types::*;
use super::{cost, features, Assumptions};
use crate::model::{ResourceConfig, Snapshot};
use crate::pricing::{round_cents, Item, HOURS_PER_MONTH};

/// Several low-traffic ALBs in one VPC, each otherwise kept, can share one ALB with host-based
/// rules: every one but the busiest saves its fixed charges (hours, public IPv4, trust stores).
pub(super) fn consolidate(
    snapshot: &Snapshot,
    resources: &mut [ResourceAnalysis],
    a: &Assumptions,
) {
    let mut groups: BTreeMap<(String, String, String, String), Vec<usize>> = BTreeMap::new();
    for (i, (r, res)) in snapshot.resources.iter().zip(resources.iter()).enumerate() {
        let ResourceConfig::Alb(alb) = &r.config else {
            continue;
        };
        // An ALB kept behind an API still pays its fixed charges, so consolidation competes
        // with that kind of migration too; it wins below where it saves more.
        let open = match res.recommendation.action {
            Action::Keep => true,
            Action::Migrate | Action::Review => cost::alb_needs_keeping(alb),
            _ => false,
        };
        if !open || !res.linked.is_empty() {
            continue;
        }
        // Low traffic: under one LCU an hour on average, so the fixed charges dominate.
        let lcu_monthly: f64 = res
            .current
            .lines
            .iter()
            .filter(|l| l.priced_as == Some(Item::AlbLcuHour))
            .map(|l| l.quantity)
            .sum();
        if lcu_monthly >= HOURS_PER_MONTH {
            continue;
        }
        groups
            .entry((
                r.account_id.clone(),
                r.region.clone(),
                alb.vpc_id.clone(),
                alb.scheme.clone(),
            ))
            .or_default()
            .push(i);
    }
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let rules: usize = members
            .iter()
            .map(|&i| match &snapshot.resources[i].config {
                ResourceConfig::Alb(alb) => alb.rules().filter(|r| !r.is_default).count().max(1),
                _ => 0,
            })
            .sum();
        // One ALB holds at most 100 rules (excluding the default).
        if rules > features::ALB_RULES_PER_LOAD_BALANCER {
            continue;
        }
        let busiest = *members
            .iter()
            .max_by(|&&x, &&y| {
                resources[x]
                    .usage
                    .requests_monthly
                    .total_cmp(&resources[y].usage.requests_monthly)
            })
            .expect("a group has members");
        let host = resources[busiest].name.clone();
        for &i in members.iter().filter(|&&i| i != busiest) {
            let fixed: f64 = resources[i]
                .current
                .lines
                .iter()
                .filter(|l| l.priced_as != Some(Item::AlbLcuHour))
                .map(|l| l.monthly_usd)
                .sum();
            if fixed < a.min_savings_usd || fixed <= resources[i].recommendation.savings_monthly_usd
            {
                continue;
            }
            let name = resources[i].name.clone();
            resources[i].recommendation = Recommendation {
                action: Action::Consolidate,
                target: Some(Target::Alb),
                savings_monthly_usd: round_cents(fixed),
                reason: format!(
                    "{name} and {} other low-traffic ALB(s) in the same VPC fit on {host} with host-based rules ({rules} rules of the 100 allowed); its fixed charges of ${:.2} a month go away.",
                    members.len() - 1,
                    round_cents(fixed)
                ),
                one_off_usd: None,
                payback_months: None,
            };
        }
    }
}
