//! The Binance REST client: configuration, the one request path every endpoint goes
//! through (weights → sign → send → classify), time resync on -1021, and counters.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::cache::{Cached, KeyedCache};
use super::dto::ServerTimeDto;
use super::error::{self, Safety};
use super::limits::{BucketKey, Limits};
use super::map;
use super::protocol::{self, Endpoint};
use super::sign::{self, Params};
use super::time::TimeSync;
use crate::domain::{Asset, Credentials};
use crate::ports::requester::requester;
use crate::ports::{ConvertPair, ExchangeError, Prices, TradingRules};

/// How the client talks to Binance (or to `dustpan sim`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// e.g. `https://api.binance.com`; a path prefix is kept.
    pub base_url: url::Url,
    /// `recvWindow` sent with signed requests (binance.md §1 Timing: default 5000 ms,
    /// at most 60000 ms).
    pub recv_window: Duration,
    /// Whole-request timeout (connect + send + read the body).
    pub request_timeout: Duration,
    /// TCP/TLS connect timeout.
    pub connect_timeout: Duration,
    /// How long last prices stay fresh.
    pub price_ttl: Duration,
    /// How long exchangeInfo trading rules stay fresh.
    pub rules_ttl: Duration,
    /// How long convert pairs of one target asset stay fresh (binance.md §5: at most hourly).
    pub convert_pairs_ttl: Duration,
    /// Longest a caller waits for a Retry-After gate or a weight window before failing
    /// fast with `RateLimited`.
    pub max_rate_limit_wait: Duration,
    /// The weight window (Binance: one minute, binance.md §2). Shorter only to test.
    pub weight_window: Duration,
    /// The share (percent, 1–100) of each IP weight bucket one user may use per window
    /// (`DUSTPAN_USER_WEIGHT_SHARE`; `limits` module docs).
    pub user_weight_share_percent: u32,
    /// How many instances share this process's egress address (`DUSTPAN_INSTANCES_PER_ADDRESS`):
    /// the per-IP buckets are divided among them (`limits` module docs).
    pub instances_per_address: u32,
    /// How many target assets' convert pairs are kept at most.
    pub convert_pairs_max_targets: usize,
}

impl ClientConfig {
    /// Defaults for a base URL: recvWindow 5 s, 10 s requests, 5 s connects, prices 10 s,
    /// rules 10 min, convert pairs 1 h for at most 64 targets, wait at most 10 s for a rate
    /// limit, a quarter of each IP bucket per user.
    pub fn new(base_url: url::Url) -> Self {
        Self {
            base_url,
            recv_window: Duration::from_millis(protocol::DEFAULT_RECV_WINDOW_MS),
            request_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            price_ttl: Duration::from_secs(10),
            rules_ttl: Duration::from_secs(600),
            convert_pairs_ttl: Duration::from_secs(3600),
            max_rate_limit_wait: Duration::from_secs(10),
            weight_window: Duration::from_secs(60),
            user_weight_share_percent: super::limits::DEFAULT_USER_SHARE_PERCENT,
            instances_per_address: 1,
            convert_pairs_max_targets: DEFAULT_CONVERT_PAIRS_MAX_TARGETS,
        }
    }
}

/// Convert pairs are kept for this many target assets at most: every asset a user may pick
/// as a target fits (Convert's targets are a few dozen), a stream of made-up ones does not
/// grow memory.
pub const DEFAULT_CONVERT_PAIRS_MAX_TARGETS: usize = 64;

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    /// The base URL is not an http(s) URL.
    #[error("BINANCE_API_URL must be an http or https URL")]
    BadBaseUrl,
    /// `recv_window` is zero or above 60000 ms.
    #[error("recvWindow must be between 1 and {} ms", protocol::MAX_RECV_WINDOW_MS)]
    BadRecvWindow,
    /// reqwest refused the configuration.
    #[error("cannot build the HTTP client: {0}")]
    Http(String),
}

/// Requests sent, per endpoint and in total (attempts that reached the network, failures
/// included). Read by the benchmark: public requests per minute, signed weight per `/dust`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// Requests per path.
    pub requests_by_path: BTreeMap<&'static str, u64>,
    /// Unsigned (public-data) requests.
    pub public_requests: u64,
    /// Their weight.
    pub public_weight: u64,
    /// Signed requests.
    pub signed_requests: u64,
    /// Their weight.
    pub signed_weight: u64,
}

/// The Binance REST client; implements [`crate::ports::Exchange`]. Cheap to clone (one
/// `Arc`): build one per process and share it, so the weight budget, Retry-After gates,
/// time offset and caches are shared by every user.
#[derive(Debug, Clone)]
pub struct BinanceClient {
    pub(super) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(super) struct Inner {
    http: reqwest::Client,
    base: String,
    recv_window_ms: u64,
    pub(super) limits: Limits,
    time: TimeSync,
    stats: Mutex<ClientStats>,
    pub(super) rules: Cached<TradingRules>,
    pub(super) prices: Cached<Prices>,
    pub(super) pairs: KeyedCache<Asset, Vec<ConvertPair>>,
    /// The app's counters, once handed (`count_into`).
    metrics: std::sync::OnceLock<crate::metrics::Metrics>,
}

/// What one attempt produced, before retries are decided.
enum Failure {
    /// -1021: rejected before execution; resync and retry once.
    TimeSkew(ExchangeError),
    /// Could not connect: nothing was sent.
    Connect(ExchangeError),
    /// Final.
    Other(ExchangeError),
}

impl Failure {
    fn into_error(self) -> ExchangeError {
        match self {
            Failure::TimeSkew(e) | Failure::Connect(e) | Failure::Other(e) => e,
        }
    }
}

/// Pause before the single retry of a read after a connect error.
const CONNECT_RETRY_DELAY: Duration = Duration::from_millis(200);

impl BinanceClient {
    /// Builds the client. No request is sent.
    pub fn new(config: ClientConfig) -> Result<Self, ClientBuildError> {
        if !matches!(config.base_url.scheme(), "http" | "https")
            || config.base_url.cannot_be_a_base()
        {
            return Err(ClientBuildError::BadBaseUrl);
        }
        let recv_window_ms = u64::try_from(config.recv_window.as_millis()).unwrap_or(u64::MAX);
        if recv_window_ms == 0 || recv_window_ms > protocol::MAX_RECV_WINDOW_MS {
            return Err(ClientBuildError::BadRecvWindow);
        }
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("dustpan/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientBuildError::Http(error::transport_message(e)))?;
        let base = config.base_url.as_str().trim_end_matches('/').to_owned();
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base,
                recv_window_ms,
                limits: Limits::new(config.weight_window, config.max_rate_limit_wait)
                    .with_user_share(config.user_weight_share_percent)
                    .with_address_share(config.instances_per_address),
                time: TimeSync::default(),
                stats: Mutex::new(ClientStats::default()),
                rules: Cached::new(config.rules_ttl),
                prices: Cached::new(config.price_ttl),
                pairs: KeyedCache::new(config.convert_pairs_ttl, config.convert_pairs_max_targets),
                metrics: std::sync::OnceLock::new(),
            }),
        })
    }

    /// Counts requests, weight and rate-limit answers into `metrics` from now on (the
    /// first registry handed stays).
    pub fn count_into(&self, metrics: crate::metrics::Metrics) {
        let _ = self.inner.metrics.set(metrics);
    }

    /// A snapshot of the request counters.
    pub fn stats(&self) -> ClientStats {
        self.inner
            .stats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The server-time offset in use (server − local, ms).
    pub fn time_offset_ms(&self) -> i64 {
        self.inner.time.offset_ms()
    }

    /// Measures the server-time offset now (`GET /api/v3/time`) and returns the server time.
    /// Call at start-up; -1021 answers also trigger it.
    pub async fn sync_time(&self) -> Result<DateTime<Utc>, ExchangeError> {
        let mut last = self.inner.time.resync_lock().lock().await;
        let server = self.measure_time().await?;
        *last = Some(tokio::time::Instant::now());
        Ok(server)
    }

    /// Resyncs after a -1021 unless another caller already did after `started`.
    async fn resync_after(&self, started: tokio::time::Instant) -> Result<(), ExchangeError> {
        let mut last = self.inner.time.resync_lock().lock().await;
        if last.is_some_and(|at| at > started) {
            return Ok(());
        }
        self.measure_time().await?;
        *last = Some(tokio::time::Instant::now());
        tracing::info!(
            offset_ms = self.inner.time.offset_ms(),
            "resynced the server time after -1021"
        );
        Ok(())
    }

    /// One `GET /api/v3/time`, offset taken at the round trip's midpoint.
    async fn measure_time(&self) -> Result<DateTime<Utc>, ExchangeError> {
        let sent = Utc::now();
        let body = self
            .attempt(&protocol::TIME, &Params::new(), None, Safety::Read)
            .await
            .map_err(Failure::into_error)?;
        let dto: ServerTimeDto = parse(&body, Safety::Read)?;
        let server =
            map::ms(dto.server_time).map_err(|e| ExchangeError::InvalidResponse(e.into()))?;
        self.inner.time.record(sent, Utc::now(), server);
        Ok(server)
    }

    /// Sends one endpoint call and parses its answer: one resync-and-retry on -1021, one
    /// retry of a read after a connect error, nothing else retried.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
        params: Params,
        creds: Option<&Credentials>,
        safety: Safety,
    ) -> Result<T, ExchangeError> {
        let mut resynced = false;
        let mut reconnected = false;
        loop {
            let started = tokio::time::Instant::now();
            match self.attempt(ep, &params, creds, safety).await {
                Ok(body) => return parse(&body, safety),
                Err(Failure::TimeSkew(_)) if !resynced => {
                    resynced = true;
                    self.resync_after(started).await?;
                }
                Err(Failure::Connect(_)) if safety == Safety::Read && !reconnected => {
                    reconnected = true;
                    tokio::time::sleep(CONNECT_RETRY_DELAY).await;
                }
                Err(f) => return Err(f.into_error()),
            }
        }
    }

    fn record_sent(&self, ep: &Endpoint) {
        if let Some(m) = self.inner.metrics.get() {
            m.exchange_request(ep.path, ep.weight)
        }
        let mut s = self
            .inner
            .stats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *s.requests_by_path.entry(ep.path).or_default() += 1;
        if ep.signed {
            s.signed_requests += 1;
            s.signed_weight += u64::from(ep.weight);
        } else {
            s.public_requests += 1;
            s.public_weight += u64::from(ep.weight);
        }
    }

    /// One request on the wire. The span carries method, path, weight and status only:
    /// never the query (it holds the signature), a body, or the key (security.md §1.2.6).
    async fn attempt(
        &self,
        ep: &Endpoint,
        params: &Params,
        creds: Option<&Credentials>,
        safety: Safety,
    ) -> Result<Vec<u8>, Failure> {
        let span = tracing::debug_span!(
            "binance",
            method = ep.method,
            path = ep.path,
            weight = ep.weight,
            status = tracing::field::Empty
        );
        self.attempt_inner(ep, params, creds, safety)
            .instrument(span)
            .await
    }

    async fn attempt_inner(
        &self,
        ep: &Endpoint,
        params: &Params,
        creds: Option<&Credentials>,
        safety: Safety,
    ) -> Result<Vec<u8>, Failure> {
        let inner = &self.inner;
        let bucket = BucketKey::of(ep, creds.map_or(0, crate::exchange_http::account_digest));
        inner
            .limits
            .acquire_for(requester(), bucket, ep.weight, || {
                inner.time.server_now_ms()
            })
            .await
            .map_err(Failure::Other)?;

        let mut req = match ep.method {
            "POST" => inner.http.post(self.url(ep, params, creds)?),
            _ => inner.http.get(self.url(ep, params, creds)?),
        };
        if let Some(c) = creds {
            let mut key = HeaderValue::from_str(c.api_key().expose_secret()).map_err(|_| {
                Failure::Other(ExchangeError::Unauthorized {
                    code: protocol::API_KEY_FORMAT_INVALID.code.to_string(),
                    msg: protocol::API_KEY_FORMAT_INVALID.msg.to_owned(),
                    reason: crate::ports::Refusal::Other,
                })
            })?;
            key.set_sensitive(true);
            req = req.header(protocol::HEADER_API_KEY, key);
        }
        self.record_sent(ep);
        let resp = req.send().await.map_err(|e| transport_failure(e, safety))?;

        let status = resp.status();
        tracing::Span::current().record("status", status.as_u16());
        tracing::debug!("binance answered");
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        if let Some(used) = header(bucket.header()).and_then(|v| v.trim().parse::<u32>().ok()) {
            inner
                .limits
                .observe(bucket, used, inner.time.server_now_ms());
            tracing::debug!(used, "weight reported");
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::IM_A_TEAPOT {
            if let Some(m) = inner.metrics.get() {
                m.exchange_rate_limited(ep.path, status.as_u16())
            }
            let err = error::rate_limited(status, header(protocol::HEADER_RETRY_AFTER).as_deref());
            if let ExchangeError::RateLimited {
                retry_after,
                banned,
            } = err
            {
                inner.limits.block(bucket, retry_after, banned);
                tracing::warn!(
                    retry_after_s = retry_after.as_secs(),
                    banned,
                    "rate limited by Binance"
                );
            }
            return Err(Failure::Other(err));
        }
        let body = resp
            .bytes()
            .await
            .map_err(|e| transport_failure(e, safety))?;
        if status.is_success() {
            return Ok(body.to_vec());
        }
        if status.is_server_error() {
            return Err(Failure::Other(error::classify_server_error(status, safety)));
        }
        let err = error::classify_client_error(status, &body, safety);
        match &err {
            ExchangeError::Rejected { code, .. } if error::is_timestamp_code(code) => {
                Err(Failure::TimeSkew(err))
            }
            _ => Err(Failure::Other(err)),
        }
    }

    /// The full URL; signed calls get `recvWindow`, `timestamp` and `signature` (module
    /// docs of `sign`: every parameter in the query string, empty body).
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
                inner.recv_window_ms,
                inner.time.server_now_ms(),
                c.api_secret(),
            )
            .map_err(|e| {
                Failure::Other(ExchangeError::Unauthorized {
                    code: error::NO_CODE.to_owned(),
                    msg: e.to_string(),
                    reason: crate::ports::Refusal::Other,
                })
            })?
            .expose_secret()
            .to_owned(),
            (true, None) => {
                return Err(Failure::Other(ExchangeError::Unauthorized {
                    code: error::NO_CODE.to_owned(),
                    msg: "a signed endpoint was called without credentials".to_owned(),
                    reason: crate::ports::Refusal::Other,
                }));
            }
            (false, _) => params.encode(),
        };
        if query.is_empty() {
            Ok(format!("{}{}", inner.base, ep.path))
        } else {
            Ok(format!("{}{}?{}", inner.base, ep.path, query))
        }
    }
}

fn transport_failure(e: reqwest::Error, safety: Safety) -> Failure {
    let connect = e.is_connect();
    let err = error::classify_transport(e, safety);
    if connect {
        Failure::Connect(err)
    } else {
        Failure::Other(err)
    }
}

fn parse<T: DeserializeOwned>(body: &[u8], safety: Safety) -> Result<T, ExchangeError> {
    serde_json::from_slice(body).map_err(|e| error::classify_bad_body(e, safety))
}
