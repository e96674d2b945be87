//! One recommendation per resource, in words a FinOps reader can act on. Measured cost and
//! detected blockers decide; the comparison article's rules of thumb only break ties.

use super::assumptions::Assumptions;
use super::types::{Action, Alternative, Impact, Recommendation, Target};
use crate::model::{Alb, ResourceKind};
use crate::pricing::round_cents;

/// Fewer requests a day than this, on average over the window, is an idle entry point.
pub const IDLE_REQUESTS_PER_DAY: f64 = 100.0;

/// Workarounds a migration may need and still be recommended outright.
const MAX_WORKAROUNDS_TO_MIGRATE: usize = 2;

pub struct Facts<'a> {
    pub kind: ResourceKind,
    pub name: &'a str,
    pub current_monthly: f64,
    pub requests_per_day: f64,
    pub alb: Option<&'a Alb>,
    /// Names of chained resources (front-door pairs).
    pub linked: Vec<String>,
    pub alternatives: &'a [(Alternative, f64)],
    /// The part of today's cost that stays when the resource goes (a private REST API's share
    /// of endpoint hours other private APIs still need), and why.
    pub retained_monthly: f64,
    pub retained_reason: Option<String>,
}

/// "an ALB", "a REST API": the article a target's label takes.
fn a_or_an(label: &str) -> String {
    let vowel_sound = label.starts_with(['A', 'E', 'I', 'O', 'U']) || label.starts_with("HTTP");
    format!("{} {label}", if vowel_sound { "an" } else { "a" })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn money(usd: f64) -> String {
    format!("${:.2}", round_cents(usd))
}

/// `$4,400`: a one-off estimate has no cents worth reading.
fn whole_dollars(usd: f64) -> String {
    let digits = format!("{:.0}", usd.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}${out}", if usd < 0.0 { "-" } else { "" })
}

/// `3–8`, `0.5–2`, or `2` when both bounds agree.
fn day_range(low: f64, high: f64) -> String {
    if low == high {
        months(low)
    } else {
        format!("{}–{}", months(low), months(high))
    }
}

/// A count of days or months without a needless `.0`.
fn months(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Whether the move's one-off cost pays back within the allowed months (an alternative with
/// no estimate, as in an old report, is not held back).
fn pays_back(alt: &Alternative, a: &Assumptions) -> bool {
    alt.effort
        .as_ref()
        .is_none_or(|e| e.payback_months.is_some_and(|p| p <= a.max_payback_months))
}

pub fn recommend(f: &Facts, a: &Assumptions) -> Recommendation {
    let keep = |reason: String| Recommendation {
        action: Action::Keep,
        target: None,
        savings_monthly_usd: 0.0,
        reason,
        one_off_usd: None,
        payback_months: None,
    };
    if let Some(mut reason) = idle_reason(f) {
        if let Some(why) = &f.retained_reason {
            reason.push(' ');
            reason.push_str(why);
        }
        return Recommendation {
            action: Action::Decommission,
            target: None,
            savings_monthly_usd: round_cents(f.current_monthly - f.retained_monthly),
            reason,
            one_off_usd: None,
            payback_months: None,
        };
    }
    let threshold = a
        .min_savings_usd
        .max(a.min_savings_share * f.current_monthly);
    let mut candidates: Vec<&(Alternative, f64)> = f
        .alternatives
        .iter()
        .filter(|(alt, monthly)| {
            alt.unpriced.is_empty() && f.current_monthly - monthly >= threshold
        })
        .collect();
    candidates.sort_by(|x, y| {
        x.1.total_cmp(&y.1)
            .then(tie_break(f.kind, x.0.kind, y.0.kind))
    });
    if !f.linked.is_empty() {
        let mut reason = format!(
            "Chained with {} (an API in front of an ALB through a VPC link): migrate the pair together or not at all.",
            f.linked.join(", ")
        );
        if let Some((alt, monthly)) = candidates.first() {
            reason.push_str(&format!(
                " On its own {} would save {} a month; review it with the pair.",
                a_or_an(alt.kind.label()),
                money(f.current_monthly - monthly)
            ));
            return Recommendation {
                action: Action::Review,
                target: Some(alt.kind),
                savings_monthly_usd: 0.0,
                reason,
                one_off_usd: alt.effort.as_ref().map(|e| e.one_off_usd),
                payback_months: alt.effort.as_ref().and_then(|e| e.payback_months),
            };
        }
        return keep(reason);
    }
    let unblocked: Vec<&(Alternative, f64)> = candidates
        .iter()
        .copied()
        .filter(|(alt, _)| !alt.has_blocker())
        .collect();
    // The cheapest unblocked move that pays for itself in time; else the cheapest, to review.
    let unblocked = unblocked
        .iter()
        .find(|(alt, _)| pays_back(alt, a))
        .or(unblocked.first());
    match unblocked {
        Some((alt, monthly)) => {
            let savings = f.current_monthly - monthly;
            let workarounds: Vec<&str> = alt
                .gaps
                .iter()
                .filter(|g| g.impact == Impact::Workaround)
                .map(|g| g.feature.as_str())
                .collect();
            // A couple of adaptations (the Lambda event format, a timeout to check) are an
            // ordinary migration; more are a project that someone has to weigh first.
            let (mut action, mut tail) = match workarounds.len() {
                0 => (Action::Migrate, "with no feature gap.".to_owned()),
                n if n <= MAX_WORKAROUNDS_TO_MIGRATE => (
                    Action::Migrate,
                    format!("with workarounds for {}.", workarounds.join(", ")),
                ),
                _ => (
                    Action::Review,
                    format!("but only with workarounds for {}.", workarounds.join(", ")),
                ),
            };
            if let Some(e) = &alt.effort {
                let once = format!(
                    "The move costs about {} once ({} engineer days at {} a day)",
                    whole_dollars(e.one_off_usd),
                    day_range(e.days_low, e.days_high),
                    whole_dollars(e.day_rate_usd)
                );
                match e.payback_months {
                    Some(p) if p <= a.max_payback_months => {
                        tail.push_str(&format!(" {once}, paid back in {p:.1} months."));
                    }
                    Some(p) => {
                        action = Action::Review;
                        tail.push_str(&format!(
                            " {once}: it pays back in {p:.1} months, beyond the {} allowed.",
                            months(a.max_payback_months)
                        ));
                    }
                    None => {
                        action = Action::Review;
                        tail.push_str(&format!(" {once}, which the saving never pays back."));
                    }
                }
            }
            Recommendation {
                action,
                target: Some(alt.kind),
                savings_monthly_usd: round_cents(savings),
                reason: format!(
                    "{} would cost {} a month instead of {} ({} less), {tail}",
                    capitalised(&a_or_an(alt.kind.label())),
                    money(*monthly),
                    money(f.current_monthly),
                    money(savings)
                ),
                one_off_usd: alt.effort.as_ref().map(|e| e.one_off_usd),
                payback_months: alt.effort.as_ref().and_then(|e| e.payback_months),
            }
        }
        None => {
            if let Some(r) = front_with_api(f) {
                return r;
            }
            match candidates.first() {
                Some((alt, monthly)) => {
                    let blockers: Vec<&str> = alt
                        .gaps
                        .iter()
                        .filter(|g| g.impact == Impact::Blocker)
                        .map(|g| g.feature.as_str())
                        .collect();
                    keep(format!(
                        "{} would save {} a month, but {} cannot move ({}).",
                        capitalised(&a_or_an(alt.kind.label())),
                        money(f.current_monthly - monthly),
                        f.name,
                        blockers.join(", ")
                    ))
                }
                None => keep(format!(
                    "No alternative saves at least {} and {:.0}% of today's {} a month.",
                    money(a.min_savings_usd),
                    a.min_savings_share * 100.0,
                    money(f.current_monthly)
                )),
            }
        }
    }
}

fn idle_reason(f: &Facts) -> Option<String> {
    if f.requests_per_day < IDLE_REQUESTS_PER_DAY {
        return Some(format!(
            "{:.0} requests a day on average (under {IDLE_REQUESTS_PER_DAY:.0}): {} costs {} a month for almost no traffic.",
            f.requests_per_day,
            f.name,
            money(f.current_monthly)
        ));
    }
    let alb = f.alb?;
    let targets: u32 = alb.target_groups.iter().map(|t| t.targets).sum();
    let healthy: u32 = alb.target_groups.iter().map(|t| t.healthy_targets).sum();
    // Lambda targets report no health unless health checks are on; only judge the others.
    let judged = alb.target_groups.iter().any(|t| t.target_type != "lambda");
    (judged && targets > 0 && healthy == 0).then(|| {
        format!(
            "None of its {targets} registered targets is healthy: {} serves nothing useful for {} a month.",
            f.name,
            money(f.current_monthly)
        )
    })
}

/// An ALB that must stay but whose rules check an API key header itself: a REST API in
/// front adds API keys, usage plans and caching without moving the backend.
fn front_with_api(f: &Facts) -> Option<Recommendation> {
    let alb = f.alb?;
    let header = alb
        .rules()
        .flat_map(|r| &r.conditions)
        .filter(|c| c.field == "http-header")
        .filter_map(|c| c.header_name.as_deref())
        .find(|h| {
            let h = h.to_ascii_lowercase();
            h.contains("api-key") || h.contains("apikey") || h.contains("api_key")
        })?;
    Some(Recommendation {
        action: Action::FrontWithApi,
        target: Some(Target::RestApi),
        savings_monthly_usd: 0.0,
        reason: format!(
            "Its rules check the {header} header themselves; a REST API in front (VPC link to this ALB) gives real API keys, usage plans and caching while the ALB stays."
        ),
        one_off_usd: None,
        payback_months: None,
    })
}

/// The comparison article's rules of thumb, used only between equally priced options:
/// Lambda and low volume favour HTTP APIs, containers and high volume favour ALB, and REST
/// only wins where its own features are needed (and then it is no tie).
fn tie_break(_from: ResourceKind, x: Target, y: Target) -> std::cmp::Ordering {
    let rank = |t: Target| match t {
        Target::HttpApi => 0,
        Target::Alb => 1,
        Target::RestApi => 2,
    };
    rank(x).cmp(&rank(y))
}

#[cfg(test)]
mod tests {
    use crate::analyze::{Action, Assumptions, Target};

    fn sample(a: &Assumptions) -> crate::analyze::Analysis {
        crate::analyze::sample_analysis(a)
    }

    #[test]
    fn a_small_saving_that_does_not_pay_back_its_migration_is_put_up_for_review() {
        let a = sample(&Assumptions::default());
        let shop = a.resources.iter().find(|r| r.name == "shop-eu").unwrap();
        let rec = &shop.recommendation;
        assert_eq!(rec.action, Action::Review);
        assert_eq!(rec.target, Some(Target::HttpApi));
        assert_eq!(rec.savings_monthly_usd, 9.16);
        let payback = rec.payback_months.expect("a payback");
        assert!(payback > 12.0, "{payback}");
        let alt = shop
            .alternatives
            .iter()
            .find(|x| x.kind == Target::HttpApi)
            .unwrap();
        let effort = alt.effort.as_ref().unwrap();
        assert_eq!(rec.one_off_usd, Some(effort.one_off_usd));
        assert_eq!(
            payback,
            crate::analyze::effort::payback_months(effort.one_off_usd, 9.16).unwrap()
        );
        assert!(
            rec.reason.contains(&format!(
                "it pays back in {payback:.1} months, beyond the 12 allowed"
            )),
            "{}",
            rec.reason
        );
    }

    #[test]
    fn the_payback_limit_and_the_day_rate_decide_between_migrate_and_review() {
        let patient = sample(&Assumptions {
            max_payback_months: 1000.0,
            ..Assumptions::default()
        });
        let shop = patient
            .resources
            .iter()
            .find(|r| r.name == "shop-eu")
            .unwrap();
        assert_eq!(shop.recommendation.action, Action::Migrate);
        assert!(shop.recommendation.reason.contains("paid back in"));
        let free = sample(&Assumptions {
            effort: crate::analyze::effort::EffortModel::default().with_day_rate(0.0),
            ..Assumptions::default()
        });
        for r in &free.resources {
            assert_ne!(
                r.recommendation.action,
                Action::Review,
                "{}: with free engineering only gaps and chains hold a move back",
                r.name
            );
        }
        let events = free
            .resources
            .iter()
            .find(|r| r.name == "events-http")
            .unwrap();
        assert_eq!(events.recommendation.payback_months, Some(0.0));
    }
}
