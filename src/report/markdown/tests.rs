//! The report against a realistic fixture: golden Markdown, table shape, Mermaid syntax,
//! hostile names, and the JSON report against its published schema.

mod fixture;
mod scale;
mod schema;
mod tables;

use super::render;
use crate::analyze::{analyze, Analysis, Assumptions, FeatureGap, Impact, Target};
use crate::pricing::PriceBook;

pub fn fixture_analysis() -> Analysis {
    analyze(
        &fixture::snapshot(),
        &PriceBook::embedded(),
        &Assumptions::default(),
    )
}

/// The fixture with what this branch's analysis never produces yet (feature gaps, links,
/// unpriced items) and names built from every metacharacter, so that renderers and schema
/// meet them before real data does.
pub fn stress_analysis() -> Analysis {
    let mut a = fixture_analysis();
    let nasty = "`a|b` \\| *x* _y_ [z](javascript:alert(1)) <b>&amp; ~~s~~ $1$ # h !\r\n- item \u{202E}evil";
    for (i, r) in a.resources.iter_mut().enumerate() {
        if i % 2 == 0 {
            r.name = format!("{nasty} {i}");
        }
        r.recommendation.reason = format!("{} | {nasty}", r.recommendation.reason);
        for alt in &mut r.alternatives {
            alt.gaps = vec![
                FeatureGap {
                    feature: "sticky-sessions".to_owned(),
                    impact: Impact::Workaround,
                    detail: format!("target group uses cookies | {nasty}"),
                },
                FeatureGap {
                    feature: "websocket".to_owned(),
                    impact: Impact::Blocker,
                    detail: "the API is a WebSocket API".to_owned(),
                },
            ];
            alt.assumptions.push(nasty.to_owned());
        }
    }
    a.resources[0].linked = vec![nasty.to_owned(), "orders-api".to_owned()];
    // Groups by a tag whose values are hostile too, with an untagged group.
    for (i, r) in a.resources.iter_mut().enumerate() {
        r.tags.clear();
        match i % 3 {
            0 => drop(r.tags.insert("team".to_owned(), nasty.to_owned())),
            1 => drop(r.tags.insert("team".to_owned(), "payments".to_owned())),
            _ => {}
        }
    }
    crate::analyze::groups::apply(
        &mut a,
        &crate::analyze::groups::GroupBy::Tag("team".to_owned()),
    );
    a.resources[0].current.unpriced = vec![crate::pricing::Item::AlbTrustStoreHour];
    if let Some(alt) = a.resources[0].alternatives.first_mut() {
        alt.unpriced = vec![crate::pricing::Item::HttpApiRequest];
    }
    a.account_ids.push("210987654321".to_owned());
    a.summary
        .per_account
        .insert("210987654321".to_owned(), Default::default());
    // A region the price book has no GetMetricData rate for, beside a priced one.
    a.scan = Some(crate::analyze::price_scan(
        &[
            crate::model::MetricRequests {
                account_id: "210987654321".to_owned(),
                region: "us-gov-west-1".to_owned(),
                metrics_requested: 1,
                getmetricdata_calls: 1,
                batches: None,
            },
            crate::model::MetricRequests {
                account_id: fixture::ACCOUNT.to_owned(),
                region: "us-east-1".to_owned(),
                metrics_requested: 100,
                getmetricdata_calls: 1,
                batches: None,
            },
        ],
        &PriceBook::embedded(),
    ));
    a
}

#[test]
fn fixture_report_matches_the_golden_file() {
    insta::assert_snapshot!("fixture_report", render(&fixture_analysis()));
}

#[test]
fn the_fixture_exercises_every_section() {
    let a = fixture_analysis();
    let md = render(&a);
    for heading in [
        "# API entry layer costs: account 123456789012, 2026-10-26 to 2026-11-24",
        "## Summary",
        "## Top opportunities",
        "## All resources",
        "### eu-west-1",
        "### us-east-1",
        "## Resource details",
        "## Methodology and assumptions",
        "## Data quality",
        "## Coverage",
    ] {
        assert!(
            md.lines().any(|l| l == heading),
            "missing heading {heading:?}"
        );
    }
    use crate::analyze::Action;
    let actions: Vec<Action> = a
        .resources
        .iter()
        .map(|r| r.recommendation.action)
        .collect();
    for want in [
        Action::Keep,
        Action::Review,
        Action::Decommission,
        Action::Consolidate,
    ] {
        assert!(actions.contains(&want), "the fixture has no {want:?}");
    }
    // None of the fixture's moves pays back within a year; allowed longer, they migrate.
    let patient = analyze(
        &fixture::snapshot(),
        &PriceBook::embedded(),
        &Assumptions {
            max_payback_months: 1000.0,
            ..Assumptions::default()
        },
    );
    assert!(patient
        .resources
        .iter()
        .any(|r| r.recommendation.action == Action::Migrate));
    let codes: Vec<&str> = a.data_quality.iter().map(|n| n.code.as_str()).collect();
    for code in ["lcu-cross-check", "no-metrics", "rest-name-collision"] {
        assert!(codes.contains(&code), "the fixture has no {code} note");
    }
    assert!(md.contains("LCU cross-check") && md.contains("REST API name collision"));
    assert!(md.contains("| AccessDeniedException |"));
    assert!(md.contains("```mermaid\n---\nconfig:") && md.contains("\nxychart-beta\n"));
}

#[test]
fn hostile_names_stay_text() {
    for a in [fixture_analysis(), stress_analysis()] {
        let md = render(&a);
        let mut fenced = false;
        for line in md.lines() {
            if line.starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                // Mermaid labels keep a conservative character set.
                for bad in ['<', '>', '|', '`', '#', ';', '[', '&'] {
                    if line.trim_start().starts_with("title") || line.contains("-axis") {
                        let labels: String = line
                            .split('"')
                            .skip(1)
                            .step_by(2)
                            .collect::<Vec<_>>()
                            .concat();
                        assert!(!labels.contains(bad), "{bad:?} in a Mermaid label: {line}");
                    }
                }
                continue;
            }
            // Every `<` is escaped: no tag, script or comment can open, except the report's
            // own collapsed sections.
            let mut line = line.to_owned();
            for own in [
                "<details><summary>",
                "</summary>",
                "<b>",
                "</b>",
                "</details>",
            ] {
                line = line.replace(own, "");
            }
            let line = line.as_str();
            for (i, _) in line.match_indices('<') {
                assert!(line[..i].ends_with('\\'), "unescaped '<' in line: {line}");
            }
            if line.starts_with('#') {
                assert!(!line.contains("arn:aws"), "an ARN in a heading: {line}");
                assert!(
                    line.chars().count() < 200,
                    "a heading was not shortened: {line}"
                );
            }
            assert!(!line.contains('\u{202E}'), "a bidi override survived");
        }
        assert!(!md.contains('\r'));
    }
}

#[test]
fn long_names_are_cut_with_an_ellipsis() {
    let md = render(&fixture_analysis());
    let long = fixture::long_websocket_name();
    assert!(!md.contains(&long), "the full long name appears");
    let cut: String = long.chars().take(40).collect();
    assert!(md.contains(&cut) && md.contains('…'));
}

#[test]
fn groups_have_subtotals_a_pie_and_an_untagged_row() {
    let md = render(&stress_analysis());
    let section = md
        .split("\n## Groups by tag:team\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the groups section");
    assert!(section.contains("```mermaid\n---\nconfig:"), "{section}");
    assert!(section.contains("pie showData"));
    assert!(section.contains("| payments |"));
    assert!(section.contains("| (no team tag) |"));
    assert!(section.contains("the subtotals add up to the summary"));
    assert!(!render(&fixture_analysis()).contains("## Groups"));
}

#[test]
fn feature_gaps_list_blockers_first() {
    let md = render(&stress_analysis());
    let blocker = md.find("|**blocker**|websocket|").expect("a blocker row");
    let workaround = md
        .find("|workaround|sticky-sessions|")
        .expect("a workaround row");
    assert!(blocker < workaround);
}

#[test]
fn numbers_carry_no_float_noise() {
    let md = render(&fixture_analysis());
    for token in md.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        if let Some((_, frac)) = token.split_once('.') {
            assert!(frac.len() <= 9, "a number with float noise: {token}");
        }
    }
    assert!(!md.contains("0000000000"));
    assert!(!md.contains("99999999"));
}

#[test]
fn top_opportunities_are_positive_and_largest_first() {
    let a = fixture_analysis();
    let md = render(&a);
    let section = md
        .split("## Top opportunities")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the section");
    let savings: Vec<f64> = section
        .lines()
        .filter(|l| l.starts_with("| $"))
        .map(|l| {
            l[3..]
                .split(' ')
                .next()
                .unwrap()
                .replace(',', "")
                .parse::<f64>()
                .unwrap()
        })
        .collect();
    let want = a
        .resources
        .iter()
        .filter(|r| r.recommendation.savings_monthly_usd > 0.0)
        .count()
        .min(10);
    assert_eq!(savings.len(), want);
    assert!(savings.windows(2).all(|w| w[0] >= w[1]), "{savings:?}");
    assert!(savings.iter().all(|s| *s > 0.0));
}

#[test]
fn an_empty_account_still_renders_every_section() {
    let mut snapshot = fixture::snapshot();
    snapshot.resources.clear();
    snapshot.gaps.clear();
    snapshot.notes.clear();
    let a = analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default());
    let md = render(&a);
    assert!(md.contains("No API Gateway API or Application Load Balancer was found"));
    assert!(md.contains("Every call succeeded"));
    assert!(md.contains("No data-quality issue"));
    tables::check(&md).unwrap();
}

#[test]
fn charts_cover_at_most_ten_resources_of_interest() {
    let mut a = fixture_analysis();
    let template = a
        .resources
        .iter()
        .find(|r| {
            r.recommendation.action != crate::analyze::Action::Keep
                && r.recommendation.savings_monthly_usd > 0.0
        })
        .cloned()
        .unwrap();
    for i in 0..15 {
        let mut r = template.clone();
        r.id = format!("{}-{i}", r.id);
        r.name = format!("copy-{i}");
        r.recommendation.target = Some(Target::HttpApi);
        a.resources.push(r);
    }
    let md = render(&a);
    let charted = md.matches("Daily requests over the window:").count()
        + md.matches("Daily messages over the window:").count()
        + md.matches("No daily chart:").count();
    assert_eq!(charted, 10);
    let fixture_charts = render(&fixture_analysis()).matches("```mermaid").count();
    assert!(fixture_charts > 0);
}

#[test]
fn the_scan_cost_is_one_sentence_in_coverage_and_outside_the_monthly_figures() {
    let a = fixture_analysis();
    let md = render(&a);
    let coverage = md.split("\n## Coverage\n").nth(1).expect("the section");
    // 7,124 metrics at us-east-1 and eu-west-1's $0.01 per thousand.
    assert!(
        coverage.contains("The scan itself cost $0.07 in CloudWatch charges, once (7,124 metrics requested from GetMetricData in 16 calls, priced at each region's rate); it is not part of the monthly figures."),
        "{coverage}"
    );
    let mut unrecorded = fixture::snapshot();
    unrecorded.cloudwatch_requests = None;
    let without = analyze(&unrecorded, &PriceBook::embedded(), &Assumptions::default());
    assert_eq!(without.scan, None);
    assert_eq!(
        without.summary, a.summary,
        "the scan cost reaches no monthly total"
    );
    assert_eq!(without.resources, a.resources);
    assert!(render(&without).contains("so the scan's own CloudWatch cost is not known."));
    let json: serde_json::Value = serde_json::from_str(&crate::report::render(
        &without,
        crate::report::Format::Json,
    ))
    .unwrap();
    assert!(json.get("scan").is_none(), "not recorded is not zero");
}

#[test]
fn a_scan_under_a_cent_and_an_unpriced_region_say_so() {
    let md = render(&stress_analysis());
    assert!(
        md.contains("The scan itself cost less than $0.01 in CloudWatch charges, once (101 metrics requested from GetMetricData in 2 calls"),
        "{md}"
    );
    assert!(md.contains("The price book has no GetMetricData rate for us-gov-west-1, so the 1 metric requested there is left out."));
    let mut snapshot = fixture::snapshot();
    snapshot.cloudwatch_requests = Some(Vec::new());
    let a = analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default());
    assert!(render(&a).contains("The scan requested no metric from CloudWatch GetMetricData"));
}
