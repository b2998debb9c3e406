//! The words and screens of a Spot Convert quote: rate, amount out, spread against the
//! spot price, seconds left, and plain words for the exchange's refusals.

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::ports::ExchangeError;
use crate::ports::Refusal;
use crate::service::format::{amount, rate};
use crate::service::model::exchange_error_text;
use crate::service::operations::swap::{
    ACCEPT_MARGIN, QUOTE_VALIDITY_SECS, SwapParams, SwapResult,
};
use crate::service::reply::{Message, Text};
use crate::service::view::confirm_buttons;

/// The spread of `ratio` below the spot ratio, in percent (2 decimals).
pub fn spread_percent(ratio: Decimal, spot: Decimal) -> Option<Decimal> {
    let r = Decimal::ONE
        .checked_sub(ratio.checked_div(spot)?)?
        .checked_mul(Decimal::ONE_HUNDRED)?;
    Some(r.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// Plain words for an exchange refusal around a quote: -1002 means the account has no
/// Convert API access (binance.md §4); 345103 / 345239 are the hourly / daily quote quotas.
pub(crate) fn quote_error_text(e: &ExchangeError) -> Text {
    match e {
        ExchangeError::Unauthorized {
            reason: Refusal::NoConvertAccess,
            ..
        } => Text::new("swap-no-convert-access"),
        ExchangeError::Rejected {
            reason: Refusal::AmountOutOfRange,
            ..
        } => Text::new("swap-amount-out-of-range"),
        ExchangeError::Rejected {
            reason: Refusal::QuoteQuotaHourly,
            ..
        } => Text::new("swap-quote-quota-hourly"),
        ExchangeError::Rejected {
            reason: Refusal::QuoteQuotaDaily,
            ..
        } => Text::new("swap-quote-quota-daily"),
        _ => exchange_error_text(e),
    }
}

/// Whole seconds a fresh quote leaves for the press: validity minus the accept margin,
/// rounded down.
pub(crate) fn accept_window_secs() -> i64 {
    let margin_ms = i64::try_from(ACCEPT_MARGIN.as_millis()).unwrap_or(i64::MAX);
    ((QUOTE_VALIDITY_SECS * 1000).saturating_sub(margin_ms) / 1000).max(0)
}

/// Whole seconds left for the press by the exchange's clock: `valid_until` minus the
/// server's now and the accept margin, rounded down (the same test the accept makes);
/// the fixed window when the server's time is unknown.
pub fn seconds_left(valid_until: DateTime<Utc>, server_now: Option<DateTime<Utc>>) -> i64 {
    let Some(now) = server_now else {
        return accept_window_secs();
    };
    let margin = chrono::Duration::from_std(ACCEPT_MARGIN).unwrap_or_default();
    ((valid_until - now - margin).num_milliseconds() / 1000).max(0)
}

/// The lines describing one quote: rate, amount out, spread against spot, seconds left.
pub(crate) fn quote_lines(p: &SwapParams) -> Vec<Text> {
    let mut out = vec![
        Text::new("swap-confirm-line")
            .arg("from", &p.from)
            .arg("to", &p.to)
            .arg("from_amount", amount(p.from_amount))
            .arg("to_amount", amount(p.to_amount))
            .arg("ratio", rate(p.ratio)),
    ];
    if let Some(spread) = p.spot_ratio.and_then(|s| spread_percent(p.ratio, s)) {
        out.push(
            Text::new("swap-confirm-spread")
                .arg("spot", rate(p.spot_ratio.unwrap_or_default()))
                .arg("spread", spread),
        );
    }
    out
}

pub(crate) fn swap_confirm_message(id: &str, p: &SwapParams, seconds: i64) -> Message {
    let mut blocks = vec![Text::new("swap-confirm-title")];
    blocks.extend(quote_lines(p));
    blocks.push(Text::new("swap-confirm-expiry").int("seconds", seconds));
    Message {
        blocks,
        buttons: confirm_buttons(id),
    }
}

/// A swap done: what went in, what came out, and the exchange's order id.
pub(crate) fn swap_done_text(p: &SwapParams, r: &SwapResult) -> Text {
    Text::new("swap-done")
        .arg("from", &p.from)
        .arg("to", &p.to)
        .arg("from_amount", amount(r.from_amount))
        .arg("to_amount", amount(r.to_amount))
        .arg("order_id", &r.order_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_left_follow_the_server_clock_and_never_go_negative() {
        let now = DateTime::parse_from_rfc3339("2026-11-24T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let until = now + chrono::Duration::seconds(60);
        assert_eq!(seconds_left(until, Some(now)), 57);
        let later = now + chrono::Duration::milliseconds(20_400);
        assert_eq!(seconds_left(until, Some(later)), 37);
        assert_eq!(seconds_left(until, Some(until)), 0);
        assert_eq!(seconds_left(until, None), accept_window_secs());
    }
}
