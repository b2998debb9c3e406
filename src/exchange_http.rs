//! What every exchange's REST adapter shares beyond its own protocol: a call's safety, how
//! the failures no exchange answered (transport errors, unreadable bodies, 5xx) are
//! classified by it, the digest that names an account's budgets without its key, the HTTP
//! client and base URL, the server-clock offset with its resync, and the retry loop (one
//! resync on a time-window refusal, one reconnect for a read). Paths, signing, envelopes and
//! error codes stay in each adapter.
//!
//! Nothing here formats a URL, query string, header or credential: reqwest errors are
//! stripped with `without_url()` before their text is used.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use tokio::time::Instant;

use crate::domain::Credentials;
use crate::ports::{Cause, ExchangeError};

/// Is a failed request safe to call "not executed"?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Reads (and read-only signed POSTs): failures are `Unavailable`, a connect error may
    /// be retried once.
    Read,
    /// Money operations (conversions, orders, quotes): an ambiguous failure is
    /// `OutcomeUnknown` and is never retried.
    Money,
}

impl Safety {
    /// An answer that does not say whether the call ran: a money operation's outcome is
    /// unknown, a read is merely unavailable.
    pub fn ambiguous(self, what: String) -> ExchangeError {
        match self {
            Safety::Money => ExchangeError::OutcomeUnknown(what.into()),
            Safety::Read => ExchangeError::Unavailable(what.into()),
        }
    }
}

/// A 5xx answer: "the execution status is UNKNOWN and could have been a success"
/// (binance.md §1, mexc.md §2, security.md §3.1).
pub fn classify_server_error(status: StatusCode, safety: Safety) -> ExchangeError {
    safety.ambiguous(format!("HTTP {} from the exchange", status.as_u16()))
}

/// A 2xx body we could not parse; the parser's error is kept as the source.
pub fn classify_bad_body(err: serde_json::Error, safety: Safety) -> ExchangeError {
    match safety {
        Safety::Money => ExchangeError::OutcomeUnknown(Cause::caused_by(
            "unreadable answer to a money operation",
            err,
        )),
        Safety::Read => ExchangeError::InvalidResponse(Cause::caused_by("unreadable body", err)),
    }
}

/// A transport failure (no HTTP status): connect errors mean nothing was sent; anything
/// else (timeout, reset after sending, truncated body) leaves a money POST's outcome unknown.
/// The reqwest error is kept as the source with its URL removed (the URL holds the
/// signature; the key travels in a header, which reqwest's errors never show).
pub fn classify_transport(err: reqwest::Error, safety: Safety) -> ExchangeError {
    let err = err.without_url();
    let connect = err.is_connect();
    let kind = transport_kind(&err);
    match (connect, safety) {
        (true, _) => {
            ExchangeError::Unavailable(Cause::caused_by("could not connect (nothing sent)", err))
        }
        (false, Safety::Money) => ExchangeError::OutcomeUnknown(Cause::caused_by(kind, err)),
        (false, Safety::Read) => ExchangeError::Unavailable(Cause::caused_by(kind, err)),
    }
}

/// What kind of transport failure `err` is, in words.
pub fn transport_kind(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        "timeout"
    } else if err.is_connect() {
        "connect error"
    } else if err.is_body() || err.is_decode() {
        "body error"
    } else {
        "request error"
    }
}

/// Names an account's budgets without keeping its key: the first 8 bytes of SHA-256 of the
/// API key.
pub fn account_digest(creds: &Credentials) -> u64 {
    let digest = Sha256::digest(creds.api_key().expose_secret().as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// A value fetched once and shared until it is older than its TTL.
#[derive(Debug)]
pub struct Cached<T> {
    ttl: Duration,
    slot: tokio::sync::Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Cached<T> {
    /// An empty slot; values stay fresh for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            slot: tokio::sync::Mutex::new(None),
        }
    }

    /// The cached value, or `fetch`'s (one fetch at a time: concurrent callers wait for it).
    pub async fn get_or_fetch<F, Fut>(&self, fetch: F) -> Result<Arc<T>, ExchangeError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, ExchangeError>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some((at, v)) = slot.as_ref()
            && at.elapsed() < self.ttl
        {
            return Ok(v.clone());
        }
        let v = Arc::new(fetch().await?);
        *slot = Some((Instant::now(), v.clone()));
        Ok(v)
    }
}

/// The HTTP side of a REST adapter: its client, base URL, receive window and server clock.
#[derive(Debug)]
pub struct HttpCore {
    http: reqwest::Client,
    base: String,
    /// The receive window sent with signed requests, ms.
    pub recv_window_ms: u64,
    /// The exchange's clock as last measured.
    pub clock: ServerClock,
}

/// Why an adapter's HTTP side could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpCoreError {
    /// Not an http(s) URL.
    BadBaseUrl,
    /// The receive window is zero or above the exchange's maximum.
    BadRecvWindow,
    /// reqwest refused the configuration.
    Http,
}

impl HttpCore {
    /// Checks the base URL and the receive window (1 ms to `max_recv_window_ms`) and builds
    /// the client. No request is sent.
    pub fn new(
        base_url: &url::Url,
        recv_window: Duration,
        max_recv_window_ms: u64,
        request_timeout: Duration,
        connect_timeout: Duration,
    ) -> Result<Self, HttpCoreError> {
        let base = http_base(base_url).ok_or(HttpCoreError::BadBaseUrl)?;
        let recv_window_ms = millis(recv_window);
        if recv_window_ms == 0 || recv_window_ms > max_recv_window_ms {
            return Err(HttpCoreError::BadRecvWindow);
        }
        let http =
            http_client(request_timeout, connect_timeout).map_err(|_| HttpCoreError::Http)?;
        Ok(Self {
            http,
            base,
            recv_window_ms,
            clock: ServerClock::default(),
        })
    }

    /// The URL of `path`, with `?query` when there is one.
    pub fn url(&self, path: &str, query: &str) -> String {
        url_with_query(&self.base, path, query)
    }

    /// A `POST` for `"POST"`, else a `GET`.
    pub fn request(&self, method: &str, url: String) -> reqwest::RequestBuilder {
        match method {
            "POST" => self.http.post(url),
            _ => self.http.get(url),
        }
    }
}

/// The base URL requests are built on (a path prefix kept, no trailing slash), or `None`
/// when it is not an http(s) URL that can be a base.
pub fn http_base(url: &url::Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return None;
    }
    Some(url.as_str().trim_end_matches('/').to_owned())
}

/// The HTTP client of an adapter: whole-request and connect timeouts, dustpan's user agent.
pub fn http_client(
    request_timeout: Duration,
    connect_timeout: Duration,
) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(request_timeout)
        .connect_timeout(connect_timeout)
        .user_agent(concat!("dustpan/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// A duration in whole ms (saturating), as a receive window is sent.
pub fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// `base` + `path`, with `?query` when there is one.
pub fn url_with_query(base: &str, path: &str, query: &str) -> String {
    if query.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{query}")
    }
}

/// Locks a counter or budget map; a panic elsewhere does not make them unusable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What one attempt produced, before retries are decided.
pub enum Failure {
    /// Refused for its timestamp (outside the receive window): rejected before execution;
    /// resync and retry once.
    TimeSkew(ExchangeError),
    /// Could not connect: nothing was sent.
    Connect(ExchangeError),
    /// Final.
    Other(ExchangeError),
}

impl Failure {
    /// The error, whatever the kind.
    pub fn into_error(self) -> ExchangeError {
        match self {
            Failure::TimeSkew(e) | Failure::Connect(e) | Failure::Other(e) => e,
        }
    }

    /// A transport failure, classified by [`classify_transport`].
    pub fn transport(e: reqwest::Error, safety: Safety) -> Self {
        let connect = e.is_connect();
        let err = classify_transport(e, safety);
        if connect {
            Failure::Connect(err)
        } else {
            Failure::Other(err)
        }
    }
}

/// Pause before the single retry of a read after a connect error.
const CONNECT_RETRY_DELAY: Duration = Duration::from_millis(200);

/// Runs `attempt` until it is final: one `resync` (given when the refused attempt started)
/// and retry after a time-skew refusal, one retry of a read after a connect error, nothing
/// else retried.
pub async fn with_retries<T, A, AF, R, RF>(
    safety: Safety,
    mut attempt: A,
    mut resync: R,
) -> Result<T, ExchangeError>
where
    A: FnMut() -> AF,
    AF: std::future::Future<Output = Result<T, Failure>>,
    R: FnMut(Instant) -> RF,
    RF: std::future::Future<Output = Result<(), ExchangeError>>,
{
    let mut resynced = false;
    let mut reconnected = false;
    loop {
        let started = Instant::now();
        match attempt().await {
            Ok(v) => return Ok(v),
            Err(Failure::TimeSkew(_)) if !resynced => {
                resynced = true;
                resync(started).await?;
            }
            Err(Failure::Connect(_)) if safety == Safety::Read && !reconnected => {
                reconnected = true;
                tokio::time::sleep(CONNECT_RETRY_DELAY).await;
            }
            Err(f) => return Err(f.into_error()),
        }
    }
}

/// The exchange's clock as last measured: the offset (server − local, ms) every signed
/// timestamp is shifted by, and when it was last measured, so that concurrent refusals
/// resync once.
#[derive(Debug, Default)]
pub struct ServerClock {
    offset_ms: AtomicI64,
    last_sync: tokio::sync::Mutex<Option<Instant>>,
}

impl ServerClock {
    /// The offset in use (server − local, ms).
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// The server's time now, ms.
    pub fn now_ms(&self) -> i64 {
        Utc::now().timestamp_millis() + self.offset_ms()
    }

    /// Measures the offset: `measure` fetches the server time (ms), taken to be at the round
    /// trip's midpoint. Returns the server time.
    pub async fn sync<F, Fut>(&self, measure: F) -> Result<i64, ExchangeError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<i64, ExchangeError>>,
    {
        let mut last = self.last_sync.lock().await;
        let server = self.measure(measure).await?;
        *last = Some(Instant::now());
        Ok(server)
    }

    /// Measures again after a refusal of a request sent at `started`, unless another task
    /// measured since. `true` when this call measured.
    pub async fn resync_after<F, Fut>(
        &self,
        started: Instant,
        measure: F,
    ) -> Result<bool, ExchangeError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<i64, ExchangeError>>,
    {
        let mut last = self.last_sync.lock().await;
        if last.is_some_and(|at| at > started) {
            return Ok(false);
        }
        self.measure(measure).await?;
        *last = Some(Instant::now());
        Ok(true)
    }

    async fn measure<F, Fut>(&self, measure: F) -> Result<i64, ExchangeError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<i64, ExchangeError>>,
    {
        let sent = Utc::now().timestamp_millis();
        let server = measure().await?;
        let received = Utc::now().timestamp_millis();
        let midpoint = sent + (received - sent) / 2;
        self.offset_ms.store(server - midpoint, Ordering::Relaxed);
        Ok(server)
    }
}

/// An integer written as a JSON number or a numeric string (`serverTime`, `retCode`, ms).
pub fn json_int<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::Deserialize as _;
    use serde::de::Error as _;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => {
            n.as_i64().ok_or_else(|| D::Error::custom("not an integer"))
        }
        serde_json::Value::String(s) => s.trim().parse().map_err(D::Error::custom),
        other => Err(D::Error::custom(format!(
            "expected an integer, got {other}"
        ))),
    }
}

/// [`json_int`], where `null` and `""` are "no value".
pub fn json_int_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::Deserialize as _;
    use serde::de::Error as _;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) if s.is_empty() => Ok(None),
        v => json_int(v).map(Some).map_err(D::Error::custom),
    }
}
