//! `crossover diff` names exactly what changed between two reports.

use crossover::analyze::{analyze, Assumptions};
use crossover::model::Snapshot;
use crossover::pricing::PriceBook;
use crossover::report::diff::diff;

fn sample() -> Snapshot {
    crossover::output::read_snapshot(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sample-account.json"
    )))
    .unwrap()
}

#[test]
fn a_diff_names_added_removed_repriced_and_re_recommended_resources() {
    let book = PriceBook::embedded();
    let a = Assumptions::default();
    let before = sample();
    let mut after = before.clone();
    // Delete the idle ALB, add a copy of an ALB under a new ARN, triple partner-http's traffic.
    after.resources.retain(|r| r.name != "idle-internal");
    let mut copy = after
        .resources
        .iter()
        .find(|r| r.name == "grpc-backend")
        .unwrap()
        .clone();
    copy.id = copy.id.replace("grpc-backend", "grpc-backend-2");
    copy.name = "grpc-backend-2".to_owned();
    after.resources.push(copy);
    let busy = after
        .resources
        .iter_mut()
        .find(|r| r.name == "shop-eu-http")
        .unwrap();
    for s in &mut busy.usage.series {
        s.hourly = s
            .hourly
            .iter()
            .map(|v| v * 3000.0)
            .collect::<Vec<_>>()
            .into();
    }
    let (old, new) = (analyze(&before, &book, &a), analyze(&after, &book, &a));
    let d = diff(&old, &new, 1.0);
    let names = |v: &[crossover::report::diff::ResourceRef]| {
        v.iter().map(|r| r.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(&d.added), vec!["grpc-backend-2"]);
    assert_eq!(names(&d.removed), vec!["idle-internal"]);
    let changed: Vec<&str> = d
        .cost_changes
        .iter()
        .map(|c| c.resource.name.as_str())
        .collect();
    assert!(changed.contains(&"shop-eu-http"), "{changed:?}");
    let flipped: Vec<&str> = d
        .recommendation_changes
        .iter()
        .map(|c| c.resource.name.as_str())
        .collect();
    assert!(flipped.contains(&"shop-eu-http"), "{flipped:?}");
    assert!(
        (d.current_monthly_usd.change
            - (new.summary.current_monthly_usd - old.summary.current_monthly_usd))
            .abs()
            < 0.011
    );
    let md = crossover::report::diff::render_markdown(&d);
    assert!(md.contains("## Resources added and removed") && md.contains("grpc-backend-2"));
    assert!(md.contains("## Recommendations that changed"));

    // Nothing changed: an empty diff says so.
    let same = diff(&old, &old, 1.0);
    assert!(same.is_empty());
    assert!(crossover::report::diff::render_markdown(&same)
        .contains("No resource was added or removed"));
}
