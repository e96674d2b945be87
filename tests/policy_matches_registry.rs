//! The IAM policy in policies/ lists exactly what the code can call: the registry in
//! src/collect/registry.rs is the only way the collectors reach AWS.

use std::collections::BTreeSet;

use crossover::collect::registry::{IamAction, Op};
use serde_json::Value;

fn policy() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/crossover-readonly.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().map(|x| x.as_str().unwrap().to_owned()).collect(),
        _ => panic!("expected a string or a list: {v}"),
    }
}

/// IAM resource matching: `*` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            text.starts_with(head)
                && (0..=text.len() - head.len()).any(|i| glob(tail, &text[head.len() + i..]))
        }
    }
}

#[test]
fn the_policy_grants_exactly_the_registered_operations() {
    let p = policy();
    let mut actions = BTreeSet::new();
    let mut apigw_resources = Vec::new();
    for st in p["Statement"].as_array().unwrap() {
        assert_eq!(st["Effect"], "Allow");
        for a in strings(&st["Action"]) {
            assert!(!a.contains('*'), "no wildcard action names: {a}");
            if a == "apigateway:GET" {
                apigw_resources.extend(strings(&st["Resource"]));
            } else {
                actions.insert(a);
            }
        }
    }
    let mut registered = BTreeSet::new();
    let mut paths = Vec::new();
    for op in Op::all() {
        assert!(op.is_read(), "{op:?} is not a read");
        match op.info().iam {
            IamAction::Action(a) => {
                registered.insert(a.to_owned());
            }
            IamAction::ApiGatewayGet { path } => paths.push(path),
        }
    }
    assert_eq!(
        actions, registered,
        "policy actions differ from the registry"
    );
    for path in paths {
        // A concrete path of this shape, as an API Gateway resource ARN.
        let arn = format!("arn:aws:apigateway:us-east-1::{}", path.replace('*', "x1"));
        assert!(
            apigw_resources.iter().any(|r| glob(r, &arn)),
            "apigateway:GET does not cover {path}"
        );
    }
    // Nothing beyond what is read: every granted API Gateway path is one the code reads.
    for r in &apigw_resources {
        let used = Op::all().any(|op| match op.info().iam {
            IamAction::ApiGatewayGet { path } => glob(
                r,
                &format!("arn:aws:apigateway:us-east-1::{}", path.replace('*', "x1")),
            ),
            IamAction::Action(_) => false,
        });
        assert!(used, "{r} is granted but never read");
    }
}

#[test]
fn glob_matches_like_iam() {
    assert!(glob(
        "arn:aws:apigateway:*::/restapis/*",
        "arn:aws:apigateway:us-east-1::/restapis/x1/stages"
    ));
    assert!(!glob(
        "arn:aws:apigateway:*::/restapis",
        "arn:aws:apigateway:us-east-1::/restapis/x1"
    ));
}

/// The CloudFormation templates embed the same policy: every action line they grant is one
/// the registry has, and they grant every one.
#[test]
fn the_role_templates_grant_the_same_actions() {
    let registered: BTreeSet<String> = Op::all()
        .filter_map(|op| match op.info().iam {
            IamAction::Action(a) => Some(a.to_owned()),
            IamAction::ApiGatewayGet { .. } => None,
        })
        .collect();
    for name in [
        "crossover-audit-role.yaml",
        "crossover-audit-role-stackset.yaml",
    ] {
        let path = format!("{}/policies/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let granted: BTreeSet<String> = text
            .lines()
            .map(str::trim)
            .filter_map(|l| l.strip_prefix("- "))
            .filter(|l| !l.contains(' ') && l.contains(':') && !l.starts_with('!'))
            .map(str::to_owned)
            .collect();
        assert_eq!(granted, registered, "{name}");
        assert!(text.contains("Action: apigateway:GET"));
        assert!(text.contains("sts:ExternalId"));
    }
}
