//! The parameters and result of a Spot Convert swap, as stored.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// [`QUOTE_VALIDITY`] in seconds.
pub const QUOTE_VALIDITY_SECS: i64 = 60;

/// Accept only while `server now + ACCEPT_MARGIN < validTimestamp`: the accept's round trip
/// at p99 (about 1.5 s with signing and a slow link) plus 1 s of clock uncertainty.
pub const ACCEPT_MARGIN: Duration = Duration::from_millis(2500);

/// A swap as shown on its confirm screen: the quote the user saw and may accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwapParams {
    /// Asset given.
    pub from: String,
    /// Asset received.
    pub to: String,
    /// Amount given.
    #[serde(with = "rust_decimal::serde::str")]
    pub from_amount: Decimal,
    /// Amount received.
    #[serde(with = "rust_decimal::serde::str")]
    pub to_amount: Decimal,
    /// to per from.
    #[serde(with = "rust_decimal::serde::str")]
    pub ratio: Decimal,
    /// to per from at the spot price, when known.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub spot_ratio: Option<Decimal>,
    /// The quote's id.
    pub quote_id: String,
    /// The quote's expiry (exchange time).
    pub valid_until: DateTime<Utc>,
    /// Whether an expired quote may be re-quoted for a new confirm (not inside a plan).
    pub requote: bool,
}

/// What a finished swap reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwapResult {
    /// The exchange's order id (digits as sent, never a float).
    pub order_id: String,
    /// Amount given.
    #[serde(with = "rust_decimal::serde::str")]
    pub from_amount: Decimal,
    /// Amount received.
    #[serde(with = "rust_decimal::serde::str")]
    pub to_amount: Decimal,
}

/// What a `/swap` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwapAmount {
    /// The whole free balance.
    All,
    /// This much.
    Exactly(Decimal),
}
