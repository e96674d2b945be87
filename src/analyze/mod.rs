//! Pure functions from a snapshot and a price book to the analysis: today's cost, the
//! alternatives, their feature gaps, one recommendation per resource. No I/O, no clock.

pub mod assumptions;
mod bill;
mod candidates;
mod chains;
mod consolidate;
pub mod cost;
#[cfg(test)]
mod cost_tests;
pub mod effort;
#[cfg(test)]
mod endpoint_tests;
pub mod endpoints;
pub mod features;
pub mod groups;
mod notes;
mod recommend;
pub mod reconcile;
mod scan_cost;
mod trend;
pub mod types;
mod usage;
pub mod volume;

use std::collections::{BTreeMap, HashMap};

pub use assumptions::Assumptions;
pub use scan_cost::price_scan;
pub use trend::range_scales;
pub use types::*;

use bill::Prices;
use consolidate::consolidate;
use cost::{CostContext, RegionVolumes};
use notes::{no_metrics_notes, note};
use usage::{Traffic, UsageView};

use crate::model::{DataNote, Gap, NoteCode, Resource, ResourceConfig, ResourceKind, Snapshot};
use crate::pricing::{round_cents, PriceBook, HOURS_PER_MONTH};

pub fn analyze(snapshot: &Snapshot, book: &PriceBook, a: &Assumptions) -> Analysis {
    analyze_in_runs(snapshot, book, a, parallel_runs(snapshot.resources.len()))
}

/// [`analyze`], with the resources analysed in `runs` runs on their own threads.
fn analyze_in_runs(
    snapshot: &Snapshot,
    book: &PriceBook,
    a: &Assumptions,
    runs: usize,
) -> Analysis {
    let hours = snapshot.window.hours as usize;
    let window_hours = f64::from(snapshot.window.hours);
    let shares = usage::rest_share(snapshot);
    // Hourly views are built one resource at a time, where they are used, and dropped: held for
    // every resource at once they doubled the memory the snapshot's series take (the
    // 10,000-resource benchmark of docs/performance.md). The steps across resources keep a
    // resource's totals only.
    let view_of = |r: &Resource| usage::view(r, hours, &shares);
    let (volumes, traffic) = region_volumes(snapshot, &view_of, book, a, window_hours, runs);
    let requests: Vec<f64> = traffic.iter().map(|t| t.requests).collect();
    let endpoints = endpoints::attribute(snapshot, &requests, book, window_hours);
    let links = chains::links(snapshot);
    let names: HashMap<&str, &str> = snapshot
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r.name.as_str()))
        .collect();

    // One resource's analysis, with the data notes and coverage gaps it adds.
    let analyse_one = |i: usize, r: &Resource| {
        let (mut notes, mut gaps) = (Vec::new(), Vec::new());
        let view = &view_of(r);
        let cx = CostContext {
            prices: Prices::new(book, &r.region),
            window_hours,
            assumptions: a,
            volumes: volumes
                .get(&(
                    snapshot.billing_family(&r.account_id).to_owned(),
                    r.region.clone(),
                ))
                .copied()
                .unwrap_or_default(),
        };
        let linked: Vec<String> = links
            .get(&r.id)
            .map(|ids| {
                ids.iter()
                    .map(|id| names.get(id.as_str()).copied().unwrap_or(id).to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let quotas =
            features::AppliedQuotas::of(&snapshot.service_quotas, &r.account_id, &r.region);
        let analysed = analyse_resource(
            r,
            view,
            &cx,
            &quotas,
            linked,
            snapshot.window.start,
            &mut notes,
            endpoints.shares.get(&i).map(Vec::as_slice).unwrap_or(&[]),
        );
        for item in &analysed.current.unpriced {
            gaps.push(Gap {
                account_id: r.account_id.clone(),
                region: r.region.clone(),
                service: "pricing".to_owned(),
                operation: "price-book".to_owned(),
                error: "PriceUnknown".to_owned(),
                message: format!(
                    "no {item} price for {}: {} is priced without it",
                    r.region, r.name
                ),
                resource: Some(r.id.clone()),
            });
        }
        (analysed, notes, gaps)
    };
    // Resources are analysed independently of each other from here.
    let mut data_quality: Vec<DataNote> = snapshot.notes.clone();
    let mut coverage_gaps: Vec<Gap> = snapshot.gaps.clone();
    let mut resources = Vec::with_capacity(snapshot.resources.len());
    for (analysed, notes, gaps) in in_runs(&snapshot.resources, runs, analyse_one) {
        resources.push(analysed);
        data_quality.extend(notes);
        coverage_gaps.extend(gaps);
    }
    data_quality.extend(no_metrics_notes(snapshot, &traffic));
    data_quality.extend(endpoints.notes);
    consolidate(snapshot, &mut resources, a);
    coverage_gaps.sort();
    coverage_gaps.dedup();
    Analysis {
        schema_version: REPORT_SCHEMA_VERSION,
        generated_at: snapshot.collected_at,
        account_ids: snapshot.account_ids.clone(),
        window: snapshot.window,
        hours_per_month: HOURS_PER_MONTH,
        prices: PricesInfo {
            source: book.source().to_owned(),
            as_of: book.as_of(),
        },
        summary: summary(&resources),
        resources,
        coverage: Coverage {
            regions: snapshot.regions.clone(),
            gaps: coverage_gaps,
        },
        data_quality,
        assumptions: {
            let mut all = a.describe(snapshot.window.hours, tier_assumptions(snapshot));
            all.extend(endpoints.assumptions);
            all
        },
        scan: snapshot
            .cloudwatch_requests
            .as_deref()
            .map(|requests| price_scan(requests, book)),
        account_names: snapshot.account_names.clone(),
        group_by: None,
        groups: Vec::new(),
        reconciliation: None,
        vpc_endpoints: endpoints.endpoints,
    }
}

/// How many threads analyse `resources` resources: one per core, each with at least a few
/// hundred resources (a thread costs more than a small snapshot's whole analysis).
fn parallel_runs(resources: usize) -> usize {
    const AT_LEAST: usize = 256;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.min(resources / AT_LEAST).max(1)
}

/// Whose volume API Gateway's request tiers count, in words. Consolidated billing treats the
/// accounts of an AWS Organization as one account for volume tiers, so the accounts of one
/// organization in the snapshot tier together; an account the snapshot holds alone (a
/// single-account scan, or an organization unknown) tiers on its own volume, which other
/// accounts of its organization would lower at the margin.
pub fn tier_assumptions(snapshot: &Snapshot) -> Vec<String> {
    let mut families: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for account in &snapshot.account_ids {
        families
            .entry(snapshot.billing_family(account))
            .or_default()
            .push(account);
    }
    let shared: Vec<String> = families
        .iter()
        .filter(|(_, accounts)| accounts.len() > 1)
        .map(|(family, accounts)| format!("{family} ({} accounts)", accounts.len()))
        .collect();
    let alone = families.values().filter(|a| a.len() == 1).count();
    let mut out = Vec::new();
    if !shared.is_empty() {
        out.push(format!(
            "API Gateway request tiers apply, per region and API type, to the total of each AWS Organization's accounts in this snapshot, as consolidated billing counts them: {}. Each API carries its share in proportion to its billed requests, and a projected API is priced at the margin on top of the organization's volume; accounts of the organization this snapshot does not hold would lower that margin further.",
            shared.join(", ")
        ));
    }
    if alone > 0 {
        out.push(format!(
            "API Gateway request tiers apply to the account's own total per region and API type for the {alone} account(s) this snapshot holds without another account of the same AWS Organization; each API carries its share in proportion to its billed requests, and a projected API is priced at the margin on top of the account's volume. Under consolidated billing the organization's other accounts count toward the same tiers and would lower the marginal price (scan the organization with --org-role, or merge its shards, to count them)."
        ));
    }
    out
}

/// Monthly API Gateway volume per billing family (the organization, or the account alone) and
/// region, per type: the tier position every API of that type shares; and each resource's
/// traffic, in snapshot order.
fn region_volumes(
    snapshot: &Snapshot,
    view_of: &(dyn Fn(&Resource) -> UsageView + Sync),
    book: &PriceBook,
    a: &Assumptions,
    window_hours: f64,
    runs: usize,
) -> (BTreeMap<(String, String), RegionVolumes>, Vec<Traffic>) {
    // Each resource's share, priced in runs; added up in snapshot order, as one pass would.
    let shares = in_runs(&snapshot.resources, runs, |_, r| {
        let view = &view_of(r);
        let cx = CostContext {
            prices: Prices::new(book, &r.region),
            window_hours,
            assumptions: a,
            volumes: RegionVolumes::default(),
        };
        let share = match r.kind {
            ResourceKind::HttpApi => cost::http_billed_monthly(&cx, view),
            ResourceKind::RestApi => {
                crate::pricing::monthly_from_window(view.total_requests(), window_hours)
            }
            ResourceKind::WebsocketApi => cost::websocket_billed_monthly(&cx, view),
            ResourceKind::Alb => 0.0,
        };
        let traffic = Traffic {
            requests: view.total_requests(),
            has_data: view.has_data,
        };
        (traffic, share)
    });
    let mut out: BTreeMap<(String, String), RegionVolumes> = BTreeMap::new();
    let mut traffic = Vec::with_capacity(shares.len());
    for (r, (t, share)) in snapshot.resources.iter().zip(shares) {
        traffic.push(t);
        let v = out
            .entry((
                snapshot.billing_family(&r.account_id).to_owned(),
                r.region.clone(),
            ))
            .or_default();
        match r.kind {
            ResourceKind::HttpApi => v.http_billed += share,
            ResourceKind::RestApi => v.rest += share,
            ResourceKind::WebsocketApi => v.websocket_billed += share,
            ResourceKind::Alb => {}
        }
    }
    (out, traffic)
}

/// `f` of each resource with its index, in snapshot order, computed in `runs` contiguous runs
/// on their own threads: resources analysed independently of each other, joined in order, give
/// what one pass in order gives.
fn in_runs<T: Send>(
    resources: &[Resource],
    runs: usize,
    f: impl Fn(usize, &Resource) -> T + Sync,
) -> Vec<T> {
    let run = resources.len().div_ceil(runs.max(1)).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = resources
            .chunks(run)
            .enumerate()
            .map(|(c, rs)| {
                scope.spawn(move || {
                    rs.iter()
                        .enumerate()
                        .map(|(j, r)| f(c * run + j, r))
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `quotas`: the account's applied quotas in the resource's region, which its gaps are judged
/// against.
// The resource, its usage, its prices and what ties it to others: each is needed, and a
// struct around them would only rename the parameters.
#[allow(clippy::too_many_arguments)]
fn analyse_resource<'a>(
    r: &'a Resource,
    view: &'a UsageView,
    cx: &'a CostContext,
    quotas: &features::AppliedQuotas,
    linked: Vec<String>,
    window_start: chrono::DateTime<chrono::Utc>,
    data_quality: &mut Vec<DataNote>,
    endpoint_shares: &'a [endpoints::Share],
) -> ResourceAnalysis {
    let a = cx.assumptions;
    let window_hours = cx.window_hours;
    let requests_window = view.total_requests();
    let requests_monthly = crate::pricing::monthly_from_window(requests_window, window_hours);
    let (current, candidates) =
        candidates::of(r, view, cx, requests_monthly, data_quality, endpoint_shares);

    let mut candidates = candidates;
    candidates.sort_by_key(|c| c.target);
    let daily = view.daily_requests();
    let (low, high) = trend::range_scales(&daily);
    let current_bill = current(1.0);
    let current_total = current_bill.total();
    let alternatives: Vec<(Alternative, f64)> = candidates
        .iter()
        .map(|c| {
            let bill = (c.bill)(1.0);
            let monthly = bill.total();
            let mut gaps = features::gaps(
                r,
                c.target,
                &features::GapContext {
                    keep_alb_behind_api: c.keep_alb,
                    quotas: *quotas,
                },
            );
            gaps.sort_by(|x, y| (x.impact, &x.feature).cmp(&(y.impact, &y.feature)));
            let alt = Alternative {
                kind: c.target,
                monthly_usd: round_cents(monthly),
                low_monthly_usd: round_cents((c.bill)(low).total()),
                high_monthly_usd: round_cents((c.bill)(high).total()),
                lines: bill.lines(),
                assumptions: c.assumptions.clone(),
                effort: Some(a.effort.estimate(
                    r.kind,
                    c.target,
                    &gaps,
                    round_cents(current_total) - round_cents(monthly),
                )),
                gaps,
                unpriced: bill.unpriced.clone(),
            };
            (alt, monthly)
        })
        .collect();

    let alb = match &r.config {
        ResourceConfig::Alb(alb) => Some(alb.as_ref()),
        _ => None,
    };
    let requests_per_day = if window_hours > 0.0 {
        requests_window * 24.0 / window_hours
    } else {
        0.0
    };
    let recommendation = recommend::recommend(
        &recommend::Facts {
            kind: r.kind,
            name: &r.name,
            current_monthly: current_total,
            requests_per_day,
            alb,
            linked: linked.clone(),
            alternatives: &alternatives,
            retained_monthly: endpoints::retained_usd(endpoint_shares),
            retained_reason: endpoints::retained_reason(endpoint_shares),
        },
        a,
    );

    // Crossover against the best alternative (types::best_alternative).
    let best = types::best_alternative(candidates.iter().zip(&alternatives), |(_, (alt, _))| alt);
    let (crossover, cost_by_volume) = match best {
        Some((c, _)) => {
            let crossover = trend::crossover(
                c.target,
                r.kind,
                requests_monthly,
                |k| current(k).total(),
                |k| (c.bill)(k).total(),
            );
            let points = volume::points(
                requests_monthly,
                crossover.requests_monthly,
                |k| current(k).total(),
                |k| (c.bill)(k).total(),
            );
            (Some(crossover), points)
        }
        None => (None, Vec::new()),
    };
    let trend = trend::trend(
        &daily,
        crossover.as_ref().and_then(|c| c.requests_monthly),
        requests_monthly,
    );

    let (peak_index, peak) =
        view.requests
            .iter()
            .enumerate()
            .fold(
                (None, 0.0),
                |(i, m), (j, v)| if *v > m { (Some(j), *v) } else { (i, m) },
            );
    ResourceAnalysis {
        kind: r.kind,
        account_id: r.account_id.clone(),
        region: r.region.clone(),
        id: r.id.clone(),
        name: r.name.clone(),
        usage: UsageSummary {
            requests_monthly: bill::round_quantity(requests_monthly),
            bytes_monthly: view.total_bytes().map(|b| {
                bill::round_quantity(crate::pricing::monthly_from_window(b, window_hours))
            }),
            requests_window: bill::round_quantity(requests_window),
            requests_per_day: bill::round_quantity(requests_per_day),
            peak_hour_requests: peak,
            peak_hour: peak_index.map(|i| window_start + chrono::TimeDelta::hours(i as i64)),
            daily_requests: daily.iter().map(|d| bill::round_quantity(*d)).collect(),
            has_data: view.has_data,
        },
        current: current_bill.to_cost(),
        alternatives: alternatives.into_iter().map(|(a, _)| a).collect(),
        recommendation,
        crossover,
        trend,
        linked,
        tags: r.tags().clone(),
        cost_by_volume,
    }
}

fn summary(resources: &[ResourceAnalysis]) -> Summary {
    let mut s = Summary::default();
    let (mut current, mut savings) = (0.0, 0.0);
    for r in resources {
        current += r.current.monthly_usd;
        savings += r.recommendation.savings_monthly_usd;
        *s.resources_by_action.entry(r.recommendation.action) += 1;
        let acc = s.per_account.entry(r.account_id.clone()).or_default();
        acc.current_monthly_usd += r.current.monthly_usd;
        acc.savings_monthly_usd += r.recommendation.savings_monthly_usd;
    }
    for acc in s.per_account.values_mut() {
        acc.current_monthly_usd = round_cents(acc.current_monthly_usd);
        acc.savings_monthly_usd = round_cents(acc.savings_monthly_usd);
        acc.recommended_monthly_usd =
            round_cents(acc.current_monthly_usd - acc.savings_monthly_usd);
    }
    s.current_monthly_usd = round_cents(current);
    s.savings_monthly_usd = round_cents(savings);
    s.recommended_monthly_usd = round_cents(current - savings);
    s
}

/// The bundled sample account analysed with `a`: what the tests of several modules reason about.
#[cfg(test)]
pub(crate) fn sample_analysis(a: &Assumptions) -> Analysis {
    let snapshot = crate::output::parse_snapshot(
        "sample",
        include_bytes!("../../examples/sample-account.json"),
    )
    .expect("the sample snapshot parses");
    analyze(&snapshot, &PriceBook::embedded(), a)
}

#[cfg(test)]
mod run_tests {
    use super::*;

    /// Resources analysed in runs on several threads give the analysis of one pass in order:
    /// the sample, in 1 to 15 runs, with a note and a price gap that runs add.
    #[test]
    fn runs_on_threads_give_the_analysis_of_one_pass() {
        let mut snapshot = crate::output::parse_snapshot(
            "sample",
            include_bytes!("../../examples/sample-account.json"),
        )
        .unwrap();
        // A region the book has no price for gives coverage gaps from inside the runs.
        snapshot.resources[3].region = "xx-test-1".to_owned();
        let (book, a) = (PriceBook::embedded(), Assumptions::default());
        let one = serde_json::to_string(&analyze_in_runs(&snapshot, &book, &a, 1)).unwrap();
        for runs in [2, 4, 15, 40] {
            let many = serde_json::to_string(&analyze_in_runs(&snapshot, &book, &a, runs));
            assert_eq!(many.unwrap(), one, "{runs} runs");
        }
        assert!(
            one.contains("PriceUnknown"),
            "the unpriced region gives gaps"
        );
    }
}
