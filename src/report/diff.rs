//! What changed between two JSON reports: the message a scheduled audit posts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::markdown::format::{cell, money, Align, Table};
use crate::analyze::groups::{group, GroupBy};
use crate::analyze::{Action, Analysis, GroupSummary, Impact, ResourceAnalysis, Target};
use crate::pricing::round_cents;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Diff {
    pub old_generated_at: DateTime<Utc>,
    pub new_generated_at: DateTime<Utc>,
    /// Smallest monthly cost change listed under `cost_changes`, in USD.
    pub threshold_usd: f64,
    pub current_monthly_usd: Change,
    pub savings_monthly_usd: Change,
    pub added: Vec<ResourceRef>,
    pub removed: Vec<ResourceRef>,
    pub cost_changes: Vec<CostChange>,
    pub new_blockers: Vec<BlockerChange>,
    pub cleared_blockers: Vec<BlockerChange>,
    pub recommendation_changes: Vec<RecommendationChange>,
    /// The grouping of the later report (`--group-by`), which the per-group changes use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// Cost and savings per group, before and after, for every group of either report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupChange>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GroupChange {
    /// The group's key (account, region, kind code or tag value); null for untagged.
    pub key: Option<String>,
    pub resources_old: usize,
    pub resources_new: usize,
    pub current_monthly_usd: Change,
    pub savings_monthly_usd: Change,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Change {
    pub old: f64,
    pub new: f64,
    pub change: f64,
}

impl Change {
    fn of(old: f64, new: f64) -> Change {
        Change {
            old,
            new,
            change: round_cents(new - old),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResourceRef {
    pub kind: String,
    pub account_id: String,
    pub region: String,
    pub id: String,
    pub name: String,
    pub current_monthly_usd: f64,
    pub action: Action,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CostChange {
    pub resource: ResourceRef,
    pub monthly_usd: Change,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BlockerChange {
    pub resource: ResourceRef,
    pub target: Target,
    pub feature: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecommendationChange {
    pub resource: ResourceRef,
    pub old_action: Action,
    pub old_target: Option<Target>,
    pub new_action: Action,
    pub new_target: Option<Target>,
    pub reason: String,
}

type Key = (String, String, String, String);

fn key(r: &ResourceAnalysis) -> Key {
    (
        r.account_id.clone(),
        r.region.clone(),
        r.kind.as_str().to_owned(),
        r.id.clone(),
    )
}

fn reference(r: &ResourceAnalysis) -> ResourceRef {
    ResourceRef {
        kind: r.kind.as_str().to_owned(),
        account_id: r.account_id.clone(),
        region: r.region.clone(),
        id: r.id.clone(),
        name: r.name.clone(),
        current_monthly_usd: r.current.monthly_usd,
        action: r.recommendation.action,
    }
}

fn blockers(r: &ResourceAnalysis) -> BTreeSet<(Target, String)> {
    r.alternatives
        .iter()
        .flat_map(|a| {
            a.gaps
                .iter()
                .filter(|g| g.impact == Impact::Blocker)
                .map(move |g| (a.kind, g.feature.clone()))
        })
        .collect()
}

pub fn diff(old: &Analysis, new: &Analysis, threshold_usd: f64) -> Diff {
    let before: BTreeMap<Key, &ResourceAnalysis> =
        old.resources.iter().map(|r| (key(r), r)).collect();
    let after: BTreeMap<Key, &ResourceAnalysis> =
        new.resources.iter().map(|r| (key(r), r)).collect();
    let mut d = Diff {
        old_generated_at: old.generated_at,
        new_generated_at: new.generated_at,
        threshold_usd,
        current_monthly_usd: Change::of(
            old.summary.current_monthly_usd,
            new.summary.current_monthly_usd,
        ),
        savings_monthly_usd: Change::of(
            old.summary.savings_monthly_usd,
            new.summary.savings_monthly_usd,
        ),
        added: after
            .iter()
            .filter(|(k, _)| !before.contains_key(*k))
            .map(|(_, r)| reference(r))
            .collect(),
        removed: before
            .iter()
            .filter(|(k, _)| !after.contains_key(*k))
            .map(|(_, r)| reference(r))
            .collect(),
        cost_changes: Vec::new(),
        new_blockers: Vec::new(),
        cleared_blockers: Vec::new(),
        recommendation_changes: Vec::new(),
        group_by: None,
        groups: Vec::new(),
    };
    // Grouped as the later report is; the earlier one is grouped the same way from its own
    // resources (one written before reports carried tags has every resource untagged).
    if let Some(by) = new.group_by.as_deref().and_then(|s| GroupBy::parse(s).ok()) {
        let mut both: BTreeMap<Option<String>, (Option<GroupSummary>, Option<GroupSummary>)> =
            BTreeMap::new();
        for g in group(&old.resources, &by) {
            let key = g.key.clone();
            both.entry(key).or_default().0 = Some(g);
        }
        for g in group(&new.resources, &by) {
            let key = g.key.clone();
            both.entry(key).or_default().1 = Some(g);
        }
        d.group_by = Some(by.to_string());
        d.groups = both
            .into_iter()
            .map(|(key, (o, n))| {
                let (o, n) = (o.unwrap_or_default(), n.unwrap_or_default());
                GroupChange {
                    key,
                    resources_old: o.resources,
                    resources_new: n.resources,
                    current_monthly_usd: Change::of(o.current_monthly_usd, n.current_monthly_usd),
                    savings_monthly_usd: Change::of(o.savings_monthly_usd, n.savings_monthly_usd),
                }
            })
            .collect();
        d.groups.sort_by(|x, y| {
            x.key
                .is_none()
                .cmp(&y.key.is_none())
                .then(
                    y.current_monthly_usd
                        .change
                        .abs()
                        .total_cmp(&x.current_monthly_usd.change.abs()),
                )
                .then_with(|| x.key.cmp(&y.key))
        });
    }
    for (k, n) in &after {
        let Some(o) = before.get(k) else { continue };
        let cost = Change::of(o.current.monthly_usd, n.current.monthly_usd);
        if cost.change.abs() >= threshold_usd && cost.change != 0.0 {
            d.cost_changes.push(CostChange {
                resource: reference(n),
                monthly_usd: cost,
            });
        }
        let (bo, bn) = (blockers(o), blockers(n));
        for (target, feature) in bn.difference(&bo) {
            d.new_blockers.push(BlockerChange {
                resource: reference(n),
                target: *target,
                feature: feature.clone(),
            });
        }
        for (target, feature) in bo.difference(&bn) {
            d.cleared_blockers.push(BlockerChange {
                resource: reference(n),
                target: *target,
                feature: feature.clone(),
            });
        }
        let (ro, rn) = (&o.recommendation, &n.recommendation);
        if (ro.action, ro.target) != (rn.action, rn.target) {
            d.recommendation_changes.push(RecommendationChange {
                resource: reference(n),
                old_action: ro.action,
                old_target: ro.target,
                new_action: rn.action,
                new_target: rn.target,
                reason: rn.reason.clone(),
            });
        }
    }
    d.cost_changes.sort_by(|a, b| {
        b.monthly_usd
            .change
            .abs()
            .total_cmp(&a.monthly_usd.change.abs())
    });
    d
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.cost_changes.is_empty()
            && self.new_blockers.is_empty()
            && self.cleared_blockers.is_empty()
            && self.recommendation_changes.is_empty()
    }
}

fn name(r: &ResourceRef) -> String {
    format!("{} ({}, {})", cell(&r.name), r.kind, r.region)
}

fn action(a: Action, t: Option<Target>) -> String {
    match t {
        Some(t) => format!("{} → {}", a.as_str(), t.label()),
        None => a.as_str().to_owned(),
    }
}

fn signed(usd: f64) -> String {
    if usd >= 0.0 {
        format!("+{}", money(usd))
    } else {
        format!("−{}", money(-usd))
    }
}

pub fn render_markdown(d: &Diff) -> String {
    let mut out = format!(
        "# crossover: what changed\n\nFrom the report of {} to the report of {}.\n\n",
        d.old_generated_at.format("%Y-%m-%d %H:%M UTC"),
        d.new_generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    let mut t = Table::new(&[
        ("", Align::Left),
        ("Before", Align::Right),
        ("After", Align::Right),
        ("Change", Align::Right),
    ]);
    for (label, c) in [
        ("Monthly cost", d.current_monthly_usd),
        ("Savings found", d.savings_monthly_usd),
    ] {
        t.row(vec![
            label.to_owned(),
            money(c.old),
            money(c.new),
            signed(c.change),
        ]);
    }
    out.push_str(&t.render());
    if let Some(by) = &d.group_by {
        let mut t = Table::new(&[
            ("Group", Align::Left),
            ("Resources", Align::Right),
            ("Cost before", Align::Right),
            ("Cost after", Align::Right),
            ("Change", Align::Right),
            ("Savings change", Align::Right),
        ]);
        for g in &d.groups {
            t.row(vec![
                g.key.as_deref().map_or_else(|| "(none)".to_owned(), cell),
                format!("{} → {}", g.resources_old, g.resources_new),
                money(g.current_monthly_usd.old),
                money(g.current_monthly_usd.new),
                signed(g.current_monthly_usd.change),
                signed(g.savings_monthly_usd.change),
            ]);
        }
        out.push_str(&format!("\n## Per group ({})\n\n", cell(by)));
        out.push_str(&t.render());
    }
    if d.is_empty() {
        out.push_str(
            "\nNo resource was added or removed, and no cost, blocker or recommendation changed.\n",
        );
        return out;
    }
    let section = |out: &mut String, title: &str, table: Table| {
        out.push_str(&format!("\n## {title}\n\n"));
        out.push_str(&table.render());
    };
    if !d.added.is_empty() || !d.removed.is_empty() {
        let mut t = Table::new(&[
            ("Change", Align::Left),
            ("Resource", Align::Left),
            ("Monthly cost", Align::Right),
            ("Recommendation", Align::Left),
        ]);
        for (label, list) in [("added", &d.added), ("removed", &d.removed)] {
            for r in list {
                t.row(vec![
                    label.to_owned(),
                    name(r),
                    money(r.current_monthly_usd),
                    r.action.as_str().to_owned(),
                ]);
            }
        }
        section(&mut out, "Resources added and removed", t);
    }
    if !d.cost_changes.is_empty() {
        let mut t = Table::new(&[
            ("Resource", Align::Left),
            ("Before", Align::Right),
            ("After", Align::Right),
            ("Change", Align::Right),
        ]);
        for c in &d.cost_changes {
            t.row(vec![
                name(&c.resource),
                money(c.monthly_usd.old),
                money(c.monthly_usd.new),
                signed(c.monthly_usd.change),
            ]);
        }
        section(
            &mut out,
            &format!("Cost changes of {} or more a month", money(d.threshold_usd)),
            t,
        );
    }
    if !d.new_blockers.is_empty() || !d.cleared_blockers.is_empty() {
        let mut t = Table::new(&[
            ("Change", Align::Left),
            ("Resource", Align::Left),
            ("Towards", Align::Left),
            ("Feature", Align::Left),
        ]);
        for (label, list) in [
            ("new blocker", &d.new_blockers),
            ("cleared", &d.cleared_blockers),
        ] {
            for b in list {
                t.row(vec![
                    label.to_owned(),
                    name(&b.resource),
                    b.target.label().to_owned(),
                    b.feature.clone(),
                ]);
            }
        }
        section(&mut out, "Blockers", t);
    }
    if !d.recommendation_changes.is_empty() {
        let mut t = Table::new(&[
            ("Resource", Align::Left),
            ("Before", Align::Left),
            ("Now", Align::Left),
            ("Why", Align::Left),
        ]);
        for c in &d.recommendation_changes {
            t.row(vec![
                name(&c.resource),
                action(c.old_action, c.old_target),
                action(c.new_action, c.new_target),
                cell(&c.reason),
            ]);
        }
        section(&mut out, "Recommendations that changed", t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::groups::apply;
    use crate::analyze::Assumptions;

    fn sample() -> Analysis {
        crate::analyze::sample_analysis(&Assumptions::default())
    }

    #[test]
    fn a_grouped_report_diffs_per_group_and_the_groups_add_up() {
        // As if the earlier report were written before reports carried tags.
        let mut old = sample();
        old.resources.iter_mut().for_each(|r| r.tags.clear());
        let mut new = sample();
        for (i, r) in new.resources.iter_mut().enumerate() {
            r.tags.clear();
            if i % 2 == 0 {
                r.tags.insert("team".into(), "payments".into());
            }
        }
        // One resource gone: its group's cost falls by its cost.
        let gone = new.resources.remove(1);
        new.summary.current_monthly_usd =
            crate::pricing::round_cents(new.resources.iter().map(|r| r.current.monthly_usd).sum());
        apply(&mut new, &GroupBy::Tag("team".into()));
        let d = diff(&old, &new, 1.0);
        assert_eq!(d.group_by.as_deref(), Some("tag:team"));
        let keys: Vec<Option<&str>> = d.groups.iter().map(|g| g.key.as_deref()).collect();
        assert_eq!(keys, [Some("payments"), None], "untagged last");
        let change: f64 = d.groups.iter().map(|g| g.current_monthly_usd.change).sum();
        assert!(
            (change - d.current_monthly_usd.change).abs() < 0.005,
            "{change} vs {}",
            d.current_monthly_usd.change
        );
        assert!((d.current_monthly_usd.change + gone.current.monthly_usd).abs() < 0.005);
        let md = render_markdown(&d);
        assert!(md.contains("## Per group (tag:team)"), "{md}");
        // Without --group-by nothing changes.
        assert!(diff(&old, &sample(), 1.0).groups.is_empty());
    }
}
