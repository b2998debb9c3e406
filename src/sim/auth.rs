//! SIGNED endpoint security (binance.md §1): HMAC over the raw received bytes, the
//! timestamp window, and the API-key checks.

use crate::binance::assumptions;
use hmac::{Hmac, KeyInit, Mac};
use rust_decimal::Decimal;
use sha2::Sha256;

use super::params::{Params, SimError};
use crate::binance::protocol;

/// Splits one raw source (query string or body) into the bytes that were signed and the
/// `signature` value found in it. Binance signs "everything before `&signature=`"; the
/// signature is the last parameter, but if a client puts it elsewhere we still drop just
/// that one segment.
pub fn strip_signature(raw: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut sig = None;
    for seg in raw.split(|b| *b == b'&') {
        if sig.is_none() && seg.starts_with(b"signature=") {
            sig = Some(seg[b"signature=".len()..].to_vec());
        } else {
            kept.push(seg);
        }
    }
    (kept.join(&b'&'), sig)
}

/// The payload Binance signs: raw query (minus `signature`) then raw body (minus
/// `signature`), concatenated with no separator (binance.md §1 HMAC-SHA256 signature).
pub fn signed_payload(query: &[u8], body: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    let (mut payload, qsig) = strip_signature(query);
    let (body_payload, bsig) = strip_signature(body);
    payload.extend_from_slice(&body_payload);
    (payload, qsig.or(bsig))
}

/// Checks a hex HMAC-SHA256 `signature` of `payload` under `secret`; hex compared
/// case-insensitively, the MAC in constant time.
pub fn verify_signature(secret: &[u8], payload: &[u8], signature_hex: &[u8]) -> bool {
    let Ok(expected) = hex::decode(signature_hex) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(payload);
    mac.verify_slice(&expected).is_ok()
}

/// The `recvWindow` in ms (up to 3 decimals) or the /api vs /sapi error above 60000
/// (protocol.rs, binance.md §1 Timing).
pub fn recv_window(params: &Params, sapi: bool) -> Result<Decimal, SimError> {
    let Some(raw) = params.opt("recvWindow")? else {
        return Ok(Decimal::from(protocol::DEFAULT_RECV_WINDOW_MS));
    };
    let malformed = || SimError::new(protocol::MANDATORY_PARAM, &["recvWindow"]);
    let (int, frac) = raw.split_once('.').unwrap_or((raw, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || int.len() > 12
        || frac.len() > 3
        || !digits(int)
        || !digits(frac)
        || raw.ends_with('.')
    {
        return Err(malformed());
    }
    let rw: Decimal = raw.parse().map_err(|_| malformed())?;
    if rw > Decimal::from(protocol::MAX_RECV_WINDOW_MS) {
        return Err(SimError::of(if sapi {
            assumptions::SAPI_BAD_RECV_WINDOW
        } else {
            assumptions::API_RECV_WINDOW_TOO_LARGE
        }));
    }
    Ok(rw)
}

/// The timestamp rule: accept iff `timestamp < serverTime + 1000` and
/// `serverTime - timestamp <= recvWindow` (binance.md §1 Timing).
pub fn check_timestamp(
    timestamp: i64,
    server_ms: i64,
    recv_window: Decimal,
) -> Result<(), SimError> {
    if timestamp >= server_ms.saturating_add(protocol::MAX_TIMESTAMP_AHEAD_MS) {
        return Err(SimError::of(protocol::TIMESTAMP_AHEAD));
    }
    if Decimal::from(server_ms.saturating_sub(timestamp)) > recv_window {
        return Err(SimError::of(protocol::TIMESTAMP_OUTSIDE_RECV_WINDOW));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    const PAYLOAD: &str = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    const SIG: &str = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

    #[test]
    fn docs_test_vector_verifies_in_any_hex_case() {
        assert!(verify_signature(
            SECRET.as_bytes(),
            PAYLOAD.as_bytes(),
            SIG.as_bytes()
        ));
        let upper = SIG.to_ascii_uppercase();
        assert!(verify_signature(
            SECRET.as_bytes(),
            PAYLOAD.as_bytes(),
            upper.as_bytes()
        ));
        assert!(!verify_signature(
            SECRET.as_bytes(),
            b"symbol=LTCBTC",
            SIG.as_bytes()
        ));
    }

    #[test]
    fn docs_test_vector_split_between_query_and_body_verifies() {
        let (q, b) = PAYLOAD.split_at(40);
        let query = q.to_string();
        let body = format!("{b}&signature={SIG}");
        let (payload, sig) = signed_payload(query.as_bytes(), body.as_bytes());
        assert_eq!(payload, PAYLOAD.as_bytes());
        let sig = sig.expect("signature found");
        assert!(verify_signature(SECRET.as_bytes(), &payload, &sig));
    }

    #[test]
    fn timestamps_outside_the_window_are_refused_both_ways() {
        let rw = Decimal::from(5000);
        assert!(check_timestamp(10_000, 10_000, rw).is_ok());
        assert_eq!(
            check_timestamp(11_000, 10_000, rw).map_err(|e| e.msg),
            Err(protocol::TIMESTAMP_AHEAD.msg.to_string())
        );
        assert!(check_timestamp(5_000, 10_000, rw).is_ok());
        assert!(check_timestamp(4_999, 10_000, rw).is_err());
    }
}
