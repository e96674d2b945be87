//! What a migration costs to make, once: engineer days for each direction of migration (DNS
//! cut-over, infrastructure code, client and auth changes, load testing) plus days for each
//! feature gap the alternative has, priced at a day rate, and the months its monthly saving
//! takes to pay that back.
//!
//! The defaults are data (`data/effort.json`, keyed by the feature codes of the catalogue),
//! each with the reasoning behind it, documented in docs/effort.md. `--effort FILE` overrides
//! any part of them with a file of the same shape; `--day-rate USD` overrides the rate.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::features::FeatureGap;
use super::types::Target;
use crate::model::ResourceKind;
use crate::pricing::round_cents;

const EMBEDDED: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/effort.json"));

/// A range of engineer days and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Days {
    pub low: f64,
    pub high: f64,
    #[serde(default)]
    pub why: String,
}

/// The effort table: the embedded defaults, with any overrides applied.
#[derive(Debug, Clone, PartialEq)]
pub struct EffortModel {
    pub day_rate_usd: f64,
    pub day_rate_why: String,
    /// Per (from, to): the base effort of the move itself.
    pub directions: BTreeMap<(ResourceKind, Target), Days>,
    /// Per feature code: the effort of the workaround (or redesign) its gap needs.
    pub features: BTreeMap<String, Days>,
    /// For a feature code the table does not know.
    pub default_feature: Days,
}

/// The file format, of the embedded defaults and of `--effort FILE`: every part optional in
/// an override.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EffortFile {
    day_rate_usd: Option<f64>,
    day_rate_why: Option<String>,
    #[serde(default)]
    directions: BTreeMap<String, Days>,
    default_feature: Option<Days>,
    #[serde(default)]
    features: BTreeMap<String, Days>,
}

/// One line of an estimate: the base move or a feature gap.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EffortItem {
    /// `base` for the move itself, else the feature code.
    pub item: String,
    pub days_low: f64,
    pub days_high: f64,
}

/// The one-off cost of a migration and its payback.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Effort {
    pub days_low: f64,
    pub days_high: f64,
    pub day_rate_usd: f64,
    /// The midpoint of the days, priced: the figure payback uses.
    pub one_off_usd: f64,
    pub one_off_low_usd: f64,
    pub one_off_high_usd: f64,
    /// Months of the monthly saving that pay back `one_off_usd`; None when the alternative
    /// saves nothing, so never pays back.
    pub payback_months: Option<f64>,
    pub items: Vec<EffortItem>,
}

impl Default for EffortModel {
    fn default() -> Self {
        static MODEL: std::sync::OnceLock<EffortModel> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| {
                EffortModel::from_file(EffortModel::empty(), EMBEDDED)
                    .expect("data/effort.json is a valid effort table")
            })
            .clone()
    }
}

impl EffortModel {
    fn empty() -> Self {
        EffortModel {
            day_rate_usd: 0.0,
            day_rate_why: String::new(),
            directions: BTreeMap::new(),
            features: BTreeMap::new(),
            default_feature: Days {
                low: 0.0,
                high: 0.0,
                why: String::new(),
            },
        }
    }

    /// The defaults with the overrides of `text` (JSON, the shape of data/effort.json).
    pub fn with_overrides(self, text: &str) -> Result<Self, String> {
        Self::from_file(self, text)
    }

    fn from_file(mut base: Self, text: &str) -> Result<Self, String> {
        let file: EffortFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some(rate) = file.day_rate_usd {
            check_rate(rate)?;
            base.day_rate_usd = rate;
        }
        if let Some(why) = file.day_rate_why {
            base.day_rate_why = why;
        }
        for (key, days) in file.directions {
            let direction = parse_direction(&key)?;
            check_days(&key, &days)?;
            base.directions.insert(direction, days);
        }
        if let Some(days) = file.default_feature {
            check_days("default_feature", &days)?;
            base.default_feature = days;
        }
        for (code, days) in file.features {
            let kebab = !code.is_empty()
                && code.split('-').all(|p| {
                    !p.is_empty()
                        && p.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                });
            if !kebab {
                return Err(format!(
                    "feature '{code}' is not a kebab-case feature code such as host-based-routing"
                ));
            }
            check_days(&code, &days)?;
            base.features.insert(code, days);
        }
        Ok(base)
    }

    pub fn with_day_rate(mut self, rate: f64) -> Self {
        self.day_rate_usd = rate;
        self
    }

    /// The days a feature gap needs: its own entry, else the default.
    pub fn feature(&self, code: &str) -> &Days {
        self.features.get(code).unwrap_or(&self.default_feature)
    }

    /// The base effort of a move; a direction the table lacks counts the default feature
    /// effort, so that no estimate is zero by omission.
    pub fn direction(&self, from: ResourceKind, to: Target) -> &Days {
        self.directions
            .get(&(from, to))
            .unwrap_or(&self.default_feature)
    }

    /// The one-off cost of moving a `from` resource to `to` with these gaps, and its payback
    /// from `saving_monthly_usd`.
    pub fn estimate(
        &self,
        from: ResourceKind,
        to: Target,
        gaps: &[FeatureGap],
        saving_monthly_usd: f64,
    ) -> Effort {
        let base = self.direction(from, to);
        let mut items = vec![EffortItem {
            item: "base".to_owned(),
            days_low: base.low,
            days_high: base.high,
        }];
        let mut codes: Vec<&str> = gaps.iter().map(|g| g.feature.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        items.extend(codes.into_iter().map(|code| {
            let d = self.feature(code);
            EffortItem {
                item: code.to_owned(),
                days_low: d.low,
                days_high: d.high,
            }
        }));
        let days_low: f64 = items.iter().map(|i| i.days_low).sum();
        let days_high: f64 = items.iter().map(|i| i.days_high).sum();
        let mid = (days_low + days_high) / 2.0;
        let one_off = mid * self.day_rate_usd;
        Effort {
            days_low,
            days_high,
            day_rate_usd: self.day_rate_usd,
            one_off_usd: round_cents(one_off),
            one_off_low_usd: round_cents(days_low * self.day_rate_usd),
            one_off_high_usd: round_cents(days_high * self.day_rate_usd),
            payback_months: payback_months(one_off, saving_monthly_usd),
            items,
        }
    }
}

/// Months of saving that pay back a one-off cost, to a tenth of a month; None when nothing is
/// saved. A free migration pays back at once (0).
pub fn payback_months(one_off_usd: f64, saving_monthly_usd: f64) -> Option<f64> {
    if saving_monthly_usd <= 0.0 || !saving_monthly_usd.is_finite() {
        return None;
    }
    Some(((one_off_usd / saving_monthly_usd) * 10.0).ceil() / 10.0)
}

fn check_rate(rate: f64) -> Result<(), String> {
    if rate.is_finite() && rate >= 0.0 {
        Ok(())
    } else {
        Err(format!("day_rate_usd {rate} is not a non-negative number"))
    }
}

fn check_days(what: &str, d: &Days) -> Result<(), String> {
    if d.low.is_finite() && d.high.is_finite() && d.low >= 0.0 && d.low <= d.high {
        Ok(())
    } else {
        Err(format!(
            "{what}: days must be 0 <= low <= high (got low {}, high {})",
            d.low, d.high
        ))
    }
}

/// `alb->http_api`: a resource kind, `->`, a target.
fn parse_direction(key: &str) -> Result<(ResourceKind, Target), String> {
    let err = || {
        format!(
            "direction '{key}' is not FROM->TO with FROM one of alb, rest_api, http_api, websocket_api and TO one of alb, rest_api, http_api"
        )
    };
    let (from, to) = key.split_once("->").ok_or_else(err)?;
    let from = ResourceKind::from_code(from.trim()).ok_or_else(err)?;
    let to = Target::ALL
        .into_iter()
        .find(|t| t.as_str() == to.trim())
        .ok_or_else(err)?;
    if from == to.kind() {
        return Err(err());
    }
    Ok((from, to))
}

/// The effort table as Markdown, for docs/effort.md (generated so that it cannot drift).
pub fn effort_markdown(m: &EffortModel) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let days = |d: &Days| format!("{}–{}", trim(d.low), trim(d.high));
    let mut out = format!(
        "Day rate: **${}** a day. {}\n\n### Base effort per direction\n\n| from → to | days | why |\n|---|---:|---|\n",
        trim(m.day_rate_usd),
        cell(&m.day_rate_why)
    );
    for ((from, to), d) in &m.directions {
        out.push_str(&format!(
            "| {} → {} | {} | {} |\n",
            from.label(),
            to.label(),
            days(d),
            cell(&d.why)
        ));
    }
    out.push_str("\n### Effort per feature gap\n\n| feature | days | why |\n|---|---:|---|\n");
    for (code, d) in &m.features {
        out.push_str(&format!("| `{code}` | {} | {} |\n", days(d), cell(&d.why)));
    }
    out.push_str(&format!(
        "| any other code | {} | {} |\n",
        days(&m.default_feature),
        cell(&m.default_feature.why)
    ));
    out
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::features::{Impact, CATALOGUE};

    fn gap(code: &str) -> FeatureGap {
        FeatureGap {
            feature: code.to_owned(),
            impact: Impact::Workaround,
            detail: String::new(),
        }
    }

    #[test]
    fn every_catalogue_code_has_an_effort_entry() {
        let m = EffortModel::default();
        let missing: Vec<&str> = CATALOGUE
            .iter()
            .map(|f| f.code)
            .filter(|c| !m.features.contains_key(*c))
            .collect();
        assert!(
            missing.is_empty(),
            "data/effort.json has no effort for {missing:?}: add each with its reasoning"
        );
    }

    #[test]
    fn every_direction_of_migration_has_a_base_effort() {
        let m = EffortModel::default();
        for from in [
            ResourceKind::Alb,
            ResourceKind::RestApi,
            ResourceKind::HttpApi,
            ResourceKind::WebsocketApi,
        ] {
            for to in Target::ALL {
                if from == to.kind() {
                    continue;
                }
                // A WebSocket API can only become an ALB (API Gateway's other types take no
                // WebSocket connection).
                if from == ResourceKind::WebsocketApi && to != Target::Alb {
                    continue;
                }
                let d = m.directions.get(&(from, to));
                assert!(
                    d.is_some_and(|d| d.low > 0.0 && !d.why.is_empty()),
                    "{from:?} -> {to:?}"
                );
            }
        }
        for d in m.features.values().chain([&m.default_feature]) {
            assert!(d.low <= d.high && !d.why.is_empty(), "{d:?}");
        }
    }

    #[test]
    fn an_estimate_adds_the_base_and_each_gap_once_and_prices_the_midpoint() {
        let m = EffortModel::default().with_day_rate(1000.0);
        let base = m.direction(ResourceKind::Alb, Target::HttpApi).clone();
        let pi = m.feature("private-integration").clone();
        let e = m.estimate(
            ResourceKind::Alb,
            Target::HttpApi,
            &[gap("private-integration"), gap("private-integration")],
            100.0,
        );
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.days_low, base.low + pi.low);
        assert_eq!(e.days_high, base.high + pi.high);
        let mid = (e.days_low + e.days_high) / 2.0;
        assert_eq!(e.one_off_usd, mid * 1000.0);
        // $1,000 a day over a $100 monthly saving: ten months a day.
        assert_eq!(e.payback_months, Some(mid * 10.0));
    }

    #[test]
    fn unknown_codes_take_the_default() {
        let m = EffortModel::default();
        let e = m.estimate(
            ResourceKind::RestApi,
            Target::HttpApi,
            &[gap("a-code-from-the-future")],
            0.0,
        );
        assert_eq!(e.items[1].days_low, m.default_feature.low);
        assert_eq!(e.payback_months, None, "no saving never pays back");
    }

    #[test]
    fn payback_rounds_up_to_a_tenth_of_a_month() {
        assert_eq!(payback_months(1000.0, 300.0), Some(3.4));
        assert_eq!(payback_months(0.0, 10.0), Some(0.0));
        assert_eq!(payback_months(10.0, 0.0), None);
        assert_eq!(payback_months(10.0, -5.0), None);
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let m = EffortModel::default()
            .with_overrides(
                r#"{"day_rate_usd": 500, "directions": {"alb->http_api": {"low": 10, "high": 20}},
                    "features": {"waf": {"low": 0, "high": 0}, "new-code": {"low": 1, "high": 1}}}"#,
            )
            .unwrap();
        let d = EffortModel::default();
        assert_eq!(m.day_rate_usd, 500.0);
        assert_eq!(m.direction(ResourceKind::Alb, Target::HttpApi).low, 10.0);
        assert_eq!(
            m.direction(ResourceKind::Alb, Target::RestApi),
            d.direction(ResourceKind::Alb, Target::RestApi)
        );
        assert_eq!(m.feature("waf").high, 0.0);
        assert_eq!(m.feature("new-code").high, 1.0);
        assert_eq!(m.feature("cors"), d.feature("cors"));
    }

    #[test]
    fn bad_overrides_say_what_is_wrong() {
        for (text, says) in [
            (
                r#"{"directions": {"alb->alb": {"low": 1, "high": 2}}}"#,
                "direction 'alb->alb'",
            ),
            (
                r#"{"directions": {"alb->lambda": {"low": 1, "high": 2}}}"#,
                "FROM->TO",
            ),
            (
                r#"{"features": {"Host Routing": {"low": 1, "high": 2}}}"#,
                "kebab-case",
            ),
            (
                r#"{"features": {"waf": {"low": 3, "high": 2}}}"#,
                "low <= high",
            ),
            (
                r#"{"features": {"waf": {"low": -1, "high": 2}}}"#,
                "low <= high",
            ),
            (r#"{"day_rate_usd": -1}"#, "day_rate_usd"),
            (r#"{"day_rate": 1}"#, "unknown field"),
            ("not json", "expected"),
        ] {
            let e = EffortModel::default().with_overrides(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn docs_effort_md_holds_the_generated_table() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/effort.md"))
            .expect("docs/effort.md");
        let table = effort_markdown(&EffortModel::default());
        if std::env::var_os("UPDATE_EFFORT_DOC").is_some() {
            let (head, rest) = doc.split_once(START).expect("start marker");
            let (_, tail) = rest.split_once(END).expect("end marker");
            let new = format!("{head}{START}\n{table}{END}{tail}");
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/effort.md"), new).unwrap();
            return;
        }
        assert!(
            doc.contains(&format!("{START}\n{table}{END}")),
            "docs/effort.md is out of date: run UPDATE_EFFORT_DOC=1 cargo test --lib effort"
        );
    }

    const START: &str = "<!-- effort-table: generated from data/effort.json, do not edit -->";
    const END: &str = "<!-- effort-table: end -->";
}
