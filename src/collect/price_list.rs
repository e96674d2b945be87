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
    let client = &aws_sdk_pricing::Client::new(&config);
    let ctx = Ctx::new("", PRICING_REGION, Arc::new(CallStats::default()));
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
