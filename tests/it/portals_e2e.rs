//! API Gateway portals against moto (tests/scenarios/moto_server.py adds the portal routes moto
//! lacks): a REST API that a portal publishes carries the portal in its snapshot and a
//! `developer-portal` gap towards HTTP APIs and ALBs; a REST API whose endpoints sit only in a
//! product no portal includes carries neither. Portals are read only where a REST API is.

use std::sync::Arc;

use crate::support::Moto;
use crossover::collect::{self, registry::Op, CallStats, CollectOptions};
use crossover::model::{PortalListing, ResourceConfig, Snapshot};
use serde_json::Value;

/// A REST API with `GET /` on a mock integration, deployed to `stage`; returns its id.
async fn rest_api(client: &aws_sdk_apigateway::Client, name: &str, stage: &str) -> String {
    let api = client.create_rest_api().name(name).send().await.unwrap();
    let id = api.id().unwrap().to_owned();
    let root = client
        .get_resources()
        .rest_api_id(&id)
        .send()
        .await
        .unwrap()
        .items()[0]
        .id()
        .unwrap()
        .to_owned();
    client
        .put_method()
        .rest_api_id(&id)
        .resource_id(&root)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    client
        .put_integration()
        .rest_api_id(&id)
        .resource_id(&root)
        .http_method("GET")
        .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
        .send()
        .await
        .unwrap();
    client
        .create_deployment()
        .rest_api_id(&id)
        .stage_name(stage)
        .send()
        .await
        .unwrap();
    id
}

/// A portal product with one REST endpoint page per (API, stage); returns its ARN.
async fn product(
    client: &aws_sdk_apigatewayv2::Client,
    name: &str,
    pages: &[(&str, &str)],
) -> String {
    use aws_sdk_apigatewayv2::types::{IdentifierParts, RestEndpointIdentifier};
    let p = client
        .create_portal_product()
        .display_name(name)
        .send()
        .await
        .unwrap();
    for (api, stage) in pages {
        client
            .create_product_rest_endpoint_page()
            .portal_product_id(p.portal_product_id().unwrap())
            .rest_endpoint_identifier(
                RestEndpointIdentifier::builder()
                    .identifier_parts(
                        IdentifierParts::builder()
                            .rest_api_id(*api)
                            .stage(*stage)
                            .method("GET")
                            .path("/")
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    p.portal_product_arn().unwrap().to_owned()
}

async fn portal(client: &aws_sdk_apigatewayv2::Client, name: &str, products: &[&str]) -> String {
    use aws_sdk_apigatewayv2::types::{
        Authorization, CustomColors, EndpointConfigurationRequest, None, PortalContent, PortalTheme,
    };
    let colors = CustomColors::builder()
        .accent_color("#125d8a")
        .background_color("#ffffff")
        .error_validation_color("#d13212")
        .header_color("#232f3e")
        .navigation_color("#232f3e")
        .text_color("#16191f")
        .build();
    let p = client
        .create_portal()
        .authorization(
            Authorization::builder()
                .none(None::builder().build())
                .build(),
        )
        .endpoint_configuration(
            EndpointConfigurationRequest::builder()
                .none(None::builder().build())
                .build(),
        )
        .portal_content(
            PortalContent::builder()
                .display_name(name)
                .theme(PortalTheme::builder().custom_colors(colors).build())
                .build(),
        )
        .set_included_portal_product_arns(Some(products.iter().map(|s| (*s).to_owned()).collect()))
        .send()
        .await
        .unwrap();
    p.portal_id().unwrap().to_owned()
}

fn portals_of(snap: &Snapshot, id: &str) -> Vec<PortalListing> {
    let r = snap
        .resources
        .iter()
        .find(|r| r.id == id)
        .expect("collected");
    match &r.config {
        ResourceConfig::RestApi(api) => api.portals.clone(),
        other => panic!("{id} is not a REST API: {other:?}"),
    }
}

/// `developer-portal` gaps of a resource's alternatives in a JSON report: (target, impact).
fn portal_gaps(report: &Value, id: &str) -> Vec<(String, String)> {
    let r = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .expect("in the report");
    r["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| {
            a["gaps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|g| g["feature"] == "developer-portal")
                .map(move |g| {
                    (
                        a["kind"].as_str().unwrap().to_owned(),
                        g["impact"].as_str().unwrap().to_owned(),
                    )
                })
        })
        .collect()
}

#[test]
fn a_rest_api_a_portal_publishes_shows_the_portal_and_its_gap() {
    let moto = Moto::start();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (published, unpublished, portal_id) = rt.block_on(async {
        let config = moto.sdk_config().await;
        let v1 = aws_sdk_apigateway::Client::new(&config);
        let v2 = aws_sdk_apigatewayv2::Client::new(&config);
        let published = rest_api(&v1, "orders", "prod").await;
        let unpublished = rest_api(&v1, "internal", "prod").await;
        let partner = product(
            &v2,
            "Partner",
            &[(&published, "prod"), (&published, "beta")],
        )
        .await;
        // A product no portal includes publishes nothing.
        product(&v2, "Draft", &[(&unpublished, "prod")]).await;
        let portal_id = portal(&v2, "Partner APIs", &[&partner]).await;
        (published, unpublished, portal_id)
    });

    let stats = Arc::new(CallStats::default());
    let snap = rt.block_on(async {
        let config = moto.sdk_config().await;
        let opts = CollectOptions::basic(
            vec!["us-east-1".into(), "eu-west-1".into()],
            Some(moto.endpoint.clone()),
            1,
        );
        collect::collect(&opts, &config, stats.clone())
            .await
            .unwrap()
    });
    assert!(snap.gaps.is_empty(), "unexpected gaps: {:?}", snap.gaps);
    assert_eq!(
        portals_of(&snap, &published),
        [PortalListing {
            portal_id: portal_id.clone(),
            name: "Partner APIs".into(),
            stages: vec!["beta".into(), "prod".into()],
        }]
    );
    assert!(portals_of(&snap, &unpublished).is_empty());
    // Call economy: eu-west-1 holds no REST API and is not asked; in us-east-1 one list of
    // portals, one of products, and the pages of the one product a portal includes.
    let calls = stats.calls();
    assert_eq!(calls[&Op::Apigw2ListPortals], 1);
    assert_eq!(calls[&Op::Apigw2ListPortalProducts], 1);
    assert_eq!(calls[&Op::Apigw2ListProductRestEndpointPages], 1);

    // Through the binary: the gap in the report, a workaround towards both targets.
    let dir = tempfile::tempdir().unwrap();
    let out = moto
        .run(dir.path(), "scan", "us-east-1")
        .args(["--days", "1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["coverage"]["gaps"]
        .as_array()
        .is_none_or(|g| g.is_empty()));
    let mut gaps = portal_gaps(&report, &published);
    gaps.sort();
    assert_eq!(
        gaps,
        [
            ("alb".to_owned(), "workaround".to_owned()),
            ("http_api".to_owned(), "workaround".to_owned()),
        ]
    );
    assert!(portal_gaps(&report, &unpublished).is_empty());
}
