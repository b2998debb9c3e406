//! The words and screens of a Spot Convert quote: rate, amount out, spread against the
//! spot price, seconds left, and plain words for the exchange's refusals.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::ports::ExchangeError;
use crate::ports::Refusal;
use crate::service::convert::ButtonAction;
use crate::service::exchange_error_text;
use crate::service::format::{amount, rate};
use crate::service::reply::{Button, Message, Text};
use crate::service::swap::{ACCEPT_MARGIN, QUOTE_VALIDITY_SECS, SwapParams};

/// The spread of `ratio` below the spot ratio, in percent (2 decimals).
pub fn spread_percent(ratio: Decimal, spot: Decimal) -> Option<Decimal> {
    let r = (Decimal::ONE - ratio.checked_div(spot)?) * Decimal::ONE_HUNDRED;
    Some(r.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// Plain words for an exchange refusal around a quote: -1002 means the account has no
/// Convert API access (binance.md §4).
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
        _ => exchange_error_text(e),
    }
}

/// Whole seconds a fresh quote leaves for the press: validity minus the accept margin,
/// rounded down.
pub(crate) fn accept_window_secs() -> i64 {
    let margin_ms = i64::try_from(ACCEPT_MARGIN.as_millis()).unwrap_or(i64::MAX);
    ((QUOTE_VALIDITY_SECS * 1000).saturating_sub(margin_ms) / 1000).max(0)
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

pub(crate) fn swap_confirm_message(id: &str, p: &SwapParams) -> Message {
    let mut blocks = vec![Text::new("swap-confirm-title")];
    blocks.extend(quote_lines(p));
    blocks.push(Text::new("swap-confirm-expiry").int("seconds", accept_window_secs()));
    Message {
        blocks,
        buttons: vec![vec![
            Button {
                label: Text::new("button-confirm"),
                token: ButtonAction::Confirm(id.to_owned()).token(),
            },
            Button {
                label: Text::new("button-cancel"),
                token: ButtonAction::Cancel(id.to_owned()).token(),
            },
        ]],
    }
}
