//! Request parameters and MEXC's HMAC-SHA256 signing (mexc.md §1 "signature").
//!
//! MEXC signs `totalParams` = the query string joined to the body with no separator, as
//! lowercase hex. dustpan sends every parameter in the query string (POSTs too, as ccxt does)
//! with an empty body: one byte string is both sent and signed. The query is form-urlencoded,
//! so a comma goes out and is signed as `%2C` (upper-case, as MEXC requires).

pub use crate::signing::{Params, SignError, signature, signed_query};

#[cfg(test)]
mod tests {
    use secrecy::{ExposeSecret, SecretString};

    use super::*;

    /// The docs' test secret (mexc.md §1 "Test vectors").
    const DOC_SECRET: &str = "45d0b3c26f2644f19bfb98b07741b2f5";

    #[test]
    fn the_documented_query_string_signs_to_the_documented_hex_of_example_2() {
        let payload = "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=11&recvWindow=5000&timestamp=1644489390087";
        assert_eq!(
            signature(&SecretString::from(DOC_SECRET), payload.as_bytes()),
            Ok("fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a".to_owned())
        );
    }

    #[test]
    fn the_mixed_form_signs_query_and_body_joined_without_a_separator() {
        let query = "symbol=BTCUSDT&side=BUY&type=LIMIT";
        let body = "quantity=1&price=11&recvWindow=5000&timestamp=1644489390087";
        let payload = format!("{query}{body}");
        assert_eq!(
            signature(&SecretString::from(DOC_SECRET), payload.as_bytes()),
            Ok("d1a676610ceb39174c8039b3f548357994b2a34139a8addd33baadba65684592".to_owned())
        );
    }

    #[test]
    fn signed_query_rebuilds_the_documented_payload_and_appends_the_signature_last() {
        let params = Params::new()
            .push("symbol", "BTCUSDT")
            .push("side", "BUY")
            .push("type", "LIMIT")
            .push("quantity", "1")
            .push("price", "11");
        let q = signed_query(
            &params,
            5000,
            1_644_489_390_087,
            &SecretString::from(DOC_SECRET),
        )
        .map(|s| s.expose_secret().to_owned());
        assert_eq!(
            q,
            Ok("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=11&recvWindow=5000&timestamp=1644489390087&signature=fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a".to_owned())
        );
    }

    #[test]
    fn a_comma_in_an_asset_list_is_signed_as_upper_case_percent_2c() {
        let p = Params::new().push("asset", "BTC,FIL,ETH");
        assert_eq!(p.encode(), "asset=BTC%2CFIL%2CETH");
    }
}
