//! Classifies what came back from MEXC into [`ExchangeError`], by what the caller must do
//! (mexc.md §2): refusals by the body's `{code,msg}` (the HTTP status of each code is
//! UNCONFIRMED), 429 by its Retry-After, 5XX as "unknown" for money calls.
//!
//! Nothing here formats a URL, query string, header or credential: reqwest errors are
//! stripped with `without_url()` before their text is used.

use std::time::Duration;

use reqwest::StatusCode;

use super::dto::ErrorBody;
use super::protocol;
use crate::ports::{ExchangeError, Refusal};

pub use crate::exchange_http::{
    Safety, classify_bad_body, classify_server_error, classify_transport,
};

/// Whether the port's string `code` is MEXC's `want`.
pub fn is_code(code: &str, want: protocol::ErrorCode) -> bool {
    code.trim().parse::<i64>().is_ok_and(|c| c == want.code)
}

/// What a MEXC code and message mean for dustpan.
fn refusal_of(code: i64, msg: &str) -> Refusal {
    if code == super::assumptions::DUPLICATE_CLIENT_ORDER_ID.code
        && msg == super::assumptions::DUPLICATE_CLIENT_ORDER_ID.msg
    {
        return Refusal::DuplicateOrder;
    }
    Refusal::Other
}

/// The wait a 429 asks for: `Retry-After` in seconds, else one budget window (mexc.md §3).
pub fn retry_after(header: Option<&str>) -> Duration {
    header.and_then(|v| v.trim().parse::<u64>().ok()).map_or(
        Duration::from_millis(protocol::WEIGHT_WINDOW_MS.unsigned_abs()),
        Duration::from_secs,
    )
}

/// A non-2xx answer other than 429/418 and 5XX: by the body's code.
pub fn classify_client_error(status: StatusCode, body: &[u8], safety: Safety) -> ExchangeError {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(e) => {
            let code = e.code.trim().parse::<i64>().unwrap_or(0);
            if protocol::AUTH_CODES.contains(&code) {
                ExchangeError::Unauthorized {
                    code: e.code,
                    msg: e.msg,
                    reason: Refusal::Other,
                }
            } else if code == protocol::TOO_MANY_REQUESTS.code {
                ExchangeError::RateLimited {
                    retry_after: retry_after(None),
                    banned: false,
                }
            } else {
                ExchangeError::Rejected {
                    reason: refusal_of(code, &e.msg),
                    code: e.code,
                    msg: e.msg,
                }
            }
        }
        // A 4xx without MEXC's body did not come from MEXC's API (a WAF 403, a proxy): for a
        // money POST we cannot prove it was not executed.
        Err(_) => safety.ambiguous(format!(
            "HTTP {} without a MEXC error body",
            status.as_u16()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_auth_codes_mean_fix_the_key_and_others_are_refusals() {
        let e = classify_client_error(
            StatusCode::BAD_REQUEST,
            br#"{"code":700002,"msg":"Signature for this request is not valid."}"#,
            Safety::Read,
        );
        assert!(matches!(e, ExchangeError::Unauthorized { ref code, .. } if code == "700002"));
        let e = classify_client_error(
            StatusCode::BAD_REQUEST,
            br#"{"code":10101,"msg":"Insufficient balance"}"#,
            Safety::Money,
        );
        assert!(matches!(e, ExchangeError::Rejected { ref code, .. } if code == "10101"));
    }

    #[test]
    fn a_4xx_without_mexc_body_leaves_a_money_call_unknown() {
        let e = classify_client_error(StatusCode::FORBIDDEN, b"<html>", Safety::Money);
        assert!(matches!(e, ExchangeError::OutcomeUnknown(_)));
        let e = classify_client_error(StatusCode::FORBIDDEN, b"<html>", Safety::Read);
        assert!(matches!(e, ExchangeError::Unavailable(_)));
    }

    #[test]
    fn retry_after_is_read_in_seconds_and_defaults_to_one_window() {
        assert_eq!(retry_after(Some("7")), Duration::from_secs(7));
        assert_eq!(retry_after(None), Duration::from_secs(10));
        assert_eq!(retry_after(Some("soon")), Duration::from_secs(10));
    }
}
