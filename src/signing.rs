//! Request parameters and HMAC-SHA256 query signing, shared by the adapters of exchanges
//! that sign the Binance way (Binance, binance.md §1; MEXC, mexc.md §1): every parameter
//! in the query string, form-urlencoded (a comma goes out and is signed as `%2C`), then
//! `recvWindow`, `timestamp`, and `signature` = lowercase hex HMAC-SHA256 of everything
//! before it, with an empty body. One byte string is both sent and signed, so they cannot
//! drift apart. Each adapter's `sign` module checks its exchange's documented test vectors.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// Request parameters in a stable order (the order they were pushed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one parameter.
    pub fn push(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.0.push((key, value.into()));
        self
    }

    /// Appends one parameter when `value` is present.
    pub fn push_opt(self, key: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.push(key, v),
            None => self,
        }
    }

    /// The form-urlencoded query string (`k=v&k2=v2`), without a leading `?`.
    pub fn encode(&self) -> String {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            ser.append_pair(k, v);
        }
        ser.finish()
    }

    /// True when there is no parameter.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The secret cannot key an HMAC (never happens for HMAC, which takes any key length; kept
/// as an error rather than a panic).
#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
#[error("the API secret cannot be used as an HMAC key")]
pub struct SignError;

/// Lowercase hex HMAC-SHA256 of `payload` keyed with `secret`.
pub fn signature(secret: &SecretString, payload: &[u8]) -> Result<String, SignError> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.expose_secret().as_bytes())
        .map_err(|_| SignError)?;
    mac.update(payload);
    Ok(hex::encode(mac.finalize().into_bytes()))
}

/// Builds the signed query string: `params`, then `recvWindow` and `timestamp`, then
/// `signature` last over everything before it (the body is empty). The result contains the
/// signature, so it is returned as a secret.
pub fn signed_query(
    params: &Params,
    recv_window_ms: u64,
    timestamp_ms: i64,
    secret: &SecretString,
) -> Result<SecretString, SignError> {
    let payload = params
        .clone()
        .push("recvWindow", recv_window_ms.to_string())
        .push("timestamp", timestamp_ms.to_string())
        .encode();
    let sig = signature(secret, payload.as_bytes())?;
    Ok(SecretString::from(format!("{payload}&signature={sig}")))
}
