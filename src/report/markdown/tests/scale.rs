//! A report stays readable at organization scale: ten thousand resources give a Markdown
//! report under 512 KB with at most 50 diagrams, full detail only for the top `--details`.

use super::{fixture_analysis, render};
use crate::analyze::Analysis;
use crate::report::{Details, Options};

const TEAMS: [&str; 8] = [
    "payments", "checkout", "search", "identity", "platform", "mobile", "partners", "data",
];

/// The fixture's resources copied to `n`, each with its own name, id, account and region.
fn organization(n: usize) -> Analysis {
    let mut a = fixture_analysis();
    let base = a.resources.clone();
    a.resources = (0..n)
        .map(|i| {
            let mut r = base[i % base.len()].clone();
            let short: String = r.name.chars().take(16).collect();
            r.name = format!("{short}-{i:05}");
            r.tags
                .insert("team".to_owned(), TEAMS[i % TEAMS.len()].to_owned());
            r.id = format!("{}-{i}", r.id);
            r.account_id = format!("{:012}", 100_000_000_000u64 + (i % 40) as u64);
            r.region = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"][i % 4].to_owned();
            r
        })
        .collect();
    a.account_ids = (0..40)
        .map(|i| format!("{:012}", 100_000_000_000u64 + i))
        .collect();
    a
}

fn diagrams(md: &str) -> usize {
    md.lines().filter(|l| l.starts_with("```mermaid")).count()
}

#[test]
fn ten_thousand_resources_fit_in_512_kb_and_50_diagrams() {
    let a = organization(10_000);
    let md = crate::report::markdown::render_with(&a, &Options::default());
    assert!(md.len() < 512 * 1024, "{} bytes", md.len());
    assert!(diagrams(&md) <= 50, "{} diagrams", diagrams(&md));
    // Every resource is still in the report: one row each.
    for r in a.resources.iter().step_by(997) {
        let shown = crate::report::markdown::format::name(&r.name);
        assert!(md.contains(&shown), "{shown} is missing");
    }
    assert_eq!(md.matches("\n### ").count(), 25, "25 detailed resources");
    super::tables::check(&md).unwrap();
}

#[test]
fn details_n_and_all_set_how_many_resources_get_full_detail() {
    let a = organization(60);
    let sections = |d: Details| {
        crate::report::markdown::render_with(&a, &Options { details: d })
            .matches("**Cost today:")
            .count()
    };
    assert_eq!(sections(Details::Top(3)), 3);
    assert_eq!(sections(Details::Top(0)), 0);
    assert_eq!(sections(Details::All), 60);
    assert_eq!(sections(Details::default()), 25);
    assert_eq!(render(&a).matches("**Cost today:").count(), 25);
}
