//! Client-side pacing below the control planes' documented rate limits, so that a scan of many
//! regions does not spend its time in throttling retries.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use super::registry::Op;

/// Calls spaced at least `interval` apart on average, with up to `burst` at once.
#[derive(Debug)]
pub struct Pace {
    interval: Duration,
    burst: u32,
    next: Mutex<Option<Instant>>,
}

impl Pace {
    pub fn new(per_second: f64, burst: u32) -> Self {
        Pace {
            interval: Duration::from_secs_f64(1.0 / per_second),
            burst: burst.max(1),
            next: Mutex::new(None),
        }
    }

    /// Waits for this call's turn.
    pub async fn acquire(&self) {
        let at = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            // Unused capacity accumulates up to the burst, not beyond.
            let earliest = now
                .checked_sub(self.interval * (self.burst - 1))
                .unwrap_or(now);
            let at = next.map_or(earliest, |n| n.max(earliest));
            *next = Some(at + self.interval);
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

/// The paces one account shares across all its regions.
#[derive(Debug)]
pub struct AccountPaces {
    api_gateway: Pace,
    get_resources: Pace,
}

/// API Gateway's control plane allows 10 requests per second per account (burst 40), and
/// GetResources 5 per 2 seconds (API Gateway quotas,
/// <https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html>). We stay a little
/// below both.
const APIGW_PER_SECOND: f64 = 8.0;
const APIGW_BURST: u32 = 30;
const GET_RESOURCES_PER_SECOND: f64 = 2.0;
const GET_RESOURCES_BURST: u32 = 2;

impl Default for AccountPaces {
    fn default() -> Self {
        AccountPaces {
            api_gateway: Pace::new(APIGW_PER_SECOND, APIGW_BURST),
            get_resources: Pace::new(GET_RESOURCES_PER_SECOND, GET_RESOURCES_BURST),
        }
    }
}

impl AccountPaces {
    pub async fn before(&self, op: Op) {
        let service = op.info().service;
        if service == "apigateway" || service == "apigatewayv2" {
            if op == Op::ApigwGetResources {
                self.get_resources.acquire().await;
            }
            self.api_gateway.acquire().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn calls_beyond_the_burst_wait_their_turn() {
        let pace = Pace::new(10.0, 3);
        let start = Instant::now();
        for _ in 0..3 {
            pace.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "the burst goes at once");
        for _ in 0..10 {
            pace.acquire().await;
        }
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(990) && waited <= Duration::from_millis(1010),
            "{waited:?}"
        );
    }
}
