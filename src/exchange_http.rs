//! What every exchange's REST adapter shares beyond its own protocol: a call's safety, how
//! the failures no exchange answered (transport errors, unreadable bodies, 5xx) are
//! classified by it, and the digest that names an account's budgets without its key.
//!
//! Nothing here formats a URL, query string, header or credential: reqwest errors are
//! stripped with `without_url()` before their text is used.

use std::sync::Arc;
use std::time::Duration;

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

/// A 5xx answer: "the execution status is UNKNOWN and could have been a success"
/// (binance.md §1, mexc.md §2, security.md §3.1).
pub fn classify_server_error(status: StatusCode, safety: Safety) -> ExchangeError {
    let msg = format!("HTTP {} from the exchange", status.as_u16());
    match safety {
        Safety::Money => ExchangeError::OutcomeUnknown(msg.into()),
        Safety::Read => ExchangeError::Unavailable(msg.into()),
    }
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
