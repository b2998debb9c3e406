//! The MEXC REST client: configuration, the one request path every endpoint goes through
//! (budget → sign → send → classify), the server-time offset with one resync on 700003,
//! per-endpoint budgets with Retry-After gates, shared caches and counters.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::dto::ServerTimeDto;
use super::error::{self, Safety};
use super::protocol::{self, Endpoint, LimitKind};
use super::sign::{self, Params};
use crate::domain::Credentials;
use crate::exchange_http::{Cached, Failure, HttpCore, HttpCoreError, lock, with_retries};
use crate::ports::{ExchangeError, Prices, Refusal, TradingRules};

/// How the client talks to MEXC (or to `dustpan sim --exchange mexc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MexcConfig {
    /// e.g. `https://api.mexc.com`; a path prefix is kept.
    pub base_url: url::Url,
    /// `recvWindow` sent with signed requests (mexc.md §1: default 5000, at most 60000 ms).
    pub recv_window: Duration,
    /// Whole-request timeout.
    pub request_timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// How long last prices stay fresh.
    pub price_ttl: Duration,
    /// How long exchangeInfo rules stay fresh.
    pub rules_ttl: Duration,
    /// Each endpoint's budget per window (mexc.md §3: 500 per 10 s). Lower only to test.
    pub endpoint_weight_limit: u32,
    /// Dust-log page size sent as `limit` (the docs' default is 1, max 1000, mexc.md §6.3).
    pub dust_log_page_limit: u32,
}

impl MexcConfig {
    /// Defaults for a base URL: recvWindow 5 s, 10 s requests, 5 s connects, prices 10 s,
    /// rules 10 min, the documented budget.
    pub fn new(base_url: url::Url) -> Self {
        Self {
            base_url,
            recv_window: Duration::from_millis(protocol::DEFAULT_RECV_WINDOW_MS),
            request_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            price_ttl: Duration::from_secs(10),
            rules_ttl: Duration::from_secs(600),
            endpoint_weight_limit: protocol::ENDPOINT_WEIGHT_LIMIT,
            dust_log_page_limit: DEFAULT_DUST_LOG_PAGE_LIMIT,
        }
    }
}

/// Dust-log page size: 100 batches, ten days of MEXC's 10 conversions a day in one page.
pub const DEFAULT_DUST_LOG_PAGE_LIMIT: u32 = 100;

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MexcBuildError {
    /// Not an http(s) URL.
    #[error("MEXC_API_URL must be an http or https URL")]
    BadBaseUrl,
    /// `recv_window` is zero or above 60000 ms.
    #[error("recvWindow must be between 1 and {} ms", protocol::MAX_RECV_WINDOW_MS)]
    BadRecvWindow,
    /// The dust-log page size is 0 or above 1000.
    #[error(
        "the dust-log page size must be between 1 and {}",
        protocol::DUST_LOG_MAX_LIMIT
    )]
    BadPageLimit,
    /// reqwest refused the configuration.
    #[error("cannot build the HTTP client")]
    Http,
}

/// Requests sent per path, and signed/public totals (attempts that reached the network).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MexcStats {
    /// Requests per `METHOD path`.
    pub requests: BTreeMap<String, u64>,
    /// Signed requests.
    pub signed_requests: u64,
    /// Their weight.
    pub signed_weight: u64,
    /// Public requests.
    pub public_requests: u64,
}

/// The MEXC client; implements [`crate::ports::Exchange`]. Cheap to clone: share one per
/// process so budgets, gates, the time offset and caches are shared by every user.
#[derive(Debug, Clone)]
pub struct MexcClient {
    pub(super) inner: Arc<Inner>,
}

/// One endpoint's budget for one IP or account: weight used in the current window, and a
/// gate set by a 429's Retry-After.
#[derive(Debug, Default)]
struct Budget {
    window_start_ms: i64,
    used: u32,
    gate_until: Option<Instant>,
}

#[derive(Debug)]
pub(super) struct Inner {
    core: HttpCore,
    weight_limit: u32,
    pub(super) dust_log_page_limit: u32,
    budgets: Mutex<HashMap<(&'static str, &'static str, u64), Budget>>,
    stats: Mutex<MexcStats>,
    pub(super) rules: Cached<TradingRules>,
    pub(super) prices: Cached<Prices>,
}

impl MexcClient {
    /// Builds the client. No request is sent.
    pub fn new(config: MexcConfig) -> Result<Self, MexcBuildError> {
        let core = HttpCore::new(
            &config.base_url,
            config.recv_window,
            protocol::MAX_RECV_WINDOW_MS,
            config.request_timeout,
            config.connect_timeout,
        )
        .map_err(|e| match e {
            HttpCoreError::BadBaseUrl => MexcBuildError::BadBaseUrl,
            HttpCoreError::BadRecvWindow => MexcBuildError::BadRecvWindow,
            HttpCoreError::Http => MexcBuildError::Http,
        })?;
        if !(1..=protocol::DUST_LOG_MAX_LIMIT).contains(&config.dust_log_page_limit) {
            return Err(MexcBuildError::BadPageLimit);
        }
        Ok(Self {
            inner: Arc::new(Inner {
                core,
                weight_limit: config.endpoint_weight_limit,
                dust_log_page_limit: config.dust_log_page_limit,
                budgets: Mutex::new(HashMap::new()),
                stats: Mutex::new(MexcStats::default()),
                rules: Cached::new(config.rules_ttl),
                prices: Cached::new(config.price_ttl),
            }),
        })
    }

    /// A snapshot of the request counters.
    pub fn stats(&self) -> MexcStats {
        lock(&self.inner.stats).clone()
    }

    /// The server-time offset in use (server − local, ms).
    pub fn time_offset_ms(&self) -> i64 {
        self.inner.core.clock.offset_ms()
    }

    fn server_now_ms(&self) -> i64 {
        self.inner.core.clock.now_ms()
    }

    /// Measures the server-time offset (`GET /api/v3/time`, at the round trip's midpoint)
    /// and returns the server time.
    pub async fn sync_time(&self) -> Result<DateTime<Utc>, ExchangeError> {
        let server = self.inner.core.clock.sync(|| self.server_time_ms()).await?;
        DateTime::from_timestamp_millis(server)
            .ok_or_else(|| ExchangeError::InvalidResponse("serverTime out of range".into()))
    }

    async fn resync_after(&self, started: Instant) -> Result<(), ExchangeError> {
        let clock = &self.inner.core.clock;
        if clock
            .resync_after(started, || self.server_time_ms())
            .await?
        {
            tracing::info!(
                offset_ms = self.time_offset_ms(),
                "resynced MEXC time after 700003"
            );
        }
        Ok(())
    }

    async fn server_time_ms(&self) -> Result<i64, ExchangeError> {
        let body = self
            .attempt(&protocol::TIME, &Params::new(), None, Safety::Read)
            .await
            .map_err(Failure::into_error)?;
        let dto: ServerTimeDto = parse(&body, Safety::Read)?;
        Ok(dto.server_time)
    }

    /// One endpoint call, parsed: one resync-and-retry on 700003, one retry of a read after a
    /// connect error, nothing else retried.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
        params: Params,
        creds: Option<&Credentials>,
        safety: Safety,
    ) -> Result<T, ExchangeError> {
        let body = with_retries(
            safety,
            || self.attempt(ep, &params, creds, safety),
            |started| self.resync_after(started),
        )
        .await?;
        parse(&body, safety)
    }

    /// Counts `weight` against the endpoint's budget, or says how long to wait (nothing sent).
    fn acquire(&self, ep: &Endpoint, who: u64) -> Result<(), ExchangeError> {
        let now = self.server_now_ms();
        let mut budgets = lock(&self.inner.budgets);
        let b = budgets.entry((ep.method, ep.path, who)).or_default();
        if let Some(until) = b.gate_until {
            let left = until.saturating_duration_since(Instant::now());
            if !left.is_zero() {
                return Err(ExchangeError::RateLimited {
                    retry_after: left,
                    banned: false,
                });
            }
            b.gate_until = None;
        }
        if now - b.window_start_ms >= protocol::WEIGHT_WINDOW_MS {
            b.window_start_ms = now - now.rem_euclid(protocol::WEIGHT_WINDOW_MS);
            b.used = 0;
        }
        if b.used.saturating_add(ep.weight) > self.inner.weight_limit {
            let left = b.window_start_ms + protocol::WEIGHT_WINDOW_MS - now;
            return Err(ExchangeError::RateLimited {
                retry_after: Duration::from_millis(left.max(1).unsigned_abs()),
                banned: false,
            });
        }
        b.used += ep.weight;
        Ok(())
    }

    fn gate(&self, ep: &Endpoint, who: u64, wait: Duration) {
        let mut budgets = lock(&self.inner.budgets);
        let b = budgets.entry((ep.method, ep.path, who)).or_default();
        b.gate_until = Some(Instant::now() + wait);
    }

    fn record_sent(&self, ep: &Endpoint) {
        let mut s = lock(&self.inner.stats);
        *s.requests
            .entry(format!("{} {}", ep.method, ep.path))
            .or_default() += 1;
        if ep.signed {
            s.signed_requests += 1;
            s.signed_weight += u64::from(ep.weight);
        } else {
            s.public_requests += 1;
        }
    }

    /// One request on the wire. Logs carry method, path and status only: never the query
    /// (it holds the signature) nor the key.
    async fn attempt(
        &self,
        ep: &Endpoint,
        params: &Params,
        creds: Option<&Credentials>,
        safety: Safety,
    ) -> Result<Vec<u8>, Failure> {
        let who = match (ep.limit, creds) {
            (LimitKind::Uid, Some(c)) => crate::exchange_http::account_digest(c),
            _ => 0,
        };
        self.acquire(ep, who).map_err(Failure::Other)?;
        let url = self.url(ep, params, creds)?;
        let mut req = self.inner.core.request(ep.method, url);
        if let Some(c) = creds {
            let mut key = HeaderValue::from_str(c.api_key().expose_secret()).map_err(|_| {
                Failure::Other(ExchangeError::Unauthorized {
                    code: protocol::API_KEY_FORMAT_INVALID.code.to_string(),
                    msg: protocol::API_KEY_FORMAT_INVALID.msg.to_owned(),
                    reason: Refusal::Other,
                })
            })?;
            key.set_sensitive(true);
            req = req.header(protocol::HEADER_API_KEY, key);
        }
        self.record_sent(ep);
        let resp = req
            .send()
            .await
            .map_err(|e| Failure::transport(e, safety))?;
        let status = resp.status();
        tracing::debug!(
            method = ep.method,
            path = ep.path,
            status = status.as_u16(),
            "mexc answered"
        );
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::IM_A_TEAPOT {
            let wait = error::retry_after(
                resp.headers()
                    .get(protocol::HEADER_RETRY_AFTER)
                    .and_then(|v| v.to_str().ok()),
            );
            self.gate(ep, who, wait);
            tracing::warn!(
                retry_after_s = wait.as_secs(),
                path = ep.path,
                "rate limited by MEXC"
            );
            return Err(Failure::Other(ExchangeError::RateLimited {
                retry_after: wait,
                banned: status == StatusCode::IM_A_TEAPOT,
            }));
        }
        let body = resp
            .bytes()
            .await
            .map_err(|e| Failure::transport(e, safety))?;
        if status.is_success() {
            return Ok(body.to_vec());
        }
        if status.is_server_error() {
            return Err(Failure::Other(error::classify_server_error(status, safety)));
        }
        let err = error::classify_client_error(status, &body, safety);
        match &err {
            ExchangeError::Rejected { code, .. }
                if error::is_code(code, protocol::TIMESTAMP_OUTSIDE_RECV_WINDOW) =>
            {
                Err(Failure::TimeSkew(err))
            }
            _ => Err(Failure::Other(err)),
        }
    }

    fn url(
        &self,
        ep: &Endpoint,
        params: &Params,
        creds: Option<&Credentials>,
    ) -> Result<String, Failure> {
        let inner = &self.inner;
        let query = match (ep.signed, creds) {
            (true, Some(c)) => sign::signed_query(
                params,
                inner.core.recv_window_ms,
                self.server_now_ms(),
                c.api_secret(),
            )
            .map_err(|e| {
                Failure::Other(ExchangeError::Unauthorized {
                    code: String::new(),
                    msg: e.to_string(),
                    reason: Refusal::Other,
                })
            })?
            .expose_secret()
            .to_owned(),
            (true, None) => {
                return Err(Failure::Other(ExchangeError::Unauthorized {
                    code: String::new(),
                    msg: "a signed endpoint was called without credentials".to_owned(),
                    reason: Refusal::Other,
                }));
            }
            (false, _) => params.encode(),
        };
        Ok(inner.core.url(ep.path, &query))
    }
}

fn parse<T: DeserializeOwned>(body: &[u8], safety: Safety) -> Result<T, ExchangeError> {
    serde_json::from_slice(body).map_err(|e| error::classify_bad_body(e, safety))
}
