//! Everything that can go wrong reading prices.

use thiserror::Error;

/// Everything that can go wrong reading prices. Every message is one line.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PriceError {
    /// A problem at one line of a price CSV.
    #[error("{label} line {line}: {message}")]
    Line {
        label: String,
        line: u64,
        message: String,
    },
    /// A problem with a whole file, an overrides document or a set of price rows.
    #[error("{label}: {message}")]
    Invalid { label: String, message: String },
    /// A `pricing:GetProducts` document that cannot be used.
    #[error("price list {service_code} document {index}: {message}")]
    PriceList {
        service_code: String,
        index: usize,
        message: String,
    },
    /// A price file that cannot be read at all.
    #[error("cannot read price file {path}: {message}")]
    Read { path: String, message: String },
    #[error("unknown item '{0}'")]
    UnknownItem(String),
    #[error("unknown service code '{0}' (expected AWSELB, AmazonApiGateway, AmazonCloudWatch, AmazonVPC or AWSCostExplorer)")]
    UnknownService(String),
    #[error(
        "unknown API Gateway cache size '{0}' (expected 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237)"
    )]
    UnknownCacheSize(String),
}

pub(crate) fn invalid(label: &str, message: impl Into<String>) -> PriceError {
    PriceError::Invalid {
        label: label.to_string(),
        message: message.into(),
    }
}
