//! Classifies what came back from Binance into [`ExchangeError`], by what the caller must do
//! (binance.md §1 "HTTP status semantics", security.md §3.1–3.2).
//!
//! Nothing here ever formats a URL, query string, header or credential: reqwest errors are
//! stripped with `without_url()` before their text is used.

use super::assumptions;
use std::error::Error as _;
use std::time::Duration;

use reqwest::StatusCode;
use serde::Deserialize;

use super::protocol;
use crate::ports::{ExchangeError, Refusal};

use crate::exchange_http::transport_kind;
pub use crate::exchange_http::{
    Safety, classify_bad_body, classify_server_error, classify_transport,
};

/// The body of every Binance error (binance.md §1 Transport; Convert's codes are positive).
#[derive(Debug, Deserialize)]
pub struct ApiErrorBody {
    /// Negative error code.
    pub code: i64,
    /// Message.
    #[serde(default)]
    pub msg: String,
}

/// Codes that mean "fix the key" (binance.md §1 table, §4: -1002 on convert is the
/// account lacking Convert API access; the code is kept so the service can say so).
/// -1022 is one of them: this client's signature is checked against the raw bytes it
/// sends, so a refused signature means the secret does not belong to the key.
pub fn is_auth_code(code: i64) -> bool {
    code == protocol::UNAUTHORIZED.code
        || code == protocol::API_KEY_FORMAT_INVALID.code
        || code == protocol::INVALID_API_KEY_IP_OR_PERMISSIONS.code
        || code == protocol::INVALID_API_KEY_ID.code
        || code == protocol::BAD_SIGNATURE.code
}

/// -1021: the timestamp was outside the window; rejected before execution, so one
/// resync-and-retry is safe even for money POSTs (security.md §3.1 "Clock").
pub fn is_timestamp_code(code: &str) -> bool {
    is_code(code, protocol::TIMESTAMP_OUTSIDE_RECV_WINDOW.code)
}

/// Whether the port's string `code` (of an error this adapter made) is Binance's `want`.
pub fn is_code(code: &str, want: i64) -> bool {
    code.parse::<i64>().is_ok_and(|c| c == want)
}

/// The code of an error that came without one (a 401 without Binance's body, a request
/// this client refused to send).
pub const NO_CODE: &str = "0";

/// Binance codes whose text says the execution status is unknown (-1000 UNKNOWN, -1006
/// UNEXPECTED_RESP, -1007 TIMEOUT: "Send status unknown; execution status unknown", the
/// spot errors.md list). On a money request they mean "may have happened".
pub const EXECUTION_UNKNOWN_CODES: &[i64] = &[-1000, -1006, -1007];

/// What a Binance code means for dustpan (documented codes in protocol.rs, our choices in
/// assumptions.rs).
pub fn refusal_of(code: i64) -> Refusal {
    match code {
        c if c == protocol::DUST_COOLDOWN.code => Refusal::DustCooldown,
        c if c == protocol::UNAUTHORIZED.code => Refusal::NoConvertAccess,
        // Our own choices of Convert codes (assumptions.rs), matched whatever their sign:
        // they only pick the sentence the user reads, never what happened to money.
        c if c.unsigned_abs() == assumptions::QUOTE_EXPIRED.code.unsigned_abs() => {
            Refusal::QuoteExpired
        }
        c if c.unsigned_abs() == assumptions::QUOTE_AMOUNT_OUT_OF_RANGE.code.unsigned_abs() => {
            Refusal::AmountOutOfRange
        }
        // Convert codes are positive on the wire (protocol.rs); the negated form is
        // accepted too, since nothing is lost by it.
        c if c.unsigned_abs() == protocol::CONVERT_HOURLY_QUOTE_QUOTA.code.unsigned_abs() => {
            Refusal::QuoteQuotaHourly
        }
        c if c.unsigned_abs() == protocol::CONVERT_DAILY_QUOTE_QUOTA.code.unsigned_abs() => {
            Refusal::QuoteQuotaDaily
        }
        _ => Refusal::Other,
    }
}

/// What a Binance code and message mean: -2010 is shared by several refusals, told apart
/// by the message (Binance spot REST docs (new order / query order)).
pub fn refusal_of_msg(code: i64, msg: &str) -> Refusal {
    if code == protocol::DUPLICATE_ORDER.code && msg == protocol::DUPLICATE_ORDER.msg {
        return Refusal::DuplicateOrder;
    }
    refusal_of(code)
}

/// A 4xx answer other than 429/418.
pub fn classify_client_error(status: StatusCode, body: &[u8], safety: Safety) -> ExchangeError {
    match serde_json::from_slice::<ApiErrorBody>(body) {
        Ok(e) if safety == Safety::Money && EXECUTION_UNKNOWN_CODES.contains(&e.code) => {
            ExchangeError::OutcomeUnknown(format!("Binance code {}", e.code).into())
        }
        Ok(e) if is_auth_code(e.code) || status == StatusCode::UNAUTHORIZED => {
            ExchangeError::Unauthorized {
                code: e.code.to_string(),
                msg: e.msg,
                reason: refusal_of(e.code),
            }
        }
        Ok(e) => ExchangeError::Rejected {
            code: e.code.to_string(),
            reason: refusal_of_msg(e.code, &e.msg),
            msg: e.msg,
        },
        Err(_) if status == StatusCode::UNAUTHORIZED => ExchangeError::Unauthorized {
            code: NO_CODE.to_owned(),
            msg: "HTTP 401 without a Binance error body".to_owned(),
            reason: Refusal::Other,
        },
        // A 4xx without Binance's `{code,msg}` did not come from Binance's API (a WAF 403, a
        // proxy): for a money POST we cannot prove it was not executed.
        Err(_) => match safety {
            Safety::Money => ExchangeError::OutcomeUnknown(
                format!("HTTP {} without a Binance error body", status.as_u16()).into(),
            ),
            Safety::Read => ExchangeError::Unavailable(
                format!("HTTP {} without a Binance error body", status.as_u16()).into(),
            ),
        },
    }
}

/// The error and its causes, with the URL (which holds the signature) removed.
pub fn transport_message(err: reqwest::Error) -> String {
    let err = err.without_url();
    let kind = transport_kind(&err);
    let mut msg = format!("{kind}: {err}");
    let mut source = err.source();
    while let Some(cause) = source {
        msg.push_str(": ");
        msg.push_str(&cause.to_string());
        source = cause.source();
    }
    msg
}

/// `RateLimited` from a 429/418 and its `Retry-After` (seconds, binance.md §2). A missing or
/// unreadable header falls back to one minute for 429 and the first ban step for 418.
pub fn rate_limited(status: StatusCode, retry_after: Option<&str>) -> ExchangeError {
    let banned = status == StatusCode::IM_A_TEAPOT;
    let fallback = if banned {
        assumptions::API_BAN_DURATION
    } else {
        Duration::from_secs(60)
    };
    let retry_after = retry_after
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(fallback);
    ExchangeError::RateLimited {
        retry_after,
        banned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: i64, msg: &str) -> Vec<u8> {
        serde_json::json!({"code": code, "msg": msg})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn key_errors_are_unauthorized_with_their_code() {
        for code in [-2014, -2015, -2008, -1002, -1022] {
            let e = classify_client_error(StatusCode::BAD_REQUEST, &body(code, "x"), Safety::Read);
            assert!(
                matches!(&e, ExchangeError::Unauthorized { code: c, .. } if *c == code.to_string()),
                "{e:?}"
            );
        }
    }

    #[test]
    fn other_coded_4xx_are_rejections_even_for_money() {
        let e = classify_client_error(
            StatusCode::BAD_REQUEST,
            &body(-5006, "Only transfer once in 24 hours."),
            Safety::Money,
        );
        assert_eq!(
            e,
            ExchangeError::Rejected {
                code: "-5006".into(),
                msg: "Only transfer once in 24 hours.".into(),
                reason: Refusal::DustCooldown,
            }
        );
    }

    #[test]
    fn an_uncoded_4xx_on_a_money_post_is_an_unknown_outcome() {
        let e = classify_client_error(
            StatusCode::BAD_REQUEST,
            br#"{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}"#,
            Safety::Money,
        );
        assert!(matches!(e, ExchangeError::OutcomeUnknown(_)), "{e:?}");
        let e = classify_client_error(
            StatusCode::BAD_REQUEST,
            br#"{"code":-1007,"msg":"Timeout"}"#,
            Safety::Read,
        );
        assert!(
            matches!(&e, ExchangeError::Rejected { code, .. } if code == "-1007"),
            "{e:?}"
        );
        let e = classify_client_error(StatusCode::FORBIDDEN, b"<html>", Safety::Money);
        assert!(matches!(e, ExchangeError::OutcomeUnknown(_)));
        let e = classify_client_error(StatusCode::FORBIDDEN, b"<html>", Safety::Read);
        assert!(matches!(e, ExchangeError::Unavailable(_)));
    }

    #[test]
    fn convert_quote_quotas_are_classified_whatever_the_sign() {
        for (code, want) in [
            (345_103, Refusal::QuoteQuotaHourly),
            (-345_103, Refusal::QuoteQuotaHourly),
            (345_239, Refusal::QuoteQuotaDaily),
            (-345_239, Refusal::QuoteQuotaDaily),
            (345_104, Refusal::Other),
            (i64::MIN, Refusal::Other),
        ] {
            let e = classify_client_error(StatusCode::BAD_REQUEST, &body(code, "x"), Safety::Money);
            assert!(
                matches!(&e, ExchangeError::Rejected { code: c, reason, .. } if *c == code.to_string() && *reason == want),
                "{code}: {e:?}"
            );
        }
    }

    #[test]
    fn server_errors_depend_on_safety() {
        let s = StatusCode::BAD_GATEWAY;
        assert!(matches!(
            classify_server_error(s, Safety::Money),
            ExchangeError::OutcomeUnknown(_)
        ));
        assert!(matches!(
            classify_server_error(s, Safety::Read),
            ExchangeError::Unavailable(_)
        ));
    }

    #[test]
    fn retry_after_is_read_in_seconds_with_a_fallback() {
        assert_eq!(
            rate_limited(StatusCode::TOO_MANY_REQUESTS, Some("7")),
            ExchangeError::RateLimited {
                retry_after: Duration::from_secs(7),
                banned: false
            }
        );
        assert_eq!(
            rate_limited(StatusCode::IM_A_TEAPOT, None),
            ExchangeError::RateLimited {
                retry_after: assumptions::API_BAN_DURATION,
                banned: true
            }
        );
    }
}
