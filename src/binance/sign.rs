//! Request parameters and HMAC-SHA256 signing (binance.md §1 "HMAC-SHA256 signature").
//!
//! The signature covers the query string exactly as sent (form-urlencoded, so the comma in
//! `asset=A,B` goes out and is signed as `asset=A%2CB`, like Binance's official SDKs) plus the
//! body. dustpan sends every parameter in the query string, POSTs included, with an empty
//! body, as binance-connector-rust does (binance.md §1): one byte string is both sent and
//! signed, so they cannot drift apart.

pub use crate::signing::{Params, SignError, signature, signed_query};

#[cfg(test)]
mod tests {
    use secrecy::{ExposeSecret, SecretString};

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
