use std::sync::Arc;
use std::time::Duration;

use aws_sdk_pricing::types::{Filter, FilterType};

use super::{Failure, Outcome};
use crate::cli::PricesCommand;
use crate::collect::registry::Op;
use crate::collect::{CallStats, Ctx};
use crate::pricing::{parse_products, PriceBook, PriceRow, Service};

pub async fn run(command: PricesCommand) -> Result<Outcome, Failure> {
    match command {
        PricesCommand::Show { region, prices } => {
            let book = super::report::load_book(prices.as_deref())?;
            print!("{}", show(&book, region.as_deref()));
            Ok(Outcome::Complete)
        }
        PricesCommand::Refresh {
            regions,
            output,
            profile,
            endpoint_url,
            timeout,
        } => refresh(regions, output, profile, endpoint_url, timeout).await,
    }
}

/// The book as an aligned table, one line per region, item and tier.
pub fn show(book: &PriceBook, region: Option<&str>) -> String {
    let mut out = format!(
        "# price book: {} (as of {})\n{:<16} {:<32} {:<18} {:>16} {:>16} {:>16}\n",
        book.source(),
        book.as_of(),
        "region",
        "item",
        "unit",
        "tier_start",
        "tier_end",
        "usd"
    );
    for (r, price) in book.prices() {
        if region.is_some_and(|want| want != r) {
            continue;
        }
        for t in &price.tiers {
            out.push_str(&format!(
                "{:<16} {:<32} {:<18} {:>16} {:>16} {:>16}\n",
                r,
                price.item.name(),
                price.unit,
                t.start,
                t.end
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| "-".to_owned()),
                format!("{:.10}", t.usd)
            ));
        }
    }
    out
}

/// The Price List Query API is served from us-east-1 whatever region is being priced.
const PRICING_REGION: &str = "us-east-1";
/// GetProducts returns at most 100 products per page.
const MAX_RESULTS: i32 = 100;

async fn refresh(
    regions: Vec<String>,
    output: Option<std::path::PathBuf>,
    profile: Option<String>,
    endpoint_url: Option<String>,
    timeout: u64,
) -> Result<Outcome, Failure> {
    let regions: Vec<String> = if regions.is_empty() {
        PriceBook::embedded()
            .regions()
            .into_iter()
            .map(str::to_owned)
            .collect()
    } else {
        regions
    };
    let mut opts =
        crate::collect::CollectOptions::basic(vec![PRICING_REGION.to_owned()], endpoint_url, 1);
    opts.profile = profile;
    opts.operation_timeout = Duration::from_secs(timeout);
    let config = crate::collect::load_sdk_config(&opts).await;
    let config = config
        .to_builder()
        .region(aws_config::Region::new(PRICING_REGION))
        .build();
    let client = &aws_sdk_pricing::Client::new(&config);
    let ctx = Ctx::new("", PRICING_REGION, Arc::new(CallStats::default()));
    let mut rows: Vec<PriceRow> = Vec::new();
    for region in &regions {
        for service in Service::ALL {
            let filter = &Filter::builder()
                .r#type(FilterType::TermMatch)
                .field("regionCode")
                .value(region)
                .build()
                .expect("a filter with type, field and value");
            let docs = ctx
                .paginate(
                    Op::PricingGetProducts,
                    Some(region),
                    crate::collect::ctx::pages!(
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
            let Some(docs) = docs else {
                let gap = ctx.take_gaps().pop();
                return Err(Failure::Failed(format!(
                    "pricing:GetProducts for {} in {region} failed ({}); check the credentials and network, or keep the embedded book",
                    service.code(),
                    gap.map(|g| g.error).unwrap_or_default()
                )));
            };
            rows.extend(parse_products(service.code(), &docs).map_err(Failure::failed)?);
        }
    }
    let as_of = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let book = PriceBook::from_rows(rows, "aws-price-list-api", &as_of).map_err(Failure::failed)?;
    let csv = book.to_csv();
    match output {
        Some(path) => {
            crate::output::write_atomic(&path, csv.as_bytes()).map_err(Failure::failed)?
        }
        None => print!("{csv}"),
    }
    Ok(Outcome::Complete)
}
