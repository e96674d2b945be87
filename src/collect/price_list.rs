//! The Price List Query API (`pricing:GetProducts`), read for `crossover prices refresh`: every
//! product document of each service crossover prices, region by region. Turning the documents
//! into price rows is pricing's job (`pricing::parse_products`); this module only reads them.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_pricing::types::{Filter, FilterType};

use super::ctx::{pages, CallError, CallStats, Ctx};
use super::registry::Op;
use super::{load_sdk_config, CollectOptions};
use crate::pricing::Service;

/// The Price List Query API is served from us-east-1 whatever region is being priced.
const PRICING_REGION: &str = "us-east-1";
/// GetProducts returns at most 100 products per page.
const MAX_RESULTS: i32 = 100;

/// How to reach the Price List Query API.
pub struct PriceListOptions {
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    pub operation_timeout: Duration,
}

/// The `PriceList` strings GetProducts returned for one service in one region.
pub struct PriceDocuments {
    pub service: Service,
    pub region: String,
    pub documents: Vec<String>,
}

/// A region's documents that could not be read: a partial table would price that region from
/// nothing, so the whole refresh stops.
#[derive(Debug, thiserror::Error)]
#[error("pricing:GetProducts for {} in {region} failed ({source})", service.code())]
pub struct PriceListError {
    pub service: Service,
    pub region: String,
    #[source]
    pub source: CallError,
}

/// Every product document of every [`Service`] in each region, in order.
pub async fn price_documents(
    options: &PriceListOptions,
    regions: &[String],
) -> Result<Vec<PriceDocuments>, PriceListError> {
    let mut opts = CollectOptions::basic(
        vec![PRICING_REGION.to_owned()],
        options.endpoint_url.clone(),
        1,
    );
    opts.profile = options.profile.clone();
    opts.operation_timeout = options.operation_timeout;
    let config = load_sdk_config(&opts)
        .await
        .to_builder()
        .region(aws_config::Region::new(PRICING_REGION))
        .build();
    let client = aws_sdk_pricing::Client::new(&config);
    let ctx = Ctx::new("", PRICING_REGION, Arc::new(CallStats::default()));
    read_documents(&ctx, &client, regions).await
}

/// [`price_documents`] with a given client: every page of every service, region by region.
async fn read_documents(
    ctx: &Ctx,
    client: &aws_sdk_pricing::Client,
    regions: &[String],
) -> Result<Vec<PriceDocuments>, PriceListError> {
    let mut out = Vec::new();
    for region in regions {
        for service in Service::ALL {
            let filter = &Filter::builder()
                .r#type(FilterType::TermMatch)
                .field("regionCode")
                .value(region)
                .build()
                .expect("a filter with type, field and value");
            let documents = ctx
                .paginate(
                    Op::PricingGetProducts,
                    Some(region),
                    pages!(
                        |t| client
                            .get_products()
                            .service_code(service.code())
                            .filters(filter.clone())
                            .max_results(MAX_RESULTS)
                            .set_next_token(t),
                        price_list,
                        next_token
                    ),
                )
                .await;
            let Some(documents) = documents else {
                return Err(PriceListError {
                    service,
                    region: region.clone(),
                    source: ctx.take_failure("GetProducts"),
                });
            };
            out.push(PriceDocuments {
                service,
                region: region.clone(),
                documents,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use aws_sdk_pricing::operation::get_products::{GetProductsError, GetProductsOutput};
    use aws_sdk_pricing::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_types::error::ErrorMetadata;

    use super::*;
    use crate::collect::ctx::CallFailure;

    fn ctx() -> Ctx {
        Ctx::new("", PRICING_REGION, Arc::new(CallStats::default()))
    }

    #[tokio::test]
    async fn every_page_of_every_service_is_read_in_order() {
        let elb_1 = mock!(Client::get_products)
            .match_requests(|r| r.service_code() == Some("AWSELB") && r.next_token().is_none())
            .then_output(|| {
                GetProductsOutput::builder()
                    .price_list("elb page 1")
                    .next_token("page-2")
                    .build()
            });
        let elb_2 = mock!(Client::get_products)
            .match_requests(|r| {
                r.service_code() == Some("AWSELB") && r.next_token() == Some("page-2")
            })
            .then_output(|| {
                GetProductsOutput::builder()
                    .price_list("elb page 2")
                    .build()
            });
        let others = mock!(Client::get_products)
            .match_requests(|r| r.service_code() != Some("AWSELB"))
            .then_output(|| GetProductsOutput::builder().price_list("other").build());
        let client = mock_client!(
            aws_sdk_pricing,
            RuleMode::MatchAny,
            [&elb_1, &elb_2, &others]
        );
        let ctx = ctx();
        let docs = read_documents(&ctx, &client, &["eu-west-1".to_owned()])
            .await
            .expect("every call answers");
        assert_eq!(docs.len(), Service::ALL.len());
        let elb = docs.iter().find(|d| d.service == Service::Elb).unwrap();
        assert_eq!(elb.region, "eu-west-1");
        assert_eq!(elb.documents, ["elb page 1", "elb page 2"]);
        assert_eq!(
            ctx.stats().calls()[&Op::PricingGetProducts],
            Service::ALL.len() as u64 + 1
        );
    }

    #[tokio::test]
    async fn a_denied_region_stops_the_refresh_with_the_call_s_error() {
        let denied = mock!(Client::get_products).then_error(|| {
            GetProductsError::generic(
                ErrorMetadata::builder()
                    .code("AccessDeniedException")
                    .message("not authorized to perform pricing:GetProducts")
                    .build(),
            )
        });
        let client = mock_client!(aws_sdk_pricing, RuleMode::MatchAny, [&denied]);
        let err = read_documents(&ctx(), &client, &["eu-west-1".to_owned()])
            .await
            .err()
            .expect("a denied call fails the refresh");
        assert_eq!(
            err.source.kind,
            CallFailure::Service("AccessDeniedException".to_owned())
        );
        assert_eq!(
            err.to_string(),
            format!(
                "pricing:GetProducts for {} in eu-west-1 failed (AccessDeniedException: not authorized to perform pricing:GetProducts)",
                Service::ALL[0].code()
            )
        );
    }
}
