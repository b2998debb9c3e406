//! Bybit v5 HMAC-SHA256 signing (bybit.md §1): lowercase hex over
//! `timestamp + apiKey + recvWindow + payload`, where payload is the raw query string (GET) or
//! the raw JSON body (POST). The bytes signed are the bytes sent.

use secrecy::SecretString;

pub use crate::signing::SignError;

/// The string Bybit signs: `timestamp ∥ apiKey ∥ recvWindow ∥ payload`.
pub fn string_to_sign(
    timestamp_ms: i64,
    api_key: &str,
    recv_window_ms: u64,
    payload: &[u8],
) -> Vec<u8> {
    let mut s = format!("{timestamp_ms}{api_key}{recv_window_ms}").into_bytes();
    s.extend_from_slice(payload);
    s
}

/// Lowercase hex HMAC-SHA256 for the `X-BAPI-SIGN` header.
pub fn signature(
    secret: &SecretString,
    timestamp_ms: i64,
    api_key: &str,
    recv_window_ms: u64,
    payload: &[u8],
) -> Result<String, SignError> {
    crate::signing::signature(
        secret,
        &string_to_sign(timestamp_ms, api_key, recv_window_ms, payload),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // bybit.md §1 "Docs examples": Bybit publishes no usable vector (key masked, no secret);
    // these are the formula's vectors computed with openssl, key TESTKEY, secret TESTSECRET.
    fn secret() -> SecretString {
        SecretString::from("TESTSECRET")
    }

    #[test]
    fn a_get_query_string_signs_to_the_vector_in_bybit_md() {
        assert_eq!(
            signature(
                &secret(),
                1_766_125_546_001,
                "TESTKEY",
                5000,
                b"accountType=eb_convert_uta"
            ),
            Ok("859700ac9495192fd1cfbfaa0a4107720b71dc25edad1e479abc3869252c3df4".to_owned())
        );
    }

    #[test]
    fn a_post_json_body_signs_to_the_vector_in_bybit_md() {
        let body =
            br#"{"accountType":"eb_convert_uta","fromCoinList":["XRP","SOL"],"toCoin":"USDC"}"#;
        assert_eq!(
            signature(&secret(), 1_766_126_592_271, "TESTKEY", 5000, body),
            Ok("e2dceb4e684f45bde24c628bf47ce37372dff50bfd684cfad7f24ccdaa17778e".to_owned())
        );
    }
}
