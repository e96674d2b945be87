//! Ordering, determinism and serialisation of the gaps.

use super::*;

#[test]
fn blockers_come_first_then_codes_in_order() {
    let g = gaps(&rich_alb(), Target::HttpApi, &NO_CTX);
    let listed: Vec<(Impact, &str)> = g.iter().map(|g| (g.impact, g.feature.as_str())).collect();
    assert_eq!(
        listed,
        vec![
            (Impact::Blocker, "custom-lb-algorithm"),
            (Impact::Blocker, "grpc"),
            (Impact::Blocker, "header-routing"),
            (Impact::Blocker, "query-string-routing"),
            (Impact::Blocker, "slow-start"),
            (Impact::Blocker, "source-ip-routing"),
            (Impact::Blocker, "sticky-sessions"),
            (Impact::Blocker, "weighted-target-groups"),
            (Impact::Workaround, "fixed-response"),
            (Impact::Workaround, "private-integration"),
        ]
    );
}

#[test]
fn the_same_resource_always_gives_the_same_answer() {
    let r = rich_alb();
    for target in Target::ALL {
        for ctx in [NO_CTX, KEEP_ALB] {
            assert_eq!(gaps(&r, target, &ctx), gaps(&r.clone(), target, &ctx));
        }
    }
    assert_eq!(detect(&r), detect(&r));
    let found = detect(&r);
    assert!(found.windows(2).all(|w| w[0].code <= w[1].code));
}

#[test]
fn evidence_is_shown_up_to_three_items() {
    let r = rest(|a| {
        for i in 0..5 {
            let mut m = method("GET");
            m.api_key_required = true;
            a.resources.push(RestResource {
                id: format!("r{i}"),
                path: format!("/k{i}"),
                methods: vec![m],
            });
        }
    });
    let g = gaps(&r, Target::HttpApi, &NO_CTX);
    let detail = &gap(&g, "api-keys").unwrap().detail;
    assert!(
        detail.starts_with(
            "GET /k0 requires an API key; GET /k1 requires an API key; GET /k2 requires an API key (and 2 more) — HTTP APIs have no API keys."
        ),
        "{detail}"
    );
    assert!(detail.ends_with(
        "(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html)"
    ));
}

#[test]
fn gaps_serialise_as_the_report_contract_says() {
    let g = gaps(&case("grpc"), Target::HttpApi, &NO_CTX);
    let json = serde_json::to_value(&g[0]).unwrap();
    let object = json.as_object().unwrap();
    assert_eq!(
        object.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from(["detail", "feature", "impact"])
    );
    assert_eq!(json["feature"], "grpc");
    assert_eq!(json["impact"], "blocker");
    assert_eq!(
        serde_json::to_value(Impact::Workaround).unwrap(),
        "workaround"
    );
    let targets: Vec<_> = Target::ALL
        .iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect();
    assert_eq!(targets, vec!["alb", "rest_api", "http_api"]);
    assert_eq!(Target::RestApi.as_str(), "rest_api");
    let back: FeatureGap = serde_json::from_value(json).unwrap();
    assert_eq!(back, g[0]);
}

#[test]
fn every_case_is_assessed_in_every_direction_without_panicking() {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for code in TESTED_CODES {
        let r = case(code);
        for target in Target::ALL {
            for ctx in [NO_CTX, KEEP_ALB] {
                *seen.entry(*code).or_default() += gaps(&r, target, &ctx).len();
            }
        }
    }
    // Every feature costs something somewhere, or it would not be in the catalogue.
    for (code, n) in seen {
        assert!(n > 0, "{code} never produces a gap from its own case");
    }
}
