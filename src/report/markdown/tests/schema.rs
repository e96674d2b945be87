//! `docs/report.schema.json` describes the JSON report exactly as serde writes it: produced
//! reports validate, a report missing a contract field does not, and no field is emitted that
//! the schema does not document.

use serde_json::Value;

use super::{fixture, fixture_analysis, stress_analysis};
use crate::analyze::{analyze, Analysis, Assumptions};
use crate::pricing::PriceBook;

const SCHEMA: &str = include_str!("../../../../docs/report.schema.json");

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("docs/report.schema.json is JSON")
}

/// The published schema lets objects grow (fields may be added within a version); the test
/// closes every object so that a field added to the Rust types without a description fails.
fn closed(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".to_owned(), Value::Bool(false));
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, report: &Value) -> Vec<String> {
    validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn json(a: &Analysis) -> Value {
    // Through the string, exactly as `--format json` writes it.
    serde_json::from_str(&serde_json::to_string(a).unwrap()).unwrap()
}

fn empty_analysis() -> Analysis {
    let mut snapshot = fixture::snapshot();
    snapshot.resources.clear();
    snapshot.gaps.clear();
    snapshot.notes.clear();
    analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default())
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let s = schema();
    jsonschema::draft202012::meta::validate(&s).expect("valid against the 2020-12 meta-schema");
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn produced_reports_validate() {
    let open = validator(&schema());
    let strict = validator(&closed(schema()));
    for (what, a) in [
        ("fixture", fixture_analysis()),
        ("stress", stress_analysis()),
        ("empty", empty_analysis()),
        (
            "reconciled",
            crate::analyze::reconcile::tests::reconciled_analysis(),
        ),
    ] {
        let report = json(&a);
        let e = errors(&open, &report);
        assert!(e.is_empty(), "{what} report does not validate: {e:#?}");
        let e = errors(&strict, &report);
        assert!(
            e.is_empty(),
            "{what} report has fields docs/report.schema.json does not describe: {e:#?}"
        );
    }
}

/// The fields `docs/cli-and-report.md` promises, as JSON pointers into the stress
/// report (which has a feature gap, a coverage gap and a data note to point at).
const CONTRACT_FIELDS: &[&str] = &[
    "/schema_version",
    "/generated_at",
    "/account_ids",
    "/window",
    "/window/start",
    "/window/end",
    "/window/hours",
    "/hours_per_month",
    "/prices",
    "/prices/source",
    "/prices/as_of",
    "/summary",
    "/summary/current_monthly_usd",
    "/summary/recommended_monthly_usd",
    "/summary/savings_monthly_usd",
    "/resources",
    "/resources/0/kind",
    "/resources/0/account_id",
    "/resources/0/region",
    "/resources/0/id",
    "/resources/0/name",
    "/resources/0/usage",
    "/resources/0/usage/requests_monthly",
    "/resources/0/current",
    "/resources/0/current/monthly_usd",
    "/resources/0/current/lines",
    "/resources/0/current/lines/0/item",
    "/resources/0/current/lines/0/quantity",
    "/resources/0/current/lines/0/unit",
    "/resources/0/current/lines/0/unit_price_usd",
    "/resources/0/current/lines/0/monthly_usd",
    "/resources/0/alternatives",
    "/resources/0/alternatives/0/kind",
    "/resources/0/alternatives/0/monthly_usd",
    "/resources/0/alternatives/0/low_monthly_usd",
    "/resources/0/alternatives/0/high_monthly_usd",
    "/resources/0/alternatives/0/lines",
    "/resources/0/alternatives/0/assumptions",
    "/resources/0/alternatives/0/gaps",
    "/resources/0/alternatives/0/gaps/0/feature",
    "/resources/0/alternatives/0/gaps/0/impact",
    "/resources/0/alternatives/0/gaps/0/detail",
    "/resources/0/recommendation",
    "/resources/0/recommendation/action",
    "/resources/0/recommendation/target",
    "/resources/0/recommendation/savings_monthly_usd",
    "/resources/0/recommendation/reason",
    "/coverage",
    "/coverage/regions",
    "/coverage/gaps",
    "/coverage/gaps/0/account_id",
    "/coverage/gaps/0/region",
    "/coverage/gaps/0/service",
    "/coverage/gaps/0/operation",
    "/coverage/gaps/0/error",
];

fn without(report: &Value, pointer: &str) -> Value {
    let mut v = report.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let removed = v
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|o| o.remove(key));
    assert!(removed.is_some(), "{pointer} is not in the report");
    v
}

#[test]
fn a_report_missing_a_contract_field_is_invalid() {
    let open = validator(&schema());
    let report = json(&stress_analysis());
    assert!(open.is_valid(&report));
    for pointer in CONTRACT_FIELDS {
        let broken = without(&report, pointer);
        assert!(
            !open.is_valid(&broken),
            "a report without {pointer} still validates: the schema must require it"
        );
    }
}

#[test]
fn values_outside_the_contract_are_invalid() {
    let open = validator(&schema());
    let report = json(&stress_analysis());
    for (pointer, bad) in [
        ("/schema_version", serde_json::json!(2)),
        ("/generated_at", serde_json::json!("yesterday")),
        ("/resources/0/kind", serde_json::json!("ALB")),
        (
            "/resources/0/recommendation/action",
            serde_json::json!("front_with_api"),
        ),
        (
            "/resources/0/recommendation/target",
            serde_json::json!("websocket_api"),
        ),
        (
            "/resources/0/alternatives/0/gaps/0/impact",
            serde_json::json!("Blocker"),
        ),
        (
            "/resources/0/alternatives/0/gaps/0/feature",
            serde_json::json!("Host Routing"),
        ),
        (
            "/resources/0/usage/requests_monthly",
            serde_json::json!("12"),
        ),
        (
            "/summary/resources_by_action",
            serde_json::json!({"ignore": 1}),
        ),
    ] {
        let mut v = report.clone();
        *v.pointer_mut(pointer).expect("the field exists") = bad.clone();
        assert!(!open.is_valid(&v), "{pointer} = {bad} validates");
    }
}

#[test]
fn optional_fields_are_left_out_rather_than_null() {
    // skip_serializing_if fields: absent when empty, never null or [] (the schema says so).
    let report = json(&fixture_analysis());
    for r in report["resources"].as_array().unwrap() {
        assert!(r.get("linked").is_none());
        assert!(r["current"].get("unpriced").is_none());
    }
    let stress = json(&stress_analysis());
    assert!(stress["resources"][0]["linked"].is_array());
    assert!(stress["resources"][0]["current"]["unpriced"].is_array());
}
