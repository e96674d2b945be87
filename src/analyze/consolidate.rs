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
    for ((account, region, _, _), members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        let rules: usize = members
            .iter()
            .map(|&i| match &snapshot.resources[i].config {
                ResourceConfig::Alb(alb) => alb.rules_when_shared(),
                _ => 0,
            })
            .sum();
        // One ALB holds the account's rules quota (100 by default, excluding the default
        // rules), as Service Quotas reported it where collect read it.
        let quota = features::Quota::from_reading(
            features::AppliedQuotas::of(&snapshot.service_quotas, &account, &region).alb_rules,
            features::ALB_RULES_PER_LOAD_BALANCER as f64,
        )
        .value;
        if rules as f64 > quota {
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
                    "{name} and {} other low-traffic ALB(s) in the same VPC fit on {host} with host-based rules ({rules} rules of the {quota} allowed); its fixed charges of ${:.2} a month go away.",
                    members.len() - 1,
                    round_cents(fixed)
                ),
                one_off_usd: None,
                payback_months: None,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::{analyze, Action, Assumptions};
    use crate::model::{QuotaCode, ResourceConfig, Rule, ServiceQuota, Snapshot};
    use crate::pricing::PriceBook;

    fn sample() -> Snapshot {
        crate::output::parse_snapshot(
            "sample",
            include_bytes!("../../examples/sample-account.json"),
        )
        .unwrap()
    }

    fn action_of(snapshot: &Snapshot, name: &str) -> (Action, String) {
        let a = analyze(snapshot, &PriceBook::embedded(), &Assumptions::default());
        let r = a.resources.iter().find(|r| r.name == name).unwrap();
        (r.recommendation.action, r.recommendation.reason.clone())
    }

    /// promo-eu folds into shop-eu in the sample; with 120 rules of its own the group passes
    /// the default quota of 100 rules, and fits again where the account's applied quota is 200.
    #[test]
    fn consolidation_fits_the_rules_into_the_accounts_applied_quota() {
        let mut snapshot = sample();
        assert_eq!(action_of(&snapshot, "promo-eu").0, Action::Consolidate);
        let promo = snapshot
            .resources
            .iter_mut()
            .find(|r| r.name == "promo-eu")
            .unwrap();
        let (account, region) = (promo.account_id.clone(), promo.region.clone());
        let ResourceConfig::Alb(alb) = &mut promo.config else {
            panic!("promo-eu is an ALB");
        };
        let listener = &mut alb.listeners[0];
        for i in 0..120 {
            listener.rules.push(Rule {
                arn: format!("{}/rule-{i}", listener.arn),
                priority: (i + 1).to_string(),
                is_default: false,
                conditions: Vec::new(),
                actions: Vec::new(),
                transforms: Vec::new(),
            });
        }
        assert_ne!(action_of(&snapshot, "promo-eu").0, Action::Consolidate);
        snapshot.service_quotas.push(ServiceQuota {
            account_id: account,
            region,
            quota: QuotaCode::AlbRulesPerLoadBalancer,
            applied_value: Some(200.0),
        });
        let (action, reason) = action_of(&snapshot, "promo-eu");
        assert_eq!(action, Action::Consolidate);
        assert!(reason.contains("of the 200 allowed"), "{reason}");
    }
}
