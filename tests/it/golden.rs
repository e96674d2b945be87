//! Golden files of the three renderers on the bundled sample account, and the JSON report
//! validated against docs/report.schema.json.

use crossover::analyze::{analyze, Analysis, Assumptions};
use crossover::pricing::PriceBook;
use crossover::report::{render, Format};

fn sample() -> Analysis {
    let snapshot = crossover::output::read_snapshot(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sample-account.json"
    )))
    .unwrap();
    analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default())
}

#[test]
fn markdown_of_the_sample() {
    insta::assert_snapshot!("sample_markdown", render(&sample(), Format::Markdown));
}

#[test]
fn csv_of_the_sample() {
    insta::assert_snapshot!("sample_csv", render(&sample(), Format::Csv));
}

#[test]
fn json_of_the_sample() {
    insta::assert_snapshot!("sample_json", render(&sample(), Format::Json));
}

#[test]
fn the_sample_report_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/report.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let report: serde_json::Value = serde_json::from_str(&render(&sample(), Format::Json)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_sample_markdown_has_no_float_noise_and_every_resource() {
    let a = sample();
    let md = render(&a, Format::Markdown);
    for r in &a.resources {
        assert!(md.contains(&r.name), "{} missing", r.name);
    }
    // Binary float noise shows as long runs of 0s or 9s after a decimal point.
    for noise in ["00000000", "99999999"] {
        assert!(!md.contains(noise), "float noise in the Markdown");
    }
    assert!(md.contains("```mermaid"));
}

#[test]
fn csv_rows_are_rfc4180_and_one_per_resource_alternative() {
    let a = sample();
    let csv = render(&a, Format::Csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let width = reader.headers().unwrap().len();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| r.len() == width));
    let expected: usize = a
        .resources
        .iter()
        .map(|r| r.alternatives.len().max(1))
        .sum();
    assert_eq!(rows.len(), expected);
    assert!(csv.contains("\r\n"));
}
