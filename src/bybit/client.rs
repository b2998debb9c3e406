//! The Bybit v5 REST client: configuration, the one request path every endpoint goes through
//! (gate → sign → send → envelope → classify), the server-time offset with one resync on
//! 10002, the rate-limit headers read on every answer, shared caches and counters.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::dto::{Envelope, TimeDto};
use super::error::{self, Safety};
use super::protocol::{self, Endpoint};
use super::{assumptions, sign};
use crate::domain::Credentials;
use crate::exchange_http::{Cached, Failure, HttpCore, HttpCoreError, lock, with_retries};
use crate::ports::{ExchangeError, Prices, Refusal, TradingRules};
use crate::signing::Params;

/// How the client talks to Bybit (or to `dustpan sim --exchange bybit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BybitConfig {
    /// e.g. `https://api.bybit.com`; a path prefix is kept.
    pub base_url: url::Url,
    /// `X-BAPI-RECV-WINDOW` (bybit.md §1: default 5000 ms).
    pub recv_window: Duration,
    /// Whole-request timeout.
    pub request_timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// How long last prices stay fresh.
    pub price_ttl: Duration,
    /// How long instrument rules stay fresh.
    pub rules_ttl: Duration,
    /// How long a conversion's execution is waited for before it is reported as pending.
    pub execution_wait: Duration,
    /// How often its status is asked meanwhile.
    pub execution_poll: Duration,
}

impl BybitConfig {
    /// Defaults for a base URL: recvWindow 5 s, 10 s requests, 5 s connects, prices 10 s,
    /// rules 10 min, the execution waited for as assumptions.rs says.
    pub fn new(base_url: url::Url) -> Self {
        Self {
            base_url,
            recv_window: Duration::from_millis(assumptions::RECV_WINDOW_MS),
            request_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            price_ttl: Duration::from_secs(10),
            rules_ttl: Duration::from_secs(600),
            execution_wait: Duration::from_millis(assumptions::EXECUTION_REPLY_WAIT_MS),
            execution_poll: Duration::from_millis(assumptions::EXECUTION_POLL_MS),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BybitBuildError {
    /// Not an http(s) URL.
    #[error("BYBIT_API_URL must be an http or https URL")]
    BadBaseUrl,
    /// `recv_window` is zero.
    #[error("the receive window must be at least 1 ms")]
    BadRecvWindow,
    /// reqwest refused the configuration.
    #[error("cannot build the HTTP client")]
    Http,
}

/// Requests sent per path, and signed/public totals (attempts that reached the network).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BybitStats {
    /// Requests per `METHOD path`.
    pub requests: BTreeMap<String, u64>,
    /// Signed requests.
    pub signed_requests: u64,
    /// Public requests.
    pub public_requests: u64,
    /// Rate-limit refusals seen (10006, 429).
    pub rate_limited: u64,
    /// IP bans seen (403).
    pub banned: u64,
}

/// The Bybit client; implements [`crate::ports::Exchange`]. Cheap to clone: share one per
/// process so gates, the time offset and caches are shared by every user.
#[derive(Debug, Clone)]
pub struct BybitClient {
    pub(super) inner: Arc<Inner>,
}

/// A request's payload: the query string of a GET, the JSON body of a POST.
#[derive(Debug, Clone)]
pub(super) enum Payload {
    Query(Params),
    Json(serde_json::Value),
}

#[derive(Debug)]
pub(super) struct Inner {
    core: HttpCore,
    pub(super) execution_wait: Duration,
    pub(super) execution_poll: Duration,
    /// (path, account digest or 0 for the IP) → no request before this instant.
    gates: Mutex<HashMap<(&'static str, u64), Instant>>,
    stats: Mutex<BybitStats>,
    pub(super) rules: Cached<TradingRules>,
    pub(super) prices: Cached<Prices>,
}

fn header_i64(headers: &HeaderMap, name: &str) -> Option<i64> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

fn key_error(msg: &str) -> Failure {
    Failure::Other(ExchangeError::Unauthorized {
        code: String::new(),
        msg: msg.to_owned(),
        reason: Refusal::Other,
    })
}

impl BybitClient {
    /// Builds the client. No request is sent.
    pub fn new(config: BybitConfig) -> Result<Self, BybitBuildError> {
        let core = HttpCore::new(
            &config.base_url,
            config.recv_window,
            u64::MAX,
            config.request_timeout,
            config.connect_timeout,
        )
        .map_err(|e| match e {
            HttpCoreError::BadBaseUrl => BybitBuildError::BadBaseUrl,
            HttpCoreError::BadRecvWindow => BybitBuildError::BadRecvWindow,
            HttpCoreError::Http => BybitBuildError::Http,
        })?;
        Ok(Self {
            inner: Arc::new(Inner {
                core,
                execution_wait: config.execution_wait,
                execution_poll: config.execution_poll,
                gates: Mutex::new(HashMap::new()),
                stats: Mutex::new(BybitStats::default()),
                rules: Cached::new(config.rules_ttl),
                prices: Cached::new(config.price_ttl),
            }),
        })
    }

    /// A snapshot of the request counters.
    pub fn stats(&self) -> BybitStats {
        lock(&self.inner.stats).clone()
    }

    /// The server-time offset in use (server − local, ms).
    pub fn time_offset_ms(&self) -> i64 {
        self.inner.core.clock.offset_ms()
    }

    pub(super) fn server_now_ms(&self) -> i64 {
        self.inner.core.clock.now_ms()
    }

    /// Measures the server-time offset (`GET /v5/market/time`, the envelope's `time` at the
    /// round trip's midpoint) and returns the server time.
    pub async fn sync_time(&self) -> Result<DateTime<Utc>, ExchangeError> {
        let server = self.inner.core.clock.sync(|| self.server_time_ms()).await?;
        DateTime::from_timestamp_millis(server)
            .ok_or_else(|| ExchangeError::InvalidResponse("server time out of range".into()))
    }

    async fn resync_after(&self, started: Instant) -> Result<(), ExchangeError> {
        let clock = &self.inner.core.clock;
        if clock
            .resync_after(started, || self.server_time_ms())
            .await?
        {
            tracing::info!(
                offset_ms = self.time_offset_ms(),
                "resynced Bybit time after 10002"
            );
        }
        Ok(())
    }

    async fn server_time_ms(&self) -> Result<i64, ExchangeError> {
        let env = self
            .attempt(
                &protocol::TIME,
                &Payload::Query(Params::new()),
                None,
                Safety::Read,
            )
            .await
            .map_err(Failure::into_error)?;
        match env.time {
            Some(t) => Ok(t),
            None => {
                let dto: TimeDto = parse_result(env.result, Safety::Read)?;
                Ok(dto.time_second * 1000)
            }
        }
    }

    /// One endpoint call, its `result` parsed: one resync-and-retry on 10002 (refused before
    /// execution), one retry of a read after a connect error, nothing else retried.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
        payload: Payload,
        creds: Option<&Credentials>,
        safety: Safety,
    ) -> Result<T, ExchangeError> {
        let env = with_retries(
            safety,
            || self.attempt(ep, &payload, creds, safety),
            |started| self.resync_after(started),
        )
        .await?;
        parse_result(env.result, safety)
    }

    /// The gate set by an earlier answer (limit status 0, 10006, 403), if still closed.
    fn gated(&self, key: (&'static str, u64)) -> Option<Duration> {
        let mut gates = lock(&self.inner.gates);
        let until = *gates.get(&key)?;
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            gates.remove(&key);
            None
        } else {
            Some(left)
        }
    }

    fn close_gate(&self, key: (&'static str, u64), wait: Duration) {
        let until = Instant::now() + wait;
        let mut gates = lock(&self.inner.gates);
        let slot = gates.entry(key).or_insert(until);
        *slot = (*slot).max(until);
    }

    fn record_sent(&self, ep: &Endpoint) {
        let mut s = lock(&self.inner.stats);
        *s.requests
            .entry(format!("{} {}", ep.method, ep.path))
            .or_default() += 1;
        if ep.signed {
            s.signed_requests += 1;
        } else {
            s.public_requests += 1;
        }
    }

    fn record_refusal(&self, banned: bool) {
        let mut s = lock(&self.inner.stats);
        if banned {
            s.banned += 1;
        } else {
            s.rate_limited += 1;
        }
    }

    /// One request on the wire. Logs carry method, path and status only: never the query,
    /// the body, the signature nor the key.
    async fn attempt(
        &self,
        ep: &Endpoint,
        payload: &Payload,
        creds: Option<&Credentials>,
        safety: Safety,
    ) -> Result<Envelope, Failure> {
        let who = creds.map_or(0, crate::exchange_http::account_digest);
        let ip_gate = ("", 0);
        let ep_gate = (ep.path, who);
        if let Some(wait) = self.gated(ip_gate).or_else(|| self.gated(ep_gate)) {
            return Err(Failure::Other(ExchangeError::RateLimited {
                retry_after: wait,
                banned: false,
            }));
        }
        let (url, signed_bytes, body) = match payload {
            Payload::Query(p) => {
                let q = p.encode();
                let url = self.inner.core.url(ep.path, &q);
                (url, q.into_bytes(), None)
            }
            Payload::Json(v) => {
                let body = v.to_string();
                (
                    self.inner.core.url(ep.path, ""),
                    body.clone().into_bytes(),
                    Some(body),
                )
            }
        };
        let mut req = self.inner.core.request(ep.method, url);
        if let Some(b) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b);
        }
        if ep.signed {
            let c = creds
                .ok_or_else(|| key_error("a signed endpoint was called without credentials"))?;
            let key = c.api_key().expose_secret();
            let ts = self.server_now_ms();
            let sig = sign::signature(
                c.api_secret(),
                ts,
                key,
                self.inner.core.recv_window_ms,
                &signed_bytes,
            )
            .map_err(|e| key_error(&e.to_string()))?;
            let mut key_header = HeaderValue::from_str(key).map_err(|_| {
                Failure::Other(ExchangeError::Unauthorized {
                    code: protocol::INVALID_KEY.code.to_string(),
                    msg: "the API key holds characters a header cannot carry".to_owned(),
                    reason: Refusal::Other,
                })
            })?;
            key_header.set_sensitive(true);
            let mut sig_header =
                HeaderValue::from_str(&sig).map_err(|_| key_error("unprintable signature"))?;
            sig_header.set_sensitive(true);
            req = req
                .header(protocol::HEADER_API_KEY, key_header)
                .header(protocol::HEADER_TIMESTAMP, ts.to_string())
                .header(
                    protocol::HEADER_RECV_WINDOW,
                    self.inner.core.recv_window_ms.to_string(),
                )
                .header(protocol::HEADER_SIGN, sig_header);
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
            "bybit answered"
        );
        let now = self.server_now_ms();
        let reset = header_i64(resp.headers(), protocol::HEADER_LIMIT_RESET);
        // The last request the endpoint allows in its window: the next waits for the reset.
        // The reset is "the current timestamp" unless the limit was exceeded (bybit.md §2):
        // then the rolling window is waited out whole.
        if header_i64(resp.headers(), protocol::HEADER_LIMIT_STATUS) == Some(0) {
            let wait = error::wait_until_reset(reset.filter(|r| *r > now), now);
            self.close_gate(ep_gate, wait);
        }
        if status.as_u16() == 403 {
            let err = error::classify_status(status, safety);
            if let ExchangeError::RateLimited { retry_after, .. } = &err {
                self.close_gate(ip_gate, *retry_after);
            }
            self.record_refusal(true);
            tracing::warn!(path = ep.path, "Bybit refused the IP (403): keeping away");
            return Err(Failure::Other(err));
        }
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| Failure::transport(e, safety))?;
        let env = match serde_json::from_slice::<Envelope>(&bytes) {
            Ok(env) => env,
            Err(e) if status.is_success() => {
                return Err(Failure::Other(error::classify_bad_body(e, safety)));
            }
            Err(_) => {
                if status.as_u16() == 429 {
                    self.record_refusal(false);
                    self.close_gate(ep_gate, error::wait_until_reset(reset, now));
                }
                return Err(Failure::Other(error::classify_status(status, safety)));
            }
        };
        if env.ret_code == 0 {
            return Ok(env);
        }
        let err = error::classify_ret_code(env.ret_code, env.ret_msg, safety, reset, now);
        if let ExchangeError::RateLimited { retry_after, .. } = &err {
            self.record_refusal(false);
            self.close_gate(ep_gate, *retry_after);
            tracing::warn!(path = ep.path, "rate limited by Bybit");
        }
        if env.ret_code == protocol::TIME_WINDOW.code {
            return Err(Failure::TimeSkew(err));
        }
        Err(Failure::Other(err))
    }
}

fn parse_result<T: DeserializeOwned>(
    v: serde_json::Value,
    safety: Safety,
) -> Result<T, ExchangeError> {
    serde_json::from_value(v).map_err(|e| error::classify_bad_body(e, safety))
}
