//! The IAM policy in policies/ lists exactly what the code can call: the registry in
//! src/collect/registry.rs is the only way the collectors reach AWS.

use std::collections::BTreeSet;

use crossover::collect::registry::{IamAction, Op, Policy};
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
    for op in Op::all().filter(|op| op.policy() == Policy::ReadOnly) {
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
        .filter(|op| op.policy() == Policy::ReadOnly)
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

/// Statement id → (actions, resources) of an IAM policy.
type Grants = std::collections::BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

fn json_grants() -> Grants {
    policy()["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| {
            (
                st["Sid"].as_str().unwrap().to_owned(),
                (
                    strings(&st["Action"]).into_iter().collect(),
                    strings(&st["Resource"]).into_iter().collect(),
                ),
            )
        })
        .collect()
}

/// The statements of the policy that starts at the line holding `marker`, read from the
/// template's text: the block ends at the first line indented no deeper than the marker.
fn template_grants(text: &str, marker: &str) -> Grants {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut lines = text.lines().skip_while(|l| !l.contains(marker));
    let first = lines.next().unwrap_or_else(|| panic!("{marker} not found"));
    let block: Vec<&str> = lines
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .take_while(|l| indent(l) > indent(first))
        .map(str::trim)
        .collect();
    // `!Sub 'arn:${AWS::Partition}:…'` is the JSON policy's `arn:aws:…` in the commercial
    // partition, and the role templates' RoleName parameter defaults to the JSON's role name.
    let value = |v: &str| {
        v.trim_start_matches("!Sub ")
            .trim_matches('\'')
            .replace("${AWS::Partition}", "aws")
            .replace("${RoleName}", "CrossoverAudit")
    };
    let mut grants = Grants::new();
    let mut current: Option<String> = None;
    let mut in_resources = false;
    for l in block {
        if let Some(sid) = l.strip_prefix("- Sid: ") {
            current = Some(sid.to_owned());
            grants.entry(sid.to_owned()).or_default();
            continue;
        }
        let Some(sid) = &current else { continue };
        let entry = grants.get_mut(sid).unwrap();
        if let Some(a) = l.strip_prefix("Action:") {
            in_resources = false;
            if !a.trim().is_empty() {
                entry.0.insert(a.trim().to_owned());
            }
        } else if let Some(r) = l.strip_prefix("Resource:") {
            in_resources = true;
            if !r.trim().is_empty() {
                entry.1.insert(value(r.trim()));
            }
        } else if let Some(item) = l.strip_prefix("- ") {
            if in_resources {
                entry.1.insert(value(item));
            } else {
                entry.0.insert(item.to_owned());
            }
        } else {
            in_resources = false;
        }
    }
    grants
}

/// Every template that creates a crossover role embeds policies/crossover-readonly.json
/// statement for statement: same ids, actions and resources. The examples hold it as a managed
/// policy named CrossoverReadOnlyPolicy beside their other grants (S3 for the ECS entry point),
/// which stay out of it.
#[test]
fn every_template_embeds_the_json_policy_statement_for_statement() {
    let expected = json_grants();
    for (name, marker) in [
        (
            "policies/crossover-audit-role.yaml",
            "PolicyName: crossover-readonly",
        ),
        (
            "policies/crossover-audit-role-stackset.yaml",
            "PolicyName: crossover-readonly",
        ),
        (
            "docs/examples/ecs-scheduled-audit.yaml",
            "  CrossoverReadOnlyPolicy:",
        ),
        (
            "docs/examples/github-oidc-audit-role.yaml",
            "  CrossoverReadOnlyPolicy:",
        ),
    ] {
        let path = format!("{}/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(template_grants(&text, marker), expected, "{name}");
    }
}

/// The policy files beside the read-only one grant exactly their operations of the registry
/// (and, for Athena, what it does with the caller's permissions), every action named (no
/// wildcard), on named resources only.
#[test]
fn the_bill_source_policies_grant_exactly_their_operations() {
    for policy in [Policy::BillExport, Policy::Athena] {
        let path = format!("{}/policies/{}", env!("CARGO_MANIFEST_DIR"), policy.file());
        let p: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut actions = BTreeSet::new();
        for st in p["Statement"].as_array().unwrap() {
            assert_eq!(st["Effect"], "Allow");
            for r in strings(&st["Resource"]) {
                assert_ne!(r, "*", "{path}: a bill source names its resources");
            }
            for a in strings(&st["Action"]) {
                assert!(!a.contains('*'), "no wildcard action names: {a}");
                actions.insert(a);
            }
        }
        let registered: BTreeSet<String> = Op::all()
            .filter(|op| op.policy() == policy)
            .filter_map(|op| match op.info().iam {
                IamAction::Action(a) => Some(a.to_owned()),
                IamAction::ApiGatewayGet { .. } => None,
            })
            .chain(policy.on_behalf().iter().map(|a| (*a).to_owned()))
            .collect();
        assert_eq!(actions, registered, "{path}");
    }
}
