use std::time::Duration;

use super::{Failure, Outcome};
use crate::cli::PricesCommand;
use crate::collect::price_list::{price_documents, PriceListOptions};
use crate::pricing::{parse_products, PriceBook, PriceRow};

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
    let options = PriceListOptions {
        profile,
        endpoint_url,
        operation_timeout: Duration::from_secs(timeout),
    };
    let documents = price_documents(&options, &regions).await.map_err(|e| {
        Failure::Failed(format!(
            "{e}; check the credentials and network, or keep the embedded book"
        ))
    })?;
    let mut rows: Vec<PriceRow> = Vec::new();
    for d in &documents {
        rows.extend(parse_products(d.service.code(), &d.documents).map_err(Failure::failed)?);
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
