//! Classifies what came back from Bybit into [`ExchangeError`], by what the caller must do
//! (bybit.md §1–§3): the envelope's `retCode` whatever the HTTP status, 403 as the IP ban,
//! 429 and 10006 by the rate-limit headers, 5XX and 10016 as "unknown" for money calls.

use std::time::Duration;

use reqwest::StatusCode;

use super::{assumptions, protocol};
use crate::ports::{ExchangeError, Refusal};

pub use crate::exchange_http::{
    Safety, classify_bad_body, classify_server_error, classify_transport,
};

/// Whether the port's string `code` is Bybit's `want`.
pub fn is_code(code: &str, want: i64) -> bool {
    code.trim().parse::<i64>().is_ok_and(|c| c == want)
}

/// What a refused request means for dustpan.
fn refusal_of(code: i64) -> Refusal {
    match code {
        c if c == assumptions::EXPIRED_QUOTE_CODE => Refusal::QuoteExpired,
        c if c == protocol::CONVERT_LOW_AMOUNT.code || c == protocol::CONVERT_LARGE_AMOUNT.code => {
            Refusal::AmountOutOfRange
        }
        c if c == protocol::DUPLICATE_CLIENT_ORDER_ID.code
            || c == protocol::ORDER_LINK_ID_DUPLICATE.code =>
        {
            Refusal::DuplicateOrder
        }
        _ => Refusal::Other,
    }
}

/// The wait the rate-limit headers ask for: until `X-Bapi-Limit-Reset-Timestamp` (ms),
/// else one window.
pub fn wait_until_reset(reset_ms: Option<i64>, now_ms: i64) -> Duration {
    let left = reset_ms.map_or(protocol::UID_WINDOW_MS, |r| r - now_ms);
    Duration::from_millis(left.clamp(1, protocol::IP_BAN_MS).unsigned_abs())
}

/// An envelope with `retCode != 0`.
pub fn classify_ret_code(
    code: i64,
    msg: String,
    safety: Safety,
    reset_ms: Option<i64>,
    now_ms: i64,
) -> ExchangeError {
    if protocol::AUTH_CODES.contains(&code) {
        return ExchangeError::Unauthorized {
            code: code.to_string(),
            msg,
            reason: Refusal::Other,
        };
    }
    if protocol::RATE_LIMIT_CODES.contains(&code) {
        return ExchangeError::RateLimited {
            retry_after: wait_until_reset(reset_ms, now_ms),
            banned: false,
        };
    }
    if protocol::SERVER_CODES.contains(&code) {
        return safety.ambiguous(format!("Bybit answered {code}: {msg}"));
    }
    ExchangeError::Rejected {
        reason: refusal_of(code),
        code: code.to_string(),
        msg,
    }
}

/// A non-2xx answer without a readable envelope: 403 is the IP ban (bybit.md §2), 429 the
/// system's frequency protection, 401 a key problem; anything else, for a money POST, may
/// have been applied.
pub fn classify_status(status: StatusCode, safety: Safety) -> ExchangeError {
    match status.as_u16() {
        403 => ExchangeError::RateLimited {
            retry_after: Duration::from_millis(protocol::IP_BAN_MS.unsigned_abs()),
            banned: true,
        },
        429 => ExchangeError::RateLimited {
            retry_after: Duration::from_millis(protocol::UID_WINDOW_MS.unsigned_abs()),
            banned: false,
        },
        401 => ExchangeError::Unauthorized {
            code: "401".to_owned(),
            msg: "Bybit refused the request's authentication".to_owned(),
            reason: Refusal::Other,
        },
        _ if status.is_server_error() => classify_server_error(status, safety),
        s => safety.ambiguous(format!("HTTP {s} without a Bybit envelope")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_codes_mean_fix_the_key_and_server_codes_leave_a_money_call_unknown() {
        let e = classify_ret_code(10004, "Error sign".into(), Safety::Read, None, 0);
        assert!(matches!(e, ExchangeError::Unauthorized { ref code, .. } if code == "10004"));
        let e = classify_ret_code(10016, "Server error.".into(), Safety::Money, None, 0);
        assert!(matches!(e, ExchangeError::OutcomeUnknown(_)));
        let e = classify_ret_code(10016, "Server error.".into(), Safety::Read, None, 0);
        assert!(matches!(e, ExchangeError::Unavailable(_)));
        let e = classify_ret_code(700008, "time out".into(), Safety::Money, None, 0);
        assert!(matches!(
            e,
            ExchangeError::Rejected {
                reason: Refusal::QuoteExpired,
                ..
            }
        ));
    }

    #[test]
    fn a_rate_limit_waits_until_the_reset_header_and_a_403_is_the_ten_minute_ban() {
        let e = classify_ret_code(
            10006,
            "Too many visits!".into(),
            Safety::Read,
            Some(1_700),
            1_000,
        );
        assert_eq!(
            e,
            ExchangeError::RateLimited {
                retry_after: Duration::from_millis(700),
                banned: false
            }
        );
        let e = classify_status(StatusCode::FORBIDDEN, Safety::Money);
        assert_eq!(
            e,
            ExchangeError::RateLimited {
                retry_after: Duration::from_secs(600),
                banned: true
            }
        );
        let e = classify_status(StatusCode::BAD_GATEWAY, Safety::Money);
        assert!(matches!(e, ExchangeError::OutcomeUnknown(_)));
    }
}
