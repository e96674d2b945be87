//! `--group-by account|region|kind|tag:KEY`: subtotals and actions per group, the way FinOps
//! reviews are run (per team or cost centre tag, per account). Every resource falls in exactly
//! one group, resources without the tag in one "untagged" group, so the subtotals add up to
//! the report's totals.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::types::{Analysis, ByAction, ResourceAnalysis};
use crate::pricing::round_cents;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    Account,
    Region,
    Kind,
    Tag(String),
}

impl GroupBy {
    pub fn parse(s: &str) -> Result<GroupBy, String> {
        match s {
            "account" => Ok(GroupBy::Account),
            "region" => Ok(GroupBy::Region),
            "kind" => Ok(GroupBy::Kind),
            _ => match s.strip_prefix("tag:") {
                Some(key) if !key.is_empty() => Ok(GroupBy::Tag(key.to_owned())),
                _ => Err(format!(
                    "'{s}' is not a grouping: use account, region, kind or tag:KEY (e.g. tag:team)"
                )),
            },
        }
    }

    /// The resource's group; None for a resource without the tag.
    fn key_of(&self, r: &ResourceAnalysis) -> Option<String> {
        match self {
            GroupBy::Account => Some(r.account_id.clone()),
            GroupBy::Region => Some(r.region.clone()),
            GroupBy::Kind => Some(r.kind.as_str().to_owned()),
            GroupBy::Tag(key) => r.tags.get(key).cloned(),
        }
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupBy::Account => f.write_str("account"),
            GroupBy::Region => f.write_str("region"),
            GroupBy::Kind => f.write_str("kind"),
            GroupBy::Tag(key) => write!(f, "tag:{key}"),
        }
    }
}

/// One group's subtotals.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GroupSummary {
    /// The account id, region, kind code or tag value; null for the resources without the tag.
    pub key: Option<String>,
    pub resources: usize,
    pub current_monthly_usd: f64,
    pub recommended_monthly_usd: f64,
    pub savings_monthly_usd: f64,
    /// Resources per recommended action.
    pub resources_by_action: ByAction<usize>,
    /// Monthly savings per recommended action (actions that save nothing are left out).
    pub savings_by_action: ByAction<f64>,
}

/// Sets the analysis's groups: largest spend first, the untagged group last.
pub fn apply(a: &mut Analysis, by: &GroupBy) {
    a.group_by = Some(by.to_string());
    a.groups = group(&a.resources, by);
}

pub fn group(resources: &[ResourceAnalysis], by: &GroupBy) -> Vec<GroupSummary> {
    let mut groups: BTreeMap<Option<String>, GroupSummary> = BTreeMap::new();
    for r in resources {
        let key = by.key_of(r);
        let g = groups.entry(key.clone()).or_insert_with(|| GroupSummary {
            key,
            ..GroupSummary::default()
        });
        let action = r.recommendation.action;
        g.resources += 1;
        g.current_monthly_usd += r.current.monthly_usd;
        g.savings_monthly_usd += r.recommendation.savings_monthly_usd;
        *g.resources_by_action.entry(action) += 1;
        if r.recommendation.savings_monthly_usd != 0.0 {
            *g.savings_by_action.entry(action) += r.recommendation.savings_monthly_usd;
        }
    }
    let mut out: Vec<GroupSummary> = groups
        .into_values()
        .map(|mut g| {
            // Each figure is a sum of whole cents, so rounding only removes float noise and the
            // groups add up to the summary exactly.
            g.current_monthly_usd = round_cents(g.current_monthly_usd);
            g.savings_monthly_usd = round_cents(g.savings_monthly_usd);
            g.recommended_monthly_usd = round_cents(g.current_monthly_usd - g.savings_monthly_usd);
            g.savings_by_action
                .values_mut()
                .for_each(|v| *v = round_cents(*v));
            g
        })
        .collect();
    out.sort_by(|x, y| {
        x.key
            .is_none()
            .cmp(&y.key.is_none())
            .then(y.current_monthly_usd.total_cmp(&x.current_monthly_usd))
            .then_with(|| x.key.cmp(&y.key))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Assumptions;

    fn sample() -> Analysis {
        crate::analyze::sample_analysis(&Assumptions::default())
    }

    #[test]
    fn parses_the_contract_keys() {
        assert_eq!(GroupBy::parse("account"), Ok(GroupBy::Account));
        assert_eq!(GroupBy::parse("region"), Ok(GroupBy::Region));
        assert_eq!(GroupBy::parse("kind"), Ok(GroupBy::Kind));
        assert_eq!(GroupBy::parse("tag:team"), Ok(GroupBy::Tag("team".into())));
        assert_eq!(
            GroupBy::Tag("cost-centre".into()).to_string(),
            "tag:cost-centre"
        );
        for bad in ["", "tag:", "team", "Account", "tags:team"] {
            assert!(GroupBy::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn team_tags_give_one_group_per_team_and_one_untagged_and_add_up() {
        let mut a = sample();
        for (i, r) in a.resources.iter_mut().enumerate() {
            r.tags.clear();
            match i % 3 {
                0 => drop(r.tags.insert("team".into(), "payments".into())),
                1 => drop(r.tags.insert("team".into(), "search".into())),
                _ => drop(r.tags.insert("owner".into(), "someone".into())),
            }
        }
        apply(&mut a, &GroupBy::Tag("team".into()));
        assert_eq!(a.group_by.as_deref(), Some("tag:team"));
        let keys: Vec<Option<&str>> = a.groups.iter().map(|g| g.key.as_deref()).collect();
        assert_eq!(keys.len(), 3);
        assert!(keys.contains(&Some("payments")) && keys.contains(&Some("search")));
        assert_eq!(keys.last(), Some(&None), "the untagged group comes last");
        let sum = |f: fn(&GroupSummary) -> f64| round_cents(a.groups.iter().map(f).sum());
        assert_eq!(
            sum(|g| g.current_monthly_usd),
            a.summary.current_monthly_usd
        );
        assert_eq!(
            sum(|g| g.savings_monthly_usd),
            a.summary.savings_monthly_usd
        );
        assert_eq!(
            sum(|g| g.recommended_monthly_usd),
            a.summary.recommended_monthly_usd
        );
        assert_eq!(
            a.groups.iter().map(|g| g.resources).sum::<usize>(),
            a.resources.len()
        );
        let mut by_action: ByAction<usize> = ByAction::default();
        for g in &a.groups {
            for (k, n) in g.resources_by_action.iter() {
                *by_action.entry(k) += n;
            }
        }
        assert_eq!(by_action, a.summary.resources_by_action);
    }

    #[test]
    fn kind_region_and_account_groups_cover_every_resource() {
        let a = sample();
        for by in [GroupBy::Kind, GroupBy::Region, GroupBy::Account] {
            let groups = group(&a.resources, &by);
            assert!(groups.iter().all(|g| g.key.is_some()), "{by}");
            assert_eq!(
                round_cents(groups.iter().map(|g| g.current_monthly_usd).sum()),
                a.summary.current_monthly_usd,
                "{by}"
            );
        }
        assert_eq!(group(&a.resources, &GroupBy::Region).len(), 2);
        assert_eq!(group(&a.resources, &GroupBy::Kind).len(), 4);
    }
}
