//! What every collector shares: the account and region it reads, the call counter behind
//! `--stats`, and the list of calls that failed. A failed call becomes a [`Gap`]; it never
//! aborts the run.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::retry::ErrorKind;

use super::pace::AccountPaces;
use super::registry::Op;
use crate::model::{Gap, MetricRequests};

/// API calls made, per service and operation; shared by every region and account of a run.
/// GetMetricData is also kept per account and region, where it is billed per metric.
#[derive(Debug, Default)]
pub struct CallStats {
    calls: Mutex<BTreeMap<Op, u64>>,
    /// One entry per batch and per call; `metric_requests` adds them up per account × region.
    metric_requests: Mutex<Vec<MetricRequests>>,
}

impl CallStats {
    pub fn count(&self, op: Op) {
        *self
            .calls
            .lock()
            .expect("stats lock")
            .entry(op)
            .or_default() += 1;
    }

    pub fn add_metrics_requested(&self, account_id: &str, region: &str, n: u64) {
        self.record(MetricRequests::new(account_id, region, n, 0), None);
    }

    pub fn add_getmetricdata_call(&self, account_id: &str, region: &str) {
        self.record(MetricRequests::new(account_id, region, 0, 1), None);
    }

    /// A finished GetMetricData batch: its metrics and the pages its answer took.
    pub fn add_batch_pages(&self, account_id: &str, region: &str, metrics: u64, pages: u64) {
        self.record(
            MetricRequests::new(account_id, region, 0, 0),
            Some(crate::model::BatchPages { metrics, pages }),
        );
    }

    /// Every entry of a run records its batches (none but a finished batch's own), so that
    /// the combined entries know them all.
    fn record(&self, entry: MetricRequests, batch: Option<crate::model::BatchPages>) {
        let entry = MetricRequests {
            batches: Some(batch.into_iter().collect()),
            ..entry
        };
        self.metric_requests.lock().expect("stats lock").push(entry);
    }

    pub fn calls(&self) -> BTreeMap<Op, u64> {
        self.calls.lock().expect("stats lock").clone()
    }

    pub fn metrics_requested(&self) -> u64 {
        self.metric_requests
            .lock()
            .expect("stats lock")
            .iter()
            .map(|e| e.metrics_requested)
            .sum()
    }

    /// GetMetricData requests per account and region, sorted, as a snapshot records them.
    pub fn metric_requests(&self) -> Vec<MetricRequests> {
        MetricRequests::combined(self.metric_requests.lock().expect("stats lock").clone())
    }
}

/// What kind of failure a call met. The SDK's error is classified once, here, by its variant and
/// by walking its chain of sources; every later decision (a gap, a retry in another region, a
/// credentials hint) asks the kind, never the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallFailure {
    /// AWS answered with an error code (AccessDenied, ThrottlingException, NotFoundException...);
    /// "ServiceError" when the answer had no code (moto and proxies answer some failures with
    /// an HTML page).
    Service(String),
    /// No credential provider found credentials.
    NoCredentials,
    /// A credential provider failed: a profile that is not defined, an expired SSO session, a
    /// role that cannot be assumed.
    Credentials,
    Timeout,
    /// The endpoint could not be reached, or closed the connection before answering.
    Connection,
    /// Any other failure to send the request.
    Dispatch,
    /// The response could not be read.
    Response,
    /// The request could not be built.
    Client,
    /// The call succeeded but its answer lacks what the call must return.
    Incomplete,
}

impl CallFailure {
    /// The stable code a gap records in the snapshot and the report.
    pub fn code(&self) -> &str {
        match self {
            CallFailure::Service(code) => code,
            CallFailure::NoCredentials => "NoCredentials",
            CallFailure::Credentials => "CredentialsError",
            CallFailure::Timeout => "Timeout",
            CallFailure::Connection => "ConnectionError",
            CallFailure::Dispatch => "DispatchFailure",
            CallFailure::Response => "ResponseError",
            CallFailure::Client => "ClientError",
            CallFailure::Incomplete => "IncompleteResponse",
        }
    }

    /// The kind a gap's recorded code stands for: [`CallFailure::code`] read back.
    pub fn from_code(code: &str) -> CallFailure {
        match code {
            "NoCredentials" => CallFailure::NoCredentials,
            "CredentialsError" => CallFailure::Credentials,
            "Timeout" => CallFailure::Timeout,
            "ConnectionError" => CallFailure::Connection,
            "DispatchFailure" => CallFailure::Dispatch,
            "ResponseError" => CallFailure::Response,
            "ClientError" => CallFailure::Client,
            "IncompleteResponse" => CallFailure::Incomplete,
            other => CallFailure::Service(other.to_owned()),
        }
    }

    /// Credentials that do not load here will not load for another region or service either.
    pub fn is_credentials(&self) -> bool {
        matches!(self, CallFailure::NoCredentials | CallFailure::Credentials)
    }
}

/// A failed call, reduced to what a report needs: its kind and AWS's one-line message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", kind.code())]
pub struct CallError {
    pub kind: CallFailure,
    pub message: String,
}

impl CallError {
    pub fn new(kind: CallFailure, message: impl Into<String>) -> Self {
        CallError {
            kind,
            message: first_line(&message.into()),
        }
    }

    pub fn from_sdk<E, R>(err: &SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let (kind, message) = match err {
            SdkError::ServiceError(se) => {
                let e = se.err();
                let code = e.code().unwrap_or("ServiceError").to_owned();
                (
                    CallFailure::Service(code),
                    e.message().unwrap_or_default().to_owned(),
                )
            }
            SdkError::TimeoutError(_) => (CallFailure::Timeout, "operation timed out".to_owned()),
            SdkError::DispatchFailure(d) => {
                let credentials = d.as_connector_error().and_then(|c| credentials_error(c));
                if let Some(CredentialsError::CredentialsNotLoaded(_)) = credentials {
                    (
                        CallFailure::NoCredentials,
                        "no AWS credentials were found (environment, profile, SSO or instance role)".to_owned(),
                    )
                } else if credentials.is_some() {
                    (
                        CallFailure::Credentials,
                        "the credential provider failed (a profile that is not defined, an expired SSO session, or an unreachable role)".to_owned(),
                    )
                } else if d.is_timeout() {
                    (
                        CallFailure::Timeout,
                        "the endpoint did not answer in time".to_owned(),
                    )
                } else if d.is_io()
                    // A connection closed before the answer was complete (hyper's incomplete
                    // message) is a transient "other" failure once the retries run out.
                    || d.as_other() == Some(ErrorKind::TransientError)
                {
                    (
                        CallFailure::Connection,
                        "the endpoint could not be reached, or closed the connection before answering"
                            .to_owned(),
                    )
                } else {
                    (CallFailure::Dispatch, format!("{err:?}"))
                }
            }
            SdkError::ResponseError(_) => (
                CallFailure::Response,
                "the response could not be read".to_owned(),
            ),
            _ => (CallFailure::Client, err.to_string()),
        };
        CallError::new(kind, message)
    }

    /// The stable code of the failure's kind, as a gap records it.
    pub fn code(&self) -> &str {
        self.kind.code()
    }

    /// Whether AWS answered with this error code.
    pub fn is(&self, code: &str) -> bool {
        self.kind == CallFailure::Service(code.to_owned())
    }
}

/// The credential provider's own error, wherever it sits in the chain of sources: the SDK
/// wraps it in the identity resolver's and the dispatcher's errors.
fn credentials_error<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a CredentialsError> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<CredentialsError>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    line.chars().take(300).collect()
}

/// One account × region being read.
#[derive(Clone)]
pub struct Ctx {
    pub account_id: String,
    pub region: String,
    stats: Arc<CallStats>,
    gaps: Arc<Mutex<Vec<Gap>>>,
    paces: Arc<AccountPaces>,
}

impl Ctx {
    pub fn new(account_id: &str, region: &str, stats: Arc<CallStats>) -> Self {
        Ctx {
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            stats,
            gaps: Arc::default(),
            paces: Arc::default(),
        }
    }

    /// The same account in another region: rate limits are per account, so the paces are
    /// shared.
    pub fn for_region(&self, region: &str) -> Self {
        Ctx {
            account_id: self.account_id.clone(),
            region: region.to_owned(),
            stats: self.stats.clone(),
            gaps: Arc::default(),
            paces: self.paces.clone(),
        }
    }

    pub fn stats(&self) -> &CallStats {
        &self.stats
    }

    /// Metrics this account × region is about to ask GetMetricData for.
    pub fn record_metrics_requested(&self, n: u64) {
        self.stats
            .add_metrics_requested(&self.account_id, &self.region, n);
    }

    /// A GetMetricData batch of `metrics` answered in `pages` pages.
    pub fn record_batch_pages(&self, metrics: u64, pages: u64) {
        self.stats
            .add_batch_pages(&self.account_id, &self.region, metrics, pages);
    }

    pub fn stats_handle(&self) -> Arc<CallStats> {
        self.stats.clone()
    }

    /// Gaps recorded under another context (another account) join this one's.
    pub fn absorb(&self, gaps: Vec<Gap>) {
        self.gaps.lock().expect("gaps lock").extend(gaps);
    }

    pub fn take_gaps(&self) -> Vec<Gap> {
        std::mem::take(&mut *self.gaps.lock().expect("gaps lock"))
    }

    /// The last failure recorded here, taken back out of the gaps, for a caller to which a
    /// failed call is fatal rather than a gap; `what` names the call if none was recorded.
    pub fn take_failure(&self, what: &str) -> CallError {
        match self.take_gaps().pop() {
            Some(g) => CallError::new(CallFailure::from_code(&g.error), g.message),
            None => CallError::new(CallFailure::Incomplete, format!("{what} failed")),
        }
    }

    pub fn record_gap(&self, op: Op, resource: Option<&str>, err: &CallError) {
        let info = op.info();
        tracing::warn!(
            account = %self.account_id, region = %self.region, service = info.service,
            operation = info.operation, error = %err.kind.code(), "call failed: {}", err.message
        );
        self.gaps.lock().expect("gaps lock").push(Gap {
            account_id: self.account_id.clone(),
            region: self.region.clone(),
            service: info.service.to_owned(),
            operation: info.operation.to_owned(),
            error: err.kind.code().to_owned(),
            message: err.message.clone(),
            resource: resource.map(str::to_owned),
        });
    }

    /// Makes one call, counted; the caller decides what a failure means.
    pub async fn try_call<T, E, R, F>(&self, op: Op, fut: F) -> Result<T, CallError>
    where
        F: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        self.paces.before(op).await;
        self.stats.count(op);
        // GetMetricData is billed per account and region, so its calls are kept there too.
        if op == Op::CloudWatchGetMetricData {
            self.stats
                .add_getmetricdata_call(&self.account_id, &self.region);
        }
        let started = std::time::Instant::now();
        let out = fut.await.map_err(|e| CallError::from_sdk(&e));
        let info = op.info();
        // With -vv, every call and how long AWS took to answer it: where a slow scan waits.
        tracing::debug!(
            account = %self.account_id, region = %self.region, service = info.service,
            operation = info.operation, ms = started.elapsed().as_millis() as u64, "call"
        );
        out
    }

    /// Makes one call, counted; a failure becomes a gap and `None`.
    pub async fn call<T, E, R, F>(&self, op: Op, resource: Option<&str>, fut: F) -> Option<T>
    where
        F: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        match self.try_call(op, fut).await {
            Ok(v) => Some(v),
            Err(e) => {
                self.record_gap(op, resource, &e);
                None
            }
        }
    }

    /// Follows a paginated list to its end. `fetch` gets the previous page's token and returns
    /// the page's items and the next token. A failed page makes the whole list a gap: a
    /// partial list would silently under-report the account.
    pub async fn paginate<T, Tok, E, R, F, Fut>(
        &self,
        op: Op,
        resource: Option<&str>,
        mut fetch: F,
    ) -> Option<Vec<T>>
    where
        F: FnMut(Option<Tok>) -> Fut,
        Fut: Future<Output = Result<(Vec<T>, Option<Tok>), SdkError<E, R>>>,
        Tok: PartialEq + Clone,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let mut items = Vec::new();
        let mut token: Option<Tok> = None;
        loop {
            let (page, next) = self.call(op, resource, fetch(token.clone())).await?;
            items.extend(page);
            match next {
                // A service that hands back the token it was given would loop forever.
                Some(n) if token.as_ref() != Some(&n) => token = Some(n),
                _ => return Some(items),
            }
        }
    }
}

/// Treats an empty-string token as the end of a list, as some AWS APIs send one.
pub fn token(t: Option<&str>) -> Option<String> {
    t.filter(|t| !t.is_empty()).map(str::to_owned)
}

/// The page fetcher [`Ctx::paginate`] takes, for the common shape of AWS list calls: a request
/// built from the previous token, whose output has an item list and a next-token field.
/// `pages!(|tok| REQUEST, items_field, next_token_getter)`.
macro_rules! pages {
    (|$tok:ident| $req:expr, $items:ident, $next:ident) => {
        move |$tok| {
            let req = $req;
            async move {
                req.send().await.map(|o| {
                    let next = $crate::collect::ctx::token(o.$next());
                    (o.$items.unwrap_or_default(), next)
                })
            }
        }
    };
}
pub(crate) use pages;
