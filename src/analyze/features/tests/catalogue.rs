//! The catalogue itself: its vocabulary, one detection test per code, its sentences.

use super::*;

/// The contract's vocabulary (docs: shared contract, "Feature codes"): these may never vanish.
const CONTRACT_CODES: &[&str] = &[
    "host-based-routing",
    "header-routing",
    "query-string-routing",
    "source-ip-routing",
    "weighted-target-groups",
    "oidc-authentication",
    "jwt-validation",
    "fixed-response",
    "redirect",
    "grpc",
    "sticky-sessions",
    "long-timeout",
    "internal-only",
    "mutual-tls",
    "waf",
    "api-keys",
    "usage-plans",
    "response-caching",
    "request-validation",
    "mapping-templates",
    "iam-auth",
    "lambda-authorizer",
    "cognito-authorizer",
    "jwt-authorizer",
    "aws-service-integration",
    "mock-integration",
    "resource-policy",
    "edge-endpoint",
    "canary",
    "xray-tracing",
    "websocket",
    "response-streaming",
    "tls-policy",
    "plain-http-listener",
    "compression",
    "routing-rules",
    "target-group-quota",
    "request-size-limits",
    "developer-portal",
];

#[test]
fn catalogue_holds_the_contract_vocabulary() {
    for code in CONTRACT_CODES {
        assert!(feature(code).is_some(), "contract code {code} is missing");
    }
}

#[test]
fn every_catalogue_code_has_a_detection_test() {
    let catalogue: BTreeSet<&str> = CATALOGUE.iter().map(|f| f.code).collect();
    let tested: BTreeSet<&str> = TESTED_CODES.iter().copied().collect();
    assert_eq!(catalogue, tested);
}

#[test]
fn codes_are_unique_and_kebab_case() {
    let mut seen = BTreeSet::new();
    for f in CATALOGUE {
        assert!(seen.insert(f.code), "{} twice", f.code);
        assert!(
            !f.code.is_empty()
                && !f.code.starts_with('-')
                && !f.code.ends_with('-')
                && !f.code.contains("--")
                && f.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            f.code
        );
    }
}

#[test]
fn every_entry_is_one_sentence_with_an_aws_doc() {
    for f in CATALOGUE {
        assert!(!f.impacts.is_empty(), "{} has no impact at all", f.code);
        for text in [f.description, f.detection] {
            assert!(
                text.ends_with('.') && !text.contains('\n'),
                "{}: {text}",
                f.code
            );
        }
        for i in f.impacts {
            assert!(
                i.reason.ends_with('.') && !i.reason.contains('\n'),
                "{}: {}",
                f.code,
                i.reason
            );
            assert!(
                i.doc.starts_with("https://docs.aws.amazon.com/") && !i.doc.contains(' '),
                "{}: {}",
                f.code,
                i.doc
            );
            assert_ne!(i.from, i.to.kind(), "{} has a same-type entry", f.code);
        }
    }
}

#[test]
fn conditional_entries_come_before_the_unconditional_one() {
    for f in CATALOGUE {
        let mut unconditional = BTreeSet::new();
        for i in f.impacts {
            assert!(
                !unconditional.contains(&(i.from, i.to)),
                "{}: an entry after the unconditional one for {:?} → {:?} is never used",
                f.code,
                i.from,
                i.to
            );
            if i.when == When::Always {
                unconditional.insert((i.from, i.to));
            }
        }
    }
}

#[test]
fn kept_alb_entries_are_workarounds_from_an_alb() {
    for f in CATALOGUE {
        for i in f
            .impacts
            .iter()
            .filter(|i| i.when == When::AlbKeptBehindApi)
        {
            assert_eq!(i.from, ResourceKind::Alb, "{}", f.code);
            assert_eq!(i.impact, Impact::Workaround, "{}", f.code);
        }
    }
}
