//! Request parameters and HMAC-SHA256 signing (binance.md §1 "HMAC-SHA256 signature").
//!
//! The signature covers the query string exactly as sent (form-urlencoded, so the comma in
//! `asset=A,B` goes out and is signed as `asset=A%2CB`, like Binance's official SDKs) plus the
//! body. dustpan sends every parameter in the query string, POSTs included, with an empty
//! body, as binance-connector-rust does (binance.md §1): one byte string is both sent and
//! signed, so they cannot drift apart.

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
/// `signature` last over everything before it (the body is empty, see the module docs).
/// The result contains the signature, so it is returned as a secret.
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

#[cfg(test)]
mod tests {
    use super::*;

    const DOC_SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    #[test]
    fn the_documented_test_vector_signs_to_the_documented_hex() {
        let payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        let sig = signature(&SecretString::from(DOC_SECRET), payload.as_bytes());
        assert_eq!(
            sig,
            Ok("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71".to_owned())
        );
    }

    #[test]
    fn signed_query_rebuilds_the_documented_payload_and_appends_the_signature_last() {
        let params = Params::new()
            .push("symbol", "LTCBTC")
            .push("side", "BUY")
            .push("type", "LIMIT")
            .push("timeInForce", "GTC")
            .push("quantity", "1")
            .push("price", "0.1");
        let q = signed_query(
            &params,
            5000,
            1_499_827_319_559,
            &SecretString::from(DOC_SECRET),
        );
        let q = q.map(|s| s.expose_secret().to_owned());
        assert_eq!(
            q,
            Ok("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71".to_owned())
        );
    }

    #[test]
    fn a_comma_separated_asset_list_is_percent_encoded_as_the_sdk_does() {
        let p = Params::new()
            .push("asset", "ADA,XRP")
            .push("accountType", "SPOT");
        assert_eq!(p.encode(), "asset=ADA%2CXRP&accountType=SPOT");
    }

    #[test]
    fn optional_params_are_skipped_when_absent() {
        let p = Params::new()
            .push_opt("startTime", None::<String>)
            .push_opt("endTime", Some("5"));
        assert_eq!(p.encode(), "endTime=5");
        assert!(Params::new().is_empty());
    }
}
